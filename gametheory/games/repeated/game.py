"""A stage game repeated with discounting, and how automata play in it.

:class:`RepeatedGame` pairs a two-player stage game (a numeric or exact
:class:`~gametheory.games.normal_form.NormalFormGame`, or a
:class:`~gametheory.games.symbolic.SymbolicGame`) with a discount factor
(a float, an exact fraction, or a sympy symbol) and a horizon (infinite by
default). It also fixes how an automaton's alphabet (``C``/``D``) maps onto
each player's actions: explicitly through ``roles``, or else "the first
action is C, the second D", and always checked.
"""

from __future__ import annotations

import itertools
import numbers
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..normal_form import NormalFormGame
from ...numerics import to_fraction
from .automata import Automaton

__all__ = ["RepeatedGame", "BoundAutomaton"]


def _is_sympy(value) -> bool:
    module = type(value).__module__ or ""
    return module.startswith("sympy")


class RepeatedGame:
    """A two-player stage game repeated with discount factor ``discount``.

    Payoffs are normalised: a stream ``u_0, u_1, ...`` is worth
    ``(1 - delta) * sum(delta**t * u_t)`` over an infinite horizon, and
    ``sum(delta**t * u_t) / sum(delta**t)`` over ``horizon`` rounds, so values
    are in stage-payoff units.

    Parameters
    ----------
    stage : NormalFormGame or SymbolicGame
        The two-player stage game.
    discount : number or sympy expression, optional
        The discount factor (Axelrod's continuation probability ``w``). A
        float, int or Fraction in ``[0, 1)`` (``[0, 1]`` with a finite
        horizon), or a sympy symbol for results as functions of ``delta``.
        Default: the symbol ``delta``.
    horizon : int or None, optional
        Number of rounds; ``None`` (default) for an infinitely repeated game.
    roles : mapping or pair of mappings, optional
        How automaton labels map onto stage actions: ``{"C": "Restrain",
        "D": "Arm"}`` for both players, or one mapping per player. Default:
        labels that are the player's own action labels map to themselves;
        otherwise the automaton's labels map in order onto the player's
        actions (``C`` = the first action), which needs as many actions as
        labels.

    Raises
    ------
    ValueError
        For a stage game without exactly two players, a discount outside its
        range, a bad horizon, or roles that are not a one-to-one map onto a
        player's actions.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   actions=(["Cooperate", "Defect"],) * 2)
    >>> g = RepeatedGame(pd, Fraction(9, 10))
    >>> g.role_map(("C", "D"), 0)
    {'C': 'Cooperate', 'D': 'Defect'}
    >>> g.mode
    'exact'
    """

    def __init__(self, stage, discount=None, *, horizon: int | None = None, roles=None):
        # A SymbolicGame can only exist once its module (and sympy) is loaded: numeric work stays sympy-free.
        symbolic_module = sys.modules.get("gametheory.games.symbolic")
        symbolic_stage = symbolic_module is not None and isinstance(stage, symbolic_module.SymbolicGame)
        if not isinstance(stage, NormalFormGame) and not symbolic_stage:
            raise TypeError(f"stage must be a NormalFormGame or a SymbolicGame, got {type(stage).__name__}")
        if stage.n_players != 2:
            raise ValueError(f"stage must be a two-player game, got {stage.n_players} players")
        if horizon is not None:
            if isinstance(horizon, bool) or not isinstance(horizon, numbers.Integral) or horizon < 1:
                raise ValueError(f"horizon must be a positive integer number of rounds or None, got {horizon!r}")
            horizon = int(horizon)
        if discount is None:
            import sympy

            discount = sympy.Symbol("delta", nonnegative=True)
        if _is_sympy(discount) and not getattr(discount, "is_number", False):
            mode = "symbolic"
        else:
            if _is_sympy(discount):
                discount = to_fraction(discount, what="discount") if discount.is_Rational else float(discount)
            if isinstance(discount, (bool, np.bool_)) or not isinstance(discount, numbers.Real):
                raise TypeError(f"discount must be a number or a sympy symbol, got {discount!r}")
            upper_ok = discount <= 1 if horizon is not None else discount < 1
            if not (discount >= 0 and upper_ok):
                allowed = "[0, 1]" if horizon is not None else "[0, 1) for an infinite horizon"
                raise ValueError(f"discount must be in {allowed}, got {discount!r}")
            if symbolic_stage:
                import sympy

                mode = "symbolic"
                exact = to_fraction(discount, what="discount")
                discount = sympy.Rational(exact.numerator, exact.denominator)
            elif stage.is_exact:
                mode = "exact"
                discount = to_fraction(discount, what="discount")
            else:
                mode = "float"
                discount = float(discount)
        self._stage = stage
        self._discount = discount
        self._horizon = horizon
        self._mode = mode
        self._roles = self._check_roles(roles)

    def _check_roles(self, roles):
        if roles is None:
            return (None, None)
        if isinstance(roles, Mapping):
            roles = (roles, roles)
        if not isinstance(roles, Sequence) or len(roles) != 2 or not all(isinstance(r, Mapping) for r in roles):
            raise TypeError(f"roles must be a mapping {{label: action}} or one mapping per player, got {roles!r}")
        checked = []
        for i, mapping in enumerate(roles):
            actions = self._stage.actions[i]
            for label, action in mapping.items():
                if action not in actions:
                    raise ValueError(
                        f"roles for player {self._stage.players[i]!r} map {label!r} to {action!r}, "
                        f"which is not one of the player's actions {list(actions)}"
                    )
            targets = list(mapping.values())
            if len(set(targets)) != len(targets):
                raise ValueError(f"roles for player {self._stage.players[i]!r} map two labels to the same action: {dict(mapping)}")
            checked.append(dict(mapping))
        return tuple(checked)

    # ----------------------------------------------------------- properties
    @property
    def stage(self):
        """The stage game."""
        return self._stage

    @property
    def discount(self):
        """The discount factor (Fraction in exact mode, float, or a sympy expression)."""
        return self._discount

    @property
    def horizon(self) -> int | None:
        """Number of rounds, or ``None`` for an infinite horizon."""
        return self._horizon

    @property
    def mode(self) -> str:
        """``"exact"`` (Fractions), ``"float"`` or ``"symbolic"`` (sympy)."""
        return self._mode

    @property
    def players(self) -> tuple[str, str]:
        return self._stage.players

    def with_discount(self, discount) -> "RepeatedGame":
        """The same game with another discount factor."""
        return RepeatedGame(self._stage, discount, horizon=self._horizon, roles=self._roles if self._roles[0] else None)

    def role_map(self, alphabet: Sequence[str], player: int) -> dict[str, str]:
        """How an automaton with this ``alphabet`` plays as ``player``: ``{label: stage action}``.

        Raises ValueError when the mapping is not one-to-one onto the
        player's actions.
        """
        actions = self._stage.actions[player]
        alphabet = tuple(alphabet)
        given = self._roles[player]
        if given is not None and set(alphabet) <= set(given):
            mapping = {a: given[a] for a in alphabet}
        elif set(alphabet) == set(actions):
            mapping = {a: a for a in alphabet}
        elif given is not None:
            missing = sorted(set(alphabet) - set(given))
            raise ValueError(
                f"roles for player {self._stage.players[player]!r} do not say which action the label(s) {missing} mean"
            )
        elif len(alphabet) == len(actions):
            mapping = dict(zip(alphabet, actions))
        else:
            raise ValueError(
                f"an automaton with labels {list(alphabet)} cannot play as player {self._stage.players[player]!r}, "
                f"who has {len(actions)} actions {list(actions)}: pass roles={{label: action}} to RepeatedGame"
            )
        if sorted(mapping.values()) != sorted(actions):
            raise ValueError(
                f"labels {list(alphabet)} map to {sorted(mapping.values())} for player {self._stage.players[player]!r}, "
                f"but must cover each of the player's actions {list(actions)} exactly once"
            )
        return mapping

    def bind(self, automaton: Automaton, player: int) -> "BoundAutomaton":
        """Compile ``automaton`` to play as ``player`` (0 = row, 1 = column) in this game."""
        if not isinstance(automaton, Automaton):
            raise TypeError(f"strategy must be an Automaton, got {type(automaton).__name__}")
        other = 1 - player
        own_map = self.role_map(automaton.alphabet, player)
        other_map = self.role_map(automaton.alphabet, other)
        own_index = {label: self._stage.actions[player].index(a) for label, a in own_map.items()}
        other_label = {self._stage.actions[other].index(a): label for label, a in other_map.items()}
        own_label = {k: label for label, k in own_index.items()}
        states = automaton.states
        position = {s: k for k, s in enumerate(states)}
        m = self._stage.shape
        nxt = np.empty((len(states), m[0], m[1]), dtype=int)
        for k, s in enumerate(states):
            for a0, a1 in itertools.product(range(m[0]), range(m[1])):
                mine, theirs = (a0, a1) if player == 0 else (a1, a0)
                nxt[k, a0, a1] = position[automaton.next_state(s, (own_label[mine], other_label[theirs]))]
        nxt.setflags(write=False)
        dist = []
        for s in states:
            d = automaton.distribution(s)
            row = [0] * m[player]
            for label, p in d.items():
                row[own_index[label]] = p
            dist.append(tuple(row))
        action = tuple(own_index[automaton.play[s]] if isinstance(automaton.play[s], str) else None for s in states)
        return BoundAutomaton(automaton, player, states, position[automaton.initial], action, tuple(dist), nxt)

    # ------------------------------------------------------------- payoffs
    def stage_payoff(self, player: int, profile: tuple[int, int]):
        """Player's stage payoff at an action-index profile, in this game's number type."""
        value = self._stage.payoffs[player][profile]
        if self._mode == "symbolic":
            import sympy

            if isinstance(value, Fraction):
                return sympy.Rational(value.numerator, value.denominator)
            return sympy.sympify(value)
        return value

    def __repr__(self) -> str:
        horizon = "infinite horizon" if self._horizon is None else f"{self._horizon} rounds"
        title = f" {self._stage.title!r}" if self._stage.title else ""
        return f"<RepeatedGame{title}: discount {self._discount}, {horizon}, {self._mode}>"


@dataclass(frozen=True, eq=False)
class BoundAutomaton:
    """An automaton compiled for one role of a stage game (indices, not labels).

    Attributes
    ----------
    automaton : Automaton
    player : int
    states : tuple of str
    initial : int
    action : tuple
        Stage action index played in each state (``None`` for a mixed state).
    distribution : tuple of tuple
        Probability of each stage action in each state.
    next : ndarray
        ``next[s, a0, a1]``: the state after the stage profile ``(a0, a1)``
        (row action, column action) is played in state ``s``.
    """

    automaton: Automaton
    player: int
    states: tuple
    initial: int
    action: tuple
    distribution: tuple
    next: np.ndarray

    @property
    def is_pure(self) -> bool:
        return all(a is not None for a in self.action)

    def require_pure(self, what: str) -> None:
        if not self.is_pure:
            mixed = [s for s, a in zip(self.states, self.action) if a is None]
            raise ValueError(
                f"{what} needs pure automata, but {self.automaton.name!r} mixes actions in state(s) {mixed}; "
                "use simulation for mixed or noisy strategies"
            )
