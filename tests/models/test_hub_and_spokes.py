"""Pinned results of the hub-and-spokes tree (models/hub_and_spokes.toml).

Source: Cha (2009/10), "Powerplay: Origins of the U.S. Alliance System in
Asia", International Security 34(3): 158-196: the United States chose
bilateral alliances to control 'rogue' allies that might entrap it, which a
multilateral pact would not allow. The argument is historical; the tree and
its closed forms are ours:

- when the hegemon would back a provoking ally (R >= W), the ally provokes
  under form f iff rho S > w_a + alpha sigma / m_f (m = 1 bilateral, n
  multilateral): cut points 17/25 and 8/25 at the defaults;
- the hegemon chooses the hub and spokes exactly when the bilateral tie
  restrains an ally the pact would not and the avoided war costs more than the
  pact's burden sharing (W > beta (n - 1)): rho in [8/25, 17/25] at the
  defaults;
- when it would abandon (R < W) no ally provokes and the pact always wins.

Judged by subgame perfection; every equilibrium is certified with zero regret
in every subgame, exactly.
"""

from fractions import Fraction

import pytest
import sympy

from gametheory.analysis.tree_conditions import outcome_intervals
from gametheory.model import load_model
from gametheory.study.sweep.trees import solve_tree_model

from model_helpers import independent_comparisons, spe_pure_outcomes
from tree_helpers import assert_gambit_certifies, gambit_game_from_efg

KEY = "hub_and_spokes"


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def _plays(model, **values) -> set[str]:
    """The tree outcome of every SPE (perfect information: each play is one outcome); certified exactly."""
    return set(spe_pure_outcomes(model, **values))


def _by_hand(values) -> str:
    """Backward induction by hand, for parameter values without ties."""
    v = {k: Fraction(x) for k, x in values.items()}
    supports = v["abandonment_cost"] > v["entrapment_cost"]
    pact = v["burden_sharing"] * (v["number_of_allies"] - 1)
    outcome = {}
    for form, members, base in (("bilateral", 1, Fraction(0)), ("multilateral", v["number_of_allies"], pact)):
        sanction = v["power_asymmetry"] * v["sanction"] / members
        provoke_value = (v["ally_revisionism"] * v["rollback_stake"] if supports else -v["defeat_loss"]) \
            - v["ally_war_cost"] - sanction
        if provoke_value > 0:
            outcome[form] = (f"{form}_entrapment", base - v["entrapment_cost"]) if supports else \
                (f"{form}_abandonment", base - v["abandonment_cost"])
        else:
            outcome[form] = (f"{form}_restraint", base)
    return max(outcome.values(), key=lambda pair: pair[1])[0]


def test_the_model_is_a_perfect_information_tree_judged_by_subgame_perfection(model):
    assert model.kind == "tree" and model.solution_concept == "spe"
    assert not model.tree().has_chance


@pytest.mark.parametrize("rho, expected", [
    (Fraction(0), "multilateral_restraint"),
    (Fraction(3, 10), "multilateral_restraint"),      # status-quo ally: the pact restrains it too
    (Fraction(1, 2), "bilateral_restraint"),          # rogue ally: only the bilateral tie restrains it
    (Fraction(13, 20), "bilateral_restraint"),
    (Fraction(7, 10), "multilateral_entrapment"),     # too rogue for any control: the pact at least shares the burden
    (Fraction(1), "multilateral_entrapment"),
])
def test_the_powerplay_restrains_the_rogue_ally(model, rho, expected):
    assert _by_hand({**model.defaults, "ally_revisionism": rho}) == expected
    assert _plays(model, ally_revisionism=rho) == {expected}


@pytest.mark.parametrize("changes", [
    {},
    {"number_of_allies": 8, "sanction": 8, "burden_sharing": Fraction(1, 2)},
    pytest.param({"power_asymmetry": Fraction(1, 2), "rollback_stake": 12, "ally_war_cost": 1},
                 marks=pytest.mark.slow),
    pytest.param({"number_of_allies": 2, "burden_sharing": 3, "entrapment_cost": 5}, marks=pytest.mark.slow),
])
def test_the_cut_points_come_out_of_subgame_perfection_symbolically(model, changes):
    """Along rho: hub and spokes on [(w_a + alpha sigma / n)/S, (w_a + alpha sigma)/S] when W > beta (n - 1)."""
    v = {**model.defaults, **changes}
    low = (v["ally_war_cost"] + Fraction(v["power_asymmetry"]) * v["sanction"] / v["number_of_allies"]) \
        / v["rollback_stake"]
    high = (v["ally_war_cost"] + Fraction(v["power_asymmetry"]) * v["sanction"]) / v["rollback_stake"]
    assert 0 < low < high < 1, changes
    intervals = outcome_intervals(model.tree_spec, "ally_revisionism", v, bounds=(0, 1), groups=model.outcomes)
    assert intervals["hub_and_spokes"] == sympy.Interval(sympy.nsimplify(low), sympy.nsimplify(high)), changes
    assert intervals["multilateral_pact"] == sympy.Union(sympy.Interval(0, sympy.nsimplify(low)),
                                                         sympy.Interval(sympy.nsimplify(high), 1)), changes


def test_without_credible_support_no_ally_provokes_and_the_pact_wins(model):
    """R < W: the hegemon would abandon a provoking ally, so no ally provokes; control is worthless."""
    for rho in (Fraction(0), Fraction(1, 2), Fraction(1)):
        values = {"ally_revisionism": rho, "abandonment_cost": 4}
        assert _by_hand({**model.defaults, **values}) == "multilateral_restraint"
        assert _plays(model, **values) == {"multilateral_restraint"}


def test_burden_sharing_worth_more_than_the_war_makes_the_hegemon_accept_entrapment(model):
    """beta (n - 1) > W: a pact with a provoking ally beats a bilateral tie with a restrained one."""
    values = {"ally_revisionism": Fraction(1, 2), "burden_sharing": Fraction(5, 2), "number_of_allies": 4}
    assert _plays(model, **values) == {"multilateral_entrapment"}


def test_the_comparison_is_independent_and_can_fail(model):
    from gametheory.study.sweep import sweep

    frame = sweep(model, grid={"ally_revisionism": [0, 0.2, 0.5, 0.6, 0.9], "number_of_allies": [2, 4, 6],
                               "power_asymmetry": [0.2, 0.8]})
    assert set(frame["concept"]) == {"spe"} and (frame["max_regret"] == 0).all()
    comparisons = independent_comparisons(model, frame, ("defensive_realism", "liberal_institutionalism"))
    for theory, comparison in comparisons.items():
        assert 0 < comparison.independent_agreement < 1, theory


@pytest.mark.parametrize("rho", [Fraction(1, 5), Fraction(1, 2), Fraction(4, 5)])
def test_cross_check_with_pygambit(model, rho):
    """pygambit (independent): each of our SPE has zero regret and our payoffs in pygambit's copy of the tree, and
    its payoffs are those of one of pygambit's pure Nash equilibria of the tree (pygambit leaves the behaviour at
    unreached information sets unset, so profiles are compared by their payoffs)."""
    gbt = pytest.importorskip("pygambit")
    tree = model.tree(ally_revisionism=rho)
    game = gambit_game_from_efg(tree)
    pure = [e for e in gbt.nash.enumpure_solve(game).equilibria]
    for equilibrium in solve_tree_model(model, ally_revisionism=rho):
        assert_gambit_certifies(game, tree, equilibrium)
        nash_payoffs = {tuple(Fraction(str(e.payoff(p))) for p in game.players) for e in pure}
        assert tuple(equilibrium.payoffs) in nash_payoffs
