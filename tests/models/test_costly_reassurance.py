"""Pinned results of the costly reassurance tree (models/costly_reassurance.toml).

Source: Kydd (2000), "Trust, Reassurance, and Cooperation", International
Organization 54(2): 325-357: trustworthy states can reassure by costly
gestures that untrustworthy states would not make. The two-type tree and its
separation interval are ours: the gesture costs r to a trustworthy A and
lambda r to an untrustworthy one, and a separating perfect Bayesian
equilibrium (only the trustworthy type reassures, B cooperates with it)
exists exactly for (T_u - P)/lambda <= r <= R - P, the interval [3/2, 2] at
R = 4, T_u = 5, P = 2, S = 0, lambda = 2; with lambda = 1 never.
"""

from fractions import Fraction

import pytest

from gametheory.model import load_model
from gametheory.solvers.perfect_bayesian import BeliefRegion, signaling_structure

from model_helpers import assert_gambit_certifies_every_equilibrium, signaling_pbe

KEY = "costly_reassurance"
F = Fraction


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def _separating(model, **values):
    return [(e, r) for e, s, r in signaling_pbe(model, **values)
            if s == {"Trustworthy": {"Reassure": 1}, "Untrustworthy": {"None": 1}}]


def test_the_model_is_a_signalling_tree_judged_by_pbe(model):
    assert model.kind == "tree" and model.solution_concept == "pbe"
    s = signaling_structure(model.tree())
    assert s.types == ("Trustworthy", "Untrustworthy") and s.messages == ("Reassure", "None")
    assert s.responses == ("Cooperate", "Defect") and s.prior == (F(1, 3), F(2, 3))


@pytest.mark.parametrize("cost, separates", [
    (F(7, 5), False), (F(3, 2), True), (F(7, 4), True), (F(2), True), (F(21, 10), False), (F(0), False),
])
def test_reassurance_separates_exactly_on_the_interval(model, cost, separates):
    """(T_u - P)/lambda <= r <= R - P: [3/2, 2] at the defaults."""
    found = _separating(model, reassurance_cost=cost)
    assert bool(found) == separates
    for e, receiver in found:
        assert e.classification == "separating"
        assert receiver == {"Reassure": {"Cooperate": 1}, "None": {"Defect": 1}}
        assert e.belief_at("after Reassure") == (1, 0)   # the gesture reveals the trustworthy type
        assert e.belief_at("after None") == (0, 1)
        assert e.payoffs == (F(1, 3) * (4 - cost) + F(2, 3) * 2, F(1, 3) * 4 + F(2, 3) * 2)


@pytest.mark.parametrize("cost_factor, low, high", [(F(3), F(1), F(2)), (F(3, 2), F(2), F(2)), (F(6, 5), None, None)])
def test_interval_moves_with_the_cost_factor(model, cost_factor, low, high):
    """lambda = 3: [1, 2]; lambda = 3/2: the single point 2; lambda = 6/5: empty ((T_u - P)/lambda = 5/2 > 2)."""
    for cost in (F(9, 10), F(1), F(3, 2), F(2), F(21, 10), F(5, 2)):
        expected = low is not None and low <= cost <= high
        assert bool(_separating(model, reassurance_cost=cost, cost_factor=cost_factor)) == expected, cost


@pytest.mark.parametrize("cost", [F(1), F(3, 2), F(2), F(3)])
def test_one_cost_for_both_types_never_separates(model, cost):
    """lambda = 1: the untrustworthy type gains more from cooperation (T_u - P > R - P), so it copies any gesture."""
    assert not _separating(model, reassurance_cost=cost, cost_factor=1)


def test_without_reassurance_b_defects_at_low_trust(model):
    """Pooling on no gesture: B keeps its prior 1/3 < (P - S)/(R - S) = 1/2 and defects."""
    pooled = [(e, r) for e, s, r in signaling_pbe(model, reassurance_cost=F(21, 10))
              if s == {"Trustworthy": {"None": 1}, "Untrustworthy": {"None": 1}}]
    assert pooled and all(e.classification == "pooling" for e, _ in pooled)
    for e, receiver in pooled:
        assert receiver["None"] == {"Defect": 1} and e.belief_at("after None") == (F(1, 3), F(2, 3))
        off = e.belief_at("after Reassure")
        assert isinstance(off, BeliefRegion)
        expected = (0, F(1, 2)) if receiver["Reassure"] == {"Defect": 1} else (F(1, 2), 1)
        assert off.interval(0) == expected


@pytest.mark.parametrize("cost, pooling_passes", [(F(7, 4), False), (F(3, 2), True), (F(2), True)])
def test_intuitive_criterion(model, cost, pooling_passes):
    """Inside the interval the untrustworthy type would never pay lambda r > T_u - P, so the pooling PBE held up
    by 'a gesture comes from the untrustworthy type' fails the criterion; at the ends a type is indifferent."""
    found = signaling_pbe(model, reassurance_cost=cost)
    pooling = [e for e, s, _ in found if s == {"Trustworthy": {"None": 1}, "Untrustworthy": {"None": 1}}]
    assert pooling
    for e in pooling:
        assert e.passes_intuitive_criterion() == pooling_passes
        if not pooling_passes:
            test = e.intuitive_criterion()[0]
            assert test.message == "Reassure"
            assert test.dominated == ("Untrustworthy",) and test.breaking == ("Trustworthy",)
    separating = [e for e, s, _ in found if e.classification == "separating"]
    assert separating and all(e.passes_intuitive_criterion() for e in separating)


def test_sweep_and_comparison_use_pbe(model):
    from gametheory.study.compare import compare
    from gametheory.study.sweep import sweep

    frame = sweep(model, grid={"reassurance_cost": [1, F(7, 4), 3], "cost_factor": [1, 2]})
    assert set(frame["concept"]) == {"pbe"} and (frame["max_regret"] == 0).all()
    inside = frame[(frame["reassurance_cost"] == F(7, 4)) & (frame["cost_factor"] == 2)]
    assert inside["reaches:cooperation_after_reassurance"].any()
    assert not frame[frame["cost_factor"] == 1]["reaches:cooperation_after_reassurance"].any()
    # Kydd's rule (a costly gesture, r >= 3/2, to a mistrustful state) holds only inside the interval and with
    # type-dependent costs: at r = 7/4, lambda = 2 of its four points; it can fail, and does.
    comparison = compare(model, frame, "defensive_realism")
    assert comparison.n_predicted == 4 and comparison.agreement == F(1, 4)


def test_rules_read_trust_and_the_gestures_size(model):
    """Trust and the gesture's cost are the structural variables; every rule reads only them. A witness against
    Kydd's rule as encoded: a gesture of r = 3 > R - P = 2 to a mistrustful state (p = 1/3) is too dear for the
    trustworthy type, so no equilibrium reassures."""
    assert {p.name for p in model.parameters if p.structural} == {"trust", "reassurance_cost"}
    for theory in model.predictions:
        assert all(rule.independent for rule in model.theory(theory).rules)
    assert model.predicted_rule("defensive_realism", reassurance_cost=3).outcome == "cooperation_after_reassurance"
    assert not _separating(model, reassurance_cost=3)


@pytest.mark.parametrize("values", [{}, {"reassurance_cost": F(3, 2)}])
def test_cross_check_with_pygambit(model, values):
    """pygambit (independent): every PBE we return has zero regret in the tree by pygambit's own computation
    (a PBE is a Nash equilibrium), with the same expected payoffs."""
    pytest.importorskip("pygambit")
    assert_gambit_certifies_every_equilibrium(model, **values)
