"""Published results of the repeated burden-sharing model (models/alliance_burden_sharing_repeated.toml).

Sources: Olson and Zeckhauser (1966), defence as a public good (the linear two-ally stage game is ours);
Grieco (1988), p. 500, defensive positionalism, U = V - k (W - V); Axelrod (1984), ch. 1-3, the shadow of
the future: grim trigger sustains cooperation iff delta >= (T - R)/(T - P).
"""

from fractions import Fraction

import numpy as np
import pytest
import sympy

from gametheory.analysis.classify import classify
from gametheory.games.repeated import RepeatedGame
from gametheory.games.repeated import analysis as an
from gametheory.games.repeated import discount as dc
from gametheory.games.repeated import strategies as st
from gametheory.model import load_model
from gametheory.solvers import solve

MODEL = load_model("alliance_burden_sharing_repeated")
GRIM = (st.grim_trigger(), st.grim_trigger())


def rtps(benefit=3, cost=4, k=0):
    b, c, k = Fraction(benefit), Fraction(cost), Fraction(k)
    return 2 * b - c, b + k * c, Fraction(0), b - c - k * c


def pure(**values):
    result = solve(MODEL.game(**values))
    assert result.exact and all(r == 0 for e in result for r in e.regrets)
    return {e.pure_profile for e in result.pure}


def test_stage_payoffs_are_griecos_utility_over_the_public_good():
    """Grieco 1988, p. 500: U = V - k (W - V) over the public-good payoffs V (k = 0)."""
    base = MODEL.game(relative_gains=0)
    for k in (0, Fraction(1, 2), 1, 2):
        game = MODEL.game(relative_gains=k)
        for profile in (("Contribute", "Contribute"), ("Contribute", "Free-ride"), ("Free-ride", "Contribute"), ("Free-ride", "Free-ride")):
            V, W = base.payoff_profile(profile)
            assert game.payoff_profile(profile) == (V - k * (W - V), W - k * (V - W))


@pytest.mark.parametrize("cost, k, expected", [
    (4, 0, {("Free-ride", "Free-ride")}),  # b < c: Prisoner's Dilemma
    (2, 0, {("Contribute", "Contribute")}),  # b > c: contributing dominant
    (2, 1, {("Free-ride", "Free-ride")}),  # b < c (1 + k): relative gains turn it into a dilemma
    (3, 0, {("Contribute", "Contribute"), ("Contribute", "Free-ride"), ("Free-ride", "Contribute"), ("Free-ride", "Free-ride")}),
])
def test_stage_game_dilemma_iff_benefit_below_cost_times_one_plus_k(cost, k, expected):
    """The stage game is a Prisoner's Dilemma iff b < c (1 + k) and c < 2b; b = c (1 + k) is the tie."""
    assert pure(cost=cost, relative_gains=k) == expected
    R, T, P, S = rtps(cost=cost, k=k)
    if T > R > P > S:
        assert classify(MODEL.game(cost=cost, relative_gains=k)).name == "Prisoner's Dilemma"


def test_grim_trigger_threshold_and_one_shot_deviations():
    """Axelrod 1984: (grim, grim) is subgame perfect iff delta >= (T - R)/(T - P) = (c - b + k c)/(b + k c);
    checked by one-shot deviations on both sides of the threshold for several k (Grieco's concern raises it)."""
    for k, threshold in ((0, Fraction(1, 3)), (Fraction(1, 2), Fraction(3, 5)), (1, Fraction(5, 7))):
        R, T, P, S = rtps(k=k)
        assert (T - R) / (T - P) == threshold
        assert dc.critical_discount(RepeatedGame(MODEL.game(relative_gains=k)), GRIM).critical == sympy.Rational(threshold.numerator, threshold.denominator)
        for delta, holds in ((threshold - Fraction(1, 50), False), (threshold, True), (threshold + Fraction(1, 50), True)):
            assert an.check_spe(RepeatedGame(MODEL.game(relative_gains=k), delta), GRIM).is_spe == holds, (k, delta)


def test_liberal_claim_long_shadow_sustains_burden_sharing_without_relative_gains():
    """Keohane 1984, ch. 5-6; Axelrod and Keohane 1985: with k = 0 a long enough shadow of the future
    sustains mutual contribution wherever the stage game is a dilemma (c < 2b): delta* = (c - b)/b < 1."""
    for cost in (Fraction(7, 2), 4, 5, Fraction(11, 2)):
        R, T, P, S = rtps(cost=cost)
        threshold = (T - R) / (T - P)
        assert 0 < threshold < 1
        assert an.check_spe(RepeatedGame(MODEL.game(cost=cost), (1 + threshold) / 2), GRIM).is_spe


def test_defensive_positionalism_fails_where_contributing_is_dominant():
    """Grieco's rule (k > 0: no mutual contribution) is stated on k alone, so it can fail: at b = 3, c = 1,
    k = 1/2 contributing is dominant (3 > 1.5) and (Contribute, Contribute) is the equilibrium."""
    rule = MODEL.predicted_rule("defensive_realism", cost=1, relative_gains="1/2")
    assert rule.outcome == "burden_shared" and rule.expect == "not_equilibrium"
    assert pure(cost=1, relative_gains="1/2") == {("Contribute", "Contribute")}
    assert pure(cost=3, relative_gains="1/2") == {("Free-ride", "Free-ride")}


def test_stage_equilibria_agree_with_pygambit():
    """Cross-check against pygambit's exact enumeration, at a degenerate point (b = c, a continuum) and a dilemma."""
    pygambit = pytest.importorskip("pygambit")
    for values in ({"cost": 3}, {"cost": 2, "relative_gains": 1}):
        game = MODEL.game(**values)
        A, B = (np.asarray(a, dtype=object) for a in game.payoffs)
        assert all(x == int(x) for a in (A, B) for x in a.flat)
        g = pygambit.Game.from_arrays(A.astype(int), B.astype(int))
        profiles = pygambit.nash.enummixed_solve(g, rational=True).equilibria
        theirs = {tuple(Fraction(str(profile[player][action])) for player in g.players for action in player.strategies)
                  for profile in profiles}
        ours = {tuple(x for s in e.strategies for x in s) for e in solve(game)}
        assert ours == theirs, values
