"""Figures of the dynamics: simplex phase portraits, unit-square vector fields, trajectories, basin sweeps.

Every function returns a :class:`matplotlib.figure.Figure` on the
non-interactive Agg canvas; :func:`gametheory.study.plots.save_figure` writes it as
PNG and PDF. Colours come from the Okabe-Ito palette, which stays distinct
under the common colour-vision deficiencies; speed shading uses ``cividis``.
Rest points of the replicator dynamics are marked by stability: filled black
(asymptotically stable), open (unstable), grey square (non-hyperbolic). The
portraits of the best-response and logit dynamics mark the Nash equilibria
(stars) instead: the rest points of the best-response dynamics, and the
limits of the logit dynamics' rest points as the noise vanishes.
"""

from __future__ import annotations

import numpy as np

__all__ = ["simplex_portrait", "phase_plane", "trajectory_plot", "basin_plot", "OKABE_ITO", "PORTRAIT_DYNAMICS"]

#: Dynamics the phase portraits draw.
PORTRAIT_DYNAMICS = ("replicator", "best_response", "logit")

#: The Okabe-Ito colour-blind-safe palette.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")

_SQRT3 = np.sqrt(3.0)
_CORNERS = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, _SQRT3 / 2]])


def _figure(width=7.5, height=6.5):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _wrap(text: str, width: int = 55) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def _to_plane(x: np.ndarray) -> np.ndarray:
    """Barycentric (..., 3) to Cartesian (..., 2) on the equilateral triangle."""
    return np.asarray(x, dtype=float) @ _CORNERS


def _mark_rest_points(axes, points, to_xy) -> list:
    from matplotlib.lines import Line2D

    styles = {
        "asymptotically stable": dict(marker="o", markerfacecolor="black", markeredgecolor="black"),
        "unstable": dict(marker="o", markerfacecolor="white", markeredgecolor="black"),
        "non-hyperbolic": dict(marker="s", markerfacecolor="#999999", markeredgecolor="black"),
    }
    seen = set()
    for point in points:
        style = styles[point.stability]
        x, y = to_xy(point)
        axes.plot([x], [y], linestyle="none", markersize=11, markeredgewidth=1.8, zorder=6, clip_on=False, **style)
        seen.add(point.stability)
    handles = []
    for stability in styles:
        if stability in seen:
            label = stability + (" (ESS)" if stability == "asymptotically stable" and any(p.is_ess for p in points) else "")
            handles.append(Line2D([], [], linestyle="none", markersize=10, markeredgewidth=1.8, label=label, **styles[stability]))
    return handles


def _mark_nash(axes, points, to_xy) -> list:
    from matplotlib.lines import Line2D

    style = dict(marker="*", markerfacecolor="black", markeredgecolor="white", markersize=17)
    for point in points:
        if point.is_nash:
            x, y = to_xy(point)
            axes.plot([x], [y], linestyle="none", markeredgewidth=1.0, zorder=6, clip_on=False, **style)
    return [Line2D([], [], linestyle="none", label="Nash equilibrium", **style)]


def _check_dynamics(dynamics: str, noise) -> str:
    if dynamics not in PORTRAIT_DYNAMICS:
        raise ValueError(f"unknown dynamics {dynamics!r}; choose one of {list(PORTRAIT_DYNAMICS)}")
    if dynamics == "logit" and (isinstance(noise, bool) or not isinstance(noise, (int, float)) or not noise > 0
                                or not np.isfinite(noise)):
        raise ValueError(f"noise must be a positive number, got {noise!r}")
    return dynamics


def _velocities(dynamics: str, matrices, states, noise: float) -> tuple:
    """Velocity of ``dynamics`` at ``states`` (a tuple of ``(N, k)`` arrays, one per population)."""
    from .learning import _best_reply, _payoffs, _softmax
    from .replicator import _one_population_field, _two_population_field

    columns = tuple(np.ascontiguousarray(np.asarray(s, dtype=float).T) for s in states)
    if dynamics == "replicator":
        field = _one_population_field(*matrices) if len(matrices) == 1 else _two_population_field(*matrices)
        moves = field(columns)
    else:
        values = _payoffs(matrices, columns)
        slack = 1e-9 * max(1.0, max(float(np.abs(M).max()) for M in matrices))
        targets = [_best_reply(v, slack) if dynamics == "best_response" else _softmax(v, noise) for v in values]
        moves = tuple(t - c for t, c in zip(targets, columns))
    return tuple(m.T for m in moves)


_NAMES = {"replicator": "replicator", "best_response": "best-response", "logit": "logit"}


def simplex_portrait(game, *, trajectories=6, seed=0, t_max: float = 30.0, resolution: int = 18, title: str | None = None,
                     dynamics: str = "replicator", noise: float = 0.1):
    """Phase portrait of the one-population dynamics of a 3-action symmetric game.

    Parameters
    ----------
    game : NormalFormGame or array_like
        A symmetric game with three actions (or its 3x3 payoff matrix).
    trajectories : int or array_like
        Number of seeded random initial states to draw trajectories from, or
        the states themselves ``(n, 3)``.
    t_max : float
        Length of each trajectory.
    resolution : int
        Grid of arrows: points with shares in steps of ``1 / resolution``.
    dynamics : {"replicator", "best_response", "logit"}
    noise : float
        The logit dynamics' noise (temperature).

    Notes
    -----
    Arrows give the direction of motion, the shading its speed; rest points
    are marked by stability (see the module notes).
    """
    from matplotlib.lines import Line2D

    from ._common import one_population, random_simplex, simplex_grid
    from .learning import best_response_dynamics, logit_dynamics
    from .replicator import replicator_dynamics
    from .stability import rest_points

    dynamics = _check_dynamics(dynamics, noise)
    game, A = one_population(game, exact=False)
    if A.shape[0] != 3:
        raise ValueError(f"a simplex portrait needs a game with 3 actions, this one has {A.shape[0]}")
    labels = game.actions[0]
    figure = _figure()
    axes = figure.add_subplot()
    # Speed shading on a fine grid.
    fine = simplex_grid(3, 60)
    speed = np.linalg.norm(_velocities(dynamics, (A,), (fine,), noise)[0], axis=1)
    xy = _to_plane(fine)
    shading = axes.tricontourf(xy[:, 0], xy[:, 1], speed, levels=14, cmap="cividis", alpha=0.55)
    colourbar = figure.colorbar(shading, ax=axes, shrink=0.7, pad=0.02)
    colourbar.set_label("speed of change", fontsize=12)
    # Direction arrows, all of one length.
    grid = simplex_grid(3, resolution)
    grid = grid[np.all(grid > 1e-9, axis=1)]
    velocity = _velocities(dynamics, (A,), (grid,), noise)[0] @ _CORNERS
    norm = np.linalg.norm(velocity, axis=1, keepdims=True)
    direction = np.divide(velocity, norm, out=np.zeros_like(velocity), where=norm > 1e-12)
    base = _to_plane(grid)
    axes.quiver(base[:, 0], base[:, 1], direction[:, 0], direction[:, 1], color="#333333", angles="xy",
                scale_units="xy", scale=1 / (0.35 / resolution), width=0.003, headwidth=4, zorder=3)
    # Trajectories.
    if isinstance(trajectories, (int, np.integer)):
        starts = random_simplex(3, int(trajectories), seed=seed) if trajectories > 0 else np.empty((0, 3))
    else:
        starts = np.asarray(trajectories, dtype=float).reshape(-1, 3)
    if len(starts):
        times = np.linspace(0, t_max, 600)
        if dynamics == "replicator":
            path = replicator_dynamics(game, starts, times).states[0]
        elif dynamics == "best_response":
            path = best_response_dynamics(game, starts, timepoints=times, populations=1).states[0]
        else:
            path = logit_dynamics(game, starts, timepoints=times, noise=noise, populations=1).states[0]
        for index in range(path.shape[1]):
            line = _to_plane(path[:, index])
            colour = OKABE_ITO[index % 7]
            axes.plot(line[:, 0], line[:, 1], color=colour, linewidth=2.2, zorder=4)
            axes.plot(line[0, 0], line[0, 1], marker="D", color=colour, markersize=6, zorder=5)
    # Triangle and labels.
    outline = np.vstack([_CORNERS, _CORNERS[:1]])
    axes.plot(outline[:, 0], outline[:, 1], color="black", linewidth=1.5)
    offsets = [(-0.04, -0.05, "right"), (1.04, -0.05, "left"), (0.5, _SQRT3 / 2 + 0.05, "center")]
    for (x, y, align), label in zip(offsets, labels):
        axes.text(x, y, label, ha=align, va="center", fontsize=14, fontweight="bold")
    found = rest_points(game.as_float()).points
    mark = _mark_rest_points if dynamics == "replicator" else _mark_nash
    handles = mark(axes, found, lambda p: _to_plane(p.as_float()[0]))
    if len(starts):
        handles.append(Line2D([], [], color=OKABE_ITO[0], linewidth=2.2, marker="D", markersize=6, label="trajectory (start ◆)"))
    figure.legend(handles=handles, loc="outside lower center", ncol=min(len(handles), 3), fontsize=11, frameon=False)
    axes.set_xlim(-0.12, 1.12)
    axes.set_ylim(-0.1, _SQRT3 / 2 + 0.1)
    axes.set_aspect("equal")
    axes.axis("off")
    name = _NAMES[dynamics] + (f" (noise {noise:g})" if dynamics == "logit" else "")
    axes.set_title(_wrap(title or f"{game.title or 'One population'}: {name} dynamics"), fontsize=14)
    return figure


def phase_plane(game, *, dynamics: str = "replicator", density: float = 1.3, title: str | None = None,
                noise: float = 0.1):
    """Vector field of the two-population dynamics of a 2x2 game on the unit square.

    The horizontal axis is the share of the row population playing its
    first action, the vertical axis the share of the column population
    playing its first action. ``dynamics`` is ``"replicator"``,
    ``"best_response"`` or ``"logit"`` (with ``noise``).
    """
    from ._common import two_populations
    from .stability import rest_points

    dynamics = _check_dynamics(dynamics, noise)
    game, A, B = two_populations(game, exact=False)
    if A.shape != (2, 2):
        raise ValueError(f"a phase plane needs a 2x2 game, this one is {A.shape[0]}x{A.shape[1]}")
    p = np.linspace(0, 1, 41)
    P, Q = np.meshgrid(p, p)
    x = np.stack([P, 1 - P], axis=-1)
    y = np.stack([Q, 1 - Q], axis=-1)
    dx, dy = _velocities(dynamics, (A, B), (x.reshape(-1, 2), y.reshape(-1, 2)), noise)
    U, V = dx[:, 0].reshape(P.shape), dy[:, 0].reshape(P.shape)
    speed = np.hypot(U, V)
    figure = _figure(7.5, 6.5)
    axes = figure.add_subplot()
    stream = axes.streamplot(P, Q, U, V, color=speed, cmap="cividis", density=density, linewidth=1.4, arrowsize=1.4)
    colourbar = figure.colorbar(stream.lines, ax=axes, shrink=0.8, pad=0.02)
    colourbar.set_label("speed of change", fontsize=12)
    mark = _mark_rest_points if dynamics == "replicator" else _mark_nash
    handles = mark(axes, rest_points(game.as_float(), populations=2).points,
                   lambda r: (r.as_float()[0][0], r.as_float()[1][0]))
    row, column = game.players
    axes.set_xlabel(f"share of {row} playing {game.actions[0][0]}", fontsize=13)
    axes.set_ylabel(f"share of {column} playing {game.actions[1][0]}", fontsize=13)
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1)
    axes.set_aspect("equal")
    axes.tick_params(labelsize=11)
    if handles:
        figure.legend(handles=handles, loc="outside lower center", ncol=len(handles), fontsize=11, frameon=False)
    name = _NAMES[dynamics] + (f" (noise {noise:g})" if dynamics == "logit" else "")
    axes.set_title(_wrap(title or f"{game.title or 'Two populations'}: {name} dynamics"), fontsize=14)
    return figure


def trajectory_plot(trajectory, *, index=0, title: str | None = None):
    """Shares of each action over time, one panel per population.

    ``index`` picks one initial state when the trajectory holds many (an
    integer into the flattened batch).
    """
    populations = len(trajectory.states)
    figure = _figure(8.0, 3.4 * populations + 0.6)
    axes_list = figure.subplots(populations, 1, sharex=True, squeeze=False)[:, 0]
    for axes, states, name, labels in zip(axes_list, trajectory.states, trajectory.populations, trajectory.actions):
        flat = states.reshape(states.shape[0], -1, states.shape[-1])
        if not 0 <= index < flat.shape[1]:
            raise ValueError(f"index {index} out of range: the trajectory holds {flat.shape[1]} initial states")
        styles = ["-", "--", "-.", ":"]
        for a, label in enumerate(labels):
            axes.plot(trajectory.times, flat[:, index, a], color=OKABE_ITO[a % 7], linestyle=styles[a % 4],
                      linewidth=2.4, label=label)
        axes.set_ylim(-0.02, 1.02)
        axes.set_ylabel(f"share in {name}", fontsize=12)
        axes.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=11, frameon=False)
        axes.tick_params(labelsize=11)
        axes.grid(alpha=0.3)
    axes_list[-1].set_xlabel("round" if "fictitious" in trajectory.dynamics else "time", fontsize=12)
    axes_list[0].set_title(_wrap(title or f"{trajectory.dynamics.capitalize()} dynamics"), fontsize=14)
    return figure


def basin_plot(frame, x: str, *, rest_points=None, xlabel: str | None = None, title: str | None = None):
    """Basin size of each rest point against one swept parameter (a :func:`basin_sweep` frame).

    ``rest_points`` picks and orders the ``rest_point`` values to draw
    (default: every one with a positive basin somewhere).
    """
    if x not in frame.columns:
        raise ValueError(f"{x!r} is not a column of the basin frame; columns: {list(frame.columns)}")
    table = frame.pivot_table(index=x, columns="rest_point", values="basin", aggfunc="sum", fill_value=0.0, observed=True)
    names = list(rest_points) if rest_points is not None else [c for c in table.columns if table[c].max() > 0]
    figure = _figure(8.0, 5.0)
    axes = figure.add_subplot()
    markers = ["o", "s", "^", "D", "v", "P"]
    for k, name in enumerate(names):
        values = table[name] if name in table.columns else np.zeros(len(table))
        axes.plot(table.index, values, color=OKABE_ITO[k % 7], marker=markers[k % 6], linewidth=2.2,
                  markersize=5, label=str(name))
    axes.set_ylim(-0.02, 1.02)
    axes.set_xlabel(xlabel or x.replace("_", " "), fontsize=13)
    axes.set_ylabel("share of initial states (basin)", fontsize=13)
    axes.grid(alpha=0.3)
    axes.tick_params(labelsize=11)
    labels = [str(name) for name in names]
    columns = 1 if any(len(label) > 28 for label in labels) else min(len(labels), 4)
    figure.legend(loc="outside lower center", ncol=max(columns, 1), fontsize=11, frameon=False, title="ends at")
    axes.set_title(_wrap(title or "Basins of attraction"), fontsize=14)
    return figure
