"""The engine functions the class page calls, imported in this one place.

Every view of the page is produced by the same engine functions the command
line uses (model loading, the solvers, ``explain``, the 2x2 classifier, the
sweep and comparison behind the regime map, the repeated-game analysis). They
are imported here lazily, on first use, so that ``import gametheory.serve``
stays quick and so that a module that moves inside the package is followed
by editing one line of this file.
"""

from __future__ import annotations

__all__ = [
    "list_models",
    "load_model",
    "solve",
    "explain",
    "classify",
    "format_value",
    "json_value",
    "to_fraction",
    "sweep",
    "compare",
    "regime_map",
    "kind_points",
    "repeated_game",
    "repeated_analysis",
    "strategy",
    "STRATEGY_NAMES",
    "is_symmetric",
    "rest_points",
    "phase_portrait",
]

#: Repeated-game strategies offered on the page: the deterministic automata of
#: :mod:`gametheory.games.repeated.strategies` (the equilibrium checks are exact for them).
STRATEGY_NAMES = ("grim", "tft", "tf2t", "wsls", "grudger", "punish2", "allc", "alld")


def list_models() -> list[str]:
    """Keys of the built-in models."""
    from ..model import list_models as engine_list_models

    return engine_list_models()


def load_model(key: str):
    """The built-in model ``key`` (the caller has checked that ``key`` is in :func:`list_models`)."""
    from ..model import load_model as engine_load_model

    return engine_load_model(key)


def solve(game):
    """All certified equilibria of a normal-form game (:func:`gametheory.solvers.solve`)."""
    from ..solvers import solve as engine_solve

    return engine_solve(game)


def explain(model, values: dict) -> str:
    """The board derivation of a normal-form model at ``values`` (as ``gametheory explain`` prints it).

    A symmetric model's player-count parameter fixes the game's shape: it is
    given to ``symbolic_game`` and the other values to ``explain``.
    """
    from ..analysis.explain import explain as engine_explain

    count = getattr(model, "player_count_parameter", None)
    structural = {count: values[count]} if count is not None and count in values else {}
    rest = {name: value for name, value in values.items() if name != count}
    return engine_explain(model.symbolic_game(**structural), rest)


def classify(game):
    """The class of a 2x2 game in the topology of ordinal 2x2 games."""
    from ..analysis.classify import classify as engine_classify

    return engine_classify(game)


def format_value(value, digits: int = 4) -> str:
    """Short text for a number: fractions exactly, floats to ``digits`` significant digits."""
    from ..numerics import format_value as engine_format_value

    return engine_format_value(value, digits=digits)


def json_value(value):
    """JSON form of a number: exact values as strings, floats as floats."""
    from ..numerics import json_value as engine_json_value

    return engine_json_value(value)


def to_fraction(value, *, what: str):
    """An exact number from text, refusing non-numbers and numbers too large to build."""
    from ..numerics import to_fraction as engine_to_fraction

    return engine_to_fraction(value, what=what)


def sweep(model, grid: dict, fixed: dict):
    """Solve ``model`` over a grid, serially, in this process (:func:`gametheory.study.sweep.sweep`)."""
    from ..study.sweep import sweep as engine_sweep

    return engine_sweep(model, grid=grid, fixed=fixed)


def compare(model, frame, theory: str):
    """A theory's predictions against the equilibria of a sweep (:func:`gametheory.study.compare.compare`)."""
    from ..study.compare import compare as engine_compare

    return engine_compare(model, frame, theory)


def regime_map(comparison, x: str, y: str, model, title: str):
    """The regime-map figure of a comparison (:func:`gametheory.study.plots.regime_map`)."""
    from ..study.plots import regime_map as engine_regime_map

    return engine_regime_map(comparison, x, y, model=model, title=title)


def kind_points(model, values: dict):
    """What the engine finds at one point of a continuous or coalitional model (one row per equilibrium or structure)."""
    import numpy as np

    from ..study.sweep.kinds import solve_kind_points

    first = getattr(model, "input_parameters", model.parameters)[0].name
    fixed = {name: float(value) for name, value in values.items() if name != first}
    return solve_kind_points(model, {first: np.array([float(values[first])])}, fixed=fixed)


def repeated_game(stage, discount=None):
    """A repeated game of a two-player stage game (symbolic discount factor when ``discount`` is None)."""
    from ..games.repeated.game import RepeatedGame

    return RepeatedGame(stage, discount)


def repeated_analysis():
    """The module :mod:`gametheory.games.repeated.analysis` (payoffs, SPE and Nash checks)."""
    from ..games.repeated import analysis

    return analysis


def repeated_discount():
    """The module :mod:`gametheory.games.repeated.discount` (discount-factor sets, critical discount factors)."""
    from ..games.repeated import discount

    return discount


def strategy(name: str):
    """A library automaton by short name (``grim``, ``tft``, ...)."""
    from ..games.repeated.strategies import strategy as engine_strategy

    return engine_strategy(name)


def is_symmetric(game) -> bool:
    """Whether a two-player game is symmetric (:func:`gametheory.dynamics.is_symmetric`)."""
    from ..dynamics import is_symmetric as engine_is_symmetric

    return engine_is_symmetric(game)


def rest_points(game, populations: int):
    """Rest points of the replicator dynamics with stability and ESS certificates (:func:`gametheory.dynamics.rest_points`)."""
    from ..dynamics import rest_points as engine_rest_points

    return engine_rest_points(game, populations=populations)


def phase_portrait(game, populations: int, kind: str, noise: float):
    """The phase portrait as ``gametheory dynamics -o`` draws it: the simplex of one population, or the unit square."""
    from ..dynamics.plots import phase_plane, simplex_portrait

    if populations == 1:
        return simplex_portrait(game, dynamics=kind, noise=noise)
    return phase_plane(game, dynamics=kind, noise=noise)
