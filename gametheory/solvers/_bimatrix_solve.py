"""The two-player all-equilibria solvers run on a prepared game.

:func:`vertex_enumeration_result` and :func:`support_enumeration_result` are
the bodies of :func:`~gametheory.solvers.vertex_enumeration.vertex_enumeration`
and :func:`~gametheory.solvers.support_enumeration.support_enumeration` on a
:class:`~gametheory.solvers._bimatrix.Bimatrix`, which :func:`gametheory.solvers.solve`
prepares itself in float mode (labels decided on each player's payoffs mapped
onto [0, 1], certificates on the game as given). Nondegenerate float games,
the common case, are read straight off the solved support pairs
(:func:`nondegenerate_result`), without deduplicating or matching vertices.
"""

from __future__ import annotations

from operator import mul

import numpy as np

from ..equilibrium import SolveResult, certify_float_pairs, certify_small_pairs
from ..numerics import scaled_tolerance
from ._bimatrix import (Bimatrix, Solved, build_result, matching_pairs, solve_polytopes, vertices_of,
                        within_unit_tolerance)

__all__ = ["vertex_enumeration_result", "support_enumeration_result", "nondegenerate_result"]

_max = np.maximum.reduce


def vertex_enumeration_result(bm: Bimatrix) -> SolveResult:
    """Every extreme equilibrium of a prepared game: the body of
    :func:`~gametheory.solvers.vertex_enumeration.vertex_enumeration`."""
    solved = solve_polytopes(bm)
    if solved[4] == "all bases" and not bm.exact:
        result = nondegenerate_result(bm, solved[0], solved[1], method="vertex_enumeration")
        if result is not None:
            return result
    sets = vertices_of(bm, *solved)
    pairs = matching_pairs(sets.p.labels, sets.q.labels, bm.m, bm.n)
    notes = ()
    complete = True
    if sets.method == "qhull":
        notes = ("vertices of the best-response polytopes found with Qhull",)
        if bm.exact:
            complete = False
            notes += ("exact mode re-solved and verified every vertex Qhull reported, but Qhull works in "
                      "floating point, so completeness is not proven for a game this large",)
    return build_result(bm, sets.p, sets.q, pairs, method="vertex_enumeration",
                        degenerate=sets.p.degenerate or sets.q.degenerate, notes=notes, complete=complete)


def support_enumeration_result(bm: Bimatrix) -> SolveResult:
    """All equilibria of a prepared game from its support pairs: the body of
    :func:`~gametheory.solvers.support_enumeration.support_enumeration`."""
    solved = solve_polytopes(bm, use_qhull=False)
    if not bm.exact:
        result = nondegenerate_result(bm, solved[0], solved[1], method="support_enumeration")
        if result is not None:
            return result
    sets = vertices_of(bm, *solved, want_index=True)
    degenerate = sets.p.degenerate or sets.q.degenerate
    if degenerate:
        pairs = matching_pairs(sets.p.labels, sets.q.labels, bm.m, bm.n)
        notes = ("the game is degenerate: support pairs of equal size can miss equilibria, so the answer "
                 "was completed by matching the labelled vertices of the best-response polytopes "
                 "(every extreme equilibrium is listed)",)
        method = "support_enumeration+vertex_enumeration"
    else:
        both = np.flatnonzero((sets.basis_p >= 0) & (sets.basis_q >= 0))
        pairs = list(zip(sets.basis_p[both].tolist(), sets.basis_q[both].tolist()))
        notes = ()
        method = "support_enumeration"
    return build_result(bm, sets.p, sets.q, pairs, method=method, degenerate=degenerate, notes=notes)


def nondegenerate_result(bm: Bimatrix, sp: Solved, sq: Solved, *, method: str) -> SolveResult | None:
    """Float mode over every basis: the result straight from the solved support pairs, ``None`` if degenerate.

    In a nondegenerate game every vertex has exactly ``d`` labels, so its
    basis is unique and an equilibrium is a row ``s`` of the two basis
    arrays (complementary bases) whose solutions are both feasible: no
    deduplication or label matching is needed, and each equilibrium is its
    own component. The vertices are cleaned, sorted and certified exactly as
    :func:`float_vertices` and :func:`build_result` do.
    """
    m, n = bm.m, bm.n
    fp, fq = sp.feasible, sq.feasible
    # Surplus labels at a feasible basis (a vertex with more than d tight inequalities): degenerate.
    if _max(sp.n_labels * fp) > m or _max(sq.n_labels * fq) > n:
        return None
    rows = (fp & fq).nonzero()[0]
    if m * n <= _SMALL_GAME:
        equilibria = _small_nondegenerate(bm, sp.points[rows].tolist(), sq.points[rows].tolist())
    else:
        equilibria = _nondegenerate(bm, sp.points[rows], sq.points[rows])
    rejected = len(rows) - len(equilibria)
    complete = True
    notes = ()
    if rejected:
        complete = False
        notes += (f"{rejected} candidate(s) failed the certificate check at this tolerance and were "
                  "dropped; re-solve with exact=True for a guaranteed answer",)
    if not equilibria:
        complete = False
        notes += ("no equilibrium survived at this tolerance (every finite game has one); "
                  "re-solve with exact=True",)
    return SolveResult(game=bm.game, equilibria=tuple(equilibria), method=method, complete=complete,
                       degenerate=False, continuum=False, notes=notes, exact=False,
                       components=tuple((k,) for k in range(len(equilibria))))


def _nondegenerate(bm: Bimatrix, X: np.ndarray, Y: np.ndarray) -> list:
    """Certified equilibria of the feasible support pairs ``(X[k], Y[k])``, cleaned and sorted."""
    X = np.where(X > bm.eps_p, X, 0.0)
    Y = np.where(Y > bm.eps_q, Y, 0.0)
    X /= X.sum(axis=1, keepdims=True)
    Y /= Y.sum(axis=1, keepdims=True)
    # Rounded so that rounding noise cannot reorder equal probabilities.
    order = sorted(range(len(X)), key=np.round(-np.concatenate((X, Y), axis=1), 9).tolist().__getitem__)
    X, Y = X[order], Y[order]
    if bm.unit is not None and len(X):
        passed = within_unit_tolerance(bm, X, Y)
        X, Y = X[passed], Y[passed]
    return [e for e in certify_float_pairs(bm.game, X, Y, tol=bm.tol) if e is not None]


#: Up to this many payoff entries, the nondegenerate path cleans, sorts and
#: certifies on Python floats (faster than numpy calls on tiny arrays).
_SMALL_GAME = 36


def _small_nondegenerate(bm: Bimatrix, X: list, Y: list) -> list:
    """:func:`_nondegenerate` on lists of Python floats."""
    eps_p, eps_q = bm.eps_p, bm.eps_q
    profiles = []
    for x, y in zip(X, Y):
        x = [p if p > eps_p else 0.0 for p in x]
        y = [q if q > eps_q else 0.0 for q in y]
        total_x, total_y = sum(x), sum(y)
        profiles.append(([p / total_x for p in x], [q / total_y for q in y]))
    if len(profiles) > 1:
        profiles.sort(key=lambda xy: [-round(p, 9) for p in xy[0]] + [-round(q, 9) for q in xy[1]])
    if bm.unit is not None:
        unit_a, unit_b = bm.unit[0].tolist(), bm.unit[1].T.tolist()
        limit = scaled_tolerance(bm.tol, 1.0)
        kept = []
        for x, y in profiles:
            values_a = [sum(map(mul, row, y)) for row in unit_a]
            if max(values_a) - sum(map(mul, values_a, x)) > limit:
                continue
            values_b = [sum(map(mul, row, x)) for row in unit_b]
            if max(values_b) - sum(map(mul, values_b, y)) > limit:
                continue
            kept.append((x, y))
        profiles = kept
    return [e for e in certify_small_pairs(bm.game, profiles, tol=bm.tol) if e is not None]
