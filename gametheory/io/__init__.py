"""Reading and writing games in other tools' file formats.

:mod:`gametheory.io.nfg` reads and writes Gambit strategic-form (``.nfg``)
files, so games move between this toolkit and Gambit, and Gambit's published
game collections can serve as test inputs.
"""

from __future__ import annotations

import importlib

_LAZY = {name: "nfg" for name in ("parse_nfg", "read_nfg", "format_nfg", "write_nfg")}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gametheory.io' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
