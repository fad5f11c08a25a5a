"""Basins of attraction: where many initial states end, for one game or over a parameter sweep.

Each initial state is followed until ``t_max`` and assigned to the rest point
it ends within ``radius`` of (largest share difference), or counted as
*unsettled* (still moving: cycles, or slow passage near a saddle). The share
of initial states ending at each rest point estimates the size of its basin.

Time is measured in units of ``1 / s`` for payoff spread ``s``: each game's
payoffs are divided by their spread (for two populations, the larger of the
two) before integration. For the replicator dynamics this leaves every orbit
unchanged (a positive rescaling of all payoffs only rescales time, and adding
a constant changes nothing), and it lets one step size serve a whole sweep.

:func:`basin_sweep` runs over a model's parameter design chunk by chunk with
:func:`gametheory.study.sweep.run_chunks` (serial, local processes or Dask;
resumable with a results directory). Within a chunk every (point, initial
state) trajectory is integrated in one vectorised pass, and every point uses
the same seeded initial states, so differences between points are not
sampling noise.
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..games.normal_form import NormalFormGame
from ..numerics import format_value
from ._common import population_count, random_simplex
from ._integrate import integrate_final
from .replicator import _one_population_field, _two_population_field, integrate

__all__ = ["basins_of_attraction", "BasinResult", "basin_sweep", "basin_points", "BASIN_DYNAMICS", "initial_states"]

#: Dynamics whose rest points are those of :func:`gametheory.dynamics.rest_points` (or a subset: the Nash ones).
BASIN_DYNAMICS = ("replicator", "best_response")

UNSETTLED = "unsettled"

#: Error control of the replicator dynamics' adaptive integration (per share, per step) and its longest step, in
#: units of ``1 / payoff spread``. Only the end state matters, and only to within ``radius``: at these
#: tolerances the end states of 10^4 random initial states of a 3x3 game differ from nashpy's by ``1e-8`` and
#: from a ten times tighter run by at most ``6e-6`` (slow passages near saddles), with the same labels. The
#: Jacobian of the rescaled field is of order 1, so steps up to 2 stay near the Dormand-Prince stability region
#: (whose boundary on the negative real axis is about -3.3); the error control catches the rest.
RTOL, ATOL, MAX_STEP = 1e-6, 1e-8, 2.0


@dataclass(frozen=True, eq=False)
class BasinResult:
    """Where the initial states ended.

    Attributes
    ----------
    rest_points : RestPoints
        The rest points of the game (float).
    initial, final : tuple of ndarray
        Initial and final states of each population, shape ``(N, k)``.
    labels : ndarray of int
        For each initial state, the index of the rest point it ended at, or
        ``-1`` if unsettled.
    dynamics : str
    t_max, radius : float
    """

    rest_points: object
    initial: tuple
    final: tuple
    labels: np.ndarray
    dynamics: str
    t_max: float
    radius: float

    @property
    def shares(self) -> np.ndarray:
        """Share of initial states ending at each rest point (in the order of ``rest_points``)."""
        n = len(self.labels)
        return np.array([np.sum(self.labels == i) / n for i in range(len(self.rest_points))])

    @property
    def unsettled(self) -> float:
        return float(np.mean(self.labels < 0))

    def table(self):
        """A :class:`pandas.DataFrame`: one row per rest point (and one for unsettled states)."""
        import pandas as pd

        rows = []
        for point, share in zip(self.rest_points, self.shares):
            rows.append({"rest_point": point.describe(), "stability": point.stability, "ess": point.is_ess,
                         "basin": float(share)})
        if self.unsettled:
            rows.append({"rest_point": UNSETTLED, "stability": "", "ess": False, "basin": self.unsettled})
        return pd.DataFrame(rows)


def initial_states(shape: tuple, n: int, *, seed=0) -> tuple:
    """``n`` seeded initial states drawn uniformly from each population's simplex."""
    rng = np.random.default_rng(seed)
    return tuple(random_simplex(k, n, seed=rng) for k in shape)


def _check_dynamics(dynamics: str) -> str:
    if dynamics not in BASIN_DYNAMICS:
        raise ValueError(f"unknown dynamics {dynamics!r} for basins; choose one of {list(BASIN_DYNAMICS)}")
    return dynamics


def _field(dynamics: str, matrices):
    if dynamics == "replicator":
        return (_one_population_field(*matrices) if len(matrices) == 1 else _two_population_field(*matrices)), "rk4", None
    from .learning import _best_reply, _payoffs

    def field(states):
        return tuple(_best_reply(v, 1e-9) - s for v, s in zip(_payoffs(matrices, states), states))

    return field, "euler", 0.02


def _normalised(matrices: list[np.ndarray]) -> list[np.ndarray]:
    """Each game's payoffs divided by its spread (the larger of the populations'); games on axis 0."""
    spreads = [np.ptp(M.reshape(M.shape[0], -1), axis=1) for M in matrices]
    spread = np.maximum.reduce(spreads)
    spread = np.where(spread > 0, spread, 1.0)
    return [M / spread[:, None, None] for M in matrices]


def _finals(dynamics, matrices, initial, t_max):
    """Integrate every (game, initial state) pair; ``matrices`` have games on axis 0."""
    P = matrices[0].shape[0]
    matrices = _normalised(matrices)
    if P == 1:  # one game: plain matrix products are fastest
        matrices, states = [M[0] for M in matrices], tuple(initial)
    else:
        states = tuple(np.broadcast_to(x, (P,) + x.shape).copy() for x in initial)  # (P, N, k)
    field, method, step = _field(dynamics, matrices)
    if method == "rk4":
        # Only the end states matter: every trajectory gets its own adaptive step.
        ends = integrate_final(field, states, float(t_max), rtol=RTOL, atol=ATOL, max_step=MAX_STEP)
    else:
        ends = tuple(p[-1] for p in integrate(field, states, np.array([0.0, float(t_max)]), step, method=method))
    return tuple(e.reshape((P,) + x.shape) for e, x in zip(ends, initial))


def _label(final: tuple, points, radius: float) -> np.ndarray:
    """Index of the rest point each final state is within ``radius`` of, or -1."""
    N = final[0].shape[0]
    labels = np.full(N, -1, dtype=np.int64)
    best = np.full(N, np.inf)
    for index, point in enumerate(points):
        distance = np.max([np.abs(f - np.asarray(x, dtype=float)).max(axis=1) for f, x in zip(final, point.state)], axis=0)
        closer = (distance <= radius) & (distance < best)
        labels[closer] = index
        best[closer] = distance[closer]
    return labels


def _default_time(dynamics: str, t_max) -> float:
    if t_max is None:
        return 100.0 if dynamics == "replicator" else 20.0
    return float(_check_positive(t_max, "t_max"))


def _check_positive(value, what: str, integer: bool = False):
    ok = isinstance(value, numbers.Integral if integer else numbers.Real) and not isinstance(value, bool) and value > 0
    if not ok:
        raise ValueError(f"{what} must be a positive {'integer' if integer else 'number'}, got {value!r}")
    return value


def basins_of_attraction(game, *, dynamics: str = "replicator", initial=1000, seed=0, t_max: float | None = None,
           radius: float = 1e-3, populations: int | None = None, tol: float | None = None) -> BasinResult:
    """Basins of attraction of the rest points of ``game`` under ``dynamics``.

    Parameters
    ----------
    game : NormalFormGame or array_like
    dynamics : {"replicator", "best_response"}
    initial : int or array_like or tuple of array_like
        A number of seeded uniform initial states, or the states themselves
        (``(N, k)``; a pair for two populations).
    seed : int
        Seed of the initial states.
    t_max : float, optional
        Integration time, in units of ``1 / payoff spread``; default 100 for
        the replicator dynamics (adaptive Dormand-Prince steps, one size per initial state) and 20 for the best-response
        dynamics (Euler steps of 0.02), whose distance to its target shrinks
        like ``exp(-t)``.
    radius : float
        A state within this distance (largest share difference) of a rest
        point has settled there.
    populations : {1, 2}, optional

    Examples
    --------
    Stag hunt R=4, T=3, P=2, S=0: restraint's basin is the share of states
    with more than 2/3 restrainers.

    >>> result = basins_of_attraction([[4, 0], [3, 2]], initial=4000, seed=1)
    >>> [(p.describe(), round(float(s), 2)) for p, s in zip(result.rest_points, result.shares)]
    [('S1', 0.33), ('S2', 0.67), ('0.6667 S1 + 0.3333 S2', 0.0)]
    """
    from .stability import rest_points
    from ._common import check_states, one_population, two_populations

    dynamics = _check_dynamics(dynamics)
    populations = population_count(game, populations)
    if populations == 1:
        game, A = one_population(game, exact=False)
        matrices = [A]
    else:
        game, A, B = two_populations(game, exact=False)
        matrices = [A, B]
    shape = (A.shape[0],) if populations == 1 else A.shape
    if isinstance(initial, numbers.Integral) and not isinstance(initial, bool):
        states = initial_states(shape, _check_positive(initial, "initial", integer=True), seed=seed)
    else:
        given = (initial,) if populations == 1 else tuple(initial)
        if len(given) != populations:
            raise ValueError(f"initial must give states for each of the {populations} populations")
        states = tuple(check_states(s, k).reshape(-1, k) for s, k in zip(given, shape))
    t_max = _default_time(dynamics, t_max)
    _check_positive(radius, "radius")
    float_game = game.as_float()
    points = rest_points(float_game, populations=populations, tol=tol)
    finals = _finals(dynamics, [M[None] for M in matrices], states, t_max)
    final = tuple(f[0] for f in finals)
    return BasinResult(points, states, final, _label(final, points.points, radius), dynamics, float(t_max), float(radius))


# -------------------------------------------------------------------- sweeps
def _outcome(point) -> str:
    game = point.game
    if all(len(s) == 1 for s in point.supports):
        return ",".join(game.actions[p][s[0]] for p, s in enumerate(point.supports))
    return "mixed"


def basin_points(model, part: Mapping[str, np.ndarray], *, fixed: Mapping | None = None, dynamics: str = "replicator",
                 n_initial: int = 500, seed: int = 0, t_max: float | None = None, radius: float = 1e-3,
                 populations: int | None = None, tol: float | None = None):
    """The sweep task: basins at every point of one chunk of a design (``point`` local to the chunk).

    Module-level and picklable (with :func:`functools.partial`), so worker
    processes and Dask can run it.
    """
    import pandas as pd

    from .stability import rest_points

    fixed = dict(fixed or {})
    n = len(next(iter(part.values()))) if part else 1
    arrays = {name: np.asarray(values, dtype=float) for name, values in part.items()}
    arrays.update({name: np.broadcast_to(np.float64(value), (n,)) for name, value in fixed.items()})
    payoffs = model.payoff_arrays(**arrays)
    if len(payoffs) != 2:
        raise ValueError(f"basins need a two-player model; {model.key!r} has {len(payoffs)} players")
    A, B = (np.broadcast_to(M, (n,) + M.shape[-2:]).astype(float) for M in payoffs)
    players, actions = model.players, model.actions
    template = NormalFormGame([A[0], B[0]], players=players, actions=actions, exact=False)
    populations = population_count(template, populations)
    matrices = [A] if populations == 1 else [A, B]
    shape = (A.shape[1],) if populations == 1 else A.shape[1:]
    states = initial_states(shape, n_initial, seed=seed)
    finals = _finals(_check_dynamics(dynamics), matrices, states, _default_time(dynamics, t_max))
    rows: dict[str, list] = {}

    def add(key, value):
        rows.setdefault(key, []).append(value)

    names = [p.name for p in model.parameters]
    for point in range(n):
        game = NormalFormGame([A[point], B[point]], players=players, actions=actions, exact=False)
        found = rest_points(game, populations=populations, tol=tol)
        final = tuple(f[point] for f in finals)
        labels = _label(final, found.points, radius)
        entries = [(i, p) for i, p in enumerate(found.points) if p.is_stable or np.any(labels == i)]
        unsettled = float(np.mean(labels < 0))
        for index, rest in entries + ([(-1, None)] if unsettled > 0 else []):
            add("point", point)
            for name in names:
                value = arrays[name][point] if name in arrays else float(model.defaults[name])
                add(name, float(value))
            add("rest_point", _outcome(rest) if rest is not None else UNSETTLED)
            add("description", rest.describe() if rest is not None else UNSETTLED)
            for p in range(populations):
                label = players[p] if populations == 2 else players[0]
                for a, action in enumerate(actions[p]):
                    add(f"{label}:{action}", float(rest.state[p][a]) if rest is not None else np.nan)
            add("stability", rest.stability if rest is not None else "")
            add("ess", bool(rest is not None and rest.is_ess))
            add("basin", float(np.mean(labels == index)) if rest is not None else unsettled)
            add("n_initial", int(n_initial))
    return pd.DataFrame(rows)


def basin_sweep(model, grid: Mapping | None = None, samples: int | None = None, *, fixed: Mapping | None = None,
                dynamics: str = "replicator", n_initial: int = 500, seed: int = 0, t_max: float | None = None,
                radius: float = 1e-3, populations: int | None = None, tol: float | None = None,
                executor: str = "serial", workers: int | None = None, scheduler: str | None = None,
                chunk_size: int = 200, directory=None, resume: bool = False, progress: bool = False):
    """Basins of attraction at every point of a model's parameter design.

    Parameters
    ----------
    model : gametheory.model.Model
        A two-player normal-form model (one population when its game is
        symmetric, unless ``populations=2``).
    grid, samples
        The design, as for :func:`gametheory.study.sweep.sweep`.
    fixed : mapping, optional
        Values of parameters that are not swept.
    dynamics, n_initial, seed, t_max, radius, populations, tol
        As in :func:`basins_of_attraction` (``n_initial`` seeded initial states, the same
        at every point).
    executor, workers, scheduler, chunk_size, directory, resume, progress
        How chunks run and where they are kept
        (:func:`gametheory.study.sweep.run_chunks`).

    Returns
    -------
    pandas.DataFrame
        One row per (point, rest point that is stable or attracts some
        initial states), plus an ``unsettled`` row where some states had not
        settled: ``point``, the parameters, ``rest_point`` (the pure profile
        or ``mixed``), ``description``, the shares ``<population>:<action>``,
        ``stability``, ``ess``, ``basin`` (share of initial states) and
        ``n_initial``.

    Examples
    --------
    >>> from gametheory.model import load_model
    >>> frame = basin_sweep(load_model("stag_hunt"), grid={"temptation": [1, 3]}, n_initial=400)
    >>> print(frame[["temptation", "rest_point", "basin"]].to_string(index=False))
     temptation rest_point  basin
            1.0          C 0.6075
            1.0          D 0.3925
            3.0          C 0.3425
            3.0          D 0.6575

    The exact basins are 3/5 and 1/3 for restraint (more than ``(P - S) /
    (R - T + P - S)`` restrainers at the start); 400 draws estimate them
    within sampling error.
    """
    from ..study.sweep import run_chunks
    from ..study.sweep.model_sweep import _check_names, _check_range, model_fingerprint, sweep_design

    _check_dynamics(dynamics)
    _check_positive(n_initial, "n_initial", integer=True)
    t_max = _default_time(dynamics, t_max)
    design = sweep_design(model, grid, samples, seed=seed)
    known = {p.name: p for p in model.parameters}
    fixed = dict(fixed or {})
    _check_names(fixed, known, model)
    for name, value in fixed.items():
        fixed[name] = float(known[name].check(value, what="fixed value"))
    for name, values in design.items():
        _check_range(known[name], values)
    task = functools.partial(basin_points, model, fixed=fixed, dynamics=dynamics, n_initial=n_initial, seed=seed,
                             t_max=t_max, radius=radius, populations=populations, tol=tol)
    spec = {"task": "basins", "model": model.key, "model_fingerprint": model_fingerprint(model), "fixed": fixed,
            "dynamics": dynamics, "n_initial": n_initial, "seed": seed, "t_max": t_max, "radius": radius,
            "populations": populations, "tol": tol, "version": 1}
    frame = run_chunks(task, design, chunk_size=chunk_size, executor=executor, workers=workers, scheduler=scheduler,
                       directory=directory, resume=resume, progress=progress, spec=spec,
                       description=f"basins {model.key}")
    frame.attrs["model"] = model.key
    frame.attrs["swept"] = list(design)
    frame.attrs["fixed"] = fixed
    return frame
