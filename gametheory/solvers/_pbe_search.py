"""The search over pure behaviour profiles for perfect Bayesian equilibria, pruned bottom-up.

Sequential rationality at an information set ``h`` depends only on the
behaviour at ``h`` and at the sets below its nodes: those fix the rows
``c`` (one per pure continuation plan of the mover) of the constraint
``c . mu >= 0`` on the belief ``mu`` at ``h``. The search assigns
information sets deepest first; as soon as everything below ``h`` is
assigned, it computes that constraint set once per distinct assignment
(memoised) and abandons the branch when no belief satisfies it (neither a
Bayes belief on the path nor any belief off it could). On a complete
profile only Bayes' rule remains to check: the pinned beliefs
(:func:`._pbe_beliefs.pinned_beliefs`) must satisfy their sets' rows, and
unless the search is for weak PBE, a free belief must satisfy its rows
together with those of the sets whose beliefs follow from it
(:func:`._pbe_beliefs.derived_beliefs`, :func:`._pbe_beliefs.joint_regions`).

This visits every pure profile in the worst case (when nothing prunes), so
the caller bounds the number of profiles; in signalling trees the
receiver's choice is settled per belief region once and each sender plan is
checked against the surviving responses only.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..games.extensive.tree import GameTree
from ._pbe_beliefs import (
    continuation_values,
    derived_beliefs,
    joint_regions,
    pinned_beliefs,
    reach,
    simplex_polytope,
    sustaining_vertices,
)

__all__ = ["pure_candidates"]


def _below(tree: GameTree) -> list[set]:
    """For each information set, the sets with a node strictly below one of its nodes."""
    result = []
    for h in range(tree.n_infosets):
        found, stack = set(), list(tree.infosets[h].nodes)
        while stack:
            v = stack.pop()
            for c in tree.children(v):
                g = int(tree.node_infoset[c])
                if g >= 0:
                    found.add(g)
                stack.append(c)
        found.discard(h)
        result.append(found)
    return result


def _order(tree: GameTree, below: list[set]) -> list[int]:
    """Information sets with those below first (deepest node first where the relation has cycles)."""
    depth = tree.depth
    deepest = {h: max(int(depth[v]) for v in tree.infosets[h].nodes) for h in range(tree.n_infosets)}
    order, placed = [], set()
    remaining = sorted(range(tree.n_infosets), key=lambda h: (-deepest[h], h))
    while remaining:
        ready = [h for h in remaining if below[h] <= placed] or remaining[:1]
        h = ready[0]
        order.append(h)
        placed.add(h)
        remaining.remove(h)
    return order


def pure_candidates(tree: GameTree, slack, *, weak: bool):
    """Flat pure profiles that pass every sequential-rationality check under pinned (or free) beliefs.

    Yields read-only flat behaviour arrays in the lexicographic order of
    profiles (information set 0's action slowest).
    """
    exact = tree.is_exact
    one, zero = (Fraction(1), Fraction(0)) if exact else (1.0, 0.0)
    n = tree.n_infosets
    counts = [len(a) for a in tree.infoset_actions]
    offsets = tree.action_offsets
    below = _below(tree)
    order = _order(tree, below)
    position = {h: k for k, h in enumerate(order)}
    checks: list[list[int]] = [[] for _ in order]
    scope = []
    for h in range(n):
        members = sorted(below[h] | {h})
        scope.append(members)
        checks[max(position[g] for g in members)].append(h)
    memo: dict = {}
    choice = [0] * n
    found = []

    def flat_profile():
        flat = np.empty(int(offsets[-1]), dtype=object if exact else float)
        flat[:] = zero
        for g, a in enumerate(choice):
            flat[int(offsets[g]) + a] = one
        return flat

    def rows(h):
        key = (h, tuple(choice[g] for g in scope[h]))
        cached = memo.get(key)
        if cached is None:
            profile, plans = continuation_values(tree, flat_profile(), h, {})
            constraints = tuple(tuple(p - q for p, q in zip(profile, plan)) for plan in plans)
            feasible = bool(simplex_polytope(constraints, len(profile), exact, slack))
            cached = memo[key] = (constraints, feasible)
        return cached

    def satisfied(constraints, mu) -> bool:
        return all(sum((c * m for c, m in zip(row, mu)), zero) >= -slack for row in constraints)

    def followers_sustained(flat, beliefs) -> bool:
        derived = derived_beliefs(tree, flat, beliefs, slack)
        sources = {link[0] for link in derived if link is not None}
        if not sources:
            return True
        involved = sorted(sources | {h for h, link in enumerate(derived) if link is not None})
        regions = joint_regions(tree, involved, derived, lambda h: rows(h)[0], exact, slack)
        return all(sustaining_vertices(regions, h) for h in involved if derived[h] is None)

    def visit(k: int):
        if k == len(order):
            flat = flat_profile()
            beliefs = pinned_beliefs(tree, flat, reach(tree, flat), slack, weak=weak)
            if all(mu is None or satisfied(rows(h)[0], mu) for h, mu in enumerate(beliefs)) and (
                    weak or followers_sustained(flat, beliefs)):
                flat.setflags(write=False)
                found.append((tuple(choice), flat))
            return
        h = order[k]
        for a in range(counts[h]):
            choice[h] = a
            if all(rows(g)[1] for g in checks[k]):
                visit(k + 1)
        choice[h] = 0

    visit(0)
    found.sort(key=lambda item: item[0])
    return [flat for _, flat in found]
