"""What the class page shows, as JSON-ready dictionaries built from the engine.

Every function here takes checked input and returns plain data (strings,
numbers, lists, dicts) for the page's JSON endpoints; nothing here knows about
HTTP. Input from the page is checked at the door by :func:`get_model`,
:func:`parse_values` and :func:`parse_strategies`, which raise
:class:`PageError` with the HTTP status and a message naming the problem.

Views by model kind
-------------------
``normal`` models (profiles, symmetric counts, Bayesian and signalling
models through their strategic form) get the payoff matrix, the equilibria,
the derivation and the regime map; a normal model that declares a
``discount`` parameter and has two players is also analysed as a repeated
game. ``continuous`` and ``coalitional`` models get what the engine finds at
the point and the regime map. Tree models get the tree view: the tree with the
equilibrium path, the equilibria under the model's solution concept
(:mod:`gametheory.serve.tree_view`), and the regime map.
"""

from __future__ import annotations

import base64
import io
import itertools
import math
import re
import threading
import time
from collections import OrderedDict
from fractions import Fraction

from . import engine

__all__ = [
    "PageError",
    "MAX_VALUE_CHARS",
    "MAX_MATRIX_CELLS",
    "library",
    "get_model",
    "parse_values",
    "parse_strategies",
    "model_info",
    "analysis",
    "regime_map",
    "repeated",
    "closed_form",
]

#: Longest text accepted for one parameter value (``"9/2"``, ``"0.35"``).
MAX_VALUE_CHARS = 64
#: Largest strategic form drawn as a matrix (profiles); larger games list their equilibria only.
MAX_MATRIX_CELLS = 4096
#: Regime maps kept in memory (each a PNG of about 50 kB).
MAP_CACHE_SIZE = 48
#: Points per axis of a regime map along a parameter without a declared sweep axis.
MAP_AXIS_POINTS = 41

_KEY = re.compile(r"[A-Za-z0-9_]{1,100}")
_KINDS_WITH_SWEEPS = ("normal", "continuous", "coalitional", "tree")


class PageError(ValueError):
    """A request the page cannot answer: ``status`` is the HTTP status, the message says why."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


class _Cache:
    """A small thread-safe least-recently-used cache."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def put(self, key, value):
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


_ANALYSES = _Cache(256)
_MAPS = _Cache(MAP_CACHE_SIZE)
_THRESHOLDS = _Cache(256)
_CLOSED_FORMS = _Cache(64)
_LIBRARY: list = []


def _one_line(text) -> str:
    return " ".join(str(text).split())


# ------------------------------------------------------------------ input
def get_model(key):
    """The built-in model ``key``; only keys of the library are accepted (never a path).

    Raises
    ------
    PageError
        404 for a key that is not in the library.
    """
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        shown = key if isinstance(key, str) and len(key) <= 60 else f"{str(key)[:57]}..."
        raise PageError(f"no model {shown!r}: a model key is letters, digits and '_'", 404)
    keys = engine.list_models()
    if key not in keys:
        import difflib

        close = difflib.get_close_matches(key, keys, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise PageError(f"no model {key!r} in the library{hint}", 404)
    return engine.load_model(key)


def parse_values(model, pairs) -> dict:
    """Parameter values from ``(name, value)`` pairs, checked against the model's declared ranges.

    Values are read exactly (``"0.1"`` is 1/10; ``"2/3"`` is accepted), so the
    game is exact and its equilibria carry regrets of exactly 0.

    Raises
    ------
    PageError
        400 naming the parameter for an unknown name, a repeated name, a
        value that is not a number, too long, or outside the range.
    """
    known = {p.name: p for p in model.parameters}
    values: dict = {}
    for name, text in pairs:
        if name not in known:
            shown = name if len(name) <= 60 else name[:57] + "..."
            raise PageError(f"{model.key} has no parameter {shown!r}; its parameters are {', '.join(known) or 'none'}")
        if name in values:
            raise PageError(f"parameter {name!r} is given twice")
        if name in getattr(model, "derived", {}):  # follows the structural variables: not an input
            try:
                model.refuse_derived([name])
            except ValueError as error:
                raise PageError(_one_line(error)) from None
        if isinstance(text, bool) or not isinstance(text, (str, int, float)):
            raise PageError(f"parameter {name!r} must be a number or a number written as text, got {type(text).__name__}")
        if isinstance(text, str) and len(text) > MAX_VALUE_CHARS:
            raise PageError(f"parameter {name!r}: value has {len(text)} characters, at most {MAX_VALUE_CHARS} are accepted")
        if isinstance(text, str) and not text.strip():
            raise PageError(f"parameter {name!r} has an empty value")
        try:
            number = engine.to_fraction(text, what=f"parameter {name!r}")
            checked = known[name].check(number)
        except (TypeError, ValueError) as error:
            raise PageError(_one_line(error)) from None
        if isinstance(checked, Fraction) and checked.denominator == 1:
            checked = int(checked)
        values[name] = checked
    return values


def parse_strategies(model, text) -> tuple:
    """Two library strategy names from ``"grim,tft"`` (one name: both players), checked against the page's list."""
    if text is None or text == "":
        names = ["grim", "grim"]
    elif isinstance(text, (list, tuple)):
        names = list(text)
    elif isinstance(text, str):
        names = [t.strip() for t in text.split(",")]
    else:
        raise PageError(f"strategies must be text such as 'grim,tft', got {type(text).__name__}")
    if len(names) == 1:
        names = names * 2
    if len(names) != 2 or not all(isinstance(n, str) for n in names):
        raise PageError("strategies expects one or two strategy names separated by a comma, e.g. 'grim,tft'")
    for name in names:
        if name not in engine.STRATEGY_NAMES:
            shown = name if len(name) <= 30 else name[:27] + "..."
            raise PageError(f"unknown strategy {shown!r}; the page offers {', '.join(engine.STRATEGY_NAMES)}")
    return tuple(names)


def _values_key(values: dict) -> tuple:
    return tuple(sorted((name, Fraction(value)) for name, value in values.items()))


# ------------------------------------------------------------------ numbers
def _text(value) -> str:
    return engine.format_value(value)


def _float(value) -> float:
    return float(value)


def _step(low: float, high: float, integer: bool) -> tuple[float, int]:
    """A slider step giving 50 to 500 positions over the range, and its decimals."""
    span = high - low
    if span <= 0:
        return 1.0, 0
    exponent = math.floor(math.log10(span / 50))
    if integer:
        return float(max(1, 10 ** max(exponent, 0))), 0
    return 10.0 ** exponent, max(0, -exponent)


def _slider_range(parameter) -> tuple[float, float]:
    default = float(parameter.default)
    low = None if parameter.low is None else float(parameter.low)
    high = None if parameter.high is None else float(parameter.high)
    if low is None and high is None:
        return default - 10, default + 10
    if low is None:
        return min(default, high) - max(10.0, 2 * abs(high - default)), high
    if high is None:
        return low, max(default, low) + max(10.0, 2 * abs(default - low))
    return low, high


# ------------------------------------------------------------------ library
def _kind_label(model) -> str:
    kind = getattr(model, "kind", "normal")
    if kind != "normal":
        return kind
    if model.is_symmetric_counts:
        n = model.player_count_parameter
        return f"symmetric, n players (n = {n})" if n else f"symmetric, {model.n_players_fixed} players"
    shape = " x ".join(str(len(a)) for a in model.actions)
    if _is_repeated(model):
        return f"{shape}, repeated"
    if model.is_signaling:
        return f"{shape}, signalling"
    if model.is_bayesian:
        return f"{shape}, with types"
    return shape


def _is_repeated(model) -> bool:
    return (getattr(model, "kind", "normal") == "normal" and not model.is_symmetric_counts
            and len(model.players) == 2 and any(p.name == "discount" for p in model.parameters))


def has_dynamics(model) -> bool:
    """Whether the page shows the dynamics view: two-player normal-form models with 2x2 or 3x3 actions.

    A 3x3 game must also be symmetric at the requested values (checked when the view is drawn).
    """
    if getattr(model, "kind", "normal") != "normal" or model.is_symmetric_counts or len(model.players) != 2:
        return False
    return tuple(len(actions) for actions in model.actions) in ((2, 2), (3, 3))


def _views(model) -> list[str]:
    kind = getattr(model, "kind", "normal")
    if kind == "normal":
        views = ["matrix", "equilibria", "derivation"]
        if _is_repeated(model):
            views.append("repeated")
    elif kind in ("continuous", "coalitional"):
        views = ["outcomes"]
    else:
        views = ["tree"]
    if kind in _KINDS_WITH_SWEEPS and len(_map_parameters(model)) >= 2 and model.predictions:
        views.append("regime_map")
    if has_dynamics(model):
        views.append("dynamics")
    views.append("predictions")
    return views


def _first_sentence(text: str) -> str:
    text = _one_line(text)
    match = re.search(r"(?<=[a-z0-9)])\.\s", text)
    return text[: match.start() + 1] if match and match.start() < 300 else (text[:297] + "..." if len(text) > 300 else text)


def library() -> list[dict]:
    """One entry per built-in model: key, title, kind, a one-sentence summary, its players and parameters."""
    if not _LIBRARY:
        entries = []
        for key in engine.list_models():
            model = engine.load_model(key)
            entries.append({
                "key": key,
                "title": model.title,
                "kind": getattr(model, "kind", "normal"),
                "shape": _kind_label(model),
                "summary": _first_sentence(model.summary),
                "players": list(model.players),
                "parameters": [p.name for p in model.parameters],
                "repeated": _is_repeated(model),
            })
        _LIBRARY[:] = entries
    return list(_LIBRARY)


def _inputs(model):
    """The parameters the page offers (derived ones follow the structural variables and are shown, not set)."""
    return getattr(model, "input_parameters", model.parameters)


def _map_parameters(model) -> list[str]:
    return [p.name for p in _inputs(model) if p.name != "discount" or not _is_repeated(model)]


def model_info(model) -> dict:
    """Everything static about a model the page needs: parameters with slider ranges, players, views, sources."""
    parameters = []
    for p in _inputs(model):
        low, high = _slider_range(p)
        step, decimals = _step(low, high, p.integer)
        parameters.append({
            "name": p.name,
            "symbol": p.symbol or p.name,
            "meaning": p.meaning,
            "default": _text(p.default),
            "low": None if p.low is None else _text(p.low),
            "high": None if p.high is None else _text(p.high),
            "slider_low": low,
            "slider_high": high,
            "step": step,
            "decimals": decimals,
            "integer": bool(p.integer),
        })
    kind = getattr(model, "kind", "normal")
    axes = [name for name in model.sweep_axes if name in _map_parameters(model)]
    map_parameters = _map_parameters(model)
    for name in map_parameters:
        if len(axes) >= 2:
            break
        if name not in axes:
            axes.append(name)
    info = {
        "key": model.key,
        "title": model.title,
        "summary": _one_line(model.summary),
        "kind": kind,
        "shape": _kind_label(model),
        "views": _views(model),
        "players": list(model.players),
        "actions": [list(a) for a in model.actions] if kind == "normal" else [],
        "action_meanings": [dict(m) for m in model.action_meanings] if kind == "normal" else [],
        "parameters": parameters,
        "derived": [{"name": name, "symbol": _parameter(model, name).symbol or name, "formula": formula,
                     "meaning": _parameter(model, name).meaning} for name, formula in getattr(model, "derived", {}).items()],
        "map_parameters": map_parameters,
        "map_axes": axes[:2],
        "theories": list(model.predictions),
        "sources": [s.citation for s in model.sources],
    }
    if _is_repeated(model):
        info["repeated"] = {
            "discount_parameter": "discount",
            "strategies": [{"key": name, "name": engine.strategy(name).name} for name in engine.STRATEGY_NAMES],
            "default_strategies": ["grim", "grim"],
        }
    return info


# ------------------------------------------------------------------ analysis
def _parameter(model, name: str):
    return next(p for p in model.parameters if p.name == name)


def _all_values(model, values: dict) -> dict:
    """Every input parameter's value (given or default); derived parameters follow them and are not inputs."""
    return {p.name: values.get(p.name, p.check(p.default)) for p in _inputs(model)}


def _shown_values(model, values: dict) -> dict:
    """Every parameter's value at the point, derived ones computed from their formulas (exact where possible)."""
    if not getattr(model, "derived", None):
        return _all_values(model, values)
    return model.values(**values)


def _matrix(game, equilibria) -> dict:
    """Payoff tables with best responses and pure equilibria marked: one table per profile of players 3, 4, ..."""
    cells = math.prod(game.shape)
    if cells > MAX_MATRIX_CELLS:
        return {"too_large": True, "cells": cells,
                "message": f"the strategic form has {cells} profiles, more than the {MAX_MATRIX_CELLS} drawn here"}
    masks = [game.pure_best_response_mask(i) for i in range(game.n_players)]
    pure = {}
    for number, equilibrium in enumerate(equilibria, 1):
        if equilibrium.is_pure:
            profile = tuple(game.action_index(i, a) for i, a in enumerate(equilibrium.pure_profile))
            pure.setdefault(profile, []).append(number)

    def cell(profile):
        return {
            "payoffs": [_text(game.payoffs[i][profile]) for i in range(game.n_players)],
            "best": [bool(masks[i][profile]) for i in range(game.n_players)],
            "equilibria": pure.get(profile, []),
        }

    blocks = []
    if game.n_players == 1:
        blocks.append({"others": [], "rows": [[cell((a,))] for a in range(game.shape[0])]})
    else:
        for tail in itertools.product(*(range(m) for m in game.shape[2:])):
            rows = [[cell((a, b) + tail) for b in range(game.shape[1])] for a in range(game.shape[0])]
            others = [{"player": game.players[k], "action": game.actions[k][t]} for k, t in zip(range(2, game.n_players), tail)]
            blocks.append({"others": others, "rows": rows})
    return {"too_large": False, "cells": cells, "blocks": blocks}


def _equilibria(game, result) -> list[dict]:
    rows = []
    for number, equilibrium in enumerate(result.equilibria, 1):
        strategies = []
        for i, s in enumerate(equilibrium.strategies):
            strategies.append([
                {"action": game.actions[i][a], "probability": _text(p), "value": _float(p)}
                for a, p in enumerate(s)
            ])
        rows.append({
            "number": number,
            "pure": bool(equilibrium.is_pure),
            "profile": list(equilibrium.pure_profile) if equilibrium.is_pure else None,
            "description": equilibrium.describe(),
            "strategies": strategies,
            "payoffs": [_text(v) for v in equilibrium.payoffs],
            "regrets": [_text(v) for v in equilibrium.regrets],
            "max_regret": _text(equilibrium.max_regret),
        })
    return rows


def _derivation(text: str) -> list[dict]:
    """The ``explain`` text cut into its numbered steps (the parameter values first)."""
    sections: list[dict] = []
    current = None
    lines = text.splitlines()
    # The title and its underline head the text; the page shows the title already.
    if len(lines) >= 2 and lines[1] and set(lines[1]) == {"="}:
        lines = lines[2:]
    for line in lines:
        match = re.match(r"(\d+)\.\s+(.*)", line)
        if match:
            current = {"title": match.group(2), "step": int(match.group(1)), "lines": []}
            sections.append(current)
        elif line.startswith("Parameter values:") and current is None:
            current = {"title": "Parameter values", "step": 0, "lines": []}
            sections.append(current)
        elif current is not None:
            current["lines"].append(line)
    for section in sections:
        while section["lines"] and not section["lines"][-1].strip():
            section["lines"].pop()
        section["body"] = "\n".join(section.pop("lines"))
    return sections


def _predictions(model, values: dict) -> list[dict]:
    rows = []
    for name in model.predictions:
        try:
            rule = model.predicted_rule(name, **values)
        except (ValueError, TypeError) as error:
            rows.append({"theory": name, "outcome": None, "note": _one_line(error)})
            continue
        if rule is None:
            rows.append({"theory": name, "outcome": None, "note": "no rule of this theory applies here"})
            continue
        rows.append({
            "theory": name,
            "outcome": rule.outcome,
            # a tree model's outcome groups terminal outcomes by name; other kinds list action profiles
            "profiles": [[p] if isinstance(p, str) else list(p) for p in rule.profiles],
            "expect": rule.expect,
            "when": rule.when or "always",
            "note": rule.note,
        })
    return rows


def _outcomes(model, values: dict) -> dict:
    """Continuous and coalitional models: the engine's rows at the point, as a table of text."""
    rows = engine.kind_points(model, _all_values(model, values))
    if model.kind == "continuous":
        columns = list(model.action_variables) + [f"payoff:{p}" for p in model.players] + ["max_regret", "certified", "outcome"]
    else:
        columns = ["structure", "outcome"] + [f"share:{p}" for p in model.players] + ["blocking"]
    columns = [c for c in columns if c in rows.columns]
    table = []
    for record in rows.to_dict("records"):
        # A player absent at the point has no payoff: the cell says so instead of showing a number.
        absent = {f"payoff:{p}" for p in model.players if not bool(record.get(f"present:{p}", True))}
        table.append(["absent" if c in absent else _cell_text(record[c]) for c in columns])
    return {"columns": columns, "rows": table}


def _cell_text(value) -> str:
    if isinstance(value, (bool,)) or type(value).__name__ == "bool_":
        return "yes" if value else "no"
    if isinstance(value, float):
        return engine.format_value(value, digits=5)
    return str(value)


def analysis(model, values: dict) -> dict:
    """The page's main view at ``values``: matrix, equilibria, derivation, class, predictions (or outcomes).

    Results are cached per model and values, so moving a slider back to a
    point seen before answers at once.
    """
    key = (model.key, _values_key(values))
    cached = _ANALYSES.get(key)
    if cached is not None:
        return {**cached, "cached": True}
    started = time.perf_counter()
    kind = getattr(model, "kind", "normal")
    payload: dict = {"model": model.key}
    try:
        payload["values"] = {name: _text(v) for name, v in _shown_values(model, values).items()}
        if kind == "normal":
            game = model.game(**values)
            result = engine.solve(game)
            payload["game"] = {"players": list(game.players), "actions": [list(a) for a in game.actions],
                               "shape": list(game.shape), "exact": bool(game.is_exact)}
            payload["matrix"] = _matrix(game, result.equilibria)
            payload["equilibria"] = _equilibria(game, result)
            payload["result"] = {"method": result.method, "exact": bool(result.exact), "complete": bool(result.complete),
                                 "degenerate": bool(result.degenerate), "continuum": bool(result.continuum),
                                 "notes": list(result.notes)}
            if game.n_players == 2 and game.shape == (2, 2):
                found = engine.classify(game)
                payload["classification"] = {"name": found.name or found.hybrid, "strict": bool(found.strict),
                                             "text": str(found)}
            payload["derivation"] = _derivation(engine.explain(model, values))
        elif kind in ("continuous", "coalitional"):
            payload["outcomes"] = _outcomes(model, values)
        payload["predictions"] = _predictions(model, values)
    except (ValueError, TypeError) as error:
        raise PageError(f"{model.key}: {_one_line(error)}") from None
    payload["server_ms"] = round(1000 * (time.perf_counter() - started), 1)
    _ANALYSES.put(key, payload)
    return {**payload, "cached": False}


# ------------------------------------------------------------------ regime map
def _axis_values(model, name: str) -> list[float]:
    declared = model.sweep_axes.get(name)
    if declared:
        return [float(v) for v in declared]
    parameter = next(p for p in model.parameters if p.name == name)
    low, high = _slider_range(parameter)
    if parameter.integer:
        values = list(range(math.ceil(low), math.floor(high) + 1))
        if len(values) > MAP_AXIS_POINTS:
            step = math.ceil(len(values) / MAP_AXIS_POINTS)
            values = values[::step]
        return [float(v) for v in values]
    return [low + (high - low) * k / (MAP_AXIS_POINTS - 1) for k in range(MAP_AXIS_POINTS)]


def regime_map(model, values: dict, x: str | None, y: str | None, theory: str | None) -> dict:
    """The regime map over parameters ``x`` and ``y``, the others at ``values``, as a PNG with its axes.

    The map is drawn once per model, axes, theory and values of the other
    parameters (and cached); the page marks the current point on it from the
    returned axes box (figure fractions, origin bottom left) and axis limits,
    so moving a parameter on an axis only moves the mark.
    """
    if "regime_map" not in _views(model):
        raise PageError(f"{model.key} has no regime map (it needs two parameters and declared theory predictions)")
    choices = _map_parameters(model)
    info_axes = model_info(model)["map_axes"]
    x = x or info_axes[0]
    y = y or next(name for name in info_axes + choices if name != x)
    for axis, name in (("x", x), ("y", y)):
        if name not in choices:
            shown = name if len(name) <= 60 else name[:57] + "..."
            raise PageError(f"map axis {axis}={shown!r} is not a parameter of {model.key}; choose from {', '.join(choices)}")
    if x == y:
        raise PageError(f"the map needs two different parameters, got {x!r} twice")
    theory = theory or ("defensive_realism" if "defensive_realism" in model.predictions else next(iter(model.predictions)))
    if theory not in model.predictions:
        shown = theory if len(theory) <= 60 else theory[:57] + "..."
        raise PageError(f"{model.key} declares no predictions of {shown!r}; it declares {', '.join(model.predictions)}")
    fixed = {name: value for name, value in _all_values(model, values).items() if name not in (x, y)}
    key = (model.key, x, y, theory, _values_key(fixed))
    cached = _MAPS.get(key)
    if cached is not None:
        return {**cached, "cached": True}
    started = time.perf_counter()
    try:
        frame = engine.sweep(model, {x: _axis_values(model, x), y: _axis_values(model, y)}, fixed)
        comparison = engine.compare(model, frame, theory)
        figure = engine.regime_map(comparison, x, y, model, None)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=100)
    except (ValueError, TypeError) as error:
        raise PageError(f"{model.key}: regime map: {_one_line(error)}") from None
    axes = figure.axes[0]
    box = axes.get_position()
    width, height = (float(v) for v in figure.get_size_inches() * 100)
    agreement = comparison.agreement
    payload = {
        "model": model.key,
        "x": x,
        "y": y,
        "theory": theory,
        "fixed": {name: _text(v) for name, v in fixed.items()},
        "image": "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"),
        "width": round(width),
        "height": round(height),
        "axes_box": [float(box.x0), float(box.y0), float(box.x1), float(box.y1)],
        "xlim": [float(v) for v in axes.get_xlim()],
        "ylim": [float(v) for v in axes.get_ylim()],
        "regimes": sorted(str(r) for r in comparison.points["regime"].unique()),
        "agreement": None if agreement != agreement else float(agreement),
        "server_ms": round(1000 * (time.perf_counter() - started), 1),
    }
    _MAPS.put(key, payload)
    return {**payload, "cached": False}


# ------------------------------------------------------------------ repeated games
def _interval_text(low, high, left_open, right_open) -> str:
    if low == high:
        return f"{{{low}}}"
    return f"{'(' if left_open else '['}{low}, {high}{')' if right_open else ']'}"


def _discount_set(found) -> dict:
    """A sympy set of discount factors as intervals the page can draw, and as text."""
    import sympy

    if found is None:
        return {"intervals": [], "text": "not available"}
    if found is sympy.S.EmptySet:
        return {"intervals": [], "text": "no discount factor"}
    pieces = found.args if isinstance(found, sympy.Union) else (found,)
    intervals = []
    for piece in pieces:
        if isinstance(piece, sympy.Interval):
            low, high = piece.start, piece.end
            intervals.append({"low": str(low), "high": str(high), "low_value": float(low), "high_value": float(high),
                              "left_open": bool(piece.left_open), "right_open": bool(piece.right_open)})
        elif isinstance(piece, sympy.FiniteSet):
            for point in piece:
                intervals.append({"low": str(point), "high": str(point), "low_value": float(point),
                                  "high_value": float(point), "left_open": False, "right_open": False})
    text = " or ".join(_interval_text(i["low"], i["high"], i["left_open"], i["right_open"]) for i in intervals)
    return {"intervals": intervals, "text": text}


def _thresholds(model, stage_values: dict, names: tuple) -> dict:
    """Exact SPE and Nash discount sets of the profile at numeric stage payoffs (cached)."""
    key = (model.key, names, _values_key(stage_values))
    cached = _THRESHOLDS.get(key)
    if cached is not None:
        return cached
    dc = engine.repeated_discount()
    strategies = tuple(engine.strategy(n) for n in names)
    game = engine.repeated_game(model.game(**stage_values))
    found = {}
    for notion in ("spe", "nash"):
        threshold = dc.critical_discount(game, strategies, notion=notion)
        found[notion] = {
            "critical": None if threshold.critical is None else str(threshold.critical),
            "critical_value": None if threshold.critical is None else float(threshold.critical),
            "set": _discount_set(threshold.discount_set),
        }
    return _THRESHOLDS.put(key, found)


def repeated(model, values: dict, names: tuple) -> dict:
    """A profile of two automata in the model's repeated stage game at the current discount factor.

    Returns the play, the discounted payoffs, whether the profile is a
    subgame perfect and a Nash equilibrium at this discount factor, and the
    exact sets of discount factors where it is, with the critical values.
    """
    if "repeated" not in _views(model):
        raise PageError(f"{model.key} is not a repeated model (it declares no 'discount' parameter for a two-player stage game)")
    started = time.perf_counter()
    used = _all_values(model, values)
    delta = used["discount"]
    stage_values = {name: v for name, v in used.items() if name != "discount"}
    an = engine.repeated_analysis()
    strategies = tuple(engine.strategy(n) for n in names)
    try:
        stage = model.game(**used)
        game = engine.repeated_game(stage, delta)
        payoffs = an.discounted_payoffs(game, strategies)
        prefix, cycle = an.outcome_path(game, strategies)
        spe = an.check_spe(game, strategies)
        nash = an.check_nash(game, strategies)
        thresholds = _thresholds(model, stage_values, names)
    except (ValueError, TypeError) as error:
        raise PageError(f"{model.key}: {_one_line(error)}") from None
    players = list(stage.players)
    witness = None
    if not spe.is_spe:
        deviation = spe.profitable[0]
        witness = {"player": players[deviation.player], "action": deviation.action, "gain": _text(deviation.gain),
                   "states": [str(s) for s in deviation.states]}
    return {
        "model": model.key,
        "strategies": list(names),
        "strategy_names": [s.name for s in strategies],
        "players": players,
        "discount": _text(delta),
        "discount_value": float(delta),
        "path": {"prefix": [list(p) for p in prefix], "cycle": [list(p) for p in cycle]},
        "payoffs": [_text(v) for v in payoffs],
        "spe": {"holds": bool(spe.is_spe), "max_gains": [_text(g) for g in spe.max_gains], "witness": witness},
        "nash": {"holds": bool(nash.is_nash), "regrets": [_text(r) for r in nash.regrets]},
        "thresholds": thresholds,
        "server_ms": round(1000 * (time.perf_counter() - started), 1),
    }


def closed_form(model, names: tuple) -> dict:
    """The critical discount factors in closed form, in the stage parameters' names (signs decided at the defaults)."""
    if "repeated" not in _views(model):
        raise PageError(f"{model.key} is not a repeated model (it declares no 'discount' parameter for a two-player stage game)")
    key = (model.key, names)
    cached = _CLOSED_FORMS.get(key)
    if cached is not None:
        return cached
    dc = engine.repeated_discount()
    strategies = tuple(engine.strategy(n) for n in names)
    game = engine.repeated_game(model.symbolic_game())
    found = {"model": model.key, "strategies": list(names)}
    for notion in ("spe", "nash"):
        try:
            threshold = dc.critical_discount(game, strategies, notion=notion)
        except (ValueError, TypeError) as error:
            found[notion] = {"closed_form": None, "note": _one_line(error)}
            continue
        found[notion] = {
            "closed_form": None if threshold.critical is None else str(threshold.critical),
            "lower_bounds": [str(b) for b in threshold.lower_bounds],
            "upper_bounds": [str(b) for b in threshold.upper_bounds],
            "assumptions": [str(a) for a in threshold.assumptions],
        }
    return _CLOSED_FORMS.put(key, found)
