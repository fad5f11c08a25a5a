"""Pinned results of the repeated alliance game of abandonment and entrapment
(models/abandonment_entrapment.toml).

Source: Snyder (1984), "The Security Dilemma in Alliance Politics", World
Politics 36(4): 461-495: each ally chooses a strong or weak commitment; the
first lowers the risk of abandonment and raises that of entrapment; the game
is acute in multipolarity, where realignment is possible. The stage payoffs
are ours (R = D - e, S = -e, T = (1 - alpha) D, P = 0), and so are the closed
forms, with Axelrod's (1984) grim-trigger threshold (T - R)/(T - P):

- alpha D >= e: mutual support is a Nash equilibrium of the stage game (the
  fear of abandonment sustains it; a Stag Hunt with mutual hedging beside it);
- alpha D < e < D: a Prisoner's Dilemma; grim trigger sustains mutual support
  iff delta >= (e - alpha D)/((1 - alpha) D) (1/3 at the defaults), falling
  with dependence and alternatives and rising with the entrapment risk.

Stage equilibria are certified by the solvers' regrets (exactly 0); repeated
profiles by one-shot deviations at every automaton state.
"""

from fractions import Fraction

import pytest
import sympy

from gametheory.games.repeated import RepeatedGame
from gametheory.games.repeated import analysis as an
from gametheory.games.repeated import discount as dc
from gametheory.games.repeated import strategies as st
from gametheory.model import load_model
from gametheory.solvers import solve

from model_helpers import independent_comparisons

KEY = "abandonment_entrapment"
GRIM = (st.grim_trigger(), st.grim_trigger())


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def _pure_equilibria(model, **values) -> set[tuple]:
    game = model.game(**values)
    result = solve(game)
    assert result.exact
    for equilibrium in result.equilibria:
        assert all(r == 0 for r in equilibrium.regrets)
    return {e.pure_profile for e in result.pure}


def _critical(d, e, a) -> Fraction:
    """(T - R)/(T - P) = (e - alpha D)/((1 - alpha) D), by hand."""
    return (Fraction(e) - Fraction(a) * d) / ((1 - Fraction(a)) * d)


@pytest.mark.parametrize("alternatives, support_is_equilibrium", [
    (Fraction(0), False),
    (Fraction(1, 4), False),
    (Fraction(49, 100), False),
    (Fraction(1, 2), True),      # alpha D = e: the supporter is indifferent, mutual support is (weakly) stable
    (Fraction(3, 4), True),
    (Fraction(1), True),
])
def test_fear_of_abandonment_alone_sustains_support_exactly_when_alpha_d_reaches_e(model, alternatives,
                                                                                    support_is_equilibrium):
    found = _pure_equilibria(model, alternatives=alternatives)
    assert (("Support", "Support") in found) == support_is_equilibrium
    assert ("Hedge", "Hedge") in found  # hedging is always a stage equilibrium (P = 0 > S = -e)


def test_critical_discount_factor_closed_form(model):
    """Grim trigger: delta* = (e - alpha D)/((1 - alpha) D), symbolically in the structural variables."""
    symbolic = model.symbolic_game()
    result = dc.critical_discount(RepeatedGame(symbolic), GRIM)
    d, e, a = (symbolic.symbols[n] for n in ("dependence", "entrapment_risk", "alternatives"))
    assert sympy.simplify(result.critical - (e - a * d) / ((1 - a) * d)) == 0
    for values in ({}, {"dependence": 6}, {"alternatives": Fraction(1, 10), "entrapment_risk": 3},
                   {"dependence": 10, "entrapment_risk": 5, "alternatives": 0}):
        v = {**model.defaults, **values}
        expected = _critical(v["dependence"], v["entrapment_risk"], v["alternatives"])
        assert 0 < expected < 1
        found = dc.critical_discount(RepeatedGame(model.game(**values)), GRIM).critical
        assert found == sympy.Rational(expected.numerator, expected.denominator)


@pytest.mark.parametrize("delta, holds", [(Fraction(3, 10), False), (Fraction(1, 3), True), (Fraction(1, 2), True)])
def test_grim_trigger_is_subgame_perfect_exactly_from_the_threshold(model, delta, holds):
    """At the defaults (D = 4, e = 2, alpha = 1/4) the threshold is 1/3; checked by one-shot deviations."""
    assert _critical(4, 2, Fraction(1, 4)) == Fraction(1, 3)
    assert an.check_spe(RepeatedGame(model.game(), delta), GRIM).is_spe == holds


def test_the_shadow_of_the_future_needed_falls_with_dependence_and_alternatives(model):
    """Snyder's determinants as comparative statics of delta*: down in D and alpha, up in e."""
    base = _critical(4, 2, Fraction(1, 4))
    assert _critical(6, 2, Fraction(1, 4)) < base and _critical(4, 2, Fraction(2, 5)) < base
    assert _critical(4, 3, Fraction(1, 4)) > base
    for values in ({"dependence": 6}, {"alternatives": Fraction(2, 5)}, {"entrapment_risk": 3}):
        found = dc.critical_discount(RepeatedGame(model.game(**values)), GRIM).critical
        v = {**model.defaults, **values}
        assert found == sympy.nsimplify(_critical(v["dependence"], v["entrapment_risk"], v["alternatives"]))


def test_the_discount_set_along_the_structural_variable(model):
    """Grim trigger is an SPE iff alpha >= (e - delta D)/((1 - delta) D) (solving delta >= delta* for alpha); above
    alpha = e/D the stage game is a Stag Hunt and support needs no enforcement, and grim's punishment still holds
    since hedging is a stage equilibrium. At delta = 1/2 (= e/D) every alpha qualifies; at delta = 1/5 the cut is
    (2 - 4/5)/(4 (1 - 1/5)) = 3/8."""
    found = dc.parameter_set(RepeatedGame(model.symbolic_game(), Fraction(1, 2)), GRIM, "alternatives")
    assert found.contains(0) and found.contains(sympy.Rational(1, 2)) and found.contains(1)
    found = dc.parameter_set(RepeatedGame(model.symbolic_game(), Fraction(1, 5)), GRIM, "alternatives")
    low = (Fraction(2) - Fraction(1, 5) * 4) / ((1 - Fraction(1, 5)) * 4)
    assert low == Fraction(3, 8)
    assert not found.contains(sympy.Rational(1, 4)) and found.contains(sympy.Rational(3, 8))
    assert found.contains(sympy.Rational(1, 2))


def test_the_comparison_is_independent_and_can_fail(model):
    from gametheory.study.sweep import sweep

    frame = sweep(model, grid={"alternatives": [0, 0.2, 0.5, 0.8], "dependence": [1, 3, 6]})
    assert frame["max_regret"].max() <= 1e-9
    for theory, comparison in independent_comparisons(model, frame, ("defensive_realism", "offensive_realism")).items():
        assert 0 < comparison.independent_agreement < 1, theory
