"""Rest points of symmetric games of many players: two players agree with the matrix code, n players with the
solver's symmetric equilibria and with integrating the dynamics."""

import itertools
from fractions import Fraction

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.dynamics import multiplayer_rest_points, rest_points
from gametheory.dynamics.multiplayer import advantage_coefficients
from gametheory.model import load_model
from gametheory.solvers import solve


def _symmetric_game(n, payoff, actions=("A", "B")):
    """An n-player game in which a player playing ``me`` with ``m`` others on the first action earns ``payoff(me, m)``."""
    payoffs = np.empty((n,) + (2,) * n, dtype=object)
    for profile in itertools.product((0, 1), repeat=n):
        for p in range(n):
            payoffs[(p,) + profile] = payoff(profile[p], sum(1 for q in range(n) if q != p and profile[q] == 0))
    return NormalFormGame(list(payoffs), actions=(actions,) * n)


def _random_payoff(seed, n):
    rng = np.random.default_rng(seed)
    table = rng.integers(-5, 6, size=(2, n))
    return lambda me, m: Fraction(int(table[me, m]))


def _advantage(game, x):
    c = advantage_coefficients(game)
    n = len(c)
    from math import comb

    return sum(comb(n - 1, m) * x**m * (1 - x) ** (n - 1 - m) * float(v) for m, v in enumerate(c))


@pytest.mark.parametrize("seed", range(40))
def test_two_players_agree_with_the_matrix_code(seed):
    game = _symmetric_game(2, _random_payoff(seed, 2))
    if not any(advantage_coefficients(game)):
        with pytest.raises(ValueError, match="continuum"):
            multiplayer_rest_points(game)
        return
    ours = {round(p.shares[0], 9): p for p in multiplayer_rest_points(game)}
    if any(p.derivative == 0 and 0 < p.shares[0] < 1 for p in ours.values()):
        pytest.skip("degenerate")
    theirs = {round(float(p.state[0][0]), 9): p for p in rest_points(game, populations=1)}
    assert set(ours) == set(theirs)
    for share, point in ours.items():
        assert point.stability == theirs[share].stability
        assert point.is_ess == theirs[share].is_ess
        assert point.is_nash == theirs[share].is_nash


@pytest.mark.parametrize("n, seed", [(n, s) for n in (3, 4) for s in range(6)])
def test_nash_rest_points_are_the_symmetric_equilibria_and_stability_matches_the_flow(n, seed):
    game = _symmetric_game(n, _random_payoff(100 * n + seed, n))
    if not any(advantage_coefficients(game)):
        with pytest.raises(ValueError, match="continuum"):
            multiplayer_rest_points(game)
        return
    points = multiplayer_rest_points(game)
    # The regret of each rest point is the game's own regret of the symmetric profile, computed independently.
    for point in points:
        regrets = game.regrets([[point.shares[0], point.shares[1]]] * n)
        assert max(float(r) for r in regrets) == pytest.approx(float(point.regret), abs=1e-9)
    # The solver's symmetric equilibria of the 3-player games are Nash rest points.
    if n == 3:
        result = solve(game)
        for e in result.equilibria:
            first = np.asarray(e.strategies[0], dtype=float)
            if all(np.allclose(np.asarray(s, dtype=float), first) for s in e.strategies):
                assert any(p.is_nash and abs(p.shares[0] - first[0]) < 1e-7 for p in points)
    # The sign of the advantage on either side decides stability, as the flow x' = x (1-x) g(x) does.
    for point in points:
        x = point.shares[0]
        if point.derivative == 0:
            continue
        eps = 1e-4
        right = _advantage(game, min(x + eps, 1.0)) if x < 1 else None
        left = _advantage(game, max(x - eps, 0.0)) if x > 0 else None
        stable = (right is None or right < 0) and (left is None or left > 0)
        assert point.is_stable == stable, (point.describe(), left, right)
        assert point.is_ess == stable  # one dimension: ESS and asymptotic stability coincide when hyperbolic
    # Regrets: zero exactly at the Nash points, and the best deviation gain elsewhere.
    for point in points:
        assert point.regret >= 0


def test_buck_passing_has_one_stable_mix():
    for n in (3, 4, 5):
        points = multiplayer_rest_points(load_model("buck_passing").game(n_powers=n))
        stable = [p for p in points if p.is_stable]
        assert len(stable) == 1 and stable[0].is_ess and stable[0].is_nash and 0 < stable[0].shares[0] < 1
        assert abs(_advantage(load_model("buck_passing").game(n_powers=n), stable[0].shares[0])) < 1e-12


def test_refuses_asymmetric_and_non_binary_games():
    lopsided = _symmetric_game(3, lambda me, m: me + m)
    payoffs = [p.copy() for p in lopsided.payoffs]
    payoffs[2] = payoffs[2] + 1
    with pytest.raises(ValueError, match="not symmetric"):
        multiplayer_rest_points(NormalFormGame(payoffs, actions=(("A", "B"),) * 3))
    with pytest.raises(ValueError, match="two actions"):
        multiplayer_rest_points(NormalFormGame.from_bimatrix(np.eye(3), np.eye(3)))
    with pytest.raises(ValueError, match="continuum"):
        multiplayer_rest_points(_symmetric_game(3, lambda me, m: 1))
    with pytest.raises(TypeError):
        multiplayer_rest_points([[1, 0], [0, 1]])
