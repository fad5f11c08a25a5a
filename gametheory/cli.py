"""The ``gametheory`` command line.

``gametheory solve GAME_FILE`` reads a game, solves it and prints the game
table (best responses marked) and the certified equilibria, or one JSON object
with ``--format json``.

Adding a command
----------------
Define a :mod:`click` command in your own module (import heavy dependencies
inside the command function, so the command line stays quick to start) and
register it with one line in :data:`LAZY_COMMANDS` below, e.g.
``"models": "gametheory.model_cli:models"``. The module is imported only when
the command runs or ``--help`` lists it. Commands that take a game should call
:func:`load_game_argument` so every command accepts the same game arguments.

Every error the user can cause (a missing or malformed file, a bad option,
a method that does not apply to the game) prints one line to standard error
and exits with status 2; nothing prints a traceback.

Examples
--------
>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(main, ["--version"])
>>> result.output.startswith("gametheory, version ")
True
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import click

from . import __version__

__all__ = ["main", "load_game_argument", "GameArgumentError", "LAZY_COMMANDS", "METHOD_CHOICES"]

#: Commands defined in other modules, imported on first use: ``name -> "module:attribute"``.
#: Register a new command with one line here.
LAZY_COMMANDS: dict[str, str] = {
    "explain": "gametheory.analysis_cli:explain",
    "conditions": "gametheory.analysis_cli:conditions",
    "models": "gametheory.model.cli:models",
    "repeated": "gametheory.repeated.cli:repeated",
    "compare": "gametheory.study_cli:compare",
}

#: ``--method`` values of ``solve``; ``auto`` plus :data:`gametheory.solvers.METHODS`
#: (spelled out here so that starting the command line does not import the solvers).
METHOD_CHOICES = ("auto", "pure", "support_enumeration", "vertex_enumeration", "lemke_howson", "polynomial_enumeration")

#: Exit status for every error caused by the user's input.
USAGE_ERROR = 2


class GameArgumentError(click.ClickException):
    """A game argument that cannot be turned into a game (printed in one line, exit status 2)."""

    exit_code = USAGE_ERROR


class SolverError(click.ClickException):
    """A solver that failed on a valid game (printed in one line, exit status 1)."""

    exit_code = 1


class ModelArgumentError(click.ClickException):
    """A model argument or ``--set`` value that cannot be used (printed in one line, exit status 2)."""

    exit_code = USAGE_ERROR


def one_line(text) -> str:
    """An error message folded onto one line, as every command prints errors."""
    return " ".join(part.strip() for part in str(text).splitlines() if part.strip())


_one_line = one_line


def parse_assignments(assignments) -> dict:
    """``--set`` values: ``("war=1", "win=9/2")`` to ``{"war": 1, "win": Fraction(9, 2)}``.

    Values are read exactly (``0.1`` is 1/10), so games built from them are
    exact; whole numbers come back as ints.

    Raises
    ------
    ModelArgumentError
        When an item is not ``NAME=VALUE``, a name repeats, or a value is
        not a number.

    Examples
    --------
    >>> parse_assignments(["war=0.5", "win=9/2", "n=3"])
    {'war': Fraction(1, 2), 'win': Fraction(9, 2), 'n': 3}
    >>> parse_assignments(["war"])
    Traceback (most recent call last):
    ...
    gametheory.cli.ModelArgumentError: --set expects NAME=VALUE, got 'war'
    """
    from .numerics import to_fraction

    values = {}
    for item in assignments:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name or not text.strip():
            raise ModelArgumentError(f"--set expects NAME=VALUE, got {item!r}")
        if name in values:
            raise ModelArgumentError(f"--set gives parameter {name!r} twice")
        try:
            value = to_fraction(text.strip(), what=f"--set {name}")
        except (TypeError, ValueError) as error:
            raise ModelArgumentError(one_line(error)) from None
        values[name] = int(value) if value.denominator == 1 else value
    return values


class _Group(click.Group):
    """A click group with lazily imported commands and one-line error messages."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, name: str):
        command = super().get_command(ctx, name)
        if command is not None or name not in LAZY_COMMANDS:
            return command
        module_name, _, attribute = LAZY_COMMANDS[name].partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"LAZY_COMMANDS[{name!r}] = {LAZY_COMMANDS[name]!r} is not a click command")
        return command

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            status = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as error:
            click.echo(error.ctx.get_help())
            sys.exit(0)
        except click.UsageError as error:
            hint = f" (see '{error.ctx.command_path} --help')" if error.ctx is not None else ""
            click.echo(f"Error: {_one_line(error.format_message())}{hint}", err=True)
            sys.exit(USAGE_ERROR)
        except click.ClickException as error:
            click.echo(f"Error: {_one_line(error.format_message())}", err=True)
            sys.exit(error.exit_code)
        except click.exceptions.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(1)
        sys.exit(status if isinstance(status, int) else 0)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gametheory")
def main() -> None:
    """Game-theoretic modelling of international alliances.

    Solve games with certified equilibria (each with its regret), read and
    write Gambit .nfg files.
    """


def load_game_argument(text: str):
    """Turn a command's GAME argument into a :class:`~gametheory.game.NormalFormGame`.

    Parameters
    ----------
    text : str
        A path to a Gambit strategic-form file (``.nfg``).

    Returns
    -------
    NormalFormGame

    Raises
    ------
    GameArgumentError
        With a one-line message when the file is missing, unreadable or
        malformed (the message gives the line and column).

    Examples
    --------
    >>> load_game_argument("no/such/game.nfg")
    Traceback (most recent call last):
    ...
    gametheory.cli.GameArgumentError: no such game file: 'no/such/game.nfg'
    """
    from .io.nfg import read_nfg

    path = Path(text)
    if not path.exists():
        raise GameArgumentError(f"no such game file: {text!r}")
    if path.is_dir():
        raise GameArgumentError(f"{text!r} is a directory, expected a game file (.nfg)")
    try:
        return read_nfg(path)
    except ValueError as error:
        raise GameArgumentError(_one_line(error)) from None
    except OSError as error:
        raise GameArgumentError(f"cannot read {text!r}: {error.strerror or error}") from None


@main.command()
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
    from .model.cli import model_game_argument
    from .solvers import solve as solve_game

    model_game = model_game_argument(game_file, assignments)
    if model_game is None and assignments:
        raise GameArgumentError(f"--set applies to models only, and {game_file!r} is not a model")
    game, source = model_game if model_game is not None else (load_game_argument(game_file), {})
    if exact:
        game = game.as_exact()
    try:
        result = solve_game(game, method, exact=True if exact else None, tol=tol)
    except (ValueError, NotImplementedError) as error:
        raise GameArgumentError(f"{game_file}: {_one_line(error)}") from None
    except (RuntimeError, ArithmeticError) as error:
        raise SolverError(f"{game_file}: method {method!r} failed: {_one_line(error)}") from None

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


if __name__ == "__main__":  # pragma: no cover
    main()
