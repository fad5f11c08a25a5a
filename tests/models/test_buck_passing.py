"""Pinned results of the buck-passing model (models/buck_passing.toml).

Sources: Christensen and Snyder (1990), "Chain Gangs and Passed Bucks", International
Organization 44(2), pp. 137-168 (buck-passing under multipolarity); Diekmann (1985),
"Volunteer's Dilemma", JCR 29(4) (journal details unverified). The encoding and the
numbers U = 10, K = 4 are the project's literature catalog, entry 7 (ours).
"""

import itertools
import math
from fractions import Fraction

import pytest

from gametheory.model import load_model
from gametheory.solvers import polynomial_enumeration, solve

KEY = "buck_passing"
BALANCE, PASS = 0, 1

#: Catalog entry 7, U = 10, K = 4: n -> (P(pass), P(nobody balances)), as published (rounded).
CATALOG = {2: (0.40, 0.16), 3: (0.632, 0.253), 4: (0.737, 0.295)}


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def _support(equilibrium):
    """The powers that balance with positive probability."""
    return frozenset(i for i, s in enumerate(equilibrium.strategies) if float(s[BALANCE]) > 0)


@pytest.mark.parametrize("n", [2, 3, 4])
def test_symmetric_mixed_equilibrium(model, n):
    """Diekmann (1985); Christensen and Snyder (1990); catalog entry 7: the general n-player solver finds the
    symmetric mixed equilibrium P(pass) = (K/U)^(1/(n-1)); at U=10, K=4: n=2 -> .40/.16, n=3 -> .632/.253,
    n=4 -> .737/.295 (P(pass), P(nobody balances)); every equilibrium certified."""
    game = model.game(n_powers=n)
    result = polynomial_enumeration(game)
    assert result.complete
    tolerance = game.tolerance()
    symmetric = [e for e in result if _support(e) == frozenset(range(n))]
    assert len(symmetric) == 1
    (mixed,) = symmetric
    q = (4 / 10) ** (1 / (n - 1))
    for strategy in mixed.strategies:
        assert abs(float(strategy[PASS]) - q) <= 1e-9
    assert max(float(r) for r in mixed.regrets) <= tolerance
    published_pass, published_nobody = CATALOG[n]
    nobody = math.prod(float(s[PASS]) for s in mixed.strategies)
    assert abs(nobody - q**n) <= 1e-9
    assert round(float(mixed.strategies[0][PASS]), 3) == pytest.approx(published_pass, abs=1e-3)
    assert round(nobody, 3) == pytest.approx(published_nobody, abs=1e-3)
    if n == 2:  # rational: exact certificate
        assert mixed.strategies[0][PASS] == Fraction(2, 5) and mixed.regrets == (0, 0)


@pytest.mark.parametrize("n", [2, 3, 4])
def test_all_equilibria_and_exactly_one_balancer_in_pure(model, n):
    """Diekmann (1985); catalog entry 7: the pure equilibria are exactly the n profiles with one balancer.
    More: the equilibria are exactly one per non-empty set S of active powers, in which the powers in S balance
    with probability 1 - (K/U)^(1/(|S|-1)) (surely, for |S| = 1) and the others pass: 2^n - 1 in all."""
    game = model.game(n_powers=n)
    result = solve(game)
    assert result.complete
    pure = {e.pure_profile for e in result.pure}
    assert pure == {tuple("Balance" if j == k else "Pass" for j in range(n)) for k in range(n)}
    for e in result.pure:
        assert all(r == 0 for r in e.regrets)
    supports = [_support(e) for e in result]
    expected = {frozenset(s) for size in range(1, n + 1) for s in itertools.combinations(range(n), size)}
    assert len(supports) == len(expected) and set(supports) == expected
    for equilibrium, support in zip(result, supports):
        assert max(float(r) for r in equilibrium.regrets) <= game.tolerance()
        q = 0.0 if len(support) == 1 else (4 / 10) ** (1 / (len(support) - 1))
        for i, strategy in enumerate(equilibrium.strategies):
            assert abs(float(strategy[PASS]) - (q if i in support else 1.0)) <= 1e-9


def test_danger_of_buck_passing_rises_with_n(model):
    """Christensen and Snyder (1990); catalog entry 7: in the symmetric mixed equilibrium the chance that nobody
    balances, (K/U)^(n/(n-1)), rises with the number of great powers."""
    chances = []
    for n in (2, 3, 4):
        (mixed,) = [e for e in solve(model.game(n_powers=n)) if _support(e) == frozenset(range(n))]
        chances.append(math.prod(float(s[PASS]) for s in mixed.strategies))
    assert chances[0] < chances[1] < chances[2]


def test_no_one_balances_when_balancing_costs_more_than_it_brings(model):
    """Diekmann (1985): with K > U passing is dominant and nobody balancing is the unique equilibrium."""
    result = solve(model.game(n_powers=3, cost=12))
    assert [e.pure_profile for e in result] == [("Pass", "Pass", "Pass")]
    (equilibrium,) = result
    assert all(r == 0 for r in equilibrium.regrets)


def test_predictions_at_defaults(model):
    """At the defaults (d = 0: perceived offense dominance) Christensen and Snyder's rule (someone balances at
    once) and Mearsheimer's (one buck-catcher) are borne out: every pure equilibrium has one balancer."""
    pure = [e.pure_profile for e in solve(model.game()).pure]
    rule = model.predicted_rule("defensive_realism")
    assert rule.outcome == "one_balancer" and all(rule.matches(p) for p in pure)
    offensive = model.predicted_rule("offensive_realism")
    assert offensive.outcome == "one_balancer" and all(offensive.matches(p) for p in pure)


@pytest.mark.parametrize("d, nobody", [(Fraction(1, 2), False), (Fraction(3, 5), True), (Fraction(3, 4), True)])
def test_defense_dominance_passes_the_buck_from_one_minus_k_over_u(model, d, nobody):
    """Christensen and Snyder (1990): a perceived defense advantage passes the buck. Here nobody balancing is an
    equilibrium iff d U >= U - K, i.e. d >= 1 - K/U = 3/5 at the defaults (weakly at the threshold), and the
    one-balancer profiles are equilibria iff d <= 3/5; both hold at d = 3/5. Certificates checked."""
    result = solve(model.game(n_powers=3, defense_dominance=d))
    pure = {e.pure_profile for e in result.pure}
    assert (("Pass", "Pass", "Pass") in pure) == nobody
    assert (("Balance", "Pass", "Pass") in pure) == (d <= Fraction(3, 5))
    assert all(abs(r) < 1e-9 for e in result for r in e.regrets)


def test_rules_read_structural_variables_and_can_fail(model):
    """Polarity (n) and the perceived defense dominance (d) are the structural variables; every rule reads only
    them, and none agrees by construction: the 1/2 cut-off of the defensive-realist rules meets the model's
    threshold 1 - K/U only when K = U/2, and Mearsheimer's one buck-catcher fails where d > 1 - K/U."""
    from gametheory.study.construction import rule_verdicts

    assert {p.name for p in model.parameters if p.structural} == {"n_powers", "defense_dominance"}
    for theory in model.predictions:
        assert all(rule.independent for rule in model.theory(theory).rules)
        assert all(v.by_construction is False for v in rule_verdicts(model, theory))
    # A witness: d = 0.55 > 1/2 at K/U = 0.4 (threshold 0.6): nobody balancing is no equilibrium.
    result = solve(model.game(n_powers=2, defense_dominance=Fraction(11, 20)))
    assert ("Pass", "Pass") not in {e.pure_profile for e in result.pure}
