"""Sweeps of the model kinds that are not normal-form games: continuous and coalitional.

:func:`gametheory.study.sweep.sweep` hands a model whose :attr:`~gametheory.model.Model.kind`
is ``"continuous"`` or ``"coalitional"`` to :func:`kind_task`, whose task
solves one chunk of the design point by point, with the same chunked,
resumable execution (:func:`~gametheory.study.sweep.run_chunks`) as normal-form
sweeps: progress bars, interrupts and ``resume=True`` work alike.

Continuous models (one row per point)
-------------------------------------
The game at the point (``model.continuous_game``) is solved by best-response
iteration (:func:`gametheory.games.continuous.best_response_iteration`), which
certifies its answer by each player's regret. Columns:

``point``, one column per parameter, ``equilibrium`` (0)
    As in normal-form sweeps.
``outcome``
    The model's testable outcomes whose condition holds at the equilibrium,
    in declaration order joined by ``" + "``; :data:`NO_OUTCOME` when none
    does, :data:`NO_EQUILIBRIUM` when the iterate is not certified.
one column per action variable (``q_1``, ...)
    The equilibrium actions (the last iterate if not certified); an absent
    player's action holds the value it is fixed at (its low bound).
``present:<player>``
    Whether the player takes part in the game at the point (a model's
    ``present`` condition; True for a player without one).
``payoff:<player>``, ``regret:<player>``, ``max_regret``
    Payoffs and the certificate of the players present; NaN (empty) for an
    absent player, which has neither.
``certified``, ``converged``, ``iterations``
    Whether every regret is within the tolerance; how the iteration ended.
``n_equilibria``
    1 when the point's equilibrium is certified, else 0.

Coalitional models (one row per stable coalition structure)
-----------------------------------------------------------
The simple game at the point (``model.coalition_game``, at exact parameter
values) and its stable structures under the model's division rule
(:meth:`gametheory.games.coalitional.CoalitionGame.stable_partitions`). Columns:

``point``, the parameters, ``equilibrium``
    Index of the stable structure within the point.
``structure``
    The structure as text: members of a coalition joined by ``+``,
    coalitions by `` | `` (``"Britain+France | Germany+Russia"``).
``outcome``
    The testable outcomes holding at the structure (as above);
    :data:`NO_STABLE` on the single row of a point without stable structures.
one column per feature of :data:`gametheory.model.kinds.coalitional.COALITION_FEATURES` and per-state feature
    The numbers the outcome conditions test (NaN for the structure's own
    features on a row without a structure).
``share:<state>``
    The state's share of its coalition's worth under the division rule.
``blocking``
    The certificate: how many coalitions would block the structure (0).
``certified``
    True on a stable structure's row, False on the placeholder row.
``n_equilibria``
    The number of stable structures at the point.

Outcome conditions are decided with :func:`outcome_tolerance`: a relative
:data:`ACTION_TOL` for continuous models, whose equilibrium actions are
numerical approximations, and :data:`~gametheory.numerics.DEFAULT_TOL` for
coalitional features, which are sums of exactly known resources.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import numpy as np

from ...model.fingerprint import model_fingerprint
from ...numerics import DEFAULT_TOL, to_fraction
from .design import design_size

__all__ = [
    "ABSENT",
    "ACTION_TOL",
    "KIND_FIRST_CHUNK",
    "NO_EQUILIBRIUM",
    "NO_OUTCOME",
    "NO_STABLE",
    "coalition_features",
    "equilibria_at_defaults",
    "kind_task",
    "outcome_labels",
    "outcome_table",
    "outcome_tolerance",
    "solve_kind_points",
    "system_features",
]

#: Relative tolerance of outcome conditions on equilibrium actions found by
#: best-response iteration: numeric best responses are located to about the
#: square root of machine precision (about 1.5e-8) and the iteration stops
#: when a step is below 1e-8, so actions are known to roughly 1e-8; 1e-6
#: leaves a margin (an action of 1e-9 counts as 0, one of 1e-5 does not).
ACTION_TOL = 1e-6

#: Points in the first chunk of a continuous or coalitional sweep (each point
#: is solved on its own, at 0.1-0.3 s; later chunks are sized by time).
KIND_FIRST_CHUNK = 4

#: Outcome label of an equilibrium (or structure) at which no testable outcome holds.
NO_OUTCOME = "(none)"
#: Outcome label of a continuous point whose last iterate is not a certified equilibrium.
NO_EQUILIBRIUM = "(no equilibrium found)"
#: Outcome label of the row of a coalitional point without a stable structure.
NO_STABLE = "(no stable structure)"
#: What a table shows for the payoff of a player absent at the point (continuous models).
ABSENT = "absent"


def outcome_tolerance(model) -> float:
    """The relative tolerance with which a model's outcome conditions are decided on sweep rows.

    Examples
    --------
    >>> from gametheory.model import load_model
    >>> outcome_tolerance(load_model("burden_sharing_continuous")), outcome_tolerance(load_model("balance_of_power"))
    (1e-06, 1e-09)
    """
    _check_kind(model)
    return ACTION_TOL if model.kind == "continuous" else DEFAULT_TOL


def _check_kind(model) -> None:
    kind = getattr(model, "kind", None)
    if kind not in ("continuous", "coalitional"):
        raise TypeError(f"expected a continuous or coalitional model, got a {kind!r} model {getattr(model, 'key', model)!r}")


def kind_task(model, *, fixed: Mapping | None = None, tol: float | None = None):
    """The chunk task and the resume specification of a continuous or coalitional sweep.

    Returns
    -------
    task : functools.partial
        ``task(part) -> DataFrame``, picklable for process and Dask executors.
    spec : dict
        JSON-able description recognised on ``resume=True``.
    """
    _check_kind(model)
    fixed = dict(fixed or {})
    task = functools.partial(solve_kind_points, model, fixed=fixed, tol=tol)
    spec = {
        "model": model.key,
        "kind": model.kind,
        "model_fingerprint": model_fingerprint(model),
        "fixed": fixed,
        "tol": tol if tol is not None else DEFAULT_TOL,
        "outcome_tol": outcome_tolerance(model),
    }
    return task, spec


def solve_kind_points(model, part: Mapping[str, np.ndarray], *, fixed: Mapping | None = None, tol: float | None = None):
    """Solve a continuous or coalitional model at every point of one chunk; tidy rows (see the module notes).

    ``point`` is local to the chunk, as for :func:`gametheory.study.sweep.solve_points`.

    Examples
    --------
    >>> import numpy as np
    >>> from gametheory.model import load_model
    >>> model = load_model("burden_sharing_continuous")
    >>> rows = solve_kind_points(model, {"income_2": np.array([8.0, 4.0])})
    >>> rows[["income_2", "q_1", "q_2", "outcome", "certified"]].round(6).to_string(index=False)
    ' income_2  q_1  q_2          outcome  certified\\n      8.0  4.0  2.0  both_contribute       True\\n      4.0  5.0  0.0 small_free_rides       True'
    """
    _check_kind(model)
    fixed = dict(fixed or {})
    n = design_size(part)
    solve_one = _continuous_rows if model.kind == "continuous" else _coalitional_rows
    rows: dict[str, list] = {}
    for point in range(n):
        values = {name: part[name][point] for name in part}
        values.update(fixed)
        for row in solve_one(model, values, tol):
            row = {"point": point, **_parameter_values(model, values), **row}
            for key, value in row.items():
                rows.setdefault(key, []).append(value)
    import pandas as pd

    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame["outcome"] = frame["outcome"].astype(str)
    frame["outcome"] = outcome_labels(model, frame, certified=frame["certified"].to_numpy(dtype=bool))
    return frame


def _parameter_values(model, values) -> dict:
    """Every parameter's value at a point as a float: given, default, or derived by its formula."""
    derived = getattr(model, "derived", None)
    if derived:
        inputs = {name: value for name, value in values.items() if name not in derived}
        derived = model.derived_values(**_exact(model, inputs))
    return {p.name: float(derived[p.name]) if derived and p.name in derived else
            float(values[p.name]) if p.name in values else float(to_fraction(p.default)) for p in model.parameters}


def _exact(model, values) -> dict:
    """Design values as exact numbers (floats through their shortest decimal form; integers for integer parameters)."""
    known = {p.name: p for p in model.parameters}
    result = {}
    for name, value in values.items():
        value = to_fraction(float(value), what=f"value of {name!r}")
        if known[name].integer or value.denominator == 1:
            value = int(value)
        result[name] = value
    return result


# -------------------------------------------------------------- continuous
def _continuous_rows(model, values, tol):
    from ...games.continuous import best_response_iteration

    exact = _exact(model, values)
    try:
        game = model.continuous_game(**exact)
    except ValueError as error:
        raise ValueError(f"model {model.key!r} at {exact}: {error}") from None
    result = best_response_iteration(game, regret_tol=tol)
    actions = game.action_values(result.point)
    payoffs = dict(zip(game.players, result.payoffs))
    regrets = dict(zip(game.players, result.regrets))
    row = {"equilibrium": 0, "outcome": ""}
    for variable in model.action_variables:
        row[variable] = float(actions[variable])
    for player in model.players:
        row[f"present:{player}"] = player in payoffs
    for player in model.players:
        row[f"payoff:{player}"] = float(payoffs.get(player, np.nan))
    for player in model.players:
        row[f"regret:{player}"] = float(regrets.get(player, np.nan))
    row["max_regret"] = float(result.max_regret)
    row["certified"] = bool(result.is_equilibrium)
    row["converged"] = bool(result.converged)
    row["iterations"] = int(result.iterations)
    row["n_equilibria"] = int(result.is_equilibrium)
    return [row]


# ------------------------------------------------------------- coalitional
def coalition_features(model, values: Mapping | None = None, *, tol: float | None = None) -> list[dict]:
    """The stable structures of a coalitional model at the values, each with its features.

    Parameters
    ----------
    model : gametheory.model.Model
        A coalitional model.
    values : mapping, optional
        Parameter values (defaults for the rest); exact numbers keep the
        computation exact.
    tol : float, optional
        Tolerance of the blocking test in float mode (see
        :meth:`~gametheory.games.coalitional.CoalitionGame.check_partition`).

    Returns
    -------
    list of dict
        One per stable structure (under the model's division rule), in the
        order of :meth:`~gametheory.games.coalitional.CoalitionGame.stable_partitions`:
        ``structure`` (tuple of coalitions), ``shares`` (``{state: share}``),
        ``blocking`` (the blocking coalitions: none) and ``features``
        (``{feature: number}``, every name of
        :attr:`~gametheory.model.Model.outcome_variables`). Empty when no
        structure is stable; :func:`system_features` gives the point's own
        features then.

    Examples
    --------
    >>> from gametheory.model import load_model
    >>> model = load_model("balance_of_power")
    >>> first = coalition_features(model)[0]
    >>> first["structure"]
    (('Britain', 'France'), ('Germany', 'Russia'))
    >>> {k: first["features"][k] for k in ("winning_power", "least_winning_power", "dominant_states", "in_winning_Germany")}
    {'winning_power': 9, 'least_winning_power': 9, 'dominant_states': 0, 'in_winning_Germany': 1}
    """
    _check_kind(model)
    if model.kind != "coalitional":
        raise TypeError(f"coalition_features() takes a coalitional model, got a {model.kind} model {model.key!r}")
    values = dict(values or {})
    resources = model.coalition_resources(**values)
    game = model.coalition_game(**values)
    stable = game.stable_partitions(division=model.division, tol=tol)
    system, winning = _system_features(game, resources)
    system["stable_structures"] = len(stable)
    found = []
    for s in stable:
        features = dict(_structure_features(s.partition, winning, resources, game.players))
        features.update(system)
        ordered = {name: features[name] for name in model.outcome_variables}
        found.append({"structure": s.partition, "shares": dict(s.payoffs), "blocking": s.blocking, "features": ordered})
    return found


def system_features(model, values: Mapping | None = None, *, tol: float | None = None) -> dict:
    """The features of a coalitional model's system at the values (the same at every structure).

    Examples
    --------
    >>> from gametheory.model import load_model
    >>> system_features(load_model("balance_of_power"), {"power_germany": 11})["essential_states"]
    1
    """
    _check_kind(model)
    if model.kind != "coalitional":
        raise TypeError(f"system_features() takes a coalitional model, got a {model.kind} model {model.key!r}")
    values = dict(values or {})
    game = model.coalition_game(**values)
    system, _ = _system_features(game, model.coalition_resources(**values))
    system["stable_structures"] = len(game.stable_partitions(division=model.division, tol=tol))
    return system


def _system_features(game, resources) -> tuple[dict, set]:
    from ...games.coalitional import set_partitions

    players = game.players
    winning = {frozenset(c) for c in game.winning_coalitions()}
    everyone = frozenset(players)
    essential = set(everyone)
    for coalition in winning:
        essential &= coalition
    secure = 0
    for partition in set_partitions(players):
        if all(frozenset(block) == everyone or frozenset(block) not in winning for block in partition):
            secure += 1
    features = {
        "total_power": sum(resources.values()),
        "least_winning_power": min((sum(resources[p] for p in c) for c in winning), default=float("nan")),
        "dominant_states": sum(1 for p in players if frozenset([p]) in winning),
        "essential_states": len(essential) if winning else 0,
        "secure_structures": secure,
    }
    return features, winning


def _structure_features(partition, winning: set, resources, players) -> dict:
    import re

    blocks = [frozenset(block) for block in partition]
    wins = [block for block in blocks if block in winning]
    inside = frozenset().union(*wins) if wins else frozenset()
    threatened = set()
    for block in wins:
        threatened |= set(players) - block
    features = {
        "blocks": len(blocks),
        "winning_blocks": len(wins),
        "winning_size": len(inside),
        "winning_power": sum((resources[p] for p in inside), 0),
        "threatened_states": len(threatened),
    }
    for p in players:
        features["in_winning_" + re.sub(r"\W", "_", p, flags=re.ASCII)] = int(p in inside)
    return features


def beyond_float_range(model, exact) -> ValueError:
    """The error of a point whose exact values do not fit the float columns of a results table."""
    return ValueError(f"model {model.key!r} at {exact}: a payoff or resource is beyond the float range of a "
                      "results table (about 1.8e308); rescale the model")


def _coalitional_rows(model, values, tol):
    exact = _exact(model, values)
    try:
        return _structure_rows(model, exact, coalition_features(model, exact, tol=tol), tol)
    except ValueError as error:
        raise ValueError(f"model {model.key!r} at {exact}: {error}") from None
    except OverflowError:
        raise beyond_float_range(model, exact) from None


def _structure_rows(model, exact, structures, tol):
    players = model.players
    if not structures:
        system = system_features(model, exact, tol=tol)
        row = {"equilibrium": 0, "structure": NO_STABLE, "outcome": ""}
        row.update({name: float(system[name]) if name in system else float("nan") for name in model.outcome_variables})
        row.update({f"share:{p}": float("nan") for p in players})
        row.update({"blocking": 0, "certified": False, "n_equilibria": 0})
        return [row]
    rows = []
    for k, found in enumerate(structures):
        row = {"equilibrium": k, "structure": " | ".join("+".join(block) for block in found["structure"]), "outcome": ""}
        row.update({name: float(value) for name, value in found["features"].items()})
        row.update({f"share:{p}": float(found["shares"][p]) for p in players})
        row.update({"blocking": len(found["blocking"]), "certified": True, "n_equilibria": len(structures)})
        rows.append(row)
    return rows


# ---------------------------------------------------------------- outcomes
def outcome_labels(model, frame, *, certified=None) -> np.ndarray:
    """Per row of a kind sweep, the testable outcomes that hold there, joined by ``" + "``.

    Rows where ``certified`` is False get :data:`NO_EQUILIBRIUM` (continuous)
    or :data:`NO_STABLE` (coalitional); rows where no outcome holds get
    :data:`NO_OUTCOME`.
    """
    _check_kind(model)
    n = len(frame)
    holds = outcome_table(model, frame)
    labels = np.full(n, "", dtype=object)
    for name, mask in holds.items():
        labels[mask] = [label + " + " + name if label else name for label in labels[mask]]
    labels[labels == ""] = NO_OUTCOME
    if certified is not None:
        certified = np.asarray(certified, dtype=bool)
        labels[~certified] = NO_EQUILIBRIUM if model.kind == "continuous" else NO_STABLE
    return labels


def outcome_table(model, frame) -> dict[str, np.ndarray]:
    """``{outcome: bool per row}``: where each testable outcome's condition holds on a kind sweep's rows.

    Reads the parameter and outcome-variable columns of ``frame`` and decides
    every comparison with :func:`outcome_tolerance`.
    """
    _check_kind(model)
    names = [p.name for p in getattr(model, "input_parameters", model.parameters)] + list(model.outcome_variables)
    missing = [name for name in names if name not in frame.columns]
    if missing:
        raise ValueError(f"the sweep frame lacks columns {missing}; was it made from model {model.key!r}?")
    arrays = {name: frame[name].to_numpy(dtype=float) for name in names}  # derived values follow from the inputs
    tol = outcome_tolerance(model)
    return {name: model.outcome_holds(name, tol=tol, **arrays) for name in model.outcome_conditions}


def equilibria_at_defaults(model, *, tol: float | None = None):
    """A table of what the engine finds at the model's default parameters, for reports.

    Continuous models: the equilibrium's actions, payoffs, maximum regret and
    outcome (the payoff of a player absent at the defaults reads
    ``"absent"``); coalitional models: one row per stable structure with its
    outcome, each state's share and the number of blocking coalitions.

    Examples
    --------
    >>> from gametheory.model import load_model
    >>> table = equilibria_at_defaults(load_model("burden_sharing_continuous"))
    >>> table[["q_1", "q_2", "outcome"]].round(6).to_string(index=False)
    ' q_1  q_2         outcome\\n 4.0  2.0 both_contribute'
    """
    _check_kind(model)
    first = getattr(model, "input_parameters", model.parameters)[0]
    rows = solve_kind_points(model, {first.name: np.array([float(to_fraction(first.default))])}, tol=tol)
    if model.kind == "continuous":
        columns = (list(model.action_variables) + [f"payoff:{p}" for p in model.players]
                   + ["max_regret", "certified", "outcome"])
        rows = rows.copy()
        for player in model.players:
            absent = ~rows[f"present:{player}"].to_numpy(dtype=bool)
            if absent.any():
                rows[f"payoff:{player}"] = rows[f"payoff:{player}"].astype(object)
                rows.loc[absent, f"payoff:{player}"] = ABSENT
    else:
        columns = ["structure", "outcome"] + [f"share:{p}" for p in model.players] + ["blocking"]
    return rows[columns].reset_index(drop=True)
