"""Theory comparison: per-point agreement semantics, summaries and divergence regions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gametheory.study.compare import compare
from gametheory.model import Model, load_model
from gametheory.study.sweep import sweep

SOURCE = [{"citation": "Jervis, Robert. 1978. Cooperation under the Security Dilemma. World Politics 30(2): 167-214."}]


def security_dilemma(rules):
    """Stag Hunt / Prisoner's Dilemma family with the given defensive-realist rules."""
    return Model(
        "test_dilemma",
        "Security dilemma (test)",
        parameters=[
            {"name": "temptation", "default": 3, "low": 0, "high": 10, "meaning": "T"},
            {"name": "sucker", "default": 0, "low": 0, "high": 10, "meaning": "S"},
        ],
        players={"A": ["C", "D"], "B": ["C", "D"]},
        payoffs={"C,C": [4, 4], "C,D": ["sucker", "temptation"], "D,C": ["temptation", "sucker"], "D,D": [2, 2]},
        sources=SOURCE,
        outcomes={"restraint": ["C,C"], "arms_race": ["D,D"]},
        predictions={"defensive_realism": {"rules": rules}},
    )


def test_declared_predictions_of_the_stag_hunt_agree_everywhere():
    model = load_model("stag_hunt")
    frame = sweep(model, grid={"temptation": np.linspace(0, 10, 21), "sucker": np.linspace(0, 10, 21)})
    result = compare(model, frame)
    assert result.n_points == 441
    # Rule 1 covers temptation < reward (= 4): 8 temptation values x 21; rule 2 covers
    # temptation > 4 with punishment (= 2) > sucker: 12 x 4. Elsewhere no prediction.
    assert result.n_predicted == 8 * 21 + 12 * 4
    assert result.agreement == 1.0
    assert result.divergence().empty
    assert result.where_it_fails() == "nowhere"


def test_each_expectation_kind_is_checked_against_the_equilibria():
    model = security_dilemma(
        [
            {"when": "temptation < 4 and sucker < 2", "outcome": "restraint", "expect": "unique_equilibrium"},
            {"when": "temptation < 4", "outcome": "arms_race", "expect": "not_equilibrium"},
            {"when": "temptation > 4", "outcome": "arms_race", "expect": "equilibrium"},
        ]
    )
    frame = sweep(model, grid={"temptation": [1, 3, 5], "sucker": [0, 1, 3]})
    result = compare(model, frame)
    points = result.points.set_index(["temptation", "sucker"])
    # T < 4, S < 2: Stag Hunt (C,C), (D,D) and a mixed one: (C,C) is not unique.
    assert not points.loc[(3.0, 1.0), "agree"] and points.loc[(3.0, 1.0), "rule"] == 0
    assert points.loc[(3.0, 1.0), "regime"] == "C,C | D,D | mixed"
    # T < 4, S >= 2: with S > P = 2, (D,D) is no equilibrium (Harmony): agree.
    assert points.loc[(3.0, 3.0), "agree"] and points.loc[(3.0, 3.0), "rule"] == 1
    assert points.loc[(3.0, 3.0), "regime"] == "C,C"
    # T > 4: (D,D) is an equilibrium exactly when S < P = 2.
    assert points.loc[(5.0, 0.0), "agree"] and points.loc[(5.0, 1.0), "agree"]
    assert not points.loc[(5.0, 3.0), "agree"]
    by_rule = result.by_rule().set_index("rule")
    assert by_rule.loc[0, "points"] == 4 and by_rule.loc[0, "agree"] == 0
    assert by_rule.loc[2, "points"] == 3 and by_rule.loc[2, "agree"] == 2
    assert result.agreement == pytest.approx(np.mean(result.points["agree"].astype(bool)))


def test_points_without_a_prediction_are_not_counted_as_agreement():
    model = security_dilemma([{"when": "temptation > 4", "outcome": "arms_race", "expect": "equilibrium"}])
    result = compare(model, sweep(model, grid={"temptation": [1, 5], "sucker": [0]}))
    assert result.n_predicted == 1
    assert pd.isna(result.points.set_index("temptation").loc[1.0, "agree"])
    assert result.agreement == 1.0


def test_divergence_reports_the_parameter_box_of_failing_points():
    model = security_dilemma([{"outcome": "restraint", "expect": "equilibrium", "note": "always restraint"}])
    frame = sweep(model, grid={"temptation": np.linspace(0, 10, 11), "sucker": [0, 5]})
    result = compare(model, frame)
    failing = result.divergence()
    assert len(failing) == 1
    row = failing.iloc[0]
    # (C,C) stops being an equilibrium once temptation exceeds the reward 4.
    assert row["points"] == 12
    assert row["temptation"] == "[5, 10]"
    assert "fails at 12 points" in result.where_it_fails()
    assert result.agreement == pytest.approx(10 / 22)


def test_compare_rejects_a_frame_of_another_model():
    model = load_model("stag_hunt")
    other = load_model("chicken")
    frame = sweep(other, grid={"war": [0, 1]})
    with pytest.raises(ValueError, match="lacks parameter columns"):
        compare(model, frame)
    with pytest.raises(ValueError, match="no predictions"):
        compare(other, frame, theory="astrology")


# ------------------------------------------- continuous and coalitional kinds
def coalitional_model(expect):
    """Three states; one rule (always) expecting a two-state winning coalition in the given way."""
    return Model(
        "test_coalitions",
        "Coalitions (test)",
        parameters=[{"name": "big", "default": 4, "low": 0, "high": 10, "meaning": "resources of Big"}],
        coalitional={"players": ["Big", "Mid", "Small"], "resources": {"Big": "big", "Mid": 3, "Small": 2}},
        sources=SOURCE,
        outcomes={"pair": {"description": "two states win together", "condition": "winning_size == 2"}},
        predictions={"defensive_realism": {"rules": [{"outcome": "pair", "expect": expect}]}},
    )


def crafted_structures(model):
    """Five points: (structures, winning sizes) = two with one pair | one pair | two pairs | none stable | one trio."""
    cases = [[2, 3], [2], [2, 2], [], [3]]
    rows = []
    for point, sizes in enumerate(cases):
        for k, size in enumerate(sizes or [np.nan]):
            row = dict.fromkeys(model.outcome_variables, 0.0)
            row.update({"point": point, "big": float(point), "equilibrium": k, "winning_size": size,
                        "certified": bool(sizes), "n_equilibria": len(sizes),
                        "outcome": "pair" if size == 2 else "(none)"})
            rows.append(row)
    return pd.DataFrame(rows)


@pytest.mark.parametrize(
    "expect, agree",
    [
        ("equilibrium", [True, True, True, False, False]),
        ("every_equilibrium", [False, True, True, False, False]),
        ("unique_equilibrium", [False, True, False, False, False]),
        ("not_equilibrium", [False, False, False, True, True]),
    ],
)
def test_coalitional_agreement_at_some_every_the_unique_or_no_stable_structure(expect, agree):
    model = coalitional_model(expect)
    result = compare(model, crafted_structures(model))
    assert result.points["agree"].astype(bool).tolist() == agree
    assert result.points["n_equilibria"].tolist() == [2, 1, 2, 0, 1]
    assert result.points["regime"].tolist()[:3] == ["(none) | pair", "pair", "pair"]
    assert result.agreement == pytest.approx(sum(agree) / 5)


def continuous_model(expect):
    return Model(
        "test_contributions",
        "Contributions (test)",
        parameters=[{"name": "income", "default": 10, "low": 1, "high": 20, "meaning": "income of A"}],
        continuous={"players": [
            {"name": "A", "action": "x", "low": 0, "high": "income", "payoff": "log(income - x) + log(x + y)"},
            {"name": "B", "action": "y", "low": 0, "high": 1, "payoff": "log(2 - y) + log(x + y)"},
        ]},
        sources=SOURCE,
        outcomes={"b_free_rides": {"description": "B spends nothing", "condition": "y == 0"}},
        predictions={"defensive_realism": {"rules": [{"outcome": "b_free_rides", "expect": expect}]}},
    )


@pytest.mark.parametrize("expect, agree", [("equilibrium", [True, False, False]), ("not_equilibrium", [False, True, True])])
def test_continuous_agreement_at_the_certified_equilibrium(expect, agree):
    """Point 0: y = 1e-9 counts as 0 (action tolerance); point 1: y = 0.5; point 2: y = 0 but not certified."""
    model = continuous_model(expect)
    frame = pd.DataFrame({"point": [0, 1, 2], "income": [10.0, 11.0, 12.0], "equilibrium": 0,
                          "x": [5.0, 5.0, 6.0], "y": [1e-9, 0.5, 0.0], "certified": [True, True, False],
                          "n_equilibria": [1, 1, 0], "outcome": ["b_free_rides", "(none)", "(no equilibrium found)"]})
    result = compare(model, frame)
    assert result.points["agree"].astype(bool).tolist() == agree
    assert result.points["n_equilibria"].tolist() == [1, 1, 0]


def test_kind_comparison_of_a_real_sweep_and_untestable_outcomes():
    model = continuous_model("equilibrium")
    frame = sweep(model, grid={"income": [1, 10]})
    # First-order conditions: x = (income - y) / 2 and y = (2 - x) / 2 within [0, 1]. Income 1: (0, 1),
    # B spends all it may; income 10: (5, 0), B free-rides.
    assert frame["certified"].all()
    assert frame[["x", "y"]].to_numpy() == pytest.approx(np.array([[0.0, 1.0], [5.0, 0.0]]), abs=1e-6)
    result = compare(model, frame)
    assert result.points["agree"].astype(bool).tolist() == [False, True] and result.agreement == 0.5
    assert result.points["regime"].tolist() == ["(none)", "b_free_rides"]
    assert "fails at 1 points" in result.where_it_fails()
    words = Model(
        "test_words", "Words (test)",
        parameters=[{"name": "big", "default": 4, "low": 0, "high": 10, "meaning": "resources of Big"}],
        coalitional={"players": ["Big", "Mid"], "resources": {"Big": "big", "Mid": 3}},
        sources=SOURCE,
        outcomes={"pair": "two states win together"},
        predictions={"defensive_realism": {"rules": [{"outcome": "pair"}]}},
    )
    with pytest.raises(ValueError, match=r"outcome\(s\) \['pair'\] that are described in words only"):
        compare(words, sweep(words, grid={"big": [1]}))
