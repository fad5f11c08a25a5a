"""Tests for gametheory.analysis: symbolic conditions checked against the numeric solvers."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy

from gametheory.analysis import (
    analyze,
    dominance_conditions,
    mixed_equilibrium_2x2,
    pure_equilibrium_conditions,
    selection_conditions,
    simplify_condition,
    thresholds,
)
from gametheory.solvers import pure_equilibria, vertex_enumeration
from gametheory.games.symbolic import Parameter, SymbolicGame

R, T, P, S = sympy.symbols("R T P S")


def jervis(low=0, high=10, integer=False):
    """Jervis's 2x2 security-dilemma family: Stag Hunt when R > T, Prisoner's Dilemma when T > R."""
    params = [
        Parameter("R", 4, low=low, high=high, integer=integer, meaning="reward for mutual cooperation"),
        Parameter("T", 3, low=low, high=high, integer=integer, meaning="temptation to defect"),
        Parameter("P", 2, low=low, high=high, integer=integer, meaning="punishment for mutual defection"),
        Parameter("S", 0, low=low, high=high, integer=integer, meaning="sucker's payoff"),
    ]
    return SymbolicGame([[[R, S], [T, P]], [[R, T], [S, P]]], params, ("Row", "Column"),
                        (["C", "D"], ["C", "D"]), title="Security dilemma")


def chicken():
    """Chicken: swerving against a driver who stays costs face, a crash costs `crash`."""
    win, crash = sympy.symbols("win crash")
    params = [Parameter("win", 3, low=0, high=6), Parameter("crash", 5, low=0, high=10)]
    return SymbolicGame([[[0, -1], [win, -crash]], [[0, win], [-1, -crash]]], params,
                        actions=(["Swerve", "Stay"], ["Swerve", "Stay"]), title="Chicken")


def volunteer():
    """Three allies: each can pay `cost` to provide a deterrent worth `benefit` to all (a volunteer's dilemma)."""
    benefit, cost = sympy.symbols("benefit cost")
    params = [Parameter("benefit", 4, low=0, high=10), Parameter("cost", 1, low=0, high=10)]
    shape = (2, 2, 2)
    payoffs = [np.empty(shape, dtype=object) for _ in range(3)]
    for profile in itertools.product(range(2), repeat=3):
        provided = any(a == 0 for a in profile)
        for i in range(3):
            payoffs[i][profile] = (benefit if provided else 0) - (cost if profile[i] == 0 else 0)
    return SymbolicGame(payoffs, params, players=("A", "B", "C"),
                        actions=(["Volunteer", "Ignore"],) * 3, title="Volunteer's dilemma")


def random_point(game, rng):
    """Exact values inside each range, from a coarse grid so that ties (degenerate games) occur often."""
    values = {}
    for p in game.parameters:
        low = Fraction(-10) if p.low is None else Fraction(p.low)
        high = Fraction(10) if p.high is None else Fraction(p.high)
        steps = int(rng.integers(0, 9))
        values[p.name] = low + (high - low) * Fraction(steps, 8)
        if rng.random() < 0.3:  # off the grid too
            values[p.name] = low + (high - low) * Fraction(int(rng.integers(0, 1000)), 999)
    return values


def jervis_unbounded():
    """The same family without ranges: conditions can only be simplified symbolically."""
    return jervis(low=None, high=None)


def one_sided():
    """Bounds on one side only (a cost >= 0, a benefit unbounded), in a 2x3 game."""
    cost, gain = sympy.symbols("cost gain")
    params = [Parameter("cost", 1, low=0), Parameter("gain", 2)]
    row = [[gain, 0, -cost], [1, gain - cost, 2]]
    column = [[1, gain, 0], [cost, 1, gain * cost]]
    return SymbolicGame([row, column], params)


GAMES = [jervis, chicken, volunteer, jervis_unbounded, one_sided]


@pytest.mark.parametrize("make", GAMES, ids=lambda f: f.__name__)
def test_pure_conditions_match_the_numeric_solver(make):
    game = make()
    conditions = pure_equilibrium_conditions(game)
    rng = np.random.default_rng(20240611)
    for _ in range(30):
        values = random_point(game, rng)
        numeric = game.game(**values)
        assert numeric.is_exact
        result = pure_equilibria(numeric)
        for e in result:
            assert all(r == 0 for r in e.regrets)  # certificate, exact
        found = {e.pure_profile for e in result}
        for c in conditions:
            assert c.nash.holds(**values) == (c.labels in found), (c.text(), values)
            assert c.nash.holds_as_derived(**values) == (c.labels in found)
            # Strict equilibrium: every deviation loses.
            index = c.profile
            strict = all(
                numeric.payoffs[i][index] > numeric.payoffs[i][index[:i] + (b,) + index[i + 1:]]
                for i in range(numeric.n_players) for b in range(numeric.shape[i]) if b != index[i]
            )
            assert c.strict.holds(**values) == strict


@pytest.mark.parametrize("make", GAMES, ids=lambda f: f.__name__)
def test_dominance_conditions_match_direct_comparison(make):
    game = make()
    rng = np.random.default_rng(7)
    conditions = dominance_conditions(game)
    assert len(conditions) == sum(m * (m - 1) for m in game.shape)
    for _ in range(15):
        values = random_point(game, rng)
        numeric = game.game(**values)
        for d in conditions:
            i = numeric.player_index(d.player)
            a, b = numeric.action_index(i, d.action), numeric.action_index(i, d.other)
            ua = np.moveaxis(numeric.payoffs[i], i, 0)[a].ravel()
            ub = np.moveaxis(numeric.payoffs[i], i, 0)[b].ravel()
            assert d.strict.holds(**values) == all(x > y for x, y in zip(ua, ub))
            assert d.weak.holds(**values) == (all(x >= y for x, y in zip(ua, ub)) and any(x > y for x, y in zip(ua, ub)))
            assert d.weak.holds(**values) == d.weak.holds_as_derived(**values)


@pytest.mark.parametrize("make", [jervis, chicken], ids=lambda f: f.__name__)
def test_closed_form_mixed_equilibrium_matches_vertex_enumeration(make):
    game = make()
    mixed = mixed_equilibrium_2x2(game)
    rng = np.random.default_rng(11)
    seen_exists = seen_missing = 0
    for _ in range(40):
        values = random_point(game, rng)
        numeric = game.game(**values)
        result = vertex_enumeration(numeric)
        completely_mixed = [e for e in result if all(len(s) == 2 for s in e.supports)]
        closed = mixed.at(**values)
        if closed is None:
            seen_missing += 1
            # Outside the existence condition, a completely mixed equilibrium exists only in the degenerate case.
            if completely_mixed:
                assert mixed.continuum.holds(**values)
            continue
        seen_exists += 1
        assert len(completely_mixed) == 1, values
        (e,) = completely_mixed
        assert all(r == 0 for r in e.regrets)
        for i in range(2):
            assert tuple(e.strategies[i]) == closed[i]  # exact Fractions, compared exactly
    assert seen_exists > 0 and seen_missing > 0


def test_closed_form_matches_pygambit():
    pygambit = pytest.importorskip("pygambit")
    game = jervis()
    mixed = mixed_equilibrium_2x2(game)
    values = {"R": 5, "T": 1, "P": 3, "S": 2}
    numeric = game.game(**values)
    A, B = (np.asarray(a, dtype=object) for a in numeric.payoffs)
    g = pygambit.Game.from_arrays(A.astype(int), B.astype(int))
    profiles = pygambit.nash.enummixed_solve(g, rational=True).equilibria
    gambit = {tuple(tuple(Fraction(str(profile[player][action])) for action in player.strategies) for player in g.players)
              for profile in profiles}
    assert mixed.at(**values) in gambit


def test_stag_hunt_pins():
    game = jervis()
    mixed = mixed_equilibrium_2x2(game)
    q = mixed.probabilities[1][0]
    R, T, P, S = (game.symbols[name] for name in "RTPS")  # with the range assumptions
    assert sympy.simplify(q - (P - S) / ((R - T) + (P - S))) == 0
    assert mixed.probabilities[0][0] == q  # symmetric game
    assert mixed.at(R=4, T=3, P=2, S=0) == ((Fraction(2, 3), Fraction(1, 3)), (Fraction(2, 3), Fraction(1, 3)))
    assert mixed.exists.text() == "(P > S and R > T) or (S > P and T > R)"
    diagonal = selection_conditions(game)[0]
    assert diagonal.first == ("C", "C") and diagonal.second == ("D", "D")
    assert diagonal.both_strict.text() == "P > S and R > T"
    # (C, C) risk-dominant iff R - T > P - S: one linear inequality, a positive multiple of it.
    relation = diagonal.first_risk_dominates.expression
    assert isinstance(relation, sympy.core.relational.Relational)
    difference = sympy.expand(relation.lhs - relation.rhs)
    ratio = sympy.simplify(difference / ((R - T) - (P - S)))
    assert ratio.is_number and ratio != 0
    assert (ratio > 0) == (relation.rel_op in (">", ">="))
    assert relation.rel_op in (">", "<")
    assert diagonal.first_payoff_dominates.holds(R=4, T=3, P=2, S=0)
    assert not diagonal.first_risk_dominates.holds(R=4, T=3, P=2, S=0)  # 1 > 2 is false: (D, D) risk-dominates
    assert diagonal.second_risk_dominates.holds(R=4, T=3, P=2, S=0)
    assert diagonal.first_risk_dominates.holds(R=5, T=3, P=2, S=1)  # 2 > 1


def test_risk_dominance_matches_deviation_loss_products():
    rng = np.random.default_rng(3)
    for make in (jervis, chicken):
        game = make()
        for s in selection_conditions(game):
            for _ in range(30):
                values = random_point(game, rng)
                numeric = game.game(**values)
                A, B = numeric.payoffs
                if not s.both_strict.holds(**values):
                    continue
                e = tuple(numeric.action_index(k, a) for k, a in enumerate(s.first))
                f = tuple(numeric.action_index(k, a) for k, a in enumerate(s.second))

                def product(x):
                    r, c = x
                    return (A[r, c] - A[1 - r, c]) * (B[r, c] - B[r, 1 - c])

                assert s.first_risk_dominates.holds(**values) == (product(e) > product(f))
                assert s.second_risk_dominates.holds(**values) == (product(f) > product(e))
                assert s.first_payoff_dominates.holds(**values) == (A[e] > A[f] and B[e] > B[f])


def test_chicken_has_the_anti_diagonal_pair_only():
    pairs = selection_conditions(chicken())
    assert [(s.first, s.second) for s in pairs] == [(("Swerve", "Stay"), ("Stay", "Swerve"))]
    (s,) = pairs
    assert s.both_strict.text() == "crash > 1 and win > 0"
    assert s.first_risk_dominates.never and s.second_risk_dominates.never  # symmetric: equal products


def test_prisoners_dilemma_thresholds():
    game = jervis()
    conditions = {c.labels: c for c in pure_equilibrium_conditions(game)}
    rng = np.random.default_rng(5)
    checked = 0
    for _ in range(200):
        values = random_point(game, rng)
        if not values["T"] > values["R"] > values["P"] > values["S"]:
            continue
        checked += 1
        holding = [labels for labels, c in conditions.items() if c.nash.holds(**values)]
        assert holding == [("D", "D")]
    assert checked > 3
    result = thresholds(game, "T", R=3, P=1, S=0)
    assert [c.value for c in result.cut_points] == [3]
    assert all(c.exact for c in result.cut_points)
    above = result.regimes[-1]
    assert above.low == 3 and not above.low_closed and above.high == 10
    assert above.pure == (("D", "D"),) and above.mixed is None
    below = result.regimes[0]
    assert below.pure == (("C", "C"), ("D", "D")) and below.mixed is not None
    at = [r for r in result.regimes if r.is_point]
    assert at and at[0].pure == (("C", "C"), ("D", "D")) and at[0].mixed is None and at[0].degenerate
    assert not above.degenerate and not below.degenerate
    assert "T in (3, 10]: (D, D)" in result.text()


def test_thresholds_exact_fraction_and_regimes_verified_numerically():
    x = sympy.Symbol("x")
    game = SymbolicGame([[[3 * x, 0], [2, 1]], [[1, 0], [0, 1]]], [Parameter("x", 1, low=0, high=2)])
    result = thresholds(game, "x")
    assert [c.value for c in result.cut_points] == [sympy.Rational(2, 3)]
    # Each regime's equilibrium set is the solver's at a point inside it.
    for regime in result.regimes:
        point = regime.low if regime.is_point else (regime.low + regime.high) / 2
        numeric = game.game(x=Fraction(int(point.p), int(point.q)))
        assert {e.pure_profile for e in pure_equilibria(numeric)} == set(regime.pure)
        solved = vertex_enumeration(numeric)
        if regime.degenerate:
            assert regime.is_point and solved.degenerate
            continue
        mixed = [e for e in solved if not e.is_pure]
        assert (regime.mixed is not None) == bool(mixed)
        assert not solved.degenerate


def test_thresholds_fall_back_to_numeric_roots():
    x = sympy.Symbol("x")
    game = SymbolicGame([[[sympy.exp(x) + x, 0], [2, 1]], [[1, 0], [0, 1]]], [Parameter("x", 0, low=-3, high=3)])
    result = thresholds(game, "x")
    (cut,) = result.cut_points
    assert not cut.exact
    assert abs(np.exp(float(cut)) + float(cut) - 2) < 1e-9
    assert result.notes and "numerically" in result.notes[0]
    left, right = result.regimes
    assert left.pure == (("A2", "B2"),) and right.pure == (("A1", "B1"), ("A2", "B2"))


def test_simplification_is_equivalent_within_the_ranges():
    # A nonlinear condition of two parameters that sympy cannot decide stays correct.
    game = jervis(integer=True)
    a, b = Parameter("a", 1, low=-2, high=2), Parameter("b", 1, low=0, high=3)
    A, B = a.sympy_symbol, b.sympy_symbol
    conditions = [
        sympy.And(A * B >= 1, A + B > 0, A <= 5),
        sympy.Or(A ** 2 > 2, sympy.Eq(B, 1)),
        sympy.And(A - B > 0, A - B < 0),
        sympy.Or(A - B >= 0, A - B < 0),
    ]
    rng = np.random.default_rng(1)
    for condition in conditions:
        simplified = simplify_condition(condition, [a, b])
        for _ in range(50):
            point = {A: sympy.Rational(int(rng.integers(-20, 21)), 10), B: sympy.Rational(int(rng.integers(0, 31)), 10)}
            assert bool(simplified.subs(point)) == bool(condition.subs(point))
    assert simplify_condition(conditions[2], [a, b]) is sympy.false
    assert simplify_condition(conditions[3], [a, b]) is sympy.true
    # Integer parameters: conditions over the real interval stay correct at the integers.
    analysis = analyze(game)
    assert analysis.profiles[0].nash.holds(R=4, T=4, P=0, S=0)


def test_rendering_text_and_latex():
    delta = sympy.Symbol("discount")
    game = SymbolicGame([[[3, 0], [5 * delta, 1]], [[3, 5 * delta], [0, 1]]],
                        [Parameter("discount", Fraction(1, 2), low=0, high=1, symbol=r"\delta")],
                        actions=(["C", "D"], ["C", "D"]))
    (cc, cd, dc, dd) = pure_equilibrium_conditions(game)
    assert cc.nash.text() == "discount <= 3/5"
    assert cc.nash.latex() == r"\delta \leq \frac{3}{5}"
    assert cd.nash.text() == "never" and cd.nash.latex() == r"\text{never}"
    assert dd.nash.text() == "always"
    assert "iff discount <= 3/5" in cc.text() and r"\iff \delta \leq \frac{3}{5}" in cc.latex()
    analysis = analyze(game)
    text = analysis.text()
    assert "(C, C) is a Nash equilibrium iff discount <= 3/5" in text
    latex = analysis.latex()
    assert latex.startswith(r"\begin{align*}") and latex.endswith(r"\end{align*}") and r"\delta" in latex
    mixed = mixed_equilibrium_2x2(jervis())
    assert mixed.derivation[0] == (
        "Column makes Row indifferent between C and D: R*q + S*(1-q) = T*q + P*(1-q) => q = (P - S)/(P + R - S - T)")
    assert r"\frac{P - S}{P + R - S - T}" in mixed.latex()


def test_errors_name_the_argument():
    with pytest.raises(TypeError, match="SymbolicGame"):
        pure_equilibrium_conditions("stag hunt")
    with pytest.raises(ValueError, match="2x2"):
        mixed_equilibrium_2x2(volunteer())
    with pytest.raises(ValueError, match="unknown parameter 'X'"):
        thresholds(jervis(), "X")
    with pytest.raises(ValueError, match="moves"):
        thresholds(jervis(), "T", T=3)
    with pytest.raises(ValueError, match="outside its range"):
        pure_equilibrium_conditions(jervis())[0].nash.holds(R=11)
    with pytest.raises(ValueError, match="unknown parameter"):
        pure_equilibrium_conditions(jervis())[0].nash.holds(Q=1)
    with pytest.raises(TypeError, match="condition must be"):
        simplify_condition(3, [])


def test_three_player_volunteer_conditions():
    conditions = {c.labels: c for c in pure_equilibrium_conditions(volunteer())}
    one = ("Volunteer", "Ignore", "Ignore")
    assert conditions[one].nash.text() == "benefit >= cost"
    assert conditions[("Ignore",) * 3].nash.text() == "cost >= benefit"
    assert conditions[("Volunteer",) * 3].nash.text() == "cost = 0"  # within cost >= 0: only a free deterrent
    assert conditions[("Volunteer",) * 3].nash.holds(cost=0)
