"""The receiver's beliefs after a message: the set that makes a response sequentially rational.

A polytope in the type simplex, given by its vertices (exact in exact mode).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ...numerics import format_value, is_exact_scalar, scaled_tolerance

__all__ = ["BeliefSet", "MAX_BELIEF_CANDIDATES"]


#: Largest number of candidate vertices examined for one belief set.
MAX_BELIEF_CANDIDATES = 200_000


def _solve_linear(matrix, rhs, exact: bool):
    """Solution of a square system, or None when it is singular."""
    size = len(rhs)
    if not exact:
        a = np.array(matrix, dtype=float)
        if abs(np.linalg.det(a)) < 1e-12 or np.linalg.cond(a) > 1e12:
            return None
        return list(np.linalg.solve(a, np.array(rhs, dtype=float)))
    rows = [[Fraction(v) for v in row] + [Fraction(value)] for row, value in zip(matrix, rhs)]
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


def _belief_set(game: SignalingGame, m: int, required, allowed, slack) -> BeliefSet:
    """Vertices of {mu in simplex on `allowed`: each r in `required` is a best response}."""
    exact = game.is_exact
    u = game.receiver_payoff
    k = len(allowed)
    rows = [[(1 if j == i else 0) for j in range(k)] for i in range(k)]
    for r in required:
        for other in range(len(game.responses)):
            if other != r:
                row = [u[t, m, r] - u[t, m, other] for t in allowed]
                if any(v != 0 for v in row) and row not in rows:
                    rows.append(row)

    def feasible(mu) -> bool:
        if any(v < -slack for v in mu):
            return False
        return all(sum((a * b for a, b in zip(row, mu)), Fraction(0) if exact else 0.0) >= -slack for row in rows)

    candidates = []
    if k == 1:
        candidates.append([Fraction(1) if exact else 1.0])
    else:
        count = math.comb(len(rows), k - 1)
        if count > MAX_BELIEF_CANDIDATES:
            raise ValueError(
                f"the belief set after message {game.messages[m]!r} has {count} candidate vertices, "
                f"above the limit of {MAX_BELIEF_CANDIDATES}"
            )
        ones = [1] * k
        for combo in itertools.combinations(range(len(rows)), k - 1):
            matrix = [rows[c] for c in combo] + [ones]
            rhs = [0] * (k - 1) + [1]
            solution = _solve_linear(matrix, rhs, exact)
            if solution is not None:
                candidates.append(solution)
    vertices = []
    for mu in candidates:
        if not feasible(mu):
            continue
        if not exact:
            mu = [max(float(v), 0.0) for v in mu]
            total = sum(mu)
            mu = [v / total for v in mu]
            if any(max(abs(a - b) for a, b in zip(mu, v)) <= max(slack, 1e-12) for v in vertices):
                continue
        elif mu in vertices:
            continue
        vertices.append(mu)
    full = []
    for mu in vertices:
        point = [Fraction(0) if exact else 0.0] * len(game.types)
        for t, v in zip(allowed, mu):
            point[t] = v
        full.append(tuple(point))
    return BeliefSet(game.types, game.messages[m], tuple(game.responses[r] for r in required), tuple(sorted(full)), exact)
