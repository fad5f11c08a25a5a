"""Discount factors: where in ``[0, 1)`` an automaton profile is an equilibrium, and the critical threshold.

* :func:`spe_discount_set`, :func:`nash_discount_set`: the exact set of
  discount factors in ``[0, 1)`` where the profile is an SPE / a Nash
  equilibrium (an interval, a union of intervals, a point or empty).
* :func:`critical_discount`: the threshold above which the profile is an
  SPE (or Nash equilibrium), as an exact number, or, for a symbolic stage
  game, as a closed form in the stage payoffs.
* :func:`parameter_set`: the set of values of one stage-game parameter where it is.

The conditions are those of :mod:`.analysis` (one-shot deviations for SPE, the
deviator's best reply for Nash), kept symbolic in the discount factor.

References
----------
Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*.
Oxford University Press, ch. 2.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

from ...numerics import to_fraction
from .game import RepeatedGame
from .analysis import MAX_POLICIES, _bind, _deviator_problem, _values, discounted_payoffs, one_shot_gains

__all__ = ["DiscountThreshold", "spe_discount_set", "nash_discount_set", "critical_discount", "parameter_set",
           "MAX_SET_CONDITIONS"]

#: Highest degree in the discount factor of a condition solved in closed form in the stage parameters
#: (factoring and solving with symbolic coefficients is slow, and above 4 there are no radicals).
MAX_CLOSED_FORM_DEGREE = 4

#: Most one-shot deviation conditions solved symbolically for one set (each needs sympy's exact root
#: isolation): above it, sets and closed forms are refused before the work starts.
MAX_SET_CONDITIONS = 300


def _check_condition_count(game: RepeatedGame, strategies) -> None:
    """Refuse, before any symbolic work, a profile whose one-shot conditions exceed :data:`MAX_SET_CONDITIONS`."""
    from . import _streams

    b0, b1 = _bind(game, strategies, "the set of equilibrium values")
    shape = game.stage.shape
    pairs = _streams.reachable(_streams.Stepper(b0, b1), shape)
    count = len(pairs) * (shape[0] + shape[1] - 2) * (game.horizon or 1)
    if count > MAX_SET_CONDITIONS:
        raise ValueError(
            f"the profile has {len(pairs)} reachable state pairs: {count} one-shot deviation conditions to solve "
            f"symbolically, above the limit {MAX_SET_CONDITIONS} (MAX_SET_CONDITIONS); check given values instead"
        )


# ------------------------------------------------- sets of discount factors
def _delta_game(game: RepeatedGame):
    import sympy

    if game.mode == "symbolic" and isinstance(game.discount, sympy.Symbol):
        symbol = game.discount
    else:
        symbol = sympy.Symbol("delta", nonnegative=True)
    if game.mode == "float":
        exact = game.stage.as_exact()
        return RepeatedGame(exact, symbol, horizon=game.horizon, roles=_roles(game)), symbol
    return game.with_discount(symbol), symbol


def _roles(game):
    roles = game._roles
    return roles if roles[0] is not None else None


def _nash_conditions(game: RepeatedGame, strategies) -> list:
    """Expressions ``deviation value - profile value`` (SPE-style ``<= 0`` conditions) for every deviator policy."""
    if game.horizon is not None:
        raise ValueError("Nash sets of discount factors are computed for infinite horizons only; use check_nash at given values")
    b = _bind(game, strategies, "nash_discount_set")
    payoffs = discounted_payoffs(game, strategies)
    conditions = []
    for player in range(2):
        bj = b[1 - player]
        ys, actions, succ, reward = _deviator_problem(game, bj, player)
        count = len(actions) ** len(ys)
        if count > MAX_POLICIES:
            raise ValueError(
                f"the opponent automaton {bj.automaton.name!r} has {len(ys)} states: {len(actions)}^{len(ys)} deviator policies "
                f"exceed the limit {MAX_POLICIES} for symbolic Nash sets; use check_nash at given discount factors"
            )
        for choice in itertools.product(actions, repeat=len(ys)):
            V = _values([bj.initial], {y: succ(y, choice[y]) for y in ys}, {y: (reward(y, choice[y]),) for y in ys},
                        game.discount, 1)
            conditions.append(V[bj.initial][0] - payoffs[player])
    return conditions


def _sign_polynomial(expression):
    """A polynomial with the sign of ``expression`` wherever it is defined: its numerator times its denominator."""
    import sympy

    numerator, denominator = sympy.fraction(sympy.cancel(sympy.together(sympy.sympify(expression))))
    return sympy.expand(numerator * denominator)


def _solve_set(conditions, symbol, low=0, high=1, low_closed=True, high_closed=False):
    """The set of ``symbol`` in the interval ``low..high`` (default ``[0, 1)``) where every expression is ``<= 0``."""
    import sympy

    result = sympy.Interval(low, high, not low_closed, not high_closed)
    seen = set()
    for expression in conditions:
        polynomial = _sign_polynomial(expression)
        if polynomial in seen:
            continue
        seen.add(polynomial)
        if polynomial.free_symbols - {symbol}:
            raise ValueError(
                f"the condition {expression} depends on parameters {sorted(map(str, polynomial.free_symbols - {symbol}))}; "
                "substitute numbers for them, or use critical_discount for a closed form"
            )
        if polynomial.is_number:
            if polynomial > 0:
                return sympy.S.EmptySet
            continue
        piece = _nonpositive_set(polynomial, symbol, low, high, low_closed, high_closed)
        # For the discount factor, points where the denominator vanishes
        # cannot occur in [0, 1): the value formulas' denominators are
        # 1 + d + ... + d^(L-1).
        result = result.intersect(piece)
        if result is sympy.S.EmptySet:
            return result
    return result


def _nonpositive_set(expression, symbol, low=0, high=1, low_closed=True, high_closed=False):
    """Exact subset of the interval ``low..high`` where a polynomial with rational coefficients is ``<= 0``.

    Real roots are isolated exactly (``CRootOf``); the sign between
    consecutive roots is read at an interior point, where the polynomial
    cannot vanish. ``low`` / ``high`` may be infinite.
    """
    import sympy

    low, high = sympy.sympify(low), sympy.sympify(high)
    polynomial = sympy.Poly(expression, symbol, domain="QQ")

    def inside(r):
        return (r > low or (low_closed and r == low)) and (r < high or (high_closed and r == high))

    roots = sorted({r for r in polynomial.real_roots() if inside(r)}, key=lambda r: sympy.N(r, 50))

    def nonpositive(point) -> bool:
        value = polynomial.as_expr().subs(symbol, point)
        return bool(sympy.N(value, 50) <= 0) if not value.is_Rational else bool(value <= 0)

    def between(left, right):
        if left.is_infinite and right.is_infinite:
            return sympy.Integer(0)
        if left.is_infinite:
            return right - 1
        if right.is_infinite:
            return left + 1
        return (left + right) / 2

    result = sympy.FiniteSet(*roots)
    cuts = [low] + [r for r in roots if r != low and r != high] + [high]
    for left, right in zip(cuts, cuts[1:]):
        if nonpositive(between(left, right)):
            result = result.union(sympy.Interval(left, right, left_open=True, right_open=True))
    for end, closed in ((low, low_closed), (high, high_closed)):
        if closed and end.is_finite and nonpositive(end):
            result = result.union(sympy.FiniteSet(end))
    return result


def parameter_set(game: RepeatedGame, strategies, parameter: str, *, notion: str = "spe", **values):
    """The exact set of values of one stage parameter at which the profile is an SPE (or Nash equilibrium).

    The discount factor is the game's (a number); the other parameters are
    fixed at ``values`` (defaults otherwise). The search runs over the
    parameter's declared range. This answers "how low can the common threat
    fall before cooperation stops being sustainable at this discount factor?".

    Parameters
    ----------
    game : RepeatedGame
        With a :class:`~gametheory.games.symbolic.SymbolicGame` stage and a
        numeric discount factor.
    strategies : pair of Automaton
    parameter : str
        The stage parameter that varies.
    notion : {"spe", "nash"}
    **values
        Values of the other parameters.

    Returns
    -------
    sympy Set

    Examples
    --------
    >>> import sympy
    >>> from gametheory.games.symbolic import Parameter, SymbolicGame
    >>> from gametheory.games.repeated import RepeatedGame, strategies as st
    >>> T = sympy.Symbol("T")
    >>> pd = SymbolicGame([[[3, 0], [T, 1]], [[3, T], [0, 1]]], [Parameter("T", 5, low=3, high=10)])
    >>> grim = st.grim_trigger()
    >>> parameter_set(RepeatedGame(pd, Fraction(3, 5)), (grim, grim), "T")
    Interval(3, 6)
    """
    import sympy

    from ..symbolic import SymbolicGame

    if notion not in ("spe", "nash"):
        raise ValueError(f"notion must be 'spe' or 'nash', got {notion!r}")
    stage = game.stage
    if not isinstance(stage, SymbolicGame):
        raise TypeError("parameter_set needs a RepeatedGame whose stage is a SymbolicGame")
    if _is_symbolic_number(game.discount):
        raise ValueError(f"parameter_set needs a numeric discount factor, got {game.discount}")
    declared = stage.parameter(parameter)
    if parameter in values:
        raise ValueError(f"{parameter!r} is the varying parameter; do not also give it a value")
    others = {p.name: values.get(p.name, p.default) for p in stage.parameters if p.name != parameter}
    unknown = sorted(set(values) - set(others))
    if unknown:
        raise ValueError(f"unknown parameter(s) {unknown}; parameters are {[p.name for p in stage.parameters]}")
    fixed = stage.substitute(**others)
    discount = to_fraction(game.discount, what="discount")
    one = RepeatedGame(fixed, sympy.Rational(discount.numerator, discount.denominator), horizon=game.horizon,
                       roles=_roles(game))
    _check_condition_count(one, strategies)
    if notion == "spe":
        conditions = [d.gain for d in one_shot_gains(one, strategies)]
    else:
        conditions = _nash_conditions(one, strategies)
    symbol = fixed.symbols[parameter]
    low = -sympy.oo if declared.low is None else sympy.nsimplify(declared.low)
    high = sympy.oo if declared.high is None else sympy.nsimplify(declared.high)
    return _solve_set(conditions, symbol, low, high, low.is_finite, high.is_finite)


def _is_symbolic_number(value) -> bool:
    return type(value).__module__.startswith("sympy") and not value.is_number


def spe_discount_set(game: RepeatedGame, strategies, *, states: str = "reachable"):
    """The exact set of discount factors in ``[0, 1)`` at which the profile is an SPE.

    The stage payoffs must be numbers (floats are read as exact decimals).
    The answer is a sympy set: an interval, a union of intervals, a single
    point, or empty.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> from gametheory.games.repeated import RepeatedGame, strategies as st
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> spe_discount_set(RepeatedGame(pd), (st.grim_trigger(), st.grim_trigger()))
    Interval.Ropen(1/2, 1)
    >>> spe_discount_set(RepeatedGame(pd), (st.tit_for_tat(), st.tit_for_tat()))
    EmptySet
    >>> knife_edge = NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> spe_discount_set(RepeatedGame(knife_edge), (st.tit_for_tat(), st.tit_for_tat()))
    {1/3}
    """
    symbolic, symbol = _delta_game(game)
    _require_numeric_stage(symbolic, "spe_discount_set")
    _check_condition_count(symbolic, strategies)
    gains = one_shot_gains(symbolic, strategies, states=states)
    return _solve_set([d.gain for d in gains], symbol)


def nash_discount_set(game: RepeatedGame, strategies):
    """The exact set of discount factors in ``[0, 1)`` at which the profile is a Nash equilibrium.

    Every stationary deterministic policy of the deviator on the opponent's
    states is compared with the profile (an optimal reply can always be
    chosen among them).

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> from gametheory.games.repeated import RepeatedGame, strategies as st
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> nash_discount_set(RepeatedGame(pd), (st.tit_for_tat(), st.tit_for_tat()))
    Interval.Ropen(2/3, 1)
    """
    symbolic, symbol = _delta_game(game)
    _require_numeric_stage(symbolic, "nash_discount_set")
    return _solve_set(_nash_conditions(symbolic, strategies), symbol)


def _require_numeric_stage(game, function):
    from ..symbolic import SymbolicGame

    if isinstance(game.stage, SymbolicGame):
        raise ValueError(
            f"{function} needs numeric stage payoffs; for symbolic payoffs use critical_discount "
            "(a closed form) or substitute values with stage.game(**values)"
        )


# ------------------------------------------------------- critical thresholds
@dataclass(frozen=True)
class DiscountThreshold:
    """Where a profile is an SPE (or Nash equilibrium) as a function of the discount factor.

    Attributes
    ----------
    notion : str
        ``"spe"`` or ``"nash"``.
    critical : sympy expression or None
        The threshold ``d*``: the profile is an equilibrium for every
        discount factor in ``(d*, 1)`` (and at ``d*`` when ``attained``), and
        not just below ``d*``. ``None`` when it is not an equilibrium for all
        discount factors close to 1.
    attained : bool or None
        Whether ``d*`` itself belongs to the set.
    discount_set : sympy Set or None
        The exact set of discount factors in ``[0, 1)`` (numeric stage
        payoffs); ``None`` for symbolic payoffs.
    lower_bounds, upper_bounds : tuple of sympy expressions
        Symbolic payoffs only: the conditions ``delta >= bound`` and
        ``delta <= bound`` that bind; ``critical`` is the ``Max`` of the lower
        bounds when there is no binding upper bound.
    assumptions : tuple of sympy relations
        Symbolic payoffs only: sign conditions on the stage parameters under
        which the closed form holds (all true at ``reference``).
    reference : dict
        Symbolic payoffs only: the parameter values used to decide signs.
    """

    notion: str
    critical: object
    attained: bool | None
    discount_set: object = None
    lower_bounds: tuple = ()
    upper_bounds: tuple = ()
    assumptions: tuple = ()
    reference: dict | None = None


def critical_discount(game: RepeatedGame, strategies, *, notion: str = "spe", at: dict | None = None) -> DiscountThreshold:
    """The discount factor above which the profile is an SPE (``notion="spe"``) or a Nash equilibrium.

    With numeric stage payoffs the answer is read off the exact set
    (:func:`spe_discount_set` / :func:`nash_discount_set`). With a
    :class:`~gametheory.games.symbolic.SymbolicGame` stage it is a closed form
    in the stage parameters: each condition is reduced to ``delta >= bound``
    or ``delta <= bound``, using the signs of its coefficients at the
    reference point ``at`` (default: the parameters' defaults), and those sign
    conditions are returned as ``assumptions``.

    Raises
    ------
    ValueError
        For an unknown ``notion``, or when a symbolic condition is not linear
        in the discount factor after removing factors that are positive on
        ``(0, 1)``.

    Examples
    --------
    >>> import sympy
    >>> from gametheory.games.symbolic import Parameter, SymbolicGame
    >>> from gametheory.games.repeated import RepeatedGame, strategies as st
    >>> T, R, P, S = sympy.symbols("T R P S", real=True)
    >>> pd = SymbolicGame([[[R, S], [T, P]], [[R, T], [S, P]]],
    ...                   [Parameter("T", 5), Parameter("R", 3), Parameter("P", 1), Parameter("S", 0)])
    >>> grim = st.grim_trigger()
    >>> critical_discount(RepeatedGame(pd), (grim, grim)).critical
    (R - T)/(P - T)
    """
    if notion not in ("spe", "nash"):
        raise ValueError(f"notion must be 'spe' or 'nash', got {notion!r}")
    from ..symbolic import SymbolicGame

    if not isinstance(game.stage, SymbolicGame):
        found = spe_discount_set(game, strategies) if notion == "spe" else nash_discount_set(game, strategies)
        critical, attained = _top_interval(found)
        return DiscountThreshold(notion, critical, attained, found)
    symbolic, symbol = _delta_game(game)
    _check_condition_count(symbolic, strategies)
    if notion == "spe":
        conditions = [d.gain for d in one_shot_gains(symbolic, strategies)]
    else:
        conditions = _nash_conditions(symbolic, strategies)
    reference = game.stage.values(**(at or {}))
    return _symbolic_threshold(notion, conditions, symbol, game.stage, reference)


def _top_interval(found):
    import sympy

    pieces = found.args if isinstance(found, sympy.Union) else (found,)
    for piece in pieces:
        if isinstance(piece, sympy.Interval) and piece.end == 1 and piece.measure > 0:
            return piece.start, not piece.left_open
    return None, None


def _symbolic_threshold(notion, conditions, symbol, stage, reference):
    import sympy

    subs = {stage.symbols[name]: sympy.nsimplify(value) for name, value in reference.items()}

    def at_reference(expression):
        value = sympy.sympify(expression).xreplace(subs)
        if value.free_symbols - {symbol}:
            raise ValueError(f"cannot evaluate {expression} at the reference point {reference}")
        return value

    def sign(expression):
        value = sympy.nsimplify(at_reference(expression))
        return int(bool(value > 0)) - int(bool(value < 0))

    lower, upper, assumptions = [], [], []
    feasible = True

    def assume(relation):
        if relation is not sympy.true and relation not in assumptions:
            assumptions.append(relation)

    seen = set()
    for expression in conditions:
        key = _sign_polynomial(expression)
        if key in seen or key == 0:
            continue
        seen.add(key)
        degree = sympy.degree(key, symbol)
        if degree > MAX_CLOSED_FORM_DEGREE:
            raise ValueError(
                f"a condition is a polynomial of degree {degree} in the discount factor: closed forms are sought up "
                f"to degree {MAX_CLOSED_FORM_DEGREE} (MAX_CLOSED_FORM_DEGREE); substitute values for the exact set"
            )
        roots = []
        for factor, _power in sympy.factor_list(key)[1]:
            if symbol not in factor.free_symbols:
                s = sign(factor)
                if s == 0:
                    raise ValueError(f"the factor {factor} of a condition vanishes at the reference point {reference}")
                assume(factor > 0 if s > 0 else factor < 0)
                continue
            plain = sympy.Dummy("x")
            polynomial = sympy.Poly(factor.xreplace({symbol: plain}), plain)
            found = sympy.roots(polynomial)
            if sum(found.values()) < polynomial.degree():
                raise ValueError(f"cannot solve the condition {sympy.factor(expression)} <= 0 for {symbol} in closed form")
            candidates = [r.xreplace({plain: symbol}) for r in found]
            for root in candidates:
                value = complex(sympy.N(at_reference(root)))
                if abs(value.imag) < 1e-12 and 0 < value.real < 1:
                    roots.append((value.real, sympy.factor(sympy.simplify(root))))
        condition = sympy.lambdify(symbol, at_reference(key))
        if not roots:
            if float(condition(0.5)) > 0:
                feasible = False
            continue
        if len({round(r, 12) for r, _ in roots}) > 1:
            raise ValueError(
                f"the condition {sympy.factor(expression)} <= 0 changes sign more than once in (0, 1) at the "
                "reference point; substitute numbers for the stage parameters and use the exact discount set"
            )
        value, root = roots[0]
        holds_below = float(condition(value / 2)) <= 0
        holds_above = float(condition((value + 1) / 2)) <= 0
        if holds_below and holds_above:
            continue
        if not holds_below and not holds_above:
            feasible = False
            continue
        assume(root > 0)
        assume(root < 1)
        target = lower if holds_above else upper
        if all(sympy.simplify(root - b) != 0 for b in target):
            target.append(root)
    lower, upper = tuple(lower), tuple(upper)
    result = dict(lower_bounds=lower, upper_bounds=upper, assumptions=tuple(assumptions), reference=reference)
    if not feasible or upper:
        # Empty, or upper bounds below 1 rule out discount factors close to 1.
        return DiscountThreshold(notion, None, None, None, **result)
    critical = sympy.Max(*lower) if lower else sympy.Integer(0)
    return DiscountThreshold(notion, critical, True, None, **result)
