"""Logit QRE of whole batches of small bimatrix games, in vectorised numpy.

Equilibrium selection by logit QRE over a parameter grid needs the principal
branch of thousands to millions of 2x2 or 3x3 games at one precision
``lam``. :func:`logit_qre_batch` follows every game's branch at once, with
per-game step lengths and no Python loop over games.

Method
------
For a bimatrix game ``(A, B)`` the column player's logit response to the
row player's mixed strategy ``p`` is explicit, so the QRE conditions reduce
to the row player's ``m - 1`` log-odds ``r[a] = log(p[a] / p[0])``:

    F(r, lam) = r - lam * D_A q = 0,    q = softmax(lam * D_B p),

with ``D_A q`` the row player's payoff gains over action 0 against ``q``
and ``D_B p`` the column player's gains over its action 0 against ``p``.
The principal branch is the curve of solutions through ``(0, 0)``; it is
followed by the same predictor-corrector continuation in arc length as
:func:`gametheory.solvers.logit.trace_logit` (Turocy 2005), so turning points
are passed: the tangent is the null vector of the ``(m - 1) x m`` Jacobian
(a rotated gradient for 2 rows, a cross product for 3), the corrector is
Newton's method on ``F`` augmented by the pseudo-arclength condition, and
each game's step length doubles after an easy step and halves after a
rejected one. A game whose branch first reaches its ``lam`` is finished by
Newton's method at that ``lam`` from the interpolated point.

Degenerate games (ties, weakly dominated actions: most games of a grid of
round payoff values) have branches through bifurcation points, where
another branch crosses and the Jacobian loses rank. The branch goes straight
through them, as in :func:`~gametheory.solvers.logit.trace_logit`: there the
null vector formula changes sign along the branch itself, so a step landing
with a reversed but otherwise unchanged tangent is accepted as a crossing
when it is tiny or, for 2x2 games, starts where the one-row Jacobian
(its only singular value) nearly vanishes, which no turning point does. For
2x2 games a point that already solves the equations is not corrected, and
corrections at rounding level do not count against the corrector's
contraction (near the crossing the augmented matrix is nearly singular and
they are noise), so tie-heavy grids of 2x2 games are traced entirely in the
vectorised pass. Any game the vectorised pass cannot finish (a step length
that underflows: a few 3x3 games with ties) is traced alone by
:func:`~gametheory.solvers.logit.logit_qre`.

Nearly symmetric games (``B`` within :data:`NEARLY_SYMMETRIC_BATCH` of
``A.T``, relative to the payoff range, but not symmetric to within
:data:`~gametheory.solvers.qre.SYMMETRY_TOLERANCE`) are traced alone from
the start. Their branches pass close to unfolded pitchforks, where the
principal branch turns sharply onto the arm the asymmetry selects and the
neighbouring curve passes within about the cube root of the asymmetry; the
vectorised pass's crossing test, meant for exactly symmetric and degenerate
games, takes the turn for a bifurcation point and goes straight on along the
other curve. Exactly symmetric games stay in the vectorised pass, where the
branch does go straight through the pitchforks.

References
----------
.. [1] R. D. McKelvey and T. R. Palfrey, "Quantal response equilibria for
   normal form games", Games and Economic Behavior 10 (1995), 6-38.
.. [2] T. L. Turocy, "A dynamic homotopy interpretation of the logistic
   quantal response equilibrium correspondence", Games and Economic
   Behavior 51 (2005), 243-263.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

__all__ = ["LogitBatchResult", "logit_qre_batch", "MAX_LOGIT_BATCH_ACTIONS", "NEARLY_SYMMETRIC_BATCH"]

#: Largest number of actions per player that :func:`logit_qre_batch` handles.
MAX_LOGIT_BATCH_ACTIONS = 3

#: Games traced per vectorised pass (bounds the work arrays).
_CHUNK = 1 << 16
_MAX_ITERATIONS = 2000
_NEWTON = 4
_FIRST_STEP = 0.1
#: Smallest singular value of the Jacobian (on normalised payoffs) below
#: which a point is taken to be near a bifurcation point.
_NEAR_BIFURCATION = 1e-2
#: Largest asymmetry (``max |B - A.T|`` over the larger player's payoff range,
#: as :func:`gametheory.solvers.qre._asymmetry` measures it) of an ``m x m``
#: game traced alone as nearly symmetric, by ``m``. On random games ``(A, A.T
#: + eps * N)`` (``A`` with distinct entries, ``N`` uniform on [-1, 1]) at lam
#: = 20, 100 and 200 the vectorised pass left the principal branch (checked
#: against a 40-digit reference trace and the one-game tracer) in about one
#: game in six for eps from 1e-13 to 1e-5; the largest asymmetries at which
#: it was seen to fail were 3.2e-4 for 2x2 games (none of 490 between 1e-3 and
#: 1e-2 failed) and 1.03e-3 for 3x3 games. Each bound is about ten times that.
#: The 2x2 bound is the tighter because random 2x2 games are nearly symmetric
#: after normalisation more often (two free payoffs per player): about one in
#: 300,000 uniform games is within 3e-3, a few in 100,000 within 1e-2.
NEARLY_SYMMETRIC_BATCH = {2: 3e-3, 3: 1e-2}


@dataclass(frozen=True, eq=False)
class LogitBatchResult:
    """The principal-branch logit QRE of every game in a batch.

    Attributes
    ----------
    lam : ndarray, shape (N,)
        Each game's precision (on normalised payoffs when ``normalized``).
    row : ndarray, shape (N, m)
        The row player's QRE strategy in each game.
    column : ndarray, shape (N, n)
        The column player's QRE strategy in each game.
    regrets : ndarray, shape (N, 2)
        Each player's best deviation gain in the games as given.
    normalized : bool
        Whether ``lam`` applies to each player's payoffs mapped onto [0, 1]
        game by game.
    """

    lam: np.ndarray
    row: np.ndarray
    column: np.ndarray
    regrets: np.ndarray
    normalized: bool

    def __len__(self) -> int:
        return len(self.lam)

    def outcome_probabilities(self) -> np.ndarray:
        """Probability of every action profile, shape ``(N, m, n)`` (independent play)."""
        return self.row[:, :, None] * self.column[:, None, :]


def _check_batch(A, B):
    arrays = []
    for name, values in (("A", A), ("B", B)):
        if isinstance(values, np.ndarray) and values.dtype == bool:
            raise TypeError(f"{name} must hold numbers, got booleans")
        try:
            array = np.asarray(values, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(f"{name} must be a numeric array of shape (N, m, n)") from None
        if array.ndim != 3:
            raise ValueError(f"{name} must have shape (N, m, n) (a batch of payoff matrices), got shape {array.shape}")
        arrays.append(array)
    A, B = arrays
    if A.shape != B.shape:
        raise ValueError(f"A has shape {A.shape} but B has shape {B.shape}; both are (N, m, n)")
    _, m, n = A.shape
    if not (1 <= m <= MAX_LOGIT_BATCH_ACTIONS and 1 <= n <= MAX_LOGIT_BATCH_ACTIONS):
        raise ValueError(f"logit_qre_batch handles 1 to {MAX_LOGIT_BATCH_ACTIONS} actions per player, got {m}x{n} games; "
                         "use gametheory.solvers.logit.logit_qre for larger games")
    for name, array in (("A", A), ("B", B)):
        bad = ~np.isfinite(array)
        if bad.any():
            g, r, c = (int(v) for v in np.argwhere(bad)[0])
            raise ValueError(f"{name}[{g}, {r}, {c}] is {array[g, r, c]}, expected a finite number")
    return A, B


def _check_lambdas(lam, count: int) -> np.ndarray:
    if isinstance(lam, (bool, np.bool_)):
        raise TypeError(f"lam must be a non-negative number or an array of them, got {lam!r}")
    try:
        values = np.asarray(lam, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"lam must be a non-negative number or an array of them, got {lam!r}") from None
    if values.ndim == 0:
        values = np.full(count, float(values))
    if values.shape != (count,):
        raise ValueError(f"lam must be a number or an array of shape ({count},), got shape {values.shape}")
    bad = ~(np.isfinite(values) & (values >= 0))
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise ValueError(f"lam[{k}] is {values[k]}, expected a finite non-negative number")
    return values


def _nearly_symmetric(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Mask of the square games ``(A, B)`` that are nearly but not exactly symmetric (see :data:`NEARLY_SYMMETRIC_BATCH`).

    The asymmetry is measured as the one-game tracer measures it, so the
    games it traces on the reduced symmetric system (asymmetry up to
    :data:`~gametheory.solvers.qre.SYMMETRY_TOLERANCE`) stay in the batch.
    """
    from .qre import SYMMETRY_TOLERANCE

    if A.shape[1] != A.shape[2]:
        return np.zeros(len(A), dtype=bool)
    # Component by component over whole rows of games: reductions over the
    # short trailing axes of (N, m, m) arrays cost several times more.
    size = A.shape[1]
    entries_A = [A[:, i, j] for i in range(size) for j in range(size)]
    entries_B = [B[:, i, j] for i in range(size) for j in range(size)]
    difference = np.maximum.reduce([np.abs(B[:, i, j] - A[:, j, i]) for i in range(size) for j in range(size)])
    scale = np.maximum(np.maximum.reduce(entries_A) - np.minimum.reduce(entries_A),
                       np.maximum.reduce(entries_B) - np.minimum.reduce(entries_B))
    # Constant games (scale 0) are symmetric or infinitely asymmetric, never nearly symmetric.
    asymmetry = difference / np.where(scale > 0, scale, 1.0)
    return (scale > 0) & (asymmetry > SYMMETRY_TOLERANCE) & (asymmetry <= NEARLY_SYMMETRIC_BATCH[size])


def _normalized(array: np.ndarray) -> np.ndarray:
    low = array.min(axis=(1, 2), keepdims=True)
    spread = array.max(axis=(1, 2), keepdims=True) - low
    safe = np.where(spread > 0, spread, 1.0)
    return np.where(spread > 0, (array - low) / safe, 0.0)


# Arrays below are component-major: games run along the last axis, so the
# sums over a handful of actions add whole rows instead of reducing short,
# strided axes.

def _softmax_from_logits(logits):
    """Probabilities ``(k, N)`` from log-odds against action 0 ``(k - 1, N)``."""
    if len(logits) == 0:
        return np.ones((1, logits.shape[1]))
    top = np.maximum(0.0, logits.max(axis=0))
    weights = np.concatenate([np.exp(-top)[None], np.exp(logits - top)], axis=0)
    return weights / weights.sum(axis=0)


class _Reduced:
    """``F(r, lam)`` and its Jacobian for a batch (the row player's log-odds as unknowns).

    The slopes have closed forms: the derivative of the row player's gain
    ``a`` with respect to the column player's log-odds ``j`` is
    ``q[j] * (gains_row[a, j] - row_gain[a])``, and likewise for the column
    player, so everything is a few sums over at most three actions.
    """

    def __init__(self, gains_row, gains_column):
        self.gains_row = gains_row          # (m-1, n, N): A[a, :] - A[0, :]
        self.gains_column = gains_column    # (n-1, m, N): B[:, c] - B[:, 0]

    def take(self, index):
        return type(self)(self.gains_row[..., index], self.gains_column[..., index])

    def strategies(self, z):
        r, lam = z[:-1], z[-1]
        p = _softmax_from_logits(r)
        gc = self.gains_column
        column_gains = np.stack([sum(gc[j, a] * p[a] for a in range(gc.shape[1])) for j in range(gc.shape[0])])
        q = _softmax_from_logits(lam * column_gains)
        return p, q, column_gains

    def evaluate(self, z):
        """Residual (m-1, N) and Jacobian (m-1, m, N) at ``z = (r, lam)`` of shape (m, N)."""
        r, lam = z[:-1], z[-1]
        p, q, column_gains = self.strategies(z)
        gr, gc = self.gains_row, self.gains_column
        rows, columns = gr.shape[0], gc.shape[0]
        row_gains = [sum(gr[a, b] * q[b] for b in range(gr.shape[1])) for a in range(rows)]
        coupling = [[q[j + 1] * (gr[a, j + 1] - row_gains[a]) for j in range(columns)] for a in range(rows)]
        response = [[p[b + 1] * (gc[j, b + 1] - column_gains[j]) for b in range(rows)] for j in range(columns)]
        jacobian = np.empty((rows, rows + 1, z.shape[1]))
        square = lam * lam
        for a in range(rows):
            for b in range(rows):
                jacobian[a, b] = (a == b) - square * sum(coupling[a][j] * response[j][b] for j in range(columns))
            jacobian[a, rows] = -row_gains[a] - lam * sum(coupling[a][j] * column_gains[j] for j in range(columns))
        return r - lam * np.stack(row_gains), jacobian


class _Reduced2x2:
    """The same system for 2x2 games in closed form (one log-odds, scalar arrays), the sweep's hot path.

    With ``p1 = sigmoid(r)``, the column player's gain of action 1 is
    ``alpha + beta * p1``, its probability ``q1 = sigmoid(lam * gain)``, and the
    row player's gain ``gamma + delta * q1``.
    """

    def __init__(self, gains_row, gains_column):
        self.gains_row = gains_row
        self.gains_column = gains_column
        self.alpha = gains_column[0, 0]
        self.beta = gains_column[0, 1] - gains_column[0, 0]
        self.gamma = gains_row[0, 0]
        self.delta = gains_row[0, 1] - gains_row[0, 0]

    def take(self, index):
        return _Reduced2x2(self.gains_row[..., index], self.gains_column[..., index])

    def strategies(self, z):
        r, lam = z[0], z[1]
        p1 = 1.0 / (1.0 + np.exp(-r))
        gain = self.alpha + self.beta * p1
        q1 = 1.0 / (1.0 + np.exp(-lam * gain))
        return np.stack([1.0 - p1, p1]), np.stack([1.0 - q1, q1]), gain[None]

    def evaluate(self, z):
        r, lam = z[0], z[1]
        p1 = 1.0 / (1.0 + np.exp(-r))
        gain = self.alpha + self.beta * p1
        q1 = 1.0 / (1.0 + np.exp(-lam * gain))
        row_gain = self.gamma + self.delta * q1
        slope = self.delta * q1 * (1.0 - q1)
        jacobian = np.empty((1, 2, len(r)))
        jacobian[0, 0] = 1.0 - lam * lam * slope * self.beta * p1 * (1.0 - p1)
        jacobian[0, 1] = -row_gain - lam * slope * gain
        return (r - lam * row_gain)[None], jacobian


def _null_vectors(jacobian, *, with_size: bool = False):
    """Unit null vectors ``(m, N)`` of (1, 2, N) or (2, 3, N) Jacobians (rotated gradient, cross product).

    With ``with_size``, also the Jacobian's singular value when it has one
    row (2 x 2 games): it vanishes exactly where the Jacobian loses rank, at a
    bifurcation point, never at a turning point. For two rows (3 x 3 games)
    no such test is made (infinity is returned): a small product of singular
    values there did not single out bifurcation points reliably, and those
    games cross them by tiny steps only.
    """
    if jacobian.shape[0] == 1:
        vectors = np.stack([-jacobian[0, 1], jacobian[0, 0]])
    else:
        a, b = jacobian[0], jacobian[1]
        vectors = np.stack([a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]])
    size = np.sqrt((vectors ** 2).sum(axis=0))
    if not with_size:
        return vectors / size
    smallest = size if jacobian.shape[0] == 1 else np.full_like(size, np.inf)
    return vectors / size, smallest


def _det3(m):
    return (m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1])
            - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0])
            + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]))


def _solve_small(matrices, rhs):
    """Batched solve of (k, k, N) systems with right-hand sides (k, N), k <= 3, by Cramer's rule."""
    k = matrices.shape[0]
    if k == 1:
        return rhs / matrices[0]
    if k == 2:
        a, b, c, d = matrices[0, 0], matrices[0, 1], matrices[1, 0], matrices[1, 1]
        det = a * d - b * c
        return np.stack([(d * rhs[0] - b * rhs[1]) / det, (a * rhs[1] - c * rhs[0]) / det])
    det = _det3(matrices)
    columns = []
    for j in range(3):
        replaced = matrices.copy()
        replaced[:, j] = rhs
        columns.append(_det3(replaced) / det)
    return np.stack(columns)


def _trace_chunk(system: _Reduced, targets: np.ndarray):
    """Log-odds ``r`` (m-1, N) at each game's target ``lam``, and a mask of games left unfinished."""
    count = len(targets)
    size = system.gains_row.shape[0]
    # Two-row games (one log-odds) cross bifurcation points in the vectorised
    # pass: see the comments on ``solved``, ``noise`` and ``crossing`` below.
    # Larger games keep the plain tests; those that stall are traced alone.
    one_row = size == 1
    z = np.zeros((size + 1, count))
    result = np.zeros((size, count))
    finished = targets == 0
    _, jacobian = system.evaluate(z)
    # The null vector formula fixes an orientation of the curve; each game
    # keeps the sign that starts it towards increasing lam. A step whose new
    # tangent points against the old one landed on a neighbouring arm of the
    # curve (across an S-shaped pair of turning points) and is rejected.
    start, rank = _null_vectors(jacobian, with_size=True)
    orientation = np.sign(start[-1])
    tangent = start * orientation
    step = np.full(count, _FIRST_STEP)
    active = np.flatnonzero(~finished)
    with np.errstate(all="ignore"):
        for _ in range(_MAX_ITERATIONS):
            if len(active) == 0:
                break
            sub = system.take(active)
            z_a, t_a, h_a = z[:, active], tangent[:, active], step[active]
            point = z_a + h_a * t_a
            first = previous = worst_rate = np.zeros(len(active))
            for k in range(_NEWTON):
                residual, jac = sub.evaluate(point)
                augmented = np.concatenate([jac, t_a[None]], axis=0)
                correction = _solve_small(augmented, np.concatenate([-residual, np.zeros((1, len(active)))]))
                # A point that already solves the equations is not corrected: near a
                # bifurcation point the augmented matrix is nearly singular and its
                # correction would be rounding noise blown up.
                if one_row:
                    solved = np.abs(residual).max(axis=0) <= 1e-11 * np.maximum(1.0, np.abs(point[-1]))
                    correction = np.where(solved, 0.0, correction)
                distance = np.sqrt((correction ** 2).sum(axis=0))
                if k == 0:
                    first = distance
                else:
                    # Corrections at rounding level (near a bifurcation point the
                    # augmented matrix is nearly singular and they are noise) say
                    # nothing about contraction.
                    measured = (distance > 1e-9 * (1.0 + np.sqrt((point ** 2).sum(axis=0)))) if one_row \
                        else previous > 1e-12
                    rate = np.where(measured, distance / np.where(previous > 0, previous, 1.0), 0.0)
                    worst_rate = np.maximum(worst_rate, rate)
                previous = distance
                point = point + correction
                if k >= 1 and not np.any(distance > 1e-13):
                    break
            residual, jac = sub.evaluate(point)
            new_tangent, new_rank = _null_vectors(jac, with_size=True)
            new_tangent = new_tangent * orientation[active]
            # On (or within rounding of) a bifurcation point the null vector is
            # rounding noise: the branch keeps its direction there.
            new_tangent = np.where(new_rank <= 1e-8, t_a, new_tangent)
            cosine = (new_tangent * t_a).sum(axis=0)
            # At a bifurcation point (degenerate games, e.g. a symmetric
            # game's pitchfork) the Jacobian loses rank and the null vector
            # formula changes sign along the branch itself: a step that lands
            # with a reversed but otherwise smooth tangent, taken from where
            # the Jacobian is nearly rank-deficient (or a tiny step from
            # anywhere), went straight through it. Elsewhere a reversed
            # tangent means the corrector landed on a neighbouring arm.
            crossing = ((h_a <= 1e-6) | (rank[active] <= _NEAR_BIFURCATION)) & (cosine <= -np.cos(0.15))
            if crossing.any():
                orientation[active[crossing]] *= -1.0
                new_tangent[:, crossing] *= -1.0
                cosine = np.where(crossing, -cosine, cosine)
            ok = (np.all(np.isfinite(point), axis=0) & np.all(np.isfinite(new_tangent), axis=0)
                  & (np.abs(residual).max(axis=0) <= 1e-10 * np.maximum(1.0, np.abs(point[-1])))
                  & (first <= 0.2) & (worst_rate <= 0.6) & (cosine >= np.cos(0.3)) & (point[-1] >= 0))
            # Step length: double after an easy step, keep after a fair one, halve on rejection.
            easy = ok & (first <= 0.025) & (cosine >= np.cos(0.075))
            step[active] = np.where(ok, np.where(easy, 2.0 * h_a, h_a), 0.5 * h_a)
            accepted = active[ok]
            previous_points = z[:, accepted]
            z[:, accepted] = point[:, ok]
            tangent[:, accepted] = new_tangent[:, ok]
            rank[accepted] = new_rank[ok]
            crossed = z[-1, accepted] >= targets[accepted]
            if crossed.any():
                games = accepted[crossed]
                landed, good = _land(system.take(games), previous_points[:, crossed], z[:, games], targets[games])
                result[:, games[good]] = landed[:, good]
                finished[games[good]] = True
                step[games[~good]] = -1.0  # left to the one-game fallback
            active = np.flatnonzero(~finished & (step >= 1e-12))
    return result, ~finished


def _land(system: _Reduced, before, after, targets):
    """Newton's method at fixed ``lam = targets`` from the interpolation of two branch points."""
    span = after[-1] - before[-1]
    weight = np.where(span > 0, (targets - before[-1]) / np.where(span > 0, span, 1.0), 1.0)
    point = before + weight * (after - before)
    point[-1] = targets
    size = point.shape[0] - 1
    for _ in range(6):
        residual, jacobian = system.evaluate(point)
        # A point that already solves the equations is left alone: at a
        # bifurcation point that falls on the target the fixed-lam Jacobian
        # is singular and the step would be 0 / 0.
        solved = np.abs(residual).max(axis=0) <= 1e-12 * np.maximum(1.0, targets)
        with np.errstate(all="ignore"):
            step = _solve_small(jacobian[:, :size], residual)
        point[:size] -= np.where(solved, 0.0, step)
    residual, _ = system.evaluate(point)
    good = np.all(np.isfinite(point), axis=0) & (np.abs(residual).max(axis=0) <= 1e-9 * np.maximum(1.0, targets))
    return point[:size], good


def logit_qre_batch(A, B, lam, *, normalize: bool = True) -> LogitBatchResult:
    """The principal-branch logit QRE of every game in a batch of small bimatrix games.

    Parameters
    ----------
    A, B : array_like, shape (N, m, n)
        Row and column payoff matrices of ``N`` games, ``1 <= m, n <= 3``.
    lam : float or array_like of shape (N,)
        Non-negative precision, one for all games or one per game.
    normalize : bool
        ``True`` (default): ``lam`` applies to each player's payoffs mapped
        onto [0, 1] in each game (the engine's convention, see
        :mod:`gametheory.solvers.logit`); ``False``: to the payoffs as given.

    Returns
    -------
    LogitBatchResult

    Raises
    ------
    ValueError, TypeError
        On malformed batches or precisions.

    Notes
    -----
    Where a game's branch passes ``lam`` more than once, the first passage
    is returned, as :func:`~gametheory.solvers.logit.logit_qre` does.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[[4, 0], [3, 2]], [[1, -1], [-1, 1]]])   # stag hunt, matching pennies
    >>> B = np.array([[[4, 3], [0, 2]], [[-1, 1], [1, -1]]])
    >>> result = logit_qre_batch(A, B, 4.0, normalize=False)
    >>> result.row.round(4).tolist()
    [[0.0003, 0.9997], [0.5, 0.5]]
    """
    A, B = _check_batch(A, B)
    if not isinstance(normalize, (bool, np.bool_)):
        raise TypeError(f"normalize must be True or False, got {normalize!r}")
    count, m, n = A.shape
    targets = _check_lambdas(lam, count)
    traced_A, traced_B = (_normalized(A), _normalized(B)) if normalize else (A, B)
    row = np.empty((count, m))
    column = np.empty((count, n))
    if m == 1 or n == 1:
        # One player has a single action: the other's logit response is explicit.
        with np.errstate(over="ignore"):
            if m == 1:
                row[:] = 1.0
                column[:] = _softmax_from_logits((targets[:, None] * (traced_B[:, 0, 1:] - traced_B[:, 0, :1])).T).T
            else:
                column[:] = 1.0
                row[:] = _softmax_from_logits((targets[:, None] * (traced_A[:, 1:, 0] - traced_A[:, :1, 0])).T).T
    else:
        alone = _nearly_symmetric(traced_A, traced_B)
        leftovers = [int(k) for k in np.flatnonzero(alone)]
        if leftovers:
            vectorised = np.flatnonzero(~alone)
            batch_A, batch_B, batch_targets = traced_A[vectorised], traced_B[vectorised], targets[vectorised]
        else:
            vectorised, batch_A, batch_B, batch_targets = None, traced_A, traced_B, targets
        batch_row = row if vectorised is None else np.empty((len(batch_A), m))
        batch_column = column if vectorised is None else np.empty((len(batch_A), n))
        for start in range(0, len(batch_A), _CHUNK):
            chunk = slice(start, min(len(batch_A), start + _CHUNK))
            a, b = batch_A[chunk], batch_B[chunk]
            kind = _Reduced2x2 if (m, n) == (2, 2) else _Reduced
            system = kind(np.moveaxis(a[:, 1:, :] - a[:, :1, :], 0, -1),
                              np.moveaxis(np.swapaxes(b[:, :, 1:] - b[:, :, :1], 1, 2), 0, -1))
            logits, unfinished = _trace_chunk(system, batch_targets[chunk])
            p, q, _ = system.strategies(np.concatenate([logits, batch_targets[None, chunk]]))
            batch_row[chunk], batch_column[chunk] = p.T, q.T
            unfinished = start + np.flatnonzero(unfinished)
            leftovers.extend(int(k) for k in (unfinished if vectorised is None else vectorised[unfinished]))
        if vectorised is not None:
            row[vectorised], column[vectorised] = batch_row, batch_column
        if leftovers:
            from ..games.normal_form import NormalFormGame
            from .logit import logit_qre

            for k in leftovers:
                qre = logit_qre(NormalFormGame.from_bimatrix(traced_A[k], traced_B[k]), float(targets[k]), normalize=False)
                row[k], column[k] = qre.strategies
    row_values = np.einsum("nab,nb->na", A, column)
    column_values = np.einsum("nab,na->nb", B, row)
    regrets = np.stack([
        np.maximum(row_values.max(axis=1) - np.einsum("na,na->n", row_values, row), 0.0),
        np.maximum(column_values.max(axis=1) - np.einsum("nb,nb->n", column_values, column), 0.0),
    ], axis=1)
    for array in (targets, row, column, regrets):
        array.setflags(write=False)
    return LogitBatchResult(targets, row, column, regrets, bool(normalize))
