"""Batched float route of polynomial enumeration: support profiles of one shape solved together in numpy.

Most support profiles of a small game fall in a few shapes whose
indifference systems reduce, without search, to a linear solve or to the
roots of a univariate polynomial of degree at most four. Profiles of the same
shape are stacked and solved in a few array operations, and the candidate
profiles they give are screened for regret before they are certified. A
profile whose reduction is singular or doubtful in floating point (a small
determinant, a polynomial that vanishes identically, a root near the real
line whose reality rounding leaves open, a residual that does not vanish) is
returned to the caller, which solves it with the per-profile float route of
:mod:`._polynomial_float` (and the exact route after that if need be): the
batch never decides a case it cannot decide cleanly.

The shapes, by the number of actions in each mixing player's support:

* two mixers with supports of equal size ``s`` (all others pure): each
  mixer's indifference equations and ``sum = 1`` form a square linear system
  in the other's strategy (Cramer's rule, as in two-player support
  enumeration);
* two mixers with supports of different sizes: one side is overdetermined,
  and a least-squares residual above the tolerance proves it has no solution
  (generic games), otherwise the profile is returned;
* three mixers whose support sizes are ``(s, s, 2)`` in some order: given
  the two-action mixer's probability ``t`` the other two are fixed by
  Cramer's rule, and the third mixer's equation becomes a polynomial of
  degree ``2 (s - 1)`` in ``t`` (coefficients by interpolation at roots of
  unity, roots by batched companion-matrix eigenvalues);
* three mixers with support sizes ``(2, 2, 3)``: the three-action mixer's
  two equations are linear and homogeneous in one two-action mixer's
  strategy, so their determinant, a quadratic in the other's probability,
  vanishes at every solution; then the three-action mixer's strategy solves
  a square linear system.

Every solution of a profile's system is a root of the polynomial (where
the Cramer determinants do not vanish the reduction is an equivalence, and
where they vanish the cleared polynomial vanishes too, which sends the
profile back to the caller), so no solution is lost by the reduction.

References
----------
R. D. McKelvey and A. McLennan, "Computation of equilibria in finite games",
Handbook of Computational Economics vol. 1 (1996), section 6.
R. Porter, E. Nudelman and Y. Shoham, "Simple search methods for finding a
Nash equilibrium", Games and Economic Behavior 63 (2008), 642-662 (support
profiles pruned by conditional dominance before any system is solved).
"""

from __future__ import annotations

import numpy as np

from ..equilibrium import _deviation_layout
from ._polynomial_float import _SINGULAR, _SLACK, _cofactors
from ._polynomial_small import SMALL_GROUP, Payoffs, solve_small

#: Smallest probability (after solving) still read as 0 rather than as outside the simplex.
_NEGATIVE = -1e-7
#: Largest residual of a profile's normalised indifference equations accepted without handing it back.
_RESIDUAL = 1e-9
#: Relative imaginary part up to which a root counts as real (polished, then checked by residual).
_REAL = 1e-4
#: Relative imaginary part below which a complex root in range is too near the real line to dismiss.
_NEAR_REAL = 5e-2


class BatchOutcome:
    """What a batch settled: candidate profiles (full strategy vectors) and the profiles handed back."""

    def __init__(self):
        self.candidates: list[list[np.ndarray]] = []
        self.handed_back: list[tuple] = []


def solve_batch(payoffs, shape, profiles, relative_tol: float) -> BatchOutcome:
    """Solve the support profiles ``profiles`` of a game with normalised float payoffs, by shape.

    Parameters
    ----------
    payoffs : list of ndarray
        One array per player, own action on the player's axis, scaled so the
        largest magnitude is at most 1.
    shape : tuple of int
    profiles : list of tuple of tuple of int
        Support profiles (one sorted tuple of actions per player), each with
        at least two mixing players.
    relative_tol : float
        Payoff tolerance relative to the scaled payoffs.

    Returns
    -------
    BatchOutcome
        ``candidates``: strategy profiles solving some profile's indifference
        system with probabilities in ``[0, 1]`` (not yet checked for
        deviations outside the supports); ``handed_back``: profiles this
        module does not settle.
    """
    out = BatchOutcome()
    groups: dict = {}
    orders: dict = {}
    for supports in profiles:
        signature = tuple(map(len, supports))
        order = orders.get(signature)
        if order is None:
            # Mixers in role order: by support size, then by player.
            roles = tuple(sorted((i for i, k in enumerate(signature) if k > 1), key=lambda i: (signature[i], i)))
            order = orders[signature] = (roles, tuple(signature[i] for i in roles))
        groups.setdefault(order[1], []).append((supports, order[0]))
    stacked = small = None
    for sizes, members in groups.items():
        if len(members) <= SMALL_GROUP.get(len(sizes), 0):
            if small is None:
                small = Payoffs(payoffs)
            if solve_small(small, sizes, members, relative_tol, out):
                continue
        if len(sizes) == 1:
            solver = _lone
        elif len(sizes) == 2 and sizes[0] == sizes[1]:
            solver = _two_equal
        elif len(sizes) == 2:
            solver = _two_unequal
        elif sizes == (2, 2, 3):
            solver = _three_quadratic
        elif len(sizes) == 3 and sizes[0] == 2 and sizes[1] == sizes[2]:
            solver = _three_univariate
        elif sizes == (2, 2, 2, 2):
            solver = _four_binary
        else:
            out.handed_back.extend(supports for supports, _ in members)
            continue
        if stacked is None:
            stacked = np.stack(payoffs)
        solver(_Group(stacked, shape, members, sizes), relative_tol, out)
    return out


class _Group:
    """Support profiles of one shape, their mixers in role order, and the restricted payoffs by role."""

    def __init__(self, stacked, shape, members, sizes):
        self.shape = shape
        self.supports = [supports for supports, _ in members]
        self.players = np.array([roles for _, roles in members])  # (B, R)
        n, batch, count = len(shape), len(members), len(sizes)
        actions = []
        for r, size in enumerate(sizes):
            view = [batch] + [1] * count
            view[1 + r] = size
            actions.append(np.array([supports[roles[r]] for supports, roles in members]).reshape(view))
        index = []
        for q in range(n):
            # Player q's action at each cell of the restricted table: its support
            # action when pure, the action along its role's axis when mixing.
            pure = np.array([supports[q][0] for supports, _ in members]).reshape([batch] + [1] * count)
            column = pure
            for r in range(count):
                mask = (self.players[:, r] == q).reshape([batch] + [1] * count)
                column = np.where(mask, actions[r], column)
            index.append(column)
        full = tuple(np.broadcast_arrays(*index))
        self.tables = [stacked[(self.players[:, r].reshape([batch] + [1] * count),) + full] for r in range(count)]

    def __len__(self):
        return len(self.supports)

    def equations(self, role, order):
        """Role ``role``'s indifference rows ``(B, d, s_order...)``: each support action's payoff minus the first's."""
        axes = [1 + role] + [1 + r for r in order]
        tensor = np.moveaxis(self.tables[role], axes, list(range(1, len(axes) + 1)))
        return tensor[:, 1:] - tensor[:, :1]

    def emit(self, out, b, mixed):
        """Append profile ``b``'s full strategies given the mixers' support strategies ``mixed`` (role -> vector)."""
        supports = self.supports[b]
        by_player = {int(self.players[b, r]): vector for r, vector in mixed.items()}
        strategies = []
        for i, support in enumerate(supports):
            vector = np.zeros(self.shape[i])
            if i in by_player:
                y = np.clip(by_player[i], 0.0, None)
                vector[list(support)] = y / y.sum()
            else:
                vector[support[0]] = 1.0
            strategies.append(vector)
        out.candidates.append(strategies)

    def hand_back(self, out, rows):
        out.handed_back.extend(self.supports[b] for b in rows)


def _with_ones(matrices):
    """Append a row of ones to a stack of ``(..., d, s)`` matrices."""
    ones = np.ones(matrices.shape[:-2] + (1, matrices.shape[-1]), dtype=matrices.dtype)
    return np.concatenate([matrices, ones], axis=-2)


def _row_scale(matrices):
    """Hadamard-type scale of a stack of matrices: product of row norms, times the root of the column count."""
    return np.prod(np.linalg.norm(matrices, axis=-1), axis=-1) * np.sqrt(matrices.shape[-1])


def _homogeneous_solution(rows):
    """``det(M) * solve(M, e_last)`` for ``M`` = ``rows`` (``(..., s-1, s)``, s = 2 or 3) over a row of ones.

    Written out (cofactors along the row of ones), so singular systems are fine.
    """
    size = rows.shape[-1]
    if size == 2:
        return np.stack([-rows[..., 0, 1], rows[..., 0, 0]], axis=-1)
    if size == 3:
        a, b = rows[..., 0, :], rows[..., 1, :]
        return np.stack([a[..., 1] * b[..., 2] - a[..., 2] * b[..., 1],
                         a[..., 2] * b[..., 0] - a[..., 0] * b[..., 2],
                         a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]], axis=-1)
    return _cofactors(_with_ones(rows))


# -------------------------------------------------------------- one mixer
def _lone(group, relative_tol, out):
    """One mixer against pure actions: its support actions must pay the same, else there is no solution.

    Profiles where they do (a simplex of solutions) are handed back.
    """
    table = group.tables[0]  # (B, s)
    spread = np.max(table, axis=1) - np.min(table, axis=1)
    group.hand_back(out, np.flatnonzero(~(spread > relative_tol)))


# ------------------------------------------------------------- two mixers
def _two_equal(group, relative_tol, out):
    # Role 0's rows fix role 1's strategy and vice versa (two-player support enumeration).
    rows = np.stack([group.equations(0, [1]), group.equations(1, [0])], axis=1)  # (B, 2, d, s)
    solution = _homogeneous_solution(rows)  # (B, 2, s)
    determinant = solution.sum(axis=-1)
    regular = np.abs(determinant) > _SINGULAR * np.maximum(_row_scale(rows), 1e-300)
    ok = np.all(regular, axis=1)
    group.hand_back(out, np.flatnonzero(~ok))
    with np.errstate(divide="ignore", invalid="ignore"):
        strategies = solution / determinant[..., None]
    feasible = ok & np.all(strategies >= _NEGATIVE, axis=(1, 2))
    for b in np.flatnonzero(feasible):
        group.emit(out, b, {1: strategies[b, 0], 0: strategies[b, 1]})


def _two_unequal(group, relative_tol, out):
    """Two mixers with different support sizes: the larger side's system (role 1's rows) is overdetermined."""
    system = _with_ones(group.equations(1, [0]))  # (B, s_1, s_0), s_1 > s_0
    q, r = np.linalg.qr(system)
    diagonal = np.abs(np.diagonal(r, axis1=1, axis2=2))
    full_rank = np.min(diagonal, axis=1) > _SINGULAR * np.maximum(np.max(diagonal, axis=1), 1e-300)
    rhs = np.zeros(system.shape[1])
    rhs[-1] = 1.0
    # With full column rank Q spans the column space: this is the least-squares
    # residual, and above the tolerance it proves the system inconsistent.
    residual = rhs - np.einsum("bij,bj->bi", q, q[:, -1, :])
    inconsistent = full_rank & (np.max(np.abs(residual), axis=1) > max(relative_tol, 1e-12))
    group.hand_back(out, np.flatnonzero(~inconsistent))


# ----------------------------------------------------------- three mixers
def _three_univariate(group, relative_tol, out):
    """Support sizes ``(2, s, s)``: a polynomial of degree ``2 (s - 1)`` in role 0's probability ``t``."""
    d = group.tables[1].shape[2] - 1
    Ei = group.equations(1, [2, 0])  # (B, d, s, 2): role 1's rows over roles 2 and 0
    Ej = group.equations(2, [1, 0])
    Ek = group.equations(0, [1, 2])[:, 0]  # (B, s, s)
    # Role 1's rows (linear in t) fix role 2's strategy and vice versa: the
    # homogenised solutions are polynomials of degree d in t.
    nj = _solution_polynomial(Ei[..., 0], Ei[..., 1] - Ei[..., 0])  # (B, d+1, s)
    ni = _solution_polynomial(Ej[..., 0], Ej[..., 1] - Ej[..., 0])
    products = np.einsum("bui,bij,bvj->buv", ni, Ek, nj)
    degree = 2 * d
    coefficients = _convolve(products, degree)
    rows, roots = _univariate_roots(coefficients, degree, group, out)
    if len(rows) == 0:
        return
    Ei, Ej, Ek = Ei[rows], Ej[rows], Ek[rows]
    roots = _polish(coefficients[rows], roots)
    xk = np.stack([1 - roots, roots], axis=-1)
    mi = np.einsum("cdsk,ck->cds", Ei, xk)  # role 1's rows: fix role 2's strategy
    mj = np.einsum("cdsk,ck->cds", Ej, xk)
    ni, nj = _homogeneous_solution(mj), _homogeneous_solution(mi)
    di, dj = ni.sum(axis=-1), nj.sum(axis=-1)
    regular = (np.abs(dj) > _SINGULAR * np.maximum(_row_scale(mi), 1e-300)) & \
              (np.abs(di) > _SINGULAR * np.maximum(_row_scale(mj), 1e-300))
    with np.errstate(divide="ignore", invalid="ignore"):
        xi = ni / di[:, None]
        xj = nj / dj[:, None]
    _finish(group, out, rows, regular, {1: xi, 2: xj, 0: xk},
            [(Ei, xj, xk), (Ej, xi, xk), (Ek[:, None], xi, xj)])


def _three_quadratic(group, relative_tol, out):
    """Support sizes ``(2, 2, 3)``: a quadratic in role 0's probability ``u``.

    Role 2's two equations are linear and homogeneous in role 1's strategy,
    so their determinant vanishes at every solution; given both two-action
    strategies, role 2's strategy solves a square linear system.
    """
    Ek = group.equations(2, [0, 1])  # (B, 2, 2, 2): rows, role 0's actions, role 1's actions
    Ei = group.equations(0, [1, 2])[:, 0]  # (B, 2, 3)
    Ej = group.equations(1, [0, 2])[:, 0]  # (B, 2, 3)
    # Role 2's rows in role 1's strategy: K0 + K1 u, and det(K0 + K1 u) = c0 + c1 u + c2 u^2.
    K0, K1 = Ek[:, :, 0], Ek[:, :, 1] - Ek[:, :, 0]
    coefficients = np.stack([
        K0[:, 0, 0] * K0[:, 1, 1] - K0[:, 0, 1] * K0[:, 1, 0],
        K0[:, 0, 0] * K1[:, 1, 1] + K1[:, 0, 0] * K0[:, 1, 1] - K0[:, 0, 1] * K1[:, 1, 0] - K1[:, 0, 1] * K0[:, 1, 0],
        K1[:, 0, 0] * K1[:, 1, 1] - K1[:, 0, 1] * K1[:, 1, 0]], axis=1)
    rows, roots = _univariate_roots(coefficients, 2, group, out)
    if len(rows) == 0:
        return
    Ek, Ei, Ej = Ek[rows], Ei[rows], Ej[rows]
    roots = _polish(coefficients[rows], roots)
    xi = np.stack([1 - roots, roots], axis=-1)
    m = np.einsum("cdij,ci->cdj", Ek, xi)  # (C, 2, 2)
    norms = np.linalg.norm(m, axis=-1)  # (C, 2)
    best = np.argmax(norms, axis=1)
    pick = m[np.arange(len(m)), best]  # the better-scaled row: its orthogonal complement is the kernel
    scale = np.maximum(np.max(np.abs(Ek), axis=(1, 2, 3)), 1e-300)
    regular = norms[np.arange(len(m)), best] > _SINGULAR * scale
    null = np.stack([pick[:, 1], -pick[:, 0]], axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        xj = null / null.sum(axis=1, keepdims=True)
        rows_k = np.stack([np.einsum("cjk,cj->ck", Ei, xj), np.einsum("cik,ci->ck", Ej, xi)], axis=1)
    # A kernel vector summing to zero holds no probability vector: no solution over this root.
    finite = np.all(np.isfinite(rows_k), axis=(1, 2))
    rows_k = np.where(finite[:, None, None], rows_k, 0.0)
    solution = _homogeneous_solution(rows_k)  # fixes role 2's strategy
    determinant = solution.sum(axis=-1)
    regular &= ~finite | (np.abs(determinant) > _SINGULAR * np.maximum(_row_scale(rows_k), 1e-300))
    with np.errstate(divide="ignore", invalid="ignore"):
        xk = solution / determinant[:, None]
    _finish(group, out, rows, regular, {0: xi, 1: xj, 2: xk},
            [(Ek, xi, xj), (Ei[:, None], xj, xk), (Ej[:, None], xi, xk)], feasible=finite)


def _solution_polynomial(constant, slope):
    """Coefficients ``(B, d+1, s)`` in ``t`` of the homogenised solution for rows ``constant + slope * t``.

    Rows ``(B, d, s)`` with ``s = d + 1`` in 2 or 3 (see :func:`_homogeneous_solution`).
    """
    if constant.shape[-1] == 2:
        return np.stack([_homogeneous_solution(constant), _homogeneous_solution(slope)], axis=1)
    a0, b0, a1, b1 = constant[:, 0], constant[:, 1], slope[:, 0], slope[:, 1]
    return np.stack([np.cross(a0, b0), np.cross(a0, b1) + np.cross(a1, b0), np.cross(a1, b1)], axis=1)


def _convolve(products, degree):
    """Coefficients of ``sum_{u+v=k} products[:, u, v]`` for ``k = 0..degree``."""
    flipped = products[:, :, ::-1]
    size = products.shape[1]
    return np.stack([np.trace(flipped, offset=size - 1 - k, axis1=1, axis2=2) for k in range(degree + 1)], axis=1)


# ------------------------------------------------------------ four mixers
def _monomial(tensor):
    """Coefficients of a multilinear form in the second-action probabilities ``q``, from its values.

    ``tensor`` (B, 2, ..., 2) holds the form at the pure profiles; along each
    axis ``x = (1 - q, q)``, so the constant part is the first entry and the
    coefficient of ``q`` the difference.
    """
    for axis in range(1, tensor.ndim):
        first = np.take(tensor, [0], axis=axis)
        tensor = np.concatenate([first, np.take(tensor, [1], axis=axis) - first], axis=axis)
    return tensor


def _times(p, q):
    """Product of polynomials (coefficients on the last axis, low to high), broadcast over the others."""
    out = np.zeros(np.broadcast_shapes(p.shape[:-1], q.shape[:-1]) + (p.shape[-1] + q.shape[-1] - 1,),
                   dtype=np.result_type(p, q))
    for k in range(p.shape[-1]):
        out[..., k:k + q.shape[-1]] += p[..., k:k + 1] * q
    return out


def _four_binary(group, relative_tol, out):
    """Four mixers with two actions each: a resultant, a polynomial of degree at most 13 in role 3's ``q3``.

    Role 0's equation is linear in ``q1`` and role 1's in ``q0``:
    ``q1 = -A0 / B0`` and ``q0 = -A1 / B1`` with ``A, B`` bilinear in
    ``(q2, q3)``. Cleared of denominators, roles 2 and 3's equations become
    ``F`` (degree 2 in ``q2``) and ``G`` (degree 3), whose Sylvester
    resultant in ``q2`` vanishes at every solution. Profiles with a base
    point in range (``A0 = B0 = 0`` or ``A1 = B1 = 0``, where the elimination
    says nothing about ``q1`` or ``q0``; symmetric games have solutions
    there) are handed back, as are doubtful resultants.
    """
    C = [_monomial(group.equations(r, [l for l in range(4) if l != r])[:, 0]) for r in range(4)]
    # C[r][u, v, w]: coefficient of the monomial in the other roles' q (in role order).
    A0, B0 = C[0][:, 0], C[0][:, 1]  # (B, 2, 2) in (q2, q3)
    A1, B1 = C[1][:, 0], C[1][:, 1]
    count = 16
    nodes = np.exp(2j * np.pi * np.arange(count) / count)
    powers = np.stack([np.ones(count), nodes], axis=-1)  # (N, 2): 1, q3

    def in_q2(M, t_powers):
        """A bilinear form M[v, w] q2^v q3^w as a polynomial in q2 at each q3: (B, N, 2)."""
        return np.einsum("bvw,nw->bnv", M, t_powers)

    a0, b0, a1, b1 = (in_q2(M, powers) for M in (A0, B0, A1, B1))
    c2 = np.einsum("buvw,nw->bnuv", C[2], powers)  # role 2: coefficients of q0^u q1^v at each q3
    c3 = C[3]  # role 3: q0^u q1^v q2^w
    b0b1, a1b0, a0b1, a0a1 = _times(b0, b1), _times(a1, b0), _times(a0, b1), _times(a0, a1)
    F = (c2[..., 0, 0, None] * b0b1 - c2[..., 1, 0, None] * a1b0 - c2[..., 0, 1, None] * a0b1
         + c2[..., 1, 1, None] * a0a1)  # (B, N, 3)
    G = (_times(np.broadcast_to(c3[:, None, 0, 0], F.shape[:2] + (2,)), b0b1)
         - _times(np.broadcast_to(c3[:, None, 1, 0], F.shape[:2] + (2,)), a1b0)
         - _times(np.broadcast_to(c3[:, None, 0, 1], F.shape[:2] + (2,)), a0b1)
         + _times(np.broadcast_to(c3[:, None, 1, 1], F.shape[:2] + (2,)), a0a1))  # (B, N, 4)
    sylvester = np.zeros(F.shape[:2] + (5, 5), dtype=complex)
    for r in range(3):
        sylvester[..., r, r:r + 3] = F[..., ::-1]
    for r in range(2):
        sylvester[..., 3 + r, r:r + 4] = G[..., ::-1]
    coefficients = np.fft.fft(np.linalg.det(sylvester), axis=1) / count
    magnitude = np.max(np.abs(coefficients), axis=1)
    noise = np.max(np.abs(coefficients[:, 14:]), axis=1) + np.max(np.abs(coefficients.imag), axis=1)
    bases = [p0 + p1 if _harmless_base(C, b, p0, 1) and _harmless_base(C, b, p1, 0) else None
             for b, (p0, p1) in enumerate(zip(_base_points(A0, B0), _base_points(A1, B1)))]
    ok = np.array([p is not None for p in bases], dtype=bool) & (magnitude > 1e-12) & (noise <= 1e-9 * np.maximum(magnitude, 1e-300))
    group.hand_back(out, np.flatnonzero(~ok))
    for b in np.flatnonzero(ok):
        roots = _real_roots(coefficients[b, :14].real / magnitude[b])
        if roots is None:
            group.hand_back(out, [b])
            continue
        found, doubt = [], False
        for t in roots:
            point = _four_back_substitute(A0[b], B0[b], A1[b], B1[b], C, b, t, bases[b])
            if point is None:
                continue
            if point is False:
                doubt = True
                break
            found.append(point)
        if doubt:
            group.hand_back(out, [b])
            continue
        for q in found:
            group.emit(out, b, {r: np.array([1 - q[r], q[r]]) for r in range(4)})


def _base_points(A, B):
    """Per profile, the common zeros ``(q2, q3)`` in range of the bilinear forms ``A, B``; None for a common factor."""
    # Writing both as linear in q2, a common zero solves the 2x2 determinant, a quadratic in q3.
    K0 = np.stack([A[:, :, 0], B[:, :, 0]], axis=1)  # (B, 2 forms, 2 powers of q2), constant in q3
    K1 = np.stack([A[:, :, 1], B[:, :, 1]], axis=1)  # the q3 parts
    quadratic = np.stack([
        K0[:, 0, 0] * K0[:, 1, 1] - K0[:, 0, 1] * K0[:, 1, 0],
        K0[:, 0, 0] * K1[:, 1, 1] + K1[:, 0, 0] * K0[:, 1, 1] - K0[:, 0, 1] * K1[:, 1, 0] - K1[:, 0, 1] * K0[:, 1, 0],
        K1[:, 0, 0] * K1[:, 1, 1] - K1[:, 0, 1] * K1[:, 1, 0]], axis=1)
    scale = np.maximum(np.max(np.abs(A), axis=(1, 2)) * np.max(np.abs(B), axis=(1, 2)), 1e-300)
    out = []
    for b in range(len(A)):
        c = quadratic[b] / scale[b]
        if np.max(np.abs(c)) <= 1e-9:
            out.append(None)  # a common factor: a curve of base points
            continue
        c = c[:np.flatnonzero(np.abs(c) > 1e-12)[-1] + 1]
        points = []
        for t in (np.roots(c[::-1]) if len(c) > 1 else []):
            if abs(t.imag) > 1e-3 or not -1e-3 <= t.real <= 1 + 1e-3:
                continue
            rows = K0[b] + K1[b] * t.real  # the two forms as linear in q2 at q3 = t
            pivot = np.argmax(np.abs(rows).sum(axis=1))
            if abs(rows[pivot, 1]) <= 1e-9 * scale[b] ** 0.5:
                points = None  # both constant in q2 here: a line of base points
                break
            q2 = -rows[pivot, 0] / rows[pivot, 1]
            if -1e-3 <= q2 <= 1 + 1e-3:
                points.append((q2, t.real))
        out.append(points)
    return out


def _harmless_base(C, b, points, free):
    """Whether no solution lies over the base points ``points`` where role ``free`` (0 or 1) is undetermined.

    There the other of roles 0 and 1 is fixed by its own equation, and roles
    2 and 3's equations are two linear equations in the free probability:
    generically inconsistent.
    """
    if points is None:
        return False
    for q2, q3 in points:
        # Role `free`'s own equation is linear in role `fixed`'s probability (axes q_fixed, q2, q3) and fixes it.
        form = C[free][b]
        tp2, tp3 = np.array([1.0, q2]), np.array([1.0, q3])
        a, slope = tp2 @ form[0] @ tp3, tp2 @ form[1] @ tp3
        if abs(slope) <= 1e-9 * max(abs(a), abs(slope), 1e-300):
            return False
        q_fixed = -a / slope
        x_fixed = np.array([1.0, q_fixed])
        lines = []
        for r, last in ((2, tp3), (3, tp2)):
            # Role r's equation over (q0, q1, q_last); put the free role's axis first.
            form = C[r][b] if free == 0 else np.swapaxes(C[r][b], 0, 1)
            lines.append(np.einsum("uvw,v,w->u", form, x_fixed, last))
        (a2, s2), (a3, s3) = lines
        if abs(a2 * s3 - s2 * a3) <= 1e-6 * max((abs(a2) + abs(s2)) * (abs(a3) + abs(s3)), 1e-300):
            return False
    return True


def _real_roots(c):
    """Real roots in range of one polynomial (low to high), or None when one is too near the real line to tell."""
    c = np.where(np.abs(c) <= 1e-13, 0.0, c)
    nonzero = np.flatnonzero(c)
    c = c[:nonzero[-1] + 1]
    if len(c) <= 1:
        return []
    if abs(c[-1]) <= 1e-8:
        return None  # a nearly vanishing leading coefficient: roots near infinity blur the rest
    roots = np.roots(c[::-1])
    in_range = (roots.real >= -_SLACK) & (roots.real <= 1 + _SLACK)
    relative = np.abs(roots.imag) / np.maximum(1.0, np.abs(roots))
    if np.any(in_range & (relative > _REAL) & (relative <= _NEAR_REAL)):
        return None
    roots = roots[in_range & (relative <= _REAL)].real
    # Polish on the polynomial itself.
    derivative = np.polynomial.polynomial.polyder(c)
    for _ in range(2):
        value = np.polynomial.polynomial.polyval(roots, c)
        slope = np.polynomial.polynomial.polyval(roots, derivative)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = value / slope
        roots = roots - np.where(np.abs(step) < 1e-6, step, 0.0)
    return list(roots)


def _four_back_substitute(A0, B0, A1, B1, C, b, t, bases):
    """The solution over ``q3 = t``: ``[q0, q1, q2, q3]``, None when none is in range, False when in doubt.

    ``bases`` lists the base points ``(q2, q3)`` in range, known to hold no
    solution: roots there are skipped. A few numbers per root, so on Python floats.
    """
    def linear(M):  # a bilinear form in (q2, q3) at q3 = t, as [constant, slope] in q2
        return [M[0][0] + M[0][1] * t, M[1][0] + M[1][1] * t]

    def times(p, q):
        out = [0.0] * (len(p) + len(q) - 1)
        for i, x in enumerate(p):
            for j, y in enumerate(q):
                out[i + j] += x * y
        return out

    def value(p, x):
        v = 0.0
        for c in reversed(p):
            v = v * x + c
        return v

    a0, b0, a1, b1 = (linear(M.tolist()) for M in (A0, B0, A1, B1))
    c2 = (C[2][b][..., 0] + C[2][b][..., 1] * t).tolist()  # (2, 2): q0^u q1^v
    c3 = C[3][b].tolist()  # q0^u q1^v q2^w
    b0b1, a1b0, a0b1, a0a1 = times(b0, b1), times(a1, b0), times(a0, b1), times(a0, a1)
    F = [c2[0][0] * w - c2[1][0] * x - c2[0][1] * y + c2[1][1] * z for w, x, y, z in zip(b0b1, a1b0, a0b1, a0a1)]
    G = [sum(v) for v in zip(times(c3[0][0], b0b1), [-v for v in times(c3[1][0], a1b0)],
                             [-v for v in times(c3[0][1], a0b1)], times(c3[1][1], a0a1))]
    size = max(abs(v) for v in F)
    if not size > 1e-12 * max(max(abs(v) for v in G), 1e-300) or not size > 1e-300:
        return False  # F vanishes along q3 = t: a line of common roots, possibly
    F = [v / size for v in F]
    roots = _quadratic_roots(F)
    if roots is None:
        return False
    scale_g = max(sum(abs(v) for v in G), 1e-300)
    scale0 = max(sum(abs(v) for v in b0), sum(abs(v) for v in a0), 1e-300)
    scale1 = max(sum(abs(v) for v in b1), sum(abs(v) for v in a1), 1e-300)
    points = []
    for q2 in roots:
        residual = abs(value(G, q2)) / scale_g
        if residual > 1e-3 or any(abs(q2 - p) <= 1e-5 and abs(t - r) <= 1e-5 for p, r in bases):
            continue
        d0, d1 = value(b0, q2), value(b1, q2)
        if abs(d0) <= 1e-9 * scale0 or abs(d1) <= 1e-9 * scale1:
            continue  # a base point (checked to hold no solution) or q0, q1 at infinity
        q = _newton_binary(C, b, np.array([-value(a1, q2) / d1, -value(a0, q2) / d0, q2, t]))
        if q is None:
            if residual <= 1e-6:
                return False
            continue
        if np.all(q >= _NEGATIVE) and np.all(q <= 1 - _NEGATIVE):
            points.append(q)
    if len(points) > 1:
        return False  # two solutions over one q3: not in general position here
    return points[0] if points else None


def _quadratic_roots(c):
    """Real roots in range of ``c[0] + c[1] x + c[2] x^2`` (largest coefficient 1), or None when in doubt."""
    c0, c1, c2 = c
    if abs(c2) <= 1e-9:
        if abs(c1) <= 1e-9:
            return None
        roots = [-c0 / c1]
    else:
        disc = c1 * c1 - 4 * c2 * c0
        if disc < 0:
            centre, spread = -c1 / (2 * c2), (-disc) ** 0.5 / (2 * abs(c2))
            relative = spread / max(1.0, (centre * centre + spread * spread) ** 0.5)
            if not -_SLACK <= centre <= 1 + _SLACK or relative > _NEAR_REAL:
                return []
            if relative > _REAL:
                return None
            roots = [centre]
        else:
            big = -(c1 + (disc ** 0.5 if c1 >= 0 else -disc ** 0.5)) / 2
            roots = [big / c2, c0 / big] if big != 0 else [-c1 / (2 * c2)]
    return [r for r in roots if -_SLACK <= r <= 1 + _SLACK]


def _newton_binary(C, b, q, steps: int = 8):
    """Newton's method on the four multilinear equations; None unless the residual falls below the tolerance."""
    forms = [C[r][b] for r in range(4)]
    for _ in range(steps + 1):
        residual, jacobian = np.zeros(4), np.zeros((4, 4))
        for r in range(4):
            others = [l for l in range(4) if l != r]
            # The form contracted with (1, q) on two of its axes leaves a linear function of the third.
            x = [np.array([1.0, q[l]]) for l in others]
            form = forms[r]
            along = [np.einsum("uvw,v,w->u", form, x[1], x[2]), np.einsum("uvw,u,w->v", form, x[0], x[2]),
                     np.einsum("uvw,u,v->w", form, x[0], x[1])]
            residual[r] = along[0] @ x[0]
            for n, l in enumerate(others):
                jacobian[r, l] = along[n][1]
        if np.max(np.abs(residual)) <= 1e-13:
            return q
        try:
            q = q - np.linalg.solve(jacobian, residual)
        except np.linalg.LinAlgError:
            return None
    return q if np.max(np.abs(residual)) <= _RESIDUAL else None


# ----------------------------------------------------------------- helpers
def _univariate_roots(coefficients, degree, group, out):
    """Real roots in range of one polynomial per profile (real ``coefficients``, low to high).

    Returns ``(rows, roots)`` (profile index and real part of each root in
    range) after handing back the profiles whose polynomial is doubtful: a
    vanishing polynomial or leading coefficient (so possibly a curve of
    solutions, or a root at infinity), or a complex root too near the real
    line to dismiss.
    """
    magnitude = np.max(np.abs(coefficients), axis=1)
    c = coefficients / np.where(magnitude > 0, magnitude, 1.0)[:, None]
    ok = (np.abs(c[:, -1]) > 1e-6) & (magnitude > 1e-12)
    back = np.flatnonzero(~ok)
    rows_ok = np.flatnonzero(ok)
    rows, values = np.zeros(0, dtype=int), np.zeros(0)
    if len(rows_ok):
        companion = np.zeros((len(rows_ok), degree, degree))
        companion[:, 1:, :-1] = np.eye(degree - 1)
        companion[:, :, -1] = -c[rows_ok, :-1] / c[rows_ok, -1:]
        roots = np.linalg.eigvals(companion)  # (R, degree)
        in_range = (roots.real >= -_SLACK) & (roots.real <= 1 + _SLACK)
        relative = np.abs(roots.imag) / np.maximum(1.0, np.abs(roots))
        doubtful = np.any(in_range & (relative > _REAL) & (relative <= _NEAR_REAL), axis=1)
        back = np.concatenate([back, rows_ok[doubtful]])
        r, column = np.nonzero(in_range & (relative <= _REAL) & ~doubtful[:, None])
        rows, values = rows_ok[r], roots[r, column].real
    group.hand_back(out, back)
    return rows, values


def _polish(coefficients, roots, steps: int = 2):
    """Newton steps on each candidate's own polynomial (coefficients low to high, one row per root)."""
    derivative = coefficients[:, 1:] * np.arange(1, coefficients.shape[1])
    for _ in range(steps):
        value = _horner(coefficients, roots)
        slope = _horner(derivative, roots)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = value / slope
        roots = roots - np.where(np.abs(step) < 1e-6, step, 0.0)
    return roots


def _horner(coefficients, x):
    value = np.zeros_like(x)
    for column in range(coefficients.shape[1] - 1, -1, -1):
        value = value * x + coefficients[:, column]
    return value


def _finish(group, out, rows, regular, mixed, checks, feasible=None):
    """Emit candidates in range whose full system's residual vanishes; hand back the profiles of the others.

    ``rows`` gives each candidate's profile, ``mixed`` the mixers' strategies
    by role; ``checks`` lists ``(E, x, y)``: equations ``E (C, d, s, t)``
    contracted with strategies ``x (C, s)`` and ``y (C, t)`` must vanish.
    """
    in_range = regular.copy() if feasible is None else regular & feasible
    with np.errstate(invalid="ignore"):
        for vector in mixed.values():
            in_range &= np.all(vector >= _NEGATIVE, axis=1)
        residual = np.zeros(len(rows))
        for E, x, y in checks:
            residual = np.maximum(residual, np.max(np.abs(np.einsum("cdst,cs,ct->cd", E, x, y)), axis=1))
    bad = in_range & ~(residual <= _RESIDUAL)
    back = set(rows[~regular | bad].tolist())
    for c in np.flatnonzero(in_range & ~bad):
        if rows[c] not in back:
            group.emit(out, rows[c], {role: vector[c] for role, vector in mixed.items()})
    group.hand_back(out, sorted(back))


def _deviation_table(payoffs, profiles):
    """The profiles' strategies laid end to end, ``(C, sum m_p)``, and each player's payoff from each own action
    against the others' strategies in the same layout.

    All players and profiles at once, as in :func:`~gametheory.equilibrium.certify_float`: at each
    pure profile the product of the other players' probabilities (a gather and a product over the
    layout of the game's shape) times the payoff, summed by the player's own action (one ``bincount``
    over all profiles, each profile's bins offset by its index).
    """
    n = len(payoffs)
    shape = payoffs[0].shape
    total = sum(shape)
    index, target = _deviation_layout(shape)
    count = len(profiles)
    flat = np.ones((count, total + 1))
    flat[:, :total] = [np.concatenate(c) for c in profiles]
    weights = flat[:, index].prod(axis=2) * np.stack(payoffs).reshape(n, -1)
    bins = (target + (total * np.arange(count))[:, None]).ravel()
    values = np.bincount(bins, weights=weights.ravel(), minlength=count * total).reshape(count, total)
    return flat[:, :total], values


def _deviation_values(payoffs, profiles):
    """Each player's payoff from each own action against the others' strategies: ``[(C, m_p)]`` per player."""
    flat, values = _deviation_table(payoffs, profiles)
    ends = np.cumsum(payoffs[0].shape).tolist()
    starts = [0] + ends[:-1]
    return ([flat[:, a:b] for a, b in zip(starts, ends)], [values[:, a:b] for a, b in zip(starts, ends)])


def screen(payoffs, candidates, slack: float) -> list:
    """The candidate profiles whose every player's regret is at most ``slack`` (float payoffs as given).

    A cheap batched filter before :func:`~gametheory.equilibrium.certify`,
    which makes the binding check: ``slack`` is set looser than the
    certificate's tolerance so that nothing certify would accept is dropped.
    """
    if not candidates:
        return []
    stacks, values = _deviation_values(payoffs, candidates)
    ok = np.ones(len(candidates), dtype=bool)
    for own, value in zip(stacks, values):
        ok &= np.max(value, axis=1) - np.einsum("za,za->z", value, own) <= slack
    return [c for c, keep in zip(candidates, ok) if keep]


def best_response_counts(payoffs, profiles, slack: float) -> np.ndarray:
    """``(E, n)``: how many actions of each player are within ``slack`` of a best response at each profile."""
    shape = payoffs[0].shape
    _, values = _deviation_table(payoffs, profiles)
    starts = np.cumsum((0,) + shape[:-1])
    best = np.repeat(np.maximum.reduceat(values, starts, axis=1), shape, axis=1)
    return np.add.reduceat((values >= best - slack).astype(np.intp), starts, axis=1)
