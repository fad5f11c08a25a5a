"""Pinned results of the extended deterrence tree (models/extended_deterrence.toml).

Source: Zagare and Kilgour (2000), Perfect Deterrence, Cambridge UP, ch. 5
(the Unilateral Deterrence Game with an uncertain defender): the challenger
demands iff the defender's credibility p_Def < (c_DC - c_SQ)/(c_DC - c_DD);
c_DC = 4, c_SQ = 3, c_DD = 1 give 1/3. The model is the sequential game, judged
by subgame perfection: at credibility 0 deterrence must fail, because the
soft defender's threat to resist is not credible once a demand is made.
"""

from fractions import Fraction

import pytest
import sympy

from gametheory.analysis.tree_conditions import outcome_intervals, outcome_regions, substitute
from gametheory.model import load_model
from gametheory.solvers import solve

from model_helpers import spe_plays

KEY = "extended_deterrence"
THRESHOLD = Fraction(1, 3)
FAILS = {"war_hard", "concession_hard", "war_soft", "concession_soft"}


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def _deterred(model, **values) -> set[bool]:
    """For each SPE at the values: whether the challenger is deterred (the play ends in the status quo)."""
    answers = set()
    for reached in spe_plays(model, require_equilibria=False, **values):
        assert sum(reached.values()) == 1
        answers.add(reached == {"status_quo": 1})
    return answers


def test_the_model_is_a_tree_judged_by_subgame_perfection(model):
    assert model.kind == "tree" and model.solution_concept == "spe"
    tree = model.tree()
    assert tree.players == ("Challenger", "Defender") and tree.has_chance


@pytest.mark.parametrize("credibility, deterred", [
    (Fraction(0), {False}),          # no credibility: the soft defender concedes, so the challenger demands
    (Fraction(1, 4), {False}),
    (Fraction(3, 10), {False}),
    (Fraction(7, 20), {True}),
    (Fraction(1, 2), {True}),
    (Fraction(1), {True}),
])
def test_deterrence_holds_exactly_from_the_threshold(model, credibility, deterred):
    assert _deterred(model, credibility=credibility) == deterred


def test_at_the_threshold_the_challenger_is_indifferent(model):
    assert _deterred(model, credibility=THRESHOLD) == {True, False}


def test_threshold_comes_out_of_subgame_perfection_symbolically(model):
    """(c_DC - c_SQ)/(c_DC - c_DD), symbolically in the challenger's payoffs."""
    regions = outcome_regions(model.tree_spec, {k: v for k, v in model.outcomes.items()})
    c_sq, c_dc, c_dd, p = (sympy.Symbol(n) for n in ("challenger_status_quo", "challenger_wins", "challenger_conflict",
                                                       "credibility"))
    for values in ({"challenger_status_quo": 3, "challenger_wins": 4, "challenger_conflict": 1},
                   {"challenger_status_quo": 5, "challenger_wins": 9, "challenger_conflict": 2},
                   {"challenger_status_quo": Fraction(1, 2), "challenger_wins": 7, "challenger_conflict": -3}):
        others = {k: v for k, v in model.defaults.items() if k not in values and k != "credibility"}
        intervals = outcome_intervals(model.tree_spec, "credibility", {**others, **values}, bounds=(0, 1),
                                      groups=model.outcomes)
        threshold = sympy.nsimplify((values["challenger_wins"] - values["challenger_status_quo"])
                                    / sympy.nsimplify(values["challenger_wins"] - values["challenger_conflict"]))
        assert intervals["deterrence_holds"] == sympy.Interval(threshold, 1)
        assert intervals["deterrence_fails"] == sympy.Interval(0, threshold)
    assert regions["deterrence_holds"] is not sympy.false


def test_a_dissatisfied_challenger_is_never_deterred(model):
    """c_DD >= c_SQ: credibility is not sufficient (perfect deterrence's point)."""
    for credibility in (Fraction(0), Fraction(1, 2), Fraction(1)):
        assert _deterred(model, credibility=credibility, challenger_conflict=4, challenger_status_quo=3,
                         challenger_wins=5) == {False}


def test_a_formal_treatys_audience_cost_makes_the_soft_type_resist(model):
    """Audience cost >= k_D - v_S (= 2 at the defaults): deterrence at credibility 0."""
    assert _deterred(model, credibility=0, audience_cost=Fraction(5, 2)) == {True}
    assert _deterred(model, credibility=0, audience_cost=Fraction(3, 2)) == {False}
    intervals = outcome_intervals(model.tree_spec, "audience_cost", {**model.defaults, "credibility": 0},
                                  bounds=(0, 10), groups=model.outcomes)
    assert intervals["deterrence_holds"] == sympy.Interval(2, 10)


def test_the_strategic_form_admits_the_non_credible_threat_the_tree_excludes(model):
    """Nash equilibria of the tree's strategic form include 'Cooperate; defender always resists' at credibility 0."""
    from gametheory.games.extensive import reduced_strategic_form

    game = reduced_strategic_form(model.tree(credibility=0)).game
    nash = [e.pure_profile for e in solve(game).pure]
    assert any(profile[0] == "Cooperate" for profile in nash)  # deterrence "holds" by an empty threat
    assert _deterred(model, credibility=0) == {False}  # subgame perfection removes it


def test_sweep_and_comparison_use_subgame_perfection(model):
    from gametheory.study.compare import compare
    from gametheory.study.sweep import sweep

    frame = sweep(model, grid={"credibility": [0, 0.25, 0.5, 1], "audience_cost": [0, 3]})
    assert set(frame["concept"]) == {"spe"} and (frame["max_regret"] == 0).all()
    zero = frame[(frame["credibility"] == 0) & (frame["audience_cost"] == 0)]
    assert list(zero["outcome"]) == ["deterrence_fails"]
    classical = compare(model, frame, "classical_deterrence")
    assert classical.agreement < 1  # the classical claim fails where credibility is low


def test_ties_and_local_balance_commit_the_soft_defender(model):
    """Huth (1988): ties and the local balance make deterrence work. In our encoding the soft defender resists
    iff v_S + t + a >= k_D (1 - b); at t = 2, b = 1/2 (1 + 2 >= 3/2) both types resist, so the challenger is
    deterred even at credibility 0; with t = 1/2, b = 0 (3/2 < 3) it is not."""
    assert _deterred(model, credibility=0, ties=2, local_balance=Fraction(1, 2)) == {True}
    assert _deterred(model, credibility=0, ties=Fraction(1, 2)) == {False}
    intervals = outcome_intervals(model.tree_spec, "ties", {**model.defaults, "credibility": 0},
                                  bounds=(0, 10), groups=model.outcomes)
    assert intervals["deterrence_holds"] == sympy.Interval(2, 10)  # v_S + t >= k_D: t >= 2


def test_rules_read_structural_variables_and_can_fail(model):
    """Huth's, the classical and the perfect-deterrence rules read only ties, local balance and audience cost,
    and none is true by construction. A witness against Huth's rule: close ties and a favourable balance
    (t = 2, b = 1/2) do not deter a challenger that values war above the status quo (c_DD - b c_DC = 8 > 3)."""
    from gametheory.study.construction import rule_verdicts

    assert {p.name for p in model.parameters if p.structural} == {"ties", "local_balance", "audience_cost"}
    for theory in model.predictions:
        assert all(rule.independent for rule in model.theory(theory).rules)
        assert all(v.by_construction is False for v in rule_verdicts(model, theory))
    assert model.predicted_rule("defensive_realism", ties=2, local_balance=Fraction(1, 2)).outcome == "deterrence_holds"
    assert _deterred(model, ties=2, local_balance=Fraction(1, 2), challenger_conflict=10) == {False}
