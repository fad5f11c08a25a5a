"""Figures: regime maps with a theory's predicted boundary, and best-response diagrams.

Every function returns a :class:`matplotlib.figure.Figure` built on the
non-interactive Agg canvas (no display needed); :func:`save_figure` writes it
as PNG and PDF. Sizes and fonts are chosen to stay readable on a slide.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

__all__ = ["regime_map", "equilibrium_map", "best_response_diagram", "save_figure", "PALETTE", "MAX_LEGEND_ENTRIES",
           "figure_title", "plan_notation"]

#: Colour-blind-safe qualitative palette (Paul Tol's "muted" scheme, https://personal.sron.nl/~pault/),
#: one colour per regime; regimes beyond it are drawn as "other" in :data:`OTHER_COLOUR`.
PALETTE = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499")
OTHER_COLOUR = "#DDDDDD"
_PALETTE = PALETTE  # the best-response diagram's two colours

#: Most entries a regime map's legend holds (regimes, "other", boundary, failures, no prediction).
MAX_LEGEND_ENTRIES = 12

#: Regime labels longer than this are replaced by short codes explained under the map.
_CODE_LABEL = 60
#: Legends with labels longer than this go below the map.
_LONG_LABEL = 28


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


def _number(value) -> str:
    from ..numerics import format_value

    if isinstance(value, str):  # already formatted (exact values as "1/2")
        return value
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else format_value(value, digits=3)


def figure_title(model, values=None, *, what: str = "", width: int = 70) -> str:
    """A figure title from the model's title and the parameter values it is drawn at.

    ``values`` maps parameter names to values (those not on an axis); long
    lists wrap so the title is never wider than the figure.

    Examples
    --------
    >>> from gametheory.model import load_model
    >>> print(figure_title(load_model("chicken"), {"war": 0, "win": 4.5}, what="best responses"))
    Crisis bargaining: Chicken: best responses
    at war = 0, win = 4.5
    """
    import textwrap

    name = getattr(model, "title", None) or getattr(model, "key", None) or str(model or "")
    head = f"{name}: {what}" if what and name else (what or name)
    lines = textwrap.wrap(head, width) or [""]
    if values:
        # Each "name = value" stays on one line: wrap with non-breaking spaces inside the items.
        shown = ", ".join(f"{k}\u00a0=\u00a0{_number(v)}" for k, v in values.items())
        lines += [line.replace("\u00a0", " ") for line in textwrap.wrap("at " + shown, width)]
    return "\n".join(lines)


def plan_notation(model) -> list[str]:
    """Sentences explaining the plan labels of a Bayesian or signalling model (``A/B``: one action per type).

    Empty for other models.

    Examples
    --------
    >>> from gametheory.model import load_model
    >>> plan_notation(load_model("trust_reassurance"))[0]
    "State A's plan X/Y: X if Trustworthy, Y if Untrustworthy"
    """
    if model is None or not getattr(model, "is_bayesian", False) or getattr(model, "kind", "normal") != "normal":
        return []
    lines = []
    letters = "XYZUVW"
    for i, player in enumerate(model.players):
        types = model.types[i]
        if len(types) > 1:
            plan = "/".join(letters[k] for k in range(min(len(types), len(letters))))
            when = ", ".join(f"{letters[k]} if {t}" for k, t in enumerate(types[: len(letters)]))
            lines.append(f"{player}'s plan {plan}: {when}")
    if getattr(model, "is_signaling", False) and len(model.players) == 2:
        signals = model.actions[0]
        plan = "/".join(letters[k] for k in range(min(len(signals), len(letters))))
        replies = ", ".join(f"{letters[k]} after {s}" for k, s in enumerate(signals[: len(letters)]))
        lines.append(f"{model.players[1]}'s plan {plan}: {replies}")
    return lines


def _fixed_values(points, model, axes_names) -> dict:
    """Parameters held at one value over the map (shown in the title)."""
    values = {}
    for parameter in getattr(model, "parameters", ()):
        name = parameter.name
        if name in axes_names or name not in points.columns:
            continue
        column = points[name]
        if column.nunique() == 1:
            values[name] = column.iloc[0]
    return values


def _slice(points, model, axes_names):
    """The points of one (x, y) plane: every other varying parameter held at one value.

    A map of a sweep over three or more parameters would otherwise draw
    several points on each (x, y) position, one over the other. Each other
    parameter is held at the model's default when the grid holds it, else at
    the grid value nearest the default (the smallest without a model); the
    title names the values held.
    """
    defaults = {p.name: p.default for p in getattr(model, "parameters", ())}
    for name in points.columns:
        if name in axes_names or name not in defaults and name not in points.attrs.get("swept", ()):
            continue
        column = points[name]
        if name not in defaults or column.nunique() <= 1 or not np.issubdtype(column.dtype, np.number):
            continue
        values = np.unique(column.to_numpy(dtype=float))
        target = float(defaults[name])
        keep = values[np.argmin(np.abs(values - target))]
        points = points[column.to_numpy(dtype=float) == keep]
    return points


def _legend_plan(points, extra_entries: int):
    """Which regimes get their own colour, and how each is labelled.

    Regimes are ranked by the number of grid points they cover; the largest
    ones get a colour of :data:`PALETTE` (so that the legend holds at most
    :data:`MAX_LEGEND_ENTRIES` entries, ``extra_entries`` of which are not
    regimes), the rest are drawn together as "other". Long labels (Bayesian
    plans, many equilibria) are written as codes (E1 + E3 + mixed) with a key.
    Returns ``(shown, label_of, key)``: shown regimes in legend order, their
    labels, and the key lines (empty when the labels are short).
    """
    counts = points["regime"].value_counts()
    regimes = list(counts.index)
    room = min(len(PALETTE), MAX_LEGEND_ENTRIES - extra_entries)
    if len(regimes) > room:
        room -= 1  # one entry for "other"
    shown = regimes[:room]
    # Legend order: grouped by how many equilibria, then by the outcomes themselves.
    shown.sort(key=lambda r: (len(r.split(" | ")), r))
    outcomes: list[str] = []
    for regime in shown:
        for part in regime.split(" | "):
            if part != "mixed" and part not in outcomes:
                outcomes.append(part)
    # Codes only where full labels would not fit: long plans, or many long sets of equilibria.
    long = any(len(o) > 24 for o in outcomes) or (max(len(r) for r in shown) > _CODE_LABEL and len(outcomes) > 6)
    if not long:
        return shown, {r: r for r in shown}, []
    code = {outcome: f"E{k}" for k, outcome in enumerate(outcomes, 1)}
    labels = {r: " + ".join(code.get(part, part) for part in r.split(" | ")) for r in shown}
    key = [f"{code[o]}: {o}" for o in outcomes]
    return shown, labels, key


def _draw_regimes(axes, points, x: str, y: str, *, rules=None, agree=None):
    """Colour the (x, y) plane by ``points["regime"]``; returns the legend handles of the regimes and the key."""
    from matplotlib.patches import Patch

    extra = 1 + (agree is not None and bool((~agree.fillna(True).astype(bool)).any())) + (rules is not None) \
        + (rules is not None and bool((points["rule"] < 0).any()))
    shown, labels, key = _legend_plan(points, extra)
    code = {r: k for k, r in enumerate(shown)}
    other = len(shown)
    colours = [PALETTE[k] for k in range(len(shown))] + [OTHER_COLOUR]
    regime_codes = points["regime"].map(lambda r: code.get(r, other))
    xs = np.unique(points[x].to_numpy(dtype=float))
    ys = np.unique(points[y].to_numpy(dtype=float))
    on_grid = len(points) == len(xs) * len(ys) and points.groupby([x, y]).size().max() == 1
    if on_grid:
        from matplotlib.colors import ListedColormap

        table = points.assign(_code=regime_codes.to_numpy()).set_index([y, x])
        grid = table["_code"].unstack(x).reindex(index=ys, columns=xs).to_numpy(dtype=float)
        axes.pcolormesh(_edges(xs), _edges(ys), grid, cmap=ListedColormap(colours), vmin=-0.5,
                        vmax=len(colours) - 0.5, shading="flat")
    else:
        for k, colour in enumerate(colours):
            part = points[regime_codes.to_numpy() == k]
            if len(part):
                axes.scatter(part[x], part[y], s=14, color=colour, edgecolors="none")
    handles = [Patch(facecolor=PALETTE[code[r]], edgecolor="none", label=labels[r]) for r in shown]
    if (regime_codes == other).any():
        hidden = points.loc[regime_codes == other, "regime"].nunique()
        handles.append(Patch(facecolor=OTHER_COLOUR, edgecolor="none", label=f"other ({hidden} sets of equilibria)"))
    return handles, key, on_grid, xs, ys


def _hatch_cells(axes, xs, ys, mask, hatch: str) -> None:
    """Hatch whole grid cells where ``mask`` (rows: ys, columns: xs) is true, drawn over the colours."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    ex, ey = _edges(xs), _edges(ys)
    rows, columns = np.nonzero(mask)
    if rows.size == 0:
        return
    cells = [Rectangle((ex[c], ey[r]), ex[c + 1] - ex[c], ey[r + 1] - ey[r]) for r, c in zip(rows, columns)]
    axes.add_collection(PatchCollection(cells, facecolor="none", edgecolor="black", linewidth=0, hatch=hatch,
                                        zorder=3))


def _finish_map(figure, axes, handles, key, *, model, x, y, title, legend_title="equilibria") -> None:
    """Axis labels, title and a legend that stays beside or below the map, never clipped."""
    import textwrap

    notes = list(key) + plan_notation(model) if key else plan_notation(model) if any(
        "/" in h.get_label() for h in handles) else []
    wide = max(len(h.get_label()) for h in handles) > _LONG_LABEL or len(handles) > 8
    for handle in handles:
        handle.set_label(textwrap.fill(handle.get_label(), 40))
    if wide:
        legend = axes.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.13), fontsize=10,
                             title=legend_title, ncol=2 if len(handles) > 4 else 1)
    else:
        legend = axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=11,
                             title=legend_title)
    legend.set_in_layout(True)
    lines = 0
    if notes:
        wrapped = [textwrap.fill(line, 110, subsequent_indent="    ") for line in notes]
        text = "\n".join(wrapped)
        lines = text.count("\n") + 1
        figure.text(0.01, 0.0, text, fontsize=8, ha="left", va="bottom", family="monospace", wrap=False)
    rows = (len(handles) + 1) // 2 if wide and len(handles) > 4 else len(handles)
    height = 6.0 + (0.3 * rows + 0.6 if wide else 0) + 0.16 * lines
    figure.set_size_inches(9.0 if not wide else 8.5, height)
    if notes:
        # Room for the key below everything else (constrained layout ignores free text).
        bottom = (0.16 * lines + 0.2) / height
        figure.get_layout_engine().set(rect=(0, bottom, 1, 1 - bottom))
    axes.set_xlabel(_label(model, x), fontsize=14)
    axes.set_ylabel(_label(model, y), fontsize=14)
    axes.tick_params(labelsize=12)
    axes.set_title(title, fontsize=13)


def regime_map(comparison, x: str | None = None, y: str | None = None, *, model=None, title: str | None = None):
    """Two-parameter map of the equilibrium regimes, with the theory's boundary on top.

    Parameters
    ----------
    comparison : gametheory.study.compare.Comparison
        A comparison over a sweep in which ``x`` and ``y`` vary.
    x, y : str, optional
        The parameters on the axes; default the first two swept parameters.
    model : Model, optional
        For axis labels with the source's symbols, the title (the model's
        title and the values of the parameters not on an axis) and the
        notation of plans.

    Notes
    -----
    Cells are coloured by the equilibrium regime found there (the pure
    equilibria, plus "mixed") in a colour-blind-safe palette; the legend holds
    at most :data:`MAX_LEGEND_ENTRIES` entries (the largest regimes, the rest
    as "other"), and long labels become codes explained under the map. Black
    lines are the boundaries between the theory's prediction rules; hatched
    cells (``//``) are where the prediction and the equilibria disagree,
    dotted ones where the theory predicts nothing. Points off a full grid
    are drawn as a scatter, failures circled.
    """
    everywhere = comparison.points
    x, y = _axes_names(everywhere, comparison.swept, x, y)
    points = _slice(everywhere, model if model is not None else comparison.model, (x, y))
    agree = points["agree"]
    handles, key, on_grid, xs, ys = _draw_regimes(figure_axes := _new_map(), points, x, y, rules=points["rule"],
                                                  agree=agree)
    figure, axes = figure_axes.figure, figure_axes
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    failing = ~agree.fillna(True).astype(bool)
    if on_grid:
        table = points.set_index([y, x])
        rules = table["rule"].unstack(x).reindex(index=ys, columns=xs).to_numpy(dtype=float)
        _draw_rule_boundaries(axes, xs, ys, rules)
        _hatch_cells(axes, xs, ys, rules < 0, "..")
        disagree = failing.set_axis(table.index).unstack(x).reindex(index=ys, columns=xs).to_numpy(dtype=bool)
        _hatch_cells(axes, xs, ys, disagree, "//")
    else:
        wrong = points[failing.to_numpy()]
        axes.scatter(wrong[x], wrong[y], s=60, facecolors="none", edgecolors="black", linewidths=1.0, zorder=4)
        silent = points[(points["rule"] < 0).to_numpy()]
        axes.scatter(silent[x], silent[y], s=40, marker="x", color="black", linewidths=0.8, zorder=4)
    if on_grid:
        handles.append(Line2D([], [], color="black", linewidth=2,
                              label=f"{comparison.theory.replace('_', ' ')}: boundary"))
    if failing.any():
        handles.append(Patch(facecolor="white", edgecolor="black", hatch="//", label="prediction fails") if on_grid
                       else Line2D([], [], linestyle="none", marker="o", markersize=8, markerfacecolor="none",
                                   markeredgecolor="black", label="prediction fails"))
    if (points["rule"] < 0).any():
        handles.append(Patch(facecolor="white", edgecolor="black", hatch="..", label="no prediction") if on_grid
                       else Line2D([], [], linestyle="none", marker="x", markersize=7, color="black",
                                   label="no prediction"))
    agreement = comparison.agreement
    share = "no prediction" if np.isnan(agreement) else f"agreement {agreement:.0%}"
    if len(points) < len(everywhere):
        predicted = points.loc[(points["rule"] >= 0).to_numpy(), "agree"].astype(float)
        here = f"{predicted.mean():.0%} in this plane, " if len(predicted) else ""
        share = "no prediction" if np.isnan(agreement) else f"agreement {here}{agreement:.0%} over the sweep"
    if title is None:
        what = f"equilibria vs {comparison.theory.replace('_', ' ')} ({share})"
        title = figure_title(model if model is not None else comparison.model, _fixed_values(points, model, (x, y)),
                             what=what)
    _finish_map(figure, axes, handles, key, model=model, x=x, y=y, title=title)
    return figure


def _new_map():
    return _figure().add_subplot()


def _axes_names(points, swept, x, y) -> tuple[str, str]:
    swept = list(swept) or [c for c in points.columns if points[c].nunique() > 1][:2]
    if not swept and x is None:
        raise ValueError("a regime map needs two swept parameters; this sweep varied none")
    x = x or swept[0]
    if y is None:
        others = [name for name in swept if name != x]
        if not others:
            raise ValueError("a regime map needs two swept parameters; this sweep varied only " + repr(x))
        y = others[0]
    for name in (x, y):
        if name not in points.columns:
            raise ValueError(f"{name!r} is not a parameter of the comparison; parameters: {list(swept)}")
    return x, y


def equilibrium_map(frame, x: str | None = None, y: str | None = None, *, model=None, title: str | None = None):
    """Two-parameter map of the equilibrium regimes of a sweep, without any theory.

    Parameters
    ----------
    frame : pandas.DataFrame
        The result of :func:`gametheory.study.sweep.sweep` (one row per point
        and equilibrium) in which ``x`` and ``y`` vary.
    x, y : str, optional
        The parameters on the axes; default the first two swept parameters.
    model : Model, optional
        For axis labels, the title and the notation of plans.

    Examples
    --------
    >>> from gametheory.model import load_model
    >>> from gametheory.study.sweep import sweep
    >>> model = load_model("stag_hunt")
    >>> frame = sweep(model, grid={"temptation": [1, 3, 5], "sucker": [0, 1, 2]})
    >>> figure = equilibrium_map(frame, model=model)
    >>> sorted(t.get_text() for t in figure.axes[0].get_legend().get_texts())
    ['C,C | D,D', 'C,C | D,D | mixed', 'C,D | D,C | D,D', 'D,D']
    """
    from .compare import regime_labels

    if frame.empty:
        raise ValueError("the sweep has no rows to map")
    regimes = regime_labels(frame)
    parameters = [c for c in frame.columns if c in {p.name for p in getattr(model, "parameters", ())}] if model \
        else [c for c in frame.attrs.get("swept", [])]
    first = frame.drop_duplicates("point").set_index("point")
    swept = frame.attrs.get("swept") or [c for c in parameters if first[c].nunique() > 1]
    keep = [c for c in dict.fromkeys(list(swept) + parameters + [x, y]) if c is not None and c in first.columns]
    points = first[keep].assign(regime=regimes.reindex(first.index).to_numpy()).reset_index()
    x, y = _axes_names(points, swept, x, y)
    points = _slice(points, model, (x, y))
    handles, key, *_ = _draw_regimes(axes := _new_map(), points, x, y)
    if title is None:
        title = figure_title(model if model is not None else frame.attrs.get("model", ""),
                             _fixed_values(points, model, (x, y)), what="equilibria")
    _finish_map(axes.figure, axes, handles, key, model=model, x=x, y=y, title=title)
    return axes.figure


def _draw_rule_boundaries(axes, xs, ys, rules) -> None:
    """One black line along every cell edge between cells whose rule differs.

    Drawn on the cell edges rather than as contours of the rule index: a
    contour draws one line per index level crossed, so a step from rule 0 to
    rule 3 would show as a bundle of parallel lines.
    """
    from matplotlib.collections import LineCollection

    ex, ey = _edges(xs), _edges(ys)
    segments = []
    for i, j in zip(*np.nonzero(rules[:, 1:] != rules[:, :-1])):      # neighbours along x
        segments.append([(ex[j + 1], ey[i]), (ex[j + 1], ey[i + 1])])
    for i, j in zip(*np.nonzero(rules[1:, :] != rules[:-1, :])):      # neighbours along y
        segments.append([(ex[j], ey[i + 1]), (ex[j + 1], ey[i + 1])])
    if segments:
        axes.add_collection(LineCollection(segments, colors="black", linewidths=2.0, zorder=4,
                                           capstyle="projecting"))


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
    axes.plot(grid, column_best, color=_PALETTE[6], linewidth=3, linestyle="--", label=f"{game.players[1]}'s best response")
    # Indifference: a whole segment of best responses.
    for q in grid[np.isnan(row_best)][:1]:
        axes.plot([0, 1], [q, q], color=_PALETTE[0], linewidth=3)
    for p in grid[np.isnan(column_best)][:1]:
        axes.plot([p, p], [0, 1], color=_PALETTE[6], linewidth=3, linestyle="--")
    _connect_steps(axes, row_best, grid, _PALETTE[0], "-", vertical=False)
    _connect_steps(axes, grid, column_best, _PALETTE[6], "--", vertical=True)
    result = result if result is not None else solve(game)
    for equilibrium in result.equilibria:
        p, q = (float(s[0]) for s in equilibrium.strategies)
        axes.plot([p], [q], "o", color="black", markersize=10, zorder=5)
        label = ",".join(equilibrium.pure_profile) if equilibrium.is_pure else f"mixed ({p:.3g}, {q:.3g})"
        # Labels point into the square, so none is clipped at its edges or runs into the title.
        right, top = p > 0.5, q > 0.5
        axes.annotate(label, (p, q), textcoords="offset points", xytext=(-10 if right else 10, -10 if top else 10),
                      ha="right" if right else "left", va="top" if top else "bottom", fontsize=11,
                      bbox=dict(facecolor="white", edgecolor="none", alpha=0.8, pad=1))
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
