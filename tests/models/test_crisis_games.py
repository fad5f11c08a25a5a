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
    # an order-preserving change of every ordinal payoff (x -> 2x + 1) keeps the class; float payoffs too
    doubled = {p.name: 2 * Fraction(model.defaults[p.name]) + 1 for p in model.parameters if not p.structural}
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


STRUCTURAL = {"stakes_a", "stakes_b", "military_balance", "war_destructiveness"}


@pytest.mark.parametrize("game", ALL)
def test_one_structural_encoding_zero_at_the_published_game(game):
    """The seven crises share one structural encoding (ours): the stakes, the military balance and the
    destructiveness of war shift the ordinal payoffs, and at their defaults (0) the game is the published one.
    Every theory's rules read only these variables, and none is true by construction."""
    from gametheory.study.construction import rule_verdicts

    model = _model(game)
    assert {p.name for p in model.parameters if p.structural} == STRUCTURAL
    assert all(model.defaults[name] == 0 for name in STRUCTURAL)
    game_ = model.symbolic_game()
    s = game_.symbols
    a_firm_b_yields = game_.payoffs[1][1, 0]
    a_yields_b_firm = game_.payoffs[1][0, 1]
    war = game_.payoffs[0][1, 1], game_.payoffs[1][1, 1]
    # a side's stake raises its payoff for winning and lowers its payoff for backing down
    assert a_yields_b_firm.diff(s["stakes_b"]) == 1 and a_firm_b_yields.diff(s["stakes_b"]) == -1
    # the military balance moves the war payoffs in opposite directions; destructiveness lowers both
    assert war[0].diff(s["military_balance"]) == 1 and war[1].diff(s["military_balance"]) == -1
    assert war[0].diff(s["war_destructiveness"]) == -1 == war[1].diff(s["war_destructiveness"])
    for theory in model.predictions:
        assert all(rule.independent for rule in model.theory(theory).rules)
        assert all(v.by_construction is False for v in rule_verdicts(model, theory)), theory


def _pure(key, **values):
    result = solve(load_model(key).game(**values))
    assert result.exact and all(r == 0 for e in result for r in e.regrets)
    return {e.pure_profile for e in result.pure}


def test_a_deadlock_player_ignores_the_balance_of_interests():
    """Balance of interests (George and Smoke 1974): the side with more at stake prevails. In Big Bully a stake of
    3 for State A does not make the Deadlock player B yield: (D,D) stays the unique equilibrium."""
    model = _model(GAMES[0])
    assert model.predicted_rule("balance_of_interests", stakes_a=3).outcome == "b_yields"
    assert _pure("crisis_big_bully", stakes_a=3) == {DD}


@pytest.mark.parametrize("destructiveness, war_is_equilibrium", [(0, True), (2, True), (3, False)])
def test_destructive_war_ends_deadlock_short_of_war_only_beyond_the_tie(destructiveness, war_is_equilibrium):
    """Snyder and Diesing (1977, ch. VI) as encoded: destructiveness d >= 2 ends crises short of war. In Deadlock
    (war 3, back down 1) d = 2 leaves war tied with backing down, so (D,D) is still a (weak) equilibrium and the rule
    fails there; at d = 3 the crisis becomes Chicken-like and one side yields."""
    pure = _pure("crisis_deadlock", war_destructiveness=destructiveness)
    assert (DD in pure) is war_is_equilibrium
    if not war_is_equilibrium:
        assert pure == {CD, DC}


def test_military_advantage_makes_the_weaker_side_yield_in_a_prisoners_dilemma():
    """Power (offensive realism, our reading): at A's advantage m = 2 the Prisoner's Dilemma crisis ends with B
    backing down, as the rule says."""
    model = _model(next(g for g in GAMES if g.key == "crisis_prisoners_dilemma"))
    assert model.predicted_rule("offensive_realism", military_balance=2).outcome == "b_yields"
    assert DC in _pure("crisis_prisoners_dilemma", military_balance=2)
