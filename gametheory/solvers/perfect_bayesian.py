"""Perfect Bayesian equilibria of game trees, with the beliefs that sustain them.

An *assessment* is a behaviour profile with a belief at every information set
(a probability vector over its nodes). It is a *weak* perfect Bayesian
equilibrium (Mas-Colell, Whinston and Green 1995, def. 9.C.3) when

- beliefs follow Bayes' rule at every information set the profile reaches
  with positive probability (chance included); and
- every player is sequentially rational: at each of its information sets,
  given the belief there, no continuation strategy (a choice at that set and
  at every later own set) earns more than the profile.

Off the path a weak PBE leaves beliefs free, even where Bayes' rule still
has something to say: after an off-path move, the beliefs in the
continuation should follow from the beliefs before it and the strategies
(Fudenberg and Tirole 1991; the strengthening after MWG's def. 9.C.3). The
default here is that stronger notion, ``concept = "PBE (Bayes-consistent)"``:
every belief that Bayes' rule *pins* given the profile (on the path, and off
it from the nearest pinned predecessor set or chance node through a single
deviation, see :func:`._pbe_beliefs.pinned_beliefs`) is used, and only the
remaining beliefs are free. After a free belief, the profile's own moves
carry it on: at a later set that the profile reaches from the free set with
positive probability, the belief follows from the free one by Bayes' rule
(Bayes' rule wherever possible: Fudenberg and Tirole 1991; Watson 2017; see
:func:`._pbe_beliefs.derived_beliefs`), and the sustaining beliefs reported
at the free set are those under which it and every set that follows it are
sequentially rational (:class:`DerivedBelief` at the followers). A follower
where the free set's own mover moves again never narrows that region (a plan
that deviates only there is one of the mover's continuation plans at the
free set, and perfect recall keeps its later sets below the follower), so in
signalling trees, where the receiver alone holds free beliefs, the verdicts
are those of each set on its own; a follower of another player can narrow
it, or empty it. It implies
that the restriction to every subgame is a weak PBE of that subgame (so
every such PBE is subgame perfect), and every sequential equilibrium
satisfies it. A set reached from a free one only through a further
zero-probability move keeps a free belief of its own; joint constraints
between such free sets, which full consistency would add, are not imposed.
Each equilibrium says which notion it satisfies in
:attr:`PerfectBayesianEquilibrium.concept`; ``weak=True`` lists the weak PBE
too (a weak PBE leaves every off-path belief free, downstream ones included).

Sequential rationality at a free set is linear in the belief: for each node
``v`` and each pure continuation plan ``c`` of the mover, ``U(v, c)`` is its
payoff from ``v`` on when it follows ``c`` and everyone else the profile; the
profile is sequentially rational under ``mu`` iff
``sum_v mu[v] (U(v, profile) - U(v, c)) >= 0`` for every ``c``. So the
sustaining beliefs form a polytope of the simplex (:class:`BeliefRegion`,
given by its vertices, exact in exact trees; for a two-node set an interval
of the probability of its first node), empty when no belief sustains the
behaviour. Each equilibrium carries the sequential-rationality *gap* at
every information set (the best continuation gain under its belief, at the
first vertex of a free set): exactly 0 in exact mode.

:func:`perfect_bayesian_equilibria` searches the pure behaviour profiles
(pruned bottom-up, see :mod:`._pbe_search`) and, for two-player trees,
checks every extreme Nash equilibrium of the sequence form
(:func:`~gametheory.solvers.sequence_form.sequence_form_enumeration`), which
brings in the mixed and semi-separating equilibria (e.g. the sender's mixing
that makes the receiver indifferent). For signalling trees (nature draws
the sender's type, the sender sends a message, the receiver responds)
:meth:`PerfectBayesianEquilibrium.intuitive_criterion` applies Cho and
Kreps' test (:mod:`.intuitive_criterion`), and equilibria are classified as
pooling, separating, semi-separating or hybrid.

References
----------
Fudenberg, D. and Tirole, J. (1991). Perfect Bayesian equilibrium and
sequential equilibrium. *Journal of Economic Theory* 53, 236-260.
Watson, J. (2017). A general, practicable definition of perfect Bayesian
equilibrium. Working paper, University of California, San Diego.
Kreps, D. M. and Wilson, R. (1982). Sequential equilibria. *Econometrica*
50(4), 863-894.
Mas-Colell, A., Whinston, M. D. and Green, J. R. (1995). *Microeconomic
Theory*, sec. 9.C (weak perfect Bayesian equilibrium and its strengthening).
Cho, I.-K. and Kreps, D. M. (1987). Signaling games and stable equilibria.
*Quarterly Journal of Economics* 102(2), 179-221.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..games.extensive.conversions import check_behavior, nested_behavior
from ..games.extensive.equilibrium import TreeSolveResult, node_values, payoff_scale
from ..games.extensive.render import short_node_name
from ..games.extensive.tree import CHANCE, GameTree
from ..numerics import format_value, json_value, scaled_tolerance
from ._pbe_beliefs import (
    MAX_CONTINUATIONS,
    continuation_values,
    derived_beliefs,
    joint_regions,
    pinned_beliefs,
    reach,
    simplex_polytope,
)
from ._pbe_regions import BeliefRegion, DerivedBelief, free_beliefs, free_report
from .intuitive_criterion import IntuitiveCriterionTest, SignalingStructure, intuitive_criterion, signaling_structure

__all__ = [
    "BeliefRegion",
    "DerivedBelief",
    "MAX_CONTINUATIONS",
    "MAX_PROFILES",
    "MAX_SEQUENCE_PAIRS",
    "PBE",
    "PerfectBayesianEquilibrium",
    "IntuitiveCriterionTest",
    "SignalingStructure",
    "WEAK_PBE",
    "assess_pbe",
    "belief_region",
    "pbe_work_estimate",
    "perfect_bayesian_equilibria",
    "signaling_structure",
]

#: Largest number of pure behaviour profiles :func:`perfect_bayesian_equilibria` may search
#: (its work estimate, :func:`pbe_work_estimate`); lift it with ``max_profiles=``.
MAX_PROFILES = 1_000_000

#: Largest sequence form (sequences of player 1 x sequences of player 2) whose extreme Nash equilibria
#: :func:`perfect_bayesian_equilibria` enumerates for mixed PBE; lift it with ``max_sequence_pairs=``.
#: Enumeration time grows steeply with it: 49 pairs take 0.15 s, 60 about 1 s, 90 about 30 s, 133 over a minute.
MAX_SEQUENCE_PAIRS = 64

#: The two notions an equilibrium may satisfy (:attr:`PerfectBayesianEquilibrium.concept`).
WEAK_PBE = "weak PBE"
PBE = "PBE (Bayes-consistent)"


# ------------------------------------------------------------ beliefs
def belief_region(tree: GameTree, behavior, infoset, *, tol: float | None = None) -> BeliefRegion:
    """The beliefs at ``infoset`` under which the profile's behaviour there and below is sequentially rational.

    The set on its own: the region an equilibrium reports at a free set also
    asks for sequential rationality at the sets whose beliefs follow from it
    (:attr:`BeliefRegion.followers`), so it may be smaller.

    Parameters
    ----------
    tree : GameTree
    behavior : flat or nested behaviour profile
    infoset : int or str
        Index or name of the information set.
    tol : float, optional
        Float-mode tolerance.

    Examples
    --------
    Selten's horse: player 3 cannot tell whether player 1 went down or
    player 2 did; Right is optimal when P(player 1 went down) <= 1/3.

    >>> from gametheory.games.extensive import build_tree, decision, terminal
    >>> horse = build_tree(decision("1", {
    ...     "A": decision("2", {"a": terminal(1, 1, 1),
    ...                         "d": decision("3", {"L": terminal(4, 4, 0), "R": terminal(1, 1, 1)}, infoset="3")}),
    ...     "D": decision("3", {"L": terminal(3, 2, 2), "R": terminal(0, 0, 0)}, infoset="3")}))
    >>> region = belief_region(horse, [[[1, 0]], [[1, 0]], [[0, 1]]], "3")
    >>> [horse.node_name(v) for v in region.nodes], region.interval(1)
    (['after D', 'after A, d'], (Fraction(2, 3), Fraction(1, 1)))
    """
    flat = check_behavior(tree, behavior, tol=tol)
    h = tree.infoset_index(infoset)
    return _region(tree, flat, h, {}, _slack(tree, flat, tol))


def _slack(tree: GameTree, flat, tol):
    if flat.dtype == object and tree.is_exact:
        return Fraction(0)
    return scaled_tolerance(tol, payoff_scale(tree))


def _constraints(tree: GameTree, flat, h: int, cache: dict) -> tuple:
    """Rows ``U(., profile) - U(., c)`` over the nodes of ``h``, one per pure continuation plan ``c``."""
    profile, plans = continuation_values(tree, flat, h, cache)
    return tuple(tuple(p - q for p, q in zip(profile, plan)) for plan in plans)


def _region(tree: GameTree, flat, h: int, cache: dict, slack) -> BeliefRegion:
    constraints = _constraints(tree, flat, h, cache)
    exact = flat.dtype == object
    vertices = simplex_polytope(constraints, len(tree.infosets[h].nodes), exact, slack)
    return BeliefRegion(h, tuple(tree.infosets[h].nodes), vertices, constraints, exact)


# ------------------------------------------------------- equilibrium
@dataclass(frozen=True, eq=False)
class PerfectBayesianEquilibrium:
    """A perfect Bayesian equilibrium: behaviour, beliefs and the certificate.

    Attributes
    ----------
    tree : GameTree
    behavior : ndarray
        Flat behaviour profile.
    payoffs : tuple
    path : ndarray
        Probability of each terminal node, in the order of ``tree.terminals``.
    on_path : tuple of bool
        Per information set: reached with positive probability.
    beliefs : tuple
        Per information set: the belief Bayes' rule pins (a tuple over its
        nodes: on the path, and off it where :attr:`pinned` says so), the
        :class:`DerivedBelief` where it follows a free belief upstream by
        Bayes' rule, else the :class:`BeliefRegion` of the free beliefs that
        sustain the behaviour (there and at the sets that follow it).
    gaps : tuple
        Per information set: the mover's best continuation gain under its
        belief (the pinned belief, the free region's first vertex, or the
        belief that follows from it); 0 exactly in exact mode.
    classification : str or None
        For trees where nature draws the type of an informed player:
        ``"pooling"``, ``"separating"``, ``"semi-separating"`` or ``"hybrid"``
        (some type randomises); None otherwise.
    tol : float
    concept : str
        The strongest notion the assessment satisfies: ``"PBE (Bayes-consistent)"``
        (:data:`PBE`: sequentially rational under every belief Bayes' rule pins,
        on and off the path) or ``"weak PBE"`` (:data:`WEAK_PBE`: only the
        on-path beliefs are pinned).
    pinned : tuple of bool
        Per information set: the belief is fixed by Bayes' rule (on the path
        or, for :data:`PBE`, off it from a predecessor); False where it is free.
    """

    tree: GameTree
    behavior: np.ndarray
    payoffs: tuple
    path: np.ndarray
    on_path: tuple
    beliefs: tuple
    gaps: tuple
    classification: str | None
    tol: float
    concept: str = PBE
    pinned: tuple = ()

    @property
    def is_exact(self) -> bool:
        return self.behavior.dtype == object

    @property
    def nested(self) -> tuple:
        return nested_behavior(self.tree, self.behavior)

    @property
    def is_pure(self) -> bool:
        return all(p == 0 or p == 1 for p in self.behavior.tolist())

    @property
    def max_gap(self):
        return max(self.gaps) if self.gaps else 0

    def belief_at(self, infoset) -> tuple | BeliefRegion | DerivedBelief:
        """The pinned belief, the region of sustaining free beliefs, or the belief that follows a free one."""
        return self.beliefs[self.tree.infoset_index(infoset)]

    def intuitive_criterion(self) -> tuple:
        """Cho and Kreps' (1987) Intuitive Criterion at every off-path message of a signalling tree.

        For an off-path message, a type is *equilibrium-dominated* when its
        equilibrium payoff exceeds what the message earns it against every
        response that is a best response to some belief. With beliefs
        restricted to the other types, the equilibrium fails when some type
        earns more than its equilibrium payoff from the message against every
        best response to such a belief. Returns one
        :class:`IntuitiveCriterionTest` per off-path message; the equilibrium
        passes when all pass. After the receiver's response the receiver and
        chance may move again (a response is then a continuation plan of the
        receiver, see :mod:`gametheory.solvers.intuitive_criterion`).

        Raises
        ------
        ValueError
            If the tree is not a signalling tree (see :func:`signaling_structure`),
            or the sender or a third player moves after a message.
        """
        return intuitive_criterion(self.tree, self.behavior, Fraction(0) if self.is_exact else self.tol)

    def passes_intuitive_criterion(self) -> bool:
        return all(test.passes for test in self.intuitive_criterion())

    def intuitive_verdict(self) -> tuple:
        """``(passes, tests)`` of the Intuitive Criterion where it applies, else ``(None, ())``.

        It applies to signalling trees where only the receiver and chance move
        after a message (see :meth:`intuitive_criterion`); elsewhere the
        verdict is None instead of an error, for reports over any tree.
        """
        try:
            tests = self.intuitive_criterion()
        except ValueError:
            return None, ()
        return all(test.passes for test in tests), tests

    def describe(self, digits: int = 4) -> str:
        tree = self.tree
        offsets = tree.action_offsets
        lines = []
        for i, player in enumerate(tree.players):
            parts = []
            for h in tree.player_infosets(i):
                block = self.behavior[offsets[h]:offsets[h + 1]].tolist()
                actions = tree.infoset_actions[h]
                where = tree.infoset_labels[h] or short_node_name(tree, tree.infosets[h].nodes[0])
                played = [(a, p) for a, p in zip(actions, block) if p != 0]
                text = played[0][0] if len(played) == 1 else " + ".join(
                    f"{format_value(p, digits=digits)} {a}" for a, p in played)
                belief = self.beliefs[h]
                if isinstance(belief, (BeliefRegion, DerivedBelief)):
                    text += f" [off path: {belief.describe(tree, digits)}]"
                elif len(belief) > 1:
                    where_from = "belief" if self.on_path[h] else "off path, Bayes-consistent belief"
                    text += f" [{where_from} " + ", ".join(format_value(b, digits=digits) for b in belief) + "]"
                parts.append(f"{text} ({where})")
            lines.append(f"{player}: " + ("; ".join(parts) if parts else "no move"))
        lines.append(f"{self.classification} {self.concept}" if self.classification else self.concept)
        passes, tests = self.intuitive_verdict()
        if passes is not None:
            lines.append(_intuitive_text(passes, tests))
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """JSON-ready form: ``behavior``, ``payoffs`` and ``path`` as for tree equilibria, plus
        ``beliefs`` and ``gaps`` (per player, per information set) and ``classification``."""
        tree = self.tree
        rank = tree.preorder_rank
        beliefs, gaps = [], []
        for i in range(tree.n_players):
            row, gap_row = [], []
            for h in tree.player_infosets(i):
                belief = self.beliefs[h]
                if isinstance(belief, (BeliefRegion, DerivedBelief)):
                    row.append(belief.to_dict())
                else:
                    row.append({"on_path": bool(self.on_path[h]), "pinned": True,
                                "belief": [json_value(b) for b in belief]})
                # Nodes by their depth-first (file) order, as subgame regrets and paths are numbered.
                row[-1]["nodes"] = [int(rank[v]) for v in tree.infosets[h].nodes]
                gap_row.append(json_value(self.gaps[h]))
            beliefs.append(row)
            gaps.append(gap_row)
        passes, tests = self.intuitive_verdict()
        return {
            "behavior": [[[json_value(p) for p in block] for block in player] for player in self.nested],
            "payoffs": [json_value(v) for v in self.payoffs],
            "path": [json_value(p) for p in self.path.tolist()],
            "beliefs": beliefs,
            "gaps": gaps,
            "max_gap": json_value(self.max_gap),
            "classification": self.classification,
            "concept": self.concept,
            "pure": self.is_pure,
            "intuitive_criterion": passes,
            "intuitive_criterion_tests": [
                {"message": t.message, "passes": t.passes, "dominated": list(t.dominated),
                 "remaining": list(t.remaining), "responses": list(t.responses), "breaking": list(t.breaking)}
                for t in tests],
        }

    def __repr__(self) -> str:
        return (f"<PerfectBayesianEquilibrium payoffs ({', '.join(format_value(v) for v in self.payoffs)}), "
                f"{self.classification or 'unclassified'}, {self.concept}, max gap {format_value(self.max_gap)}>")


def _intuitive_text(passes: bool, tests: tuple) -> str:
    """One line: the Intuitive Criterion's verdict, naming the breaking types and messages when it fails."""
    if not tests:
        return "Intuitive Criterion: passes (no message is off the path)"
    if passes:
        return "Intuitive Criterion: passes at " + ", ".join(t.message for t in tests)
    failures = []
    for t in tests:
        if t.breaking:
            beliefs = f"beliefs on {', '.join(t.remaining)}" if t.dominated else "any belief"
            failures.append(f"{', '.join(t.breaking)} gains from {t.message} against every best response to "
                            f"{beliefs}" + (f" ({', '.join(t.dominated)} equilibrium-dominated there)"
                                            if t.dominated else ""))
    return "Intuitive Criterion: fails: " + "; ".join(failures)


def _assessment(tree: GameTree, flat: np.ndarray, slack, *, weak: bool, cache: dict | None = None):
    """Beliefs, gaps and failing sets of a flat profile under one notion.

    Returns ``(reached, values, on_path, pinned, beliefs, gaps, failing)``:
    per information set the pinned belief, the :class:`BeliefRegion` of a
    free one or the :class:`DerivedBelief` of one that follows a free one,
    the gap (None where no belief works), and ``failing``, a list of
    ``(infoset, gain or None)`` for the sets that break the notion (a free
    set whose region is empty stands for its followers too).
    """
    cache = {} if cache is None else cache
    exact = flat.dtype == object
    zero = Fraction(0) if exact else 0.0
    reached = reach(tree, flat)
    values = cache.get("profile")
    if values is None:
        values = cache["profile"] = node_values(tree, flat)
    fixed = pinned_beliefs(tree, flat, reached, slack, weak=weak)
    free = [h for h in range(tree.n_infosets) if fixed[h] is None]
    derived = [None] * tree.n_infosets if weak else derived_beliefs(tree, flat, fixed, slack)
    regions = joint_regions(tree, free, derived, lambda h: _constraints(tree, flat, h, cache), exact, slack)
    chosen = free_beliefs(tree, free, derived, regions, exact)
    on_path, pinned, beliefs, gaps, failing = [], [], [], [], []
    for h in range(tree.n_infosets):
        mass = sum((reached[v] for v in tree.infosets[h].nodes), zero)
        on_path.append(bool(mass > 0) if exact else bool(mass > slack * 1e-3))
        mu = fixed[h]
        pinned.append(mu is not None)
        if mu is None:
            beliefs.append(free_report(tree, h, derived, regions, chosen, exact))
            mu = chosen[h]
        else:
            beliefs.append(mu)
        if mu is None:
            gaps.append(None)
            if derived[h] is None:
                failing.append((h, None))
            continue
        constraints = _constraints(tree, flat, h, cache)
        gap = max([zero] + [-sum((m * c for m, c in zip(mu, row)), zero) for row in constraints])
        gap = gap if exact else max(float(gap), 0.0)
        gaps.append(gap)
        if fixed[h] is not None and gap > slack:
            failing.append((h, gap))
    return reached, values, tuple(on_path), tuple(pinned), tuple(beliefs), tuple(gaps), failing


def _failure_text(tree: GameTree, h: int, on_path: bool, gain, followers: tuple = ()) -> str:
    where = f"at information set {h} ({tree.node_name(tree.infosets[h].nodes[0])}, "
    player = tree.players[tree.infoset_player[h]]
    if gain is None:
        if followers:
            sets = ", ".join(f"{d} ({tree.players[tree.infoset_player[d]]!r})" for d in followers)
            return where + (f"off path) no belief makes player {player!r}'s behaviour optimal together with the "
                            f"behaviour at the information sets whose beliefs follow from it by Bayes' rule: {sets}")
        return where + f"off path) no belief makes player {player!r}'s behaviour optimal"
    state = "on path" if on_path else "off path, belief pinned by Bayes' rule"
    return where + f"{state}) player {player!r} gains {format_value(gain)} by deviating"


def _blamed_followers(tree: GameTree, flat, h: int, belief, cache: dict, slack) -> tuple:
    """The followers of a free set with no sustaining belief, when some belief would sustain the set on its own."""
    if not isinstance(belief, BeliefRegion) or not belief.followers or _region(tree, flat, h, cache, slack).is_empty:
        return ()
    return belief.followers


def _assess(tree: GameTree, flat: np.ndarray, slack, cache: dict | None = None, *, weak: bool = False):
    """``(equilibrium or None, failures)`` for a flat profile; ``weak`` asks only for weak PBE."""
    cache = {} if cache is None else cache
    result = _assessment(tree, flat, slack, weak=weak, cache=cache)
    reached, values, on_path, pinned, beliefs, gaps, failing = result
    if failing:
        return None, [_failure_text(tree, h, on_path[h], gain, _blamed_followers(tree, flat, h, beliefs[h], cache, slack))
                      for h, gain in failing]
    concept = WEAK_PBE if weak else PBE
    if weak:
        stronger = _assessment(tree, flat, slack, weak=False, cache=cache)
        if not stronger[-1]:
            # The weak PBE also satisfies the stronger notion: report it under its pinned beliefs.
            reached, values, on_path, pinned, beliefs, gaps, _ = stronger
            concept = PBE
    exact = flat.dtype == object
    path = reached[tree.terminals]
    path.setflags(write=False)
    payoffs = tuple(values[0].tolist()) if exact else tuple(float(v) for v in values[0])
    equilibrium = PerfectBayesianEquilibrium(tree, flat, payoffs, path, on_path, beliefs, gaps,
                                             _classify(tree, flat, reached), float(slack), concept, pinned)
    return equilibrium, []


def assess_pbe(tree: GameTree, behavior, *, tol: float | None = None, weak: bool = False):
    """Check a behaviour profile for perfect Bayesian equilibrium.

    Parameters
    ----------
    tree : GameTree
    behavior : flat or nested behaviour profile
    tol : float, optional
        Float-mode tolerance.
    weak : bool
        Ask only for a weak PBE (beliefs pinned on the path only); the
        equilibrium's ``concept`` still says when it satisfies the stronger notion.

    Returns
    -------
    (PerfectBayesianEquilibrium or None, tuple of str)
        The equilibrium with its beliefs and gaps when it is a PBE (under the
        notion asked), else None and the reasons (deviations at sets whose
        belief Bayes' rule pins, sets where no belief sustains the behaviour).
    """
    _check(tree)
    flat = check_behavior(tree, behavior, tol=tol)
    if flat.dtype == object and not tree.is_exact:
        flat = np.asarray(flat, dtype=float)
    if flat.dtype != object and tree.is_exact:
        tree = tree.as_float()
    equilibrium, failures = _assess(tree, flat, _slack(tree, flat, tol), weak=weak)
    return equilibrium, tuple(failures)


def _check(tree) -> None:
    if not isinstance(tree, GameTree):
        raise TypeError(f"expected a GameTree, got {type(tree).__name__}")
    if tree.is_symbolic:
        raise ValueError(f"the tree has symbolic payoffs (parameters {list(tree.parameters)}): substitute values first")


# ---------------------------------------------------- classification
def _classify(tree: GameTree, flat, reach) -> str | None:
    """Pooling / separating / semi-separating / hybrid for the informed player's first move after nature's draw.

    Nature's draw is the shallowest chance node reached on the path; the
    informed player moves first below each of its children, at information
    sets distinct across the draws (it observes them).
    """
    chance_nodes = [int(v) for v in np.flatnonzero(tree.node_player == CHANCE) if reach[v] != 0]
    if not chance_nodes:
        return None
    c = min(chance_nodes, key=lambda v: (tree.depth[v], v))
    first = []
    for child in tree.children(c):
        v = child
        while tree.node_player[v] == CHANCE and tree.n_children[v] == 1:
            v = int(tree.first_child[v])
        if tree.node_player[v] < 0:
            return None
        first.append(v)
    players = {int(tree.node_player[v]) for v in first}
    sets = [int(tree.node_infoset[v]) for v in first]
    if len(players) != 1 or len(set(sets)) != len(sets) or len(first) < 2:
        return None
    labels = [tree.infoset_actions[h] for h in sets]
    if any(lab != labels[0] for lab in labels):
        return None
    offsets = tree.action_offsets
    supports = []
    for v, h in zip(first, sets):
        block = flat[int(offsets[h]):int(offsets[h + 1])].tolist()
        supports.append(tuple(a for a, p in enumerate(block) if p != 0))
    return classify_supports(supports)


def classify_supports(supports) -> str:
    """Pooling / separating / semi-separating / hybrid from the messages each type may send.

    ``supports`` holds, per type, the messages it sends with positive
    probability. ``"hybrid"`` when some type randomises (the textbook's
    mixed "semi-separating" equilibrium), else ``"pooling"`` (one message
    for all), ``"separating"`` (a message per type) or ``"semi-separating"``
    (pure, some types pool and others do not). The sender's strategy is
    classified type by type, so a type of prior 0 counts too (it still has a
    strategy, and a PBE asks it to best respond). The one rule behind
    :attr:`PerfectBayesianEquilibrium.classification` and the signalling
    games' ``classification``.

    Examples
    --------
    >>> classify_supports([(0,), (1,), (1,)]), classify_supports([(0,), (0, 1)]), classify_supports([(1,), (0,)])
    ('semi-separating', 'hybrid', 'separating')
    """
    supports = [tuple(s) for s in supports]
    if any(len(s) > 1 for s in supports):
        return "hybrid"
    messages = [s[0] for s in supports]
    if len(set(messages)) <= 1:
        return "pooling"
    if len(set(messages)) == len(messages):
        return "separating"
    return "semi-separating"


# ------------------------------------------------------------ solving
def pbe_work_estimate(tree: GameTree) -> int:
    """The search's worst-case work: the number of pure behaviour profiles (product of action counts).

    The search prunes (a branch dies as soon as some information set below
    has no sustaining belief) and memoises each set's constraints per
    assignment below it, so it usually checks far fewer profiles; the bound
    is what :func:`perfect_bayesian_equilibria` compares with its
    ``max_profiles`` budget (default :data:`MAX_PROFILES`).
    """
    return math.prod(len(a) for a in tree.infoset_actions)


def perfect_bayesian_equilibria(tree: GameTree, *, exact: bool | None = None, tol: float | None = None,
                                mixed: bool = True, weak: bool = False,
                                max_profiles: int | None = MAX_PROFILES,
                                max_sequence_pairs: int | None = MAX_SEQUENCE_PAIRS) -> TreeSolveResult:
    """Perfect Bayesian equilibria of a small tree, each with its beliefs and certificate.

    Every pure behaviour profile that survives the pruned search (see
    :mod:`._pbe_search`) is an equilibrium; for two-player trees (when
    ``mixed``) every extreme Nash equilibrium of the sequence form is checked
    too, which adds mixed and hybrid (semi-separating) equilibria. A profile
    is kept when every belief Bayes' rule pins (on the path and, unless
    ``weak``, off it) makes the behaviour there sequentially rational and
    some belief does at every other information set.

    Parameters
    ----------
    tree : GameTree
    exact : bool, optional
        Exact arithmetic (default: the tree's mode).
    tol : float, optional
        Float-mode tolerance.
    mixed : bool
        Also check the sequence form's extreme Nash equilibria (two players).
    weak : bool
        List the weak PBE (beliefs pinned on the path only). Each still says
        in ``concept`` whether it satisfies the stronger notion.
    max_profiles : int or None
        Budget on :func:`pbe_work_estimate` (the number of pure profiles);
        larger trees are refused with a ValueError. None lifts it.
    max_sequence_pairs : int or None
        Budget on the sequence form enumerated for mixed PBE (the product of
        the two players' numbers of sequences, :data:`MAX_SEQUENCE_PAIRS`);
        larger two-player trees are refused when ``mixed`` (pass
        ``mixed=False`` for the pure PBE only). None lifts it.

    Returns
    -------
    TreeSolveResult
        ``concept="pbe"``, equilibria of type :class:`PerfectBayesianEquilibrium`
        (pure ones first, in the order of profiles). ``complete`` is True for
        the pure PBE; mixed PBE are those at extreme Nash equilibria (PBE
        inside a continuum of Nash equilibria may be missing, as the notes say).

    Examples
    --------
    Beer-quiche (Cho and Kreps 1987): both pooling equilibria are PBE, only
    the one on Beer survives the Intuitive Criterion.

    >>> from gametheory.games.extensive import build_tree, chance, decision, terminal
    >>> def sender(weak):
    ...     bonus = (1, 0) if weak else (0, 1)
    ...     return decision("Sender", {
    ...         m: decision("Receiver", {"Duel": terminal(b, int(weak)), "Not": terminal(b + 2, int(not weak))},
    ...                     infoset=m) for m, b in zip(("Quiche", "Beer"), bonus)}, infoset="Weak" if weak else "Strong")
    >>> tree = build_tree(chance({"Weak": ("1/10", sender(True)), "Strong": ("9/10", sender(False))}))
    >>> result = perfect_bayesian_equilibria(tree)
    >>> [(e.classification, e.passes_intuitive_criterion()) for e in result if e.is_pure]
    [('pooling', False), ('pooling', True)]
    >>> result[0].concept
    'PBE (Bayes-consistent)'
    """
    from ._pbe_search import pure_candidates

    _check(tree)
    if exact is not None and exact != tree.is_exact:
        tree = tree.as_exact() if exact else tree.as_float()
    exact = tree.is_exact
    total = pbe_work_estimate(tree)
    if max_profiles is not None and total > max_profiles:
        raise ValueError(f"the tree has {total} pure behaviour profiles, more than the budget max_profiles="
                         f"{max_profiles}; pass a larger max_profiles= (or max_profiles=None) to search them anyway")
    if mixed and tree.n_players == 2 and max_sequence_pairs is not None:
        from .sequence_form import sequence_form

        n1, n2 = sequence_form(tree).sizes
        if n1 * n2 > max_sequence_pairs:
            raise ValueError(f"the mixed PBE search enumerates a sequence form of {n1} x {n2} = {n1 * n2} sequence "
                             f"pairs, more than the budget max_sequence_pairs={max_sequence_pairs}; pass mixed=False "
                             "for the pure PBE only, or a larger max_sequence_pairs= (or None) to enumerate anyway")
    slack = Fraction(0) if exact else scaled_tolerance(tol, payoff_scale(tree))
    found = []
    seen = set()
    for flat in pure_candidates(tree, slack, weak=weak):
        equilibrium, _ = _assess(tree, flat, slack, weak=weak)
        if equilibrium is not None:
            found.append(equilibrium)
            seen.add(tuple(flat.tolist()))
    notes = [] if weak else [f"beliefs are pinned by Bayes' rule wherever the profile allows ({PBE}); "
                             "weak=True (--weak-pbe on the command line) also lists the weak PBE"]
    if mixed and tree.n_players == 2:
        from .sequence_form import sequence_form_enumeration

        nash = sequence_form_enumeration(tree)
        for candidate in nash:
            flat = candidate.behavior if exact else np.asarray(candidate.behavior, dtype=float)
            key = tuple(flat.tolist())
            if key in seen or (not exact and any(np.allclose(flat, e.behavior, atol=1e-9) for e in found)):
                continue
            seen.add(key)
            equilibrium, _ = _assess(tree, flat, slack, weak=weak)
            if equilibrium is not None:
                found.append(equilibrium)
        if nash.continuum:
            notes.append("the Nash equilibria form continua: PBE inside them beyond the extreme points are not listed")
        notes.append("behaviour at information sets a player's own plan excludes follows the sequence form's "
                     "uniform convention in mixed equilibria")
    elif mixed:
        notes.append("mixed PBE are searched only in two-player trees; the pure PBE are complete")
    return TreeSolveResult(tree, "pbe", tuple(found), "pure_profiles+sequence_form" if mixed and tree.n_players == 2
                           else "pure_profiles", tree.n_players != 2 or not mixed, None, tuple(notes), exact)
