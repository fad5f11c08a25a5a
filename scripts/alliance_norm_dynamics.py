"""How do alliance norms spread, and do they last? Evolutionary dynamics of three alliance models.

Question. Equilibria say where alliance play can rest; evolutionary dynamics
ask which resting point a population of states reaches from where it starts,
and whether it stays there. Three questions: (1) where does a norm of
balancing, rather than bandwagoning, take over a population of small states
facing a population of rising powers, as the spoils of bandwagoning grow?
(2) Is burden sharing stable when allies can free-ride: what share of allies
contributes at the evolutionarily stable state, and can a contributor invade
a population of free-riders in a finite alliance system? (3) How large is
the basin of mutual restraint in the security dilemma as the offense-defense
balance moves?

Model. (1) ``balancing_bandwagoning`` (Walt 1987; Schweller 1994; payoffs as
in the model file): a population of small states (Balance / Bandwagon)
against a population of rising powers (Restrain / Aggress), two-population
replicator dynamics. (2) ``burden_sharing`` with two allies (Olson and
Zeckhauser 1966): one population of allies matched in pairs, replicator
dynamics and the Moran process (Nowak et al. 2004) in a population of
``--moran-size`` allies at selection intensity 1/10. (3) ``offense_defense``
(Jervis 1978) with indistinguishable postures (d = 0): one population of
states matched in pairs, and two populations for comparison.

Grid. (1) spoils g from 0 to 6 (``--points`` values) at the other defaults;
(2) contribution cost c from 0.5 to 5 in steps of 0.5 at V = 10, d = 1/2
(exact rational arithmetic); (3) offense_advantage x from -1 to 1
(``--points`` values). Basins use ``--initial`` seeded uniform initial
states per point (the same at every point).

Method. Exact rest points, Jacobian signatures and ESS certificates from
``gametheory.dynamics.rest_points``; basins of attraction from
``gametheory.dynamics.basin_sweep`` (replicator dynamics integrated to time
100 in units of the inverse payoff spread, all points of a chunk at once
through ``gametheory.study.sweep.run_chunks``); fixation probabilities in closed
form from ``gametheory.dynamics.fixation_probability``.

Comparison. (1) The spoils at which the balancing norm's basin gives way to
bandwagoning's (and the share of states still moving near the switch, where
selection on the small states is weak), against balance-of-threat's threshold from the model file (the small state
bandwagons iff p+ g - (p+ - p-) h L - (1 - p+) L_b > 0). (2) The ESS share of
contributors against the equilibrium share from the indifference condition,
and the contributor's fixation probability against neutral drift (1/N).
(3) The one-population basin of mutual restraint against its closed form
1 - (P - S) / ((R - T) + (P - S)) wherever both pure profiles are strict
equilibria (R > T and P > S: Stag Hunt or pure coordination).

Outputs, in ``--output`` (default ``results/alliance_norm_dynamics``):
``balancing_norm.{csv,md,tex}``, ``burden_sharing.{csv,md,tex}``,
``restraint_basin.{csv,md,tex}`` (tables above), figures
``balancing_norm_basins``, ``balancing_phase_plane``,
``burden_sharing_portrait`` (trajectories over time),
``restraint_basin`` and ``stag_hunt_phase_plane`` (PNG and PDF). A summary is
printed.

Usage: python scripts/alliance_norm_dynamics.py [--points N] [--initial N] [--moran-size N] [--output DIR]
"""

from __future__ import annotations

import argparse
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd

from gametheory.dynamics import basin_sweep, fixation_probability, replicator_dynamics, rest_points
from gametheory.dynamics.plots import basin_plot, phase_plane, trajectory_plot
from gametheory.model import load_model
from gametheory.study.plots import save_figure
from gametheory.study.tables import write_table

NAME = "alliance_norm_dynamics"


def _write(frame: pd.DataFrame, folder: Path, stem: str, caption: str) -> None:
    for suffix in (".csv", ".md", ".tex"):
        write_table(frame, folder / f"{stem}{suffix}", caption=caption, label=f"tab:{stem}")


def balancing_norm(points: int, initial: int, folder: Path) -> dict:
    """(1) Two populations: small states and rising powers; the balancing norm's basin against the spoils."""
    model = load_model("balancing_bandwagoning")
    spoils = np.linspace(0, 6, points)
    frame = basin_sweep(model, grid={"spoils": spoils}, n_initial=initial, populations=2)
    def basin_of(mask):
        return frame[mask].groupby("spoils")["basin"].sum().reindex(spoils, fill_value=0.0).to_numpy()

    table = pd.DataFrame({
        "spoils": spoils,
        "balancing_basin": basin_of(frame["Small State:Balance"] > 0.5),
        "bandwagoning_basin": basin_of(frame["Small State:Bandwagon"] > 0.5),
        # Near the threshold the small states' payoff gap, and so selection on them, vanishes.
        "still_moving": basin_of(frame["rest_point"] == "unsettled"),
    })
    d = model.defaults
    threat = d["aggressive_intent"] * d["proximity"] * d["offensive_capability"]
    p_plus, p_minus = float(d["win_with_small"]), float(d["aggregate_power"])
    threshold = ((p_plus - p_minus) * float(threat) * float(d["predation_loss"]) + (1 - p_plus) * float(d["defeat_cost"])) / p_plus
    table["balance_of_threat_predicts"] = np.where(spoils < threshold, "balance", "bandwagon")
    _write(table, folder, "balancing_norm", "Share of initial states ending in the balancing norm, by the spoils of bandwagoning")
    figure = basin_plot(frame.assign(rest_point=frame["description"]), "spoils",
                        title="Balancing vs bandwagoning: where do the populations end?")
    axes = figure.axes[0]
    axes.axvline(threshold, color="black", linestyle=":", linewidth=1.8)
    axes.text(threshold, 0.5, " balance-of-threat\n threshold", fontsize=11, va="center")
    save_figure(figure, folder / "balancing_norm_basins")
    save_figure(phase_plane(model.game(), title="Small states vs rising powers (defaults)"), folder / "balancing_phase_plane")
    holds = spoils[table["balancing_basin"].to_numpy() >= 0.5]
    falls = spoils[table["bandwagoning_basin"].to_numpy() >= 0.5]
    return {"table": table, "threshold": threshold, "last_balancing": holds.max() if holds.size else None,
            "first_bandwagoning": falls.min() if falls.size else None}


def burden_sharing(moran_size: int, folder: Path) -> dict:
    """(2) One population of allies: the ESS share of contributors, exactly, and the Moran process."""
    model = load_model("burden_sharing")
    rows = []
    for cost in [Fraction(k, 2) for k in range(1, 11)]:
        game = model.game(contribution_cost=cost)
        found = rest_points(game)
        (ess,) = found.ess
        A = game.payoffs[0]
        # Indifference: p a + (1 - p) b = p c + (1 - p) d for the mixed state, else a pure ESS.
        a, b, c, d = A[0, 0], A[0, 1], A[1, 0], A[1, 1]
        denominator = (a - b) - (c - d)
        mixed = (d - b) / denominator if denominator != 0 else None
        invasion = fixation_probability(game, moran_size, mutant=0, resident=1, intensity=Fraction(1, 10))
        rows.append({
            "contribution_cost": cost,
            "ess_contributors": ess.state[0][0],
            "indifference_share": mixed if mixed is not None and 0 < mixed < 1 else "",
            "certificate": ess.ess.kind,
            "stability": ess.stability,
            "contributor_fixation": invasion,
            "relative_to_neutral": invasion * moran_size,
        })
    table = pd.DataFrame(rows)
    _write(table, folder, "burden_sharing", "Evolutionarily stable share of contributors and a contributor's chance to take over")
    game = model.game(contribution_cost=3)
    path = replicator_dynamics(game, [0.1, 0.9], np.linspace(0, 15, 300))
    save_figure(trajectory_plot(path, title="Burden sharing (c = 3): contributors spread to the ESS share"),
                folder / "burden_sharing_portrait")
    return {"table": table}


def restraint_basin(points: int, initial: int, folder: Path) -> dict:
    """(3) The basin of mutual restraint as the offense-defense balance moves (one and two populations)."""
    model = load_model("offense_defense")
    x = np.linspace(-1, 1, points)
    one = basin_sweep(model, grid={"offense_advantage": x}, n_initial=initial, populations=1)
    two = basin_sweep(model, grid={"offense_advantage": x}, n_initial=initial, populations=2)
    d = {k: float(v) for k, v in model.defaults.items()}
    T = d["temptation_base"] + d["offense_effect"] * x - d["distinguishability_effect"] * d["distinguishability"]
    S = d["sucker_base"] - d["offense_effect"] * x + d["distinguishability_effect"] * d["distinguishability"]
    R, P = d["reward"], d["punishment"]
    coordination = (R > T) & (P > S)  # Stag Hunt or pure coordination: two strict equilibria
    with np.errstate(divide="ignore", invalid="ignore"):
        closed = np.where(coordination, 1 - (P - S) / ((R - T) + (P - S)), np.nan)
    restraint_one = one[one["rest_point"] == "C"].groupby("offense_advantage")["basin"].sum().reindex(x, fill_value=0.0)
    restraint_two = two[two["rest_point"] == "C,C"].groupby("offense_advantage")["basin"].sum().reindex(x, fill_value=0.0)
    table = pd.DataFrame({
        "offense_advantage": x, "temptation": T, "sucker": S,
        "basin_one_population": restraint_one.to_numpy(),
        "closed_form": closed,
        "basin_two_populations": restraint_two.to_numpy(),
    })
    _write(table, folder, "restraint_basin", "Basin of mutual restraint as the offense advantage grows (d = 0)")
    figure = basin_plot(one, "offense_advantage", rest_points=["C", "D"], xlabel="offense advantage x",
                        title="Security dilemma: basin of mutual restraint (one population)")
    figure.axes[0].plot(x, closed, color="black", linestyle=":", linewidth=2, label="closed form")
    save_figure(figure, folder / "restraint_basin")
    save_figure(phase_plane(model.game(), title="Security dilemma at x = 0: two populations"), folder / "stag_hunt_phase_plane")
    finite = ~np.isnan(closed)
    error = float(np.max(np.abs(table["basin_one_population"].to_numpy()[finite] - closed[finite]))) if finite.any() else 0.0
    return {"table": table, "max_error": error, "coordination_points": int(finite.sum())}


def run(points: int, initial: int, moran_size: int, output: Path) -> dict:
    output.mkdir(parents=True, exist_ok=True)
    return {
        "balancing": balancing_norm(points, initial, output),
        "burden": burden_sharing(moran_size, output),
        "restraint": restraint_basin(points, initial, output),
    }


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=25, help="grid points of the swept parameters (default 25)")
    parser.add_argument("--initial", type=int, default=1000, help="seeded initial states per point (default 1000)")
    parser.add_argument("--moran-size", type=int, default=10, help="population size of the Moran process (default 10)")
    parser.add_argument("--output", type=Path, default=Path("results") / NAME, help="results folder")
    args = parser.parse_args(argv)
    found = run(args.points, args.initial, args.moran_size, args.output)
    balancing = found["balancing"]
    print(f"written to {args.output}")
    print(f"(1) balancing norm: balance-of-threat threshold g = {balancing['threshold']:.3f}; the balancing norm "
          f"holds half the initial states up to g = {balancing['last_balancing']}, bandwagoning from "
          f"g = {balancing['first_bandwagoning']} (in between most states are still moving at t = 100)")
    print("(2) burden sharing (two allies, V = 10, d = 1/2):")
    for row in found["burden"]["table"].itertuples(index=False):
        print(f"    c = {str(row.contribution_cost):>4}: ESS contributors {str(row.ess_contributors):>5} ({row.certificate}); "
              f"a contributor fixes with {float(row.contributor_fixation):.4f} = {float(row.relative_to_neutral):.2f} x neutral")
    restraint = found["restraint"]
    print(f"(3) basin of mutual restraint: largest gap to the closed form over {restraint['coordination_points']} "
          f"coordination-game points: {restraint['max_error']:.3f}")
    return found


if __name__ == "__main__":
    main()
