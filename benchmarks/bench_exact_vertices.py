"""Time exact (rational) vertex enumeration of random n x n games against pygambit's ``enummixed_solve(rational=True)``.

Methods
-------
For each size n (default 10, 12, 14), ``--games`` random games with integer
payoffs drawn uniformly from -1000..1000 (fixed seed) are solved one at a
time, exact payoffs in, exact equilibria out, by:

* this toolkit's ``vertex_enumeration`` in exact mode (complete: the
  lexicographic adjacency search of ``gametheory.solvers._exact_vertices``);
* pygambit's ``enummixed_solve(rational=True)`` (exact, complete), on the
  first ``--gambit-games`` games of a size only (it takes minutes per game
  from 12 x 12 up; 0 skips it);
* with ``--before``, the exact mode this toolkit had before, still in
  ``gametheory.solvers._bimatrix_solve``: every basis scanned in floating
  point up to 9 x 9, and above that vertex candidates from floating-point
  Qhull, re-solved in integers (``complete=False``).

The solvers are interleaved game by game (each game is solved by every
solver before the next game), so the load of a shared machine falls on both
sides of each ratio alike; a ratio is the median over games of our time
over the peer's time on the same game. Every game's equilibria are checked
to be the same set for both complete solvers. Times are process CPU time
(``--clock wall`` for wall-clock).

Usage::

    python benchmarks/bench_exact_vertices.py [--sizes 10 12 ...] [--games K] [--gambit-games G] [--before]

Results
-------
5 December 2026, shared 2-core machine under load from other jobs (load
average 5 to 7), python 3.11.7, numpy 2.4.6, pygambit 16.7.0, seed 2024,
``--games 5 --before`` with ``--gambit-games 3`` (10 x 10), ``1`` (12 x 12)
and ``0`` (14 x 14), one run per size, CPU time:

::

     size  games  ours median  ours max  pygambit median  ours/pygambit  before median  ours/before  equilibria
    -----  -----  -----------  --------  ---------------  -------------  -------------  -----------  ----------
    10x10      5        29 ms     44 ms           8.68 s         0.0030          22 ms         1.26        3-15
    12x12      5       103 ms    147 ms          80.34 s         0.0016         223 ms         0.58        1-25
    14x14      5       731 ms    905 ms                -              -        11.63 s         0.06       11-59

pygambit found the same equilibria on every game it solved (3 at 10 x 10,
taking 6.7 to 14.3 s each, and 1 at 12 x 12, 80 s). The former exact mode
("before") is about as fast at 10 x 10, where Qhull is quick, but its
answer was not proven complete; from 12 x 12 up the adjacency search is
faster as well (at 14 x 14 Qhull and the re-solving of its candidates take
10 to 17 s a game). Wall-clock time for ours alone in the same load
(``--sizes 10 12 14 --games 10 --gambit-games 0 --clock wall --seed 7``):
10 x 10 median 121 ms (max 211 ms), 12 x 12 median 573 ms (max 960 ms),
14 x 14 median 1.92 s (max 3.30 s); wall time is 4 to 5 times the CPU time
here because the two cores were shared by five or six processes.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gametheory import NormalFormGame  # noqa: E402
from gametheory.solvers import _bimatrix  # noqa: E402
from gametheory.solvers._bimatrix_solve import vertex_enumeration_result  # noqa: E402
from gametheory.solvers.vertex_enumeration import vertex_enumeration  # noqa: E402


def ours(A, B):
    """Exact vertex enumeration, integer matrices in: the set of equilibria as Fraction tuples."""
    result = vertex_enumeration(NormalFormGame.from_bimatrix(A, B), exact=True, vertex_budget=None)
    assert result.complete
    return {(tuple(e.strategies[0]), tuple(e.strategies[1])) for e in result}


def before(A, B):
    """The former exact mode: the basis scan, or above 9 x 9 Qhull's float vertices re-solved in integers."""
    game = NormalFormGame.from_bimatrix(A, B)
    result = vertex_enumeration_result(_bimatrix.prepare(game, True, None, who="bench"))
    return {(tuple(e.strategies[0]), tuple(e.strategies[1])) for e in result}


def gambit(A, B):
    """pygambit's exact enummixed_solve: the set of equilibria as Fraction tuples."""
    import pygambit

    g = pygambit.Game.from_arrays(np.asarray(A, dtype=object), np.asarray(B, dtype=object))
    row, column = list(g.players)
    result = pygambit.nash.enummixed_solve(g, rational=True)
    return {(tuple(Fraction(str(eq[s])) for s in row.strategies),
             tuple(Fraction(str(eq[s])) for s in column.strategies)) for eq in result.equilibria}


def format_time(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1e3:.0f} ms"
    return f"{seconds:.2f} s"


def run(sizes, n_games, gambit_games, with_before, seed, clock):
    rng = np.random.default_rng(seed)
    rows = []
    ours(*(rng.integers(-9, 10, (3, 3)).tolist() for _ in range(2)))  # first imports are not measured
    for n in sizes:
        times = {"ours": [], "pygambit": [], "before": []}
        ratios, ratios_before, counts = [], [], []
        for g in range(n_games):
            A, B = rng.integers(-1000, 1001, (n, n)).tolist(), rng.integers(-1000, 1001, (n, n)).tolist()
            start = clock()
            found = ours(A, B)
            times["ours"].append(clock() - start)
            counts.append(len(found))
            if g < gambit_games:
                start = clock()
                reference = gambit(A, B)
                times["pygambit"].append(clock() - start)
                if reference != found:
                    raise SystemExit(f"{n} x {n} game {g}: pygambit finds {len(reference)} equilibria, "
                                     f"ours {len(found)}")
                ratios.append(times["ours"][-1] / times["pygambit"][-1])
            if with_before:
                start = clock()
                candidates = before(A, B)
                times["before"].append(clock() - start)
                if not candidates <= found:
                    raise SystemExit(f"{n} x {n} game {g}: an equilibrium of the former exact mode is not among ours")
                ratios_before.append(times["ours"][-1] / times["before"][-1])
            print(f"  {n} x {n} game {g}: {len(found)} equilibria, ours {format_time(times['ours'][-1])}"
                  + (f", pygambit {format_time(times['pygambit'][-1])}" if g < gambit_games else "")
                  + (f", before {format_time(times['before'][-1])}" if with_before else ""), flush=True)
        rows.append((f"{n}x{n}", len(times["ours"]), format_time(statistics.median(times["ours"])),
                     format_time(max(times["ours"])),
                     format_time(statistics.median(times["pygambit"])) if ratios else "-",
                     f"{statistics.median(ratios):.4f}" if ratios else "-",
                     format_time(statistics.median(times["before"])) if ratios_before else "-",
                     f"{statistics.median(ratios_before):.2f}" if ratios_before else "-",
                     f"{min(counts)}-{max(counts)}"))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 12, 14])
    parser.add_argument("--games", type=int, default=5, help="games per size (default 5)")
    parser.add_argument("--gambit-games", type=int, default=1,
                        help="games per size also solved by pygambit (default 1; 0 skips it)")
    parser.add_argument("--before", action="store_true", help="also time the former exact mode")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--clock", choices=["cpu", "wall"], default="cpu")
    args = parser.parse_args(argv)
    if any(n < 1 for n in args.sizes) or args.games < 1 or args.gambit_games < 0:
        parser.error("sizes and --games must be positive, --gambit-games non-negative")
    if args.gambit_games:
        try:
            import pygambit  # noqa: F401
        except ImportError:
            parser.error("pygambit is not installed: pass --gambit-games 0")
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    load = os.getloadavg()
    rows = run(args.sizes, args.games, args.gambit_games, args.before, args.seed, clock)
    header = ("size", "games", "ours median", "ours max", "pygambit median", "ours/pygambit",
              "before median", "ours/before", "equilibria")
    widths = [max(len(str(r[k])) for r in rows + [header]) for k in range(len(header))]
    print(f"# exact vertex enumeration, random n x n games, payoffs in -1000..1000; {args.clock} time; "
          f"pygambit on the first {args.gambit_games} game(s) of each size")
    print(f"# python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}; "
          f"load average {load[0]:.2f} at the start, {os.getloadavg()[0]:.2f} at the end")
    print("# 'ours/pygambit' = median over games of (our time / pygambit's time) on the same game: below 1 is faster")
    print("  ".join(str(v).rjust(w) for v, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(v).rjust(w) for v, w in zip(row, widths)))


if __name__ == "__main__":
    main()
