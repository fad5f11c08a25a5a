"""Float sequence-form Lemke on Python lists against the numpy route, pygambit and the tree's certificate.

Small trees pivot a dictionary built straight from the tree's structure
(gametheory.solvers._sequence_lemke), in floats or in integers; larger ones
run the numpy tableau of gametheory.solvers.sequence_form. Both follow the
same Lemke path (same starting plans, covering vector and lexicographic
rule), so on every tree they take the same number of pivots and end at the
same realization plans (exactly in exact mode, up to rounding in float
mode); every result carries a certificate computed on the tree, and
pygambit's own regret agrees.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory.solvers.sequence_form as sequence_module
from gametheory.games.extensive import build_tree, chance, decision, outcome_distribution, terminal
from gametheory.games.extensive.conversions import chance_weights
from gametheory.solvers._sequence_lemke import SMALL_SEQUENCES, sequence_structure
from gametheory.solvers.sequence_form import (
    _solve_lemke,
    behavior_to_realization,
    sequence_form,
    sequence_form_enumeration,
    sequence_form_lemke,
)
from tree_helpers import gambit_profile, random_tree, to_gambit

gbt = pytest.importorskip("pygambit")


def _routes(tree, start=None):
    lists = _solve_lemke(tree, False, None, start, "lists")
    arrays = _solve_lemke(tree, False, None, start, "arrays")
    return lists, arrays


def _plans(tree, flat):
    form = sequence_form(tree, exact=False)
    x, y = behavior_to_realization(form, np.asarray(flat, dtype=float))
    return np.asarray(x, float), np.asarray(y, float)


def _assert_same_equilibrium(tree, lists, arrays):
    """Same pivots, same realization plans, payoffs and path (up to rounding), both certified on the tree."""
    assert lists.notes == arrays.notes  # "<k> complementary pivots"
    a, b = lists[0], arrays[0]
    for e in (a, b):
        assert not e.is_exact and e.tree is tree
        assert max(e.regrets) <= e.tol
        assert all(r >= 0 for r in e.regrets)
    for mine, theirs in zip(_plans(tree, a.behavior), _plans(tree, b.behavior)):
        assert np.allclose(mine, theirs, atol=1e-9)
    assert np.allclose(a.payoffs, b.payoffs, atol=1e-9)
    assert np.allclose(a.path, b.path, atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), depth=st.integers(1, 4), payoff_range=st.sampled_from([0, 1, 2, 20]),
       chance_rate=st.sampled_from([0.0, 0.25, 0.6]), observe_rate=st.sampled_from([0.0, 0.5, 1.0]))
def test_list_route_follows_the_numpy_route(seed, depth, payoff_range, chance_rate, observe_rate):
    """Perfect and imperfect information, chance nodes, and degenerate payoffs (range 0 and 1: ties everywhere)."""
    tree = random_tree(np.random.default_rng(seed), depth=depth, payoff_range=payoff_range,
                       chance_rate=chance_rate, observe_rate=observe_rate)
    _assert_same_equilibrium(tree, *_routes(tree))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), data=st.data())
def test_list_route_follows_the_numpy_route_from_other_starts(seed, data):
    tree = random_tree(np.random.default_rng(seed), depth=3, payoff_range=2)
    start = tuple([data.draw(st.integers(0, len(tree.infoset_actions[h]) - 1)) for h in tree.player_infosets(i)]
                  for i in range(2))
    _assert_same_equilibrium(tree, *_routes(tree, start))


def test_float_trees_and_exact_trees_give_the_same_float_equilibrium():
    """Float mode reads an exact tree's numbers as floats, the numbers of its float copy, without copying it."""
    rng = np.random.default_rng(3)
    for _ in range(20):
        tree = random_tree(rng, depth=3)
        on_exact = sequence_form_lemke(tree, exact=False)
        on_float = sequence_form_lemke(tree.as_float())
        assert on_exact.tree is tree and on_exact[0].tree is tree and not on_exact.exact
        assert on_float[0].tree.mode == "float"
        assert on_exact[0].behavior.tolist() == on_float[0].behavior.tolist()
        assert on_exact[0].payoffs == on_float[0].payoffs and on_exact.notes == on_float.notes


def test_default_route_is_lists_for_small_trees_only(monkeypatch):
    calls = []
    for name in ("float_lemke", "exact_lemke"):
        real = getattr(sequence_module, name)

        def spy(tree, *args, real=real, name=name):
            calls.append(name)
            return real(tree, *args)

        monkeypatch.setattr(sequence_module, name, spy)
    tree = random_tree(np.random.default_rng(1), depth=3)
    assert int(tree.action_offsets[-1]) + 2 <= SMALL_SEQUENCES
    sequence_form_lemke(tree, exact=False)
    sequence_form_lemke(tree)
    assert calls == ["float_lemke", "exact_lemke"]
    monkeypatch.setattr(sequence_module, "SMALL_SEQUENCES", 2)
    monkeypatch.setattr(sequence_module, "SMALL_SEQUENCES_EXACT", 2)
    lists_result = _solve_lemke(tree, True, None, None, "lists")
    arrays_result = sequence_form_lemke(tree)  # now above both thresholds: the numpy route
    assert calls == ["float_lemke", "exact_lemke", "exact_lemke"]
    assert lists_result[0].behavior.tolist() == arrays_result[0].behavior.tolist()


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), depth=st.integers(1, 4), payoff_range=st.sampled_from([0, 1, 2, 20]),
       chance_rate=st.sampled_from([0.0, 0.25, 0.6]))
def test_exact_list_route_is_the_numpy_route_exactly(seed, depth, payoff_range, chance_rate):
    """Exact arithmetic on both routes: the same pivots and the very same behaviour, with zero regret."""
    tree = random_tree(np.random.default_rng(seed), depth=depth, payoff_range=payoff_range, chance_rate=chance_rate)
    lists = _solve_lemke(tree, True, None, None, "lists")
    arrays = _solve_lemke(tree, True, None, None, "arrays")
    assert lists.notes == arrays.notes and lists.exact and arrays.exact
    assert lists[0].behavior.tolist() == arrays[0].behavior.tolist()
    assert lists[0].regrets == (0, 0) and lists[0].payoffs == arrays[0].payoffs


def test_degenerate_textbook_tree():
    """Every payoff tied: each pure profile is an equilibrium; the lexicographic rule must still end."""
    tree = build_tree(decision("A", {
        "L": decision("B", {"l": terminal(0, 0), "r": terminal(0, 0)}, infoset="b"),
        "R": decision("B", {"l": terminal(0, 0), "r": terminal(0, 0)}, infoset="b")}))
    lists, arrays = _routes(tree)
    _assert_same_equilibrium(tree, lists, arrays)
    assert lists.notes == ("0 complementary pivots",)
    assert lists[0].behavior.tolist() == [1.0, 0.0, 1.0, 0.0]


def test_poker_mixed_equilibrium_on_lists():
    tree = build_tree(chance({
        "High": ("1/2", decision("A", {"Raise": decision("B", {"Call": terminal(2, -2), "Fold": terminal(1, -1)},
                                                          infoset="b"),
                                       "Check": terminal(1, -1)}, infoset="high")),
        "Low": ("1/2", decision("A", {"Raise": decision("B", {"Call": terminal(-2, 2), "Fold": terminal(1, -1)},
                                                         infoset="b"),
                                      "Check": terminal(-1, 1)}, infoset="low"))}))
    lists, arrays = _routes(tree)
    _assert_same_equilibrium(tree, lists, arrays)
    e = lists[0]
    assert np.allclose(e.behavior, [1, 0, 1 / 3, 2 / 3, 2 / 3, 1 / 3])
    assert np.allclose(e.payoffs, (1 / 3, -1 / 3))


@pytest.mark.parametrize("seed", range(10))
def test_list_route_equilibria_pass_pygambits_regret_and_are_extreme_equilibria(seed):
    """pygambit's own regret of our float equilibrium is ~0 and its payoffs are ours; the equilibrium is one of
    the extreme equilibria that exact enumeration lists on small trees (among which pygambit's lcp_solve
    results also lie, see test_sequence_form), unless the tree has a continuum."""
    rng = np.random.default_rng(100 + seed)
    tree = random_tree(rng, depth=2 + seed % 2, payoff_range=[2, 20][seed % 2])
    game = to_gambit(tree)
    e = sequence_form_lemke(tree, exact=False)[0]
    assert max(e.regrets) <= e.tol
    profile = gambit_profile(game, tree, e.behavior, rational=False)
    assert profile.max_regret() <= 1e-9
    assert np.allclose([profile.payoff(p) for p in game.players], e.payoffs, atol=1e-9)
    assert all(p.max_regret() <= 1e-7 for p in gbt.nash.lcp_solve(game, rational=False).equilibria)
    assert np.allclose(outcome_distribution(tree, e.behavior).astype(float), e.path, atol=1e-12)
    if sum(sequence_form(tree).sizes) > 12:
        return  # vertex enumeration is for small trees
    enumerated = sequence_form_enumeration(tree)
    x, y = _plans(tree, e.behavior)
    found = any(np.allclose(x, xs, atol=1e-9) and np.allclose(y, ys, atol=1e-9)
                for xs, ys in (_plans(tree, other.behavior) for other in enumerated))
    assert found or enumerated.continuum


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6), depth=st.integers(1, 4))
def test_structure_lists_give_the_numpy_sequence_form(seed, depth):
    """The sequence form of small trees (read from the structure lists) equals the numpy one of large trees."""
    tree = random_tree(np.random.default_rng(seed), depth=depth, chance_rate=0.4)
    small = sequence_form(tree)
    saved = sequence_module._SMALL_TREE
    sequence_module._SMALL_TREE = -1
    try:
        large = sequence_form(tree)
    finally:
        sequence_module._SMALL_TREE = saved
    for name in ("sequences", "infosets"):
        assert getattr(small, name) == getattr(large, name)
    for name in ("A", "B", "E", "F", "e", "f"):
        assert getattr(small, name).tolist() == getattr(large, name).tolist()
    assert [p.tolist() for p in small.parent] == [p.tolist() for p in large.parent]
    st_lists = sequence_structure(tree)
    assert st_lists["sizes"] == small.sizes
    assert st_lists["parent"] == [p.tolist() for p in small.parent]


def test_chance_weights_float_of_an_exact_tree_are_those_of_its_float_copy():
    rng = np.random.default_rng(8)
    for _ in range(10):
        tree = random_tree(rng, depth=4, chance_rate=0.6)
        weights = chance_weights(tree, exact=False)
        assert weights.dtype == float and not weights.flags.writeable
        assert weights.tolist() == chance_weights(tree.as_float()).tolist()
        assert chance_weights(tree, exact=False) is weights  # cached on the tree
    with pytest.raises(ValueError, match="exact chance weights need an exact tree"):
        chance_weights(tree.as_float(), exact=True)


def test_start_is_checked_on_the_list_route():
    tree = random_tree(np.random.default_rng(2), depth=3)
    sets = [len(tree.player_infosets(i)) for i in range(2)]
    with pytest.raises(ValueError, match="one action index per information set"):
        sequence_form_lemke(tree, exact=False, start=([0] * (sets[0] + 1), [0] * sets[1]))
    with pytest.raises(ValueError, match="out of range"):
        sequence_form_lemke(tree, exact=False, start=([9] * sets[0], [0] * sets[1]))


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), depth=st.integers(1, 5), payoff_range=st.sampled_from([0, 1, 20]),
       chance_rate=st.sampled_from([0.0, 0.25, 0.6]), observe_rate=st.sampled_from([0.0, 0.5, 1.0]))
def test_first_float_dictionary_is_the_prepared_one(seed, depth, payoff_range, chance_rate, observe_rate):
    """A tree's first float solve builds its dictionary in one pass: the very numbers the cached payoff-free
    part and the cost entries give (same rows, basis and columns), and the same equilibrium whichever way the
    tree is solved first (float, exact then float, float again)."""
    from gametheory.solvers._sequence_lemke import _costs, _dictionary, _first_float_start, _prepared

    tree = random_tree(np.random.default_rng(seed), depth=depth, payoff_range=payoff_range,
                       chance_rate=chance_rate, observe_rate=observe_rate)
    first = _first_float_start(tree.replace(title="first"))
    prep = _prepared(tree, (None, None))
    T, rhs = _dictionary(prep, _costs(tree, prep["structure"]))
    assert first["T"] == T and first["rhs"] == rhs  # floats compared exactly
    assert first["basis"] == prep["basis"] and first["columns"] == prep["columns"] and first["N"] == prep["N"]
    assert first["structure"]["sizes"] == prep["structure"]["sizes"]
    for key in ("sets", "parent", "count"):
        assert [list(x) for x in first["structure"][key]] == [list(x) for x in prep["structure"][key]]
    cold, again = tree.replace(title="cold"), tree.replace(title="exact first")
    results = [sequence_form_lemke(cold, exact=False), sequence_form_lemke(cold, exact=False)]
    sequence_form_lemke(again)
    results.append(sequence_form_lemke(again, exact=False))
    on_lists = sum(map(len, tree.infoset_actions)) + 2 <= SMALL_SEQUENCES  # larger trees take the numpy route
    assert ("sequence_lemke_float" in cold._cache) == on_lists and "sequence_lemke_float" not in again._cache
    for result in results:
        assert result.notes == results[0].notes
        assert result[0].behavior.tolist() == results[0][0].behavior.tolist()
        assert result[0].payoffs == results[0][0].payoffs and result[0].regrets == results[0][0].regrets
        assert max(result[0].regrets) <= result[0].tol


def test_first_float_solve_leaves_the_cached_dictionary_unpivoted():
    """Pivoting works on copies: the cached starting dictionary is the same before and after solves."""
    tree = build_tree(chance({
        "High": ("1/2", decision("A", {"Raise": decision("B", {"Call": terminal(2, -2), "Fold": terminal(1, -1)},
                                                          infoset="b"),
                                       "Check": terminal(1, -1)}, infoset="high")),
        "Low": ("1/2", decision("A", {"Raise": decision("B", {"Call": terminal(-2, 2), "Fold": terminal(1, -1)},
                                                         infoset="b"),
                                      "Check": terminal(-1, 1)}, infoset="low"))}))
    first = sequence_form_lemke(tree, exact=False)
    cached = tree._cache["sequence_lemke_float"]
    snapshot = ([list(row) for row in cached["T"]], list(cached["rhs"]), list(cached["basis"]),
                list(cached["columns"]))
    second = sequence_form_lemke(tree, exact=False)
    assert (cached["T"], cached["rhs"], cached["basis"], cached["columns"]) == snapshot
    assert first.notes == second.notes and first.notes != ("0 complementary pivots",)
    assert first[0].behavior.tolist() == second[0].behavior.tolist()
    assert np.allclose(first[0].behavior, [1, 0, 1 / 3, 2 / 3, 2 / 3, 1 / 3])


@pytest.mark.parametrize("start", [None, ([0, 1], [0, 0])])
def test_information_sets_with_one_action(start):
    """A move without alternative (its set's only action) adds no unchosen move; the last sequence of the
    second player can be one."""
    tree = build_tree(decision("A", {
        "L": decision("B", {"l": terminal(3, 1), "r": terminal(0, 2)}, infoset="b"),
        "R": decision("A", {"x": terminal(1, 0), "y": decision("B", {"only": terminal(2, 2)}, infoset="c")},
                      infoset="a2")}))
    lists, arrays = _routes(tree, start)
    _assert_same_equilibrium(tree, lists, arrays)
    exact_lists = _solve_lemke(tree, True, None, start, "lists")
    exact_arrays = _solve_lemke(tree, True, None, start, "arrays")
    assert exact_lists[0].behavior.tolist() == exact_arrays[0].behavior.tolist()
    assert exact_lists.notes == exact_arrays.notes


def _dense_pivots(T, rhs, basis, columns, N, tol):
    """Lemke's pivots on a dictionary, written plainly: every row updated in full, position tables kept.

    The reference for :func:`_complementary_pivots` (same covering start and lexicographic rule, see its
    docstring); returns the number of pivots and leaves the dictionary at the final basis.
    """
    slack_rows = [i for i, var in enumerate(basis) if var >= N]
    low = min([rhs[i] for i in slack_rows], default=0.0)
    if low >= -tol:
        return 0
    z0 = 2 * N

    def lexmin(candidates, column):
        ratios = [rhs[i] / (1.0 if column is None else column[i]) for i in candidates]
        candidates = [i for i, q in zip(candidates, ratios) if q <= min(ratios) + tol]
        for var in list(start_basis):
            if len(candidates) == 1:
                break
            if var in basis:  # a basic variable's column is a unit vector
                i = basis.index(var)
                if i in candidates and (1.0 if column is None else 1.0 / column[i]) > tol:
                    candidates.remove(i)
                continue
            j = columns.index(var)
            ratios = [T[i][j] / (1.0 if column is None else column[i]) for i in candidates]
            candidates = [i for i, q in zip(candidates, ratios) if q <= min(ratios) + tol]
        assert len(candidates) == 1
        return candidates[0]

    start_basis = list(basis)
    c = columns.index(z0)
    column = [row[c] for row in T]
    r = lexmin([i for i in slack_rows if rhs[i] <= low + tol], None)
    pivots = 0
    while True:
        a = column[r]
        new = [value / a for value in T[r]]
        new[c] = 1.0 / a
        T[r] = new
        rhs[r] /= a
        for i, f in enumerate(column):
            if i == r or not f:
                continue
            if abs(f) > tol:
                T[i] = [u - f * v for u, v in zip(T[i], new)]
                T[i][c] = 0.0 - f * new[c]
                rhs[i] -= f * rhs[r]
            else:
                T[i][c] = 0.0
        leaving = basis[r]
        basis[r], columns[c] = columns[c], leaving
        pivots += 1
        if leaving == z0:
            return pivots
        c = columns.index(leaving + N if leaving < N else leaving - N)
        column = [row[c] for row in T]
        r = lexmin([i for i, f in enumerate(column) if f > tol], column)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), depth=st.integers(1, 5), payoff_range=st.sampled_from([0, 1, 2, 20]),
       chance_rate=st.sampled_from([0.0, 0.25, 0.6]))
def test_sparse_pivots_are_the_plain_dense_pivots(seed, depth, payoff_range, chance_rate):
    """The pivots divide the pivot row at its non-zeros and update sparse rows in place, and find columns by
    scanning: the same pivots, basis and (bit for bit) right-hand sides as every row updated in full."""
    from gametheory.numerics import scaled_tolerance
    from gametheory.solvers._sequence_lemke import _complementary_pivots, _first_float_start

    tree = random_tree(np.random.default_rng(seed), depth=depth, payoff_range=payoff_range, chance_rate=chance_rate)
    begin = _first_float_start(tree)
    tol = scaled_tolerance(None, 1.0)
    runs = []
    for pivot in (_complementary_pivots, _dense_pivots):
        T, rhs = [list(row) for row in begin["T"]], list(begin["rhs"])
        basis, columns = list(begin["basis"]), list(begin["columns"])
        args = (T, rhs, basis, columns, begin["N"], tol)
        slacks = sum(var >= begin["N"] for var in basis)  # the slack rows come first
        assert all(var >= begin["N"] for var in basis[:slacks])
        pivots = pivot(*args, 10**4, slacks) if pivot is _complementary_pivots else pivot(*args)
        runs.append((pivots, basis, columns, [repr(value + 0.0) for value in rhs], T))
    (pivots, basis, columns, rhs, T), (pivots_ref, basis_ref, columns_ref, rhs_ref, T_ref) = runs
    assert (pivots, basis, columns) == (pivots_ref, basis_ref, columns_ref)
    assert rhs == rhs_ref  # the same floats (a zero's sign aside, which never reaches a non-zero)
    assert T == T_ref


def test_pure_start_that_is_an_equilibrium_is_read_without_pivoting():
    """When the first action everywhere is already an equilibrium, no slack of the starting dictionary is
    negative: the cached dictionary is read as it is, cold or warm, and agrees with exact mode and numpy."""
    tree = build_tree(decision("A", {
        "Hold": decision("B", {"Stay": terminal(3, 3), "Leave": terminal(0, 1)}, infoset="b"),
        "Fold": terminal(1, 0)}))
    cold = sequence_form_lemke(tree, exact=False)
    cached = tree._cache["sequence_lemke_float"]
    warm = sequence_form_lemke(tree, exact=False)
    assert cold.notes == warm.notes == ("0 complementary pivots",)
    assert tree._cache["sequence_lemke_float"] is cached
    assert cold[0].behavior.tolist() == warm[0].behavior.tolist() == [1.0, 0.0, 1.0, 0.0]
    assert cold[0].payoffs == (3.0, 3.0) and cold[0].regrets == (0.0, 0.0)
    assert sequence_form_lemke(tree)[0].behavior.tolist() == [1, 0, 1, 0]
    _assert_same_equilibrium(tree, *_routes(tree))
