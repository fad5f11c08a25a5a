"""Model.predict decides rule conditions as the comparison does: exactly at ties, with the tie band reported.

Two ties found in the library when the comparison was first run are kept here
as small models with the same conditions and defaults: the alliance security
dilemma's (P_A,weak - P_A,strong) A = (P_E,strong - P_E,weak) E (0.3 A = 0.2 E
at the defaults, so A = 10, E = 15; in floats the two sides differ in the last
bit) and the bargaining range's demand = p + c_B (3/5 + 3/20 = 3/4). The
library models themselves are checked against the comparison on their
default sweeps, whatever their rules are now.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from gametheory.model import Model, load_model
from gametheory.study.compare import compare
from gametheory.study.sweep import sweep

SOURCE = [{"citation": "Snyder, Glenn H. 1984. The Security Dilemma in Alliance Politics. World Politics 36 (4): 461-495."}]
GAME = {"players": {"A": ["Firm", "Loose"], "B": ["Firm", "Loose"]},
        "payoffs": {"Firm,Firm": [2, 2], "Firm,Loose": [0, 1], "Loose,Firm": [1, 0], "Loose,Loose": [1, 1]},
        "outcomes": {"tight_alliance": ["Firm,Firm"], "loose_alliance": ["Loose,Loose"],
                     "peace": ["Firm,*"], "b_refuses": ["Loose,*"], "a_attacks": ["*,Loose"]}}


def parameter(name, default, low=0, high=1):
    return {"name": name, "default": default, "low": low, "high": high, "meaning": name.replace("_", " ")}


@pytest.fixture(scope="module")
def dilemma():
    return Model("tie_dilemma", "Alliance security dilemma tie (test)", sources=SOURCE, **GAME, parameters=[
        parameter("abandon_if_strong", "0.1"), parameter("abandon_if_weak", "0.4"), parameter("entrap_if_strong", "0.3"),
        parameter("entrap_if_weak", "0.1"), parameter("abandonment_cost", 10, 0, 20),
        parameter("entrapment_cost", 8, 0, 20)],
        predictions={"defensive_realism": {"rules": [
            {"when": "(abandon_if_weak - abandon_if_strong)*abandonment_cost > "
                     "(entrap_if_strong - entrap_if_weak)*entrapment_cost", "outcome": "tight_alliance"},
            {"when": "(abandon_if_weak - abandon_if_strong)*abandonment_cost < "
                     "(entrap_if_strong - entrap_if_weak)*entrapment_cost", "outcome": "loose_alliance"}]}})


@pytest.fixture(scope="module")
def bargaining():
    share = "capability_a / (capability_a + capability_b + ally_capability)"
    return Model("tie_bargaining", "Bargaining range tie (test)", sources=SOURCE, **GAME, parameters=[
        parameter("demand", "0.6"), parameter("capability_a", 6, "0.1", 20), parameter("capability_b", 4, "0.1", 20),
        parameter("ally_capability", 0, 0, 20), parameter("war_cost_a", "0.1"), parameter("war_cost_b", "0.15")],
        predictions={"defensive_realism": {"rules": [
            {"when": f"{share} - war_cost_a <= demand <= {share} + war_cost_b", "outcome": "peace"},
            {"when": f"demand > {share} + war_cost_b", "outcome": "b_refuses"},
            {"when": f"demand < {share} - war_cost_a", "outcome": "a_attacks"}]}})


def dilemma_tie(model) -> Fraction:
    """The entrapment cost E at which the two rules tie, from the model's defaults."""
    d = model.defaults
    return (d["abandonment_cost"] * (d["abandon_if_weak"] - d["abandon_if_strong"])
            / (d["entrap_if_strong"] - d["entrap_if_weak"]))


def bargaining_tie(model) -> Fraction:
    d = model.defaults
    share = Fraction(d["capability_a"]) / (d["capability_a"] + d["capability_b"] + d["ally_capability"])
    return share + d["war_cost_b"]


def test_the_dilemma_tie_is_a_float_artefact_in_plain_floats(dilemma):
    d = {k: float(v) for k, v in dilemma.defaults.items()}
    tie = float(dilemma_tie(dilemma))
    assert tie == 15.0
    lhs = (d["abandon_if_weak"] - d["abandon_if_strong"]) * d["abandonment_cost"]
    rhs = (d["entrap_if_strong"] - d["entrap_if_weak"]) * tie
    assert lhs != rhs  # a float evaluation would pick a side of an exact tie


def test_predict_at_the_dilemma_tie_is_the_exact_answer(dilemma):
    tie = dilemma_tie(dilemma)
    assert dilemma.predicted_rule("defensive_realism", entrapment_cost=tie) is None  # both strict: neither applies
    grid = np.array([14.0, 15.0, 16.0])
    assert dilemma.predict("defensive_realism", entrapment_cost=grid).tolist() == \
        ["tight_alliance", "", "loose_alliance"]
    assert str(dilemma.predict("defensive_realism", entrapment_cost=15.0)) == ""
    assert str(dilemma.predict("defensive_realism", entrapment_cost=tie)) == ""
    evaluation = dilemma.rule_evaluation("defensive_realism", entrapment_cost=grid)
    assert evaluation.tie.tolist() == [False, True, False] and evaluation.exact.tolist() == [False, True, False]


def test_predict_at_the_bargaining_tie_is_the_exact_answer(bargaining):
    tie = bargaining_tie(bargaining)
    assert tie == Fraction(3, 4)
    assert bargaining.predicted_rule("defensive_realism", demand=tie).outcome == "peace"
    grid = np.array([0.7, float(tie), 0.8])
    assert bargaining.predict("defensive_realism", demand=grid).tolist() == ["peace", "peace", "b_refuses"]
    assert bargaining.rule_evaluation("defensive_realism", demand=grid).tie.tolist() == [False, True, False]


@pytest.mark.parametrize("fixture, axis, values", [
    ("dilemma", "entrapment_cost", [13.0, 14.0, 15.0, 16.0, 17.0]),
    ("bargaining", "demand", [0.6, 0.65, 0.7, 0.75, 0.8, 0.85]),
])
def test_predict_agrees_with_the_comparison_at_every_point(request, fixture, axis, values):
    model = request.getfixturevalue(fixture)
    frame = sweep(model, grid={axis: values})
    comparison = compare(model, frame, "defensive_realism")
    points = comparison.points.sort_values(axis)
    predicted = model.predict_rules("defensive_realism", **{axis: points[axis].to_numpy()})
    assert predicted.tolist() == points["rule"].tolist()
    assert comparison.tie_points >= 1 and comparison.exact_points == comparison.tie_points
    # The class page decides at the same exact point the same way.
    for value, rule in zip(values, points["rule"]):
        found = model.predicted_rule("defensive_realism", **{axis: Fraction(repr(value))})
        assert (found is None and rule == -1) or model.theory("defensive_realism").rules.index(found) == rule


@pytest.mark.slow
@pytest.mark.parametrize("key", ["alliance_security_dilemma", "bargaining_range"])
def test_predict_agrees_with_the_comparison_on_the_library_default_sweeps(key):
    model = load_model(key)
    frame = sweep(model, grid=model.sweep_axes, fixed=model.sweep_fixed)
    inputs = [p.name for p in model.input_parameters]
    for theory in model.predictions:
        points = compare(model, frame, theory).points
        predicted = model.predict_rules(theory, **{name: points[name].to_numpy() for name in inputs})
        assert predicted.tolist() == points["rule"].tolist(), theory


def test_predict_keeps_its_shape_and_the_tolerance_decides_float_ties(dilemma):
    grid = np.array([[14.0, 15.0], [16.0, 15.0 + 1e-13]])
    result = dilemma.predict("defensive_realism", entrapment_cost=grid)
    assert result.shape == (2, 2) and result[0, 0] == "tight_alliance" and result[1, 0] == "loose_alliance"
    # 15 + 1e-13 is no short decimal: inside the tie band, the tolerance decides (strict comparisons fail).
    evaluation = dilemma.rule_evaluation("defensive_realism", entrapment_cost=grid)
    assert bool(evaluation.tie[1, 1]) and not bool(evaluation.exact[1, 1]) and result[1, 1] == ""
