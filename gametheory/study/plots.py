"""Figures: regime maps with a theory's predicted boundary, and best-response diagrams.

Every function returns a :class:`matplotlib.figure.Figure` built on the
non-interactive Agg canvas (no display needed); :func:`save_figure` writes it
as PNG and PDF. Sizes and fonts are chosen to stay readable on a slide.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

__all__ = ["regime_map", "best_response_diagram", "save_figure"]

_PALETTE = (
    "#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3",
    "#937860", "#DA8BC3", "#8C8C8C", "#CCB974", "#64B5CD",
)


def _colour(index: int, count: int):
    """Distinct colours: the palette for a few regimes, matplotlib's tab20 for more."""
    if count <= len(_PALETTE):
        return _PALETTE[index]
    from matplotlib import colormaps

    return colormaps["tab20"](index % 20)


def _figure(width: float = 8.0, height: float = 6.0):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    return figure


def _label(model, name: str) -> str:
    for parameter in getattr(model, "parameters", ()):
        if parameter.name == name:
            symbol = f" ({parameter.symbol})" if parameter.symbol and parameter.symbol != name else ""
            return f"{name.replace('_', ' ')}{symbol}"
    return name.replace("_", " ")


def regime_map(comparison, x: str | None = None, y: str | None = None, *, model=None, title: str | None = None):
    """Two-parameter map of the equilibrium regimes, with the theory's boundary on top.

    Parameters
    ----------
    comparison : gametheory.study.compare.Comparison
        A comparison over a sweep in which ``x`` and ``y`` vary.
    x, y : str, optional
        The parameters on the axes; default the first two swept parameters.
    model : Model, optional
        For axis labels with the source's symbols.

    Notes
    -----
    Cells are coloured by the equilibrium regime found there (the pure
    equilibria, plus "mixed"); black lines are the boundaries between the
    theory's prediction rules; hatched cells are where the prediction and the
    equilibria disagree. Points off a full grid are drawn as a scatter.
    """
    points = comparison.points
    swept = list(comparison.swept) or [c for c in points.columns if points[c].nunique() > 1][:2]
    x = x or swept[0]
    if y is None:
        others = [name for name in swept if name != x]
        if not others:
            raise ValueError("a regime map needs two swept parameters; this sweep varied only " + repr(x))
        y = others[0]
    for name in (x, y):
        if name not in points.columns:
            raise ValueError(f"{name!r} is not a parameter of the comparison; parameters: {list(swept)}")
    regimes = sorted(points["regime"].unique(), key=lambda r: (r.count("|"), r))
    colour = {r: _colour(k, len(regimes)) for k, r in enumerate(regimes)}
    xs = np.unique(points[x].to_numpy())
    ys = np.unique(points[y].to_numpy())
    figure = _figure()
    axes = figure.add_subplot()
    on_grid = len(points) == len(xs) * len(ys) and points.groupby([x, y]).size().max() == 1
    if on_grid:
        from matplotlib.colors import ListedColormap

        table = points.set_index([y, x])
        code = {r: k for k, r in enumerate(regimes)}
        grid = table["regime"].map(code).unstack(x).reindex(index=ys, columns=xs).to_numpy(dtype=float)
        axes.pcolormesh(_edges(xs), _edges(ys), grid, cmap=ListedColormap([colour[r] for r in regimes]),
                        vmin=-0.5, vmax=len(regimes) - 0.5, shading="flat")
        rules = table["rule"].unstack(x).reindex(index=ys, columns=xs).to_numpy(dtype=float)
        if np.unique(rules).size > 1 and len(xs) > 1 and len(ys) > 1:
            axes.contour(xs, ys, rules, levels=np.unique(rules)[:-1] + 0.5, colors="black", linewidths=2.0,
                         negative_linestyles="solid")
        unpredicted = (rules < 0).astype(float)
        if unpredicted.any():
            axes.contourf(xs, ys, unpredicted, levels=[0.5, 1.5], colors="none", hatches=[".."])
        disagree = (~table["agree"].fillna(True).astype(bool)).unstack(x).reindex(index=ys, columns=xs).to_numpy(dtype=float)
        if disagree.any():
            axes.contourf(xs, ys, disagree, levels=[0.5, 1.5], colors="none", hatches=["//"])
    else:
        for regime in regimes:
            part = points[points["regime"] == regime]
            axes.scatter(part[x], part[y], s=12, color=colour[regime])
        wrong = points[~points["agree"].fillna(True).astype(bool)]
        axes.scatter(wrong[x], wrong[y], s=30, facecolors="none", edgecolors="black", linewidths=0.8)
    from matplotlib.patches import Patch
    from matplotlib.lines import Line2D

    handles = [Patch(color=colour[r], label=r) for r in regimes]
    handles.append(Line2D([], [], color="black", linewidth=2, label=f"{comparison.theory.replace('_', ' ')}: boundary"))
    handles.append(Patch(facecolor="white", edgecolor="black", hatch="//", label="prediction fails"))
    if (points["rule"] < 0).any():
        handles.append(Patch(facecolor="white", edgecolor="black", hatch="..", label="no prediction"))
    if max(len(r) for r in regimes) > 24 or len(regimes) > 8:
        # Long regime labels (many equilibria, Bayesian plans): legend below the map.
        import textwrap

        lines = 0
        for handle in handles:
            label = handle.get_label()
            if len(label) > 120:
                label = f"{label[:100]}... ({label.count('|') + 1} outcomes)"
            label = textwrap.fill(label, 70)
            handle.set_label(label)
            lines += label.count("\n") + 1
        figure.set_size_inches(8.0, 6.5 + 0.22 * lines)
        axes.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), fontsize=10,
                    title="equilibria", ncol=1)
    else:
        axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=11, title="equilibria")
    axes.set_xlabel(_label(model, x), fontsize=14)
    axes.set_ylabel(_label(model, y), fontsize=14)
    axes.tick_params(labelsize=12)
    agreement = comparison.agreement
    share = "no prediction" if np.isnan(agreement) else f"agreement {agreement:.0%}"
    axes.set_title(title or f"{comparison.model}\nequilibria vs {comparison.theory.replace('_', ' ')} ({share})", fontsize=13)
    return figure


def _edges(values: np.ndarray) -> np.ndarray:
    """Cell edges around grid values (midpoints; half a step beyond the ends)."""
    values = np.asarray(values, dtype=float)
    if values.size == 1:
        return np.array([values[0] - 0.5, values[0] + 0.5])
    middle = (values[1:] + values[:-1]) / 2
    return np.concatenate([[values[0] - (middle[0] - values[0])], middle, [values[-1] + (values[-1] - middle[-1])]])


def best_response_diagram(game, *, result=None, title: str | None = None):
    """The best-response (mixing) diagram of a 2x2 game.

    The horizontal axis is the probability the row player puts on its first
    action, the vertical axis the column player's probability on its first
    action. Each player's best-response correspondence is drawn; the
    equilibria are where they cross (dots, from ``result`` or solved here).

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> figure = best_response_diagram(NormalFormGame.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]]))
    >>> len(figure.axes[0].lines) >= 2
    True
    """
    from ..solvers import solve

    if game.n_players != 2 or game.shape != (2, 2):
        raise ValueError(f"a best-response diagram needs a 2x2 game, got shape {game.shape}")
    A, B = (np.asarray(m, dtype=float) for m in game.bimatrix())
    tolerance = game.tolerance()
    grid = np.linspace(0.0, 1.0, 401)
    figure = _figure(6.5, 6.0)
    axes = figure.add_subplot()
    # Row's advantage of its first action when the column player plays q on its first.
    row_gain = (A[0, 0] - A[1, 0]) * grid + (A[0, 1] - A[1, 1]) * (1 - grid)
    row_best = np.where(row_gain > tolerance, 1.0, np.where(row_gain < -tolerance, 0.0, np.nan))
    column_gain = (B[0, 0] - B[0, 1]) * grid + (B[1, 0] - B[1, 1]) * (1 - grid)
    column_best = np.where(column_gain > tolerance, 1.0, np.where(column_gain < -tolerance, 0.0, np.nan))
    axes.plot(row_best, grid, color=_PALETTE[0], linewidth=3, label=f"{game.players[0]}'s best response")
    axes.plot(grid, column_best, color=_PALETTE[1], linewidth=3, linestyle="--", label=f"{game.players[1]}'s best response")
    # Indifference: a whole segment of best responses.
    for q in grid[np.isnan(row_best)][:1]:
        axes.plot([0, 1], [q, q], color=_PALETTE[0], linewidth=3)
    for p in grid[np.isnan(column_best)][:1]:
        axes.plot([p, p], [0, 1], color=_PALETTE[1], linewidth=3, linestyle="--")
    _connect_steps(axes, row_best, grid, _PALETTE[0], "-", vertical=False)
    _connect_steps(axes, grid, column_best, _PALETTE[1], "--", vertical=True)
    result = result if result is not None else solve(game)
    for equilibrium in result.equilibria:
        p, q = (float(s[0]) for s in equilibrium.strategies)
        axes.plot([p], [q], "o", color="black", markersize=10, zorder=5)
        label = ",".join(equilibrium.pure_profile) if equilibrium.is_pure else f"mixed ({p:.3g}, {q:.3g})"
        axes.annotate(label, (p, q), textcoords="offset points", xytext=(8, 8), fontsize=11)
    axes.set_xlim(-0.03, 1.03)
    axes.set_ylim(-0.03, 1.03)
    axes.set_xlabel(f"P({game.players[0]} plays {game.actions[0][0]})", fontsize=14)
    axes.set_ylabel(f"P({game.players[1]} plays {game.actions[1][0]})", fontsize=14)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), fontsize=11, ncol=1)
    axes.set_title(title or (game.title or "Best responses"), fontsize=14)
    return figure


def _connect_steps(axes, xs, ys, colour, style, *, vertical: bool) -> None:
    """Draw the jump of a step best response at the indifference point."""
    values = ys if vertical else xs
    finite = np.isfinite(values)
    if finite.sum() < 2:
        return
    index = np.flatnonzero(finite)
    jumps = np.flatnonzero(np.diff(values[index]) != 0)
    for k in jumps:
        a, b = index[k], index[k + 1]
        if vertical:
            axes.plot([xs[a], xs[a]], [values[a], values[b]], color=colour, linewidth=3, linestyle=style)
        else:
            axes.plot([values[a], values[b]], [ys[a], ys[a]], color=colour, linewidth=3, linestyle=style)


def save_figure(figure, path_stem, formats=("png", "pdf"), dpi: int = 150) -> list[Path]:
    """Save ``figure`` as ``path_stem.png`` and ``path_stem.pdf`` (creating folders)."""
    stem = Path(path_stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for extension in formats:
        path = stem.with_suffix(f".{extension}")
        figure.savefig(path, dpi=dpi)
        written.append(path)
    return written
