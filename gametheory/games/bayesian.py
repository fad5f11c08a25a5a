"""Bayesian games (types with a common prior), solved through their strategic form.

In a Bayesian game each player has a type drawn from a common prior and knows
only its own type; payoffs depend on the whole type profile and the action
profile. A strategy (a *plan*) names one action for each of the player's types.
The ex-ante *strategic form* has the plans as actions and the prior-weighted
expected payoffs as payoffs; its Nash equilibria are exactly the Bayesian Nash
equilibria (Harsanyi 1967-68). So the engine's certified solvers solve
Bayesian games unchanged, and each equilibrium is reported back per type, with
the posterior beliefs an observer forms about a player's type after seeing its
action.

References
----------
Harsanyi, J. C. (1967-68). Games with incomplete information played by
"Bayesian" players, I-III. *Management Science* 14(3), 159-182; 14(5),
320-334; 14(7), 486-502.
Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press, ch. 6.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..equilibrium import Equilibrium
from .normal_form import NormalFormGame
from ..numerics import format_value, is_exact_scalar, scaled_tolerance, to_fraction

__all__ = ["BayesianGame", "BayesianEquilibrium", "plan_label", "strategic_form_payoffs"]

#: Largest (plan profiles x type profiles) product the strategic form is built for.
MAX_STRATEGIC_FORM_WORK = 2_000_000

#: Separator between the actions of a plan in the strategic form's labels.
PLAN_SEPARATOR = "/"


def plan_label(actions: Sequence[str], plan: Sequence[int]) -> str:
    """Label of a plan: the action of each type in type order, joined by ``/``.

    A player with one type keeps its action labels unchanged.

    Examples
    --------
    >>> plan_label(["Fight", "Concede"], (0, 1))
    'Fight/Concede'
    >>> plan_label(["Fight", "Concede"], (1,))
    'Concede'
    """
    return PLAN_SEPARATOR.join(actions[a] for a in plan)


def strategic_form_payoffs(payoffs, prior, n_types: Sequence[int], n_actions: Sequence[int]):
    """Ex-ante expected payoffs of every plan profile.

    Works on any entries that support ``+`` and ``*`` (floats, Fractions,
    sympy expressions), so a symbolic Bayesian model gets a symbolic strategic
    form.

    Parameters
    ----------
    payoffs : sequence of ndarray
        Player ``i``'s payoffs, of shape ``n_types + n_actions`` (type
        profile first, then action profile).
    prior : ndarray
        Probability of each type profile, of shape ``n_types``.
    n_types, n_actions : sequence of int

    Returns
    -------
    plans : tuple of tuple of tuple of int
        Each player's plans (one action index per own type), in
        lexicographic order.
    arrays : list of ndarray
        One object array per player, of shape ``(len(plans[0]), ...)``.

    Examples
    --------
    >>> import numpy as np
    >>> from fractions import Fraction
    >>> # player 0 has two types and two actions, player 1 one type and one action;
    >>> # player 0 gets 1 when its action matches its type
    >>> u = [np.array([[1, 0], [0, 1]], dtype=object).reshape(2, 1, 2, 1), np.zeros((2, 1, 2, 1), dtype=object)]
    >>> prior = np.array([[Fraction(1, 3)], [Fraction(2, 3)]], dtype=object)
    >>> plans, arrays = strategic_form_payoffs(u, prior, (2, 1), (2, 1))
    >>> plans[0]
    ((0, 0), (0, 1), (1, 0), (1, 1))
    >>> arrays[0][:, 0].tolist()
    [Fraction(1, 3), Fraction(1, 1), Fraction(0, 1), Fraction(2, 3)]
    """
    n_types = tuple(int(k) for k in n_types)
    n_actions = tuple(int(m) for m in n_actions)
    plans = tuple(tuple(itertools.product(range(m), repeat=k)) for m, k in zip(n_actions, n_types))
    shape = tuple(len(p) for p in plans)
    type_profiles = list(np.ndindex(n_types))
    work = math.prod(shape) * len(type_profiles) * len(n_actions)
    if work > MAX_STRATEGIC_FORM_WORK:
        raise ValueError(
            f"the strategic form has {math.prod(shape)} plan profiles x {len(type_profiles)} type profiles; "
            f"this is above the limit of {MAX_STRATEGIC_FORM_WORK} payoff terms"
        )
    weights = [(t, prior[t]) for t in type_profiles if not (_is_plain_number(prior[t]) and prior[t] == 0)]
    arrays = [np.empty(shape, dtype=object) for _ in n_actions]
    for plan_index in np.ndindex(shape):
        chosen = [plans[j][plan_index[j]] for j in range(len(n_actions))]
        for i, array in enumerate(arrays):
            total = 0
            for t, weight in weights:
                actions = tuple(chosen[j][t[j]] for j in range(len(n_actions)))
                total = total + weight * payoffs[i][t + actions]
            array[plan_index] = total
    return plans, arrays


def _is_plain_number(value) -> bool:
    return isinstance(value, (numbers.Real, Fraction)) and not isinstance(value, bool)


class BayesianGame:
    """A finite Bayesian game with a common prior over type profiles.

    Parameters
    ----------
    payoffs : sequence of array_like
        One array per player of shape ``(k_0, ..., k_{n-1}, m_0, ..., m_{n-1})``:
        the payoff at each type profile and action profile (``k_i`` types and
        ``m_i`` actions for player ``i``; a player without private
        information has one type).
    prior : array_like
        Probabilities of the type profiles, shape ``(k_0, ..., k_{n-1})``,
        non-negative and summing to 1 (exactly for exact values, within the
        default tolerance for floats). Use :meth:`independent` for a product
        prior given per player.
    players : sequence of str, optional
    types : sequence of sequence of str, optional
        Type labels per player; default ``"t1"``, ``"t2"``, ... (one type:
        ``"-"``).
    actions : sequence of sequence of str, optional
    title : str

    Examples
    --------
    A defender is Resolved with probability 1/3; the challenger does not
    know which. The challenger Challenges or Waits; the defender Fights or
    Concedes.

    >>> from fractions import Fraction
    >>> import numpy as np
    >>> u_c = np.array([[[-1, 2], [0, 0]], [[-1, 2], [0, 0]]], dtype=object).reshape(1, 2, 2, 2)
    >>> u_d = np.array([[[1, -1], [2, 2]], [[-2, -1], [2, 2]]], dtype=object).reshape(1, 2, 2, 2)
    >>> g = BayesianGame.independent([u_c, u_d], [[1], [Fraction(1, 3), Fraction(2, 3)]],
    ...                              players=["Challenger", "Defender"],
    ...                              types=[["-"], ["Resolved", "Irresolute"]],
    ...                              actions=[["Challenge", "Wait"], ["Fight", "Concede"]])
    >>> g.strategic_form().actions[1]
    ('Fight/Fight', 'Fight/Concede', 'Concede/Fight', 'Concede/Concede')
    >>> for e in g.equilibria(method="pure"):
    ...     print(e.describe())
    Challenger: Challenge; Defender[Resolved]: Fight; Defender[Irresolute]: Concede
    Challenger: Wait; Defender[Resolved]: Fight; Defender[Irresolute]: Fight
    Challenger: Wait; Defender[Resolved]: Concede; Defender[Irresolute]: Fight
    >>> e = g.equilibria(method="pure")[0]
    >>> e.describe()
    'Challenger: Challenge; Defender[Resolved]: Fight; Defender[Irresolute]: Concede'
    >>> e.posterior("Defender")["Fight"]
    {'Resolved': Fraction(1, 1), 'Irresolute': Fraction(0, 1)}
    """

    def __init__(self, payoffs, prior, players=None, types=None, actions=None, *, title: str = ""):
        arrays = [np.array(p, dtype=object) for p in payoffs]
        n = len(arrays)
        if n < 1:
            raise ValueError("a Bayesian game needs at least one player")
        for i, array in enumerate(arrays):
            if array.ndim != 2 * n:
                raise ValueError(
                    f"payoffs of player {i} have {array.ndim} axes, expected {2 * n} "
                    "(one type axis and one action axis per player)"
                )
            if array.shape != arrays[0].shape:
                raise ValueError(f"payoffs of player {i} have shape {array.shape}, expected {arrays[0].shape}")
        n_types = arrays[0].shape[:n]
        n_actions = arrays[0].shape[n:]
        prior = np.array(prior, dtype=object)
        if prior.shape != n_types:
            raise ValueError(f"prior has shape {prior.shape}, expected {n_types} (one axis per player's types)")
        self._exact = all(is_exact_scalar(v) for v in prior.ravel()) and all(
            is_exact_scalar(v) for a in arrays for v in a.ravel()
        )
        prior = _check_prior(prior, self._exact)
        # Validation of labels and payoff values is the numeric game's: build
        # the game at the first type profile as a template.
        first = tuple(0 for _ in range(n))
        template = NormalFormGame(
            [a[first] for a in arrays], players, actions, exact=self._exact, title=title
        )
        for i, array in enumerate(arrays):
            for t in np.ndindex(n_types):
                NormalFormGame._convert(array[t], self._exact, template.players[i], template.players, template.actions)
        if types is None:
            types = [("-",) if k == 1 else tuple(f"t{j + 1}" for j in range(k)) for k in n_types]
        types = tuple(tuple(str(label) for label in labels) for labels in types)
        if len(types) != n or any(len(labels) != k for labels, k in zip(types, n_types)):
            raise ValueError(f"types must give {list(n_types)} labels for the players, got {[list(t) for t in types]}")
        for i, labels in enumerate(types):
            if len(set(labels)) != len(labels):
                raise ValueError(f"types of player {template.players[i]!r} have duplicate labels: {list(labels)}")
        convert = (lambda v: to_fraction(v)) if self._exact else float
        self._payoffs = tuple(np.vectorize(convert, otypes=[object if self._exact else float])(a) for a in arrays)
        self._prior = np.vectorize(convert, otypes=[object if self._exact else float])(prior)
        for array in self._payoffs + (self._prior,):
            array.setflags(write=False)
        self._players = template.players
        self._actions = template.actions
        self._types = types
        self._title = title
        self._strategic = None
        self._plans = None

    @classmethod
    def independent(cls, payoffs, priors, players=None, types=None, actions=None, *, title: str = ""):
        """A Bayesian game whose players' types are independent.

        ``priors[i]`` is player ``i``'s distribution over its own types
        (``[1]`` for a player without private information); the joint prior
        is their product.
        """
        vectors = [np.array(p, dtype=object).ravel() for p in priors]
        joint = np.empty(tuple(len(v) for v in vectors), dtype=object)
        for t in np.ndindex(joint.shape):
            value = 1
            for i, k in enumerate(t):
                value = value * vectors[i][k]
            joint[t] = value
        return cls(payoffs, joint, players, types, actions, title=title)

    # ----------------------------------------------------------- properties
    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def actions(self) -> tuple[tuple[str, ...], ...]:
        return self._actions

    @property
    def types(self) -> tuple[tuple[str, ...], ...]:
        return self._types

    @property
    def prior(self) -> np.ndarray:
        """Joint prior over type profiles (read-only)."""
        return self._prior

    @property
    def payoffs(self) -> tuple[np.ndarray, ...]:
        return self._payoffs

    @property
    def is_exact(self) -> bool:
        return self._exact

    @property
    def n_players(self) -> int:
        return len(self._players)

    def marginal_prior(self, player: int | str) -> np.ndarray:
        """Prior probability of each of ``player``'s types."""
        i = self._player_index(player)
        axes = tuple(k for k in range(self.n_players) if k != i)
        if self._exact:
            result = np.empty(len(self._types[i]), dtype=object)
            for t in range(len(self._types[i])):
                result[t] = sum((self._prior[index] for index in np.ndindex(self._prior.shape) if index[i] == t), Fraction(0))
            return result
        return np.asarray(self._prior, dtype=float).sum(axis=axes)

    def _player_index(self, player) -> int:
        if isinstance(player, str):
            if player not in self._players:
                raise ValueError(f"no player {player!r}; players are {list(self._players)}")
            return self._players.index(player)
        if not isinstance(player, numbers.Integral) or not 0 <= player < self.n_players:
            raise ValueError(f"player index {player!r} out of range (0..{self.n_players - 1})")
        return int(player)

    # -------------------------------------------------------- strategic form
    def plans(self, player: int | str) -> tuple[tuple[int, ...], ...]:
        """``player``'s plans (one action index per own type), in the strategic form's order."""
        self.strategic_form()
        return self._plans[self._player_index(player)]

    def strategic_form(self) -> NormalFormGame:
        """The ex-ante strategic form: plans as actions, prior-weighted payoffs.

        Plan labels join the action of each type with ``/`` in type order
        (``"Fight/Concede"``: fight if the first type, concede if the
        second).
        """
        if self._strategic is None:
            n_types = self._prior.shape
            n_actions = tuple(len(a) for a in self._actions)
            plans, arrays = strategic_form_payoffs(self._payoffs, self._prior, n_types, n_actions)
            labels = [[plan_label(self._actions[i], p) for p in plans[i]] for i in range(self.n_players)]
            if not self._exact:
                arrays = [np.asarray(a, dtype=float) for a in arrays]
            self._strategic = NormalFormGame(arrays, self._players, labels, exact=self._exact, title=self._title)
            self._plans = plans
        return self._strategic

    def equilibrium_from(self, equilibrium: Equilibrium) -> "BayesianEquilibrium":
        """Read an equilibrium of :meth:`strategic_form` back in terms of types."""
        game = self.strategic_form()
        if equilibrium.game is not game and equilibrium.game != game:
            raise ValueError("the equilibrium is not one of this Bayesian game's strategic form")
        behaviour = []
        for i in range(self.n_players):
            k, m = len(self._types[i]), len(self._actions[i])
            exact = equilibrium.strategies[i].dtype == object
            table = np.zeros((k, m), dtype=object if exact else float)
            if exact:
                table[...] = Fraction(0)
            for p, plan in enumerate(self._plans[i]):
                weight = equilibrium.strategies[i][p]
                for t, a in enumerate(plan):
                    table[t, a] = table[t, a] + weight
            table.setflags(write=False)
            behaviour.append(table)
        return BayesianEquilibrium(self, equilibrium, tuple(behaviour))

    def equilibria(self, method: str = "auto", *, exact: bool | None = None, tol: float | None = None):
        """Bayesian Nash equilibria, via :func:`gametheory.solvers.solve` on the strategic form.

        Returns
        -------
        tuple of BayesianEquilibrium
            One per equilibrium of the strategic form's :class:`SolveResult`
            (whose flags for completeness and degeneracy apply unchanged).
        """
        from ..solvers import solve

        result = solve(self.strategic_form(), method, exact=exact, tol=tol)
        return tuple(self.equilibrium_from(e) for e in result)

    def __repr__(self) -> str:
        return (
            f"<BayesianGame {self._title!r}: players {list(self._players)}, "
            f"types {[list(t) for t in self._types]}, actions {[list(a) for a in self._actions]}>"
        )


def _check_prior(prior: np.ndarray, exact: bool) -> np.ndarray:
    for index in np.ndindex(prior.shape):
        value = prior[index]
        if isinstance(value, (bool, np.bool_)) or not (isinstance(value, numbers.Real) or is_exact_scalar(value)):
            raise TypeError(f"prior probability at type profile {index} must be a number, got {value!r}")
        if not math.isfinite(float(value)) or value < 0:
            raise ValueError(f"prior probability at type profile {index} is {value}, expected a number in [0, 1]")
    total = sum(prior.ravel(), Fraction(0)) if exact else float(np.sum(np.asarray(prior, dtype=float)))
    if (exact and total != 1) or (not exact and abs(total - 1) > scaled_tolerance(None, 1.0) * prior.size):
        raise ValueError(f"prior probabilities sum to {format_value(total)}, expected 1")
    return prior


@dataclass(frozen=True, eq=False)
class BayesianEquilibrium:
    """A Bayesian Nash equilibrium: a certified equilibrium of the strategic form, read per type.

    Attributes
    ----------
    game : BayesianGame
    equilibrium : Equilibrium
        The certified equilibrium of ``game.strategic_form()`` (its regrets
        are the certificate).
    behaviour : tuple of ndarray
        ``behaviour[i][t, a]``: probability that player ``i`` of type ``t``
        plays action ``a``.
    """

    game: BayesianGame
    equilibrium: Equilibrium
    behaviour: tuple

    def action_probabilities(self, player: int | str) -> dict[str, dict[str, object]]:
        """``{type: {action: probability}}`` for ``player``."""
        i = self.game._player_index(player)
        return {
            t: {a: self.behaviour[i][k, j] for j, a in enumerate(self.game.actions[i])}
            for k, t in enumerate(self.game.types[i])
        }

    def posterior(self, player: int | str) -> dict[str, dict[str, object] | None]:
        """Beliefs about ``player``'s type after observing each of its actions.

        By Bayes' rule, ``P(type | action) = prior(type) * P(action | type) /
        P(action)``. An action that no type plays with positive probability
        is off the equilibrium path, where Bayes' rule says nothing: its
        entry is ``None``.
        """
        i = self.game._player_index(player)
        prior = self.game.marginal_prior(i)
        table = self.behaviour[i]
        exact = table.dtype == object and self.game.is_exact
        result = {}
        for j, action in enumerate(self.game.actions[i]):
            joint = [prior[k] * table[k, j] for k in range(len(prior))]
            total = sum(joint, Fraction(0)) if exact else float(sum(float(v) for v in joint))
            if (exact and total == 0) or (not exact and total <= self.equilibrium.tol):
                result[action] = None
            else:
                result[action] = {
                    t: (joint[k] / total if exact else float(joint[k]) / total) for k, t in enumerate(self.game.types[i])
                }
        return result

    def describe(self, digits: int = 4) -> str:
        """One line per player and type, e.g. ``Defender[Resolved]: Fight``."""
        parts = []
        for i, player in enumerate(self.game.players):
            types = self.game.types[i]
            for k, t in enumerate(types):
                row = self.behaviour[i][k]
                played = [j for j in range(len(row)) if row[j] != 0]
                if len(played) == 1:
                    text = self.game.actions[i][played[0]]
                else:
                    text = " + ".join(f"{format_value(row[j], digits=digits)} {self.game.actions[i][j]}" for j in played)
                name = player if len(types) == 1 else f"{player}[{t}]"
                parts.append(f"{name}: {text}")
        return "; ".join(parts)

    def __repr__(self) -> str:
        return f"<BayesianEquilibrium {self.describe()} | max regret {format_value(self.equilibrium.max_regret)}>"
