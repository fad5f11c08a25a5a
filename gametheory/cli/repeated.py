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
SPE for delta in: [1/3, 1); critical discount factor 1/3
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
        if token.lower().endswith(".toml"):
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


#: Exact fractions with more digits than this are shown as decimals (long finite horizons).
MAX_SHOWN_DIGITS = 60


def _text(value) -> str:
    from ..numerics import format_value

    if isinstance(value, Fraction) and max(value.numerator.bit_length(), value.denominator.bit_length()) > 3.33 * MAX_SHOWN_DIGITS:
        digits = len(str(value.denominator)) if value.denominator.bit_length() < 13_000 else None
        size = f"{digits} digits" if digits else f"about {int(value.denominator.bit_length() * 0.30103)} digits"
        approx = float(value)
        if approx == 0 and value != 0:
            return f"{'-' if value < 0 else ''}~1e-300 or less (exact fraction, denominator of {size})"
        return f"~{approx:.12g} (exact fraction, denominator of {size})"
    if isinstance(value, (int, Fraction, float)):
        return format_value(value)
    return str(value)


def set_text(found) -> str:
    """A sympy set written as mathematics: ``[1/3, 1)``, ``[0, 1/4] ∪ [1/3, 1)``, ``{1/3}``, ``empty``.

    Examples
    --------
    >>> import sympy
    >>> set_text(sympy.Interval.Ropen(sympy.Rational(1, 3), 1))
    '[1/3, 1)'
    >>> set_text(sympy.Union(sympy.Interval(0, sympy.Rational(1, 4)), sympy.FiniteSet(sympy.Rational(1, 2))))
    '[0, 1/4] ∪ {1/2}'
    >>> set_text(sympy.S.EmptySet)
    'empty (no value)'
    """
    import sympy

    def number(value) -> str:
        if value is sympy.oo:
            return "∞"
        if value is -sympy.oo:
            return "-∞"
        if value.is_Rational or not value.is_number:
            return str(value)
        text = str(value)
        return text if len(text) <= 40 and "RootOf" not in text else f"~{float(value):.12g}"

    if found is sympy.S.EmptySet:
        return "empty (no value)"
    if isinstance(found, sympy.Interval):
        return (("(" if found.left_open else "[") + f"{number(found.start)}, {number(found.end)}"
                + (")" if found.right_open else "]"))
    if isinstance(found, sympy.FiniteSet):
        return "{" + ", ".join(number(v) for v in sorted(found, key=lambda v: float(v))) + "}"
    if isinstance(found, sympy.Union):
        pieces = sorted(found.args, key=lambda piece: float(piece.inf))
        return " ∪ ".join(set_text(piece) for piece in pieces)
    return str(found)


def _label(profile) -> str:
    return "(" + ", ".join(profile) + ")"


def _runs(profiles) -> str:
    """Profiles in order, a run of one profile repeated k > 2 times written once with ``x k``."""
    parts, k = [], 0
    while k < len(profiles):
        j = k
        while j < len(profiles) and profiles[j] == profiles[k]:
            j += 1
        count = j - k
        parts.append(_label(profiles[k]) + (f" x {count}" if count > 2 else "") if count > 2
                     else " ".join([_label(profiles[k])] * count))
        k = j
    return " ".join(parts)


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
        # Derived parameters follow the structural values: report what the game was built with.
        used = model.values(**values)
    except ValueError as error:
        raise _error(f"{model.key}: {error}") from None
    result = {
        "model": model.key,
        "title": model.title,
        "parameters": {name: _text(value) for name, value in used.items()},
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
    thresholds, latex = {}, {}
    for notion in ("spe", "nash"):
        entry = {}
        try:
            found = dc.critical_discount(game, strategies, notion=notion)
            entry["discount_set"] = set_text(found.discount_set)
            entry["critical"] = None if found.critical is None else str(found.critical)
            latex[f"{notion}_discount_set"] = sympy.latex(found.discount_set)
        except ValueError as error:
            entry["discount_set"] = None
            entry["critical"] = None
            entry["note"] = " ".join(str(error).split())
        try:
            symbolic = RepeatedGame(model.symbolic_game(), horizon=horizon)
            closed = dc.critical_discount(symbolic, strategies, notion=notion, at=values)
            entry["closed_form"] = None if closed.critical is None else str(closed.critical)
            if closed.critical is not None:
                latex[f"{notion}_closed_form"] = sympy.latex(closed.critical)
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
        if _is_discount(model, solve_for):
            # The discount factor is no stage payoff: its set is the one of the repeated game itself.
            for notion in ("spe", "nash"):
                entry = thresholds[notion]
                sets[notion] = entry["discount_set"]
                if entry["discount_set"] is None:
                    sets[f"{notion}_note"] = entry.get("note")
        elif not _enters_stage(model, solve_for):
            raise _error(f"--solve-for: {solve_for!r} does not enter {model.key}'s stage payoffs, so the answer "
                         "does not depend on it")
        else:
            for notion in ("spe", "nash"):
                try:
                    found = dc.parameter_set(RepeatedGame(model.symbolic_game(), delta, horizon=horizon), strategies,
                                             solve_for, notion=notion, **others)
                    sets[notion] = set_text(found)
                    latex[f"{notion}_{solve_for}_set"] = sympy.latex(found)
                except ValueError as error:
                    sets[notion] = None
                    sets[f"{notion}_note"] = " ".join(str(error).split())
        result["solve_for"] = {"parameter": solve_for, **sets}
    result["latex"] = latex
    return stage, result


def _is_discount(model, name) -> bool:
    """Whether ``name`` is the model's discount factor (named so, or with the symbol delta) and no stage payoff."""
    parameter = next(p for p in model.parameters if p.name == name)
    symbol = getattr(parameter, "symbol", None)
    return (name == "discount" or str(symbol) in ("delta", "δ")) and not _enters_stage(model, name)


def _enters_stage(model, name) -> bool:
    stage = model.symbolic_game()
    symbol = stage.symbols[name]
    return any(symbol in getattr(v, "free_symbols", ()) for table in stage.payoffs for v in table.flat)


def _render(stage, result, latex=False) -> str:
    players = list(result["strategies"])
    lines = [f"{result['title']} ({result['model']})"]
    lines.append("Parameters: " + ", ".join(f"{k}={v}" for k, v in result["parameters"].items()))
    lines.append(stage.to_text())
    roles = "; ".join(f"{p}: " + ", ".join(f"{a}={b}" for a, b in result["roles"][p].items()) for p in players)
    lines.append(f"Strategies: {result['strategies'][players[0]]} ({players[0]}) vs "
                 f"{result['strategies'][players[1]]} ({players[1]}); roles {roles}")
    horizon = "infinite horizon" if result["horizon"] is None else f"{result['horizon']} rounds"
    lines.append(f"Discount factor: {result['discount']} ({horizon})")
    prefix = _runs(result["path"]["prefix"])
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
        for notion, name in (("spe", "SPE"), ("nash", "Nash")):
            shown = s[notion] if s[notion] is not None else s.get(f"{notion}_note") or "not available"
            lines.append(f"{name} for {s['parameter']} in: {shown}")
    for notion, name in (("spe", "SPE"), ("nash", "Nash")):
        entry = result["thresholds"][notion]
        if entry["discount_set"] is None:
            lines.append(f"{name} discount factors: {entry.get('note', 'not available')}")
        else:
            critical = entry["critical"] if entry["critical"] is not None else "none (not an equilibrium for all delta near 1)"
            lines.append(f"{name} for delta in: {entry['discount_set']}; critical discount factor {critical}")
    if latex:
        for key, text in result["latex"].items():
            lines.append(f"LaTeX {key.replace('_', ' ')}: {text}")
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
@click.option("--latex", is_flag=True, help="Also print the sets and closed forms in LaTeX (sympy's printer).")
def repeated(model_name, strategies, delta, horizon, assignments, solve_for, output_format, latex) -> None:
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
    if delta < 0 or delta > 1 or (delta == 1 and horizon is None):
        bound = "at most 1" if horizon is not None else "below 1 (in [0, 1) for an infinite horizon)"
        if delta < 0:
            bound = "at least 0"
        raise _error(f"--delta: the discount factor must be {bound}, got {_text(delta)}")
    stage, result = _analyse(model, values, profile, delta, horizon, solve_for)
    if output_format == "json":
        click.echo(json.dumps(result, indent=2))
    else:
        click.echo(_render(stage, result, latex=latex))
