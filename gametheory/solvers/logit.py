"""One Nash equilibrium by logit tracing: the certified limit of the principal QRE branch.

For generic games the principal branch of the logit quantal response
equilibrium correspondence (:mod:`gametheory.solvers.qre`) converges to one
Nash equilibrium as the precision ``lam`` goes to infinity (McKelvey and
Palfrey 1995; Turocy 2005). :func:`logit_solve` follows the branch until the
profile is close to its limit, reads the support off the QRE (actions whose
probability is not negligible against the player's most likely action) and
polishes on it: the indifference equations on the support are solved
(exactly, in fractions, for two players in exact mode; by Newton's method for
more players), and the result is certified on the game as given by
:func:`~gametheory.equilibrium.certify`. A failed polish means the support
was read too early: tracing continues. No uncertified profile is ever
returned; if the budget runs out, :class:`LogitTracingError` is raised.

The branch and the QRE themselves (:func:`logit_qre`, :func:`trace_logit`,
:class:`QuantalResponseEquilibrium`, :class:`LogitBranch`) live in
:mod:`gametheory.solvers.qre` and are importable from here too.

References
----------
.. [1] R. D. McKelvey and T. R. Palfrey, "Quantal response equilibria for
   normal form games", Games and Economic Behavior 10 (1995), 6-38.
.. [2] T. L. Turocy, "A dynamic homotopy interpretation of the logistic
   quantal response equilibrium correspondence", Games and Economic
   Behavior 51 (2005), 243-263.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from ..equilibrium import NotAnEquilibriumError, SolveResult, certify
from ..games.normal_form import NormalFormGame
from ..numerics import format_value
from .qre import (
    DEFAULT_MAX_STEPS,
    LogitBranch,
    LogitTracingError,
    QuantalResponseEquilibrium,
    _branch,
    _check_game,
    _check_lambda,
    _System,
    _traced_arrays,
    _traced_system,
    _validated_options,
    logit_qre,
    trace_logit,
)

__all__ = [
    "QuantalResponseEquilibrium",
    "LogitBranch",
    "LogitTracingError",
    "logit_qre",
    "trace_logit",
    "logit_solve",
]


#: Largest ``lam`` the solver traces to before giving up (normalised payoffs).
DEFAULT_MAX_LAMBDA = 1e9
#: Supports are read off a QRE as the actions whose probability is at least
#: this fraction of the player's most likely action; several cut-offs are
#: tried, since an equilibrium may put little weight on a support action.
_SUPPORT_RATIOS = (1e-2, 1e-5, 1e-9)


# --------------------------------------------------------------------------
# Polishing: the indifference system on a support
# --------------------------------------------------------------------------

def _newton_on_support(arrays, supports, start):
    """Solve the indifference system on ``supports`` by Newton's method from ``start``.

    Unknowns: the log-probabilities of each player's support actions and the
    player's payoff ``v[i]``; equations: ``u[i][a] = v[i]`` on the support
    and the probabilities sum to 1 (as many equations as unknowns). Log
    coordinates keep every iterate a positive profile, and the slopes come
    from :meth:`_System.payoffs_and_slopes` on the support subgame.
    Least-squares steps handle singular (degenerate) systems. Returns full
    probability vectors, or ``None`` when Newton's method does not converge.
    """
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return _newton_log(_System([a[np.ix_(*supports)] for a in arrays]), arrays[0].shape, supports, start)


def _newton_log(sub: _System, shape, supports, start):
    n, total = sub.n, sub.size
    p = [np.asarray(start[i], dtype=float)[list(supports[i])] for i in range(n)]
    x = np.concatenate([np.log(np.maximum(q / q.sum(), 1e-300)) if q.sum() > 0 else np.full(len(q), -math.log(len(q)))
                        for q in p])
    payoffs, _ = sub.payoffs_and_slopes(sub.split(np.exp(x)))
    values = np.array([float(np.mean(u)) for u in payoffs])
    best = math.inf
    for _ in range(25):
        probabilities = sub.split(np.exp(x))
        payoffs, slopes = sub.payoffs_and_slopes(probabilities)
        residual = np.empty(total + n)
        jacobian = np.zeros((total + n, total + n))
        for i in range(n):
            start_i, stop_i = sub.offsets[i], sub.offsets[i + 1]
            residual[start_i:stop_i] = payoffs[i] - values[i]
            jacobian[start_i:stop_i, total + i] = -1.0
            residual[total + i] = probabilities[i].sum() - 1.0
            jacobian[total + i, start_i:stop_i] = probabilities[i]
            for j in range(n):
                if j != i:
                    jacobian[start_i:stop_i, sub.offsets[j]:sub.offsets[j + 1]] = slopes[i, j]
        size = float(np.max(np.abs(residual)))
        if size <= 1e-14:
            break
        if size > 4 * best:  # diverging: the support or the start is wrong
            return None
        best = min(best, size)
        correction = np.linalg.lstsq(jacobian, -residual, rcond=None)[0]
        if not np.all(np.isfinite(correction)):
            return None
        x = x + correction[:total]
        values = values + correction[total:]
        if np.max(x) > 1.0 or np.linalg.norm(correction) <= 1e-15:
            break
    result = []
    for i, (m, support) in enumerate(zip(shape, supports)):
        full = np.zeros(m)
        full[list(support)] = np.exp(sub.split(x)[i])
        if not (np.all(np.isfinite(full)) and abs(full.sum() - 1.0) <= 1e-9):
            return None
        result.append(full / full.sum())
    return result


def _solve_fraction(matrix, rhs):
    """Exact solution of a square system in fractions (Gauss-Jordan), or ``None`` when singular."""
    size = len(rhs)
    rows = [list(matrix[r]) + [rhs[r]] for r in range(size)]
    for column in range(size):
        pivot = next((r for r in range(column, size) if rows[r][column] != 0), None)
        if pivot is None:
            return None
        rows[column], rows[pivot] = rows[pivot], rows[column]
        head = rows[column][column]
        rows[column] = [v / head for v in rows[column]]
        for r in range(size):
            if r != column and rows[r][column] != 0:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[column])]
    return [rows[r][-1] for r in range(size)]


def _exact_two_player(game: NormalFormGame, supports):
    """Exact equilibrium candidate of a two-player exact game on square supports, or ``None``."""
    rows, columns = supports
    if len(rows) != len(columns):
        return None
    A, B = game.bimatrix()
    k = len(rows)
    one, zero = Fraction(1), Fraction(0)
    # Column strategy y makes the row player indifferent on its support, and vice versa.
    matrix_y = [[A[r, c] for c in columns] + [-one] for r in rows] + [[one] * k + [zero]]
    matrix_x = [[B[r, c] for r in rows] + [-one] for c in columns] + [[one] * k + [zero]]
    rhs = [zero] * k + [one]
    y, x = _solve_fraction(matrix_y, rhs), _solve_fraction(matrix_x, rhs)
    if y is None or x is None:
        return None
    strategies = []
    for values, support, m in ((x, rows, game.shape[0]), (y, columns, game.shape[1])):
        if any(v < 0 for v in values[:k]):
            return None
        full = [Fraction(0)] * m
        for a, v in zip(support, values[:k]):
            full[a] = v
        strategies.append(full)
    return strategies


def _rationalized(strategies, denominator: int = 10**6):
    """Fractions near a float profile (each vector summing to exactly 1), or ``None``."""
    result = []
    for s in strategies:
        values = [Fraction(float(v)).limit_denominator(denominator) for v in s]
        support = [a for a, v in enumerate(values) if v != 0]
        if not support:
            return None
        values[support[-1]] = 1 - sum(values[a] for a in support[:-1])
        if values[support[-1]] < 0:
            return None
        result.append(values)
    return result


def _candidate_supports(system: _System, y):
    probabilities = system.split(np.exp(y[:-1]))
    found = []
    for ratio in _SUPPORT_RATIOS:
        supports = tuple(tuple(int(a) for a in np.flatnonzero(p >= ratio * p.max())) for p in probabilities)
        if supports not in found:
            found.append(supports)
    return found, probabilities


class _Polisher:
    """Turns traced QRE points into certified equilibria of the game as given."""

    def __init__(self, game: NormalFormGame, arrays, exact: bool, tol):
        self.game = game
        self.arrays = arrays
        self.exact = exact and game.is_exact
        self.tol = tol
        self.normalized = game.normalized() if not game.is_exact else None
        self.failed_exact: set = set()
        self.notes: list[str] = []

    def certified(self, strategies):
        """Certify a float profile on the game as given (through the normalised game for floats)."""
        try:
            if self.game.is_exact:
                return certify(self.game, strategies, tol=self.tol)
            # As in solve(): cleaned and checked with one tolerance for every
            # player on the normalised game, then certified on the game as given.
            cleaned = certify(self.normalized, strategies, tol=self.tol)
            return certify(self.game, cleaned.strategies, tol=self.tol, clean=False)
        except NotAnEquilibriumError:
            return None

    def attempt(self, supports, start):
        game = self.game
        if self.exact and game.n_players == 2 and supports not in self.failed_exact:
            exact = _exact_two_player(game, supports)
            if exact is not None:
                try:
                    return certify(game, exact)
                except NotAnEquilibriumError:
                    pass
            self.failed_exact.add(supports)
        strategies = _newton_on_support(self.arrays, supports, start)
        if strategies is None:
            return None
        if self.exact:
            rational = _rationalized(strategies)
            if rational is not None:
                try:
                    return certify(game, rational)
                except (NotAnEquilibriumError, ValueError):
                    pass
        equilibrium = self.certified(strategies)
        if equilibrium is not None and self.exact:
            self.notes.append(
                "the equilibrium's probabilities were not recovered as exact fractions (they may be irrational); "
                "it is certified in floating point within the tolerance")
        return equilibrium


def _polish_near(system: _System, polisher: _Polisher, tried: dict, y, tangent):
    """A certified equilibrium near the branch point ``y``, or ``None``.

    Along a branch converging to a regular equilibrium ``p*``, ``p(lam) = p*
    + a / lam + O(1 / lam**2)``, so ``lam * |dp/dlam|`` estimates the
    distance to the limit and ``p + lam * dp/dlam`` removes the ``1 / lam``
    term. A polished equilibrium is accepted only within three times that
    distance (and 0.1) of the current QRE: another equilibrium sharing a
    support read off too early (say the mixed one of a coordination game at
    small ``lam``) is not mistaken for the limit.
    """
    lam = y[-1]
    probabilities = np.exp(y[:-1])
    slope = probabilities * tangent[:-1] / tangent[-1]
    distance = lam * float(np.max(np.abs(slope)))
    if distance > 0.5:
        return None
    extrapolated = system.split(np.clip(probabilities + lam * slope, 0.0, None))
    candidates, current = _candidate_supports(system, y)
    for supports in candidates:
        entry = tried.get(supports)
        # Solve a support's system again only once lam has doubled: the
        # Newton start is then closer to the limit, which matters where the
        # support carries several equilibria (a continuum in degenerate games).
        if entry is None or lam >= 2 * entry[0]:
            start = [e if e.sum() > 0 else c for e, c in zip(extrapolated, current)]
            entry = (lam, polisher.attempt(supports, start))
            tried[supports] = entry
        equilibrium = entry[1]
        if equilibrium is None:
            continue
        gap = max(float(np.max(np.abs(np.asarray(s, dtype=float) - p)))
                  for s, p in zip(equilibrium.strategies, current))
        if gap <= min(3 * distance, 0.1) + 1e-7:
            return equilibrium
    return None


def logit_solve(
    game: NormalFormGame,
    *,
    exact: bool | None = None,
    tol: float | None = None,
    normalize: bool = True,
    max_lambda: float = DEFAULT_MAX_LAMBDA,
    max_steps: int = DEFAULT_MAX_STEPS,
    first_step: float = 0.03,
    max_accel: float = 1.5,
) -> SolveResult:
    """One Nash equilibrium: the limit of the principal branch of the logit QRE correspondence.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players and actions.
    exact : bool, optional
        Polish in rational arithmetic (default: when the game is exact). Two
        player equilibria then come out as exact fractions with regret 0;
        n-player ones when their probabilities are rational with moderate
        denominators, else certified in floating point with a note.
    tol : float, optional
        Certificate tolerance in float mode (see :mod:`gametheory.numerics`).
    normalize : bool
        Trace on each player's payoffs mapped onto [0, 1] (default) or on the
        payoffs as given; the selected equilibrium can depend on it.
    max_lambda, max_steps : optional
        The tracing budget.
    first_step, max_accel : float
        Continuation step options (see :func:`trace_logit`).

    Returns
    -------
    SolveResult
        One certified equilibrium, ``complete=False``, ``method="logit"``.

    Raises
    ------
    LogitTracingError
        If no certified equilibrium is found within the budget.

    Notes
    -----
    The branch is followed as in :func:`trace_logit`; once a candidate
    support read off the QRE (actions with probability at least 1e-2, 1e-5
    or 1e-9 times the player's most likely one) stabilises, the indifference
    equations on it are solved and the result certified on the game as
    given. Failures only mean tracing goes on (Turocy 2005; McKelvey and
    Palfrey 1995).

    Examples
    --------
    The stag hunt's principal branch selects the risk-dominant equilibrium:

    >>> from gametheory import NormalFormGame
    >>> stag_hunt = NormalFormGame.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]],
    ...                                          actions=(["Stag", "Hare"], ["Stag", "Hare"]))
    >>> result = logit_solve(stag_hunt)
    >>> result[0].describe(), result[0].regrets, result.complete
    ('Row: Hare; Column: Hare', (Fraction(0, 1), Fraction(0, 1)), False)
    """
    _check_game(game)
    if exact is not None and not isinstance(exact, (bool, np.bool_)):
        raise TypeError(f"exact must be True, False or None, got {exact!r}")
    exact = game.is_exact if exact is None else bool(exact)
    max_lambda = _check_lambda(max_lambda, "max_lambda", allow_inf=True)
    first_step, max_accel, max_steps = _validated_options(first_step, max_accel, max_steps)
    solved_game = game
    if exact and not game.is_exact:
        solved_game = game.as_exact()
    arrays = _traced_arrays(game, normalize)
    system = _traced_system(arrays)
    polisher = _Polisher(solved_game, arrays, exact, tol)

    tried: dict = {}
    y = None
    equilibrium = None
    reason = ""
    try:
        for y, tangent in _branch(system, first_step=first_step, max_accel=max_accel, max_steps=max_steps):
            lam = y[-1]
            if lam <= 0 or tangent[-1] <= 0:
                continue  # at the start, or bending back after a turning point
            equilibrium = _polish_near(system, polisher, tried, y, tangent)
            if equilibrium is not None or lam >= max_lambda:
                break
    except LogitTracingError as error:
        reason = str(error)
    if equilibrium is None:
        where = "" if y is None else f" (the trace reached lam = {format_value(y[-1], digits=6)})"
        advice = reason or (
            "the branch had not yet settled near an equilibrium. Games whose payoff differences are tiny against "
            "the payoff range (near ties) settle only beyond lam of about one over those differences: raise "
            "max_lambda and max_steps, or use solve(game), which finds equilibria without tracing")
        raise LogitTracingError(
            "logit tracing found no certified equilibrium within its budget "
            f"(max_lambda={format_value(max_lambda)}, max_steps={max_steps}){where}: {advice}")
    scale = "each player's payoffs mapped onto [0, 1]" if normalize else "the payoffs as given"
    notes = [
        "one equilibrium, the limit of the principal branch of the logit QRE correspondence "
        f"(traced on {scale} to lam = {format_value(float(y[-1]), digits=4)}); "
        "other equilibria may exist"
    ]
    notes.extend(dict.fromkeys(polisher.notes))
    return SolveResult(
        game=solved_game,
        equilibria=(equilibrium,),
        method="logit",
        complete=False,
        notes=tuple(notes),
        exact=equilibrium.is_exact,
    )
