"""Gambit .nfg files: reading, writing, round trips with pygambit, malformed input."""

from __future__ import annotations

import io
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame
from gametheory.io.nfg import format_nfg, parse_nfg, read_nfg, write_nfg

from strategies import bimatrix_games, nplayer_games

gbt = pytest.importorskip("pygambit")

DATA = Path(__file__).parent / "data"
F = Fraction


def to_pygambit(game: NormalFormGame, form: str = "payoff"):
    return gbt.read_nfg(io.StringIO(format_nfg(game, form=form)))


def pygambit_text(game) -> str:
    """pygambit's own .nfg text (``to_nfg`` in 16.x, ``write(format="nfg")`` in newer releases)."""
    if hasattr(game, "to_nfg"):
        return game.to_nfg()
    return game.write(format="nfg")


def pygambit_payoffs(game) -> list[np.ndarray]:
    """Each player's payoff array from a pygambit game, as exact Fractions (null outcome = 0)."""
    players = list(game.players)
    strategies = [list(p.strategies) for p in players]
    shape = tuple(len(s) for s in strategies)
    arrays = [np.empty(shape, dtype=object) for _ in players]
    for index in np.ndindex(shape):
        outcome = game[[strategies[i][a] for i, a in enumerate(index)]]
        for i, player in enumerate(players):
            arrays[i][index] = F(0) if outcome is None else F(str(outcome[player]))
    return arrays


def assert_same_payoffs(game: NormalFormGame, arrays) -> None:
    """Exact games must match exactly; float games to within a relative 1e-12."""
    assert len(arrays) == game.n_players
    for mine, theirs in zip(game.payoffs, arrays):
        assert mine.shape == theirs.shape
        for a, b in zip(mine.ravel(), theirs.ravel()):
            if game.is_exact:
                assert a == b
            else:
                assert abs(float(a) - float(b)) <= 1e-12 * max(1.0, abs(float(a)))


# ------------------------------------------------------------- good files
def test_gambit_prisoners_dilemma_outcome_version():
    game = read_nfg(DATA / "gambit_pd.nfg")
    assert game.title == "Two person Prisoner's Dilemma game"
    assert game.players == ("Player 1", "Player 2")
    assert game.actions == (("1", "2"), ("1", "2"))
    assert game.is_exact
    # Profiles are listed with the first player's strategy changing fastest.
    assert game.payoffs[0].tolist() == [[9, 0], [10, 1]]
    assert game.payoffs[1].tolist() == [[9, 10], [0, 1]]


def test_gambit_payoff_version_with_strategy_counts():
    game = read_nfg(DATA / "gambit_e02.nfg")
    assert game.shape == (3, 2)
    assert game.actions == (("1", "2", "3"), ("1", "2"))
    # 1 1 0 2 0 2 1 1 0 3 2 0: (r1,c1)=(1,1) (r2,c1)=(0,2) (r3,c1)=(0,2) (r1,c2)=(1,1) (r2,c2)=(0,3) (r3,c2)=(2,0)
    assert game.payoffs[0].tolist() == [[1, 1], [0, 0], [0, 2]]
    assert game.payoffs[1].tolist() == [[1, 1], [2, 3], [2, 0]]


def test_three_player_outcome_file():
    game = read_nfg(DATA / "gambit_2x2x2.nfg")
    assert game.shape == (2, 2, 2)
    assert game.payoff_profile((0, 0, 0)) == (9, 8, 12)
    assert game.payoff_profile((1, 1, 0)) == (9, 8, 2)  # 4th profile: players 1 and 2 on strategy 2
    assert game.payoff_profile((1, 0, 1)) == (3, 4, 6)  # 6th profile
    assert game.payoff_profile((1, 1, 1)) == (0, 0, 0)


def test_multiline_comment_and_numbered_players():
    game = read_nfg(DATA / "gambit_shapley1974_fig3.nfg")
    assert game.players == ("1", "2")
    assert game.payoffs[0].tolist() == [[0, 3, 0], [2, 2, 0], [3, 0, 1]]
    assert game.payoffs[1].tolist() == [[0, 2, 3], [3, 2, 0], [0, 0, 1]]


def test_outcome_and_payoff_versions_of_the_same_game_agree():
    outcome = read_nfg(DATA / "alliance_outcome.nfg")
    payoff = read_nfg(DATA / "alliance_payoff.nfg")
    assert outcome == payoff
    assert outcome.title == 'Alliance choice, "balance or bandwagon"'
    assert outcome.players == ("Small State", "Great Power")
    assert outcome.actions == (("Balance", "Bandwagon"), ("Restrain", "Attack"))
    # Rational 10/3, decimal 0.5 read exactly; index 0 is the all-zero null outcome.
    assert outcome.payoff_profile(("Balance", "Restrain")) == (F(10, 3), 1)
    assert outcome.payoff_profile(("Bandwagon", "Restrain")) == (3, F(5, 2))
    assert outcome.payoff_profile(("Balance", "Attack")) == (F(1, 2), -1)
    assert outcome.payoff_profile(("Bandwagon", "Attack")) == (0, 0)
    assert all(isinstance(v, Fraction) for p in outcome.payoffs for v in p.ravel())


def test_decimal_header_with_decimals_reads_floats():
    game = read_nfg(DATA / "decimal_header.nfg")
    assert not game.is_exact
    assert game.payoffs[0].dtype == float
    expected_row = np.array([[1.5, -25.0], [0.001, 0.75]])
    expected_column = np.array([[-0.25, 0.125], [2.0, -1.0]])
    assert np.allclose(game.payoffs[0], expected_row, atol=1e-12)
    assert np.allclose(game.payoffs[1], expected_column, atol=1e-12)
    exact = read_nfg(DATA / "decimal_header.nfg", exact=True)
    assert exact.is_exact
    assert exact.payoffs[0][1, 0] == F(1, 1000)
    assert exact.payoffs[0][0, 1] == -25


def test_counts_form_three_players_matches_from_function():
    game = read_nfg(DATA / "volunteer3.nfg")

    def payoff(*choices):
        anyone = any(c == "1" for c in choices)
        return tuple((1 if anyone else 0) - (F(1, 4) if c == "1" else 0) for c in choices)

    expected = NormalFormGame.from_function(payoff, [("1", "2")] * 3, players=("Ally 1", "Ally 2", "Ally 3"))
    assert game == expected


def test_exact_false_gives_floats():
    game = read_nfg(DATA / "alliance_payoff.nfg", exact=False)
    assert not game.is_exact
    assert abs(game.payoffs[0][0, 0] - 10 / 3) <= 1e-12


def test_empty_and_repeated_labels_are_made_usable():
    text = 'NFG 1 R "" { "" "" "x" } { { "a" "a" "" } { "" } { "b" } }\n"" 1 2 3 4 5 6 7 8 9'
    game = parse_nfg(text)
    assert game.players == ("Player 1", "Player 2", "x")
    assert game.actions == (("a", "a #2", "3"), ("1",), ("b",))
    assert game.payoff_profile((2, 0, 0)) == (7, 8, 9)


def test_numbers_in_every_notation():
    text = 'NFG 1 R "" { "A" } { 8 }\n 3 -2 10/3 -7/2 0.25 .5 1.5e2 -2E-1'
    game = parse_nfg(text)
    assert game.payoffs[0].tolist() == [3, -2, F(10, 3), F(-7, 2), F(1, 4), F(1, 2), 150, F(-1, 5)]


def test_escaped_quotes_and_backslashes_round_trip():
    game = NormalFormGame.from_bimatrix(
        [[1, 2]], [[3, 4]], players=('say "hi"', "back\\slash"), actions=(['"q"'], ["a\\", "multi\nline"]),
        title='the "title"',
    )
    text = format_nfg(game, comment='a "comment"\nover two lines')
    assert parse_nfg(text) == game
    assert parse_nfg(text).title == 'the "title"'


def test_text_must_be_a_string():
    with pytest.raises(TypeError, match="text must be a str"):
        parse_nfg(b"NFG 1 R")


def test_format_nfg_checks_its_arguments():
    game = NormalFormGame.from_bimatrix([[1]], [[1]])
    with pytest.raises(ValueError, match="form must be 'payoff' or 'outcome', got 'tree'"):
        format_nfg(game, form="tree")
    with pytest.raises(TypeError, match="game must be a NormalFormGame"):
        format_nfg([[1]])


def test_latin1_file_is_readable(tmp_path):
    path = tmp_path / "old.nfg"
    path.write_bytes('NFG 1 R "Jeu à deux" { "A" } { 1 }\n 1'.encode("latin-1"))
    assert read_nfg(path).title == "Jeu à deux"


def test_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_nfg(tmp_path / "nope.nfg")


# ------------------------------------------------------------- round trips
@pytest.mark.parametrize("form", ["payoff", "outcome"])
@settings(max_examples=40)
@given(game=nplayer_games(max_players=4, max_actions=3, small_payoffs=False))
def test_round_trip_exact_n_player(form, game):
    assert parse_nfg(format_nfg(game, form=form)) == game


@pytest.mark.parametrize("form", ["payoff", "outcome"])
@settings(max_examples=40)
@given(game=bimatrix_games(max_actions=4), scale=st.sampled_from([1.0, 0.1, 1e-7, 3.3e12]))
def test_round_trip_float(form, game, scale):
    scaled = NormalFormGame([p * scale for p in game.payoffs], exact=False)
    back = parse_nfg(format_nfg(scaled, form=form))
    assert not back.is_exact
    assert back == scaled  # shortest round-tripping decimals: bit-for-bit equal


def test_round_trip_fractions_with_large_denominators():
    rng = np.random.default_rng(7)
    arrays = [
        np.array([F(int(p), int(q)) for p, q in zip(rng.integers(-10**6, 10**6, 12), rng.integers(1, 10**6, 12))],
                 dtype=object).reshape(2, 3, 2)
        for _ in range(3)
    ]
    game = NormalFormGame(arrays, title="fractions")
    for form in ("payoff", "outcome"):
        assert parse_nfg(format_nfg(game, form=form)) == game


def test_write_and_read_file(tmp_path):
    game = read_nfg(DATA / "alliance_outcome.nfg")
    path = tmp_path / "copy.nfg"
    write_nfg(game, path, form="outcome", comment="copied")
    assert read_nfg(path) == game
    assert path.read_text(encoding="utf-8").startswith('NFG 1 R "Alliance choice')


# ----------------------------------------------------- pygambit interoperability
@pytest.mark.parametrize("form", ["payoff", "outcome"])
def test_pygambit_reads_what_we_write_on_random_games(form):
    rng = np.random.default_rng(2024)
    for trial in range(30):
        n_players = int(rng.integers(1, 5))
        shape = tuple(int(m) for m in rng.integers(1, 4, size=n_players))
        arrays = [
            np.array([F(int(p), int(q)) for p, q in zip(rng.integers(-50, 50, int(np.prod(shape))),
                                                        rng.integers(1, 7, int(np.prod(shape))))],
                     dtype=object).reshape(shape)
            for _ in range(n_players)
        ]
        actions = [[f"s{i}_{k}" for k in range(m)] for i, m in enumerate(shape)]
        game = NormalFormGame(arrays, actions=actions, title=f"random {trial}")
        theirs = to_pygambit(game, form)
        assert [p.label for p in theirs.players] == list(game.players)
        assert [[s.label for s in p.strategies] for p in theirs.players] == [list(a) for a in actions]
        assert theirs.title == game.title
        assert_same_payoffs(game, pygambit_payoffs(theirs))


def test_pygambit_reads_our_float_games():
    rng = np.random.default_rng(5)
    A, B = rng.normal(size=(3, 4)) * 100, rng.normal(size=(3, 4)) * 1e-3
    game = NormalFormGame.from_bimatrix(A, B)
    for form in ("payoff", "outcome"):
        assert_same_payoffs(game, pygambit_payoffs(to_pygambit(game, form)))


def test_we_read_what_pygambit_writes_on_random_games():
    rng = np.random.default_rng(11)
    for trial in range(30):
        n_players = int(rng.integers(1, 5))
        shape = tuple(int(m) for m in rng.integers(1, 4, size=n_players))
        arrays = [rng.integers(-100, 100, size=shape) for _ in range(n_players)]
        theirs = gbt.Game.from_arrays(*arrays, title=f"from pygambit {trial}")
        game = parse_nfg(pygambit_text(theirs), source="pygambit")
        assert game.title == f"from pygambit {trial}"
        assert game.shape == shape
        for mine, expected in zip(game.payoffs, arrays):
            assert mine.tolist() == expected.tolist()


def test_we_read_pygambit_rationals_decimals_labels_and_comment():
    theirs = gbt.Game.from_arrays(np.array([[1, 2], [3, 4]]), np.array([[5, 6], [7, 8]]), title='quote "me"')
    players = list(theirs.players)
    players[0].label = "Ally"
    list(players[0].strategies)[0].label = 'Balance "now"'
    theirs.description = 'two\nlines with a "quote"'
    outcomes = list(theirs.outcomes)
    outcomes[0][players[0]] = gbt.Rational(10, 3)
    outcomes[1][players[0]] = gbt.Decimal("0.25")
    game = parse_nfg(pygambit_text(theirs))
    assert game.title == 'quote "me"'
    assert game.players == ("Ally", "2")
    assert game.actions[0] == ('Balance "now"', "2")
    assert game.payoffs[0].tolist() == [[F(10, 3), 2], [F(1, 4), 4]]


def test_files_in_tests_data_are_read_identically_by_pygambit():
    for path in sorted(DATA.glob("*.nfg")):
        game = read_nfg(path, exact=True)
        assert_same_payoffs(game, pygambit_payoffs(gbt.read_nfg(str(path))))


# ------------------------------------------------------------- malformed corpus
MALFORMED = {
    "wrong_version.nfg": (1, "unsupported NFG format version '2'"),
    "extensive_form.nfg": (1, "Gambit EFG file, not a strategic-form"),
    "bad_number_type.nfg": (1, "expected 'R' (rational) or 'D' (decimal) after 'NFG 1', got 'Q'"),
    "truncated_payoffs.nfg": (5, "the file ends after 6 payoffs, expected 8"),
    "too_many_payoffs.nfg": (3, "unexpected '5' after the end of the game"),
    "bad_number.nfg": (3, "expected the payoff of player 2 at profile (1, 2)"),
    "zero_denominator.nfg": (3, "the ratio '7/0' divides by zero"),
    "unterminated_string.nfg": (2, "unterminated string"),
    "missing_brace.nfg": (2, "or '}' closing it, got '{'"),
    "outcome_index_out_of_range.nfg": (10, "outcome index 3 out of range: there are 2 outcomes"),
    "negative_outcome_index.nfg": (10, "expected an outcome index (0..2) for profile 3, got '-1'"),
    "outcome_too_many_payoffs.nfg": (8, "outcome 2 has more than 2 payoffs"),
    "outcome_too_few_payoffs.nfg": (8, "outcome 2 has 1 payoff, expected one per player (2)"),
    "too_few_outcome_indices.nfg": (10, "the file ends after 3 outcome indices, expected 4"),
    "outcome_list_not_closed.nfg": (9, "expected '{' opening outcome 3 or '}' closing the outcome list, got '1'"),
    "wrong_strategy_count.nfg": (1, "1 strategy count for 2 players"),
    "zero_strategies.nfg": (1, "player 'B' has 0 strategies, expected at least 1"),
    "empty_strategy_list.nfg": (3, "player 'B' has no strategies"),
    "too_many_strategy_lists.nfg": (4, "too many strategy lists: 2 players"),
    "no_players.nfg": (1, "the game has no players"),
    "empty.nfg": (1, "expected the header 'NFG 1 R'"),
    "huge_exponent.nfg": (2, "has exponent 99999; the limit is 1000 in size (gametheory.limits.MAX_NUMBER_EXPONENT)"),
    "huge_integer.nfg": (2, "has 1500 digits in one part; the limit is 1000 (gametheory.limits.MAX_NUMBER_DIGITS)"),
    "huge_strategy_count.nfg": (1, "'1000000000000000000000000000000' is too large"),
    "too_many_profiles.nfg": (1, "200 x 200 x 200 profiles for 3 players, 24000000 payoffs; the limit is 5000000"),
    "too_many_players.nfg": (1, "the game declares 100000 players; the limit is 64"),
    "fortran_exponent.nfg": (2, "expected the payoff of player 1 at profile (1, 1)"),
}


def test_malformed_corpus_is_complete():
    assert sorted(MALFORMED) == sorted(p.name for p in (DATA / "malformed").glob("*.nfg"))


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_file_error_names_file_line_and_problem(name):
    line, fragment = MALFORMED[name]
    path = DATA / "malformed" / name
    with pytest.raises(ValueError) as info:
        read_nfg(path)
    message = str(info.value)
    assert message.startswith(f"{path}, line {line}, column ")
    assert fragment in message
    assert "\n" not in message
    # pygambit rejects these too (except files it is lenient about).
    if name not in {"huge_exponent.nfg", "empty_strategy_list.nfg", "zero_strategies.nfg", "no_players.nfg",
                    "huge_integer.nfg", "huge_strategy_count.nfg", "too_many_profiles.nfg", "too_many_players.nfg",
                    "fortran_exponent.nfg"}:
        with pytest.raises(Exception):
            gbt.read_nfg(str(path))


def test_error_column_points_at_the_bad_token():
    text = 'NFG 1 R "x" { "A" } { 3 }\n1 2 oops'
    with pytest.raises(ValueError, match=re.escape("<string>, line 2, column 5: expected the payoff of player 1 at profile (3,)")):
        parse_nfg(text)


def test_reading_stops_at_the_size_limit_whatever_the_file_is():
    """A stream that never ends (a device, a pipe) is refused at the limit, not read forever."""
    from gametheory.limits import MAX_GAME_FILE_BYTES

    with pytest.raises(ValueError, match=f"/dev/zero: the .nfg file is larger than {MAX_GAME_FILE_BYTES} bytes"):
        read_nfg("/dev/zero")
