"""The integrators: dense output between Runge-Kutta steps, and the adaptive end-state integration of basins."""

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from gametheory.dynamics import basins_of_attraction, replicator_dynamics
from gametheory.dynamics._integrate import integrate_final
from gametheory.dynamics.replicator import _one_population_field, _two_population_field


def _reference(A, x0, t_end):
    def field(_, x):
        f = A @ x
        return x * (f - x @ f)

    return solve_ivp(field, (0.0, t_end), x0, rtol=1e-12, atol=1e-13, method="DOP853").y[:, -1]


@pytest.mark.parametrize("seed", range(6))
def test_interpolated_points_match_points_landed_on(seed):
    """A time point read off the Hermite interpolant agrees with one the steps land on, to the scheme's order."""
    rng = np.random.default_rng(300 + seed)
    A = rng.uniform(-1, 1, (3, 3))
    x0 = rng.dirichlet(np.ones(3), size=20)
    dense = replicator_dynamics(A, x0, np.linspace(0, 5, 777)).states[0]
    for index in (1, 100, 387, 776):
        t = np.linspace(0, 5, 777)[index]
        landed = replicator_dynamics(A, x0, [0.0, t]).final[0]
        assert np.abs(dense[index] - landed).max() < 1e-7


@pytest.mark.parametrize("seed", range(6))
def test_adaptive_end_states_match_a_tight_reference(seed):
    rng = np.random.default_rng(400 + seed)
    A = rng.uniform(-1, 1, (3, 3))
    A /= np.ptp(A)
    x0 = rng.dirichlet(np.ones(3), size=40)
    (ends,) = integrate_final(_one_population_field(A), (x0,), 15.0, rtol=1e-9, atol=1e-11)
    worst = max(np.abs(ends[i] - _reference(A, x0[i], 15.0)).max() for i in range(40))
    assert worst < 1e-7
    assert np.allclose(ends.sum(axis=1), 1.0, atol=1e-12) and ends.min() >= 0


def test_adaptive_two_populations_match_fixed_steps():
    rng = np.random.default_rng(7)
    A, B = rng.uniform(-1, 1, (2, 3)), rng.uniform(-1, 1, (2, 3))
    x0, y0 = rng.dirichlet(np.ones(2), size=50), rng.dirichlet(np.ones(3), size=50)
    ends = integrate_final(_two_population_field(A, B), (x0, y0), 8.0, rtol=1e-9, atol=1e-11)
    from gametheory import NormalFormGame
    from gametheory.dynamics import asymmetric_replicator_dynamics

    fixed = asymmetric_replicator_dynamics(NormalFormGame.from_bimatrix(A, B), x0, y0, [0.0, 8.0], max_step=0.005)
    assert np.abs(ends[0] - fixed.final[0]).max() < 1e-8
    assert np.abs(ends[1] - fixed.final[1]).max() < 1e-8


def test_basin_labels_agree_with_fine_fixed_steps():
    """The default (adaptive) basin integration labels every state as a fine fixed-step integration does."""
    stag = np.array([[4.0, 0.0, 1.0], [3.0, 2.0, 1.0], [1.0, 1.0, 1.5]])
    x0 = np.random.default_rng(5).dirichlet(np.ones(3), size=1500)
    result = basins_of_attraction(stag, initial=x0)
    fine = replicator_dynamics(stag / np.ptp(stag), x0, [0.0, result.t_max], max_step=0.02).final[0]
    assert np.abs(result.final[0] - fine).max() < 1e-4
    from gametheory.dynamics.basins import _label

    np.testing.assert_array_equal(result.labels, _label((fine,), result.rest_points.points, result.radius))


def test_end_time_must_be_positive():
    with pytest.raises(ValueError, match="end time"):
        integrate_final(_one_population_field(np.eye(2)), (np.array([[0.5, 0.5]]),), 0.0)
