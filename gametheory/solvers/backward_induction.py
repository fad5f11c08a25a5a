"""Backward induction: every pure subgame-perfect equilibrium of a perfect-information tree.

The tree is solved level by level from the deepest, over whole arrays: at
each decision node the mover's payoff at every child is compared, the best
child chosen and its payoff vector passed up; chance nodes pass up the
expectation. No recursion, and one vectorised step per level, so a tree of a
million nodes is solved in well under a second (in float mode).

Ties are not broken silently. When some mover is indifferent between
several best children, every choice among them starts a different pure SPE,
and the choices below shape the values above; the nodes whose subtree holds
a tie are then solved again by exhaustive combination (up to
``max_equilibria`` profiles), giving *every* pure SPE. Indifference also
allows mixing there, so the result then reports ``continuum=True``.

References
----------
Zermelo, E. (1913). Über eine Anwendung der Mengenlehre auf die Theorie des
Schachspiels. Kuhn, H. W. (1953). Extensive games and the problem of
information. Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game
Theory*, Proposition 99.2.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np

from ..games.extensive.equilibrium import TreeSolveResult, _certify, payoff_scale
from ..games.extensive.tree import CHANCE, GameTree
from ..numerics import scaled_tolerance

__all__ = ["backward_induction", "backward_induction_values"]

#: Default cap on the number of pure SPE listed when ties multiply them.
MAX_EQUILIBRIA = 1000


def backward_induction_values(tree: GameTree, *, tol: float | None = None):
    """One backward-induction pass (first best child at ties).

    Returns
    -------
    values : ndarray, shape (n_nodes, n_players)
        The SPE payoff vector of each subgame under this tie-breaking.
    choice : ndarray of int
        The chosen action index at each decision node (``-1`` elsewhere).
    ties : ndarray of int
        The number of best children at each decision node (more than 1 is a tie).
    """
    _check(tree)
    exact = tree.is_exact
    values = tree.payoff_matrix.copy() if exact else np.asarray(tree.payoff_matrix, dtype=float).copy()
    probabilities = tree.move_probabilities if exact else np.asarray(tree.move_probabilities, dtype=float)
    n = tree.n_nodes
    choice = np.full(n, -1, dtype=np.int64)
    ties = np.zeros(n, dtype=np.int64)
    slack = None if exact else scaled_tolerance(tol, payoff_scale(tree))
    if n <= _SMALL_TREE:
        return _small_tree_values(tree, values, probabilities, slack)
    player, first_child, n_children = tree.node_player, tree.first_child, tree.n_children
    for start, end in reversed(tree.levels[:-1]):
        movers = np.arange(start, end)
        movers = movers[n_children[movers] > 0]
        if not len(movers):
            continue
        first = int(first_child[movers[0]])
        last = int(first_child[movers[-1]] + n_children[movers[-1]])
        offsets = first_child[movers] - first
        counts = n_children[movers]
        who = player[movers]
        decision = who >= 0
        block = values[first:last]
        # The mover's payoff at each child (chance nodes read player 0; unused).
        mover_of_child = np.repeat(np.maximum(who, 0), counts)
        own = block[np.arange(last - first), mover_of_child]
        best = np.maximum.reduceat(own, offsets)
        best_of_child = np.repeat(best, counts)
        is_best = (own == best_of_child) if exact else (own >= best_of_child - slack)
        local = np.arange(last - first) - np.repeat(offsets, counts)
        first_best = np.minimum.reduceat(np.where(is_best, local, np.iinfo(np.int64).max), offsets)
        n_best = np.add.reduceat(is_best.astype(np.int64), offsets)
        chosen = first + offsets + first_best
        if decision.all():
            values[movers] = block[chosen - first]
        else:
            expected = np.add.reduceat(block * probabilities[first:last, None], offsets, axis=0)
            values[movers] = np.where(decision[:, None], block[chosen - first], expected)
        choice[movers] = np.where(decision, first_best, -1)
        ties[movers] = np.where(decision, n_best, 0)
    return values, choice, ties


#: Up to this many nodes, :func:`backward_induction_values` walks the nodes in
#: Python: on a small tree a level's numpy calls cost more than its arithmetic.
_SMALL_TREE = 256


def _small_tree_values(tree: GameTree, values: np.ndarray, probabilities: np.ndarray, slack):
    """:func:`backward_induction_values` node by node, from the last node up, with the same choices and ties.

    Nodes are numbered level by level, so every child comes after its parent
    and the reverse order meets children first.
    """
    exact = slack is None
    n_players = tree.n_players
    player = tree.node_player.tolist()
    first_child = tree.first_child.tolist()
    n_children = tree.n_children.tolist()
    rows = values.tolist()
    probability = probabilities.tolist()
    n = len(rows)
    choice = [-1] * n
    ties = [0] * n
    zero = Fraction(0) if exact else 0.0
    for v in range(n - 1, -1, -1):
        count = n_children[v]
        if not count:
            continue
        first, who = first_child[v], player[v]
        if who >= 0:
            own = [rows[c][who] for c in range(first, first + count)]
            best = max(own)
            if exact:
                tied = [a for a, u in enumerate(own) if u == best]
            else:
                tied = [a for a, u in enumerate(own) if u >= best - slack]
            rows[v] = rows[first + tied[0]]
            choice[v] = tied[0]
            ties[v] = len(tied)
        else:
            expected = [zero] * n_players
            for c in range(first, first + count):
                p = probability[c]
                expected = [e + u * p for e, u in zip(expected, rows[c])]
            rows[v] = expected
    out = np.empty(values.shape, dtype=values.dtype)
    out[...] = rows
    return out, np.array(choice, dtype=np.int64), np.array(ties, dtype=np.int64)


def _check(tree: GameTree) -> None:
    if not isinstance(tree, GameTree):
        raise TypeError(f"backward induction takes a GameTree, got {type(tree).__name__}")
    if tree.is_symbolic:
        raise ValueError(f"the tree has symbolic payoffs (parameters {list(tree.parameters)}): substitute values first")
    if not tree.is_perfect_information:
        raise ValueError("backward induction needs perfect information; this tree has information sets with several "
                         "nodes: use subgame_perfect_equilibria (subgame decomposition) instead")


def _flat_behavior(tree: GameTree, choice: np.ndarray, exact: bool) -> np.ndarray:
    total = int(tree.action_offsets[-1])
    decision = np.flatnonzero(tree.node_player >= 0)
    index = tree.action_offsets[tree.node_infoset[decision]] + choice[decision]
    if exact:
        flat = np.empty(total, dtype=object)
        flat[:] = Fraction(0)
        flat[index] = Fraction(1)
    else:
        flat = np.zeros(total)
        flat[index] = 1.0
    flat.setflags(write=False)
    return flat


def backward_induction(tree: GameTree, *, max_equilibria: int = MAX_EQUILIBRIA, tol: float | None = None) -> TreeSolveResult:
    """Every pure subgame-perfect equilibrium of a perfect-information tree.

    Parameters
    ----------
    tree : GameTree
        Perfect information (chance nodes allowed).
    max_equilibria : int
        At most this many equilibria are listed when ties multiply them
        (``complete`` is then False).
    tol : float, optional
        Float mode: payoffs within this (scaled) tolerance count as ties.

    Returns
    -------
    TreeSolveResult
        Concept ``"spe"``; each equilibrium certified in every subgame.
        ``continuum`` is True when some mover is indifferent at some node of
        some SPE, so that mixing there gives further (mixed) SPE.

    Examples
    --------
    >>> from gametheory.games.extensive import build_tree, decision, terminal
    >>> tree = build_tree(decision("Challenger", {
    ...     "Attack": decision("Defender", {"Defend": terminal(-1, -1), "Yield": terminal(1, 0)}),
    ...     "Refrain": terminal(0, 1)}))
    >>> result = backward_induction(tree)
    >>> [e.choices() for e in result]
    [{('Challenger', 1): 'Attack', ('Defender', 1): 'Yield'}]
    >>> result[0].payoffs, result.continuum
    ((Fraction(1, 1), Fraction(0, 1)), False)
    """
    _check(tree)
    if not isinstance(max_equilibria, int) or max_equilibria < 1:
        raise ValueError(f"max_equilibria must be a positive integer, got {max_equilibria!r}")
    exact = tree.is_exact
    values, choice, ties = backward_induction_values(tree, tol=tol)
    tied_nodes = np.flatnonzero(ties > 1)
    notes = []
    if not len(tied_nodes):
        profiles, complete = [choice], True
    else:
        profiles, complete = _all_profiles(tree, values, choice, ties, max_equilibria, tol)
        notes.append(f"{len(tied_nodes)} decision node{'s' if len(tied_nodes) != 1 else ''} with ties: "
                     "each best choice gives a pure SPE, and mixing among them gives further SPE")
        if not complete:
            notes.append(f"only the first {max_equilibria} pure SPE are listed")
    # The profiles are built here (one action per decision node), so only the certificate is computed.
    equilibria = tuple(_certify(tree, _flat_behavior(tree, c, exact), "spe", tol) for c in profiles)
    return TreeSolveResult(tree, "spe", equilibria, "backward_induction", complete,
                           continuum=bool(len(tied_nodes)), notes=tuple(notes), exact=exact)


def _all_profiles(tree: GameTree, values, choice, ties, limit: int, tol):
    """Every pure SPE when ties occur: exhaustive over the nodes whose subtree holds a tie."""
    exact = tree.is_exact
    slack = None if exact else scaled_tolerance(tol, payoff_scale(tree))
    ambiguous = ties > 1
    for start, end in reversed(tree.levels[:-1]):
        movers = np.arange(start, end)
        movers = movers[tree.n_children[movers] > 0]
        if not len(movers):
            continue
        first = int(tree.first_child[movers[0]])
        last = int(tree.first_child[movers[-1]] + tree.n_children[movers[-1]])
        below = np.logical_or.reduceat(ambiguous[first:last], tree.first_child[movers] - first)
        ambiguous[movers] |= below
    probabilities = tree.move_probabilities
    player = tree.node_player
    complete = True
    # solutions[v]: list of (value vector, choice at v, child solution indices (ambiguous children only))
    solutions: dict[int, list] = {}
    for v in reversed(np.flatnonzero(ambiguous).tolist()):
        kids = list(range(int(tree.first_child[v]), int(tree.first_child[v] + tree.n_children[v])))
        options = [range(len(solutions[c])) if ambiguous[c] else (None,) for c in kids]
        found = []
        for combo in itertools.product(*options):
            vectors = [solutions[c][k][0] if k is not None else tuple(values[c].tolist()) for c, k in zip(kids, combo)]
            if player[v] == CHANCE:
                vector = tuple(sum((probabilities[c] * vec[i] for c, vec in zip(kids, vectors)),
                                   Fraction(0) if exact else 0.0) for i in range(tree.n_players))
                found.append((vector, -1, combo))
            else:
                i = int(player[v])
                best = max(vec[i] for vec in vectors)
                for a, vec in enumerate(vectors):
                    if (vec[i] == best) if exact else (vec[i] >= best - slack):
                        found.append((vec, a, combo))
            if len(found) >= limit:
                complete = complete and len(found) == limit and _exhausted(combo, options)
                found = found[:limit]
                break
        solutions[v] = found
    profiles = []
    for k in range(len(solutions[0])):
        profile = choice.copy()
        stack = [(0, k)]
        while stack:
            v, s = stack.pop()
            _, a, combo = solutions[v][s]
            if a >= 0:
                profile[v] = a
            for c, sub in zip(range(int(tree.first_child[v]), int(tree.first_child[v] + tree.n_children[v])), combo):
                if sub is not None:
                    stack.append((c, sub))
        profiles.append(profile)
    return profiles, complete


def _exhausted(combo, options) -> bool:
    """Whether ``combo`` is the last combination of ``itertools.product(*options)``."""
    return all(k == (opts[-1] if len(opts) else None) for k, opts in zip(combo, options))
