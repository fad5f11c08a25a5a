"""Pinned results of the alliance security dilemma (models/alliance_security_dilemma.toml).

Source: Snyder (1984), "The Security Dilemma in Alliance Politics", World Politics 36(4), pp. 461-495, and
Snyder (1997), Alliance Politics, ch. 6: the alliance game (abandonment vs entrapment) is interdependent and
sits beside the adversary game; the dilemma is sharper under multipolarity. The expected-cost encoding and its
numbers follow the project's literature catalog (entry 6); the interdependence, the structural mappings and
the adversary's payoffs are ours.
"""

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy

from gametheory.model import load_model
from gametheory.solvers import solve

KEY = "alliance_security_dilemma"
STRONG, WEAK = 0, 1
PRESS, CONCILIATE = 0, 1


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def pure(model, **values):
    """Pure equilibria of the three-player game, every equilibrium's certificate checked."""
    game = model.game(**values)
    result = solve(game)
    for equilibrium in result.equilibria:
        assert equilibrium.max_regret <= game.tolerance()
        if game.is_exact and result.exact:
            assert all(r == 0 for r in equilibrium.regrets)
    return {e.pure_profile for e in result.pure}


def test_the_alliance_game_is_interdependent(model):
    """Snyder (1984), pp. 466-468 (encoding ours): against pressure, Ally 1's gain from Strong over Weak is
    m (a_W - a_S) A - (e_S - e_W) (1 - k) E when the partner commits strongly, but only
    -(e_S - e_W) (1 - k) E when it hedges: the best reply depends on the partner's choice."""
    game = model.symbolic_game()
    s = game.symbols
    entrapment = (s["entrap_if_strong"] - s["entrap_if_weak"]) * (1 - s["shared_interest"]) * s["entrapment_cost"]
    reassurance = s["alternatives"] * (s["abandon_if_weak"] - s["abandon_if_strong"]) * s["abandonment_cost"]
    u = game.payoffs[0]
    assert sympy.expand(u[STRONG, STRONG, PRESS] - u[WEAK, STRONG, PRESS] - (reassurance - entrapment)) == 0
    assert sympy.expand(u[STRONG, WEAK, PRESS] - u[WEAK, WEAK, PRESS] + entrapment) == 0
    # against conciliation firmness only costs the tension (the adversary game)
    assert sympy.expand(u[STRONG, STRONG, CONCILIATE] - u[WEAK, STRONG, CONCILIATE] + s["tension"]) == 0


def test_multipolar_tight_and_bipolar_loose(model):
    """Snyder (1984), pp. 477-495: under multipolarity (m = 1) the fear of abandonment makes the tight
    alliance an equilibrium (3 >= 1.6 at the catalog's numbers); under bipolarity (m = 0) only loose
    commitments are. Loose commitments are an equilibrium in both (an assurance game)."""
    multipolar = pure(model, alternatives=1)
    assert ("Strong", "Strong", "Press") in multipolar and ("Weak", "Weak", "Press") in multipolar
    bipolar = pure(model, alternatives=0)
    assert bipolar == {("Weak", "Weak", "Press")}


@pytest.mark.parametrize("k", [0, Fraction(1, 2)])
def test_threshold_on_the_alternatives(model, k):
    """Catalog entry 6 with our mappings: the tight alliance is an equilibrium iff
    m (a_W - a_S) A >= (e_S - e_W)(1 - k) E, i.e. m >= 1.6 (1 - k)/3: 8/15 at k = 0, 4/15 at k = 1/2."""
    cut = Fraction(16, 10) * (1 - k) / 3
    for m, tight in ((cut - Fraction(1, 100), False), (cut, True), (cut + Fraction(1, 100), True)):
        assert (("Strong", "Strong", "Press") in pure(model, alternatives=m, shared_interest=k)) == tight, m


def test_the_adversary_game(model):
    """Snyder (1984), pp. 468-477 (our payoffs): the adversary presses loosely committed allies iff
    t V >= c (t >= 1/5) and conciliates otherwise; firmness toward the ally provokes it, so against a tight
    alliance it presses whenever t V (1 - delta) - c >= -provocation (here for every t). At a low threat
    (t = 1/10) the game therefore has two outcomes: loose commitments and détente, or a tight alliance
    that provokes the crisis it is meant to deter."""
    assert pure(model, adversary_threat=Fraction(1, 10)) == {("Weak", "Weak", "Conciliate"), ("Strong", "Strong", "Press")}
    assert ("Weak", "Weak", "Press") in pure(model, adversary_threat=Fraction(3, 10))
    game = model.game(adversary_threat=0)
    assert game.payoff_profile(("Strong", "Strong", "Press"))[2] == -2 == game.payoff_profile(("Strong", "Strong", "Conciliate"))[2]


def test_rules_read_structure_only_and_can_fail(model):
    """The bipolar rule (no tight alliance at m < 1/2) fails where the allies share the stakes: at m = 2/5,
    k = 3/4 the entrapment cost is small (0.4 < 1.2) and the tight alliance is an equilibrium."""
    rule = model.predicted_rule("defensive_realism", alternatives=Fraction(2, 5), shared_interest=Fraction(3, 4))
    assert rule.outcome == "tight_alliance" and rule.expect == "not_equilibrium"
    assert ("Strong", "Strong", "Press") in pure(model, alternatives=Fraction(2, 5), shared_interest=Fraction(3, 4))
    assert {p.name for p in model.parameters if p.structural} == {"alternatives", "shared_interest", "adversary_threat"}


def test_pure_equilibria_agree_with_pygambit(model):
    """Cross-check of the three-player game's pure equilibria against pygambit's enumeration."""
    pygambit = pytest.importorskip("pygambit")
    for values in ({}, {"alternatives": 0}, {"adversary_threat": Fraction(1, 10)}, {"shared_interest": 1}):
        game = model.game(**values)
        arrays = [np.asarray(p, dtype=object) * 100 for p in game.payoffs]  # payoffs are multiples of 1/100 here
        assert all(x == int(x) for a in arrays for x in a.flat)
        g = pygambit.Game.from_arrays(*[a.astype(int) for a in arrays])
        theirs = {tuple(game.actions[i][[float(profile[player][s]) for s in player.strategies].index(1.0)]
                        for i, player in enumerate(g.players))
                  for profile in pygambit.nash.enumpure_solve(g).equilibria}
        assert pure(model, **values) == theirs, values
