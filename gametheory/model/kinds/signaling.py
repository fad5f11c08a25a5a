"""Signalling models: a sender of private type sends a message, a receiver who sees it responds.

Solved through the strategic form (the sender's plans: a message per type;
the receiver's: a response per message), in the order of
:class:`~gametheory.games.signaling.SignalingGame`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ...games.symbolic import SymbolicGame
from ..document import key_path, label_list, text_value
from ..expressions import ModelError
from ..lazy import sympy
from .profiles import Player, PlayerListKind

__all__ = ["Signaling", "SignalingKind", "MAX_SIGNALING_PROFILES"]

#: Largest strategic form (sender plans x receiver plans) a ``[signaling]`` model may have.
MAX_SIGNALING_PROFILES = 10_000


@dataclass(frozen=True)
class Signaling:
    """A ``[signaling]`` model: a sender of private type sends a message, a receiver responds.

    Attributes
    ----------
    sender, receiver : str
        Player names.
    types : tuple of str
        The sender's types.
    prior : tuple of sympy expression
        Prior probability of each type, in the parameters (summing to 1).
    messages, responses : tuple of str
    payoffs : mapping
        ``{(type, message, response) index triple: (sender payoff, receiver payoff)}``
        as sympy expressions of the parameters.
    meanings : mapping
        ``{type, message or response label: one-line meaning}`` (optional).
    """

    sender: str
    receiver: str
    types: tuple
    prior: tuple
    messages: tuple
    responses: tuple
    payoffs: Mapping
    meanings: Mapping = field(default_factory=dict)




class SignalingKind(PlayerListKind):
    """A ``[signaling]`` model: the sender's types with a prior, messages, responses and payoffs."""

    tables = ("signaling",)

    @classmethod
    def check_alone(cls, given) -> None:
        others = [name for name in given if name not in cls.tables]
        if others:
            raise ModelError(
                f"a [signaling] model declares its players, types and payoffs there; remove {others}", key=others[0]
            )

    def __init__(self, model, *, signaling):
        super().__init__(model)
        self._signaling = spec = self._make_signaling(signaling)
        self._players_spec = (
            Player(spec.sender, spec.messages, {m: spec.meanings[m] for m in spec.messages if m in spec.meanings},
                   spec.types, spec.prior),
            Player(spec.receiver, spec.responses,
                   {r: spec.meanings[r] for r in spec.responses if r in spec.meanings}),
        )
        self._priors = (spec.prior, None)

    @property
    def spec(self) -> Signaling:
        return self._signaling

    def _make_signaling(self, spec) -> Signaling:
        """A ``[signaling]`` model: sender and receiver, types with a prior, messages, responses, payoffs."""
        allowed = ("sender", "receiver", "types", "prior", "messages", "responses", "payoffs", "meanings")
        if isinstance(spec, Signaling):
            spec = {f: getattr(spec, f) for f in allowed}
            spec["payoffs"] = {
                spec["types"][t]: {f"{spec['messages'][m]},{spec['responses'][r]}": list(v) for (tt, m, r), v in
                                   spec["payoffs"].items() if tt == t}
                for t in range(len(spec["types"]))
            }
        if not isinstance(spec, Mapping):
            raise ModelError(f"expected a table with sender, receiver, types, prior, messages, responses and payoffs, "
                             f"got {spec!r}", key="signaling")
        unknown = sorted(set(spec) - set(allowed))
        if unknown:
            raise ModelError(f"unknown key(s) {unknown}; allowed keys: {', '.join(allowed)}", key="signaling")
        for required in allowed[:7]:
            if required not in spec:
                raise ModelError(f"a signalling model needs '{required}'", key=key_path("signaling", required))
        sender = text_value(spec["sender"], "signaling.sender", required=True)
        receiver = text_value(spec["receiver"], "signaling.receiver", required=True)
        if sender == receiver:
            raise ModelError(f"the sender and the receiver need different names, got {sender!r} twice",
                             key="signaling.receiver")
        types = label_list(spec["types"], "signaling.types", "type labels")
        messages = label_list(spec["messages"], "signaling.messages", "message labels")
        responses = label_list(spec["responses"], "signaling.responses", "response labels")
        profiles = len(messages) ** len(types) * len(responses) ** len(messages)
        if profiles > MAX_SIGNALING_PROFILES:
            raise ModelError(
                f"{len(types)} types, {len(messages)} messages and {len(responses)} responses give a strategic form "
                f"of {profiles} profiles, above the limit of {MAX_SIGNALING_PROFILES}", key="signaling"
            )
        raw_prior = spec["prior"]
        if isinstance(raw_prior, (str, Mapping)) or not isinstance(raw_prior, Sequence) or len(raw_prior) != len(types):
            raise ModelError(f"expected {len(types)} prior probabilities (one per type {list(types)}), got {raw_prior!r}",
                             key="signaling.prior")
        prior = []
        for t, value in enumerate(raw_prior):
            where = key_path("signaling.prior", t)
            expression = self.model._expression(value, where)
            if expression.is_number and not (0 <= expression <= 1):
                raise ModelError(f"prior probability {expression} is outside [0, 1]", key=where)
            prior.append(expression)
        if sympy.simplify(sum(prior) - 1) != 0:
            raise ModelError(f"prior probabilities of types {list(types)} sum to {sympy.simplify(sum(prior))}, expected 1",
                             key="signaling.prior")
        tables = spec["payoffs"]
        if not isinstance(tables, Mapping):
            raise ModelError(f"expected one table per type {list(types)}, got {tables!r}", key="signaling.payoffs")
        payoffs = {}
        for type_label, table in tables.items():
            where = key_path("signaling.payoffs", type_label)
            if type_label not in types:
                raise ModelError(f"no type {type_label!r}; types are {list(types)}", key=where)
            if not isinstance(table, Mapping):
                raise ModelError(f"expected a table {{\"message,response\" = [sender, receiver]}}, got {table!r}", key=where)
            t = types.index(type_label)
            for profile_key, values in table.items():
                entry_where = key_path(where, profile_key)
                parts = tuple(part.strip() for part in str(profile_key).split(","))
                if len(parts) != 2:
                    raise ModelError(f"expected \"message,response\", got {profile_key!r}", key=entry_where)
                message, response = parts
                if message not in messages:
                    raise ModelError(f"no message {message!r}; messages are {list(messages)}", key=entry_where)
                if response not in responses:
                    raise ModelError(f"no response {response!r}; responses are {list(responses)}", key=entry_where)
                index = (t, messages.index(message), responses.index(response))
                if index in payoffs:
                    raise ModelError(f"({message}, {response}) is given twice for type {type_label!r}", key=entry_where)
                if isinstance(values, (str, Mapping)) or not isinstance(values, Sequence) or len(values) != 2:
                    raise ModelError(f"expected [sender payoff, receiver payoff], got {values!r}", key=entry_where)
                payoffs[index] = tuple(self.model._expression(v, key_path(entry_where, k)) for k, v in enumerate(values))
        missing = [(t, m, r) for t in range(len(types)) for m in range(len(messages)) for r in range(len(responses))
                   if (t, m, r) not in payoffs]
        if missing:
            shown = ", ".join(f"{types[t]}: {messages[m]},{responses[r]}" for t, m, r in missing[:6])
            more = f" and {len(missing) - 6} more" if len(missing) > 6 else ""
            first = spec["payoffs"].get(types[missing[0][0]]) if isinstance(spec["payoffs"], Mapping) else None
            raise ModelError(f"missing the payoffs for {shown}{more} (one [signaling.payoffs.<type>] table per type, "
                             "one \"message,response\" entry per pair)",
                             key=key_path("signaling.payoffs", types[missing[0][0]]) if first else "signaling.payoffs")
        meanings = dict(spec.get("meanings") or {})
        for label, meaning in meanings.items():
            if label not in types + messages + responses:
                raise ModelError(f"no type, message or response {label!r}", key=key_path("signaling.meanings", label))
            text_value(meaning, key_path("signaling.meanings", label), required=True)
        return Signaling(sender, receiver, types, tuple(prior), messages, responses, payoffs, meanings)


    def pattern_labels(self) -> tuple:
        """The strategic form's plans (``"Sink/Stay"``): a message per type, a response per message."""
        from ...games.bayesian import plan_label

        result = []
        for k, player in enumerate(self._players_spec):
            source = self._signaling.types if k == 0 else self._signaling.messages
            labels = [plan_label(player.actions, plan) for plan in itertools.product(range(len(player.actions)), repeat=len(source))]
            result.append(tuple(dict.fromkeys(labels)))
        return tuple(result)

    def payoff_expressions(self) -> dict:
        return {}

    def symbolic_game(self, n):
        return self._signaling_symbolic()

    def _signaling_symbolic(self) -> SymbolicGame:
        """The symbolic strategic form of a signalling model, in :class:`~gametheory.games.signaling.SignalingGame`'s order."""
        from ...games.bayesian import plan_label

        spec = self._signaling
        n_t, n_m, n_r = len(spec.types), len(spec.messages), len(spec.responses)
        sender_plans = tuple(itertools.product(range(n_m), repeat=n_t))
        receiver_plans = tuple(itertools.product(range(n_r), repeat=n_m))
        arrays = [np.empty((len(sender_plans), len(receiver_plans)), dtype=object) for _ in range(2)]
        for i, s in enumerate(sender_plans):
            for j, r in enumerate(receiver_plans):
                for k in range(2):
                    total = sum((spec.prior[t] * spec.payoffs[(t, s[t], r[s[t]])][k] for t in range(n_t)), sympy.Integer(0))
                    arrays[k][i, j] = sympy.expand(total)
        labels = ([plan_label(spec.messages, s) for s in sender_plans], [plan_label(spec.responses, r) for r in receiver_plans])
        return SymbolicGame(arrays, self.model._parameters, (spec.sender, spec.receiver), labels, title=self.model.title)


    def signaling_game(self, **values):
        """The :class:`~gametheory.games.signaling.SignalingGame` at the given values (see :meth:`Model.signaling_game`)."""
        from ...games.signaling import SignalingGame

        checked = self.model.values(**values)
        spec = self._signaling
        prior = []
        for t, expression in zip(spec.types, spec.prior):
            value = self.model._evaluate_at(expression, checked, f"the prior probability of type {t!r}")
            if not 0 <= value <= 1:
                raise ValueError(f"prior probability of type {t!r} is {value} at {checked}, outside [0, 1]")
            prior.append(value)
        shape = (len(spec.types), len(spec.messages), len(spec.responses))
        arrays = [np.empty(shape, dtype=object) for _ in range(2)]
        for (t, m, r), entry in spec.payoffs.items():
            for k in range(2):
                who = spec.sender if k == 0 else spec.receiver
                arrays[k][t, m, r] = self.model._evaluate_at(
                    entry[k], checked, f"the payoff of {who!r} at ({spec.types[t]}, {spec.messages[m]}, {spec.responses[r]})"
                )
        return SignalingGame(spec.types, prior, spec.messages, spec.responses, arrays[0], arrays[1],
                             players=(spec.sender, spec.receiver), title=self.model.title)


    def check_values(self, values) -> None:
        self.signaling_game(**values)  # prior checks at these values
