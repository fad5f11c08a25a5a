"""Figures of the dynamics: they render, carry the game's labels and refuse games they cannot draw."""

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.dynamics import basin_sweep, fictitious_play, replicator_dynamics
from gametheory.dynamics.plots import basin_plot, phase_plane, simplex_portrait, trajectory_plot
from gametheory.model import load_model

RPS = NormalFormGame.from_bimatrix([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
                                   actions=(["Rock", "Paper", "Scissors"],) * 2)


def _texts(figure):
    return {t.get_text() for ax in figure.axes for t in ax.texts} | {
        t.get_text() for legend in figure.legends for t in legend.get_texts()}


def test_simplex_portrait_labels_vertices_and_marks_rest_points(tmp_path):
    figure = simplex_portrait(RPS, trajectories=2)
    assert {"Rock", "Paper", "Scissors"} <= _texts(figure)
    assert {"unstable", "non-hyperbolic"} <= _texts(figure)
    figure.savefig(tmp_path / "rps.png")
    assert (tmp_path / "rps.png").stat().st_size > 10_000


def test_phase_plane_axes_name_players_and_actions():
    game = load_model("stag_hunt").game()
    figure = phase_plane(game)
    axes = figure.axes[0]
    assert axes.get_xlabel() == "share of State A playing C"
    assert axes.get_ylabel() == "share of State B playing C"
    assert "asymptotically stable (ESS)" in _texts(figure)
    assert phase_plane(game, dynamics="best_response").axes


def test_trajectory_and_basin_plots():
    path = replicator_dynamics(RPS, [[0.5, 0.3, 0.2], [0.2, 0.2, 0.6]], np.linspace(0, 10, 50))
    figure = trajectory_plot(path, index=1)
    assert [line.get_label() for line in figure.axes[0].lines] == ["Rock", "Paper", "Scissors"]
    np.testing.assert_allclose(figure.axes[0].lines[0].get_ydata(), path.states[0][:, 1, 0])
    pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    assert len(trajectory_plot(fictitious_play(pennies, 50)).axes) == 2
    frame = basin_sweep(load_model("stag_hunt"), grid={"temptation": [1, 3, 5]}, n_initial=100)
    figure = basin_plot(frame, "temptation")
    assert {line.get_label() for line in figure.axes[0].lines} == {"C", "D"}


def test_refuses_games_it_cannot_draw():
    with pytest.raises(ValueError, match="3 actions"):
        simplex_portrait([[1, 0], [0, 1]])
    with pytest.raises(ValueError, match="2x2"):
        phase_plane(RPS)
    with pytest.raises(ValueError, match="index"):
        trajectory_plot(replicator_dynamics(RPS, [0.5, 0.3, 0.2], [0, 1]), index=3)
