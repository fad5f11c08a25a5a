"""Symbolic analysis of games whose payoffs are expressions of parameters.

Given a :class:`~gametheory.games.symbolic.SymbolicGame`, this module derives,
with sympy, the conditions on the parameters under which

* each pure profile is a Nash equilibrium (:func:`pure_equilibrium_conditions`);
* one action strictly or weakly dominates another (:func:`dominance_conditions`);
* a 2x2 game has a completely mixed equilibrium, in closed form
  (:func:`mixed_equilibrium_2x2`);
* one pure equilibrium of a 2x2 coordination game risk-dominates or
  payoff-dominates the other (:func:`selection_conditions`);

and finds the cut points along one parameter where the equilibrium set
changes (:func:`thresholds`), which is what a regime map needs.

Every condition is simplified *within the parameters' declared ranges*: an
inequality that holds over the whole range becomes ``True``, one that never
holds becomes ``False``, and a condition on one parameter is solved for it
(``T <= 3`` rather than ``3 - T >= 0``). Simplification is conservative: when
sympy cannot decide an inequality it is kept as derived, so a condition is
always correct even when it is not in its shortest form. Conditions on an
integer parameter are simplified over the real interval of its range, which
keeps them correct at every integer point.

Every result renders as plain text (``.text()``) and LaTeX (``.latex()``).

References
----------
J. C. Harsanyi and R. Selten, *A General Theory of Equilibrium Selection in
Games*, MIT Press, 1988 (risk and payoff dominance).

R. Jervis, "Cooperation under the Security Dilemma", *World Politics* 30(2),
1978, 167-214 (the Stag Hunt / Prisoner's Dilemma payoffs R, T, P, S).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy
from sympy.logic.boolalg import Boolean, BooleanFalse, BooleanTrue

from ..games.symbolic import Parameter, SymbolicGame

__all__ = [
    "Condition",
    "ProfileCondition",
    "DominanceCondition",
    "MixedClosedForm",
    "SelectionConditions",
    "CutPoint",
    "Regime",
    "ThresholdResult",
    "Analysis",
    "simplify_condition",
    "pure_equilibrium_conditions",
    "dominance_conditions",
    "mixed_equilibrium_2x2",
    "selection_conditions",
    "thresholds",
    "analyze",
]


# --------------------------------------------------------------------------
# Rendering helpers
# --------------------------------------------------------------------------
def _latex_names(parameters) -> dict:
    return {p.sympy_symbol: (p.symbol or p.name) for p in parameters}


def _expr_text(expr) -> str:
    return sympy.sstr(expr)


def _expr_latex(expr, parameters) -> str:
    return sympy.latex(expr, symbol_names=_latex_names(parameters))


_TEXT_OPS = {"==": "=", "!=": "!=", ">=": ">=", "<=": "<=", ">": ">", "<": "<"}


def _is_true(expr) -> bool:
    """Whether ``expr`` is sympy's ``true`` (not merely a condition that evaluates to it)."""
    return expr is sympy.true or isinstance(expr, BooleanTrue)


def _is_false(expr) -> bool:
    """Whether ``expr`` is sympy's ``false``."""
    return expr is sympy.false or isinstance(expr, BooleanFalse)


def _condition_text(expr) -> str:
    if _is_true(expr):
        return "always"
    if _is_false(expr):
        return "never"
    return _boolean_text(expr, top=True)


def _boolean_text(expr, top=False) -> str:
    if isinstance(expr, sympy.And):
        text = " and ".join(_boolean_text(a) for a in _ordered(expr.args))
        return text if top else f"({text})"
    if isinstance(expr, sympy.Or):
        text = " or ".join(_boolean_text(a) for a in _ordered(expr.args))
        return text if top else f"({text})"
    if isinstance(expr, sympy.Not):
        return f"not {_boolean_text(expr.args[0])}"
    if isinstance(expr, sympy.core.relational.Relational):
        return f"{_expr_text(expr.lhs)} {_TEXT_OPS[expr.rel_op]} {_expr_text(expr.rhs)}"
    return _expr_text(expr)


_LATEX_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                   "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _tex(text: str) -> str:
    """Escape plain text (labels, names) for use inside ``\\text{...}``."""
    return "".join(_LATEX_SPECIALS.get(ch, ch) for ch in str(text))


def _condition_latex(expr, parameters) -> str:
    if _is_true(expr):
        return r"\text{always}"
    if _is_false(expr):
        return r"\text{never}"
    return _boolean_latex(expr, parameters, top=True)


def _boolean_latex(expr, parameters, top=False) -> str:
    if isinstance(expr, (sympy.And, sympy.Or)):
        joiner = r" \wedge " if isinstance(expr, sympy.And) else r" \vee "
        text = joiner.join(_boolean_latex(a, parameters) for a in _ordered(expr.args))
        return text if top else rf"\left({text}\right)"
    return _expr_latex(expr, parameters)


def _ordered(args):
    return sorted(args, key=lambda a: (len(a.free_symbols), sympy.default_sort_key(a)))


# --------------------------------------------------------------------------
# Simplification within the declared ranges
# --------------------------------------------------------------------------
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


# --------------------------------------------------------------------------
# Result objects
# --------------------------------------------------------------------------
def _substitution(parameters, values: dict, *, check: bool = True) -> dict:
    known = {p.name: p for p in parameters}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ValueError(f"unknown parameter(s) {unknown}; parameters are {sorted(known)}")
    result = {}
    for p in parameters:
        value = values.get(p.name, p.default)
        if check and not isinstance(value, sympy.Basic):
            value = p.check(value)
        result[p.sympy_symbol] = _exact(value)
    return result


def _truth(expr) -> bool:
    if _is_true(expr):
        return True
    if _is_false(expr):
        return False
    simplified = sympy.simplify(expr)
    if isinstance(simplified, (BooleanTrue, BooleanFalse)):
        return bool(simplified)
    raise ValueError(f"condition {expr} could not be decided at the given values")


@dataclass(frozen=True)
class Condition:
    """A condition on a game's parameters, with plain-text and LaTeX renderings.

    Attributes
    ----------
    expression : sympy Boolean
        The simplified condition (``sympy.true`` / ``sympy.false`` when it
        always / never holds within the declared ranges).
    parameters : tuple of Parameter
        The parameters (with ranges) the condition is about.
    unsimplified : sympy Boolean
        The condition as derived, before simplification.
    """

    expression: Boolean
    parameters: tuple
    unsimplified: Boolean

    @classmethod
    def derive(cls, expression, parameters) -> "Condition":
        parameters = tuple(parameters)
        return cls(simplify_condition(expression, parameters), parameters, expression)

    @property
    def always(self) -> bool:
        """True when the condition holds everywhere in the declared ranges."""
        return _is_true(self.expression)

    @property
    def never(self) -> bool:
        """True when the condition holds nowhere in the declared ranges."""
        return _is_false(self.expression)

    def holds(self, **values) -> bool:
        """Whether the condition holds at these parameter values (defaults for the rest).

        Values are validated against the declared ranges; exact values
        (int, Fraction, decimal strings) give an exact answer. This evaluates
        the simplified condition, the one that is rendered.
        """
        return _truth(self.expression.subs(_substitution(self.parameters, values)))

    def holds_as_derived(self, **values) -> bool:
        """Like :meth:`holds`, evaluating the condition as derived (before simplification).

        Within the declared ranges the two always agree; the tests check it.
        """
        return _truth(self.unsimplified.subs(_substitution(self.parameters, values)))

    def text(self) -> str:
        """Plain text: ``R >= T and P > S``, ``always``, ``never``."""
        return _condition_text(self.expression)

    def latex(self) -> str:
        """LaTeX, using each parameter's declared symbol."""
        return _condition_latex(self.expression, self.parameters)

    def __str__(self) -> str:
        return self.text()


def _labels(game, profile) -> tuple:
    """The action labels of a profile of action indices."""
    return tuple(game.actions[k][a] for k, a in enumerate(profile))


@dataclass(frozen=True)
class ProfileCondition:
    """When a pure profile is a Nash equilibrium (and a strict one)."""

    profile: tuple  # action indices
    labels: tuple  # action labels
    nash: Condition
    strict: Condition

    def text(self) -> str:
        return f"({', '.join(self.labels)}) is a Nash equilibrium iff {self.nash.text()}"

    def latex(self) -> str:
        labels = ", ".join(rf"\text{{{_tex(label)}}}" for label in self.labels)
        return rf"({labels}) \text{{ is a Nash equilibrium}} \iff {self.nash.latex()}"


def pure_equilibrium_conditions(game: SymbolicGame) -> tuple[ProfileCondition, ...]:
    """For each pure profile, the condition under which it is a Nash equilibrium.

    A profile is an equilibrium when no player gains by a unilateral
    deviation: the conjunction of ``u_i(a) >= u_i(b, a_-i)`` over players
    ``i`` and actions ``b``. The strict version (``>``) is given too.

    Parameters
    ----------
    game : SymbolicGame
        Any number of players and actions.

    Returns
    -------
    tuple of ProfileCondition
        In lexicographic order of the profiles.

    Examples
    --------
    >>> from gametheory.games.symbolic import Parameter, SymbolicGame
    >>> import sympy
    >>> T = sympy.Symbol("T")
    >>> pd = SymbolicGame([[[3, 0], [T, 1]], [[3, T], [0, 1]]],
    ...                   [Parameter("T", 4, low=0, high=10)], actions=(["C", "D"], ["C", "D"]))
    >>> for c in pure_equilibrium_conditions(pd):
    ...     print(c.text())
    (C, C) is a Nash equilibrium iff T <= 3
    (C, D) is a Nash equilibrium iff never
    (D, C) is a Nash equilibrium iff never
    (D, D) is a Nash equilibrium iff always
    """
    _check_symbolic(game, "game")
    results = []
    for profile in itertools.product(*(range(m) for m in game.shape)):
        weak, strict = [], []
        for i in range(game.n_players):
            current = game.payoffs[i][profile]
            for b in range(game.shape[i]):
                if b == profile[i]:
                    continue
                deviation = game.payoffs[i][profile[:i] + (b,) + profile[i + 1 :]]
                weak.append(sympy.Ge(current, deviation, evaluate=False))
                strict.append(sympy.Gt(current, deviation, evaluate=False))
        results.append(
            ProfileCondition(
                profile,
                _labels(game, profile),
                Condition.derive(sympy.And(*weak), game.parameters),
                Condition.derive(sympy.And(*strict), game.parameters),
            )
        )
    return tuple(results)


def _check_symbolic(game, what):
    if not isinstance(game, SymbolicGame):
        raise TypeError(f"{what} must be a SymbolicGame, got {type(game).__name__}")


@dataclass(frozen=True)
class DominanceCondition:
    """When ``player``'s action ``action`` dominates its action ``other``."""

    player: str
    action: str
    other: str
    strict: Condition
    weak: Condition

    def text(self) -> str:
        return (f"{self.player}: {self.action} strictly dominates {self.other} iff {self.strict.text()}; "
                f"weakly iff {self.weak.text()}")

    def latex(self) -> str:
        return (rf"\text{{{_tex(self.player)}: {_tex(self.action)} strictly dominates {_tex(self.other)}}} \iff {self.strict.latex()}"
                rf"; \text{{ weakly}} \iff {self.weak.latex()}")


def _payoffs_against_others(game, i, a, b):
    """Player ``i``'s payoffs from actions ``a`` and ``b`` against each profile of the others' actions, in order."""
    others = [range(m) for k, m in enumerate(game.shape) if k != i]
    for rest in itertools.product(*others):
        yield game.payoffs[i][rest[:i] + (a,) + rest[i:]], game.payoffs[i][rest[:i] + (b,) + rest[i:]]


def dominance_conditions(game: SymbolicGame) -> tuple[DominanceCondition, ...]:
    """For each player and ordered pair of actions, when one dominates the other.

    Action ``a`` strictly dominates ``b`` when it pays more against every
    profile of the others' actions; it weakly dominates ``b`` when it pays at
    least as much against every profile and more against at least one.

    Examples
    --------
    >>> from gametheory.games.symbolic import Parameter, SymbolicGame
    >>> import sympy
    >>> T = sympy.Symbol("T")
    >>> pd = SymbolicGame([[[3, 0], [T, 1]], [[3, T], [0, 1]]],
    ...                   [Parameter("T", 4, low=0, high=10)], actions=(["C", "D"], ["C", "D"]))
    >>> d = dominance_conditions(pd)[1]
    >>> d.player, d.action, d.other, d.strict.text(), d.weak.text()
    ('Row', 'D', 'C', 'T > 3', 'T >= 3')
    """
    _check_symbolic(game, "game")
    results = []
    for i in range(game.n_players):
        for a, b in itertools.permutations(range(game.shape[i]), 2):
            pairs = list(_payoffs_against_others(game, i, a, b))
            greater = [sympy.Gt(with_a, with_b, evaluate=False) for with_a, with_b in pairs]
            at_least = [sympy.Ge(with_a, with_b, evaluate=False) for with_a, with_b in pairs]
            results.append(
                DominanceCondition(
                    game.players[i],
                    game.actions[i][a],
                    game.actions[i][b],
                    Condition.derive(sympy.And(*greater), game.parameters),
                    Condition.derive(sympy.And(sympy.And(*at_least), sympy.Or(*greater)), game.parameters),
                )
            )
    return tuple(results)


# --------------------------------------------------------------------------
# 2x2 closed forms
# --------------------------------------------------------------------------
def _check_2x2(game, what="game"):
    _check_symbolic(game, what)
    if game.shape != (2, 2):
        raise ValueError(f"{what} must be a 2x2 game (two players, two actions each), got shape {game.shape}")


def _between_zero_and_one(numerator, denominator):
    """``0 < numerator/denominator < 1`` without dividing (so no case is lost to a zero denominator)."""
    rest = denominator - numerator
    return sympy.Or(
        sympy.And(sympy.Gt(numerator, 0, evaluate=False), sympy.Gt(rest, 0, evaluate=False)),
        sympy.And(sympy.Lt(numerator, 0, evaluate=False), sympy.Lt(rest, 0, evaluate=False)),
    )


@dataclass(frozen=True)
class MixedClosedForm:
    """The completely mixed equilibrium of a 2x2 game, in closed form.

    Attributes
    ----------
    game : SymbolicGame
    probabilities : tuple of tuple of sympy.Expr
        Each player's probabilities of their two actions.
    exists : Condition
        When this is the (unique) completely mixed equilibrium: both
        probabilities strictly inside (0, 1), which also rules out a zero
        denominator.
    continuum : Condition
        When a player is indifferent between their actions whatever the
        other does (the degenerate case: a continuum of equilibria may exist
        and the formulas do not apply).
    derivation : tuple of str
        The two indifference equations and their solutions, in plain text.
    """

    game: SymbolicGame
    probabilities: tuple
    exists: Condition
    continuum: Condition
    derivation: tuple
    derivation_latex: tuple

    def at(self, **values) -> tuple | None:
        """The equilibrium strategies at these values (exact when the values are), or None if it does not exist."""
        if not self.exists.holds(**values):
            return None
        substitution = _substitution(self.game.parameters, values)
        return tuple(tuple(_number(sympy.simplify(p.subs(substitution))) for p in ps) for ps in self.probabilities)

    def text(self) -> str:
        lines = list(self.derivation)
        lines.append(f"This completely mixed equilibrium exists iff {self.exists.text()}")
        if not self.continuum.never:
            lines.append(f"Degenerate (a player always indifferent) iff {self.continuum.text()}")
        return "\n".join(lines)

    def latex(self) -> str:
        lines = list(self.derivation_latex)
        lines.append(rf"\text{{exists}} \iff {self.exists.latex()}")
        if not self.continuum.never:
            lines.append(rf"\text{{degenerate}} \iff {self.continuum.latex()}")
        return " \\\\\n".join(lines)


def _number(value):
    """Fraction for rational sympy numbers, float otherwise."""
    if value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    return float(value)


def mixed_equilibrium_2x2(game: SymbolicGame) -> MixedClosedForm:
    """The completely mixed equilibrium of a 2x2 game, derived by indifference.

    The column player's probability ``q`` of their first action must make
    the row player indifferent between the two rows, and the row player's
    ``p`` must make the column player indifferent between the two columns:

    ``q = (A22 - A12) / (A11 - A12 - A21 + A22)``,
    ``p = (B22 - B21) / (B11 - B12 - B21 + B22)``.

    Examples
    --------
    >>> from gametheory.games.symbolic import Parameter, SymbolicGame
    >>> import sympy
    >>> R, T, P, S = sympy.symbols("R T P S")
    >>> stag = SymbolicGame([[[R, S], [T, P]], [[R, T], [S, P]]],
    ...                     [Parameter("R", 4), Parameter("T", 3), Parameter("P", 2), Parameter("S", 0)],
    ...                     actions=(["C", "D"], ["C", "D"]))
    >>> m = mixed_equilibrium_2x2(stag)
    >>> m.probabilities[1][0]
    (P - S)/(P + R - S - T)
    >>> m.at()
    ((Fraction(2, 3), Fraction(1, 3)), (Fraction(2, 3), Fraction(1, 3)))
    """
    _check_2x2(game)
    A, B = game.payoffs
    row, column = game.players
    (r1, r2), (c1, c2) = game.actions
    q_den = sympy.expand(A[0, 0] - A[0, 1] - A[1, 0] + A[1, 1])
    q_num = sympy.expand(A[1, 1] - A[0, 1])
    p_den = sympy.expand(B[0, 0] - B[0, 1] - B[1, 0] + B[1, 1])
    p_num = sympy.expand(B[1, 1] - B[1, 0])
    q = sympy.factor(sympy.cancel(q_num / q_den)) if q_den != 0 else sympy.nan
    p = sympy.factor(sympy.cancel(p_num / p_den)) if p_den != 0 else sympy.nan
    exists = sympy.And(_between_zero_and_one(q_num, q_den), _between_zero_and_one(p_num, p_den))
    continuum = sympy.Or(
        sympy.And(sympy.Eq(A[0, 0], A[1, 0], evaluate=False), sympy.Eq(A[0, 1], A[1, 1], evaluate=False)),
        sympy.And(sympy.Eq(B[0, 0], B[0, 1], evaluate=False), sympy.Eq(B[1, 0], B[1, 1], evaluate=False)),
    )
    probabilities = ((p, sympy.factor(1 - p)), (q, sympy.factor(1 - q)))
    derivation, derivation_latex = [], []
    names = _latex_names(game.parameters)
    for who, other, payoffs, acts, var, value in (
        (column, row, A, (r1, r2), "q", q),
        (row, column, B.T, (c1, c2), "p", p),
    ):
        left = _mix_text(payoffs[0, 0], payoffs[0, 1], var)
        right = _mix_text(payoffs[1, 0], payoffs[1, 1], var)
        derivation.append(
            f"{who} makes {other} indifferent between {acts[0]} and {acts[1]}: {left} = {right} => {var} = {_expr_text(value)}"
        )
        x = sympy.Symbol(var)
        left_l = sympy.latex(payoffs[0, 0] * x + payoffs[0, 1] * (1 - x), symbol_names=names)
        right_l = sympy.latex(payoffs[1, 0] * x + payoffs[1, 1] * (1 - x), symbol_names=names)
        derivation_latex.append(
            rf"\text{{{_tex(who)} makes {_tex(other)} indifferent: }} {left_l} = {right_l} \Rightarrow {var} = "
            + sympy.latex(value, symbol_names=names)
        )
    return MixedClosedForm(
        game,
        probabilities,
        Condition.derive(exists, game.parameters),
        Condition.derive(continuum, game.parameters),
        tuple(derivation),
        tuple(derivation_latex),
    )


def _mix_term(value, var) -> str:
    """``4q``, ``R*q``, ``(x**2)*q``, ``(-1)(1-q)``: a payoff times a probability, as written on a board."""
    text = _expr_text(value)
    if value.is_number:
        return f"({text}){var}" if value < 0 or not value.is_Rational or "/" in text else f"{text}{var}"
    if value.is_Symbol:
        return f"{text}*{var}"
    return f"({text})*{var}"


def _mix_text(first, second, var) -> str:
    """``4q + 0(1-q)`` with the payoffs as written."""
    return f"{_mix_term(first, var)} + {_mix_term(second, '(1-' + var + ')')}"


# --------------------------------------------------------------------------
# Equilibrium selection in 2x2 coordination games
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class SelectionConditions:
    """Risk and payoff dominance between two pure equilibria of a 2x2 game.

    Attributes
    ----------
    first, second : tuple of str
        The two profiles (action labels), e.g. ``("C", "C")`` and ``("D", "D")``.
    both_strict : Condition
        When both are strict equilibria (the premise of a coordination game);
        the dominance conditions below are stated under this premise.
    first_risk_dominates, second_risk_dominates : Condition
        Harsanyi-Selten: the product of the two players' deviation losses is
        larger at the risk-dominant equilibrium.
    first_payoff_dominates, second_payoff_dominates : Condition
        Every player is strictly better off at the payoff-dominant equilibrium.
    """

    first: tuple
    second: tuple
    both_strict: Condition
    first_risk_dominates: Condition
    second_risk_dominates: Condition
    first_payoff_dominates: Condition
    second_payoff_dominates: Condition

    def _rows(self):
        a, b = f"({', '.join(self.first)})", f"({', '.join(self.second)})"
        return [
            (f"{a} and {b} are both strict equilibria", self.both_strict),
            (f"{a} risk-dominates {b}", self.first_risk_dominates),
            (f"{b} risk-dominates {a}", self.second_risk_dominates),
            (f"{a} payoff-dominates {b}", self.first_payoff_dominates),
            (f"{b} payoff-dominates {a}", self.second_payoff_dominates),
        ]

    def text(self) -> str:
        lines = [f"{what} iff {c.text()}" for what, c in self._rows()]
        return "\n".join(lines[:1] + ["  " + line for line in lines[1:]])

    def latex(self) -> str:
        return " \\\\\n".join(rf"\text{{{_tex(what)}}} \iff {c.latex()}" for what, c in self._rows())


def selection_conditions(game: SymbolicGame) -> tuple[SelectionConditions, ...]:
    """Risk- and payoff-dominance conditions for the pure equilibria of a 2x2 game.

    The two candidate pairs of pure equilibria in a 2x2 game are the diagonal
    ``{(1,1), (2,2)}`` (coordination games such as the Stag Hunt) and the
    anti-diagonal ``{(1,2), (2,1)}`` (Chicken). A pair is returned when both
    profiles can be strict equilibria somewhere in the declared ranges.

    Under that premise the equilibrium ``e`` risk-dominates ``f`` when the
    product of the players' losses from deviating at ``e`` exceeds the product
    at ``f`` (Harsanyi and Selten 1988, for 2x2 games); ``e`` payoff-dominates
    ``f`` when every player gets strictly more at ``e``. When both players'
    losses are equal at each equilibrium (symmetric games), the product
    comparison is reduced to a comparison of the losses, which is equivalent
    because the losses are positive under the premise.

    Examples
    --------
    >>> from gametheory.games.symbolic import Parameter, SymbolicGame
    >>> import sympy
    >>> R, T, P, S = sympy.symbols("R T P S")
    >>> stag = SymbolicGame([[[R, S], [T, P]], [[R, T], [S, P]]],
    ...                     [Parameter("R", 4), Parameter("T", 3), Parameter("P", 2), Parameter("S", 0)],
    ...                     actions=(["C", "D"], ["C", "D"]))
    >>> s = selection_conditions(stag)[0]  # the diagonal pair; (C, D), (D, C) is the other
    >>> s.both_strict.text(), s.first_risk_dominates.text(), s.first_payoff_dominates.text()
    ('P > S and R > T', 'R + S > P + T', 'R > P')
    """
    _check_2x2(game)
    A, B = game.payoffs
    results = []
    for e, f in (((0, 0), (1, 1)), ((0, 1), (1, 0))):
        losses = {}
        for profile in (e, f):
            r, c = profile
            losses[profile] = (sympy.expand(A[r, c] - A[1 - r, c]), sympy.expand(B[r, c] - B[r, 1 - c]))
        premise = sympy.And(*(sympy.Gt(loss, 0, evaluate=False) for pair in losses.values() for loss in pair))
        both_strict = Condition.derive(premise, game.parameters)
        if both_strict.never:
            continue

        def risk(x, y):
            (x1, x2), (y1, y2) = losses[x], losses[y]
            if sympy.expand(x1 - x2) == 0 and sympy.expand(y1 - y2) == 0:
                return sympy.Gt(x1, y1, evaluate=False)
            return sympy.Gt(x1 * x2, y1 * y2, evaluate=False)

        def payoff(x, y):
            return sympy.And(sympy.Gt(A[x], A[y], evaluate=False), sympy.Gt(B[x], B[y], evaluate=False))

        results.append(
            SelectionConditions(
                _labels(game, e),
                _labels(game, f),
                both_strict,
                Condition.derive(risk(e, f), game.parameters),
                Condition.derive(risk(f, e), game.parameters),
                Condition.derive(payoff(e, f), game.parameters),
                Condition.derive(payoff(f, e), game.parameters),
            )
        )
    return tuple(results)


# --------------------------------------------------------------------------
# Thresholds along one parameter
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class CutPoint:
    """A parameter value where the equilibrium set changes.

    ``value`` is an exact sympy number when sympy could solve for it (e.g.
    ``2/3``, ``sqrt(2)``), otherwise a float from a numeric root finder
    (``exact`` is then False).
    """

    value: object
    exact: bool

    def __float__(self) -> float:
        return float(self.value)

    def text(self) -> str:
        if self.exact:
            text = _expr_text(self.value)
            return text if self.value.is_Rational else f"{text} ~ {float(self.value):.6g}"
        return f"~{float(self.value):.6g}"

    def latex(self) -> str:
        return sympy.latex(self.value) if self.exact else rf"\approx {float(self.value):.6g}"


@dataclass(frozen=True)
class Regime:
    """The equilibrium set on one interval (or at one cut point) of a parameter.

    Attributes
    ----------
    low, high : sympy number
        Interval ends (``-oo``/``oo`` when unbounded); equal for a single point.
    low_closed, high_closed : bool
    pure : tuple of tuple of str
        The pure equilibria (action labels).
    mixed : tuple or None
        For 2x2 games, the completely mixed equilibrium's probabilities as
        expressions of the parameter, when it exists in this regime.
    degenerate : bool
        Whether some player is indifferent between two actions against some
        profile of the others' actions here (typically at a cut point): then
        further equilibria in which a player mixes, often a continuum, may
        exist besides those listed.
    """

    low: object
    high: object
    low_closed: bool
    high_closed: bool
    pure: tuple
    mixed: tuple | None
    degenerate: bool = False

    @property
    def is_point(self) -> bool:
        return self.low == self.high

    def interval_text(self, name: str) -> str:
        if self.is_point:
            return f"{name} = {self._end(self.low)}"
        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        return f"{name} in {left}{self._end(self.low)}, {self._end(self.high)}{right}"

    def interval_latex(self, symbol: str) -> str:
        if self.is_point:
            return f"{symbol} = {sympy.latex(self.low)}"
        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        return rf"{symbol} \in \left{left}{sympy.latex(self.low)}, {sympy.latex(self.high)}\right{right}"

    def equilibria_text(self) -> str:
        parts = [f"({', '.join(p)})" for p in self.pure]
        if self.mixed is not None:
            parts.append("mixed (p = " + _expr_text(self.mixed[0][0]) + ", q = " + _expr_text(self.mixed[1][0]) + ")")
        text = ", ".join(parts) if parts else "no pure equilibrium"
        return text + (" (ties: a continuum of partly mixed equilibria may exist)" if self.degenerate else "")

    def equilibria_latex(self, parameters=()) -> str:
        parts = [r"\text{" + _tex(f"({', '.join(p)})") + "}" for p in self.pure]
        if self.mixed is not None:
            p, q = (_expr_latex(self.mixed[k][0], parameters) for k in (0, 1))
            parts.append(rf"\text{{mixed }} \left(p = {p},\ q = {q}\right)")
        text = ", ".join(parts) if parts else r"\text{no pure equilibrium}"
        return text + (r"\ \text{(ties: a continuum of partly mixed equilibria may exist)}" if self.degenerate else "")

    @staticmethod
    def _end(value) -> str:
        return f"{float(value):.6g}" if isinstance(value, sympy.Float) else _expr_text(value)


@dataclass(frozen=True)
class ThresholdResult:
    """Cut points of one parameter and the equilibrium set between them."""

    parameter: Parameter
    fixed: dict
    cut_points: tuple
    regimes: tuple
    notes: tuple

    def text(self) -> str:
        fixed = ", ".join(f"{k} = {v}" for k, v in self.fixed.items())
        head = f"Along {self.parameter.name} in {self.parameter.bounds_text()}" + (f" with {fixed}" if fixed else "")
        cuts = ", ".join(c.text() for c in self.cut_points) or "none"
        lines = [head + ":", f"  cut points: {cuts}"]
        for regime in self.regimes:
            lines.append(f"  {regime.interval_text(self.parameter.name)}: {regime.equilibria_text()}")
        lines.extend(f"  Note: {note}" for note in self.notes)
        return "\n".join(lines)

    def latex(self) -> str:
        symbol = self.parameter.symbol or self.parameter.name
        lines = [rf"\text{{cut points: }} " + (", ".join(c.latex() for c in self.cut_points) or r"\text{none}")]
        for regime in self.regimes:
            lines.append(rf"{regime.interval_latex(symbol)}: {regime.equilibria_latex((self.parameter,))}")
        return " \\\\\n".join(lines)


def _deviation_differences(game: SymbolicGame):
    """Every unilateral payoff difference u_i(a, s) - u_i(b, s): best responses change only where one is zero."""
    differences = set()
    for i in range(game.n_players):
        for a, b in itertools.combinations(range(game.shape[i]), 2):
            for with_a, with_b in _payoffs_against_others(game, i, a, b):
                d = sympy.expand(with_a - with_b)
                if not d.is_number:
                    differences.add(d)
    return differences


def _roots(expr, symbol, interval, notes):
    """Roots of ``expr`` in ``interval``: exact when sympy can, numeric otherwise."""
    try:
        solution = sympy.solveset(sympy.Eq(expr, 0), symbol, interval)
    except (NotImplementedError, TypeError, ValueError):
        solution = None
    if isinstance(solution, sympy.FiniteSet):
        return [CutPoint(v, True) for v in solution if v.is_real]
    if solution is not None and solution == interval:
        return []  # identically zero: no change of sign anywhere
    # Numeric fallback: polynomials through their numeric roots, anything else by bracketing.
    numerator = sympy.numer(sympy.together(expr))
    if numerator.is_polynomial(symbol):
        roots = [complex(r) for r in sympy.Poly(numerator, symbol).nroots()]
        found = [r.real for r in roots if abs(r.imag) < 1e-12 and interval.contains(sympy.Float(r.real)) is sympy.true]
        return [CutPoint(sympy.Float(r), False) for r in found]
    low = float(interval.inf) if interval.inf.is_finite else float(interval.sup) - 100 if interval.sup.is_finite else -100.0
    high = float(interval.sup) if interval.sup.is_finite else low + 200
    function = sympy.lambdify(symbol, expr, modules="math")
    grid = np.linspace(low, high, 2001)
    found = []
    from scipy.optimize import brentq

    values = []
    for x in grid:
        try:
            values.append(float(function(x)))
        except (ValueError, ZeroDivisionError, OverflowError):
            values.append(math.nan)
    for x0, x1, v0, v1 in zip(grid[:-1], grid[1:], values[:-1], values[1:]):
        if math.isnan(v0) or math.isnan(v1):
            continue
        if v0 == 0:
            found.append(x0)
        elif v0 * v1 < 0:
            found.append(brentq(function, x0, x1, xtol=1e-14))
    notes.append(
        f"{_expr_text(expr)} = 0 was solved numerically on a grid over [{low:g}, {high:g}]: "
        "roots closer together than the grid step may be missed"
    )
    return [CutPoint(sympy.Float(x), False) for x in found]


def thresholds(game: SymbolicGame, parameter: str, **fixed) -> ThresholdResult:
    """Cut points along ``parameter`` where the equilibrium set changes.

    The other parameters are fixed at the given values (their defaults
    otherwise). Best responses, and with them the pure equilibria and the
    2x2 completely mixed equilibrium, can only change where some unilateral
    payoff difference ``u_i(a, s) - u_i(b, s)`` changes sign, so the candidate
    cut points are the roots of those differences in the parameter's range;
    a candidate is kept when the equilibrium set there, or on one side of it,
    differs from a neighbour.

    Parameters
    ----------
    game : SymbolicGame
    parameter : str
        The parameter that moves.
    **fixed
        Values for the other parameters.

    Returns
    -------
    ThresholdResult
        ``cut_points`` (exact where sympy solves the equations, numeric
        otherwise) and ``regimes``: the equilibrium set on each open interval
        between cut points and at each exact cut point.

    Notes
    -----
    For games other than 2x2 the regimes list the pure equilibria only; the
    mixed equilibria of larger games can change at further points.

    Examples
    --------
    >>> from gametheory.games.symbolic import Parameter, SymbolicGame
    >>> import sympy
    >>> T = sympy.Symbol("T")
    >>> pd = SymbolicGame([[[3, 0], [T, 1]], [[3, T], [0, 1]]],
    ...                   [Parameter("T", 4, low=0, high=10)], actions=(["C", "D"], ["C", "D"]))
    >>> result = thresholds(pd, "T")
    >>> [c.text() for c in result.cut_points]
    ['3']
    >>> print(result.regimes[-1].interval_text("T"), result.regimes[-1].equilibria_text())
    T in (3, 10] (D, D)
    """
    _check_symbolic(game, "game")
    moving = game.parameter(parameter)
    if parameter in fixed:
        raise ValueError(f"parameter {parameter!r} is the one that moves; it cannot also be fixed")
    values = game.values(**fixed)
    fixed_values = {k: v for k, v in values.items() if k != parameter}
    line = game.substitute(**fixed_values) if fixed_values else game
    symbol = moving.sympy_symbol
    interval = _range_interval(moving)
    notes: list = []
    candidates = []
    differences = _deviation_differences(line)
    for difference in differences:
        candidates.extend(_roots(difference, symbol, interval, notes))
    unique = []
    for c in sorted(candidates, key=lambda c: float(c.value)):
        if unique and abs(float(unique[-1].value) - float(c.value)) <= 1e-12 * max(1.0, abs(float(c.value))):
            if c.exact and not unique[-1].exact:
                unique[-1] = c
            continue
        if float(c.value) in (float(interval.inf), float(interval.sup)) and not c.exact:
            continue
        unique.append(c)
    profiles = pure_equilibrium_conditions(line)
    mixed = mixed_equilibrium_2x2(line) if line.shape == (2, 2) else None
    if line.shape != (2, 2):
        notes.append("regimes list pure equilibria only (mixed equilibria of games other than 2x2 are not tracked)")

    def regime_at(point, low, high, low_closed, high_closed):
        substitution = {symbol: point}
        pure = tuple(p.labels for p in profiles if _truth(p.nash.unsimplified.subs(substitution)))
        has_mixed = mixed is not None and _truth(mixed.exists.unsimplified.subs(substitution))
        tie = any(d.subs(substitution) == 0 for d in differences)
        return Regime(low, high, low_closed, high_closed, pure, mixed.probabilities if has_mixed else None, tie)

    ends = [interval.inf] + [c.value for c in unique] + [interval.sup]
    pieces = []
    for k in range(len(ends) - 1):
        low, high = ends[k], ends[k + 1]
        if k > 0 and unique[k - 1].exact:
            pieces.append(regime_at(low, low, low, True, True))
        if low == high:
            continue
        if low.is_finite and high.is_finite:
            sample = (low + high) / 2
        elif low.is_finite:
            sample = low + 1
        elif high.is_finite:
            sample = high - 1
        else:
            sample = sympy.Integer(0)
        low_closed = k == 0 and low.is_finite
        high_closed = k == len(ends) - 2 and high.is_finite
        if k > 0 and not unique[k - 1].exact:
            low_closed = False
        pieces.append(regime_at(sample, low, high, low_closed, high_closed))
    merged = _merge_regimes(pieces)
    boundaries = [r.high for r in merged[:-1]]
    cut_points = tuple(c for c in unique if any(sympy.simplify(c.value - b) == 0 for b in boundaries))
    return ThresholdResult(moving, fixed_values, cut_points, tuple(merged), tuple(dict.fromkeys(notes)))


def _key(regime):
    return (regime.pure, regime.mixed is not None, regime.degenerate)


def _merge_regimes(pieces):
    """Join neighbouring pieces with the same equilibrium set."""
    merged = []
    for piece in pieces:
        if merged and _key(merged[-1]) == _key(piece):
            last = merged[-1]
            merged[-1] = Regime(last.low, piece.high, last.low_closed, piece.high_closed, last.pure,
                                last.mixed if last.mixed is not None else piece.mixed, last.degenerate)
        else:
            merged.append(piece)
    return merged


# --------------------------------------------------------------------------
# Everything at once
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Analysis:
    """All symbolic conditions of a game, for ``gametheory conditions``."""

    game: SymbolicGame
    profiles: tuple
    dominance: tuple
    mixed: MixedClosedForm | None
    selection: tuple

    def text(self) -> str:
        lines = []
        if self.game.title:
            lines.append(self.game.title)
        if self.game.parameters:
            lines.append("Parameters (conditions are simplified within these ranges):")
            for p in self.game.parameters:
                meaning = f" -- {p.meaning}" if p.meaning else ""
                lines.append(f"  {p.name} in {p.bounds_text()}, default {p.default}{meaning}")
        lines.append("Pure Nash equilibria:")
        lines.extend(f"  {c.text()}" for c in self.profiles)
        shown = [d for d in self.dominance if not (d.strict.never and d.weak.never)]
        lines.append("Dominance:" if shown else "Dominance: no action ever dominates another.")
        lines.extend(f"  {d.text()}" for d in shown)
        if self.mixed is not None:
            lines.append("Completely mixed equilibrium (p, q = probability of the first action of Row, Column):")
            lines.extend(f"  {line}" for line in self.mixed.text().splitlines())
        for s in self.selection:
            lines.append("Equilibrium selection:")
            lines.extend(f"  {line}" for line in s.text().splitlines())
        return "\n".join(lines)

    def latex(self) -> str:
        lines = [r"\begin{align*}"]
        body = [c.latex() for c in self.profiles]
        body += [d.latex() for d in self.dominance if not (d.strict.never and d.weak.never)]
        if self.mixed is not None:
            body.append(self.mixed.latex())
        body += [s.latex() for s in self.selection]
        lines.append(" \\\\\n".join("& " + b.replace(" \\\\\n", " \\\\\n& ") for b in body))
        lines.append(r"\end{align*}")
        return "\n".join(lines)


def analyze(game: SymbolicGame) -> Analysis:
    """Every symbolic condition of ``game``: pure equilibria, dominance, and for 2x2 games the mixed equilibrium and selection.

    Examples
    --------
    >>> from gametheory.games.symbolic import Parameter, SymbolicGame
    >>> import sympy
    >>> T = sympy.Symbol("T")
    >>> pd = SymbolicGame([[[3, 0], [T, 1]], [[3, T], [0, 1]]],
    ...                   [Parameter("T", 4, low=0, high=10)], actions=(["C", "D"], ["C", "D"]))
    >>> print(analyze(pd).text().splitlines()[3])
      (C, C) is a Nash equilibrium iff T <= 3
    """
    _check_symbolic(game, "game")
    is_2x2 = game.shape == (2, 2)
    return Analysis(
        game,
        pure_equilibrium_conditions(game),
        dominance_conditions(game),
        mixed_equilibrium_2x2(game) if is_2x2 else None,
        selection_conditions(game) if is_2x2 else (),
    )
