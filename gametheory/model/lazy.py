"""sympy on first use for the model layer: a re-export of :mod:`gametheory._lazy`.

The helper lives in the core so that the games layer (the symbolic game) can
use it too; the model layer's modules keep importing it from here.
"""

from __future__ import annotations

from .._lazy import LazyModule, is_sympy, sympy

__all__ = ["sympy", "LazyModule", "is_sympy"]
