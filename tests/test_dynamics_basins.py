"""Basins of attraction: closed forms for 2x2 symmetric games, grids, sweeps through the sweep runner."""

from fractions import Fraction as F

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.dynamics import basin_sweep, basins_of_attraction, simplex_grid
from gametheory.model import load_model


def _restraint_threshold(R, T, P, S):
    return (P - S) / ((R - T) + (P - S))


@pytest.mark.parametrize("dynamics", ["replicator", "best_response"])
def test_stag_hunt_basin_on_a_grid_is_exact(dynamics):
    """On a grid, the share in restraint's basin is the share of grid points above the mixed equilibrium."""
    grid = simplex_grid(2, 200)
    # Leave out the grid point on the separating mixed equilibrium itself.
    R, T, P, S = 4, 3, 2, 0
    threshold = _restraint_threshold(R, T, P, S)
    grid = grid[np.abs(grid[:, 0] - threshold) > 1e-9]
    result = basins_of_attraction([[R, S], [T, P]], initial=grid, dynamics=dynamics)
    restraint = next(i for i, p in enumerate(result.rest_points) if p.describe() == "S1")
    assert result.shares[restraint] == np.mean(grid[:, 0] > threshold)
    assert result.unsettled == 0


def test_random_initial_states_estimate_the_basin():
    result = basins_of_attraction([[4, 0], [3, 2]], initial=3000, seed=9)
    assert abs(result.shares[0] - 1 / 3) < 4 * np.sqrt(2 / 9 / 3000)
    again = basins_of_attraction([[4, 0], [3, 2]], initial=3000, seed=9)
    np.testing.assert_array_equal(result.labels, again.labels)
    table = result.table()
    assert list(table.columns) == ["rest_point", "stability", "ess", "basin"]
    assert abs(table["basin"].sum() - 1) < 1e-12


def test_rock_paper_scissors_leaves_states_unsettled():
    result = basins_of_attraction([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], initial=200, seed=1, t_max=30)
    assert result.unsettled > 0.95
    assert "unsettled" in set(result.table()["rest_point"])


def test_two_population_stag_hunt_splits_the_square():
    game = NormalFormGame.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]])
    result = basins_of_attraction(game, populations=2, initial=2000, seed=3)
    shares = dict(zip([p.describe() for p in result.rest_points], result.shares))
    assert shares["Row: A1; Column: B1"] + shares["Row: A2; Column: B2"] > 0.99
    # The separatrix passes through the mixed point (2/3, 2/3): restraint needs both above it, roughly.
    assert 0.15 < shares["Row: A1; Column: B1"] < 0.4


def test_sweep_matches_the_closed_form_and_the_executors_agree():
    model = load_model("offense_defense")
    grid = {"offense_advantage": [-0.5, 0.0, 0.5]}
    frame = basin_sweep(model, grid=grid, n_initial=1500, seed=2)
    assert set(frame["rest_point"]) <= {"C", "D", "mixed", "unsettled"}
    # Only states that start within rounding of the unstable mixed point are still moving.
    assert frame.loc[frame["rest_point"] == "unsettled", "basin"].sum() < 0.01
    for x in grid["offense_advantage"]:
        rows = frame[(frame["offense_advantage"] == x) & (frame["rest_point"] == "C")]
        T, S = 3 + 1.25 * x, 0 - 1.25 * x
        exact = 1 - _restraint_threshold(4, T, 2, S)
        assert abs(float(rows["basin"].iloc[0]) - exact) < 4 * np.sqrt(exact * (1 - exact) / 1500)
    processes = basin_sweep(model, grid=grid, n_initial=1500, seed=2, executor="processes", workers=2, chunk_size=2)
    np.testing.assert_array_equal(frame["basin"].to_numpy(), processes["basin"].to_numpy())
    assert list(frame["point"]) == list(processes["point"])


def test_sweep_resumes_from_its_directory(tmp_path):
    model = load_model("stag_hunt")
    grid = {"temptation": [1, 2, 3, 5]}
    first = basin_sweep(model, grid=grid, n_initial=200, directory=tmp_path / "run", chunk_size=2)
    again = basin_sweep(model, grid=grid, n_initial=200, directory=tmp_path / "run", chunk_size=2, resume=True)
    np.testing.assert_array_equal(first["basin"].to_numpy(), again["basin"].to_numpy())
    # In the prisoner's dilemma (temptation 5) defection takes every state.
    pd_rows = first[first["temptation"] == 5]
    assert pd_rows[pd_rows["rest_point"] == "D"]["basin"].tolist() == [1.0]


def test_errors():
    with pytest.raises(ValueError, match="unknown dynamics"):
        basins_of_attraction([[1, 0], [0, 1]], dynamics="logit")
    with pytest.raises(ValueError, match="t_max"):
        basins_of_attraction([[1, 0], [0, 1]], t_max=-1)
    with pytest.raises(ValueError, match="no parameter"):
        basin_sweep(load_model("stag_hunt"), grid={"threat": [1, 2]})
