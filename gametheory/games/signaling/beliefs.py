"""The receiver's beliefs after a message: the set that makes a response sequentially rational.

A polytope in the type simplex, given by its vertices (exact in exact mode). The
vertices come from the tree engine's belief regions (:mod:`gametheory.solvers.perfect_bayesian`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ...numerics import format_value, is_exact_scalar, scaled_tolerance

__all__ = ["BeliefSet"]


# ----------------------------------------------------------------- beliefs
@dataclass(frozen=True, eq=False)
class BeliefSet:
    """The beliefs (points of the type simplex) that support a response after a message.

    A convex polytope, given by its vertices: every convex combination of the
    vertices is a supporting belief, and no other belief is. Empty when no
    belief makes the response sequentially rational.

    Attributes
    ----------
    types : tuple of str
    message : str
    responses : tuple of str
        The responses that must all be best responses (the support of the
        receiver's behaviour after ``message``).
    vertices : tuple of tuple
        Probability vectors over ``types`` (Fractions in exact mode), sorted.
    exact : bool
    """

    types: tuple
    message: str
    responses: tuple
    vertices: tuple
    exact: bool

    @property
    def is_empty(self) -> bool:
        return not self.vertices

    @property
    def point(self) -> tuple | None:
        """One supporting belief (the first vertex), ``None`` when the set is empty."""
        return self.vertices[0] if self.vertices else None

    def interval(self, type_label: str) -> tuple:
        """``(lowest, highest)`` probability of ``type_label`` over the set.

        For two types this describes the set completely (e.g. the belief
        threshold that supports a punishment off the path).
        """
        if type_label not in self.types:
            raise ValueError(f"no type {type_label!r}; types are {list(self.types)}")
        if self.is_empty:
            raise ValueError(f"the belief set after {self.message!r} is empty")
        k = self.types.index(type_label)
        values = [v[k] for v in self.vertices]
        return min(values), max(values)

    def describe(self, digits: int = 4) -> str:
        """Plain text, e.g. ``P(Weak) in [1/2, 1]`` for two types."""
        if self.is_empty:
            return "no belief supports " + " + ".join(self.responses)
        if len(self.types) == 2:
            low, high = self.interval(self.types[0])
            if low == high:
                return f"P({self.types[0]}) = {format_value(low, digits=digits)}"
            return f"P({self.types[0]}) in [{format_value(low, digits=digits)}, {format_value(high, digits=digits)}]"
        points = ["(" + ", ".join(format_value(p, digits=digits) for p in v) + ")" for v in self.vertices]
        return f"convex hull of {', '.join(points)} over ({', '.join(self.types)})"

    def contains(self, belief, *, tol: float | None = None) -> bool:
        """Whether ``belief`` (a probability vector over the types) is in the set."""
        belief = list(belief)
        if len(belief) != len(self.types):
            raise ValueError(f"belief has {len(belief)} entries, expected {len(self.types)} (one per type)")
        if self.is_empty:
            return False
        if len(self.vertices) == 1:
            slack = 0 if self.exact and all(is_exact_scalar(b) for b in belief) else scaled_tolerance(tol, 1.0)
            return all(abs(a - b) <= slack for a, b in zip(belief, self.vertices[0]))
        # Membership in the convex hull: a feasibility LP (float).
        from scipy.optimize import linprog

        vertices = np.array(self.vertices, dtype=float).T
        a_eq = np.vstack([vertices, np.ones(vertices.shape[1])])
        b_eq = np.append(np.array(belief, dtype=float), 1.0)
        result = linprog(np.zeros(vertices.shape[1]), A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        return bool(result.status == 0)


def _belief_set(game, m: int, required, allowed, slack) -> BeliefSet:
    """Beliefs on the ``allowed`` types after message ``m`` under which every response in ``required`` is optimal.

    The polytope ``{mu: sum_t mu_t (u(t, m, r) - u(t, m, r')) >= 0}`` for each
    required ``r`` and every other ``r'``, by the tree engine's vertex routine
    (:func:`gametheory.solvers._pbe_beliefs.simplex_polytope`).
    """
    from ...solvers._pbe_beliefs import simplex_polytope

    exact = game.is_exact
    u = game.receiver_payoff
    rows = [tuple(u[t, m, r] - u[t, m, other] for t in allowed)
            for r in required for other in range(len(game.responses)) if other != r]
    vertices = []
    for mu in simplex_polytope(rows, len(allowed), exact, slack):
        point = [Fraction(0) if exact else 0.0] * len(game.types)
        for t, v in zip(allowed, mu):
            point[t] = v
        vertices.append(tuple(point))
    return BeliefSet(game.types, game.messages[m], tuple(game.responses[r] for r in required), tuple(sorted(vertices)),
                     exact)
