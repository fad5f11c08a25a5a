"""Symbolic analysis of games: where in parameter space each outcome holds, and why.

- :mod:`.conditions`: conditions for pure equilibria and dominance;
- :mod:`.simplify`: conditions simplified within the parameters' declared ranges;
- :mod:`.mixed`: the closed-form mixed equilibrium of 2x2 games (indifference);
- :mod:`.selection`: selection conditions (payoff and risk dominance);
- :mod:`.regimes`: thresholds and regimes along one parameter (:func:`thresholds`);
- :mod:`.report`: everything at once (:func:`analyze`); :mod:`.formatting`: text and LaTeX;
- :mod:`.explain`: a game's solution step by step, for class (:func:`gametheory.analysis.explain.explain`);
- :mod:`.classify`: the Robinson-Goforth classification of 2x2 ordinal games.

Names are imported on first use, so ``import gametheory.analysis`` does not load sympy.

>>> from gametheory.analysis import analyze
>>> analyze.__module__
'gametheory.analysis.report'
"""

from __future__ import annotations

import importlib

_LAZY = {
    "Condition": "conditions",
    "ProfileCondition": "conditions",
    "DominanceCondition": "conditions",
    "pure_equilibrium_conditions": "conditions",
    "dominance_conditions": "conditions",
    "simplify_condition": "simplify",
    "MixedClosedForm": "mixed",
    "mixed_equilibrium_2x2": "mixed",
    "SelectionConditions": "selection",
    "selection_conditions": "selection",
    "CutPoint": "regimes",
    "Regime": "regimes",
    "ThresholdResult": "regimes",
    "thresholds": "regimes",
    "Analysis": "report",
    "analyze": "report",
    "GameClass": "classify",
    "GameType": "classify",
    "classify_batch": "classify",
    "strict_ordinal_games": "classify",
}

# ``explain`` and ``classify`` are functions named like their modules: import
# them from the modules (``from gametheory.analysis.explain import explain``),
# as importing a submodule rebinds the package attribute to the module.
__all__ = sorted(_LAZY)


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gametheory.analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
