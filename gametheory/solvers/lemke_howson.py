"""One Nash equilibrium of a two-player game by the Lemke-Howson algorithm.

The algorithm follows a path of complementary pivots on the two best-response
polytopes (Lemke and Howson 1964; von Stengel 2002, section 3.4), starting at
the artificial equilibrium ``(0, 0)`` and dropping one label. Ties in the
minimum-ratio test are broken lexicographically, which is the same as solving
a slightly perturbed nondegenerate game: the path can never cycle, on
degenerate games too. Exact mode pivots in rational arithmetic
(:class:`~fractions.Fraction`), so its result has regret exactly 0.

Labels follow the usual convention (as in nashpy): ``0 .. m-1`` are the row
player's actions, ``m .. m+n-1`` the column player's.
"""

from __future__ import annotations

import numbers
from fractions import Fraction

import numpy as np

from ..equilibrium import NotAnEquilibriumError, SolveResult, certify
from ..games.normal_form import NormalFormGame

__all__ = ["lemke_howson", "PivotLimitError"]


class PivotLimitError(RuntimeError):
    """Raised when the Lemke-Howson path needs more than ``max_pivots`` pivots."""


def _shifted_positive(matrix: np.ndarray, exact: bool) -> np.ndarray:
    """``matrix - min(matrix) + 1``: every entry at least 1 (same best responses)."""
    if exact:
        low = min(matrix.ravel())
        return np.vectorize(lambda v: v - low + 1, otypes=[object])(matrix)
    matrix = np.asarray(matrix, dtype=float)
    return matrix - matrix.min() + 1.0


class _Tableau:
    """A dictionary ``M z + w = 1`` whose columns are indexed by label.

    ``basis[r]`` is the label of the variable basic in row ``r``; ``slack``
    lists the columns of the initial (identity) basis, used for the
    lexicographic ratio test.
    """

    def __init__(self, matrix: np.ndarray, basis: list[int], slack: list[int], exact: bool):
        self.matrix = matrix
        self.basis = basis
        self.slack = slack
        self.exact = exact

    def _ties(self, rows: list[int], values: list) -> list[int]:
        best = min(values)
        return [r for r, v in zip(rows, values) if v == best]

    def pivot_in(self, column: int) -> int:
        """Bring the variable with label ``column`` into the basis; return the leaving label.

        The tableau is updated in place (one rank-one update per pivot).
        """
        matrix = self.matrix
        entries = matrix[:, column]
        # Lexicographic minimum-ratio test: right-hand side first, then the
        # columns of the initial basis (rows of the inverse basis), which are
        # linearly independent, so exactly one row survives in exact mode.
        if self.exact:
            rows = [r for r in range(len(entries)) if entries[r] > 0]
            self._check_rows(len(rows), column)
            for key in [matrix.shape[1] - 1] + self.slack:
                if len(rows) == 1:
                    break
                rows = self._ties(rows, [matrix[r, key] / matrix[r, column] for r in rows])
            row = rows[0]
        else:
            threshold = 1e-12 * max(1.0, float(np.abs(entries).max()))
            rows = np.flatnonzero(entries > threshold)
            self._check_rows(rows.size, column)
            if rows.size > 1:
                pivots = entries[rows]
                for key in [matrix.shape[1] - 1] + self.slack:
                    ratios = matrix[rows, key] / pivots
                    best = ratios.min()
                    keep = ratios <= best + 1e-11 * (1.0 + abs(best))
                    if keep.all():
                        continue
                    rows, pivots = rows[keep], pivots[keep]
                    if rows.size == 1:
                        break
            row = int(rows[0])
        pivot_row = matrix[row] / matrix[row, column]
        factor = entries.copy()
        factor[row] = 0
        matrix -= factor[:, None] * pivot_row
        matrix[row] = pivot_row
        leaving = self.basis[row]
        self.basis[row] = column
        return leaving

    @staticmethod
    def _check_rows(count: int, column: int) -> None:
        if not count:
            raise RuntimeError(
                f"Lemke-Howson found no pivot row for label {column}: the polytope looks unbounded, "
                "which happens only through floating-point breakdown; retry with exact=True"
            )

    def values(self, labels: range, exact: bool) -> np.ndarray:
        zero = Fraction(0) if exact else 0.0
        out = np.array([zero] * len(labels), dtype=object if exact else float)
        for row, label in enumerate(self.basis):
            if label in labels:
                out[label - labels.start] = self.matrix[row, -1]
        return out


def _normalise(vector: np.ndarray, exact: bool) -> np.ndarray:
    if exact:
        total = sum(vector)
        return np.array([v / total for v in vector], dtype=object)
    vector = np.clip(np.asarray(vector, dtype=float), 0.0, None)
    return vector / vector.sum()


def _path(A: np.ndarray, B: np.ndarray, label: int, exact: bool, max_pivots: int):
    m, n = A.shape
    one, zero = (Fraction(1), Fraction(0)) if exact else (1.0, 0.0)
    dtype = object if exact else float
    # Row player's polytope P = {x >= 0 : B^T x <= 1}: columns 0..m-1 hold x
    # (labels of the row actions), columns m..m+n-1 the slacks of B^T x <= 1.
    p_matrix = np.empty((n, m + n + 1), dtype=dtype)
    p_matrix[:, :m] = _shifted_positive(B, exact).T
    p_matrix[:, m:m + n] = np.array([[one if i == j else zero for j in range(n)] for i in range(n)], dtype=dtype)
    p_matrix[:, -1] = one
    # Column player's polytope Q = {y >= 0 : A y <= 1}: columns 0..m-1 hold
    # the slacks of A y <= 1, columns m..m+n-1 hold y.
    q_matrix = np.empty((m, m + n + 1), dtype=dtype)
    q_matrix[:, :m] = np.array([[one if i == j else zero for j in range(m)] for i in range(m)], dtype=dtype)
    q_matrix[:, m:m + n] = _shifted_positive(A, exact)
    q_matrix[:, -1] = one
    tableaux = {
        "P": _Tableau(p_matrix, list(range(m, m + n)), list(range(m, m + n)), exact),
        "Q": _Tableau(q_matrix, list(range(m)), list(range(m)), exact),
    }
    # The variable with label k is non-basic in P when k is a row action, in Q otherwise.
    side = "P" if label < m else "Q"
    entering = label
    pivots = 0
    while True:
        if pivots >= max_pivots:
            raise PivotLimitError(
                f"Lemke-Howson from initial label {label} did not reach an equilibrium within "
                f"max_pivots={max_pivots} pivots; raise max_pivots or try another initial_label"
            )
        leaving = tableaux[side].pivot_in(entering)
        pivots += 1
        if leaving == label:
            break
        entering = leaving
        side = "Q" if side == "P" else "P"
    x = tableaux["P"].values(range(0, m), exact)
    y = tableaux["Q"].values(range(m, m + n), exact)
    return _normalise(x, exact), _normalise(y, exact), pivots


def lemke_howson(
    game: NormalFormGame,
    *,
    initial_label: int = 0,
    exact: bool | None = None,
    tol: float | None = None,
    max_pivots: int | None = None,
) -> SolveResult:
    """One Nash equilibrium of a two-player game by complementary pivoting.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game with ``m`` row and ``n`` column actions.
    initial_label : int
        The label dropped at the start of the path: ``0 .. m-1`` are the row
        player's actions, ``m .. m+n-1`` the column player's (default 0).
        Different labels may lead to different equilibria.
    exact : bool, optional
        Pivot in rational arithmetic (regret exactly 0). Default: exact when
        the game's payoffs are exact. A float game solved exactly is read
        through :meth:`NormalFormGame.as_exact`.
    tol : float, optional
        Relative tolerance of the float certificate (see
        :mod:`gametheory.numerics`).
    max_pivots : int, optional
        Stop with :class:`PivotLimitError` after this many pivots; default
        ``max(10000, 50 (m + n)^2)``. The lexicographic rule guarantees the
        path ends, but some games have exponentially long paths.

    Returns
    -------
    SolveResult
        Method ``"lemke_howson"`` with one certified equilibrium;
        ``complete`` is False (the game may have others) and the notes say
        which label was dropped and how many pivots the path took.

    Raises
    ------
    ValueError
        If the game does not have two players or ``initial_label`` or
        ``max_pivots`` is out of range.
    TypeError
        If ``game`` is not a NormalFormGame or ``initial_label`` is not an integer.
    PivotLimitError
        If the path is longer than ``max_pivots``.

    Notes
    -----
    Payoffs are shifted to be positive (which changes no best response), so
    the best-response polytopes ``P = {x >= 0 : B^T x <= 1}`` and
    ``Q = {y >= 0 : A y <= 1}`` are bounded. Ties in the ratio test are broken
    by the lexicographic rule, so degenerate games are handled without
    cycling. If a float path ends in a profile that fails its certificate
    (rounding on an ill-conditioned game), the path is recomputed in exact
    arithmetic and the notes say so.

    References
    ----------
    C. E. Lemke and J. T. Howson, "Equilibrium points of bimatrix games",
    SIAM Journal on Applied Mathematics 12 (1964), 413-423.
    B. von Stengel, "Computing equilibria for two-person games", Handbook of
    Game Theory vol. 3 (2002), chapter 45.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> battle = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]],
    ...                                       actions=(["Opera", "Fight"], ["Opera", "Fight"]))
    >>> lemke_howson(battle, initial_label=0)[0].describe()
    'Row: Opera; Column: Opera'
    >>> result = lemke_howson(battle, initial_label=3)
    >>> result[0].describe(), result.complete
    ('Row: Fight; Column: Fight', False)
    >>> result[0].regrets
    (Fraction(0, 1), Fraction(0, 1))
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"lemke_howson() takes a NormalFormGame, got {type(game).__name__}")
    if game.n_players != 2:
        raise ValueError(f"lemke_howson() needs a two-player game, this one has {game.n_players} players")
    m, n = game.shape
    if isinstance(initial_label, bool) or not isinstance(initial_label, numbers.Integral):
        raise TypeError(f"initial_label must be an integer label 0..{m + n - 1}, got {initial_label!r}")
    if not 0 <= initial_label < m + n:
        raise ValueError(
            f"initial_label must be in 0..{m + n - 1} (0..{m - 1} for {game.players[0]}'s actions, "
            f"{m}..{m + n - 1} for {game.players[1]}'s), got {initial_label}"
        )
    label = int(initial_label)
    if max_pivots is None:
        max_pivots = max(10_000, 50 * (m + n) ** 2)
    elif isinstance(max_pivots, bool) or not isinstance(max_pivots, numbers.Integral) or max_pivots < 1:
        raise ValueError(f"max_pivots must be a positive integer, got {max_pivots!r}")
    exact = game.is_exact if exact is None else bool(exact)
    work = game.as_exact() if exact else game
    A, B = work.bimatrix()

    owner = 0 if label < m else 1
    action = work.actions[owner][label if owner == 0 else label - m]
    notes = [f"initial label {label}: {work.players[owner]}'s action {action!r} dropped first"]
    x, y, pivots = _path(A, B, label, exact, int(max_pivots))
    try:
        equilibrium = certify(work, [x, y], tol=tol)
    except NotAnEquilibriumError as error:
        if exact:  # pragma: no cover - exact pivoting always ends at an equilibrium
            raise
        work = game.as_exact()
        exact = True
        x, y, pivots = _path(*work.bimatrix(), label, True, int(max_pivots))
        equilibrium = certify(work, [x, y])
        notes.append(f"the float path failed its certificate ({error}); recomputed in exact arithmetic")
    notes.append(f"{pivots} pivots; Lemke-Howson finds one equilibrium, others may exist")
    return SolveResult(
        game=work,
        equilibria=(equilibrium,),
        method="lemke_howson",
        complete=False,
        degenerate=None,
        continuum=None,
        notes=tuple(notes),
        exact=exact,
    )
