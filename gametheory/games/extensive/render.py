"""Renderings of a game tree: indented text, a matplotlib figure, TikZ.

All three can mark an equilibrium: the actions it plays (with their
probabilities when mixed) and the path of play (moves reached with positive
probability), drawn bold in the figure and TikZ. Information sets with
several nodes are joined by dashed lines, as in textbook figures.

The text rendering walks the tree with an explicit stack, so deep trees
render without recursion, and its size grows linearly with the tree (a
bounded indentation, at most :data:`MAX_TEXT_NODES` lines by default);
figures are for trees a reader can see (at most :data:`MAX_DRAWN_NODES`
nodes) and are sized so that no two texts overlap.
:func:`short_node_name` names a node in a few words for messages.
"""

from __future__ import annotations

import numpy as np

from ...latex import tex_escape
from ...numerics import format_value
from .tree import CHANCE, TERMINAL, GameTree

__all__ = ["tree_text", "tree_tikz", "tree_figure", "layout", "short_node_name", "MAX_DRAWN_NODES", "MAX_TEXT_NODES"]

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


#: Levels of indentation the text shows in full; deeper lines show a window of the last levels.
_INDENT_LEVELS = 16

#: Levels the text's indentation window moves by at a time.
_INDENT_STEP = 8

#: Nodes the text shows by default; the rest are counted in a closing note.
MAX_TEXT_NODES = 5000


def tree_text(tree: GameTree, equilibrium=None, *, digits: int = 4, max_nodes: int | None = MAX_TEXT_NODES) -> str:
    """Indented text of ``tree``, one line per node, the root first (depth first).

    With an ``equilibrium`` (a :class:`~.equilibrium.TreeEquilibrium` or a
    behaviour profile), each move it plays with positive probability is
    marked ``*`` (with the probability if mixed) and ``=>`` marks moves on the
    path of play.

    The text grows linearly with the tree. Indentation shows at most
    16 levels: a line deeper than that starts with ``[+k]``, the number of
    levels not drawn to its left (the window moves 8 levels at a time, so
    neighbouring lines keep their relative indentation). Past ``max_nodes``
    lines (None: no limit) a last line says how many nodes are left out.

    Parameters
    ----------
    tree : GameTree
    equilibrium : TreeEquilibrium or behaviour profile, optional
    digits : int
        Significant digits of float payoffs and probabilities.
    max_nodes : int or None
        Most nodes shown (default :data:`MAX_TEXT_NODES`).

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

    A centipede 40 moves long, its first 5 nodes and its deepest lines:

    >>> node = terminal(40, 40)
    >>> for k in range(40):
    ...     node = decision(f"P{k % 2 + 1}", {"take": terminal(k, 0), "go": node})
    >>> centipede = build_tree(node)
    >>> print(tree_text(centipede, max_nodes=5))
    P2
    |-- take: (39, 0)
    `-- go: P1
        |-- take: (38, 0)
        `-- go: P2
    ... 76 more nodes not shown (81 in all; max_nodes=5)
    >>> print("\\n".join(tree_text(centipede).splitlines()[-3:]))
    [+24]                                                         `-- go: P1
    [+24]                                                             |-- take: (0, 0)
    [+24]                                                             `-- go: (40, 40)
    """
    if max_nodes is not None and (not isinstance(max_nodes, int) or isinstance(max_nodes, bool) or max_nodes < 1):
        raise ValueError(f"max_nodes must be a positive integer or None, got {max_nodes!r}")
    edge, reach = _equilibrium_arrays(tree, equilibrium)
    lines = [tree.title] if tree.title else []
    lines.append(_describe_node(tree, 0, digits))
    deepest = int(tree.depth.max())
    # "[+k]" padded to the widest k, so that lines deeper than the window keep their columns.
    margin = len(f"[+{deepest}] ")
    segments: list[str] = []  # one "|   " or "    " per ancestor below the root, of the line last written
    first_child, n_children = tree.first_child, tree.n_children
    stack = [(c, 1, c == int(first_child[0] + n_children[0] - 1)) for c in reversed(tree.children(0))]
    shown = 1
    while stack:
        if max_nodes is not None and shown >= max_nodes:
            break
        v, depth, is_last = stack.pop()
        del segments[depth - 1:]
        p = int(tree.parent[v])
        action = tree.actions_at(p)[v - int(first_child[p])]
        extra = ""
        if tree.node_player[p] == CHANCE:
            extra = f" ({_value(tree.move_probabilities[v], digits)})"
        elif edge is not None and edge[v] != 0:
            extra = " *" if edge[v] == 1 else f" * {_value(edge[v], digits)}"
        on_path = reach is not None and reach[v] != 0
        branch = ("`" if is_last else "|") + ("=> " if on_path else "-- ")
        hidden = 0 if len(segments) <= _INDENT_LEVELS else (
            (len(segments) - _INDENT_LEVELS - 1) // _INDENT_STEP + 1) * _INDENT_STEP
        prefix = f"[+{hidden}]".ljust(margin) + "".join(segments[hidden:]) if hidden else "".join(segments)
        lines.append(f"{prefix}{branch}{action}{extra}: {_describe_node(tree, v, digits)}")
        shown += 1
        segments.append("    " if is_last else "|   ")
        start, count = int(first_child[v]), int(n_children[v])
        for c in range(start + count - 1, start - 1, -1):
            stack.append((c, depth + 1, c == start + count - 1))
    if shown < tree.n_nodes:
        lines.append(f"... {tree.n_nodes - shown} more nodes not shown ({tree.n_nodes} in all; max_nodes={max_nodes})")
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


#: Edge labels longer than this many characters wrap onto several lines in figures and TikZ.
_WRAP = 16

#: Figure geometry, in inches: gap between a label and the edge it sits beside, least gap between
#: neighbouring texts, least width per layout unit (one leaf to the next), height per level, largest side.
_OFFSET, _GAP, _MIN_UNIT, _LEVEL, _MAX_SIZE = 0.05, 0.1, 1.0, 1.3, 30.0

#: How far (inches) a label beside its edge is lifted above the edge's middle.
_LIFT = 0.045

#: Font sizes (points) of edge labels and payoffs, and of the players' names; the least size a figure
#: grows past 30 inches (up to 100) to keep.
_FONT, _NAME_FONT, _SMALLEST_FONT, _LARGEST_SIZE = 9.0, 10.0, 5.0, 100.0


def _edge_text(tree: GameTree, v: int, edge, digits: int) -> str:
    """The label of the edge into ``v``: the action, with its probability at chance nodes or when mixed."""
    p = int(tree.parent[v])
    label = tree.actions_at(p)[v - int(tree.first_child[p])]
    if tree.node_player[p] == CHANCE:
        label += f" ({_value(tree.move_probabilities[v], digits)})"
    elif edge is not None and edge[v] != 0 and edge[v] != 1:
        label += f" [{_value(edge[v], digits)}]"
    return label


def _payoff_text(tree: GameTree, v: int, digits: int) -> str:
    return "(" + ", ".join(_value(x, digits) for x in tree.payoff_matrix[v].tolist()) + ")"


def _wrap(text: str) -> list[str]:
    """``text`` in lines of about :data:`_WRAP` characters (at most three lines, longer ones for long texts)."""
    if len(text) <= _WRAP:
        return [text]
    import textwrap

    width = max(_WRAP, -(-len(text) // 3))
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [text]


def _edge_sides(tree: GameTree) -> np.ndarray:
    """Where the label of the edge into each node goes: ``-1`` above left of the edge, ``1`` above right, ``0`` on it.

    The outermost edges of a node with several children carry their labels
    outside, above their middle (where the edge slants away from the label);
    every edge between them (and a lone edge) carries its label on itself,
    over a white background.
    """
    side = np.zeros(tree.n_nodes, dtype=np.int8)
    fork = np.flatnonzero(tree.n_children >= 2)
    side[tree.first_child[fork]] = -1
    side[tree.first_child[fork] + tree.n_children[fork] - 1] = 1
    return side


#: Where along its edge (from the parent) a label on the edge sits: above the middle, clear of the child's name.
#: Single-line labels on neighbouring edges of one node alternate between the two staggered places.
_ON_EDGE, _STAGGER = 0.45, (0.4, 0.58)


def _label_places(tree: GameTree, multiline: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Side, place along the edge and rows of the label of the edge into each node.

    Side as :func:`_edge_sides`; the place is the fraction of the edge from
    the parent (0.5 beside an edge, :data:`_ON_EDGE` on it). When a node has
    several edges between its outermost two and all their labels fit on one
    line, those labels alternate between the two places of :data:`_STAGGER`,
    so that neighbours sit at different heights and need half the width.
    The rows say at which of the two heights of an edge's labels a label
    lies: 1 the upper, 2 the lower, 3 both (a label on its edge, not
    staggered, spans both).
    """
    side = _edge_sides(tree)
    place = np.where(side == 0, _ON_EDGE, 0.5)
    rows = np.where(side == 0, 3, 1).astype(np.int8)
    for p in np.flatnonzero(tree.n_children >= 4):
        inner = np.arange(int(tree.first_child[p]) + 1, int(tree.first_child[p] + tree.n_children[p]) - 1)
        if not multiline[inner].any():
            place[inner[0::2]], place[inner[1::2]] = _STAGGER
            rows[inner[0::2]], rows[inner[1::2]] = 1, 2
    return side, place, rows


def _rows(tree: GameTree, xy: np.ndarray, widths: np.ndarray, heights: np.ndarray, places: tuple, offset: float,
          unit: float, level: float) -> list:
    """Horizontal extents ``(x, lo, hi)`` of the texts that may share a height, left to right, for each such row.

    Each level gives up to three rows: the names above its nodes; the
    payoffs below its terminal nodes together with the upper labels of the
    edges from it (a label above an edge's middle can reach up to the
    payoffs' height); the lower labels of those edges (see
    :func:`_label_places`, which gives ``places``). ``x`` is each text's
    anchor in layout units; ``lo`` and ``hi`` its extent from the anchor in
    drawing length (inches, centimetres), from ``widths[k, v]`` (``k`` 0 for
    the label of the edge into ``v``, 1 for names, 2 for payoffs) and the
    ``offset`` of labels beside their edge. An edge with its label beside it
    also claims the room it slants over within the height of the labels on
    edges in its row (``heights``), at ``unit`` drawing length per layout
    unit and ``level`` per level, so that a wide label on an edge never hides
    a neighbouring edge.
    """
    side, place, label_rows = places
    parent_x = xy[np.maximum(tree.parent, 0), 0]
    anchor = parent_x + place * (xy[:, 0] - parent_x)
    decision = tree.node_player != TERMINAL
    rows = []
    for depth, (start, end) in enumerate(tree.levels):
        nodes = np.arange(start, end)
        named, paid = nodes[decision[nodes]], nodes[~decision[nodes]]
        if len(named):
            rows.append((xy[named, 0], -widths[1, named] / 2, widths[1, named] / 2))
        upper = [(xy[paid, 0], -widths[2, paid] / 2, widths[2, paid] / 2)]
        lower = []
        if depth + 1 < len(tree.levels):
            below = np.arange(*tree.levels[depth + 1])
            width, where = widths[0, below], side[below]
            on_edge = where == 0
            # How far from the edges' middle the labels on edges reach, up or down.
            reach = np.abs(place[below][on_edge] - 0.5) * level + heights[below][on_edge] / 2
            slant = (reach.max() if len(reach) else 0.0) * np.abs(xy[below, 0] - parent_x[below]) * unit / level
            lo = np.where(where < 0, -offset - width, np.where(where > 0, -slant, -width / 2))
            hi = np.where(where < 0, slant, np.where(where > 0, offset + width, width / 2))
            for row, bit in ((upper, 1), (lower, 2)):
                chosen = (label_rows[below] & bit) != 0
                row.append((anchor[below][chosen], lo[chosen], hi[chosen]))
        for row in (upper, lower):
            if row:
                x, lo, hi = (np.concatenate(part) for part in zip(*row))
                order = np.argsort(x, kind="stable")
                if len(x):
                    rows.append((x[order], lo[order], hi[order]))
    return rows


def _unit(rows: list, gap: float) -> float:
    """Least drawing length per layout unit that keeps neighbouring texts of every row ``gap`` apart."""
    need = 0.0
    for x, lo, hi in rows:
        if len(x) > 1:
            need = max(need, float(np.max((hi[:-1] + gap - lo[1:]) / np.maximum(np.diff(x), 1e-12))))
    return need


def _fit(tree: GameTree, xy: np.ndarray, widths, heights, places: tuple, offset: float, gap: float, least: float,
         level: float) -> tuple[float, list]:
    """Drawing length per layout unit (at least ``least``) that keeps the texts apart, and the rows at it.

    The room an edge slants over grows with the unit, so the unit is found
    by a few rounds of fixed-point iteration (it only grows); where no unit
    can clear the slant of the edges (very wide multi-line labels), the
    texts themselves still stay apart.
    """
    def rows_at(unit):
        return _rows(tree, xy, widths, heights, places, offset, unit, level)

    unit = max(least, _unit(rows_at(0.0), gap))
    for _ in range(6):
        rows = rows_at(unit)
        need = _unit(rows, gap)
        if need <= unit * (1 + 1e-9):
            return unit, rows
        unit = min(need, 2 * unit)
    rows = rows_at(0.0)
    return max(least, _unit(rows, gap)), rows


def _extent(rows: list, xy: np.ndarray, unit: float) -> tuple[float, float]:
    """Leftmost and rightmost drawn point (texts and nodes), in drawing length from the leftmost node."""
    x0 = float(xy[:, 0].min())
    left, right = 0.0, (float(xy[:, 0].max()) - x0) * unit
    for x, lo, hi in rows:
        left = min(left, float(np.min((x - x0) * unit + lo)))
        right = max(right, float(np.max((x - x0) * unit + hi)))
    return left, right


def tree_figure(tree: GameTree, equilibrium=None, *, ax=None, digits: int = 3, title: str | None = None):
    """A matplotlib figure of the tree; an equilibrium's path of play is drawn bold.

    Edge labels sit at the middle of their edges: beside the outermost edges
    of a node (outside), on the edges between them (over a white
    background; one-line labels of neighbouring edges at alternating
    heights). Texts never overlap: the figure is made as wide as the
    longest labels need (labels past 16 characters wrap), and when that
    exceeds 30 inches, or the given ``ax`` is smaller, every text shrinks
    in proportion (a figure of its own grows up to 100 inches a side to
    keep texts at 5 points or more). Information sets with several nodes are joined by dashed
    lines, curved below the row where a straight line would pass over
    another node (:func:`infoset_links`). Returns the
    :class:`matplotlib.figure.Figure`.
    """
    from matplotlib.transforms import offset_copy

    xy = layout(tree)
    edge, reach = _equilibrium_arrays(tree, equilibrium)
    own = ax is None
    if own:
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6.0, 4.0))
    else:
        fig = ax.figure
    n = tree.n_nodes
    labels = [""] + ["\n".join(_wrap(_edge_text(tree, v, edge, digits))) for v in range(1, n)]
    places = _label_places(tree, np.array(["\n" in label for label in labels]))
    side, place = places[0], places[1]
    texts = []  # (artist, kind, node): kind 0 edge label, 1 name, 2 payoff
    for v in range(1, n):
        p = int(tree.parent[v])
        bold = reach is not None and reach[v] != 0
        ax.plot([xy[p, 0], xy[v, 0]], [xy[p, 1], xy[v, 1]], color="black" if bold else "0.45",
                linewidth=3.0 if bold else 1.0, zorder=1)
        at = place[v]
        style = dict(fontsize=_FONT, fontweight="bold" if bold else "normal", zorder=4,
                     bbox=dict(facecolor="white", edgecolor="none", pad=1))
        if side[v]:
            style.update(ha="left" if side[v] > 0 else "right", va="bottom")
        else:
            style.update(ha="center", va="center")
        texts.append((ax.text(xy[p, 0] + at * (xy[v, 0] - xy[p, 0]), xy[p, 1] + at * (xy[v, 1] - xy[p, 1]),
                              labels[v], **style), 0, v))
    for v in range(n):
        kind = int(tree.node_player[v])
        if kind == TERMINAL:
            ax.plot(*xy[v], marker="o", markersize=4, color="black", zorder=2)
            texts.append((ax.text(xy[v, 0], xy[v, 1] - 0.3, _payoff_text(tree, v, digits), ha="center", va="top",
                                  fontsize=_FONT), 2, v))
        else:
            face = "white" if kind == CHANCE else "black"
            ax.plot(*xy[v], marker="o", markersize=8, markerfacecolor=face, markeredgecolor="black", zorder=3)
            texts.append((ax.text(xy[v, 0], xy[v, 1] + 0.25, "Chance" if kind == CHANCE else tree.players[kind],
                                  ha="center", va="bottom", fontsize=_NAME_FONT, zorder=4,
                                  bbox=dict(facecolor="white", edgecolor="none", pad=1)), 1, v))
    bottom = float(xy[:, 1].min()) - 0.9
    for _, _, xs, ys in infoset_links(tree, xy):
        ax.plot(xs, ys, linestyle="--", color="tab:blue", linewidth=1.2, zorder=0)
        bottom = min(bottom, min(ys) - 0.2)

    # Measure every text (inches; a white background adds its padding on both sides).
    renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else fig._get_renderer()
    widths, heights = np.zeros((3, n)), np.zeros(n)
    measured: dict = {}
    for artist, kind, v in texts:
        key = (artist.get_text(), artist.get_fontweight(), artist.get_fontsize())
        if key not in measured:
            box = artist.get_window_extent(renderer)
            measured[key] = (box.width / fig.dpi, box.height / fig.dpi)
        pad = 2 / 72 if artist.get_bbox_patch() is not None else 0.0
        widths[kind, v] = measured[key][0] + pad
        if kind == 0:
            heights[v] = measured[key][1] + pad
    unit, rows = _fit(tree, xy, widths, heights, places, _OFFSET, _GAP, _MIN_UNIT, _LEVEL)
    left, right = _extent(rows, xy, unit)
    top = 0.65
    width, height = right - left, (top - bottom) / 1.5 * _LEVEL
    shown = tree.title if title is None else title
    title_room = 0.45 if shown else 0.0
    if own:
        # Past 30 inches a side the texts shrink, down to 5 points while the figure can grow to 100 inches.
        least = _SMALLEST_FONT / _FONT
        room_w = max(_MAX_SIZE, min(_LARGEST_SIZE, least * width)) - 0.4
        room_h = max(_MAX_SIZE, min(_LARGEST_SIZE, least * height)) - title_room - 0.2
    else:
        box = ax.get_position()
        room_w, room_h = box.width * fig.get_figwidth(), box.height * fig.get_figheight()
    # Texts keep their size in inches while the layout stretches, so one factor on both keeps them apart.
    shrink = min(1.0, room_w / width, room_h / height)
    if shrink < 1.0:
        for artist, _, _ in texts:
            artist.set_fontsize(artist.get_fontsize() * shrink)
    for artist, kind, v in texts:
        if kind == 0 and side[v]:
            # Up as well as out, so that the white background stays off a bold edge's width.
            artist.set_transform(offset_copy(ax.transData, fig=fig, x=float(side[v]) * _OFFSET * shrink,
                                             y=_LIFT * shrink, units="inches"))
    x0 = float(xy[:, 0].min())
    ax.set_xlim(x0 + left / unit, x0 + right / unit)
    ax.set_ylim(bottom, top)
    ax.set_axis_off()
    if own:
        # Smaller texts need less room, but a wide tree keeps its levels' height.
        fig_w, fig_h = max(4.0, shrink * width + 0.4), min(height, room_h) + title_room + 0.2
        fig.set_size_inches(fig_w, fig_h)
        fig.subplots_adjust(left=0.2 / fig_w, right=1 - 0.2 / fig_w, bottom=0.1 / fig_h,
                            top=1 - (title_room + 0.1) / fig_h)
    if shown:
        ax.set_title(shown)
    return fig


#: TikZ geometry, in centimetres: a label's inner separation (0.333em), least gap between the ink of
#: neighbouring texts, height of a label's first line and of each further line (all in ``\small``).
_TIKZ_SEP, _TIKZ_GAP, _TIKZ_LINE, _TIKZ_MORE_LINE = 0.1, 0.24, 0.3, 0.39

#: Height (cm) a level needs besides its edge labels: the payoffs above them, the names below, and gaps.
_TIKZ_LEVEL_ROOM = 1.14

#: Widths (cm) of characters of ``\small`` Computer Modern, rounded up by class: narrow, wide, widest;
#: other characters (digits, most lower-case letters) 0.16.
_TIKZ_CHAR_WIDTHS = ((frozenset(" ,.;:!'|()[]/ijlft"), 0.11), (frozenset("ABCDEFGHIJKLNOPQRSTUVXYZmw-+=<>"), 0.24),
                     (frozenset("MW"), 0.34))


def _tikz_width(lines: list[str]) -> float:
    """Estimated ink width (cm) of the widest line of a ``\\small`` TikZ label."""
    def width(ch: str) -> float:
        return next((w for chars, w in _TIKZ_CHAR_WIDTHS if ch in chars), 0.16)

    return max(sum(width(ch) for ch in line) for line in lines)


def _tikz_lines(lines: list[str]) -> str:
    return r" \\ ".join(tex_escape(line) for line in lines)


def tree_tikz(tree: GameTree, equilibrium=None, *, digits: int = 3, scale: float = 1.0) -> str:
    """A TikZ picture of the tree (``\\begin{tikzpicture} ... \\end{tikzpicture}``).

    Needs only TikZ itself. Players label the decision nodes, payoffs the
    terminal nodes, actions the edges (at the middle: beside the outermost
    edges of a node, on the edges between them over a white background at
    alternating heights when there are several, long labels wrapped); an equilibrium's path of play is drawn
    ``very thick``; information sets are dashed. The units ``x`` and ``y``
    grow from 1cm where labels need the room (estimated from their
    lengths), whatever the ``scale``.

    Examples
    --------
    >>> from gametheory.games.extensive import build_tree, decision, terminal
    >>> tree = build_tree(decision("A", {"x": terminal(1, 0), "y": terminal(0, 1)}))
    >>> print(tree_tikz(tree, [[[1, 0]], []]))
    \\begin{tikzpicture}[scale=1.0, every node/.style={font=\\small}]
    \\node[circle, fill, inner sep=1.5pt, label=above:{A}] (n0) at (0.5, 0) {};
    \\node[circle, fill, inner sep=0.8pt, label=below:{$(1, 0)$}] (n1) at (0, -1.5) {};
    \\node[circle, fill, inner sep=0.8pt, label=below:{$(0, 1)$}] (n2) at (1, -1.5) {};
    \\draw[very thick] (n0) -- node[above left=2pt, fill=white] {x} (n1);
    \\draw (n0) -- node[above right=2pt, fill=white] {y} (n2);
    \\end{tikzpicture}

    Three actions: the middle label sits on its edge.

    >>> tree = build_tree(decision("A", {"Attack": terminal(1, 0), "Wait": terminal(0, 0), "Yield": terminal(0, 1)}))
    >>> print("\\n".join(line for line in tree_tikz(tree).splitlines() if "draw" in line))
    \\draw (n0) -- node[above left=2pt, fill=white] {Attack} (n1);
    \\draw (n0) -- node[pos=0.45, fill=white, inner sep=1pt] {Wait} (n2);
    \\draw (n0) -- node[above right=2pt, fill=white] {Yield} (n3);
    """
    xy = layout(tree)
    edge, reach = _equilibrium_arrays(tree, equilibrium)
    n = tree.n_nodes

    def coordinate(value: float) -> str:
        return format(round(float(value), 3) + 0.0, "g")

    labels = [[""]] + [_wrap(_edge_text(tree, v, edge, digits)) for v in range(1, n)]
    places = _label_places(tree, np.array([len(lines) > 1 for lines in labels]))
    side, place, label_rows = places
    names, payoffs = [""] * n, [""] * n
    widths, heights = np.zeros((3, n)), np.zeros(n)
    for v in range(n):
        kind = int(tree.node_player[v])
        if v:
            # A label on its edge paints its white background 1pt past the text.
            widths[0, v] = _tikz_width(labels[v]) + (0.0 if side[v] else 0.07)
            heights[v] = _TIKZ_LINE + _TIKZ_MORE_LINE * (len(labels[v]) - 1) + 0.07
        if kind == TERMINAL:
            payoffs[v] = _payoff_text(tree, v, digits)
            widths[2, v] = _tikz_width([payoffs[v]])
        else:
            names[v] = "Chance" if kind == CHANCE else tree.players[kind]
            widths[1, v] = _tikz_width([names[v]])
    lines_most = max((len(lines) for lines in labels[1:]), default=1)
    level = _TIKZ_LEVEL_ROOM + _TIKZ_LINE + _TIKZ_MORE_LINE * (lines_most - 1)
    if (label_rows == 2).any():
        # Staggered labels: one line above the other between the payoffs and the names.
        level = max(level, (_TIKZ_LINE + 0.12) / (_STAGGER[1] - _STAGGER[0]))
    y_unit = max(1.0, level / 1.5 / scale)
    x_unit = _fit(tree, xy, widths, heights, places, _TIKZ_SEP + 0.07, _TIKZ_GAP, 0.0, 1.5 * y_unit * scale)[0] / scale
    units = "".join(f"{axis}={round(u + 0.005, 2):g}cm, " for axis, u in (("x", x_unit), ("y", y_unit)) if u > 1.0)
    lines = [rf"\begin{{tikzpicture}}[{units}scale={scale}, every node/.style={{font=\small}}]"]
    for v in range(n):
        kind = int(tree.node_player[v])
        where = f"({coordinate(xy[v, 0])}, {coordinate(xy[v, 1])})"
        if kind == TERMINAL:
            text = tex_escape(payoffs[v])
            # Numbers read best in mathematics (true minus signs); expressions of parameters as upright text.
            symbolic = any(getattr(x, "free_symbols", None) for x in tree.payoff_matrix[v].tolist())
            text = text if symbolic else f"${text}$"
            style = f"circle, fill, inner sep=0.8pt, label=below:{{{text}}}"
        elif kind == CHANCE:
            style = "circle, draw, inner sep=1.5pt, label=above:{Chance}"
        else:
            style = f"circle, fill, inner sep=1.5pt, label=above:{{{tex_escape(names[v])}}}"
        lines.append(rf"\node[{style}] (n{v}) at {where} {{}};")
    # Information sets before the edges, so that labels paint over a dashed line that passes them.
    for a, b, xs, ys in infoset_links(tree, xy):
        if len(xs) == 2:
            lines.append(rf"\draw[dashed] (n{a}) -- (n{b});")
        else:
            # The figure's detour around other nodes, every fifth sample.
            points = " ".join(f"({coordinate(x)}, {coordinate(y)})" for x, y in list(zip(xs, ys))[::5])
            lines.append(rf"\draw[dashed] plot[smooth] coordinates {{{points}}};")
    for v in range(1, n):
        p = int(tree.parent[v])
        # A label beside its edge stands 2pt off the edge's middle, its white background clear of a thick edge.
        where = {-1: "above left=2pt, fill=white", 1: "above right=2pt, fill=white",
                 0: f"pos={place[v]:g}, fill=white, inner sep=1pt"}[int(side[v])]
        if len(labels[v]) > 1:
            where += ", align=" + {-1: "right", 1: "left", 0: "center"}[int(side[v])]
        style = "[very thick]" if reach is not None and reach[v] != 0 else ""
        lines.append(rf"\draw{style} (n{p}) -- node[{where}] {{{_tikz_lines(labels[v])}}} (n{v});")
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)
