"""One entry point for game trees under each solution concept: Nash, subgame-perfect, perfect Bayesian."""

from __future__ import annotations

__all__ = ["TREE_CONCEPTS", "solve_tree_by_concept"]

#: Solution concepts for game trees: Nash (of the tree), subgame-perfect, perfect Bayesian.
TREE_CONCEPTS = ("nash", "spe", "pbe")


def solve_tree_by_concept(tree, concept: str, *, exact: bool | None = None, tol: float | None = None):
    """The equilibria of a game tree under ``concept`` (one of :data:`TREE_CONCEPTS`).

    ``"nash"`` and ``"spe"`` go to :func:`gametheory.solvers.subgame_perfection.solve_tree`,
    ``"pbe"`` to :func:`gametheory.solvers.perfect_bayesian.perfect_bayesian_equilibria`.

    Returns
    -------
    gametheory.games.extensive.equilibrium.TreeSolveResult
    """
    if concept not in TREE_CONCEPTS:
        raise ValueError(f"unknown solution concept {concept!r}; choose one of {list(TREE_CONCEPTS)}")
    if concept == "pbe":
        from .perfect_bayesian import perfect_bayesian_equilibria

        return perfect_bayesian_equilibria(tree, exact=exact, tol=tol)
    from .subgame_perfection import solve_tree

    return solve_tree(tree, concept, exact=exact, tol=tol)
