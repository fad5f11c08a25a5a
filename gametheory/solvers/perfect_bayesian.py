"""Perfect Bayesian equilibria of game trees, with the beliefs that sustain them.

An *assessment* is a behaviour profile with a belief at every information set
(a probability vector over its nodes). It is a (weak) perfect Bayesian
equilibrium (PBE) when

- beliefs follow Bayes' rule at every information set the profile reaches
  with positive probability (chance included); and
- every player is sequentially rational: at each of its information sets,
  given the belief there, no continuation strategy (a choice at that set and
  at every later own set) earns more than the profile.

At an information set off the path Bayes' rule says nothing, and the belief
is free. Sequential rationality there is linear in the belief: for each node
``v`` and each pure continuation plan ``c`` of the mover, ``U(v, c)`` is its
payoff from ``v`` on when it follows ``c`` and everyone else the profile; the
profile is sequentially rational under ``mu`` iff
``sum_v mu[v] (U(v, profile) - U(v, c)) >= 0`` for every ``c``. So the
sustaining beliefs form a polytope of the simplex (:class:`BeliefRegion`,
given by its vertices, exact in exact trees; for a two-node set an interval
of the probability of its first node), empty when no belief sustains the
behaviour. Each equilibrium carries the sequential-rationality *gap* at
every information set (the best continuation gain under its belief, at the
first vertex off the path): exactly 0 in exact mode.

:func:`perfect_bayesian_equilibria` checks every pure behaviour profile and,
for two-player trees, every extreme Nash equilibrium of the sequence form
(:func:`~gametheory.solvers.sequence_form.sequence_form_enumeration`), which
brings in the mixed and semi-separating equilibria (e.g. the sender's mixing
that makes the receiver indifferent). For signalling trees (nature draws
the sender's type, the sender sends a message, the receiver responds)
:meth:`PerfectBayesianEquilibrium.intuitive_criterion` applies Cho and
Kreps' test, and equilibria are classified as pooling, separating,
semi-separating or hybrid.

References
----------
Fudenberg, D. and Tirole, J. (1991). Perfect Bayesian equilibrium and
sequential equilibrium. *Journal of Economic Theory* 53, 236-260.
Mas-Colell, A., Whinston, M. D. and Green, J. R. (1995). *Microeconomic
Theory*, sec. 9.C (weak perfect Bayesian equilibrium).
Cho, I.-K. and Kreps, D. M. (1987). Signaling games and stable equilibria.
*Quarterly Journal of Economics* 102(2), 179-221.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..games.extensive.conversions import check_behavior, edge_probabilities, nested_behavior
from ..games.extensive.equilibrium import TreeSolveResult, node_values, payoff_scale
from ..games.extensive.tree import CHANCE, TERMINAL, GameTree
from ..numerics import format_value, json_value, scaled_tolerance

__all__ = [
    "BeliefRegion",
    "PerfectBayesianEquilibrium",
    "IntuitiveCriterionTest",
    "SignalingStructure",
    "assess_pbe",
    "belief_region",
    "perfect_bayesian_equilibria",
    "signaling_structure",
]

#: Largest number of pure behaviour profiles checked by :func:`perfect_bayesian_equilibria`.
MAX_PROFILES = 200_000

#: Largest number of pure continuation plans of one player below one information set.
MAX_CONTINUATIONS = 10_000


# ------------------------------------------------------------ beliefs
@dataclass(frozen=True, eq=False)
class BeliefRegion:
    """The beliefs at an off-path information set that make the behaviour there sequentially rational.

    A convex polytope of the simplex over the set's nodes, given by its
    vertices; empty when no belief works.

    Attributes
    ----------
    infoset : int
    nodes : tuple of int
        The information set's nodes (level order); beliefs list them in this order.
    vertices : tuple of tuple
        Probability vectors over ``nodes`` (Fractions in exact mode), sorted.
    constraints : tuple of tuple
        Rows ``c`` with ``c . mu >= 0`` (one per pure continuation plan).
    exact : bool
    """

    infoset: int
    nodes: tuple
    vertices: tuple
    constraints: tuple
    exact: bool

    @property
    def is_empty(self) -> bool:
        return not self.vertices

    @property
    def point(self):
        """One sustaining belief (the first vertex), None when empty."""
        return self.vertices[0] if self.vertices else None

    def interval(self, position: int = 0) -> tuple:
        """``(lowest, highest)`` probability of the node at ``position`` over the region."""
        if self.is_empty:
            raise ValueError(f"no belief sustains the behaviour at information set {self.infoset}")
        values = [v[position] for v in self.vertices]
        return min(values), max(values)

    def contains(self, belief, *, tol: float | None = None) -> bool:
        """Whether ``belief`` (over :attr:`nodes`) sustains the behaviour."""
        belief = list(belief)
        if len(belief) != len(self.nodes):
            raise ValueError(f"belief has {len(belief)} entries, expected {len(self.nodes)} (one per node)")
        slack = 0 if self.exact else scaled_tolerance(tol, 1.0)
        if any(b < -slack for b in belief) or abs(sum(belief) - 1) > slack:
            return False
        return all(sum(c * b for c, b in zip(row, belief)) >= -slack for row in self.constraints)

    def describe(self, tree: GameTree | None = None, digits: int = 4) -> str:
        if self.is_empty:
            return "no belief sustains the behaviour"
        name = tree.node_name(self.nodes[0]) if tree is not None else f"node {self.nodes[0]}"
        if len(self.nodes) == 1:
            return f"P({name}) = 1"
        if len(self.nodes) == 2:
            low, high = self.interval(0)
            if low == high:
                return f"P({name}) = {format_value(low, digits=digits)}"
            return f"P({name}) in [{format_value(low, digits=digits)}, {format_value(high, digits=digits)}]"
        points = ["(" + ", ".join(format_value(p, digits=digits) for p in v) + ")" for v in self.vertices]
        return "convex hull of " + ", ".join(points)

    def to_dict(self) -> dict:
        result = {"on_path": False, "nodes": list(self.nodes),
                  "vertices": [[json_value(p) for p in v] for v in self.vertices]}
        if len(self.nodes) == 2 and self.vertices:
            result["interval"] = [json_value(v) for v in self.interval(0)]
        return result


def _solve(matrix, rhs, exact: bool):
    if exact:
        size = len(rhs)
        rows = [[Fraction(v) for v in row] + [Fraction(b)] for row, b in zip(matrix, rhs)]
        for col in range(size):
            pivot = next((r for r in range(col, size) if rows[r][col] != 0), None)
            if pivot is None:
                return None
            rows[col], rows[pivot] = rows[pivot], rows[col]
            head = rows[col][col]
            rows[col] = [v / head for v in rows[col]]
            for r in range(size):
                if r != col and rows[r][col] != 0:
                    factor = rows[r][col]
                    rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col])]
        return [rows[r][size] for r in range(size)]
    a = np.array(matrix, dtype=float)
    if abs(np.linalg.det(a)) < 1e-12:
        return None
    return list(np.linalg.solve(a, np.array(rhs, dtype=float)))


def _simplex_polytope(constraints, k: int, exact: bool, slack) -> tuple:
    """Vertices of ``{mu >= 0, sum mu = 1, c . mu >= 0 for c in constraints}`` (sorted)."""
    zero = Fraction(0) if exact else 0.0
    rows = [tuple(1 if j == i else 0 for j in range(k)) for i in range(k)]
    for c in constraints:
        if any(v != 0 for v in c) and tuple(c) not in rows:
            rows.append(tuple(c))

    def feasible(mu):
        return all(v >= -slack for v in mu) and all(sum((a * b for a, b in zip(c, mu)), zero) >= -slack
                                                     for c in constraints)

    if k == 1:
        one = (Fraction(1) if exact else 1.0,)
        return (one,) if feasible(one) else ()
    vertices = []
    for combo in itertools.combinations(range(len(rows)), k - 1):
        solution = _solve([rows[c] for c in combo] + [[1] * k], [0] * (k - 1) + [1], exact)
        if solution is None or not feasible(solution):
            continue
        if not exact:
            solution = [max(float(v), 0.0) for v in solution]
            total = sum(solution)
            solution = [v / total for v in solution]
            if any(max(abs(a - b) for a, b in zip(solution, v)) <= max(float(slack), 1e-12) for v in vertices):
                continue
        elif solution in vertices:
            continue
        vertices.append(solution)
    return tuple(sorted(tuple(v) for v in vertices))


# ------------------------------------------------ continuation values
def _region_infosets(tree: GameTree, h: int) -> list[int]:
    """The mover's information sets at or below the nodes of ``h`` (``h`` first)."""
    player = int(tree.infoset_player[h])
    found, stack = [h], list(tree.infosets[h].nodes)
    while stack:
        v = stack.pop()
        for c in tree.children(v):
            if tree.node_player[c] == player:
                g = int(tree.node_infoset[c])
                if g not in found:
                    found.append(g)
            stack.append(c)
    return found


def _continuation_values(tree: GameTree, flat: np.ndarray, h: int, values_cache: dict):
    """``(profile_values, plan_values)`` of the mover at each node of ``h``.

    ``plan_values[c][j]`` is the mover's payoff from node ``j`` of ``h`` on when
    it follows the pure continuation plan ``c`` (a choice at every own set at
    or below ``h``) and the others follow ``flat``.
    """
    player = int(tree.infoset_player[h])
    nodes = list(tree.infosets[h].nodes)
    sets = _region_infosets(tree, h)
    counts = [len(tree.infoset_actions[g]) for g in sets]
    if math.prod(counts) > MAX_CONTINUATIONS:
        raise ValueError(f"information set {h} has more than {MAX_CONTINUATIONS} continuation plans")
    offsets = tree.action_offsets
    exact = flat.dtype == object
    base = values_cache.get("profile")
    if base is None:
        base = values_cache["profile"] = node_values(tree, flat)
    profile = [base[v, player] for v in nodes]
    plans = []
    for combo in itertools.product(*(range(k) for k in counts)):
        deviated = np.array(flat, dtype=object if exact else float)
        for g, a in zip(sets, combo):
            start, end = int(offsets[g]), int(offsets[g + 1])
            deviated[start:end] = Fraction(0) if exact else 0.0
            deviated[start + a] = Fraction(1) if exact else 1.0
        key = tuple(zip(sets, combo))
        cached = values_cache.get(key)
        if cached is None:
            cached = values_cache[key] = node_values(tree, deviated)
        plans.append([cached[v, player] for v in nodes])
    return profile, plans


def belief_region(tree: GameTree, behavior, infoset, *, tol: float | None = None) -> BeliefRegion:
    """The beliefs at ``infoset`` under which the profile's behaviour there and below is sequentially rational.

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


def _region(tree: GameTree, flat, h: int, cache: dict, slack) -> BeliefRegion:
    profile, plans = _continuation_values(tree, flat, h, cache)
    exact = flat.dtype == object
    constraints = tuple(tuple(p - q for p, q in zip(profile, plan)) for plan in plans)
    vertices = _simplex_polytope(constraints, len(profile), exact, slack)
    return BeliefRegion(h, tuple(tree.infosets[h].nodes), vertices, constraints, exact)


# ------------------------------------------------------- equilibrium
@dataclass(frozen=True, eq=False)
class IntuitiveCriterionTest:
    """Cho and Kreps' test at one off-path message of a signalling tree (see :meth:`PerfectBayesianEquilibrium.intuitive_criterion`)."""

    message: str
    dominated: tuple
    remaining: tuple
    responses: tuple
    breaking: tuple

    @property
    def passes(self) -> bool:
        return not self.breaking


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
        Per information set: the Bayes belief (tuple over its nodes) on the
        path, the :class:`BeliefRegion` off the path.
    gaps : tuple
        Per information set: the mover's best continuation gain under its
        belief (the Bayes belief on the path, the region's first vertex off
        it); 0 exactly in exact mode.
    classification : str or None
        For trees where nature draws the type of an informed player:
        ``"pooling"``, ``"separating"``, ``"semi-separating"`` or ``"hybrid"``
        (some type randomises); None otherwise.
    tol : float
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

    def belief_at(self, infoset) -> tuple | BeliefRegion:
        """The belief (on path) or the region of sustaining beliefs (off path) at an information set."""
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
        passes when all pass.

        Raises
        ------
        ValueError
            If the tree is not a signalling tree (see :func:`signaling_structure`).
        """
        s = signaling_structure(self.tree)
        exact = self.is_exact
        slack = Fraction(0) if exact else self.tol
        types = range(len(s.types))
        reach = _reach(self.tree, self.behavior)
        type_payoff = []
        values = node_values(self.tree, self.behavior)
        for t in types:
            type_payoff.append(values[s.sender_nodes[t], s.sender])
        tests = []
        for m, message in enumerate(s.messages):
            if sum((reach[s.receiver_nodes[t][m]] for t in types), Fraction(0) if exact else 0.0) > (0 if exact else slack):
                continue
            allowed_all = list(types)
            supported = [r for r in range(len(s.responses)) if _supports_response(s, m, r, allowed_all, exact, slack)]
            dominated = [t for t in types if type_payoff[t] > max(s.sender_payoff[t][m][r] for r in supported) + slack]
            remaining = [t for t in types if t not in dominated]
            if not remaining:
                tests.append(IntuitiveCriterionTest(message, tuple(s.types[t] for t in dominated), (), (), ()))
                continue
            responses = [r for r in range(len(s.responses)) if _supports_response(s, m, r, remaining, exact, slack)]
            breaking = [t for t in types if min(s.sender_payoff[t][m][r] for r in responses) > type_payoff[t] + slack]
            tests.append(IntuitiveCriterionTest(message, tuple(s.types[t] for t in dominated),
                                                tuple(s.types[t] for t in remaining),
                                                tuple(s.responses[r] for r in responses),
                                                tuple(s.types[t] for t in breaking)))
        return tuple(tests)

    def passes_intuitive_criterion(self) -> bool:
        return all(test.passes for test in self.intuitive_criterion())

    def describe(self, digits: int = 4) -> str:
        tree = self.tree
        offsets = tree.action_offsets
        lines = []
        for i, player in enumerate(tree.players):
            parts = []
            for h in tree.player_infosets(i):
                block = self.behavior[offsets[h]:offsets[h + 1]].tolist()
                actions = tree.infoset_actions[h]
                where = tree.infoset_labels[h] or tree.node_name(tree.infosets[h].nodes[0])
                played = [(a, p) for a, p in zip(actions, block) if p != 0]
                text = played[0][0] if len(played) == 1 else " + ".join(
                    f"{format_value(p, digits=digits)} {a}" for a, p in played)
                belief = self.beliefs[h]
                if isinstance(belief, BeliefRegion):
                    text += f" [off path: {belief.describe(tree, digits)}]"
                elif len(belief) > 1:
                    text += " [belief " + ", ".join(format_value(b, digits=digits) for b in belief) + "]"
                parts.append(f"{text} ({where})")
            lines.append(f"{player}: " + ("; ".join(parts) if parts else "no move"))
        if self.classification:
            lines.append(f"{self.classification} PBE")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """JSON-ready form: ``behavior``, ``payoffs`` and ``path`` as for tree equilibria, plus
        ``beliefs`` and ``gaps`` (per player, per information set) and ``classification``."""
        tree = self.tree
        beliefs, gaps = [], []
        for i in range(tree.n_players):
            row, gap_row = [], []
            for h in tree.player_infosets(i):
                belief = self.beliefs[h]
                if isinstance(belief, BeliefRegion):
                    row.append(belief.to_dict())
                else:
                    row.append({"on_path": True, "nodes": list(tree.infosets[h].nodes),
                                "belief": [json_value(b) for b in belief]})
                gap_row.append(json_value(self.gaps[h]))
            beliefs.append(row)
            gaps.append(gap_row)
        return {
            "behavior": [[[json_value(p) for p in block] for block in player] for player in self.nested],
            "payoffs": [json_value(v) for v in self.payoffs],
            "path": [json_value(p) for p in self.path.tolist()],
            "beliefs": beliefs,
            "gaps": gaps,
            "max_gap": json_value(self.max_gap),
            "classification": self.classification,
            "pure": self.is_pure,
        }

    def __repr__(self) -> str:
        return (f"<PerfectBayesianEquilibrium payoffs ({', '.join(format_value(v) for v in self.payoffs)}), "
                f"{self.classification or 'unclassified'}, max gap {format_value(self.max_gap)}>")


def _reach(tree: GameTree, flat) -> np.ndarray:
    edge = edge_probabilities(tree, flat)
    reach = edge.copy()
    for start, end in tree.levels[1:]:
        reach[start:end] = reach[tree.parent[start:end]] * edge[start:end]
    return reach


def _assess(tree: GameTree, flat: np.ndarray, slack, cache: dict | None = None):
    """``(equilibrium or None, failures)`` for a flat profile."""
    cache = {} if cache is None else cache
    exact = flat.dtype == object
    zero = Fraction(0) if exact else 0.0
    reach = _reach(tree, flat)
    values = node_values(tree, flat)
    cache["profile"] = values
    offsets = tree.action_offsets
    on_path, beliefs, gaps, failures = [], [], [], []
    for h in range(tree.n_infosets):
        nodes = list(tree.infosets[h].nodes)
        mass = sum((reach[v] for v in nodes), zero)
        if (mass > 0) if exact else mass > slack * 1e-3:
            mu = tuple(reach[v] / mass for v in nodes)
            profile, plans = _continuation_values(tree, flat, h, cache)
            now = sum((m * u for m, u in zip(mu, profile)), zero)
            gap = max(sum((m * u for m, u in zip(mu, plan)), zero) - now for plan in plans)
            gap = max(gap, zero)
            on_path.append(True)
            beliefs.append(mu)
            gaps.append(gap)
            if gap > slack:
                failures.append(f"at information set {h} ({tree.node_name(nodes[0])}, on path) player "
                                f"{tree.players[tree.infoset_player[h]]!r} gains {format_value(gap)} by deviating")
        else:
            region = _region(tree, flat, h, cache, slack)
            on_path.append(False)
            beliefs.append(region)
            if region.is_empty:
                gaps.append(None)
                failures.append(f"at information set {h} ({tree.node_name(nodes[0])}, off path) no belief "
                                f"makes player {tree.players[tree.infoset_player[h]]!r}'s behaviour optimal")
            else:
                # The gap at the first vertex: the largest continuation gain there.
                mu = region.point
                gap = max([zero] + [-sum((m * c for m, c in zip(mu, row)), zero) for row in region.constraints])
                gaps.append(gap if exact else max(float(gap), 0.0))
    if failures:
        return None, failures
    path = reach[tree.terminals]
    path.setflags(write=False)
    payoffs = tuple(values[0].tolist()) if exact else tuple(float(v) for v in values[0])
    equilibrium = PerfectBayesianEquilibrium(tree, flat, payoffs, path, tuple(on_path), tuple(beliefs), tuple(gaps),
                                             _classify(tree, flat, reach), float(slack))
    return equilibrium, []


def assess_pbe(tree: GameTree, behavior, *, tol: float | None = None):
    """Check a behaviour profile for perfect Bayesian equilibrium.

    Returns
    -------
    (PerfectBayesianEquilibrium or None, tuple of str)
        The equilibrium with its beliefs and gaps when it is a PBE, else
        None and the reasons (on-path deviations, off-path information sets
        that no belief sustains).
    """
    _check(tree)
    flat = check_behavior(tree, behavior, tol=tol)
    if flat.dtype == object and not tree.is_exact:
        flat = np.asarray(flat, dtype=float)
    if flat.dtype != object and tree.is_exact:
        tree = tree.as_float()
    equilibrium, failures = _assess(tree, flat, _slack(tree, flat, tol))
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
        if tree.move_probabilities[v] == 0:
            continue
        block = flat[int(offsets[h]):int(offsets[h + 1])].tolist()
        supports.append(tuple(a for a, p in enumerate(block) if p != 0))
    if any(len(s) > 1 for s in supports):
        return "hybrid"
    messages = [s[0] for s in supports]
    if len(set(messages)) == 1:
        return "pooling"
    if len(set(messages)) == len(messages):
        return "separating"
    return "semi-separating"


# ---------------------------------------------------- signalling trees
@dataclass(frozen=True, eq=False)
class SignalingStructure:
    """A signalling tree read as types, messages and responses.

    Attributes
    ----------
    sender, receiver : int
        Player indices.
    types, messages, responses : tuple of str
    prior : tuple
    sender_nodes : tuple of int
        The sender's node for each type.
    receiver_nodes : tuple of tuple of int
        ``receiver_nodes[t][m]``: the receiver's node after type ``t`` sends ``m``.
    receiver_infosets : tuple of int
        The receiver's information set after each message.
    sender_payoff, receiver_payoff : tuple
        ``[t][m][r]``.
    """

    sender: int
    receiver: int
    types: tuple
    messages: tuple
    responses: tuple
    prior: tuple
    sender_nodes: tuple
    receiver_nodes: tuple
    receiver_infosets: tuple
    sender_payoff: tuple
    receiver_payoff: tuple


def signaling_structure(tree: GameTree) -> SignalingStructure:
    """Read a sender-receiver signalling tree, or raise ValueError saying why it is not one.

    The root is nature's draw of the type; below each type the sender moves
    at its own information set (it knows its type), with the same messages
    everywhere; after each message the receiver moves at one information
    set holding that message's node for every type, with the same responses;
    every response ends the game.
    """
    _check(tree)
    if tree.node_player[0] != CHANCE:
        raise ValueError("not a signalling tree: the root is not nature's draw of the type")
    types = tree.actions_at(0)
    sender_nodes = list(tree.children(0))
    senders = {int(tree.node_player[v]) for v in sender_nodes}
    if len(senders) != 1 or min(senders) < 0:
        raise ValueError("not a signalling tree: one player (the sender) must move after every type")
    sender = senders.pop()
    sets = [int(tree.node_infoset[v]) for v in sender_nodes]
    if len(set(sets)) != len(sets):
        raise ValueError("not a signalling tree: the sender must know its type (one information set per type)")
    messages = tree.infoset_actions[sets[0]]
    if any(tree.infoset_actions[h] != messages for h in sets):
        raise ValueError("not a signalling tree: every type must have the same messages")
    receiver_nodes = [list(tree.children(v)) for v in sender_nodes]
    movers = {int(tree.node_player[v]) for row in receiver_nodes for v in row}
    if len(movers) != 1 or min(movers) < 0 or sender in movers:
        raise ValueError("not a signalling tree: another player (the receiver) must move after every message")
    receiver = movers.pop()
    receiver_sets = []
    for m in range(len(messages)):
        hs = {int(tree.node_infoset[row[m]]) for row in receiver_nodes}
        if len(hs) != 1 or set(tree.infosets[hs.copy().pop()].nodes) != {row[m] for row in receiver_nodes}:
            raise ValueError(f"not a signalling tree: after message {messages[m]!r} the receiver must have one "
                             "information set holding every type's node")
        receiver_sets.append(hs.pop())
    responses = tree.infoset_actions[receiver_sets[0]]
    if any(tree.infoset_actions[h] != responses for h in receiver_sets):
        raise ValueError("not a signalling tree: the receiver must have the same responses after every message")
    u_s, u_r = [], []
    for row in receiver_nodes:
        s_row, r_row = [], []
        for v in row:
            ends = list(tree.children(v))
            if any(tree.node_player[z] != TERMINAL for z in ends):
                raise ValueError("not a signalling tree: every response must end the game")
            s_row.append(tuple(tree.payoff_matrix[z, sender] for z in ends))
            r_row.append(tuple(tree.payoff_matrix[z, receiver] for z in ends))
        u_s.append(tuple(s_row))
        u_r.append(tuple(r_row))
    return SignalingStructure(sender, receiver, tuple(types), tuple(messages), tuple(responses),
                              tree.chance_probabilities(0), tuple(sender_nodes),
                              tuple(tuple(r) for r in receiver_nodes), tuple(receiver_sets), tuple(u_s), tuple(u_r))


def _supports_response(s: SignalingStructure, m: int, r: int, allowed: list[int], exact: bool, slack) -> bool:
    """Whether some belief on the ``allowed`` types makes response ``r`` a best response to message ``m``."""
    constraints = [tuple(s.receiver_payoff[t][m][r] - s.receiver_payoff[t][m][other] for t in allowed)
                   for other in range(len(s.responses)) if other != r]
    return bool(_simplex_polytope(constraints, len(allowed), exact, slack))


# ------------------------------------------------------------ solving
def perfect_bayesian_equilibria(tree: GameTree, *, exact: bool | None = None, tol: float | None = None,
                                mixed: bool = True, max_profiles: int = MAX_PROFILES) -> TreeSolveResult:
    """Perfect Bayesian equilibria of a small tree, each with its beliefs and certificate.

    Every pure behaviour profile is checked; for two-player trees (when
    ``mixed``) every extreme Nash equilibrium of the sequence form is checked
    too, which adds mixed and hybrid (semi-separating) equilibria. A
    profile is kept when beliefs by Bayes' rule on the path make every
    on-path choice sequentially rational and some belief does at every
    off-path information set.

    Parameters
    ----------
    tree : GameTree
    exact : bool, optional
        Exact arithmetic (default: the tree's mode).
    tol : float, optional
        Float-mode tolerance.
    mixed : bool
        Also check the sequence form's extreme Nash equilibria (two players).
    max_profiles : int
        Refuse trees with more pure profiles than this.

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
    """
    _check(tree)
    if exact is not None and exact != tree.is_exact:
        tree = tree.as_exact() if exact else tree.as_float()
    exact = tree.is_exact
    counts = [len(a) for a in tree.infoset_actions]
    total = math.prod(counts)
    if total > max_profiles:
        raise ValueError(f"the tree has {total} pure behaviour profiles, more than max_profiles={max_profiles}")
    slack = Fraction(0) if exact else scaled_tolerance(tol, payoff_scale(tree))
    offsets = tree.action_offsets
    found = []
    seen = set()
    cache_base = {}
    for combo in itertools.product(*(range(k) for k in counts)):
        flat = np.empty(int(offsets[-1]), dtype=object if exact else float)
        flat[:] = Fraction(0) if exact else 0.0
        for h, a in enumerate(combo):
            flat[int(offsets[h]) + a] = Fraction(1) if exact else 1.0
        flat.setflags(write=False)
        equilibrium, _ = _assess(tree, flat, slack, dict(cache_base))
        if equilibrium is not None:
            found.append(equilibrium)
            seen.add(tuple(flat.tolist()))
    notes = []
    if mixed and tree.n_players == 2:
        from .sequence_form import sequence_form_enumeration

        nash = sequence_form_enumeration(tree)
        for candidate in nash:
            flat = candidate.behavior if exact else np.asarray(candidate.behavior, dtype=float)
            key = tuple(flat.tolist())
            if key in seen or (not exact and any(np.allclose(flat, e.behavior, atol=1e-9) for e in found)):
                continue
            seen.add(key)
            equilibrium, _ = _assess(tree, flat, slack)
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
