"""Tests for sender-receiver signalling games (gametheory.games.signaling)."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.equilibrium import NotAnEquilibriumError
from gametheory.numerics import DEFAULT_TOL
from gametheory.games.signaling import BeliefSet, SignalingGame, pure_pbe
from gametheory.solvers import pure_equilibria

F = Fraction


# ------------------------------------------------------------ fixtures
def beer_quiche(p_weak=F(1, 10)) -> SignalingGame:
    """Cho and Kreps (1987), section II: the sender gets 1 for its preferred
    breakfast (Weak: Quiche, Strong: Beer) plus 2 when not challenged; the
    receiver gets 1 for dueling a Weak sender or not dueling a Strong one."""
    return SignalingGame(
        ["Weak", "Strong"], [p_weak, 1 - p_weak], ["Beer", "Quiche"], ["Duel", "Not"],
        [[[0, 2], [1, 3]], [[1, 3], [0, 2]]],
        [[[1, 0], [1, 0]], [[0, 1], [0, 1]]],
        title="Beer-Quiche",
    )


def sunk_cost(v_high, v_low, war_cost, signal_cost, gain=3, challenger_war_cost=2, p_high=F(1, 2)):
    """Two-type reduction of Fearon (1997) with sunk costs (MODELS-CATALOG entry 11).

    A challenged defender fights when v - k > 0 (gets v - k) and concedes
    otherwise (gets 0); unchallenged it gets v. Sinking costs m is paid
    either way. The challenger gets B against a conceding defender, -c_C
    against a fighting one, 0 if it stays out.
    """
    types = [v_high, v_low]
    sender = [[[max(v - war_cost, 0) - m, v - m] for m in (signal_cost, 0)] for v in types]
    receiver = [[[gain if v < war_cost else -challenger_war_cost, 0] for _ in range(2)] for v in types]
    return SignalingGame(["Resolved", "Irresolute"], [p_high, 1 - p_high], ["Sink", "None"],
                         ["Challenge", "Not"], sender, receiver, players=("Defender", "Challenger"))


SEPARATING = ({"Resolved": "Sink", "Irresolute": "None"}, {"Sink": "Not", "None": "Challenge"})


def _bayes(game, sender, m):
    joint = [game.prior[t] * sender[t, m] for t in range(len(game.types))]
    total = sum(joint, Fraction(0))
    return None if total == 0 else tuple(v / total for v in joint)


def _best_responses(game, m, belief):
    values = [sum((belief[t] * game.receiver_payoff[t, m, r] for t in range(len(game.types))), Fraction(0))
              for r in range(len(game.responses))]
    best = max(values)
    return {r for r in range(len(values)) if values[r] == best}


# ------------------------------------------------------------ beer-quiche
def test_beer_quiche_pure_pbe_are_the_two_poolings_with_exact_belief_thresholds():
    """Cho and Kreps (1987), section II: pooling on Beer and pooling on Quiche
    are both sequential equilibria; the receiver must believe P(Weak) >= 1/2
    after the unused breakfast to duel there."""
    game = beer_quiche()
    found = pure_pbe(game)
    assert [e.classification for e in found] == ["pooling", "pooling"]
    beer, quiche = found
    assert beer.sender_behaviour() == {"Weak": {"Beer": 1, "Quiche": 0}, "Strong": {"Beer": 1, "Quiche": 0}}
    assert beer.receiver_behaviour()["Beer"] == {"Duel": 0, "Not": 1}
    assert beer.receiver_behaviour()["Quiche"] == {"Duel": 1, "Not": 0}
    assert quiche.receiver_behaviour()["Beer"] == {"Duel": 1, "Not": 0}
    assert quiche.receiver_behaviour()["Quiche"] == {"Duel": 0, "Not": 1}
    assert beer.belief_dict()["Beer"] == {"Weak": F(1, 10), "Strong": F(9, 10)}
    assert beer.on_path == (True, False) and quiche.on_path == (False, True)
    assert beer.belief_sets["Quiche"].interval("Weak") == (F(1, 2), F(1))
    assert quiche.belief_sets["Beer"].interval("Weak") == (F(1, 2), F(1))
    assert beer.belief_sets["Quiche"].vertices == ((F(1, 2), F(1, 2)), (F(1), F(0)))
    assert beer.type_payoffs == (F(2), F(3)) and quiche.type_payoffs == (F(3), F(2))
    for e in found:
        assert e.is_pbe and e.failures == ()
        assert e.equilibrium.regrets == (0, 0)


def test_beer_quiche_intuitive_criterion_keeps_beer_only():
    """Cho and Kreps (1987), section IV: the Quiche pooling equilibrium fails
    the Intuitive Criterion (Beer is equilibrium-dominated for the Weak type
    only, and the Strong type then gains from Beer); Beer pooling passes."""
    beer, quiche = pure_pbe(beer_quiche())
    beer_test = beer.intuitive_criterion()
    assert beer_test.passes
    (test,) = beer_test.tests
    assert (test.message, test.dominated, test.remaining, test.responses, test.breaking) == (
        "Quiche", ("Strong",), ("Weak",), ("Duel",), ())
    quiche_test = quiche.intuitive_criterion()
    assert not quiche_test.passes
    (test,) = quiche_test.tests
    assert (test.message, test.dominated, test.remaining, test.responses, test.breaking) == (
        "Beer", ("Weak",), ("Strong",), ("Not",), ("Strong",))
    assert "fails" in quiche_test.describe() and "passes" in beer_test.describe()


def test_beer_quiche_strategic_form_equilibria_are_pbe_with_the_half_threshold():
    result = beer_quiche().equilibria()
    assert result.complete and result.continuum
    assert len(result.pbe) == len(result) == 4
    for e in result:
        assert e.classification == "pooling"
        assert e.equilibrium.regrets == (0, 0)
        (message,) = [m for m, path in zip(e.game.messages, e.on_path) if not path]
        duel = e.receiver_behaviour()[message]["Duel"]
        # The off-path punishment must deter the type that prefers the other breakfast: Duel >= 1/2.
        assert duel in (F(1, 2), F(1))
        expected = (F(1, 2), F(1, 2)) if duel == F(1, 2) else (F(1, 2), F(1))
        assert e.belief_sets[message].interval("Weak") == expected


@pytest.mark.parametrize("p_weak, exists", [(F(49, 100), True), (F(1, 2), True), (F(51, 100), False)])
def test_beer_pooling_without_duel_needs_prior_weak_at_most_one_half(p_weak, exists):
    """Pooling on Beer with no duel is a PBE iff the prior of Weak is <= 1/2
    (the receiver must not prefer dueling at the prior)."""
    found = [e for e in pure_pbe(beer_quiche(p_weak))
             if e.classification == "pooling" and e.on_path[0] and e.receiver_behaviour()["Beer"]["Not"] == 1]
    assert bool(found) is exists


def test_beer_quiche_hybrid_equilibrium_at_prior_three_fifths():
    """With P(Weak) = 3/5 pooling fails; the weak type mixes so that the
    posterior after Beer is exactly 1/2, where the receiver is indifferent."""
    game = beer_quiche(F(3, 5))
    assert pure_pbe(game) == ()
    result = game.equilibria()
    (e,) = result
    assert e.classification == "hybrid" and e.is_pbe
    assert e.sender_behaviour()["Weak"] == {"Beer": F(2, 3), "Quiche": F(1, 3)}
    assert e.belief_dict() == {"Beer": {"Weak": F(1, 2), "Strong": F(1, 2)}, "Quiche": {"Weak": F(1), "Strong": F(0)}}
    assert e.receiver_behaviour()["Beer"] == {"Duel": F(1, 2), "Not": F(1, 2)}


def test_float_mode_matches_exact_within_tolerance():
    exact = pure_pbe(beer_quiche())
    approx = pure_pbe(beer_quiche(0.1))
    assert not approx[0].game.is_exact
    assert len(approx) == len(exact)
    for a, b in zip(approx, exact):
        assert np.allclose(np.asarray(a.sender, float), np.asarray(b.sender, float))
        low, high = a.belief_sets[a.game.messages[a.on_path.index(False)]].interval("Weak")
        assert math.isclose(low, 0.5, abs_tol=DEFAULT_TOL) and math.isclose(high, 1.0, abs_tol=DEFAULT_TOL)
        assert a.equilibrium.max_regret <= a.equilibrium.tol
    assert [e.intuitive_criterion().passes for e in approx] == [True, False]
    result = beer_quiche(0.1).equilibria()
    assert len(result.pbe) == 4


def test_assess_certifies_and_refuses():
    game = beer_quiche()
    e = game.assess({"Weak": "Beer", "Strong": "Beer"}, {"Beer": "Not", "Quiche": "Duel"})
    assert e.is_pbe and e.equilibrium.regrets == (0, 0)
    # Off-path Duel with probability 1/3 < 1/2: the weak type would switch to Quiche.
    with pytest.raises(NotAnEquilibriumError):
        game.assess({"Weak": "Beer", "Strong": "Beer"},
                    {"Beer": "Not", "Quiche": {"Duel": F(1, 3), "Not": F(2, 3)}})
    with pytest.raises(ValueError, match="receiver behaviour must give an entry"):
        game.assess({"Weak": "Beer", "Strong": "Beer"}, {"Beer": "Not"})
    with pytest.raises(ValueError, match="names 'Wine'"):
        game.assess({"Weak": "Wine", "Strong": "Beer"}, {"Beer": "Not", "Quiche": "Duel"})


def test_nash_but_not_pbe_is_reported_with_its_reason():
    """A receiver that 'punishes' an off-path message with a response no belief
    supports is a Nash equilibrium of the strategic form but not a PBE."""
    # Response 'Bad' is strictly dominated for the receiver after every message.
    game = SignalingGame(["A", "B"], [F(1, 2), F(1, 2)], ["m1", "m2"], ["Good", "Bad"],
                         [[[1, 1], [2, 0]], [[1, 1], [2, 0]]],
                         [[[1, 0], [1, 0]], [[1, 0], [1, 0]]])
    e = game.assess({"A": "m1", "B": "m1"}, {"m1": "Good", "m2": "Bad"})
    assert e.equilibrium.regrets == (0, 0)
    assert not e.is_pbe
    assert e.belief_sets["m2"].is_empty and e.beliefs[1] is None
    assert "no belief makes Bad a best response" in e.failures[0]
    assert all(not x.is_pbe or x.classification == "pooling" for x in game.equilibria())
    assert [x.describe() for x in pure_pbe(game)] == [
        "Sender[A]: m2; Sender[B]: m2; Receiver: m1->Good, m2->Good | pooling PBE; after m1 (off path): "
        "P(A) in [0, 1]"]


# ------------------------------------------------------------ costly signal (Fearon 1997)
@pytest.mark.parametrize("signal_cost", [F(0), F(1), F(199, 100), F(2), F(3), F(4), F(401, 100), F(5)])
def test_sunk_cost_separating_pbe_iff_low_value_at_most_cost_at_most_war_cost(signal_cost):
    """Fearon (1997), sinking costs, two-type reduction (catalog entry 11):
    the separating PBE (resolved sinks m, irresolute does not) exists iff
    v_L <= m <= k; with v_H = 10, v_L = 2, k = 4 that is m in [2, 4]."""
    game = sunk_cost(10, 2, 4, signal_cost)
    separating = [e for e in pure_pbe(game) if e.classification == "separating"]
    holds = 2 <= signal_cost <= 4
    assert bool(separating) is holds
    if holds:
        (e,) = separating
        assert e.sender_behaviour()["Resolved"]["Sink"] == 1 and e.sender_behaviour()["Irresolute"]["None"] == 1
        assert e.receiver_behaviour() == {"Sink": {"Challenge": 0, "Not": 1}, "None": {"Challenge": 1, "Not": 0}}
        assert e.belief_dict() == {"Sink": {"Resolved": 1, "Irresolute": 0}, "None": {"Resolved": 0, "Irresolute": 1}}
        # The resolved type deters at cost m; the irresolute type is challenged and concedes.
        assert e.type_payoffs == (10 - signal_cost, 0)
        assert game.assess(*SEPARATING).is_pbe
    else:
        with pytest.raises(NotAnEquilibriumError):
            game.assess(*SEPARATING)


@settings(max_examples=40)
@given(st.integers(1, 9), st.integers(1, 9), st.integers(1, 9), st.integers(0, 12), st.sampled_from([F(1, 3), F(1, 2), F(4, 5)]))
def test_sunk_cost_separation_condition_on_random_values(v_low, gap, high_gap, m, p_high):
    """The separating condition v_L <= m <= k at random v_L < k < v_H."""
    war_cost = v_low + gap
    v_high = war_cost + high_gap
    game = sunk_cost(v_high, v_low, war_cost, m, p_high=p_high)
    separating = [e for e in pure_pbe(game) if e.classification == "separating"
                  and e.sender_behaviour()["Resolved"]["Sink"] == 1]
    assert bool(separating) is (v_low <= m <= war_cost)


# ------------------------------------------------------------ other structure
def test_semi_separating_with_three_types():
    game = SignalingGame(["A", "B", "C"], [F(1, 3)] * 3, ["m1", "m2"], ["r1", "r2"],
                         [[[1, 1], [0, 0]], [[1, 1], [0, 0]], [[0, 0], [1, 1]]],
                         np.zeros((3, 2, 2), dtype=int))
    found = pure_pbe(game)
    assert {e.classification for e in found} == {"semi-separating"}
    assert len(found) == 4  # the receiver is indifferent everywhere
    for e in found:
        assert e.belief_dict()["m1"] == {"A": F(1, 2), "B": F(1, 2), "C": 0}


def test_three_type_belief_set_vertices_are_exact():
    # After m, response r0 is optimal iff 2 mu_A >= mu_B + mu_C, i.e. mu_A >= 1/3.
    receiver = np.zeros((3, 1, 2), dtype=object)
    receiver[:, 0, 0] = [2, -1, -1]
    game = SignalingGame(["A", "B", "C"], [F(1, 3)] * 3, ["m"], ["r0", "r1"], np.zeros((3, 1, 2), dtype=int), receiver)
    beliefs = game.belief_set("m", ["r0"])
    assert set(beliefs.vertices) == {(F(1, 3), F(2, 3), F(0)), (F(1, 3), F(0), F(2, 3)), (F(1), F(0), F(0))}
    assert beliefs.interval("A") == (F(1, 3), F(1))
    assert beliefs.contains([F(1, 2), F(1, 4), F(1, 4)]) and not beliefs.contains([0.2, 0.4, 0.4])
    restricted = game.belief_set("m", ["r0"], types=["B", "C"])
    assert restricted.is_empty and "no belief supports r0" in restricted.describe()
    assert "convex hull" in beliefs.describe()


def test_bayesian_game_view_has_the_same_strategic_form():
    game = beer_quiche()
    assert game.to_bayesian_game().strategic_form() == game.strategic_form()
    assert game.strategic_form().actions == (("Beer/Beer", "Beer/Quiche", "Quiche/Beer", "Quiche/Quiche"),
                                             ("Duel/Duel", "Duel/Not", "Not/Duel", "Not/Not"))


# ------------------------------------------------------------ validation
@pytest.mark.parametrize("kwargs, error, match", [
    ({"prior": [F(1, 2), F(1, 3)]}, ValueError, "sum to 5/6, expected 1"),
    ({"prior": [F(3, 2), F(-1, 2)]}, ValueError, "type 'Strong' is -1/2, expected a value >= 0"),
    ({"prior": [1]}, ValueError, "prior has 1 entries, expected 2"),
    ({"prior": "0.5"}, TypeError, "prior must be a sequence"),
    ({"prior": [0.5, float("nan")]}, ValueError, "prior probability of type 'Strong' is nan"),
    ({"sender_payoff": np.zeros((2, 2))}, ValueError, r"sender_payoff has shape \(2, 2\), expected \(2, 2, 2\)"),
    ({"receiver_payoff": [[[1, 0], [1, "x"]], [[0, 1], [0, 1]]]}, TypeError,
     r"receiver_payoff at \(Weak, Quiche, Not\) must be a number"),
    ({"receiver_payoff": [[[1, 0], [1, True]], [[0, 1], [0, 1]]]}, TypeError, "boolean"),
    ({"sender_payoff": [[[0, 2], [1, np.inf]], [[1, 3], [0, 2]]]}, ValueError, r"\(Weak, Quiche, Not\) is inf"),
    ({"types": ["Weak", "Weak"]}, ValueError, "types has duplicate labels"),
    ({"messages": ["Beer/Wine", "Quiche"]}, ValueError, "may not contain '/'"),
    ({"responses": []}, ValueError, "responses must have at least one entry"),
    ({"players": ("Only",)}, ValueError, "players must name the sender and the receiver"),
])
def test_invalid_arguments_have_clear_errors(kwargs, error, match):
    arguments = dict(types=["Weak", "Strong"], prior=[F(1, 10), F(9, 10)], messages=["Beer", "Quiche"],
                     responses=["Duel", "Not"], sender_payoff=[[[0, 2], [1, 3]], [[1, 3], [0, 2]]],
                     receiver_payoff=[[[1, 0], [1, 0]], [[0, 1], [0, 1]]])
    players = kwargs.pop("players", ("Sender", "Receiver"))
    arguments.update(kwargs)
    with pytest.raises(error, match=match):
        SignalingGame(**arguments, players=players)


def test_lookup_errors():
    game = beer_quiche()
    with pytest.raises(ValueError, match="no message 'Wine'"):
        game.belief_set("Wine", ["Duel"])
    with pytest.raises(ValueError, match="response index 5 out of range"):
        game.belief_set("Beer", [5])
    with pytest.raises(ValueError, match="no type 'Medium'"):
        game.belief_set("Beer", ["Duel"]).interval("Medium")
    with pytest.raises(TypeError, match="takes a SignalingGame"):
        pure_pbe(game.strategic_form())
    with pytest.raises(ValueError, match="not one of this signalling game"):
        beer_quiche(F(1, 5)).equilibrium_from(game.equilibria()[0].equilibrium)


# ------------------------------------------------------------ properties on random games
@st.composite
def signaling_games(draw):
    n_types = draw(st.integers(1, 3))
    n_messages = 2
    n_responses = draw(st.integers(1, 3 if n_types <= 2 else 2))
    weights = draw(st.lists(st.integers(0, 3), min_size=n_types, max_size=n_types).filter(lambda w: sum(w) > 0))
    prior = [F(w, sum(weights)) for w in weights]
    shape = (n_types, n_messages, n_responses)
    size = math.prod(shape)
    entries = st.lists(st.integers(-2, 2), min_size=size, max_size=size)
    sender = np.array(draw(entries), dtype=object).reshape(shape)
    receiver = np.array(draw(entries), dtype=object).reshape(shape)
    return SignalingGame([f"t{k}" for k in range(n_types)], prior, ["m0", "m1"],
                         [f"r{k}" for k in range(n_responses)], sender, receiver)


def _check_equilibrium(game, e):
    assert e.equilibrium.regrets == (0, 0)
    assert game.strategic_form().regrets(e.equilibrium.strategies) == (0, 0)
    for row in list(e.sender) + list(e.receiver):
        assert all(p >= 0 for p in row) and sum(row) == 1
    for m, (path, belief) in enumerate(zip(e.on_path, e.beliefs)):
        assert path is (_bayes(game, e.sender, m) is not None)
        if belief is not None:
            assert all(isinstance(p, Fraction) and p >= 0 for p in belief) and sum(belief) == 1
        support = {r for r in range(len(game.responses)) if e.receiver[m, r] != 0}
        if path:
            assert belief == _bayes(game, e.sender, m)
            if e.is_pbe:
                assert support <= _best_responses(game, m, belief)
        else:
            beliefs = e.belief_sets[game.messages[m]]
            for vertex in beliefs.vertices:
                assert support <= _best_responses(game, m, vertex)
            if e.is_pbe:
                assert belief == beliefs.point
    assert e.classification in {"separating", "pooling", "semi-separating", "hybrid"}
    mixing = any(sum(1 for p in row if p != 0) > 1 for row in e.sender)
    assert (e.classification == "hybrid") is mixing


@settings(max_examples=30)
@given(signaling_games())
def test_random_games_equilibria_are_certified_with_bayes_beliefs(game):
    result = game.equilibria()
    assert len(result) >= 1
    for e in result:
        _check_equilibrium(game, e)
        for test in e.intuitive_criterion().tests:
            assert set(test.dominated) | set(test.remaining) == set(game.types)


@settings(max_examples=40)
@given(signaling_games())
def test_random_games_pure_pbe_match_pure_equilibria_of_the_strategic_form(game):
    direct = pure_pbe(game)
    for e in direct:
        assert e.is_pbe and e.is_pure
        _check_equilibrium(game, e)
    via_strategic_form = [game.equilibrium_from(e) for e in pure_equilibria(game.strategic_form())]
    expected = sorted(e.equilibrium.pure_profile for e in via_strategic_form if e.is_pbe)
    assert sorted(e.equilibrium.pure_profile for e in direct) == expected


@settings(max_examples=40)
@given(signaling_games(), st.data())
def test_two_type_belief_sets_are_exactly_the_supporting_beliefs(game, data):
    if len(game.types) != 2:
        return
    m = data.draw(st.integers(0, 1))
    r = data.draw(st.integers(0, len(game.responses) - 1))
    beliefs = game.belief_set(m, [r])
    for k in range(21):
        mu = (F(k, 20), 1 - F(k, 20))
        supported = r in _best_responses(game, m, mu)
        inside = not beliefs.is_empty and beliefs.interval(game.types[0])[0] <= mu[0] <= beliefs.interval(game.types[0])[1]
        assert supported is inside
    for vertex in beliefs.vertices:
        assert r in _best_responses(game, m, vertex)
    assert isinstance(beliefs, BeliefSet)


def test_zero_prior_type_must_still_best_respond():
    # Type 'Ghost' has prior 0; every pure PBE must still have it send a best message.
    game = SignalingGame(["Real", "Ghost"], [F(1), F(0)], ["m0", "m1"], ["r"],
                         [[[0], [1]], [[5], [0]]], [[[0], [0]], [[0], [0]]])
    for e in pure_pbe(game):
        assert e.sender_behaviour()["Ghost"]["m0"] == 1
    bad = [game.equilibrium_from(e) for e in pure_equilibria(game.strategic_form())]
    assert any(not e.is_pbe and "type 'Ghost'" in e.failures[0] for e in bad)
    assert list(itertools.chain(e.classification for e in pure_pbe(game))) == ["separating"]


def test_exact_game_solved_in_float_mode_uses_float_tolerances():
    result = beer_quiche().equilibria(exact=False)
    assert not result.solve_result.exact
    assert len(result.pbe) == len(result) == 4
    for e in result:
        assert e.tol > 0 and e.equilibrium.max_regret <= e.equilibrium.tol
        (message,) = [m for m, path in zip(e.game.messages, e.on_path) if not path]
        low, high = e.belief_sets[message].interval("Weak")
        assert math.isclose(low, 0.5, abs_tol=DEFAULT_TOL) and math.isclose(high, 1.0 if
               e.receiver_behaviour()[message]["Duel"] > 0.75 else 0.5, abs_tol=DEFAULT_TOL)
    assert sorted(e.intuitive_criterion().passes for e in result) == [False, False, True, True]


# ------------------------------------------------------------ the tree view
def test_the_game_tree_carries_the_payoffs_prior_and_information_sets():
    game = beer_quiche()
    tree = game.tree()
    assert tree is game.tree() and tree.players == ("Sender", "Receiver") and tree.is_exact
    assert tree.chance_probabilities(0) == (F(1, 10), F(9, 10))
    after_quiche = tree.infosets[tree.infoset_index("after Quiche")].nodes
    # One node per type, in type order; Weak after Quiche, then Not: (1 + 2, 0).
    assert len(after_quiche) == 2
    weak_not = tree.children(after_quiche[0])[1]
    assert tree.payoffs_at(weak_not) == (3, 0)
    assert not beer_quiche(0.1).tree().is_exact


def test_pbe_read_back_from_the_tree_name_their_concept():
    for e in pure_pbe(beer_quiche()):
        assert e.concept == "PBE (Bayes-consistent)"
    game = SignalingGame(["A", "B"], [F(1, 2), F(1, 2)], ["m1", "m2"], ["Good", "Bad"],
                         [[[1, 1], [2, 0]], [[1, 1], [2, 0]]], [[[1, 0], [1, 0]], [[1, 0], [1, 0]]])
    assert game.assess({"A": "m1", "B": "m1"}, {"m1": "Good", "m2": "Bad"}).concept is None
