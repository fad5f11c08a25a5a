"""Replicator dynamics of one population (symmetric games) and of two populations (bimatrix games).

A population state is a probability vector over actions (the shares of the
population playing each). Under the replicator dynamics (Taylor and Jonker
1978) a share grows at the rate by which its payoff exceeds the population
average:

* one population, payoff matrix ``A``: ``x_i' = x_i ((A x)_i - x . A x)``;
* two populations, row matrix ``A`` and column matrix ``B``:
  ``x_i' = x_i ((A y)_i - x . A y)`` and ``y_j' = y_j ((x B)_j - x . B y)``.

Integration
-----------
All trajectories of a call are integrated at once, as arrays of shape
``(N, k)`` (``N`` initial states), by the classical fourth-order Runge-Kutta
scheme with a fixed step: the integrator takes the fewest equal steps not
longer than ``max_step`` over the whole time span, and reads the requested
time points that fall between two steps off the cubic Hermite interpolant of
the step (dense output of the same order, costing no extra evaluation of the
field), so asking for many time points does not shorten the steps. The
default step is ``0.1 / s``, where ``s`` is the payoff spread (largest minus
smallest payoff), because the speed of the dynamics scales with payoff
differences. Runge-Kutta preserves the sum of the shares up to rounding; after
each step (and each interpolation) tiny negative shares left by rounding are set to 0 and the state is
renormalised, so every returned state lies on the simplex. The global error
is of order ``(s * max_step)**4``: against scipy's DOP853 with tolerances
``1e-12`` the default step agrees to better than ``1e-6`` over ``t`` in
``[0, 10]`` on payoffs of order 1 (largest difference ``3e-8`` over 30 random
games of 2 to 4 actions; see ``tests/test_dynamics_replicator.py``).

References
----------
Taylor, P. D., and L. B. Jonker. 1978. "Evolutionarily Stable Strategies and
Game Dynamics." Mathematical Biosciences 40: 145-156.
Hofbauer, J., and K. Sigmund. 1998. Evolutionary Games and Population
Dynamics. Cambridge University Press, ch. 7 and 10.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._common import check_states, one_population, two_populations
from ._integrate import column_sums as _column_sums
from ._integrate import integrate

__all__ = [
    "Trajectory",
    "replicator_dynamics",
    "asymmetric_replicator_dynamics",
    "replicator_field",
    "asymmetric_replicator_field",
    "integrate",
    "default_step",
    "payoff_spread",
]


@dataclass(frozen=True, eq=False)
class Trajectory:
    """States of one or two populations over time, for one or many initial states.

    Attributes
    ----------
    times : ndarray, shape (T,)
        The time points (rounds for fictitious play).
    states : tuple of ndarray
        One array per population, of shape ``(T,) + batch + (k,)``: the
        shares of the ``k`` actions at each time point, for each initial
        state in the batch (``batch`` is ``()`` for a single initial state).
    populations : tuple of str
        Population names (the game's player names).
    actions : tuple of tuple of str
        Action labels of each population.
    dynamics : str
        Which dynamics produced it.
    """

    times: np.ndarray
    states: tuple
    populations: tuple
    actions: tuple
    dynamics: str

    @property
    def final(self) -> tuple:
        """The last state of each population, shape ``batch + (k,)``."""
        return tuple(s[-1] for s in self.states)

    def __len__(self) -> int:
        return len(self.times)


# ------------------------------------------------------------------ fields
# Inside the integrator states are stored transposed, shape (..., k, N): one column per
# trajectory. A payoff matrix then multiplies all states in one small-by-wide product, which
# is many times faster than the (N, k) layout for the short action axes of games.
def _payoff_against(M: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``M @ y`` for every state (column) of ``y`` (..., l, N); ``M`` is (k, l) or (P, k, l)."""
    return M @ y


def _payoff_of_columns(MT: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``x @ M`` for every state (column) of ``x``, given ``MT``, the transposed matrix (or matrices)."""
    return MT @ x


def _average(x: np.ndarray, f: np.ndarray) -> np.ndarray:
    return _column_sums(x * f)


def _transposed(M: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.swapaxes(M, -1, -2))


class _Scratch:
    """Work arrays reused between calls of a field (allocating arrays of this size costs more than the arithmetic)."""

    def __init__(self):
        self._arrays = {}

    def get(self, key, shape) -> np.ndarray:
        array = self._arrays.get(key)
        if array is None or array.shape != shape:
            array = self._arrays[key] = np.empty(shape)
        return array


def _relative_payoff_into(M: np.ndarray, x: np.ndarray, opponent: np.ndarray, out: np.ndarray, scratch, key) -> None:
    """``out = x * (M opponent - x . M opponent)`` column by column, without allocating."""
    np.matmul(M, opponent, out=out)
    product = scratch.get((key, "product"), out.shape)
    np.multiply(x, out, out=product)
    average = scratch.get((key, "average"), out.shape[:-2] + (1, out.shape[-1]))
    np.matmul(np.ones((1, out.shape[-2])), product, out=average)
    out -= average
    out *= x


def _one_population_field(A: np.ndarray) -> Callable:
    A = np.ascontiguousarray(A)
    scratch = _Scratch()

    def field(states):
        (x,) = states
        fitness = A @ x
        return (x * (fitness - _average(x, fitness)),)

    def into(states, outs):
        _relative_payoff_into(A, states[0], states[0], outs[0], scratch, 0)

    field.into = into
    return field


def _two_population_field(A: np.ndarray, B: np.ndarray) -> Callable:
    A, BT = np.ascontiguousarray(A), _transposed(B)
    scratch = _Scratch()

    def field(states):
        x, y = states
        fx = A @ y
        fy = BT @ x
        return (x * (fx - _average(x, fx)), y * (fy - _average(y, fy)))

    def into(states, outs):
        x, y = states
        _relative_payoff_into(A, x, y, outs[0], scratch, 0)
        _relative_payoff_into(BT, y, x, outs[1], scratch, 1)

    field.into = into
    return field


def replicator_field(game, states) -> np.ndarray:
    """Velocity of the one-population replicator dynamics at ``states`` (shape ``(..., k)``).

    Examples
    --------
    >>> rps = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    >>> replicator_field(rps, [1/3, 1/3, 1/3]).round(12).tolist()
    [0.0, 0.0, 0.0]
    """
    _, A = one_population(game, exact=False)
    x = check_states(states, A.shape[0], what="state")
    flat = x.reshape(-1, A.shape[0])
    return _one_population_field(A)((flat.T,))[0].T.reshape(x.shape)


def asymmetric_replicator_field(game, x, y) -> tuple[np.ndarray, np.ndarray]:
    """Velocities ``(x', y')`` of the two-population replicator dynamics at states ``x`` and ``y``."""
    _, A, B = two_populations(game, exact=False)
    x = check_states(x, A.shape[0], what="row population state")
    y = check_states(y, A.shape[1], what="column population state")
    x, y = np.broadcast_arrays(x[..., :, None], y[..., None, :])  # align batch shapes
    x, y = x[..., :, 0], y[..., 0, :]
    shape_x, shape_y = x.shape, y.shape
    dx, dy = _two_population_field(A, B)((x.reshape(-1, A.shape[0]).T, y.reshape(-1, A.shape[1]).T))
    return dx.T.reshape(shape_x), dy.T.reshape(shape_y)


# ------------------------------------------------------------- integration
def check_timepoints(timepoints) -> np.ndarray:
    if timepoints is None:
        return np.linspace(0.0, 10.0, 1000)
    try:
        times = np.array(timepoints, dtype=float).ravel()
    except (TypeError, ValueError):
        raise TypeError(f"timepoints must be an increasing sequence of numbers, got {timepoints!r}") from None
    if times.size < 1 or not np.all(np.isfinite(times)):
        raise ValueError("timepoints must be a non-empty sequence of finite numbers")
    if np.any(np.diff(times) <= 0):
        raise ValueError("timepoints must be strictly increasing")
    return times


def payoff_spread(*matrices) -> float:
    """The largest payoff minus the smallest, over all the matrices."""
    return max(float(np.max(M) - np.min(M)) for M in matrices)


def default_step(*matrices) -> float:
    """The default fixed step ``0.1 / s`` for payoff spread ``s`` (largest minus smallest payoff)."""
    spread = payoff_spread(*matrices)
    return 0.1 / spread if spread > 0 else 1.0


def _batch(states: np.ndarray, k: int):
    """Flatten ``(..., k)`` to ``(N, k)``; return the batch shape to restore."""
    return states.reshape(-1, k), states.shape[:-1]


def _uniform(k: int) -> np.ndarray:
    return np.full(k, 1.0 / k)


def replicator_dynamics(game, x0=None, timepoints=None, *, max_step: float | None = None) -> Trajectory:
    """The one-population replicator dynamics from one or many initial states.

    Parameters
    ----------
    game : NormalFormGame or array_like
        A symmetric two-player game (``B == A.T``), or the square payoff
        matrix ``A`` of one action against another.
    x0 : array_like, optional
        Initial shares, shape ``(k,)`` or ``(..., k)`` for many initial
        states at once; default the uniform mix.
    timepoints : array_like, optional
        Increasing time points to record; default ``linspace(0, 10, 1000)``
        (as in nashpy).
    max_step : float, optional
        Longest Runge-Kutta step; default ``0.1 / payoff spread``.

    Returns
    -------
    Trajectory
        ``states[0]`` has shape ``(T,) + x0.shape``.

    Raises
    ------
    ValueError
        If the game is not symmetric or ``x0`` is not on the simplex.

    Examples
    --------
    Hawk-dove with value 2 and cost 4: the share of hawks goes to V/C = 1/2.

    >>> hawk_dove = [[(2 - 4) / 2, 2], [0, 2 / 2]]
    >>> trajectory = replicator_dynamics(hawk_dove, [0.1, 0.9], timepoints=[0, 40])
    >>> trajectory.final[0].round(6).tolist()
    [0.5, 0.5]
    """
    game, A = one_population(game, exact=False)
    k = A.shape[0]
    x0 = _uniform(k) if x0 is None else check_states(x0, k)
    times = check_timepoints(timepoints)
    flat, batch = _batch(x0, k)
    step = default_step(A) if max_step is None else max_step
    (path,) = integrate(_one_population_field(A), (flat,), times, step)
    return Trajectory(times, (path.reshape((len(times),) + batch + (k,)),), (game.players[0],),
                      (game.actions[0],), "replicator")


def asymmetric_replicator_dynamics(game, x0=None, y0=None, timepoints=None, *, max_step: float | None = None) -> Trajectory:
    """The two-population replicator dynamics of a two-player game from one or many initial states.

    Parameters
    ----------
    game : NormalFormGame
        Any two-player game: the row population plays the row player's
        actions against the column population.
    x0, y0 : array_like, optional
        Initial shares of the row and column populations, shapes
        ``(..., m)`` and ``(..., n)`` with the same batch shape; default the
        uniform mixes.
    timepoints, max_step
        As in :func:`replicator_dynamics`.

    Returns
    -------
    Trajectory
        ``states = (row shares, column shares)``.

    Examples
    --------
    Matching pennies: rows who match more often than not push the column
    population towards mismatching.

    >>> from gametheory import NormalFormGame
    >>> pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> path = asymmetric_replicator_dynamics(pennies, [0.6, 0.4], [0.5, 0.5], timepoints=[0, 1])
    >>> path.states[1][-1].round(3).tolist()
    [0.416, 0.584]
    """
    game, A, B = two_populations(game, exact=False)
    m, n = A.shape
    x0 = _uniform(m) if x0 is None else check_states(x0, m, what="row population initial state")
    y0 = _uniform(n) if y0 is None else check_states(y0, n, what="column population initial state")
    if x0.shape[:-1] != y0.shape[:-1]:
        if x0.ndim == 1:
            x0 = np.broadcast_to(x0, y0.shape[:-1] + (m,))
        elif y0.ndim == 1:
            y0 = np.broadcast_to(y0, x0.shape[:-1] + (n,))
        else:
            raise ValueError(
                f"x0 and y0 must hold the same number of initial states, got batch shapes {x0.shape[:-1]} and {y0.shape[:-1]}"
            )
    times = check_timepoints(timepoints)
    fx, batch = _batch(x0, m)
    fy, _ = _batch(y0, n)
    step = default_step(A, B) if max_step is None else max_step
    px, py = integrate(_two_population_field(A, B), (fx, fy), times, step)
    T = len(times)
    return Trajectory(times, (px.reshape((T,) + batch + (m,)), py.reshape((T,) + batch + (n,))),
                      tuple(game.players), tuple(game.actions), "asymmetric replicator")
