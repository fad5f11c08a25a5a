"""The written-out kernels of games of up to four actions each: bit for bit the template computation, the
numpy kernel's decisions, and solve()'s answers against the general path and pygambit on random,
degenerate (ties, repeated rows) and scaled games; the Python-float certificates against certify()."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame, solve
from gametheory.equilibrium import certify, certify_float_pairs, certify_small_pairs
from gametheory.numerics import scaled_tolerance
from gametheory.solvers import _basis_minors as minors
from gametheory.solvers import _bimatrix as b
from gametheory.solvers import _small_kernels as small
from gametheory.solvers._bimatrix_solve import _unit_map
from gametheory.solvers._exact_minors import ExactMinors
from strategies import bimatrix_games, random_game
from test_basis_minors import _gambit, _general, _matches, _same_answer
from test_vertex_enumeration import check_degenerate_flag, check_result_properties


@st.composite
def _small_games(draw):
    """Float games of up to four actions each: generic, ties everywhere, 0/1 payoffs (duplicate rows and
    constant matrices), a repeated row, or a generic game with both players' payoffs scaled by a power of ten."""
    kind = draw(st.sampled_from(["generic", "ties", "binary", "repeated row", "scaled"]))
    game = draw(bimatrix_games(max_actions=4, small_payoffs=kind in ("ties", "binary", "repeated row")))
    A, B = (np.array(M, dtype=float) for M in game.bimatrix())
    if kind == "binary":
        A, B = np.clip(A, 0, 1), np.clip(B, 0, 1)
    elif kind == "repeated row" and len(A) > 1:
        A[-1], B[-1] = A[0], B[0]
    elif kind == "scaled":
        scale = 10.0 ** draw(st.integers(-8, 6))  # pygambit's rationals overflow above about 2 ** 31
        A, B = A * scale, B * scale
    return NormalFormGame.from_bimatrix(A, B)


def _exact(game):
    """The exact minors the kernels settle near-zero numerators with, from the game's own payoffs."""
    return ExactMinors.from_payoffs(*game.float_payoffs(), game.payoff_ranges())


def _run_kernel(game, tol):
    """The kernel on ``game`` as :func:`solve` runs it, with the label tolerances."""
    m, n = game.shape
    limit = scaled_tolerance(tol, 1.0)
    (map_a, divisor_a), (map_b, divisor_b) = (_unit_map(r, 1e6 * limit) for r in game.payoff_ranges())
    eps_p, eps_q = limit / (4.0 * divisor_b), limit / (4.0 * divisor_a)
    A, B = (M.tolist() for M in game.float_payoffs())
    return small.kernel(m, n)(A, B, map_a, map_b, eps_p, eps_q), (eps_p, eps_q)


def _normalised(profiles):
    return [([p / sum(x) for p in x], [q / sum(y) for q in y]) for x, y in profiles]


# ------------------------------------------------------------- the kernel
@settings(max_examples=200, deadline=None)
@given(_small_games(), st.sampled_from([None, 1e-3, 0.0]))
def test_kernel_is_the_template_computation_bit_for_bit(game, tol):
    """The same floating-point operations as the templates run by lookup: equal floats, equal decisions,
    ties and tol=0 included."""
    found, (eps_p, eps_q) = _run_kernel(game, tol)
    bm = b.prepare(game, False, tol, who="test")
    assert (bm.eps_p, bm.eps_q) == (eps_p, eps_q)
    reference = minors.solve_bases_python(bm.row.tolist(), bm.column.tolist(), eps_p, eps_q,
                                          minors.templates(*game.shape), exact=_exact(game))
    assert (found is None) == (reference is None)
    if found is not None:
        assert [(x, y) for x, y, _, _ in found] == _normalised(reference)
        for x, y, I, J in found:
            assert I == tuple(i for i, p in enumerate(x) if p != 0)
            assert J == tuple(j for j, q in enumerate(y) if q != 0)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=8, max_size=8), st.integers(0, 3),
       st.sampled_from([2.5e-10, 1e-6, 0.0]))
def test_kernel_near_ties_match_the_templates(entries, ties, eps):
    """Exact ties and payoffs one ulp apart on [1, 2] decide as the templates do."""
    A, B = [entries[:2], entries[2:4]], [entries[4:6], entries[6:]]
    if ties & 1:
        A[1][1] = A[0][1]
    if ties & 2:
        B[1][0] = float(np.nextafter(B[1][1] + 1.0, 3.0) - 1.0)
    identity = (0.0, 1.0, 1.0)  # v -> 1 + v
    found = small.kernel(2, 2)(A, B, identity, identity, eps, eps)
    row, column = ([[1.0 + v for v in line] for line in M] for M in (A, B))
    # The rounding rule applies as the kernel applies it on a map of scale 1.
    reference = minors.solve_bases_python(row, column, eps, eps, minors.templates(2, 2), spans=(True, True),
                                          exact=ExactMinors.from_maps(A, B, identity, identity))
    assert (found is None) == (reference is None)
    if found is not None:
        assert [(x, y) for x, y, _, _ in found] == _normalised(reference)


@settings(max_examples=150, deadline=None)
@given(_small_games(), st.sampled_from([None, 1e-3]))
def test_kernel_decides_as_the_numpy_kernel(game, tol):
    """Degenerate or not, and the same support pairs, as solve_payoffs (numpy) finds them."""
    found, _ = _run_kernel(game, tol)
    limit = scaled_tolerance(tol, 1.0)
    batch, _, _ = minors.solve_payoffs(*game.float_payoffs(), game.payoff_ranges(), 1e6 * limit, limit)
    assert (found is None) == batch.degenerate
    if found is not None:
        expected = _normalised(batch.profiles())
        assert len(found) == len(expected)
        for (x, y, _, _), (u, v) in zip(found, expected):
            assert np.allclose(x, u, rtol=1e-12, atol=0) and np.allclose(y, v, rtol=1e-12, atol=0)


@pytest.mark.parametrize("A", [[[0.3, 0.9, 0.1], [0.7, 0.2, 1.0]], [[1.0, 0.0, 0.5], [0.0, 1.0, 0.2]]])
def test_singular_bases_decide_as_in_the_numpy_kernel(A):
    """B's first two columns map to proportional columns on [1, 2] (det of order 1e-16): that basis is
    singular by the rule of the numpy kernel, never feasible, and the answer is the general path's."""
    game = NormalFormGame.from_bimatrix(np.array(A), np.array([[0.0, 0.5, 0.2], [1 / 3, 1.0, 0.9]]))
    found, _ = _run_kernel(game, None)
    batch, _, _ = minors.solve_payoffs(*game.float_payoffs(), game.payoff_ranges(), 1e-3, 1e-9)
    assert np.isnan(batch.det).sum() == 1
    assert found is not None and not batch.degenerate
    expected = _normalised(batch.profiles())
    assert len(found) == len(expected)
    for (x, y, _, _), (u, v) in zip(found, expected):
        assert np.allclose(x + y, u + v, rtol=1e-12, atol=0)
    _same_answer(solve(game), _general(game, "vertex_enumeration"))


@settings(max_examples=150, deadline=None)
@given(_small_games(), st.sampled_from([None, 1e-3, 0.0]))
def test_vertex_kernel_is_every_feasible_basis_of_the_templates(game, tol):
    """Labels and points of every feasible basis, in basis order, as Batch.solved() has them."""
    m, n = game.shape
    limit = scaled_tolerance(tol, 1.0)
    (map_a, divisor_a), (map_b, divisor_b) = (_unit_map(r, 1e6 * limit) for r in game.payoff_ranges())
    eps_p, eps_q = limit / (4.0 * divisor_b), limit / (4.0 * divisor_a)
    A, B = (M.tolist() for M in game.float_payoffs())
    found = small.vertex_kernel(m, n)(A, B, map_a, map_b, eps_p, eps_q)
    bm = b.prepare(game, False, tol, who="test")
    for side, polytope in zip(found, minors.solve_bases(bm.row, bm.column, eps_p, eps_q, game).solved()):
        rows = np.flatnonzero(polytope.feasible)
        assert [labels for labels, _ in side] == polytope.labels[rows].tolist()
        assert np.allclose(np.array([point for _, point in side]).reshape(polytope.points[rows].shape),
                           polytope.points[rows], rtol=1e-12, atol=0)


def test_degenerate_textbook_games_on_the_small_path():
    """Ties everywhere: every extreme equilibrium and the maximal Nash subsets, as the exact solver finds them."""
    games = [([[1, 1], [0, 2]], [[1, 1], [1, 1]]),
             ([[1, 0, 2], [1, 0, 2], [0, 3, 1]], [[2, 1, 0], [2, 1, 0], [0, 1, 3]]),
             ([[5, 5, 5], [5, 5, 5]], [[2, 2, 2], [2, 2, 2]]), ([[0, 0], [0, 0]], [[0, 0], [0, 0]])]
    for A, B in games:
        game = NormalFormGame.from_bimatrix(np.array(A, dtype=float), np.array(B, dtype=float))
        exact = solve(NormalFormGame.from_bimatrix(A, B))
        for method in ("vertex_enumeration", "support_enumeration"):
            result = solve(game, method)
            assert result.degenerate and result.complete
            assert _matches(result, [np.concatenate(e.as_float()) for e in exact], tol=1e-12)
            assert (result.continuum, result.components) == (exact.continuum, exact.components)
            _same_answer(result, _general(game, method))
            check_result_properties(result)


def test_kernel_shapes():
    assert (4, 4) in small.KERNEL_SHAPES and (1, 1) in small.KERNEL_SHAPES
    assert (5, 5) not in small.KERNEL_SHAPES and (2, 5) not in small.KERNEL_SHAPES
    assert small.kernel(3, 3) is small.kernel(3, 3)
    with pytest.raises(ValueError, match="no written-out kernel for 5 x 2 games"):
        small.kernel(5, 2)
    source = small.kernel_source(2, 2)
    assert source.startswith("def kernel_2x2(A, B, map_a, map_b, eps_p, eps_q):") and "return found" in source


# ----------------------------------------------------- solve() on small games
@settings(max_examples=150, deadline=None)
@given(_small_games(), st.sampled_from(["vertex_enumeration", "support_enumeration"]), st.sampled_from([None, 1e-3]))
def test_solve_matches_the_general_path_on_small_games(game, method, tol):
    fast = solve(game, method, tol=tol)
    check_result_properties(fast, tol)
    check_degenerate_flag(fast)
    general = _general(game, method, tol)
    _same_answer(fast, general)
    assert (fast.method, fast.complete, fast.notes) == (general.method, general.complete, general.notes)
    assert fast.game is game


@st.composite
def _tied_games(draw):
    """Games of five to seven actions for one player, most of them degenerate (payoffs 0, 1, 2)."""
    m, n = draw(st.integers(2, 7)), draw(st.integers(5, 7))
    if draw(st.booleans()):
        m, n = n, m
    entries = st.lists(st.integers(0, 2), min_size=m * n, max_size=m * n)
    return NormalFormGame.from_bimatrix(*(np.array(draw(entries), dtype=float).reshape(m, n) for _ in range(2)))


@settings(max_examples=40, deadline=None)
@given(_tied_games(), st.sampled_from(["vertex_enumeration", "support_enumeration"]))
def test_degenerate_games_above_the_kernels_match_the_general_path(game, method):
    """Above the kernel shapes, a degenerate game's labelled vertices come from the numpy kernel and are
    matched on Python lists: the general path's answer, notes and all."""
    fast = solve(game, method)
    general = _general(game, method)
    _same_answer(fast, general)
    assert (fast.method, fast.complete, fast.notes) == (general.method, general.complete, general.notes)
    check_result_properties(fast)


@settings(max_examples=150, deadline=None)
@given(_small_games(), st.sampled_from(["vertex_enumeration", "support_enumeration"]), st.sampled_from([None, 1e-3]))
def test_public_solvers_on_small_games_match_the_numpy_kernel(game, method, tol):
    """vertex_enumeration() and support_enumeration() decide labels on each player's payoffs mapped as
    prepare() maps them: on the kernel's path, the answer of the numpy kernel's path."""
    from gametheory.solvers import support_enumeration, vertex_enumeration
    from gametheory.solvers._bimatrix_solve import _completed, _matched, _minors_solved

    fast = (vertex_enumeration if method == "vertex_enumeration" else support_enumeration)(game, tol=tol)
    bm = b.prepare(game, False, tol, who=method)
    reference = _minors_solved(bm, method)
    if not isinstance(reference, type(fast)):
        reference = (_matched if method == "vertex_enumeration" else _completed)(bm, reference)
    _same_answer(fast, reference)
    assert (fast.method, fast.complete, fast.notes) == (reference.method, reference.complete, reference.notes)
    check_result_properties(fast, tol)


@settings(max_examples=60, deadline=None)
@given(_small_games())
def test_solve_matches_pygambit_on_small_games(game):
    """Every extreme equilibrium of pygambit's rational enummixed, and no other, each certified."""
    result = solve(game)
    assume(result.complete)  # a scaled game can fall below the tolerance; pygambit sees exact values
    assert _matches(result, _gambit(game), tol=1e-6), game.payoffs
    for e in result:
        assert max(game.regrets(e.strategies)) <= e.tol


def test_random_small_games_match_pygambit():
    """A fixed sample in the default run: 1 x 1 to 4 x 4, nondegenerate and degenerate, scaled."""
    rng = np.random.default_rng(2026)
    for m in range(1, 5):
        for n in range(1, 5):
            for degenerate in (False, True):
                game = random_game(rng, m, n, degenerate=degenerate, exact=False)
                A, B = game.float_payoffs()
                for scale in (1.0, 1e-7, 1e5):  # pygambit's rationals overflow above about 2 ** 31
                    scaled = NormalFormGame.from_bimatrix(A * scale, B * scale)
                    result = solve(scaled)
                    assert _matches(result, _gambit(scaled), tol=1e-7), (scale, A, B)
                    for e in result:
                        assert max(scaled.regrets(e.strategies)) <= e.tol


# ----------------------------------------------------- Python-float certificates
@st.composite
def _profiles(draw):
    """A small float game and a profile with supports of any size, weights from the game's own scale."""
    game = draw(bimatrix_games(max_actions=4))
    m, n = game.shape
    weights = st.floats(0.01, 1.0)
    x = [draw(weights) if draw(st.booleans()) else 0.0 for _ in range(m)]
    y = [draw(weights) if draw(st.booleans()) else 0.0 for _ in range(n)]
    x[draw(st.integers(0, m - 1))] = 1.0
    y[draw(st.integers(0, n - 1))] = 1.0
    return game, [p / sum(x) for p in x], [q / sum(y) for q in y]


@settings(max_examples=200, deadline=None)
@given(_profiles(), st.sampled_from([None, 1e-3, 1e6]))
def test_small_pair_certificates_are_certify(case, tol):
    """Payoffs, regrets and supports as certify() computes them; refused exactly when certify refuses."""
    game, x, y = case
    found = certify_small_pairs(game, [(x, y)], tol=tol)[0]
    given_lists = certify_small_pairs(game, [(x, y, "ignored")], tol=tol,
                                      payoffs=tuple(M.tolist() for M in game.float_payoffs()))[0]
    try:
        reference = certify(game, (np.array(x), np.array(y)), tol=tol, clean=False)
    except ValueError:
        reference = None
    if reference is None or found is None:
        # Only a regret within rounding of the tolerance may be decided differently.
        other = found or reference
        assert other is None or max(other.regrets) == pytest.approx(game.tolerance(tol), rel=1e-9)
        return
    for e in (found, given_lists):
        assert e.supports == reference.supports and e.tol == reference.tol
        assert np.allclose(e.payoffs, reference.payoffs, rtol=1e-12, atol=1e-9)
        assert np.allclose(e.regrets, reference.regrets, rtol=1e-12, atol=1e-9)
        assert all(np.array_equal(s, r) for s, r in zip(e.strategies, reference.strategies))
        assert not any(s.flags.writeable for s in e.strategies)


@settings(max_examples=100, deadline=None)
@given(st.lists(_profiles(), min_size=1, max_size=6), st.sampled_from([None, 1e6]))
def test_stacked_certificates_are_certify(cases, tol):
    """certify_float_pairs on a stack of profiles of one game, bad rows (NaN, inf, off the simplex) included:
    each row passes exactly when both Python-float certificates and certify() pass it, with their values."""
    game = cases[0][0]
    m, n = game.shape
    rows = [(x, y) for g, x, y in cases if g.shape == game.shape]
    rows += [([np.nan] + [0.0] * (m - 1), [1.0] + [0.0] * (n - 1)), ([2.0] * m, [1.0] + [0.0] * (n - 1)),
             ([1.0] + [0.0] * (m - 1), [np.inf] + [0.0] * (n - 1))]
    X, Y = np.array([x for x, _ in rows]), np.array([y for _, y in rows])
    stacked = certify_float_pairs(game, X, Y, tol=tol)
    small = certify_small_pairs(game, rows, tol=tol)
    assert stacked[-3] is None and stacked[-1] is None  # NaN and inf: refused at any tolerance
    assert tol is not None or stacked[-2] is None  # off the simplex
    for e, f, (x, y) in zip(stacked, small, rows):
        try:
            reference = certify(game, (np.array(x), np.array(y)), tol=tol, clean=False)
        except ValueError:
            reference = None
        if (e is None) != (reference is None):
            # Only a regret within rounding of the tolerance may be decided differently.
            other = e or reference
            assert max(other.regrets) == pytest.approx(game.tolerance(tol), rel=1e-9)
            continue
        assert (e is None) == (f is None)
        if e is not None:
            assert e.supports == reference.supports == f.supports
            assert np.allclose(e.payoffs + e.regrets, reference.payoffs + reference.regrets, rtol=1e-12, atol=1e-9)
            assert not any(s.flags.writeable for s in e.strategies)


def test_small_pair_certificates_refuse_bad_profiles():
    game = NormalFormGame.from_bimatrix(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[1.0, 0.0], [0.0, 1.0]]))
    profiles = [([1.0, 0.0], [1.0, 0.0]), ([1.0, 0.0], [0.0, 1.0]), ([float("nan"), 1.0], [1.0, 0.0]),
                ([0.7, 0.7], [1.0, 0.0]), ([1.0], [1.0, 0.0]), ([0.5, 0.5], [0.5, 0.5])]
    certified = certify_small_pairs(game, profiles)
    assert [e is not None for e in certified] == [True, False, False, False, False, True]
    assert certified[0].supports == ((0,), (0,)) and certified[5].payoffs == (0.5, 0.5)


def test_unit_check_of_one_player():
    """Only the column player's spread is below the payoff scale: his check on [0, 1] alone refuses a profile
    the certificate on the game accepts, and solve() makes it."""
    game = NormalFormGame.from_bimatrix(np.array([[1e9, 0.0], [0.0, 1e9]]), np.array([[0.0, 1.0], [1.0, 0.0]]))
    profile = ([0.5 + 1e-4, 0.5 - 1e-4], [0.5, 0.5])
    assert certify_small_pairs(game, [profile])[0] is not None
    assert certify_small_pairs(game, [profile], unit=(None, [[0.0, 1.0], [1.0, 0.0]]))[0] is None
    assert certify_small_pairs(game, [profile], unit=([[1.0, 0.0], [0.0, 1.0]], None))[0] is not None
    result = solve(game)
    assert [e.supports for e in result] == [((0, 1), (0, 1))] and result.complete


# ----------------------------------------------------- from_bimatrix
@pytest.mark.parametrize("shape", [(2, 2), (6, 6), (7, 7)])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_float_matrices_with_a_bad_payoff_are_refused_by_name(shape, bad):
    A, B = np.zeros(shape), np.ones(shape)
    B[1, 0] = bad
    with pytest.raises(ValueError) as info:
        NormalFormGame.from_bimatrix(A, B)
    assert str(info.value) == f"payoff for player 'Column' at (A2, B1) is {bad}, expected a finite number"


@pytest.mark.parametrize("shape", [(1, 1), (3, 3), (6, 6), (7, 7)])
def test_float_matrices_keep_their_extremes(shape):
    rng = np.random.default_rng(3)
    A, B = rng.standard_normal(shape), rng.standard_normal(shape) * 1e300
    game = NormalFormGame.from_bimatrix(A, B)
    assert game.payoff_ranges() == ((A.min(), A.max()), (B.min(), B.max()))
    assert game.actions == NormalFormGame([A, B]).actions
    huge = np.full(shape, 1e308)  # a sum that overflows: the constructor checks the payoffs instead
    assert NormalFormGame.from_bimatrix(huge, huge).payoff_ranges() == ((1e308, 1e308), (1e308, 1e308))
