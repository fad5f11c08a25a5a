"""The signalling package as a view over the tree engine, checked against an independent brute force and pygambit.

The brute force below works from the definition on the payoff tables alone: a
pure profile (a message per type, a response per message) is a PBE when every
type sends a best message, every on-path response is a best response to the
Bayes posterior, and some belief (an LP in scipy, not the engine's vertex
enumeration) makes every off-path response a best response.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.games.signaling import SignalingGame, pure_pbe
from gametheory.solvers.perfect_bayesian import PBE, perfect_bayesian_equilibria

from tree_helpers import from_gambit, gambit_profile, to_gambit

F = Fraction


def _supported_somewhere(game, m, r) -> bool:
    """Whether some belief over the types makes ``r`` a best response to ``m`` (scipy LP: max slack t)."""
    from scipy.optimize import linprog

    n_t = len(game.types)
    u = np.asarray(game.receiver_payoff, dtype=float)
    others = [k for k in range(len(game.responses)) if k != r]
    if not others:
        return True
    # Variables (mu_0..mu_{n-1}, t): maximise t subject to sum_t mu (u_r - u_k) >= t for every k.
    a_ub = [[-(u[t, m, r] - u[t, m, k]) for t in range(n_t)] + [1.0] for k in others]
    result = linprog([0.0] * n_t + [-1.0], A_ub=a_ub, b_ub=[0.0] * len(others),
                     A_eq=[[1.0] * n_t + [0.0]], b_eq=[1.0], bounds=[(0, None)] * n_t + [(None, None)],
                     method="highs")
    return result.status == 0 and -result.fun >= -1e-9


def brute_force_pure_pbe(game: SignalingGame) -> set:
    n_t, n_m, n_r = len(game.types), len(game.messages), len(game.responses)
    u_s, u_r, prior = game.sender_payoff, game.receiver_payoff, game.prior
    found = set()
    for plan in itertools.product(range(n_m), repeat=n_t):
        for response in itertools.product(range(n_r), repeat=n_m):
            if any(u_s[t, plan[t], response[plan[t]]] < max(u_s[t, m, response[m]] for m in range(n_m))
                   for t in range(n_t)):
                continue
            ok = True
            for m in range(n_m):
                senders = [t for t in range(n_t) if plan[t] == m and prior[t] > 0]
                if senders:
                    values = [sum(prior[t] * u_r[t, m, r] for t in senders) for r in range(n_r)]
                    ok = values[response[m]] == max(values)
                else:
                    ok = _supported_somewhere(game, m, response[m])
                if not ok:
                    break
            if ok:
                found.add((plan, response))
    return found


def _pure_key(e):
    return (tuple(int(np.argmax([p != 0 for p in row])) for row in e.sender),
            tuple(int(np.argmax([p != 0 for p in row])) for row in e.receiver))


def beer_quiche(p_weak=F(1, 10)):
    return SignalingGame(["Weak", "Strong"], [p_weak, 1 - p_weak], ["Beer", "Quiche"], ["Duel", "Not"],
                         [[[0, 2], [1, 3]], [[1, 3], [0, 2]]], [[[1, 0], [1, 0]], [[0, 1], [0, 1]]])


TEXTBOOK = [
    beer_quiche(),
    beer_quiche(F(1, 2)),
    beer_quiche(F(3, 5)),
    # Spence-style education signal: Costly costs Low 3, High 1; the employer accepts only High.
    SignalingGame(["Low", "High"], [F(1, 2), F(1, 2)], ["Cheap", "Costly"], ["Reject", "Accept"],
                  [[[0, 2], [-3, -1]], [[0, 2], [1, 3]]], [[[1, 0], [1, 0]], [[0, 1], [0, 1]]]),
    # Fearon (1997) sinking costs, two-type reduction (v_H = 10, v_L = 2, k = 4, m = 3).
    SignalingGame(["Resolved", "Irresolute"], [F(1, 2), F(1, 2)], ["Sink", "None"], ["Challenge", "Not"],
                  [[[6 - 3, 10 - 3], [6, 10]], [[0 - 3, 2 - 3], [0, 2]]], [[[-2, 0], [-2, 0]], [[3, 0], [3, 0]]]),
    SignalingGame(["a", "b", "c"], [F(1, 3), F(1, 3), F(1, 3)], ["m", "n"], ["x", "y", "z"],
                  [[[2, 0, 1], [1, 1, 0]], [[0, 2, 1], [1, 0, 2]], [[1, 1, 1], [2, 0, 0]]],
                  [[[3, 0, 1], [0, 2, 1]], [[0, 3, 1], [2, 0, 1]], [[1, 1, 2], [1, 1, 0]]]),
]


@pytest.mark.parametrize("game", TEXTBOOK, ids=lambda g: "/".join(g.types) + f":{g.prior[0]}")
def test_pure_pbe_equal_the_brute_force_on_textbook_games(game):
    assert {_pure_key(e) for e in pure_pbe(game)} == brute_force_pure_pbe(game)
    for e in pure_pbe(game):
        assert e.is_pbe and e.concept == PBE and e.equilibrium.regrets == (0, 0)


@st.composite
def signaling_games(draw):
    n_types = draw(st.integers(1, 3))
    n_messages = draw(st.integers(2, 3))
    n_responses = draw(st.integers(1, 3))
    weights = draw(st.lists(st.integers(0, 3), min_size=n_types, max_size=n_types).filter(lambda w: sum(w) > 0))
    prior = [F(w, sum(weights)) for w in weights]
    shape = (n_types, n_messages, n_responses)
    size = math.prod(shape)
    entries = st.lists(st.integers(-2, 2), min_size=size, max_size=size)
    sender = np.array(draw(entries), dtype=object).reshape(shape)
    receiver = np.array(draw(entries), dtype=object).reshape(shape)
    return SignalingGame([f"t{k}" for k in range(n_types)], prior, [f"m{k}" for k in range(n_messages)],
                         [f"r{k}" for k in range(n_responses)], sender, receiver)


def _check_random_game(game):
    found = pure_pbe(game)
    assert {_pure_key(e) for e in found} == brute_force_pure_pbe(game)
    keys = [(game.sender_plans.index(k[0]), game.receiver_plans.index(k[1])) for k in map(_pure_key, found)]
    assert keys == sorted(keys)  # sender plans, then receiver plans
    for e in found:
        assert e.equilibrium.regrets == (0, 0) and not e.failures


@settings(max_examples=10, deadline=None)
@given(signaling_games())
def test_pure_pbe_equal_the_brute_force_on_random_games(game):
    _check_random_game(game)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(signaling_games())
def test_pure_pbe_equal_the_brute_force_on_many_random_games(game):
    _check_random_game(game)


# ---------------------------------------------------------------- pygambit
gbt = pytest.importorskip("pygambit")


@pytest.mark.parametrize("game", TEXTBOOK[:5], ids=lambda g: "/".join(g.types) + f":{g.prior[0]}")
def test_every_pbe_is_nash_by_pygambit_and_pure_ones_are_agent_equilibria(game):
    """pygambit's regret of each PBE is 0; every pure PBE is among pygambit's pure agent-form equilibria,
    and each of those is either ours or fails the brute-force PBE test."""
    tree = game.tree()
    gambit = to_gambit(tree)
    result = perfect_bayesian_equilibria(tree)
    assert result.equilibria
    for e in result:
        assert Fraction(str(gambit_profile(gambit, tree, e.behavior).max_regret())) == 0
    ours = {tuple(e.behavior.tolist()) for e in result if e.is_pure}
    agent = gbt.nash.enumpure_agent_solve(gambit).equilibria
    theirs = {tuple(from_gambit(gambit, tree, p).tolist()) for p in agent}
    assert ours <= theirs
    brute = brute_force_pure_pbe(game)
    offsets = tree.action_offsets
    for key in theirs - ours:
        flat = list(key)
        senders = [tree.infoset_index(f"type {t}") for t in game.types]
        receivers = [tree.infoset_index(f"after {m}") for m in game.messages]
        plan = tuple(flat[offsets[h]:offsets[h + 1]].index(1) for h in senders)
        response = tuple(flat[offsets[h]:offsets[h + 1]].index(1) for h in receivers)
        assert (plan, response) not in brute
