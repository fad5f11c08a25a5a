"""The ``gametheory`` command group: one lazily imported module per command group.

Adding a command
----------------
Define a :mod:`click` command in a module of :mod:`gametheory.cli` (import
heavy dependencies inside the command function, so the command line stays
quick to start; take games and models through the argument parsers of
:mod:`gametheory.cli.common`) and register it with one line in
:data:`LAZY_COMMANDS` below, e.g. ``"models": "gametheory.cli.models:models"``,
and its short help (the first sentence of its help) with one line in
:data:`SHORT_HELP`. The module is imported only when the command runs (or
its own ``--help`` is asked for): ``gametheory --help`` lists every command
from :data:`SHORT_HELP` without importing any of them.

Starting quickly
----------------
Every command works on numpy arrays, and numpy's import is the largest part
of a short command such as ``gametheory solve MODEL``. Its BLAS library
(OpenBLAS in numpy's wheels) starts one worker thread per core on import,
and the workers busy-wait for work for a while: on two cores that is as much
CPU time as the whole rest of the command, and as much wall-clock time when
other jobs hold the cores. The command line therefore imports numpy itself,
just before a command runs, with one BLAS thread, unless numpy is imported
already or the user chose a thread count (``OPENBLAS_NUM_THREADS``,
``GOTO_NUM_THREADS`` or ``OMP_NUM_THREADS`` set). OpenBLAS multiplies
matrices as small as games' on one thread anyway. The environment is put
back straight after that import, so processes a command starts see the
user's settings; ``import gametheory`` as a library sets nothing.

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
import os
import sys
from gettext import gettext

import click

from .. import __version__
from .common import USAGE_ERROR, one_line

__all__ = ["main", "LAZY_COMMANDS", "SHORT_HELP"]

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

#: What ``gametheory --help`` lists for each command: the first sentence of
#: its help (click shortens it to the terminal's width), so that listing
#: imports no command module. A command missing here is imported to list it.
SHORT_HELP: dict[str, str] = {
    "cases": "Historical cases against their model's equilibria and the theories' predictions.",
    "compare": "Compare equilibria with defensive realism's predictions over each model's default grid.",
    "conditions": "Print the conditions on MODEL's parameters under which each outcome is an equilibrium.",
    "dynamics": "Rest points of the replicator dynamics of MODEL, their stability and ESS certificates; "
                "the phase portrait.",
    "explain": "Derive the equilibria of MODEL step by step, as on a blackboard.",
    "models": "The model library: list the built-in models or show one.",
    "plot": "Draw a figure of MODEL (a key from 'gametheory models list' or a .toml model file).",
    "repeated": "Analyse MODEL's stage game repeated: payoffs, SPE and Nash status, critical discount factors.",
    "serve": "Start the class page: the model library as a local web page (Ctrl+C to stop).",
    "solve": "Find the equilibria of the game in GAME_FILE: a Gambit .nfg or .efg file, or a model (a key from "
             "'gametheory models list' or a .toml model file, with --set NAME=VALUE for its parameters).",
    "sweep": "Solve MODEL at every point of a parameter grid and write the tidy table (no theory comparison).",
}

#: Environment variables by which a user chooses the number of BLAS threads.
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")


def _import_numpy_with_one_blas_thread() -> None:
    """Import numpy with one BLAS thread, unless it is imported already or the user chose a thread count.

    OpenBLAS reads the variable once, when numpy loads it; the environment is
    restored right after, so that child processes see the user's own.
    """
    if "numpy" in sys.modules or any(name in os.environ for name in BLAS_THREAD_VARIABLES):
        return
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    try:
        import numpy  # noqa: F401
    finally:
        del os.environ["OPENBLAS_NUM_THREADS"]


def _asks_for_help(ctx: click.Context, args) -> bool:
    """Whether a command's arguments ask only for its help (which needs no numpy)."""
    for arg in args:
        if arg == "--":
            return False
        if arg in ctx.help_option_names:
            return True
    return False


class _Group(click.Group):
    """A click group with lazily imported commands and one-line error messages."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def resolve_command(self, ctx: click.Context, args):
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None and not ctx.resilient_parsing and not _asks_for_help(ctx, rest):
            _import_numpy_with_one_blas_thread()
        return name, command, rest

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # As click's own listing, with the short help of SHORT_HELP for commands not imported yet.
        commands = []
        for name in self.list_commands(ctx):
            if name in SHORT_HELP and name not in self.commands:
                command = click.Command(name, help=SHORT_HELP[name])
            else:
                command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                commands.append((name, command))
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            with formatter.section(gettext("Commands")):
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in commands])

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
