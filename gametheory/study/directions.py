"""Directional predictions (comparative statics) and where two theories diverge.

A direction rule claims that the probability of an outcome rises (or falls)
with a structural variable. The probability at each grid point is:

* simultaneous two-player games up to 3x3: the outcome's probability in the
  logit quantal response equilibrium on the principal branch traced from
  ``lambda = 0`` (:func:`gametheory.solvers.logit_batch.logit_qre_batch`, all
  points at once) at the rule's ``lambda``, each player's payoffs divided by
  their range over the whole grid (one scale for the sweep, so the precision
  does not change along the variable);
* trees: the share of the equilibria found at the point that reach the
  outcome; continuous and coalitional models: the share of certified
  equilibria (stable structures) where the outcome's condition holds.

Along the rule's variable, with every other swept parameter held fixed, each
pair of neighbouring grid points where the rule's ``when`` holds at both ends
is a *step*; its finite difference rises, falls or is flat (within 1e-9). The
claim holds on a step with the claimed sign; :func:`direction_tests` reports
the counts and the share of the non-flat steps on which the claim holds (flat
steps are counted apart, as points without prediction are).

:func:`theory_divergence` sets two theories' comparisons side by side: the
points where both predict and their predictions differ, and on which side
the equilibria come down there.
"""

from __future__ import annotations

import numpy as np

__all__ = ["direction_tests", "outcome_probability", "theory_divergence", "FLAT"]

#: Finite differences within this are flat (neither rising nor falling).
FLAT = 1e-9


def outcome_probability(model, frame, rule, points=None) -> tuple[np.ndarray, str]:
    """The probability of a direction rule's outcome at each sweep point, and what it is.

    Returns ``(probability per point in point order, note)``; probabilities
    are NaN where the model's kind offers none (the note says why).
    """
    if points is None:
        points = frame.drop_duplicates("point").set_index("point").sort_index()
    kind = getattr(model, "kind", "normal")
    count = len(points)
    if kind == "normal":
        from ..solvers.logit_batch import MAX_LOGIT_BATCH_ACTIONS, logit_qre_batch

        shape = tuple(len(a) for a in model.actions) if model.n_players_fixed else ()
        if getattr(model, "is_bayesian", False) or len(shape) != 2 or max(shape) > MAX_LOGIT_BATCH_ACTIONS:
            return np.full(count, np.nan), "logit QRE over the grid covers two-player games up to 3x3"
        inputs = getattr(model, "input_parameters", model.parameters)  # derived parameters follow them
        values = {p.name: points[p.name].to_numpy(dtype=float) for p in inputs}
        A, B = model.payoff_arrays(**values)
        # One scale for the whole sweep (each player's payoff range over the grid), so that lambda stays the
        # same along the variable: a per-game normalisation would change the effective precision from point
        # to point and put its own slope into the differences.
        scale_a = max(float(np.nanmax(A) - np.nanmin(A)), 1e-300)
        scale_b = max(float(np.nanmax(B) - np.nanmin(B)), 1e-300)
        from ..solvers.qre import LogitTracingError

        try:
            qre = logit_qre_batch(A / scale_a, B / scale_b, rule.lam, normalize=False)
        except LogitTracingError as error:
            return np.full(count, np.nan), f"logit QRE not traced: {error}"
        probabilities = qre.outcome_probabilities()
        mask = np.array([[rule.matches((model.actions[0][i], model.actions[1][j])) for j in range(shape[1])]
                         for i in range(shape[0])], dtype=bool)
        return (probabilities * mask).sum(axis=(1, 2)), f"logit QRE at lambda = {rule.lam:g} (payoffs / grid range)"
    position = points.index.get_indexer(frame["point"].to_numpy())
    certified = frame["certified"].to_numpy(dtype=bool) if "certified" in frame.columns else np.ones(len(frame), bool)
    if kind == "tree":
        from .compare import _tree_reached

        holds = _tree_reached(model, frame)(rule)
        note = "share of the equilibria reaching the outcome"
    else:
        from .sweep.kinds import outcome_table

        table = outcome_table(model, frame)
        if rule.outcome not in table:
            return np.full(count, np.nan), f"outcome {rule.outcome!r} has no condition to test"
        holds = table[rule.outcome]
        note = "share of the certified equilibria where the outcome holds"
    found = np.bincount(position, weights=certified, minlength=count)
    hits = np.bincount(position, weights=certified & holds, minlength=count)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(found > 0, hits / np.maximum(found, 1), np.nan), note


def direction_tests(model, frame, theory: str, swept=()):
    """Test each direction rule of ``theory`` by the signs of finite differences along its variable.

    Parameters
    ----------
    model : Model
    frame : pandas.DataFrame
        The model's sweep.
    theory : str
    swept : sequence of str
        The swept parameters (default: the columns that vary).

    Returns
    -------
    pandas.DataFrame
        One row per direction rule: ``outcome``, ``direction``, ``with``,
        ``steps``, ``rises``, ``falls``, ``flat``, ``holds`` (steps with the
        claimed sign), ``share`` (of the non-flat steps; NaN if none),
        ``independent`` and ``note``.
    """
    import pandas as pd

    from .exact_rules import evaluate_rules

    rules = model.theory(theory).directions
    points = frame.drop_duplicates("point").set_index("point").sort_index()
    swept = tuple(swept) or tuple(frame.attrs.get("swept", [p.name for p in getattr(model, "input_parameters",
                                                                                      model.parameters)
                                                            if p.name in points and points[p.name].nunique() > 1]))
    values = {p.name: points[p.name].to_numpy(dtype=float) for p in model.parameters}
    rows = []
    for rule in rules:
        row = {"theory": theory, "outcome": rule.outcome, "direction": rule.direction, "with": rule.variable,
               "when": rule.when or "always", "steps": 0, "rises": 0, "falls": 0, "flat": 0, "holds": 0,
               "share": float("nan"), "independent": bool(rule.independent), "note": rule.independence_note}
        if rule.variable not in swept:
            row["note"] = "; ".join(x for x in (row["note"], f"{rule.variable} is not swept: not tested") if x)
            rows.append(row)
            continue
        probability, note = outcome_probability(model, frame, rule, points)
        applies = evaluate_rules([rule], model.parameters, values).index == 0
        table = pd.DataFrame({name: points[name].to_numpy() for name in swept})
        table["_p"], table["_applies"] = probability, applies
        others = [name for name in swept if name != rule.variable]
        groups = table.groupby(others, sort=False) if others else [((), table)]
        differences = []
        for _, part in groups:
            part = part.sort_values(rule.variable)
            ok = (part["_applies"].to_numpy()[1:] & part["_applies"].to_numpy()[:-1])
            step = np.diff(part["_p"].to_numpy())
            differences.append(step[ok & np.isfinite(step)])
        steps = np.concatenate(differences) if differences else np.zeros(0)
        rises, falls = int((steps > FLAT).sum()), int((steps < -FLAT).sum())
        holds = rises if rule.direction == "increases" else falls
        row.update({"steps": int(len(steps)), "rises": rises, "falls": falls, "flat": int(len(steps) - rises - falls),
                    "holds": holds, "share": holds / (rises + falls) if rises + falls else float("nan"),
                    "note": "; ".join(x for x in (row["note"], note) if x)})
        rows.append(row)
    columns = ["theory", "outcome", "direction", "with", "when", "steps", "rises", "falls", "flat", "holds", "share",
               "independent", "note"]
    return pd.DataFrame(rows, columns=columns)


def theory_divergence(comparisons: dict, base: str = "defensive_realism"):
    """Where ``base`` and each rival theory predict differently, and which one the equilibria side with.

    Parameters
    ----------
    comparisons : dict
        ``{theory: Comparison}`` over the same sweep.
    base : str

    Returns
    -------
    pandas.DataFrame
        One row per rival: ``points`` where both predict different outcomes
        (or expectations), how many of them agree with ``base`` only
        (``theory only``), with
        the rival only, with both and with neither; ``sides with`` (the
        theory the equilibria agree with more often there, ``"tie"`` or
        ``""``); the parameter box of those points; and whether
        by-construction rules are involved.
    """
    import pandas as pd

    if base not in comparisons:
        return pd.DataFrame()
    first = comparisons[base]
    rows = []
    for name, other in comparisons.items():
        if name == base:
            continue
        a, b = first.points, other.points
        if len(a) != len(b):
            continue
        both = (a["rule"].to_numpy() >= 0) & (b["rule"].to_numpy() >= 0)
        differ = both & ((a["predicted"].to_numpy() != b["predicted"].to_numpy())
                         | (a["expect"].to_numpy() != b["expect"].to_numpy()))
        agree_a = a["agree"].fillna(False).to_numpy(dtype=bool) & differ
        agree_b = b["agree"].fillna(False).to_numpy(dtype=bool) & differ
        only_a, only_b = int((agree_a & ~agree_b).sum()), int((agree_b & ~agree_a).sum())
        row = {"theory": base, "rival": name, "points": int(differ.sum()), "theory only": only_a,
               "rival only": only_b, "both": int((agree_a & agree_b).sum()),
               "neither": int((differ & ~agree_a & ~agree_b).sum()),
               "sides with": "" if not differ.any() else (base if only_a > only_b else name if only_b > only_a
                                                          else "tie"),
               "by construction involved": bool((a["by_construction"].to_numpy(dtype=bool) & differ).any()
                                                or (b["by_construction"].to_numpy(dtype=bool) & differ).any())}
        for column in first.swept:
            part = a.loc[differ, column]
            row[column] = f"[{part.min():.4g}, {part.max():.4g}]" if len(part) else ""
        rows.append(row)
    return pd.DataFrame(rows)
