"""Subgame-perfect and Nash equilibria of game trees, and the one entry point :func:`solve_tree`.

*Subgame decomposition* (Selten 1965, 1975): the proper subgames are found
(nodes whose subtree no information set crosses) and solved from the deepest
up. Each subgame, with its own deeper subgames replaced by the payoffs of one
of their equilibria, is solved through its reduced strategic form with the
normal-form engine (:func:`gametheory.solvers.solve`: every extreme
equilibrium for two players, exactly in exact mode); the equilibria are read
back as behaviour (Kuhn) and combined with the deeper ones. Every combination
is an SPE, certified by its regret in every subgame.

*Nash equilibria* come from the reduced strategic form of the whole tree,
solved the same way.

References
----------
Selten, R. (1965). Spieltheoretische Behandlung eines Oligopolmodells mit
Nachfrageträgheit. *Zeitschrift für die gesamte Staatswissenschaft* 121.
Selten, R. (1975). Reexamination of the perfectness concept for equilibrium
points in extensive games. *International Journal of Game Theory* 4, 25-55.
Kuhn, H. W. (1953). Extensive games and the problem of information.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np

from ..games.extensive.conversions import mixed_to_behavior, reduced_strategic_form
from ..games.extensive._tree_walk import _tree_lists
from ..games.extensive.equilibrium import TreeSolveResult, certify_tree, node_values, subgame_roots
from ..games.extensive.tree import CHANCE, TERMINAL, GameTree
from ..games.normal_form import onto_unit_interval, payoff_spread
from ..numerics import scaled_tolerance
from .backward_induction import _SMALL_TREE, _walks_nodes, certify_pure_profile

__all__ = ["solve_tree", "subgame_perfect_equilibria", "nash_equilibria", "CONCEPTS"]

#: Solution concepts :func:`solve_tree` knows.
CONCEPTS = ("spe", "nash")

#: Default cap on the number of equilibria combined from subgames.
MAX_EQUILIBRIA = 1000


def solve_tree(tree: GameTree, concept: str = "spe", *, exact: bool | None = None, tol: float | None = None,
               max_equilibria: int = MAX_EQUILIBRIA) -> TreeSolveResult:
    """Solve a game tree for its subgame-perfect (``"spe"``) or Nash (``"nash"``) equilibria.

    Parameters
    ----------
    tree : GameTree
    concept : {"spe", "nash"}
        ``"spe"``: backward induction on perfect-information trees (every pure
        SPE), subgame decomposition otherwise. ``"nash"``: every extreme
        equilibrium of the reduced strategic form (two players), read back as
        behaviour.
    exact : bool, optional
        Exact arithmetic (default: when the tree is exact). ``True`` on a
        float tree reads its payoffs as decimals.
    tol : float, optional
        Float-mode tolerance.
    max_equilibria : int
        Cap on equilibria listed (``complete`` is False when reached).

    Examples
    --------
    >>> from gametheory.games.extensive import build_tree, decision, terminal
    >>> tree = build_tree(decision("Challenger", {
    ...     "Attack": decision("Defender", {"Defend": terminal(-1, -1), "Yield": terminal(1, 0)}),
    ...     "Refrain": terminal(0, 1)}))
    >>> [e.to_dict()["behavior"] for e in solve_tree(tree)]
    [[[['1', '0']], [['0', '1']]]]
    >>> [e.to_dict()["behavior"] for e in solve_tree(tree, "nash")]
    [[[['1', '0']], [['0', '1']]], [[['0', '1']], [['1', '0']]], [[['0', '1']], [['1/2', '1/2']]]]
    """
    if not isinstance(tree, GameTree):
        raise TypeError(f"solve_tree() takes a GameTree, got {type(tree).__name__}")
    if concept not in CONCEPTS:
        raise ValueError(f"unknown solution concept {concept!r}; choose one of {list(CONCEPTS)}")
    tree = _in_mode(tree, exact)
    if concept == "nash":
        return nash_equilibria(tree, tol=tol, max_equilibria=max_equilibria)
    if tree.is_perfect_information:
        from .backward_induction import backward_induction

        return backward_induction(tree, max_equilibria=max_equilibria, tol=tol)
    return subgame_perfect_equilibria(tree, tol=tol, max_equilibria=max_equilibria)


def _in_mode(tree: GameTree, exact: bool | None) -> GameTree:
    if tree.is_symbolic:
        raise ValueError(f"the tree has symbolic payoffs (parameters {list(tree.parameters)}): "
                         "use tree.substitute(...) first")
    if exact is None or exact == tree.is_exact:
        return tree
    return tree.as_exact() if exact else tree.as_float()


def _solve_form(tree: GameTree, tol):
    """Extreme equilibria of the reduced strategic form, as flat behaviour profiles.

    Players without a move in ``tree`` are left out of the normal form (they
    have one plan), so the normal-form engine sees only the players who act.
    """
    from ..games.normal_form import NormalFormGame
    from . import solve

    form = reduced_strategic_form(tree)
    game = form.game
    active = [i for i in range(tree.n_players) if len(tree.player_infosets(i))]
    if not active:
        # Only chance moves (or none): nothing to choose.
        return [np.zeros(0, dtype=object if tree.is_exact else float)], True, False, []
    if len(active) < tree.n_players:
        index = tuple(slice(None) if i in active else 0 for i in range(tree.n_players))
        small = NormalFormGame([game.payoffs[i][index] for i in active], players=[game.players[i] for i in active],
                               actions=[game.actions[i] for i in active], exact=game.is_exact, title=game.title)
    else:
        small = game
    result = solve(small, exact=tree.is_exact, tol=tol)
    profiles, seen = [], set()
    one = Fraction(1) if tree.is_exact else 1.0
    for equilibrium in result.equilibria:
        strategies = []
        k = 0
        for i in range(tree.n_players):
            if i in active:
                strategies.append(equilibrium.strategies[k])
                k += 1
            else:
                strategies.append(np.array([one], dtype=object if tree.is_exact else float))
        flat = mixed_to_behavior(form, strategies)
        key = tuple(flat.tolist()) if tree.is_exact else tuple(np.round(np.asarray(flat, float), 9).tolist())
        if key not in seen:
            seen.add(key)
            profiles.append(flat)
    continuum = bool(result.continuum) or (len(active) == 1 and len(result.equilibria) > 1)
    notes = [f"strategic form solved by {result.method}"]
    notes.extend(result.notes)
    return profiles, bool(result.complete), continuum, notes


def nash_equilibria(tree: GameTree, *, tol: float | None = None, max_equilibria: int = MAX_EQUILIBRIA) -> TreeSolveResult:
    """Nash equilibria of a tree through its reduced strategic form, as certified behaviour profiles."""
    profiles, complete, continuum, notes = _solve_form(tree, tol)
    if len(profiles) > max_equilibria:
        profiles, complete = profiles[:max_equilibria], False
    equilibria = tuple(certify_tree(tree, flat, concept="nash", tol=tol) for flat in profiles)
    return TreeSolveResult(tree, "nash", equilibria, "reduced_strategic_form", complete, continuum=continuum,
                           notes=tuple(dict.fromkeys(notes)), exact=tree.is_exact)


def _region_tree(tree: GameTree, root: int, cut: dict[int, tuple]):
    """The subgame at ``root`` with each deeper subgame root in ``cut`` made a terminal node with the given payoffs.

    Returns the tree and the list of original nodes in its order.
    """
    order = [root]
    parent = [-1]
    head = 0
    while head < len(order):
        v = order[head]
        head += 1
        if v in cut:
            continue
        start = int(tree.first_child[v])
        if start >= 0:
            for c in range(start, start + int(tree.n_children[v])):
                order.append(c)
                parent.append(head - 1)
    n = len(order)
    exact = tree.is_exact
    payoffs = np.empty((n, tree.n_players), dtype=object)
    payoffs[:] = Fraction(0) if exact else 0.0
    player = np.empty(n, dtype=np.int64)
    infoset = np.full(n, -1, dtype=np.int64)
    probabilities = np.empty(n, dtype=object)
    probabilities[:] = Fraction(0) if exact else 0.0
    chance_actions = {}
    for k, v in enumerate(order):
        if k:
            probabilities[k] = tree.move_probabilities[v]
        if v in cut:
            player[k] = TERMINAL
            payoffs[k] = cut[v]
            continue
        player[k] = tree.node_player[v]
        if player[k] == TERMINAL:
            payoffs[k] = tree.payoff_matrix[v]
        elif player[k] == CHANCE:
            chance_actions[k] = tree.actions_at(v)
        else:
            infoset[k] = tree.node_infoset[v]
    sets = sorted({int(h) for h in infoset if h >= 0})
    sub = GameTree.from_arrays(
        parent, player, payoffs, infoset=infoset, players=tree.players,
        actions={h: tree.infoset_actions[h] for h in sets}, infoset_labels={h: tree.infoset_labels[h] for h in sets},
        probabilities=probabilities if chance_actions else None, chance_actions=chance_actions, exact=exact,
    )
    return sub, order, sets


def subgame_perfect_equilibria(tree: GameTree, *, tol: float | None = None,
                               max_equilibria: int = MAX_EQUILIBRIA) -> TreeSolveResult:
    """Subgame-perfect equilibria by subgame decomposition (any tree with perfect recall).

    Returns
    -------
    TreeSolveResult
        Concept ``"spe"``, method ``"subgame_decomposition"``: every
        combination of the extreme equilibria of the subgames (up to
        ``max_equilibria``), each certified in every subgame. ``continuum`` is
        True when some subgame has a continuum of equilibria.

    Examples
    --------
    >>> from gametheory.games.extensive import build_tree, decision, terminal
    >>> tree = build_tree(decision("Entrant", {
    ...     "Out": terminal(0, 2),
    ...     "In": decision("Entrant", {
    ...         "Fight": decision("Incumbent", {"Fight": terminal(-2, -1), "Accommodate": terminal(-3, 1)}, infoset="i"),
    ...         "Accommodate": decision("Incumbent", {"Fight": terminal(1, -2), "Accommodate": terminal(3, 1)}, infoset="i")})}))
    >>> result = subgame_perfect_equilibria(tree)
    >>> [e.payoffs for e in result]
    [(Fraction(3, 1), Fraction(1, 1))]
    """
    if tree.is_symbolic:
        raise ValueError(f"the tree has symbolic payoffs (parameters {list(tree.parameters)}): substitute values first")
    if not isinstance(max_equilibria, int) or max_equilibria < 1:
        raise ValueError(f"max_equilibria must be a positive integer, got {max_equilibria!r}")
    exact = tree.is_exact
    offsets = tree.action_offsets
    lists = _tree_lists(tree)
    kind, first, count, parent = lists["player"], lists["first"], lists["count"], lists["parent"]
    perfect = tree.is_perfect_information
    # Every non-terminal node of a perfect-information tree roots a subgame; level order puts each after its
    # ancestors (and siblings in action order), which is all the combination below needs.
    roots = np.flatnonzero(tree.node_player != TERMINAL).tolist() if perfect else subgame_roots(tree).tolist()
    is_root = [False] * len(kind)
    for r in roots:
        is_root[r] = True
    # The nearest enclosing subgame of each root: one pass down the tree (level order: parents first).
    nearest = [0] * len(kind)
    for v in range(1, len(kind)):
        nearest[v] = v if is_root[v] else nearest[parent[v]]
    children_of: dict[int, list] = {r: [] for r in roots}
    for r in roots:
        if r:
            children_of[nearest[parent[r]]].append(r)
    complete, continuum, capped = True, False, False
    notes = []
    one, zero = (Fraction(1), Fraction(0)) if exact else (1.0, 0.0)
    payoff_rows = tree.payoff_matrix if exact else np.asarray(tree.payoff_matrix, dtype=float)
    probability = (tree.move_probabilities if exact else np.asarray(tree.move_probabilities, dtype=float)).tolist()
    infoset, action_start = lists["infoset"], lists["offsets"]
    # solutions[r]: list of (payoff vector, {move index: probability}, {child root: solution index})
    solutions: dict[int, list] = {}
    for r in reversed(roots):
        kids = children_of[r]
        children = range(first[r], first[r] + count[r])
        # A root whose children are all terminal or deeper roots is one move (or one lottery): solved directly.
        one_move = all(not count[c] or is_root[c] for c in children)
        found = []
        combos = itertools.product(*(range(len(solutions[s])) for s in kids))
        for combo in combos:
            cut = {s: solutions[s][k][0] for s, k in zip(kids, combo)}
            below = dict(zip(kids, combo))
            if one_move:
                vectors = [cut[c] if c in cut else tuple(payoff_rows[c].tolist()) for c in children]
                if kind[r] == CHANCE:
                    choices, tied = [(_expectation(vectors, probability[first[r]:first[r] + count[r]], zero), {})], False
                else:
                    choices, tied = _best_moves(vectors, kind[r], action_start[infoset[r]], exact, tol, one, zero)
                continuum |= tied
                found.extend((vector, assignment, below) for vector, assignment in choices)
            else:
                sub, order, sets = _region_tree(tree, r, cut)
                profiles, sub_complete, sub_continuum, sub_notes = _solve_form(sub, tol)
                complete &= sub_complete
                continuum |= sub_continuum
                notes.extend(sub_notes)
                values_at_root = [node_values(sub, flat)[0] for flat in profiles]
                for flat, value in zip(profiles, values_at_root):
                    assignment = {}
                    for h_new, h in enumerate(sets):
                        for a in range(len(tree.infoset_actions[h])):
                            assignment[int(offsets[h]) + a] = flat[int(sub.action_offsets[h_new]) + a]
                    found.append((tuple(value.tolist()), assignment, below))
            if len(found) >= max_equilibria:
                # Capped when more were found than are kept, or when combinations are left unexplored.
                capped |= len(found) > max_equilibria or next(combos, None) is not None
                break
        solutions[r] = found[:max_equilibria]
    complete &= not capped
    equilibria = []
    flats = []
    for k in range(len(solutions[0])):
        flat = np.empty(int(offsets[-1]), dtype=object if exact else float)
        stack = [(0, k)]
        while stack:
            r, s = stack.pop()
            _, assignment, below = solutions[r][s]
            for m, p in assignment.items():
                flat[m] = p
            stack.extend(below.items())
        flats.append(flat)
    choices = _pure_choices(tree, flats) if perfect and tree.n_nodes > _SMALL_TREE and _walks_nodes(tree) else None
    if choices is not None:  # large deep perfect-information trees: the one-walk certificate of each pure SPE
        equilibria = [certify_pure_profile(tree, choice, tol=tol) for choice in choices]
    else:
        equilibria = [certify_tree(tree, flat, concept="spe", tol=tol) for flat in flats]
    if capped:
        notes.append(f"at most {max_equilibria} equilibria are combined per subgame")
    elif not complete:
        notes.append("some subgame's strategic form was not solved completely (see the notes above), "
                     "so further SPE may exist")
    return TreeSolveResult(tree, "spe", tuple(equilibria), "subgame_decomposition", complete, continuum=continuum,
                           notes=tuple(dict.fromkeys(notes)), exact=exact)


def _best_moves(vectors: list, mover: int, start: int, exact: bool, tol, one, zero):
    """The equilibria of a subgame that is one decision: the mover's best children (every one at a tie).

    The same as solving its one-player strategic form, without building it:
    in float mode a tie counts as the float engine counts it, within the
    tolerance once the mover's payoffs are mapped onto [0, 1]
    (:meth:`~gametheory.games.normal_form.NormalFormGame.normalized`). ``vectors`` are the children's payoff vectors, ``start`` the
    flat index of the node's first move. Returns ``(choices, tied)``: a list
    of (payoff vector, {move index: probability}) and whether the mover is
    indifferent between several best children (mixing among them gives
    further equilibria).
    """
    own = [vector[mover] for vector in vectors]
    top = max(own)
    if exact:
        best = [a for a, u in enumerate(own) if u == top]
    else:
        # As the float engine decides: the mover's payoffs mapped onto [0, 1], the tolerance applied there.
        low, high = float(min(own)), float(top)
        if high > low and math.isfinite(high - low):
            unit = [(float(u) - low) / (high - low) for u in own]
        else:
            unit = onto_unit_interval(np.array(own, dtype=float), low, high).tolist()
        slack = scaled_tolerance(tol, payoff_spread(min(unit), max(unit)))
        best = [a for a, u in enumerate(unit) if u >= max(unit) - slack]
    choices = []
    for a in best:
        assignment = {start + b: one if b == a else zero for b in range(len(vectors))}
        choices.append((vectors[a], assignment))
    return choices, len(best) > 1


def _expectation(vectors: list, probabilities: list, zero) -> tuple:
    """The expected payoff vector of a chance move, each player's ``sum(u * p)`` in the children's order (as a
    pass over the tree's levels sums a node's children)."""
    expected = []
    for i in range(len(vectors[0])):
        total = None
        for vector, p in zip(vectors, probabilities):
            term = vector[i] * p
            total = term if total is None else total + term
        expected.append(zero if total is None else total)
    return tuple(expected)


def _pure_choices(tree: GameTree, flats: list):
    """The action chosen at each decision node under each flat profile, or None if some profile is not pure."""
    offsets = tree.action_offsets
    decision = np.flatnonzero(tree.node_player >= 0)
    choices = []
    for flat in flats:
        chosen = np.flatnonzero(np.asarray(flat == 1, dtype=bool))
        if len(chosen) != len(decision) or any(p != 0 and p != 1 for p in flat.tolist()):
            return None
        choice = np.full(tree.n_nodes, -1, dtype=np.int64)
        # One move of probability 1 per information set, in the order of the sets (as offsets number them).
        owner = np.searchsorted(offsets, chosen, side="right") - 1
        node_of = np.empty(tree.n_infosets, dtype=np.int64)
        node_of[tree.node_infoset[decision]] = decision
        choice[node_of[owner]] = chosen - offsets[owner]
        if np.any(choice[decision] < 0):
            return None
        choices.append(choice)
    return choices
