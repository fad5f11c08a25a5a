"""Models with continuous actions: each player chooses one number from an interval.

Solved by best-response iteration (:func:`gametheory.games.continuous.best_response_iteration`);
outcome conditions name the players' action variables.

A player may be present only where a condition on the parameters holds
(``present = "income_3 > 0"``): where it is false, the player is absent from
the game built at that point (:attr:`gametheory.games.continuous.ContinuousGame.absent`),
its action variable stays at its low bound in the other players' payoffs and
in the outcome conditions, and it has no payoff and no regret. The condition
is checked when the model is read, by the same safe compiler as the rules'
conditions (:func:`gametheory.model.deferred.check_formula`), and evaluated
without ``eval``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..deferred import check_formula
from ..document import as_sympy_number, key_path, text_value
from ..expressions import ExpressionError, ModelError, check_name
from ..lazy import sympy
from ..numeric import UndefinedValue, compile_numeric
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
    present : str, sympy boolean or None
        The condition on the parameters under which the player takes part in
        the game, as written; ``None`` (the default): always.
    """

    name: str
    action: str
    low: object
    high: object
    payoff: object
    meaning: str = ""
    present: object = None



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
        fields = ("name", "action", "low", "high", "payoff", "meaning", "present")
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
        presence = []
        for where, name, action, player in raw:
            low = self.model._expression(player["low"], key_path(where, "low"))
            high = self.model._expression(player["high"], key_path(where, "high"))
            payoff = self.model._expression(player["payoff"], key_path(where, "payoff"), everything)
            present = player.get("present")
            presence.append(self._presence_condition(present, key_path(where, "present"), variables))
            result.append(ContinuousPlayer(name, action, low, high, payoff,
                                           text_value(player.get("meaning"), key_path(where, "meaning")), present))
        self._action_symbols = tuple(action_symbols[v] for v in variables)
        self._presence = tuple(presence)
        return tuple(result)

    def _presence_condition(self, value, where: str, variables):
        """A player's ``present`` condition checked at load: ``None`` (always), compiled text, or a sympy boolean."""
        if value is None:
            return None
        names = [p.name for p in self.model.parameters]
        if getattr(type(value), "__module__", "").startswith("sympy"):
            if not isinstance(value, sympy.logic.boolalg.Boolean):
                raise ModelError(f"expected a condition on the parameters, got the expression {value}", key=where)
            read = sorted(s.name for s in value.free_symbols)
            actions = [name for name in read if name in variables]
            if actions:
                raise ModelError(f"reads action variable(s) {actions}; whether a player is present depends on the "
                                 "parameters alone", key=where)
            unknown = [name for name in read if name not in names]
            if unknown:
                raise ModelError(f"uses undeclared name(s) {unknown}", key=where)
            return value.xreplace({s: self.model._symbols[s.name] for s in value.free_symbols})
        if not isinstance(value, str) or not value.strip():
            raise ModelError(f"expected a condition on the parameters as text (such as \"income_3 > 0\"), got {value!r}",
                             key=where)
        try:
            with_actions = compile_numeric(value, names + list(variables), key=where)
        except ExpressionError:
            with_actions = None
        if with_actions is not None:
            actions = sorted(set(with_actions.names) & set(variables))
            if actions:
                raise ModelError(f"reads action variable(s) {actions}; whether a player is present depends on the "
                                 "parameters alone", key=where)
        check_formula(value, self.model.parameters, key=where, condition=True)
        return value.strip()

    def _conditions(self) -> tuple:
        """The players' presence conditions, text compiled on first use (``None``: always present).

        Kept in ``_numeric_cache``, which pickling and the model's fingerprint
        leave out: compiled conditions are closures, and a cache is no declaration.
        """
        cache = self.__dict__.setdefault("_numeric_cache", {})
        if "presence" not in cache:
            names = [p.name for p in self.model.parameters]
            cache["presence"] = tuple(compile_numeric(c, names) if isinstance(c, str) else c for c in self._presence)
        return cache["presence"]

    def presence(self, **values) -> tuple[bool, ...]:
        """Whether each player takes part in the game at the given values (defaults for the rest).

        Raises
        ------
        ValueError
            On unknown or out-of-range values, or where a condition is undefined (``1 / w > 0`` at ``w = 0``).
        """
        return self._present_at(self.model.values(**values))

    def _present_at(self, checked) -> tuple[bool, ...]:
        found = []
        for player, condition in zip(self._continuous, self._conditions()):
            what = f"the presence condition of player {player.name!r} ({player.present})"
            if condition is None:
                found.append(True)
            elif getattr(type(condition), "__module__", "").startswith("sympy"):
                substitution = {self.model._symbols[k]: as_sympy_number(v) for k, v in checked.items()}
                value = condition.xreplace(substitution)
                if value not in (sympy.true, sympy.false):
                    raise ValueError(f"{what} is undefined at {checked}: {value}")
                found.append(bool(value))
            else:
                try:
                    value = condition(checked)
                except (UndefinedValue, ArithmeticError):
                    raise ValueError(f"{what} is undefined at {checked}") from None
                found.append(bool(value))
        return tuple(found)


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
        present = self._present_at(checked)
        if not any(present):
            raise ValueError(f"no player is present at {checked}: every player's 'present' condition is false")
        substitution = {self.model._symbols[k]: as_sympy_number(v) for k, v in checked.items()}
        bounds, absent = [], {}
        for player, symbol, here in zip(self._continuous, self._action_symbols, present):
            low = self.model._evaluate_at(player.low, checked, f"the low bound of player {player.name!r}")
            if not here:  # absent: its action stays at the low bound in everyone else's payoff
                substitution[symbol] = as_sympy_number(low)
                absent[player.name] = (player.action, float(low))
                continue
            high = self.model._evaluate_at(player.high, checked, f"the high bound of player {player.name!r}")
            if low > high:
                raise ValueError(
                    f"player {player.name!r} has the interval [{low}, {high}] at {checked}: the low bound is above the high bound"
                )
            bounds.append((float(low), float(high)))
        players = [p for p, here in zip(self._continuous, present) if here]
        payoffs = [player.payoff.xreplace(substitution) for player in players]
        return ContinuousGame([p.name for p in players], bounds, payoffs, actions=[p.action for p in players],
                              title=self.model.title, absent=absent)
