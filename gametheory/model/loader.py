"""Reading model files (TOML) into :class:`~gametheory.model.model.Model` objects.

The loader checks the file's structure (known keys only, so a typo such as
``defualt`` is caught; the right kind of value under each key), converts it to
the constructor's Python objects and lets :class:`Model` check the meaning
(profiles complete, names declared, expressions safe). Every error is a
:class:`~gametheory.model.expressions.ModelError` naming the file, the key
path and, where it can be found, the line. Nothing in the file is executed:
TOML is data, and expressions go through the whitelist parser.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from pathlib import Path

from .expressions import ModelError
from .document import key_path
from .model import Model

__all__ = ["MAX_FILE_BYTES", "model_from_dict", "read_model_file"]

#: Largest model file read, in bytes.
MAX_FILE_BYTES = 1_000_000

_TOP = {
    "key": str,
    "title": str,
    "summary": str,
    "notes": str,
    "sources": list,
    "players": list,
    "parameters": dict,
    "payoffs": dict,
    "symmetric": dict,
    "outcomes": dict,
    "predictions": dict,
    "sweep": dict,
    "alliance": dict,
    "continuous": dict,
    "coalitional": dict,
    "signaling": dict,
    "tree": dict,
}
_REQUIRED_TOP = ("key", "title", "summary", "sources")
_SOURCE = {"citation": str, "where": str, "note": str, "url": str}
_PLAYER = {"name": str, "actions": list, "meanings": dict, "types": list, "prior": list}
_PARAMETER = {"symbol": str, "default": (int, float, str), "range": list, "integer": bool, "meaning": str,
              "structural": bool, "source": str, "derived": str}
_SYMMETRIC = {"n_players": (int, str), "actions": list, "counts": dict, "payoffs": dict, "player": str, "meanings": dict}
_CONTINUOUS = {"players": list}
_CONTINUOUS_PLAYER = {
    "name": str,
    "action": str,
    "low": (int, float, str),
    "high": (int, float, str),
    "payoff": (int, float, str),
    "meaning": str,
    "present": str,
}
_COALITIONAL = {
    "players": list,
    "resources": (dict, list),
    "winning": str,
    "quota": (int, float, str),
    "division": str,
    "meanings": dict,
}
_SIGNALING = {
    "sender": str,
    "receiver": str,
    "types": list,
    "prior": list,
    "messages": list,
    "responses": list,
    "payoffs": dict,
    "meanings": dict,
}
_THEORY = {"summary": str, "source": str, "rules": list}
_RULE = {"when": (str, bool), "outcome": (str, list), "expect": str, "note": str}
#: A comparative-static rule: the probability of ``outcome`` rises or falls ``with`` a structural parameter.
_DIRECTION_RULE = {"direction": str, "outcome": (str, list), "with": str, "when": (str, bool), "lambda": (int, float),
                   "note": str}
_TESTABLE_OUTCOME = {"description": str, "condition": str}  # an outcome of a [continuous] or [coalitional] model

_KIND_NAMES = {str: "text", list: "a list", dict: "a table", int: "an integer", float: "a number", bool: "true or false"}


def _kind(expected) -> str:
    kinds = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(_KIND_NAMES.get(k, k.__name__) for k in kinds)


def _got(value) -> str:
    name = {str: "text", list: "a list", dict: "a table", bool: "a boolean", int: "an integer", float: "a number"}.get(
        type(value), type(value).__name__
    )
    shown = repr(value)
    return f"{name} {shown if len(shown) < 60 else shown[:57] + '...'}"


def _check_table(table: dict, schema: dict, where: str, *, required=()) -> None:
    for name in table:
        if name not in schema:
            close = difflib.get_close_matches(name, list(schema), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ModelError(f"unknown key {name!r}{hint}; allowed keys: {', '.join(schema)}", key=key_path(where, name) if where else name)
    for name in required:
        if name not in table:
            raise ModelError(f"missing required key {name!r}", key=key_path(where, name) if where else name)
    for name, value in table.items():
        expected = schema[name]
        kinds = expected if isinstance(expected, tuple) else (expected,)
        ok = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)
        if not ok:
            raise ModelError(f"expected {_kind(expected)}, got {_got(value)}", key=key_path(where, name) if where else name)


def _list_of_tables(value, where: str) -> list:
    for k, item in enumerate(value):
        if not isinstance(item, dict):
            raise ModelError(f"expected a table, got {_got(item)}", key=key_path(where, k))
    return value


def model_from_dict(data: dict, *, file: str = "") -> Model:
    """Build a :class:`Model` from the parsed TOML tables of a model file.

    Raises
    ------
    ModelError
        Naming ``file`` and the key path of the first problem.
    """
    try:
        return _model_from_dict(data)
    except ModelError as error:
        raise error.located(file=file) from None


def _model_from_dict(data: dict) -> Model:
    if not isinstance(data, dict):
        raise ModelError(f"expected a table at the top of the file, got {_got(data)}")
    _check_table(data, _TOP, "", required=_REQUIRED_TOP)
    kinds = [name for name in ("continuous", "coalitional") if name in data]
    if "tree" in data:
        others = [name for name in ("players", "payoffs", "symmetric", "continuous", "coalitional", "signaling")
                  if name in data]
        if others:
            raise ModelError(f"a [tree] model declares its players and payoffs in the tree; remove {others}",
                             key=others[0])
    elif "signaling" in data:
        others = [name for name in ("players", "payoffs", "symmetric", "continuous", "coalitional") if name in data]
        if others:
            raise ModelError(
                f"a [signaling] model declares its players, types and payoffs there; remove {others}",
                key=key_path(others[0], 0) if isinstance(data[others[0]], list) and data[others[0]] else others[0],
            )
        _check_table(data["signaling"], _SIGNALING, "signaling",
                     required=("sender", "receiver", "types", "prior", "messages", "responses", "payoffs"))
    elif kinds:
        others = [name for name in ("players", "payoffs", "symmetric", *kinds[1:]) if name in data]
        if others:
            raise ModelError(
                f"a [{kinds[0]}] model declares its players and payoffs there; remove {others}",
                key=key_path(others[0], 0) if isinstance(data[others[0]], list) and data[others[0]] else others[0],
            )
        if kinds[0] == "continuous":
            _check_table(data["continuous"], _CONTINUOUS, "continuous", required=("players",))
            for k, player in enumerate(_list_of_tables(data["continuous"]["players"], "continuous.players")):
                _check_table(player, _CONTINUOUS_PLAYER, key_path("continuous.players", k),
                             required=("name", "action", "low", "high", "payoff"))
        else:
            _check_table(data["coalitional"], _COALITIONAL, "coalitional", required=("players", "resources"))
        for name, outcome in data.get("outcomes", {}).items():
            if isinstance(outcome, dict):
                _check_table(outcome, _TESTABLE_OUTCOME, key_path("outcomes", name), required=("description", "condition"))
    elif "symmetric" not in data:
        for name in ("players", "payoffs"):
            if name not in data:
                raise ModelError(
                    f"missing required key {name!r} (or give [symmetric] for a symmetric game by counts, "
                    "[continuous] for continuous actions, [coalitional] for a coalitional game, [signaling] "
                    "for a signalling game or [tree] for a sequential game)", key=name
                )
    for k, source in enumerate(_list_of_tables(data["sources"], "sources")):
        _check_table(source, _SOURCE, key_path("sources", k), required=("citation",))
    players = None
    if "players" in data:
        players = _list_of_tables(data["players"], "players")
        for k, player in enumerate(players):
            _check_table(player, _PLAYER, key_path("players", k), required=("name", "actions"))
            if ("types" in player) != ("prior" in player):
                missing = "prior" if "types" in player else "types"
                raise ModelError(f"types need a prior (and a prior needs types): missing {missing!r}", key=key_path("players", k, missing))
    parameters = []
    for name, spec in data.get("parameters", {}).items():
        where = key_path("parameters", name)
        if not isinstance(spec, dict):
            raise ModelError(f"expected a table with default, range and meaning, got {_got(spec)}", key=where)
        _check_table(spec, _PARAMETER, where, required=("default", "meaning"))
        fields = {"name": name, **{k: v for k, v in spec.items() if k != "range"}}
        if "range" in spec:
            bounds = spec["range"]
            if len(bounds) != 2 or not all(isinstance(b, (int, float, str)) and not isinstance(b, bool) for b in bounds):
                raise ModelError(f"expected [low, high] (numbers, -inf/inf for unbounded), got {bounds!r}", key=key_path(where, "range"))
            low, high = bounds
            if isinstance(low, float) and math.isnan(low) or isinstance(high, float) and math.isnan(high):
                raise ModelError("range bounds may not be nan", key=key_path(where, "range"))
            fields["low"] = None if low == -math.inf else low
            fields["high"] = None if high == math.inf else high
            if low == math.inf or high == -math.inf:
                raise ModelError(f"range [{low}, {high}] is empty", key=key_path(where, "range"))
        parameters.append(fields)
    if "symmetric" in data:
        _check_table(data["symmetric"], _SYMMETRIC, "symmetric", required=("n_players", "actions", "counts", "payoffs"))
    for theory, spec in data.get("predictions", {}).items():
        where = key_path("predictions", theory)
        if not isinstance(spec, dict):
            raise ModelError(f"expected a table with 'rules', got {_got(spec)}", key=where)
        _check_table(spec, _THEORY, where, required=("rules",))
        for k, rule in enumerate(_list_of_tables(spec["rules"], key_path(where, "rules"))):
            if "direction" in rule:
                _check_table(rule, _DIRECTION_RULE, key_path(where, "rules", k), required=("outcome", "with"))
            else:
                _check_table(rule, _RULE, key_path(where, "rules", k), required=("outcome",))
    return Model(
        data["key"],
        data["title"],
        parameters=parameters,
        players=players,
        payoffs=data.get("payoffs"),
        symmetric=data.get("symmetric"),
        summary=data["summary"],
        notes=data.get("notes", ""),
        sources=data["sources"],
        outcomes=data.get("outcomes"),
        predictions=data.get("predictions", {}),
        sweep=data.get("sweep"),
        alliance=data.get("alliance"),
        continuous=data.get("continuous"),
        coalitional=data.get("coalitional"),
        signaling=data.get("signaling"),
        tree=data.get("tree"),
    )


def read_model_file(path) -> Model:
    """Read and validate one model file.

    Raises
    ------
    ModelError
        On invalid TOML (with the line and column), on schema errors (with
        the key path and, where found, the line) and on unsafe expressions.
    FileNotFoundError
        If the file does not exist.
    """
    from ..io.toml_files import MAX_TOML_DEPTH, too_deep
    from ..limits import InputLimitError, read_limited

    path = Path(path)
    try:
        raw = read_limited(path, limit=MAX_FILE_BYTES, what="model file")
    except InputLimitError:
        raise ModelError(f"the file is larger than {MAX_FILE_BYTES} bytes, the limit of "
                         "gametheory.model.loader.MAX_FILE_BYTES", file=str(path)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ModelError(f"the file is not UTF-8 text ({error.reason} at byte {error.start})", file=str(path)) from None
    deep = too_deep(text)
    if deep is not None:
        line = text.count("\n", 0, deep) + 1
        raise ModelError(f"arrays and inline tables are nested more than {MAX_TOML_DEPTH} deep "
                         "(gametheory.io.toml_files.MAX_TOML_DEPTH)", file=str(path), line=line)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        column = getattr(error, "colno", None)
        message = str(error)
        match = re.search(r"\(at line (\d+), column (\d+)\)", message)
        if match and line is None:
            line, column = int(match.group(1)), int(match.group(2))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", message) if match else message
        where = f" (column {column})" if column else ""
        raise ModelError(f"invalid TOML: {reason}{where}", file=str(path), line=line) from None
    try:
        return _model_from_dict(data)
    except ModelError as error:
        raise error.located(file=str(path), line=_line_of(text, error.key)) from None


_KEY_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|([A-Za-z0-9_\-]+)|\[(\d+)\]')


def _split_key(key: str) -> list:
    parts = []
    for quoted, literal, bare, index in _KEY_TOKEN.findall(key):
        if index:
            parts.append(int(index))
        else:
            parts.append(quoted or literal or bare)
    return parts


def _line_of(text: str, key: str) -> int | None:
    """Best-effort line of ``key`` in the TOML text (None when not found unambiguously)."""
    if not key:
        return None
    wanted = _split_key(key)
    header: list = []
    counters: dict = {}
    best, best_length = None, 0
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        array = re.match(r"^\[\[\s*(.+?)\s*\]\]", stripped)
        table = None if array else re.match(r"^\[\s*(.+?)\s*\]", stripped)
        if array or table:
            parts = _split_key((array or table).group(1))
            if array:
                name = tuple(parts)
                counters[name] = counters.get(name, -1) + 1
                parts = parts + [counters[name]]
            header = parts
            path = header
        else:
            match = re.match(r'^((?:"(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_\-]+)(?:\s*\.\s*(?:"(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_\-]+))*)\s*=', stripped)
            if not match:
                continue
            path = header + _split_key(match.group(1))
        length = 0
        for a, b in zip(path, wanted):
            if a != b:
                break
            length += 1
        if length == len(path) and length > best_length:
            best, best_length = number, length
    return best
