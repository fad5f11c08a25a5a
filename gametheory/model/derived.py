"""Derived parameters: values that follow the structural variables through a declared formula.

A model file may declare a parameter with ``derived = "<formula of structural
parameters>"`` (``threat = aggressive_intent * offensive_capability / (1 +
proximity)``). Such a parameter is not an input: wherever the model is taken
at a point (:meth:`Model.values <gametheory.model.Model.values>`, its games,
payoff arrays, sweeps, the class page) its value is the formula's at the
structural values, exact where those are exact, and giving it a value is
refused with a message naming the parameter and its formula.

The formula is evaluated by :mod:`gametheory.model.numeric` (no sympy): its
text was checked by the loader (``document._check_derived``) and is compiled
once per model.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

__all__ = ["refuse_derived", "derived_values", "derived_function", "derived_substitution", "follow_derived"]


def derived_function(model, name: str):
    """The compiled formula of the derived parameter ``name`` (cached on the model)."""
    cache = model._numeric_cache
    key = ("derived", name)
    if key not in cache:
        from .numeric import compile_numeric

        cache[key] = compile_numeric(model._derived[name], [p.name for p in model.parameters],
                                     key=f"parameters.{name}.derived")
    return cache[key]


def refuse_derived(model, names: Iterable[str], *, action: str = "set") -> None:
    """Raise ValueError if ``names`` holds a derived parameter of ``model``, naming it and its formula."""
    for name in names:
        if name in model._derived:
            inputs = ", ".join(sorted(derived_function(model, name).names)) or "none"
            raise ValueError(
                f"parameter {name!r} of model {model.key!r} is derived ({name} = {model._derived[name]}): it "
                f"follows the structural variables ({inputs}) and cannot be {action}; set or sweep those instead")


def derived_values(model, values: Mapping) -> dict[str, object]:
    """``{derived name: value}`` at ``values`` (see :meth:`Model.derived_values <gametheory.model.Model.derived_values>`)."""
    from .numeric import UndefinedValue

    refuse_derived(model, values)
    known = {p.name: p for p in model.parameters}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ValueError(f"unknown parameter(s) {unknown}; parameters are {sorted(known)}")
    arrays = any(isinstance(v, (np.ndarray, list, tuple)) for v in values.values())
    point = {}
    for name, parameter in known.items():
        if name in model._derived:
            continue
        value = values.get(name, parameter.default)
        if arrays:
            point[name] = np.asarray(float(parameter.check(value)) if isinstance(value, str) else value, dtype=float)
        else:
            point[name] = parameter.check(value)
    shape = np.broadcast_shapes(*(np.shape(v) for v in point.values())) if arrays else ()
    result = {}
    for name, formula in model._derived.items():
        function = derived_function(model, name)
        parameter = known[name]
        where = {k: point[k] for k in sorted(function.names)}
        try:
            with np.errstate(all="ignore"):
                value = function(point)
        except (UndefinedValue, ZeroDivisionError, OverflowError) as error:
            raise ValueError(f"derived parameter {name!r} = {formula} is undefined at {where}: {error}") from None
        if not arrays:
            try:
                result[name] = parameter.check(value, what="derived value")
            except (TypeError, ValueError) as error:
                raise ValueError(f"derived parameter {name!r} = {formula} at {where}: {error}") from None
            continue
        value = np.broadcast_to(np.asarray(value, dtype=float), shape)
        bad = ~np.isfinite(value)
        if parameter.low is not None:
            bad |= value < float(parameter.low)
        if parameter.high is not None:
            bad |= value > float(parameter.high)
        if parameter.integer:
            bad |= value != np.round(value)
        if bad.any():
            index = tuple(int(i) for i in np.argwhere(bad)[0])
            at = {k: float(np.broadcast_to(v, shape)[index]) for k, v in where.items()}
            what = "undefined" if not np.isfinite(value[index]) else f"{value[index]}, outside its range " \
                                                                       f"{parameter.bounds_text()}"
            raise ValueError(f"derived parameter {name!r} = {formula} is {what} at {at}")
        result[name] = value
    return result


def derived_substitution(model) -> dict:
    """``{symbol of a derived parameter: its formula in the structural symbols}`` (sympy), for symbolic work.

    Substituted into a symbolic region (an equilibrium condition in the
    payoff parameters), it gives the region in the inputs alone, as the
    by-construction detector needs.
    """
    from .expressions import parse_expression

    symbols = {p.name: p.sympy_symbol for p in model.parameters}
    return {symbols[name]: parse_expression(formula, symbols, key=f"parameters.{name}.derived")
            for name, formula in model._derived.items()}


def follow_derived(model, game):
    """The symbolic game with every derived parameter replaced by its formula (and no longer a parameter)."""
    from ..games.symbolic import SymbolicGame

    substitution = derived_substitution(model)
    payoffs = [np.vectorize(lambda e: e.xreplace(substitution), otypes=[object])(a) for a in game.payoffs]
    return SymbolicGame(payoffs, [p for p in game.parameters if p.name not in model._derived], game.players,
                        game.actions, title=game.title)
