"""The command line on game trees: .efg files and tree models, by subgame perfection, Nash or PBE."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory.cli import main

DATA = Path(__file__).parent / "data" / "efg"


def run(*args):
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_solve_efg_json_has_concept_behaviour_payoffs_and_path():
    code, output = run("solve", str(DATA / "entry_with_outcomes.efg"), "--format", "json")
    assert code == 0, output
    payload = json.loads(output)
    assert payload["concept"] == "spe"
    assert payload["equilibria"]
    for equilibrium in payload["equilibria"]:
        # per player, per information set (file order), the probabilities of its actions (exact strings)
        for player in equilibrium["behavior"]:
            for probabilities in player:
                assert sum(Fraction(p) for p in probabilities) == 1
        assert sum(Fraction(p) for p in equilibrium["path"]) == 1
        assert len(equilibrium["payoffs"]) == len(payload["players"])


@pytest.mark.parametrize("concept", ["nash", "spe", "pbe"])
def test_every_concept_solves_an_efg_file(concept):
    code, output = run("solve", str(DATA / "entry_with_outcomes.efg"), "--concept", concept, "--format", "json")
    assert code == 0, output
    assert json.loads(output)["concept"] == concept


def test_subgame_perfect_equilibria_are_nash_equilibria_of_the_tree():
    spe = json.loads(run("solve", str(DATA / "entry_with_outcomes.efg"), "--format", "json")[1])
    nash = json.loads(run("solve", str(DATA / "entry_with_outcomes.efg"), "--concept", "nash", "--format", "json")[1])
    paths = {tuple(e["path"]) for e in nash["equilibria"]}
    assert all(tuple(e["path"]) in paths for e in spe["equilibria"])


def test_a_tree_model_solves_by_its_own_concept_with_model_and_parameters():
    code, output = run("solve", "extended_deterrence", "--set", "credibility=0", "--format", "json")
    assert code == 0, output
    payload = json.loads(output)
    assert payload["model"] == "extended_deterrence" and payload["parameters"]["credibility"] == "0"
    assert payload["concept"] == "spe" and len(payload["equilibria"]) == 1


def test_text_output_marks_the_equilibrium_path():
    code, output = run("solve", "extended_deterrence", "--set", "credibility=0")
    assert code == 0 and "=> Concede" in output and "subgame-perfect" in output


def test_explain_and_conditions_on_a_tree_model():
    code, output = run("explain", "extended_deterrence", "--set", "credibility=1/2")
    assert code == 0 and output.rstrip().endswith("Deterrence holds: the play ends in status_quo.")
    code, output = run("conditions", "extended_deterrence", "--along", "credibility")
    assert code == 0 and "deterrence_holds: credibility in [1/3, 1]" in output


@pytest.mark.parametrize("args, fragment", [
    (("solve", "stag_hunt", "--concept", "spe"), "applies to game trees"),
    (("solve", str(DATA / "no_actions.efg")), "line 4, column 13"),
    (("solve", str(DATA / "missing.efg")), "no such game file"),
    (("solve", str(DATA / "entry_with_outcomes.efg"), "--set", "x=1"), "--set applies to models only"),
    (("solve", "extended_deterrence", "--set", "credibility=2"), "credibility"),
    (("conditions", "extended_deterrence", "--along", "nope"), "unknown parameter"),
])
def test_bad_tree_arguments_get_one_line(args, fragment):
    code, output = run(*args)
    assert code == 2 and output.startswith("Error: ") and output.count("\n") == 1 and fragment in output


def test_explain_an_efg_file_by_backward_induction():
    code, output = run("explain", str(DATA / "entry_perfect_information.efg"))
    assert code == 0, output
    assert output.rstrip().endswith("Path of play: Attack, Yield. Payoffs (1, 0).")


def test_explain_refuses_an_imperfect_information_efg_in_one_line():
    code, output = run("explain", str(DATA / "entry_with_outcomes.efg"))
    assert code == 2 and output.count("\n") == 1 and "gametheory solve" in output
