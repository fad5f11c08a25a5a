"""Pure-strategy Nash equilibria of n-player games, vectorised over the payoff arrays.

A pure profile is an equilibrium when every player's action is a best response
to the others' actions. :meth:`NormalFormGame.pure_best_response_mask` gives,
for one player, a boolean array over all profiles saying exactly that; the
equilibria are the profiles where the masks of all players are ``True``. No
Python loop runs over profiles: the work is one ``max`` and one comparison per
player over the whole payoff array.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..equilibrium import SolveResult, certify
from ..games.normal_form import NormalFormGame

__all__ = ["pure_equilibria"]


def _unit_vector(size: int, index: int, exact: bool) -> np.ndarray:
    if exact:
        vector = np.array([Fraction(0)] * size, dtype=object)
        vector[index] = Fraction(1)
        return vector
    vector = np.zeros(size)
    vector[index] = 1.0
    return vector


def pure_equilibria(game: NormalFormGame, *, tol: float | None = None) -> SolveResult:
    """Every pure-strategy Nash equilibrium of an n-player game.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players and actions, float or exact payoffs.
    tol : float, optional
        Relative tolerance for float games (see
        :func:`gametheory.numerics.scaled_tolerance`): an action counts as a
        best response when it is within the scaled tolerance of the best one.
        Exact games compare payoffs exactly and ignore ``tol``.

    Returns
    -------
    SolveResult
        Method ``"pure_equilibria"``; the equilibria in lexicographic order of
        their action profiles, each certified (regret exactly 0 for exact
        games). ``complete`` is True: the list holds every pure equilibrium.
        Mixed equilibria are not searched, and the notes say so.

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`~gametheory.games.normal_form.NormalFormGame`.

    Notes
    -----
    The best-response mask of player ``i`` compares ``payoffs[i]`` with its
    maximum along axis ``i``; the conjunction of all masks is the set of pure
    equilibria. The cost is linear in the number of profiles.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> chicken = NormalFormGame.from_bimatrix(
    ...     [[0, -1], [1, -10]], [[0, 1], [-1, -10]],
    ...     actions=(["Swerve", "Straight"], ["Swerve", "Straight"]))
    >>> result = pure_equilibria(chicken)
    >>> [e.pure_profile for e in result]
    [('Swerve', 'Straight'), ('Straight', 'Swerve')]
    >>> result.equilibria[0].regrets
    (Fraction(0, 1), Fraction(0, 1))
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"pure_equilibria() takes a NormalFormGame, got {type(game).__name__}")
    mask = np.ones(game.shape, dtype=bool)
    for player in range(game.n_players):
        mask &= game.pure_best_response_mask(player, tol=tol)
    equilibria = []
    for profile in np.argwhere(mask):
        strategies = [_unit_vector(m, int(a), game.is_exact) for m, a in zip(game.shape, profile)]
        equilibria.append(certify(game, strategies, tol=tol))
    notes = ["only pure-strategy equilibria are searched; mixed equilibria are not"]
    if not equilibria:
        notes.append("the game has no pure-strategy equilibrium")
    return SolveResult(
        game=game,
        equilibria=tuple(equilibria),
        method="pure_equilibria",
        complete=True,
        degenerate=None,
        continuum=None,
        notes=tuple(notes),
        exact=game.is_exact,
    )
