"""The sequence-form enumeration's budget bounds its work, not only its count of feasible bases.

A basis of a larger tableau costs more, so 200,000 bases could take minutes
on a tree of some fifty nodes; the operations budget counts tableau entries
scanned and updated and vertex pairs matched, and refuses with a ValueError
once spent.
"""

from __future__ import annotations


import numpy as np
import pytest

from gametheory.solvers.sequence_form import MAX_ENUMERATION_OPERATIONS, sequence_form_enumeration
from tree_helpers import random_tree

#: A 58-node tree with imperfect information (47 actions) whose polyhedra have very many degenerate bases: over
#: a minute under the count of bases alone.
HEAVY = dict(seed=1, depth=4)


def heavy_tree():
    return random_tree(np.random.default_rng(HEAVY["seed"]), depth=HEAVY["depth"])


@pytest.mark.parametrize("limit", [20_000, 200_000])
def test_a_small_budget_refuses_a_heavy_tree(limit):
    tree = heavy_tree()
    assert int(tree.action_offsets[-1]) == 47 and not tree.is_perfect_information
    with pytest.raises(ValueError, match=f"over its budget of {limit:,} exact operations") as error:
        sequence_form_enumeration(tree, max_operations=limit)
    assert "sequence_form_lemke finds one equilibrium" in str(error.value)


def test_the_budget_leaves_small_trees_complete():
    """Trees with up to 16 actions are enumerated well within the default budget; every equilibrium certified."""
    solved = 0
    for seed in range(12):
        tree = random_tree(np.random.default_rng(seed), depth=3)
        if int(tree.action_offsets[-1]) > 16:
            continue
        result = sequence_form_enumeration(tree)
        assert result.complete and result.equilibria
        assert all(e.max_regret == 0 for e in result)
        solved += 1
    assert solved >= 5


@pytest.mark.parametrize("bad", [0, -1, 2.5, True, None])
def test_budgets_must_be_positive_integers(bad):
    tree = random_tree(np.random.default_rng(3), depth=2)
    with pytest.raises(ValueError, match="max_operations must be a positive integer"):
        sequence_form_enumeration(tree, max_operations=bad)
    with pytest.raises(ValueError, match="max_bases must be a positive integer"):
        sequence_form_enumeration(tree, max_bases=bad)


@pytest.mark.slow
def test_the_default_budget_bounds_a_heavy_tree():
    tree = heavy_tree()
    with pytest.raises(ValueError, match=f"over its budget of {MAX_ENUMERATION_OPERATIONS:,} exact operations"):
        sequence_form_enumeration(tree)
