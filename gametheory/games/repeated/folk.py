"""The folk-theorem picture: feasible payoffs, minmax values, the individually rational region.

The folk theorem (Fudenberg and Maskin 1986) says that, for discount factors
close enough to 1, every feasible payoff vector that gives each player more
than their (mixed) minmax value is the payoff of a subgame perfect
equilibrium of the infinitely repeated game. This module computes the pieces
of that statement for a two-player stage game and draws them.

References
----------
Fudenberg, D. and Maskin, E. (1986). The folk theorem in repeated games with
discounting or with incomplete information. *Econometrica* 54(3), 533-554.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..normal_form import NormalFormGame
from ...numerics import format_value

__all__ = ["FeasibleSet", "MinmaxValue", "FolkRegion", "feasible_set", "minmax", "folk_region", "plot_folk_region"]


def _check_stage(stage) -> NormalFormGame:
    if not isinstance(stage, NormalFormGame):
        raise TypeError(f"stage must be a NormalFormGame (substitute values into a symbolic game first), got {type(stage).__name__}")
    if stage.n_players != 2:
        raise ValueError(f"stage must be a two-player game, got {stage.n_players} players")
    return stage


@dataclass(frozen=True)
class FeasibleSet:
    """The convex hull of the stage game's payoff vectors.

    Attributes
    ----------
    vertices : tuple of tuple
        Extreme payoff vectors, counter-clockwise for a polygon (exact
        Fractions in exact mode).
    dimension : int
        2 for a polygon, 1 for a segment, 0 for a single point.
    profiles : dict
        ``{payoff vector: [action-label profiles]}`` for every stage outcome.
    """

    vertices: tuple
    dimension: int
    profiles: dict


def _cross(o, a, b):
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def feasible_set(stage: NormalFormGame, *, tol: float | None = None) -> FeasibleSet:
    """The feasible payoff set: the convex hull of the stage payoff vectors.

    Degenerate hulls (all outcomes on a line, or one point) are reported with
    ``dimension`` 1 or 0 rather than as an error. Collinearity is decided
    exactly in exact mode and within ``tol`` otherwise.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [tuple(map(str, v)) for v in feasible_set(pd).vertices]
    [('0', '5'), ('1', '1'), ('5', '0'), ('3', '3')]
    >>> feasible_set(NormalFormGame.from_bimatrix([[1, 2]], [[1, 2]])).dimension
    1
    """
    stage = _check_stage(stage)
    A, B = stage.payoffs
    profiles: dict = {}
    for a0, a1 in itertools.product(range(stage.shape[0]), range(stage.shape[1])):
        point = (A[a0, a1], B[a0, a1])
        profiles.setdefault(point, []).append((stage.actions[0][a0], stage.actions[1][a1]))
    points = list(profiles)
    slack = 0 if stage.is_exact else stage.tolerance(tol) * stage.payoff_scale
    if len(points) == 1:
        return FeasibleSet((points[0],), 0, profiles)
    ordered = sorted(points)
    first, last = ordered[0], ordered[-1]
    if all(abs(_cross(first, last, p)) <= slack for p in points):
        return FeasibleSet((first, last), 1, profiles)
    from scipy.spatial import ConvexHull

    hull = ConvexHull(np.asarray(points, dtype=float))
    return FeasibleSet(_from_lowest([points[k] for k in hull.vertices]), 2, profiles)


def _from_lowest(polygon) -> tuple:
    """The same cyclic order, starting at the lexicographically smallest vertex."""
    if not polygon:
        return ()
    start = polygon.index(min(polygon))
    return tuple(polygon[start:] + polygon[:start])


@dataclass(frozen=True)
class MinmaxValue:
    """A player's minmax value: the least payoff the opponent can hold them to.

    Attributes
    ----------
    player : int
    value : number
        Mixed minmax value ``min_y max_x u(x, y)`` (the opponent may randomise).
    punishment : ndarray
        The opponent's minmaxing mixed strategy ``y``.
    pure_value : number
        Pure minmax value (the opponent restricted to pure actions); at least
        ``value``.
    pure_punishment : str
        The opponent's minmaxing pure action.
    certificate : ndarray
        The player's mixed strategy guaranteeing ``value`` against any
        punishment (``min_y u(certificate, y) == value`` exactly in exact
        mode): with ``punishment`` it proves the value by the minimax theorem.
    gap : number
        ``max_x u(x, punishment) - min_y u(certificate, y)``: 0 in exact mode.
    """

    player: int
    value: object
    punishment: np.ndarray
    pure_value: object
    pure_punishment: str
    certificate: np.ndarray
    gap: object


def _exact_solution(M):
    """Optimal strategies of the zero-sum matrix game ``M`` (row maximises), exactly, by support enumeration."""
    import sympy

    m, n = M.shape
    for k in range(1, min(m, n) + 1):
        for rows in itertools.combinations(range(m), k):
            for cols in itertools.combinations(range(n), k):
                sub = sympy.Matrix([[sympy.Rational(M[i, j].numerator, M[i, j].denominator) for j in cols] for i in rows])
                system_y = sub.row_join(-sympy.ones(k, 1)).col_join(sympy.Matrix([[1] * k + [0]]))
                system_x = sub.T.row_join(-sympy.ones(k, 1)).col_join(sympy.Matrix([[1] * k + [0]]))
                if system_y.det() == 0 or system_x.det() == 0:
                    continue
                rhs = sympy.Matrix([0] * k + [1])
                sol_y, sol_x = system_y.solve(rhs), system_x.solve(rhs)
                y = np.array([Fraction(0)] * n, dtype=object)
                x = np.array([Fraction(0)] * m, dtype=object)
                for j, value in zip(cols, sol_y[:k]):
                    y[j] = Fraction(int(value.p), int(value.q))
                for i, value in zip(rows, sol_x[:k]):
                    x[i] = Fraction(int(value.p), int(value.q))
                if any(v < 0 for v in y) or any(v < 0 for v in x):
                    continue
                if max(M.dot(y)) == min(x.dot(M)):
                    return x, y
    raise RuntimeError("no exact solution of the zero-sum game was found")  # unreachable: the game has a value


def _rationalise(vector, bound):
    values = [Fraction(float(max(v, 0.0))).limit_denominator(bound) for v in vector]
    total = sum(values)
    if total == 0:
        return None
    return np.array([v / total for v in values], dtype=object)


def minmax(stage: NormalFormGame, player: int | str) -> MinmaxValue:
    """Pure and mixed minmax values of ``player``, with the punishing strategies and a certificate.

    The mixed value solves the linear program ``min v`` subject to
    ``sum_j M[i, j] y_j <= v`` for every own action ``i``, ``y`` in the
    simplex (scipy's HiGHS). In exact mode the solution is turned into exact
    fractions and verified exactly against the dual (the player's guaranteeing
    strategy); if rounding does not give a verified pair, an exact support
    enumeration of the zero-sum game is used instead.

    Examples
    --------
    >>> mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> v = minmax(mp, 0)
    >>> v.value, v.pure_value, v.punishment.tolist()
    (Fraction(0, 1), Fraction(1, 1), [Fraction(1, 2), Fraction(1, 2)])
    """
    stage = _check_stage(stage)
    i = stage.player_index(player)
    M = stage.payoffs[0] if i == 0 else stage.payoffs[1].T  # own actions on rows, opponent's on columns
    m, n = M.shape
    column_best = [max(M[:, j]) for j in range(n)]
    j_pure = int(min(range(n), key=lambda j: column_best[j]))
    pure_value = column_best[j_pure]
    from scipy.optimize import linprog

    Mf = np.asarray(M, dtype=float)
    c = np.zeros(n + 1)
    c[-1] = 1.0
    result = linprog(
        c,
        A_ub=np.hstack([Mf, -np.ones((m, 1))]),
        b_ub=np.zeros(m),
        A_eq=np.hstack([np.ones((1, n)), np.zeros((1, 1))]),
        b_eq=[1.0],
        bounds=[(0, None)] * n + [(None, None)],
        method="highs",
    )
    if result.status != 0:
        raise RuntimeError(f"the minmax linear program failed: {result.message}")  # pragma: no cover - bounded LP
    y = np.clip(result.x[:n], 0, None)
    y = y / y.sum()
    x = np.clip(-np.asarray(result.ineqlin.marginals, dtype=float), 0, None)
    x = x / x.sum() if x.sum() > 0 else np.full(m, 1.0 / m)
    if not stage.is_exact:
        upper, lower = float(np.max(Mf @ y)), float(np.min(x @ Mf))
        return MinmaxValue(i, upper, y, pure_value, stage.actions[1 - i][j_pure], x, upper - lower)
    for bound in (10, 100, 1000, 10**4, 10**6):
        ye, xe = _rationalise(y, bound), _rationalise(x, bound)
        if ye is not None and xe is not None and max(M.dot(ye)) == min(xe.dot(M)):
            break
    else:
        xe, ye = _exact_solution(M)
    value = max(M.dot(ye))
    return MinmaxValue(i, value, ye, pure_value, stage.actions[1 - i][j_pure], xe, value - min(xe.dot(M)))


@dataclass(frozen=True)
class FolkRegion:
    """Feasible and individually rational payoffs.

    Attributes
    ----------
    feasible : FeasibleSet
    minmax : tuple of MinmaxValue
        One per player.
    threshold : tuple
        The minmax values used (mixed unless ``mixed=False``).
    vertices : tuple of tuple
        Vertices of the feasible payoffs with ``u_i >= threshold_i`` for both
        players, counter-clockwise (empty when there are none).
    strict_interior : bool
        Whether some feasible payoff gives both players strictly more than
        their threshold (the folk theorem's region is non-empty).
    """

    feasible: FeasibleSet
    minmax: tuple
    threshold: tuple
    vertices: tuple
    strict_interior: bool


def _clip(polygon, axis, bound, slack):
    """Sutherland-Hodgman clipping of a polygon (list of points) to ``p[axis] >= bound``."""
    if not polygon:
        return []
    out = []
    for k, current in enumerate(polygon):
        previous = polygon[k - 1]
        inside_c = current[axis] >= bound - slack
        inside_p = previous[axis] >= bound - slack
        if inside_c != inside_p:
            t = (bound - previous[axis]) / (current[axis] - previous[axis])
            crossing = tuple(previous[d] + t * (current[d] - previous[d]) for d in range(2))
            crossing = tuple(bound if d == axis else crossing[d] for d in range(2))
            out.append(crossing)
        if inside_c:
            out.append(current)
    unique = []
    for p in out:
        if not any(all(abs(p[d] - q[d]) <= slack for d in range(2)) for q in unique):
            unique.append(p)
    return unique


def folk_region(stage: NormalFormGame, *, mixed: bool = True, tol: float | None = None) -> FolkRegion:
    """The feasible, individually rational payoff region of the stage game.

    Parameters
    ----------
    stage : NormalFormGame
        Two players.
    mixed : bool
        Use mixed minmax values (default, the folk theorem's bound) or pure
        ones.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> region = folk_region(pd)
    >>> [tuple(map(str, v)) for v in region.vertices]
    [('1', '1'), ('13/3', '1'), ('3', '3'), ('1', '13/3')]
    """
    stage = _check_stage(stage)
    feasible = feasible_set(stage, tol=tol)
    values = (minmax(stage, 0), minmax(stage, 1))
    threshold = tuple(v.value if mixed else v.pure_value for v in values)
    slack = 0 if stage.is_exact else stage.tolerance(tol)
    polygon = list(feasible.vertices)
    for axis in range(2):
        polygon = _clip(polygon, axis, threshold[axis], slack)
    strict = any(all(p[d] > threshold[d] + slack for d in range(2)) for p in polygon)
    if not strict and len(polygon) >= 2:
        # A strictly better point may lie inside an edge or the polygon: test the centroid.
        centroid = tuple(sum(p[d] for p in polygon) / len(polygon) for d in range(2))
        strict = all(centroid[d] > threshold[d] + slack for d in range(2))
    return FolkRegion(feasible, values, threshold, _from_lowest(polygon), strict)


def plot_folk_region(stage: NormalFormGame, *, mixed: bool = True, points: dict | None = None, ax=None):
    """Draw the feasible set, the minmax lines and the individually rational region.

    Parameters
    ----------
    stage : NormalFormGame
    mixed : bool
        Mixed (default) or pure minmax values.
    points : dict, optional
        Extra payoff vectors to mark, ``{label: (u_row, u_column)}`` (e.g. the
        payoffs of an equilibrium profile).
    ax : matplotlib Axes, optional
        Draw into these axes; by default a new figure is made.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> figure = plot_folk_region(pd, points={"Grim vs Grim": (3, 3)})
    >>> len(figure.axes)
    1
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import Polygon

    region = folk_region(stage, mixed=mixed)
    if ax is None:
        figure = Figure(figsize=(5, 5))
        ax = figure.add_subplot()
    else:
        figure = ax.figure
    feasible = [(float(a), float(b)) for a, b in region.feasible.vertices]
    if region.feasible.dimension == 2:
        ax.add_patch(Polygon(feasible, closed=True, facecolor="#d9e6f2", edgecolor="#4a6f96", label="feasible"))
    else:
        xs, ys = zip(*feasible)
        ax.plot(xs, ys, color="#4a6f96", linewidth=2, label="feasible")
    rational = [(float(a), float(b)) for a, b in region.vertices]
    if len(rational) >= 3:
        ax.add_patch(Polygon(rational, closed=True, facecolor="#f4b183", edgecolor="#c55a11", alpha=0.8,
                             label="feasible and individually rational"))
    elif rational:
        xs, ys = zip(*rational)
        ax.plot(xs, ys, color="#c55a11", linewidth=3, marker="o", label="feasible and individually rational")
    kind = "mixed" if mixed else "pure"
    ax.axvline(float(region.threshold[0]), color="grey", linestyle="--", linewidth=1)
    ax.axhline(float(region.threshold[1]), color="grey", linestyle="--", linewidth=1,
               label=f"{kind} minmax ({format_value(region.threshold[0])}, {format_value(region.threshold[1])})")
    for point, labels in region.feasible.profiles.items():
        ax.plot(float(point[0]), float(point[1]), "ko", markersize=4)
        ax.annotate(" / ".join(",".join(p) for p in labels), (float(point[0]), float(point[1])),
                    textcoords="offset points", xytext=(4, 4), fontsize=8)
    for label, (u, v) in (points or {}).items():
        ax.plot(float(u), float(v), marker="*", markersize=12, linestyle="none", label=label)
    xs = [p[0] for p in feasible]
    ys = [p[1] for p in feasible]
    margin = max(1.0, 0.1 * max(max(xs) - min(xs), max(ys) - min(ys)))
    ax.set_xlim(min(xs) - margin, max(xs) + margin)
    ax.set_ylim(min(ys) - margin, max(ys) + margin)
    ax.set_xlabel(f"payoff of {stage.players[0]}")
    ax.set_ylabel(f"payoff of {stage.players[1]}")
    ax.set_title(stage.title or "Feasible and individually rational payoffs")
    ax.legend(loc="best", fontsize=8)
    return figure
