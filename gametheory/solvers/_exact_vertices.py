"""Exact, complete vertex enumeration of the best-response polytopes by lexicographic adjacency search.

Each best-response polytope of a bimatrix game with positive integer payoffs
has the form ``{z >= 0 : M z <= 1}`` (``P``: ``M = B^T``; ``Q``: ``M = A``;
see :mod:`._bimatrix`). This module lists all its vertices, each with every
inequality tight at it (its labels), in integer arithmetic only, so the
answer is exact and provably complete whatever the degeneracy:

* A basis is a set ``T`` of ``d`` inequalities (labels) made tight; its
  dictionary expresses the slack of every other inequality in terms of the
  slacks of ``T`` and is kept fraction-free (integer entries over a common
  denominator, the Edmonds--Bareiss update), so every ratio test is decided
  by cross-multiplying integers.
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

:func:`enumerate_vertices` runs the search. :func:`exact_vertex_enumeration_result`
builds the full answer of exact vertex enumeration from the vertices of both
polytopes with the shared label matching and certification of
:mod:`._bimatrix`.

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
J. Edmonds, "Systems of distinct representatives and linear algebra",
Journal of Research of the National Bureau of Standards 71B, 241-245, 1967.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

__all__ = ["PolytopeVertices", "enumerate_vertices", "exact_vertex_enumeration_result"]


@dataclass
class PolytopeVertices:
    """The vertices of ``{z >= 0 : M z <= 1}`` other than the origin.

    ``labels[k]`` is the bitmask of the labels tight at vertex ``k``;
    ``numerators[k]`` and ``denominators[k]`` give its coordinates
    ``z = numerators / denominator`` (non-negative integers over a positive
    one). ``bases`` counts the lexicographically feasible bases visited.
    """

    labels: list
    numerators: list
    denominators: list
    bases: int

    @property
    def degenerate(self) -> bool:
        """Whether some vertex has more tight labels than the dimension."""
        d = len(self.numerators[0]) if self.numerators else 0
        return any(label.bit_count() > d for label in self.labels)


class _Strategies:
    """The normalised strategy of each vertex, as a Fraction array, built on first use.

    Only the vertices that take part in an equilibrium are ever looked at,
    so building every vertex's Fractions up front would be wasted work.
    """

    def __init__(self, numerators: list):
        self._numerators = numerators
        self._cache: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._numerators)

    def __getitem__(self, k: int) -> np.ndarray:
        strategy = self._cache.get(k)
        if strategy is None:
            numerators = self._numerators[k]
            total = sum(numerators)
            strategy = np.empty(len(numerators), dtype=object)
            strategy[:] = [Fraction(v, total) for v in numerators]
            self._cache[k] = strategy
        return strategy


def enumerate_vertices(M: list[list[int]], payoff_first: bool) -> PolytopeVertices:
    """All vertices of ``{z >= 0 : M z <= 1}`` but the origin, exactly, with all their tight labels.

    Parameters
    ----------
    M : list of list of int
        ``k x d`` matrix of positive integers (so the polytope is bounded).
    payoff_first : bool
        Label order: ``True`` numbers the ``k`` payoff rows ``M z <= 1``
        first, then ``z >= 0`` (the labels of ``Q``); ``False`` numbers
        ``z >= 0`` first (the labels of ``P``).

    Returns
    -------
    PolytopeVertices

    Examples
    --------
    The triangle ``{z >= 0 : z_1 + z_2 <= 1}`` (one payoff row), labels
    ``z_1 = 0``, ``z_2 = 0`` then the payoff row:

    >>> v = enumerate_vertices([[1, 1]], payoff_first=False)
    >>> sorted(zip(v.labels, v.numerators, v.denominators))
    [(5, [0, 1], 1), (6, [1, 0], 1)]

    A degenerate square pyramid's apex has four tight labels in dimension 3:

    >>> v = enumerate_vertices([[2, 1, 1], [1, 2, 1], [1, 1, 2]], payoff_first=True)
    >>> len(v.labels), v.degenerate
    (7, False)
    >>> v = enumerate_vertices([[1, 1, 1], [1, 1, 1]], payoff_first=False)
    >>> len(v.labels), v.degenerate
    (3, True)
    """
    k, d = len(M), len(M[0])
    # Label of payoff row r and of the non-negativity of coordinate i.
    if payoff_first:
        payoff_label, coordinate_label = list(range(k)), list(range(k, k + d))
    else:
        payoff_label, coordinate_label = list(range(d, d + k)), list(range(d))
    coordinate_of = {label: i for i, label in enumerate(coordinate_label)}
    # A dictionary: tight labels T (columns), the other labels (rows); row r is
    # [beta, alpha_t for t in T] times the denominator D: the slack of label r
    # is (beta - sum_t alpha_t * slack_t) / D.
    # The origin: T = the non-negativity labels; the slack of payoff row r is
    # 1 - M_r z with z_i = slack of the non-negativity label of coordinate i.
    tight = list(coordinate_label)
    rows = [[1, *M[r]] for r in range(k)]
    row_labels = list(payoff_label)
    start = _mask(tight)
    seen = {start}
    stack = [(tight, row_labels, rows, 1)]
    labels_of: dict[int, int] = {}
    vertex_labels, vertex_numerators, vertex_denominators = [], [], []
    visited = 0
    while stack:
        tight, row_labels, rows, D = stack.pop()
        visited += 1
        mask = _mask(tight)
        # The vertex: labels tight at it, coordinates from the rows of the non-negativity labels.
        full = mask
        for label, row in zip(row_labels, rows):
            if row[0] == 0:
                full |= 1 << label
        if full not in labels_of:
            numerators = [0] * d
            for label, row in zip(row_labels, rows):
                i = coordinate_of.get(label)
                if i is not None:
                    numerators[i] = row[0]
            if any(numerators):
                labels_of[full] = len(vertex_labels)
                divisor = _gcd_all(D, numerators)
                vertex_labels.append(full)
                vertex_numerators.append([v // divisor for v in numerators])
                vertex_denominators.append(D // divisor)
        # One neighbour across each edge: leave tight label tight[j], the
        # lexicographic minimum-ratio row becomes tight.
        for j in range(d):
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
                                                                 tight, j, a, best_a, D)):
                        best, best_row, best_a = i, row, a
            if best < 0:  # unbounded edge: impossible with a positive matrix
                raise AssertionError("unbounded edge in a best-response polytope")
            entering = row_labels[best]
            new_mask = mask ^ (1 << tight[j]) ^ (1 << entering)
            if new_mask in seen:
                continue
            seen.add(new_mask)
            stack.append(_pivot(tight, row_labels, rows, D, best, j))
    return PolytopeVertices(vertex_labels, vertex_numerators, vertex_denominators, visited)


def _mask(labels) -> int:
    mask = 0
    for label in labels:
        mask |= 1 << label
    return mask


def _gcd_all(D: int, values: list[int]) -> int:
    from math import gcd

    return gcd(D, *values)


def _lex_smaller(row, label, other, other_label, tight, j, a, other_a, D) -> bool:
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


def polytope_vertices(bm) -> tuple:
    """The exact vertices of ``P`` and ``Q`` of a prepared exact game, as :class:`._bimatrix.Vertices`."""
    from ._bimatrix import Vertices

    m, n = bm.m, bm.n
    column_t = [[bm.column_int[i][j] for i in range(m)] for j in range(n)]
    found_p = enumerate_vertices(column_t, payoff_first=False)
    found_q = enumerate_vertices([list(row) for row in bm.row_int], payoff_first=True)
    return (Vertices(_Strategies(found_p.numerators), found_p.labels, found_p.degenerate),
            Vertices(_Strategies(found_q.numerators), found_q.labels, found_q.degenerate))


def exact_vertex_enumeration_result(bm):
    """Every extreme equilibrium of a prepared exact game, from the complete vertex sets of both polytopes."""
    from ._bimatrix import build_result, matching_pairs

    vertices_p, vertices_q = polytope_vertices(bm)
    pairs = matching_pairs(vertices_p.labels, vertices_q.labels, bm.m, bm.n)
    return build_result(bm, vertices_p, vertices_q, pairs, method="vertex_enumeration",
                        degenerate=vertices_p.degenerate or vertices_q.degenerate)
