"""The command line shows a derived parameter's value at the structural values, and --weak-pbe for trees.

Fixtures: ``tests/data/models/derived_threat.toml`` (a 2 x 2 game whose
``threat`` is ``aggressive_intent * offensive_capability / (1 + proximity)``,
default 0.25) and ``derived_tree.toml`` (an entry tree whose ``fight_cost``
is ``2 - capability``, default 1).
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory.cli import main
from gametheory.games.extensive import build_tree, decision, terminal
from gametheory.io.efg import write_efg
from gametheory.model import load_model
from gametheory.solvers.perfect_bayesian import PBE, WEAK_PBE

DATA = Path(__file__).parent / "data" / "models"
THREAT = str(DATA / "derived_threat.toml")
TREE = str(DATA / "derived_tree.toml")


def _run(*args):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


# ------------------------------------------------------------ derived values
def test_solve_of_a_tree_model_reports_the_derived_value_not_its_default():
    # capability = 4: fight_cost = 2 - 4 = -2 (its default is 1), and fighting is then the incumbent's choice.
    payload = json.loads(_run("solve", TREE, "--set", "capability=4", "--format", "json"))
    assert payload["parameters"] == {"capability": "4", "fight_cost": "-2"}
    text = _run("solve", TREE, "--set", "capability=4")
    assert "at capability=4, fight_cost=-2" in text.splitlines()[0]
    # At the defaults the derived value is still computed: 2 - 1 = 1.
    assert json.loads(_run("solve", TREE, "--format", "json"))["parameters"]["fight_cost"] == "1"


def test_solve_of_a_tree_model_refuses_a_value_for_a_derived_parameter():
    result = CliRunner().invoke(main, ["solve", TREE, "--set", "fight_cost=0"])
    assert result.exit_code != 0 and "fight_cost" in result.output and "Traceback" not in result.output


def test_solve_of_a_normal_form_model_reports_the_derived_value():
    payload = json.loads(_run("solve", THREAT, "--set", "aggressive_intent=1", "--format", "json"))
    # 1 * 1 / (1 + 1) = 1/2, not the default 0.25.
    assert payload["parameters"]["threat"] == "1/2"


def test_repeated_reports_the_derived_value_it_built_the_stage_game_with():
    # threat = 1/2 * 2 / (1 + 0) = 1 (its default is 0.25).
    payload = json.loads(_run("repeated", THREAT, "--strategies", "grim,grim", "--delta", "1/2",
                              "--set", "offensive_capability=2", "--set", "proximity=0", "--format", "json"))
    assert payload["parameters"]["threat"] == "1"
    model = load_model(THREAT)
    assert payload["parameters"] == {name: str(value) for name, value in
                                     model.values(offensive_capability=2, proximity=0).items()}
    text = _run("repeated", THREAT, "--strategies", "grim,grim", "--delta", "1/2",
                "--set", "offensive_capability=2", "--set", "proximity=0")
    parameters_line = next(line for line in text.splitlines() if line.startswith("Parameters:"))
    assert "threat=1" in parameters_line and "threat=1/4" not in parameters_line


def test_repeated_payoffs_follow_the_derived_value():
    # (Balance, Support) forever pays the ally threat - alliance_cost = 1 - 1/10 each period, and so as
    # a normalised discounted payoff; with the default threat 0.25 it would be 0.15.
    payload = json.loads(_run("repeated", THREAT, "--strategies", "allc,allc", "--delta", "1/2",
                              "--set", "offensive_capability=2", "--set", "proximity=0", "--format", "json"))
    players = list(payload["strategies"])
    assert payload["path"]["cycle"] == [["Balance", "Support"]]
    assert Fraction(payload["payoffs"][players[1]]) == Fraction(1) - Fraction(1, 10)


@pytest.mark.parametrize("kind", ["best-response", "folk-region"])
def test_plot_titles_name_the_derived_value(kind, tmp_path):
    from gametheory.cli import plot as plot_module

    model = load_model(THREAT)
    values = {"offensive_capability": 2, "proximity": 0}
    assert plot_module._values_text(model, values)["threat"] == "1"
    figure = (plot_module._best_response if kind == "best-response" else plot_module._folk_region)(model, values)
    title = " ".join(axes.get_title() for axes in figure.axes) + " " + (
        figure._suptitle.get_text() if figure._suptitle is not None else "")
    assert "threat=1" in title.replace(" ", "") and "threat=0.25" not in title.replace(" ", "")
    output = tmp_path / f"{kind}.png"
    _run("plot", THREAT, "--kind", kind, "--set", "offensive_capability=2", "--set", "proximity=0",
         "--output", str(output))
    assert output.stat().st_size > 0


def test_plot_of_a_tree_model_names_the_derived_value():
    from gametheory.cli import plot as plot_module

    model = load_model(TREE)
    figure = plot_module._tree(model, {"capability": 4})
    title = " ".join(axes.get_title() for axes in figure.axes)
    assert "fight_cost=-2" in title.replace(" ", "")


# ------------------------------------------------------------------ weak PBE
def _entry_with_simultaneous_fight(path: Path) -> str:
    """Mas-Colell, Whinston and Green (1995), Fig. 9.C.5-style: after In the entrant fights or accommodates
    and the incumbent, not seeing which, does too. A weak PBE keeps Out with a fight threatened on the
    off-path belief that the entrant fought; Bayes' rule off the path rules it out."""
    tree = build_tree(decision("Entrant", {
        "Out": terminal(0, 2),
        "In": decision("Entrant", {
            "F": decision("Incumbent", {"f": terminal(-3, -1), "a": terminal(1, -2)}, infoset="incumbent"),
            "A": decision("Incumbent", {"f": terminal(-2, -1), "a": terminal(3, 1)}, infoset="incumbent"),
        }, infoset="entrant after In"),
    }), players=["Entrant", "Incumbent"])
    write_efg(tree, path)
    return str(path)


def test_weak_pbe_flag_lists_the_weak_equilibria_too(tmp_path):
    game = _entry_with_simultaneous_fight(tmp_path / "entry.efg")
    strong = json.loads(_run("solve", game, "--concept", "pbe", "--exact", "--format", "json"))
    weak = json.loads(_run("solve", game, "--concept", "pbe", "--exact", "--weak-pbe", "--format", "json"))
    strong_concepts = [e["concept"] for e in strong["equilibria"]]
    weak_concepts = [e["concept"] for e in weak["equilibria"]]
    assert strong_concepts == [PBE]
    assert WEAK_PBE in weak_concepts and weak_concepts.count(PBE) == 1
    # The PBE is In, then Accommodate by both (payoffs (3, 1)), in both lists.
    (both,) = [e for e in weak["equilibria"] if e["concept"] == PBE]
    assert both["payoffs"] == strong["equilibria"][0]["payoffs"] == ["3", "1"]
    # Every weak PBE listed keeps the entrant out, with payoffs (0, 2), and has zero gaps (its certificate).
    for e in weak["equilibria"]:
        if e["concept"] == WEAK_PBE:
            assert e["payoffs"] == ["0", "2"]
            assert Fraction(e["max_gap"]) == 0 and all(Fraction(g) == 0 for row in e["gaps"] for g in row)
    assert Fraction(both["max_gap"]) == 0


def test_weak_pbe_flag_is_refused_where_it_does_not_apply(tmp_path):
    game = _entry_with_simultaneous_fight(tmp_path / "entry.efg")
    result = CliRunner().invoke(main, ["solve", game, "--weak-pbe"])  # an .efg file defaults to SPE
    assert result.exit_code != 0 and "--weak-pbe" in result.output and "--concept pbe" in result.output
    result = CliRunner().invoke(main, ["solve", "stag_hunt", "--weak-pbe"])
    assert result.exit_code != 0 and "--weak-pbe applies to game trees" in result.output
