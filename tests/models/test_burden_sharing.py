"""Published results of the two-ally burden-sharing model (models/burden_sharing.toml).

Sources: Olson and Zeckhauser (1966), pp. 266-270: with a pure public good the larger ally bears a
disproportionate share of the burden (the exploitation of the great by the small); Sandler and Hartley
(2001), the joint-product model: ally-specific benefits make burdens more proportional. The discrete
form (0, 1 or 2 units, D(Q) = 1 - d^Q, valuations in proportion to size) is ours.
"""

import itertools
from fractions import Fraction

import numpy as np
import pytest

from gametheory.model import load_model
from gametheory.solvers import solve

MODEL = load_model("burden_sharing")
UNITS = {"None": 0, "Low": 1, "High": 2}


def pure(**values):
    """Pure equilibria, with exact certificates checked on every equilibrium found."""
    result = solve(MODEL.game(**values))
    assert result.exact
    for equilibrium in result.equilibria:
        assert all(r == 0 for r in equilibrium.regrets)
    return {e.pure_profile for e in result.pure}


def best_reply_closed_form(size, other, V, d, c, pi):
    """Units an ally of valuation size x V puts in, given the other's units: it adds a unit while the
    deterrence it adds, size V d^Q (1 - d) at Q units already in, is worth its net cost (1 - pi) c."""
    best, value = [], None
    for q in range(3):
        payoff = size * V * (1 - d ** (q + other)) - q * (1 - pi) * c
        if value is None or payoff > value:
            best, value = [q], payoff
        elif payoff == value:
            best.append(q)
    return set(best)


def closed_form_equilibria(rho=3, V=10, d=Fraction(1, 2), c=2, pi=0):
    rho, V, d, c, pi = (Fraction(x) for x in (rho, V, d, c, pi))
    names = {v: k for k, v in UNITS.items()}
    return {(names[a], names[b]) for a, b in itertools.product(range(3), repeat=2)
            if a in best_reply_closed_form(rho, b, V, d, c, pi) and b in best_reply_closed_form(1, a, V, d, c, pi)}


def test_payoffs_are_size_weighted_public_good_minus_net_cost():
    game = MODEL.game()
    for a, b in itertools.product(UNITS, repeat=2):
        Q = UNITS[a] + UNITS[b]
        D = 1 - Fraction(1, 2) ** Q
        assert game.payoff_profile((a, b)) == (3 * 10 * D - UNITS[a] * 2, 10 * D - UNITS[b] * 2)


def test_the_great_carry_the_small_at_the_defaults():
    """Olson and Zeckhauser 1966, pp. 266-270: at rho = 3 (three quarters of the alliance's size) the large
    ally bears the whole burden, (High, None), the unique equilibrium: a share 1 > 3/4."""
    result = solve(MODEL.game())
    assert [e.pure_profile for e in result] == [("High", "None")]
    assert result[0].regrets == (0, 0)
    share = Fraction(UNITS["High"], UNITS["High"] + UNITS["None"])
    assert share > Fraction(3, 4)


def test_ally_specific_benefits_make_burdens_proportional():
    """Sandler and Hartley 2001 (joint products): at pi = 1/2 the small ally's first unit at Q = 2 adds
    10 x 1/8 = 1.25 >= 1, its net cost, so the equilibrium is (High, Low): the large ally bears 2/3 of the
    burden, less than its size share 3/4."""
    assert pure(private_share=Fraction(1, 2)) == {("High", "Low")}
    assert Fraction(2, 3) < Fraction(3, 4)
    # the large ally's share of the units falls as pi rises, at every size on the default sweep
    for rho in (2, 3, 4, 6):
        shares = []
        for pi in (0, Fraction(1, 2), Fraction(9, 10)):
            (profile,) = pure(size_ratio=rho, private_share=pi)
            shares.append(Fraction(UNITS[profile[0]], UNITS[profile[0]] + UNITS[profile[1]]))
        assert shares == sorted(shares, reverse=True) and shares[0] > shares[-1], rho


def test_equal_allies_split_or_one_carries():
    """With equal sizes (rho = 1) and a pure public good nobody is exploited for being great: the pure
    equilibria are (High, None), (None, High) and (Low, Low)."""
    assert pure(size_ratio=1) == {("High", "None"), ("None", "High"), ("Low", "Low")}


def test_closed_form_best_replies_match_the_solver_on_a_grid():
    """The equilibria are exactly the pairs of closed-form best replies (marginal value size V d^Q (1 - d)
    against the net cost (1 - pi) c), ties included, over a grid of sizes, private shares and costs."""
    for rho, pi, c in itertools.product((1, Fraction(3, 2), 3, 6), (0, Fraction(1, 4), Fraction(1, 2), Fraction(4, 5)), (1, 2, 5)):
        assert pure(size_ratio=rho, private_share=pi, unit_cost=c) == closed_form_equilibria(rho=rho, pi=pi, c=c), (rho, pi, c)


def test_the_rules_can_fail():
    """The Olson-Zeckhauser rule reads only rho and pi; with a high unit cost (c = 8) even the large
    ally buys only one unit, but at c = 16 (net cost above rho V (1 - d) = 15) nobody contributes, so
    'the great carry the small' fails."""
    rule = MODEL.predicted_rule("defensive_realism", unit_cost=16)
    assert rule.outcome == "large_carries"
    assert pure(unit_cost=16) == {("None", "None")}
    assert pure(unit_cost=8) == {("Low", "None")}
    assert {p.name for p in MODEL.parameters if p.structural} == {"size_ratio", "private_share"}


def test_equilibria_agree_with_pygambit():
    pygambit = pytest.importorskip("pygambit")
    for values in ({}, {"size_ratio": 1}, {"private_share": Fraction(1, 2)}):
        game = MODEL.game(**values)
        A, B = (np.asarray(p, dtype=object) for p in game.payoffs)
        scale = 8  # payoffs are multiples of 1/8 at these points
        assert all(x * scale == int(x * scale) for a in (A, B) for x in a.flat)
        g = pygambit.Game.from_arrays((A * scale).astype(int), (B * scale).astype(int))
        theirs = {tuple(Fraction(str(profile[player][s])) for player in g.players for s in player.strategies)
                  for profile in pygambit.nash.enummixed_solve(g, rational=True).equilibria}
        ours = {tuple(x for s in e.strategies for x in s) for e in solve(game)}
        assert ours == theirs, values
