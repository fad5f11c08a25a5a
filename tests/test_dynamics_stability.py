"""Rest points, exact stability and ESS certificates of the replicator dynamics."""

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nashpy

from gametheory import NormalFormGame
from gametheory.dynamics import ess_certificate, evolutionarily_stable_strategies, jacobian, rest_points
from gametheory.dynamics.stability import characteristic_polynomial, eigenvalue_signature

RPS = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]


def _exact_field_one(A, x):
    k = len(x)
    f = [sum(A[i][j] * x[j] for j in range(k)) for i in range(k)]
    phi = sum(x[i] * f[i] for i in range(k))
    return [x[i] * (f[i] - phi) for i in range(k)]


def _alternative_best_replies(A, x, replies, rng, n=200):
    """Random states on the face of best replies (and the vertices and edge midpoints)."""
    k = len(x)
    out = []
    for _ in range(n):
        weights = rng.dirichlet(np.ones(len(replies)))
        y = np.zeros(k)
        y[list(replies)] = weights
        out.append(y)
    for r in replies:
        y = np.zeros(k)
        y[r] = 1
        out.append(y)
    return out


@pytest.mark.parametrize("value,cost", [(2, 4), (1, 3), (3, 5), (F(1, 2), 7)])
def test_hawk_dove_ess_is_value_over_cost(value, cost):
    A = [[F(value - cost, 2), value], [0, F(value, 2)]]
    game = NormalFormGame.from_bimatrix(A, np.array(A, dtype=object).T, actions=(["Hawk", "Dove"],) * 2)
    result = rest_points(game)
    assert result.exact and not result.continuum
    (ess,) = result.ess
    assert ess.state[0].tolist() == [F(value) / cost, 1 - F(value) / cost]
    assert ess.stability == "asymptotically stable" and ess.signature == (1, 0, 0)
    assert ess.regrets == (0,)
    certificate = ess.ess
    assert certificate.kind == "second order" and certificate.payoff_gap is None
    # z.Az on the one support direction (Hawk - Dove) is -C/2.
    assert certificate.support_form.tolist() == [[F(-cost, 2)]]
    pure = [p for p in result if len(p.supports[0]) == 1]
    assert all(p.stability == "unstable" and not p.is_ess for p in pure)


def test_rock_paper_scissors_centre_is_non_hyperbolic_and_not_ess():
    result = rest_points(RPS)
    interior = [p for p in result if p.is_interior]
    assert len(interior) == 1
    (centre,) = interior
    assert centre.state[0].tolist() == [F(1, 3)] * 3
    assert centre.characteristic_polynomial == (1, 0, F(1, 3))
    assert centre.signature == (0, 2, 0)
    assert centre.stability == "non-hyperbolic"
    assert not centre.is_ess
    assert evolutionarily_stable_strategies(RPS) == ()
    ok, reason = ess_certificate(RPS, [F(1, 3)] * 3)
    assert not ok and "inside the support" in reason


@pytest.mark.parametrize("win,loss,stable", [(2, 1, True), (1, 2, False)])
def test_generalised_rock_paper_scissors(win, loss, stable):
    """Zeeman 1980: the centre is an ESS (and asymptotically stable) iff wins outweigh losses."""
    A = [[0, -loss, win], [win, 0, -loss], [-loss, win, 0]]
    centre = next(p for p in rest_points(A) if p.is_interior)
    assert centre.is_ess is stable
    assert centre.stability == ("asymptotically stable" if stable else "unstable")


def test_non_strict_pure_ess_uses_the_copositivity_certificate():
    # e1 is a best reply to itself, tied with e2, and does better against e2 than e2 does.
    ok, certificate = ess_certificate([[1, 1], [1, 0]], [1, 0])
    assert ok and certificate.kind == "second order"
    assert certificate.best_replies == ((0, 1),)
    assert certificate.outside_form.tolist() == [[-1]]
    assert certificate.copositivity_minimum == 1
    ok, reason = ess_certificate([[1, 1], [1, 2]], [1, 0])
    assert not ok and "outside the support" in reason


def test_strict_nash_certificate_and_not_nash():
    ok, certificate = ess_certificate([[4, 0], [3, 2]], [1, 0])
    assert ok and certificate.kind == "strict Nash" and certificate.payoff_gap == 1
    ok, reason = ess_certificate([[3, 0], [5, 1]], [1, 0])
    assert not ok and "not a Nash equilibrium" in reason


def _random_integer_matrix(rng, k, low=-4, high=5):
    return [[int(v) for v in row] for row in rng.integers(low, high, size=(k, k))]


@pytest.mark.parametrize("seed", range(24))
def test_every_rest_point_is_at_rest_and_every_ess_resists_its_alternatives(seed):
    rng = np.random.default_rng(seed)
    k = 2 + seed % 2 if seed < 20 else 4
    A = _random_integer_matrix(rng, k)
    result = rest_points(A)
    for point in result:
        x = list(point.state[0])
        assert all(v == 0 for v in _exact_field_one(A, x))
        assert sum(x) == 1 and all(v >= 0 for v in x)
        if point.is_ess:
            assert point.is_nash and point.stability == "asymptotically stable"
            (replies,) = point.ess.best_replies
            xf = np.array(x, dtype=float)
            M = np.array(A, dtype=float)
            for y in _alternative_best_replies(M, xf, replies, rng):
                if np.abs(y - xf).max() > 1e-9:
                    assert xf @ M @ y > y @ M @ y - 1e-12


@pytest.mark.parametrize("seed", range(20))
def test_nash_rest_points_are_the_symmetric_equilibria_of_the_game(seed):
    """Exact games: the Nash rest points are exactly the symmetric equilibria found by the certified solver."""
    from gametheory import solve

    rng = np.random.default_rng(1000 + seed)
    k = 2 + seed % 2
    A = [[F(int(v)) + F(int(e), 1000) for v, e in zip(row, noise)]
         for row, noise in zip(rng.integers(-9, 10, size=(k, k)), rng.integers(0, 1000, size=(k, k)))]
    game = NormalFormGame.from_bimatrix(A, np.array(A, dtype=object).T)
    ours = sorted(tuple(p.state[0]) for p in rest_points(game) if p.is_nash)
    result = solve(game)
    theirs = sorted(tuple(e.strategies[0]) for e in result if list(e.strategies[0]) == list(e.strategies[1]))
    if not result.degenerate:
        assert ours == theirs
    assert set(theirs) <= set(ours)


@pytest.mark.parametrize("seed", range(20))
def test_two_population_nash_rest_points_are_nashpys_equilibria(seed):
    rng = np.random.default_rng(2000 + seed)
    m, n = 2 + seed % 2, 2 + (seed // 2) % 2
    A = rng.uniform(-1, 1, (m, n))
    B = rng.uniform(-1, 1, (m, n))
    game = NormalFormGame.from_bimatrix(A, B)
    ours = sorted(tuple(np.round(np.concatenate(p.state), 8)) for p in rest_points(game) if p.is_nash)
    theirs = sorted(tuple(np.round(np.concatenate([x, y]), 8)) for x, y in nashpy.Game(A, B).support_enumeration())
    assert ours == theirs


def test_two_population_stable_points_are_the_strict_equilibria():
    stag = NormalFormGame.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]])
    result = rest_points(stag, populations=2)
    assert [p.describe() for p in result.stable] == ["Row: A1; Column: B1", "Row: A2; Column: B2"]
    assert [(p.ess.kind, p.ess.payoff_gap) for p in result.stable] == [("strict Nash", 1), ("strict Nash", 2)]
    interior = next(p for p in result if p.is_interior)
    assert interior.signature == (1, 0, 1)
    pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    centre = next(p for p in rest_points(pennies) if p.is_interior)
    assert centre.stability == "non-hyperbolic" and centre.signature == (0, 2, 0)


@pytest.mark.parametrize("value", [F(3, 10), F(1, 2), F(1, 3), F(7, 10)])
def test_exact_strict_equilibrium_is_certified_whatever_its_float_rounding(value):
    # 3/10 and 1/3 round down as floats: an exact comparison with a float would call them unstable.
    game = NormalFormGame.from_bimatrix([[value, 0], [0, 0]], [[value, 0], [0, 0]])
    stable = rest_points(game, populations=2).stable
    top = next(p for p in stable if p.describe() == "Row: A1; Column: B1")
    assert top.is_ess and top.ess.kind == "strict Nash" and top.ess.payoff_gap == value


@pytest.mark.parametrize("seed", range(15))
def test_exact_and_float_modes_agree(seed):
    rng = np.random.default_rng(3000 + seed)
    k = 2 + seed % 2
    A = _random_integer_matrix(rng, k)
    exact = rest_points(A)
    floating = rest_points(np.array(A, dtype=float))
    assert not exact.continuum or floating.continuum
    if exact.continuum:
        return
    assert len(exact) == len(floating)
    for a, b in zip(exact, floating):
        np.testing.assert_allclose(np.array(a.state[0], dtype=float), b.state[0], atol=1e-9)
        assert a.is_ess == b.is_ess
        if a.signature[1] == 0:
            assert a.signature == b.signature and a.stability == b.stability


def test_degenerate_game_flags_a_continuum():
    result = rest_points([[1, 1], [1, 1]])
    assert result.continuum
    assert [p.describe() for p in result] == ["S1", "S2"]
    assert result.ess == ()


def test_jacobian_matches_finite_differences():
    rng = np.random.default_rng(5)
    A = rng.uniform(-1, 1, (3, 3))
    x = rng.dirichlet(np.ones(3))
    J = jacobian(A, x)

    def reduced(u):
        full = np.array([u[0], u[1], 1 - u[0] - u[1]])
        f = A @ full
        return (full * (f - full @ f))[:2]

    h = 1e-6
    numeric = np.column_stack([(reduced(x[:2] + h * e) - reduced(x[:2] - h * e)) / (2 * h) for e in np.eye(2)])
    np.testing.assert_allclose(J, numeric, atol=1e-8)
    game = NormalFormGame.from_bimatrix(rng.uniform(-1, 1, (2, 3)), rng.uniform(-1, 1, (2, 3)))
    x, y = rng.dirichlet(np.ones(2)), rng.dirichlet(np.ones(3))
    J2 = jacobian(game, (x, y), populations=2)
    A2, B2 = (np.asarray(M, dtype=float) for M in game.bimatrix())

    def reduced2(u):
        xs = np.array([u[0], 1 - u[0]])
        ys = np.array([u[1], u[2], 1 - u[1] - u[2]])
        fx, fy = A2 @ ys, xs @ B2
        return np.concatenate([(xs * (fx - xs @ fx))[:1], (ys * (fy - ys @ fy))[:2]])

    u0 = np.array([x[0], y[0], y[1]])
    numeric = np.column_stack([(reduced2(u0 + h * e) - reduced2(u0 - h * e)) / (2 * h) for e in np.eye(3)])
    np.testing.assert_allclose(J2, numeric, atol=1e-8)


@pytest.mark.parametrize(
    "roots,signature",
    [
        ([-1, -2], (2, 0, 0)),
        ([1, -2, 3], (1, 0, 2)),
        ([0, 0], (0, 2, 0)),
        ([0, -1], (1, 1, 0)),
        ([1j, -1j, 2], (0, 2, 1)),
        ([1 + 2j, 1 - 2j, -1 + 1j, -1 - 1j], (2, 0, 2)),
        ([1, -1, 2j, -2j, F(-1, 3)], (2, 2, 1)),
        ([1, 1, -1], (1, 0, 2)),
    ],
)
def test_exact_signature_on_known_polynomials(roots, signature):
    poly = np.poly1d([1])
    for r in roots:
        poly = poly * np.poly1d([1, -complex(r)])
    coefficients = [F(round(c.real * 9)) / 9 if isinstance(c, complex) else c for c in poly.coeffs]
    coefficients = [F(round(complex(c).real * 9), 9) for c in poly.coeffs]
    assert eigenvalue_signature(coefficients) == signature


@settings(max_examples=15)
@given(st.lists(st.integers(-6, 6), min_size=9, max_size=9))
def test_exact_signature_agrees_with_numerical_eigenvalues(entries):
    M = [[F(v) for v in entries[3 * i: 3 * i + 3]] for i in range(3)]
    poly = characteristic_polynomial(M)
    eigenvalues = np.linalg.eigvals(np.array(M, dtype=float))
    real = eigenvalues.real
    if np.any(np.abs(real) < 1e-6):
        return  # near the imaginary axis the numerical count is not reliable
    assert eigenvalue_signature(poly) == (int(np.sum(real < 0)), 0, int(np.sum(real > 0)))
    np.testing.assert_allclose(np.poly(np.array(M, dtype=float)), np.array(poly, dtype=float), atol=1e-8)


def test_one_population_needs_a_symmetric_game():
    game = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[0, 1], [1, 0]])
    with pytest.raises(ValueError, match="two-population"):
        rest_points(game, populations=1)
    with pytest.raises(ValueError, match="populations must be 1 or 2"):
        rest_points(game, populations=3)
    assert rest_points(game).populations == 2
