"""Rounding bounds of the minors route's label values, and the exact minors that settle the values within them.

Every label value of a basis solved through minors (:mod:`._basis_minors`)
is a numerator over a determinant, and every numerator is a minor of order
``r`` of a polytope's matrix with its row of ones: ``C_P = [B; 1]`` (the
column player's payoffs mapped onto ``[1, 2]``) or ``C_Q = [A^T; 1]``. A
minor that contains the row of ones does not change when a constant is added
to the payoffs and scales by ``s^(1-r)`` when they are divided by ``s``: its
sign, and whether it is zero, are those of the same minor of the game's own
payoffs, exact rationals (every float is one).

:func:`rounding_bound` is a rigorous a-priori bound on how far the computed
numerator can be from that exact value (Higham, *Accuracy and Stability of
Numerical Algorithms*, 2nd ed., 2002, sections 3.1 and 3.5, for the
summation bounds):

* the mapped payoffs ``1 + (v - low) / spread`` are each within
  ``delta = 2.01 u`` (relative; ``u = 2^-53``) of the exact affine image of
  the payoff (one subtraction, one division, one addition), so the minor of
  the mapped payoffs is within ``((1 + delta)^(r-1) - 1) P`` of the exact
  one, ``P`` the permanent of the minor's entries (all positive);
* Laplace expansion along the first row sums ``k`` products for each minor of
  order ``k``, in any order: within ``gamma_k = k u / (1 - k u)`` of the
  products' absolute sum, so by induction on the order the computed minor is
  within ``g_r P`` of the minor of the mapped payoffs, ``1 + g_r`` the
  product of ``1 + gamma_k`` for ``k = 2 .. r``;
* the entries lie in ``[1, 2]`` and the row of ones is exact, so
  ``P <= r! 2^(r-1)``.

A numerator farther from zero than the bound has the sign of the exact
value. One within it is settled by :class:`ExactMinors`: the minor of the
game's payoffs, integers after one power of two per player, by fraction-free
Gaussian elimination (Bareiss), and converted to the mapped scale; zero
exactly when the game ties there. The bound is far above the rounding
actually seen (a few ``u``), so a random float game almost never reaches the
exact step; games with ties reach it at each tie.

Without the game's payoffs (the mapped payoffs alone), :meth:`ExactMinors.of_mapped`
takes the mapped payoffs as the game and calls a minor zero when it is within
the rounding of the mapping (the first term above): still never a true tie
taken for a difference, but a genuine difference below the mapping's rounding
is a tie.

References
----------
E. H. Bareiss, "Sylvester's identity and multistep integer-preserving Gaussian
elimination", Mathematics of Computation 22 (1968), 565-578.
"""

from __future__ import annotations

import math
from functools import lru_cache
from itertools import chain

__all__ = ["rounding_bound", "mapping_slack", "determinant_bound", "ExactMinors", "integer_determinant"]

_U = 2.0 ** -53
#: The relative error of a payoff mapped onto [1, 2] (see the module's docstring).
_DELTA = 2.01 * _U


@lru_cache(maxsize=None)
def rounding_bound(order: int) -> float:
    """A bound on the distance between a numerator of order ``order`` computed by Laplace expansion on the
    mapped payoffs and the exact minor of the game's payoffs on the same scale (see the module's docstring),
    with a margin of 1 %.

    Examples
    --------
    >>> [f"{rounding_bound(r):.1e}" for r in (2, 5, 8)]
    ['1.8e-15', '5.2e-12', '3.0e-08']
    """
    expansion = 1.0
    for k in range(2, order + 1):
        expansion *= 1.0 + k * _U / (1.0 - k * _U)
    mapping = (1.0 + _DELTA) ** (order - 1)
    return 1.01 * (expansion - 1.0 + mapping - 1.0) * math.factorial(order) * 2.0 ** (order - 1)


def mapping_slack(order: int, rows: int | None = None) -> float:
    """The part of :func:`rounding_bound` due to the mapping of the payoffs alone: how far an exact minor
    of the mapped payoffs can be from zero at a tie of the game (``rows`` mapped payoff rows among the
    ``order``, by default all but the row of ones)."""
    rows = order - 1 if rows is None else rows
    return 1.01 * ((1.0 + _DELTA) ** rows - 1.0) * math.factorial(order) * 2.0 ** rows


def determinant_bound(order: int) -> float:
    """:func:`rounding_bound` for a basis's determinant, a minor of order ``order`` without the row of ones
    (every row mapped, the permanent up to ``order! 2^order``): a determinant farther from zero is not
    zero and has the exact value's sign.

    Examples
    --------
    >>> f"{determinant_bound(2):.1e}"
    '5.4e-15'
    """
    expansion = 1.0
    for k in range(2, order + 1):
        expansion *= 1.0 + k * _U / (1.0 - k * _U)
    return 1.01 * (expansion - 1.0 + (1.0 + _DELTA) ** order - 1.0) * math.factorial(order) * 2.0 ** order


def integer_determinant(rows: list) -> int:
    """The determinant of a square integer matrix (lists of ints), by fraction-free elimination (Bareiss).

    Examples
    --------
    >>> integer_determinant([[2, 1], [4, 2]]), integer_determinant([[0, 1, 2], [3, 4, 5], [6, 7, 9]])
    (0, -3)
    """
    a = [list(row) for row in rows]
    size = len(a)
    sign, previous = 1, 1
    for k in range(size - 1):
        if not a[k][k]:
            swap = next((i for i in range(k + 1, size) if a[i][k]), None)
            if swap is None:
                return 0
            a[k], a[swap] = a[swap], a[k]
            sign = -sign
        pivot, top = a[k][k], a[k]
        for i in range(k + 1, size):
            row = a[i]
            lead = row[k]
            for j in range(k + 1, size):
                row[j] = (row[j] * pivot - lead * top[j]) // previous
        previous = pivot
    return sign * a[-1][-1] if size else 1


class ExactMinors:
    """Exact minors of the two polytope matrices of a game, on the scale of the mapped payoffs.

    ``sides`` gives, for ``C_P`` and then ``C_Q``, the payoff rows (``B``'s
    rows, ``A``'s columns; floats) and the ``low`` and ``spread`` that map
    them onto ``[1, 2]`` (a payoff ``v`` becoming ``1 + (v - low) /
    spread``): the exact mapped payoffs are integers over one common power
    of two times the spread. :meth:`minor` gives the minor of rows ``R``
    (the row of ones, if present, last) and columns ``S`` as a float: exactly
    ``0.0`` when it is zero, else a nonzero float of the exact value's sign.
    ``slack`` makes minors within :func:`mapping_slack` of zero zero (see
    :meth:`of_mapped`).
    """

    def __init__(self, sides, slack: bool = False):
        self._raw = list(sides)
        self._sides = [None, None]  # integers, scale and number of payoff rows, built on first use
        self._slack = slack
        self._known = {}
        self._spreads = None  # integer_spreads(), or () if not integers, once asked for

    @staticmethod
    def _integers(rows, low: float, spread: float) -> tuple:
        """One side's exact mapped payoffs times ``spread * common`` (integers), that scale, the number of rows
        and whether the payoffs are integers (``common`` is 1)."""
        values = [v for line in rows for v in line]
        values += [low, spread]
        try:
            integer = all(map(float.is_integer, values))
        except TypeError:  # not all Python floats: the general way
            integer = False
        if integer:  # integer payoffs: common = 1
            shift = int(spread) - int(low)
            return [[int(v) + shift for v in line] for line in rows], int(spread), len(rows), True
        ratios = [float(v).as_integer_ratio() for v in values]
        common = max(q for _, q in ratios)
        numerators = [p * (common // q) for p, q in ratios]
        low_int, spread_int = numerators[-2], numerators[-1]
        width = len(values[:-2]) // max(len(rows), 1)
        # spread * (1 + (v - low) / spread) * common: an integer per payoff; the scale is spread * common.
        integers = [[spread_int + p - low_int for p in numerators[i * width:(i + 1) * width]] for i in range(len(rows))]
        return integers, spread_int, len(rows), common == 1

    @classmethod
    def from_payoffs(cls, A, B, ranges) -> ExactMinors:
        """From the game's payoffs (nested sequences of floats) and their ranges, mapped as
        :func:`~gametheory.games.normal_form.onto_unit_interval` maps them (scale 1)."""
        a, low_a, spread_a = _frame(A.tolist() if hasattr(A, "tolist") else A, *ranges[0])
        b, low_b, spread_b = _frame(B.tolist() if hasattr(B, "tolist") else B, *ranges[1])
        return cls(((b, low_b, spread_b), (list(zip(*a)), low_a, spread_a)))

    @classmethod
    def from_maps(cls, A, B, map_a: tuple, map_b: tuple) -> ExactMinors:
        """From the arguments of a written-out kernel (:mod:`._small_kernels`): payoffs and their maps
        ``(low, spread, scale)``, after the exact scaling of a spread beyond the float range."""
        return cls(((B, map_b[0], map_b[1]), (list(zip(*A)), map_a[0], map_a[1])))

    @classmethod
    def of_mapped(cls, row, column, slack: bool = True) -> ExactMinors:
        """From the mapped payoffs alone (``row``: A's, ``column``: B's, on ``[1, 2]``), taken as the game;
        a minor within the rounding of the mapping (:func:`mapping_slack`) is zero unless ``slack`` is
        false."""
        return cls(((column, 1.0, 1.0), (list(zip(*row)), 1.0, 1.0)), slack=slack)

    def integer_spreads(self):
        """The two spreads, integers, for a game whose payoffs (and lows and spreads) are integers; else
        ``None``."""
        if self._slack:
            return None
        spreads = []
        for rows, low, spread in self._raw:
            try:
                integral = (float.is_integer(low) and float.is_integer(spread)
                            and all(map(float.is_integer, chain.from_iterable(rows))))
            except TypeError:  # not Python floats
                return None
            if not integral:
                return None
            spreads.append(int(spread))
        return spreads

    def integer_rows(self):
        """For games whose payoffs are integers (as are ``low`` and ``spread``): per side, the payoff rows
        shifted by ``low`` (integers in ``[0, spread]``) and ``spread``, the scale of the mapped payoffs;
        else ``None``. A minor with the row of ones is the same on the shifted payoffs and is ``spread^(r-1)``
        times the mapped payoffs' minor of order ``r``."""
        out = []
        for side in (0, 1):
            if self._sides[side] is None:
                self._sides[side] = self._integers(*self._raw[side])
            integers, scale, _, integral = self._sides[side]
            if self._slack or not integral:  # not integer payoffs (or the mapped ones)
                return None
            out.append(([[v - scale for v in line] for line in integers], scale))
        return out

    def near(self, side: int, R: tuple, S: tuple) -> float:
        """:meth:`minor` for a numerator computed within :func:`rounding_bound` of zero: on integer payoffs
        of spread ``s``, a minor of order ``r`` that is not zero is at least ``s^(1-r)`` (an integer over
        ``s^(r-1)``), so where that exceeds twice the bound the minor is zero with no arithmetic."""
        if self._spreads is None:
            self._spreads = self.integer_spreads() or ()
        order = len(S)
        if self._spreads and self._spreads[side] ** (order - 1) < 1.0 / (2.02 * rounding_bound(order)):
            return 0.0
        return self.minor(side, R, S)

    def minor(self, side: int, R: tuple, S: tuple) -> float:
        """The minor of rows ``R`` and columns ``S`` of ``C_P`` (``side`` 0) or ``C_Q`` (1), on the scale of
        the mapped payoffs; row ``d`` (the number of payoff rows) is the row of ones."""
        key = (side, R, S)
        value = self._known.get(key)
        if value is None:
            if self._sides[side] is None:
                self._sides[side] = self._integers(*self._raw[side])
            integers, scale, d, _ = self._sides[side]
            if len(R) == 2 and R[1] == d and R[0] < d:  # a payoff row against the row of ones: a difference
                row = integers[R[0]]
                exact, mapped = row[S[0]] - row[S[1]], 1
            else:
                rows = [integers[i] if i < d else None for i in R]
                mapped = sum(row is not None for row in rows)
                exact = integer_determinant([[row[j] for j in S] if row is not None else [1] * len(S)
                                             for row in rows])
            if exact == 0:
                value = 0.0
            else:
                value = exact / scale ** mapped  # integer division: correctly rounded
                if self._slack and abs(value) <= mapping_slack(len(S), mapped):
                    value = 0.0
                elif value == 0.0:  # below the smallest float: keep the sign
                    value = 5e-324 if exact > 0 else -5e-324
            self._known[key] = value
        return value


def _frame(matrix, low: float, high: float) -> tuple:
    """A player's payoffs, low and spread as
    :func:`~gametheory.games.normal_form.onto_unit_interval` maps them onto [0, 1] (a spread beyond the
    float range after the exact scaling by 1/4); a constant player's spread is 1."""
    if not high > low:
        return matrix, low, 1.0
    spread = high - low
    if spread == math.inf:
        return [[v * 0.25 for v in line] for line in matrix], low * 0.25, high * 0.25 - low * 0.25
    return matrix, low, spread
