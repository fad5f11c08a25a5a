"""The ``gametheory`` command group: one lazily imported module per command group.

Adding a command
----------------
Define a :mod:`click` command in a module of :mod:`gametheory.cli` (import
heavy dependencies inside the command function, so the command line stays
quick to start; take games and models through the argument parsers of
:mod:`gametheory.cli.common`) and register it with one line in
:data:`LAZY_COMMANDS` below, e.g. ``"models": "gametheory.cli.models:models"``.
The module is imported only when the command runs or ``--help`` lists it.

Every error the user can cause prints one line to standard error and exits
with status 2; nothing prints a traceback.

Examples
--------
>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(main, ["--version"])
>>> result.output.startswith("gametheory, version ")
True
"""

from __future__ import annotations

import importlib
import sys

import click

from .. import __version__
from .common import USAGE_ERROR, one_line

__all__ = ["main", "LAZY_COMMANDS"]

#: Commands, imported on first use: ``name -> "module:attribute"``.
#: Register a new command with one line here.
LAZY_COMMANDS: dict[str, str] = {
    "solve": "gametheory.cli.solve:solve",
    "explain": "gametheory.cli.analysis:explain",
    "conditions": "gametheory.cli.analysis:conditions",
    "models": "gametheory.cli.models:models",
    "repeated": "gametheory.cli.repeated:repeated",
    "compare": "gametheory.cli.study:compare",
    "serve": "gametheory.cli.serve:serve",
    "plot": "gametheory.cli.plot:plot",
    "sweep": "gametheory.cli.sweep:sweep",
    "dynamics": "gametheory.cli.dynamics:dynamics",
    "cases": "gametheory.cli.cases:cases",
}


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
            click.echo(f"Error: {one_line(error.format_message())}{hint}", err=True)
            sys.exit(USAGE_ERROR)
        except click.ClickException as error:
            click.echo(f"Error: {one_line(error.format_message())}", err=True)
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
    write Gambit .nfg files, derive conditions on a model's parameters, sweep
    models over parameter grids, draw figures and start the class page.
    """
