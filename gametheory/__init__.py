"""gametheory: game-theoretic modelling of international alliances.

The engine knows games, solvers, sweeps and output; the IR models live in
``models/`` as data files. Heavy dependencies (scipy, sympy, pandas) are
imported only when a feature needs them, so ``import gametheory`` stays fast.

>>> import gametheory as gt
>>> g = gt.NormalFormGame.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]])
>>> [e.pure_profile for e in gt.solve(g).pure]
[('A1', 'B1'), ('A2', 'B2')]
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# Public name -> module that defines it; resolved on first access.
_LAZY = {
    # games and results
    "NormalFormGame": "gametheory.games.normal_form",
    "Equilibrium": "gametheory.equilibrium",
    "SolveResult": "gametheory.equilibrium",
    "certify": "gametheory.equilibrium",
    "DEFAULT_TOL": "gametheory.numerics",
    "SymbolicGame": "gametheory.games.symbolic",
    "Parameter": "gametheory.games.symbolic",
    # solvers
    "solve": "gametheory.solvers",
    "pure_equilibria": "gametheory.solvers",
    "support_enumeration": "gametheory.solvers",
    "vertex_enumeration": "gametheory.solvers",
    "lemke_howson": "gametheory.solvers",
    "iterated_dominance": "gametheory.solvers",
    "polynomial_enumeration": "gametheory.solvers",
    "DominanceResult": "gametheory.solvers.dominance",
    "DominanceStep": "gametheory.solvers.dominance",
    "PivotLimitError": "gametheory.solvers.lemke_howson",
    "solve_bimatrix_batch": "gametheory.solvers.batch",
    "pure_equilibria_batch": "gametheory.solvers.batch",
    "bimatrix_regrets_batch": "gametheory.solvers.batch",
    "BimatrixBatchResult": "gametheory.solvers.batch",
    # Gambit files
    "GameTree": "gametheory.games.extensive",
    "build_tree": "gametheory.games.extensive",
    "decision": "gametheory.games.extensive",
    "chance": "gametheory.games.extensive",
    "terminal": "gametheory.games.extensive",
    "TreeEquilibrium": "gametheory.games.extensive.equilibrium",
    "TreeSolveResult": "gametheory.games.extensive.equilibrium",
    "certify_tree": "gametheory.games.extensive.equilibrium",
    "solve_tree": "gametheory.solvers.subgame_perfection",
    "solve_tree_by_concept": "gametheory.solvers.tree_concepts",
    "perfect_bayesian_equilibria": "gametheory.solvers.perfect_bayesian",
    "read_efg": "gametheory.io.efg",
    "write_efg": "gametheory.io.efg",
    "parse_efg": "gametheory.io.efg",
    "format_efg": "gametheory.io.efg",
    "read_nfg": "gametheory.io.nfg",
    "write_nfg": "gametheory.io.nfg",
    "parse_nfg": "gametheory.io.nfg",
    "format_nfg": "gametheory.io.nfg",
    # symbolic analysis and teaching
    "analyze": "gametheory.analysis",
    "pure_equilibrium_conditions": "gametheory.analysis",
    "dominance_conditions": "gametheory.analysis",
    "mixed_equilibrium_2x2": "gametheory.analysis",
    "selection_conditions": "gametheory.analysis",
    "thresholds": "gametheory.analysis",
    "classify_batch": "gametheory.analysis.classify",
    "GameClass": "gametheory.analysis.classify",
    # models
    "load_model": "gametheory.model",
    "list_models": "gametheory.model",
    "Model": "gametheory.model",
    "ModelError": "gametheory.model",
    # other kinds of games
    "BayesianGame": "gametheory.games.bayesian",
    "SignalingGame": "gametheory.games.signaling",
    "pure_pbe": "gametheory.games.signaling",
    "RepeatedGame": "gametheory.games.repeated",
    "Automaton": "gametheory.games.repeated",
    "ContinuousGame": "gametheory.games.continuous",
    "best_response_iteration": "gametheory.games.continuous",
    "CoalitionGame": "gametheory.games.coalitional",
    "BalanceOfPower": "gametheory.games.coalitional",
    # sweeps, comparison and output
    "sweep": "gametheory.study.sweep",
    "grid": "gametheory.study.sweep",
    "samples": "gametheory.study.sweep",
    "compare": "gametheory.study.compare",
    "Comparison": "gametheory.study.compare",
    "compare_models": "gametheory.study.report",
    "equilibrium_table": "gametheory.study.tables",
    "write_table": "gametheory.study.tables",
    "regime_map": "gametheory.study.plots",
    "best_response_diagram": "gametheory.study.plots",
}

# ``sweep`` and ``compare`` live in gametheory.study, so no submodule of this
# package shares their names (importing a submodule binds its name here).
# ``explain`` and ``classify`` are not exported: import them from their
# modules, e.g. ``from gametheory.analysis.explain import explain``.
__all__ = sorted(_LAZY) + ["__version__"]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gametheory' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
