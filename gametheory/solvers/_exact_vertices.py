"""Exact, complete vertex enumeration of the best-response polytopes by lexicographic adjacency search.

Each best-response polytope of a bimatrix game with positive integer payoffs
has the form ``{z >= 0 : M z <= 1}`` (``P``: ``M = B^T``; ``Q``: ``M = A``;
see :mod:`._bimatrix`). This module lists all its vertices, each with every
inequality tight at it (its labels), with every decision exact, so the
answer is exact and provably complete whatever the degeneracy:

* A basis is a set ``T`` of ``d`` inequalities (labels) made tight; its
  dictionary expresses the slack of every other inequality in terms of the
  slacks of ``T``.
* Degeneracy is resolved by the lexicographic rule: the right-hand side
  ``h`` is perturbed symbolically to ``h_r + eps**(r + 1)``. The perturbed
  polytope is simple, its vertices are exactly the lexicographically
  feasible bases, each basis has exactly one neighbour across each of its
  ``d`` edges (the lexicographic minimum-ratio pivot), and its graph is
  connected, so a search from the origin's basis visits all of them
  (Dantzig, Orden and Wolfe 1955; Avis and Fukuda 1992). Every vertex of the
  unperturbed polytope is the limit of a vertex of the perturbed one, so it
  is the solution of at least one visited basis; its labels are read off
  exactly (the inequalities with slack exactly 0).
* :func:`_integer_search` keeps every dictionary fraction-free (integer
  entries over a common denominator, Edmonds' update), so every ratio test
  is decided by cross-multiplying integers. :func:`_filtered_search`
  visits the same bases level by level, solving a whole level in batched
  floating point with a proven bound on every error, and decides a basis
  there only when the bounds prove the decisions (no surplus label, one
  strictly smallest ratio per column); every other basis gets its integer
  dictionary. The filter is used on larger polytopes, the integer search on
  small or very degenerate ones; both return the same vertices.
* Equal payoff rows are one inequality: the polytope of the distinct rows
  is enumerated and each copy's label added where its original's is tight.

:func:`enumerate_vertices` runs the search. :func:`exact_vertex_enumeration_result`
builds the full answer of exact vertex enumeration from the vertices of both
polytopes with the shared label matching and certification of
:mod:`._bimatrix`; coordinates are solved exactly only for the vertices that
take part in an equilibrium.

References
----------
D. Avis and K. Fukuda, "A pivoting algorithm for convex hulls and vertex
enumeration of arrangements and polyhedra", Discrete and Computational
Geometry 8, 295-313, 1992.
D. Avis, "lrs: A revised implementation of the reverse search vertex
enumeration algorithm", in Polytopes - Combinatorics and Computation,
DMV Seminar 29, 177-198, 2000.
G. B. Dantzig, A. Orden and P. Wolfe, "The generalized simplex method for
minimizing a linear form under linear inequality restraints", Pacific
Journal of Mathematics 5, 183-195, 1955.
E. H. Bareiss, "Sylvester's identity and multistep integer-preserving
Gaussian elimination", Mathematics of Computation 22, 565-578, 1968.
J. Edmonds, "Systems of distinct representatives and linear algebra",
Journal of Research of the National Bureau of Standards 71B, 241-245, 1967.
N. J. Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed.,
SIAM, 2002.
S. M. Rump, "Solving algebraic problems with high accuracy", in A New
Approach to Scientific Computation, Academic Press, 51-120, 1983.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

__all__ = ["PolytopeVertices", "enumerate_vertices", "exact_vertex_enumeration_result"]


@dataclass
class PolytopeVertices:
    """The vertices of ``{z >= 0 : M z <= 1}`` other than the origin.

    ``labels[k]`` is the bitmask of the labels tight at vertex ``k`` (all of
    them); ``bases[k]`` is the bitmask of ``d`` labels of one basis whose
    solution is vertex ``k``. ``visited`` counts the lexicographically
    feasible bases visited and ``exact_bases`` those whose dictionary was
    computed in integers (all of them unless the floating-point filter ran).
    """

    G: list  # the inequalities G z <= h, one row per label
    h: list
    labels: list
    bases: list
    visited: int
    exact_bases: int

    @property
    def degenerate(self) -> bool:
        """Whether some vertex has more tight labels than the dimension."""
        d = len(self.G[0])
        return any(label.bit_count() > d for label in self.labels)

    def coordinates(self, k: int) -> tuple[list[int], int]:
        """Vertex ``k`` as ``(numerators, denominator)``: non-negative integers over a positive one."""
        from ._bimatrix import solve_integer

        basis = [label for label in range(len(self.G)) if self.bases[k] >> label & 1]
        numerators, denominator = solve_integer([self.G[b] for b in basis], [self.h[b] for b in basis])
        return numerators, denominator

    def strategies(self) -> "_Strategies":
        """The normalised vertices (Fraction arrays), each built when first asked for."""
        return _Strategies(self)


class _Strategies:
    """The normalised strategy of each vertex, as a Fraction array, built on first use.

    Only the vertices that take part in an equilibrium are ever looked at,
    so solving every vertex's coordinates up front would be wasted work.
    """

    def __init__(self, vertices: PolytopeVertices):
        self._vertices = vertices
        self._cache: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._vertices.labels)

    def __getitem__(self, k: int) -> np.ndarray:
        strategy = self._cache.get(k)
        if strategy is None:
            numerators, _ = self._vertices.coordinates(k)
            total = sum(numerators)
            strategy = np.empty(len(numerators), dtype=object)
            strategy[:] = [Fraction(v, total) for v in numerators]
            self._cache[k] = strategy
        return strategy


def _inequalities(M: list[list[int]], payoff_first: bool):
    """``G z <= h`` of ``{z >= 0 : M z <= 1}`` with one row per label, and the coordinate labels."""
    k, d = len(M), len(M[0])
    minus = [[-1 if r == c else 0 for c in range(d)] for r in range(d)]
    payoff = [list(row) for row in M]
    if payoff_first:
        return payoff + minus, [1] * k + [0] * d, list(range(k, k + d))
    return minus + payoff, [0] * d + [1] * k, list(range(d))


def enumerate_vertices(M: list[list[int]], payoff_first: bool, *, filtered: bool | None = None) -> PolytopeVertices:
    """All vertices of ``{z >= 0 : M z <= 1}`` but the origin, exactly, with all their tight labels.

    Parameters
    ----------
    M : list of list of int
        ``k x d`` matrix of positive integers (so the polytope is bounded).
    payoff_first : bool
        Label order: ``True`` numbers the ``k`` payoff rows ``M z <= 1``
        first, then ``z >= 0`` (the labels of ``Q``); ``False`` numbers
        ``z >= 0`` first (the labels of ``P``).
    filtered : bool, optional
        Decide the pivots with the floating-point filter
        (:func:`_filtered_search`), falling back to integer dictionaries
        where it cannot decide; ``False`` pivots in integers throughout
        (:func:`_integer_search`). Default: the filter when every entry of
        ``M`` is exact in floating point and the polytope has more than
        :data:`_FILTER_FROM` bases. Both give the same answer.

    Returns
    -------
    PolytopeVertices

    Examples
    --------
    The triangle ``{z >= 0 : z_1 + z_2 <= 1}`` (one payoff row), labels
    ``z_1 = 0``, ``z_2 = 0`` then the payoff row:

    >>> v = enumerate_vertices([[1, 1]], payoff_first=False)
    >>> sorted(zip(v.labels, map(v.coordinates, range(2))))
    [(5, ([0, 1], 1)), (6, ([1, 0], 1))]

    Two equal payoff rows: each vertex of the simplex has one surplus label.

    >>> v = enumerate_vertices([[1, 1, 1], [1, 1, 1]], payoff_first=False)
    >>> len(v.labels), v.degenerate, sorted(label.bit_count() for label in v.labels)
    (3, True, [4, 4, 4])
    """
    G, h, coordinate_labels = _inequalities(M, payoff_first)
    k, d = len(M), len(M[0])
    representatives: dict[tuple, int] = {}
    copy_of = [representatives.setdefault(tuple(row), len(representatives)) for row in M]
    if len(representatives) < k:
        return _with_copies(M, payoff_first, filtered, copy_of, G, h)
    payoff_labels = [label for label in range(k + d) if label not in coordinate_labels]
    if filtered is None:
        filtered = (math.comb(k + d, d) > _FILTER_FROM and max(map(max, M)) < _FLOAT_EXACT
                    and k + d <= _WIDEST_FILTERED)
    if filtered:
        found = _filtered_search(M, payoff_labels, coordinate_labels, G, h)
        if found is not None:
            return found
    return _integer_search(G, h, coordinate_labels)


def _with_copies(M, payoff_first, filtered, copy_of, G, h) -> PolytopeVertices:
    """:func:`enumerate_vertices` of a matrix with equal rows: the vertices of the matrix without repeats.

    Equal rows are the same inequality, so the polytope is that of the
    distinct rows; each copy's label is tight wherever its original's is
    (the vertex gets a surplus label: the polytope is degenerate).
    """
    k, d = len(M), len(M[0])
    first = {}
    for r, q in enumerate(copy_of):
        first.setdefault(q, r)
    distinct = [M[first[q]] for q in range(len(first))]
    reduced = enumerate_vertices(distinct, payoff_first, filtered=filtered)
    kept = len(distinct)

    def payoff_label(r, rows):  # label of payoff row r of a matrix with this many rows
        return r if payoff_first else d + r

    def coordinate_label(i, rows):
        return rows + i if payoff_first else i

    # Each label of the reduced polytope as a bitmask of the original labels: all copies, and one row for a basis.
    every, one = {}, {}
    for i in range(d):
        every[coordinate_label(i, kept)] = one[coordinate_label(i, kept)] = 1 << coordinate_label(i, k)
    for q in range(kept):
        one[payoff_label(q, kept)] = 1 << payoff_label(first[q], k)
        every[payoff_label(q, kept)] = _mask(payoff_label(r, k) for r in range(k) if copy_of[r] == q)
    return PolytopeVertices(G, h, [_translate(mask, every) for mask in reduced.labels],
                            [_translate(mask, one) for mask in reduced.bases], reduced.visited, reduced.exact_bases)


def _translate(mask: int, table: dict) -> int:
    translated = 0
    while mask:
        low = mask & -mask
        translated |= table[low.bit_length() - 1]
        mask ^= low
    return translated


#: The floating-point filter runs on polytopes with more bases than this (``binomial(k + d, d)``: 6 x 6 and up).
_FILTER_FROM = 900
#: Integers below this are exact in floating point.
_FLOAT_EXACT = 2 ** 53
#: The filter keeps label sets in 64-bit integers: polytopes with more labels are searched in integers.
_WIDEST_FILTERED = 62


def _integer_search(G, h, coordinate_labels) -> PolytopeVertices:
    """The lexicographic search with every dictionary kept in integers (Edmonds' pivoting)."""
    N, d = len(G), len(G[0])
    row_labels = [label for label in range(N) if label not in coordinate_labels]
    tight = list(coordinate_labels)
    # The origin's dictionary: the slack of payoff row r is 1 - M_r z, with
    # z_i the slack of the non-negativity label of coordinate i.
    rows = [[h[r], *G[r]] for r in row_labels]
    origin = _mask(tight)
    seen = {origin}
    # Each entry is a dictionary and the pivot still to make on it (None: none), so a
    # basis's dictionary is built only when the basis is reached, from its parent's.
    stack = [(tight, row_labels, rows, 1, None)]
    vertex_of: dict[int, int] = {}
    labels, bases = [], []
    visited = 0
    while stack:
        tight, row_labels, rows, D, move = stack.pop()
        if move is not None:
            tight, row_labels, rows, D = _pivot(tight, row_labels, rows, D, *move)
        visited += 1
        mask = _mask(tight)
        full = mask
        for label, row in zip(row_labels, rows):
            if row[0] == 0:
                full |= 1 << label
        if full & origin != origin and full not in vertex_of:
            vertex_of[full] = len(labels)
            labels.append(full)
            bases.append(mask)
        for j in range(d):
            best = _exact_ratio_test(rows, row_labels, tight, D, j)
            new_mask = mask ^ (1 << tight[j]) ^ (1 << row_labels[best])
            if new_mask not in seen:
                seen.add(new_mask)
                stack.append((tight, row_labels, rows, D, (best, j)))
    return PolytopeVertices(G, h, labels, bases, visited, visited)


def _exact_ratio_test(rows, row_labels, tight, D, j) -> int:
    """The row of the lexicographic minimum ratio in column ``j`` of an integer dictionary."""
    c = j + 1
    best = -1
    for i, row in enumerate(rows):
        a = row[c]
        if a > 0:
            if best < 0:
                best, best_row, best_a = i, row, a
                continue
            lhs, rhs = row[0] * best_a, best_row[0] * a
            if lhs < rhs or (lhs == rhs and _lex_smaller(row, row_labels[i], best_row, row_labels[best],
                                                         tight, a, best_a, D)):
                best, best_row, best_a = i, row, a
    if best < 0:  # an unbounded edge: impossible in a polytope
        raise AssertionError("unbounded edge in a best-response polytope")
    return best


def _mask(labels) -> int:
    mask = 0
    for label in labels:
        mask |= 1 << label
    return mask


def _lex_smaller(row, label, other, other_label, tight, a, other_a, D) -> bool:
    """Whether ``row``'s perturbed ratio is lexicographically below ``other``'s (equal values already).

    The perturbed slack of row label ``r`` is ``beta_r + eps_r + sum_t
    alpha_rt eps_t``: its coefficient on ``eps_e`` is ``D`` (in integer
    units) for ``e = r``, the dictionary entry for ``e`` in ``T``, else 0.
    The coefficients are compared, divided by the pivot-column entries, in
    label order; distinct rows always differ somewhere.
    """
    coefficients = {}
    for position, t in enumerate(tight):
        coefficients[t] = position + 1
    for e in sorted((*tight, label, other_label)):
        if e == label:
            mine, theirs = D, 0
        elif e == other_label:
            mine, theirs = 0, D
        else:
            c = coefficients[e]
            mine, theirs = row[c], other[c]
        lhs, rhs = mine * other_a, theirs * a
        if lhs != rhs:
            return lhs < rhs
    raise AssertionError("two dictionary rows with equal lexicographic ratios")


def _pivot(tight, row_labels, rows, D, r, j):
    """The dictionary after label ``row_labels[r]`` becomes tight and ``tight[j]`` leaves (Edmonds' update)."""
    c = j + 1
    pivot_row = rows[r]
    p = pivot_row[c]
    new_rows = []
    for i, row in enumerate(rows):
        if i == r:
            new = list(pivot_row)
            new[c] = D
        else:
            f = row[c]
            if f == 0:
                new = [v * p // D for v in row]
            else:
                new = [(v * p - f * w) // D for v, w in zip(row, pivot_row)]
            new[c] = -f
        new_rows.append(new)
    new_tight = list(tight)
    new_labels = list(row_labels)
    new_tight[j], new_labels[r] = row_labels[r], tight[j]
    return new_tight, new_labels, new_rows, p



def _exact_dictionary(M, mask, payoff_labels, coordinate_labels):
    """The integer dictionary of basis ``mask``, computed from scratch: ``(tight, row_labels, rows, D)``.

    As in :func:`_filter_group`, with ``S`` the tight payoff rows, ``O`` the
    others, ``F`` the free coordinates and ``Z`` the zero ones, only
    ``B = M[S, F]`` is inverted: fraction-free elimination (Bareiss 1968) of
    ``B [u | V] = [1 | I]`` gives ``D B^{-1} 1`` and ``D B^{-1}`` in integers
    with ``D = |det B|``. The rows are those of :func:`_integer_search`
    (times ``D``): for a free coordinate ``i``, ``[u_i, V_i, V_i M[S, Z]]``;
    for a slack row ``r``, ``[D - M[r, F] u, -M[r, F] V, D M[r, Z] - M[r, F] V M[S, Z]]``.
    """
    S = [r for r, label in enumerate(payoff_labels) if mask >> label & 1]
    O = [r for r, label in enumerate(payoff_labels) if not mask >> label & 1]
    F = [i for i, label in enumerate(coordinate_labels) if not mask >> label & 1]
    Z = [i for i, label in enumerate(coordinate_labels) if mask >> label & 1]
    s = len(S)
    u, V, D = _solve_with_inverse([[M[r][i] for i in F] for r in S])
    VMSZ = [[sum(V[l][a] * M[S[a]][j] for a in range(s)) for j in Z] for l in range(s)]
    rows = [[u[l], *V[l], *VMSZ[l]] for l in range(s)]
    for r in O:
        weights = [M[r][i] for i in F]
        rows.append([D - sum(w * v for w, v in zip(weights, u)),
                     *(-sum(weights[l] * V[l][a] for l in range(s)) for a in range(s)),
                     *(D * M[r][j] - sum(weights[l] * VMSZ[l][b] for l in range(s)) for b, j in enumerate(Z))])
    tight = [payoff_labels[r] for r in S] + [coordinate_labels[i] for i in Z]
    row_labels = [coordinate_labels[i] for i in F] + [payoff_labels[r] for r in O]
    return tight, row_labels, rows, D


def _solve_with_inverse(B: list[list[int]]) -> tuple[list[int], list[list[int]], int]:
    """``(D B^{-1} 1, D B^{-1}, D)`` of a nonsingular integer matrix, ``D = |det B|`` (Bareiss elimination)."""
    s = len(B)
    if s == 0:
        return [], [], 1
    width = 2 * s + 1
    a = [list(B[r]) + [1] + [1 if c == r else 0 for c in range(s)] for r in range(s)]
    previous = 1
    for c in range(s):
        pivot_row = next((r for r in range(c, s) if a[r][c] != 0), None)
        if pivot_row is None:
            raise AssertionError("singular basis reached by a pivot")
        if pivot_row != c:
            a[c], a[pivot_row] = a[pivot_row], a[c]
        line = a[c]
        pivot = line[c]
        for r in range(c + 1, s):
            other = a[r]
            factor = other[c]
            a[r] = [0] * (c + 1) + [(other[j] * pivot - factor * line[j]) // previous for j in range(c + 1, width)]
        previous = pivot
    det = a[s - 1][s - 1]
    # Back substitution for every right-hand side at once: the solutions times det, in integers.
    solution = [None] * s
    for r in range(s - 1, -1, -1):
        line = a[r]
        values = []
        for j in range(s, width):
            total = line[j] * det
            for c in range(r + 1, s):
                total -= line[c] * solution[c][j - s]
            values.append(total // line[r])
        solution[r] = values
    if det < 0:
        det = -det
        solution = [[-v for v in values] for values in solution]
    return [values[0] for values in solution], [values[1:] for values in solution], det


def _filtered_search(M, payoff_labels, coordinate_labels, G, h) -> PolytopeVertices | None:
    """The lexicographic search level by level, each pivot decided in floating point when provably right.

    The bases of a level are solved in batched floating-point calls, grouped
    by the number ``s`` of payoff rows they make tight: with ``S`` those rows
    and ``F`` the coordinates left free, the basis system reduces to
    ``M[S, F] z_F = 1``, so only an ``s x s`` matrix is inverted. A residual
    bound (Rump 1983; Higham 2002, ch. 3 and 14) then encloses the exact
    dictionary entry by entry: with ``R`` the computed inverse and ``rho``
    at least ``||R M[S, F] - I||`` (the computed residual plus a bound on its
    rounding), ``||M[S, F]^{-1} - R|| <= ||R|| rho / (1 - rho)``, which with
    the rounding of the products bounds the error of every slack and every
    dictionary entry (:func:`_filter_group`). A basis is decided in floating
    point only when these intervals prove that every slack outside it is
    positive (its vertex has exactly ``d`` labels) and that each column has
    one row whose ratio is below every other row's interval: then the
    pivots found are the exact lexicographic ones. Any other basis gets its
    integer dictionary (:func:`_exact_dictionary`) and exact ratio tests.
    Returns ``None`` when too many bases need that (a very degenerate
    polytope), for :func:`_integer_search`, which pivots integer
    dictionaries faster than it recomputes them.
    """
    k, d = len(M), len(M[0])
    N = k + d
    Mf = np.array(M, dtype=float)
    payoff_list, coordinate_list = list(payoff_labels), list(coordinate_labels)
    payoff_labels = np.asarray(payoff_labels)
    coordinate_labels = np.asarray(coordinate_labels)
    bits = np.left_shift(np.int64(1), np.arange(N, dtype=np.int64))
    origin = _mask(coordinate_labels.tolist())
    seen = {origin}
    frontier = [origin]
    vertex_of: dict[int, int] = {}
    labels, bases = [], []
    visited = exact = 0
    while frontier:
        next_frontier = []
        for start in range(0, len(frontier), _BATCH):
            chunk = frontier[start:start + _BATCH]
            masks = np.array(chunk, dtype=np.int64)
            member = (masks[:, None] & bits) != 0
            payoff_tight = member[:, payoff_labels]
            coordinate_tight = member[:, coordinate_labels]
            sizes = np.add.reduce(payoff_tight, axis=1)
            certain = np.zeros(len(chunk), dtype=bool)
            neighbours = np.zeros((len(chunk), d), dtype=np.int64)
            for size in np.unique(sizes).tolist():
                if size == 0:  # the origin: decided in integers
                    continue
                rows = np.flatnonzero(sizes == size)
                certain[rows], neighbours[rows] = _filter_group(
                    Mf, masks[rows], payoff_tight[rows], coordinate_tight[rows], size, payoff_labels,
                    coordinate_labels)
            neighbours = neighbours.tolist()
            for b, (mask, ok) in enumerate(zip(chunk, certain.tolist())):
                visited += 1
                if ok:
                    full = mask  # every slack outside the basis is positive: exactly d labels
                    candidates = neighbours[b]
                else:
                    exact += 1
                    tight, row_labels, rows, D = _exact_dictionary(M, mask, payoff_list, coordinate_list)
                    full = mask
                    for label, row in zip(row_labels, rows):
                        if row[0] == 0:
                            full |= 1 << label
                    candidates = [mask ^ (1 << tight[j])
                                  ^ (1 << row_labels[_exact_ratio_test(rows, row_labels, tight, D, j)])
                                  for j in range(d)]
                if full & origin != origin and full not in vertex_of:
                    vertex_of[full] = len(labels)
                    labels.append(full)
                    bases.append(mask)
                for new in candidates:
                    if new not in seen:
                        seen.add(new)
                        next_frontier.append(new)
            if visited >= _GIVE_UP_AFTER and exact > _GIVE_UP_SHARE * visited:
                return None
        frontier = next_frontier
    return PolytopeVertices(G, h, labels, bases, visited, exact)


#: Bases solved per batch of the filtered search (bounds the memory of a wide level).
_BATCH = 4096
_UNIT = 2.0 ** -53  # unit roundoff of float64


def _filter_group(Mf, masks, payoff_tight, coordinate_tight, s, payoff_labels, coordinate_labels):
    """Floating-point dictionaries of bases with ``s`` tight payoff rows, with proven error bounds.

    Returns, per basis, whether every decision was proven (see
    :func:`_filtered_search`) and the bitmask of the neighbouring basis
    across each of its ``d`` columns. Notation: ``S`` the tight payoff rows,
    ``O`` the others, ``F`` the free coordinates, ``Z`` the zero ones (whose
    labels are tight), ``B = M[S, F]`` and ``W = M[O, F] B^{-1}``. The
    dictionary rows are the free coordinates, ``z_F = B^{-1} 1 - B^{-1}
    sigma_S - B^{-1} M[S, Z] z_Z``, then the slack rows ``sigma_O = (1 - W 1)
    + W sigma_S - (M[O, Z] - W M[S, Z]) z_Z``; its columns are ``S`` then
    ``Z``. With ``e0`` a bound on the error of ``R`` applied to a vector of
    max-norm 1, ``mu`` the largest payoff and ``L_r`` the 1-norm of
    ``M[r, F]``, every entry of a coordinate row is off by at most
    ``e0 mu``, and of slack row ``r`` by at most ``L_r e0 mu`` plus the
    rounding of its two products (``4 (s + 1) u (mu + L_r ||R|| mu)``).
    """
    K = len(masks)
    k, d = Mf.shape
    unit = _UNIT
    mu = float(Mf.max())
    S = np.nonzero(payoff_tight)[1].reshape(K, s)
    O = np.nonzero(~payoff_tight)[1].reshape(K, k - s)
    F = np.nonzero(~coordinate_tight)[1].reshape(K, s)
    Z = np.nonzero(coordinate_tight)[1].reshape(K, d - s)
    B = Mf[S[:, :, None], F[:, None, :]]
    try:
        inverse = np.linalg.inv(B)
    except np.linalg.LinAlgError:  # singular in floating point: those bases are decided in integers
        inverse = np.empty_like(B)
        for b in range(K):
            try:
                inverse[b] = np.linalg.inv(B[b])
            except np.linalg.LinAlgError:
                inverse[b] = np.nan
    M_SZ = Mf[S[:, :, None], Z[:, None, :]]
    M_OF = Mf[O[:, :, None], F[:, None, :]]
    M_OZ = Mf[O[:, :, None], Z[:, None, :]]
    with np.errstate(all="ignore"):
        absolute = np.abs(inverse)
        residual = inverse @ B
        residual[:, np.arange(s), np.arange(s)] -= 1.0
        inverse_norm = absolute.sum(axis=2).max(axis=1)
        # The rounding of R B is at most about s u |R| |B|, whose norm is at most ||R|| ||B|| (B is positive).
        rho = 1.01 * (np.abs(residual).sum(axis=2).max(axis=1)
                      + 2 * (s + 2) * unit * inverse_norm * B.sum(axis=2).max(axis=1))
        e0 = inverse_norm * rho / (1.0 - rho) + 2 * (s + 2) * unit * inverse_norm
        W = M_OF @ inverse
        beta = np.concatenate((inverse.sum(axis=2), 1.0 - W.sum(axis=2)), axis=1)
        alpha = np.concatenate((np.concatenate((inverse, inverse @ M_SZ), axis=2),
                                np.concatenate((-W, M_OZ - W @ M_SZ), axis=2)), axis=1)
        L = np.abs(M_OF).sum(axis=2)
        error = np.concatenate((
            np.broadcast_to((1.01 * e0 * mu)[:, None], (K, s)),
            1.01 * (L * (e0 * mu)[:, None] + 4 * (s + 1) * unit * (mu + L * (inverse_norm * mu)[:, None])),
        ), axis=1)
        beta_low = beta - error
        beta_high = (beta + error)[..., None]
        low_alpha, high_alpha = alpha - error[..., None], alpha + error[..., None]
        # Each row's ratio lies in [ratio_low, ratio_high] (inf: the row does not block).
        ratio_low = np.where(high_alpha > 0, np.maximum(beta_low, 0.0)[..., None] / high_alpha, np.inf)
        ratio_high = np.where(low_alpha > 0, beta_high / low_alpha, np.inf)
        best = np.argmin(ratio_high, axis=1)
        best_high = np.take_along_axis(ratio_high, best[:, None, :], axis=1)[:, 0, :]
        np.put_along_axis(ratio_low, best[:, None, :], np.inf, axis=1)
        decided = best_high * (1.0 + 1e-12) < ratio_low.min(axis=1) * (1.0 - 1e-12)
        certain = (rho < 0.5) & (beta_low > 0).all(axis=1) & decided.all(axis=1)
    row_labels = np.concatenate((coordinate_labels[F], payoff_labels[O]), axis=1)
    column_labels = np.concatenate((payoff_labels[S], coordinate_labels[Z]), axis=1)
    entering = np.take_along_axis(row_labels, best, axis=1)
    one = np.int64(1)
    neighbours = masks[:, None] ^ np.left_shift(one, column_labels) ^ np.left_shift(one, entering)
    return certain, neighbours


#: The filtered search gives up (for the integer one) when, once this many bases were visited, more than
#: this share of them needed an integer dictionary (which costs about three integer pivots on square games;
#: the share is high near the origin of some polytopes whose far bases the filter decides).
_GIVE_UP_AFTER = 512
_GIVE_UP_SHARE = 0.6


def polytope_vertices(bm) -> tuple:
    """The complete exact vertex sets of ``P`` and ``Q`` of a prepared exact game, as :class:`._bimatrix.Vertices`."""
    from ._bimatrix import Vertices

    m, n = bm.m, bm.n
    column_t = [[bm.column_int[i][j] for i in range(m)] for j in range(n)]
    found_p = enumerate_vertices(column_t, payoff_first=False)
    found_q = enumerate_vertices([list(row) for row in bm.row_int], payoff_first=True)
    return (Vertices(found_p.strategies(), found_p.labels, found_p.degenerate),
            Vertices(found_q.strategies(), found_q.labels, found_q.degenerate))


def exact_vertex_enumeration_result(bm, *, method: str = "vertex_enumeration", if_degenerate=None):
    """Every extreme equilibrium of a prepared exact game, from the complete vertex sets of both polytopes.

    ``method`` names the result; ``if_degenerate``, a pair ``(method, notes)``, names it instead when the
    game is degenerate (support enumeration's answer is then completed by matching the vertices).
    """
    from ._bimatrix import build_result, matching_pairs

    vertices_p, vertices_q = polytope_vertices(bm)
    if bm.m + bm.n <= _WIDEST_FILTERED:
        pairs = matching_pairs(vertices_p.labels, vertices_q.labels, bm.m, bm.n)
    else:  # label sets beyond 64-bit integers
        pairs = _wide_matching_pairs(vertices_p.labels, vertices_q.labels, bm.m, bm.n)
    degenerate = vertices_p.degenerate or vertices_q.degenerate
    notes = ()
    if degenerate and if_degenerate is not None:
        method, notes = if_degenerate
    return build_result(bm, vertices_p, vertices_q, pairs, method=method, degenerate=degenerate, notes=notes)


def _wide_matching_pairs(labels_p: list, labels_q: list, m: int, n: int) -> list[tuple[int, int]]:
    """:func:`._bimatrix.matching_pairs` on Python integers, for games with more than 62 actions in all.

    A vertex with exactly its dimension's number of labels completes only
    the vertex whose labels are the complement (a dictionary look-up);
    vertices with surplus labels are compared with every vertex.
    """
    full = (1 << (m + n)) - 1
    plain_q = {label: j for j, label in enumerate(labels_q) if label.bit_count() == n}
    surplus_q = [j for j, label in enumerate(labels_q) if label.bit_count() != n]
    pairs = []
    for i, label in enumerate(labels_p):
        if label.bit_count() == m:
            j = plain_q.get(full ^ label)
            if j is not None:
                pairs.append((i, j))
            pairs.extend((i, j) for j in surplus_q if label | labels_q[j] == full)
        else:
            pairs.extend((i, j) for j, other in enumerate(labels_q) if label | other == full)
    return pairs
