"""Tests for the sequence form of two-player trees (gametheory.solvers.sequence_form)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.games.extensive import build_tree, chance, decision, terminal
from gametheory.games.extensive.conversions import outcome_distribution, reduced_strategic_form
from gametheory.solvers.sequence_form import (
    behavior_to_realization,
    sequence_form,
    sequence_form_enumeration,
    sequence_form_lemke,
)
from tree_helpers import from_gambit, gambit_profile, random_tree, to_gambit

gbt = pytest.importorskip("pygambit")
F = Fraction


def kuhn_like_poker():
    """One card, High or Low; A raises or checks, B calls or folds not knowing the card."""
    return build_tree(chance({
        "High": ("1/2", decision("A", {"Raise": decision("B", {"Call": terminal(2, -2), "Fold": terminal(1, -1)},
                                                          infoset="b"),
                                       "Check": terminal(1, -1)}, infoset="high")),
        "Low": ("1/2", decision("A", {"Raise": decision("B", {"Call": terminal(-2, 2), "Fold": terminal(1, -1)},
                                                         infoset="b"),
                                      "Check": terminal(-1, 1)}, infoset="low"))}))


def test_sequence_form_matrices_of_the_poker_tree():
    form = sequence_form(kuhn_like_poker())
    assert form.sizes == (5, 3)
    assert form.E.tolist() == [[1, 0, 0, 0, 0], [-1, 1, 1, 0, 0], [-1, 0, 0, 1, 1]]
    assert form.F.tolist() == [[1, 0, 0], [-1, 1, 1]]
    # A's payoff at (High-Raise, Call) is 1/2 * 2; at (∅, ∅) nothing ends without moves.
    assert form.A[1, 1] == 1 and form.A[1, 2] == F(1, 2) and form.A[2, 0] == F(1, 2)
    assert form.A[0, 0] == 0
    assert all(form.A[s, t] + form.B[s, t] == 0 for s in range(5) for t in range(3))


def test_lemke_poker_value_and_certificate():
    result = sequence_form_lemke(kuhn_like_poker())
    (e,) = result.equilibria
    assert e.payoffs == (F(1, 3), F(-1, 3))
    assert e.regrets == (0, 0)
    # A always raises High and bluffs Low with probability 1/3; B calls with 2/3.
    assert e.nested[0] == ((1, 0), (F(1, 3), F(2, 3)))
    assert e.nested[1] == ((F(2, 3), F(1, 3)),)


def test_float_lemke_matches_exact():
    exact = sequence_form_lemke(kuhn_like_poker())[0]
    floating = sequence_form_lemke(kuhn_like_poker(), exact=False)[0]
    assert np.allclose(np.asarray(exact.behavior, float), floating.behavior, atol=1e-9)
    assert max(floating.regrets) <= 1e-9


def test_enumeration_battle_of_the_sexes_tree():
    tree = build_tree(decision("A", {
        "x": decision("B", {"l": terminal(3, 1), "r": terminal(0, 0)}, infoset="b"),
        "y": decision("B", {"l": terminal(0, 0), "r": terminal(1, 3)}, infoset="b")}))
    result = sequence_form_enumeration(tree)
    assert result.complete and not result.continuum
    assert [e.payoffs for e in result] == [(3, 1), (F(3, 4), F(3, 4)), (1, 3)]
    assert all(e.regrets == (0, 0) for e in result)


def test_enumeration_reports_a_continuum_in_the_entry_game():
    """Entry deterrence: Out with any Fight probability >= 1/2 is a Nash equilibrium."""
    tree = build_tree(decision("Entrant", {
        "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Yield": terminal(1, 1)}),
        "Out": terminal(0, 2)}))
    result = sequence_form_enumeration(tree)
    assert result.continuum
    fights = sorted(e.nested[1][0][0] for e in result if e.nested[0][0] == (0, 1))
    assert fights == [F(1, 2), 1]


def test_start_choice_and_errors():
    tree = kuhn_like_poker()
    e = sequence_form_lemke(tree, start=([1, 1], [1]))[0]
    assert e.regrets == (0, 0)
    with pytest.raises(ValueError, match="one action index per information set"):
        sequence_form_lemke(tree, start=([0], [0]))
    with pytest.raises(ValueError, match="two-player"):
        sequence_form(build_tree(decision("A", {"x": terminal(1, 2, 3), "y": terminal(0, 0, 0)})))
    with pytest.raises(TypeError, match="GameTree"):
        sequence_form_lemke("tree")


def test_realization_plans_round_trip_and_payoffs_match_the_strategic_form():
    tree = kuhn_like_poker()
    form = sequence_form(tree)
    e = sequence_form_lemke(tree)[0]
    x, y = behavior_to_realization(form, e.behavior)
    assert x[0] == 1 and y[0] == 1
    assert form.E.dot(x).tolist() == [1, 0, 0] and form.F.dot(y).tolist() == [1, 0]
    assert form.payoffs(x, y) == e.payoffs
    # Every pair of pure reduced plans has the same payoff in both forms.
    sf = reduced_strategic_form(tree)
    for p, plan in enumerate(sf.plans[0]):
        for q, other in enumerate(sf.plans[1]):
            choices = list(plan) + list(other)
            flat = np.empty(int(tree.action_offsets[-1]), dtype=object)
            flat[:] = F(0)
            for h, a in enumerate(choices):
                flat[int(tree.action_offsets[h]) + max(a, 0)] = F(1)
            xs, ys = behavior_to_realization(form, flat)
            assert form.payoffs(xs, ys) == (sf.game.payoffs[0][p, q], sf.game.payoffs[1][p, q])


# ------------------------------------------------------------ pygambit
def _plans(form, flat):
    x, y = behavior_to_realization(form, flat)
    return tuple(x.tolist()), tuple(y.tolist())


@pytest.mark.parametrize("seed", range(12))
def test_lemke_equilibria_are_equilibria_for_pygambit(seed):
    tree = random_tree(np.random.default_rng(seed), depth=3)
    game = to_gambit(tree)
    for exact in (True, False):
        e = sequence_form_lemke(tree, exact=exact)[0]
        assert max(e.regrets) == 0 if exact else max(e.regrets) <= 1e-9
        profile = gambit_profile(game, tree, e.behavior, rational=exact)
        assert profile.max_regret() == 0 if exact else profile.max_regret() <= 1e-9


@pytest.mark.parametrize("seed", [0, 2, 3, 4, 5, 9, 11, 14, 15, 20, 21, 23, 25, 29, 30, 34, 35])
def test_pygambit_lcp_equilibria_are_among_the_enumerated(seed):
    tree = random_tree(np.random.default_rng(seed), depth=3)
    game = to_gambit(tree)
    form = sequence_form(tree)
    result = sequence_form_enumeration(tree)
    assert result.complete
    ours = {_plans(form, e.behavior) for e in result}
    assert all(max(e.regrets) == 0 for e in result)
    for profile in gbt.nash.lcp_solve(game, rational=True).equilibria:
        theirs = from_gambit(game, tree, profile)
        assert _plans(form, theirs) in ours
        # The outcome distributions agree too.
        match = next(e for e in result if _plans(form, e.behavior) == _plans(form, theirs))
        assert list(outcome_distribution(tree, theirs)) == list(match.path)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(40, 70))
def test_lemke_on_deeper_random_trees_against_pygambit(seed):
    tree = random_tree(np.random.default_rng(seed), depth=4, payoff_range=3)
    game = to_gambit(tree)
    e = sequence_form_lemke(tree)[0]
    assert max(e.regrets) == 0
    assert gambit_profile(game, tree, e.behavior).max_regret() == 0


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), payoff_range=st.sampled_from([1, 2, 20]))
def test_every_returned_equilibrium_has_zero_certified_regret(seed, payoff_range):
    """Small payoff ranges give degenerate trees (ties everywhere)."""
    tree = random_tree(np.random.default_rng(seed), depth=2, payoff_range=payoff_range)
    form = sequence_form(tree)
    lemke = sequence_form_lemke(tree)[0]
    assert lemke.regrets == (0, 0)
    result = sequence_form_enumeration(tree)
    plans = {_plans(form, e.behavior) for e in result}
    assert _plans(form, lemke.behavior) in plans or result.continuum
    for e in result:
        assert e.regrets == (0, 0)
        for h in range(tree.n_infosets):
            block = e.behavior[tree.action_offsets[h]:tree.action_offsets[h + 1]]
            assert all(p >= 0 for p in block) and sum(block) == 1
