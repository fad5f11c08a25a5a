"""Speed of logit tracing: one equilibrium of n-player games, and the batched QRE of small games.

Methods. Part 1: for each shape, random games with integer payoffs in
-100..100 (seeds fixed) get one Nash equilibrium from our ``logit_solve``
(trace, polish on the support, certify) and from pygambit's
``logit_solve`` (on the same game with payoffs normalised onto [0, 1], so
both follow the same branch), ``gnm_solve`` and ``simpdiv_solve`` (from the
centroid). The table gives the median wall-clock time per game, the ratio of
each peer's median to ours (above 1: ours is faster), and how often our
equilibrium equals Gambit's logit limit (max difference below 1e-5). Part 2:
``logit_qre_batch`` on N random 2x2 and 3x3 games (uniform payoffs) at a
fixed lambda, in games per second, against a Python loop of pygambit's
``logit_solve_lambda`` over a sample of the same games. Part 3: nearly
symmetric games, ``B = A.T + eps * N`` with ``A`` and ``N`` standard normal
2x2 and 3x3 matrices (seeds fixed), each eps: how many ``trace_logit`` follows
to lam = 1000 without error, the median time and number of traced points,
against the exactly symmetric games ``(A, A.T)`` and against ordinary
games ``(A, B)`` with ``B`` independent, all in one interleaved loop. The
machine's load average is printed, since the machine may be shared.

Run: ``python benchmarks/bench_logit.py [--games 10] [--batch 100000] [--near 100]``
(``--parts 3`` runs part 3 alone).

Results
-------
Part 3, 100 games per row (half 2x2, half 3x3), on a shared 2-core machine
(load average 9.5 before and after)::

    games                    traced  median time  median points
    -----------------------------------------------------------
    ordinary                100/100       14.3ms             31
    symmetric               100/100       15.6ms             27
    eps 1e-13               100/100       43.2ms            105
    eps 1e-11               100/100       42.0ms            102
    eps 1e-09               100/100       41.7ms             98
    eps 1e-07               100/100       40.3ms             94

Nearly symmetric games take about three times the points of ordinary ones:
while their branch runs near symmetric profiles the steps are capped at a
tenth of ``max(1, lam)``, so that no step straddles two unfolded pitchforks
further apart than that.
Ordinary games are traced in the same points as before; the tighter
corrector (residuals of 1e-14) costs them about 5% (300 random 2x2 and 3x3
games traced to lam = 1000, interleaved with the earlier tracer: 33.3 ms
against 31.7 ms per game, the same 9712 points in all).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np

from gametheory import NormalFormGame
from gametheory.solvers.logit import logit_solve
from gametheory.solvers.logit_batch import logit_qre_batch

SHAPES = [(3, 3), (6, 6), (12, 12), (2, 2, 2), (3, 3, 3), (4, 4, 4), (2, 2, 2, 2, 2, 2), (2,) * 8]
#: simpdiv (rational arithmetic) takes minutes on a 12x12 game: run only where the actions add up to this at most.
SIMPDIV_ACTIONS = 12
#: pygambit 16.7's gnm_solve aborts the process ("double free or corruption") on
#: random 6-player 2-action games: run it on at most this many players.
GNM_MAX_PLAYERS = 4


def random_games(shape, count, seed):
    rng = np.random.default_rng(seed)
    return [NormalFormGame([rng.integers(-100, 101, size=shape).astype(float) for _ in shape]) for _ in range(count)]


def gambit_game(game):
    import pygambit as gbt

    return gbt.Game.from_arrays(*[np.asarray(p, dtype=float) for p in game.normalized().payoffs])


def profile_arrays(gambit, profile):
    return [np.array([float(profile[s]) for s in player.strategies]) for player in gambit.players]


def timed(function, items):
    times, outputs = [], []
    for item in items:
        start = time.perf_counter()
        outputs.append(function(item))
        times.append(time.perf_counter() - start)
    return statistics.median(times), outputs


def part_one(args):
    import pygambit as gbt

    header = (f"{'shape':<12} {'ours':>9} {'gambit logit':>14} {'gambit gnm':>13} {'gambit simpdiv':>15} "
              f"{'same limit':>11}")
    print(header)
    print("-" * len(header))
    for shape in SHAPES:
        games = random_games(shape, args.games, args.seed)
        gambits = [gambit_game(g) for g in games]
        ours, found = timed(lambda g: logit_solve(g)[0], games)
        logit, limits = timed(lambda g: gbt.nash.logit_solve(g).equilibria[0], gambits)
        gnm = None
        if len(shape) <= GNM_MAX_PLAYERS:
            gnm, _ = timed(lambda g: gbt.nash.gnm_solve(g), gambits)
        simpdiv = None
        if sum(shape) <= SIMPDIV_ACTIONS:
            simpdiv, _ = timed(lambda g: gbt.nash.simpdiv_solve(g.mixed_strategy_profile(rational=True)), gambits)
        same = sum(
            all(np.allclose(np.asarray(a, dtype=float), b, atol=1e-5)
                for a, b in zip(e.strategies, profile_arrays(gg, limit)))
            for e, gg, limit in zip(found, gambits, limits))

        def cell(seconds):
            if seconds is None:
                return f"{'-':>13}"
            return f"{seconds * 1000:7.1f}ms x{seconds / ours:4.1f}"

        name = "x".join(map(str, shape))
        print(f"{name:<12} {ours * 1000:7.1f}ms {cell(logit):>14} {cell(gnm):>13} {cell(simpdiv):>15} "
              f"{same:>5}/{len(games):<5}", flush=True)
    print("times: median per game; xR: the peer's median divided by ours; '-': not run (simpdiv: too slow; gnm: crashes)")


def part_two(args):
    import pygambit as gbt

    rng = np.random.default_rng(args.seed)
    print()
    header = f"{'games':<6} {'lambda':>7} {'batched':>16} {'gambit loop':>16} {'ratio':>8}"
    print(header)
    print("-" * len(header))
    for m, count in ((2, args.batch), (3, max(1, args.batch // 4))):
        A = rng.uniform(-1, 1, size=(count, m, m))
        B = rng.uniform(-1, 1, size=(count, m, m))
        logit_qre_batch(A[:100], B[:100], 1.0)  # warm up
        for lam in (1.0, 10.0, 100.0):
            start = time.perf_counter()
            result = logit_qre_batch(A, B, lam)
            ours = count / (time.perf_counter() - start)
            sample = min(count, args.gambit_sample)
            start = time.perf_counter()
            for k in range(sample):
                game = gambit_game(NormalFormGame.from_bimatrix(A[k], B[k]))
                gbt.qre.logit_solve_lambda(game, lam=[lam])
            theirs = sample / (time.perf_counter() - start)
            assert np.all(np.isfinite(result.row))
            print(f"{m}x{m:<4} {lam:>7g} {ours:>12,.0f}/s {theirs:>12,.0f}/s {ours / theirs:>7.0f}x", flush=True)
    print(f"batched: {args.batch} 2x2 and {max(1, args.batch // 4)} 3x3 games per run; "
          f"gambit: a Python loop over {args.gambit_sample} of them")


def part_three(args):
    from gametheory.solvers.qre import LogitTracingError, trace_logit

    print()
    header = f"{'games':<22} {'traced':>8} {'median time':>12} {'median points':>14}"
    print(header)
    print("-" * len(header))
    rng = np.random.default_rng(args.seed)
    kinds = ["ordinary", "symmetric"] + [f"eps {eps:.0e}" for eps in NEAR_EPS]
    times = {kind: [] for kind in kinds}
    points = {kind: [] for kind in kinds}
    traced = dict.fromkeys(kinds, 0)
    for k in range(args.near):
        m = 2 + k % 2
        A, N, other = rng.normal(size=(m, m)), rng.normal(size=(m, m)), rng.normal(size=(m, m))
        games = {"ordinary": (A, other), "symmetric": (A, A.T)}
        games.update({f"eps {eps:.0e}": (A, A.T + eps * N) for eps in NEAR_EPS})
        for kind, (row, column) in games.items():
            game = NormalFormGame.from_bimatrix(row, column)
            start = time.perf_counter()
            try:
                branch = trace_logit(game, 1000.0)
            except LogitTracingError:
                continue
            times[kind].append(time.perf_counter() - start)
            points[kind].append(len(branch))
            traced[kind] += 1
    for kind in kinds:
        median = statistics.median(times[kind]) * 1000 if times[kind] else float("nan")
        middle = statistics.median(points[kind]) if points[kind] else float("nan")
        print(f"{kind:<22} {traced[kind]:>4}/{args.near:<3} {median:>10.1f}ms {middle:>14.0f}", flush=True)
    print("traced: followed to lam = 1000 without error; eps: B = A.T + eps * N")


#: Asymmetries of the nearly symmetric games of part 3.
NEAR_EPS = (1e-13, 1e-11, 1e-9, 1e-7)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=10, help="random games per shape in part 1")
    parser.add_argument("--batch", type=int, default=100_000, help="2x2 games in the batched run (3x3: a quarter)")
    parser.add_argument("--gambit-sample", type=int, default=300, help="games in the pygambit loop of part 2")
    parser.add_argument("--near", type=int, default=100, help="nearly symmetric games per asymmetry in part 3")
    parser.add_argument("--parts", default="123", help="which parts to run, e.g. 3")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}; cpus: {os.cpu_count()}")
    if "1" in args.parts:
        part_one(args)
    if "2" in args.parts:
        part_two(args)
    if "3" in args.parts:
        part_three(args)
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
