"""sympy on first use: the model layer's modules name ``sympy`` through :data:`sympy`, imported when first touched.

Loading a model and evaluating its payoffs at a point (``gametheory solve
MODEL``) needs no symbolic algebra: payoffs and rule conditions are checked
and evaluated by :mod:`gametheory.model.numeric`. Symbolic work (the symbolic
game, conditions, ``explain``, the by-construction detector) touches
``sympy.<name>`` and so imports it then, once.
"""

from __future__ import annotations

import importlib

__all__ = ["sympy", "LazyModule", "is_sympy"]


class LazyModule:
    """A module imported on first attribute access.

    Examples
    --------
    >>> math = LazyModule("math")
    >>> math.sqrt(4.0)
    2.0
    """

    __slots__ = ("_name", "_module")

    def __init__(self, name: str):
        self._name = name
        self._module = None

    def __getattr__(self, attribute: str):
        module = self._module
        if module is None:
            module = importlib.import_module(self._name)
            object.__setattr__(self, "_module", module)
        return getattr(module, attribute)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


#: The sympy module, imported on first attribute access.
sympy = LazyModule("sympy")


def is_sympy(value) -> bool:
    """Whether ``value`` is a sympy object, without importing sympy when it is not one."""
    return type(value).__module__.startswith("sympy")
