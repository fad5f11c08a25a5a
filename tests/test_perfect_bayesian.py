"""Tests for perfect Bayesian equilibria of trees (gametheory.solvers.perfect_bayesian)."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.games.extensive import build_tree, chance, decision, terminal
from gametheory.games.extensive.conversions import reach_probabilities
from gametheory.games.signaling import SignalingGame, pure_pbe
from gametheory.solvers.perfect_bayesian import (
    PBE,
    BeliefRegion,
    assess_pbe,
    belief_region,
    perfect_bayesian_equilibria,
    signaling_structure,
)

F = Fraction


def signaling_tree(game: SignalingGame):
    """The tree of a SignalingGame: nature draws the type, the sender sends, the receiver responds."""
    sender, receiver = game.players
    moves = {}
    for t, label in enumerate(game.types):
        messages = {}
        for m, message in enumerate(game.messages):
            messages[message] = decision(receiver, {
                r: terminal(game.sender_payoff[t, m, k], game.receiver_payoff[t, m, k])
                for k, r in enumerate(game.responses)}, infoset=f"after {message}")
        moves[label] = (game.prior[t], decision(sender, messages, infoset=f"type {label}"))
    return build_tree(chance(moves), players=[sender, receiver])


def beer_quiche(p_weak=F(1, 10)) -> SignalingGame:
    return SignalingGame(["Weak", "Strong"], [p_weak, 1 - p_weak], ["Beer", "Quiche"], ["Duel", "Not"],
                         [[[0, 2], [1, 3]], [[1, 3], [0, 2]]], [[[1, 0], [1, 0]], [[0, 1], [0, 1]]])


def sunk_cost(signal_cost, v_high=10, v_low=2, war_cost=4, gain=3, challenger_war_cost=2):
    sender = [[[max(v - war_cost, 0) - m, v - m] for m in (signal_cost, 0)] for v in (v_high, v_low)]
    receiver = [[[gain if v < war_cost else -challenger_war_cost, 0] for _ in range(2)] for v in (v_high, v_low)]
    return SignalingGame(["Resolved", "Irresolute"], [F(1, 2), F(1, 2)], ["Sink", "None"], ["Challenge", "Not"],
                         sender, receiver, players=("Defender", "Challenger"))


def _as_tables(tree, e):
    """Sender table [t][m] and receiver table [m][r] of a PBE in a signalling tree."""
    s = signaling_structure(tree)
    offsets = tree.action_offsets
    sender = [list(e.behavior[offsets[tree.node_infoset[v]]:offsets[tree.node_infoset[v] + 1]]) for v in s.sender_nodes]
    receiver = [list(e.behavior[offsets[h]:offsets[h + 1]]) for h in s.receiver_infosets]
    return sender, receiver


def _key(sender, receiver):
    return tuple(tuple(row) for row in sender), tuple(tuple(row) for row in receiver)


# ------------------------------------------------------------ textbook pins
def test_beer_quiche_two_pooling_pbe_and_the_intuitive_criterion():
    tree = signaling_tree(beer_quiche())
    result = perfect_bayesian_equilibria(tree)
    pure = [e for e in result if e.is_pure]
    assert [e.classification for e in pure] == ["pooling", "pooling"]
    verdicts = {}
    for e in pure:
        sender, receiver = _as_tables(tree, e)
        pooled_on = "Beer" if sender[0][0] == 1 else "Quiche"
        verdicts[pooled_on] = e.passes_intuitive_criterion()
        off = tree.infoset_index("after Quiche" if pooled_on == "Beer" else "after Beer")
        region = e.beliefs[off]
        assert isinstance(region, BeliefRegion)
        # The receiver duels off the path iff P(Weak) >= 1/2 (the Weak node comes first).
        assert region.interval(0) == (F(1, 2), 1)
        assert all(g == 0 for g in e.gaps)
    assert verdicts == {"Beer": True, "Quiche": False}


def test_selten_horse_pbe_and_belief_interval():
    horse = build_tree(decision("1", {
        "A": decision("2", {"a": terminal(1, 1, 1),
                            "d": decision("3", {"L": terminal(4, 4, 0), "R": terminal(1, 1, 1)}, infoset="3")}),
        "D": decision("3", {"L": terminal(3, 2, 2), "R": terminal(0, 0, 0)}, infoset="3")}))
    result = perfect_bayesian_equilibria(horse)
    assert result.complete
    # Player 2 is indifferent after A when player 3 plays R: (A, a, R) and (A, d, R).
    assert [e.nested for e in result] == [(((1, 0),), ((1, 0),), ((0, 1),)), (((1, 0),), ((0, 1),), ((0, 1),))]
    e, on_path = result
    assert on_path.belief_at("3") == (0, 1)
    region = e.belief_at("3")
    assert [horse.node_name(v) for v in region.nodes] == ["after D", "after A, d"]
    assert region.interval(0) == (0, F(1, 3))
    # (D, a, L) is Nash but player 2's a is not sequentially rational.
    equilibrium, failures = assess_pbe(horse, [[[0, 1]], [[1, 0]], [[1, 0]]])
    assert equilibrium is None and "player '2' gains 3 by deviating" in failures[0]
    # Under the weak notion the singleton set's belief is free, and still no belief helps.
    equilibrium, failures = assess_pbe(horse, [[[0, 1]], [[1, 0]], [[1, 0]]], weak=True)
    assert equilibrium is None and "no belief makes player '2'" in failures[0]


def test_job_market_screening_is_separating():
    """The employer offers a menu (a high contract with a cost that only the able find worth it, and a low
    one) or a single wage; nature then draws the worker's ability; the worker picks a contract or refuses."""
    def worker(ability, menu):
        cost = 1 if ability == "High" else 5
        value = 12 if ability == "High" else 4
        if menu:
            return decision("Worker", {"HighContract": terminal(value - 8, 8 - cost),
                                       "LowContract": terminal(value - 4, 4),
                                       "Refuse": terminal(0, 0)}, infoset=f"{ability} menu")
        return decision("Worker", {"Accept": terminal(value - 7, 7), "Refuse": terminal(0, 0)},
                        infoset=f"{ability} single")

    tree = build_tree(decision("Employer", {
        offer: chance({"High": ("1/2", worker("High", offer == "Menu")), "Low": ("1/2", worker("Low", offer == "Menu"))})
        for offer in ("Menu", "Single")}), players=["Employer", "Worker"])
    result = perfect_bayesian_equilibria(tree)
    pure = [e for e in result if e.is_pure]
    assert len(pure) == 1
    (e,) = pure
    assert e.payoffs == (2, F(11, 2))
    assert e.classification == "separating"
    assert all(g == 0 for g in e.gaps)


def test_hybrid_equilibrium_of_beer_quiche_at_a_high_weak_prior():
    """With P(Weak) = 3/5 no pooling PBE exists; the Weak type mixes so that the receiver is indifferent."""
    game = beer_quiche(F(3, 5))
    tree = signaling_tree(game)
    result = perfect_bayesian_equilibria(tree)
    assert result.equilibria
    assert all(e.classification == "hybrid" for e in result)
    for e in result:
        sender, receiver = _as_tables(tree, e)
        assert sender[1] == [1, 0]          # Strong drinks beer
        assert sender[0] == [F(2, 3), F(1, 3)]  # Weak mixes: 3/5 b / (3/5 b + 2/5) = 1/2 after Beer
        beer = e.belief_at("after Beer")
        assert beer == (F(1, 2), F(1, 2))
        assert all(g == 0 for g in e.gaps)


# --------------------------------------------- the signalling package reads the same equilibria back
SIGNALLING_GAMES = [
    beer_quiche(),
    beer_quiche(F(1, 2)),
    sunk_cost(3),
    sunk_cost(1),
    sunk_cost(5),
    SignalingGame(["Low", "High"], [F(1, 2), F(1, 2)], ["Cheap", "Costly"], ["Reject", "Accept"],
                  [[[0, 2], [-3, -1]], [[0, 2], [1, 3]]], [[[1, 0], [1, 0]], [[0, 1], [0, 1]]]),
    SignalingGame(["a", "b", "c"], [F(1, 3), F(1, 3), F(1, 3)], ["m", "n"], ["x", "y", "z"],
                  [[[2, 0, 1], [1, 1, 0]], [[0, 2, 1], [1, 0, 2]], [[1, 1, 1], [2, 0, 0]]],
                  [[[3, 0, 1], [0, 2, 1]], [[0, 3, 1], [2, 0, 1]], [[1, 1, 2], [1, 1, 0]]]),
]


@pytest.mark.parametrize("game", SIGNALLING_GAMES, ids=lambda g: "/".join(g.types) + ":" + "/".join(g.messages))
def test_pure_pbe_belief_sets_and_intuitive_criterion_match_signaling_module(game):
    tree = signaling_tree(game)
    ours = {}
    for e in perfect_bayesian_equilibria(tree, mixed=False):
        sender, receiver = _as_tables(tree, e)
        ours[_key(sender, receiver)] = e
    theirs = {}
    for e in pure_pbe(game):
        theirs[_key(e.sender.tolist(), e.receiver.tolist())] = e
    assert set(ours) == set(theirs)
    s = signaling_structure(tree)
    for key, mine in ours.items():
        other = theirs[key]
        assert mine.classification == other.classification
        for m, message in enumerate(game.messages):
            h = s.receiver_infosets[m]
            if message in other.belief_sets:
                region = mine.beliefs[h]
                assert isinstance(region, BeliefRegion)
                # Our nodes are in type order (level order of the tree), as are the module's types.
                assert sorted(region.vertices) == sorted(other.belief_sets[message].vertices)
            else:
                assert tuple(mine.beliefs[h]) == tuple(other.beliefs[m])
        assert mine.passes_intuitive_criterion() == other.intuitive_criterion().passes
        for a, b in zip(mine.intuitive_criterion(), other.intuitive_criterion().tests):
            assert (a.message, a.dominated, a.remaining, a.responses, a.breaking) == \
                (b.message, b.dominated, b.remaining, b.responses, b.breaking)


def test_mixed_pbe_are_pbe_for_signaling_module():
    game = beer_quiche(F(3, 5))
    tree = signaling_tree(game)
    for e in perfect_bayesian_equilibria(tree):
        sender, receiver = _as_tables(tree, e)
        check = game.assess(np.array(sender, dtype=object), np.array(receiver, dtype=object))
        assert check.is_pbe


# ------------------------------------------------------------ properties
@st.composite
def signalling_games(draw):
    n_types = draw(st.integers(2, 3))
    n_messages = draw(st.integers(2, 2))
    n_responses = draw(st.integers(2, 3))
    weights = draw(st.lists(st.integers(1, 5), min_size=n_types, max_size=n_types))
    prior = [F(w, sum(weights)) for w in weights]
    values = st.integers(-3, 3)
    shape = (n_types, n_messages, n_responses)
    u_s = np.array(draw(st.lists(values, min_size=int(np.prod(shape)), max_size=int(np.prod(shape)))), dtype=object).reshape(shape)
    u_r = np.array(draw(st.lists(values, min_size=int(np.prod(shape)), max_size=int(np.prod(shape)))), dtype=object).reshape(shape)
    return SignalingGame([f"t{k}" for k in range(n_types)], prior, [f"m{k}" for k in range(n_messages)],
                         [f"r{k}" for k in range(n_responses)], u_s, u_r)


@settings(max_examples=30, deadline=None)
@given(signalling_games())
def test_random_signalling_games_pbe_certified_with_bayes_beliefs(game):
    tree = signaling_tree(game)
    result = perfect_bayesian_equilibria(tree)
    pure_ours = {_key(*_as_tables(tree, e)) for e in result if e.is_pure}
    pure_theirs = {_key(e.sender.tolist(), e.receiver.tolist()) for e in pure_pbe(game)}
    assert pure_ours == pure_theirs
    for e in result:
        assert all(g == 0 for g in e.gaps)
        reach = reach_probabilities(tree, e.behavior)
        for h, belief in enumerate(e.beliefs):
            nodes = tree.infosets[h].nodes
            if isinstance(belief, BeliefRegion):
                assert not e.on_path[h] and sum(reach[v] for v in nodes) == 0
                assert not belief.is_empty
                for vertex in belief.vertices:
                    assert all(p >= 0 for p in vertex) and sum(vertex) == 1
                    assert belief.contains(vertex)
            else:
                total = sum(reach[v] for v in nodes)
                assert total > 0 and sum(belief) == 1
                assert list(belief) == [reach[v] / total for v in nodes]
        data = json.loads(json.dumps(e.to_dict()))
        assert set(data) >= {"behavior", "payoffs", "path", "beliefs", "classification", "concept"}
        # No off-path belief of a signalling tree is pinned: weak PBE and PBE coincide.
        assert e.concept == data["concept"] == PBE
        assert all(p == e.on_path[h] for h, p in enumerate(e.pinned))


def test_float_mode_and_errors():
    tree = signaling_tree(beer_quiche())
    floats = perfect_bayesian_equilibria(tree, exact=False, mixed=False)
    assert len(floats) == 2 and all(max(e.gaps) <= 1e-9 for e in floats)
    region = floats[0].beliefs[tree.infoset_index("after Quiche")]
    low, high = region.interval(0)
    assert abs(low - 0.5) < 1e-9 and abs(high - 1) < 1e-9
    with pytest.raises(ValueError, match="not a signalling tree"):
        signaling_structure(build_tree(decision("A", {"x": terminal(1, 1), "y": terminal(0, 0)})))
    with pytest.raises(TypeError, match="GameTree"):
        perfect_bayesian_equilibria("tree")
    with pytest.raises(ValueError, match="max_profiles"):
        perfect_bayesian_equilibria(tree, max_profiles=3)
    from gametheory.solvers.tree_concepts import solve_tree_by_concept

    assert len(solve_tree_by_concept(tree, "pbe", weak=True, mixed=False)) == 2
    with pytest.raises(TypeError, match="unknown option"):
        solve_tree_by_concept(tree, "pbe", weakly=True)
    with pytest.raises(TypeError, match="apply to concept 'pbe' only"):
        solve_tree_by_concept(tree, "spe", weak=True)
    with pytest.raises(ValueError, match="information set"):
        belief_region(tree, floats[0].behavior, "nowhere")
