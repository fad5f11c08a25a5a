"""Best-response and logit dynamics, fictitious play and stochastic fictitious play."""

import numpy as np
import pytest

import nashpy

from gametheory import NormalFormGame
from gametheory.dynamics import best_response_dynamics, fictitious_play, logit_dynamics, stochastic_fictitious_play


@pytest.mark.parametrize("seed", range(6))
def test_fictitious_play_matches_nashpy_without_ties(seed):
    rng = np.random.default_rng(seed)
    m, n = 2 + seed % 2, 3
    A, B = rng.uniform(-1, 1, (m, n)), rng.uniform(-1, 1, (m, n))
    counts = (rng.integers(1, 5, m).astype(float) + rng.uniform(0, 0.1, m),
              rng.integers(1, 5, n).astype(float) + rng.uniform(0, 0.1, n))
    ours = fictitious_play(NormalFormGame.from_bimatrix(A, B), 200, counts)
    theirs = list(nashpy.Game(A, B).fictitious_play(iterations=200, play_counts=[c.copy() for c in counts]))
    for round_ in (1, 50, 200):
        for p in range(2):
            expected = theirs[round_][p] / theirs[round_][p].sum()
            np.testing.assert_allclose(ours.states[p][round_], expected, atol=1e-12)


def test_fictitious_play_batches_and_record_every():
    pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    counts = (np.array([[1, 0], [0, 1], [3, 1]]), np.array([[0, 1], [1, 0], [1, 1]]))
    path = fictitious_play(pennies, 100, counts, record_every=10)
    assert path.times.tolist() == list(range(0, 101, 10))
    assert path.states[0].shape == (11, 3, 2)
    single = fictitious_play(pennies, 100, (counts[0][2], counts[1][2]), record_every=10)
    np.testing.assert_array_equal(path.states[0][:, 2], single.states[0])


def test_one_population_fictitious_play_in_hawk_dove():
    path = fictitious_play([[-1, 2], [0, 1]], 5000)
    assert abs(path.final[0][0] - 0.5) < 1e-3


def test_best_response_dynamics_reaches_the_risk_dominant_side():
    stag = [[4, 0], [3, 2]]
    final = best_response_dynamics(stag, [[0.7, 0.3], [0.6, 0.3 + 0.1]], timepoints=[0, 30]).final[0]
    np.testing.assert_allclose(final, [[1, 0], [0, 1]], atol=1e-9)


def test_best_response_dynamics_two_populations():
    game = NormalFormGame.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]])
    x, y = best_response_dynamics(game, [0.9, 0.1], [0.9, 0.1], timepoints=[0, 30], populations=2).final
    np.testing.assert_allclose([x, y], [[1, 0], [1, 0]], atol=1e-9)


def test_logit_rest_point_is_a_quantal_response_equilibrium():
    A = np.array([[3.0, 0.0], [5.0, 1.0]])
    noise = 0.7
    x = logit_dynamics(A, [0.5, 0.5], timepoints=[0, 80], noise=noise).final[0]
    response = np.exp(A @ x / noise)
    np.testing.assert_allclose(x, response / response.sum(), atol=1e-9)
    game = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    x, y = logit_dynamics(game, [0.9, 0.1], [0.2, 0.8], timepoints=[0, 100], noise=0.5).final
    np.testing.assert_allclose([x, y], [[0.5, 0.5], [0.5, 0.5]], atol=1e-6)


def test_stochastic_fictitious_play_is_reproducible_and_learns_the_mix():
    a = stochastic_fictitious_play([[-1, 2], [0, 1]], 2000, noise=0.05, runs=40, seed=7)
    b = stochastic_fictitious_play([[-1, 2], [0, 1]], 2000, noise=0.05, runs=40, seed=7)
    np.testing.assert_array_equal(a.states[0], b.states[0])
    assert a.states[0].shape == (2001, 40, 2)
    assert abs(a.final[0][:, 0].mean() - 0.5) < 0.05
    c = stochastic_fictitious_play([[-1, 2], [0, 1]], 2000, noise=0.05, runs=40, seed=8)
    assert not np.array_equal(a.states[0], c.states[0])


def test_errors():
    with pytest.raises(ValueError, match="iterations"):
        fictitious_play([[1, 0], [0, 1]], 0)
    with pytest.raises(ValueError, match="noise"):
        logit_dynamics([[1, 0], [0, 1]], noise=0)
    with pytest.raises(ValueError, match="y0"):
        best_response_dynamics([[1, 0], [0, 1]], [0.5, 0.5], [0.5, 0.5], populations=1)
    with pytest.raises(ValueError, match="entries on the last axis"):
        fictitious_play(NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[0, 1], [1, 0]]), 5, [1, 1])
    with pytest.raises(ValueError, match="non-negative"):
        fictitious_play([[1, 0], [0, 1]], 5, [-1, 1])
