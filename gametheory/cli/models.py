"""Command-line views of models: ``gametheory models list``, ``gametheory models show MODEL``.

``gametheory solve MODEL --set name=value ...`` (:mod:`gametheory.cli.solve`) turns a model
key or model file into a game with :func:`~gametheory.cli.common.model_game_argument`.
The text renderings are plain functions returning strings
(:func:`models_table`, :func:`model_text`), so they are testable and usable
from Python; only the click commands print.

Examples
--------
>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(models, ["show", "chicken"])
>>> result.exit_code
0
>>> "win" in result.output and "Snyder" in result.output
True
"""

from __future__ import annotations

import click

from ..numerics import format_value

from .common import ModelArgumentError, load_model_argument, one_line, parse_assignments, terminal_width, wrap_text

__all__ = ["model_text", "models", "models_table", "audit_table", "game_shape", "terminal_width"]


# ----------------------------------------------------------------- renderings
def _grid(rows: list[list[str]]) -> str:
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    lines = []
    for r, row in enumerate(rows):
        lines.append("  " + " | ".join(cell.ljust(widths[k]) for k, cell in enumerate(row)).rstrip())
        if r == 0:
            lines.append("  " + "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def _wrapped_grid(rows: list[list[str]], width: int, wrap: tuple[int, ...]) -> str:
    """A table no wider than ``width`` where it can be: the columns in ``wrap`` share the room left and wrap.

    Words are never broken, so a column is as wide as its longest word.
    """
    import textwrap

    natural = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    fixed = sum(w for k, w in enumerate(natural) if k not in wrap) + 2 + 3 * (len(natural) - 1)
    share = max(14, (width - fixed) // max(1, len(wrap)))
    limit = {k: min(natural[k], share) for k in wrap}
    cells = [[textwrap.wrap(cell, limit[k], break_long_words=False, break_on_hyphens=False) or [""]
              if k in wrap else [cell] for k, cell in enumerate(row)] for row in rows]
    widths = [max(len(line) for row in cells for line in row[k]) for k in range(len(natural))]
    lines = []
    for r, row in enumerate(cells):
        for line in range(max(len(c) for c in row)):
            parts = [(c[line] if line < len(c) else "").ljust(widths[k]) for k, c in enumerate(row)]
            lines.append(("  " + " | ".join(parts)).rstrip())
        if r == 0:
            lines.append("  " + "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def game_shape(model) -> str:
    """A model's game in a few words: ``2 x 2``, ``n x 2 (symmetric, ...)``, ``tree, 3 players (SPE)``...

    Examples
    --------
    >>> from gametheory.model import load_model
    >>> game_shape(load_model("stag_hunt")), game_shape(load_model("extended_deterrence"))
    ('2 x 2', 'tree (SPE), 2 players')
    """
    kind = getattr(model, "kind", "normal")
    players = len(model.players)
    if kind == "tree":
        return f"tree ({model.solution_concept.upper()}), {players} players"
    if kind == "continuous":
        return f"continuous, {players} players"
    if kind == "coalitional":
        return f"coalitions, {players} states"
    if model.is_symmetric_counts:
        return f"n x {len(model.symmetric.actions)}, n = {model.player_count_parameter or model.n_players_fixed}"
    shape = " x ".join(str(len(a)) for a in model.actions)
    return shape + " with types" if model.is_bayesian else shape


def models_table(width: int | None = None) -> str:
    """The built-in models, wrapped to ``width`` (the terminal's by default).

    One row per model (key, game shape, title), its parameters on the line
    below.
    """
    import textwrap

    from ..model.registry import list_models, load_model

    width = width or terminal_width()
    rows = [["model", "game", "title"]]
    parameters = [""]
    for key in list_models():
        model = load_model(key)
        rows.append([key, game_shape(model), model.title])
        parameters.append(", ".join(p.name for p in model.parameters) or "(none)")
    table = _wrapped_grid(rows, width, wrap=(2,)).splitlines()
    lines, row = table[:2], 0
    for line in table[2:]:
        if not line.startswith("   ") and row:  # a new model: its predecessor's parameters first
            lines += textwrap.wrap(parameters[row], width, initial_indent="      parameters: ",
                                   subsequent_indent=" " * 18, break_long_words=False)
        if not line.startswith("   "):
            row += 1
        lines.append(line)
    lines += textwrap.wrap(parameters[row], width, initial_indent="      parameters: ", subsequent_indent=" " * 18,
                           break_long_words=False)
    return "\n".join(lines)


def audit_table(keys=None) -> str:
    """The library audit (:mod:`gametheory.study.audit`) as a table, with the share of models that can fail.

    Columns: the model, its outcome rules, how many of them are independent
    and not by construction (undecided ones included, as in the comparison's
    headline), how many of those are certified able to fail (an exact point
    of their region where they fail), how many agree by construction, how
    many the detector left undecided, and its independent direction rules out
    of all. A model counts in the closing share only with a certified rule.

    Examples
    --------
    >>> print(audit_table(["tests/data/models/derived_threat.toml", "tests/data/models/derived_tree.toml"]))
      model          | rules | independent | certified | by construction | undecided | directions
      ---------------+-------+-------------+-----------+-----------------+-----------+-----------
      derived_threat | 3     | 2           | 2         | 1               | 0         | 1/1
      derived_tree   | 2     | 0           | 0         | 2               | 0         | 0/0
    <BLANKLINE>
      1 of 2 models (50%) carry an independent prediction certified able to fail (a point where it fails).
    """
    from ..study.audit import independent_share, library_audit

    audits = library_audit(keys)
    rows = [["model", "rules", "independent", "certified", "by construction", "undecided", "directions"]]
    for a in audits:
        rows.append([a.key, str(a.rules), str(a.independent), str(a.certified), str(a.by_construction),
                     str(a.undecided), f"{a.independent_directions}/{a.directions}"])
    share = independent_share(audits)
    carrying = sum(a.has_independent_prediction for a in audits)
    return (_grid(rows) + "\n\n" + f"  {carrying} of {len(audits)} models ({share:.0%}) carry an independent "
            "prediction certified able to fail (a point where it fails).")


def _expression_text(expression) -> str:
    """A payoff expression as people write it: ``max(0, v - c)``, ``a if v >= c else b`` (never ``Max(``, ``Piecewise(``).

    Examples
    --------
    >>> import sympy
    >>> v, c = sympy.symbols("v c")
    >>> _expression_text(sympy.Max(0, v - c))
    'max(0, -c + v)'
    >>> _expression_text(sympy.Piecewise((-c, v >= c), (v, True)))
    '(-c if c <= v else v)'
    """
    if not type(expression).__module__.startswith("sympy"):
        return str(expression)
    from sympy.printing.str import StrPrinter

    class _Readable(StrPrinter):
        def _print_Max(self, expr):
            return "max(" + ", ".join(self._print(a) for a in expr.args) + ")"

        def _print_Min(self, expr):
            return "min(" + ", ".join(self._print(a) for a in expr.args) + ")"

        def _print_Piecewise(self, expr):
            text = ""
            for value, condition in reversed(expr.args):
                shown = self._print(value)
                text = shown if condition == True else f"{shown} if {self._print(condition)} else {text}"  # noqa: E712
            return f"({text})"

    return _Readable().doprint(expression)


def _payoff_section(model) -> list[str]:
    lines = []
    if model.is_symmetric_counts:
        spec = model.symmetric
        counts = ", ".join(f"{name} = how many others play {a}" for a, name in spec.counts.items())
        n = model.player_count_parameter or model.n_players_fixed
        lines.append(f"Payoffs (symmetric game of {n} players; {counts})")
        rows = [["my action", "payoff"]] + [[a, _expression_text(e)] for a, e in spec.payoffs.items()]
        lines.append(_grid(rows))
        return lines
    kind = getattr(model, "kind", "normal")
    if kind == "tree":
        lines.append(f"Outcomes of the tree and their payoffs ({', '.join(model.players)}); "
                     f"solved by {model.solution_concept.upper()}")
        rows = [["outcome"] + list(model.players)]
        rows += [[name] + [_expression_text(e) for e in payoffs] for name, payoffs in model.payoff_expressions().items()]
        lines.append(_wrapped_grid(rows, terminal_width(), wrap=tuple(range(1, len(rows[0])))))
        return lines
    if kind == "continuous":
        lines.append("Payoffs (continuous actions)")
        rows = [["player", "payoff"]] + [[name, _expression_text(e)] for name, e in model.payoff_expressions().items()]
        lines.append(_grid(rows))
        return lines
    if kind == "coalitional":
        lines.append("Resources of each state (a coalitional model)")
        rows = [["state", "resources"]] + [[name, _expression_text(e)] for name, e in model.payoff_expressions().items()]
        lines.append(_grid(rows))
        return lines
    expressions = model.payoff_expressions()
    lines.append(f"Payoffs ({', '.join(model.players)})")
    type_profiles = list(dict.fromkeys(t for t, _ in expressions))
    for types in type_profiles:
        if types:
            lines.append(f"  when the types are {', '.join(types)}:")
        if len(model.players) == 2:
            rows = [[f"{model.players[0]} \\ {model.players[1]}"] + list(model.actions[1])]
            for a in model.actions[0]:
                rows.append([a] + [", ".join(_expression_text(e) for e in expressions[(types, (a, b))]) for b in model.actions[1]])
        else:
            rows = [["profile"] + list(model.players)]
            for (t, profile), entry in expressions.items():
                if t == types:
                    rows.append([",".join(profile)] + [_expression_text(e) for e in entry])
        lines.append(_grid(rows))
    return lines


def model_text(model, values=None) -> str:
    """Everything ``gametheory models show`` prints about ``model``.

    Title and summary, players and actions (with meanings), parameters
    (symbol, default, range, meaning), the payoff table in the parameters'
    names, the game at the given values (defaults otherwise) with best
    responses marked, the sources and each theory's predictions.
    """
    values = dict(values or {})
    lines = [f"{model.title}  [{model.key}]"]
    if model.summary.strip():
        lines += ["", " ".join(model.summary.split())]
    lines += ["", "Players and actions"]
    meanings = model.action_meanings
    if model.kind == "tree":  # a player's moves are its actions at each of its information sets
        moves: dict[str, dict[str, tuple]] = {player: {} for player in model.players}
        for node in model.tree_spec.nodes:
            if node.player is not None:
                moves[node.player].setdefault(node.information_set or node.name, tuple(a for a, _, _ in node.moves))
        for i, player in enumerate(model.players):
            lines.append(f"  {player}:")
            for where, actions in moves[player].items():
                shown = ", ".join(f"{a} ({meanings[i][a]})" if a in meanings[i] else a for a in actions)
                lines.append(f"    at {where}: {shown}")
    for i, player in enumerate(model.players if model.kind != "tree" else ()):
        actions = ", ".join(f"{a} ({meanings[i][a]})" if a in meanings[i] else a for a in model.actions[i])
        lines.append(f"  {player}: {actions}")
        if model.types[i]:
            prior = ", ".join(f"{t} with probability {p}" for t, p in zip(model.types[i], model.priors[i]))
            lines.append(f"    types: {prior}")
    if model.is_symmetric_counts:
        lines.append(f"  (players at the default number; set {model.player_count_parameter} to change it)"
                     if model.player_count_parameter else "")
    lines += ["", "Parameters"]
    if model.parameters:
        rows = [["name", "symbol", "default", "range", "meaning"]]
        derived = getattr(model, "derived", {})
        for p in model.parameters:
            meaning = f"{p.meaning} (derived: {p.name} = {derived[p.name]})" if p.name in derived else p.meaning
            if getattr(p, "structural", False):
                meaning = f"{meaning} [structural; mapping: {p.source}]" if getattr(p, "source", "") else \
                    f"{meaning} [structural]"
            rows.append([p.name, p.symbol or p.name, format_value(p.default), p.bounds_text(), meaning])
        lines.append(_wrapped_grid(rows, terminal_width(), wrap=(4,)))
        if any(getattr(p, "structural", False) for p in model.parameters):
            lines.append("  Structural parameters are the observables the theories speak of; theory rules read "
                         "only them, and historical cases code them.")
    else:
        lines.append("  (none)")
    lines += [""] + _payoff_section(model)
    if getattr(model, "kind", "normal") == "normal":
        game = model.game(**values)
        used = ", ".join(f"{name}={format_value(v)}" for name, v in model.values(**values).items())
        lines += ["", f"The game at {used or 'its fixed payoffs'} (best responses marked *)"]
        if model.is_bayesian:
            lines.append("  (ex-ante strategic form: a plan names an action for each type, in type order)")
        lines.append(game.to_text())
    elif model.kind == "tree":
        from ..games.extensive.render import tree_text

        used = ", ".join(f"{name}={format_value(v)}" for name, v in model.values(**values).items())
        lines += ["", f"The tree at {used}", tree_text(model.tree(**values))]
    lines += ["", "Sources"]
    for k, source in enumerate(model.sources, 1):
        lines.append(f"  {k}. {source.citation}")
        if source.where:
            lines.append(f"     Where: {source.where}")
        if source.note:
            lines.append(f"     Note: {source.note}")
    lines += ["", "Theory predictions (first matching rule applies)"]
    for name, theory in model.predictions.items():
        lines.append(f"  {name.replace('_', ' ')}" + (f": {theory.summary}" if theory.summary else ""))
        if theory.source:
            lines.append(f"    source: {theory.source}")
        for rule in theory.rules:
            profiles = " or ".join("(" + ", ".join(p) + ")" for p in rule.profiles)
            condition = f"if {rule.when}" if rule.when else "always"
            if not rule.profiles:  # continuous and coalitional outcomes are conditions, not profiles
                outcome = rule.outcome
            elif model.kind == "tree":  # a group of the tree's outcomes
                outcome = f"{rule.outcome} (the play ends in {' or '.join(rule.profiles)})"
            elif len(rule.profiles) == 1 and rule.outcome == ",".join(rule.profiles[0]):
                outcome = rule.outcome
            else:
                outcome = f"{rule.outcome} {profiles}"
            lines.append(f"    {condition}: {outcome}, expected: {rule.expect.replace('_', ' ')}")
            if rule.note:
                lines.append(f"      {rule.note}")
        rule = model.predicted_rule(name, **values)
        lines.append(f"    at these values: {rule.outcome if rule else 'no rule applies'}")
    if model.notes.strip():
        lines += ["", "Notes", "  " + " ".join(model.notes.split())]
    return "\n".join(line for line in lines if line is not None)


# ------------------------------------------------------------------- commands
@click.group()
def models() -> None:
    """The model library: list the built-in models or show one."""


@models.command("list")
def list_command() -> None:
    """List the built-in models (key, game shape, title, parameters), wrapped to the terminal's width."""
    click.echo(models_table())


@models.command("audit")
def audit_command() -> None:
    """Per built-in model: its prediction rules, how many are independent and not by construction, how many by construction.

    A rule is independent when it reads only the model's structural
    variables, and by construction when its region lies inside the predicted
    outcome's equilibrium region (it cannot disagree); see 'gametheory
    compare' and docs/explanation.md. Decides every rule of every model, so
    it takes some seconds.
    """
    click.echo(audit_table())


@models.command("show")
@click.argument("model_name", metavar="MODEL")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
              help="Parameter value for the numeric table (repeatable); defaults otherwise.")
def show_command(model_name: str, assignments: tuple) -> None:
    """Show MODEL: parameters with meanings and ranges, payoff table, sources, theory predictions.

    MODEL is a built-in model key (see 'gametheory models list') or a model file (.toml).
    """
    model = load_model_argument(model_name)
    values = parse_assignments(assignments)
    try:
        text = model_text(model, values)
    except (ValueError, TypeError) as error:
        raise ModelArgumentError(f"{model.key}: {one_line(error)}") from None
    click.echo(wrap_text(text))
