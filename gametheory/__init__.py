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
    "NormalFormGame": "gametheory.game",
    "Equilibrium": "gametheory.equilibrium",
    "SolveResult": "gametheory.equilibrium",
    "certify": "gametheory.equilibrium",
    "DEFAULT_TOL": "gametheory.numerics",
    "solve": "gametheory.solvers",
    "pure_equilibria": "gametheory.solvers",
    "support_enumeration": "gametheory.solvers",
    "vertex_enumeration": "gametheory.solvers",
    "lemke_howson": "gametheory.solvers",
    "iterated_dominance": "gametheory.solvers",
    "polynomial_enumeration": "gametheory.solvers",
    "read_nfg": "gametheory.io.nfg",
    "write_nfg": "gametheory.io.nfg",
    "parse_nfg": "gametheory.io.nfg",
    "format_nfg": "gametheory.io.nfg",
}

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
