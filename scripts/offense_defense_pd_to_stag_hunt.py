"""How do the offense-defense balance and distinguishability move alliance games between Prisoner's Dilemma, Stag Hunt and Harmony?

Question. Jervis (1978) argues that two structural variables decide whether
the security dilemma bites: whether the offense or the defense has the
advantage, and whether offensive and defensive postures can be told apart.
Which 2x2 game do two status-quo states play at each combination, and how
much of the parameter space does each game occupy?

Model. ``models/offense_defense.toml`` (key ``offense_defense``): two
status-quo states each restrain (C) or arm (D); the other state may instead
be an aggressor (prior mu, ``aggressor_share``) that always arms. Between
status-quo states the offense advantage x raises the temptation T and lowers
the sucker's payoff S, and distinguishability d lowers T, raises S and takes
the offense term out of the dyad: T = T0 + k x (1 - d) - w d,
S = S0 - k x (1 - d) + w d. Against an aggressor a restraining state gets
S0 - k x + w d (distinguishability gives warning but leaves the aggressor's
offensive advantage). The 2x2 game is the status-quo types' game of
expected payoffs (the mapping and the reduction are the model file's, marked
there as ours and unverified). Other parameters stay at their defaults
(R = 4, P = 2, T0 = 3, S0 = 0, k = 1.25, w = 2.5); mu is 0 unless
``--aggressor-share`` sets it.

What the model shows. At mu = 0 the grid runs from a Prisoner's Dilemma
(x = 1, d = 0: Jervis's 'doubly dangerous' world 1) through the Stag Hunt
at x = d = 0 to Harmony along d = 1, where restraint is dominant whatever
the balance: Jervis's world 3 (offense advantage, distinguishable postures)
is, between status-quo states, the same Harmony game as world 4 (defense
advantage, distinguishable postures), with no security dilemma. What sets
world 3 apart is the possible aggressor: with ``--aggressor-share 0.5`` the
world-3 corner becomes a coordination game in which mutual arming is an
equilibrium beside mutual restraint, while the world-4 corner stays Harmony.

Grid. offense_advantage x in [-1, 1] by distinguishability d in [0, 1], a
full grid of ``--points`` values on each axis, ends included (default 41 x
41, the model's own default sweep axes), at the aggressor share
``--aggressor-share`` (default 0).

Method. ``gametheory.study.sweep.sweep`` solves every point for all its extreme
equilibria with certificates (the batched 2x2 path) and names each point's
game with the 2x2 classifier (``gametheory.analysis.classify``: the Robinson-Goforth
class of the strict ordinal game). Points where two of a player's payoffs
tie lie on a border between classes and have no class; they are reported as
"border (ties)". Each class is also put in its structural family (dilemma,
coordination, harmony, ...).

Comparison. The share of grid points in each class and family; the class at
Jervis's four corners (x = -1 or 1, d = 0 or 1); and defensive realism's
rules from the model file evaluated against the equilibria
(``gametheory.study.compare``), whose boundaries are drawn on the class map.

Outputs, in ``--output`` (default ``results/offense_defense_pd_to_stag_hunt``):
``classes.{csv,md,tex}`` (points and share per class), ``families.{csv,md,tex}``
(the same per family), ``corners.{csv,md,tex}`` (class and equilibria at the
four corners), ``points.csv`` (per point: x, d, class, family, equilibria,
defensive-realism agreement), ``class_map.{png,pdf}`` (regime map of class
names with defensive realism's boundaries). A summary is printed.

Usage: python scripts/offense_defense_pd_to_stag_hunt.py [--points N] [--aggressor-share MU] [--output DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd

from gametheory.analysis.classify import TYPES
from gametheory.study.compare import compare
from gametheory.model import load_model
from gametheory.study.plots import regime_map, save_figure
from gametheory.study.sweep import sweep
from gametheory.study.tables import write_table

NAME = "offense_defense_pd_to_stag_hunt"
BORDER = "border (ties)"
FAMILY = {t.name: t.family for t in TYPES}


def write_tables(frame, stem: Path, caption: str) -> None:
    for suffix in (".csv", ".md", ".tex"):
        write_table(frame, stem.with_suffix(suffix), caption=caption, label=f"tab:{NAME}:{stem.name}")


def shares(points, column: str):
    counts = points[column].value_counts()
    table = counts.rename_axis(column).reset_index(name="points")
    table["share"] = table["points"] / len(points)
    return table.sort_values(["points", column], ascending=[False, True]).reset_index(drop=True)


def run(points: int = 41, output=None, aggressor_share: float = 0.0):
    """Run the experiment; return ``{"points", "classes", "families", "corners"}`` DataFrames."""
    if points < 2:
        raise ValueError(f"--points must be at least 2 (the grid includes both ends), got {points}")
    if not 0 <= aggressor_share <= 1:
        raise ValueError(f"--aggressor-share must be a probability in [0, 1], got {aggressor_share}")
    output = Path(output or Path("results") / NAME)
    model = load_model("offense_defense")
    grid = {
        "offense_advantage": np.linspace(-1.0, 1.0, points),
        "distinguishability": np.linspace(0.0, 1.0, points),
    }
    frame = sweep(model, grid=grid, fixed={"aggressor_share": aggressor_share})
    comparison = compare(model, frame, "defensive_realism")

    per_point = frame.drop_duplicates("point").set_index("point").sort_index()
    names = per_point["game_class"].astype(str).replace("", BORDER)
    result = comparison.points.set_index("point").sort_index()[
        ["offense_advantage", "distinguishability", "regime", "predicted", "agree"]
    ]
    result.insert(2, "game_class", names)
    result.insert(3, "family", names.map(lambda n: FAMILY.get(n, "border" if n == BORDER else "other")))
    result.insert(4, "n_equilibria", per_point["n_equilibria"])
    result = result.reset_index()

    classes = shares(result, "game_class")
    families = shares(result, "family")
    corner_rows = []
    for x in (-1.0, 1.0):
        for d in (0.0, 1.0):
            row = result[np.isclose(result["offense_advantage"], x) & np.isclose(result["distinguishability"], d)].iloc[0]
            corner_rows.append({
                "offense advantage x": x,
                "distinguishability d": d,
                "class": row["game_class"],
                "equilibria": row["regime"],
            })
    corners = pd.DataFrame(corner_rows)

    output.mkdir(parents=True, exist_ok=True)
    result.to_csv(output / "points.csv", index=False)
    write_tables(classes, output / "classes", "Share of the offense-defense grid in each 2x2 class")
    write_tables(families, output / "families", "Share of the offense-defense grid in each family of 2x2 games")
    write_tables(corners, output / "corners", "Jervis's four corners: class and equilibria")
    # The regime map, coloured by class name instead of equilibrium regime;
    # the black lines are still defensive realism's rule boundaries.
    by_class = dataclasses.replace(comparison, points=comparison.points.assign(regime=names.to_numpy()))
    figure = regime_map(by_class, "offense_advantage", "distinguishability", model=model,
                        title=f"Offense-defense: the 2x2 game at each point ({points} x {points} grid, mu = {aggressor_share:g})")
    figure.axes[0].get_legend().set_title("2x2 game")
    save_figure(figure, output / "class_map")
    return {"points": result, "classes": classes, "families": families, "corners": corners,
            "agreement": comparison.agreement}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=41, help="grid points per axis (default 41)")
    parser.add_argument("--aggressor-share", type=float, default=0.0,
                        help="probability mu that the other state is an aggressor (default 0)")
    parser.add_argument("--output", type=Path, default=Path("results") / NAME, help="results folder")
    args = parser.parse_args(argv)
    found = run(args.points, args.output, args.aggressor_share)
    print(f"offense-defense grid: {len(found['points'])} points at aggressor share {args.aggressor_share:g}, "
          f"written to {args.output}")
    for row in found["classes"].itertuples(index=False):
        print(f"  {row.game_class:<28} {row.points:>6} points  {row.share:6.1%}")
    print("Jervis's corners:")
    for row in found["corners"].itertuples(index=False):
        print(f"  x = {row[0]:+.0f}, d = {row[1]:.0f}: {row[2]} ({row[3]})")
    print(f"agreement of the equilibria with defensive realism: {found['agreement']:.1%}")
    return found


if __name__ == "__main__":
    main()
