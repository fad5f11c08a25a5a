"""Gambit .efg files: reading, writing, and a hostile corpus (each a one-line error with file, line, column)."""

import re
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from gametheory.games.extensive import GameTree, build_tree, chance, decision, terminal
from gametheory.io import efg
from gametheory.io.efg import format_efg, parse_efg, read_efg, write_efg

from test_extensive_tree import random_tree

DATA = Path(__file__).parent / "data" / "efg"

#: file -> (line, column, message fragment)
HOSTILE = {
    "not_an_efg.efg": (1, 1, "this is a Gambit NFG file, not an extensive-form (EFG) file"),
    "bad_version.efg": (1, 5, "unsupported EFG format version '3'"),
    "unknown_player.efg": (5, 6, "unknown player number 3: the file names 2 players (1..2)"),
    "payoff_count.efg": (5, 19, "outcome 1 has more than 2 payoffs"),
    "too_few_payoffs.efg": (5, 15, "outcome 1 has 1 payoff, expected one per player (2)"),
    "probabilities_sum.efg": (4, 11, "the probabilities of chance information set 1 sum to 5/6, expected 1"),
    "negative_probability.efg": (4, 13, "action 'h' has probability -1/2"),
    "truncated.efg": (7, 1, "the file ends inside the tree: the node at line 5 still expects 1 more child node"),
    "trailing_node.efg": (7, 1, "unexpected 't' after the end of the tree"),
    "imperfect_recall.efg": (5, 1, "perfect recall: information set 'later' of player 'A' holds the nodes at lines 5 and 8"),
    "infoset_redeclared.efg": (8, 13, "information set 1 of player 'B' is declared again with different actions"),
    "outcome_redeclared.efg": (6, 11, "outcome 1 is declared again with different payoffs"),
    "undefined_infoset.efg": (4, 8, "information set 1 of player 'A' is referred to before its actions are given"),
    "undefined_outcome.efg": (6, 6, "outcome 7 is referred to before its payoffs are given"),
    "unterminated_string.efg": (4, 4, "unterminated string"),
    "zero_division.efg": (5, 13, "the ratio '1/0' divides by zero"),
    "huge_exponent.efg": (5, 13, "exponent out of range"),
    "bad_node_kind.efg": (6, 1, "expected a node: 'p' (player), 'c' (chance) or 't' (terminal), got 'x'"),
    "no_actions.efg": (4, 13, "information set 1 of player 'A' has no actions"),
    "infoset_zero.efg": (4, 8, "information set number 0: numbers start at 1"),
    "node_in_own_ancestor_set.efg": (4, 1, "perfect recall: information set #1 of player 'A' holds the nodes at lines 4 and 8"),
}


def test_every_corpus_file_has_an_expectation():
    hostile = {p.name for p in DATA.glob("*.efg")} - {"entry_with_outcomes.efg", "entry_perfect_information.efg"}
    assert hostile == set(HOSTILE)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_give_one_line_errors_with_place(name):
    line, column, fragment = HOSTILE[name]
    path = DATA / name
    start = time.perf_counter()
    with pytest.raises(ValueError) as info:
        read_efg(path)
    assert time.perf_counter() - start < 10  # refused, never a hang
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}, line {line}, column {column}: "), message
    assert fragment in message, message


def test_a_file_with_shared_outcomes_comments_and_outcomes_on_the_way():
    tree = read_efg(DATA / "entry_with_outcomes.efg")
    assert tree.title == 'Entry with "quoted" title'
    assert tree.players == ("Challenger", "Incumbent")
    assert tree.chance_probabilities(0) == (Fraction(1, 3), Fraction(2, 3))
    # The challenger's information set spans both types; each incumbent type has its own.
    assert [len(info.nodes) for info in tree.infosets] == [2, 1, 1]
    assert [info.label for info in tree.infosets] == ["Challenger sees nothing", "Tough incumbent", "Weak incumbent"]
    payoffs = [tree.payoffs_at(v) for v in tree.terminals]
    half = Fraction(1, 2)
    assert payoffs == [(-1 - half, 1), (1 - half, -1), (-half, 2), (-1 - half, 1), (1 - half, 1), (-half, 2)]
    assert tree.node_labels[0] == "Nature"


def test_deep_files_read_without_recursion():
    depth = 10_000  # far beyond Python's recursion limit
    lines = ['EFG 2 R "deep" { "A" "B" }', '""', ""]
    for k in range(depth):
        lines.append(f'p "" {k % 2 + 1} {k // 2 + 1} "" {{ "stop" "go" }} 0')
        lines.append(f't "" {k + 1} "" {{ {k}, {-k} }}')
    lines.append('t "" 0')
    start = time.perf_counter()
    tree = parse_efg("\n".join(lines), source="deep.efg")
    assert tree.n_nodes == 2 * depth + 1 and len(tree.levels) == depth + 1
    assert time.perf_counter() - start < 60  # linear in the depth, never a hang
    # Cut short, the same file names the innermost unfinished node.
    with pytest.raises(ValueError, match=r"deep.efg, line \d+, column \d+: the file ends inside the tree"):
        parse_efg("\n".join(lines[:-1]), source="deep.efg")


def test_size_caps(monkeypatch, tmp_path):
    monkeypatch.setattr(efg, "MAX_BYTES", 100)
    path = tmp_path / "big.efg"
    path.write_text('EFG 2 R "x" { "A" } ""\n' + 't "" 0\n' * 40)
    with pytest.raises(ValueError, match="more than the 100 this reader accepts"):
        read_efg(path)
    monkeypatch.setattr(efg, "MAX_BYTES", 10**8)
    monkeypatch.setattr(efg, "MAX_NODES", 3)
    text = 'EFG 2 R "x" { "A" } ""\np "" 1 1 "" { "a" "b" "c" } 0\nt "" 0\nt "" 0\nt "" 0\n'
    with pytest.raises(ValueError, match=r"<string>, line 5, column 1: the tree has more than 3 nodes"):
        parse_efg(text)


@pytest.mark.parametrize("seed", range(12))
def test_round_trip_through_our_own_format(seed):
    tree = random_tree(seed, n_players=1 + seed % 3, depth=4)
    assert parse_efg(format_efg(tree)) == tree
    floats = tree.as_float()
    back = parse_efg(format_efg(floats))
    assert back.mode == "float" and back == floats


def test_write_and_read_a_file(tmp_path):
    tree = build_tree(chance({"H": ("1/3", decision("A", {"x": terminal(1.5, 0), "y": terminal(0, 1)}, infoset="a")),
                              "T": ("2/3", decision("A", {"x": terminal(0, 2), "y": terminal(2, 0)}, infoset="a"))}),
                      players=["A", "B"], title="Write test")
    path = tmp_path / "game.efg"
    write_efg(tree, path, comment="two\nlines")
    assert read_efg(path) == tree
    with pytest.raises(ValueError, match="symbolic"):
        import sympy

        format_efg(build_tree(decision("A", {"x": terminal(sympy.Symbol("c"))})))


def test_decimal_header_reads_floats():
    text = 'EFG 2 D "d" { "A" } ""\nc "" 1 "" { "h" 0.25 "t" 0.75 } 0\nt "" 1 "" { 1.5 }\nt "" 2 "" { 2 }\n'
    tree = parse_efg(text)
    assert tree.mode == "float" and tree.payoffs_at(tree.terminals[0]) == (1.5,)
    assert parse_efg(text, exact=True).chance_probabilities(0) == (Fraction(1, 4), Fraction(3, 4))


def test_the_perfect_information_example_round_trips():
    tree = read_efg(DATA / "entry_perfect_information.efg")
    assert tree.is_perfect_information and parse_efg(format_efg(tree)) == tree
