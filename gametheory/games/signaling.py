"""Sender-receiver signalling games and their perfect Bayesian equilibria.

A *sender* of private type ``t`` (drawn from a common prior) sends a message
``m``; a *receiver* observes the message, not the type, and chooses a response
``r``. Payoffs of both depend on ``(t, m, r)``. This is the form of deterrence
signalling: a defender, resolved or irresolute, sinks costs or ties hands; the
challenger observes the signal and decides whether to challenge.

The game is solved through its strategic form (sender plans: a message per
type; receiver plans: a response per message) with the engine's certified
solvers, so every equilibrium carries a Nash certificate. Each equilibrium is
then read back as behaviour (per type, per message), with the receiver's
beliefs after every message, a classification, and a perfect Bayesian
equilibrium (PBE) check: Bayes' rule on the path, sequential rationality on
the path, and, after each off-path message, the whole set of beliefs that
make the receiver's response sequentially rational (a polytope in the type
simplex, given by its vertices; exact in exact mode). :func:`pure_pbe`
enumerates pure PBE directly, independently of the strategic-form solvers,
and :meth:`SignalingEquilibrium.intuitive_criterion` applies Cho and Kreps'
Intuitive Criterion.

References
----------
Cho, I.-K. and Kreps, D. M. (1987). Signaling games and stable equilibria.
*Quarterly Journal of Economics* 102(2), 179-221.
Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press, ch. 8.
Fearon, J. D. (1997). Signaling foreign policy interests: tying hands versus
sinking costs. *Journal of Conflict Resolution* 41(1), 68-90.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .bayesian import PLAN_SEPARATOR, plan_label
from ..equilibrium import Equilibrium, SolveResult, certify
from .normal_form import NormalFormGame
from ..numerics import format_value, is_exact_scalar, scaled_tolerance, to_fraction

__all__ = [
    "SignalingGame",
    "SignalingEquilibrium",
    "SignalingResult",
    "BeliefSet",
    "IntuitiveCriterionResult",
    "IntuitiveCriterionTest",
    "pure_pbe",
]

#: Largest number of strategic-form profiles (sender plans x receiver plans) built.
MAX_STRATEGIC_PROFILES = 250_000

#: Largest number of candidate vertices examined for one belief set.
MAX_BELIEF_CANDIDATES = 200_000


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


def _solve_linear(matrix, rhs, exact: bool):
    """Solution of a square system, or None when it is singular."""
    size = len(rhs)
    if not exact:
        a = np.array(matrix, dtype=float)
        if abs(np.linalg.det(a)) < 1e-12 or np.linalg.cond(a) > 1e12:
            return None
        return list(np.linalg.solve(a, np.array(rhs, dtype=float)))
    rows = [[Fraction(v) for v in row] + [Fraction(value)] for row, value in zip(matrix, rhs)]
    for col in range(size):
        pivot = next((r for r in range(col, size) if rows[r][col] != 0), None)
        if pivot is None:
            return None
        rows[col], rows[pivot] = rows[pivot], rows[col]
        head = rows[col][col]
        rows[col] = [v / head for v in rows[col]]
        for r in range(size):
            if r != col and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col])]
    return [rows[r][size] for r in range(size)]


# ----------------------------------------------------------------- beliefs
@dataclass(frozen=True, eq=False)
class BeliefSet:
    """The beliefs (points of the type simplex) that support a response after a message.

    A convex polytope, given by its vertices: every convex combination of the
    vertices is a supporting belief, and no other belief is. Empty when no
    belief makes the response sequentially rational.

    Attributes
    ----------
    types : tuple of str
    message : str
    responses : tuple of str
        The responses that must all be best responses (the support of the
        receiver's behaviour after ``message``).
    vertices : tuple of tuple
        Probability vectors over ``types`` (Fractions in exact mode), sorted.
    exact : bool
    """

    types: tuple
    message: str
    responses: tuple
    vertices: tuple
    exact: bool

    @property
    def is_empty(self) -> bool:
        return not self.vertices

    @property
    def point(self) -> tuple | None:
        """One supporting belief (the first vertex), ``None`` when the set is empty."""
        return self.vertices[0] if self.vertices else None

    def interval(self, type_label: str) -> tuple:
        """``(lowest, highest)`` probability of ``type_label`` over the set.

        For two types this describes the set completely (e.g. the belief
        threshold that supports a punishment off the path).
        """
        if type_label not in self.types:
            raise ValueError(f"no type {type_label!r}; types are {list(self.types)}")
        if self.is_empty:
            raise ValueError(f"the belief set after {self.message!r} is empty")
        k = self.types.index(type_label)
        values = [v[k] for v in self.vertices]
        return min(values), max(values)

    def describe(self, digits: int = 4) -> str:
        """Plain text, e.g. ``P(Weak) in [1/2, 1]`` for two types."""
        if self.is_empty:
            return "no belief supports " + " + ".join(self.responses)
        if len(self.types) == 2:
            low, high = self.interval(self.types[0])
            if low == high:
                return f"P({self.types[0]}) = {format_value(low, digits=digits)}"
            return f"P({self.types[0]}) in [{format_value(low, digits=digits)}, {format_value(high, digits=digits)}]"
        points = ["(" + ", ".join(format_value(p, digits=digits) for p in v) + ")" for v in self.vertices]
        return f"convex hull of {', '.join(points)} over ({', '.join(self.types)})"

    def contains(self, belief, *, tol: float | None = None) -> bool:
        """Whether ``belief`` (a probability vector over the types) is in the set."""
        belief = list(belief)
        if len(belief) != len(self.types):
            raise ValueError(f"belief has {len(belief)} entries, expected {len(self.types)} (one per type)")
        if self.is_empty:
            return False
        if len(self.vertices) == 1:
            slack = 0 if self.exact and all(is_exact_scalar(b) for b in belief) else scaled_tolerance(tol, 1.0)
            return all(abs(a - b) <= slack for a, b in zip(belief, self.vertices[0]))
        # Membership in the convex hull: a feasibility LP (float).
        from scipy.optimize import linprog

        vertices = np.array(self.vertices, dtype=float).T
        a_eq = np.vstack([vertices, np.ones(vertices.shape[1])])
        b_eq = np.append(np.array(belief, dtype=float), 1.0)
        result = linprog(np.zeros(vertices.shape[1]), A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        return bool(result.status == 0)


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
        from .bayesian import BayesianGame

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
        from ..solvers import solve

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


def _belief_set(game: SignalingGame, m: int, required, allowed, slack) -> BeliefSet:
    """Vertices of {mu in simplex on `allowed`: each r in `required` is a best response}."""
    exact = game.is_exact
    u = game.receiver_payoff
    k = len(allowed)
    rows = [[(1 if j == i else 0) for j in range(k)] for i in range(k)]
    for r in required:
        for other in range(len(game.responses)):
            if other != r:
                row = [u[t, m, r] - u[t, m, other] for t in allowed]
                if any(v != 0 for v in row) and row not in rows:
                    rows.append(row)

    def feasible(mu) -> bool:
        if any(v < -slack for v in mu):
            return False
        return all(sum((a * b for a, b in zip(row, mu)), Fraction(0) if exact else 0.0) >= -slack for row in rows)

    candidates = []
    if k == 1:
        candidates.append([Fraction(1) if exact else 1.0])
    else:
        count = math.comb(len(rows), k - 1)
        if count > MAX_BELIEF_CANDIDATES:
            raise ValueError(
                f"the belief set after message {game.messages[m]!r} has {count} candidate vertices, "
                f"above the limit of {MAX_BELIEF_CANDIDATES}"
            )
        ones = [1] * k
        for combo in itertools.combinations(range(len(rows)), k - 1):
            matrix = [rows[c] for c in combo] + [ones]
            rhs = [0] * (k - 1) + [1]
            solution = _solve_linear(matrix, rhs, exact)
            if solution is not None:
                candidates.append(solution)
    vertices = []
    for mu in candidates:
        if not feasible(mu):
            continue
        if not exact:
            mu = [max(float(v), 0.0) for v in mu]
            total = sum(mu)
            mu = [v / total for v in mu]
            if any(max(abs(a - b) for a, b in zip(mu, v)) <= max(slack, 1e-12) for v in vertices):
                continue
        elif mu in vertices:
            continue
        vertices.append(mu)
    full = []
    for mu in vertices:
        point = [Fraction(0) if exact else 0.0] * len(game.types)
        for t, v in zip(allowed, mu):
            point[t] = v
        full.append(tuple(point))
    return BeliefSet(game.types, game.messages[m], tuple(game.responses[r] for r in required), tuple(sorted(full)), exact)


# ---------------------------------------------------------------- analysis
def _classify(sender: np.ndarray) -> str:
    n_types = sender.shape[0]
    supports = [tuple(m for m in range(sender.shape[1]) if sender[t, m] != 0) for t in range(n_types)]
    if any(len(s) > 1 for s in supports):
        return "hybrid"
    messages = [s[0] for s in supports]
    if n_types == 1 or len(set(messages)) == 1:
        return "pooling"
    if len(set(messages)) == n_types:
        return "separating"
    return "semi-separating"


def _analyse(game: SignalingGame, equilibrium: Equilibrium, sender, receiver, tol) -> "SignalingEquilibrium":
    exact = sender.dtype == object
    zero = Fraction(0) if exact else 0.0
    slack = game._slack(tol, exact=exact)
    prob_slack = Fraction(0) if exact else scaled_tolerance(tol, 1.0)
    if not exact:
        # Float behaviour: entries within tolerance of 0 are 0.
        sender = np.where(np.abs(sender) > prob_slack, sender, 0.0)
        receiver = np.where(np.abs(receiver) > prob_slack, receiver, 0.0)
    prior = [p if exact else float(p) for p in game.prior]
    u_s = game.sender_payoff if exact else np.asarray(game.sender_payoff, dtype=float)
    u_r = game.receiver_payoff if exact else np.asarray(game.receiver_payoff, dtype=float)
    n_t, n_m, n_r = sender.shape[0], sender.shape[1], receiver.shape[1]
    failures = []
    on_path, beliefs, belief_sets, probabilities = [], [], {}, []
    for m in range(n_m):
        joint = [prior[t] * sender[t, m] for t in range(n_t)]
        total = sum(joint, zero)
        probabilities.append(total)
        support = [r for r in range(n_r) if receiver[m, r] != 0]
        if total > prob_slack:
            on_path.append(True)
            mu = tuple(v / total for v in joint)
            beliefs.append(mu)
            values = [sum((mu[t] * u_r[t, m, r] for t in range(n_t)), zero) for r in range(n_r)]
            best = max(values)
            for r in support:
                if values[r] < best - slack:
                    failures.append(
                        f"after {game.messages[m]!r} (on path) the receiver plays {game.responses[r]!r}, "
                        f"which is not a best response to the Bayes posterior "
                        f"(payoff {format_value(values[r])} < {format_value(best)})"
                    )
        else:
            on_path.append(False)
            beliefs_m = _belief_set(game, m, support, list(range(n_t)), slack)
            belief_sets[game.messages[m]] = beliefs_m
            beliefs.append(beliefs_m.point)
            if beliefs_m.is_empty:
                failures.append(
                    f"after {game.messages[m]!r} (off path) no belief makes "
                    f"{' + '.join(game.responses[r] for r in support)} a best response"
                )
    type_payoffs = []
    for t in range(n_t):
        values = [sum((receiver[m, r] * u_s[t, m, r] for r in range(n_r)), zero) for m in range(n_m)]
        value = sum((sender[t, m] * values[m] for m in range(n_m)), zero)
        type_payoffs.append(value)
        best = max(values)
        for m in range(n_m):
            if sender[t, m] != 0 and values[m] < best - slack:
                failures.append(
                    f"type {game.types[t]!r} sends {game.messages[m]!r} but gains "
                    f"{format_value(best - values[m])} by sending another message"
                )
    for table in (sender, receiver):
        table.setflags(write=False)
    return SignalingEquilibrium(
        game=game,
        equilibrium=equilibrium,
        sender=sender,
        receiver=receiver,
        on_path=tuple(on_path),
        message_probabilities=tuple(probabilities),
        beliefs=tuple(beliefs),
        belief_sets=belief_sets,
        type_payoffs=tuple(type_payoffs),
        classification=_classify(sender),
        failures=tuple(failures),
        tol=float(slack),
    )


@dataclass(frozen=True, eq=False)
class IntuitiveCriterionTest:
    """The Intuitive Criterion's test at one off-path message.

    Attributes
    ----------
    message : str
    dominated : tuple of str
        Types for which the message is equilibrium-dominated: their
        equilibrium payoff exceeds the most the message could bring them
        against any best response to any belief.
    remaining : tuple of str
        The other types (beliefs are restricted to them).
    responses : tuple of str
        Best responses to beliefs concentrated on ``remaining``.
    breaking : tuple of str
        Types that gain from the message against every one of ``responses``;
        the equilibrium fails the test when this is non-empty.
    """

    message: str
    dominated: tuple
    remaining: tuple
    responses: tuple
    breaking: tuple

    @property
    def passes(self) -> bool:
        return not self.breaking


@dataclass(frozen=True, eq=False)
class IntuitiveCriterionResult:
    """Cho and Kreps' Intuitive Criterion applied to every off-path message."""

    tests: tuple

    @property
    def passes(self) -> bool:
        return all(test.passes for test in self.tests)

    def describe(self) -> str:
        if not self.tests:
            return "no off-path message: the Intuitive Criterion holds trivially"
        lines = []
        for test in self.tests:
            text = (f"{test.message}: dominated for {', '.join(test.dominated) or 'no type'}; "
                    f"best responses to the rest: {', '.join(test.responses) or '-'}")
            if test.breaking:
                text += f"; {', '.join(test.breaking)} would deviate: fails"
            else:
                text += "; passes"
            lines.append(text)
        return "\n".join(lines)


@dataclass(frozen=True, eq=False)
class SignalingEquilibrium:
    """An equilibrium of a signalling game, read as behaviour with beliefs.

    Attributes
    ----------
    game : SignalingGame
    equilibrium : Equilibrium
        The certified Nash equilibrium of ``game.strategic_form()`` (its
        regrets are the certificate).
    sender : ndarray
        ``sender[t, m]``: probability that type ``t`` sends message ``m``.
    receiver : ndarray
        ``receiver[m, r]``: probability of response ``r`` after message ``m``.
    on_path : tuple of bool
        Whether each message is sent with positive probability.
    message_probabilities : tuple
        Ex-ante probability of each message.
    beliefs : tuple
        After each message, a probability vector over the types: the Bayes
        posterior on the path; off the path, one supporting belief (a vertex
        of ``belief_sets[message]``), or ``None`` when none exists.
    belief_sets : dict
        For each off-path message, the :class:`BeliefSet` of all beliefs
        that make the receiver's behaviour there sequentially rational.
    type_payoffs : tuple
        Each type's expected payoff.
    classification : str
        ``"separating"`` (each type sends its own message), ``"pooling"``
        (all types send one message), ``"semi-separating"`` (pure, some
        types pool and others do not; three or more types) or ``"hybrid"``
        (some type randomises over messages). The literature sometimes uses
        the last two words interchangeably; here they are kept apart.
    failures : tuple of str
        Why the equilibrium is not perfect Bayesian (empty when it is).
    tol : float
        Payoff tolerance of the checks (0 in exact mode).
    """

    game: SignalingGame
    equilibrium: Equilibrium
    sender: np.ndarray
    receiver: np.ndarray
    on_path: tuple
    message_probabilities: tuple
    beliefs: tuple
    belief_sets: dict
    type_payoffs: tuple
    classification: str
    failures: tuple
    tol: float

    @property
    def is_pbe(self) -> bool:
        """Perfect Bayesian: Bayes on path, sequentially rational on path and, for some belief, off path."""
        return not self.failures

    @property
    def is_pure(self) -> bool:
        return all(sum(1 for v in row if v != 0) == 1 for row in self.sender) and all(
            sum(1 for v in row if v != 0) == 1 for row in self.receiver)

    def sender_behaviour(self) -> dict[str, dict[str, object]]:
        """``{type: {message: probability}}``."""
        g = self.game
        return {t: {m: self.sender[k, j] for j, m in enumerate(g.messages)} for k, t in enumerate(g.types)}

    def receiver_behaviour(self) -> dict[str, dict[str, object]]:
        """``{message: {response: probability}}``."""
        g = self.game
        return {m: {r: self.receiver[k, j] for j, r in enumerate(g.responses)} for k, m in enumerate(g.messages)}

    def belief_dict(self) -> dict[str, dict[str, object] | None]:
        """``{message: {type: probability}}`` (see :attr:`beliefs`)."""
        g = self.game
        return {
            m: None if b is None else {t: b[k] for k, t in enumerate(g.types)}
            for m, b in zip(g.messages, self.beliefs)
        }

    def intuitive_criterion(self) -> IntuitiveCriterionResult:
        """Cho and Kreps' (1987) Intuitive Criterion at every off-path message.

        For an off-path message ``m``, the types for which ``m`` is
        equilibrium-dominated (their equilibrium payoff is above what ``m``
        yields against every best response to every belief) are removed;
        the equilibrium fails if some type would get more than its
        equilibrium payoff from ``m`` against every best response to beliefs
        on the remaining types. With no remaining type the message puts no
        restriction. Best responses are pure: the extremes of a linear
        payoff over mixed best responses are reached at pure ones.
        """
        g = self.game
        exact = self.sender.dtype == object
        slack = Fraction(0) if exact else self.tol
        u_s = g.sender_payoff if exact else np.asarray(g.sender_payoff, dtype=float)
        all_types = list(range(len(g.types)))
        tests = []
        for m, path in enumerate(self.on_path):
            if path:
                continue
            supported = [r for r in range(len(g.responses)) if not _belief_set(g, m, [r], all_types, slack).is_empty]
            dominated = [t for t in all_types
                         if self.type_payoffs[t] > max(u_s[t, m, r] for r in supported) + slack]
            remaining = [t for t in all_types if t not in dominated]
            if not remaining:
                tests.append(IntuitiveCriterionTest(g.messages[m], tuple(g.types[t] for t in dominated), (), (), ()))
                continue
            responses = [r for r in range(len(g.responses))
                         if not _belief_set(g, m, [r], remaining, slack).is_empty]
            breaking = [t for t in all_types
                        if min(u_s[t, m, r] for r in responses) > self.type_payoffs[t] + slack]
            tests.append(IntuitiveCriterionTest(
                g.messages[m],
                tuple(g.types[t] for t in dominated),
                tuple(g.types[t] for t in remaining),
                tuple(g.responses[r] for r in responses),
                tuple(g.types[t] for t in breaking),
            ))
        return IntuitiveCriterionResult(tuple(tests))

    def describe(self, digits: int = 4) -> str:
        """One line: behaviour, classification, PBE status and off-path beliefs."""
        g = self.game

        def mix(row, labels):
            played = [j for j in range(len(row)) if row[j] != 0]
            if len(played) == 1:
                return labels[played[0]]
            return " + ".join(f"{format_value(row[j], digits=digits)} {labels[j]}" for j in played)

        sender = "; ".join(f"{g.players[0]}[{t}]: {mix(self.sender[k], g.messages)}" for k, t in enumerate(g.types))
        receiver = ", ".join(f"{m}->{mix(self.receiver[k], g.responses)}" for k, m in enumerate(g.messages))
        status = "PBE" if self.is_pbe else "not PBE"
        text = f"{sender}; {g.players[1]}: {receiver} | {self.classification} {status}"
        for m, beliefs in self.belief_sets.items():
            text += f"; after {m} (off path): {beliefs.describe(digits)}"
        return text

    def __repr__(self) -> str:
        return f"<SignalingEquilibrium {self.describe()} | max regret {format_value(self.equilibrium.max_regret)}>"


@dataclass(frozen=True, eq=False)
class SignalingResult:
    """The equilibria of a signalling game's strategic form, each analysed.

    Attributes
    ----------
    game : SignalingGame
    equilibria : tuple of SignalingEquilibrium
        One per equilibrium of ``solve_result`` (extreme equilibria when the
        strategic form has a continuum; PBE status is checked at each).
    solve_result : SolveResult
        The strategic-form solve, with its completeness and degeneracy flags.
    """

    game: SignalingGame
    equilibria: tuple
    solve_result: SolveResult

    @property
    def pbe(self) -> tuple:
        """The equilibria that are perfect Bayesian."""
        return tuple(e for e in self.equilibria if e.is_pbe)

    @property
    def complete(self) -> bool:
        return self.solve_result.complete

    @property
    def continuum(self):
        return self.solve_result.continuum

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self):
        return iter(self.equilibria)

    def __getitem__(self, index):
        return self.equilibria[index]

    def describe(self, digits: int = 4) -> str:
        lines = [f"{len(self.equilibria)} equilibria of the strategic form ({self.solve_result.method}), "
                 f"{len(self.pbe)} perfect Bayesian"]
        lines.extend(f"  {k}. {e.describe(digits)}" for k, e in enumerate(self.equilibria, 1))
        if self.solve_result.continuum:
            lines.append("  The strategic form has a continuum of equilibria; its extreme points are listed.")
        if not self.solve_result.complete:
            lines.append("  This list is not guaranteed to contain every equilibrium.")
        return "\n".join(lines)


# ---------------------------------------------------------------- pure PBE
def pure_pbe(game: SignalingGame, *, tol: float | None = None) -> tuple[SignalingEquilibrium, ...]:
    """Every pure-strategy perfect Bayesian equilibrium, enumerated directly.

    For each sender plan the on-path beliefs follow from Bayes' rule; the
    receiver's admissible responses are its best responses to them on the
    path and, off the path, the responses that some belief supports (each
    with its :class:`BeliefSet`); every receiver plan built from admissible
    responses is kept when no type gains by sending another message. The
    strategic form's solvers are not used, so this cross-checks them; each
    result is nevertheless certified as a Nash equilibrium of the strategic
    form.

    Parameters
    ----------
    game : SignalingGame
    tol : float, optional
        Float-mode tolerance.

    Returns
    -------
    tuple of SignalingEquilibrium
        In the order of sender plans, then receiver plans. Each has
        ``is_pbe`` True and its off-path :attr:`~SignalingEquilibrium.belief_sets`.

    Examples
    --------
    >>> from fractions import Fraction
    >>> g = SignalingGame(["Low", "High"], [Fraction(1, 2), Fraction(1, 2)], ["Cheap", "Costly"],
    ...                   ["Reject", "Accept"],
    ...                   [[[0, 2], [-3, -1]], [[0, 2], [1, 3]]],     # Costly costs Low 3, High 1
    ...                   [[[1, 0], [1, 0]], [[0, 1], [0, 1]]])       # accept only High
    >>> [e.classification for e in pure_pbe(g)]
    ['pooling', 'separating']
    """
    if not isinstance(game, SignalingGame):
        raise TypeError(f"pure_pbe() takes a SignalingGame, got {type(game).__name__}")
    exact = game.is_exact
    zero = Fraction(0) if exact else 0.0
    one = Fraction(1) if exact else 1.0
    slack = game._slack(tol)
    n_t, n_m, n_r = len(game.types), len(game.messages), len(game.responses)
    u_s, u_r = game.sender_payoff, game.receiver_payoff
    support_cache: dict[tuple[int, int], bool] = {}
    results = []
    for plan in game.sender_plans:
        admissible = []
        for m in range(n_m):
            mass = [game.prior[t] if plan[t] == m else zero for t in range(n_t)]
            total = sum(mass, zero)
            if total > (0 if exact else scaled_tolerance(tol, 1.0)):
                values = [sum((mass[t] * u_r[t, m, r] for t in range(n_t)), zero) / total for r in range(n_r)]
                best = max(values)
                admissible.append([r for r in range(n_r) if values[r] >= best - slack])
            else:
                options = []
                for r in range(n_r):
                    if (m, r) not in support_cache:
                        support_cache[(m, r)] = not _belief_set(game, m, [r], list(range(n_t)), slack).is_empty
                    if support_cache[(m, r)]:
                        options.append(r)
                admissible.append(options)
        for response in itertools.product(*admissible):
            stable = all(
                u_s[t, plan[t], response[plan[t]]] >= max(u_s[t, m, response[m]] for m in range(n_m)) - slack
                for t in range(n_t)
            )
            if not stable:
                continue
            sender = np.full((n_t, n_m), zero, dtype=object if exact else float)
            receiver = np.full((n_m, n_r), zero, dtype=object if exact else float)
            for t, m in enumerate(plan):
                sender[t, m] = one
            for m, r in enumerate(response):
                receiver[m, r] = one
            strategic = game.strategic_form()
            i = game.sender_plans.index(plan)
            j = game.receiver_plans.index(tuple(response))
            mixes = [[zero] * strategic.shape[0], [zero] * strategic.shape[1]]
            mixes[0][i] = one
            mixes[1][j] = one
            equilibrium = certify(strategic, mixes, tol=tol)
            results.append(_analyse(game, equilibrium, sender, receiver, tol))
    return tuple(results)
