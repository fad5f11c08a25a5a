"""Certified equilibria of game trees and the result type of tree solvers.

A :class:`TreeEquilibrium` is a behaviour profile with its certificate: each
player's regret at the root (the gain from the best deviation to any
strategy, 0 at a Nash equilibrium) and, for subgame-perfect equilibria, the
regret of every player in every subgame (the gain from the best deviation
once the subgame's root is reached). :func:`certify_tree` is the single place
that builds one and refuses a profile that is not an equilibrium; regrets are
exactly 0 in exact mode and within the stated tolerance in float mode.

Best responses are computed on the tree itself, bottom up: in a perfect-
information tree a player's best value at a node is the maximum over the
children where the player moves and the expectation elsewhere (one
vectorised pass gives every subgame at once); with information sets, the
best action at an information set maximises the sum over its nodes weighted
by the others' and chance's reach probabilities, information sets with longer
own histories decided first, which perfect recall makes consistent. Small
perfect-information trees and all trees with information sets are walked
node by node over Python lists of the tree's structure, cached on the tree
(one pass gives every player's expected and best values); larger
perfect-information trees take one numpy pass per level. The two routes give
the same numbers (exactly in exact mode). A float Nash certificate of a small
two-player tree (what a float solve asks for) reads both players' values in
one pass down the tree and one up, and its regrets and path from one
read-only array. The list walks and
:func:`subgame_roots` live in :mod:`gametheory.games.extensive._tree_walk`.

References
----------
Selten, R. (1975). Reexamination of the perfectness concept for equilibrium
points in extensive games. *International Journal of Game Theory* 4, 25-55.
Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*, ch. 6.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from ...equilibrium import NotAnEquilibriumError
from ...numerics import format_value, json_value, scaled_tolerance
from ._tree_walk import _SMALL_TREE, _list_certificate, _pair_root_float, _tree_numbers, _walked_lists, subgame_roots
from .conversions import check_behavior, edge_probabilities, nested_behavior
from .tree import TERMINAL, GameTree

__all__ = ["TreeEquilibrium", "TreeSolveResult", "certify_tree", "subgame_roots", "node_values",
           "subgame_regrets", "NotAnEquilibriumError"]

CONCEPTS = ("nash", "spe")


def payoff_scale(tree: GameTree) -> float:
    """Largest absolute terminal payoff (at least 1): float tolerances are scaled by it."""
    scale = tree._cache.get("payoff_scale")
    if scale is None:
        if tree.n_nodes <= _SMALL_TREE:  # the float payoffs the list-based certificate reads anyway
            terminals = _walked_lists(tree)["terminals"]
            rows = _tree_numbers(tree, False)[0]
            scale = max([1.0] + [abs(u) for v in terminals for u in rows[v]])
        else:
            values = np.asarray(tree.payoff_matrix[tree.node_player == TERMINAL], dtype=float)
            scale = max(1.0, float(np.abs(values).max()) if values.size else 1.0)
        tree._cache["payoff_scale"] = scale
    return scale


# --------------------------------------------------------------- values
def node_values(tree: GameTree, flat: np.ndarray) -> np.ndarray:
    """Expected payoffs from every node on under a flat behaviour profile, shape ``(n_nodes, n_players)``."""
    edge = edge_probabilities(tree, flat)
    exact = edge.dtype == object
    values = tree.payoff_matrix.copy() if exact else np.asarray(tree.payoff_matrix, dtype=float).copy()
    for start, end in reversed(tree.levels[:-1]):
        movers = np.arange(start, end)
        movers = movers[tree.n_children[movers] > 0]
        if not len(movers):
            continue
        first = int(tree.first_child[movers[0]])
        last = int(tree.first_child[movers[-1]] + tree.n_children[movers[-1]])
        weighted = values[first:last] * edge[first:last, None]
        values[movers] = np.add.reduceat(weighted, tree.first_child[movers] - first, axis=0)
    return values


def _pi_best_values(tree: GameTree, flat: np.ndarray) -> np.ndarray:
    """Best-response value of each player at every node of a perfect-information tree."""
    edge = edge_probabilities(tree, flat)
    exact = edge.dtype == object
    best = tree.payoff_matrix.copy() if exact else np.asarray(tree.payoff_matrix, dtype=float).copy()
    for start, end in reversed(tree.levels[:-1]):
        movers = np.arange(start, end)
        movers = movers[tree.n_children[movers] > 0]
        if not len(movers):
            continue
        first = int(tree.first_child[movers[0]])
        last = int(tree.first_child[movers[-1]] + tree.n_children[movers[-1]])
        offsets = tree.first_child[movers] - first
        block = best[first:last]
        expected = np.add.reduceat(block * edge[first:last, None], offsets, axis=0)
        maximum = np.maximum.reduceat(block, offsets, axis=0)
        own = tree.node_player[movers][:, None] == np.arange(tree.n_players)[None, :]
        best[movers] = np.where(own, maximum, expected)
    return best


def _region_best_value(tree: GameTree, flat, edge, root: int, player: int, cut_value: dict, exact: bool):
    """Best value of ``player`` in the subgame at ``root``; deeper subgame roots count as leaves worth ``cut_value``."""
    # The region: nodes of the subtree of root, stopping at deeper subgame roots.
    region = [root]
    head = 0
    while head < len(region):
        v = region[head]
        head += 1
        if v != root and v in cut_value:
            continue
        start = int(tree.first_child[v])
        if start >= 0:
            region.extend(range(start, start + int(tree.n_children[v])))
    one = Fraction(1) if exact else 1.0
    reach = {root: one}  # the others' and chance's probability of reaching each node from root
    for v in region[1:]:
        p = int(tree.parent[v])
        reach[v] = reach[p] if tree.node_player[p] == player else reach[p] * edge[v]
    nodes_of = tree._infoset_nodes()
    last = tree.last_own_move(player)
    # Own depth of each of the player's information sets in the region.
    own_sets = sorted({int(tree.node_infoset[v]) for v in region
                       if tree.node_player[v] == player and (v == root or v not in cut_value)})
    depth_of = {}
    for h in own_sets:
        d, m = 0, int(last[nodes_of[h][0]])
        offsets = tree.action_offsets
        while m >= 0:
            d += 1
            owner = int(np.searchsorted(offsets, m, side="right") - 1)
            m = int(last[nodes_of[owner][0]])
        depth_of[h] = d
    choice: dict[int, int] = {}
    order = list(reversed(region))
    groups = sorted(set(depth_of.values()), reverse=True) + [None]
    weight = {}
    for group in groups:
        for v in order:  # children before parents: region is in breadth-first order
            kind = int(tree.node_player[v])
            if v != root and v in cut_value:
                weight[v] = reach[v] * cut_value[v]
            elif kind == TERMINAL:
                weight[v] = reach[v] * tree.payoff_matrix[v, player]
            elif kind == player:
                h = int(tree.node_infoset[v])
                a = choice.get(h)
                weight[v] = weight[int(tree.first_child[v]) + a] if a is not None else None
            else:
                children = [weight[c] for c in range(int(tree.first_child[v]), int(tree.first_child[v] + tree.n_children[v]))]
                weight[v] = None if any(w is None for w in children) else sum(children[1:], children[0])
        if group is None:
            break
        for h in own_sets:
            if depth_of[h] != group:
                continue
            k = len(tree.infoset_actions[h])
            totals = []
            for a in range(k):
                terms = [weight[int(tree.first_child[v]) + a] for v in nodes_of[h].tolist()]
                totals.append(sum(terms[1:], terms[0]))
            choice[h] = max(range(k), key=lambda a: totals[a])
    return weight[root]


def subgame_regrets(tree: GameTree, behavior, roots=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each player's regret in every subgame under a behaviour profile.

    Returns
    -------
    roots : ndarray
        The subgame roots (depth-first order), as from :func:`subgame_roots`.
    regrets : ndarray, shape (len(roots), n_players)
        The best deviation gain of each player once the root is reached.
    values : ndarray, shape (n_nodes, n_players)
        Expected payoffs from every node on.
    """
    return _subgame_regrets(tree, check_behavior(tree, behavior), roots)


def _subgame_regrets(tree: GameTree, flat: np.ndarray, roots):
    values = node_values(tree, flat)
    roots = subgame_roots(tree) if roots is None else np.asarray(roots, dtype=np.int64)
    exact = values.dtype == object
    if tree.is_perfect_information:
        best = _pi_best_values(tree, flat)
        regrets = best[roots] - values[roots]
    else:
        edge = edge_probabilities(tree, flat)
        regrets = np.empty((len(roots), tree.n_players), dtype=object if exact else float)
        every_root = subgame_roots(tree)
        best_at: dict[int, dict] = {i: {} for i in range(tree.n_players)}
        # Deepest subgames first (reverse depth-first order), so deeper roots are known as cut leaves.
        for r in reversed(every_root.tolist()):
            for i in range(tree.n_players):
                cut = {s: best_at[i][s] for s in best_at[i]}
                best_at[i][r] = _region_best_value(tree, flat, edge, r, i, cut, exact)
        for k, r in enumerate(roots.tolist()):
            for i in range(tree.n_players):
                regrets[k, i] = best_at[i][r] - values[r, i]
    if not exact:
        regrets = np.maximum(np.asarray(regrets, dtype=float), 0.0)
    return roots, regrets, values


# ------------------------------------------------------------- results
@dataclass(frozen=True, eq=False)
class TreeEquilibrium:
    """An equilibrium of a game tree with its certificate.

    Attributes
    ----------
    tree : GameTree
    behavior : ndarray
        Flat behaviour profile (see :mod:`~gametheory.games.extensive.conversions`);
        :attr:`nested` gives ``[player][information set][action]``.
    payoffs : tuple
        Each player's expected payoff.
    path : ndarray
        The probability of each terminal node, in the order of ``tree.terminals``.
    regrets : tuple
        Each player's gain from the best deviation at the root.
    subgame_roots : ndarray
        Roots of the subgames checked (depth-first order; only the root for a Nash equilibrium).
    subgame_regrets : ndarray, shape (len(subgame_roots), n_players)
        Each player's regret in each of those subgames.
    concept : str
        ``"spe"`` or ``"nash"``.
    tol : float
        Absolute tolerance of the certificate (0 in exact mode).
    """

    tree: GameTree
    behavior: np.ndarray
    payoffs: tuple
    path: np.ndarray
    regrets: tuple
    subgame_roots: np.ndarray
    subgame_regrets: np.ndarray
    concept: str
    tol: float

    @property
    def is_exact(self) -> bool:
        return self.behavior.dtype == object

    @property
    def nested(self) -> tuple:
        """``behavior[player][k][a]``: player, the player's ``k``-th information set, action."""
        return nested_behavior(self.tree, self.behavior)

    @property
    def is_pure(self) -> bool:
        return bool(np.all([p == 0 or p == 1 for p in self.behavior.tolist()]))

    @property
    def max_regret(self):
        return max(self.regrets)

    @property
    def max_subgame_regret(self):
        return self.subgame_regrets.max() if self.subgame_regrets.size else 0

    def choices(self) -> dict[tuple[str, int], object]:
        """``{(player, k): behaviour}``: the action label if pure there, else ``{action: probability}``."""
        result = {}
        offsets = self.tree.action_offsets
        for i, player in enumerate(self.tree.players):
            for k, h in enumerate(self.tree.player_infosets(i), 1):
                block = self.behavior[offsets[h]:offsets[h + 1]].tolist()
                actions = self.tree.infoset_actions[h]
                pure = [a for a, p in zip(actions, block) if p == 1]
                result[(player, k)] = pure[0] if pure else dict(zip(actions, block))
        return result

    def describe(self, digits: int = 4) -> str:
        """One line per player: the behaviour at each information set (an unnamed set is named by its first
        node, briefly: the text stays linear in the tree's size)."""
        from .render import short_node_name

        lines = []
        offsets = self.tree.action_offsets
        for i, player in enumerate(self.tree.players):
            parts = []
            for h in self.tree.player_infosets(i):
                block = self.behavior[offsets[h]:offsets[h + 1]].tolist()
                actions = self.tree.infoset_actions[h]
                where = self.tree.infoset_labels[h] or short_node_name(self.tree, self.tree.infosets[h].nodes[0])
                if any(p == 1 for p in block):
                    text = actions[block.index(1)] if 1 in block else ""
                else:
                    text = " + ".join(f"{format_value(p, digits=digits)} {a}" for a, p in zip(actions, block) if p != 0)
                parts.append(f"{text} ({where})")
            lines.append(f"{player}: " + ("; ".join(parts) if parts else "no move"))
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """JSON-ready form (exact values as fraction strings).

        Keys: ``behavior`` (per player, per information set in order, the
        probabilities of its actions), ``payoffs``, ``path`` (probability of
        each terminal node in depth-first order), ``regrets``,
        ``subgame_regrets`` (per subgame, depth-first: ``node``, the root's
        depth-first index, and ``regrets``) and ``max_subgame_regret``.
        """
        rank = self.tree.preorder_rank
        return {
            "behavior": [[[json_value(p) for p in block] for block in player] for player in self.nested],
            "payoffs": [json_value(v) for v in self.payoffs],
            "path": [json_value(p) for p in self.path.tolist()],
            "regrets": [json_value(v) for v in self.regrets],
            "subgame_regrets": [
                {"node": int(rank[r]), "regrets": [json_value(v) for v in row]}
                for r, row in zip(self.subgame_roots.tolist(), self.subgame_regrets.tolist())
            ],
            "max_subgame_regret": json_value(self.max_subgame_regret),
            "pure": self.is_pure,
        }

    def same_as(self, other: "TreeEquilibrium", tol: float = 1e-6) -> bool:
        return np.allclose(np.asarray(self.behavior, float), np.asarray(other.behavior, float), atol=tol)

    def __repr__(self) -> str:
        return (f"<TreeEquilibrium {self.concept}: payoffs ({', '.join(format_value(v) for v in self.payoffs)}), "
                f"max regret {format_value(self.max_regret)}>")


def certify_tree(tree: GameTree, behavior, *, concept: str = "spe", tol: float | None = None) -> TreeEquilibrium:
    """Build a certified :class:`TreeEquilibrium` from a behaviour profile.

    Parameters
    ----------
    tree : GameTree
    behavior : nested or flat behaviour profile
    concept : {"spe", "nash"}
        ``"spe"`` checks every subgame, ``"nash"`` only the whole game.
    tol : float, optional
        Relative tolerance for float mode (scaled by the largest payoff).

    Raises
    ------
    NotAnEquilibriumError
        If a player gains more than the tolerance by deviating (anything in
        exact mode), naming the player and the subgame.

    Examples
    --------
    >>> from gametheory.games.extensive import build_tree, decision, terminal
    >>> tree = build_tree(decision("Challenger", {
    ...     "Attack": decision("Defender", {"Defend": terminal(-1, -1), "Yield": terminal(1, 0)}),
    ...     "Refrain": terminal(0, 1)}))
    >>> certify_tree(tree, [[[1, 0]], [[0, 1]]]).subgame_regrets.tolist()
    [[Fraction(0, 1), Fraction(0, 1)], [Fraction(0, 1), Fraction(0, 1)]]
    >>> certify_tree(tree, [[[0, 1]], [[1, 0]]])
    Traceback (most recent call last):
    ...
    gametheory.equilibrium.NotAnEquilibriumError: not subgame perfect: player 'Defender' gains 1 by deviating in the subgame after Attack (tolerance 0)
    >>> certify_tree(tree, [[[0, 1]], [[1, 0]]], concept="nash").payoffs
    (Fraction(0, 1), Fraction(1, 1))
    """
    if concept not in CONCEPTS:
        raise ValueError(f"concept must be one of {list(CONCEPTS)}, got {concept!r}")
    if tree.is_symbolic:
        raise ValueError(f"the tree has symbolic payoffs (parameters {list(tree.parameters)}): substitute values first")
    return _certify(tree, check_behavior(tree, behavior, tol=tol), concept, tol)


#: The roots checked for a Nash equilibrium: the whole game only (shared, read-only).
_ROOT_ONLY = np.zeros(1, dtype=np.int64)
_ROOT_ONLY.setflags(write=False)


def _certify(tree: GameTree, flat: np.ndarray, concept: str, tol: float | None) -> TreeEquilibrium:
    """:func:`certify_tree` for a flat profile a solver has just built (a valid, read-only probability vector per
    information set): the regrets are computed in full, only the input checks are skipped."""
    if concept == "nash" and not flat.dtype.hasobject and len(tree._players) == 2 and len(tree._player) <= _SMALL_TREE:
        return _certify_pair_float(tree, flat, tol)
    objects = flat.dtype.hasobject
    exact = objects and tree.is_exact
    if objects and not exact:
        flat = np.asarray(flat, dtype=float)
        flat.setflags(write=False)
    if flat.flags.writeable:
        flat = flat.copy()
        flat.setflags(write=False)
    small = tree.n_nodes <= _SMALL_TREE
    if small:  # built before anything else reads them
        lists = _walked_lists(tree)
    slack = Fraction(0) if exact else scaled_tolerance(tol, payoff_scale(tree))
    perfect = lists["perfect_information"] if small else tree.is_perfect_information
    pi = small and perfect
    if pi or not perfect:
        if concept != "spe":
            roots = [0]
        elif pi:
            roots = [v for v in lists["preorder"] if lists["player"][v] != TERMINAL]
        else:
            roots = subgame_roots(tree).tolist()
        rows, root_values, terminal_reach = _list_certificate(tree, flat, roots, exact)
        failing = [(k, i) for k, row in enumerate(rows) for i, r in enumerate(row) if r > slack][:1]
        roots = _ROOT_ONLY if roots == [0] else np.array(roots, dtype=np.int64)
        if exact:  # filled in place, so that numpy keeps the Fractions as they are
            regrets = np.empty((len(roots), tree.n_players), dtype=object)
            regrets[...] = rows
            path = np.empty(len(terminal_reach), dtype=object)
            path[...] = terminal_reach
        else:  # one row of regrets per root (no root: the only node is terminal)
            regrets = np.array(rows, dtype=float) if rows else np.empty((0, tree.n_players))
            path = np.array(terminal_reach, dtype=float)
        first_row = tuple(rows[0])  # Python numbers, those of regrets[0]
    else:
        roots = subgame_roots(tree) if concept == "spe" else np.zeros(1, dtype=np.int64)
        roots, regrets, values = _subgame_regrets(tree, flat, roots)
        root_values = values[0].tolist()
        edge = edge_probabilities(tree, flat)
        reach = edge.copy()
        for start, end in tree.levels[1:]:
            reach[start:end] = reach[tree.parent[start:end]] * edge[start:end]
        path = reach[tree.terminals]
        failing = np.argwhere(np.asarray(regrets > slack, dtype=bool))
        first_row = tuple(regrets[0].tolist())
    if len(failing):
        k, i = (int(x) for x in failing[0])
        r = int(roots[k])
        where = "" if r == 0 else f" in the subgame {tree.node_name(r)}"
        what = "not subgame perfect" if r != 0 else "not an equilibrium"
        raise NotAnEquilibriumError(
            f"{what}: player {tree.players[i]!r} gains {format_value(regrets[k, i])} by deviating{where} "
            f"(tolerance {format_value(slack)})"
        )
    if roots is not _ROOT_ONLY:
        roots.setflags(write=False)
    path.setflags(write=False)
    regrets.setflags(write=False)
    payoffs = tuple(root_values) if exact else tuple(map(float, root_values))
    return _fields(TreeEquilibrium, tree=tree, behavior=flat, payoffs=payoffs, path=path,
                   regrets=first_row, subgame_roots=roots, subgame_regrets=regrets, concept=concept,
                   tol=float(slack))


def _certify_pair_float(tree: GameTree, flat: np.ndarray, tol: float | None) -> TreeEquilibrium:
    """:func:`_certify` of a float profile of a small two-player tree as a Nash equilibrium (what a float solve
    asks for): the same numbers and fields, with the regrets and the path read from one read-only array."""
    if flat.flags.writeable:
        flat = flat.copy()
        flat.setflags(write=False)
    scale = tree._cache.get("payoff_scale")  # a float solve has cached it
    slack = scaled_tolerance(tol, payoff_scale(tree) if scale is None else scale)
    r0, r1, u0, u1, path = _pair_root_float(tree, flat.tolist())
    numbers = np.array([r0, r1, *path], dtype=float)
    numbers.setflags(write=False)  # its views below are read-only too
    regrets = numbers[None, :2]
    if r0 > slack or r1 > slack:
        i = 0 if r0 > slack else 1
        raise NotAnEquilibriumError(f"not an equilibrium: player {tree.players[i]!r} gains "
                                    f"{format_value(regrets[0, i])} by deviating (tolerance {format_value(slack)})")
    equilibrium = object.__new__(TreeEquilibrium)  # filled as _fields does, without packing the fields twice
    equilibrium.__dict__.update(tree=tree, behavior=flat, payoffs=(float(u0), float(u1)), path=numbers[2:],
                                regrets=(r0, r1), subgame_roots=_ROOT_ONLY, subgame_regrets=regrets, concept="nash",
                                tol=float(slack))
    return equilibrium


def _fields(cls, **fields):
    """An instance of the frozen dataclass ``cls`` with ``fields`` (all of them, no defaults) set as ``__init__`` sets
    them: on a small tree the generated ``__init__``, one ``object.__setattr__`` call per field, is a measurable part
    of a solve."""
    instance = object.__new__(cls)
    instance.__dict__.update(fields)
    return instance


@dataclass(frozen=True, eq=False)
class TreeSolveResult:
    """What every tree solver returns.

    Attributes
    ----------
    tree : GameTree
    concept : str
        ``"spe"`` (subgame-perfect), ``"nash"`` (or ``"pbe"``).
    equilibria : tuple of TreeEquilibrium
    method : str
        The algorithm (``"backward_induction"``, ``"subgame_decomposition"``,
        ``"reduced_strategic_form"``).
    complete : bool
        True when every pure SPE (backward induction) or every extreme
        equilibrium of each subgame (decomposition) is listed.
    continuum : bool or None
        True when further (mixed) equilibria exist beyond those listed, e.g.
        a player indifferent at some node may mix; None when not determined.
    notes : tuple of str
    exact : bool
    """

    tree: GameTree
    concept: str
    equilibria: tuple
    method: str
    complete: bool
    continuum: bool | None = None
    notes: tuple = field(default_factory=tuple)
    exact: bool = False

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self):
        return iter(self.equilibria)

    def __getitem__(self, index):
        return self.equilibria[index]

    def to_dict(self) -> dict:
        """JSON-ready summary: ``concept``, ``equilibria`` (each :meth:`TreeEquilibrium.to_dict`) and context."""
        tree = self.tree
        return {
            "concept": self.concept,
            "method": self.method,
            "exact": self.exact,
            "complete": self.complete,
            "continuum": self.continuum,
            "notes": list(self.notes),
            "players": list(tree.players),
            "infosets": [
                [{"name": tree.infoset_labels[h], "actions": list(tree.infoset_actions[h])}
                 for h in tree.player_infosets(i)]
                for i in range(tree.n_players)
            ],
            "equilibria": [e.to_dict() for e in self.equilibria],
        }

    def describe(self, digits: int = 4) -> str:
        names = {"spe": "subgame-perfect equilibri", "nash": "Nash equilibri", "pbe": "perfect Bayesian equilibri"}
        noun = names.get(self.concept, "equilibri")
        count = len(self.equilibria)
        lines = [f"{count} {noun}{'um' if count == 1 else 'a'} ({self.method}{', exact' if self.exact else ''})"]
        for k, e in enumerate(self.equilibria, 1):
            payoffs = ", ".join(format_value(v, digits=digits) for v in e.payoffs)
            lines.append(f"  {k}. payoffs ({payoffs})")
            lines.extend("     " + line for line in e.describe(digits).splitlines())
        if self.continuum:
            lines.append("  Some player is indifferent somewhere: mixing there gives further equilibria.")
        if not self.complete:
            lines.append("  This list is not guaranteed to contain every equilibrium.")
        lines.extend(f"  Note: {note}" for note in self.notes)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<TreeSolveResult {self.concept} by {self.method}: {len(self.equilibria)} equilibria, complete={self.complete}>"
