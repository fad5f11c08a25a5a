"""Sender-receiver signalling games and their perfect Bayesian equilibria.

A *sender* of private type ``t`` (drawn from a common prior) sends a message
``m``; a *receiver* observes the message, not the type, and chooses a response
``r``. Payoffs of both depend on ``(t, m, r)``. This is the form of deterrence
signalling: a defender, resolved or irresolute, sinks costs or ties hands; the
challenger observes the signal and decides whether to challenge.

The game is solved through its strategic form (sender plans: a message per
type; receiver plans: a response per message) with the engine's certified
solvers, so every equilibrium carries a Nash certificate. Each equilibrium is
then read back as behaviour (per type, per message), with the receiver's
beliefs after every message, a classification, and a perfect Bayesian
equilibrium (PBE) check: Bayes' rule wherever the profile pins beliefs (on the
path, and off it after a single deviation from a pinned point), sequential
rationality, and, after each off-path message, the whole set of beliefs that
make the receiver's response sequentially rational (a polytope in the type
simplex, given by its vertices; exact in exact mode). :func:`pure_pbe`
enumerates pure PBE directly, independently of the strategic-form solvers,
and :meth:`SignalingEquilibrium.intuitive_criterion` applies Cho and Kreps'
Intuitive Criterion.

- :mod:`.game`: :class:`SignalingGame`; :mod:`.beliefs`: :class:`BeliefSet`;
- :mod:`.equilibria`: :class:`SignalingEquilibrium`, :class:`SignalingResult`, the Intuitive Criterion;
- :mod:`.pure`: :func:`pure_pbe`.

References
----------
Cho, I.-K. and Kreps, D. M. (1987). Signaling games and stable equilibria.
*Quarterly Journal of Economics* 102(2), 179-221.
Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press, ch. 8.
Fearon, J. D. (1997). Signaling foreign policy interests: tying hands versus
sinking costs. *Journal of Conflict Resolution* 41(1), 68-90.
"""

from __future__ import annotations

from .beliefs import BeliefSet
from .equilibria import IntuitiveCriterionResult, IntuitiveCriterionTest, SignalingEquilibrium, SignalingResult
from .game import SignalingGame
from .pure import pure_pbe

__all__ = [
    "SignalingGame",
    "SignalingEquilibrium",
    "SignalingResult",
    "BeliefSet",
    "IntuitiveCriterionResult",
    "IntuitiveCriterionTest",
    "pure_pbe",
]
