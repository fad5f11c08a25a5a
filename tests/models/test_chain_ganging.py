"""Pinned results of the chain-ganging model (models/chain_ganging.toml).

Source: Christensen and Snyder (1990), "Chain Gangs and Passed Bucks: Predicting Alliance
Patterns in Multipolarity", International Organization 44(2), pp. 137-168. The result is
verbal; the condition 'B joins iff L_B > c_B' is the project's catalog, entry 7, and the
three-power game around it is ours.
"""

from fractions import Fraction

import pytest
import sympy

from gametheory.analysis import pure_equilibrium_conditions, thresholds
from gametheory.model import load_model
from gametheory.solvers import polynomial_enumeration, solve

KEY = "chain_ganging"
CHAIN_GANG = ("Attack", "Commit", "Commit")
BUCK_PASSING = {("Attack", "Commit", "Pass"), ("Attack", "Pass", "Commit")}


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def test_ally_joins_iff_its_loss_exceeds_its_cost(model):
    """Catalog entry 7: against a committed partner, an ally joins iff L_B > c_B, where L_B = (o - o/2) L is
    its loss from the partner's defeat without its help; offense dominance (o up) makes L_B large."""
    game = model.symbolic_game()
    s = game.symbols
    attack, commit, passing = 0, 0, 1
    gain = game.payoffs[2][attack, commit, commit] - game.payoffs[2][attack, commit, passing]
    assert sympy.expand(gain - (s["offense_dominance"] / 2 * s["defeat_loss"] - s["war_cost"])) == 0
    # against a partner that passes, fighting alone pays iff (1 - o) L > c
    alone = game.payoffs[2][attack, passing, commit] - game.payoffs[2][attack, passing, passing]
    assert sympy.expand(alone - ((1 - s["offense_dominance"]) * s["defeat_loss"] - s["war_cost"])) == 0


def test_offense_dominance_makes_a_chain_gang(model):
    """Christensen and Snyder (1990), pp. 137-168: perceived offense dominance (o = .8, pre-1914) gives
    unconditional alliances: the unique equilibrium is the chain gang, certified exactly."""
    result = polynomial_enumeration(model.game())
    assert result.exact and result.complete
    assert [e.pure_profile for e in result] == [CHAIN_GANG]
    (equilibrium,) = result
    assert equilibrium.regrets == (0, 0, 0)
    assert equilibrium.payoffs == (Fraction(33, 10), Fraction(-11, 2), Fraction(-11, 2))


def test_defense_dominance_makes_passed_bucks(model):
    """Christensen and Snyder (1990), pp. 137-168: perceived defense dominance (o = .2, pre-1939) gives
    buck-passing: in every pure equilibrium one ally holds the line and the other passes; in the symmetric
    mixed equilibrium each ally commits with probability 13/14 (from (1 - q) 6.5 = q 0.5)."""
    result = solve(model.game(offense_dominance="1/5"))
    assert result.complete
    assert {e.pure_profile for e in result.pure} == BUCK_PASSING
    (mixed,) = result.mixed
    assert list(mixed.strategies[0]) == [1, 0]  # the challenger attacks
    assert list(mixed.strategies[1]) == list(mixed.strategies[2]) == [Fraction(13, 14), Fraction(1, 14)]
    for equilibrium in result:
        assert equilibrium.regrets == (0, 0, 0)


def test_thresholds_along_offense_dominance(model):
    """Catalog entry 7 (encoding ours): given an attack, buck-passing for o < 2c/L = 3/10, a chain gang for
    3/10 < o < 1 - c/L = 17/20, and above 17/20 a coordination problem (chain gang or nobody resists)."""
    result = thresholds(model.symbolic_game(), "offense_dominance")
    cuts = {c.value for c in result.cut_points}
    assert {sympy.Rational(3, 10), sympy.Rational(17, 20)} <= cuts
    for o, expected in (("29/100", BUCK_PASSING), ("31/100", {CHAIN_GANG}), ("84/100", {CHAIN_GANG}),
                        ("86/100", {CHAIN_GANG, ("Attack", "Pass", "Pass")})):
        found = solve(model.game(offense_dominance=o))
        assert found.complete
        assert {e.pure_profile for e in found.pure} == expected, o
        assert all(r == 0 for e in found for r in e.regrets)
    conditions = {c.labels: c.nash for c in pure_equilibrium_conditions(model.symbolic_game())}
    assert conditions[CHAIN_GANG].holds(offense_dominance="3/10")  # weakly, at the boundary
    assert not conditions[CHAIN_GANG].holds(offense_dominance="29/100")


def test_cost_of_war_moves_the_threshold(model):
    """Catalog entry 7: the chain gang needs o L / 2 > c, so a costlier war needs a stronger offense
    advantage: at c = 3 the threshold is o = 0.6."""
    assert {e.pure_profile for e in solve(model.game(war_cost=3, offense_dominance="59/100")).pure} == BUCK_PASSING
    assert {e.pure_profile for e in solve(model.game(war_cost=3, offense_dominance="61/100")).pure} == {CHAIN_GANG}


def test_defensive_realist_cutoff_diverges_between_threshold_and_one_half(model):
    """Christensen and Snyder (1990): the verbal prediction (chain gang under offense dominance, o > 1/2;
    buck-passing under defense dominance, o < 1/2) agrees with the equilibria except for 3/10 < o < 1/2,
    where the game already produces a chain gang although the defense is (perceived as) dominant."""
    for o in ("1/5", "2/5", "3/5", "4/5", "19/20"):
        rule = model.predicted_rule("defensive_realism", offense_dominance=o)
        pure = [e.pure_profile for e in solve(model.game(offense_dominance=o)).pure]
        agrees = any(rule.matches(p) for p in pure)
        assert agrees == (o != "2/5"), o
