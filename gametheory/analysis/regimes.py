"""Thresholds along one parameter: the cut points where the equilibrium set changes, and the regimes between.

This is what a regime map needs (:func:`thresholds`).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import sympy

from ..games.symbolic import Parameter, SymbolicGame
from .conditions import _check_symbolic, _payoffs_against_others, _truth, pure_equilibrium_conditions
from .formatting import _expr_latex, _expr_text, _tex
from .mixed import mixed_equilibrium_2x2
from .simplify import _range_interval

__all__ = ["CutPoint", "Regime", "ThresholdResult", "thresholds"]


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

    def _repr_latex_(self) -> str:
        """Jupyter shows the conditions typeset as mathematics."""
        from ..display import latex_math

        return latex_math(self.latex())

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
