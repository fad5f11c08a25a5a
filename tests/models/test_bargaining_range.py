"""Published results of the bargaining model (models/bargaining_range.toml), judged by subgame perfection.

Sources: Fearon (1995), "Rationalist Explanations for War", pp. 386-390 (with complete information some
settlement in [p - c_A, p + c_B] beats war), pp. 390-401 (private information: the risk-return trade-off),
pp. 401-409 (commitment problems); Powell (2006), "War as a Commitment Problem" (large shifts in power cause
preventive war); Waltz (1979), ch. 6 (an ally aggregates capabilities). The two-period, two-type,
two-demand tree is ours.
"""

from fractions import Fraction

import pytest

from gametheory.model import load_model
from gametheory.model.kinds.tree import reached_outcomes
from gametheory.study.sweep.trees import solve_tree_model

MODEL = load_model("bargaining_range")
DEFAULTS = {k: Fraction(v) for k, v in MODEL.defaults.items()}


def equilibria(**values):
    """SPE of the tree at ``values``, each with its certificate (every regret exactly 0) checked."""
    result = solve_tree_model(MODEL, **values)
    assert result.equilibria
    for equilibrium in result.equilibria:
        assert equilibrium.is_exact and equilibrium.max_regret == 0 and equilibrium.max_subgame_regret == 0
    return [reached_outcomes(e) for e in result.equilibria]


def closed_form(**values):
    """The numbers of the model's notes: p1, p2, the period-two share m, the types' limits and A's values."""
    v = {**DEFAULTS, **{k: Fraction(x) for k, x in values.items()}}
    p1 = v["capability_a"] / (v["capability_a"] + v["capability_b"] + v["ally_capability"])
    p2 = v["capability_a"] / (v["capability_a"] + v["capability_b"] * (1 + v["b_growth"]) + v["ally_capability"])
    w, cA = v["future_weight"], v["war_cost_a"]
    m = max(Fraction(0), p2 - cA)
    costs = {"res": v["war_cost_b"] * (1 - v["cost_spread"]), "irr": v["war_cost_b"] * (1 + v["cost_spread"])}
    limit = {t: (1 + w) * (p1 + c) - w * m for t, c in costs.items()}
    demand = {"modest": min(Fraction(1), limit["res"] - v["concession"]), "bold": min(Fraction(1), limit["irr"] - v["concession"])}
    war = (1 + w) * (p1 - cA)
    q = v["resolve_prior"]
    value = {"Attack": war, "Modest": demand["modest"] + w * m}
    refused_by_resolved = demand["bold"] > limit["res"]
    value["Bold"] = ((1 - q) * (demand["bold"] + w * m) + q * (war if refused_by_resolved else demand["bold"] + w * m))
    return p1, p2, limit, demand, value


def groups(reached):
    return {name for name, members in MODEL.outcomes.items() if sum(reached.get(o, 0) for o in members) == 1}


@pytest.mark.parametrize("ally, p", [(0, Fraction(3, 5)), (2, Fraction(1, 2))])
def test_complete_information_one_period_is_fearons_range(ally, p):
    """Fearon 1995, pp. 386-390: with one period (w = 0), complete information and no shift B accepts x iff
    x <= p + c_B, A's war value is p - c_A, and every SPE is a settlement: A demands p + c_B - e. An ally
    with C_k = 2 lowers p from 3/5 to 1/2 and the settlement with it (Waltz 1979, ch. 6)."""
    values = {"future_weight": 0, "ally_capability": ally}
    p1, _, limit, demand, value = closed_form(**values)
    assert p1 == p and limit["res"] == p + Fraction(1, 20)
    for reached in equilibria(**values):
        assert "peace" in groups(reached) and not {"war", "bargaining_war"} & groups(reached)
    result = solve_tree_model(MODEL, **values)
    assert {e.payoffs[0] for e in result.equilibria} == {p + Fraction(1, 20) - Fraction(1, 100)}
    assert value["Attack"] == p - Fraction(1, 10) < min(e.payoffs[0] for e in result.equilibria)


def test_no_war_without_private_information_or_a_shift():
    """Fearon 1995: with complete information and no shift in power every SPE is peaceful, at the defaults
    and across capabilities, allies, costs and weights of the future. (With no costs at all the range is
    the single point p, and the demand's strict concession e makes war A's choice: an artefact of e.)"""
    (reached,) = equilibria(war_cost_a=0, war_cost_b=0)
    assert "preventive_war" in groups(reached)
    for values in ({}, {"capability_a": 15}, {"ally_capability": 8}, {"war_cost_a": "1/50", "war_cost_b": "1/50"},
                   {"future_weight": 10}, {"capability_b": "1/10"}):
        for reached in equilibria(**values):
            assert "peace" in groups(reached), values


@pytest.mark.parametrize("spread", [Fraction(1, 4), Fraction(1, 2), Fraction(3, 4), 1])
@pytest.mark.parametrize("prior", [Fraction(1, 10), Fraction(1, 5), Fraction(3, 10), Fraction(1, 2)])
def test_private_information_risk_return_trade_off(spread, prior):
    """Fearon 1995, pp. 395-401 (reduction ours): without a shift A makes the bold demand, which a resolved
    B refuses (war with probability q), iff (1 - q)(x_bold + w m) + q (1 + w)(p1 - c_A) > x_modest + w m."""
    values = {"cost_spread": spread, "resolve_prior": prior}
    _, _, limit, demand, value = closed_form(**values)
    (reached,) = equilibria(**values)
    if value["Bold"] > max(value["Modest"], value["Attack"]):
        assert demand["bold"] > limit["res"]
        assert reached == {"bold_refused_res": prior, "bold_accepted_irr": 1 - prior}
    else:
        assert value["Modest"] > max(value["Bold"], value["Attack"])
        assert reached == {"modest_accepted_res": prior, "modest_accepted_irr": 1 - prior}


def test_risk_of_war_at_the_defaults():
    """At s = 1/2, q = 1/5: the bold demand is worth 2 - q/2 = 19/10 against 1.865 for the modest one, so A
    risks war; at s = 1/4 it is not (1.882 < 1.9025)."""
    assert closed_form(cost_spread="1/2")[4]["Bold"] == Fraction(19, 10)
    assert groups(equilibria(cost_spread="1/2")[0]) == {"risky_demand"}
    assert groups(equilibria(cost_spread="1/4")[0]) == {"peace"}


def test_commitment_problem_threshold():
    """Powell 2006 (reduction ours): with complete information A prefers war now iff B's limit exceeds the
    whole first-period good and 1 + w max(0, p2 - c_A) < (1 + w)(p1 - c_A); at the defaults
    (p1 = 3/5, c_A = 1/10, w = 2) iff p2 < 7/20, i.e. B's growth g > 25/14."""
    cut = Fraction(25, 14)
    assert closed_form(b_growth=cut)[1] == Fraction(7, 20)
    for g, war in ((cut - Fraction(1, 100), False), (cut + Fraction(1, 100), True), (3, True), (1, False)):
        value = closed_form(b_growth=g)[4]
        assert (value["Attack"] > max(value["Modest"], value["Bold"])) == war
        found = [groups(r) for r in equilibria(b_growth=g)]
        assert all(("preventive_war" in f) == war for f in found), g


def test_no_preventive_war_when_the_future_weighs_little():
    """Powell 2006: the shift must be large relative to what can be transferred before it: with w = 1/2 even
    B's tripled capability (g = 2) leaves a settlement A prefers to war, so the rule 'g >= 1: preventive
    war' fails there."""
    rule = MODEL.predicted_rule("defensive_realism", b_growth=2, future_weight="1/2")
    assert rule.outcome == "preventive_war"
    for reached in equilibria(b_growth=2, future_weight="1/2"):
        assert "preventive_war" not in groups(reached)
    assert all(p.structural for p in MODEL.parameters if p.name != "concession")
