"""Equilibria of a signalling game read as behaviour, beliefs and checks: PBE and the Intuitive Criterion.

A view over the tree engine: the profile is placed on the game's tree
(:meth:`SignalingGame.tree`), and the beliefs, the sequential-rationality
checks and the Intuitive Criterion come from
:mod:`gametheory.solvers.perfect_bayesian`; this module only reads them back
per type and per message.

References
----------
Cho, I.-K. and Kreps, D. M. (1987). Signaling games and stable equilibria.
*Quarterly Journal of Economics* 102(2), 179-221.
Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press, ch. 8.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ...equilibrium import Equilibrium, SolveResult
from ...numerics import format_value, scaled_tolerance
from ...solvers.intuitive_criterion import IntuitiveCriterionTest

__all__ = ["IntuitiveCriterionResult", "IntuitiveCriterionTest", "SignalingEquilibrium", "SignalingResult"]


# ---------------------------------------------------------------- analysis
def _classify(sender: np.ndarray) -> str:
    """The tree engine's classification rule (:func:`~gametheory.solvers.perfect_bayesian.classify_supports`)."""
    from ...solvers.perfect_bayesian import classify_supports

    return classify_supports(tuple(m for m in range(sender.shape[1]) if sender[t, m] != 0)
                             for t in range(sender.shape[0]))


def _flat(game, sender, receiver) -> np.ndarray:
    """The behaviour tables as a flat profile of :meth:`SignalingGame.tree`."""
    tree = game.tree()
    exact = sender.dtype == object
    offsets = tree.action_offsets
    flat = np.empty(int(offsets[-1]), dtype=object if exact else float)
    for table, labels in ((sender, game._sender_sets), (receiver, game._receiver_sets)):
        for row, h in zip(table, labels):
            flat[int(offsets[h]):int(offsets[h + 1])] = list(row)
    flat.setflags(write=False)
    return flat


@dataclass(frozen=True)
class _PinnedRegion:
    vertices: tuple

    @property
    def is_empty(self) -> bool:
        return not self.vertices

    @property
    def point(self):
        return self.vertices[0] if self.vertices else None


def _analyse(game, equilibrium: Equilibrium, sender, receiver, tol) -> "SignalingEquilibrium":
    from ...solvers.perfect_bayesian import _assessment, _slack
    from .beliefs import BeliefSet

    exact = sender.dtype == object
    zero = Fraction(0) if exact else 0.0
    prob_slack = Fraction(0) if exact else scaled_tolerance(tol, 1.0)
    if not exact:
        # Float behaviour: entries within tolerance of 0 are 0.
        sender = np.where(np.abs(sender) > prob_slack, sender, 0.0)
        receiver = np.where(np.abs(receiver) > prob_slack, receiver, 0.0)
    tree = game.tree() if exact else game.tree().as_float()
    flat = _flat(game, sender, receiver)
    slack = _slack(tree, flat, tol)
    reached, values, on_path_sets, _, tree_beliefs, gaps, failing = _assessment(tree, flat, slack, weak=False)
    failing = dict(failing)
    failures = []
    on_path, beliefs, belief_sets, probabilities = [], [], {}, []
    for m, (message, h) in enumerate(zip(game.messages, game._receiver_sets)):
        probabilities.append(sum((reached[v] for v in tree.infosets[h].nodes), zero))
        support = [game.responses[r] for r in range(len(game.responses)) if receiver[m, r] != 0]
        belief = tree_beliefs[h]
        on_path.append(on_path_sets[h])
        if not on_path_sets[h] and isinstance(belief, tuple):
            # One type only: the single node's belief is pinned; read it as a belief set of one point or none.
            vertices = () if h in failing else (belief,)
            belief = _PinnedRegion(vertices)
        if isinstance(belief, tuple):
            beliefs.append(belief)
            if h in failing:
                failures.append(f"after {message!r} (on path) the receiver plays {' + '.join(support)}, which is not "
                                f"a best response to the Bayes posterior (a better response gains "
                                f"{format_value(failing[h])})")
        else:
            belief_sets[message] = BeliefSet(game.types, message, tuple(support), belief.vertices, exact)
            beliefs.append(belief.point)
            if belief.is_empty:
                failures.append(f"after {message!r} (off path) no belief makes {' + '.join(support)} a best response")
    type_payoffs = []
    for t, (label, h) in enumerate(zip(game.types, game._sender_sets)):
        (node,) = tree.infosets[h].nodes
        type_payoffs.append(values[node, 0])
        if h in failing:
            sent = " + ".join(game.messages[m] for m in range(len(game.messages)) if sender[t, m] != 0)
            gain = failing[h]
            failures.append(f"type {label!r} sends {sent!r} but gains "
                            f"{format_value(gain) if gain is not None else 'more'} by sending another message")
    for table in (sender, receiver):
        table.setflags(write=False)
    return SignalingEquilibrium(
        game=game,
        equilibrium=equilibrium,
        sender=sender,
        receiver=receiver,
        on_path=tuple(on_path),
        message_probabilities=tuple(probabilities),
        beliefs=tuple(beliefs),
        belief_sets=belief_sets,
        type_payoffs=tuple(type_payoffs),
        classification=_classify(sender),
        failures=tuple(failures),
        tol=float(slack),
    )


@dataclass(frozen=True, eq=False)
class IntuitiveCriterionResult:
    """Cho and Kreps' Intuitive Criterion applied to every off-path message."""

    tests: tuple

    @property
    def passes(self) -> bool:
        return all(test.passes for test in self.tests)

    def describe(self) -> str:
        if not self.tests:
            return "no off-path message: the Intuitive Criterion holds trivially"
        lines = []
        for test in self.tests:
            text = (f"{test.message}: dominated for {', '.join(test.dominated) or 'no type'}; "
                    f"best responses to the rest: {', '.join(test.responses) or '-'}")
            if test.breaking:
                text += f"; {', '.join(test.breaking)} would deviate: fails"
            else:
                text += "; passes"
            lines.append(text)
        return "\n".join(lines)


@dataclass(frozen=True, eq=False)
class SignalingEquilibrium:
    """An equilibrium of a signalling game, read as behaviour with beliefs.

    Attributes
    ----------
    game : SignalingGame
    equilibrium : Equilibrium
        The certified Nash equilibrium of ``game.strategic_form()`` (its
        regrets are the certificate).
    sender : ndarray
        ``sender[t, m]``: probability that type ``t`` sends message ``m``.
    receiver : ndarray
        ``receiver[m, r]``: probability of response ``r`` after message ``m``.
    on_path : tuple of bool
        Whether each message is sent with positive probability.
    message_probabilities : tuple
        Ex-ante probability of each message.
    beliefs : tuple
        After each message, a probability vector over the types: the Bayes
        posterior on the path; off the path, one supporting belief (a vertex
        of ``belief_sets[message]``), or ``None`` when none exists.
    belief_sets : dict
        For each off-path message, the :class:`BeliefSet` of all beliefs
        that make the receiver's behaviour there sequentially rational.
    type_payoffs : tuple
        Each type's expected payoff.
    classification : str
        ``"separating"`` (each type sends its own message), ``"pooling"``
        (all types send one message), ``"semi-separating"`` (pure, some
        types pool and others do not; three or more types) or ``"hybrid"``
        (some type randomises over messages). The literature sometimes uses
        the last two words interchangeably; here they are kept apart.
    failures : tuple of str
        Why the equilibrium is not perfect Bayesian (empty when it is).
    tol : float
        Payoff tolerance of the checks (0 in exact mode).
    """

    game: SignalingGame
    equilibrium: Equilibrium
    sender: np.ndarray
    receiver: np.ndarray
    on_path: tuple
    message_probabilities: tuple
    beliefs: tuple
    belief_sets: dict
    type_payoffs: tuple
    classification: str
    failures: tuple
    tol: float

    @property
    def is_pbe(self) -> bool:
        """Perfect Bayesian: Bayes on path, sequentially rational on path and, for some belief, off path."""
        return not self.failures

    @property
    def is_pure(self) -> bool:
        return all(sum(1 for v in row if v != 0) == 1 for row in self.sender) and all(
            sum(1 for v in row if v != 0) == 1 for row in self.receiver)

    def sender_behaviour(self) -> dict[str, dict[str, object]]:
        """``{type: {message: probability}}``."""
        g = self.game
        return {t: {m: self.sender[k, j] for j, m in enumerate(g.messages)} for k, t in enumerate(g.types)}

    def receiver_behaviour(self) -> dict[str, dict[str, object]]:
        """``{message: {response: probability}}``."""
        g = self.game
        return {m: {r: self.receiver[k, j] for j, r in enumerate(g.responses)} for k, m in enumerate(g.messages)}

    def belief_dict(self) -> dict[str, dict[str, object] | None]:
        """``{message: {type: probability}}`` (see :attr:`beliefs`)."""
        g = self.game
        return {
            m: None if b is None else {t: b[k] for k, t in enumerate(g.types)}
            for m, b in zip(g.messages, self.beliefs)
        }

    @property
    def concept(self) -> str | None:
        """``"PBE (Bayes-consistent)"`` when the equilibrium is perfect Bayesian, else None.

        In a signalling tree no belief off the path can be pinned by Bayes'
        rule (every off-path message is reached only through the sender's
        deviation), so weak PBE and the Bayes-consistent PBE coincide.
        """
        from ...solvers.perfect_bayesian import PBE

        return PBE if self.is_pbe else None

    def intuitive_criterion(self) -> IntuitiveCriterionResult:
        """Cho and Kreps' (1987) Intuitive Criterion at every off-path message.

        For an off-path message ``m``, the types for which ``m`` is
        equilibrium-dominated (their equilibrium payoff is above what ``m``
        yields against every best response to every belief) are removed;
        the equilibrium fails if some type would get more than its
        equilibrium payoff from ``m`` against every best response to beliefs
        on the remaining types. With no remaining type the message puts no
        restriction. Best responses are pure: the extremes of a linear
        payoff over mixed best responses are reached at pure ones. Computed
        on the game's tree by :func:`gametheory.solvers.intuitive_criterion.intuitive_criterion`.
        """
        from ...solvers.intuitive_criterion import intuitive_criterion

        exact = self.sender.dtype == object
        tree = self.game.tree() if exact else self.game.tree().as_float()
        flat = _flat(self.game, self.sender, self.receiver)
        return IntuitiveCriterionResult(intuitive_criterion(tree, flat, Fraction(0) if exact else self.tol))

    def describe(self, digits: int = 4) -> str:
        """One line: behaviour, classification, PBE status and off-path beliefs."""
        g = self.game

        def mix(row, labels):
            played = [j for j in range(len(row)) if row[j] != 0]
            if len(played) == 1:
                return labels[played[0]]
            return " + ".join(f"{format_value(row[j], digits=digits)} {labels[j]}" for j in played)

        sender = "; ".join(f"{g.players[0]}[{t}]: {mix(self.sender[k], g.messages)}" for k, t in enumerate(g.types))
        receiver = ", ".join(f"{m}->{mix(self.receiver[k], g.responses)}" for k, m in enumerate(g.messages))
        status = "PBE" if self.is_pbe else "not PBE"
        text = f"{sender}; {g.players[1]}: {receiver} | {self.classification} {status}"
        for m, beliefs in self.belief_sets.items():
            text += f"; after {m} (off path): {beliefs.describe(digits)}"
        return text

    def __repr__(self) -> str:
        return f"<SignalingEquilibrium {self.describe()} | max regret {format_value(self.equilibrium.max_regret)}>"


@dataclass(frozen=True, eq=False)
class SignalingResult:
    """The equilibria of a signalling game's strategic form, each analysed.

    Attributes
    ----------
    game : SignalingGame
    equilibria : tuple of SignalingEquilibrium
        One per equilibrium of ``solve_result`` (extreme equilibria when the
        strategic form has a continuum; PBE status is checked at each).
    solve_result : SolveResult
        The strategic-form solve, with its completeness and degeneracy flags.
    """

    game: SignalingGame
    equilibria: tuple
    solve_result: SolveResult

    @property
    def pbe(self) -> tuple:
        """The equilibria that are perfect Bayesian."""
        return tuple(e for e in self.equilibria if e.is_pbe)

    @property
    def complete(self) -> bool:
        return self.solve_result.complete

    @property
    def continuum(self):
        return self.solve_result.continuum

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self):
        return iter(self.equilibria)

    def __getitem__(self, index):
        return self.equilibria[index]

    def describe(self, digits: int = 4) -> str:
        lines = [f"{len(self.equilibria)} equilibria of the strategic form ({self.solve_result.method}), "
                 f"{len(self.pbe)} perfect Bayesian"]
        lines.extend(f"  {k}. {e.describe(digits)}" for k, e in enumerate(self.equilibria, 1))
        if self.solve_result.continuum:
            lines.append("  The strategic form has a continuum of equilibria; its extreme points are listed.")
        if not self.solve_result.complete:
            lines.append("  This list is not guaranteed to contain every equilibrium.")
        return "\n".join(lines)
