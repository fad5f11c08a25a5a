"""Tests for gametheory.solvers.dominance: iterated strict dominance with recorded steps."""

from fractions import Fraction

import numpy as np
import pygambit as gbt
import pytest
from hypothesis import given, settings

from gametheory import NormalFormGame
from gametheory.solvers import DominanceResult, iterated_dominance, pure_equilibria

from strategies import bimatrix_games, nplayer_games, random_game


def _gambit_supports(game: NormalFormGame) -> set[tuple[int, int]]:
    """(player, action) pairs played with positive probability in some extreme equilibrium."""
    A, B = game.as_exact().bimatrix()
    to_gambit = lambda M: [[gbt.Rational(v.numerator, v.denominator) for v in row] for row in M]
    gambit_game = gbt.Game.from_arrays(to_gambit(A), to_gambit(B))
    played = set()
    for profile in gbt.nash.enummixed_solve(gambit_game, rational=True).equilibria:
        for i, player in enumerate(gambit_game.players):
            for a, strategy in enumerate(player.strategies):
                if profile[strategy] > 0:
                    played.add((i, a))
    return played


def _check_steps(game: NormalFormGame, result: DominanceResult):
    """Recompute every recorded comparison from the game's own payoffs."""
    exact = result.exact
    kept = [list(range(m)) for m in game.shape]
    work = game if exact == game.is_exact else (game.as_exact() if exact else game.as_float())
    for step in result.steps:
        i = step.player_index
        assert step.action == game.actions[i][step.action_index]
        assert step.action_index in kept[i]
        assert step.action not in step.dominator
        probabilities = list(step.dominator.values())
        assert all(p > 0 for p in probabilities)
        if exact:
            assert sum(probabilities) == 1
        else:
            assert sum(probabilities) == pytest.approx(1)
        payoff = np.moveaxis(work.payoffs[i], i, 0)
        assert len(step.comparisons) == int(np.prod([len(kept[k]) for k in range(game.n_players) if k != i]))
        for labels, better, worse in step.comparisons:
            others = [k for k in range(game.n_players) if k != i]
            index = tuple(game.action_index(k, label) for k, label in zip(others, labels))
            for k, x in zip(others, index):
                assert x in kept[k]
            expected_worse = payoff[(step.action_index,) + index]
            expected_better = sum(p * payoff[(game.action_index(i, b),) + index] for b, p in step.dominator.items())
            if exact:
                assert worse == expected_worse and better == expected_better
                assert better > worse
            else:
                assert worse == pytest.approx(float(expected_worse))
                assert better == pytest.approx(float(expected_better))
                assert better - worse > game.tolerance()
        assert step.margin == min(b - w for _, b, w in step.comparisons)
        kept[i].remove(step.action_index)
    assert result.surviving_indices == tuple(tuple(k) for k in kept)
    assert result.surviving == tuple(tuple(game.actions[i][a] for a in k) for i, k in enumerate(kept))
    assert result.reduced == game.restrict(kept)


def test_prisoners_dilemma_reduces_to_defect():
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"], ["C", "D"]))
    result = iterated_dominance(pd)
    assert result.surviving == (("D",), ("D",))
    assert result.solved
    assert [(s.player, s.action, s.dominator) for s in result.steps] == [
        ("Row", "C", {"D": 1}),
        ("Column", "C", {"D": 1}),
    ]
    assert result.steps[0].margin == 1
    assert "Column: D strictly dominates C (1 > 0 against Row's D)" in result.describe()
    assert "dominance solvable: (D, D)" in result.describe()
    _check_steps(pd, result)


@pytest.mark.parametrize("exact", [True, False])
def test_action_dominated_only_by_a_mixture(exact):
    rows = [[3, 0], [0, 3], [1, 1]]
    game = NormalFormGame.from_bimatrix(rows, [[0, 0]] * 3, actions=(["T", "M", "B"], ["L", "R"]))
    if not exact:
        game = game.as_float()
    pure_only = iterated_dominance(game, mixed=False)
    assert pure_only.steps == ()
    assert pure_only.surviving == (("T", "M", "B"), ("L", "R"))
    result = iterated_dominance(game)
    assert result.exact is exact
    assert len(result.steps) == 1
    step = result.steps[0]
    assert step.is_mixed and step.action == "B"
    assert set(step.dominator) == {"T", "M"}
    for p in step.dominator.values():
        assert p == (Fraction(1, 2) if exact else pytest.approx(0.5))
    assert step.margin == (Fraction(1, 2) if exact else pytest.approx(0.5))
    assert result.surviving == (("T", "M"), ("L", "R"))
    expected = "1/2 T + 1/2 M" if exact else "0.5 T + 0.5 M"
    assert f"Row: {expected} strictly dominates B" in step.describe()
    _check_steps(game, result)


def test_mixture_needed_after_pure_elimination():
    # Row's B beats every mixture of T and M against R (10 > 9), so it is not
    # dominated at first; once Column's R (dominated by L) is gone, 1/2 T + 1/2 M
    # gives 2 > 1 against L and C.
    A = [[4, 0, 9], [0, 4, 9], [1, 1, 10]]
    B = [[1, 1, 0], [1, 1, 0], [1, 1, 0]]
    game = NormalFormGame.from_bimatrix(A, B, actions=(["T", "M", "B"], ["L", "C", "R"]))
    result = iterated_dominance(game)
    assert [(s.player, s.action, s.is_mixed) for s in result.steps] == [
        ("Column", "R", False),
        ("Row", "B", True),
    ]
    assert result.surviving == (("T", "M"), ("L", "C"))
    _check_steps(game, result)


def test_no_dominated_actions():
    game = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    result = iterated_dominance(game)
    assert result.steps == () and not result.solved
    assert "No action is strictly dominated" in result.describe()
    assert result.reduced == game


def test_three_player_describe_names_each_opponent():
    payoffs = [np.zeros((2, 2, 2), dtype=int) for _ in range(3)]
    payoffs[2][:, :, 1] = 1  # Player 3's second action always better
    game = NormalFormGame(payoffs, players=["Ally", "Rival", "Third"], actions=[["a", "b"], ["c", "d"], ["x", "y"]])
    result = iterated_dominance(game)
    assert [(s.player, s.action) for s in result.steps] == [("Third", "x")]
    text = result.steps[0].describe()
    assert "1 > 0 against Ally's a and Rival's c; " in text
    _check_steps(game, result)


def test_ties_are_not_strict_dominance():
    game = NormalFormGame.from_bimatrix([[1, 1], [1, 0]], [[0, 0], [0, 0]])
    assert iterated_dominance(game).steps == ()
    near = NormalFormGame.from_bimatrix(np.array([[1.0, 1.0], [1.0 - 1e-13, 0.0]]), np.zeros((2, 2)))
    assert iterated_dominance(near).steps == ()


def test_deterministic_order():
    game = random_game(np.random.default_rng(5), 5, 5, degenerate=True)
    first, second = iterated_dominance(game), iterated_dominance(game)
    assert [(s.player, s.action, s.dominator) for s in first.steps] == [
        (s.player, s.action, s.dominator) for s in second.steps
    ]


def test_rejects_bad_arguments():
    with pytest.raises(TypeError, match="NormalFormGame"):
        iterated_dominance([[1, 0], [0, 1]])
    with pytest.raises(TypeError, match="mixed"):
        iterated_dominance(NormalFormGame.from_bimatrix([[1]], [[1]]), mixed="yes")


@pytest.mark.parametrize("seed", range(30))
def test_never_removes_an_equilibrium_action(seed):
    rng = np.random.default_rng(seed)
    m, n = (int(k) for k in rng.integers(2, 6, size=2))
    # Narrow payoffs make dominance common, so the check has content.
    A = rng.integers(-3, 4, size=(m, n))
    B = rng.integers(-3, 4, size=(m, n))
    A[rng.integers(m)] -= 3  # a weak row, often dominated
    game = NormalFormGame.from_bimatrix(A.tolist(), B.tolist())
    result = iterated_dominance(game)
    _check_steps(game, result)
    for i, a in _gambit_supports(game):
        assert a in result.surviving_indices[i]
    floating = iterated_dominance(game.as_float())
    _check_steps(game.as_float(), floating)
    assert floating.surviving == result.surviving


def test_random_games_do_eliminate_something():
    # Guards the property test above against being vacuous.
    eliminated = 0
    for seed in range(30):
        rng = np.random.default_rng(seed)
        m, n = (int(k) for k in rng.integers(2, 6, size=2))
        A = rng.integers(-3, 4, size=(m, n))
        B = rng.integers(-3, 4, size=(m, n))
        A[rng.integers(m)] -= 3
        eliminated += len(iterated_dominance(NormalFormGame.from_bimatrix(A.tolist(), B.tolist())).steps)
    assert eliminated >= 30


@settings(max_examples=40)
@given(bimatrix_games(max_actions=4, small_payoffs=True, exact=True))
def test_property_bimatrix(game):
    result = iterated_dominance(game)
    _check_steps(game, result)
    pure_only = iterated_dominance(game, mixed=False)
    _check_steps(game, pure_only)
    for i in range(2):
        assert set(result.surviving[i]) <= set(pure_only.surviving[i])
    for i, a in _gambit_supports(game):
        assert a in result.surviving_indices[i]


@settings(max_examples=30)
@given(nplayer_games(max_players=3, max_actions=3, exact=True))
def test_property_nplayer_pure_equilibria_survive(game):
    result = iterated_dominance(game)
    _check_steps(game, result)
    for equilibrium in pure_equilibria(game):
        for i, support in enumerate(equilibrium.supports):
            assert support[0] in result.surviving_indices[i]
    # The reduced game keeps every pure equilibrium, and adds none.
    reduced = {e.pure_profile for e in pure_equilibria(result.reduced)}
    assert reduced == {e.pure_profile for e in pure_equilibria(game)}


def test_mixed_dominance_linear_program_at_any_payoff_scale():
    """HiGHS refuses coefficients above 1e15 and drops those below 1e-9: the program is posed on a
    power-of-two scaling of the payoffs, so the verdict of 3/0, 0/3 against 1/1 holds at every scale."""
    A = np.array([[3.0, 0.0], [0.0, 3.0], [1.0, 1.0]])
    for factor in (1e-6, 1.0, 1e20, 1e300):
        result = iterated_dominance(NormalFormGame.from_bimatrix(A * factor, np.zeros((3, 2))))
        assert result.surviving == (("A1", "A2"), ("B1", "B2"))
        assert result.steps[0].dominator == {"A1": pytest.approx(0.5), "A2": pytest.approx(0.5)}
