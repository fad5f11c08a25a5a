"""Reading TOML files (model files, automaton files) within the toolkit's input limits.

Python's TOML reader parses nested arrays and inline tables recursively, so a
file nested ten thousand levels deep ends in a ``RecursionError`` from deep
inside the standard library. Every TOML file the toolkit reads goes through
:func:`parse_toml`, which measures the nesting first (a linear scan that
skips strings and comments) and refuses anything deeper than
:data:`MAX_TOML_DEPTH`, and turns the reader's own errors into one-line
messages naming the file, line and column.
"""

from __future__ import annotations

import os
import re
import tomllib

from ..limits import InputLimitError, read_limited

__all__ = ["parse_toml", "read_toml", "too_deep", "MAX_TOML_DEPTH", "TomlFileError"]

#: Deepest nesting of arrays and inline tables accepted in a TOML file.
MAX_TOML_DEPTH = 64


class TomlFileError(ValueError):
    """A TOML file that cannot be read: malformed, too deep or too large (message names file, line, column)."""


def read_toml(path, *, max_bytes: int, what: str = "file") -> dict:
    """Read and parse the TOML file at ``path`` (at most ``max_bytes``, checked while reading)."""
    try:
        data = read_limited(path, limit=max_bytes, what=what)
    except InputLimitError as error:
        raise TomlFileError(str(error)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise TomlFileError(f"{os.fspath(path)}, line {line}: not UTF-8 text ({error.reason})") from None
    return parse_toml(text, source=os.fspath(path))


def parse_toml(text: str, *, source: str = "<string>") -> dict:
    """Parse TOML ``text``, refusing nesting deeper than :data:`MAX_TOML_DEPTH`.

    Raises
    ------
    TomlFileError
        ``"<source>, line L, column C: <problem>"``.

    Examples
    --------
    >>> parse_toml('a = [[1], [2]]')
    {'a': [[1], [2]]}
    >>> parse_toml('a = ' + '[' * 100 + ']' * 100, source='deep.toml')
    Traceback (most recent call last):
    ...
    gametheory.io.toml_files.TomlFileError: deep.toml, line 1, column 69: arrays and inline tables are nested more than 64 deep (gametheory.io.toml_files.MAX_TOML_DEPTH)
    """
    offset = too_deep(text)
    if offset is not None:
        line, column = _position(text, offset)
        raise TomlFileError(f"{source}, line {line}, column {column}: arrays and inline tables are nested more than "
                            f"{MAX_TOML_DEPTH} deep (gametheory.io.toml_files.MAX_TOML_DEPTH)")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = re.search(r"\(at line (\d+), column (\d+)\)$", message)
        if match:
            message = message[: match.start()].strip()
            raise TomlFileError(f"{source}, line {match[1]}, column {match[2]}: {message}") from None
        raise TomlFileError(f"{source}: {message}") from None
    except RecursionError:  # only reachable through nesting the scan did not count
        raise TomlFileError(f"{source}: nested too deeply to read") from None


def too_deep(text: str) -> int | None:
    """Offset of the first bracket that goes past the depth limit, outside strings and comments."""
    depth, position, n = 0, 0, len(text)
    openers, closers = "[{", "]}"
    while position < n:
        char = text[position]
        if char == "#":
            end = text.find("\n", position)
            position = n if end < 0 else end
            continue
        if char in "\"'":
            position = _string_end(text, position)
            continue
        if char in openers:  # table headers count too, but close on their own line
            depth += 1
            if depth > MAX_TOML_DEPTH:
                return position
        elif char in closers:
            depth = max(depth - 1, 0)
        position += 1
    return None


def _string_end(text: str, start: int) -> int:
    quote = text[start]
    if text.startswith(quote * 3, start):
        end = text.find(quote * 3, start + 3)
        while end >= 0 and quote == '"' and _escaped(text, end):
            end = text.find(quote * 3, end + 1)
        return len(text) if end < 0 else end + 3
    position = start + 1
    while position < len(text):
        char = text[position]
        if char == "\\" and quote == '"':
            position += 2
            continue
        if char == quote or char == "\n":
            return position + 1
        position += 1
    return position


def _escaped(text: str, position: int) -> bool:
    backslashes = 0
    while position - backslashes - 1 >= 0 and text[position - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
