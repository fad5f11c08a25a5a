"""Published hypotheses of the security-autonomy model (Morrow 1991), in our sequential encoding.

Source: Morrow (1991), "Alliances and Asymmetry", AJPS 35(4): 904-933: an
alliance forms when each partner gains; asymmetric alliances (security traded
for autonomy) form more easily and last longer (H1), and a change in
capabilities breaks alliances (H2). The linear utility, the numbers (catalog
entry 9: the asymmetric alliance gives +2 to both partners, the symmetric one
-1/2 to each at sigma = theta = 1) and the tree (the minor asks, the asked
partner accepts or refuses) are ours.

The model is judged by subgame perfection. Its strategic form has "no
alliance" as a Nash equilibrium at every point, held up by partners who
"would" refuse offers that pay them; the tests check that it is gone.
"""

from fractions import Fraction

import pytest
import sympy

from gametheory.analysis.tree_conditions import outcome_intervals
from gametheory.model import load_model
from gametheory.model.kinds.tree import reached_outcomes
from gametheory.solvers import solve
from gametheory.study.sweep.trees import solve_tree_model

from model_helpers import assert_gambit_certifies_every_equilibrium, spe_pure_outcomes

KEY = "security_autonomy"
GROUP = {"asymmetric_formed": "asymmetric_alliance", "symmetric_formed": "symmetric_alliance",
         "stays_alone": "no_alliance", "major_refused": "no_alliance", "peer_refused": "no_alliance"}


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def alliances(model, **values) -> set[str]:
    """The outcome group of every SPE at the values (pure plays, certified with zero regret in every subgame)."""
    return {GROUP[outcome] for outcome in spe_pure_outcomes(model, require_equilibria=False, **values)}


def _along(model, parameter, bounds, **values):
    return outcome_intervals(model.tree_spec, parameter, {**model.defaults, **values}, bounds=bounds,
                             groups=model.outcomes)


def test_the_model_is_a_tree_judged_by_subgame_perfection(model):
    assert model.kind == "tree" and model.solution_concept == "spe"
    assert model.tree().players == ("Minor", "Major", "Peer")


def test_catalog_numbers_asymmetric_forms_symmetric_does_not(model):
    """Morrow 1991, H1 (asymmetric alliances form more easily); catalog entry 9 with sigma = theta = 1:
    major (-1 security, +3 autonomy) gets +2, minor (+4, -2) gets +2: the asymmetric alliance forms;
    symmetric partners (+1, -1.5) get -0.5 each, and the peer would refuse."""
    (equilibrium,) = solve_tree_model(model)
    assert reached_outcomes(equilibrium) == {"asymmetric_formed": 1}
    assert equilibrium.payoffs == (2, 2, 0)
    payoffs = dict(zip((str(n) for n in model.tree().node_labels), model.tree().payoff_matrix.tolist()))
    assert payoffs["symmetric_formed"] == [Fraction(-1, 2), 0, Fraction(-1, 2)]
    assert str(model.predict("security_autonomy")) == "asymmetric_alliance"
    assert str(model.predict("defensive_realism")) == "no_alliance"


def test_no_alliance_rests_on_refusals_no_partner_would_carry_out(model):
    """The strategic form of the tree has (Alone, Refuse, Refuse) as a Nash equilibrium at every point: each
    partner's refusal is never tested. Subgame perfection removes it wherever an offer pays both sides."""
    from gametheory.games.extensive import reduced_strategic_form

    for values in ({}, {"security_weight": 2}, {"security_weight": 4, "capability_change": Fraction(1, 5)},
                   {"capability_change": Fraction(3, 10)}):
        game = reduced_strategic_form(model.tree(**values)).game
        result = solve(game)
        assert result.exact and all(r == 0 for e in result for r in e.regrets)
        assert ("Alone", "Refuse", "Refuse") in {e.pure_profile for e in result.pure}
        assert "no_alliance" not in alliances(model, **values)


@pytest.mark.parametrize("change, formed", [
    (Fraction(0), {"asymmetric_alliance"}),
    (Fraction(9, 20), {"asymmetric_alliance"}),
    (Fraction(1, 2), {"asymmetric_alliance", "no_alliance"}),  # the minor is indifferent
    (Fraction(11, 20), {"no_alliance"}),
    (Fraction(1), {"no_alliance"}),
])
def test_capability_change_breaks_the_asymmetric_alliance_at_one_half(model, change, formed):
    """Morrow 1991, H2 (a change in capabilities breaks alliances), our numbers: the minor keeps the asymmetric
    alliance while 4 (1 - change) >= 2, i.e. a change up to 1/2."""
    assert alliances(model, capability_change=change) == formed


@pytest.mark.parametrize("sigma", [1, 2, Fraction(5, 2)])
def test_the_break_point_symbolically(model, sigma):
    """The asymmetric alliance lasts for a change up to 1 - theta a_m / (sigma s_m) (ours)."""
    cut = 1 - sympy.Rational(2, 4 * sigma)
    intervals = _along(model, "capability_change", (0, 1), security_weight=sigma)
    assert intervals["asymmetric_alliance"] == sympy.Interval(0, cut)
    assert intervals["no_alliance"] == sympy.Interval(cut, 1)
    assert intervals["symmetric_alliance"] is sympy.EmptySet


@pytest.mark.parametrize("sigma, formed", [
    (Fraction(2, 5), {"no_alliance"}),
    (Fraction(3, 5), {"asymmetric_alliance"}),
    (Fraction(29, 10), {"asymmetric_alliance"}),
    (Fraction(31, 10), {"symmetric_alliance"}),
    (Fraction(5), {"symmetric_alliance"}),
])
def test_threat_regimes(model, sigma, formed):
    """Along the weight on security (threat), ours: below 1/2 the minor gains nothing from protection; up to
    theta a_M / s_M = 3 the major trades protection for autonomy; above it the commitment costs the major more
    than the autonomy it gains, it would refuse, and peers pool their capabilities (sigma > 3/2 pays them)."""
    assert alliances(model, security_weight=sigma) == formed


def test_threat_regimes_symbolically(model):
    """The same regimes along sigma from the subgame-perfect plans' conditions: cut points 1/2 and 3."""
    intervals = _along(model, "security_weight", (0, 5))
    assert intervals["no_alliance"] == sympy.Interval(0, sympy.Rational(1, 2))
    assert intervals["asymmetric_alliance"] == sympy.Interval(sympy.Rational(1, 2), 3)
    assert intervals["symmetric_alliance"] == sympy.Interval(3, 5)


def test_asymmetric_alliances_last_longer(model):
    """Morrow 1991, H1 (asymmetric alliances last longer), our numbers at sigma = 4: the symmetric alliance (the
    major refusing) breaks beyond a change of 1 - 1.5/4 = 5/8; an asymmetric alliance with a major whose
    commitment costs half as much lasts up to 1 - 2/16 = 7/8."""
    symmetric = _along(model, "capability_change", (0, 1), security_weight=4)
    assert symmetric["symmetric_alliance"] == sympy.Interval(0, sympy.Rational(5, 8))
    assert alliances(model, security_weight=4, capability_change=Fraction(3, 5)) == {"symmetric_alliance"}
    assert alliances(model, security_weight=4, capability_change=Fraction(13, 20)) == {"no_alliance"}
    asymmetric = _along(model, "capability_change", (0, 1), security_weight=4, major_security_cost=Fraction(1, 2))
    assert asymmetric["asymmetric_alliance"] == sympy.Interval(0, sympy.Rational(7, 8))


def test_major_refuses_when_autonomy_is_worth_less_than_the_commitment(model):
    """Morrow 1991: the major power allies only for an autonomy gain worth its security cost; asked, it refuses,
    and the minor, knowing it, stays alone (the peer would refuse too)."""
    assert alliances(model, major_autonomy_gain=Fraction(1, 2)) == {"no_alliance"}
    for equilibrium in solve_tree_model(model, major_autonomy_gain=Fraction(1, 2)):
        assert "Major: Refuse" in equilibrium.describe()


def test_the_comparison_can_fail(model):
    """Capability aggregation (Walt 1987) expects no alliance at low threat; the SPE forms the asymmetric
    alliance there, so the defensive-realism reading fails at some points of the default sweep."""
    from gametheory.study.compare import compare
    from gametheory.study.sweep import sweep

    frame = sweep(model, grid={"security_weight": [0, 1, 2, 4], "capability_change": [0, 0.5, 0.9]})
    assert set(frame["concept"]) == {"spe"} and (frame["max_regret"] == 0).all()
    at = frame[(frame["security_weight"] == 1) & (frame["capability_change"] == 0)]
    assert list(at["outcome"]) == ["asymmetric_alliance"]
    assert compare(model, frame, "defensive_realism").agreement < 1


def test_cross_check_with_pygambit(model):
    """pygambit (independent): at the defaults every equilibrium we return has zero regret in the tree by
    pygambit's own computation, with the same expected payoffs."""
    pytest.importorskip("pygambit")
    assert_gambit_certifies_every_equilibrium(model)


def test_rules_read_structural_variables_and_can_fail(model):
    """The threat (as the weight on security) and the change in capabilities are the structural variables; the
    capability-aggregation and Morrow rules read only them and none is true by construction. Witnesses: at
    sigma = 2 capability aggregation expects peers to ally, but the minor asks the major (4 sigma - 2 = 6 >
    sigma - 3/2); at sigma = 4 Morrow's asymmetric alliance fails, since the major refuses (3 < sigma)."""
    from gametheory.study.construction import rule_verdicts

    assert {p.name for p in model.parameters if p.structural} == {"security_weight", "capability_change"}
    for theory in model.predictions:
        assert all(rule.independent for rule in model.theory(theory).rules)
        assert all(v.by_construction is False for v in rule_verdicts(model, theory))
    (high,) = solve_tree_model(model, security_weight=2)
    assert high.max_subgame_regret == 0 and reached_outcomes(high) == {"asymmetric_formed": 1}
    assert str(model.predict("defensive_realism", security_weight=2)) == "symmetric_alliance"
    plays = [reached_outcomes(e) for e in solve_tree_model(model, security_weight=4)]
    assert {"asymmetric_formed": 1} not in plays
    assert str(model.predict("security_autonomy", security_weight=4)) == "asymmetric_alliance"
