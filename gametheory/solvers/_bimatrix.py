"""Private machinery shared by the two-player all-equilibria solvers.

The two solvers (:mod:`.support_enumeration` and :mod:`.vertex_enumeration`)
both work on the best-response polytopes of a bimatrix game ``(A, B)`` with
positive payoffs (von Stengel 2002, section 3):

``P = {x >= 0 : B^T x <= 1}`` and ``Q = {y >= 0 : A y <= 1}``.

Labels number the ``m + n`` inequalities. In ``P``, label ``i < m`` is
``x_i = 0`` and label ``m + j`` is ``(B^T x)_j = 1`` (column ``j`` is a best
response); in ``Q``, label ``i < m`` is ``(A y)_i = 1`` and label ``m + j`` is
``y_j = 0``. A pair of vertices ``(x, y) != (0, 0)`` whose labels together cover
all ``m + n`` labels is, once normalised, an extreme Nash equilibrium, and every
extreme equilibrium arises this way, degenerate games included (Avis, Rosenberg,
Savani and von Stengel 2010). Label sets are stored as integer bitmasks:
int64 arrays up to :data:`WORD_LABELS` labels, object arrays of Python ints
above.

A *basis* of ``P`` is a choice of ``m`` of its inequalities made tight; the
basis whose tight rows are ``x_i = 0`` for ``i`` outside a support ``I`` and
``(B^T x)_j = 1`` for ``j`` in ``J`` (``|I| = |J|``) is exactly the indifference
system of support enumeration, and the complementary choice is the matching
basis of ``Q``. Solving every basis of both polytopes in one batched numpy call
is therefore support enumeration and brute-force vertex enumeration at once.

Exact mode enumerates candidate bases in floating point with a generous slack,
then re-solves each candidate in integer (fraction-free) arithmetic and checks
feasibility and labels exactly; bases whose floating-point determinant is too
small to trust are decided exactly as well, so singularity is never guessed.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np

from ..equilibrium import NotAnEquilibriumError, SolveResult, certify, certify_float_pairs
from ..games.normal_form import NormalFormGame, onto_unit_interval
from ..numerics import scaled_tolerance
from ._hull import polar_vertices

# A float basis whose |det| / (product of row norms) falls below this is
# treated as singular in float mode.
_FLOAT_SINGULAR = 1e-11
# In exact mode, bases below this ratio are decided in exact arithmetic.
_EXACT_SUSPECT = 1e-8
# Feasibility slack (normalised units) for exact-mode float candidates.
_EXACT_SLACK = 1e-6
# Number of bases solved per numpy batch (bounds memory on large games).
_CHUNK = 32768
_EPS = np.finfo(float).eps
# Label tolerance floor (normalised units) for bases solved as linear systems or read from Qhull: below it a
# tie of the game is decided by the sign of its rounding.
_ROUNDING = 2.0 ** -36
#: Label sets of games with up to this many actions in all are int64 bitmasks
#: (bit 63 is the sign bit); larger games keep them as Python ints in object arrays.
WORD_LABELS = 62


# --------------------------------------------------------------- game input
@dataclass(frozen=True)
class Bimatrix:
    """A two-player game prepared for the polytope solvers."""

    game: NormalFormGame  # the game equilibria are certified against
    m: int
    n: int
    exact: bool
    row: np.ndarray  # float A: normalised to [1, 2], or row_int / max(row_int) in exact mode
    column: np.ndarray  # float B, likewise
    row_int: list | None  # A as positive Python ints (exact mode)
    column_int: list | None
    eps_p: float  # label tolerance in P (normalised units)
    eps_q: float
    tol: float | None
    # Float mode: each player's payoffs mapped onto [0, 1], the game on
    # which candidates must pass the tolerance (certificates are still
    # computed on ``game``, the game as given).
    unit: tuple[np.ndarray, np.ndarray] | None = None


def _positive_integers(matrix: np.ndarray) -> list[list[int]]:
    """Exact payoffs as positive integers: a positive affine map keeps equilibria.

    Each payoff ``v`` becomes ``(v - min) * L + 1`` with ``L`` the least common
    denominator, computed on integer numerators over ``L`` (no fraction is built).
    """
    rows = matrix.tolist()
    scale = math.lcm(*(v.denominator for row in rows for v in row))
    scaled = [[v.numerator * (scale // v.denominator) for v in row] for row in rows]
    low = min(min(row) for row in scaled)
    return [[v - low + 1 for v in row] for row in scaled]


def _unit(matrix: np.ndarray, payoff_range: tuple[float, float], tol: float | None):
    """One player's payoffs on [0, 1] (as :meth:`NormalFormGame.normalized` maps them), then onto [1, 2].

    ``payoff_range`` is the player's lowest and highest payoff. Returns the
    [0, 1] payoffs, their map onto [1, 2] (a spread within a million
    tolerances of zero is not blown up), the divisor used and the [0, 1]
    payoffs' size (1, or 0 for a constant player).
    """
    low, high = payoff_range
    if high > low:
        unit, size = onto_unit_interval(matrix, low, high), 1.0  # no overflow near the float limit
    else:
        unit, size = np.zeros_like(matrix), 0.0
    divisor = max(size, 1e6 * scaled_tolerance(tol, 1.0)) or 1.0  # constant payoffs with tol=0: any divisor
    return unit, 1.0 + (unit if divisor == 1.0 else unit * (1.0 / divisor)), divisor, size  # x * 1.0 is x


def _power(base: float, exponent: int) -> float:
    """``base ** exponent``, inf where it overflows (Python's float power raises instead)."""
    try:
        return base ** exponent
    except OverflowError:
        return math.inf


def _largest(matrix: list[list[int]]) -> float:
    """The largest of positive integers as a float; inf beyond the float range (see :func:`certainly_singular`)."""
    top = max(map(max, matrix))
    return float(top) if top.bit_length() <= 1023 else math.inf


def _scaled_floats(matrix: list[list[int]]) -> np.ndarray:
    """Positive integers divided by their largest, as floats; integers beyond the float range are divided
    exactly first (Python's int division rounds once)."""
    try:
        floats = np.asarray(matrix, dtype=float)
    except OverflowError:
        top = max(map(max, matrix))
        return np.array([[v / top for v in line] for line in matrix])
    floats /= floats.max()
    return floats


def prepare(game, exact: bool | None, tol: float | None, *, who: str) -> Bimatrix:
    """Check the input of a two-player solver and normalise the payoffs.

    Float mode decides labels exactly as on ``game.normalized()`` (each
    player's payoffs on [0, 1], so one tolerance means the same for both
    players and rescaling a player changes nothing) while the equilibria are
    certified on ``game`` itself, without building the normalised game or
    certifying twice.
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"{who}() takes a NormalFormGame, got {type(game).__name__}")
    if game.n_players != 2:
        raise ValueError(f"{who}() needs a two-player game, got one with {game.n_players} players")
    if exact is not None and not isinstance(exact, (bool, np.bool_)):
        raise TypeError(f"exact must be True, False or None, got {exact!r}")
    if tol is not None:
        scaled_tolerance(tol, 1.0)  # validates tol
    exact = game.is_exact if exact is None else bool(exact)
    if exact:
        game = game.as_exact()
    A, B = game.payoffs
    if exact:
        # Floats that are a pure scaling of the integer matrices, so float
        # determinants map to the integer ones (see certainly_singular).
        row_int, column_int = _positive_integers(A), _positive_integers(B)
        row, column = _scaled_floats(row_int), _scaled_floats(column_int)
        eps_p = eps_q = 0.0
    else:
        # The game's own float payoffs and ranges (cached on it, so the certificates reuse them).
        (A, B), (range_a, range_b) = game.float_payoffs(), game.payoff_ranges()
        unit_a, row, spread_a, size_a = _unit(A, range_a, tol)
        unit_b, column, spread_b, size_b = _unit(B, range_b, tol)
        unit = (unit_a, unit_b)
        row_int = column_int = None
        tol_abs = scaled_tolerance(tol, max(1.0, size_a, size_b))  # as game.tolerance(tol)
        eps_p = tol_abs / (4.0 * spread_b)
        eps_q = tol_abs / (4.0 * spread_a)
        if sum(A.shape) > WORD_LABELS or not every_basis(*A.shape, False):  # bases not solved through minors
            eps_p, eps_q = max(eps_p, _ROUNDING), max(eps_q, _ROUNDING)
    m, n = A.shape
    return Bimatrix(game, m, n, exact, row, column, row_int, column_int, eps_p, eps_q, tol,
                    None if exact else unit)


# ------------------------------------------------------------- polytopes
@lru_cache(maxsize=256)
def _templates(m: int, n: int):
    """Read-only constants of the polytopes of an m x n game: right-hand sides and -I blocks."""
    h_p = np.concatenate([np.zeros(m), np.ones(n)])
    h_q = np.concatenate([np.ones(m), np.zeros(n)])
    minus_m, minus_n = -np.eye(m), -np.eye(n)
    for array in (h_p, h_q, minus_m, minus_n):
        array.setflags(write=False)
    return h_p, h_q, minus_m, minus_n


def polytope_p(bm: Bimatrix):
    """Inequalities ``G x <= h`` of P: ``-x <= 0`` then ``B^T x <= 1``."""
    h_p, _, minus_m, _ = _templates(bm.m, bm.n)
    return np.concatenate((minus_m, bm.column.T)), h_p


def polytope_q(bm: Bimatrix):
    """Inequalities ``G y <= h`` of Q: ``A y <= 1`` then ``-y <= 0``."""
    _, h_q, _, minus_n = _templates(bm.m, bm.n)
    return np.concatenate((bm.row, minus_n)), h_q


@lru_cache(maxsize=64)
def _stacked(m: int) -> tuple[np.ndarray, np.ndarray]:
    """Square games: all bases of P and Q as one batch over the stacked inequalities, and its rhs."""
    bases_p, bases_q = all_bases(m, m)
    bases = np.concatenate([bases_p, bases_q + 2 * m])
    h_p, h_q, _, _ = _templates(m, m)
    h = np.concatenate([h_p, h_q])
    bases.setflags(write=False)
    h.setflags(write=False)
    return bases, h


def integer_polytope_p(bm: Bimatrix):
    m, n = bm.m, bm.n
    G = [[-1 if r == c else 0 for c in range(m)] for r in range(m)]
    G += [[bm.column_int[i][j] for i in range(m)] for j in range(n)]
    return G, [0] * m + [1] * n


def integer_polytope_q(bm: Bimatrix):
    m, n = bm.m, bm.n
    G = [list(bm.row_int[i]) for i in range(m)]
    G += [[-1 if r == c else 0 for c in range(n)] for r in range(n)]
    return G, [1] * m + [0] * n


@lru_cache(maxsize=64)
def all_bases(m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Every basis of P (``m`` of the ``m + n`` labels) but the origin's, and the complementary bases of Q.

    Row ``s`` of the first array and row ``s`` of the second describe the same
    support pair: P's basis fixes the row player's support and the columns made
    indifferent, Q's basis is its complement.
    """
    total = m + n
    count = math.comb(total, m)
    flat = np.fromiter(itertools.chain.from_iterable(itertools.combinations(range(total), m)),
                       dtype=np.int16, count=count * m)
    bases_p = flat.reshape(count, m)[1:]  # the first combination is 0..m-1: x = 0
    member = np.zeros((count - 1, total), dtype=bool)
    member[np.arange(count - 1)[:, None], bases_p] = True
    bases_q = np.nonzero(~member)[1].reshape(count - 1, n).astype(np.int16)
    bases_p.setflags(write=False)
    bases_q.setflags(write=False)
    return bases_p, bases_q


@dataclass
class Solved:
    """Float solutions of a batch of bases of one polytope."""

    points: np.ndarray  # (N, d) solutions (garbage where singular)
    feasible: np.ndarray  # (N,) bool
    labels: np.ndarray  # (N,) bitmask of tight inequalities (see label_sets)
    n_labels: np.ndarray  # (N,) number of tight inequalities
    suspect: np.ndarray  # (N,) bool: too close to singular to trust (exact mode)
    det: np.ndarray  # (N,) float determinant
    hadamard: np.ndarray  # (N,) product of row norms


def solve_bases(G: np.ndarray, h: np.ndarray, bases: np.ndarray, eps: float, *, exact: bool) -> Solved:
    """Solve ``G[S] x = h[S]`` for every basis ``S`` in one batched call per chunk."""
    parts = [_solve_chunk(G, h, bases[k:k + _CHUNK], eps, exact) for k in range(0, len(bases), _CHUNK)]
    if len(parts) == 1:
        return parts[0]
    return Solved(*(np.concatenate([getattr(p, f) for p in parts]) for f in Solved.__dataclass_fields__))


def _solve_chunk(G, h, bases, eps, exact):
    points, singular, det, hadamard = solve_systems(G, h, bases, exact)
    return classify(points, singular, det, hadamard, G, h, eps, exact)


def solve_systems(G, h, bases, exact):
    """Batched solve of the basis systems; flags (near-)singular bases."""
    d = G.shape[1]
    mats = G[bases]
    rhs = h[bases]
    with np.errstate(divide="ignore", under="ignore", over="ignore", invalid="ignore"):
        # Entries of exact games scaled from huge integers can be subnormal; a zero determinant is singular.
        det = _det(mats)
    # Hadamard's bound: the product of the rows' norms (computed once per inequality, then gathered).
    hadamard = np.multiply.reduce(np.sqrt(np.add.reduce(G * G, axis=1))[bases], axis=1)
    singular = np.abs(det) < (_EXACT_SUSPECT if exact else _FLOAT_SINGULAR) * hadamard
    if singular.any():
        mats[singular] = np.eye(d)
        rhs[singular] = 0.0
    points = _solve(mats, rhs)
    return points, singular, det, hadamard


def _gufunc(name: str):
    """numpy's batched linear-algebra kernel ``name`` without the checks of its public wrapper, if available.

    On the tiny stacks of small games the wrappers of :func:`numpy.linalg.det`
    and :func:`numpy.linalg.solve` cost several times the arithmetic. Their
    checks are not needed here: the matrices are finite and float64, and the
    singular ones were replaced by the identity before solving.
    """
    try:
        from numpy.linalg import _umath_linalg
    except ImportError:  # pragma: no cover - numpy without the private module
        return None
    return getattr(_umath_linalg, name, None)


_DET = _gufunc("det")
_SOLVE1 = _gufunc("solve1")


def _det(mats: np.ndarray) -> np.ndarray:
    return _DET(mats) if _DET is not None else np.linalg.det(mats)


def _solve(mats: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    if _SOLVE1 is not None:
        return _SOLVE1(mats, rhs)
    return np.linalg.solve(mats, rhs[..., None])[..., 0]  # pragma: no cover


def classify(points, singular, det, hadamard, G, h, eps, exact) -> Solved:
    """Feasibility and label sets of basis solutions."""
    slack = h - points @ G.T
    if exact:
        tight = slack <= _EXACT_SLACK
        size = np.maximum(1.0, np.abs(points).max(axis=1))[:, None]
        feasible = ~singular & (slack >= -_EXACT_SLACK * size).all(axis=1)
    else:
        tight = slack <= eps
        feasible = np.logical_and.reduce(slack >= -eps, axis=1) & ~singular
    labels = label_sets(tight)
    return Solved(points, feasible, labels, np.add.reduce(tight, axis=1), singular, det, hadamard)


def _square_float(bm: Bimatrix) -> tuple[Solved, Solved]:
    """Every basis of P and Q of a square float game, solved and classified in one batch.

    Both polytopes have ``2 m`` inequalities in ``m`` unknowns, so their
    inequalities stack into one array (P's rows first), the bases of both
    are solved in one call, and one batched product and one set of
    comparisons give the slacks, feasibility and labels of both: on small
    games the number of numpy calls, not the arithmetic, sets the time.
    """
    m = bm.m
    _, _, minus_m, _ = _templates(m, m)
    G = np.concatenate((minus_m, bm.column.T, bm.row, minus_m))
    bases, h = _stacked(m)
    points, singular, det, hadamard = solve_systems(G, h, bases, False)
    half = len(bases) // 2
    slack = h.reshape(2, 1, 2 * m) - points.reshape(2, half, m) @ G.reshape(2, 2 * m, m).transpose(0, 2, 1)
    eps = np.array([bm.eps_p, bm.eps_q]).reshape(2, 1, 1)
    tight = slack <= eps
    feasible = np.logical_and.reduce(slack >= -eps, axis=2) & ~singular.reshape(2, half)
    labels = tight @ _weights(2 * m)
    count = np.add.reduce(tight, axis=2)
    return tuple(Solved(points[k * half:(k + 1) * half], feasible[k], labels[k], count[k],
                        singular[k * half:(k + 1) * half], det[k * half:(k + 1) * half],
                        hadamard[k * half:(k + 1) * half]) for k in (0, 1))


def hull_labelled(points: np.ndarray, G: np.ndarray, h: np.ndarray, eps: float, origin: int) -> Solved:
    """The vertices of ``{z : G z <= h}`` read off Qhull (see :func:`._hull.polar_vertices`), labelled.

    Labels and feasibility as :func:`classify` decides them. ``origin`` is the
    origin's label set (``d`` labels, never more: no payoff inequality is
    tight at zero); it is marked infeasible, so only the other vertices
    count. Vertices read off the hull are not solved from a basis, so none is
    singular.
    """
    count, width = len(points), G.shape[0]
    if width > _FLOAT_LABELS:
        solved = classify(points, np.zeros(count, dtype=bool), np.ones(count), np.ones(count), G, h, eps, False)
        solved.feasible &= solved.labels != origin
        return solved
    slack = h - points @ G.T
    tight = slack <= eps
    # Each vertex's label set and number of labels in one floating-point product (exact below 2**53).
    both = (tight @ _label_weights(width)).astype(np.int64)
    labels = both[:, 0]
    feasible = labels != origin
    # Hull vertices are feasible but for rounding: one reduction over all of them usually settles it.
    if np.minimum.reduce(slack, axis=None) < -eps:
        feasible &= np.logical_and.reduce(slack >= -eps, axis=1)
    ones = np.ones(count)
    return Solved(points, feasible, labels, both[:, 1], np.zeros(count, dtype=bool), ones, ones)


#: Up to this many labels, :func:`hull_labelled` computes label sets in one floating-point product.
_FLOAT_LABELS = 52


@lru_cache(maxsize=64)
def _label_weights(count: int) -> np.ndarray:
    """``(count, 2)`` floats: column 0 the bit of each label, column 1 ones (a product gives sets and sizes)."""
    weights = np.ones((count, 2))
    weights[:, 0] = 2.0 ** np.arange(count)
    weights.setflags(write=False)
    return weights


def label_sets(tight: np.ndarray) -> np.ndarray:
    """The bitmask of each row of a boolean ``(N, labels)`` array: int64 up to :data:`WORD_LABELS` labels,
    else Python ints in an object array.

    Examples
    --------
    >>> label_sets(np.array([[True, False, True]])).tolist()
    [5]
    >>> tight = np.zeros((1, 70), dtype=bool)
    >>> tight[0, [0, 69]] = True
    >>> label_sets(tight).tolist() == [1 + (1 << 69)]
    True
    """
    count = tight.shape[-1]
    if count <= WORD_LABELS:
        return tight @ _weights(count)
    packed = np.packbits(tight, axis=-1, bitorder="little")
    labels = np.empty(len(packed), dtype=object)
    labels[:] = [int.from_bytes(row.tobytes(), "little") for row in packed]
    return labels


@lru_cache(maxsize=64)
def _weights(count: int) -> np.ndarray:
    weights = np.left_shift(np.int64(1), np.arange(count, dtype=np.int64))
    weights.setflags(write=False)
    return weights


# ------------------------------------------------------- exact arithmetic
def solve_integer(matrix: list[list[int]], rhs: list[int]) -> tuple[list[int], int] | None:
    """Solve an integer system exactly: ``(numerators, denominator)`` or None if singular.

    Fraction-free Gaussian elimination (Bareiss 1968) keeps every intermediate
    an integer, so singularity is decided exactly.

    Examples
    --------
    >>> solve_integer([[2, 1], [1, 3]], [1, 1])
    ([2, 1], 5)
    >>> solve_integer([[1, 2], [2, 4]], [1, 1]) is None
    True
    """
    k = len(matrix)
    a = [list(row) + [b] for row, b in zip(matrix, rhs)]
    previous = 1
    for c in range(k):
        pivot_row = next((r for r in range(c, k) if a[r][c] != 0), None)
        if pivot_row is None:
            return None
        if pivot_row != c:
            a[c], a[pivot_row] = a[pivot_row], a[c]
        pivot_line = a[c]
        pivot = pivot_line[c]
        for r in range(c + 1, k):
            line = a[r]
            factor = line[c]
            line[c] = 0
            for j in range(c + 1, k + 1):
                line[j] = (line[j] * pivot - factor * pivot_line[j]) // previous
        previous = pivot
    # a is upper triangular; a[k-1][k-1] is +-det. Back substitution with the
    # common denominator det: x_i = numerator_i / det.
    det = a[k - 1][k - 1]
    numerators = [0] * k
    for r in range(k - 1, -1, -1):
        line = a[r]
        total = line[k] * det - sum(line[j] * numerators[j] for j in range(r + 1, k))
        numerators[r] = total // line[r]
    if det < 0:
        det, numerators = -det, [-v for v in numerators]
    divisor = math.gcd(det, *numerators)
    return [v // divisor for v in numerators], det // divisor


def certainly_singular(det: float, hadamard: float, scale: float, d: int) -> bool:
    """Whether a float determinant of an integer matrix proves the exact one is 0.

    ``det`` and ``hadamard`` come from the normalised float matrix; ``scale``
    maps them to the integer matrix (its determinant is an integer). When the
    rounding-error bound is below 1/2, ``|det| < 1/2`` proves singularity.
    """
    bound = 16.0 * d * (2.0 ** d) * _EPS * hadamard * scale
    return bound < 0.25 and abs(det) * scale < 0.5


# ----------------------------------------------------------- vertex sets
@dataclass
class Vertices:
    """Distinct vertices (other than the origin) of one polytope."""

    points: object  # normalised strategies: one float array (row k: vertex k), or a list of Fraction arrays
    labels: object  # int bitmasks: an array (as label_sets gives them) in float mode, a list of ints in exact mode
    degenerate: bool  # some vertex has more labels than the dimension


def float_vertices(solved: Solved, d: int, eps: float, want_index: bool = True) -> tuple[Vertices, np.ndarray | None]:
    """Distinct feasible vertices of a float batch, deduplicated by label set.

    Returns the vertices and, for every basis, the index of its vertex (-1 if
    infeasible). Coordinates within ``eps`` of zero (those carrying their
    non-negativity label) are set to exact zeros.
    """
    rows = np.flatnonzero(solved.feasible)
    index = np.full(len(solved.feasible), -1, dtype=np.int64) if want_index else None
    if rows.size == 0:
        return Vertices([], [], False), index
    labels = solved.labels[rows]
    # Vertices numbered in order of their first basis, as a scan of the rows would number them.
    if want_index:
        distinct, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
        order = np.argsort(first, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        index[rows] = rank[inverse.ravel()]
    else:
        distinct, first = np.unique(labels, return_index=True)
        order = np.argsort(first, kind="stable")
    points = solved.points[rows[first[order]]]
    labels = distinct[order]
    degenerate = bool(solved.n_labels[rows].max() > d)
    points = np.where(points > eps, points, 0.0)
    totals = points.sum(axis=1, keepdims=True)
    if not (totals > 0).all():  # only the origin has no positive entry: drop it
        keep = totals[:, 0] > 0
        renumber = np.cumsum(keep) - 1
        if want_index:
            index = np.where(index >= 0, np.where(keep[np.maximum(index, 0)], renumber[np.maximum(index, 0)], -1), -1)
        points, totals, labels = points[keep], totals[keep], labels[keep]
    points /= totals
    # Float vertices stay one array (row k is vertex k), and so do their label sets.
    return Vertices(points, labels, degenerate), index


class ExactPolytope:
    """Exact vertices of one polytope, found from float candidate bases.

    Bases are solved in integers unless their inequalities are already known
    to be tight at a vertex found earlier (then the basis is that vertex or
    singular), so a degenerate vertex is solved once. ``payoff_rows`` are the
    labels of the payoff inequalities, whose float rows are the integer rows
    divided by ``scale``.
    """

    def __init__(self, solved: Solved, bases: np.ndarray, G_int, h_int, d: int, payoff_rows: range,
                 scale: float):
        self.solved, self.bases, self.G_int, self.h_int, self.d = solved, bases, G_int, h_int, d
        self.points: list = []
        self.labels: list[int] = []
        self.basis_vertex: dict[int, int] = {}
        self.done: set[int] = set()
        self.degenerate = False
        suspects = np.flatnonzero(solved.suspect).tolist()
        payoff = set(payoff_rows)
        self.suspects = [
            s for s in suspects
            if not certainly_singular(solved.det[s], solved.hadamard[s],
                                      _power(scale, sum(1 for b in bases[s].tolist() if b in payoff)), d)
        ]

    def add(self, rows) -> int:
        """Decide the given bases exactly; returns how many new vertices they gave."""
        before = len(self.labels)
        G_int, h_int, d = self.G_int, self.h_int, self.d
        for s in rows:
            if s in self.done:
                continue
            self.done.add(s)
            basis = self.bases[s].tolist()
            mask = 0
            for b in basis:
                mask |= 1 << b
            known = next((v for v, lab in enumerate(self.labels) if mask & lab == mask), None)
            if known is not None:
                self.basis_vertex[s] = known
                continue
            solution = solve_integer([G_int[b] for b in basis], [h_int[b] for b in basis])
            if solution is None:
                continue
            numerators, denominator = solution
            labels = 0
            for r, (row, bound) in enumerate(zip(G_int, h_int)):
                slack = bound * denominator - sum(g * v for g, v in zip(row, numerators))
                if slack < 0:
                    break
                if slack == 0:
                    labels |= 1 << r
            else:
                total = sum(numerators)
                if total == 0:
                    continue
                strategy = np.empty(d, dtype=object)
                strategy[:] = [Fraction(v, total) for v in numerators]
                self.basis_vertex[s] = len(self.labels)
                self.points.append(strategy)
                self.labels.append(labels)
                self.degenerate = self.degenerate or labels.bit_count() > d
        return len(self.labels) - before

    def vertices(self) -> Vertices:
        return Vertices(self.points, self.labels, self.degenerate)

    def basis_index(self) -> np.ndarray:
        index = np.full(len(self.bases), -1, dtype=np.int64)
        if self.basis_vertex:
            index[list(self.basis_vertex)] = list(self.basis_vertex.values())
        return index


def exact_vertex_sets(bm: Bimatrix, sp: Solved, sq: Solved, bases_p, bases_q):
    """Exact vertices of P and Q that matter: those in some equilibrium, or with surplus labels.

    Float labels are taken with a generous slack, so they contain the exact
    labels: every exactly complete pair is a complete pair of float label
    sets, and every exactly degenerate vertex has more than ``d`` float
    labels. Only such candidates are re-solved exactly (plus bases too close
    to singular for float; if one of those yields a vertex float missed, the
    other polytope is verified in full).
    """
    m, n = bm.m, bm.n
    Gpi, hpi = integer_polytope_p(bm)
    Gqi, hqi = integer_polytope_q(bm)
    P = ExactPolytope(sp, bases_p, Gpi, hpi, m, range(m, m + n), _largest(bm.column_int))
    Q = ExactPolytope(sq, bases_q, Gqi, hqi, n, range(0, m), _largest(bm.row_int))
    ok_p = sp.feasible & ~sp.suspect
    ok_q = sq.feasible & ~sq.suspect
    lp, lq = sp.labels[ok_p], sq.labels[ok_q]
    full = (1 << (m + n)) - 1
    hit = (lp[:, None] | lq[None, :]) == full
    want_p = hit.any(axis=1) | (sp.n_labels[ok_p] > m)
    want_q = hit.any(axis=0) | (sq.n_labels[ok_q] > n)
    rows_p, rows_q = np.flatnonzero(ok_p), np.flatnonzero(ok_q)
    P.add(rows_p[want_p].tolist())
    Q.add(rows_q[want_q].tolist())
    if P.add(P.suspects):
        Q.add(rows_q.tolist())
    if Q.add(Q.suspects):
        P.add(rows_p.tolist())
    return P, Q


# -------------------------------------------------------------- results
def matching_pairs(labels_p, labels_q, m: int, n: int) -> list[tuple[int, int]]:
    """All completely labelled vertex pairs (indices into the two vertex lists; label sets as lists or arrays).

    A vertex with exactly ``d`` labels (its dimension) can only complete a
    partner whose labels are exactly the complement, found by hashing; only
    pairs involving a vertex with surplus labels (degenerate) are compared
    all against all.
    """
    if not len(labels_p) or not len(labels_q):
        return []
    full = (1 << (m + n)) - 1
    wide = m + n > WORD_LABELS  # label sets are Python ints (see label_sets)
    lp = np.asarray(labels_p, dtype=object if wide else np.int64)
    lq = np.asarray(labels_q, dtype=object if wide else np.int64)
    bit_count = None if wide else getattr(np, "bitwise_count", None)  # numpy >= 2.0
    if bit_count is not None:
        plain_p, plain_q = bit_count(lp) == m, bit_count(lq) == n
    else:
        plain_p = np.fromiter((int(label).bit_count() == m for label in lp), dtype=bool, count=len(lp))
        plain_q = np.fromiter((int(label).bit_count() == n for label in lq), dtype=bool, count=len(lq))
    # A vertex with exactly d labels completes only the vertex whose labels are its complement.
    rows_p, rows_q = np.flatnonzero(plain_p), np.flatnonzero(plain_q)
    # Distinct vertices have distinct label sets (a vertex's tight inequalities determine it).
    _, hit_p, hit_q = np.intersect1d(full ^ lp[rows_p], lq[rows_q], assume_unique=True, return_indices=True)
    pairs = list(zip(rows_p[hit_p].tolist(), rows_q[hit_q].tolist()))
    surplus_p, surplus_q = np.flatnonzero(~plain_p), np.flatnonzero(~plain_q)
    if surplus_p.size:
        hits = np.nonzero((lp[surplus_p][:, None] | lq[None, :]) == full)
        pairs.extend(zip(surplus_p[hits[0]].tolist(), hits[1].tolist()))
    if surplus_q.size:
        rows = np.flatnonzero(plain_p)
        hits = np.nonzero((lp[rows][:, None] | lq[surplus_q][None, :]) == full)
        pairs.extend(zip(rows[hits[0]].tolist(), surplus_q[hits[1]].tolist()))
    return pairs


def maximal_bicliques(edges: list[tuple[int, int]]) -> list[tuple[int, ...]]:
    """Maximal Nash subsets: maximal bicliques of the bipartite graph of extreme strategies.

    ``edges[k] = (x, y)`` is the k-th extreme equilibrium. Returns, for each
    maximal biclique, the sorted indices of its edges. The column sets of
    maximal bicliques are exactly the non-empty intersections of neighbourhoods
    of row vertices (the intents of a formal concept lattice).

    Examples
    --------
    >>> maximal_bicliques([(0, 0), (0, 1), (1, 1)])
    [(0, 1), (1, 2)]
    """
    neighbours: dict[int, int] = {}
    for x, y in edges:
        neighbours[x] = neighbours.get(x, 0) | (1 << y)
    intents = set(neighbours.values())
    frontier = list(intents)
    while frontier:
        new = []
        for a in frontier:
            for b in list(intents):
                c = a & b
                if c and c not in intents:
                    intents.add(c)
                    new.append(c)
        frontier = new
    pieces = set()
    for intent in intents:
        rows = {x for x, nb in neighbours.items() if nb & intent == intent}
        pieces.add(tuple(k for k, (x, y) in enumerate(edges) if x in rows and intent >> y & 1))
    return sorted(pieces)


def within_unit_tolerance(bm: Bimatrix, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Which profiles ``(X[k], Y[k])`` pass the float certificate of the game with each player's payoffs on [0, 1].

    The certificate itself is computed on the game as given; this is the
    check :func:`~gametheory.equilibrium.certify` would make on
    ``game.normalized()``, so a player whose payoffs are small beside the
    other's is held to a tolerance on his own scale.
    """
    unit_a, unit_b = bm.unit
    limit = scaled_tolerance(bm.tol, 1.0)
    values_a, values_b = Y @ unit_a.T, X @ unit_b
    return ((values_a.max(axis=1) - np.einsum("ki,ki->k", values_a, X) <= limit)
            & (values_b.max(axis=1) - np.einsum("kj,kj->k", values_b, Y) <= limit))


def build_result(bm: Bimatrix, vertices_p: Vertices, vertices_q: Vertices, pairs, *, method: str,
                 degenerate: bool, notes: tuple = (), complete: bool = True) -> SolveResult:
    """Certify the equilibria of vertex pairs and assemble the :class:`SolveResult`."""
    used_p = sorted({i for i, _ in pairs})
    used_q = sorted({j for _, j in pairs})
    if bm.exact:
        keys_p = {i: tuple(-v for v in vertices_p.points[i]) for i in used_p}
        keys_q = {j: tuple(-v for v in vertices_q.points[j]) for j in used_q}
    else:
        # Rounded so that rounding noise cannot reorder equal probabilities.
        keys_p = dict(zip(used_p, map(tuple, np.round(-np.asarray(vertices_p.points)[used_p], 9).tolist())))
        keys_q = dict(zip(used_q, map(tuple, np.round(-np.asarray(vertices_q.points)[used_q], 9).tolist())))
    pairs = sorted(set(pairs), key=lambda pq: (keys_p[pq[0]], keys_q[pq[1]]))
    equilibria, kept = [], []
    rejected = 0
    if not bm.exact and pairs:
        # All candidates checked and certified in a few array operations.
        X = np.asarray(vertices_p.points)[[i for i, _ in pairs]]
        Y = np.asarray(vertices_q.points)[[j for _, j in pairs]]
        passed = within_unit_tolerance(bm, X, Y) if bm.unit is not None else np.ones(len(pairs), dtype=bool)
        certified = iter(certify_float_pairs(bm.game, X[passed], Y[passed], tol=bm.tol))
        for pair, ok in zip(pairs, passed.tolist()):
            equilibrium = next(certified) if ok else None
            if equilibrium is None:
                rejected += 1
            else:
                equilibria.append(equilibrium)
                kept.append(pair)
        pairs = ()
    for i, j in pairs:
        try:
            equilibria.append(certify(bm.game, (vertices_p.points[i], vertices_q.points[j]), tol=bm.tol, clean=False))
        except NotAnEquilibriumError:
            if bm.exact:
                raise
            rejected += 1
            continue
        kept.append((i, j))
    notes = tuple(notes)
    if rejected:
        complete = False
        notes += (f"{rejected} candidate(s) failed the certificate check at this tolerance and were "
                  "dropped; re-solve with exact=True for a guaranteed answer",)
    if not equilibria:  # every finite game has one: numerical trouble in float mode
        complete = False
        notes += ("no equilibrium survived at this tolerance (every finite game has one); "
                  "re-solve with exact=True",)
    components = tuple(maximal_bicliques(kept))
    continuum = any(len(piece) > 1 for piece in components)
    return SolveResult(
        game=bm.game,
        equilibria=tuple(equilibria),
        method=method,
        complete=complete,
        degenerate=bool(degenerate),
        continuum=continuum,
        notes=notes,
        exact=bm.exact,
        components=components,
    )


# ------------------------------------------------------ candidate bases
#: Up to this many bases per polytope, float mode solves every basis (through
#: minors, :mod:`._basis_minors`: 7 x 7 games have 3,431); above it, vertex
#: enumeration asks Qhull for the vertices.
BRUTE_FORCE_LIMIT = 4000
#: The same limit in exact mode, where scanning every basis is what makes the
#: answer provably complete (binomial(18, 9) = 48620: up to 9 x 9 games); above
#: it, exact vertex enumeration runs the adjacency search of :mod:`._exact_vertices`.
EXACT_BRUTE_FORCE_LIMIT = 50_000


def every_basis(m: int, n: int, exact: bool) -> bool:
    """Whether vertex enumeration solves every basis of an ``m x n`` game (else, in float mode, it asks Qhull
    for the vertices; in exact mode it runs the adjacency search of :mod:`._exact_vertices`)."""
    limit = EXACT_BRUTE_FORCE_LIMIT if exact else BRUTE_FORCE_LIMIT
    return math.comb(m + n, m) <= limit or min(m, n) < 2


def origin_labels(bm: Bimatrix, polytope: str) -> int:
    """The label set of the origin of P (``x = 0``: labels ``0..m-1``) or Q (``y = 0``: labels ``m..m+n-1``)."""
    m, n = bm.m, bm.n
    return (1 << m) - 1 if polytope == "P" else ((1 << n) - 1) << m


@dataclass
class VertexSets:
    p: Vertices
    q: Vertices
    basis_p: np.ndarray | None  # vertex index of each solved P basis (-1: none)
    basis_q: np.ndarray
    bases_p: np.ndarray
    bases_q: np.ndarray
    method: str  # how the candidate bases were produced


def vertex_sets(bm: Bimatrix, *, use_qhull: bool | None = None, want_index: bool = False) -> VertexSets:
    """Vertices of P and Q (origin excluded), with per-basis vertex indices.

    ``use_qhull=None`` chooses Qhull in float mode when there are more than
    :data:`BRUTE_FORCE_LIMIT` bases; ``False`` solves every basis (which is
    what support enumeration needs: row ``s`` of both basis arrays is one
    support pair). Qhull failures fall back to solving every basis. Exact
    mode always solves every basis (Qhull's floating-point hull cannot prove
    a vertex set complete; larger exact games go to :mod:`._exact_vertices`).
    ``want_index`` asks for the per-basis vertex indices in float mode.
    """
    return vertices_of(bm, *solve_polytopes(bm, use_qhull=use_qhull), want_index=want_index)


def solve_polytopes(bm: Bimatrix, *, use_qhull: bool | None = None):
    """The candidate bases of P and Q solved: ``(sp, sq, bases_p, bases_q, method)`` (see :func:`vertex_sets`)."""
    m, n = bm.m, bm.n
    if bm.exact:
        use_qhull = False
    elif use_qhull is None:
        use_qhull = not every_basis(m, n, False)
    if m == n and not use_qhull and not bm.exact and math.comb(2 * m, m) <= _CHUNK // 2:
        bases_p, bases_q = all_bases(m, n)
        return (*_square_float(bm), bases_p, bases_q, "all bases")
    Gp, hp = polytope_p(bm)
    Gq, hq = polytope_q(bm)
    if use_qhull:
        try:
            # Float mode reads the vertices off the hull's facets and only labels them.
            # Both hulls first, then both labellings: the second labelling runs on code the first made warm.
            bases_p, points_p = polar_vertices(Gp, hp)
            bases_q, points_q = polar_vertices(Gq, hq)
            sp = hull_labelled(points_p, Gp, hp, bm.eps_p, origin_labels(bm, "P"))
            sq = hull_labelled(points_q, Gq, hq, bm.eps_q, origin_labels(bm, "Q"))
            return sp, sq, bases_p, bases_q, "qhull"
        except Exception:  # Qhull precision failure: solve every basis instead
            pass
    bases_p, bases_q = all_bases(m, n)
    if m == n and len(bases_p) + len(bases_q) <= _CHUNK:
        # One batched solve for both polytopes (the common square case).
        stacked_bases, stacked_h = _stacked(m)
        points, singular, det, hadamard = solve_systems(
            np.concatenate((Gp, Gq)), stacked_h, stacked_bases, bm.exact)
        cut = len(bases_p)
        sp = classify(points[:cut], singular[:cut], det[:cut], hadamard[:cut], Gp, hp, bm.eps_p, bm.exact)
        sq = classify(points[cut:], singular[cut:], det[cut:], hadamard[cut:], Gq, hq, bm.eps_q, bm.exact)
    else:
        sp = solve_bases(Gp, hp, bases_p, bm.eps_p, exact=bm.exact)
        sq = solve_bases(Gq, hq, bases_q, bm.eps_q, exact=bm.exact)
    return sp, sq, bases_p, bases_q, "all bases"


def vertices_of(bm: Bimatrix, sp: Solved, sq: Solved, bases_p, bases_q, method: str, *,
                want_index: bool = False) -> VertexSets:
    """The vertex sets of solved candidate bases (see :func:`vertex_sets`)."""
    m, n = bm.m, bm.n
    if not bm.exact:
        vp, ip = float_vertices(sp, m, bm.eps_p, want_index)
        vq, iq = float_vertices(sq, n, bm.eps_q, want_index)
    else:
        P, Q = exact_vertex_sets(bm, sp, sq, bases_p, bases_q)
        vp, vq = P.vertices(), Q.vertices()
        ip, iq = P.basis_index(), Q.basis_index()
    return VertexSets(vp, vq, ip, iq, bases_p, bases_q, method)
