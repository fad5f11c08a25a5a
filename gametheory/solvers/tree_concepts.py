"""One entry point for game trees under each solution concept: Nash, subgame-perfect, perfect Bayesian."""

from __future__ import annotations

__all__ = ["TREE_CONCEPTS", "solve_tree_by_concept"]

#: Solution concepts for game trees: Nash (of the tree), subgame-perfect, perfect Bayesian.
TREE_CONCEPTS = ("nash", "spe", "pbe")


def solve_tree_by_concept(tree, concept: str, *, exact: bool | None = None, tol: float | None = None, **options):
    """The equilibria of a game tree under ``concept`` (one of :data:`TREE_CONCEPTS`).

    ``"nash"`` and ``"spe"`` go to :func:`gametheory.solvers.subgame_perfection.solve_tree`,
    ``"pbe"`` to :func:`gametheory.solvers.perfect_bayesian.perfect_bayesian_equilibria`
    (perfect Bayesian equilibria with beliefs pinned by Bayes' rule wherever the
    profile allows; each says in ``concept`` which notion it satisfies).

    Parameters
    ----------
    options
        For ``"pbe"`` only: ``weak``, ``mixed``, ``max_profiles``,
        ``max_sequence_pairs`` of the PBE solver.

    Returns
    -------
    gametheory.games.extensive.equilibrium.TreeSolveResult
    """
    if concept not in TREE_CONCEPTS:
        raise ValueError(f"unknown solution concept {concept!r}; choose one of {list(TREE_CONCEPTS)}")
    if concept == "pbe":
        from .perfect_bayesian import perfect_bayesian_equilibria

        allowed = {"weak", "mixed", "max_profiles", "max_sequence_pairs"}
        unknown = sorted(set(options) - allowed)
        if unknown:
            raise TypeError(f"unknown option(s) {unknown} for concept 'pbe'; choose from {sorted(allowed)}")
        return perfect_bayesian_equilibria(tree, exact=exact, tol=tol, **options)
    if options:
        raise TypeError(f"options {sorted(options)} apply to concept 'pbe' only, not {concept!r}")
    from .subgame_perfection import solve_tree

    return solve_tree(tree, concept, exact=exact, tol=tol)
