"""The ``gametheory`` command line: one package, one module per command group.

- :mod:`.main`: the command group, its lazily imported commands (``gametheory --help`` lists them
  without importing them) and one-line error messages;
- :mod:`.common`: what every command shares (game and model arguments, ``--set`` values, errors);
- :mod:`.solve` (``solve``), :mod:`.analysis` (``explain``, ``conditions``),
  :mod:`.models` (``models list``, ``models show``), :mod:`.repeated` (``repeated``),
  :mod:`.study` (``compare``), :mod:`.plot` (``plot``: figures), :mod:`.sweep` (``sweep``: the
  tidy table of a parameter grid), :mod:`.serve` (``serve``: the class page).

``gametheory solve GAME_FILE`` reads a game, solves it and prints the game
table (best responses marked) and the certified equilibria, or one JSON object
with ``--format json``. ``python -m gametheory`` runs the same command line.

Examples
--------
>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(main, ["--help"])
>>> "solve" in result.output and "models" in result.output
True
"""

from __future__ import annotations

from .common import (
    METHOD_CHOICES,
    USAGE_ERROR,
    GameArgumentError,
    ModelArgumentError,
    SolverError,
    load_game_argument,
    load_model_argument,
    model_game_argument,
    one_line,
    parse_assignments,
)
from .main import LAZY_COMMANDS, SHORT_HELP, main

__all__ = [
    "main",
    "LAZY_COMMANDS",
    "SHORT_HELP",
    "METHOD_CHOICES",
    "USAGE_ERROR",
    "GameArgumentError",
    "ModelArgumentError",
    "SolverError",
    "load_game_argument",
    "load_model_argument",
    "model_game_argument",
    "one_line",
    "parse_assignments",
]
