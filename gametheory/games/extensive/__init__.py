"""Extensive-form games: game trees with chance moves and information sets.

- :mod:`.tree`: :class:`GameTree`, the immutable tree in flat arrays;
- :mod:`.arrays`: what those arrays encode (:data:`CHANCE`, :data:`TERMINAL`), their checks and conversions;
- :mod:`.build`: :func:`decision`, :func:`chance`, :func:`terminal`, :func:`build_tree`;
- :mod:`.conversions`: the reduced strategic form, mixed and behaviour strategies (Kuhn),
  expected payoffs and the path of a profile;
- :mod:`.equilibrium`: :class:`TreeEquilibrium`, :class:`TreeSolveResult` and their certificates
  (regrets at the root and in every subgame);
- :mod:`.render`: text, matplotlib figure and TikZ; :mod:`.explain`: backward induction step by step.

Solvers live in :mod:`gametheory.solvers.backward_induction` and
:mod:`gametheory.solvers.subgame_perfection` (:func:`~gametheory.solvers.subgame_perfection.solve_tree`).
"""

from __future__ import annotations

import importlib

_LAZY = {
    "GameTree": "tree",
    "InfoSet": "tree",
    "CHANCE": "tree",
    "TERMINAL": "tree",
    "decision": "build",
    "chance": "build",
    "terminal": "build",
    "build_tree": "build",
    "reduced_strategic_form": "conversions",
    "StrategicForm": "conversions",
    "behavior_to_mixed": "conversions",
    "mixed_to_behavior": "conversions",
    "expected_payoffs": "conversions",
    "outcome_distribution": "conversions",
    "reach_probabilities": "conversions",
    "check_behavior": "conversions",
    "pure_behavior": "conversions",
    "TreeEquilibrium": "equilibrium",
    "TreeSolveResult": "equilibrium",
    "certify_tree": "equilibrium",
    "subgame_roots": "equilibrium",
    "tree_text": "render",
    "tree_tikz": "render",
    "tree_figure": "render",
    "short_node_name": "render",
    "explain_backward_induction": "explain",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gametheory.games.extensive' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
