"""Regime maps of sweeps over more than two parameters show one plane, and say which."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from gametheory.model import load_model
from gametheory.study.compare import compare
from gametheory.study.plots import equilibrium_map, regime_map
from gametheory.study.sweep import sweep

MODEL = load_model("stag_hunt")
GRID = {"temptation": [1, 3, 5, 7], "sucker": [0, 1, 3], "punishment": [1, 2, 5/2]}


def _drawn_points(figure):
    """(x, y) positions of the coloured cells of a pcolormesh map."""
    mesh = figure.axes[0].collections[0]
    return mesh.get_array().size


def test_a_third_swept_parameter_is_held_at_its_default_and_named_in_the_title():
    frame = sweep(MODEL, grid=GRID)
    comparison = compare(MODEL, frame)
    figure = regime_map(comparison, "temptation", "sucker", model=MODEL)
    title = figure.axes[0].get_title() or figure._suptitle.get_text()
    assert "punishment = 2" in title.replace("\n", " ")
    # One cell per (temptation, sucker) pair: a full grid again, not three points on each position.
    assert _drawn_points(figure) == 4 * 3
    plane = comparison.points[comparison.points["punishment"] == 2]
    predicted = plane[plane["rule"] >= 0]["agree"].astype(float).mean()
    assert f"agreement {predicted:.0%} in this plane" in title.replace("\n", " ")


def test_a_grid_without_the_default_holds_the_nearest_value():
    grid = {"temptation": [1, 5], "sucker": [0, 3], "punishment": [1, 5/2]}
    figure = equilibrium_map(sweep(MODEL, grid=grid), model=MODEL)
    title = (figure.axes[0].get_title() or figure._suptitle.get_text()).replace("\n", " ")
    assert "punishment = 5/2" in title or "punishment = 2.5" in title
    assert _drawn_points(figure) == 4


def test_rule_boundaries_are_one_line_per_cell_edge_whatever_the_step_in_rule_index():
    import matplotlib.pyplot as plt
    import numpy as np

    from gametheory.study.plots import _draw_rule_boundaries

    figure, axes = plt.subplots()
    # Rule 0 beside rule 3 (a contour of the index would draw three parallel lines), then no prediction.
    rules = np.array([[0, 3, -1], [0, 3, -1]], dtype=float)
    _draw_rule_boundaries(axes, np.array([0.0, 1.0, 2.0]), np.array([0.0, 1.0]), rules)
    (lines,) = axes.collections
    segments = sorted(tuple(map(tuple, np.round(s, 9))) for s in lines.get_segments())
    assert segments == [((0.5, -0.5), (0.5, 0.5)), ((0.5, 0.5), (0.5, 1.5)),
                        ((1.5, -0.5), (1.5, 0.5)), ((1.5, 0.5), (1.5, 1.5))]
    plt.close(figure)
