"""Tree figures and TikZ: labels never overlap; LaTeX escaping; text linear in the tree; short node names."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from fractions import Fraction

import numpy as np
import pytest

from gametheory.games.extensive import build_tree, chance, decision, terminal
from gametheory.games.extensive.render import (
    MAX_TEXT_NODES,
    layout,
    short_node_name,
    tree_figure,
    tree_text,
    tree_tikz,
)
from gametheory.games.signaling import SignalingGame
from gametheory.latex import tex_escape
from gametheory.solvers.subgame_perfection import solve_tree

F = Fraction


# ------------------------------------------------------------------ trees
def three_actions():
    return build_tree(decision("A", {
        "Attack": decision("B", {"Defend": terminal(-1, -1), "Negotiate": terminal(1, 0), "Yield": terminal(2, -2)}),
        "Wait": terminal(0, 0),
        "Ally": chance({"ok": ("1/3", terminal(1, 1)), "fail": ("1/3", terminal(-1, 0)),
                        "late": ("1/3", terminal(0, 1))})}))


def beer_quiche():
    return SignalingGame(["Weak", "Strong"], [F(1, 10), F(9, 10)], ["Beer", "Quiche"], ["Duel", "Not"],
                         [[[0, 2], [1, 3]], [[1, 3], [0, 2]]], [[[1, 0], [1, 0]], [[0, 1], [0, 1]]]).tree()


def centipede(moves: int, stop: str = "Take", go: str = "Pass"):
    node = terminal(moves, moves)
    for k in range(moves):
        node = decision(f"P{k % 2 + 1}", {stop: terminal(k, moves - k), go: node})
    return build_tree(node)


def long_centipede(moves: int):
    """The centipede of ``moves`` moves from flat arrays (nested builders are slow this deep)."""
    from gametheory.games.extensive.tree import GameTree

    n = 2 * moves + 1
    parent = np.empty(n, dtype=np.int64)
    parent[0] = -1
    parent[1::2] = parent[2::2] = 2 * np.arange(moves)
    player = np.full(n, -2)
    player[0:-1:2] = np.arange(moves) % 2
    payoffs = np.zeros((n, 2), dtype=np.int64)
    payoffs[1::2, 0], payoffs[1::2, 1] = np.arange(moves)[::-1], np.arange(moves) + 1
    payoffs[-1] = moves
    return GameTree.from_arrays(parent, player, payoffs, infoset=np.where(player >= 0, np.arange(n) // 2, -1),
                                players=["P1", "P2"], actions={h: ("Take", "Pass") for h in range(moves)})


def fan(children: int):
    """Two levels of ``children`` actions each."""
    actions = ["North", "East", "South", "West", "Centre"][:children]
    return build_tree(decision("A", {a: decision("B", {b: terminal(i, j) for j, b in enumerate(actions)})
                                     for i, a in enumerate(actions)}))


def long_labels():
    return build_tree(decision("Government of the Republic", {
        "Mobilise all reserve divisions": decision("Neighbour", {
            "Accept the ultimatum at once": terminal(1, 0),
            "Counter-mobilise along the border": terminal(-1, -1),
            "Appeal to the security council": terminal(0, 1)}),
        "Negotiate a settlement": terminal(0, 0),
        "Seek a defensive alliance with a third power": terminal(2, 1)}))


def random_tree(seed: int, nodes: int = 31):
    """A random tree of exactly ``nodes`` nodes, 2 to 5 actions per decision, labels of 1 to 12 characters."""
    rng = random.Random(seed)
    while True:
        budget = [nodes - 1]

        def grow(depth):
            if budget[0] < 2 or (depth and rng.random() < 0.35):
                return terminal(rng.randint(-9, 9), rng.randint(-9, 9))
            k = min(rng.randint(2, 5), budget[0])
            budget[0] -= k
            names = rng.sample(["a", "go", "stay", "Attack", "Negotiate", "Withdraw", "Escalate now", "x", "Defend",
                                "Yield", "Ally", "Wait"], k)
            return decision(rng.choice(["P1", "Player two"]), {name: grow(depth + 1) for name in names})

        tree = build_tree(grow(0), players=["P1", "Player two"])
        if tree.n_nodes == nodes:
            return tree


TREES = {
    "three actions": three_actions,
    "beer-quiche": beer_quiche,
    "centipede": lambda: centipede(6),
    **{f"{k} children": (lambda k=k: fan(k)) for k in (2, 3, 4, 5)},
    "long labels": long_labels,
    **{f"random 31 nodes #{seed}": (lambda seed=seed: random_tree(seed)) for seed in range(5)},
}


# ---------------------------------------------------------------- figures
def _overlaps(fig) -> list:
    """Pairs of texts of the figure whose drawn boxes intersect (by more than half a pixel)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = []
    for ax in fig.axes:
        for text in ax.texts:
            if text.get_text().strip():
                box = text.get_window_extent(renderer)
                boxes.append((text.get_text(), box.x0 + 0.5, box.x1 - 0.5, box.y0 + 0.5, box.y1 - 0.5))
    return [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[1] < b[2] and b[1] < a[2] and a[3] < b[4] and b[3] < a[4]]


@pytest.fixture(scope="module")
def agg():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


@pytest.mark.parametrize("name", list(TREES))
def test_figure_texts_never_overlap(agg, name):
    tree = TREES[name]()
    fig = tree_figure(tree)
    assert _overlaps(fig) == []
    # Every edge carries its label once, every node its name or payoffs.
    texts = [t.get_text().replace("\n", " ") for t in fig.axes[0].texts]
    assert len(texts) == 2 * tree.n_nodes - 1
    for v in range(1, tree.n_nodes):
        p = int(tree.parent[v])
        action = tree.actions_at(p)[v - int(tree.first_child[p])]
        assert sum(t.startswith(action) for t in texts[:tree.n_nodes - 1]) >= 1
    agg.close(fig)


def test_reproducer_labels_of_three_edges_sit_apart_in_the_order_of_the_edges(agg):
    tree = three_actions()
    fig = tree_figure(tree)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = {t.get_text(): t.get_window_extent(renderer) for t in fig.axes[0].texts}
    for row in (["Defend", "Negotiate", "Yield"], ["ok (1/3)", "fail (1/3)", "late (1/3)"]):
        for left, right in zip(row, row[1:]):
            assert boxes[left].x1 < boxes[right].x0
    agg.close(fig)


def test_figure_with_equilibrium_and_in_a_small_given_axes_shrinks_its_texts_apart(agg):
    tree = random_tree(7)
    result = solve_tree(tree)
    fig = tree_figure(tree, result[0])
    assert _overlaps(fig) == []
    bold = [t for t in fig.axes[0].texts if t.get_fontweight() == "bold"]
    assert bold  # the path of play
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    small = Figure(figsize=(4, 3))
    tree_figure(long_labels(), ax=small.add_subplot())
    FigureCanvasAgg(small)
    assert _overlaps(small) == []
    assert min(t.get_fontsize() for t in small.axes[0].texts) < 9


def test_figure_of_wide_tree_grows_instead_of_overlapping(agg):
    narrow, wide = tree_figure(fan(2)), tree_figure(long_labels())
    assert wide.get_figwidth() > narrow.get_figwidth()
    assert _overlaps(wide) == []


# ------------------------------------------------------------------- TikZ
_DRAW = re.compile(r"^\\draw(\[very thick\])? \(n(\d+)\) -- node\[([^\]]*)\] \{(.*)\} \(n(\d+)\);$")


def _tikz_edges(tikz: str) -> dict:
    edges = {}
    for line in tikz.splitlines():
        m = _DRAW.match(line)
        if m:
            edges[int(m.group(5))] = (int(m.group(2)), m.group(3), m.group(4))
    return edges


@pytest.mark.parametrize("name", list(TREES))
def test_tikz_labels_once_each_with_distinct_places_among_siblings(name):
    tree = TREES[name]()
    tikz = tree_tikz(tree)
    edges = _tikz_edges(tikz)
    assert sorted(edges) == list(range(1, tree.n_nodes))
    xy = layout(tree)
    for p in range(tree.n_nodes):
        kids = list(tree.children(p))
        if len(kids) < 2:
            continue
        places = [edges[c][1] for c in kids]
        assert places[0].startswith("above left") and places[-1].startswith("above right")
        assert all(place.startswith("pos=") and "fill=white" in place for place in places[1:-1])
        # Labels on the edges between sit at distinct points, left to right.
        anchors = [xy[p, 0] + 0.45 * (xy[c, 0] - xy[p, 0]) for c in kids[1:-1]]
        assert all(a < b for a, b in zip(anchors, anchors[1:]))
    for v, (p, _, label) in edges.items():
        assert int(tree.parent[v]) == p
        action = tree.actions_at(p)[v - int(tree.first_child[p])]
        assert label.replace(r" \\ ", " ").startswith(tex_escape(action))


def test_tikz_siblings_of_three_actions_no_longer_share_a_side():
    edges = _tikz_edges(tree_tikz(three_actions()))
    sides = {label: place for _, place, label in edges.values()}
    assert sides["Defend"] != sides["Negotiate"] != sides["Yield"] != sides["Defend"]
    assert sides["fail (1/3)"] != sides["late (1/3)"]


def test_tikz_widens_its_x_unit_for_long_labels_only():
    short = build_tree(decision("A", {"x": decision("B", {"u": terminal(1, 0), "v": terminal(0, 1)}),
                                      "y": decision("B", {"u": terminal(0, 1), "v": terminal(1, 0)})}))
    assert tree_tikz(short).startswith(r"\begin{tikzpicture}[scale=1.0,")
    head = tree_tikz(long_labels()).splitlines()[0]
    x_unit = float(re.search(r"x=([\d.]+)cm", head).group(1))
    assert x_unit > 1.5
    # A smaller scale shrinks the coordinates, not the text: the units grow to keep the room.
    small = tree_tikz(long_labels(), scale=0.5).splitlines()[0]
    assert float(re.search(r"x=([\d.]+)cm", small).group(1)) == pytest.approx(2 * x_unit, abs=0.02)


# --------------------------------------------------------------- escaping
@pytest.mark.parametrize("char, escaped", [
    ("\\", r"\textbackslash{}"), ("{", r"\{"), ("}", r"\}"), ("$", r"\$"), ("&", r"\&"), ("%", r"\%"),
    ("#", r"\#"), ("_", r"\_"), ("^", r"\textasciicircum{}"), ("~", r"\textasciitilde{}"),
])
def test_every_special_character_escaped_once(char, escaped):
    assert tex_escape(char) == escaped
    assert tex_escape(f"a{char}b{char}") == f"a{escaped}b{escaped}"


def test_backslash_after_dollar_keeps_its_braces():
    assert tex_escape("$\\") == r"\$\textbackslash{}"
    tree = build_tree(decision("P_1 & co", {"$\\": terminal(1, 0), "50% ~ {x}^#": terminal(0, 1)}))
    tikz = tree_tikz(tree)
    assert r"label=above:{P\_1 \& co}" in tikz
    assert r"{\$\textbackslash{}}" in tikz and r"\textbackslash\{\}" not in tikz
    assert r"{50\% \textasciitilde{} \{x\}\textasciicircum{}\#}" in tikz


def test_symbolic_payoffs_typeset_as_text_numbers_as_mathematics():
    import sympy

    cost, benefit = sympy.symbols("war_cost benefit")
    tree = build_tree(decision("A", {"fight": terminal(benefit - cost, -1), "yield": terminal(0, 1)}))
    tikz = tree_tikz(tree)
    assert r"label=below:{(benefit - war\_cost, -1)}" in tikz
    assert r"label=below:{$(0, 1)$}" in tikz


def test_analysis_uses_the_same_escaping():
    from gametheory.analysis.formatting import _tex

    assert _tex is tex_escape
    assert _tex("$\\") == r"\$\textbackslash{}"


# ----------------------------------------------------- compiled TikZ (LaTeX)
def _latex_available() -> bool:
    if not shutil.which("pdflatex") or not shutil.which("pdftotext"):
        return False
    found = subprocess.run(["kpsewhich", "tikz.sty"], capture_output=True, text=True)
    return bool(found.stdout.strip())


@pytest.mark.slow
@pytest.mark.skipif(not _latex_available(), reason="needs pdflatex with TikZ and pdftotext")
def test_compiled_tikz_words_never_overlap(tmp_path):
    import sympy

    trees = dict(TREES)
    trees["special characters"] = lambda: build_tree(decision("P_1 & co", {
        "$\\": terminal(1, 0), "50% ~ {x}^#": terminal(0, 1)}))
    trees["parameters"] = lambda: build_tree(decision("A", {
        "fight": terminal(sympy.Symbol("benefit") - sympy.Symbol("war_cost"), -sympy.Symbol("war_cost")),
        "yield": terminal(0, sympy.Symbol("benefit") ** 2)}))
    pictures = [tree_tikz(make()) for make in trees.values()]
    document = "\n".join([
        r"\documentclass{article}", r"\usepackage{tikz}",
        # A page wide enough for every picture (words off the page would escape the check).
        r"\paperwidth=80cm \paperheight=40cm \textwidth=78cm \textheight=38cm \oddsidemargin=-1.5cm \topmargin=-2cm",
        r"\pagestyle{empty}", r"\begin{document}", "\n\\newpage\n".join(pictures), r"\end{document}"])
    (tmp_path / "trees.tex").write_text(document)
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "trees.tex"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-2000:]
    subprocess.run(["pdftotext", "-bbox", "trees.pdf", "words.html"], cwd=tmp_path, check=True)
    html = (tmp_path / "words.html").read_text()
    pages = html.split("<page ")[1:]
    assert len(pages) == len(pictures)
    word = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
    for name, page in zip(trees, pages):
        boxes = [(w[4], *map(float, w[:4])) for w in word.findall(page)]
        assert boxes, name
        clash = [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                 if a[1] + 0.3 < b[3] and b[1] + 0.3 < a[3] and a[2] + 0.3 < b[4] and b[2] + 0.3 < a[4]]
        assert clash == [], (name, clash)


# ------------------------------------------------------------------- text
def test_text_of_deep_trees_grows_linearly():
    sizes = {}
    for moves in (1_000, 8_000):
        tree = long_centipede(moves)
        text = tree_text(tree, max_nodes=None)
        lines = text.splitlines()
        assert len(lines) == tree.n_nodes
        assert max(map(len, lines)) < 100
        sizes[tree.n_nodes] = len(text)
    (small, a), (large, b) = sorted(sizes.items())
    assert b / a < 1.1 * large / small


def test_text_of_a_16001_node_centipede_stays_small():
    tree = long_centipede(8_000)
    assert tree.n_nodes == 16_001
    text = tree_text(tree)
    lines = text.splitlines()
    assert len(lines) == MAX_TEXT_NODES + 1
    assert lines[-1] == f"... {16_001 - MAX_TEXT_NODES} more nodes not shown (16001 in all; max_nodes={MAX_TEXT_NODES})"
    assert len(text) < 100 * MAX_TEXT_NODES


def test_text_indentation_window_keeps_neighbours_aligned():
    tree = centipede(40, "take", "go")
    lines = tree_text(tree).splitlines()
    # Up to 17 levels deep the text is drawn in full, as before.
    assert lines[1] == "|-- take: (39, 1)" and lines[3].startswith("    |-- take")
    assert not any(line.startswith("[+") for line in lines[:34])
    deep = [line for line in lines if line.startswith("[+")]
    assert deep and all(re.match(r"^\[\+(8|16|24)\] *", line) for line in deep)
    # A node and its children: the children one step (4 columns) further right, unless the window moves.
    for parent, child in zip(lines, lines[1:]):
        if parent.startswith("[+") and child.startswith("[+") and parent[:5] == child[:5] and "`-- go: P" in parent:
            assert child.index("-- ") - parent.index("-- ") == 4


def test_text_of_small_trees_unchanged():
    tree = build_tree(decision("Challenger", {
        "Attack": decision("Defender", {"Defend": terminal(-1, -1), "Abandon": terminal(1, 0)}),
        "Refrain": terminal(0, 1)}), title="Extended deterrence")
    assert tree_text(tree) == ("Extended deterrence\nChallenger\n|-- Attack: Defender\n|   |-- Defend: (-1, -1)\n"
                               "|   `-- Abandon: (1, 0)\n`-- Refrain: (0, 1)")


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, "10"])
def test_text_max_nodes_checked(bad):
    with pytest.raises(ValueError, match="max_nodes must be a positive integer or None"):
        tree_text(centipede(3), max_nodes=bad)


# -------------------------------------------------------------- node names
def test_short_node_names_are_bounded_and_read_like_the_path():
    tree = long_centipede(8_000)
    names = [short_node_name(tree, v) for v in range(0, tree.n_nodes, 97)]
    assert max(map(len, names)) <= 130
    assert short_node_name(tree, 0) == "root"
    assert short_node_name(tree, 1) == tree.node_name(1) == "after Take"
    deepest = tree.n_nodes - 1
    assert short_node_name(tree, deepest) == "after ..., Pass, Pass, Pass (depth 8000)"
    long = build_tree(decision("A", {"x" * 200: decision("B", {"y" * 50: terminal(1, 0), "z": terminal(0, 1)}),
                                     "w": terminal(0, 0)}))
    name = short_node_name(long, int(long.children(long.children(0)[0])[0]))
    assert name == "after " + "x" * 29 + "..., " + "y" * 29 + "..."


def test_short_node_name_prefers_labels_and_checks_the_node():
    tree = build_tree(decision("A", {"l": terminal(1, 0, label="left leaf"), "r": terminal(0, 1)}))
    assert short_node_name(tree, 1) == "left leaf"
    assert short_node_name(tree, 2) == "after r"
    with pytest.raises(ValueError, match="out of range"):
        short_node_name(tree, 3)
