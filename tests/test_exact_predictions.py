"""Model.predict decides rule conditions as the comparison does: exactly at ties, with the tie band reported.

The two known ties of the library: ``alliance_security_dilemma`` where
(P_A,weak - P_A,strong) A = (P_E,strong - P_E,weak) E (0.3 A = 0.2 E at the
defaults, so A = 10, E = 15), and ``bargaining_range`` where the demand equals
A's share of capability plus B's war cost (p + c_B = 3/5 + 3/20 = 3/4 at the
defaults). In floats the two sides of the first differ in the last bit.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from gametheory.model import load_model
from gametheory.study.compare import compare
from gametheory.study.sweep import sweep


@pytest.fixture(scope="module")
def dilemma():
    return load_model("alliance_security_dilemma")


@pytest.fixture(scope="module")
def bargaining():
    return load_model("bargaining_range")


def dilemma_tie(model) -> Fraction:
    """The entrapment cost E at which the defensive-realism rules tie, from the model's defaults."""
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


@pytest.mark.parametrize("key, axis, values", [
    ("alliance_security_dilemma", "entrapment_cost", [13.0, 14.0, 15.0, 16.0, 17.0]),
    ("bargaining_range", "demand", [0.6, 0.65, 0.7, 0.75, 0.8, 0.85]),
])
def test_predict_agrees_with_the_comparison_at_every_point(key, axis, values):
    model = load_model(key)
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


def test_predict_keeps_its_shape_and_the_tolerance_decides_float_ties(dilemma):
    grid = np.array([[14.0, 15.0], [16.0, 15.0 + 1e-13]])
    result = dilemma.predict("defensive_realism", entrapment_cost=grid)
    assert result.shape == (2, 2) and result[0, 0] == "tight_alliance" and result[1, 0] == "loose_alliance"
    # 15 + 1e-13 is no short decimal: inside the tie band, the tolerance decides (strict comparisons fail).
    evaluation = dilemma.rule_evaluation("defensive_realism", entrapment_cost=grid)
    assert bool(evaluation.tie[1, 1]) and not bool(evaluation.exact[1, 1]) and result[1, 1] == ""
