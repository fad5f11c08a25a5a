"""Figures render and save as PNG and PDF, with the expected content."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.study.compare import compare
from gametheory.model import load_model
from gametheory.study.plots import best_response_diagram, regime_map, save_figure
from gametheory.study.sweep import sweep


def test_regime_map_of_a_grid_saves_png_and_pdf(tmp_path):
    model = load_model("stag_hunt")
    comparison = compare(model, sweep(model, grid={"temptation": np.linspace(0, 8, 9), "sucker": np.linspace(0, 4, 5)}))
    figure = regime_map(comparison, model=model)
    axes = figure.axes[0]
    assert axes.get_xlabel().startswith("temptation") and axes.get_ylabel().startswith("sucker")
    legend = [text.get_text() for text in axes.get_legend().get_texts()]
    assert "C,C | D,D | mixed" in legend and "D,D" in legend
    paths = save_figure(figure, tmp_path / "map")
    assert [p.suffix for p in paths] == [".png", ".pdf"]
    assert all(p.stat().st_size > 5000 for p in paths)
    assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and paths[1].read_bytes()[:5] == b"%PDF-"


def test_regime_map_of_samples_is_a_scatter(tmp_path):
    model = load_model("stag_hunt")
    comparison = compare(model, sweep(model, samples=200, ranges={"temptation": (0, 8), "sucker": (0, 4)}, seed=1))
    figure = regime_map(comparison)
    assert len(figure.axes[0].collections) >= 2
    with pytest.raises(ValueError, match="not a parameter"):
        regime_map(comparison, x="temptation", y="reward_typo")


def test_best_response_diagram_marks_every_equilibrium():
    game = NormalFormGame.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]])
    figure = best_response_diagram(game)
    dots = [line for line in figure.axes[0].lines if line.get_marker() == "o"]
    found = sorted((float(line.get_xdata()[0]), float(line.get_ydata()[0])) for line in dots)
    assert np.allclose(found, [(0.0, 0.0), (2 / 3, 2 / 3), (1.0, 1.0)], atol=1e-12)
    with pytest.raises(ValueError, match="2x2"):
        best_response_diagram(NormalFormGame.from_bimatrix(np.zeros((3, 2)), np.zeros((3, 2))))
