"""Renderings of a game tree: indented text, a matplotlib figure, TikZ.

All three can mark an equilibrium: the actions it plays (with their
probabilities when mixed) and the path of play (moves reached with positive
probability), drawn bold in the figure and TikZ. Information sets with
several nodes are joined by dashed lines, as in textbook figures.

The text rendering walks the tree with an explicit stack, so deep trees
render without recursion; figures are for trees a reader can see (at most
:data:`MAX_DRAWN_NODES` nodes).
"""

from __future__ import annotations

import numpy as np

from ...numerics import format_value
from .tree import CHANCE, TERMINAL, GameTree

__all__ = ["tree_text", "tree_tikz", "tree_figure", "layout", "short_node_name", "MAX_DRAWN_NODES"]

#: Largest tree drawn as a figure or in TikZ.
MAX_DRAWN_NODES = 2000

#: Moves a :func:`short_node_name` shows at most (the last ones, nearest the node).
_NAME_MOVES = 3

#: Longest label (node label or action) a :func:`short_node_name` shows whole.
_NAME_LABEL_CHARS = 32


def _clip(text: str, limit: int = _NAME_LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def short_node_name(tree: GameTree, node: int) -> str:
    """A readable name of ``node`` of bounded length, for text output and messages.

    The node's label when it has one; ``"root"`` at the root; otherwise the
    moves that reach it (``"after Attack, Defend"``). Past
    three moves only the last three are named, with the depth (the number of
    moves from the root), so names of nodes deep in long trees stay short and
    cost no walk to the root. Labels and actions longer than 32 characters are
    cut with ``...``; a name is at most about 130 characters.

    Unlike :meth:`GameTree.node_name` (the full path), two deep nodes may get
    the same name; use it where a reader needs an orientation, not a key.

    Parameters
    ----------
    tree : GameTree
    node : int
        A node index (level order).

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If ``node`` is not a node of ``tree``.

    Examples
    --------
    >>> from gametheory.games.extensive import build_tree, decision, terminal
    >>> entry = build_tree(decision("Challenger", {
    ...     "Attack": decision("Defender", {"Defend": terminal(-1, -1), "Yield": terminal(1, 0)}),
    ...     "Refrain": terminal(0, 1)}))
    >>> [short_node_name(entry, v) for v in range(entry.n_nodes)]
    ['root', 'after Attack', 'after Refrain', 'after Attack, Defend', 'after Attack, Yield']

    A centipede 60 moves long: the deepest node by its last moves and depth.

    >>> node = terminal(1, 1)
    >>> for k in range(60):
    ...     node = decision(f"P{k % 2 + 1}", {"stop": terminal(k, 0), "go": node})
    >>> centipede = build_tree(node)
    >>> short_node_name(centipede, centipede.n_nodes - 1)
    'after ..., go, go, go (depth 60)'
    >>> short_node_name(centipede, 1), short_node_name(centipede, 3)
    ('after stop', 'after go, stop')
    """
    node = tree._node(node)
    labels = tree.node_labels
    if labels is not None and labels[node]:
        return _clip(labels[node], 2 * _NAME_LABEL_CHARS)
    if node == 0:
        return "root"
    parent, first_child = tree.parent, tree.first_child
    moves = []
    v = node
    while v > 0 and len(moves) <= _NAME_MOVES:
        p = int(parent[v])
        moves.append(_clip(tree.actions_at(p)[v - int(first_child[p])]))
        v = p
    if v == 0 and len(moves) <= _NAME_MOVES:
        return "after " + ", ".join(reversed(moves))
    depth = int(tree.depth[node])
    return "after ..., " + ", ".join(reversed(moves[:_NAME_MOVES])) + f" (depth {depth})"


def _equilibrium_arrays(tree: GameTree, equilibrium):
    """(behaviour per edge into each node, reach per node) of an equilibrium, or (None, None)."""
    if equilibrium is None:
        return None, None
    from .conversions import check_behavior, edge_probabilities

    behavior = getattr(equilibrium, "behavior", equilibrium)
    flat = check_behavior(tree, behavior)
    edge = edge_probabilities(tree, flat)
    reach = edge.copy()
    for start, end in tree.levels[1:]:
        reach[start:end] = reach[tree.parent[start:end]] * edge[start:end]
    return edge, reach


def _describe_node(tree: GameTree, v: int, digits: int) -> str:
    kind = int(tree.node_player[v])
    label = tree.node_labels[v] if tree.node_labels is not None and tree.node_labels[v] else ""
    if kind == TERMINAL:
        text = "(" + ", ".join(_value(x, digits) for x in tree.payoff_matrix[v].tolist()) + ")"
    elif kind == CHANCE:
        text = "Chance"
    else:
        h = int(tree.node_infoset[v])
        info = tree.infosets[h] if len(tree._infoset_nodes()[h]) > 1 or tree.infoset_labels[h] else None
        text = tree.players[kind] + (f" [{info.label or '#' + str(info.number)}]" if info is not None else "")
    return f"{label}: {text}" if label else text


def _value(x, digits) -> str:
    if hasattr(x, "free_symbols") and x.free_symbols:
        return str(x)
    return format_value(x, digits=digits)


def tree_text(tree: GameTree, equilibrium=None, *, digits: int = 4) -> str:
    """Indented text of ``tree``, one line per node, the root first.

    With an ``equilibrium`` (a :class:`~.equilibrium.TreeEquilibrium` or a
    behaviour profile), each move it plays with positive probability is
    marked ``*`` (with the probability if mixed) and ``=>`` marks moves on the
    path of play.

    Examples
    --------
    >>> from gametheory.games.extensive import build_tree, decision, terminal
    >>> tree = build_tree(decision("Challenger", {
    ...     "Attack": decision("Defender", {"Defend": terminal(-1, -1), "Yield": terminal(1, 0)}),
    ...     "Refrain": terminal(0, 1)}), title="Entry")
    >>> print(tree_text(tree, [[[1, 0]], [[0, 1]]]))
    Entry
    Challenger
    |=> Attack *: Defender
    |   |-- Defend: (-1, -1)
    |   `=> Yield *: (1, 0)
    `-- Refrain: (0, 1)
    """
    edge, reach = _equilibrium_arrays(tree, equilibrium)
    lines = [tree.title] if tree.title else []
    lines.append(_describe_node(tree, 0, digits))
    stack = [(c, "", c == int(tree.first_child[0] + tree.n_children[0] - 1)) for c in reversed(tree.children(0))]
    while stack:
        v, prefix, is_last = stack.pop()
        p = int(tree.parent[v])
        action = tree.actions_at(p)[v - int(tree.first_child[p])]
        extra = ""
        if tree.node_player[p] == CHANCE:
            extra = f" ({_value(tree.move_probabilities[v], digits)})"
        elif edge is not None and edge[v] != 0:
            extra = " *" if edge[v] == 1 else f" * {_value(edge[v], digits)}"
        on_path = reach is not None and reach[v] != 0
        branch = ("`" if is_last else "|") + ("=> " if on_path else "-- ")
        lines.append(f"{prefix}{branch}{action}{extra}: {_describe_node(tree, v, digits)}")
        child_prefix = prefix + ("    " if is_last else "|   ")
        kids = list(tree.children(v))
        for k, c in enumerate(reversed(kids)):
            stack.append((c, child_prefix, k == 0))
    return "\n".join(lines)


def layout(tree: GameTree) -> np.ndarray:
    """``(n_nodes, 2)`` coordinates: leaves evenly spaced left to right, parents centred above their children."""
    if tree.n_nodes > MAX_DRAWN_NODES:
        raise ValueError(f"the tree has {tree.n_nodes} nodes; figures are drawn for at most {MAX_DRAWN_NODES}")
    xy = np.zeros((tree.n_nodes, 2))
    terminals = tree.terminals
    xy[terminals, 0] = np.arange(len(terminals), dtype=float)
    for start, end in reversed(tree.levels):
        for v in range(start, end):
            kids = tree.children(v)
            if len(kids):
                xy[v, 0] = (xy[kids[0], 0] + xy[kids[-1], 0]) / 2
    xy[:, 1] = -tree.depth.astype(float) * 1.5
    return xy


#: Closest a dashed information-set link may pass to a node it does not join (in layout units).
_CLEARANCE = 0.2

#: How far below the straight line a detour dips, tried in turn (a level is 1.5 layout units deep).
_DETOURS = (0.35, 0.55, 0.95, 1.2)


def _clear(xs, ys, xy, members, others) -> bool:
    points = np.stack([xs, ys], axis=1)
    for v in others:
        if v in members:
            continue
        if np.min(np.hypot(points[:, 0] - xy[v, 0], points[:, 1] - xy[v, 1])) < _CLEARANCE:
            return False
    return True


def infoset_links(tree: GameTree, xy: np.ndarray) -> list:
    """Links ``(a, b, xs, ys)`` joining neighbouring nodes ``a``, ``b`` of each information set, around other nodes.

    Two neighbouring nodes of a set are joined straight when no other node
    lies within :data:`_CLEARANCE` of the segment; otherwise by a curve that
    dips below the line (deeper tracks for curves whose spans overlap, so two
    interleaved sets stay apart), the shallowest that clears every node.
    """
    links = []
    tracks: list[tuple[float, float, float]] = []  # (left, right, dip) of the detours drawn so far
    every = range(tree.n_nodes)
    t = np.linspace(0.0, 1.0, 61)
    bump = 1.0 - np.abs(1.0 - 2.0 * t) ** 3
    for nodes in tree._infoset_nodes():
        if len(nodes) < 2:
            continue
        members = set(nodes.tolist())
        ordered = sorted(members, key=lambda v: xy[v, 0])
        for a, b in zip(ordered, ordered[1:]):
            xs = xy[a, 0] + (xy[b, 0] - xy[a, 0]) * t
            base = xy[a, 1] + (xy[b, 1] - xy[a, 1]) * t
            if _clear(xs, base, xy, members, every):
                links.append((a, b, [xy[a, 0], xy[b, 0]], [xy[a, 1], xy[b, 1]]))
                continue
            left, right = xy[a, 0], xy[b, 0]
            chosen = None
            for dip in _DETOURS:
                if any(dip == d and lo < right and left < hi for lo, hi, d in tracks):
                    continue
                ys = base - dip * bump
                if _clear(xs, ys, xy, members, every):
                    chosen = (dip, ys)
                    break
            dip, ys = chosen if chosen is not None else (_DETOURS[0], base - _DETOURS[0] * bump)
            tracks.append((left, right, dip))
            links.append((a, b, xs.tolist(), ys.tolist()))
    return links


def tree_figure(tree: GameTree, equilibrium=None, *, ax=None, digits: int = 3, title: str | None = None):
    """A matplotlib figure of the tree; an equilibrium's path of play is drawn bold.

    Information sets with several nodes are joined by dashed lines, curved
    below the row where a straight line would pass over another node
    (:func:`infoset_links`). Returns the :class:`matplotlib.figure.Figure`.
    """
    import matplotlib

    if ax is None:
        import matplotlib.pyplot as plt

        width = max(4.0, 1.1 * len(tree.terminals) + 1)
        height = max(3.0, 1.3 * len(tree.levels) + 0.5)
        fig, ax = plt.subplots(figsize=(min(width, 30), min(height, 30)))
    else:
        fig = ax.figure
    xy = layout(tree)
    edge, reach = _equilibrium_arrays(tree, equilibrium)
    for v in range(1, tree.n_nodes):
        p = int(tree.parent[v])
        bold = reach is not None and reach[v] != 0
        ax.plot([xy[p, 0], xy[v, 0]], [xy[p, 1], xy[v, 1]], color="black" if bold else "0.45",
                linewidth=3.0 if bold else 1.0, zorder=1)
        label = tree.actions_at(p)[v - int(tree.first_child[p])]
        if tree.node_player[p] == CHANCE:
            label += f" ({_value(tree.move_probabilities[v], digits)})"
        elif edge is not None and edge[v] != 0 and edge[v] != 1:
            label += f" [{_value(edge[v], digits)}]"
        mid = (xy[p] + xy[v]) / 2
        ax.text(mid[0] + (0.08 if xy[v, 0] >= xy[p, 0] else -0.08), mid[1], label, fontsize=9,
                ha="left" if xy[v, 0] >= xy[p, 0] else "right", va="center",
                fontweight="bold" if bold else "normal")
    for v in range(tree.n_nodes):
        kind = int(tree.node_player[v])
        if kind == TERMINAL:
            ax.plot(*xy[v], marker="o", markersize=4, color="black", zorder=2)
            ax.text(xy[v, 0], xy[v, 1] - 0.3, "(" + ", ".join(_value(x, digits) for x in tree.payoff_matrix[v].tolist()) + ")",
                    ha="center", va="top", fontsize=9)
        else:
            face = "white" if kind == CHANCE else "black"
            ax.plot(*xy[v], marker="o", markersize=8, markerfacecolor=face, markeredgecolor="black", zorder=3)
            ax.text(xy[v, 0], xy[v, 1] + 0.25, "Chance" if kind == CHANCE else tree.players[kind], ha="center",
                    va="bottom", fontsize=10, zorder=4, bbox=dict(facecolor="white", edgecolor="none", pad=1))
    for _, _, xs, ys in infoset_links(tree, xy):
        ax.plot(xs, ys, linestyle="--", color="tab:blue", linewidth=1.2, zorder=0)
    ax.set_axis_off()
    ax.margins(0.15)
    shown = tree.title if title is None else title
    if shown:
        ax.set_title(shown)
    return fig


def _tex(text: str) -> str:
    for a, b in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"), ("#", r"\#"), ("_", r"\_"),
                 ("{", r"\{"), ("}", r"\}"), ("~", r"\textasciitilde{}"), ("^", r"\textasciicircum{}")):
        text = text.replace(a, b)
    return text


def tree_tikz(tree: GameTree, equilibrium=None, *, digits: int = 3, scale: float = 1.0) -> str:
    """A TikZ picture of the tree (``\\begin{tikzpicture} ... \\end{tikzpicture}``).

    Needs only TikZ itself. Players label the decision nodes, payoffs the
    terminal nodes, actions the edges; an equilibrium's path of play is
    drawn ``very thick``; information sets are dashed.

    Examples
    --------
    >>> from gametheory.games.extensive import build_tree, decision, terminal
    >>> tree = build_tree(decision("A", {"x": terminal(1, 0), "y": terminal(0, 1)}))
    >>> print(tree_tikz(tree, [[[1, 0]], []]))
    \\begin{tikzpicture}[scale=1.0, every node/.style={font=\\small}]
    \\node[circle, fill, inner sep=1.5pt, label=above:{A}] (n0) at (0.5, 0) {};
    \\node[circle, fill, inner sep=0.8pt, label=below:{$(1, 0)$}] (n1) at (0, -1.5) {};
    \\node[circle, fill, inner sep=0.8pt, label=below:{$(0, 1)$}] (n2) at (1, -1.5) {};
    \\draw[very thick] (n0) -- node[left] {x} (n1);
    \\draw (n0) -- node[right] {y} (n2);
    \\end{tikzpicture}
    """
    xy = layout(tree)
    edge, reach = _equilibrium_arrays(tree, equilibrium)

    def coordinate(value: float) -> str:
        return format(round(float(value), 3) + 0.0, "g")

    lines = [rf"\begin{{tikzpicture}}[scale={scale}, every node/.style={{font=\small}}]"]
    for v in range(tree.n_nodes):
        kind = int(tree.node_player[v])
        where = f"({coordinate(xy[v, 0])}, {coordinate(xy[v, 1])})"
        if kind == TERMINAL:
            payoffs = ", ".join(_value(x, digits) for x in tree.payoff_matrix[v].tolist())
            style = f"circle, fill, inner sep=0.8pt, label=below:{{${_tex(f'({payoffs})')}$}}"
        elif kind == CHANCE:
            style = "circle, draw, inner sep=1.5pt, label=above:{Chance}"
        else:
            style = f"circle, fill, inner sep=1.5pt, label=above:{{{_tex(tree.players[kind])}}}"
        lines.append(rf"\node[{style}] (n{v}) at {where} {{}};")
    for v in range(1, tree.n_nodes):
        p = int(tree.parent[v])
        label = _tex(tree.actions_at(p)[v - int(tree.first_child[p])])
        if tree.node_player[p] == CHANCE:
            label += f" (${_tex(_value(tree.move_probabilities[v], digits))}$)"
        elif edge is not None and edge[v] != 0 and edge[v] != 1:
            label += f" [${_tex(_value(edge[v], digits))}$]"
        side = "left" if xy[v, 0] < xy[p, 0] else "right"
        style = "[very thick]" if reach is not None and reach[v] != 0 else ""
        lines.append(rf"\draw{style} (n{p}) -- node[{side}] {{{label}}} (n{v});")
    for a, b, xs, ys in infoset_links(tree, xy):
        if len(xs) == 2:
            lines.append(rf"\draw[dashed] (n{a}) -- (n{b});")
        else:
            # The figure's detour around other nodes, every fifth sample.
            points = " ".join(f"({coordinate(x)}, {coordinate(y)})" for x, y in list(zip(xs, ys))[::5])
            lines.append(rf"\draw[dashed] plot[smooth] coordinates {{{points}}};")
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)
