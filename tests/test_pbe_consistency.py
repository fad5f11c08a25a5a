"""Perfect Bayesian equilibrium with beliefs pinned by Bayes' rule off the path, the pruned search and its budget."""

from __future__ import annotations

import itertools
import time
from fractions import Fraction

import numpy as np
import pytest

from gametheory.games.extensive import build_tree, chance, decision, terminal
from gametheory.games.extensive.conversions import pure_behavior
from gametheory.games.extensive.equilibrium import subgame_regrets
from gametheory.solvers.perfect_bayesian import (
    PBE,
    WEAK_PBE,
    BeliefRegion,
    assess_pbe,
    pbe_work_estimate,
    perfect_bayesian_equilibria,
)
from gametheory.solvers.subgame_perfection import solve_tree

from tree_helpers import random_tree

F = Fraction


def entry_with_simultaneous_fight():
    """Mas-Colell, Whinston and Green (1995), Fig. 9.C.5-style: the entrant stays Out (0, 2) or enters;
    after In it chooses Fight or Accommodate, and the incumbent, not seeing that choice, does too."""
    return build_tree(decision("Entrant", {
        "Out": terminal(0, 2),
        "In": decision("Entrant", {
            "F": decision("Incumbent", {"f": terminal(-3, -1), "a": terminal(1, -2)}, infoset="incumbent"),
            "A": decision("Incumbent", {"f": terminal(-2, -1), "a": terminal(3, 1)}, infoset="incumbent"),
        }, infoset="entrant after In"),
    }), players=["Entrant", "Incumbent"])


def uninformed_entry():
    """Nature picks the market (L 1/3, R 2/3); neither player sees it. Player 1 stays Out (1, 0) or enters;
    player 2 answers a or b without seeing the market. There is no proper subgame."""
    def market(b_pays, a_pays):
        return decision("P1", {"Out": terminal(1, 0),
                               "In": decision("P2", {"a": terminal(0, a_pays), "b": terminal(2, b_pays)},
                                              infoset="P2")}, infoset="P1")
    return build_tree(chance({"L": ("1/3", market(0, 1)), "R": ("2/3", market(1, 0))}), players=["P1", "P2"])


def selten_horse():
    return build_tree(decision("1", {
        "A": decision("2", {"a": terminal(1, 1, 1),
                            "d": decision("3", {"L": terminal(4, 4, 0), "R": terminal(1, 1, 1)}, infoset="3")}),
        "D": decision("3", {"L": terminal(3, 2, 2), "R": terminal(0, 0, 0)}, infoset="3")}))


def _choices(tree, e):
    return {tree.infoset_labels[h] or str(h): tree.infoset_actions[h][int(np.argmax(
        [p != 0 for p in e.behavior[tree.action_offsets[h]:tree.action_offsets[h + 1]].tolist()]))]
        for h in range(tree.n_infosets)}


# ---------------------------------------------------------------- textbook
def test_weak_pbe_keeps_a_non_credible_fight_that_pbe_rules_out():
    tree = entry_with_simultaneous_fight()
    weak = perfect_bayesian_equilibria(tree, weak=True, mixed=False)
    strong = perfect_bayesian_equilibria(tree, mixed=False)
    weak_choices = [(_choices(tree, e), e.concept) for e in weak]
    # Out, with Accommodate planned after In, and the incumbent fighting on the belief that the entrant fought.
    out = {"entrant after In": "A", "incumbent": "f", "0": "Out"}
    assert ({**out}, WEAK_PBE) in [({k: v for k, v in c.items()}, concept) for c, concept in weak_choices]
    (only,) = strong
    assert _choices(tree, only) == {"0": "In", "entrant after In": "A", "incumbent": "a"}
    assert only.concept == PBE and only.payoffs == (3, 1) and all(g == 0 for g in only.gaps)
    # Certificate of the weak one: its free belief region is P(after F) >= 2/3, gaps 0.
    (kept,) = [e for e in weak if e.concept == WEAK_PBE]
    region = kept.belief_at("incumbent")
    assert isinstance(region, BeliefRegion) and region.interval(0) == (F(2, 3), 1)
    assert all(g == 0 for g in kept.gaps)
    # Why the stronger notion rejects it: after In the entrant accommodates, so Bayes' rule pins the
    # incumbent's belief on Accommodate, where fighting loses 2.
    equilibrium, failures = assess_pbe(tree, kept.behavior)
    assert equilibrium is None
    assert failures == ("at information set 2 (after In, F, off path, belief pinned by Bayes' rule) "
                        "player 'Incumbent' gains 2 by deviating",)
    # The stronger notion gives exactly the subgame-perfect equilibria here.
    spe = solve_tree(tree, "spe")
    assert [e.behavior.tolist() for e in spe] == [only.behavior.tolist()]


def test_bayes_rule_pins_beliefs_after_an_uninformed_deviation_without_subgames():
    """Player 1 cannot condition on the market, so after its off-path In player 2 must keep the prior
    (1/3, 2/3) and answer b; the weak PBE where 2 answers a (believing L) is ruled out."""
    tree = uninformed_entry()
    weak = perfect_bayesian_equilibria(tree, weak=True, mixed=False)
    strong = perfect_bayesian_equilibria(tree, mixed=False)
    assert sorted((c["P1"], c["P2"], e.concept) for e in weak for c in [_choices(tree, e)]) == [
        ("In", "b", PBE), ("Out", "a", WEAK_PBE)]
    (e,) = strong
    assert _choices(tree, e) == {"P1": "In", "P2": "b"} and e.concept == PBE
    bad = pure_behavior(tree, {"P1": "Out", "P2": "a"})
    equilibrium, failures = assess_pbe(tree, bad)
    assert equilibrium is None and "off path, belief pinned by Bayes' rule) player 'P2' gains 1/3" in failures[0]
    ok, _ = assess_pbe(tree, bad, weak=True)
    assert ok.concept == WEAK_PBE and ok.belief_at("P2").interval(0) == (F(1, 2), 1)
    # No proper subgame: subgame perfection alone cannot tell the two apart.
    assert solve_tree(tree, "spe").equilibria and len(solve_tree(tree, "nash")) >= 2


def test_selten_horse_belief_stays_free_when_two_deviations_compete():
    """Reaching player 3 takes a deviation by player 1 (D) or by player 2 (d): their ratio is free,
    so (A, a, R) stays a PBE with P(after D) <= 1/3 (it is a sequential equilibrium)."""
    tree = selten_horse()
    result = perfect_bayesian_equilibria(tree, mixed=False)
    assert [e.nested for e in result] == [(((1, 0),), ((1, 0),), ((0, 1),)), (((1, 0),), ((0, 1),), ((0, 1),))]
    e = result[0]
    assert e.concept == PBE and not e.pinned[2] and e.belief_at("3").interval(0) == (0, F(1, 3))
    assert e.to_dict()["concept"] == PBE


def test_pinned_off_path_belief_is_reported():
    tree = uninformed_entry()
    (e,) = perfect_bayesian_equilibria(tree, mixed=False)
    assert e.belief_at("P2") == (F(1, 3), F(2, 3)) and e.on_path[1] and e.pinned == (True, True)
    # Out is on the path of no PBE; after a deviation the pinned belief is the prior.
    weak = [x for x in perfect_bayesian_equilibria(tree, weak=True, mixed=False) if x.concept == WEAK_PBE]
    assert not weak[0].on_path[1] and not weak[0].pinned[1]


# ---------------------------------------------------------------- random trees
def _brute_force(tree, weak: bool):
    counts = [len(a) for a in tree.infoset_actions]
    found = []
    for combo in itertools.product(*(range(k) for k in counts)):
        flat = pure_behavior(tree, {h: tree.infoset_actions[h][a] for h, a in enumerate(combo)})
        equilibrium, _ = assess_pbe(tree, flat, weak=weak)
        if equilibrium is not None:
            found.append(tuple(flat.tolist()))
    return found


def _small_random_tree(seed: int, budget: int):
    rng = np.random.default_rng(seed)
    tree = random_tree(rng, depth=3, payoff_range=3)
    while pbe_work_estimate(tree) > budget:
        tree = random_tree(rng, depth=3, payoff_range=3)
    return tree


@pytest.mark.parametrize("seed, budget", [(seed, 100) for seed in (0, 1, 2, 3, 5, 6, 7, 9)]
                         + [pytest.param(seed, 100, marks=pytest.mark.slow) for seed in (4, 8)]
                         + [pytest.param(seed, 3000, marks=pytest.mark.slow) for seed in range(10, 16)])
def test_pruned_search_equals_brute_force_and_pbe_are_subgame_perfect(seed, budget):
    tree = _small_random_tree(seed, budget)
    for weak in (True, False):
        searched = [tuple(e.behavior.tolist()) for e in perfect_bayesian_equilibria(tree, weak=weak, mixed=False)]
        assert searched == _brute_force(tree, weak)
    strong = perfect_bayesian_equilibria(tree, mixed=False)
    weak = perfect_bayesian_equilibria(tree, weak=True, mixed=False)
    strong_keys = {tuple(e.behavior.tolist()) for e in strong}
    assert strong_keys <= {tuple(e.behavior.tolist()) for e in weak}
    for e in weak:
        assert (e.concept == PBE) is (tuple(e.behavior.tolist()) in strong_keys)
    for e in strong:
        # Every PBE is a weak PBE of every subgame, hence a Nash equilibrium there: zero regret in each subgame.
        regrets = subgame_regrets(tree, e.behavior)[1]
        assert np.all(np.asarray(regrets, dtype=object) == 0)
        assert all(g == 0 for g in e.gaps)


def test_work_budget_refuses_with_the_option_that_lifts_it():
    tree = entry_with_simultaneous_fight()
    assert pbe_work_estimate(tree) == 8
    with pytest.raises(ValueError, match=r"8 pure behaviour profiles.*max_profiles=3.*max_profiles=None"):
        perfect_bayesian_equilibria(tree, max_profiles=3)
    assert len(perfect_bayesian_equilibria(tree, max_profiles=None, mixed=False)) == 1


def follow_up_signalling():
    """3 types x 2 messages x 3 responses; after a Challenge the defender (knowing its type) fights or
    yields: 2^3 * 3^2 * 2^6 = 4,608 pure profiles."""
    types = {"High": (F(1, 3), 10), "Mid": (F(1, 3), 5), "Low": (F(1, 3), 2)}
    moves = {}
    for t, (p, value) in types.items():
        messages = {}
        for m, cost in (("Sink", 3), ("None", 0)):
            responses = {
                "Challenge": decision("Defender", {"Fight": terminal(value - 4 - cost, 4 - value),
                                                   "Yield": terminal(-cost, 3)}, infoset=f"{t} {m} challenged"),
                "Probe": terminal(value // 2 - cost, 1),
                "Not": terminal(value - cost, 0),
            }
            messages[m] = decision("Challenger", responses, infoset=f"after {m}")
        moves[t] = (p, decision("Defender", messages, infoset=f"type {t}"))
    return build_tree(chance(moves), players=["Defender", "Challenger"])


def test_search_on_4608_profiles_is_quick_and_certified():
    tree = follow_up_signalling()
    assert pbe_work_estimate(tree) == 4608
    start = time.perf_counter()
    result = perfect_bayesian_equilibria(tree, mixed=False)
    elapsed = time.perf_counter() - start
    assert elapsed < 20  # checking every profile one by one took minutes
    assert len(result) == 2
    for e in result:
        assert e.concept == PBE and all(g == 0 for g in e.gaps)
        # The defender fights when challenged exactly when its value exceeds 4 (High, Mid), whatever it sent.
        choices = _choices(tree, e)
        assert [choices[f"{t} {m} challenged"] for t in ("High", "Mid", "Low") for m in ("Sink", "None")] == [
            "Fight", "Fight", "Fight", "Fight", "Yield", "Yield"]
    with pytest.raises(ValueError, match="player 'Defender' moves at"):
        result[0].intuitive_criterion()
    # Its sequence form (19 x 7 sequences) is above the mixed search's budget: refused, naming the options.
    with pytest.raises(ValueError, match=r"19 x 7 = 133 sequence pairs.*max_sequence_pairs=64; pass mixed=False"):
        perfect_bayesian_equilibria(tree)


# ------------------------------------------------- pinned beliefs are limits of trembles
def _tremble_trees():
    yield "selten_horse", selten_horse()
    yield "entry", entry_with_simultaneous_fight()
    yield "uninformed_entry", uninformed_entry()
    for seed in range(8):
        yield f"random{seed}", random_tree(np.random.default_rng(1000 + seed), depth=4, payoff_range=3)


@pytest.mark.parametrize("name, tree", list(_tremble_trees()), ids=lambda x: x if isinstance(x, str) else "")
def test_pinned_beliefs_are_the_limit_of_every_tremble_sequence(name, tree):
    """Kreps-Wilson consistency: along any fully mixed perturbation converging to the profile (trembles of
    random sizes and orders, eps * w or eps^2 * w), Bayes' rule converges to each pinned belief."""
    from gametheory.solvers._pbe_beliefs import pinned_beliefs, reach

    rng = np.random.default_rng(7)
    counts = [len(a) for a in tree.infoset_actions]
    offsets = tree.action_offsets
    float_tree = tree.as_float()
    if pbe_work_estimate(tree) <= 64:
        profiles = list(itertools.product(*(range(k) for k in counts)))
    else:
        profiles = [[int(rng.integers(0, k)) for k in counts] for _ in range(30)]
    checked = 0
    for choice in profiles:
        flat = pure_behavior(tree, {h: tree.infoset_actions[h][a] for h, a in enumerate(choice)})
        pinned = pinned_beliefs(tree, flat, reach(tree, flat), F(0))
        for _ in range(4):
            eps = 1e-5
            trembled = np.zeros(int(offsets[-1]))
            for h, a in enumerate(choice):
                block = eps ** rng.integers(1, 3, size=counts[h]) * rng.uniform(0.2, 5.0, size=counts[h])
                block[a] = 0.0
                block[a] = 1.0 - block.sum()
                trembled[int(offsets[h]):int(offsets[h + 1])] = block
            reached = reach(float_tree, trembled)
            for h, mu in enumerate(pinned):
                if mu is None:
                    continue
                nodes = list(tree.infosets[h].nodes)
                total = sum(reached[v] for v in nodes)
                limit = [reached[v] / total for v in nodes]
                assert max(abs(float(m) - x) for m, x in zip(mu, limit)) < 1e-3, (h, mu, limit)
                checked += 1
    assert checked > 0
