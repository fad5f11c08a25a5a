"""Immutable game trees (extensive-form games) stored in flat arrays.

A :class:`GameTree` keeps its nodes in *level order* (breadth first): node 0
is the root, the children of every node are consecutive and in the order of
its actions, and every node comes after its parent. Each node is described by
a few flat numpy arrays, so that trees of millions of nodes are built and
solved without Python objects per node:

``parent``
    the parent's index (``-1`` at the root);
``first_child``, ``n_children``
    the children of ``v`` are ``first_child[v], ..., first_child[v] +
    n_children[v] - 1``; ``first_child`` is ``-1`` at terminal nodes;
``node_player``
    the index of the player who moves (``CHANCE`` at chance nodes,
    ``TERMINAL`` at terminal nodes);
``node_infoset``
    the information set of a decision node (``-1`` elsewhere);
``payoff_matrix``
    shape ``(n_nodes, n_players)``: the payoff vector of each terminal node
    (rows of other nodes are zero).

Information sets are numbered ``0, ..., n_infosets - 1`` grouped by player
(all information sets of player 0 first, then player 1, ...) and, within a
player, in the order of their numbers in the source (the file or the order of
first appearance in a figure read depth first). Each information set has its
player, its action labels and a name. A move of the game is a pair
``(information set h, action a)``; :attr:`GameTree.action_offsets` numbers
them ``action_offsets[h] + a`` (the index used for behaviour profiles in flat
form and for sequences).

Payoffs are floats, exact :class:`~fractions.Fraction`, or sympy expressions
of named parameters (:meth:`GameTree.substitute` gives a numeric tree).
Chance probabilities are exact in exact and symbolic trees. Perfect recall is
checked at construction.

Build trees with :func:`gametheory.games.extensive.build.build_tree` (nested,
reads like the textbook figure), :meth:`GameTree.from_arrays` (flat arrays, the
fast path; the arrays are checked by :mod:`gametheory.games.extensive.arrays`),
or read Gambit ``.efg`` files with :mod:`gametheory.io.efg`. Draw them with
:mod:`gametheory.games.extensive.render` (text, figure, TikZ).

References
----------
Kuhn, H. W. (1953). Extensive games and the problem of information. In
*Contributions to the Theory of Games II*, 193-216.
Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*. MIT
Press, ch. 6 and 11.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ...numerics import is_exact_scalar, to_fraction
from .arrays import (
    CHANCE,
    TERMINAL,
    _action_labels,
    _float,
    _group_sum,
    _is_sympy,
    _player_names,
    _ranges,
    _readonly,
    default_actions,
    tree_values,
    validate_arrays,
)

__all__ = ["GameTree", "InfoSet", "PerfectRecallError", "CHANCE", "TERMINAL"]

#: Trees up to this many nodes derive structure node by node in Python (numpy's per-level calls cost more there).
_SMALL_TREE = 256

#: Cache entries a tree works out from its structure alone, shared with its exact or float copy.
_STRUCTURE_CACHE_KEYS = frozenset({"infosets", "offsets", "depth", "action_index", "preorder", "preorder_rank",
                                   "subtree_size", "terminals", "infoset_nodes", "last_own_move"})


class PerfectRecallError(ValueError):
    """A tree without perfect recall: two nodes of one information set follow different own moves.

    Attributes
    ----------
    infoset : str
        The information set, named for a message (its label, or ``#k``: its number within the player).
    player : str
        The player who moves there.
    nodes : tuple of int
        The two nodes, in level order (a reader of a file maps them to its lines).
    moves : tuple of str
        The player's last own moves before each node.
    """

    def __init__(self, infoset: str, player: str, nodes: tuple, moves: tuple, where: str):
        self.infoset, self.player, self.nodes, self.moves = infoset, player, tuple(nodes), tuple(moves)
        super().__init__(self.describe(where))

    def describe(self, where: str) -> str:
        """The message, with ``where`` naming the two nodes (``"nodes 'after x' and 'after y'"``)."""
        return (f"the game does not have perfect recall: information set {self.infoset} of player {self.player!r} "
                f"holds {where}, reached after different own moves ({self.moves[0]} and {self.moves[1]})")


def _clip(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."


@dataclass(frozen=True)
class InfoSet:
    """One information set: where a player moves without knowing which of its nodes was reached.

    Attributes
    ----------
    index : int
        Its index in the tree (information sets are grouped by player).
    player : int
        The player who moves.
    label : str
        Its name ("" when unnamed).
    actions : tuple of str
        The action labels, in order; the ``a``-th child of every node is reached by action ``a``.
    nodes : tuple of int
        Its nodes, in level order.
    number : int
        Its number within the player's information sets, counted from 1 (as in Gambit files).
    """

    index: int
    player: int
    label: str
    actions: tuple
    nodes: tuple
    number: int


class GameTree:
    """A finite extensive-form game with perfect recall (immutable).

    Build one with :func:`~gametheory.games.extensive.build.build_tree` or
    :meth:`from_arrays`; the constructor is not meant to be called directly.

    Examples
    --------
    >>> from gametheory.games.extensive import build_tree, decision, terminal
    >>> entry = build_tree(decision("Challenger", {
    ...     "Enter": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)}),
    ...     "Stay out": terminal(0, 2)}))
    >>> entry.players, entry.n_nodes, entry.is_perfect_information
    (('Challenger', 'Incumbent'), 5, True)
    >>> [entry.infosets[h].actions for h in range(entry.n_infosets)]
    [('Enter', 'Stay out'), ('Fight', 'Accommodate')]
    >>> print(entry)
    game tree of 2 players (Challenger, Incumbent), 5 nodes, perfect information, exact payoffs
    """

    __slots__ = (
        "_parent", "_first_child", "_n_children", "_player", "_infoset", "_payoffs", "_probabilities",
        "_players", "_infoset_player", "_infoset_actions", "_infoset_labels", "_chance_actions",
        "_node_labels", "_title", "_mode", "_levels", "_cache", "__weakref__",
    )

    # ------------------------------------------------------------ building
    @classmethod
    def from_arrays(
        cls,
        parent,
        player,
        payoffs,
        *,
        infoset=None,
        players: Sequence[str] | None = None,
        actions=None,
        infoset_labels=None,
        probabilities=None,
        chance_actions: Mapping[int, Sequence[str]] | None = None,
        node_labels: Sequence[str] | None = None,
        exact: bool | None = None,
        title: str = "",
    ) -> "GameTree":
        """Build a tree from flat arrays (the fast path for large trees).

        Parameters
        ----------
        parent : array_like of int, shape (n,)
            Parent of each node in level order: ``parent[0] == -1`` and
            ``parent[1:]`` non-decreasing with ``parent[v] < v``. The children
            of a node are consecutive; the ``a``-th is reached by action ``a``.
        player : array_like of int, shape (n,)
            Player index of each decision node, ``-1`` (:data:`CHANCE`) at
            chance nodes, ``-2`` (:data:`TERMINAL`) at terminal nodes (exactly
            the nodes without children).
        payoffs : array_like, shape (n, n_players) or (n_terminal, n_players)
            Payoff vectors of all nodes (rows of non-terminal nodes are
            ignored) or of the terminal nodes only, in node order.
        infoset : array_like of int, shape (n,), optional
            Information-set id of each decision node (ignored elsewhere).
            Nodes with the same id form one information set; ids are the
            numbers of the sets within their player and fix their order. By
            default every decision node is its own information set
            (perfect information).
        players : sequence of str, optional
            Player names (default ``"Player 1"``, ...).
        actions : mapping or sequence, optional
            Action labels per information-set id (default ``"1"``, ``"2"``, ...).
        infoset_labels : mapping or sequence, optional
            Names of the information sets, per id.
        probabilities : array_like, shape (n,), optional
            For each child of a chance node, the probability of the move to it
            (other entries are ignored). Required when there are chance nodes.
        chance_actions : mapping, optional
            Action labels of chance nodes, ``{node: labels}``.
        node_labels : sequence of str, optional
            A label per node.
        exact : bool, optional
            Exact (Fraction) payoffs and probabilities; default: exact when
            all given values are ints or fractions.
        title : str

        Raises
        ------
        ValueError
            If the arrays do not describe a tree in level order, the players
            or information sets are inconsistent, probabilities are negative
            or do not sum to 1, payoffs are not finite, or the game does not
            have perfect recall.

        Examples
        --------
        >>> import numpy as np
        >>> tree = GameTree.from_arrays([-1, 0, 0, 1, 1], [0, 1, -2, -2, -2],
        ...                             [[1, 1], [0, 3], [2, 0]])
        >>> tree.n_children.tolist(), tree.first_child.tolist()
        ([2, 2, 0, 0, 0], [1, 3, -1, -1, -1])
        """
        checked = validate_arrays(parent, player, payoffs, infoset=infoset, players=players, actions=actions,
                                  infoset_labels=infoset_labels)
        return cls._create(
            checked.parent, checked.n_children, checked.player, checked.node_infoset, checked.payoffs, probabilities,
            checked.players, checked.infoset_player, checked.infoset_actions, checked.infoset_labels, chance_actions,
            node_labels, exact, title,
        )

    @classmethod
    def _create(cls, parent, n_children, player, node_infoset, payoffs, probabilities, players, infoset_player,
                infoset_actions, infoset_labels, chance_actions, node_labels, exact, title) -> "GameTree":
        """Checks shared by every constructor; arrays are already in level order."""
        self = object.__new__(cls)
        n = len(parent)
        self._parent = _readonly(np.asarray(parent, dtype=np.int64))
        self._n_children = _readonly(np.asarray(n_children, dtype=np.int64))
        starts = np.ones(n, dtype=np.int64)
        if n > 1:
            starts[1:] += np.cumsum(self._n_children)[:-1]
        self._first_child = _readonly(np.where(self._n_children > 0, starts, -1))
        self._player = _readonly(np.asarray(player, dtype=np.int64))
        self._infoset = _readonly(np.asarray(node_infoset, dtype=np.int64))
        self._players = tuple(players)
        self._infoset_player = _readonly(np.asarray(infoset_player, dtype=np.int64))
        self._infoset_actions = tuple(infoset_actions)
        self._infoset_labels = tuple(infoset_labels)
        self._title = str(title)
        self._cache = {}
        self._levels = None
        if np.any(np.diff(self._infoset_player) < 0):
            raise ValueError("information sets must be grouped by player")
        self._mode, self._payoffs, self._probabilities = tree_values(
            self._parent, self._first_child, self._n_children, self._player, payoffs, probabilities, players,
            node_labels, exact,
        )
        labels_by_chance = {}
        for c, acts in (chance_actions or {}).items():
            c = int(c)
            if not 0 <= c < n or self._player[c] != CHANCE:
                raise ValueError(f"chance action labels given for node {c}, which is not a chance node")
            acts = _action_labels(acts, f"actions of chance node {c}")
            if len(acts) != self._n_children[c]:
                raise ValueError(f"chance node {c} has {len(acts)} action labels but {self._n_children[c]} children")
            labels_by_chance[c] = acts
        self._chance_actions = labels_by_chance
        if node_labels is not None:
            node_labels = tuple(node_labels)
            if len(node_labels) != n:
                raise ValueError(f"node_labels has {len(node_labels)} entries, expected one per node ({n})")
            if not all(isinstance(label, str) for label in node_labels):
                raise TypeError("node labels must be strings")
        self._node_labels = node_labels
        self._check_perfect_recall()
        return self

    # ------------------------------------------------------ perfect recall
    def _check_perfect_recall(self) -> None:
        """Every node of an information set follows the same own moves of its player.

        For each player, the last own move (information set, action) before
        every node is propagated down the tree level by level; perfect recall
        holds exactly when all nodes of each information set share it (by
        induction on the number of own moves, equal last moves give equal
        whole sequences), see Kuhn (1953).
        """
        if self.is_perfect_information:
            return
        nodes_of = self._infoset_nodes()
        for i in range(self.n_players):
            last = self.last_own_move(i)
            for h in range(self.n_infosets):
                if self._infoset_player[h] != i:
                    continue
                members = nodes_of[h]
                seen = last[members]
                if np.any(seen != seen[0]):
                    a, b = int(members[0]), int(members[int(np.argmax(seen != seen[0]))])
                    first, second = self._distinct_names(a, b)
                    raise PerfectRecallError(
                        self._infoset_name(h), self._players[i], (a, b),
                        (self._move_name(int(last[a])), self._move_name(int(last[b]))),
                        f"nodes {first!r} and {second!r}",
                    )

    def last_own_move(self, player: int | str) -> np.ndarray:
        """For each node, the last move of ``player`` on the path to it (``-1`` if none).

        Moves are numbered ``action_offsets[h] + a``. Under perfect recall the
        nodes of one of the player's information sets share this value, and
        the chain of last moves is the player's *sequence* (the own moves that
        lead there), as used by the sequence form.

        Examples
        --------
        >>> from gametheory.games.extensive import build_tree, decision, terminal
        >>> tree = build_tree(decision("A", {"x": decision("B", {"y": terminal(1, 2)}), "z": terminal(0, 0)}))
        >>> tree.last_own_move("A").tolist(), tree.last_own_move("B").tolist()
        ([-1, 0, 1, 0], [-1, -1, -1, 2])
        """
        i = self.player_index(player)
        key = ("last_own_move", i)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        offsets = self.action_offsets
        if self.n_nodes <= _SMALL_TREE:
            cached = _readonly(np.array(self._last_own_move_small(i, offsets.tolist()), dtype=np.int64))
            self._cache[key] = cached
            return cached
        last = np.full(self.n_nodes, -1, dtype=np.int64)
        for start, end in self.levels:
            movers = np.arange(start, end)
            movers = movers[self._n_children[movers] > 0]
            if not len(movers):
                continue
            counts = self._n_children[movers]
            action = _ranges(counts)
            children = np.repeat(self._first_child[movers], counts) + action
            own = np.repeat(self._player[movers] == i, counts)
            inherited = np.repeat(last[movers], counts)
            move = offsets[np.maximum(np.repeat(self._infoset[movers], counts), 0)] + action
            last[children] = np.where(own, move, inherited)
        cached = _readonly(last)
        self._cache[key] = cached
        return cached

    def _last_own_move_small(self, i: int, offsets: list) -> list:
        """:meth:`last_own_move` node by node in Python (level order puts every parent before its children)."""
        children, first, player, infoset = (self._n_children.tolist(), self._first_child.tolist(),
                                            self._player.tolist(), self._infoset.tolist())
        last = [-1] * len(children)
        for v, count in enumerate(children):
            if not count:
                continue
            start = first[v]
            if player[v] == i:
                base = offsets[max(infoset[v], 0)]
                for a in range(count):
                    last[start + a] = base + a
            else:
                last[start:start + count] = [last[v]] * count
        return last

    def _distinct_names(self, a: int, b: int) -> tuple[str, str]:
        """Readable names of nodes ``a`` and ``b`` for a message, short however deep the tree.

        A node's label when it has one; otherwise its moves from the root,
        past a few of them only the moves where the two paths part and the
        last three (``"after L, ..., go, go (depth 300)"``), labels and
        actions past 32 characters cut.
        """
        paths = [self._moves_to(a), self._moves_to(b)]
        split = next((k for k, (x, y) in enumerate(zip(*paths)) if x != y), min(map(len, paths)))
        names = []
        for node, moves in zip((a, b), paths):
            if self._node_labels is not None and self._node_labels[node]:
                names.append(_clip(self._node_labels[node], 64))
                continue
            if not moves:
                names.append("root")
                continue
            keep = sorted({k for k in (split - 1, split) if 0 <= k < len(moves)}
                          | set(range(max(0, len(moves) - 3), len(moves))))
            parts, last = [], -1
            for k in keep:
                if k > last + 1:
                    parts.append("...")
                parts.append(moves[k])
                last = k
            depth = f" (depth {len(moves)})" if len(keep) < len(moves) else ""
            names.append("after " + ", ".join(parts) + depth)
        return names[0], names[1]

    def _moves_to(self, node: int) -> list[str]:
        """The action labels from the root to ``node`` (each cut to 32 characters)."""
        moves = []
        v = node
        while v > 0:
            p = int(self._parent[v])
            moves.append(_clip(self.actions_at(p)[v - int(self._first_child[p])]))
            v = p
        return moves[::-1]

    def _move_name(self, move: int) -> str:
        if move < 0:
            return "no earlier move"
        h = int(np.searchsorted(self.action_offsets, move, side="right") - 1)
        return f"{self._infoset_actions[h][move - self.action_offsets[h]]!r} at {self._infoset_name(h)}"

    def _infoset_name(self, h: int) -> str:
        label = self._infoset_labels[h]
        number = h - int(np.searchsorted(self._infoset_player, self._infoset_player[h])) + 1
        return f"{label!r}" if label else f"#{number}"

    # ---------------------------------------------------------- structure
    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def n_players(self) -> int:
        return len(self._players)

    @property
    def title(self) -> str:
        return self._title

    @property
    def n_nodes(self) -> int:
        return len(self._parent)

    @property
    def parent(self) -> np.ndarray:
        """Parent of each node (``-1`` at the root)."""
        return self._parent

    @property
    def first_child(self) -> np.ndarray:
        """Index of each node's first child (``-1`` at terminal nodes)."""
        return self._first_child

    @property
    def n_children(self) -> np.ndarray:
        """Number of children (actions) of each node."""
        return self._n_children

    @property
    def node_player(self) -> np.ndarray:
        """Mover at each node: a player index, :data:`CHANCE` or :data:`TERMINAL`."""
        return self._player

    @property
    def node_infoset(self) -> np.ndarray:
        """Information set of each decision node (``-1`` at chance and terminal nodes)."""
        return self._infoset

    @property
    def payoff_matrix(self) -> np.ndarray:
        """Shape ``(n_nodes, n_players)``: payoffs at terminal nodes, zero rows elsewhere."""
        return self._payoffs

    @property
    def move_probabilities(self) -> np.ndarray:
        """For each child of a chance node, the probability of the move to it (0 elsewhere)."""
        return self._probabilities

    @property
    def node_labels(self) -> tuple[str, ...] | None:
        return self._node_labels

    @property
    def n_infosets(self) -> int:
        return len(self._infoset_player)

    @property
    def infoset_player(self) -> np.ndarray:
        return self._infoset_player

    @property
    def infoset_actions(self) -> tuple[tuple[str, ...], ...]:
        return self._infoset_actions

    @property
    def infoset_labels(self) -> tuple[str, ...]:
        return self._infoset_labels

    @property
    def infosets(self) -> tuple[InfoSet, ...]:
        """The information sets, as :class:`InfoSet` records (grouped by player, in order)."""
        cached = self._cache.get("infosets")
        if cached is None:
            nodes_of = self._infoset_nodes()
            player = self._infoset_player.tolist()
            first = np.searchsorted(self._infoset_player, self._infoset_player).tolist()
            cached = tuple(
                InfoSet(h, player[h], self._infoset_labels[h], self._infoset_actions[h],
                        tuple(nodes_of[h].tolist()), h - first[h] + 1)
                for h in range(self.n_infosets)
            )
            self._cache["infosets"] = cached
        return cached

    def player_infosets(self, player: int | str) -> range:
        """Indices of ``player``'s information sets, in order."""
        i = self.player_index(player)
        start = int(np.searchsorted(self._infoset_player, i, side="left"))
        end = int(np.searchsorted(self._infoset_player, i, side="right"))
        return range(start, end)

    @property
    def action_offsets(self) -> np.ndarray:
        """``action_offsets[h] + a`` numbers the move ``a`` at information set ``h``; the last entry is the count."""
        cached = self._cache.get("offsets")
        if cached is None:
            counts = np.array([len(a) for a in self._infoset_actions], dtype=np.int64)
            cached = _readonly(np.concatenate([[0], np.cumsum(counts)]).astype(np.int64))
            self._cache["offsets"] = cached
        return cached

    @property
    def mode(self) -> str:
        """``"float"``, ``"exact"`` (Fractions) or ``"symbolic"`` (sympy payoffs)."""
        return self._mode

    @property
    def is_exact(self) -> bool:
        return self._mode == "exact"

    @property
    def is_symbolic(self) -> bool:
        return self._mode == "symbolic"

    @property
    def is_perfect_information(self) -> bool:
        """Every information set is a single node."""
        return self.n_infosets == int(np.count_nonzero(self._player >= 0))

    @property
    def has_chance(self) -> bool:
        return bool(np.any(self._player == CHANCE))

    @property
    def levels(self) -> tuple[tuple[int, int], ...]:
        """``(start, end)`` node ranges of each depth (level order keeps a level consecutive)."""
        if self._levels is None:
            counts = np.concatenate([[0], np.cumsum(self._n_children)])
            levels, start, end = [], 0, 1
            while start < end:
                levels.append((start, end))
                start, end = end, 1 + int(counts[end])
            self._levels = tuple(levels)
        return self._levels

    @property
    def depth(self) -> np.ndarray:
        """Depth of each node (the root has depth 0)."""
        cached = self._cache.get("depth")
        if cached is None:
            cached = np.empty(self.n_nodes, dtype=np.int64)
            for d, (start, end) in enumerate(self.levels):
                cached[start:end] = d
            cached = _readonly(cached)
            self._cache["depth"] = cached
        return cached

    @property
    def action_index(self) -> np.ndarray:
        """For each node, the index of the action that leads to it at its parent (``-1`` at the root)."""
        cached = self._cache.get("action_index")
        if cached is None:
            cached = np.full(self.n_nodes, -1, dtype=np.int64)
            if self.n_nodes > 1:
                cached[1:] = np.arange(1, self.n_nodes) - self._first_child[self._parent[1:]]
            cached = _readonly(cached)
            self._cache["action_index"] = cached
        return cached

    @property
    def preorder(self) -> np.ndarray:
        """Nodes in depth-first order (the order of a figure read left to right, and of Gambit files)."""
        cached = self._cache.get("preorder")
        if cached is None:
            rank = self.preorder_rank
            cached = np.empty(self.n_nodes, dtype=np.int64)
            cached[rank] = np.arange(self.n_nodes)
            cached = _readonly(cached)
            self._cache["preorder"] = cached
        return cached

    @property
    def preorder_rank(self) -> np.ndarray:
        """Position of each node in :attr:`preorder`."""
        cached = self._cache.get("preorder_rank")
        if cached is None:
            size = self.subtree_size
            rank = np.zeros(self.n_nodes, dtype=np.int64)
            for start, end in self.levels:
                movers = np.arange(start, end)
                movers = movers[self._n_children[movers] > 0]
                if not len(movers):
                    continue
                counts = self._n_children[movers]
                children = np.repeat(self._first_child[movers], counts) + _ranges(counts)
                # Within a sibling group: 1 + sizes of the earlier siblings.
                sizes = size[children]
                cumulative = np.cumsum(sizes) - sizes
                group_start = np.repeat(cumulative[np.concatenate([[0], np.cumsum(counts)[:-1]])], counts)
                rank[children] = np.repeat(rank[movers], counts) + 1 + cumulative - group_start
            cached = _readonly(rank)
            self._cache["preorder_rank"] = cached
        return cached

    @property
    def subtree_size(self) -> np.ndarray:
        """Number of nodes in the subtree of each node (itself included)."""
        cached = self._cache.get("subtree_size")
        if cached is None:
            size = np.ones(self.n_nodes, dtype=np.int64)
            for start, end in reversed(self.levels):
                movers = np.arange(start, end)
                movers = movers[self._n_children[movers] > 0]
                if len(movers):
                    size[movers] += _group_sum(size, self._first_child[movers], self._n_children[movers])
            cached = _readonly(size)
            self._cache["subtree_size"] = cached
        return cached

    @property
    def terminals(self) -> np.ndarray:
        """Terminal nodes in depth-first order (the order of equilibrium paths)."""
        cached = self._cache.get("terminals")
        if cached is None:
            order = self.preorder
            cached = _readonly(order[self._player[order] == TERMINAL])
            self._cache["terminals"] = cached
        return cached

    def _infoset_nodes(self) -> list[np.ndarray]:
        cached = self._cache.get("infoset_nodes")
        if cached is None:
            decision = np.flatnonzero(self._player >= 0)
            order = np.argsort(self._infoset[decision], kind="stable")
            sorted_nodes = decision[order]
            bounds = np.searchsorted(self._infoset[sorted_nodes], np.arange(self.n_infosets + 1))
            cached = [sorted_nodes[bounds[h]:bounds[h + 1]] for h in range(self.n_infosets)]
            self._cache["infoset_nodes"] = cached
        return cached

    # -------------------------------------------------------------- nodes
    def children(self, node: int) -> range:
        """The children of ``node`` (empty at terminal nodes)."""
        node = self._node(node)
        start = int(self._first_child[node])
        return range(start, start + int(self._n_children[node])) if start >= 0 else range(0)

    def actions_at(self, node: int) -> tuple[str, ...]:
        """Action labels at ``node`` (chance nodes included)."""
        node = self._node(node)
        kind = int(self._player[node])
        if kind >= 0:
            return self._infoset_actions[int(self._infoset[node])]
        if kind == CHANCE:
            return self._chance_actions.get(node) or default_actions(int(self._n_children[node]))
        return ()

    def chance_probabilities(self, node: int) -> tuple:
        """The move probabilities at chance node ``node``."""
        node = self._node(node)
        if self._player[node] != CHANCE:
            raise ValueError(f"node {node} is not a chance node")
        return tuple(self._probabilities[v] for v in self.children(node))

    def payoffs_at(self, node: int) -> tuple:
        """The payoff vector of terminal node ``node``."""
        node = self._node(node)
        if self._player[node] != TERMINAL:
            raise ValueError(f"node {node} is not a terminal node")
        return tuple(self._payoffs[node].tolist())

    def node_name(self, node: int) -> str:
        """A short name for messages: the node's label, or the moves that reach it."""
        node = self._node(node)
        if self._node_labels is not None and self._node_labels[node]:
            return self._node_labels[node]
        moves = []
        v = node
        while v > 0:
            p = int(self._parent[v])
            moves.append(self.actions_at(p)[v - int(self._first_child[p])])
            v = p
        return "root" if not moves else "after " + ", ".join(reversed(moves))

    def _node(self, node) -> int:
        if not isinstance(node, numbers.Integral) or isinstance(node, bool) or not 0 <= node < self.n_nodes:
            raise ValueError(f"node {node!r} out of range (0..{self.n_nodes - 1})")
        return int(node)

    def player_index(self, player: int | str) -> int:
        if isinstance(player, str):
            try:
                return self._players.index(player)
            except ValueError:
                raise ValueError(f"no player {player!r}; players are {list(self._players)}") from None
        if not isinstance(player, numbers.Integral) or isinstance(player, bool) or not 0 <= player < self.n_players:
            raise ValueError(f"player index {player!r} out of range (0..{self.n_players - 1})")
        return int(player)

    def infoset_index(self, infoset: int | str) -> int:
        """Index of an information set given by index or by name."""
        if isinstance(infoset, str):
            matches = [h for h, label in enumerate(self._infoset_labels) if label == infoset]
            if len(matches) != 1:
                raise ValueError(f"no information set named {infoset!r}" if not matches
                                 else f"several information sets are named {infoset!r}")
            return matches[0]
        if not isinstance(infoset, numbers.Integral) or not 0 <= infoset < self.n_infosets:
            raise ValueError(f"information set {infoset!r} out of range (0..{self.n_infosets - 1})")
        return int(infoset)

    # --------------------------------------------------------- parameters
    @property
    def parameters(self) -> tuple[str, ...]:
        """Names of the symbolic parameters in the payoffs (sorted; empty for numeric trees)."""
        if self._mode != "symbolic":
            return ()
        names = set()
        for v in self.terminals.tolist():
            for value in self._payoffs[v]:
                names.update(str(s) for s in getattr(value, "free_symbols", ()))
        return tuple(sorted(names))

    def substitute(self, exact: bool | None = None, **values) -> "GameTree":
        """The numeric tree with parameter values put into symbolic payoffs.

        Parameters
        ----------
        exact : bool, optional
            Exact payoffs (default when every value is an int or a fraction).
        **values
            A value for every parameter.

        Examples
        --------
        >>> import sympy
        >>> from gametheory.games.extensive import build_tree, decision, terminal
        >>> cost = sympy.Symbol("cost")
        >>> tree = build_tree(decision("A", {"War": terminal(1 - cost, -cost), "Peace": terminal(0, 0)}))
        >>> tree.parameters
        ('cost',)
        >>> tree.substitute(cost=2).payoffs_at(1)
        (Fraction(-1, 1), Fraction(-2, 1))
        """
        if self._mode != "symbolic":
            if values:
                raise ValueError(f"the tree has no parameters, got values for {sorted(values)}")
            return self
        missing = sorted(set(self.parameters) - set(values))
        if missing:
            raise ValueError(f"missing values for parameters {missing}")
        unknown = sorted(set(values) - set(self.parameters))
        if unknown:
            raise ValueError(f"unknown parameters {unknown}; the tree's parameters are {list(self.parameters)}")
        import sympy

        if exact is None:
            exact = all(is_exact_scalar(v) or isinstance(v, str) for v in values.values())
        subs = {}
        for name, value in values.items():
            if exact:
                fraction = to_fraction(value, what=f"value of parameter {name!r}")
                subs[sympy.Symbol(name)] = sympy.Rational(fraction.numerator, fraction.denominator)
            else:
                subs[sympy.Symbol(name)] = sympy.Float(_float(value, f"value of parameter {name!r}"))
        n, m = self._payoffs.shape
        payoffs = np.empty((n, m), dtype=object)
        payoffs[:] = 0
        for v in self.terminals.tolist():
            for i in range(m):
                value = self._payoffs[v, i]
                if _is_sympy(value):
                    value = sympy.sympify(value).xreplace(subs)
                    if not value.is_number:
                        raise ValueError(f"payoff {self._payoffs[v, i]} at node {v} keeps symbols after substitution")
                    if value.is_Rational:
                        value = Fraction(int(value.p), int(value.q))
                    elif exact:
                        raise ValueError(f"payoff {self._payoffs[v, i]} at node {v} is not rational for these values ({value})")
                    else:
                        value = _float(value, f"payoff at node {v}")
                payoffs[v, i] = value
        probabilities = self._probabilities if self.has_chance else None
        return GameTree._create(
            self._parent, self._n_children, self._player, self._infoset, payoffs, probabilities, self._players,
            self._infoset_player, self._infoset_actions, self._infoset_labels, self._chance_actions,
            self._node_labels, exact, self._title,
        )

    def as_exact(self) -> "GameTree":
        """The tree with exact payoffs and probabilities (floats read as their shortest decimals)."""
        return self._converted(True)

    def as_float(self) -> "GameTree":
        """The tree with float payoffs and probabilities."""
        return self._converted(False)

    def _converted(self, exact: bool) -> "GameTree":
        if self._mode == "symbolic":
            raise ValueError("the tree has symbolic payoffs: use substitute(**values) first")
        if exact == self.is_exact:
            return self
        payoffs = self._payoffs.astype(object) if exact else self._payoffs.astype(float)
        probabilities = (self._probabilities.astype(object) if exact else self._probabilities.astype(float)) \
            if self.has_chance else None
        converted = GameTree._create(
            self._parent, self._n_children, self._player, self._infoset, payoffs, probabilities, self._players,
            self._infoset_player, self._infoset_actions, self._infoset_labels, self._chance_actions,
            self._node_labels, exact, self._title,
        )
        # The structure is shared, so what was worked out from it holds for the copy (never payoff-derived entries).
        converted._levels = self._levels
        converted._cache.update((k, v) for k, v in self._cache.items()
                                if (k[0] if isinstance(k, tuple) else k) in _STRUCTURE_CACHE_KEYS)
        return converted

    def replace(self, *, title: str | None = None, players: Sequence[str] | None = None) -> "GameTree":
        """A copy with a new title or new player names."""
        return GameTree._create(
            self._parent, self._n_children, self._player, self._infoset, self._payoffs,
            self._probabilities if self.has_chance else None,
            self._players if players is None else _player_names(players), self._infoset_player,
            self._infoset_actions, self._infoset_labels, self._chance_actions, self._node_labels,
            None if self._mode == "symbolic" else self.is_exact, self._title if title is None else title,
        )

    # -------------------------------------------------------------- output
    def __str__(self) -> str:
        """A one-line summary; :func:`~gametheory.games.extensive.render.tree_text` draws the tree."""
        title = f"{self._title}: " if self._title else ""
        info = "perfect information" if self.is_perfect_information else f"{self.n_infosets} information sets"
        return (f"{title}game tree of {self.n_players} players ({', '.join(self._players)}), {self.n_nodes} nodes, "
                f"{info}, {self._mode} payoffs")


    def __repr__(self) -> str:
        title = f" {self._title!r}" if self._title else ""
        info = "perfect information" if self.is_perfect_information else f"{self.n_infosets} information sets"
        return (f"<GameTree{title}: {self.n_players} players {list(self._players)}, {self.n_nodes} nodes, "
                f"{info}, {self._mode}>")

    def __eq__(self, other) -> bool:
        if not isinstance(other, GameTree):
            return NotImplemented
        return (
            self._players == other._players
            and self._mode == other._mode
            and np.array_equal(self._parent, other._parent)
            and np.array_equal(self._player, other._player)
            and np.array_equal(self._infoset, other._infoset)
            and self._infoset_actions == other._infoset_actions
            and np.array_equal(self._payoffs, other._payoffs)
            and np.array_equal(self._probabilities, other._probabilities)
        )

    def __hash__(self) -> int:
        return hash((self._players, self.n_nodes, self._parent.tobytes(), self._player.tobytes()))
