"""Backward induction: every pure subgame-perfect equilibrium of a perfect-information tree.

A bushy tree is solved level by level from the deepest, over whole arrays:
at each decision node the mover's payoff at every child is compared, the best
child chosen and its payoff vector passed up; chance nodes pass up the
expectation. No recursion, and one vectorised step per level, so a tree of a
million nodes is solved in well under a second (in float mode). A deep tree
(few nodes per level, as a centipede) would spend its time in the fixed cost
of each level's numpy calls, so small and deep trees are walked node by node
over Python lists instead, from the last node up; the two routes make the
same choices. On the node route each pure SPE is also certified in one walk
(every player's best value and the profile's value at every node, which give
the regret in every subgame), rather than by the level passes of
:func:`~gametheory.games.extensive.equilibrium.certify_tree`.

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

from ..equilibrium import NotAnEquilibriumError
from ..games.extensive._tree_walk import _tree_numbers, _walked_lists
from ..games.extensive.equilibrium import TreeEquilibrium, TreeSolveResult, _certify, payoff_scale
from ..games.extensive.tree import CHANCE, TERMINAL, GameTree
from ..numerics import format_value, scaled_tolerance

__all__ = ["backward_induction", "backward_induction_values", "certify_pure_profile"]

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
    slack = None if exact else scaled_tolerance(tol, payoff_scale(tree))
    if _walks_nodes(tree):
        columns, row, choice, ties = _node_values(tree, slack)
        return _gather(columns, row, exact), np.array(choice, dtype=np.int64), np.array(ties, dtype=np.int64)
    return _level_values(tree, slack)


#: Up to this many nodes, a tree is walked node by node in Python: on a small
#: tree a level's numpy calls cost more than its arithmetic.
_SMALL_TREE = 256

#: Larger trees with fewer nodes than this per level on average are walked node
#: by node too: each level costs some fifteen numpy calls (tens of microseconds),
#: a node about a microsecond in Python.
_NODES_PER_LEVEL = 32


def _walks_nodes(tree: GameTree) -> bool:
    """Whether the node-by-node route is the cheaper one for ``tree`` (small, or deep for its size)."""
    n = tree.n_nodes
    return n <= _SMALL_TREE or len(tree.levels) * _NODES_PER_LEVEL > n


def _level_values(tree: GameTree, slack):
    """:func:`backward_induction_values` level by level from the deepest, over whole arrays."""
    exact = slack is None
    values = tree.payoff_matrix.copy() if exact else np.asarray(tree.payoff_matrix, dtype=float).copy()
    probabilities = tree.move_probabilities if exact else np.asarray(tree.move_probabilities, dtype=float)
    n = tree.n_nodes
    choice = np.full(n, -1, dtype=np.int64)
    ties = np.zeros(n, dtype=np.int64)
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


def _columns(tree: GameTree, exact: bool) -> tuple[list, list]:
    """Each player's payoff at every node as one list per player (0 where not terminal), and the chance
    probability of every move (an empty list when the tree has no chance node)."""
    payoffs = tree.payoff_matrix if exact else np.asarray(tree.payoff_matrix, dtype=float)
    columns = [payoffs[:, i].tolist() for i in range(tree.n_players)]
    has_chance = bool(np.any(tree.node_player == CHANCE))
    probabilities = tree.move_probabilities if exact else np.asarray(tree.move_probabilities, dtype=float)
    return columns, probabilities.tolist() if has_chance else []


def _node_values(tree: GameTree, slack):
    """:func:`backward_induction_values` node by node, from the last node up, over Python lists.

    Nodes are numbered level by level, so every child comes after its parent
    and the reverse order meets children first. The comparisons are those of
    :func:`_level_values` (exact equality, or within ``slack`` of the best).
    A node's value is kept as the index of a row of ``columns`` (a terminal
    node's own, or a row appended for a chance node's expectation, summed in
    the children's order as the level route does), so that passing a value
    up is one assignment. Returns ``(columns, row, choice, ties)``: node
    ``v``'s value is ``columns[i][row[v]]`` for player ``i`` (see
    :func:`_gather`); ``choice`` and ``ties`` are lists by node.
    """
    exact = slack is None
    lists = _walked_lists(tree)  # the certificate reads the walked lists too
    kind, first, count = lists["player"], lists["first"], lists["count"]
    columns, chance = _columns(tree, exact)
    n = len(kind)
    row = list(range(n))  # the row of columns holding each node's value
    choice = [-1] * n
    ties = [0] * n
    for v in range(n - 1, -1, -1):
        k = count[v]
        if not k:
            continue
        c0, j = first[v], kind[v]
        if j < 0:
            row[v] = _append_expectation(columns, chance, row, c0, k)
            continue
        own = columns[j]
        if k == 2:  # the common case, without building lists
            x, y = own[row[c0]], own[row[c0 + 1]]
            if exact:
                tied_x, tied_y = x >= y, y >= x
            else:
                top = x if x >= y else y
                tied_x, tied_y = x >= top - slack, y >= top - slack
            a = 0 if tied_x else 1
            row[v] = row[c0 + a]
            choice[v] = a
            ties[v] = tied_x + tied_y
            continue
        values = [own[row[c]] for c in range(c0, c0 + k)]
        top = max(values)
        if exact:
            tied = [a for a, u in enumerate(values) if u == top]
        else:
            tied = [a for a, u in enumerate(values) if u >= top - slack]
        row[v] = row[c0 + tied[0]]
        choice[v] = tied[0]
        ties[v] = len(tied)
    return columns, row, choice, ties


def _gather(columns: list, row: list, exact: bool) -> np.ndarray:
    """The array ``[[column[r] for column in columns] for r in row]``, one numpy take per player."""
    index = np.array(row, dtype=np.int64)
    out = np.empty((len(row), len(columns)), dtype=object if exact else float)
    for i, column in enumerate(columns):
        source = np.empty(len(column), dtype=out.dtype)
        source[:] = column
        out[:, i] = source[index]
    return out


def _append_expectation(columns: list, chance: list, row: list, c0: int, k: int) -> int:
    """Append the chance node's expected payoffs (``sum(u * p)`` over its children, in their order, as the
    level route sums them) as a new row of ``columns``; return its index."""
    for column in columns:
        total = None
        for c in range(c0, c0 + k):
            term = column[row[c]] * chance[c]
            total = term if total is None else total + term
        column.append(total)
    return len(columns[0]) - 1


def _check(tree: GameTree) -> None:
    if not isinstance(tree, GameTree):
        raise TypeError(f"backward induction takes a GameTree, got {type(tree).__name__}")
    if tree.is_symbolic:
        raise ValueError(f"the tree has symbolic payoffs (parameters {list(tree.parameters)}): substitute values first")
    if not tree.is_perfect_information:
        raise ValueError("backward induction needs perfect information; this tree has information sets with several "
                         "nodes: use subgame_perfect_equilibria (subgame decomposition) instead")


def _flat_behavior(tree: GameTree, choice: np.ndarray, exact: bool) -> np.ndarray:
    decision = np.flatnonzero(tree.node_player >= 0)
    offsets = tree._cache.get("offsets")  # tree.action_offsets, when some route has built it
    if offsets is None:  # from the arrays (tree.action_offsets reads every set's labels in Python)
        counts = np.zeros(tree.n_infosets, dtype=np.int64)
        counts[tree.node_infoset[decision]] = tree.n_children[decision]  # the same at every node of a set
        offsets = np.concatenate([[0], np.cumsum(counts)])
    total = int(offsets[-1])
    index = offsets[tree.node_infoset[decision]] + choice[decision]
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
    slack = None if exact else scaled_tolerance(tol, payoff_scale(tree))
    nodes = _walks_nodes(tree)
    if nodes:
        columns, row, choice, ties = _node_values(tree, slack)
        choice, ties = np.array(choice, dtype=np.int64), np.array(ties, dtype=np.int64)
    else:
        values, choice, ties = _level_values(tree, slack)
    tied_nodes = np.flatnonzero(ties > 1)
    notes = []
    if not len(tied_nodes):
        profiles, complete = [choice], True
    else:
        profiles, complete = _all_profiles(tree, _gather(columns, row, exact) if nodes else values, choice, tied_nodes,
                                           max_equilibria, slack)
        notes.append(f"{len(tied_nodes)} decision node{'s' if len(tied_nodes) != 1 else ''} with ties: "
                     "each best choice gives a pure SPE, and mixing among them gives further SPE")
        if not complete:
            notes.append(f"only the first {max_equilibria} pure SPE are listed")
    # The profiles are built here (one action per decision node), so only the certificate is computed: by the
    # general certificate on small and bushy trees, by one walk of the pure profile on large deep ones.
    if nodes and tree.n_nodes > _SMALL_TREE:
        equilibria = tuple(certify_pure_profile(tree, c, tol=tol) for c in profiles)
    else:
        equilibria = tuple(_certify(tree, _flat_behavior(tree, c, exact), "spe", tol) for c in profiles)
    return TreeSolveResult(tree, "spe", equilibria, "backward_induction", complete,
                           continuum=bool(len(tied_nodes)), notes=tuple(notes), exact=exact)


def certify_pure_profile(tree: GameTree, choice, *, tol: float | None = None) -> TreeEquilibrium:
    """The subgame-perfect certificate of a pure profile of a perfect-information tree, in one walk.

    Bottom up, every node gets the profile's payoff vector (its chosen child's,
    or the expectation at a chance node) and every player's best value against
    the profile (the mover's largest over the children, the others' at the
    chosen child, the expectation at a chance node); the regret in the subgame
    at a node is the difference. Top down, the probability of reaching each
    terminal node. The fields are those of
    :func:`~gametheory.games.extensive.equilibrium.certify_tree` with
    ``concept="spe"`` (exactly in exact mode), computed without its passes
    over the levels, which cost the most on deep trees.

    Parameters
    ----------
    tree : GameTree
        Perfect information, not symbolic.
    choice : array_like of int, shape (n_nodes,)
        The action index chosen at each decision node (ignored elsewhere).
    tol : float, optional
        Float mode: regrets up to this (scaled) tolerance are accepted.

    Raises
    ------
    NotAnEquilibriumError
        If some player gains by deviating in some subgame.

    Examples
    --------
    >>> from gametheory.games.extensive import build_tree, decision, terminal
    >>> tree = build_tree(decision("Challenger", {
    ...     "Attack": decision("Defender", {"Defend": terminal(-1, -1), "Yield": terminal(1, 0)}),
    ...     "Refrain": terminal(0, 1)}))
    >>> certify_pure_profile(tree, [0, 1, -1, -1, -1]).subgame_regrets.tolist()
    [[Fraction(0, 1), Fraction(0, 1)], [Fraction(0, 1), Fraction(0, 1)]]
    """
    _check(tree)
    exact = tree.is_exact
    choice = np.asarray(choice, dtype=np.int64)
    if choice.shape != (tree.n_nodes,):
        raise ValueError(f"choice must hold one action index per node ({tree.n_nodes}), got shape {choice.shape}")
    decision = tree.node_player >= 0
    if np.any(decision & ((choice < 0) | (choice >= tree.n_children))):
        bad = int(np.argmax(decision & ((choice < 0) | (choice >= tree.n_children))))
        raise ValueError(f"choice[{bad}] is {int(choice[bad])}: node {bad} has {int(tree.n_children[bad])} actions")
    slack = Fraction(0) if exact else scaled_tolerance(tol, payoff_scale(tree))
    lists = _walked_lists(tree)  # the certificate reads the walked lists too
    kind, first, count = lists["player"], lists["first"], lists["count"]
    columns, chance = _columns(tree, exact)
    best = [list(column) for column in columns]  # each player's best value at each node
    chosen = choice.tolist()
    n, m = len(kind), tree.n_players
    row = list(range(n))  # the profile's value at each node, as a row of columns (see _node_values)
    for v in range(n - 1, -1, -1):
        k = count[v]
        if not k:
            continue
        c0, j = first[v], kind[v]
        if j < 0:
            row[v] = _append_expectation(columns, chance, row, c0, k)
            for column in best:
                total = None
                for c in range(c0, c0 + k):
                    term = column[c] * chance[c]
                    total = term if total is None else total + term
                column[v] = total
            continue
        c = c0 + chosen[v]
        row[v] = row[c]
        for column in best:
            column[v] = column[c]
        own = best[j]
        if k == 2:
            x, y = own[c0], own[c0 + 1]
            own[v] = x if x >= y else y
        else:
            own[v] = max(own[c0:c0 + k])
    order = _depth_first_order(tree)
    roots = order[tree.node_player[order] != TERMINAL]
    at_roots = roots.tolist()
    values_at = [[column[row[r]] for r in at_roots] for column in columns]
    best_at = [[column[r] for r in at_roots] for column in best]
    if exact:  # the same object where the best is the profile's own value: nothing to subtract
        zero = Fraction(0)
        gains = [[zero if b is u else b - u for b, u in zip(bs, us)] for bs, us in zip(best_at, values_at)]
        regrets = np.empty((len(at_roots), m), dtype=object)
        for i, column in enumerate(gains):
            regrets[:, i] = column
    else:
        regrets = np.maximum(np.array(best_at, dtype=float).T - np.array(values_at, dtype=float).T, 0.0)
        regrets = regrets.reshape(len(at_roots), m)
    failing = np.argwhere(np.asarray(regrets > slack, dtype=bool))
    if len(failing):
        k, i = (int(x) for x in failing[0])
        r = at_roots[k]
        where = "" if r == 0 else f" in the subgame {tree.node_name(r)}"
        what = "not subgame perfect" if r != 0 else "not an equilibrium"
        raise NotAnEquilibriumError(f"{what}: player {tree.players[i]!r} gains {format_value(regrets[k, i])} by "
                                    f"deviating{where} (tolerance {format_value(slack)})")
    path = _pure_path(tree, lists, chance, chosen, order, exact)
    for array in (regrets, path, roots):
        array.setflags(write=False)
    payoffs_at_root = tuple(column[row[0]] for column in columns)
    if not exact:
        payoffs_at_root = tuple(map(float, payoffs_at_root))
    first_row = tuple(regrets[0].tolist()) if len(at_roots) else (slack * 0,) * m
    return TreeEquilibrium(tree=tree, behavior=_flat_behavior(tree, choice, exact), payoffs=payoffs_at_root,
                           path=path, regrets=first_row, subgame_roots=roots, subgame_regrets=regrets,
                           concept="spe", tol=float(slack))


def _pure_path(tree: GameTree, lists: dict, chance: list, chosen: list, order: np.ndarray, exact: bool):
    """The probability of each terminal node (in depth-first order) under a pure profile: only the nodes
    reached are visited, from the root down."""
    kind, first, count = lists["player"], lists["first"], lists["count"]
    one = Fraction(1) if exact else 1.0
    reach = {0: one}
    stack = [0]
    while stack:
        v = stack.pop()
        k = count[v]
        if not k:
            continue
        c0, r = first[v], reach[v]
        if kind[v] >= 0:
            reach[c0 + chosen[v]] = r
            stack.append(c0 + chosen[v])
            continue
        for c in range(c0, c0 + k):  # as the certificate multiplies: a reach of 1 takes the probability itself
            p = chance[c]
            reach[c] = p if r == 1 else r * p
            if p != 0:
                stack.append(c)
    terminals = order[tree.node_player[order] == TERMINAL]
    position = np.empty(tree.n_nodes, dtype=np.int64)
    position[terminals] = np.arange(len(terminals))
    path = np.empty(len(terminals), dtype=object if exact else float)
    path[:] = Fraction(0) if exact else 0.0
    reached = [t for t in reach if not count[t]]
    for t in reached:
        path[position[t]] = reach[t]
    return path


def _depth_first_order(tree: GameTree) -> np.ndarray:
    """The nodes in depth-first order (as ``tree.preorder``), in a time that does not grow with the depth.

    A node's rank is its parent's plus one plus the sizes of its earlier
    siblings' subtrees; the sizes are summed from the last node up and the
    ranks passed down in one loop each (level order: parents first), the
    siblings' offsets in one cumulative sum (siblings are consecutive).
    """
    n = tree.n_nodes
    parent = tree.parent.tolist()
    size = [1] * n
    for v in range(n - 1, 0, -1):
        size[parent[v]] += size[v]
    sizes = np.array(size[1:], dtype=np.int64)
    before = np.concatenate([[0], np.cumsum(sizes)])  # before[v - 1]: total size of nodes 1 .. v-1
    first_sibling = tree.first_child[tree.parent[1:]]
    offset = (1 + before[:-1] - before[first_sibling - 1]).tolist()
    rank = [0] * n
    for v in range(1, n):
        rank[v] = rank[parent[v]] + offset[v - 1]
    order = np.empty(n, dtype=np.int64)
    order[np.array(rank, dtype=np.int64)] = np.arange(n)
    return order


def _all_profiles(tree: GameTree, values: np.ndarray, choice, tied_nodes, limit: int, slack):
    """Every pure SPE when ties occur: exhaustive over the nodes whose subtree holds a tie.

    ``values`` holds each node's values under the first-best choices; only
    the nodes on the paths from a tie to the root are combined.
    """
    exact = slack is None
    lists = _walked_lists(tree)  # the certificate reads the walked lists too
    parent, first, count, player = lists["parent"], lists["first"], lists["count"], lists["player"]
    ambiguous = [False] * tree.n_nodes
    for v in tied_nodes.tolist():
        ambiguous[v] = True
    for v in tied_nodes.tolist():  # each ancestor is marked once: a climb stops at a marked node
        p = parent[v]
        while p >= 0 and not ambiguous[p]:
            ambiguous[p] = True
            p = parent[p]
    probabilities = _tree_numbers(tree, exact)[1]
    complete = True
    # solutions[v]: list of (value vector, choice at v, child solution indices (ambiguous children only))
    solutions: dict[int, list] = {}
    for v in [v for v in range(tree.n_nodes - 1, -1, -1) if ambiguous[v]]:
        kids = range(first[v], first[v] + count[v])
        options = [range(len(solutions[c])) if ambiguous[c] else (None,) for c in kids]
        found = []
        for combo in itertools.product(*options):
            vectors = [solutions[c][k][0] if k is not None else tuple(values[c].tolist()) for c, k in zip(kids, combo)]
            if player[v] == CHANCE:
                vector = tuple(sum((probabilities[c] * vec[i] for c, vec in zip(kids, vectors)),
                                   Fraction(0) if exact else 0.0) for i in range(tree.n_players))
                found.append((vector, -1, combo))
            else:
                i = player[v]
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
            for c, sub in zip(range(first[v], first[v] + count[v]), combo):
                if sub is not None:
                    stack.append((c, sub))
        profiles.append(profile)
    return profiles, complete


def _exhausted(combo, options) -> bool:
    """Whether ``combo`` is the last combination of ``itertools.product(*options)``."""
    return all(k == (opts[-1] if len(opts) else None) for k, opts in zip(combo, options))
