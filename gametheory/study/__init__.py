"""Studies over many games: sweeps, theory comparisons, tables, figures and the main-job report.

- :mod:`.sweep`: parameter designs, chunked resumable sweeps in a trustworthy results folder,
  and a model's sweep (:func:`gametheory.study.sweep.sweep`);
- :mod:`.compare`: a theory's predictions against the equilibria of a sweep
  (:func:`gametheory.study.compare.compare`);
- :mod:`.tables`: equilibrium and comparison tables as CSV, Markdown and LaTeX;
- :mod:`.plots`: regime maps and best-response diagrams;
- :mod:`.report`: the comparison over the model library (:func:`compare_models`).

Names are imported on first use, so ``import gametheory.study`` loads neither pandas nor matplotlib.
"""

from __future__ import annotations

import importlib

_LAZY = {
    "compare_models": "report",
    "ModelReport": "report",
    "DEFAULT_THEORY": "report",
    "Comparison": "compare",
    "regime_labels": "compare",
    "equilibrium_table": "tables",
    "write_table": "tables",
    "to_markdown": "tables",
    "to_latex": "tables",
    "regime_map": "plots",
    "best_response_diagram": "plots",
    "save_figure": "plots",
}

# ``sweep`` and ``compare`` are functions named like their modules: import them
# from the modules, as importing a submodule rebinds the package attribute.
__all__ = sorted(_LAZY)


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gametheory.study' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
