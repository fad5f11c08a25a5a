"""Every pure perfect Bayesian equilibrium of a signalling game, enumerated directly.

Independent of the strategic-form solvers, so the two cross-check each other.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np

from ...equilibrium import certify
from ...numerics import scaled_tolerance
from .beliefs import _belief_set
from .equilibria import SignalingEquilibrium, _analyse
from .game import SignalingGame

__all__ = ["pure_pbe"]


# ---------------------------------------------------------------- pure PBE
def pure_pbe(game: SignalingGame, *, tol: float | None = None) -> tuple[SignalingEquilibrium, ...]:
    """Every pure-strategy perfect Bayesian equilibrium, enumerated directly.

    For each sender plan the on-path beliefs follow from Bayes' rule; the
    receiver's admissible responses are its best responses to them on the
    path and, off the path, the responses that some belief supports (each
    with its :class:`BeliefSet`); every receiver plan built from admissible
    responses is kept when no type gains by sending another message. The
    strategic form's solvers are not used, so this cross-checks them; each
    result is nevertheless certified as a Nash equilibrium of the strategic
    form.

    Parameters
    ----------
    game : SignalingGame
    tol : float, optional
        Float-mode tolerance.

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
    if not isinstance(game, SignalingGame):
        raise TypeError(f"pure_pbe() takes a SignalingGame, got {type(game).__name__}")
    exact = game.is_exact
    zero = Fraction(0) if exact else 0.0
    one = Fraction(1) if exact else 1.0
    slack = game._slack(tol)
    n_t, n_m, n_r = len(game.types), len(game.messages), len(game.responses)
    u_s, u_r = game.sender_payoff, game.receiver_payoff
    support_cache: dict[tuple[int, int], bool] = {}
    results = []
    for plan in game.sender_plans:
        admissible = []
        for m in range(n_m):
            mass = [game.prior[t] if plan[t] == m else zero for t in range(n_t)]
            total = sum(mass, zero)
            if total > (0 if exact else scaled_tolerance(tol, 1.0)):
                values = [sum((mass[t] * u_r[t, m, r] for t in range(n_t)), zero) / total for r in range(n_r)]
                best = max(values)
                admissible.append([r for r in range(n_r) if values[r] >= best - slack])
            else:
                options = []
                for r in range(n_r):
                    if (m, r) not in support_cache:
                        support_cache[(m, r)] = not _belief_set(game, m, [r], list(range(n_t)), slack).is_empty
                    if support_cache[(m, r)]:
                        options.append(r)
                admissible.append(options)
        for response in itertools.product(*admissible):
            stable = all(
                u_s[t, plan[t], response[plan[t]]] >= max(u_s[t, m, response[m]] for m in range(n_m)) - slack
                for t in range(n_t)
            )
            if not stable:
                continue
            sender = np.full((n_t, n_m), zero, dtype=object if exact else float)
            receiver = np.full((n_m, n_r), zero, dtype=object if exact else float)
            for t, m in enumerate(plan):
                sender[t, m] = one
            for m, r in enumerate(response):
                receiver[m, r] = one
            strategic = game.strategic_form()
            i = game.sender_plans.index(plan)
            j = game.receiver_plans.index(tuple(response))
            mixes = [[zero] * strategic.shape[0], [zero] * strategic.shape[1]]
            mixes[0][i] = one
            mixes[1][j] = one
            equilibrium = certify(strategic, mixes, tol=tol)
            results.append(_analyse(game, equilibrium, sender, receiver, tol))
    return tuple(results)
