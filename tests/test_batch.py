"""Tests for the batched fast path (gametheory.solvers.batch).

The batched solver is checked game by game against pygambit's exact
enumeration of extreme equilibria (``enummixed_solve(rational=True)``) and,
when it is available, against the project's own ``vertex_enumeration``; its
``degenerate`` flag is checked against a brute-force exact enumeration of the
best-response polyhedra's vertices written here, and its ``continuum`` flag
against the extreme equilibria the reference lists.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame
from gametheory.solvers.batch import (
    BimatrixBatchResult,
    bimatrix_regrets_batch,
    pure_equilibria_batch,
    solve_bimatrix_batch,
)
from gametheory.numerics import DEFAULT_TOL

gbt = pytest.importorskip("pygambit")

SHAPES = [(2, 2), (2, 3), (3, 2), (3, 3)]
MATCH_TOL = 1e-9


# ----------------------------------------------------------------- references
def gambit_extreme_equilibria(A, B) -> set[tuple[Fraction, ...]]:
    """pygambit's extreme equilibria as a set of exact (x..., y...) tuples.

    Gambit lists an equilibrium once per basis in degenerate games, so the
    list is turned into a set.
    """
    game = gbt.Game.from_arrays(np.asarray(A, dtype=int), np.asarray(B, dtype=int))
    result = gbt.nash.enummixed_solve(game, rational=True)
    return {
        tuple(Fraction(str(profile[player][strategy])) for player in game.players for strategy in player.strategies)
        for profile in result.equilibria
    }


def _solve_exact(matrix, rhs):
    """Solve a small square system in Fractions; None when singular."""
    size = len(matrix)
    rows = [list(matrix[r]) + [rhs[r]] for r in range(size)]
    for col in range(size):
        pivot = next((r for r in range(col, size) if rows[r][col] != 0), None)
        if pivot is None:
            return None
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(size):
            if r != col and rows[r][col] != 0:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col])]
    return [rows[r][size] / rows[r][r] for r in range(size)]


def exact_vertex_label_counts(M) -> list[int]:
    """Label counts of every vertex of {x >= 0, sum x = 1, M^T x <= v}, by brute force.

    ``M[i][j]`` is the other player's payoff; each choice of ``m`` tight
    constraints out of the ``m + n`` (x_i = 0, or column j a best response)
    is solved exactly and kept when feasible.
    """
    M = [[Fraction(int(v)) for v in row] for row in M]
    m, n = len(M), len(M[0])
    counts = {}
    for tight in itertools.combinations(range(m + n), m):
        matrix, rhs = [], []
        for label in tight:
            if label < m:
                matrix.append([Fraction(int(i == label)) for i in range(m)] + [Fraction(0)])
            else:
                matrix.append([M[i][label - m] for i in range(m)] + [Fraction(-1)])
            rhs.append(Fraction(0))
        matrix.append([Fraction(1)] * m + [Fraction(0)])
        rhs.append(Fraction(1))
        solution = _solve_exact(matrix, rhs)
        if solution is None:
            continue
        x, v = solution[:m], solution[m]
        values = [sum(M[i][j] * x[i] for i in range(m)) for j in range(n)]
        if any(p < 0 for p in x) or any(u > v for u in values):
            continue
        labels = sum(p == 0 for p in x) + sum(u == v for u in values)
        counts[tuple(x)] = labels
    return list(counts.values())


def exact_degenerate(A, B) -> bool:
    """Some mixed strategy with support size k has more than k pure best responses."""
    A, B = np.asarray(A), np.asarray(B)
    m, n = A.shape
    return any(c > m for c in exact_vertex_label_counts(B)) or any(c > n for c in exact_vertex_label_counts(A.T))


def continuum_from(equilibria: set, m: int) -> bool:
    """Two distinct extreme equilibria sharing a strategy span a segment of equilibria."""
    listed = sorted(equilibria)
    return any(
        e != f and (e[:m] == f[:m] or e[m:] == f[m:]) for e, f in itertools.combinations(listed, 2)
    )


# ------------------------------------------------------------------- helpers
def random_batch(rng, N, m, n, kind):
    if kind == "degenerate":
        return rng.integers(-2, 3, (N, m, n)), rng.integers(-2, 3, (N, m, n))
    if kind == "generic":
        return rng.integers(-1000, 1001, (N, m, n)), rng.integers(-1000, 1001, (N, m, n))
    # "ties": exact ties planted in otherwise small random games: a repeated
    # column or row, a constant row for one player, a shared payoff level.
    A, B = rng.integers(-3, 4, (N, m, n)), rng.integers(-3, 4, (N, m, n))
    for k in range(N):
        trick = k % 4
        if trick == 0 and n > 1:
            B[k, :, n - 1] = B[k, :, 0]
            A[k, :, n - 1] = A[k, :, 0]
        elif trick == 1 and m > 1:
            B[k, m - 1] = B[k, 0]
        elif trick == 2:
            A[k, 0] = A[k, 0, 0]
        else:
            B[k] = np.where(B[k] > 0, 1, 0)
    return A, B


def batch_sets(result: BimatrixBatchResult):
    offsets = result.offsets
    rows = np.hstack([result.row, result.column])
    return [rows[offsets[g]:offsets[g + 1]] for g in range(result.n_games)]


def same_sets(mine: np.ndarray, reference: set) -> bool:
    reference = np.array([[float(v) for v in e] for e in reference]).reshape(len(reference), -1)
    if len(mine) != len(reference):
        return False
    if len(mine) == 0:
        return True
    distance = np.abs(mine[:, None, :] - reference[None, :, :]).max(axis=2)
    return bool((distance.min(axis=1) <= MATCH_TOL).all() and (distance.min(axis=0) <= MATCH_TOL).all())


def check_certificates(A, B, result: BimatrixBatchResult):
    """Probability vectors, payoffs recomputed, regrets recomputed and within tolerance."""
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    for strategies in (result.row, result.column):
        assert (strategies >= 0).all()
        np.testing.assert_allclose(strategies.sum(axis=1), 1.0, atol=1e-12)
    g, x, y = result.game, result.row, result.column
    row_values = np.einsum("kij,kj->ki", A[g], y)
    column_values = np.einsum("kij,ki->kj", B[g], x)
    payoff_row = np.einsum("ki,ki->k", row_values, x)
    payoff_column = np.einsum("kj,kj->k", column_values, y)
    np.testing.assert_allclose(result.payoffs[:, 0], payoff_row, atol=1e-9)
    np.testing.assert_allclose(result.payoffs[:, 1], payoff_column, atol=1e-9)
    regret_row = row_values.max(axis=1) - payoff_row
    regret_column = column_values.max(axis=1) - payoff_column
    np.testing.assert_allclose(result.regrets[:, 0], np.maximum(regret_row, 0), atol=1e-9)
    np.testing.assert_allclose(result.regrets[:, 1], np.maximum(regret_column, 0), atol=1e-9)
    limit = result.tolerances[g]
    assert (result.regrets <= limit[:, None]).all()
    assert (regret_row <= limit).all() and (regret_column <= limit).all()
    np.testing.assert_array_equal(np.bincount(g, minlength=result.n_games), result.n_equilibria)


def cross_check(A, B, *, check_degenerate=True):
    result = solve_bimatrix_batch(A, B)
    check_certificates(A, B, result)
    m = A.shape[1]
    for k, mine in enumerate(batch_sets(result)):
        reference = gambit_extreme_equilibria(A[k], B[k])
        assert same_sets(mine, reference), (A[k].tolist(), B[k].tolist(), mine, reference)
        assert bool(result.continuum[k]) == continuum_from(reference, m), (A[k].tolist(), B[k].tolist())
        if check_degenerate:
            assert bool(result.degenerate[k]) == exact_degenerate(A[k], B[k]), (A[k].tolist(), B[k].tolist())
    return result


# --------------------------------------------------------------------- tests
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("kind", ["degenerate", "generic", "ties"])
def test_matches_gambit_on_random_batches(shape, kind):
    rng = np.random.default_rng(sum(shape) * 7 + len(kind))
    A, B = random_batch(rng, 80, *shape, kind)
    result = cross_check(A, B)
    if kind != "generic":
        # The batches really exercise degenerate games and continua.
        assert result.degenerate.any() and result.continuum.any()


@pytest.mark.slow
@pytest.mark.parametrize("shape", SHAPES + [(1, 3), (3, 1), (1, 1)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_matches_gambit_on_large_batches(shape):
    rng = np.random.default_rng(100 + sum(shape))
    for kind in ("degenerate", "generic", "ties"):
        A, B = random_batch(rng, 1000, *shape, kind)
        cross_check(A, B)


@st.composite
def bimatrix_batches(draw):
    m, n = draw(st.sampled_from(SHAPES))
    N = draw(st.integers(1, 6))
    entries = st.integers(-2, 2)
    A = np.array(draw(st.lists(entries, min_size=N * m * n, max_size=N * m * n))).reshape(N, m, n)
    B = np.array(draw(st.lists(entries, min_size=N * m * n, max_size=N * m * n))).reshape(N, m, n)
    return A, B


@settings(max_examples=60)
@given(bimatrix_batches())
def test_property_matches_gambit(batch):
    cross_check(*batch)


def test_matches_project_vertex_enumeration():
    solvers = pytest.importorskip("gametheory.solvers.vertex_enumeration")
    rng = np.random.default_rng(5)
    for m, n in SHAPES:
        for kind in ("degenerate", "ties", "generic"):
            A, B = random_batch(rng, 30, m, n, kind)
            result = solve_bimatrix_batch(A, B)
            for k, mine in enumerate(batch_sets(result)):
                exact = k % 2 == 0  # alternate the general solver's exact and float modes
                game = NormalFormGame.from_bimatrix(A[k].tolist(), B[k].tolist())
                general = solvers.vertex_enumeration(game if exact else game.as_float())
                reference = {tuple(Fraction(float(p)) for s in e.strategies for p in s) for e in general.equilibria}
                assert same_sets(mine, reference), (A[k].tolist(), B[k].tolist())
                assert bool(result.degenerate[k]) == bool(general.degenerate)
                assert bool(result.continuum[k]) == bool(general.continuum)


def test_textbook_games():
    # Prisoner's Dilemma, Stag Hunt, Matching Pennies, Battle of the Sexes.
    A = np.array([[[3, 0], [5, 1]], [[4, 0], [3, 2]], [[1, -1], [-1, 1]], [[2, 0], [0, 1]]])
    B = np.array([[[3, 5], [0, 1]], [[4, 3], [0, 2]], [[-1, 1], [1, -1]], [[1, 0], [0, 2]]])
    result = solve_bimatrix_batch(A, B)
    assert result.n_equilibria.tolist() == [1, 3, 1, 3]
    assert not result.degenerate.any() and not result.continuum.any()
    x, y = result.equilibria_of(2)
    np.testing.assert_allclose(x, [[0.5, 0.5]])
    np.testing.assert_allclose(y, [[0.5, 0.5]])
    x, y = result.equilibria_of(3)
    mixed = ~((x.max(axis=1) == 1) & (y.max(axis=1) == 1))
    np.testing.assert_allclose(x[mixed], [[2 / 3, 1 / 3]])
    np.testing.assert_allclose(y[mixed], [[1 / 3, 2 / 3]])
    check_certificates(A, B, result)


def test_rock_paper_scissors_and_shapley():
    rps = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    shapley_a = np.array([[0, 1, 0], [0, 0, 1], [1, 0, 0]])
    shapley_b = np.array([[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    result = solve_bimatrix_batch(np.stack([rps, shapley_a]), np.stack([-rps, shapley_b]))
    assert result.n_equilibria.tolist() == [1, 1]
    np.testing.assert_allclose(result.row, np.full((2, 3), 1 / 3))
    np.testing.assert_allclose(result.column, np.full((2, 3), 1 / 3))
    np.testing.assert_allclose(result.payoffs[0], [0, 0], atol=1e-12)
    check_certificates(np.stack([rps, shapley_a]), np.stack([-rps, shapley_b]), result)


def test_chunking_and_batch_shape_do_not_change_results():
    rng = np.random.default_rng(11)
    A, B = random_batch(rng, 60, 3, 3, "degenerate")
    whole = solve_bimatrix_batch(A, B)
    chunked = solve_bimatrix_batch(A, B, chunk_size=7)
    grid = solve_bimatrix_batch(A.reshape(3, 4, 5, 3, 3), B.reshape(3, 4, 5, 3, 3))
    assert grid.batch_shape == (3, 4, 5)
    for other in (chunked, grid):
        np.testing.assert_array_equal(whole.game, other.game)
        np.testing.assert_allclose(whole.row, other.row)
        np.testing.assert_allclose(whole.column, other.column)
        np.testing.assert_array_equal(whole.n_equilibria, other.n_equilibria)
        np.testing.assert_array_equal(whole.degenerate, other.degenerate)
        np.testing.assert_array_equal(whole.continuum, other.continuum)


def test_tolerance_scales_with_payoffs():
    # The same degenerate game scaled by 1e6 (ties stay ties) and perturbed
    # below the scaled tolerance (still ties) keeps its equilibria and flags.
    A = np.array([[[1, 1], [0, 0]]], dtype=float)
    B = np.array([[[1, 1], [0, 0]]], dtype=float)
    base = solve_bimatrix_batch(A, B)
    scaled = solve_bimatrix_batch(A * 1e6, B * 1e6 + np.array([[[0, 1e-5], [0, 0]]]))
    assert base.n_equilibria.tolist() == scaled.n_equilibria.tolist() == [2]
    assert base.continuum.tolist() == scaled.continuum.tolist() == [True]
    np.testing.assert_allclose(base.row, scaled.row)
    assert scaled.tolerances[0] == pytest.approx(DEFAULT_TOL * 1e6)
    assert (scaled.regrets <= scaled.tolerances[0]).all()


def test_small_differences_are_not_ties():
    # Payoff differences far above the tolerance but tiny relative to 1.
    A = np.array([[[1e-4, 0], [0, 1e-4]]])
    B = np.array([[[0, 1e-4], [1e-4, 0]]])
    result = solve_bimatrix_batch(A, B)
    assert result.n_equilibria.tolist() == [1]
    np.testing.assert_allclose(result.row, [[0.5, 0.5]])
    assert not result.degenerate[0]


def test_frame_and_accessors():
    pd = pytest.importorskip("pandas")
    A = np.array([[[4, 0], [3, 2]], [[3, 0], [5, 1]]])
    B = np.array([[[4, 3], [0, 2]], [[3, 5], [0, 1]]])
    result = solve_bimatrix_batch(A, B)
    frame = result.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == len(result) == 4
    assert list(frame.columns[:5]) == ["game", "row_0", "row_1", "column_0", "column_1"]
    assert frame["pure"].tolist() == [True, True, False, True]
    assert frame["n_equilibria"].tolist() == [3, 3, 3, 1]
    assert result.offsets.tolist() == [0, 3, 4]
    assert result.shape == (2, 2) and result.n_games == 2
    with pytest.raises(ValueError, match="outside the batch"):
        result.equilibria_of(2)
    with pytest.raises(ValueError):
        result.game[0] = 5  # read-only arrays
    assert "2 2x2 games, 4 extreme equilibria" in repr(result)


def test_regrets_batch_is_the_certificate():
    rng = np.random.default_rng(3)
    A, B = random_batch(rng, 40, 2, 3, "degenerate")
    result = solve_bimatrix_batch(A, B)
    regrets = bimatrix_regrets_batch(A, B, result.row, result.column, result.game)
    np.testing.assert_allclose(regrets, result.regrets, atol=1e-12)
    # A non-equilibrium profile has a positive regret, equal to the game's own.
    game = NormalFormGame.from_bimatrix(A[0].astype(float), B[0].astype(float))
    x, y = np.array([1.0, 0.0]), np.array([0.0, 0.5, 0.5])
    expected = game.regrets([x, y])
    got = bimatrix_regrets_batch(A[:1], B[:1], x[None], y[None])
    np.testing.assert_allclose(got[0], expected, atol=1e-12)


@pytest.mark.parametrize("shape", [(2, 2, 2), (3, 2), (2, 3, 2), (2, 2, 2, 2), (4, 5)])
def test_pure_batch_matches_pure_best_responses(shape):
    rng = np.random.default_rng(len(shape) * 10 + shape[0])
    N = 200
    payoffs = [rng.integers(-2, 3, (N,) + shape) for _ in shape]
    mask = pure_equilibria_batch(payoffs)
    assert mask.shape == (N,) + shape
    for k in range(N):
        game = NormalFormGame([p[k] for p in payoffs])
        expected = np.ones(shape, dtype=bool)
        for player in range(len(shape)):
            expected &= game.pure_best_response_mask(player)
        np.testing.assert_array_equal(mask[k], expected)
        # Certificate: every marked profile has zero regret for every player.
        for profile in np.argwhere(mask[k]):
            strategies = [np.eye(m)[a] for m, a in zip(shape, profile)]
            assert max(game.regrets(strategies)) <= game.tolerance()
    assert mask.any() and not mask.all()


def test_pure_batch_agrees_with_bimatrix_batch():
    rng = np.random.default_rng(8)
    A, B = random_batch(rng, 300, 3, 3, "degenerate")
    mask = pure_equilibria_batch([A, B])
    result = solve_bimatrix_batch(A, B)
    pure = result.is_pure
    found = np.zeros_like(mask)
    found[result.game[pure], result.row[pure].argmax(axis=1), result.column[pure].argmax(axis=1)] = True
    np.testing.assert_array_equal(mask, found)


def test_pure_batch_with_grid_batch_axes_and_floats():
    rng = np.random.default_rng(2)
    payoffs = [rng.normal(size=(4, 6, 2, 3)) for _ in range(2)]
    mask = pure_equilibria_batch(payoffs)
    flat = pure_equilibria_batch([p.reshape(24, 2, 3) for p in payoffs])
    np.testing.assert_array_equal(mask.reshape(24, 2, 3), flat)


@pytest.mark.parametrize(
    "A, B, error, message",
    [
        (np.zeros((2, 2, 2)), np.zeros((2, 2, 3)), ValueError, "B has shape"),
        (np.zeros((2, 4, 2)), np.zeros((2, 4, 2)), ValueError, "1 to 3 actions"),
        (np.zeros((2, 0, 2)), np.zeros((2, 0, 2)), ValueError, "1 to 3 actions"),
        (np.zeros(3), np.zeros(3), ValueError, "batch_shape"),
        (np.full((1, 2, 2), np.nan), np.zeros((1, 2, 2)), ValueError, r"A\[0, 0, 0\] is nan"),
        (np.zeros((1, 2, 2), dtype=bool), np.zeros((1, 2, 2)), TypeError, "booleans"),
        (np.array([[["a", "b"], ["c", "d"]]], dtype=object), np.zeros((1, 2, 2)), TypeError, "must hold numbers"),
    ],
)
def test_bimatrix_batch_rejects_bad_input(A, B, error, message):
    with pytest.raises(error, match=message):
        solve_bimatrix_batch(A, B)


def test_bad_options_are_rejected():
    A = np.zeros((1, 2, 2))
    with pytest.raises(ValueError, match="tol"):
        solve_bimatrix_batch(A, A, tol=-1)
    with pytest.raises(ValueError, match="chunk_size"):
        solve_bimatrix_batch(A, A, chunk_size=0)
    with pytest.raises(TypeError, match="one array per player"):
        pure_equilibria_batch(np.zeros((3, 2, 2)))
    with pytest.raises(ValueError, match="payoffs\\[1\\] has shape"):
        pure_equilibria_batch([np.zeros((3, 2, 2)), np.zeros((3, 2, 3))])
    with pytest.raises(ValueError, match="axes"):
        pure_equilibria_batch([np.zeros(2), np.zeros(2), np.zeros(2)])
    with pytest.raises(ValueError, match="game indices"):
        bimatrix_regrets_batch(A, A, [[1, 0]], [[1, 0]], game=[3])


def test_empty_batch():
    result = solve_bimatrix_batch(np.zeros((0, 3, 2)), np.zeros((0, 3, 2)))
    assert result.n_games == 0 and len(result) == 0
    assert result.row.shape == (0, 3) and result.column.shape == (0, 2)


def test_one_players_scale_or_an_offset_never_hides_a_deviation():
    """Equilibria are invariant to positive affine changes of each player's payoffs; the batch must be too."""
    rng = np.random.default_rng(5)
    A = rng.integers(-2, 3, size=(300, 3, 3)).astype(float)
    B = rng.integers(-2, 3, size=(300, 3, 3)).astype(float)
    reference = solve_bimatrix_batch(A, B)
    for A2, B2 in ((A * 1e9, B), (A + 1e9, B + 1e9), (A * 1e-6, B * 1e6)):
        other = solve_bimatrix_batch(A2, B2)
        np.testing.assert_array_equal(other.n_equilibria, reference.n_equilibria)
        np.testing.assert_array_equal(other.degenerate, reference.degenerate)
        np.testing.assert_array_equal(other.continuum, reference.continuum)
        np.testing.assert_allclose(other.row, reference.row, atol=1e-9)
        np.testing.assert_allclose(other.column, reference.column, atol=1e-9)
    prisoners = solve_bimatrix_batch(np.array([[[3e9, 0], [5e9, 1e9]]]), np.array([[[3.0, 5], [0, 1]]]))
    assert prisoners.n_equilibria.tolist() == [1] and not prisoners.continuum[0]
    assert prisoners.row.tolist() == [[0.0, 1.0]] and prisoners.column.tolist() == [[0.0, 1.0]]
