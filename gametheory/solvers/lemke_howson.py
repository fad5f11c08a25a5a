"""One Nash equilibrium of a two-player game by the Lemke-Howson algorithm.

The algorithm follows a path of complementary pivots on the two best-response
polytopes (Lemke and Howson 1964; von Stengel 2002, section 3.4), starting at
the artificial equilibrium ``(0, 0)`` and dropping one label. Ties in the
minimum-ratio test are broken lexicographically, which is the same as solving
a slightly perturbed nondegenerate game: the path can never cycle, on
degenerate games too. Exact mode pivots in integer arithmetic (integer
pivoting, every division exact), so its result is rational and has regret
exactly 0. Float mode keeps each polytope's system as a dictionary (the
nonbasic columns only, half the full tableau). Games of up to 4 x 4 actions
follow a path written out once per shape as straight-line Python
(:mod:`._lemke_kernels`), other games of up to 18 payoff entries pivot on
lists of Python floats, and larger ones on column-major numpy arrays updated
in place (the rank-one update one ``np.dot`` and one subtraction); on a
dictionary of more than 10 rows, at a nondegenerate vertex, the ratio test is
one divide and two ``argmax`` calls. The full lexicographic rule runs only at
ties and degenerate vertices, so every route takes the same pivots.

Labels follow the usual convention (as in nashpy): ``0 .. m-1`` are the row
player's actions, ``m .. m+n-1`` the column player's.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction

import numpy as np

from ..equilibrium import Equilibrium, NotAnEquilibriumError, SolveResult, certify, certify_small_pairs
from ..games.normal_form import NormalFormGame
from ._lemke_kernels import KERNEL_SHAPES, kernel

__all__ = ["lemke_howson", "PivotLimitError"]


class PivotLimitError(RuntimeError):
    """Raised when the Lemke-Howson path needs more than ``max_pivots`` pivots."""


def _positive_integers(matrix: np.ndarray) -> np.ndarray:
    """Exact payoffs as integers of at least 1: ``(v - min) * L + 1`` with ``L`` the least common denominator.

    A positive affine map of one player's payoffs changes none of the
    player's best responses, and it scales that player's best-response
    polytope uniformly, so the Lemke-Howson path (and the normalised
    equilibrium) stays the same.
    """
    values = [Fraction(v) for v in matrix.ravel().tolist()]
    scale = math.lcm(*(v.denominator for v in values))
    scaled = [v.numerator * (scale // v.denominator) for v in values]
    low = min(scaled)
    out = np.empty(len(scaled), dtype=object)
    out[:] = [v - low + 1 for v in scaled]
    return out.reshape(matrix.shape)


class _Tableau:
    """An exact dictionary ``M z + w = 1`` whose columns are indexed by label, kept in integers.

    ``basis[r]`` is the label of the variable basic in row ``r``; ``slack``
    lists the columns of the initial (identity) basis, used for the
    lexicographic ratio test. Integer pivoting (Edmonds 1967; von Stengel
    2002, section 3.7): the stored matrix is the rational tableau times the
    determinant ``det`` of the current basis, every update divides exactly
    by the previous determinant, and no fraction is built until the end. The
    float paths (:func:`_float_path`, :func:`_small_float_path`) pivot by the
    same rule on dictionaries, which leave out the identity columns of the
    basic variables.
    """

    def __init__(self, matrix: np.ndarray, basis: list[int], slack: list[int]):
        self.matrix = matrix
        self.basis = basis
        self.slack = slack
        self.det = 1

    def pivot_in(self, column: int) -> int:
        """Bring the variable with label ``column`` into the basis; return the leaving label."""
        matrix = self.matrix
        entries = matrix[:, column].tolist()
        # Lexicographic minimum-ratio test: right-hand side first, then the
        # columns of the initial basis (rows of the inverse basis), which are
        # linearly independent, so exactly one row survives. The ratios
        # matrix[r, key] / entries[r] share the factor det, and their
        # divisors are positive, so they compare by cross-multiplying.
        rows = [r for r, v in enumerate(entries) if v > 0]
        _check_rows(len(rows), column)
        for key in [matrix.shape[1] - 1] + self.slack:
            if len(rows) == 1:
                break
            values = matrix[rows, key].tolist()
            best_num, best_den, kept = values[0], entries[rows[0]], [rows[0]]
            for r, num in zip(rows[1:], values[1:]):
                left, right = num * best_den, best_num * entries[r]
                if left < right:
                    best_num, best_den, kept = num, entries[r], [r]
                elif left == right:
                    kept.append(r)
            rows = kept
        row = rows[0]
        pivot = entries[row]
        pivot_row = matrix[row].copy()
        factor = np.empty(len(entries), dtype=object)
        factor[:] = entries
        updated = (matrix * pivot - factor[:, None] * pivot_row) // self.det
        updated[row] = pivot_row
        self.matrix = updated
        self.det = pivot
        leaving = self.basis[row]
        self.basis[row] = column
        return leaving

    def values(self, labels: range) -> np.ndarray:
        out = np.array([Fraction(0)] * len(labels), dtype=object)
        for row, label in enumerate(self.basis):
            if label in labels:
                out[label - labels.start] = Fraction(self.matrix[row, -1], self.det)
        return out


def _check_rows(count: int, column: int) -> None:
    if not count:
        raise RuntimeError(
            f"Lemke-Howson found no pivot row for label {column}: the polytope looks unbounded, "
            "which happens only through floating-point breakdown; retry with exact=True"
        )


def _normalise(vector: np.ndarray) -> np.ndarray:
    total = sum(vector)
    return np.array([v / total for v in vector], dtype=object)


def _path(A: np.ndarray, B: np.ndarray, label: int, exact: bool, max_pivots: int):
    if not exact:
        if A.shape in KERNEL_SHAPES:
            return _kernel_float_path(A, B, label, max_pivots)
        if A.size <= _SMALL_GAME:
            return _small_float_path(A, B, label, max_pivots)
        return _float_path(A, B, label, max_pivots)
    m, n = A.shape
    # Row player's polytope P = {x >= 0 : B^T x <= 1}: columns 0..m-1 hold x
    # (labels of the row actions), columns m..m+n-1 the slacks of B^T x <= 1.
    # Both tableaux start as Python ints (an identity block, right-hand side 1).
    p_matrix = np.zeros((n, m + n + 1), dtype=np.int64)
    p_matrix[:, m:m + n] = np.eye(n, dtype=np.int64)
    p_matrix[:, -1] = 1
    p_matrix = p_matrix.astype(object)
    p_matrix[:, :m] = _positive_integers(B).T
    # Column player's polytope Q = {y >= 0 : A y <= 1}: columns 0..m-1 hold
    # the slacks of A y <= 1, columns m..m+n-1 hold y.
    q_matrix = np.zeros((m, m + n + 1), dtype=np.int64)
    q_matrix[:, :m] = np.eye(m, dtype=np.int64)
    q_matrix[:, -1] = 1
    q_matrix = q_matrix.astype(object)
    q_matrix[:, m:m + n] = _positive_integers(A)
    tableaux = {
        "P": _Tableau(p_matrix, list(range(m, m + n)), list(range(m, m + n))),
        "Q": _Tableau(q_matrix, list(range(m)), list(range(m))),
    }
    # The variable with label k is non-basic in P when k is a row action, in Q otherwise.
    side = "P" if label < m else "Q"
    entering = label
    pivots = 0
    while True:
        if pivots >= max_pivots:
            raise _pivot_limit(label, max_pivots)
        leaving = tableaux[side].pivot_in(entering)
        pivots += 1
        if leaving == label:
            break
        entering = leaving
        side = "Q" if side == "P" else "P"
    x = tableaux["P"].values(range(0, m))
    y = tableaux["Q"].values(range(m, m + n))
    return _normalise(x), _normalise(y), pivots


def _pivot_limit(label: int, max_pivots: int) -> PivotLimitError:
    return PivotLimitError(
        f"Lemke-Howson from initial label {label} did not reach an equilibrium within "
        f"max_pivots={max_pivots} pivots; raise max_pivots or try another initial_label"
    )


# The float paths keep each polytope's system as a dictionary: one row per
# basic variable and one column per nonbasic variable plus the right-hand
# side, so a tableau is n x (m + 1) (row player's polytope) or m x (n + 1)
# (column player's), half the width of the full tableau of :class:`_Tableau`
# whose other columns are the identity columns of the basic variables. A
# pivot exchanges the entering variable (column ``j``) with the basic variable
# of the pivot row ``r``: with pivot ``p = T[r, j]``,
#
#     T'[i, k] = T[i, k] - T[i, j] T[r, k] / p    (i != r, k != j)
#     T'[r, k] = T[r, k] / p,   T'[i, j] = -T[i, j] / p,   T'[r, j] = 1 / p,
#
# and column ``j`` then belongs to the leaving variable. The column of a
# basic variable in the full tableau is a unit vector, so the lexicographic
# rule can still read every column it needs.


def _lexicographic_row(matrix: np.ndarray, entries: np.ndarray, rows: np.ndarray, slack: range,
                       basis: list[int], position: list[int]) -> int:
    """The float lexicographic minimum-ratio row among ``rows``, as :meth:`_Tableau.pivot_in` chooses it.

    ``matrix`` is a dictionary (see above), ``position[label]`` the column of
    a nonbasic variable (-1 for a basic one) and ``basis[row]`` the label
    basic in each row; the keys are the right-hand side, then the columns of
    the initial basis ``slack`` in order.
    """
    pivots = entries[rows]
    for key in [None, *slack]:
        if key is None:
            column = matrix[:, -1]
        elif position[key] >= 0:
            column = matrix[:, position[key]]
        else:
            column = np.zeros(len(matrix))
            column[basis.index(key)] = 1.0
        ratios = column[rows] / pivots
        best = ratios.min()
        keep = ratios <= best + 1e-11 * (1.0 + abs(best))
        if keep.all():
            continue
        rows, pivots = rows[keep], pivots[keep]
        if rows.size == 1:
            break
    return int(rows[0])


def _least(matrix: np.ndarray) -> float:
    """The least entry, as a Python float (``argmin`` has the smallest per-call cost of numpy's reductions)."""
    return float(matrix.ravel()[matrix.argmin()])


def _dictionaries(A: np.ndarray, B: np.ndarray):
    """The initial dictionaries of both polytopes as column-major arrays, payoffs shifted to be at least 1.

    P (row player's polytope): n rows, columns x_0..x_{m-1} then the
    right-hand side 1. Q (column player's polytope): m rows, columns
    y_0..y_{n-1} then the right-hand side.
    """
    m, n = A.shape
    p_matrix = np.empty((n, m + 1), order="F")
    np.subtract(B.T, _least(B) - 1.0, out=p_matrix[:, :m])
    p_matrix[:, m] = 1.0
    q_matrix = np.empty((m, n + 1), order="F")
    np.subtract(A, _least(A) - 1.0, out=q_matrix[:, :n])
    q_matrix[:, n] = 1.0
    return p_matrix, q_matrix


def _start(m: int, n: int, label: int):
    """Bases, nonbasic positions and initial-basis labels of both polytopes, and the first side."""
    bases = (list(range(m, m + n)), list(range(m)))
    # position[side][label]: the dictionary column of a nonbasic variable, -1 for a basic one.
    positions = (list(range(m)) + [-1] * n, [-1] * m + list(range(n)))
    slacks = (range(m, m + n), range(m))
    return bases, positions, slacks, (0 if label < m else 1)


def _strategies(m: int, n: int, bases, rhs_p: list, rhs_q: list):
    """The path's end as two probability vectors (lists), read off the right-hand sides."""
    x = [0.0] * m
    y = [0.0] * n
    for variable, value in zip(bases[0], rhs_p):
        if variable < m and value > 0.0:
            x[variable] = value
    for variable, value in zip(bases[1], rhs_q):
        if variable >= m and value > 0.0:
            y[variable - m] = value
    total_x, total_y = sum(x), sum(y)
    return [v / total_x for v in x], [v / total_y for v in y]


def _float_path(A: np.ndarray, B: np.ndarray, label: int, max_pivots: int):
    """The float Lemke-Howson path: the pivots of :class:`_Tableau`, on two dictionaries updated in place.

    Returns the row and column strategies (lists of floats, normalised) and
    the number of pivots. On a dictionary of up to :data:`_LIST_RATIO_ROWS`
    rows the ratio test is the list loop's, on the column and the right-hand
    side read as lists. On a larger one, while every right-hand side is
    positive, the minimum ratio ``rhs[r] / T[r, j]`` over the rows with
    ``T[r, j] > 0`` is the maximum of ``T[r, j] / rhs[r]`` over all rows, one
    divide and one ``argmax`` on preallocated buffers; the runner-up (a second
    ``argmax``) shows whether the minimum is tied. A tie, a right-hand side
    at or below 0 (a degenerate vertex) or a pivot entry too small to trust
    sends the step through the general rule of :meth:`_Tableau.pivot_in`
    (lexicographic, with tolerances), so the pivots are that rule's.
    """
    m, n = A.shape
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    p_matrix, q_matrix = _dictionaries(A, B)
    bases, positions, slacks, side = _start(m, n, label)
    # Per polytope: the tableau; views into it (updated in place, so they stay current),
    # made when first needed; its right-hand side; work buffers; basis, nonbasic
    # positions and initial basis. The tableaux are column-major: the ratio test reads
    # columns, and numpy reduces a contiguous vector several times faster than a strided one.
    states = []
    for matrix, basis, position, slack in zip((p_matrix, q_matrix), bases, positions, slacks):
        rows, width = matrix.shape
        fresh_line = np.empty(width)
        # The rank-one product is written transposed into a row-major buffer by np.dot (a
        # one-term matrix product: each entry is the same single rounded product as numpy's
        # broadcast multiply, at half its cost); its transpose is column-major, like the tableau.
        outer = np.empty((width, rows))
        states.append((matrix, [None] * width, [None] * rows, matrix[:, width - 1], np.empty(rows), fresh_line,
                       fresh_line[:, None], outer, outer.T, basis, position, slack))
    # Scalars for numpy calls held in 0-d arrays, which numpy takes faster than Python floats.
    scale, negated = np.empty(()), np.empty(())
    # Whether every right-hand side of a tableau is positive (a nondegenerate vertex).
    # A pivot by the one-divide test keeps it so: a row i with T[i, j] > 0 that is not
    # tied keeps rhs[i] - T[i, j] * rhs[r] / p >= T[i, j] * 1e-11 > 0, and the other rows
    # grow. Only a pivot by the general rule has to look.
    positive = [True, True]
    # Up to _LIST_RATIO_ROWS rows the ratio test reads the column and the right-hand side as
    # lists (two numpy calls) and runs the list loop's test on Python floats, which costs less
    # than the ten numpy calls of the one-divide test; it needs no positivity flag.
    listed = [p_matrix.shape[0] <= _LIST_RATIO_ROWS, q_matrix.shape[0] <= _LIST_RATIO_ROWS]
    entering = label
    pivots = 0
    divide, subtract, dot, copy = np.divide, np.subtract, np.dot, np.copyto
    infinity = float("inf")
    while True:
        if pivots >= max_pivots:
            raise _pivot_limit(label, max_pivots)
        (matrix, columns, lines, rhs, ratios, fresh_line, fresh_column, outer, outer_t, basis, position,
         slack) = states[side]
        j = position[entering]
        views = columns[j]
        if views is None:
            # The column as a vector, and as a 1 x n matrix for the rank-one product.
            column = matrix[:, j]
            views = columns[j] = (column, column[None, :])
        column, column_row = views
        row = -1
        if listed[side]:
            entries = column.tolist()
            threshold = 1e-12 * max(1.0, max(entries), -min(entries))
            best = second = infinity
            r = 0
            for v, b in zip(entries, rhs.tolist()):
                if v > threshold:
                    ratio = b / v
                    if ratio < best:
                        best, second, row = ratio, best, r
                    elif ratio < second:
                        second = ratio
                r += 1
            if row < 0:
                _check_rows(0, entering)
            if second <= best + 1e-11 * (1.0 + abs(best)):
                rows = np.array([r for r, v in enumerate(entries) if v > threshold])
                row = _lexicographic_row(matrix, column, rows, slack, basis, position)
            head = entries[row]
        elif positive[side]:
            divide(column, rhs, out=ratios)
            k = int(ratios.argmax())
            head = float(column[k])
            # The threshold of the general rule (a smaller entry is taken for rounding noise).
            if head > 1e-12 * max(1.0, float(column[column.argmax()]), -float(column[column.argmin()])):
                best = 1.0 / float(ratios[k])
                ratios[k] = -infinity
                second = float(ratios[ratios.argmax()])
                if not second > 0.0 or 1.0 / second > best + 1e-11 * (1.0 + best):
                    row = k
        general = row < 0 and not listed[side]
        if general:
            row = _general_row(matrix, column, rhs, entering, slack, basis, position)
            head = float(column[row])
        pivot_line = lines[row]
        if pivot_line is None:
            pivot_line = lines[row] = matrix[row]
        # The rank-one update leaves column j alone (the pivot line's entry j is 0
        # during it); column j and the pivot line are then written as the pivot rule says.
        # (BLAS's in-place rank-one update, scipy.linalg.blas.dger, saves about a quarter
        # of a pivot at 50 x 50, but importing scipy.linalg costs over 100 ms.)
        scale[()] = head
        negated[()] = -head
        divide(pivot_line, scale, out=fresh_line)
        fresh_line[j] = 0.0
        dot(fresh_column, column_row, out=outer)
        subtract(matrix, outer_t, out=matrix)
        divide(column, negated, out=column)
        fresh_line[j] = 1.0 / head
        copy(pivot_line, fresh_line)
        if general:
            positive[side] = rhs[rhs.argmin()] > 0.0
        leaving = basis[row]
        basis[row] = entering
        position[entering] = -1
        position[leaving] = j
        pivots += 1
        if leaving == label:
            break
        entering = leaving
        side = 1 - side
    x, y = _strategies(m, n, bases, p_matrix[:, m].tolist(), q_matrix[:, n].tolist())
    return x, y, pivots


def _general_row(matrix: np.ndarray, column: np.ndarray, rhs: np.ndarray, entering: int, slack: range,
                 basis: list[int], position: list[int]) -> int:
    """The pivot row by the rule of :meth:`_Tableau.pivot_in` with float tolerances (ties lexicographic)."""
    threshold = 1e-12 * max(1.0, float(column.max()), -float(column.min()))
    rows = (column > threshold).nonzero()[0]
    if rows.size == 1:
        return int(rows[0])
    if rows.size == 0:
        _check_rows(0, entering)
    ratios = rhs[rows] / column[rows]
    k = int(ratios.argmin())
    best = float(ratios[k])
    if np.count_nonzero(ratios <= best + 1e-11 * (1.0 + abs(best))) == 1:
        return int(rows[k])
    return _lexicographic_row(matrix, column, rows, slack, basis, position)


#: Up to this many rows a dictionary of the array loop takes its ratio test on Python floats (see
#: :func:`_float_path`; about 7 % fewer interpreter instructions on an 8 x 8 path); from 12 rows
#: on, the one-divide test on arrays costs less.
_LIST_RATIO_ROWS = 10

#: Up to this many payoff entries the float path pivots on lists of Python
#: floats: on a tableau this small each numpy call costs more than its
#: arithmetic. Shapes of up to 4 x 4 take the written-out path instead
#: (:mod:`._lemke_kernels`); of the others, lists cost fewer interpreter
#: instructions at 8 x 2 and 6 x 3, arrays at 5 x 4 (309k against 319k) and
#: 5 x 5 (353k against 400k).
_SMALL_GAME = 18


def _small_float_path(A: np.ndarray, B: np.ndarray, label: int, max_pivots: int):
    """:func:`_float_path` on lists of Python floats: the same dictionaries, ratio test and pivots."""
    m, n = A.shape
    a_rows, b_columns = A.tolist(), B.T.tolist()
    low_a, low_b = _least(A), _least(B)
    matrices = ([[v - low_b + 1.0 for v in line] + [1.0] for line in b_columns],
                [[v - low_a + 1.0 for v in line] + [1.0] for line in a_rows])
    bases, positions, slacks, side = _start(m, n, label)
    entering = label
    pivots = 0
    infinity = float("inf")
    while True:
        if pivots >= max_pivots:
            raise _pivot_limit(label, max_pivots)
        matrix = matrices[side]
        position = positions[side]
        j = position[entering]
        entries = [line[j] for line in matrix]
        threshold = 1e-12 * max(1.0, max(entries), -min(entries))
        best = second = infinity
        row = -1
        for r, v in enumerate(entries):
            if v > threshold:
                ratio = matrix[r][-1] / v
                if ratio < best:
                    best, second, row = ratio, best, r
                elif ratio < second:
                    second = ratio
        if row < 0:
            _check_rows(0, entering)
        if second <= best + 1e-11 * (1.0 + abs(best)):
            rows = np.array([r for r, v in enumerate(entries) if v > threshold])
            row = _lexicographic_row(np.array(matrix), np.array(entries), rows, slacks[side], bases[side], position)
        head = entries[row]
        pivot_line = [v / head for v in matrix[row]]
        pivot_line[j] = 1.0 / head
        for r, factor in enumerate(entries):
            if r != row and factor != 0.0:
                line = [a - factor * b for a, b in zip(matrix[r], pivot_line)]
                line[j] = -factor / head
                matrix[r] = line
        matrix[row] = pivot_line
        basis = bases[side]
        leaving = basis[row]
        basis[row] = entering
        position[entering] = -1
        position[leaving] = j
        pivots += 1
        if leaving == label:
            break
        entering = leaving
        side = 1 - side
    x, y = _strategies(m, n, bases, [line[-1] for line in matrices[0]], [line[-1] for line in matrices[1]])
    return x, y, pivots


def _tie_row(slack: range, matrix: list, entries: list, threshold: float, basis: list, position: list) -> int:
    """The lexicographic row of a tie in a written-out path (:mod:`._lemke_kernels`), as the list loop picks it."""
    rows = np.array([r for r, v in enumerate(entries) if v > threshold])
    return _lexicographic_row(np.array(matrix), np.array(entries), rows, slack, basis, position)


def _no_row(entering: int) -> None:
    _check_rows(0, entering)


def _kernel_float_path(A: np.ndarray, B: np.ndarray, label: int, max_pivots: int, rows=None):
    """:func:`_small_float_path` written out for the game's shape (:mod:`._lemke_kernels`): the same pivots.

    ``rows``, if given, is ``(A.tolist(), B.tolist())``, saving the conversion.
    """
    m, n = A.shape
    a_rows, b_rows = (A.tolist(), B.tolist()) if rows is None else rows
    # The least payoffs as floats (min over Python floats is exact, as the list loop's argmin).
    low_a, low_b = float(min(map(min, a_rows))), float(min(map(min, b_rows)))
    end = kernel(m, n)(a_rows, b_rows, low_a, low_b, label, max_pivots, _tie_row, _no_row)
    if end is None:
        raise _pivot_limit(label, max_pivots)
    basis_p, rhs_p, basis_q, rhs_q, pivots = end
    x, y = _strategies(m, n, (basis_p, basis_q), rhs_p, rhs_q)
    return x, y, pivots


#: Up to this many payoff entries a float end is certified on Python floats
#: (:func:`~gametheory.equilibrium.certify_small_pairs`), above it by
#: :func:`~gametheory.equilibrium.certify` on arrays, whichever is faster.
_SMALL_CERTIFICATE = 120


def _certify_float(game: NormalFormGame, x, y, tol, payoffs=None) -> Equilibrium:
    """``certify(game, [x, y], tol=tol)`` of a float path's end, in fewer steps.

    The probabilities are cleaned as :func:`~gametheory.equilibrium.certify`
    cleans them (those within the game's tolerance of 0 set to 0, then
    renormalised), and the profile is certified with the same checks. A
    profile that fails raises :class:`NotAnEquilibriumError` naming the
    player who gains. ``payoffs``, if given, is the float game's two payoff
    matrices as nested lists.
    """
    if not isinstance(x, list):
        x, y = np.asarray(x, dtype=float).tolist(), np.asarray(y, dtype=float).tolist()
    cut = game.tolerance(tol) / game.payoff_scale
    # The least nonzero probability (the paths' ends have none below 0).
    if min(filter(None, x + y), default=1.0) <= cut:
        x = [p if p > cut else 0.0 for p in x]
        y = [q if q > cut else 0.0 for q in y]
        total_x, total_y = sum(x), sum(y)
        x, y = [p / total_x for p in x], [q / total_y for q in y]
    if len(x) * len(y) <= _SMALL_CERTIFICATE:
        certified = certify_small_pairs(game, [(x, y)], tol=tol, payoffs=payoffs)[0]
        if certified is not None:
            return certified
    return certify(game, [np.array(x), np.array(y)], tol=tol, clean=False)


def lemke_howson(
    game: NormalFormGame,
    *,
    initial_label: int = 0,
    exact: bool | None = None,
    tol: float | None = None,
    max_pivots: int | None = None,
) -> SolveResult:
    """One Nash equilibrium of a two-player game by complementary pivoting.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game with ``m`` row and ``n`` column actions.
    initial_label : int
        The label dropped at the start of the path: ``0 .. m-1`` are the row
        player's actions, ``m .. m+n-1`` the column player's (default 0).
        Different labels may lead to different equilibria.
    exact : bool, optional
        Pivot in exact (integer) arithmetic (regret exactly 0). Default: exact when
        the game's payoffs are exact. A float game solved exactly is read
        through :meth:`NormalFormGame.as_exact`.
    tol : float, optional
        Relative tolerance of the float certificate (see
        :mod:`gametheory.numerics`).
    max_pivots : int, optional
        Stop with :class:`PivotLimitError` after this many pivots; default
        ``max(10000, 50 (m + n)^2)``. The lexicographic rule guarantees the
        path ends, but some games have exponentially long paths.

    Returns
    -------
    SolveResult
        Method ``"lemke_howson"`` with one certified equilibrium;
        ``complete`` is False (the game may have others) and the notes say
        which label was dropped and how many pivots the path took.

    Raises
    ------
    ValueError
        If the game does not have two players or ``initial_label`` or
        ``max_pivots`` is out of range.
    TypeError
        If ``game`` is not a NormalFormGame or ``initial_label`` is not an integer.
    PivotLimitError
        If the path is longer than ``max_pivots``.

    Notes
    -----
    Payoffs are shifted to be positive (which changes no best response), so
    the best-response polytopes ``P = {x >= 0 : B^T x <= 1}`` and
    ``Q = {y >= 0 : A y <= 1}`` are bounded. Ties in the ratio test are broken
    by the lexicographic rule, so degenerate games are handled without
    cycling. If a float path ends in a profile that fails its certificate
    (rounding on an ill-conditioned game), the path is recomputed in exact
    arithmetic and the notes say so.

    References
    ----------
    C. E. Lemke and J. T. Howson, "Equilibrium points of bimatrix games",
    SIAM Journal on Applied Mathematics 12 (1964), 413-423.
    B. von Stengel, "Computing equilibria for two-person games", Handbook of
    Game Theory vol. 3 (2002), chapter 45.
    J. Edmonds, "Systems of distinct representatives and linear algebra",
    Journal of Research of the National Bureau of Standards 71B (1967),
    241-245 (integer pivoting).

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> battle = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]],
    ...                                       actions=(["Opera", "Fight"], ["Opera", "Fight"]))
    >>> lemke_howson(battle, initial_label=0)[0].describe()
    'Row: Opera; Column: Opera'
    >>> result = lemke_howson(battle, initial_label=3)
    >>> result[0].describe(), result.complete
    ('Row: Fight; Column: Fight', False)
    >>> result[0].regrets
    (Fraction(0, 1), Fraction(0, 1))
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"lemke_howson() takes a NormalFormGame, got {type(game).__name__}")
    if game.n_players != 2:
        raise ValueError(f"lemke_howson() needs a two-player game, this one has {game.n_players} players")
    m, n = game.shape
    if type(initial_label) is not int and (isinstance(initial_label, bool)
                                           or not isinstance(initial_label, numbers.Integral)):
        raise TypeError(f"initial_label must be an integer label 0..{m + n - 1}, got {initial_label!r}")
    if not 0 <= initial_label < m + n:
        raise ValueError(
            f"initial_label must be in 0..{m + n - 1} (0..{m - 1} for {game.players[0]}'s actions, "
            f"{m}..{m + n - 1} for {game.players[1]}'s), got {initial_label}"
        )
    label = int(initial_label)
    if max_pivots is None:
        max_pivots = max(10_000, 50 * (m + n) ** 2)
    elif isinstance(max_pivots, bool) or not isinstance(max_pivots, numbers.Integral) or max_pivots < 1:
        raise ValueError(f"max_pivots must be a positive integer, got {max_pivots!r}")
    exact = game.is_exact if exact is None else bool(exact)
    work = game.as_exact() if exact else game
    A, B = work.bimatrix()
    finite = exact or all(high - low != math.inf for low, high in work.payoff_ranges())
    if not finite:
        # Payoffs spread wider than the largest float: pivot on each player's payoffs mapped onto [0, 1] (a
        # positive affine map changes no equilibrium); the certificate stays on the game as given.
        A, B = work.normalized().bimatrix()

    owner = 0 if label < m else 1
    action = work.actions[owner][label if owner == 0 else label - m]
    notes = [f"initial label {label}: {work.players[owner]}'s action {action!r} dropped first"]
    rows = None
    if finite and not exact and not work.is_exact and A.shape in KERNEL_SHAPES:
        # The written-out path and the certificate read the same nested lists.
        rows = (A.tolist(), B.tolist())
        x, y, pivots = _kernel_float_path(A, B, label, int(max_pivots), rows)
    else:
        x, y, pivots = _path(A, B, label, exact, int(max_pivots))
    try:
        equilibrium = certify(work, [x, y], tol=tol) if exact else _certify_float(work, x, y, tol, rows)
    except NotAnEquilibriumError as error:
        if exact:  # pragma: no cover - exact pivoting always ends at an equilibrium
            raise
        work = game.as_exact()
        exact = True
        x, y, pivots = _path(*work.bimatrix(), label, True, int(max_pivots))
        equilibrium = certify(work, [x, y])
        notes.append(f"the float path failed its certificate ({error}); recomputed in exact arithmetic")
    notes.append(f"{pivots} pivots; Lemke-Howson finds one equilibrium, others may exist")
    return SolveResult(
        game=work,
        equilibria=(equilibrium,),
        method="lemke_howson",
        complete=False,
        degenerate=None,
        continuum=None,
        notes=tuple(notes),
        exact=exact,
    )
