"""The fast paths of the tree solvers agree with their general formulations.

Backward induction walks small trees node by node in Python and large ones
level by level in numpy; sequence-form Lemke builds its integer cost matrices
from the terminal nodes and compares ratios by cross-multiplying integers.
Each is checked here against the formulation it replaces, on random trees
with chance moves and ties.
"""

from __future__ import annotations

import importlib
import math
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.games.extensive.conversions import chance_weights
from gametheory.games.extensive.tree import TERMINAL
from gametheory.solvers.sequence_form import _integer_costs, _leaf_sequences, sequence_form, sequence_form_lemke
from test_extensive_tree import random_tree as random_perfect_tree
from tree_helpers import random_tree

# The package attribute ``backward_induction`` is the function; the module holds the two paths.
backward = importlib.import_module("gametheory.solvers.backward_induction")


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6), players=st.integers(2, 3), depth=st.integers(1, 4), exact=st.booleans(),
       narrow=st.booleans())
def test_node_by_node_backward_induction_matches_the_level_path(seed, players, depth, exact, narrow):
    tree = random_perfect_tree(seed, n_players=players, depth=depth, imperfect=False, exact=exact,
                               values=range(-1, 2) if narrow else range(-50, 51))
    assert tree.n_nodes <= backward._SMALL_TREE
    assert backward._walks_nodes(tree)
    small = backward.backward_induction_values(tree)
    walks_nodes = backward._walks_nodes
    backward._walks_nodes = lambda tree: False  # the level route, whatever the tree's shape
    try:
        levels = backward.backward_induction_values(tree)
    finally:
        backward._walks_nodes = walks_nodes
    values, choice, ties = small
    assert values.dtype == levels[0].dtype and values.shape == levels[0].shape
    if exact:
        assert (values == levels[0]).all()
    else:
        assert np.allclose(values, levels[0], rtol=0, atol=1e-12)
    assert np.array_equal(choice, levels[1]) and np.array_equal(ties, levels[2])
    # Every pure SPE found is certified in every subgame.
    for equilibrium in backward.backward_induction(tree, max_equilibria=10):
        assert equilibrium.max_subgame_regret <= (0 if exact else equilibrium.tol)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6), depth=st.integers(1, 4), payoff_range=st.sampled_from([2, 20]))
def test_integer_costs_are_the_scaled_fraction_costs(seed, depth, payoff_range):
    """``_integer_costs`` is ``W * top - M`` times the least common denominator of its entries."""
    tree = random_tree(np.random.default_rng(seed), depth=depth, payoff_range=payoff_range)
    form = sequence_form(tree)
    leaves = np.flatnonzero(tree.node_player == TERMINAL)
    weights = chance_weights(tree)[leaves]
    rows_x, rows_y = _leaf_sequences(form, leaves)
    for i, M in enumerate((form.A, form.B)):
        values = tree.payoff_matrix[leaves, i].tolist()
        top = max(values) + 1
        W = np.zeros(form.sizes, dtype=object)
        W[...] = Fraction(0)
        for s, t, w in zip(rows_x.tolist(), rows_y.tolist(), weights.tolist()):
            W[s, t] += w
        costs = W * top - M
        entries = [v for v in costs.ravel().tolist() if v != 0]
        scale = math.lcm(*(Fraction(v).denominator for v in entries)) if entries else 1
        expected = [[int(v * scale) for v in row] for row in costs.tolist()]
        assert _integer_costs(form.sizes, rows_x, rows_y, weights, tree.payoff_matrix[leaves, i]).tolist() == expected


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10**6), depth=st.integers(2, 4))
def test_exact_and_float_lemke_reach_certified_equilibria(seed, depth):
    tree = random_tree(np.random.default_rng(seed), depth=depth, payoff_range=3)
    exact = sequence_form_lemke(tree)
    assert all(r == 0 for r in exact[0].regrets)
    floating = sequence_form_lemke(tree, exact=False)
    assert floating[0].max_regret <= floating[0].tol
