"""Parts of a model kept as checked text and parsed into sympy when symbolic work first needs them.

A model file's payoffs and rule conditions are checked when it is read: by
the numeric compiler (:mod:`gametheory.model.numeric`) where its check is
complete, and by the symbolic parser too where that parser checks more
(powers, roots, division by a constant, high degrees), so a file is refused
at load for exactly what the parser refuses. What passes is kept as text
(:class:`DeferredExpression`, :class:`DeferredCondition`) and parsed into
sympy on first symbolic use (the symbolic game, conditions, explain, the
by-construction detector); numeric games evaluate the compiled text. So
``gametheory solve MODEL`` runs without importing sympy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .expressions import ExpressionError, ModelError, parse_condition, parse_expression

__all__ = ["DeferredCondition", "DeferredExpression", "DeferredOutcomeCondition", "LazySymbols", "ParsedOnUse", "check_formula", "check_text",
           "condition_names", "raw_condition"]


class DeferredOutcomeCondition:
    """A testable outcome's condition (on parameters and outcome variables) kept as its checked text.

    ``symbols`` maps every name the condition may read to its sympy symbol
    and is read only by :meth:`parse` (lazy mappings keep sympy out until then).
    """

    __slots__ = ("text", "symbols", "key")

    def __init__(self, text: str, symbols: Mapping, key: str):
        self.text, self.symbols, self.key = text, symbols, key

    def parse(self):
        return parse_condition(self.text, self.symbols, key=self.key)

    def __reduce__(self):
        return (DeferredOutcomeCondition, (self.text, self.symbols, self.key))


class DeferredCondition:
    """A rule's condition kept as its checked text, parsed into sympy when first used.

    The text passed the loader's checks when the model was read
    (:func:`check_formula`); deferring the parse keeps sympy out of a numeric
    use of the model (``gametheory solve MODEL``).
    """

    __slots__ = ("text", "parameters", "key", "names")

    def __init__(self, text, parameters, key: str, names=()):
        self.text, self.parameters, self.key, self.names = text, tuple(parameters), key, tuple(names)

    def parse(self):
        symbols = LazySymbols(self.parameters)
        return parse_condition(self.text, symbols, key=self.key)

    def __reduce__(self):
        return (DeferredCondition, (self.text, self.parameters, self.key, self.names))


@dataclass(frozen=True)
class DeferredExpression:
    """A payoff formula kept as its checked text (:func:`check_formula`), parsed into sympy for symbolic work.

    Numeric games evaluate the text's compiled form (:mod:`gametheory.model.numeric`);
    :meth:`parse` gives the sympy expression the symbolic game is built from.
    """

    text: object
    key: str

    def parse(self, symbols):
        return parse_expression(self.text, symbols, key=self.key)


class ParsedOnUse:
    """A dataclass field that may hold a :class:`DeferredCondition`, parsed (and kept) on first access."""

    def __init__(self, default=None, *, has_default: bool = False):
        self.default, self.has_default = default, has_default

    def __set_name__(self, owner, name):
        self.name, self.slot = name, f"_{name}_value"

    def __get__(self, instance, owner=None):
        if instance is None:
            if self.has_default:
                return self.default
            raise AttributeError(self.name)  # no default: the dataclass field is required
        value = instance.__dict__[self.slot]
        if isinstance(value, DeferredCondition):
            value = value.parse()
            instance.__dict__[self.slot] = value
        return value

    def __set__(self, instance, value):
        instance.__dict__[self.slot] = value


def condition_names(rule) -> tuple[str, ...]:
    """The names a rule's condition reads, sorted, without parsing a deferred condition."""
    value = rule.__dict__.get("_condition_value")
    if isinstance(value, DeferredCondition):
        return tuple(sorted(value.names))
    return tuple(sorted({s.name for s in getattr(rule.condition, "free_symbols", ())}))


def raw_condition(rule):
    """A rule's condition as stored (a sympy boolean or a :class:`DeferredCondition`)."""
    return rule.__dict__.get("_condition_value")


class LazySymbols(Mapping):
    """``{parameter name: sympy symbol}`` whose symbols are made (and sympy imported) on first access."""

    def __init__(self, parameters):
        self._parameters = {p.name: p for p in parameters}
        self._made: dict = {}

    @property
    def parameters(self) -> tuple:
        """The parameters the symbols are made from (their ranges decide the symbols' assumptions)."""
        return tuple(self._parameters.values())

    def __getitem__(self, name):
        if name not in self._made:
            self._made[name] = self._parameters[name].sympy_symbol
        return self._made[name]

    def __iter__(self):
        return iter(self._parameters)

    def __len__(self) -> int:
        return len(self._parameters)

    def __contains__(self, name) -> bool:
        return name in self._parameters


def check_formula(text, parameters, *, key: str, condition: bool):
    """Check a formula of the parameters without sympy where the check is complete; return its compiled form.

    Formulas whose symbolic checks go further (powers, roots, logarithms,
    division by a constant, high degree) are parsed by the symbolic parser
    too, so a model file is refused at load for exactly what it refused
    before. An error is the parser's own message.
    """
    return check_text(text, LazySymbols(parameters), key=key, condition=condition)


def check_text(text, symbols: Mapping, *, key: str, condition: bool):
    """:func:`check_formula` of a formula of the names of ``symbols`` (``{name: sympy symbol}``, read on a symbolic check).

    ``symbols`` is iterated for the names alone and read only where the
    symbolic parser checks the formula, so a :class:`LazySymbols` keeps sympy
    out of a formula the numeric compiler checks completely.
    """
    from .numeric import compile_numeric

    try:
        compiled = compile_numeric(text, list(symbols), key=key)
    except ExpressionError:
        compiled = None
    if compiled is None or compiled.is_condition != condition or compiled.symbolic_checks:
        (parse_condition if condition else parse_expression)(text, symbols, key=key)
        if compiled is None:  # accepted symbolically but not numerically: refused, never evaluated half-way
            raise ModelError("the formula cannot be evaluated numerically", key=key)
    return compiled
