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


def _margin(model, **values):
    """p+ g - (p+ - p-) h L - (1-p+) L_b with h = intent x proximity x offensive capability (catalog entry 8)."""
    v = {k: Fraction(x) for k, x in {**model.defaults, **values}.items()}
    h = v["aggressive_intent"] * v["proximity"] * v["offensive_capability"]
    p_plus, p_minus = v["win_with_small"], v["aggregate_power"]
    return p_plus * v["spoils"] - (p_plus - p_minus) * h * v["predation_loss"] - (1 - p_plus) * v["defeat_cost"]


def test_decision_condition_is_the_catalogs(model):
    """Catalog entry 8: against aggression, U(Band) - U(Bal) = p+ g - (p+ - p-) h L - (1-p+) L_b, symbolically."""
    game = model.symbolic_game()
    s = game.symbols
    h = s["aggressive_intent"] * s["proximity"] * s["offensive_capability"]
    expected = s["win_with_small"] * s["spoils"] - (s["win_with_small"] - s["aggregate_power"]) * h * s[
        "predation_loss"] - (1 - s["win_with_small"]) * s["defeat_cost"]
    balance, bandwagon = 0, 1
    aggress = 1
    difference = game.payoffs[0][bandwagon, aggress] - game.payoffs[0][balance, aggress]
    assert sympy.expand(difference - expected) == 0


def test_threshold_h_one_tenth(model):
    """Walt (1987), ch. 2; catalog entry 8: at p+=.7, p-=.5, g=2, L=10, L_b=4 the margin is 1.4 - 2h - 1.2,
    so the small state balances iff h > 0.1 (h = 0.5: Balance, margin -0.8; h = 0: Bandwagon, margin +0.2)."""
    result = thresholds(model.symbolic_game(), "aggressive_intent")
    assert [c.value for c in result.cut_points] == [sympy.Rational(1, 10)]
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
    assert result.cut_points == ()
    assert [r.pure for r in result.regimes] == [(("Bandwagon", "Aggress"),)]
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


def test_weak_state_bandwagons_whatever_the_threat(model):
    """Walt (1987), ch. 2 (catalog entry 8): a weak state whose alignment does not move the odds (p+ = p-)
    bandwagons with a likely winner iff p+ g > (1-p+) L_b, whatever the threat."""
    conditions = {c.labels: c.nash for c in pure_equilibrium_conditions(model.symbolic_game())}
    weak = {"win_with_small": "7/10", "aggregate_power": "7/10"}
    for h in (0, "1/2", 1):
        assert conditions[("Bandwagon", "Aggress")].holds(aggressive_intent=h, **weak)
        assert not conditions[("Balance", "Aggress")].holds(aggressive_intent=h, **weak)
    # with small spoils the same weak state balances: 0.7 g < 0.3 x 4 for g = 1
    assert conditions[("Balance", "Aggress")].holds(spoils=1, **weak)


def test_balancing_deters_gives_a_mixed_equilibrium(model):
    """Walt (1987) deterrence by balancing (our payoffs): when aggression pays only against a bandwagoner
    (p- V < c < p+ V) and the threat makes the small state balance, there is no pure equilibrium and the
    certified mixed equilibrium makes each side indifferent."""
    values = {"prize": 3}  # 0.5 x 3 = 1.5 < 2 < 2.1 = 0.7 x 3
    result = solve(model.game(**values))
    assert result.complete and not result.pure
    (mixed,) = result.mixed
    assert mixed.regrets == (0, 0)
    p_balance = mixed.strategies[0][0]
    # the rising power is indifferent: p_balance (p- V - c) + (1 - p_balance)(p+ V - c) = 0
    assert p_balance * (Fraction(1, 2) * 3 - 2) + (1 - p_balance) * (Fraction(7, 10) * 3 - 2) == 0
    assert p_balance == Fraction(1, 6)


def test_balance_of_threat_prediction_matches_equilibria(model):
    """Catalog entry 8: the balance-of-threat rule (balance iff the margin is negative) agrees with the
    certified equilibria over the default sweep's plane (intent x spoils), boundary points excluded."""
    intents = [Fraction(k, 8) for k in range(9)]
    spoils = [Fraction(k, 2) for k in range(13)]
    for h in intents:
        for g in spoils:
            margin = _margin(model, aggressive_intent=h, spoils=g)
            predicted = model.predict("balance_of_threat", aggressive_intent=np.array([float(h)]),
                                      spoils=np.array([float(g)]))[0]
            if margin == 0:
                continue
            (equilibrium,) = solve(model.game(aggressive_intent=h, spoils=g))
            assert equilibrium.regrets == (0, 0)
            assert predicted == ("balance" if equilibrium.pure_profile[0] == "Balance" else "bandwagon")
