"""Vertex enumeration: properties on random games, degenerate cases, both code paths, bad input."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings

from gametheory import NormalFormGame, solve
from gametheory.solvers import _bimatrix
from gametheory.solvers.support_enumeration import support_enumeration
from gametheory.solvers.vertex_enumeration import vertex_enumeration
from strategies import bimatrix_games, random_game


# ----------------------------------------------------------- properties
def check_result_properties(result, tol=None):
    """The properties every all-equilibria result must have (float regrets within ``game.tolerance(tol)``, the
    tolerance of the solve)."""
    game = result.game
    assert result.complete
    assert len(result) >= 1  # every finite game has an equilibrium
    for e in result:
        for strategy, support, size in zip(e.strategies, e.supports, game.shape):
            assert len(strategy) == size
            if result.exact:
                assert all(isinstance(p, F) and p >= 0 for p in strategy)
                assert sum(strategy) == 1
                assert support == tuple(k for k, p in enumerate(strategy) if p != 0)
            else:
                assert np.all(strategy >= 0) and abs(strategy.sum() - 1) <= 1e-9
                assert support == tuple(int(k) for k in np.flatnonzero(strategy))
        if result.exact:
            assert e.regrets == (0, 0)
        else:
            assert max(e.regrets) <= game.tolerance(tol) == e.tol
        # Regret recomputed from the game, not trusted from the certificate.
        regrets = game.regrets(e.strategies)
        assert all(r == 0 for r in regrets) if result.exact else max(regrets) <= game.tolerance(tol)
    # Extreme equilibria are distinct.
    points = [np.concatenate(e.as_float()) for e in result]
    for i in range(len(points)):
        for j in range(i):
            assert not np.allclose(points[i], points[j], atol=1e-9)
    # Components partition-cover the equilibria and are bicliques.
    covered = sorted({k for piece in result.components for k in piece})
    assert covered == list(range(len(result)))
    for piece in result.components:
        rows = {tuple(np.round(result[k].as_float()[0], 9)) for k in piece}
        cols = {tuple(np.round(result[k].as_float()[1], 9)) for k in piece}
        assert len(rows) * len(cols) == len(piece)
    # Continuum iff two extreme equilibria share a strategy of one player.
    shares = any(
        any(np.allclose(a, b, atol=1e-9) for a, b in zip(result[i].as_float(), result[j].as_float()))
        for i in range(len(result)) for j in range(i)
    )
    assert result.continuum == shares
    assert result.continuum == any(len(piece) > 1 for piece in result.components)


def check_degenerate_flag(result):
    """Sufficient witnesses of degeneracy must set the flag."""
    game = result.game
    A, B = (np.asarray(p, dtype=float) for p in game.payoffs)
    # A pure strategy with two pure best responses.
    pure_ties = any((row == row.max()).sum() > 1 for row in B) or any((col == col.max()).sum() > 1 for col in A.T)
    # An equilibrium whose strategy has more best responses than its support size.
    extra = any(
        len(game.best_responses(1 - i, e.strategies)) > len(e.supports[i]) for e in result for i in (0, 1)
    )
    if pure_ties or extra or result.continuum:
        assert result.degenerate


@settings(max_examples=60)
@given(bimatrix_games(max_actions=4, exact=True))
def test_properties_exact(game):
    result = vertex_enumeration(game)
    assert result.exact and result.method == "vertex_enumeration"
    check_result_properties(result)
    check_degenerate_flag(result)


@settings(max_examples=60)
@given(bimatrix_games(max_actions=4, small_payoffs=True, exact=True))
def test_properties_exact_degenerate_payoffs(game):
    result = vertex_enumeration(game)
    check_result_properties(result)
    check_degenerate_flag(result)


@settings(max_examples=60)
@given(bimatrix_games(max_actions=4, small_payoffs=True))
def test_properties_float_agree_with_exact(game):
    approx = vertex_enumeration(game)
    assert not approx.exact
    check_result_properties(approx)
    check_degenerate_flag(approx)
    exact = vertex_enumeration(game, exact=True)
    assert exact.exact and exact.game.is_exact
    assert len(approx) == len(exact)
    for a, b in zip(approx, exact):
        assert a.same_as(b, tol=1e-9)
    assert (approx.degenerate, approx.continuum, approx.components) == (
        exact.degenerate, exact.continuum, exact.components)


# ------------------------------------------------------- specific games
def test_continuum_has_its_extreme_points_and_one_component():
    # Column player indifferent between B1 and B2 when Row plays A1: the segment
    # from (A1, B1) to (A1, 1/2 B1 + 1/2 B2) is all equilibria.
    game = NormalFormGame.from_bimatrix([[1, 1], [0, 2]], [[1, 1], [1, 1]])
    result = vertex_enumeration(game)
    assert [tuple(map(tuple, e.strategies)) for e in result] == [
        ((1, 0), (1, 0)),
        ((1, 0), (F(1, 2), F(1, 2))),
        ((0, 1), (F(1, 2), F(1, 2))),
        ((0, 1), (0, 1)),
    ]
    assert result.degenerate and result.continuum
    assert result.components == ((0, 1), (1, 2), (2, 3))
    # Any convex combination inside a component is an equilibrium.
    x = result[1].strategies[0] * F(1, 3) + result[2].strategies[0] * F(2, 3)
    assert game.regrets((x, result[1].strategies[1])) == (0, 0)


def test_constant_game_is_one_big_component():
    game = NormalFormGame.from_bimatrix([[0, 0, 0], [0, 0, 0]], [[0, 0, 0], [0, 0, 0]])
    result = vertex_enumeration(game)
    assert len(result) == 6  # every pure profile is an extreme equilibrium
    assert result.degenerate and result.continuum
    assert result.components == (tuple(range(6)),)


def test_degenerate_isolated_equilibrium_is_flagged_without_continuum():
    # Row's A1 makes Column indifferent between B1 and B2, but Column's B1 is
    # Row's unique best reply: the game is degenerate, the equilibrium unique.
    game = NormalFormGame.from_bimatrix([[2, 0], [1, 1]], [[1, 1], [0, 2]])
    result = vertex_enumeration(game)
    assert result.degenerate
    check_result_properties(result)


@pytest.mark.parametrize("shape", [(1, 1), (1, 4), (4, 1), (2, 5), (5, 2)])
def test_one_sided_and_rectangular_shapes(shape):
    rng = np.random.default_rng(sum(shape))
    for degenerate in (False, True):
        game = random_game(rng, *shape, degenerate=degenerate)
        for exact in (True, False):
            result = vertex_enumeration(game, exact=exact)
            check_result_properties(result)


def test_exact_flag_conversions():
    game = NormalFormGame.from_bimatrix(np.array([[0.1, 0.0], [0.0, 0.2]]), np.array([[0.2, 0.0], [0.0, 0.1]]))
    result = vertex_enumeration(game, exact=True)
    assert result.exact and result.game.is_exact
    assert result[1].strategies[0].tolist() == [F(1, 3), F(2, 3)]  # 0.1 read as 1/10
    exact_game = game.as_exact()
    approx = vertex_enumeration(exact_game, exact=False)
    assert not approx.exact
    assert np.allclose(approx[1].strategies[0], [1 / 3, 2 / 3])


def test_float_noise_below_tolerance_keeps_degenerate_structure():
    # Ties broken by noise of 1e-14 of a player's payoff range are still ties at the default tolerance.
    base = np.array([[1.0, 1.0], [0.0, 2.0]])
    noise = 1e-14 * np.array([[1.0, -1.0], [0.5, 0.0]])
    game = NormalFormGame.from_bimatrix(base + noise, np.ones((2, 2)))
    for solver in (vertex_enumeration, support_enumeration, solve):
        result = solver(game)
        assert result.degenerate and result.continuum and len(result) == 4
    # Labels are decided on each player's payoffs mapped onto [0, 1]: differences that make up a
    # player's whole payoff range are that player's preferences, however small, as in solve().
    strict = NormalFormGame.from_bimatrix(base + noise, np.ones((2, 2)) + noise)
    expected = solve(strict)
    assert not expected.degenerate and len(expected) == 1
    for solver in (vertex_enumeration, support_enumeration):
        result = solver(strict)
        assert not result.degenerate and len(result) == 1
        assert result[0].same_as(expected[0], tol=1e-12)


def test_large_payoffs_scale_the_tolerance():
    game = NormalFormGame.from_bimatrix(np.array([[4e9, 0.0], [3e9, 2e9]]), np.array([[4e9, 3e9], [0.0, 2e9]]))
    result = vertex_enumeration(game)
    assert len(result) == 3
    assert np.allclose(result[1].strategies[0], [2 / 3, 1 / 3])


def test_deterministic_order():
    rng = np.random.default_rng(5)
    game = random_game(rng, 5, 5, degenerate=True)
    first = vertex_enumeration(game)
    second = vertex_enumeration(game)
    assert [tuple(map(tuple, e.strategies)) for e in first] == [tuple(map(tuple, e.strategies)) for e in second]
    keys = [tuple(-p for s in e.strategies for p in s) for e in first]
    assert keys == sorted(keys)


def test_qhull_path_matches_all_bases(monkeypatch):
    rng = np.random.default_rng(11)
    games = [random_game(rng, 5, 6, degenerate=d, exact=False) for d in (False, True) for _ in range(6)]
    brute = [vertex_enumeration(g) for g in games]
    monkeypatch.setattr(_bimatrix, "BRUTE_FORCE_LIMIT", 0)
    hull = [vertex_enumeration(g) for g in games]
    for a, b in zip(brute, hull):
        assert "Qhull" not in " ".join(a.notes) and "Qhull" in " ".join(b.notes)
        assert a.complete and b.complete
        check_result_properties(b)
        _same_equilibria(a, b)


def test_exact_games_above_the_basis_scan_take_the_adjacency_search(monkeypatch):
    # Exact mode never asks Qhull (a floating-point hull proves nothing): above the basis scan's
    # limit, the prepared game goes to the lexicographic adjacency search, complete and exact.
    from gametheory.solvers import _bimatrix_solve

    rng = np.random.default_rng(11)
    games = [random_game(rng, 5, 6, degenerate=d) for d in (False, True) for _ in range(6)]
    scanned = [vertex_enumeration(g) for g in games]

    def no_scan(*args, **kwargs):
        raise AssertionError("the basis scan ran above its limit")

    monkeypatch.setattr(_bimatrix, "EXACT_BRUTE_FORCE_LIMIT", 0)
    monkeypatch.setattr(_bimatrix_solve, "solve_polytopes", no_scan)
    for game, a in zip(games, scanned):
        b = _bimatrix_solve.vertex_enumeration_result(_bimatrix.prepare(game, True, None, who="test"))
        assert b.exact and b.complete and b.notes == ()
        check_result_properties(b)
        assert [tuple(map(tuple, e.strategies)) for e in a] == [tuple(map(tuple, e.strategies)) for e in b]
        assert (a.degenerate, a.continuum, a.components) == (b.degenerate, b.continuum, b.components)


@pytest.mark.slow
def test_large_game_runs_through_qhull():
    rng = np.random.default_rng(3)
    game = random_game(rng, 10, 10, exact=False)
    result = vertex_enumeration(game)
    assert "Qhull" in " ".join(result.notes)
    check_result_properties(result)
    assert len(result) == len(vertex_enumeration(game, exact=True))



# ------------------------------------ more actions than a 64-bit label set
def _same_equilibria(a, b):
    assert len(a) == len(b) and all(x.same_as(y, tol=1e-9) for x, y in zip(a, b))
    assert (a.degenerate, a.continuum, a.components) == (b.degenerate, b.continuum, b.components)


@pytest.mark.parametrize("shape", [(1, 70), (70, 1), (2, 64), (64, 2), pytest.param((3, 62), marks=pytest.mark.slow)])
@pytest.mark.parametrize("degenerate", [False, True])
def test_games_with_64_or_more_actions(shape, degenerate):
    # Label sets of more than 62 labels do not fit a signed 64-bit integer; float mode
    # (every basis below 4,000 bases, Qhull for the 3 x 62 game) must match the exact route.
    from gametheory.solvers import solve

    rng = np.random.default_rng(sum(shape) + degenerate)
    game = random_game(rng, *shape, degenerate=degenerate)
    exact = vertex_enumeration(game)
    assert exact.exact
    check_result_properties(exact)
    floats = game.as_float()
    approx = vertex_enumeration(floats)
    assert not approx.exact
    check_result_properties(approx)
    check_degenerate_flag(approx)
    _same_equilibria(approx, exact)
    solved = solve(floats)
    assert solved.method == "vertex_enumeration" and not solved.exact
    check_result_properties(solved)
    _same_equilibria(solved, exact)


def test_degenerate_1x70_game_lists_every_extreme_equilibrium():
    # A 1 x 70 game where the row player's only action meets ties among three columns.
    A = np.zeros((1, 70))
    B = np.zeros((1, 70))
    B[0, [0, 35, 69]] = 1.0
    result = vertex_enumeration(NormalFormGame.from_bimatrix(A, B))
    assert result.degenerate and result.continuum
    assert [int(np.flatnonzero(e.strategies[1])[0]) for e in result] == [0, 35, 69]
    assert result.components == ((0, 1, 2),)
    assert all(max(e.regrets) == 0.0 for e in result)

# --------------------------------------------------------------- helpers
def test_solve_integer_matches_fractions():
    rng = np.random.default_rng(0)
    for k in range(1, 6):
        for _ in range(20):
            M = rng.integers(-5, 6, size=(k, k)).tolist()
            b = rng.integers(-5, 6, size=k).tolist()
            solution = _bimatrix.solve_integer(M, b)
            det = round(np.linalg.det(np.array(M, dtype=float)))
            if det == 0:
                assert solution is None
                continue
            numerators, denominator = solution
            x = [F(v, denominator) for v in numerators]
            assert [sum(F(a) * v for a, v in zip(row, x)) for row in M] == [F(v) for v in b]


def test_maximal_bicliques():
    # Path x0-y0, x0-y1, x1-y1: two maximal bicliques.
    assert _bimatrix.maximal_bicliques([(0, 0), (0, 1), (1, 1)]) == [(0, 1), (1, 2)]
    # Complete 2x2 bipartite graph: one biclique.
    assert _bimatrix.maximal_bicliques([(0, 0), (0, 1), (1, 0), (1, 1)]) == [(0, 1, 2, 3)]
    assert _bimatrix.maximal_bicliques([(0, 0), (1, 1)]) == [(0,), (1,)]


# ----------------------------------------------------------- bad input
def test_rejects_bad_input():
    with pytest.raises(TypeError, match="NormalFormGame"):
        vertex_enumeration([[1, 0], [0, 1]])
    three = NormalFormGame([np.zeros((2, 2, 2))] * 3)
    with pytest.raises(ValueError, match="two-player"):
        vertex_enumeration(three)
    game = NormalFormGame.from_bimatrix([[1, 0], [0, 1]])
    with pytest.raises(ValueError, match="tol"):
        vertex_enumeration(game, tol=-1.0)
    with pytest.raises(TypeError, match="exact"):
        vertex_enumeration(game, exact="yes")
