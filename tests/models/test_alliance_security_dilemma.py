"""Pinned results of the alliance security dilemma (models/alliance_security_dilemma.toml).

Source: Snyder (1984), "The Security Dilemma in Alliance Politics", World Politics
36(4), pp. 461-495; the expected-cost encoding and its numbers are the project's
literature catalog, entry 6 (ours, unverified as Snyder's).
"""

from fractions import Fraction

import numpy as np
import pytest
import sympy

from gametheory.analysis import dominance_conditions, pure_equilibrium_conditions, thresholds
from gametheory.analysis.classify import classify
from gametheory.model import load_model
from gametheory.solvers import solve

KEY = "alliance_security_dilemma"
MULTIPOLAR = {"abandonment_cost": 10}
BIPOLAR = {"abandonment_cost": 3}


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def _margin(values):
    """(a_W - a_S) A - (e_S - e_W) E: Strong is optimal iff positive (catalog entry 6)."""
    v = {k: Fraction(x) for k, x in values.items()}
    return (v["abandon_if_weak"] - v["abandon_if_strong"]) * v["abandonment_cost"] - (
        v["entrap_if_strong"] - v["entrap_if_weak"]
    ) * v["entrapment_cost"]


def test_multipolar_vs_bipolar(model):
    """Snyder (1984), pp. 466-495; catalog entry 6: at a_S=.1, a_W=.4, e_S=.3, e_W=.1, E=8,
    multipolar A=10 gives 3.0 > 1.6 (Strong: tight alliances), bipolar A=3 gives 0.9 < 1.6 (Weak: loose)."""
    for values, margin, action in ((MULTIPOLAR, Fraction(14, 10), "Strong"), (BIPOLAR, Fraction(-7, 10), "Weak")):
        assert _margin({**model.defaults, **values}) == margin
        result = solve(model.game(**values))
        assert result.exact and result.complete and not result.degenerate
        assert [e.pure_profile for e in result] == [(action, action)]
        (equilibrium,) = result
        assert equilibrium.regrets == (0, 0)
        # the deviation loss of each ally is exactly the margin, in absolute value
        deviated = model.game(**values).payoff_profile(("Weak" if action == "Strong" else "Strong", action))[0]
        assert equilibrium.payoffs[0] - deviated == abs(margin)


def test_strong_dominance_condition_symbolic(model):
    """Snyder (1984); catalog entry 6: Strong strictly dominates Weak iff (a_W - a_S) A > (e_S - e_W) E, for every parameter value."""
    game = model.symbolic_game()
    (strong_over_weak,) = [d for d in dominance_conditions(game) if d.player == "Ally 1" and d.action == "Strong"]
    s = game.symbols
    expected = (s["abandon_if_weak"] - s["abandon_if_strong"]) * s["abandonment_cost"] - (
        s["entrap_if_strong"] - s["entrap_if_weak"]
    ) * s["entrapment_cost"]
    for partner in range(2):  # the gain from Strong over Weak is the margin whatever the partner does
        assert sympy.expand(game.payoffs[0][0, partner] - game.payoffs[0][1, partner] - expected) == 0
    rng = np.random.default_rng(7)
    for _ in range(100):
        point = {p.name: Fraction(int(rng.integers(0, 11)), 10) * (20 if p.high == 20 else 1) for p in model.parameters}
        assert strong_over_weak.strict.holds(**point) == (_margin(point) > 0), point


def test_threshold_on_abandonment_cost(model):
    """Snyder (1984); catalog entry 6: with the other defaults the switch is at A* = (e_S - e_W) E / (a_W - a_S) = 16/3."""
    result = thresholds(model.symbolic_game(), "abandonment_cost")
    assert [c.value for c in result.cut_points] == [sympy.Rational(16, 3)]
    below, above = result.regimes[0], result.regimes[-1]
    assert below.pure == (("Weak", "Weak"),) and above.pure == (("Strong", "Strong"),)
    for value, profile in ((Fraction(16, 3) - Fraction(1, 100), ("Weak", "Weak")),
                           (Fraction(16, 3) + Fraction(1, 100), ("Strong", "Strong"))):
        (equilibrium,) = solve(model.game(abandonment_cost=value))
        assert equilibrium.pure_profile == profile and equilibrium.regrets == (0, 0)


def test_bipolar_alliance_game_is_a_prisoners_dilemma(model):
    """Snyder (1984), footnote 2 (PD framing, unverified): under bipolarity both commit weakly although both
    would be better off committing strongly; the classifier names it a Prisoner's Dilemma (C = Strong)."""
    game = model.game(**BIPOLAR)
    assert classify(game).name == "Prisoner's Dilemma"
    (equilibrium,) = solve(game)
    strong_strong = game.payoff_profile(("Strong", "Strong"))
    assert all(s > w for s, w in zip(strong_strong, equilibrium.payoffs))
    # without the partner's deterrence value there is nothing to gain from mutual firmness: no dilemma
    assert classify(model.game(deterrence_value=0, **BIPOLAR)).name != "Prisoner's Dilemma"


def test_pure_conditions_and_float_mode(model):
    """Snyder (1984); catalog entry 6: (Strong, Strong) is an equilibrium iff the margin is >= 0; float games agree."""
    conditions = {c.labels: c.nash for c in pure_equilibrium_conditions(model.symbolic_game())}
    assert conditions[("Strong", "Strong")].holds(**MULTIPOLAR)
    assert not conditions[("Strong", "Strong")].holds(**BIPOLAR)
    assert conditions[("Weak", "Weak")].holds(**BIPOLAR)
    result = solve(model.game(exact=False, **MULTIPOLAR))
    (equilibrium,) = result
    assert equilibrium.pure_profile == ("Strong", "Strong")
    assert equilibrium.max_regret <= model.game(exact=False).tolerance()


def test_defensive_realist_prediction_matches_equilibria(model):
    """Snyder (1984): the defensive-realist rule (tight iff the margin is positive) agrees with the equilibria on a grid."""
    A = np.linspace(0, 20, 21)
    E = np.linspace(0, 20, 21)
    grid_A, grid_E = (x.ravel() for x in np.meshgrid(A, E))
    predicted = model.predict("defensive_realism", abandonment_cost=grid_A, entrapment_cost=grid_E)
    for a, e, outcome in zip(grid_A, grid_E, predicted):
        margin = 0.3 * a - 0.2 * e
        if abs(margin) < 1e-9:
            continue  # on the boundary both allies are indifferent (a tie, not a prediction)
        (equilibrium,) = solve(model.game(abandonment_cost=Fraction(a).limit_denominator(), entrapment_cost=Fraction(e).limit_denominator()))
        expected = "tight_alliance" if equilibrium.pure_profile == ("Strong", "Strong") else "loose_alliance"
        assert outcome == expected
