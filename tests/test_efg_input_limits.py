"""Reading .efg files at the edges: wide and deep trees, numbers out of range, file names in any case."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory.cli import main
from gametheory.games.extensive import GameTree
from gametheory.io.efg import parse_efg

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


def test_a_node_with_fifty_thousand_actions_is_read_in_linear_time():
    # Checking the labels pairwise took about a minute here; one pass takes well under a second.
    k = 50_000
    start = time.perf_counter()
    tree = parse_efg(_wide_efg(k), source="wide.efg")
    elapsed = time.perf_counter() - start
    assert tree.n_nodes == k + 1 and len(tree.actions_at(0)) == k
    assert tree.actions_at(0)[k - 1] == f"a{k - 1}"
    assert elapsed < 10, f"{elapsed:.1f} s"


def test_repeated_action_and_player_names_are_still_named():
    with pytest.raises(ValueError, match=r"duplicate labels: \['x', 'y'\]"):
        GameTree.from_arrays([-1, 0, 0, 0, 0], [0, -2, -2, -2, -2], [[1], [2], [3], [4]],
                             actions={0: ["x", "y", "x", "y"]})
    with pytest.raises(ValueError, match=r"duplicate player names: \['A'\]"):
        GameTree.from_arrays([-1, 0], [0, -2], [[1, 1, 1]], players=["A", "B", "A"])
    # A file's repeated or empty labels are numbered, as Gambit reads them.
    tree = parse_efg('EFG 2 R "" { "A" "A" } "" p "" 1 1 "" { "x" "x" "" } 0 t "" 1 "" { 1, 2 } t "" 1 t "" 1')
    assert tree.players == ("A", "A #2") and tree.actions_at(0) == ("x", "x #2", "3")
