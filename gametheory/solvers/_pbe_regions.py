"""The beliefs a perfect Bayesian equilibrium reports at off-path information sets whose belief is not pinned.

- :class:`BeliefRegion`: at a *free* set, the polytope of beliefs that
  sustain the behaviour there and at the sets whose beliefs follow from it.
- :class:`DerivedBelief`: at a set whose belief *follows* a free one by
  Bayes' rule along the profile's own moves (Fudenberg and Tirole 1991;
  Watson 2017), the map from the free belief and the beliefs it gives.
- :func:`free_beliefs` and :func:`free_report` build them from the joint
  regions of :func:`._pbe_beliefs.joint_regions`, and pick the beliefs the
  certificate uses.

Used by :mod:`.perfect_bayesian`, which re-exports the two classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..games.extensive.render import short_node_name
from ..games.extensive.tree import GameTree
from ..numerics import format_value, json_value, scaled_tolerance
from ._pbe_beliefs import sustaining_vertices

__all__ = ["BeliefRegion", "DerivedBelief", "free_beliefs", "free_report"]

#: In float mode, a source belief that gives a follower less probability than this does not reach it
#: (the vertices of a float region carry rounding noise where they should be 0).
_FLOAT_MASS = 1e-12


@dataclass(frozen=True, eq=False)
class BeliefRegion:
    """The beliefs at an off-path information set that make the behaviour there sequentially rational.

    A convex polytope of the simplex over the set's nodes, given by its
    vertices; empty when no belief works. When the beliefs at later sets
    follow from this one by Bayes' rule (:attr:`followers`, each reported as
    a :class:`DerivedBelief`), the region holds the beliefs under which the
    behaviour at those sets is sequentially rational too.

    Attributes
    ----------
    infoset : int
    nodes : tuple of int
        The information set's nodes (level order); beliefs list them in this order.
    vertices : tuple of tuple
        Probability vectors over ``nodes`` (Fractions in exact mode), sorted.
    constraints : tuple of tuple
        Rows ``c`` with ``c . mu >= 0``: one per pure continuation plan of the
        mover, then those of the followers' movers expressed in this set's
        belief (:func:`._pbe_beliefs.lift`).
    exact : bool
    followers : tuple of int
        The information sets whose beliefs follow from this one (nearest first).
    """

    infoset: int
    nodes: tuple
    vertices: tuple
    constraints: tuple
    exact: bool
    followers: tuple = ()

    @property
    def is_empty(self) -> bool:
        return not self.vertices

    @property
    def point(self):
        """One sustaining belief (the first vertex), None when empty."""
        return self.vertices[0] if self.vertices else None

    def interval(self, position: int = 0) -> tuple:
        """``(lowest, highest)`` probability of the node at ``position`` over the region."""
        if self.is_empty:
            raise ValueError(f"no belief sustains the behaviour at information set {self.infoset}")
        values = [v[position] for v in self.vertices]
        return min(values), max(values)

    def contains(self, belief, *, tol: float | None = None) -> bool:
        """Whether ``belief`` (over :attr:`nodes`) sustains the behaviour."""
        belief = list(belief)
        if len(belief) != len(self.nodes):
            raise ValueError(f"belief has {len(belief)} entries, expected {len(self.nodes)} (one per node)")
        slack = 0 if self.exact else scaled_tolerance(tol, 1.0)
        if self.is_empty or any(b < -slack for b in belief) or abs(sum(belief) - 1) > slack:
            return False
        return all(sum(c * b for c, b in zip(row, belief)) >= -slack for row in self.constraints)

    def describe(self, tree: GameTree | None = None, digits: int = 4) -> str:
        if self.is_empty:
            return "no belief sustains the behaviour"
        name = short_node_name(tree, self.nodes[0]) if tree is not None else f"node {self.nodes[0]}"
        if len(self.nodes) == 1:
            return f"P({name}) = 1"
        if len(self.nodes) == 2:
            low, high = self.interval(0)
            if low == high:
                return f"P({name}) = {format_value(low, digits=digits)}"
            return f"P({name}) in [{format_value(low, digits=digits)}, {format_value(high, digits=digits)}]"
        points = ["(" + ", ".join(format_value(p, digits=digits) for p in v) + ")" for v in self.vertices]
        return "convex hull of " + ", ".join(points)

    def to_dict(self) -> dict:
        result = {"on_path": False, "pinned": False, "nodes": list(self.nodes),
                  "vertices": [[json_value(p) for p in v] for v in self.vertices]}
        if len(self.nodes) == 2 and self.vertices:
            result["interval"] = [json_value(v) for v in self.interval(0)]
        if self.followers:
            result["followers"] = list(self.followers)
        return result


@dataclass(frozen=True, eq=False)
class DerivedBelief:
    """The belief at an off-path information set that follows from a free belief upstream by Bayes' rule.

    The profile's own moves lead from the free set :attr:`source` to this one
    with positive probability, so for a sustaining belief ``mu`` there the
    belief here is ``mu_h(y) = mu(x) P(x -> y) / sum_y' mu(x') P(x' -> y')``,
    ``x`` the source node above ``y`` and ``P(x -> y)`` the probability of
    the path under the profile (:meth:`of`). The source's
    :class:`BeliefRegion` already accounts for sequential rationality here.

    Attributes
    ----------
    infoset : int
    nodes : tuple of int
    source : int
        The free information set whose belief this one follows.
    parent : int
        The nearest set it follows (the source, or a set that itself follows the source).
    links : tuple of (int, number)
        Per node: the position of its ancestor among the source's nodes and ``P(x -> y)``.
    points : tuple of tuple
        The beliefs here at the vertices of the source's region that reach
        this set (sorted); the beliefs Bayes' rule gives from the source's
        sustaining beliefs are their convex hull (along a segment from a
        source belief that does not reach this set, the belief here is constant).
    otherwise : BeliefRegion or None
        When some sustaining source belief gives this set probability 0, the
        belief here is then free: within the beliefs that sustain the
        behaviour here and at the sets that follow this one. None when every
        sustaining source belief reaches this set.
    belief : tuple or None
        The belief the certificate uses (from the source region's first
        vertex); None when no belief sustains the behaviour.
    exact : bool
    """

    infoset: int
    nodes: tuple
    source: int
    parent: int
    links: tuple
    points: tuple
    otherwise: BeliefRegion | None
    belief: tuple | None
    exact: bool

    @property
    def is_empty(self) -> bool:
        return self.belief is None

    @property
    def point(self):
        """The belief the certificate uses, None when empty."""
        return self.belief

    @property
    def vertices(self) -> tuple:
        """The :attr:`points`, then the vertices of :attr:`otherwise` (the beliefs this set may hold lie in their hull)."""
        extra = tuple(v for v in (self.otherwise.vertices if self.otherwise is not None else ()) if v not in self.points)
        return self.points + extra

    def of(self, source_belief) -> tuple | None:
        """The belief here by Bayes' rule from ``source_belief`` (over the source's nodes); None if it does not reach here."""
        weights = [source_belief[x] * q for x, q in self.links]
        total = sum(weights, Fraction(0) if self.exact else 0.0)
        if not total > (0 if self.exact else _FLOAT_MASS):
            return None
        return tuple(w / total for w in weights)

    def interval(self, position: int = 0) -> tuple:
        """``(lowest, highest)`` probability of the node at ``position`` over :attr:`vertices`."""
        if self.is_empty:
            raise ValueError(f"no belief sustains the behaviour at information set {self.infoset}")
        values = [v[position] for v in self.vertices]
        return min(values), max(values)

    def describe(self, tree: GameTree | None = None, digits: int = 4) -> str:
        source = f"information set {self.source}"
        if tree is not None:
            source = tree.infoset_labels[self.source] or f"{source} ({short_node_name(tree, tree.infosets[self.source].nodes[0])})"
        if self.is_empty:
            return f"Bayes' rule from {source}; no belief sustains the behaviour"
        name = short_node_name(tree, self.nodes[0]) if tree is not None else f"node {self.nodes[0]}"
        if len(self.nodes) == 2:
            low, high = self.interval(0)
            value = (f"= {format_value(low, digits=digits)}" if low == high else
                     f"in [{format_value(low, digits=digits)}, {format_value(high, digits=digits)}]")
            text = f"P({name}) {value}"
        else:
            text = "convex hull of " + ", ".join(
                "(" + ", ".join(format_value(p, digits=digits) for p in v) + ")" for v in self.vertices)
        free = "; free when that belief does not reach here" if self.otherwise is not None else ""
        return f"{text}, by Bayes' rule from the belief at {source}{free}"

    def to_dict(self) -> dict:
        result = {"on_path": False, "pinned": False, "nodes": list(self.nodes), "follows": self.source,
                  "points": [[json_value(p) for p in v] for v in self.points],
                  "belief": None if self.belief is None else [json_value(p) for p in self.belief]}
        if self.otherwise is not None:
            result["otherwise"] = [[json_value(p) for p in v] for v in self.otherwise.vertices]
        if len(self.nodes) == 2 and not self.is_empty:
            result["interval"] = [json_value(v) for v in self.interval(0)]
        return result



def _source(derived, h: int) -> int:
    while derived[h] is not None:
        h = derived[h][0]
    return h


def free_beliefs(tree: GameTree, free, derived, regions: dict, exact: bool) -> dict:
    """The belief each unpinned set takes in the certificate, None where no belief sustains the behaviour.

    A free set takes its region's first vertex; a follower the belief Bayes'
    rule gives from its parent's, or, when that belief does not reach it, the
    first vertex of its own region (sets in order of their shallowest node,
    so parents come first).
    """
    zero = Fraction(0) if exact else 0.0
    chosen = {}
    for h in sorted(free, key=lambda g: (min(int(tree.depth[v]) for v in tree.infosets[g].nodes), g)):
        vertices = sustaining_vertices(regions, _source(derived, h))
        if not vertices:
            chosen[h] = None
        elif derived[h] is None:
            chosen[h] = vertices[0]
        else:
            parent, links = derived[h]
            weights = [chosen[parent][x] * q for x, q in links]
            total = sum(weights, zero)
            reaches = (total > 0) if exact else (total > _FLOAT_MASS)
            chosen[h] = tuple(w / total for w in weights) if reaches else regions[h][1][0]
    return chosen


def free_report(tree: GameTree, h: int, derived, regions: dict, chosen: dict, exact: bool):
    """The :class:`BeliefRegion` of a free set, or the :class:`DerivedBelief` of a follower."""
    nodes = tuple(tree.infosets[h].nodes)
    rows, _, followers = regions[h]
    if derived[h] is None:
        return BeliefRegion(h, nodes, sustaining_vertices(regions, h), rows, exact, followers)
    source = _source(derived, h)
    links = derived[h][1]
    g = derived[h][0]
    while g != source:  # compose the links back to the source
        links = tuple((derived[g][1][x][0], derived[g][1][x][1] * q) for x, q in links)
        g = derived[g][0]
    zero = Fraction(0) if exact else 0.0
    points, unreached = [], False
    for vertex in sustaining_vertices(regions, source):
        weights = [vertex[x] * q for x, q in links]
        total = sum(weights, zero)
        if (total > 0) if exact else (total > _FLOAT_MASS):
            point = tuple(w / total for w in weights)
            if point not in points:
                points.append(point)
        else:
            unreached = True
    otherwise = (BeliefRegion(h, nodes, sustaining_vertices(regions, h), rows, exact, followers)
                 if unreached else None)
    return DerivedBelief(h, nodes, source, derived[h][0], links, tuple(sorted(points)), otherwise, chosen[h], exact)
