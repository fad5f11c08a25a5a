"""Equilibrium selection over a sweep: which equilibrium the theory's outcome has to be.

An ``equilibrium`` rule is satisfied when *some* pure equilibrium lies in the
predicted outcome, however many others there are. Selection asks more: at
each point of a two-player sweep with at most three actions each,

* ``qre``: the profile most probable in the logit quantal response
  equilibrium on the principal branch traced from ``lambda = 0``
  (McKelvey and Palfrey 1995; the branch's limit is the equilibrium it
  selects, Turocy 2005), at a high precision on payoffs divided by each
  player's range over the grid;
* ``risk_dominant``: in 2x2 games with two strict pure equilibria, the one
  with the larger product of deviation losses (Harsanyi and Selten 1988,
  ch. 3); empty where the criterion does not apply or ties;
* ``payoff_dominant``: the pure equilibrium that gives both players at
  least as much as every other pure equilibrium, strictly more to one of
  them, when there is one (Harsanyi and Selten 1988).

:func:`selection_table` reports, per outcome rule of a theory expecting an
equilibrium, how often each selected profile lies in the predicted outcome.

References
----------
J. C. Harsanyi and R. Selten, *A General Theory of Equilibrium Selection in
Games*, MIT Press, 1988.
R. D. McKelvey and T. R. Palfrey, "Quantal response equilibria for normal
form games", Games and Economic Behavior 10 (1995), 6-38.
T. L. Turocy, "A dynamic homotopy interpretation of the logistic quantal
response equilibrium correspondence", Games and Economic Behavior 51 (2005),
243-263.
"""

from __future__ import annotations

import numpy as np

__all__ = ["selected_profiles", "selection_table", "SELECTION_LAMBDA", "SELECTIONS"]

#: Logit precision (payoffs divided by each player's range over the grid) at which the QRE selects.
SELECTION_LAMBDA = 50.0

#: The selection criteria, in the order of the tables' columns.
SELECTIONS = ("qre", "risk_dominant", "payoff_dominant")


def _applies(model) -> bool:
    from ..solvers.logit_batch import MAX_LOGIT_BATCH_ACTIONS

    if getattr(model, "kind", "normal") != "normal" or getattr(model, "is_bayesian", False):
        return False
    if not model.n_players_fixed or model.n_players_fixed != 2:
        return False
    return max(len(a) for a in model.actions) <= MAX_LOGIT_BATCH_ACTIONS


def selected_profiles(model, values: dict, *, lam: float = SELECTION_LAMBDA, tol: float = 1e-9) -> dict | None:
    """Per point, the profile each criterion selects (labels ``"C,C"``; ``""`` where it selects none).

    Returns None for models outside two-player games up to 3x3.
    """
    from ..solvers.logit_batch import logit_qre_batch

    if not _applies(model):
        return None
    A, B = model.payoff_arrays(**values)
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    count, m, n = A.shape
    labels = np.array([[f"{model.actions[0][i]},{model.actions[1][j]}" for j in range(n)] for i in range(m)],
                      dtype=object)
    scale_a = max(float(np.nanmax(A) - np.nanmin(A)), 1e-300)
    scale_b = max(float(np.nanmax(B) - np.nanmin(B)), 1e-300)
    from ..solvers.qre import LogitTracingError

    try:
        qre = logit_qre_batch(A / scale_a, B / scale_b, lam, normalize=False).outcome_probabilities()
    except LogitTracingError:  # a branch that cannot be followed selects nothing, never a guess
        qre = None
    if qre is None:
        qre_labels = np.full(count, "", dtype=object)
    else:
        flat = qre.reshape(count, -1)
        best = flat.argmax(axis=1)
        top = np.take_along_axis(flat, best[:, None], axis=1)[:, 0]
        clear = (flat >= top[:, None] - 1e-6).sum(axis=1) == 1  # a tie between profiles selects none
        qre_labels = np.where(clear, labels.reshape(-1)[best], "")
    band_a = tol * np.maximum(1.0, np.abs(A).max(axis=(1, 2)))[:, None, None]
    band_b = tol * np.maximum(1.0, np.abs(B).max(axis=(1, 2)))[:, None, None]
    nash = (A >= A.max(axis=1, keepdims=True) - band_a) & (B >= B.max(axis=2, keepdims=True) - band_b)
    # Payoff dominance: a pure equilibrium weakly better for both than every other, strictly for one.
    payoff = np.full(count, "", dtype=object)
    cells = [(i, j) for i in range(m) for j in range(n)]
    for i, j in cells:
        dominant = nash[:, i, j].copy()
        for k, l in cells:
            if (k, l) == (i, j):
                continue
            other = nash[:, k, l]
            better = (A[:, i, j] >= A[:, k, l] - band_a[:, 0, 0]) & (B[:, i, j] >= B[:, k, l] - band_b[:, 0, 0]) & \
                ((A[:, i, j] > A[:, k, l] + band_a[:, 0, 0]) | (B[:, i, j] > B[:, k, l] + band_b[:, 0, 0]))
            dominant &= ~other | better
        payoff = np.where(dominant & (nash.sum(axis=(1, 2)) > 1), labels[i, j], payoff)
    risk = np.full(count, "", dtype=object)
    if (m, n) == (2, 2):
        strict = (A > A[:, ::-1, :] + band_a) & (B > B[:, :, ::-1] + band_b)
        for (i, j), (k, l) in (((0, 0), (1, 1)), ((0, 1), (1, 0))):
            both = strict[:, i, j] & strict[:, k, l] & (nash.sum(axis=(1, 2)) == 2)
            first = (A[:, i, j] - A[:, k, j]) * (B[:, i, j] - B[:, i, l])
            second = (A[:, k, l] - A[:, i, l]) * (B[:, k, l] - B[:, k, j])
            band = tol * np.maximum(1.0, np.maximum(np.abs(first), np.abs(second)))
            risk = np.where(both & (first > second + band), labels[i, j], risk)
            risk = np.where(both & (second > first + band), labels[k, l], risk)
    return {"qre": qre_labels, "risk_dominant": risk, "payoff_dominant": payoff}


def selection_table(model, comparison, *, lam: float = SELECTION_LAMBDA):
    """Per rule expecting an equilibrium: how often each criterion's selected profile lies in the predicted outcome.

    Returns an empty table for models outside two-player games up to 3x3.
    Columns: ``rule``, ``predicted``, ``by_construction``, then per
    criterion the points where it selects a profile and the share of them in
    the outcome (``qre points``, ``qre agreement``, ...).
    """
    import pandas as pd

    points = comparison.points
    inputs = getattr(model, "input_parameters", model.parameters)  # derived parameters follow them
    values = {p.name: points[p.name].to_numpy(dtype=float) for p in inputs if p.name in points}
    selected = selected_profiles(model, values, lam=lam)
    if selected is None:
        return pd.DataFrame()
    rows = []
    for k, rule in enumerate(comparison.rules):
        if rule.expect not in ("equilibrium", "unique_equilibrium"):
            continue
        here = points["rule"].to_numpy() == k
        row = {"rule": k, "predicted": rule.outcome, "expect": rule.expect,
               "by_construction": comparison.by_construction(k), "points": int(here.sum())}
        for name in SELECTIONS:
            chosen = selected[name][here]
            picked = chosen != ""
            inside = np.array([rule.matches(tuple(label.split(","))) for label in chosen[picked]], dtype=bool)
            row[f"{name} points"] = int(picked.sum())
            row[f"{name} agreement"] = float(inside.mean()) if len(inside) else float("nan")
        rows.append(row)
    return pd.DataFrame(rows)
