"""The list-based certificate of game-tree equilibria against the general (numpy, per-subgame) routine.

Small perfect-information trees and every tree with information sets are
certified by walks over Python lists cached on the tree; larger perfect-
information trees by level-by-level numpy passes. Both must give the same
regrets in every subgame, the same payoffs and the same path: exactly in
exact mode, to rounding in float mode, for any behaviour profile (not only
equilibria).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_extensive_tree import _random_behavior, random_tree

from gametheory.equilibrium import NotAnEquilibriumError
from gametheory.games.extensive import GameTree, check_behavior, expected_payoffs, outcome_distribution
from gametheory.games.extensive.equilibrium import (
    _SMALL_TREE,
    _certify,
    _list_certificate,
    _subgame_regrets,
    certify_tree,
    subgame_roots,
)
from gametheory.solvers.backward_induction import backward_induction
from gametheory.solvers.sequence_form import sequence_form_lemke


def _general(tree, flat, roots):
    roots, regrets, values = _subgame_regrets(tree, flat, np.asarray(roots, dtype=np.int64))
    return regrets.tolist(), values[0].tolist()


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 100_000), n_players=st.integers(1, 3), imperfect=st.booleans(),
       chance_nodes=st.booleans())
def test_exact_regrets_equal_the_general_routine(seed, n_players, imperfect, chance_nodes):
    tree = random_tree(seed, n_players=n_players, depth=2 + seed % 3, imperfect=imperfect, chance_nodes=chance_nodes)
    flat = check_behavior(tree, _random_behavior(tree, np.random.default_rng(seed)))
    assert flat.dtype == object
    for roots in ([0], subgame_roots(tree).tolist()):
        regrets, root_values, path = _list_certificate(tree, flat, roots, True)
        general_regrets, general_values = _general(tree, flat, roots)
        assert regrets == general_regrets  # Fractions: exact equality
        assert all(isinstance(x, Fraction) for row in regrets for x in row + root_values + path)
        assert root_values == general_values
        assert tuple(root_values) == expected_payoffs(tree, flat)
        assert path == outcome_distribution(tree, flat).tolist()
        assert all(r >= 0 for row in regrets for r in row)  # a best response is at least the profile


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 100_000), n_players=st.integers(1, 3), imperfect=st.booleans())
def test_float_regrets_equal_the_general_routine(seed, n_players, imperfect):
    tree = random_tree(seed, n_players=n_players, depth=2 + seed % 3, imperfect=imperfect, exact=False)
    flat = np.asarray(check_behavior(tree, _random_behavior(tree, np.random.default_rng(seed), exact=False)),
                      dtype=float)  # a tree without decisions has an empty (object) profile
    for roots in ([0], subgame_roots(tree).tolist()):
        regrets, root_values, path = _list_certificate(tree, flat, roots, False)
        general_regrets, general_values = _general(tree, flat, roots)
        assert np.allclose(regrets, general_regrets, rtol=1e-12, atol=1e-12)
        assert np.allclose(root_values, general_values, rtol=1e-12, atol=1e-12)
        assert np.allclose(path, outcome_distribution(tree, flat), rtol=1e-12, atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 100_000), imperfect=st.booleans())
def test_exact_tree_with_a_float_profile_is_certified_in_floats(seed, imperfect):
    tree = random_tree(seed, depth=3, imperfect=imperfect)
    flat = np.asarray(check_behavior(tree, _random_behavior(tree, np.random.default_rng(seed), exact=False)),
                      dtype=float)
    regrets, root_values, _ = _list_certificate(tree, flat, subgame_roots(tree).tolist(), False)
    general_regrets, general_values = _general(tree, flat, subgame_roots(tree))
    assert all(isinstance(r, float) for row in regrets for r in row)
    assert np.allclose(regrets, general_regrets, rtol=1e-12, atol=1e-12)
    assert np.allclose(root_values, general_values, rtol=1e-12, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 100_000), imperfect=st.booleans(), concept=st.sampled_from(["spe", "nash"]))
def test_trusted_and_public_certification_agree(seed, imperfect, concept):
    """Same verdict and, when certified, the same certificate; refusals name the same player and subgame."""
    tree = random_tree(seed, depth=3, imperfect=imperfect)
    flat = check_behavior(tree, _random_behavior(tree, np.random.default_rng(seed)))
    outcomes = []
    for certify in (lambda: certify_tree(tree, flat, concept=concept), lambda: _certify(tree, flat, concept, None)):
        try:
            e = certify()
        except NotAnEquilibriumError as error:
            outcomes.append(str(error))
        else:
            outcomes.append((e.subgame_roots.tolist(), e.subgame_regrets.tolist(), e.payoffs, e.path.tolist()))
    assert outcomes[0] == outcomes[1]
    # The general routine finds a deviation exactly when the certificate refuses.
    roots = subgame_roots(tree).tolist() if concept == "spe" else [0]
    regrets, _ = _general(tree, flat, roots)
    assert isinstance(outcomes[0], str) == any(r > 0 for row in regrets for r in row)


@pytest.mark.parametrize("exact", [True, False])
def test_backward_induction_certificates_on_both_sides_of_the_size_threshold(exact):
    """Small trees take the list walk, large ones the numpy pass: both certify every subgame with zero regret."""
    rng = np.random.default_rng(3)
    for n in (12, _SMALL_TREE - 1, _SMALL_TREE + 50):
        # A random tree in level order: each node's parent is an earlier node of the previous level.
        parent = [-1]
        level, next_level = [0], []
        while len(parent) < n:
            for p in level:
                for _ in range(int(rng.integers(0, 4)) if p else 2):
                    if len(parent) < n:
                        parent.append(p)
                        next_level.append(len(parent) - 1)
            if not next_level:
                break
            level, next_level = next_level, []
        parent = np.array(parent)
        has_children = np.bincount(parent[1:], minlength=len(parent)) > 0
        player = np.where(has_children, rng.integers(0, 2, len(parent)), -2)
        payoffs = rng.integers(-50, 50, (len(parent), 2))
        tree = GameTree.from_arrays(parent, player, payoffs if exact else payoffs + rng.random(payoffs.shape))
        result = backward_induction(tree, max_equilibria=3)
        for e in result:
            assert e.subgame_roots.tolist() == subgame_roots(tree).tolist()
            general_regrets, general_values = _general(tree, e.behavior, subgame_roots(tree))
            if exact:
                assert e.subgame_regrets.tolist() == general_regrets
                assert all(r == 0 for row in general_regrets for r in row)
                assert list(e.payoffs) == general_values
            else:
                assert np.allclose(e.subgame_regrets, general_regrets, atol=1e-9)
                assert np.allclose(e.payoffs, general_values)
            assert not e.subgame_regrets.flags.writeable and not e.behavior.flags.writeable


def test_sequence_form_certificates_match_the_general_routine():
    from tree_helpers import random_tree as observed_tree

    rng = np.random.default_rng(11)
    for _ in range(15):
        tree = observed_tree(rng, depth=3)
        for exact in (True, False):
            e = sequence_form_lemke(tree, exact=exact)[0]
            general_regrets, general_values = _general(e.tree, e.behavior, [0])
            if exact:
                assert list(e.regrets) == general_regrets[0] == [0, 0]
                assert list(e.payoffs) == general_values
            else:
                assert np.allclose(e.regrets, general_regrets[0], atol=1e-9)
                assert max(e.regrets) <= e.tol


def test_public_certificate_still_checks_its_input():
    tree = random_tree(5, depth=2)
    with pytest.raises(ValueError, match="behaviour profile has one entry per player"):
        certify_tree(tree, [[]])
    with pytest.raises(ValueError, match="concept must be one of"):
        certify_tree(tree, _random_behavior(tree, np.random.default_rng(0)), concept="perfect")


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 100_000), exact=st.booleans())
def test_payoff_scale_from_lists_is_the_largest_terminal_payoff(seed, exact):
    """The float tolerance's scale, read from the cached lists on small trees, is the numpy one."""
    from gametheory.games.extensive.equilibrium import payoff_scale
    from gametheory.games.extensive.tree import TERMINAL

    tree = random_tree(seed, n_players=1 + seed % 3, depth=3, exact=exact, values=range(-40, 41))
    values = np.asarray(tree.payoff_matrix[tree.node_player == TERMINAL], dtype=float)
    assert payoff_scale(tree) == max(1.0, float(np.abs(values).max()))


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 100_000), n_players=st.integers(1, 3), exact=st.booleans(), observed=st.booleans())
def test_root_best_value_by_own_sequences_is_the_walk(seed, n_players, exact, observed):
    """The whole game's best value, summed over the player's own sequences, equals the walk over nodes
    (exactly in exact mode) for any behaviour profile, zero probabilities included."""
    from gametheory.games.extensive._tree_walk import _list_best_value, _root_best_value, _tree_lists, _tree_numbers
    from tree_helpers import random_tree as observed_tree

    rng = np.random.default_rng(seed)
    if observed:
        tree = observed_tree(rng, depth=2 + seed % 3, payoff_range=3)
        if not exact:
            tree = tree.as_float()
    else:
        tree = random_tree(seed, n_players=n_players, depth=2 + seed % 3, exact=exact)
    flat = check_behavior(tree, _random_behavior(tree, rng, exact=exact))
    lists = _tree_lists(tree)
    payoffs, chance = _tree_numbers(tree, exact)
    behavior = flat.tolist()
    edge = [1] + [behavior[lists["move"][v]] if lists["move"][v] >= 0 else chance[v] for v in range(1, tree.n_nodes)]
    zero = Fraction(0) if exact else 0.0
    for i in range(tree.n_players):
        fast = _root_best_value(tree, lists, payoffs, edge, i, zero)
        walk = _list_best_value(tree, lists, payoffs, edge, 0, i, {})
        if exact:
            assert fast == walk
        else:
            assert abs(fast - walk) <= 1e-9 * max(1.0, abs(walk))


def test_result_objects_filled_field_by_field_are_the_dataclasses():
    """Solvers fill the frozen result dataclasses through their fields: the same objects as from __init__,
    still frozen, and dataclasses.replace still works."""
    import dataclasses

    from gametheory.games.extensive.equilibrium import TreeEquilibrium, TreeSolveResult

    tree = random_tree(3, depth=3)
    for exact in (True, False):
        result = sequence_form_lemke(tree, exact=exact)
        for obj, cls in ((result, TreeSolveResult), (result[0], TreeEquilibrium)):
            assert type(obj) is cls
            values = {f.name: getattr(obj, f.name) for f in dataclasses.fields(cls)}
            assert vars(obj) == vars(cls(**values))  # every field, nothing else
            with pytest.raises(dataclasses.FrozenInstanceError):
                obj.tree = None
        assert dataclasses.replace(result[0], concept="spe").concept == "spe"
        assert result[0].max_regret <= result[0].tol and len(result) == 1


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 100_000), denominator=st.integers(1, 10**12))
def test_float_numbers_of_an_exact_tree_are_those_of_its_float_copy(seed, denominator):
    """The float payoffs and chance probabilities read from an exact tree (one correctly rounded quotient per
    Fraction) are the numbers of its float copy, also for fractions that are not short decimals."""
    from gametheory.games.extensive._tree_walk import _tree_lists, _tree_numbers

    base = random_tree(seed, depth=3, chance_nodes=True)
    payoffs = np.array(base.payoff_matrix, dtype=object)
    payoffs[...] = [[Fraction(u) * Fraction(seed % 97 + 1, denominator) for u in row] for row in payoffs.tolist()]
    tree = GameTree.from_arrays(base.parent, base.node_player, payoffs, infoset=_infoset_ids(base),
                                probabilities=base.move_probabilities, exact=True)
    numbers, chance = _tree_numbers(tree, False)
    float_tree = tree.as_float()
    for v in _tree_lists(tree)["terminals"]:
        assert numbers[v] == float_tree.payoff_matrix[v].tolist()
    moves = [c for v in range(tree.n_nodes) if tree.node_player[v] == -1 for c in tree.children(v)]
    assert [chance[c] for c in moves] == [float(float_tree.move_probabilities[c]) for c in moves]


def _infoset_ids(tree):
    """Information-set ids per node for GameTree.from_arrays (the tree's own set indices)."""
    ids = np.full(tree.n_nodes, -1, dtype=np.int64)
    for h, info in enumerate(tree.infosets):
        ids[list(info.nodes)] = h
    return ids
