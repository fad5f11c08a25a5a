"""What every command shares: argument parsing and error reporting.

Every error the user can cause (a missing or malformed file, a bad option,
a method that does not apply to the game) is raised as one of the
:class:`click.ClickException` subclasses below; the command group
(:mod:`gametheory.cli.main`) prints it on one line to standard error and exits
with its status (2 for the user's input); nothing prints a traceback.

Commands that take a game call :func:`load_game_argument` (a Gambit ``.nfg``
file) or :func:`model_game_argument` (a model key or ``.toml`` file with
``--set`` values), so every command accepts the same game arguments.
"""

from __future__ import annotations

from pathlib import Path

import click

__all__ = [
    "USAGE_ERROR",
    "METHOD_CHOICES",
    "GameArgumentError",
    "ModelArgumentError",
    "SolverError",
    "one_line",
    "parse_assignments",
    "load_game_argument",
    "load_model_argument",
    "model_game_argument",
]

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
    gametheory.cli.common.ModelArgumentError: --set expects NAME=VALUE, got 'war'
    """
    from ..numerics import to_fraction

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


def load_game_argument(text: str):
    """Turn a command's GAME argument into a :class:`~gametheory.games.normal_form.NormalFormGame`.

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
    gametheory.cli.common.GameArgumentError: no such game file: 'no/such/game.nfg'
    """
    from ..io.nfg import read_nfg

    path = Path(text)
    if not path.exists():
        raise GameArgumentError(f"no such game file: {text!r}")
    if path.is_dir():
        raise GameArgumentError(f"{text!r} is a directory, expected a game file (.nfg)")
    try:
        return read_nfg(path)
    except ValueError as error:
        raise GameArgumentError(one_line(error)) from None
    except OSError as error:
        raise GameArgumentError(f"cannot read {text!r}: {error.strerror or error}") from None


def _is_model_argument(text: str) -> bool:
    if text.endswith(".toml"):
        return True
    if Path(text).exists():  # game files (.nfg) are answered without loading sympy
        return False
    from ..model.registry import list_models

    return text in list_models()


def load_model_argument(text: str):
    """The :class:`Model` named by a command's MODEL argument (a key or a ``.toml`` path)."""
    from ..model.registry import load_model

    try:
        return load_model(text)
    except (ValueError, OSError, TypeError) as error:
        raise ModelArgumentError(one_line(error)) from None


def model_game_argument(text: str, assignments=()):
    """The game of a model argument at ``--set`` values, or None when ``text`` is not a model.

    Parameters
    ----------
    text : str
        A built-in model key (``chicken``) or a model file (``*.toml``);
        anything else (an ``.nfg`` file) gives None.
    assignments : sequence of str
        ``NAME=VALUE`` items.

    Returns
    -------
    tuple (NormalFormGame, dict) or None
        The game and the JSON-ready description ``{"model": key,
        "parameters": {name: value}}`` (exact values as strings).

    Examples
    --------
    >>> game, info = model_game_argument("chicken", ["war=0"])
    >>> info["parameters"]["war"], info["parameters"]["win"]
    ('0', '4')
    >>> model_game_argument("game.nfg") is None
    True
    """
    from ..numerics import format_value

    if not _is_model_argument(text):
        return None
    model = load_model_argument(text)
    values = parse_assignments(assignments)
    try:
        game = model.game(**values)
        used = {p.name: p.check(values.get(p.name, p.default)) for p in model.parameters}
    except (ValueError, TypeError) as error:
        raise ModelArgumentError(f"{model.key}: {one_line(error)}") from None
    info = {"model": model.key, "title": model.title, "parameters": {k: str(format_value(v)) for k, v in used.items()}}
    return game, info
