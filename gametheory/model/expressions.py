"""The safe expression language of model files.

Payoffs, priors and theory conditions in a model file are short formulas in
the model's parameters (``"reward - cost"``, ``"temptation < reward and
sucker > 0"``). They are read by a whitelist parser: the text is parsed with
:func:`ast.parse` in ``eval`` mode (which only builds a syntax tree) and the
tree is walked node by node into sympy objects. Only these constructs exist:

* numbers (``3``, ``0.25``, ``1e-3``; decimals are read exactly: ``0.1`` is
  ``1/10``), declared parameter names, parentheses;
* ``+ - * / **`` and unary minus/plus;
* in conditions: comparisons ``< <= > >= == !=`` (chains such as
  ``0 < x < 1`` included) combined with ``and``, ``or``, ``not``;
* the functions ``min``, ``max``, ``sqrt``, ``log``, ``exp``, ``abs``,
  ``if_else(condition, then, otherwise)`` and
  ``piecewise(cond_1, value_1, ..., cond_k, value_k, otherwise)``.

Everything else (attribute access, subscripts, unknown names, other calls,
names starting with an underscore, lambdas, comprehensions, strings,
f-strings, starred or keyword arguments, ``x if c else y``) is rejected with an
:class:`ExpressionError` naming the file, the key and the offending text. The
work is bounded: an expression is at most :data:`MAX_LENGTH` characters and
:data:`MAX_DEPTH` levels deep, and powers whose value would explode
(``9**9**9``) are refused before anything is computed. File text never reaches
``eval``, ``exec``, :func:`sympy.sympify` or ``parse_expr``.
"""

from __future__ import annotations

import ast
import keyword
import math
from collections.abc import Mapping
from fractions import Fraction

from .lazy import sympy

__all__ = [
    "ExpressionError",
    "ModelError",
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_DEGREE",
    "MAX_LENGTH",
    "RESERVED_NAMES",
    "check_name",
    "parse_condition",
    "parse_expression",
]

#: Longest expression text accepted, in characters.
MAX_LENGTH = 2000
#: Deepest nesting of the syntax tree (and of parentheses) accepted.
MAX_DEPTH = 40
#: Largest absolute numeric exponent accepted in ``a ** b``.
MAX_EXPONENT = 1000

#: Largest polynomial degree in the parameters an expression may reach: powers
#: such as ``(reward + sucker)**1000`` would make every symbolic step (expansion,
#: solving for thresholds) explode.
MAX_DEGREE = 64
#: Largest size, in bits, of a number computed by a power of two numbers.
MAX_POWER_BITS = 4096

#: The named functions an expression may call, with their arity (``None`` = two or more).
FUNCTIONS = {
    "min": None,
    "max": None,
    "sqrt": 1,
    "log": 1,
    "exp": 1,
    "abs": 1,
    "if_else": 3,
    "piecewise": None,
}

#: Names a parameter (or count variable) may not take: the functions, Python keywords and constants.
RESERVED_NAMES = frozenset(FUNCTIONS) | frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | {
    "true",
    "false",
    "inf",
    "nan",
}

#: The comparison nodes and the names of their sympy relations.
_COMPARISONS = {
    ast.Lt: "StrictLessThan",
    ast.LtE: "LessThan",
    ast.Gt: "StrictGreaterThan",
    ast.GtE: "GreaterThan",
    ast.Eq: "Eq",
    ast.NotEq: "Ne",
}

_OPERATOR_NAMES = {
    ast.Mod: "%",
    ast.FloorDiv: "//",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitAnd: "&",
    ast.BitXor: "^",
    ast.Invert: "~",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
}

_CONSTRUCT_NAMES = {
    ast.Attribute: "attribute access",
    ast.Subscript: "subscripts",
    ast.Lambda: "lambda",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.JoinedStr: "f-strings",
    ast.FormattedValue: "f-strings",
    ast.Starred: "starred arguments",
    ast.IfExp: "'x if c else y' (write if_else(c, x, y))",
    ast.NamedExpr: "assignment expressions",
    ast.List: "lists",
    ast.Tuple: "tuples",
    ast.Set: "sets",
    ast.Dict: "dictionaries",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Slice: "slices",
}


class ModelError(ValueError):
    """An error in a model declaration, naming the file, the key path and (when known) the line.

    The message reads ``file: key: reason`` (``models/x.toml:
    parameters.war_cost.default: ...``), with ``file:line:`` when the line is
    known.

    Attributes
    ----------
    reason : str
        What is wrong.
    key : str
        Dotted key path in the model (``payoffs."C,D"[1]``), empty if none.
    file : str
        The model file, empty for models built in Python.
    line : int or None
        Line in the file, where the TOML parser reports one.
    """

    def __init__(self, reason: str, *, key: str = "", file: str = "", line: int | None = None):
        self.reason, self.key, self.file, self.line = reason, key, str(file), line
        super().__init__(self._message())

    def _message(self) -> str:
        file = f"{self.file}:{self.line}" if self.file and self.line else self.file
        if not file and self.line:
            file = f"line {self.line}"
        where = ": ".join(part for part in (file, self.key) if part)
        return f"{where}: {self.reason}" if where else self.reason

    def located(self, *, file: str | None = None, key_prefix: str = "", line: int | None = None) -> "ModelError":
        """A copy with the file, a key prefix or the line filled in."""
        import copy

        located = copy.copy(self)
        if file is not None:
            located.file = str(file)
        if key_prefix:
            located.key = f"{key_prefix}.{self.key}" if self.key else key_prefix
        if line is not None:
            located.line = line
        located.args = (located._message(),)
        return located


class ExpressionError(ModelError):
    """A model expression that the whitelist parser refuses.

    Attributes
    ----------
    text : str
        The expression text.
    reason, key, file, line :
        As for :class:`ModelError`; ``reason`` names the offending part.
    """

    def __init__(self, reason: str, *, text: str = "", key: str = "", file: str = "", line: int | None = None):
        self.text = text
        shown = text if len(text) <= 120 else text[:117] + "..."
        super().__init__(f"{reason} in expression {shown!r}" if text else reason, key=key, file=file, line=line)


def check_name(name, *, what: str = "name") -> str:
    """Validate a parameter or count-variable name and return it.

    Names are identifiers that do not start with ``_`` and are not reserved
    (:data:`RESERVED_NAMES`: the function names, Python keywords, ``inf``...).

    Examples
    --------
    >>> check_name("war_cost")
    'war_cost'
    >>> check_name("max")
    Traceback (most recent call last):
    ...
    ValueError: name 'max' is reserved (a function name, keyword or constant); choose another
    """
    if not isinstance(name, str) or not name.isidentifier() or not name.isascii():
        raise ValueError(f"{what} {name!r} must be an ASCII identifier (letters, digits, '_', not starting with a digit)")
    if name.startswith("_"):
        raise ValueError(f"{what} {name!r} must not start with '_'")
    if name in RESERVED_NAMES:
        raise ValueError(f"{what} {name!r} is reserved (a function name, keyword or constant); choose another")
    return name


def parse_expression(text, symbols: Mapping[str, sympy.Symbol], *, key: str = "", file: str = "") -> sympy.Expr:
    """Parse a numeric expression (a payoff, a prior probability) into sympy.

    Parameters
    ----------
    text : str, int or float
        The expression; numbers are accepted as they are (floats read exactly
        through their shortest decimal form).
    symbols : mapping of str to sympy.Symbol
        The names the expression may use.
    key, file : str
        Where the text comes from, for error messages.

    Returns
    -------
    sympy.Expr

    Raises
    ------
    ExpressionError
        (a ``ValueError``) for anything outside the whitelist, naming file,
        key and the offending text.

    Examples
    --------
    >>> import sympy
    >>> T, R = sympy.symbols("temptation reward", real=True)
    >>> parse_expression("(temptation - reward) / 2", {"temptation": T, "reward": R})
    -reward/2 + temptation/2
    >>> parse_expression("0.1", {})
    1/10
    >>> parse_expression("().__class__", {}, key="payoffs.'C,C'[0]", file="x.toml")
    Traceback (most recent call last):
    ...
    gametheory.model.expressions.ExpressionError: x.toml: payoffs.'C,C'[0]: not allowed: attribute access: '().__class__' in expression '().__class__'
    """
    return _Parser(symbols, key=key, file=file).parse(text, condition=False)


def parse_condition(text, symbols: Mapping[str, sympy.Symbol], *, key: str = "", file: str = "") -> "sympy.logic.boolalg.Boolean":
    """Parse a condition (comparisons joined by ``and``/``or``/``not``) into a sympy boolean.

    ``True``/``False`` (TOML booleans) are accepted as constant conditions.

    Examples
    --------
    >>> import sympy
    >>> T, R = sympy.symbols("temptation reward", real=True)
    >>> parse_condition("temptation < reward and not reward > 10", {"temptation": T, "reward": R})
    (reward <= 10) & (temptation < reward)
    >>> parse_condition("reward + 1", {"reward": R})
    Traceback (most recent call last):
    ...
    gametheory.model.expressions.ExpressionError: expected a condition (a comparison such as 'x < y', possibly joined by and/or/not), got a number-valued expression in expression 'reward + 1'
    """
    return _Parser(symbols, key=key, file=file).parse(text, condition=True)


def _is_condition(value) -> bool:
    # sympy Symbols are both Expr and Boolean; a condition is a Boolean that is no Expr.
    from sympy.logic.boolalg import Boolean

    return isinstance(value, Boolean) and not isinstance(value, sympy.Expr)


class _Parser:
    def __init__(self, symbols: Mapping[str, sympy.Symbol], *, key: str, file: str):
        self.symbols = dict(symbols)
        self.key = key
        self.file = file
        self.text = ""

    def error(self, reason: str, node: ast.AST | None = None) -> ExpressionError:
        if node is not None:
            segment = ast.get_source_segment(self.text, node)
            if segment and segment != self.text:
                reason = f"{reason}: {segment!r}"
            elif segment:
                reason = f"{reason}: {segment!r}"
        return ExpressionError(reason, text=self.text, key=self.key, file=self.file)

    # ------------------------------------------------------------- entry
    def parse(self, text, *, condition: bool):
        if isinstance(text, bool):
            if condition:
                return sympy.true if text else sympy.false
            raise ExpressionError(f"expected a number or an expression, got the boolean {text}", key=self.key, file=self.file)
        if isinstance(text, (int, float, Fraction)) and not condition:
            self.text = str(text)
            return self.number(text, None)
        if not isinstance(text, str):
            raise ExpressionError(
                f"expected {'a condition' if condition else 'a number or an expression'} as text, "
                f"got {type(text).__name__} {text!r}",
                key=self.key,
                file=self.file,
            )
        self.text = text.strip()
        if len(text) > MAX_LENGTH:
            raise ExpressionError(
                f"expression is {len(text)} characters long, the limit is {MAX_LENGTH}",
                text=text,
                key=self.key,
                file=self.file,
            )
        if not text.strip():
            raise self.error("empty expression")
        depth = 0
        for char in text:
            depth += char in "([{"
            depth -= char in ")]}"
            if depth > MAX_DEPTH:
                raise self.error(f"parentheses nested deeper than {MAX_DEPTH} levels")
        try:
            tree = ast.parse(text.strip(), mode="eval")
        except SyntaxError as error:
            raise self.error(f"syntax error ({error.msg})") from None
        except (RecursionError, MemoryError, ValueError):
            raise self.error("expression too deeply nested or malformed") from None
        self.text = text.strip()
        result = self.visit(tree.body, 0)
        if condition and not _is_condition(result):
            raise self.error(
                "expected a condition (a comparison such as 'x < y', possibly joined by and/or/not), "
                "got a number-valued expression"
            )
        if not condition and not isinstance(result, sympy.Expr):
            raise self.error("expected a number-valued expression, got a condition (use if_else(condition, a, b))")
        return result

    # ------------------------------------------------------------- nodes
    def visit(self, node: ast.AST, depth: int):
        if depth > MAX_DEPTH:
            raise self.error(f"expression nested deeper than {MAX_DEPTH} levels")
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            what = _CONSTRUCT_NAMES.get(type(node), f"the construct {type(node).__name__}")
            raise self.error(f"not allowed: {what}", node)
        return method(node, depth + 1)

    def visit_Constant(self, node: ast.Constant, depth: int):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            kind = "strings" if isinstance(value, (str, bytes)) else f"constant {value!r}"
            raise self.error(f"{kind} are not allowed" if kind == "strings" else f"{kind} is not allowed", node)
        return self.number(value, node)

    def number(self, value, node):
        if isinstance(value, bool):
            raise self.error("booleans are not numbers", node)
        if isinstance(value, float):
            if not math.isfinite(value):
                raise self.error("number is not finite", node)
            value = Fraction(repr(value))
        if isinstance(value, int):
            return sympy.Integer(value)
        if isinstance(value, Fraction):
            return sympy.Rational(value.numerator, value.denominator)
        raise self.error(f"unsupported number {value!r}", node)

    def visit_Name(self, node: ast.Name, depth: int):
        name = node.id
        if name.startswith("_"):
            raise self.error("names starting with '_' are not allowed", node)
        if name in self.symbols:
            return self.symbols[name]
        if name in FUNCTIONS:
            raise self.error(f"function {name!r} must be called with arguments", node)
        known = ", ".join(sorted(self.symbols)) or "none"
        raise self.error(f"unknown name {name!r} (declared names: {known})", node)

    def expr(self, node: ast.AST, depth: int) -> sympy.Expr:
        value = self.visit(node, depth)
        if not isinstance(value, sympy.Expr):
            raise self.error("a condition is used where a number is expected", node)
        return value

    def boolean(self, node: ast.AST, depth: int) -> "sympy.logic.boolalg.Boolean":
        value = self.visit(node, depth)
        if not _is_condition(value):
            raise self.error("a number is used where a condition is expected", node)
        return value

    def checked(self, value, node):
        if isinstance(value, sympy.Expr) and value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
            raise self.error("the expression is undefined (division by zero or infinite value)", node)
        return value

    def visit_UnaryOp(self, node: ast.UnaryOp, depth: int):
        if isinstance(node.op, ast.Not):
            return sympy.Not(self.boolean(node.operand, depth))
        if isinstance(node.op, ast.USub):
            return -self.expr(node.operand, depth)
        if isinstance(node.op, ast.UAdd):
            return self.expr(node.operand, depth)
        raise self.error(f"operator {_OPERATOR_NAMES.get(type(node.op), type(node.op).__name__)!r} is not allowed", node)

    def visit_BinOp(self, node: ast.BinOp, depth: int):
        op = type(node.op)
        if op not in (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow):
            raise self.error(f"operator {_OPERATOR_NAMES.get(op, op.__name__)!r} is not allowed", node)
        left = self.expr(node.left, depth)
        right = self.expr(node.right, depth)
        if op is ast.Add:
            result = left + right
        elif op is ast.Sub:
            result = left - right
        elif op is ast.Mult:
            result = left * right
        elif op is ast.Div:
            if right.is_zero:
                raise self.error("division by zero", node)
            result = left / right
        else:
            self.check_power(left, right, node)
            result = sympy.Pow(left, right)
        if op in (ast.Mult, ast.Pow):
            degree = _degree(result)
            if degree > MAX_DEGREE:
                raise self.error(f"the expression has degree {degree:g} in the parameters (limit {MAX_DEGREE})", node)
        return self.checked(result, node)

    def check_power(self, base: sympy.Expr, exponent: sympy.Expr, node):
        if not exponent.is_number:
            return
        if not exponent.is_real:
            raise self.error("the exponent is not a real number", node)
        if abs(exponent) > MAX_EXPONENT:
            raise self.error(f"exponent {exponent} exceeds the limit {MAX_EXPONENT}", node)
        if base.is_zero and exponent.is_negative:
            raise self.error("division by zero (zero to a negative power)", node)
        if base.is_number and base.is_Rational and exponent.is_Rational:
            size = max(abs(base.p), abs(base.q))
            bits = size.bit_length() * abs(exponent)
            if bits > MAX_POWER_BITS:
                raise self.error(f"the power would have about {int(bits)} bits (limit {MAX_POWER_BITS})", node)

    def visit_Compare(self, node: ast.Compare, depth: int):
        operands = [self.expr(node.left, depth)] + [self.expr(c, depth) for c in node.comparators]
        parts = []
        for op, left, right in zip(node.ops, operands, operands[1:]):
            relation = _COMPARISONS.get(type(op))
            if relation is None:
                raise self.error(f"comparison {_OPERATOR_NAMES.get(type(op), type(op).__name__)!r} is not allowed", node)
            parts.append(getattr(sympy, relation)(left, right))
        return parts[0] if len(parts) == 1 else sympy.And(*parts)

    def visit_BoolOp(self, node: ast.BoolOp, depth: int):
        values = [self.boolean(v, depth) for v in node.values]
        return sympy.And(*values) if isinstance(node.op, ast.And) else sympy.Or(*values)

    def visit_Call(self, node: ast.Call, depth: int):
        if not isinstance(node.func, ast.Name):
            raise self.error("only the named functions " + ", ".join(FUNCTIONS) + " may be called", node)
        name = node.func.id
        if name not in FUNCTIONS:
            if name.startswith("_"):
                raise self.error("names starting with '_' are not allowed", node.func)
            raise self.error(f"unknown function {name!r} (allowed: {', '.join(FUNCTIONS)})", node)
        if node.keywords:
            raise self.error("keyword arguments are not allowed", node)
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.error("starred arguments are not allowed", arg)
        args = node.args
        arity = FUNCTIONS[name]
        if arity is not None and len(args) != arity:
            raise self.error(f"{name}() takes {arity} argument{'s' if arity > 1 else ''}, got {len(args)}", node)
        if name in ("min", "max"):
            if len(args) < 2:
                raise self.error(f"{name}() takes two or more arguments, got {len(args)}", node)
            values = [self.expr(a, depth) for a in args]
            return (sympy.Min if name == "min" else sympy.Max)(*values)
        if name == "if_else":
            condition = self.boolean(args[0], depth)
            return self.piecewise([(self.expr(args[1], depth), condition), (self.expr(args[2], depth), sympy.true)], node)
        if name == "piecewise":
            if len(args) < 3 or len(args) % 2 == 0:
                raise self.error(
                    "piecewise() takes condition, value pairs followed by a final 'otherwise' value "
                    f"(an odd number of arguments, at least 3), got {len(args)}",
                    node,
                )
            pairs = []
            for k in range(0, len(args) - 1, 2):
                condition = self.boolean(args[k], depth)
                pairs.append((self.expr(args[k + 1], depth), condition))
            pairs.append((self.expr(args[-1], depth), sympy.true))
            return self.piecewise(pairs, node)
        value = self.expr(args[0], depth)
        if name == "abs":
            return sympy.Abs(value)
        if name == "sqrt":
            if value.is_number and value.is_negative:
                raise self.error("square root of a negative number", node)
            return self.checked(sympy.sqrt(value), node)
        if name == "log":
            if value.is_number and not value.is_positive:
                raise self.error("logarithm of a non-positive number", node)
            return self.checked(sympy.log(value), node)
        if value.is_number and value > 700:
            raise self.error("exp() of a number above 700 overflows", node)
        return sympy.exp(value)

    def piecewise(self, pairs, node):
        try:
            return sympy.Piecewise(*pairs)
        except (TypeError, ValueError) as error:
            raise self.error(f"invalid conditional ({error})", node) from None


def _degree(expression) -> float:
    """Polynomial degree of an expression in its symbols (functions count their arguments' degree)."""
    if expression.is_Symbol:
        return 1
    if expression.is_number or not expression.free_symbols:
        return 0
    if expression.is_Add:
        return max(_degree(a) for a in expression.args)
    if expression.is_Mul:
        return sum(_degree(a) for a in expression.args)
    if expression.is_Pow:
        base, exponent = expression.args
        if exponent.is_number:
            return _degree(base) * abs(float(exponent))
        return _degree(base) + _degree(exponent)
    return max((_degree(a) for a in expression.args), default=0)
