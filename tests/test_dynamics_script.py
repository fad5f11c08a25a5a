"""The alliance dynamics script runs on a small grid and its headline numbers hold."""

import importlib.util
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from gametheory import solve
from gametheory.model import load_model

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
    for stem in ("balancing_norm", "burden_sharing", "free_riding", "restraint_basin"):
        for suffix in (".csv", ".md", ".tex"):
            assert (tmp_path / f"{stem}{suffix}").stat().st_size > 0
    for stem in ("balancing_norm_basins", "balancing_phase_plane", "burden_sharing_basins", "free_riding_portrait",
                 "restraint_basin", "stag_hunt_phase_plane"):
        assert (tmp_path / f"{stem}.png").stat().st_size > 1000
    balancing = found["balancing"]
    # Balancing holds at low spoils and gives way to bandwagoning beyond the balance-of-threat threshold.
    assert balancing["last_balancing"] < balancing["threshold"] < balancing["first_bandwagoning"]
    # Burden sharing: the stable division is the game's only equilibrium, strict, and reached from (nearly) every start.
    burden = found["burden"]["table"]
    model = load_model("burden_sharing")
    for row in burden.itertuples(index=False):
        (equilibrium,) = solve(model.game(private_share=row.private_share))
        assert ",".join(equilibrium.pure_profile) == row.stable_rest_point and equilibrium.max_regret == 0
        assert row.strict_gap > 0 and row.basin + row.unsettled == pytest.approx(1) and row.basin > 0.8
        if row.defensive_realism_predicts == "large_carries":
            assert row.small_units == 0 < row.large_units
        if row.defensive_realism_predicts == "both_contribute":
            assert row.small_units > 0 and row.large_units > 0
    # Olson and Zeckhauser with a pure public good: the large ally carries more than its size share (3/4) ...
    first = burden.iloc[0]
    assert first["stable_rest_point"] == "High,None" and first["basin"] == 1
    assert first["large_share_of_burden"] == 1 > first["large_share_of_size"] == Fraction(3, 4)
    # ... and its share falls as ally-specific benefits grow (Sandler and Hartley).
    shares = [Fraction(v) for v in burden["large_share_of_burden"]]
    assert shares == sorted(shares, reverse=True) and shares[-1] == Fraction(1, 2)
    # Answering aggression (two members, U = 10): the ESS share is the indifference share 1 - K/U.
    free = found["free_riding"]["table"]
    for row in free.itertuples(index=False):
        assert row.ess_answering == 1 - Fraction(row.answer_cost, 10)
        if row.answer_cost < 10:
            assert row.indifference_share == row.ess_answering
    row = free[free["answer_cost"] == 3].iloc[0]
    assert row["ess_answering"] == Fraction(7, 10) == row["indifference_share"]
    # One answerer fixes more often than a neutral mutant while answering is cheap, less once it is dear.
    assert free.iloc[0]["relative_to_neutral"] > 1 > free.iloc[-1]["relative_to_neutral"]
    assert found["restraint"]["max_error"] < 4 * np.sqrt(0.25 / 300)
    assert "balancing norm" in capsys.readouterr().out
