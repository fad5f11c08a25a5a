"""All Nash equilibria of a two-player game by support enumeration.

For every pair of supports of equal size ``k``, the indifference conditions
(each player's opponent is indifferent among the actions of his support) form
a square linear system; a solution that is a probability vector and against
which no action outside the support does better is an equilibrium. In a
nondegenerate game this finds every equilibrium (Dickhaut and Kaplan 1991).

Here all support pairs, of every size, are solved at once: in float mode up
to 4,000 pairs (7 x 7 games have 3,431) through the minors of the payoff matrices, every
pair's solution and slacks a ratio of two minors (:mod:`._basis_minors`),
in exact mode (and for float games of more than 62 actions in all) as
batched linear systems. The same batch
reveals whether the game is degenerate: it is exactly when some solution has
more pure best responses than its support size, or a zero weight inside its
support. In a degenerate game equal-size supports can miss
equilibria (and continua have no isolated solution), so the answer is then
completed by matching labelled vertices, which the batch has already
computed: the result says so in ``method`` and ``notes``.

A support pair whose two systems have feasible solutions is a pair of
vertices of the best-response polytopes with complementary labels, and the
game is degenerate exactly when some vertex has more labels than its
dimension. So above 4,000 pairs in float mode (8 x 8 games and up), where
solving every pair costs tens of milliseconds to seconds, the vertices are
read off Qhull's convex hull of each polytope's polar instead (as
:func:`~gametheory.solvers.vertex_enumeration.vertex_enumeration` reads
them): a nondegenerate game's support pairs are its complementarily labelled
vertex pairs, and a degenerate game's answer is completed by matching the
same vertices. The answer, ``method`` and ``notes`` are as if every pair had
been solved; if Qhull fails, every pair is.
"""

from __future__ import annotations

import math

from ..equilibrium import SolveResult
from ._bimatrix import prepare
from ._bimatrix_solve import support_enumeration_result

__all__ = ["support_enumeration", "MAX_SUPPORT_PAIRS"]

#: Largest number of support pairs (``binomial(m + n, m)``) attempted: 10 x 10 games are under it.
MAX_SUPPORT_PAIRS = 200_000

_DEFAULT = object()


def support_enumeration(game, *, exact: bool | None = None, tol: float | None = None,
                        max_pairs=_DEFAULT) -> SolveResult:
    """All Nash equilibria of a two-player game from its support pairs.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.
    exact : bool, optional
        Solve in rational arithmetic. Default: exact when the game's payoffs
        are exact; ``True`` on a float game solves ``game.as_exact()``.
    tol : float, optional
        Relative payoff tolerance of float mode (default
        :data:`~gametheory.numerics.DEFAULT_TOL`): a probability within it of
        zero is zero (so ``-1e-17`` from rounding is accepted), and an action
        within it of the best payoff is a best response, judged on each
        player's payoffs mapped onto [0, 1] as :func:`gametheory.solvers.solve`
        judges it (so rescaling a player's payoffs changes nothing); each
        equilibrium is certified on the game as given.
    max_pairs : int or None, optional
        Largest number of support pairs attempted (default
        :data:`MAX_SUPPORT_PAIRS`); ``None`` lifts the limit.

    Returns
    -------
    SolveResult
        On a nondegenerate game, ``method`` is ``"support_enumeration"`` and
        the equilibria are the solutions of the support pairs. On a degenerate
        game, ``method`` is ``"support_enumeration+vertex_enumeration"``, a
        note explains that the answer was completed by vertex matching, and
        the equilibria are all extreme equilibria with ``continuum`` and
        ``components`` set. Either way ``complete`` is True, ``degenerate``
        is determined, and the equilibria are sorted lexicographically by
        strategies.

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`~gametheory.games.normal_form.NormalFormGame`.
    ValueError
        If the game does not have two players, ``tol`` is invalid, or the
        game has more than ``max_pairs`` support pairs (checked before any
        work).

    Notes
    -----
    The cost grows like ``binomial(m + n, m)`` (the number of support pairs)
    in exact mode; in float mode above 4,000 pairs (8 x 8 games and up) the
    feasible pairs are read off the vertices Qhull finds, as
    :func:`~gametheory.solvers.vertex_enumeration.vertex_enumeration` does
    (see the module's description).

    References
    ----------
    J. Dickhaut and T. Kaplan, "A program for finding Nash equilibria", The
    Mathematica Journal 1(4), 87-93, 1991.
    B. von Stengel, "Computing equilibria for two-person games", Handbook of
    Game Theory vol. 3, ch. 45, 2002.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> result = support_enumeration(pennies)
    >>> [[str(p) for p in s] for s in result[0].strategies]
    [['1/2', '1/2'], ['1/2', '1/2']]
    >>> result.method, result.degenerate
    ('support_enumeration', False)

    A degenerate game is detected and completed:

    >>> g = NormalFormGame.from_bimatrix([[1, 1], [0, 2]], [[1, 1], [1, 1]])
    >>> result = support_enumeration(g)
    >>> result.method, len(result), result.continuum
    ('support_enumeration+vertex_enumeration', 4, True)
    """
    bm = prepare(game, exact, tol, who="support_enumeration")
    limit = MAX_SUPPORT_PAIRS if max_pairs is _DEFAULT else max_pairs
    count = math.comb(bm.m + bm.n, bm.m)
    if limit is not None and count > limit:
        raise ValueError(
            f"support enumeration of a {bm.m} x {bm.n} game solves {count:.3g} support pairs, above the limit of "
            f"{limit:,} (MAX_SUPPORT_PAIRS); use --method vertex_enumeration for all equilibria or lemke_howson "
            "for one, or support_enumeration(game, max_pairs=None) to enumerate anyway"
        )
    return support_enumeration_result(bm)
