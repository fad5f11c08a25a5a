"""Sequence-form Lemke for small trees, on Python lists.

On a tree of a few dozen nodes every numpy call of the array route in
:mod:`gametheory.solvers.sequence_form` costs more than the arithmetic it
does, so small trees take this route, in float or exact arithmetic: the same
linear complementarity problem (Koller, Megiddo and von Stengel 1996), the
same costs, the same starting plans, covering vector and lexicographic ratio
test, computed on Python numbers.

* The sequence form's structure is read from the tree's structure lists (the
  lists the tree's certificate walks, cached on the tree): one pass gives each
  node its sequence of both players; the terminal nodes, grouped by their pair
  of sequences, give the sparse cost entries.
* The array route pivots the pure starting plans and the free values ``p``,
  ``q`` into the basis before Lemke's pivots start. Here the dictionary at
  that basis is written down directly (:func:`_starting_rows`): each chosen
  plan entry is one minus the unchosen moves on its chain, and each unchosen
  sequence's slack is the cost of its pure continuation minus that of the
  chosen one, with the other player's chosen entries substituted; one walk
  down each player's chosen chains gives all of it. The payoff-free part is
  cached on the tree (:func:`_prepared`), so an exact and a float solve of
  one tree share it; a tree's first float solve builds its float dictionary
  in one pass over the nodes instead (:func:`_first_float_start`), which
  later float solves reuse.
* Lemke's complementary pivoting runs on a dense dictionary with one row per
  sequence and one column per non-basic variable: the rows of the free values
  never enter a ratio test and the artificial columns never re-enter, so both
  are dropped, which leaves ``n1 + n2`` rows and ``n1 + n2 + 1`` columns
  instead of the array route's ``n1 + n2 + m1 + m2`` rows and twice as many
  columns. Float mode pivots floats with the array route's tolerances; exact
  mode keeps each row as integers over a positive denominator
  (:mod:`gametheory.solvers._sequence_lemke_exact`).

The lexicographic order (right-hand side, then the starting basis in row
order) is the array route's, so both take the same pivots to the same
equilibrium (exactly in exact mode, up to rounding in float mode); the
result is certified on the tree like every other.

References
----------
Koller, D., Megiddo, N. and von Stengel, B. (1996). Efficient computation of
equilibria for extensive two-person games. *Games and Economic Behavior* 14,
247-259.
Lemke, C. E. (1965). Bimatrix equilibrium points and mathematical
programming. *Management Science* 11, 681-689.
"""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import compress

import numpy as np

from ..games.extensive._tree_walk import _tree_lists, _tree_numbers, _walked_lists
from ..games.extensive.tree import CHANCE, TERMINAL

#: Up to this many sequences (both players together) float-mode Lemke runs on
#: Python lists; larger trees take the numpy route. Measured on random trees
#: (median time, lists vs numpy): 0.09 vs 0.29 ms below 10 sequences, 0.4 vs
#: 0.9 ms at 20-29, 1.3 vs 2.8 ms at 60-79, 6.2 vs 7.6 ms at 100-119; beyond,
#: trees with many pivots favour numpy.
SMALL_SEQUENCES = 100
#: The same for exact mode, where integer rows on lists beat numpy's object
#: arrays at every size measured: 0.15 vs 0.41 ms below 10 sequences, 4.8 vs
#: 11 ms at 60-79, 60 vs 170 ms at 140-159.
SMALL_SEQUENCES_EXACT = 160


class LemkeRayError(RuntimeError):
    """Lemke's algorithm ended on a secondary ray (never expected for the sequence form)."""


def check_start(tree, start) -> tuple:
    """The starting plans of :func:`~gametheory.solvers.sequence_form.sequence_form_lemke`, checked:
    for each player a list of action indices, one per information set, or ``(None, None)``."""
    if start is None:
        return None, None
    sets = [tree.player_infosets(i) for i in range(2)]
    start = tuple(list(s) for s in start)
    if len(start) != 2 or any(len(start[i]) != len(sets[i]) for i in range(2)):
        raise ValueError("start must give, for each player, one action index per information set")
    for i in range(2):
        for k, a in enumerate(start[i]):
            if not 0 <= int(a) < len(tree.infoset_actions[sets[i][k]]):
                raise ValueError(f"start action {a} out of range at information set {k + 1} of "
                                 f"player {tree.players[i]!r}")
    return start


def sequence_structure(tree) -> dict:
    """The sequence form's structure as Python lists, built once and cached on the tree.

    Keys: ``sizes`` (sequences per player), ``sets`` (each player's
    information sets), ``parent`` (per player and set, the sequence leading
    to it), ``first`` (per player and set, the sequence of its first move),
    ``count`` (actions per set), ``top_down`` (each player's sets, each after
    the set its sequence leads from), ``leaves`` (terminal nodes in level
    order), ``leaf_sequences`` (each player's sequence at each terminal node)
    and ``leaf_groups`` (the terminal nodes grouped by their pair of
    sequences, with the chance moves on the path to each, see
    :func:`_leaf_groups`).
    """
    cached = tree._cache.get("sequence_structure")
    if cached is not None:
        return cached
    lists = _walked_lists(tree)  # reads ``move``; the certificate reads the walked lists too
    kind, parent, move, infoset, offsets = (lists["player"], lists["parent"], lists["move"], lists["infoset"],
                                            lists["offsets"])
    n = len(kind)
    n_sets = len(offsets) - 1
    split = tree.infoset_player.tolist().count(0)  # information sets are grouped by player
    base1 = offsets[split]
    seq0, seq1 = [0] * n, [0] * n
    reached = [-1] * n_sets  # the sequence leading to each set
    order: tuple = ([], [])
    leaves, pairs = [], []
    chance = CHANCE in kind
    path = [()] * n if chance else None
    for v in range(n):
        if v:
            p = parent[v]
            k = kind[p]
            if k == 0:
                seq0[v], seq1[v] = 1 + move[v], seq1[p]
            elif k == 1:
                seq0[v], seq1[v] = seq0[p], 1 + move[v] - base1
            else:  # a chance move
                seq0[v], seq1[v] = seq0[p], seq1[p]
                path[v] = path[p] + (v,)
            if chance and k >= 0:
                path[v] = path[p]
        k = kind[v]
        if k >= 0:
            h = infoset[v]
            if reached[h] < 0:  # first node of the set in level order: its parent set came before
                reached[h] = seq0[v] if k == 0 else seq1[v]
                order[k].append(h if k == 0 else h - split)
        elif k == TERMINAL:
            leaves.append(v)
            pairs.append((seq0[v], seq1[v]))
    sets = (list(range(split)), list(range(split, n_sets)))
    cached = {
        "sizes": (1 + offsets[split], 1 + offsets[-1] - base1),
        "sets": sets,
        "parent": [[reached[h] for h in sets[i]] for i in range(2)],
        "first": [[1 + offsets[h] for h in sets[0]], [1 + offsets[h] - base1 for h in sets[1]]],
        "count": [[offsets[h + 1] - offsets[h] for h in sets[i]] for i in range(2)],
        "top_down": order, "leaves": leaves, "leaf_sequences": pairs, "chance": chance,
        "leaf_groups": _leaf_groups(leaves, pairs, path),
    }
    tree._cache["sequence_structure"] = cached
    return cached


def _leaf_groups(leaves: list, pairs: list, path) -> list:
    """``(pair of sequences, its terminal nodes, their chance paths or None)``, pairs in order of first terminal node."""
    groups: dict = {}
    for v, key in zip(leaves, pairs):
        if key in groups:
            groups[key].append(v)
        else:
            groups[key] = [v]
    return [(key, nodes, None if path is None else [path[v] for v in nodes]) for key, nodes in groups.items()]


def _costs(tree, st: dict) -> tuple[list, list]:
    """Scaled cost entries ``(W top - M) / scale`` of each player, as the array route computes them.

    ``W[s, t]`` sums the chance weights and ``M[s, t]`` the weighted payoffs
    of the terminal nodes reached by the sequences ``s`` and ``t``; ``top``
    is one above the player's largest payoff. Returns, for each player, one
    entry per group of terminal nodes in ``leaf_groups`` (one pair ``s``,
    ``t``). The largest absolute payoff, which the certificate scales its
    tolerance by, is read on the way and cached on the tree.
    """
    payoffs, chance = _tree_numbers(tree, False)
    weights, sums0, sums1 = [], [], []  # per pair of sequences: the chance weight and the weighted payoffs
    top0 = top1 = -math.inf
    low = 0.0
    for _, nodes, paths in st["leaf_groups"]:
        if paths is None and len(nodes) == 1:
            u0, u1 = payoffs[nodes[0]]
            w_sum, m0, m1 = 1.0, u0, u1
            if u0 > top0:
                top0 = u0
            if u1 > top1:
                top1 = u1
            if u0 < low:
                low = u0
            if u1 < low:
                low = u1
        else:
            w_sum = m0 = m1 = 0.0
            for k, v in enumerate(nodes):
                u0, u1 = payoffs[v]
                if u0 > top0:
                    top0 = u0
                if u1 > top1:
                    top1 = u1
                if u0 < low:
                    low = u0
                if u1 < low:
                    low = u1
                if paths is None:
                    w_sum += 1.0
                    m0 += u0
                    m1 += u1
                else:
                    w = 1.0
                    for c in paths[k]:
                        w *= chance[c]
                    w_sum += w
                    m0 += w * u0
                    m1 += w * u1
        weights.append(w_sum)
        sums0.append(m0)
        sums1.append(m1)
    if "payoff_scale" not in tree._cache:
        tree._cache["payoff_scale"] = max(1.0, top0, top1, -low)
    costs = []
    for top, sums in ((top0, sums0), (top1, sums1)):
        top = float(top + 1)
        values = [w * top - m for w, m in zip(weights, sums)]
        scale = max(1.0, max(values, default=0.0), -min(values, default=0.0))
        costs.append([value / scale for value in values])
    return costs[0], costs[1]


def _starting_rows(st: dict, start) -> dict:
    """The payoff-free part of the dictionary once the pure plans ``start`` and the free values are basic.

    Of each pair ``v`` (a plan entry) and ``N + v`` (its slack) exactly one is
    basic: the plan entries of the chosen sequences (the empty one and the
    pick at each information set) and the slacks of the others. ``col[v]``
    numbers the non-basic one of each pair (unchosen plan entries, then the
    slacks of chosen ones, each in sequence order; ``z0`` last), and the row
    where the basic one stands has the same number.

    The plan equations give each chosen sequence ``c`` as
    ``x_c = [no unchosen ancestor] + x_anc(c) - sum of x_u over U(c)``: ``anc``
    the nearest unchosen sequence above, ``U(c)`` the unchosen moves at the
    information sets on the chosen chain from ``anc`` (or the root) to ``c``.
    Solving the payoff rows of chosen sequences for the free values bottom up
    leaves, for each unchosen ``u``, the slack row ``w_u = (K y)_u + sum over
    c with anc(c) = u of ((K y)_c - w_c) - sum over c with u in U(c) of ((K
    y)_c - w_c)``, less ``z0``. So one walk down each player's chosen chains,
    giving ``U(c)`` and ``anc(c)``, writes every row: the plan row of ``c``
    and the slack columns ``w_c`` of the slack rows; it also says where the
    cost row of each sequence enters and how a cost coefficient at a sequence
    of the other player enters a row (see :func:`_entry`).

    Returns ``N``, ``columns`` and ``basis`` (the variables ``x`` 0..n1-1,
    ``y`` n1..N-1, ``w_x`` N.., ``w_y`` N+n1.., ``z0`` 2N), ``rows`` and
    ``rhs`` (small integers: the rows serve float and exact pivoting), and
    the walk: ``n1``, ``chosen``, ``col``, ``others`` (``U(c)`` as columns,
    which are also the rows of those slacks) and ``end`` (the column of
    ``anc(c)``, -1 for none), per sequence of both players in one list.
    """
    n1, n2 = st["sizes"]
    N = n1 + n2
    picks = [[own0 + f for f in first] if choice is None else [own0 + f + int(a) for f, a in zip(first, choice)]
             for choice, first, own0 in zip(start, st["first"], (0, n1))]
    picked = [0, *picks[0], n1, *picks[1]]  # the chosen sequences, in order
    chosen = [False] * N
    for c in picked:
        chosen[c] = True
    unchosen = [v for v in range(N) if not chosen[v]]
    U = len(unchosen)
    columns = [*unchosen, *[N + v for v in picked], 2 * N]
    col = [0] * N
    for j, v in enumerate(unchosen):
        col[v] = j
    for j, v in enumerate(picked, U):
        col[v] = j
    others = [()] * N  # U(c) of each chosen c, as columns (and rows) of the unchosen moves
    end = [-1] * N  # the column of anc(c), -1 for none
    for i, own0 in ((0, 0), (1, n1)):
        pick, parent, first, count = picks[i], st["parent"][i], st["first"][i], st["count"][i]
        for k in st["top_down"][i]:  # parents first
            c, f, p = pick[k], own0 + first[k], own0 + parent[k]
            # The set's unchosen moves are consecutive sequences, so their columns are consecutive.
            j = col[f + 1 if c == f else f] if count[k] > 1 else 0
            moves = tuple(range(j, j + count[k] - 1))
            if chosen[p]:
                others[c], end[c] = others[p] + moves, end[p]
            else:
                others[c], end[c] = moves, col[p]
    # Rows 0..U-1 are the slacks of the unchosen sequences (z0 with coefficient -1), then the chosen plans.
    rows = [[0] * N + [-1] for _ in range(U)] + [[0] * (N + 1) for _ in picked]
    rhs = [0] * N
    for j, v in enumerate(picked, U):
        plan, moves, e = rows[j], others[v], end[v]
        for u in moves:
            plan[u] = 1
            rows[u][j] = -1
        if e >= 0:
            plan[e] = -1
            rows[e][j] = 1
        else:
            rhs[j] = 1
    return {"N": N, "columns": columns, "basis": [N + v for v in unchosen] + picked, "rows": rows, "rhs": rhs,
            "n1": n1, "chosen": chosen, "col": col, "others": others, "end": end}


def _entry(v: int, chosen: list, col: list, others: list, end: list) -> tuple:
    """Where the cost row of sequence ``v`` enters (the slack rows it adds to and subtracts from), and how a
    cost coefficient at ``v`` enters a row (a constant, and columns with sign 1 and -1).

    An unchosen ``v`` has its own slack row and enters as its column (with
    sign -1 on the dictionary's left-hand side); a chosen one subtracts from
    the slack rows of ``U(v)``, adds to that of ``anc(v)``, and enters as its
    plan equation (1 if no unchosen ancestor, plus ``U(v)``, minus
    ``anc(v)``).
    """
    if not chosen[v]:
        j = col[v]
        return ((j,), ()), (0, (), (j,))
    moves, e = others[v], end[v]
    if e >= 0:
        return ((e,), moves), (0, moves, (e,))
    return ((), moves), (1, moves, ())


def _entries(pairs: list, begin: dict) -> tuple:
    """Per player and group of terminal nodes (pair ``s``, ``t``): the rows its cost enters, and how (see
    :func:`_add_costs`), from the walk of :func:`_starting_rows`."""
    n1, walk = begin["n1"], (begin["chosen"], begin["col"], begin["others"], begin["end"])
    both = [_entry(v, *walk) for v in range(begin["N"])]
    return ([(both[s][0], both[n1 + t][1]) for s, t in pairs], [(both[n1 + t][0], both[s][1]) for s, t in pairs])


def _prepared(tree, start) -> dict:
    """Everything payoff-free of the starting dictionary (cached on the tree for the default start).

    :func:`_starting_rows` with ``entries``: where each group's cost enters
    the slack rows (see :func:`_add_costs`), and the ``structure``.
    """
    default = start[0] is None and start[1] is None
    if default:
        cached = tree._cache.get("sequence_lemke_start")
        if cached is not None:
            return cached
    st = sequence_structure(tree)
    prepared = _starting_rows(st, start)
    prepared["structure"] = st
    prepared["entries"] = _entries([key for key, _, _ in st["leaf_groups"]], prepared)
    for key in ("n1", "chosen", "col", "others", "end"):
        del prepared[key]
    if default:
        tree._cache["sequence_lemke_start"] = prepared
    return prepared


def _first_float_start(tree) -> dict:
    """The float dictionary at the default starting basis of a tree solved for the first time, in one pass.

    One walk over the parents (level order) gives every node both players'
    sequences and its chance weight; the first node of each information set
    met on the way writes the set's part of the dictionary (its chosen
    move's plan row and slack columns, see :func:`_starting_rows`), since the
    plan expression of the sequence leading to it is known by then; the
    terminal nodes, in level order, add their weights and weighted payoffs to
    their pair of sequences as they come, and the largest payoffs on the way.
    The costs then enter the slack rows group by group. The numbers are those
    of :func:`sequence_structure`, :func:`_costs` and :func:`_add_costs` (the
    same products and sums in the same order), so the dictionary is the one
    :func:`_prepared` and :func:`_dictionary` build, without what only exact
    mode or the numpy route reads.

    At the default start the first move of every information set is chosen,
    so the numbering of :func:`_starting_rows` has a closed form: with sets
    ``h`` and moves ``m`` numbered over both players (the flat behaviour
    profile's order), the unchosen move ``m`` of set ``h`` has column (and
    slack row) ``m - h - 1``, and the plan row of set ``h``'s chosen move is
    ``U + 1 + h`` for player 1 and ``U + 2 + h`` for player 2 (``U`` unchosen
    moves; rows ``U`` and ``U + 1 + (player 1's sets)`` hold the empty
    sequences). Each sequence's plan entry at that basis is kept as a pair
    ``(plus, minus)``: the columns it adds and the one column it subtracts
    (``-1``: none, the entry then has the constant 1), as in :func:`_entry`.

    Returns ``T``, ``rhs``, ``basis``, ``columns`` (cached on the tree and
    never pivoted: callers copy them), ``N`` and ``structure`` (``sizes``,
    ``sets``, ``parent`` and ``count``, as in :func:`sequence_structure`).
    """
    lists = _tree_lists(tree)
    kind, first, count, infoset, offsets = (lists["player"], lists["first"], lists["count"], lists["infoset"],
                                            lists["offsets"])
    payoffs, chance = _tree_numbers(tree, False)
    n = len(kind)
    n_sets = len(offsets) - 1
    split = tree.infoset_player.tolist().count(0)  # information sets are grouped by player
    base1 = offsets[split]
    n_moves = offsets[-1]
    n1, N = 1 + base1, 2 + n_moves
    U = n_moves - n_sets
    # Slack rows of the unchosen sequences (z0 with coefficient -1), then the plan rows of the chosen ones.
    slack, plan = [0] * N, [0] * (N + 1)
    slack.append(-1)
    T = list(map(list.copy, [slack] * U + [plan] * (N - U)))
    rhs = [0] * N
    rhs[U] = rhs[U + 1 + split] = 1  # the empty sequences
    # Each sequence's plan entry at the starting basis: the columns it adds and the one it subtracts (-1: none).
    plus_of, minus_of = ([()] * n1, [()] * (N - n1)), ([-1] * n1, [-1] * (N - n1))
    unchosen = [0] * U  # the unchosen sequences (x's, then n1 + y's) in column order
    picked = [0] * (2 + n_sets)  # the chosen ones in row order, from row U
    picked[1 + split] = n1
    seq0, seq1 = [0] * n, [0] * n
    has_chance = CHANCE in kind
    weight = [1.0] * n if has_chance else None
    reached = [-1] * n_sets  # the sequence leading to each set
    counts = [0] * n_sets
    group_of: dict = {}  # terminal nodes grouped by their pair of sequences, pairs in order of first node
    pairs, weights, sums0, sums1 = [], [], [], []
    top0 = top1 = -math.inf
    low = 0.0
    p = -1  # the sequence leading to a set met for the first time
    for v, k, c0, m in zip(range(n), kind, first, count):  # level order: a node's parent came before it
        if not m:  # a terminal node
            u0, u1 = payoffs[v]
            if not has_chance:  # a group of its own: the players' moves tell any two terminal nodes apart
                pairs.append((seq0[v], seq1[v]))
                sums0.append(u0)
                sums1.append(u1)
                continue
            if u0 > top0:
                top0 = u0
            if u1 > top1:
                top1 = u1
            if u0 < low:
                low = u0
            if u1 < low:
                low = u1
            key = (seq0[v], seq1[v])
            g = group_of.get(key)
            w = weight[v]
            if g is None:
                group_of[key] = len(pairs)
                pairs.append(key)
                weights.append(0.0 + w)
                sums0.append(0.0 + w * u0)
                sums1.append(0.0 + w * u1)
            else:
                weights[g] += w
                sums0[g] += w * u0
                sums1[g] += w * u1
            continue
        stop = c0 + m
        if k >= 0:
            h = infoset[v]
            if k == 0:
                o = 1 + offsets[h]
                seq0[c0:stop] = range(o, o + m)
                seq1[c0:stop] = [seq1[v]] * m
                if reached[h] < 0:  # the set's first node: write its part of the dictionary
                    p = reached[h] = seq0[v]
                    r, base = U + 1 + h, 0
            else:
                o = 1 + offsets[h] - base1
                seq0[c0:stop] = [seq0[v]] * m
                seq1[c0:stop] = range(o, o + m)
                if reached[h] < 0:
                    p = reached[h] = seq1[v]
                    r, base = U + 2 + h, n1
            if p >= 0:
                counts[h] = m
                picked[r - U] = base + o
                plus, minus = plus_of[k][p], minus_of[k][p]
                if m == 2:  # the unchosen move's column is m - h - 1 of the set's second move
                    j = offsets[h] - h
                    plus += (j,)
                    minus_of[k][o + 1] = j
                    unchosen[j] = base + o + 1
                elif m > 2:  # the unchosen moves' columns are consecutive
                    j = offsets[h] - h
                    plus = plus + tuple(range(j, j + m - 1))
                    minus_of[k][o + 1:o + m] = range(j, j + m - 1)
                    unchosen[j:j + m - 1] = range(base + o + 1, base + o + m)
                plus_of[k][o], minus_of[k][o] = plus, minus
                row = T[r]
                for u in plus:
                    row[u] = 1
                    T[u][r] = -1
                if minus >= 0:
                    row[minus] = -1
                    T[minus][r] = 1
                else:
                    rhs[r] = 1
                p = -1
            if has_chance:
                weight[c0:stop] = [weight[v]] * m
        else:
            seq0[c0:stop] = [seq0[v]] * m
            seq1[c0:stop] = [seq1[v]] * m
            w = weight[v]
            weight[c0:stop] = [w * chance[c] for c in range(c0, stop)]
    if not has_chance:  # the sums are the terminal payoffs
        top0, top1, low = max(sums0), max(sums1), min(0.0, min(sums0), min(sums1))
    if "payoff_scale" not in tree._cache:
        tree._cache["payoff_scale"] = max(1.0, top0, top1, -low)
    top0, top1 = float(top0 + 1), float(top1 + 1)  # the costs as _costs computes them
    if has_chance:
        values0 = [w * top0 - m for w, m in zip(weights, sums0)]
        values1 = [w * top1 - m for w, m in zip(weights, sums1)]
    else:  # weights 1 (1.0 * top is top)
        values0 = [top0 - m for m in sums0]
        values1 = [top1 - m for m in sums1]
    scale0 = max(1.0, max(values0), -min(values0))
    scale1 = max(1.0, max(values1), -min(values1))
    # Each group's costs enter as in _add_costs: player 1's at (s, t) adds to the slack row of its minus column
    # and subtracts from those of its plus columns, with y_t replaced by its plan entry; then player 2's.
    (plus0_of, plus1_of), (minus0_of, minus1_of) = plus_of, minus_of
    for (s, t), value0, value1 in zip(pairs, values0, values1):
        plus0, minus0, plus1, minus1 = plus0_of[s], minus0_of[s], plus1_of[t], minus1_of[t]
        value = value0 / scale0
        if value:
            if minus0 >= 0:
                row = T[minus0]
                if minus1 < 0:
                    rhs[minus0] += value
                else:
                    row[minus1] -= value
                for j in plus1:
                    row[j] += value
            for i in plus0:
                row = T[i]
                if minus1 < 0:
                    rhs[i] -= value
                else:
                    row[minus1] += value
                for j in plus1:
                    row[j] -= value
        value = value1 / scale1
        if value:
            if minus1 >= 0:
                row = T[minus1]
                if minus0 < 0:
                    rhs[minus1] += value
                else:
                    row[minus0] -= value
                for j in plus0:
                    row[j] += value
            for i in plus1:
                row = T[i]
                if minus0 < 0:
                    rhs[i] -= value
                else:
                    row[minus0] += value
                for j in plus0:
                    row[j] -= value
    basis = [N + v for v in unchosen]
    basis += picked
    columns = unchosen + [N + v for v in picked]
    columns.append(2 * N)
    st = {"sizes": (n1, N - n1), "sets": (range(split), range(split, n_sets)),
          "parent": (reached[:split], reached[split:]), "count": (counts[:split], counts[split:])}
    return {"T": T, "rhs": rhs, "basis": basis, "columns": columns, "N": N, "structure": st}


def float_lemke(tree, tol: float, start, max_pivots_per_row: int):
    """Lemke's algorithm on the float sequence-form LCP of a small tree.

    Parameters
    ----------
    tree : GameTree
        Two players; exact or float (float numbers are read either way).
    tol : float
        Pivot tolerance.
    start : pair
        For each player, the action index at each information set of the
        pure starting plan, or ``None`` for the first action everywhere.
    max_pivots_per_row : int
        Pivot limit per row of the LCP.

    Returns
    -------
    flat : list of float
        The behaviour profile (uniform where a player's own plan excludes an
        information set).
    pivots : int
        The number of complementary pivots.
    """
    default = start[0] is None and start[1] is None
    begin = tree._cache.get("sequence_lemke_float") if default else None
    if begin is None and default and "sequence_lemke_start" not in tree._cache:
        begin = tree._cache["sequence_lemke_float"] = _first_float_start(tree)
    if begin is not None:  # the float dictionary of an earlier float solve, or of this first one
        st, N, rhs, basis = begin["structure"], begin["N"], begin["rhs"], begin["basis"]
        # Rows 0..U-1 are the slacks: when none is negative the pure starting pair is an equilibrium, and the
        # dictionary is read as it is (_complementary_pivots would return at once).
        if min(rhs[:N - 2 - len(st["sets"][0]) - len(st["sets"][1])], default=0.0) >= -tol:
            return _behavior(st, _plan(basis, rhs, N)), 0
        T, rhs = list(map(list.copy, begin["T"])), list(rhs)
        basis, columns = list(basis), list(begin["columns"])
    else:  # another start, or a tree an exact solve has prepared
        prep = _prepared(tree, start)
        st, N = prep["structure"], prep["N"]
        T, rhs = _dictionary(prep, _costs(tree, st))
        basis, columns = list(prep["basis"]), list(prep["columns"])
    n_sets = len(st["sets"][0]) + len(st["sets"][1])
    limit = max_pivots_per_row * (N + 2 + n_sets) + 10
    pivots = _complementary_pivots(T, rhs, basis, columns, N, tol, limit, N - 2 - n_sets)
    return _behavior(st, _plan(basis, rhs, N)), pivots


def _plan(basis: list, rhs: list, N: int) -> list:
    """Both players' realization plans (``x`` then ``y``) at a dictionary's basis."""
    plan = [0.0] * N
    for var, value in zip(basis, rhs):
        if var < N:
            plan[var] = value
    return plan


def _dictionary(prep: dict, costs) -> tuple[list, list]:
    """The starting dictionary's rows and right-hand sides, from the payoff-free part and the cost entries.

    Rows in the array route's order: slacks of unchosen sequences (player 1,
    then player 2), then the chosen plan entries. The arithmetic is that of
    the costs (floats, or integers for exact pivoting).
    """
    T = [list(row) for row in prep["rows"]]
    rhs = list(prep["rhs"])
    _add_costs(T, rhs, costs, prep["entries"])
    return T, rhs


def _add_costs(T: list, rhs: list, costs, entries) -> None:
    """Add the cost entries to the slack rows ``T`` and their right-hand sides, in place.

    ``costs`` holds, per player, one cost per group of terminal nodes (pair of
    sequences ``s``, ``t``); ``entries`` (see :func:`_entries`) the matching
    rows and substitutes. Player 1's cost at ``(s, t)`` enters the slack rows
    that add or subtract the cost row of ``s``, with ``y_t`` replaced by its
    column or its plan equation (and player 2's likewise). Each entry of the
    dictionary receives the costs in the order of the groups, so the numbers
    do not depend on anything else.
    """
    for values, groups in zip(costs, entries):
        for value, ((adding, subtracting), (constant, plus, minus)) in zip(values, groups):
            if not value:
                continue
            _enter(T, rhs, value, adding, subtracting, constant, plus, minus)



def _enter(T: list, rhs: list, value, adding, subtracting, constant: bool, plus, minus) -> None:
    """Add one cost ``value`` to the slack rows ``adding`` and subtract it from ``subtracting``: to each row's
    right-hand side when the other player's sequence is a constant, to its columns ``plus`` and, with the
    opposite sign, ``minus``."""
    for r in adding:
        row = T[r]
        if constant:
            rhs[r] += value
        for j in plus:
            row[j] += value
        for j in minus:
            row[j] -= value
    for r in subtracting:
        row = T[r]
        if constant:
            rhs[r] -= value
        for j in plus:
            row[j] -= value
        for j in minus:
            row[j] += value


def _complementary_pivots(T: list, rhs: list, basis: list, columns: list, N: int, tol: float, limit: int,
                          slacks: int) -> int:
    """Lemke's pivots on the dictionary ``basis_i + sum_j T[i][j] columns_j = rhs_i`` (the last column is z0)
    whose first ``slacks`` rows are those of the slack variables (the unchosen sequences').

    Variables ``v < N`` and ``v + N`` are complementary. Ratio ties are
    broken lexicographically by the starting basis in row order, with the
    tolerance ``tol`` for equal ratios. Returns the number of pivots; the
    dictionary is left at the equilibrium basis.
    """
    low = min(rhs[:slacks], default=0.0)
    if low >= -tol:
        return 0  # the pure starting pair is an equilibrium
    z0 = 2 * N
    pos = [-1] * (z0 + 1)  # each variable's column (-1: basic)
    for j, var in enumerate(columns):
        pos[var] = j
    row_of = [-1] * (z0 + 1)  # each variable's row (-1: non-basic)
    for i, var in enumerate(basis):
        row_of[var] = i
    lex_order = list(basis)
    width = len(columns)
    rows = range(len(T))

    def lexmin(candidates: list, column) -> int:
        """The candidate row with the lexicographically least ratio over ``column`` (None: the rows themselves)."""
        if len(candidates) > 1:
            if column is None:
                ratios = [rhs[i] for i in candidates]
            else:
                ratios = [rhs[i] / column[i] for i in candidates]
            best = min(ratios) + tol
            candidates = [i for i, q in zip(candidates, ratios) if q <= best]
            for var in lex_order:
                if len(candidates) == 1:
                    break
                j = pos[var]
                if j < 0:
                    # A basic variable's column is 1 in its own row and 0 elsewhere: that row's ratio is
                    # the only non-zero one, so it leaves the tie unless it is within the tolerance of 0.
                    i = row_of[var]
                    if i in candidates and (1.0 if column is None else 1.0 / column[i]) > tol:
                        candidates.remove(i)
                    continue
                if column is None:
                    ratios = [T[i][j] for i in candidates]
                else:
                    ratios = [T[i][j] / column[i] for i in candidates]
                best = min(ratios) + tol
                candidates = [i for i, q in zip(candidates, ratios) if q <= best]
        if len(candidates) != 1:
            raise RuntimeError("lexicographic ratio test left a tie: the pivoting rows are dependent")
        return candidates[0]

    # Primary ray: z0 enters in the row of the most negative slack (lexicographically).
    c = pos[z0]
    column = [row[c] for row in T]
    candidates = [i for i in range(slacks) if rhs[i] <= low + tol]
    r = candidates[0] if len(candidates) == 1 else lexmin(candidates, None)
    pivots = 0
    while True:
        # Exchange the basic variable of row r with the non-basic one of column c.
        # The sequence form's dictionary stays sparse (a few non-zeros per row): the pivot row is divided at its
        # non-zeros, and when it has few of them the other rows are updated in place there only (the same
        # numbers: u - f * 0.0 is u, and a zero's sign never reaches a non-zero).
        a = column[r]
        new = T[r]  # a copy of the starting row, or a row built here: never shared
        nonzero = [j for j, value in enumerate(new) if value]
        for j in nonzero:
            new[j] /= a
        inv = new[c] = 1.0 / a
        b = rhs[r] = rhs[r] / a
        sparse = 2 * len(nonzero) < width  # measured: in place below half the width
        for i in compress(rows, column):  # the rows with a non-zero in the entering column
            if i == r:
                continue
            f = column[i]
            if f > tol or f < -tol:
                if sparse:
                    other = T[i]
                    for j in nonzero:
                        other[j] -= f * new[j]
                else:
                    other = T[i] = [u - f * v for u, v in zip(T[i], new)]
                other[c] = 0.0 - f * inv
                rhs[i] -= f * b
            else:
                T[i][c] = 0.0
        leaving, entering = basis[r], columns[c]
        basis[r], columns[c] = entering, leaving
        pos[entering] = row_of[leaving] = -1
        pos[leaving], row_of[entering] = c, r
        pivots += 1
        if leaving == z0:
            return pivots
        if pivots > limit:
            raise RuntimeError(f"Lemke's algorithm exceeded {limit} pivots")
        c = pos[leaving + N if leaving < N else leaving - N]  # the complement enters
        column = [row[c] for row in T]
        candidates = [i for i, f in enumerate(column) if f > tol]
        if len(candidates) == 1:
            r = candidates[0]
        elif candidates:
            r = lexmin(candidates, column)
        else:
            raise LemkeRayError("Lemke's algorithm reached a secondary ray on the sequence-form LCP")


# ------------------------------------------------------- the numpy route's helpers
def _leaf_sequences(form, leaves) -> tuple:
    """For each terminal node in ``leaves``, the index of each player's sequence leading to it."""
    tree = form.tree
    offsets = tree.action_offsets
    rows = []
    for i in range(2):
        last = tree.last_own_move(i)[leaves]
        base = int(offsets[form.infosets[i][0]]) if form.infosets[i] else 0
        rows.append(np.where(last < 0, 0, last + 1 - base))
    return rows[0], rows[1]


def _integer_costs(shape, rows_x, rows_y, weights, payoffs):
    """One player's cost matrix ``W * top - M`` (``top`` above every payoff) scaled to integers.

    ``W[s, t]`` and ``M[s, t]`` sum the chance weight, and the weighted payoff,
    of the terminal nodes reached by sequences ``s`` and ``t``; the costs are
    built from the terminal nodes directly (one term each), then multiplied by
    the least common denominator so that pivoting stays in integers.
    """
    weights = [w if isinstance(w, Fraction) else Fraction(w) for w in weights.tolist()]
    values = [u if isinstance(u, Fraction) else Fraction(u) for u in payoffs.tolist()]
    # Everything over the common denominator d_w * d_u, in integers.
    d_w = math.lcm(*(w.denominator for w in weights)) if weights else 1
    d_u = math.lcm(*(u.denominator for u in values)) if values else 1
    utilities = [u.numerator * (d_u // u.denominator) for u in values]
    top = (max(utilities) if utilities else 0) + d_u
    entries: dict = {}
    for s, t, w, u in zip(rows_x.tolist(), rows_y.tolist(), weights, utilities):
        if w:
            key = (s, t)
            entries[key] = entries.get(key, 0) + w.numerator * (d_w // w.denominator) * (top - u)
    # The smallest integer scale: divide by what the numerators share with the denominator.
    divisor = math.gcd(d_w * d_u, *entries.values())
    entries = {key: v // divisor for key, v in entries.items()}
    K = np.zeros(shape, dtype=object)
    for (s, t), v in entries.items():
        K[s, t] = v
    return K


def _behavior(st: dict, plan: list) -> list:
    """The flat behaviour profile of float realization plans ``x`` then ``y`` in one list (as
    ``realization_to_behavior`` in float mode).

    Sequence ``1 + m`` of player 1 and ``2 + m`` (in the one list) of player 2 end with move ``m`` of the
    flat profile, so the profile is the plans without their empty sequences, normalised per information
    set (uniform where the player's own plan excludes it).
    """
    n1 = st["sizes"][0]
    flat = plan[1:n1] + plan[n1 + 1:]
    start = 0
    for own0, parents, counts in ((0, st["parent"][0], st["count"][0]), (n1, st["parent"][1], st["count"][1])):
        for par, cnt in zip(parents, counts):
            stop = start + cnt
            if plan[own0 + par] <= 0:
                flat[start:stop] = [1.0 / cnt] * cnt
            else:
                block = [value if value > 0.0 else 0.0 for value in flat[start:stop]]
                total = sum(block)
                if total != 1.0:  # (value / 1.0 is value)
                    block = [value / total for value in block] if total > 0 else [1.0 / cnt] * cnt
                flat[start:stop] = block
            start = stop
    return flat
