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
    "NormalFormGame": "gametheory.game",
    "Equilibrium": "gametheory.equilibrium",
    "SolveResult": "gametheory.equilibrium",
    "certify": "gametheory.equilibrium",
    "DEFAULT_TOL": "gametheory.numerics",
    "SymbolicGame": "gametheory.symbolic_game",
    "Parameter": "gametheory.symbolic_game",
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
    "solve_bimatrix_batch": "gametheory.batch",
    "pure_equilibria_batch": "gametheory.batch",
    "bimatrix_regrets_batch": "gametheory.batch",
    "BimatrixBatchResult": "gametheory.batch",
    # Gambit files
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
    "classify_batch": "gametheory.classify",
    "GameClass": "gametheory.classify",
    # models
    "load_model": "gametheory.model",
    "list_models": "gametheory.model",
    "Model": "gametheory.model",
    "ModelError": "gametheory.model",
    # other kinds of games
    "BayesianGame": "gametheory.bayesian",
    "SignalingGame": "gametheory.signaling",
    "pure_pbe": "gametheory.signaling",
    "RepeatedGame": "gametheory.repeated",
    "Automaton": "gametheory.repeated",
    "ContinuousGame": "gametheory.continuous",
    "best_response_iteration": "gametheory.continuous",
    "CoalitionGame": "gametheory.coalitions",
    "BalanceOfPower": "gametheory.coalitions",
    # sweeps, comparison and output
    "grid": "gametheory.sweep",
    "samples": "gametheory.sweep",
    "Comparison": "gametheory.compare",
    "compare_models": "gametheory.study",
    "equilibrium_table": "gametheory.tables",
    "write_table": "gametheory.tables",
    "regime_map": "gametheory.plots",
    "best_response_diagram": "gametheory.plots",
}

# Functions named like their modules (explain, compare, classify, sweep) are
# not exported here: importing the submodule would rebind the package
# attribute to the module. Import them from their modules, e.g.
# ``from gametheory.compare import compare``.
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
