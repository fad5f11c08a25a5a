"""Tests for gametheory.solvers.pure: vectorised pure-strategy equilibria."""

from fractions import Fraction

import numpy as np
import pygambit as gbt
import pytest
from hypothesis import given, settings

from gametheory import NormalFormGame
from gametheory.solvers import pure_equilibria

from strategies import bimatrix_games, nplayer_games


def _gambit_pure(game: NormalFormGame) -> set[tuple[int, ...]]:
    arrays = [np.asarray(p, dtype=float) for p in game.payoffs]
    gambit_game = gbt.Game.from_arrays(*arrays)
    result = gbt.nash.enumpure_solve(gambit_game)
    profiles = set()
    for profile in result.equilibria:
        indices = []
        for player in gambit_game.players:
            probabilities = [float(profile[s]) for s in player.strategies]
            indices.append(int(np.argmax(probabilities)))
        profiles.add(tuple(indices))
    return profiles


def _check_pure_result(game, result):
    assert result.method == "pure_equilibria"
    assert result.complete
    assert any("mixed equilibria are not" in note for note in result.notes)
    for equilibrium in result:
        assert equilibrium.is_pure
        for strategy, support in zip(equilibrium.strategies, equilibrium.supports):
            assert len(support) == 1
            assert strategy[support[0]] == 1
            assert sum(strategy) == 1
        if game.is_exact:
            assert all(r == 0 and isinstance(r, Fraction) for r in equilibrium.regrets)
        else:
            assert equilibrium.max_regret <= game.tolerance()


def test_prisoners_dilemma():
    game = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"], ["C", "D"]))
    result = pure_equilibria(game)
    assert [e.pure_profile for e in result] == [("D", "D")]
    assert result.exact
    assert result[0].payoffs == (1, 1)
    _check_pure_result(game, result)


def test_matching_pennies_has_none():
    game = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    result = pure_equilibria(game)
    assert len(result) == 0
    assert result.complete
    assert any("no pure-strategy equilibrium" in note for note in result.notes)


def test_all_ties_every_profile_is_an_equilibrium():
    game = NormalFormGame([np.zeros((2, 3, 2)) for _ in range(3)])
    result = pure_equilibria(game)
    assert len(result) == 12
    assert sorted(tuple(s[0] for s in e.supports) for e in result) == sorted(np.ndindex(2, 3, 2))


def test_float_tolerance_counts_near_ties():
    # Column's payoffs differ by 1e-12: a tie within the default tolerance.
    game = NormalFormGame.from_bimatrix(np.array([[1.0, 1.0]]), np.array([[0.0, 1e-12]]))
    assert len(pure_equilibria(game)) == 2
    assert len(pure_equilibria(game, tol=0.0)) == 1


def test_one_player_game():
    game = NormalFormGame([np.array([1, 3, 3])], players=["Solo"], actions=[["a", "b", "c"]])
    assert [e.pure_profile for e in pure_equilibria(game)] == [("b",), ("c",)]


def test_rejects_non_games():
    with pytest.raises(TypeError, match="NormalFormGame"):
        pure_equilibria([[1, 2], [3, 4]])
    with pytest.raises(ValueError, match="tol"):
        pure_equilibria(NormalFormGame.from_bimatrix(np.eye(2), np.eye(2)), tol=-1.0)


@pytest.mark.parametrize("seed", range(10))
def test_matches_gambit_on_random_three_player_games(seed):
    rng = np.random.default_rng(seed)
    shape = tuple(int(k) for k in rng.integers(2, 4, size=3))
    game = NormalFormGame([rng.integers(-2, 3, size=shape) for _ in range(3)])
    result = pure_equilibria(game)
    found = {tuple(s[0] for s in e.supports) for e in result}
    assert found == _gambit_pure(game)
    _check_pure_result(game, result)


@settings(max_examples=40)
@given(bimatrix_games(max_actions=5, small_payoffs=True, exact=True))
def test_bimatrix_games_match_gambit_exact(game):
    result = pure_equilibria(game)
    assert {tuple(s[0] for s in e.supports) for e in result} == _gambit_pure(game)
    _check_pure_result(game, result)


@settings(max_examples=40)
@given(nplayer_games(max_players=4, max_actions=3, exact=False))
def test_float_nplayer_games_match_gambit(game):
    result = pure_equilibria(game)
    assert {tuple(s[0] for s in e.supports) for e in result} == _gambit_pure(game)
    _check_pure_result(game, result)
