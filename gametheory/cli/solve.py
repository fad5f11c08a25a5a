"""``gametheory solve``: the certified equilibria of a game file or a model.

Examples
--------
>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(solve, ["chicken", "--set", "war=0", "--exact"])
>>> result.exit_code
0
"""

from __future__ import annotations

import json

import click

from .common import (METHOD_CHOICES, GameArgumentError, ModelArgumentError, SolverError, _is_model_argument,
                     load_game_argument, load_model_argument, model_game_argument, one_line, parse_assignments)

__all__ = ["solve"]


@click.command()
@click.argument("game_file", metavar="GAME_FILE")
@click.option(
    "--method",
    type=click.Choice(METHOD_CHOICES),
    default="auto",
    show_default=True,
    help="Algorithm; auto enumerates all equilibria (vertex enumeration for two players, "
    "polynomial enumeration for more).",
)
@click.option("--exact", is_flag=True, help="Rational arithmetic: probabilities as fractions, regrets exactly 0.")
@click.option(
    "--tol",
    type=click.FloatRange(min=0, max=1, max_open=True),
    default=None,
    help="Tolerance of float mode, relative to the largest payoff (default 1e-9).",
)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
              help="Parameter value of a model (repeatable); parameters not set take their defaults.")
@click.option("--concept", type=click.Choice(["nash", "spe", "pbe"]), default=None,
              help="Solution concept of a game tree (.efg file or tree model): Nash, subgame-perfect (default for "
                   ".efg files) or perfect Bayesian; a tree model's own concept by default.")
@click.option("--weak-pbe", is_flag=True,
              help="With the perfect Bayesian concept: list the weak PBE too (beliefs by Bayes' rule on the path "
                   "only); each equilibrium says which notion it satisfies.")
def solve(game_file: str, method: str, exact: bool, tol: float | None, output_format: str, assignments: tuple,
          concept: str | None, weak_pbe: bool) -> None:
    """Find the equilibria of the game in GAME_FILE: a Gambit .nfg or .efg file, or a model (a key from
    'gametheory models list' or a .toml model file, with --set NAME=VALUE for its parameters).

    Games in strategic form get their Nash equilibria. Game trees (.efg files
    and tree models) are solved by subgame perfection or perfect Bayesian
    equilibrium (--concept). A PBE here pins beliefs by Bayes' rule wherever
    the profile allows, off the path too; --weak-pbe adds the weak PBE, whose
    off-path beliefs are free. Their JSON gives "concept" and, per equilibrium,
    "behavior" (per player, per information set in file order, the
    probabilities of its actions), "payoffs" and "path" (the probability of
    each terminal node).

    Text output shows the payoff table with best responses marked (*) and each
    equilibrium with its payoffs. JSON output is one object whose
    "equilibria" list gives, for each equilibrium, the "strategies" (one list
    of probabilities per player, in the file's action order; exact values as
    strings like "1/3") and the "payoffs", with "degenerate" and "complete"
    flags for the whole result.
    """
    from ..solvers import solve as solve_game

    tree_case = tree_argument(game_file, assignments)
    if tree_case is not None:
        _solve_tree(game_file, *tree_case, concept, exact, tol, output_format, weak_pbe)
        return
    if weak_pbe:
        raise GameArgumentError(f"{game_file}: --weak-pbe applies to game trees (.efg files and tree models) "
                                "solved by perfect Bayesian equilibrium")
    if concept not in (None, "nash"):
        raise GameArgumentError(f"{game_file}: --concept {concept} applies to game trees (.efg files and tree "
                                "models); a game in strategic form has Nash equilibria")
    model_game = model_game_argument(game_file, assignments)
    if model_game is None and assignments:
        raise GameArgumentError(f"--set applies to models only, and {game_file!r} is not a model")
    game, source = model_game if model_game is not None else (load_game_argument(game_file), {})
    if exact:
        game = game.as_exact()
    try:
        result = solve_game(game, method, exact=True if exact else None, tol=tol)
    except (ValueError, NotImplementedError) as error:
        raise GameArgumentError(f"{game_file}: {one_line(error)}") from None
    except (RuntimeError, ArithmeticError) as error:
        raise SolverError(f"{game_file}: method {method!r} failed: {one_line(error)}") from None

    if output_format == "json":
        payload = {"file": game_file, **source, **result.to_dict()}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        if source:
            values = ", ".join(f"{name}={value}" for name, value in source["parameters"].items())
            click.echo(f"{source['title']} [{source['model']}] at {values or 'its fixed payoffs'}")
        click.echo(game.to_text())
        click.echo()
        click.echo(result.describe())


def tree_argument(text: str, assignments=()):
    """``(tree, info, default concept)`` when GAME_FILE is an .efg file or a tree model, else None.

    The extension is matched in any case (``GAME.EFG`` too), as file systems and Gambit itself allow.
    """
    if text.lower().endswith(".efg"):
        from ..io.efg import read_efg

        if assignments:
            raise GameArgumentError(f"--set applies to models only, and {text!r} is not a model")
        try:
            return read_efg(text), {}, "spe"
        except FileNotFoundError:
            raise GameArgumentError(f"no such game file: {text!r}") from None  # an .efg path: no model suggestion
        except (OSError, ValueError) as error:
            raise GameArgumentError(one_line(error)) from None
    if not _is_model_argument(text):
        return None
    model = load_model_argument(text)
    if model.kind != "tree":
        return None
    from ..numerics import format_value

    values = parse_assignments(assignments)
    try:
        tree = model.tree(**values)
        # Derived parameters take their formula's value at the structural values, not their default.
        used = model.values(**values)
    except (ValueError, TypeError) as error:
        raise ModelArgumentError(f"{model.key}: {one_line(error)}") from None
    info = {"model": model.key, "title": model.title, "parameters": {k: str(format_value(v)) for k, v in used.items()}}
    return tree, info, model.solution_concept


def _solve_tree(game_file, tree, info, default_concept, concept, exact, tol, output_format, weak_pbe=False) -> None:
    from ..games.extensive.render import tree_text
    from ..solvers.tree_concepts import solve_tree_by_concept

    concept = concept or default_concept
    if weak_pbe and concept != "pbe":
        raise GameArgumentError(f"{game_file}: --weak-pbe applies to the perfect Bayesian concept, and this tree is "
                                f"solved by {concept} (add --concept pbe)")
    options = {"weak": True} if weak_pbe else {}
    try:
        result = solve_tree_by_concept(tree, concept, exact=True if exact else None, tol=tol, **options)
    except (ValueError, NotImplementedError) as error:
        raise GameArgumentError(f"{game_file}: {one_line(error)}") from None
    except (RuntimeError, ArithmeticError) as error:
        raise SolverError(f"{game_file}: {concept} failed: {one_line(error)}") from None
    if output_format == "json":
        click.echo(json.dumps({"file": game_file, **info, **result.to_dict()}, indent=2, ensure_ascii=False))
        return
    if info:
        values = ", ".join(f"{name}={value}" for name, value in info["parameters"].items())
        click.echo(f"{info['title']} [{info['model']}] at {values}")
    click.echo(tree_text(tree, result.equilibria[0] if len(result.equilibria) == 1 else None))
    click.echo()
    click.echo(result.describe())
