"""Symmetric n-player models by counts: a player's payoff depends on its action and how many others chose each.

The number of players may be a parameter (so "how many allies" is swept like
any other parameter); it is fixed before the game is built. Payoffs are
checked at load and kept as text: the game at a point evaluates their
compiled form, and sympy is imported only for symbolic work
(:attr:`CountsKind.spec`, the symbolic game).
"""

from __future__ import annotations

import math
import numbers
from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction

import numpy as np

from ...games.symbolic import Parameter, SymbolicGame
from ..deferred import DeferredExpression, LazySymbols, check_text
from ..document import WILDCARD, key_path, label_list, parse_profile, text_value
from ..expressions import ModelError, check_name
from ..lazy import is_sympy, sympy
from .base import Kind

__all__ = ["SymmetricCounts", "CountsKind", "MAX_COUNTS_ENTRIES"]

#: Largest number of payoff entries (profiles x players) a symmetric model may expand to.
MAX_COUNTS_ENTRIES = 200_000


@dataclass(frozen=True)
class SymmetricCounts:
    """A symmetric n-player game given by counts.

    Attributes
    ----------
    n_players : str or int
        The number of players: a fixed integer, or the name of an integer
        parameter (so "how many allies" is a parameter of the model).
    actions : tuple of str
    counts : mapping
        ``{action: name}``: the name under which payoff expressions see how
        many *other* players chose that action.
    payoffs : mapping
        ``{action: expression}``: the payoff of a player choosing that action,
        in the parameters and the count names.
    player : str
        Base of the player names (``"Power"`` gives ``"Power 1"``, ...).
    meanings : mapping
        ``{action: meaning}`` (optional).
    """

    n_players: object
    actions: tuple
    counts: Mapping
    payoffs: Mapping
    player: str = "Player"
    meanings: Mapping = field(default_factory=dict)




class CountsKind(Kind):
    """A symmetric n-player model by counts (the ``symmetric`` table)."""

    tables = ("symmetric",)

    @classmethod
    def check_alone(cls, given) -> None:
        if "players" in given or "payoffs" in given:
            raise ModelError("give either 'symmetric' or 'players' and 'payoffs', not both", key="symmetric")
        super().check_alone(given)

    def __init__(self, model, *, symmetric):
        super().__init__(model)
        self._counts = self._make_counts(symmetric)

    def _make_counts(self, spec) -> SymmetricCounts:
        if isinstance(spec, Mapping):
            unknown = sorted(set(spec) - {"n_players", "actions", "counts", "payoffs", "player", "meanings"})
            if unknown:
                raise ModelError(f"unknown key(s) {unknown}", key="symmetric")
            for required in ("n_players", "actions", "counts", "payoffs"):
                if required not in spec:
                    raise ModelError(f"a symmetric model needs '{required}'", key=key_path("symmetric", required))
            spec = SymmetricCounts(**spec)
        elif not isinstance(spec, SymmetricCounts):
            raise ModelError(f"expected a SymmetricCounts or a mapping, got {spec!r}", key="symmetric")
        n = spec.n_players
        if isinstance(n, str):
            if n not in self.model._symbols:
                raise ModelError(
                    f"{n!r} is not a declared parameter (parameters: {sorted(self.model._symbols)})", key="symmetric.n_players"
                )
            parameter = self.model._parameter(n)
            if not parameter.integer or parameter.low is None or parameter.low < 1:
                raise ModelError(
                    f"parameter {n!r} counts players: it must be declared integer = true with a range starting at 1 or more",
                    key=key_path("parameters", n),
                )
        elif isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            raise ModelError(f"expected a positive integer or a parameter name, got {n!r}", key="symmetric.n_players")
        actions = label_list(spec.actions, "symmetric.actions", "action labels")
        counts = spec.counts
        if not isinstance(counts, Mapping) or set(counts) != set(actions):
            raise ModelError(
                f"expected one count name per action {list(actions)}, got {counts!r}", key="symmetric.counts"
            )
        count_names = []
        for action in actions:
            name = counts[action]
            try:
                check_name(name, what="count name")
            except ValueError as error:
                raise ModelError(str(error), key=key_path("symmetric", "counts", action)) from None
            if name in self.model._symbols or name in count_names:
                raise ModelError(f"count name {name!r} is already used", key=key_path("symmetric", "counts", action))
            count_names.append(name)
        # Non-negative integer symbols, made (and sympy imported) on first symbolic use.
        count_symbols = LazySymbols(Parameter(name, 0, low=0, integer=True) for name in count_names)
        if not isinstance(spec.payoffs, Mapping) or set(spec.payoffs) != set(actions):
            missing = sorted(set(actions) - set(spec.payoffs)) if isinstance(spec.payoffs, Mapping) else list(actions)
            extra = sorted(set(spec.payoffs) - set(actions)) if isinstance(spec.payoffs, Mapping) else []
            raise ModelError(
                f"expected one payoff per action {list(actions)}; missing {missing}, not actions {extra}",
                key="symmetric.payoffs",
            )
        symbols = ChainMap(count_symbols, self.model._symbols)
        expressions = {a: self._payoff(spec.payoffs[a], key_path("symmetric", "payoffs", a), symbols) for a in actions}
        meanings = dict(spec.meanings or {})
        for action in meanings:
            if action not in actions:
                raise ModelError(f"no action {action!r}; actions are {list(actions)}", key="symmetric.meanings")
        player = text_value(spec.player, "symmetric.player", required=True)
        self._count_symbols = count_symbols
        return SymmetricCounts(n, actions, dict(counts), expressions, player, meanings)

    def _payoff(self, value, where: str, symbols: Mapping):
        """A payoff checked now and kept as text (parsed into sympy on symbolic use), or a given sympy expression."""
        if is_sympy(value) or isinstance(value, bool) or not isinstance(value, (str, int, float, Fraction)):
            return self.model._expression(value, where, dict(symbols))
        check_text(value, symbols, key=where, condition=False)
        return DeferredExpression(value, where)


    @property
    def spec(self) -> SymmetricCounts:
        """The declaration with every payoff a sympy expression (parsed on first use)."""
        if "_parsed_counts" not in self.__dict__:
            symbols = ChainMap(self._count_symbols, self.model._symbols)
            payoffs = {a: p.parse(symbols) if isinstance(p, DeferredExpression) else p
                       for a, p in self._counts.payoffs.items()}
            self._parsed_counts = replace(self._counts, payoffs=payoffs)
        return self._parsed_counts

    @property
    def player_count_parameter(self) -> str | None:
        return self._counts.n_players if isinstance(self._counts.n_players, str) else None

    @property
    def n_players_fixed(self) -> int | None:
        return None if isinstance(self._counts.n_players, str) else int(self._counts.n_players)

    def _n_players(self, values: Mapping) -> int:
        n = self._counts.n_players
        if isinstance(n, str):
            count = int(self.model._parameter(n).check(values.get(n, self.model._parameter(n).default)))
        else:
            count = int(n)
        self._check_size(count)
        return count

    def _check_size(self, n: int) -> None:
        """Refuse, before building anything, a game whose payoff tables exceed :data:`MAX_COUNTS_ENTRIES`."""
        m = len(self._counts.actions)
        # Compare logarithms first: m**n itself is a number with n digits for a huge n.
        too_many = n * math.log2(max(m, 1)) + math.log2(max(n, 1)) > math.log2(MAX_COUNTS_ENTRIES) + 1 or m**n * n > MAX_COUNTS_ENTRIES
        if too_many:
            name = self.player_count_parameter
            lift = f"; give a smaller --set {name}=..." if name else ""
            raise ValueError(
                f"{n} players with {m} actions give more than {MAX_COUNTS_ENTRIES} payoff entries, the limit of "
                f"symmetric games (MAX_COUNTS_ENTRIES){lift}"
            )


    @property
    def players(self) -> tuple[str, ...]:
        n = self._n_players({})
        return tuple(f"{self._counts.player} {k + 1}" for k in range(n))

    @property
    def actions(self) -> tuple:
        return (self._counts.actions,) * len(self.players)

    @property
    def action_meanings(self) -> tuple:
        return (dict(self._counts.meanings),) * len(self.players)

    def payoff_expressions(self) -> dict:
        return dict(self.spec.payoffs)

    def pattern(self, value, where: str) -> tuple[str, ...]:
        parts = parse_profile(value, None, where, wildcard=True)
        for label in parts:
            if label != WILDCARD and label not in self._counts.actions:
                raise ModelError(f"no action {label!r}; actions are {list(self._counts.actions)}", key=where)
        return parts

    def symbolic_game(self, n):
        return self._counts_symbolic(n)

    def _counts_symbolic(self, n: int) -> SymbolicGame:
        spec = self.spec
        m = len(spec.actions)
        self._check_size(n)
        name = self.player_count_parameter
        fixed = {self.model._symbols[name]: sympy.Integer(n)} if name else {}
        count_symbols = [self._count_symbols[spec.counts[a]] for a in spec.actions]
        cache = {}

        def payoff(action, others):
            key = (action, tuple(others[a] for a in spec.actions))
            if key not in cache:
                substitution = dict(fixed)
                substitution.update({s: sympy.Integer(others[a]) for s, a in zip(count_symbols, spec.actions)})
                cache[key] = spec.payoffs[action].xreplace(substitution)
            return cache[key]

        players = tuple(f"{spec.player} {k + 1}" for k in range(n))
        shape = (m,) * n
        arrays = [np.empty(shape, dtype=object) for _ in range(n)]
        for index, i, others in _entries(spec.actions, n):
            arrays[i][index] = payoff(spec.actions[index[i]], others)
        parameters = [p for p in self.model._parameters if p.name != name]
        return SymbolicGame(arrays, parameters, players, (spec.actions,) * n, title=self.model.title)

    def numeric_game(self, exact, values):
        """The game at ``values`` evaluated without sympy (compiled payoffs), or None where the symbolic route is needed.

        Same values, exactness and errors as the symbolic game's
        :meth:`~gametheory.games.symbolic.SymbolicGame.game`: exact (Fraction)
        payoffs where every payoff is rational at the values.
        """
        from ...games.normal_form import NormalFormGame
        from ..numeric import UndefinedValue, compile_numeric

        spec = self._counts
        if any(not isinstance(p, DeferredExpression) for p in spec.payoffs.values()):
            return None
        n, rest = self.model._structural(values)
        name = self.player_count_parameter
        checked = self.model.values(**rest, **({name: n} if name else {}))
        n = self._n_players(checked)
        compiled = self.__dict__.setdefault("_numeric_cache", {})
        if not compiled:
            names = [p.name for p in self.model.parameters] + list(self._count_symbols)
            compiled.update({a: compile_numeric(p.text, names, key=p.key) for a, p in spec.payoffs.items()})
        players = tuple(f"{spec.player} {k + 1}" for k in range(n))
        shape = (len(spec.actions),) * n
        arrays = [np.empty(shape, dtype=object) for _ in range(n)]
        cache: dict = {}
        all_rational = True
        for index, i, others in _entries(spec.actions, n):
            action = spec.actions[index[i]]
            key = (action, tuple(others.values()))
            if key not in cache:
                point = {**checked, **{spec.counts[a]: others[a] for a in spec.actions}}
                try:
                    value = compiled[action](point)
                except (UndefinedValue, ZeroDivisionError) as error:
                    labels = ", ".join(spec.actions[a] for a in index)
                    raise ValueError(f"payoff for player {players[i]!r} at ({labels}) is undefined at "
                                     f"{checked}: {error}") from None
                except OverflowError:
                    value = math.inf
                if not isinstance(value, (int, Fraction)) and not math.isfinite(value):
                    labels = ", ".join(spec.actions[a] for a in index)
                    raise ValueError(f"payoff for player {players[i]!r} at ({labels}) is too large for "
                                     f"floating point or undefined at {checked}")
                cache[key] = Fraction(value) if isinstance(value, (int, Fraction)) else float(value)
            value = cache[key]
            all_rational = all_rational and isinstance(value, Fraction)
            arrays[i][index] = value
        if exact is None:
            exact = all_rational
        if not exact:
            arrays = [np.asarray(a, dtype=float) for a in arrays]
        return NormalFormGame(arrays, players, (spec.actions,) * n, exact=exact, title=self.model.title)


def _entries(actions, n: int):
    """``(profile index, player, {action: how many others chose it})`` for every payoff entry of n players."""
    for index in np.ndindex((len(actions),) * n):
        for i in range(n):
            others = dict.fromkeys(actions, 0)
            for k, a in enumerate(index):
                if k != i:
                    others[actions[a]] += 1
            yield index, i, others
