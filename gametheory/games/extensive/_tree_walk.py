"""Walks over a game tree's structure as Python lists: subgame roots and the list-based certificate.

:func:`subgame_roots` finds the proper subgames. The rest serves
:func:`~gametheory.games.extensive.equilibrium.certify_tree` on small trees
(and every tree with information sets): the tree's structure and numbers as
Python lists, cached on the tree (:func:`_tree_lists`, :func:`_tree_numbers`,
also read by the sequence-form solvers), and the walks that give each
player's expected and best values from them (:func:`_list_certificate`;
:func:`_pair_root_float` for the whole game of a two-player tree in float
mode, what a float solve asks for: both players in one pass down and one
up, the same numbers). Best responses are computed on the tree itself, bottom up: the maximum over
the children where the player moves in a perfect-information tree; with
information sets, the best action at each set maximises the sum over its
nodes weighted by the others' and chance's reach, sets with longer own
histories decided first, which perfect recall makes consistent.

References
----------
Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*, ch. 6.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import accumulate

import numpy as np

from .tree import CHANCE, TERMINAL, GameTree

# ------------------------------------------------------------- subgames
def subgame_roots(tree: GameTree) -> np.ndarray:
    """The roots of the proper subgames and of the whole game, in depth-first order.

    A non-terminal node roots a subgame when every information set meeting
    its subtree lies inside it. A node fails exactly when it lies strictly
    below the lowest common ancestor of some information set's nodes and on
    the path to one of them; those paths are marked.

    Examples
    --------
    >>> from gametheory.games.extensive import build_tree, decision, terminal
    >>> tree = build_tree(decision("A", {
    ...     "In": decision("A", {"x": decision("B", {"l": terminal(1, 1), "r": terminal(0, 0)}, infoset="b"),
    ...                          "y": decision("B", {"l": terminal(0, 0), "r": terminal(1, 1)}, infoset="b")}),
    ...     "Out": terminal(2, 2)}))
    >>> subgame_roots(tree).tolist()
    [0, 1]
    """
    cached = tree._cache.get("subgame_roots")
    if cached is not None:
        return cached
    candidate = tree.node_player != TERMINAL
    if not tree.is_perfect_information:
        parent, depth = tree.parent, tree.depth
        for nodes in tree._infoset_nodes():
            if len(nodes) < 2:
                continue
            # Lowest common ancestor: lift the deepest nodes until all meet.
            current = set(int(v) for v in nodes)
            while len(current) > 1:
                deepest = max(depth[v] for v in current)
                current = {int(parent[v]) if depth[v] == deepest else v for v in current}
            lca = current.pop()
            for v in nodes.tolist():
                while v != lca:
                    candidate[v] = False
                    v = int(parent[v])
    roots = np.flatnonzero(candidate)
    order = np.argsort(tree.preorder_rank[roots], kind="stable")
    result = roots[order]
    result.setflags(write=False)
    tree._cache["subgame_roots"] = result
    return result


# ------------------------------------------------- list-based certificate
#: Up to this many nodes a perfect-information tree is certified by walking
#: its nodes in Python: on a small tree each numpy call costs more than the
#: arithmetic it does. Trees with information sets always take the list walk
#: (their best responses are computed node by node in any case).
_SMALL_TREE = 256


_WALKED = frozenset({"move", "terminals", "preorder"})


class _StructureLists(dict):
    """The lists :func:`_tree_lists` builds first: ``move``, ``terminals`` and ``preorder`` are added on first
    access, by one walk depth first (a float solve and its certificate need none of them).

    A subclass of ``dict`` reads its entries more slowly than a ``dict`` (through its ``__getitem__``): walks
    that read the lists many times take them from :func:`_walked_lists`, a plain ``dict``.
    """

    def __missing__(self, key):
        if key not in _WALKED:
            raise KeyError(key)
        _add_walk(self)
        return self[key]


def _tree_lists(tree: GameTree) -> dict:
    """The tree's structure as Python lists, built once and cached on the tree.

    ``player``, ``first``, ``count``, ``parent`` and ``infoset`` are the
    tree's arrays; ``offsets`` its action offsets; ``perfect_information`` a
    flag; ``move[v]``, the flat index (into a behaviour profile) of the
    action leading into ``v`` when its parent is a decision node, else
    ``-1``; ``terminals``, the terminal nodes in depth-first order (children
    in action order), as ``tree.terminals``; ``preorder``, the depth-first
    order. Unless :func:`_walked_lists` built them, the last three are built
    when first read.
    """
    lists = tree._cache.get("certificate_lists")
    if lists is None:
        lists = tree._cache["certificate_lists"] = _StructureLists(_array_lists(tree))
    return lists


def _walked_lists(tree: GameTree) -> dict:
    """:func:`_tree_lists` with ``move``, ``terminals`` and ``preorder`` built, as a plain ``dict`` (for the walks
    that read the lists many times), cached in their place."""
    lists = tree._cache.get("certificate_walked_lists")
    if lists is None:
        lists = tree._cache.get("certificate_lists")
        lists = _array_lists(tree) if lists is None else dict(lists)  # the lists of a float solve: copied
        if "move" not in lists:  # not walked yet
            _add_walk(lists)
        tree._cache["certificate_lists"] = tree._cache["certificate_walked_lists"] = lists
    return lists


def _array_lists(tree: GameTree) -> dict:
    """The tree's own arrays (what its properties return) as lists, its action offsets and the flag."""
    player = tree._player.tolist()
    offsets = [0, *accumulate(map(len, tree._infoset_actions))]  # tree.action_offsets without a numpy call
    return {"player": player, "first": tree._first_child.tolist(), "count": tree._n_children.tolist(),
            "parent": tree._parent.tolist(), "infoset": tree._infoset.tolist(), "offsets": offsets,
            "perfect_information": len(offsets) - 1 == len(player) - player.count(TERMINAL) - player.count(CHANCE)}


def _add_walk(lists: dict) -> None:
    """Add ``move`` and ``preorder`` to the lists, and ``terminals`` unless there (a float certificate lists
    them on its way down): one walk depth first; each decision node numbers its children's moves in one
    slice."""
    first, count, infoset, offsets = lists["first"], lists["count"], lists["infoset"], lists["offsets"]
    move = [-1] * len(count)
    preorder, terminals, stack = [], [], [0]
    while stack:
        v = stack.pop()
        preorder.append(v)
        k = count[v]
        if k:
            c0 = first[v]
            stack.extend(range(c0 + k - 1, c0 - 1, -1))
            h = infoset[v]
            if h >= 0:
                o = offsets[h]
                move[c0:c0 + k] = range(o, o + k)
        else:
            terminals.append(v)
    lists["move"] = move
    lists["preorder"] = preorder
    if "terminals" not in lists:
        lists["terminals"] = terminals


def _last_own_moves(tree: GameTree, player: int) -> list:
    """``tree.last_own_move(player)`` as a list, by one pass over :func:`_tree_lists` (level order: parents first)."""
    cached = tree._cache.get(("last_own_move", player))
    if cached is not None:  # the tree's own array (its perfect-recall check builds it): the same numbers
        return cached.tolist()
    lists = _walked_lists(tree)
    kind, parent, move = lists["player"], lists["parent"], lists["move"]
    last = [-1] * len(kind)
    for v in range(1, len(kind)):
        p = parent[v]
        last[v] = move[v] if kind[p] == player else last[p]
    return last


def _tree_numbers(tree: GameTree, exact: bool) -> tuple[list, list]:
    """Terminal payoff rows and chance-move probabilities as Python numbers (Fractions or floats), cached."""
    key = ("certificate_numbers", True) if exact else ("certificate_numbers", False)  # constants, not built
    numbers = tree._cache.get(key)
    if numbers is None:
        if not exact and tree.is_exact:
            rows = tree._payoffs.tolist()
            lists = _tree_lists(tree)
            kind = lists["player"]
            # An exact tree holds Fractions (0 at the nodes that are not terminal): the correctly rounded quotient
            # of each, read from the two integers ``as_integer_ratio`` returns (its slots: a Python-level call per
            # number costs more than the division).
            if len(tree._players) == 2:
                payoffs = [[a._numerator / a._denominator, b._numerator / b._denominator] for a, b in rows]
            else:
                payoffs = [[a._numerator / a._denominator for a in row] for row in rows]
            chance = [0.0] * len(kind)
            chance_nodes = kind.count(CHANCE)
            if chance_nodes:
                probabilities = tree._probabilities.tolist()
                first, count = lists["first"], lists["count"]
                v = -1
                for _ in range(chance_nodes):
                    v = kind.index(CHANCE, v + 1)
                    for c in range(first[v], first[v] + count[v]):
                        a = probabilities[c]
                        chance[c] = a._numerator / a._denominator
        else:
            payoffs = tree.payoff_matrix.tolist()
            chance = tree.move_probabilities.tolist()
        numbers = (payoffs, chance)
        tree._cache[key] = numbers
    return numbers


def _own_depths(tree: GameTree, player: int) -> dict[int, int]:
    """The number of own moves before each of ``player``'s information sets (perfect recall: one per set)."""
    key = ("certificate_own_depths", player)
    depths = tree._cache.get(key)
    if depths is None:
        lists = _walked_lists(tree)
        offsets = lists["offsets"]
        owner = {}
        for h in range(len(offsets) - 1):
            for m in range(offsets[h], offsets[h + 1]):
                owner[m] = h
        last = _last_own_moves(tree, player)
        first_node = {}
        for v, h in enumerate(lists["infoset"]):
            if lists["player"][v] == player and h not in first_node:
                first_node[h] = v
        depths = {}
        for h, v in first_node.items():
            d, m = 0, last[v]
            while m >= 0:
                d += 1
                m = last[first_node[owner[m]]]
            depths[h] = d
        tree._cache[key] = depths
    return depths


def _list_best_value(tree, lists, payoffs, edge, root: int, player: int, cut: dict):
    """Best value of ``player`` in the subgame at ``root``, deeper subgame roots counting as leaves worth ``cut``.

    The player's information sets are decided deepest own history first
    (perfect recall makes the choices consistent): each maximises the sum,
    over its nodes, of the others' and chance's reach times the value of
    the action's subtree under the choices already made below.
    """
    kind, first, count, parent, infoset = (lists["player"], lists["first"], lists["count"], lists["parent"],
                                           lists["infoset"])
    region, head = [root], 0
    while head < len(region):
        v = region[head]
        head += 1
        if v != root and v in cut:
            continue
        if count[v]:
            region.extend(range(first[v], first[v] + count[v]))
    reach = {root: 1}
    for v in region[1:]:
        p = parent[v]
        reach[v] = reach[p] if kind[p] == player else reach[p] * edge[v]
    members: dict[int, list] = {}
    for v in region:
        if kind[v] == player and (v == root or v not in cut):
            members.setdefault(infoset[v], []).append(v)
    depth = _own_depths(tree, player)
    order = region[::-1]  # breadth-first order reversed: children before parents
    choice: dict[int, int] = {}
    weight: dict[int, object] = {}
    groups = sorted({depth[h] for h in members}, reverse=True) + [None]
    for group in groups:
        for v in order:
            k = kind[v]
            if v != root and v in cut:
                weight[v] = reach[v] * cut[v]
            elif k == TERMINAL:
                weight[v] = reach[v] * payoffs[v][player]
            elif k == player:
                a = choice.get(infoset[v])
                weight[v] = weight[first[v] + a] if a is not None else None
            else:
                terms = [weight[c] for c in range(first[v], first[v] + count[v])]
                weight[v] = None if None in terms else sum(terms[1:], terms[0])
        if group is None:
            break
        for h, nodes in members.items():
            if depth[h] != group:
                continue
            totals = []
            for a in range(count[nodes[0]]):
                terms = [weight[first[v] + a] for v in nodes]
                totals.append(sum(terms[1:], terms[0]))
            choice[h] = max(range(len(totals)), key=totals.__getitem__)
    return weight[root]


def _own_sequence_sets(tree: GameTree, player: int) -> tuple[list, list]:
    """``player``'s last own move at each node, and its information sets as ``(parent move, first move, end)``
    with every set after the sets below it (cached)."""
    key = ("certificate_own_sets", player)
    cached = tree._cache.get(key)
    if cached is None:
        lists = _tree_lists(tree)
        last = _last_own_moves(tree, player)
        offsets, kind, infoset = lists["offsets"], lists["player"], lists["infoset"]
        found = []  # (first node, set) of the player's sets
        for h in range(len(offsets) - 1):
            v = infoset.index(h)
            if kind[v] == player:
                found.append((v, h))
        found.sort()  # level order of the first nodes: a set's first node comes after a node of the set above it
        sets = [(last[v], offsets[h], offsets[h + 1]) for v, h in reversed(found)]
        cached = tree._cache[key] = (last, sets)
    return cached


def _root_best_value(tree, lists, payoffs, edge, player: int, zero):
    """Best value of ``player`` in the whole game, by the player's own sequences (perfect recall).

    Each terminal node adds the others' and chance's reach times its payoff
    to the player's last own move on its path (``-1``: none); an information
    set is worth its best move's total plus the worth of the sets right after
    that move, sets below first; the root is worth what no own move precedes.
    The same number as :func:`_list_best_value` at the root.
    """
    kind, parent = lists["player"], lists["parent"]
    last, sets = _own_sequence_sets(tree, player)
    reach = [None] * len(kind)
    reach[0] = 1
    for v in range(1, len(kind)):
        p = parent[v]
        reach[v] = reach[p] if kind[p] == player else reach[p] * edge[v]
    total: dict = {}
    for z in lists["terminals"]:
        m = last[z]
        term = reach[z] * payoffs[z][player]
        total[m] = total[m] + term if m in total else term
    for before, start, stop in sets:
        best = max([total.get(m, zero) for m in range(start, stop)])
        total[before] = total[before] + best if before in total else best
    return total.get(-1, zero)


def _expected_row(rows: list, edge: list, start: int, stop: int, m: int, zero) -> list:
    """``sum(edge[c] * rows[c])`` over the children ``start..stop-1``, as a new list.

    Moves of probability 0 are skipped and moves of probability 1 add the
    child's row as it is: a pure profile then costs no multiplication, and the
    sum is the same number (exactly, in floats too: ``x + 0.0 == x``).
    """
    total = None
    for c in range(start, stop):
        e = edge[c]
        if e == 0:
            continue
        term = rows[c] if e == 1 else [e * u for u in rows[c]]
        total = term if total is None else [s + t for s, t in zip(total, term)]
    return [zero] * m if total is None else list(total)


def _expected_pair(rows: list, edge: list, start: int, stop: int, m: int, zero) -> list:
    """:func:`_expected_row` for two players, without building intermediate lists (the same sums, in the same
    order)."""
    a = b = None
    for c in range(start, stop):
        e = edge[c]
        if e == 0:
            continue
        x, y = rows[c]
        if e != 1:
            x, y = e * x, e * y
        if a is None:
            a, b = x, y
        else:
            a, b = a + x, b + y
    return [zero, zero] if a is None else [a, b]


def _walk_values(kind: list, first: list, count: list, payoffs: list, edge: list, pi: bool, m: int, zero):
    """Every node's expected values and, in a perfect-information tree, every player's best values (else None)."""
    n = len(kind)
    values = [None] * n
    best = [None] * n if pi else None
    expected = _expected_pair if m == 2 else _expected_row
    for v in range(n - 1, -1, -1):  # level order: every child comes after its parent
        k = count[v]
        if not k:
            values[v] = payoffs[v]
            if pi:
                best[v] = payoffs[v]
            continue
        c0 = first[v]
        values[v] = expected(values, edge, c0, c0 + k, m, zero)
        if pi:
            brow = expected(best, edge, c0, c0 + k, m, zero)
            j = kind[v]
            if j >= 0:
                brow[j] = max([best[c][j] for c in range(c0, c0 + k)])
            best[v] = brow
    return values, best


def _pair_best_values(kind: list, first: list, count: list, payoffs: list, edge: list, zero) -> tuple:
    """:func:`_walk_values` of a two-player perfect-information tree in one loop over each node's children.

    The same sums in the same order as :func:`_expected_pair` (moves of
    probability 0 skipped, of probability 1 not multiplied); the mover's best
    value is the first largest of the children's.
    """
    values = list(payoffs)  # terminal rows as they are; the others are replaced
    best = list(payoffs)
    for v in range(len(kind) - 1, -1, -1):  # level order: every child comes after its parent
        k = count[v]
        if not k:
            continue
        c0 = first[v]
        j = kind[v]
        a = b = p = q = top = None
        for c in range(c0, c0 + k):
            e = edge[c]
            x, y = best[c]
            if j == 0:
                if top is None or x > top:
                    top = x
            elif j == 1:
                if top is None or y > top:
                    top = y
            if e == 0:
                continue
            u, w = values[c]
            if e != 1:
                u, w, x, y = e * u, e * w, e * x, e * y
            if a is None:
                a, b, p, q = u, w, x, y
            else:
                a, b, p, q = a + u, b + w, p + x, q + y
        if a is None:
            values[v], row = [zero, zero], [zero, zero]
        else:
            values[v], row = [a, b], [p, q]
        if j >= 0:
            row[j] = top
        best[v] = row
    return values, best


def _pair_root_float(tree: GameTree, behavior: list) -> tuple:
    """Both players' regrets and values at the root and the path, for a float profile of a two-player tree.

    The numbers of :func:`_list_certificate` for the whole game in float
    mode (the same operations in the same order), in fewer steps: one pass
    down the tree reads the probabilities of each node's moves and gives the
    reach of the terminal nodes (the path) and, with information sets, each
    player's reach by the others' moves and chance's; one pass up over the
    same parents, in reverse, gives the expected values and, in a
    perfect-information tree, both players' best values. The pass down goes
    parent by parent once the terminal nodes are listed, else depth first
    (children in action order), which lists them in the path's order on the
    way and keeps them in the structure lists. With information
    sets each player's best value is summed over its own sequences, as in
    :func:`_root_best_value`. Returns ``(regret 1, regret 2, value 1,
    value 2, path)``, regrets clipped at 0.
    """
    lists = _tree_lists(tree)
    payoffs, chance = _tree_numbers(tree, False)
    kind, first, count, infoset, offsets = (lists["player"], lists["first"], lists["count"], lists["infoset"],
                                            lists["offsets"])
    pi = lists["perfect_information"]
    n = len(kind)
    reach = [1.0] * n  # a float reach r gives r * 1.0 == r, so r == 1.0 needs no product
    parents = []  # (mover, first child, end of the children, their probabilities, node), parents first
    if not pi:  # each player's reach by the others' moves and chance's
        reach0, reach1 = [1.0] * n, [1.0] * n
    terminals = lists.get("terminals")  # None: not built yet, the walk down finds them
    if terminals is not None:  # down the tree parent by parent (level order)
        for v, k in enumerate(count):
            if k:
                c0 = first[v]
                stop = c0 + k
                h = infoset[v]
                if h >= 0:
                    o = offsets[h]
                    e = behavior[o:o + k]
                else:
                    e = chance[c0:stop]
                r = reach[v]
                reach[c0:stop] = e if r == 1.0 else [r * x for x in e]
                j = kind[v]
                parents.append((j, c0, stop, e, v))
                if not pi:
                    r = reach0[v]
                    reach0[c0:stop] = [r] * k if j == 0 else e if r == 1.0 else [r * x for x in e]
                    r = reach1[v]
                    reach1[c0:stop] = [r] * k if j == 1 else e if r == 1.0 else [r * x for x in e]
        path = [reach[t] for t in terminals]
    else:  # depth first, children in action order: the terminal nodes come in order, and are kept
        path, terminals, stack = [], [], [0]
        while stack:
            v = stack.pop()
            k = count[v]
            if not k:
                path.append(reach[v])
                terminals.append(v)
                continue
            c0 = first[v]
            stop = c0 + k
            h = infoset[v]
            if h >= 0:
                o = offsets[h]
                e = behavior[o:o + k]
            else:
                e = chance[c0:stop]
            r = reach[v]
            j = kind[v]
            parents.append((j, c0, stop, e, v))
            if not pi:
                q = reach0[v]
                reach0[c0:stop] = [q] * k if j == 0 else e if q == 1.0 else [q * x for x in e]
                q = reach1[v]
                reach1[c0:stop] = [q] * k if j == 1 else e if q == 1.0 else [q * x for x in e]
            if any(count[c0:stop]):
                reach[c0:stop] = e if r == 1.0 else [r * x for x in e]
                stack.extend(range(stop - 1, c0 - 1, -1))
            else:  # only terminal children: their reach goes to the path as it is
                path.extend(e if r == 1.0 else [r * x for x in e])
                terminals.extend(range(c0, stop))
        lists["terminals"] = terminals
    values = list(payoffs)  # terminal rows as they are; the others are replaced, children before parents
    if pi:
        best = list(payoffs)
        for j, c0, stop, e, v in reversed(parents):
            if j >= 0 and e.count(0.0) == stop - c0 - 1 and 1.0 in e:  # a pure move: the same sums, copied
                c = c0 + e.index(1.0)
                values[v] = values[c]
                row = best[c].copy()
                top = None
                for y in best[c0:stop]:  # the first largest, as below
                    t = y[j]
                    if top is None or t > top:
                        top = t
                row[j] = top
                best[v] = row
                continue
            a = b = p = q = top = None
            for c, x in enumerate(e, c0):
                y, z = best[c]
                if j >= 0:  # the mover's best value: the first largest of its children's
                    t = z if j else y
                    if top is None or t > top:
                        top = t
                if x == 0:  # moves of probability 0 are skipped, of probability 1 not multiplied
                    continue
                u, w = values[c]
                if x != 1:
                    u, w, y, z = x * u, x * w, x * y, x * z
                if a is None:
                    a, b, p, q = u, w, y, z
                else:
                    a, b, p, q = a + u, b + w, p + y, q + z
            if a is None:
                values[v], row = [0.0, 0.0], [0.0, 0.0]
            else:
                values[v], row = [a, b], [p, q]
            if j >= 0:
                row[j] = top
            best[v] = row
        b0, b1 = best[0]
    else:
        for j, c0, stop, e, v in reversed(parents):
            a = b = None
            for c, x in enumerate(e, c0):
                if x == 0:
                    continue
                u, w = values[c]
                if x != 1:
                    u, w = x * u, x * w
                if a is None:
                    a, b = u, w
                else:
                    a, b = a + u, b + w
            values[v] = [0.0, 0.0] if a is None else [a, b]
        # Each player's best value by its own sequences (as _root_best_value), both players in one pass.
        last0, sets0 = _own_sequence_sets(tree, 0)
        last1, sets1 = _own_sequence_sets(tree, 1)
        total0, total1 = {}, {}
        for z in terminals:
            x, y = payoffs[z]
            m = last0[z]
            term = reach0[z] * x
            total0[m] = total0[m] + term if m in total0 else term
            m = last1[z]
            term = reach1[z] * y
            total1[m] = total1[m] + term if m in total1 else term
        for total, sets in ((total0, sets0), (total1, sets1)):
            for before, start, stop in sets:
                top = None
                for m in range(start, stop):  # max() of the moves' totals: the first largest
                    t = total.get(m, 0.0)
                    if top is None or t > top:
                        top = t
                total[before] = total[before] + top if before in total else top
        b0, b1 = total0.get(-1, 0.0), total1.get(-1, 0.0)
    u0, u1 = values[0]
    return max(b0 - u0, 0.0), max(b1 - u1, 0.0), u0, u1, path


def _list_certificate(tree: GameTree, flat, roots: list, exact: bool):
    """Regrets at ``roots``, the root's values and the path, by walks over :func:`_tree_lists`.

    The same quantities as :func:`_subgame_regrets` and the path of
    :func:`certify_tree`, in the same arithmetic, computed on Python numbers.
    Returns ``(regrets, payoffs, path)``: a list of per-root regret lists,
    the root's value list and the terminal probabilities in the order of
    ``tree.terminals``.
    """
    m = tree.n_players
    if not exact and m == 2 and roots == [0]:
        r0, r1, u0, u1, path = _pair_root_float(tree, flat.tolist())
        return [[r0, r1]], [u0, u1], path
    lists = _walked_lists(tree)
    payoffs, chance = _tree_numbers(tree, exact)
    kind, first, count, parent, move = lists["player"], lists["first"], lists["count"], lists["parent"], lists["move"]
    behavior = flat.tolist()  # Fractions in exact mode, floats otherwise (the dtype is float then)
    n = len(kind)
    one, zero = (Fraction(1), Fraction(0)) if exact else (1.0, 0.0)
    edge = [one] * n
    reach = [one] * n  # of each node under the profile, for the path (level order: parents first)
    if exact:
        for v in range(1, n):
            m_v = move[v]
            e = edge[v] = behavior[m_v] if m_v >= 0 else chance[v]
            reach[v] = reach[parent[v]] if e == 1 else zero if e == 0 else reach[parent[v]] * e
    else:  # by parent, whose children's moves are consecutive; a float reach r gives r * 1.0 == r, r * 0.0 == 0.0
        for v, k in enumerate(count):
            if k:
                c0 = first[v]
                o = move[c0]
                e = edge[c0:c0 + k] = behavior[o:o + k] if o >= 0 else chance[c0:c0 + k]
                r = reach[v]
                reach[c0:c0 + k] = e if r == 1.0 else [r * x for x in e]
    pi = lists["perfect_information"]
    if pi and m == 2:
        values, best = _pair_best_values(kind, first, count, payoffs, edge, zero)
    else:
        values, best = _walk_values(kind, first, count, payoffs, edge, pi, m, zero)
    if pi and not exact:  # float regrets are clipped at 0 below
        regrets = [[max(b - u, 0.0) for b, u in zip(best[r], values[r])] for r in roots]
    elif pi:
        regrets = [[b - u for b, u in zip(best[r], values[r])] for r in roots]
    else:
        best_at = [dict() for _ in range(m)]
        # Only the whole game asked for: one pass over the player's own sequences. Otherwise
        # deepest subgames first, as cut leaves.
        if roots == [0]:
            for i in range(m):
                best_at[i][0] = _root_best_value(tree, lists, payoffs, edge, i, zero)
        else:
            for r in reversed(subgame_roots(tree).tolist()):
                for i in range(m):
                    best_at[i][r] = _list_best_value(tree, lists, payoffs, edge, r, i, best_at[i])
        regrets = [[best_at[i][r] - values[r][i] for i in range(m)] for r in roots]
    if not exact and not pi:
        regrets = [[max(x, 0.0) for x in row] for row in regrets]
    path = [reach[t] for t in lists["terminals"]]
    return regrets, values[0], path
