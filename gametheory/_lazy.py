"""Heavy modules on first use: :data:`sympy` is imported when first touched.

Loading a model and evaluating its payoffs at a point (``gametheory solve
MODEL``) needs no symbolic algebra, and sympy's import costs more than the
rest of that command together. Modules of every layer (the symbolic game in
:mod:`gametheory.games.symbolic`, the model document, conditions, ``explain``,
the by-construction detector) name ``sympy`` through :data:`sympy` here, so
it is imported on the first ``sympy.<name>``, once, and :func:`is_sympy`
tells a sympy value from others by its type's module without importing sympy.
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
    """Whether ``value`` is a sympy object, without importing sympy when it is not one.

    A sympy value can exist only once sympy is imported, so its type's module
    name decides.

    Examples
    --------
    >>> is_sympy(0.5), is_sympy("x")
    (False, False)
    """
    module = type(value).__module__
    return module == "sympy" or module.startswith("sympy.")
