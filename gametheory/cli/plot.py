"""``gametheory plot``: a model's figures, ready for a slide or a paper.

Kinds of figure (``--kind``):

``best-response``
    The best-response diagram of a 2x2 model at the ``--set`` values.
``regime-map``
    The equilibria over two parameters (``--x``, ``--y``; the model's default
    sweep otherwise), coloured by the set of equilibria; with ``--theory``
    the theory's boundary and its failures are drawn on top.
``tree``
    The game tree of a tree model, the equilibrium's path of play in bold
    when the equilibrium is unique.
``folk-region``
    For a two-player stage game: the feasible payoffs, the minmax values and
    the region the folk theorem sustains when the game is repeated.

The file's suffix picks the format (``.png``, ``.pdf``, ``.svg``).

Examples
--------
>>> import tempfile, pathlib
>>> from click.testing import CliRunner
>>> out = pathlib.Path(tempfile.mkdtemp()) / "chicken.svg"
>>> result = CliRunner().invoke(plot, ["chicken", "--kind", "best-response", "-o", str(out)])
>>> result.exit_code, out.read_text()[:5]
(0, '<?xml')
"""

from __future__ import annotations

from pathlib import Path

import click

from .common import GameArgumentError, ModelArgumentError, load_model_argument, one_line, parse_assignments, parse_grid

__all__ = ["plot", "KINDS", "FIGURE_FORMATS"]

KINDS = ("best-response", "regime-map", "tree", "folk-region")
FIGURE_FORMATS = (".png", ".pdf", ".svg")


def _values_text(model, values: dict) -> dict:
    """Every parameter's value as shown in a title: derived ones computed from the structural values."""
    from ..numerics import format_value

    return {name: format_value(value) for name, value in model.values(**values).items()}


def _best_response(model, values):
    from ..study.plots import best_response_diagram, figure_title

    if model.kind != "normal":
        raise ModelArgumentError(f"{model.key} is a {model.kind} model: a best-response diagram needs a 2x2 game")
    game = model.game(**values)
    if game.n_players != 2 or game.shape != (2, 2):
        shape = " x ".join(str(n) for n in game.shape)
        raise ModelArgumentError(f"{model.key}: a best-response diagram needs a 2x2 game, this one is {shape}")
    return best_response_diagram(game, title=figure_title(model, _values_text(model, values), what="best responses"))


def _regime_map(model, values, grid, x, y, points, theory):
    from ..study.plots import equilibrium_map, regime_map
    from .sweep import grid_for, run_sweep

    grid = grid_for(model, grid, x, y, points)
    if len(grid) < 2:
        raise ModelArgumentError(f"a regime map needs two parameters on its axes; the grid varies only {list(grid)} "
                                 "(name two with --x and --y or --grid)")
    both = sorted(set(values) & set(grid))
    if both:
        raise ModelArgumentError(f"parameters {both} are both on the map's axes and set (--set)")
    frame = run_sweep(model, grid, values)
    names = list(grid)
    x = x or next(n for n in names if n != y)
    y = y or next(n for n in names if n != x)
    try:
        if theory is None:
            return equilibrium_map(frame, x, y, model=model)
        from ..study.compare import compare

        if theory not in model.predictions:
            declared = ", ".join(sorted(model.predictions)) or "none"
            raise ModelArgumentError(f"{model.key} declares no predictions of {theory!r} (it declares: {declared})")
        return regime_map(compare(model, frame, theory), x, y, model=model)
    except ValueError as error:
        raise ModelArgumentError(f"{model.key}: {one_line(error)}") from None


def _tree(model, values):
    from matplotlib.figure import Figure

    from ..games.extensive.render import tree_figure
    from ..solvers.tree_concepts import solve_tree_by_concept
    from ..study.plots import figure_title

    if model.kind != "tree":
        raise ModelArgumentError(f"{model.key} is a {model.kind} model, not a game tree (--kind tree needs a tree model)")
    tree = model.tree(**values)
    result = solve_tree_by_concept(tree, model.solution_concept)
    unique = result.equilibria[0] if len(result.equilibria) == 1 else None
    width = min(max(6.0, 1.3 * len(tree.terminals) + 1.5), 30.0)
    height = min(max(4.0, 1.4 * len(tree.levels) + 1.5), 30.0)
    figure = Figure(figsize=(width, height), layout="constrained")
    axes = figure.add_subplot()
    what = (f"the {model.solution_concept.upper()} path in bold" if unique is not None
            else f"{len(result.equilibria)} {model.solution_concept.upper()} equilibria")
    tree_figure(tree, unique, ax=axes, title=figure_title(model, _values_text(model, values), what=what, width=90))
    return figure


def _folk_region(model, values):
    from ..games.repeated.folk import plot_folk_region
    from ..study.plots import figure_title

    if model.kind != "normal":
        raise ModelArgumentError(f"{model.key} is a {model.kind} model: the folk region needs a two-player stage game")
    stage = model.game(**values)
    if stage.n_players != 2:
        raise ModelArgumentError(f"{model.key}: the folk region is drawn for two-player stage games, "
                                 f"this one has {stage.n_players} players")
    figure = plot_folk_region(stage)
    figure.set_size_inches(7.5, 7.0)
    figure.set_layout_engine("constrained")
    axes = figure.axes[0]
    # Room on the right for the labels of the pure payoff vectors.
    low, high = axes.get_xlim()
    axes.set_xlim(low, high + 0.3 * (high - low))
    axes.set_title(figure_title(model, _values_text(model, values), what="folk theorem region", width=55))
    return figure


@click.command()
@click.argument("model_name", metavar="MODEL")
@click.option("--kind", type=click.Choice(KINDS), required=True, help="Which figure.")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
              help="Parameter value (repeatable); defaults otherwise.")
@click.option("--x", "x", metavar="NAME", default=None, help="Regime map: the parameter on the horizontal axis.")
@click.option("--y", "y", metavar="NAME", default=None, help="Regime map: the parameter on the vertical axis.")
@click.option("--grid", "grid_items", multiple=True, metavar="NAME=LOW:HIGH:POINTS",
              help="Regime map: an axis's values (POINTS values from LOW to HIGH, or NAME=V1,V2,...).")
@click.option("--points", type=click.IntRange(2, 1001), default=None,
              help="Regime map: values per axis over the parameter's range (default: the model's declared "
                   "sweep values, else 21).")
@click.option("--theory", default=None, metavar="NAME",
              help="Regime map: draw this theory's boundary and where it fails (e.g. defensive_realism).")
@click.option("--output", "-o", default=None, type=click.Path(dir_okay=False),
              help="Figure file: .png, .pdf or .svg [default: MODEL_KIND.png].")
@click.option("--dpi", type=click.IntRange(50, 1200), default=150, show_default=True, help="Resolution of PNG files.")
def plot(model_name: str, kind: str, assignments: tuple, x, y, grid_items: tuple, points: int, theory, output,
         dpi: int) -> None:
    """Draw a figure of MODEL (a key from 'gametheory models list' or a .toml model file).

    Titles carry the model's title and the parameter values; regime maps use a
    colour-blind-safe palette, keep the legend to a dozen entries (the rest as
    "other") and explain long equilibrium labels under the map.
    """
    model = load_model_argument(model_name)
    path = Path(output or f"{model.key}_{kind.replace('-', '_')}.png")
    if path.suffix.lower() not in FIGURE_FORMATS:
        raise GameArgumentError(f"--output {str(path)!r}: figures are written as {', '.join(FIGURE_FORMATS)}")
    values = parse_assignments(assignments)
    grid = parse_grid(grid_items, model)
    if kind != "regime-map" and (grid or x or y or theory):
        raise ModelArgumentError("--x, --y, --grid and --theory apply to --kind regime-map only")
    try:
        if kind == "best-response":
            figure = _best_response(model, values)
        elif kind == "regime-map":
            figure = _regime_map(model, values, grid, x, y, points, theory)
        elif kind == "tree":
            figure = _tree(model, values)
        else:
            figure = _folk_region(model, values)
    except (ValueError, TypeError) as error:
        raise ModelArgumentError(f"{model.key}: {one_line(error)}") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        figure.savefig(path, dpi=dpi)
    except OSError as error:
        raise ModelArgumentError(f"cannot write {str(path)!r}: {error.strerror or error}") from None
    click.echo(f"{model.key}: {kind} written to {path}")
