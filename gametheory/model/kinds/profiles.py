"""Normal-form models by action profiles: players with actions, payoffs by profile, optional private types.

With private types (a prior per typed player and one payoff table per type
profile) the model is a simultaneous-move Bayesian game, solved through its
ex-ante strategic form (plans as actions, prior-weighted payoffs).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from ...games.symbolic import SymbolicGame
from ..document import (DeferredExpression, as_sympy_number, check_formula, key_path, label_list, parse_profile,
                        profile_text, text_value)
from ..expressions import ModelError, parse_expression
from ..lazy import is_sympy, sympy
from .base import Kind

__all__ = ["Player", "ProfilesKind", "make_players"]


@dataclass(frozen=True)
class Player:
    """A player of a model: name, action labels and (optionally) types with a prior.

    Attributes
    ----------
    name : str
    actions : tuple of str
    meanings : dict
        ``{action: one-line meaning}`` (optional, for renderings).
    types : tuple of str
        Private types (empty: no private information).
    prior : tuple
        Prior probability of each type: numbers, expression strings or
        sympy expressions of the parameters; must sum to 1.
    """

    name: str
    actions: tuple
    meanings: Mapping = field(default_factory=dict)
    types: tuple = ()
    prior: tuple = ()




def make_players(players) -> tuple[Player, ...]:
    if isinstance(players, Mapping):
        players = [Player(name, tuple(actions)) for name, actions in players.items()]
    if isinstance(players, str) or not isinstance(players, Sequence) or not players:
        raise ModelError(f"expected a non-empty list of players, got {players!r}", key="players")
    result = []
    for k, player in enumerate(players):
        where = key_path("players", k)
        if isinstance(player, Mapping):
            unknown = sorted(set(player) - {"name", "actions", "meanings", "types", "prior"})
            if unknown:
                raise ModelError(f"unknown key(s) {unknown}", key=where)
            player = Player(
                player.get("name"),
                player.get("actions"),
                dict(player.get("meanings") or {}),
                tuple(player.get("types") or ()),
                tuple(player.get("prior") or ()),
            )
        elif isinstance(player, Sequence) and not isinstance(player, str) and len(player) == 2 and not isinstance(player, Player):
            player = Player(player[0], tuple(player[1]))
        elif not isinstance(player, Player):
            raise ModelError(f"expected a player (name and actions), got {player!r}", key=where)
        name = text_value(player.name, key_path(where, "name"), required=True)
        actions = label_list(player.actions, key_path(where, "actions"), "action labels")
        meanings = player.meanings or {}
        if not isinstance(meanings, Mapping):
            raise ModelError(f"expected a table {{action = meaning}}, got {meanings!r}", key=key_path(where, "meanings"))
        for action, meaning in meanings.items():
            if action not in actions:
                raise ModelError(f"no action {action!r}; actions are {list(actions)}", key=key_path(where, "meanings"))
            text_value(meaning, key_path(where, "meanings", action), required=True)
        types = tuple(player.types)
        prior = tuple(player.prior)
        if types or prior:
            types = label_list(types, key_path(where, "types"), "type labels")
            if len(prior) != len(types):
                raise ModelError(
                    f"the prior gives {len(prior)} probabilities for {len(types)} types {list(types)}",
                    key=key_path(where, "prior"),
                )
        result.append(Player(name, actions, dict(meanings), types, prior))
    names = [p.name for p in result]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ModelError(f"duplicate player names: {duplicates}", key="players")
    return tuple(result)



class PlayerListKind(Kind):
    """A kind whose players are :class:`Player` objects (``self._players_spec``) with action labels."""

    _players_spec: tuple = ()
    _priors: tuple = ()

    @property
    def players(self) -> tuple[str, ...]:
        return tuple(p.name for p in self._players_spec)

    @property
    def actions(self) -> tuple:
        return tuple(p.actions for p in self._players_spec)

    @property
    def action_meanings(self) -> tuple:
        return tuple(dict(p.meanings) for p in self._players_spec)

    @property
    def types(self) -> tuple:
        return tuple(p.types for p in self._players_spec)

    @property
    def priors(self) -> tuple:
        return self._priors


class ProfilesKind(PlayerListKind):
    """A normal-form model by profiles (``players`` and ``payoffs``), Bayesian when some player has types."""

    tables = ("players", "payoffs")

    def __init__(self, model, *, players=None, payoffs=None):
        super().__init__(model)
        if players is None:
            raise ModelError("a model needs 'players' (or 'symmetric' for a symmetric game by counts)", key="players")
        if payoffs is None:
            raise ModelError("a model needs 'payoffs'", key="payoffs")
        self._players_spec = make_players(players)
        self._priors = self._make_priors()
        self._payoff_table = self._make_payoffs(payoffs)

    def _make_priors(self) -> tuple:
        priors = []
        for k, player in enumerate(self._players_spec):
            if not player.types:
                priors.append(None)
                continue
            values = []
            for t, value in enumerate(player.prior):
                where = key_path("players", k, "prior", t)
                expression = value if is_sympy(value) else parse_expression(value, self.model._symbols, key=where)
                if expression.is_number and not (0 <= expression <= 1):
                    raise ModelError(f"prior probability {expression} is outside [0, 1]", key=where)
                values.append(expression)
            total = sympy.simplify(sum(values) - 1)
            if total != 0:
                raise ModelError(
                    f"prior probabilities of types {list(player.types)} sum to {sympy.simplify(sum(values))}, expected 1",
                    key=key_path("players", k, "prior"),
                )
            priors.append(tuple(values))
        return tuple(priors)


    def _entry(self, values, where: str) -> tuple:
        n = len(self._players_spec)
        if isinstance(values, (str, Mapping)) or not isinstance(values, Sequence):
            raise ModelError(f"expected a list of {n} payoffs (one per player), got {values!r}", key=where)
        if len(values) != n:
            raise ModelError(f"expected {n} payoffs (one per player), got {len(values)}: {list(values)}", key=where)
        return tuple(self._payoff(v, key_path(where, i)) for i, v in enumerate(values))

    def _payoff(self, value, where: str):
        """A payoff checked now and kept as text (parsed into sympy on symbolic use), or a given sympy expression."""
        if is_sympy(value) or isinstance(value, bool) or not isinstance(value, (str, int, float, Fraction)):
            return self.model._expression(value, where)
        check_formula(value, self.model.parameters, key=where, condition=False)
        return DeferredExpression(value, where)

    def _table(self, type_index=()) -> dict:
        """``{profile index: payoffs}`` of one type profile as sympy expressions (parsed once, kept)."""
        cache = self.__dict__.setdefault("_sympy_cache", {})
        if type_index not in cache:
            symbols = self.model._symbols
            cache[type_index] = {index: tuple(v.parse(symbols) if isinstance(v, DeferredExpression) else v
                                              for v in entry)
                                 for index, entry in self._payoff_table[type_index].items()}
        return cache[type_index]

    def numeric_game(self, exact, values):
        """The game at ``values`` evaluated without sympy (compiled payoffs), or None where the symbolic route is needed.

        Same values, exactness and errors as the symbolic game's
        :meth:`~gametheory.games.symbolic.SymbolicGame.game`: exact (Fraction)
        payoffs where every payoff is rational at the values.
        """
        import math

        from ...games.normal_form import NormalFormGame
        from ..numeric import UndefinedValue, compile_numeric

        if self.is_bayesian or any(not isinstance(v, DeferredExpression)
                                   for entry in self._payoff_table[()].values() for v in entry):
            return None
        checked = self.model.values(**values)
        compiled = self.__dict__.setdefault("_numeric_cache", {})
        if not compiled:
            names = [p.name for p in self.model.parameters]
            compiled.update({index: tuple(compile_numeric(v.text, names, key=v.key) for v in entry)
                             for index, entry in self._payoff_table[()].items()})
        shape = tuple(len(a) for a in self.actions)
        arrays = [np.empty(shape, dtype=object) for _ in shape]
        all_rational = True
        for index, entry in compiled.items():
            for i, function in enumerate(entry):
                labels = ", ".join(self.actions[k][a] for k, a in enumerate(index))
                try:
                    value = function(checked)
                except (UndefinedValue, ZeroDivisionError) as error:
                    raise ValueError(f"payoff for player {self.players[i]!r} at ({labels}) is undefined at "
                                     f"{checked}: {error}") from None
                except OverflowError:
                    value = math.inf
                if isinstance(value, (int, Fraction)):
                    arrays[i][index] = Fraction(value)
                    continue
                all_rational = False
                if not math.isfinite(value):
                    raise ValueError(f"payoff for player {self.players[i]!r} at ({labels}) is too large for "
                                     f"floating point or undefined at {checked}")
                arrays[i][index] = float(value)
        if exact is None:
            exact = all_rational
        if not exact:
            arrays = [np.asarray(a, dtype=float) for a in arrays]
        return NormalFormGame(arrays, self.players, self.actions, exact=exact, title=self.model.title)

    def _profiles_table(self, table, where: str) -> dict:
        actions = [p.actions for p in self._players_spec]
        names = [p.name for p in self._players_spec]
        if not isinstance(table, Mapping):
            raise ModelError(f"expected a table {{\"C,D\" = [payoffs]}}, got {table!r}", key=where)
        result = {}
        for profile_key, values in table.items():
            entry_where = key_path(where, profile_key if isinstance(profile_key, str) else profile_text(profile_key))
            profile = parse_profile(profile_key, actions, entry_where, wildcard=False, players=names)
            index = tuple(actions[i].index(a) for i, a in enumerate(profile))
            if index in result:
                raise ModelError(f"profile {profile_text(profile)!r} is given twice", key=entry_where)
            result[index] = self._entry(values, entry_where)
        shape = tuple(len(a) for a in actions)
        missing = [index for index in np.ndindex(shape) if index not in result]
        if missing:
            shown = ", ".join(repr(profile_text(actions[i][a] for i, a in enumerate(m))) for m in missing[:6])
            more = f" and {len(missing) - 6} more" if len(missing) > 6 else ""
            raise ModelError(f"missing the payoffs for profile(s) {shown}{more}", key=where)
        return result

    def _make_payoffs(self, payoffs) -> dict:
        if not isinstance(payoffs, Mapping):
            raise ModelError(f"expected a table of payoffs by profile, got {payoffs!r}", key="payoffs")
        typed = [k for k, p in enumerate(self._players_spec) if p.types]
        if not typed:
            return {(): self._profiles_table(payoffs, "payoffs")}
        type_sets = [self._players_spec[k].types for k in typed]
        result = {}
        for type_key, table in payoffs.items():
            where = key_path("payoffs", type_key if isinstance(type_key, str) else profile_text(type_key))
            parts = parse_profile(type_key, type_sets, where, wildcard=False, players=[self._players_spec[k].name for k in typed])
            index = tuple(type_sets[j].index(t) for j, t in enumerate(parts))
            if index in result:
                raise ModelError(f"type profile {profile_text(parts)!r} is given twice", key=where)
            result[index] = self._profiles_table(table, where)
        missing = [i for i in np.ndindex(tuple(len(t) for t in type_sets)) if i not in result]
        if missing:
            shown = ", ".join(repr(profile_text(type_sets[j][t] for j, t in enumerate(m))) for m in missing)
            raise ModelError(
                f"missing the payoff table for type profile(s) {shown} (one [payoffs.<types>] table per "
                f"combination of the types of {[self._players_spec[k].name for k in typed]})",
                key="payoffs",
            )
        return result


    @property
    def is_bayesian(self) -> bool:
        return any(p.types for p in self._players_spec)

    def pattern_labels(self) -> tuple:
        """The actions, and for typed players also the strategic form's plans (``"Fight/Concede"``)."""
        from ...games.bayesian import plan_label

        result = []
        for player in self._players_spec:
            labels = list(player.actions)
            if player.types and len(player.actions) ** len(player.types) <= 1000:
                labels += [plan_label(player.actions, plan)
                           for plan in itertools.product(range(len(player.actions)), repeat=len(player.types))]
            result.append(tuple(dict.fromkeys(labels)))
        return tuple(result)

    def payoff_expressions(self) -> dict:
        typed = [k for k, p in enumerate(self._players_spec) if p.types]
        result = {}
        for type_index in self._payoff_table:
            type_labels = tuple(self._players_spec[typed[j]].types[t] for j, t in enumerate(type_index))
            for index, entry in self._table(type_index).items():
                result[(type_labels, tuple(self.actions[i][a] for i, a in enumerate(index)))] = entry
        return result

    def symbolic_game(self, n):
        if self.is_bayesian:
            return self._bayesian_symbolic()
        table = self._table(())
        shape = tuple(len(a) for a in self.actions)
        arrays = [np.empty(shape, dtype=object) for _ in shape]
        for index, entry in table.items():
            for i, value in enumerate(entry):
                arrays[i][index] = value
        return SymbolicGame(arrays, self.model._parameters, self.players, self.actions, title=self.model.title)

    def _bayesian_arrays(self, convert):
        """Payoffs by (type profile + action profile) and the joint prior, entries through ``convert``."""
        n = len(self._players_spec)
        typed = [k for k, p in enumerate(self._players_spec) if p.types]
        n_types = tuple(len(p.types) if p.types else 1 for p in self._players_spec)
        shape = n_types + tuple(len(a) for a in self.actions)
        arrays = [np.empty(shape, dtype=object) for _ in range(n)]
        for type_index in self._payoff_table:
            table = self._table(type_index)
            full = [0] * n
            for j, k in enumerate(typed):
                full[k] = type_index[j]
            for index, entry in table.items():
                for i, value in enumerate(entry):
                    arrays[i][tuple(full) + index] = convert(value)
        prior = np.empty(n_types, dtype=object)
        for t in np.ndindex(n_types):
            value = sympy.Integer(1)
            for k in typed:
                value = value * self._priors[k][t[k]]
            prior[t] = convert(value)
        return arrays, prior, n_types

    def _bayesian_symbolic(self) -> SymbolicGame:
        from ...games.bayesian import plan_label, strategic_form_payoffs

        arrays, prior, n_types = self._bayesian_arrays(lambda v: v)
        plans, strategic = strategic_form_payoffs(arrays, prior, n_types, tuple(len(a) for a in self.actions))
        strategic = [np.vectorize(sympy.expand, otypes=[object])(a) for a in strategic]
        labels = [[plan_label(self.actions[i], p) for p in plans[i]] for i in range(len(plans))]
        return SymbolicGame(strategic, self.model._parameters, self.players, labels, title=self.model.title)


    def bayesian_game(self, **values):
        """The :class:`~gametheory.games.bayesian.BayesianGame` at the given parameter values."""
        from ...games.bayesian import BayesianGame

        checked = self.model.values(**values)
        substitution = {self.model._symbols[k]: as_sympy_number(v) for k, v in checked.items()}
        for k, player in enumerate(self._players_spec):
            for t, expression in enumerate(self._priors[k] or ()):
                value = expression.xreplace(substitution)
                if not (0 <= value <= 1):
                    raise ValueError(
                        f"prior probability of type {player.types[t]!r} of player {player.name!r} is {value} "
                        f"at {checked}, outside [0, 1]"
                    )

        def convert(expression):
            value = expression.xreplace(substitution)
            if not value.is_number or value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
                raise ValueError(f"payoff or prior {expression} is undefined at {checked}")
            return Fraction(int(value.p), int(value.q)) if value.is_Rational else float(value)

        arrays, prior, _ = self._bayesian_arrays(convert)
        types = [p.types if p.types else ("-",) for p in self._players_spec]
        return BayesianGame(arrays, prior, self.players, types, self.actions, title=self.model.title)


    def check_values(self, values) -> None:
        if self.is_bayesian:
            for name in values:  # prior checks at these values
                self.model._parameter(name)
            self.bayesian_game(**values)
