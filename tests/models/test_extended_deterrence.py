"""Pinned results of the extended deterrence model (models/extended_deterrence.toml).

Sources: Huth (1988), Extended Deterrence and the Prevention of War, Yale UP;
Zagare and Kilgour (2000), Perfect Deterrence, Cambridge UP, ch. 5 (the
Unilateral Deterrence Game); Signorino and Tarar (2006), AJPS 50(3). The
threshold is the reduced form of the project's literature catalog, entries 14
and 15 (ours; the exact Zagare-Kilgour thresholds are unverified): the
challenger attacks iff the defender's credibility p_Def < (c_DC - c_SQ) /
(c_DC - c_DD); c_DC = 4, c_SQ = 3, c_DD = 1 give 1/3.

The model is the strategic form of a Bayesian game; the defender's weakly
dominant plan (each type does what it prefers once the protege is attacked)
is the sequentially rational one, and the tests select equilibria where it is
played.
"""

from fractions import Fraction

import pytest
import sympy

from gametheory.analysis import pure_equilibrium_conditions, thresholds
from gametheory.model import load_model
from gametheory.solvers import solve

KEY = "extended_deterrence"
THRESHOLD = Fraction(1, 3)


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def _challenger_actions(model, plan="Defend/Abandon", **values):
    """Challenger actions in the certified equilibria where the defender plays ``plan`` (regrets exactly 0)."""
    game = model.game(**values)
    result = solve(game)
    assert result.exact and result.complete
    assert all(e.regrets == (0, 0) for e in result)
    column = game.actions[1].index(plan)
    return {e.pure_profile[0] for e in result.pure if e.strategies[1][column] == 1}


def test_deterrence_threshold_is_one_third(model):
    """Zagare and Kilgour (2000), ch. 5 reduced form; catalog entry 14: (c_DC - c_SQ)/(c_DC - c_DD) = (4 - 3)/(4 - 1) = 1/3."""
    defaults = model.defaults
    cut = Fraction(defaults["challenger_wins"] - defaults["challenger_status_quo"],
                   defaults["challenger_wins"] - defaults["challenger_conflict"])
    assert cut == THRESHOLD
    result = thresholds(model.symbolic_game(), "credibility")
    assert sympy.Rational(1, 3) in [c.value for c in result.cut_points]
    seen_point = False
    for regime in result.regimes:
        actions = {profile[0] for profile in regime.pure if profile[1] == "Defend/Abandon"}
        if regime.high < sympy.Rational(1, 3):
            assert actions == {"Attack"}
        elif regime.low > sympy.Rational(1, 3):
            assert actions == {"Refrain"}
        elif regime.low == regime.high == sympy.Rational(1, 3):
            assert actions == {"Attack", "Refrain"}
            seen_point = True
    assert seen_point


@pytest.mark.parametrize(
    "credibility, expected",
    [(Fraction(1, 2), {"Refrain"}), (Fraction(1, 5), {"Attack"}), (THRESHOLD, {"Attack", "Refrain"})],
)
def test_catalog_points(model, credibility, expected):
    """Catalog entry 14: p_Def = 0.5, deterrence holds; p_Def = 0.2, the challenger demands (certified, regrets exactly 0)."""
    assert _challenger_actions(model, credibility=credibility) == expected


def test_threshold_condition_symbolically(model):
    """Zagare and Kilgour (2000), ch. 5 reduced form: Attack against the credible defender is an equilibrium iff p_Def <= (c_DC - c_SQ)/(c_DC - c_DD)."""
    conditions = {c.labels: c.nash for c in pure_equilibrium_conditions(model.symbolic_game())}
    attack, refrain = conditions[("Attack", "Defend/Abandon")], conditions[("Refrain", "Defend/Abandon")]
    for wins, status_quo, conflict in ((4, 3, 1), (6, 2, 0), (5, 4, 2), (9, 3, 1)):
        cut = Fraction(wins - status_quo, wins - conflict)
        for p in (cut - Fraction(1, 50), cut, cut + Fraction(1, 50)):
            point = {"credibility": p, "challenger_wins": wins, "challenger_status_quo": status_quo,
                     "challenger_conflict": conflict}
            assert attack.holds(**point) == (p <= cut), point
            assert refrain.holds(**point) == (p >= cut), point


def test_credibility_is_not_sufficient(model):
    """Zagare and Kilgour (2000): credible threats are neither necessary nor sufficient; a challenger with c_DD > c_SQ attacks even a surely resolved defender."""
    dissatisfied = {"challenger_status_quo": 1, "challenger_conflict": 2}
    assert _challenger_actions(model, credibility=1, **dissatisfied) == {"Attack"}
    assert model.predicted_rule("defensive_realism", credibility=1, **dissatisfied).outcome == "deterrence_fails"


def test_formal_treaty_makes_the_threat_credible(model):
    """Huth (1988) on alliance ties; audience cost ours: with a >= k_D - v_I both types defend, and deterrence holds at any credibility."""
    for credibility in (Fraction(0), Fraction(1, 5)):
        assert _challenger_actions(model, plan="Defend/Defend", credibility=credibility, audience_cost=2) == {"Refrain"}
    # an informal commitment at the same credibility fails
    assert _challenger_actions(model, credibility=Fraction(1, 5), audience_cost=0) == {"Attack"}
    assert model.predicted_rule("defensive_realism", credibility=0, audience_cost=2).outcome == "deterrence_holds"


def test_beliefs_after_defence(model):
    """Bayesian equilibrium read per type: only the resolved defender defends, so defence reveals it (posterior 1)."""
    game = model.bayesian_game(credibility=Fraction(1, 5))
    wanted = "Challenger: Attack; Defender[Resolved]: Defend; Defender[Irresolute]: Abandon"
    (equilibrium,) = [e for e in game.equilibria() if e.describe() == wanted]
    assert equilibrium.equilibrium.regrets == (0, 0)
    assert equilibrium.posterior("Defender") == {
        "Defend": {"Resolved": 1, "Irresolute": 0},
        "Abandon": {"Resolved": 0, "Irresolute": 1},
    }
