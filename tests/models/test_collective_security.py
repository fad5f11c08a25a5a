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
    assert str(MODEL.predict("defensive_realism", reneging_cost=5)) == "all_answer"
    assert str(MODEL.predict("liberal_institutionalism")) == "all_answer"


def test_predictions_agree_with_the_two_member_equilibria():
    """The defensive-realism rules against the solved games at two members, both sides of r = K and K = U + r."""
    for cost, reneging in itertools.product((1, 3, 5, 12), (0, 2, 4)):
        rule = MODEL.predicted_rule("defensive_realism", answer_cost=cost, reneging_cost=reneging)
        if rule is None:
            continue
        profiles = pure_profiles(answer_cost=cost, reneging_cost=reneging)
        hits = {p for p in profiles if rule.matches(p)}
        if rule.expect == "unique_equilibrium":
            assert profiles == hits and len(hits) == 1, (cost, reneging)
        else:
            assert hits, (cost, reneging)
