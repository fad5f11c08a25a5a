"""Rest points of the replicator dynamics, their stability, and evolutionarily stable strategies.

Rest points
-----------
A state is at rest under the replicator dynamics exactly when every action in
use earns the same payoff. For each support ``S`` (one population) or pair of
supports ``(S, T)`` (two populations) the shares on the support solve a square
linear system (equal payoffs on the support, shares summing to one); a unique
solution with positive shares is a rest point. Exact games are solved in
rational arithmetic, so rest points are exact fractions. When a system is
singular and still has positive solutions, the rest points form a continuum:
its extreme points lie on smaller supports and are listed, and the result is
flagged ``continuum=True``.

Stability
---------
The Jacobian is taken in the ``k - 1`` coordinates of each simplex (the last
share is one minus the others), so it has no eigenvalue that only reflects the
constraint. In exact mode its characteristic polynomial is exact and the
numbers of eigenvalues with negative, zero and positive real part (the
*signature*) are decided exactly: roots on the imaginary axis are counted as
real roots of ``p(i w)`` after splitting off the pairs ``(l, -l)`` through
``gcd(p(l), p(-l))``, and every other root's sign is decided on rigorous
isolating intervals (sympy's ``CRootOf``). A rest point is

* *asymptotically stable* when every eigenvalue has negative real part, or
  when it is an ESS (an ESS is asymptotically stable under the one-population
  replicator dynamics even where the linearisation is not hyperbolic; Taylor
  and Jonker 1978, Hofbauer, Schuster and Sigmund 1979);
* *unstable* when some eigenvalue has positive real part;
* *non-hyperbolic* otherwise: eigenvalues on the imaginary axis, where the
  linearisation decides nothing (Rock-Paper-Scissors' centre).

Evolutionarily stable strategies
--------------------------------
``x`` is an ESS of the symmetric game ``A`` (Maynard Smith and Price 1973)
when it is a Nash equilibrium and every alternative best reply ``y != x``
does worse against itself than ``x`` does: ``x . A y > y . A y``. With ``B``
the pure best replies to ``x`` and ``S`` its support, ``y - x = z`` ranges
over the cone ``{z : z = 0 off B, sum z = 0, z_j >= 0 on B \\ S}`` and the
condition is ``z . A z < 0`` on that cone minus the origin (Haigh 1975;
Bomze and Weibull 1995). It is decided in two exact steps: the quadratic form
must be negative definite on the directions inside the support (leading
principal minors), and its maximum over the support directions, a quadratic
form in the shares moved onto ``B \\ S`` (a Schur complement), must be
negative on the non-negative orthant (strict copositivity, decided by the
minimum over the simplex found from the KKT system on every face). Each ESS
carries this data as its certificate. In two-population (role) games the
evolutionarily stable states are exactly the strict Nash equilibria (Selten
1980); their certificate is the smallest payoff gap to a non-best reply.

References
----------
Maynard Smith, J., and G. R. Price. 1973. "The Logic of Animal Conflict." Nature 246: 15-18.
Haigh, J. 1975. "Game Theory and Evolution." Advances in Applied Probability 7: 8-11.
Taylor, P. D., and L. B. Jonker. 1978. Mathematical Biosciences 40: 145-156.
Hofbauer, J., P. Schuster, and K. Sigmund. 1979. "A Note on Evolutionary Stable Strategies and Game
Dynamics." Journal of Theoretical Biology 81: 609-612.
Selten, R. 1980. "A Note on Evolutionarily Stable Strategies in Asymmetric Animal Conflicts."
Journal of Theoretical Biology 84: 93-101.
Bomze, I. M., and J. W. Weibull. 1995. "Does Neutral Stability Imply Lyapunov Stability?"
Games and Economic Behavior 11: 173-192.
Hofbauer, J., and K. Sigmund. 1998. Evolutionary Games and Population Dynamics. Cambridge
University Press, ch. 6-7 and 10.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..numerics import DEFAULT_TOL, format_value
from ._common import one_population, population_count, solve_exact, solve_float, subsets, two_populations

__all__ = [
    "RestPoint",
    "RestPoints",
    "ESSCertificate",
    "rest_points",
    "jacobian",
    "ess_certificate",
    "evolutionarily_stable_strategies",
    "characteristic_polynomial",
    "eigenvalue_signature",
]


@dataclass(frozen=True, eq=False)
class ESSCertificate:
    """The data that proves a state evolutionarily stable.

    Attributes
    ----------
    kind : str
        ``"strict Nash"`` (every other action earns strictly less; for two
        populations the only kind) or ``"second order"`` (a Nash equilibrium
        whose alternative best replies all do worse against themselves).
    best_replies : tuple of tuple of int
        The pure best replies to the state, per population.
    payoff_gap : number or None
        Smallest payoff shortfall of an action that is not a best reply
        (positive), or ``None`` when every action is a best reply.
    support_form : ndarray
        ``E^T A E`` for the directions ``e_i - e_last`` inside the support: a
        negative definite matrix (empty for a pure state).
    support_minors : tuple
        Leading principal minors of ``-support_form``: all positive.
    outside_form : ndarray
        The quadratic form, in the shares moved onto best replies outside
        the support, of the largest ``z . A z`` over the support directions
        (empty when every best reply is in the support).
    copositivity_minimum : number or None
        Minimum of ``-w . outside_form . w`` over the simplex of such shares:
        positive (``None`` when ``outside_form`` is empty).
    copositivity_argmin : ndarray or None
        Where that minimum is attained.
    """

    kind: str
    best_replies: tuple
    payoff_gap: object
    support_form: np.ndarray
    support_minors: tuple
    outside_form: np.ndarray
    copositivity_minimum: object
    copositivity_argmin: object

    def describe(self) -> str:
        if self.kind == "strict Nash":
            return f"strict Nash equilibrium: every other action earns at least {format_value(self.payoff_gap)} less"
        text = "Nash equilibrium; z.Az < 0 for every move z towards an alternative best reply"
        if self.support_minors:
            text += " (negative definite inside the support: minors " + ", ".join(format_value(m) for m in self.support_minors) + ")"
        if self.copositivity_minimum is not None:
            text += f"; towards best replies outside the support the form is at most -{format_value(self.copositivity_minimum)}"
        return text


@dataclass(frozen=True, eq=False)
class RestPoint:
    """A rest point of the replicator dynamics with its stability.

    Attributes
    ----------
    state : tuple of ndarray
        Shares of each population (Fractions in exact mode).
    supports : tuple of tuple of int
        Actions in use in each population.
    payoffs : tuple
        Average payoff in each population.
    regrets : tuple
        Each population's best deviation gain: 0 at a Nash equilibrium
        (exactly in exact mode), positive at a rest point an unused action
        could invade.
    jacobian : ndarray
        The Jacobian in the reduced coordinates (the last share of each
        population dropped), Fractions in exact mode.
    characteristic_polynomial : tuple
        Coefficients of ``det(l I - J)``, highest degree first.
    eigenvalues : ndarray of complex
        The eigenvalues (floating point, for display).
    signature : tuple of int
        ``(negative, zero, positive)``: how many eigenvalues have negative,
        zero and positive real part, exact in exact mode.
    stability : str
        ``"asymptotically stable"``, ``"unstable"`` or ``"non-hyperbolic"``.
    reason : str
        Why (the eigenvalues, or the ESS certificate).
    ess : ESSCertificate or None
        The certificate when the state is evolutionarily stable.
    """

    game: object
    state: tuple
    supports: tuple
    payoffs: tuple
    regrets: tuple
    jacobian: np.ndarray
    characteristic_polynomial: tuple
    eigenvalues: np.ndarray
    signature: tuple
    stability: str
    reason: str
    ess: ESSCertificate | None
    tol: float

    @property
    def is_nash(self) -> bool:
        if self.tol == 0:
            return all(r == 0 for r in self.regrets)
        return all(float(r) <= self.tol for r in self.regrets)

    @property
    def is_ess(self) -> bool:
        return self.ess is not None

    @property
    def is_stable(self) -> bool:
        return self.stability == "asymptotically stable"

    @property
    def is_interior(self) -> bool:
        return all(len(s) == len(x) for s, x in zip(self.supports, self.state))

    def as_float(self) -> tuple:
        return tuple(np.asarray(x, dtype=float) for x in self.state)

    def describe(self) -> str:
        """The state in the game's words, e.g. ``"1/2 Hawk + 1/2 Dove"``."""
        game = self.game
        parts = []
        for p, x in enumerate(self.state):
            support = self.supports[p]
            terms = [game.actions[p][a] if len(support) == 1 else f"{format_value(x[a])} {game.actions[p][a]}"
                     for a in support]
            text = " + ".join(terms)
            parts.append(text if len(self.state) == 1 else f"{game.players[p]}: {text}")
        return "; ".join(parts)


@dataclass(frozen=True, eq=False)
class RestPoints:
    """Every rest point of the replicator dynamics of a game.

    Attributes
    ----------
    points : tuple of RestPoint
        Isolated rest points, and the extreme points of any continuum.
    populations : int
        1 (symmetric game, one population) or 2.
    continuum : bool
        True when some support carries a continuum of rest points.
    exact : bool
        True when computed in rational arithmetic.
    """

    game: object
    points: tuple
    populations: int
    continuum: bool
    exact: bool

    def __iter__(self):
        return iter(self.points)

    def __len__(self) -> int:
        return len(self.points)

    def __getitem__(self, index):
        return self.points[index]

    @property
    def stable(self) -> tuple:
        return tuple(p for p in self.points if p.is_stable)

    @property
    def ess(self) -> tuple:
        return tuple(p for p in self.points if p.is_ess)


# --------------------------------------------------------------- arithmetic
def _zero(exact: bool):
    return Fraction(0) if exact else 0.0


def _positive(value, exact: bool, tol: float) -> bool:
    return value > 0 if exact else value > tol


def _dot(u, v):
    total = 0
    for a, b in zip(u, v):
        total = total + a * b
    return total


# --------------------------------------------------------------- the systems
def _equal_payoff_side(M, rows, cols, exact: bool, tol: float):
    """Shares ``v`` on ``cols`` making ``(M v)_i`` equal for ``i in rows``; returns (v, kind)."""
    n_cols = len(cols)
    matrix = [[M[i][j] for j in cols] + [-1] for i in rows]
    matrix.append([1] * n_cols + [0])
    rhs = [0] * len(rows) + [1]
    if exact:
        matrix = [[Fraction(v) for v in row] for row in matrix]
        solution, kind = solve_exact(matrix, [Fraction(v) for v in rhs])
    else:
        solution, kind = solve_float(np.array(matrix, dtype=float), np.array(rhs, dtype=float), tol)
    if kind == "unique":
        shares = solution[:n_cols]
        if all(_positive(v, exact, tol) for v in shares):
            return list(shares), "unique"
        return None, "none"
    if kind == "many":
        return None, "many" if _positive_solution_exists(matrix, rhs, n_cols) else "none"
    return None, "none"


def _positive_solution_exists(matrix, rhs, n_positive: int) -> bool:
    """Does ``matrix v = rhs`` have a solution with its first ``n_positive`` entries positive? (an LP)."""
    from scipy.optimize import linprog

    M = np.array(matrix, dtype=float)
    b = np.array(rhs, dtype=float)
    n = M.shape[1]
    # variables (v, t): maximise t subject to M v = b, v_i >= t (i < n_positive), t <= 1.
    cost = np.zeros(n + 1)
    cost[-1] = -1.0
    A_eq = np.hstack([M, np.zeros((M.shape[0], 1))])
    A_ub = np.zeros((n_positive, n + 1))
    for i in range(n_positive):
        A_ub[i, i] = -1.0
        A_ub[i, -1] = 1.0
    bounds = [(None, None)] * n + [(None, 1.0)]
    result = linprog(cost, A_ub=A_ub, b_ub=np.zeros(n_positive), A_eq=A_eq, b_eq=b, bounds=bounds, method="highs")
    return bool(result.status == 0 and -result.fun > 1e-9)


# ---------------------------------------------------------------- jacobians
def _reduced(J, blocks):
    """``P J Q``: drop each population's last share (rows), replacing it by minus the others (columns)."""
    size = len(J)
    starts = np.cumsum([0] + list(blocks))
    last = {int(starts[p + 1] - 1) for p in range(len(blocks))}
    keep = [i for i in range(size) if i not in last]
    owner_last = {}
    for p in range(len(blocks)):
        for i in range(int(starts[p]), int(starts[p + 1])):
            owner_last[i] = int(starts[p + 1] - 1)
    return [[J[a][b] - J[a][owner_last[b]] for b in keep] for a in keep]


def _jacobian_one(A, x):
    k = len(x)
    f = [_dot(A[i], x) for i in range(k)]
    g = [_dot([A[j][i] for j in range(k)], x) for i in range(k)]
    phi = _dot(x, f)
    J = [[(f[i] - phi if i == j else 0) + x[i] * (A[i][j] - f[j] - g[j]) for j in range(k)] for i in range(k)]
    return _reduced(J, [k])


def _jacobian_two(A, B, x, y):
    m, n = len(x), len(y)
    fx = [_dot(A[i], y) for i in range(m)]  # (A y)_i
    xa = [_dot([A[i][l] for i in range(m)], x) for l in range(n)]  # (x A)_l
    fy = [_dot([B[i][j] for i in range(m)], x) for j in range(n)]  # (x B)_j
    by = [_dot(B[l], y) for l in range(m)]  # (B y)_l
    ax, ay = _dot(x, fx), _dot(y, fy)
    J = [[0] * (m + n) for _ in range(m + n)]
    for i in range(m):
        for l in range(m):
            J[i][l] = (fx[i] - ax if i == l else 0) - x[i] * fx[l]
        for l in range(n):
            J[i][m + l] = x[i] * (A[i][l] - xa[l])
    for j in range(n):
        for l in range(n):
            J[m + j][m + l] = (fy[j] - ay if j == l else 0) - y[j] * fy[l]
        for l in range(m):
            J[m + j][l] = y[j] * (B[l][j] - by[l])
    return _reduced(J, [m, n])


def characteristic_polynomial(matrix) -> tuple:
    """Coefficients of ``det(l I - M)``, highest first, by the Faddeev-LeVerrier recursion.

    Exact for Fraction matrices.

    Examples
    --------
    >>> from fractions import Fraction
    >>> characteristic_polynomial([[Fraction(0), Fraction(1)], [Fraction(-1), Fraction(0)]])
    (Fraction(1, 1), Fraction(0, 1), Fraction(1, 1))
    """
    M = [list(row) for row in matrix]
    n = len(M)
    exact = all(isinstance(v, (int, Fraction)) for row in M for v in row)
    one = Fraction(1) if exact else 1.0
    zero = Fraction(0) if exact else 0.0
    coefficients = [one]
    previous = [[zero] * n for _ in range(n)]
    for k in range(1, n + 1):
        # N_k = M N_{k-1} + c_{k-1} I ; c_k = -tr(M N_k) / k
        current = [[sum((M[i][l] * previous[l][j] for l in range(n)), zero) + (coefficients[-1] if i == j else zero)
                    for j in range(n)] for i in range(n)]
        trace = sum((sum((M[i][l] * current[l][i] for l in range(n)), zero) for i in range(n)), zero)
        coefficients.append(-trace / k)
        previous = current
    return tuple(coefficients)


def eigenvalue_signature(coefficients, *, tol: float | None = None) -> tuple[int, int, int]:
    """``(negative, zero, positive)`` counts of the real parts of the roots of a polynomial.

    Exact (sympy, imported here) for rational coefficients; for floats the
    roots are computed numerically and real parts within ``tol`` of zero
    count as zero.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> eigenvalue_signature((F(1), F(0), F(1, 3)))   # l**2 + 1/3: a centre
    (0, 2, 0)
    >>> eigenvalue_signature((F(1), F(1), F(-2)))     # (l + 2)(l - 1): a saddle
    (1, 0, 1)
    """
    coefficients = list(coefficients)
    degree = len(coefficients) - 1
    if degree <= 0:
        return (0, 0, 0)
    if not all(isinstance(c, (int, Fraction)) for c in coefficients):
        roots = np.roots(np.asarray(coefficients, dtype=float))
        slack = DEFAULT_TOL if tol is None else tol
        real = roots.real
        return (int(np.sum(real < -slack)), int(np.sum(np.abs(real) <= slack)), int(np.sum(real > slack)))
    import sympy

    lam = sympy.Symbol("lambda")
    p = sympy.Poly([sympy.Rational(c.numerator, c.denominator) if isinstance(c, Fraction) else sympy.Integer(c)
                    for c in coefficients], lam, domain="QQ")
    p_minus = sympy.Poly(p.as_expr().subs(lam, -lam), lam, domain="QQ")
    h = sympy.gcd(p, p_minus)
    r = sympy.quo(p, h)
    negative = zero = positive = 0
    if h.degree() > 0:
        # h(-l) = +-h(l): h(i w) is (i times) the real polynomial below; its real roots are the imaginary-axis roots.
        w = sympy.Symbol("w")
        terms = h.all_coeffs()[::-1]  # by ascending degree
        g = sympy.Poly(sum(c * (-1) ** (d // 2) * w**d for d, c in enumerate(terms) if c != 0), w, domain="QQ")
        on_axis = len(g.real_roots()) if g.degree() > 0 else 0
        zero += on_axis
        rest = h.degree() - on_axis
        negative += rest // 2
        positive += rest // 2
    if r.degree() > 0:
        left, right = _half_plane_counts(r)
        negative += left
        positive += right
    return (negative, zero, positive)


def _half_plane_counts(r) -> tuple[int, int]:
    """Roots of ``r`` (none on the imaginary axis) left and right of it, from rigorous isolating boxes."""
    import sympy

    left = right = 0
    _, factors = r.sqf_list()
    for factor, multiplicity in factors:
        if factor.degree() == 0:
            continue
        eps = sympy.Rational(1, 10**3)
        for _ in range(20):
            reals, boxes = factor.intervals(all=True, eps=eps)
            spans = [(a, b) for (a, b), _ in reals] + [
                (min(sympy.re(lo), sympy.re(hi)), max(sympy.re(lo), sympy.re(hi))) for (lo, hi), _ in boxes]
            if all(low > 0 or high < 0 for low, high in spans):
                break
            eps = eps / 10**3  # a box still straddles the axis: refine
        else:  # pragma: no cover - the roots are off the axis, so refinement ends
            raise ArithmeticError(f"could not separate the roots of {factor.as_expr()} from the imaginary axis")
        right += multiplicity * sum(1 for low, _ in spans if low > 0)
        left += multiplicity * sum(1 for _, high in spans if high < 0)
    return left, right


# ------------------------------------------------------------------- ESS
def _leading_minors(matrix, exact: bool) -> list:
    n = len(matrix)
    minors = []
    for size in range(1, n + 1):
        sub = [row[:size] for row in matrix[:size]]
        if exact:
            minors.append(_det_exact(sub))
        else:
            minors.append(float(np.linalg.det(np.array(sub, dtype=float))))
    return minors


def _det_exact(matrix) -> Fraction:
    rows = [list(r) for r in matrix]
    n = len(rows)
    det = Fraction(1)
    for c in range(n):
        pivot = next((i for i in range(c, n) if rows[i][c] != 0), None)
        if pivot is None:
            return Fraction(0)
        if pivot != c:
            rows[c], rows[pivot] = rows[pivot], rows[c]
            det = -det
        det *= rows[c][c]
        for i in range(c + 1, n):
            factor = rows[i][c] / rows[c][c]
            if factor:
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[c])]
    return det


def _simplex_minimum(P, exact: bool, tol: float):
    """Minimum of ``w . P w`` over the simplex (``P`` symmetric) from the KKT system on every face."""
    n = len(P)
    best, argmin = None, None
    for face in subsets(n):
        matrix = [[P[i][j] for j in face] + [-1] for i in face] + [[1] * len(face) + [0]]
        rhs = [0] * len(face) + [1]
        if exact:
            solution, kind = solve_exact([[Fraction(v) for v in row] for row in matrix], [Fraction(v) for v in rhs])
        else:
            solution, kind = solve_float(np.array(matrix, dtype=float), np.array(rhs, dtype=float), tol)
        if kind != "unique":
            continue  # a singular face reaches its value on a smaller face too
        shares = solution[: len(face)]
        if not all(_positive(v, exact, tol) for v in shares):
            continue
        value = solution[-1]
        if best is None or value < best:
            w = [_zero(exact)] * n
            for a, v in zip(face, shares):
                w[a] = v
            best, argmin = value, w
    return best, argmin


def ess_certificate(game, state, *, tol: float | None = None):
    """Decide whether ``state`` is an evolutionarily stable strategy of a symmetric game.

    Parameters
    ----------
    game : NormalFormGame or array_like
        A symmetric game or its square payoff matrix.
    state : array_like
        A mixed strategy (Fractions for the exact test on an exact game).
    tol : float, optional
        Payoff tolerance in float mode (scaled by the payoff size).

    Returns
    -------
    (bool, ESSCertificate or str)
        ``(True, certificate)`` for an ESS, else ``(False, reason)`` naming
        the failed condition and an invading alternative.

    Examples
    --------
    >>> ok, certificate = ess_certificate([[-1, 2], [0, 1]], [Fraction(1, 2), Fraction(1, 2)])
    >>> ok, certificate.kind, certificate.support_minors
    (True, 'second order', (Fraction(2, 1),))
    """
    game, A = one_population(game)
    k = A.shape[0]
    values = list(np.asarray(state, dtype=object).ravel())
    exact = game.is_exact and all(isinstance(v, (int, Fraction)) for v in values)
    if exact:
        x = [Fraction(v) for v in values]
        A = [[Fraction(v) for v in row] for row in A]
        slack = 0.0
    else:
        x = [float(v) for v in values]
        A = np.asarray(A, dtype=float).tolist()
        slack = game.tolerance(tol)
    if len(x) != k:
        raise ValueError(f"state has {len(x)} shares, expected {k} (one per action)")
    return _ess(A, x, exact, slack, game.actions[0])


def _ess(A, x, exact: bool, slack: float, labels):
    k = len(x)
    f = [_dot(A[i], x) for i in range(k)]
    phi = _dot(x, f)
    best = max(f)
    if (best > phi) if exact else (best > phi + slack):
        i = max(range(k), key=lambda a: f[a])
        return False, f"not a Nash equilibrium: {labels[i]!r} earns {format_value(f[i])} > {format_value(phi)}"
    replies = tuple(i for i in range(k) if (f[i] == phi if exact else f[i] >= phi - slack))
    support = tuple(i for i in range(k) if _positive(x[i], exact, slack))
    others = [phi - f[i] for i in range(k) if i not in replies]
    gap = min(others) if others else None
    empty = np.empty((0, 0), dtype=object if exact else float)
    if len(replies) == 1:
        return True, ESSCertificate("strict Nash", (replies,), gap, empty, (), empty, None, None)
    # z . A z = z . M z with M the symmetric part.
    half = Fraction(1, 2) if exact else 0.5
    M = [[half * (A[i][j] + A[j][i]) for j in range(k)] for i in range(k)]
    last = support[-1]

    def form(u, v):
        return sum((u[i] * M[i][j] * v[j] for i in range(k) for j in range(k) if u[i] and v[j]), _zero(exact))

    def direction(i):
        z = [_zero(exact)] * k
        z[i] += 1
        z[last] -= 1
        return z

    inside = [direction(i) for i in support if i != last]
    outside_actions = [j for j in replies if j not in support]
    outside = [direction(j) for j in outside_actions]
    G = [[form(u, v) for v in inside] for u in inside]
    minors = _leading_minors([[-v for v in row] for row in G], exact) if G else []
    if not all(_positive(m, exact, slack) for m in minors):
        if exact:
            # A direction inside the support along which z.Az >= 0.
            values, vectors = np.linalg.eigh(np.array(G, dtype=float))
            t = vectors[:, -1]
        else:
            values, vectors = np.linalg.eigh(np.array(G, dtype=float))
            t = vectors[:, -1]
        z = sum((float(c) * np.array(d, dtype=float) for c, d in zip(t, inside)), np.zeros(k))
        return False, (
            "an alternative best reply inside the support does as well against itself: "
            f"z.Az = {format_value(float(values[-1]))} >= 0 along z = {np.round(z, 6).tolist()}"
        )
    support_form = np.array(G, dtype=object if exact else float).reshape(len(inside), len(inside))
    if not outside:
        return True, ESSCertificate("second order", (replies,), gap, support_form, tuple(minors), empty, None, None)
    W = [[form(u, v) for v in outside] for u in outside]
    if inside:
        C = [[form(u, v) for v in outside] for u in inside]  # inside x outside
        if exact:
            Ginv_C = [solve_exact(G, [C[r][c] for r in range(len(inside))])[0] for c in range(len(outside))]
        else:
            Ginv_C = [np.linalg.solve(np.array(G, dtype=float), np.array([C[r][c] for r in range(len(inside))])).tolist()
                      for c in range(len(outside))]
        Q = [[W[a][b] - _dot([C[r][a] for r in range(len(inside))], Ginv_C[b]) for b in range(len(outside))]
             for a in range(len(outside))]
    else:
        Q = W
    negated = [[-v for v in row] for row in Q]
    minimum, argmin = _simplex_minimum(negated, exact, slack)
    outside_form = np.array(Q, dtype=object if exact else float).reshape(len(outside), len(outside))
    if minimum is None or not _positive(minimum, exact, slack):
        names = {labels[j]: format_value(v) for j, v in zip(outside_actions, argmin or [])}
        return False, (
            "an alternative best reply outside the support does at least as well against itself "
            f"(shares moved onto {names}: z.Az = {format_value(-minimum if minimum is not None else 0)} >= 0)"
        )
    return True, ESSCertificate("second order", (replies,), gap, support_form, tuple(minors), outside_form,
                                minimum, np.array(argmin, dtype=object if exact else float))


def _strict_nash_two(A, B, x, y, exact: bool, slack: float):
    """Two populations: an evolutionarily stable state is a strict Nash equilibrium (Selten 1980)."""
    m, n = len(x), len(y)
    fx = [_dot(A[i], y) for i in range(m)]
    fy = [_dot([B[i][j] for i in range(m)], x) for j in range(n)]
    px, py = _dot(x, fx), _dot(y, fy)
    rx = tuple(i for i in range(m) if (fx[i] == px if exact else fx[i] >= px - slack))
    ry = tuple(j for j in range(n) if (fy[j] == py if exact else fy[j] >= py - slack))
    # Exact states compare exactly: px + 0.0 would round a Fraction to a float that can sit below it.
    above = (lambda f, p: f > p) if exact else (lambda f, p: f > p + slack)
    if len(rx) != 1 or len(ry) != 1 or above(max(fx), px) or above(max(fy), py):
        return None
    gaps = [px - fx[i] for i in range(m) if i not in rx] + [py - fy[j] for j in range(n) if j not in ry]
    empty = np.empty((0, 0), dtype=object if exact else float)
    return ESSCertificate("strict Nash", (rx, ry), min(gaps) if gaps else None, empty, (), empty, None, None)


# ------------------------------------------------------------- rest points
def jacobian(game, state, *, populations: int | None = None):
    """The Jacobian of the replicator dynamics at ``state`` in reduced coordinates.

    ``state`` is one share vector (one population) or a pair ``(x, y)``.
    Exact (Fractions) when the game and the state are exact.
    """
    populations = population_count(game, populations)
    if populations == 1:
        game, A = one_population(game)
        x = list(np.asarray(state, dtype=object).ravel())
        exact = game.is_exact and all(isinstance(v, (int, Fraction)) for v in x)
        A, x = _values(A, exact), _vector(x, exact)
        return np.array(_jacobian_one(A, x), dtype=object if exact else float).reshape(len(x) - 1, len(x) - 1)
    game, A, B = two_populations(game)
    x, y = (list(np.asarray(s, dtype=object).ravel()) for s in state)
    exact = game.is_exact and all(isinstance(v, (int, Fraction)) for v in x + y)
    J = _jacobian_two(_values(A, exact), _values(B, exact), _vector(x, exact), _vector(y, exact))
    size = len(x) + len(y) - 2
    return np.array(J, dtype=object if exact else float).reshape(size, size)


def _values(M, exact: bool):
    if exact:
        return [[Fraction(v) for v in row] for row in np.asarray(M, dtype=object)]
    return np.asarray(M, dtype=float).tolist()


def _vector(v, exact: bool):
    return [Fraction(a) for a in v] if exact else [float(a) for a in v]


def _classify(J, exact: bool, scale: float, tol: float | None, ess: ESSCertificate | None):
    size = len(J)
    if size == 0:
        return (), np.empty(0, dtype=complex), (0, 0, 0), "asymptotically stable", "a single state"
    poly = characteristic_polynomial(J)
    eigenvalues = np.linalg.eigvals(np.array(J, dtype=float))
    # Eigenvalues of defective matrices move like the square root of a perturbation.
    eig_tol = math.sqrt(DEFAULT_TOL if tol is None else tol) * max(1.0, scale)
    if exact:
        signature = eigenvalue_signature(poly)
    else:
        real = eigenvalues.real
        signature = (int(np.sum(real < -eig_tol)), int(np.sum(np.abs(real) <= eig_tol)), int(np.sum(real > eig_tol)))
    negative, zero, positive = signature
    if positive:
        stability, reason = "unstable", f"{positive} eigenvalue(s) with positive real part"
    elif zero == 0:
        stability, reason = "asymptotically stable", "every eigenvalue has negative real part"
    elif ess is not None:
        stability, reason = "asymptotically stable", "an ESS (Hofbauer, Schuster and Sigmund 1979); the linearisation is not hyperbolic"
    else:
        stability, reason = "non-hyperbolic", f"{zero} eigenvalue(s) on the imaginary axis: the linearisation is inconclusive"
    return poly, eigenvalues, signature, stability, reason


def rest_points(game, *, populations: int | None = None, tol: float | None = None) -> RestPoints:
    """Every rest point of the replicator dynamics, with its stability and ESS certificate.

    Parameters
    ----------
    game : NormalFormGame or array_like
        A two-player game, or a square payoff matrix (one population).
    populations : {1, 2}, optional
        One population playing a symmetric game against itself, or a row and
        a column population. Default: one for symmetric games, two otherwise.
    tol : float, optional
        Payoff tolerance in float mode; exact games are solved exactly.

    Returns
    -------
    RestPoints

    Examples
    --------
    Hawk-dove (value 2, cost 4): the pure states are unstable, the mix at
    V/C = 1/2 is an ESS.

    >>> from gametheory import NormalFormGame
    >>> hawk_dove = NormalFormGame.from_bimatrix([[-1, 2], [0, 1]], [[-1, 0], [2, 1]],
    ...                                          actions=(["Hawk", "Dove"], ["Hawk", "Dove"]))
    >>> for point in rest_points(hawk_dove):
    ...     print(point.describe(), "|", point.stability, "|", point.signature, "| ESS:", point.is_ess)
    Hawk | unstable | (0, 0, 1) | ESS: False
    Dove | unstable | (0, 0, 1) | ESS: False
    1/2 Hawk + 1/2 Dove | asymptotically stable | (1, 0, 0) | ESS: True
    """
    populations = population_count(game, populations)
    if populations == 1:
        return _rest_points_one(game, tol)
    return _rest_points_two(game, tol)


def _rest_points_one(game, tol) -> RestPoints:
    game, A = one_population(game)
    exact = game.is_exact
    k = A.shape[0]
    M = _values(A, exact)
    slack = 0.0 if exact else game.tolerance(tol)
    scale = float(np.max(np.asarray(A, dtype=float)) - np.min(np.asarray(A, dtype=float)))
    points, continuum = [], False
    for S in subsets(k):
        shares, kind = _equal_payoff_side(M, S, S, exact, slack)
        if kind == "many":
            continuum = True
        if shares is None:
            continue
        x = [_zero(exact)] * k
        for i, v in zip(S, shares):
            x[i] = v
        f = [_dot(M[i], x) for i in range(k)]
        phi = _dot(x, f)
        regret = max(max(f) - phi, _zero(exact))
        ok, certificate = _ess(M, x, exact, slack, game.actions[0])
        ess = certificate if ok else None
        J = _jacobian_one(M, x)
        poly, eigenvalues, signature, stability, reason = _classify(J, exact, scale, tol, ess)
        if ess is not None and stability == "asymptotically stable" and signature[1] == 0:
            reason += "; an ESS"
        dtype = object if exact else float
        points.append(RestPoint(game, (np.array(x, dtype=dtype),), (tuple(S),), (phi,), (regret,),
                                np.array(J, dtype=dtype).reshape(k - 1, k - 1), poly, eigenvalues, signature,
                                stability, reason, ess, slack))
    points.sort(key=_order)
    return RestPoints(game, tuple(points), 1, continuum, exact)


def _rest_points_two(game, tol) -> RestPoints:
    game, A, B = two_populations(game)
    exact = game.is_exact
    m, n = A.shape
    MA, MB = _values(A, exact), _values(B, exact)
    BT = [[MB[i][j] for i in range(m)] for j in range(n)]  # column population's payoffs, own action first
    slack = 0.0 if exact else game.tolerance(tol)
    scale = max(float(np.ptp(np.asarray(A, dtype=float))), float(np.ptp(np.asarray(B, dtype=float))))
    points, continuum = [], False
    for S in subsets(m):
        for T in subsets(n):
            ys, ykind = _equal_payoff_side(MA, S, T, exact, slack)
            xs, xkind = _equal_payoff_side(BT, T, S, exact, slack)
            if (ykind == "many" and xkind != "none") or (xkind == "many" and ykind != "none"):
                continuum = True
            if ys is None or xs is None:
                continue
            x = [_zero(exact)] * m
            y = [_zero(exact)] * n
            for i, v in zip(S, xs):
                x[i] = v
            for j, v in zip(T, ys):
                y[j] = v
            fx = [_dot(MA[i], y) for i in range(m)]
            fy = [_dot(BT[j], x) for j in range(n)]
            px, py = _dot(x, fx), _dot(y, fy)
            regrets = (max(max(fx) - px, _zero(exact)), max(max(fy) - py, _zero(exact)))
            ess = _strict_nash_two(MA, MB, x, y, exact, slack)
            J = _jacobian_two(MA, MB, x, y)
            poly, eigenvalues, signature, stability, reason = _classify(J, exact, scale, tol, None)
            dtype = object if exact else float
            size = m + n - 2
            points.append(RestPoint(game, (np.array(x, dtype=dtype), np.array(y, dtype=dtype)), (tuple(S), tuple(T)),
                                    (px, py), regrets, np.array(J, dtype=dtype).reshape(size, size), poly, eigenvalues,
                                    signature, stability, reason, ess, slack))
    points.sort(key=_order)
    return RestPoints(game, tuple(points), 2, continuum, exact)


def _order(point: RestPoint):
    return (sum(len(s) for s in point.supports), point.supports, tuple(-float(v) for x in point.state for v in x))


def evolutionarily_stable_strategies(game, *, populations: int | None = None, tol: float | None = None) -> tuple:
    """The rest points that are evolutionarily stable, each with its :class:`ESSCertificate`.

    An ESS is isolated among Nash equilibria, so every ESS is a rest point
    on its own support and appears here. Two populations: the strict Nash
    equilibria (Selten 1980).

    Examples
    --------
    >>> [p.describe() for p in evolutionarily_stable_strategies([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])]
    []
    >>> [p.describe() for p in evolutionarily_stable_strategies([[4, 0], [3, 2]])]
    ['S1', 'S2']
    """
    return rest_points(game, populations=populations, tol=tol).ess
