"""Simplification of conditions within the parameters' declared ranges.

An inequality that holds over the whole range becomes ``True``, one that never
holds becomes ``False``, and a condition on one parameter is solved for it
(``T <= 3`` rather than ``3 - T >= 0``). Simplification is conservative: when
sympy cannot decide an inequality it is kept as derived, so a condition is
always correct even when it is not in its shortest form. Conditions on an
integer parameter are simplified over the real interval of its range, which
keeps them correct at every integer point.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy

from sympy.logic.boolalg import Boolean, BooleanFalse, BooleanTrue

from ..games.symbolic import Parameter

__all__ = ["simplify_condition"]


def _range_interval(parameter: Parameter) -> sympy.Interval:
    low = -sympy.oo if parameter.low is None else sympy.nsimplify(_exact(parameter.low))
    high = sympy.oo if parameter.high is None else sympy.nsimplify(_exact(parameter.high))
    return sympy.Interval(low, high)


def _exact(value):
    """A sympy number for a parameter bound or value (floats read as decimals)."""
    if isinstance(value, sympy.Basic):
        return value
    if isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    if isinstance(value, (int, np.integer)):
        return sympy.Integer(int(value))
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    if isinstance(value, (float, np.floating)):
        return sympy.Rational(repr(float(value)))
    return sympy.sympify(value)


def _ranges(parameters) -> dict:
    return {p.sympy_symbol: _range_interval(p) for p in parameters}


def _holds_on(relation, symbol, interval) -> bool | None:
    """Whether a univariate relation holds on all of ``interval`` (None: unknown)."""
    try:
        solution = sympy.solveset(relation, symbol, interval)
    except (NotImplementedError, TypeError, ValueError):
        return None
    if isinstance(solution, sympy.ConditionSet):
        return None
    return solution == interval


def _set_to_condition(solution, symbol, interval):
    """A relational for ``symbol in solution``, dropping what the range implies."""
    if solution == interval:
        return sympy.true
    if solution is sympy.EmptySet or solution == sympy.S.EmptySet:
        return sympy.false
    relation = solution.as_relational(symbol)
    return _drop_implied(relation, symbol, interval)


def _drop_implied(relation, symbol, interval):
    if isinstance(relation, (sympy.And, sympy.Or)):
        return relation.func(*(_drop_implied(a, symbol, interval) for a in relation.args))
    if isinstance(relation, sympy.core.relational.Relational):
        if _holds_on(relation, symbol, interval):
            return sympy.true
        return _symbol_left(relation, symbol)
    return relation


_REVERSED = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "==", "!=": "!="}


def _symbol_left(relation, symbol):
    """Write ``2/3 <= x`` as ``x >= 2/3``."""
    if relation.rhs == symbol and relation.lhs.is_number:
        return sympy.Rel(relation.rhs, relation.lhs, _REVERSED[relation.rel_op])
    return relation


def _linear_bounds(expr, ranges):
    """(min, max) of a linear expression over the box of ranges, or None."""
    symbols = sorted(expr.free_symbols, key=sympy.default_sort_key)
    try:
        poly = sympy.Poly(expr, *symbols)
    except sympy.PolynomialError:
        return None
    if poly.total_degree() > 1:
        return None
    low = high = expr.subs({s: 0 for s in symbols})
    for s in symbols:
        c = poly.coeff_monomial(s)
        if not c.is_number:
            return None
        if c == 0:
            continue
        interval = ranges.get(s, sympy.Interval(-sympy.oo, sympy.oo))
        smallest, largest = (interval.inf, interval.sup) if c > 0 else (interval.sup, interval.inf)
        low += c * smallest
        high += c * largest
    return low, high


def _decide_by_bounds(expr, op, bounds):
    """True/False when ``expr op 0`` is decided by its (attained) bounds, else None."""
    low, high = bounds
    if op == ">":
        return True if low > 0 else (False if high <= 0 else None)
    if op == ">=":
        return True if low >= 0 else (False if high < 0 else None)
    if op == "<":
        return True if high < 0 else (False if low >= 0 else None)
    if op == "<=":
        return True if high <= 0 else (False if low > 0 else None)
    if op == "==":
        return True if (low == 0 and high == 0) else (False if (low > 0 or high < 0) else None)
    if op == "!=":
        return False if (low == 0 and high == 0) else (True if (low > 0 or high < 0) else None)
    return None


def _canonical(expr, op):
    """``expr op 0`` as a tidy relational: positive terms left, negative right, no common factor."""
    expr = sympy.expand(expr)
    content, primitive = expr.as_content_primitive()
    if content.is_number and content > 0:
        expr = primitive
    # Normalise the sign so that the same inequality always prints the same way.
    terms = sympy.Add.make_args(expr)
    leading = sorted((t for t in terms if not t.is_number), key=sympy.default_sort_key)
    if leading and leading[0].as_coeff_Mul()[0] < 0:
        expr, op = -expr, _REVERSED[op]
    positive, negative = [], []
    for term in sympy.Add.make_args(expr):
        (negative if term.as_coeff_Mul()[0] < 0 else positive).append(term)
    lhs = sympy.Add(*positive)
    rhs = -sympy.Add(*negative)
    if op in ("<", "<="):  # read as "bigger side first": reward > punishment
        lhs, rhs, op = rhs, lhs, _REVERSED[op]
    return sympy.Rel(lhs, rhs, op)


def _simplify_atom(relation, ranges):
    op = relation.rel_op
    expr = sympy.expand(relation.lhs - relation.rhs)
    if expr.is_number:
        return sympy.Rel(expr, 0, op)  # sympy evaluates to true/false
    symbols = expr.free_symbols
    if len(symbols) == 1:
        (symbol,) = symbols
        interval = ranges.get(symbol, sympy.Interval(-sympy.oo, sympy.oo))
        try:
            solution = sympy.solveset(sympy.Rel(expr, 0, op), symbol, interval)
        except (NotImplementedError, TypeError, ValueError):
            solution = None
        if solution is not None and not isinstance(solution, sympy.ConditionSet):
            return _set_to_condition(solution, symbol, interval)
    bounds = _linear_bounds(expr, ranges)
    if bounds is not None:
        decided = _decide_by_bounds(expr, op, bounds)
        if decided is not None:
            return sympy.true if decided else sympy.false
    # Last resort: the sign information carried by the symbols' assumptions.
    sign = {">": expr.is_positive, ">=": expr.is_nonnegative, "<": expr.is_negative, "<=": expr.is_nonpositive,
            "==": expr.is_zero, "!=": (None if expr.is_zero is None else not expr.is_zero)}[op]
    if sign is not None:
        return sympy.true if sign else sympy.false
    return _canonical(expr, op)


def _univariate_symbol(expr):
    symbols = expr.free_symbols
    return next(iter(symbols)) if len(symbols) == 1 else None


def _simplify(expr, ranges):
    if expr in (sympy.true, sympy.false) or isinstance(expr, (BooleanTrue, BooleanFalse)):
        return expr
    if isinstance(expr, sympy.core.relational.Relational):
        return _simplify_atom(expr, ranges)
    if isinstance(expr, sympy.Not):
        inner = expr.args[0]
        if isinstance(inner, sympy.core.relational.Relational):
            return _simplify_atom(inner.negated, ranges)
        return _simplify(sympy.to_nnf(expr), ranges)
    if isinstance(expr, (sympy.And, sympy.Or)):
        children = [_simplify(a, ranges) for a in expr.args]
        combined = expr.func(*children)
        if not isinstance(combined, (sympy.And, sympy.Or)):
            return combined
        # Merge the parts that concern a single parameter into one solved set.
        groups: dict = {}
        rest = []
        for child in combined.args:
            symbol = _univariate_symbol(child)
            (groups.setdefault(symbol, []) if symbol is not None else rest).append(child)
        merged = _merge_same_expression(rest, combined.func, ranges)
        for symbol, parts in groups.items():
            if len(parts) == 1:
                merged.append(parts[0])
                continue
            interval = ranges.get(symbol, sympy.Interval(-sympy.oo, sympy.oo))
            try:
                sets = [sympy.solveset(p, symbol, interval) for p in parts]
            except (NotImplementedError, TypeError, ValueError):
                sets = None
            if sets is None or any(isinstance(s, sympy.ConditionSet) for s in sets):
                merged.extend(parts)
                continue
            joined = sympy.Intersection(*sets) if isinstance(combined, sympy.And) else sympy.Union(*sets)
            merged.append(_set_to_condition(joined, symbol, interval))
        return combined.func(*merged)
    return expr


def _atom_key(child):
    """``(e, op)`` with ``child`` equivalent to ``e op 0`` and ``e`` normalised (None for non-relations)."""
    if not isinstance(child, sympy.core.relational.Relational):
        return None
    expr = sympy.expand(child.lhs - child.rhs)
    op = child.rel_op
    content, primitive = expr.as_content_primitive()
    if content.is_number and content > 0:
        expr = primitive
    terms = sorted((t for t in sympy.Add.make_args(expr) if not t.is_number), key=sympy.default_sort_key)
    if terms and terms[0].as_coeff_Mul()[0] < 0:
        expr, op = -expr, _REVERSED[op]
    constant = expr.as_coeff_Add()[0]
    return expr - constant, op, constant


def _merge_same_expression(children, func, ranges):
    """Combine relations on the same expression of several parameters (``S > T`` and ``S < T`` is never)."""
    groups: dict = {}
    others = []
    for child in children:
        key = _atom_key(child)
        if key is None:
            others.append(child)
        else:
            groups.setdefault(key[0], []).append((child, key))
    result = list(others)
    for expr, items in groups.items():
        if len(items) == 1:
            result.append(items[0][0])
            continue
        z = sympy.Dummy("z", real=True)
        bounds = _linear_bounds(expr, ranges)
        interval = sympy.Interval(*bounds) if bounds is not None else sympy.Interval(-sympy.oo, sympy.oo)
        sets = [sympy.solveset(sympy.Rel(z + constant, 0, op), z, interval) for _, (_, op, constant) in items]
        joined = sympy.Intersection(*sets) if func is sympy.And else sympy.Union(*sets)
        condition = _set_to_condition(joined, z, interval)
        result.append(_back_substitute(condition, z, expr))
    return result


def _back_substitute(condition, z, expr):
    if isinstance(condition, (sympy.And, sympy.Or)):
        return condition.func(*(_back_substitute(a, z, expr) for a in condition.args))
    if isinstance(condition, sympy.core.relational.Relational):
        return _canonical((condition.lhs - condition.rhs).subs(z, expr), condition.rel_op)
    return condition


def simplify_condition(condition, parameters) -> Boolean:
    """Simplify a sympy condition within the parameters' declared ranges.

    Parameters
    ----------
    condition : sympy Boolean
        Relations (``>``, ``>=``, ``=``, ...) combined with ``&`` and ``|``.
    parameters : sequence of Parameter
        The parameters the condition is about; their ranges are the assumptions.

    Returns
    -------
    sympy Boolean
        ``sympy.true`` when the condition holds over the whole range,
        ``sympy.false`` when it never does, otherwise an equivalent (within
        the ranges) and usually simpler condition. Relations sympy cannot
        decide are kept, so the result is never wrong, only sometimes long.

    Examples
    --------
    >>> import sympy
    >>> from gametheory.games.symbolic import Parameter
    >>> x = Parameter("x", 1, low=0, high=1)
    >>> X = x.sympy_symbol
    >>> simplify_condition(sympy.And(3 * X >= 2, X + 1 > 0), [x])
    x >= 2/3
    >>> simplify_condition(X <= 2, [x])
    True
    """
    if isinstance(condition, bool):
        return sympy.true if condition else sympy.false
    if not isinstance(condition, Boolean):
        raise TypeError(f"condition must be a sympy relation or boolean, got {type(condition).__name__} {condition!r}")
    return _simplify(condition, _ranges(parameters))
