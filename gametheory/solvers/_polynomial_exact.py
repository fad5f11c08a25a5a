"""The exact route of polynomial enumeration: a support's indifference system in sympy.

A lexicographic Groebner basis then back substitution, so rational equilibria
come out as exact fractions and irrational ones as algebraic numbers; one-parameter
families and sampled points of positive-dimensional solution sets.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np


#: Values tried for each free coordinate of a positive-dimensional solution set.
_SAMPLE_VALUES = tuple(Fraction(k, 6) for k in range(7))


def _supports(m: int):
    for size in range(1, m + 1):
        yield from itertools.combinations(range(m), size)


class _SupportSystem:
    """The indifference system of one support profile, in sympy."""

    def __init__(self, sympy_payoffs, supports, shape):
        import sympy

        self.supports = supports
        self.shape = shape
        self.symbols = []
        self.strategy = []  # per player: list over all actions of sympy expressions
        for i, support in enumerate(supports):
            names = [sympy.Symbol(f"p{i}_{a}") for a in support[1:]]
            self.symbols.extend(names)
            probabilities = [sympy.Integer(0)] * shape[i]
            probabilities[support[0]] = 1 - sum(names, sympy.Integer(0))
            for a, name in zip(support[1:], names):
                probabilities[a] = name
            self.strategy.append(probabilities)
        n = len(shape)
        # payoff_of[i][a]: player i's expected payoff from action a against the others.
        self.payoff_of = []
        for i in range(n):
            others = [k for k in range(n) if k != i]
            values = []
            for a in range(shape[i]):
                total = sympy.Integer(0)
                for profile in itertools.product(*(supports[k] for k in others)):
                    index = [0] * n
                    index[i] = a
                    weight = sympy.Integer(1)
                    for k, x in zip(others, profile):
                        index[k] = x
                        weight *= self.strategy[k][x]
                    total += sympy_payoffs[i][tuple(index)] * weight
                values.append(sympy.expand(total))
            self.payoff_of.append(values)
        self.equations = [
            sympy.expand(self.payoff_of[i][a] - self.payoff_of[i][support[0]])
            for i, support in enumerate(supports)
            for a in support[1:]
        ]
        self.equations = [e for e in self.equations if e != 0]


def _real_value(expr, tol: float):
    """A real float for a sympy number, or None when it is not real."""
    value = complex(expr.evalf(30))
    if abs(value.imag) > tol * max(1.0, abs(value.real)):
        return None
    return value.real


def _feasible(system: _SupportSystem, point: dict, game_tol: float):
    """Strategy expressions at ``point`` if they are probabilities with no better action off the support, else None."""
    import sympy

    exact = all(getattr(v, "is_Rational", False) for v in point.values())
    strategies = []
    for probabilities in system.strategy:
        strategies.append([sympy.sympify(p).xreplace(point) for p in probabilities])
    if exact:
        for values in strategies:
            if any(v < 0 or v > 1 for v in values):
                return None
        for i, support in enumerate(system.supports):
            best = system.payoff_of[i][support[0]].xreplace(point)
            if any(system.payoff_of[i][a].xreplace(point) > best for a in range(system.shape[i])):
                return None
        return [[Fraction(int(v.p), int(v.q)) for v in values] for values in strategies], True
    # Irrational (algebraic) point: decide numerically.
    numeric = []
    for values in strategies:
        floats = [_real_value(v, 1e-12) for v in values]
        if any(f is None for f in floats) or any(f < -1e-12 or f > 1 + 1e-12 for f in floats):
            return None
        numeric.append(floats)
    for i, support in enumerate(system.supports):
        payoffs = [_real_value(system.payoff_of[i][a].xreplace(point), 1e-12) for a in range(system.shape[i])]
        if any(p is None for p in payoffs) or max(payoffs) > payoffs[support[0]] + game_tol:
            return None
    return [list(np.clip(values, 0.0, None)) for values in numeric], False


def _algebraic_text(game, system, point) -> str:
    import sympy

    return "; ".join(
        f"{game.players[i]}: [" + ", ".join(str(sympy.simplify(sympy.sympify(p).subs(point))) for p in probabilities) + "]"
        for i, probabilities in enumerate(system.strategy)
    )


def _constraints(system: _SupportSystem, parametrised: dict) -> list:
    """Expressions that must be >= 0 at an equilibrium: probabilities and best-response gaps."""
    import sympy

    exprs = []
    for i, support in enumerate(system.supports):
        exprs.extend(sympy.sympify(system.strategy[i][a]).subs(parametrised) for a in support)
        best = system.payoff_of[i][support[0]].subs(parametrised)
        exprs.extend(best - system.payoff_of[i][a].subs(parametrised) for a in range(system.shape[i]) if a not in support)
    return [sympy.together(sympy.expand(e)) for e in exprs]


def _critical_values(system, parametrised, variable) -> list:
    """0, 1 and the real roots in [0, 1] of every constraint's numerator and denominator, sorted."""
    import sympy

    values = {sympy.Integer(0), sympy.Integer(1)}
    for expr in _constraints(system, parametrised):
        numerator, denominator = sympy.fraction(expr)
        for part in (numerator, denominator):
            if part.free_symbols != {variable}:
                continue
            if not part.is_polynomial(variable):
                # sympy's parametrisation may involve radicals (a branch of a
                # conic, say): locate the roots numerically instead.
                values.update(_numeric_roots_in_unit(part, variable))
                continue
            for root in sympy.Poly(part, variable).real_roots():
                if 0 <= root.evalf(30) <= 1:
                    values.add(root)
    return sorted(values, key=lambda v: float(v.evalf(30)))


def _numeric_roots_in_unit(expr, variable, samples: int = 2001) -> list:
    """Real roots in ``[0, 1]`` of a non-polynomial expression, bracketed on a grid and refined (sympy Floats)."""
    import sympy
    from scipy.optimize import brentq

    function = sympy.lambdify(variable, expr, "numpy")
    grid = np.linspace(0.0, 1.0, samples)
    with np.errstate(all="ignore"):
        values = np.asarray(function(grid.astype(complex)), dtype=complex) * np.ones_like(grid)
    real = np.where(np.abs(values.imag) <= 1e-12 * np.maximum(1.0, np.abs(values.real)), values.real, np.nan)
    roots = [grid[k] for k in np.flatnonzero(real == 0)]
    for k in range(samples - 1):
        a, b = real[k], real[k + 1]
        if np.isfinite(a) and np.isfinite(b) and a * b < 0:
            roots.append(brentq(lambda x: float(np.real(function(complex(x)))), grid[k], grid[k + 1], xtol=1e-15))
    return [sympy.Float(r, 30) for r in roots]


def _at(parametrised, variable, value) -> dict | None:
    import sympy

    point = {s: e.subs(variable, value) for s, e in parametrised.items()}
    if any(v.has(sympy.zoo, sympy.nan, sympy.oo) for v in point.values()):
        return None
    return point


def _one_parameter_family(system, parametrised, variable, game_tol):
    """Feasible critical points of a one-parameter solution family: its end points and isolated equilibria."""
    out = []
    for value in _critical_values(system, parametrised, variable):
        point = _at(parametrised, variable, value)
        if point is not None and _feasible(system, point, game_tol) is not None:
            out.append((point, True))
    return out


def _feasible_intervals(system, parametrised, variable, game_tol):
    """Intervals ``(a, b)`` of the parameter on which every point is an equilibrium."""
    import sympy

    values = _critical_values(system, parametrised, variable)
    intervals = []
    for low, high in zip(values, values[1:]):
        middle = Fraction((float(low.evalf(30)) + float(high.evalf(30))) / 2).limit_denominator(10**9)
        middle = sympy.Rational(middle.numerator, middle.denominator)
        if not low.evalf(30) < middle < high.evalf(30):
            continue
        point = _at(parametrised, variable, middle)
        if point is not None and _feasible(system, point, game_tol) is not None:
            intervals.append((low, high))
    return intervals


def _strictly_interior(system: _SupportSystem, point: dict) -> bool:
    """Support probabilities strictly positive and off-support actions strictly worse at ``point``."""
    for i, support in enumerate(system.supports):
        probabilities = [system.strategy[i][a].xreplace(point) for a in support]
        if any(p <= 0 for p in probabilities):
            return False
        best = system.payoff_of[i][support[0]].xreplace(point)
        for a in range(system.shape[i]):
            if a not in support and not system.payoff_of[i][a].xreplace(point) < best:
                return False
    return True
