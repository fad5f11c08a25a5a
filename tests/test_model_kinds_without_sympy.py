"""Tree, coalitional and counts models load and are solved at a point without importing sympy.

Their payoffs, chance probabilities, resources and conditions are checked at
load and kept as text; the numeric tree, the coalition game and the game by
counts evaluate their compiled form, and sympy is imported only for symbolic
work (payoff expressions, conditions, explain). The tests check that no sympy module is
imported on the numeric route, that the numeric route gives exactly what the
sympy expressions give, that the exact sum-to-one check of chance
probabilities decides as sympy does, and that pickling and the model's
fingerprint do not depend on whether the expressions were parsed.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import tomllib
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.games.extensive.tree import CHANCE
from gametheory.model import list_models, load_model
from gametheory.model.expressions import ModelError, parse_expression
from gametheory.model.fingerprint import model_fingerprint
from gametheory.model.loader import read_model_file
from gametheory.model.numeric import compile_numeric
from gametheory.model.registry import model_path
from gametheory.model.tree_spec import parse_tree

TREE_MODELS = sorted(key for key in list_models() if load_model(key).kind == "tree")

NUMERIC_ROUTE = """
import sys
from gametheory.model import load_model
from gametheory.solvers.tree_concepts import solve_tree_by_concept

for key in ("alliance_reliability", "perfect_deterrence", "alliance_formation_dynamic"):
    model = load_model(key)
    tree = model.tree()
    result = solve_tree_by_concept(tree, model.solution_concept)
    assert result.equilibria, key
coalitions = load_model("balance_of_power")
world = coalitions.balance_of_power(power_germany=11)
assert world.essential_states() == ["Germany"]
assert world.secure_partitions()
assert coalitions.outcome_variables[-1] == "in_winning_Russia"
# Games by counts are built without sympy; solving one of three or more players is the exact polynomial
# solver's work, which does use sympy, so only the game is built here.
for key in ("buck_passing", "collective_security"):
    assert load_model(key).game().is_exact, key
print(sorted(name for name in sys.modules if name == "sympy" or name.startswith("sympy.")))
"""


def test_loading_and_solving_models_at_a_point_imports_no_sympy():
    output = subprocess.run([sys.executable, "-c", NUMERIC_ROUTE], capture_output=True, text=True, check=True)
    assert output.stdout.strip() == "[]"


def test_the_command_line_solves_a_tree_model_without_sympy():
    output = subprocess.run([sys.executable, "-X", "importtime", "-m", "gametheory", "solve", "perfect_deterrence"],
                            capture_output=True, text=True, check=True)
    assert "perfect Bayesian equilibri" in output.stdout
    imported = [line.split("|")[-1].strip() for line in output.stderr.splitlines() if line.startswith("import time:")]
    assert "gametheory.model.tree_spec" in imported
    assert not [name for name in imported if name == "sympy" or name.startswith("sympy.")]


def _points(model, rng, count: int):
    """The defaults and ``count`` random points inside the declared ranges (exact values)."""
    yield {}
    for _ in range(count):
        point = {}
        for parameter in model.input_parameters:
            low = parameter.low if parameter.low is not None else Fraction(parameter.default) - 5
            high = parameter.high if parameter.high is not None else Fraction(parameter.default) + 5
            if parameter.integer:
                point[parameter.name] = int(rng.integers(int(low), int(high) + 1))
            else:
                point[parameter.name] = Fraction(low) + (Fraction(high) - Fraction(low)) * Fraction(
                    int(rng.integers(0, 97)), 96)
        yield point


@pytest.mark.parametrize("key", TREE_MODELS)
def test_the_numeric_tree_is_the_declared_tree_evaluated_by_sympy(key):
    model = load_model(key)
    spec = model.tree_spec
    outcomes, nodes = spec.outcome_map, spec.node_map
    rng = np.random.default_rng(7)
    checked_points = 0
    for point in _points(model, rng, 4):
        try:
            values = model.values(**point)
        except ValueError:  # a point outside a constraint between parameters
            continue
        tree = model.tree(**point)
        substitution = {model._symbols[name]: sympy.Rational(value.numerator, value.denominator)
                        if isinstance(value, (int, Fraction)) else sympy.Float(value)
                        for name, value in values.items()}
        for node in tree.terminals.tolist():
            expected = tuple(e.xreplace(substitution) for e in outcomes[tree.node_labels[node]])
            assert tuple(sympy.Rational(v.numerator, v.denominator) for v in tree.payoffs_at(node)) == expected
        for node in np.flatnonzero(tree.node_player == CHANCE).tolist():
            declared = nodes[tree.node_labels[node]]
            assert declared.player is None
            expected = tuple(p.xreplace(substitution) for _, _, p in declared.moves)
            assert tuple(sympy.Rational(v.numerator, v.denominator) for v in tree.chance_probabilities(node)) == expected
        checked_points += 1
    assert checked_points >= 2


TREE = """
[tree]
players = ["A"]
root = "nature"

[tree.nodes.nature]
chance = {chances}
actions = {actions}

[tree.nodes.move]
player = "A"
actions = {{ Stop = "end" }}

[tree.outcomes]
end = ["p + q"]
"""

P, Q = sympy.Symbol("p", real=True), sympy.Symbol("q", real=True)
SYMBOLS = {"p": P, "q": Q}


def _tree_with_chances(probabilities) -> dict:
    labels = [f"c{k}" for k in range(len(probabilities))]
    chances = "{ " + ", ".join(f'{a} = "{p}"' for a, p in zip(labels, probabilities)) + " }"
    # Every chance move but the first ends the play; the first leads to the decision node.
    actions = "{ " + ", ".join(f'{a} = "{"move" if k == 0 else "end"}"' for k, a in enumerate(labels)) + " }"
    return tomllib.loads(TREE.format(chances=chances, actions=actions))["tree"]


def _sums_to_one_by_sympy(probabilities) -> bool:
    return sympy.simplify(sum(parse_expression(p, SYMBOLS) for p in probabilities) - 1) == 0


@pytest.mark.parametrize("probabilities", [
    ("p", "1 - p"),
    ("p * q", "p * (1 - q)", "(1 - p) * q", "(1 - p) * (1 - q)"),
    ("p / 2", "1 - p / 2"),
    ("0.25", "0.75 * p", "0.75 - 0.75 * p"),
    ("p**2", "1 - p**2"),
    ("p / (1 + p*p)", "1 / (1 + p*p) + p*p/(1 + p*p) - p / (1 + p*p)"),  # not a polynomial: sympy decides
    ("p", "1 - p / 2"),
    ("p * q", "1 - p"),
    ("p / (1 + p*p)", "1 / (2 + p*p)"),
    ("1/3", "1/3", "1/3"),
    ("0.1", "0.2", "0.7"),
])
def test_chance_probabilities_must_sum_to_one_as_sympy_decides(probabilities):
    table = _tree_with_chances(probabilities)
    if _sums_to_one_by_sympy(probabilities):
        spec = parse_tree(table, SYMBOLS)
        assert [p for _, _, p in spec.node_map["nature"].moves] == [parse_expression(p, SYMBOLS) for p in probabilities]
    else:
        with pytest.raises(ModelError, match="sum to") as info:
            parse_tree(table, SYMBOLS)
        assert info.value.key == "tree.nodes.nature.chance"


def _polynomials():
    leaves = st.one_of(st.sampled_from(["p", "q"]), st.integers(-3, 3).map(str),
                       st.sampled_from(["1/2", "0.25", "3/4"]))
    return st.recursive(leaves, lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(inner, st.integers(0, 3)).map(lambda t: f"{t[0]} ** {t[1]}" if t[0] in ("p", "q") else t[0]),
    ), max_leaves=6)


@settings(max_examples=60, deadline=None)
@given(_polynomials(), _polynomials())
def test_a_random_polynomial_split_of_one_is_accepted_and_a_perturbed_one_as_sympy_decides(first, second):
    assert parse_tree(_tree_with_chances((first, f"1 - {first}")), SYMBOLS)
    probabilities = (first, f"1 - {first} + {second}")
    table = _tree_with_chances(probabilities)
    if _sums_to_one_by_sympy(probabilities):
        parse_tree(table, SYMBOLS)
    else:
        with pytest.raises(ModelError, match="sum to"):
            parse_tree(table, SYMBOLS)


@pytest.mark.parametrize("text, checks", [
    ("reliability >= 3/4", False),
    ("x / 4 + 1 / (2 - 0.5)", False),
    ("discount**2 * x", False),
    ("x / (1 - 1)", True),
    ("x / (3 - 3.0)", True),
    ("(x + 1)**2", True),
    ("x**40", True),
    ("2**x", True),
    ("x / sqrt(4)", True),
])
def test_the_numeric_compiler_leaves_to_sympy_only_what_it_cannot_decide(text, checks):
    names = ("x", "reliability", "discount")
    assert compile_numeric(text, names).symbolic_checks is checks


def test_a_zero_divisor_is_still_refused_at_load_with_the_parser_message():
    table = _tree_with_chances(("p", "1 - p"))
    table["outcomes"]["end"] = ["p / (1 - 1)"]
    with pytest.raises(ModelError, match="division by zero") as info:
        parse_tree(table, SYMBOLS)
    assert info.value.key == "tree.outcomes.end[0]"


@pytest.mark.parametrize("key", ["perfect_deterrence", "balance_of_power"])
def test_pickling_and_the_fingerprint_do_not_depend_on_symbolic_use(key):
    model = read_model_file(model_path(key))  # read anew, not the registry's shared model
    before = model_fingerprint(model)
    restored = pickle.loads(pickle.dumps(model))
    assert model_fingerprint(restored) == before
    expressions = model.payoff_expressions()  # parses payoffs (and, for a tree, probabilities) into sympy
    assert all(isinstance(e, sympy.Basic) for value in expressions.values()
               for e in (value if isinstance(value, tuple) else (value,)))
    if model.kind == "coalitional":
        assert model.outcome_holds("hegemony", dominant_states=[1, 0]).tolist() == [True, False]
        assert model.coalitional.resources[0] == model._symbols["power_britain"]
    assert model_fingerprint(model) == before
    assert model_fingerprint(pickle.loads(pickle.dumps(model))) == before
    if model.kind == "tree":
        assert restored.tree().n_nodes == model.tree().n_nodes
    else:
        assert restored.balance_of_power().resources == model.balance_of_power().resources


@pytest.mark.parametrize("key", ["buck_passing", "collective_security"])
def test_the_game_by_counts_at_a_point_is_its_symbolic_game_evaluated(key):
    """The compiled route (model.game) gives the symbolic game's values, exactness and errors: exact and float
    points, the number of players varied, exact=None/True/False."""
    model = load_model(key)
    name = model.player_count_parameter
    rng = np.random.default_rng(11)
    compared = 0
    for trial in range(12):
        point = {}
        for parameter in model.input_parameters:
            low = parameter.low if parameter.low is not None else Fraction(parameter.default) - 3
            high = parameter.high if parameter.high is not None else Fraction(parameter.default) + 3
            if parameter.name == name:
                high = min(high, 5)
            if parameter.integer:
                point[parameter.name] = int(rng.integers(int(low), int(high) + 1))
            else:
                value = Fraction(low) + (Fraction(high) - Fraction(low)) * Fraction(int(rng.integers(0, 13)), 12)
                point[parameter.name] = float(value) if trial % 3 == 0 else value
        n, rest = model._structural(point)
        symbolic_game = model.symbolic_game(**({name: n} if name else {}))
        for exact in (None, True, False):
            numeric = model.game(exact=exact, **point)
            symbolic = symbolic_game.game(exact=exact, **rest)
            assert numeric.is_exact == symbolic.is_exact
            assert numeric.players == symbolic.players and numeric.actions == symbolic.actions
            if numeric.is_exact:
                assert [a.tolist() for a in numeric.payoffs] == [a.tolist() for a in symbolic.payoffs]
            else:
                np.testing.assert_allclose(np.asarray(numeric.payoffs, float), np.asarray(symbolic.payoffs, float),
                                           rtol=1e-12)
            compared += 1
    assert compared == 36
