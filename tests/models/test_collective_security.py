"""Published results of the collective-security model (Kupchan and Kupchan 1991; Mearsheimer 1994/95),
through its volunteer's-dilemma structure (Diekmann 1985)."""

import itertools
from fractions import Fraction

import pytest

from gametheory.equilibrium import certify
from gametheory.model import load_model
from gametheory.solvers import pure_equilibria, solve

MODEL = load_model("collective_security")


def pure_profiles(**values):
    result = pure_equilibria(MODEL.game(**values))
    for equilibrium in result.equilibria:
        assert all(r == 0 for r in equilibrium.regrets)
    return {e.pure_profile for e in result.equilibria}


@pytest.mark.parametrize("n", [2, 3, 4])
def test_volunteers_dilemma_pure_equilibria_exactly_one_answers(n):
    """Diekmann 1985; Mearsheimer 1994/95, pp. 28-34: with r < K < U every pure equilibrium has exactly
    one member answering, and there are n of them."""
    profiles = pure_profiles(n_members=n)
    expected = {tuple("Answer" if k == i else "Abstain" for k in range(n)) for i in range(n)}
    assert profiles == expected


@pytest.mark.parametrize("n, q", [(2, 0.4), (3, 0.632), (4, 0.737)])
def test_symmetric_mixed_equilibrium_and_the_chance_nobody_answers(n, q):
    """Diekmann 1985; catalog entry 7 (U = 10, K = 4): P(abstain) = (K/U)^(1/(n-1)) = .40, .632, .737;
    P(nobody answers) = q^n = .16, .253, .295 rises with n (the free-riding that separates collective
    security from a bilateral alliance)."""
    game = MODEL.game(n_members=n, exact=False)
    exact_q = (4 / 10) ** (1 / (n - 1))
    assert exact_q == pytest.approx(q, abs=1e-3)
    equilibrium = certify(game, [[1 - exact_q, exact_q]] * n)
    assert equilibrium.max_regret <= game.tolerance()
    with pytest.raises(ValueError):
        certify(game, [[1 - q + 0.05, q - 0.05]] * n)
    nobody = [(4 / 10) ** (m / (m - 1)) for m in (2, 3, 4)]
    assert nobody == sorted(nobody)


def test_reneging_cost_shifts_the_mixed_equilibrium():
    """Our encoding: with a reneging cost r < K, P(abstain) = ((K - r)/U)^(1/(n-1)); n = 2, r = 2 gives 1/5."""
    game = MODEL.game(n_members=2, reneging_cost=2)
    equilibrium = certify(game, [[Fraction(4, 5), Fraction(1, 5)]] * 2)
    assert all(r == 0 for r in equilibrium.regrets)
    assert {e.pure_profile for e in solve(game).pure} == {("Answer", "Abstain"), ("Abstain", "Answer")}


def test_bilateral_alliance_answers_and_binding_institution_makes_all_answer():
    """Kupchan and Kupchan 1991, pp. 116-125 vs Mearsheimer 1994/95: with n = 1 (a bilateral defensive
    alliance) the ally answers whenever K < U + r; with r > K answering dominates and every member answers."""
    assert pure_profiles(n_members=1) == {("Answer",)}
    assert pure_profiles(n_members=1, answer_cost=11) == {("Abstain",)}
    assert pure_profiles(n_members=1, answer_cost=11, reneging_cost=2) == {("Answer",)}
    for n in (2, 3):
        assert pure_profiles(n_members=n, reneging_cost=5) == {("Answer",) * n}
    assert str(MODEL.predict("defensive_realism", n_members=1)) == "ally_answers"


def test_rules_read_the_structural_variables_and_can_fail():
    """The rules read n, universality and satisfaction only. Against the solved two-member games: the
    defensive-realist rule holds on its region at the defaults but fails at a high cost of answering
    (K = 12 > U + r: nobody answers an alliance's aggression either); the offensive-realist 'nobody
    answers' fails where the universal stake still exceeds the cost (u = 3/5: 5.8 > 4)."""
    for u, s in itertools.product((0, Fraction(1, 4), Fraction(9, 20)), (0, Fraction(1, 2), 1)):
        rule = MODEL.predicted_rule("defensive_realism", universality=u, satisfaction=s)
        assert rule.outcome == "answered"
        assert {p for p in pure_profiles(universality=u, satisfaction=s) if rule.matches(p)}
    assert not {p for p in pure_profiles(answer_cost=12) if p != ("Abstain", "Abstain")}
    rule = MODEL.predicted_rule("offensive_realism", universality=Fraction(3, 5), satisfaction=0)
    assert rule.outcome == "nobody_answers"
    assert ("Abstain", "Abstain") not in pure_profiles(universality=Fraction(3, 5))
    assert {p.name for p in MODEL.parameters if p.structural} == {"n_members", "universality", "satisfaction"}


@pytest.mark.parametrize("n", [2, 3])
def test_concert_of_satisfied_powers_makes_everyone_answer(n):
    """Kupchan and Kupchan 1991, pp. 120-124 (concert; encoding ours): everyone answering is an equilibrium
    iff abstaining costs at least as much as answering, r + S s >= K; at S = 6, K = 4: s >= 2/3."""
    for s, everyone in ((Fraction(2, 3) - Fraction(1, 100), False), (Fraction(2, 3), True), (Fraction(9, 10), True)):
        profiles = pure_profiles(n_members=n, satisfaction=s)
        assert (("Answer",) * n in profiles) == everyone, s
    assert str(MODEL.predict("liberal_institutionalism", satisfaction=0.6)) == "all_answer"
    assert ("Answer", "Answer") not in pure_profiles(satisfaction="3/5")  # the liberal rule can fail


def test_universal_obligation_dilutes_the_stake_until_nobody_answers():
    """Mearsheimer 1994/95, pp. 28-34 (encoding ours): under a universal obligation a member's stake is
    U (1 - w u); nobody answering is an equilibrium iff K >= U (1 - w u) + r + S s. At u = 1, s = 0:
    4 >= 3, so the aggression may go unanswered; with s = 1/6 it is the boundary; at u = 0 someone answers."""
    assert pure_profiles(universality=1) == {("Abstain", "Abstain")}
    assert ("Abstain", "Abstain") in pure_profiles(universality=1, satisfaction=Fraction(1, 6))
    assert ("Abstain", "Abstain") not in pure_profiles(universality=1, satisfaction=Fraction(1, 5))
    for s in (0, Fraction(1, 2)):
        assert ("Abstain", "Abstain") not in pure_profiles(universality=0, satisfaction=s)
    # the cut in universality at s = 0: U (1 - w u) = K  <=>  u = (1 - K/U)/w = 6/7
    assert ("Abstain", "Abstain") not in pure_profiles(universality=Fraction(6, 7) - Fraction(1, 100))
    assert ("Abstain", "Abstain") in pure_profiles(universality=Fraction(6, 7))


def test_mixed_equilibrium_with_universality_and_a_concert():
    """Diekmann 1985 with our stake and sanction: P(abstain) = ((K - r - S s)/(U (1 - w u)))^(1/(n-1));
    n = 2, u = 1/2 (stake 13/2), s = 1/6 (sanction 1): q = 3/(13/2) = 6/13, certified exactly."""
    game = MODEL.game(n_members=2, universality=Fraction(1, 2), satisfaction=Fraction(1, 6))
    q = Fraction(6, 13)
    equilibrium = certify(game, [[1 - q, q]] * 2)
    assert all(r == 0 for r in equilibrium.regrets)
    with pytest.raises(ValueError):
        certify(game, [[Fraction(1, 2), Fraction(1, 2)]] * 2)


def test_pure_equilibria_agree_with_pygambit():
    """Cross-check at three members (a 2x2x2 game) against pygambit's pure-strategy enumeration."""
    pygambit = pytest.importorskip("pygambit")
    import numpy as np
    for values in ({}, {"universality": 1}, {"satisfaction": 1}):
        game = MODEL.game(n_members=3, **values)
        arrays = [np.asarray(p, dtype=object) for p in game.payoffs]
        assert all(x == int(x) for a in arrays for x in a.flat)  # integer payoffs at these points
        g = pygambit.Game.from_arrays(*[a.astype(int) for a in arrays])
        theirs = {tuple(game.actions[i][[float(profile[player][s]) for s in player.strategies].index(1.0)]
                        for i, player in enumerate(g.players))
                  for profile in pygambit.nash.enumpure_solve(g).equilibria}
        assert pure_profiles(n_members=3, **values) == theirs, values
