"""All Nash equilibria of small n-player games by support enumeration on polynomial systems.

For every support profile (one non-empty set of actions per player) the
equilibrium conditions inside the supports are the *indifference system*: each
player gets the same payoff from every action of its support. With more than
two players these equations are multilinear polynomials in the others'
probabilities. Each solution is kept when its probabilities lie in ``[0, 1]``
and no action outside the support pays more, and is then certified by
:func:`~gametheory.equilibrium.certify`. Support profiles where a support
action is strictly dominated given the others' supports are pruned first.

Two routes solve the systems:

* **exact** (the reference, and the default for exact games): sympy, a
  lexicographic Groebner basis then back substitution, so rational
  equilibria come out as exact fractions and irrational ones as algebraic
  numbers;
* **float** (the default for float games, e.g. sweeps): numerical, without
  symbolic algebra. Two mixing players with equally many equations are
  solved for by Cramer's rule given the others' strategies, leaving at most
  two polynomial equations, solved by companion-matrix roots or a Sylvester
  resultant; roots are polished by Newton's method on the full system. A
  support that is singular in floating point (so possibly a continuum) is
  handed to the exact route, so degenerate games are reported the same way.

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
from ..games.normal_form import NormalFormGame
from ..numerics import format_value

__all__ = ["polynomial_enumeration"]

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


# --------------------------------------------------------------------------
# Float path: each support's indifference system solved numerically.
# --------------------------------------------------------------------------

#: Returned by :meth:`_NumericSupports.solve` when a support needs the exact route.
_EXACT = object()

#: Coefficients (of payoff-normalised polynomials) at or below this are zero.
_ZERO = 1e-9
#: Relative size of a determinant below which a linear system counts as singular.
_SINGULAR = 1e-9
#: How far outside ``[0, 1]`` (and off the real line) a root may be and still be polished.
_SLACK = 1e-5

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _next_power_of_two(k: int) -> int:
    return 1 << max(0, int(k - 1).bit_length())


def _contract(tensor, vectors, batch: bool):
    """Contract axes ``1..`` of ``tensor`` with ``vectors`` (``None`` keeps the axis).

    With ``batch`` every vector has a leading batch axis, kept first in the result.
    """
    inputs = ["a" + _LETTERS[1:tensor.ndim]]
    operands = [tensor]
    kept = ""
    for axis, vector in enumerate(vectors, start=1):
        letter = _LETTERS[axis]
        if vector is None:
            kept += letter
            continue
        inputs.append(("z" if batch else "") + letter)
        operands.append(vector)
    output = ("z" if batch else "") + "a" + kept
    return np.einsum(",".join(inputs) + "->" + output, *operands)


def _cofactors(matrices):
    """Adjugate column of the last row for a batch of ``s x s`` matrices whose last row is all ones.

    ``solve(M, e_last) * det(M)``, computed from minors so that singular
    matrices are fine: the returned vectors are the homogenised solution.
    """
    size = matrices.shape[-1]
    if size == 1:
        return np.ones(matrices.shape[:-1], dtype=matrices.dtype)
    top = matrices[..., :-1, :]
    columns = []
    for c in range(size):
        minor = np.delete(top, c, axis=-1)
        sign = -1.0 if (size - 1 + c) % 2 else 1.0
        if size == 2:
            columns.append(sign * minor[..., 0, 0])
        else:
            columns.append(sign * np.linalg.det(minor))
    return np.stack(columns, axis=-1)


class _NumericSupports:
    """Solve support profiles' indifference systems of a float game in floating point.

    The equations of the players who mix (support of two or more actions)
    are multilinear. Two mixing players ``i`` and ``j`` with the same number
    of equations form the *linear pair*: once the other mixing players'
    strategies (the parameters ``t``) are fixed, player ``i``'s equations
    are linear in ``j``'s strategy and vice versa, so Cramer's rule gives
    both as polynomial vectors over a common determinant. Substituted in the
    remaining players' equations this leaves a polynomial system in ``t``
    alone: none, one univariate polynomial (roots of its companion matrix),
    or two bivariate polynomials (the Sylvester resultant, then back
    substitution). Polynomial coefficients are found by interpolation at
    roots of unity (FFT), so no symbolic algebra is involved. Every real root
    in range is polished by Newton's method on the full system.

    Singular linear systems, polynomials that vanish identically (solution
    sets of positive dimension) and systems outside these shapes return
    :data:`_EXACT`: the caller solves that support with sympy.
    """

    def __init__(self, payoffs, game_tol: float):
        scale = max([1.0] + [float(np.max(np.abs(p))) for p in payoffs])
        self.scale = scale
        self.payoffs = [np.asarray(p, dtype=float) / scale for p in payoffs]
        self.n = len(payoffs)
        self.shape = self.payoffs[0].shape
        self.game_tol = game_tol
        self.relative_tol = game_tol / scale

    # ----------------------------------------------------------- building
    def _deltas(self, supports, mixing):
        """Payoff differences ``u_k(a) - u_k(first)`` over the mixing players' supports (pure players fixed)."""
        deltas = {}
        for k in mixing:
            index = tuple(list(s) if (l in mixing) else [s[0]] for l, s in enumerate(supports))
            sub = self.payoffs[k][np.ix_(*index)]
            sub = sub.reshape([len(supports[l]) for l in range(self.n) if l in mixing])
            sub = np.moveaxis(sub, mixing.index(k), 0)
            deltas[k] = sub[1:] - sub[:1]
        return deltas

    # ------------------------------------------------------------ solving
    def solve(self, supports):
        """Candidate full strategy profiles of this support, or :data:`_EXACT`."""
        mixing = [i for i, s in enumerate(supports) if len(s) > 1]
        if not mixing:
            return [self._profile(supports, {})]
        deltas = self._deltas(supports, mixing)
        dims = {k: len(supports[k]) - 1 for k in mixing}
        if len(mixing) == 1:
            # The mixer's equations do not involve its own strategy: constants.
            if np.max(np.abs(deltas[mixing[0]])) > self.relative_tol:
                return []
            return _EXACT  # indifferent over its whole support: a continuum candidate
        pairs = [(i, j) for i, j in itertools.combinations(mixing, 2) if dims[i] == dims[j]]
        if not pairs:
            if len(mixing) == 2:
                return self._unequal_pair(supports, mixing, deltas)
            return _EXACT
        # Try each linear pair (largest first): a reduction that is singular for
        # one pair may not be for another; only when all are does the exact route decide.
        for i, j in sorted(pairs, key=lambda p: -dims[p[0]]):
            params = [k for k in mixing if k not in (i, j)]
            if sum(dims[k] for k in params) > 2:
                continue
            outcome = self._solve_with_pair(supports, mixing, deltas, dims, (i, j), params)
            if outcome is not _EXACT:
                return outcome
        return _EXACT

    def _solve_with_pair(self, supports, mixing, deltas, dims, pair, params):
        system = _ReducedSystem(mixing, deltas, dims, pair, params, [len(s) for s in supports])
        n_params = sum(dims[k] for k in params)
        if n_params == 0:
            points = [np.zeros(0)]
        elif n_params == 1:
            points = system.univariate_roots()
        else:
            points = system.bivariate_roots()
        if points is _EXACT:
            return _EXACT
        out = []
        for t in points:
            start = system.strategies_at(t)
            if start is _EXACT:
                return _EXACT
            if start is None:
                continue
            polished = _newton(mixing, deltas, start)
            if polished is None:
                continue
            if any(np.min(y) < -1e-7 for y in polished.values()):
                continue
            out.append(self._profile(supports, {k: np.clip(y, 0.0, None) for k, y in polished.items()}))
        return out

    def _unequal_pair(self, supports, mixing, deltas):
        """Two mixers with different support sizes: an overdetermined linear system on one side."""
        for k, other in (mixing, mixing[::-1]):
            matrix = deltas[k]  # (d_k, |S_other|)
            if matrix.shape[0] + 1 > matrix.shape[1]:
                system = np.vstack([matrix, np.ones((1, matrix.shape[1]))])
                rhs = np.zeros(system.shape[0])
                rhs[-1] = 1.0
                solution, *_ = np.linalg.lstsq(system, rhs, rcond=None)
                if np.max(np.abs(system @ solution - rhs)) > max(self.relative_tol, 1e-12):
                    return []  # inconsistent: no solution at all
                return _EXACT
        return _EXACT  # pragma: no cover - unequal sizes always overdetermine one side

    def _profile(self, supports, mixed):
        strategies = []
        for i, support in enumerate(supports):
            vector = np.zeros(self.shape[i])
            if i in mixed:
                vector[list(support)] = mixed[i] / mixed[i].sum()
            else:
                vector[support[0]] = 1.0
            strategies.append(vector)
        return strategies


class _ReducedSystem:
    """The indifference system of one support reduced to the parameters (see :class:`_NumericSupports`)."""

    def __init__(self, mixing, deltas, dims, pair, params, sizes):
        self.mixing = mixing
        self.deltas = deltas
        self.dims = dims
        self.pair = pair
        self.params = params
        self.sizes = sizes
        # (player, position in its free coordinates) of each parameter.
        self.variables = [(k, c) for k in params for c in range(dims[k])]
        self.axis = {k: [l for l in mixing if l != k] for k in mixing}

    def _param_strategies(self, t):
        """Parameter players' strategies (batch, |S_k|) from parameter values (batch, n_params)."""
        out, column = {}, 0
        for k in self.params:
            free = t[:, column:column + self.dims[k]]
            column += self.dims[k]
            out[k] = np.concatenate([1 - free.sum(axis=1, keepdims=True), free], axis=1)
        return out

    def _pair_parts(self, t):
        """Homogenised strategies ``n_i, n_j`` and determinants ``D_i, D_j`` of the linear pair at ``t``."""
        x = self._param_strategies(t)
        batch = t.shape[0]
        out = {}
        for k, other in (self.pair, self.pair[::-1]):
            vectors = [x.get(l) if l != other else None for l in self.axis[k]]
            matrix = _contract(self.deltas[k], vectors, batch=True) if self.params else \
                np.broadcast_to(self.deltas[k], (batch,) + self.deltas[k].shape)
            # matrix: (batch, d_k, |S_other|) -> append the row of ones.
            ones = np.ones((batch, 1, matrix.shape[-1]), dtype=matrix.dtype)
            full = np.concatenate([matrix, ones], axis=1)
            numerators = _cofactors(full)
            determinant = numerators.sum(axis=-1)  # expansion along the row of ones
            scale = np.prod(np.linalg.norm(matrix, axis=-1), axis=-1) * np.sqrt(matrix.shape[-1])
            out[other] = (numerators, determinant, scale, matrix)
        return x, out

    def _equations(self, t):
        """Cleared remaining equations at parameter values ``t`` (batch, n_params)."""
        x, parts = self._pair_parts(t)
        strategies = dict(x)
        for k, (numerators, *_) in parts.items():
            strategies[k] = numerators
        values = [_contract(self.deltas[k], [strategies[l] for l in self.axis[k]], batch=True) for k in self.params]
        return np.concatenate(values, axis=1)

    def _degree_bound(self) -> int:
        d = self.dims[self.pair[0]]
        return 2 * d + 1

    def univariate_roots(self):
        size = _next_power_of_two(self._degree_bound() + 1)
        nodes = np.exp(2j * np.pi * np.arange(size) / size)
        values = self._equations(nodes[:, None])[:, 0]
        coefficients = np.fft.fft(values) / size  # values at the roots of unity -> coefficients
        if np.max(np.abs(coefficients)) <= _ZERO:
            return _EXACT
        return [np.array([r]) for r in _real_roots_in_unit(coefficients)]

    def bivariate_roots(self):
        bound = self._degree_bound() + 1
        size = _next_power_of_two(bound)
        nodes = np.exp(2j * np.pi * np.arange(size) / size)
        grid = np.stack(np.meshgrid(nodes, nodes, indexing="ij"), axis=-1).reshape(-1, 2)
        values = self._equations(grid).reshape(size, size, 2)
        polys = []
        for e in range(2):
            c = np.fft.fft2(values[:, :, e]) / size**2
            if np.max(np.abs(c)) <= _ZERO:
                return _EXACT
            c = c / np.max(np.abs(c))
            c[np.abs(c) <= 1e-13] = 0
            polys.append(c)
        F, G = polys
        mF, mG = _degree(F, axis=1), _degree(G, axis=1)
        aF, aG = _degree(F, axis=0), _degree(G, axis=0)
        tF, tG = _total_degree(F), _total_degree(G)
        degree = min(aF * mG + aG * mF, tF * tG)
        if degree == 0 and (mF + mG) == 0:
            return []  # two non-zero constants
        count = _next_power_of_two(degree + 2)  # at least one coefficient above the degree: the noise level
        t1 = np.exp(2j * np.pi * np.arange(count) / count)
        fc = _in_second(F[:, :mF + 1], t1)  # (count, mF+1) coefficients in t2, low to high
        gc = _in_second(G[:, :mG + 1], t1)
        sylvester = _sylvester(fc, gc)
        if sylvester.shape[-1] == 0:
            return []
        resultant = np.linalg.det(sylvester)
        bound = np.prod(np.linalg.norm(sylvester, axis=-1), axis=-1)
        coefficients = np.fft.fft(resultant) / count
        # Coefficients above the degree bound are rounding noise; a resultant
        # no larger than that noise vanishes identically (F and G share a
        # factor: a curve of solutions).
        signal = np.max(np.abs(coefficients[:degree + 1]))
        noise = np.max(np.abs(coefficients[degree + 1:]))
        if signal <= 1e3 * noise or signal <= 1e-15 * np.max(bound):
            return _EXACT
        coefficients = coefficients[:degree + 1]
        points = []
        for r1 in _real_roots_in_unit(coefficients):
            f2 = _in_second(F, np.array([r1]))[0].real
            g2 = _in_second(G, np.array([r1]))[0].real
            source = f2 if np.max(np.abs(f2)) > _ZERO else g2
            other = g2 if source is f2 else f2
            if np.max(np.abs(source)) <= _ZERO:
                return _EXACT  # both vanish along t1 = r1: a line of solutions
            for r2 in _real_roots_in_unit(source):
                residual = abs(np.polynomial.polynomial.polyval(r2, other))
                if residual <= 1e-4 * max(1.0, np.sum(np.abs(other))):
                    points.append(np.array([r1, r2]))
        return points

    def strategies_at(self, t):
        """Full support strategies of the mixing players at parameter values ``t``, for Newton's start.

        Returns None when no solution lies over ``t`` and :data:`_EXACT` when
        the linear pair is too singular there to tell.
        """
        t = np.asarray(t, dtype=float)[None, :]
        x, parts = self._pair_parts(t)
        start = {k: v[0] for k, v in x.items()}
        for k in self.params:
            if np.any(start[k] < -_SLACK) or np.any(start[k] > 1 + _SLACK):
                return None
        regular, base = [], []
        for k, (numerators, determinant, scale, _) in parts.items():
            size = max(scale[0], 1e-300)
            if abs(determinant[0]) > _SINGULAR * size:
                start[k] = numerators[0] / determinant[0]
                regular.append(k)
            elif np.max(np.abs(numerators[0])) > _SINGULAR * size:
                # The equations fixing k's strategy have rank d but no solution summing to 1.
                return None
            else:
                base.append(k)
        if not base:
            return start
        if len(base) == 2:
            return _EXACT  # neither strategy of the pair is determined here
        # A base point: k's strategy is not fixed by its partner's equations; the
        # remaining equations are linear in it, so solve them all together.
        k = base[0]
        rows = [parts[k][3][0]]
        for m in self.params:
            vectors = [start[l] if l != k else None for l in self.axis[m]]
            rows.append(_contract(self.deltas[m], vectors, batch=False))
        matrix = np.vstack(rows + [np.ones((1, self.sizes[k]))])
        rhs = np.zeros(matrix.shape[0])
        rhs[-1] = 1.0
        solution, _, rank, singular = np.linalg.lstsq(matrix, rhs, rcond=None)
        if np.max(np.abs(matrix @ solution - rhs)) > 1e-8:
            return None
        if rank < self.sizes[k] or singular[-1] <= _SINGULAR * singular[0]:
            return _EXACT  # a family of solutions over this point
        start[k] = solution
        return start


def _degree(c, axis):
    nonzero = np.flatnonzero(np.any(c != 0, axis=1 - axis))
    return int(nonzero[-1]) if len(nonzero) else 0


def _total_degree(c):
    p, q = np.nonzero(c)
    return int(np.max(p + q)) if len(p) else 0


def _in_second(c, t1):
    """Coefficients in the second variable of ``sum c[p, q] t1^p t2^q`` at each ``t1``."""
    powers = t1[:, None] ** np.arange(c.shape[0])[None, :]
    return powers @ c


def _sylvester(f, g):
    """Batch of Sylvester matrices of polynomials with coefficients ``f``, ``g`` (low to high)."""
    m, n = f.shape[1] - 1, g.shape[1] - 1
    size = m + n
    out = np.zeros((f.shape[0], size, size), dtype=complex)
    for r in range(n):
        out[:, r, r:r + m + 1] = f[:, ::-1]
    for r in range(m):
        out[:, n + r, r:r + n + 1] = g[:, ::-1]
    return out


def _real_roots_in_unit(coefficients):
    """Real roots in ``[0, 1]`` (with slack) of a polynomial given low to high."""
    c = np.asarray(coefficients)
    if np.iscomplexobj(c) and np.max(np.abs(c.imag)) <= 1e-9 * np.max(np.abs(c)):
        c = c.real
    c = c / np.max(np.abs(c))
    c = np.where(np.abs(c) <= 1e-13, 0, c)
    nonzero = np.flatnonzero(c)
    c = c[:nonzero[-1] + 1]
    if len(c) <= 1:
        return []
    roots = np.roots(c[::-1])
    keep = (np.abs(roots.imag) <= 1e-4 * np.maximum(1.0, np.abs(roots))) & (roots.real >= -_SLACK) & (roots.real <= 1 + _SLACK)
    return list(np.sort(roots[keep].real))


def _newton(mixing, deltas, start, iterations: int = 12):
    """Polish a solution of the full indifference system (support vectors summing to 1), or None."""
    y = {k: np.asarray(v, dtype=float).copy() for k, v in start.items()}
    sizes = [len(y[k]) for k in mixing]
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    position = {k: offsets[n] for n, k in enumerate(mixing)}
    axis = {k: [l for l in mixing if l != k] for k in mixing}
    total = offsets[-1]
    previous = np.inf
    for _ in range(iterations):
        residual = []
        jacobian = np.zeros((total, total))
        row = 0
        for k in mixing:
            vectors = [y[l] for l in axis[k]]
            residual.append(_contract(deltas[k], vectors, batch=False))
            d = deltas[k].shape[0]
            for n, l in enumerate(axis[k]):
                partial = list(vectors)
                partial[n] = None
                block = _contract(deltas[k], partial, batch=False)
                jacobian[row:row + d, position[l]:position[l] + len(y[l])] = block
            row += d
            residual.append(np.array([y[k].sum() - 1.0]))
            jacobian[row, position[k]:position[k] + len(y[k])] = 1.0
            row += 1
        residual = np.concatenate(residual)
        norm = np.max(np.abs(residual))
        if norm <= 1e-14 or (norm >= previous and norm <= 1e-11):
            break
        previous = norm
        step, *_ = np.linalg.lstsq(jacobian, -residual, rcond=None)
        for k in mixing:
            y[k] = y[k] + step[position[k]:position[k] + len(y[k])]
    if not np.isfinite(norm) or norm > 1e-9:
        return None
    return y


class _Enumeration:
    """State of one run: the certified equilibria found so far, notes and flags."""

    def __init__(self, game: NormalFormGame, exact: bool, tol):
        self.game = game
        self.exact = exact
        self.tol = tol
        self.float_game = game.as_float()
        self.certify_game = game.as_exact() if exact else self.float_game
        self.game_tol = self.float_game.tolerance(tol)
        self.found: list = []
        self.notes: list[str] = []
        self.positive_dimensional: list[str] = []
        self.interior_continuum = False
        self.failures: list[str] = []
        self._sympy_payoffs = None

    # ------------------------------------------------------------ helpers
    def describe_support(self, supports) -> str:
        game = self.game
        return "(" + "; ".join(
            f"{game.players[i]}: {', '.join(game.actions[i][a] for a in s)}" for i, s in enumerate(supports)
        ) + ")"

    def _keep(self, candidate) -> None:
        for k, existing in enumerate(self.found):
            if existing.same_as(candidate, tol=max(1e-7, self.game_tol)):
                if candidate.is_exact and not existing.is_exact:
                    self.found[k] = candidate
                return
        self.found.append(candidate)

    def add(self, strategies, is_rational, algebraic=None) -> None:
        """Certify a profile from the exact route (Fractions or floats) and keep it unless already listed."""
        if is_rational and self.exact:
            candidate = certify(self.certify_game, [np.array(s, dtype=object) for s in strategies], tol=self.tol)
        else:
            floats = [np.asarray([float(v) for v in s]) for s in strategies]
            candidate = certify(self.certify_game, floats, tol=self.tol)
        before = len(self.found)
        self._keep(candidate)
        if algebraic is not None and len(self.found) > before:
            self.notes.append(f"equilibrium {candidate.describe()} has irrational probabilities, certified in floating "
                              f"point; exact values: {algebraic}")

    def add_float(self, strategies) -> None:
        """Certify a float candidate from the numerical route; silently drop it if it is not an equilibrium."""
        for existing in self.found:  # cheap duplicate test before certifying
            if all(np.allclose(a, b, atol=1e-9, rtol=0) for a, b in zip(existing.as_float(), strategies)):
                return
        try:
            candidate = certify(self.float_game, strategies, tol=self.tol)
        except NotAnEquilibriumError:
            return
        self._keep(candidate)

    def sympy_payoffs(self):
        if self._sympy_payoffs is None:
            import sympy

            self._sympy_payoffs = [
                np.vectorize(lambda v: sympy.Rational(v.numerator, v.denominator), otypes=[object])(p)
                for p in self.game.as_exact().payoffs
            ]
        return self._sympy_payoffs

    # ------------------------------------------------- float: lone mixer
    def lone_mixer(self, supports) -> bool:
        """Float route for a support where one player mixes, indifferent, while the others play pure actions.

        Its strategies form a simplex of solutions, on which the equilibrium
        conditions (the pure players' actions stay best responses) are linear.
        With two support actions the feasible set is an interval, found
        directly: its end points are listed and an interval with distinct
        ends is reported as a continuum, as the exact route does. With more
        actions a linear programme decides whether any point is feasible;
        only a feasible one goes to the exact route. Returns whether the
        support was settled here.
        """
        mixing = [i for i, s in enumerate(supports) if len(s) > 1]
        if len(mixing) != 1:
            return False
        k = mixing[0]
        game = self.float_game
        payoffs = game.payoffs
        support = supports[k]
        profile = [s[0] for s in supports]

        def payoff(player, actions):
            return float(payoffs[player][tuple(actions)])

        # gaps[c, a]: constraint c (>= 0 at an equilibrium) when the mixer plays support action a.
        gaps = []
        for l in range(game.n_players):
            if l == k:
                continue
            for b in range(game.shape[l]):
                if b == profile[l]:
                    continue
                row = []
                for a in support:
                    here = list(profile)
                    here[k] = a
                    there = list(here)
                    there[l] = b
                    row.append(payoff(l, here) - payoff(l, there))
                gaps.append(row)
        own = [payoff(k, profile) - payoff(k, [b if i == k else p for i, p in enumerate(profile)])
               for b in range(game.shape[k]) if b not in support]
        self.positive_dimensional.append(self.describe_support(supports))
        if own and min(own) < -self.game_tol:
            return True  # an action off the mixer's support pays more
        gaps = np.array(gaps, dtype=float).reshape(-1, len(support))
        if len(support) > 2:
            from scipy.optimize import linprog

            check = linprog(np.zeros(len(support)), A_ub=-gaps, b_ub=np.full(len(gaps), self.game_tol),
                            A_eq=np.ones((1, len(support))), b_eq=[1.0], bounds=[(0, None)] * len(support))
            if check.status == 2:  # infeasible: no equilibrium with this support
                return True
            self.positive_dimensional.pop()  # the exact route records it
            return False
        low, high = 0.0, 1.0
        for at_first, at_second in gaps:
            slope = at_second - at_first
            if abs(slope) <= self.game_tol:
                if max(at_first, at_second) < -self.game_tol:
                    return True
                continue
            root = -at_first / slope
            if slope > 0:
                low = max(low, root)
            else:
                high = min(high, root)
        if low > high + 1e-12:
            return True
        points = [low] if high - low <= 1e-12 else [low, high]
        for t in points:
            strategies = [np.eye(m)[a] for m, a in zip(game.shape, profile)]
            strategies[k] = np.zeros(game.shape[k])
            strategies[k][support[0]], strategies[k][support[1]] = 1.0 - t, t
            self.add_float(strategies)
        if len(points) == 2:
            self.interior_continuum = True
            actions = game.actions[k]
            self.notes.append(
                f"continuum under support {self.describe_support(supports)}: every mixture of "
                f"{game.players[k]}'s {actions[support[0]]} and {actions[support[1]]} with probability "
                f"between {format_value(low, digits=6)} and {format_value(high, digits=6)} on {actions[support[1]]} "
                "is an equilibrium; its end points are listed")
        return True

    # --------------------------------------------------------- exact route
    def guarded_exact_support(self, supports) -> None:
        """:meth:`exact_support`, with a sympy failure recorded as a note (the list is then incomplete)."""
        import sympy

        try:
            self.exact_support(supports)
        except (sympy.PolynomialError, NotImplementedError, ValueError, TypeError) as error:
            if isinstance(error, NotAnEquilibriumError):
                raise
            self.failures.append(
                f"sympy could not solve the system of support {self.describe_support(supports)} "
                f"({type(error).__name__}: {error}); equilibria with this support may be missing")

    def exact_support(self, supports) -> None:
        """Solve one support profile's indifference system with sympy and record what it gives."""
        import sympy

        game, game_tol = self.game, self.game_tol
        system = _SupportSystem(self.sympy_payoffs(), supports, game.shape)
        if not system.symbols:
            result = _feasible(system, {}, game_tol)
            if result is not None:
                self.add(*result)
            return
        symbols = system.symbols
        if system.equations:
            basis = sympy.groebner(system.equations, *symbols, order="lex")
            if list(basis.exprs) == [1]:
                return
            equations = list(basis.exprs)
        else:
            equations = []
        try:
            solutions = sympy.solve(equations, symbols, dict=True) if equations else [{}]
        except NotImplementedError as error:  # pragma: no cover - sympy limitation
            self.failures.append(
                f"sympy could not solve the system of support {self.describe_support(supports)}: {error}")
            return
        for solution in solutions:
            free = [s for s in symbols if s not in solution]
            free += [s for s in sorted(set().union(*(sympy.sympify(v).free_symbols for v in solution.values())),
                                       key=str) if s not in free]
            if not free:
                point = {s: solution[s] for s in symbols}
                result = _feasible(system, point, game_tol)
                if result is not None:
                    strategies, is_rational = result
                    self.add(strategies, is_rational, None if is_rational else _algebraic_text(game, system, point))
                continue
            self.positive_dimensional.append(self.describe_support(supports))
            parametrised = {s: sympy.sympify(solution.get(s, s)) for s in symbols}
            if len(free) == 1:
                # A curve of solutions: find exactly where along it the
                # equilibrium conditions hold (intervals and isolated points).
                for point, _ in _one_parameter_family(system, parametrised, free[0], game_tol):
                    result = _feasible(system, point, game_tol)
                    if result is None:  # pragma: no cover - the family already checked it
                        continue
                    strategies, is_rational = result
                    self.add(strategies, is_rational, None if is_rational else _algebraic_text(game, system, point))
                for a, b in _feasible_intervals(system, parametrised, free[0], game_tol):
                    self.interior_continuum = True
                    curve = "; ".join(
                        f"{game.players[i]}: [" + ", ".join(str(sympy.factor(sympy.sympify(p).subs(parametrised)))
                                                           for p in probabilities) + "]"
                        for i, probabilities in enumerate(system.strategy))
                    self.notes.append(
                        f"continuum under support {self.describe_support(supports)}: every point of the curve "
                        f"{curve} for {free[0]} between {a} and {b} is an equilibrium; its end points are listed"
                    )
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
                self.add(strategies, is_rational)
                if is_rational and _strictly_interior(system, point):
                    self.interior_continuum = True
                    self.notes.append(
                        f"continuum under support {self.describe_support(supports)}: the solution set has "
                        f"{len(free)} free coordinates ({', '.join(map(str, free))}); equilibria listed for it "
                        "are sample points at simple rational coordinates"
                    )

    # -------------------------------------------------------------- result
    def result(self) -> SolveResult:
        game, tol, found = self.game, self.tol, self.found
        notes = list(self.notes)
        if self.positive_dimensional:
            unique = list(dict.fromkeys(self.positive_dimensional))
            notes.append(
                "the indifference equations have a positive-dimensional solution set under support(s) "
                + ", ".join(unique)
                + "; sympy's parametrisation of such sets is not guaranteed to cover every component, "
                "so the list is not guaranteed complete"
            )
        notes = list(dict.fromkeys(notes))
        notes.extend(self.failures)
        degenerate = True if self.positive_dimensional else None
        if degenerate is None:
            slack = game.tolerance(tol)
            for equilibrium in found:
                strategies = equilibrium.strategies
                for i in range(game.n_players):
                    # Same count as game.best_responses, without re-validating the certified profile.
                    values = game.deviation_payoffs(i, strategies)
                    if values.dtype == object:
                        best = int(sum(v == max(values) for v in values))
                    else:
                        best = int(np.count_nonzero(values >= values.max() - slack))
                    if best > len(equilibrium.supports[i]):
                        degenerate = True
                        break
        continuum = True if self.interior_continuum else (False if not self.positive_dimensional else None)
        complete = not self.positive_dimensional and not self.failures
        order = sorted(range(len(found)), key=lambda k: (
            not found[k].is_pure, [list(-np.asarray(s, dtype=float)) for s in found[k].strategies]))
        return SolveResult(
            game=self.certify_game,
            equilibria=tuple(found[k] for k in order),
            method="polynomial_enumeration",
            complete=complete,
            degenerate=degenerate,
            continuum=continuum,
            notes=tuple(notes),
            exact=self.exact and all(e.is_exact for e in found),
        )


def _dominance_mask(payoffs, margin) -> np.ndarray:
    """Boolean array over support profiles (indexed as in :func:`_supports`): True where some support action
    is beaten by more than ``margin`` by one pure action against every profile of the others' supports.

    Such a support action is never a best response, so the profile holds no equilibrium.
    """
    n = len(payoffs)
    shape = payoffs[0].shape
    members = [np.array([[a in s for a in range(m)] for s in _supports(m)]) for m in shape]
    mask = np.zeros([len(k) for k in members], dtype=bool)
    for i in range(n):
        own = np.moveaxis(np.asarray(payoffs[i]), i, 0)  # (m_i, others...)
        # beats[b, a, others...]: action b pays more than a by more than margin at that profile.
        beats = np.asarray(own[:, None] - own[None, :] > margin, dtype=bool)
        axis = 2
        for k in range(n):
            if k == i:
                continue
            # All over each subset of player k's actions (subsets along a new axis).
            expanded = np.expand_dims(beats, axis + 1)  # (..., m_k, 1, ...)
            outside = ~members[k].T.reshape((1,) * axis + members[k].T.shape + (1,) * (beats.ndim - axis - 1))
            beats = np.all(expanded | outside, axis=axis)
            axis += 1
        beaten = np.any(beats, axis=0)  # (m_i, subsets of others...)
        # A profile is dominated for player i when one of its support actions is beaten.
        hit = np.tensordot(members[i].astype(int), beaten.astype(int), axes=([1], [0])) > 0
        mask |= np.moveaxis(hit, 0, i)
    return mask


def _lone_mixer_not_indifferent(payoffs, supports) -> bool:
    """True when one player mixes, the others are pure, and its support actions pay differently (no solution)."""
    mixing = [i for i, s in enumerate(supports) if len(s) > 1]
    if len(mixing) != 1:
        return False
    k = mixing[0]
    profile = [s[0] for s in supports]
    values = []
    for a in supports[k]:
        profile[k] = a
        values.append(payoffs[k][tuple(profile)])
    return any(v != values[0] for v in values[1:])


def polynomial_enumeration(game: NormalFormGame, *, exact: bool | None = None, tol: float | None = None) -> SolveResult:
    """All Nash equilibria of a small n-player game, by solving each support's indifference system.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players; meant for small games (for example three
        players with two or three actions each).
    exact : bool, optional
        Solve and certify in exact arithmetic (regret exactly 0 for rational
        equilibria); default: exact when the game's payoffs are exact. In
        exact mode every support system is solved with sympy (float payoffs
        are read as exact decimals) and irrational equilibria (possible with
        three or more players) are certified in floating point, with their
        exact algebraic values in the notes. In float mode
        (``exact=False``) the systems are solved numerically (see Notes) and
        every equilibrium is certified in floating point.
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
    player's support actions, and the equations say that each player's
    support actions pay the same. Support profiles where some support
    action is strictly dominated by a pure action against the others'
    supports are skipped, as they contain no equilibrium. Solutions are
    accepted with probabilities in ``[0, 1]``, so an equilibrium may be
    found under several supports; duplicates are merged. The cost grows with
    ``prod(2^m_i - 1)`` support profiles.

    Exact mode computes a lexicographic Groebner basis of each system and
    solves it with sympy. Float mode finds pure equilibria from the
    best-response tables at once, and reduces each mixed support's system
    without symbolic algebra: two mixing players with the same support size
    are solved for by Cramer's rule given the others' strategies, which
    leaves at most two polynomial equations in the remaining unknowns
    (polynomial coefficients by interpolation at roots of unity; one
    variable: companion-matrix roots; two: the Sylvester resultant and back
    substitution). Real roots in range are polished by Newton's method on
    the full system and certified. Support profiles that are singular in
    floating point (a singular linear system, an identically vanishing
    equation or resultant, so possibly a continuum) or too large for this
    reduction (more than two unknowns left) are handed to the exact route,
    so continua are reported as in exact mode, and a note counts them.

    References
    ----------
    R. D. McKelvey and A. McLennan, "Computation of equilibria in finite
    games", Handbook of Computational Economics vol. 1 (1996), 87-142.
    R. S. Datta, "Using computer algebra to find Nash equilibria", ISSAC 2003.
    D. A. Cox, J. Little and D. O'Shea, *Using Algebraic Geometry*, 2nd ed.
    (Springer 2005), chapter 3 (resultants).

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

    The same game in float mode is solved numerically, with float certificates:

    >>> result = polynomial_enumeration(NormalFormGame(payoffs).as_float())
    >>> result.exact, len(result), [round(float(p), 6) for p in result[2].strategies[0]]
    (False, 3, [0.5, 0.5])
    >>> result[2].max_regret <= result.game.tolerance()
    True
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"polynomial_enumeration() takes a NormalFormGame, got {type(game).__name__}")
    exact = game.is_exact if exact is None else bool(exact)
    run = _Enumeration(game, exact, tol)
    profiles = itertools.product(*(list(_supports(m)) for m in game.shape))
    if exact:
        exact_game = game.as_exact()
        dominated = _dominance_mask(exact_game.payoffs, 0)
        pure = np.ones(game.shape, dtype=bool)
        for i in range(game.n_players):
            pure &= exact_game.pure_best_response_mask(i)
        for supports, skip in zip(profiles, dominated.ravel()):
            if skip:
                continue
            if all(len(s) == 1 for s in supports):
                # A pure profile: an equilibrium exactly when every action is a best response.
                if pure[tuple(s[0] for s in supports)]:
                    run.add([[Fraction(int(a == s[0])) for a in range(m)] for s, m in zip(supports, game.shape)], True)
                continue
            if _lone_mixer_not_indifferent(exact_game.payoffs, supports):
                continue
            run.guarded_exact_support(supports)
        return run.result()

    float_game = run.float_game
    payoffs = float_game.payoffs
    # Pure equilibria at once from the best-response tables.
    mask = np.ones(game.shape, dtype=bool)
    for i in range(game.n_players):
        mask &= float_game.pure_best_response_mask(i, tol=tol)
    for profile in np.argwhere(mask):
        strategies = [np.eye(m)[a] for m, a in zip(game.shape, profile)]
        run.add_float(strategies)
    numeric = _NumericSupports(payoffs, run.game_tol)
    dominated = _dominance_mask(payoffs, run.game_tol)
    handed = []
    for supports, skip in zip(profiles, dominated.ravel()):
        if skip or all(len(s) == 1 for s in supports):
            continue
        outcome = numeric.solve(supports)
        if outcome is _EXACT:
            if run.lone_mixer(supports):
                continue
            handed.append(run.describe_support(supports))
            run.guarded_exact_support(supports)
            continue
        for strategies in outcome:
            run.add_float(strategies)
    if handed:
        run.notes.append(
            f"{len(handed)} support profile(s) were singular in floating point or outside the numerical "
            "reduction and were solved exactly with sympy: " + ", ".join(handed))
    return run.result()


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
