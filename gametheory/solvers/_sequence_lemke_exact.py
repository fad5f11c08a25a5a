"""Exact sequence-form Lemke for small trees: the list route of :mod:`._sequence_lemke` in integers.

The dictionary is the float route's (:func:`._sequence_lemke._prepared`,
:func:`._sequence_lemke._dictionary`) with the array route's integer costs;
each row is kept as integers over a positive row denominator, so no pivot
rounds, and ratio tests compare integer products. The lexicographic rule is
the float route's, so both routes (and the numpy route) take the same pivots.

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

from ..games.extensive._tree_walk import _tree_lists, _tree_numbers
from ._sequence_lemke import LemkeRayError, _dictionary, _prepared


def exact_lemke(tree, start, max_pivots_per_row: int):
    """Lemke's algorithm on the exact sequence-form LCP of a small tree, in integers.

    The costs are those of the array route (integers over a common
    denominator); each dictionary row is kept as integers over a positive row
    denominator, so no pivot rounds and ratio tests compare integer products.
    Returns the flat behaviour profile (Fractions) and the number of pivots.
    """
    prep = _prepared(tree, start)
    st = prep["structure"]
    N = prep["N"]
    T, rhs = _dictionary(prep, _exact_costs(tree, st))
    basis, columns = list(prep["basis"]), list(prep["columns"])
    limit = max_pivots_per_row * (N + 2 + len(st["sets"][0]) + len(st["sets"][1])) + 10
    den, pivots = _exact_pivots(T, rhs, basis, columns, N, limit)
    n1 = st["sizes"][0]
    zero = Fraction(0)
    plans = ([zero] * n1, [zero] * (N - n1))
    for i, var in enumerate(basis):
        if var < N:
            plans[0 if var < n1 else 1][var if var < n1 else var - n1] = Fraction(rhs[i], den[i])
    offsets = _tree_lists(tree)["offsets"]
    flat = [zero] * offsets[-1]
    for i, plan in enumerate(plans):
        for h, par, fst, cnt in zip(st["sets"][i], st["parent"][i], st["first"][i], st["count"][i]):
            reach = plan[par]
            start_h = offsets[h]
            if reach == 0:  # the player's own plan excludes the set: uniform, as realization_to_behavior
                flat[start_h:start_h + cnt] = [Fraction(1, cnt)] * cnt
            else:
                flat[start_h:start_h + cnt] = [value / reach for value in plan[fst:fst + cnt]]
    return flat, pivots


def _exact_costs(tree, st: dict) -> tuple[list, list]:
    """Each player's integer cost entries ``W top - M`` over the least common denominator, one per group of
    terminal nodes in ``leaf_groups``.

    The same integers as the array route's ``_integer_costs``: chance weights
    and payoffs over their common denominators ``d_w`` and ``d_u``, ``top``
    one unit ``d_u`` above the largest payoff, divided by what the entries
    share with ``d_w d_u``.
    """
    payoffs, chance = _tree_numbers(tree, True)
    leaves = []  # (group of the pair of sequences, node, chance weight)
    for g, (_, nodes, paths) in enumerate(st["leaf_groups"]):
        for k, v in enumerate(nodes):
            w = Fraction(1)
            if paths is not None:
                for c in paths[k]:
                    w *= chance[c]
            leaves.append((g, v, w))
    d_w = math.lcm(*(w.denominator for _, _, w in leaves))
    result = []
    for i in range(2):
        values = [Fraction(payoffs[v][i]) for _, v, _ in leaves]
        d_u = math.lcm(*(u.denominator for u in values))
        utilities = [u.numerator * (d_u // u.denominator) for u in values]
        top = max(utilities) + d_u
        entries = [0] * len(st["leaf_groups"])
        for (g, _, w), u in zip(leaves, utilities):
            if w:
                entries[g] += w.numerator * (d_w // w.denominator) * (top - u)
        divisor = math.gcd(d_w * d_u, *entries)
        result.append([value // divisor for value in entries])
    return result[0], result[1]


def _exact_pivots(T: list, rhs: list, basis: list, columns: list, N: int, limit: int) -> tuple[list, int]:
    """:func:`_complementary_pivots` in integers: row ``i`` is ``T[i] / den[i]`` with ``den[i] > 0``.

    Returns the row denominators and the number of pivots. Ratios of two
    entries of one row need no denominator (it cancels), and ratios are
    compared by cross-multiplying positive integers.
    """
    R = len(T)
    den = [1] * R
    slack_rows = [i for i in range(R) if basis[i] >= N]
    low = min([rhs[i] for i in slack_rows], default=0)
    if low >= 0:
        return den, 0
    z0 = 2 * N
    pos = {v: j for j, v in enumerate(columns)}
    row_of = {v: i for i, v in enumerate(basis)}
    lex_order = list(basis)

    def least(candidates: list, values: list, column) -> list:
        best_n = best_d = None
        kept: list = []
        for i, n in zip(candidates, values):
            d = den[i] if column is None else column[i]
            if best_n is None:
                best_n, best_d, kept = n, d, [i]
                continue
            left, right = n * best_d, best_n * d
            if left < right:
                best_n, best_d, kept = n, d, [i]
            elif left == right:
                kept.append(i)
        return kept

    def lexmin(candidates: list, column) -> int:
        if len(candidates) > 1:
            candidates = least(candidates, [rhs[i] for i in candidates], column)
            for var in lex_order:
                if len(candidates) == 1:
                    break
                j = pos.get(var)
                if j is None:  # a basic variable's column: only its own row has a (positive) ratio
                    i = row_of[var]
                    if i in candidates:
                        candidates.remove(i)
                    continue
                candidates = least(candidates, [T[i][j] for i in candidates], column)
        if len(candidates) != 1:
            raise RuntimeError("lexicographic ratio test left a tie: the pivoting rows are dependent")
        return candidates[0]

    def pivot(r: int, c: int, column: list) -> int:
        h = column[r]
        new = list(T[r])
        new[c] = den[r]
        b = rhs[r]
        if h < 0:
            new = [-v for v in new]
            b, h = -b, -h
        g = math.gcd(h, b, *new)
        if g > 1:
            new = [v // g for v in new]
            b, h = b // g, h // g
        T[r], rhs[r], den[r] = new, b, h
        for i, f in enumerate(column):
            if f and i != r:
                row = [u * h - f * v for u, v in zip(T[i], new)]
                row[c] = -f * new[c]
                ri, di = rhs[i] * h - f * b, den[i] * h
                g = math.gcd(di, ri, *row)
                if g > 1:
                    row = [v // g for v in row]
                    ri, di = ri // g, di // g
                T[i], rhs[i], den[i] = row, ri, di
        return _exchange(basis, columns, pos, row_of, r, c)

    c = pos[z0]
    leaving = pivot(lexmin([i for i in slack_rows if rhs[i] == low], None), c, [row[c] for row in T])
    pivots = 1
    while leaving != z0:
        c = pos[leaving + N if leaving < N else leaving - N]  # the complement enters
        column = [row[c] for row in T]
        candidates = [i for i, f in enumerate(column) if f > 0]
        if not candidates:
            raise LemkeRayError("Lemke's algorithm reached a secondary ray on the sequence-form LCP")
        leaving = pivot(lexmin(candidates, column), c, column)
        pivots += 1
        if pivots > limit and leaving != z0:
            raise RuntimeError(f"Lemke's algorithm exceeded {limit} pivots")
    return den, pivots


def _exchange(basis: list, columns: list, pos: dict, row_of: dict, r: int, c: int):
    """Swap the basic variable of row ``r`` with the nonbasic one of column ``c``; return the one that leaves."""
    leaving = basis[r]
    entering = columns[c]
    basis[r] = entering
    columns[c] = leaving
    del pos[entering], row_of[leaving]
    pos[leaving] = c
    row_of[entering] = r
    return leaving
