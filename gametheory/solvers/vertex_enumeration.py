"""All extreme Nash equilibria of a two-player game by vertex enumeration.

The equilibria of a bimatrix game are the completely labelled vertex pairs of
its two best-response polytopes (Mangasarian 1964; von Stengel 2002). This
module lists the vertices of both polytopes, labels each with the inequalities
tight at it, and matches every pair whose labels cover all pure strategies. It
is correct on degenerate games: every extreme equilibrium (vertex of the
equilibrium set) is listed, and the maximal Nash subsets (convex pieces of the
equilibrium set) are reported as ``components`` (Avis, Rosenberg, Savani and
von Stengel 2010).
"""

from __future__ import annotations

import math

from ..equilibrium import SolveResult
from ._bimatrix import prepare
from ._bimatrix_solve import vertex_enumeration_result
from ._exact_vertices import exact_vertex_enumeration_result

__all__ = ["vertex_enumeration", "vertex_bound", "MAX_VERTEX_BOUND", "MAX_EXACT_VERTEX_BOUND", "EXACT_ADJACENCY_FROM"]

#: Largest upper bound on the vertices of a best-response polytope that float-mode vertex enumeration
#: attempts (14 x 14 games are under it; 16 x 16 random games took over ten seconds).
MAX_VERTEX_BOUND = 200_000

#: The same for exact mode: square games up to 14 x 14 (a random 14 x 14 game takes a few seconds), and
#: narrow ones such as the 6 x 30 strategic forms of small game trees (bound 93,024).
MAX_EXACT_VERTEX_BOUND = 200_000

#: Exact games with more bases per polytope than this (``binomial(m + n, m)``; 6 x 6 and up) are solved by the
#: lexicographic adjacency search of :mod:`._exact_vertices`, which visits only the feasible bases; smaller
#: ones by scanning every basis, which is faster there.
EXACT_ADJACENCY_FROM = 500

_DEFAULT = object()


def vertex_bound(d: int, facets: int) -> int:
    """McMullen's upper bound on the vertices of a ``d``-dimensional polytope with ``facets`` facets.

    The best-response polytope of an ``m x n`` game lives in dimension ``m``
    with ``m + n`` facets (von Stengel 2002, Sect. 3.5); the bound grows like
    ``2.6**m`` for square games, so it estimates the work before it starts.

    References
    ----------
    P. McMullen, "The maximum numbers of faces of a convex polytope",
    Mathematika 17, 179-184, 1970.

    Examples
    --------
    >>> vertex_bound(2, 4)
    4
    >>> vertex_bound(30, 60) > 10**11
    True
    """
    if facets <= d:
        return 1
    return math.comb(facets - (d + 1) // 2, facets - d) + math.comb(facets - (d + 2) // 2, facets - d)


def check_vertex_budget(m: int, n: int, exact: bool, budget, who: str) -> None:
    """Refuse, before any work, a game whose best-response polytopes may have more vertices than ``budget``."""
    if budget is _DEFAULT:
        budget = MAX_EXACT_VERTEX_BOUND if exact else MAX_VERTEX_BOUND
    if budget is None:
        return
    bound = max(vertex_bound(m, m + n), vertex_bound(n, m + n))
    if bound > budget:
        name = "MAX_EXACT_VERTEX_BOUND" if exact else "MAX_VERTEX_BOUND"
        raise ValueError(
            f"all equilibria of a {m} x {n} game: its best-response polytopes may have up to {bound:.3g} vertices, "
            f"above the budget of {budget:,} ({name}); use --method lemke_howson for one equilibrium, or "
            f"{who}(game, vertex_budget=None) to enumerate anyway"
        )


def vertex_enumeration(game, *, exact: bool | None = None, tol: float | None = None,
                       vertex_budget=_DEFAULT) -> SolveResult:
    """Every extreme Nash equilibrium of a two-player game.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game (any numbers of actions).
    exact : bool, optional
        Solve in rational arithmetic. Default: exact when the game's payoffs
        are exact (``game.is_exact``); ``True`` on a float game solves
        ``game.as_exact()`` (floats read as decimals); ``False`` on an exact
        game solves it in floating point.
    tol : float, optional
        Relative payoff tolerance of float mode (default
        :data:`~gametheory.numerics.DEFAULT_TOL`): labels are tight within it
        on each player's payoffs mapped onto [0, 1], as in
        :func:`gametheory.solvers.solve` (so rescaling a player's payoffs
        changes nothing), and regrets acceptable within it scaled by the
        payoff size on the game as given.
    vertex_budget : int or None, optional
        Largest :func:`vertex_bound` of the two polytopes attempted (default
        :data:`MAX_VERTEX_BOUND`, or :data:`MAX_EXACT_VERTEX_BOUND` in exact
        mode); ``None`` lifts it.

    Returns
    -------
    SolveResult
        ``equilibria``: the extreme equilibria, sorted lexicographically by
        strategies (most weight on the first actions first), each certified.
        ``degenerate``: whether some mixed strategy with support size ``k``
        has more than ``k`` pure best responses. ``continuum``: whether the
        equilibrium set is infinite. ``components``: the maximal Nash subsets
        as index tuples into ``equilibria``. ``complete`` is always True in
        exact mode (the vertex sets are provably complete); in float mode it
        is True unless a candidate failed its certificate at the tolerance
        or none survived (the notes say so and suggest ``exact=True``). The
        notes also say when float mode took the vertices from Qhull.

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`~gametheory.games.normal_form.NormalFormGame`.
    ValueError
        If the game does not have two players, ``tol`` is invalid, or the
        polytopes' vertex bound is above ``vertex_budget`` (checked before
        any work).

    Notes
    -----
    With positive payoffs (a positive affine change of each player's payoffs
    keeps the equilibria), the best-response polytopes are
    ``P = {x >= 0 : B^T x <= 1}`` and ``Q = {y >= 0 : A y <= 1}``. A vertex is
    found by making ``m`` (resp. ``n``) inequalities tight. Float mode solves
    every such basis at once through minors of the payoff matrices (Cramer's
    rule and Laplace expansion; see :mod:`gametheory.solvers._basis_minors`)
    up to 4,000 bases per polytope (7 x 7 games have 3,431), as batched
    linear systems for games with more than 62 actions in all, and gets the
    vertices from Qhull (:mod:`scipy.spatial`, on the polar polytope; see
    :mod:`gametheory.solvers._hull`) above 4,000 bases (a player with one
    action always has every basis solved), labelling each vertex with the
    inequalities tight within the tolerance, so a degenerate game is still
    recognised and matched in full.
    Exact mode scans every basis in floating point with a generous slack up
    to :data:`EXACT_ADJACENCY_FROM` bases (5 x 5), then re-solves in integer
    arithmetic every candidate that can be part of an equilibrium or make
    the game degenerate. Larger exact games, and those with more than 62
    actions in all, are solved by a lexicographic adjacency search over the feasible bases of each
    polytope from the origin (Avis and Fukuda 1992; see
    :mod:`gametheory.solvers._exact_vertices`): each pivot is decided by a
    floating-point computation with a proven error bound, or else in
    integer (fraction-free) arithmetic, so the vertex sets, with all their
    tight labels, are complete and exact whatever the degeneracy. Either
    way the certificates have regret exactly 0.

    References
    ----------
    B. von Stengel, "Computing equilibria for two-person games", Handbook of
    Game Theory vol. 3, ch. 45, 2002.
    D. Avis, G. Rosenberg, R. Savani, B. von Stengel, "Enumeration of Nash
    equilibria for two-player games", Economic Theory 42, 9-37, 2010.
    D. Avis and K. Fukuda, "A pivoting algorithm for convex hulls and vertex
    enumeration of arrangements and polyhedra", Discrete and Computational
    Geometry 8, 295-313, 1992.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> stag_hunt = NormalFormGame.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]])
    >>> result = vertex_enumeration(stag_hunt)
    >>> [[list(map(str, s)) for s in e.strategies] for e in result]
    [[['1', '0'], ['1', '0']], [['2/3', '1/3'], ['2/3', '1/3']], [['0', '1'], ['0', '1']]]
    >>> result.degenerate, result.continuum
    (False, False)

    A degenerate game: the column player is indifferent everywhere, so the
    equilibria form a path of three segments with four extreme points.

    >>> g = NormalFormGame.from_bimatrix([[1, 1], [0, 2]], [[1, 1], [1, 1]])
    >>> result = vertex_enumeration(g)
    >>> [e.describe() for e in result]  # doctest: +NORMALIZE_WHITESPACE
    ['Row: A1; Column: B1', 'Row: A1; Column: 1/2 B1 + 1/2 B2',
     'Row: A2; Column: 1/2 B1 + 1/2 B2', 'Row: A2; Column: B2']
    >>> result.degenerate, result.continuum, result.components
    (True, True, ((0, 1), (1, 2), (2, 3)))
    """
    bm = prepare(game, exact, tol, who="vertex_enumeration")
    check_vertex_budget(bm.m, bm.n, bm.exact, vertex_budget, "vertex_enumeration")
    if bm.exact and (math.comb(bm.m + bm.n, bm.m) > EXACT_ADJACENCY_FROM or bm.m + bm.n > 62):
        # (The basis scan keeps label sets in 64-bit integers; the adjacency search does not need to.)
        return exact_vertex_enumeration_result(bm)
    return vertex_enumeration_result(bm)
