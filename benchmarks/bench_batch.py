"""Throughput of the batched fast path against per-game loops over nashpy, pygambit and QuantEcon.

For 10^5 and 10^6 random 2x2 and 3x3 bimatrix games, all equilibria of every
game:

* ``gametheory.solvers.batch.solve_bimatrix_batch`` on the whole batch (every game);
* nashpy ``Game(A, B).support_enumeration()``, pygambit
  ``nash.enummixed_solve(game, rational=False)`` and QuantEcon
  ``game_theory.support_enumeration`` (after its JIT warm-up), each called in
  a Python loop over a subsample of the same games; their rate is measured on
  the subsample and extrapolated (the per-game cost does not depend on the
  batch size), and the table says so.

Two kinds of games: ``float`` (standard normal payoffs, almost surely
nondegenerate) and ``ties`` (integer payoffs in -2..2: most games degenerate,
with ties and continua of equilibria). Every timing is the best of
``--repeat`` runs, all in the same process; the batched path is also\ntimed in CPU time (``time.thread_time``), which a busy shared machine\ndisturbs less than wall-clock time.

Run: ``python benchmarks/bench_batch.py`` (``--quick`` for a short run).
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np

from _peers import loop_nashpy, loop_pygambit, loop_quantecon, random_games
from gametheory.solvers.batch import solve_bimatrix_batch


def best_time(run, repeat, clock=time.perf_counter):
    best = float("inf")
    for _ in range(repeat):
        start = clock()
        run()
        best = min(best, clock() - start)
    return best


PEERS = {"nashpy": (loop_nashpy, 300), "pygambit": (loop_pygambit, 2000), "quantecon": (loop_quantecon, 5000)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10^4 and 10^5 games, smaller subsamples")
    parser.add_argument("--repeat", type=int, default=3, help="timings are the best of this many runs")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    sizes = (10**4, 10**5) if args.quick else (10**5, 10**6)
    shrink = 10 if args.quick else 1
    rng = np.random.default_rng(args.seed)

    # QuantEcon compiles with numba on first use: warm it up outside the timing.
    warm_a, warm_b = random_games(rng, 3, 3, "float")
    loop_quantecon(warm_a[:, :2, :2], warm_b[:, :2, :2])
    loop_quantecon(warm_a, warm_b)

    print(f"# Batched fast path vs per-game loops ({platform.processor() or platform.machine()}, "
          f"numpy {np.__version__}, best of {args.repeat})")
    print()
    print("Peers are timed in a Python loop over a subsample of the same games (size in brackets) and their")
    print("rate is extrapolated to the batch size; gametheory.solvers.batch solves every game of the batch.")
    print("Rates are wall-clock (ratios use them); the CPU-time column discounts other processes on a shared machine.")
    print()
    header = ["game", "kind", "N", "batch games/s", "batch games/s (CPU time)", "eq./game"] + [f"{p} games/s [n]" for p in PEERS] + [
        f"batch / {p}" for p in PEERS
    ]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for m in (2, 3):
        for kind in ("float", "ties"):
            A, B = random_games(rng, max(sizes), m, kind)
            peer_rates, peer_sizes = {}, {}
            for name, (loop, subsample) in PEERS.items():
                size = max(subsample // shrink, 20)
                peer_rates[name] = size / best_time(lambda: loop(A[:size], B[:size]), args.repeat)
                peer_sizes[name] = size
            for N in sizes:
                result = solve_bimatrix_batch(A[:N], B[:N])
                elapsed = best_time(lambda: solve_bimatrix_batch(A[:N], B[:N]), args.repeat)
                cpu = best_time(lambda: solve_bimatrix_batch(A[:N], B[:N]), args.repeat, time.thread_time)
                rate = N / elapsed
                row = [f"{m}x{m}", kind, f"{N:.0e}", f"{rate:,.0f}", f"{N / cpu:,.0f}", f"{len(result) / N:.2f}"]
                row += [f"{peer_rates[p]:,.0f} [{peer_sizes[p]}]" for p in PEERS]
                row += [f"{rate / peer_rates[p]:,.0f}x" for p in PEERS]
                print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
