"""The Moran process: selection in a finite, well-mixed population.

A population of ``N`` individuals plays a symmetric game; each plays every
other once, and its fitness is ``1 - w + w * (average payoff)`` with the
intensity of selection ``w`` in ``[0, 1]`` (``w = 1``: fitness is the average
payoff). Each step one individual is chosen to reproduce with probability
proportional to fitness and its offspring replaces an individual chosen
uniformly at random (possibly the parent). Without mutation the population
ends with a single action: it *fixes*.

Closed form (two actions)
-------------------------
With ``i`` mutants (action ``A``) among ``N``, and the payoffs ``a = A
vs A``, ``b = A vs B``, ``c = B vs A``, ``d = B vs B``::

    f_i = 1 - w + w (a (i - 1) + b (N - i)) / (N - 1)
    g_i = 1 - w + w (c i + d (N - i - 1)) / (N - 1)

the chance that ``i0`` mutants take over is (Nowak et al. 2004; Karlin and
Taylor 1975 for the birth-death chain)::

    rho(i0) = (1 + sum_{k<i0} prod_{j<=k} g_j / f_j) / (1 + sum_{k<N} prod_{j<=k} g_j / f_j)

It is exact (a :class:`~fractions.Fraction`) when the game and ``w`` are.

Simulation
----------
:func:`moran_process` simulates many runs at once with a seeded generator,
for any number of actions. Only steps that change the population matter for
which action fixes, so each simulated step is a change (the embedded jump
chain: a ``b`` individual reproduces and a ``d`` individual dies with
probability proportional to ``n_b f_b n_d``, ``b != d``); the number of
steps of the full process, changes and idle steps together, is drawn from
the geometric distribution of the idle steps, so absorption times are those
of the process itself.

References
----------
Moran, P. A. P. 1958. "Random Processes in Genetics." Mathematical Proceedings of the Cambridge
Philosophical Society 54: 60-71.
Karlin, S., and H. M. Taylor. 1975. A First Course in Stochastic Processes. 2nd ed. Academic Press.
Nowak, M. A., A. Sasaki, C. Taylor, and D. Fudenberg. 2004. "Emergence of Cooperation and
Evolutionary Stability in Finite Populations." Nature 428: 646-650.
Fudenberg, D., and L. A. Imhof. 2006. "Imitation Processes with Small Mutations." Journal of
Economic Theory 131: 251-262.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..numerics import to_fraction
from ._common import one_population

__all__ = ["fixation_probability", "fixation_matrix", "moran_process", "MoranResult", "embedded_stationary"]


def _population_size(N) -> int:
    if not isinstance(N, numbers.Integral) or isinstance(N, bool) or N < 2:
        raise ValueError(f"population_size must be an integer of at least 2, got {N!r}")
    return int(N)


def _intensity(w, exact: bool):
    if isinstance(w, bool) or not isinstance(w, numbers.Real) or not math.isfinite(float(w)) or not 0 <= float(w) <= 1:
        raise ValueError(f"intensity of selection must be a number in [0, 1], got {w!r}")
    if exact and isinstance(w, numbers.Rational):
        return to_fraction(w)
    return float(w)


def _action(game, action, what: str) -> int:
    return game.action_index(0, action)


def fixation_probability(game, population_size: int, *, mutant=0, resident=1, intensity=1, initial: int = 1):
    """Probability that ``initial`` mutants playing ``mutant`` take over a population playing ``resident``.

    Parameters
    ----------
    game : NormalFormGame or array_like
        A symmetric game (or its square payoff matrix); only the two named
        actions matter.
    population_size : int
        ``N``, at least 2.
    mutant, resident : int or str
        Actions (index or label).
    intensity : number in [0, 1]
        Intensity of selection ``w``; an exact ``w`` on an exact game gives
        an exact answer.
    initial : int
        Number of mutants at the start (1 to ``N - 1``).

    Returns
    -------
    Fraction or float

    Raises
    ------
    ValueError
        If some fitness is not positive (fitness-proportional reproduction
        needs positive fitness: lower ``intensity`` or shift the payoffs).

    Examples
    --------
    Neutral drift (equal payoffs) fixes a single mutant with probability 1/N:

    >>> fixation_probability([[1, 1], [1, 1]], 10)
    Fraction(1, 10)

    Constant fitness ``r`` against 1: ``(1 - 1/r) / (1 - 1/r**N)``.

    >>> fixation_probability([[2, 2], [1, 1]], 4)
    Fraction(8, 15)
    """
    game, A = one_population(game)
    N = _population_size(population_size)
    m, r = _action(game, mutant, "mutant"), _action(game, resident, "resident")
    if m == r:
        raise ValueError(f"mutant and resident must be different actions, got {game.actions[0][m]!r} twice")
    if not isinstance(initial, numbers.Integral) or isinstance(initial, bool) or not 1 <= initial <= N - 1:
        raise ValueError(f"initial must be an integer number of mutants between 1 and {N - 1}, got {initial!r}")
    w = _intensity(intensity, game.is_exact)
    exact = isinstance(w, Fraction)
    convert = (lambda v: Fraction(v)) if exact else float
    a, b, c, d = (convert(A[m, m]), convert(A[m, r]), convert(A[r, m]), convert(A[r, r]))
    one = convert(1)
    ratios = []
    for i in range(1, N):
        f = one - w + w * (a * (i - 1) + b * (N - i)) / (N - 1)
        g = one - w + w * (c * i + d * (N - i - 1)) / (N - 1)
        if not f > 0 or not g > 0:
            raise ValueError(
                f"fitness must be positive for the Moran process; with {i} {game.actions[0][m]!r} and "
                f"{N - i} {game.actions[0][r]!r} the fitnesses are {f} and {g}: lower the intensity of selection "
                "or shift the payoffs"
            )
        ratios.append(g / f)
    products = []
    running = one
    for ratio in ratios:
        running = running * ratio
        products.append(running)
    denominator = one + sum(products, convert(0))
    numerator = one + sum(products[: initial - 1], convert(0))
    return numerator / denominator


def fixation_matrix(game, population_size: int, *, intensity=1) -> np.ndarray:
    """``rho[i, j]``: the chance that one ``i`` mutant takes over a population of ``j`` (diagonal ``1/N``).

    The diagonal holds the neutral value ``1/N`` so that ``rho[i, j] * N``
    compares each invasion with neutral drift.
    """
    game, A = one_population(game)
    N = _population_size(population_size)
    k = A.shape[0]
    exact = game.is_exact and isinstance(_intensity(intensity, True), Fraction)
    rho = np.empty((k, k), dtype=object if exact else float)
    for i in range(k):
        for j in range(k):
            rho[i, j] = (Fraction(1, N) if exact else 1.0 / N) if i == j else fixation_probability(
                game, N, mutant=i, resident=j, intensity=intensity)
    return rho


def embedded_stationary(game, population_size: int, *, intensity=1) -> np.ndarray:
    """Long-run share of time at each monomorphic state when mutations are rare (Fudenberg and Imhof 2006).

    The population sits at one action until a single mutant appears (every
    other action equally likely) and fixes with the probability of
    :func:`fixation_matrix`; the stationary distribution of that chain over
    the ``k`` monomorphic states is returned (exact for exact inputs).

    Examples
    --------
    A prisoner's dilemma: the population spends most of its time defecting.

    >>> embedded_stationary([[3, 0], [5, 1]], 10, intensity=Fraction(1, 2)).tolist()
    [Fraction(6561, 1938101), Fraction(1931540, 1938101)]
    """
    rho = fixation_matrix(game, population_size, intensity=intensity)
    k = rho.shape[0]
    exact = rho.dtype == object
    if k == 1:
        return np.array([Fraction(1) if exact else 1.0], dtype=rho.dtype)
    share = Fraction(1, k - 1) if exact else 1.0 / (k - 1)
    # Transition matrix between monomorphic states: from j to i with chance share * rho[i, j].
    P = [[share * rho[i, j] if i != j else None for i in range(k)] for j in range(k)]
    for j in range(k):
        P[j][j] = 1 - sum(P[j][i] for i in range(k) if i != j)
    from ._common import solve_exact, solve_float

    # pi (P - I) = 0, sum pi = 1.
    matrix = [[P[j][i] - (1 if i == j else 0) for j in range(k)] for i in range(k)] + [[1] * k]
    rhs = [0] * k + [1]
    if exact:
        solution, _ = solve_exact([[Fraction(v) for v in row] for row in matrix], [Fraction(v) for v in rhs])
        return np.array(solution, dtype=object)
    solution, _ = solve_float(np.array(matrix, dtype=float), np.array(rhs, dtype=float), 1e-12)
    return np.asarray(solution, dtype=float)


@dataclass(frozen=True, eq=False)
class MoranResult:
    """Outcome of many simulated Moran runs.

    Attributes
    ----------
    actions : tuple of str
    fixations : ndarray of int
        How many runs ended with each action fixed.
    unresolved : int
        Runs still mixed after ``max_changes`` changes.
    runs : int
    steps : ndarray of int
        Steps of the process (births and deaths, idle ones included) until
        fixation in each resolved run, ``-1`` for unresolved runs.
    winners : ndarray of int
        The fixed action of each run, ``-1`` if unresolved.
    seed : object
    """

    actions: tuple
    fixations: np.ndarray
    unresolved: int
    runs: int
    steps: np.ndarray
    winners: np.ndarray
    seed: object

    @property
    def probabilities(self) -> np.ndarray:
        """Share of runs fixing each action."""
        return self.fixations / self.runs

    @property
    def standard_errors(self) -> np.ndarray:
        p = self.probabilities
        return np.sqrt(p * (1 - p) / self.runs)


def moran_process(game, population_size: int, initial, *, intensity=1, runs: int = 1000, seed=None,
                  max_changes: int = 10_000_000) -> MoranResult:
    """Simulate ``runs`` Moran processes from ``initial`` counts until one action fixes.

    Parameters
    ----------
    game : NormalFormGame or array_like
        A symmetric game with ``k`` actions (or its payoff matrix).
    population_size : int
    initial : sequence of int
        How many individuals play each action at the start (summing to
        ``population_size``).
    intensity : number in [0, 1]
        Intensity of selection.
    runs : int
        Independent runs, simulated together.
    seed : int or numpy.random.Generator, optional
        The same seed gives the same runs.
    max_changes : int
        Stop runs that have not fixed after this many changes (counted as
        unresolved).

    Examples
    --------
    >>> result = moran_process([[2, 2], [1, 1]], 4, [1, 3], runs=20000, seed=3)
    >>> bool(abs(result.probabilities[0] - 8 / 15) < 4 * result.standard_errors[0])
    True
    """
    game, A = one_population(game, exact=False)
    N = _population_size(population_size)
    k = A.shape[0]
    counts0 = np.array(initial, dtype=object).ravel()
    if counts0.size != k or any(isinstance(c, bool) or not isinstance(c, numbers.Integral) or c < 0 for c in counts0):
        raise ValueError(f"initial must give a non-negative integer count for each of the {k} actions, got {initial!r}")
    if int(sum(counts0)) != N:
        raise ValueError(f"initial counts {list(counts0)} sum to {int(sum(counts0))}, not population_size={N}")
    if not isinstance(runs, numbers.Integral) or isinstance(runs, bool) or runs < 1:
        raise ValueError(f"runs must be a positive integer, got {runs!r}")
    w = _intensity(intensity, False)
    rng = np.random.default_rng(seed)
    counts = np.tile(np.array(counts0, dtype=np.int64), (int(runs), 1))
    steps = np.zeros(int(runs), dtype=np.int64)
    diagonal = np.diag(A)
    active = np.flatnonzero(counts.max(axis=1) < N)
    changes = 0
    while active.size and changes < max_changes:
        n = counts[active].astype(float)
        payoff = (n @ A.T - diagonal) / (N - 1)  # average payoff against the other N - 1
        fitness = 1 - w + w * payoff
        present = n > 0
        if np.any(fitness[present] <= 0):
            raise ValueError("fitness must be positive for the Moran process: lower the intensity of selection or shift the payoffs")
        births = n * fitness
        total = births.sum(axis=1)
        change_weight = births * (N - n)  # a b reproduces and a non-b dies
        change_total = change_weight.sum(axis=1)
        # Idle steps before this change: geometric with success chance change_total / (N * total).
        steps[active] += rng.geometric(np.minimum(change_total / (N * total), 1.0))
        b = _draw(change_weight / change_total[:, None], rng)
        death = n.copy()
        death[np.arange(active.size), b] = 0
        d = _draw(death / death.sum(axis=1, keepdims=True), rng)
        counts[active, b] += 1
        counts[active, d] -= 1
        changes += 1
        active = active[counts[active].max(axis=1) < N]
    fixed = counts.max(axis=1) == N
    winners = np.where(fixed, counts.argmax(axis=1), -1)
    fixations = np.array([int(np.sum(winners == a)) for a in range(k)])
    return MoranResult(tuple(game.actions[0]), fixations, int(np.sum(~fixed)), int(runs),
                       np.where(fixed, steps, -1), winners, seed)


def _draw(probabilities: np.ndarray, rng) -> np.ndarray:
    """One index per row drawn from the rows' probabilities."""
    u = rng.random((probabilities.shape[0], 1))
    index = (probabilities.cumsum(axis=1) < u).sum(axis=1)
    return np.minimum(index, probabilities.shape[1] - 1)
