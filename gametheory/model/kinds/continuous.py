"""Models with continuous actions: each player chooses one number from an interval.

Solved by best-response iteration (:func:`gametheory.games.continuous.best_response_iteration`);
outcome conditions name the players' action variables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sympy

from ..document import as_sympy_number, key_path, text_value
from ..expressions import ModelError, check_name
from .base import Kind

__all__ = ["ContinuousPlayer", "ContinuousKind"]


@dataclass(frozen=True)
class ContinuousPlayer:
    """A player of a ``[continuous]`` model: one number chosen from an interval.

    Attributes
    ----------
    name : str
    action : str
        Name of the action variable (``"q_1"``), used in the payoff formulas.
    low, high : sympy expression
        Bounds of the interval, in the parameters.
    payoff : sympy expression
        The player's payoff, in the parameters and every player's action variable.
    meaning : str
        What the action is (one line).
    """

    name: str
    action: str
    low: object
    high: object
    payoff: object
    meaning: str = ""




class ContinuousKind(Kind):
    """A ``[continuous]`` model: players, their action variables, bounds and payoffs."""

    name = "continuous"
    tables = ("continuous",)
    game_method = "continuous_game()"
    expectations = {
        "equilibrium": "the outcome's condition holds at the certified equilibrium best-response iteration finds",
        "not_equilibrium": "the outcome's condition fails at that equilibrium (or no equilibrium is found)",
    }

    def __init__(self, model, *, continuous):
        super().__init__(model)
        self._continuous = self._make_continuous(continuous)

    @property
    def spec(self) -> tuple[ContinuousPlayer, ...]:
        return self._continuous

    def _make_continuous(self, spec) -> tuple[ContinuousPlayer, ...]:
        """Players of a ``[continuous]`` model: names, action variables, bounds and payoffs parsed."""
        if isinstance(spec, Mapping):
            unknown = sorted(set(spec) - {"players"})
            if unknown:
                raise ModelError(f"unknown key(s) {unknown}; allowed keys: players", key="continuous")
            spec = spec.get("players")
        if isinstance(spec, (str, Mapping)) or not isinstance(spec, Sequence) or not spec:
            raise ModelError(f"expected a non-empty list of players, got {spec!r}", key="continuous.players")
        fields = ("name", "action", "low", "high", "payoff", "meaning")
        raw = []
        for k, player in enumerate(spec):
            where = key_path("continuous.players", k)
            if isinstance(player, ContinuousPlayer):
                player = {f: getattr(player, f) for f in fields}
            if not isinstance(player, Mapping):
                raise ModelError(f"expected a player table (name, action, low, high, payoff), got {player!r}", key=where)
            unknown = sorted(set(player) - set(fields))
            if unknown:
                raise ModelError(f"unknown key(s) {unknown}; allowed keys: {', '.join(fields)}", key=where)
            for required in fields[:5]:
                if required not in player:
                    raise ModelError(f"a continuous player needs '{required}'", key=key_path(where, required))
            name = text_value(player["name"], key_path(where, "name"), required=True)
            action = player["action"]
            try:
                check_name(action, what="action variable")
            except ValueError as error:
                raise ModelError(str(error), key=key_path(where, "action")) from None
            if action in self.model._symbols:
                raise ModelError(f"action variable {action!r} is already a parameter name", key=key_path(where, "action"))
            if any(name == r[1] for r in raw):
                raise ModelError(f"duplicate player name {name!r}", key=key_path(where, "name"))
            if any(action == r[2] for r in raw):
                raise ModelError(f"duplicate action variable {action!r}", key=key_path(where, "action"))
            raw.append((where, name, action, player))
        variables = [r[2] for r in raw]
        action_symbols = {v: sympy.Symbol(v, real=True) for v in variables}
        everything = {**self.model._symbols, **action_symbols}
        result = []
        for where, name, action, player in raw:
            low = self.model._expression(player["low"], key_path(where, "low"))
            high = self.model._expression(player["high"], key_path(where, "high"))
            payoff = self.model._expression(player["payoff"], key_path(where, "payoff"), everything)
            result.append(ContinuousPlayer(name, action, low, high, payoff,
                                           text_value(player.get("meaning"), key_path(where, "meaning"))))
        self._action_symbols = tuple(action_symbols[v] for v in variables)
        return tuple(result)


    @property
    def players(self) -> tuple[str, ...]:
        return tuple(p.name for p in self._continuous)

    @property
    def action_meanings(self) -> tuple:
        return tuple({p.action: p.meaning} if p.meaning else {} for p in self._continuous)

    @property
    def action_variables(self) -> tuple[str, ...]:
        return tuple(p.action for p in self._continuous)

    def payoff_expressions(self) -> dict:
        return {p.name: p.payoff for p in self._continuous}

    def outcome_symbols(self) -> dict:
        return {s.name: s for s in self._action_symbols}

    def continuous_game(self, **values):
        """The :class:`~gametheory.games.continuous.ContinuousGame` at the given values (see :meth:`Model.continuous_game`)."""
        from ...games.continuous import ContinuousGame

        checked = self.model.values(**values)
        substitution = {self.model._symbols[k]: as_sympy_number(v) for k, v in checked.items()}
        bounds = []
        for player in self._continuous:
            low = self.model._evaluate_at(player.low, checked, f"the low bound of player {player.name!r}")
            high = self.model._evaluate_at(player.high, checked, f"the high bound of player {player.name!r}")
            if low > high:
                raise ValueError(
                    f"player {player.name!r} has the interval [{low}, {high}] at {checked}: the low bound is above the high bound"
                )
            bounds.append((float(low), float(high)))
        payoffs = [player.payoff.xreplace(substitution) for player in self._continuous]
        return ContinuousGame(self.players, bounds, payoffs, actions=list(self.action_variables), title=self.model.title)
