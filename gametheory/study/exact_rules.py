"""Which rule applies at each grid point, decided exactly where floats cannot (the comparison's entry).

The evaluation itself lives in :mod:`gametheory.analysis.rule_evaluation`, so
the model layer (:meth:`gametheory.model.Model.predict`), the comparison and
the figures decide rules the same way: conditions in floats with a tie band
(``tol * max(1, |lhs|, |rhs|)``), every point inside the band decided again in
rational arithmetic at exact grid points (short decimals) and with the
tolerance elsewhere.

Examples
--------
>>> import numpy as np
>>> from gametheory.model import load_model
>>> model = load_model("stag_hunt")
>>> rules = model.theory("defensive_realism").rules
>>> values = {p.name: np.array([float(p.default)]) for p in model.parameters}
>>> evaluate_rules(rules, model.parameters, values).index.tolist()
[0]
"""

from __future__ import annotations

from ..analysis.rule_evaluation import MAX_EXACT_DIGITS, RuleEvaluation, evaluate_rules

__all__ = ["RuleEvaluation", "evaluate_rules", "MAX_EXACT_DIGITS"]
