"""One suite over every built-in model: it loads, validates, builds, solves, predicts and sweeps."""

from __future__ import annotations

import itertools
import time

import numpy as np
import pytest

from gametheory.model import list_models, load_model
from gametheory.model import KNOWN_THEORIES
from gametheory.solvers import solve

MODELS = list_models()
MAX_CORNERS = 16


def normal_form(model) -> bool:
    """Models solved as normal-form games (other kinds have their own suites)."""
    return getattr(model, "kind", "normal") == "normal"


def corners(model):
    """Parameter points at the corners of the declared ranges (at most MAX_CORNERS, deterministic)."""
    bounded = [p for p in model.parameters if p.low is not None and p.high is not None]
    choices = [(p.low, p.high) for p in bounded]
    points = list(itertools.product(*choices))
    if len(points) > MAX_CORNERS:
        rng = np.random.default_rng(0)
        points = [points[k] for k in sorted(rng.choice(len(points), MAX_CORNERS, replace=False))]
    return [{p.name: value for p, value in zip(bounded, point)} for point in points]


def test_there_is_a_model_library():
    assert len(MODELS) >= 2


@pytest.mark.parametrize("key", MODELS)
def test_model_is_documented_and_cited(key):
    model = load_model(key)
    assert model.key == key
    assert model.title and model.summary
    assert model.sources and all(len(s.citation) > 20 for s in model.sources)
    assert "defensive_realism" in model.predictions
    assert set(model.predictions) <= set(KNOWN_THEORIES)
    for parameter in model.parameters:
        assert parameter.meaning.strip(), parameter.name
    assert model.alliance, "the model says which kind of alliance it speaks to"


@pytest.mark.parametrize("key", MODELS)
def test_game_builds_at_defaults_and_range_corners(key):
    model = load_model(key)
    if not normal_form(model):
        pytest.skip(f"{key} is a {model.kind} model")
    game = model.game()
    assert game.n_players >= 1
    for point in corners(model):
        corner = model.game(**point)
        assert all(np.all(np.isfinite(np.asarray(p, dtype=float))) for p in corner.payoffs), point


@pytest.mark.parametrize("key", MODELS)
def test_bad_parameter_values_are_rejected_by_name(key):
    model = load_model(key)
    with pytest.raises(ValueError, match="unknown parameter"):
        model.game(no_such_parameter=1) if normal_form(model) else model.predict("defensive_realism", no_such_parameter=1)
    for parameter in model.parameters:
        if parameter.high is not None:
            too_high = float(parameter.high) + 1
            with pytest.raises(ValueError, match=parameter.name):
                model.predict("defensive_realism", **{parameter.name: np.array([too_high])})
            if normal_form(model):
                with pytest.raises(ValueError, match=parameter.name):
                    model.game(**{parameter.name: too_high})
            break


@pytest.mark.parametrize("key", MODELS)
def test_solves_at_defaults_with_certificates(key):
    model = load_model(key)
    if not normal_form(model):
        pytest.skip(f"{key} is a {model.kind} model")
    game = model.game()
    result = solve(game)
    assert len(result.equilibria) >= 1
    for equilibrium in result.equilibria:
        if game.is_exact and result.exact:
            assert all(r == 0 for r in equilibrium.regrets)
        else:
            assert equilibrium.max_regret <= game.tolerance()
        for strategy in equilibrium.strategies:
            assert abs(float(sum(strategy)) - 1) < 1e-9 and min(float(p) for p in strategy) >= 0


@pytest.mark.parametrize("key", MODELS)
def test_every_theory_evaluates_over_arrays(key):
    model = load_model(key)
    for theory in model.predictions:
        predicted = model.predict(theory)
        assert predicted.shape == ()
        if model.sweep_axes:
            name, values = next(iter(model.sweep_axes.items()))
            along = model.predict(theory, **{name: np.asarray(values)})
            assert along.shape == (len(values),)


@pytest.mark.parametrize("key", MODELS)
def test_default_sweep_runs_quickly_and_is_certified(key):
    from gametheory.study.sweep import sweep

    model = load_model(key)
    if not normal_form(model):
        pytest.skip(f"{key} is a {model.kind} model")
    assert model.sweep_axes, "the model declares its default sweep grid"
    start = time.perf_counter()
    frame = sweep(model, grid=model.sweep_axes, fixed=model.sweep_fixed)
    elapsed = time.perf_counter() - start
    n_points = int(np.prod([len(v) for v in model.sweep_axes.values()]))
    assert frame["point"].nunique() == n_points
    assert frame["max_regret"].max() <= 1e-6
    assert elapsed < 60, f"default sweep of {key} took {elapsed:.1f} s"


@pytest.mark.parametrize("key", MODELS)
def test_cli_views_never_end_in_a_traceback(key):
    """`models show` and `solve` work for every model; explain and conditions refuse other kinds in one line."""
    from click.testing import CliRunner

    from gametheory.cli import main

    model = load_model(key)
    runner = CliRunner()
    shown = runner.invoke(main, ["models", "show", key])
    assert shown.exit_code == 0, shown.output
    assert model.title in shown.output and "Sources" in shown.output
    commands = [["solve", key]] if normal_form(model) else [["explain", key], ["conditions", key]]
    for command in commands:
        result = runner.invoke(main, command)
        assert result.exit_code in (0, 2), (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (command, result.exception)
        if result.exit_code == 2:
            assert result.output.startswith("Error: ") and result.output.count("\n") == 1
