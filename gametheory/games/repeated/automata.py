"""Repeated-game strategies as finite automata.

An :class:`Automaton` is a machine with named states. Each state says which
action to play (pure, or a probability distribution for simulation), and the
transitions say which state comes next after each observed action profile.
Profiles are always read from the automaton's own point of view, as
``(own action, other's action)``, so one automaton can play either role.

Actions are written in the automaton's own *alphabet* (by default
``("C", "D")``: cooperate and defect). :class:`~gametheory.games.repeated.game.RepeatedGame`
maps the alphabet onto each player's stage-game actions, explicitly and
checked.

Transition keys may use ``"*"`` as a wildcard for one action, and the key
``"*"`` alone means any profile. The most specific matching key wins
(an exact profile beats one wildcard, which beats ``"*"``); two matching keys
of the same specificity are an error.
"""

from __future__ import annotations

import itertools
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType

import numpy as np

from ...numerics import is_exact_scalar, to_fraction

__all__ = ["Automaton", "WILDCARD"]

#: The wildcard used in transition keys.
WILDCARD = "*"


def _label(value, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"{what} must be a non-empty string, got {value!r}")
    return value


def _parse_key(key, alphabet: tuple[str, ...], where: str) -> tuple[str, str]:
    """A transition key as ``(own, other)``, each a label or the wildcard."""
    if key == WILDCARD:
        return (WILDCARD, WILDCARD)
    if isinstance(key, str):
        parts = [p.strip() for p in key.split(",")] if "," in key else None
        if parts is None:
            # Compact form "CD" when every label is one character.
            if len(key) == 2 and all(len(a) == 1 for a in alphabet):
                parts = [key[0], key[1]]
            else:
                raise ValueError(
                    f"{where}: transition key {key!r} must be '*', an (own, other) pair or a string 'own,other'"
                )
        key = tuple(parts)
    if not isinstance(key, tuple) or len(key) != 2:
        raise ValueError(f"{where}: transition key {key!r} must be '*' or an (own action, other's action) pair")
    for part in key:
        if part != WILDCARD and part not in alphabet:
            raise ValueError(
                f"{where}: transition key {key!r} uses unknown action {part!r}; the alphabet is {list(alphabet)}"
            )
    return key


def _distribution(value, alphabet, where: str):
    """A state's action: a label (pure) or ``{label: probability}`` (mixed)."""
    if isinstance(value, str):
        if value not in alphabet:
            raise ValueError(f"{where} plays unknown action {value!r}; the alphabet is {list(alphabet)}")
        return value
    if not isinstance(value, Mapping):
        raise TypeError(f"{where} must play an action label or a mapping {{label: probability}}, got {value!r}")
    probabilities = {}
    for label, p in value.items():
        if label not in alphabet:
            raise ValueError(f"{where} plays unknown action {label!r}; the alphabet is {list(alphabet)}")
        if isinstance(p, (bool, np.bool_)) or not isinstance(p, numbers.Real):
            raise TypeError(f"{where}: probability of {label!r} must be a number, got {p!r}")
        probabilities[label] = to_fraction(p, what=f"{where}: probability of {label!r}") if is_exact_scalar(p) else p
        if not 0 <= p <= 1:
            raise ValueError(f"{where}: probability of {label!r} is {p}, expected a value in [0, 1]")
    total = sum(probabilities.values())
    if abs(float(total) - 1) > 1e-12:
        raise ValueError(f"{where}: probabilities sum to {total}, expected 1")
    positive = [label for label, p in probabilities.items() if p > 0]
    if len(positive) == 1 and probabilities[positive[0]] == 1:
        return positive[0]
    return MappingProxyType({label: probabilities.get(label, 0) for label in alphabet})


@dataclass(frozen=True)
class Automaton:
    """A finite-automaton strategy for a two-player repeated game.

    Parameters
    ----------
    name : str
        Display name ("Tit for Tat").
    play : mapping
        ``{state: action}``; the action is a label of ``alphabet`` or, for
        simulation only, a mapping ``{label: probability}``. The order of the
        keys is the order of the states.
    transitions : mapping
        ``{state: {key: next_state}}`` where ``key`` is an ``(own, other)``
        pair of labels, a string ``"own,other"`` (or ``"CD"`` when labels are
        single characters), with ``"*"`` matching any action, or ``"*"`` alone
        for any profile; a bare state name is shorthand for ``{"*": state}``.
        Every state needs a transition for every profile.
    initial : str, optional
        Starting state; default the first state of ``play``.
    alphabet : tuple of str, optional
        The action labels the automaton speaks in; default ``("C", "D")``.
    check_reachable : bool, optional
        Refuse states that cannot be reached from ``initial`` (usually a typo);
        default True.

    Raises
    ------
    ValueError
        On unknown states or action labels, missing or ambiguous transitions,
        unreachable states.
    TypeError
        On arguments of the wrong type.

    Examples
    --------
    >>> tft = Automaton("Tit for Tat", play={"c": "C", "d": "D"},
    ...                 transitions={"c": {"*C": "c", "*D": "d"}, "d": {"*C": "c", "*D": "d"}})
    >>> tft.next_state("c", ("C", "D"))
    'd'
    >>> tft.action("d")
    'D'
    >>> Automaton("typo", play={"c": "C"}, transitions={"c": "x"})
    Traceback (most recent call last):
    ...
    ValueError: automaton 'typo', state 'c': transition to unknown state 'x'; states are ['c']
    """

    name: str
    play: Mapping
    transitions: Mapping = field(default_factory=dict)
    initial: str | None = None
    alphabet: tuple = ("C", "D")
    check_reachable: bool = field(default=True, compare=False, repr=False)

    def __post_init__(self):
        name = _label(self.name, "name")
        if isinstance(self.alphabet, str):
            raise TypeError(f"automaton {name!r}: alphabet must be a sequence of labels, got the string {self.alphabet!r}")
        alphabet = tuple(_label(a, f"automaton {name!r}: alphabet entry") for a in self.alphabet)
        if len(alphabet) < 1 or len(set(alphabet)) != len(alphabet) or WILDCARD in alphabet:
            raise ValueError(f"automaton {name!r}: alphabet must be distinct labels other than '*', got {list(alphabet)}")
        if not isinstance(self.play, Mapping) or not self.play:
            raise TypeError(f"automaton {name!r}: play must be a non-empty mapping {{state: action}}, got {self.play!r}")
        states = tuple(_label(s, f"automaton {name!r}: state name") for s in self.play)
        play = {s: _distribution(self.play[s], alphabet, f"automaton {name!r}, state {s!r}") for s in states}
        initial = states[0] if self.initial is None else self.initial
        if initial not in play:
            raise ValueError(f"automaton {name!r}: initial state {initial!r} is not a state; states are {list(states)}")
        if not isinstance(self.transitions, Mapping):
            raise TypeError(f"automaton {name!r}: transitions must be a mapping {{state: {{key: next}}}}")
        unknown = [s for s in self.transitions if s not in play]
        if unknown:
            raise ValueError(
                f"automaton {name!r}: transitions given for unknown state(s) {unknown}; states are {list(states)}"
            )
        table = {}
        for s in states:
            where = f"automaton {name!r}, state {s!r}"
            if s not in self.transitions:
                raise ValueError(f"{where}: no transitions given; use {{'*': {s!r}}} (or just {s!r}) to stay")
            rules = self.transitions[s]
            if isinstance(rules, str):
                rules = {WILDCARD: rules}
            if not isinstance(rules, Mapping):
                raise TypeError(f"{where}: transitions must be a mapping {{key: next_state}} or a state, got {rules!r}")
            parsed = {}
            for key, target in rules.items():
                if target not in play:
                    raise ValueError(f"{where}: transition to unknown state {target!r}; states are {list(states)}")
                pair = _parse_key(key, alphabet, where)
                if pair in parsed and parsed[pair] != target:
                    raise ValueError(f"{where}: transition key {key!r} given twice with different targets")
                parsed[pair] = target
            for profile in itertools.product(alphabet, repeat=2):
                matches = [
                    (sum(p == WILDCARD for p in pair), pair, target)
                    for pair, target in parsed.items()
                    if all(p in (WILDCARD, a) for p, a in zip(pair, profile))
                ]
                if not matches:
                    raise ValueError(
                        f"{where}: no transition for the profile {profile} (own, other); add it or a '*' default"
                    )
                best = min(m[0] for m in matches)
                targets = {m[2] for m in matches if m[0] == best}
                if len(targets) > 1:
                    keys = [m[1] for m in matches if m[0] == best]
                    raise ValueError(f"{where}: profile {profile} matches keys {keys} leading to different states")
                table[(s, profile)] = targets.pop()
        if self.check_reachable:
            seen, frontier = {initial}, [initial]
            while frontier:
                s = frontier.pop()
                for profile in itertools.product(alphabet, repeat=2):
                    t = table[(s, profile)]
                    if t not in seen:
                        seen.add(t)
                        frontier.append(t)
            unreachable = [s for s in states if s not in seen]
            if unreachable:
                raise ValueError(
                    f"automaton {name!r}: state(s) {unreachable} cannot be reached from the initial state {initial!r}"
                )
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "alphabet", alphabet)
        object.__setattr__(self, "play", MappingProxyType(play))
        object.__setattr__(self, "initial", initial)
        object.__setattr__(self, "_table", MappingProxyType(table))
        grouped = {s: MappingProxyType({p: table[(s, p)] for p in itertools.product(alphabet, repeat=2)}) for s in states}
        object.__setattr__(self, "transitions", MappingProxyType(grouped))

    def __hash__(self):
        return hash((self.name, self.alphabet, self.initial, tuple(self._table.items()),
                     tuple((s, a if isinstance(a, str) else tuple(a.items())) for s, a in self.play.items())))

    # ------------------------------------------------------------- queries
    @property
    def states(self) -> tuple[str, ...]:
        """State names, in definition order."""
        return tuple(self.play)

    @property
    def is_pure(self) -> bool:
        """True when every state plays one action for sure (needed for exact analysis)."""
        return all(isinstance(a, str) for a in self.play.values())

    def action(self, state: str):
        """The action played in ``state``: a label, or ``{label: probability}``."""
        if state not in self.play:
            raise ValueError(f"automaton {self.name!r} has no state {state!r}; states are {list(self.states)}")
        return self.play[state]

    def next_state(self, state: str, profile) -> str:
        """The state after observing ``profile = (own action, other's action)`` in ``state``."""
        profile = tuple(profile)
        if (state, profile) not in self._table:
            self.action(state)
            raise ValueError(
                f"automaton {self.name!r}: {profile!r} is not an (own, other) profile of the alphabet {list(self.alphabet)}"
            )
        return self._table[(state, profile)]

    def distribution(self, state: str) -> dict:
        """The action played in ``state`` as ``{label: probability}`` over the whole alphabet."""
        action = self.action(state)
        if isinstance(action, str):
            return {a: Fraction(int(a == action)) for a in self.alphabet}
        return dict(action)

    # -------------------------------------------------------------- copies
    def renamed(self, name: str) -> "Automaton":
        """The same machine under another name."""
        return self._rebuild(name=name)

    def with_noise(self, noise) -> "Automaton":
        """A mixed variant: each state plays its intended action with probability ``1 - noise``.

        The remaining probability is spread evenly over the other actions. The
        result is for simulation; exact analysis needs pure automata.

        Examples
        --------
        >>> from gametheory.games.repeated.strategies import always_cooperate
        >>> always_cooperate().with_noise(Fraction(1, 10)).action("c")["D"]
        Fraction(1, 10)
        """
        if isinstance(noise, (bool, np.bool_)) or not isinstance(noise, numbers.Real) or not 0 <= noise <= 1:
            raise ValueError(f"noise must be a probability in [0, 1], got {noise!r}")
        k = len(self.alphabet)
        play = {}
        for s in self.states:
            dist = self.distribution(s)
            if k == 1:
                play[s] = dist
                continue
            play[s] = {a: dist[a] * (1 - noise) + (1 - dist[a]) * noise / (k - 1) for a in self.alphabet}
        return self._rebuild(name=f"{self.name} (noise {noise})", play=play)

    def _rebuild(self, **changes) -> "Automaton":
        arguments = dict(
            name=self.name,
            play=dict(self.play),
            transitions={s: dict(rules) for s, rules in self.transitions.items()},
            initial=self.initial,
            alphabet=self.alphabet,
            check_reachable=self.check_reachable,
        )
        arguments.update(changes)
        return Automaton(**arguments)

    # ----------------------------------------------------------- data form
    @classmethod
    def from_dict(cls, data: Mapping, *, name: str | None = None) -> "Automaton":
        """An automaton from plain data (as read from a model file).

        The data is ``{"name": ..., "alphabet": [...], "initial": ...,
        "states": {state: {"play": action, "on": {key: next}}}}``; ``name``
        and ``alphabet`` are optional. Keys of ``on`` are ``"own,other"``
        strings (``"*"`` wildcards allowed).

        Examples
        --------
        >>> grim = Automaton.from_dict({"name": "Grim", "initial": "c", "states": {
        ...     "c": {"play": "C", "on": {"C,C": "c", "*": "p"}},
        ...     "p": {"play": "D"}}})
        >>> grim.next_state("c", ("D", "C"))
        'p'
        """
        if not isinstance(data, Mapping):
            raise TypeError(f"an automaton must be given as a table (mapping), got {type(data).__name__}")
        allowed = {"name", "alphabet", "initial", "states", "description"}
        extra = sorted(set(data) - allowed)
        if extra:
            raise ValueError(f"automaton {data.get('name', name)!r}: unknown field(s) {extra}; allowed: {sorted(allowed)}")
        label = data.get("name", name)
        if label is None:
            raise ValueError("an automaton needs a 'name'")
        states = data.get("states")
        if not isinstance(states, Mapping) or not states:
            raise ValueError(f"automaton {label!r}: 'states' must be a non-empty table {{state: {{play, on}}}}")
        play, transitions = {}, {}
        for s, spec in states.items():
            if not isinstance(spec, Mapping) or "play" not in spec:
                raise ValueError(f"automaton {label!r}, state {s!r}: expected a table with 'play' (and optional 'on')")
            unknown = sorted(set(spec) - {"play", "on"})
            if unknown:
                raise ValueError(f"automaton {label!r}, state {s!r}: unknown field(s) {unknown}; allowed: ['on', 'play']")
            play[s] = spec["play"]
            transitions[s] = spec.get("on", s)
        return cls(label, play, transitions, initial=data.get("initial"), alphabet=tuple(data.get("alphabet", ("C", "D"))))

    def to_dict(self) -> dict:
        """Plain data form, the inverse of :meth:`from_dict` (full transition tables)."""
        states = {}
        for s in self.states:
            action = self.play[s]
            states[s] = {
                "play": action if isinstance(action, str) else {a: str(p) if isinstance(p, Fraction) else p for a, p in action.items()},
                "on": {f"{own},{other}": t for (own, other), t in self.transitions[s].items()},
            }
        return {"name": self.name, "alphabet": list(self.alphabet), "initial": self.initial, "states": states}

    def describe(self) -> str:
        """A short multi-line text: each state, its action and its transitions."""
        lines = [f"{self.name} (initial state {self.initial!r})"]
        for s in self.states:
            action = self.play[s]
            shown = action if isinstance(action, str) else ", ".join(f"{a}:{p}" for a, p in action.items())
            moves = ", ".join(f"{o},{x}->{t}" for (o, x), t in self.transitions[s].items())
            lines.append(f"  {s}: plays {shown}; {moves}")
        return "\n".join(lines)
