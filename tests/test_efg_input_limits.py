"""Reading .efg files at the edges: wide and deep trees, numbers out of range, file names in any case."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory.cli import main

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
