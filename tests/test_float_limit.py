"""Float games whose payoffs come near the float limit (``1e308`` against ``-1e308``).

A player's payoffs may spread wider than the largest float, so ``high - low`` overflows. Equilibria do
not change when a player's payoffs are multiplied by a positive number, so every answer must be the
answer of the same game scaled by ``2^-1000`` (an exact power of two), with no numpy warning on the way.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from gametheory import NormalFormGame, solve
from gametheory.games.normal_form import onto_unit_interval, payoff_spread
from gametheory.solvers import support_enumeration, vertex_enumeration
from gametheory.solvers.dominance import iterated_dominance
from gametheory.solvers.lemke_howson import lemke_howson
from gametheory.solvers.pure import pure_equilibria

SCALE = 2.0 ** -1000


def _bimatrix_game_list():
    """Integer-patterned games scaled to the float limit: the row player's payoffs in [-1e308, 1e308], the
    column player's in [-1.7e308, 1.7e308] (both spreads overflow), 2 x 2 to 8 x 8 with ties."""
    rng = np.random.default_rng(5)
    games = []
    for m, n in [(2, 2), (2, 3), (3, 3), (4, 4), (2, 5), (5, 5), (6, 6), (7, 7), (8, 8)]:
        for k in range(2):
            A = rng.integers(-9, 10, size=(m, n)) / 9.0 * 1e308
            B = rng.integers(-9, 10, size=(m, n)) / 9.0 * 1.7e308
            A[0, 0], B[0, 0] = 1e308, -1.7e308  # each spread overflows
            A[-1, -1], B[-1, -1] = -1e308, 1.7e308
            games.append(pytest.param(A, B, id=f"{m}x{n}#{k}"))
    return games


def _points(result) -> list:
    return sorted(tuple(np.round(np.concatenate(e.as_float()), 9)) for e in result)


def _same_answer(result, reference):
    assert result.complete == reference.complete
    assert result.degenerate == reference.degenerate
    assert _points(result) == _points(reference)
    limit = result.game.tolerance()
    for e in result:
        assert max(e.regrets) <= limit
        assert all(np.isfinite(p) for p in e.payoffs)


SOLVERS = {
    "solve": lambda game: solve(game),
    "vertex_enumeration": lambda game: solve(game, "vertex_enumeration"),
    "support_enumeration": lambda game: solve(game, "support_enumeration"),
    "pure_equilibria": pure_equilibria,
    "vertex_enumeration()": vertex_enumeration,
    "support_enumeration()": support_enumeration,
}


@pytest.mark.parametrize("name", SOLVERS)
@pytest.mark.parametrize("A, B", _bimatrix_game_list())
def test_two_player_games_at_the_float_limit(A, B, name):
    game = NormalFormGame.from_bimatrix(A, B)
    scaled = NormalFormGame.from_bimatrix(A * SCALE, B * SCALE)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = SOLVERS[name](game)
    _same_answer(result, SOLVERS[name](scaled))
    if name != "pure_equilibria":
        assert result.complete and len(result) >= 1


@pytest.mark.parametrize("A, B", _bimatrix_game_list())
def test_lemke_howson_and_dominance_at_the_float_limit(A, B):
    game = NormalFormGame.from_bimatrix(A, B)
    scaled = NormalFormGame.from_bimatrix(A * SCALE, B * SCALE)
    m, n = game.shape
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for label in range(m + n):
            found = lemke_howson(game, initial_label=label)
            assert len(found) == 1 and max(found.equilibria[0].regrets) <= found.game.tolerance()
        reduced = iterated_dominance(game)
    assert reduced.surviving == iterated_dominance(scaled).surviving


@pytest.mark.parametrize("factor", [10 ** 307, 10 ** 400])
def test_exact_games_with_huge_integer_payoffs(factor):
    """Exact games whose payoffs are integers near or beyond the float range: the float candidates of the
    exact solvers are read from integers divided exactly, and the answer is that of the small integers."""
    rng = np.random.default_rng(9)
    for m, n in [(2, 2), (3, 3), (4, 4), (5, 5), (8, 8)]:
        A, B = (rng.integers(-9, 10, size=(m, n)).tolist() for _ in range(2))
        small = NormalFormGame.from_bimatrix(A, B)
        huge = NormalFormGame.from_bimatrix(*([[v * factor for v in row] for row in M] for M in (A, B)))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            result = solve(huge)
        reference = solve(small)
        assert result.exact and result.complete == reference.complete
        assert [[s.tolist() for s in e.strategies] for e in result] == \
            [[s.tolist() for s in e.strategies] for e in reference]


def test_dominance_linear_program_with_large_and_small_payoffs():
    """HiGHS refuses coefficients above 1e15 and drops those below 1e-9: the program is posed on a
    power-of-two scaling of the payoff differences, so the verdicts are those of payoffs near 1."""
    A = np.array([[3.0, 0.0], [0.0, 3.0], [1.0, 1.0]])
    for factor in (1e-6, 1.0, 1e20, 1e300):
        game = NormalFormGame.from_bimatrix(A * factor, np.zeros((3, 2)))
        result = iterated_dominance(game)
        assert result.surviving == (("A1", "A2"), ("B1", "B2"))
        assert result.steps[0].dominator == {"A1": pytest.approx(0.5), "A2": pytest.approx(0.5)}


def test_the_general_constructor_reads_the_same_game():
    A = np.array([[1e308, -1e308], [-1e308, 1e308]])
    fast = NormalFormGame.from_bimatrix(A, -A)
    general = NormalFormGame([A.tolist(), (-A).tolist()])
    assert all(np.array_equal(u, v) for u, v in zip(fast.payoffs, general.payoffs))
    assert fast.payoff_ranges() == general.payoff_ranges() == ((-1e308, 1e308), (-1e308, 1e308))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = solve(general)
    assert result.complete and [e.as_float() for e in result][0][0].tolist() == [0.5, 0.5]


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_payoff_beside_payoffs_whose_sum_overflows_is_named(bad):
    A = np.array([[1e308, 1e308], [1e308, 0.0]])
    B = A.copy()
    B[1, 1] = bad
    with pytest.raises(ValueError, match=rf"payoff for player 'Column' at \(A2, B2\) is {bad}, expected a finite"):
        NormalFormGame.from_bimatrix(A, B)


def test_three_player_game_at_the_float_limit():
    """The n-player path solves the normalised game and certifies on the game as given."""
    rng = np.random.default_rng(1)
    arrays = [rng.integers(-9, 10, size=(2, 2, 2)) / 9.0 * 1e308 for _ in range(3)]
    for array in arrays:
        array[0, 0, 0], array[1, 1, 1] = 1e308, -1e308
    game, scaled = NormalFormGame(arrays), NormalFormGame([a * SCALE for a in arrays])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = solve(game)
        pure = pure_equilibria(game)
    _same_answer(result, solve(scaled))
    _same_answer(pure, pure_equilibria(scaled))


# ------------------------------------------------------------ the game's own helpers
def test_onto_unit_interval_is_the_plain_map_when_the_spread_is_finite():
    rng = np.random.default_rng(3)
    for _ in range(50):
        values = rng.standard_normal(20) * 10.0 ** rng.integers(-300, 300)
        low, high = float(values.min()), float(values.max())
        assert np.array_equal(onto_unit_interval(values, low, high), (values - low) / (high - low))
    assert onto_unit_interval(np.array([2.0, 2.0]), 2.0, 2.0).tolist() == [0.0, 0.0]


def test_onto_unit_interval_beyond_the_largest_float():
    top = float(np.finfo(float).max)
    values = np.array([-top, -1e308, 0.0, 1e308, top])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        unit = onto_unit_interval(values, -top, top)
    assert unit.tolist()[0] == 0.0 and unit.tolist()[-1] == 1.0 and unit[2] == 0.5
    assert np.all(np.diff(unit) > 0)
    assert payoff_spread(-top, top) == top and payoff_spread(-1.0, 2.0) == 3.0


def test_normalized_game_at_the_float_limit():
    A = np.array([[1e308, -1e308], [0.0, 5e307]])
    game = NormalFormGame.from_bimatrix(A, -A)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        unit = game.normalized()
    assert unit.payoffs[0].tolist() == [[1.0, 0.0], [0.5, 0.75]]
    assert unit.payoffs[1].tolist() == [[0.0, 1.0], [0.5, 0.25]]


def test_best_responses_and_regrets_at_the_float_limit():
    A = np.array([[1e308, -1e308], [-1e308, 1e308]])
    game = NormalFormGame.from_bimatrix(A, -A)
    pure = ([1.0, 0.0], [1.0, 0.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mask = game.pure_best_response_mask(0)
        regrets = game.regrets(pure)
        half = game.regrets(([0.5, 0.5], [0.5, 0.5]))
    assert mask.tolist() == [[True, False], [False, True]]
    # The column player gains 2e308 by deviating: beyond the largest float, so inf.
    assert regrets[0] == 0.0 and regrets[1] == np.inf
    assert half == (0.0, 0.0)
    assert game.best_responses(1, pure) == (1,)


def test_exact_payoff_beyond_the_float_range_is_named():
    game = NormalFormGame.from_bimatrix([[10 ** 400, 0], [0, 1]], [[1, 0], [0, 2]],
                                        actions=(["Hold", "Fold"], ["Left", "Right"]))
    with pytest.raises(ValueError, match=r"payoff for player 'Row' at \(Hold, Left\) is too large for floating"):
        game.float_payoffs()
    with pytest.raises(ValueError, match="too large for floating point"):
        solve(game, exact=False)


@pytest.mark.parametrize("huge", [10 ** 309, -10 ** 400, 10 ** 2000])
def test_exact_games_with_payoffs_more_than_the_float_range_apart(huge):
    """One payoff beyond the float range beside small ones: the float image of the exact solvers' candidates
    underflows the small payoffs to zero, so such games are solved on exact vertex sets throughout."""
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(11)
    for m, n in [(2, 2), (2, 3), (3, 3), (4, 5)]:
        A, B = (rng.integers(-3, 4, size=(m, n)).tolist() for _ in range(2))
        A[0][0] = huge
        game = NormalFormGame([A, B], exact=True)
        reference = gbt.nash.enummixed_solve(
            gbt.Game.from_arrays(np.array(A, dtype=object), np.array(B, dtype=object)), rational=True)
        for solver in (solve, vertex_enumeration, support_enumeration):
            result = solver(game)
            assert result.exact and result.equilibria, (solver.__name__, m, n)
            assert all(max(e.regrets) == 0 for e in result)
            if solver is not support_enumeration or not result.degenerate:
                assert result.complete
            assert len(result.equilibria) >= len(reference.equilibria)
