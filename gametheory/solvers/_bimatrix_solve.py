"""The two-player all-equilibria solvers run on a prepared game.

:func:`vertex_enumeration_result` and :func:`support_enumeration_result` are
the bodies of :func:`~gametheory.solvers.vertex_enumeration.vertex_enumeration`
and :func:`~gametheory.solvers.support_enumeration.support_enumeration` on a
:class:`~gametheory.solvers._bimatrix.Bimatrix`. :func:`solve_float` is what
:func:`gametheory.solvers.solve` runs on a float game: labels decided on each
player's payoffs mapped onto [0, 1], certificates on the game as given, with
no game object built on the way. Up to :data:`~._basis_minors.MINORS_LIMIT`
bases per polytope, every basis of both polytopes is solved at once through
the minors of the payoff matrices (:mod:`._basis_minors`). Nondegenerate
games, the common case, are read straight off the support pairs whose two
bases are both feasible, without deduplicating or matching vertices;
degenerate ones go on to vertex matching.
"""

from __future__ import annotations

import math
import numpy as np

from ..equilibrium import SolveResult, certify_float_pairs, certify_small_pairs, solve_result
from ..numerics import scaled_tolerance
from ._basis_minors import MINORS_LIMIT, solve_bases, solve_payoffs
from ._bimatrix import (WORD_LABELS, Bimatrix, Solved, all_bases, build_result, every_basis, matching_pairs,
                        maximal_bicliques, prepare, solve_polytopes, vertices_of)
from ._exact_vertices import exact_vertex_enumeration_result
from ._small_kernels import KERNEL_SHAPES, kernel, vertex_kernel

__all__ = ["vertex_enumeration_result", "support_enumeration_result", "nondegenerate_result", "solve_float"]

_max = np.maximum.reduce


def _by_minors(bm: Bimatrix, *, vertex: bool) -> bool:
    """Whether float mode solves every basis through minors (vertex enumeration: unless Qhull is chosen).

    The minors' templates keep label sets in 64-bit integers, so games with more than
    :data:`~._bimatrix.WORD_LABELS` actions in all solve their bases as linear systems instead.
    """
    if bm.exact or bm.m + bm.n > WORD_LABELS:
        return False
    return math.comb(bm.m + bm.n, bm.m) - 1 <= MINORS_LIMIT and (not vertex or every_basis(bm.m, bm.n, False))


def _minors_solved(bm: Bimatrix, method: str):
    """Every basis through minors: a nondegenerate game's result, or the solved polytopes of a degenerate one."""
    batch = solve_bases(bm.row, bm.column, bm.eps_p, bm.eps_q, bm.game)
    if not batch.degenerate:
        return from_support_pairs(bm.game, batch.profiles(), bm.eps_p, bm.eps_q,
                                  bm.tol, bm.unit, method=method, clean=False)
    return (*batch.solved(), *all_bases(bm.m, bm.n), "all bases")


def vertex_enumeration_result(bm: Bimatrix) -> SolveResult:
    """Every extreme equilibrium of a prepared game: the body of
    :func:`~gametheory.solvers.vertex_enumeration.vertex_enumeration`.

    Exact games with more bases than :data:`~._bimatrix.EXACT_BRUTE_FORCE_LIMIT` go to the lexicographic
    adjacency search of :mod:`._exact_vertices` (complete and exact), never to Qhull's floating-point hull.
    """
    if bm.exact and (not every_basis(bm.m, bm.n, True) or _underflows(bm)):
        return exact_vertex_enumeration_result(bm)
    if not bm.exact and (bm.m, bm.n) in KERNEL_SHAPES:
        return _small_prepared(bm, "vertex_enumeration")
    if _by_minors(bm, vertex=True):
        solved = _minors_solved(bm, "vertex_enumeration")
        if isinstance(solved, SolveResult):
            return solved
    else:
        solved = solve_polytopes(bm)
        if not bm.exact:
            if solved[4] == "all bases":
                result = nondegenerate_result(bm, solved[0], solved[1], method="vertex_enumeration")
            else:
                result = _nondegenerate_hull(bm, solved[0], solved[1])
            if result is not None:
                return result
    return _matched(bm, solved)


def _underflows(bm: Bimatrix) -> bool:
    """Whether an exact game's float image (its positive integer payoffs over the largest) lost a payoff to
    underflow: payoffs more than the float range apart, whose bases the float candidates cannot classify."""
    tiny = np.finfo(float).tiny
    return bool(bm.row.min() < tiny or bm.column.min() < tiny)


def _nondegenerate_hull(bm: Bimatrix, sp: Solved, sq: Solved, *, method: str = "vertex_enumeration",
                        notes: tuple | None = None) -> SolveResult | None:
    """Float vertex enumeration from Qhull's vertices: the result of a nondegenerate game by complementary
    labels, ``None`` if degenerate (``notes`` default to saying the vertices came from Qhull).

    In a nondegenerate game each vertex has exactly ``d`` labels and one
    (simplicial) facet of the polar, so it appears once and completes only
    the vertex with the complementary labels, found by hashing: no
    deduplication or all-pairs matching is needed (see :func:`_matched`).
    """
    m, n = bm.m, bm.n
    if _max(sp.n_labels, where=sp.feasible, initial=0) > m or _max(sq.n_labels, where=sq.feasible, initial=0) > n:
        return None
    rows_p, rows_q = sp.feasible.nonzero()[0], sq.feasible.nonzero()[0]
    # Label sets are distinct within a polytope here (one facet per vertex), so after a stable sort of P's
    # complementary label sets and Q's label sets together a pair is two equal neighbours, P's first (the
    # pairs come out in increasing order of Q's label set, as intersecting the two would give them).
    keys = np.concatenate((((1 << (m + n)) - 1) ^ sp.labels[rows_p], sq.labels[rows_q]))
    order = keys.argsort(kind="stable")
    ordered = keys[order]
    at = (ordered[1:] == ordered[:-1]).nonzero()[0]
    return from_vertex_arrays(bm.game, sp.points[rows_p[order[at]]], sq.points[rows_q[order[at + 1] - len(rows_p)]],
                              bm.eps_p, bm.eps_q, bm.tol, bm.unit, method=method,
                              notes=_QHULL if notes is None else notes)


def _matched(bm: Bimatrix, solved) -> SolveResult:
    """Vertex enumeration's answer from solved candidate bases: match labelled vertices, certify."""
    sets = vertices_of(bm, *solved)
    pairs = matching_pairs(sets.p.labels, sets.q.labels, bm.m, bm.n)
    notes = ("vertices of the best-response polytopes found with Qhull",) if sets.method == "qhull" else ()
    return build_result(bm, sets.p, sets.q, pairs, method="vertex_enumeration",
                        degenerate=sets.p.degenerate or sets.q.degenerate, notes=notes)


def support_enumeration_result(bm: Bimatrix) -> SolveResult:
    """All equilibria of a prepared game from its support pairs: the body of
    :func:`~gametheory.solvers.support_enumeration.support_enumeration`."""
    if bm.exact and _underflows(bm):  # the float candidates cannot classify the bases: exact vertex sets
        return exact_vertex_enumeration_result(bm, method="support_enumeration",
                                               if_degenerate=("support_enumeration+vertex_enumeration", _COMPLETED))
    if not bm.exact and (bm.m, bm.n) in KERNEL_SHAPES:
        return _small_prepared(bm, "support_enumeration")
    if _by_minors(bm, vertex=False):
        solved = _minors_solved(bm, "support_enumeration")
        if isinstance(solved, SolveResult):
            return solved
        return _completed(bm, solved)
    if not bm.exact and not every_basis(bm.m, bm.n, False):
        # A nondegenerate game's equilibria are exactly its completely labelled vertex pairs, each a pair of
        # equal supports, and a degenerate game's answer is completed by matching those vertices anyway: so
        # above the basis scan's limit both read the vertices off Qhull, as vertex enumeration does.
        solved = solve_polytopes(bm, use_qhull=True)
        if solved[4] == "qhull":
            result = _nondegenerate_hull(bm, solved[0], solved[1], method="support_enumeration", notes=())
            return _completed(bm, solved) if result is None else result
    else:
        solved = solve_polytopes(bm, use_qhull=False)
    if not bm.exact:
        result = nondegenerate_result(bm, solved[0], solved[1], method="support_enumeration")
        if result is not None:
            return result
    sets = vertices_of(bm, *solved, want_index=True)
    if sets.p.degenerate or sets.q.degenerate:
        return _completed(bm, solved, sets)
    both = np.flatnonzero((sets.basis_p >= 0) & (sets.basis_q >= 0))
    pairs = list(zip(sets.basis_p[both].tolist(), sets.basis_q[both].tolist()))
    return build_result(bm, sets.p, sets.q, pairs, method="support_enumeration", degenerate=False)


def _completed(bm: Bimatrix, solved, sets=None) -> SolveResult:
    """Support enumeration of a degenerate game, completed by matching the labelled vertices."""
    sets = vertices_of(bm, *solved) if sets is None else sets
    pairs = matching_pairs(sets.p.labels, sets.q.labels, bm.m, bm.n)
    return build_result(bm, sets.p, sets.q, pairs, method="support_enumeration+vertex_enumeration",
                        degenerate=True, notes=_COMPLETED)


_QHULL = ("vertices of the best-response polytopes found with Qhull",)
_COMPLETED = ("the game is degenerate: support pairs of equal size can miss equilibria, so the answer "
              "was completed by matching the labelled vertices of the best-response polytopes "
              "(every extreme equilibrium is listed)",)


# ------------------------------------------------------------ solve()'s path
def solve_float(game, method: str, tol: float | None) -> SolveResult:
    """All equilibria of a float two-player game, as :func:`gametheory.solvers.solve` asks for them.

    Labels are decided on each player's payoffs mapped onto [0, 1] (as on
    ``game.normalized()``, so one tolerance means the same for both players)
    and every equilibrium is certified once, on ``game`` itself. ``method``
    is ``"vertex_enumeration"`` or ``"support_enumeration"``; the game is
    within the solver's default limits (see :func:`gametheory.solvers.solve`).
    """
    m, n = game.shape
    vertex = method == "vertex_enumeration"
    if (m, n) in KERNEL_SHAPES:
        return _small_result(game, m, n, method, tol)
    count = math.comb(m + n, m) - 1
    if count > MINORS_LIMIT or m + n > WORD_LABELS or (vertex and not every_basis(m, n, False)):
        bm = prepare(game, False, tol, who=method)
        return vertex_enumeration_result(bm) if vertex else support_enumeration_result(bm)
    A, B = game.float_payoffs()  # an exact game solved with exact=False is read in floats
    limit = scaled_tolerance(tol, 1.0)
    batch, unit, (eps_p, eps_q) = solve_payoffs(A, B, game.payoff_ranges(), 1e6 * limit, limit)
    if not batch.degenerate:
        return from_support_pairs(game, batch.profiles(), eps_p, eps_q, tol, unit, method=method, clean=False)
    # Degenerate: match the labelled vertices of the feasible bases.
    found = []
    for side in batch.solved():
        rows = side.feasible.nonzero()[0]
        found.append(list(zip(side.labels[rows].tolist(), side.points[rows].tolist())))
    return _degenerate_result(game, method, tol, *found, eps_p, eps_q, unit)


def _small_result(game, m: int, n: int, method: str, tol) -> SolveResult:
    """:func:`solve_float` of a game of a :data:`~._small_kernels.KERNEL_SHAPES` shape on Python floats, from
    the payoffs to the certified result.

    The payoffs are mapped as :func:`._bimatrix.prepare` maps them (each
    player's onto [0, 1], then onto [1, 2] for the polytopes), the written-out kernel of :mod:`._small_kernels` solves every
    basis, and the support pairs whose bases are both feasible are sorted,
    checked and certified as :func:`from_support_pairs` does. A degenerate
    game goes to :func:`_small_degenerate`.
    """
    A, B = game.float_payoffs()  # an exact game solved with exact=False is read in floats
    A, B = A.tolist(), B.tolist()
    ranges = game.payoff_ranges()
    limit = scaled_tolerance(tol, 1.0)
    floor = 1e6 * limit  # as _bimatrix._unit: a spread within a million tolerances is not blown up
    map_a, divisor_a = _unit_map(ranges[0], floor)
    map_b, divisor_b = _unit_map(ranges[1], floor)
    eps_p, eps_q = limit / (4.0 * divisor_b), limit / (4.0 * divisor_a)
    found = kernel(m, n)(A, B, map_a, map_b, eps_p, eps_q)
    if found is None:
        # Degenerate: the vertex kernel gives every feasible basis's labels and point.
        found_p, found_q = vertex_kernel(m, n)(A, B, map_a, map_b, eps_p, eps_q)
        return _degenerate_result(game, method, tol, found_p, found_q, eps_p, eps_q, True, payoffs=(A, B))
    if len(found) > 1:
        found.sort(key=_rounded)
    equilibria = [e for e in _certified(game, found, tol, True, (A, B)) if e is not None]
    return _nondegenerate_result(game, equilibria, len(found) - len(equilibria), method)


def _small_prepared(bm: Bimatrix, method: str) -> SolveResult:
    """A prepared float game of a kernel shape (labels decided on the payoffs as :func:`._bimatrix.prepare`
    mapped them), solved on Python floats as :func:`_small_result` solves one for :func:`solve_float`."""
    game, m, n = bm.game, bm.m, bm.n
    A, B = (M.tolist() for M in game.float_payoffs())
    floor = 1e6 * scaled_tolerance(bm.tol, 1.0)
    maps = [_unit_map(payoff_range, floor)[0] for payoff_range in game.payoff_ranges()]
    unit = True
    found = kernel(m, n)(A, B, *maps, bm.eps_p, bm.eps_q)
    if found is None:
        found_p, found_q = vertex_kernel(m, n)(A, B, *maps, bm.eps_p, bm.eps_q)
        return _degenerate_result(game, method, bm.tol, found_p, found_q, bm.eps_p, bm.eps_q, unit, payoffs=(A, B))
    if len(found) > 1:
        found.sort(key=_rounded)
    equilibria = [e for e in _certified(game, found, bm.tol, unit, (A, B)) if e is not None]
    return _nondegenerate_result(game, equilibria, len(found) - len(equilibria), method)


def _certified(game, profiles: list, tol, unit, payoffs: tuple | None = None) -> list:
    """The certificates of probability profiles ``(x, y, ...)`` (lists of floats) on ``game``, ``None`` for
    each that fails: on Python floats up to :data:`_SMALL_GAME` payoffs, else in arrays.

    Each is also checked against the tolerance on each player's payoffs mapped
    onto [0, 1] (the check float solvers make on ``game.normalized()``) where
    that is not implied: ``unit`` is the two unit payoff matrices (arrays),
    or ``True`` to build them with :func:`_unit_lists` from ``payoffs`` (the
    game's payoffs as nested lists) when needed; ``None`` skips the check.
    """
    m, n = game.shape
    scale = game.payoff_scale
    ranges = game.payoff_ranges()
    (low_a, high_a), (low_b, high_b) = ranges
    # Regret scales with a player's payoff spread and the certificate's tolerance with the game's payoff
    # scale, so the certificate on the game as given already holds a player whose spread is at least that
    # scale (or who is indifferent everywhere) to the tolerance on [0, 1].
    need_a = high_a != low_a and high_a - low_a < scale
    need_b = high_b != low_b and high_b - low_b < scale
    if unit is None or not (need_a or need_b):
        unit = None
    elif unit is True:  # built on Python floats, for the players who need it
        unit = (_unit_lists(payoffs[0], ranges[0]) if need_a else None,
                _unit_lists(payoffs[1], ranges[1]) if need_b else None)
    elif m * n <= _SMALL_GAME:
        unit = (unit[0].tolist() if need_a else None, unit[1].tolist() if need_b else None)
    if m * n <= _SMALL_GAME:
        return certify_small_pairs(game, profiles, tol=tol, unit=unit, payoffs=payoffs)
    X = np.array([p[0] for p in profiles], dtype=float).reshape(len(profiles), m)
    Y = np.array([p[1] for p in profiles], dtype=float).reshape(len(profiles), n)
    return _certified_arrays(game, X, Y, tol, unit)


def _certified_arrays(game, X: np.ndarray, Y: np.ndarray, tol, unit) -> list:
    """:func:`_certified` of the profiles ``(X[k], Y[k])`` (``unit``: the two unit payoff matrices as arrays, or
    ``None``, already dropped by the caller where the certificate implies the check)."""
    passed = _within_unit(unit, tol, X, Y) if unit is not None and len(X) else None
    if passed is None or passed.all():
        return certify_float_pairs(game, X, Y, tol=tol)
    certified = iter(certify_float_pairs(game, X[passed], Y[passed], tol=tol))
    return [next(certified) if ok else None for ok in passed.tolist()]


def _needs_unit(game, unit):
    """``unit`` (the two unit payoff matrices) if the certificate on ``game`` does not imply the check on them
    for some player (see :func:`_certified`), else ``None``."""
    if unit is None:
        return None
    scale = game.payoff_scale
    (low_a, high_a), (low_b, high_b) = game.payoff_ranges()
    if (high_a != low_a and high_a - low_a < scale) or (high_b != low_b and high_b - low_b < scale):
        return unit
    return None


def _degenerate_result(game, method: str, tol, found_p: list, found_q: list, eps_p: float, eps_q: float, unit,
                       *, payoffs: tuple | None = None) -> SolveResult:
    """A degenerate game's every extreme equilibrium, by matching labelled vertices.

    The steps of :func:`_matched` (vertex enumeration) or :func:`_completed`
    (support enumeration) on Python lists: ``found_p`` and ``found_q`` list
    ``(labels, point)`` of each feasible basis of the two polytopes in basis
    order (``point`` in the polytope's coordinates), the vertices are the
    distinct label sets (the first basis's point), every completely labelled
    pair is an extreme equilibrium (its points with coordinates within
    ``eps`` of zero set to zero and normalised, the origin dropped, as
    :func:`._bimatrix.float_vertices` gives them), sorted and certified as
    :func:`._bimatrix.build_result` does, and the maximal Nash subsets are
    the maximal bicliques of the kept pairs. ``unit`` and ``payoffs`` are as
    :func:`_certified` takes them.
    """
    m, n = game.shape
    # One vertex per distinct label set, with the point of its first basis.
    first_p, first_q = {}, {}
    for first, found in ((first_p, found_p), (first_q, found_q)):
        for labels, point in found:
            if labels not in first:
                first[labels] = point
    labels_p, labels_q = list(first_p), list(first_q)
    # Completely labelled pairs, as matching_pairs finds them: a vertex with exactly its dimension's number of
    # labels completes only the vertex labelled by the complement; one with surplus labels is compared with all.
    full = (1 << (m + n)) - 1
    index_q = {labels: j for j, labels in enumerate(labels_q)}
    surplus_q = [j for j, labels in enumerate(labels_q) if labels.bit_count() > n]
    pairs = []
    for i, label_p in enumerate(labels_p):
        if label_p.bit_count() > m:
            pairs += [(i, j) for j, label_q in enumerate(labels_q) if label_p | label_q == full]
            continue
        j = index_q.get(full ^ label_p)
        if j is not None:
            pairs.append((i, j))
        pairs += [(i, j) for j in surplus_q if label_p | labels_q[j] == full]
    # The vertices in a pair, as float_vertices gives them: coordinates within eps of zero set to zero,
    # normalised, the origin (no positive coordinate) dropped.
    points_p = _normalised({i for i, _ in pairs}, labels_p, first_p, eps_p)
    points_q = _normalised({j for _, j in pairs}, labels_q, first_q, eps_q)
    pairs = [(i, j) for i, j in pairs if i in points_p and j in points_q]
    # As build_result orders them: most weight on the first actions first, rounded to 1e-9.
    keys_p = {i: [-round(p * 1e9) for p in x] for i, x in points_p.items()}
    keys_q = {j: [-round(q * 1e9) for q in y] for j, y in points_q.items()}
    pairs.sort(key=lambda ij: (keys_p[ij[0]], keys_q[ij[1]]))
    certified = _certified(game, [(points_p[i], points_q[j]) for i, j in pairs], tol, unit, payoffs)
    kept = [pair for pair, e in zip(pairs, certified) if e is not None]
    equilibria = tuple(e for e in certified if e is not None)
    vertex = method == "vertex_enumeration"
    rejected = len(pairs) - len(kept)
    notes = _failure_notes(rejected, len(kept), () if vertex else _COMPLETED)
    components = tuple(maximal_bicliques(kept))
    return solve_result(game, equilibria, method if vertex else "support_enumeration+vertex_enumeration",
                        not rejected and bool(kept), degenerate=True,
                        continuum=any(len(piece) > 1 for piece in components), notes=notes, exact=False,
                        components=components)


def _normalised(used: set, labels: list, first: dict, eps: float) -> dict:
    """The points of the vertices ``used`` (indices into ``labels``) as probability vectors, by index; a
    vertex with no coordinate above ``eps`` (the origin) is left out."""
    points = {}
    for k in used:
        point = [v if v > eps else 0.0 for v in first[labels[k]]]
        total = sum(point)
        if total > 0:
            points[k] = [v / total for v in point]
    return points


def _rounded(profile) -> list:
    """The sort key of equilibria: most weight on the first actions first, in units of 1e-9 rounded to
    integers so that rounding noise cannot reorder equal probabilities (as ``np.round(p, 9)`` orders them)."""
    return [-round(p * 1e9) for p in profile[0]] + [-round(q * 1e9) for q in profile[1]]


def _unit_map(payoff_range, floor: float):
    """How :func:`._bimatrix._unit` maps a player's payoffs onto [1, 2] for the polytopes: ``(low, spread,
    scale)`` with ``v -> 1 + ((v - low) / spread) * scale`` (its floating-point operations; a factor 1.0
    changes nothing), and the divisor."""
    low, high = payoff_range
    if high > low:
        divisor = max(1.0, floor)
        return (low, high - low, 1.0 / divisor), divisor
    # Constant payoffs map to 1 (with tol=0 any divisor does).
    return (low, 1.0, 1.0), floor or 1.0


def _unit_lists(matrix: list, payoff_range) -> list:
    """A player's payoffs (nested lists) mapped onto [0, 1] as :func:`._bimatrix._unit` maps them."""
    low, high = payoff_range
    if high > low:
        spread = high - low
        return [[(v - low) / spread for v in line] for line in matrix]
    return [[0.0] * len(line) for line in matrix]


def from_support_pairs(game, profiles: list, eps_p: float, eps_q: float, tol, unit, *, method: str,
                       notes: tuple = (), clean: bool = True) -> SolveResult:
    """The result of a nondegenerate float game from the ``(x, y)`` of its feasible support pairs.

    ``x`` and ``y`` are in the polytopes' coordinates (lists of floats).
    Coordinates within ``eps`` of zero become zeros (``clean=False`` when
    they are exact zeros already: a nondegenerate basis solved through
    minors has exact zeros off its support and values above ``eps`` on it), the profiles are
    normalised and sorted (most weight on the first actions first), checked
    against the tolerance on each player's payoffs mapped onto [0, 1]
    (``unit``: the two unit payoff matrices as arrays; ``None`` skips this
    check) and certified once on ``game`` (see :func:`_certified`). In a
    nondegenerate game each equilibrium is its own component.
    """
    cleaned = []
    for x, y in profiles:
        if clean:
            x = [p if p > eps_p else 0.0 for p in x]
            y = [q if q > eps_q else 0.0 for q in y]
        total_x, total_y = sum(x), sum(y)
        cleaned.append(([p / total_x for p in x], [q / total_y for q in y]))
    if len(cleaned) > 1:
        # Rounded so that rounding noise cannot reorder equal probabilities.
        cleaned.sort(key=_rounded)
    equilibria = [e for e in _certified(game, cleaned, tol, unit) if e is not None]
    return _nondegenerate_result(game, equilibria, len(profiles) - len(equilibria), method, notes)


def from_vertex_arrays(game, X: np.ndarray, Y: np.ndarray, eps_p: float, eps_q: float, tol, unit, *,
                       method: str, notes: tuple = ()) -> SolveResult:
    """:func:`from_support_pairs` of the profiles ``(X[k], Y[k])`` given as two arrays (new arrays are made).

    The same steps in a few array operations: coordinates within ``eps`` of
    zero become zeros, rows are normalised, sorted by the same rounded key,
    checked on the unit payoffs where needed and certified once on ``game``.
    """
    X = np.where(X > eps_p, X, 0.0)
    Y = np.where(Y > eps_q, Y, 0.0)
    X /= np.add.reduce(X, axis=1, keepdims=True)
    Y /= np.add.reduce(Y, axis=1, keepdims=True)
    if len(X) > 1:
        # The key of _rounded: most weight on the first actions first, in units of 1e-9.
        keys = np.round(np.concatenate((X, Y), axis=1).T * -1e9)
        order = np.lexsort(keys[::-1])
        X, Y = X[order], Y[order]
    equilibria = [e for e in _certified_arrays(game, X, Y, tol, _needs_unit(game, unit)) if e is not None]
    return _nondegenerate_result(game, equilibria, len(X) - len(equilibria), method, notes)


def _nondegenerate_result(game, equilibria: list, rejected: int, method: str, notes: tuple = ()) -> SolveResult:
    count = len(equilibria)
    complete = not rejected and count > 0
    notes = _failure_notes(rejected, count, notes)
    components = _SINGLETONS[count] if count < len(_SINGLETONS) else tuple((k,) for k in range(count))
    return solve_result(game, tuple(equilibria), method, complete, degenerate=False, continuum=False,
                        notes=notes, exact=False, components=components)


def _failure_notes(rejected: int, count: int, notes: tuple) -> tuple:
    """``notes`` and, as :func:`._bimatrix.build_result` words them, a note on candidates that failed the
    certificate and one when no equilibrium is left (either makes the answer incomplete)."""
    if rejected:
        notes += (f"{rejected} candidate(s) failed the certificate check at this tolerance and were "
                  "dropped; re-solve with exact=True for a guaranteed answer",)
    if not count:
        notes += ("no equilibrium survived at this tolerance (every finite game has one); "
                  "re-solve with exact=True",)
    return notes


# The components of a nondegenerate game's equilibria (each its own), for the usual counts.
_SINGLETONS = tuple(tuple((k,) for k in range(count)) for count in range(64))


def _within_unit(unit, tol, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """:func:`._bimatrix.within_unit_tolerance` with the unit payoff matrices given."""
    unit_a, unit_b = unit
    limit = scaled_tolerance(tol, 1.0)
    values_a, values_b = Y @ unit_a.T, X @ unit_b
    return ((values_a.max(axis=1) - np.einsum("ki,ki->k", values_a, X) <= limit)
            & (values_b.max(axis=1) - np.einsum("kj,kj->k", values_b, Y) <= limit))


# ------------------------------------------- every basis, solved as systems
def nondegenerate_result(bm: Bimatrix, sp: Solved, sq: Solved, *, method: str) -> SolveResult | None:
    """Float mode over every basis solved as linear systems: the result straight from the support pairs,
    ``None`` if degenerate.

    In a nondegenerate game every vertex has exactly ``d`` labels, so its
    basis is unique and an equilibrium is a row ``s`` of the two basis
    arrays (complementary bases) whose solutions are both feasible: no
    deduplication or label matching is needed (see :func:`from_support_pairs`).
    """
    m, n = bm.m, bm.n
    fp, fq = sp.feasible, sq.feasible
    # Surplus labels at a feasible basis (a vertex with more than d tight inequalities): degenerate.
    if _max(sp.n_labels * fp) > m or _max(sq.n_labels * fq) > n:
        return None
    rows = (fp & fq).nonzero()[0]
    profiles = list(zip(sp.points[rows].tolist(), sq.points[rows].tolist()))
    return from_support_pairs(bm.game, profiles, bm.eps_p, bm.eps_q, bm.tol, bm.unit, method=method)


#: Up to this many payoff entries, candidates are checked and certified on
#: Python floats (faster than numpy calls on tiny arrays).
_SMALL_GAME = 36
