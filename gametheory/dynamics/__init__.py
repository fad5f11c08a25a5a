"""Evolutionary and learning dynamics: how populations reach equilibria, and whether they stay.

One module per concern:

* :mod:`~gametheory.dynamics.replicator`: the replicator dynamics of one
  population (symmetric games) and of two populations (bimatrix games),
  integrated over many initial states at once;
* :mod:`~gametheory.dynamics.stability`: exact rest points, Jacobian
  eigenvalues and evolutionarily stable strategies with certificates;
* :mod:`~gametheory.dynamics.multiplayer`: the same for one population
  playing a symmetric game of more than two players with two actions;
* :mod:`~gametheory.dynamics.learning`: best-response and logit dynamics,
  fictitious play and stochastic fictitious play;
* :mod:`~gametheory.dynamics.moran`: the Moran process of a finite
  population (closed-form fixation probabilities and seeded simulation);
* :mod:`~gametheory.dynamics.basins`: basins of attraction, over many
  initial states and over parameter sweeps;
* :mod:`~gametheory.dynamics.plots`: simplex phase portraits, unit-square
  vector fields and trajectories over time.

Names are imported on first use (``import gametheory`` stays fast).

>>> from gametheory.dynamics import rest_points
>>> [p.describe() for p in rest_points([[-1, 2], [0, 1]]).ess]
['1/2 S1 + 1/2 S2']
"""

from __future__ import annotations

import importlib

_LAZY = {
    "Trajectory": "replicator",
    "replicator_dynamics": "replicator",
    "asymmetric_replicator_dynamics": "replicator",
    "replicator_field": "replicator",
    "asymmetric_replicator_field": "replicator",
    "RestPoint": "stability",
    "RestPoints": "stability",
    "ESSCertificate": "stability",
    "rest_points": "stability",
    "jacobian": "stability",
    "ess_certificate": "stability",
    "evolutionarily_stable_strategies": "stability",
    "best_response_dynamics": "learning",
    "logit_dynamics": "learning",
    "fictitious_play": "learning",
    "stochastic_fictitious_play": "learning",
    "fixation_probability": "moran",
    "fixation_matrix": "moran",
    "embedded_stationary": "moran",
    "moran_process": "moran",
    "MoranResult": "moran",
    "basins_of_attraction": "basins",
    "BasinResult": "basins",
    "basin_sweep": "basins",
    "basin_points": "basins",
    "simplex_grid": "_common",
    "random_simplex": "_common",
    "is_symmetric": "_common",
    "simplex_portrait": "plots",
    "phase_plane": "plots",
    "trajectory_plot": "plots",
    "basin_plot": "plots",
    "multiplayer_rest_points": "multiplayer",
    "MultiplayerRestPoint": "multiplayer",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gametheory.dynamics' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
