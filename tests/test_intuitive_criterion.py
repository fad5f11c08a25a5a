"""Cho and Kreps' Intuitive Criterion on signalling trees, including responses followed by more moves."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from gametheory.games.extensive import build_tree, chance, decision, terminal
from gametheory.games.signaling import SignalingGame, pure_pbe
from gametheory.solvers.perfect_bayesian import PBE, perfect_bayesian_equilibria

F = Fraction


def beer_quiche_tree(p_weak=F(1, 10)):
    """Cho and Kreps (1987): +1 for the preferred breakfast (Weak: Quiche, Strong: Beer), +2 without a duel;
    the receiver gets 1 for dueling the Weak or sparing the Strong."""
    game = SignalingGame(["Weak", "Strong"], [p_weak, 1 - p_weak], ["Beer", "Quiche"], ["Duel", "Not"],
                         [[[0, 2], [1, 3]], [[1, 3], [0, 2]]], [[[1, 0], [1, 0]], [[0, 1], [0, 1]]])
    return game.tree()


def beer_quiche_with_continuation(p_weak=F(1, 10)):
    """The same game where the duel is a lottery (a bloody or a short fight, 1/2 each, with the same means)
    and, after Not, the receiver moves again, not knowing the type: Ignore (the old payoffs) or Taunt
    (one less for both)."""
    def sender(weak: bool):
        messages = {}
        for message in ("Beer", "Quiche"):
            breakfast = int((message == "Quiche") == weak)
            duel_value = 1 if weak else 0
            messages[message] = decision("Receiver", {
                "Duel": chance({"bloody": ("1/2", terminal(breakfast - 1, duel_value + 2)),
                                "short": ("1/2", terminal(breakfast + 1, duel_value - 2))}),
                "Not": decision("Receiver", {"Ignore": terminal(breakfast + 2, 1 - duel_value),
                                             "Taunt": terminal(breakfast + 1, -duel_value)},
                                infoset=f"after {message}, Not"),
            }, infoset=f"after {message}")
        return decision("Sender", messages, infoset="type Weak" if weak else "type Strong")

    return build_tree(chance({"Weak": (p_weak, sender(True)), "Strong": (1 - p_weak, sender(False))}),
                      players=["Sender", "Receiver"])


def _pooled_on(tree, e) -> str:
    h = tree.infoset_index("type Weak")
    block = e.behavior[tree.action_offsets[h]:tree.action_offsets[h + 1]].tolist()
    return tree.infoset_actions[h][block.index(1)]


def _tests(tree):
    result = {}
    for e in perfect_bayesian_equilibria(tree, mixed=False):
        assert e.concept == PBE and all(g == 0 for g in e.gaps)
        (test,) = e.intuitive_criterion()
        result[_pooled_on(tree, e)] = (test.message, test.dominated, test.remaining, test.responses, test.breaking,
                                       test.passes)
    return result


def test_beer_quiche_quiche_pooling_fails_and_beer_pooling_survives():
    """Cho and Kreps (1987), section IV."""
    assert _tests(beer_quiche_tree()) == {
        "Beer": ("Quiche", ("Strong",), ("Weak",), ("Duel",), (), True),
        "Quiche": ("Beer", ("Weak",), ("Strong",), ("Not",), ("Strong",), False),
    }


def test_criterion_with_a_lottery_duel_and_a_later_receiver_move_gives_the_same_verdicts():
    """Responses become the receiver's continuation plans (response / later choice); the verdicts and the
    dominated types are those of the plain game."""
    tree = beer_quiche_with_continuation()
    assert _tests(tree) == {
        # At a belief on Weak only, dueling is optimal; what it would do after Not is then free.
        "Beer": ("Quiche", ("Strong",), ("Weak",), ("Duel/Ignore", "Duel/Taunt"), (), True),
        "Quiche": ("Beer", ("Weak",), ("Strong",), ("Not/Ignore",), ("Strong",), False),
    }


@pytest.mark.parametrize("p_weak", [F(1, 10), F(2, 5)])
def test_continuation_tree_has_the_pbe_of_the_plain_game(p_weak):
    plain = perfect_bayesian_equilibria(beer_quiche_tree(p_weak), mixed=False)
    longer = perfect_bayesian_equilibria(beer_quiche_with_continuation(p_weak), mixed=False)
    assert sorted(e.payoffs for e in plain) == sorted(e.payoffs for e in longer)
    assert [e.passes_intuitive_criterion() for e in plain] == [e.passes_intuitive_criterion() for e in longer]


def test_the_signalling_package_agrees_with_the_tree():
    game = SignalingGame(["Weak", "Strong"], [F(1, 10), F(9, 10)], ["Beer", "Quiche"], ["Duel", "Not"],
                         [[[0, 2], [1, 3]], [[1, 3], [0, 2]]], [[[1, 0], [1, 0]], [[0, 1], [0, 1]]])
    beer, quiche = pure_pbe(game)
    assert beer.intuitive_criterion().passes and not quiche.intuitive_criterion().passes
    assert beer.intuitive_criterion().tests[0].responses == ("Duel",)


def test_float_mode_gives_the_same_verdicts():
    tree = beer_quiche_with_continuation().as_float()
    verdicts = {_pooled_on(tree, e): e.passes_intuitive_criterion()
                for e in perfect_bayesian_equilibria(tree, mixed=False)}
    assert verdicts == {"Beer": True, "Quiche": False}


def test_where_the_criterion_is_not_defined_the_error_says_why():
    # The sender moves again after the receiver's response.
    tree = build_tree(chance({
        t: (F(1, 2), decision("S", {m: decision("R", {
            "Fight": decision("S", {"Stay": terminal(1 if t == "A" else 0, 0), "Flee": terminal(0, 1)},
                              infoset=f"{t} {m} fight"),
            "Peace": terminal(2, 1 if t == "B" else 0)}, infoset=f"after {m}") for m in ("x", "y")},
            infoset=f"type {t}")) for t in ("A", "B")}), players=["S", "R"])
    e = perfect_bayesian_equilibria(tree, mixed=False)[0]
    with pytest.raises(ValueError, match=r"only the receiver and chance move after the message; player 'S' moves at"):
        e.intuitive_criterion()
    # Not a signalling tree at all.
    plain = build_tree(decision("A", {"x": terminal(1, 1), "y": terminal(0, 0)}))
    (only,) = perfect_bayesian_equilibria(plain, mixed=False)
    with pytest.raises(ValueError, match="not a signalling tree: the root is not nature's draw"):
        only.intuitive_criterion()
    assert np.asarray(only.behavior).tolist() == [1, 0]
