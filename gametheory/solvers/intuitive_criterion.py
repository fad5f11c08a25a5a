"""Signalling trees read as types, messages and responses, and Cho and Kreps' Intuitive Criterion on them.

A *signalling tree*: nature draws the sender's type at the root; the sender,
knowing its type, sends a message; the receiver sees the message, not the
type, and moves at one information set per message. :func:`signaling_structure`
reads the classic form, where every response ends the game.

:func:`intuitive_criterion` also takes trees where the response is followed
by further moves of **the receiver and chance only** (a lottery over the
outcome of a fight, a later choice of the receiver). A *response* to a
message is then a pure continuation plan of the receiver (a choice at each
of its information sets from the message on), chance averaged out, and a
best response to a belief over the types is a plan that maximises the
receiver's expected payoff under that belief. At a later set the belief
gives probability 0 the plan is unrestricted, so a type outside the
belief's support may face any continuation there: the test is then the most
lenient reading (an equilibrium it rejects is rejected under any stricter
one). When the sender or a third player moves after the message the test
is not defined here (it would need the continuation play after an
off-path message, an equilibrium of its own that Cho and Kreps do not
specify) and a ValueError says where.

References
----------
Cho, I.-K. and Kreps, D. M. (1987). Signaling games and stable equilibria.
*Quarterly Journal of Economics* 102(2), 179-221.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..games.extensive.equilibrium import node_values
from ..games.extensive.render import short_node_name
from ..games.extensive.tree import CHANCE, TERMINAL, GameTree
from ._pbe_beliefs import MAX_CONTINUATIONS, reach, region_infosets, simplex_polytope

__all__ = ["IntuitiveCriterionTest", "SignalingStructure", "intuitive_criterion", "signaling_structure"]


@dataclass(frozen=True, eq=False)
class IntuitiveCriterionTest:
    """The Intuitive Criterion's test at one off-path message.

    Attributes
    ----------
    message : str
    dominated : tuple of str
        Types for which the message is equilibrium-dominated: their
        equilibrium payoff exceeds the most the message could bring them
        against any best response to any belief.
    remaining : tuple of str
        The other types (beliefs are restricted to them).
    responses : tuple of str
        Best responses to beliefs concentrated on ``remaining`` (receiver
        plans joined with ``/`` when the receiver moves again later).
    breaking : tuple of str
        Types that gain from the message against every one of ``responses``;
        the equilibrium fails the test when this is non-empty.
    """

    message: str
    dominated: tuple
    remaining: tuple
    responses: tuple
    breaking: tuple

    @property
    def passes(self) -> bool:
        return not self.breaking


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


def _check(tree) -> None:
    if not isinstance(tree, GameTree):
        raise TypeError(f"expected a GameTree, got {type(tree).__name__}")
    if tree.is_symbolic:
        raise ValueError(f"the tree has symbolic payoffs (parameters {list(tree.parameters)}): substitute values first")


def _skeleton(tree: GameTree):
    """``(sender, receiver, types, messages, sender_nodes, receiver_nodes, receiver_sets)`` or ValueError."""
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
    return sender, receiver, tuple(types), tuple(messages), sender_nodes, receiver_nodes, receiver_sets


def signaling_structure(tree: GameTree) -> SignalingStructure:
    """Read a sender-receiver signalling tree, or raise ValueError saying why it is not one.

    The root is nature's draw of the type; below each type the sender moves
    at its own information set (it knows its type), with the same messages
    everywhere; after each message the receiver moves at one information
    set holding that message's node for every type, with the same responses;
    every response ends the game.
    """
    sender, receiver, types, messages, sender_nodes, receiver_nodes, receiver_sets = _skeleton(tree)
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
    return SignalingStructure(sender, receiver, types, messages, tuple(responses),
                              tree.chance_probabilities(0), tuple(sender_nodes),
                              tuple(tuple(r) for r in receiver_nodes), tuple(receiver_sets), tuple(u_s), tuple(u_r))


def _response_table(tree: GameTree, sender: int, receiver: int, nodes: list, h: int, exact: bool):
    """Receiver plans from set ``h`` on, with ``(labels, sender_value[t][c], receiver_value[t][c])``."""
    for start in nodes:
        stack = [start]
        while stack:
            v = stack.pop()
            player = int(tree.node_player[v])
            if player >= 0 and player != receiver:
                raise ValueError(
                    f"the Intuitive Criterion is defined here when only the receiver and chance move after the "
                    f"message; player {tree.players[player]!r} moves at {short_node_name(tree, v)!r} (the test would need "
                    "the continuation play after an off-path message, which Cho and Kreps do not define)")
            stack.extend(tree.children(v))
    sets = region_infosets(tree, h)
    counts = [len(tree.infoset_actions[g]) for g in sets]
    total = int(np.prod(counts))
    if total > MAX_CONTINUATIONS:
        raise ValueError(f"the receiver has {total} continuation plans after one message, more than {MAX_CONTINUATIONS}")
    offsets = tree.action_offsets
    one, zero = (Fraction(1), Fraction(0)) if exact else (1.0, 0.0)
    labels, u_s, u_r = [], [], []
    for combo in itertools.product(*(range(k) for k in counts)):
        flat = np.full(int(offsets[-1]), zero, dtype=object if exact else float)
        for g in range(tree.n_infosets):
            flat[int(offsets[g])] = one
        for g, a in zip(sets, combo):
            flat[int(offsets[g])] = zero
            flat[int(offsets[g]) + a] = one
        values = node_values(tree, flat)
        labels.append("/".join(tree.infoset_actions[g][a] for g, a in zip(sets, combo)))
        u_s.append([values[v, sender] for v in nodes])
        u_r.append([values[v, receiver] for v in nodes])
    # Indexed [type][plan].
    return labels, [list(col) for col in zip(*u_s)], [list(col) for col in zip(*u_r)]


def _best_somewhere(u_r, allowed, c: int, exact: bool, slack) -> bool:
    """Whether some belief on the ``allowed`` types makes plan ``c`` a best response."""
    constraints = [tuple(u_r[t][c] - u_r[t][other] for t in allowed) for other in range(len(u_r[0])) if other != c]
    return bool(simplex_polytope(constraints, len(allowed), exact, slack))


def intuitive_criterion(tree: GameTree, behavior, slack) -> tuple:
    """Cho and Kreps' test at every off-path message of a signalling tree under a flat behaviour profile.

    For an off-path message, a type is *equilibrium-dominated* when its
    equilibrium payoff exceeds what the message earns it against every
    response that is a best response to some belief. With beliefs
    restricted to the other types, the equilibrium fails when some type
    earns more than its equilibrium payoff from the message against every
    best response to such a belief. Returns one :class:`IntuitiveCriterionTest`
    per off-path message.

    Raises
    ------
    ValueError
        If the tree is not a signalling tree, or a player other than the
        receiver and chance moves after a message (see the module notes).
    """
    sender, receiver, types, messages, sender_nodes, receiver_nodes, receiver_sets = _skeleton(tree)
    exact = behavior.dtype == object
    zero = Fraction(0) if exact else 0.0
    reached = reach(tree, behavior)
    values = node_values(tree, behavior)
    type_payoff = [values[v, sender] for v in sender_nodes]
    all_types = list(range(len(types)))
    tests = []
    for m, message in enumerate(messages):
        nodes = [row[m] for row in receiver_nodes]
        if sum((reached[v] for v in nodes), zero) > (0 if exact else slack):
            continue
        labels, u_s, u_r = _response_table(tree, sender, receiver, nodes, receiver_sets[m], exact)
        plans = range(len(labels))
        supported = [c for c in plans if _best_somewhere(u_r, all_types, c, exact, slack)]
        dominated = [t for t in all_types if type_payoff[t] > max(u_s[t][c] for c in supported) + slack]
        remaining = [t for t in all_types if t not in dominated]
        if not remaining:
            tests.append(IntuitiveCriterionTest(message, tuple(types[t] for t in dominated), (), (), ()))
            continue
        responses = [c for c in plans if _best_somewhere(u_r, remaining, c, exact, slack)]
        breaking = [t for t in all_types if min(u_s[t][c] for c in responses) > type_payoff[t] + slack]
        tests.append(IntuitiveCriterionTest(message, tuple(types[t] for t in dominated),
                                            tuple(types[t] for t in remaining),
                                            tuple(labels[c] for c in responses),
                                            tuple(types[t] for t in breaking)))
    return tuple(tests)
