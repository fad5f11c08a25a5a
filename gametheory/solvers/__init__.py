"""Equilibrium solvers: one module per algorithm, one result type.

Each solver is a function taking a :class:`~gametheory.games.normal_form.NormalFormGame`
and returning a :class:`~gametheory.equilibrium.SolveResult` whose equilibria
all carry certificates. :func:`solve` picks the right algorithm for the game.
"""

from __future__ import annotations

import importlib

import dataclasses

from ..equilibrium import SolveResult, certify
from ..games.normal_form import NormalFormGame

# Solver modules are imported on first use: scipy and sympy stay unloaded
# until an algorithm that needs them runs.
_LAZY = {
    "pure_equilibria": "pure",
    "support_enumeration": "support_enumeration",
    "vertex_enumeration": "vertex_enumeration",
    "lemke_howson": "lemke_howson",
    "polynomial_enumeration": "polynomial",
    "iterated_dominance": "dominance",
    "DominanceResult": "dominance",
    "DominanceStep": "dominance",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gametheory.solvers' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


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
METHODS = ("pure", "support_enumeration", "vertex_enumeration", "lemke_howson", "polynomial_enumeration")


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
            method = "pure"
        elif game.n_players == 2:
            method = "vertex_enumeration"
        else:
            method = "polynomial_enumeration"
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose 'auto' or one of {list(METHODS)}")

    def run(work: NormalFormGame) -> SolveResult:
        if method == "pure":
            return __getattr__("pure_equilibria")(work, tol=tol)
        return __getattr__(method)(work, exact=exact, tol=tol)

    if exact or (exact is None and game.is_exact):
        return run(game)
    # Float mode: solve the game with every player's payoffs on [0, 1], so one
    # tolerance means the same for every player whatever their payoff scales,
    # then certify each equilibrium on the game as given.
    result = run(game.normalized())
    equilibria = tuple(certify(game, e.strategies, tol=tol, clean=False) for e in result.equilibria)
    return dataclasses.replace(result, game=game, equilibria=equilibria)
