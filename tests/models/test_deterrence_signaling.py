"""Pinned results of the deterrence signalling model (models/deterrence_signaling.toml).

Source: Fearon (1997), "Signaling Foreign Policy Interests: Tying Hands versus
Sinking Costs", Journal of Conflict Resolution 41(1): 68-90; the two-type
reduction and worked numbers of the project's literature catalog, entry 11
(ours; Fearon uses a type continuum): a separating perfect Bayesian
equilibrium with sunk costs (v_H pays m, v_L pays nothing) exists iff
v_L <= m <= k, the interval [2, 4] at v_H = 10, v_L = 2, k = 4, B = 3,
c_C = 2; no bluffing with either signal; tying hands does better on average.
"""

from fractions import Fraction

import pytest

from gametheory.model import load_model
from gametheory.games.signaling import pure_pbe

KEY = "deterrence_signaling"


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def _sender(e):
    return {t: next(m for m, p in row.items() if p == 1) for t, row in e.sender_behaviour().items()}


def _receiver(e):
    return {m: next(r for r, p in row.items() if p == 1) for m, row in e.receiver_behaviour().items()}


def _separating_by_sunk_costs(game):
    return [e for e in pure_pbe(game) if _sender(e) == {"Resolved": "Sink", "Irresolute": "Nothing"}]


def test_sunk_cost_separation_interval(model):
    """Fearon (1997), sunk costs; catalog entry 11: the separating PBE exists exactly for m in [v_L, k] = [2, 4]."""
    for sunk_cost in [Fraction(k, 4) for k in range(0, 29)]:
        found = _separating_by_sunk_costs(model.signaling_game(sunk_cost=sunk_cost))
        assert bool(found) == (2 <= sunk_cost <= 4), sunk_cost
        for e in found:
            assert e.is_pbe and e.classification == "separating"
            assert e.equilibrium.regrets == (0, 0)
            assert _receiver(e)["Sink"] == "Not" and _receiver(e)["Nothing"] == "Challenge"


@pytest.mark.parametrize("value_low, war_cost", [(1, 3), (3, 7), (0, 5), (5, 6)])
def test_separation_condition_in_general(model, value_low, war_cost):
    """Fearon (1997); catalog entry 11: v_L <= m <= k at other parameter values (exact, at both ends and outside)."""
    for sunk_cost in (value_low - Fraction(1, 2), value_low, war_cost, war_cost + Fraction(1, 2)):
        if sunk_cost < 0:
            continue
        game = model.signaling_game(sunk_cost=sunk_cost, value_low=value_low, war_cost=war_cost)
        assert bool(_separating_by_sunk_costs(game)) == (value_low <= sunk_cost <= war_cost), sunk_cost


def test_beliefs_of_the_separating_equilibrium(model):
    """Fearon (1997): the sunk cost reveals the resolved type; off the path (tying hands) any belief P(Resolved) <= B/(B + c_C) = 3/5 supports a challenge."""
    (e,) = _separating_by_sunk_costs(model.signaling_game(sunk_cost=3))
    beliefs = e.belief_dict()
    assert beliefs["Sink"] == {"Resolved": 1, "Irresolute": 0}
    assert beliefs["Nothing"] == {"Resolved": 0, "Irresolute": 1}
    assert e.belief_sets["Tie"].interval("Resolved") == (0, Fraction(3, 5))
    # worked outcome: the high type deters at cost m, the low type is challenged and concedes
    assert e.type_payoffs == (10 - 3, 0)
    assert e.intuitive_criterion().passes


def test_strategic_form_solver_finds_the_separating_pbe(model):
    """The certified strategic-form solve (vertex enumeration, exact) contains the separating PBE of Fearon (1997) at m = 3."""
    result = model.signaling_game(sunk_cost=3).equilibria()
    assert result.complete
    assert all(e.equilibrium.regrets == (0, 0) for e in result)
    separating = [e for e in result.pbe if e.is_pure and _sender(e) == {"Resolved": "Sink", "Irresolute": "Nothing"}]
    assert separating


def test_pooling_without_a_signal_fails_the_intuitive_criterion(model):
    """Fearon (1997): with v_L < m < k only the resolved type could gain from sinking costs, so pooling on no signal fails Cho-Kreps."""
    (pooling,) = [e for e in pure_pbe(model.signaling_game(sunk_cost=3))
                  if _sender(e) == {"Resolved": "Nothing", "Irresolute": "Nothing"}]
    test = {t.message: t for t in pooling.intuitive_criterion().tests}["Sink"]
    assert test.dominated == ("Irresolute",) and test.breaking == ("Resolved",)
    assert not pooling.intuitive_criterion().passes


def test_no_bluffing(model):
    """Fearon (1997), result 1: in equilibrium there is no bluffing: no type incurs costs (sinks them, or ties its hands) and would then back down.

    Over a grid of sunk and audience costs, in every pure PBE each costly signal sent on the path comes from a
    type that would fight if challenged, and the challenger does not challenge it.
    """
    values = {"Resolved": 10, "Irresolute": 2}
    costly_on_path = 0
    for sunk_cost in (1, 2, 3, 4, 5):
        for audience_cost in (0, 1, 2, 3, 7):
            game = model.signaling_game(sunk_cost=sunk_cost, audience_cost=audience_cost)
            for e in pure_pbe(game):
                responses = _receiver(e)
                for type_label, message in _sender(e).items():
                    costly = (message == "Sink" and sunk_cost > 0) or (message == "Tie" and audience_cost > 0)
                    if not costly:
                        continue  # a = 0 makes tying hands cheap talk
                    costly_on_path += 1
                    backing_down = 0 if message == "Sink" else -audience_cost
                    point = (sunk_cost, audience_cost, type_label, message)
                    assert values[type_label] - 4 >= backing_down, point
                    assert responses[message] == "Not", point
    assert costly_on_path > 0


def test_tying_hands_does_better_on_average(model):
    """Fearon (1997), result 2: with audience costs a >= k - v_L both types tie hands and deter at no cost; ex ante this beats the best sunk-cost separation (m = v_L)."""
    prior = Fraction(1, 2)
    tied = [e for e in pure_pbe(model.signaling_game(audience_cost=2))
            if _sender(e) == {"Resolved": "Tie", "Irresolute": "Tie"} and _receiver(e)["Tie"] == "Not"]
    assert tied and all(e.is_pbe for e in tied)
    tied_value = prior * tied[0].type_payoffs[0] + (1 - prior) * tied[0].type_payoffs[1]
    (sunk,) = _separating_by_sunk_costs(model.signaling_game(sunk_cost=2))
    sunk_value = prior * sunk.type_payoffs[0] + (1 - prior) * sunk.type_payoffs[1]
    assert tied[0].type_payoffs == (10, 2)
    assert tied_value == 6 and sunk_value == 4 and tied_value > sunk_value
    # with a = 0 tying hands is cheap talk: no pooling on it deters
    assert not [e for e in pure_pbe(model.signaling_game(audience_cost=0))
                if _sender(e) == {"Resolved": "Tie", "Irresolute": "Tie"} and _receiver(e)["Tie"] == "Not"]


def test_model_game_is_the_strategic_form(model):
    """The model's game() is the signalling game's strategic form, so the generic solvers and sweeps apply."""
    for values in ({}, {"sunk_cost": 2, "audience_cost": 3}, {"p_resolved": Fraction(9, 10)}):
        game = model.game(**values)
        strategic = model.signaling_game(**values).strategic_form()
        assert game.actions == strategic.actions
        assert all((a == b).all() for a, b in zip(game.payoffs, strategic.payoffs))


def test_predictions(model):
    """Catalog entry 11 readings: separation for m in [v_L, k], pooling on tied hands for a >= k - v_L."""
    assert model.predicted_rule("defensive_realism", sunk_cost=3).outcome == "separating_sunk_costs"
    assert model.predicted_rule("defensive_realism", sunk_cost=5).outcome == "pooling_no_signal"
    assert model.predicted_rule("defensive_realism", audience_cost=2).outcome == "pooling_tied_hands"
