"""Every basis of both best-response polytopes of a float game, solved through minors of the payoff matrices.

The bases of ``P = {x >= 0 : B^T x <= 1}`` are the support pairs ``(I, J)``
with ``|I| = |J| = k >= 1``: ``x`` is zero outside ``I`` and solves
``B[I, J]^T x_I = 1`` (see :mod:`._bimatrix`). With the matrix ``C`` that is
``B`` with a row of ones appended (row ``m``), Cramer's rule and one block
determinant give every quantity the labels of such a basis depend on as a
ratio of two minors of ``C`` (``M(R, S)``: rows ``R``, columns ``S``, both
sorted; ``D = M(I, J)``):

* ``x_i = (-1)^(k-1-p) M((I - {i}) + {m}, J) / D`` for the ``p``-th member ``i``
  of ``I`` (Cramer's rule, the ones row moved to the bottom);
* ``1 - (B^T x)_j = (-1)^(k-q) M(I + {m}, J + {j}) / D`` for ``j`` outside
  ``J``, ``q`` its place in ``J + {j}`` (the Schur complement of ``B[I, J]`` in
  ``[[B[I, J], B[I, j]], [1, 1]]``).

The ``m`` labels in the basis are tight by construction, so each basis needs
only its ``n`` other label values. ``Q`` is the same construction on ``A^T``
with a row of ones (support ``J``, best responses ``I``). All minors of both
matrices follow level by level from Laplace expansion along their first row
(one gather, one product and one small matrix product per level), and then
every basis of both polytopes is one gather and one division: a few dozen
numpy calls for a whole game, where solving each basis as a linear system
pays LAPACK's per-matrix overhead once per basis. Games of up to four
actions each run the same templates written out as Python
(:mod:`._small_kernels`); :func:`solve_bases_python` runs them on Python
floats by lookup, the reference those are tested against.

The labels, feasibility and singularity rules are those of
:func:`._bimatrix.classify` in float mode: a label is tight within ``eps``
(normalised units), a basis is feasible when no value is below ``-eps``, and
a basis whose determinant is below ``1e-11`` times the product of its rows'
norms is singular (never feasible; the norms are computed only for the few
bases below the bound ``(2 sqrt(d))^k`` that entries in ``[1, 2]`` put on
that product). Laplace expansion sums at most ``k!`` products for a minor of
order ``k <= 7``; on entries in ``[1, 2]`` its rounding error stays well
below the singularity threshold, and the tests compare every basis's
feasibility and labels with the linear-system path.

One rule is added for the rounding itself. An exact tie of the game computes
as a few units of rounding either side of zero, and with ``eps`` below that
(``tol=0`` makes it 0) the sign of the noise would decide whether a basis is
feasible and whether the game is degenerate. So where a polytope's payoffs
span ``[1, 2]`` (tolerances up to ``1e-6``; a larger one squeezes them towards
1, where its label tolerance is the coarser rule), a numerator within
:func:`._exact_minors.rounding_bound` of zero (a rigorous bound on the
rounding of a minor of its order, mapping of the payoffs included) is replaced
by the exact minor of the game's payoffs on the same scale
(:class:`._exact_minors.ExactMinors`): zero at a tie, else a value of the
right sign however small. Numerators outside the bound already have the
exact value's sign. The bound is far above the rounding actually seen, so a
random float game seldom reaches the exact step; and it is taken only where
the rounding could decide a label (a numerator within the bound ``b`` over a
determinant of at least ``4 b / eps`` is a value within ``eps`` computed or
exact), and on integer payoffs of a small spread ``s`` it is one comparison
(a numerator of order ``r`` that is not zero is at least ``s^(1-r)``).

The singularity rule is a tolerance too: a basis it calls singular may have
a determinant that is not zero, and a vertex that is an extreme equilibrium
of the game as given. With label tolerances below ``1e-11`` (``tol`` below
about ``4e-11``) such a basis is decided exactly: singular only if its
determinant is zero, else solved with the exact determinant and numerators
(its float values may be far off). A determinant the rule keeps is beyond
its own rounding bound (:func:`._exact_minors.determinant_bound`), so it is
not zero and has the exact sign.

References
----------
B. von Stengel, "Computing equilibria for two-person games", Handbook of Game
Theory vol. 3, ch. 45, 2002 (best-response polytopes and their labels).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..games.normal_form import onto_unit_interval
from ._exact_minors import ExactMinors, rounding_bound

__all__ = ["MINORS_LIMIT", "BasisTemplates", "templates", "Batch", "solve_bases", "solve_payoffs",
           "solve_bases_python", "rounding_bound"]

#: Largest number of bases per polytope solved through minors (7 x 7 games have 3,431); larger
#: games solve their bases in chunks of batched linear systems.
MINORS_LIMIT = 4000

# A basis whose |det| is below this times the product of its rows' norms is
# singular (the float rule of ._bimatrix).
_SINGULAR = 1e-11
# With label tolerances below this (tol below about 4e-11), a basis is singular only if its determinant is
# exactly zero (see the module's docstring).
_FINE = 1e-11


@dataclass(frozen=True, eq=False)
class BasisTemplates:
    """Index templates of an ``m x n`` game: where each minor and each basis value lives.

    The work vector holds ``C_P`` (``(m + 1) x n``), then ``C_Q``
    (``(n + 1) x m``), then the minors of both level by level, then the
    negatives of all of these (so a sign is an index). Bases are numbered as
    in :func:`._bimatrix.all_bases`; column ``2 s`` of the value arrays is
    P's basis ``s`` and column ``2 s + 1`` Q's basis ``s`` (the same support
    pair), so the two bases of a support pair sit side by side.
    """

    m: int
    n: int
    count: int  # bases per polytope
    size: int  # entries and minors of both matrices (the work vector holds twice this)
    q_start: int  # where C_Q starts
    minors_start: int  # where the minors of order 2 start
    ones: np.ndarray  # where the rows of ones of C_P and C_Q sit
    levels: tuple  # (entries over sub-minors (2k, c), k, signs (k,), start, stop) per order k >= 2
    blank: np.ndarray  # the start of a work vector (the two matrices) with the rows of ones set
    det_index: np.ndarray  # (2 count,)
    value_index: np.ndarray  # (width, 2 count): the non-basic label values, padded by repeats
    singular_bound: np.ndarray  # (2 count,)
    rounding: np.ndarray  # (width, 2 count) the rounding bound of each numerator (order k or k + 1)
    rounding_top: np.ndarray  # (2 count,) the largest of each basis's (order k + 1)
    norm_index: np.ndarray  # (k max, 2 count): the payoff rows of each basis among the row norms (padded with 1)
    supports: tuple  # (I, J) of each basis
    # For the full label sets (degenerate games only):
    basis_labels: np.ndarray  # (2 count,) bitmask of the labels in each basis
    value_weights: np.ndarray  # (width, 2 count) int64: 1 << label of each value, 0 for padding
    value_real: np.ndarray  # (width, 2 count) bool: not padding
    # Where each polytope's coordinates sit among the values: (basis, coordinate, value row, value column).
    scatter: tuple


def _lattice(rows: int, cols: int, offset: int, level_offsets: dict) -> dict:
    """Where every minor of a ``rows x cols`` matrix sits: ``{(R, S): index}``.

    Entries (order 1) are the matrix itself, row-major from ``offset``;
    orders ``k >= 2`` start at ``level_offsets[k]``, in the order of
    ``itertools.combinations`` over rows, then columns.
    """
    index = {((r,), (c,)): offset + r * cols + c for r in range(rows) for c in range(cols)}
    for k in range(2, min(rows, cols) + 1):
        start = level_offsets[k]
        for t, key in enumerate((R, S) for R in itertools.combinations(range(rows), k)
                                for S in itertools.combinations(range(cols), k)):
            index[key] = start + t
    return index


def _expansion(index: dict, rows: int, cols: int, k: int):
    """Laplace expansion along the first row of every order-``k`` minor: entry and sub-minor indices."""
    entries, subs = [], []
    for R in itertools.combinations(range(rows), k):
        for S in itertools.combinations(range(cols), k):
            entries.append([index[((R[0],), (c,))] for c in S])
            subs.append([index[(R[1:], S[:t] + S[t + 1:])] for t in range(k)])
    return entries, subs


def _values(index: dict, d: int, e: int, support: tuple, tight: tuple, size: int):
    """Determinant index and the ``e`` non-basic value indices (negated minors offset by ``size``).

    The basis has support ``support`` (rows of the matrix, ``d`` of them plus
    the ones row ``d``) and tight columns ``tight``; values come in label
    order: the support's coordinates, then the slacks of the other columns.
    """
    k = len(support)
    values = []
    for p in range(k):
        minor = index[(support[:p] + support[p + 1:] + (d,), tight)]
        values.append(minor if (k - 1 - p) % 2 == 0 else minor + size)
    extended = support + (d,)
    q = 0  # the place of column j among the tight columns
    for j in range(e):
        if q < k and tight[q] == j:
            q += 1
            continue
        minor = index[(extended, tight[:q] + (j,) + tight[q:])]
        values.append(minor if (k - q) % 2 == 0 else minor + size)
    return index[(support, tight)], values


def _layout(m: int, n: int) -> tuple:
    """Where the work vector of an ``m x n`` game holds what: the start of ``C_Q`` and of the minors, the
    largest order, the number of P's and Q's minors of each order, the size, where each order starts, and
    where every minor of ``C_P`` and of ``C_Q`` sits (see :func:`_lattice`)."""
    q_start = (m + 1) * n
    minors_start = q_start + (n + 1) * m
    top = max(min(m + 1, n), min(n + 1, m))
    # Level k holds P's minors of order k, then Q's.
    counts = {k: (math.comb(m + 1, k) * math.comb(n, k) if k <= min(m + 1, n) else 0,
                  math.comb(n + 1, k) * math.comb(m, k) if k <= min(n + 1, m) else 0) for k in range(2, top + 1)}
    offsets_p, offsets_q, start = {}, {}, minors_start
    for k in range(2, top + 1):
        offsets_p[k], offsets_q[k] = start, start + counts[k][0]
        start += counts[k][0] + counts[k][1]
    return (q_start, minors_start, top, counts, start, offsets_p, _lattice(m + 1, n, 0, offsets_p),
            _lattice(n + 1, m, q_start, offsets_q))


@lru_cache(maxsize=32)
def minor_keys(m: int, n: int) -> dict:
    """``{index: (side, R, S)}``: which minor of ``C_P`` (side 0) or ``C_Q`` (1) each slot of the work vector
    of an ``m x n`` game holds (rows ``R``, columns ``S``), for :class:`._exact_minors.ExactMinors`."""
    *_, index_p, index_q = _layout(m, n)
    keys = {index: (0, R, S) for (R, S), index in index_p.items()}
    keys.update({index: (1, R, S) for (R, S), index in index_q.items()})
    return keys


@lru_cache(maxsize=32)
def templates(m: int, n: int) -> BasisTemplates:
    """The index templates of an ``m x n`` game (built once per shape)."""
    from ._bimatrix import all_bases

    q_start, minors_start, top, counts, size, offsets_p, index_p, index_q = _layout(m, n)
    bases_p, _ = all_bases(m, n)
    count = len(bases_p)
    width = max(m, n)
    levels = []
    for k in range(2, top + 1):
        entries_p, subs_p = _expansion(index_p, m + 1, n, k) if counts[k][0] else ([], [])
        entries_q, subs_q = _expansion(index_q, n + 1, m, k) if counts[k][1] else ([], [])
        entries, subs = entries_p + entries_q, subs_p + subs_q
        signs = np.array([1.0 if t % 2 == 0 else -1.0 for t in range(k)])
        # The entries' and the sub-minors' indices stacked, so one gather fetches both factors.
        # (C order, so each row of the gathered factors is contiguous for the product and the matmul)
        factors = np.ascontiguousarray(np.concatenate((np.array(entries, dtype=np.intp).T,
                                                       np.array(subs, dtype=np.intp).T)))
        levels.append((factors, k, signs, offsets_p[k], offsets_p[k] + len(entries)))
    ones = np.concatenate((np.arange(m * n, q_start), np.arange(q_start + n * m, minors_start)))
    top_k = min(m, n)
    det_index, value_index, bound, norm_index, basis_labels, weights, rounding = [], [], [], [], [], [], []
    supports = []
    every_label = (1 << (m + n)) - 1
    for basis in bases_p.tolist():
        I = tuple(i for i in range(m) if i not in basis)
        J = tuple(b - m for b in basis if b >= m)
        supports.append((I, J))
        k = len(I)
        # P: support I in the rows of C_P = [B; 1], tight columns J. Labels:
        # i < m is x_i = 0, m + j is column j a best response.
        det_p, values_p = _values(index_p, m, n, I, J, size)
        labels_p = list(I) + [m + j for j in range(n) if j not in J]
        # Q: support J in the rows of C_Q = [A^T; 1], tight rows I. Labels:
        # m + j is y_j = 0, i < m is row i a best response.
        det_q, values_q = _values(index_q, n, m, J, I, size)
        labels_q = [m + j for j in J] + [i for i in range(m) if i not in I]
        # The basis's payoff rows among the norms: B's columns J (P), then A's rows I (Q).
        for det, values, labels, d, norms in ((det_p, values_p, labels_p, m, list(J)),
                                              (det_q, values_q, labels_q, n, [n + i for i in I])):
            det_index.append(det)
            value_index.append(values + [values[0]] * (width - len(values)))
            bound.append(_SINGULAR * (2.0 * math.sqrt(d)) ** k)
            # A coordinate's numerator has order k, a slack's k + 1 (the padding repeats the first value).
            orders = [k] * k + [k + 1] * (len(values) - k)
            rounding.append([rounding_bound(r) for r in orders + [orders[0]] * (width - len(values))])
            norm_index.append(norms + [m + n] * (top_k - k))
            label_weights = [1 << b for b in labels]
            basis_labels.append(every_label ^ sum(label_weights))
            weights.append(label_weights + [0] * (width - len(labels)))
    det_index = np.array(det_index, dtype=np.intp)
    value_index = np.array(value_index, dtype=np.intp).T.copy()
    bound = np.array(bound)
    rounding = np.array(rounding).T.copy()
    rounding_top = rounding.max(axis=0)
    norm_index = np.array(norm_index, dtype=np.intp).reshape(2 * count, top_k).T.copy()
    basis_labels = np.array(basis_labels, dtype=np.int64)
    weights = np.array(weights, dtype=np.int64).T.copy()
    scatter = []
    for side in (0, 1):
        rows, coordinates, value_rows = [], [], []
        for s, pair in enumerate(supports):
            rows += [s] * len(pair[side])
            coordinates += pair[side]
            value_rows += range(len(pair[side]))
        rows = np.array(rows, dtype=np.intp)
        scatter.append((rows, np.array(coordinates, dtype=np.intp), np.array(value_rows, dtype=np.intp),
                        2 * rows + side))
    blank = np.zeros(minors_start)
    blank[ones] = 1.0
    for array in (ones, blank, det_index, value_index, bound, rounding, rounding_top, norm_index, basis_labels, weights,
                  *(a for part in scatter for a in part)):
        array.setflags(write=False)
    real = weights != 0
    real.setflags(write=False)
    return BasisTemplates(m, n, count, size, q_start, minors_start, ones, tuple(levels), blank, det_index, value_index,
                          bound, rounding, rounding_top, norm_index, tuple(supports), basis_labels, weights, real,
                          tuple(scatter))


@dataclass(eq=False)
class Batch:
    """Every basis of both polytopes of one game, solved (column ``2 s``: P's basis ``s``, ``2 s + 1``: Q's)."""

    templates: BasisTemplates
    numerators: np.ndarray  # (width, 2 count) the non-basic label values times det
    det: np.ndarray  # (2 count,) each basis's determinant (NaN at singular bases)
    divided: np.ndarray | None  # numerators / det, if already computed
    lowest: np.ndarray  # (2 count,) smallest value of each basis (NaN at singular ones)
    feasible: np.ndarray  # (2 count,) bool
    degenerate: bool  # some feasible basis has a non-basic label within eps
    eps: np.ndarray | float

    @property
    def values(self) -> np.ndarray:
        """(width, 2 count) the non-basic label values of every basis (NaN at singular bases)."""
        if self.divided is None:
            self.divided = self.numerators / self.det
        return self.divided

    def profiles(self) -> list:
        """``(x, y)`` in the polytopes' coordinates (lists of floats) of every support pair whose two bases
        are feasible (every equilibrium, in a nondegenerate game), in basis order."""
        t = self.templates
        pairs = (self.feasible[0::2] & self.feasible[1::2]).nonzero()[0]
        if self.divided is None:
            both = np.stack((2 * pairs, 2 * pairs + 1), axis=1).ravel()
            block = (self.numerators[:, both] / self.det[both]).reshape(len(self.numerators), len(pairs), 2)
        else:
            block = self.divided.reshape(len(self.divided), t.count, 2)[:, pairs]
        values = block.transpose(1, 2, 0).tolist()
        profiles = []
        for s, (vp, vq) in zip(pairs.tolist(), values):
            I, J = t.supports[s]
            x, y = [0.0] * t.m, [0.0] * t.n
            for p, i in enumerate(I):
                x[i] = vp[p]
            for p, j in enumerate(J):
                y[j] = vq[p]
            profiles.append((x, y))
        return profiles

    def solved(self):
        """The two polytopes' :class:`._bimatrix.Solved` (points, feasibility, full label sets).

        Points and labels are filled in at feasible bases only, the only ones
        float mode reads (elsewhere the points are 0 and the labels those of
        the basis).
        """
        from ._bimatrix import Solved

        t = self.templates
        feasible = self.feasible
        columns = feasible.nonzero()[0]
        values = self.values[:, columns]
        eps = self.eps if np.ndim(self.eps) == 0 else self.eps[columns]
        tight = (values <= eps) & t.value_real[:, columns]
        labels = t.basis_labels.copy()
        labels[columns] |= np.add.reduce(np.where(tight, t.value_weights[:, columns], 0), axis=0)
        n_labels = np.zeros(2 * t.count, dtype=np.intp)
        n_labels[columns] = np.add.reduce(tight, axis=0)
        ones = np.ones(t.count)
        parts = []
        for side, ((rows, coordinates, value_rows, value_columns), d) in enumerate(zip(t.scatter, (t.m, t.n))):
            points = np.zeros((t.count, d))
            keep = feasible[value_columns]
            points[rows[keep], coordinates[keep]] = self.values[value_rows[keep], value_columns[keep]]
            parts.append(Solved(points, feasible[side::2], labels[side::2], n_labels[side::2] + d,
                                np.isnan(self.lowest[side::2]), ones, ones))
        return tuple(parts)


def solve_bases(row: np.ndarray, column: np.ndarray, eps_p: float, eps_q: float, game=None) -> Batch:
    """Solve and classify every basis of P and Q of the game with normalised payoffs ``row`` (A) and ``column`` (B).

    ``row`` and ``column`` are the payoffs mapped onto ``[1, 2]`` (see
    :func:`._bimatrix.prepare`); ``eps_p`` and ``eps_q`` the label
    tolerances of the two polytopes. ``game`` is the game they were mapped
    from, whose exact payoffs settle the numerators within their rounding
    bound; without it the mapped payoffs stand for the game
    (:meth:`._exact_minors.ExactMinors.of_mapped`).
    """
    t = templates(*row.shape)
    work = np.empty(2 * t.size)
    work[:t.minors_start] = t.blank
    work[:t.q_start].reshape(t.m + 1, t.n)[:t.m] = column
    work[t.q_start:t.minors_start].reshape(t.n + 1, t.m)[:t.n] = row.T
    if game is None:
        exact = lambda: ExactMinors.of_mapped(row.tolist(), column.tolist())  # noqa: E731
    else:
        exact = lambda: ExactMinors.from_payoffs(*game.float_payoffs(), game.payoff_ranges())  # noqa: E731
    return _classify(_minors(work, t), t, eps_p, eps_q, _spans(column), _spans(row), exact)


def solve_payoffs(A: np.ndarray, B: np.ndarray, ranges, floor: float, limit: float):
    """:func:`solve_bases` on each player's payoffs mapped onto [0, 1], as :func:`._bimatrix.prepare` maps them.

    ``ranges`` are the players' lowest and highest payoffs, ``floor`` the
    smallest divisor (a spread of payoffs within a million tolerances is not
    blown up), ``limit`` the tolerance on [0, 1]. Returns the
    :class:`Batch`, the two unit payoff matrices and the two label
    tolerances.
    """
    t = templates(*A.shape)
    work = np.empty(2 * t.size)
    work[:t.minors_start] = t.blank
    targets = (work[t.q_start:t.minors_start].reshape(t.n + 1, t.m)[:t.n].T,
               work[:t.q_start].reshape(t.m + 1, t.n)[:t.m])
    units, divisors = [], []
    for matrix, (low, high), target in zip((A, B), ranges, targets):
        if high > low:
            # (matrix - low) / (high - low), with no overflow for payoffs near the float limit.
            unit, divisor = onto_unit_interval(matrix, low, high), max(1.0, floor)
        else:
            unit, divisor = np.zeros_like(matrix), floor or 1.0  # constant: any divisor maps it to 1
        # 1 + unit / divisor, in the operations of ._bimatrix._unit.
        if divisor == 1.0:
            np.add(unit, 1.0, out=target)
        else:
            np.multiply(unit, 1.0 / divisor, out=target)
            target += 1.0
        units.append(unit)
        divisors.append(divisor)
    eps_p, eps_q = limit / (4.0 * divisors[1]), limit / (4.0 * divisors[0])
    spans = (divisors[1] == 1.0, divisors[0] == 1.0)  # P is on B, Q on A
    exact = lambda: ExactMinors.from_payoffs(A, B, ranges)  # noqa: E731
    return _classify(_minors(work, t), t, eps_p, eps_q, *spans, exact), units, (eps_p, eps_q)


def _minors(work: np.ndarray, t: BasisTemplates) -> np.ndarray:
    """Every minor of both matrices, order by order (Laplace expansion along the first row), and their negatives."""
    for factors, k, signs, start, stop in t.levels:
        both = work[factors]
        np.matmul(signs, np.multiply(both[:k], both[k:], out=both[:k]), out=work[start:stop])
    np.negative(work[:t.size], out=work[t.size:])
    return work


def _spans(matrix) -> bool:
    """Whether normalised payoffs span ``[1, 2]`` (the largest maps to 2 exactly), where the rounding rule
    applies; a constant player's (all 1) count too."""
    top = matrix.max() if isinstance(matrix, np.ndarray) else max(map(max, matrix))
    return top == 2.0 or top == 1.0


def _classify(work: np.ndarray, t: BasisTemplates, eps_p: float, eps_q: float, spans_p: bool = True,
              spans_q: bool = True, exact=None) -> Batch:
    """Classify every basis from the minors in ``work``; ``exact`` builds the game's
    :class:`._exact_minors.ExactMinors` (called only if a numerator is within its rounding bound)."""
    det = work[t.det_index]
    suspect = np.abs(det) < t.singular_bound
    minors, whole = None, []
    fine = spans_p and spans_q and min(eps_p, eps_q) < _FINE
    if _any(suspect):
        # The rule of ._bimatrix: |det| below 1e-11 times the product of the basis rows' norms.
        # NaN at singular bases: every comparison below is then False.
        columns = suspect.nonzero()[0]
        m, n = t.m, t.n
        norms = np.empty(m + n + 1)
        norms[:n] = np.sqrt(np.add.reduce(work[:t.q_start].reshape(m + 1, n)[:m] ** 2, axis=0))
        norms[n:n + m] = np.sqrt(np.add.reduce(work[t.q_start:t.minors_start].reshape(n + 1, m)[:n] ** 2, axis=0))
        norms[m + n] = 1.0
        hadamard = np.multiply.reduce(norms[t.norm_index[:, columns]], axis=0)
        singular = columns[np.abs(det[columns]) < _SINGULAR * hadamard]
        if len(singular) and fine:
            # Label tolerances finer than the rule: a basis is singular only if its determinant is zero, and
            # one the rule would call singular is solved exactly (its float values may be far off).
            minors, keys = exact(), minor_keys(m, n)
            for column in singular.tolist():
                det[column] = minors.minor(*keys[int(t.det_index[column])]) or np.nan
                if det[column] == det[column]:
                    whole.append(column)
        else:
            det[singular] = np.nan
    numerators = work[t.value_index]  # a copy
    # A numerator within its rounding bound takes the exact value, zero at a tie (see the module's docstring).
    if spans_p or spans_q:
        # At fine tolerances every value of a basis takes its largest bound: more values exact, and so more
        # accurate points where a certificate has no room for rounding.
        near = np.abs(numerators) <= (t.rounding_top if fine else t.rounding)
        if not (spans_p and spans_q):
            near[:, slice(1, None, 2) if spans_p else slice(0, None, 2)] = False
        if _any(near.ravel()):
            minors = exact() if minors is None else minors
            if not whole and _zeros(minors, t):
                numerators[near] = 0.0
                near = None
            else:
                # Only where the rounding could decide a label: a numerator within the bound r over a
                # determinant of at least 4 r / eps gives a value within eps / 4 whose exact value is within
                # eps too (the exact numerator is within 2 r, the determinant the singularity rule keeps
                # within 40 % of its own), so both are tight labels of a feasible basis.
                eps_columns = eps_p if eps_p == eps_q else np.where(np.arange(2 * t.count) % 2, eps_q, eps_p)
                near &= 4.0 * t.rounding_top > eps_columns * np.abs(det)
        if near is None:
            pass
        elif whole:
            near[:, whole] = t.value_real[:, whole]  # a determinant settled exactly: every value of its basis
        if near is not None and _any(near.ravel()):
            _settle(numerators, near, t, exact() if minors is None else minors)
    if numerators.size > _DIVIDE_FEW:
        # Division by det is monotone (reversing the order when det < 0), so the smallest value is the
        # smallest or the largest numerator over det, the same number as the smallest quotient; only the
        # bases read later are divided in full.
        lowest = np.where(det > 0.0, _min(numerators, axis=0), _max(numerators, axis=0)) / det
        values = None
    else:
        values = numerators / det
        lowest = _min(values, axis=0)
    if eps_p == eps_q:
        eps = eps_p
    else:
        eps = np.empty(2 * t.count)
        eps[0::2], eps[1::2] = eps_p, eps_q
    feasible = lowest >= -eps
    degenerate = bool(_any(np.abs(lowest) <= eps))
    return Batch(t, numerators, det, values, lowest, feasible, degenerate, eps)


def _settle(numerators: np.ndarray, near: np.ndarray, t: BasisTemplates, minors: ExactMinors) -> None:
    """Replace the numerators at ``near`` by their exact values (each distinct minor computed once).

    Games with integer payoffs of a small spread take them all at once from the templates run on the
    payoffs shifted to start at 0 (:func:`_integer_minors`); others one by one in integer arithmetic.
    """
    keys, size = minor_keys(t.m, t.n), t.size
    at = near.nonzero()
    index = t.value_index[at]
    # The templates' pass costs about as much as a few minors in integer arithmetic.
    integer = _integer_minors(minors, t) if len(index) > 8 else None
    if integer is not None:
        work, (spread_p, spread_q) = integer
        side, rows = _minor_shapes(t.m, t.n)
        plain = np.where(index >= size, index - size, index)
        # The minor of the shifted integers over spread^(payoff rows): zero exactly at a tie.
        numerators[at] = work[index] / np.where(side[plain], float(spread_q), float(spread_p)) ** rows[plain]
        return
    values = []
    for i in index.tolist():
        # A negated minor sits ``size`` further on (see BasisTemplates).
        values.append(-minors.minor(*keys[i - size]) if i >= size else minors.minor(*keys[i]))
    numerators[at] = values


def _zeros(minors: ExactMinors, t: BasisTemplates) -> bool:
    """Whether every numerator within its rounding bound is zero: integer payoffs of spreads up to ``s``,
    where a numerator of order ``r`` that is not zero is at least ``s^(1-r)`` and one within its bound
    ``b(r)`` is within ``2 b(r)`` of its exact value; ``s^(r-1) 2 b(r)`` grows with ``r``, so it suffices
    that it is below 1 at the largest order (a basis's values may all take that order's bound)."""
    spreads = minors.integer_spreads()
    top = min(t.m, t.n) + 1
    return spreads is not None and max(spreads) ** (top - 1) < 1.0 / (2.02 * rounding_bound(top))


@lru_cache(maxsize=32)
def _minor_shapes(m: int, n: int) -> tuple:
    """Per slot of the work vector (the first half): the side of its minor (0: P, 1: Q) and its number of
    payoff rows (rows other than the row of ones)."""
    t = templates(m, n)
    side, rows = np.zeros(t.size, dtype=np.intp), np.zeros(t.size, dtype=np.intp)
    for index, (s, R, _) in minor_keys(m, n).items():
        side[index], rows[index] = s, sum(1 for r in R if r < (m if s == 0 else n))
    return side, rows


def _integer_minors(minors: ExactMinors, t: BasisTemplates):
    """Every minor with the row of ones, exactly, for a game with integer payoffs of a small spread ``s``:
    the templates run on the payoffs shifted to ``[0, s]`` (floats holding integers; a minor of order ``r``
    with the row of ones sums products whose absolute sum is at most ``r! s^(r-1)``, below ``2^53``, so
    nothing rounds). Returns the work vector and the two spreads, or ``None``."""
    rows = minors.integer_rows()
    if rows is None:
        return None
    (rows_p, spread_p), (rows_q, spread_q) = rows
    top = min(max(t.m, t.n), min(t.m, t.n) + 1)  # the largest order of a numerator
    if math.factorial(top) * max(spread_p, spread_q) ** (top - 1) >= 2 ** 53:
        return None
    work = np.empty(2 * t.size)
    work[:t.minors_start] = t.blank
    work[:t.q_start].reshape(t.m + 1, t.n)[:t.m] = rows_p
    work[t.q_start:t.minors_start].reshape(t.n + 1, t.m)[:t.n] = np.array(rows_q, dtype=float).reshape(t.n, t.m)
    return _minors(work, t), (spread_p, spread_q)


_min, _max, _any, _all = np.minimum.reduce, np.maximum.reduce, np.logical_or.reduce, np.logical_and.reduce
# Above this many label values, the smallest value of each basis is found before dividing.
_DIVIDE_FEW = 4096


@lru_cache(maxsize=32)
def _python_form(m: int, n: int):
    """The templates as Python tuples: the terms of each order's minors, and each basis column's
    (determinant index, value indices, singularity bound, norm indices, rounding bounds, largest rounding
    bound)."""
    t = templates(m, n)
    levels = tuple(tuple(zip(map(tuple, factors[:k].T.tolist()), map(tuple, factors[k:].T.tolist())))
                   for factors, k, _, _, _ in t.levels)
    rows = tuple(zip(t.det_index.tolist(), map(tuple, t.value_index.T.tolist()), t.singular_bound.tolist(),
                     map(tuple, t.norm_index.T.tolist()), map(tuple, t.rounding.T.tolist()), t.rounding_top.tolist()))
    return levels, rows


def solve_bases_python(row: list, column: list, eps_p: float, eps_q: float, t: BasisTemplates,
                       spans: tuple | None = None, exact: ExactMinors | None = None):
    """:func:`solve_bases` on Python floats, looking the templates up: the reference the written-out kernels
    of :mod:`._small_kernels` are tested against (the same floating-point operations).

    ``row`` and ``column`` are the normalised payoffs as nested lists;
    ``spans`` says for P and Q whether the rounding rule applies (their
    payoffs were mapped with scale 1), by default whether the payoffs span
    ``[1, 2]``; ``exact`` settles the numerators within their rounding bound
    and, at label tolerances below the singularity rule's, the determinants
    within theirs (by default the mapped payoffs stand for the game:
    :meth:`._exact_minors.ExactMinors.of_mapped`).
    Returns ``None`` when the game is degenerate (some feasible basis has a
    non-basic label within tolerance), else the list of ``(x, y)`` of the
    support pairs whose bases are both feasible, in the polytopes'
    coordinates, in basis order.
    """
    m, n = t.m, t.n
    levels, rows = _python_form(m, n)
    keys = minor_keys(m, n)
    spans = (_spans(column), _spans(row)) if spans is None else spans
    work = [v for line in column for v in line] + [1.0] * n
    work += [row[i][j] for j in range(n) for i in range(m)] + [1.0] * m
    for terms in levels:
        for entries, subs in terms:
            total, sign = 0.0, 1.0
            for a, b in zip(entries, subs):
                total += sign * work[a] * work[b]
                sign = -sign
            work.append(total)
    work += [-v for v in work]
    count = t.count
    found = []
    feasible_p = [None] * count
    norms = None
    fine = spans[0] and spans[1] and min(eps_p, eps_q) < _FINE
    for column_index, (det_at, value_at, bound, norm_at, rounding, top) in enumerate(rows):
        det = work[det_at]
        if abs(det) < bound:
            if norms is None:
                norms = [math.sqrt(sum([v * v for v in line])) for line in zip(*column)]
                norms += [math.sqrt(sum([v * v for v in line])) for line in row] + [1.0]
            hadamard = 1.0
            for k in norm_at:
                hadamard *= norms[k]
            if abs(det) < _SINGULAR * hadamard:
                if fine:
                    # Decided exactly (see _classify); a regular basis this close to singular is left to
                    # the labelled vertices, as the written-out kernels leave it.
                    if exact is None:
                        exact = ExactMinors.of_mapped(row, column)
                    if exact.minor(*keys[det_at]):
                        return None
                continue
        s, side = divmod(column_index, 2)
        eps = eps_q if side else eps_p
        values = [work[v] / det for v in value_at]
        if fine:
            rounding = (top,) * len(value_at)
        decisive = spans[side] and 4.0 * top > eps * abs(det)  # as _classify: else the value is within eps / 4
        for p, v in enumerate(value_at):
            if decisive and -rounding[p] <= work[v] <= rounding[p]:
                if exact is None:
                    exact = ExactMinors.of_mapped(row, column)
                value = exact.near(*keys[v % t.size])
                values[p] = (-value if v >= t.size else value) / det
        lowest = min(values)
        if lowest < -eps:
            continue
        if lowest <= eps:
            return None
        if not side:
            feasible_p[s] = values
        elif feasible_p[s] is not None:
            found.append((s, feasible_p[s], values))
    profiles = []
    for s, vp, vq in found:
        I, J = t.supports[s]
        x, y = [0.0] * m, [0.0] * n
        for p, i in enumerate(I):
            x[i] = vp[p]
        for p, j in enumerate(J):
            y[j] = vq[p]
        profiles.append((x, y))
    return profiles
