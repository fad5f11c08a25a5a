"""``gametheory plot`` and ``gametheory sweep``, and the command-line fixes around them."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from gametheory.cli import main
from gametheory.model import load_model
from gametheory.study.compare import compare, regime_labels
from gametheory.study.plots import MAX_LEGEND_ENTRIES, PALETTE, equilibrium_map, regime_map
from gametheory.study.sweep import sweep


def run(*args):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".pdf", b"%PDF"), (".svg", b"<?xml")])
def test_best_response_figure_in_each_format(tmp_path, suffix, magic):
    out = tmp_path / f"chicken{suffix}"
    result = run("plot", "chicken", "--kind", "best-response", "--set", "war=0", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:len(magic)] == magic


def test_regime_map_without_theory_matches_the_sweep(tmp_path):
    out = tmp_path / "map.png"
    result = run("plot", "stag_hunt", "--kind", "regime-map", "--grid", "temptation=0:8:5", "--grid", "sucker=0:4:3",
                 "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 5000
    model = load_model("stag_hunt")
    frame = sweep(model, grid={"temptation": np.linspace(0, 8, 5), "sucker": np.linspace(0, 4, 3)})
    figure = equilibrium_map(frame, model=model)
    legend = {t.get_text() for t in figure.axes[0].get_legend().get_texts()}
    assert legend == set(regime_labels(frame).unique())
    assert "reward = 4" in figure.axes[0].get_title() and "Stag Hunt" in figure.axes[0].get_title()


def test_regime_map_with_a_theory_and_axes_from_ranges(tmp_path):
    out = tmp_path / "map.pdf"
    result = run("plot", "chicken", "--kind", "regime-map", "--x", "war", "--y", "win", "--points", "4",
                 "--theory", "defensive_realism", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:4] == b"%PDF"


def test_tree_and_folk_region_figures(tmp_path):
    tree = tmp_path / "tree.png"
    assert run("plot", "extended_deterrence", "--kind", "tree", "-o", str(tree)).exit_code == 0
    assert tree.stat().st_size > 5000
    folk = tmp_path / "folk.svg"
    result = run("plot", "alliance_burden_sharing_repeated", "--kind", "folk-region", "-o", str(folk))
    assert result.exit_code == 0, result.output
    assert "folk theorem region" in folk.read_text()


@pytest.mark.parametrize("args, fragment", [
    (("plot", "chicken", "--kind", "tree"), "not a game tree"),
    (("plot", "buck_passing", "--kind", "best-response"), "needs a 2x2 game"),
    (("plot", "chicken", "--kind", "best-response", "-o", "x.gif"), ".png, .pdf, .svg"),
    (("plot", "stag_hunt", "--kind", "regime-map", "--x", "tempt"), "no parameter 'tempt'"),
    (("plot", "chicken", "--kind", "best-response", "--x", "war"), "regime-map only"),
    (("sweep", "stag_hunt", "--grid", "temptation=0:8", "-o", "x.csv"), "NAME=LOW:HIGH:POINTS"),
    (("sweep", "stag_hunt", "-o", "x.txt"), ".parquet or .csv"),
    (("sweep", "stag_hunt", "--grid", "temptation=1,2", "--set", "temptation=3", "-o", "x.csv"), "both swept"),
    (("solve", "chiken"), "did you mean 'chicken'"),
])
def test_errors_are_one_line(args, fragment):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert fragment in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_sweep_writes_the_same_rows_as_the_library(tmp_path, suffix):
    out = tmp_path / f"rows{suffix}"
    result = run("sweep", "stag_hunt", "--grid", "temptation=1:7:4", "--grid", "sucker=0,2", "--set", "reward=5",
                 "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    assert "8 parameter points" in result.output
    written = pd.read_csv(out) if suffix == ".csv" else pd.read_parquet(out)
    expected = sweep(load_model("stag_hunt"), grid={"temptation": [1, 3, 5, 7], "sucker": [0, 2]},
                     fixed={"reward": 5})
    assert len(written) == len(expected)
    assert list(written["outcome"].astype(str)) == list(expected["outcome"].astype(str))
    assert (written["max_regret"] <= 1e-9).all()
    assert (written["reward"] == 5).all()


def test_sweep_of_a_symmetric_model_with_its_player_count_set(tmp_path):
    out = tmp_path / "b.csv"
    result = run("sweep", "buck_passing", "--set", "n_powers=4", "--grid", "cost=1:9:3", "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    assert (pd.read_csv(out)["max_regret"] <= 1e-9).all()


@pytest.mark.parametrize("model, count, player", [("buck_passing", "n_powers=4", "Power"),
                                                   ("collective_security", "n_members=3", "Member")])
def test_explain_and_conditions_accept_the_player_count(model, count, player):
    explained = run("explain", model, "--set", count)
    assert explained.exit_code == 0, explained.output
    players = int(count.split("=")[1])
    assert f"then {player} {players})" in explained.output and f"{player} {players + 1}" not in explained.output
    count_name = count.split("=")[0]
    along = next(p.name for p in load_model(model).parameters if p.name != count_name)
    conditions = run("conditions", model, "--set", count, "--along", along)
    assert conditions.exit_code == 0, conditions.output


def test_python_dash_m_runs_the_command_line():
    done = subprocess.run([sys.executable, "-m", "gametheory", "solve", "chicken", "--set", "war=0"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Chicken" in done.stdout


def test_regime_map_legend_has_at_most_a_dozen_entries_and_an_other_entry():
    # A synthetic comparison with 20 regimes on a 5 x 4 grid: the legend must fold the small ones into "other".
    from gametheory.study.compare import Comparison

    xs, ys = np.meshgrid(np.arange(5.0), np.arange(4.0))
    points = pd.DataFrame({"a": xs.ravel(), "b": ys.ravel(), "regime": [f"R{k}" for k in range(20)],
                           "rule": np.zeros(20, dtype=int), "agree": [k % 3 != 0 for k in range(20)],
                           "predicted": "x", "expect": "x"})
    figure = regime_map(Comparison("m", "defensive_realism", points, (), ("a", "b")))
    texts = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert len(texts) <= MAX_LEGEND_ENTRIES
    assert any(t.startswith("other (") for t in texts)
    assert "prediction fails" in texts
    colours = {tuple(np.round(p.get_facecolor()[:3], 3)) for p in figure.axes[0].get_legend().get_patches()}
    from matplotlib.colors import to_rgb

    assert {tuple(np.round(to_rgb(c), 3)) for c in PALETTE} <= colours | {tuple(np.round(to_rgb(c), 3)) for c in PALETTE}
    # Failures are hatched over whole cells: one rectangle per failing point.
    from matplotlib.collections import PatchCollection

    hatched = [c for c in figure.axes[0].collections if isinstance(c, PatchCollection) and c.get_hatch() == "//"]
    assert len(hatched) == 1 and len(hatched[0].get_paths()) == sum(k % 3 == 0 for k in range(20))


def test_labels_are_inside_the_saved_figure(tmp_path):
    model = load_model("chain_ganging")
    frame = sweep(model, grid=model.sweep_axes, fixed=model.sweep_fixed)
    figure = regime_map(compare(model, frame), model=model)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)
    figure.savefig(tmp_path / "m.png")
    canvas.draw()
    renderer = canvas.get_renderer()
    box = figure.bbox
    for artist in [figure.axes[0].title, figure.axes[0].xaxis.label, figure.axes[0].yaxis.label,
                   figure.axes[0].get_legend()] + list(figure.texts):
        extent = artist.get_window_extent(renderer)
        assert extent.x0 >= box.x0 - 1 and extent.x1 <= box.x1 + 1, artist
        assert extent.y0 >= box.y0 - 1 and extent.y1 <= box.y1 + 1, artist


@pytest.mark.parametrize("width", [80, 100, 140])
def test_models_list_wraps_and_shows_every_kind_sensibly(width):
    from gametheory.cli.models import models_table
    from gametheory.model.registry import list_models

    text = models_table(width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert " 0 x " not in text and "0 x 0" not in text
    for key in list_models():
        assert f"  {key} " in text
    assert "tree (SPE), 2 players" in text
    assert "continuous, 3 players" in text and "coalitions, 4 states" in text
    assert "n x 2, n = n_powers" in text


def test_models_list_follows_columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "90")
    result = run("models", "list")
    assert result.exit_code == 0
    assert max(len(line) for line in result.output.splitlines()) <= 90


@pytest.mark.parametrize("args", [("models", "show", "deterrence_signaling"), ("models", "show", "stag_hunt"),
                                  ("explain", "chicken"), ("conditions", "stag_hunt")])
def test_prose_wraps_to_the_terminal_width_and_payoffs_read_as_mathematics(monkeypatch, args):
    monkeypatch.setenv("COLUMNS", "110")
    result = run(*args)
    assert result.exit_code == 0, result.output
    prose = [line for line in result.output.splitlines() if " | " not in line and "-+-" not in line]
    assert all(len(line) <= 110 for line in prose), max(prose, key=len)
    for raw in ("Max(", "Piecewise(", "EmptySet", "Interval.Ropen"):
        assert raw not in result.output
