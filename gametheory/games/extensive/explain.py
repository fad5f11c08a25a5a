"""Backward induction explained step by step, as a teacher writes it on the board.

The last moves are solved first: at each node, in the order a reader works
through the figure (children left to right before their parent), the text
lists the mover's options with what each is worth to them (the payoffs of a
terminal node or the value found for the subtree in an earlier step), the
choice, and why. Chance nodes are averaged. Ties are named: each best option
gives its own subgame-perfect equilibrium, and the steps follow the first.

The walk is a plain loop over nodes (independent of the vectorised solver in
:mod:`gametheory.solvers.backward_induction`, which the tests compare it
with). The function returns text; nothing is printed.
"""

from __future__ import annotations

from fractions import Fraction

from ...numerics import format_value
from .tree import CHANCE, TERMINAL, GameTree

__all__ = ["explain_backward_induction", "MAX_EXPLAINED_NODES"]

#: Largest tree explained step by step.
MAX_EXPLAINED_NODES = 500


def _vector(values, digits) -> str:
    return "(" + ", ".join(format_value(v, digits=digits) for v in values) + ")"


def explain_backward_induction(tree: GameTree, *, digits: int = 4) -> str:
    """Backward induction on a perfect-information tree, step by step.

    Parameters
    ----------
    tree : GameTree
        Perfect information, numeric payoffs, at most
        :data:`MAX_EXPLAINED_NODES` nodes.
    digits : int
        Significant digits of float values.

    Returns
    -------
    str

    Examples
    --------
    >>> from gametheory.games.extensive import build_tree, decision, terminal
    >>> tree = build_tree(decision("Challenger", {
    ...     "Attack": decision("Defender", {"Defend": terminal(-1, -1), "Yield": terminal(1, 0)}),
    ...     "Refrain": terminal(0, 1)}), title="Entry")
    >>> print(explain_backward_induction(tree))
    Backward induction on "Entry": solve the last moves first, then work up to the root.
    <BLANKLINE>
    Step 1. Defender moves after Attack.
      Defend gives Defender -1 (payoffs (-1, -1)).
      Yield gives Defender 0 (payoffs (1, 0)).
      Defender chooses Yield, because 0 > -1.
      The node after Attack is worth (1, 0).
    Step 2. Challenger moves at the root.
      Attack gives Challenger 1 (Defender's choice, step 1).
      Refrain gives Challenger 0 (payoffs (0, 1)).
      Challenger chooses Attack, because 1 > 0.
      The root is worth (1, 0).
    <BLANKLINE>
    Subgame-perfect equilibrium: Challenger plays Attack; Defender plays Yield (after Attack).
    Path of play: Attack, Yield. Payoffs (1, 0).
    """
    if not isinstance(tree, GameTree):
        raise TypeError(f"expected a GameTree, got {type(tree).__name__}")
    if tree.is_symbolic:
        raise ValueError(f"the tree has symbolic payoffs (parameters {list(tree.parameters)}): substitute values first")
    if not tree.is_perfect_information:
        raise ValueError("step-by-step backward induction needs perfect information (every information set a single "
                         "node); this tree is solved by subgame decomposition instead")
    if tree.n_nodes > MAX_EXPLAINED_NODES:
        raise ValueError(f"the tree has {tree.n_nodes} nodes; step-by-step explanations are written for at most "
                         f"{MAX_EXPLAINED_NODES}")
    exact = tree.is_exact
    # Post-order: children left to right, then the parent.
    postorder, stack = [], [(0, False)]
    while stack:
        v, done = stack.pop()
        if done:
            postorder.append(v)
            continue
        stack.append((v, True))
        stack.extend((c, False) for c in reversed(tree.children(v)))
    value: dict[int, tuple] = {}
    step_of: dict[int, int] = {}
    choice: dict[int, int] = {}
    where = {v: ("at the root" if v == 0 else tree.node_name(v)) for v in postorder}
    title = f' on "{tree.title}"' if tree.title else ""
    lines = [f"Backward induction{title}: solve the last moves first, then work up to the root.", ""]
    ties = 0
    step = 0
    for v in postorder:
        kind = int(tree.node_player[v])
        if kind == TERMINAL:
            value[v] = tuple(tree.payoff_matrix[v].tolist())
            continue
        step += 1
        step_of[v] = step
        kids = list(tree.children(v))
        actions = tree.actions_at(v)
        place = "at the root" if v == 0 else where[v]

        def source(c):
            if tree.node_player[c] == TERMINAL:
                return f"payoffs {_vector(value[c], digits)}"
            mover = "Chance" if tree.node_player[c] == CHANCE else tree.players[int(tree.node_player[c])]
            return f"{mover}'s {'move' if mover == 'Chance' else 'choice'}, step {step_of[c]}"

        if kind == CHANCE:
            probs = [tree.move_probabilities[c] for c in kids]
            lines.append(f"Step {step}. Chance moves {place}.")
            for a, c, p in zip(actions, kids, probs):
                lines.append(f"  {a} with probability {format_value(p, digits=digits)}: {_vector(value[c], digits)} "
                             f"({source(c)}).")
            zero = Fraction(0) if exact else 0.0
            value[v] = tuple(sum((p * value[c][i] for c, p in zip(kids, probs)), zero) for i in range(tree.n_players))
            lines.append(f"  Expected payoffs: {_vector(value[v], digits)}.")
            lines.append(f"  The {'root' if v == 0 else 'node ' + where[v]} is worth {_vector(value[v], digits)}.")
            continue
        name = tree.players[kind]
        lines.append(f"Step {step}. {name} moves {place}.")
        own = [value[c][kind] for c in kids]
        for a, c, x in zip(actions, kids, own):
            lines.append(f"  {a} gives {name} {format_value(x, digits=digits)} ({source(c)}).")
        best = max(own)
        tol = 0 if exact else 1e-9 * max(1.0, abs(float(best)))
        winners = [k for k, x in enumerate(own) if x >= best - tol]
        first = winners[0]
        choice[v] = first
        others = [k for k in range(len(kids)) if k not in winners]
        if len(winners) == 1:
            if others:
                runner = max(own[k] for k in others)
                lines.append(f"  {name} chooses {actions[first]}, because {format_value(best, digits=digits)} > "
                             f"{format_value(runner, digits=digits)}.")
            else:
                lines.append(f"  {name} has only {actions[first]}.")
        else:
            ties += 1
            tied = ", ".join(actions[k] for k in winners)
            lines.append(f"  {name} is indifferent between {tied} (each gives {format_value(best, digits=digits)}): "
                         f"each choice starts a different subgame-perfect equilibrium, and mixing among them gives "
                         f"more. These steps follow {actions[first]}.")
        value[v] = value[kids[first]]
        lines.append(f"  The {'root' if v == 0 else 'node ' + where[v]} is worth {_vector(value[v], digits)}.")
    # The equilibrium in words.
    lines.append("")
    parts = []
    for i, player in enumerate(tree.players):
        moves = []
        for h in tree.player_infosets(i):
            v = tree.infosets[h].nodes[0]
            moves.append(tree.infoset_actions[h][choice[v]] + ("" if v == 0 else f" ({where[v]})"))
        if moves:
            parts.append(f"{player} plays " + ", ".join(moves))
    lines.append(("One subgame-perfect equilibrium" if ties else "Subgame-perfect equilibrium") + ": " + "; ".join(parts) + ".")
    path, v = [], 0
    while tree.node_player[v] >= 0:
        c = int(tree.first_child[v]) + choice[v]
        path.append(tree.actions_at(v)[choice[v]])
        v = c
    if tree.node_player[v] == CHANCE:
        lines.append(f"Play then depends on chance. Expected payoffs {_vector(value[0], digits)}.")
    else:
        lines.append(f"Path of play: {', '.join(path) if path else 'no move'}. Payoffs {_vector(value[0], digits)}.")
    if ties:
        lines.append(f"There {'is' if ties == 1 else 'are'} {ties} tie{'s' if ties != 1 else ''}: "
                     "other choices at tied nodes give further subgame-perfect equilibria.")
    return "\n".join(lines)
