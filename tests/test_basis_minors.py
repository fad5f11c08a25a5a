"""Every basis through minors: the kernel against the linear-system path, and solve()'s float path against
the general path, pygambit and nashpy on random, degenerate and textbook games."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame, solve
from gametheory.numerics import scaled_tolerance
from gametheory.solvers import _basis_minors as minors
from gametheory.solvers import _bimatrix as b
from gametheory.solvers._bimatrix_solve import _completed, _matched, nondegenerate_result
from strategies import bimatrix_games, random_game
from test_vertex_enumeration import check_degenerate_flag, check_result_properties


def _linear_systems(bm):
    """Every basis of P and Q solved as a linear system, one polytope at a time (the path above the minors limit)."""
    bases_p, bases_q = b.all_bases(bm.m, bm.n)
    Gp, hp = b.polytope_p(bm)
    Gq, hq = b.polytope_q(bm)
    return (b.solve_bases(Gp, hp, bases_p, bm.eps_p, exact=False),
            b.solve_bases(Gq, hq, bases_q, bm.eps_q, exact=False))


def _general(game, method, tol=None):
    """solve()'s answer by the general path: bases as linear systems, then the support pairs of a
    nondegenerate game or the matched labelled vertices of a degenerate one, certified."""
    bm = b.prepare(game, False, tol, who=method)
    solved = (*_linear_systems(bm), *b.all_bases(bm.m, bm.n), "all bases")
    result = nondegenerate_result(bm, solved[0], solved[1], method=method)
    if result is not None:
        return result
    return _matched(bm, solved) if method == "vertex_enumeration" else _completed(bm, solved)


def _same_answer(fast, general):
    assert len(fast) == len(general)
    assert all(a.same_as(c, tol=1e-9) for a, c in zip(fast, general))
    assert (fast.degenerate, fast.continuum, fast.components) == (general.degenerate, general.continuum,
                                                                  general.components)


def _games(max_actions=5):
    """Float games: generic, ties everywhere (-2..2), or 0/1 payoffs (duplicate rows, constant matrices)."""
    return st.one_of(bimatrix_games(max_actions=max_actions),
                     bimatrix_games(max_actions=max_actions, small_payoffs=True),
                     st.builds(lambda g: NormalFormGame.from_bimatrix(*(np.clip(M, 0, 1) for M in g.bimatrix())),
                               bimatrix_games(max_actions=max_actions, small_payoffs=True)))


# ------------------------------------------------------------- the kernel
# With tol=0 a tie is decided by rounding, which differs between any two ways of computing it; the
# comparisons of two computations use positive tolerances.
@settings(max_examples=120, deadline=None)
@given(_games(), st.sampled_from([None, 1e-3]))
def test_minors_classify_every_basis_like_the_linear_systems(game, tol):
    bm = b.prepare(game, False, tol, who="test")
    batch = minors.solve_bases(bm.row, bm.column, bm.eps_p, bm.eps_q)
    general = _linear_systems(bm)
    for fast, slow, d in zip(batch.solved(), general, (bm.m, bm.n)):
        assert np.array_equal(fast.feasible, slow.feasible)
        ok = fast.feasible
        assert np.array_equal(fast.labels[ok], slow.labels[ok])
        assert np.array_equal(fast.n_labels[ok], slow.n_labels[ok])
        assert np.allclose(fast.points[ok], slow.points[ok], atol=1e-9)  # tol=1e-3 squeezes payoffs near 1
        assert np.array_equal(fast.suspect, slow.suspect)
    surplus = any((s.n_labels[s.feasible] > d).any() for s, d in zip(general, (bm.m, bm.n)))
    assert batch.degenerate == surplus


@settings(max_examples=120, deadline=None)
@given(_games(max_actions=3), st.sampled_from([None, 1e-3]))
def test_python_templates_match_the_numpy_kernel(game, tol):
    bm = b.prepare(game, False, tol, who="test")
    batch = minors.solve_bases(bm.row, bm.column, bm.eps_p, bm.eps_q)
    found = minors.solve_bases_python(bm.row.tolist(), bm.column.tolist(), bm.eps_p, bm.eps_q,
                                      minors.templates(bm.m, bm.n))
    assert (found is None) == batch.degenerate
    if found is not None:
        expected = batch.profiles()
        assert len(found) == len(expected)
        for (x, y), (u, v) in zip(found, expected):
            assert np.allclose(x, u, rtol=1e-13) and np.allclose(y, v, rtol=1e-13)


@settings(max_examples=60, deadline=None)
@given(_games(), st.sampled_from([None, 1e-3, 0.0]))
def test_payoffs_are_normalised_as_prepare_does(game, tol):
    bm = b.prepare(game, False, tol, who="test")
    limit = scaled_tolerance(tol, 1.0)
    batch, units, eps = minors.solve_payoffs(*game.payoffs, game.payoff_ranges(), 1e6 * limit, limit)
    reference = minors.solve_bases(bm.row, bm.column, bm.eps_p, bm.eps_q)
    assert eps == (bm.eps_p, bm.eps_q)
    assert all(np.array_equal(u, v) for u, v in zip(units, bm.unit))
    assert np.array_equal(batch.values, reference.values, equal_nan=True)


# ----------------------------------------------------- solve()'s float path
@settings(max_examples=120, deadline=None)
@given(_games(), st.sampled_from(["vertex_enumeration", "support_enumeration"]), st.sampled_from([None, 1e-3]))
def test_solve_matches_the_general_path(game, method, tol):
    fast = solve(game, method, tol=tol)
    check_result_properties(fast, tol)
    check_degenerate_flag(fast)
    _same_answer(fast, _general(game, method, tol))
    assert fast.game is game


def _gambit(game):
    pygambit = pytest.importorskip("pygambit")
    A, B = game.payoffs
    g = pygambit.Game.from_arrays(*(np.array([[F(v) for v in row] for row in M], dtype=object) for M in (A, B)))
    row, column = list(g.players)
    return [np.array([float(F(str(eq[s]))) for s in list(row.strategies) + list(column.strategies)])
            for eq in pygambit.nash.enummixed_solve(g, rational=True).equilibria]


def _matches(result, reference, tol=1e-7):
    """One-to-one match of our equilibria with the reference's distinct ones (pygambit may list one twice)."""
    distinct = []
    for point in reference:
        if not any(np.allclose(point, other, atol=1e-12) for other in distinct):
            distinct.append(point)
    reference = distinct
    ours = [np.concatenate(e.as_float()) for e in result]
    if len(ours) != len(reference):
        return False
    unmatched = list(range(len(reference)))
    for point in ours:
        hit = next((k for k in unmatched if np.allclose(point, reference[k], atol=tol)), None)
        if hit is None:
            return False
        unmatched.remove(hit)
    return True


@pytest.mark.parametrize("degenerate", [False, True])
def test_solve_matches_pygambit_on_random_games(degenerate):
    """Every extreme equilibrium pygambit's rational enummixed finds, and no other, certified; 2 x 2 to 5 x 5."""
    rng = np.random.default_rng(15 + degenerate)
    for m in range(1, 6):
        for n in range(1, 6):
            for _ in range(3):
                game = random_game(rng, m, n, degenerate=degenerate, exact=False)
                result = solve(game)
                assert _matches(result, _gambit(game)), game.payoffs
                for e in result:
                    assert max(game.regrets(e.strategies)) <= game.tolerance()
                assert result.degenerate == solve(game.as_exact()).degenerate


def test_solve_matches_nashpy_on_nondegenerate_games():
    nashpy = pytest.importorskip("nashpy")
    import warnings

    rng = np.random.default_rng(7)
    for n in (2, 3, 4):
        for _ in range(10):
            A, B = rng.standard_normal((n, n)), rng.standard_normal((n, n))
            result = solve(NormalFormGame.from_bimatrix(A, B))
            assert not result.degenerate
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                reference = [np.concatenate(e) for e in nashpy.Game(A, B).vertex_enumeration()]
            assert _matches(result, reference)


TEXTBOOK = {
    "matching pennies": ([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], 1, False),
    "battle of the sexes": ([[3, 0], [0, 2]], [[2, 0], [0, 3]], 3, False),
    "prisoner's dilemma": ([[3, 0], [5, 1]], [[3, 5], [0, 1]], 1, False),
    "chicken": ([[0, -1], [1, -10]], [[0, 1], [-1, -10]], 3, False),
    "stag hunt": ([[4, 0], [3, 2]], [[4, 3], [0, 2]], 3, False),
    # Column indifferent everywhere: a path of three segments with four extreme points.
    "indifferent column": ([[1, 1], [0, 2]], [[1, 1], [1, 1]], 4, True),
    "duplicate rows": ([[1, 0, 2], [1, 0, 2], [0, 3, 1]], [[2, 1, 0], [2, 1, 0], [0, 1, 3]], None, True),
    "constant game": ([[5, 5, 5], [5, 5, 5]], [[2, 2, 2], [2, 2, 2]], 6, True),
    "rock paper scissors": ([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]], 1, False),
}


@pytest.mark.parametrize("name", TEXTBOOK)
def test_textbook_games(name):
    A, B, count, degenerate = TEXTBOOK[name]
    game = NormalFormGame.from_bimatrix(np.array(A, dtype=float), np.array(B, dtype=float))
    result = solve(game)
    exact = solve(NormalFormGame.from_bimatrix(A, B))
    assert result.degenerate is degenerate is exact.degenerate
    if count is not None:
        assert len(result) == count
    assert _matches(result, [np.concatenate(e.as_float()) for e in exact], tol=1e-12)
    assert (result.continuum, result.components) == (exact.continuum, exact.components)
    check_result_properties(result)
    _same_answer(result, _general(game, "vertex_enumeration"))


def test_constant_payoffs_with_zero_tolerance():
    # A constant matrix has no scale; with tol=0 its divisor used to be 0.
    game = NormalFormGame.from_bimatrix(np.ones((2, 2)), np.array([[1.0, 2.0], [3.0, 4.0]]))
    for method in ("vertex_enumeration", "support_enumeration"):
        result = solve(game, method, tol=0)
        assert [e.supports for e in result] == [((0,), (1,)), ((1,), (1,))]
        assert result.continuum and result.components == ((0, 1),)


def test_regret_on_each_players_scale_is_checked():
    """A profile inside the game's tolerance but not inside the column player's own scale is refused."""
    from gametheory.equilibrium import certify_small_pairs

    # The row player's payoffs set the game's tolerance to 1e-9 * 1e9 = 1.
    game = NormalFormGame.from_bimatrix(np.array([[1e9, 0.0], [0.0, 1e9]]), np.array([[0.0, 1.0], [1.0, 0.0]]))
    unit = ([[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]])
    assert certify_small_pairs(game, [([0.5, 0.5], [0.5, 0.5])], unit=unit)[0].regrets == (0.0, 0.0)
    # The column player gains 1e-4 by deviating: inside 1, not inside 1e-9 on his own [0, 1] scale.
    profile = ([0.5 + 1e-4, 0.5 - 1e-4], [0.5, 0.5])
    loose = certify_small_pairs(game, [profile])[0]
    assert loose is not None and loose.regrets[1] == pytest.approx(1e-4)
    assert certify_small_pairs(game, [profile], unit=unit)[0] is None


def test_first_basis_templates_are_cached_and_read_only():
    t = minors.templates(3, 4)
    assert minors.templates(3, 4) is t
    assert not t.value_index.flags.writeable and not t.det_index.flags.writeable
    with pytest.raises(ValueError):
        t.value_index[0, 0] = 0


@pytest.mark.parametrize("degenerate", [False, True])
def test_games_above_the_minors_limit_read_qhull_vertices_like_the_general_path(degenerate):
    """8 x 8 games take their vertices from Qhull; a nondegenerate one is matched by complementary labels."""
    rng = np.random.default_rng(8 + degenerate)
    for _ in range(6):
        game = random_game(rng, 8, 8, degenerate=degenerate, exact=False)
        result = solve(game)
        bm = b.prepare(game, False, None, who="vertex_enumeration")
        general = _matched(bm, b.solve_polytopes(bm))
        _same_answer(result, general)
        assert result.notes == general.notes and "Qhull" in result.notes[0]
        check_result_properties(result)


@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (2, 4)])
def test_exact_game_solved_in_floats(shape):
    """exact=False on a game with exact payoffs reads them as floats and certifies on the game as given."""
    rng = np.random.default_rng(sum(shape))
    for degenerate in (False, True):
        game = random_game(rng, *shape, degenerate=degenerate)
        for method in ("vertex_enumeration", "support_enumeration"):
            floats, exact = solve(game, method, exact=False), solve(game, method)
            assert not floats.exact and floats.game is game
            assert _matches(floats, [np.concatenate(e.as_float()) for e in exact], tol=1e-9)
            assert (floats.degenerate, floats.continuum, floats.components) == (
                exact.degenerate, exact.continuum, exact.components)
            for e in floats:
                assert max(game.as_float().regrets(e.strategies)) <= e.tol
