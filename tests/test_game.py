"""NormalFormGame: constructors, immutability, exact and float modes, payoffs, rendering, bad input."""

from __future__ import annotations

import itertools
import re
from fractions import Fraction

import nashpy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import DEFAULT_TOL, NormalFormGame
from gametheory.games.normal_form import game_table

from strategies import nplayer_games

F = Fraction


def prisoners_dilemma(**kwargs) -> NormalFormGame:
    return NormalFormGame.from_bimatrix(
        [[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("Ally", "Rival"), actions=(["C", "D"], ["C", "D"]), **kwargs
    )


def brute_force_expected(game: NormalFormGame, strategies) -> list:
    """Expected payoffs by summing over every pure profile (independent of tensordot)."""
    totals = [0] * game.n_players
    for profile in itertools.product(*(range(m) for m in game.shape)):
        probability = 1
        for i, a in enumerate(profile):
            probability = probability * strategies[i][a]
        for i in range(game.n_players):
            totals[i] = totals[i] + probability * game.payoffs[i][profile]
    return totals


def brute_force_deviation(game: NormalFormGame, player: int, strategies) -> list:
    values = []
    for a in range(game.shape[player]):
        pure = [1 if k == a else 0 for k in range(game.shape[player])]
        profile = list(strategies)
        profile[player] = pure
        values.append(brute_force_expected(game, profile)[player])
    return values


# ---------------------------------------------------------------- constructors
def test_from_bimatrix_integers_are_exact():
    game = prisoners_dilemma()
    assert game.is_exact
    assert game.shape == (2, 2)
    assert game.players == ("Ally", "Rival")
    assert game.actions == (("C", "D"), ("C", "D"))
    assert game.payoff_profile(("D", "C")) == (5, 0)
    assert all(type(v) is Fraction for p in game.payoffs for v in p.ravel())


def test_from_bimatrix_zero_sum_default():
    game = NormalFormGame.from_bimatrix([[1, -2], [F(1, 3), 0]])
    assert game.payoffs[1].tolist() == [[-1, 2], [F(-1, 3), 0]]
    floats = NormalFormGame.from_bimatrix(np.array([[1.5, -2.0]]))
    assert floats.payoffs[1].tolist() == [[-1.5, 2.0]]


def test_default_labels():
    two = NormalFormGame.from_bimatrix([[1, 2, 3]], [[1, 2, 3]])
    assert two.players == ("Row", "Column")
    assert two.actions == (("A1",), ("B1", "B2", "B3"))
    three = NormalFormGame([np.zeros((1, 2, 1))] * 3)
    assert three.players == ("Player 1", "Player 2", "Player 3")
    assert three.actions == (("A1",), ("B1", "B2"), ("C1",))


def test_single_array_with_players_on_the_last_axis():
    stacked = np.array([[[3, 3], [0, 5]], [[5, 0], [1, 1]]])
    assert NormalFormGame(stacked, actions=(["C", "D"], ["C", "D"]), players=("Ally", "Rival")) == prisoners_dilemma()


def test_from_function_over_labels():
    def payoff(ally, rival):
        table = {("C", "C"): (3, 3), ("C", "D"): (0, 5), ("D", "C"): (5, 0), ("D", "D"): (1, 1)}
        return table[ally, rival]

    game = NormalFormGame.from_function(payoff, (["C", "D"], ["C", "D"]), players=("Ally", "Rival"))
    assert game == prisoners_dilemma()


def test_from_function_three_players_with_fractions():
    def payoff(*choices):
        volunteers = sum(c == "Volunteer" for c in choices)
        return tuple((1 if volunteers else 0) - (F(1, 4) if c == "Volunteer" else 0) for c in choices)

    game = NormalFormGame.from_function(payoff, [("Volunteer", "Ignore")] * 3)
    assert game.shape == (2, 2, 2)
    assert game.payoff_profile(("Volunteer", "Ignore", "Ignore")) == (F(3, 4), 1, 1)
    assert game.payoff_profile(("Ignore", "Ignore", "Ignore")) == (0, 0, 0)


def test_from_symmetric_counts_volunteers_dilemma():
    def payoff(mine, others):
        someone = mine == "Volunteer" or others["Volunteer"] > 0
        return (1 if someone else 0) - (F(1, 4) if mine == "Volunteer" else 0)

    game = NormalFormGame.from_symmetric_counts(4, ["Volunteer", "Ignore"], payoff)
    assert game.shape == (2, 2, 2, 2)
    # Symmetric: permuting the players permutes the payoffs.
    for profile in itertools.product(range(2), repeat=4):
        for permutation in itertools.permutations(range(4)):
            permuted = tuple(profile[k] for k in permutation)
            assert game.payoff_profile(permuted) == tuple(game.payoff_profile(profile)[k] for k in permutation)
    assert game.payoff_profile(("Ignore",) * 4) == (0, 0, 0, 0)
    assert game.payoff_profile(("Volunteer", "Ignore", "Ignore", "Ignore")) == (F(3, 4), 1, 1, 1)


def test_from_symmetric_counts_passes_counts_of_the_others():
    seen = []

    def payoff(mine, others):
        seen.append((mine, dict(others)))
        return others["b"]

    game = NormalFormGame.from_symmetric_counts(3, ["a", "b"], payoff)
    assert all(sum(others.values()) == 2 for _, others in seen)
    assert game.payoff_profile(("a", "b", "b")) == (2, 1, 1)


def test_nashpy_round_trip():
    A = np.array([[1.0, -1.5], [0.25, 2.0]])
    B = np.array([[0.0, 3.0], [1.0, -2.0]])
    game = NormalFormGame.from_nashpy(nashpy.Game(A, B), actions=(["x", "y"], ["u", "v"]))
    assert not game.is_exact
    assert np.array_equal(game.payoffs[0], A) and np.array_equal(game.payoffs[1], B)
    back = game.to_nashpy()
    assert isinstance(back, nashpy.Game)
    assert np.array_equal(back.payoff_matrices[0], A) and np.array_equal(back.payoff_matrices[1], B)
    exact = prisoners_dilemma().to_nashpy()
    assert exact.payoff_matrices[0].dtype == float
    assert exact.payoff_matrices[0].tolist() == [[3.0, 0.0], [5.0, 1.0]]


# ---------------------------------------------------------------- immutability
def test_payoff_arrays_are_read_only():
    for game in (prisoners_dilemma(), prisoners_dilemma().as_float()):
        for array in game.payoffs:
            assert not array.flags.writeable
            with pytest.raises(ValueError, match="read-only"):
                array[0, 0] = 99


def test_attributes_cannot_be_reassigned():
    game = prisoners_dilemma()
    for name in ("payoffs", "players", "actions", "title", "is_exact", "shape"):
        with pytest.raises(AttributeError):
            setattr(game, name, None)
    with pytest.raises(AttributeError):
        game.comment = "new attribute"


def test_input_arrays_are_copied():
    A = np.array([[1.0, 2.0], [3.0, 4.0]])
    game = NormalFormGame.from_bimatrix(A, A.copy())
    A[0, 0] = 100.0
    assert game.payoffs[0][0, 0] == 1.0


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.data())
def test_float_matrices_build_the_same_game_as_the_constructor(m, n, data):
    """from_bimatrix of two float64 matrices takes a short path; the game is the constructor's game."""
    entries = st.floats(-1e300, 1e300, allow_nan=False, allow_infinity=False)
    A, B = (np.array(data.draw(st.lists(entries, min_size=m * n, max_size=m * n))).reshape(m, n) for _ in range(2))
    game = NormalFormGame.from_bimatrix(A, B)
    reference = NormalFormGame([A.astype(object), B.astype(object)], exact=False)
    assert game == reference and hash(game) == hash(reference)
    assert game.actions == reference.actions and game.players == reference.players and game.title == ""
    assert game.payoff_ranges() == reference.payoff_ranges() == tuple((M.min(), M.max()) for M in (A, B))
    assert game.payoff_scale == reference.payoff_scale
    assert all(not array.flags.writeable and array.dtype == float for array in game.payoffs)
    A[0, 0] = 7.5  # the game keeps its own copy
    assert game.payoffs[0][0, 0] == reference.payoffs[0][0, 0]


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("player", [0, 1])
def test_float_matrices_name_a_non_finite_payoff(bad, player):
    matrices = [np.ones((2, 3)), np.ones((2, 3))]
    matrices[player][1, 2] = bad
    with pytest.raises(ValueError) as info:
        NormalFormGame.from_bimatrix(*matrices)
    name = ("Row", "Column")[player]
    assert str(info.value) == f"payoff for player {name!r} at (A2, B3) is {bad}, expected a finite number"


def test_huge_float_payoffs_are_accepted_without_warnings():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        game = NormalFormGame.from_bimatrix(np.full((2, 2), 1e308), np.full((2, 2), -1e308))
    assert game.payoff_ranges() == ((1e308, 1e308), (-1e308, -1e308))


def test_replace_returns_a_new_game():
    game = prisoners_dilemma()
    renamed = game.replace(players=("North", "South"), title="renamed")
    assert renamed is not game
    assert renamed.players == ("North", "South") and renamed.title == "renamed"
    assert game.players == ("Ally", "Rival") and game.title == ""
    assert all(np.array_equal(a, b) for a, b in zip(renamed.payoffs, game.payoffs))


def test_equality_and_hash():
    assert prisoners_dilemma() == prisoners_dilemma()
    assert hash(prisoners_dilemma()) == hash(prisoners_dilemma())
    assert prisoners_dilemma() != prisoners_dilemma().as_float()  # exact and float games differ
    assert prisoners_dilemma() != prisoners_dilemma().replace(actions=(["c", "d"], ["C", "D"]))
    assert len({prisoners_dilemma(), prisoners_dilemma(), prisoners_dilemma().as_float()}) == 2


# ----------------------------------------------------------- exact and floats
def test_exact_mode_reads_floats_as_decimals():
    game = NormalFormGame.from_bimatrix([[0.1, 0.2]], [[1, 2]], exact=True)
    assert game.payoffs[0].tolist() == [[F(1, 10), F(1, 5)]]
    assert game.payoffs[0][0, 0] + game.payoffs[0][0, 1] == F(3, 10)  # exact: no 0.30000000000000004


def test_default_mode_follows_the_payoffs():
    assert NormalFormGame.from_bimatrix([[1, F(1, 2)]], [[0, 0]]).is_exact
    assert NormalFormGame.from_bimatrix(np.array([[1, 2]]), np.array([[0, 0]])).is_exact  # integer arrays
    assert not NormalFormGame.from_bimatrix([[1, 0.5]], [[0, 0]]).is_exact
    assert not NormalFormGame.from_bimatrix([[1, 2]], [[0, 0]], exact=False).is_exact
    assert NormalFormGame.from_bimatrix([[1, 2]], [[0, 0]], exact=False).payoffs[0].dtype == float


def test_mixed_integer_array_and_integer_list_is_exact():
    game = NormalFormGame.from_bimatrix(np.array([[1, 2]]), [[3, F(1, 2)]])
    assert game.is_exact
    assert game.payoffs[1].tolist() == [[3, F(1, 2)]]


def test_negative_zero_does_not_break_hashing():
    zero_sum = NormalFormGame.from_bimatrix(np.array([[0.0, 1.0]]))  # column payoffs -0.0 and -1.0
    explicit = NormalFormGame.from_bimatrix(np.array([[0.0, 1.0]]), np.array([[0.0, -1.0]]))
    assert zero_sum == explicit
    assert hash(zero_sum) == hash(explicit)


def test_as_exact_and_as_float():
    game = prisoners_dilemma()
    assert game.as_exact() is game
    floats = game.as_float()
    assert floats.payoffs[0].dtype == float and floats.as_float() is floats
    assert floats.as_exact() == game


def test_numpy_integer_and_sympy_rational_payoffs_are_exact():
    import sympy

    game = NormalFormGame.from_bimatrix([[np.int64(2), sympy.Rational(1, 3)]], [[0, 0]])
    assert game.is_exact
    assert game.payoffs[0].tolist() == [[2, F(1, 3)]]


def test_payoff_scale_and_tolerance():
    game = NormalFormGame.from_bimatrix([[0.5, -2000.0]], [[1.0, 3.0]])
    assert game.payoff_scale == 2000.0
    assert game.tolerance() == pytest.approx(DEFAULT_TOL * 2000.0, rel=1e-12)
    assert NormalFormGame.from_bimatrix([[0.1]], [[0.2]]).tolerance(1e-6) == pytest.approx(1e-6, rel=1e-12)


# ------------------------------------------------- payoffs, regrets, best replies
def test_expected_payoffs_and_regrets_exact_two_player():
    game = prisoners_dilemma()
    strategies = ([F(1, 2), F(1, 2)], [F(1, 3), F(2, 3)])
    assert game.expected_payoffs(strategies) == (F(1, 2) * F(1, 3) * 3 + F(1, 2) * F(1, 3) * 5 + F(1, 2) * F(2, 3) * 1,
                                                 F(1, 2) * F(1, 3) * 3 + F(1, 2) * F(2, 3) * 5 + F(1, 2) * F(2, 3) * 1)
    regrets = game.regrets(strategies)
    assert all(type(r) is Fraction for r in regrets)
    # Defecting against (1/3, 2/3): 5/3 + 2/3 = 7/3; mixing gives 1/2 * 1 + 1/2 * 7/3 = 5/3.
    assert regrets[0] == F(7, 3) - F(5, 3)
    assert game.regrets(([0, 1], [0, 1])) == (0, 0)
    assert game.best_responses("Ally", strategies) == (1,)


@settings(max_examples=60)
@given(game=nplayer_games(max_players=4, max_actions=3), data=st.data())
def test_expected_payoffs_regrets_and_best_responses_match_brute_force(game, data):
    strategies = []
    for m in game.shape:
        weights = data.draw(st.lists(st.integers(0, 5), min_size=m, max_size=m).filter(lambda w: sum(w) > 0))
        strategies.append([F(w, sum(weights)) for w in weights])
    expected = brute_force_expected(game, strategies)
    assert list(game.expected_payoffs(strategies)) == expected
    regrets = game.regrets(strategies)
    for i in range(game.n_players):
        deviations = brute_force_deviation(game, i, strategies)
        assert regrets[i] == max(deviations) - expected[i]
        assert regrets[i] >= 0
        assert game.best_responses(i, strategies) == tuple(a for a, v in enumerate(deviations) if v == max(deviations))
        assert list(game.deviation_payoffs(i, game.check_strategies(strategies))) == deviations
    # The same in float mode, within the tolerance.
    floats = game.as_float()
    float_strategies = [np.array(s, dtype=float) for s in strategies]
    slack = floats.tolerance()
    for value, reference in zip(floats.expected_payoffs(float_strategies), expected):
        assert abs(value - float(reference)) <= slack
    for value, reference in zip(floats.regrets(float_strategies), regrets):
        assert abs(value - float(reference)) <= slack


def test_best_responses_use_the_tolerance_in_float_mode():
    game = NormalFormGame.from_bimatrix([[1.0, 0.0], [1.0 - 1e-12, 0.0]], [[0.0, 0.0], [0.0, 0.0]])
    assert game.best_responses(0, ([1.0, 0.0], [1.0, 0.0])) == (0, 1)
    assert game.best_responses(0, ([1.0, 0.0], [1.0, 0.0]), tol=0.0) == (0,)


def test_pure_best_response_mask_three_players():
    game = NormalFormGame([np.arange(8).reshape(2, 2, 2) % 3, np.ones((2, 2, 2), dtype=int), -np.arange(8).reshape(2, 2, 2)])
    for i in range(3):
        mask = game.pure_best_response_mask(i)
        for profile in itertools.product(range(2), repeat=3):
            others = [profile[:i] + (a,) + profile[i + 1:] for a in range(2)]
            best = max(game.payoffs[i][p] for p in others)
            assert mask[profile] == (game.payoffs[i][profile] == best)


def test_check_strategies_rejects_non_probability_vectors():
    game = prisoners_dilemma()
    with pytest.raises(ValueError, match=r"strategy of player 'Ally' has 3 probabilities, expected 2"):
        game.check_strategies(([F(1, 3)] * 3, [1, 0]))
    with pytest.raises(ValueError, match=r"strategy of player 'Rival' is not a probability vector"):
        game.check_strategies(([1, 0], [F(1, 2), F(1, 3)]))
    with pytest.raises(ValueError, match=r"strategy of player 'Ally' is not a probability vector"):
        game.check_strategies(([1.5, -0.5], [1.0, 0.0]))
    with pytest.raises(ValueError, match=r"one strategy per player \(2\), got 1"):
        game.check_strategies(([1, 0],))


def test_restrict_keeps_labels():
    game = NormalFormGame.from_bimatrix([[1, 2, 3], [4, 5, 6]], [[6, 5, 4], [3, 2, 1]],
                                        actions=(["u", "d"], ["l", "c", "r"]))
    sub = game.restrict([[1], [0, 2]])
    assert sub.actions == (("d",), ("l", "r"))
    assert sub.payoffs[0].tolist() == [[4, 6]]
    with pytest.raises(ValueError, match="must keep at least one action"):
        game.restrict([[], [0]])
    with pytest.raises(ValueError, match=r"kept actions \[5\] out of range for player 'Column'"):
        game.restrict([[0], [5]])


def test_lookups_name_what_is_missing():
    game = prisoners_dilemma()
    with pytest.raises(ValueError, match=r"player 'Ally' has no action 'Z'; actions are \['C', 'D'\]"):
        game.payoff_profile(("Z", "C"))
    with pytest.raises(ValueError, match=r"no player 'Nobody'; players are \['Ally', 'Rival'\]"):
        game.player_index("Nobody")
    with pytest.raises(ValueError, match=r"a profile names one action per player \(2\)"):
        game.payoff_profile(("C",))
    with pytest.raises(ValueError, match="bimatrix\\(\\) needs a two-player game, this one has 3 players"):
        NormalFormGame([np.zeros((1, 1, 1))] * 3).bimatrix()


# -------------------------------------------------------------------- rendering
def test_two_player_rendering_marks_best_responses():
    text = prisoners_dilemma(title="Prisoner's Dilemma").to_text()
    lines = text.splitlines()
    assert lines[0] == "Prisoner's Dilemma"
    assert lines[1].startswith("Ally \\ Rival")
    row_c = next(line for line in lines if line.startswith("C "))
    row_d = next(line for line in lines if line.startswith("D "))
    # Defection is each player's best response to anything: marked everywhere D is played.
    assert re.search(r"3, 3\s*\|\s*0, 5\*", row_c)
    assert re.search(r"5\*, 0\s*\|\s*1\*, 1\*", row_d)
    assert lines[-1] == "(* marks a best response to the other players' actions)"
    assert str(prisoners_dilemma()) == prisoners_dilemma().to_text()


def test_rendering_without_marks_and_with_fractions_and_floats():
    game = NormalFormGame.from_bimatrix([[F(10, 3), 0]], [[F(1, 2), 1]])
    plain = game.to_text(mark_best_responses=False)
    assert "*" not in plain
    assert "10/3, 1/2" in plain
    floats = NormalFormGame.from_bimatrix([[0.123456, 2.0]], [[1.0, 0.0]])
    assert "0.123*, 1* | 2*, 0" in game_table(floats, digits=3)  # one row: always a best response


def test_three_and_one_player_rendering():
    game = NormalFormGame([np.arange(8).reshape(2, 2, 2), np.ones((2, 2, 2), dtype=int), np.zeros((2, 2, 2), dtype=int)],
                          actions=(["u", "d"], ["l", "r"], ["East", "West"]))
    text = game.to_text()
    assert "Player 3 plays East:" in text and "Player 3 plays West:" in text
    assert "4*, 1*, 0*" in text  # profile (d, l, East): payoffs 4, 1, 0, all best responses
    solo = NormalFormGame([np.array([3, 1, 2])], players=["Solo"], actions=[["a", "b", "c"]], title="one player")
    lines = solo.to_text().splitlines()
    assert lines[0] == "one player"
    assert any(line.startswith("a ") and line.endswith("3*") for line in lines)
    assert not any(line.startswith("b ") and "*" in line for line in lines)


def test_repr():
    assert repr(prisoners_dilemma(title="PD")) == "<NormalFormGame 'PD': 2 players ['Ally', 'Rival'], shape (2, 2), exact>"


# ------------------------------------------------------------- invalid arguments
INVALID = [
    ("shape mismatch", lambda: NormalFormGame.from_bimatrix([[1, 2], [3, 4]], [[1, 2, 3], [4, 5, 6]]),
     ValueError, "column_payoffs has shape (2, 3) but row_payoffs has shape (2, 2)"),
    ("per-player shape mismatch", lambda: NormalFormGame([np.zeros((2, 2)), np.zeros((2, 3))]),
     ValueError, "payoff array of player 1 has shape (2, 3), expected (2, 2)"),
    ("axes vs players", lambda: NormalFormGame([np.zeros((2, 2))] * 3),
     ValueError, "payoff arrays have 2 axes but there are 3 players"),
    ("NaN", lambda: NormalFormGame.from_bimatrix([[1, float("nan")], [0, 0]], [[0, 0], [0, 0]], actions=(["a", "b"], ["x", "y"])),
     ValueError, "payoff for player 'Row' at (a, y) is nan, expected a finite number"),
    ("inf in array", lambda: NormalFormGame.from_bimatrix(np.zeros((2, 2)), np.array([[0, 0], [-np.inf, 0]])),
     ValueError, "payoff for player 'Column' at (A2, B1) is -inf, expected a finite number"),
    ("inf exact", lambda: NormalFormGame.from_bimatrix([[float("inf")]], [[0]], exact=True),
     ValueError, "payoff for player 'Row' at (A1, B1) is inf, expected a finite number"),
    ("empty action set", lambda: NormalFormGame.from_bimatrix(np.zeros((0, 2)), np.zeros((0, 2))),
     ValueError, "have no actions: every player needs at least one action"),
    ("empty column set", lambda: NormalFormGame.from_bimatrix([[], []], [[], []]),
     ValueError, "player(s) [1] have no actions"),
    ("no players", lambda: NormalFormGame([]), ValueError, "a game needs at least one player"),
    ("duplicate actions", lambda: prisoners_dilemma().replace(actions=(["C", "C"], ["C", "D"])),
     ValueError, "actions of player 'Ally' has duplicate labels: ['C']"),
    ("duplicate players", lambda: prisoners_dilemma().replace(players=("Same", "Same")),
     ValueError, "players has duplicate labels: ['Same']"),
    ("too many action labels", lambda: prisoners_dilemma().replace(actions=(["C", "D", "E"], ["C", "D"])),
     ValueError, "actions of player 'Ally' has 3 entries, expected 2"),
    ("too few player names", lambda: prisoners_dilemma().replace(players=("Solo",)),
     ValueError, "players has 1 entries, expected 2"),
    ("one label list for two players", lambda: prisoners_dilemma().replace(actions=(["C", "D"],)),
     ValueError, "actions must give one list of labels per player (2 players)"),
    ("players as one string", lambda: prisoners_dilemma().replace(players="AB"),
     TypeError, "players must be a sequence of strings, got 'AB'"),
    ("empty label", lambda: prisoners_dilemma().replace(actions=(["", "D"], ["C", "D"])),
     ValueError, "actions of player 'Ally' must be non-empty strings, got ''"),
    ("non-string label", lambda: prisoners_dilemma().replace(actions=([1, 2], ["C", "D"])),
     ValueError, "must be non-empty strings, got 1"),
    ("non-numeric payoff", lambda: NormalFormGame.from_bimatrix([[1, "x"], [3, 4]], [[1, 2], [3, 4]]),
     TypeError, "payoff for player 'Row' at (A1, B2) is not a number: 'x'"),
    ("None payoff", lambda: NormalFormGame.from_bimatrix([[1, None]], [[1, 2]]),
     TypeError, "payoff for player 'Row' at (A1, B2) is not a number: None"),
    ("non-numeric exact", lambda: NormalFormGame.from_bimatrix([[1, "x"]], [[1, 2]], exact=True),
     ValueError, "payoff for player 'Row' at (A1, B2) 'x' is not a number"),
    ("boolean payoff", lambda: NormalFormGame.from_bimatrix([[True, 0.5]], [[1, 2]]),
     TypeError, "payoff for player 'Row' at (A1, B1) is the boolean True, expected a number"),
    ("boolean array", lambda: NormalFormGame.from_bimatrix(np.array([[True, False]]), np.zeros((1, 2))),
     TypeError, "payoffs of player 'Row' must be numbers, got dtype bool"),
    ("string array", lambda: NormalFormGame.from_bimatrix(np.array([["a", "b"]]), np.zeros((1, 2))),
     TypeError, "payoffs of player 'Row' must be numbers, got dtype <U1"),
    ("complex payoffs", lambda: NormalFormGame.from_bimatrix(np.array([[1j, 0]]), np.zeros((1, 2))),
     TypeError, "payoffs of player 'Row' must be real numbers"),
    ("ragged matrix", lambda: NormalFormGame.from_bimatrix([[1, 2], [3]], [[1, 2], [3, 4]]),
     ValueError, "row_payoffs must be a matrix (2 axes), got shape (2,)"),
    ("ragged per-player list", lambda: NormalFormGame([[[1, 2], [3]], [[1, 2], [3, 4]]]),
     ValueError, "payoffs of player 0 are not a rectangular array"),
    ("vector instead of matrix", lambda: NormalFormGame.from_bimatrix([1, 2], [1, 2]),
     ValueError, "row_payoffs must be a matrix (2 axes), got shape (2,)"),
    ("1-d single array", lambda: NormalFormGame(np.zeros(3)),
     ValueError, "a single payoff array must have shape (m_0, ..., m_{n-1}, n)"),
    ("from_function wrong count", lambda: NormalFormGame.from_function(lambda a, b: (1,), [["x", "y"], ["z"]]),
     ValueError, "payoff('x', 'z') must return 2 payoffs (one per player), got (1,)"),
    ("from_function string", lambda: NormalFormGame.from_function(lambda a, b: "ab", [["x"], ["z"]]),
     ValueError, "must return 2 payoffs (one per player), got 'ab'"),
    ("counts: zero players", lambda: NormalFormGame.from_symmetric_counts(0, ["a"], lambda a, o: 1),
     ValueError, "n_players must be a positive integer, got 0"),
    ("counts: boolean players", lambda: NormalFormGame.from_symmetric_counts(True, ["a"], lambda a, o: 1),
     ValueError, "n_players must be a positive integer, got True"),
    ("counts: no actions", lambda: NormalFormGame.from_symmetric_counts(2, [], lambda a, o: 1),
     ValueError, "have no actions"),
    ("counts: duplicate actions", lambda: NormalFormGame.from_symmetric_counts(2, ["a", "a"], lambda a, o: 1),
     ValueError, "has duplicate labels: ['a']"),
    ("counts: non-numeric payoff", lambda: NormalFormGame.from_symmetric_counts(2, ["a", "b"], lambda a, o: "x"),
     TypeError, "payoff for player 'Row' at (a, a) is not a number: 'x'"),
    ("from_nashpy: not a game", lambda: NormalFormGame.from_nashpy([[1]]),
     TypeError, "expected a nashpy.Game, got list"),
]


@pytest.mark.parametrize(("case", "make", "error", "fragment"), INVALID, ids=[case[0] for case in INVALID])
def test_invalid_arguments_give_clear_errors(case, make, error, fragment):
    with pytest.raises(error) as info:
        make()
    assert fragment in str(info.value)
    assert type(info.value) is error  # not a numpy or sympy internal error


# ------------------------------------------------------------ certification
def test_certify_exact_game_gives_exact_zero_regrets():
    from gametheory import certify

    game = NormalFormGame.from_bimatrix([[F(3, 10), F(1, 10)], [F(1, 10), F(1, 5)]], [[F(1, 5), F(1, 10)], [F(1, 10), F(3, 10)]])
    equilibrium = certify(game, [[F(2, 3), F(1, 3)], [F(1, 3), F(2, 3)]])
    assert equilibrium.is_exact
    assert equilibrium.regrets == (0, 0) and all(type(r) is Fraction for r in equilibrium.regrets)
    assert equilibrium.supports == ((0, 1), (0, 1))


def test_certify_float_game_with_exact_probabilities_uses_the_tolerance():
    """Rounding in float payoffs must not make a true equilibrium fail a zero-tolerance check."""
    from gametheory import certify

    rng = np.random.default_rng(1)
    for _ in range(50):
        a, b = rng.integers(1, 10, 2)
        game = NormalFormGame.from_bimatrix(np.array([[0.3, 0.1], [0.1, 0.2]]) * a, np.array([[0.2, 0.1], [0.1, 0.3]]) * b)
        equilibrium = certify(game, [[F(2, 3), F(1, 3)], [F(1, 3), F(2, 3)]])
        assert not equilibrium.is_exact
        assert 0 <= equilibrium.max_regret <= game.tolerance()
        assert equilibrium.tol == game.tolerance()


def test_certify_refuses_a_non_equilibrium():
    from gametheory.equilibrium import NotAnEquilibriumError, certify

    with pytest.raises(NotAnEquilibriumError, match=r"not an equilibrium: player 'Ally' gains 2 by deviating \(tolerance 0\)"):
        certify(prisoners_dilemma(), [[1, 0], [1, 0]])


def test_a_payoff_too_large_for_floats_is_named():
    with pytest.raises(ValueError, match=r"payoff for player 'Row' at \(A1, B1\) is too large for floating point"):
        NormalFormGame.from_bimatrix([[10**400, 0], [1, 2]], [[0, 0], [0, 0]], exact=False)
