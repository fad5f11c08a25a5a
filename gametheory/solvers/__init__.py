"""Equilibrium solvers: one module per algorithm, one result type.

Each solver is a function taking a :class:`~gametheory.game.NormalFormGame`
and returning a :class:`~gametheory.equilibrium.SolveResult` whose equilibria
all carry certificates. :func:`solve` picks the right algorithm for the game.
"""

from __future__ import annotations

from ..equilibrium import SolveResult
from ..game import NormalFormGame
from .dominance import DominanceResult, DominanceStep, iterated_dominance
from .lemke_howson import lemke_howson
from .polynomial import polynomial_enumeration
from .pure import pure_equilibria
from .support_enumeration import support_enumeration
from .vertex_enumeration import vertex_enumeration

__all__ = [
    "solve",
    "METHODS",
    "pure_equilibria",
    "support_enumeration",
    "vertex_enumeration",
    "lemke_howson",
    "polynomial_enumeration",
    "iterated_dominance",
    "DominanceResult",
    "DominanceStep",
]

#: Solvers selectable by name in :func:`solve` and on the command line.
METHODS = {
    "pure": pure_equilibria,
    "support_enumeration": support_enumeration,
    "vertex_enumeration": vertex_enumeration,
    "lemke_howson": lemke_howson,
    "polynomial_enumeration": polynomial_enumeration,
}


def solve(game: NormalFormGame, method: str = "auto", *, exact: bool | None = None, tol: float | None = None) -> SolveResult:
    """Solve ``game`` for its Nash equilibria.

    Parameters
    ----------
    game : NormalFormGame
    method : str
        ``"auto"`` (default) chooses a complete method: vertex enumeration for
        two players (every extreme equilibrium, degenerate games included),
        polynomial enumeration for more players, pure equilibria for one
        player. Any key of :data:`METHODS` forces that algorithm.
    exact : bool, optional
        Rational arithmetic; default: exact when the game's payoffs are exact.
    tol : float, optional
        Tolerance for float mode (see :mod:`gametheory.numerics`).

    Examples
    --------
    >>> from gametheory import NormalFormGame, solve
    >>> stag_hunt = NormalFormGame.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]],
    ...                                          actions=(["Stag", "Hare"], ["Stag", "Hare"]))
    >>> result = solve(stag_hunt)
    >>> [e.describe() for e in result]  # doctest: +NORMALIZE_WHITESPACE
    ['Row: Stag; Column: Stag', 'Row: 2/3 Stag + 1/3 Hare; Column: 2/3 Stag + 1/3 Hare', 'Row: Hare; Column: Hare']
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"solve() takes a NormalFormGame, got {type(game).__name__}")
    if method == "auto":
        if game.n_players == 1:
            return pure_equilibria(game, tol=tol)
        if game.n_players == 2:
            return vertex_enumeration(game, exact=exact, tol=tol)
        return polynomial_enumeration(game, exact=exact, tol=tol)
    try:
        solver = METHODS[method]
    except KeyError:
        raise ValueError(f"unknown method {method!r}; choose 'auto' or one of {sorted(METHODS)}") from None
    if solver is pure_equilibria:
        return solver(game, tol=tol)
    return solver(game, exact=exact, tol=tol)
