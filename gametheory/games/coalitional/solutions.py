"""What a coalition game's solutions are: the core (with its vertices) and the stability of a partition."""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from dataclasses import dataclass

from ...numerics import format_value, is_exact_scalar, scaled_tolerance

__all__ = ["Core", "PartitionStability"]


# ------------------------------------------------------------------ results
@dataclass(frozen=True)
class Core:
    """The core of a TU game: allocations no coalition can improve upon.

    The core is the set of allocations ``x`` with ``sum(x) == v(N)`` and
    ``sum(x[i] for i in S) >= v(S)`` for every coalition ``S``.

    Attributes
    ----------
    players : tuple of str
    inequalities : tuple of (tuple of str, value)
        One ``(S, v(S))`` per proper non-empty coalition: ``x(S) >= v(S)``.
    grand_value : value
        ``v(N)``, the efficiency equation ``x(N) == v(N)``.
    is_empty : bool
    point : dict or None
        A core allocation ``{player: share}`` (a least-core point, exact in
        exact mode), ``None`` when the core is empty.
    least_core : value
        ``min over x with x(N) = v(N) of max over S of v(S) - x(S)``: the
        core is non-empty exactly when this is ``<= 0``.
    balanced_weights : dict or None
        When the core is empty: weights ``delta_S >= 0`` on coalitions with
        ``sum(delta_S for S containing i) == 1`` for every player and
        ``sum(delta_S * v(S)) > v(N)``, a certificate of emptiness
        (Bondareva-Shapley); exact in exact mode.
    exact : bool
        True when ``point`` / ``balanced_weights`` were verified in exact
        arithmetic.
    """

    players: tuple
    inequalities: tuple
    grand_value: object
    is_empty: bool
    point: dict | None
    least_core: object
    balanced_weights: dict | None
    exact: bool

    def contains(self, allocation, *, tol: float | None = None) -> bool:
        """Whether ``allocation`` (dict or sequence in player order) is in the core."""
        x = _allocation(self.players, allocation)
        exact = all(is_exact_scalar(v) for v in x) and self.exact
        scale = max([1.0] + [abs(float(v)) for _, v in self.inequalities] + [abs(float(self.grand_value))])
        slack = 0 if exact else scaled_tolerance(tol, scale)
        index = {p: i for i, p in enumerate(self.players)}
        if abs(sum(x) - self.grand_value) > slack:
            return False
        return all(sum(x[index[p]] for p in members) >= value - slack for members, value in self.inequalities)

    def describe(self) -> list[str]:
        """The defining inequalities as text, e.g. ``'x[A] + x[B] >= 1'``."""
        lines = [f"{' + '.join(f'x[{p}]' for p in self.players)} = {format_value(self.grand_value)}"]
        for members, value in self.inequalities:
            lines.append(f"{' + '.join(f'x[{p}]' for p in members)} >= {format_value(value)}")
        return lines


def _allocation(players, allocation) -> list:
    if isinstance(allocation, Mapping):
        missing = [p for p in players if p not in allocation]
        extra = [p for p in allocation if p not in players]
        if missing or extra:
            raise ValueError(f"allocation must give one share per player {list(players)}; missing {missing}, unknown {extra}")
        values = [allocation[p] for p in players]
    else:
        values = list(allocation)
        if len(values) != len(players):
            raise ValueError(f"allocation has {len(values)} shares, expected {len(players)} (one per player)")
    for p, v in zip(players, values):
        if isinstance(v, bool) or not (isinstance(v, numbers.Real) or is_exact_scalar(v)):
            raise TypeError(f"share of player {p!r} must be a number, got {v!r}")
    return values


@dataclass(frozen=True)
class PartitionStability:
    """Stability of one coalition structure (partition of the players).

    Attributes
    ----------
    partition : tuple of tuple of str
    payoffs : dict
        Each player's share of its own block's worth under the division rule.
    blocking : tuple of tuple of str
        Coalitions all of whose members would be strictly better off forming
        that coalition (and dividing its worth by the same rule).
    """

    partition: tuple
    payoffs: dict
    blocking: tuple

    @property
    def stable(self) -> bool:
        """True when no coalition blocks."""
        return not self.blocking
