"""A digest of everything a model declares, for recognising results computed from it.

Sweeps keep their chunks on disk and resume them; a chunk computed from an
earlier version of a model (another payoff, a renamed action or player, a new
range, another outcome condition) must never be mixed with chunks of the
current one. The digest therefore covers the whole declaration, not a chosen
part of it: a change that cannot alter the rows costs a recomputation, a
change that can is never missed.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import numbers
from collections.abc import Mapping
from fractions import Fraction

import numpy as np

from .deferred import DeferredOutcomeCondition

__all__ = ["model_fingerprint", "canonical_text"]

#: Attributes of a model that are caches of derived values, not declarations (``_symbols``: the
#: parameters' sympy symbols, made from the parameters on first use).
_CACHES = ("_sym_cache", "_condition_cache", "_numeric_cache", "_symbols")
#: Attributes of a model's kind that are caches (payoffs parsed into sympy, compiled payoffs, symbols,
#: a coalitional or counts model's specification parsed into sympy, lazy count symbols).
_BUILDER_CACHES = ("_sympy_cache", "_numeric_cache", "_feature_symbols", "_coalitional", "_count_symbols",
                   "_parsed_counts")


def model_fingerprint(model) -> str:
    """A hex digest that changes whenever any declared part of ``model`` changes."""
    state = {name: value for name, value in vars(model).items() if name not in _CACHES}
    if "_builder" in state:  # the kind's parsed tables (without its reference back to the model)
        builder = state["_builder"]
        state["_builder"] = {"kind": type(builder).__name__,
                             "state": {name: value for name, value in vars(builder).items()
                                       if name != "model" and name not in _BUILDER_CACHES}}
    text = canonical_text({"class": type(model).__name__, "state": state})
    return hashlib.sha256(text.encode()).hexdigest()


def canonical_text(value) -> str:
    """A text form of ``value`` that is the same in every process and run.

    Raises
    ------
    TypeError
        For a value without a stable text form (a function, an arbitrary
        object), rather than hashing something that differs between runs.
    """
    if value is None or isinstance(value, (bool, str)):
        return repr(value)
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, Fraction):
        return f"Fraction({value})"
    if isinstance(value, numbers.Integral):
        return repr(int(value))
    if isinstance(value, numbers.Real) and not _is_sympy(value):
        return repr(float(value))
    if _is_sympy(value):
        import sympy

        return f"sympy:{sympy.srepr(value)}"
    if isinstance(value, np.ndarray):
        return f"array{value.shape}[{','.join(canonical_text(v) for v in value.ravel().tolist())}]"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ",".join(f"{f.name}={canonical_text(getattr(value, f.name))}" for f in dataclasses.fields(value))
        return f"{type(value).__name__}({fields})"
    if isinstance(value, Mapping):
        items = sorted((canonical_text(k), canonical_text(v)) for k, v in value.items())
        return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__}[" + ",".join(canonical_text(v) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "set{" + ",".join(sorted(canonical_text(v) for v in value)) + "}"
    if isinstance(value, DeferredOutcomeCondition):  # a condition kept as its checked text
        return f"DeferredOutcomeCondition({canonical_text(value.text)},{canonical_text(value.key)})"
    raise TypeError(f"no stable text form for a value of type {type(value).__name__}")


def _is_sympy(value) -> bool:
    return type(value).__module__.startswith("sympy")
