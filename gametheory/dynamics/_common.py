"""Shared inputs of the dynamics: payoff matrices of one or two populations, simplex helpers, exact linear algebra.

One-population dynamics (a large population playing a symmetric two-player
game against itself) read the row player's matrix ``A`` of a symmetric game
(``B == A.T``); two-population dynamics read both matrices of any two-player
game. Exact games keep :class:`~fractions.Fraction` entries for the exact rest
points and stability; the integrators always work in floats.
"""

from __future__ import annotations

import itertools
import numbers
from fractions import Fraction

import numpy as np

from ..games.normal_form import NormalFormGame
from ..numerics import exact_array, is_exact_scalar

__all__ = [
    "is_symmetric",
    "one_population",
    "two_populations",
    "population_count",
    "check_states",
    "simplex_grid",
    "random_simplex",
    "subsets",
]


def is_symmetric(game: NormalFormGame) -> bool:
    """True for a two-player game with one action set whose column payoffs are the transpose of the row payoffs."""
    if game.n_players != 2 or game.shape[0] != game.shape[1]:
        return False
    A, B = game.bimatrix()
    if game.is_exact:
        return bool(np.all(A == B.T))
    return bool(np.allclose(A, B.T, rtol=0.0, atol=game.tolerance()))


def _as_game(game, what: str = "game") -> NormalFormGame:
    if isinstance(game, NormalFormGame):
        return game
    if isinstance(game, (list, tuple, np.ndarray)):
        array = np.array(game, dtype=object) if not isinstance(game, np.ndarray) else game
        if array.ndim != 2 or array.shape[0] != array.shape[1] or array.shape[0] == 0:
            raise ValueError(
                f"{what} as a matrix must be square (the payoff of each action against each action), "
                f"got shape {array.shape}"
            )
        k = array.shape[0]
        labels = tuple(f"S{i + 1}" for i in range(k))
        return NormalFormGame([array, array.T], players=("Row", "Column"), actions=(labels, labels))
    raise TypeError(f"{what} must be a NormalFormGame or a square payoff matrix, got {type(game).__name__}")


def one_population(game, *, exact: bool | None = None) -> tuple[NormalFormGame, np.ndarray]:
    """``(game, A)``: the symmetric game and the payoff matrix of one population.

    ``game`` is a symmetric two-player :class:`NormalFormGame` or a square
    matrix (the payoff of each action against each action). ``exact=True``
    returns ``A`` as Fractions, ``False`` as floats, ``None`` as stored.
    """
    game = _as_game(game)
    if game.n_players != 2:
        raise ValueError(
            f"one-population dynamics need a symmetric two-player game, got {game.n_players} players"
        )
    if not is_symmetric(game):
        raise ValueError(
            "one-population dynamics need a symmetric game (the same actions for both players and column payoffs "
            f"equal to the transposed row payoffs); {game.players[0]!r} and {game.players[1]!r} have different "
            "payoffs: use the two-population dynamics (populations=2) instead"
        )
    # The population's actions carry the row player's labels.
    return game, _convert(game.payoffs[0], game, exact)


def two_populations(game, *, exact: bool | None = None) -> tuple[NormalFormGame, np.ndarray, np.ndarray]:
    """``(game, A, B)``: a two-player game and its row and column payoff matrices."""
    game = _as_game(game)
    if game.n_players != 2:
        raise ValueError(f"two-population dynamics need a two-player game, got {game.n_players} players")
    A, B = game.bimatrix()
    return game, _convert(A, game, exact), _convert(B, game, exact)


def population_count(game, populations) -> int:
    """Resolve ``populations`` (1, 2 or None: one for symmetric games, two otherwise)."""
    if populations is None:
        game = _as_game(game)
        return 1 if is_symmetric(game) else 2
    if populations not in (1, 2) or isinstance(populations, bool):
        raise ValueError(f"populations must be 1 or 2, got {populations!r}")
    return int(populations)


def _convert(array: np.ndarray, game: NormalFormGame, exact: bool | None) -> np.ndarray:
    if exact is None:
        exact = game.is_exact
    if exact:
        return array if array.dtype == object else exact_array(array)
    return np.asarray(array, dtype=float)


def check_states(states, k: int, *, what: str = "initial state", tol: float = 1e-9) -> np.ndarray:
    """Validate one state ``(k,)`` or many ``(..., k)`` on the simplex; return float copies renormalised."""
    try:
        array = np.array(states, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{what} must be an array of probabilities, got {states!r}") from None
    if array.ndim == 0 or array.shape[-1] != k:
        raise ValueError(f"{what} must have {k} shares on its last axis (one per action), got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{what} contains NaN or infinite shares")
    if np.any(array < -tol):
        raise ValueError(f"{what} has negative shares (minimum {array.min():g})")
    total = array.sum(axis=-1)
    if np.any(np.abs(total - 1.0) > tol * k):
        bad = float(np.ravel(total)[np.argmax(np.abs(np.ravel(total) - 1.0))])
        raise ValueError(f"{what} shares must sum to 1, got a sum of {bad:g}")
    array = np.clip(array, 0.0, None)
    array /= array.sum(axis=-1, keepdims=True)
    return array


def simplex_grid(k: int, resolution: int) -> np.ndarray:
    """Every point of the simplex in ``k`` shares with coordinates in steps of ``1/resolution``.

    Examples
    --------
    >>> simplex_grid(2, 4).tolist()
    [[0.0, 1.0], [0.25, 0.75], [0.5, 0.5], [0.75, 0.25], [1.0, 0.0]]
    """
    if not isinstance(k, numbers.Integral) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    if not isinstance(resolution, numbers.Integral) or resolution < 1:
        raise ValueError(f"resolution must be a positive integer, got {resolution!r}")
    points = [
        c + (resolution - sum(c),)
        for c in itertools.product(range(resolution + 1), repeat=k - 1)
        if sum(c) <= resolution
    ]
    return np.array(points, dtype=float).reshape(-1, k) / resolution


def random_simplex(k: int, n: int, *, seed=None) -> np.ndarray:
    """``n`` points drawn uniformly from the simplex in ``k`` shares (a flat Dirichlet), seeded."""
    if not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"the number of points must be a positive integer, got {n!r}")
    rng = np.random.default_rng(seed)
    return rng.dirichlet(np.ones(k), size=int(n))


def subsets(k: int):
    """Non-empty subsets of ``range(k)`` as tuples, smallest first."""
    for size in range(1, k + 1):
        yield from itertools.combinations(range(k), size)


# ------------------------------------------------------------ linear algebra
def solve_exact(matrix: list[list[Fraction]], rhs: list[Fraction]):
    """Solve ``matrix @ x = rhs`` over the rationals by Gauss-Jordan elimination.

    Returns ``(solution, kind)``: ``kind`` is ``"unique"``, ``"none"`` (no
    solution) or ``"many"`` (an affine set; ``solution`` is one of its points
    with the free variables at 0).
    """
    rows = [list(r) + [b] for r, b in zip(matrix, rhs)]
    n_rows, n_cols = len(rows), len(matrix[0]) if matrix else 0
    pivots = []
    r = 0
    for c in range(n_cols):
        pivot = next((i for i in range(r, n_rows) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        lead = rows[r][c]
        rows[r] = [v / lead for v in rows[r]]
        for i in range(n_rows):
            if i != r and rows[i][c] != 0:
                factor = rows[i][c]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r])]
        pivots.append(c)
        r += 1
        if r == n_rows:
            break
    if any(all(v == 0 for v in row[:-1]) and row[-1] != 0 for row in rows):
        return None, "none"
    solution = [Fraction(0)] * n_cols
    for i, c in enumerate(pivots):
        solution[c] = rows[i][-1]
    return solution, ("unique" if len(pivots) == n_cols else "many")


def solve_float(matrix: np.ndarray, rhs: np.ndarray, tol: float):
    """Float counterpart of :func:`solve_exact`, judging rank with ``tol`` on the singular values."""
    matrix = np.asarray(matrix, dtype=float)
    rhs = np.asarray(rhs, dtype=float)
    u, s, vt = np.linalg.svd(matrix)
    scale = max(1.0, float(s[0]) if s.size else 1.0)
    rank = int(np.sum(s > tol * scale))
    solution = vt[:rank].T @ ((u[:, :rank].T @ rhs) / s[:rank])
    residual = np.abs(matrix @ solution - rhs).max() if rhs.size else 0.0
    if residual > 1e3 * tol * scale:
        return None, "none"
    return solution, ("unique" if rank == matrix.shape[1] else "many")


def to_exact_matrix(array) -> list[list[Fraction]]:
    return [[v if isinstance(v, Fraction) else Fraction(v) for v in row] for row in np.asarray(array, dtype=object)]


def exact_values(values) -> bool:
    return all(is_exact_scalar(v) for v in np.ravel(np.asarray(values, dtype=object)))
