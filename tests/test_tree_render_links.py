"""Dashed information-set links in tree figures go around the nodes they do not join."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from gametheory.games.extensive import build_tree, decision, terminal
from gametheory.games.extensive.render import _CLEARANCE, infoset_links, layout, tree_figure, tree_tikz
from gametheory.games.signaling import SignalingGame

F = Fraction


def beer_quiche_tree():
    return SignalingGame(["Weak", "Strong"], [F(1, 10), F(9, 10)], ["Beer", "Quiche"], ["Duel", "Not"],
                         [[[0, 2], [1, 3]], [[1, 3], [0, 2]]], [[[1, 0], [1, 0]], [[0, 1], [0, 1]]]).tree()


def _distance_to_others(tree, xy, a, b, xs, ys):
    members = set(tree.infosets[int(tree.node_infoset[a])].nodes)
    others = [v for v in range(tree.n_nodes) if v not in members]
    # Dense samples along the drawn polyline.
    points = []
    for (x0, y0), (x1, y1) in zip(zip(xs, ys), list(zip(xs, ys))[1:]):
        for t in np.linspace(0, 1, 20):
            points.append((x0 + t * (x1 - x0), y0 + t * (y1 - y0)))
    points = np.array(points)
    return min(np.min(np.hypot(points[:, 0] - xy[v, 0], points[:, 1] - xy[v, 1])) for v in others)


def test_interleaved_receiver_sets_of_beer_quiche_are_routed_apart_and_around_nodes():
    tree = beer_quiche_tree()
    xy = layout(tree)
    links = infoset_links(tree, xy)
    assert len(links) == 2
    for a, b, xs, ys in links:
        assert (xs[0], ys[0]) == tuple(xy[a]) and (xs[-1], ys[-1]) == tuple(xy[b])
        assert len(xs) > 2  # a straight line would run over the other message's node
        assert _distance_to_others(tree, xy, a, b, xs, ys) >= _CLEARANCE - 1e-9
    # The two curves overlap in x, so they dip to different depths.
    assert min(links[0][3]) != min(links[1][3])


def test_unobstructed_links_stay_straight():
    horse = build_tree(decision("1", {
        "A": decision("2", {"a": terminal(1, 1, 1),
                            "d": decision("3", {"L": terminal(4, 4, 0), "R": terminal(1, 1, 1)}, infoset="3")}),
        "D": decision("3", {"L": terminal(3, 2, 2), "R": terminal(0, 0, 0)}, infoset="3")}))
    ((a, b, xs, ys),) = infoset_links(horse, layout(horse))
    assert len(xs) == 2 and {a, b} == set(horse.infosets[2].nodes)
    assert r"\draw[dashed] (n" in tree_tikz(horse)


def test_figure_and_tikz_draw_the_routed_links():
    import matplotlib

    matplotlib.use("Agg")
    tree = beer_quiche_tree()
    fig = tree_figure(tree)
    dashed = [line for line in fig.axes[0].lines if line.get_linestyle() == "--"]
    assert len(dashed) == 2 and all(len(line.get_xdata()) > 2 for line in dashed)
    assert tree_tikz(tree).count(r"\draw[dashed] plot[smooth] coordinates") == 2
