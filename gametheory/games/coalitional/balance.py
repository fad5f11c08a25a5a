"""The balance of power: states with resources, winning and blocking coalitions, secure alliance structures.

References
----------
Niou, E. M. S., Ordeshook, P. C. and Rose, G. F. (1989). *The Balance of Power: Stability in
International Systems*. Cambridge University Press, ch. 3-4.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ...numerics import format_value, is_exact_scalar, scaled_tolerance
from .game import CoalitionGame
from .sets import _check_players, _members, _number, set_partitions

__all__ = ["BalanceOfPower"]


# ------------------------------------------------------------ balance of power
class BalanceOfPower:
    """States with resources, and which alliances can win, block or threaten.

    A coalition of states is *winning* when its resources exceed half of the
    total, ``r(S) > R / 2``, and *blocking* when it holds at least half,
    ``r(S) >= R / 2``, so that no coalition of the others can win. A state is
    *dominant* when it wins alone (``r_i > R / 2``) and *essential* when no
    coalition without it wins. An alliance structure (partition of the states)
    keeps a state *secure* when no block that excludes it is winning.

    These are the resource-majority notions of Niou, Ordeshook and Rose
    (1989), in which states seek to survive and a balance of power holds when
    no state or coalition can eliminate another; here they are given as a
    general capability for any distribution of power.

    Parameters
    ----------
    resources : mapping or sequence of numbers
        Non-negative resources (power) of each state; a mapping gives the
        names, a sequence needs ``players``.
    players : sequence of str, optional

    Notes
    -----
    Float resources within the project tolerance of exactly half count as
    exactly half (blocking, not winning).

    References
    ----------
    Niou, Ordeshook and Rose (1989), *The Balance of Power*, ch. 3-4;
    Waltz (1979), *Theory of International Politics*, ch. 6.

    Examples
    --------
    >>> world = BalanceOfPower({"A": 4, "B": 3, "C": 2})
    >>> world.dominant_states(), world.essential_states()
    ([], [])
    >>> world.minimal_winning_coalitions()
    [('A', 'B'), ('A', 'C'), ('B', 'C')]
    >>> world.is_secure_partition([["A"], ["B", "C"]])
    False
    >>> [p for p in world.secure_partitions()]
    [(('A', 'B', 'C'),), (('A',), ('B',), ('C',))]
    """

    __slots__ = ("_players", "_resources", "_exact")

    def __init__(self, resources, players=None):
        if isinstance(resources, Mapping):
            if players is not None:
                raise ValueError("give players either as the keys of resources or as players=, not both")
            players, resources = list(resources), list(resources.values())
        else:
            if isinstance(resources, str) or not isinstance(resources, Iterable):
                raise TypeError(f"resources must be a mapping or a sequence of numbers, got {resources!r}")
            resources = list(resources)
            if players is None:
                players = len(resources)
        players = _check_players(players)
        if len(resources) != len(players):
            raise ValueError(f"resources has {len(resources)} entries, expected {len(players)} (one per state)")
        exact = all(is_exact_scalar(r) for r in resources)
        checked = tuple(_number(r, exact, f"resources of {p!r}") for p, r in zip(players, resources))
        negative = [p for p, r in zip(players, checked) if r < 0]
        if negative:
            raise ValueError(f"resources must be non-negative; negative for {negative}")
        if sum(checked) <= 0:
            raise ValueError("total resources must be positive")
        self._players = players
        self._resources = checked
        self._exact = exact

    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def resources(self) -> dict[str, object]:
        return dict(zip(self._players, self._resources))

    @property
    def total(self):
        return sum(self._resources)

    def _compare_half(self, amount) -> int:
        """Sign of ``amount - total / 2`` (0 within tolerance in float mode)."""
        half = self.total / 2
        if self._exact:
            return (amount > half) - (amount < half)
        slack = scaled_tolerance(None, float(self.total))
        return 1 if amount > half + slack else -1 if amount < half - slack else 0

    def _power(self, mask: int):
        return sum(self._resources[i] for i in _members(mask, len(self._players)))

    def _mask(self, coalition) -> int:
        return CoalitionGame._key_mask(coalition, {p: i for i, p in enumerate(self._players)})

    def power(self, coalition):
        """Total resources of a coalition."""
        return self._power(self._mask(coalition))

    def is_winning(self, coalition) -> bool:
        """``r(S) > R / 2``."""
        return self._compare_half(self.power(coalition)) > 0

    def is_blocking(self, coalition) -> bool:
        """``r(S) >= R / 2``: the states outside ``S`` cannot win."""
        return self._compare_half(self.power(coalition)) >= 0

    def _masks(self):
        return range(1, 1 << len(self._players))

    def winning_coalitions(self) -> list[tuple[str, ...]]:
        return [self._names(m) for m in self._masks() if self._compare_half(self._power(m)) > 0]

    def blocking_coalitions(self) -> list[tuple[str, ...]]:
        """Coalitions holding at least half (winning ones included)."""
        return [self._names(m) for m in self._masks() if self._compare_half(self._power(m)) >= 0]

    def minimal_winning_coalitions(self) -> list[tuple[str, ...]]:
        n = len(self._players)
        wins = {m for m in self._masks() if self._compare_half(self._power(m)) > 0}
        return [self._names(m) for m in sorted(wins) if all(m & ~(1 << i) not in wins for i in _members(m, n))]

    def dominant_states(self) -> list[str]:
        """States with more than half of all resources (they win alone)."""
        return [p for i, p in enumerate(self._players) if self._compare_half(self._resources[i]) > 0]

    def essential_states(self) -> list[str]:
        """States without which no coalition wins."""
        full = (1 << len(self._players)) - 1
        return [p for i, p in enumerate(self._players) if self._compare_half(self._power(full & ~(1 << i))) <= 0]

    def threatened_states(self, partition) -> list[str]:
        """States excluded from a winning block of the alliance structure ``partition``."""
        masks = CoalitionGame([*self._players], lambda s: 0)._partition_masks(partition)
        threatened = 0
        for mask in masks:
            if self._compare_half(self._power(mask)) > 0:
                threatened |= ((1 << len(self._players)) - 1) & ~mask
        return [p for i, p in enumerate(self._players) if threatened >> i & 1]

    def is_secure_partition(self, partition) -> bool:
        """No block of ``partition`` that excludes some state is winning."""
        return not self.threatened_states(partition)

    def secure_partitions(self) -> list[tuple[tuple[str, ...], ...]]:
        """Every alliance structure that keeps every state secure."""
        if len(self._players) > 10:
            raise ValueError(f"secure_partitions() enumerates every partition; at most 10 states, got {len(self._players)}")
        return [p for p in set_partitions(self._players) if self.is_secure_partition(p)]

    def game(self) -> CoalitionGame:
        """The simple game: worth 1 for winning coalitions, 0 otherwise; weights = resources."""
        values = {self._names(m): int(self._compare_half(self._power(m)) > 0) for m in self._masks()}
        return CoalitionGame(self._players, values, exact=True, weights=self._resources)

    def _names(self, mask: int) -> tuple[str, ...]:
        return tuple(self._players[i] for i in _members(mask, len(self._players)))

    def __repr__(self) -> str:
        shown = ", ".join(f"{p}: {format_value(r)}" for p, r in zip(self._players, self._resources))
        return f"<BalanceOfPower {{{shown}}}>"
