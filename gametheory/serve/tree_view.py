"""The class page's tree view: a sequential model's tree with the equilibrium path, and its equilibria.

A tree model is solved at the requested values by its own solution concept
(subgame perfection, or perfect Bayesian equilibrium for signalling trees);
the view carries the tree drawn with the first equilibrium's path in bold
(a server-drawn PNG), the same tree as indented text (for screen readers and
copying), and each equilibrium with its play, payoffs, certificate and, for
PBE, its classification. Work is bounded by the model's declared size (tree
models have at most :data:`gametheory.model.tree_spec.MAX_TREE_NODES` nodes)
and cached per model and values.
"""

from __future__ import annotations

import base64
import io

from .payloads import _Cache, _text, _values_key

__all__ = ["tree_view", "MAX_DRAWN_NODES"]

#: Largest tree drawn as a figure on the page (larger ones are shown as text only).
MAX_DRAWN_NODES = 200

_VIEWS = _Cache(64)


def tree_view(model, values: dict) -> dict:
    """The tree view of ``model`` at ``values`` (defaults otherwise), JSON-ready."""
    key = (model.key, _values_key(values))
    cached = _VIEWS.get(key)
    if cached is not None:
        return cached
    from ..games.extensive.render import tree_text
    from ..model.kinds.tree import reached_outcomes
    from ..study.sweep.trees import solve_tree_model

    tree = model.tree(**values)
    result = solve_tree_model(model, **values)
    equilibria = []
    for number, equilibrium in enumerate(result.equilibria, 1):
        reached = reached_outcomes(equilibrium)
        regret = getattr(equilibrium, "max_subgame_regret", None)
        if regret is None:
            regret = max(equilibrium.gaps, default=0)
        equilibria.append({
            "number": number,
            "play": [{"outcome": name, "probability": _text(p)} for name, p in reached.items()],
            "payoffs": [_text(v) for v in equilibrium.payoffs],
            "max_regret": _text(regret),
            "classification": getattr(equilibrium, "classification", None),
            "text": equilibrium.describe() if hasattr(equilibrium, "describe") else "",
        })
    first = result.equilibria[0] if result.equilibria else None
    view = {
        "concept": result.concept,
        "concept_name": {"spe": "subgame-perfect equilibrium", "pbe": "perfect Bayesian equilibrium",
                         "nash": "Nash equilibrium"}.get(result.concept, result.concept),
        "players": list(tree.players),
        "equilibria": equilibria,
        "complete": bool(result.complete),
        "notes": list(result.notes),
        "text": tree_text(tree, first),
        "image": _figure(tree, first) if tree.n_nodes <= MAX_DRAWN_NODES else None,
    }
    _VIEWS.put(key, view)
    return view


def _figure(tree, equilibrium) -> str:
    """The tree as a PNG data URL, the equilibrium's path in bold."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..games.extensive.render import tree_figure

    figure = tree_figure(tree, equilibrium)
    buffer = io.BytesIO()
    try:
        figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    finally:
        plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
