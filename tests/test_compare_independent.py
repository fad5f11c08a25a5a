"""Independent predictions: structural parameters, exact ties, by-construction rules, directions, divergence."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from gametheory.model import Model, ModelError, load_model
from gametheory.model.document import NO_STRUCTURAL_NOTE
from gametheory.study.compare import compare
from gametheory.study.directions import direction_tests, outcome_probability, theory_divergence
from gametheory.study.exact_rules import evaluate_rules
from gametheory.study.sweep import sweep

DATA = Path(__file__).parent / "data" / "models"

SOURCE = [{"citation": "Jervis, Robert. 1978. Cooperation under the Security Dilemma. World Politics 30(2): 167-214."}]


def dilemma(rules, *, structural=("temptation",), extra=None, theories=None):
    """A Stag Hunt / Prisoner's Dilemma family whose temptation is the structural variable."""
    parameters = [
        {"name": "temptation", "default": 3, "low": 0, "high": 10, "meaning": "T",
         **({"structural": True, "source": "Jervis 1978, pp. 170-186"} if "temptation" in structural else {})},
        {"name": "sucker", "default": 0, "low": 0, "high": 10, "meaning": "S",
         **({"structural": True} if "sucker" in structural else {})},
    ] + list(extra or [])
    return Model(
        "test_dilemma", "Security dilemma (test)", parameters=parameters,
        players={"A": ["C", "D"], "B": ["C", "D"]},
        payoffs={"C,C": [4, 4], "C,D": ["sucker", "temptation"], "D,C": ["temptation", "sucker"], "D,D": [2, 2]},
        sources=SOURCE, outcomes={"restraint": ["C,C"], "arms_race": ["D,D"]},
        predictions={"defensive_realism": {"rules": rules}, **(theories or {})},
    )


# ------------------------------------------------------------------ format
def test_a_structural_model_refuses_a_rule_reading_a_payoff_parameter():
    with pytest.raises(ModelError) as caught:
        dilemma([{"when": "sucker > 1", "outcome": "restraint"}])
    message = str(caught.value)
    assert "predictions.defensive_realism.rules[0].when" in message and "'sucker'" in message
    assert "structural" in message


def test_a_model_without_structural_variables_keeps_loading_with_rules_not_independent():
    model = dilemma([{"when": "sucker > 1", "outcome": "restraint"}], structural=())
    rule = model.theory("defensive_realism").rules[0]
    assert rule.independent is False and rule.independence_note == NO_STRUCTURAL_NOTE
    assert rule.reads == ("sucker",)
    stag = load_model("stag_hunt").theory("defensive_realism").rules[0]
    assert stag.independent is False


def test_structural_markers_in_the_library_load_and_make_rules_independent():
    for key in ("bargaining_range", "chain_ganging", "balance_of_power"):
        model = load_model(key)
        assert any(getattr(p, "structural", False) for p in model.parameters)
        assert all(r.independent for theory in model.predictions.values() for r in theory.rules)
        assert all(p.source for p in model.parameters if p.structural)


def test_direction_rules_are_parsed_and_checked():
    model = dilemma([{"when": "temptation < 4", "outcome": "restraint"},
                     {"direction": "decreases", "outcome": "restraint", "with": "temptation", "lambda": 5}])
    theory = model.theory("defensive_realism")
    assert len(theory.rules) == 1 and len(theory.directions) == 1
    direction = theory.directions[0]
    assert (direction.direction, direction.variable, direction.lam, direction.independent) == \
        ("decreases", "temptation", 5.0, True)
    for bad, where, text in [
        ({"direction": "rises", "outcome": "restraint", "with": "temptation"}, "direction", "increases"),
        ({"direction": "increases", "outcome": "restraint", "with": "nothing"}, "with", "parameter"),
        ({"direction": "increases", "outcome": "restraint", "with": "sucker"}, "with", "structural"),
        ({"direction": "increases", "outcome": "restraint", "with": "temptation", "lambda": -1}, "lambda", "positive"),
        ({"direction": "increases", "outcome": "restraint", "with": "temptation", "sign": 1}, "sign", "unknown"),
    ]:
        with pytest.raises(ModelError) as caught:
            dilemma([{"outcome": "restraint"}, bad])
        assert f"rules[1].{where}" in str(caught.value) and text in str(caught.value), str(caught.value)


def test_derived_parameters_are_checked_against_the_structural_variables():
    derived = {"name": "twice", "default": 6, "low": 0, "high": 20, "meaning": "2T", "derived": "2 * temptation",
               "source": "ours"}
    model = dilemma([{"when": "temptation < 4", "outcome": "restraint"}], extra=[derived])
    assert next(p for p in model.parameters if p.name == "twice").derived == "2 * temptation"
    with pytest.raises(ModelError, match="differs from the derived value"):
        dilemma([{"outcome": "restraint"}], extra=[{**derived, "default": 5}])
    with pytest.raises(ModelError, match="not declared structural"):
        dilemma([{"outcome": "restraint"}], extra=[{**derived, "derived": "2 * sucker"}])
    with pytest.raises(ModelError, match="needs the 'source'"):
        dilemma([{"outcome": "restraint"}], extra=[{k: v for k, v in derived.items() if k != "source"}])
    with pytest.raises(ModelError, match="derived parameter"):
        dilemma([{"when": "twice < 8", "outcome": "restraint"}], extra=[derived])


# ------------------------------------------------------------ exact ties
def test_rule_conditions_are_decided_exactly_at_exact_grid_points():
    # Test models kept from the library's earlier encodings, whose rules restate the equilibrium conditions:
    # the two-ally alliance dilemma with expected costs and the one-demand bargaining range.
    model = load_model(DATA / "alliance_security_dilemma_expected_costs.toml")
    frame = sweep(model, grid={"abandonment_cost": [9.5, 10.0, 10.5], "entrapment_cost": [15.0]})
    result = compare(model, frame)
    # 0.3 A = 0.2 E at A = 10, E = 15: a tie, where neither strict rule applies.
    by_cost = result.points.set_index("abandonment_cost")
    assert by_cost.loc[10.0, "rule"] == -1 and result.tie_points == 1 and result.exact_points == 1
    assert result.agreement == 1.0
    # Its default sweep crosses the range's ends (demand = p + c_B is 3/5 + 3/20 = 3/4 without an ally)
    # at grid points: ties, decided exactly where the grid point is exact, and every prediction holds.
    bargaining = load_model(DATA / "bargaining_range_one_shot.toml")
    result = compare(bargaining, sweep(bargaining, grid=bargaining.sweep_axes))
    assert result.agreement == 1.0 and result.tie_points >= 1 and result.exact_points >= 1


def test_a_float_grid_point_in_the_tie_band_is_decided_with_the_tolerance():
    model = dilemma([{"when": "temptation < 4", "outcome": "restraint"},
                     {"when": "temptation >= 4", "outcome": "arms_race"}])
    rules = model.theory("defensive_realism").rules
    near_four = 4 - 1e-12  # long decimal: not an exact grid point
    result = evaluate_rules(rules, model.parameters, {"temptation": np.array([near_four, 3.0]),
                                                      "sucker": np.array([0.0, 0.0])})
    assert result.index.tolist() == [1, 0] and result.tie.tolist() == [True, False]
    assert result.exact.tolist() == [False, False]


# ------------------------------------------------ independent agreement
def test_independent_agreement_leaves_out_rules_true_by_construction():
    model = dilemma([{"when": "temptation < 4", "outcome": "restraint"},          # restates C,C's condition
                     {"when": "temptation >= 4", "outcome": "restraint"}],        # can fail, and does
                    theories={"offensive_realism": {"rules": [{"outcome": "arms_race"}]}})
    frame = sweep(model, grid={"temptation": [1, 2, 3, 5, 6]})
    result = compare(model, frame)
    assert [v.by_construction for v in result.verdicts] == [True, False]
    assert result.by_construction_rules == 1 and result.agreement == pytest.approx(3 / 5)
    assert result.independent_points == 2 and result.independent_agreement == 0.0
    table = result.by_rule()
    assert table["by_construction"].tolist()[:2] == [True, False] and "independent" in table
    assert "by_construction" in result.divergence().columns
    summary = result.summary()
    assert summary["independent_points"] == 2 and summary["by_construction_rules"] == 1
    # Where the two theories diverge, and whom the equilibria side with there.
    both = {name: compare(model, frame, name) for name in model.predictions}
    diverge = theory_divergence(both).set_index("rival").loc["offensive_realism"]
    # In the Stag Hunt (temptation < 4) both outcomes are equilibria; in the Prisoner's Dilemma only arms racing.
    assert diverge["points"] == 5 and diverge["both"] == 3 and diverge["theory only"] == 0
    assert diverge["rival only"] == 2 and diverge["sides with"] == "offensive_realism"


# ------------------------------------------------------------- directions
def test_directions_are_tested_by_signs_of_finite_differences_of_the_logit_qre():
    model = dilemma([{"outcome": "restraint"},
                     {"direction": "decreases", "outcome": "restraint", "with": "temptation"},
                     {"direction": "increases", "outcome": "restraint", "with": "temptation"},
                     {"direction": "increases", "outcome": "restraint", "with": "temptation", "when": "temptation > 8"}],
                    structural=("temptation", "sucker"))
    frame = sweep(model, grid={"temptation": [1, 2, 3, 5, 7], "sucker": [0, 1]})
    table = direction_tests(model, frame, "defensive_realism")
    assert table["steps"].tolist() == [8, 8, 0]
    assert table["share"].iloc[0] == 1.0 and table["share"].iloc[1] == 0.0 and np.isnan(table["share"].iloc[2])
    probability, note = outcome_probability(model, frame, model.theory("defensive_realism").directions[0])
    assert "logit QRE" in note and ((probability > 0) & (probability < 1)).all()
    not_swept = direction_tests(model, sweep(model, grid={"sucker": [0, 1]}), "defensive_realism")
    assert "not swept" in not_swept["note"].iloc[0]


# -------------------------------------------------------------- selection
def test_selection_by_qre_risk_and_payoff_dominance_in_the_stag_hunt():
    from gametheory.study.selection import selected_profiles

    model = load_model("stag_hunt")
    values = {"temptation": np.array([1.0, 3.0, 5.0, 2.0]), "sucker": np.array([0.0, 0.0, 0.0, 1.0])}
    selected = selected_profiles(model, values)
    # T = 1: cooperation is payoff and risk dominant; T = 3: arms racing risk dominant, cooperation payoff
    # dominant; T = 5: a Prisoner's Dilemma, one equilibrium, nothing to select between.
    assert selected["risk_dominant"].tolist()[:3] == ["C,C", "D,D", ""]
    assert selected["payoff_dominant"].tolist()[:3] == ["C,C", "C,C", ""]
    assert selected["qre"].tolist()[:3] == ["C,C", "D,D", "D,D"]
    assert selected_profiles(load_model("balance_of_power"), {}) is None


def test_the_qre_selection_agrees_with_pygambit_logit_solve_on_random_coordination_games():
    gambit = pytest.importorskip("pygambit")
    from gametheory.study.selection import selected_profiles

    rng = np.random.default_rng(3)
    model = Model(
        "coordination", "Coordination (test)",
        parameters=[{"name": n, "default": 1, "low": 0, "high": 10, "meaning": n} for n in ("a", "b", "c", "d")],
        players={"A": ["X", "Y"], "B": ["X", "Y"]},
        payoffs={"X,X": ["a", "b"], "X,Y": [0, 0], "Y,X": [0, 0], "Y,Y": ["c", "d"]},
        sources=SOURCE, predictions={"defensive_realism": {"rules": [{"outcome": "X,X"}]}},
    )
    draws = rng.integers(1, 10, size=(12, 4)).astype(float)
    values = {name: draws[:, k] for k, name in enumerate("abcd")}
    ours = selected_profiles(model, values)["qre"]
    for k, (a, b, c, d) in enumerate(draws):
        if a * b == c * d:
            continue  # a risk-dominance tie: the branch's limit is not a pure profile
        game = gambit.Game.from_arrays(np.array([[a, 0], [0, c]]), np.array([[b, 0], [0, d]]))
        profile = gambit.nash.logit_solve(game).equilibria[0]
        first, second = list(game.players)
        row = [float(profile[s]) for s in first.strategies]
        column = [float(profile[s]) for s in second.strategies]
        theirs = f"{'XY'[int(np.argmax(row))]},{'XY'[int(np.argmax(column))]}"
        assert ours[k] == theirs, (a, b, c, d)


def test_model_files_name_the_file_line_and_key_of_a_rule_reading_a_payoff_parameter(tmp_path):
    from gametheory.model.loader import read_model_file

    text = '''key = "tiny"
title = "Tiny"
summary = "A test model."
sources = [{ citation = "Jervis, Robert. 1978. Cooperation under the Security Dilemma." }]
players = [{ name = "A", actions = ["C", "D"] }, { name = "B", actions = ["C", "D"] }]

[parameters.offense_advantage]
structural = true
source = "Jervis 1978, pp. 186-199"
default = 1
range = [0, 4]
meaning = "offense-defense balance"

[parameters.sucker]
default = 0
meaning = "payoff of cooperating alone"

[payoffs]
"C,C" = [4, 4]
"C,D" = ["sucker - offense_advantage", 3]
"D,C" = [3, "sucker - offense_advantage"]
"D,D" = [2, 2]

[predictions.defensive_realism]
rules = [
  { when = "offense_advantage < 2", outcome = "C,C" },
  { direction = "decreases", outcome = "C,C", with = "offense_advantage", lambda = 8 },
  { when = "sucker > 1", outcome = "D,D" },
]
'''
    path = tmp_path / "tiny.toml"
    path.write_text(text)
    with pytest.raises(ModelError) as caught:
        read_model_file(path)
    message = str(caught.value)
    assert "tiny.toml" in message and "predictions.defensive_realism.rules[2].when" in message
    assert "'sucker'" in message
    path.write_text(text.replace('  { when = "sucker > 1", outcome = "D,D" },\n', ""))
    model = read_model_file(path)
    theory = model.theory("defensive_realism")
    assert theory.rules[0].independent and theory.directions[0].lam == 8.0
    path.write_text(text.replace("lambda = 8", "lamda = 8"))
    with pytest.raises(ModelError, match="lamda"):
        read_model_file(path)
