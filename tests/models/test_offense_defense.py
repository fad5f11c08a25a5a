"""Pinned results of the offense-defense model (models/offense_defense.toml).

Source: Jervis (1978), "Cooperation under the Security Dilemma", World Politics 30(2),
pp. 167-214 (the four worlds, pp. 211-214); Glaser (1997), "The Security Dilemma Revisited"
(greedy vs security-seeking states). The payoff mapping, the (1 - d) scaling of the offense
term between status-quo states and the aggressor type's dominant arming are ours.
"""

from fractions import Fraction

import numpy as np
import pytest
import sympy

from gametheory.analysis import mixed_equilibrium_2x2, thresholds
from gametheory.analysis.classify import classify
from gametheory.model import load_model
from gametheory.solvers import solve

KEY = "offense_defense"


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def _terms(model, **values):
    """R, T, P, S between status-quo states, S_agg against an aggressor, and mu (the model's notes)."""
    v = {k: Fraction(x) for k, x in {**model.defaults, **values}.items()}
    x, d, k, w = v["offense_advantage"], v["distinguishability"], v["offense_effect"], v["distinguishability_effect"]
    T = v["temptation_base"] + k * x * (1 - d) - w * d
    S = v["sucker_base"] - k * x * (1 - d) + w * d
    S_agg = v["sucker_base"] - k * x + w * d
    return v["reward"], T, v["punishment"], S, S_agg, v["aggressor_share"]


def _expected(model, **values):
    """The status-quo types' expected 2x2 payoffs of State A: CC, CD, DC, DD."""
    R, T, P, S, S_agg, mu = _terms(model, **values)
    return (1 - mu) * R + mu * S_agg, (1 - mu) * S + mu * S_agg, (1 - mu) * T + mu * P, P


def _certified_pure(game):
    result = solve(game)
    assert result.exact
    assert all(r == 0 for e in result for r in e.regrets)
    return {e.pure_profile for e in result.pure}


def test_defaults_are_the_stag_hunt_and_the_payoffs_follow_the_notes(model):
    """At mu = 0, x = d = 0: R=4, T=3, P=2, S=0; pure (C,C) and (D,D), mixed P(C) = (P-S)/((R-T)+(P-S)) = 2/3."""
    assert _terms(model)[:4] == (4, 3, 2, 0)
    result = solve(model.game())
    assert {e.pure_profile: e.payoffs for e in result.pure} == {("C", "C"): (4, 4), ("D", "D"): (2, 2)}
    (mixed,) = result.mixed
    assert [list(s) for s in mixed.strategies] == [[Fraction(2, 3), Fraction(1, 3)]] * 2 and mixed.regrets == (0, 0)
    rng = np.random.default_rng(3)
    for _ in range(40):
        point = {"offense_advantage": Fraction(int(rng.integers(-4, 5)), 4),
                 "distinguishability": Fraction(int(rng.integers(0, 5)), 4),
                 "aggressor_share": Fraction(int(rng.integers(0, 5)), 4)}
        game = model.game(**point)
        cc, cd, dc, dd = _expected(model, **point)
        assert [game.payoff_profile(p)[0] for p in (("C", "C"), ("C", "D"), ("D", "C"), ("D", "D"))] == [cc, cd, dc, dd]


@pytest.mark.parametrize(
    "offense, distinguishable, name, equilibria",
    [
        (1, 0, "Prisoner's Dilemma", {("D", "D")}),  # world 1: doubly dangerous
        (-1, 0, "Coordination (R>P>T>S)", {("C", "C"), ("D", "D")}),  # world 2: dilemma, needs compatible
        (1, 1, "Harmony (R>S>P>T)", {("C", "C")}),  # world 3: no security dilemma between status-quo states
        (-1, 1, "Harmony (R>S>P>T)", {("C", "C")}),  # world 4: doubly safe
    ],
)
def test_four_worlds_between_status_quo_states(model, offense, distinguishable, name, equilibria):
    """Jervis (1978), pp. 211-214: with no aggressor (mu = 0) offense advantage and indistinguishable postures
    give a Prisoner's Dilemma; distinguishable postures remove the dilemma between status-quo states
    whatever the balance (worlds 3 and 4)."""
    game = model.game(offense_advantage=offense, distinguishability=distinguishable)
    assert classify(game).name == name
    assert _certified_pure(game) == equilibria


def test_world_three_is_about_aggressors(model):
    """Jervis (1978), p. 211: world 3 has 'no security dilemma, but aggression possible'. Distinguishability
    does not undo the aggressor's offensive advantage (S_agg = S0 - k x + w d), so as mu rises the
    status-quo states' mutual restraint stops being an equilibrium in world 3 and stays one in world 4.
    Restraint is an equilibrium iff (1 - mu) R + mu S_agg >= (1 - mu) T + mu P; at x = 1, d = 1 this is
    mu <= (R - T)/((R - T) + (P - S_agg)) = 14/17 and at x = -1, d = 1 it holds for every mu."""
    R, T, P, S, S_agg, _ = _terms(model, offense_advantage=1, distinguishability=1)
    cut = (R - T) / ((R - T) + (P - S_agg))
    assert cut == Fraction(14, 17)
    for mu, holds in ((cut - Fraction(1, 100), True), (cut, True), (cut + Fraction(1, 100), False)):
        pure = _certified_pure(model.game(offense_advantage=1, distinguishability=1, aggressor_share=mu))
        assert (("C", "C") in pure) == holds, mu
    for mu in (Fraction(1, 2), Fraction(9, 10), 1):
        assert ("C", "C") in _certified_pure(model.game(offense_advantage=-1, distinguishability=1, aggressor_share=mu))
    result = thresholds(model.symbolic_game(), "aggressor_share", offense_advantage=1, distinguishability=1)
    # the arms race becomes an equilibrium too once (1 - mu) S + mu S_agg < P, i.e. mu > 2/5
    assert [c.value for c in result.cut_points] == [sympy.Rational(2, 5), sympy.Rational(14, 17)]
    assert result.regimes[0].pure == (("C", "C"),) and result.regimes[-1].pure == (("D", "D"),)


def test_mixed_equilibrium_closed_form(model):
    """The assurance mixed equilibrium P(C) = (DD - CD)/((CC - DC) + (DD - CD)) of the expected game."""
    closed = mixed_equilibrium_2x2(model.symbolic_game())
    for point in ({}, {"offense_advantage": "1/2"}, {"offense_advantage": -1}, {"aggressor_share": "1/5"},
                  {"offense_advantage": "1/2", "distinguishability": "1/4", "aggressor_share": "1/10"}):
        cc, cd, dc, dd = _expected(model, **point)
        expected = (dd - cd) / ((cc - dc) + (dd - cd))
        assert closed.at(**point)[0][0] == expected
        (mixed,) = solve(model.game(**point)).mixed
        assert mixed.strategies[0][0] == expected and mixed.regrets == (0, 0)


def test_threshold_offense_advantage_without_aggressors(model):
    """Jervis (1978), pp. 186-199 (mapping ours): with indistinguishable postures and mu = 0 the game turns
    from assurance into a Prisoner's Dilemma where T = R, at x = (R - T0)/k = 4/5."""
    result = thresholds(model.symbolic_game(), "offense_advantage")
    assert [c.value for c in result.cut_points] == [sympy.Rational(4, 5)]
    assert result.regimes[-1].pure == (("D", "D"),)
    for x, expected in (("79/100", {("C", "C"), ("D", "D")}), ("81/100", {("D", "D")})):
        assert _certified_pure(model.game(offense_advantage=x)) == expected


def test_the_four_world_rules_can_fail_and_do(model):
    """The defensive-realist rules read only the structural variables: at mu = 1/5 the 'doubly dangerous'
    world is not always a Prisoner's Dilemma (x = 1/5, d = 0: restraint is still an equilibrium), and
    the equilibria confirm world 3 at x = 1, d = 1."""
    rule = model.predicted_rule("defensive_realism", offense_advantage="1/5", distinguishability=0, aggressor_share="1/5")
    assert rule.outcome == "arms_race" and rule.expect == "unique_equilibrium"
    assert _certified_pure(model.game(offense_advantage="1/5", aggressor_share="1/5")) == {("C", "C"), ("D", "D")}
    rule = model.predicted_rule("defensive_realism", offense_advantage=1, distinguishability=1, aggressor_share="1/5")
    assert rule.outcome == "mutual_restraint"
    assert ("C", "C") in _certified_pure(model.game(offense_advantage=1, distinguishability=1, aggressor_share="1/5"))
    assert all(p.structural for p in model.parameters if p.name in ("offense_advantage", "distinguishability", "aggressor_share"))


def test_equilibria_agree_with_nashpy():
    """Cross-check: the equilibria of the expected game at a world-1 point against nashpy's vertex enumeration."""
    nashpy = pytest.importorskip("nashpy")
    model = load_model(KEY)
    game = model.game(offense_advantage="1/2", distinguishability="1/4", aggressor_share="1/10")
    ours = sorted(tuple(float(p) for s in e.strategies for p in s) for e in solve(game))
    A, B = (np.array([[float(game.payoffs[k][i, j]) for j in range(2)] for i in range(2)]) for k in range(2))
    theirs = sorted(tuple(np.concatenate(eq).tolist()) for eq in nashpy.Game(A, B).vertex_enumeration())
    assert len(ours) == len(theirs) == 3
    for a, b in zip(ours, theirs):
        assert np.allclose(a, b, atol=1e-9)
