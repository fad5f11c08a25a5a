"""Pinned results of the seven 2x2 crisis models (models/crisis_*.toml), one table.

Source: Snyder and Diesing (1977), Conflict Among Nations, ch. II (the 2x2 crisis
structures); the ordinal matrices as recomputed in the project's literature catalog,
entry 3. For the three asymmetric crises (Big Bully, Bully, Called Bluff) the
construction from player types is unverified against the book.

Each row of ``GAMES`` holds one game's published values: its pure equilibria with
payoffs, its mixed equilibrium (P(C), P(D) for each player), its class name and code
in the 2x2 topology, the player types of an asymmetric crisis, and the cut point of
one parameter with the pure equilibria on either side. Every test below checks one
kind of claim for every game it applies to. Chicken's pinned values live in
tests/test_model_api.py.
"""

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pytest

from gametheory.analysis import mixed_equilibrium_2x2, pure_equilibrium_conditions, thresholds
from gametheory.analysis.classify import classify
from gametheory.model import load_model
from gametheory.solvers import solve

CC, CD, DC, DD = ("C", "C"), ("C", "D"), ("D", "C"), ("D", "D")


@dataclass(frozen=True)
class Cut:
    """Where one parameter changes the pure equilibria, and the equilibria on either side."""

    parameter: str
    value: int
    below: Fraction
    below_pure: frozenset
    above: Fraction
    above_pure: frozenset
    note: str


@dataclass(frozen=True)
class CrisisGame:
    """One crisis model's published values (Snyder and Diesing 1977, ch. II; catalog entry 3)."""

    key: str
    note: str
    pure: dict
    mixed: tuple | None
    name: str
    code: str
    symmetric: bool
    cut: Cut
    player_types: tuple[str, str, str] | None = None


GAMES = [
    CrisisGame(
        key="crisis_big_bully",
        note="the unique equilibrium is (D,D) = (2,3): war or breakdown",
        pure={DD: (2, 3)},
        mixed=None,
        name="Big Bully",
        code="TRPS/TPRS",
        symmetric=False,
        player_types=("Prisoner's Dilemma", "Deadlock", "Prisoner's Dilemma / Deadlock"),
        cut=Cut(
            "war_a", 1, Fraction(1, 2), frozenset({CD}), Fraction(3, 2), frozenset({DD}),
            "war_a = back_down_a (= 1): above it State A fights the big bully; below it A backs down "
            "(the game becomes Bully)",
        ),
    ),
    CrisisGame(
        key="crisis_bully",
        note="the unique equilibrium is (C,D) = (2,4): the bully wins",
        pure={CD: (2, 4)},
        mixed=None,
        name="Bully",
        code="TRSP/TPRS",
        symmetric=False,
        player_types=("Chicken", "Deadlock", "Chicken / Deadlock"),
        cut=Cut(
            "war_a", 2, Fraction(3, 2), frozenset({CD}), Fraction(5, 2), frozenset({DD}),
            "war_a = back_down_a (= 2): below it State A backs down before the bully; above it A fights "
            "(the game becomes Big Bully)",
        ),
    ),
    CrisisGame(
        key="crisis_called_bluff",
        note="the unique equilibrium is (C,D) = (2,4): the Chicken player backs down",
        pure={CD: (2, 4)},
        mixed=None,
        name="Called Bluff",
        code="TRSP/TRPS",
        symmetric=False,
        player_types=("Chicken", "Prisoner's Dilemma", "Chicken / Prisoner's Dilemma"),
        cut=Cut(
            "war_a", 2, Fraction(3, 2), frozenset({CD}), Fraction(5, 2), frozenset({DD}),
            "war_a = back_down_a (= 2): below it State A backs down (Called Bluff); above it A prefers war "
            "to yielding and the crisis ends in war (A becomes a Prisoner's Dilemma player)",
        ),
    ),
    CrisisGame(
        key="crisis_deadlock",
        note="the unique equilibrium is (D,D) = (3,3); no mixed equilibrium (standing firm is dominant)",
        pure={DD: (3, 3)},
        mixed=None,
        name="Deadlock",
        code="TPRS/TPRS",
        symmetric=True,
        cut=Cut(
            "war", 1, Fraction(1, 2), frozenset({CD, DC}), Fraction(3, 2), frozenset({DD}),
            "war = back_down (= 1) is where mutual firmness stops being an equilibrium "
            "(below it the game is Chicken-like)",
        ),
    ),
    CrisisGame(
        key="crisis_prisoners_dilemma",
        note="the unique equilibrium is (D,D) = (2,2); no mixed equilibrium (standing firm is dominant)",
        pure={DD: (2, 2)},
        mixed=None,
        name="Prisoner's Dilemma",
        code="TRPS/TRPS",
        symmetric=True,
        cut=Cut(
            "war", 1, Fraction(1, 2), frozenset({CD, DC}), Fraction(3, 2), frozenset({DD}),
            "war = back_down (= 1) separates the Prisoner's Dilemma (war above: (D,D) only) "
            "from Chicken (war below: one side yields)",
        ),
    ),
    CrisisGame(
        key="crisis_hero",
        note="pure (C,D) = (4,3) and (D,C) = (3,4), mixed P(C) = 3/4 each",
        pure={CD: (4, 3), DC: (3, 4)},
        mixed=(Fraction(3, 4), Fraction(1, 4)),
        name="Hero",
        code="STRP/STRP",
        symmetric=True,
        cut=Cut(
            "win", 2, Fraction(3, 2), frozenset({CC}), Fraction(5, 2), frozenset({CD, DC}),
            "win = compromise (= 2): above it one side plays the hero; below it both prefer mutual "
            "concession, and (C,C) is the only pure equilibrium",
        ),
    ),
    CrisisGame(
        key="crisis_leader",
        note="pure (C,D) = (3,4) and (D,C) = (4,3), mixed P(C) = 1/2 each",
        pure={CD: (3, 4), DC: (4, 3)},
        mixed=(Fraction(1, 2), Fraction(1, 2)),
        name="Leader",
        code="TSRP/TSRP",
        symmetric=True,
        cut=Cut(
            "war", 3, Fraction(5, 2), frozenset({CD, DC}), Fraction(7, 2), frozenset({DD}),
            "war = back_down (= 3): below it one side leads; above it following is worse than "
            "colliding and only (D,D) remains",
        ),
    ),
]


def _rows(games):
    return [pytest.param(game, id=game.key.removeprefix("crisis_")) for game in games]


ALL = _rows(GAMES)
ASYMMETRIC = _rows(g for g in GAMES if g.player_types is not None)
SYMMETRIC = _rows(g for g in GAMES if g.symmetric)
WITH_MIXED = _rows(g for g in GAMES if g.mixed is not None)

_MODELS = {}


def _model(game):
    if game.key not in _MODELS:
        _MODELS[game.key] = load_model(game.key)
    return _MODELS[game.key]


def _frac(values):
    return tuple(Fraction(v) for v in values)


@pytest.mark.parametrize("game", ALL)
def test_published_equilibria(game):
    """Snyder and Diesing (1977), ch. II; catalog entry 3: the pure equilibria with their payoffs and the mixed one.

    In a mixed equilibrium both players mix the same way, and the chance of a clash
    (both stand firm) is P(D) squared.
    """
    result = solve(_model(game).game())
    assert result.exact and result.complete and not result.degenerate
    pure = {e.pure_profile: e.payoffs for e in result.pure}
    assert pure == {profile: _frac(payoffs) for profile, payoffs in game.pure.items()}
    if game.mixed is None:
        assert not result.mixed
    else:
        (mixed,) = result.mixed
        assert [list(s) for s in mixed.strategies] == [list(game.mixed)] * 2
        p_clash = mixed.strategies[0][1] * mixed.strategies[1][1]
        assert p_clash == game.mixed[1] ** 2
    for equilibrium in result:
        assert equilibrium.regrets == (0, 0)


@pytest.mark.parametrize("game", ALL)
def test_classifier_names_the_game(game):
    """Snyder and Diesing (1977), ch. II: the game's name and code in the 2x2 topology, at any payoffs with the same order."""
    model = _model(game)
    game_class = classify(model.game())
    assert game_class.name == game.name
    assert game_class.code == game.code
    assert game_class.symmetric is game.symmetric
    # an order-preserving change of every payoff (x -> 2x + 1) keeps the class; float payoffs too
    doubled = {name: 2 * Fraction(value) + 1 for name, value in model.defaults.items()}
    assert classify(model.game(**doubled)).code == game_class.code
    assert classify(model.game(exact=False)).code == game_class.code


@pytest.mark.parametrize("game", ASYMMETRIC)
def test_player_types(game):
    """Snyder and Diesing (1977), ch. II (construction unverified, catalog entry 3): the asymmetric crises are built from two player types."""
    row_type, column_type, hybrid = game.player_types
    game_class = classify(_model(game).game())
    assert game_class.row_type.name == row_type
    assert game_class.column_type.name == column_type
    assert game_class.hybrid == hybrid


@pytest.mark.parametrize("game", ALL)
def test_pure_equilibrium_conditions_at_defaults(game):
    """Snyder and Diesing (1977), ch. II; catalog entry 3: the symbolic equilibrium conditions hold at the defaults exactly for the published pure equilibria.

    In Big Bully, Bully and Called Bluff, State B stands firm whatever A does.
    """
    conditions = {c.labels: c.nash for c in pure_equilibrium_conditions(_model(game).symbolic_game())}
    assert {labels for labels, c in conditions.items() if c.holds()} == set(game.pure)


@pytest.mark.parametrize("game", SYMMETRIC)
def test_pure_equilibrium_conditions(game):
    """Snyder and Diesing (1977), ch. II: which outcome is an equilibrium depends only on the order of the payoffs.

    (D,D) is an equilibrium iff war >= back_down; (C,D) and (D,C) iff back_down >= war and win >= compromise;
    (C,C) iff compromise >= win.
    """
    conditions = {c.labels: c.nash for c in pure_equilibrium_conditions(_model(game).symbolic_game())}
    rng = np.random.default_rng(3)
    for _ in range(200):
        point = {name: Fraction(int(v)) for name, v in zip(("compromise", "back_down", "win", "war"), rng.integers(0, 11, 4))}
        assert conditions[DD].holds(**point) == (point["war"] >= point["back_down"])
        assert conditions[CD].holds(**point) == (point["back_down"] >= point["war"] and point["win"] >= point["compromise"])
        assert conditions[CC].holds(**point) == (point["compromise"] >= point["win"])


@pytest.mark.parametrize("game", ALL)
def test_threshold(game):
    """Snyder and Diesing (1977), ch. II: the cut point of one parameter and the pure equilibria on either side (``Cut.note`` says which)."""
    cut = game.cut
    model = _model(game)
    result = thresholds(model.symbolic_game(), cut.parameter)
    assert [c.value for c in result.cut_points] == [cut.value], cut.note
    for value, expected in ((cut.below, cut.below_pure), (cut.above, cut.above_pure)):
        found = solve(model.game(**{cut.parameter: value}))
        assert {e.pure_profile for e in found.pure} == expected, cut.note
        assert all(r == 0 for e in found for r in e.regrets)


@pytest.mark.parametrize("game", ALL)
def test_mixed_equilibrium_at_defaults(game):
    """Snyder and Diesing (1977), ch. II; catalog entry 3: the closed-form mixed equilibrium at the defaults.

    Hero and Leader have one (P(C) = 3/4 and 1/2 each); in the other five games one
    player has a dominant stance and there is none.
    """
    closed = mixed_equilibrium_2x2(_model(game).symbolic_game())
    if game.mixed is None:
        assert closed.at() is None
        assert not closed.exists.holds()
    else:
        assert closed.at() == (game.mixed,) * 2
        assert closed.exists.holds()


@pytest.mark.parametrize("game", WITH_MIXED)
def test_mixed_equilibrium_closed_form(game):
    """Snyder and Diesing (1977), ch. II; catalog entry 3: the mixed equilibrium by indifference.

    P(C) = (back_down - war) / ((back_down - war) + (win - compromise)) wherever
    back_down > war and win > compromise; the solver finds the same, with zero regret.
    """
    model = _model(game)
    closed = mixed_equilibrium_2x2(model.symbolic_game())
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


@pytest.mark.parametrize("game", ALL)
def test_defensive_realist_rule_at_defaults(game):
    """The defensive-realist rule that applies at the defaults is borne out by the certified equilibria."""
    model = _model(game)
    rule = model.predicted_rule("defensive_realism")
    pure = [e.pure_profile for e in solve(model.game()).pure]
    assert rule is not None
    matching = [p for p in pure if rule.matches(p)]
    if rule.expect == "unique_equilibrium":
        assert len(pure) == 1 and matching == pure
    else:
        assert matching
