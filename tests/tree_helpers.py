"""Random game trees with chance and imperfect information, and their pygambit twins (tests only)."""

from __future__ import annotations

import io
from fractions import Fraction

import numpy as np

from gametheory.games.extensive import build_tree, chance, decision, terminal
from gametheory.games.extensive.tree import CHANCE, TERMINAL


def random_tree(rng: np.random.Generator, *, depth: int = 3, payoff_range: int = 20, chance_rate: float = 0.25,
                observe_rate: float = 0.5, exact: bool = True):
    """A random two-player tree with perfect recall.

    Each player's information set is named by what the player has seen: its
    own past moves and the moves of the others and of chance that it
    observed (each observed with probability ``observe_rate``, decided per
    node). The number of actions is fixed per information set. Payoffs are
    integers in ``[-payoff_range, payoff_range]``; a small range gives
    degenerate trees (ties).
    """
    actions_of: dict = {}

    def build(level: int, states: tuple):
        if level >= depth or (level > 0 and rng.random() < 0.15):
            values = rng.integers(-payoff_range, payoff_range + 1, size=2).tolist()
            return terminal(*(v if exact else float(v) for v in values))
        mover = -1 if rng.random() < chance_rate else int(rng.integers(0, 2))
        if mover < 0:
            k = int(rng.integers(2, 4))
            raw = rng.integers(1, 5, size=k)
            probs = [Fraction(int(v), int(raw.sum())) for v in raw]
            seen = [rng.random() < observe_rate for _ in range(2)]
            moves = {}
            for a in range(k):
                new = tuple(states[i] + (("c", level, a),) if seen[i] else states[i] for i in range(2))
                moves[f"c{a}"] = (probs[a], build(level + 1, new))
            return chance(moves)
        key = (mover, states[mover])
        if key not in actions_of:
            actions_of[key] = int(rng.integers(2, 4))
        k = actions_of[key]
        other = 1 - mover
        seen = rng.random() < observe_rate
        children = {}
        for a in range(k):
            new = list(states)
            new[mover] = states[mover] + (("own", a),)
            if seen:
                new[other] = states[other] + (("saw", level, a),)
            children[f"a{a}"] = build(level + 1, tuple(new))
        return decision(f"P{mover + 1}", children, infoset=repr(key))

    root = build(0, ((), ()))
    return build_tree(root, players=["P1", "P2"])


def _number(value) -> str:
    if isinstance(value, Fraction):
        return str(value) if value.denominator != 1 else str(value.numerator)
    return repr(float(value))


def to_efg(tree) -> str:
    """The tree in Gambit's .efg text format (nodes in depth-first order)."""
    lines = [f'EFG 2 R "{tree.title}" {{ ' + " ".join(f'"{p}"' for p in tree.players) + " }", '""']
    chance_number = 0
    outcome_number = 0
    for v in tree.preorder.tolist():
        kind = int(tree.node_player[v])
        if kind == TERMINAL:
            outcome_number += 1
            payoffs = ", ".join(_number(x) for x in tree.payoffs_at(v))
            lines.append(f't "" {outcome_number} "" {{ {payoffs} }}')
        elif kind == CHANCE:
            chance_number += 1
            moves = " ".join(f'"{a}" {_number(p)}' for a, p in zip(tree.actions_at(v), tree.chance_probabilities(v)))
            lines.append(f'c "" {chance_number} "" {{ {moves} }} 0')
        else:
            h = int(tree.node_infoset[v])
            info = tree.infosets[h]
            actions = " ".join(f'"{a}"' for a in info.actions)
            lines.append(f'p "" {kind + 1} {info.number} "" {{ {actions} }} 0')
    return "\n".join(lines) + "\n"


def to_gambit(tree):
    import pygambit as gbt

    return gbt.read_efg(io.StringIO(to_efg(tree)))


def gambit_infosets(game, tree):
    """pygambit's information sets in the order of ``tree``'s (grouped by player, by number)."""
    result = []
    for i in range(tree.n_players):
        player = list(game.players)[i]
        for h in tree.player_infosets(i):
            result.append(list(player.infosets)[tree.infosets[h].number - 1])
    return result


def gambit_profile(game, tree, flat, *, rational: bool = True):
    """Our flat behaviour profile as a pygambit MixedBehaviorProfile."""
    import pygambit as gbt

    profile = game.mixed_behavior_profile(rational=rational)
    offsets = tree.action_offsets
    for h, infoset in enumerate(gambit_infosets(game, tree)):
        for a, action in enumerate(infoset.actions):
            value = flat[int(offsets[h]) + a]
            profile[action] = gbt.Rational(value.numerator, value.denominator) if rational else float(value)
    return profile


def from_gambit(game, tree, profile) -> np.ndarray:
    """A pygambit behaviour profile as our flat profile (Fractions when rational)."""
    offsets = tree.action_offsets
    flat = np.empty(int(offsets[-1]), dtype=object)
    for h, infoset in enumerate(gambit_infosets(game, tree)):
        for a, action in enumerate(infoset.actions):
            value = profile[action]
            flat[int(offsets[h]) + a] = Fraction(str(value)) if not isinstance(value, float) else value
    return flat


def gambit_game_from_efg(tree):
    """The tree in pygambit, read from the library's own .efg text (:func:`gametheory.io.efg.format_efg`).

    pygambit wants unique node labels, and a tree model's outcome may end
    several plays (each terminal is labelled by its outcome's name), so each
    terminal's label gets its position appended.
    """
    import itertools
    import re

    import pygambit as gbt

    from gametheory.io.efg import format_efg

    count = itertools.count()
    text = re.sub(r'^t "([^"]*)"', lambda m: f't "{m.group(1)}#{next(count)}"', format_efg(tree), flags=re.M)
    return gbt.read_efg(io.StringIO(text))


def assert_gambit_certifies(game, tree, equilibrium):
    """pygambit's own computation certifies ``equilibrium`` of ``tree`` (``game``: :func:`gambit_game_from_efg`).

    The behaviour profile is entered at each information set of pygambit's
    game found through the set's first node (in depth-first order); its
    regret must be exactly 0 and its payoffs ours. Returns the profile.
    """
    import pygambit as gbt

    nodes = list(game.nodes)
    profile = game.mixed_behavior_profile(rational=True)
    for h, info in enumerate(tree.infosets):
        infoset = nodes[int(tree.preorder_rank[info.nodes[0]])].infoset
        for a, action in enumerate(infoset.actions):
            profile[action] = gbt.Rational(str(equilibrium.behavior[tree.action_offsets[h] + a]))
    assert Fraction(str(profile.max_regret())) == 0
    assert [Fraction(str(profile.payoff(p))) for p in game.players] == list(equilibrium.payoffs)
    return profile
