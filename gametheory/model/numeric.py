"""Numeric evaluation of model formulas without sympy: a compiled walk over the parsed syntax tree.

Payoffs and derived parameters are evaluated at a point (the game at given
values) or over whole parameter arrays (sweeps) far more often than they are
analysed symbolically. This module compiles the text of a formula of the
safe expression language (:mod:`gametheory.model.expressions`) into a tree of
small Python closures, once, and evaluates it at

* exact values (``int`` and :class:`~fractions.Fraction`): the result is exact
  wherever the formula is rational in them (``+ - * /``, integer powers,
  ``min``, ``max``, ``abs``, conditionals, square roots of perfect squares);
  irrational steps (``log``, ``exp``, other roots) give floats;
* floats, which give floats;
* numpy arrays, which give arrays (elementwise conditionals by
  :func:`numpy.where` and :func:`numpy.select`).

The text is parsed with :func:`ast.parse` in ``eval`` mode and only the
allow-listed constructs of the expression language are compiled (numbers,
declared names, ``+ - * / **``, unary ``-``/``+``, comparisons, ``and``/``or``/
``not`` and the functions of :data:`~gametheory.model.expressions.FUNCTIONS`);
anything else is refused with an :class:`~gametheory.model.expressions.ExpressionError`.
File text never reaches ``eval`` or ``exec``. Undefined values (division by
zero, the logarithm of a non-positive number, a negative number to a
fractional power) raise :class:`UndefinedValue` at a scalar point and give NaN
or infinity in arrays, which the callers check.

Examples
--------
>>> from fractions import Fraction
>>> f = compile_numeric("a * b / (1 + p)", ("a", "b", "p"))
>>> f({"a": Fraction(1, 2), "b": 1, "p": 1})
Fraction(1, 4)
>>> import numpy as np
>>> f({"a": np.array([0.5, 1.0]), "b": 1.0, "p": 1.0}).tolist()
[0.25, 0.5]
>>> compile_numeric("if_else(x > 1, x, 0)", ("x",))({"x": 3})
3
"""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping, Sequence
from fractions import Fraction

from .expressions import FUNCTIONS, MAX_DEGREE, MAX_DEPTH, MAX_EXPONENT, MAX_LENGTH, MAX_POWER_BITS, ExpressionError

__all__ = ["compile_numeric", "NumericExpression", "UndefinedValue"]


class UndefinedValue(ArithmeticError):
    """A formula has no real value at the point (division by zero, log of 0, a negative base to a fractional power)."""


def _is_array(value) -> bool:
    return hasattr(value, "shape") and hasattr(value, "dtype")


def _is_exact(value) -> bool:
    return isinstance(value, (int, Fraction)) and not isinstance(value, bool)


def _pair(a, b):
    """Operands for numpy: an exact constant meeting an array becomes a float (never an object array)."""
    if isinstance(a, Fraction) and _is_array(b):
        return float(a), b
    if isinstance(b, Fraction) and _is_array(a):
        return a, float(b)
    return a, b


def _add(a, b):
    a, b = _pair(a, b)
    return a + b


def _subtract(a, b):
    a, b = _pair(a, b)
    return a - b


def _multiply(a, b):
    a, b = _pair(a, b)
    return a * b


def _divide(a, b):
    a, b = _pair(a, b)
    if _is_exact(a) and _is_exact(b):
        if b == 0:
            raise UndefinedValue("division by zero")
        return Fraction(a) / b
    if _is_array(a) or _is_array(b):
        return a / b if _is_array(a) else float(a) / b
    if b == 0:
        raise UndefinedValue("division by zero")
    return float(a) / float(b)


def _exact_root(value: Fraction, n: int):
    """The exact ``n``-th root of a non-negative rational when it is rational, else None."""
    def root(k: int):
        r = round(k ** (1.0 / n)) if k < 2**1000 else int(math.isqrt(k)) if n == 2 else None
        if r is None:
            return None
        for candidate in (r - 1, r, r + 1):
            if candidate >= 0 and candidate**n == k:
                return candidate
        return None

    top, bottom = root(value.numerator), root(value.denominator)
    if top is None or bottom is None:
        return None
    return Fraction(top, bottom)


def _simplify(value):
    """An exact result as an int when whole (as sympy's integers come out)."""
    if isinstance(value, Fraction) and value.denominator == 1:
        return int(value)
    return value


def _power(a, b):
    if _is_array(a) or _is_array(b):
        import numpy as np

        with np.errstate(all="ignore"):
            return np.power(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    if _is_exact(a) and _is_exact(b):
        b = Fraction(b)
        if b.denominator == 1:
            if a == 0 and b < 0:
                raise UndefinedValue("zero to a negative power")
            bits = max(abs(Fraction(a).numerator), Fraction(a).denominator).bit_length() * abs(b.numerator)
            if bits > MAX_POWER_BITS:
                return float(a) ** int(b)
            return Fraction(a) ** int(b)
        if a < 0:
            raise UndefinedValue("a negative number to a fractional power")
        root = _exact_root(Fraction(a), b.denominator) if b.denominator <= 64 else None
        if root is not None:
            if root == 0 and b < 0:
                raise UndefinedValue("zero to a negative power")
            return root ** b.numerator
        return math.pow(float(a), float(b))
    try:
        return math.pow(float(a), float(b))
    except (ValueError, ZeroDivisionError):
        raise UndefinedValue(f"{a} ** {b} is not a real number") from None
    except OverflowError:
        return math.inf


def _sqrt(a):
    if _is_array(a):
        import numpy as np

        with np.errstate(all="ignore"):
            return np.sqrt(a)
    if a < 0:
        raise UndefinedValue("square root of a negative number")
    if _is_exact(a):
        root = _exact_root(Fraction(a), 2)
        if root is not None:
            return root
    return math.sqrt(float(a))


def _log(a):
    if _is_array(a):
        import numpy as np

        with np.errstate(all="ignore"):
            return np.log(np.asarray(a, dtype=float))
    if a <= 0:
        raise UndefinedValue("logarithm of a non-positive number")
    if a == 1:
        return 0
    return math.log(a) if isinstance(a, int) else math.log(float(a))


def _exp(a):
    if _is_array(a):
        import numpy as np

        with np.errstate(all="ignore"):
            return np.exp(np.asarray(a, dtype=float))
    if a == 0:
        return 1
    try:
        return math.exp(float(a))
    except OverflowError:
        return math.inf


def _extreme(values, which: str):
    if any(_is_array(v) for v in values):
        import numpy as np

        reduce = np.minimum if which == "min" else np.maximum
        values = [float(v) if isinstance(v, Fraction) else v for v in values]
        result = values[0]
        for value in values[1:]:
            result = reduce(result, value)
        return result
    return min(values) if which == "min" else max(values)


def _select(pairs, otherwise, point):
    """``piecewise``: the value of the first pair whose condition holds (elementwise on arrays)."""
    conditions = []
    for condition, value in pairs:
        truth = condition(point)
        if not _is_array(truth):
            if truth:
                if not conditions:
                    return value(point)
                conditions.append((True, value))
                break
            continue
        conditions.append((truth, value))
    import numpy as np

    if not conditions:
        return otherwise(point)
    choices = []
    masks = []
    for truth, value in conditions:
        masks.append(np.asarray(truth, dtype=bool))
        with np.errstate(all="ignore"):
            choices.append(np.asarray(value(point), dtype=float))
    with np.errstate(all="ignore"):
        default = np.asarray(otherwise(point), dtype=float) if conditions[-1][0] is not True else 0.0
    shape = np.broadcast_shapes(*(m.shape for m in masks), *(c.shape for c in choices), np.shape(default))
    return np.select([np.broadcast_to(m, shape) for m in masks], [np.broadcast_to(c, shape) for c in choices],
                     default=default)


def _compare(op, a, b):
    a, b = _pair(a, b)
    if op is ast.Lt:
        return a < b
    if op is ast.LtE:
        return a <= b
    if op is ast.Gt:
        return a > b
    if op is ast.GtE:
        return a >= b
    if op is ast.Eq:
        return a == b
    return a != b


def _both(a, b):
    if _is_array(a) or _is_array(b):
        import numpy as np

        return np.logical_and(a, b)
    return bool(a) and bool(b)


def _either(a, b):
    if _is_array(a) or _is_array(b):
        import numpy as np

        return np.logical_or(a, b)
    return bool(a) or bool(b)


def _negation(a):
    if _is_array(a):
        import numpy as np

        return np.logical_not(a)
    return not a


class _Compiler:
    """Compiles an allow-listed syntax tree into closures ``f(point) -> value``."""

    def __init__(self, names, text: str, key: str, file: str):
        self.names = frozenset(names)
        self.text = text
        self.key = key
        self.file = file
        self.used: set[str] = set()
        # Checks only the symbolic parser makes (powers, roots and logarithms, division by a constant,
        # a degree near the limit): a formula with any of them is parsed symbolically too when loaded.
        self.symbolic_checks = False
        self.denominators: list = []

    def error(self, reason: str, node=None) -> ExpressionError:
        if node is not None:
            segment = ast.get_source_segment(self.text, node)
            if segment:
                reason = f"{reason}: {segment!r}"
        return ExpressionError(reason, text=self.text, key=self.key, file=self.file)

    def compile(self, node, depth: int, *, condition: bool):
        """``(closure, is_condition)`` of a node."""
        if depth > MAX_DEPTH:
            raise self.error(f"expression nested deeper than {MAX_DEPTH} levels")
        method = getattr(self, f"node_{type(node).__name__}", None)
        if method is None:
            raise self.error(f"not allowed: the construct {type(node).__name__}", node)
        return method(node, depth + 1)

    def number_of(self, node, depth):
        function, is_condition = self.compile(node, depth, condition=False)
        if is_condition:
            raise self.error("a condition is used where a number is expected", node)
        return function

    def truth_of(self, node, depth):
        function, is_condition = self.compile(node, depth, condition=True)
        if not is_condition:
            raise self.error("a number is used where a condition is expected", node)
        return function

    def node_Constant(self, node, depth):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(f"constant {value!r} is not allowed", node)
        if isinstance(value, float):
            if not math.isfinite(value):
                raise self.error("number is not finite", node)
            value = _simplify(Fraction(repr(value)))
        return (lambda point: value), False

    def node_Name(self, node, depth):
        name = node.id
        if name.startswith("_") or name not in self.names:
            known = ", ".join(sorted(self.names)) or "none"
            raise self.error(f"unknown name {name!r} (declared names: {known})", node)
        self.used.add(name)
        return (lambda point: point[name]), False

    def node_UnaryOp(self, node, depth):
        if isinstance(node.op, ast.Not):
            operand = self.truth_of(node.operand, depth)
            return (lambda point: _negation(operand(point))), True
        operand = self.number_of(node.operand, depth)
        if isinstance(node.op, ast.USub):
            return (lambda point: -operand(point)), False
        if isinstance(node.op, ast.UAdd):
            return operand, False
        raise self.error(f"operator {type(node.op).__name__} is not allowed", node)

    def node_BinOp(self, node, depth):
        left = self.number_of(node.left, depth)
        right = self.number_of(node.right, depth)
        op = type(node.op)
        if op is ast.Add:
            return (lambda point: _add(left(point), right(point))), False
        if op is ast.Sub:
            return (lambda point: _subtract(left(point), right(point))), False
        if op is ast.Mult:
            return (lambda point: _multiply(left(point), right(point))), False
        if op is ast.Div:
            if not _names_in(node.right) and not _nonzero_rational(right):
                # The symbolic parser refuses a constant divisor that is zero; a non-zero rational one
                # (``3/4``) is decided here exactly, so a rule ``reliability >= 3/4`` needs no sympy.
                self.symbolic_checks = True
            self.denominators.append(right)
            return (lambda point: _divide(left(point), right(point))), False
        if op is ast.Pow:
            # A parameter to a small non-negative integer power (``discount**2``) passes every check the
            # symbolic parser makes of powers (its degree is bounded in _degree_bound); others are parsed too.
            if not _name_to_integer_power(node):
                self.symbolic_checks = True
            exponent = node.right
            if isinstance(exponent, ast.UnaryOp) and isinstance(exponent.op, ast.USub):
                exponent = exponent.operand
            if isinstance(exponent, ast.Constant) and isinstance(exponent.value, (int, float)) \
                    and not isinstance(exponent.value, bool) and abs(exponent.value) > MAX_EXPONENT:
                raise self.error(f"exponent exceeds the limit {MAX_EXPONENT}", node)
            return (lambda point: _power(left(point), right(point))), False
        raise self.error(f"operator {op.__name__} is not allowed", node)

    def node_Compare(self, node, depth):
        operands = [self.number_of(node.left, depth)] + [self.number_of(c, depth) for c in node.comparators]
        ops = []
        for op in node.ops:
            if type(op) not in (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq):
                raise self.error(f"comparison {type(op).__name__} is not allowed", node)
            ops.append(type(op))

        def compare(point):
            values = [f(point) for f in operands]
            result = _compare(ops[0], values[0], values[1])
            for k in range(1, len(ops)):
                result = _both(result, _compare(ops[k], values[k], values[k + 1]))
            return result

        return compare, True

    def node_BoolOp(self, node, depth):
        parts = [self.truth_of(v, depth) for v in node.values]
        combine = _both if isinstance(node.op, ast.And) else _either

        def boolean(point):
            result = parts[0](point)
            for part in parts[1:]:
                result = combine(result, part(point))
            return result

        return boolean, True

    def node_Call(self, node, depth):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            raise self.error("only the named functions " + ", ".join(FUNCTIONS) + " may be called", node)
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise self.error("keyword or starred arguments are not allowed", node)
        name, args = node.func.id, node.args
        arity = FUNCTIONS[name]
        if (arity is not None and len(args) != arity) or (arity is None and len(args) < 2):
            raise self.error(f"{name}() takes {arity or 'two or more'} arguments, got {len(args)}", node)
        if name in ("min", "max"):
            values = [self.number_of(a, depth) for a in args]
            return (lambda point: _extreme([f(point) for f in values], name)), False
        if name in ("if_else", "piecewise"):
            if name == "piecewise" and (len(args) < 3 or len(args) % 2 == 0):
                raise self.error("piecewise() takes condition, value pairs and a final 'otherwise' value", node)
            pairs = [(self.truth_of(args[k], depth), self.number_of(args[k + 1], depth))
                     for k in range(0, len(args) - 1, 2)]
            otherwise = self.number_of(args[-1], depth)
            return (lambda point: _select(pairs, otherwise, point)), False
        value = self.number_of(args[0], depth)
        if name != "abs":
            self.symbolic_checks = True
        function = {"abs": abs, "sqrt": _sqrt, "log": _log, "exp": _exp}[name]
        return (lambda point: function(value(point))), False


#: Generic points at which a divisor is tried: a divisor that vanishes at one of them may be
#: identically zero (``reward - reward``), which the symbolic parser refuses.
_PROBES = (0.7236067977, 1.3819660113, 2.2360679775)


def _vanishes(function, names) -> bool:
    names = sorted(names)
    for k, base in enumerate(_PROBES):
        point = {name: base + 0.1234567 * (j + 1) * (k + 1) for j, name in enumerate(names)}
        try:
            if function(point) == 0:
                return True
        except (ArithmeticError, ValueError, TypeError):
            return True
    return False


def _nonzero_rational(constant) -> bool:
    """Whether a compiled formula without names is an exact rational other than 0."""
    try:
        value = constant({})
    except (ArithmeticError, ValueError, TypeError):
        return False
    return isinstance(value, (int, Fraction)) and not isinstance(value, bool) and value != 0


def _name_to_integer_power(node) -> bool:
    exponent = node.right
    return (isinstance(node.left, ast.Name) and isinstance(exponent, ast.Constant) and type(exponent.value) is int
            and 0 <= exponent.value <= MAX_EXPONENT)


def _names_in(node) -> bool:
    return any(isinstance(n, ast.Name) for n in ast.walk(node))


def _degree_bound(node) -> int:
    """An upper bound of a formula's polynomial degree in its names (powers are checked symbolically)."""
    if isinstance(node, ast.Name):
        return 1
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div)):
        return _degree_bound(node.left) + _degree_bound(node.right)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow) and _name_to_integer_power(node):
        return node.right.value
    return max((_degree_bound(child) for child in ast.iter_child_nodes(node)), default=0)


class NumericExpression:
    """A compiled formula: call it with ``{name: value}`` (numbers or arrays) to evaluate.

    Attributes
    ----------
    text : str
        The formula as written.
    names : frozenset of str
        The names it reads.
    is_condition : bool
        True for a condition (comparisons joined by ``and``/``or``/``not``).
    symbolic_checks : bool
        True when the symbolic parser checks more of the formula than this
        compiler does (powers other than a parameter to a whole power, roots,
        logarithms, division by a constant that is not a non-zero rational, a
        high degree).
    """

    __slots__ = ("text", "names", "is_condition", "symbolic_checks", "_function")

    def __init__(self, text: str, names: frozenset, is_condition: bool, function, symbolic_checks: bool = False):
        self.text = text
        self.names = names
        self.is_condition = is_condition
        self.symbolic_checks = symbolic_checks
        self._function = function

    def __call__(self, point: Mapping):
        """The value at ``point`` (every name the formula reads must be given).

        Raises
        ------
        UndefinedValue
            Where the formula has no real value at a scalar point.
        """
        if any(_is_array(value) for value in point.values()):
            import numpy as np

            with np.errstate(all="ignore"):  # NaN and infinity mark undefined points; callers check them
                return self._function(point)
        return _simplify(self._function(point))

    def __repr__(self) -> str:
        return f"<NumericExpression {self.text!r}>"


def compile_numeric(text, names: Sequence[str], *, key: str = "", file: str = "") -> NumericExpression:
    """Compile a formula of the safe expression language into a :class:`NumericExpression`.

    Parameters
    ----------
    text : str, int, float or Fraction
        The formula (numbers are constant formulas).
    names : sequence of str
        The names it may read.
    key, file : str
        Where the text comes from, for error messages.

    Raises
    ------
    ExpressionError
        For anything outside the expression language, naming the offending part.
    """
    if isinstance(text, bool):
        raise ExpressionError(f"expected a number or an expression, got the boolean {text}", key=key, file=file)
    if isinstance(text, (int, float, Fraction)):
        if isinstance(text, float) and not math.isfinite(text):
            raise ExpressionError("number is not finite", key=key, file=file)
        value = _simplify(Fraction(repr(text)) if isinstance(text, float) else text)
        return NumericExpression(str(text), frozenset(), False, lambda point: value)
    if not isinstance(text, str):
        raise ExpressionError(f"expected an expression as text, got {type(text).__name__} {text!r}", key=key, file=file)
    stripped = text.strip()
    if len(stripped) > MAX_LENGTH:
        raise ExpressionError(f"expression is {len(stripped)} characters long, the limit is {MAX_LENGTH}",
                              key=key, file=file)
    if not stripped:
        raise ExpressionError("empty expression", key=key, file=file)
    depth = 0
    for char in stripped:
        depth += char in "([{"
        depth -= char in ")]}"
        if depth > MAX_DEPTH:
            raise ExpressionError(f"parentheses nested deeper than {MAX_DEPTH} levels", text=stripped, key=key, file=file)
    try:
        tree = ast.parse(stripped, mode="eval")
    except SyntaxError as error:
        raise ExpressionError(f"syntax error ({error.msg})", text=stripped, key=key, file=file) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError("expression too deeply nested or malformed", text=stripped, key=key, file=file) from None
    compiler = _Compiler(names, stripped, key, file)
    function, is_condition = compiler.compile(tree.body, 0, condition=False)
    checks = (compiler.symbolic_checks or _degree_bound(tree.body) > MAX_DEGREE // 2
              or any(_vanishes(d, compiler.used) for d in compiler.denominators))
    return NumericExpression(stripped, frozenset(compiler.used), is_condition, function, checks)
