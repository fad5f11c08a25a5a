"""The alliance dynamics script runs on a small grid and its headline numbers hold."""

import importlib.util
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "alliance_norm_dynamics.py"


def _load():
    spec = importlib.util.spec_from_file_location("alliance_norm_dynamics", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docstring_reads_like_a_methods_section():
    doc = _load().__doc__
    for part in ("Question.", "Model.", "Grid.", "Comparison.", "Outputs", "--output"):
        assert part in doc


@pytest.mark.slow
def test_alliance_norm_dynamics(tmp_path, capsys):
    found = _load().main(["--points", "9", "--initial", "300", "--output", str(tmp_path)])
    for stem in ("balancing_norm", "burden_sharing", "restraint_basin"):
        for suffix in (".csv", ".md", ".tex"):
            assert (tmp_path / f"{stem}{suffix}").stat().st_size > 0
    for stem in ("balancing_norm_basins", "balancing_phase_plane", "burden_sharing_portrait", "restraint_basin",
                 "stag_hunt_phase_plane"):
        assert (tmp_path / f"{stem}.png").stat().st_size > 1000
    balancing = found["balancing"]
    # Balancing holds at low spoils and gives way to bandwagoning beyond the balance-of-threat threshold.
    assert balancing["last_balancing"] < balancing["threshold"] < balancing["first_bandwagoning"]
    burden = found["burden"]["table"]
    row = burden[burden["contribution_cost"] == Fraction(3)].iloc[0]
    assert row["ess_contributors"] == Fraction(4, 5) == row["indifference_share"]
    assert found["restraint"]["max_error"] < 4 * np.sqrt(0.25 / 300)
    assert "balancing norm" in capsys.readouterr().out
