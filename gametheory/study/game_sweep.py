"""Sweeps of any game over a parameter grid: a symbolic game, or a plain function returning a game.

:func:`gametheory.study.sweep.sweep` sweeps a library model (batched,
chunked, resumable). :func:`sweep_games` gives the same tidy rows for games
that are not models: a :class:`~gametheory.games.symbolic.SymbolicGame`
(payoffs as sympy expressions of named parameters), or any function that
takes the parameters as keyword arguments and returns a
:class:`~gametheory.games.normal_form.NormalFormGame`. Each point is solved
by :func:`gametheory.solve`, so every row carries its certificate.

Columns: ``point``, one column per grid parameter, ``equilibrium``,
``outcome`` (the pure profile ``"C,D"`` or ``"mixed"``), ``pure``,
``<player>:<action>`` probabilities and ``payoff:<player>`` (or the text
columns ``strategies`` and ``payoffs`` when the game's shape changes over
the grid), ``max_regret``, ``n_equilibria``, ``degenerate``, ``continuum``,
``complete`` -- the columns of a model's sweep, so
:func:`gametheory.study.plots.equilibrium_map` and the tables read them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

__all__ = ["sweep_games"]


def _game_function(source) -> tuple[Callable, dict, str]:
    """``(values -> NormalFormGame, {name: Parameter or None}, name)`` for a symbolic game or a function."""
    from ..games.symbolic import SymbolicGame

    if isinstance(source, SymbolicGame):
        def game_at(values):
            return source.game(exact=False, **values)

        return game_at, {p.name: p for p in source.parameters}, source.title or "symbolic game"
    if callable(source):
        def game_at(values):
            from ..games.normal_form import NormalFormGame

            game = source(**values)
            if not isinstance(game, NormalFormGame):
                shown = ", ".join(f"{k}={v}" for k, v in values.items())
                raise TypeError(f"{getattr(source, '__name__', 'the function')}({shown}) returned "
                                f"{type(game).__name__}, expected a NormalFormGame")
            return game

        return game_at, {}, getattr(source, "__name__", "game function")
    raise TypeError(f"sweep_games needs a SymbolicGame or a function returning a NormalFormGame, "
                    f"got {type(source).__name__}")


def sweep_games(source, grid: Mapping[str, Sequence[float]], *, fixed: Mapping[str, object] | None = None,
                tol: float | None = None):
    """Solve a symbolic game, or the game a function returns, at every point of a grid.

    Parameters
    ----------
    source : SymbolicGame or callable
        A game with symbolic payoffs, or ``f(**values) -> NormalFormGame``.
    grid : mapping
        ``{parameter: values}``: the full Cartesian grid (the first
        parameter varies slowest).
    fixed : mapping, optional
        Values passed at every point (parameters not swept).
    tol : float, optional
        Solver tolerance (default :data:`gametheory.numerics.DEFAULT_TOL`).

    Returns
    -------
    pandas.DataFrame
        One row per (point, equilibrium); see the module notes.

    Raises
    ------
    ValueError
        For an unknown parameter of a symbolic game, or a value outside its range.
    TypeError
        When the function does not return a NormalFormGame.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> def deterrence(cost):
    ...     return NormalFormGame.from_bimatrix([[3, 0], [4 - cost, 1]], [[3, 4 - cost], [0, 1]],
    ...                                         actions=(["C", "D"], ["C", "D"]))
    >>> frame = sweep_games(deterrence, {"cost": [0, 2]})
    >>> print(frame[["cost", "outcome", "max_regret"]].to_string(index=False))
     cost outcome  max_regret
      0.0     D,D         0.0
      2.0     C,C         0.0
      2.0   mixed         0.0
      2.0     D,D         0.0
    """
    import pandas as pd

    from ..numerics import format_value
    from ..solvers import solve
    from .sweep.design import design_size
    from .sweep.design import grid as full_grid

    game_at, parameters, name = _game_function(source)
    fixed = dict(fixed or {})
    if parameters:
        unknown = sorted((set(grid) | set(fixed)) - set(parameters))
        if unknown:
            raise ValueError(f"unknown parameter(s) {unknown}; parameters are {sorted(parameters)}")
    overlap = sorted(set(grid) & set(fixed))
    if overlap:
        raise ValueError(f"parameters {overlap} are both swept and fixed")
    design = full_grid(grid)
    n = design_size(design)
    games, results = [], []
    for point in range(n):
        values = {key: _native(design[key][point]) for key in design}
        values.update(fixed)
        for key, value in values.items():
            if key in parameters:
                parameters[key].check(value, what=f"value of {key!r}")
        game = game_at(values)
        games.append(game)
        results.append(solve(game, tol=tol))
    same_shape = len({(g.players, g.actions) for g in games}) == 1
    rows: dict[str, list] = {}

    def add(key, value):
        rows.setdefault(key, []).append(value)

    for point, (game, result) in enumerate(zip(games, results)):
        for k, equilibrium in enumerate(result.equilibria):
            add("point", point)
            for key in design:
                add(key, float(design[key][point]))
            add("equilibrium", k)
            profile = equilibrium.pure_profile
            add("outcome", ",".join(profile) if profile is not None else "mixed")
            add("pure", equilibrium.is_pure)
            if same_shape:
                for i, player in enumerate(game.players):
                    for a, label in enumerate(game.actions[i]):
                        add(f"{player}:{label}", float(equilibrium.strategies[i][a]))
                for i, player in enumerate(game.players):
                    add(f"payoff:{player}", float(equilibrium.payoffs[i]))
            else:
                add("strategies", equilibrium.describe())
                add("payoffs", ", ".join(format_value(v) for v in equilibrium.payoffs))
            add("max_regret", float(equilibrium.max_regret))
            add("n_equilibria", len(result.equilibria))
            add("degenerate", bool(result.degenerate))
            add("continuum", bool(result.continuum))
            add("complete", bool(result.complete))
    frame = pd.DataFrame(rows)
    frame.attrs.update(model=name, n_points=n, swept=list(design), fixed=fixed)
    return frame


def _native(value):
    value = float(value)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value
