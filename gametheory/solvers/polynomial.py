"""All Nash equilibria of small n-player games by support enumeration on polynomial systems.

For every support profile (one non-empty set of actions per player) the
equilibrium conditions inside the supports are the *indifference system*: each
player gets the same payoff from every action of its support. With more than
two players these equations are multilinear polynomials in the others'
probabilities. The system is solved exactly with sympy (a lexicographic
Groebner basis, then back substitution), so rational equilibria come out as
exact fractions and irrational ones as algebraic numbers; each solution is
kept when its probabilities lie in ``[0, 1]`` and no action outside the
support pays more, and is then certified by :func:`~gametheory.equilibrium.certify`.

A support profile whose system has a positive-dimensional solution set (a
curve or surface of solutions) signals a continuum of equilibria or at least a
degenerate game: it is reported, never silently skipped.

This is the method of McKelvey and McLennan (1996, section 6) and of Gambit's
``enumpoly``; it is exponential in the number of actions and meant for small
games such as three-state alliance models.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np

from ..equilibrium import NotAnEquilibriumError, SolveResult, certify
from ..game import NormalFormGame
from ..numerics import scaled_tolerance

__all__ = ["polynomial_enumeration"]

#: Values tried for each free coordinate of a positive-dimensional solution set.
_SAMPLE_VALUES = tuple(Fraction(k, 6) for k in range(7))


def _supports(m: int):
    for size in range(1, m + 1):
        yield from itertools.combinations(range(m), size)


def _conditionally_dominated(payoffs, supports) -> bool:
    """True when some support action is strictly beaten by a pure action against every profile of the supports."""
    n = len(payoffs)
    for i in range(n):
        sub = payoffs[i][np.ix_(*[range(payoffs[i].shape[k]) if k == i else supports[k] for k in range(n)])]
        matrix = np.moveaxis(sub, i, 0).reshape(sub.shape[i], -1)
        for a in supports[i]:
            if any(all(matrix[b, p] > matrix[a, p] for p in range(matrix.shape[1])) for b in range(matrix.shape[0]) if b != a):
                return True
    return False


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
        strategies.append([sympy.sympify(p).subs(point) for p in probabilities])
    if exact:
        for values in strategies:
            if any(v < 0 or v > 1 for v in values):
                return None
        for i, support in enumerate(system.supports):
            best = system.payoff_of[i][support[0]].subs(point)
            if any(system.payoff_of[i][a].subs(point) > best for a in range(system.shape[i])):
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
        payoffs = [_real_value(system.payoff_of[i][a].subs(point), 1e-12) for a in range(system.shape[i])]
        if any(p is None for p in payoffs) or max(payoffs) > payoffs[support[0]] + game_tol:
            return None
    return [list(np.clip(values, 0.0, None)) for values in numeric], False


def polynomial_enumeration(game: NormalFormGame, *, exact: bool | None = None, tol: float | None = None) -> SolveResult:
    """All Nash equilibria of a small n-player game, by solving each support's indifference system.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players; meant for small games (for example three
        players with two or three actions each). Float payoffs are read as
        exact decimals for the algebra.
    exact : bool, optional
        Certify rational equilibria in exact arithmetic (regret exactly 0);
        default: exact when the game's payoffs are exact. Irrational
        equilibria (possible with three or more players) are always
        certified in floating point, and the notes give their exact
        algebraic values.
    tol : float, optional
        Relative tolerance of float certificates (see :mod:`gametheory.numerics`).

    Returns
    -------
    SolveResult
        Method ``"polynomial_enumeration"``. ``complete`` is True when every
        support system had finitely many solutions (so every equilibrium is
        listed). When some support system has a positive-dimensional solution
        set, ``degenerate`` is True and ``complete`` is False. For a
        one-parameter family (a curve of solutions) the parameter values where
        the equilibrium conditions hold are found exactly: the end points of
        each interval of equilibria and any isolated equilibrium on the curve
        are listed, ``continuum`` is True when an interval exists, and a note
        gives the curve in closed form. For families with more free
        coordinates the equilibria listed are sample points at simple rational
        coordinates, and ``continuum`` is True when one of them is interior.
        The notes name each such support.

    Raises
    ------
    TypeError
        If ``game`` is not a NormalFormGame.

    Notes
    -----
    For a support profile ``S`` the unknowns are the probabilities of each
    player's support actions but the first (which is one minus their sum),
    and the equations say that each player's support actions pay the same.
    Support profiles where some support action is strictly dominated by a
    pure action against the others' supports are skipped, as they contain no
    equilibrium. Solutions are accepted with probabilities in ``[0, 1]``, so
    an equilibrium may be found under several supports; duplicates are
    merged. The cost grows with ``prod(2^m_i - 1)`` support profiles and the
    size of each Groebner basis.

    References
    ----------
    R. D. McKelvey and A. McLennan, "Computation of equilibria in finite
    games", Handbook of Computational Economics vol. 1 (1996), 87-142.
    R. S. Datta, "Using computer algebra to find Nash equilibria", ISSAC 2003.

    Examples
    --------
    A three-player game where each player wants to match the next one:

    >>> import numpy as np
    >>> from gametheory import NormalFormGame
    >>> payoffs = [np.array([[[int(a == b) for c in range(2)] for b in range(2)] for a in range(2)]),
    ...            np.array([[[int(b == c) for c in range(2)] for b in range(2)] for a in range(2)]),
    ...            np.array([[[int(c == a) for c in range(2)] for b in range(2)] for a in range(2)])]
    >>> result = polynomial_enumeration(NormalFormGame(payoffs))
    >>> [e.describe() for e in result]
    ['Player 1: A1; Player 2: B1; Player 3: C1', 'Player 1: A2; Player 2: B2; Player 3: C2', 'Player 1: 1/2 A1 + 1/2 A2; Player 2: 1/2 B1 + 1/2 B2; Player 3: 1/2 C1 + 1/2 C2']
    >>> result.complete, result[2].regrets
    (True, (Fraction(0, 1), Fraction(0, 1), Fraction(0, 1)))
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"polynomial_enumeration() takes a NormalFormGame, got {type(game).__name__}")
    import sympy

    exact = game.is_exact if exact is None else bool(exact)
    exact_game = game.as_exact()
    float_game = game.as_float()
    certify_game = exact_game if exact else float_game
    game_tol = float_game.tolerance(tol)
    fraction_payoffs = exact_game.payoffs
    sympy_payoffs = [
        np.vectorize(lambda v: sympy.Rational(v.numerator, v.denominator), otypes=[object])(p)
        for p in fraction_payoffs
    ]
    shape = game.shape
    found: list = []
    notes: list[str] = []
    positive_dimensional = []
    interior_continuum = False
    failures = []

    def describe_support(supports) -> str:
        return "(" + "; ".join(
            f"{game.players[i]}: {', '.join(game.actions[i][a] for a in s)}" for i, s in enumerate(supports)
        ) + ")"

    def add(strategies, is_rational, algebraic=None):
        if is_rational and exact:
            candidate = certify(certify_game, [np.array(s, dtype=object) for s in strategies], tol=tol)
        else:
            floats = [np.asarray([float(v) for v in s]) for s in strategies]
            candidate = certify(certify_game, floats, tol=tol)
        for k, existing in enumerate(found):
            if existing.same_as(candidate, tol=max(1e-7, game_tol)):
                if candidate.is_exact and not existing.is_exact:
                    found[k] = candidate
                return
        if algebraic is not None:
            notes.append(f"equilibrium {candidate.describe()} has irrational probabilities, certified in floating "
                         f"point; exact values: {algebraic}")
        found.append(candidate)

    for supports in itertools.product(*(list(_supports(m)) for m in shape)):
        if _conditionally_dominated(fraction_payoffs, supports):
            continue
        system = _SupportSystem(sympy_payoffs, supports, shape)
        if not system.symbols:
            result = _feasible(system, {}, game_tol)
            if result is not None:
                add(*result)
            continue
        symbols = system.symbols
        if system.equations:
            basis = sympy.groebner(system.equations, *symbols, order="lex")
            if list(basis.exprs) == [1]:
                continue
            equations = list(basis.exprs)
        else:
            equations = []
        try:
            solutions = sympy.solve(equations, symbols, dict=True) if equations else [{}]
        except NotImplementedError as error:  # pragma: no cover - sympy limitation
            failures.append(f"sympy could not solve the system of support {describe_support(supports)}: {error}")
            continue
        for solution in solutions:
            free = [s for s in symbols if s not in solution]
            free += [s for s in sorted(set().union(*(sympy.sympify(v).free_symbols for v in solution.values())),
                                       key=str) if s not in free]
            if not free:
                point = {s: solution[s] for s in symbols}
                result = _feasible(system, point, game_tol)
                if result is not None:
                    strategies, is_rational = result
                    algebraic = None
                    if not is_rational:
                        algebraic = "; ".join(
                            f"{game.players[i]}: ["
                            + ", ".join(str(sympy.simplify(sympy.sympify(p).subs(point))) for p in probabilities) + "]"
                            for i, probabilities in enumerate(system.strategy))
                    add(strategies, is_rational, algebraic)
                continue
            positive_dimensional.append(describe_support(supports))
            parametrised = {s: sympy.sympify(solution.get(s, s)) for s in symbols}
            if len(free) == 1:
                # A curve of solutions: find exactly where along it the
                # equilibrium conditions hold (intervals and isolated points).
                pieces = _one_parameter_family(system, parametrised, free[0], game_tol)
                for point, is_endpoint in pieces:
                    result = _feasible(system, point, game_tol)
                    if result is None:  # pragma: no cover - the family already checked it
                        continue
                    strategies, is_rational = result
                    add(strategies, is_rational, None if is_rational else _algebraic_text(game, system, point))
                intervals = [(a, b) for a, b in _feasible_intervals(system, parametrised, free[0], game_tol)]
                for a, b in intervals:
                    interior_continuum = True
                    curve = "; ".join(
                        f"{game.players[i]}: [" + ", ".join(str(sympy.factor(sympy.sympify(p).subs(parametrised)))
                                                           for p in probabilities) + "]"
                        for i, probabilities in enumerate(system.strategy))
                    notes.append(
                        f"continuum under support {describe_support(supports)}: every point of the curve "
                        f"{curve} for {free[0]} between {a} and {b} is an equilibrium; its end points are listed"
                    )
                continue
            # Two or more free coordinates: sample them at simple rationals.
            for values in itertools.product(_SAMPLE_VALUES, repeat=len(free)):
                assignment = {s: sympy.Rational(v.numerator, v.denominator) for s, v in zip(free, values)}
                point = {s: parametrised[s].subs(assignment) for s in symbols}
                if any(v.has(sympy.zoo, sympy.nan, sympy.oo) for v in point.values()):
                    continue
                result = _feasible(system, point, game_tol)
                if result is None:
                    continue
                strategies, is_rational = result
                add(strategies, is_rational)
                if is_rational and _strictly_interior(system, point):
                    interior_continuum = True
                    notes.append(
                        f"continuum under support {describe_support(supports)}: the solution set has "
                        f"{len(free)} free coordinates ({', '.join(map(str, free))}); equilibria listed for it "
                        "are sample points at simple rational coordinates"
                    )

    if positive_dimensional:
        unique = list(dict.fromkeys(positive_dimensional))
        notes.append(
            "the indifference equations have a positive-dimensional solution set under support(s) "
            + ", ".join(unique)
            + "; sympy's parametrisation of such sets is not guaranteed to cover every component, "
            "so the list is not guaranteed complete"
        )
    notes = list(dict.fromkeys(notes))
    notes.extend(failures)
    degenerate = True if positive_dimensional else None
    if degenerate is None:
        for equilibrium in found:
            strategies = equilibrium.strategies
            for i in range(game.n_players):
                if len(game.best_responses(i, strategies, tol=tol)) > len(equilibrium.supports[i]):
                    degenerate = True
    continuum = True if interior_continuum else (False if not positive_dimensional else None)
    complete = not positive_dimensional and not failures
    order = sorted(range(len(found)), key=lambda k: (not found[k].is_pure, [list(-np.asarray(s, dtype=float)) for s in found[k].strategies]))
    return SolveResult(
        game=certify_game,
        equilibria=tuple(found[k] for k in order),
        method="polynomial_enumeration",
        complete=complete,
        degenerate=degenerate,
        continuum=continuum,
        notes=tuple(notes),
        exact=exact and all(e.is_exact for e in found),
    )


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
            for root in sympy.Poly(part, variable).real_roots():
                if 0 <= root.evalf(30) <= 1:
                    values.add(root)
    return sorted(values, key=lambda v: float(v.evalf(30)))


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
        probabilities = [system.strategy[i][a].subs(point) for a in support]
        if any(p <= 0 for p in probabilities):
            return False
        best = system.payoff_of[i][support[0]].subs(point)
        for a in range(system.shape[i]):
            if a not in support and not system.payoff_of[i][a].subs(point) < best:
                return False
    return True
