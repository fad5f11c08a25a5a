"""Is buck-passing more dangerous the more great powers there are?

Question. Christensen and Snyder (1990) argue that multipolarity invites
buck-passing: each great power hopes another will balance a rising threat.
Encoded as a volunteer's dilemma (Diekmann 1985), how likely is it that
nobody balances, as the number of great powers n grows?

Model. ``models/buck_passing.toml`` (key ``buck_passing``), a symmetric
n-player game given by counts: if at least one power balances, every power
gains U; a balancer pays K; if nobody balances, nobody gains. The encoding is
the model file's (marked there as ours).

Grid. n = 2, 3, 4, 5 great powers (``--powers``) by cost K in {2, 4, 8}
(``--costs``), benefit U = 10 (``--benefit``). The headline is K = 4.

Method. Each game is solved for all its equilibria by the general n-player
solver (``gametheory.solve``: vertex enumeration for n = 2, polynomial
enumeration for n >= 3), each with its certificate (the largest regret). The
symmetric completely mixed equilibrium is picked out, and the probability
that nobody balances is computed from its strategies: the product over the
powers of their probability of passing.

Comparison. Against the closed form of the symmetric mixed equilibrium:
each power passes with probability q = (K/U)^(1/(n-1)), so nobody balances
with probability q^n = (K/U)^(n/(n-1)), which rises with n towards K/U.

Outputs, in ``--output`` (default ``results/buck_passing_by_number_of_powers``):
``buck_passing.{csv,md,tex}`` (per n and K: number of equilibria, P(pass) and
P(nobody balances) from the equilibrium and from the closed form, the
certificate), ``nobody_balances.{png,pdf}`` (P(nobody balances) against n,
one line per K, closed form dashed). A summary is printed.

Usage: python scripts/buck_passing_by_number_of_powers.py [--powers 2 3 4 5] [--costs 2 4 8] [--benefit 10] [--output DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from gametheory.model import load_model
from gametheory.numerics import DEFAULT_TOL
from gametheory.study.plots import save_figure
from gametheory.solvers import solve
from gametheory.study.tables import write_table

NAME = "buck_passing_by_number_of_powers"


def symmetric_mixed(result):
    """The equilibrium in which every power mixes, with the same probabilities."""
    found = []
    for equilibrium in result:
        passing = [float(s[1]) for s in equilibrium.strategies]
        if all(DEFAULT_TOL < p < 1 - DEFAULT_TOL for p in passing) and np.ptp(passing) <= DEFAULT_TOL:
            found.append(equilibrium)
    if len(found) != 1:
        raise RuntimeError(f"expected one symmetric mixed equilibrium, found {len(found)}")
    return found[0]


def run(powers=(2, 3, 4, 5), costs=(2, 4, 8), benefit=10, output=None):
    """Run the experiment; return the table as a DataFrame (one row per n and K)."""
    output = Path(output or Path("results") / NAME)
    model = load_model("buck_passing")
    rows = []
    for cost in costs:
        if not 0 < cost < benefit:
            raise ValueError(f"each cost must lie strictly between 0 and the benefit {benefit}, got {cost}")
        for n in powers:
            result = solve(model.game(n_powers=n, benefit=benefit, cost=cost))
            mixed = symmetric_mixed(result)
            passing = float(mixed.strategies[0][1])
            q = (cost / benefit) ** (1 / (n - 1))
            rows.append({
                "powers": n,
                "benefit": benefit,
                "cost": cost,
                "equilibria": len(result),
                "P(pass)": passing,
                "P(pass), closed form": q,
                "P(nobody balances)": float(np.prod([float(s[1]) for s in mixed.strategies])),
                "P(nobody balances), closed form": q**n,
                "max regret": float(mixed.max_regret),
            })
    table = pd.DataFrame(rows)

    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.5, 5.5), layout="constrained")
    axes = figure.add_subplot()
    for k, (cost, part) in enumerate(table.groupby("cost", sort=True)):
        colour = f"C{k}"
        axes.plot(part["powers"], part["P(nobody balances)"], "o", color=colour, markersize=8,
                  label=f"K/U = {cost / benefit:g}: equilibrium")
        n = np.linspace(min(powers), max(powers), 200)
        axes.plot(n, (cost / benefit) ** (n / (n - 1)), "--", color=colour, label=f"K/U = {cost / benefit:g}: (K/U)^(n/(n-1))")
    axes.set_xlabel("number of great powers n", fontsize=14)
    axes.set_ylabel("P(nobody balances)", fontsize=14)
    axes.set_xticks(sorted(set(powers)))
    axes.tick_params(labelsize=12)
    axes.set_title("Buck-passing: the symmetric mixed equilibrium", fontsize=13)
    axes.legend(fontsize=10)

    output.mkdir(parents=True, exist_ok=True)
    for suffix in (".csv", ".md", ".tex"):
        write_table(table, output / f"buck_passing{suffix}", digits=3, label=f"tab:{NAME}",
                    caption="Buck-passing as a volunteer's dilemma: the symmetric mixed equilibrium by number of powers")
    save_figure(figure, output / "nobody_balances")
    return table


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--powers", type=int, nargs="+", default=[2, 3, 4, 5], help="numbers of great powers (2 to 5)")
    parser.add_argument("--costs", type=float, nargs="+", default=[2, 4, 8], help="costs K of balancing")
    parser.add_argument("--benefit", type=float, default=10, help="benefit U when someone balances")
    parser.add_argument("--output", type=Path, default=Path("results") / NAME, help="results folder")
    args = parser.parse_args(argv)
    table = run(args.powers, args.costs, args.benefit, args.output)
    print(f"buck-passing (U = {args.benefit:g}), written to {args.output}")
    print("   K   n  equilibria  P(pass)  P(nobody balances)  closed form  max regret")
    for row in table.itertuples(index=False):
        print(f"{row.cost:4g} {row.powers:3d} {row.equilibria:11d} {row[4]:8.3f} {row[6]:19.3f} {row[7]:12.3f} {row[8]:11.1e}")
    return table


if __name__ == "__main__":
    main()
