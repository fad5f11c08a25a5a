"""Pinned results of the balancing vs bandwagoning model (models/balancing_bandwagoning.toml).

Sources: Walt (1987), The Origins of Alliances, ch. 2 (balance of threat); Schweller (1994),
"Bandwagoning for Profit", International Security 19(1), pp. 72-107. The decision condition
and its numbers are the project's literature catalog, entry 8 (ours, unverified).
"""

from fractions import Fraction

import numpy as np
import pytest
import sympy

from gametheory.analysis import pure_equilibrium_conditions, thresholds
from gametheory.model import load_model
from gametheory.solvers import solve

KEY = "balancing_bandwagoning"


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def _p_plus(v):
    return v["aggregate_power"] + v["small_state_power"] * (1 - v["aggregate_power"])


def _margin(model, **values):
    """p+ g - (p+ - p-) h L - (1-p+) L_b with h = intent x proximity x offensive capability (catalog entry 8)
    and p+ = p- + s (1 - p-)."""
    v = {k: Fraction(x) for k, x in {**model.defaults, **values}.items()}
    h = v["aggressive_intent"] * v["proximity"] * v["offensive_capability"]
    p_plus, p_minus = _p_plus(v), v["aggregate_power"]
    return p_plus * v["spoils"] - (p_plus - p_minus) * h * v["predation_loss"] - (1 - p_plus) * v["defeat_cost"]


def test_decision_condition_is_the_catalogs(model):
    """Catalog entry 8: against aggression, U(Band) - U(Bal) = p+ g - (p+ - p-) h L - (1-p+) L_b, symbolically."""
    game = model.symbolic_game()
    s = game.symbols
    h = s["aggressive_intent"] * s["proximity"] * s["offensive_capability"]
    p_plus = s["aggregate_power"] + s["small_state_power"] * (1 - s["aggregate_power"])
    expected = p_plus * s["spoils"] - (p_plus - s["aggregate_power"]) * h * s[
        "predation_loss"] - (1 - p_plus) * s["defeat_cost"]
    balance, bandwagon = 0, 1
    aggress = 1
    difference = game.payoffs[0][bandwagon, aggress] - game.payoffs[0][balance, aggress]
    assert sympy.expand(difference - expected) == 0


def test_threshold_h_one_tenth(model):
    """Walt (1987), ch. 2; catalog entry 8: at p+=.7, p-=.5, g=2, L=10, L_b=4 the margin is 1.4 - 2h - 1.2,
    so the small state balances iff h > 0.1 (h = 0.5: Balance, margin -0.8; h = 0: Bandwagon, margin +0.2)."""
    result = thresholds(model.symbolic_game(), "aggressive_intent")
    # 1/10: the reply to aggression changes; 1/4: the reply to restraint (4 h = 1), which the rising
    # power, aggressing whatever the small state does, never plays against
    assert [c.value for c in result.cut_points] == [sympy.Rational(1, 10), sympy.Rational(1, 4)]
    assert result.regimes[0].pure == (("Bandwagon", "Aggress"),)
    assert result.regimes[-1].pure == (("Balance", "Aggress"),)
    for h, margin, profile in (("1/2", Fraction(-8, 10), ("Balance", "Aggress")),
                               (0, Fraction(2, 10), ("Bandwagon", "Aggress")),
                               ("9/100", Fraction(2, 100), ("Bandwagon", "Aggress")),
                               ("11/100", Fraction(-2, 100), ("Balance", "Aggress"))):
        assert _margin(model, aggressive_intent=h) == margin
        result = solve(model.game(aggressive_intent=h))
        assert result.exact and result.complete and not result.degenerate
        (equilibrium,) = result
        assert equilibrium.pure_profile == profile
        assert equilibrium.regrets == (0, 0)
        game = model.game(aggressive_intent=h)
        other = "Bandwagon" if profile[0] == "Balance" else "Balance"
        assert equilibrium.payoffs[0] - game.payoff_profile((other, "Aggress"))[0] == abs(margin)


def test_jackal_bandwagons_at_every_threat(model):
    """Schweller (1994); catalog entry 8: a 'jackal' with g = 5 bandwagons for every h <= 1 (margin 2.3 - 2h > 0)."""
    result = thresholds(model.symbolic_game(), "aggressive_intent", spoils=5)
    assert [c.value for c in result.cut_points] == [sympy.Rational(1, 4)]  # the reply to restraint only
    assert {r.pure for r in result.regimes} == {(("Bandwagon", "Aggress"),)}
    for h in (0, "1/2", 1):
        (equilibrium,) = solve(model.game(spoils=5, aggressive_intent=h))
        assert equilibrium.pure_profile == ("Bandwagon", "Aggress") and equilibrium.regrets == (0, 0)
    assert _margin(model, spoils=5, aggressive_intent=1) == Fraction(3, 10)


def test_threat_components_scale_the_threat(model):
    """Walt (1987), ch. 2: proximity and offensive capability act on the threat like intent does:
    a distant (or defensively armed) rising power with full intent is no more threatening than intent 0.1."""
    for component in ("proximity", "offensive_capability"):
        far = {"aggressive_intent": 1, component: "1/20"}  # h = 0.05 < 0.1
        near = {"aggressive_intent": 1, component: "3/20"}  # h = 0.15 > 0.1
        assert [e.pure_profile for e in solve(model.game(**far))] == [("Bandwagon", "Aggress")]
        assert [e.pure_profile for e in solve(model.game(**near))] == [("Balance", "Aggress")]


def test_bandwagoning_costs_the_risk_of_later_predation(model):
    """Walt (1987), ch. 2 (bandwagoning trusts the threatening state's continued forbearance; encoding ours):
    against a rising power that restrains, a bandwagoner bears h E, so the small state balances iff
    h E > balancing_cost (here 4 h > 1, h > 1/4); with no threat, bandwagoning with restraint is free."""
    for h, best in (("1/5", "Bandwagon"), ("3/10", "Balance"), (0, "Bandwagon")):
        game = model.game(aggressive_intent=h)
        balance, bandwagon = (game.payoff_profile((a, "Restrain"))[0] for a in ("Balance", "Bandwagon"))
        assert bandwagon == -Fraction(h) * 4 and balance == -1
        assert (bandwagon > balance) == (best == "Bandwagon")


def test_weak_state_bandwagons_iff_spoils_outweigh_defeat(model):
    """Walt (1987), pp. 29-30 (encoding ours): a weak state (s = 0: its alignment does not move the odds,
    p+ = p-) faces the same threat whichever side it takes, so against aggression it bandwagons iff
    p- g > (1 - p-) L_b, whatever the threat: at p- = 0.7 (a likely winner) it does, at the default
    p- = 0.5 it does not (1 < 2), which is where Walt's rule fails on the default grid."""
    conditions = {c.labels: c.nash for c in pure_equilibrium_conditions(model.symbolic_game())}
    weak = {"small_state_power": 0, "aggregate_power": "7/10"}
    for h in (0, "1/2", 1):
        assert conditions[("Bandwagon", "Aggress")].holds(aggressive_intent=h, **weak)
        assert not conditions[("Balance", "Aggress")].holds(aggressive_intent=h, **weak)
        result = solve(model.game(aggressive_intent=h, **weak))
        assert [e.pure_profile for e in result] == [("Bandwagon", "Aggress")] and result[0].regrets == (0, 0)
        (equilibrium,) = solve(model.game(aggressive_intent=h, small_state_power=0))
        assert equilibrium.pure_profile == ("Balance", "Aggress") and equilibrium.regrets == (0, 0)
    assert conditions[("Balance", "Aggress")].holds(spoils=1, **weak)  # 0.7 g < 0.3 x 4 for g = 1
    rule = model.predicted_rule("balance_of_threat", small_state_power=0)
    assert rule.outcome == "bandwagon"


def test_balancing_deters(model):
    """Walt (1987) deterrence by balancing (our payoffs): when aggression pays only against a bandwagoner
    (p- V < c < p+ V, at V = 3: 1.5 < 2 < 2.1) a threatened small state balances and the rising power
    restrains: (Balance, Restrain) is the unique equilibrium at h = 1/2 (4 h > 1). With a small threat
    (h = 1/5) bandwagoning with a restrained power is cheap and the equilibrium is mixed."""
    result = solve(model.game(prize=3))
    assert [e.pure_profile for e in result] == [("Balance", "Restrain")] and result[0].regrets == (0, 0)
    result = solve(model.game(prize=3, aggressive_intent="1/5"))
    assert result.complete and not result.pure
    (mixed,) = result.mixed
    assert mixed.regrets == (0, 0)
    p_balance = mixed.strategies[0][0]
    # the rising power is indifferent: p_balance (p- V - c) + (1 - p_balance)(p+ V - c) = 0
    assert p_balance * (Fraction(1, 2) * 3 - 2) + (1 - p_balance) * (Fraction(7, 10) * 3 - 2) == 0
    assert p_balance == Fraction(1, 6)


def test_theories_can_fail(model):
    """Waltz (1979): balance against power whatever the intentions; it fails at intent 0, where the small
    state bandwagons. Schweller (1994): a jackal with g = 5 bandwagons even at the highest threat."""
    assert model.predicted_rule("defensive_realism", aggressive_intent=0).outcome == "balance"
    assert [e.pure_profile for e in solve(model.game(aggressive_intent=0))] == [("Bandwagon", "Aggress")]
    assert model.predicted_rule("neoclassical_realism", spoils=5).outcome == "bandwagon"
    assert {p.name for p in model.parameters if p.structural} == {
        "aggregate_power", "small_state_power", "spoils", "aggressive_intent", "proximity", "offensive_capability"}


def test_decision_margin_matches_equilibria(model):
    """Catalog entry 8: the small state balances iff the margin is negative, against the certified
    equilibria over the plane of intent and spoils, boundary points excluded."""
    intents = [Fraction(k, 8) for k in range(9)]
    spoils = [Fraction(k, 2) for k in range(13)]
    for h in intents:
        for g in spoils:
            margin = _margin(model, aggressive_intent=h, spoils=g)
            if margin == 0:
                continue
            (equilibrium,) = solve(model.game(aggressive_intent=h, spoils=g))
            assert equilibrium.regrets == (0, 0)
            assert equilibrium.pure_profile == ("Balance" if margin < 0 else "Bandwagon", "Aggress")
