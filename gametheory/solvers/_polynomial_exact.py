"""The exact route of polynomial enumeration: a support's indifference system in sympy, within a budget.

A lexicographic Groebner basis then back substitution, so rational equilibria
come out as exact fractions and irrational ones as algebraic numbers; one-parameter
families and sampled points of positive-dimensional solution sets
(:func:`solve_support`).

Groebner bases can take unbounded time and memory (the coefficients of a lex
basis grow quickly with the number of unknowns), and sympy cannot be
interrupted from within. So the symbolic work runs in a separate worker
process (:class:`GroebnerWorker`) that is killed when a support exceeds its
wall-clock budget, and a support is only sent there when its system is small
(:func:`system_size` against :data:`MAX_GROEBNER_UNKNOWNS` and
:data:`MAX_GROEBNER_BEZOUT`) or nothing else can solve it. Exact rational
equilibria are also recovered without symbolic algebra: a floating-point
solution is refined to high precision (:func:`refine`) and read as fractions
(:func:`rational_profile`), which the caller then certifies in exact
arithmetic, so nothing unverified is ever reported as exact.
"""

from __future__ import annotations

import itertools
import traceback
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

#: Largest number of unknowns of a support system that is solved symbolically in exact mode
#: (above it, or above :data:`MAX_GROEBNER_BEZOUT`, the system is solved in floating point and
#: its solutions verified exactly). Measured on random integer games, including the import of
#: sympy: the full support of a 3x3x2 game (5 unknowns, Bezout bound 32) takes about 0.3 s, that
#: of a symmetric 2x2x2x2 game (4 unknowns, Bezout bound 81) 1-3 s.
MAX_GROEBNER_UNKNOWNS = 6
#: Largest Bezout bound (product of the equations' degrees) of a system solved symbolically in exact mode.
MAX_GROEBNER_BEZOUT = 100
#: Default wall-clock budget, in seconds, of the symbolic work on one support profile.
GROEBNER_SECONDS = 5.0
#: Default wall-clock budget, in seconds, of all symbolic work in one enumeration; once it is
#: used up, the remaining supports are solved in floating point only.
GROEBNER_TOTAL_SECONDS = 30.0


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


def _algebraic_text(players, system, point) -> str:
    import sympy

    return "; ".join(
        f"{players[i]}: [" + ", ".join(str(_tidy(sympy.sympify(p).subs(point))) for p in probabilities) + "]"
        for i, probabilities in enumerate(system.strategy)
    )


def _root_text(players, system, point, univariate, last, linear, value) -> str:
    """Exact values of an equilibrium whose coordinates are polynomials in a root of a univariate polynomial.

    Each probability ``e(r)`` is described by its own minimal polynomial: the
    factor of the resultant ``res_r(g(r), x - e(r))`` that vanishes at its
    value (a fraction for degree one, radicals for degree two, otherwise
    "root of f near v").
    """
    import sympy

    x = sympy.Symbol("x")
    g = univariate.as_expr()

    def describe(probability):
        expr = sympy.expand(sympy.sympify(probability).subs(linear))
        if not expr.has(last):
            return str(expr)
        number = sympy.sympify(probability).xreplace(point).evalf(50)
        resultant = sympy.Poly(sympy.resultant(g, x - expr, last), x)
        best = None
        for factor, _ in resultant.factor_list()[1]:
            size = abs(factor.eval(number)) / max(abs(c) for c in factor.all_coeffs())
            if best is None or size < best[0]:
                best = (size, factor)
        factor = best[1]
        if factor.degree() <= 2:
            roots = sympy.roots(factor, multiple=True)
            return str(min(roots, key=lambda root: abs(complex(root.evalf(50)) - complex(number))))
        return f"root of {factor.as_expr()} near {sympy.Float(number, 12)}"

    return "; ".join(f"{players[i]}: [" + ", ".join(describe(p) for p in probabilities) + "]"
                     for i, probabilities in enumerate(system.strategy))


def _tidy(value):
    """A short exact form: radicals simplified; expressions in ``CRootOf`` only expanded (simplifying them is slow)."""
    import sympy

    if value.has(sympy.CRootOf):
        return sympy.expand(value)
    return sympy.simplify(value)


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


# --------------------------------------------------------------------------
# One support profile, solved symbolically.
# --------------------------------------------------------------------------

@dataclass
class Outcome:
    """What the symbolic route found for one support profile (plain data, so it crosses processes).

    ``points`` holds ``(strategies, is_rational, algebraic)`` triples: Fractions
    when rational, floats with the exact algebraic values as text otherwise.
    ``failure`` says why sympy could not solve the system; ``error`` carries an
    unexpected exception's traceback from the worker, re-raised by the caller.
    """

    points: list = field(default_factory=list)
    positive_dimensional: bool = False
    interior_continuum: bool = False
    notes: list = field(default_factory=list)
    failure: str | None = None
    error: str | None = None


def system_size(supports) -> tuple[int, int]:
    """``(unknowns, bezout)`` of a support profile's indifference system, before building it.

    The equations of a mixing player are multilinear in the other mixing
    players' probabilities, so each has degree (number of mixing players
    minus one); the Bezout bound, the product of the equations' degrees,
    bounds the number of isolated solutions. With a lone mixer the equations
    are constants: no unknowns take part.

    Examples
    --------
    >>> system_size(((0, 1, 2), (0, 1, 2), (0, 1)))  # the full support of a 3x3x2 game
    (5, 32)
    >>> system_size(((0, 1), (0, 1), (0, 1), (0, 1)))
    (4, 81)
    """
    dims = [len(s) - 1 for s in supports if len(s) > 1]
    if len(dims) < 2:
        return 0, 1
    unknowns = sum(dims)
    return unknowns, (len(dims) - 1) ** unknowns


def within_groebner_budget(supports) -> bool:
    """Whether a support's system is small enough for a Groebner basis when a float solution already exists."""
    unknowns, bezout = system_size(supports)
    return unknowns <= MAX_GROEBNER_UNKNOWNS and bezout <= MAX_GROEBNER_BEZOUT


def solve_support(sympy_payoffs, supports, shape, game_tol, players, description) -> Outcome:
    """Solve one support profile's indifference system with sympy: a lex Groebner basis, then back substitution."""
    import sympy

    out = Outcome()
    system = _SupportSystem(sympy_payoffs, supports, shape)

    def record(point, text=None):
        result = _feasible(system, point, game_tol)
        if result is not None:
            strategies, is_rational = result
            if not is_rational and text is None:
                text = _algebraic_text(players, system, point)
            out.points.append((strategies, is_rational, None if is_rational else text))
        return result

    if not system.symbols:
        record({})
        return out
    symbols = system.symbols
    if system.equations:
        basis, zero_dimensional = _lex_basis(system.equations, symbols)
        if basis == [1]:
            return out
        points = _shape_position_points(basis, symbols)
        if points is None and zero_dimensional:
            points = _separated_points(system.equations, symbols)
        if points is not None:
            for point, root in points:
                record(point, None if root is None else _root_text(players, system, point, *root))
            return out
        equations = basis
    else:
        equations = []
    solutions = sympy.solve(equations, symbols, dict=True) if equations else [{}]
    for solution in solutions:
        free = [s for s in symbols if s not in solution]
        free += [s for s in sorted(set().union(*(sympy.sympify(v).free_symbols for v in solution.values())),
                                   key=str) if s not in free]
        if not free:
            record({s: solution[s] for s in symbols})
            continue
        out.positive_dimensional = True
        parametrised = {s: sympy.sympify(solution.get(s, s)) for s in symbols}
        if len(free) == 1:
            # A curve of solutions: find exactly where along it the
            # equilibrium conditions hold (intervals and isolated points).
            for point, _ in _one_parameter_family(system, parametrised, free[0], game_tol):
                record(point)
            for a, b in _feasible_intervals(system, parametrised, free[0], game_tol):
                out.interior_continuum = True
                curve = "; ".join(
                    f"{players[i]}: [" + ", ".join(str(sympy.factor(sympy.sympify(p).subs(parametrised)))
                                                   for p in probabilities) + "]"
                    for i, probabilities in enumerate(system.strategy))
                out.notes.append(
                    f"continuum under support {description}: every point of the curve "
                    f"{curve} for {free[0]} between {a} and {b} is an equilibrium; its end points are listed")
            continue
        # Two or more free coordinates: sample them at simple rationals.
        for values in itertools.product(_SAMPLE_VALUES, repeat=len(free)):
            assignment = {s: sympy.Rational(v.numerator, v.denominator) for s, v in zip(free, values)}
            point = {s: parametrised[s].xreplace(assignment) for s in symbols}
            if any(v.has(sympy.zoo, sympy.nan, sympy.oo) for v in point.values()):
                continue
            result = _feasible(system, point, game_tol)
            if result is None:
                continue
            strategies, is_rational = result
            out.points.append((strategies, is_rational, None))
            if is_rational and _strictly_interior(system, point):
                out.interior_continuum = True
                out.notes.append(
                    f"continuum under support {description}: the solution set has "
                    f"{len(free)} free coordinates ({', '.join(map(str, free))}); equilibria listed for it "
                    "are sample points at simple rational coordinates")
    return out


def _lex_basis(equations, symbols) -> list:
    """A reduced lexicographic Groebner basis: through a graded basis and FGLM when the ideal is zero-dimensional.

    A graded (grevlex) basis is usually far cheaper than a lex one, and for
    finitely many solutions the FGLM change of ordering turns it into the lex
    basis by linear algebra (Faugere, Gianni, Lazard and Mora 1993).
    """
    import sympy

    graded = sympy.groebner(equations, *symbols, order="grevlex")
    if list(graded.exprs) == [1]:
        return [1], True
    if graded.is_zero_dimensional:
        return list(graded.fglm("lex").exprs), True
    return list(sympy.groebner(equations, *symbols, order="lex").exprs), False


#: Coefficients of the separating linear forms tried by :func:`_separated_points`.
_SEPARATORS = ((1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), (1, 3, 7, 13, 19, 29, 37, 43, 53, 61, 71, 79))


def _separated_points(equations, symbols):
    """Real solutions of a zero-dimensional system not in shape position in its own unknowns, or None.

    A new unknown ``z = sum c_k x_k`` placed last separates the solutions for
    all but finitely many choices of ``c`` (distinct solutions get distinct
    ``z``), which puts the lex basis in shape position when the ideal is
    radical (Cox, Little and O'Shea, *Using Algebraic Geometry*, section 2.4).
    Two fixed choices are tried; a system with multiple roots stays
    unsolved here (None).
    """
    import sympy

    if len(symbols) > len(_SEPARATORS[0]):
        return None
    z = sympy.Dummy("z")
    for coefficients in _SEPARATORS:
        form = z - sum(c * s for c, s in zip(coefficients, symbols))
        basis, _ = _lex_basis(list(equations) + [form], list(symbols) + [z])
        points = _shape_position_points(basis, list(symbols) + [z], upper=sum(coefficients[:len(symbols)]))
        if points is not None:
            return [({s: point[s] for s in symbols}, root) for point, root in points]
    return None


def _shape_position_points(basis, symbols, upper=1):
    """Real solutions of a lex basis in shape position, or None when it is not in that shape.

    Shape position: one univariate polynomial ``g`` in the last unknown and,
    for each other unknown, ``a x_k + h_k(x_last)`` with ``a`` a constant. Then
    the solutions are ``x_last = r`` for the real roots ``r`` of ``g``, found
    exactly (rational roots as fractions, roots of quadratic factors as
    radicals, higher ones as sympy's ``CRootOf``), and ``x_k = -h_k(r) / a``.
    Only roots in ``[0, upper]`` are kept: the unknowns are probabilities (and
    the separating form of :func:`_separated_points` is at most ``upper``).
    """
    import sympy

    last = symbols[-1]
    if len(basis) != len(symbols):
        return None
    univariate, linear = None, {}
    for expr in basis:
        poly = sympy.Poly(expr, *symbols)
        involved = [s for s in symbols if poly.degree(s) > 0]
        if involved == [last]:
            if univariate is not None:
                return None
            univariate = sympy.Poly(expr, last)
            continue
        heads = [s for s in involved if s != last]
        if len(heads) != 1 or poly.degree(heads[0]) != 1:
            return None
        head = heads[0]
        coefficient = poly.coeff_monomial(head)
        if head in linear or not coefficient or coefficient.free_symbols:
            return None
        rest = sympy.expand(expr - coefficient * head)
        if rest.has(head):
            return None
        linear[head] = -rest / coefficient
    if univariate is None or len(linear) != len(symbols) - 1:
        return None
    roots = []
    for factor, _ in univariate.factor_list()[1]:
        if factor.degree() <= 2:
            candidates = [r for r in sympy.roots(factor, multiple=True) if r.is_real]
        else:
            candidates = factor.real_roots()
        roots.extend(r for r in candidates if -1e-12 <= float(r.evalf(30)) <= upper + 1e-12)
    points = []
    for root in roots:
        if root.has(sympy.CRootOf):
            # Evaluating polynomials in a CRootOf is slow in sympy: work with
            # the root to 60 digits and keep its exact description for the notes.
            value = root.evalf(60)
            point = {last: value}
            point.update({head: sympy.expand(h.subs(last, value)) for head, h in linear.items()})
            points.append((point, (univariate, last, linear, value)))
            continue
        point = {last: root}
        point.update({head: sympy.expand(h.subs(last, root)) for head, h in linear.items()})
        points.append((point, None))
    return points


def _sympy_payoffs(payoffs):
    import sympy

    return [np.vectorize(lambda v: sympy.Rational(v.numerator, v.denominator), otypes=[object])(p) for p in payoffs]


def _solve_guarded(sympy_payoffs, supports, shape, game_tol, players, description) -> Outcome:
    """:func:`solve_support` with sympy's own refusals turned into a failure and anything else into ``error``."""
    import sympy

    try:
        return solve_support(sympy_payoffs, supports, shape, game_tol, players, description)
    except (sympy.PolynomialError, NotImplementedError, ValueError, TypeError) as error:
        return Outcome(failure=f"{type(error).__name__}: {error}")
    except Exception:  # noqa: BLE001 - carried to the caller, which raises it
        return Outcome(error=traceback.format_exc())


def _worker_main(connection, payoffs, shape, game_tol, players) -> None:
    """Loop of the worker process: solve each support profile received, send back its :class:`Outcome`."""
    sympy_payoffs = _sympy_payoffs(payoffs)
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        supports, description = message
        connection.send(_solve_guarded(sympy_payoffs, supports, shape, game_tol, players, description))


_WARM = []


def _warm_up() -> None:
    """Solve one small system in this process, once, so that forked workers start with sympy's caches filled.

    Without it every worker (one per enumeration, and one after each
    overrun) pays sympy's first-use costs again, about 0.1 s.
    """
    if _WARM:
        return
    _WARM.append(True)
    payoffs = [np.zeros((2, 2, 2), dtype=object) for _ in range(3)]
    for a, b, c in np.ndindex(2, 2, 2):
        payoffs[0][a, b, c], payoffs[1][a, b, c], payoffs[2][a, b, c] = (
            Fraction(int(a == b)), Fraction(int(b == c)), Fraction(int(c == a)))
    solve_support(_sympy_payoffs(payoffs), ((0, 1),) * 3, (2, 2, 2), 1e-9, ["1", "2", "3"], "")


class GroebnerWorker:
    """Symbolic solving of support profiles in a separate process, each within a wall-clock budget.

    sympy's Groebner bases cannot be interrupted from within, so a support
    that overruns its budget is stopped by killing the worker process; the
    next support starts a fresh one. Where no child process can be started
    (inside a daemonic process, such as a ``multiprocessing.Pool`` worker),
    supports are solved in this process only when their system is within
    :data:`MAX_GROEBNER_UNKNOWNS` and :data:`MAX_GROEBNER_BEZOUT`
    (:attr:`bounded` is then False).
    """

    def __init__(self, payoffs, shape, game_tol, players):
        self._args = ([np.asarray(p, dtype=object) for p in payoffs], tuple(shape), game_tol, list(players))
        self._process = None
        self._connection = None
        self._local = None
        self.bounded = True

    def _start(self) -> bool:
        import multiprocessing
        import sys

        methods = multiprocessing.get_all_start_methods()
        method = "fork" if sys.platform.startswith("linux") and "fork" in methods else "spawn"
        if method == "fork":
            _warm_up()
        context = multiprocessing.get_context(method)
        parent, child = context.Pipe()
        process = context.Process(target=_worker_main, args=(child, *self._args), daemon=True)
        try:
            process.start()
        except (AssertionError, OSError):  # a daemonic process may not have children
            parent.close()
            child.close()
            self.bounded = False
            return False
        child.close()
        self._process, self._connection = process, parent
        return True

    def solve(self, supports, description, seconds) -> Outcome | None:
        """The support's :class:`Outcome`, or None when it overran ``seconds`` (None: no limit)."""
        if self.bounded and self._process is None:
            self._start()
        if not self.bounded:
            if self._local is None:
                self._local = _sympy_payoffs(self._args[0])
            return _solve_guarded(self._local, supports, *self._args[1:], description)
        self._connection.send((supports, description))
        if self._connection.poll(seconds):
            try:
                return self._connection.recv()
            except (EOFError, OSError):
                self.close()
                return Outcome(failure="the solving process ended unexpectedly (out of memory?)")
        self.close()
        return None

    def close(self) -> None:
        """Stop the worker process, if any."""
        process, connection = self._process, self._connection
        self._process = self._connection = None
        if process is not None:
            process.kill()
            process.join()
            process.close()
        if connection is not None:
            connection.close()


# --------------------------------------------------------------------------
# Exact rationals from a floating-point solution, without symbolic algebra.
# --------------------------------------------------------------------------

#: Decimal digits of the Newton refinement of a floating-point solution.
REFINE_DIGITS = 60
#: Largest denominator read off a refined solution (reliable while the refinement error is below
#: ``1 / (2 q**2)``, about ``1e-51`` here).
MAX_DENOMINATOR = 10 ** 24


def _contract(tensor, vectors):
    """Contract every axis but the first of an object ``tensor`` with ``vectors`` (``None`` keeps the axis)."""
    out = tensor
    axis = 1
    for vector in vectors:
        if vector is None:
            axis += 1
            continue
        out = np.tensordot(out, vector, axes=([axis], [0]))
    return out


def refine(payoffs, supports, strategies, digits: int = REFINE_DIGITS):
    """Newton's method in ``digits``-digit arithmetic on a support's full indifference system.

    ``payoffs`` are the exact (Fraction) payoff arrays, ``strategies`` a float
    solution (full mixed strategies). Returns each mixing player's support
    probabilities as mpmath numbers, or None when the Jacobian is singular or
    Newton's method does not converge (the solution is then not isolated or
    the start was not close).
    """
    import mpmath

    context = mpmath.MPContext()
    context.dps = digits
    n = len(supports)
    mixing = [k for k in range(n) if len(supports[k]) > 1]
    index = tuple(list(s) for s in supports)
    deltas = {}
    for k in mixing:
        sub = np.asarray(payoffs[k], dtype=object)[np.ix_(*index)]
        sub = np.vectorize(lambda v: context.mpf(v.numerator) / v.denominator, otypes=[object])(sub)
        # Pure players' axes have length one: drop them; put k's axis first.
        sub = sub.reshape([len(supports[l]) for l in mixing])
        sub = np.moveaxis(sub, mixing.index(k), 0)
        deltas[k] = sub[1:] - sub[:1]
    y = {k: np.array([context.mpf(float(strategies[k][a])) for a in supports[k]], dtype=object) for k in mixing}
    sizes = [len(supports[k]) for k in mixing]
    offsets = dict(zip(mixing, itertools.accumulate([0] + sizes)))
    total = sum(sizes)
    tolerance = context.mpf(10) ** (-(digits - 8))
    for _ in range(12):
        residual = []
        jacobian = context.zeros(total, total)
        row = 0
        for k in mixing:
            others = [l for l in mixing if l != k]
            residual.extend(_contract(deltas[k], [y[l] for l in others]))
            d = deltas[k].shape[0]
            for position, l in enumerate(others):
                vectors = [y[m] if m != l else None for m in others]
                block = _contract(deltas[k], vectors)
                for r in range(d):
                    for c in range(len(y[l])):
                        jacobian[row + r, offsets[l] + c] = block[r, c]
            row += d
            residual.append(sum(y[k]) - 1)
            for c in range(len(y[k])):
                jacobian[row, offsets[k] + c] = 1
            row += 1
        norm = max(abs(v) for v in residual)
        if norm <= tolerance:
            return y
        try:
            step = context.lu_solve(jacobian, context.matrix([-v for v in residual]))
        except ZeroDivisionError:
            return None
        for k in mixing:
            y[k] = np.array([y[k][c] + step[offsets[k] + c] for c in range(len(y[k]))], dtype=object)
    return None


def _fraction(value) -> Fraction:
    mantissa, exponent = value.man_exp
    return Fraction(int(mantissa)) * Fraction(2) ** int(exponent)


def rational_profile(shape, supports, refined, max_denominator: int = MAX_DENOMINATOR):
    """Full mixed strategies as Fractions read off a refined solution, or None when they are not probabilities.

    The fractions are the closest with denominators up to ``max_denominator``;
    they are a candidate only: the caller certifies them in exact arithmetic.
    """
    profile = []
    for i, (m, support) in enumerate(zip(shape, supports)):
        vector = [Fraction(0)] * m
        if len(support) == 1:
            vector[support[0]] = Fraction(1)
        else:
            for a, value in zip(support, refined[i]):
                vector[a] = _fraction(value).limit_denominator(max_denominator)
        if any(v < 0 for v in vector) or sum(vector) != 1:
            return None
        profile.append(vector)
    return profile
