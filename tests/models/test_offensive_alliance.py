"""Pinned results of the offensive alliance tree (models/offensive_alliance.toml).

Sources: Schweller (1994), "Bandwagoning for Profit", International Security
19(1): 72-107 (revisionist jackals join the stronger revisionist side for a
share of the spoils), and Snyder (1997), Alliance Politics (offensive
alliances and the risk that an ally defects). Both are verbal; the tree and
its closed forms are ours:

- a partner of value v joins the attack iff p_J s v >= c_B (the jackal,
  v_J = 10, joins; the status-quo partner, v_S = 2, defects at the defaults);
- the leader attacks iff the partner's revisionism
  rho >= (c_A - p_J (1 - kappa) W) / (p_J W (kappa - s)), 3/5 at the defaults.

The game is judged by subgame perfection; every equilibrium is certified with
zero regret in every subgame, exactly.
"""

from fractions import Fraction

import pytest
import sympy

from gametheory.analysis.tree_conditions import outcome_intervals, spe_conditions
from gametheory.model import load_model
from gametheory.study.sweep.trees import solve_tree_model

from model_helpers import spe_plays
from tree_helpers import assert_gambit_certifies, gambit_game_from_efg

KEY = "offensive_alliance"
ATTACK = {"joint_war_jackal", "leader_alone_jackal", "joint_war_status_quo", "leader_alone_status_quo"}


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def _plays(model, **values) -> set[frozenset]:
    """The play of every SPE at the values (certified: zero regret in every subgame, exactly)."""
    plays = set()
    for reached in spe_plays(model, **values):
        assert sum(reached.values()) == 1
        plays.add(frozenset(reached.items()))
    return plays


def _attacks(model, **values) -> set[bool]:
    answers = set()
    for play in _plays(model, **values):
        names = {name for name, _ in play}
        assert names <= ATTACK or names == {"status_quo"}
        answers.add(names <= ATTACK)
    return answers


def _threshold(values) -> Fraction:
    """rho* = (c_A - p_J (1 - kappa) W) / (p_J W (kappa - s)), by hand."""
    p, k, s, w, c = (Fraction(values[n]) for n in ("coalition_power", "partner_power_share", "spoils_share", "prize",
                                                     "leader_war_cost"))
    return (c - p * (1 - k) * w) / (p * w * (k - s))


def test_the_model_is_a_tree_judged_by_subgame_perfection(model):
    assert model.kind == "tree" and model.solution_concept == "spe"
    assert model.tree().players == ("Leader", "Partner")
    assert _threshold(model.defaults) == Fraction(3, 5)


def test_the_jackal_joins_and_the_status_quo_partner_defects(model):
    """At rho = 7/10 the leader attacks; the jackal joins (p_J s v_J = 5/2 >= c_B = 1) and the status-quo partner
    defects (p_J s v_S = 1/2 < 1): the leader fights alone with probability 3/10."""
    assert _plays(model, partner_revisionism=Fraction(7, 10)) == {
        frozenset({("joint_war_jackal", Fraction(7, 10)), ("leader_alone_status_quo", Fraction(3, 10))})}


def test_the_partner_joins_exactly_when_its_share_of_the_expected_spoils_covers_its_war_cost(model):
    """Status-quo partner: joins iff p_J s v_S >= c_B, i.e. v_S >= 4 at the defaults (indifferent at 4)."""
    for value, joins in ((Fraction(39, 10), False), (Fraction(41, 10), True)):
        for play in _plays(model, partner_revisionism=1 - Fraction(1, 10**3), value_status_quo=value):
            names = {name for name, _ in play}
            assert ("joint_war_status_quo" in names) == joins and ("leader_alone_status_quo" in names) == (not joins)
    plans = [c.plan for c in spe_conditions(model.tree_spec)
             if c.holds({**model.defaults, "value_status_quo": 4})]
    assert {plan["status_quo_partner"] for plan in plans} == {"Join", "Defect"}


@pytest.mark.parametrize("rho, attacks", [
    (Fraction(0), {False}),
    (Fraction(1, 2), {False}),
    (Fraction(59, 100), {False}),
    (Fraction(3, 5), {True, False}),     # on the threshold the leader is indifferent
    (Fraction(61, 100), {True}),
    (Fraction(1), {True}),
])
def test_the_leader_attacks_exactly_from_the_defection_threshold(model, rho, attacks):
    assert _attacks(model, partner_revisionism=rho) == attacks


def test_threshold_comes_out_of_subgame_perfection_symbolically(model):
    """Along rho, attack on [rho*, 1] and no attack on [0, rho*] for several coalitions (jackal joins, status-quo
    partner defects in each)."""
    cases = [
        {},
        {"coalition_power": Fraction(9, 10), "leader_war_cost": 5},
        {"partner_power_share": Fraction(3, 5), "spoils_share": Fraction(1, 5), "leader_war_cost": 4},
        {"prize": 16, "leader_war_cost": 7, "spoils_share": Fraction(1, 4)},
    ]
    for changes in cases:
        values = {**model.defaults, **changes}
        cut = _threshold(values)
        assert 0 < cut < 1, changes
        intervals = outcome_intervals(model.tree_spec, "partner_revisionism", values, bounds=(0, 1),
                                      groups=model.outcomes)
        rational = sympy.Rational(cut.numerator, cut.denominator)
        assert intervals["attack"] == sympy.Interval(rational, 1), changes
        assert intervals["no_attack"] == sympy.Interval(0, rational), changes


def test_a_partner_that_takes_more_than_it_brings_makes_the_alliance_worthless(model):
    """s > kappa: the leader does better alone than with the jackal; with fighting alone unprofitable it never
    attacks, whatever the partner's revisionism."""
    for rho in (Fraction(0), Fraction(1, 2), Fraction(1)):
        assert _attacks(model, partner_revisionism=rho, spoils_share=Fraction(3, 5)) == {False}


def test_the_comparison_is_independent_and_can_fail(model):
    from gametheory.study.compare import compare
    from gametheory.study.construction import rule_verdicts
    from gametheory.study.sweep import sweep

    frame = sweep(model, grid={"partner_revisionism": [0, 0.2, 0.4, 0.6, 0.8, 1], "coalition_power": [0.3, 0.6, 0.9]})
    assert set(frame["concept"]) == {"spe"} and (frame["max_regret"] == 0).all()
    for theory in ("defensive_realism", "balance_of_interests"):
        verdicts = rule_verdicts(model, theory)
        assert verdicts and not any(v.by_construction for v in verdicts), theory
        comparison = compare(model, frame, theory)
        assert comparison.independent_points > 0
        assert 0 < comparison.independent_agreement < 1, theory  # right at most points, wrong at some


@pytest.mark.parametrize("rho", [Fraction(1, 5), Fraction(3, 5), Fraction(9, 10)])
def test_cross_check_with_pygambit(model, rho):
    """pygambit (independent): each of our SPE has zero regret and our expected payoffs in pygambit's copy of the
    tree (chance included), and those payoffs are among pygambit's pure Nash equilibria's."""
    gbt = pytest.importorskip("pygambit")
    tree = model.tree(partner_revisionism=rho)
    game = gambit_game_from_efg(tree)
    nash_payoffs = {tuple(Fraction(str(e.payoff(p))) for p in game.players)
                    for e in gbt.nash.enumpure_solve(game).equilibria}
    for equilibrium in solve_tree_model(model, partner_revisionism=rho):
        assert_gambit_certifies(game, tree, equilibrium)
        assert tuple(equilibrium.payoffs) in nash_payoffs
