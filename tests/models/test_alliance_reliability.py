"""Pinned results of the alliance reliability tree (models/alliance_reliability.toml).

Source: Smith (1995), "Alliance Formation and War", International Studies
Quarterly 39(4): 405-425, the result that nations with unreliable alliances are
more likely to be attacked; reduced form and worked numbers from the project's
literature catalog, entry 10 (ours, unverified as Smith's): the aggressor
attacks iff the believed reliability r < V1 / (V1 - V2); V1 = 2, V2 = -3 give
the threshold 2/5.

The model is the sequential game (chance draws the ally's type, the aggressor
attacks or refrains without seeing it, the attacked target's ally honours or
abandons), judged by subgame perfection: the threshold comes out of the ally's
sequentially rational plan only. The tree's strategic form keeps Nash
equilibria in which the unreliable ally's empty threat to intervene deters;
the tests check that subgame perfection removes them.
"""

from fractions import Fraction

import pytest
import sympy

from gametheory.analysis.tree_conditions import outcome_intervals, spe_conditions
from gametheory.model import load_model
from gametheory.solvers import solve
from gametheory.study.sweep.trees import solve_tree_model

from model_helpers import spe_plays
from tree_helpers import assert_gambit_certifies, gambit_game_from_efg

KEY = "alliance_reliability"
THRESHOLD = Fraction(2, 5)
ATTACK = {"war_reliable", "abandoned_by_reliable", "war_unreliable", "abandoned_by_unreliable"}


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def _plays(model, **values) -> set[frozenset]:
    """The play of every SPE at the values, as a set of (tree outcome, probability) pairs; certified exactly."""
    plays = set()
    for reached in spe_plays(model, require_equilibria=False, **values):
        assert sum(reached.values()) == 1
        plays.add(frozenset(reached.items()))
    return plays


def _attacked(model, **values) -> set[bool]:
    """For each SPE: whether the target is attacked (the play never ends in the status quo)."""
    answers = set()
    for play in _plays(model, **values):
        outcomes = {name for name, _ in play}
        assert outcomes <= ATTACK or outcomes == {"status_quo"}
        answers.add(outcomes <= ATTACK)
    return answers


def _attack_value(r, v1, v2) -> Fraction:
    """The aggressor's expected value of attacking against the reliable-honours, unreliable-abandons plan (by hand)."""
    return r * v2 + (1 - r) * v1


def test_the_model_is_a_tree_judged_by_subgame_perfection(model):
    assert model.kind == "tree" and model.solution_concept == "spe"
    tree = model.tree()
    assert tree.players == ("Aggressor", "Ally") and tree.has_chance


@pytest.mark.parametrize("reliability, attacked", [
    (Fraction(0), {True}),
    (Fraction(3, 10), {True}),       # catalog entry 10: r = 0.3 is attacked
    (Fraction(39, 100), {True}),
    (Fraction(41, 100), {False}),
    (Fraction(3, 5), {False}),       # catalog entry 10: r = 0.6 is not
    (Fraction(1), {False}),
])
def test_unreliable_alliances_are_attacked(model, reliability, attacked):
    """Smith (1995), the main result; catalog entry 10: attack iff r < V1/(V1 - V2) = 2/5 at V1 = 2, V2 = -3."""
    assert (_attack_value(reliability, 2, -3) > 0) == (True in attacked)  # the hand computation agrees
    assert _attacked(model, reliability=reliability) == attacked


def test_on_the_threshold_the_aggressor_is_indifferent(model):
    assert _attack_value(THRESHOLD, 2, -3) == 0
    assert _attacked(model, reliability=THRESHOLD) == {True, False}


def test_the_attack_play_reveals_the_type(model):
    """Smith (1995): in war the reliable ally intervenes and the unreliable one stays out, so an observed
    intervention rate is the reliability of the attacked, not of all alliances."""
    assert _plays(model, reliability=Fraction(3, 10)) == {
        frozenset({("war_reliable", Fraction(3, 10)), ("abandoned_by_unreliable", Fraction(7, 10))})}


def test_threshold_comes_out_of_subgame_perfection_symbolically(model):
    """Catalog entry 10: along r, the SPE attacks on [0, V1/(V1 - V2)] and is deterred on [V1/(V1 - V2), 1],
    for several (V1, V2)."""
    for v1, v2 in ((2, -3), (1, -1), (5, -2), (3, -9), (Fraction(1, 2), Fraction(-7, 2))):
        cut = sympy.Rational(Fraction(v1) / (v1 - v2))
        values = {**model.defaults, "gain_unopposed": v1, "value_opposed": v2}
        intervals = outcome_intervals(model.tree_spec, "reliability", values, bounds=(0, 1), groups=model.outcomes)
        assert intervals["attack"] == sympy.Interval(0, cut), (v1, v2)
        assert intervals["deterred"] == sympy.Interval(cut, 1), (v1, v2)


def test_the_credible_plan_is_the_only_ally_plan_in_any_spe(model):
    """At the defaults (c = 2, s_R = 4, s_U = 1, a = 0) every pure SPE has the reliable ally honour and the
    unreliable ally abandon, whatever the parameters of the aggressor."""
    plans = spe_conditions(model.tree_spec)
    defaults = {k: v for k, v in model.defaults.items() if k not in ("reliability", "gain_unopposed", "value_opposed")}
    for plan in plans:
        for r, v1, v2 in ((Fraction(1, 5), 2, -3), (Fraction(4, 5), 2, -3), (Fraction(1, 2), 7, -1)):
            if plan.holds({**defaults, "reliability": r, "gain_unopposed": v1, "value_opposed": v2}):
                assert plan.plan["reliable_ally"] == "Intervene" and plan.plan["unreliable_ally"] == "Abstain"


def test_the_strategic_form_admits_the_empty_threat_the_tree_excludes(model):
    """At r = 0 the strategic form has Nash equilibria where the aggressor refrains because the unreliable ally
    'would' intervene; subgame perfection removes them: the target is attacked."""
    from gametheory.games.extensive import reduced_strategic_form

    game = reduced_strategic_form(model.tree(reliability=0)).game
    result = solve(game)
    assert result.exact
    assert all(r == 0 for e in result for r in e.regrets)
    nash = {e.pure_profile for e in result.pure}
    assert ("Refrain", "Intervene/Intervene") in nash  # deterrence "holds" by an empty threat
    assert _attacked(model, reliability=0) == {True}
    for play in _plays(model, reliability=0):
        assert {name for name, _ in play} == {"abandoned_by_unreliable"}  # the threat is not carried out


def test_formal_treaty_deters_at_any_belief(model):
    """Smith (1995) on commitments; audience cost ours: once a >= c - s_U (= 1 at the defaults) both types
    honour the alliance and no SPE attacks (at a = 1 the unreliable ally is indifferent, so both plays are
    subgame perfect); just below, the unreliable type abandons and r <= 3/10 is attacked."""
    for reliability in (Fraction(0), Fraction(1, 10), Fraction(3, 10)):
        assert _attacked(model, reliability=reliability, audience_cost=Fraction(11, 10)) == {False}
        assert _attacked(model, reliability=reliability, audience_cost=1) == {True, False}
        assert _attacked(model, reliability=reliability, audience_cost=Fraction(9, 10)) == {True}
    intervals = outcome_intervals(model.tree_spec, "audience_cost", {**model.defaults, "reliability": 0},
                                  bounds=(0, 10), groups=model.outcomes)
    assert intervals["deterred"] == sympy.Interval(1, 10)
    assert intervals["attack"] == sympy.Interval(0, 1)


def test_defensive_realism_rules_read_structural_variables_and_can_fail(model):
    """Smith (1995), Leeds, Long and Mitchell (2000): the rules read only the believed reliability and the audience
    cost, and none is true by construction. Witness: an ally believed reliable at the historical 3/4 does not deter
    an aggressor with a large unopposed gain (V1 = 10, V2 = -3: threshold 10/13 > 3/4)."""
    from gametheory.study.construction import rule_verdicts

    assert {p.name for p in model.parameters if p.structural} == {"reliability", "audience_cost"}
    for theory in model.predictions:
        assert all(rule.independent for rule in model.theory(theory).rules)
        assert all(v.by_construction is False for v in rule_verdicts(model, theory))
    assert model.predicted_rule("defensive_realism", reliability=Fraction(1, 10)).outcome == "attack"
    assert model.predicted_rule("defensive_realism", reliability=Fraction(3, 10)) is None
    rule = model.predicted_rule("defensive_realism", reliability=Fraction(3, 4))
    assert rule.outcome == "deterred"
    assert _attacked(model, reliability=Fraction(3, 4), gain_unopposed=10) == {True}
    formal = model.predicted_rule("defensive_realism", reliability=Fraction(1, 10), audience_cost=2)
    assert formal.outcome == "deterred"


def test_the_sweep_and_the_comparison_can_fail(model):
    """The default sweep is solved by subgame perfection; the rival reading (alliances never deter) fails where
    the ally is believed reliable, so the comparison is not agreement by default."""
    from gametheory.study.compare import compare
    from gametheory.study.sweep import sweep

    frame = sweep(model, grid={"reliability": [0, 0.3, 0.6, 1], "gain_unopposed": [0, 2, 8]})
    assert set(frame["concept"]) == {"spe"} and (frame["max_regret"] == 0).all()
    at = frame[(frame["reliability"] == 0.3) & (frame["gain_unopposed"] == 2)]
    assert list(at["outcome"]) == ["attack"]
    at = frame[(frame["reliability"] == 0.6) & (frame["gain_unopposed"] == 2)]
    assert list(at["outcome"]) == ["deterred"]
    assert compare(model, frame, "offensive_realism").agreement < 1


@pytest.mark.parametrize("reliability", [Fraction(0), Fraction(3, 10), Fraction(3, 5)])
def test_cross_check_with_pygambit(model, reliability):
    """pygambit (independent): each SPE has zero regret and our payoffs in the tree; pygambit's pure Nash
    equilibria of the tree include the aggressor refraining against the empty threat below the threshold, which no
    SPE does."""
    gbt = pytest.importorskip("pygambit")
    tree = model.tree(reliability=reliability)
    game = gambit_game_from_efg(tree)
    for equilibrium in solve_tree_model(model, reliability=reliability):
        assert_gambit_certifies(game, tree, equilibrium)
    (aggressor,) = list(game.players["Aggressor"].infosets)
    (refrain,) = [action for action in aggressor.actions if action.label == "Refrain"]
    refrains = {Fraction(str(e.as_behavior()[refrain])) == 1 for e in gbt.nash.enumpure_solve(game).equilibria}
    # below the threshold the aggressor also "refrains" in a Nash equilibrium (against an ally that would
    # intervene whatever its type); subgame perfection attacks there
    assert refrains == ({True} if reliability > THRESHOLD else {True, False})
    assert _attacked(model, reliability=reliability) == {reliability < THRESHOLD}
