"""Pinned results of the alliance peacetime-costs tree (models/alliance_peacetime_costs.toml).

Source: Morrow (1994), "Alliances, Credibility, and Peacetime Costs",
Journal of Conflict Resolution 38(2): 270-297: alliances are informative
because their peacetime costs are paid only by states willing to fight. The
two-type tree and its thresholds are ours: a separating perfect Bayesian
equilibrium (only the committed ally pays the peacetime cost c, and the
challenger attacks only an unallied protege) exists exactly for
v_L <= c <= k, [2, 5] at the defaults; when joint preparation commits even
the uncommitted ally (g >= k - v_L), both types ally and deter for c <= v_L.
"""

from fractions import Fraction

import pytest

from gametheory.model import load_model
from gametheory.solvers.perfect_bayesian import BeliefRegion, signaling_structure

from model_helpers import assert_gambit_certifies_every_equilibrium, signaling_pbe

KEY = "alliance_peacetime_costs"
F = Fraction


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def _with(model, committed, uncommitted, **values):
    return [(e, r) for e, s, r in signaling_pbe(model, **values)
            if s == {"Committed": {committed: 1}, "Uncommitted": {uncommitted: 1}}]


def test_the_model_is_a_signalling_tree_judged_by_pbe(model):
    assert model.kind == "tree" and model.solution_concept == "pbe"
    s = signaling_structure(model.tree())
    assert s.types == ("Committed", "Uncommitted") and s.messages == ("Alliance", "Stay out")
    assert s.responses == ("Attack", "Not")


@pytest.mark.parametrize("cost, separates", [
    (F(19, 10), False), (F(2), True), (F(3), True), (F(5), True), (F(51, 10), False), (F(0), False),
])
def test_peacetime_costs_separate_exactly_on_vl_to_k(model, cost, separates):
    found = _with(model, "Alliance", "Stay out", peacetime_cost=cost)
    assert bool(found) == separates
    for e, receiver in found:
        assert e.classification == "separating"
        assert receiver == {"Alliance": {"Not": 1}, "Stay out": {"Attack": 1}}
        assert e.belief_at("after Alliance") == (1, 0) and e.belief_at("after Stay out") == (0, 1)
        # The committed ally deters at cost c; the unallied protege is attacked and abandoned.
        assert e.payoffs == (F(1, 2) * (10 - cost), F(1, 2) * 3)


@pytest.mark.parametrize("cost", [F(1), F(2)])
def test_preparation_that_commits_both_types_lets_both_ally(model, cost):
    """g = 3 >= k - v_L: an alliance commits the uncommitted ally too, so for c <= v_L both ally and deter."""
    assert not _with(model, "Alliance", "Alliance", peacetime_cost=cost)  # g = 1: an alliance does not commit
    found = _with(model, "Alliance", "Alliance", peacetime_cost=cost, preparation=3)
    assert found
    for e, receiver in found:
        assert e.classification == "pooling" and receiver["Alliance"] == {"Not": 1}
        assert e.belief_at("after Alliance") == (F(1, 2), F(1, 2))
        # Off the path the challenger attacks at P(Committed) <= B/(B + c_C) = 3/5, mixes only at 3/5.
        off = e.belief_at("after Stay out")
        expected = {"Attack": (0, F(3, 5)), "Not": (F(3, 5), 1)}.get(next(iter(receiver["Stay out"]))) \
            if len(receiver["Stay out"]) == 1 else (F(3, 5), F(3, 5))
        assert isinstance(off, BeliefRegion) and off.interval(0) == expected
    assert not _with(model, "Alliance", "Alliance", peacetime_cost=F(21, 10), preparation=3)


@pytest.mark.parametrize("cost, pooling_passes", [(F(3), False), (F(2), True), (F(5), True)])
def test_intuitive_criterion(model, cost, pooling_passes):
    """Strictly inside [v_L, k] the uncommitted ally would never pay c: the pooling PBE without alliances, held
    up by reading an alliance as uncommitted, fails the criterion; the separating PBE passes."""
    found = signaling_pbe(model, peacetime_cost=cost)
    pooling = [e for e, s, _ in found if s == {"Committed": {"Stay out": 1}, "Uncommitted": {"Stay out": 1}}]
    assert pooling
    for e in pooling:
        assert e.passes_intuitive_criterion() == pooling_passes
        if not pooling_passes:
            test = e.intuitive_criterion()[0]
            assert test.message == "Alliance"
            assert test.dominated == ("Uncommitted",) and test.breaking == ("Committed",)
    assert all(e.passes_intuitive_criterion() for e, s, _ in found if e.classification == "separating")


def test_sweep_and_comparison_use_pbe(model):
    from gametheory.study.compare import compare
    from gametheory.study.sweep import sweep

    frame = sweep(model, grid={"peacetime_cost": [1, 3], "preparation": [1, 3]})
    assert set(frame["concept"]) == {"pbe"} and (frame["max_regret"] == 0).all()
    assert frame[frame["peacetime_cost"] == 3]["reaches:alliance_separates"].any()
    assert not frame[frame["peacetime_cost"] == 1]["reaches:alliance_separates"].any()
    # Morrow's rules as encoded: at g = 3 both ally iff c <= v_L (holds at c = 1, fails at c = 3);
    # at g = 1, c = 3 the alliance separates; c = 1, g = 1 has no rule.
    comparison = compare(model, frame, "defensive_realism")
    assert comparison.n_predicted == 3 and comparison.agreement == pytest.approx(2 / 3)


def test_rules_read_the_alliances_costs_and_preparation(model):
    """Peacetime cost and preparation are the structural variables; Morrow's rules read only them. A witness
    against the preparation rule: at g = 3 >= k - v_L and c = 3 > v_L = 2 the uncommitted ally will not pay."""
    assert {p.name for p in model.parameters if p.structural} == {"peacetime_cost", "preparation"}
    assert all(rule.independent for rule in model.theory("defensive_realism").rules)
    assert model.predicted_rule("defensive_realism", preparation=3).outcome == "both_ally"
    assert not _with(model, "Alliance", "Alliance", preparation=3, peacetime_cost=3)
    assert _with(model, "Alliance", "Alliance", preparation=3, peacetime_cost=1)


@pytest.mark.parametrize("values", [{}, {"peacetime_cost": 1, "preparation": 3}])
def test_cross_check_with_pygambit(model, values):
    """pygambit (independent): every PBE we return has zero regret in the tree by pygambit's own computation
    (a PBE is a Nash equilibrium), with the same expected payoffs."""
    pytest.importorskip("pygambit")
    assert_gambit_certifies_every_equilibrium(model, **values)
