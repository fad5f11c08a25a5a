"""Beliefs for perfect Bayesian equilibria of game trees: belief polytopes, continuation values, Bayes' rule.

Shared by :mod:`.perfect_bayesian` (assessments and the solver),
:mod:`._pbe_search` (the pruned search over pure profiles) and
:mod:`.intuitive_criterion`.

- :func:`simplex_polytope`: the vertices of ``{mu in simplex: c . mu >= 0}``
  (exact with Fractions), the sustaining beliefs at an information set.
- :func:`continuation_values`: the mover's payoff at each node of an
  information set under the profile and under each of its pure continuation
  plans; their differences are the sequential-rationality constraints.
- :func:`pinned_beliefs`: the beliefs Bayes' rule fixes, on the path and,
  where structural consistency allows, off it (see the function).
- :func:`derived_beliefs` and :func:`joint_regions`: after a free (off-path,
  unpinned) belief, the beliefs the profile's own moves lead to follow from it
  by Bayes' rule; the sustaining beliefs at the free set are those under
  which every set that follows it is sequentially rational too.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np

from ..games.extensive.conversions import edge_probabilities
from ..games.extensive.equilibrium import node_values
from ..games.extensive.tree import CHANCE, GameTree

__all__ = ["MAX_CONTINUATIONS", "continuation_values", "derived_beliefs", "joint_regions", "lift", "pinned_beliefs",
           "reach", "region_infosets", "simplex_polytope", "sustaining_vertices"]

#: Largest number of pure continuation plans of one player below one information set.
MAX_CONTINUATIONS = 10_000


def _solve(matrix, rhs, exact: bool):
    if exact:
        size = len(rhs)
        rows = [[Fraction(v) for v in row] + [Fraction(b)] for row, b in zip(matrix, rhs)]
        for col in range(size):
            pivot = next((r for r in range(col, size) if rows[r][col] != 0), None)
            if pivot is None:
                return None
            rows[col], rows[pivot] = rows[pivot], rows[col]
            head = rows[col][col]
            rows[col] = [v / head for v in rows[col]]
            for r in range(size):
                if r != col and rows[r][col] != 0:
                    factor = rows[r][col]
                    rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col])]
        return [rows[r][size] for r in range(size)]
    a = np.array(matrix, dtype=float)
    if abs(np.linalg.det(a)) < 1e-12:
        return None
    return list(np.linalg.solve(a, np.array(rhs, dtype=float)))


def simplex_polytope(constraints, k: int, exact: bool, slack) -> tuple:
    """Vertices of ``{mu >= 0, sum mu = 1, c . mu >= 0 for c in constraints}`` (sorted).

    Each vertex solves ``k - 1`` of the tight rows (simplex facets and
    constraints) with ``sum mu = 1``; the feasible solutions are kept.
    """
    zero = Fraction(0) if exact else 0.0
    rows = [tuple(1 if j == i else 0 for j in range(k)) for i in range(k)]
    for c in constraints:
        if any(v != 0 for v in c) and tuple(c) not in rows:
            rows.append(tuple(c))

    def feasible(mu):
        return all(v >= -slack for v in mu) and all(sum((a * b for a, b in zip(c, mu)), zero) >= -slack
                                                     for c in constraints)

    if k == 1:
        one = (Fraction(1) if exact else 1.0,)
        return (one,) if feasible(one) else ()
    vertices = []
    for combo in itertools.combinations(range(len(rows)), k - 1):
        solution = _solve([rows[c] for c in combo] + [[1] * k], [0] * (k - 1) + [1], exact)
        if solution is None or not feasible(solution):
            continue
        if not exact:
            solution = [max(float(v), 0.0) for v in solution]
            total = sum(solution)
            solution = [v / total for v in solution]
            if any(max(abs(a - b) for a, b in zip(solution, v)) <= max(float(slack), 1e-12) for v in vertices):
                continue
        elif solution in vertices:
            continue
        vertices.append(solution)
    return tuple(sorted(tuple(v) for v in vertices))


def region_infosets(tree: GameTree, h: int) -> list[int]:
    """The mover's information sets at or below the nodes of ``h`` (``h`` first)."""
    player = int(tree.infoset_player[h])
    found, stack = [h], list(tree.infosets[h].nodes)
    while stack:
        v = stack.pop()
        for c in tree.children(v):
            if tree.node_player[c] == player:
                g = int(tree.node_infoset[c])
                if g not in found:
                    found.append(g)
            stack.append(c)
    return found


def continuation_values(tree: GameTree, flat: np.ndarray, h: int, values_cache: dict):
    """``(profile_values, plan_values)`` of the mover at each node of ``h``.

    ``plan_values[c][j]`` is the mover's payoff from node ``j`` of ``h`` on when
    it follows the pure continuation plan ``c`` (a choice at every own set at
    or below ``h``) and the others follow ``flat``. ``values_cache`` holds the
    profile's node values under ``"profile"`` and each plan's under its key.
    """
    player = int(tree.infoset_player[h])
    nodes = list(tree.infosets[h].nodes)
    sets = region_infosets(tree, h)
    counts = [len(tree.infoset_actions[g]) for g in sets]
    if math.prod(counts) > MAX_CONTINUATIONS:
        raise ValueError(f"information set {h} has more than {MAX_CONTINUATIONS} continuation plans")
    offsets = tree.action_offsets
    exact = flat.dtype == object
    base = values_cache.get("profile")
    if base is None:
        base = values_cache["profile"] = node_values(tree, flat)
    profile = [base[v, player] for v in nodes]
    plans = []
    for combo in itertools.product(*(range(k) for k in counts)):
        key = tuple(zip(sets, combo))
        cached = values_cache.get(key)
        if cached is None:
            deviated = np.array(flat, dtype=object if exact else float)
            for g, a in zip(sets, combo):
                start, end = int(offsets[g]), int(offsets[g + 1])
                deviated[start:end] = Fraction(0) if exact else 0.0
                deviated[start + a] = Fraction(1) if exact else 1.0
            cached = values_cache[key] = node_values(tree, deviated)
        plans.append([cached[v, player] for v in nodes])
    return profile, plans


def reach(tree: GameTree, flat) -> np.ndarray:
    """Probability of reaching each node under the flat profile."""
    edge = edge_probabilities(tree, flat)
    result = edge.copy()
    for start, end in tree.levels[1:]:
        result[start:end] = result[tree.parent[start:end]] * edge[start:end]
    return result


def _on_path(mass, exact: bool, slack) -> bool:
    return mass > 0 if exact else mass > slack * 1e-3


def pinned_beliefs(tree: GameTree, flat, reached, slack, *, weak: bool = False) -> list:
    """The belief Bayes' rule fixes at each information set, None where it is free.

    On the path (positive reach) the belief is Bayes' rule from the root. With
    ``weak`` that is all (weak perfect Bayesian equilibrium). Otherwise an
    off-path set ``h`` is also pinned from its nearest *anchor*: going up from
    ``h``'s first node, the first chance node or information set ``g`` with a
    pinned belief such that every node of ``h`` descends from a node of ``g``.
    The weight of a node ``y`` of ``h`` below ``x`` in ``g`` is
    ``mu_g(x) * P(x -> y)``, first with the profile's own behaviour at ``g``
    and, if that gives ``h`` probability 0, with each single action of
    ``g``'s mover in turn (a deviation at ``g`` is the same action at every
    node of ``g``, so it cancels in Bayes' rule). ``h`` is pinned when the
    profile's weights are positive, or when every node of ``h`` lies behind
    an action the profile does not play at ``g`` and every deviation that
    reaches ``h`` (with positive probability afterwards) gives the same
    posterior. It is free otherwise: when deviations disagree, when none
    reaches ``h``, or when some node of ``h`` lies behind a played action but
    needs a later deviation (as rare as a deviation at ``g``, so the ratio
    is free, as in Selten's horse). Unpinned anchors are skipped upwards;
    the nearest pinned anchor decides.

    Every consistent assessment in the sense of Kreps and Wilson (1982) has
    these beliefs (the anchor's trembles cancel; paths needing further
    trembles vanish in the limit), so this is a necessary condition for
    sequential equilibrium. It implies that the restriction to every subgame
    is a weak PBE of the subgame: a subgame's root is a singleton anchor.
    """
    exact = flat.dtype == object
    zero = Fraction(0) if exact else 0.0
    n = tree.n_infosets
    beliefs: list = [None] * n
    depth = tree.depth
    order = sorted(range(n), key=lambda h: (min(int(depth[v]) for v in tree.infosets[h].nodes), h))
    edge = None
    for h in order:
        nodes = list(tree.infosets[h].nodes)
        mass = sum((reached[v] for v in nodes), zero)
        if _on_path(mass, exact, slack):
            beliefs[h] = tuple(reached[v] / mass for v in nodes)
            continue
        if weak:
            continue
        if len(nodes) == 1:
            beliefs[h] = (Fraction(1) if exact else 1.0,)
            continue
        if edge is None:
            edge = edge_probabilities(tree, flat)
        beliefs[h] = _pin_from_anchor(tree, flat, edge, nodes, beliefs, exact, slack)
    return beliefs


def _pin_from_anchor(tree: GameTree, flat, edge, nodes, beliefs, exact: bool, slack):
    zero = Fraction(0) if exact else 0.0
    parent = tree.parent
    ancestry = []
    for y in nodes:
        chain, v = [], y
        while v != 0:
            chain.append(int(v))
            v = int(parent[v])
        chain.append(0)
        ancestry.append(chain)  # y, its parent, ..., the root
    for anchor in ancestry[0][1:]:
        if tree.node_player[anchor] == CHANCE:
            anchor_nodes, anchor_belief = [anchor], [Fraction(1) if exact else 1.0]
        else:
            g = int(tree.node_infoset[anchor])
            if beliefs[g] is None:
                continue
            anchor_nodes, anchor_belief = list(tree.infosets[g].nodes), list(beliefs[g])
        position = {x: k for k, x in enumerate(anchor_nodes)}
        below = []  # per node of h: (index of its ancestor in the anchor, action taken there, rest of the path)
        for chain in ancestry:
            hit = next((k for k, v in enumerate(chain) if v in position), None)
            if hit is None or hit == 0:
                below = None
                break
            rest = Fraction(1) if exact else 1.0
            for v in chain[:hit - 1]:
                rest = rest * edge[v]
            child = chain[hit - 1]
            below.append((position[chain[hit]], child, rest))
        if below is None:
            continue
        weights = [anchor_belief[x] * edge[child] * rest for x, child, rest in below]
        total = sum(weights, zero)
        if _on_path(total, exact, slack):
            return tuple(w / total for w in weights)
        if tree.node_player[anchor] == CHANCE or any(edge[child] != 0 for _, child, _ in below):
            # A node of h behind an action the profile plays at g needs a later tremble, as rare as a
            # deviation at g: the two compete and the ratio is free.
            return None
        action = tree.action_index
        posteriors = []
        for a in range(len(tree.infoset_actions[int(tree.node_infoset[anchor])])):
            weights = [anchor_belief[x] * rest if action[child] == a else zero for x, child, rest in below]
            total = sum(weights, zero)
            if _on_path(total, exact, slack):
                posteriors.append(tuple(w / total for w in weights))
        if not posteriors:
            return None
        first = posteriors[0]
        same = all((p == first) if exact else max(abs(a - b) for a, b in zip(p, first)) <= slack for p in posteriors)
        return first if same else None
    return None


# ------------------------------------------------- beliefs downstream of a free belief
def _ancestor_links(tree: GameTree, edge, nodes, anchor_nodes, exact: bool):
    """Per node of a set: ``(position of its ancestor among anchor_nodes, probability of the path down)``.

    The path probability is the product of the moves from the ancestor to the
    node under the profile (the ancestor's own move included). None when some
    node has no strict ancestor among ``anchor_nodes``.
    """
    position = {int(x): k for k, x in enumerate(anchor_nodes)}
    parent = tree.parent
    links = []
    for y in nodes:
        weight, v = (Fraction(1) if exact else 1.0), int(y)
        while v != 0 and int(parent[v]) not in position:
            weight = weight * edge[v]
            v = int(parent[v])
        if v == 0:
            return None
        links.append((position[int(parent[v])], weight * edge[v]))
    return tuple(links)


def derived_beliefs(tree: GameTree, flat, beliefs, slack) -> list:
    """Per information set: ``(parent, links)`` when its belief follows from a free belief upstream, else None.

    ``beliefs`` are the pinned beliefs (:func:`pinned_beliefs`, None where
    free). An off-path set ``h`` with several nodes whose belief is not pinned
    *follows* the nearest unpinned set ``g`` above its first node such that
    every node of ``h`` lies below a node of ``g`` and the profile's own moves
    lead from ``g`` to some node of ``h`` with positive probability
    (Bayes' rule wherever possible, Fudenberg and Tirole 1991; Watson 2017). Then, for a
    belief ``mu`` at ``g`` that reaches ``h``, Bayes' rule gives
    ``mu_h(y) = mu(x) P(x -> y) / sum_y' mu(x') P(x' -> y')``, with ``x`` the
    node of ``g`` above ``y``; ``links`` lists ``(position of x in g,
    P(x -> y))`` per node of ``h``. When every node of ``h`` takes another
    zero-probability move after ``g`` (``P(x -> y) = 0`` throughout) the
    belief at ``h`` stays free (None), as it does for every set not below a
    free one. The unpinned set ``g`` may itself follow a set further up.

    Every consistent assessment (Kreps and Wilson 1982) satisfies the link:
    along the trembles, ``P(y) = P(x) P_eps(x -> y)``, so the ratio at ``h``
    tends to the one above whenever the limit belief at ``g`` reaches ``h``.
    """
    exact = flat.dtype == object
    n = tree.n_infosets
    result: list = [None] * n
    edge = None
    parent = tree.parent
    for h in range(n):
        nodes = list(tree.infosets[h].nodes)
        if beliefs[h] is not None or len(nodes) < 2:
            continue
        if edge is None:
            edge = edge_probabilities(tree, flat)
        v = int(nodes[0])
        while v != 0:
            v = int(parent[v])
            if tree.node_player[v] < 0:
                continue
            g = int(tree.node_infoset[v])
            if beliefs[g] is not None:
                continue
            links = _ancestor_links(tree, edge, nodes, tree.infosets[g].nodes, exact)
            if links is None:
                continue
            if any(_on_path(q, exact, slack) for _, q in links):
                result[h] = (g, links)
            # Zero throughout: h needs another zero-probability move after g, and after any set above g too.
            break
    return result


def lift(rows, links, size: int, exact: bool) -> tuple:
    """Constraint rows over a derived set's nodes, as rows over the nodes of the set it follows.

    With ``w(y) = mu(x) P(x -> y)`` the unnormalised Bayes weights, ``c . w >= 0``
    is linear in ``mu``: ``sum_x mu(x) sum_{y below x} c(y) P(x -> y) >= 0``.
    It holds trivially where ``mu`` does not reach the derived set.
    """
    zero = Fraction(0) if exact else 0.0
    lifted = []
    for row in rows:
        out = [zero] * size
        for c, (x, q) in zip(row, links):
            out[x] = out[x] + c * q
        lifted.append(tuple(out))
    return tuple(lifted)


def joint_regions(tree: GameTree, free, derived, rows_of, exact: bool, slack) -> dict:
    """The joint belief polytope of every information set in ``free`` (those with an unpinned belief).

    For such a set ``k``: its own rows (``rows_of(k)``, ``c . mu >= 0`` per
    pure continuation plan) together with the rows of every set that follows
    it, directly or through other derived sets (:func:`derived_beliefs`),
    lifted to ``k``'s nodes (:func:`lift`, composing the links). Returns
    ``{k: (rows, vertices, followers)}`` with ``followers`` the sets that
    follow ``k`` (nearest first) and ``vertices`` the polytope's vertices.

    The beliefs at a free set that sustain the behaviour there and at every
    set that follows it are exactly this polytope when every follower's own
    polytope is non-empty, and none otherwise (a belief at ``k`` that leaves
    a follower ``d`` unreached leaves ``d``'s belief free, and then some
    belief in ``d``'s polytope works; one that reaches ``d`` implies a
    belief in it): see :func:`sustaining_vertices`.
    """
    children: dict = {}
    for d, link in enumerate(derived):
        if link is not None:
            children.setdefault(link[0], []).append(d)
    result = {}
    for k in free:
        size = len(tree.infosets[k].nodes)
        rows = list(rows_of(k))
        followers = []
        # Walk the followers nearest first, carrying their links composed back to k.
        frontier = [(d, derived[d][1]) for d in children.get(k, [])]
        while frontier:
            d, links = frontier.pop(0)
            followers.append(d)
            rows.extend(lift(rows_of(d), links, size, exact))
            for e in children.get(d, []):
                frontier.append((e, tuple((links[x][0], links[x][1] * q) for x, q in derived[e][1])))
        rows = tuple(rows)
        result[k] = (rows, simplex_polytope(rows, size, exact, slack), tuple(followers))
    return result


def sustaining_vertices(regions: dict, k: int) -> tuple:
    """The vertices of the beliefs at ``k`` that sustain ``k`` and its followers (empty when a follower has none)."""
    rows, vertices, followers = regions[k]
    if any(not regions[d][1] for d in followers):
        return ()
    return vertices
