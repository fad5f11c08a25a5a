"""Numeric conventions shared by the whole toolkit: the tolerance and exact values.

Float mode compares computed payoffs with a tolerance scaled to the game's
payoff magnitude; exact mode works in :class:`fractions.Fraction` and compares
with ``==``. Every check in the engine goes through the helpers here, so the
convention lives in one place.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction

import numpy as np

#: Default absolute tolerance on payoffs, for games whose payoffs are of order 1.
#: Checks scale it by ``max(1, largest |payoff|)`` (see :func:`scaled_tolerance`).
DEFAULT_TOL = 1e-9


def scaled_tolerance(tol: float | None, scale: float) -> float:
    """Absolute tolerance for payoffs of magnitude ``scale``.

    ``tol=None`` means :data:`DEFAULT_TOL`. Exact mode ignores tolerances.
    """
    if tol is None:
        return DEFAULT_TOL * max(1.0, float(scale))
    if not (isinstance(tol, numbers.Real) and math.isfinite(tol) and tol >= 0):
        raise ValueError(f"tol must be a finite non-negative number, got {tol!r}")
    return float(tol) * max(1.0, float(scale))


def to_fraction(value, *, what: str = "value") -> Fraction:
    """Convert ``value`` to an exact :class:`Fraction`.

    Integers, fractions, decimal strings (``"0.1"``), ratio strings
    (``"10/3"``) and floats are accepted; a float is read through its shortest
    decimal representation, so ``0.1`` becomes ``1/10`` rather than the binary
    expansion. NaN, infinities, booleans and anything else raise ``ValueError``
    / ``TypeError`` naming ``what``; a string whose exact value would be huge
    (more digits or a larger exponent than :mod:`gametheory.limits` allows)
    raises :class:`~gametheory.limits.InputLimitError` before it is built.
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{what} must be a number, got the boolean {value!r}")
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if isinstance(value, numbers.Rational):
        return Fraction(value.numerator, value.denominator)
    if isinstance(value, numbers.Real):
        as_float = float(value)
        if not math.isfinite(as_float):
            raise ValueError(f"{what} is {as_float}, expected a finite number")
        return Fraction(repr(as_float))
    if isinstance(value, str):
        from .limits import check_number_text

        text = value.strip()
        check_number_text(text, what=what)
        try:
            result = Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"{what} {value!r} is not a number") from None
        return result
    # sympy Rational/Integer and similar expose p/q; checked last to keep the
    # common paths free of the sympy import.
    numerator, denominator = getattr(value, "p", None), getattr(value, "q", None)
    if isinstance(numerator, int) and isinstance(denominator, int):
        return Fraction(numerator, denominator)
    raise TypeError(f"{what} must be a number, got {type(value).__name__} {value!r}")


def is_exact_scalar(value) -> bool:
    """True for values that carry exact arithmetic (ints and fractions, not bools)."""
    if isinstance(value, (bool, np.bool_)):
        return False
    return isinstance(value, (numbers.Rational, np.integer)) or (
        isinstance(getattr(value, "p", None), int) and isinstance(getattr(value, "q", None), int)
    )


def exact_array(values, *, what: str = "values") -> np.ndarray:
    """An object array of :class:`Fraction` with the shape of ``values``."""
    array = np.asarray(values, dtype=object)
    flat = [to_fraction(v, what=what) for v in array.ravel()]
    result = np.empty(array.shape, dtype=object)
    result.ravel()[:] = flat if flat else []
    return result


def format_value(value, *, digits: int = 4) -> str:
    """Short human-readable text for a payoff or probability (``1/3``, ``0.3333``)."""
    if isinstance(value, Fraction):
        return str(value)
    as_float = float(value)
    if as_float.is_integer() and abs(as_float) < 1e15:
        return str(int(as_float))
    return f"{as_float:.{digits}g}"


def json_value(value):
    """JSON form of a number: exact values as ``"1/3"`` strings, floats as floats."""
    if isinstance(value, Fraction):
        return str(value)
    return float(value)
