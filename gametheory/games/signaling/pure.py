"""Every pure perfect Bayesian equilibrium of a signalling game, from the tree engine.

The game's tree (:meth:`SignalingGame.tree`) is searched by
:func:`gametheory.solvers.perfect_bayesian.perfect_bayesian_equilibria`, without
the strategic-form solvers, so the two routes cross-check each other.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ...equilibrium import certify
from .equilibria import SignalingEquilibrium, _analyse
from .game import SignalingGame

__all__ = ["pure_pbe"]


# ---------------------------------------------------------------- pure PBE
def pure_pbe(game: SignalingGame, *, tol: float | None = None,
             max_profiles: int | None = None) -> tuple[SignalingEquilibrium, ...]:
    """Every pure-strategy perfect Bayesian equilibrium, from the game's tree.

    The pure PBE of :meth:`SignalingGame.tree` (found by the tree engine's
    pruned search: the receiver's admissible responses are settled per
    message and belief region, then each sender plan is checked against
    them) are read back per type and per message, each with its off-path
    :class:`BeliefSet` objects. The strategic form's solvers are not used, so
    this cross-checks them; each result is nevertheless certified as a Nash
    equilibrium of the strategic form.

    Parameters
    ----------
    game : SignalingGame
    tol : float, optional
        Float-mode tolerance.
    max_profiles : int, optional
        Work budget passed to the tree search (default
        :data:`gametheory.solvers.perfect_bayesian.MAX_PROFILES`).

    Returns
    -------
    tuple of SignalingEquilibrium
        In the order of sender plans, then receiver plans. Each has
        ``is_pbe`` True and its off-path :attr:`~SignalingEquilibrium.belief_sets`.

    Examples
    --------
    >>> from fractions import Fraction
    >>> g = SignalingGame(["Low", "High"], [Fraction(1, 2), Fraction(1, 2)], ["Cheap", "Costly"],
    ...                   ["Reject", "Accept"],
    ...                   [[[0, 2], [-3, -1]], [[0, 2], [1, 3]]],     # Costly costs Low 3, High 1
    ...                   [[[1, 0], [1, 0]], [[0, 1], [0, 1]]])       # accept only High
    >>> [e.classification for e in pure_pbe(g)]
    ['pooling', 'separating']
    """
    from ...solvers.perfect_bayesian import MAX_PROFILES, perfect_bayesian_equilibria

    if not isinstance(game, SignalingGame):
        raise TypeError(f"pure_pbe() takes a SignalingGame, got {type(game).__name__}")
    exact = game.is_exact
    zero, one = (Fraction(0), Fraction(1)) if exact else (0.0, 1.0)
    n_t, n_m, n_r = len(game.types), len(game.messages), len(game.responses)
    tree = game.tree()
    offsets = tree.action_offsets
    budget = MAX_PROFILES if max_profiles is None else max_profiles
    found = perfect_bayesian_equilibria(tree, tol=tol, mixed=False, max_profiles=budget)
    strategic = game.strategic_form()
    results = []
    for e in found:
        choice = [int(np.argmax([p != 0 for p in e.behavior[int(offsets[h]):int(offsets[h + 1])].tolist()]))
                  for h in range(tree.n_infosets)]
        plan = tuple(choice[h] for h in game._sender_sets)
        response = tuple(choice[h] for h in game._receiver_sets)
        sender = np.full((n_t, n_m), zero, dtype=object if exact else float)
        receiver = np.full((n_m, n_r), zero, dtype=object if exact else float)
        for t, m in enumerate(plan):
            sender[t, m] = one
        for m, r in enumerate(response):
            receiver[m, r] = one
        i = game.sender_plans.index(plan)
        j = game.receiver_plans.index(response)
        mixes = [[zero] * strategic.shape[0], [zero] * strategic.shape[1]]
        mixes[0][i] = one
        mixes[1][j] = one
        equilibrium = certify(strategic, mixes, tol=tol)
        results.append(((i, j), _analyse(game, equilibrium, sender, receiver, tol)))
    results.sort(key=lambda item: item[0])
    return tuple(e for _, e in results)
