"""Logit quantal response equilibria: the principal branch of the correspondence, traced.

A logit quantal response equilibrium (QRE; McKelvey and Palfrey 1995) with
precision ``lam`` is a profile in which every player plays each action with
probability proportional to ``exp(lam * payoff of the action)`` against the
others' mixed strategies. At ``lam = 0`` the only QRE is uniform play; as
``lam`` grows, the QRE correspondence contains a unique curve starting there,
the *principal branch*, which for generic games converges to one Nash
equilibrium as ``lam`` goes to infinity. That limit is the logit selection of
an equilibrium (certified by :func:`gametheory.solvers.logit.logit_solve`),
and the branch itself gives every outcome a probability at each finite
``lam``.

The branch is followed by predictor-corrector continuation (Turocy 2005) in
log-probability coordinates ``x[i, a] = log p[i, a]``, where the QRE
conditions are smooth even as probabilities fall towards zero:

    sum_a exp(x[i, a]) = 1,
    x[i, a] - x[i, 0] = lam * (u[i, a](p) - u[i, 0](p))    for a > 0,

``u[i, a](p)`` being player ``i``'s expected payoff from action ``a``. The
path in ``(x, lam)`` is parametrised by arc length, so it passes turning
points (where the branch bends back in ``lam``) without trouble: each step
predicts along the unit tangent (the null vector of the Jacobian, oriented
to keep going the same way), corrects by Newton's method on the equations
augmented with the pseudo-arclength condition (Keller 1977), and adapts its
length from the corrector's first step, its contraction rate and the angle
between successive tangents (Allgower and Georg 2003, section 6.1).

Symmetric and nearly symmetric games
------------------------------------
A symmetric game's principal branch stays on symmetric profiles, and there
it can meet symmetry-breaking bifurcations (pitchforks), where asymmetric
QRE branch off and the full system is singular: such games are traced in
the symmetric subspace, where the equations stay regular. A game that is
symmetric only up to a small asymmetry (noise, rounded payoffs) unfolds
each pitchfork: its principal branch is smooth but turns sharply there,
onto the arm that the sign of the asymmetry selects, and the neighbouring
curve passes within a distance of about the cube root of the asymmetry.
Continuation in arc length follows the turn, its step control shrinking
the steps to the turn's scale, provided that

- the corrector solves the equations far more accurately than the
  asymmetry: it stops at residuals of 1e-14 (times ``max(1, lam)``), not
  merely small ones, so a trace is not steered onto the other arm by its
  own tolerance;
- steps are not shrunk below the scale at which rounding blurs the curve
  near the turn (the Jacobian is nearly singular there): a failed step that
  short gives way to one a few times the blur, judged by its tangent;
- a flip of orientation, which at a degenerate game's bifurcation point
  means crossing it, is a jump to the neighbouring curve in a nearly
  symmetric game unless the step is tiny (1e-9);
- while a nearly symmetric game's branch runs near symmetric profiles its
  steps stay below a tenth of ``max(1, lam)``: one longer step could
  straddle two pitchforks close together, whose flips cancel.

Asymmetries below :data:`SYMMETRY_TOLERANCE` of the payoff range are
rounding that floating point cannot resolve; such games are traced as
symmetric. The tests check traced branches of nearly symmetric games
against the same branch traced in 40-digit arithmetic.

Payoff scale
------------
``lam`` has meaning only relative to the payoffs: multiplying a player's
payoffs by ``c`` is the same as multiplying that player's ``lam`` by ``c``.
By default (``normalize=True``) each player's payoffs are first mapped
affinely onto ``[0, 1]`` (:meth:`~gametheory.games.normal_form.NormalFormGame.normalized`,
the convention of the engine's float solvers), so ``lam`` is scale-free: a
payoff gap of one tenth of a player's payoff range changes the odds between
two actions by the factor ``exp(lam / 10)``, whatever the game's units.
``normalize=False`` applies ``lam`` to the payoffs as given, the convention
of McKelvey and Palfrey and of Gambit. The limit equilibrium can depend on
this choice (rescaling one player changes the path), so it is stated.

References
----------
.. [1] R. D. McKelvey and T. R. Palfrey, "Quantal response equilibria for
   normal form games", Games and Economic Behavior 10 (1995), 6-38.
.. [2] T. L. Turocy, "A dynamic homotopy interpretation of the logistic
   quantal response equilibrium correspondence", Games and Economic
   Behavior 51 (2005), 243-263.
.. [3] H. B. Keller, "Numerical solution of bifurcation and nonlinear
   eigenvalue problems", in Applications of Bifurcation Theory, Academic
   Press (1977), 359-384.
.. [4] E. L. Allgower and K. Georg, Introduction to Numerical Continuation
   Methods, SIAM Classics in Applied Mathematics 45 (2003).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field

import numpy as np

from ..games.normal_form import NormalFormGame
from ..numerics import format_value

__all__ = [
    "QuantalResponseEquilibrium",
    "LogitBranch",
    "LogitTracingError",
    "logit_qre",
    "trace_logit",
]


class LogitTracingError(RuntimeError):
    """Raised when logit tracing cannot reach what was asked within its budget.

    The message says how far the branch got (``lam``, steps) and why it stopped.
    """


# Step-length control (Allgower and Georg 2003, section 6.1): nominal values of
# the first corrector step's length, the corrector's contraction rate and the
# angle between successive tangents. A step whose measures exceed twice the
# nominal values is rejected and retried at half the length.
_NOMINAL_DISTANCE = 0.1
_NOMINAL_CONTRACTION = 0.3
_NOMINAL_ANGLE = 0.15
_MAX_NEWTON = 8
#: The corrector stops at residuals this small (times ``max(1, lam)``): near a
#: symmetry-breaking bifurcation of a nearly symmetric game, the equations'
#: asymmetry (down to about 1e-14, :data:`SYMMETRY_TOLERANCE`) decides where
#: the branch turns, so the points must solve them far more accurately.
_TIGHT_RESIDUAL = 1e-14
#: Residual accepted after the last corrector iteration (rounding level where
#: the Jacobian is nearly singular).
_LOOSE_RESIDUAL = 1e-11
_MIN_STEP = 1e-13
#: Step length below which a persistent flip of orientation is taken for the
#: crossing of a bifurcation point (degenerate games); in nearly symmetric
#: games (asymmetry up to ``_NEARLY_SYMMETRIC`` of the payoff range) the
#: flip is more likely a jump between the two curves of an unfolded pitchfork,
#: which can pass closer than 1e-6, and only far shorter steps count.
_BIFURCATION_STEP = 1e-6
_NEARLY_SYMMETRIC_BIFURCATION_STEP = 1e-9
_NEARLY_SYMMETRIC = 1e-6
#: Longest continuation step, as a multiple of ``max(1, lam)``; shorter near
#: the symmetric profiles of a nearly symmetric game (see :meth:`_System.max_step`).
_MAX_STEP = 1e6
_NEARLY_SYMMETRIC_MAX_STEP = 0.1
_NEAR_SYMMETRIC_PROFILE = 0.5
#: Failed steps shorter than this are compared with the rounding blur of the
#: curve; a blurred step is this many times the blur, tried only where it is
#: at most ``_MAX_BLUR_STEP`` (beyond, the point is as good as singular).
_BLUR_CHECK_STEP = 1e-6
_BLUR_STEPS = 16.0
_MAX_BLUR_STEP = 1e-4

#: Largest number of continuation steps (accepted or rejected) in one trace.
DEFAULT_MAX_STEPS = 20000

#: Players' payoffs that agree to within this fraction of the payoff range
#: make a symmetric game (see :func:`_is_symmetric`).
SYMMETRY_TOLERANCE = 1e-14


# --------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------

def _check_game(game) -> None:
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"expected a NormalFormGame, got {type(game).__name__}")


def _check_lambda(lam, what: str = "lam", *, allow_inf: bool = False) -> float:
    if isinstance(lam, (bool, np.bool_)) or not isinstance(lam, numbers.Real):
        raise TypeError(f"{what} must be a non-negative number, got {lam!r}")
    value = float(lam)
    if math.isnan(value) or value < 0 or (math.isinf(value) and not allow_inf):
        raise ValueError(f"{what} must be a finite non-negative number, got {lam!r}")
    return value


def _check_positive(value, what: str, *, integer: bool = False) -> float:
    kind = numbers.Integral if integer else numbers.Real
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, kind):
        raise TypeError(f"{what} must be a positive {'integer' if integer else 'number'}, got {value!r}")
    if not (math.isfinite(float(value)) and value > 0):
        raise ValueError(f"{what} must be a finite positive number, got {value!r}")
    return int(value) if integer else float(value)


def _traced_arrays(game: NormalFormGame, normalize: bool) -> list[np.ndarray]:
    if not isinstance(normalize, (bool, np.bool_)):
        raise TypeError(f"normalize must be True or False, got {normalize!r}")
    source = game.normalized() if normalize else game
    return [np.ascontiguousarray(np.asarray(p, dtype=float)) for p in source.payoffs]


# --------------------------------------------------------------------------
# The QRE system in log-probability coordinates
# --------------------------------------------------------------------------

class _System:
    """Residual and Jacobian of the QRE equations ``H(x, lam) = 0``.

    Unknowns ``y = (x, lam)`` with ``x`` the log-probabilities of every
    player's actions, concatenated in player order.
    """

    #: Steps up to this length may cross a bifurcation point (see :func:`_corrected_step`).
    bifurcation_step = _BIFURCATION_STEP
    #: Whether the game is nearly symmetric (see :func:`_traced_system`).
    nearly_symmetric = False

    def __init__(self, arrays):
        self.arrays = arrays
        self.n = len(arrays)
        self.shape = arrays[0].shape
        self.offsets = [0]
        for m in self.shape:
            self.offsets.append(self.offsets[-1] + m)
        self.size = self.offsets[-1]
        n = self.n
        self.broadcast = [tuple(m if k == i else 1 for k, m in enumerate(self.shape)) for i in range(n)]
        self.others = [tuple(k for k in range(n) if k != i) for i in range(n)]
        self.pair_axes = [[tuple(k for k in range(n) if k not in (i, j)) for j in range(n)] for i in range(n)]

    def split(self, vector):
        return [vector[self.offsets[i]:self.offsets[i + 1]] for i in range(self.n)]

    def max_step(self, y) -> float:
        """Longest continuation step at ``y``, as a multiple of ``max(1, lam)``.

        Short while a nearly symmetric game's branch runs near symmetric
        profiles (every player's log-probabilities within
        ``_NEAR_SYMMETRIC_PROFILE`` of player 0's): there one long step can
        straddle two unfolded pitchforks close together (a pair joined by an
        asymmetric loop), and the two flips of orientation cancel, so nothing
        else shows the jump.
        """
        if self.nearly_symmetric:
            x = self.split(y[:-1])
            if all(float(np.max(np.abs(x[i] - x[0]))) < _NEAR_SYMMETRIC_PROFILE for i in range(1, self.n)):
                return _NEARLY_SYMMETRIC_MAX_STEP
        return _MAX_STEP

    def uniform(self) -> np.ndarray:
        return np.concatenate([np.full(m, -math.log(m)) for m in self.shape])

    def payoffs_and_slopes(self, probabilities):
        """Expected payoffs ``u[i]`` and ``d u[i][a] / d x[j][b]`` for every pair ``i != j``.

        With ``W_i = payoff_i * prod_{k != i} p_k`` (broadcast over the
        profile axes), ``u[i]`` sums ``W_i`` over the others' axes and the
        log-coordinate slope towards player ``j`` sums it over every axis but
        ``i`` and ``j``: no division by probabilities that may underflow.
        """
        n = self.n
        factors = [p.reshape(shape) for p, shape in zip(probabilities, self.broadcast)]
        # Products of every player's factor but one, from prefix and suffix products.
        prefix = [1.0]
        for k in range(n - 1):
            prefix.append(prefix[-1] * factors[k])
        suffix = [1.0] * (n + 1)
        for k in range(n - 1, 0, -1):
            suffix[k] = suffix[k + 1] * factors[k]
        payoffs, slopes = [], {}
        for i in range(n):
            weighted = self.arrays[i] * (prefix[i] * suffix[i + 1])
            payoffs.append(weighted.sum(axis=self.others[i]) if n > 1 else weighted)
            for j in range(n):
                if j == i:
                    continue
                axes = self.pair_axes[i][j]
                block = weighted.sum(axis=axes) if axes else weighted
                slopes[i, j] = block if i < j else block.T
        return payoffs, slopes

    def evaluate(self, y):
        """``(H, J)``: residual (length N) and Jacobian (N x (N + 1)) at ``y``."""
        x, lam = y[:-1], y[-1]
        probabilities = self.split(np.exp(x))
        payoffs, slopes = self.payoffs_and_slopes(probabilities)
        size = self.size
        residual = np.empty(size)
        jacobian = np.zeros((size, size + 1))
        for i in range(self.n):
            start, stop = self.offsets[i], self.offsets[i + 1]
            p, u = probabilities[i], payoffs[i]
            residual[start] = p.sum() - 1.0
            jacobian[start, start:stop] = p
            if stop - start == 1:
                continue
            gains = u[1:] - u[0]
            residual[start + 1:stop] = x[start + 1:stop] - x[start] - lam * gains
            rows = slice(start + 1, stop)
            jacobian[rows, start] = -1.0
            jacobian[rows, start + 1:stop] = np.eye(stop - start - 1)
            jacobian[rows, -1] = -gains
            for j in range(self.n):
                if j != i:
                    block = slopes[i, j]
                    jacobian[rows, self.offsets[j]:self.offsets[j + 1]] = -lam * (block[1:] - block[0])
        return residual, jacobian


    def expand(self, y):
        """``y`` in every player's coordinates (the identity here; see :class:`_SymmetricSystem`)."""
        return y

    def profiles(self, points):
        """Each row of ``points`` (traced ``(x, lam)``) as every player's probabilities, concatenated."""
        profiles = np.exp(points[:, :-1])
        for start, stop in zip(self.offsets[:-1], self.offsets[1:]):
            profiles[:, start:stop] /= profiles[:, start:stop].sum(axis=1, keepdims=True)
        return profiles


class _SymmetricSystem:
    """The QRE equations of a symmetric game, on profiles where every player mixes alike.

    In a symmetric game (every player's payoffs are player 0's with the two
    players' places swapped, :func:`_is_symmetric`) every player's equations
    at such a profile are player 0's, and uniform play is such a profile, so
    the principal branch starts in this subspace. It is traced there, in
    player 0's log-probabilities ``x`` and ``lam`` alone. Where the full
    branch meets a symmetry-breaking bifurcation (a pitchfork: asymmetric
    QRE branch off, and the full Jacobian loses rank), the reduced equations
    are regular, so the trace goes straight through on the symmetric branch
    instead of drifting onto an asymmetric arm with the rounding noise that
    the near-singular full system amplifies. This is the branch
    :func:`gametheory.solvers.logit_batch.logit_qre_batch` follows through
    such points, and its limit is a symmetric equilibrium.
    """

    bifurcation_step = _BIFURCATION_STEP

    def __init__(self, full: _System):
        self.full = full
        self.n = full.n
        self.shape = full.shape
        self.size = full.shape[0]
        self.offsets = [0, self.size]

    def split(self, vector):
        return [vector.copy() for _ in range(self.n)]

    def uniform(self) -> np.ndarray:
        return np.full(self.size, -math.log(self.size))

    def max_step(self, y) -> float:
        return _MAX_STEP

    def expand(self, y):
        return np.concatenate([np.tile(y[:-1], self.n), y[-1:]])

    def evaluate(self, y):
        """Player 0's residual and its Jacobian in ``(x, lam)``: the full Jacobian's columns summed over players."""
        residual, jacobian = self.full.evaluate(self.expand(y))
        m = self.size
        reduced = np.empty((m, m + 1))
        reduced[:, :m] = jacobian[:m, :-1].reshape(m, self.n, m).sum(axis=1)
        reduced[:, m] = jacobian[:m, -1]
        return residual[:m], reduced

    def profiles(self, points):
        profiles = np.exp(points[:, :-1])
        profiles /= profiles.sum(axis=1, keepdims=True)
        return np.tile(profiles, self.n)


def _is_symmetric(arrays) -> bool:
    """Whether every player's payoffs are player 0's with player 0 and that player swapped.

    Then, at a profile where all play the same mixed strategy, every player
    faces what player 0 faces (the others' actions are independent and
    identically distributed). For two players: ``B`` is ``A`` transposed.

    Payoffs equal to within :data:`SYMMETRY_TOLERANCE` of the payoff range
    count as equal: differences that small are rounding (a symmetric game
    whose players' payoffs are stated in different units differs from
    symmetric by a few units in the last place once normalised), and the
    floating-point QRE equations cannot resolve them. Where the branch meets
    a symmetry-breaking bifurcation, the side it turns to is decided by the
    sign of the asymmetry; below that level it would be decided by rounding
    in the continuation instead, differently at each visit, and the trace
    could wander between the arms.
    """
    return _asymmetry(arrays) <= SYMMETRY_TOLERANCE


def _asymmetry(arrays) -> float:
    """Largest difference between a player's payoffs and player 0's with the places swapped, over the payoff range.

    Infinite when the players' action sets differ; 0 for constant payoffs.
    """
    first = arrays[0]
    if first.ndim < 2 or len(set(first.shape)) != 1:
        return math.inf
    difference = max(float(np.max(np.abs(arrays[i] - np.swapaxes(first, 0, i)))) for i in range(1, len(arrays)))
    scale = max(float(np.ptp(a)) for a in arrays)
    return difference / scale if scale > 0 else (0.0 if difference == 0 else math.inf)


def _traced_system(arrays):
    """The system the principal branch is traced on: reduced to symmetric profiles in a symmetric game."""
    full = _System(arrays)
    if _is_symmetric(arrays):
        return _SymmetricSystem(full)
    if _asymmetry(arrays) <= _NEARLY_SYMMETRIC:
        full.bifurcation_step = _NEARLY_SYMMETRIC_BIFURCATION_STEP
        full.nearly_symmetric = True
    return full


def _tangent(jacobian, previous):
    """Unit null vector of ``jacobian`` with a positive component along ``previous``."""
    augmented = np.vstack([jacobian, previous])
    rhs = np.zeros(len(previous))
    rhs[-1] = 1.0
    direction = np.linalg.solve(augmented, rhs)
    norm = np.linalg.norm(direction)
    if not np.isfinite(norm) or norm == 0:
        raise np.linalg.LinAlgError("degenerate tangent")
    return direction / norm


def _branch(system: _System, *, first_step: float, max_accel: float, max_steps: int):
    """Points ``(y, tangent)`` along the principal branch, from ``lam = 0`` on.

    A private generator: the consumer decides when to stop. Raises
    :class:`LogitTracingError` when the step length underflows or the step
    budget is spent.
    """
    y = np.append(system.uniform(), 0.0)
    _, jacobian = system.evaluate(y)
    start = np.zeros(system.size + 1)
    start[-1] = 1.0
    tangent = _tangent(jacobian, start)
    orientation = _orientation(jacobian, tangent)
    yield y, tangent
    step = first_step
    blurred_at = None
    for _ in range(max_steps):
        accepted = _corrected_step(system, y, tangent, step, orientation)
        if accepted is None and step < _BLUR_CHECK_STEP and blurred_at is not y:
            # Near a nearly singular point (an unfolded pitchfork of a nearly
            # symmetric game) rounding blurs the curve: the corrector's
            # residual, through the inverse of the augmented Jacobian, moves
            # points by up to ``blur``. Steps shorter than that measure noise
            # and are rejected however short; a step some times the blur
            # (still far below the distance to the neighbouring curve) is
            # judged by the tangent alone.
            blurred_at = y
            blur = _blur(system, y, tangent)
            if step < _BLUR_STEPS * blur <= _MAX_BLUR_STEP:
                step = _BLUR_STEPS * blur
                accepted = _corrected_step(system, y, tangent, step, orientation, blurred=True)
        if accepted is None:
            step *= 0.5
            if step < _MIN_STEP:
                raise _stalled(system, y)
            continue
        y, new_tangent, factor, orientation = accepted
        tangent = new_tangent
        step = min(step / max(factor, 1.0 / max_accel), system.max_step(y) * max(1.0, abs(y[-1])))
        yield y, tangent
    raise LogitTracingError(
        f"logit tracing used its {max_steps} steps and reached lam = {format_value(y[-1], digits=6)}; "
        "raise max_steps to trace further")


def _blur(system: _System, y, tangent) -> float:
    """How far rounding can move a traced point: the corrector's tolerance through the inverse of ``[J; t]``."""
    _, jacobian = system.evaluate(y)
    smallest = float(np.linalg.svd(np.vstack([jacobian, tangent]), compute_uv=False)[-1])
    return _TIGHT_RESIDUAL * max(1.0, abs(float(y[-1]))) / max(smallest, 1e-300)


def _stalled(system: _System, y) -> LogitTracingError:
    """The error for a step that underflowed at ``y``, saying what the Jacobian shows there."""
    where = f"logit tracing stalled at lam = {format_value(y[-1], digits=6)}: the continuation step fell below 1e-13"
    _, jacobian = system.evaluate(y)
    smallest = float(np.linalg.svd(jacobian[:, :-1], compute_uv=False)[-1])
    if smallest > 1e-6:
        return LogitTracingError(where + " (the branch may bifurcate here, as in degenerate games)")
    return LogitTracingError(
        f"{where}; the QRE equations are nearly singular there (smallest singular value "
        f"{format_value(smallest, digits=2)}), so the branch passes within rounding of a bifurcation point "
        "and floating point cannot tell which way it goes. This happens in games within rounding of a "
        "degenerate or symmetric one: enter payoffs meant to be tied or symmetric exactly (B = A transposed "
        "is traced on symmetric profiles), or make a real difference larger than about 1e-12 of the payoff "
        "range; solve() finds the game's equilibria without tracing")


def _orientation(jacobian, tangent) -> float:
    """Sign of ``det([J; t])``: constant along a smooth branch followed in one direction."""
    return float(np.linalg.slogdet(np.vstack([jacobian, tangent]))[0])


def _corrected_step(system: _System, y, tangent, step, orientation, *, blurred: bool = False):
    """One predictor-corrector step; ``(y, tangent, factor, orientation)`` or ``None`` when rejected.

    ``blurred``: the step is a few times the rounding blur of the curve at
    ``y`` (see :func:`_branch`), so the corrector's first step and
    contraction measure noise; the step is judged by the corrector staying
    within the step's length and by the tangent's turn alone.

    Besides the step-length measures, a step is rejected when the orientation
    ``sign det([J; t])`` flips: the corrector then landed on a neighbouring
    arm of the curve (say across an S-shaped pair of turning points) and
    would follow it backwards. Only at a bifurcation point of a degenerate
    game does the orientation flip along the branch itself; there the path
    goes straight through.
    """
    point = y + step * tangent
    first = contraction = None
    previous = None
    converged = False
    for iteration in range(_MAX_NEWTON):
        with np.errstate(over="ignore", invalid="ignore"):
            residual, jacobian = system.evaluate(point)
        if not (np.all(np.isfinite(residual)) and np.all(np.isfinite(jacobian))):
            return None
        size = np.max(np.abs(residual))
        scale = max(1.0, abs(point[-1]))
        if size <= _TIGHT_RESIDUAL * scale or (iteration == _MAX_NEWTON - 1 and size <= _LOOSE_RESIDUAL * scale):
            converged = True
            break
        try:
            correction = np.linalg.solve(np.vstack([jacobian, tangent]), np.append(-residual, 0.0))
        except np.linalg.LinAlgError:
            return None
        distance = np.linalg.norm(correction)
        if iteration == 0:
            first = distance
            if first > (step if blurred else 2 * _NOMINAL_DISTANCE):
                return None
        elif previous > 0 and distance > 1e-9 * (1 + np.linalg.norm(point)) and not blurred:
            # Corrections at rounding level (the corrector runs on to residuals
            # of 1e-14, and near a singular point their size is noise) say
            # nothing about the step length.
            rate = distance / previous
            contraction = rate if contraction is None else max(contraction, rate)
            if rate > 2 * _NOMINAL_CONTRACTION:
                return None
        previous = distance
        point = point + correction
        if distance <= 1e-13 * (1 + np.linalg.norm(point)):
            converged = True
            with np.errstate(over="ignore", invalid="ignore"):
                residual, jacobian = system.evaluate(point)
            break
    if not converged or point[-1] < 0:
        return None
    try:
        new_tangent = _tangent(jacobian, tangent)
    except np.linalg.LinAlgError:
        return None
    if _orientation(jacobian, new_tangent) != orientation:
        # A flip that persists on a tiny step with a smooth tangent is the
        # crossing of a bifurcation point (a symmetric game's pitchfork, say),
        # where the sign changes along the branch itself: keep going straight.
        if step > system.bifurcation_step or float(new_tangent @ tangent) < math.cos(_NOMINAL_ANGLE):
            return None
        orientation = -orientation
    angle = math.acos(min(1.0, max(-1.0, float(new_tangent @ tangent))))
    factor = angle / _NOMINAL_ANGLE if blurred else max(
        math.sqrt((first or 0.0) / _NOMINAL_DISTANCE),
        math.sqrt((contraction or 0.0) / _NOMINAL_CONTRACTION),
        angle / _NOMINAL_ANGLE,
    )
    if factor > 2.0:
        return None
    return point, new_tangent, factor, orientation


def _point_at(system: _System, before, after, lam: float):
    """The branch point at ``lam`` between two traced points (``before[-1] <= lam <= after[-1]``).

    Newton's method on the QRE equations with ``lam`` fixed, from the linear
    interpolation of the two points; along the pseudo-arclength when ``lam``
    sits at a turning point and the fixed-``lam`` system is singular.
    """
    span = after[-1] - before[-1]
    weight = 0.0 if span <= 0 else (lam - before[-1]) / span
    point = before + weight * (after - before)
    point[-1] = lam
    size = system.size
    for _ in range(50):
        residual, jacobian = system.evaluate(point)
        if np.max(np.abs(residual)) <= 1e-12 * max(1.0, lam):
            return point
        try:
            correction = np.linalg.solve(jacobian[:, :size], -residual)
        except np.linalg.LinAlgError:
            correction = np.linalg.lstsq(jacobian[:, :size], -residual, rcond=None)[0]
        point[:size] += correction
        if np.linalg.norm(correction) <= 1e-14 * (1 + np.linalg.norm(point)):
            return point
    residual, _ = system.evaluate(point)
    if np.max(np.abs(residual)) <= 1e-8 * max(1.0, lam):
        return point
    raise LogitTracingError(f"could not locate the branch point at lam = {format_value(lam, digits=6)}")


# --------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------

def _payoffs_and_regrets(game: NormalFormGame, strategies):
    work = game.as_float()
    payoffs, regrets = [], []
    for i in range(game.n_players):
        values = work.deviation_payoffs(i, strategies)
        value = float(values @ strategies[i])
        payoffs.append(value)
        regrets.append(max(float(values.max()) - value, 0.0))
    return tuple(payoffs), tuple(regrets)


@dataclass(frozen=True, eq=False)
class QuantalResponseEquilibrium:
    """A logit QRE on the principal branch, with each player's regret in the game.

    Attributes
    ----------
    game : NormalFormGame
        The game as given.
    lam : float
        The precision (on normalised payoffs when ``normalized``).
    strategies : tuple of ndarray
        One probability vector per player (all entries positive).
    payoffs : tuple of float
        Each player's expected payoff in the game as given.
    regrets : tuple of float
        Each player's best deviation gain in the game as given; it falls to 0
        as ``lam`` grows along a branch converging to a Nash equilibrium.
    normalized : bool
        Whether ``lam`` applies to each player's payoffs mapped onto [0, 1].
    """

    game: NormalFormGame
    lam: float
    strategies: tuple
    payoffs: tuple
    regrets: tuple
    normalized: bool

    @property
    def max_regret(self) -> float:
        return max(self.regrets)

    def outcome_probabilities(self) -> np.ndarray:
        """Probability of every action profile (independent play), shaped like the game."""
        result = np.ones(())
        for p in self.strategies:
            result = np.multiply.outer(result, p)
        return result

    def strategy_dict(self) -> dict[str, dict[str, float]]:
        """``{player: {action: probability}}`` in the game's own words."""
        return {
            player: {action: float(p) for action, p in zip(self.game.actions[i], self.strategies[i])}
            for i, player in enumerate(self.game.players)
        }

    def describe(self, digits: int = 4) -> str:
        """One line, e.g. ``Row: 0.75 C + 0.25 D; Column: ...``."""
        return "; ".join(
            f"{player}: " + " + ".join(
                f"{format_value(float(p), digits=digits)} {a}" for a, p in zip(self.game.actions[i], self.strategies[i]))
            for i, player in enumerate(self.game.players)
        )

    def __repr__(self) -> str:
        return f"<QuantalResponseEquilibrium lam={format_value(self.lam)} {self.describe()} | max regret {format_value(self.max_regret)}>"


def _make_qre(game, system: _System, y, normalize: bool) -> QuantalResponseEquilibrium:
    strategies = []
    for p in system.split(np.exp(y[:-1])):
        p = p / p.sum()
        p.setflags(write=False)
        strategies.append(p)
    payoffs, regrets = _payoffs_and_regrets(game, strategies)
    return QuantalResponseEquilibrium(game, float(y[-1]), tuple(strategies), payoffs, regrets, bool(normalize))


@dataclass(frozen=True, eq=False)
class LogitBranch:
    """Points of the principal branch of the logit QRE correspondence.

    Attributes
    ----------
    game : NormalFormGame
    lam : ndarray
        The precision at each point, in path order (it can decrease for a
        while after a turning point).
    profiles : ndarray
        Shape ``(len(lam), total number of actions)``: every player's
        probabilities at each point, concatenated in player order.
    normalized : bool
        Whether ``lam`` applies to each player's payoffs mapped onto [0, 1].
    turning_points : int
        How many times ``lam`` changed direction along the traced path.
    """

    game: NormalFormGame
    lam: np.ndarray
    profiles: np.ndarray
    normalized: bool
    turning_points: int
    _system: _System = field(repr=False)
    _points: np.ndarray = field(repr=False)

    def __len__(self) -> int:
        return len(self.lam)

    def strategies(self, index: int) -> tuple[np.ndarray, ...]:
        """The profile at point ``index`` as one probability vector per player."""
        return tuple(np.split(self.profiles[index], np.cumsum(self.game.shape)[:-1]))

    def qre(self, index: int) -> QuantalResponseEquilibrium:
        """The traced point ``index`` as a :class:`QuantalResponseEquilibrium`."""
        return _make_qre(self.game, self._system, self._points[index], self.normalized)

    def at(self, lam) -> QuantalResponseEquilibrium:
        """The QRE where the branch first reaches ``lam`` (within the traced part).

        Raises
        ------
        ValueError
            If the traced part of the branch does not reach ``lam``.
        """
        lam = _check_lambda(lam)
        reached = np.flatnonzero(self.lam >= lam)
        if len(reached) == 0:
            raise ValueError(
                f"the traced branch ends at lam = {format_value(self.lam[-1], digits=6)}; "
                f"trace further (max_lambda) to evaluate lam = {format_value(lam, digits=6)}")
        k = int(reached[0])
        if self.lam[k] == lam or k == 0:
            return self.qre(k)
        point = _point_at(self._system, self._points[k - 1], self._points[k], lam)
        return _make_qre(self.game, self._system, point, self.normalized)

    def to_frame(self):
        """A pandas DataFrame: one row per point, a ``lam`` column and one column per ``player: action``."""
        import pandas as pd

        columns = [f"{player}: {action}" for i, player in enumerate(self.game.players) for action in self.game.actions[i]]
        frame = pd.DataFrame(self.profiles, columns=columns)
        frame.insert(0, "lam", self.lam)
        return frame


def _validated_options(first_step, max_accel, max_steps):
    first_step = _check_positive(first_step, "first_step")
    max_accel = _check_positive(max_accel, "max_accel")
    if max_accel < 1:
        raise ValueError(f"max_accel must be at least 1, got {max_accel!r}")
    max_steps = _check_positive(max_steps, "max_steps", integer=True)
    return first_step, max_accel, max_steps


def trace_logit(
    game: NormalFormGame,
    max_lambda: float = 1000.0,
    *,
    normalize: bool = True,
    first_step: float = 0.03,
    max_accel: float = 1.5,
    max_steps: int = DEFAULT_MAX_STEPS,
) -> LogitBranch:
    """Follow the principal branch of the logit QRE correspondence from ``lam = 0``.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players and actions; exact games are traced in floats.
    max_lambda : float
        Trace until the branch first reaches this precision; the last point
        lies exactly at ``max_lambda``.
    normalize : bool
        ``True`` (default): ``lam`` applies to each player's payoffs mapped
        onto [0, 1]; ``False``: to the payoffs as given (see the module notes).
    first_step : float
        Arc length of the first continuation step.
    max_accel : float
        Largest factor by which one step may be longer than the one before.
    max_steps : int
        Largest number of continuation steps.

    Returns
    -------
    LogitBranch

    Raises
    ------
    LogitTracingError
        If the branch cannot be followed to ``max_lambda`` within ``max_steps``.

    Notes
    -----
    Predictor-corrector continuation in log-probability coordinates with the
    path parametrised by arc length (Turocy 2005), so turning points are
    followed through; see the module documentation.

    Examples
    --------
    Matching pennies: the QRE is uniform play at every precision.

    >>> from gametheory import NormalFormGame
    >>> pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> branch = trace_logit(pennies, max_lambda=50)
    >>> float(branch.lam[0]), float(branch.lam[-1])
    (0.0, 50.0)
    >>> bool(abs(branch.profiles - 0.5).max() < 1e-9)
    True
    """
    _check_game(game)
    max_lambda = _check_lambda(max_lambda, "max_lambda")
    first_step, max_accel, max_steps = _validated_options(first_step, max_accel, max_steps)
    system = _traced_system(_traced_arrays(game, normalize))
    points = []
    turning = 0
    direction = 1.0
    for y, tangent in _branch(system, first_step=first_step, max_accel=max_accel, max_steps=max_steps):
        if points and y[-1] >= max_lambda:
            points.append(_point_at(system, points[-1], y, max_lambda))
            break
        if points and np.sign(tangent[-1]) != direction and tangent[-1] != 0:
            turning += 1
            direction = -direction
        points.append(y.copy())
        if max_lambda == 0:
            break
    stacked = np.array(points)
    profiles = system.profiles(stacked)
    lam = stacked[:, -1].copy()
    for array in (lam, profiles, stacked):
        array.setflags(write=False)
    return LogitBranch(game, lam, profiles, bool(normalize), turning, system, stacked)


def logit_qre(game: NormalFormGame, lam: float, *, normalize: bool = True, **options) -> QuantalResponseEquilibrium:
    """The logit QRE with precision ``lam`` on the principal branch.

    The branch is traced from uniform play at ``lam = 0`` (see
    :func:`trace_logit`, whose keyword options are accepted); where the
    branch passes ``lam`` more than once (after a turning point), the first
    passage is returned, as Gambit's ``logit_solve_lambda`` does.

    Parameters
    ----------
    game : NormalFormGame
    lam : float
        Non-negative precision; on normalised payoffs unless ``normalize=False``.
    normalize : bool
        See :func:`trace_logit`.

    Returns
    -------
    QuantalResponseEquilibrium
        With each player's regret in the game as given.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> stag_hunt = NormalFormGame.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]])
    >>> qre = logit_qre(stag_hunt, 1.0, normalize=False)
    >>> [round(float(p), 4) for p in qre.strategies[0]]
    [0.1958, 0.8042]
    """
    _check_game(game)
    lam = _check_lambda(lam)
    return trace_logit(game, lam, normalize=normalize, **options).at(lam)
