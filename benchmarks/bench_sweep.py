"""Whole-sweep throughput: model evaluation, batched solving and DataFrame assembly, against per-game loops.

What is timed, all in one process and printed as one table:

* **sweep**: ``gametheory.study.sweep.sweep(model, samples=N)`` with its defaults
  (serial executor, default chunk size), every equilibrium of every point,
  including the model's ``payoff_arrays`` over the parameter arrays, the
  batched solver, the 2x2 class names and the assembly of the tidy pandas
  DataFrame. Two models: the Stag Hunt file ``models/stag_hunt.toml`` swept
  over its four parameters (reward, temptation, punishment, sucker in
  [0, 10]), and a 3x3 alignment game (balance, bandwagon or buck-pass)
  built in this script with :class:`gametheory.model.Model`, whose four
  parameters enter every payoff.
* **solver**: ``gametheory.solvers.batch.solve_bimatrix_batch`` alone on random 2x2
  and 3x3 games: standard normal payoffs (``float``, almost surely
  nondegenerate) and integer payoffs in -2..2 (``ties``, mostly degenerate
  games with continua).
* **peers**: nashpy ``Game(A, B).support_enumeration()``, pygambit
  ``nash.enummixed_solve(game, rational=False)`` and QuantEcon
  ``game_theory.support_enumeration`` (after its numba JIT warm-up), each
  called in a Python loop over a subsample of a few thousand of the same
  random ``float`` games. Their rate is measured on the subsample and
  extrapolated to N (a per-game loop costs the same per game whatever N);
  the table says so.

Every timing is the best of ``--repeat`` runs. Rates are points (games) per
second, wall-clock and CPU time (``time.process_time``: this process's user
plus system time, which other processes on a busy shared machine disturb
less than the wall clock). The load average is printed with the table.

Run: ``python benchmarks/bench_sweep.py`` (``--quick`` for 10^4 and 10^5).
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np
import pandas as pd

from _peers import loop_nashpy, loop_pygambit, loop_quantecon, random_games
from gametheory.solvers.batch import solve_bimatrix_batch
from gametheory.model import Model, load_model
from gametheory.study.sweep import sweep

ALIGNMENT_ACTIONS = ("Balance", "Bandwagon", "Buck-pass")

#: Payoff of the first player for (own action, other's action), in action order.
ALIGNMENT_PAYOFFS = (
    ("deterrence - cost", "deterrence / 2 - cost - threat", "deterrence / 2 - cost"),
    ("spoils", "spoils / 2 - threat", "spoils - threat / 2"),
    ("deterrence / 2", "-threat", "-threat"),
)


def alignment_model() -> Model:
    """A symmetric 3x3 alliance-choice game whose payoffs are expressions of four parameters."""
    payoffs = {}
    for i, own in enumerate(ALIGNMENT_ACTIONS):
        for j, other in enumerate(ALIGNMENT_ACTIONS):
            payoffs[f"{own},{other}"] = [ALIGNMENT_PAYOFFS[i][j], ALIGNMENT_PAYOFFS[j][i]]
    return Model(
        "alignment_3x3",
        "Balance, bandwagon or buck-pass (benchmark model)",
        parameters=[
            {"name": "threat", "default": 5, "low": 0, "high": 10, "meaning": "what the rising power can take"},
            {"name": "cost", "default": 1, "low": 0, "high": 5, "meaning": "cost of balancing"},
            {"name": "deterrence", "default": 6, "low": 0, "high": 10, "meaning": "value of joint deterrence"},
            {"name": "spoils", "default": 2, "low": 0, "high": 10, "meaning": "spoils of bandwagoning"},
        ],
        players={"First": list(ALIGNMENT_ACTIONS), "Second": list(ALIGNMENT_ACTIONS)},
        payoffs=payoffs,
        sources=[{"citation": "Benchmark model of this script; not from the literature."}],
        predictions={"defensive_realism": {"rules": [{"outcome": "Balance,Balance", "expect": "equilibrium"}]}},
    )


def timed(run, repeat):
    """Best wall-clock and best CPU time of ``repeat`` runs, the first run's wall-clock time, and the last result."""
    wall = cpu = float("inf")
    first = None
    result = None
    for _ in range(repeat):
        result = None  # free the previous result before the next run
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        result = run()
        elapsed = time.perf_counter() - start_wall
        first = elapsed if first is None else first
        wall = min(wall, elapsed)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu, first, result


#: Peer -> (loop, games in its subsample).
PEERS = {"nashpy": (loop_nashpy, 1000), "pygambit": (loop_pygambit, 3000), "QuantEcon": (loop_quantecon, 5000)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10^4 and 10^5 points, subsamples a tenth as large")
    parser.add_argument("--repeat", type=int, default=3, help="timings are the best of this many runs")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    sizes = (10**4, 10**5) if args.quick else (10**5, 10**6)
    shrink = 10 if args.quick else 1
    rng = np.random.default_rng(args.seed)
    load_before = os.getloadavg()

    stag_hunt = load_model("stag_hunt")
    alignment = alignment_model()
    models = {2: stag_hunt, 3: alignment}
    # Warm-up outside the timing: sympy lambdify of each model, numba JIT of QuantEcon.
    for model in models.values():
        sweep(model, samples=100)
    # Every peer is imported and called a few times before its timing.
    warm_a, warm_b = random_games(rng, 3, 3, "float")
    for loop, _ in PEERS.values():
        loop(warm_a[:, :2, :2], warm_b[:, :2, :2])
        loop(warm_a, warm_b)

    peer_rates = {}
    for m in (2, 3):
        A, B = random_games(rng, max(p[1] for p in PEERS.values()), m, "float")
        for name, (loop, subsample) in PEERS.items():
            size = max(subsample // shrink, 20)
            wall, cpu, _, _ = timed(lambda: loop(A[:size], B[:size]), args.repeat)
            peer_rates[m, name] = (size / wall, size / cpu, size)

    rows = []

    def add(what, game, kind, N, wall, cpu, first, equilibria):
        row = [what, game, kind, f"{N:.0e}", f"{wall:.3f}", f"{N / wall:,.0f}", f"{cpu:.3f}", f"{N / cpu:,.0f}",
               f"{N / first:,.0f}"]
        row.append(f"{equilibria / N:.2f}" if equilibria is not None else "")
        m = int(game[0])
        for name in PEERS:
            row.append(f"{(N / wall) / peer_rates[m, name][0]:,.0f}x")
        rows.append(row)

    for m, model in models.items():
        for N in sizes:
            wall, cpu, first, frame = timed(lambda: sweep(model, samples=N, seed=args.seed), args.repeat)
            add(f"sweep {model.key}", f"{m}x{m}", "model", N, wall, cpu, first, len(frame))
            del frame
    for m in (2, 3):
        for kind in ("float", "ties"):
            A, B = random_games(rng, max(sizes), m, kind)
            for N in sizes:
                a, b = A[:N], B[:N]
                wall, cpu, first, result = timed(lambda: solve_bimatrix_batch(a, b), args.repeat)
                add("solve_bimatrix_batch", f"{m}x{m}", kind, N, wall, cpu, first, len(result))
                del result
    for m in (2, 3):
        for name in PEERS:
            rate_wall, rate_cpu, size = peer_rates[m, name]
            N = max(sizes)
            row = [f"{name} loop (timed on {size} games, extrapolated)", f"{m}x{m}", "float", f"{N:.0e}",
                   f"{N / rate_wall:,.1f}", f"{rate_wall:,.0f}", f"{N / rate_cpu:,.1f}",
                   f"{rate_cpu:,.0f}", "", ""] + ["" for _ in PEERS]
            rows.append(row)
    load_after = os.getloadavg()

    header = ["what", "game", "payoffs", "N", "wall s", "points/s (wall)", "CPU s", "points/s (CPU)",
              "points/s (wall, first run)", "eq./point"] + [f"vs {name} (wall)" for name in PEERS]
    print(f"# Sweep and solver throughput ({platform.machine()}, {os.cpu_count()} CPUs, "
          f"numpy {np.__version__}, pandas {pd.__version__}, best of {args.repeat})")
    print()
    print(f"Load average (1, 5, 15 min) before: {', '.join(f'{v:.2f}' for v in load_before)}; "
          f"after: {', '.join(f'{v:.2f}' for v in load_after)}")
    print("Sweeps include payoff_arrays, solving, 2x2 class names and the DataFrame (one row per equilibrium).")
    print("Peers are called once per game in a Python loop on a subsample of random 'float' games; their rates are")
    print("extrapolated from that subsample, and the ratio columns divide our wall-clock rate by theirs.")
    print("Best-of runs reuse memory the process already holds; the first run of each size pays for fresh pages.")
    print()
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
