"""Structure a game tree derives node by node (small trees) equals the per-level numpy pass, and survives conversion."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from test_extensive_tree import random_tree  # noqa: E402

from gametheory.games.extensive import tree as tree_module  # noqa: E402


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n_players=st.integers(1, 3), depth=st.integers(1, 4))
def test_last_own_move_small_path_equals_the_level_pass(seed, n_players, depth):
    tree = random_tree(seed, n_players=n_players, depth=depth)
    small = [tree.last_own_move(i).tolist() for i in range(tree.n_players)]
    # The same tree again with the small-tree path switched off gives the numpy pass's answer.
    original = tree_module._SMALL_TREE
    tree_module._SMALL_TREE = -1
    try:
        fresh = tree.replace(title="the same tree")
        fresh._cache.clear()                   # construction's perfect-recall check fills it
        levels = [fresh.last_own_move(i).tolist() for i in range(fresh.n_players)]
    finally:
        tree_module._SMALL_TREE = original
    assert small == levels


def test_conversion_keeps_structure_but_not_payoff_derived_entries():
    tree = random_tree(7, n_players=2, depth=3)
    moves = tree.last_own_move(0)
    preorder = tree.preorder
    tree._cache["payoff_scale"] = 123.0          # payoff-derived: must not follow into the copy
    copy = tree.as_float()
    assert copy._cache[("last_own_move", 0)] is moves and np.array_equal(copy.preorder, preorder)
    assert "payoff_scale" not in copy._cache
    assert copy.levels == tree.levels
