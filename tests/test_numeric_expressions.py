"""The compiled numeric evaluator of model formulas agrees with sympy, exactly where sympy is exact.

Formulas are evaluated at exact points (the result must equal sympy's
rational value), at float points and over numpy arrays (equal to sympy's value
within rounding), and every built-in model by profiles gives the same game
through the compiled route as through its symbolic game.
"""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.model import ExpressionError, list_models, load_model, parse_condition, parse_expression
from gametheory.model.numeric import UndefinedValue, compile_numeric

NAMES = ("a", "b", "c")
SYMBOLS = {name: sympy.Symbol(name, real=True) for name in NAMES}

FORMULAS = [
    "a + b * c", "a - b / c", "(a - b) / (1 + c * c)", "-a + +b", "a ** 2 - b ** 3", "a ** -2",
    "min(a, b, c)", "max(a - b, 0)", "abs(a - c)", "if_else(a > b, a, b - c)",
    "piecewise(a < 0, -a, a < 1, a * a, 1)", "if_else(a >= b and not c == 0, 1, 0)",
    "if_else(a < b < c or c <= a, a, c)", "0.1 * a + 1e-3", "3 / 4 * (a + 1 / 3)",
]
IRRATIONAL = ["sqrt(a * a + 1)", "log(1 + a * a)", "exp(a / 10)", "sqrt(4 * a * a)", "(a * a) ** 0.5"]


def sympy_value(text, point):
    value = parse_expression(text, SYMBOLS).xreplace(
        {SYMBOLS[k]: sympy.Rational(v.numerator, v.denominator) if isinstance(v, (int, Fraction)) else sympy.Float(v)
         for k, v in point.items()})
    return value


exact_numbers = st.fractions(min_value=-5, max_value=5, max_denominator=12).filter(lambda x: x != 0)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(FORMULAS), exact_numbers, exact_numbers, exact_numbers)
def test_exact_points_give_sympys_exact_value(text, a, b, c):
    point = {"a": a, "b": b, "c": c}
    expected = sympy_value(text, point)
    function = compile_numeric(text, NAMES)
    if not expected.is_finite:
        with pytest.raises(UndefinedValue):
            function(point)
        return
    value = function(point)
    assert isinstance(value, (int, Fraction)), (text, point, value)
    assert value == Fraction(int(expected.p), int(expected.q))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(FORMULAS + IRRATIONAL), st.floats(-5, 5), st.floats(0.1, 5), st.floats(0.1, 5))
def test_float_points_and_arrays_agree_with_sympy(text, a, b, c):
    point = {"a": a, "b": b, "c": c}
    exact = sympy_value(text, point)
    function = compile_numeric(text, NAMES)
    if not (exact.is_real and exact.is_finite):  # undefined here (0 ** -2): refused at the point, NaN/inf in arrays
        with pytest.raises(UndefinedValue):
            function(point)
        assert not np.isfinite(function({"a": np.array([a]), "b": b, "c": c})).all()
        return
    expected = float(exact)
    assert function(point) == pytest.approx(expected, rel=1e-12, abs=1e-12)
    arrays = {"a": np.array([a, a]), "b": np.array([b, b]), "c": c}
    np.testing.assert_allclose(function(arrays), [expected, expected], rtol=1e-12, atol=1e-12)


def test_irrational_steps_give_floats_and_perfect_squares_stay_exact():
    assert compile_numeric("sqrt(a)", NAMES)({"a": Fraction(4, 9)}) == Fraction(2, 3)
    assert isinstance(compile_numeric("sqrt(a)", NAMES)({"a": 2}), float)
    assert compile_numeric("a ** (1/2)", NAMES)({"a": 9}) == 3
    assert compile_numeric("log(a)", NAMES)({"a": 1}) == 0


@pytest.mark.parametrize("text, point", [
    ("a / b", {"a": 1, "b": 0}), ("log(a)", {"a": 0}), ("sqrt(a)", {"a": -1}), ("a ** (1/2)", {"a": -4}),
    ("a ** -1", {"a": 0}), ("a / b", {"a": 1.0, "b": 0.0}),
])
def test_undefined_values_raise_at_a_point_and_give_nan_or_inf_in_arrays(text, point):
    function = compile_numeric(text, NAMES)
    with pytest.raises(UndefinedValue):
        function(point)
    arrays = {k: np.array([float(v)]) for k, v in point.items()}
    assert not np.isfinite(function(arrays)).all()


@pytest.mark.parametrize("text, reason", [
    ("a.__class__", "Attribute"), ("__import__('os')", "only the named functions"), ("a[0]", "Subscript"),
    ("lambda: 1", "Lambda"), ("d + 1", "unknown name"), ("a if b else c", "IfExp"), ("'x'", "constant"),
    ("a % b", "Mod"), ("max(a)", "two or more"), ("if_else(a, b, c)", "condition"), ("a < b + (c > 1)", "number"),
    ("a ** 100000", "exponent"), ("(" * 50 + "a" + ")" * 50, "nested"), ("", "empty"), ("a +", "syntax"),
])
def test_anything_outside_the_language_is_refused(text, reason):
    with pytest.raises(ExpressionError) as caught:
        compile_numeric(text, NAMES, key="payoffs.x")
    assert reason in str(caught.value) and "payoffs.x" in str(caught.value)


def test_conditions_are_flagged_and_evaluated():
    condition = compile_numeric("a < b and not b == c", NAMES)
    assert condition.is_condition and condition.names == frozenset(NAMES)
    assert condition({"a": 1, "b": 2, "c": 3}) is True
    assert condition({"a": np.array([1, 3]), "b": 2, "c": 3}).tolist() == [True, False]
    assert parse_condition("a < b and not b == c", SYMBOLS)  # the same text is a valid sympy condition


PROFILE_MODELS = [key for key in list_models()
                  if load_model(key).kind == "normal" and not load_model(key).is_symmetric_counts
                  and not load_model(key).is_bayesian and not load_model(key).is_signaling]


@pytest.mark.parametrize("key", PROFILE_MODELS)
def test_library_games_are_the_same_through_the_compiled_and_the_symbolic_route(key):
    model = load_model(key)
    rng = np.random.default_rng(7)
    points = [{}]
    for _ in range(3):
        point = {}
        for p in model.input_parameters:
            low = float(p.low) if p.low is not None else float(p.default) - 5
            high = float(p.high) if p.high is not None else float(p.default) + 5
            value = Fraction(round(low + (high - low) * float(rng.random()), 2)).limit_denominator(100)
            point[p.name] = int(round(value)) if p.integer else max(min(value, Fraction(high)), Fraction(low))
        points.append(point)
    for point in points:
        for exact in (None, False):
            try:
                symbolic = model.symbolic_game().game(exact=exact, **point)  # derived formulas substituted
            except ValueError:
                with pytest.raises(ValueError):
                    model.game(exact=exact, **point)
                continue
            numeric = model.game(exact=exact, **point)
            assert numeric.is_exact == symbolic.is_exact and numeric.shape == symbolic.shape
            for mine, theirs in zip(numeric.payoffs, symbolic.payoffs):
                if numeric.is_exact:
                    assert mine.tolist() == theirs.tolist()
                else:
                    np.testing.assert_allclose(np.asarray(mine, float), np.asarray(theirs, float), rtol=1e-12)


def test_a_bad_formula_in_a_model_is_refused_at_load_as_before(tmp_path):
    from gametheory.model import ModelError

    text = (Path(__file__).parents[1] / "models" / "stag_hunt.toml").read_text(encoding="utf-8")
    bad = text.replace('"C,C" = ', '"C,C" = ["reward / (sucker - sucker)", "reward"] #', 1)
    path = tmp_path / "stag_hunt.toml"
    path.write_text(bad)
    with pytest.raises(ModelError, match="division by zero"):
        load_model(path)


SOLVE_WITHOUT_SYMPY = """
import sys
from gametheory.model import load_model
game = load_model("stag_hunt").game()
from gametheory.solvers import solve
solve(game)
print(sorted(name for name in sys.modules if name == "sympy" or name.startswith("sympy.")))
"""


def _importer_of_sympy(importtime: str) -> str | None:
    """The module whose import first imported sympy, from ``python -X importtime`` output (None: not imported)."""
    rows = [line.split("|") for line in importtime.splitlines() if line.startswith("import time:")]
    names = [row[2] for row in rows]
    depth = [len(name) - len(name.lstrip()) for name in names]
    for k, name in enumerate(names):
        if name.strip() == "sympy":
            # Children are printed before their parent: the importer is the next line less indented.
            return next(n.strip() for n, d in zip(names[k + 1:], depth[k + 1:]) if d < depth[k])
    return None


def test_loading_a_model_and_solving_its_game_imports_sympy_from_no_model_module():
    output = subprocess.run([sys.executable, "-X", "importtime", "-c", SOLVE_WITHOUT_SYMPY], capture_output=True,
                            text=True, check=True)
    assert "gametheory.model.loader" in output.stderr
    importer = _importer_of_sympy(output.stderr)
    assert importer is None or not importer.startswith("gametheory.model"), importer


def test_solve_of_a_model_runs_without_sympy():
    output = subprocess.run([sys.executable, "-c", SOLVE_WITHOUT_SYMPY], capture_output=True, text=True, check=True)
    assert output.stdout.strip() == "[]"
