"""The [continuous] and [coalitional] kinds of model file: loading, methods, schema errors, safety."""

import textwrap
from fractions import Fraction

import numpy as np
import pytest

from gametheory.games.coalitional import BalanceOfPower, CoalitionGame
from gametheory.games.continuous import ContinuousGame, best_response_iteration
from gametheory.model import Model, ModelError, load_model

HEAD = """
key = "kind_test"
title = "Kind test"
summary = "A test model."
[[sources]]
citation = "Test, A. 2024. A source for the tests of model kinds. Journal 1: 1-2."
"""

CONTINUOUS = HEAD + """
[parameters.income]
default = 10
range = [1, 20]
meaning = "income"
[parameters.alpha]
default = "1/2"
range = ["1/10", "9/10"]
meaning = "weight of private consumption"
[[continuous.players]]
name = "A"
action = "x"
low = 0
high = "income"
payoff = "alpha * log(income - x) + (1 - alpha) * log(x + y)"
[[continuous.players]]
name = "B"
action = "y"
low = 0
high = "income / 2"
payoff = "alpha * log(income / 2 - y) + (1 - alpha) * log(x + y)"
[outcomes]
b_free_rides = "B spends nothing"
[predictions.defensive_realism]
rules = [{ when = "alpha >= 1/2", outcome = "b_free_rides" }]
"""

COALITIONAL = HEAD + """
[parameters.big]
default = 4
range = [0, 10]
meaning = "resources of the big state"
[coalitional]
players = ["Big", "Mid", "Small"]
resources = { Big = "big", Mid = 3, Small = 2 }
division = "equal"
[outcomes]
hegemony = "Big wins alone"
balance = "no state wins alone"
[predictions.defensive_realism]
rules = [{ when = "big > 5", outcome = "hegemony" }, { outcome = "balance" }]
"""


def write(tmp_path, text, name="kind_test.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


# ------------------------------------------------------------------ loading
def test_continuous_model_loads_and_builds_its_game(tmp_path):
    model = load_model(write(tmp_path, CONTINUOUS))
    assert model.kind == "continuous"
    assert model.players == ("A", "B") and model.action_variables == ("x", "y")
    assert model.actions == ((), ())
    game = model.continuous_game(income=12)
    assert isinstance(game, ContinuousGame)
    assert game.bounds == ((0.0, 12.0), (0.0, 6.0))
    result = best_response_iteration(game)
    # alpha = 1/2: A alone keeps alpha w = 6 and gives 6; B's income 6 <= 6, so B free-rides.
    assert result.is_equilibrium and result.point == pytest.approx([6.0, 0.0], abs=1e-6)
    assert model.predict("defensive_realism", alpha=np.array([0.3, 0.5])).tolist() == ["", "b_free_rides"]
    assert model.outcome_descriptions == {"b_free_rides": "B spends nothing"}
    assert str(model.payoff_expressions()["A"]).startswith("alpha*log")


def test_coalitional_model_loads_and_builds_its_games(tmp_path):
    model = load_model(write(tmp_path, COALITIONAL))
    assert model.kind == "coalitional" and model.division == "equal"
    assert model.coalition_resources(big="9/2") == {"Big": Fraction(9, 2), "Mid": 3, "Small": 2}
    game = model.coalition_game()
    assert isinstance(game, CoalitionGame)
    assert game.minimal_winning_coalitions() == [("Big", "Mid"), ("Big", "Small"), ("Mid", "Small")]
    assert isinstance(model.balance_of_power(big=6), BalanceOfPower)
    assert model.balance_of_power(big=6).dominant_states() == ["Big"]
    assert model.predict("defensive_realism", big=np.array([4, 6])).tolist() == ["balance", "hegemony"]
    assert model.predicted_rule("defensive_realism", big=6).outcome == "hegemony"


def test_quota_winning_rule(tmp_path):
    text = COALITIONAL.replace('division = "equal"', 'division = "equal"\nwinning = "quota"\nquota = "big + 1"')
    model = load_model(write(tmp_path, text))
    game = model.coalition_game()  # quota 5 of resources 4, 3, 2
    assert game.winning_coalitions() == [("Big", "Mid"), ("Big", "Small"), ("Mid", "Small"), ("Big", "Mid", "Small")]
    with pytest.raises(TypeError, match="coalition_game"):
        model.balance_of_power()


def test_game_methods_refuse_other_kinds_and_name_the_method(tmp_path):
    continuous = load_model(write(tmp_path, CONTINUOUS))
    coalitional = load_model(write(tmp_path, COALITIONAL, "kind_test2.toml"))
    for method in ("game", "symbolic_game", "payoff_arrays"):
        with pytest.raises(TypeError, match=r"continuous model.*continuous_game\(\*\*values\)"):
            getattr(continuous, method)()
        with pytest.raises(TypeError, match=r"coalitional model.*coalition_game\(\*\*values\)"):
            getattr(coalitional, method)()
    with pytest.raises(TypeError, match="coalition_game"):
        coalitional.continuous_game()
    with pytest.raises(TypeError, match="continuous_game"):
        continuous.coalition_game()
    with pytest.raises(TypeError, match="game"):
        load_model("stag_hunt").continuous_game()


def test_values_are_checked_by_name(tmp_path):
    model = load_model(write(tmp_path, CONTINUOUS))
    with pytest.raises(ValueError, match="unknown parameter"):
        model.continuous_game(no_such=1)
    with pytest.raises(ValueError, match="'income' is 30, outside its range"):
        model.continuous_game(income=30)
    with pytest.raises(ValueError, match="income"):
        model.predict("defensive_realism", income=np.array([30.0]))
    coalitional = load_model(write(tmp_path, COALITIONAL, "kind_test2.toml"))
    with pytest.raises(ValueError, match="'big' is 11"):
        coalitional.coalition_game(big=11)


def test_inverted_interval_is_refused_at_the_values(tmp_path):
    text = CONTINUOUS.replace('low = 0\nhigh = "income / 2"', 'low = "income / 4"\nhigh = "10 - income"').replace(
        'payoff = "alpha * log(income / 2 - y) + (1 - alpha) * log(x + y)"', 'payoff = "x - (y - 2) ** 2"')
    model = load_model(write(tmp_path, text))
    assert model.continuous_game(income=4).bounds[1] == (1.0, 6.0)
    with pytest.raises(ValueError, match="player 'B' has the interval .* the low bound is above the high bound"):
        model.continuous_game(income=9)


# ------------------------------------------------------------ schema errors
@pytest.mark.parametrize(
    "old, new, key, words",
    [
        ('action = "y"', 'action = "x"', "continuous.players[1].action", "duplicate action variable"),
        ('action = "y"', 'action = "income"', 'continuous.players[1].action', "already a parameter name"),
        ('action = "y"', 'acton = "y"', 'continuous.players[1].acton', "did you mean 'action'"),
        ('high = "income / 2"', 'high = "income / z"', 'continuous.players[1].high', "z"),
        ('payoff = "alpha * log(income / 2 - y)', 'payoff = "alpha * lg(income / 2 - y)', 'continuous.players[1].payoff', "lg"),
        ('outcome = "b_free_rides"', 'outcome = "B,*"', 'predictions.defensive_realism.rules[0].outcome', "declared in [outcomes]"),
        ('outcome = "b_free_rides" }', 'outcome = "b_free_rides", expect = "unique_equilibrium" }', 'predictions.defensive_realism.rules[0].expect', "omit 'expect'"),
        ('b_free_rides = "B spends nothing"', 'b_free_rides = ["x,y"]', "outcomes.b_free_rides", "expected text"),
    ],
)
def test_continuous_schema_errors_name_file_key_and_line(tmp_path, old, new, key, words):
    assert old in CONTINUOUS
    path = write(tmp_path, CONTINUOUS.replace(old, new, 1))
    with pytest.raises(ModelError) as caught:
        load_model(path)
    message = str(caught.value)
    assert str(path) in message and key in message and words in message, message
    assert caught.value.line is not None
    line = textwrap.dedent(CONTINUOUS.replace(old, new, 1)).splitlines()[caught.value.line - 1]
    assert line.split("=")[0].strip().strip("[]") in key or key.split(".")[-1].split("[")[0] in line


@pytest.mark.parametrize(
    "old, new, key, words",
    [
        ('division = "equal"', 'division = "spoils"', "coalitional.division", "expected one of"),
        ('division = "equal"', 'division = "equal"\nwinning = "plurality"', "coalitional.winning", "expected one of"),
        ('division = "equal"', 'division = "equal"\nwinning = "quota"', "coalitional.quota", "needs a 'quota'"),
        ('division = "equal"', 'division = "equal"\nquota = 3', "coalitional.quota", "only with winning"),
        ('Small = 2 }', 'Tiny = 2 }', "coalitional.resources", "missing ['Small'], unknown ['Tiny']"),
        ('Mid = 3,', 'Mid = -3,', "coalitional.resources.Mid", "non-negative"),
        ('division = "equal"', 'divison = "equal"', "coalitional.divison", "did you mean 'division'"),
        ('[coalitional]', '[[players]]\nname = "X"\nactions = ["a"]\n[coalitional]', "players[0]", "remove"),
    ],
)
def test_coalitional_schema_errors_name_file_key_and_line(tmp_path, old, new, key, words):
    assert old in COALITIONAL
    path = write(tmp_path, COALITIONAL.replace(old, new, 1))
    with pytest.raises(ModelError) as caught:
        load_model(path)
    message = str(caught.value)
    assert str(path) in message and key in message and words in message, message
    assert caught.value.line is not None


# ------------------------------------------------------------------- safety
@pytest.mark.parametrize(
    "hostile",
    [
        "__import__('os').system('echo pwned')",
        "x.__class__",
        "(lambda: 1)()",
        "9 ** 9 ** 9",
        "open('/etc/passwd')",
        "[x for x in ()]",
    ],
)
def test_hostile_expressions_are_refused(tmp_path, hostile):
    for kind, text, old in (
        ("continuous", CONTINUOUS, 'payoff = "alpha * log(income - x) + (1 - alpha) * log(x + y)"'),
        ("coalitional", COALITIONAL, 'Mid = 3,'),
    ):
        quoted = hostile.replace('"', '\\"')
        new = f'payoff = "{quoted}"' if kind == "continuous" else f'Mid = "{quoted}",'
        path = write(tmp_path, text.replace(old, new, 1), f"{kind}.toml")
        with pytest.raises(ModelError):
            load_model(path)


def test_python_built_models_take_sympy_and_dataclasses():
    from gametheory.model import Coalitional, ContinuousPlayer

    model = Model(
        "py_coalitions", "Python-built",
        parameters=[{"name": "a", "default": 5, "low": 0, "high": 10, "meaning": "resources of A"}],
        coalitional=Coalitional(("A", "B", "C"), ("a", 3, 3)),
        sources=[{"citation": "Test, A. 2024. A source for the tests of model kinds. Journal 1: 1-2."}],
        outcomes={"any": "anything"},
        predictions={"defensive_realism": {"rules": [{"outcome": "any"}]}},
    )
    assert model.balance_of_power().essential_states() == []
    assert model.balance_of_power(a=7).dominant_states() == ["A"]
    continuous = Model(
        "py_continuous", "Python-built",
        parameters=[{"name": "c", "default": 1, "low": 0, "high": 4, "meaning": "unit cost"}],
        continuous=[ContinuousPlayer("F1", "q1", 0, 100, "q1 * (100 - q1 - q2) - 10 * q1"),
                    {"name": "F2", "action": "q2", "low": 0, "high": 100, "payoff": "q2 * (100 - q1 - q2) - 10 * q2 * c"}],
        sources=[{"citation": "Test, A. 2024. A source for the tests of model kinds. Journal 1: 1-2."}],
        outcomes={"cournot": "Cournot quantities"},
        predictions={"defensive_realism": {"rules": [{"outcome": "cournot"}]}},
    )
    assert best_response_iteration(continuous.continuous_game()).point == pytest.approx([30.0, 30.0], abs=1e-6)
    with pytest.raises(ModelError, match="remove"):
        Model("both", "Both", players={"A": ["x"]}, payoffs={"x": [1]}, coalitional=Coalitional(("A",), (1,)),
              sources=[{"citation": "Test, A. 2024. A source for the tests of model kinds. Journal 1: 1-2."}],
              predictions={"defensive_realism": {"rules": [{"outcome": "x"}]}})
