"""The text of a tree's equilibria names unnamed information sets briefly, so it grows linearly with the tree."""

from __future__ import annotations

import numpy as np

from gametheory.games.extensive import GameTree
from gametheory.solvers.subgame_perfection import solve_tree


def centipede(moves: int) -> GameTree:
    """Two players alternate ``stop`` (payoffs ``(k, moves - k)``) and ``go``; the last ``go`` ends at (0, 0)."""
    parent, player, payoffs = [-1], [0], [(0, 0)]
    mover = 0
    for k in range(moves):
        parent += [mover, mover]
        player += [-2, (k + 1) % 2 if k + 1 < moves else -2]
        payoffs += [(k, moves - k), (0, 0)]
        mover = len(parent) - 1
    return GameTree.from_arrays(np.array(parent), np.array(player), np.array(payoffs, dtype=float))


def test_describe_names_deep_sets_by_their_last_moves_and_depth():
    result = solve_tree(centipede(2_000), "spe")
    lines = result.describe().splitlines()
    text = "\n".join(lines)
    # Every set is named, none by its whole path: the deepest by its last moves and its depth.
    assert "(depth 1999)" in text
    assert max(len(part) for line in lines for part in line.split("; ")) < 200
    assert len(text) < 60 * 2_000


def test_describe_of_a_shallow_tree_spells_the_path():
    result = solve_tree(centipede(2), "spe")  # actions numbered "1" (stop) and "2" (go)
    lines = result.describe().splitlines()
    assert lines[2].endswith("(root)") and lines[3].endswith("(after 2)")
