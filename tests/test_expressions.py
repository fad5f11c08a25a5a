"""The whitelist parser of model expressions: what it accepts, and hostile input it refuses fast."""

import builtins
import time
from fractions import Fraction

import numpy as np
import pytest
import sympy

from gametheory.model.expressions import (
    MAX_DEPTH,
    MAX_LENGTH,
    ExpressionError,
    check_name,
    parse_condition,
    parse_expression,
)

x = sympy.Symbol("x", real=True)
y = sympy.Symbol("y", real=True)
n = sympy.Symbol("n", integer=True, positive=True)
SYMBOLS = {"x": x, "y": y, "n": n}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("x + 2*y - 1", x + 2 * y - 1),
        ("(x - y) / 2", (x - y) / 2),
        ("-x ** 2", -(x**2)),
        ("+x", x),
        ("0.1", sympy.Rational(1, 10)),
        ("1e-3 * x", sympy.Rational(1, 1000) * x),
        ("2 ** -1", sympy.Rational(1, 2)),
        ("(1/3) ** (1/(n - 1))", sympy.Rational(1, 3) ** (1 / (n - 1))),
        ("min(x, y, 1)", sympy.Min(x, y, 1)),
        ("max(x, 0)", sympy.Max(x, 0)),
        ("sqrt(x**2)", sympy.Abs(x)),
        ("log(exp(x))", x),
        ("abs(-x)", sympy.Abs(x)),
        ("if_else(x < y, x, y)", sympy.Piecewise((x, x < y), (y, True))),
        ("piecewise(x < 0, 0, x < 1, x, 1)", sympy.Piecewise((0, x < 0), (x, x < 1), (1, True))),
        (3, sympy.Integer(3)),
        (0.25, sympy.Rational(1, 4)),
    ],
)
def test_accepted_expressions(text, expected):
    assert sympy.simplify(parse_expression(text, SYMBOLS) - expected) == 0


@pytest.mark.parametrize(
    "text, expected",
    [
        ("x < y", x < y),
        ("0 < x <= 1", sympy.And(sympy.StrictLessThan(0, x), sympy.LessThan(x, 1))),
        ("x < y and not y > 2 or x == 1", sympy.Or(sympy.And(x < y, sympy.Not(y > 2)), sympy.Eq(x, 1))),
        ("x != y", sympy.Ne(x, y)),
        (True, sympy.true),
    ],
)
def test_accepted_conditions(text, expected):
    assert parse_condition(text, SYMBOLS) == expected


def test_conditions_evaluate_vectorised():
    condition = parse_condition("x < y and (x > 0 or y > 5)", SYMBOLS)
    f = sympy.lambdify([x, y], condition, modules="numpy")
    xs, ys = np.array([1.0, -1.0, -1.0, 2.0]), np.array([2.0, 6.0, 2.0, 1.0])
    assert f(xs, ys).tolist() == [True, True, False, False]


def test_decimals_are_exact():
    value = parse_expression("0.1 + 0.2", {})
    assert value == sympy.Rational(3, 10)
    assert Fraction(int(value.p), int(value.q)) == Fraction(3, 10)


HOSTILE = [
    "__import__('os').system('touch PWNED')",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__",
    "x.real",
    "__builtins__",
    "_x",
    "eval('1')",
    "exec('import os')",
    "open('/etc/passwd').read()",
    "getattr(x, 'y')",
    "lambda: 1",
    "[c for c in ().__class__.__mro__]",
    "{k: 1 for k in 'ab'}",
    "(c for c in 'ab')",
    "'a string'",
    "f'{x}'",
    "b'bytes'",
    "max(*[x, y])",
    "max(x, y, key=abs)",
    "x if y else 1",
    "(z := 1)",
    "x[0]",
    "x @ y",
    "x // 2",
    "x % 2",
    "x << 2",
    "~x",
    "x is y",
    "x in y",
    "9**9**9",
    "10**10**10**10",
    "2**100000",
    "(x+y)**1000",  # accepted once, then hung the symbolic analysis
    "((x+1)**1000)**1000",
    "(x*y)**40",
    "(9**1000)**1000",
    "exp(10**6)",
    "(" * 1000 + "x" + ")" * 1000,
    "-" * 1500 + "x",
    "not " * 300 + "x < 1",
    "x + " * 600 + "x",
    "1" * 5000,
    "sqrt(-1)",
    "1/0",
    "1j",
    "nan",
    "inf",
    "True",
    "None",
    "...",
    "sympy.sympify('x')",
    "min",
    "unknown_function(x)",
]


@pytest.fixture
def no_code_execution(monkeypatch):
    """Fail loudly if text reaches eval/exec, sympify or parse_expr while the parser runs.

    ``exec`` of compiled code objects stays allowed: the import system uses it.
    """
    import sympy.parsing.sympy_parser as sympy_parser

    real_eval, real_exec = builtins.eval, builtins.exec

    def forbidden(*args, **kwargs):
        raise AssertionError("the parser must not sympify text")

    def guarded(real):
        def run(source, *args, **kwargs):
            if isinstance(source, (str, bytes)):
                raise AssertionError(f"text reached {real.__name__}: {source!r}")
            return real(source, *args, **kwargs)

        return run

    monkeypatch.setattr(builtins, "eval", guarded(real_eval))
    monkeypatch.setattr(builtins, "exec", guarded(real_exec))
    monkeypatch.setattr(sympy, "sympify", forbidden)
    monkeypatch.setattr(sympy_parser, "parse_expr", forbidden)


def test_hostile_corpus_is_large_enough():
    assert len(HOSTILE) >= 20


@pytest.mark.parametrize("text", HOSTILE, ids=[t[:30] for t in HOSTILE])
def test_hostile_input_is_rejected_fast(text, tmp_path, monkeypatch, no_code_execution):
    monkeypatch.chdir(tmp_path)
    start = time.perf_counter()
    with pytest.raises(ExpressionError) as caught:
        parse_expression(text, SYMBOLS, key='payoffs."C,D"[0]', file="models/evil.toml")
    elapsed = time.perf_counter() - start
    assert elapsed < 10, f"{elapsed:.1f} s: a hostile expression must be refused, never hang"
    message = str(caught.value)
    assert message.startswith('models/evil.toml: payoffs."C,D"[0]: ')
    assert "in expression" in message or "characters long" in message
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize(
    "text, words",
    [
        ("x.real", "attribute access: 'x.real'"),
        ("foo + 1", "unknown name 'foo' (declared names: n, x, y): 'foo'"),
        ("open(1)", "unknown function 'open'"),
        ("9**9**9", "exponent 387420489 exceeds the limit"),
        ("x if y else 1", "write if_else(c, x, y)"),
        ("max(x, key=y)", "keyword arguments are not allowed"),
        ("x < 1", "expected a number-valued expression, got a condition"),
        ("if_else(x, 1, 2)", "a number is used where a condition is expected: 'x'"),
        ("piecewise(x < 1, 2)", "an odd number of arguments"),
        ("sqrt(1, 2)", "sqrt() takes 1 argument, got 2"),
        ("max(x)", "max() takes two or more arguments"),
        ("x +", "syntax error"),
        ("", "empty expression"),
        ("(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1), f"nested deeper than {MAX_DEPTH}"),
        ("x" * (MAX_LENGTH + 1), f"the limit is {MAX_LENGTH}"),
    ],
)
def test_error_messages_name_the_offending_text(text, words):
    with pytest.raises(ExpressionError, match=None) as caught:
        parse_expression(text, SYMBOLS, key="k")
    assert words in str(caught.value)
    assert caught.value.key == "k"


def test_condition_errors():
    with pytest.raises(ExpressionError, match="expected a condition"):
        parse_condition("x + 1", SYMBOLS)
    with pytest.raises(ExpressionError, match="a condition is used where a number is expected"):
        parse_condition("(x < 1) < 2", SYMBOLS)
    with pytest.raises(ExpressionError, match="expected a condition as text, got int"):
        parse_condition(1, SYMBOLS)


def test_non_text_values_are_refused():
    with pytest.raises(ExpressionError, match="got the boolean True"):
        parse_expression(True, SYMBOLS)
    with pytest.raises(ExpressionError, match="got list"):
        parse_expression(["x"], SYMBOLS)
    with pytest.raises(ExpressionError, match="not finite"):
        parse_expression(float("inf"), SYMBOLS)


@pytest.mark.parametrize("name", ["max", "lambda", "if_else", "_secret", "1x", "inf", "class", "déjà"])
def test_reserved_and_invalid_names(name):
    with pytest.raises(ValueError, match=repr(name).replace("(", "\\(")):
        check_name(name)


def test_parameter_named_like_a_numpy_function_still_evaluates():
    select = sympy.Symbol("select", real=True)
    expression = parse_expression("if_else(select > 1, select, 0)", {"select": select})
    # the engine lambdifies lists of expressions with dummify=True (SymbolicGame, Model.predict)
    f = sympy.lambdify([select], [expression], modules="numpy", dummify=True)
    assert f(np.array([0.5, 2.0]))[0].tolist() == [0.0, 2.0]
