"""Near ties at tiny tolerances: a label value whose numerator is within its rounding bound is settled by the
exact minor of the game's payoffs (:mod:`gametheory.solvers._exact_minors`), so a genuine difference far
below the bound keeps its sign and a true tie is zero.

The bound itself is checked against exact arithmetic: every numerator the templates compute is within
:func:`rounding_bound` of the exact minor of the game's payoffs on the same scale.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame, solve
from gametheory.games.normal_form import onto_unit_interval
from gametheory.solvers import _basis_minors as minors
from gametheory.solvers._exact_minors import ExactMinors, determinant_bound, mapping_slack, rounding_bound

pygambit = pytest.importorskip("pygambit")

from test_zero_tolerance import _extreme_equilibria  # noqa: E402

# B's last column ties its first row with the fourth but for 2e-14.
REPRODUCER_A = [[1, 1, 0, 2], [0, 0, 1, 2], [1, 1, 1, 1], [2, 0, 1, 1]]
REPRODUCER_B = [[2, 0, 0, 1.99999999999998], [0, 0, 2, 1], [0, 2, 0, 1], [2, 1, 2, 2]]


def _check(A, B, tol, method="vertex_enumeration"):
    """Solve the float game at ``tol``: every equilibrium certified (also in exact arithmetic on the game's
    floats); a complete answer lists every equilibrium pygambit finds. Returns the result and pygambit's list."""
    A, B = np.array(A, dtype=float), np.array(B, dtype=float)
    game = NormalFormGame.from_bimatrix(A, B)
    result = solve(game, method, tol=tol)
    limit = game.tolerance(tol)
    ours = [np.concatenate([np.asarray(s, dtype=float) for s in e.as_float()]) for e in result]
    for e, point in zip(result, ours):
        assert max(e.regrets) <= limit
        m = A.shape[0]
        x, y = [F(float(p)) for p in point[:m]], [F(float(q)) for q in point[m:]]
        rows = [sum(F(float(a)) * q for a, q in zip(line, y)) for line in A]
        columns = [sum(F(float(b)) * p for b, p in zip(column, x)) for column in zip(*B)]
        regret = max(max(rows) - sum(p * v for p, v in zip(x, rows)),
                     max(columns) - sum(q * v for q, v in zip(y, columns)))
        assert float(regret) <= limit + 1e-12
    reference = _extreme_equilibria(A, B)
    if result.complete:
        missing = [p for p in reference if not any(np.allclose(p, q, atol=1e-9) for q in ours)]
        assert not missing, (tol, method, A.tolist(), B.tolist(), missing)
    return result, reference


@pytest.mark.parametrize("method", ["vertex_enumeration", "support_enumeration"])
def test_the_reproducer_lists_its_eleven_equilibria_at_zero_tolerance(method):
    """A difference of 2e-14, far below the rounding bound of its numerators, is not a tie: all eleven
    extreme equilibria, complete, at tol=0 and tol=1e-15."""
    for tol in (0.0, 1e-15):
        result, reference = _check(REPRODUCER_A, REPRODUCER_B, tol, method)
        assert len(reference) == 11
        assert result.complete and len(result) == 11


@pytest.mark.parametrize("gap", [1e-15, 2e-15, 1e-14, 2e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9])
@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_the_reproducers_near_tie_family(gap, sign):
    """The near-tie entry moved to 2 -+ gap: complete at tol=1e-15 with every equilibrium pygambit finds
    (numerators of a few 1e-15 settled exactly, not taken for ties), and no wrong complete answer at tol=0."""
    B = [list(line) for line in REPRODUCER_B]
    B[0][3] = 2.0 - sign * gap
    for method in ("vertex_enumeration", "support_enumeration"):
        result, _ = _check(REPRODUCER_A, B, 1e-15, method)
        assert result.complete
        _check(REPRODUCER_A, B, 0.0, method)


def test_a_near_tie_above_the_written_out_kernels():
    """The reproducer bordered by a dominated fifth action (the numpy minors route): complete at 1e-15."""
    A, B = np.full((5, 5), -5.0), np.full((5, 5), -5.0)
    A[:4, :4], B[:4, :4] = REPRODUCER_A, REPRODUCER_B
    A[:4, 4], B[4, :4] = 0.0, 0.0
    for method in ("vertex_enumeration", "support_enumeration"):
        result, reference = _check(A, B, 1e-15, method)
        assert result.complete and len(reference) == 11
        _check(A, B, 0.0, method)


# Games with a basis the singularity rule (|det| below 1e-11 times its rows' norms) calls singular although
# its determinant is not zero: at tol=0 its vertex is an extreme equilibrium, found only if the basis is
# solved exactly (a 2 x 2 game whose B columns differ by 1e-14, a 4 x 2 and a 3 x 3 game with 1e-12 gaps).
NEAR_SINGULAR_GAMES = {
    "2 x 2": ([[0.0, -1.0], [0.0, 1.0]], [[-0.99999999999999, -1.0], [0.99999999999999, 1.0]]),
    "4 x 2": ([[0.0, 1.0], [0.0, 1.000000000001], [-1.0, -1.0], [1e-12, 1.0]],
              [[-1.0, -1e-12], [1.0, 1.0], [0.0, -1.0], [1.0, -1.000000000001]]),
    "3 x 3": ([[1.0, -1.0, 0.0], [1.00000000001, -1.0, -1.0], [1.0, -0.99999999999, 0.0]],
              [[-1.0, 1e-11, -1e-11], [0.0, 0.0, 0.0], [0.0, -1.0, -1.0]]),
}


@pytest.mark.parametrize("name", NEAR_SINGULAR_GAMES)
@pytest.mark.parametrize("method", ["vertex_enumeration", "support_enumeration"])
def test_nearly_singular_bases_are_solved_exactly_at_fine_tolerances(name, method):
    A, B = NEAR_SINGULAR_GAMES[name]
    for tol in (0.0, 1e-15, 1e-12):
        result, reference = _check(A, B, tol, method)
        assert result.complete and len(reference) == 3


def test_nearly_singular_bases_above_the_written_out_kernels():
    """The 2 x 2 game bordered by dominated actions to 5 x 5 (the numpy minors route)."""
    small_A, small_B = NEAR_SINGULAR_GAMES["2 x 2"]
    A, B = np.full((5, 5), -5.0), np.full((5, 5), -5.0)
    A[:2, :2], B[:2, :2] = small_A, small_B
    A[:2, 2:], B[2:, :2] = -2.0, -2.0
    for method in ("vertex_enumeration", "support_enumeration"):
        result, reference = _check(A, B, 0.0, method)
        assert result.complete and len(reference) == 3


@st.composite
def _near_tie_games(draw):
    """Integer games with ties (payoffs -2..2), a few entries moved by 1e-15 to 1e-9."""
    m, n = draw(st.integers(2, 4)), draw(st.integers(2, 4))
    entries = st.lists(st.integers(-2, 2), min_size=m * n, max_size=m * n)
    A, B = (np.array(draw(entries), dtype=float).reshape(m, n) for _ in range(2))
    gap = 10.0 ** draw(st.integers(-15, -9))
    for M in (A, B):
        for _ in range(draw(st.integers(0, 2))):
            i, j = draw(st.integers(0, m - 1)), draw(st.integers(0, n - 1))
            M[i, j] += draw(st.sampled_from([-gap, gap])) * max(1.0, abs(M[i, j]))
    return A, B


@settings(max_examples=40, deadline=None)
@given(_near_tie_games(), st.sampled_from([0.0, 1e-15, 1e-14, 1e-12]))
def test_near_tie_games_against_pygambit(game, tol):
    _check(*game, tol)


# ------------------------------------------------------------- the bound and the exact minors
def _numerators(A, B):
    """Every numerator the templates compute for the game, with its minor: ``[(value, (side, R, S))]``."""
    m, n = A.shape
    t = minors.templates(m, n)
    work = np.empty(2 * t.size)
    work[:t.minors_start] = t.blank
    (low_a, high_a), (low_b, high_b) = (A.min(), A.max()), (B.min(), B.max())
    work[:t.q_start].reshape(m + 1, n)[:m] = 1.0 + onto_unit_interval(B, low_b, high_b)
    work[t.q_start:t.minors_start].reshape(n + 1, m)[:n] = (1.0 + onto_unit_interval(A, low_a, high_a)).T
    minors._minors(work, t)
    keys = minors.minor_keys(m, n)
    used = {int(v) % t.size for v in t.value_index[t.value_real]}
    return [(work[v], keys[v]) for v in sorted(used) if keys[v][1][-1] == (m if keys[v][0] == 0 else n)
            and len(keys[v][2]) > 1]


@st.composite
def _spanning_games(draw):
    """Games whose players both have two payoff values or more: ties, random floats, wide or tiny scales."""
    m, n = draw(st.integers(2, 4)), draw(st.integers(2, 4))
    kind = draw(st.sampled_from(["ties", "floats", "scaled"]))
    if kind == "ties":
        values = st.integers(-3, 3).map(float)
    else:
        values = st.floats(-1.0, 1.0, allow_subnormal=False)
    A, B = (np.array(draw(st.lists(values, min_size=m * n, max_size=m * n))).reshape(m, n) for _ in range(2))
    if kind == "scaled":
        A, B = A * 10.0 ** draw(st.integers(-300, 300)), B * 10.0 ** draw(st.integers(-300, 300))
    A[0, 0], A[-1, -1], B[0, 0], B[-1, -1] = 0.0, 1.0, 0.0, 1.0  # both spread
    return A, B


def _fraction_determinant(rows: list) -> F:
    """The determinant of a square matrix of Fractions by Gaussian elimination (independent of Bareiss)."""
    a = [list(row) for row in rows]
    total = F(1)
    for k in range(len(a)):
        pivot = next((i for i in range(k, len(a)) if a[i][k] != 0), None)
        if pivot is None:
            return F(0)
        if pivot != k:
            a[k], a[pivot] = a[pivot], a[k]
            total = -total
        total *= a[k][k]
        for i in range(k + 1, len(a)):
            factor = a[i][k] / a[k][k]
            a[i] = [x - factor * y for x, y in zip(a[i], a[k])]
    return total


@settings(max_examples=60, deadline=None)
@given(_spanning_games())
def test_every_numerator_is_within_its_rounding_bound_of_the_exact_minor(game):
    A, B = game
    exact = ExactMinors.from_payoffs(A.tolist(), B.tolist(), ((A.min(), A.max()), (B.min(), B.max())))
    # The exact affine images on [1, 2] of C_P's payoff rows (B's rows) and C_Q's (A's columns).
    sides = [[[1 + (F(v) - F(M.min())) / F(M.max() - M.min()) for v in line] for line in rows]
             for M, rows in ((B, B), (A, A.T))]
    for value, (side, R, S) in _numerators(A, B):
        rows = sides[side]
        true = _fraction_determinant([[rows[i][j] for j in S] if i < len(rows) else [F(1)] * len(S) for i in R])
        assert abs(F(value) - true) <= F(rounding_bound(len(S))), (value, float(true), len(S))
        assert exact.minor(side, R, S) == float(true) or (true != 0 and abs(float(true)) < 1e-300)
        assert (exact.minor(side, R, S) == 0.0) == (true == 0)
        if abs(value) <= rounding_bound(len(S)):  # settled: the shortcut on integer payoffs agrees
            assert exact.near(side, R, S) == exact.minor(side, R, S)


def test_exact_minors_keep_the_sign_of_a_tiny_difference():
    """Payoffs 2^-600 apart on a spread of 1: an exact minor of 2^-1200 underflows but keeps its sign."""
    e = 2.0 ** -600
    A = [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    B = [[0.0, e, 0.0], [0.0, 0.0, e], [1.0, 0.0, 0.0]]
    exact = ExactMinors.from_payoffs(A, B, ((0.0, 1.0), (0.0, 1.0)))
    # Rows 0 and 1 of C_P and its row of ones (row 3): the determinant is e^2.
    assert exact.minor(0, (0, 1, 3), (0, 1, 2)) == 5e-324
    assert exact.minor(0, (1, 0, 3), (0, 1, 2)) == -5e-324  # rows swapped: the sign follows
    assert exact.minor(0, (0, 3), (0, 1)) == -e


def test_the_singularity_rule_is_beyond_the_determinants_rounding():
    """A determinant the rule keeps (|det| at least 1e-11 times its rows' norms, each at least sqrt(d) for
    rows of d payoffs in [1, 2], d >= k) is farther from zero than its rounding bound: it is not zero and
    has the exact value's sign, so only the bases the rule would drop need the exact step."""
    for k in range(2, 8):
        assert 1e-11 * k ** (k / 2) > determinant_bound(k)


def test_rounding_bounds_grow_with_the_order():
    bounds = [rounding_bound(r) for r in range(2, 9)]
    assert all(a < b for a, b in zip(bounds, bounds[1:]))
    assert all(mapping_slack(r) < rounding_bound(r) for r in range(2, 9))
    # The bound of order 2: the expansion's two products and one sum, the mapping of one payoff row.
    assert 3.9 * 2.0 ** -53 * 4 < rounding_bound(2) < 4.2 * 2.0 ** -53 * 4


@st.composite
def _tied_integer_games(draw):
    """Integer games of five to seven actions each with payoffs from five values spread over -20..20: many
    numerators to settle, a spread too wide for the shortcut of small spreads."""
    m, n = draw(st.integers(5, 7)), draw(st.integers(5, 7))
    entries = st.lists(st.sampled_from([-20, -7, 0, 3, 20]), min_size=m * n, max_size=m * n)
    return tuple(np.array(draw(entries), dtype=float).reshape(m, n) for _ in range(2))


@settings(max_examples=25, deadline=None)
@given(_tied_integer_games(), st.sampled_from([0.0, 1e-9]))
def test_the_templates_pass_on_integer_payoffs_settles_as_integer_arithmetic(game, tol):
    """The one pass of the templates on the shifted integer payoffs gives every settled numerator exactly as
    the minors one by one in integer arithmetic do."""
    A, B = game
    ranges = ((A.min(), A.max()), (B.min(), B.max()))
    limit = 1e-9 if tol else 0.0
    used = []
    original = minors._integer_minors
    minors._integer_minors = lambda exact, t: used.append(original(exact, t)) or used[-1]
    try:
        batch = minors.solve_payoffs(A, B, ranges, 1e6 * limit, limit)[0]
    finally:
        minors._integer_minors = original
    assert not used or used[-1] is not None  # the pass was taken where asked for
    minors._integer_minors = lambda exact, t: None
    try:
        reference = minors.solve_payoffs(A, B, ranges, 1e6 * limit, limit)[0]
    finally:
        minors._integer_minors = original
    assert np.array_equal(batch.numerators, reference.numerators)
    assert np.array_equal(batch.det, reference.det, equal_nan=True)
    assert np.array_equal(batch.feasible, reference.feasible) and batch.degenerate == reference.degenerate


@settings(max_examples=25, deadline=None)
@given(st.integers(5, 7).flatmap(lambda m: st.tuples(st.just(m), st.integers(5, 7))).flatmap(
    lambda shape: st.lists(st.integers(-2, 2), min_size=2 * shape[0] * shape[1], max_size=2 * shape[0] * shape[1])
    .map(lambda v: (np.array(v[:len(v) // 2], dtype=float).reshape(shape),
                    np.array(v[len(v) // 2:], dtype=float).reshape(shape)))))
def test_small_integer_spreads_make_numerators_within_their_bounds_zeros(game):
    """Payoffs in -2..2 at tol=0: the shortcut (no arithmetic) settles every numerator as the exact minors do."""
    A, B = game
    ranges = ((A.min(), A.max()), (B.min(), B.max()))
    batch = minors.solve_payoffs(A, B, ranges, 0.0, 0.0)[0]
    original = minors.ExactMinors.integer_spreads
    minors.ExactMinors.integer_spreads = lambda self: None
    try:
        reference = minors.solve_payoffs(A, B, ranges, 0.0, 0.0)[0]
    finally:
        minors.ExactMinors.integer_spreads = original
    assert np.array_equal(batch.numerators, reference.numerators)
    assert np.array_equal(batch.feasible, reference.feasible) and batch.degenerate == reference.degenerate
