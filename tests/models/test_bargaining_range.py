"""Published results of the bargaining-range model (Fearon 1995)."""

from fractions import Fraction

import pytest

from gametheory.model import load_model
from gametheory.solvers import solve

MODEL = load_model("bargaining_range")


def settles(**values) -> bool:
    result = solve(MODEL.game(**values))
    for equilibrium in result.equilibria:
        assert all(r == 0 for r in equilibrium.regrets)  # exact certificates
    return any(e.pure_profile == ("Demand", "Accept") for e in result.equilibria)


@pytest.mark.parametrize(
    "ally, low, high",
    [(0, Fraction(1, 2), Fraction(3, 4)), (2, Fraction(2, 5), Fraction(13, 20))],
)
def test_bargaining_range_and_the_ally_shift(ally, low, high):
    """Fearon 1995, pp. 386-390: every split x with p - c_A <= x <= p + c_B beats war for both.
    Catalog entry 12: C_A = 6, C_B = 4 give p = 0.6 and the range [0.50, 0.75]; an ally with C_k = 2
    gives p = 0.5 and [0.40, 0.65]. The settlement is an equilibrium exactly on the range."""
    for x in (low, high, (low + high) / 2):
        assert settles(demand=x, ally_capability=ally), x
        assert str(MODEL.predict("defensive_realism", demand=float(x), ally_capability=ally)) == "peace"
    assert not settles(demand=high + Fraction(1, 100), ally_capability=ally)
    assert not settles(demand=low - Fraction(1, 100), ally_capability=ally)
    assert str(MODEL.predict("defensive_realism", demand=float(high) + 0.01, ally_capability=ally)) == "b_refuses"
    assert str(MODEL.predict("defensive_realism", demand=float(low) - 0.01, ally_capability=ally)) == "a_attacks"


def test_an_ally_turns_an_accepted_demand_into_war():
    """Capability aggregation (Waltz 1979, ch. 6) in Fearon's range: x = 0.7 is accepted by B alone
    (0.7 <= 0.75) but refused once an ally with C_k = 2 joins B (0.7 > 0.65)."""
    assert settles(demand="7/10", ally_capability=0)
    assert not settles(demand="7/10", ally_capability=2)


def test_war_is_always_an_equilibrium_and_the_range_widens_with_costs():
    """Fearon 1995, p. 387: the range is non-empty whenever c_A + c_B > 0; with zero costs it shrinks to p."""
    for ally in (0, 2, 10):
        result = solve(MODEL.game(ally_capability=ally))
        assert any(e.pure_profile == ("Attack", "Fight") for e in result.equilibria)
    assert settles(demand="3/5", war_cost_a=0, war_cost_b=0)
    assert not settles(demand="61/100", war_cost_a=0, war_cost_b=0)
