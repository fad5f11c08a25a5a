"""The float route of polynomial enumeration: a support's indifference system solved numerically.

Two mixing players with equally many equations are solved for by Cramer's rule
given the others' strategies, leaving at most two polynomial equations, solved by
companion-matrix roots or a Sylvester resultant; roots are polished by Newton's
method on the full system. A support that is singular in floating point (so
possibly a continuum) is handed to the exact route (:data:`_EXACT`).
"""

from __future__ import annotations

import itertools

import numpy as np


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
    def solve(self, supports, first_pair_only: bool = False):
        """Candidate full strategy profiles of this support, or :data:`_EXACT`.

        With ``first_pair_only`` only one linear pair is eliminated and every
        doubt (a base point, Newton's method failing from a start in range, a
        back-substituted root that nearly solves the other equation) returns
        :data:`_EXACT`, so the caller can retry with every pair. Every
        solution is a common root of the reduced system whatever the pair
        (where the pair's determinants vanish so do the cleared equations),
        so one pair misses a solution only through such a doubt.
        """
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
        # Every usable linear pair (largest first), and the union of what they
        # find: a solution at which one pair's linear system is singular (a base
        # point, where the pair's strategies are not fixed by the parameters; in
        # symmetric games every solution where the pair's strategies differ is
        # one) is lost or blurred by that pair's elimination but found by
        # another's. A pair whose reduction is singular or undecided hands the
        # whole support to the exact route: the other pairs may miss the
        # solutions it could not see (a symmetric 2x2x2x2 game lost two of six).
        found, solved = [], False
        for i, j in sorted(pairs, key=lambda p: -dims[p[0]]):
            params = [k for k in mixing if k not in (i, j)]
            if sum(dims[k] for k in params) > 2:
                continue
            if first_pair_only and solved:
                break
            outcome = self._solve_with_pair(supports, mixing, deltas, dims, (i, j), params, first_pair_only)
            if outcome is _EXACT:
                return _EXACT
            solved = True
            for profile in outcome:
                if not any(all(np.allclose(a, b, atol=1e-9, rtol=0) for a, b in zip(profile, other))
                           for other in found):
                    found.append(profile)
        return found if solved else _EXACT

    def _solve_with_pair(self, supports, mixing, deltas, dims, pair, params, strict=False):
        system = _ReducedSystem(mixing, deltas, dims, pair, params, [len(s) for s in supports], strict)
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
                if strict and _residual(mixing, deltas, start) <= 1e-6:
                    return _EXACT  # a near solution that did not converge: let every pair look
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

    def __init__(self, mixing, deltas, dims, pair, params, sizes, strict=False):
        self.strict = strict
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
        roots = _real_roots_in_unit(coefficients, strict=self.strict)
        if roots is _EXACT:
            return _EXACT
        return [np.array([r]) for r in roots]

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
        first = _real_roots_in_unit(coefficients, max(1e-13, noise / signal), strict=self.strict)
        if first is _EXACT:
            return _EXACT
        for r1 in first:
            f2 = _in_second(F, np.array([r1]))[0].real
            g2 = _in_second(G, np.array([r1]))[0].real
            source = f2 if np.max(np.abs(f2)) > _ZERO else g2
            other = g2 if source is f2 else f2
            if np.max(np.abs(source)) <= _ZERO:
                return _EXACT  # both vanish along t1 = r1: a line of solutions
            second = _real_roots_in_unit(source, strict=self.strict)
            if second is _EXACT:
                return _EXACT
            for r2 in second:
                residual = abs(np.polynomial.polynomial.polyval(r2, other))
                size = max(1.0, np.sum(np.abs(other)))
                # With one pair only, a root slightly further off is still tried:
                # Newton's method on the full system decides.
                if residual <= (1e-3 if self.strict else 1e-4) * size:
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
        if len(base) == 2 or self.strict:
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


def _real_roots_in_unit(coefficients, noise: float = 1e-13, strict: bool = False):
    """Real roots in ``[0, 1]`` (with slack) of a polynomial given low to high, or :data:`_EXACT`.

    A root counts as real when its imaginary part is at most ``1e-4`` (relative);
    Newton's method on the full system then polishes it. A root in range
    with a larger imaginary part that is still within its own uncertainty
    (the first-order bound ``noise * sum|c_k||r|^k / |p'(r)|`` for relative
    coefficient errors ``noise``) may be real all the same: roots of high
    multiplicity, or clustered ones, scatter on a circle in floating point.
    Then reality cannot be decided here and :data:`_EXACT` is returned.
    With ``strict`` so is any root in range whose imaginary part is below
    ``5e-2`` (relative) without counting as real: multiple roots (as at the
    base points of an elimination) scatter further than the first-order bound.
    """
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
    in_range = (roots.real >= -_SLACK) & (roots.real <= 1 + _SLACK)
    real = np.abs(roots.imag) <= 1e-4 * np.maximum(1.0, np.abs(roots))
    doubtful = in_range & ~real
    if strict and np.any(doubtful & (np.abs(roots.imag) <= 5e-2 * np.maximum(1.0, np.abs(roots)))):
        return _EXACT
    if np.any(doubtful):
        at = roots[doubtful]
        size = np.polynomial.polynomial.polyval(np.abs(at), np.abs(c))
        slope = np.abs(np.polynomial.polynomial.polyval(at, np.polynomial.polynomial.polyder(c)))
        with np.errstate(divide="ignore"):
            uncertainty = noise * size / slope
        if np.any(np.abs(at.imag) <= uncertainty):
            return _EXACT
    return list(np.sort(roots[in_range & real].real))


def _residual(mixing, deltas, y):
    """Largest residual of the indifference equations (and ``sum = 1``) at support strategies ``y``."""
    worst = max(abs(float(np.sum(y[k])) - 1.0) for k in mixing)
    for k in mixing:
        value = _contract(deltas[k], [y[l] for l in mixing if l != k], batch=False)
        worst = max(worst, float(np.max(np.abs(value))))
    return worst


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
