"""Learning dynamics: best-response and logit dynamics, fictitious play and stochastic fictitious play.

Every function works for one population (a symmetric game played against
itself) or two populations (the row and column players of any two-player
game), and over many initial states at once (arrays ``(..., k)``).

* Best-response dynamics (Gilboa and Matsui 1991): ``x' = b(x) - x``, where
  ``b(x)`` is a best reply to the current state (the uniform mix over tied
  best replies). The field is discontinuous, so it is integrated by Euler
  steps (default ``0.01``), each of which moves the state a fraction of the
  way towards a pure best reply.
* Logit dynamics (Fudenberg and Levine 1998; Hofbauer and Sandholm 2002):
  ``x' = softmax(payoffs / noise) - x``; its rest points are the logit
  quantal response equilibria (McKelvey and Palfrey 1995). Integrated by
  fourth-order Runge-Kutta.
* Fictitious play (Brown 1951): each round every player best-responds to the
  empirical frequency of the other's past play (in one population, to its own
  past play); ties go to the lowest-numbered action, so runs are
  deterministic. The trajectory records the empirical frequencies.
* Stochastic fictitious play (Fudenberg and Kreps 1993): the same beliefs,
  but each round's action is drawn from the logit response to them with a
  seeded generator.

References
----------
Brown, G. W. 1951. "Iterative Solution of Games by Fictitious Play." In Activity Analysis of
Production and Allocation, ed. T. C. Koopmans, 374-376. New York: Wiley.
Gilboa, I., and A. Matsui. 1991. "Social Stability and Equilibrium." Econometrica 59: 859-867.
Fudenberg, D., and D. M. Kreps. 1993. "Learning Mixed Equilibria." Games and Economic Behavior 5: 320-367.
McKelvey, R. D., and T. R. Palfrey. 1995. "Quantal Response Equilibria for Normal Form Games."
Games and Economic Behavior 10: 6-38.
Fudenberg, D., and D. K. Levine. 1998. The Theory of Learning in Games. MIT Press, ch. 2 and 4.
Hofbauer, J., and W. H. Sandholm. 2002. "On the Global Convergence of Stochastic Fictitious Play."
Econometrica 70: 2265-2294.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ..numerics import scaled_tolerance
from ._common import check_states, one_population, population_count, two_populations
from .replicator import (
    Trajectory,
    _payoff_against,
    _payoff_of_columns,
    check_timepoints,
    payoff_spread,
    integrate,
)

__all__ = ["best_response_dynamics", "logit_dynamics", "fictitious_play", "stochastic_fictitious_play"]


def _setup(game, x0, y0, populations, *, what="initial state"):
    """Matrices, flattened initial states, batch shape, names and labels for one or two populations."""
    populations = population_count(game, populations)
    if populations == 1:
        if y0 is not None:
            raise ValueError("y0 is the column population's initial state: give it only with populations=2")
        game, A = one_population(game, exact=False)
        k = A.shape[0]
        x0 = np.full(k, 1.0 / k) if x0 is None else check_states(x0, k, what=what)
        return game, (A,), (x0.reshape(-1, k),), x0.shape[:-1], (game.players[0],), (game.actions[0],)
    game, A, B = two_populations(game, exact=False)
    m, n = A.shape
    x0 = np.full(m, 1.0 / m) if x0 is None else check_states(x0, m, what=f"row population {what}")
    y0 = np.full(n, 1.0 / n) if y0 is None else check_states(y0, n, what=f"column population {what}")
    if x0.shape[:-1] != y0.shape[:-1]:
        if x0.ndim == 1:
            x0 = np.broadcast_to(x0, y0.shape[:-1] + (m,))
        elif y0.ndim == 1:
            y0 = np.broadcast_to(y0, x0.shape[:-1] + (n,))
        else:
            raise ValueError(f"x0 and y0 must hold the same number of initial states, got {x0.shape[:-1]} and {y0.shape[:-1]}")
    return (game, (A, B), (x0.reshape(-1, m), y0.reshape(-1, n)), x0.shape[:-1], tuple(game.players),
            tuple(game.actions))


def _payoffs(matrices, states):
    """Each population's payoff of every action against the current states, in the integrator's
    transposed layout (states and payoffs of shape (..., k, N))."""
    if len(matrices) == 1:
        (A,), (x,) = matrices, states
        return (_payoff_against(A, x),)
    (A, B), (x, y) = matrices, states
    return (_payoff_against(A, y), _payoff_of_columns(np.swapaxes(B, -1, -2), x))


def _best_reply(values: np.ndarray, slack: float) -> np.ndarray:
    """The uniform mix over the actions within ``slack`` of the best (along the action axis -2)."""
    best = values.max(axis=-2, keepdims=True)
    mask = (values >= best - slack).astype(float)
    return mask / mask.sum(axis=-2, keepdims=True)


def _softmax(values: np.ndarray, noise: float, axis: int = -2) -> np.ndarray:
    scaled = (values - values.max(axis=axis, keepdims=True)) / noise
    weights = np.exp(scaled)
    return weights / weights.sum(axis=axis, keepdims=True)


def _trajectory(times, paths, batch, names, labels, dynamics) -> Trajectory:
    T = len(times)
    states = tuple(p.reshape((T,) + batch + (p.shape[-1],)) for p in paths)
    return Trajectory(times, states, names, labels, dynamics)


def _positive(value, what: str) -> float:
    if not isinstance(value, numbers.Real) or isinstance(value, bool) or not (value > 0) or not math.isfinite(value):
        raise ValueError(f"{what} must be a positive number, got {value!r}")
    return float(value)


def best_response_dynamics(game, x0=None, y0=None, timepoints=None, *, populations: int | None = None,
                           max_step: float = 0.01, tol: float | None = None) -> Trajectory:
    """The best-response dynamics ``x' = b(x) - x`` from one or many initial states.

    Parameters
    ----------
    game : NormalFormGame or array_like
        A two-player game or a square payoff matrix (one population).
    x0, y0 : array_like, optional
        Initial states (``y0`` only for two populations); default uniform.
    timepoints : array_like, optional
        Time points to record; default ``linspace(0, 10, 1000)``.
    populations : {1, 2}, optional
        Default one for symmetric games, two otherwise.
    max_step : float
        Euler step.
    tol : float, optional
        Payoffs within ``tol`` (scaled by the payoff size) of the best count
        as tied best replies.

    Examples
    --------
    In the coordination game below the population heads for the action that
    is the best reply at the start.

    >>> path = best_response_dynamics([[2, 0], [0, 1]], [0.4, 0.6], timepoints=[0, 20])
    >>> path.final[0].round(6).tolist()
    [1.0, 0.0]
    """
    game, matrices, states, batch, names, labels = _setup(game, x0, y0, populations)
    times = check_timepoints(timepoints)
    slack = scaled_tolerance(tol, max(float(np.abs(M).max()) for M in matrices))

    def field(current):
        replies = [_best_reply(v, slack) for v in _payoffs(matrices, current)]
        return tuple(b - s for b, s in zip(replies, current))

    paths = integrate(field, states, times, _positive(max_step, "max_step"), method="euler")
    return _trajectory(times, paths, batch, names, labels, "best response")


def logit_dynamics(game, x0=None, y0=None, timepoints=None, *, noise: float = 0.1, populations: int | None = None,
                   max_step: float | None = None) -> Trajectory:
    """The logit dynamics ``x' = softmax(payoffs / noise) - x`` from one or many initial states.

    ``noise`` is the logit temperature (``1 / lambda`` of the quantal
    response literature): small noise approaches best replies, large noise
    uniform play. The default step is ``0.05 * min(1, noise / payoff spread)``.

    Examples
    --------
    >>> path = logit_dynamics([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [0.5, 0.3, 0.2], timepoints=[0, 60], noise=0.5)
    >>> path.final[0].round(4).tolist()
    [0.3333, 0.3333, 0.3333]
    """
    game, matrices, states, batch, names, labels = _setup(game, x0, y0, populations)
    noise = _positive(noise, "noise")
    times = check_timepoints(timepoints)
    if max_step is None:
        spread = payoff_spread(*matrices)
        max_step = 0.05 * min(1.0, noise / spread) if spread > 0 else 0.05

    def field(current):
        return tuple(_softmax(v, noise) - s for v, s in zip(_payoffs(matrices, current), current))

    paths = integrate(field, states, times, max_step)
    return _trajectory(times, paths, batch, names, labels, "logit")


def _initial_counts(counts, matrices, populations: int, what: str):
    """Initial play counts per population as float arrays (N, k); default all zero."""
    sizes = [matrices[0].shape[0]] if populations == 1 else list(matrices[0].shape)
    if counts is None:
        return [np.zeros((1, k)) for k in sizes], ()
    if populations == 1:
        counts = [counts]
    elif not isinstance(counts, (list, tuple)) or len(counts) != 2:
        raise ValueError(f"{what} for two populations must be a pair (row counts, column counts)")
    arrays = []
    for k, c in zip(sizes, counts):
        array = np.array(c, dtype=float)
        if array.ndim == 0 or array.shape[-1] != k:
            raise ValueError(f"{what} must have {k} entries on the last axis (one per action), got shape {array.shape}")
        if not np.all(np.isfinite(array)) or np.any(array < 0):
            raise ValueError(f"{what} must be non-negative finite numbers")
        arrays.append(array)
    batch = np.broadcast_shapes(*(a.shape[:-1] for a in arrays))
    arrays = [np.broadcast_to(a, batch + a.shape[-1:]).reshape(-1, a.shape[-1]).copy() for a in arrays]
    return arrays, batch


def _check_iterations(iterations) -> int:
    if not isinstance(iterations, numbers.Integral) or isinstance(iterations, bool) or iterations < 1:
        raise ValueError(f"iterations must be a positive integer, got {iterations!r}")
    return int(iterations)


def _frequencies(counts: np.ndarray) -> np.ndarray:
    total = counts.sum(axis=-1, keepdims=True)
    k = counts.shape[-1]
    return np.where(total > 0, counts / np.where(total > 0, total, 1.0), 1.0 / k)


def _play_loop(matrices, counts, iterations, choose, record_every):
    """Run fictitious-play rounds; ``choose(payoffs, population)`` gives the action index per run."""
    populations = len(counts)
    times = [0]
    recorded = [[_frequencies(c)] for c in counts]
    rows = np.arange(counts[0].shape[0])
    for round_ in range(1, iterations + 1):
        beliefs = [_frequencies(c).T for c in counts]
        # Each player best-responds to the others' past play (one population: to its own).
        values = [v.T for v in _payoffs(matrices, beliefs)]
        plays = [choose(values[p], p) for p in range(populations)]
        for p in range(populations):
            counts[p][rows, plays[p]] += 1.0
        if round_ % record_every == 0 or round_ == iterations:
            times.append(round_)
            for p in range(populations):
                recorded[p].append(_frequencies(counts[p]))
    return np.array(times, dtype=float), [np.stack(r) for r in recorded]


def fictitious_play(game, iterations: int, initial_counts=None, *, populations: int | None = None,
                    record_every: int = 1) -> Trajectory:
    """Fictitious play (Brown 1951) for ``iterations`` rounds, over one or many initial play counts.

    Parameters
    ----------
    game : NormalFormGame or array_like
    iterations : int
        Rounds of play.
    initial_counts : array_like or pair, optional
        Fictitious past play: counts ``(..., k)`` for one population, a pair
        ``(row counts, column counts)`` for two; default none (the first
        round best-responds to the uniform mix).
    populations : {1, 2}, optional
    record_every : int
        Record the empirical frequencies every this many rounds (and at the end).

    Returns
    -------
    Trajectory
        Empirical frequencies of play; ``times`` are round numbers.

    Examples
    --------
    In matching pennies the empirical frequencies approach the mixed
    equilibrium (Robinson 1951).

    >>> from gametheory import NormalFormGame
    >>> pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> path = fictitious_play(pennies, 20000, ([1, 0], [0, 1]))
    >>> [s.round(2).tolist() for s in path.final]
    [[0.5, 0.5], [0.5, 0.5]]
    """
    populations = population_count(game, populations)
    game, matrices, _, _, names, labels = _setup(game, None, None, populations)
    iterations = _check_iterations(iterations)
    record_every = _check_iterations(record_every)
    counts, batch = _initial_counts(initial_counts, matrices, populations, "initial_counts")
    times, paths = _play_loop(matrices, counts, iterations, lambda values, p: values.argmax(axis=-1), record_every)
    return _trajectory(times, paths, batch, names, labels, "fictitious play")


def stochastic_fictitious_play(game, iterations: int, initial_counts=None, *, noise: float = 0.1, runs: int = 1,
                               seed=None, populations: int | None = None, record_every: int = 1) -> Trajectory:
    """Stochastic fictitious play: actions drawn from the logit response to the empirical frequencies.

    Parameters
    ----------
    game, iterations, initial_counts, populations, record_every
        As in :func:`fictitious_play`.
    noise : float
        Logit temperature of the response.
    runs : int
        Independent runs from each initial count (a leading batch axis when
        ``runs > 1``).
    seed : int or numpy.random.Generator, optional
        The same seed gives the same runs.

    Examples
    --------
    >>> path = stochastic_fictitious_play([[-1, 2], [0, 1]], 4000, noise=0.05, runs=50, seed=1)
    >>> round(float(path.final[0][:, 0].mean()), 1)
    0.5
    """
    populations = population_count(game, populations)
    game, matrices, _, _, names, labels = _setup(game, None, None, populations)
    iterations = _check_iterations(iterations)
    record_every = _check_iterations(record_every)
    runs = _check_iterations(runs)
    noise = _positive(noise, "noise")
    counts, batch = _initial_counts(initial_counts, matrices, populations, "initial_counts")
    if runs > 1:
        counts = [np.repeat(c, runs, axis=0) for c in counts]
        batch = (runs,) + batch if batch else (runs,)
        # Runs vary fastest within each initial count; reorder to put runs first.
    rng = np.random.default_rng(seed)

    def choose(values, p):
        probabilities = _softmax(values, noise, axis=-1)
        draws = rng.random((values.shape[0], 1))
        return np.minimum((probabilities.cumsum(axis=-1) < draws).sum(axis=-1), values.shape[-1] - 1)

    times, paths = _play_loop(matrices, counts, iterations, choose, record_every)
    if runs > 1 and len(batch) > 1:
        # (T, initial, runs, k) -> (T, runs, initial, k)
        inner = batch[1:]
        paths = [p.reshape((len(times),) + inner + (runs, p.shape[-1])) for p in paths]
        paths = [np.moveaxis(p, -2, 1) for p in paths]
    return _trajectory(times, paths, batch, names, labels, "stochastic fictitious play")
