"""Tests for continuous-action games and best-response iteration (gametheory.games.continuous)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy

from gametheory.games.continuous import (
    ContinuousGame,
    IterationResult,
    action_regrets,
    best_response,
    best_response_iteration,
)

TOL = 1e-6  # on actions: the iteration stops at steps of 1e-8, the certificate is on payoffs


# ------------------------------------------------------------ public good (Olson-Zeckhauser)
def public_good_callable(incomes, alpha=0.5) -> ContinuousGame:
    w = np.array(incomes, dtype=float)
    players = [f"Ally {k + 1}" for k in range(len(w))]
    return ContinuousGame(players, [(0, wi) for wi in w],
                          lambda q: alpha * np.log(w - q) + (1 - alpha) * np.log(q.sum()))


def public_good_symbolic(incomes, alpha=sympy.Rational(1, 2)) -> ContinuousGame:
    q = sympy.symbols(f"q1:{len(incomes) + 1}")
    a, total = sympy.Symbol("alpha"), sum(q)
    expressions = [a * sympy.log(sympy.Symbol(f"w{k + 1}") - q[k]) + (1 - a) * sympy.log(total) for k in range(len(q))]
    parameters = {"alpha": alpha} | {f"w{k + 1}": wi for k, wi in enumerate(incomes)}
    return ContinuousGame([f"Ally {k + 1}" for k in range(len(q))], [(0, wi) for wi in incomes], expressions,
                          actions=[str(s) for s in q], parameters=parameters)


def public_good_closed_form(incomes, alpha=0.5):
    """Bergstrom-Blume-Varian closed form (catalog entry 5): contributors consume
    x* = alpha Q / (1 - alpha), Q = (1 - alpha) W_C / ((1 - alpha) + |C| alpha),
    and i contributes iff w_i > x*."""
    order = sorted(range(len(incomes)), key=lambda k: -incomes[k])
    for size in range(len(incomes), 0, -1):
        members = order[:size]
        total = (1 - alpha) * sum(incomes[k] for k in members) / ((1 - alpha) + size * alpha)
        consumption = alpha * total / (1 - alpha)
        if all(incomes[k] > consumption for k in members) and all(incomes[k] <= consumption for k in order[size:]):
            return [incomes[k] - consumption if k in members else 0.0 for k in range(len(incomes))]
    raise AssertionError("no consistent contributor set")


@pytest.mark.parametrize("incomes, contributions", [
    ((10, 8), (4, 2)),
    ((10, 2), (5, 0)),
    ((10, 6, 2), (14 / 3, 2 / 3, 0)),
])
@pytest.mark.parametrize("build", [public_good_callable, public_good_symbolic])
def test_public_good_reproduces_the_olson_zeckhauser_table(build, incomes, contributions):
    """Olson and Zeckhauser (1966) with Cobb-Douglas utility, alpha = 1/2
    (MODELS-CATALOG entry 5 table): the exploitation of the great by the small."""
    assert public_good_closed_form(incomes) == pytest.approx(contributions, abs=1e-12)
    game = build(incomes)
    result = best_response_iteration(game)
    assert result.converged and result.is_equilibrium, result.describe()
    assert result.point == pytest.approx(contributions, abs=TOL)
    assert all(0 <= r <= result.tol for r in result.regrets)
    assert result.notes == ()
    burdens = [q / w for q, w in zip(result.point, incomes)]
    assert burdens == sorted(burdens, reverse=True)  # larger allies carry a larger share


@pytest.mark.parametrize("incomes, alpha", [((7, 5, 4, 1), 0.3), ((3, 9, 6), 0.6), ((12, 1), 0.25)])
def test_public_good_matches_the_closed_form_at_other_parameters(incomes, alpha):
    expected = public_good_closed_form(incomes, alpha)
    for scheme, damping in (("gauss-seidel", 0.0), ("jacobi", 0.5)):
        result = best_response_iteration(public_good_callable(incomes, alpha), scheme=scheme, damping=damping)
        assert result.is_equilibrium and result.converged, result.describe()
        assert result.point == pytest.approx(expected, abs=TOL)


def test_symbolic_public_good_uses_the_first_order_condition():
    game = public_good_symbolic((10, 8))
    response = best_response(game, "Ally 1", [2])
    assert response.method == "first_order_condition"
    assert response.action == pytest.approx(4.0, abs=1e-12)  # q1 = (w1 - q2) / 2
    assert best_response(game, "Ally 2", {"Ally 1": 9}).action == 0.0  # the corner: (8 - 9) / 2 < 0
    assert best_response(game, 1, [4, 123]).action == pytest.approx(2.0, abs=1e-12)  # own entry ignored


def test_start_on_the_minus_infinity_boundary_is_fine():
    """ln(Q) is -inf at Q = 0: a payoff of -inf is the worst outcome, not an error."""
    game = public_good_callable((10, 8))
    assert game.payoffs([0, 0]).tolist() == [-np.inf, -np.inf]
    result = best_response_iteration(game, start=[0, 0])
    assert result.is_equilibrium
    assert result.point == pytest.approx((4, 2), abs=TOL)
    # At (10, 0) ally 1 consumes nothing: its payoff is -inf and any interior action is better.
    assert action_regrets(game, [10, 0])[0] == math.inf


def test_undamped_jacobi_oscillation_is_reported_not_hidden():
    """Three equal allies: the Jacobi map q -> (w - 2q)/2 has eigenvalue -1, so
    from the centre it cycles between 5 and 0; damping 1/2 converges to 2.5."""
    game = public_good_callable((10, 10, 10))
    result = best_response_iteration(game, scheme="jacobi", max_iter=30)
    assert not result.converged and not result.is_equilibrium
    assert result.max_regret > 1e-2
    assert any("did not converge" in note for note in result.notes)
    assert any("not an equilibrium" in note for note in result.notes)
    assert "NOT an equilibrium" in result.describe()
    assert {round(p[0], 9) for p in result.path[1:]} == {0.0, 5.0}
    damped = best_response_iteration(game, scheme="jacobi", damping=0.5)
    assert damped.is_equilibrium and damped.point == pytest.approx((2.5, 2.5, 2.5), abs=TOL)


def test_max_iter_reached_but_certified_is_said_so():
    game = public_good_callable((10, 8))
    result = best_response_iteration(game, start=[4 + 1e-9, 2], max_iter=1, tol=1e-300)
    assert not result.converged and result.is_equilibrium
    assert result.notes[-1].startswith("the regrets are nevertheless within tolerance")


# ------------------------------------------------------------ Cournot
def cournot(costs, demand=100.0, slope=1.0, symbolic=False) -> ContinuousGame:
    players = ["Firm 1", "Firm 2"]
    bounds = [(0, demand / slope)] * 2
    if symbolic:
        q1, q2 = sympy.symbols("q1 q2")
        price = demand - slope * (q1 + q2)
        return ContinuousGame(players, bounds, [q1 * (price - costs[0]), q2 * (price - costs[1])], actions=["q1", "q2"])
    c = np.array(costs, dtype=float)
    return ContinuousGame(players, bounds, lambda q: q * (demand - slope * q.sum() - c))


@pytest.mark.parametrize("symbolic", [False, True])
@pytest.mark.parametrize("costs", [(10, 10), (10, 20)])
@pytest.mark.parametrize("scheme", ["gauss-seidel", "jacobi"])
def test_cournot_duopoly_equilibrium(symbolic, costs, scheme):
    """Cournot duopoly, P = a - bQ, unit costs c_i: q_i* = (a - 2c_i + c_j) / (3b)."""
    a, b = 100.0, 1.0
    expected = [(a - 2 * costs[0] + costs[1]) / (3 * b), (a - 2 * costs[1] + costs[0]) / (3 * b)]
    result = best_response_iteration(cournot(costs, a, b, symbolic), scheme=scheme)
    assert result.converged and result.is_equilibrium, result.describe()
    assert result.point == pytest.approx(expected, abs=TOL)
    # dU_i/dq_j = -b q_i <= 100 in size: payoffs inherit the action tolerance times 100.
    assert result.payoffs == pytest.approx([b * q ** 2 for q in expected], abs=100 * TOL)
    assert isinstance(result, IterationResult) and result.scheme == scheme


def test_regret_certificate_matches_the_analytic_deviation_gain():
    """Against q_j, firm i's best payoff is b * BR^2 with BR = (a - c - b q_j) / (2b);
    at (q_i, q_j) the regret is b * (BR - q_i)^2."""
    game = cournot((10, 10))
    for point in ([0, 30], [10, 50], [45, 0]):
        expected = [(90 - point[1 - i]) / 2 - point[i] for i in range(2)]
        assert action_regrets(game, point) == pytest.approx([e ** 2 for e in expected], abs=1e-7)


# ------------------------------------------------------------ local optima
def test_grid_safeguard_finds_the_global_maximum_of_a_bimodal_payoff():
    """-(x-1)^2 (x-4)^2 + x/2 has local maxima near 1 and 4; the global one is near 4."""
    def payoff(x):
        return [-(x[0] - 1) ** 2 * (x[0] - 4) ** 2 + 0.5 * x[0] * (1 + x[1]), -x[1] ** 2]

    dense = np.linspace(0, 5, 2_000_001)
    values = -(dense - 1) ** 2 * (dense - 4) ** 2 + 0.5 * dense
    game = ContinuousGame(["A", "B"], [(0, 5), (0, 1)], payoff)
    response = best_response(game, "A", [0])
    assert response.method == "numeric"
    assert response.action == pytest.approx(dense[values.argmax()], abs=1e-5)
    assert response.payoff >= values.max() - 1e-9
    # Starting the refinement near the wrong peak does not matter: a coarse grid still sees both.
    assert best_response(game, "A", [0], grid=11).action == pytest.approx(response.action, abs=1e-6)
    x, y = sympy.symbols("x y")
    symbolic = ContinuousGame(["A", "B"], [(0, 5), (0, 1)],
                              [-(x - 1) ** 2 * (x - 4) ** 2 + sympy.Rational(1, 2) * x * (1 + y), -y ** 2],
                              actions=["x", "y"])
    closed = best_response(symbolic, "A", [0], method="first_order_condition")
    assert closed.action == pytest.approx(response.action, abs=1e-6)
    assert closed.payoff >= response.payoff - 1e-12


def test_fixed_action_interval_and_one_player():
    game = ContinuousGame(["Only"], [(2, 2)], lambda x: [-(x[0] - 5) ** 2])
    assert best_response(game, "Only", []).action == 2.0
    solo = ContinuousGame(["Only"], [(0, 10)], lambda x: [-(x[0] - 3) ** 2])
    result = best_response_iteration(solo)
    assert result.is_equilibrium and result.point == pytest.approx((3,), abs=TOL)


# ------------------------------------------------------------ errors
@pytest.mark.parametrize("bounds, error, match", [
    ([(0, 1)], ValueError, "one \\(low, high\\) pair per player \\(2 players\\)"),
    ([(0, 1), (3, 2)], ValueError, "bounds for player 'B' are \\(3, 2\\): expected low <= high"),
    ([(0, 1), (0, np.inf)], ValueError, "upper bound of player 'B' is inf"),
    ([(0, 1), (float("nan"), 1)], ValueError, "lower bound of player 'B' is nan"),
    ([(0, 1), (0, 1, 2)], ValueError, "must be a \\(low, high\\) pair"),
    ([(0, 1), (False, 1)], TypeError, "lower bound of player 'B' must be a real number"),
    ([(0, 1), ("0", 1)], TypeError, "must be a real number, got str"),
    ("01", ValueError, "one \\(low, high\\) pair per player"),
])
def test_bad_bounds(bounds, error, match):
    with pytest.raises(error, match=match):
        ContinuousGame(["A", "B"], bounds, lambda x: [x[0], x[1]])


@pytest.mark.parametrize("payoff, error, match", [
    (lambda x: x.sum(), ValueError, r"returned shape \(\), expected \(2,\): one payoff per player"),
    (lambda x: [1.0, 2.0, 3.0], ValueError, r"returned shape \(3,\), expected \(2,\)"),
    (lambda x: [[1.0, 2.0]], ValueError, r"returned shape \(1, 2\)"),
    (lambda x: [np.nan, 0.0], ValueError, r"payoff of player 'A' at \(A=0.5, B=1\) is nan"),
    (lambda x: [0.0, np.inf], ValueError, "payoff of player 'B' .* is inf"),
    (lambda x: ["high", "low"], TypeError, "expected 2 numbers"),
])
def test_bad_payoff_callables(payoff, error, match):
    with pytest.raises(error, match=match):
        ContinuousGame(["A", "B"], [(0, 1), (0, 2)], payoff)


def test_payoff_errors_found_during_the_search_name_the_profile():
    game = ContinuousGame(["A", "B"], [(0, 1), (0, 1)], lambda x: [np.sqrt(0.75 - x[0]), -x[1]])
    with pytest.raises(ValueError, match=r"payoff of player 'A' at \(A=0.7\d*, B=0.5\) is nan"):
        best_response(game, "A", [0.5])


def test_symbolic_input_errors():
    x, y, k = sympy.symbols("x y k")
    with pytest.raises(ValueError, match="symbolic payoffs need actions="):
        ContinuousGame(["A", "B"], [(0, 1), (0, 1)], [x, y])
    with pytest.raises(ValueError, match=r"symbols \['k'\] that are neither actions"):
        ContinuousGame(["A", "B"], [(0, 1), (0, 1)], [k * x, y], actions=["x", "y"])
    with pytest.raises(TypeError, match="must be a sympy expression, got str"):
        ContinuousGame(["A", "B"], [(0, 1), (0, 1)], ["x", y], actions=["x", "y"])
    with pytest.raises(ValueError, match="gives 1 expressions, expected 2"):
        ContinuousGame(["A", "B"], [(0, 1), (0, 1)], [x], actions=["x", "y"])
    with pytest.raises(ValueError, match="parameters apply to symbolic payoffs only"):
        ContinuousGame(["A", "B"], [(0, 1), (0, 1)], lambda v: v, parameters={"k": 1})
    with pytest.raises(ValueError, match="players has duplicate names"):
        ContinuousGame(["A", "A"], [(0, 1), (0, 1)], lambda v: v)
    game = ContinuousGame(["A", "B"], [(0, 1), (0, 1)], {"B": y * x, "A": k * x}, actions=["x", "y"],
                          parameters={"k": 2})
    assert game.payoffs([1, 0.5]).tolist() == [2.0, 0.5]
    assert game.is_symbolic and game.actions == ("x", "y")


def test_call_errors():
    game = cournot((10, 10))
    with pytest.raises(ValueError, match="no player 'Firm 3'"):
        best_response(game, "Firm 3", [1])
    with pytest.raises(ValueError, match="others has 3 actions, expected 1"):
        best_response(game, "Firm 1", [1, 2, 3])
    with pytest.raises(ValueError, match=r"action of player 'Firm 2' is 150, outside its bounds \[0, 100\]"):
        best_response(game, "Firm 1", [150])
    with pytest.raises(ValueError, match="no closed-form first-order condition"):
        best_response(game, "Firm 1", [1], method="first_order_condition")
    with pytest.raises(ValueError, match="method must be"):
        best_response(game, "Firm 1", [1], method="newton")
    with pytest.raises(TypeError, match="takes a ContinuousGame"):
        best_response_iteration("game")
    for kwargs, match in [({"damping": 1.0}, "damping must be in \\[0, 1\\)"), ({"tol": 0}, "tol must be positive"),
                          ({"max_iter": 0}, "max_iter must be a positive integer"),
                          ({"scheme": "newton"}, "scheme must be"), ({"start": [1]}, "start has 1 actions"),
                          ({"grid": 2}, "grid must be an integer >= 3")]:
        with pytest.raises(ValueError, match=match):
            best_response_iteration(game, **kwargs)
