"""Vectorised integrators of the dynamics: fixed-step Runge-Kutta with dense output, and adaptive Dormand-Prince.

Every integrator works on a tuple of state arrays (one per population) in
the transposed layout ``(..., k_p, N)``: one column per trajectory, so a
payoff matrix multiplies all states in one small-by-wide product.

* :func:`integrate` records a trajectory at requested time points. The
  classical fourth-order Runge-Kutta scheme marches with equal steps not
  longer than ``max_step`` over the whole time span, independently of how
  densely the time points are asked for; a time point between two steps is
  read off the cubic Hermite interpolant of the two end states and their
  velocities (the velocity at a step's end is the first stage of the next
  step, so the interpolant costs no extra evaluation of the field). The
  interpolant's error is of order ``h**4``, the order of the scheme itself
  (Hairer, Norsett and Wanner 1993, section II.6).
* :func:`integrate_final` only returns the states at one end time, for
  workloads where the path does not matter (basins of attraction). It uses
  the Dormand-Prince 5(4) embedded pair (Dormand and Prince 1980) with a
  step size of its own for every trajectory: each column is advanced,
  accepted or rejected on its own error estimate, so trajectories that have
  settled near a rest point take long steps while those still moving take
  short ones.

References
----------
Dormand, J. R., and P. J. Prince. 1980. "A family of embedded Runge-Kutta
formulae." Journal of Computational and Applied Mathematics 6: 19-26.
Hairer, E., S. P. Norsett, and G. Wanner. 1993. Solving Ordinary Differential
Equations I. 2nd ed. Springer, sections II.4 (step size control) and II.6
(dense output).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable

import numpy as np

__all__ = ["integrate", "integrate_final", "project", "column_sums"]


def column_sums(values: np.ndarray) -> np.ndarray:
    """Sums over the action axis (-2), kept as a length-1 axis."""
    return np.ones((1, values.shape[-2])) @ values


def project(x: np.ndarray) -> np.ndarray:
    """Set rounding's tiny negative shares to 0 and renormalise every column, in place."""
    np.maximum(x, 0.0, out=x)
    x /= column_sums(x)
    return x


def check_step(max_step) -> float:
    if (not isinstance(max_step, numbers.Real) or isinstance(max_step, bool) or not (max_step > 0)
            or not math.isfinite(max_step)):
        raise ValueError(f"max_step must be a positive number, got {max_step!r}")
    return float(max_step)


def _to_columns(states) -> tuple:
    return tuple(np.ascontiguousarray(np.swapaxes(np.asarray(s, dtype=float), -1, -2)) for s in states)


def _inplace(field: Callable) -> Callable:
    """``into(states, outs)``: the field written into preallocated arrays.

    A field may offer an ``into`` attribute that computes without allocating
    (fresh arrays of this size cost more than the arithmetic on them); any
    other field is wrapped.
    """
    into = getattr(field, "into", None)
    if into is not None:
        return into

    def copy_into(states, outs):
        for o, r in zip(outs, field(states)):
            o[...] = r

    return copy_into


def _buffers(states, n: int) -> list:
    return [[np.empty_like(s) for s in states] for _ in range(n)]


def integrate(field: Callable, states: tuple, timepoints: np.ndarray, max_step: float, *, method: str = "rk4",
              project_states: bool = True) -> tuple:
    """Integrate ``field`` from ``states`` (a tuple of ``(..., N, k_p)`` arrays) and record every time point.

    ``field`` works on the transposed layout ``(..., k_p, N)``. ``method`` is
    ``"rk4"`` (classical Runge-Kutta with Hermite dense output) or
    ``"euler"`` (for discontinuous fields such as the best-response
    dynamics, whose steps land on every requested time point). Returns one
    array ``(T, ..., N, k_p)`` per population.
    """
    max_step = check_step(max_step)
    if method not in ("rk4", "euler"):
        raise ValueError(f"unknown integration method {method!r}; choose 'rk4' or 'euler'")
    states = _to_columns(states)
    T = len(timepoints)
    # Recorded in the working layout (contiguous copies) and handed back as (..., N, k) views.
    out = tuple(np.empty((T,) + s.shape) for s in states)
    for o, s in zip(out, states):
        o[0] = s
    if T > 1:
        run = _euler if method == "euler" else _rk4_dense
        # Trajectories are independent: integrating them in blocks of columns keeps a block's work arrays in
        # the processor's cache for the whole time loop.
        for block in _blocks(states):
            run(field, tuple(np.ascontiguousarray(s[..., block]) for s in states), timepoints, max_step,
                tuple(o[..., block] for o in out), project_states)
    return tuple(np.swapaxes(o, -1, -2) for o in out)


#: Shares (floats) per work array of one block (256 kB): larger blocks spread numpy's per-call cost over more
#: trajectories, smaller ones keep the work arrays of a step in cache; measured on 3x3 games, blocks from 2**14
#: to 2**20 floats take about the same time and 2**12 twice as long.
BLOCK_FLOATS = 2**15


def _blocks(states):
    per_column = sum(int(np.prod(s.shape[:-1])) for s in states)
    size = max(64, BLOCK_FLOATS // max(per_column, 1))
    N = states[0].shape[-1]
    return [slice(lo, min(lo + size, N)) for lo in range(0, N, size)]


def _euler(field, states, timepoints, max_step, out, project_states):
    for index in range(1, len(timepoints)):
        span = timepoints[index] - timepoints[index - 1]
        n_steps = max(1, math.ceil(span / max_step - 1e-9))
        h = span / n_steps
        for _ in range(n_steps):
            states = tuple(s + h * d for s, d in zip(states, field(states)))
            if project_states:
                states = tuple(project(s) for s in states)
        for o, s in zip(out, states):
            o[index] = s


def _project_into(x: np.ndarray, row: np.ndarray) -> None:
    np.maximum(x, 0.0, out=x)
    np.matmul(np.ones((1, x.shape[-2])), x, out=row)
    x /= row


def _rk4_dense(field, states, timepoints, max_step, out, project_states):
    into = _inplace(field)
    start, span = float(timepoints[0]), float(timepoints[-1] - timepoints[0])
    n_steps = max(1, math.ceil(span / max_step - 1e-9))
    h = span / n_steps
    # Each requested time point (after the first) belongs to the step that ends at or after it.
    position = (np.asarray(timepoints[1:], dtype=float) - start) / h
    step_of = np.clip(np.ceil(position - 1e-9).astype(np.int64), 1, n_steps)
    theta = np.clip(position - (step_of - 1), 0.0, 1.0)
    bounds = np.searchsorted(step_of, np.arange(1, n_steps + 2), side="left") + 1  # out rows of step i: [b_i, b_{i+1})
    current = [s.copy() for s in states]
    k1, k2, k3, k4, stage, new = _buffers(current, 6)
    rows = [np.empty(s.shape[:-2] + (1, s.shape[-1])) for s in current]
    pops = range(len(current))
    into(current, k1)
    for step in range(1, n_steps + 1):
        for factor, slope, target in ((0.5 * h, k1, k2), (0.5 * h, k2, k3), (h, k3, k4)):
            for p in pops:
                np.multiply(slope[p], factor, out=stage[p])
                stage[p] += current[p]
            into(stage, target)
        for p in pops:
            y = new[p]
            np.add(k2[p], k3[p], out=y)
            y *= 2.0
            y += k1[p]
            y += k4[p]
            y *= h / 6.0
            y += current[p]
            if project_states:
                _project_into(y, rows[p])
        into(new, k2)  # the velocity at the step's end: the next step's first stage
        first, last = bounds[step - 1], bounds[step]
        for p in pops:
            if last > first:
                _record(out[p], first, last, theta, current[p], new[p], k1[p], k2[p], h, k3[p], k4[p], stage[p],
                        project_states, rows[p])
        current, new = new, current
        k1, k2 = k2, k1


def _record(out, first, last, theta, y0, y1, f0, f1, h, c3, c1, c2, project_states, row):
    """Write the rows ``first:last`` of ``out``: the step's end state, or its cubic Hermite interpolant.

    With ``d = y1 - y0`` the interpolant at fraction ``t`` of the step is
    ``y0 + t c1 + t^2 c2 + t^3 c3`` with ``c1 = h f0``,
    ``c2 = 3 d - h (2 f0 + f1)`` and ``c3 = h (f0 + f1) - 2 d``; the arrays
    ``c1, c2, c3`` are scratch space.
    """
    interpolated = theta[first - 1:last - 1] < 1.0 - 1e-12
    if interpolated.any():
        np.add(f0, f1, out=c1)
        c1 *= h
        np.subtract(y1, y0, out=c2)
        np.multiply(c2, -2.0, out=c3)
        c3 += c1
        c2 *= 3.0
        c2 -= c1
        np.multiply(f0, h, out=c1)
        c2 -= c1
    inner = np.flatnonzero(interpolated)
    if inner.size:
        # The interpolated rows are consecutive (only the last row of a step can be its end state): all of
        # them at once, by Horner's scheme with the fractions broadcast along the row axis.
        rows = slice(first + int(inner[0]), first + int(inner[-1]) + 1)
        block = out[rows]
        t = theta[rows.start - 1:rows.stop - 1].reshape((-1,) + (1,) * y0.ndim)
        np.multiply(c3, t, out=block)
        block += c2
        block *= t
        block += c1
        block *= t
        block += y0
        if project_states and block.min() < 0.0:
            for index in range(block.shape[0]):
                _project_into(block[index], row)
    if not interpolated[-1]:
        out[last - 1] = y1


# ----------------------------------------------------------- Dormand-Prince
_DP_A = (
    (),
    (1 / 5,),
    (3 / 40, 9 / 40),
    (44 / 45, -56 / 15, 32 / 9),
    (19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729),
    (9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656),
)
_DP_B = (35 / 384, 0.0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84)
# Fifth- minus fourth-order weights; the last applies to the field at the new state (first same as last).
_DP_E = (71 / 57600, 0.0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40)


def integrate_final(field: Callable, states: tuple, t_end: float, *, rtol: float = 1e-8, atol: float = 1e-10,
                    first_step: float = 0.01, max_step: float = 1.0, project_states: bool = True) -> tuple:
    """The states at ``t_end`` of every trajectory, by Dormand-Prince 5(4) with a step size per trajectory.

    ``states`` is a tuple of ``(..., N, k_p)`` arrays; ``field`` works on the
    transposed layout as in :func:`integrate`. A step of a trajectory is
    accepted when every share's error estimate is within
    ``atol + rtol * |share|``; the next step is scaled by
    ``0.9 * error**(-1/5)`` within ``[0.2, 5]`` (Hairer, Norsett and Wanner
    1993, II.4), and never exceeds ``max_step``, which keeps the explicit
    scheme inside its stability region near attracting rest points (the
    caller scales the field so that its Jacobian is of order 1). Returns one
    array ``(..., N, k_p)`` per population.
    """
    t_end = float(t_end)
    if not (t_end > 0) or not math.isfinite(t_end):
        raise ValueError(f"the end time must be a positive number, got {t_end!r}")
    max_step = check_step(max_step)
    states = _to_columns(states)
    ends = tuple(np.empty_like(s) for s in states)
    for block in _blocks(states):
        found = _dormand_prince(_inplace(field), tuple(np.ascontiguousarray(s[..., block]) for s in states), t_end,
                                rtol, atol, min(float(first_step), max_step, t_end), max_step, project_states)
        for e, f in zip(ends, found):
            e[..., block] = f
    return tuple(np.swapaxes(e, -1, -2) for e in ends)


def _dormand_prince(into, states, t_end, rtol, atol, first_step, max_step, project_states):
    result = [s.copy() for s in states]
    current = [s.copy() for s in states]
    pops = range(len(current))
    columns = np.arange(current[0].shape[-1])  # which trajectories the working arrays hold
    shape = current[0].shape[:-2] + (1, current[0].shape[-1])
    t = np.zeros(shape)
    h = np.full(shape, first_step)
    first_slope = _buffers(current, 1)[0]
    into(current, first_slope)
    work = None
    limit = 200 * math.ceil(t_end / max_step) + 100_000
    for _ in range(limit):
        remaining = t_end - t
        active = remaining > 1e-12 * t_end
        running = active.reshape(-1, active.shape[-1]).any(axis=0)
        n_running = int(running.sum())
        if n_running == 0:
            break
        if work is None or (n_running <= len(columns) // 2 and len(columns) > 256):
            # Most trajectories have arrived: carry on with the others only (a few slow ones near saddles
            # would otherwise keep every column in the loop).
            if work is not None:
                for p in pops:
                    result[p][..., columns[~running]] = current[p][..., ~running]
                current = [c[..., running] for c in current]
                first_slope = [f[..., running] for f in first_slope]
                t, h, remaining, active = (a[..., running] for a in (t, h, remaining, active))
                columns = columns[running]
                shape = t.shape
            slopes = [first_slope] + _buffers(current, 6)
            stage, new, term = _buffers(current, 3)
            ratio, part, rows = np.empty(shape), np.empty(shape), [np.empty(shape) for _ in pops]
            work = True
        np.minimum(h, remaining, out=h)
        h[~active] = 0.0
        for index, weights in enumerate(_DP_A[1:] + (_DP_B,), start=1):
            target = new if index == 6 else stage
            for p in pops:
                _weighted_sum(weights, slopes, p, target[p], term[p])
                target[p] *= h
                target[p] += current[p]
            into(target, slopes[index if index < 6 else 6])
        ratio.fill(0.0)
        for p in pops:
            _weighted_sum(_DP_E, slopes, p, stage[p], term[p])
            stage[p] *= h
            np.abs(stage[p], out=stage[p])
            np.maximum(np.abs(current[p], out=term[p]), np.abs(new[p]), out=term[p])
            term[p] *= rtol
            term[p] += atol
            stage[p] /= term[p]
            np.max(stage[p], axis=-2, keepdims=True, out=part)
            np.maximum(ratio, part, out=ratio)
        accept = (ratio <= 1.0) & active
        for p in pops:
            if project_states:
                _project_into(new[p], rows[p])
            np.copyto(current[p], new[p], where=accept)
            np.copyto(slopes[0][p], slopes[6][p], where=accept)
        first_slope = slopes[0]
        t += np.where(accept, h, 0.0)
        with np.errstate(divide="ignore"):
            factor = np.clip(0.9 * ratio ** -0.2, 0.2, 5.0)
        np.minimum(factor, 1.0, out=factor, where=~accept)
        h = np.minimum(np.where(active, h, first_step) * factor, max_step)
    else:
        raise RuntimeError(f"the adaptive integrator did not reach t = {t_end:g} within {limit} steps")
    for p in pops:
        result[p][..., columns] = current[p]
    return result


def _weighted_sum(weights, slopes, p, out, term):
    """``out = sum_i weights[i] * slopes[i][p]`` over the non-zero weights, without allocating."""
    started = False
    for w, k in zip(weights, slopes):
        if w == 0.0:
            continue
        if not started:
            np.multiply(k[p], w, out=out)
            started = True
        else:
            np.multiply(k[p], w, out=term)
            out += term
