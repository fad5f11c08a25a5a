"""The sender-receiver signalling game: types with a prior, messages, responses, payoffs.

A signalling game is a small game tree (:meth:`SignalingGame.tree`: nature draws the type,
the sender sends a message, the receiver responds). Its equilibria come from the tree engine
(perfect Bayesian equilibria, beliefs, the Intuitive Criterion:
:mod:`gametheory.solvers.perfect_bayesian`) or through its strategic form (sender plans: a
message per type; receiver plans: a response per message) with the engine's certified
solvers; each is read back per type and per message (:mod:`.equilibria`).
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np

from ..bayesian import PLAN_SEPARATOR, plan_label
from ...equilibrium import Equilibrium, certify
from ..normal_form import NormalFormGame
from ...numerics import format_value, is_exact_scalar, scaled_tolerance, to_fraction
from .beliefs import BeliefSet, _belief_set
from .equilibria import SignalingEquilibrium, SignalingResult, _analyse

__all__ = ["SignalingGame", "MAX_STRATEGIC_PROFILES"]


#: Largest number of strategic-form profiles (sender plans x receiver plans) built.
MAX_STRATEGIC_PROFILES = 250_000


# --------------------------------------------------------------------- input
def _labels(values, what: str) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise TypeError(f"{what} must be a sequence of labels, got {values!r}")
    labels = tuple(values)
    if not labels:
        raise ValueError(f"{what} must have at least one entry")
    for label in labels:
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"{what} must be non-empty strings, got {label!r}")
        if PLAN_SEPARATOR in label:
            raise ValueError(f"{what} may not contain {PLAN_SEPARATOR!r} (it joins plan labels), got {label!r}")
    duplicates = sorted({label for label in labels if labels.count(label) > 1})
    if duplicates:
        raise ValueError(f"{what} has duplicate labels: {duplicates}")
    return labels


def _number(value, what: str):
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{what} must be a number, got the boolean {value!r}")
    if is_exact_scalar(value):
        return value
    if isinstance(value, numbers.Real):
        if not math.isfinite(float(value)):
            raise ValueError(f"{what} is {float(value)}, expected a finite number")
        return value
    raise TypeError(f"{what} must be a number, got {type(value).__name__} {value!r}")


# --------------------------------------------------------------------- game
class SignalingGame:
    """A finite sender-receiver signalling game.

    Parameters
    ----------
    types : sequence of str
        The sender's types.
    prior : sequence of numbers
        Prior probability of each type: non-negative, summing to 1 (exactly
        for exact values, within the default tolerance for floats).
    messages : sequence of str
        The sender's messages (signals).
    responses : sequence of str
        The receiver's responses.
    sender_payoff, receiver_payoff : array_like
        Payoffs indexed ``[type, message, response]``, shape
        ``(len(types), len(messages), len(responses))``; ints and Fractions
        (exact) or floats.
    players : pair of str
        Names of the sender and the receiver.
    exact : bool, optional
        Exact (Fraction) arithmetic; default: exact when the prior and every
        payoff are ints or Fractions.
    title : str

    Raises
    ------
    ValueError, TypeError
        On wrong shapes, non-numbers, NaN, a prior that is negative or does
        not sum to 1, and empty or duplicate labels.

    Examples
    --------
    Cho and Kreps' beer-quiche game: the sender is Weak (1/10) or Strong
    (9/10), has Beer or Quiche for breakfast; the receiver Duels or not.

    >>> from fractions import Fraction
    >>> from gametheory.games.signaling import pure_pbe
    >>> u_s = [[[0, 2], [1, 3]], [[1, 3], [0, 2]]]   # weak likes quiche, strong beer; +2 if no duel
    >>> u_r = [[[1, 0], [1, 0]], [[0, 1], [0, 1]]]   # duel the weak, not the strong
    >>> g = SignalingGame(["Weak", "Strong"], [Fraction(1, 10), Fraction(9, 10)],
    ...                   ["Beer", "Quiche"], ["Duel", "Not"], u_s, u_r,
    ...                   players=("Sender", "Receiver"))
    >>> for e in pure_pbe(g):
    ...     print(e.describe())
    Sender[Weak]: Beer; Sender[Strong]: Beer; Receiver: Beer->Not, Quiche->Duel | pooling PBE; after Quiche (off path): P(Weak) in [1/2, 1]
    Sender[Weak]: Quiche; Sender[Strong]: Quiche; Receiver: Beer->Duel, Quiche->Not | pooling PBE; after Beer (off path): P(Weak) in [1/2, 1]
    >>> [e.intuitive_criterion().passes for e in pure_pbe(g)]
    [True, False]
    """

    def __init__(self, types, prior, messages, responses, sender_payoff, receiver_payoff, *,
                 players=("Sender", "Receiver"), exact: bool | None = None, title: str = ""):
        self._types = _labels(types, "types")
        self._messages = _labels(messages, "messages")
        self._responses = _labels(responses, "responses")
        players = _labels(players, "players")
        if len(players) != 2:
            raise ValueError(f"players must name the sender and the receiver, got {list(players)}")
        self._players = players
        shape = (len(self._types), len(self._messages), len(self._responses))
        if isinstance(prior, (str, Mapping)) or not isinstance(prior, (Sequence, np.ndarray)):
            raise TypeError(f"prior must be a sequence of probabilities, one per type, got {prior!r}")
        prior = list(np.asarray(prior, dtype=object).ravel()) if isinstance(prior, np.ndarray) else list(prior)
        if len(prior) != shape[0]:
            raise ValueError(f"prior has {len(prior)} entries, expected {shape[0]} (one per type {list(self._types)})")
        prior = [_number(p, f"prior probability of type {t!r}") for p, t in zip(prior, self._types)]
        arrays = []
        for name, payoff in (("sender_payoff", sender_payoff), ("receiver_payoff", receiver_payoff)):
            try:
                array = np.array(payoff, dtype=object)
            except ValueError:
                raise ValueError(f"{name} is not a rectangular array of shape {shape}") from None
            if array.shape != shape:
                raise ValueError(
                    f"{name} has shape {array.shape}, expected {shape} (types x messages x responses)"
                )
            for t, m, r in np.ndindex(shape):
                array[t, m, r] = _number(
                    array[t, m, r],
                    f"{name} at ({self._types[t]}, {self._messages[m]}, {self._responses[r]})",
                )
            arrays.append(array)
        if exact is None:
            exact = all(is_exact_scalar(v) for v in prior) and all(is_exact_scalar(v) for a in arrays for v in a.ravel())
        self._exact = bool(exact)
        convert = (lambda v: to_fraction(v)) if self._exact else float
        for p, t in zip(prior, self._types):
            if convert(p) < 0:
                raise ValueError(f"prior probability of type {t!r} is {format_value(p)}, expected a value >= 0")
        prior = tuple(convert(p) for p in prior)
        total = sum(prior, Fraction(0)) if self._exact else math.fsum(prior)
        if (self._exact and total != 1) or (not self._exact and abs(total - 1) > scaled_tolerance(None, 1.0) * len(prior)):
            raise ValueError(f"prior probabilities sum to {format_value(total)}, expected 1")
        self._prior = prior
        stored = []
        for array in arrays:
            out = np.empty(shape, dtype=object if self._exact else float)
            for index in np.ndindex(shape):
                out[index] = convert(array[index])
            out.setflags(write=False)
            stored.append(out)
        self._sender_payoff, self._receiver_payoff = stored
        self._title = str(title)
        n_profiles = len(self._messages) ** len(self._types) * len(self._responses) ** len(self._messages)
        self._n_profiles = n_profiles
        self._strategic = None
        self._sender_plans = tuple(itertools.product(range(shape[1]), repeat=shape[0]))
        self._receiver_plans = tuple(itertools.product(range(shape[2]), repeat=shape[1]))
        self._tree = None
        self._sender_sets: tuple = ()
        self._receiver_sets: tuple = ()

    # ------------------------------------------------------------ properties
    @property
    def types(self) -> tuple[str, ...]:
        return self._types

    @property
    def prior(self) -> tuple:
        return self._prior

    @property
    def messages(self) -> tuple[str, ...]:
        return self._messages

    @property
    def responses(self) -> tuple[str, ...]:
        return self._responses

    @property
    def players(self) -> tuple[str, str]:
        return self._players

    @property
    def sender_payoff(self) -> np.ndarray:
        """Read-only array ``[type, message, response]``."""
        return self._sender_payoff

    @property
    def receiver_payoff(self) -> np.ndarray:
        """Read-only array ``[type, message, response]``."""
        return self._receiver_payoff

    @property
    def is_exact(self) -> bool:
        return self._exact

    @property
    def title(self) -> str:
        return self._title

    @property
    def sender_plans(self) -> tuple[tuple[int, ...], ...]:
        """Sender plans (a message index per type), in the strategic form's order."""
        return self._sender_plans

    @property
    def receiver_plans(self) -> tuple[tuple[int, ...], ...]:
        """Receiver plans (a response index per message), in the strategic form's order."""
        return self._receiver_plans

    def _zero(self):
        return Fraction(0) if self._exact else 0.0

    # ------------------------------------------------------------------ tree
    def tree(self):
        """The game tree: nature draws the type, the sender (knowing it) sends a message, the receiver responds.

        The sender's information sets are named ``"type <t>"``, the
        receiver's ``"after <m>"`` (one per message, holding every type's
        node, in type order). Exact when the game is exact.

        Returns
        -------
        gametheory.games.extensive.GameTree

        Examples
        --------
        >>> g = SignalingGame(["Weak", "Strong"], [Fraction(1, 10), Fraction(9, 10)],
        ...                   ["Beer", "Quiche"], ["Duel", "Not"],
        ...                   [[[0, 2], [1, 3]], [[1, 3], [0, 2]]], [[[1, 0], [1, 0]], [[0, 1], [0, 1]]])
        >>> tree = g.tree()
        >>> tree.n_nodes, [tree.infoset_labels[h] for h in range(tree.n_infosets)]
        (15, ['type Weak', 'type Strong', 'after Beer', 'after Quiche'])
        """
        if self._tree is None:
            from ..extensive import build_tree, chance, decision, terminal

            sender, receiver = self._players
            moves = {}
            for t, label in enumerate(self._types):
                messages = {
                    message: decision(receiver, {
                        response: terminal(self._sender_payoff[t, m, r], self._receiver_payoff[t, m, r])
                        for r, response in enumerate(self._responses)}, infoset=f"after {message}")
                    for m, message in enumerate(self._messages)}
                moves[label] = (self._prior[t], decision(sender, messages, infoset=f"type {label}"))
            tree = build_tree(chance(moves), players=[sender, receiver], exact=self._exact, title=self._title)
            self._sender_sets = tuple(tree.infoset_index(f"type {t}") for t in self._types)
            self._receiver_sets = tuple(tree.infoset_index(f"after {m}") for m in self._messages)
            self._tree = tree
        return self._tree

    # -------------------------------------------------------- strategic form
    def strategic_form(self) -> NormalFormGame:
        """The ex-ante strategic form: sender plans x receiver plans.

        A sender plan is labelled by the message of each type joined with
        ``/`` in type order (``"Beer/Quiche"``); a receiver plan by the
        response after each message in message order (``"Duel/Not"``).

        Examples
        --------
        >>> g = SignalingGame(["L", "H"], [Fraction(1, 2), Fraction(1, 2)], ["a", "b"], ["x", "y"],
        ...                   [[[1, 0], [0, 1]], [[0, 1], [1, 0]]], [[[1, 0], [1, 0]], [[0, 1], [0, 1]]])
        >>> g.strategic_form().actions[0]
        ('a/a', 'a/b', 'b/a', 'b/b')
        """
        if self._strategic is None:
            if self._n_profiles > MAX_STRATEGIC_PROFILES:
                raise ValueError(
                    f"the strategic form has {len(self._sender_plans)} x {len(self._receiver_plans)} = "
                    f"{self._n_profiles} profiles, above the limit of {MAX_STRATEGIC_PROFILES}"
                )
            shape = (len(self._sender_plans), len(self._receiver_plans))
            dtype = object if self._exact else float
            sender = np.empty(shape, dtype=dtype)
            receiver = np.empty(shape, dtype=dtype)
            weights = [(t, p) for t, p in enumerate(self._prior) if p != 0]
            for i, s in enumerate(self._sender_plans):
                for j, r in enumerate(self._receiver_plans):
                    us = self._zero()
                    ur = self._zero()
                    for t, p in weights:
                        m = s[t]
                        us = us + p * self._sender_payoff[t, m, r[m]]
                        ur = ur + p * self._receiver_payoff[t, m, r[m]]
                    sender[i, j] = us
                    receiver[i, j] = ur
            labels = (
                [plan_label(self._messages, s) for s in self._sender_plans],
                [plan_label(self._responses, r) for r in self._receiver_plans],
            )
            self._strategic = NormalFormGame([sender, receiver], self._players, labels, exact=self._exact,
                                             title=self._title)
        return self._strategic

    def to_bayesian_game(self):
        """The same game as a :class:`~gametheory.games.bayesian.BayesianGame`.

        The sender has the types and chooses a message; the receiver has one
        type and chooses a plan (a response per message). Its strategic form
        equals :meth:`strategic_form`.
        """
        from ..bayesian import BayesianGame

        n_types, n_messages = len(self._types), len(self._messages)
        n_plans = len(self._receiver_plans)
        u_s = np.empty((n_types, 1, n_messages, n_plans), dtype=object)
        u_r = np.empty((n_types, 1, n_messages, n_plans), dtype=object)
        for t, m, j in np.ndindex(n_types, n_messages, n_plans):
            r = self._receiver_plans[j][m]
            u_s[t, 0, m, j] = self._sender_payoff[t, m, r]
            u_r[t, 0, m, j] = self._receiver_payoff[t, m, r]
        if not self._exact:
            u_s, u_r = u_s.astype(float), u_r.astype(float)
        prior = np.array(self._prior, dtype=object).reshape(n_types, 1)
        return BayesianGame(
            [u_s, u_r], prior, players=self._players, types=[self._types, ["-"]],
            actions=[self._messages, [plan_label(self._responses, r) for r in self._receiver_plans]],
            title=self._title,
        )

    # --------------------------------------------------------------- solving
    def equilibria(self, method: str = "auto", *, exact: bool | None = None, tol: float | None = None) -> "SignalingResult":
        """Equilibria of the strategic form, each read as behaviour with beliefs and a PBE check.

        Parameters
        ----------
        method : str
            Passed to :func:`gametheory.solvers.solve` (``"auto"``: vertex
            enumeration, every extreme equilibrium).
        exact : bool, optional
            Exact arithmetic; default: the game's mode.
        tol : float, optional
            Float-mode tolerance (see :mod:`gametheory.numerics`).

        Returns
        -------
        SignalingResult
        """
        from ...solvers import solve

        result = solve(self.strategic_form(), method, exact=exact, tol=tol)
        return SignalingResult(self, tuple(self.equilibrium_from(e, tol=tol) for e in result), result)

    def equilibrium_from(self, equilibrium: Equilibrium, *, tol: float | None = None) -> "SignalingEquilibrium":
        """Read a certified equilibrium of :meth:`strategic_form` as behaviour, beliefs and checks."""
        game = self.strategic_form()
        if equilibrium.game is not game and equilibrium.game != game:
            raise ValueError("the equilibrium is not one of this signalling game's strategic form")
        exact = equilibrium.is_exact and self._exact
        zero = Fraction(0) if exact else 0.0
        n_t, n_m, n_r = len(self._types), len(self._messages), len(self._responses)
        sender = np.full((n_t, n_m), zero, dtype=object if exact else float)
        receiver = np.full((n_m, n_r), zero, dtype=object if exact else float)
        for p, plan in enumerate(self._sender_plans):
            weight = equilibrium.strategies[0][p]
            if weight != 0:
                for t, m in enumerate(plan):
                    sender[t, m] = sender[t, m] + weight
        for q, plan in enumerate(self._receiver_plans):
            weight = equilibrium.strategies[1][q]
            if weight != 0:
                for m, r in enumerate(plan):
                    receiver[m, r] = receiver[m, r] + weight
        return _analyse(self, equilibrium, sender, receiver, tol)

    def assess(self, sender, receiver, *, tol: float | None = None) -> "SignalingEquilibrium":
        """Certify a behaviour profile as an equilibrium and check it for PBE.

        Parameters
        ----------
        sender : mapping or array_like
            ``{type: message}`` or ``{type: {message: probability}}``, or an
            array ``[type, message]`` of probabilities.
        receiver : mapping or array_like
            ``{message: response}`` or ``{message: {response: probability}}``,
            or an array ``[message, response]``.
        tol : float, optional

        Raises
        ------
        gametheory.equilibrium.NotAnEquilibriumError
            If the profile is not a Nash equilibrium of the strategic form.

        Examples
        --------
        >>> g = SignalingGame(["Weak", "Strong"], [Fraction(1, 10), Fraction(9, 10)],
        ...                   ["Beer", "Quiche"], ["Duel", "Not"],
        ...                   [[[0, 2], [1, 3]], [[1, 3], [0, 2]]], [[[1, 0], [1, 0]], [[0, 1], [0, 1]]])
        >>> e = g.assess({"Weak": "Beer", "Strong": "Beer"},
        ...              {"Beer": "Not", "Quiche": {"Duel": Fraction(1, 2), "Not": Fraction(1, 2)}})
        >>> e.is_pbe, e.belief_sets["Quiche"].describe()
        (True, 'P(Weak) = 1/2')
        """
        sender = self._behaviour(sender, self._types, self._messages, "sender")
        receiver = self._behaviour(receiver, self._messages, self._responses, "receiver")
        one = Fraction(1) if self._exact else 1.0
        sender_mix = []
        for plan in self._sender_plans:
            weight = one
            for t, m in enumerate(plan):
                weight = weight * sender[t, m]
            sender_mix.append(weight)
        receiver_mix = []
        for plan in self._receiver_plans:
            weight = one
            for m, r in enumerate(plan):
                weight = weight * receiver[m, r]
            receiver_mix.append(weight)
        equilibrium = certify(self.strategic_form(), [sender_mix, receiver_mix], tol=tol)
        return self.equilibrium_from(equilibrium, tol=tol)

    def _behaviour(self, value, rows, columns, what: str) -> np.ndarray:
        zero = self._zero()
        table = np.full((len(rows), len(columns)), zero, dtype=object if self._exact else float)
        if isinstance(value, Mapping):
            unknown = sorted(set(value) - set(rows))
            if unknown or set(value) != set(rows):
                raise ValueError(f"{what} behaviour must give an entry for each of {list(rows)}, got {list(value)}")
            for k, row in enumerate(rows):
                entry = value[row]
                if isinstance(entry, str):
                    entry = {entry: 1}
                if not isinstance(entry, Mapping):
                    raise TypeError(f"{what} behaviour at {row!r} must be a label or a mapping label -> probability, got {entry!r}")
                for label, p in entry.items():
                    if label not in columns:
                        raise ValueError(f"{what} behaviour at {row!r} names {label!r}; choose from {list(columns)}")
                    p = _number(p, f"{what} probability of {label!r} at {row!r}")
                    table[k, columns.index(label)] = to_fraction(p) if self._exact else float(p)
        else:
            array = np.array(value, dtype=object)
            if array.shape != table.shape:
                raise ValueError(f"{what} behaviour has shape {array.shape}, expected {table.shape}")
            for index in np.ndindex(table.shape):
                p = _number(array[index], f"{what} probability at {index}")
                table[index] = to_fraction(p) if self._exact else float(p)
        for k, row in enumerate(rows):
            total = sum(table[k], zero)
            if any(p < 0 for p in table[k]) or (
                total != 1 if self._exact else abs(total - 1) > scaled_tolerance(None, 1.0) * len(columns)
            ):
                raise ValueError(f"{what} behaviour at {row!r} is not a probability vector: {list(table[k])}")
        return table

    def belief_set(self, message: str | int, responses, *, types=None, tol: float | None = None) -> BeliefSet:
        """Beliefs after ``message`` under which every one of ``responses`` is a best response.

        Parameters
        ----------
        message : str or int
        responses : sequence of str or int
            Responses that must all be optimal (one response, or the support
            of a mixed response).
        types : sequence of str, optional
            Restrict beliefs to these types (the others get probability 0).
        tol : float, optional
            Float-mode tolerance.

        Returns
        -------
        BeliefSet
            Its vertices are computed exactly in exact mode.

        Examples
        --------
        >>> g = SignalingGame(["Weak", "Strong"], [Fraction(1, 10), Fraction(9, 10)],
        ...                   ["Beer", "Quiche"], ["Duel", "Not"],
        ...                   [[[0, 2], [1, 3]], [[1, 3], [0, 2]]], [[[1, 0], [1, 0]], [[0, 1], [0, 1]]])
        >>> g.belief_set("Quiche", ["Duel"]).vertices
        ((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 1), Fraction(0, 1)))
        """
        m = self._index(message, self._messages, "message")
        required = sorted({self._index(r, self._responses, "response") for r in responses})
        if not required:
            raise ValueError("responses must name at least one response")
        allowed = list(range(len(self._types))) if types is None else sorted(
            {self._index(t, self._types, "type") for t in types})
        if not allowed:
            raise ValueError("types must name at least one type")
        return _belief_set(self, m, required, allowed, self._slack(tol))

    def _slack(self, tol, *, exact: bool | None = None):
        if self._exact if exact is None else exact:
            return Fraction(0)
        scale = max(1.0, float(np.max(np.abs(self._sender_payoff))), float(np.max(np.abs(self._receiver_payoff))))
        return scaled_tolerance(tol, scale)

    @staticmethod
    def _index(value, labels, what: str) -> int:
        if isinstance(value, str):
            if value not in labels:
                raise ValueError(f"no {what} {value!r}; {what}s are {list(labels)}")
            return labels.index(value)
        if isinstance(value, numbers.Integral) and not isinstance(value, bool) and 0 <= value < len(labels):
            return int(value)
        raise ValueError(f"{what} index {value!r} out of range (0..{len(labels) - 1})")

    def __repr__(self) -> str:
        kind = "exact" if self._exact else "float"
        return (f"<SignalingGame {self._title!r}: types {list(self._types)}, messages {list(self._messages)}, "
                f"responses {list(self._responses)}, {kind}>")
