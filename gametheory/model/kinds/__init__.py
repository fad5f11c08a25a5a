"""Kinds of model, one builder module per kind, and their registry.

Every model shares the document layer (:mod:`gametheory.model.document`:
sources, parameters, outcomes, predictions, sweep, alliance); how it declares
its players and payoffs, and which game it builds, is its *kind*:

- :mod:`.profiles`: a normal-form game by action profiles, with private types a Bayesian game
  (``players``, ``payoffs``);
- :mod:`.counts`: a symmetric n-player game by counts (``symmetric``);
- :mod:`.tree`: a sequential game as a tree, judged by SPE or PBE (``tree``);
- :mod:`.signaling`: a sender-receiver signalling game (``signaling``);
- :mod:`.continuous`: continuous actions (``continuous``);
- :mod:`.coalitional`: a coalitional game of states with resources (``coalitional``).

Adding a kind means one module with a :class:`~gametheory.model.kinds.base.Kind`
subclass and one entry in :data:`KINDS` (and, for its game, a method on
:class:`~gametheory.model.Model` naming it).
"""

from __future__ import annotations

import importlib

from .base import Kind

__all__ = ["KINDS", "MODEL_KINDS", "KIND_EXPECTATIONS", "Kind", "select_kind", "kind_class"]

#: ``{table: (module, class)}`` in order of precedence: the first table a model gives selects its kind.
#: Each kind's module is imported when a model of that kind is built (some need sympy when they are).
_KIND_MODULES = {
    "tree": ("tree", "TreeKind"),
    "signaling": ("signaling", "SignalingKind"),
    "continuous": ("continuous", "ContinuousKind"),
    "coalitional": ("coalitional", "CoalitionalKind"),
    "symmetric": ("counts", "CountsKind"),
    "players": ("profiles", "ProfilesKind"),
}


def kind_class(table: str) -> type[Kind]:
    """The kind declared by ``table`` (a key of :data:`KINDS`), its module imported on first use."""
    module, name = _KIND_MODULES[table]
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


def _all_kinds() -> dict:
    return {table: kind_class(table) for table in _KIND_MODULES}


def __getattr__(name: str):
    # KINDS: ``{table: kind}``; MODEL_KINDS: each kind's game method by how it is solved (a
    # normal-form game, by counts, Bayesian or signalling; continuous actions; coalitional;
    # a tree); KIND_EXPECTATIONS: what a rule of a kind other than "normal" may expect of
    # its outcome's condition (best-response iteration finds one equilibrium and cannot
    # certify that it is the only one, so a continuous model's rules cannot expect a
    # unique equilibrium). Built on first use, importing every kind.
    if name == "KINDS":
        return _all_kinds()
    if name == "MODEL_KINDS":
        return {kind.name: kind.game_method for kind in _all_kinds().values()}
    if name == "KIND_EXPECTATIONS":
        return {kind.name: dict(kind.expectations) for kind in _all_kinds().values() if kind.name != "normal"}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def select_kind(given) -> type[Kind]:
    """The kind of a model from the tables it gives (``{table: value}``, ``None`` values left out).

    Raises
    ------
    ModelError
        When the tables of two kinds are mixed (naming the ones to remove).
    """
    for table in _KIND_MODULES:
        if table in given:
            kind = kind_class(table)
            kind.check_alone(given)
            return kind
    return kind_class("players")
