"""Speed of all-equilibria enumeration on small n-player games: ours (float, exact) against Gambit.

Methods: for each shape, random games with integer payoffs in -1000..1000
(generic, seeds fixed) are solved by ``polynomial_enumeration`` in float mode,
in exact mode (sympy; slow, so on fewer games and by default only for the
smaller shapes) and by ``pygambit.nash.enumpoly_solve``. The table gives the
median wall-clock time per game and the median number of equilibria found
(Gambit's enumpoly is known to miss some equilibria with irrational
probabilities, so its counts can be lower). Times are CPU time of this
process (``time.process_time``; pygambit runs in process too), ours and
Gambit's taken game by game in turn, so that a shared machine's load
affects both alike; the last column is the ratio of the medians. The
machine's load average is printed with the table.

Run: ``python benchmarks/bench_nplayer.py [--games 20] [--exact-games 3] [--exact-all]``.

Results
-------
5 December 2026, shared 2-core machine, python 3.11.7, ``--games 8
--exact-games 1``; "before" is the code before the batched float route
(profiles solved one at a time, every linear pair of each), run with the
same script (load average 2.7-3.1). CPU time per game, median; number of
equilibria, median; ratio = ours float / enumpoly.

========  ===========  ===========  ===========  =====  ============
shape     before       batched      enumpoly     ratio  ratio before
========  ===========  ===========  ===========  =====  ============
2x2x2     2.6 ms (3)   0.8 ms (3)   0.7 ms (2.5) 1.19   3.46
2x2x3     4.5 ms (2)   1.5 ms (2)   1.6 ms (2)   0.92   3.26
3x3x2     14.2 ms (3)  2.6 ms (3)   3.7 ms (3)   0.71   3.81
2x3x3     19.4 ms (6)  3.2 ms (6)   4.9 ms (5)   0.65   3.87
3x3x3     60.7 ms (4)  9.9 ms (4)   16.9 ms (3)  0.59   3.44
2x2x2x2   22.7 ms (3)  3.2 ms (3)   2.9 ms (3)   1.10   7.53
========  ===========  ===========  ===========  =====  ============

The before column hides a 3x3x3 game (the eighth of seed 2024) that took
5.3 s of wall-clock time (not CPU time: it waited on the sympy worker process)
and ended incomplete, its full support handed to sympy and out of time; it
now takes 5 ms and is complete.

Then float certificates of n-player profiles became a few array operations
(``certify_float``: 2x2x2 80 -> 21 us per equilibrium, 2x2x2x2 125 -> 24
us). ``--games 20 --exact-games 1``, load average 0.2-0.3:

========  ===========  ===========  =====
shape     ours float   enumpoly     ratio
========  ===========  ===========  =====
2x2x2     0.6 ms (3)   0.7 ms (2.5) 0.89
2x2x3     1.2 ms (2)   1.4 ms (2)   0.86
3x3x2     2.4 ms (3)   4.4 ms (3)   0.54
2x3x3     2.6 ms (4)   4.4 ms (4)   0.59
3x3x3     10.2 ms (4)  18.0 ms (3)  0.57
2x2x2x2   2.5 ms (3)   2.7 ms (3)   0.92
========  ===========  ===========  =====
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np

from gametheory import NormalFormGame
from gametheory.solvers.polynomial import polynomial_enumeration

SHAPES = [(2, 2, 2), (2, 2, 3), (3, 3, 2), (2, 3, 3), (3, 3, 3), (2, 2, 2, 2)]
#: Shapes whose exact (sympy) solve takes seconds per game or less; the rest need --exact-all.
EXACT_SHAPES = {(2, 2, 2), (2, 2, 3), (2, 2, 2, 2)}


def random_games(shape, count, seed):
    rng = np.random.default_rng(seed)
    return [NormalFormGame([rng.integers(-1000, 1001, size=shape).astype(float) for _ in shape])
            for _ in range(count)]


def timed_pair(first, second, games):
    """Median CPU time per game of two solvers, run game by game in turn (so load changes hit both alike)."""
    times = ([], [])
    counts = ([], [])
    for game in games:
        for k, function in enumerate((first, second)):
            start = time.process_time()
            count = function(game)
            times[k].append(time.process_time() - start)
            counts[k].append(count)
    return [(statistics.median(t), statistics.median(c)) for t, c in zip(times, counts)]


def timed(function, games):
    times, counts = [], []
    for game in games:
        start = time.process_time()
        count = function(game)
        times.append(time.process_time() - start)
        counts.append(count)
    return statistics.median(times), statistics.median(counts)


def ours_float(game):
    return len(polynomial_enumeration(game, exact=False))


def ours_exact(game):
    return len(polynomial_enumeration(game.as_exact()))


def gambit_enumpoly(game):
    import pygambit as gbt

    gambit_game = gbt.Game.from_arrays(*[np.asarray(p, dtype=float) for p in game.payoffs])
    return len(gbt.nash.enumpoly_solve(gambit_game).equilibria)


def cell(result):
    if result is None:
        return f"{'-':>10} {'-':>4}"
    seconds, count = result
    return f"{seconds * 1000:>8.1f}ms {count:>4g}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=20, help="random games per shape (float mode and Gambit)")
    parser.add_argument("--exact-games", type=int, default=3, help="random games per shape in exact mode")
    parser.add_argument("--exact-all", action="store_true", help="run exact mode on every shape (3x3x2 takes minutes)")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}; cpus: {os.cpu_count()}")
    header = (f"{'shape':<9} {'ours float (median, #eq)':>26} {'ours exact':>16} {'gambit enumpoly':>16} "
              f"{'float / gambit':>15}")
    print(header)
    print("-" * len(header))
    for shape in SHAPES:
        games = random_games(shape, args.games, args.seed)
        polynomial_enumeration(games[0], exact=False)  # warm imports
        gambit_enumpoly(games[0])
        floats, gambit = timed_pair(ours_float, gambit_enumpoly, games)
        exact = None
        if args.exact_all or shape in EXACT_SHAPES:
            exact = timed(ours_exact, games[:args.exact_games])
        name = "x".join(map(str, shape))
        print(f"{name:<9} {cell(floats):>26} {cell(exact):>16} {cell(gambit):>16} {floats[0] / gambit[0]:>15.2f}",
              flush=True)
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(f"float and Gambit: median over {args.games} games; exact: median over {args.exact_games} games")


if __name__ == "__main__":
    main()
