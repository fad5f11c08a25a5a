"""Evolutionary dynamics over many initial states: gametheory.dynamics against nashpy, ratios in one run.

Workloads (random payoffs, seeded; every trajectory recorded at nashpy's
default 1000 time points on [0, 10]):

* one-population replicator dynamics of a 3x3 game from ``N`` initial
  states: ``replicator_dynamics(A, x0)`` with ``x0`` of shape ``(N, 3)``
  (one vectorised RK4 pass) against nashpy ``Game.replicator_dynamics(y0=...)``
  (scipy ``odeint``) called once per initial state;
* two-population replicator dynamics of a 3x3 bimatrix game:
  ``asymmetric_replicator_dynamics`` against nashpy's
  ``asymmetric_replicator_dynamics``;
* end states only: ``replicator_dynamics(A, x0, [0, 10])`` (fixed-step RK4,
  nothing recorded in between) against nashpy with ``timepoints=[0, 10]``;
* basins of attraction (only the end state matters): ``basins_of_attraction``
  (integration to t = 100 in payoff-spread units by Dormand-Prince 5(4) with
  a step size per initial state) against nashpy's replicator dynamics per
  state on ``linspace(0, 100, 1000)``;
* Moran fixation of one mutant in a population of ``--moran-size``: the closed
  form, and ``moran_process`` with ``--moran-runs`` runs, against nashpy's
  ``fixation_probabilities`` with the same number of repetitions.

nashpy runs on a subsample of the initial states (``--peer-sample``); its
per-state cost does not depend on ``N``, so its time for all ``N`` states is
the subsample time scaled up, and the table says so. The two integrations
are checked against each other on the subsample (largest share difference).
Every timing is the best of ``--repeat`` runs in this process, in CPU time
of the process (``time.process_time``) for both sides. Recording 1000 time
points for 10^4 states writes 240 MB per population: on the project's
machines merely allocating and touching that much memory takes about 0.1 s,
the same order as nashpy's time divided by 100, so the trajectory rows are
bound by the size of their answer; the end-state and basin rows show the
integrators themselves.

Run: ``python benchmarks/bench_dynamics.py`` (``--quick`` for a short run).
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np

import nashpy

from gametheory import NormalFormGame
from gametheory.dynamics import (
    asymmetric_replicator_dynamics,
    basins_of_attraction,
    fixation_probability,
    moran_process,
    replicator_dynamics,
)


def best_time(run, repeat):
    """Best CPU time of the process over ``repeat`` runs (a busy shared machine disturbs it less than wall time)."""
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        value = run()
        best = min(best, time.process_time() - start)
    return best, value


def row(name, n, ours, theirs, sample, agreement=""):
    extrapolated = theirs * n / sample
    return (f"| {name} | {n} | {ours:.3f} | {extrapolated:.2f}{'*' if sample < n else ''} | "
            f"{extrapolated / ours:.0f}x | {agreement} |")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--states", type=int, default=10_000, help="initial states N (default 10000)")
    parser.add_argument("--peer-sample", type=int, default=200, help="initial states run through nashpy (default 200)")
    parser.add_argument("--moran-size", type=int, default=10)
    parser.add_argument("--moran-runs", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="N = 2000, 50 nashpy states, 1 repeat")
    args = parser.parse_args(argv)
    if args.quick:
        args.states, args.peer_sample, args.repeat, args.moran_runs = 2000, 50, 1, 100
    rng = np.random.default_rng(0)
    N, sample = args.states, min(args.peer_sample, args.states)
    times = np.linspace(0, 10, 1000)
    lines = [
        f"python {platform.python_version()}, numpy {np.__version__}, nashpy {nashpy.__version__}, {platform.machine()}",
        "",
        "| workload | initial states | gametheory (s) | nashpy (s) | ratio | largest difference |",
        "|---|---|---|---|---|---|",
    ]

    A = rng.uniform(-1, 1, (3, 3))
    x0 = rng.dirichlet(np.ones(3), size=N)
    ours, path = best_time(lambda: replicator_dynamics(A, x0, times), args.repeat)
    peer = nashpy.Game(A, A.T)
    theirs, reference = best_time(lambda: [peer.replicator_dynamics(y0=x, timepoints=times) for x in x0[:sample]],
                                  args.repeat)
    gap = max(np.abs(path.states[0][:, i] - reference[i]).max() for i in range(sample))
    lines.append(row("replicator, 3x3, one population", N, ours, theirs, sample, f"{gap:.1e}"))

    A2, B2 = rng.uniform(-1, 1, (3, 3)), rng.uniform(-1, 1, (3, 3))
    game = NormalFormGame.from_bimatrix(A2, B2)
    y0 = rng.dirichlet(np.ones(3), size=N)
    ours, path = best_time(lambda: asymmetric_replicator_dynamics(game, x0, y0, times), args.repeat)
    peer = nashpy.Game(A2, B2)
    theirs, reference = best_time(
        lambda: [peer.asymmetric_replicator_dynamics(x0=x, y0=y, timepoints=times) for x, y in zip(x0[:sample], y0[:sample])],
        args.repeat)
    gap = max(max(np.abs(path.states[0][:, i] - reference[i][0]).max(), np.abs(path.states[1][:, i] - reference[i][1]).max())
              for i in range(sample))
    lines.append(row("replicator, 3x3, two populations", N, ours, theirs, sample, f"{gap:.1e}"))

    ends_at = np.array([0.0, 10.0])
    ours, path = best_time(lambda: replicator_dynamics(A, x0, ends_at), args.repeat)
    peer = nashpy.Game(A, A.T)
    theirs, reference = best_time(lambda: [peer.replicator_dynamics(y0=x, timepoints=ends_at)[-1] for x in x0[:sample]],
                                  args.repeat)
    gap = max(np.abs(path.final[0][i] - reference[i]).max() for i in range(sample))
    lines.append(row("replicator end states (t = 10), 3x3", N, ours, theirs, sample, f"{gap:.1e}"))

    stag = np.array([[4.0, 0.0, 1.0], [3.0, 2.0, 1.0], [1.0, 1.0, 1.5]])
    ours, result = best_time(lambda: basins_of_attraction(stag, initial=x0), args.repeat)
    spread = float(stag.max() - stag.min())
    long = np.linspace(0, 100 / spread, 1000)
    peer = nashpy.Game(stag, stag.T)
    theirs, ends = best_time(lambda: [peer.replicator_dynamics(y0=x, timepoints=long)[-1] for x in x0[:sample]], args.repeat)
    gap = max(np.abs(result.final[0][i] - ends[i]).max() for i in range(sample))
    lines.append(row("basins (end states), 3x3", N, ours, theirs, sample, f"{gap:.1e}"))

    M = np.array([[3.0, 1.0], [2.0, 2.0]])
    size, runs = args.moran_size, args.moran_runs
    closed, exact = best_time(lambda: fixation_probability([[3, 1], [2, 2]], size), args.repeat)
    ours, simulated = best_time(lambda: moran_process(M, size, [1, size - 1], runs=runs, seed=1), args.repeat)
    population = np.array([0] + [1] * (size - 1))
    np.random.seed(1)
    theirs, estimate = best_time(lambda: nashpy.Game(M, M.T).fixation_probabilities(
        initial_population=population, repetitions=runs), args.repeat)
    share = sum(p for state, p in estimate.items() if set(state) == {0})
    lines.append(f"| Moran fixation, N = {size}, {runs} runs | - | {ours:.3f} (closed form {closed * 1e3:.2f} ms) | "
                 f"{theirs:.2f} | {theirs / ours:.0f}x | exact {float(exact):.4f}, ours {simulated.probabilities[0]:.4f}, "
                 f"nashpy {share:.4f} |")
    lines.append("")
    lines.append(f"* nashpy timed on {sample} of the {N} initial states and scaled to all {N}.")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
