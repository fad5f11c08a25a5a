"""Reading .efg files at the edges: wide and deep trees, numbers out of range, file names in any case."""

from __future__ import annotations

import json
import re
import shutil
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from gametheory.cli import main
from gametheory.games.extensive import GameTree, build_tree, decision, terminal
from gametheory.games.extensive.tree import PerfectRecallError
from gametheory.io import efg
from gametheory.io.efg import format_efg, parse_efg, read_efg

from test_extensive_tree import random_tree

DATA = Path(__file__).parent / "data"


def run(*args):
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


# ------------------------------------------------------------ extensions
@pytest.mark.parametrize("name", ["GOOD.EFG", "good.Efg"])
def test_solve_reads_an_efg_file_whatever_the_case_of_its_extension(tmp_path, name):
    path = tmp_path / name
    shutil.copy(DATA / "efg" / "entry_perfect_information.efg", path)
    code, output = run("solve", str(path), "--format", "json")
    assert code == 0, output
    payload = json.loads(output)
    assert payload["concept"] == "spe"
    reference = json.loads(run("solve", str(DATA / "efg" / "entry_perfect_information.efg"), "--format", "json")[1])
    assert payload["equilibria"] == reference["equilibria"]


def test_solve_reads_an_nfg_file_whatever_the_case_of_its_extension(tmp_path):
    path = tmp_path / "PD.NFG"
    shutil.copy(DATA / "gambit_pd.nfg", path)
    code, output = run("solve", str(path), "--format", "json")
    assert code == 0, output
    reference = json.loads(run("solve", str(DATA / "gambit_pd.nfg"), "--format", "json")[1])
    assert json.loads(output)["equilibria"] == reference["equilibria"]


def test_a_model_file_in_upper_case_is_read_as_a_model(tmp_path):
    path = tmp_path / "CHICKEN.TOML"
    shutil.copy(Path(__file__).parent.parent / "models" / "chicken.toml", path)
    code, output = run("solve", str(path), "--format", "json")
    assert code == 0, output
    reference = json.loads(run("solve", "chicken", "--format", "json")[1])
    assert json.loads(output)["equilibria"] == reference["equilibria"]


def test_explain_reads_an_efg_file_in_upper_case(tmp_path):
    path = tmp_path / "ENTRY.EFG"
    shutil.copy(DATA / "efg" / "entry_perfect_information.efg", path)
    code, output = run("explain", str(path))
    assert code == 0, output
    assert output == run("explain", str(DATA / "efg" / "entry_perfect_information.efg"))[1]


def test_a_missing_efg_file_in_upper_case_is_named_as_a_missing_file(tmp_path):
    code, output = run("solve", str(tmp_path / "MISSING.EFG"))
    assert code == 2
    assert "no such game file" in output and "Traceback" not in output


# ------------------------------------------------------------ wide nodes
def _wide_efg(k: int) -> str:
    """A one-player tree whose root has ``k`` actions, every play ending in outcome 1."""
    actions = " ".join(f'"a{i}"' for i in range(k))
    return "\n".join(['EFG 2 R "" { "A" }', '""', f'p "" 1 1 "" {{ {actions} }} 0', 't "" 1 "" { 1 }']
                     + ['t "" 1'] * (k - 1)) + "\n"


def test_a_node_with_fifty_thousand_actions_is_read():
    # Checking the labels pairwise took about a minute here (benchmarks/bench_efg_read.py times the reader).
    k = 50_000
    tree = parse_efg(_wide_efg(k), source="wide.efg")
    assert tree.n_nodes == k + 1 and len(tree.actions_at(0)) == k
    assert tree.actions_at(0)[k - 1] == f"a{k - 1}"


def test_repeated_action_and_player_names_are_still_named():
    with pytest.raises(ValueError, match=r"duplicate labels: \['x', 'y'\]"):
        GameTree.from_arrays([-1, 0, 0, 0, 0], [0, -2, -2, -2, -2], [[1], [2], [3], [4]],
                             actions={0: ["x", "y", "x", "y"]})
    with pytest.raises(ValueError, match=r"duplicate player names: \['A'\]"):
        GameTree.from_arrays([-1, 0], [0, -2], [[1, 1, 1]], players=["A", "B", "A"])
    # A file's repeated or empty labels are numbered, as Gambit reads them.
    tree = parse_efg('EFG 2 R "" { "A" "A" } "" p "" 1 1 "" { "x" "x" "" } 0 t "" 1 "" { 1, 2 } t "" 1 t "" 1')
    assert tree.players == ("A", "A #2") and tree.actions_at(0) == ("x", "x #2", "3")


# ------------------------------------------------------------ numbers out of range
def _two_leaves(header: str, first: str, second: str = "0.5") -> str:
    return (f'EFG 2 {header} "" {{ "A" }}\n""\np "" 1 1 "" {{ "x" "y" }} 0\n'
            f't "" 1 "" {{ {first} }}\nt "" 2 "" {{ {second} }}\n')


@pytest.mark.parametrize("value", ["1e400", "-1e400", "9" * 401, "1" + "0" * 400 + "/3"])
def test_a_payoff_too_large_for_a_float_is_named_at_its_place(value):
    with pytest.raises(ValueError) as info:
        parse_efg(_two_leaves("D", value), source="over.efg")
    message = str(info.value)
    assert message.startswith("over.efg, line 4, column 13: payoff "), message
    assert "of outcome 1 is too large for floating point" in message and "header 'EFG 2 R'" in message
    # Asked for floats, a rational file says the same.
    with pytest.raises(ValueError, match=r"^r\.efg, line 4, column 13: payoff .* too large for floating point"):
        parse_efg(_two_leaves("R", value, "1"), source="r.efg", exact=False)


def test_a_huge_integer_payoff_is_read_exactly_in_a_rational_file():
    huge = 10**400 + 7
    tree = parse_efg(_two_leaves("R", str(huge), "1/2"))
    assert tree.is_exact and tree.payoffs_at(tree.terminals[0]) == (Fraction(huge),)


def test_a_sum_of_outcomes_too_large_for_a_float_is_named_at_its_terminal_node():
    text = ('EFG 2 D "" { "A" }\n""\np "" 1 1 "" { "x" "y" } 1 "" { 1e308 }\n'
            't "" 2 "" { 1.5e308 }\nt "" 3 "" { 0.5 }\n')
    with pytest.raises(ValueError, match=r"^sum\.efg, line 4, column 1: the payoff of player 'A' here, the sum of the "
                                         r"outcomes on the way, is too large for floating point"):
        parse_efg(text, source="sum.efg")
    assert parse_efg(text, exact=True).payoffs_at(1) == (Fraction(25 * 10**307),)


def test_solving_a_file_with_an_overflowing_payoff_gives_one_line(tmp_path):
    path = tmp_path / "over.efg"
    path.write_text(_two_leaves("D", "1e400"))
    code, output = run("solve", str(path))
    assert code == 2
    assert output.strip().count("\n") == 0 and "Traceback" not in output
    assert f"{path}, line 4, column 13: payoff '1e400' of outcome 1 is too large for floating point" in output


@pytest.mark.parametrize("value", ["9" * 4301, "-" + "9" * 4301, "1/" + "7" * 4301, "0." + "5" * 4301, "9" * 1001])
def test_numbers_with_too_many_digits_are_refused_at_their_place(value):
    with pytest.raises(ValueError, match=r"^many\.efg, line 4, column 13: the number .* digits in one part; the "
                                         r"limit is 1000 \(gametheory\.limits\.MAX_NUMBER_DIGITS\)"):
        parse_efg(_two_leaves("R", value), source="many.efg")
    # As a chance probability too.
    text = f'EFG 2 R "" {{ "A" }} ""\nc "" 1 "" {{ "h" {value} "t" 1/2 }} 0\nt "" 0\nt "" 0\n'
    with pytest.raises(ValueError, match=r"^p\.efg, line 2, column 17: the number .* digits in one part"):
        parse_efg(text, source="p.efg")


def test_a_thousand_digits_is_still_read():
    value = int("7" * 1000)
    tree = parse_efg(_two_leaves("R", str(value), "1"))
    assert tree.payoffs_at(tree.terminals[0]) == (Fraction(value),)


# ------------------------------------------------------------ perfect recall, named readably
def test_imperfect_recall_names_the_nodes_by_their_moves_not_internal_numbers():
    with pytest.raises(PerfectRecallError) as info:
        build_tree(decision("A", {
            "L": decision("A", {"u": terminal(1), "d": terminal(0)}, infoset="later"),
            "R": decision("A", {"u": terminal(0), "d": terminal(1)}, infoset="later")}))
    error = info.value
    assert isinstance(error, ValueError)
    assert str(error) == ("the game does not have perfect recall: information set 'later' of player 'A' holds nodes "
                          "'after L' and 'after R', reached after different own moves ('L' at #1 and 'R' at #1)")
    assert error.nodes == (1, 2) and error.infoset == "'later'" and error.player == "A"


def test_imperfect_recall_deep_in_a_long_tree_gets_a_short_message():
    # A centipede 300 moves long whose last mover forgets whether the other player once stopped or went on:
    # the two nodes differ only far up, so their names keep where the paths part, the last moves and the depth.
    def tail(k):
        node = decision("A", {"u": terminal(1, 0), "d": terminal(0, 1)}, infoset="end")
        for j in range(k):
            node = decision("B" if j % 2 else "A", {"go": node, "stop": terminal(j, 0)})
        return node

    with pytest.raises(PerfectRecallError) as info:
        build_tree(decision("A", {"L": tail(300), "R": tail(300)}))
    message = str(info.value)
    assert len(message) < 400, message
    assert "holds nodes 'after L, ..., go, go, go (depth 301)' and 'after R, ..., go, go, go (depth 301)'" in message
    assert " holds nodes " in message and not re.search(r"nodes \d", message)


def test_labelled_nodes_are_named_by_their_labels():
    with pytest.raises(PerfectRecallError, match="holds nodes 'left' and 'right'"):
        build_tree(decision("A", {
            "L": decision("A", {"u": terminal(1), "d": terminal(0)}, infoset="later", label="left"),
            "R": decision("A", {"u": terminal(0), "d": terminal(1)}, infoset="later", label="right")}))


def test_efg_files_still_cite_the_lines_of_both_nodes():
    with pytest.raises(ValueError, match=r"^.*imperfect_recall\.efg, line 5, column 1: the game does not have perfect "
                                         r"recall: information set 'later' of player 'A' holds the nodes at lines 5 "
                                         r"and 8, reached after different own moves"):
        read_efg(DATA / "efg" / "imperfect_recall.efg")


# ------------------------------------------------------------ the one-match path reads as the token reader does
def _read_both(text: str, monkeypatch):
    """The result of reading ``text`` (a tree or an error message) with and without the one-match path."""
    results = []
    for fast in (True, False):
        with monkeypatch.context() as patch:
            if not fast:
                never = re.compile(r"(?!)")
                patch.setattr(efg, "_FAST_TERMINAL", never)
                patch.setattr(efg, "_FAST_PLAYER", never)
            try:
                results.append(parse_efg(text, source="x.efg"))
            except ValueError as error:
                results.append(str(error))
    return results


def _mutations(text: str, rng):
    """Small edits of a file: characters dropped, doubled or changed, lines dropped or repeated."""
    yield text
    for _ in range(12):
        k = int(rng.integers(len(text)))
        kind = int(rng.integers(6))
        if kind == 0:
            yield text[:k] + text[k + 1:]
        elif kind == 1:
            yield text[:k] + text[k] + text[k:]
        elif kind == 2:
            yield text[:k] + str(rng.choice(list('0123456789"{},\\ ptc-./e'))) + text[k + 1:]
        else:
            lines = text.split("\n")
            j = int(rng.integers(len(lines)))
            yield "\n".join(lines[:j] + lines[j + 1:] if kind == 3 else lines[:j] + [lines[j]] + lines[j:])


@pytest.mark.parametrize("seed", range(16))
def test_the_one_match_path_and_the_token_reader_agree_on_trees_and_errors(seed, monkeypatch):
    rng = np.random.default_rng(seed)
    tree = random_tree(seed, n_players=1 + seed % 3, depth=3 + seed % 3, exact=seed % 4 != 3)
    for text in _mutations(format_efg(tree), rng):
        fast, slow = _read_both(text, monkeypatch)
        assert type(fast) is type(slow), (text, fast, slow)
        if isinstance(fast, str):
            assert fast == slow
        else:
            assert fast == slow and fast.node_labels == slow.node_labels and fast.title == slow.title
            assert fast.infoset_labels == slow.infoset_labels


def test_the_one_match_path_reads_escapes_names_and_shared_outcomes(monkeypatch):
    text = ('EFG 2 R "t" { "A" "B" } "c"\n'
            'p "root \\"q\\"" 1 1 "set \\\\ one" { "x\\"" "y" } 0\n'
            'p "" 2 1 "" { "l" "r" } 1 "on the way" { 1/2, -1 }\n'
            't "end" 2 "win" { 3, 0.25 }\n'
            't "" 2\n'
            'p "" 2 1 0\n'
            't "" 3 "" {4 5}\n'
            't "" 0\n')
    fast, slow = _read_both(text, monkeypatch)
    assert isinstance(fast, GameTree) and fast == slow
    assert fast.node_labels[0] == 'root "q"' and fast.actions_at(0) == ('x"', "y")
    assert fast.infoset_labels[0] == "set \\ one"
    assert fast.payoffs_at(fast.terminals[0]) == (Fraction(7, 2), Fraction(-3, 4))


# ------------------------------------------------------------ big files
def _centipede_efg(moves: int) -> str:
    lines = ['EFG 2 R "centipede" { "A" "B" }', '""']
    for k in range(moves):
        lines.append(f'p "" {k % 2 + 1} {k // 2 + 1} "" {{ "stop" "go" }} 0')
        lines.append(f't "" {k + 1} "" {{ {k}, {moves - k} }}')
    lines.append('t "" 0')
    return "\n".join(lines) + "\n"


def test_a_deep_centipede_is_read_with_every_set_and_outcome_in_place():
    moves = 20_000
    tree = parse_efg(_centipede_efg(moves))
    assert tree.n_nodes == 2 * moves + 1 and tree.is_perfect_information
    assert [tree.infosets[h].number for h in (0, tree.n_infosets - 1)] == [1, moves // 2]
    stops = tree.terminals[:-1]  # depth-first order: the stop after move k, then the end of the path
    assert tree.payoffs_at(stops[0]) == (0, moves) and tree.payoffs_at(stops[-1]) == (moves - 1, 1)
    assert tree.payoffs_at(tree.terminals[-1]) == (0, 0)
    assert int(tree.depth.max()) == moves


@pytest.mark.slow
def test_a_million_node_centipede_is_read():
    text = _centipede_efg(500_000)
    tree = parse_efg(text)
    assert tree.n_nodes == 1_000_001 and int(tree.depth.max()) == 500_000
    assert tree.payoffs_at(tree.terminals[-2]) == (499_999, 1)
