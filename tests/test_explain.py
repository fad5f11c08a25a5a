"""Tests for gametheory.analysis.explain and the explain / conditions commands."""

from __future__ import annotations

import re
from fractions import Fraction

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from gametheory import NormalFormGame
from gametheory.cli import main
from gametheory.analysis.explain import explain
from gametheory.solvers import pure_equilibria, vertex_enumeration
from gametheory.games.symbolic import Parameter, SymbolicGame
from tests.strategies import random_game

R, T, P, S = sympy.symbols("R T P S")


def stag_hunt():
    return NormalFormGame.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]],
                                        actions=(["Stag", "Hare"], ["Stag", "Hare"]), title="Stag Hunt")


def jervis():
    params = [Parameter("R", 4, low=0, high=10, meaning="reward for mutual cooperation"),
              Parameter("T", 3, low=0, high=10, meaning="temptation"),
              Parameter("P", 2, low=0, high=10), Parameter("S", 0, low=0, high=10)]
    return SymbolicGame([[[R, S], [T, P]], [[R, T], [S, P]]], params, actions=(["C", "D"], ["C", "D"]),
                        title="Security dilemma")


def section(text, number):
    start = text.index(f"\n{number}. ")
    end = text.find(f"\n{number + 1}. ", start + 1)
    return text[start:end if end != -1 else None]


def test_stag_hunt_board_derivation():
    text = explain(stag_hunt())
    assert "Column makes Row indifferent between Stag and Hare: 4q + 0(1-q) = 3q + 2(1-q) => q = 2/3" in text
    assert "Row makes Column indifferent between Stag and Hare: 4p + 0(1-p) = 3p + 2(1-p) => p = 2/3" in text
    assert "Stag         | 4*, 4* |  0, 3" in text  # the matrix with best responses marked
    assert ("(Stag, Stag): Row gets 4; switching to Hare gives 3: no gain. "
            "Column gets 4; switching to Hare gives 3: no gain. => Nash equilibrium.") in text
    assert "(Stag, Hare): Row gets 0 but Hare gives 2 > 0 => not an equilibrium." in text
    assert "Row's expected payoff: 8/3." in text
    # The closed form agrees with the solver's equilibrium, exactly.
    (mixed,) = [e for e in vertex_enumeration(stag_hunt()) if not e.is_pure]
    assert mixed.strategies[1][0] == Fraction(2, 3) and all(r == 0 for r in mixed.regrets)


def test_prisoners_dilemma_dominance_steps():
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"], ["C", "D"]))
    text = explain(pd)
    dominance = section(text, 2)
    assert "D" in dominance and "C" in dominance and "dominat" in dominance
    assert "(D, D): Row gets 1; switching to C gives 0: no gain." in text
    assert "No equilibrium in which a player mixes." in text


@pytest.mark.parametrize("size", [(2, 2), (3, 3), (2, 3)])
def test_explain_agrees_with_the_solvers_on_random_games(size):
    rng = np.random.default_rng(sum(size))
    checked = 0
    for _ in range(8):
        game = random_game(rng, *size)
        text = explain(game)
        pure = {e.pure_profile for e in pure_equilibria(game)}
        for labels in pure:
            assert f"({', '.join(labels)}): " in text and f"({', '.join(labels)}): Row gets" in text
        claimed = set(re.findall(r"^\(([^)]*)\): .*=> Nash equilibrium\.$", text, flags=re.M))
        assert claimed == {", ".join(labels) for labels in pure}
        mixed = [e for e in vertex_enumeration(game) if not e.is_pure]
        blocks = text.split("Mixed equilibrium ")[1:]
        assert len(blocks) == len(mixed)
        for e, block in zip(mixed, blocks):
            # Every probability named in the derivation is the solver's (exact fractions).
            lets = re.findall(r"Let (\w+) = probability that (\w+) plays (\w+)\.", block)
            names = {name: (player, action) for name, player, action in lets}
            values = dict(re.findall(r"\b([pq]\d?) = (-?\d+(?:/\d+)?)\b", block))
            assert names
            checked += 1
            for name, (player, action) in names.items():
                i = game.player_index(player)
                a = game.action_index(i, action)
                assert Fraction(values[name]) == e.strategies[i][a]
            for i, player in enumerate(game.players):
                assert f"{player}'s expected payoff: {e.payoffs[i]}" in block
    assert checked > 0


def test_symbolic_game_with_values_and_tuple_form():
    game = jervis()
    text = explain(game, {"T": 5})
    assert "T = 5 -- temptation" in text and "R = 4 (default) -- reward for mutual cooperation" in text
    assert "(D, D): Row gets 2; switching to C gives 0: no gain." in text
    assert text == explain((game, {"T": 5}))
    # Exact fractions from exact values: q = (P - S)/((R - T) + (P - S)) = 2/(4 - 3 + 2).
    text = explain(game, {"T": Fraction(3)})
    assert "=> q = 2/3" in text
    decimal = explain(game, {"T": "3.5"})
    assert "=> q = 4/5" in decimal  # 2 / (0.5 + 2), read exactly


def test_model_like_objects():
    class Model:  # what gametheory.model.load_model returns: symbolic_game() and game(**values)
        def __init__(self, symbolic):
            self._symbolic = symbolic

        def symbolic_game(self):
            return self._symbolic

        def game(self, **values):
            return self._symbolic.game(**values)

    text = explain(Model(jervis()), {"S": 1})
    assert "S = 1" in text and "=> q = 1/2" in text  # (2 - 1) / (1 + 1)


def test_float_games_say_so():
    game = stag_hunt().as_float()
    text = explain(game)
    assert "=> q = 0.6667" in text and "Float payoffs" in text


def test_three_players_pure_checks():
    rng = np.random.default_rng(3)
    arrays = [rng.integers(-2, 3, (2, 2, 2)).astype(object) for _ in range(3)]
    game = NormalFormGame(arrays)
    text = explain(game)
    claimed = set(re.findall(r"^\(([^)]*)\): .*=> Nash equilibrium\.$", text, flags=re.M))
    assert claimed == {", ".join(e.pure_profile) for e in pure_equilibria(game)}
    assert "Player 3 plays" in text


def test_errors():
    with pytest.raises(TypeError, match="explain\\(\\) takes"):
        explain("stag hunt")
    with pytest.raises(ValueError, match="unknown parameter"):
        explain(jervis(), {"X": 1})
    with pytest.raises(ValueError, match="outside its range"):
        explain(jervis(), {"T": 11})
    with pytest.raises(ValueError, match="no parameters"):
        explain(stag_hunt(), {"T": 1})
    with pytest.raises(TypeError, match="values must be a dict"):
        explain(jervis(), [("T", 1)])


# ----------------------------------------------------------------- the CLI
@pytest.fixture
def models(monkeypatch):
    """Stand in for gametheory.model.load_model with one model, 'security'."""
    import gametheory.model

    class Model:
        def symbolic_game(self):
            return jervis()

        def game(self, **values):
            return jervis().game(**values)

    def load_model(name):
        if name != "security":
            raise ValueError(f"no model named {name!r}")
        return Model()

    monkeypatch.setattr(gametheory.model, "load_model", load_model, raising=False)


def test_cli_explain(models):
    result = CliRunner().invoke(main, ["explain", "security", "--set", "T=3", "--set", "S=0"])
    assert result.exit_code == 0, result.output
    assert "Column makes Row indifferent between C and D: 4q + 0(1-q) = 3q + 2(1-q) => q = 2/3" in result.output


def test_cli_conditions(models):
    result = CliRunner().invoke(main, ["conditions", "security"])
    assert result.exit_code == 0, result.output
    assert "(C, C) is a Nash equilibrium iff R >= T" in result.output
    assert "q = (P - S)/(P + R - S - T)" in result.output
    latex = CliRunner().invoke(main, ["conditions", "security", "--latex"])
    assert latex.exit_code == 0 and r"\begin{align*}" in latex.output and r"R \geq T" in latex.output
    along = CliRunner().invoke(main, ["conditions", "security", "--along", "T", "--set", "R=3", "--set", "P=1"])
    assert along.exit_code == 0, along.output
    assert "cut points: 3" in along.output and "T in (3, 10]: (D, D)" in along.output


@pytest.mark.parametrize("args, message", [
    (["explain", "nosuch"], "no model named 'nosuch'"),
    (["explain", "security", "--set", "T"], "--set expects NAME=VALUE"),
    (["explain", "security", "--set", "T=abc"], "is not a number"),
    (["explain", "security", "--set", "T=20"], "outside its range"),
    (["explain", "security", "--set", "Q=1"], "unknown parameter"),
    (["conditions", "security", "--set", "T=1"], "only used with --along"),
    (["conditions", "security", "--along", "Q"], "unknown parameter"),
])
def test_cli_errors_are_one_line(models, args, message):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
