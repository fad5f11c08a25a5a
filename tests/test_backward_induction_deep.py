"""Backward induction on deep trees: the node-by-node route, its one-walk certificate, and its speed.

A deep tree (few nodes per level, as a centipede) is solved node by node and
its pure SPE certified by :func:`certify_pure_profile` in one walk; bushy
trees keep the level-by-level route and the general certificate. Both routes
are checked here against each other and against
:func:`~gametheory.games.extensive.equilibrium.certify_tree` on random deep
trees with chance moves and ties.
"""

from __future__ import annotations

import importlib
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.equilibrium import NotAnEquilibriumError
from gametheory.games.extensive.equilibrium import certify_tree
from gametheory.games.extensive.tree import CHANCE, TERMINAL, GameTree
from gametheory.solvers.subgame_perfection import solve_tree, subgame_perfect_equilibria

backward = importlib.import_module("gametheory.solvers.backward_induction")


def deep_tree(seed: int, *, n_players: int = 2, depth: int = 120, exact: bool = True, spread: int = 3,
              chance_rate: float = 0.1) -> GameTree:
    """A random caterpillar: at each level one or two nodes go on (2-3 children), the others are terminal.

    Payoffs are integers in ``[-spread, spread]`` (small spreads give ties), in
    float mode with a small random part; chance nodes have exact probabilities.
    """
    rng = np.random.default_rng(seed)
    parent, player, probabilities = [-1], [], [Fraction(0)]
    level = [0]
    for d in range(depth):
        goes_on = set(rng.choice(len(level), size=min(len(level), int(rng.integers(1, 3))), replace=False).tolist())
        nxt = []
        for position, v in enumerate(level):
            if position not in goes_on or d == depth - 1:
                player.append(TERMINAL)
                continue
            k = int(rng.integers(2, 4))
            if rng.random() < chance_rate:
                player.append(CHANCE)
                weights = rng.integers(1, 4, size=k)
                probabilities.extend(Fraction(int(w), int(weights.sum())) for w in weights)
            else:
                player.append(int(rng.integers(n_players)))
                probabilities.extend([Fraction(0)] * k)
            for _ in range(k):
                nxt.append(len(parent))
                parent.append(v)
        level = nxt
        if not level:
            break
    player.extend([TERMINAL] * (len(parent) - len(player)))
    n = len(parent)
    payoffs = rng.integers(-spread, spread + 1, size=(n, n_players))
    if exact:
        rows = payoffs.tolist()
    else:
        rows = (payoffs + 0.25 * rng.random((n, n_players)).round(1)).tolist()
    has_chance = CHANCE in player
    return GameTree.from_arrays(parent, player, rows, probabilities=probabilities if has_chance else None,
                                exact=exact)


def centipede(moves: int, *, exact: bool = True) -> GameTree:
    """Centipede of ``moves`` moves: node k offers 'stop' (payoffs k, moves - k) and 'go'; the last 'go' pays 0."""
    n = 1 + 2 * moves
    k = np.arange(moves)
    decision = np.concatenate([[0], 2 + 2 * np.arange(moves - 1)])
    parent = np.empty(n, dtype=np.int64)
    parent[0] = -1
    parent[1 + 2 * k] = decision
    parent[2 + 2 * k] = decision
    player = np.full(n, TERMINAL, dtype=np.int64)
    player[decision] = k % 2
    payoffs = np.zeros((n, 2), dtype=np.int64)
    payoffs[1 + 2 * k, 0] = k
    payoffs[1 + 2 * k, 1] = moves - k
    return GameTree.from_arrays(parent, player, payoffs.tolist() if exact else payoffs.astype(float),
                                infoset=np.where(player >= 0, np.cumsum(player >= 0) - 1, -1),
                                actions={h: ("stop", "go") for h in range(moves)})


def same_equilibrium(ours, reference, exact: bool) -> None:
    """Every field of the certificate agrees (exactly in exact mode)."""
    assert np.array_equal(ours.behavior, reference.behavior)
    assert ours.behavior.dtype == reference.behavior.dtype
    assert ours.subgame_roots.tolist() == reference.subgame_roots.tolist()
    assert ours.concept == reference.concept == "spe" and ours.tol == reference.tol
    assert ours.path.dtype == reference.path.dtype and ours.subgame_regrets.dtype == reference.subgame_regrets.dtype
    if exact:
        assert ours.payoffs == reference.payoffs and ours.regrets == reference.regrets
        assert ours.path.tolist() == reference.path.tolist()
        assert ours.subgame_regrets.tolist() == reference.subgame_regrets.tolist()
        assert all(type(x) is Fraction for x in ours.subgame_regrets.ravel().tolist() + ours.path.tolist())
    else:
        assert np.allclose(ours.payoffs, reference.payoffs, rtol=0, atol=1e-9)
        assert np.allclose(ours.path, reference.path, rtol=0, atol=1e-12)
        assert np.allclose(ours.subgame_regrets, reference.subgame_regrets, rtol=0, atol=1e-9)
    assert not ours.path.flags.writeable and not ours.subgame_regrets.flags.writeable


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10**6), players=st.integers(1, 3), exact=st.booleans(), spread=st.sampled_from([1, 30]),
       depth=st.integers(2, 150))
def test_node_route_matches_level_route_on_deep_trees(seed, players, exact, spread, depth):
    tree = deep_tree(seed, n_players=players, depth=depth, exact=exact, spread=spread)
    slack = None if exact else backward.scaled_tolerance(None, backward.payoff_scale(tree))
    columns, row, choice, ties = backward._node_values(tree, slack)
    values = backward._gather(columns, row, exact)
    levels = backward._level_values(tree, slack)
    assert values.dtype == levels[0].dtype and values.shape == levels[0].shape
    if exact:
        assert values.tolist() == levels[0].tolist()
    else:
        assert np.allclose(values, levels[0], rtol=0, atol=1e-12)
    assert choice == levels[1].tolist() and ties == levels[2].tolist()


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), players=st.integers(2, 3), exact=st.booleans(), spread=st.sampled_from([1, 30]))
def test_one_walk_certificate_is_the_general_certificate(seed, players, exact, spread):
    """On deep trees past the small-tree size every listed SPE carries exactly certify_tree's certificate."""
    tree = deep_tree(seed, n_players=players, depth=200, exact=exact, spread=spread)
    result = backward.backward_induction(tree, max_equilibria=4)
    assert result.equilibria and result.method == "backward_induction"
    for equilibrium in result:
        reference = certify_tree(tree, equilibrium.behavior, concept="spe")
        same_equilibrium(equilibrium, reference, exact)
        assert equilibrium.max_subgame_regret <= equilibrium.tol


def test_deep_trees_take_the_node_route_and_bushy_ones_the_level_route():
    assert backward._walks_nodes(centipede(1000))
    bushy = GameTree.from_arrays([-1] + [0] * 3 + [1 + a // 3 for a in range(9)] + [4 + a // 2 for a in range(18)],
                                 [0, 1, 1, 1] + [0] * 9 + [TERMINAL] * 18, np.ones((31, 2), dtype=int).tolist())
    assert backward._walks_nodes(bushy)  # small: walked in any case
    rng = np.random.default_rng(3)
    wide = deep_tree(1, depth=3)
    assert wide.n_nodes <= backward._SMALL_TREE
    big = GameTree.from_arrays(np.concatenate([[-1], np.zeros(4000, dtype=np.int64)]),
                               np.concatenate([[0], np.full(4000, TERMINAL)]),
                               rng.integers(0, 9, size=(4001, 2)).tolist())
    assert not backward._walks_nodes(big)


def test_one_walk_certificate_refuses_a_profile_that_is_not_subgame_perfect():
    tree = centipede(300)
    choice = backward.backward_induction_values(tree)[1].copy()
    assert choice[0] == 1  # player 1 goes on at the root
    last = int(np.flatnonzero(tree.node_player >= 0)[-1])
    choice[last] = 1 - choice[last]  # the last mover takes the worse move: a deviation gains in that subgame
    with pytest.raises(NotAnEquilibriumError) as ours:
        backward.certify_pure_profile(tree, choice)
    with pytest.raises(NotAnEquilibriumError) as general:
        certify_tree(tree, backward._flat_behavior(tree, choice, True), concept="spe")
    assert str(ours.value) == str(general.value)
    assert str(ours.value).startswith("not subgame perfect: player 'Player 1' gains 298 by deviating in the subgame")
    with pytest.raises(ValueError, match="one action index per node"):
        backward.certify_pure_profile(tree, choice[:-1])
    choice[0] = 2
    with pytest.raises(ValueError, match=r"choice\[0\] is 2: node 0 has 2 actions"):
        backward.certify_pure_profile(tree, choice)


@pytest.mark.parametrize("exact", [True, False])
def test_centipede_solution_is_pinned(exact):
    """Player 2 stops at the first chance (move 1); player 1 goes on at move 0; every subgame certified."""
    moves = 2000
    tree = centipede(moves, exact=exact)
    result = solve_tree(tree, "spe")
    assert len(result) == 1 and result.complete and not result.continuum
    (equilibrium,) = result
    assert equilibrium.payoffs == (1, moves - 1)
    assert len(equilibrium.subgame_roots) == moves and equilibrium.max_subgame_regret == 0
    assert equilibrium.path.tolist().count(1) == 1 and sum(equilibrium.path.tolist()) == 1
    # The same SPE through the subgame decomposition (every decision node roots a subgame).
    decomposed = subgame_perfect_equilibria(tree)
    assert [e.behavior.tolist() for e in decomposed] == [equilibrium.behavior.tolist()]


@pytest.mark.slow
@pytest.mark.parametrize("exact", [True, False])
def test_a_deep_centipede_is_solved_and_certified_in_every_subgame(exact):
    """A 400,001-node centipede (200,000 levels; its time is measured in benchmarks/bench_spe_deep.py)."""
    tree = centipede(200_000, exact=exact)
    result = solve_tree(tree, "spe")
    assert result[0].payoffs == (1, 199_999) and result[0].max_subgame_regret == 0
