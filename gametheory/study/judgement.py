"""The comparison's judgement at each point of a sweep: which rule applies, and whether the equilibria agree.

:func:`judge_points` is the point-by-point part of
:func:`gametheory.study.compare.compare` (its semantics are in that
module's notes): the rule that applies at each point (decided exactly in the
tie band, :mod:`gametheory.study.exact_rules`), what it expects, and whether
the equilibria the sweep found there agree. It needs no by-construction
verdict, so the detector (:mod:`gametheory.study.construction`) judges the
points it solves exactly as the comparison does.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["judge_points", "Judgement", "NO_PREDICTION"]

#: Predicted outcome of points where no rule of the theory applies.
NO_PREDICTION = ""


class Judgement(NamedTuple):
    """The per-point judgement of one theory on one sweep.

    ``points`` is the sweep's first row per point (indexed by ``point``);
    ``values`` every parameter's column; ``rule_index`` the applying rule
    (-1: none), ``predicted`` its outcome name, ``expect`` its expectation;
    ``n_equilibria`` the equilibria (certified ones, or stable structures)
    found at each point; ``agree`` whether they agree with the rule; ``ties``
    the tie report of the rule evaluation.
    """

    points: object
    values: dict
    rules: tuple
    rule_index: np.ndarray
    predicted: np.ndarray
    expect: np.ndarray
    n_equilibria: np.ndarray
    agree: np.ndarray
    ties: object


def judge_points(model, frame, theory: str = "defensive_realism", tol: float = 1e-9) -> Judgement:
    """Which rule applies at each point of ``frame`` and whether the equilibria found there agree with it.

    Parameters
    ----------
    model : gametheory.model.Model
    frame : pandas.DataFrame
        A sweep of ``model`` (:func:`gametheory.study.sweep.sweep`, or one chunk of it).
    theory : str
    tol : float
        Tie band of the rule evaluation.

    Returns
    -------
    Judgement
    """
    if frame.empty:
        raise ValueError("the sweep has no rows to compare")
    if getattr(model, "kind", "normal") == "tree":
        return _judge_tree(model, frame, theory, tol)
    if getattr(model, "kind", "normal") != "normal":
        return _judge_kind(model, frame, theory, tol)
    rules = tuple(model.theory(theory).rules)
    names = [p.name for p in model.parameters]
    missing = [name for name in names if name not in frame.columns]
    if missing:
        raise ValueError(f"the sweep frame lacks parameter columns {missing}; was it made from model {model.key!r}?")
    points = frame.drop_duplicates("point").set_index("point").sort_index()
    values = {name: points[name].to_numpy(dtype=float) for name in names}
    rule_index, predicted, ties = _predictions(model, theory, values, tol)

    # Which pure outcomes each rule's outcome covers, via the distinct labels.
    outcome = frame["outcome"].astype(str).to_numpy()
    pure = frame["pure"].to_numpy(dtype=bool)
    position = points.index.get_indexer(frame["point"].to_numpy())
    row_rule = rule_index[position]
    matched = np.zeros(len(frame), dtype=bool)
    labels = np.unique(outcome)
    for k, rule in enumerate(rules):
        covered = {label for label in labels if label != "mixed" and rule.matches(tuple(label.split(",")))}
        matched |= (row_rule == k) & pure & np.isin(outcome, list(covered))
    any_match = np.bincount(position, weights=matched, minlength=len(points)) > 0
    n_equilibria = points["n_equilibria"].to_numpy()
    continuum = points["continuum"].to_numpy(dtype=bool)
    expect = _expectations(rules, rule_index)
    agree = np.where(
        expect == "equilibrium",
        any_match,
        np.where(expect == "unique_equilibrium", any_match & (n_equilibria == 1) & ~continuum, ~any_match),
    )
    return Judgement(points, values, rules, rule_index, predicted, expect, n_equilibria, agree, ties)



def _judge_kind(model, frame, theory: str, tol: float = 1e-9) -> Judgement:
    """:func:`judge_points` for continuous and coalitional models (semantics in the module notes)."""
    from .sweep.kinds import outcome_table

    rules = tuple(model.theory(theory).rules)
    untestable = sorted({r.outcome for r in rules} - set(model.outcome_conditions))
    if untestable:
        raise ValueError(
            f"model {model.key!r}: the {theory} rules name outcome(s) {untestable} that are described in words only; "
            "give each a condition ([outcomes] name = {description, condition}) to compare"
        )
    names = [p.name for p in model.parameters]
    missing = [name for name in names + ["certified"] if name not in frame.columns]
    if missing:
        raise ValueError(f"the sweep frame lacks columns {missing}; was it made from model {model.key!r}?")
    points = frame.drop_duplicates("point").set_index("point").sort_index()
    values = {name: points[name].to_numpy(dtype=float) for name in names}
    rule_index, predicted, ties = _predictions(model, theory, values, tol)
    holds = outcome_table(model, frame)
    position = points.index.get_indexer(frame["point"].to_numpy())
    row_rule = rule_index[position]
    certified = frame["certified"].to_numpy(dtype=bool)
    row_holds = np.zeros(len(frame), dtype=bool)
    for k, rule in enumerate(rules):
        row_holds |= (row_rule == k) & holds[rule.outcome]
    row_holds &= certified
    found = np.bincount(position, weights=certified, minlength=len(points)).astype(np.int64)
    holding = np.bincount(position, weights=row_holds, minlength=len(points)).astype(np.int64)
    expect = _expectations(rules, rule_index)
    agree = np.select(
        [expect == "equilibrium", expect == "every_equilibrium", expect == "unique_equilibrium"],
        [holding > 0, (found > 0) & (holding == found), (found == 1) & (holding == 1)],
        default=holding == 0,
    )
    return Judgement(points, values, rules, rule_index, predicted, expect, found, agree, ties)


def _judge_tree(model, frame, theory: str, tol: float = 1e-9) -> Judgement:
    """:func:`judge_points` for tree models: a rule holds where its equilibria reach its outcome (probability 1)."""
    rules = tuple(model.theory(theory).rules)
    names = [p.name for p in model.parameters]
    missing = [name for name in names + ["certified"] if name not in frame.columns]
    if missing:
        raise ValueError(f"the sweep frame lacks columns {missing}; was it made from model {model.key!r}?")
    points = frame.drop_duplicates("point").set_index("point").sort_index()
    values = {name: points[name].to_numpy(dtype=float) for name in names}
    rule_index, predicted, ties = _predictions(model, theory, values, tol)
    position = points.index.get_indexer(frame["point"].to_numpy())
    row_rule = rule_index[position]
    reached = _tree_reached(model, frame)
    row_holds = np.zeros(len(frame), dtype=bool)
    for k, rule in enumerate(rules):
        row_holds |= (row_rule == k) & reached(rule)
    certified = frame["certified"].to_numpy(dtype=bool)
    row_holds &= certified
    found = np.bincount(position, weights=certified, minlength=len(points)).astype(np.int64)
    holding = np.bincount(position, weights=row_holds, minlength=len(points)).astype(np.int64)
    expect = _expectations(rules, rule_index)
    agree = np.select(
        [expect == "equilibrium", expect == "every_equilibrium"],
        [holding > 0, (found > 0) & (holding == found)],
        default=holding == 0,
    )
    return Judgement(points, values, rules, rule_index, predicted, expect, found, agree, ties)


def _tree_reached(model, frame):
    """``reached(rule) -> bool per row``: whether the row's play reaches the rule's outcome with probability 1."""
    from fractions import Fraction

    paths = [dict((name, Fraction(p)) for name, p in (item.split(": ") for item in text.split("; ") if item))
             for text in frame["path"].astype(str)]

    def reached(rule) -> np.ndarray:
        column = f"reaches:{rule.outcome}"
        if column in frame.columns:
            return frame[column].to_numpy(dtype=bool)
        return np.array([sum((path.get(m, 0) for m in rule.profiles), Fraction(0)) == 1 for path in paths], dtype=bool)

    return reached


def _expectations(rules, rule_index) -> np.ndarray:
    """Per point, what the applying rule expects (``""`` where no rule applies)."""
    return np.array([rules[k].expect if k >= 0 else "" for k in rule_index], dtype=object)


def _predictions(model, theory: str, values: dict, tol: float = 1e-9):
    """Per point, the index of the applying rule (-1: none), its predicted outcome name and the tie report."""
    from .exact_rules import evaluate_rules

    rules = model.theory(theory).rules
    ties = evaluate_rules(rules, model.parameters, values, tol=tol)
    rule_index = ties.index
    labels = np.array([rule.outcome for rule in rules] + [NO_PREDICTION], dtype=object)
    return rule_index, labels[rule_index].astype(str), ties

