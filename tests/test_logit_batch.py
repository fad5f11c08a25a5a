"""Tests for gametheory.solvers.logit_batch: vectorised logit QRE of batches of small bimatrix games."""

import numpy as np
import pygambit as gbt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame
from gametheory.solvers.logit import logit_qre
from gametheory.solvers.logit_batch import logit_qre_batch


def _batch(rng, count, m, n, degenerate=False):
    if degenerate:
        return rng.integers(-2, 3, size=(count, m, n)).astype(float), rng.integers(-2, 3, size=(count, m, n)).astype(float)
    return rng.uniform(-5, 5, size=(count, m, n)), rng.uniform(-5, 5, size=(count, m, n))


@pytest.mark.parametrize("m,n", [(2, 2), (3, 3), (2, 3), (3, 2), (1, 3), (3, 1), (1, 1)])
@pytest.mark.parametrize("lam", [0.0, 0.7, 8.0, 60.0])
def test_batch_matches_the_one_game_tracer(m, n, lam):
    rng = np.random.default_rng(m * 10 + n)
    A, B = _batch(rng, 40, m, n)
    result = logit_qre_batch(A, B, lam)
    for k in range(0, 40, 4):
        qre = logit_qre(NormalFormGame.from_bimatrix(A[k], B[k]), lam)
        assert np.allclose(result.row[k], qre.strategies[0], atol=1e-9)
        assert np.allclose(result.column[k], qre.strategies[1], atol=1e-9)
        assert np.allclose(result.regrets[k], qre.regrets, atol=1e-9)


def test_batch_matches_pygambit_on_payoffs_as_given():
    rng = np.random.default_rng(3)
    A, B = _batch(rng, 12, 3, 3)
    lams = [0.3, 1.5, 4.0]
    for lam in lams:
        result = logit_qre_batch(A, B, lam, normalize=False)
        for k in range(12):
            gambit_game = gbt.Game.from_arrays(A[k], B[k])
            point = gbt.qre.logit_solve_lambda(gambit_game, lam=[lam])[0]
            row_player, column_player = list(gambit_game.players)
            row = [float(point.profile[s]) for s in row_player.strategies]
            column = [float(point.profile[s]) for s in column_player.strategies]
            assert np.allclose(result.row[k], row, atol=1e-6)
            assert np.allclose(result.column[k], column, atol=1e-6)


def test_s_shaped_branches_and_per_game_lambdas():
    # A 2x2 game whose branch turns back at lam ~ 90 and again at ~ 8 (on payoffs as given).
    A = np.array([[[0.63663623, 0.0], [1.0, 0.012128]]] * 3)
    B = np.array([[[0.0, 0.85658168], [1.0, 0.82173256]]] * 3)
    lams = np.array([5.0, 60.0, 150.0])
    result = logit_qre_batch(A, B, lams, normalize=False)
    for k, lam in enumerate(lams):
        qre = logit_qre(NormalFormGame.from_bimatrix(A[k], B[k]), float(lam), normalize=False)
        assert np.allclose(result.row[k], qre.strategies[0], atol=1e-8)
        assert np.allclose(result.column[k], qre.strategies[1], atol=1e-8)


def test_matching_pennies_and_dominance_in_a_batch():
    A = np.array([[[1, -1], [-1, 1]], [[3, 0], [5, 1]]], dtype=float)
    B = np.array([[[-1, 1], [1, -1]], [[3, 5], [0, 1]]], dtype=float)
    result = logit_qre_batch(A, B, 200.0)
    assert np.allclose(result.row[0], 0.5) and np.allclose(result.column[0], 0.5)
    assert result.row[1][1] > 1 - 1e-12 and result.column[1][1] > 1 - 1e-12
    outcomes = result.outcome_probabilities()
    assert outcomes.shape == (2, 2, 2)
    assert np.allclose(outcomes.sum(axis=(1, 2)), 1.0)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(2, 3), n=st.integers(2, 3),
       lam=st.floats(0.0, 50.0), degenerate=st.booleans())
def test_batch_qre_is_a_fixed_point_of_the_logit_response(seed, m, n, lam, degenerate):
    A, B = _batch(np.random.default_rng(seed), 25, m, n, degenerate)
    result = logit_qre_batch(A, B, lam)
    spread = lambda X: np.where(np.ptp(X, axis=(1, 2), keepdims=True) > 0, np.ptp(X, axis=(1, 2), keepdims=True), 1.0)
    normA = (A - A.min(axis=(1, 2), keepdims=True)) / spread(A)
    normB = (B - B.min(axis=(1, 2), keepdims=True)) / spread(B)
    row_values = lam * np.einsum("nab,nb->na", normA, result.column)
    column_values = lam * np.einsum("nab,na->nb", normB, result.row)
    for values, strategy in ((row_values, result.row), (column_values, result.column)):
        weights = np.exp(values - values.max(axis=1, keepdims=True))
        assert np.allclose(strategy, weights / weights.sum(axis=1, keepdims=True), atol=1e-9)
        assert np.allclose(strategy.sum(axis=1), 1.0)
    assert np.all(result.regrets >= 0)


def test_bad_batches_are_refused():
    A = np.zeros((3, 2, 2))
    with pytest.raises(ValueError, match=r"shape \(N, m, n\)"):
        logit_qre_batch(np.zeros((2, 2)), np.zeros((2, 2)), 1.0)
    with pytest.raises(ValueError, match="B has shape"):
        logit_qre_batch(A, np.zeros((3, 2, 3)), 1.0)
    with pytest.raises(ValueError, match="1 to 3 actions"):
        logit_qre_batch(np.zeros((1, 4, 2)), np.zeros((1, 4, 2)), 1.0)
    bad = A.copy()
    bad[1, 0, 1] = np.nan
    with pytest.raises(ValueError, match=r"A\[1, 0, 1\] is nan"):
        logit_qre_batch(bad, A, 1.0)
    with pytest.raises(ValueError, match=r"lam\[2\]"):
        logit_qre_batch(A, A, [1.0, 2.0, -1.0])
    with pytest.raises(ValueError, match="shape"):
        logit_qre_batch(A, A, [1.0, 2.0])
    with pytest.raises(TypeError, match="lam"):
        logit_qre_batch(A, A, True)


# ------------------------------------------------- degenerate (tie-heavy) grids
def _all_small_integer_games():
    """Every 2x2 bimatrix game with payoffs in {0, 1, 2}: 6561 games, most of them degenerate."""
    values = np.array(np.meshgrid(*[[0.0, 1.0, 2.0]] * 8, indexing="ij")).reshape(8, -1).T
    return values[:, :4].reshape(-1, 2, 2), values[:, 4:].reshape(-1, 2, 2)


def _no_one_game_fallback(monkeypatch):
    import gametheory.solvers.logit as logit_module

    def refuse(*args, **kwargs):
        raise AssertionError("a game of the batch was traced alone")

    monkeypatch.setattr(logit_module, "logit_qre", refuse)


@pytest.mark.parametrize("lam", [10.0, 100.0])
def test_tie_heavy_2x2_grid_is_traced_in_the_vectorised_pass_and_matches_the_one_game_tracer(lam, monkeypatch):
    A, B = _all_small_integer_games()
    expected = []
    picks = range(0, len(A), 41)
    for k in picks:
        qre = logit_qre(NormalFormGame.from_bimatrix(A[k], B[k]), lam)
        expected.append((qre.strategies, qre.regrets))
    _no_one_game_fallback(monkeypatch)
    result = logit_qre_batch(A, B, lam)
    for k, (strategies, regrets) in zip(picks, expected):
        assert np.allclose(result.row[k], strategies[0], atol=1e-9), (A[k], B[k])
        assert np.allclose(result.column[k], strategies[1], atol=1e-9), (A[k], B[k])
        assert np.allclose(result.regrets[k], regrets, atol=1e-9)


def test_a_bifurcation_point_is_crossed_straight_as_by_the_one_game_tracer(monkeypatch):
    # Row's second action weakly dominates, column's second is weakly dominated. The branch through
    # (1/2, 1/2) keeps q1 = 1 - p1; at lam ~ 5.8696 a second branch (q1 -> 1/2) crosses it and the
    # Jacobian of the reduced system vanishes. Going straight keeps q1 = 1 - p1, p1 = sigmoid(lam q1).
    A = np.array([[[1.0, 0.0], [1.0, 1.0]]] * 4)
    lams = np.array([5.0, 5.8695, 10.0, 100.0])
    expected = [logit_qre(NormalFormGame.from_bimatrix(A[0], A[0]), float(lam)).strategies for lam in lams]
    _no_one_game_fallback(monkeypatch)
    result = logit_qre_batch(A, A, lams)
    for k, lam in enumerate(lams):
        p1, q1 = result.row[k][1], result.column[k][1]
        assert np.isclose(q1, 1 - p1, atol=1e-10)
        assert np.isclose(np.log(p1 / (1 - p1)), lam * q1, rtol=1e-9)
        assert np.allclose(result.row[k], expected[k][0], atol=1e-9)
        assert np.allclose(result.column[k], expected[k][1], atol=1e-9)


def test_random_2x2_games_match_pygambit_logit_solve():
    rng = np.random.default_rng(12)
    A, B = _batch(rng, 10, 2, 2)
    for lam in (0.5, 2.0, 6.0):
        result = logit_qre_batch(A, B, lam, normalize=False)
        for k in range(10):
            gambit_game = gbt.Game.from_arrays(A[k], B[k])
            point = gbt.qre.logit_solve_lambda(gambit_game, lam=[lam])[0]
            row_player, column_player = list(gambit_game.players)
            assert np.allclose(result.row[k], [float(point.profile[s]) for s in row_player.strategies], atol=1e-6)
            assert np.allclose(result.column[k], [float(point.profile[s]) for s in column_player.strategies],
                               atol=1e-6)


def test_a_bifurcation_point_at_the_target_precision_and_on_the_traced_path(monkeypatch):
    # Pure coordination: the branch is uniform play for every lam and a pitchfork crosses it at lam = 2
    # (on normalised payoffs), where the fixed-lam Jacobian is singular; lam = 2 is itself a target.
    A = np.array([[[1.0, 0.0], [0.0, 1.0]]] * 4)
    lams = np.array([1.0, 2.0, 3.0, 50.0])
    expected = [logit_qre(NormalFormGame.from_bimatrix(A[0], A[0]), float(lam)).strategies for lam in lams]
    _no_one_game_fallback(monkeypatch)
    result = logit_qre_batch(A, A, lams)
    for k in range(len(lams)):
        assert np.allclose(result.row[k], [0.5, 0.5], atol=1e-12) and np.allclose(result.column[k], [0.5, 0.5])
        assert np.allclose(result.row[k], expected[k][0], atol=1e-9)
        assert np.allclose(result.column[k], expected[k][1], atol=1e-9)
