"""How long a shadow of the future does alliance burden sharing need?

Question. In a one-shot burden-sharing game allies free-ride on each other's
defence (a Prisoner's Dilemma). Repeated, with discount factor delta,
cooperation can be enforced by the threat of future punishment (Axelrod
1984). How patient must allies be for grim trigger and for tit for tat to
sustain mutual contribution, and how does that threshold move as the cost of
contributing and the weight of relative gains (Grieco 1988) change the stage
payoffs?

Model. ``models/alliance_burden_sharing_repeated.toml`` (key
``alliance_burden_sharing_repeated``): each ally contributes or free-rides;
a contribution gives both allies security b = 3 and costs the contributor c;
utility puts weight k on relative gains. Stage payoffs R = 2b - c,
S = b - c - k c, T = b + k c, P = 0 (the encoding is the model file's,
marked there as ours and unverified).

Grid. Cost c from 2 to 7 in ``--points`` steps (default 21, exact
fractions), relative-gains weight k in {0, 1/2, 1} (``--relative-gains``),
benefit b = 3.

Method. For each stage game, ``gametheory.games.repeated`` computes exactly (in
rational arithmetic) the set of discount factors in [0, 1) where
(grim trigger, grim trigger) is a subgame perfect equilibrium, where
(tit for tat, tit for tat) is a Nash equilibrium (Axelrod's collective
stability) and where it is subgame perfect, by one-shot deviations at every
reachable automaton state; the critical discount factor is the lower end of
the set's top interval. The 2x2 classifier names each stage game.

Comparison. Against the textbook threshold (T - R)/(T - P) for grim trigger
and Axelrod's max{(T - R)/(T - P), (T - R)/(R - S)} for tit for tat, and
against the closed form that ``gametheory.games.repeated.critical_discount``
derives from the model's symbolic payoffs. With these public-good payoffs
T + S = R + P, so Axelrod's two conditions coincide and tit for tat is
subgame perfect only at the single discount factor delta* (its punishment
phase must make the deviator exactly indifferent).

Outputs, in ``--output`` (default ``results/shadow_of_the_future``):
``critical_discount.{csv,md,tex}`` (per c and k: stage payoffs, class, the
exact sets and thresholds, the textbook values), ``critical_discount.{png,pdf}``
(critical discount factor against c, one line per k). A summary is printed.

Usage: python scripts/shadow_of_the_future.py [--points N] [--relative-gains 0 1/2 1] [--output DIR]
"""

from __future__ import annotations

import argparse
from fractions import Fraction
from pathlib import Path

import pandas as pd
import sympy

from gametheory.analysis.classify import classify
from gametheory.model import load_model
from gametheory.study.plots import save_figure
from gametheory.games.repeated import RepeatedGame, critical_discount, strategies
from gametheory.study.tables import write_table

NAME = "shadow_of_the_future"
BENEFIT = Fraction(3)
COST_RANGE = (Fraction(2), Fraction(7))


def textbook(T, R, P, S):
    """Grim trigger's (T - R)/(T - P) and Axelrod's tit-for-tat bound, or None outside the dilemma."""
    if not (T > R > P > S):
        return None, None
    grim = (T - R) / (T - P)
    return grim, max(grim, (T - R) / (R - S))


def threshold(found):
    """The critical discount factor as a Fraction, or None when none exists."""
    return None if found.critical is None else Fraction(str(found.critical))


def run(points: int = 21, relative_gains=(Fraction(0), Fraction(1, 2), Fraction(1)), output=None):
    """Run the experiment; return the table as a DataFrame (one row per cost and weight)."""
    if points < 2:
        raise ValueError(f"--points must be at least 2, got {points}")
    output = Path(output or Path("results") / NAME)
    model = load_model("alliance_burden_sharing_repeated")
    grim, tft = strategies.grim_trigger(), strategies.tit_for_tat()
    low, high = COST_RANGE
    costs = [low + (high - low) * Fraction(j, points - 1) for j in range(points)]

    # The closed form in the model's parameters, derived once from the symbolic stage game.
    symbolic = model.symbolic_game()
    closed = critical_discount(RepeatedGame(symbolic), (grim, grim))
    symbols = symbolic.symbols

    rows = []
    for k in relative_gains:
        for cost in costs:
            stage = model.game(benefit=BENEFIT, cost=cost, relative_gains=k)
            game = RepeatedGame(stage)
            R, S = stage.payoff_profile(("Contribute", "Contribute"))[0], stage.payoff_profile(("Contribute", "Free-ride"))[0]
            T, P = stage.payoff_profile(("Free-ride", "Contribute"))[0], stage.payoff_profile(("Free-ride", "Free-ride"))[0]
            grim_spe = critical_discount(game, (grim, grim), notion="spe")
            tft_nash = critical_discount(game, (tft, tft), notion="nash")
            tft_spe = critical_discount(game, (tft, tft), notion="spe")
            grim_book, tft_book = textbook(T, R, P, S)
            formula = closed.critical.subs({symbols["benefit"]: BENEFIT, symbols["cost"]: cost, symbols["relative_gains"]: k})
            name = classify(stage).name
            rows.append({
                "cost": cost,
                "relative gains": k,
                "T": T, "R": R, "P": P, "S": S,
                "stage game": name or "border (ties)",
                "grim SPE set": str(grim_spe.discount_set),
                "grim critical": threshold(grim_spe),
                "grim (T-R)/(T-P)": grim_book,
                "grim closed form": Fraction(str(sympy.nsimplify(formula))) if grim_book is not None else None,
                "TFT Nash critical": threshold(tft_nash),
                "TFT Axelrod bound": tft_book,
                "TFT SPE set": str(tft_spe.discount_set),
            })
    table = pd.DataFrame(rows)

    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 5.5), layout="constrained")
    axes = figure.add_subplot()
    for j, (k, part) in enumerate(table.groupby("relative gains", sort=True)):
        has = part["grim critical"].notna()
        axes.plot(part.loc[has, "cost"].astype(float), part.loc[has, "grim critical"].astype(float), "-", color=f"C{j}",
                  linewidth=2.5, label=f"k = {k}: grim trigger (SPE)")
        has = part["TFT Nash critical"].notna()
        axes.plot(part.loc[has, "cost"].astype(float), part.loc[has, "TFT Nash critical"].astype(float), "o", color=f"C{j}",
                  markersize=5, markerfacecolor="none", label=f"k = {k}: tit for tat (Nash)")
    axes.set_xlabel(f"cost of contributing c (benefit b = {BENEFIT})", fontsize=14)
    axes.set_ylabel("critical discount factor", fontsize=14)
    axes.set_ylim(0, 1)
    axes.tick_params(labelsize=12)
    axes.set_title("Burden sharing: how patient must allies be?", fontsize=13)
    axes.legend(fontsize=10, loc="lower right")

    output.mkdir(parents=True, exist_ok=True)
    for suffix in (".csv", ".md", ".tex"):
        write_table(table, output / f"critical_discount{suffix}", label=f"tab:{NAME}",
                    caption="Critical discount factors of grim trigger and tit for tat in repeated burden sharing")
    save_figure(figure, output / "critical_discount")
    return table


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=21, help="costs between 2 and 7 (default 21)")
    parser.add_argument("--relative-gains", type=Fraction, nargs="+", default=[Fraction(0), Fraction(1, 2), Fraction(1)],
                        help="weights k on relative gains (fractions allowed: 1/2)")
    parser.add_argument("--output", type=Path, default=Path("results") / NAME, help="results folder")
    args = parser.parse_args(argv)
    table = run(args.points, args.relative_gains, args.output)
    print(f"shadow of the future (b = {BENEFIT}), written to {args.output}")
    print("     c     k  stage game               grim SPE from   TFT Nash from   TFT SPE at")
    for row in table.itertuples(index=False):
        grim = "never" if row[8] is None or pd.isna(row[8]) else str(row[8])
        tft = "never" if row[11] is None or pd.isna(row[11]) else str(row[11])
        print(f"{str(row[0]):>6} {str(row[1]):>5}  {row[6]:<24} {grim:>13} {tft:>15}   {row[13]}")
    dilemma = table[table["grim (T-R)/(T-P)"].notna()]
    same = ((dilemma["grim critical"] == dilemma["grim (T-R)/(T-P)"])
            & (dilemma["grim critical"] == dilemma["grim closed form"])
            & (dilemma["TFT Nash critical"] == dilemma["TFT Axelrod bound"]))
    print(f"Prisoner's Dilemma stage games: {len(dilemma)}; exact thresholds equal to the textbook values "
          f"and the symbolic closed form at {int(same.sum())} of them")
    return table


if __name__ == "__main__":
    main()
