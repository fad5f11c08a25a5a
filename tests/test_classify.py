"""Tests for the 2x2 classifier (Robinson-Goforth topology, Rapoport-Guyer classes)."""

from __future__ import annotations

import itertools
from collections import Counter
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gametheory import NormalFormGame
from gametheory.analysis.classify import NAMED_PAIRS, TYPES, GameClass, classify, strict_ordinal_games

PERMUTATIONS = list(itertools.permutations((1, 2, 3, 4)))


def _game(row, column, *, exact=True):
    a = np.array(row, dtype=object if exact else float).reshape(2, 2)
    b = np.array(column, dtype=object if exact else float).reshape(2, 2)
    return NormalFormGame.from_bimatrix(a, b)


def _swap_rows(game):
    a, b = game.bimatrix()
    return NormalFormGame.from_bimatrix(a[::-1], b[::-1])


def _swap_columns(game):
    a, b = game.bimatrix()
    return NormalFormGame.from_bimatrix(a[:, ::-1], b[:, ::-1])


def _swap_players(game):
    a, b = game.bimatrix()
    return NormalFormGame.from_bimatrix(b.T, a.T)


def _orbit_key(row, column):
    """Independent canonical form: smallest labelled rank pair over row/column swaps."""
    a, b = np.array(row).reshape(2, 2), np.array(column).reshape(2, 2)
    forms = []
    for rows, cols in itertools.product(((0, 1), (1, 0)), repeat=2):
        forms.append((tuple(a[np.ix_(rows, cols)].ravel()), tuple(b[np.ix_(rows, cols)].ravel())))
    return min(forms)


def _pure_equilibria(game):
    masks = [game.pure_best_response_mask(i) for i in range(2)]
    return [cell for cell in itertools.product(range(2), range(2)) if masks[0][cell] and masks[1][cell]]


@pytest.fixture(scope="module")
def all_classes():
    games = strict_ordinal_games()
    return games, [classify(g) for g in games]


# ------------------------------------------------------------------ counts
def test_576_games_fall_into_144_classes_of_four(all_classes):
    games, classes = all_classes
    assert len(games) == 576
    counts = Counter(c.code for c in classes)
    assert len(counts) == 144
    assert set(counts.values()) == {4}  # each class is one orbit of the 4-element swap group
    assert sorted({c.index for c in classes}) == list(range(1, 145))
    assert len({(c.index, c.code) for c in classes}) == 144


def test_78_classes_up_to_player_swap_and_12_symmetric(all_classes):
    _, classes = all_classes
    assert len({c.pair_code for c in classes}) == 78
    assert sorted({c.pair_index for c in classes}) == list(range(1, 79))
    assert len({(c.pair_index, c.pair_code) for c in classes}) == 78
    symmetric = {c.code for c in classes if c.symmetric}
    assert len(symmetric) == 12
    assert symmetric == {f"{t.code}/{t.code}" for t in TYPES}
    assert 144 == 2 * 78 - len(symmetric)


def test_classes_equal_swap_orbits_computed_independently(all_classes):
    """The class partition is exactly the partition into row/column-swap orbits."""
    _, classes = all_classes
    orbit_of = {}
    for (row, column), c in zip(itertools.product(PERMUTATIONS, PERMUTATIONS), classes):
        orbit_of.setdefault(c.code, set()).add(_orbit_key(row, column))
    assert all(len(orbits) == 1 for orbits in orbit_of.values())
    assert len({next(iter(o)) for o in orbit_of.values()}) == 144


def test_player_swap_classes_are_orbits_of_the_full_group(all_classes):
    games, classes = all_classes
    by_code = {c.code: c for c in classes}
    for game, c in zip(games[::7], classes[::7]):
        swapped = classify(_swap_players(game))
        assert swapped.row_type == c.column_type and swapped.column_type == c.row_type
        assert swapped.pair_code == c.pair_code and swapped.pair_index == c.pair_index
        assert by_code[swapped.code].symmetric == (swapped.code == c.code)


# -------------------------------------------------------------- names
PD = ([[3, 0], [5, 1]], [[3, 5], [0, 1]])  # (R, S, T, P) = (3, 0, 5, 1)
CARDINAL = {
    "Prisoner's Dilemma": ((3, 0, 5, 1), "TRPS"),
    "Chicken": ((0, -1, 1, -10), "TRSP"),
    "Stag Hunt": ((4, 0, 3, 2), "RTPS"),
    "Deadlock": ((1, 0, 3, 2), "TPRS"),
    "Leader": ((2, 3, 4, 1), "TSRP"),
    "Hero": ((2, 4, 3, 1), "STRP"),
}


def _symmetric_game(r, s, t, p, *, exact=True):
    return _game([r, s, t, p], [r, t, s, p], exact=exact)


@pytest.mark.parametrize("name", sorted(CARDINAL))
@pytest.mark.parametrize("exact", [True, False])
def test_named_symmetric_games_under_every_relabelling(name, exact):
    (r, s, t, p), code = CARDINAL[name]
    game = _symmetric_game(r, s, t, p, exact=exact)
    relabellings = [
        game,
        _swap_rows(game),
        _swap_columns(game),
        _swap_players(game),
        _swap_rows(_swap_columns(game)),
        _swap_players(_swap_rows(game)),
    ]
    for variant in relabellings:
        c = classify(variant)
        assert c.strict and c.symmetric
        assert c.name == name
        assert c.code == f"{code}/{code}"


def test_prisoners_dilemma_from_the_canonical_cardinal_payoffs():
    # T, R, P, S = 5, 3, 1, 0 as in Axelrod's tournaments.
    c = classify(NormalFormGame.from_bimatrix(*PD))
    assert (c.name, c.row_type.name, c.column_type.name) == ("Prisoner's Dilemma",) * 3
    assert c.ranks == (((3, 1), (4, 2)), ((3, 4), (1, 2)))


def test_type_ranks_match_their_codes_and_equilibrium_structure():
    """Each type's payoff order gives the equilibrium pattern of its family."""
    expected = {
        "dilemma": ("one", "off"),
        "deadlock": ("one", None),
        "harmony": ("one", None),
        "coordination": ("two", "diagonal"),
        "anti-coordination": ("two", "off-diagonal"),
    }
    for game_type in TYPES:
        r, s, t, p = game_type.payoffs
        order = sorted(zip((r, s, t, p), "RSTP"), reverse=True)
        assert "".join(letter for _, letter in order) == game_type.code
        game = _symmetric_game(r, s, t, p)
        equilibria = _pure_equilibria(game)
        count, where = expected[game_type.family]
        assert len(equilibria) == (1 if count == "one" else 2), game_type
        if where == "diagonal":
            assert set(equilibria) == {(0, 0), (1, 1)}
        if where == "off-diagonal":
            assert set(equilibria) == {(0, 1), (1, 0)}
        if game_type.family == "dilemma":
            # The unique equilibrium is Pareto-dominated by mutual cooperation.
            (cell,) = equilibria
            assert cell == (1, 1) and r > p
        if game_type.family in ("deadlock", "harmony"):
            (cell,) = equilibria
            payoff = game.payoffs[0][cell]
            assert payoff >= max(r, p)  # no outcome on the diagonal beats the equilibrium
        assert classify(game).name == game_type.name


@pytest.mark.parametrize(
    "row_code, column_code, name",
    [("TRSP", "TRPS", "Called Bluff"), ("TRSP", "TPRS", "Bully"), ("TRPS", "TPRS", "Big Bully")],
)
def test_snyder_diesing_asymmetric_games(row_code, column_code, name):
    types = {t.code: t for t in TYPES}
    r1, s1, t1, p1 = types[row_code].payoffs
    r2, s2, t2, p2 = types[column_code].payoffs
    game = _game([r1, s1, t1, p1], [r2, t2, s2, p2])
    for variant in (game, _swap_players(game), _swap_rows(game), _swap_columns(_swap_players(game))):
        c = classify(variant)
        assert c.name == name and not c.symmetric
        assert {c.row_type.code, c.column_type.code} == {row_code, column_code}
    assert classify(game).code == f"{row_code}/{column_code}"
    assert classify(_swap_players(game)).code == f"{column_code}/{row_code}"


def test_names_never_given_to_unnamed_asymmetric_classes(all_classes):
    _, classes = all_classes
    for c in classes:
        if c.symmetric:
            assert c.name == c.row_type.name
        elif frozenset({c.row_type.code, c.column_type.code}) in NAMED_PAIRS:
            assert c.name in NAMED_PAIRS.values()
        else:
            assert c.name is None
            assert c.hybrid == f"{c.row_type.name} / {c.column_type.name}"


# ------------------------------------------------------------ properties
@st.composite
def strict_games_with_transforms(draw):
    row = draw(st.permutations([1, 2, 3, 4]))
    column = draw(st.permutations([1, 2, 3, 4]))
    # A strictly increasing map of the ranks 1..4, separately for each player.
    steps = [draw(st.lists(st.integers(1, 1000), min_size=4, max_size=4)) for _ in range(2)]
    offsets = [draw(st.integers(-500, 500)) for _ in range(2)]
    maps = [dict(zip((1, 2, 3, 4), itertools.accumulate(s, initial=o))) for s, o in zip(steps, offsets)]
    exact = draw(st.booleans())
    return row, column, maps, exact


@given(strict_games_with_transforms())
def test_class_invariant_under_relabelling_and_monotone_transformations(case):
    row, column, maps, exact = case
    base = _game(row, column)
    c = classify(base)
    if exact:
        scale = Fraction(1, 7)
        transformed = _game([maps[0][v] * scale for v in row], [maps[1][v] * scale for v in column])
    else:
        transformed = _game([maps[0][v] / 7.0 for v in row], [maps[1][v] / 7.0 for v in column], exact=False)
    for variant in (transformed, _swap_rows(transformed), _swap_columns(transformed)):
        v = classify(variant)
        assert (v.code, v.index, v.name, v.symmetric) == (c.code, c.index, c.name, c.symmetric)
    swapped = classify(_swap_players(transformed))
    assert swapped.pair_code == c.pair_code and swapped.name == c.name
    assert (swapped.row_type, swapped.column_type) == (c.column_type, c.row_type)


@given(
    st.lists(st.integers(-3, 3), min_size=4, max_size=4),
    st.lists(st.integers(-3, 3), min_size=4, max_size=4),
)
def test_games_with_ties_are_never_named_and_border_only_their_tie_breakings(row, column):
    game = _game(row, column)
    c = classify(game)
    strict = len(set(row)) == 4 and len(set(column)) == 4
    assert c.strict == strict
    if strict:
        return
    assert c.name is None and c.code is None and c.index is None
    assert c.ties and c.borders
    # Every border is reached by a small perturbation that breaks the ties.
    def breakings(values):
        orders = set()
        for jitter in itertools.permutations(range(4)):
            perturbed = [v + Fraction(j, 100) for v, j in zip(values, jitter)]
            orders.add(tuple(sorted(perturbed).index(x) + 1 for x in perturbed))
        return orders

    reached = {classify(_game(r, k)).code for r in breakings(row) for k in breakings(column)}
    assert set(c.borders) == reached


def test_symmetric_flag_for_games_with_ties():
    tied_symmetric = classify(_symmetric_game(3, 0, 3, 1))
    assert not tied_symmetric.strict and tied_symmetric.symmetric
    tied_asymmetric = classify(_game([3, 0, 3, 1], [4, 1, 3, 2]))
    assert not tied_asymmetric.strict and not tied_asymmetric.symmetric


def test_float_near_ties_count_as_ties_and_exact_differences_do_not():
    close = _game([3, 0, 3 + 1e-12, 1], [3, 5, 0, 1], exact=False)
    c = classify(close)
    assert not c.strict and c.ties == ("Row: (A1, B1) = (A2, B1)",)
    assert classify(close, tol=1e-14).strict
    exact = _game([3, 0, Fraction(3) + Fraction(1, 10**12), 1], [3, 5, 0, 1])
    assert classify(exact).strict


def test_result_is_a_frozen_value_with_readable_text():
    c = classify(NormalFormGame.from_bimatrix(*PD))
    assert isinstance(c, GameClass)
    assert str(c) == "Prisoner's Dilemma [TRPS/TRPS, class 1/144, symmetric]"
    with pytest.raises(AttributeError):
        c.name = "x"


# ---------------------------------------------------------------- errors
def test_rejects_games_that_are_not_2x2():
    with pytest.raises(ValueError, match="2x2 game"):
        classify(NormalFormGame.from_bimatrix([[1, 2, 3], [4, 5, 6]], [[1, 2, 3], [4, 5, 6]]))
    with pytest.raises(ValueError, match="2x2 game"):
        classify(NormalFormGame([np.zeros((2, 2, 2))] * 3))
    with pytest.raises(TypeError, match="NormalFormGame"):
        classify([[3, 0], [5, 1]])


def test_classify_batch_agrees_with_classify_on_random_games():
    """The vectorised classifier names every game as classify() does, ties included."""
    from gametheory.analysis.classify import classify_batch

    rng = np.random.default_rng(11)
    A = rng.integers(-2, 3, size=(400, 2, 2)).astype(float)
    B = rng.integers(-2, 3, size=(400, 2, 2)).astype(float)
    A[:200] += rng.normal(scale=0.01, size=(200, 2, 2))  # mostly strict games
    B[:200] += rng.normal(scale=0.01, size=(200, 2, 2))
    names, indices = classify_batch(A, B)
    for k in range(len(A)):
        found = classify(NormalFormGame.from_bimatrix(A[k], B[k]))
        if found.strict:
            assert names[k] == (found.name or found.hybrid)
            assert indices[k] == found.index
        else:
            assert names[k] == "" and indices[k] == 0
    assert (indices[:200] > 0).sum() > 150


def test_classify_batch_covers_all_576_strict_games():
    from gametheory.analysis.classify import classify_batch

    games = strict_ordinal_games()
    A = np.array([np.asarray(g.payoffs[0], dtype=float) for g in games])
    B = np.array([np.asarray(g.payoffs[1], dtype=float) for g in games])
    names, indices = classify_batch(A, B)
    assert sorted(set(indices.tolist())) == list(range(1, 145))
    assert all(name for name in names)
