"""Pinned results of the Called Bluff crisis model (models/crisis_called_bluff.toml).

Source: Snyder and Diesing (1977), Conflict Among Nations, ch. II; the ordinal
matrix as recomputed in the project's literature catalog, entry 3 (the construction from player types is unverified against the book).
"""

from fractions import Fraction

import numpy as np
import pytest

from gametheory.analysis import mixed_equilibrium_2x2, pure_equilibrium_conditions, thresholds
from gametheory.classify import classify
from gametheory.model import load_model
from gametheory.solvers import solve

KEY = "crisis_called_bluff"


def _frac(*values):
    return tuple(Fraction(v) for v in values)


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def test_published_equilibria(model):
    """Snyder and Diesing (1977), ch. II; catalog entry 3: the unique equilibrium is (C,D) = (2,4): the Chicken player backs down."""
    result = solve(model.game())
    assert result.exact and result.complete and not result.degenerate
    pure = {e.pure_profile: e.payoffs for e in result.pure}
    assert pure == {("C", "D"): _frac(2, 4)}
    assert not result.mixed
    for equilibrium in result:
        assert equilibrium.regrets == (0, 0)


def test_classifier_names_the_game(model):
    """Snyder and Diesing (1977), ch. II: the game is the Called Bluff of the 2x2 topology, at any payoffs with the same order."""
    game_class = classify(model.game())
    assert game_class.name == "Called Bluff"
    assert game_class.code == "TRSP/TRPS"
    assert game_class.symmetric is False
    # an order-preserving change of every payoff (x -> 2x + 1) keeps the class; float payoffs too
    doubled = {name: 2 * Fraction(value) + 1 for name, value in model.defaults.items()}
    assert classify(model.game(**doubled)).code == game_class.code
    assert classify(model.game(exact=False)).code == game_class.code


def test_player_types(model):
    """Snyder and Diesing (1977), ch. II (construction unverified, catalog entry 3): State A is a Chicken player, State B a Prisoner's Dilemma player."""
    game_class = classify(model.game())
    assert game_class.row_type.name == "Chicken"
    assert game_class.column_type.name == "Prisoner's Dilemma"
    assert game_class.hybrid == "Chicken / Prisoner's Dilemma"


def test_state_b_has_a_dominant_firm_stance(model):
    """Snyder and Diesing (1977), ch. II: State B (Prisoner's Dilemma preferences) stands firm whatever A does."""
    conditions = {c.labels: c.nash for c in pure_equilibrium_conditions(model.symbolic_game())}
    assert {labels for labels, c in conditions.items() if c.holds()} == {("C", "D")}
    mixed = mixed_equilibrium_2x2(model.symbolic_game())
    assert mixed.at() is None


def test_threshold_war_a(model):
    """Snyder and Diesing (1977), ch. II: war_a = back_down_a (= 2): below it State A backs down (Called Bluff); above it A prefers war to yielding and the crisis ends in war (A becomes a Prisoner's Dilemma player)."""
    result = thresholds(model.symbolic_game(), "war_a")
    assert [c.value for c in result.cut_points] == [2]
    for value, expected in ((Fraction(3, 2), {("C", "D")}), (Fraction(5, 2), {("D", "D")})):
        found = solve(model.game(war_a=value))
        assert {e.pure_profile for e in found.pure} == expected
        assert all(r == 0 for e in found for r in e.regrets)


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
