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

from .base import Kind
from .coalitional import CoalitionalKind
from .continuous import ContinuousKind
from .counts import CountsKind
from .profiles import ProfilesKind
from .signaling import SignalingKind
from .tree import TreeKind

__all__ = ["KINDS", "MODEL_KINDS", "KIND_EXPECTATIONS", "Kind", "select_kind"]

#: ``{table: kind}`` in order of precedence: the first table a model gives selects its kind.
KINDS: dict[str, type[Kind]] = {
    "tree": TreeKind,
    "signaling": SignalingKind,
    "continuous": ContinuousKind,
    "coalitional": CoalitionalKind,
    "symmetric": CountsKind,
    "players": ProfilesKind,
}

#: Kinds of model by how they are solved: a normal-form game (by profiles, by
#: counts, Bayesian or signalling), a game with continuous actions, or a
#: coalitional (characteristic-function) game; each with the method building its game.
MODEL_KINDS = {kind.name: kind.game_method for kind in KINDS.values()}

#: What a prediction rule of a continuous or coalitional model may expect of its
#: outcome's ``condition`` (see :mod:`gametheory.study.compare`). Best-response
#: iteration finds one equilibrium and cannot certify that it is the only one,
#: so a continuous model's rules cannot expect a unique equilibrium.
KIND_EXPECTATIONS = {kind.name: dict(kind.expectations) for kind in KINDS.values() if kind.name != "normal"}


def select_kind(given) -> type[Kind]:
    """The kind of a model from the tables it gives (``{table: value}``, ``None`` values left out).

    Raises
    ------
    ModelError
        When the tables of two kinds are mixed (naming the ones to remove).
    """
    for table, kind in KINDS.items():
        if table in given:
            kind.check_alone(given)
            return kind
    return ProfilesKind
