"""Parameter designs for sweeps: full grids and seeded random or Latin-hypercube samples.

A design is a plain ``{parameter name: 1-d float array}`` mapping, every array
the same length (one entry per parameter point). It is built once, up front,
from a seed, so the same seed gives the same points whatever executor later
runs the sweep.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence

import numpy as np

__all__ = ["grid", "samples", "design_size"]


def _axis(name: str, values) -> np.ndarray:
    if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray)):
        raise TypeError(f"grid axis {name!r} must be a sequence of numbers, got {values!r}")
    try:
        array = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        raise ValueError(f"grid axis {name!r} must contain numbers, got {values!r}") from None
    if array.size == 0:
        raise ValueError(f"grid axis {name!r} is empty")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"grid axis {name!r} contains NaN or infinite values")
    return array


def grid(axes: Mapping[str, Sequence[float]]) -> dict[str, np.ndarray]:
    """The full Cartesian grid over ``axes`` (``{name: values}``).

    The first named parameter varies slowest. The result has
    ``prod(len(values))`` points.

    Examples
    --------
    >>> design = grid({"cost": [1, 2], "threat": [0.0, 0.5, 1.0]})
    >>> design["cost"].tolist(), design["threat"].tolist()
    ([1.0, 1.0, 1.0, 2.0, 2.0, 2.0], [0.0, 0.5, 1.0, 0.0, 0.5, 1.0])
    """
    if not isinstance(axes, Mapping) or not axes:
        raise ValueError("grid() needs a non-empty mapping {parameter name: values}")
    arrays = [_axis(name, values) for name, values in axes.items()]
    mesh = np.meshgrid(*arrays, indexing="ij")
    return {name: m.ravel() for name, m in zip(axes, mesh)}


def samples(
    ranges: Mapping[str, tuple[float, float]],
    n: int,
    *,
    seed: int | None = 0,
    method: str = "random",
    integer: Sequence[str] = (),
) -> dict[str, np.ndarray]:
    """``n`` seeded points in the box ``ranges`` (``{name: (low, high)}``).

    Parameters
    ----------
    ranges : mapping
        Inclusive bounds per parameter; both must be finite with low <= high.
    n : int
        Number of points.
    seed : int
        Seed of the numpy / scipy generator: the same seed gives the same points.
    method : {"random", "lhs"}
        Independent uniform draws, or a Latin hypercube (every parameter's
        range cut into ``n`` strata, one point in each).
    integer : sequence of str
        Parameters rounded to the nearest integer (e.g. a number of allies).

    Examples
    --------
    >>> a = samples({"cost": (0, 1)}, 4, seed=1, method="lhs")
    >>> b = samples({"cost": (0, 1)}, 4, seed=1, method="lhs")
    >>> bool(np.array_equal(a["cost"], b["cost"])), sorted((a["cost"] * 4).astype(int).tolist())
    (True, [0, 1, 2, 3])
    """
    if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    if not isinstance(ranges, Mapping) or not ranges:
        raise ValueError("samples() needs a non-empty mapping {parameter name: (low, high)}")
    lows, highs = [], []
    for name, bounds in ranges.items():
        try:
            low, high = (float(b) for b in bounds)
        except (TypeError, ValueError):
            raise ValueError(f"range of {name!r} must be a pair (low, high), got {bounds!r}") from None
        if not (math.isfinite(low) and math.isfinite(high)) or low > high:
            raise ValueError(f"range of {name!r} must be finite with low <= high, got ({low}, {high})")
        lows.append(low)
        highs.append(high)
    unknown = sorted(set(integer) - set(ranges))
    if unknown:
        raise ValueError(f"integer parameters {unknown} are not in ranges")
    dimension = len(ranges)
    if method == "random":
        unit = np.random.default_rng(seed).random((int(n), dimension))
    elif method == "lhs":
        from scipy.stats import qmc

        unit = qmc.LatinHypercube(d=dimension, rng=np.random.default_rng(seed)).random(int(n))
    else:
        raise ValueError(f"unknown sampling method {method!r}; choose 'random' or 'lhs'")
    points = np.asarray(lows) + unit * (np.asarray(highs) - np.asarray(lows))
    design = {name: points[:, k].copy() for k, name in enumerate(ranges)}
    for name in integer:
        design[name] = np.round(design[name])
    return design


def design_size(design: Mapping[str, np.ndarray]) -> int:
    """Number of points of a design, checking that every array has the same length."""
    if not design:
        raise ValueError("a design needs at least one parameter")
    sizes = {name: np.shape(values) for name, values in design.items()}
    lengths = {shape[0] if len(shape) == 1 else None for shape in sizes.values()}
    if None in lengths or len(lengths) != 1:
        raise ValueError(f"every design array must be 1-d with the same length, got shapes {sizes}")
    return lengths.pop()
