"""Repeated games: discounting, automaton strategies, equilibrium checks, the folk theorem, tournaments.

A :class:`RepeatedGame` is a two-player stage game plus a discount factor
(numeric, exact or symbolic) and a horizon. Strategies are finite
:class:`Automaton` objects; :mod:`~gametheory.repeated.strategies` holds the
classics. :mod:`~gametheory.repeated.analysis` computes discounted payoffs and
checks subgame perfection (one-shot deviations) and Nash equilibrium exactly,
and finds the discount factors where they hold;
:mod:`~gametheory.repeated.folk` draws the feasible and individually rational
payoffs; :mod:`~gametheory.repeated.simulation` plays noisy matches and
Axelrod-style tournaments.

>>> from gametheory.repeated import RepeatedGame, strategies, analysis
>>> from gametheory import NormalFormGame
>>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
>>> game = RepeatedGame(pd)
>>> analysis.spe_discount_set(game, (strategies.grim_trigger(), strategies.grim_trigger()))
Interval.Ropen(1/2, 1)
"""

from __future__ import annotations

import importlib

from .automata import Automaton
from .game import RepeatedGame

_LAZY = {
    "strategies": "gametheory.repeated.strategies",
    "analysis": "gametheory.repeated.analysis",
    "folk": "gametheory.repeated.folk",
    "simulation": "gametheory.repeated.simulation",
    "discounted_payoffs": "gametheory.repeated.analysis",
    "check_spe": "gametheory.repeated.analysis",
    "check_nash": "gametheory.repeated.analysis",
    "spe_discount_set": "gametheory.repeated.analysis",
    "nash_discount_set": "gametheory.repeated.analysis",
    "critical_discount": "gametheory.repeated.analysis",
    "collectively_stable": "gametheory.repeated.analysis",
    "parameter_set": "gametheory.repeated.analysis",
    "feasible_set": "gametheory.repeated.folk",
    "minmax": "gametheory.repeated.folk",
    "folk_region": "gametheory.repeated.folk",
    "plot_folk_region": "gametheory.repeated.folk",
    "play_match": "gametheory.repeated.simulation",
    "tournament": "gametheory.repeated.simulation",
}

__all__ = ["Automaton", "RepeatedGame"] + sorted(_LAZY)


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gametheory.repeated' has no attribute {name!r}")
    loaded = importlib.import_module(module)
    value = loaded if module.endswith(name) else getattr(loaded, name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
