"""Repeated games: discounting, automaton strategies, equilibrium checks, the folk theorem, tournaments.

A :class:`RepeatedGame` is a two-player stage game plus a discount factor
(numeric, exact or symbolic) and a horizon. Strategies are finite
:class:`Automaton` objects; :mod:`~gametheory.games.repeated.strategies` holds the
classics. :mod:`~gametheory.games.repeated.analysis` computes discounted payoffs and
checks subgame perfection (one-shot deviations) and Nash equilibrium exactly;
:mod:`~gametheory.games.repeated.discount` finds the discount factors where they hold;
:mod:`~gametheory.games.repeated.folk` draws the feasible and individually rational
payoffs; :mod:`~gametheory.games.repeated.simulation` plays noisy matches and
Axelrod-style tournaments.

>>> from gametheory.games.repeated import RepeatedGame, strategies, discount
>>> from gametheory import NormalFormGame
>>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
>>> game = RepeatedGame(pd)
>>> discount.spe_discount_set(game, (strategies.grim_trigger(), strategies.grim_trigger()))
Interval.Ropen(1/2, 1)
"""

from __future__ import annotations

import importlib

from .automata import Automaton
from .game import RepeatedGame

_LAZY = {
    "strategies": "gametheory.games.repeated.strategies",
    "analysis": "gametheory.games.repeated.analysis",
    "discount": "gametheory.games.repeated.discount",
    "folk": "gametheory.games.repeated.folk",
    "simulation": "gametheory.games.repeated.simulation",
    "discounted_payoffs": "gametheory.games.repeated.analysis",
    "check_spe": "gametheory.games.repeated.analysis",
    "check_nash": "gametheory.games.repeated.analysis",
    "spe_discount_set": "gametheory.games.repeated.discount",
    "nash_discount_set": "gametheory.games.repeated.discount",
    "critical_discount": "gametheory.games.repeated.discount",
    "collectively_stable": "gametheory.games.repeated.analysis",
    "parameter_set": "gametheory.games.repeated.discount",
    "feasible_set": "gametheory.games.repeated.folk",
    "minmax": "gametheory.games.repeated.folk",
    "folk_region": "gametheory.games.repeated.folk",
    "plot_folk_region": "gametheory.games.repeated.folk",
    "play_match": "gametheory.games.repeated.simulation",
    "tournament": "gametheory.games.repeated.simulation",
    "MAX_STATE_PAIRS": "gametheory.games.repeated._streams",
    "MAX_FINITE_NODES": "gametheory.games.repeated._streams",
    "MAX_SYMBOLIC_DEGREE": "gametheory.games.repeated._streams",
    "MAX_SYMBOLIC_ROUNDS": "gametheory.games.repeated._streams",
    "MAX_SET_CONDITIONS": "gametheory.games.repeated.discount",
    "MAX_CLOSED_FORM_DEGREE": "gametheory.games.repeated.discount",
}

__all__ = ["Automaton", "RepeatedGame"] + sorted(_LAZY)


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gametheory.games.repeated' has no attribute {name!r}")
    loaded = importlib.import_module(module)
    value = loaded if module.endswith(name) else getattr(loaded, name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
