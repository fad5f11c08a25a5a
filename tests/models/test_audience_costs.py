"""Pinned results of the audience-cost escalation tree (models/audience_costs.toml).

Source: Fearon (1994), "Domestic Political Audiences and the Escalation of
International Disputes", APSR 88(3): 577-592: the side with the stronger
domestic audience is less likely to back down (abstract, p. 577). The model is
our two-type, one-round reduction; its closed forms are derived for this tree
(Fearon's continuum formulas are unverified here):

- escalation commits the irresolute type iff a t >= k_A - v_L (2 at the defaults);
- below that and for p < v_B/k_B, the opponent resists with probability
  v_L/(v_L + a t), the irresolute type escalates with probability
  p (k_B - v_B)/((1 - p) v_B), the opponent's belief after an escalation is
  v_B/k_B, and the state backs down with probability p (k_B - v_B)/v_B x
  v_L/(v_L + a t), decreasing in the audience cost.

The game is judged by perfect Bayesian equilibrium (the opponent does not see
the state's type); every equilibrium is checked with zero gap exactly.
"""

from fractions import Fraction

import pytest

from gametheory.model import load_model
from gametheory.solvers import solve

from model_helpers import assert_gambit_certifies_every_equilibrium, pbe_plays

KEY = "audience_costs"
CONCEDE = ("concession_resolved", "concession_irresolute")
BACK_DOWN = ("backs_down_resolved", "backs_down_irresolute")


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def _share(play, names) -> Fraction:
    return sum((play.get(name, 0) for name in names), Fraction(0))


def _concedes_surely(model, **values) -> set[bool]:
    return {_share(play, CONCEDE) == 1 for play in pbe_plays(model, **values)}


def test_the_model_is_a_signalling_tree_judged_by_perfect_bayesian_equilibrium(model):
    assert model.kind == "tree" and model.solution_concept == "pbe"
    assert model.tree().players == ("State", "Opponent")


@pytest.mark.parametrize("audience_cost, level, committed", [
    (Fraction(19, 10), 1, False),
    (Fraction(21, 10), 1, True),
    (Fraction(11, 10), 1, False),
    (Fraction(11, 10), 2, True),   # the same audience cost commits further up the escalation ladder
    (Fraction(9, 10), 2, False),
    (Fraction(7, 10), 3, True),
])
def test_escalation_commits_once_the_audience_cost_reaches_the_net_cost_of_war(model, audience_cost, level, committed):
    """Ours (two-type reduction of Fearon 1994): a resisted irresolute state fights iff a t >= k_A - v_L = 2; above
    it every PBE has the opponent concede, below it (p = 1/4 < v_B/k_B = 1/2) no PBE does."""
    assert (audience_cost * level > 2) == committed
    assert _concedes_surely(model, audience_cost=audience_cost, escalation_level=level) == {committed}


@pytest.mark.parametrize("audience_cost, p, value_low, war_cost", [
    (Fraction(1), Fraction(1, 4), 2, 4),
    (Fraction(3, 2), Fraction(1, 4), 2, 4),
    (Fraction(1, 2), Fraction(1, 10), 2, 4),
    (Fraction(2), Fraction(1, 5), 1, 4),
    (Fraction(1, 3), Fraction(2, 5), 3, 5),
])
def test_the_hybrid_equilibrium_in_closed_form(model, audience_cost, p, value_low, war_cost):
    """Ours: resistance v_L/(v_L + a t), bluffing p (k_B - v_B)/((1 - p) v_B), belief after escalation v_B/k_B,
    back-down probability p (k_B - v_B)/v_B x v_L/(v_L + a t) (v_B = 2, k_B = 4, t = 1)."""
    stake, opponent_cost = 2, 4
    assert audience_cost < war_cost - value_low and p < Fraction(stake, opponent_cost)
    resist = Fraction(value_low) / (value_low + audience_cost)
    bluff = p * (opponent_cost - stake) / ((1 - p) * stake)
    back_down = p * Fraction(opponent_cost - stake, stake) * resist
    plays = pbe_plays(model, audience_cost=audience_cost, p_resolved=p, value_low=value_low, war_cost=war_cost)
    for play in plays:
        escalated = 1 - play.get("status_quo", 0)
        assert escalated == p + (1 - p) * bluff
        assert 1 - _share(play, CONCEDE) / escalated == resist
        assert p / escalated == Fraction(stake, opponent_cost)
        assert _share(play, BACK_DOWN) == back_down
        assert play.get("backs_down_resolved", 0) == 0  # only the irresolute type backs down


def test_a_stronger_audience_backs_down_less(model):
    """Fearon 1994, abstract (p. 577): the side with the stronger domestic audience is less likely to back down;
    here the back-down probability falls strictly with a below the commitment point and is 0 beyond it."""
    shares = []
    for audience_cost in (Fraction(1, 4), Fraction(1, 2), Fraction(1), Fraction(3, 2), Fraction(19, 10),
                          Fraction(5, 2)):
        (share,) = {_share(play, BACK_DOWN) for play in pbe_plays(model, audience_cost=audience_cost)}
        shares.append(share)
    assert all(a > b for a, b in zip(shares, shares[1:]))
    assert shares[-1] == 0


@pytest.mark.parametrize("p, concedes", [(Fraction(9, 20), False), (Fraction(11, 20), True), (Fraction(3, 4), True)])
def test_a_prior_of_resolve_above_the_opponents_ratio_is_enough(model, p, concedes):
    """Ours: with the prior of resolve above v_B/k_B = 1/2 both types escalate and the opponent concedes even
    without commitment (a t = 1 < 2)."""
    assert _concedes_surely(model, p_resolved=p) == {concedes}


def test_the_strategic_form_admits_the_bluff_the_tree_excludes(model):
    """At the defaults the tree's strategic form has Nash equilibria in which the opponent concedes for sure,
    sustained by the irresolute type's plan to fight if resisted (a t = 1 < k_A - v_L = 2: it would back down);
    no perfect Bayesian equilibrium has the opponent concede for sure."""
    from gametheory.games.extensive import reduced_strategic_form

    game = reduced_strategic_form(model.tree()).game
    result = solve(game)
    assert all(r == 0 for e in result for r in e.regrets)
    conceding = [e.pure_profile for e in result.pure if e.pure_profile[1] == "Concede"]
    assert conceding
    # the State's plan reads resolved type (escalate / if resisted) then irresolute type (escalate / if resisted)
    assert all(profile[0].endswith("/Escalate/Fight") for profile in conceding)
    assert _concedes_surely(model) == {False}


def test_both_readings_can_fail(model):
    """The structural reading (the opponent concedes when the issue is worth less than war) fails where an
    uncommitted bluff is tested; the costly-signal reading fails where a high prior makes the opponent concede
    without commitment. Each theory agrees at some points and fails at others over a small sweep."""
    from gametheory.study.compare import compare
    from gametheory.study.sweep import sweep

    frame = sweep(model, grid={"audience_cost": [0, 2.5], "p_resolved": [0.25, 0.75]})
    assert set(frame["concept"]) == {"pbe"} and (frame["max_regret"] == 0).all()
    for theory in ("defensive_realism", "bayesian_realism"):
        assert 0 < compare(model, frame, theory).agreement < 1, theory
        assert all(rule.independent for rule in model.theory(theory).rules)
    assert {p.name for p in model.parameters if p.structural} == {"opponent_stake", "opponent_war_cost",
                                                                  "audience_cost"}


def test_a_strong_audience_fails_to_commit_a_state_not_escalated_far_enough(model):
    """Fearon's claim as our rule (a >= 5/2: the opponent concedes) can fail: at escalation level t = 1/2 the
    back-down cost a t = 5/4 stays below k_A - v_L = 2, so the irresolute type still backs down when resisted
    and the opponent does not concede for sure (p = 1/4 < v_B/k_B)."""
    assert model.predicted_rule("bayesian_realism", audience_cost=Fraction(5, 2)).outcome == "opponent_concedes"
    assert _concedes_surely(model, audience_cost=Fraction(5, 2), escalation_level=Fraction(1, 2)) == {False}
    assert _concedes_surely(model, audience_cost=Fraction(5, 2)) == {True}


def test_cross_check_with_pygambit(model):
    """pygambit (independent): at the defaults every equilibrium we return has zero regret in the tree by
    pygambit's own computation, with the same expected payoffs."""
    pytest.importorskip("pygambit")
    assert_gambit_certifies_every_equilibrium(model)
