"""The ``gametheory dynamics`` command: rest points with their stability, and the phase portrait.

``dynamics MODEL [--set name=value ...] [--kind replicator|best-response|logit]
[--populations 1|2] [--noise X] [-o FIG.png]`` prints every rest point of the
replicator dynamics of the model's game (exact where the payoffs are exact),
with its stability (the eigenvalues of the Jacobian) and, for evolutionarily
stable states, the ESS certificate; with ``-o`` it writes the phase portrait
of the chosen dynamics (a simplex for a symmetric game with three actions, the
unit square of two populations for a 2x2 game).

MODEL is a built-in model name, a model file (``.toml``) or a Gambit
``.nfg`` file. A symmetric game is one population by default, any other
two-player game two populations. A symmetric game of more than two players
with two actions is one population whose state is one share
(:func:`gametheory.dynamics.multiplayer_rest_points`); it has no portrait.
"""

from __future__ import annotations

from pathlib import Path

import click

from .common import GameArgumentError, ModelArgumentError, load_game_argument, model_game_argument, one_line

__all__ = ["dynamics", "KINDS"]

#: ``--kind`` values and the dynamics they draw.
KINDS = {"replicator": "replicator", "best-response": "best_response", "logit": "logit"}

_FIGURE_SUFFIXES = (".png", ".pdf", ".svg")


def _game(text: str, assignments):
    found = model_game_argument(text, assignments)
    if found is None:
        if assignments:
            raise ModelArgumentError(f"--set applies to models, and {text!r} is a game file")
        return load_game_argument(text), text
    game, info = found
    values = ", ".join(f"{k}={v}" for k, v in info["parameters"].items())
    return game, f"{info['model']}" + (f" ({values})" if values else "")


def _point_lines(index: int, point) -> list[str]:
    from ..numerics import format_value

    ess = "  ESS" if point.is_ess else ""
    nash = "Nash equilibrium" if point.is_nash else "not Nash (regret " + ", ".join(
        format_value(r) for r in point.regrets) + ")"
    lines = [f"{index:>3}. {point.describe()}", f"     {point.stability}{ess}; {nash}"]
    eigenvalues = ", ".join(_complex(v) for v in point.eigenvalues) or "none (a vertex of a one-action face)"
    lines.append(f"     eigenvalues: {eigenvalues}")
    if point.ess is not None:
        lines.append(f"     ESS certificate: {point.ess.describe()}")
    elif point.reason:
        lines.append(f"     why: {point.reason}")
    return lines


def _complex(value) -> str:
    value = complex(value)
    if abs(value.imag) < 1e-12:
        return f"{value.real:.4g}"
    return f"{value.real:.4g}{value.imag:+.4g}i"


@click.command()
@click.argument("model_name", metavar="MODEL")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
              help="Parameter value (repeatable); parameters not set take their defaults.")
@click.option("--kind", type=click.Choice(list(KINDS)), default="replicator", show_default=True,
              help="Dynamics drawn in the phase portrait (the rest points listed are the replicator dynamics').")
@click.option("--populations", type=click.Choice(["1", "2"]), default=None,
              help="One population (symmetric games only) or two; default one for symmetric games.")
@click.option("--noise", type=click.FloatRange(min=0, min_open=True), default=0.1, show_default=True,
              help="Noise (temperature) of the logit dynamics.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, metavar="FIG.png",
              help="Write the phase portrait here (.png, .pdf or .svg).")
def dynamics(model_name: str, assignments: tuple, kind: str, populations: str | None, noise: float,
             output: str | None) -> None:
    """Rest points of the replicator dynamics of MODEL, their stability and ESS certificates; the phase portrait.

    Each rest point is listed with its stability (asymptotically stable,
    unstable or non-hyperbolic, from the eigenvalues of the Jacobian, exact
    for exact payoffs), whether it is a Nash equilibrium, and for an
    evolutionarily stable state the certificate that proves it.
    """
    from ..games.normal_form import NormalFormGame

    game, name = _game(model_name, assignments)
    if isinstance(game, NormalFormGame) and game.n_players > 2:
        _multiplayer(game, name, output, populations)
        return
    if not isinstance(game, NormalFormGame) or game.n_players != 2:
        raise ModelArgumentError(
            f"{name}: the dynamics need a normal-form game (two players, or a symmetric game of more players "
            f"with two actions), got a {type(game).__name__}")
    if output is not None and Path(output).suffix.lower() not in _FIGURE_SUFFIXES:
        raise click.BadParameter(f"the figure must end in one of {', '.join(_FIGURE_SUFFIXES)}, got {output!r}",
                                 param_hint="'-o'")
    from ..dynamics import is_symmetric, rest_points

    count = int(populations) if populations else (1 if is_symmetric(game) else 2)
    if count == 1 and not is_symmetric(game):
        raise ModelArgumentError(f"{name}: one population needs a symmetric game; use --populations 2")
    try:
        found = rest_points(game, populations=count)
    except (ValueError, TypeError) as error:
        raise ModelArgumentError(f"{name}: {one_line(error)}") from None
    shape = "x".join(str(k) for k in game.shape)
    who = "one population (symmetric game)" if count == 1 else "two populations"
    click.echo(f"Replicator dynamics of {game.title or name}: {name}, {shape}, {who}")
    click.echo(f"{len(found)} rest point{'s' if len(found) != 1 else ''} "
               f"({'exact' if found.exact else 'floating point'}"
               f"{'; a continuum of rest points exists, extreme ones listed' if found.continuum else ''}):")
    for index, point in enumerate(found, start=1):
        for line in _point_lines(index, point):
            click.echo(line)
    stable = [p.describe() for p in found.stable]
    click.echo(f"Asymptotically stable: {', '.join(stable) if stable else 'none'}; "
               f"ESS: {', '.join(p.describe() for p in found.ess) or 'none'}")
    if output is None:
        return
    figure = _portrait(game, count, KINDS[kind], noise, name)
    try:
        figure.savefig(output, dpi=150)
    except OSError as error:
        raise GameArgumentError(f"cannot write {output!r}: {error.strerror or error}") from None
    click.echo(f"Phase portrait ({kind} dynamics) written to {output}")


def _portrait(game, count: int, kind: str, noise: float, name: str):
    from ..dynamics.plots import phase_plane, simplex_portrait

    if count == 1 and game.shape[0] == 3:
        return simplex_portrait(game, dynamics=kind, noise=noise)
    if game.shape == (2, 2):
        # A symmetric 2x2 game is drawn as two populations: one population moves along the diagonal.
        return phase_plane(game, dynamics=kind, noise=noise)
    raise ModelArgumentError(
        f"{name}: a phase portrait needs a 2x2 game or a symmetric game with 3 actions "
        f"(as one population), this one is {'x'.join(str(k) for k in game.shape)}"
        + (" with two populations" if count == 2 and game.shape[0] == 3 else ""))


def _multiplayer(game, name: str, output, populations) -> None:
    """One population playing a symmetric game of more than two players with two actions."""
    from ..dynamics import multiplayer_rest_points
    from ..numerics import format_value

    if output is not None:
        raise ModelArgumentError(f"{name}: no phase portrait for {game.n_players}-player games (the state is one "
                                 "share, listed below without -o)")
    if populations == "2":
        raise ModelArgumentError(f"{name}: a {game.n_players}-player game is one population here (--populations 1)")
    try:
        points = multiplayer_rest_points(game)
    except (ValueError, TypeError) as error:
        raise ModelArgumentError(f"{name}: {one_line(error)}") from None
    click.echo(f"Replicator dynamics of {game.title or name}: {name}, {game.n_players} players with two actions, "
               "one population (symmetric game)")
    click.echo(f"{len(points)} rest points (exact):")
    for index, point in enumerate(points, start=1):
        ess = "  ESS" if point.is_ess else ""
        nash = "Nash equilibrium" if point.is_nash else f"not Nash (regret {format_value(point.regret)})"
        click.echo(f"{index:>3}. {point.describe()}")
        click.echo(f"     {point.stability}{ess}; {nash}")
        click.echo(f"     eigenvalue: {point.eigenvalue:.4g}")
        click.echo(f"     {'ESS certificate' if point.is_ess else 'why'}: {point.reason}")
    stable = [p.describe() for p in points if p.is_stable]
    click.echo(f"Asymptotically stable: {', '.join(stable) if stable else 'none'}; "
               f"ESS: {', '.join(p.describe() for p in points if p.is_ess) or 'none'}")
