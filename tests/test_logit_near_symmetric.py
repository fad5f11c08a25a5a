"""Logit QRE of nearly symmetric two-player games: the principal branch through unfolded pitchforks.

A symmetric game's principal branch can meet symmetry-breaking pitchforks; a
game that is symmetric only up to a small asymmetry (``B = A.T + eps * N``)
unfolds them, and its branch turns sharply onto the arm the asymmetry
selects. These tests check the traced branch against an independent
reference: the same branch traced in 40-digit arithmetic (mpmath) on the
row player's log-odds alone, with the column player's logit response
substituted in, a formulation and an implementation that share nothing with
the tracer but the definition of a logit QRE.
"""

import math

import mpmath
import numpy as np
import pytest
from hypothesis import assume, given, note, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame, solve
from gametheory.solvers.logit import LogitTracingError, logit_qre, logit_solve, trace_logit
from gametheory.solvers.qre import SYMMETRY_TOLERANCE

#: Symmetric, action 2 strictly dominant; on normalised payoffs asymmetric QRE
#: branch off its symmetric branch at pitchforks near lam = 12.136 and 26.007.
PITCHFORK_A = np.array([[0.0, 0.7647], [0.7059, 0.8235]])

#: Two games found to raise LogitTracingError: PITCHFORK_A against column
#: payoffs that differ from its transpose by rounding (at most 1.6e-15). The
#: trace turned onto one asymmetric arm at the first pitchfork, came back
#: along the symmetric branch, took the other arm, and finally ran back down
#: to lam = 0, where its step underflowed (the first with normalised payoffs,
#: the second with the payoffs as given).
ROUNDED_COLUMNS = [
    ([[-3.2556114901003646e-16, 0.7059000000000015], [0.7647000000000003, 0.8234999999999993]], True),
    ([[9.370627286641642e-16, 0.7059000000000006], [0.7646999999999995, 0.8234999999999987]], False),
]


#: Nearly symmetric 3x3 games (B = A.T but for B[2][0], off by 1e-13) whose
#: branches pass close to a symmetry-breaking bifurcation: the game or its
#: mirror image (players swapped) went straight through it onto the wrong
#: curve (a tiny step's flip of orientation was taken for a crossing), or
#: stalled where rounding blurs the curve (steps shorter than the blur were
#: rejected however short).
NEAR_PITCHFORK_3X3 = [
    [[0.0, -0.349, -0.355], [-0.001, -0.148, 0.048], [0.044, 0.001, -0.068]],
    [[0.0, -0.349, -0.355], [-0.001, -0.148, 0.047], [0.088, 0.001, -0.068]],
    [[0.0, -0.348, -0.355], [-0.001, -0.148, 0.094], [0.219, 0.001, -0.069]],
]


# ---------------------------------------------------------------- reference
#: Working precision of the reference trace (decimal digits).
_DIGITS = 40


def _softmax(values):
    top = max(values)
    weights = [mpmath.exp(v - top) for v in values]
    total = sum(weights)
    return [w / total for w in weights]


def _matvec(matrix, vector):
    return [sum(a * b for a, b in zip(row, vector)) for row in matrix]


def _solve(matrix, rhs):
    """Solution of a square system and the sign of its determinant (Gaussian elimination, partial pivoting)."""
    size = len(rhs)
    rows = [list(row) + [value] for row, value in zip(matrix, rhs)]
    sign = 1
    for column in range(size):
        pivot = max(range(column, size), key=lambda r: abs(rows[r][column]))
        if pivot != column:
            rows[column], rows[pivot] = rows[pivot], rows[column]
            sign = -sign
        head = rows[column][column]
        sign = sign if head > 0 else -sign
        for r in range(column + 1, size):
            factor = rows[r][column] / head
            rows[r] = [a - factor * b for a, b in zip(rows[r], rows[column])]
    solution = [mpmath.mpf(0)] * size
    for r in reversed(range(size)):
        solution[r] = (rows[r][-1] - sum(rows[r][c] * solution[c] for c in range(r + 1, size))) / rows[r][r]
    return solution, sign


def _norm(vector):
    return mpmath.sqrt(sum(v * v for v in vector))


class _ReferenceBranch:
    """The principal branch of a bimatrix game's logit QRE in 40-digit arithmetic.

    Unknowns: the row player's log-odds ``r[a] = log(p[a] / p[0])`` and
    ``lam``; the column player's strategy is its logit response
    ``q = softmax(lam * B^T p)``, and the equations are ``r[a] = lam *
    (A q)[a] - lam * (A q)[0]``. Pseudo-arclength continuation with small
    steps (at most 0.3 * max(1, lam / 10); tangent turns by at most 0.1 rad,
    first Newton correction at most a tenth of the step, Newton to 1e-30)
    and no change of orientation. The cap on the step matters: two
    pitchforks close together (0.65 apart in lam in one game) can be
    straddled by one long step, whose two flips of orientation cancel.
    """

    def __init__(self, A, B):
        with mpmath.workdps(_DIGITS):
            self.m, self.n = A.shape
            self.DA = [[mpmath.mpf(float(A[a, j])) - mpmath.mpf(float(A[0, j])) for j in range(self.n)]
                       for a in range(1, self.m)]
            self.DB = [[mpmath.mpf(float(B[i, b])) - mpmath.mpf(float(B[i, 0])) for i in range(self.m)]
                       for b in range(1, self.n)]

    def strategies(self, y):
        k = self.m - 1
        p = _softmax([mpmath.mpf(0)] + list(y[:k]))
        q = _softmax([mpmath.mpf(0)] + [y[k] * g for g in _matvec(self.DB, p)])
        return p, q

    def equations(self, y):
        """Residual (length m - 1) and Jacobian ((m - 1) rows of m)."""
        k, n, lam = self.m - 1, self.n, y[self.m - 1]
        p, q = self.strategies(y)
        DAq = _matvec(self.DA, q)
        residual = [y[a] - lam * DAq[a] for a in range(k)]
        # d p / d r (m x k) and d q / d gains (n x (n - 1)), both softmax derivatives.
        dp = [[p[i] * ((i == a + 1) - p[a + 1]) for a in range(k)] for i in range(self.m)]
        dq = [[q[j] * ((j == b + 1) - q[b + 1]) for b in range(n - 1)] for j in range(n)]
        slope = [[sum(self.DA[a][j] * dq[j][b] for j in range(n)) for b in range(n - 1)] for a in range(k)]
        DBdp = [[sum(self.DB[b][i] * dp[i][c] for i in range(self.m)) for c in range(k)] for b in range(n - 1)]
        DBp = _matvec(self.DB, p)
        jacobian = []
        for a in range(k):
            row = [(a == c) - lam * lam * sum(slope[a][b] * DBdp[b][c] for b in range(n - 1)) for c in range(k)]
            row.append(-DAq[a] - lam * sum(slope[a][b] * DBp[b] for b in range(n - 1)))
            jacobian.append(row)
        return residual, jacobian

    @staticmethod
    def _tangent(jacobian, previous):
        rhs = [mpmath.mpf(0)] * len(jacobian) + [mpmath.mpf(1)]
        direction, sign = _solve(jacobian + [list(previous)], rhs)
        size = _norm(direction)
        return [d / size for d in direction], sign

    def first_passage(self, lams):
        """``{lam: (p, q)}`` where the branch first reaches each ``lam`` (floats)."""
        with mpmath.workdps(_DIGITS):
            return self._first_passage(sorted(lams))

    def _first_passage(self, targets):
        k = self.m - 1
        tol = mpmath.mpf(10) ** -30
        y = [mpmath.mpf(0)] * (k + 1)
        _, jacobian = self.equations(y)
        tangent, _ = self._tangent(jacobian, [0] * k + [1])
        _, orientation = self._tangent(jacobian, tangent)
        step = mpmath.mpf("0.01")
        found = {}
        for _ in range(100000):
            if not targets:
                return found
            step = min(2 * step, mpmath.mpf("0.3") * max(1, y[k] / 10))
            while True:
                assert step > mpmath.mpf(10) ** -32, f"reference trace stalled at lam = {float(y[k])}"
                point, converged = [a + step * t for a, t in zip(y, tangent)], False
                for iteration in range(30):
                    residual, jacobian = self.equations(point)
                    correction, _ = _solve(jacobian + [tangent], [-v for v in residual] + [0])
                    if iteration == 0 and _norm(correction) > step / 10:
                        break
                    point = [a + c for a, c in zip(point, correction)]
                    if _norm(correction) < tol:
                        converged = True
                        break
                if converged:
                    _, jacobian = self.equations(point)
                    new_tangent, _ = self._tangent(jacobian, tangent)
                    _, sign = self._tangent(jacobian, new_tangent)
                    if sum(a * b for a, b in zip(new_tangent, tangent)) > mpmath.cos(0.1) and sign == orientation:
                        break
                step /= 2
            before, y, tangent = y, point, new_tangent
            while targets and y[k] >= targets[0]:
                lam = mpmath.mpf(targets.pop(0))
                weight = (lam - before[k]) / (y[k] - before[k])
                z = [a + weight * (b - a) for a, b in zip(before, y)]
                z[k] = lam
                for _ in range(60):
                    residual, jacobian = self.equations(z)
                    correction, _ = _solve([row[:k] for row in jacobian], [-v for v in residual])
                    z = [a + c for a, c in zip(z[:k], correction)] + [lam]
                    if _norm(correction) < tol:
                        break
                p, q = self.strategies(z)
                found[float(lam)] = (np.array([float(v) for v in p]), np.array([float(v) for v in q]))
        raise AssertionError("reference trace used its step budget")


def _reference(game, lams):
    A, B = (np.asarray(p, dtype=float) for p in game.normalized().payoffs)
    return _ReferenceBranch(A, B).first_passage(lams)


# ---------------------------------------------------------------- checks
def _qre_violation(game, lam, strategies):
    """Largest gap, in log-probabilities, between a profile and the logit response to it (normalised payoffs)."""
    source = game.normalized()
    worst = 0.0
    for i in range(2):
        values = lam * source.deviation_payoffs(i, strategies)
        log_response = values - values.max() - math.log(np.exp(values - values.max()).sum())
        worst = max(worst, float(np.max(np.abs(np.log(strategies[i]) - log_response))))
    return worst


def _unit_tangent(system, y, along):
    _, jacobian = system.evaluate(y)
    tangent = np.linalg.svd(jacobian)[2][-1]
    return (tangent if tangent @ along >= 0 else -tangent), jacobian


def _assert_connected(system, start, end, start_tangent, end_tangent, depth=0):
    """``start`` and ``end`` lie on one smooth piece of the solution curve.

    Accepted when the chord leaves and arrives along the tangents (within
    0.15 rad). Otherwise the piece is bisected: a midpoint predicted by
    Hermite interpolation is corrected by Newton's method within the plane
    through it perpendicular to the chord, and both halves are checked.
    Two points on different curves (a jump between the components of an
    unfolded pitchfork) never pass: the halving keeps finding the gap. It
    stops at the scale where rounding blurs the curve (the QRE equations
    solved to 1e-13, through the inverse of the augmented Jacobian): near an
    unfolded pitchfork, about 1e-7, while the neighbouring curve passes at a
    distance of about the cube root of the asymmetry.
    """
    chord = end - start
    length = np.linalg.norm(chord)
    _, jacobian = system.evaluate(start)
    blur = 1e-13 * max(1.0, start[-1]) / np.linalg.svd(np.vstack([jacobian, start_tangent]), compute_uv=False)[-1]
    if length <= blur or min(start_tangent @ chord, end_tangent @ chord) >= math.cos(0.15) * length:
        return
    assert depth < 40, f"traced points at lam = {start[-1]} and {end[-1]} are not joined by a smooth curve"
    direction = chord / length
    middle = (start + end) / 2 + length / 8 * (start_tangent - end_tangent)
    for _ in range(50):
        residual, jacobian = system.evaluate(middle)
        correction = np.linalg.solve(np.vstack([jacobian, direction]), np.append(-residual, 0.0))
        middle = middle + correction
        if np.linalg.norm(correction) <= 1e-14 * (1 + np.linalg.norm(middle)):
            break
    residual, _ = system.evaluate(middle)
    assert np.max(np.abs(residual)) <= 1e-10 * max(1.0, middle[-1])
    assert np.linalg.norm(middle - (start + end) / 2) <= length, "the curve leaves the chord's neighbourhood"
    tangent, _ = _unit_tangent(system, middle, direction)
    _assert_connected(system, start, middle, start_tangent, tangent, depth + 1)
    _assert_connected(system, middle, end, tangent, end_tangent, depth + 1)


def _check_path(branch):
    """The traced points solve the QRE equations and lie, in order, on one smooth curve.

    Every point solves the logit QRE equations of the game (checked
    independently of the tracer's own residual); successive tangents (the
    Jacobian's null vectors, pointing along the path) turn by less than 0.35
    rad; ``sign det([J; t])`` never changes, as along one curve followed one
    way (a jump onto the neighbouring curve of an unfolded pitchfork,
    followed the same way, changes it); and each pair of successive points is
    joined by a smooth piece of the curve (:func:`_assert_connected`).
    """
    system, points = branch._system, branch._points
    assert len(points) >= 2 and np.all(np.isfinite(points))
    for k, y in enumerate(points):
        lam = float(y[-1])
        assert _qre_violation(branch.game, lam, branch.strategies(k)) <= 1e-10 * max(1.0, lam)
    tangents, signs = [], []
    for k, y in enumerate(points):
        chord = points[k + 1] - y if k + 1 < len(points) else y - points[k - 1]
        tangent, jacobian = _unit_tangent(system, y, chord)
        tangents.append(tangent)
        signs.append(np.linalg.slogdet(np.vstack([jacobian, tangent]))[0])
    assert len(set(signs)) == 1
    for k in range(len(points) - 1):
        assert tangents[k] @ tangents[k + 1] >= math.cos(0.35)
        _assert_connected(system, points[k], points[k + 1], tangents[k], tangents[k + 1])


def _near_symmetric(A, noise, eps):
    A = np.asarray(A, dtype=float)
    return NormalFormGame.from_bimatrix(A, A.T + eps * np.asarray(noise, dtype=float))


def _swapped(game):
    A, B = (np.asarray(p, dtype=float) for p in game.bimatrix())
    return NormalFormGame.from_bimatrix(B.T, A.T)


def _distance(first, second):
    return max(float(np.max(np.abs(np.asarray(a, dtype=float) - np.asarray(b, dtype=float))))
               for a, b in zip(first, second))


# ---------------------------------------------------------------- regressions
@pytest.mark.parametrize("column, normalize", ROUNDED_COLUMNS)
def test_rounded_symmetric_games_are_traced_as_symmetric(column, normalize):
    game = NormalFormGame.from_bimatrix(PITCHFORK_A, column)
    exact = NormalFormGame.from_bimatrix(PITCHFORK_A, PITCHFORK_A.T)
    branch = trace_logit(game, 100, normalize=normalize)
    assert branch.turning_points == 0 and branch.lam[-1] == 100
    assert np.array_equal(branch.profiles[:, :2], branch.profiles[:, 2:])
    for lam in (5.0, 12.2, 20.0, 26.1, 60.0):
        qre = branch.at(lam)
        assert _distance(qre.strategies, logit_qre(exact, lam, normalize=normalize).strategies) <= 1e-9
        source = game.normalized() if normalize else game
        for i in range(2):  # every player's equations hold, within the rounding asymmetry
            values = lam * source.deviation_payoffs(i, qre.strategies)
            response = np.exp(values - values.max())
            assert np.allclose(qre.strategies[i], response / response.sum(), atol=1e-12)
    result = logit_solve(game, normalize=normalize)
    assert result[0].supports == ((1,), (1,)) and result[0].max_regret == 0


def test_symmetry_tolerance_is_rounding_level():
    assert SYMMETRY_TOLERANCE <= 1e-13
    from gametheory.solvers.qre import _is_symmetric, _traced_arrays

    # Symmetric in different units per player: equal after normalising, up to rounding.
    A = np.array([[0.1, 0.7], [0.3, 0.9]])
    assert _is_symmetric(_traced_arrays(NormalFormGame.from_bimatrix(A, 3.7 * A.T + 11), True))
    for eps in (1e-12, 1e-9):
        assert not _is_symmetric(_traced_arrays(_near_symmetric(A, [[0, 1], [0, 0]], eps), True))


@pytest.mark.parametrize("eps", [3e-14, 6e-13, 1e-10, 1e-7])
@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_unfolded_pitchfork_turns_onto_the_arm_of_the_asymmetry(eps, sign):
    game = _near_symmetric(PITCHFORK_A, [[0.3, -1.0], [0.6, 0.2]], sign * eps)
    branch = trace_logit(game, 60)
    _check_path(branch)
    lams = [5.0, 12.2, 20.0, 30.0, 60.0]
    reference = _reference(game, lams)
    for lam in lams:
        assert _distance(branch.at(lam).strategies, reference[lam]) <= 1e-7
    # Between the pitchforks the branch is on an asymmetric arm; the asymmetry's sign picks which.
    row, column = branch.at(20.0).strategies
    assert abs(row[0] - column[0]) > 0.05
    mirrored = trace_logit(_swapped(game), 60).at(20.0).strategies
    assert _distance(mirrored, (column, row)) <= 1e-9


@pytest.mark.parametrize("A", NEAR_PITCHFORK_3X3)
def test_near_pitchfork_3x3_games_and_their_mirrors_follow_the_reference(A):
    A = np.array(A)
    B = A.T.copy()
    B[2, 0] = -0.3549999999999  # A[0][2] = -0.355
    game = NormalFormGame.from_bimatrix(A, B)
    lams = [4.0, 15.0, 60.0, 200.0]
    reference = _reference(game, lams)
    branch, mirrored = trace_logit(game, 200), trace_logit(_swapped(game), 200)
    _check_path(branch)
    _check_path(mirrored)
    for lam in lams:
        assert _distance(branch.at(lam).strategies, reference[lam]) <= 1e-7
        row, column = mirrored.at(lam).strategies
        assert _distance((column, row), reference[lam]) <= 1e-7


#: A nearly symmetric 3x3 game (B = A.T + 1.5e-11 N) whose symmetric branch
#: meets two pitchforks close together (lam = 4.837 and 5.492) joined by an
#: asymmetric loop: the principal branch turns onto the loop, runs up to lam =
#: 23.42, back down to 5.492 and on up the symmetric branch. One long step
#: from below the first pitchfork to beyond the second lands on the symmetric
#: branch with the orientation unchanged (both flips cancel).
PITCHFORK_PAIR = (
    [[-0.5062916583143148, 0.5937480717858228, 0.8911669542823284],
     [0.3208483045665637, -0.818230227390307, 0.7316522837854408],
     [-0.5014400184670523, 0.8791606182879853, -1.0717874168774442]],
    [[-0.50629165831461, 0.32084830454819085, -0.5014400184716707],
     [0.5937480717866188, -0.8182302273862935, 0.8791606182735344],
     [0.8911669542660356, 0.7316522837883773, -1.0717874168843113]],
)


@pytest.mark.parametrize("max_accel", [1.5, 5.0])
def test_a_close_pair_of_pitchforks_is_not_straddled(max_accel):
    game = NormalFormGame.from_bimatrix(*PITCHFORK_PAIR)
    branch = trace_logit(game, 30, max_accel=max_accel)
    assert branch.turning_points == 2
    fold = int(np.flatnonzero(np.diff(branch.lam) < 0)[0])  # where lam first falls back
    assert branch.lam[fold] == pytest.approx(23.42, abs=0.01)
    _check_path(branch)
    lams = [4.9, 5.3, 10.0, 20.0, 30.0]
    reference = _reference(game, lams)
    for lam in lams:
        assert _distance(branch.at(lam).strategies, reference[lam]) <= 1e-7


@pytest.mark.parametrize("seed", range(3))
def test_near_symmetric_3x3_branch_matches_the_reference(seed):
    rng = np.random.default_rng(seed + 40)
    game = _near_symmetric(rng.normal(size=(3, 3)), rng.normal(size=(3, 3)), 1e-12)
    branch = trace_logit(game, 40)
    _check_path(branch)
    lams = [3.0, 10.0, 40.0]
    reference = _reference(game, lams)
    for lam in lams:
        assert _distance(branch.at(lam).strategies, reference[lam]) <= 1e-7


# ---------------------------------------------------------------- properties
@st.composite
def near_symmetric_games(draw, min_exponent=-13, max_exponent=-6):
    """Bimatrix games ``(A, A.T + eps * N)``: A generic (distinct entries), eps = 10**e."""
    m = draw(st.sampled_from([2, 3]))
    entries = draw(st.lists(st.integers(-1000, 1000), min_size=m * m, max_size=m * m, unique=True))
    noise = draw(st.lists(st.floats(-1, 1, allow_subnormal=False), min_size=m * m, max_size=m * m))
    assume(max(abs(v) for v in noise) > 0.1)
    exponent = draw(st.floats(min_exponent, max_exponent))
    A = np.array(entries, dtype=float).reshape(m, m) / 1000
    return _near_symmetric(A, np.reshape(noise, (m, m)), 10.0 ** exponent)


@settings(max_examples=15, deadline=None)
@given(game=near_symmetric_games())
def test_near_symmetric_games_are_traced_smoothly_and_consistently(game):
    note(f"payoffs: {[np.asarray(p, dtype=float).tolist() for p in game.bimatrix()]}")
    branch = trace_logit(game, 200)
    assert branch.lam[-1] == 200
    _check_path(branch)
    # The branch of the game with the players swapped is the same branch, swapped.
    mirrored = trace_logit(_swapped(game), 200)
    for lam in (4.0, 15.0, 60.0, 200.0):
        row, column = branch.at(lam).strategies
        assert _distance(mirrored.at(lam).strategies, (column, row)) <= 1e-8
    # The limit is a certified equilibrium, one of those enumerated.
    result = logit_solve(game)
    equilibrium = result[0]
    assert equilibrium.max_regret <= 1e-9
    assert any(equilibrium.same_as(other, tol=1e-7) for other in solve(game).equilibria)


@pytest.mark.slow
@settings(max_examples=30, deadline=None)
@given(game=near_symmetric_games(min_exponent=-13.5, max_exponent=-7))
def test_near_symmetric_branch_matches_the_reference(game):
    from gametheory.solvers.qre import _asymmetry, _traced_arrays

    # Below the tolerance the game is traced as symmetric (tested above).
    assume(_asymmetry(_traced_arrays(game, True)) > SYMMETRY_TOLERANCE)
    lams = [3.0, 10.0, 30.0, 100.0]
    branch = trace_logit(game, 100)
    reference = _reference(game, lams)
    for lam in lams:
        assert _distance(branch.at(lam).strategies, reference[lam]) <= 1e-7


def test_unreachable_budget_still_says_how_far_it_got():
    game = _near_symmetric(PITCHFORK_A, [[0.3, -1.0], [0.6, 0.2]], 1e-12)
    with pytest.raises(LogitTracingError, match=r"reached lam = "):
        trace_logit(game, 100, max_steps=20)
