"""The model document: what every kind of model shares.

A model file (or a :class:`~gametheory.model.Model` built in Python) declares,
whatever its kind: a key and a title, its sources, named parameters (default,
range, meaning, the source's symbol), named outcomes, what each theory
predicts (ordered rules), a default sweep and the kinds of alliance it speaks
to. This module holds those parts: the constants of the format, the parts'
types (:class:`Source`, :class:`Rule`, :class:`Theory`), the key paths error
messages name (:func:`key_path`), and the parsers of the shared tables. The
players and payoffs are declared in one of the kinds' tables
(:mod:`gametheory.model.kinds`).
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import ChainMap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..games.symbolic import Parameter
from ..numerics import to_fraction
from .deferred import (DeferredCondition, DeferredExpression, DeferredOutcomeCondition, LazySymbols, ParsedOnUse,
                       check_formula, check_text, condition_names, raw_condition)
from .expressions import ModelError, check_name, parse_condition
from .lazy import is_sympy, sympy

__all__ = [
    "KNOWN_THEORIES",
    "ALLIANCE_KINDS",
    "EXPECTATIONS",
    "DIRECTIONS",
    "DEFAULT_DIRECTION_LAMBDA",
    "NO_STRUCTURAL_NOTE",
    "WILDCARD",
    "DeferredCondition",
    "DeferredExpression",
    "DirectionRule",
    "LazySymbols",
    "ModelParameter",
    "Rule",
    "Source",
    "Theory",
    "key_path",
    "make_sources",
    "make_parameters",
    "make_sweep",
    "make_alliance",
    "make_outcomes",
    "make_theories",
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

#: The distinctions the field draws between kinds of alliances; a model file's
#: ``[alliance]`` table says which of them the model speaks to.
ALLIANCE_KINDS = {
    "commitment": ("formal", "informal", "none"),
    "pledge": ("defensive", "offensive", "neutrality", "consultation", "none"),
    "membership": ("bilateral", "multilateral", "collective"),
    "phase": ("formation", "maintenance", "dissolution", "crisis"),
}

#: What a prediction rule says about its outcome in the game at the point.
EXPECTATIONS = {
    "equilibrium": "some profile of the outcome is a pure Nash equilibrium",
    "unique_equilibrium": "the game's only equilibrium is a profile of the outcome",
    "not_equilibrium": "no profile of the outcome is a Nash equilibrium",
}

#: The directions a comparative-static rule may claim for its outcome's probability.
DIRECTIONS = ("increases", "decreases")

#: Logit precision (on payoffs normalised to [0, 1]) at which a direction rule of a
#: simultaneous game is tested unless the rule states its own ``lambda``.
DEFAULT_DIRECTION_LAMBDA = 10.0

#: Why every rule of a model without structural variables is marked not independent.
NO_STRUCTURAL_NOTE = "the model declares no structural variables"

WILDCARD = "*"

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
class ModelParameter(Parameter):
    """A model's parameter with what the comparison of theories needs to know about it.

    Attributes
    ----------
    structural : bool
        An observable the theories speak of (polarity, offense-defense
        balance, threat, dependence on the ally, ...). Theories' rules may
        read only structural parameters.
    source : str
        The citation of the mapping from the observable to the payoffs.
    derived : str
        For a parameter that follows the structural variables: its
        expression in them (``""`` for an input parameter).
    """

    structural: bool = False
    source: str = ""
    derived: str = ""


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
    reads : tuple of str
        The parameters the condition reads, sorted.
    independent : bool
        Whether the rule is stated in the theory's own terms (reads
        structural parameters only, in a model that declares them).
    independence_note : str
        Why the rule is not independent (``""`` when it is).
    """

    when: str
    condition: object = ParsedOnUse()
    outcome: str
    profiles: tuple
    expect: str = "equilibrium"
    note: str = ""
    reads: tuple = ()
    independent: bool = True
    independence_note: str = ""

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
class DirectionRule:
    """A comparative-static claim: the probability of ``outcome`` rises (falls) with ``variable``.

    The probability is the logit quantal response equilibrium's at
    precision ``lam`` for simultaneous games, and the share of equilibria
    reaching the outcome for trees, continuous and coalitional models.

    Attributes
    ----------
    direction : str
        ``"increases"`` or ``"decreases"`` (:data:`DIRECTIONS`).
    outcome : str
    profiles : tuple
        The profiles (or tree outcomes) the outcome stands for.
    variable : str
        The structural parameter along which the claim is made (``with``).
    when : str
        The condition under which the claim is made (``""`` = always).
    condition : sympy boolean
    lam : float
        Logit precision (payoffs normalised to [0, 1]).
    note, reads, independent, independence_note :
        As for :class:`Rule` (``reads`` includes ``variable``).
    """

    direction: str
    outcome: str
    profiles: tuple
    variable: str
    when: str = ""
    condition: object = ParsedOnUse(None, has_default=True)
    lam: float = DEFAULT_DIRECTION_LAMBDA
    note: str = ""
    reads: tuple = ()
    independent: bool = True
    independence_note: str = ""

    def matches(self, profile: Sequence[str]) -> bool:
        """Whether an action profile (labels) belongs to the outcome (as :meth:`Rule.matches`)."""
        return Rule("", None, self.outcome, self.profiles).matches(profile)


@dataclass(frozen=True)
class Theory:
    """What a named theory predicts in a model: ordered rules, the first that applies wins.

    Attributes
    ----------
    name : str
    rules : tuple of Rule
        The outcome rules, in order.
    summary : str
    source : str
    directions : tuple of DirectionRule
        The comparative-static claims.
    """

    name: str
    rules: tuple
    summary: str = ""
    source: str = ""
    directions: tuple = ()


# ------------------------------------------------------------------- helpers
def text_value(value, key: str, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ModelError(f"expected text, got {type(value).__name__} {value!r}", key=key)
    if required and not value.strip():
        raise ModelError("must be non-empty text", key=key)
    return value


def label_list(values, key: str, what: str) -> tuple[str, ...]:
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


def parse_profile(value, actions: Sequence[Sequence[str]] | None, key: str, *, wildcard: bool, players=None) -> tuple[str, ...]:
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


def profile_text(profile: Sequence[str]) -> str:
    return ",".join(profile)


def tolerant_condition(condition, arguments):
    """Compile a sympy condition into ``f(tol, columns) -> bool array`` deciding comparisons with a tolerance.

    See :meth:`Model.outcome_holds` for the rule; ``and``/``or``/``not`` combine
    the comparisons as they are.
    """
    from sympy.core import relational

    if condition is sympy.true or condition is sympy.false:
        value = bool(condition)
        return lambda tol, columns: np.asarray(value)
    if isinstance(condition, (sympy.And, sympy.Or)):
        parts = [tolerant_condition(a, arguments) for a in condition.args]
        combine = np.logical_and if isinstance(condition, sympy.And) else np.logical_or
        return lambda tol, columns: functools.reduce(combine, (p(tol, columns) for p in parts))
    if isinstance(condition, sympy.Not):
        inner = tolerant_condition(condition.args[0], arguments)
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


def as_sympy_number(value) -> "sympy.Expr":
    if isinstance(value, (int, Fraction)):
        return sympy.Rational(value.numerator, value.denominator)
    return sympy.Float(value)


# ------------------------------------------------------------ shared tables
def make_sources(sources) -> tuple[Source, ...]:
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
            text_value(source.get(name), key_path("sources", k, name), required=name == "citation")
        unknown = sorted(set(source) - {"citation", "where", "note", "url"})
        if unknown:
            raise ModelError(f"unknown key(s) {unknown}", key=key_path("sources", k))
        result.append(Source(**source))
    return tuple(result)

def make_parameters(parameters) -> tuple[Parameter, ...]:
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
            unknown = sorted(set(fields) - {"name", "default", "low", "high", "integer", "meaning", "symbol",
                                            "structural", "source", "derived"})
            if unknown:
                raise ModelError(f"unknown key(s) {unknown}", key=where)
            if not isinstance(fields.get("structural", False), bool):
                raise ModelError(f"expected true or false, got {fields['structural']!r}", key=key_path(where, "structural"))
            for text in ("source", "derived"):
                if not isinstance(fields.get(text, ""), str):
                    raise ModelError(f"expected text, got {fields[text]!r}", key=key_path(where, text))
            if fields.get("derived", "").strip():
                if fields.get("structural"):
                    raise ModelError("a derived parameter follows the structural variables; it cannot be structural "
                                     "itself", key=key_path(where, "structural"))
                if not fields.get("source", "").strip():
                    raise ModelError("a derived parameter needs the 'source' of its mapping", key=key_path(where, "source"))
            try:
                parameter = ModelParameter(**fields)
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
    return _check_derived(tuple(result))


def _check_derived(parameters: tuple) -> tuple:
    """Check each derived parameter's formula (structural parameters only) and its default against it.

    The formula is evaluated at the structural defaults in exact arithmetic
    where it is rational in them (:mod:`gametheory.model.numeric`).
    """
    from .numeric import UndefinedValue

    structural = {p.name: p for p in parameters if getattr(p, "structural", False)}
    for parameter in parameters:
        text = getattr(parameter, "derived", "")
        if not text.strip():
            continue
        where = key_path("parameters", parameter.name, "derived")
        compiled = check_formula(text, parameters, key=where, condition=False)
        others = sorted(name for name in compiled.names if name not in structural)
        if others:
            raise ModelError(f"a derived parameter is an expression of structural parameters; {others} "
                             "are not declared structural", key=where)
        try:
            at_defaults = compiled({name: p.default for name, p in structural.items()})
        except (UndefinedValue, ZeroDivisionError, OverflowError) as error:
            raise ModelError(f"is undefined at the structural defaults: {error}", key=where) from None
        if isinstance(at_defaults, float) and not math.isfinite(at_defaults):
            raise ModelError(f"is undefined at the structural defaults: {at_defaults}", key=where)
        default = parameter.default
        if abs(float(default) - float(at_defaults)) > 1e-9 * max(1.0, abs(float(at_defaults))):
            raise ModelError(f"default {default} differs from the derived value {at_defaults} at the structural "
                             "defaults", key=key_path("parameters", parameter.name, "default"))
    return parameters


def structural_names(parameters) -> tuple[str, ...]:
    """The names of the structural parameters, in declaration order."""
    return tuple(p.name for p in parameters if getattr(p, "structural", False))


def _refuse_derived_in_sweep(parameter, where: str) -> None:
    formula = getattr(parameter, "derived", "").strip()
    if formula:
        raise ModelError(f"{parameter.name!r} is derived ({parameter.name} = {formula}): it follows the structural "
                         "variables; sweep or fix those instead", key=where)


def make_sweep(spec: Mapping, parameters) -> dict:
    """Default sweep design: ``{"axes": {name: values}, "fixed": {name: value}}``."""
    unknown = sorted(set(spec) - {"axes", "fixed"})
    if unknown:
        raise ModelError(f"unknown key(s) {unknown}; allowed keys: axes, fixed", key="sweep")
    known = {p.name: p for p in parameters}
    axes = {}
    for name, axis in dict(spec.get("axes", {})).items():
        where = key_path("sweep", "axes", name)
        if name not in known:
            raise ModelError(f"{name!r} is not a declared parameter (parameters: {sorted(known)})", key=where)
        _refuse_derived_in_sweep(known[name], where)
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
        _refuse_derived_in_sweep(known[name], where)
        if name in axes:
            raise ModelError(f"{name!r} is both swept and fixed", key=where)
        try:
            fixed[name] = known[name].check(value, what="fixed value")
        except (TypeError, ValueError) as error:
            raise ModelError(str(error), key=where) from None
    return {"axes": axes, "fixed": fixed}

def make_alliance(spec: Mapping) -> dict:
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


# ------------------------------------------------- outcomes and predictions
def make_outcomes(outcomes, builder, symbols) -> tuple[dict, dict, dict]:
    """Named outcomes: ``({name: patterns}, {name: description}, {name: (condition text, condition)})``."""
    descriptions = {}
    conditions = {}
    if not isinstance(outcomes, Mapping):
        raise ModelError(f"expected a table of named outcomes, got {outcomes!r}", key="outcomes")
    result = {}
    for name, profiles in outcomes.items():
        where = key_path("outcomes", name)
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
            raise ModelError("outcome names are identifiers (letters, digits, '_')", key=where)
        if builder.name == "tree":  # a group of the tree's terminal outcomes
            if isinstance(profiles, str) or not isinstance(profiles, Sequence) or not profiles:
                raise ModelError(f"expected a list of the tree's outcomes like [\"status_quo\"], got {profiles!r}",
                                 key=where)
            result[name] = tuple(builder.pattern(p, key_path(where, k))[0] for k, p in enumerate(profiles))
            descriptions[name] = "the play ends in " + " or ".join(result[name])
            continue
        if builder.name != "normal":  # no action profiles: an outcome is a name with its description
            result[name] = ()
            if isinstance(profiles, Mapping):  # {description, condition}: a testable outcome
                profiles = _testable_outcome(name, profiles, where, builder, symbols, conditions)
            descriptions[name] = text_value(profiles, where, required=True)
            continue
        if isinstance(profiles, str) or not isinstance(profiles, Sequence) or not profiles:
            raise ModelError(f"expected a list of profiles like [\"C,D\", \"D,C\"], got {profiles!r}", key=where)
        result[name] = tuple(builder.pattern(p, key_path(where, k)) for k, p in enumerate(profiles))
    return result, descriptions, conditions

def _testable_outcome(name: str, spec: Mapping, where: str, builder, symbols, conditions) -> str:
    """Parse ``{description, condition}`` of a continuous or coalitional outcome; return the description."""
    unknown = sorted(set(spec) - {"description", "condition"})
    if unknown:
        raise ModelError(f"unknown key(s) {unknown}; allowed keys: description, condition", key=key_path(where, unknown[0]))
    if "description" not in spec:
        raise ModelError("a testable outcome needs a 'description' (and a 'condition')", key=key_path(where, "description"))
    if "condition" not in spec:
        raise ModelError("a testable outcome needs a 'condition' (or give the description alone as text)",
                         key=key_path(where, "condition"))
    # The outcome variables shadow parameters of the same name; both mappings make their symbols
    # (importing sympy) only when read, so a condition the numeric compiler checks stays text.
    symbols = ChainMap(builder.outcome_symbols(), symbols)
    condition = spec["condition"]
    if is_sympy(condition):
        unknown_names = sorted(s.name for s in condition.free_symbols if s.name not in symbols)
        if unknown_names:
            raise ModelError(f"uses undeclared name(s) {unknown_names}", key=key_path(where, "condition"))
        parsed, text = condition.xreplace({s: symbols[s.name] for s in condition.free_symbols}), str(condition)
    else:
        if not isinstance(condition, str) or not condition.strip():
            raise ModelError(f"expected a condition as text, got {condition!r}", key=key_path(where, "condition"))
        check_text(condition, symbols, key=key_path(where, "condition"), condition=True)
        parsed, text = DeferredOutcomeCondition(condition, symbols, key_path(where, "condition")), condition
    conditions[name] = (text, parsed)
    return spec["description"]


def make_theories(predictions, builder, symbols, outcomes, conditions) -> dict:
    """``{theory: Theory}`` from the ``[predictions]`` tables (rules checked against the outcomes)."""
    # A model may state no prediction at all (a game to study, or a theory yet to encode); the
    # comparison then says it has none.
    if predictions is None:
        return {}
    if not isinstance(predictions, Mapping):
        raise ModelError(f"expected a table of theories ([predictions.<theory>]), got {predictions!r}", key="predictions")
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
        parameters = tuple(getattr(getattr(builder, "model", None), "parameters", ()) or ())
        rules, directions = [], []
        for k, r in enumerate(rules_spec):
            place = key_path(where, "rules", k)
            if isinstance(r, Mapping) and "direction" in r:
                directions.append(_independence(_direction_rule(r, place, builder, symbols, outcomes, parameters),
                                                place, parameters))
            else:
                rules.append(_independence(_rule(r, place, builder, symbols, outcomes, conditions), place, parameters))
        result[name] = Theory(
            name,
            tuple(rules),
            text_value(spec.get("summary"), key_path(where, "summary")),
            text_value(spec.get("source"), key_path(where, "source")),
            tuple(directions),
        )
    return result


def _independence(rule, where: str, parameters):
    """The rule with ``reads`` and ``independent`` filled in; refuse non-structural reads in structural models.

    In a model that declares structural parameters, a rule may read only
    them (the theory speaks of observables, not of the payoffs it is tested
    against). A model that declares none keeps loading, with every rule
    marked not independent.
    """
    import dataclasses

    reads = list(condition_names(rule))
    if isinstance(rule, DirectionRule):
        reads = sorted(set(reads) | {rule.variable})
    structural = set(structural_names(parameters))
    keep = {"condition": raw_condition(rule)}  # a deferred condition stays deferred
    if not structural:
        return dataclasses.replace(rule, **keep, reads=tuple(reads), independent=False,
                                   independence_note=NO_STRUCTURAL_NOTE)
    for name in reads:
        if name not in structural:
            field = "with" if isinstance(rule, DirectionRule) and name == rule.variable else "when"
            derived = any(p.name == name and getattr(p, "derived", "") for p in parameters)
            what = "a derived parameter (it follows the structural variables through the payoff mapping)" if derived \
                else "not a structural parameter"
            structural_list = ", ".join(sorted(structural))
            raise ModelError(f"reads {name!r}, {what}; a theory's rules may read only the model's structural "
                             f"parameters ({structural_list}); mark {name!r} structural = true if it is an "
                             "observable the theory speaks of", key=key_path(where, field))
    return dataclasses.replace(rule, **keep, reads=tuple(reads), independent=True, independence_note="")


def _direction_rule(spec, where: str, builder, symbols, outcomes, parameters) -> DirectionRule:
    """``{direction, outcome, with, when, lambda, note}``: a comparative-static claim."""
    unknown = sorted(set(spec) - {"direction", "outcome", "with", "when", "lambda", "note"})
    if unknown:
        raise ModelError(f"unknown key(s) {unknown}; a direction rule has direction, outcome, with, when, lambda "
                         "and note", key=key_path(where, unknown[0]))
    direction = spec.get("direction")
    if direction not in DIRECTIONS:
        raise ModelError(f"expected one of {list(DIRECTIONS)}, got {direction!r}", key=key_path(where, "direction"))
    variable = spec.get("with")
    names = [p.name for p in parameters] or list(symbols)
    if not isinstance(variable, str) or variable not in names:
        raise ModelError(f"expected the parameter the claim is made along (one of {names}), got {variable!r}",
                         key=key_path(where, "with"))
    if any(p.name == variable and getattr(p, "derived", "") for p in parameters):
        raise ModelError(f"{variable!r} is derived, not an input a sweep can move; name a structural parameter",
                         key=key_path(where, "with"))
    lam = spec.get("lambda", DEFAULT_DIRECTION_LAMBDA)
    if isinstance(lam, bool) or not isinstance(lam, (int, float)) or not math.isfinite(lam) or lam <= 0:
        raise ModelError(f"expected a positive number, got {lam!r}", key=key_path(where, "lambda"))
    base = _rule({"when": spec.get("when", ""), "outcome": spec.get("outcome")} if "outcome" in spec
                 else {"when": spec.get("when", "")}, where, builder, symbols, outcomes, {})
    if builder.name not in ("normal", "tree"):
        if base.outcome not in outcomes:
            raise ModelError(f"a {builder.name} model's direction rules name an outcome declared in [outcomes]",
                             key=key_path(where, "outcome"))
    return DirectionRule(direction, base.outcome, base.profiles, variable, base.when, raw_condition(base), float(lam),
                         text_value(spec.get("note"), key_path(where, "note")))

def _rule(spec, where: str, builder, symbols, outcomes, conditions) -> Rule:
    if not isinstance(spec, Mapping):
        raise ModelError(f"expected a rule table with 'outcome' (and optionally 'when'), got {spec!r}", key=where)
    unknown = sorted(set(spec) - {"when", "outcome", "expect", "note"})
    if unknown:
        raise ModelError(f"unknown key(s) {unknown}", key=where)
    when = spec.get("when", "")
    parameters = tuple(getattr(getattr(builder, "model", None), "parameters", ()) or ())
    if when in ("", True):
        condition, when = DeferredCondition(True, (), key_path(where, "when")), ""
    elif is_sympy(when) or not parameters or set(symbols) != {p.name for p in parameters}:
        condition = parse_condition(when, symbols, key=key_path(where, "when"))
        when = str(when)
    else:
        compiled = check_formula(when, parameters, key=key_path(where, "when"), condition=True)
        condition = DeferredCondition(when, parameters, key_path(where, "when"), compiled.names)
        when = str(when)
    if "outcome" not in spec:
        raise ModelError("a rule needs an 'outcome' (a named outcome or a profile like \"C,*\")", key=key_path(where, "outcome"))
    outcome = spec["outcome"]
    if builder.name == "tree":
        if isinstance(outcome, str) and outcome in outcomes:
            members = outcomes[outcome]
        elif isinstance(outcome, str) and outcome in builder.pattern_labels():
            members = (outcome,)
        else:
            known = ", ".join([*outcomes, *builder.pattern_labels()])
            raise ModelError(f"a tree model's rules name an outcome of [outcomes] or of the tree ({known}), "
                             f"got {outcome!r}", key=key_path(where, "outcome"))
        expect = spec.get("expect", "equilibrium")
        if expect not in builder.expectations:
            raise ModelError(f"a tree model's rules expect one of {list(builder.expectations)} (omit 'expect' for "
                             f"'equilibrium'), got {expect!r}", key=key_path(where, "expect"))
        return Rule(when, condition, outcome, members, expect, text_value(spec.get("note"), key_path(where, "note")))
    if builder.name != "normal":
        if not isinstance(outcome, str) or outcome not in outcomes:
            known = ", ".join(outcomes) or "none declared"
            raise ModelError(
                f"a {builder.name} model's rules name an outcome declared in [outcomes] ({known}), got {outcome!r}",
                key=key_path(where, "outcome"),
            )
        allowed = builder.expectations
        expect = spec.get("expect", "equilibrium")
        if expect not in allowed:
            raise ModelError(
                f"a {builder.name} model's rules expect one of {list(allowed)} of the outcome's condition "
                f"(omit 'expect' for 'equilibrium'), got {expect!r}",
                key=key_path(where, "expect"),
            )
        if expect != "equilibrium" and outcome not in conditions:
            raise ModelError(
                f"expect = {expect!r} tests the outcome's condition, but outcome {outcome!r} is described in "
                "words only; give it a condition", key=key_path(where, "expect"),
            )
        return Rule(when, condition, outcome, (), expect, text_value(spec.get("note"), key_path(where, "note")))
    if isinstance(outcome, str) and outcome in outcomes:
        profiles = outcomes[outcome]
    else:
        if isinstance(outcome, str) and "," not in outcome and outcome != WILDCARD and builder.n_players_fixed != 1:
            known = ", ".join(outcomes) or "none declared"
            raise ModelError(
                f"{outcome!r} is neither a named outcome (outcomes: {known}) nor a profile like \"C,D\"",
                key=key_path(where, "outcome"),
            )
        profiles = (builder.pattern(outcome, key_path(where, "outcome")),)
        outcome = profile_text(profiles[0])
    expect = spec.get("expect", "equilibrium")
    if expect not in EXPECTATIONS:
        raise ModelError(f"expected one of {list(EXPECTATIONS)}, got {expect!r}", key=key_path(where, "expect"))
    return Rule(when, condition, outcome, profiles, expect, text_value(spec.get("note"), key_path(where, "note")))
