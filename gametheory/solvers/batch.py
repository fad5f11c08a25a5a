"""Equilibria of whole batches of small games at once, in vectorised numpy.

Parameter sweeps solve millions of small games that differ only in their
payoffs. Calling a general solver once per game spends almost all its time in
Python; this module instead takes the payoffs of every game as one array and
runs one vectorised pass per support pattern, with no Python loop over games.

* :func:`solve_bimatrix_batch` lists every extreme Nash equilibrium of every
  bimatrix game with at most 3 actions per player (2x2, 2x3, 3x2, 3x3, and
  the 1xn / mx1 edge cases), degenerate games included, together with the
  per-game flags ``degenerate`` and ``continuum`` in the sense of
  :class:`~gametheory.equilibrium.SolveResult`.
* :func:`pure_equilibria_batch` marks the pure equilibria of n-player games
  of any size.
* :func:`bimatrix_regrets_batch` is the vectorised certificate: each player's
  regret (best deviation gain) for a batch of strategy profiles.

The results are flat arrays (a structure of arrays), one row per equilibrium
and one entry per game, so that turning them into a pandas DataFrame is one
call (:meth:`BimatrixBatchResult.to_frame`).

Method
------
An extreme equilibrium of a bimatrix game ``(A, B)`` is a pair of vertices
``(x, y)`` of the best-response polyhedra

    P = {(x, v) : x >= 0, sum(x) = 1, B^T x <= v},
    Q = {(y, u) : y >= 0, sum(y) = 1, A y <= u}

that is *completely labelled*: every row action is unplayed in ``x`` or a best
response to ``y``, and every column action is unplayed in ``y`` or a best
response to ``x`` (Mangasarian 1964; Avis, Rosenberg, Savani and von Stengel
2010). A vertex whose support is ``K`` solves the indifference system of ``K``
against some set ``J`` of ``|K|`` best responses, so for at most 3 actions the
vertices are: the pure strategies, the solutions of the 2x2 systems (closed
form) and of the 3x3 system (a cross product). Each system is solved for all
games of the batch at once and masked by feasibility and the best-response
conditions; a vertex is identified by its label set (the constraints that are
tight at it, within the tolerance), which also removes the duplicates that
degenerate games produce. The game is degenerate when some vertex has more
tight labels than the dimension (a mixed strategy with support size ``k``
has more than ``k`` pure best responses), and the equilibrium set contains a
continuum when two extreme equilibria share a strategy (the segment between
them consists of equilibria).

References
----------
.. [1] O. L. Mangasarian, "Equilibrium points of bimatrix games", Journal of
   the SIAM 12 (1964), 778-780.
.. [2] D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel, "Enumeration
   of Nash equilibria for two-player games", Economic Theory 42 (2010), 9-37.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from ..numerics import scaled_tolerance

__all__ = [
    "BimatrixBatchResult",
    "solve_bimatrix_batch",
    "pure_equilibria_batch",
    "bimatrix_regrets_batch",
    "MAX_BATCH_ACTIONS",
]

#: Largest number of actions per player that :func:`solve_bimatrix_batch` handles.
MAX_BATCH_ACTIONS = 3

#: Games solved per vectorised pass; keeps the work arrays in cache and the
#: memory bounded whatever the batch size.
DEFAULT_CHUNK_SIZE = 1 << 14

#: Above this many (row vertex, column vertex) pairs (3x3 games have 169),
#: equilibria are found pair by pair and sorted by game afterwards.
_FEW_PAIRS = 32

_POPCOUNT = np.array([bin(k).count("1") for k in range(1 << (2 * MAX_BATCH_ACTIONS))], dtype=np.int8)


# --------------------------------------------------------------------- input
def _payoff_array(values, name: str) -> np.ndarray:
    """``values`` as a float64 array, with errors that name the argument."""
    try:
        array = np.asarray(values)
    except ValueError as error:
        raise ValueError(f"{name} is not a rectangular array: {error}") from None
    if array.dtype == bool:
        raise TypeError(f"{name} must hold numbers, got booleans")
    if np.iscomplexobj(array):
        raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
    if array.dtype == object or not np.issubdtype(array.dtype, np.number):
        try:
            array = array.astype(float)
        except (TypeError, ValueError):
            raise TypeError(f"{name} must hold numbers, got dtype {array.dtype}") from None
    array = np.ascontiguousarray(array, dtype=float)
    bad = ~np.isfinite(array)
    if bad.any():
        where = tuple(int(k) for k in np.argwhere(bad)[0])
        raise ValueError(f"{name}{list(where)} is {array[where]}, expected a finite number")
    return array


def _check_tol(tol) -> float:
    return scaled_tolerance(tol, 1.0)


def _check_chunk_size(chunk_size) -> int:
    if chunk_size is None:
        return DEFAULT_CHUNK_SIZE
    if isinstance(chunk_size, (bool, np.bool_)) or not isinstance(chunk_size, (int, np.integer)) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    return int(chunk_size)


# ------------------------------------------------------------- pure, n-player
def pure_equilibria_batch(payoffs, *, tol: float | None = None) -> np.ndarray:
    """Pure Nash equilibria of a batch of n-player games, as a boolean mask.

    Parameters
    ----------
    payoffs : sequence of array_like
        One array per player, each of shape ``batch_shape + (m_0, ..., m_{n-1})``
        (the batch axes first, then one axis per player, player ``i``'s own
        action on game axis ``i``), exactly what
        :meth:`~gametheory.games.symbolic.SymbolicGame.payoff_arrays` returns.
        The number of players is ``len(payoffs)``.
    tol : float, optional
        Relative tolerance (default :data:`~gametheory.numerics.DEFAULT_TOL`),
        scaled per game by its largest absolute payoff (at least 1), as in
        :meth:`~gametheory.games.normal_form.NormalFormGame.pure_best_response_mask`.

    Returns
    -------
    ndarray of bool
        Shape ``batch_shape + (m_0, ..., m_{n-1})``: ``True`` where the action
        profile is a pure equilibrium of that game. The certificate is the
        mask itself: at a ``True`` profile each player's regret (best payoff
        against the others' actions minus the payoff played) is within the
        scaled tolerance.

    Raises
    ------
    ValueError
        If the arrays differ in shape, have fewer axes than players, or hold
        NaN or infinite values.
    TypeError
        If ``payoffs`` is not a sequence of numeric arrays.

    Examples
    --------
    A batch of two Prisoner's Dilemmas with different temptations, and Chicken:

    >>> import numpy as np
    >>> A = np.array([[[3, 0], [5, 1]], [[3, 0], [4, 1]], [[0, -1], [1, -10]]])
    >>> B = A.transpose(0, 2, 1)
    >>> mask = pure_equilibria_batch([A, B])
    >>> mask.shape
    (3, 2, 2)
    >>> [np.argwhere(m).tolist() for m in mask]
    [[[1, 1]], [[1, 1]], [[0, 1], [1, 0]]]
    """
    if isinstance(payoffs, np.ndarray) or not isinstance(payoffs, (list, tuple)):
        raise TypeError(
            f"payoffs must be a list or tuple with one array per player, got {type(payoffs).__name__}"
        )
    n_players = len(payoffs)
    if n_players < 1:
        raise ValueError("payoffs must hold at least one player's array, got an empty sequence")
    arrays = [_payoff_array(p, f"payoffs[{i}]") for i, p in enumerate(payoffs)]
    shape = arrays[0].shape
    for i, array in enumerate(arrays):
        if array.shape != shape:
            raise ValueError(f"payoffs[{i}] has shape {array.shape}, expected {shape} (the shape of payoffs[0])")
    if len(shape) < n_players:
        raise ValueError(
            f"payoff arrays have {len(shape)} axes but there are {n_players} players: "
            "expected batch axes followed by one axis per player"
        )
    if any(m == 0 for m in shape[len(shape) - n_players:]):
        raise ValueError(f"every player needs at least one action, got game shape {shape[len(shape) - n_players:]}")
    slack = _check_tol(tol)
    batch_ndim = len(shape) - n_players
    game_axes = tuple(range(batch_ndim, len(shape)))
    scale = np.ones(shape[:batch_ndim])
    for array in arrays:
        if array.size:
            scale = np.maximum(scale, np.abs(array).max(axis=game_axes))
    threshold = (slack * scale).reshape(shape[:batch_ndim] + (1,) * n_players)
    mask = np.ones(shape, dtype=bool)
    for i, array in enumerate(arrays):
        best = array.max(axis=batch_ndim + i, keepdims=True) if array.size else array
        mask &= array >= best - threshold
    return mask


# ---------------------------------------------------------------- certificate
def bimatrix_regrets_batch(A, B, row, column, game=None) -> np.ndarray:
    """Each player's regret for a batch of strategy profiles of bimatrix games.

    Parameters
    ----------
    A, B : array_like, shape (N, m, n)
        Row and column player's payoffs of ``N`` games.
    row : array_like, shape (K, m)
        Row strategies (probability vectors).
    column : array_like, shape (K, n)
        Column strategies.
    game : array_like of int, shape (K,), optional
        The game each profile belongs to; default ``arange(N)`` (then ``K``
        must equal ``N``).

    Returns
    -------
    ndarray, shape (K, 2)
        ``[max(A y) - x A y, max(x B) - x B y]`` per profile: 0 at an exact
        equilibrium, at most the scaled tolerance at a float one.

    Examples
    --------
    >>> A = [[[4, 0], [3, 2]]]          # Stag Hunt
    >>> B = [[[4, 3], [0, 2]]]
    >>> bimatrix_regrets_batch(A, B, [[1, 0], [0, 1]], [[1, 0], [1, 0]], game=[0, 0])
    array([[0., 0.],
           [1., 2.]])
    """
    A = _payoff_array(A, "A")
    B = _payoff_array(B, "B")
    if A.ndim != 3 or A.shape != B.shape:
        raise ValueError(f"A and B must both have shape (N, m, n), got {A.shape} and {B.shape}")
    x = _payoff_array(row, "row")
    y = _payoff_array(column, "column")
    if game is None:
        index = np.arange(A.shape[0])
    else:
        index = np.asarray(game)
        if index.ndim != 1 or not np.issubdtype(index.dtype, np.integer):
            raise TypeError(f"game must be a 1-d array of integer game indices, got {index.dtype} shape {index.shape}")
        if index.size and (index.min() < 0 or index.max() >= A.shape[0]):
            raise ValueError(f"game indices must lie in 0..{A.shape[0] - 1}, got {index.min()}..{index.max()}")
    expected = (index.shape[0],)
    if x.shape != expected + A.shape[1:2] or y.shape != expected + A.shape[2:3]:
        raise ValueError(
            f"row must have shape {expected + A.shape[1:2]} and column {expected + A.shape[2:3]}, "
            f"got {x.shape} and {y.shape}"
        )
    return _regrets(A[index], B[index], x, y)[1]


def _regrets(A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray):
    """Payoffs and regrets (both shape (K, 2)) of profiles ``(x, y)`` in games ``(A, B)`` (K, m, n)."""
    row_values = np.einsum("kij,kj->ki", A, y)      # payoff of each row action against y
    column_values = np.einsum("kij,ki->kj", B, x)   # payoff of each column action against x
    payoffs = np.empty((x.shape[0], 2))
    payoffs[:, 0] = np.einsum("ki,ki->k", row_values, x)
    payoffs[:, 1] = np.einsum("kj,kj->k", column_values, y)
    regrets = np.empty_like(payoffs)
    regrets[:, 0] = row_values.max(axis=1) - payoffs[:, 0] if x.shape[0] else 0.0
    regrets[:, 1] = column_values.max(axis=1) - payoffs[:, 1] if x.shape[0] else 0.0
    np.maximum(regrets, 0.0, out=regrets)
    return payoffs, regrets


# ------------------------------------------------------------- bimatrix, all
@dataclass(frozen=True, eq=False)
class BimatrixBatchResult:
    """Every extreme equilibrium of a batch of bimatrix games, as flat arrays.

    One row per equilibrium (arrays of length ``K``) and one entry per game
    (arrays of length ``N``). The equilibria of game ``g`` are the rows
    ``offsets[g]:offsets[g + 1]``; rows are sorted by game.

    Attributes
    ----------
    game : ndarray of int64, shape (K,)
        Index of the game (in the flattened batch) each equilibrium belongs to.
    row : ndarray, shape (K, m)
        Row player's strategy.
    column : ndarray, shape (K, n)
        Column player's strategy.
    payoffs : ndarray, shape (K, 2)
        Expected payoffs ``(row, column)``.
    regrets : ndarray, shape (K, 2)
        The certificate: each player's best deviation gain, at most
        ``tolerances[game]``.
    n_equilibria : ndarray of int64, shape (N,)
        Number of extreme equilibria of each game.
    degenerate : ndarray of bool, shape (N,)
        Whether some mixed strategy with support size ``k`` has more than
        ``k`` pure best responses (within the tolerance).
    continuum : ndarray of bool, shape (N,)
        Whether the equilibrium set contains a continuum; the listed
        equilibria are then the extreme points of its convex pieces.
    tolerances : ndarray, shape (N,)
        Absolute payoff tolerance of each game: ``tol`` times the larger of
        the two players' payoff spreads (at least 1). Games are solved with
        each player's payoffs mapped onto [0, 1], so each player's regret is
        within ``tol`` times that player's own spread.
    batch_shape : tuple of int
        Shape of the batch axes of the input; game ``g`` is
        ``np.unravel_index(g, batch_shape)`` there.
    tol : float
        The relative tolerance used.
    """

    game: np.ndarray
    row: np.ndarray
    column: np.ndarray
    payoffs: np.ndarray
    regrets: np.ndarray
    n_equilibria: np.ndarray
    degenerate: np.ndarray
    continuum: np.ndarray
    tolerances: np.ndarray
    batch_shape: tuple
    tol: float

    def __post_init__(self):
        for name in ("game", "row", "column", "payoffs", "regrets", "n_equilibria", "degenerate", "continuum", "tolerances"):
            getattr(self, name).setflags(write=False)

    @property
    def n_games(self) -> int:
        return int(self.n_equilibria.shape[0])

    @property
    def shape(self) -> tuple[int, int]:
        """Actions of the row and column player, ``(m, n)``."""
        return (int(self.row.shape[1]), int(self.column.shape[1]))

    def __len__(self) -> int:
        """Number of equilibria (rows) over the whole batch."""
        return int(self.game.shape[0])

    @property
    def offsets(self) -> np.ndarray:
        """Row ``offsets[g]`` is the first equilibrium of game ``g``; length ``N + 1``."""
        offsets = np.zeros(self.n_games + 1, dtype=np.int64)
        np.cumsum(self.n_equilibria, out=offsets[1:])
        return offsets

    @property
    def is_pure(self) -> np.ndarray:
        """Per equilibrium: both strategies put probability 1 on one action."""
        return (self.row.max(axis=1) >= 1.0 - self.tol) & (self.column.max(axis=1) >= 1.0 - self.tol)

    def equilibria_of(self, game: int) -> tuple[np.ndarray, np.ndarray]:
        """Row and column strategies of the extreme equilibria of one game, ``(k, m)`` and ``(k, n)``."""
        if not isinstance(game, (int, np.integer)) or isinstance(game, (bool, np.bool_)):
            raise TypeError(f"game must be an integer index, got {game!r}")
        if not -self.n_games <= game < self.n_games:
            raise ValueError(f"game index {game} is outside the batch of {self.n_games} games")
        game = int(game) % self.n_games
        offsets = self.offsets
        rows = slice(offsets[game], offsets[game + 1])
        return self.row[rows], self.column[rows]

    def to_dict(self) -> dict[str, np.ndarray]:
        """Column name -> 1-d array, one entry per equilibrium (ready for ``pandas.DataFrame``)."""
        m, n = self.shape
        columns = {"game": self.game}
        columns.update({f"row_{i}": self.row[:, i] for i in range(m)})
        columns.update({f"column_{j}": self.column[:, j] for j in range(n)})
        columns.update(
            payoff_row=self.payoffs[:, 0],
            payoff_column=self.payoffs[:, 1],
            regret_row=self.regrets[:, 0],
            regret_column=self.regrets[:, 1],
            pure=self.is_pure,
            n_equilibria=self.n_equilibria[self.game],
            degenerate=self.degenerate[self.game],
            continuum=self.continuum[self.game],
        )
        return columns

    def to_frame(self):
        """A pandas DataFrame with one row per equilibrium (see :meth:`to_dict`)."""
        import pandas as pd

        return pd.DataFrame(self.to_dict(), copy=False)

    def __repr__(self) -> str:
        m, n = self.shape
        return (
            f"<BimatrixBatchResult {self.n_games} {m}x{n} games, {len(self)} extreme equilibria, "
            f"{int(self.degenerate.sum())} degenerate, {int(self.continuum.sum())} with a continuum>"
        )


class _Vertex:
    """One support pattern's candidate vertex, for every game of a chunk.

    ``support`` is the set ``K`` of own actions played; ``x`` maps each
    action in ``K`` to its probabilities (1-d arrays over games; a pure
    vertex holds ``None``: probability 1); ``tight[j]`` says, per game,
    whether the vertex exists there *and* the other player's action ``j`` is
    a best response to it.
    """

    __slots__ = ("support", "x", "tight", "valid")

    def __init__(self, support, x, tight, valid):
        self.support = support
        self.x = x
        self.tight = tight
        self.valid = valid


def _vertices(M, tol_abs: np.ndarray, tol: float) -> list[_Vertex]:
    """Vertices of one player's best-response polyhedron, for every game of a chunk.

    ``M[i][j]`` (1-d arrays over games) is the *other* player's payoff when
    this player plays ``i`` and the other ``j``. A vertex with support ``K``
    solves the indifference system of ``K`` against some ``|K|`` best
    responses ``J``; one slot is produced per ``(K, J)``, and a slot repeating
    an earlier slot's vertex (degenerate games) is marked invalid.
    """
    m, n = len(M), len(M[0])
    vertices = []
    # Support size 1: every pure strategy is a vertex.
    for i in range(m):
        row = M[i]
        best = row[0]
        for j in range(1, n):
            best = np.maximum(best, row[j])
        floor = best - tol_abs
        vertices.append(_Vertex((i,), {i: None}, [row[j] >= floor for j in range(n)], None))
    # Support size 2: closed form of the 2x2 indifference system.
    for i1, i2 in itertools.combinations(range(m), 2):
        group = []
        for j1, j2 in itertools.combinations(range(n), 2):
            p = M[i2][j2] - M[i2][j1]
            q = M[i1][j1] - M[i1][j2]
            den = p + q
            valid = np.abs(den) > tol_abs
            den = np.where(valid, den, 1.0)
            x1 = p / den
            x2 = 1.0 - x1
            valid &= (x1 > tol) & (x2 > tol)
            tight = [None] * n
            others = [j for j in range(n) if j not in (j1, j2)]
            if others:
                level = x1 * M[i1][j1] + x2 * M[i2][j1]
                for j in others:
                    gap = x1 * M[i1][j] + x2 * M[i2][j] - level
                    valid &= gap <= tol_abs
                    tight[j] = gap >= -tol_abs
            # The same vertex with another pair of tight columns: an earlier
            # valid slot of this support at which j1 and j2 are both tight.
            for earlier in group:
                valid &= ~(earlier.tight[j1] & earlier.tight[j2])
            tight[j1] = tight[j2] = valid
            for j in others:
                tight[j] = tight[j] & valid
            vertex = _Vertex((i1, i2), {i1: x1, i2: x2}, tight, valid)
            group.append(vertex)
        vertices.extend(group)
    # Support size 3 (3x3 games): x is orthogonal to two column differences.
    if m == 3 and n == 3:
        d1 = [M[i][0] - M[i][1] for i in range(3)]
        d2 = [M[i][0] - M[i][2] for i in range(3)]
        x = [d1[1] * d2[2] - d1[2] * d2[1], d1[2] * d2[0] - d1[0] * d2[2], d1[0] * d2[1] - d1[1] * d2[0]]
        total = x[0] + x[1] + x[2]
        size = np.maximum(np.maximum(np.abs(d1[0]), np.abs(d1[1])), np.abs(d1[2])) * np.maximum(
            np.maximum(np.abs(d2[0]), np.abs(d2[1])), np.abs(d2[2])
        )
        valid = np.abs(total) > tol * size
        total = np.where(valid, total, 1.0)
        x = [v / total for v in x]
        for v in x:
            valid &= v > tol
        vertices.append(_Vertex((0, 1, 2), dict(enumerate(x)), [valid] * 3, valid))
    return vertices


def _covers(vertex: _Vertex, actions, cache: dict):
    """Per game: the vertex exists and every one of the other player's ``actions`` is a best response."""
    key = (id(vertex), actions)
    if key not in cache:
        result = vertex.tight[actions[0]]
        for j in actions[1:]:
            result = result & vertex.tight[j]
        cache[key] = result
    return cache[key]


def _strategies(vertices: list[_Vertex], size: int, N: int, slot: np.ndarray, game: np.ndarray) -> np.ndarray:
    """Strategies of the vertices ``vertices[slot[k]]`` in games ``game[k]``, shape (size, K)."""
    result = np.empty((size, slot.shape[0]))
    table = np.empty((len(vertices), N))
    flat = slot * N + game
    # With two actions every vertex stores x[1] as 1 - x[0] (1 and 0 when
    # pure), so the second row is that difference, bit for bit.
    gathered = 1 if size == 2 else size
    for i in range(gathered):
        for s, vertex in enumerate(vertices):
            values = vertex.x.get(i, 0.0)
            table[s] = 1.0 if values is None else values
        table.ravel().take(flat, out=result[i])
    if size == 2:
        np.subtract(1.0, result[0], out=result[1])
    return result


def _profile_values(A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray):
    """Payoffs and regrets (both (K, 2)) of profiles ``x`` (m, K), ``y`` (n, K) in games ``A``, ``B`` (m, n, K)."""
    m, n = A.shape[:2]
    payoffs = np.empty((x.shape[1], 2))
    regrets = np.empty((x.shape[1], 2))
    for player, (M, own, other) in enumerate(((A, x, y), (B.transpose(1, 0, 2), y, x))):
        value = best = None
        for i in range(own.shape[0]):
            action_value = M[i, 0] * other[0]
            for j in range(1, other.shape[0]):
                action_value += M[i, j] * other[j]
            if value is None:
                value, best = action_value * own[i], action_value
            else:
                value += action_value * own[i]
                best = np.maximum(best, action_value, out=best if best is not action_value else None)
        payoffs[:, player] = value
        best -= value
        np.maximum(best, 0.0, out=best)
        regrets[:, player] = best
    return payoffs, regrets


def _unit_payoffs(M: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Payoffs ``(N, m, n)`` mapped affinely onto [0, 1] per game, with each game's minimum and spread."""
    flat = M.reshape(M.shape[0], -1)
    low, high = flat[:, 0].copy(), flat[:, 0].copy()
    for k in range(1, flat.shape[1]):  # column-wise: fast for the few entries of small games
        np.minimum(low, flat[:, k], out=low)
        np.maximum(high, flat[:, k], out=high)
    spread = high - low
    unit = (M - low[:, None, None]) / np.where(spread > 0, spread, 1.0)[:, None, None]
    return unit, low, spread


def _solve_chunk(A: np.ndarray, B: np.ndarray, tol: float):
    """All extreme equilibria of the games ``A[k], B[k]`` (arrays (N, m, n))."""
    N, m, n = A.shape
    As = np.ascontiguousarray(A.transpose(1, 2, 0))    # As[i, j] is a contiguous 1-d array over games
    Bs = np.ascontiguousarray(B.transpose(1, 2, 0))
    magnitude = np.abs(As.reshape(m * n, N))
    scale = magnitude.max(axis=0)
    np.maximum(scale, np.abs(Bs.reshape(m * n, N), out=magnitude).max(axis=0), out=scale)
    np.maximum(scale, 1.0, out=scale)
    tol_abs = tol * scale
    row_vertices = _vertices([[Bs[i, j] for j in range(n)] for i in range(m)], tol_abs, tol)
    column_vertices = _vertices([[As[i, j] for i in range(m)] for j in range(n)], tol_abs, tol)

    # (x, y) is an equilibrium when every action played in x is a best
    # response to y and every action played in y is a best response to x.
    cache: dict = {}
    n_rows, n_columns = len(row_vertices), len(column_vertices)
    n_pairs = n_rows * n_columns
    pairs = []
    masks = np.empty((n_pairs, N), dtype=bool)             # masks[pair]: (x, y) is an equilibrium
    for a, x in enumerate(row_vertices):
        for b, y in enumerate(column_vertices):
            np.logical_and(_covers(x, y.support, cache), _covers(y, x.support, cache), out=masks[len(pairs)])
            pairs.append((a, b))
    if n_pairs > _FEW_PAIRS and N <= np.iinfo(np.int16).max:
        # Many pairs (3x3): find the equilibria pair by pair (a contiguous
        # stack) and order them by game with a stable radix sort, cheaper
        # than gathering the masks game by game.
        flat = np.flatnonzero(masks)                          # sorted by pair, then game
        pair = flat // N
        g = flat - pair * N
        order = np.argsort(g.astype(np.int16), kind="stable")
        g = g.take(order)
        pair = pair.take(order)                               # now sorted by game, then pair
    else:
        flat = np.flatnonzero(masks.T.ravel())                  # sorted by game, then pair
        g = flat // n_pairs
        pair = flat - g * n_pairs
    pairs = np.array(pairs).T
    a, b = pairs[0].take(pair), pairs[1].take(pair)

    counts = np.bincount(g, minlength=N)
    # Two extreme equilibria sharing a strategy span a segment of equilibria.
    # Rows are sorted by (game, a, b): a shared row vertex shows up as two
    # consecutive rows with the same (game, a); a shared column vertex is
    # counted over the pair masks.
    key = g * n_rows + pair // n_columns                   # (game, row vertex)
    continuum = np.zeros(N, dtype=bool)
    continuum[g[1:][key[1:] == key[:-1]]] = True
    sharing = masks.reshape(n_rows, n_columns, N).sum(axis=0, dtype=np.uint8) >= 2
    continuum |= sharing.any(axis=0)
    # Degenerate: some vertex with support size k has more than k best responses.
    degenerate = np.zeros(N, dtype=bool)
    for vertex in row_vertices + column_vertices:
        if len(vertex.tight) == 2 and len(vertex.support) == 1:
            degenerate |= vertex.tight[0] & vertex.tight[1]
        elif len(vertex.tight) > len(vertex.support):
            count = np.zeros(N, dtype=np.int8)
            for tight in vertex.tight:
                count += tight
            degenerate |= count > len(vertex.support)

    x = _strategies(row_vertices, m, N, a, g)
    y = _strategies(column_vertices, n, N, b, g)
    K = g.shape[0]
    payoffs, regrets = _profile_values(
        As.reshape(m * n, N).take(g, axis=1).reshape(m, n, K), Bs.reshape(m * n, N).take(g, axis=1).reshape(m, n, K), x, y
    )
    x, y = x.T, y.T
    return g, x, y, payoffs, regrets, counts, degenerate, continuum, scale


def solve_bimatrix_batch(A, B, *, tol: float | None = None, chunk_size: int | None = None) -> BimatrixBatchResult:
    """Every extreme Nash equilibrium of each game in a batch of small bimatrix games.

    Parameters
    ----------
    A, B : array_like, shape batch_shape + (m, n)
        Row and column player's payoffs, ``1 <= m, n <= 3``. The batch axes
        (any number, e.g. a parameter grid from
        :meth:`~gametheory.games.symbolic.SymbolicGame.payoff_arrays`) are
        flattened in C order; a plain ``(m, n)`` pair is a batch of one.
    tol : float, optional
        Relative tolerance (default :data:`~gametheory.numerics.DEFAULT_TOL`),
        scaled per game by its largest absolute payoff (at least 1): payoffs
        within it count as tied, probabilities within ``tol`` of 0 as zero.
    chunk_size : int, optional
        Games per vectorised pass (default 16384); bounds the memory used.

    Returns
    -------
    BimatrixBatchResult
        Flat arrays of the extreme equilibria (game index, strategies,
        payoffs, regrets) and per-game counts and ``degenerate`` /
        ``continuum`` flags, with the same meaning as the general solver's
        :class:`~gametheory.equilibrium.SolveResult` for each game.

    Raises
    ------
    ValueError
        If the shapes differ, a player has no or more than 3 actions, or a
        payoff is NaN or infinite (the message names the entry).
    TypeError
        If the payoffs are not numbers.

    Notes
    -----
    The work is one vectorised pass per support pattern (at most 13 per
    player for 3x3 games), so the cost per game is a few hundred numpy
    element operations and no Python call; see the module docstring for the
    method. Larger games belong to the general solvers
    (:func:`gametheory.solvers.solve`).

    Examples
    --------
    Stag Hunt, and a degenerate game whose row player is indifferent between
    everything (a continuum of equilibria):

    >>> import numpy as np
    >>> A = np.array([[[4, 0], [3, 2]], [[1, 1], [1, 1]]])
    >>> B = np.array([[[4, 3], [0, 2]], [[2, 0], [0, 1]]])
    >>> result = solve_bimatrix_batch(A, B)
    >>> result.n_equilibria.tolist(), result.continuum.tolist()
    ([3, 4], [False, True])
    >>> x, y = result.equilibria_of(0)
    >>> np.round(x, 4).tolist()
    [[1.0, 0.0], [0.0, 1.0], [0.6667, 0.3333]]
    >>> bool(result.regrets.max() <= result.tolerances.min())
    True
    """
    A = _payoff_array(A, "A")
    B = _payoff_array(B, "B")
    if A.ndim < 2:
        raise ValueError(f"A must have shape batch_shape + (m, n), got shape {A.shape}")
    if A.shape != B.shape:
        raise ValueError(f"B has shape {B.shape} but A has shape {A.shape}: both are batch_shape + (m, n)")
    m, n = A.shape[-2:]
    if not (1 <= m <= MAX_BATCH_ACTIONS and 1 <= n <= MAX_BATCH_ACTIONS):
        raise ValueError(
            f"the batched solver handles games with 1 to {MAX_BATCH_ACTIONS} actions per player, "
            f"got {m}x{n}; use gametheory.solvers.solve for larger games"
        )
    slack = _check_tol(tol)
    chunk = _check_chunk_size(chunk_size)
    batch_shape = tuple(A.shape[:-2])
    N = math.prod(batch_shape)
    A = A.reshape(N, m, n)
    B = B.reshape(N, m, n)
    # Each player's payoffs mapped onto [0, 1] per game (equilibria unchanged),
    # so the tolerance means the same for both players whatever their scales
    # or offsets; payoffs and regrets are reported on the given games (they
    # follow the affine map). Done chunk by chunk to keep the work in cache.
    parts = []
    for start in range(0, N, chunk):
        stop = min(start + chunk, N)
        A_unit, A_low, A_spread = _unit_payoffs(A[start:stop])
        B_unit, B_low, B_spread = _unit_payoffs(B[start:stop])
        g, row, column, payoffs, regrets, counts, degenerate, continuum, _ = _solve_chunk(A_unit, B_unit, slack)
        payoffs[:, 0] = A_low[g] + A_spread[g] * payoffs[:, 0]
        payoffs[:, 1] = B_low[g] + B_spread[g] * payoffs[:, 1]
        regrets[:, 0] *= A_spread[g]
        regrets[:, 1] *= B_spread[g]
        scale = np.maximum(np.maximum(A_spread, B_spread), 1.0)
        parts.append((g + start, row, column, payoffs, regrets, counts, degenerate, continuum, scale))
    if not parts:
        parts.append((np.zeros(0, np.int64), np.zeros((0, m)), np.zeros((0, n)), np.zeros((0, 2)),
                      np.zeros((0, 2)), np.zeros(0, np.int64), np.zeros(0, bool), np.zeros(0, bool), np.zeros(0)))
    joined = [np.concatenate(column) for column in zip(*parts)]
    game, row, column, payoffs, regrets, counts, degenerate, continuum, scale = joined
    return BimatrixBatchResult(
        game=game.astype(np.int64, copy=False),
        row=row,
        column=column,
        payoffs=payoffs,
        regrets=regrets,
        n_equilibria=counts.astype(np.int64, copy=False),
        degenerate=degenerate,
        continuum=continuum,
        tolerances=slack * scale,
        batch_shape=batch_shape,
        tol=slack,
    )
