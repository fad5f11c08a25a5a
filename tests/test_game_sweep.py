"""Sweeps of symbolic games and of plain game functions give a model sweep's rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gametheory import NormalFormGame
from gametheory.model import load_model
from gametheory.study.game_sweep import sweep_games
from gametheory.study.plots import equilibrium_map
from gametheory.study.sweep import sweep

GRID = {"temptation": [1, 3, 5, 7], "sucker": [0, 1, 3]}


def _key(frame):
    columns = ["temptation", "sucker", "outcome", "State A:C", "State B:C"]
    return sorted(frame[columns].astype({"outcome": str}).round(9).itertuples(index=False, name=None))


def test_symbolic_game_sweep_matches_the_model_sweep():
    model = load_model("stag_hunt")
    ours = sweep_games(model.symbolic_game(), GRID)
    reference = sweep(model, grid=GRID)
    assert _key(ours) == _key(reference)
    assert (ours["max_regret"] <= 1e-9).all()
    assert list(ours["n_equilibria"]) == list(reference["n_equilibria"])


def test_plain_function_sweep_matches_the_model_sweep_and_maps():
    model = load_model("stag_hunt")

    def stag_hunt(temptation, sucker):
        return model.game(temptation=temptation, sucker=sucker, exact=False)

    ours = sweep_games(stag_hunt, GRID)
    assert _key(ours) == _key(sweep(model, grid=GRID))
    for _, row in ours.iterrows():  # every equilibrium is certified at its point
        game = stag_hunt(row["temptation"], row["sucker"])
        strategies = [np.array([row["State A:C"], row["State A:D"]]), np.array([row["State B:C"], row["State B:D"]])]
        assert max(float(r) for r in game.regrets(strategies)) <= 1e-9
    figure = equilibrium_map(ours, "temptation", "sucker")
    assert figure.axes[0].get_legend() is not None


def test_shape_changing_function_uses_text_columns():
    def volunteers(n):  # n players, all payoffs equal: the number of players changes the game's shape
        return NormalFormGame([np.ones((2,) * n) for _ in range(n)])

    frame = sweep_games(volunteers, {"n": [2, 3]})
    assert "strategies" in frame and "payoffs" in frame and set(frame["n"]) == {2.0, 3.0}


def test_bad_sources_and_parameters_are_named():
    with pytest.raises(TypeError, match="returned int, expected a NormalFormGame"):
        sweep_games(lambda cost: 3, {"cost": [1]})
    with pytest.raises(TypeError, match="SymbolicGame or a function"):
        sweep_games("stag_hunt", {"cost": [1]})
    symbolic = load_model("stag_hunt").symbolic_game()
    with pytest.raises(ValueError, match="unknown parameter"):
        sweep_games(symbolic, {"temptaton": [1]})
    with pytest.raises(ValueError, match="temptation"):
        sweep_games(symbolic, {"temptation": [-5]})


def test_sweep_itself_takes_a_game_function_or_a_symbolic_game():
    """gametheory.sweep hands what is not a model to sweep_games: the same rows."""
    import gametheory as gt
    from gametheory.study.game_sweep import sweep_games

    def chicken(war):
        return gt.NormalFormGame.from_bimatrix([[0, -1], [1, war]], [[0, 1], [-1, war]])

    grid = {"war": [-3, -1, 2]}
    pd.testing.assert_frame_equal(gt.sweep(chicken, grid=grid), sweep_games(chicken, grid))
    with pytest.raises(ValueError, match="grid"):
        gt.sweep(chicken, samples=10)
