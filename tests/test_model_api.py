"""The Model API: loading, games at parameter values, fast payoff arrays, predictions, CLI views,
and the published results of the two example models."""

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from gametheory.cli import main
from gametheory.equilibrium import certify
from gametheory.games.normal_form import NormalFormGame
from gametheory.model import Model, ModelError, list_models, load_model
from gametheory.numerics import DEFAULT_TOL
from gametheory.solvers import solve
from gametheory.games.symbolic import Parameter, SymbolicGame

DATA = Path(__file__).parent / "data" / "models"


def _frac(*values):
    return tuple(Fraction(v) for v in values)


# ------------------------------------------------------------------ loading
def test_list_and_load():
    assert {"stag_hunt", "chicken"} <= set(list_models())
    model = load_model("stag_hunt")
    assert load_model("stag_hunt") is model  # cached
    assert "Jervis" in model.citation and "World Politics 30 (2): 167-214" in model.citation
    assert [p.name for p in model.parameters] == ["reward", "temptation", "punishment", "sucker"]
    assert [p.symbol for p in model.parameters] == ["R", "T", "P", "S"]
    assert model.players == ("State A", "State B")
    assert model.actions == (("C", "D"), ("C", "D"))
    assert model.action_meanings[0]["D"] == "arm or expand (defect)"
    assert set(model.predictions) == {"defensive_realism", "offensive_realism"}
    assert load_model(Path("models/chicken.toml")).key == "chicken"


def test_game_exact_and_float():
    model = load_model("stag_hunt")
    exact = model.game(sucker=1)
    assert exact.is_exact
    assert exact.payoff_profile(("C", "D")) == _frac(1, 3)
    assert model.game(sucker="1/2").payoff_profile(("C", "D")) == _frac(Fraction(1, 2), 3)
    floats = model.game(sucker=0.5)
    assert not floats.is_exact
    assert floats.payoff_profile(("C", "D")) == (0.5, 3.0)
    assert not model.game(exact=False).is_exact
    assert model.game(exact=True, sucker=0.5).payoff_profile(("C", "D"))[0] == Fraction(1, 2)


@pytest.mark.parametrize(
    "values, words",
    [
        ({"sucker": 11}, "parameter 'sucker' is 11, outside its range [0, 10]"),
        ({"sucker": -0.5}, "parameter 'sucker' is -0.5, outside its range"),
        ({"suker": 1}, "unknown parameter(s) ['suker']"),
        ({"reward": float("nan")}, "parameter 'reward' is nan"),
    ],
)
def test_game_rejects_bad_values(values, words):
    with pytest.raises(ValueError) as caught:
        load_model("stag_hunt").game(**values)
    assert words in str(caught.value)


def test_symbolic_game_keeps_symbols():
    model = load_model("stag_hunt")
    symbolic = model.symbolic_game()
    assert isinstance(symbolic, SymbolicGame)
    assert symbolic is model.symbolic_game()
    R = symbolic.symbols["reward"]
    assert symbolic.payoffs[0][0, 0] == R
    assert symbolic.parameter("reward").low == 0
    with pytest.raises(ValueError, match="takes only the player-count parameter"):
        model.symbolic_game(reward=1)


def test_payoff_arrays_fast_and_agree_with_game():
    model = load_model("stag_hunt")
    rng = np.random.default_rng(2024)
    size = 10**6
    arrays = {p.name: rng.uniform(float(p.low), float(p.high), size) for p in model.parameters}
    model.payoff_arrays(**arrays)  # first call compiles
    row, column = model.payoff_arrays(**arrays)  # its speed is measured by benchmarks/bench_sweep.py
    assert row.shape == column.shape == (size, 2, 2)
    for k in rng.choice(size, 300, replace=False):
        game = model.game(**{name: float(a[k]) for name, a in arrays.items()})
        assert np.allclose(row[k], game.payoffs[0], rtol=0, atol=DEFAULT_TOL)
        assert np.allclose(column[k], game.payoffs[1], rtol=0, atol=DEFAULT_TOL)
    with pytest.raises(ValueError, match="'sucker' value 11.0 is above its range"):
        model.payoff_arrays(sucker=np.array([1.0, 11.0]))


def test_predict_vectorised_agrees_with_exact_rules():
    model = load_model("stag_hunt")
    rng = np.random.default_rng(5)
    arrays = {p.name: rng.uniform(0, 10, 10**6) for p in model.parameters}
    model.predict("defensive_realism", **arrays)
    predicted = model.predict("defensive_realism", **arrays)
    assert predicted.shape == (10**6,)
    assert set(np.unique(predicted)) == {"mutual_restraint", "arms_race", ""}
    T, R, P, S = (arrays[k] for k in ("temptation", "reward", "punishment", "sucker"))
    expected = np.where(T < R, "mutual_restraint", np.where((T > R) & (P > S), "arms_race", ""))
    assert np.array_equal(predicted, expected)
    assert model.predicted_rule("defensive_realism").outcome == "mutual_restraint"
    assert model.predicted_rule("defensive_realism", temptation=5, sucker=3) is None
    assert model.predict("offensive_realism", reward=np.array([1.0, 2.0])).tolist() == ["arms_race"] * 2
    with pytest.raises(ValueError, match="no predictions for 'balance_of_threat'"):
        model.predict("balance_of_threat")


def test_prediction_rules_hold_at_defaults():
    """Each example model's defensive-realist rule at its defaults is borne out by the solver."""
    for key in ("stag_hunt", "chicken"):
        model = load_model(key)
        rule = model.predicted_rule("defensive_realism")
        pure = [e.pure_profile for e in solve(model.game()).pure]
        assert rule.expect == "equilibrium"
        assert any(rule.matches(profile) for profile in pure)


# ------------------------------------------------------ published results
def test_stag_hunt_jervis_published_equilibria():
    """Jervis (1978), World Politics 30(2), pp. 167-214; catalog entry 2.

    Stag Hunt R=4, T=3, P=2, S=0: pure equilibria (C,C) = (4,4) and (D,D) = (2,2),
    mixed equilibrium P(C) = (P-S)/((R-T)+(P-S)) = 2/3 exactly; raising S to 1 gives 1/2.
    """
    model = load_model("stag_hunt")
    result = solve(model.game())
    assert result.exact and result.complete and not result.degenerate
    pure = {e.pure_profile: e.payoffs for e in result.pure}
    assert pure == {("C", "C"): _frac(4, 4), ("D", "D"): _frac(2, 2)}
    (mixed,) = result.mixed
    assert [list(s) for s in mixed.strategies] == [[Fraction(2, 3), Fraction(1, 3)]] * 2
    for e in result:
        assert e.regrets == (0, 0)
    (mixed,) = solve(model.game(sucker=1)).mixed
    assert [list(s) for s in mixed.strategies] == [[Fraction(1, 2), Fraction(1, 2)]] * 2
    assert mixed.regrets == (0, 0)
    # Prisoner's Dilemma once the temptation exceeds the reward: only (D,D)
    pd = solve(model.game(temptation=5))
    assert [e.pure_profile for e in pd] == [("D", "D")]


def test_chicken_snyder_diesing_published_equilibria():
    """Snyder and Diesing (1977), Conflict Among Nations, ch. II; catalog entry 3.

    Chicken with ordinal payoffs (CC, CD, DC, DD) = (3, 2, 4, 1): pure equilibria
    (C,D) = (2,4) and (D,C) = (4,2); mixed equilibrium P(C) = 1/2 each, P(war) = 1/4.
    """
    model = load_model("chicken")
    result = solve(model.game())
    assert result.exact and result.complete
    pure = {e.pure_profile: e.payoffs for e in result.pure}
    assert pure == {("C", "D"): _frac(2, 4), ("D", "C"): _frac(4, 2)}
    (mixed,) = result.mixed
    assert [list(s) for s in mixed.strategies] == [[Fraction(1, 2), Fraction(1, 2)]] * 2
    assert mixed.regrets == (0, 0)
    assert mixed.strategies[0][1] * mixed.strategies[1][1] == Fraction(1, 4)


# ---------------------------------------------------- built in Python code
def _python_model(**changes):
    arguments = dict(
        parameters=[Parameter("cost", Fraction(1, 2), low=0, high=5, meaning="cost of fighting", symbol="c")],
        players={"Ally": ["Support", "Abandon"], "Partner": ["Support", "Abandon"]},
        payoffs={
            ("Support", "Support"): ["2 - cost", "2 - cost"],
            "Support,Abandon": [-1, 1],
            "Abandon,Support": [1, -1],
            "Abandon,Abandon": [0, 0],
        },
        sources=[{"citation": "Test citation", "note": "ours"}],
        outcomes={"alliance": ["Support,Support"]},
        predictions={"defensive_realism": {"rules": [{"when": "cost < 1", "outcome": "alliance"}]}},
    )
    arguments.update(changes)
    return Model("python_model", "Built in Python", **arguments)


def test_model_built_in_python():
    model = _python_model()
    assert model.game().payoff_profile(("Support", "Support")) == _frac(Fraction(3, 2), Fraction(3, 2))
    assert model.predict("defensive_realism", cost=np.array([0.5, 2.0])).tolist() == ["alliance", ""]
    c = sympy.Symbol("cost")
    via_sympy = _python_model(
        payoffs={
            "Support,Support": [2 - c, 2 - c], "Support,Abandon": [-1, 1],
            "Abandon,Support": [1, -1], "Abandon,Abandon": [0, 0],
        }
    )
    assert via_sympy.game(cost=1) == model.game(cost=1)


@pytest.mark.parametrize(
    "changes, key, words",
    [
        ({"payoffs": {"Support,Support": [1, 1]}}, "payoffs", "missing the payoffs for profile(s)"),
        ({"payoffs": {"Support,Support": ["os.system('x')", 1], "Support,Abandon": [-1, 1],
                      "Abandon,Support": [1, -1], "Abandon,Abandon": [0, 0]}},
         'payoffs."Support,Support"[0]', "only the named functions"),
        ({"outcomes": {"alliance": ["Support,Stay"]}}, "outcomes.alliance[0]", "has no action 'Stay'"),
        ({"sources": []}, "sources", "at least one source"),
        ({"parameters": [{"name": "cost", "default": 9, "low": 0, "high": 5, "meaning": "m"}]},
         "parameters.cost.default", "outside its range"),
        ({"parameters": [{"name": "max", "default": 1, "meaning": "m"}]}, "parameters.max", "reserved"),
    ],
)
def test_python_constructor_errors_name_the_key(changes, key, words):
    with pytest.raises(ModelError) as caught:
        _python_model(**changes)
    assert caught.value.key == key
    assert words in str(caught.value)


def test_parameters_named_like_numpy_functions():
    model = Model(
        "numpy_names", "Parameters named like numpy functions",
        parameters=[{"name": "select", "default": 1, "low": 0, "high": 3, "meaning": "m"},
                    {"name": "where", "default": 2, "low": 0, "high": 3, "meaning": "m"}],
        players={"A": ["X", "Y"]},
        payoffs={"X": ["if_else(select > where, select, where)"], "Y": ["max(select, where)"]},
        sources=[{"citation": "test"}],
        predictions={"defensive_realism": {"rules": [{"when": "select < where", "outcome": "X"}]}},
    )
    arrays = model.payoff_arrays(select=np.array([0.0, 3.0]))
    assert arrays[0].tolist() == [[2.0, 2.0], [3.0, 3.0]]
    assert model.predict("defensive_realism", select=np.array([0.0, 3.0])).tolist() == ["X", ""]


# ------------------------------------------------ symmetric games by counts
def test_symmetric_counts_model_builds_n_player_games():
    """Volunteer's dilemma (Diekmann 1985; catalog entry 7): P(pass) = (K/U)^(1/(n-1))."""
    model = load_model(DATA / "volunteers_dilemma.toml")
    assert model.is_symmetric_counts and model.player_count_parameter == "n_powers"
    for n in (2, 3, 4):
        game = model.game(n_powers=n)
        expected = NormalFormGame.from_symmetric_counts(
            n, ["Balance", "Pass"],
            lambda mine, others: 6 if mine == "Balance" else (10 if others["Balance"] >= 1 else 0),
            players=[f"Power {k + 1}" for k in range(n)],
        )
        assert game == expected.replace(title=game.title)
        q = (4 / 10) ** (1 / (n - 1))
        equilibrium = certify(game.as_float(), [[1 - q, q]] * n)
        assert max(equilibrium.regrets) <= equilibrium.tol
    assert [round((0.4) ** (1 / (n - 1)), 3) for n in (2, 3, 4)] == [0.4, 0.632, 0.737]
    arrays = model.payoff_arrays(n_powers=4, cost=np.array([1.0, 2.0]))
    assert arrays[0].shape == (2, 2, 2, 2, 2) and len(arrays) == 4
    assert arrays[0][1, 0, 1, 1, 1] == 10 - 2.0
    with pytest.raises(ValueError, match="parameter 'n_powers' is 9, outside its range"):
        model.game(n_powers=9)
    with pytest.raises(ValueError, match="sets the number of players"):
        model.payoff_arrays(n_powers=np.array([2, 3]))
    assert model.predict("defensive_realism", cost=np.array([1.0, 20.0])).tolist() == ["someone_balances", ""]
    assert model.predicted_rule("offensive_realism", n_powers=4).matches(("Pass", "*", "Balance", "Pass")) is False


# ----------------------------------------------------------------------- CLI
def test_cli_models_list_and_show():
    runner = CliRunner()
    result = runner.invoke(main, ["models", "list"])
    assert result.exit_code == 0
    assert "stag_hunt" in result.output and "chicken" in result.output
    result = runner.invoke(main, ["models", "show", "stag_hunt"])
    assert result.exit_code == 0
    for words in ("payoff of mutual restraint (CC)", "[0, 10]", "reward, reward", "Jervis, Robert. 1978",
                  "defensive realism", "if temptation < reward: mutual_restraint (C, C)", "4*, 4*"):
        assert words in result.output
    result = runner.invoke(main, ["models", "show", str(DATA / "deterrence_types.toml")])
    assert result.exit_code == 0 and "Resolved with probability p_resolved" in result.output


def test_cli_solve_model_json():
    result = CliRunner().invoke(main, ["solve", "stag_hunt", "--set", "sucker=1", "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["model"] == "stag_hunt"
    assert payload["parameters"] == {"reward": "4", "temptation": "3", "punishment": "2", "sucker": "1"}
    strategies = [e["strategies"] for e in payload["equilibria"]]
    assert [["1/2", "1/2"], ["1/2", "1/2"]] in strategies
    assert payload["degenerate"] is False


@pytest.mark.parametrize(
    "arguments, words",
    [
        (["solve", "stag_hunt", "--set", "sucker=11"], "outside its range"),
        (["solve", "stag_hunt", "--set", "suker=1"], "unknown parameter"),
        (["solve", "stag_hunt", "--set", "sucker"], "NAME=VALUE"),
        (["solve", "stag_hunt", "--set", "sucker=abc"], "is not a number"),
        (["models", "show", "stag_hnt"], "did you mean 'stag_hunt'"),
    ],
)
def test_cli_errors_are_one_line_with_status_2(arguments, words):
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2
    assert words in result.output
    assert "Traceback" not in result.output
