"""Builders that read like the textbook figure.

A tree is written as nested calls, the root first::

    build_tree(
        decision("Challenger", {
            "Attack": decision("Defender", {"Defend": terminal(-1, -1), "Yield": terminal(1, 0)}),
            "Refrain": terminal(0, 1),
        })
    )

:func:`decision` gives a player's move (its actions in order, each leading to a
subtree), :func:`chance` a move of nature with exact probabilities,
:func:`terminal` the payoff vector at the end of a play (one payoff per
player, players in order of first appearance unless ``players=`` is given).
Nodes that share an ``infoset=`` name form one information set: the player
cannot tell them apart, so they must have the same actions.

:func:`build_tree` checks everything (no empty action lists, unique labels,
consistent information sets, probabilities that are non-negative and sum to
1, one payoff per player, perfect recall) and returns an immutable
:class:`~gametheory.games.extensive.tree.GameTree`. The walk is iterative, so
deep trees need no recursion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ...numerics import is_exact_scalar, to_fraction
from .arrays import _action_labels, _float, _player_names
from .tree import CHANCE, TERMINAL, GameTree

__all__ = ["Decision", "Chance", "Terminal", "decision", "chance", "terminal", "build_tree"]


@dataclass(frozen=True)
class Decision:
    """A player's move: see :func:`decision`."""

    player: str
    actions: tuple  # of (label, subtree)
    infoset: str | None = None
    label: str = ""


@dataclass(frozen=True)
class Chance:
    """A move of nature: see :func:`chance`."""

    moves: tuple  # of (label, probability, subtree)
    label: str = ""


@dataclass(frozen=True)
class Terminal:
    """The end of a play: see :func:`terminal`."""

    payoffs: tuple
    label: str = ""


_Node = Decision | Chance | Terminal


def _pairs(items, what: str) -> tuple:
    if isinstance(items, Mapping):
        pairs = tuple(items.items())
    elif isinstance(items, Sequence) and not isinstance(items, str):
        pairs = tuple(items)
        if not all(isinstance(p, tuple) and len(p) == 2 for p in pairs):
            raise TypeError(f"{what} must be a mapping or a sequence of (label, subtree) pairs")
    else:
        raise TypeError(f"{what} must be a mapping from action labels to subtrees, got {type(items).__name__}")
    if not pairs:
        raise ValueError(f"{what} is empty: a node needs at least one action")
    _action_labels([label for label, _ in pairs], f"the action labels of {what}")
    return pairs


def decision(player: str, actions, *, infoset: str | None = None, label: str = "") -> Decision:
    """A decision node: ``player`` chooses one of ``actions``.

    Parameters
    ----------
    player : str
        The mover's name.
    actions : mapping or sequence of pairs
        ``{action label: subtree}`` in the order of the figure.
    infoset : str, optional
        Name of the information set; nodes with the same name are one
        information set (same player, same actions). Unnamed nodes are
        singletons.
    label : str, optional
        A name for the node.
    """
    if not isinstance(player, str) or not player.strip():
        raise ValueError(f"the player of a decision node must be a non-empty name, got {player!r}")
    if infoset is not None and (not isinstance(infoset, str) or not infoset.strip()):
        raise ValueError(f"infoset must be a non-empty name, got {infoset!r}")
    pairs = _pairs(actions, f"the actions of {player!r}")
    for name, subtree in pairs:
        if not isinstance(subtree, _Node):
            raise TypeError(f"action {name!r} of {player!r} leads to {subtree!r}, expected decision(), chance() or terminal()")
    return Decision(player, pairs, infoset, str(label))


def chance(moves, *, label: str = "") -> Chance:
    """A chance node: ``moves`` is ``{label: (probability, subtree)}``.

    Probabilities are read exactly (ints, fractions, ``"1/3"``; floats by
    their shortest decimal, so ``0.1`` is ``1/10``) and must be non-negative
    and sum to 1.
    """
    if isinstance(moves, Mapping):
        items = tuple((name, *value) if isinstance(value, tuple) and len(value) == 2 else (name, value)
                      for name, value in moves.items())
    else:
        items = tuple(moves)
    if not items:
        raise ValueError("a chance node needs at least one move")
    for item in items:
        if len(item) != 3 or not isinstance(item[2], _Node):
            raise TypeError(f"a chance move is (label, probability, subtree) or {{label: (probability, subtree)}}, got {item!r}")
    _action_labels([item[0] for item in items], "the moves of a chance node")
    return Chance(items, str(label))


def terminal(*payoffs, label: str = "") -> Terminal:
    """A terminal node with one payoff per player (floats, fractions or sympy expressions)."""
    if len(payoffs) == 1 and isinstance(payoffs[0], (list, tuple, np.ndarray)):
        payoffs = tuple(payoffs[0])
    if not payoffs:
        raise ValueError("a terminal node needs a payoff for every player")
    return Terminal(tuple(payoffs), str(label))


def build_tree(root, *, players: Sequence[str] | None = None, exact: bool | None = None, title: str = "") -> GameTree:
    """The :class:`~gametheory.games.extensive.tree.GameTree` of a nested description.

    Parameters
    ----------
    root : Decision, Chance or Terminal
        Built with :func:`decision`, :func:`chance` and :func:`terminal`.
    players : sequence of str, optional
        Player order (the order of payoffs at terminal nodes); default: order
        of first appearance, reading the figure depth first.
    exact : bool, optional
        Exact payoffs (default when all payoffs are ints or fractions).
    title : str

    Raises
    ------
    ValueError
        Naming the node (by the moves that reach it) or the information set.

    Examples
    --------
    >>> tree = build_tree(chance({"Strong": ("1/3", decision("Sender", {"Beer": terminal(1, 0),
    ...                                                                   "Quiche": terminal(0, 0)}, infoset="s")),
    ...                           "Weak": ("2/3", decision("Sender", {"Beer": terminal(0, 1),
    ...                                                                 "Quiche": terminal(1, 1)}, infoset="w"))}),
    ...                   players=["Sender", "Receiver"])
    >>> tree.chance_probabilities(0)
    (Fraction(1, 3), Fraction(2, 3))
    >>> build_tree(decision("A", {"x": terminal(1, 2), "y": terminal(1)}))
    Traceback (most recent call last):
    ...
    ValueError: the terminal node after y has 1 payoff, expected one per player (2: ['A', 'Player 2'])...
    """
    if not isinstance(root, _Node):
        raise TypeError(f"root must be built with decision(), chance() or terminal(), got {type(root).__name__}")
    # Depth-first pass: player order and information-set order as read in the figure.
    order: list[str] = [] if players is None else list(_player_names(players))
    fixed_players = players is not None
    infoset_keys: dict = {}  # key -> (player, number, label, actions, first path)
    stack = [(root, ())]
    count = 0
    n_players_needed = 0
    while stack:
        node, path = stack.pop()
        count += 1
        if isinstance(node, Decision):
            if node.player not in order:
                if fixed_players:
                    raise ValueError(f"the decision node {_where(path)} names player {node.player!r}, "
                                     f"who is not among players {order}")
                order.append(node.player)
            labels = tuple(name for name, _ in node.actions)
            if node.infoset is not None:
                key = ("named", node.infoset)
                known = infoset_keys.get(key)
                if known is not None:
                    if known[0] != node.player:
                        raise ValueError(f"information set {node.infoset!r} holds nodes of players {known[0]!r} "
                                         f"({_where(known[4])}) and {node.player!r} ({_where(path)})")
                    if known[3] != labels:
                        raise ValueError(f"information set {node.infoset!r} has actions {list(known[3])} at "
                                         f"{_where(known[4])} but {list(labels)} at {_where(path)}: a player must "
                                         "have the same actions at all nodes of an information set")
                else:
                    infoset_keys[key] = (node.player, len(infoset_keys), node.infoset, labels, path)
            else:
                infoset_keys[("node", id(node), path)] = (node.player, len(infoset_keys), "", labels, path)
            for name, subtree in reversed(node.actions):
                stack.append((subtree, path + (name,)))
        elif isinstance(node, Chance):
            what = f"chance node {_where(path)}"
            probs = [_probability(p, f"probability of {name!r} at {what}", exact) for name, p, _ in node.moves]
            total = sum(probs)
            if (total != 1) if all(isinstance(p, Fraction) for p in probs) else abs(total - 1) > 1e-9 * len(probs):
                raise ValueError(f"probabilities at {what} sum to {total}, expected 1")
            for name, _, subtree in reversed(node.moves):
                stack.append((subtree, path + (name,)))
        else:
            n_players_needed = max(n_players_needed, len(node.payoffs))
    players_final = tuple(order)
    if not fixed_players:
        # Players who never move still count when terminal payoffs name them.
        k = len(order)
        while len(order) < n_players_needed:
            k += 1
            name = f"Player {k}"
            while name in order:
                name += "'"
            order.append(name)
        players_final = tuple(order)
    n_players = len(players_final)
    if n_players == 0:
        raise ValueError("the tree has no players: a terminal node alone is not a game")
    player_index = {name: i for i, name in enumerate(players_final)}
    # Information-set ids: grouped by player, in order of first appearance.
    ranked = sorted(infoset_keys.items(), key=lambda item: (player_index[item[1][0]], item[1][1]))
    infoset_id = {key: h for h, (key, _) in enumerate(ranked)}
    infoset_actions = tuple(value[3] for _, value in ranked)
    infoset_labels = tuple(value[2] for _, value in ranked)
    infoset_player = np.array([player_index[value[0]] for _, value in ranked], dtype=np.int64)

    # Breadth-first pass: the arrays in level order.
    parent = np.empty(count, dtype=np.int64)
    kind = np.empty(count, dtype=np.int64)
    node_infoset = np.full(count, -1, dtype=np.int64)
    payoffs = np.empty((count, n_players), dtype=object)
    payoffs[:] = 0
    probabilities = np.empty(count, dtype=object)
    probabilities[:] = 0
    node_labels = [""] * count
    chance_actions = {}
    queue = [(root, -1, ())]
    head = 0
    has_chance = False
    while head < len(queue):
        node, up, path = queue[head]
        v = head
        head += 1
        parent[v] = up
        node_labels[v] = node.label
        if isinstance(node, Decision):
            kind[v] = player_index[node.player]
            key = ("named", node.infoset) if node.infoset is not None else ("node", id(node), path)
            node_infoset[v] = infoset_id[key]
            queue.extend((subtree, v, path + (name,)) for name, subtree in node.actions)
        elif isinstance(node, Chance):
            kind[v] = CHANCE
            has_chance = True
            chance_actions[v] = tuple(name for name, _, _ in node.moves)
            start = len(queue)
            queue.extend((subtree, v, path + (name,)) for name, _, subtree in node.moves)
            for k, (name, p, _) in enumerate(node.moves):
                probabilities[start + k] = _probability(p, f"probability of {name!r}", exact)
        else:
            kind[v] = TERMINAL
            if len(node.payoffs) != n_players:
                raise ValueError(
                    f"the terminal node {_where(path)} has {len(node.payoffs)} payoff{'' if len(node.payoffs) == 1 else 's'}, "
                    f"expected one per player ({n_players}: {list(players_final)})"
                    + ("" if fixed_players else "; players are ordered by first appearance unless players= is given")
                )
            payoffs[v] = node.payoffs
    # Information-set numbers double as ids here: ``_create`` receives them in canonical order already.
    n_children = np.bincount(parent[1:], minlength=count).astype(np.int64) if count > 1 else np.zeros(1, np.int64)
    return GameTree._create(
        parent, n_children, kind, node_infoset, payoffs, probabilities if has_chance else None, players_final,
        infoset_player, infoset_actions, infoset_labels, chance_actions,
        tuple(node_labels) if any(node_labels) else None, exact, title,
    )


def _probability(value, what: str, exact):
    if exact is False and not isinstance(value, str):
        return _float(value, what) if not is_exact_scalar(value) else to_fraction(value, what=what)
    p = to_fraction(value, what=what)
    if p < 0:
        raise ValueError(f"{what} is {p}, expected a non-negative number")
    return p


def _where(path: tuple) -> str:
    return "at the root" if not path else "after " + ", ".join(path)
