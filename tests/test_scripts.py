"""The experiment scripts in scripts/: each runs on a small grid and its headline numbers hold.

Each script is imported from its file and run through its ``main`` (the same
entry point as the command line) with ``--output`` in a temporary folder.
"""

from __future__ import annotations

import importlib.util
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gametheory.analysis.classify import classify
from gametheory.model import load_model
from gametheory.numerics import DEFAULT_TOL

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def load_script(name: str):
    spec = importlib.util.spec_from_file_location(f"script_{name}", SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def assert_written(folder: Path, stems) -> None:
    for stem in stems:
        for suffix in (".csv", ".md", ".tex"):
            path = folder / f"{stem}{suffix}"
            assert path.is_file() and path.stat().st_size > 0, path


def assert_figure(folder: Path, stem: str) -> None:
    for suffix in (".png", ".pdf"):
        path = folder / f"{stem}{suffix}"
        assert path.is_file() and path.stat().st_size > 1000, path


@pytest.mark.parametrize("name", ["offense_defense_pd_to_stag_hunt", "shadow_of_the_future", "buck_passing_by_number_of_powers"])
def test_script_reads_like_a_methods_section(name):
    doc = load_script(name).__doc__
    for part in ("Question.", "Model.", "Grid.", "Comparison.", "Outputs", "--output"):
        assert part in doc, f"{name}: docstring lacks {part!r}"


def test_offense_defense_classes(tmp_path, capsys):
    script = load_script("offense_defense_pd_to_stag_hunt")
    found = script.main(["--points", "9", "--output", str(tmp_path)])
    assert "Jervis's corners" in capsys.readouterr().out
    assert_written(tmp_path, ["classes", "families", "corners"])
    assert_figure(tmp_path, "class_map")
    points = pd.read_csv(tmp_path / "points.csv", keep_default_na=False)
    assert len(points) == 81

    # Jervis's four corners between status-quo states (model notes, mu = 0): world 1 a PD,
    # world 2 a coordination game R>P>T>S, and Harmony at d = 1 whatever the balance
    # (world 3, offense advantage with distinguishable postures, has no security dilemma).
    corners = {(row["offense advantage x"], row["distinguishability d"]): (row["class"], row["equilibria"])
               for _, row in found["corners"].iterrows()}
    assert {corner: name for corner, (name, _) in corners.items()} == {
        (1.0, 0.0): "Prisoner's Dilemma", (-1.0, 0.0): "Coordination (R>P>T>S)",
        (1.0, 1.0): "Harmony (R>S>P>T)", (-1.0, 1.0): "Harmony (R>S>P>T)"}
    assert corners[(1.0, 1.0)][1] == corners[(-1.0, 1.0)][1] == "C,C"
    assert corners[(1.0, 0.0)][1] == "D,D"

    # Every point's class is the classifier's on the model's game at that point.
    model = load_model("offense_defense")
    for row in points.itertuples(index=False):
        expected = classify(model.game(offense_advantage=row.offense_advantage, distinguishability=row.distinguishability)).name
        assert row.game_class == (expected or script.BORDER)

    # Shares are the counts over the grid, and add up to one.
    classes = found["classes"]
    assert classes["points"].sum() == 81
    assert math.isclose(classes["share"].sum(), 1.0, rel_tol=DEFAULT_TOL)
    counts = points["game_class"].value_counts()
    for row in classes.itertuples(index=False):
        assert row.points == counts[row.game_class]
    written = pd.read_csv(tmp_path / "classes.csv")
    assert np.allclose(written["share"], classes["share"], rtol=DEFAULT_TOL)


def test_offense_defense_world_three_with_a_possible_aggressor(tmp_path, capsys):
    # What separates world 3 from world 4 is the aggressor: at mu = 1/2 mutual arming
    # becomes an equilibrium at the world-3 corner (beside restraint), not at world 4.
    script = load_script("offense_defense_pd_to_stag_hunt")
    found = script.main(["--points", "5", "--aggressor-share", "0.5", "--output", str(tmp_path)])
    assert "aggressor share 0.5" in capsys.readouterr().out
    corners = {(row["offense advantage x"], row["distinguishability d"]): (row["class"], row["equilibria"])
               for _, row in found["corners"].iterrows()}
    assert corners[(1.0, 1.0)] == ("Coordination (R>P>S>T)", "C,C | D,D | mixed")
    assert corners[(-1.0, 1.0)] == ("Harmony (R>S>P>T)", "C,C")
    model = load_model("offense_defense")
    for row in found["points"].itertuples(index=False):
        expected = classify(model.game(offense_advantage=row.offense_advantage,
                                       distinguishability=row.distinguishability, aggressor_share=0.5)).name
        assert row.game_class == (expected or script.BORDER)
    with pytest.raises(ValueError, match="aggressor-share"):
        script.run(points=3, output=tmp_path, aggressor_share=1.5)


def test_buck_passing_table(tmp_path, capsys):
    script = load_script("buck_passing_by_number_of_powers")
    table = script.main(["--powers", "2", "3", "4", "--costs", "4", "--output", str(tmp_path)])
    assert "P(nobody balances)" in capsys.readouterr().out
    assert_written(tmp_path, ["buck_passing"])
    assert_figure(tmp_path, "nobody_balances")
    # Catalog entry 7 / docs/models/buck_passing.md at U = 10, K = 4.
    expected = {2: (0.40, 0.16), 3: (0.632, 0.253), 4: (0.737, 0.295)}
    for row in table.itertuples(index=False):
        p_pass, p_nobody = expected[row.powers]
        assert round(row[4], 3) == pytest.approx(p_pass, abs=DEFAULT_TOL)
        assert round(row[6], 3) == pytest.approx(p_nobody, abs=DEFAULT_TOL)
        # From the equilibrium and from the closed form alike, with a certificate.
        assert row[4] == pytest.approx(row[5], abs=1e-9)
        assert row[6] == pytest.approx(row[7], abs=1e-9)
        assert row[8] <= 1e-9
        assert row.equilibria == 2**row.powers - 1
    written = pd.read_csv(tmp_path / "buck_passing.csv")
    assert written["P(nobody balances)"].is_monotonic_increasing


def test_buck_passing_rejects_a_cost_above_the_benefit(tmp_path):
    script = load_script("buck_passing_by_number_of_powers")
    with pytest.raises(ValueError, match="cost"):
        script.run(powers=(2,), costs=(12,), benefit=10, output=tmp_path)


def test_shadow_of_the_future_thresholds(tmp_path, capsys):
    script = load_script("shadow_of_the_future")
    table = script.main(["--points", "11", "--relative-gains", "0", "1/2", "--output", str(tmp_path)])
    out = capsys.readouterr().out
    assert_written(tmp_path, ["critical_discount"])
    assert_figure(tmp_path, "critical_discount")
    assert len(table) == 22
    dilemma = table[table["grim (T-R)/(T-P)"].notna()]
    assert len(dilemma) > 0
    assert f"at {len(dilemma)} of them" in out
    for row in dilemma.itertuples(index=False):
        T, R, P, S = row.T, row.R, row.P, row.S
        assert row[8] == (T - R) / (T - P) == row[10]  # grim: exact, textbook, closed form
        assert row[11] == max((T - R) / (T - P), (T - R) / (R - S))  # TFT Nash: Axelrod's bound
        assert row[13] == "{" + str(row[8]) + "}"  # TFT is subgame perfect only at delta*
    # The model's defaults b = 3, c = 4: grim trigger from 1/3; with k = 1/2 from 3/5.
    lookup = {(row.cost, row[1]): row[8] for row in table.itertuples(index=False)}
    assert lookup[(Fraction(4), Fraction(0))] == Fraction(1, 3)
    assert lookup[(Fraction(4), Fraction(1, 2))] == Fraction(3, 5)
    # Where mutual contribution is worth no more than none (c >= 2b), nothing sustains it.
    assert table[table["cost"] >= 6]["grim SPE set"].eq("EmptySet").all()
