"""Sequential models: a game tree declared in the ``[tree]`` table (:mod:`gametheory.model.tree_spec`).

A tree model is judged by the solution concept of sequential games, never by
the Nash equilibria of its strategic form (which admit threats no one would
carry out): subgame perfection, and perfect Bayesian equilibrium where a
player moves without knowing what chance chose (signalling games). Its named
outcomes are groups of the tree's terminal outcomes; a theory's rule expects
that an equilibrium *reaches* its outcome (with probability 1).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..expressions import ModelError
from ..tree_spec import TreeSpec, parse_tree
from .base import Kind

__all__ = ["TreeKind", "SOLUTION_CONCEPTS", "reached_outcomes"]

#: Solution concepts a tree model may name (``[tree] solution = ...``).
SOLUTION_CONCEPTS = {
    "spe": "subgame-perfect equilibrium (backward induction, subgame decomposition)",
    "pbe": ("perfect Bayesian equilibrium (beliefs by Bayes' rule wherever the profile pins them: on the path, "
            "and off it after a deviation from beliefs already pinned or free; sequential rationality everywhere)"),
}


class TreeKind(Kind):
    """A ``[tree]`` model: players, named nodes, chance probabilities and outcome payoffs."""

    name = "tree"
    tables = ("tree",)
    game_method = "tree()"
    expectations = {
        "equilibrium": "some equilibrium (SPE or PBE) reaches the outcome with probability 1",
        "every_equilibrium": "every equilibrium reaches the outcome with probability 1 (and there is one)",
        "not_equilibrium": "no equilibrium reaches the outcome with probability 1",
    }

    @classmethod
    def check_alone(cls, given) -> None:
        others = [name for name in given if name not in cls.tables]
        if others:
            raise ModelError(f"a [tree] model declares its players and payoffs in the tree; remove {others}",
                             key=others[0])

    def __init__(self, model, *, tree):
        super().__init__(model)
        if isinstance(tree, TreeSpec):
            self._spec, self._solution = tree, None
        else:
            if not isinstance(tree, Mapping):
                raise ModelError(f"expected a table with players, root, nodes and outcomes, got {tree!r}", key="tree")
            table = dict(tree)
            self._solution = table.pop("solution", None)
            if self._solution is not None and self._solution not in SOLUTION_CONCEPTS:
                raise ModelError(f"expected one of {list(SOLUTION_CONCEPTS)}, got {self._solution!r}",
                                 key="tree.solution")
            self._spec = parse_tree(table, model._symbols)

    @property
    def spec(self) -> TreeSpec:
        return self._spec

    @property
    def solution(self) -> str:
        """``"spe"`` or ``"pbe"``: declared, or PBE when a player moves without seeing what chance chose."""
        if self._solution is not None:
            return self._solution
        nodes = self._spec.declared_node_map
        has_chance = any(node.player is None for node in self._spec.declared_nodes)
        sets: dict[str, int] = {}
        for node in nodes.values():
            if node.information_set is not None:
                sets[node.information_set] = sets.get(node.information_set, 0) + 1
        return "pbe" if has_chance and any(count > 1 for count in sets.values()) and self._signals() else "spe"

    def _signals(self) -> bool:
        """Whether some information set with several nodes lies below a move of a player (a signal to read)."""
        nodes = self._spec.declared_node_map
        parent = {t: name for name, node in nodes.items() for _, t, _ in node.moves if t in nodes}
        for name, node in nodes.items():
            if node.information_set is None:
                continue
            above = parent.get(name)
            while above is not None:
                if nodes[above].player is not None:
                    return True
                above = parent.get(above)
        return False

    @property
    def players(self) -> tuple[str, ...]:
        return self._spec.players

    @property
    def action_meanings(self) -> tuple:
        meanings = {player: {} for player in self._spec.players}
        for node in self._spec.declared_nodes:
            if node.player is not None:
                meanings[node.player].update(dict(node.meanings))
        return tuple(meanings[p] for p in self._spec.players)

    def payoff_expressions(self) -> dict:
        return {name: payoffs for name, payoffs in self._spec.outcomes}

    def pattern_labels(self) -> tuple:
        return self._spec.outcome_names

    def pattern(self, value, where: str) -> tuple[str, ...]:
        """An outcome of a tree model is one of the tree's terminal outcomes, by name."""
        names = self.pattern_labels()
        if not isinstance(value, str) or value not in names:
            raise ModelError(f"expected one of the tree's outcomes {list(names)}, got {value!r}", key=where)
        return (value,)

    def symbolic_game(self, n):
        raise TypeError(f"model {self.model.key!r} is a tree model: it has no strategic form to analyse as a "
                        "simultaneous game; use model.tree(**values) and its solution concept")

    def tree(self, **values):
        """The :class:`~gametheory.games.extensive.tree.GameTree` at the given values (defaults otherwise)."""
        checked = self.model.values(**values)
        return self._spec.build(checked, title=self.model.title)


def reached_outcomes(equilibrium) -> dict[str, object]:
    """``{outcome name: probability}`` of the tree outcomes an equilibrium's play reaches (positive ones only).

    Works for every tree equilibrium (SPE, Nash, PBE): it reads the
    equilibrium's ``path`` over ``tree.terminals`` and each terminal's label,
    which for a tree model is the name of its outcome.
    """
    tree = equilibrium.tree
    totals: dict[str, object] = {}
    for node, probability in zip(tree.terminals, equilibrium.path):
        if probability:
            label = tree.node_labels[node]
            totals[label] = totals.get(label, 0) + probability
    return totals
