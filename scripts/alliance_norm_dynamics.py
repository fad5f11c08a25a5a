"""How do alliance norms spread, and do they last? Evolutionary dynamics of four alliance models.

Question. Equilibria say where alliance play can rest; evolutionary dynamics
ask which resting point a population of states reaches from where it starts,
and whether it stays there. Four questions: (1) where does a norm of
balancing, rather than bandwagoning, take over a population of small states
facing a population of rising powers, as the spoils of bandwagoning grow?
(2) Which division of the alliance's burden do populations of large and of
small allies settle on, and how does it move as forces bring their owners
ally-specific benefits? (3) Is answering aggression stable when members can
free-ride: what share of members answers at the evolutionarily stable
state, and can one that answers invade a population of free-riders in a
finite alliance system? (4) How large is the basin of mutual restraint in
the security dilemma as the offense-defense balance moves?

Model. (1) ``balancing_bandwagoning`` (Walt 1987; Schweller 1994; payoffs as
in the model file): a population of small states (Balance / Bandwagon)
against a population of rising powers (Restrain / Aggress), two-population
replicator dynamics. (2) ``burden_sharing`` (Olson and Zeckhauser 1966;
Sandler and Hartley 2001): a population of large allies and one of small
allies (rho = 3 times as large), matched in pairs, each putting 0, 1 or 2
units of force into a common deterrent; two-population replicator dynamics.
(3) ``collective_security`` with two members and no universal obligation
or concert (u = s = 0: an alliance against an identified threat, where
answering is a public good and abstaining free-rides): one population of
members matched in pairs, replicator dynamics and the Moran process (Nowak
et al. 2004) in a population of ``--moran-size`` members at selection
intensity 1/10. (4) ``offense_defense`` (Jervis 1978) between status-quo
states (aggressor share mu = 0) with indistinguishable postures (d = 0):
one population of states matched in pairs, and two populations for
comparison.

Grid. (1) spoils g from 0 to 6 (``--points`` values) at the other defaults;
(2) the ally-specific benefit pi from 0 to 9/10 in steps of 1/10 at rho = 3,
V = 10, d = 1/2, c = 2 (exact rational arithmetic); (3) the cost of
answering K from 1 to 10 at U = 10 (exact); (4) offense_advantage x from -1
to 1 (``--points`` values). Basins use ``--initial`` seeded uniform initial
states per point (the same at every point).

Method. Exact rest points, Jacobian signatures and ESS certificates from
``gametheory.dynamics.rest_points``; basins of attraction from
``gametheory.dynamics.basin_sweep`` (replicator dynamics integrated to time
100 in units of the inverse payoff spread, all points of a chunk at once
through ``gametheory.study.sweep.run_chunks``; for the burden-sharing game,
whose small ally's payoff gaps are small next to the large ally's payoffs,
to time 10000); fixation probabilities in closed form from
``gametheory.dynamics.fixation_probability``.

Comparison. (1) The spoils at which the balancing norm's basin gives way to
bandwagoning's (and the share of states still moving near the switch, where
selection on the small states is weak), against balance-of-threat's
threshold from the model file (the small state bandwagons iff p+ g - (p+ -
p-) h L - (1 - p+) L_b > 0, with p+ = p- + s (1 - p-)). (2) The stable
division of the burden: the large ally's share of the units at the stable
rest point against its share of the alliance's size, rho / (1 + rho) = 3/4
(Olson and Zeckhauser: larger than its size share with a pure public good;
Sandler and Hartley: closer to proportional as pi grows), and the outcome
the model's defensive-realism rules predict at each pi. (3) The ESS share of
members who answer against the equilibrium share from the indifference
condition, and the fixation probability of one member who answers against
neutral drift (1/N). (4) The one-population basin of mutual restraint
against its closed form 1 - (P - S) / ((R - T) + (P - S)) wherever both pure
profiles are strict equilibria (R > T and P > S: Stag Hunt or pure
coordination), with T = T0 + k x and S = S0 - k x at d = 0.

Outputs, in ``--output`` (default ``results/alliance_norm_dynamics``):
``balancing_norm.{csv,md,tex}``, ``burden_sharing.{csv,md,tex}``,
``free_riding.{csv,md,tex}``, ``restraint_basin.{csv,md,tex}`` (tables
above), figures ``balancing_norm_basins``, ``balancing_phase_plane``,
``burden_sharing_basins``, ``free_riding_portrait`` (trajectories over
time), ``restraint_basin`` and ``stag_hunt_phase_plane`` (PNG and PDF). A
summary is printed.

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
    p_minus = float(d["aggregate_power"])
    p_plus = p_minus + float(d["small_state_power"]) * (1 - p_minus)  # the model's p+ = p- + s (1 - p-)
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


def _strict_gap(game, profile) -> Fraction:
    """The least a player loses by leaving the pure ``profile`` alone (positive: a strict Nash equilibrium)."""
    gaps = []
    for player, own in enumerate(profile):
        payoff = game.payoffs[player]
        here = payoff[tuple(profile)]
        for other in range(payoff.shape[player]):
            if other != own:
                deviation = list(profile)
                deviation[player] = other
                gaps.append(here - payoff[tuple(deviation)])
    return min(gaps)


def burden_sharing(initial: int, folder: Path) -> dict:
    """(2) Two populations, large and small allies: the stable division of the burden as pi grows, exactly."""
    model = load_model("burden_sharing")
    shares = [Fraction(k, 10) for k in range(10)]
    rho = model.defaults["size_ratio"]
    size_share = Fraction(rho) / (1 + rho)
    predicted = model.predict("defensive_realism", private_share=np.array([float(pi) for pi in shares]))
    basins = basin_sweep(model, grid={"private_share": [float(pi) for pi in shares]}, n_initial=initial,
                         populations=2, t_max=10000)
    rows = []
    for pi, theory in zip(shares, predicted):
        game = model.game(private_share=pi)
        stable = [point for point in rest_points(game, populations=2) if point.stability == "asymptotically stable"]
        (point,) = stable
        profile = tuple(support[0] for support in point.supports)
        large_units, small_units = profile  # the actions None, Low, High are 0, 1 and 2 units
        label = ",".join(game.actions[k][a] for k, a in enumerate(profile))
        at = basins[np.isclose(basins["private_share"], float(pi))]
        rows.append({
            "private_share": pi,
            "stable_rest_point": label,
            "strict_gap": _strict_gap(game, profile),
            "basin": float(at.loc[at["rest_point"] == label, "basin"].sum()),
            "unsettled": float(at.loc[at["rest_point"] == "unsettled", "basin"].sum()),
            "large_units": large_units,
            "small_units": small_units,
            "large_share_of_burden": Fraction(large_units, large_units + small_units) if large_units + small_units else "",
            "large_share_of_size": size_share,
            "defensive_realism_predicts": str(theory),
        })
    table = pd.DataFrame(rows)
    _write(table, folder, "burden_sharing", "Stable division of the burden between a large and a small ally, by the ally-specific benefit")
    figure = basin_plot(basins.assign(rest_point=basins["description"]), "private_share", xlabel="ally-specific benefit pi",
                        title="Burden sharing: where do populations of large and small allies end?")
    save_figure(figure, folder / "burden_sharing_basins")
    return {"table": table, "size_share": size_share}


def free_riding(moran_size: int, folder: Path) -> dict:
    """(3) One population of members who answer aggression or free-ride: the ESS share, exactly, and the Moran process."""
    model = load_model("collective_security")
    fixed = {"n_members": 2, "universality": 0, "satisfaction": 0}
    rows = []
    for cost in range(1, 11):
        game = model.game(answer_cost=cost, **fixed)
        found = rest_points(game)
        (ess,) = found.ess
        A = game.payoffs[0]
        # Indifference: p a + (1 - p) b = p c + (1 - p) d for the mixed state, else a pure ESS.
        a, b, c, d = A[0, 0], A[0, 1], A[1, 0], A[1, 1]
        denominator = (a - b) - (c - d)
        mixed = (d - b) / denominator if denominator != 0 else None
        invasion = fixation_probability(game, moran_size, mutant=0, resident=1, intensity=Fraction(1, 10))
        rows.append({
            "answer_cost": cost,
            "ess_answering": ess.state[0][0],
            "indifference_share": mixed if mixed is not None and 0 < mixed < 1 else "",
            "certificate": ess.ess.kind,
            "stability": ess.stability,
            "answerer_fixation": invasion,
            "relative_to_neutral": invasion * moran_size,
        })
    table = pd.DataFrame(rows)
    _write(table, folder, "free_riding", "Evolutionarily stable share of members who answer aggression, and one answerer's chance to take over")
    game = model.game(answer_cost=3, **fixed)
    path = replicator_dynamics(game, [0.1, 0.9], np.linspace(0, 15, 300))
    save_figure(trajectory_plot(path, title="Answering aggression (K = 3): answerers spread to the ESS share"),
                folder / "free_riding_portrait")
    return {"table": table}


def restraint_basin(points: int, initial: int, folder: Path) -> dict:
    """(4) The basin of mutual restraint as the offense-defense balance moves (one and two populations)."""
    model = load_model("offense_defense")
    x = np.linspace(-1, 1, points)
    fixed = {"aggressor_share": 0, "distinguishability": 0}  # status-quo states, indistinguishable postures
    one = basin_sweep(model, grid={"offense_advantage": x}, fixed=fixed, n_initial=initial, populations=1)
    two = basin_sweep(model, grid={"offense_advantage": x}, fixed=fixed, n_initial=initial, populations=2)
    d = {k: float(v) for k, v in {**model.defaults, **fixed}.items()}
    # Between status-quo states (the model's notes): T = T0 + k x (1 - d) - w d, S = S0 - k x (1 - d) + w d.
    offense = d["offense_effect"] * x * (1 - d["distinguishability"])
    T = d["temptation_base"] + offense - d["distinguishability_effect"] * d["distinguishability"]
    S = d["sucker_base"] - offense + d["distinguishability_effect"] * d["distinguishability"]
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
    save_figure(phase_plane(model.game(**fixed), title="Security dilemma at x = 0: two populations"), folder / "stag_hunt_phase_plane")
    finite = ~np.isnan(closed)
    error = float(np.max(np.abs(table["basin_one_population"].to_numpy()[finite] - closed[finite]))) if finite.any() else 0.0
    return {"table": table, "max_error": error, "coordination_points": int(finite.sum())}


def run(points: int, initial: int, moran_size: int, output: Path) -> dict:
    output.mkdir(parents=True, exist_ok=True)
    return {
        "balancing": balancing_norm(points, initial, output),
        "burden": burden_sharing(initial, output),
        "free_riding": free_riding(moran_size, output),
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
    burden = found["burden"]
    print(f"(2) burden sharing (large and small ally, rho = 3, V = 10, d = 1/2, c = 2; the large ally is "
          f"{burden['size_share']} of the alliance's size):")
    for row in burden["table"].itertuples(index=False):
        print(f"    pi = {str(row.private_share):>5}: stable {row.stable_rest_point:<10} (strict by {str(row.strict_gap)}, "
              f"basin {row.basin:.2f}); large ally's share of the burden {str(row.large_share_of_burden):>3}; "
              f"defensive realism predicts {row.defensive_realism_predicts or 'nothing'}")
    print("(3) answering aggression (two members, U = 10):")
    for row in found["free_riding"]["table"].itertuples(index=False):
        print(f"    K = {row.answer_cost:>2}: ESS answering {str(row.ess_answering):>5} ({row.certificate}); "
              f"an answerer fixes with {float(row.answerer_fixation):.4f} = {float(row.relative_to_neutral):.2f} x neutral")
    restraint = found["restraint"]
    print(f"(4) basin of mutual restraint: largest gap to the closed form over {restraint['coordination_points']} "
          f"coordination-game points: {restraint['max_error']:.3f}")
    return found


if __name__ == "__main__":
    main()
