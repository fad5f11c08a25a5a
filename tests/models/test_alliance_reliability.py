"""Pinned results of the alliance reliability model (models/alliance_reliability.toml).

Source: Smith (1995), "Alliance Formation and War", International Studies
Quarterly 39(4): 405-425, the result that nations with unreliable alliances are
more likely to be attacked; reduced form and worked numbers from the project's
literature catalog, entry 10 (ours, unverified as Smith's): the aggressor
attacks iff the believed reliability r < V1 / (V1 - V2); V1 = 2, V2 = -3 give
the threshold 2/5.

The model is the strategic form of a Bayesian game. The ally's weakly dominant
plan (each type does what it prefers once the target is attacked) is the
sequentially rational one; the tests select equilibria in which it is played.
"""

from fractions import Fraction

import pytest
import sympy

from gametheory.analysis import pure_equilibrium_conditions, thresholds
from gametheory.model import load_model
from gametheory.solvers import solve

KEY = "alliance_reliability"
THRESHOLD = Fraction(2, 5)
#: The sequentially rational plan of the ally: intervene if reliable, abstain if not.
CREDIBLE = "Intervene/Abstain"


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def _credible_outcomes(model, **values):
    """Aggressor actions in the certified equilibria where the ally plays its credible plan."""
    game = model.game(**values)
    result = solve(game)
    assert result.exact and result.complete
    for equilibrium in result:
        assert equilibrium.regrets == (0, 0)
    column = game.actions[1].index(CREDIBLE)
    return {e.pure_profile[0] for e in result.pure if e.strategies[1][column] == 1}


def test_attack_threshold_is_published_value(model):
    """Smith (1995); catalog entry 10: with V1 = 2, V2 = -3 the attack threshold on reliability is V1/(V1 - V2) = 2/5."""
    result = thresholds(model.symbolic_game(), "reliability")
    # other cut points move only non-credible equilibria; the credible one changes at 2/5 alone
    assert sympy.Rational(2, 5) in [c.value for c in result.cut_points]
    credible = []
    for regime in result.regimes:
        actions = {profile[0] for profile in regime.pure if profile[1] == CREDIBLE}
        credible.append((regime.low, regime.high, actions))
    for low, high, actions in credible:
        if high < sympy.Rational(2, 5):
            assert actions == {"Attack"}, (low, high)
        elif low > sympy.Rational(2, 5):
            assert actions == {"Refrain"}, (low, high)
        elif low == high == sympy.Rational(2, 5):
            assert actions == {"Attack", "Refrain"}
    assert any(low == high == sympy.Rational(2, 5) for low, high, _ in credible)
    v1, v2 = model.defaults["gain_unopposed"], model.defaults["value_opposed"]
    assert Fraction(v1) / (v1 - v2) == THRESHOLD


def test_attack_condition_symbolically(model):
    """Smith (1995); catalog entry 10: against the credible ally, Attack is an equilibrium iff r <= V1/(V1 - V2) and Refrain iff r >= it."""
    conditions = {c.labels: c.nash for c in pure_equilibrium_conditions(model.symbolic_game())}
    attack, refrain = conditions[("Attack", CREDIBLE)], conditions[("Refrain", CREDIBLE)]
    for v1, v2 in ((2, -3), (1, -1), (5, -2), (3, -9)):
        cut = Fraction(v1, v1 - v2)
        for r in (cut - Fraction(1, 20), cut, cut + Fraction(1, 20)):
            if not 0 <= r <= 1:
                continue
            point = {"reliability": r, "gain_unopposed": v1, "value_opposed": v2}
            assert attack.holds(**point) == (r <= cut), point
            assert refrain.holds(**point) == (r >= cut), point


@pytest.mark.parametrize(
    "reliability, expected",
    [(Fraction(3, 10), {"Attack"}), (Fraction(3, 5), {"Refrain"}), (THRESHOLD, {"Attack", "Refrain"})],
)
def test_unreliable_alliances_are_attacked(model, reliability, expected):
    """Smith (1995), the main result; catalog entry 10: the target of an ally believed reliable with r = 0.3 is attacked, with r = 0.6 it is not (regrets exactly 0)."""
    assert _credible_outcomes(model, reliability=reliability) == expected


def test_beliefs_reported_by_the_bayesian_game(model):
    """Smith (1995): intervention reveals the reliable ally; the Bayesian equilibrium reports the posterior after each action."""
    game = model.bayesian_game(reliability=Fraction(3, 10))
    credible = [e for e in game.equilibria() if e.describe() == "Aggressor: Attack; Ally[Reliable]: Intervene; Ally[Unreliable]: Abstain"]
    assert len(credible) == 1
    (equilibrium,) = credible
    assert equilibrium.equilibrium.regrets == (0, 0)
    posterior = equilibrium.posterior("Ally")
    assert posterior["Intervene"] == {"Reliable": 1, "Unreliable": 0}
    assert posterior["Abstain"] == {"Reliable": 0, "Unreliable": 1}
    assert equilibrium.action_probabilities("Ally")["Reliable"]["Intervene"] == 1


def test_formal_treaty_deters_at_any_belief(model):
    """Smith (1995) on commitments; audience cost ours: once a >= c - s_U, both ally types intervene and no attack is an equilibrium against the credible ally."""
    for reliability in (Fraction(0), Fraction(1, 10), Fraction(3, 10)):
        game = model.game(reliability=reliability, audience_cost=1)
        result = solve(game)
        column = game.actions[1].index("Intervene/Intervene")
        credible = {e.pure_profile[0] for e in result.pure if e.strategies[1][column] == 1}
        assert credible == {"Refrain"}
        assert all(e.regrets == (0, 0) for e in result)
    # an informal commitment (a = 0) at the same belief does not deter
    assert _credible_outcomes(model, reliability=Fraction(1, 10)) == {"Attack"}


def test_defensive_realism_prediction_flips_at_threshold(model):
    """Smith (1995); catalog entry 10: the prediction switches from attack to deterrence at r = 2/5."""
    assert model.predicted_rule("defensive_realism", reliability=Fraction(3, 10)).outcome == "attack"
    assert model.predicted_rule("defensive_realism", reliability=Fraction(3, 5)).outcome == "deterred"
    assert model.predicted_rule("defensive_realism", reliability=Fraction(1, 10), audience_cost=1).outcome == "deterred"
