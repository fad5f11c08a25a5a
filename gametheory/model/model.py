"""The :class:`Model`: one IR model as a document, a symbolic game and a fast numeric function.

A model declares its players and actions, named parameters (default, range,
meaning, the source's symbol), payoffs as expressions of the parameters, its
sources, and what each theory predicts. It never solves anything: it builds
games (:meth:`Model.game`, :meth:`Model.symbolic_game`), evaluates payoffs over
parameter arrays (:meth:`Model.payoff_arrays`) and evaluates the theories'
predictions over parameter arrays (:meth:`Model.predict`).

Models are usually loaded from TOML files (:func:`gametheory.model.load_model`,
format in ``docs/model-format.md``); the same object is built in Python with
the constructor, from Python objects, parsing expression strings with the same
whitelist parser (or taking sympy expressions as they are).
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import numbers
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import sympy

from ..games.normal_form import NormalFormGame
from ..numerics import to_fraction
from ..games.symbolic import Parameter, SymbolicGame, parameter_columns
from .expressions import ModelError, check_name, parse_condition, parse_expression

__all__ = [
    "KNOWN_THEORIES",
    "ALLIANCE_KINDS",
    "EXPECTATIONS",
    "KIND_EXPECTATIONS",
    "COALITION_FEATURES",
    "COALITION_STATE_FEATURES",
    "MODEL_KINDS",
    "WINNING_RULES",
    "DIVISION_RULES",
    "Coalitional",
    "ContinuousPlayer",
    "Model",
    "Player",
    "Rule",
    "Signaling",
    "Source",
    "SymmetricCounts",
    "Theory",
    "key_path",
]

#: Theories a model may give predictions for (``defensive_realism`` is required).
KNOWN_THEORIES = (
    "defensive_realism",
    "offensive_realism",
    "balance_of_threat",
    "neoclassical_realism",
    "balance_of_interests",
    "liberal_institutionalism",
    "bayesian_realism",
    "classical_deterrence",
    "perfect_deterrence",
    "security_autonomy",
)

#: What a prediction rule says about its outcome in the game at the point.
#: The distinctions the field draws between kinds of alliances; a model file's
#: ``[alliance]`` table says which of them the model speaks to.
ALLIANCE_KINDS = {
    "commitment": ("formal", "informal", "none"),
    "pledge": ("defensive", "offensive", "neutrality", "consultation", "none"),
    "membership": ("bilateral", "multilateral", "collective"),
    "phase": ("formation", "maintenance", "dissolution", "crisis"),
}

EXPECTATIONS = {
    "equilibrium": "some profile of the outcome is a pure Nash equilibrium",
    "unique_equilibrium": "the game's only equilibrium is a profile of the outcome",
    "not_equilibrium": "no profile of the outcome is a Nash equilibrium",
}

WILDCARD = "*"

#: Largest number of payoff entries (profiles x players) a symmetric model may expand to.
MAX_COUNTS_ENTRIES = 200_000

#: Kinds of model: a normal-form game (by profiles, by counts, or Bayesian), a
#: game with continuous actions, or a coalitional (characteristic-function) game.
MODEL_KINDS = {
    "normal": "game()",
    "continuous": "continuous_game()",
    "coalitional": "coalition_game()",
}

#: Largest strategic form (sender plans x receiver plans) a ``[signaling]`` model may have.
MAX_SIGNALING_PROFILES = 10_000

#: Winning rules of a ``[coalitional]`` model.
WINNING_RULES = {
    "majority": "a coalition wins when its resources exceed half of the total (r(S) > R/2)",
    "quota": "a coalition wins when its resources reach the quota (r(S) >= quota)",
}

#: Division rules of a ``[coalitional]`` model (how a coalition shares its worth).
DIVISION_RULES = ("proportional", "equal", "shapley")

#: What a prediction rule of a continuous or coalitional model may expect of its
#: outcome's ``condition`` (see :mod:`gametheory.study.compare`). Best-response
#: iteration finds one equilibrium and cannot certify that it is the only one,
#: so a continuous model's rules cannot expect a unique equilibrium.
KIND_EXPECTATIONS = {
    "continuous": {
        "equilibrium": "the outcome's condition holds at the certified equilibrium best-response iteration finds",
        "not_equilibrium": "the outcome's condition fails at that equilibrium (or no equilibrium is found)",
    },
    "coalitional": {
        "equilibrium": "the outcome's condition holds at some stable coalition structure",
        "every_equilibrium": "there are stable structures and the condition holds at every one",
        "unique_equilibrium": "there is exactly one stable structure and the condition holds there",
        "not_equilibrium": "the condition holds at no stable structure",
    },
}

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


def key_path(*parts) -> str:
    """A TOML-style key path: ``key_path("payoffs", "C,D", 1)`` is ``'payoffs."C,D"[1]'``.

    Examples
    --------
    >>> key_path("parameters", "war_cost", "default")
    'parameters.war_cost.default'
    >>> key_path("payoffs", "C,D", 1)
    'payoffs."C,D"[1]'
    >>> key_path('payoffs."C,D"', 1)
    'payoffs."C,D"[1]'
    """
    out = ""
    for position, part in enumerate(parts):
        if isinstance(part, int):
            out += f"[{part}]"
        elif position == 0:  # a top-level key or a path built earlier: kept as it is
            out = str(part)
        else:
            text = part if re.fullmatch(r"[A-Za-z0-9_-]+", str(part)) else json.dumps(str(part), ensure_ascii=False)
            out += ("." if out else "") + text
    return out


# --------------------------------------------------------------------- parts
@dataclass(frozen=True)
class Source:
    """A source a model comes from.

    Attributes
    ----------
    citation : str
        Full citation (author, year, title, venue, volume, pages).
    where : str
        Section, chapter or pages of the result the model encodes.
    note : str
        What is ours or unverified in the encoding ("the payoff mapping is
        ours, unverified").
    url : str
    """

    citation: str
    where: str = ""
    note: str = ""
    url: str = ""

    def __post_init__(self):
        if not isinstance(self.citation, str) or not self.citation.strip():
            raise ModelError("a source needs a non-empty citation", key="citation")


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
    """

    name: str
    action: str
    low: object
    high: object
    payoff: object
    meaning: str = ""


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


@dataclass(frozen=True)
class Rule:
    """One prediction rule: if ``condition`` holds, the theory expects ``outcome``.

    Attributes
    ----------
    when : str
        The condition as written (``""`` = always).
    condition : sympy boolean
    outcome : str
        A named outcome class of the model, or a profile such as ``"C,*"``.
    profiles : tuple of tuple of str
        The action profiles the outcome stands for (``"*"`` = any action).
    expect : str
        One of :data:`EXPECTATIONS`.
    note : str
    """

    when: str
    condition: object
    outcome: str
    profiles: tuple
    expect: str = "equilibrium"
    note: str = ""

    def matches(self, profile: Sequence[str]) -> bool:
        """Whether an action profile (labels) belongs to this rule's outcome.

        Examples
        --------
        >>> import sympy
        >>> Rule("", sympy.true, "C,*", (("C", "*"),)).matches(("C", "D"))
        True
        """
        profile = tuple(profile)
        return any(
            len(pattern) == len(profile) and all(p == WILDCARD or p == a for p, a in zip(pattern, profile))
            for pattern in self.profiles
        )


@dataclass(frozen=True)
class Theory:
    """What a named theory predicts in a model: ordered rules, the first that applies wins.

    Attributes
    ----------
    name : str
    rules : tuple of Rule
    summary : str
    source : str
    """

    name: str
    rules: tuple
    summary: str = ""
    source: str = ""


# ------------------------------------------------------------------- helpers
def _text(value, key: str, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ModelError(f"expected text, got {type(value).__name__} {value!r}", key=key)
    if required and not value.strip():
        raise ModelError("must be non-empty text", key=key)
    return value


def _labels(values, key: str, what: str) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, Sequence) or not values:
        raise ModelError(f"expected a non-empty list of {what}, got {values!r}", key=key)
    labels = []
    for k, value in enumerate(values):
        if not isinstance(value, str) or not value.strip() or value != value.strip():
            raise ModelError(f"{what} must be non-empty text without surrounding spaces, got {value!r}", key=key_path(key, k))
        if "," in value or value == WILDCARD or "/" in value:
            raise ModelError(f"{what} may not contain ',' or '/' or be '*', got {value!r}", key=key_path(key, k))
        labels.append(value)
    duplicates = sorted({v for v in labels if labels.count(v) > 1})
    if duplicates:
        raise ModelError(f"duplicate {what}: {duplicates}", key=key)
    return tuple(labels)


def _profile(value, actions: Sequence[Sequence[str]] | None, key: str, *, wildcard: bool, players=None) -> tuple[str, ...]:
    """Parse ``"C,D"`` or ``["C", "D"]`` into labels checked against each player's actions."""
    if isinstance(value, str):
        parts = tuple(part.strip() for part in value.split(","))
    elif isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
        parts = tuple(v.strip() for v in value)
    else:
        raise ModelError(f"expected an action profile like \"C,D\" or [\"C\", \"D\"], got {value!r}", key=key)
    if actions is None:  # symmetric models: any length, labels from one action set
        return parts
    if len(parts) != len(actions):
        raise ModelError(
            f"profile {value!r} names {len(parts)} actions, expected one per player ({len(actions)})", key=key
        )
    for i, (label, allowed) in enumerate(zip(parts, actions)):
        if wildcard and label == WILDCARD:
            continue
        if label not in allowed:
            who = f"player {players[i]!r}" if players else f"player {i + 1}"
            raise ModelError(f"{who} has no action {label!r}; actions are {list(allowed)}", key=key)
    return parts


def _profile_text(profile: Sequence[str]) -> str:
    return ",".join(profile)


def _tolerant_condition(condition, arguments):
    """Compile a sympy condition into ``f(tol, columns) -> bool array`` deciding comparisons with a tolerance.

    See :meth:`Model.outcome_holds` for the rule; ``and``/``or``/``not`` combine
    the comparisons as they are.
    """
    from sympy.core import relational

    if condition is sympy.true or condition is sympy.false:
        value = bool(condition)
        return lambda tol, columns: np.asarray(value)
    if isinstance(condition, (sympy.And, sympy.Or)):
        parts = [_tolerant_condition(a, arguments) for a in condition.args]
        combine = np.logical_and if isinstance(condition, sympy.And) else np.logical_or
        return lambda tol, columns: functools.reduce(combine, (p(tol, columns) for p in parts))
    if isinstance(condition, sympy.Not):
        inner = _tolerant_condition(condition.args[0], arguments)
        return lambda tol, columns: np.logical_not(inner(tol, columns))
    if not isinstance(condition, relational.Relational):
        raise TypeError(f"cannot decide {condition} with a tolerance: expected comparisons joined by and/or/not")
    sides = sympy.lambdify(arguments, [condition.lhs, condition.rhs], modules="numpy", dummify=True)
    test = {
        relational.Equality: lambda d, t: np.abs(d) <= t,
        relational.Unequality: lambda d, t: np.abs(d) > t,
        relational.StrictGreaterThan: lambda d, t: d > t,
        relational.GreaterThan: lambda d, t: d >= -t,
        relational.StrictLessThan: lambda d, t: d < -t,
        relational.LessThan: lambda d, t: d <= t,
    }[type(condition)]

    def decide(tol, columns):
        lhs, rhs = (np.asarray(v, dtype=float) for v in sides(*columns))
        scale = np.maximum(1.0, np.maximum(np.abs(lhs), np.abs(rhs)))
        return test(lhs - rhs, tol * scale)  # NaN sides compare false

    return decide


def _as_sympy_number(value) -> sympy.Expr:
    if isinstance(value, (int, Fraction)):
        return sympy.Rational(value.numerator, value.denominator)
    return sympy.Float(value)


# ---------------------------------------------------------------------- model
class Model:
    """An IR model: players, parameters, payoffs, sources and theory predictions.

    Parameters
    ----------
    key : str
        Short identifier (the file name without ``.toml``).
    title : str
    parameters : sequence of Parameter or mapping
        Each a :class:`~gametheory.games.symbolic.Parameter` or a mapping of
        its fields (``name``, ``default``, ``low``, ``high``, ``integer``,
        ``meaning``, ``symbol``).
    players : sequence of Player, mapping or pair
        :class:`Player` objects, mappings of their fields, ``(name,
        actions)`` pairs, or one mapping ``{name: actions}``. Omit for a
        symmetric model by counts.
    payoffs : mapping
        ``{profile: [payoff of each player]}``; a profile is ``"C,D"`` or a
        tuple of labels, a payoff a number, an expression string or a sympy
        expression. With types: ``{type profile: {profile: [...]}}``, the
        type profile naming the type of each player that has types, in
        player order (``"Resolved"``, ``"Trustworthy,Untrustworthy"``).
    symmetric : SymmetricCounts or mapping, optional
        Instead of ``players`` and ``payoffs``: a symmetric n-player game
        by counts.
    summary, notes : str
    sources : sequence of Source or mapping
        At least one.
    outcomes : mapping, optional
        Named outcome classes: ``{name: [profile, ...]}`` (``"*"`` = any action).
    predictions : mapping
        ``{theory: {"rules": [{"when": ..., "outcome": ..., "expect": ..., "note": ...}],
        "summary": ..., "source": ...}}`` or :class:`Theory` objects;
        ``defensive_realism`` is required, theory names come from
        :data:`KNOWN_THEORIES`.

    Raises
    ------
    ModelError
        (a ``ValueError``) naming the key path of anything wrong.

    Examples
    --------
    >>> from gametheory.model import Model
    >>> m = Model(
    ...     "stag_hunt", "Stag Hunt",
    ...     parameters=[{"name": "sucker", "default": 0, "low": -5, "high": 2,
    ...                  "meaning": "payoff of cooperating alone"}],
    ...     players={"A": ["C", "D"], "B": ["C", "D"]},
    ...     payoffs={"C,C": [4, 4], "C,D": ["sucker", 3], "D,C": [3, "sucker"], "D,D": [2, 2]},
    ...     sources=[{"citation": "Jervis, R. 1978. Cooperation under the Security Dilemma. World Politics 30(2): 167-214."}],
    ...     predictions={"defensive_realism": {"rules": [{"outcome": "C,C"}]}},
    ... )
    >>> m.game(sucker=1).payoff_profile(("C", "D"))
    (Fraction(1, 1), Fraction(3, 1))
    >>> m.payoff_arrays(sucker=np.array([0.0, 1.0]))[0][:, 0, 1]
    array([0., 1.])
    """

    def __init__(
        self,
        key: str,
        title: str,
        *,
        parameters: Sequence = (),
        players=None,
        payoffs: Mapping | None = None,
        symmetric=None,
        summary: str = "",
        notes: str = "",
        sources: Sequence = (),
        outcomes: Mapping | None = None,
        predictions: Mapping | None = None,
        sweep: Mapping | None = None,
        alliance: Mapping | None = None,
        continuous=None,
        coalitional=None,
        signaling=None,
    ):
        self._key = _text(key, "key", required=True)
        if not re.fullmatch(r"[a-z0-9][a-z0-9_\-]*", self._key):
            raise ModelError(f"must be lower-case letters, digits, '_' or '-', got {key!r}", key="key")
        self._title = _text(title, "title", required=True)
        self._summary = _text(summary, "summary")
        self._notes = _text(notes, "notes")
        self._sources = self._make_sources(sources)
        self._parameters = self._make_parameters(parameters)
        self._symbols = {p.name: p.sympy_symbol for p in self._parameters}
        self._sym_cache: dict = {}
        self._condition_cache: dict = {}
        self._kind = "normal"
        self._continuous = None
        self._coalitional = None
        self._signaling = None
        kinds = [name for name, given in (("continuous", continuous), ("coalitional", coalitional)) if given is not None]
        if signaling is not None:
            others = [name for name, given in (("players", players), ("payoffs", payoffs), ("symmetric", symmetric),
                                               ("continuous", continuous), ("coalitional", coalitional))
                      if given is not None]
            if others:
                raise ModelError(
                    f"a [signaling] model declares its players, types and payoffs there; remove {others}", key=others[0]
                )
            self._counts = None
            self._signaling = self._make_signaling(signaling)
            spec = self._signaling
            self._players_spec = (
                Player(spec.sender, spec.messages, {m: spec.meanings[m] for m in spec.messages if m in spec.meanings},
                       spec.types, spec.prior),
                Player(spec.receiver, spec.responses,
                       {r: spec.meanings[r] for r in spec.responses if r in spec.meanings}),
            )
            self._priors = (spec.prior, None)
            self._payoff_table = {}
        elif kinds:
            others = [name for name, given in (("players", players), ("payoffs", payoffs), ("symmetric", symmetric))
                      if given is not None] + kinds[1:]
            if others:
                raise ModelError(
                    f"a [{kinds[0]}] model declares its players and payoffs there; remove {others}", key=kinds[0]
                )
            self._kind = kinds[0]
            self._counts = None
            self._players_spec = ()
            self._priors = ()
            self._payoff_table = {}
            if continuous is not None:
                self._continuous = self._make_continuous(continuous)
            else:
                self._coalitional = self._make_coalitional(coalitional)
        elif symmetric is not None:
            if players is not None or payoffs is not None:
                raise ModelError("give either 'symmetric' or 'players' and 'payoffs', not both", key="symmetric")
            self._counts = self._make_counts(symmetric)
            self._players_spec = ()
        else:
            if players is None:
                raise ModelError("a model needs 'players' (or 'symmetric' for a symmetric game by counts)", key="players")
            if payoffs is None:
                raise ModelError("a model needs 'payoffs'", key="payoffs")
            self._counts = None
            self._players_spec = self._make_players(players)
            self._priors = self._make_priors()
            self._payoff_table = self._make_payoffs(payoffs)
        self._outcomes = self._make_outcomes(outcomes or {})
        self._theories = self._make_predictions(predictions)
        self._sweep = self._make_sweep(sweep or {})
        self._alliance = self._make_alliance(alliance or {})

    # ------------------------------------------------------------ building
    @staticmethod
    def _make_sources(sources) -> tuple[Source, ...]:
        if isinstance(sources, (str, Mapping)) or not isinstance(sources, Sequence) or not sources:
            raise ModelError("a model needs at least one source (a list of citations)", key="sources")
        result = []
        for k, source in enumerate(sources):
            if isinstance(source, Source):
                result.append(source)
                continue
            if not isinstance(source, Mapping):
                raise ModelError(f"expected a source with a 'citation', got {source!r}", key=key_path("sources", k))
            for name in ("citation", "where", "note", "url"):
                _text(source.get(name), key_path("sources", k, name), required=name == "citation")
            unknown = sorted(set(source) - {"citation", "where", "note", "url"})
            if unknown:
                raise ModelError(f"unknown key(s) {unknown}", key=key_path("sources", k))
            result.append(Source(**source))
        return tuple(result)

    @staticmethod
    def _make_parameters(parameters) -> tuple[Parameter, ...]:
        result = []
        seen = set()
        for k, parameter in enumerate(parameters):
            if isinstance(parameter, Parameter):
                name = parameter.name
                where = key_path("parameters", name) if isinstance(name, str) else key_path("parameters", k)
                try:
                    check_name(name, what="parameter name")
                except ValueError as error:
                    raise ModelError(str(error), key=where) from None
            elif isinstance(parameter, Mapping):
                name = parameter.get("name")
                where = key_path("parameters", name) if isinstance(name, str) else key_path("parameters", k)
                try:
                    check_name(name, what="parameter name")
                except ValueError as error:
                    raise ModelError(str(error), key=where) from None
                fields = dict(parameter)
                for bound in ("low", "high", "default"):
                    value = fields.get(bound)
                    if isinstance(value, str):
                        try:
                            fields[bound] = to_fraction(value, what=bound)
                        except (TypeError, ValueError) as error:
                            raise ModelError(str(error), key=key_path(where, bound)) from None
                    elif isinstance(value, float) and math.isfinite(value):
                        fields[bound] = to_fraction(value)
                    elif isinstance(value, float) and bound != "default" and math.isinf(value):
                        fields[bound] = None
                if "default" not in fields:
                    raise ModelError("a parameter needs a default value", key=key_path(where, "default"))
                if not isinstance(fields.get("integer", False), bool):
                    raise ModelError(f"expected true or false, got {fields['integer']!r}", key=key_path(where, "integer"))
                if "meaning" not in fields or not isinstance(fields["meaning"], str) or not fields["meaning"].strip():
                    raise ModelError("a parameter needs a one-line 'meaning'", key=key_path(where, "meaning"))
                if fields.get("symbol") is not None and not isinstance(fields["symbol"], str):
                    raise ModelError(f"expected text, got {fields['symbol']!r}", key=key_path(where, "symbol"))
                unknown = sorted(set(fields) - {"name", "default", "low", "high", "integer", "meaning", "symbol"})
                if unknown:
                    raise ModelError(f"unknown key(s) {unknown}", key=where)
                try:
                    parameter = Parameter(**fields)
                except (TypeError, ValueError) as error:
                    message = str(error)
                    sub = "default" if "default" in message else ("range" if "low" in message else "")
                    raise ModelError(message, key=key_path(where, sub) if sub else where) from None
            else:
                raise ModelError(f"expected a Parameter or a mapping of its fields, got {parameter!r}", key=key_path("parameters", k))
            if parameter.name in seen:
                raise ModelError(f"duplicate parameter {parameter.name!r}", key=key_path("parameters", parameter.name))
            seen.add(parameter.name)
            result.append(parameter)
        return tuple(result)

    @staticmethod
    def _make_players(players) -> tuple[Player, ...]:
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
            name = _text(player.name, key_path(where, "name"), required=True)
            actions = _labels(player.actions, key_path(where, "actions"), "action labels")
            meanings = player.meanings or {}
            if not isinstance(meanings, Mapping):
                raise ModelError(f"expected a table {{action = meaning}}, got {meanings!r}", key=key_path(where, "meanings"))
            for action, meaning in meanings.items():
                if action not in actions:
                    raise ModelError(f"no action {action!r}; actions are {list(actions)}", key=key_path(where, "meanings"))
                _text(meaning, key_path(where, "meanings", action), required=True)
            types = tuple(player.types)
            prior = tuple(player.prior)
            if types or prior:
                types = _labels(types, key_path(where, "types"), "type labels")
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

    def _make_priors(self) -> tuple:
        priors = []
        for k, player in enumerate(self._players_spec):
            if not player.types:
                priors.append(None)
                continue
            values = []
            for t, value in enumerate(player.prior):
                where = key_path("players", k, "prior", t)
                expression = value if isinstance(value, sympy.Basic) else parse_expression(value, self._symbols, key=where)
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

    def _expression(self, value, where: str, symbols=None) -> sympy.Expr:
        symbols = self._symbols if symbols is None else symbols
        if isinstance(value, sympy.Basic):
            unknown = sorted(s.name for s in value.free_symbols if s.name not in symbols)
            if unknown:
                raise ModelError(f"uses undeclared name(s) {unknown}", key=where)
            return value.xreplace({s: symbols[s.name] for s in value.free_symbols})
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (str, int, float, Fraction)):
            raise ModelError(f"expected a number or an expression, got {type(value).__name__} {value!r}", key=where)
        return parse_expression(value, symbols, key=where)

    def _entry(self, values, where: str) -> tuple:
        n = len(self._players_spec)
        if isinstance(values, (str, Mapping)) or not isinstance(values, Sequence):
            raise ModelError(f"expected a list of {n} payoffs (one per player), got {values!r}", key=where)
        if len(values) != n:
            raise ModelError(f"expected {n} payoffs (one per player), got {len(values)}: {list(values)}", key=where)
        return tuple(self._expression(v, key_path(where, i)) for i, v in enumerate(values))

    def _profiles_table(self, table, where: str) -> dict:
        actions = [p.actions for p in self._players_spec]
        names = [p.name for p in self._players_spec]
        if not isinstance(table, Mapping):
            raise ModelError(f"expected a table {{\"C,D\" = [payoffs]}}, got {table!r}", key=where)
        result = {}
        for profile_key, values in table.items():
            entry_where = key_path(where, profile_key if isinstance(profile_key, str) else _profile_text(profile_key))
            profile = _profile(profile_key, actions, entry_where, wildcard=False, players=names)
            index = tuple(actions[i].index(a) for i, a in enumerate(profile))
            if index in result:
                raise ModelError(f"profile {_profile_text(profile)!r} is given twice", key=entry_where)
            result[index] = self._entry(values, entry_where)
        shape = tuple(len(a) for a in actions)
        missing = [index for index in np.ndindex(shape) if index not in result]
        if missing:
            shown = ", ".join(repr(_profile_text(actions[i][a] for i, a in enumerate(m))) for m in missing[:6])
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
            where = key_path("payoffs", type_key if isinstance(type_key, str) else _profile_text(type_key))
            parts = _profile(type_key, type_sets, where, wildcard=False, players=[self._players_spec[k].name for k in typed])
            index = tuple(type_sets[j].index(t) for j, t in enumerate(parts))
            if index in result:
                raise ModelError(f"type profile {_profile_text(parts)!r} is given twice", key=where)
            result[index] = self._profiles_table(table, where)
        missing = [i for i in np.ndindex(tuple(len(t) for t in type_sets)) if i not in result]
        if missing:
            shown = ", ".join(repr(_profile_text(type_sets[j][t] for j, t in enumerate(m))) for m in missing)
            raise ModelError(
                f"missing the payoff table for type profile(s) {shown} (one [payoffs.<types>] table per "
                f"combination of the types of {[self._players_spec[k].name for k in typed]})",
                key="payoffs",
            )
        return result

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
            if n not in self._symbols:
                raise ModelError(
                    f"{n!r} is not a declared parameter (parameters: {sorted(self._symbols)})", key="symmetric.n_players"
                )
            parameter = self._parameter(n)
            if not parameter.integer or parameter.low is None or parameter.low < 1:
                raise ModelError(
                    f"parameter {n!r} counts players: it must be declared integer = true with a range starting at 1 or more",
                    key=key_path("parameters", n),
                )
        elif isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            raise ModelError(f"expected a positive integer or a parameter name, got {n!r}", key="symmetric.n_players")
        actions = _labels(spec.actions, "symmetric.actions", "action labels")
        counts = spec.counts
        if not isinstance(counts, Mapping) or set(counts) != set(actions):
            raise ModelError(
                f"expected one count name per action {list(actions)}, got {counts!r}", key="symmetric.counts"
            )
        count_symbols = {}
        for action in actions:
            name = counts[action]
            try:
                check_name(name, what="count name")
            except ValueError as error:
                raise ModelError(str(error), key=key_path("symmetric", "counts", action)) from None
            if name in self._symbols or name in count_symbols:
                raise ModelError(f"count name {name!r} is already used", key=key_path("symmetric", "counts", action))
            count_symbols[name] = sympy.Symbol(name, integer=True, nonnegative=True)
        if not isinstance(spec.payoffs, Mapping) or set(spec.payoffs) != set(actions):
            missing = sorted(set(actions) - set(spec.payoffs)) if isinstance(spec.payoffs, Mapping) else list(actions)
            extra = sorted(set(spec.payoffs) - set(actions)) if isinstance(spec.payoffs, Mapping) else []
            raise ModelError(
                f"expected one payoff per action {list(actions)}; missing {missing}, not actions {extra}",
                key="symmetric.payoffs",
            )
        symbols = {**self._symbols, **count_symbols}
        expressions = {
            a: self._expression(spec.payoffs[a], key_path("symmetric", "payoffs", a), symbols) for a in actions
        }
        meanings = dict(spec.meanings or {})
        for action in meanings:
            if action not in actions:
                raise ModelError(f"no action {action!r}; actions are {list(actions)}", key="symmetric.meanings")
        player = _text(spec.player, "symmetric.player", required=True)
        self._count_symbols = tuple(count_symbols[counts[a]] for a in actions)
        return SymmetricCounts(n, actions, dict(counts), expressions, player, meanings)

    def _make_continuous(self, spec) -> tuple[ContinuousPlayer, ...]:
        """Players of a ``[continuous]`` model: names, action variables, bounds and payoffs parsed."""
        if isinstance(spec, Mapping):
            unknown = sorted(set(spec) - {"players"})
            if unknown:
                raise ModelError(f"unknown key(s) {unknown}; allowed keys: players", key="continuous")
            spec = spec.get("players")
        if isinstance(spec, (str, Mapping)) or not isinstance(spec, Sequence) or not spec:
            raise ModelError(f"expected a non-empty list of players, got {spec!r}", key="continuous.players")
        fields = ("name", "action", "low", "high", "payoff", "meaning")
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
            name = _text(player["name"], key_path(where, "name"), required=True)
            action = player["action"]
            try:
                check_name(action, what="action variable")
            except ValueError as error:
                raise ModelError(str(error), key=key_path(where, "action")) from None
            if action in self._symbols:
                raise ModelError(f"action variable {action!r} is already a parameter name", key=key_path(where, "action"))
            if any(name == r[1] for r in raw):
                raise ModelError(f"duplicate player name {name!r}", key=key_path(where, "name"))
            if any(action == r[2] for r in raw):
                raise ModelError(f"duplicate action variable {action!r}", key=key_path(where, "action"))
            raw.append((where, name, action, player))
        variables = [r[2] for r in raw]
        action_symbols = {v: sympy.Symbol(v, real=True) for v in variables}
        everything = {**self._symbols, **action_symbols}
        result = []
        for where, name, action, player in raw:
            low = self._expression(player["low"], key_path(where, "low"))
            high = self._expression(player["high"], key_path(where, "high"))
            payoff = self._expression(player["payoff"], key_path(where, "payoff"), everything)
            result.append(ContinuousPlayer(name, action, low, high, payoff,
                                           _text(player.get("meaning"), key_path(where, "meaning"))))
        self._action_symbols = tuple(action_symbols[v] for v in variables)
        return tuple(result)

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
        players = _labels(spec["players"], "coalitional.players", "player names")
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
            expression = self._expression(value, where)
            if expression.is_number and expression < 0:
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
            quota = self._expression(quota, "coalitional.quota")
        division = spec.get("division", "proportional")
        if division not in DIVISION_RULES:
            raise ModelError(f"expected one of {list(DIVISION_RULES)}, got {division!r}", key="coalitional.division")
        meanings = dict(spec.get("meanings") or {})
        for player, meaning in meanings.items():
            if player not in players:
                raise ModelError(f"no player {player!r}; players are {list(players)}", key="coalitional.meanings")
            _text(meaning, key_path("coalitional", "meanings", player), required=True)
        return Coalitional(players, tuple(expressions), winning, quota, division, meanings)

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
        sender = _text(spec["sender"], "signaling.sender", required=True)
        receiver = _text(spec["receiver"], "signaling.receiver", required=True)
        if sender == receiver:
            raise ModelError(f"the sender and the receiver need different names, got {sender!r} twice",
                             key="signaling.receiver")
        types = _labels(spec["types"], "signaling.types", "type labels")
        messages = _labels(spec["messages"], "signaling.messages", "message labels")
        responses = _labels(spec["responses"], "signaling.responses", "response labels")
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
            expression = self._expression(value, where)
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
                payoffs[index] = tuple(self._expression(v, key_path(entry_where, k)) for k, v in enumerate(values))
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
            _text(meaning, key_path("signaling.meanings", label), required=True)
        return Signaling(sender, receiver, types, tuple(prior), messages, responses, payoffs, meanings)

    def _pattern_labels(self) -> tuple:
        """Labels an outcome pattern may name per player: the strategic form's plans for typed players and
        signalling models (``"Fight/Concede"``), and the actions themselves outside signalling models."""
        from ..games.bayesian import plan_label

        result = []
        for k, player in enumerate(self._players_spec):
            if self._signaling is not None:
                source = self._signaling.types if k == 0 else self._signaling.messages
                labels = [plan_label(player.actions, plan) for plan in itertools.product(range(len(player.actions)), repeat=len(source))]
            else:
                labels = list(player.actions)
                if player.types and len(player.actions) ** len(player.types) <= 1000:
                    labels += [plan_label(player.actions, plan)
                               for plan in itertools.product(range(len(player.actions)), repeat=len(player.types))]
            result.append(tuple(dict.fromkeys(labels)))
        return tuple(result)

    def _make_outcomes(self, outcomes) -> dict:
        self._outcome_descriptions = {}
        self._outcome_conditions = {}
        if not isinstance(outcomes, Mapping):
            raise ModelError(f"expected a table of named outcomes, got {outcomes!r}", key="outcomes")
        result = {}
        for name, profiles in outcomes.items():
            where = key_path("outcomes", name)
            if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
                raise ModelError("outcome names are identifiers (letters, digits, '_')", key=where)
            if self._kind != "normal":  # no action profiles: an outcome is a name with its description
                result[name] = ()
                if isinstance(profiles, Mapping):  # {description, condition}: a testable outcome
                    profiles = self._testable_outcome(name, profiles, where)
                self._outcome_descriptions[name] = _text(profiles, where, required=True)
                continue
            if isinstance(profiles, str) or not isinstance(profiles, Sequence) or not profiles:
                raise ModelError(f"expected a list of profiles like [\"C,D\", \"D,C\"], got {profiles!r}", key=where)
            result[name] = tuple(self._pattern(p, key_path(where, k)) for k, p in enumerate(profiles))
        return result

    def _testable_outcome(self, name: str, spec: Mapping, where: str) -> str:
        """Parse ``{description, condition}`` of a continuous or coalitional outcome; return the description."""
        unknown = sorted(set(spec) - {"description", "condition"})
        if unknown:
            raise ModelError(f"unknown key(s) {unknown}; allowed keys: description, condition", key=key_path(where, unknown[0]))
        if "description" not in spec:
            raise ModelError("a testable outcome needs a 'description' (and a 'condition')", key=key_path(where, "description"))
        if "condition" not in spec:
            raise ModelError("a testable outcome needs a 'condition' (or give the description alone as text)",
                             key=key_path(where, "condition"))
        symbols = {**self._symbols, **self._outcome_symbols()}
        condition = spec["condition"]
        if isinstance(condition, sympy.Basic):
            unknown_names = sorted(s.name for s in condition.free_symbols if s.name not in symbols)
            if unknown_names:
                raise ModelError(f"uses undeclared name(s) {unknown_names}", key=key_path(where, "condition"))
            parsed, text = condition.xreplace({s: symbols[s.name] for s in condition.free_symbols}), str(condition)
        else:
            if not isinstance(condition, str) or not condition.strip():
                raise ModelError(f"expected a condition as text, got {condition!r}", key=key_path(where, "condition"))
            parsed, text = parse_condition(condition, symbols, key=key_path(where, "condition")), condition
        self._outcome_conditions[name] = (text, parsed)
        return spec["description"]

    def _outcome_symbols(self) -> dict:
        """``{name: symbol}`` of the variables outcome conditions may name besides the parameters:
        the action variables of a continuous model, the features of a coalitional one."""
        if self._continuous is not None:
            return {s.name: s for s in self._action_symbols}
        if self._coalitional is None:
            return {}
        if "_feature_symbols" not in self.__dict__:
            names = list(COALITION_FEATURES)
            for template in COALITION_STATE_FEATURES:
                names += [template.format(state=re.sub(r"\W", "_", state, flags=re.ASCII)) for state in self._coalitional.players]
            clashes = sorted({n for n in names if names.count(n) > 1} | (set(names) & set(self._symbols)))
            if clashes:
                raise ModelError(f"feature name(s) {clashes} clash with a parameter or another state's feature; "
                                 "rename the parameter or the state", key="coalitional.players")
            self._feature_symbols = {n: sympy.Symbol(n, real=True) for n in names}
        return dict(self._feature_symbols)

    def _pattern(self, value, where: str) -> tuple[str, ...]:
        if self._counts is not None:
            parts = _profile(value, None, where, wildcard=True)
            for label in parts:
                if label != WILDCARD and label not in self._counts.actions:
                    raise ModelError(f"no action {label!r}; actions are {list(self._counts.actions)}", key=where)
            return parts
        return _profile(value, self._pattern_labels(), where, wildcard=True, players=self.players)

    def _make_predictions(self, predictions) -> dict:
        if not isinstance(predictions, Mapping) or "defensive_realism" not in predictions:
            raise ModelError(
                "a model must state what defensive realism predicts ([predictions.defensive_realism])",
                key="predictions",
            )
        result = {}
        for name, spec in predictions.items():
            where = key_path("predictions", name)
            if name not in KNOWN_THEORIES:
                import difflib

                close = difflib.get_close_matches(str(name), KNOWN_THEORIES, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise ModelError(f"unknown theory {name!r}{hint}; known theories: {', '.join(KNOWN_THEORIES)}", key=where)
            if isinstance(spec, Theory):
                result[name] = spec
                continue
            if not isinstance(spec, Mapping):
                raise ModelError(f"expected a table with 'rules', got {spec!r}", key=where)
            unknown = sorted(set(spec) - {"rules", "summary", "source"})
            if unknown:
                raise ModelError(f"unknown key(s) {unknown}", key=where)
            rules_spec = spec.get("rules")
            if isinstance(rules_spec, (str, Mapping)) or not isinstance(rules_spec, Sequence) or not rules_spec:
                raise ModelError("expected a non-empty list of rules", key=key_path(where, "rules"))
            rules = tuple(self._rule(r, key_path(where, "rules", k)) for k, r in enumerate(rules_spec))
            result[name] = Theory(
                name,
                rules,
                _text(spec.get("summary"), key_path(where, "summary")),
                _text(spec.get("source"), key_path(where, "source")),
            )
        return result

    def _rule(self, spec, where: str) -> Rule:
        if not isinstance(spec, Mapping):
            raise ModelError(f"expected a rule table with 'outcome' (and optionally 'when'), got {spec!r}", key=where)
        unknown = sorted(set(spec) - {"when", "outcome", "expect", "note"})
        if unknown:
            raise ModelError(f"unknown key(s) {unknown}", key=where)
        when = spec.get("when", "")
        if when in ("", True):
            condition, when = sympy.true, ""
        else:
            condition = parse_condition(when, self._symbols, key=key_path(where, "when"))
            when = str(when)
        if "outcome" not in spec:
            raise ModelError("a rule needs an 'outcome' (a named outcome or a profile like \"C,*\")", key=key_path(where, "outcome"))
        outcome = spec["outcome"]
        if self._kind != "normal":
            if not isinstance(outcome, str) or outcome not in self._outcomes:
                known = ", ".join(self._outcomes) or "none declared"
                raise ModelError(
                    f"a {self._kind} model's rules name an outcome declared in [outcomes] ({known}), got {outcome!r}",
                    key=key_path(where, "outcome"),
                )
            allowed = KIND_EXPECTATIONS[self._kind]
            expect = spec.get("expect", "equilibrium")
            if expect not in allowed:
                raise ModelError(
                    f"a {self._kind} model's rules expect one of {list(allowed)} of the outcome's condition "
                    f"(omit 'expect' for 'equilibrium'), got {expect!r}",
                    key=key_path(where, "expect"),
                )
            if expect != "equilibrium" and outcome not in self._outcome_conditions:
                raise ModelError(
                    f"expect = {expect!r} tests the outcome's condition, but outcome {outcome!r} is described in "
                    "words only; give it a condition", key=key_path(where, "expect"),
                )
            return Rule(when, condition, outcome, (), expect, _text(spec.get("note"), key_path(where, "note")))
        if isinstance(outcome, str) and outcome in self._outcomes:
            profiles = self._outcomes[outcome]
        else:
            if isinstance(outcome, str) and "," not in outcome and outcome != WILDCARD and self.n_players_fixed != 1:
                known = ", ".join(self._outcomes) or "none declared"
                raise ModelError(
                    f"{outcome!r} is neither a named outcome (outcomes: {known}) nor a profile like \"C,D\"",
                    key=key_path(where, "outcome"),
                )
            profiles = (self._pattern(outcome, key_path(where, "outcome")),)
            outcome = _profile_text(profiles[0])
        expect = spec.get("expect", "equilibrium")
        if expect not in EXPECTATIONS:
            raise ModelError(f"expected one of {list(EXPECTATIONS)}, got {expect!r}", key=key_path(where, "expect"))
        return Rule(when, condition, outcome, profiles, expect, _text(spec.get("note"), key_path(where, "note")))

    def _make_sweep(self, spec: Mapping) -> dict:
        """Default sweep design: ``{"axes": {name: values}, "fixed": {name: value}}``."""
        unknown = sorted(set(spec) - {"axes", "fixed"})
        if unknown:
            raise ModelError(f"unknown key(s) {unknown}; allowed keys: axes, fixed", key="sweep")
        known = {p.name: p for p in self._parameters}
        axes = {}
        for name, axis in dict(spec.get("axes", {})).items():
            where = key_path("sweep", "axes", name)
            if name not in known:
                raise ModelError(f"{name!r} is not a declared parameter (parameters: {sorted(known)})", key=where)
            if isinstance(axis, Mapping):
                extra = sorted(set(axis) - {"from", "to", "points", "values"})
                if extra:
                    raise ModelError(f"unknown key(s) {extra}; give from, to and points, or values", key=where)
                if "values" in axis:
                    if set(axis) != {"values"}:
                        raise ModelError("give either 'values' or 'from', 'to' and 'points'", key=where)
                    values = axis["values"]
                else:
                    missing = sorted({"from", "to", "points"} - set(axis))
                    if missing:
                        raise ModelError(f"missing {missing}", key=where)
                    points = axis["points"]
                    if not isinstance(points, int) or isinstance(points, bool) or not 1 <= points <= 10_000:
                        raise ModelError(f"points must be an integer from 1 to 10000, got {points!r}", key=key_path(where, "points"))
                    try:
                        low, high = float(axis["from"]), float(axis["to"])
                    except (TypeError, ValueError):
                        raise ModelError("from and to must be numbers", key=where) from None
                    values = np.linspace(low, high, points).tolist()
            else:
                values = axis
            if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or not values:
                raise ModelError(f"expected a non-empty list of values, got {values!r}", key=where)
            checked = []
            for value in values:
                try:
                    checked.append(float(known[name].check(value, what="sweep value")))
                except (TypeError, ValueError) as error:
                    raise ModelError(str(error), key=where) from None
            axes[name] = tuple(checked)
        fixed = {}
        for name, value in dict(spec.get("fixed", {})).items():
            where = key_path("sweep", "fixed", name)
            if name not in known:
                raise ModelError(f"{name!r} is not a declared parameter (parameters: {sorted(known)})", key=where)
            if name in axes:
                raise ModelError(f"{name!r} is both swept and fixed", key=where)
            try:
                fixed[name] = known[name].check(value, what="fixed value")
            except (TypeError, ValueError) as error:
                raise ModelError(str(error), key=where) from None
        return {"axes": axes, "fixed": fixed}

    @staticmethod
    def _make_alliance(spec: Mapping) -> dict:
        """Kind of alliance the model is about, in the field's distinctions (see :data:`ALLIANCE_KINDS`)."""
        result = {}
        for name, value in dict(spec).items():
            where = key_path("alliance", name)
            if name not in ALLIANCE_KINDS:
                raise ModelError(f"unknown key {name!r}; allowed keys: {', '.join(ALLIANCE_KINDS)}", key=where)
            values = [value] if isinstance(value, str) else value
            if not isinstance(values, Sequence) or not values or any(v not in ALLIANCE_KINDS[name] for v in values):
                raise ModelError(f"expected one or a list of {list(ALLIANCE_KINDS[name])}, got {value!r}", key=where)
            result[name] = tuple(values)
        return result

    # ---------------------------------------------------------- properties
    @property
    def sweep_axes(self) -> dict[str, tuple]:
        """The model's default sweep grid: ``{parameter: values}`` (empty when none is declared)."""
        return dict(self._sweep["axes"])

    @property
    def sweep_fixed(self) -> dict[str, object]:
        """Parameter values held fixed in the default sweep (defaults for the rest)."""
        return dict(self._sweep["fixed"])

    @property
    def alliance(self) -> dict[str, tuple]:
        """The alliance distinctions the model speaks to, e.g. ``{"commitment": ("formal",)}``."""
        return dict(self._alliance)

    @property
    def key(self) -> str:
        return self._key

    @property
    def title(self) -> str:
        return self._title

    @property
    def summary(self) -> str:
        return self._summary

    @property
    def notes(self) -> str:
        return self._notes

    @property
    def sources(self) -> tuple[Source, ...]:
        return self._sources

    @property
    def citation(self) -> str:
        """The full citation of the model's (first) source."""
        return self._sources[0].citation

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        return self._parameters

    def _parameter(self, name: str) -> Parameter:
        for p in self._parameters:
            if p.name == name:
                return p
        raise ValueError(f"unknown parameter {name!r}; parameters are {[p.name for p in self._parameters]}")

    @property
    def defaults(self) -> dict[str, object]:
        """``{name: default}`` of every parameter."""
        return {p.name: p.default for p in self._parameters}

    @property
    def kind(self) -> str:
        """``"normal"`` (solved as a normal-form game: by profiles, by counts or Bayesian),
        ``"continuous"`` or ``"coalitional"``; see :data:`MODEL_KINDS`."""
        return self._kind

    @property
    def continuous(self) -> tuple[ContinuousPlayer, ...] | None:
        """The players of a ``[continuous]`` model (bounds and payoffs parsed), or None."""
        return self._continuous

    @property
    def coalitional(self) -> Coalitional | None:
        """The ``[coalitional]`` specification (resources parsed), or None."""
        return self._coalitional

    @property
    def outcome_descriptions(self) -> dict[str, str]:
        """``{outcome: description}`` of a continuous or coalitional model (empty otherwise)."""
        return dict(self._outcome_descriptions)

    @property
    def outcome_conditions(self) -> dict[str, str]:
        """``{outcome: condition text}`` of the testable outcomes of a continuous or coalitional model.

        A condition is on the parameters and :attr:`outcome_variables`:
        the equilibrium actions of a continuous model, the features of a
        stable structure (:data:`COALITION_FEATURES`) of a coalitional one.
        """
        return {name: text for name, (text, _) in self._outcome_conditions.items()}

    @property
    def outcome_variables(self) -> tuple[str, ...]:
        """Names outcome conditions may use besides the parameters (empty for normal-form models).

        Examples
        --------
        >>> from gametheory.model import load_model
        >>> load_model("burden_sharing_continuous").outcome_variables
        ('q_1', 'q_2', 'q_3')
        >>> load_model("balance_of_power").outcome_variables[-4:]
        ('in_winning_Britain', 'in_winning_France', 'in_winning_Germany', 'in_winning_Russia')
        """
        return tuple(self._outcome_symbols())

    def outcome_holds(self, outcome: str, *, tol: float | None = None, **arrays) -> np.ndarray:
        """Whether a testable outcome's condition holds, over whole arrays (vectorised).

        Each comparison is decided with a tolerance scaled by the size of its
        two sides, ``t = tol * max(1, |lhs|, |rhs|)``: ``a == b`` is
        ``|a - b| <= t``, ``a > b`` is ``a - b > t``, ``a >= b`` is
        ``a - b >= -t`` (and alike), so a computed equilibrium action within
        the tolerance of 0 counts as 0. A side that is undefined at a point
        (0/0) makes the comparison false there.

        Parameters
        ----------
        outcome : str
            A key of :attr:`outcome_conditions`.
        tol : float, optional
            Relative tolerance (default :data:`gametheory.numerics.DEFAULT_TOL`; 0 for exact comparisons).
        **arrays
            Parameter values (defaults for the rest) and every outcome
            variable the condition names; arrays broadcast together.

        Returns
        -------
        ndarray of bool, of the broadcast shape.

        Raises
        ------
        ValueError
            If the outcome is unknown or has no condition, or a variable it
            names is missing, or a name is unknown.

        Examples
        --------
        >>> from gametheory.model import load_model
        >>> model = load_model("burden_sharing_continuous")
        >>> model.outcome_holds("small_free_rides", q_1=[5.0, 4.0], q_2=[1e-12, 2.0], q_3=0.0).tolist()
        [True, False]
        """
        from ..numerics import DEFAULT_TOL

        if outcome not in self._outcome_conditions:
            if outcome in self._outcome_descriptions:
                raise ValueError(f"outcome {outcome!r} of model {self._key!r} is described in words only; "
                                 "give it a condition ([outcomes] name = {description, condition}) to test it")
            known = sorted(self._outcome_conditions)
            raise ValueError(f"model {self._key!r} has no testable outcome {outcome!r}; testable outcomes: {known}")
        tol = DEFAULT_TOL if tol is None else float(tol)
        if not tol >= 0:
            raise ValueError(f"tol must be a non-negative number, got {tol!r}")
        variables = self.outcome_variables
        known = {p.name: p for p in self._parameters}
        unknown = sorted(set(arrays) - set(known) - set(variables))
        if unknown:
            raise ValueError(f"unknown name(s) {unknown}; parameters are {sorted(known)}, outcome variables {list(variables)}")
        _, condition = self._outcome_conditions[outcome]
        used = {s.name for s in condition.free_symbols}
        missing = sorted(used & set(variables) - set(arrays))
        if missing:
            raise ValueError(f"outcome {outcome!r} names {missing}: give their values")
        order = [p.name for p in self._parameters] + list(variables)
        key = ("outcome", outcome)
        if key not in self._condition_cache:
            symbols = {**self._symbols, **self._outcome_symbols()}
            self._condition_cache[key] = _tolerant_condition(condition, [symbols[n] for n in order])
        columns = []
        for name in order:
            if name in arrays:
                columns.append(np.asarray(arrays[name], dtype=float))
            elif name in known:
                columns.append(np.asarray(float(known[name].default)))
            else:
                columns.append(np.asarray(np.nan))
        shape = np.broadcast_shapes(*(c.shape for c in columns))
        columns = [np.broadcast_to(c, shape) for c in columns]
        with np.errstate(all="ignore"):
            return np.broadcast_to(self._condition_cache[key](tol, columns), shape).copy()

    @property
    def is_symmetric_counts(self) -> bool:
        """True for a symmetric n-player model given by counts."""
        return self._counts is not None

    @property
    def symmetric(self) -> SymmetricCounts | None:
        """The counts specification (payoff expressions parsed), or None."""
        return self._counts

    @property
    def player_count_parameter(self) -> str | None:
        """Name of the parameter that sets the number of players, if any."""
        return self._counts.n_players if self._counts is not None and isinstance(self._counts.n_players, str) else None

    @property
    def n_players_fixed(self) -> int | None:
        """The number of players, or None when a parameter sets it."""
        if self._kind != "normal":
            return len(self.players)
        if self._counts is None:
            return len(self._players_spec)
        return None if isinstance(self._counts.n_players, str) else int(self._counts.n_players)

    def _n_players(self, values: Mapping) -> int:
        n = self._counts.n_players
        if isinstance(n, str):
            return int(self._parameter(n).check(values.get(n, self._parameter(n).default)))
        return int(n)

    @property
    def players(self) -> tuple[str, ...]:
        """Player names (at the default number of players for a symmetric model)."""
        if self._continuous is not None:
            return tuple(p.name for p in self._continuous)
        if self._coalitional is not None:
            return self._coalitional.players
        if self._counts is not None:
            n = self._n_players({})
            return tuple(f"{self._counts.player} {k + 1}" for k in range(n))
        return tuple(p.name for p in self._players_spec)

    @property
    def actions(self) -> tuple[tuple[str, ...], ...]:
        """Action labels per player (the real actions, not Bayesian plans).

        Empty for every player of a continuous model (see
        :attr:`action_variables`) or a coalitional model.
        """
        if self._kind != "normal":
            return ((),) * len(self.players)
        if self._counts is not None:
            return (self._counts.actions,) * len(self.players)
        return tuple(p.actions for p in self._players_spec)

    @property
    def action_meanings(self) -> tuple[dict, ...]:
        if self._continuous is not None:
            return tuple({p.action: p.meaning} if p.meaning else {} for p in self._continuous)
        if self._coalitional is not None:
            return ({},) * len(self.players)
        if self._counts is not None:
            return (dict(self._counts.meanings),) * len(self.players)
        return tuple(dict(p.meanings) for p in self._players_spec)

    @property
    def action_variables(self) -> tuple[str, ...]:
        """Names of the action variables of a continuous model (empty for other kinds)."""
        return tuple(p.action for p in self._continuous) if self._continuous is not None else ()

    @property
    def is_bayesian(self) -> bool:
        """True when some player has private types (in a simultaneous-move Bayesian game; see also :attr:`is_signaling`)."""
        return self._counts is None and self._signaling is None and any(p.types for p in self._players_spec)

    @property
    def is_signaling(self) -> bool:
        """True for a ``[signaling]`` model (sender types, messages, receiver responses)."""
        return self._signaling is not None

    @property
    def signaling(self) -> Signaling | None:
        """The ``[signaling]`` specification (prior and payoffs parsed), or None."""
        return self._signaling

    @property
    def types(self) -> tuple[tuple[str, ...], ...]:
        """Type labels per player (``()`` for a player without private information)."""
        if self._counts is not None or self._kind != "normal":
            return ((),) * len(self.players)
        return tuple(p.types for p in self._players_spec)

    @property
    def priors(self) -> tuple:
        """Prior of each player's types as sympy expressions (None without types)."""
        if self._counts is not None or self._kind != "normal":
            return (None,) * len(self.players)
        return self._priors

    @property
    def outcomes(self) -> dict[str, tuple]:
        """Named outcome classes: ``{name: (profile pattern, ...)}``."""
        return dict(self._outcomes)

    @property
    def predictions(self) -> dict[str, Theory]:
        """``{theory name: Theory}``."""
        return dict(self._theories)

    def payoff_expressions(self) -> dict:
        """The declared payoffs as sympy expressions.

        Returns ``{(type labels, action labels): (payoff of each player)}``
        (type labels ``()`` without types) for a model by profile, and
        ``{action: expression}`` for a symmetric model by counts,
        ``{player: expression}`` for a continuous model and ``{player:
        resources}`` for a coalitional model.
        """
        if self._continuous is not None:
            return {p.name: p.payoff for p in self._continuous}
        if self._coalitional is not None:
            return dict(zip(self._coalitional.players, self._coalitional.resources))
        if self._counts is not None:
            return dict(self._counts.payoffs)
        typed = [k for k, p in enumerate(self._players_spec) if p.types]
        result = {}
        for type_index, table in self._payoff_table.items():
            type_labels = tuple(self._players_spec[typed[j]].types[t] for j, t in enumerate(type_index))
            for index, entry in table.items():
                result[(type_labels, tuple(self.actions[i][a] for i, a in enumerate(index)))] = entry
        return result

    # ------------------------------------------------------------- games
    def _structural(self, values: Mapping) -> tuple[int | None, dict]:
        """Split off the player-count parameter (structural, must be a scalar)."""
        values = dict(values)
        name = self.player_count_parameter
        if name is None:
            return None, values
        parameter = self._parameter(name)
        raw = values.pop(name, parameter.default)
        if isinstance(raw, np.ndarray) and raw.ndim > 0:
            if raw.size and np.all(raw == raw.flat[0]):
                raw = raw.flat[0].item()
            else:
                raise ValueError(
                    f"parameter {name!r} sets the number of players: give one value, not an array of different values"
                )
        return int(parameter.check(raw)), values

    def symbolic_game(self, **structural) -> SymbolicGame:
        """The game with symbolic payoffs (sympy expressions of the parameters).

        For a Bayesian model this is the symbolic ex-ante strategic form
        (plans as actions, prior-weighted payoffs). For a symmetric model by
        counts, the number of players is fixed first (its parameter may be
        given, default otherwise) and is not a parameter of the result.

        The result is cached, so its compiled array function is reused.
        """
        self._require_normal("symbolic_game")
        n, rest = self._structural(structural)
        if rest:
            raise ValueError(
                f"symbolic_game() takes only the player-count parameter, got {sorted(rest)}; "
                "use .substitute(...) on the result to fix other parameters"
            )
        if n in self._sym_cache:
            return self._sym_cache[n]
        if self._counts is not None:
            game = self._counts_symbolic(n)
        elif self.is_bayesian:
            game = self._bayesian_symbolic()
        elif self._signaling is not None:
            game = self._signaling_symbolic()
        else:
            table = self._payoff_table[()]
            shape = tuple(len(a) for a in self.actions)
            arrays = [np.empty(shape, dtype=object) for _ in shape]
            for index, entry in table.items():
                for i, value in enumerate(entry):
                    arrays[i][index] = value
            game = SymbolicGame(arrays, self._parameters, self.players, self.actions, title=self._title)
        self._sym_cache[n] = game
        return game

    def _counts_symbolic(self, n: int) -> SymbolicGame:
        spec = self._counts
        m = len(spec.actions)
        if m**n * n > MAX_COUNTS_ENTRIES:
            raise ValueError(f"{n} players with {m} actions give {m**n * n} payoff entries, above the limit {MAX_COUNTS_ENTRIES}")
        name = self.player_count_parameter
        fixed = {self._symbols[name]: sympy.Integer(n)} if name else {}
        cache = {}

        def payoff(action, others):
            key = (action, tuple(others[a] for a in spec.actions))
            if key not in cache:
                substitution = dict(fixed)
                substitution.update({s: sympy.Integer(others[a]) for s, a in zip(self._count_symbols, spec.actions)})
                cache[key] = spec.payoffs[action].xreplace(substitution)
            return cache[key]

        players = tuple(f"{spec.player} {k + 1}" for k in range(n))
        shape = (m,) * n
        arrays = [np.empty(shape, dtype=object) for _ in range(n)]
        for index in np.ndindex(shape):
            for i in range(n):
                others = dict.fromkeys(spec.actions, 0)
                for k, a in enumerate(index):
                    if k != i:
                        others[spec.actions[a]] += 1
                arrays[i][index] = payoff(spec.actions[index[i]], others)
        parameters = [p for p in self._parameters if p.name != name]
        return SymbolicGame(arrays, parameters, players, (spec.actions,) * n, title=self._title)

    def _bayesian_arrays(self, convert):
        """Payoffs by (type profile + action profile) and the joint prior, entries through ``convert``."""
        n = len(self._players_spec)
        typed = [k for k, p in enumerate(self._players_spec) if p.types]
        n_types = tuple(len(p.types) if p.types else 1 for p in self._players_spec)
        shape = n_types + tuple(len(a) for a in self.actions)
        arrays = [np.empty(shape, dtype=object) for _ in range(n)]
        for type_index, table in self._payoff_table.items():
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
        from ..games.bayesian import plan_label, strategic_form_payoffs

        arrays, prior, n_types = self._bayesian_arrays(lambda v: v)
        plans, strategic = strategic_form_payoffs(arrays, prior, n_types, tuple(len(a) for a in self.actions))
        strategic = [np.vectorize(sympy.expand, otypes=[object])(a) for a in strategic]
        labels = [[plan_label(self.actions[i], p) for p in plans[i]] for i in range(len(plans))]
        return SymbolicGame(strategic, self._parameters, self.players, labels, title=self._title)

    def _signaling_symbolic(self) -> SymbolicGame:
        """The symbolic strategic form of a signalling model, in :class:`~gametheory.games.signaling.SignalingGame`'s order."""
        from ..games.bayesian import plan_label

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
        return SymbolicGame(arrays, self._parameters, (spec.sender, spec.receiver), labels, title=self._title)

    def signaling_game(self, **values):
        """The :class:`~gametheory.games.signaling.SignalingGame` of a ``[signaling]`` model at the given values.

        Parameters
        ----------
        **values
            Parameter values by name (defaults for the rest); exact values
            (ints, Fractions, decimal text) give an exact game.

        Returns
        -------
        SignalingGame
            Its :meth:`~gametheory.games.signaling.SignalingGame.strategic_form` is
            :meth:`game` at the same values.

        Raises
        ------
        TypeError
            If the model is not a signalling model.
        ValueError
            On unknown or out-of-range values, or when a prior probability
            falls outside [0, 1] or a payoff is undefined at the values.

        Examples
        --------
        >>> from gametheory.model import load_model
        >>> from gametheory.games.signaling import pure_pbe
        >>> model = load_model("deterrence_signaling")
        >>> game = model.signaling_game(sunk_cost=3)
        >>> [e.classification for e in pure_pbe(game) if e.sender_behaviour()["Resolved"]["Sink"] == 1]
        ['separating', 'separating']
        >>> model.game(sunk_cost=3).shape == game.strategic_form().shape
        True
        """
        from ..games.signaling import SignalingGame

        if self._signaling is None:
            raise TypeError(f"model {self._key!r} is not a signalling model (no [signaling] table); use model.game(**values)")
        checked = self.values(**values)
        spec = self._signaling
        prior = []
        for t, expression in zip(spec.types, spec.prior):
            value = self._evaluate_at(expression, checked, f"the prior probability of type {t!r}")
            if not 0 <= value <= 1:
                raise ValueError(f"prior probability of type {t!r} is {value} at {checked}, outside [0, 1]")
            prior.append(value)
        shape = (len(spec.types), len(spec.messages), len(spec.responses))
        arrays = [np.empty(shape, dtype=object) for _ in range(2)]
        for (t, m, r), entry in spec.payoffs.items():
            for k in range(2):
                who = spec.sender if k == 0 else spec.receiver
                arrays[k][t, m, r] = self._evaluate_at(
                    entry[k], checked, f"the payoff of {who!r} at ({spec.types[t]}, {spec.messages[m]}, {spec.responses[r]})"
                )
        return SignalingGame(spec.types, prior, spec.messages, spec.responses, arrays[0], arrays[1],
                             players=(spec.sender, spec.receiver), title=self._title)

    def bayesian_game(self, **values):
        """The :class:`~gametheory.games.bayesian.BayesianGame` at the given parameter values.

        Raises
        ------
        ValueError
            If the model has no types, on unknown or out-of-range values, or
            when a prior probability falls outside [0, 1] at the values.
        """
        from ..games.bayesian import BayesianGame

        self._require_normal("bayesian_game")
        if not self.is_bayesian:
            raise ValueError(f"model {self._key!r} has no player types; use game()")
        checked = self.symbolic_game().values(**values)
        substitution = {self._symbols[k]: _as_sympy_number(v) for k, v in checked.items()}
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
        return BayesianGame(arrays, prior, self.players, types, self.actions, title=self._title)

    def game(self, exact: bool | None = None, **values) -> NormalFormGame:
        """The numeric game at the given parameter values (defaults for the rest).

        Parameters
        ----------
        exact : bool, optional
            Fraction payoffs; default: exact when every value is exact (int,
            Fraction, decimal text) and every payoff is then rational.
        **values
            Parameter values by name.

        Returns
        -------
        NormalFormGame
            For a Bayesian model, its ex-ante strategic form.

        Raises
        ------
        ValueError
            On unknown parameter names or values outside a parameter's range
            (naming the parameter).
        TypeError
            For a continuous or coalitional model (the message names the
            method to use instead).
        """
        self._require_normal("game")
        n, rest = self._structural(values)
        if self.is_bayesian:
            for name, value in rest.items():  # prior checks at these values
                self._parameter(name)
            self.bayesian_game(**rest)
        elif self._signaling is not None:
            self.signaling_game(**rest)  # prior checks at these values
        game = self.symbolic_game(**({self.player_count_parameter: n} if n is not None else {}))
        return game.game(exact=exact, **rest)

    def payoff_arrays(self, **arrays) -> tuple[np.ndarray, ...]:
        """Every payoff over whole numpy arrays of parameter values (one vectorised pass).

        Arrays broadcast against each other; parameters not given take their
        defaults. Returns one float array per player of shape
        ``broadcast_shape + game shape``. The player-count parameter of a
        symmetric model must be a single value.
        """
        self._require_normal("payoff_arrays")
        n, rest = self._structural(arrays)
        game = self.symbolic_game(**({self.player_count_parameter: n} if n is not None else {}))
        return game.payoff_arrays(**rest)

    # ------------------------------------------- continuous and coalitional
    def _require_normal(self, method: str) -> None:
        if self._kind != "normal":
            instead = MODEL_KINDS[self._kind]
            extra = " or balance_of_power()" if self._kind == "coalitional" else ""
            raise TypeError(
                f"model {self._key!r} is a {self._kind} model, not a normal-form game: {method}() does not apply; "
                f"use model.{instead[:-2]}(**values){extra}"
            )

    def values(self, **values) -> dict[str, object]:
        """Complete, validated parameter values: defaults filled in, unknown names and out-of-range values rejected.

        Examples
        --------
        >>> from gametheory.model import load_model
        >>> load_model("stag_hunt").values(sucker=1)
        {'reward': 4, 'temptation': 3, 'punishment': 2, 'sucker': 1}
        """
        known = {p.name: p for p in self._parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ValueError(f"unknown parameter(s) {unknown}; parameters are {sorted(known)}")
        return {name: p.check(values.get(name, p.default)) for name, p in known.items()}

    def _evaluate_at(self, expression, checked: Mapping, what: str):
        """A parameter expression's value at checked values: int/Fraction when rational, else float."""
        substitution = {self._symbols[k]: _as_sympy_number(v) for k, v in checked.items()}
        value = expression.xreplace(substitution)
        if not value.is_number or value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo) or value.is_real is False:
            raise ValueError(f"{what} is undefined at {checked}: {value}")
        if value.is_Rational:
            return int(value) if value.q == 1 else Fraction(int(value.p), int(value.q))
        return float(value)

    def continuous_game(self, **values):
        """The :class:`~gametheory.games.continuous.ContinuousGame` of a continuous model at the given values.

        Parameters
        ----------
        **values
            Parameter values by name (defaults for the rest).

        Returns
        -------
        ContinuousGame
            Players choose their action variables in the intervals the
            bounds give at these values; payoffs are the model's formulas
            with the values substituted (symbolic in the actions, so best
            responses can use the first-order condition).

        Raises
        ------
        TypeError
            If the model is not a continuous model.
        ValueError
            On unknown or out-of-range values, or when a bound is undefined
            or the low bound exceeds the high bound at the values.

        Examples
        --------
        >>> from gametheory.model import load_model
        >>> from gametheory.games.continuous import best_response_iteration
        >>> model = load_model("burden_sharing_continuous")
        >>> game = model.continuous_game(income_1=10, income_2=8, income_3=0)
        >>> game.bounds
        ((0.0, 10.0), (0.0, 8.0), (0.0, 0.0))
        >>> [round(q, 6) for q in best_response_iteration(game).point]
        [4.0, 2.0, 0.0]
        """
        from ..games.continuous import ContinuousGame

        if self._continuous is None:
            raise TypeError(f"model {self._key!r} is a {self._kind} model, not a continuous one; use model.{MODEL_KINDS[self._kind][:-2]}(**values)")
        checked = self.values(**values)
        substitution = {self._symbols[k]: _as_sympy_number(v) for k, v in checked.items()}
        bounds = []
        for player in self._continuous:
            low = self._evaluate_at(player.low, checked, f"the low bound of player {player.name!r}")
            high = self._evaluate_at(player.high, checked, f"the high bound of player {player.name!r}")
            if low > high:
                raise ValueError(
                    f"player {player.name!r} has the interval [{low}, {high}] at {checked}: the low bound is above the high bound"
                )
            bounds.append((float(low), float(high)))
        payoffs = [player.payoff.xreplace(substitution) for player in self._continuous]
        return ContinuousGame(self.players, bounds, payoffs, actions=list(self.action_variables), title=self._title)

    @property
    def division(self) -> str | None:
        """How a coalition of a coalitional model divides its worth (a :data:`DIVISION_RULES` name), or None."""
        return self._coalitional.division if self._coalitional is not None else None

    def _require_coalitional(self) -> None:
        if self._coalitional is None:
            raise TypeError(
                f"model {self._key!r} is a {self._kind} model, not a coalitional one; use model.{MODEL_KINDS[self._kind][:-2]}(**values)"
            )

    def coalition_resources(self, **values) -> dict[str, object]:
        """Each player's resources at the given values (exact when the values are).

        Raises
        ------
        TypeError
            If the model is not coalitional.
        ValueError
            On unknown or out-of-range values, or negative or undefined resources.
        """
        self._require_coalitional()
        checked = self.values(**values)
        result = {}
        for player, expression in zip(self._coalitional.players, self._coalitional.resources):
            value = self._evaluate_at(expression, checked, f"the resources of {player!r}")
            if value < 0:
                raise ValueError(f"the resources of {player!r} are {value} at {checked}, expected a non-negative number")
            result[player] = value
        return result

    def coalition_game(self, **values):
        """The simple :class:`~gametheory.games.coalitional.CoalitionGame` of a coalitional model at the given values.

        A coalition is worth 1 when it wins under the model's winning rule
        (``majority``: resources above half the total; ``quota``: at least
        the quota) and 0 otherwise; the players' resources are the game's
        weights, so ``division="proportional"`` shares by power. Pass
        :attr:`division` to :meth:`~gametheory.games.coalitional.CoalitionGame.stable_partitions`.

        Raises
        ------
        TypeError
            If the model is not coalitional.
        ValueError
            On unknown or out-of-range values, or resources or a quota that
            make no game (all zero, a quota above the total).

        Examples
        --------
        >>> from gametheory.model import load_model
        >>> model = load_model("balance_of_power")
        >>> game = model.coalition_game()
        >>> game.minimal_winning_coalitions()
        [('Britain', 'Germany'), ('Britain', 'France', 'Russia'), ('Germany', 'Russia')]
        >>> [s.partition for s in game.stable_partitions(division=model.division)][:2]
        [(('Britain', 'France'), ('Germany', 'Russia')), (('Britain', 'Germany'), ('France', 'Russia'))]
        """
        from ..games.coalitional import CoalitionGame

        resources = self.coalition_resources(**values)
        spec = self._coalitional
        if spec.winning == "majority":
            return self.balance_of_power(**values).game()
        quota = self._evaluate_at(spec.quota, self.values(**values), "the quota")
        try:
            return CoalitionGame.weighted_voting(quota, resources)
        except (TypeError, ValueError) as error:
            raise ValueError(f"model {self._key!r} at {self.values(**values)}: {error}") from None

    def balance_of_power(self, **values):
        """The :class:`~gametheory.games.coalitional.BalanceOfPower` of a coalitional model with the majority rule.

        Raises
        ------
        TypeError
            If the model is not coalitional, or its winning rule is a quota.
        ValueError
            On unknown or out-of-range values, or when every state has zero resources.
        """
        from ..games.coalitional import BalanceOfPower

        resources = self.coalition_resources(**values)
        if self._coalitional.winning != "majority":
            raise TypeError(
                f"model {self._key!r} wins by quota; balance_of_power() is the resource-majority rule: use coalition_game()"
            )
        try:
            return BalanceOfPower(resources)
        except (TypeError, ValueError) as error:
            raise ValueError(f"model {self._key!r} at {self.values(**values)}: {error}") from None

    # ------------------------------------------------------- predictions
    def theory(self, name: str) -> Theory:
        if name not in self._theories:
            raise ValueError(f"model {self._key!r} has no predictions for {name!r}; theories: {sorted(self._theories)}")
        return self._theories[name]

    def _conditions(self, name: str):
        if name not in self._condition_cache:
            theory = self.theory(name)
            ordered = [self._symbols[p.name] for p in self._parameters]
            function = sympy.lambdify(ordered, [r.condition for r in theory.rules], modules="numpy", dummify=True)
            self._condition_cache[name] = function
        return self._condition_cache[name]

    def predict(self, theory: str, **arrays) -> np.ndarray:
        """The outcome a theory predicts at every point of parameter arrays.

        The rules are tried in order and the first whose condition holds
        gives the point's outcome (its name, or its profile text); ``""``
        marks points where no rule applies. Vectorised: conditions are
        compiled once per theory and evaluated on whole arrays.

        Parameters
        ----------
        theory : str
            A key of :attr:`predictions`.
        **arrays
            Parameter values (scalars or broadcastable arrays); defaults for
            the rest.

        Returns
        -------
        ndarray of str, of the broadcast shape.
        """
        rules = self.theory(theory).rules
        index = self.predict_rules(theory, **arrays)
        width = max([len(r.outcome) for r in rules] + [1])
        labels = np.array([r.outcome for r in rules] + [""], dtype=f"<U{width}")
        return labels[index]

    def predict_rules(self, theory: str, **arrays) -> np.ndarray:
        """Index of the rule of ``theory`` that applies at every point (-1 where none does).

        Rules are tried in order; the first whose condition holds applies.
        Vectorised like :meth:`predict`, which maps these indices to outcomes.
        """
        rules = self.theory(theory).rules
        columns, shape = parameter_columns(self._parameters, arrays)
        with np.errstate(all="ignore"):
            results = self._conditions(theory)(*columns)
        index = np.full(shape, -1, dtype=np.int64)
        for k in reversed(range(len(rules))):
            holds = np.broadcast_to(np.asarray(results[k], dtype=bool), shape)
            index = np.where(holds, k, index)
        return index

    def predicted_rule(self, theory: str, **values) -> Rule | None:
        """The first rule of ``theory`` whose condition holds at the values (exactly), or None."""
        if self._kind != "normal":
            checked = self.values(**values)
        elif self._counts is not None:
            checked = dict(values)
            n, rest = self._structural(values)
            game = self.symbolic_game(**({self.player_count_parameter: n} if n is not None else {}))
            checked = game.values(**rest)
            if n is not None:
                checked[self.player_count_parameter] = n
        else:
            checked = self.symbolic_game().values(**values)
        substitution = {self._symbols[k]: _as_sympy_number(v) for k, v in checked.items()}
        for rule in self.theory(theory).rules:
            if bool(rule.condition.xreplace(substitution)):
                return rule
        return None

    def __getstate__(self):
        # Compiled conditions are generated code and cannot be pickled; a
        # worker process (sweeps on processes or Dask) compiles its own.
        state = self.__dict__.copy()
        state["_condition_cache"] = {}
        return state

    def __repr__(self) -> str:
        return f"<Model {self._key!r}: {self._title}; parameters {[p.name for p in self._parameters]}>"
