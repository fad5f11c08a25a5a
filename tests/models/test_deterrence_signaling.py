"""Pinned results of the deterrence signalling tree (models/deterrence_signaling.toml).

Source: Fearon (1997), "Signaling Foreign Policy Interests: Tying Hands versus
Sinking Costs", Journal of Conflict Resolution 41(1): 68-90, in the two-type
reduction of the project's literature catalog, entry 11 (ours; Fearon uses a
type continuum). The game is judged by perfect Bayesian equilibrium:

- sinking costs: a separating PBE (the resolved type sinks m, the irresolute
  type does nothing) exists exactly for m in [v_L, k] = [2, 4] at v_H = 10,
  v_L = 2, k = 4, B = 3, c_C = 2 when every challenger is an opportunist
  (q = 0), and for m in [(1 - q) v_L, (1 - q) k] when a determined
  challenger comes with probability q (ours);
- tying hands: the resolved type ties and the irresolute type does not
  exactly when (1 - q) v_L <= q min(a, k - v_L) (ours for the two-type tree):
  never at q = 0, from a = 1 on at q = 2/3.

Each pin checks the PBE's classification, who signals, the challenger's
beliefs on and off the path and the certificate (every gap exactly 0), and the
Intuitive Criterion where it removes a pooling equilibrium.
"""

from fractions import Fraction

import pytest

from gametheory.model import load_model
from gametheory.solvers.perfect_bayesian import BeliefRegion, signaling_structure

from model_helpers import assert_gambit_certifies_every_equilibrium, signaling_pbe

KEY = "deterrence_signaling"
F = Fraction


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def _pure(sender) -> dict:
    return {t: next(iter(row)) if len(row) == 1 else None for t, row in sender.items()}


def _with_signals(model, resolved, irresolute, **values):
    """The pure PBE in which the resolved and the irresolute type send the given messages."""
    return [(e, r) for e, s, r in signaling_pbe(model, **values)
            if _pure(s) == {"Resolved": resolved, "Irresolute": irresolute}]


def test_the_model_is_a_signalling_tree_judged_by_pbe(model):
    assert model.kind == "tree" and model.solution_concept == "pbe"
    s = signaling_structure(model.tree())
    assert s.types == ("Resolved", "Irresolute")
    assert s.messages == ("Nothing", "Sink", "Tie") and s.responses == ("Challenge", "Not")
    assert s.prior == (F(1, 2), F(1, 2))


# ------------------------------------------------------------ sinking costs
@pytest.mark.parametrize("sunk_cost, separates", [
    (F(3, 2), False), (F(2), True), (F(3), True), (F(4), True), (F(9, 2), False), (F(0), False), (F(6), False),
])
def test_sunk_costs_separate_exactly_on_vl_to_k(model, sunk_cost, separates):
    """Fearon (1997); catalog entry 11: separation by sunk costs iff v_L <= m <= k = [2, 4] (q = 0)."""
    found = _with_signals(model, "Sink", "Nothing", sunk_cost=sunk_cost)
    assert bool(found) == separates
    for e, receiver in found:
        assert e.classification == "separating"
        assert receiver["Sink"] == {"Not": 1} and receiver["Nothing"] == {"Challenge": 1}
        assert e.belief_at("after Sink") == (1, 0)          # a sunk cost reveals the resolved type
        assert e.belief_at("after Nothing") == (0, 1)       # doing nothing reveals the irresolute type
        off = e.belief_at("after Tie")
        assert isinstance(off, BeliefRegion) and off.interval(0) == (0, F(3, 5))  # challenged: P(Resolved) <= B/(B+c_C)
        # The resolved type deters at cost m; the irresolute type is challenged and backs down (payoff 0).
        assert e.payoffs[0] == F(1, 2) * (10 - sunk_cost) + F(1, 2) * 0


@pytest.mark.slow
@pytest.mark.parametrize("value_low, war_cost", [(1, 3), (3, 7)])
def test_sunk_cost_interval_at_other_values(model, value_low, war_cost):
    """v_L <= m <= k at other parameter values: at both ends and just outside."""
    for sunk_cost in (value_low - F(1, 2), F(value_low), F(war_cost), war_cost + F(1, 2)):
        found = _with_signals(model, "Sink", "Nothing", sunk_cost=sunk_cost, value_low=value_low, war_cost=war_cost)
        assert bool(found) == (value_low <= sunk_cost <= war_cost), sunk_cost


@pytest.mark.parametrize("sunk_cost, separates", [(F(5, 4), False), (F(3, 2), True), (F(3), True), (F(13, 4), False)])
def test_a_determined_challenger_shrinks_the_interval(model, sunk_cost, separates):
    """q = 1/4: separation iff (1 - q) v_L <= m <= (1 - q) k, the interval [3/2, 3]."""
    found = _with_signals(model, "Sink", "Nothing", sunk_cost=sunk_cost, challenger_resolve=F(1, 4))
    assert bool(found) == separates
    for e, _ in found:
        assert e.classification == "separating"


def test_a_committing_tie_removes_sunk_cost_separation(model):
    """With a >= k - v_L every tie commits, so the resolved type ties for free instead of sinking m."""
    assert _with_signals(model, "Sink", "Nothing", sunk_cost=3, audience_cost=F(19, 10))
    assert not _with_signals(model, "Sink", "Nothing", sunk_cost=3, audience_cost=2)


# ------------------------------------------------------------- tying hands
@pytest.mark.parametrize("audience_cost, separates", [
    (F(1, 2), False), (F(9, 10), False), (F(1), True), (F(3, 2), True), (F(2), True), (F(3), True),
])
def test_tying_hands_separates_from_the_threshold(model, audience_cost, separates):
    """q = 2/3: the resolved type ties and the irresolute type does not iff (1 - q) v_L <= q min(a, k - v_L), a >= 1."""
    q = F(2, 3)
    found = _with_signals(model, "Tie", "Nothing", audience_cost=audience_cost, challenger_resolve=q)
    assert bool(found) == separates
    for e, receiver in found:
        assert e.classification == "separating"
        assert receiver["Tie"] == {"Not": 1} and receiver["Nothing"] == {"Challenge": 1}
        assert e.belief_at("after Tie") == (1, 0) and e.belief_at("after Nothing") == (0, 1)
        # Off the path a sunk cost (m = 3 pays neither type) may be met either way; each by its beliefs.
        off = e.belief_at("after Sink")
        assert isinstance(off, BeliefRegion)
        assert off.interval(0) == ((0, F(3, 5)) if receiver["Sink"] == {"Challenge": 1} else (F(3, 5), 1))
        # The resolved type is challenged only by the determined challenger and fights: v_H - q k.
        assert e.payoffs[0] == F(1, 2) * (10 - q * 4) + F(1, 2) * 0


@pytest.mark.slow
@pytest.mark.parametrize("challenger_resolve, value_low, threshold", [
    (F(1, 2), 1, F(1)),        # (1 - q) v_L / q = v_L at q = 1/2
    (F(3, 4), 2, F(2, 3)),
    (F(4, 5), 3, F(3, 4)),     # needs q >= v_L / k = 3/4
])
def test_tying_threshold_at_other_values(model, challenger_resolve, value_low, threshold):
    for audience_cost in (threshold - F(1, 10), threshold, threshold + F(1, 10)):
        found = _with_signals(model, "Tie", "Nothing", audience_cost=audience_cost,
                              challenger_resolve=challenger_resolve, value_low=value_low)
        assert bool(found) == (audience_cost >= threshold), audience_cost


@pytest.mark.parametrize("audience_cost", [F(0), F(1), F(2), F(3), F(10)])
def test_without_a_determined_challenger_a_tie_never_separates(model, audience_cost):
    """q = 0: the resolved type tying and the irresolute type not tying is never a PBE."""
    assert not _with_signals(model, "Tie", "Nothing", audience_cost=audience_cost)


def test_below_the_resolve_bound_no_audience_cost_separates(model):
    """q < v_L / k: even a tie that commits the irresolute type pays it ((1 - q) v_L > q (k - v_L))."""
    for audience_cost in (F(2), F(10)):
        assert not _with_signals(model, "Tie", "Nothing", audience_cost=audience_cost, challenger_resolve=F(1, 4))


def test_a_committing_tie_at_q0_deters_both_types(model):
    """a >= k - v_L at q = 0: both types would fight after a tie, the challenger never challenges one, and
    every PBE with a tie on the path deters; its 'separating' PBE have the irresolute type tying."""
    found = signaling_pbe(model, audience_cost=2)
    assert found
    for e, sender, receiver in found:
        assert receiver["Tie"] == {"Not": 1}
        if e.classification == "separating":
            assert _pure(sender) == {"Resolved": "Nothing", "Irresolute": "Tie"}
    pooled = [e for e, s, _ in found if _pure(s) == {"Resolved": "Tie", "Irresolute": "Tie"}]
    assert pooled and all(e.payoffs == (F(6), F(0)) for e in pooled)  # (10 + 2)/2, nobody challenged


# ----------------------------------------------------- intuitive criterion
def test_intuitive_criterion_removes_pooling_on_nothing_when_sinking_separates(model):
    """m = 3: pooling on Nothing survives only by the belief that a sunk cost comes from the irresolute type,
    which the irresolute type would never pay (v_L < m): the criterion leaves only separating PBE."""
    found = signaling_pbe(model)
    pooling = [e for e, s, _ in found if _pure(s) == {"Resolved": "Nothing", "Irresolute": "Nothing"}]
    assert pooling and all(e.classification == "pooling" for e in pooling)
    for e in pooling:
        sink = next(t for t in e.intuitive_criterion() if t.message == "Sink")
        assert sink.dominated == ("Irresolute",) and sink.breaking == ("Resolved",)
        assert not e.passes_intuitive_criterion()
    kept = [(e, s) for e, s, _ in found if e.passes_intuitive_criterion()]
    assert kept and all(e.classification == "separating" and s["Resolved"] == {"Sink": 1} for e, s in kept)


def test_intuitive_criterion_keeps_pooling_below_vl(model):
    """m = 1 < v_L: the irresolute type would gain from a believed sunk cost too, so pooling on Nothing passes."""
    pooling = [e for e, s, _ in signaling_pbe(model, sunk_cost=1)
               if _pure(s) == {"Resolved": "Nothing", "Irresolute": "Nothing"}]
    assert pooling and all(e.passes_intuitive_criterion() for e in pooling)


@pytest.mark.parametrize("audience_cost, passes", [(F(1), True), (F(3, 2), False)])
def test_intuitive_criterion_on_ties(model, audience_cost, passes):
    """q = 2/3: pooling on Nothing fails the criterion once a tie strictly costs the irresolute type (a > 1)."""
    found = signaling_pbe(model, audience_cost=audience_cost, challenger_resolve=F(2, 3))
    pooling = [e for e, s, _ in found if _pure(s) == {"Resolved": "Nothing", "Irresolute": "Nothing"}]
    assert pooling
    for e in pooling:
        assert e.passes_intuitive_criterion() == passes
        tie = next(t for t in e.intuitive_criterion() if t.message == "Tie")
        assert (tie.dominated == ("Irresolute",)) == (not passes)
    separating = [e for e, s, _ in found if _pure(s) == {"Resolved": "Tie", "Irresolute": "Nothing"}]
    assert separating and all(e.passes_intuitive_criterion() for e in separating)


# ------------------------------------------------------ sweep and compare
@pytest.mark.slow
def test_sweep_and_comparison_use_pbe(model):
    from gametheory.study.compare import compare
    from gametheory.study.sweep import sweep

    frame = sweep(model, grid={"sunk_cost": [1, 3], "audience_cost": [0]})
    assert set(frame["concept"]) == {"pbe"} and (frame["max_regret"] == 0).all()
    at_three = frame[frame["sunk_cost"] == 3]
    assert at_three["reaches:separating_sunk_costs"].any()
    assert not frame[frame["sunk_cost"] == 1]["reaches:separating_sunk_costs"].any()
    assert compare(model, frame, "defensive_realism").agreement == 1


def test_rules_read_the_signals_costs_and_can_fail(model):
    """The audience cost and the sunk cost are the structural variables; Fearon's rules read only them. They can
    fail: at a = 3 with every challenger an opportunist (q = 0) no tie separates (the irresolute type copies it),
    and a mobilisation costing more than k = 4 does not separate."""
    assert {p.name for p in model.parameters if p.structural} == {"sunk_cost", "audience_cost"}
    assert all(rule.independent for rule in model.theory("defensive_realism").rules)
    assert model.predicted_rule("defensive_realism", audience_cost=3).outcome == "separating_tied_hands"
    assert not _with_signals(model, "Tie", "Nothing", audience_cost=3)
    assert model.predicted_rule("defensive_realism", sunk_cost=5).outcome == "separating_sunk_costs"
    assert not _with_signals(model, "Sink", "Nothing", sunk_cost=5)


@pytest.mark.parametrize("values", [{}, {"challenger_resolve": F(2, 3), "audience_cost": F(3, 2)}])
def test_cross_check_with_pygambit(model, values):
    """pygambit (independent): every PBE we return has zero regret in the tree by pygambit's own computation
    (a PBE is a Nash equilibrium), with the same expected payoffs."""
    pytest.importorskip("pygambit")
    assert_gambit_certifies_every_equilibrium(model, **values)
