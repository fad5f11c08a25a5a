"""Sweeps of tree models: the game tree at each point, solved by the model's solution concept.

A tree model (``[tree]`` in its file) is judged by subgame perfection or by
perfect Bayesian equilibrium (:attr:`gametheory.model.Model.solution_concept`),
never by the Nash equilibria of its strategic form. At each point of the
design the tree is built at exact parameter values and solved exactly, one
row per equilibrium. Columns:

``point``, one column per parameter, ``equilibrium``
    As in normal-form sweeps.
``outcome``
    The model's named outcomes the equilibrium's play reaches with
    probability 1, in declaration order joined by ``" + "``; the tree outcome
    itself when the play ends in one outcome that no named outcome groups;
    :data:`~gametheory.study.sweep.kinds.NO_OUTCOME` when the play is spread
    over several.
``path``
    The play as text: each tree outcome reached with its probability.
``reaches:<outcome>``
    Per named outcome, whether the play reaches it with probability 1.
``payoff:<player>``, ``max_regret``
    Expected payoffs and the certificate: the largest gain from deviating in
    any subgame (SPE) or at any information set under the beliefs (PBE).
``certified``, ``n_equilibria``, ``complete``, ``concept``
    Every returned equilibrium is certified; ``complete`` is False where the
    solver says its list may miss equilibria (the notes of the result).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import numpy as np

from ...model.fingerprint import model_fingerprint
from ...numerics import DEFAULT_TOL, format_value
from ...solvers.tree_concepts import solve_tree_by_concept
from .design import design_size
from .kinds import NO_OUTCOME, _exact, _parameter_values

__all__ = ["solve_tree_model", "tree_task", "solve_tree_points", "tree_equilibria_table", "TREE_FIRST_CHUNK"]

#: Points in the first chunk of a tree sweep (each point is a tree solved exactly, a few milliseconds).
TREE_FIRST_CHUNK = 32


def solve_tree_model(model, *, tol: float | None = None, **values):
    """The equilibria of a tree model at ``values`` (defaults otherwise) under its solution concept.

    Returns
    -------
    gametheory.games.extensive.equilibrium.TreeSolveResult
    """
    return solve_tree_by_concept(model.tree(**values), model.solution_concept, tol=tol)


def tree_task(model, *, fixed: Mapping | None = None, tol: float | None = None):
    """The chunk task and the resume specification of a tree model's sweep."""
    fixed = dict(fixed or {})
    task = functools.partial(solve_tree_points, model, fixed=fixed, tol=tol)
    spec = {
        "model": model.key,
        "kind": model.kind,
        "concept": model.solution_concept,
        "model_fingerprint": model_fingerprint(model),
        "fixed": fixed,
        "tol": tol if tol is not None else DEFAULT_TOL,
    }
    return task, spec


def _rows(model, result) -> list[dict]:
    from ...model.kinds.tree import reached_outcomes

    groups = model.outcomes
    rows = []
    for k, equilibrium in enumerate(result.equilibria):
        reached = reached_outcomes(equilibrium)
        certain = {name for name, p in reached.items() if p == 1}
        reaches = {name: sum((reached.get(m, 0) for m in members), 0) == 1 for name, members in groups.items()}
        named = [name for name, hit in reaches.items() if hit]
        if named:
            outcome = " + ".join(named)
        elif certain:
            outcome = next(iter(certain))
        else:
            outcome = NO_OUTCOME
        row = {"equilibrium": k, "outcome": outcome,
               "path": "; ".join(f"{name}: {format_value(p)}" for name, p in reached.items())}
        row.update({f"reaches:{name}": hit for name, hit in reaches.items()})
        row.update({f"payoff:{player}": float(v) for player, v in zip(model.players, equilibrium.payoffs)})
        regret = getattr(equilibrium, "max_subgame_regret", None)
        if regret is None:
            regret = max(equilibrium.gaps, default=0)
        row.update({"max_regret": float(regret), "certified": True, "n_equilibria": len(result.equilibria),
                    "complete": bool(result.complete), "concept": result.concept})
        rows.append(row)
    return rows


def solve_tree_points(model, part: Mapping[str, np.ndarray], *, fixed: Mapping | None = None, tol: float | None = None):
    """Solve a tree model at every point of one chunk; tidy rows (see the module notes).

    Examples
    --------
    >>> import numpy as np
    >>> from gametheory.model import load_model
    >>> rows = solve_tree_points(load_model("extended_deterrence"), {"credibility": np.array([0.0, 0.5])})
    >>> rows[["credibility", "outcome", "path"]].to_string(index=False)
    ' credibility          outcome               path\\n         0.0 deterrence_fails concession_soft: 1\\n         0.5 deterrence_holds      status_quo: 1'
    """
    import pandas as pd

    fixed = dict(fixed or {})
    rows: dict[str, list] = {}
    for point in range(design_size(part)):
        values = {name: part[name][point] for name in part}
        values.update(fixed)
        result = solve_tree_model(model, tol=tol, **_exact(model, values))
        parameters = _parameter_values(model, values)
        for row in _rows(model, result):
            for key, value in {"point": point, **parameters, **row}.items():
                rows.setdefault(key, []).append(value)
    return pd.DataFrame(rows)


def tree_equilibria_table(model, *, tol: float | None = None):
    """The equilibria of a tree model at its default parameters, one row each, for reports."""
    import pandas as pd

    result = solve_tree_model(model, tol=tol)
    table = pd.DataFrame(_rows(model, result))
    keep = ["equilibrium", "outcome", "path"] + [f"payoff:{p}" for p in model.players] + ["max_regret", "concept"]
    return table[keep]
