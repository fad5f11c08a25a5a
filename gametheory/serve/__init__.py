"""The class page: ``gametheory serve`` starts a local web app for teaching with the model library.

A teacher opens a model, moves its parameters with sliders and sees the
payoff matrix with best responses and equilibria marked, the certified
equilibria with their probabilities and payoffs, the derivation step by step,
the regime map with the current point, and for repeated models the discount
factor against its critical values. The address holds the whole state (model,
parameter values, options, projector mode), so links prepared before a
lecture open the page as prepared. Every asset ships in the package; nothing
is loaded from the network.

:func:`run` serves the page (a Waitress server); :func:`create_app` builds the
Flask application, for tests and for embedding. Both import their web
dependencies on first use, so importing this package costs nothing.
"""

from __future__ import annotations

import importlib

__all__ = ["run", "create_app", "make_server"]

_LAZY = {
    "run": "gametheory.serve.server",
    "make_server": "gametheory.serve.server",
    "create_app": "gametheory.serve.app",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gametheory.serve' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
