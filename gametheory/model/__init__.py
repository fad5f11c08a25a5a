"""IR models as data: the model file format, the safe expression parser and the Model API.

- :mod:`.document`: what every model shares (sources, parameters, outcomes, predictions, sweep, alliance);
- :mod:`.kinds`: one builder per kind of model (by profiles, by counts, signalling, continuous,
  coalitional) and their registry;
- :mod:`.model`: :class:`Model`, the document with its kind's games;
- :mod:`.expressions`: the whitelist expression parser; :mod:`.loader`: model files (TOML);
  :mod:`.registry`: the model library; :mod:`.fingerprint`: a model's identity for stored results.

Names are imported on first use, so the command line can look at a model
argument without loading sympy.

>>> from gametheory.model import load_model
>>> chicken = load_model("chicken")
>>> chicken.game(war=0).payoff_profile(("D", "D"))
(Fraction(0, 1), Fraction(0, 1))
"""

from __future__ import annotations

import importlib

_LAZY = {
    "ExpressionError": "expressions",
    "ModelError": "expressions",
    "parse_condition": "expressions",
    "parse_expression": "expressions",
    "model_from_dict": "loader",
    "read_model_file": "loader",
    "KNOWN_THEORIES": "document",
    "Rule": "document",
    "Source": "document",
    "Theory": "document",
    "key_path": "document",
    "Model": "model",
    "Player": "kinds.profiles",
    "SymmetricCounts": "kinds.counts",
    "Signaling": "kinds.signaling",
    "ContinuousPlayer": "kinds.continuous",
    "Coalitional": "kinds.coalitional",
    "list_models": "registry",
    "load_model": "registry",
    "model_directories": "registry",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gametheory.model' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
