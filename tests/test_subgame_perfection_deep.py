"""Subgame decomposition on deep trees, one-move subgames solved directly, and honest notes on completeness."""

from __future__ import annotations


import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.games.extensive import build_tree, decision, terminal
from gametheory.games.extensive.equilibrium import certify_tree
from gametheory.solvers.backward_induction import backward_induction
from gametheory.solvers.subgame_perfection import subgame_perfect_equilibria
from test_backward_induction_deep import centipede, deep_tree, same_equilibrium

CAP_NOTE = "equilibria are combined per subgame"


def profiles(result) -> list:
    return sorted(tuple(str(p) for p in e.behavior.tolist()) for e in result)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10**6), players=st.integers(2, 3), exact=st.booleans(), spread=st.sampled_from([1, 30]),
       depth=st.integers(2, 60))
def test_decomposition_of_a_perfect_information_tree_is_backward_induction(seed, players, exact, spread, depth):
    """Every non-terminal node roots a one-move subgame: the pure SPE are those of backward induction."""
    tree = deep_tree(seed, n_players=players, depth=depth if spread > 1 else min(depth, 6), exact=exact,
                     spread=spread)
    direct = backward_induction(tree, max_equilibria=500)
    if not direct.complete:  # ties multiply the SPE beyond what is worth listing here
        return
    decomposed = subgame_perfect_equilibria(tree, max_equilibria=500)
    assert decomposed.complete
    assert profiles(decomposed) == profiles(direct)
    assert decomposed.continuum == direct.continuum
    for equilibrium in decomposed:
        same_equilibrium(equilibrium, certify_tree(tree, equilibrium.behavior, concept="spe"), exact)


def tied_tree():
    """Every move is a tie: 2 SPE in each of the two lower subgames, 2 choices at the root, 8 SPE in all."""
    zero = terminal(0, 0)
    return build_tree(decision("A", {
        "a": decision("B", {"l": zero, "r": zero}),
        "b": decision("B", {"l": zero, "r": zero}),
    }))


def test_the_cap_note_appears_only_when_the_cap_is_hit():
    tree = tied_tree()
    every = subgame_perfect_equilibria(tree)
    assert len(every) == 8 and every.complete and every.continuum
    exactly = subgame_perfect_equilibria(tree, max_equilibria=8)  # the cap reached by the last combination
    assert len(exactly) == 8 and exactly.complete
    assert not any(CAP_NOTE in note for note in exactly.notes)
    capped = subgame_perfect_equilibria(tree, max_equilibria=7)
    assert len(capped) == 7 and not capped.complete
    assert "at most 7 equilibria are combined per subgame" in capped.notes
    with pytest.raises(ValueError, match="max_equilibria must be a positive integer"):
        subgame_perfect_equilibria(tree, max_equilibria=0)


@pytest.mark.slow
def test_an_incomplete_subgame_solve_says_why_not_that_a_cap_was_hit():
    """A three-player simultaneous subgame: polynomial enumeration does not promise every equilibrium."""
    rng = np.random.default_rng(0)

    def leaf():
        return terminal(*[int(x) for x in rng.integers(0, 4, 3)])

    tree = build_tree(decision("A", {
        a: decision("B", {b: decision("C", {c: leaf() for c in "xy"}, infoset="c") for b in "lr"}, infoset="b")
        for a in "ud"}))
    result = subgame_perfect_equilibria(tree)
    assert not result.complete and 0 < len(result) < 1000
    assert not any(CAP_NOTE in note for note in result.notes)
    assert "strategic form solved by polynomial_enumeration" in result.notes
    assert any("not solved completely" in note for note in result.notes)
    for equilibrium in result:
        assert equilibrium.max_subgame_regret == 0


def test_a_deep_tree_is_decomposed_into_every_subgame():
    """A 20,001-node centipede has 10,000 subgames, each one move solved directly (the time is measured in
    benchmarks/bench_spe_deep.py)."""
    tree = centipede(10_000)
    result = subgame_perfect_equilibria(tree)
    (equilibrium,) = result.equilibria
    assert equilibrium.payoffs == (1, 9_999) and equilibrium.max_subgame_regret == 0 and result.complete
    assert len(equilibrium.subgame_roots) == 10_000
