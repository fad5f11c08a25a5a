"""Coalitions as bit sets of players, exact linear solving and the set partitions of a set of players."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction

from ...numerics import is_exact_scalar, to_fraction

__all__ = ["set_partitions", "MAX_PLAYERS"]


#: Largest number of players: a game stores one worth per coalition (2**n).
MAX_PLAYERS = 20


# ---------------------------------------------------------------- helpers
def _check_players(players) -> tuple[str, ...]:
    if isinstance(players, numbers.Integral) and not isinstance(players, bool):
        if players < 1:
            raise ValueError(f"players must be a positive number or a list of names, got {players!r}")
        players = [f"Player {i + 1}" for i in range(int(players))]
    if isinstance(players, str) or not isinstance(players, Iterable):
        raise TypeError(f"players must be a sequence of names, got {players!r}")
    players = tuple(players)
    if not players:
        raise ValueError("players is empty: a coalition game needs at least one player")
    for name in players:
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"player names must be non-empty strings, got {name!r}")
    duplicates = sorted({p for p in players if players.count(p) > 1})
    if duplicates:
        raise ValueError(f"players has duplicate names: {duplicates}")
    if len(players) > MAX_PLAYERS:
        raise ValueError(f"at most {MAX_PLAYERS} players are supported (2**n coalitions), got {len(players)}")
    return players


def _members(mask: int, n: int) -> list[int]:
    return [i for i in range(n) if mask >> i & 1]


def _popcount(mask: int) -> int:
    return bin(mask).count("1")


def _number(value, exact: bool, what: str):
    if isinstance(value, bool):
        raise TypeError(f"{what} must be a number, got the boolean {value!r}")
    if exact:
        return to_fraction(value, what=what)
    if not (isinstance(value, numbers.Real) or is_exact_scalar(value)):
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise TypeError(f"{what} must be a number, got {type(value).__name__} {value!r}") from None
    result = float(value)
    if not math.isfinite(result):
        raise ValueError(f"{what} is {result}, expected a finite number")
    return result


def _solve_exact(rows: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """A solution of ``rows @ x = rhs`` in exact arithmetic (free variables 0), or None if inconsistent."""
    m = len(rows)
    k = len(rows[0]) if rows else 0
    matrix = [list(r) + [b] for r, b in zip(rows, rhs)]
    pivots = []
    row = 0
    for col in range(k):
        pivot = next((r for r in range(row, m) if matrix[r][col] != 0), None)
        if pivot is None:
            continue
        matrix[row], matrix[pivot] = matrix[pivot], matrix[row]
        lead = matrix[row][col]
        matrix[row] = [v / lead for v in matrix[row]]
        for r in range(m):
            if r != row and matrix[r][col] != 0:
                factor = matrix[r][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[row])]
        pivots.append(col)
        row += 1
        if row == m:
            break
    if any(all(v == 0 for v in matrix[r][:k]) and matrix[r][k] != 0 for r in range(m)):
        return None
    solution = [Fraction(0)] * k
    for r, col in enumerate(pivots):
        solution[col] = matrix[r][k]
    return solution


def set_partitions(items: Sequence) -> Iterator[tuple[tuple, ...]]:
    """Every partition of ``items`` into non-empty blocks (Bell-number many).

    Blocks keep the order of ``items``; block order follows the first member.

    Examples
    --------
    >>> list(set_partitions("ab"))
    [(('a', 'b'),), (('a',), ('b',))]
    >>> sum(1 for _ in set_partitions(range(5)))
    52
    """
    items = list(items)
    n = len(items)
    if n == 0:
        yield ()
        return
    labels = [0] * n

    def generate(position: int, largest: int):
        if position == n:
            blocks: list[list] = [[] for _ in range(largest + 1)]
            for item, label in zip(items, labels):
                blocks[label].append(item)
            yield tuple(tuple(b) for b in blocks)
            return
        for label in range(largest + 2):
            labels[position] = label
            yield from generate(position + 1, max(largest, label))

    labels[0] = 0
    yield from generate(1, 0)
