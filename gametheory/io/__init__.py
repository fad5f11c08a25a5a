"""Reading and writing games in other tools' file formats.

:mod:`gametheory.io.nfg` reads and writes Gambit strategic-form (``.nfg``)
files and :mod:`gametheory.io.efg` extensive-form (``.efg``) files, so games
move between this toolkit and Gambit, and Gambit's published game collections
can serve as test inputs. :mod:`gametheory.io.toml_files` reads the TOML of
model and automaton files within the toolkit's input limits.
"""

from __future__ import annotations

import importlib

_LAZY = {name: "nfg" for name in ("parse_nfg", "read_nfg", "format_nfg", "write_nfg")}
_LAZY.update({name: "efg" for name in ("parse_efg", "read_efg", "format_efg", "write_efg")})
_LAZY.update({name: "toml_files" for name in ("parse_toml", "read_toml")})

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gametheory.io' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
