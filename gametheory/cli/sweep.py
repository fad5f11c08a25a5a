"""``gametheory sweep``: a model solved over a parameter grid, written as one tidy table.

For researchers who want the rows (one per parameter point and equilibrium,
with each equilibrium's certificate) without a theory comparison; see
:func:`gametheory.study.sweep.sweep` for the columns.

Examples
--------
>>> import tempfile, pathlib
>>> from click.testing import CliRunner
>>> out = pathlib.Path(tempfile.mkdtemp()) / "stag.csv"
>>> result = CliRunner().invoke(sweep, ["stag_hunt", "--grid", "temptation=1:5:3", "-o", str(out)])
>>> result.exit_code, out.exists()
(0, True)
"""

from __future__ import annotations

from pathlib import Path

import click

from .common import ModelArgumentError, load_model_argument, one_line, parse_assignments, parse_grid

__all__ = ["sweep", "grid_for"]

#: Table formats by file suffix.
SWEEP_FORMATS = (".parquet", ".csv")


def grid_for(model, grid: dict, x: str | None = None, y: str | None = None, points: int | None = None) -> dict:
    """The grid of a command: ``--grid`` items, else the axes named by --x/--y, else the model's default sweep.

    An axis named without values takes ``points`` evenly spaced values over
    the parameter's declared range when ``points`` is given, else the model's
    default sweep values for it, else 21 values over its range.
    """
    axes = [name for name in (x, y) if name is not None]
    known = {p.name: p for p in model.parameters}
    for name in axes:
        if name not in known:
            raise ModelArgumentError(f"{model.key} has no parameter {name!r}; parameters are {list(known)}")
    if grid and not axes:
        return grid
    if not grid and not axes:
        if not model.sweep_axes:
            raise ModelArgumentError(f"{model.key} declares no default sweep: give --grid NAME=LOW:HIGH:POINTS")
        return {name: [float(v) for v in values] for name, values in model.sweep_axes.items()}
    result = dict(grid)
    for name in axes:
        if name in result:
            continue
        default = (model.sweep_axes or {}).get(name)
        if points is None and default is not None and len(default) > 1:
            result[name] = [float(v) for v in default]
            continue
        parameter = known[name]
        if parameter.low is None or parameter.high is None:
            raise ModelArgumentError(f"parameter {name!r} has no finite range {parameter.bounds_text()}: "
                                     f"give --grid {name}=LOW:HIGH:POINTS")
        low, high = float(parameter.low), float(parameter.high)
        if parameter.integer:
            result[name] = [float(v) for v in range(int(low), int(high) + 1)]
        else:
            count = points or 21
            result[name] = [low + (high - low) * k / (count - 1) for k in range(count)]
    return result


def run_sweep(model, grid: dict, fixed: dict, executor: str = "serial", workers: int | None = None,
              progress: bool = False):
    """The sweep behind ``gametheory sweep`` and ``gametheory plot --kind regime-map``, errors as one line."""
    from ..study.sweep import sweep as sweep_model

    fixed = {name: value for name, value in fixed.items() if name not in grid}
    defaults = dict(model.sweep_fixed or {})
    defaults = {k: v for k, v in defaults.items() if k not in grid and k not in fixed}
    try:
        return sweep_model(model, grid=grid, fixed={**defaults, **fixed}, executor=executor, workers=workers,
                           progress=progress)
    except (ValueError, TypeError) as error:
        raise ModelArgumentError(f"{model.key}: {one_line(error)}") from None


@click.command()
@click.argument("model_name", metavar="MODEL")
@click.option("--grid", "grid_items", multiple=True, metavar="NAME=LOW:HIGH:POINTS",
              help="A swept parameter (repeatable): POINTS values from LOW to HIGH, or NAME=V1,V2,... "
                   "Default: the model's declared sweep.")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
              help="Value of a parameter that is not swept (repeatable); defaults otherwise.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False),
              help="The table to write: FILE.parquet or FILE.csv.")
@click.option("--executor", type=click.Choice(["serial", "processes", "dask"]), default="serial", show_default=True,
              help="Where sweep chunks run.")
@click.option("--workers", type=click.IntRange(1), default=None, help="Worker processes (processes/dask).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def sweep(model_name: str, grid_items: tuple, assignments: tuple, output: str, executor: str, workers: int | None,
          quiet: bool) -> None:
    """Solve MODEL at every point of a parameter grid and write the tidy table (no theory comparison).

    One row per parameter point and equilibrium: the parameter values, the
    outcome, each player's probabilities and payoff, the certificate
    (max_regret) and the point's flags (degenerate, continuum, complete).
    """
    path = Path(output)
    if path.suffix.lower() not in SWEEP_FORMATS:
        raise ModelArgumentError(f"--output {output!r}: the table is written as .parquet or .csv")
    model = load_model_argument(model_name)
    grid = grid_for(model, parse_grid(grid_items, model))
    fixed = parse_assignments(assignments)
    both = sorted(set(fixed) & set(grid))
    if both:
        raise ModelArgumentError(f"parameters {both} are both swept (--grid) and set (--set)")
    frame = run_sweep(model, grid, fixed, executor, workers, progress=not quiet)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if path.suffix.lower() == ".parquet":
            frame.to_parquet(path, index=False)
        else:
            frame.to_csv(path, index=False)
    except OSError as error:
        raise ModelArgumentError(f"cannot write {output!r}: {error.strerror or error}") from None
    points = frame["point"].nunique() if "point" in frame else 0
    click.echo(f"{model.key}: {points} parameter points, {len(frame)} rows written to {output}")
