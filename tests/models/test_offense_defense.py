"""Pinned results of the offense-defense model (models/offense_defense.toml).

Source: Jervis (1978), "Cooperation under the Security Dilemma", World Politics 30(2),
pp. 167-214; the payoff mapping of the offense-defense balance and distinguishability
is ours (catalog entry 2, unverified); risk dominance after Harsanyi and Selten (1988).
"""

from fractions import Fraction

import numpy as np
import pytest
import sympy

from gametheory.analysis import mixed_equilibrium_2x2, selection_conditions, thresholds
from gametheory.analysis.classify import classify
from gametheory.model import load_model
from gametheory.solvers import solve

KEY = "offense_defense"


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def _rtps(model, **values):
    v = {k: Fraction(x) for k, x in {**model.defaults, **values}.items()}
    shift = v["offense_effect"] * v["offense_advantage"] - v["distinguishability_effect"] * v["distinguishability"]
    return v["reward"], v["temptation_base"] + shift, v["punishment"], v["sucker_base"] - shift


def test_defaults_are_the_catalog_stag_hunt(model):
    """Jervis (1978), pp. 170-186; catalog entry 2: Stag Hunt R=4, T=3, P=2, S=0: pure (C,C) = (4,4) and
    (D,D) = (2,2), mixed P(C) = (P-S)/((R-T)+(P-S)) = 2/3; raising S to 1 lowers it to 1/2."""
    assert _rtps(model) == (4, 3, 2, 0)
    result = solve(model.game())
    assert result.exact and result.complete
    assert {e.pure_profile: e.payoffs for e in result.pure} == {("C", "C"): (4, 4), ("D", "D"): (2, 2)}
    (mixed,) = result.mixed
    assert [list(s) for s in mixed.strategies] == [[Fraction(2, 3), Fraction(1, 3)]] * 2
    assert all(r == 0 for e in result for r in e.regrets)
    (mixed,) = solve(model.game(sucker_base=1)).mixed
    assert list(mixed.strategies[0]) == [Fraction(1, 2), Fraction(1, 2)] and mixed.regrets == (0, 0)


@pytest.mark.parametrize(
    "offense, distinguishable, name, equilibria",
    [
        (1, 0, "Prisoner's Dilemma", {("D", "D")}),  # doubly dangerous
        (-1, 0, "Coordination (R>P>T>S)", {("C", "C"), ("D", "D")}),  # dilemma present, needs compatible
        (1, 1, "Stag Hunt", {("C", "C"), ("D", "D")}),  # no security dilemma, aggression possible
        (-1, 1, "Harmony (R>S>P>T)", {("C", "C")}),  # doubly safe
    ],
)
def test_four_worlds(model, offense, distinguishable, name, equilibria):
    """Jervis (1978), pp. 186-214 (the four worlds; mapping ours, unverified): offense advantage with
    indistinguishable postures is a Prisoner's Dilemma, defense advantage with distinguishable postures is
    Harmony, and the two mixed worlds keep mutual restraint as an equilibrium."""
    game = model.game(offense_advantage=offense, distinguishability=distinguishable)
    assert classify(game).name == name
    result = solve(game)
    assert {e.pure_profile for e in result.pure} == equilibria
    assert all(r == 0 for e in result for r in e.regrets)


def test_risk_dominance_condition(model):
    """Harsanyi and Selten (1988); Jervis (1978); catalog entry 2: (C,C) is risk-dominant iff R - T > P - S.
    At the defaults (D,D) is risk-dominant (2 > 1); at S = 1 neither is strictly risk-dominant."""
    game = model.symbolic_game()
    (diagonal,) = [s for s in selection_conditions(game) if s.first == ("C", "C")]
    rng = np.random.default_rng(5)
    checked = 0
    for _ in range(300):
        point = {"offense_advantage": Fraction(int(rng.integers(-4, 5)), 4),
                 "distinguishability": Fraction(int(rng.integers(0, 5)), 4),
                 "sucker_base": Fraction(int(rng.integers(0, 3)))}
        R, T, P, S = _rtps(model, **point)
        if not (R > T and P > S):
            continue  # risk dominance compares two strict equilibria
        checked += 1
        assert diagonal.both_strict.holds(**point)
        assert diagonal.first_risk_dominates.holds(**point) == (R - T > P - S), point
        assert diagonal.second_risk_dominates.holds(**point) == (P - S > R - T), point
    assert checked >= 50
    assert diagonal.second_risk_dominates.holds() and not diagonal.first_risk_dominates.holds()
    assert not diagonal.first_risk_dominates.holds(sucker_base=1)
    assert not diagonal.second_risk_dominates.holds(sucker_base=1)
    # distinguishability makes restraint risk-dominant: at x = 0, R - T = 1 + 2d > P - S = 2 - 2d iff d > 1/4
    assert diagonal.first_risk_dominates.holds(distinguishability="3/10")
    assert not diagonal.first_risk_dominates.holds(distinguishability="1/4")
    assert not diagonal.second_risk_dominates.holds(distinguishability="1/4")
    assert diagonal.second_risk_dominates.holds(distinguishability="1/5")


def test_mixed_equilibrium_closed_form(model):
    """Jervis (1978); catalog entry 2: the Stag Hunt mixed equilibrium P(C) = (P-S)/((R-T)+(P-S)), here with
    T and S moved by the offense-defense balance and distinguishability."""
    closed = mixed_equilibrium_2x2(model.symbolic_game())
    for point in ({}, {"offense_advantage": "1/2"}, {"offense_advantage": -1}, {"offense_advantage": 1, "distinguishability": 1}):
        R, T, P, S = _rtps(model, **point)
        expected = (P - S) / ((R - T) + (P - S))
        assert closed.at(**point)[0][0] == expected
        (mixed,) = solve(model.game(**point)).mixed
        assert mixed.strategies[0][0] == expected and mixed.regrets == (0, 0)
    # offense advantage raises the confidence in the other's restraint needed to restrain
    assert closed.at(offense_advantage="1/2")[0][0] > closed.at()[0][0] > closed.at(offense_advantage=-1)[0][0]


def test_threshold_offense_advantage(model):
    """Jervis (1978), pp. 186-214 (mapping ours): with indistinguishable postures the game turns from assurance
    into a Prisoner's Dilemma where T = R, i.e. at x = (R - T0)/k = 4/5; with fully distinguishable postures
    it never does in the range (T0 + k - w < R): restraint stays an equilibrium, and the only change is at
    x = 0, where S = P and the game turns from Harmony (restraint dominant) into a Stag Hunt."""
    result = thresholds(model.symbolic_game(), "offense_advantage")
    assert [c.value for c in result.cut_points] == [sympy.Rational(4, 5)]
    assert result.regimes[-1].pure == (("D", "D"),)
    assert result.regimes[0].pure == (("C", "C"), ("D", "D"))
    for x, expected in (("79/100", {("C", "C"), ("D", "D")}), ("81/100", {("D", "D")})):
        found = solve(model.game(offense_advantage=x))
        assert {e.pure_profile for e in found.pure} == expected
        assert all(r == 0 for e in found for r in e.regrets)
    safe = thresholds(model.symbolic_game(), "offense_advantage", distinguishability=1)
    assert [c.value for c in safe.cut_points] == [0]
    assert safe.regimes[0].pure == (("C", "C"),)
    assert all(("C", "C") in r.pure for r in safe.regimes)


def test_defensive_realist_rules_hold_on_the_sweep_plane(model):
    """Jervis (1978): on the (offense advantage, distinguishability) plane the defensive-realist rule that applies
    is borne out by the certified equilibria at every grid point off the boundaries."""
    for x in [Fraction(k, 4) for k in range(-4, 5)]:
        for d in [Fraction(k, 4) for k in range(5)]:
            rule = model.predicted_rule("defensive_realism", offense_advantage=x, distinguishability=d)
            if rule is None:
                continue
            pure = [e.pure_profile for e in solve(model.game(offense_advantage=x, distinguishability=d)).pure]
            matching = [p for p in pure if rule.matches(p)]
            assert matching, (x, d, rule.outcome)
            if rule.expect == "unique_equilibrium":
                assert matching == pure
