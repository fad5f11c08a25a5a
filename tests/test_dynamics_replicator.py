"""Replicator dynamics: accuracy against scipy and nashpy, the simplex, textbook cases, input errors."""

import numpy as np
import pytest

import nashpy
from scipy.integrate import solve_ivp

from gametheory import NormalFormGame
from gametheory.dynamics import (
    asymmetric_replicator_dynamics,
    asymmetric_replicator_field,
    replicator_dynamics,
    replicator_field,
)

RPS = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]


def _reference(A, x0, times):
    def field(_, x):
        f = A @ x
        return x * (f - x @ f)

    return solve_ivp(field, (times[0], times[-1]), x0, t_eval=times, rtol=1e-12, atol=1e-13, method="DOP853").y.T


@pytest.mark.parametrize("seed", range(8))
def test_matches_nashpy_replicator_on_random_games(seed):
    rng = np.random.default_rng(seed)
    k = 2 + seed % 3
    A = rng.uniform(-1, 1, (k, k))
    x0 = rng.dirichlet(np.ones(k))
    times = np.linspace(0, 10, 1000)
    ours = replicator_dynamics(A, x0, times).states[0]
    theirs = nashpy.Game(A, A.T).replicator_dynamics(y0=x0, timepoints=times)
    # nashpy integrates with odeint at its default tolerances (about 1e-7 here).
    assert np.abs(ours - theirs).max() < 1e-5


@pytest.mark.parametrize("seed", range(8))
def test_matches_nashpy_asymmetric_replicator_on_random_games(seed):
    rng = np.random.default_rng(100 + seed)
    m, n = 2 + seed % 2, 2 + (seed // 2) % 3
    A, B = rng.uniform(-1, 1, (m, n)), rng.uniform(-1, 1, (m, n))
    x0, y0 = rng.dirichlet(np.ones(m)), rng.dirichlet(np.ones(n))
    times = np.linspace(0, 10, 1000)
    ours = asymmetric_replicator_dynamics(NormalFormGame.from_bimatrix(A, B), x0, y0, times)
    xs, ys = nashpy.Game(A, B).asymmetric_replicator_dynamics(x0=x0, y0=y0, timepoints=times)
    assert np.abs(ours.states[0] - xs).max() < 1e-5
    assert np.abs(ours.states[1] - ys).max() < 1e-5


@pytest.mark.parametrize("seed", range(5))
def test_default_step_accuracy_against_tight_reference(seed):
    """The documented accuracy: the default step agrees with DOP853 at 1e-12 to 1e-6 on t in [0, 10]."""
    rng = np.random.default_rng(200 + seed)
    A = rng.uniform(-1, 1, (3, 3))
    x0 = rng.dirichlet(np.ones(3))
    times = np.array([0.0, 2.5, 5.0, 10.0])
    ours = replicator_dynamics(A, x0, times).states[0]
    assert np.abs(ours - _reference(A, x0, times)).max() < 1e-6


def test_many_initial_states_match_one_at_a_time():
    rng = np.random.default_rng(1)
    A = rng.uniform(-2, 2, (3, 3))
    x0 = rng.dirichlet(np.ones(3), size=(4, 5))
    times = np.linspace(0, 3, 7)
    batch = replicator_dynamics(A, x0, times)
    assert batch.states[0].shape == (7, 4, 5, 3)
    single = replicator_dynamics(A, x0[2, 3], times)
    np.testing.assert_allclose(batch.states[0][:, 2, 3], single.states[0], atol=1e-14)


def test_states_stay_on_the_simplex():
    rng = np.random.default_rng(2)
    A = rng.uniform(-5, 5, (4, 4))
    x0 = rng.dirichlet(np.ones(4), size=200)
    states = replicator_dynamics(A, x0, np.linspace(0, 50, 11)).states[0]
    assert states.min() >= 0
    np.testing.assert_allclose(states.sum(axis=-1), 1.0, atol=1e-12)


def test_faces_are_invariant():
    x0 = np.array([0.5, 0.5, 0.0])
    states = replicator_dynamics(RPS, x0, np.linspace(0, 20, 50)).states[0]
    assert np.all(states[:, 2] == 0.0)


def test_rock_paper_scissors_cycles_around_the_centre():
    """In zero-sum RPS, x1 x2 x3 is a constant of motion: orbits are closed cycles."""
    x0 = np.array([0.5, 0.3, 0.2])
    states = replicator_dynamics(RPS, x0, np.linspace(0, 60, 601)).states[0]
    product = states.prod(axis=1)
    assert np.abs(product - product[0]).max() < 1e-9
    # It keeps moving: every action takes the lead in turn.
    assert set(states.argmax(axis=1)) == {0, 1, 2}


@pytest.mark.parametrize("value,cost", [(2, 4), (1, 3), (3, 5), (1, 10)])
def test_hawk_dove_goes_to_value_over_cost(value, cost):
    A = [[(value - cost) / 2, value], [0, value / 2]]
    final = replicator_dynamics(A, [[0.01, 0.99], [0.99, 0.01], [0.5, 0.5]], [0, 150], max_step=0.05).final[0]
    np.testing.assert_allclose(final[:, 0], value / cost, atol=1e-8)


def test_field_vanishes_at_rest_points():
    assert np.abs(replicator_field(RPS, [1 / 3, 1 / 3, 1 / 3])).max() < 1e-15
    dx, dy = asymmetric_replicator_field(NormalFormGame.from_bimatrix([[1, -1], [-1, 1]]), [0.5, 0.5], [0.5, 0.5])
    assert np.abs(dx).max() == 0 and np.abs(dy).max() == 0


def test_labels_travel_with_the_trajectory():
    game = NormalFormGame.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]], players=("A", "B"),
                                        actions=(["Restrain", "Arm"], ["Restrain", "Arm"]))
    path = replicator_dynamics(game, [0.5, 0.5], [0, 1])
    assert path.actions == (("Restrain", "Arm"),)
    assert path.populations == ("A",)
    two = asymmetric_replicator_dynamics(game, [0.5, 0.5], [0.4, 0.6], [0, 1])
    assert two.populations == ("A", "B") and len(two) == 2


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="symmetric"):
        replicator_dynamics(NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[0, 1], [1, 0]]))
    with pytest.raises(ValueError, match="sum to 1"):
        replicator_dynamics(RPS, [0.5, 0.5, 0.5])
    with pytest.raises(ValueError, match="negative"):
        replicator_dynamics(RPS, [1.5, -0.5, 0.0])
    with pytest.raises(ValueError, match="3 shares"):
        replicator_dynamics(RPS, [0.5, 0.5])
    with pytest.raises(ValueError, match="increasing"):
        replicator_dynamics(RPS, timepoints=[0, 2, 1])
    with pytest.raises(ValueError, match="max_step"):
        replicator_dynamics(RPS, max_step=0)
    with pytest.raises(ValueError, match="square"):
        replicator_dynamics([[1, 2, 3], [4, 5, 6]])
    with pytest.raises(TypeError):
        replicator_dynamics("rock")
    with pytest.raises(ValueError, match="same number"):
        asymmetric_replicator_dynamics(NormalFormGame.from_bimatrix(RPS), np.full((2, 3), 1 / 3), np.full((3, 3), 1 / 3))
