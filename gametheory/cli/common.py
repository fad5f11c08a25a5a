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

import os

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
    "closest_model",
    "parse_grid",
    "wrap_text",
    "terminal_width",
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


def closest_model(text: str) -> str | None:
    """The built-in model key closest to a mistyped name, or None when none is close.

    Examples
    --------
    >>> closest_model("chiken")
    'chicken'
    >>> closest_model("no_such_thing_at_all") is None
    True
    """
    import difflib

    from ..model.registry import list_models

    stem = os.path.splitext(os.path.basename(text))[0] if text.lower().endswith((".toml", ".nfg", ".efg")) else text
    matches = difflib.get_close_matches(stem, list_models(), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _missing_file(text: str) -> str:
    """The message for a game argument that is neither a file nor a model, with the closest model name."""
    suggestion = closest_model(text)
    hint = f" and no such model (did you mean {suggestion!r}?)" if suggestion else ""
    return f"no such game file: {text!r}{hint}"


def terminal_width(default: int = 100) -> int:
    """The width to wrap command output to: the terminal's, or ``default`` when output is not a terminal.

    ``COLUMNS`` overrides both (as for every command-line tool).
    """
    import shutil
    import sys

    if os.environ.get("COLUMNS", "").isdigit():
        return max(40, int(os.environ["COLUMNS"]))
    if sys.stdout.isatty():
        return max(40, shutil.get_terminal_size((default, 24)).columns)
    return default


def wrap_text(text: str, width: int | None = None) -> str:
    """Prose lines of command output wrapped to ``width`` (the terminal's by default), keeping their indentation.

    Tables (lines with column rules ``|`` or aligned runs of spaces) and
    LaTeX are left as they are: wrapping them would break their columns.
    Output into a file or a pipe is not wrapped unless ``COLUMNS`` is set.

    Examples
    --------
    >>> print(wrap_text("  " + "word " * 12, width=30))
      word word word word word
        word word word word word
        word word
    """
    import re
    import textwrap

    if width is None:
        import sys

        if not sys.stdout.isatty() and not os.environ.get("COLUMNS", "").isdigit():
            return text  # into a file or a pipe: lines stay whole, for grep and copy-paste
        width = terminal_width()
    lines = []
    for line in text.splitlines():
        body = line.strip()
        if len(line) <= width or " | " in line or "\\" in line or re.search(r"\S {2,}\S", body):
            lines.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        lines += textwrap.wrap(body, width, initial_indent=indent, subsequent_indent=indent + "  ",
                               break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines)


def parse_grid(items, model=None) -> dict:
    """``--grid`` values: ``P=a:b:n`` (n evenly spaced values from a to b) or ``P=v1,v2,...``.

    Raises
    ------
    ModelArgumentError
        When an item is malformed, a name repeats or is not a parameter of ``model``.

    Examples
    --------
    >>> parse_grid(["war=0:2:3", "win=1,5/2"])
    {'war': [0.0, 1.0, 2.0], 'win': [1.0, 2.5]}
    >>> parse_grid(["war=0:2"])
    Traceback (most recent call last):
    ...
    gametheory.cli.common.ModelArgumentError: --grid expects NAME=LOW:HIGH:POINTS or NAME=V1,V2,..., got 'war=0:2'
    """
    from ..numerics import to_fraction

    grid: dict[str, list[float]] = {}
    known = [p.name for p in getattr(model, "parameters", ())]
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        bad = ModelArgumentError(f"--grid expects NAME=LOW:HIGH:POINTS or NAME=V1,V2,..., got {item!r}")
        if not sep or not name or not text.strip():
            raise bad
        if name in grid:
            raise ModelArgumentError(f"--grid gives parameter {name!r} twice")
        if model is not None and name not in known:
            raise ModelArgumentError(f"--grid: {model.key} has no parameter {name!r}; parameters are {known}")
        if model is not None and name in getattr(model, "derived", {}):
            try:
                model.refuse_derived([name], action="swept")
            except ValueError as error:
                raise ModelArgumentError(f"--grid: {one_line(error)}") from None
        try:
            if ":" in text:
                parts = text.split(":")
                if len(parts) != 3:
                    raise bad
                low, high = (float(to_fraction(v.strip(), what=f"--grid {name}")) for v in parts[:2])
                count = int(parts[2])
                if count < 1:
                    raise ModelArgumentError(f"--grid {name}: the number of points must be at least 1, got {count}")
                values = [low + (high - low) * k / (count - 1) for k in range(count)] if count > 1 else [low]
            else:
                values = [float(to_fraction(v.strip(), what=f"--grid {name}")) for v in text.split(",")]
        except ModelArgumentError:
            raise
        except (TypeError, ValueError) as error:
            raise ModelArgumentError(one_line(error) if "--grid" in str(error) else bad.message) from None
        grid[name] = values
    return grid


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
    from pathlib import Path

    from ..io.nfg import read_nfg

    path = Path(text)
    if not path.exists():
        raise GameArgumentError(_missing_file(text))
    if path.is_dir():
        raise GameArgumentError(f"{text!r} is a directory, expected a game file (.nfg)")
    try:
        return read_nfg(path)
    except ValueError as error:
        raise GameArgumentError(one_line(error)) from None
    except OSError as error:
        raise GameArgumentError(f"cannot read {text!r}: {error.strerror or error}") from None


def _is_model_argument(text: str) -> bool:
    if text.lower().endswith(".toml"):
        return True
    if os.path.exists(text):  # game files (.nfg) are answered without loading sympy
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
        used = model.values(**values)  # derived parameters computed from the structural values
    except (ValueError, TypeError) as error:
        raise ModelArgumentError(f"{model.key}: {one_line(error)}") from None
    info = {"model": model.key, "title": model.title, "parameters": {k: str(format_value(v)) for k, v in used.items()}}
    return game, info
