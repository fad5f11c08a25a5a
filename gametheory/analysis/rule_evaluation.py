"""Which prediction rule applies at each parameter point, decided exactly where floats cannot.

A rule's condition compared in floats can fall on the wrong side of a tie:
at ``0.3 * A = 0.2 * E`` the float sides differ in the last bit, while the
game the sweep solves is tied there. Conditions are therefore evaluated in
floats with a tie band (a comparison whose sides differ by at most the
engine's tolerance, ``tol * max(1, |lhs|, |rhs|)``), and every point inside
the band is decided again:

* at an **exact grid point** (every value a short decimal, such as the
  ``0.5`` steps of a default sweep) in rational arithmetic, as the exact
  solvers would;
* otherwise (a float grid with long decimals) with the engine's tolerance:
  an equality holds, a strict inequality fails and a weak one holds.

:func:`evaluate_rules` reports how many points fell in the band and how
many of those were decided exactly. The model layer
(:meth:`gametheory.model.Model.predict`), the comparison
(:mod:`gametheory.study.compare`) and the figures made from it all decide
rules here, so they agree at ties. Compiled conditions are kept in a small
cache keyed by the condition and its symbols.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

__all__ = ["RuleEvaluation", "evaluate_rules", "decide_exactly", "MAX_EXACT_DIGITS"]

#: A value is an exact grid point when its shortest decimal has at most this many significant digits.
MAX_EXACT_DIGITS = 12

#: Compiled conditions by (condition, symbols): a theory's rules are compiled once per process.
_COMPILED: "OrderedDict" = OrderedDict()
_COMPILED_SIZE = 1024


@dataclass(frozen=True)
class RuleEvaluation:
    """The applying rule per point and what the tie band did.

    Attributes
    ----------
    index : ndarray of int
        Index of the first rule whose condition holds (-1: none).
    tie : ndarray of bool
        Points where some comparison of some rule was within the tie band.
    exact : ndarray of bool
        Tie points decided in rational arithmetic (the others with the tolerance).
    """

    index: np.ndarray
    tie: np.ndarray
    exact: np.ndarray

    def reshaped(self, shape) -> "RuleEvaluation":
        """The same evaluation with every array in ``shape`` (points given as a flattened grid)."""
        return RuleEvaluation(self.index.reshape(shape), self.tie.reshape(shape), self.exact.reshape(shape))

    @property
    def tie_points(self) -> int:
        return int(self.tie.sum())

    @property
    def exact_points(self) -> int:
        return int(self.exact.sum())


def _short_decimal(value: float) -> Fraction | None:
    """The value as a fraction when its shortest decimal is short (an exact grid point), else None."""
    if not np.isfinite(value):
        return None
    text = repr(float(value))
    mantissa = text.lower().split("e")[0].replace("-", "").replace(".", "").lstrip("0")
    if len(mantissa) > MAX_EXACT_DIGITS:
        return None
    return Fraction(text)


def _compile(condition, symbols):
    """``decide(columns, tol) -> (truth, tie)`` for a condition of relations joined by and/or/not."""
    import functools

    import sympy
    from sympy.core import relational

    if condition is sympy.true or condition is sympy.false:
        value = bool(condition)
        return lambda columns, count, tol: (np.full(count, value), np.zeros(count, dtype=bool))
    if isinstance(condition, (sympy.And, sympy.Or)):
        parts = [_compile(a, symbols) for a in condition.args]
        combine = np.logical_and if isinstance(condition, sympy.And) else np.logical_or

        def decide_junction(columns, count, tol):
            results = [p(columns, count, tol) for p in parts]
            return (functools.reduce(combine, (r[0] for r in results)),
                    functools.reduce(np.logical_or, (r[1] for r in results)))

        return decide_junction
    if isinstance(condition, sympy.Not):
        inner = _compile(condition.args[0], symbols)

        def decide_not(columns, count, tol):
            truth, tie = inner(columns, count, tol)
            return ~truth, tie

        return decide_not
    if not isinstance(condition, relational.Relational):
        raise TypeError(f"cannot decide {condition}: expected comparisons joined by and/or/not")
    sides = sympy.lambdify(symbols, [condition.lhs, condition.rhs], modules="numpy")
    test = {
        relational.Equality: lambda d, t: np.abs(d) <= t,
        relational.Unequality: lambda d, t: np.abs(d) > t,
        relational.StrictGreaterThan: lambda d, t: d > t,
        relational.GreaterThan: lambda d, t: d >= -t,
        relational.StrictLessThan: lambda d, t: d < -t,
        relational.LessThan: lambda d, t: d <= t,
    }[type(condition)]

    def decide(columns, count, tol):
        with np.errstate(all="ignore"):
            lhs, rhs = (np.broadcast_to(np.asarray(v, dtype=float), (count,)) for v in sides(*columns))
            band = tol * np.maximum(1.0, np.maximum(np.abs(lhs), np.abs(rhs)))
            difference = lhs - rhs
            return test(difference, band), np.abs(difference) <= band

    return decide


def _exact_condition(condition):
    """The condition with its float literals (0.3 as written) read as the decimals they are."""
    import sympy

    return sympy.nsimplify(condition, rational=True) if condition.atoms(sympy.Float) else condition


def _compiled(condition, symbols):
    """``(condition with its float literals read as decimals, decide)``, cached."""
    key = (condition, tuple(symbols))
    if key in _COMPILED:
        _COMPILED.move_to_end(key)
        return _COMPILED[key]
    exact = _exact_condition(condition)
    result = (exact, _compile(exact, symbols))
    _COMPILED[key] = result
    while len(_COMPILED) > _COMPILED_SIZE:
        _COMPILED.popitem(last=False)
    return result


def decide_exactly(rules, substitution) -> int:
    """Index of the first rule whose condition holds at an exact point (``{symbol: sympy Rational}``), -1 if none.

    Raises
    ------
    ValueError
        When a condition cannot be decided at the point (it is undefined there).
    """
    import sympy

    for k, rule in enumerate(rules):
        value = _exact_condition(rule.condition).xreplace(substitution)
        if value not in (sympy.true, sympy.false):
            raise ValueError(f"rule condition {rule.condition} cannot be decided at "
                             f"{ {s.name: v for s, v in substitution.items()} }: {value}")
        if value is sympy.true:
            return k
    return -1


def evaluate_rules(rules, parameters, values: dict, *, tol: float = 1e-9) -> RuleEvaluation:
    """The first rule whose condition holds at each point, ties decided exactly at exact grid points.

    Parameters
    ----------
    rules : sequence of Rule
        Ordered rules (each with a sympy ``condition``).
    parameters : sequence of Parameter
        The model's parameters (their symbols are the conditions' names).
    values : dict
        ``{name: 1-d array}`` of every parameter's value per point.
    tol : float
        The engine's relative tolerance.

    Returns
    -------
    RuleEvaluation

    Examples
    --------
    >>> import numpy as np, sympy
    >>> from gametheory.games.symbolic import Parameter
    >>> from gametheory.model.document import Rule
    >>> a, e = Parameter("a", 1), Parameter("e", 1)
    >>> A, E = a.sympy_symbol, e.sympy_symbol
    >>> rules = [Rule("", (0.4 - 0.1) * A > (0.3 - 0.1) * E, "tight", ()),
    ...          Rule("", (0.4 - 0.1) * A < (0.3 - 0.1) * E, "loose", ())]
    >>> result = evaluate_rules(rules, [a, e], {"a": np.array([10.0, 10.0]), "e": np.array([15.0, 14.0])})
    >>> result.index.tolist(), result.tie.tolist(), result.exact.tolist()
    ([-1, 0], [True, False], [True, False])
    """
    import sympy

    symbols = [p.sympy_symbol for p in parameters]
    names = [p.name for p in parameters]
    count = len(next(iter(values.values()))) if values else 0
    columns = [np.asarray(values[name], dtype=float) for name in names]
    index = np.full(count, -1, dtype=np.int64)
    tie_any = np.zeros(count, dtype=bool)
    truths = []
    for rule in rules:
        condition, decide = _compiled(rule.condition, symbols)
        truth, tie = decide(columns, count, tol)
        truths.append((condition, np.array(truth, dtype=bool), tie))
        tie_any |= tie
    exact = np.zeros(count, dtype=bool)
    for k in np.flatnonzero(tie_any):
        point = [_short_decimal(column[k]) for column in columns]
        if any(v is None for v in point):
            continue  # a float grid point: the tolerance has decided
        substitution = {s: sympy.Rational(v.numerator, v.denominator) for s, v in zip(symbols, point)}
        decided = True
        outcomes = []
        for condition, _, tie in truths:
            if not tie[k]:
                outcomes.append(None)
                continue
            value = condition.xreplace(substitution)
            if value not in (sympy.true, sympy.false):
                decided = False
                break
            outcomes.append(bool(value))
        if not decided:
            continue
        for (condition, truth, tie), value in zip(truths, outcomes):
            if value is not None:
                truth[k] = value
        exact[k] = True
    for k in reversed(range(len(truths))):
        index = np.where(truths[k][1], k, index)
    return RuleEvaluation(index, tie_any, exact)
