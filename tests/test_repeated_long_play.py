"""Long horizons and large automata: exact answers in time linear in what is visited, budgets refused up front.

The fast routes (cycle-closed sums, one pass per state pair, integer-scaled
finite horizons) are checked against plain round-by-round computations written
here from the definitions.
"""

from __future__ import annotations

import time
from fractions import Fraction

import pytest
import sympy
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as hst

from gametheory import NormalFormGame
from gametheory.cli.repeated import repeated, set_text
from gametheory.games.repeated import Automaton, RepeatedGame
from gametheory.games.repeated import _streams
from gametheory.games.repeated import analysis as an
from gametheory.games.repeated import discount as dc
from gametheory.games.repeated import strategies as st
from gametheory.games.symbolic import Parameter, SymbolicGame


def prisoners_dilemma(t=5, r=3, p=1, s=0) -> NormalFormGame:
    return NormalFormGame.from_bimatrix([[r, s], [t, p]], [[r, t], [s, p]], actions=(["C", "D"],) * 2)


def chain(n: int) -> Automaton:
    """Cooperates ``n - 1`` rounds whatever happens, then defects for ever."""
    play = {f"s{k}": ("C" if k < n - 1 else "D") for k in range(n)}
    return Automaton(f"Chain{n}", play, {f"s{k}": f"s{min(k + 1, n - 1)}" for k in range(n)})


@hst.composite
def automata(draw, max_states=4):
    n = draw(hst.integers(1, max_states))
    states = [f"q{k}" for k in range(n)]
    play = {s: draw(hst.sampled_from("CD")) for s in states}
    transitions = {s: {f"{a}{b}": draw(hst.sampled_from(states)) for a in "CD" for b in "CD"} for s in states}
    return Automaton("random", play, transitions, check_reachable=False)


def naive_rounds(game, pair, rounds):
    """Round-by-round play: the action-index profiles of the first ``rounds`` rounds."""
    b0, b1 = game.bind(pair[0], 0), game.bind(pair[1], 1)
    x, out = (b0.initial, b1.initial), []
    for _ in range(rounds):
        profile = (b0.action[x[0]], b1.action[x[1]])
        out.append(profile)
        x = (int(b0.next[x[0]][profile]), int(b1.next[x[1]][profile]))
    return out


def naive_finite_payoffs(game, pair):
    profiles = naive_rounds(game, pair, game.horizon)
    delta = game.discount
    norm = sum(delta**t for t in range(game.horizon))
    return tuple(sum(delta**t * game.stage.payoffs[i][p] for t, p in enumerate(profiles)) / norm for i in range(2))


def naive_spe_finite(game, pair):
    """Every one-shot deviation gain by backward induction over (round, state pair), with Fractions."""
    b0, b1 = game.bind(pair[0], 0), game.bind(pair[1], 1)
    pairs = [(i, j) for i in range(len(b0.states)) for j in range(len(b1.states))]
    delta, H = game.discount, game.horizon

    def conform(x):
        return (b0.action[x[0]], b1.action[x[1]])

    def succ(x, p):
        return (int(b0.next[x[0]][p]), int(b1.next[x[1]][p]))

    W = [{x: (0, 0) for x in pairs} for _ in range(H + 1)]
    for t in range(H - 1, -1, -1):
        for x in pairs:
            p = conform(x)
            W[t][x] = tuple(game.stage.payoffs[i][p] + delta * W[t + 1][succ(x, p)][i] for i in range(2))
    layer, gains = {(b0.initial, b1.initial)}, []
    for t in range(H):
        norm = sum(delta**k for k in range(H - t))
        following = set()
        for x in layer:
            following |= {succ(x, (a, b)) for a in range(2) for b in range(2)}
            p = conform(x)
            for player in range(2):
                a = 1 - p[player]
                q = (a, p[1]) if player == 0 else (p[0], a)
                value = game.stage.payoffs[player][q] + delta * W[t + 1][succ(x, q)][player]
                gains.append((player, (value - W[t][x][player]) / norm))
        layer = following
    return gains


# --------------------------------------------------------------- properties
@settings(max_examples=60, deadline=None)
@given(automata(), automata(), hst.integers(1, 40), hst.fractions(0, 1, max_denominator=12))
def test_finite_horizon_play_and_payoffs_match_round_by_round(a, b, horizon, delta):
    game = RepeatedGame(prisoners_dilemma(), delta, horizon=horizon)
    assert an.discounted_payoffs(game, (a, b)) == naive_finite_payoffs(game, (a, b))
    prefix, cycle = an.outcome_path(game, (a, b))
    labels = [tuple("CD"[k] for k in p) for p in naive_rounds(game, (a, b), horizon)]
    assert cycle == () and list(prefix) == labels


@settings(max_examples=40, deadline=None)
@given(automata(), automata(), hst.fractions(0, 1, max_denominator=12).filter(lambda d: d < 1))
def test_infinite_horizon_values_match_a_long_truncation(a, b, delta):
    """Normalised values against the truncated series, whose tail is at most delta^400 times the payoff range."""
    game = RepeatedGame(prisoners_dilemma(), delta)
    values = an.discounted_payoffs(game, (a, b))
    profiles = naive_rounds(game, (a, b), 400)
    for i in range(2):
        truncated = (1 - delta) * sum(delta**t * game.stage.payoffs[i][p] for t, p in enumerate(profiles))
        assert abs(values[i] - truncated) <= 5 * delta**400 + Fraction(1, 10**30)


@settings(max_examples=40, deadline=None)
@given(automata(3), automata(3), hst.integers(1, 12), hst.fractions(0, 1, max_denominator=9))
def test_finite_horizon_spe_check_matches_backward_induction(a, b, horizon, delta):
    game = RepeatedGame(prisoners_dilemma(), delta, horizon=horizon)
    gains = naive_spe_finite(game, (a, b))
    result = an.check_spe(game, (a, b))
    profitable = [g for _, g in gains if g > 0]
    assert result.is_spe == (not profitable)
    assert result.n_profitable == len(profitable)
    for player in range(2):
        assert result.max_gains[player] == max(g for p, g in gains if p == player)
    if profitable:
        assert result.profitable[0].gain == max(profitable)
    # The public listing agrees with the check, and float mode with exact mode.
    listed = an.one_shot_gains(game, (a, b))
    assert sorted(d.gain for d in listed) == sorted(g for _, g in gains)
    floating = RepeatedGame(prisoners_dilemma().as_float(), float(delta), horizon=horizon)
    assert an.check_spe(floating, (a, b)).is_spe == result.is_spe or abs(float(max(result.max_gains))) < 1e-9


@settings(max_examples=30, deadline=None)
@given(automata(3), automata(3), hst.integers(1, 10), hst.fractions(0, 1, max_denominator=9))
def test_finite_horizon_best_reply_matches_float_backward_induction(a, b, horizon, delta):
    exact = an.check_nash(RepeatedGame(prisoners_dilemma(), delta, horizon=horizon), (a, b))
    floating = an.check_nash(RepeatedGame(prisoners_dilemma().as_float(), float(delta), horizon=horizon), (a, b))
    for i in range(2):
        assert abs(float(exact.best_payoffs[i]) - floating.best_payoffs[i]) < 1e-9
        assert exact.regrets[i] >= 0


# ------------------------------------------------------------ long horizons
def test_ten_thousand_rounds_exactly_and_quickly():
    game = RepeatedGame(prisoners_dilemma(), Fraction(9, 10), horizon=10_000)
    pair = (st.grim_trigger(), st.tit_for_tat())
    start = time.perf_counter()
    assert an.discounted_payoffs(game, pair) == (3, 3)
    result = an.check_spe(game, pair)
    nash = an.check_nash(game, pair)
    assert time.perf_counter() - start < 8
    # Defecting in the last round gains T - R = 2; it is the most profitable deviation.
    assert not result.is_spe and result.profitable[0].period == 9_999 and result.profitable[0].gain == 2
    assert result.n_profitable >= len(result.profitable) and len(result.profitable) <= an.MAX_REPORTED_DEVIATIONS
    assert nash.regrets[0] > 0
    prefix, cycle = an.outcome_path(game, pair)
    assert len(prefix) == 10_000 and set(prefix) == {("C", "C")} and cycle == ()


def test_thousand_state_automaton_play_payoffs_and_spe():
    game = RepeatedGame(prisoners_dilemma(), Fraction(99, 100))
    pair = (chain(1000), st.grim_trigger())
    start = time.perf_counter()
    prefix, cycle = an.outcome_path(game, pair)
    # 999 rounds of cooperation, the chain's defection against grim's cooperation, then mutual defection.
    assert len(prefix) == 1000 and set(prefix[:999]) == {("C", "C")} and prefix[999] == ("D", "C")
    assert cycle == (("D", "D"),)
    delta = Fraction(99, 100)
    row = 3 * (1 - delta**999) + 5 * delta**999 * (1 - delta) + delta**1000
    column = 3 * (1 - delta**999) + delta**1000
    assert an.discounted_payoffs(game, pair) == (row, column)
    result = an.check_spe(game, pair)
    assert not result.is_spe
    assert time.perf_counter() - start < 8


# ------------------------------------------------------------------ budgets
def test_symbolic_discount_refuses_long_paths():
    with pytest.raises(ValueError, match="MAX_SYMBOLIC_DEGREE"):
        dc.spe_discount_set(RepeatedGame(prisoners_dilemma()), (chain(_streams.MAX_SYMBOLIC_DEGREE + 5), st.grim_trigger()))


def test_symbolic_discount_refuses_long_finite_horizons():
    game = RepeatedGame(prisoners_dilemma(), horizon=_streams.MAX_SYMBOLIC_ROUNDS + 1)
    with pytest.raises(ValueError, match="MAX_SYMBOLIC_ROUNDS"):
        dc.spe_discount_set(game, (st.grim_trigger(),) * 2)


def test_all_state_pairs_refused_above_the_budget():
    big = chain(600)
    with pytest.raises(ValueError, match="MAX_STATE_PAIRS"):
        an.check_spe(RepeatedGame(prisoners_dilemma(), Fraction(1, 2)), (big, big), states="all")


def test_parameter_set_refuses_many_conditions():
    T = sympy.Symbol("T")
    pd = SymbolicGame([[[3, 0], [T, 1]], [[3, T], [0, 1]]], [Parameter("T", 5, low=3, high=10)])
    with pytest.raises(ValueError, match="MAX_SET_CONDITIONS"):
        dc.parameter_set(RepeatedGame(pd, Fraction(3, 5)), (chain(400), st.grim_trigger()), "T")


# ------------------------------------------------------------- command line
def test_sets_are_printed_as_mathematics():
    half = sympy.Rational(1, 2)
    assert set_text(sympy.Interval.Ropen(sympy.Rational(1, 3), 1)) == "[1/3, 1)"
    assert set_text(sympy.Interval(0, half, True, False)) == "(0, 1/2]"
    assert set_text(sympy.S.EmptySet) == "empty (no value)"
    assert set_text(sympy.FiniteSet(half)) == "{1/2}"
    union = sympy.Union(sympy.Interval(0, sympy.Rational(1, 4)), sympy.Interval.Ropen(sympy.Rational(3, 4), 1))
    assert set_text(union) == "[0, 1/4] ∪ [3/4, 1)"
    assert set_text(sympy.Interval(-sympy.oo, 3)) == "(-∞, 3]"


def test_solve_for_discount_gives_the_discount_set():
    result = CliRunner().invoke(repeated, ["alliance_burden_sharing_repeated", "--solve-for", "discount"])
    assert result.exit_code == 0, result.output
    assert "SPE for discount in: [1/3, 1)" in result.output
    assert "99/100" not in result.output
    assert "Interval" not in result.output and "EmptySet" not in result.output


def test_latex_option_prints_sympy_latex():
    result = CliRunner().invoke(repeated, ["alliance_burden_sharing_repeated", "--latex"])
    assert result.exit_code == 0, result.output
    assert r"LaTeX spe discount set: \left[\frac{1}{3}, 1\right)" in result.output
    assert "LaTeX spe closed form: " in result.output


@pytest.mark.parametrize("delta, horizon, ok", [("1", None, False), ("1.5", "5", False), ("-1/2", None, False),
                                                ("1", "5", True)])
def test_discount_factor_range(delta, horizon, ok):
    args = ["alliance_burden_sharing_repeated", "--delta", delta] + (["--horizon", horizon] if horizon else [])
    result = CliRunner().invoke(repeated, args)
    assert (result.exit_code == 0) == ok, result.output
    if not ok:
        assert "the discount factor must be" in result.output and "Traceback" not in result.output
