"""Pinned results of the perfect-deterrence tree (models/perfect_deterrence.toml).

Source: Zagare and Kilgour (2000), Perfect Deterrence (Cambridge UP), Part II:
the Generalized Mutual Deterrence Game with incomplete information about each
player's credibility; the status quo is an equilibrium when each player's
credibility reaches the other's threshold (u_j(DC) - u_j(SQ))/(u_j(DC) -
u_j(DD)) (also Kilgour and Zagare 1991, AJPS 35(2): 305-334). With our linear
payoffs (u(DC) = g_i, u(SQ) = 0, u(DD) = -k) and v_S < k < v_H:

- the status quo is a perfect Bayesian equilibrium iff p_2 >= g_1/(g_1 + k)
  and p_1 >= g_2/(g_2 + k) (1/3 each at the defaults);
- only high-stake (hard) players retaliate, so a challenge is met by conflict
  with probability equal to the challenged player's resolve;
- once k > v_H no threat is credible and the status quo is never an
  equilibrium; once k < v_S every threat is and it is one at any resolve.

Every equilibrium is certified with zero gap at every information set, exactly.
"""

from fractions import Fraction
from functools import lru_cache

import pytest

from gametheory.model import load_model
from gametheory.model.kinds.tree import reached_outcomes
from gametheory.study.sweep.trees import solve_tree_model

from model_helpers import default_sweep, independent_comparisons, pbe_plays

KEY = "perfect_deterrence"
MODEL = load_model(KEY)
STATUS_QUO = set(MODEL.outcomes["status_quo"])


@lru_cache(maxsize=None)
def _plays(**values) -> tuple[dict, ...]:
    """The play of every PBE at the values (each certified: zero gap at every information set, exactly)."""
    return tuple(pbe_plays(MODEL, **values))


def _status_quo_is_an_equilibrium(**values) -> bool:
    return any(set(play) <= STATUS_QUO for play in _plays(**values))


def _holds(values) -> bool:
    """Zagare and Kilgour's condition for these payoffs: p_2 >= g_1/(g_1 + k) and p_1 >= g_2/(g_2 + k)."""
    v = {k: Fraction(x) for k, x in {**MODEL.defaults, **values}.items()}
    k = v["conflict_cost"]
    return v["resolve_2"] >= v["gain_1"] / (v["gain_1"] + k) and v["resolve_1"] >= v["gain_2"] / (v["gain_2"] + k)


def test_the_model_is_a_tree_with_two_sided_private_types_judged_by_pbe():
    assert MODEL.kind == "tree" and MODEL.solution_concept == "pbe"
    tree = MODEL.tree()
    assert tree.players == ("Player 1", "Player 2") and tree.has_chance
    assert len(tree.terminals) == 16  # four pairs of types, four plays each (Player 1's last answer folded in)


@pytest.mark.parametrize("values", [
    {"resolve_2": Fraction(3, 10)},
    {"resolve_2": Fraction(1, 3)},                 # on Player 1's threshold g_1/(g_1 + k) = 1/3
    {"resolve_2": Fraction(2, 5)},
    {"resolve_1": Fraction(3, 10)},                # Player 2 would challenge a cooperating Player 1
    {"resolve_1": Fraction(2, 5)},
    {"gain_1": 2, "resolve_2": Fraction(2, 5)},    # Player 1's threshold g_1/(g_1 + k) = 1/2
    {"gain_1": 2, "resolve_2": Fraction(3, 5)},
])
def test_the_status_quo_is_an_equilibrium_exactly_when_both_credibilities_reach_the_thresholds(values):
    assert _status_quo_is_an_equilibrium(**values) == _holds(values)


def test_in_the_deterrence_equilibrium_both_types_cooperate_and_beliefs_stay_at_the_priors():
    """At p_1 = 2/5 (above Player 2's threshold 1/3) the status quo is a PBE in which both of Player 1's types
    cooperate, so Player 2's belief that Player 1 is hard stays at the prior 2/5, and hard types would retaliate
    where soft ones concede (off the path, at any belief)."""
    result = solve_tree_model(MODEL, resolve_1=Fraction(2, 5))
    (deterrence,) = [e for e in result if set(reached_outcomes(e)) <= STATUS_QUO]
    assert deterrence.max_gap == 0
    for infoset in ("player_2_hard_second", "player_2_soft_second"):
        assert deterrence.belief_at(infoset) == (Fraction(2, 5), Fraction(3, 5))
    assert _plan(deterrence, "player_1_hard_first") == {"Cooperate": 1, "Defect": 0}
    assert _plan(deterrence, "player_1_soft_first") == {"Cooperate": 1, "Defect": 0}
    assert _plan(deterrence, "player_2_hard_response") == {"Concede": 0, "Retaliate": 1}
    assert _plan(deterrence, "player_2_soft_response") == {"Concede": 1, "Retaliate": 0}
    # Player 1's answer is folded into the outcome: a hard Player 1 retaliates (-k, -k), a soft one concedes (-v_S, g_2)
    tree = deterrence.tree
    payoffs = {tree.node_labels[n]: tuple(tree.payoffs_at(n)) for n in tree.terminals}
    assert payoffs["player_1_answers_hard_soft"] == (-2, -2)
    assert payoffs["player_1_answers_soft_hard"] == (-1, 1)


def _plan(equilibrium, label: str) -> dict:
    """The equilibrium's action probabilities at the information set of that name."""
    tree = equilibrium.tree
    (h,) = [k for k, info in enumerate(tree.infosets) if info.label == label]
    actions = tree.infoset_actions[h]
    start = tree.action_offsets[h]
    return {action: equilibrium.behavior[start + a] for a, action in enumerate(actions)}


def test_only_hard_players_carry_out_their_threats():
    """At p_2 = 1/5 < 1/3 Player 1 challenges; a high-stake Player 2 retaliates (conflict), a low-stake one
    concedes: the challenge meets conflict with probability p_2 whatever Player 1's type."""
    p1, p2 = Fraction(1, 2), Fraction(1, 5)
    expected = {"conflict_1_hard_hard": p1 * p2, "player_1_wins_hard_soft": p1 * (1 - p2),
                "conflict_1_soft_hard": (1 - p1) * p2, "player_1_wins_soft_soft": (1 - p1) * (1 - p2)}
    plays = _plays(resolve_2=p2)
    assert plays and all(play == expected for play in plays)


def test_a_conflict_costlier_than_any_stake_makes_every_threat_incredible():
    """k = 5 > v_H = 4: nobody retaliates, so even at resolve 9/10 the status quo is no equilibrium."""
    assert not _status_quo_is_an_equilibrium(resolve_1=Fraction(9, 10), resolve_2=Fraction(9, 10), conflict_cost=5)


def test_a_conflict_cheaper_than_any_stake_makes_every_threat_credible():
    """k = 1/2 < v_S = 1: every type retaliates, so the status quo holds at resolve 1/10, in every PBE."""
    plays = _plays(resolve_1=Fraction(1, 10), resolve_2=Fraction(1, 10), conflict_cost=Fraction(1, 2))
    assert all(set(play) <= STATUS_QUO for play in plays)


@pytest.mark.slow
def test_the_comparison_is_independent_and_can_fail():
    frame = default_sweep(MODEL, "pbe")
    theories = ("defensive_realism", "classical_deterrence", "perfect_deterrence")
    comparisons = independent_comparisons(MODEL, frame, theories)
    agreement = {theory: comparison.independent_agreement for theory, comparison in comparisons.items()}
    # the classical claim (costlier conflict, more stable deterrence) fails where conflict outgrows every stake
    assert agreement["classical_deterrence"] < 1 and agreement["defensive_realism"] < 1
    assert agreement["perfect_deterrence"] > agreement["classical_deterrence"]
