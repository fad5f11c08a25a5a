"""An up-front estimate of the work of enumerating every equilibrium of an n-player game.

:func:`~gametheory.solvers.polynomial.polynomial_enumeration` solves the
indifference system of every support profile (one non-empty set of actions
per player). Most systems are solved numerically in well under a millisecond:
pure profiles, one or two mixing players, or two mixing players with supports
of equal size plus at most two further unknowns. The rest go to symbolic
algebra (sympy Groebner bases), whose cost grows roughly tenfold with every
unknown; in exact mode every support with two or more mixing players does.
A support where one player has more indifference equations than the others
have unknowns is overdetermined (generically without solutions) and cheap.

:func:`enumeration_work` counts this in *units* of one numerically solved
support: ``1`` per numerical support profile and ``10 ** u`` per symbolic one
with ``u`` unknowns (the sum over players of support size minus one). The
dispatcher :func:`~gametheory.solvers.solve` compares it with
:data:`DEFAULT_ENUMERATION_BUDGET` before enumerating. Measured on random
games (float mode): 3x3x3 (343 units), 2x4x2 (about 100) and 2x2x2x2 (81)
enumerate in a tenth of a second; 2x2x2x2x2 (just over 10^5 units), 4x3x3
and 3x3x3x2 (over 10^6) did not finish in two minutes. The estimate ignores the dominance
pruning that enumeration applies first, so it errs towards caution.
"""

from __future__ import annotations

import itertools
import math

__all__ = ["DEFAULT_ENUMERATION_BUDGET", "enumeration_work"]

#: Largest estimated enumeration work (units of one numerically solved support
#: profile) that ``solve(method="auto")`` attempts for games of three or more
#: players; above it, one equilibrium is found by logit tracing instead.
DEFAULT_ENUMERATION_BUDGET = 100_000


def _numerical(dims: list[int]) -> bool:
    """Whether the float route solves a support whose mixing players have ``dims`` unknowns each."""
    if len(dims) <= 2:
        return True
    for i, j in itertools.combinations(range(len(dims)), 2):
        if dims[i] == dims[j] and sum(dims) - dims[i] - dims[j] <= 2:
            return True
    return False


def enumeration_work(shape, *, exact: bool = False) -> float:
    """Estimated work of enumerating all equilibria of a game with ``shape`` actions per player.

    Parameters
    ----------
    shape : sequence of int
        Number of actions of each player.
    exact : bool
        Exact (symbolic) enumeration rather than the float route.

    Returns
    -------
    float
        Units of one numerically solved support profile (see the module
        notes); ``inf`` when the count overflows.

    Examples
    --------
    >>> enumeration_work((3, 3, 3))
    343.0
    >>> enumeration_work((4, 4, 4)) > DEFAULT_ENUMERATION_BUDGET
    True
    """
    shape = [int(m) for m in shape]
    if any(m < 1 for m in shape):
        raise ValueError(f"every player needs at least one action, got shape {tuple(shape)}")
    profiles = math.prod(2 ** m - 1 for m in shape)
    if profiles > 10 ** 9:
        return math.inf
    work = 0.0
    for sizes in itertools.product(*(range(1, m + 1) for m in shape)):
        count = math.prod(math.comb(m, k) for m, k in zip(shape, sizes))
        dims = [k - 1 for k in sizes if k > 1]
        total = sum(dims)
        # A player with more indifference equations than the others have
        # unknowns makes the system overdetermined: generically no solution,
        # found out quickly.
        overdetermined = any(2 * d > total for d in dims)
        symbolic = (len(dims) >= 2 if exact else not _numerical(dims)) and not overdetermined
        work += count * (10.0 ** total if symbolic else 1.0)
    return work
