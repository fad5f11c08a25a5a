"""Published results of the discrete burden-sharing model (Olson and Zeckhauser 1966; Olson 1965)."""

from fractions import Fraction

import pytest

from gametheory.model import load_model
from gametheory.solvers import pure_equilibria

MODEL = load_model("burden_sharing")


def contributors(**values) -> set:
    """Numbers of contributors in the pure equilibria (exact certificates checked)."""
    game = MODEL.game(**values)
    result = pure_equilibria(game)
    for equilibrium in result.equilibria:
        assert all(r == 0 for r in equilibrium.regrets)
    return {e.pure_profile.count("Contribute") for e in result.equilibria}


def equilibrium_count(value, decay, cost, n):
    """m contributors is an equilibrium iff V(1-d)d^(m-1) >= c (m >= 1) and V(1-d)d^m <= c (m < n)."""
    gain = lambda m: value * (1 - decay) * decay**m  # noqa: E731 - worth of the (m+1)-th contribution
    return {m for m in range(n + 1) if (m == 0 or gain(m - 1) >= cost) and (m == n or gain(m) <= cost)}


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_number_of_contributors_does_not_grow_with_the_alliance(n):
    """Olson and Zeckhauser 1966, pp. 266-268; Olson 1965, ch. 2: with V = 10, d = 1/2, c = 2 exactly two
    allies contribute (the 2nd contribution is worth 2.5 >= 2, the 3rd 1.25 < 2), whatever the number of
    allies, so the share that free-rides, (n - 2)/n, grows with n."""
    assert contributors(n_allies=n, contribution_cost=2) == {2}
    assert equilibrium_count(10, Fraction(1, 2), 2, n) == {2}


@pytest.mark.parametrize("cost", [Fraction(1), Fraction(5, 2), 3, Fraction(9, 2), 6])
def test_closed_form_count_on_both_sides_of_each_threshold(cost):
    """Thresholds V(1-d)d^m: 5, 2.5, 1.25 at V = 10, d = 1/2; three allies."""
    assert contributors(n_allies=3, contribution_cost=cost) == equilibrium_count(10, Fraction(1, 2), cost, 3)


def test_free_riders_exploit_the_contributors_and_provision_falls_short():
    """Olson and Zeckhauser 1966, pp. 268-270: free riders do better than the allies carrying the burden,
    and the equilibrium provides less than the allies jointly want (the joint gain of a third
    contribution, 3 x 1.25, exceeds its cost 2)."""
    game = MODEL.game(n_allies=3, contribution_cost=2)
    profile = ("Contribute", "Contribute", "Free_ride")
    payoffs = game.payoff_profile(profile)
    assert payoffs[2] > payoffs[0] == payoffs[1]
    assert payoffs == (Fraction(11, 2), Fraction(11, 2), Fraction(15, 2))
    everyone = game.payoff_profile(("Contribute",) * 3)
    assert sum(everyone) > sum(payoffs)


def test_two_ally_predictions_agree_with_the_equilibria():
    """The defensive-realism rules (two allies) on both sides of V(1-d)d = 2.5 and V(1-d) = 5."""
    for cost in (1, 2, 3, 4, 6, 8):
        label = str(MODEL.predict("defensive_realism", contribution_cost=cost))
        expected = {"all_contribute": {2}, "free_riding": {1}, "no_deterrence": {0}}[label]
        assert contributors(contribution_cost=cost) == expected, cost
