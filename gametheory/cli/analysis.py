"""The ``gametheory explain`` and ``gametheory conditions`` commands.

``explain MODEL [--set name=value ...]`` prints the board derivation of the
model's game at the given parameter values (defaults for the rest);
``conditions MODEL [--latex] [--along NAME]`` prints the symbolic conditions
on the parameters (pure equilibria, dominance, the 2x2 mixed equilibrium,
risk and payoff dominance) and, with ``--along``, the cut points of one
parameter with the equilibrium set between them.

MODEL is a built-in model name or the path of a model file, loaded with
:func:`gametheory.model.load_model`.
"""

from __future__ import annotations

import click

__all__ = ["explain", "conditions", "parse_assignments"]

from .common import ModelArgumentError, one_line, parse_assignments, wrap_text


def _load(model_name: str):
    try:
        from ..model import load_model
    except ImportError:
        raise ModelArgumentError("model files are not available: gametheory.model.load_model is missing") from None
    try:
        return load_model(model_name)
    except (ValueError, OSError, KeyError) as error:
        raise ModelArgumentError(one_line(error)) from None


def _split_structural(model, values: dict) -> tuple[dict, dict]:
    """``(structural, rest)``: the parameter that sets the number of players apart from the payoff parameters."""
    count = getattr(model, "player_count_parameter", None)
    structural = {count: values[count]} if count is not None and count in values else {}
    return structural, {k: v for k, v in values.items() if k not in structural}


def _symbolic(model, model_name, structural=None):
    kind = getattr(model, "kind", "normal")
    if kind != "normal":
        raise ModelArgumentError(
            f"model {model_name!r} is a {kind} model, not a normal-form game: explain and conditions "
            "derive normal-form equilibria (use 'gametheory models show' and 'gametheory compare' for it)"
        )
    try:
        symbolic = model.symbolic_game(**(structural or {}))
    except (ValueError, TypeError) as error:
        raise ModelArgumentError(f"{model_name}: {one_line(error)}") from None
    from ..games.symbolic import SymbolicGame

    if not isinstance(symbolic, SymbolicGame):
        raise ModelArgumentError(f"model {model_name!r} does not give a symbolic normal-form game")
    return symbolic


@click.command()
@click.argument("model_name", metavar="MODEL")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
              help="Parameter value (repeatable); parameters not set take their defaults.")
@click.option("--digits", type=click.IntRange(1, 15), default=4, show_default=True,
              help="Significant digits for float payoffs (exact games print fractions).")
def explain(model_name: str, assignments: tuple, digits: int) -> None:
    """Derive the equilibria of MODEL step by step, as on a blackboard.

    MODEL is a model (a key or a .toml file) or a Gambit .efg file with perfect
    information. For a game tree: backward induction from the last moves up,
    the options at each node, their values and the choice. For a game in
    strategic form: the payoff matrix with best responses marked (*), the dominated
    actions removed, each pure profile checked for profitable deviations,
    and each mixed equilibrium derived by indifference, in exact fractions
    when the parameter values are exact.
    """
    from ..analysis.explain import explain as explain_game

    values = parse_assignments(assignments)
    if model_name.lower().endswith(".efg"):
        click.echo(_explain_efg(model_name, values, digits))
        return
    model = _load(model_name)
    if getattr(model, "kind", "normal") == "tree":
        from ..analysis.tree_explain import explain_tree_model

        try:
            click.echo(wrap_text(explain_tree_model(model, digits=digits, **values)))
        except (ValueError, TypeError) as error:
            raise ModelArgumentError(f"{model_name}: {one_line(error)}") from None
        return
    structural, values = _split_structural(model, values)
    symbolic = _symbolic(model, model_name, structural)
    try:
        text = explain_game(symbolic, values, digits=digits)
    except (ValueError, TypeError) as error:
        raise ModelArgumentError(f"{model_name}: {one_line(error)}") from None
    click.echo(wrap_text(text))


@click.command()
@click.argument("model_name", metavar="MODEL")
@click.option("--latex", "as_latex", is_flag=True, help="Print LaTeX (an align* environment) instead of plain text.")
@click.option("--along", metavar="NAME", default=None,
              help="Also give the cut points of this parameter where the equilibrium set changes, "
                   "the others fixed by --set or at their defaults.")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
              help="With --along: values of the other parameters (repeatable).")
def conditions(model_name: str, as_latex: bool, along: str | None, assignments: tuple) -> None:
    """Print the conditions on MODEL's parameters under which each outcome is an equilibrium.

    For each pure profile: when it is a Nash equilibrium; for each pair of
    actions: when one dominates the other; for 2x2 games: the completely
    mixed equilibrium in closed form with the condition for it to exist, and
    risk- and payoff-dominance between the pure equilibria. Conditions are
    simplified within the parameters' declared ranges ("always", "never").
    """
    from ..analysis.regimes import thresholds
    from ..analysis.report import analyze

    values = parse_assignments(assignments)
    if values and along is None:
        raise ModelArgumentError("--set is only used with --along (the conditions themselves keep every parameter symbolic)")
    model = _load(model_name)
    if getattr(model, "kind", "normal") == "tree":
        _tree_conditions(model, model_name, along, values, as_latex)
        return
    structural, values = _split_structural(model, values)
    symbolic = _symbolic(model, model_name, structural)
    try:
        analysis = analyze(symbolic)
        regimes = thresholds(symbolic, along, **values) if along is not None else None
    except (ValueError, TypeError) as error:
        raise ModelArgumentError(f"{model_name}: {one_line(error)}") from None
    if as_latex:
        click.echo(analysis.latex())
        if regimes is not None:
            click.echo(r"\begin{align*}")
            click.echo("& " + regimes.latex().replace(" \\\\\n", " \\\\\n& "))
            click.echo(r"\end{align*}")
    else:
        click.echo(wrap_text(analysis.text()))
        if regimes is not None:
            click.echo(wrap_text(regimes.text()))


def _tree_conditions(model, model_name: str, along: str | None, values: dict, as_latex: bool) -> None:
    """Where each pure subgame-perfect plan of a tree model holds, and the outcomes along one parameter."""
    from ..analysis.tree_conditions import conditions_report

    if model.solution_concept != "spe":
        raise ModelArgumentError(f"model {model_name!r} is solved by perfect Bayesian equilibrium; its conditions "
                                 "depend on beliefs, so solve it at parameter values ('gametheory solve') instead")
    try:
        click.echo(conditions_report(model, along=along, values=values, latex=as_latex))
    except (ValueError, TypeError) as error:
        raise ModelArgumentError(f"{model_name}: {one_line(error)}") from None


def _explain_efg(path: str, values: dict, digits: int) -> str:
    """Backward induction on the perfect-information tree in an .efg file."""
    from ..games.extensive.explain import explain_backward_induction
    from ..io.efg import read_efg

    if values:
        raise ModelArgumentError(f"--set applies to models only, and {path!r} is not a model")
    try:
        tree = read_efg(path)
    except FileNotFoundError:
        raise ModelArgumentError(f"no such game file: {path!r}") from None
    except (OSError, ValueError) as error:
        raise ModelArgumentError(one_line(error)) from None
    try:
        return explain_backward_induction(tree, digits=digits)
    except (ValueError, TypeError) as error:
        raise ModelArgumentError(f"{path}: {one_line(error)}; 'gametheory solve {path}' finds its subgame-perfect "
                                 "equilibria") from None
