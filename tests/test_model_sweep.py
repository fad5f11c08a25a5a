"""Model sweeps: tidy rows, batched path equal to the general solvers, executors and seeds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gametheory.model import load_model
from gametheory.study.sweep.model_sweep import _batched_bimatrix, _general, sweep, sweep_design


@pytest.fixture(scope="module")
def stag_hunt():
    return load_model("stag_hunt")


def _equilibrium_sets(frame, players_actions):
    columns = [c for c in frame.columns if c in players_actions]
    result = {}
    for point, rows in frame.groupby("point"):
        result[point] = sorted(tuple(np.round(row, 9)) for row in rows[columns].to_numpy())
    return result


def test_batched_path_equals_general_solver_on_a_grid_with_ties(stag_hunt):
    """Every point of an integer grid (many ties: degenerate games) gets the general solver's equilibria."""
    design = sweep_design(stag_hunt, grid={"temptation": np.arange(0, 7), "sucker": np.arange(0, 5)})
    batched = _batched_bimatrix(stag_hunt, design, {}, None, len(design["sucker"]))
    general = _general(stag_hunt, design, {}, None, len(design["sucker"]), text_columns=False)
    labels = [f"{p}:{a}" for p, acts in zip(stag_hunt.players, stag_hunt.actions) for a in acts]
    assert _equilibrium_sets(batched, labels) == _equilibrium_sets(general, labels)
    per_point = ["n_equilibria", "degenerate", "continuum"]
    left = batched.groupby("point")[per_point].first()
    right = general.groupby("point")[per_point].first()
    pd.testing.assert_frame_equal(left, right, check_dtype=False)
    assert batched["max_regret"].max() <= 1e-9 * 10


def test_rows_carry_parameters_outcomes_and_certificates(stag_hunt):
    frame = sweep(stag_hunt, grid={"temptation": [3, 5]})
    assert frame["point"].tolist() == [0, 0, 0, 1]
    assert frame["outcome"].astype(str).tolist() == ["C,C", "D,D", "mixed", "D,D"]
    mixed = frame[frame["outcome"] == "mixed"].iloc[0]
    assert mixed["State A:C"] == pytest.approx(2 / 3)
    assert set(frame["game_class"].astype(str)) == {"Stag Hunt", "Prisoner's Dilemma"}
    assert (frame["reward"] == 4).all() and (frame["sucker"] == 0).all()
    assert frame.attrs["n_points"] == 2


def test_same_seed_same_rows_whatever_the_executor(stag_hunt, tmp_path):
    serial = sweep(stag_hunt, samples=3000, seed=5, chunk_size=1000)
    parallel = sweep(stag_hunt, samples=3000, seed=5, chunk_size=1000, executor="processes", workers=2,
                     directory=tmp_path / "run")
    pd.testing.assert_frame_equal(serial, parallel)
    other = sweep(stag_hunt, samples=3000, seed=6, chunk_size=1000)
    assert not serial["temptation"].equals(other["temptation"])


def test_resume_of_a_model_sweep_gives_the_clean_rows(stag_hunt, tmp_path):
    clean = sweep(stag_hunt, samples=2000, seed=2, chunk_size=500)
    folder = tmp_path / "run"
    sweep(stag_hunt, samples=2000, seed=2, chunk_size=500, directory=folder)
    # Lose two finished chunks, as if the run had been killed before writing them.
    for path in sorted(folder.glob("chunk-*.parquet"))[1:3]:
        path.unlink()
    resumed = sweep(stag_hunt, samples=2000, seed=2, chunk_size=500, directory=folder, resume=True)
    pd.testing.assert_frame_equal(resumed, clean, check_categorical=False)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"grid": {"temptation": [1]}, "samples": 5}, "exactly one"),
        ({}, "exactly one"),
        ({"grid": {"tempation": [1, 2]}}, "no parameter"),
        ({"grid": {"temptation": [1, 20]}}, "outside its range"),
        ({"grid": {"temptation": [1, 2]}, "fixed": {"temptation": 3}}, "both swept and fixed"),
        ({"grid": {"temptation": [1, 2]}, "fixed": {"sucker": 11}}, "outside its range"),
        ({"samples": 10, "ranges": {"nonsense": (0, 1)}}, "no parameter"),
    ],
)
def test_sweep_argument_errors(stag_hunt, kwargs, message):
    with pytest.raises(ValueError, match=message):
        sweep(stag_hunt, **kwargs)
