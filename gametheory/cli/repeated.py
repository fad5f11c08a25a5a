"""The ``gametheory repeated`` command: a model's stage game repeated, and a profile of automata in it.

``gametheory repeated MODEL --strategies grim,tft --delta 0.6`` prints the
play, the discounted payoffs, whether the profile is a subgame perfect and a
Nash equilibrium at that discount factor (with the most profitable deviation
when it is not), the exact sets of discount factors where it is, the critical
discount factors, and their closed forms in the model's parameters.
``--solve-for NAME`` adds the set of values of one parameter (say the common
threat) where the profile is an SPE at the given discount factor.
``--format json`` prints one JSON object instead.

Strategies are library names (``allc``, ``alld``, ``grim``, ``grudger``,
``tft``, ``tf2t``, ``wsls``, ``punish<k>``) or TOML files describing an
automaton (see :meth:`gametheory.games.repeated.automata.Automaton.from_dict`).
The discount factor defaults to the model's ``discount`` parameter when it
declares one.

Examples
--------
>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(repeated, ["alliance_burden_sharing_repeated", "--strategies", "grim", "--delta", "1/2"])
>>> print(next(line for line in result.output.splitlines() if line.startswith("SPE for delta")))
SPE for delta in: Interval.Ropen(1/3, 1); critical discount factor 1/3
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import click

from ..io.toml_files import TomlFileError, read_toml

__all__ = ["repeated", "parse_strategies", "MAX_AUTOMATON_FILE_BYTES"]

#: Largest automaton file read, in bytes.
MAX_AUTOMATON_FILE_BYTES = 1_000_000


def _error(message):
    from .common import ModelArgumentError

    return ModelArgumentError(" ".join(str(message).split()))


def parse_strategies(text: str):
    """Two automata from ``"grim,tft"`` (one name means both players play it); TOML paths allowed.

    Examples
    --------
    >>> [a.name for a in parse_strategies("grim,tft")]
    ['Grim Trigger', 'Tit for Tat']
    """
    from ..games.repeated.automata import Automaton
    from ..games.repeated.strategies import strategy

    tokens = [t.strip() for t in text.split(",") if t.strip()]
    if len(tokens) == 1:
        tokens = tokens * 2
    if len(tokens) != 2:
        raise _error(f"--strategies expects one or two strategies separated by a comma, got {text!r}")
    result = []
    for token in tokens:
        if token.endswith(".toml"):
            path = Path(token)
            try:
                data = read_toml(path, max_bytes=MAX_AUTOMATON_FILE_BYTES, what="automaton file")
            except OSError as error:
                raise _error(f"{token}: {error.strerror or error}") from None
            except TomlFileError as error:
                raise _error(str(error)) from None
            try:
                result.append(Automaton.from_dict(data, name=path.stem))
            except (TypeError, ValueError) as error:
                raise _error(f"{token}: {error}") from None
        else:
            try:
                result.append(strategy(token))
            except ValueError as error:
                raise _error(error) from None
    return tuple(result)


def _text(value) -> str:
    from ..numerics import format_value

    if isinstance(value, (int, Fraction, float)):
        return format_value(value)
    return str(value)


def _label(profile) -> str:
    return "(" + ", ".join(profile) + ")"


def _analyse(model, values, strategies, delta, horizon, solve_for):
    import sympy

    from ..games.repeated import analysis as an
    from ..games.repeated import discount as dc
    from ..games.repeated.game import RepeatedGame

    try:
        stage = model.game(**values)
        game = RepeatedGame(stage, delta, horizon=horizon)
        players = stage.players
        bound = [game.role_map(s.alphabet, i) for i, s in enumerate(strategies)]
        payoffs = an.discounted_payoffs(game, strategies)
        prefix, cycle = an.outcome_path(game, strategies)
        spe = an.check_spe(game, strategies)
        nash = an.check_nash(game, strategies)
    except ValueError as error:
        raise _error(f"{model.key}: {error}") from None
    result = {
        "model": model.key,
        "title": model.title,
        "parameters": {p.name: _text(p.check(values.get(p.name, p.default))) for p in model.parameters},
        "strategies": {players[i]: strategies[i].name for i in range(2)},
        "roles": {players[i]: bound[i] for i in range(2)},
        "discount": _text(delta),
        "horizon": horizon,
        "path": {"prefix": [list(p) for p in prefix], "cycle": [list(p) for p in cycle]},
        "payoffs": {players[i]: _text(payoffs[i]) for i in range(2)},
        "spe": {
            "holds": spe.is_spe,
            "max_one_shot_gain": {players[i]: _text(spe.max_gains[i]) for i in range(2)},
            "states_checked": [list(s) for s in spe.states_checked],
            "witness": None if spe.is_spe else {
                "player": players[spe.profitable[0].player],
                "states": list(spe.profitable[0].states),
                "action": spe.profitable[0].action,
                "gain": _text(spe.profitable[0].gain),
                "period": spe.profitable[0].period,
            },
        },
        "nash": {"holds": nash.is_nash, "regrets": {players[i]: _text(nash.regrets[i]) for i in range(2)}},
    }
    thresholds = {}
    for notion in ("spe", "nash"):
        entry = {}
        try:
            found = dc.critical_discount(game, strategies, notion=notion)
            entry["discount_set"] = str(found.discount_set)
            entry["critical"] = None if found.critical is None else str(found.critical)
        except ValueError as error:
            entry["discount_set"] = None
            entry["critical"] = None
            entry["note"] = " ".join(str(error).split())
        try:
            symbolic = RepeatedGame(model.symbolic_game(), horizon=horizon)
            closed = dc.critical_discount(symbolic, strategies, notion=notion, at=values)
            entry["closed_form"] = None if closed.critical is None else str(closed.critical)
            entry["lower_bounds"] = [str(b) for b in closed.lower_bounds]
            entry["upper_bounds"] = [str(b) for b in closed.upper_bounds]
            entry["assumptions"] = [str(a) for a in closed.assumptions]
        except (ValueError, TypeError) as error:
            entry["closed_form"] = None
            entry["closed_form_note"] = " ".join(str(error).split())
        thresholds[notion] = entry
    result["thresholds"] = thresholds
    if solve_for is not None:
        names = [p.name for p in model.parameters]
        if solve_for not in names:
            raise _error(f"--solve-for: {model.key} has no parameter {solve_for!r}; parameters are {names}")
        others = {k: v for k, v in values.items() if k != solve_for}
        sets = {}
        for notion in ("spe", "nash"):
            try:
                found = dc.parameter_set(RepeatedGame(model.symbolic_game(), delta, horizon=horizon), strategies,
                                         solve_for, notion=notion, **others)
                sets[notion] = str(found)
            except ValueError as error:
                sets[notion] = None
                sets[f"{notion}_note"] = " ".join(str(error).split())
        result["solve_for"] = {"parameter": solve_for, **sets}
    return stage, result


def _render(stage, result) -> str:
    players = list(result["strategies"])
    lines = [f"{result['title']} ({result['model']})"]
    lines.append("Parameters: " + ", ".join(f"{k}={v}" for k, v in result["parameters"].items()))
    lines.append(stage.to_text())
    roles = "; ".join(f"{p}: " + ", ".join(f"{a}={b}" for a, b in result["roles"][p].items()) for p in players)
    lines.append(f"Strategies: {result['strategies'][players[0]]} ({players[0]}) vs "
                 f"{result['strategies'][players[1]]} ({players[1]}); roles {roles}")
    horizon = "infinite horizon" if result["horizon"] is None else f"{result['horizon']} rounds"
    lines.append(f"Discount factor: {result['discount']} ({horizon})")
    prefix = " ".join(_label(p) for p in result["path"]["prefix"])
    cycle = " ".join(_label(p) for p in result["path"]["cycle"])
    lines.append("Play: " + (prefix + " then " if prefix and cycle else prefix) + (f"{cycle} forever" if cycle else ""))
    lines.append("Discounted payoffs (normalised): " + ", ".join(f"{p} {v}" for p, v in result["payoffs"].items()))
    spe = result["spe"]
    if spe["holds"]:
        gains = ", ".join(f"{p} {v}" for p, v in spe["max_one_shot_gain"].items())
        lines.append(f"Subgame perfect: yes (largest one-shot deviation gain: {gains})")
    else:
        w = spe["witness"]
        when = f" in round {w['period']}" if w["period"] is not None else ""
        lines.append(f"Subgame perfect: no ({w['player']} gains {w['gain']} by playing {w['action']} "
                     f"at states {tuple(w['states'])}{when})")
    nash = result["nash"]
    regrets = ", ".join(f"{p} {v}" for p, v in nash["regrets"].items())
    lines.append(f"Nash equilibrium: {'yes' if nash['holds'] else 'no'} (regrets: {regrets})")
    for notion, name in (("spe", "SPE"), ("nash", "Nash")):
        entry = result["thresholds"][notion]
        if entry.get("closed_form"):
            lines.append(f"{name} closed form: delta >= {entry['closed_form']}"
                         + (f"  (assuming {', '.join(entry['assumptions'])})" if entry["assumptions"] else ""))
        elif entry.get("lower_bounds") or entry.get("upper_bounds"):
            bounds = [f"delta >= {b}" for b in entry["lower_bounds"]] + [f"delta <= {b}" for b in entry["upper_bounds"]]
            lines.append(f"{name} closed form: no threshold near 1; conditions {', '.join(bounds)}")
    if "solve_for" in result:
        s = result["solve_for"]
        lines.append(f"SPE for {s['parameter']} in: {s['spe']}")
        lines.append(f"Nash for {s['parameter']} in: {s['nash']}")
    for notion, name in (("spe", "SPE"), ("nash", "Nash")):
        entry = result["thresholds"][notion]
        if entry["discount_set"] is None:
            lines.append(f"{name} discount factors: {entry.get('note', 'not available')}")
        else:
            critical = entry["critical"] if entry["critical"] is not None else "none (not an equilibrium for all delta near 1)"
            lines.append(f"{name} for delta in: {entry['discount_set']}; critical discount factor {critical}")
    return "\n".join(lines)


@click.command()
@click.argument("model_name", metavar="MODEL")
@click.option("--strategies", default="grim", show_default=True, metavar="A,B",
              help="Row and column strategies: library names or automaton TOML files (one name = both).")
@click.option("--delta", default=None, metavar="VALUE",
              help="Discount factor, exact text such as 3/5 or 0.6 (default: the model's 'discount' parameter).")
@click.option("--horizon", type=click.IntRange(1, 10_000), default=None, help="Number of rounds (default: infinite).")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE", help="Parameter value (repeatable).")
@click.option("--solve-for", "solve_for", default=None, metavar="NAME",
              help="Also give the exact set of values of this parameter where the profile is an equilibrium.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def repeated(model_name, strategies, delta, horizon, assignments, solve_for, output_format) -> None:
    """Analyse MODEL's stage game repeated: payoffs, SPE and Nash status, critical discount factors."""
    from .common import load_model_argument, parse_assignments
    from ..numerics import to_fraction

    model = load_model_argument(model_name)
    values = parse_assignments(assignments)
    profile = parse_strategies(strategies)
    if delta is None:
        names = [p.name for p in model.parameters]
        if "discount" not in names:
            raise _error(f"{model.key} declares no 'discount' parameter: give --delta")
        delta = values.get("discount", model.defaults["discount"])
    try:
        delta = to_fraction(delta, what="--delta")
    except (TypeError, ValueError) as error:
        raise _error(error) from None
    stage, result = _analyse(model, values, profile, delta, horizon, solve_for)
    if output_format == "json":
        click.echo(json.dumps(result, indent=2))
    else:
        click.echo(_render(stage, result))
