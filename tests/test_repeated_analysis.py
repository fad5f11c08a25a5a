"""Exact analysis of repeated games: payoffs, SPE (one-shot deviations), Nash, thresholds."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as hst

from gametheory import NormalFormGame
from gametheory.numerics import DEFAULT_TOL
from gametheory.games.repeated import Automaton, RepeatedGame
from gametheory.games.repeated import analysis as an
from gametheory.games.repeated import discount as dc
from gametheory.games.repeated import strategies as st
from gametheory.games.repeated.simulation import play_match
from gametheory.games.symbolic import Parameter, SymbolicGame

T, R, P, S = sympy.symbols("T R P S", real=True)


def prisoners_dilemma(t=5, r=3, p=1, s=0) -> NormalFormGame:
    return NormalFormGame.from_bimatrix([[r, s], [t, p]], [[r, t], [s, p]], actions=(["C", "D"], ["C", "D"]))


def symbolic_pd() -> SymbolicGame:
    return SymbolicGame(
        [[[R, S], [T, P]], [[R, T], [S, P]]],
        [Parameter("T", 5), Parameter("R", 3), Parameter("P", 1), Parameter("S", 0)],
        actions=(["C", "D"], ["C", "D"]),
    )


# --------------------------------------------------------- brute force (independent)
def _tables(automaton: Automaton):
    """Action index and next-state table of a C/D automaton, read through its public API."""
    states = automaton.states
    act = np.array([0 if automaton.play[s] == "C" else 1 for s in states])
    nxt = np.zeros((len(states), 2, 2), dtype=int)  # [state, own action, other's action]
    for k, s in enumerate(states):
        for a, b in itertools.product(range(2), repeat=2):
            nxt[k, a, b] = states.index(automaton.next_state(s, ("CD"[a], "CD"[b])))
    return act, nxt, states.index(automaton.initial)


def _all_two_state_deviators():
    """Every 2-state deviator automaton (initial state 0): actions and transition tables."""
    acts, nexts = [], []
    for act in itertools.product(range(2), repeat=2):
        for flat in itertools.product(range(2), repeat=8):
            acts.append(act)
            nexts.append(np.array(flat).reshape(2, 2, 2))
    return np.array(acts), np.array(nexts)


DEVIATORS = _all_two_state_deviators()


def _deviation_values(U_own, opponent, start, delta):
    """Value of every 2-state deviator (from its state 0) against ``opponent`` starting at ``start``.

    ``U_own[a, b]`` is the deviator's payoff when it plays ``a`` and the
    opponent ``b``. Solved as a batch of linear systems over the product chain.
    """
    act_o, nxt_o, _ = opponent
    k = len(act_o)
    acts, nexts = DEVIATORS
    count = len(acts)
    n = 2 * k
    P = np.zeros((count, n, n))
    r = np.zeros((count, n))
    for d in range(2):
        for y in range(k):
            a = acts[:, d]
            b = act_o[y]
            d_next = nexts[np.arange(count), d, a, b]
            y_next = nxt_o[y, b, a]
            P[np.arange(count), d * k + y, d_next * k + y_next] = 1
            r[:, d * k + y] = U_own[a, b]
    V = np.linalg.solve(np.eye(n)[None] - delta * P, (1 - delta) * r[..., None])[..., 0]
    return V[:, start]


def _profile_values(U, autos, delta):
    """Values of both players at every state pair under the profile (linear solve)."""
    (a0, n0, _), (a1, n1, _) = autos
    pairs = list(itertools.product(range(len(a0)), range(len(a1))))
    index = {x: k for k, x in enumerate(pairs)}
    P = np.zeros((len(pairs), len(pairs)))
    r = np.zeros((len(pairs), 2))
    for x in pairs:
        p0, p1 = a0[x[0]], a1[x[1]]
        P[index[x], index[(n0[x[0], p0, p1], n1[x[1], p1, p0])]] = 1
        r[index[x]] = (U[0][p0, p1], U[1][p0, p1])
    V = np.linalg.solve(np.eye(len(pairs)) - delta * P, (1 - delta) * r)
    return {x: V[index[x]] for x in pairs}


def _reachable_pairs(autos):
    (_, n0, i0), (_, n1, i1) = autos
    seen, frontier = {(i0, i1)}, [(i0, i1)]
    while frontier:
        x = frontier.pop()
        for a, b in itertools.product(range(2), repeat=2):
            y = (n0[x[0], a, b], n1[x[1], b, a])
            if y not in seen:
                seen.add(y)
                frontier.append(y)
    return seen


def brute_force_verdicts(A, B, profile, delta):
    """(is SPE, is Nash) by searching every 2-state deviation automaton, in floats."""
    U = (np.array(A, dtype=float), np.array(B, dtype=float))
    autos = (_tables(profile[0]), _tables(profile[1]))
    values = _profile_values(U, autos, float(delta))
    own_views = (U[0], U[1].T)  # deviator's payoff indexed (own action, other's action)
    tol = DEFAULT_TOL * max(1.0, float(np.abs(U).max()))

    def no_gain(x):
        for i in range(2):
            best = _deviation_values(own_views[i], autos[1 - i], x[1 - i], float(delta)).max()
            if best > values[x][i] + tol:
                return False
        return True

    start = (autos[0][2], autos[1][2])
    return all(no_gain(x) for x in _reachable_pairs(autos)), no_gain(start)


@hst.composite
def small_automata(draw):
    k = draw(hst.integers(1, 2))
    names = [f"s{i}" for i in range(k)]
    play = {s: draw(hst.sampled_from("CD")) for s in names}
    transitions = {s: {f"{a}{b}": draw(hst.sampled_from(names)) for a in "CD" for b in "CD"} for s in names}
    return Automaton("random", play, transitions, check_reachable=False)


payoff = hst.integers(-3, 3)
matrix = hst.lists(hst.lists(payoff, min_size=2, max_size=2), min_size=2, max_size=2)


@settings(max_examples=40, deadline=None)
@given(A=matrix, B=matrix, first=small_automata(), second=small_automata(),
       delta=hst.sampled_from([Fraction(1, 5), Fraction(1, 2), Fraction(4, 5), Fraction(19, 20)]))
def test_one_shot_verdict_agrees_with_brute_force_over_two_state_deviations(A, B, first, second, delta):
    """OSD (exact) and Nash (policy iteration, exact) agree with a search over all 2-state deviator automata.

    With opponents of at most 2 states, an optimal deviation is a stationary
    policy on the opponent's states, i.e. a 2-state automaton, so the search
    is complete and the verdicts must coincide.
    """
    game = RepeatedGame(NormalFormGame.from_bimatrix(A, B, actions=(["C", "D"], ["C", "D"])), delta)
    spe = an.check_spe(game, (first, second))
    nash = an.check_nash(game, (first, second))
    assert (spe.is_spe, nash.is_nash) == brute_force_verdicts(A, B, (first, second), delta)
    # Certificates: exact zeros or negatives when the verdict holds, a positive witness otherwise.
    assert all(g <= 0 for g in spe.max_gains) == spe.is_spe
    assert all(r >= 0 for r in nash.regrets) and (max(nash.regrets) == 0) == nash.is_nash
    if spe.is_spe:
        assert nash.is_nash  # subgame perfection implies Nash


# ----------------------------------------------------------------- payoffs
def test_discounted_payoffs_match_truncated_streams_from_simulation():
    game = RepeatedGame(prisoners_dilemma(), Fraction(7, 10))
    for pair in [(st.tit_for_tat(), st.tit_for_two_tats()), (st.win_stay_lose_shift(), st.always_defect()),
                 (st.k_period_punishment(2), st.tit_for_tat()), (st.grim_trigger(), st.win_stay_lose_shift())]:
        values = an.discounted_payoffs(game, pair)
        rounds = 80
        match = play_match(game, pair, rounds)
        for i in range(2):
            truncated = sum((1 - game.discount) * game.discount**t * match.payoffs[t][i] for t in range(rounds))
            assert abs(values[i] - truncated) <= game.discount**rounds * 5


def test_symbolic_payoffs_substitute_to_the_exact_ones():
    delta = sympy.Symbol("delta")
    symbolic = an.discounted_payoffs(RepeatedGame(prisoners_dilemma(), delta), (st.tit_for_tat(), st.always_defect()))
    exact = an.discounted_payoffs(RepeatedGame(prisoners_dilemma(), Fraction(3, 5)), (st.tit_for_tat(), st.always_defect()))
    assert [v.subs(delta, sympy.Rational(3, 5)) for v in symbolic] == [sympy.Rational(e.numerator, e.denominator) for e in exact]
    # TFT vs ALL D: S first, then P forever; the defector gets T then P.
    assert sympy.simplify(symbolic[0] - delta) == 0 and sympy.simplify(symbolic[1] - (5 - 4 * delta)) == 0


def test_float_and_exact_modes_agree():
    exact = RepeatedGame(prisoners_dilemma(), Fraction(9, 10))
    floating = RepeatedGame(prisoners_dilemma().as_float(), 0.9)
    pair = (st.win_stay_lose_shift(), st.tit_for_two_tats())
    for a, b in zip(an.discounted_payoffs(exact, pair), an.discounted_payoffs(floating, pair)):
        assert abs(float(a) - b) <= DEFAULT_TOL * 5
    assert an.check_spe(exact, pair).is_spe == an.check_spe(floating, pair).is_spe


def test_outcome_path_and_finite_horizon_payoffs():
    game = RepeatedGame(prisoners_dilemma(), 1, horizon=4)
    prefix, cycle = an.outcome_path(game, (st.tit_for_tat(), st.always_defect()))
    assert prefix == (("C", "D"), ("D", "D"), ("D", "D"), ("D", "D")) and cycle == ()
    assert an.discounted_payoffs(game, (st.tit_for_tat(), st.always_defect())) == (Fraction(3, 4), Fraction(2))


# ------------------------------------------------------- published thresholds
def test_grim_trigger_threshold_is_T_minus_R_over_T_minus_P():
    """Grim trigger sustains (C, C) as an SPE iff delta >= (T-R)/(T-P) [textbook; catalog entry 1].

    Checked symbolically (closed form in the stage payoffs), as an exact set
    at Axelrod's values (T, R, P, S) = (5, 3, 1, 0), where it is 1/2, and at
    points on both sides of the threshold against the definition (one-shot
    deviations at every reachable state pair).
    """
    grim = st.grim_trigger()
    result = dc.critical_discount(RepeatedGame(symbolic_pd()), (grim, grim))
    assert result.notion == "spe" and result.attained
    assert sympy.simplify(result.critical - (T - R) / (T - P)) == 0
    reference = {T: 5, R: 3, P: 1, S: 0}
    assert all(bool(a.subs(reference)) for a in result.assumptions)
    numeric = RepeatedGame(prisoners_dilemma())
    assert dc.spe_discount_set(numeric, (grim, grim)) == sympy.Interval.Ropen(sympy.Rational(1, 2), 1)
    assert dc.critical_discount(numeric, (grim, grim)).critical == sympy.Rational(1, 2)
    assert an.check_spe(numeric.with_discount(Fraction(1, 2)), (grim, grim)).is_spe
    below = an.check_spe(numeric.with_discount(Fraction(499, 1000)), (grim, grim))
    assert not below.is_spe and below.profitable[0].states == ("c", "c") and below.profitable[0].action == "D"
    # Another PD: the closed form evaluated there is the exact threshold.
    other = RepeatedGame(prisoners_dilemma(t=7, r=4, p=2, s=-1))
    assert dc.critical_discount(other, (grim, grim)).critical == result.critical.subs({T: 7, R: 4, P: 2, S: -1})


def test_tit_for_tat_collective_stability_threshold_axelrod_1981():
    """TIT FOR TAT is collectively stable iff w >= max{(T-R)/(T-P), (T-R)/(R-S)}.

    Source: Axelrod, "The Emergence of Cooperation among Egoists", APSR 75(2),
    1981 (catalog entry 1). Collective stability = no strategy A has
    V(A|TFT) > V(TFT|TFT) = (TFT, TFT) is a Nash equilibrium of the repeated
    game; it is a Nash notion, not subgame perfection. At (5, 3, 1, 0) the
    two terms are 1/2 and 2/3, so the threshold is 2/3.
    """
    tft = st.tit_for_tat()
    result = dc.critical_discount(RepeatedGame(symbolic_pd()), (tft, tft), notion="nash")
    expected = [(T - R) / (T - P), (T - R) / (R - S)]
    assert len(result.lower_bounds) == 2 and not result.upper_bounds
    for bound in expected:
        assert any(sympy.simplify(bound - b) == 0 for b in result.lower_bounds)
    axelrod = sympy.Max(*expected)
    for values in [(5, 3, 1, 0), (7, 4, 2, -1), (6, 5, 1, 0), (10, 6, 1, 0)]:
        point = dict(zip((T, R, P, S), values))
        assert result.critical.subs(point) == axelrod.subs(point)
    numeric = RepeatedGame(prisoners_dilemma())
    assert [e.subs({T: 5, R: 3, P: 1, S: 0}) for e in expected] == [sympy.Rational(1, 2), sympy.Rational(2, 3)]
    assert dc.nash_discount_set(numeric, (tft, tft)) == sympy.Interval.Ropen(sympy.Rational(2, 3), 1)
    assert dc.critical_discount(numeric, (tft, tft), notion="nash").critical == sympy.Rational(2, 3)
    # Against the definition: search every 2-state invader A at w = 3/5, 2/3, 7/10.
    U = np.array([[3.0, 0.0], [5.0, 1.0]])
    native = an.discounted_payoffs(numeric.with_discount(Fraction(3, 5)), (tft, tft))[0]
    for w, stable in [(Fraction(3, 5), False), (Fraction(2, 3), True), (Fraction(7, 10), True)]:
        best_invader = _deviation_values(U, _tables(tft), 0, float(w)).max()
        assert (best_invader <= 3 + DEFAULT_TOL * 5) == stable
        assert an.collectively_stable(numeric.with_discount(w), tft) == stable
    assert native == 3
    # ALL D is always collectively stable [catalog entry 1].
    assert dc.nash_discount_set(numeric, (st.always_defect(), st.always_defect())) == sympy.Interval.Ropen(0, 1)


def test_grim_versus_tft_at_delta_0_6():
    """Catalog entry 1: at delta = 0.6 cooperation is sustainable under grim trigger but not under TFT."""
    game = RepeatedGame(prisoners_dilemma(), 0.6)
    assert an.check_spe(game, (st.grim_trigger(), st.grim_trigger())).is_spe
    assert not an.check_nash(game, (st.tit_for_tat(), st.tit_for_tat())).is_nash


def test_tft_subgame_perfection_is_a_knife_edge():
    """(TFT, TFT) is an SPE only at delta = (T-R)/(R-S) = (P-S)/(T-P) (a payoff knife edge)."""
    tft = st.tit_for_tat()
    assert dc.spe_discount_set(RepeatedGame(prisoners_dilemma()), (tft, tft)) is sympy.S.EmptySet
    edge = RepeatedGame(prisoners_dilemma(t=4, r=3, p=1, s=0))
    assert dc.spe_discount_set(edge, (tft, tft)) == sympy.FiniteSet(sympy.Rational(1, 3))
    assert an.check_spe(edge.with_discount(Fraction(1, 3)), (tft, tft)).is_spe
    assert not an.check_spe(edge.with_discount(Fraction(34, 100)), (tft, tft)).is_spe
    threshold = dc.critical_discount(edge, (tft, tft))
    assert threshold.critical is None and threshold.discount_set == sympy.FiniteSet(sympy.Rational(1, 3))


def test_k_period_punishment_threshold_is_an_algebraic_number():
    punish = st.k_period_punishment(2)
    found = dc.spe_discount_set(RepeatedGame(prisoners_dilemma()), (punish, punish))
    golden = (sympy.sqrt(5) - 1) / 2  # T - R = (R - P)(d + d^2) at (5, 3, 1, 0)
    assert found == sympy.Interval.Ropen(golden, 1)
    symbolic = dc.critical_discount(RepeatedGame(symbolic_pd()), (punish, punish)).critical
    assert sympy.simplify(symbolic.subs({T: 5, R: 3, P: 1, S: 0}) - golden) == 0


def test_every_state_pair_is_stronger_than_subgame_perfection():
    """Grim's state pair (c, p) is reached by no history; checking it anyway (states='all') rejects Grim."""
    grim = st.grim_trigger()
    game = RepeatedGame(prisoners_dilemma(), Fraction(9, 10))
    assert an.check_spe(game, (grim, grim)).states_checked == (("c", "c"), ("p", "p"))
    strong = an.check_spe(game, (grim, grim), states="all")
    assert not strong.is_spe
    assert {d.states for d in strong.profitable} == {("c", "p"), ("p", "c")}
    # The cooperating player should defect there: gain (1 - d)(P - S) = 1/10.
    row = [d for d in strong.profitable if d.player == 0 and d.states == ("c", "p")]
    assert [(d.action, d.gain) for d in row] == [("D", Fraction(1, 10))]
    # Grudger (reacting to the opponent only) reaches (c, p) after a deviation: never an SPE.
    assert dc.spe_discount_set(RepeatedGame(prisoners_dilemma()), (st.grudger(), st.grudger())) is sympy.S.EmptySet


def test_finite_horizon_prisoners_dilemma_unravels():
    game = RepeatedGame(prisoners_dilemma(), Fraction(9, 10), horizon=5)
    assert not an.check_spe(game, (st.grim_trigger(), st.grim_trigger())).is_spe
    assert an.check_spe(game, (st.always_defect(), st.always_defect())).is_spe
    last = [d for d in an.check_spe(game, (st.grim_trigger(), st.grim_trigger())).profitable if d.period == 4]
    assert last and all(d.action == "D" for d in last)
    assert dc.spe_discount_set(RepeatedGame(prisoners_dilemma(), horizon=3), (st.grim_trigger(),) * 2) is sympy.S.EmptySet
    nash = an.check_nash(game, (st.grim_trigger(), st.grim_trigger()))
    assert not nash.is_nash and nash.best_responses[0][(4, "c")] == "D"


# -------------------------------------------------------------------- errors
def test_symbolic_games_need_the_set_functions():
    with pytest.raises(ValueError, match="symbolic"):
        an.check_spe(RepeatedGame(prisoners_dilemma()), (st.grim_trigger(), st.grim_trigger()))
    with pytest.raises(ValueError, match="numeric stage payoffs"):
        dc.spe_discount_set(RepeatedGame(symbolic_pd()), (st.grim_trigger(), st.grim_trigger()))


def test_mixed_automata_are_refused_by_exact_analysis():
    with pytest.raises(ValueError, match="needs pure automata.*Generous"):
        an.check_spe(RepeatedGame(prisoners_dilemma(), 0.9), (st.generous_tit_for_tat(), st.tit_for_tat()))
    with pytest.raises(ValueError, match="pair of automata"):
        an.check_nash(RepeatedGame(prisoners_dilemma(), 0.9), (st.tit_for_tat(),))
    with pytest.raises(ValueError, match="notion"):
        dc.critical_discount(RepeatedGame(prisoners_dilemma()), (st.tit_for_tat(),) * 2, notion="collective")
    with pytest.raises(ValueError, match="symmetric"):
        asymmetric = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[2, 5], [0, 1]])
        an.collectively_stable(RepeatedGame(asymmetric, 0.9), st.tit_for_tat())


def test_discount_sets_can_be_unions_points_or_empty():
    """The sign analysis behind the discount sets reports unions of intervals exactly (algebraic end points)."""
    d = sympy.Symbol("delta", nonnegative=True)
    quarter, three_quarters = sympy.Rational(1, 4), sympy.Rational(3, 4)
    assert dc._nonpositive_set((d - quarter) * (d - three_quarters), d) == sympy.Interval(quarter, three_quarters)
    outside = dc._nonpositive_set(-(d - quarter) * (d - three_quarters), d)
    assert outside == sympy.Union(sympy.Interval(0, quarter), sympy.Interval.Ropen(three_quarters, 1))
    irrational = dc._nonpositive_set(-(d**2 - d + sympy.Rational(1, 5)), d)
    low, high = (5 - sympy.sqrt(5)) / 10, (5 + sympy.sqrt(5)) / 10
    assert irrational == sympy.Union(sympy.Interval(0, low), sympy.Interval.Ropen(high, 1))
    assert dc._nonpositive_set((d - quarter) ** 2, d) == sympy.FiniteSet(quarter)
    assert dc._nonpositive_set(d**2 + 1, d) is sympy.S.EmptySet
    threshold = dc._top_interval(outside)
    assert threshold == (three_quarters, True)
