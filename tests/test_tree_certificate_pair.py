"""The float certificate of a two-player profile (what a float solve asks for) is the general list walk's.

A float Nash certificate of a small two-player tree takes its own route: one
pass down the tree and one up over the same parents, both players at once,
the regrets and the path read from one read-only array. It must give the same
floats (bit for bit: the same operations in the same order) as the general
walks over the cached lists, and the same result object field by field, for
any behaviour profile, equilibrium or not, with and without information sets
and chance moves. The structure lists built on first access (``move``,
``preorder``) must be those of the tree's own arrays.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from test_extensive_tree import _random_behavior, random_tree

from gametheory.equilibrium import NotAnEquilibriumError
from gametheory.games.extensive import check_behavior
from gametheory.games.extensive._tree_walk import (
    _pair_best_values,
    _pair_root_float,
    _root_best_value,
    _tree_lists,
    _tree_numbers,
    _walk_values,
)
from gametheory.games.extensive.equilibrium import _certify
from gametheory.solvers.sequence_form import sequence_form_lemke


def _float_profile(tree, rng):
    return np.asarray(check_behavior(tree, _random_behavior(tree, rng, exact=False)), dtype=float)


def _walk_certificate(tree, behavior):
    """Regrets, values and path by the general walks (per-node edges, then each player's best value)."""
    lists = _tree_lists(tree)
    payoffs, chance = _tree_numbers(tree, False)
    kind, first, count, move = lists["player"], lists["first"], lists["count"], lists["move"]
    edge = [1.0] + [behavior[move[v]] if move[v] >= 0 else chance[v] for v in range(1, len(kind))]
    reach = [1.0] * len(kind)
    for v in range(1, len(kind)):
        reach[v] = reach[lists["parent"][v]] * edge[v]
    if lists["perfect_information"]:
        values, best = _pair_best_values(kind, first, count, payoffs, edge, 0.0)
        top = best[0]
    else:
        values, _ = _walk_values(kind, first, count, payoffs, edge, False, 2, 0.0)
        top = [_root_best_value(tree, lists, payoffs, edge, i, 0.0) for i in range(2)]
    regrets = [max(b - u, 0.0) for b, u in zip(top, values[0])]
    return regrets, values[0], [reach[t] for t in lists["terminals"]]


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 100_000), imperfect=st.booleans(), chance_nodes=st.booleans(), exact=st.booleans())
def test_pair_certificate_is_the_general_walk_bit_for_bit(seed, imperfect, chance_nodes, exact):
    tree = random_tree(seed, depth=1 + seed % 5, imperfect=imperfect, chance_nodes=chance_nodes, exact=exact)
    flat = _float_profile(tree, np.random.default_rng(seed))
    r0, r1, u0, u1, path = _pair_root_float(tree, flat.tolist())
    regrets, values, reach = _walk_certificate(tree.replace(title="a fresh copy"), flat.tolist())
    assert [r0, r1] == regrets and [u0, u1] == values
    assert path == reach  # products of the same probabilities down each path
    assert _tree_lists(tree)["terminals"] == tree.terminals.tolist()  # listed by the walk down, depth first
    assert _pair_root_float(tree, flat.tolist()) == (r0, r1, u0, u1, path)  # parent by parent once listed


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 100_000), imperfect=st.booleans(), tol=st.sampled_from([None, 1e-6, 0.05, 10.0]))
def test_float_nash_certificate_is_the_general_ones_field_by_field(seed, imperfect, tol):
    """The two-player float route of _certify against its general route, which a float profile held as objects
    takes (on the tree's float copy, whose numbers are those read from an exact tree): the same fields, or the
    same refusal."""
    tree = random_tree(seed, depth=1 + seed % 5, imperfect=imperfect, exact=seed % 2 == 0)
    flat = _float_profile(tree, np.random.default_rng(seed))
    flat.setflags(write=seed % 3 == 0)  # a writeable profile is copied first
    outcomes = []
    for on, profile in ((tree, flat), (tree.as_float() if tree.is_exact else tree, flat.astype(object))):
        try:
            e = _certify(on.replace(title="a fresh copy"), profile, "nash", tol)
        except NotAnEquilibriumError as error:
            outcomes.append(str(error))
            continue
        fields = [(repr(a), a.dtype, a.shape, a.flags.writeable)
                  for a in (e.behavior, e.path, e.subgame_roots, e.subgame_regrets)]
        outcomes.append((fields, repr(e.payoffs), repr(e.regrets), e.concept, repr(e.tol), repr(e),
                         e.path.tolist(), e.subgame_regrets.tolist(), sorted(vars(e)), e.to_dict()))
        if profile is flat:  # a read-only profile is kept as it is
            assert (e.behavior is flat) != flat.flags.writeable
    assert outcomes[0] == outcomes[1]


def test_float_solves_cold_and_warm_give_the_same_certificate():
    from tree_helpers import random_tree as observed_tree

    rng = np.random.default_rng(5)
    for _ in range(20):
        tree = observed_tree(rng, depth=2 + int(rng.integers(3)))
        cold = sequence_form_lemke(tree.replace(title="cold"), exact=False)[0]
        warm_tree = tree.replace(title="warm")
        sequence_form_lemke(warm_tree)
        warm = sequence_form_lemke(warm_tree, exact=False)[0]
        for e in (cold, warm):
            assert not e.path.flags.writeable and not e.subgame_regrets.flags.writeable
            assert e.subgame_regrets.shape == (1, 2) and list(e.subgame_regrets[0]) == list(e.regrets)
            assert max(e.regrets) <= e.tol
        assert cold.path.tolist() == warm.path.tolist() and cold.payoffs == warm.payoffs


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 100_000), n_players=st.integers(1, 3))
def test_structure_lists_read_on_first_access_are_the_trees(seed, n_players):
    tree = random_tree(seed, n_players=n_players, depth=1 + seed % 5)
    lists = _tree_lists(tree)
    assert lists["terminals"] == tree.terminals.tolist()
    assert lists["perfect_information"] == tree.is_perfect_information
    assert lists["preorder"] == tree.preorder.tolist()
    offsets = tree.action_offsets.tolist()
    move = [-1] + [offsets[int(tree.node_infoset[int(tree.parent[v])])] + int(tree.action_index[v])
                   if tree.node_player[int(tree.parent[v])] >= 0 else -1 for v in range(1, tree.n_nodes)]
    assert lists["move"] == move
    assert _tree_lists(tree) is lists and lists["move"] is lists["move"]
