"""Coalitional models: states with resources, a winning rule and a division rule.

The model's game is a simple coalitional game (a coalition is worth 1 when it
wins); outcome conditions name features of a stable coalition structure
(:data:`COALITION_FEATURES`). Resources and the quota are checked at load and
kept as text, evaluated from their compiled form at a point and parsed into
sympy only for :attr:`CoalitionalKind.spec` (symbolic use), so loading a
coalitional model and solving it at a point does not import sympy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from ...games.symbolic import Parameter
from ..deferred import DeferredExpression, LazySymbols, check_formula
from ..document import key_path, label_list, text_value
from ..expressions import ModelError
from ..lazy import is_sympy
from .base import Kind

__all__ = ["Coalitional", "CoalitionalKind", "WINNING_RULES", "DIVISION_RULES", "COALITION_FEATURES",
           "COALITION_STATE_FEATURES"]

#: Winning rules of a ``[coalitional]`` model.
WINNING_RULES = {
    "majority": "a coalition wins when its resources exceed half of the total (r(S) > R/2)",
    "quota": "a coalition wins when its resources reach the quota (r(S) >= quota)",
}

#: Division rules of a ``[coalitional]`` model (how a coalition shares its worth).
DIVISION_RULES = ("proportional", "equal", "shapley")

#: Features of a stable coalition structure that a coalitional model's outcome
#: conditions may name (counts and resources, as numbers). The first group
#: describes the structure, the second the whole system at the point (the same
#: for every structure there). A coalition *wins* under the model's winning rule.
COALITION_FEATURES = {
    "blocks": "number of coalitions in the structure (singletons included)",
    "winning_blocks": "number of its coalitions that win",
    "winning_size": "number of states in its winning coalition(s)",
    "winning_power": "total resources of its winning coalition(s) (0 if none wins)",
    "threatened_states": "number of states outside a winning coalition of the structure (0: every state is secure)",
    "total_power": "total resources of all states",
    "least_winning_power": "smallest total resources of any winning coalition",
    "dominant_states": "number of states that win alone",
    "essential_states": "number of states without which no coalition wins (a dominant state, or one holding half)",
    "secure_structures": "number of structures that keep every state secure (no coalition of them wins against another state)",
    "stable_structures": "number of stable structures at the point",
}

#: Per-state features: ``{state}`` is the state's name with every character other
#: than a letter, a digit or ``_`` replaced by ``_`` (``in_winning_Germany``).
COALITION_STATE_FEATURES = {
    "in_winning_{state}": "1 if the state belongs to a winning coalition of the structure, else 0",
}



@dataclass(frozen=True)
class Coalitional:
    """A ``[coalitional]`` model: states with resources, a winning rule and a division rule.

    Attributes
    ----------
    players : tuple of str
    resources : tuple of sympy expression
        Resources (power) of each player, in the parameters.
    winning : str
        A key of :data:`WINNING_RULES`.
    quota : sympy expression or None
        For ``winning = "quota"``.
    division : str
        One of :data:`DIVISION_RULES`.
    meanings : mapping
        ``{player: one-line description}`` (optional).
    """

    players: tuple
    resources: tuple
    winning: str = "majority"
    quota: object = None
    division: str = "proportional"
    meanings: Mapping = field(default_factory=dict)



class CoalitionalKind(Kind):
    """A ``[coalitional]`` model: states, their resources (expressions), winning and division rules."""

    name = "coalitional"
    tables = ("coalitional",)
    game_method = "coalition_game()"
    expectations = {
        "equilibrium": "the outcome's condition holds at some stable coalition structure",
        "every_equilibrium": "there are stable structures and the condition holds at every one",
        "unique_equilibrium": "there is exactly one stable structure and the condition holds there",
        "not_equilibrium": "the condition holds at no stable structure",
    }

    def __init__(self, model, *, coalitional):
        super().__init__(model)
        # Resources and quota as declared: checked text (DeferredExpression) or a given sympy expression.
        self._declared = self._make_coalitional(coalitional)

    @property
    def spec(self) -> Coalitional:
        """The specification with resources and quota as sympy expressions (parsed on first use)."""
        if "_coalitional" not in self.__dict__:
            declared, symbols = self._declared, self.model._symbols

            def parsed(value):
                return value.parse(symbols) if isinstance(value, DeferredExpression) else value

            self._coalitional = Coalitional(declared.players, tuple(parsed(r) for r in declared.resources),
                                            declared.winning, parsed(declared.quota), declared.division,
                                            declared.meanings)
        return self._coalitional

    def _formula(self, value, where: str):
        """A resource or quota: checked now and kept as text, or a given sympy expression (made the model's)."""
        if is_sympy(value) or isinstance(value, bool) or not isinstance(value, (str, int, float, Fraction)):
            return self.model._expression(value, where)
        check_formula(value, self.model.parameters, key=where, condition=False)
        return DeferredExpression(value, where)

    def _value_at(self, value, checked: Mapping, what: str):
        """A resource or the quota at checked values: int/Fraction when rational, else float."""
        if not isinstance(value, DeferredExpression):
            return self.model._evaluate_at(value, checked, what)
        import math

        from ..numeric import UndefinedValue, compile_numeric

        cache = self.__dict__.setdefault("_numeric_cache", {})
        if value.key not in cache:
            cache[value.key] = compile_numeric(value.text, [p.name for p in self.model.parameters], key=value.key)
        try:
            result = cache[value.key](checked)
        except (UndefinedValue, ZeroDivisionError, OverflowError) as error:
            raise ValueError(f"{what} is undefined at {checked}: {error}") from None
        if isinstance(result, Fraction):
            return int(result) if result.denominator == 1 else result
        if isinstance(result, int):
            return result
        if not math.isfinite(result):
            raise ValueError(f"{what} is undefined at {checked}: {result}")
        return float(result)

    def _make_coalitional(self, spec) -> Coalitional:
        """A ``[coalitional]`` model: players, resources (expressions), winning and division rules."""
        allowed = ("players", "resources", "winning", "quota", "division", "meanings")
        if isinstance(spec, Coalitional):
            spec = {f: getattr(spec, f) for f in allowed}
        if not isinstance(spec, Mapping):
            raise ModelError(f"expected a table with players and resources, got {spec!r}", key="coalitional")
        unknown = sorted(set(spec) - set(allowed))
        if unknown:
            raise ModelError(f"unknown key(s) {unknown}; allowed keys: {', '.join(allowed)}", key="coalitional")
        for required in ("players", "resources"):
            if required not in spec:
                raise ModelError(f"a coalitional model needs '{required}'", key=key_path("coalitional", required))
        players = label_list(spec["players"], "coalitional.players", "player names")
        resources = spec["resources"]
        if isinstance(resources, Mapping):
            missing = [p for p in players if p not in resources]
            extra = [p for p in resources if p not in players]
            if missing or extra:
                raise ModelError(
                    f"expected one resource entry per player {list(players)}; missing {missing}, unknown {extra}",
                    key="coalitional.resources",
                )
            entries = [(key_path("coalitional", "resources", p), resources[p]) for p in players]
        elif isinstance(resources, Sequence) and not isinstance(resources, str):
            if len(resources) != len(players):
                raise ModelError(
                    f"expected {len(players)} resources (one per player), got {len(resources)}",
                    key="coalitional.resources",
                )
            entries = [(key_path("coalitional.resources", k), r) for k, r in enumerate(resources)]
        else:
            raise ModelError(f"expected a table {{player = resources}} or a list, got {resources!r}",
                             key="coalitional.resources")
        expressions = []
        for where, value in entries:
            expression = self._formula(value, where)
            if isinstance(expression, DeferredExpression):
                constant = self._constant(expression)
                if constant is not None and constant < 0:
                    raise ModelError(f"resources must be non-negative, got {constant}", key=where)
            elif expression.is_number and expression < 0:
                raise ModelError(f"resources must be non-negative, got {expression}", key=where)
            expressions.append(expression)
        winning = spec.get("winning", "majority")
        if winning not in WINNING_RULES:
            raise ModelError(f"expected one of {list(WINNING_RULES)}, got {winning!r}", key="coalitional.winning")
        quota = spec.get("quota")
        if winning == "quota" and quota is None:
            raise ModelError("winning = \"quota\" needs a 'quota' (an expression of the parameters)",
                             key="coalitional.quota")
        if winning != "quota" and quota is not None:
            raise ModelError("a 'quota' applies only with winning = \"quota\"", key="coalitional.quota")
        if quota is not None:
            quota = self._formula(quota, "coalitional.quota")
        division = spec.get("division", "proportional")
        if division not in DIVISION_RULES:
            raise ModelError(f"expected one of {list(DIVISION_RULES)}, got {division!r}", key="coalitional.division")
        meanings = dict(spec.get("meanings") or {})
        for player, meaning in meanings.items():
            if player not in players:
                raise ModelError(f"no player {player!r}; players are {list(players)}", key="coalitional.meanings")
            text_value(meaning, key_path("coalitional", "meanings", player), required=True)
        return Coalitional(players, tuple(expressions), winning, quota, division, meanings)


    def _constant(self, formula: DeferredExpression):
        """The exact value of a formula that names no parameter (else None)."""
        from ..numeric import UndefinedValue, compile_numeric

        compiled = compile_numeric(formula.text, [p.name for p in self.model.parameters], key=formula.key)
        if compiled.names:
            return None
        try:
            value = compiled({})
        except (UndefinedValue, ZeroDivisionError, OverflowError):
            return None
        return value

    @property
    def players(self) -> tuple[str, ...]:
        return self._declared.players

    def payoff_expressions(self) -> dict:
        return dict(zip(self.spec.players, self.spec.resources))

    def outcome_symbols(self) -> dict:
        """The features of a stable structure (:data:`COALITION_FEATURES`, per-state ones by state)."""
        if "_feature_symbols" not in self.__dict__:
            names = list(COALITION_FEATURES)
            for template in COALITION_STATE_FEATURES:
                names += [template.format(state=re.sub(r"\W", "_", state, flags=re.ASCII)) for state in self._declared.players]
            clashes = sorted({n for n in names if names.count(n) > 1} | (set(names) & set(self.model._symbols)))
            if clashes:
                raise ModelError(f"feature name(s) {clashes} clash with a parameter or another state's feature; "
                                 "rename the parameter or the state", key="coalitional.players")
            # Real symbols (an unbounded real parameter's), made on first access: listing the outcome
            # variables and checking a condition the numeric compiler checks completely need no sympy.
            self._feature_symbols = LazySymbols(Parameter(name, 0) for name in names)
        return self._feature_symbols

    def coalition_resources(self, **values) -> dict[str, object]:
        checked = self.model.values(**values)
        result = {}
        for player, expression in zip(self._declared.players, self._declared.resources):
            value = self._value_at(expression, checked, f"the resources of {player!r}")
            if value < 0:
                raise ValueError(f"the resources of {player!r} are {value} at {checked}, expected a non-negative number")
            result[player] = value
        return result

    def coalition_game(self, **values):
        from ...games.coalitional import CoalitionGame

        resources = self.coalition_resources(**values)
        spec = self._declared
        if spec.winning == "majority":
            return self.balance_of_power(**values).game()
        quota = self._value_at(spec.quota, self.model.values(**values), "the quota")
        try:
            return CoalitionGame.weighted_voting(quota, resources)
        except (TypeError, ValueError) as error:
            raise ValueError(f"model {self.model.key!r} at {self.model.values(**values)}: {error}") from None

    def balance_of_power(self, **values):
        from ...games.coalitional import BalanceOfPower

        resources = self.coalition_resources(**values)
        if self._declared.winning != "majority":
            raise TypeError(
                f"model {self.model.key!r} wins by quota; balance_of_power() is the resource-majority rule: use coalition_game()"
            )
        try:
            return BalanceOfPower(resources)
        except (TypeError, ValueError) as error:
            raise ValueError(f"model {self.model.key!r} at {self.model.values(**values)}: {error}") from None
