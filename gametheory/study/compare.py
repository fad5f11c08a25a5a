"""Compare what a theory predicts with what the equilibria say, point by point.

A model declares, for each theory (defensive realism first), ordered rules:
*when* a condition on the parameters holds, the theory expects an *outcome*
(a named set of action profiles) to be an equilibrium, the unique
equilibrium, or not an equilibrium. :func:`compare` evaluates the rules over
a sweep's parameter points (vectorised, via ``Model.predict``), checks each
expectation against the equilibria the sweep found there, and summarises the
agreement: overall, by prediction rule (the theory's regions), by
equilibrium regime, and where they diverge (the parameter box of the
disagreeing points of each rule).

Agreement semantics, per point with a prediction:

``equilibrium``
    some pure equilibrium lies in the predicted outcome;
``unique_equilibrium``
    the point has exactly one equilibrium, it is pure and in the outcome;
``not_equilibrium``
    no pure equilibrium lies in the outcome.

Points where no rule applies have no prediction and are counted apart,
never as agreement.

Independent and by-construction rules
-------------------------------------
A rule is *independent* when it is stated in the theory's own terms: it
reads only the model's structural parameters (models that declare none mark
every rule not independent). A rule is *by construction* when its region
lies inside the region where its expectation holds in the model's own game
(:mod:`gametheory.study.construction`), so that it cannot disagree at any
point. The headline figure, :attr:`Comparison.independent_agreement`, counts
only points whose rule is independent and not by construction;
:attr:`Comparison.agreement` keeps every predicted point. A rule the
detector left undecided (no witness of failure, nothing proved) still counts
in the headline; :attr:`Comparison.undecided_rules` and
:attr:`Comparison.undecided_points` say how much of it rests on such rules.

Rule conditions are decided exactly at exact grid points where floats fall
in the tie band (:mod:`gametheory.study.exact_rules`); the number of such
points is :attr:`Comparison.tie_points`.

Continuous and coalitional models
---------------------------------
Their outcomes are conditions (``[outcomes] name = {description,
condition}``, see ``docs/model-format.md``), and a rule's expectation is
checked against the condition of its outcome, decided on the sweep's rows
(:mod:`gametheory.study.sweep.kinds`) with :func:`gametheory.study.sweep.kinds.outcome_tolerance`.

For a *continuous* model, the row is the equilibrium that best-response
iteration finds at the point, counted only when its regrets certify it:

``equilibrium``
    the condition holds at the certified equilibrium (no certified
    equilibrium: disagreement);
``not_equilibrium``
    it does not hold there, or no equilibrium was certified.

For a *coalitional* model, the rows are the stable coalition structures at
the point (under the model's division rule):

``equilibrium``
    the condition holds at some stable structure;
``every_equilibrium``
    there is a stable structure and the condition holds at every one;
``unique_equilibrium``
    there is exactly one stable structure and the condition holds there;
``not_equilibrium``
    the condition holds at no stable structure (true when none is stable).

``n_equilibria`` in :attr:`Comparison.points` is then the number of
certified equilibria (0 or 1) or of stable structures, and ``regime`` the
outcome labels found (``"small_free_rides"``, ``"balance | hegemony"``).
A rule whose outcome is described in words only cannot be checked: the
comparison refuses it and names the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .judgement import NO_PREDICTION, _tree_reached  # noqa: F401 - re-exported (directions reads _tree_reached)

__all__ = ["compare", "Comparison", "regime_labels", "NO_PREDICTION"]


def regime_labels(frame) -> "pd.Series":  # noqa: F821 - pandas imported lazily
    """Per point, the equilibrium regime: its pure outcomes in order, plus ``mixed`` if any.

    For example ``"C,C | D,D | mixed"`` for a Stag Hunt point.
    """
    outcome = frame["outcome"].astype(str)
    order = {label: k for k, label in enumerate(frame["outcome"].cat.categories)} if hasattr(frame["outcome"], "cat") else {}
    parts = (
        frame.assign(_outcome=outcome, _order=outcome.map(order).fillna(len(order)))
        .drop_duplicates(["point", "_outcome"])
        .sort_values(["point", "_order", "_outcome"])
        .groupby("point", sort=True)["_outcome"]
        .agg(" | ".join)
    )
    return parts


@dataclass(frozen=True)
class Comparison:
    """The comparison of one theory with the equilibria of one model's sweep.

    Attributes
    ----------
    model : str
    theory : str
    points : pandas.DataFrame
        One row per parameter point: the parameters, ``predicted`` (outcome
        name, ``""`` without prediction), ``expect``, ``rule`` (index of the
        applying rule, -1 without), ``regime`` (the equilibria found) and
        ``agree`` (bool; missing without prediction).
    rules : tuple
        The theory's rules, in order.
    swept : tuple of str
        The parameters the sweep varied.
    verdicts : tuple of RuleVerdict
        Per rule, whether it agrees by construction
        (:func:`gametheory.study.construction.rule_verdicts`).
    tie_points, exact_points : int
        Points where a rule's comparison fell in the tie band, and those of
        them decided in rational arithmetic.
    """

    model: str
    theory: str
    points: object
    rules: tuple
    swept: tuple = field(default_factory=tuple)
    verdicts: tuple = field(default_factory=tuple)
    tie_points: int = 0
    exact_points: int = 0

    @property
    def n_points(self) -> int:
        return int(len(self.points))

    @property
    def n_predicted(self) -> int:
        return int((self.points["rule"] >= 0).sum())

    @property
    def agreement(self) -> float:
        """Share of the points with a prediction where the equilibria agree (NaN if none)."""
        predicted = self.points[self.points["rule"] >= 0]
        if predicted.empty:
            return float("nan")
        return float(predicted["agree"].astype(bool).mean())

    def by_construction(self, k: int):
        """Whether rule ``k`` agrees by construction (None: undecided)."""
        return self.verdicts[k].by_construction if k < len(self.verdicts) else None

    def counts_as_independent(self, k: int) -> bool:
        """Whether rule ``k`` enters the headline: independent and not (possibly) by construction.

        An undecided rule counts when it is independent: the detector found
        no reason to set it aside, and the tables say it was undecided.
        """
        return bool(getattr(self.rules[k], "independent", False)) and self.by_construction(k) is not True

    @property
    def by_construction_rules(self) -> int:
        """How many of the theory's rules agree by construction."""
        return sum(1 for k in range(len(self.rules)) if self.by_construction(k) is True)

    def _independent_mask(self):
        rule = self.points["rule"].to_numpy()
        counted = np.array([self.counts_as_independent(k) for k in range(len(self.rules))] + [False], dtype=bool)
        return counted[rule]  # rule -1 reads the trailing False

    @property
    def independent_points(self) -> int:
        """Predicted points whose rule is independent and not by construction."""
        return int(self._independent_mask().sum())

    @property
    def undecided_rules(self) -> int:
        """How many rules counted in the headline the detector left undecided (no witness, no proof)."""
        return sum(1 for k in range(len(self.rules))
                   if self.counts_as_independent(k) and self.by_construction(k) is None)

    @property
    def undecided_points(self) -> int:
        """Of the :attr:`independent_points`, those whose rule the detector left undecided."""
        undecided = np.array([self.counts_as_independent(k) and self.by_construction(k) is None
                              for k in range(len(self.rules))] + [False], dtype=bool)
        return int(undecided[self.points["rule"].to_numpy()].sum())

    @property
    def independent_agreement(self) -> float:
        """Agreement over the :attr:`independent_points` (NaN if none): the headline figure."""
        mask = self._independent_mask()
        if not mask.any():
            return float("nan")
        return float(self.points.loc[mask, "agree"].astype(bool).mean())

    def by_rule(self):
        """Agreement per prediction rule (the theory's regions), with independence and the by-construction verdict."""
        import pandas as pd

        rows = []
        for k, rule in enumerate(self.rules):
            part = self.points[self.points["rule"] == k]
            agree = part["agree"].astype(bool)
            verdict = self.verdicts[k] if k < len(self.verdicts) else None
            rows.append(
                {
                    "rule": k,
                    "when": rule.when or "always",
                    "predicted": rule.outcome,
                    "expect": rule.expect,
                    "points": int(len(part)),
                    "agree": int(agree.sum()),
                    "agreement": float(agree.mean()) if len(part) else float("nan"),
                    "independent": bool(getattr(rule, "independent", False)),
                    "by_construction": None if verdict is None else verdict.by_construction,
                    "region": "" if verdict is None else verdict.relation,
                    "decided": "" if verdict is None else verdict.method,
                    "note": "; ".join(x for x in (getattr(rule, "independence_note", ""),
                                                  "" if verdict is None else verdict.note) if x),
                }
            )
        unpredicted = int((self.points["rule"] < 0).sum())
        if unpredicted or self.tie_points:  # a row for the points no rule speaks of, when there are any
            rows.append({
                "rule": -1,
                "when": "no rule applies",
                "predicted": NO_PREDICTION,
                "expect": "",
                "points": unpredicted,
                "agree": 0,
                "agreement": float("nan"),
                "independent": False,
                "by_construction": None,
                "region": "",
                "decided": "",
                "note": f"{self.tie_points} points in the tie band, {self.exact_points} decided exactly"
                if self.tie_points else "",
            })
        table = pd.DataFrame(rows)
        table["by_construction"] = table["by_construction"].astype("boolean")
        return table

    def by_regime(self):
        """Agreement per equilibrium regime (points with a prediction)."""
        predicted = self.points[self.points["rule"] >= 0]
        table = predicted.groupby("regime", sort=True)["agree"].agg(["size", "sum", "mean"])
        table.columns = ["points", "agree", "agreement"]
        return table.reset_index()

    def divergence(self):
        """Where theory and equilibria diverge: per rule, the disagreeing points and their parameter box."""
        import pandas as pd

        rows = []
        disagree = self.points[~self.points["agree"].fillna(True).astype(bool)]
        for k, part in disagree.groupby("rule", sort=True):
            rule = self.rules[int(k)]
            row = {
                "rule": int(k),
                "when": rule.when or "always",
                "predicted": rule.outcome,
                "expect": rule.expect,
                "by_construction": self.by_construction(int(k)),
                "points": int(len(part)),
                "regimes found": "; ".join(part["regime"].value_counts().index[:3]),
            }
            for name in self.swept:
                row[name] = f"[{part[name].min():.4g}, {part[name].max():.4g}]"
            rows.append(row)
        return pd.DataFrame(rows)

    def where_it_fails(self) -> str:
        """One line for summary tables: the rule with the most disagreements and its parameter box."""
        table = self.divergence()
        if table.empty:
            return "nowhere" if self.n_predicted else "no prediction applies"
        worst = table.sort_values("points", ascending=False).iloc[0]
        box = ", ".join(f"{name} in {worst[name]}" for name in self.swept)
        return f"{worst['predicted']} ({worst['expect']}) fails at {worst['points']} points ({box}); found {worst['regimes found']}"

    def summary(self) -> dict:
        return {
            "model": self.model,
            "theory": self.theory,
            "points": self.n_points,
            "independent_points": self.independent_points,
            "independent_agreement": self.independent_agreement,
            "by_construction_rules": self.by_construction_rules,
            "undecided_rules": self.undecided_rules,
            "undecided_points": self.undecided_points,
            "rules": len(self.rules),
            "predicted": self.n_predicted,
            "agreement": self.agreement,
            "where it fails": self.where_it_fails(),
        }


def compare(model, frame, theory: str = "defensive_realism", *, tol: float = 1e-9) -> Comparison:
    """Compare a theory's predictions with a sweep's equilibria.

    Parameters
    ----------
    model : gametheory.model.Model
        The model the sweep solved (its rules are evaluated).
    frame : pandas.DataFrame
        The result of :func:`gametheory.study.sweep.sweep` for this model.
    theory : str
        A theory the model declares (``model.predictions``).

    Returns
    -------
    Comparison

    Examples
    --------
    >>> from gametheory.model import load_model
    >>> from gametheory.study.sweep import sweep
    >>> model = load_model("stag_hunt")
    >>> result = compare(model, sweep(model, grid={"temptation": [1, 3, 5, 7]}))
    >>> result.agreement
    1.0
    >>> result.points[["temptation", "predicted", "regime", "agree"]].to_string(index=False).splitlines()[1]
    '        1.0 mutual_restraint C,C | D,D | mixed   True'
    """
    from .judgement import judge_points

    judged = judge_points(model, frame, theory, tol)
    return _comparison(model, theory, frame, judged.points, judged.values, judged.rules, judged.rule_index,
                       judged.predicted, judged.expect, judged.n_equilibria, judged.agree, judged.ties)


def _comparison(model, theory, frame, points, values, rules, rule_index, predicted, expect, n_equilibria, agree,
                ties=None):
    """The per-point table of either kind of model as a :class:`Comparison` (``agree`` is NA where no rule applies)."""
    import pandas as pd

    table = pd.DataFrame(dict(values), index=points.index)
    table["predicted"] = predicted
    table["expect"] = expect
    table["rule"] = rule_index
    table["regime"] = regime_labels(frame).reindex(points.index).to_numpy()
    table["n_equilibria"] = n_equilibria
    table["agree"] = pd.array(np.where(rule_index >= 0, agree, False), dtype="boolean")
    table.loc[rule_index < 0, "agree"] = pd.NA
    from .construction import rule_verdicts, sweep_failures

    # Failures the sweep already shows settle undecided rules without solving again.
    verdicts = rule_verdicts(model, theory, seen=lambda: sweep_failures(model, frame, table.reset_index()))
    flags = np.array([v.by_construction is True for v in verdicts] + [False], dtype=bool)
    independent = np.array([bool(getattr(r, "independent", False)) for r in rules] + [False], dtype=bool)
    table["independent"] = independent[rule_index]
    table["by_construction"] = flags[rule_index]
    swept = tuple(frame.attrs.get("swept", [name for name in values if points[name].nunique() > 1]))
    tie_points = ties.tie_points if ties is not None else 0
    exact_points = ties.exact_points if ties is not None else 0
    return Comparison(model.key, theory, table.reset_index(), rules, swept, verdicts, tie_points, exact_points)
