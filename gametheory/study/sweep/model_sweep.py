"""Sweeps of a model over a parameter design: one tidy row per (point, equilibrium).

Small two-player games (at most 3 actions each) take the batched path: the
model's payoffs are evaluated over whole parameter arrays at once
(``Model.payoff_arrays``) and every game of a chunk is solved in one
vectorised pass (:func:`gametheory.solvers.batch.solve_bimatrix_batch`). Other games
fall back to the general solvers, one game per point. Both paths give the
same columns, so the comparison, tables and figures read either.

Columns of the result
---------------------
``point``
    Index of the parameter point in the design.
one column per swept or fixed parameter
    Its value at the point.
``equilibrium``
    Index of the equilibrium within the point (0, 1, ...).
``outcome``
    The pure profile in the model's labels (``"C,D"``), or ``"mixed"``.
``pure``
    Whether the equilibrium is pure.
``<player>:<action>``
    Probability the player puts on the action (fixed-size games).
``payoff:<player>``
    The player's expected payoff (fixed-size games).
``strategies``, ``payoffs``
    Text forms, used instead of the two above when the number of players
    varies across the design (a symmetric model whose player count is swept).
``max_regret``
    The certificate: the largest deviation gain at the equilibrium.
``n_equilibria``, ``degenerate``, ``continuum``
    Per point: how many (extreme) equilibria, and the flags of
    :class:`~gametheory.equilibrium.SolveResult`.
``game_class``
    For 2x2 games, the class name (:func:`gametheory.analysis.classify.classify_batch`);
    ``""`` for games with payoff ties.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

import numpy as np

from ...numerics import DEFAULT_TOL
from .design import design_size
from .design import grid as full_grid
from .design import samples as sample_points
from ...model.fingerprint import model_fingerprint
from .runner import DEFAULT_CHECKPOINT_SECONDS, run_chunks

__all__ = ["sweep", "sweep_design", "solve_points", "parameter_rows", "MIXED"]

#: Outcome label of a mixed equilibrium.
MIXED = "mixed"

#: Points in the first chunk of a normal-form sweep, before chunks are sized by time.
FIRST_CHUNK = 4096


def sweep_design(model, grid=None, samples=None, *, ranges=None, method="random", seed=0):
    """The parameter design of a sweep: a full grid or seeded samples.

    ``grid`` maps parameter names to values; ``samples`` is a number of points
    drawn in ``ranges`` (default: every parameter with a finite declared
    range). Names are checked against the model.
    """
    if (grid is None) == (samples is None):
        raise ValueError("give exactly one of grid={name: values} or samples=<number of points>")
    known = {p.name: p for p in model.parameters}
    if grid is not None:
        if not isinstance(grid, Mapping):
            raise TypeError(f"grid must be a mapping {{parameter: values}}, got {type(grid).__name__}")
        _check_names(grid, known, model)
        return full_grid(grid)
    if ranges is None:
        ranges = {
            p.name: (p.low, p.high)
            for p in _inputs(model)
            if p.low is not None and p.high is not None and p.low != p.high
        }
        if not ranges:
            raise ValueError(f"model {model.key!r} has no parameter with a finite range to sample; give ranges=")
    _check_names(ranges, known, model)
    integer = [name for name in ranges if known[name].integer]
    return sample_points(ranges, samples, seed=seed, method=method, integer=integer)


def _check_names(names, known, model, action: str = "swept") -> None:
    unknown = sorted(set(names) - set(known))
    if unknown:
        raise ValueError(f"model {model.key!r} has no parameter(s) {unknown}; parameters are {sorted(known)}")
    if hasattr(model, "refuse_derived"):  # a derived parameter follows the structural variables
        model.refuse_derived(names, action=action)


def _inputs(model):
    """The parameters a sweep may move or fix (every parameter but the derived ones)."""
    return getattr(model, "input_parameters", model.parameters)


def parameter_rows(model, values: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
    """Every parameter's column over ``n`` points: swept or fixed values, defaults, and derived values.

    ``values`` maps swept and fixed parameters to arrays of length ``n`` (or
    scalars); derived parameters are computed from them by their formulas.
    """
    columns = {}
    for p in _inputs(model):
        if p.name in values:
            columns[p.name] = np.broadcast_to(np.asarray(values[p.name], dtype=float), (n,))
        else:
            columns[p.name] = np.full(n, float(p.default))
    if getattr(model, "derived", None):
        derived = model.derived_values(**{name: np.asarray(column) for name, column in columns.items()})
        columns.update({name: np.broadcast_to(np.asarray(v, dtype=float), (n,)) for name, v in derived.items()})
    return {p.name: columns[p.name] for p in model.parameters}


def sweep(
    model,
    grid: Mapping[str, Sequence[float]] | None = None,
    samples: int | None = None,
    *,
    ranges: Mapping[str, tuple[float, float]] | None = None,
    method: str = "random",
    seed: int | None = 0,
    fixed: Mapping[str, float] | None = None,
    executor: str = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    chunk_size: int | None = None,
    checkpoint_seconds: float = DEFAULT_CHECKPOINT_SECONDS,
    directory=None,
    resume: bool = False,
    restart_if_different: bool = False,
    progress: bool = False,
    tol: float | None = None,
):
    """Solve a model at every point of a parameter design.

    Parameters
    ----------
    model : gametheory.model.Model, SymbolicGame or callable
        A model; or a game with symbolic payoffs, or a function
        ``f(**values) -> NormalFormGame``, swept over ``grid`` alone by
        :func:`gametheory.study.game_sweep.sweep_games`.
    grid : mapping, optional
        ``{parameter: values}``: the full Cartesian grid.
    samples : int, optional
        Number of seeded random (``method="random"``) or Latin-hypercube
        (``method="lhs"``) points in ``ranges``.
    ranges : mapping, optional
        ``{parameter: (low, high)}`` for ``samples``; default every
        parameter with a finite declared range.
    seed : int
        Seed of the sampler: the same seed gives the same rows, whatever the
        executor.
    fixed : mapping, optional
        Values of parameters that are not swept (defaults otherwise).
    executor, workers, scheduler, chunk_size, checkpoint_seconds, directory, resume, restart_if_different, progress :
        How chunks run and where they are kept; see
        :func:`gametheory.study.sweep.run_chunks`. Chunks are sized by time (one
        finished about every ``checkpoint_seconds``) unless ``chunk_size``
        fixes them. With a ``directory`` (a locked, fingerprinted results
        folder) an interrupted sweep resumes with ``resume=True``.
    tol : float, optional
        Solver tolerance (default :data:`gametheory.numerics.DEFAULT_TOL`;
        the regret tolerance of best-response iteration for continuous
        models, the blocking tolerance of stable structures for coalitional
        ones).

    Returns
    -------
    pandas.DataFrame
        One row per (parameter point, equilibrium); see the module notes.
        Continuous models give one row per point (the equilibrium found by
        best-response iteration), coalitional models one row per stable
        coalition structure: see :mod:`gametheory.study.sweep.kinds`.

    Examples
    --------
    >>> from gametheory.model import load_model
    >>> frame = sweep(load_model("stag_hunt"), grid={"temptation": [3, 5]})
    >>> print(frame[["temptation", "outcome", "n_equilibria", "game_class"]].to_string(index=False))
     temptation outcome  n_equilibria         game_class
            3.0     C,C             3          Stag Hunt
            3.0     D,D             3          Stag Hunt
            3.0   mixed             3          Stag Hunt
            5.0     D,D             1 Prisoner's Dilemma
    """
    if not hasattr(model, "sweep_axes"):  # a SymbolicGame or a function returning a NormalFormGame
        if samples is not None or grid is None:
            raise ValueError("a game or game function is swept over a grid={name: values}")
        from ..game_sweep import sweep_games

        return sweep_games(model, grid, fixed=fixed, tol=tol)
    design = sweep_design(model, grid, samples, ranges=ranges, method=method, seed=seed)
    fixed = dict(fixed or {})
    known = {p.name: p for p in model.parameters}
    _check_names(fixed, known, model, action="fixed")
    overlap = sorted(set(fixed) & set(design))
    if overlap:
        raise ValueError(f"parameters {overlap} are both swept and fixed")
    for name, value in fixed.items():
        fixed[name] = float(known[name].check(value, what="fixed value"))
    n_points = design_size(design)
    # Check the whole design against the declared ranges before any work.
    for name, values in design.items():
        _check_range(known[name], values)
    if getattr(model, "kind", "normal") == "tree":  # sequential models: gametheory.study.sweep.trees
        from .trees import TREE_FIRST_CHUNK, tree_task

        task, spec = tree_task(model, fixed=fixed, tol=tol)
        first_chunk = TREE_FIRST_CHUNK
    elif getattr(model, "kind", "normal") != "normal":  # continuous and coalitional models: gametheory.study.sweep.kinds
        from .kinds import KIND_FIRST_CHUNK, kind_task

        task, spec = kind_task(model, fixed=fixed, tol=tol)
        first_chunk = KIND_FIRST_CHUNK
    else:
        task = functools.partial(solve_points, model, fixed=fixed, tol=tol)
        spec = {
            "model": model.key,
            "model_fingerprint": model_fingerprint(model),
            "fixed": fixed,
            "tol": tol if tol is not None else DEFAULT_TOL,
        }
        first_chunk = FIRST_CHUNK
    frame = run_chunks(
        task,
        design,
        chunk_size=chunk_size,
        first_chunk=first_chunk,
        checkpoint_seconds=checkpoint_seconds,
        executor=executor,
        workers=workers,
        scheduler=scheduler,
        directory=directory,
        resume=resume,
        restart_if_different=restart_if_different,
        progress=progress,
        spec=spec,
        description=f"sweep {model.key}",
    )
    frame.attrs["model"] = model.key
    frame.attrs["n_points"] = n_points
    frame.attrs["swept"] = list(design)
    frame.attrs["fixed"] = fixed
    return frame


def _check_range(parameter, values: np.ndarray) -> None:
    values = np.asarray(values, dtype=float)
    bad = ~np.isfinite(values)
    if parameter.low is not None:
        bad |= values < float(parameter.low)
    if parameter.high is not None:
        bad |= values > float(parameter.high)
    if parameter.integer:
        bad |= values != np.round(values)
    if bad.any():
        raise ValueError(
            f"parameter {parameter.name!r} takes value {values[bad][0]} in the design, outside its range "
            f"{parameter.bounds_text()}"
        )


def solve_points(model, part: Mapping[str, np.ndarray], *, fixed: Mapping[str, float] | None = None, tol=None):
    """Solve the model at every point of one chunk and return its tidy rows.

    This is the task a sweep runs per chunk; ``point`` is local to the chunk.
    """
    fixed = dict(fixed or {})
    n = design_size(part)
    count_name = getattr(model, "player_count_parameter", None)
    varying_players = count_name is not None and count_name in part and np.unique(part[count_name]).size > 1
    if not varying_players:
        structural = {}
        if count_name is not None:
            structural[count_name] = int(part[count_name][0]) if count_name in part else fixed.get(count_name)
            structural = {k: v for k, v in structural.items() if v is not None}
        shape = model.symbolic_game(**structural).shape
        if len(shape) == 2 and max(shape) <= 3:
            return _batched_bimatrix(model, part, fixed, tol, n)
    return _general(model, part, fixed, tol, n, text_columns=varying_players)


def _parameter_columns(model, part, fixed, index: np.ndarray) -> dict:
    if getattr(model, "derived", None):
        n = design_size(part)
        rows = parameter_rows(model, {**fixed, **part}, n)
        return {name: column[index] for name, column in rows.items()}
    columns = {}
    for p in model.parameters:
        if p.name in part:
            columns[p.name] = np.asarray(part[p.name], dtype=float)[index]
        else:
            columns[p.name] = np.full(index.shape[0], float(fixed.get(p.name, p.default)))
    return columns


def _batched_bimatrix(model, part, fixed, tol, n: int):
    """The chunk's rows through the batched solver: one vectorised pass over all its points.

    Every per-point value reaches the rows by one gather over the sorted game
    index of the equilibria, the per-row arrays are built once in their final
    dtype (categorical codes, not strings), and the class names of 2x2 games
    use the fixed list of all class names, so every chunk's categorical has
    the same categories and chunks concatenate without conversion.
    """
    import pandas as pd

    from ...solvers.batch import solve_bimatrix_batch
    from ...analysis.classify import _batch_table, classify_batch

    arrays = {name: np.asarray(values, dtype=float) for name, values in part.items()}
    arrays.update({name: np.broadcast_to(np.float64(value), (n,)) for name, value in fixed.items()})
    A, B = model.payoff_arrays(**arrays)
    A = np.broadcast_to(A, (n,) + A.shape[-2:])
    B = np.broadcast_to(B, (n,) + B.shape[-2:])
    result = solve_bimatrix_batch(A, B, tol=tol)
    game = result.game
    K = game.shape[0]
    players = model.players
    actions = model.actions
    m, k = A.shape[-2:]
    columns = {"point": game}
    columns.update(_parameter_columns(model, part, fixed, game))
    equilibrium = np.arange(K, dtype=np.int64)
    equilibrium -= result.offsets.take(game)
    columns["equilibrium"] = equilibrium
    # Pure profiles: the action with probability 1 (the first maximum, as argmax).
    row, column = result.row, result.column
    best_actions = []
    pure = None
    for strategy in (row, column):
        best = strategy[:, 0]
        action = np.zeros(K, dtype=np.int8)
        for i in range(1, strategy.shape[1]):
            better = strategy[:, i] > best
            action[better] = i
            best = np.maximum(best, strategy[:, i])
        played = best >= 1.0 - result.tol
        pure = played if pure is None else pure & played
        best_actions.append(action)
    codes = best_actions[0]
    codes *= k
    codes += best_actions[1]
    codes[~pure] = m * k
    categories = [f"{a},{b}" for a in actions[0] for b in actions[1]] + [MIXED]
    columns["outcome"] = pd.Categorical.from_codes(codes, categories=categories, validate=False)
    columns["pure"] = pure
    for i, label in enumerate(actions[0]):
        columns[f"{players[0]}:{label}"] = row[:, i]
    for j, label in enumerate(actions[1]):
        columns[f"{players[1]}:{label}"] = column[:, j]
    columns[f"payoff:{players[0]}"] = result.payoffs[:, 0]
    columns[f"payoff:{players[1]}"] = result.payoffs[:, 1]
    columns["max_regret"] = np.maximum(result.regrets[:, 0], result.regrets[:, 1])
    columns["n_equilibria"] = result.n_equilibria.take(game)
    columns["degenerate"] = result.degenerate.take(game)
    columns["continuum"] = result.continuum.take(game)
    if (m, k) == (2, 2):
        _, indices = classify_batch(A, B, tol=tol)
        names, class_codes = np.unique(_batch_table()[0], return_inverse=True)
        per_game = class_codes.astype(np.int16).take(indices)
        columns["game_class"] = pd.Categorical.from_codes(
            per_game.take(game), categories=[str(name) for name in names], validate=False
        )
    return pd.DataFrame(columns)


def _general(model, part, fixed, tol, n: int, *, text_columns: bool):
    """One game per point through the general solvers (n-player, larger or Bayesian games)."""
    import pandas as pd

    from ...numerics import format_value
    from ...solvers import solve

    known = {p.name: p for p in model.parameters}
    rows: dict[str, list] = {}

    def add(key, value):
        rows.setdefault(key, []).append(value)

    for point in range(n):
        values = {name: _native(known[name], part[name][point]) for name in part}
        values.update({name: _native(known[name], value) for name, value in fixed.items()})
        game = model.game(exact=False, **values)
        result = solve(game, tol=tol)
        count = len(result.equilibria)
        derived = model.derived_values(**values) if getattr(model, "derived", None) else {}
        for k, equilibrium in enumerate(result.equilibria):
            add("point", point)
            for p in model.parameters:
                add(p.name, float(derived[p.name] if p.name in derived else values.get(p.name, p.default)))
            add("equilibrium", k)
            profile = equilibrium.pure_profile
            add("outcome", ",".join(profile) if profile is not None else MIXED)
            add("pure", equilibrium.is_pure)
            if text_columns:
                add("strategies", equilibrium.describe())
                add("payoffs", ", ".join(format_value(v) for v in equilibrium.payoffs))
            else:
                for i, player in enumerate(game.players):
                    for a, label in enumerate(game.actions[i]):
                        add(f"{player}:{label}", float(equilibrium.strategies[i][a]))
                for i, player in enumerate(game.players):
                    add(f"payoff:{player}", float(equilibrium.payoffs[i]))
            add("max_regret", float(equilibrium.max_regret))
            add("n_equilibria", count)
            add("degenerate", bool(result.degenerate))
            add("continuum", bool(result.continuum))
            add("complete", bool(result.complete))
    frame = pd.DataFrame(rows)
    if "outcome" in frame:
        frame["outcome"] = frame["outcome"].astype("category")
    return frame


def _native(parameter, value):
    """A design value as the parameter's own kind of number (ints for integer parameters)."""
    value = float(value)
    if parameter.integer:
        return int(round(value))
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value

