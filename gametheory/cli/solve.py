"""``gametheory solve``: the certified equilibria of a game file or a model.

Examples
--------
>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(solve, ["chicken", "--set", "war=0", "--exact"])
>>> result.exit_code
0
"""

from __future__ import annotations

import json

import click

from .common import METHOD_CHOICES, GameArgumentError, SolverError, load_game_argument, model_game_argument, one_line

__all__ = ["solve"]


@click.command()
@click.argument("game_file", metavar="GAME_FILE")
@click.option(
    "--method",
    type=click.Choice(METHOD_CHOICES),
    default="auto",
    show_default=True,
    help="Algorithm; auto enumerates all equilibria (vertex enumeration for two players, "
    "polynomial enumeration for more).",
)
@click.option("--exact", is_flag=True, help="Rational arithmetic: probabilities as fractions, regrets exactly 0.")
@click.option(
    "--tol",
    type=click.FloatRange(min=0, max=1, max_open=True),
    default=None,
    help="Tolerance of float mode, relative to the largest payoff (default 1e-9).",
)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
              help="Parameter value of a model (repeatable); parameters not set take their defaults.")
def solve(game_file: str, method: str, exact: bool, tol: float | None, output_format: str, assignments: tuple) -> None:
    """Find the Nash equilibria of the game in GAME_FILE (a Gambit .nfg file, or a model: a key from
    'gametheory models list' or a .toml model file, with --set NAME=VALUE for its parameters).

    Text output shows the payoff table with best responses marked (*) and each
    equilibrium with its payoffs. JSON output is one object whose
    "equilibria" list gives, for each equilibrium, the "strategies" (one list
    of probabilities per player, in the file's action order; exact values as
    strings like "1/3") and the "payoffs", with "degenerate" and "complete"
    flags for the whole result.
    """
    from ..solvers import solve as solve_game

    model_game = model_game_argument(game_file, assignments)
    if model_game is None and assignments:
        raise GameArgumentError(f"--set applies to models only, and {game_file!r} is not a model")
    game, source = model_game if model_game is not None else (load_game_argument(game_file), {})
    if exact:
        game = game.as_exact()
    try:
        result = solve_game(game, method, exact=True if exact else None, tol=tol)
    except (ValueError, NotImplementedError) as error:
        raise GameArgumentError(f"{game_file}: {one_line(error)}") from None
    except (RuntimeError, ArithmeticError) as error:
        raise SolverError(f"{game_file}: method {method!r} failed: {one_line(error)}") from None

    if output_format == "json":
        payload = {"file": game_file, **source, **result.to_dict()}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        if source:
            values = ", ".join(f"{name}={value}" for name, value in source["parameters"].items())
            click.echo(f"{source['title']} [{source['model']}] at {values or 'its fixed payoffs'}")
        click.echo(game.to_text())
        click.echo()
        click.echo(result.describe())
