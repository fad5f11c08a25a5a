"""A tree model's equilibrium derived step by step, as a teacher writes it on the board.

Subgame perfection is worked out from the last moves up: at each decision
node, the mover's options, what each is worth to it given what happens
later, and its choice. A player who cannot tell some nodes apart (an
information set, such as a challenger that does not know the defender's
type) weighs them by their probabilities: the chance probabilities that lead
there, which is what it believes when no earlier move of another player could
have told it anything. Where earlier moves are signals (a signalling game),
beliefs depend on the strategies themselves; the derivation then lists the
perfect Bayesian equilibria with their beliefs instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import sympy

from .tree_conditions import _Tree

__all__ = ["explain_tree_model"]


def explain_tree_model(model, *, digits: int = 4, **values) -> str:
    """The derivation of a tree model's equilibria at ``values`` (defaults otherwise).

    Examples
    --------
    >>> from gametheory.model import load_model
    >>> text = explain_tree_model(load_model("extended_deterrence"), credibility=0)
    >>> print(text.splitlines()[-1])
    Deterrence fails: the play ends in concession_soft.
    """
    from ..numerics import format_value

    checked = model.values(**values)
    spec = model.tree_spec
    numbers = {name: sympy.nsimplify(v) for name, v in checked.items()}
    used = ", ".join(f"{name}={format_value(v, digits=digits)}" for name, v in checked.items())
    lines = [f"{model.title}", f"at {used}", ""]
    if model.solution_concept == "pbe":
        return "\n".join(lines + _pbe_lines(model, checked, digits))
    tree = _Tree(spec)
    lines.append("Subgame perfection: solve the last moves first, then work up to the first move. "
                 "Payoffs are listed as (" + ", ".join(spec.players) + ").")
    value_of: dict[str, tuple] = {}
    plan: dict[str, str] = {}

    def payoff(target: str) -> tuple:
        if target in value_of:
            return value_of[target]
        return tuple(sympy.nsimplify(e.xreplace({s: numbers[s.name] for s in e.free_symbols}))
                     for e in spec.outcome_map[target])

    def shown(vector) -> str:
        return "(" + ", ".join(format_value(_exact(v), digits=digits) for v in vector) + ")"

    order = _bottom_up(spec)
    members: dict[str, list[str]] = {}
    for name in order:
        if name in tree.infoset:
            members.setdefault(tree.infoset[name], []).append(name)
    done_sets: set[str] = set()  # nodes of information sets reached so far
    step = 0
    for name in order:
        node = spec.node_map[name]
        if node.player is None:
            value_of[name] = tuple(sum((p.xreplace({s: numbers[s.name] for s in p.free_symbols}) * payoff(t)[i]
                                        for _, t, p in node.moves), sympy.Integer(0)) for i in range(len(spec.players)))
            continue
        infoset = tree.infoset[name]
        nodes = members[infoset]
        if len(nodes) == 1:
            step += 1
            player = spec.players.index(node.player)
            options = [(a, payoff(t)) for a, t, _ in node.moves]
            best = max(v[player] for _, v in options)
            chosen = [a for a, v in options if v[player] == best]
            lines += ["", f"Step {step}. {node.player} moves at {name}."]
            lines += [f"  {a} gives {node.player} {format_value(_exact(v[player]), digits=digits)} (payoffs {shown(v)})."
                      for a, v in options]
            lines.append(_choice(node.player, chosen))
            plan[infoset] = chosen[0]
            value_of[name] = dict(options)[chosen[0]]
            continue
        done_sets.add(name)
        if not all(n in done_sets for n in nodes):
            continue  # weighed once every node of the set, and what follows each, is known
        weights = {n: _chance_weight(spec, n, numbers) for n in nodes}
        if any(w is None for w in weights.values()):
            lines += ["", f"{node.player} cannot tell {', '.join(nodes)} apart, and earlier moves of other players "
                          "lead there: its belief depends on their strategies. Solve this model by perfect Bayesian "
                          "equilibrium ('gametheory solve')."]
            return "\n".join(lines)
        total = sum(weights.values())
        step += 1
        player = spec.players.index(node.player)
        lines += ["", f"Step {step}. {node.player} moves without knowing which of {', '.join(nodes)} it is at; "
                      "it weighs them by the chance of each: "
                      + ", ".join(f"{n} {format_value(_exact(w / total), digits=digits)}" for n, w in weights.items())
                      + "."]
        worth = {}
        for a, _, _ in node.moves:
            parts = {n: payoff(dict((x, t) for x, t, _ in spec.node_map[n].moves)[a]) for n in nodes}
            worth[a] = sum(weights[n] / total * parts[n][player] for n in nodes)
            detail = " + ".join(f"{format_value(_exact(weights[n] / total), digits=digits)} x "
                                f"{format_value(_exact(parts[n][player]), digits=digits)}" for n in nodes)
            lines.append(f"  {a} gives {node.player} {detail} = {format_value(_exact(worth[a]), digits=digits)}.")
        best = max(worth.values())
        chosen = [a for a, v in worth.items() if v == best]
        lines.append(_choice(node.player, chosen))
        plan[infoset] = chosen[0]
        for n in nodes:
            value_of[n] = payoff(dict((x, t) for x, t, _ in spec.node_map[n].moves)[chosen[0]])
    reached = tree.path(plan)
    reached = {k: sympy.nsimplify(v.xreplace({s: numbers[s.name] for s in v.free_symbols})) for k, v in reached.items()}
    reached = {k: v for k, v in reached.items() if v != 0}
    lines += ["", "The equilibrium play: " + ", ".join(f"{k} with probability {format_value(_exact(v), digits=digits)}"
                                                   for k, v in reached.items()) + "."]
    lines.append(_verdict(model, reached))
    return "\n".join(lines)


def _choice(player: str, chosen: list[str]) -> str:
    if len(chosen) == 1:
        return f"  {player} chooses {chosen[0]}: it gives {player} the most."
    return (f"  {player} is indifferent between {', '.join(chosen)}: each is sequentially rational, so each gives a "
            f"subgame-perfect equilibrium (and so does any mix); we follow {chosen[0]}.")


def _verdict(model, reached: Mapping) -> str:
    for name, members in model.outcomes.items():
        if sum((reached.get(m, 0) for m in members), sympy.Integer(0)) == 1:
            return f"{name.replace('_', ' ').capitalize()}: the play ends in {' or '.join(m for m in members if m in reached)}."
    return "The play ends in " + " or ".join(reached) + "."


def _bottom_up(spec) -> list[str]:
    """Node names, every node after all the nodes below it."""
    order, stack = [], [spec.root]
    nodes = spec.node_map
    while stack:
        name = stack.pop()
        order.append(name)
        stack.extend(t for _, t, _ in nodes[name].moves if t in nodes)
    return list(reversed(order))


def _chance_weight(spec, name: str, numbers):
    """The probability that chance alone leads to ``name``; None when a player's move lies on the way."""
    nodes = spec.node_map
    parent = {t: (n, p) for n, node in nodes.items() for _, t, p in node.moves if t in nodes}
    weight = sympy.Integer(1)
    while name in parent:
        above, probability = parent[name]
        if nodes[above].player is not None:
            return None
        weight *= probability.xreplace({s: numbers[s.name] for s in probability.free_symbols})
        name = above
    return weight


def _exact(value):
    value = sympy.nsimplify(value)
    if value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    return float(value)


def _pbe_lines(model, checked, digits: int) -> list[str]:
    from ..solvers.tree_concepts import solve_tree_by_concept

    result = solve_tree_by_concept(model.tree(**checked), "pbe")
    lines = ["Perfect Bayesian equilibrium: a player who moves after a signal it cannot see through updates its belief "
             "by Bayes' rule where the other's strategy makes the signal possible; off the path, any belief that keeps "
             "its choice optimal sustains the equilibrium.", ""]
    lines.append(result.describe(digits=digits))
    return lines
