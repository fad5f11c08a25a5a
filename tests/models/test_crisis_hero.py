"""Pinned results of the Hero crisis model (models/crisis_hero.toml).

Source: Snyder and Diesing (1977), Conflict Among Nations, ch. II; the ordinal
matrix as recomputed in the project's literature catalog, entry 3.
"""

from fractions import Fraction

import numpy as np
import pytest

from gametheory.analysis import mixed_equilibrium_2x2, pure_equilibrium_conditions, thresholds
from gametheory.classify import classify
from gametheory.model import load_model
from gametheory.solvers import solve

KEY = "crisis_hero"


def _frac(*values):
    return tuple(Fraction(v) for v in values)


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def test_published_equilibria(model):
    """Snyder and Diesing (1977), ch. II; catalog entry 3: pure (C,D) = (4,3) and (D,C) = (3,4), mixed P(C) = 3/4 each."""
    result = solve(model.game())
    assert result.exact and result.complete and not result.degenerate
    pure = {e.pure_profile: e.payoffs for e in result.pure}
    assert pure == {("C", "D"): _frac(4, 3), ("D", "C"): _frac(3, 4)}
    (mixed,) = result.mixed
    assert [list(s) for s in mixed.strategies] == [[Fraction(3, 4), Fraction(1, 4)]] * 2
    p_clash = mixed.strategies[0][1] * mixed.strategies[1][1]
    assert p_clash == Fraction(1, 4) ** 2
    for equilibrium in result:
        assert equilibrium.regrets == (0, 0)


def test_classifier_names_the_game(model):
    """Snyder and Diesing (1977), ch. II: the game is the Hero of the 2x2 topology, at any payoffs with the same order."""
    game_class = classify(model.game())
    assert game_class.name == "Hero"
    assert game_class.code == "STRP/STRP"
    assert game_class.symmetric is True
    # an order-preserving change of every payoff (x -> 2x + 1) keeps the class; float payoffs too
    doubled = {name: 2 * Fraction(value) + 1 for name, value in model.defaults.items()}
    assert classify(model.game(**doubled)).code == game_class.code
    assert classify(model.game(exact=False)).code == game_class.code


def test_pure_equilibrium_conditions(model):
    """Snyder and Diesing (1977), ch. II: which outcome is an equilibrium depends only on the order of the payoffs.

    (D,D) is an equilibrium iff war >= back_down; (C,D) and (D,C) iff back_down >= war and win >= compromise;
    (C,C) iff compromise >= win.
    """
    conditions = {c.labels: c.nash for c in pure_equilibrium_conditions(model.symbolic_game())}
    rng = np.random.default_rng(3)
    for _ in range(200):
        point = {name: Fraction(int(v)) for name, v in zip(("compromise", "back_down", "win", "war"), rng.integers(0, 11, 4))}
        assert conditions[("D", "D")].holds(**point) == (point["war"] >= point["back_down"])
        assert conditions[("C", "D")].holds(**point) == (point["back_down"] >= point["war"] and point["win"] >= point["compromise"])
        assert conditions[("C", "C")].holds(**point) == (point["compromise"] >= point["win"])
    at_defaults = {labels for labels, c in conditions.items() if c.holds()}
    assert at_defaults == {("C", "D"), ("D", "C")}


def test_threshold_win(model):
    """Snyder and Diesing (1977), ch. II: win = compromise (= 2): above it one side plays the hero; below it both prefer mutual concession, and (C,C) is the only pure equilibrium."""
    result = thresholds(model.symbolic_game(), "win")
    assert [c.value for c in result.cut_points] == [2]
    below, above = Fraction(3, 2), Fraction(5, 2)
    for value, expected in ((below, {("C", "C")}), (above, {("C", "D"), ("D", "C")})):
        found = solve(model.game(win=value))
        assert {e.pure_profile for e in found.pure} == expected
        assert all(r == 0 for e in found for r in e.regrets)


def test_mixed_equilibrium_closed_form(model):
    """Snyder and Diesing (1977), ch. II; catalog entry 3: mixed equilibrium P(C) = 3/4 each.

    By indifference P(C) = (back_down - war) / ((back_down - war) + (win - compromise)).
    """
    closed = mixed_equilibrium_2x2(model.symbolic_game())
    assert closed.at() == ((Fraction(3, 4), Fraction(1, 4)),) * 2
    rng = np.random.default_rng(11)
    checked = 0
    for _ in range(60):
        R, S, T, P = (Fraction(int(v)) for v in rng.integers(0, 11, 4))
        if not (S > P and T > R):
            continue
        checked += 1
        expected = (S - P) / ((S - P) + (T - R))
        assert closed.at(compromise=R, back_down=S, win=T, war=P)[0][0] == expected
        (mixed,) = solve(model.game(compromise=R, back_down=S, win=T, war=P)).mixed
        assert list(mixed.strategies[0]) == [expected, 1 - expected]
        assert mixed.regrets == (0, 0)
    assert checked >= 5


def test_defensive_realist_rule_at_defaults(model):
    """The defensive-realist rule that applies at the defaults is borne out by the certified equilibria."""
    rule = model.predicted_rule("defensive_realism")
    pure = [e.pure_profile for e in solve(model.game()).pure]
    assert rule is not None
    matching = [p for p in pure if rule.matches(p)]
    if rule.expect == "unique_equilibrium":
        assert len(pure) == 1 and matching == pure
    else:
        assert matching
