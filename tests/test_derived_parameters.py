"""Derived parameters follow the structural variables everywhere the model is taken at a point.

The test models (``tests/data/models/derived_threat.toml``, a 2x2 game whose
threat is ``aggressive_intent * offensive_capability / (1 + proximity)``, and
``derived_tree.toml``, an entry tree whose fighting cost is ``2 - capability``)
are checked against the formula computed here by hand, in exact arithmetic.
"""

from __future__ import annotations

import pickle
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from gametheory.model import Model, ModelError, load_model
from gametheory.model.fingerprint import model_fingerprint
from gametheory.solvers import solve

DATA = Path(__file__).parent / "data" / "models"
THREAT = str(DATA / "derived_threat.toml")
TREE = str(DATA / "derived_tree.toml")
FORMULA = "aggressive_intent * offensive_capability / (1 + proximity)"


@pytest.fixture(scope="module")
def threat_model():
    return load_model(THREAT)


@pytest.fixture(scope="module")
def tree_model():
    return load_model(TREE)


def threat(intent, capability, proximity):
    return Fraction(intent) * Fraction(capability) / (1 + Fraction(proximity))


def small_model(formula="2 * x", *, default=2, low=0, high=10):
    """A 2x2 model built in Python whose payoff parameter ``y`` is derived from the structural ``x``."""
    return Model(
        "derived_small", "Derived (test)",
        parameters=[
            {"name": "x", "default": 1, "low": 0, "high": 3, "meaning": "an observable", "structural": True,
             "source": "ours"},
            {"name": "y", "default": default, "low": low, "high": high, "meaning": "follows x", "derived": formula,
             "source": "ours"},
        ],
        players={"A": ["C", "D"], "B": ["C", "D"]},
        payoffs={"C,C": ["y", "y"], "C,D": [0, 1], "D,C": [1, 0], "D,D": [1, 1]},
        sources=[{"citation": "A test model (ours)."}],
        predictions={"defensive_realism": {"rules": [{"when": "x > 1", "outcome": "C,C"}]}},
    )


# ------------------------------------------------------------------ values
def test_the_model_lists_its_derived_parameters_and_inputs(threat_model):
    assert threat_model.derived == {"threat": FORMULA}
    assert [p.name for p in threat_model.input_parameters] == [
        "aggressive_intent", "offensive_capability", "proximity", "alliance_cost"]
    assert load_model("stag_hunt").derived == {}


def test_values_compute_derived_parameters_exactly(threat_model):
    assert threat_model.values()["threat"] == Fraction(1, 4)
    for intent, capability, proximity in [("1/3", 2, 0), (1, "0.7", 2), (0, 1, 1), ("0.5", "1.5", "0.5")]:
        values = threat_model.values(aggressive_intent=intent, offensive_capability=capability, proximity=proximity)
        expected = threat(intent, capability, proximity)
        assert values["threat"] == expected and isinstance(values["threat"], (int, Fraction))
    assert list(threat_model.values()) == [p.name for p in threat_model.parameters]  # declaration order


def test_float_inputs_give_float_derived_values(threat_model):
    value = threat_model.values(aggressive_intent=0.3)["threat"]
    assert isinstance(value, float) and value == pytest.approx(0.3 / 2)


def test_the_game_follows_the_structural_values(threat_model):
    rng = np.random.default_rng(1)
    for _ in range(10):
        intent = Fraction(int(rng.integers(0, 11)), 10)
        capability = Fraction(int(rng.integers(0, 21)), 10)
        proximity = Fraction(int(rng.integers(0, 31)), 10)
        game = threat_model.game(aggressive_intent=intent, offensive_capability=capability, proximity=proximity)
        t = threat(intent, capability, proximity)
        assert game.is_exact
        assert game.payoff_profile(("Balance", "Support")) == (1 - Fraction(1, 10), t - Fraction(1, 10))
        assert game.payoff_profile(("Balance", "Abstain"))[0] == Fraction(1, 2) - t
        for equilibrium in solve(game).equilibria:  # certified at the derived payoffs
            assert equilibrium.max_regret == 0


def test_payoff_arrays_follow_and_agree_with_the_exact_game(threat_model):
    intent = np.array([0.0, 0.25, 0.5, 1.0])
    proximity = np.array([0.0, 1.0, 2.0, 3.0])
    A, B = threat_model.payoff_arrays(aggressive_intent=intent, proximity=proximity)
    for k in range(4):
        game = threat_model.game(aggressive_intent=float(intent[k]), proximity=float(proximity[k]))
        np.testing.assert_allclose(A[k], np.asarray(game.payoffs[0], dtype=float), rtol=0, atol=1e-12)
        np.testing.assert_allclose(B[k], np.asarray(game.payoffs[1], dtype=float), rtol=0, atol=1e-12)
    derived = threat_model.derived_values(aggressive_intent=intent, proximity=proximity)["threat"]
    np.testing.assert_allclose(derived, intent / (1 + proximity))


def test_other_kinds_follow_the_structural_values(tree_model):
    from gametheory.model.kinds.tree import reached_outcomes
    from gametheory.study.sweep.trees import solve_tree_model

    assert tree_model.values(capability=4)["fight_cost"] == -2
    # fight_cost = -3/2 at capability 7/2: fighting pays the incumbent, so entry is deterred.
    assert [reached_outcomes(e) for e in solve_tree_model(tree_model, capability="7/2")] == [{"out": 1}]
    assert [reached_outcomes(e) for e in solve_tree_model(tree_model, capability=4)] == [{"out": 1}]
    assert [reached_outcomes(e) for e in solve_tree_model(tree_model, capability=1)] == [{"shared": 1}]


# ------------------------------------------------------------------ refusals
@pytest.mark.parametrize("call", [
    lambda m: m.values(threat=1),
    lambda m: m.game(threat=1),
    lambda m: m.payoff_arrays(threat=np.array([0.1, 0.2])),
    lambda m: m.derived_values(threat=1),
    lambda m: m.predict("balance_of_threat", threat=1),
    lambda m: m.predicted_rule("balance_of_threat", threat=1),
])
def test_giving_a_derived_parameter_a_value_is_refused_naming_it_and_its_formula(threat_model, call):
    with pytest.raises(ValueError) as caught:
        call(threat_model)
    message = str(caught.value)
    assert "'threat'" in message and FORMULA in message and "aggressive_intent" in message


def test_a_derived_value_outside_its_range_is_refused_naming_the_point():
    model = small_model(high=4)
    assert model.values(x=2)["y"] == 4
    with pytest.raises(ValueError) as caught:
        model.game(x=3)
    assert "'y'" in str(caught.value) and "2 * x" in str(caught.value) and "range" in str(caught.value)
    with pytest.raises(ValueError) as caught:
        model.payoff_arrays(x=np.array([1.0, 3.0]))
    assert "'y'" in str(caught.value) and "'x': 3.0" in str(caught.value)


def test_an_undefined_derived_value_is_refused():
    model = small_model("1 / (x - 2)", default=-1, low=-100, high=100)
    with pytest.raises(ValueError, match="undefined"):
        model.values(x=2)
    with pytest.raises(ValueError, match="undefined"):
        model.payoff_arrays(x=np.array([1.0, 2.0]))


def test_the_loader_refuses_a_sweep_axis_on_a_derived_parameter(tmp_path):
    text = Path(THREAT).read_text() + '\n[sweep.axes.threat]\nvalues = [0, 1]\n'
    path = tmp_path / "derived_threat.toml"
    path.write_text(text)
    with pytest.raises(ModelError) as caught:
        load_model(path)
    assert "sweep.axes.threat" in str(caught.value) and FORMULA in str(caught.value)


# ------------------------------------------------------------------ sweeps
def test_a_sweep_carries_the_derived_column_and_its_games(threat_model):
    from gametheory.study.sweep import sweep

    frame = sweep(threat_model, grid={"aggressive_intent": [0, 0.5, 1], "proximity": [0, 1, 3]},
                  fixed={"offensive_capability": 2})
    expected = frame["aggressive_intent"] * 2 / (1 + frame["proximity"])
    np.testing.assert_allclose(frame["threat"], expected)
    for (intent, proximity), rows in frame.groupby(["aggressive_intent", "proximity"]):
        game = threat_model.game(aggressive_intent=intent, offensive_capability=2, proximity=proximity)
        pure = sorted(",".join(e.pure_profile) for e in solve(game).pure)
        assert sorted(rows.loc[rows["pure"], "outcome"].astype(str)) == pure


def test_the_general_sweep_path_follows_derived_values(threat_model):
    from gametheory.study.sweep.model_sweep import _general

    part = {"aggressive_intent": np.array([0.0, 1.0]), "proximity": np.array([0.0, 0.0])}
    frame = _general(threat_model, part, {}, None, 2, text_columns=False)
    assert frame.groupby("point")["threat"].first().tolist() == [0.0, 1.0]


@pytest.mark.parametrize("arguments", [{"grid": {"threat": [0, 1]}},
                                       {"grid": {"proximity": [0, 1]}, "fixed": {"threat": 1}},
                                       {"samples": 4, "ranges": {"threat": (0, 1)}}])
def test_a_sweep_refuses_a_derived_axis_or_fixed_value(threat_model, arguments):
    from gametheory.study.sweep import sweep

    with pytest.raises(ValueError) as caught:
        sweep(threat_model, **arguments)
    assert "'threat'" in str(caught.value) and FORMULA in str(caught.value)


def test_default_samples_move_only_the_inputs(threat_model):
    from gametheory.study.sweep.model_sweep import sweep_design

    design = sweep_design(threat_model, samples=8, seed=3)
    assert "threat" not in design and {"aggressive_intent", "proximity"} <= set(design)


def test_a_tree_sweep_follows_the_derived_values(tree_model):
    from gametheory.study.sweep import sweep

    frame = sweep(tree_model, grid={"capability": [0, 1, 3.5, 4]})
    np.testing.assert_allclose(frame["fight_cost"], 2 - frame["capability"])
    deterred = frame.groupby("capability")["outcome"].apply(lambda s: set(s.astype(str)))
    assert deterred[4.0] == {"deterred"} and deterred[0.0] == {"entry"}


def test_a_model_with_derived_parameters_pickles_after_use(threat_model):
    threat_model.values(aggressive_intent=1)
    copy = pickle.loads(pickle.dumps(threat_model))
    assert copy.values(aggressive_intent=1)["threat"] == Fraction(1, 2)


# ------------------------------------------------------------------ comparison
def test_the_fingerprint_covers_the_formula():
    assert model_fingerprint(small_model("2 * x")) != model_fingerprint(small_model("x + 1"))
    assert model_fingerprint(small_model("2 * x")) == model_fingerprint(small_model("2 * x"))


def test_the_detector_reads_a_derived_parameter_through_its_formula(tree_model):
    from gametheory.study.construction import rule_verdicts

    # capability > 3 is exactly where 2 - capability < -1 makes fighting credible: by construction.
    verdicts = rule_verdicts(tree_model, "defensive_realism")
    assert verdicts[0].relation in ("equal", "contained") and verdicts[0].by_construction is True


def test_compare_runs_on_a_model_with_derived_parameters(threat_model):
    from gametheory.study.compare import compare
    from gametheory.study.sweep import sweep

    frame = sweep(threat_model, grid={"aggressive_intent": [0, 0.5, 1], "proximity": [0, 1]})
    comparison = compare(threat_model, frame, "balance_of_threat")
    points = comparison.points
    expected = np.where(points["aggressive_intent"] * 1 > (1 + points["proximity"]) / 5, 0, 1)
    assert points["rule"].tolist() == expected.tolist()


# ------------------------------------------------------------------ command line and class page
def test_the_command_line_refuses_set_and_grid_on_a_derived_parameter(tmp_path):
    from gametheory.cli.main import main

    runner = CliRunner()
    result = runner.invoke(main, ["solve", THREAT, "--set", "threat=1"])
    assert result.exit_code == 2 and "'threat'" in result.output and FORMULA in result.output
    result = runner.invoke(main, ["sweep", THREAT, "--grid", "threat=0:1:3", "-o", str(tmp_path / "x.csv"), "-q"])
    assert result.exit_code != 0 and "'threat'" in result.output and FORMULA in result.output
    result = runner.invoke(main, ["solve", THREAT, "--set", "aggressive_intent=1", "--set", "proximity=0"])
    assert result.exit_code == 0 and "threat=1," in result.output


def test_the_class_page_offers_no_slider_for_a_derived_parameter_and_shows_its_value(threat_model):
    from gametheory.serve import payloads

    info = payloads.model_info(threat_model)
    assert "threat" not in [p["name"] for p in info["parameters"]]
    assert "threat" not in info["map_parameters"]
    assert info["derived"] == [{"name": "threat", "symbol": "threat", "formula": FORMULA,
                                "meaning": "the threat the challenger poses"}]
    with pytest.raises(payloads.PageError) as caught:
        payloads.parse_values(threat_model, [("threat", "1")])
    assert FORMULA in str(caught.value)
    values = payloads.parse_values(threat_model, [("aggressive_intent", "1"), ("proximity", "0")])
    page = payloads.analysis(threat_model, values)
    assert page["values"]["threat"] == "1"
    game = threat_model.game(**values)
    assert page["game"]["shape"] == [2, 2] and len(page["equilibria"]) == len(solve(game).equilibria)
    derivation = " ".join(str(step) for step in page["derivation"])
    assert "9/10" in derivation  # the ally's payoff threat - cost at threat = 1


def test_the_symbolic_game_reads_the_derived_parameters_through_their_formulas(threat_model):
    import sympy

    game = threat_model.symbolic_game()
    assert "threat" not in [p.name for p in game.parameters]
    symbols = game.symbols
    expected = (symbols["aggressive_intent"] * symbols["offensive_capability"] / (1 + symbols["proximity"])
                - symbols["alliance_cost"])
    assert sympy.simplify(game.payoffs[1][0, 0] - expected) == 0


def test_explain_follows_the_derived_values_on_the_page_and_the_command_line(threat_model):
    from gametheory.cli.main import main
    from gametheory.serve import engine

    text = engine.explain(threat_model, {"aggressive_intent": 1, "proximity": 0})
    assert "9/10*, 9/10*" in text  # the ally's payoff threat - cost at threat = 1
    result = CliRunner().invoke(main, ["explain", THREAT, "--set", "aggressive_intent=1", "--set", "proximity=0"])
    assert result.exit_code == 0 and "9/10*, 9/10*" in result.output and "threat = 1/4" not in result.output


def test_selection_and_directions_read_the_inputs_of_a_model_with_derived_parameters(threat_model):
    from gametheory.study.compare import compare
    from gametheory.study.directions import direction_tests
    from gametheory.study.selection import selection_table
    from gametheory.study.sweep import sweep

    frame = sweep(threat_model, grid={"aggressive_intent": [0, 0.5, 1], "proximity": [0, 1]})
    comparison = compare(threat_model, frame, "balance_of_threat")
    table = selection_table(threat_model, comparison)
    assert list(table["rule"]) == [0, 1] and (table["points"] > 0).all()
    directions = direction_tests(threat_model, frame, "balance_of_threat")
    row = directions.iloc[0]
    assert row["with"] == "aggressive_intent" and row["steps"] == 4  # 2 steps along intent at each proximity
    assert row["rises"] + row["falls"] + row["flat"] == row["steps"]


def test_models_show_gives_the_formula_and_the_derived_value():
    from gametheory.cli.main import main

    result = CliRunner().invoke(main, ["models", "show", TREE, "--set", "capability=4"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "derived: fight_cost = 2 - capability" in text and "The tree at capability=4, fight_cost=-2" in text
