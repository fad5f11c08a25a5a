"""A theory's prediction at parameter points, decided as the comparison decides it.

:meth:`Model.predict <gametheory.model.Model.predict>` and
:meth:`Model.rule_evaluation <gametheory.model.Model.rule_evaluation>` come
here. Rule conditions are evaluated by
:func:`gametheory.analysis.rule_evaluation.evaluate_rules` (floats over whole
arrays, ties decided exactly at exact points), so the model, the comparison,
its tables and figures and the class page name the same rule at every point,
ties included. Where every value given is an exact scalar (an int, a
Fraction, decimal text), the point is decided in rational arithmetic outright.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import numpy as np

__all__ = ["rule_evaluation", "outcome_holds"]


def _exact_scalar(value) -> bool:
    return isinstance(value, (int, Fraction, str)) and not isinstance(value, bool)


def rule_evaluation(model, theory: str, arrays: Mapping, tol: float | None = None):
    """The :class:`~gametheory.analysis.rule_evaluation.RuleEvaluation` of ``theory`` at ``arrays`` (broadcast shape)."""
    from ..analysis.rule_evaluation import RuleEvaluation, decide_exactly, evaluate_rules
    from ..games.symbolic import parameter_columns
    from ..numerics import DEFAULT_TOL
    from .document import as_sympy_number

    rules = model.theory(theory).rules
    model.refuse_derived(arrays)
    if all(_exact_scalar(v) for v in arrays.values()):
        checked = model.values(**arrays)
        symbols = {p.name: p.sympy_symbol for p in model.parameters}
        index = decide_exactly(rules, {symbols[k]: as_sympy_number(v) for k, v in checked.items()})
        return RuleEvaluation(np.array(index, dtype=np.int64), np.array(False), np.array(False))
    columns, shape = parameter_columns(model.parameters, arrays)
    values = {p.name: np.ravel(column) for p, column in zip(model.parameters, columns)}
    if not columns:
        values = {}
    evaluation = evaluate_rules(rules, model.parameters, values, tol=DEFAULT_TOL if tol is None else float(tol))
    if not columns:  # a model without parameters: one point
        return RuleEvaluation(np.array(evaluation.index[0] if evaluation.index.size else -1),
                              np.array(False), np.array(False))
    return evaluation.reshaped(shape)


def outcome_holds(model, outcome: str, tol, arrays: dict) -> np.ndarray:
    """Where a testable outcome's condition holds (see :meth:`Model.outcome_holds <gametheory.model.Model.outcome_holds>`)."""
    from .deferred import DeferredOutcomeCondition
    from .document import tolerant_condition

    from ..numerics import DEFAULT_TOL

    if outcome not in model._outcome_conditions:
        if outcome in model._outcome_descriptions:
            raise ValueError(f"outcome {outcome!r} of model {model._key!r} is described in words only; "
                             "give it a condition ([outcomes] name = {description, condition}) to test it")
        known = sorted(model._outcome_conditions)
        raise ValueError(f"model {model._key!r} has no testable outcome {outcome!r}; testable outcomes: {known}")
    tol = DEFAULT_TOL if tol is None else float(tol)
    if not tol >= 0:
        raise ValueError(f"tol must be a non-negative number, got {tol!r}")
    variables = model.outcome_variables
    known = {p.name: p for p in model._parameters}
    unknown = sorted(set(arrays) - set(known) - set(variables))
    if unknown:
        raise ValueError(f"unknown name(s) {unknown}; parameters are {sorted(known)}, outcome variables {list(variables)}")
    _, condition = model._outcome_conditions[outcome]
    if isinstance(condition, DeferredOutcomeCondition):  # kept as text since load: parsed once, on first use
        parsed_key = ("outcome condition", outcome)
        if parsed_key not in model._condition_cache:
            model._condition_cache[parsed_key] = condition.parse()
        condition = model._condition_cache[parsed_key]
    used = {s.name for s in condition.free_symbols}
    missing = sorted(used & set(variables) - set(arrays))
    if missing:
        raise ValueError(f"outcome {outcome!r} names {missing}: give their values")
    model.refuse_derived(arrays)
    if used & set(model._derived):  # derived values follow the structural ones given
        inputs = {name: np.asarray(value, dtype=float) for name, value in arrays.items() if name in known}
        arrays = {**arrays, **model.derived_values(**inputs)}
    order = [p.name for p in model._parameters] + list(variables)
    key = ("outcome", outcome)
    if key not in model._condition_cache:
        symbols = {**model._symbols, **model._builder.outcome_symbols()}
        model._condition_cache[key] = tolerant_condition(condition, [symbols[n] for n in order])
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
        return np.broadcast_to(model._condition_cache[key](tol, columns), shape).copy()
