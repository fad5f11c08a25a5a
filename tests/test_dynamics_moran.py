"""The Moran process: closed form against an independent linear solve, simulation, nashpy."""

from fractions import Fraction as F

import numpy as np
import pytest

import nashpy

from gametheory.dynamics import embedded_stationary, fixation_matrix, fixation_probability, moran_process


def _absorption_by_linear_solve(A, N, w, initial):
    """Fixation probabilities of the birth-death chain from its own transition probabilities."""
    a, b, c, d = (F(v) for v in (A[0][0], A[0][1], A[1][0], A[1][1]))
    up, down = {}, {}
    for i in range(1, N):
        f = 1 - w + w * (a * (i - 1) + b * (N - i)) / (N - 1)
        g = 1 - w + w * (c * i + d * (N - i - 1)) / (N - 1)
        total = i * f + (N - i) * g
        up[i] = i * f / total * F(N - i, N)
        down[i] = (N - i) * g / total * F(i, N)
    # phi_i = up phi_{i+1} + down phi_{i-1} + (1 - up - down) phi_i, phi_0 = 0, phi_N = 1.
    import sympy

    phi = sympy.symbols(f"p1:{N}")
    values = {0: 0, N: 1}
    values.update({i: phi[i - 1] for i in range(1, N)})
    equations = [sympy.Eq((up[i] + down[i]) * values[i], up[i] * values[i + 1] + down[i] * values[i - 1])
                 for i in range(1, N)]
    solution = sympy.solve(equations, phi, dict=True)[0]
    value = solution[phi[initial - 1]]
    return F(int(value.p), int(value.q))


@pytest.mark.parametrize("A,N,w,initial", [
    ([[3, 0], [5, 1]], 6, F(1, 10), 1),
    ([[4, 0], [3, 2]], 7, F(1, 2), 2),
    ([[-1, 2], [0, 1]], 5, F(1, 3), 3),
    ([[1, 3], [2, 2]], 8, F(1), 1),
])
def test_closed_form_matches_the_linear_system(A, N, w, initial):
    assert fixation_probability(A, N, intensity=w, initial=initial) == _absorption_by_linear_solve(A, N, w, initial)


@pytest.mark.parametrize("r,N", [(F(2), 4), (F(3, 2), 10), (F(1, 2), 6)])
def test_constant_fitness_formula(r, N):
    A = [[r, r], [1, 1]]
    expected = (1 - 1 / r) / (1 - 1 / r**N)
    assert fixation_probability(A, N) == expected


def test_neutral_drift_and_weak_selection():
    assert fixation_probability([[2, 5], [1, 7]], 10, intensity=0) == F(1, 10)
    assert fixation_probability([[2, 5], [1, 7]], 10, intensity=0, initial=4) == F(4, 10)
    assert isinstance(fixation_probability([[2, 5], [1, 7]], 10, intensity=0.1), float)


@pytest.mark.parametrize("A,N,initial,w", [([[3, 1], [2, 2]], 8, [2, 6], 1.0), ([[1, 4], [3, 2]], 10, [5, 5], 0.5)])
def test_simulation_agrees_with_the_closed_form(A, N, initial, w):
    result = moran_process(A, N, initial, intensity=w, runs=20000, seed=11)
    exact = float(fixation_probability(A, N, intensity=w, initial=initial[0]))
    assert result.unresolved == 0 and result.fixations.sum() == 20000
    assert abs(result.probabilities[0] - exact) < 4.5 * np.sqrt(exact * (1 - exact) / 20000)
    again = moran_process(A, N, initial, intensity=w, runs=20000, seed=11)
    np.testing.assert_array_equal(result.winners, again.winners)
    np.testing.assert_array_equal(result.steps, again.steps)


def test_absorption_time_of_neutral_drift():
    """Neutral Moran from one mutant: expected steps to absorption is N * H_{N-1} (Ewens 2004, eq. 1.61)."""
    N = 6
    result = moran_process([[1, 1], [1, 1]], N, [1, N - 1], runs=40000, seed=5)
    expected = N * sum(F(1, j) for j in range(1, N))
    steps = result.steps
    assert abs(steps.mean() - float(expected)) < 5 * steps.std() / np.sqrt(len(steps))


def test_agrees_with_nashpy_moran_process_statistically():
    A = np.array([[3.0, 1.0], [2.0, 2.0]])
    N, repetitions = 5, 400
    np.random.seed(0)
    theirs = nashpy.Game(A, A.T).fixation_probabilities(initial_population=np.array([0, 1, 1, 1, 1]),
                                                         repetitions=repetitions)
    share = sum(p for state, p in theirs.items() if set(state) == {0})
    exact = float(fixation_probability(A.astype(int).tolist(), N))
    assert abs(share - exact) < 4.5 * np.sqrt(exact * (1 - exact) / repetitions)
    ours = moran_process(A, N, [1, 4], runs=20000, seed=2).probabilities[0]
    assert abs(ours - exact) < 4.5 * np.sqrt(exact * (1 - exact) / 20000)


def test_three_strategy_simulation_and_pairwise_matrix():
    A = [[1, 2, 1], [1, 1, 2], [2, 1, 1]]
    rho = fixation_matrix(A, 6, intensity=F(1, 2))
    assert rho[0, 0] == F(1, 6)
    # Two-action invasion in a three-action game: the third action absent stays absent.
    result = moran_process(A, 6, [1, 5, 0], intensity=0.5, runs=20000, seed=4)
    assert result.fixations[2] == 0
    exact = float(rho[0, 1])
    assert abs(result.probabilities[0] - exact) < 4.5 * np.sqrt(exact * (1 - exact) / 20000)
    stationary = embedded_stationary(A, 6, intensity=F(1, 2))
    assert sum(stationary) == 1 and all(v > 0 for v in stationary)


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="fitness must be positive"):
        fixation_probability([[0, 0], [1, 1]], 5)
    with pytest.raises(ValueError, match="population_size"):
        fixation_probability([[1, 2], [3, 4]], 1)
    with pytest.raises(ValueError, match="different actions"):
        fixation_probability([[1, 2], [3, 4]], 5, mutant=1, resident=1)
    with pytest.raises(ValueError, match="initial"):
        fixation_probability([[1, 2], [3, 4]], 5, initial=5)
    with pytest.raises(ValueError, match="intensity"):
        fixation_probability([[1, 2], [3, 4]], 5, intensity=2)
    with pytest.raises(ValueError, match="sum to"):
        moran_process([[1, 2], [3, 4]], 5, [1, 1])
