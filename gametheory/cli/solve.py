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
    "polynomial enumeration for more). Game trees take auto, or lemke_howson for one Nash equilibrium of a "
    "two-player tree (Lemke's algorithm on the sequence form).",
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
@click.option("--pure-only", is_flag=True,
              help="With the perfect Bayesian concept: search the pure behaviour profiles only (no mixed PBE).")
@click.option("--max-sequence-pairs", type=click.IntRange(min=0), default=None, metavar="N",
              help="With the perfect Bayesian concept on a two-player tree: search mixed PBE when the sequence form "
                   "has at most N sequence pairs (default 64; 0: no limit); above it only the pure PBE are listed, "
                   "marked incomplete.")
@click.option("--max-profiles", type=click.IntRange(min=0), default=None, metavar="N",
              help="With the perfect Bayesian concept: refuse trees with more than N pure behaviour profiles "
                   "(default 1,000,000; 0: no limit).")
def solve(game_file: str, method: str, exact: bool, tol: float | None, output_format: str, assignments: tuple,
          concept: str | None, weak_pbe: bool, pure_only: bool, max_sequence_pairs: int | None,
          max_profiles: int | None) -> None:
    """Find the equilibria of the game in GAME_FILE: a Gambit .nfg or .efg file, or a model (a key from
    'gametheory models list' or a .toml model file, with --set NAME=VALUE for its parameters).

    Games in strategic form get their Nash equilibria. Game trees (.efg files
    and tree models) are solved by subgame perfection or perfect Bayesian
    equilibrium (--concept). A PBE here pins beliefs by Bayes' rule wherever
    the profile allows, off the path too; --weak-pbe adds the weak PBE, whose
    off-path beliefs are free. Their JSON gives "concept" and, per equilibrium,
    "behavior" (per player, per information set in file order, the
    probabilities of its actions), "payoffs" and "path" (the probability of
    each terminal node); a PBE also its "beliefs" (nodes numbered depth first,
    as in the file) and "intuitive_criterion" (true/false on signalling trees,
    else null). Nash equilibria of a two-player tree whose reduced strategic
    form is over budget come from its sequence form; --method lemke_howson
    gives one by Lemke's algorithm on the sequence form. Mixed PBE are searched
    up to --max-sequence-pairs; above it the pure PBE are listed, marked
    incomplete.

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
        pbe_options = {"weak": weak_pbe, "pure_only": pure_only, "max_sequence_pairs": max_sequence_pairs,
                       "max_profiles": max_profiles}
        _solve_tree(game_file, *tree_case, concept, exact, tol, output_format, method=method, **pbe_options)
        return
    for flag, value in (("--weak-pbe", weak_pbe), ("--pure-only", pure_only),
                        ("--max-sequence-pairs", max_sequence_pairs), ("--max-profiles", max_profiles)):
        if value not in (None, False):
            raise GameArgumentError(f"{game_file}: {flag} applies to game trees (.efg files and tree models) "
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


#: Feasible bases the sequence-form enumeration may visit when the reduced strategic form of a two-player tree
#: is over its budget (about a second or two per thousand bases on small trees); beyond it, one equilibrium by
#: Lemke's algorithm on the sequence form.
FALLBACK_MAX_BASES = 5_000

#: Methods a game tree accepts (``--method``): every extreme equilibrium of the concept, or one Nash
#: equilibrium of a two-player tree by Lemke's algorithm on the sequence form.
TREE_METHODS = ("auto", "lemke_howson")


def _solve_tree(game_file, tree, info, default_concept, concept, exact, tol, output_format, *, method="auto",
                weak=False, pure_only=False, max_sequence_pairs=None, max_profiles=None) -> None:
    from ..games.extensive.render import tree_text

    concept = concept or default_concept
    for flag, value in (("--weak-pbe", weak), ("--pure-only", pure_only),
                        ("--max-sequence-pairs", max_sequence_pairs), ("--max-profiles", max_profiles)):
        if value not in (None, False) and concept != "pbe":
            raise GameArgumentError(f"{game_file}: {flag} applies to the perfect Bayesian concept, and this tree "
                                    f"is solved by {concept} (add --concept pbe)")
    if method not in TREE_METHODS or (method != "auto" and (concept != "nash" or tree.n_players != 2)):
        raise GameArgumentError(
            f"{game_file}: --method {method} does not apply to this game tree ({tree.n_players} players, concept "
            f"{concept}); a tree takes --method auto (every extreme equilibrium of the concept), or, with --concept "
            "nash on a two-player tree, --method lemke_howson (one Nash equilibrium by Lemke's algorithm on the "
            "sequence form)")
    try:
        if concept == "pbe":
            result = _pbe(game_file, tree, exact, tol, weak, pure_only, max_sequence_pairs, max_profiles)
        elif concept == "nash":
            result = _nash(tree, method, exact, tol)
        else:
            from ..solvers.tree_concepts import solve_tree_by_concept

            result = solve_tree_by_concept(tree, concept, exact=True if exact else None, tol=tol)
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


def _nash(tree, method: str, exact: bool, tol):
    """Nash equilibria of a tree: the reduced strategic form's extreme equilibria, and for two players beyond its
    budget the sequence form's (within :data:`FALLBACK_MAX_BASES`), else one by sequence-form Lemke."""
    from dataclasses import replace

    from ..solvers.sequence_form import sequence_form_enumeration, sequence_form_lemke
    from ..solvers.tree_concepts import solve_tree_by_concept

    mode = True if exact else None
    if method == "lemke_howson":
        return sequence_form_lemke(tree, exact=mode, tol=tol)
    try:
        return solve_tree_by_concept(tree, "nash", exact=mode, tol=tol)
    except ValueError as error:
        if tree.n_players != 2 or tree.is_symbolic:
            raise
        reason = one_line(error).split("; use ")[0]  # the normal-form advice does not apply to a tree
    try:
        found = sequence_form_enumeration(tree, max_bases=FALLBACK_MAX_BASES)
    except ValueError as error:
        found = sequence_form_lemke(tree, exact=mode, tol=tol)
        note = (f"the reduced strategic form is over its budget ({reason}) and so is the sequence form's "
                f"enumeration ({one_line(error)}): one equilibrium by Lemke's algorithm on the sequence form, "
                "not every one")
        return replace(found, complete=False, notes=(note, *found.notes))
    note = (f"the reduced strategic form is over its budget ({reason}): every extreme equilibrium of the sequence "
            "form (realization plans) instead")
    if exact or tree.is_exact:
        return replace(found, notes=(note, *found.notes))
    # The enumeration is exact; a float tree gets float profiles, certified in float mode.
    import numpy as np

    from ..games.extensive.equilibrium import certify_tree

    equilibria = tuple(certify_tree(tree, np.asarray(e.behavior, dtype=float), concept="nash", tol=tol)
                       for e in found.equilibria)
    return replace(found, tree=tree, equilibria=equilibria, exact=False, notes=(note, *found.notes))


def _pbe(game_file, tree, exact: bool, tol, weak: bool, pure_only: bool, max_sequence_pairs, max_profiles):
    """Perfect Bayesian equilibria; a two-player tree whose sequence form is over the mixed search's budget gets
    its pure PBE, marked incomplete, with a note naming the option that lifts the budget."""
    from dataclasses import replace

    from ..solvers.perfect_bayesian import MAX_PROFILES, MAX_SEQUENCE_PAIRS, pbe_work_estimate
    from ..solvers.tree_concepts import solve_tree_by_concept

    profiles_budget = MAX_PROFILES if max_profiles is None else (max_profiles or None)
    work = pbe_work_estimate(tree)
    if profiles_budget is not None and work > profiles_budget:
        raise GameArgumentError(f"{game_file}: the tree has {work:,} pure behaviour profiles, more than the PBE "
                                f"search's budget of {profiles_budget:,}; --max-profiles {work} (or 0, no limit) "
                                "searches them anyway")
    pairs_budget = MAX_SEQUENCE_PAIRS if max_sequence_pairs is None else (max_sequence_pairs or None)
    mixed, note = not pure_only, None
    if mixed and tree.n_players == 2 and pairs_budget is not None and not tree.is_symbolic:
        from ..solvers.sequence_form import sequence_form

        n1, n2 = sequence_form(tree).sizes
        if n1 * n2 > pairs_budget:
            mixed = False
            note = (f"mixed PBE not searched: the sequence form has {n1} x {n2} = {n1 * n2} sequence pairs, above "
                    f"the budget of {pairs_budget} (its enumeration time grows steeply); the pure PBE are complete; "
                    f"--max-sequence-pairs {n1 * n2} (or 0, no limit) searches the mixed ones too")
    options = {"weak": weak, "mixed": mixed, "max_profiles": None, "max_sequence_pairs": None}
    result = solve_tree_by_concept(tree, "pbe", exact=True if exact else None, tol=tol, **options)
    if note is not None:
        result = replace(result, complete=False, notes=(note, *result.notes))
    return result
