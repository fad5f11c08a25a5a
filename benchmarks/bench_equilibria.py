"""Time all-equilibria enumeration on random n x n games against nashpy, pygambit and QuantEcon.

Methods
-------
For each size n (default 2..12), ``--games`` random games with integer payoffs
drawn uniformly from -1000..1000 (fixed seed, so runs are comparable) are
solved by:

* this toolkit's ``vertex_enumeration`` in float and in exact mode (the
  default all-equilibria method of ``gametheory.solve`` for two players);
* nashpy's ``support_enumeration``;
* pygambit's ``enummixed_solve`` in float and in rational arithmetic;
* QuantEcon's ``support_enumeration`` and ``vertex_enumeration`` (each timed
  after a JIT warm-up call on a game of the same size).

Only the solve call is timed (game objects are built beforehand), by default
in process CPU time (``--clock cpu``), which other jobs on a shared machine
disturb far less than wall-clock time (``--clock wall``); every solver here
runs single-threaded. Each solver
gets at most ``--cap`` seconds per size: once a solver's total time at a size
exceeds the cap it stops there (its median is over the games it finished,
marked ``*``) and is skipped at larger sizes (marked ``skipped``).

The table gives, per size and solver: the median time per game, its ratio to
this toolkit's float median, the number of games timed, the equilibria found
in total, and on how many games the solver found fewer equilibria than this
toolkit's exact count (its float count where exact mode hit the cap) (random games with wide payoffs are almost surely
nondegenerate, so every method should find them all).

``--one-game`` times instead what a researcher at the prompt pays for one
game: numpy arrays in, equilibria out (each library builds its own game
object inside the timing), ``gametheory.solve`` (vertex enumeration) and
``support_enumeration`` against QuantEcon's support
and vertex enumeration, pygambit's ``enummixed_solve`` (float) and nashpy's
support enumeration. The solvers are interleaved: in each of ``--repeats``
rounds every solver solves the same ``--games`` games, in an order rotated
from round to round, and a ratio is the median over rounds of our time over
the peer's time in the same round, so the load of a shared machine falls on
both sides of each ratio alike. Every solver gets one untimed call first
(QuantEcon's JIT compilation). A peer whose round takes more than ``--cap``
seconds sits out the rest of that size and the larger sizes (its ratio is then
over the rounds it ran).

Usage::

    python benchmarks/bench_equilibria.py [--sizes 2 3 4 ...] [--games K] [--cap SECONDS]
    python benchmarks/bench_equilibria.py --one-game [--sizes ...] [--games K] [--repeats R]

Results
-------
5 December 2026 (Qhull route from 8 x 8), shared 2-core machine under heavy
load from other jobs (load average 7.4-13 during the runs), python 3.11.7,
numpy 2.4.6, scipy 1.17.1, ``--one-game --sizes 6 7 8 9 10 --games 10
--repeats 5 --cap 3``, "after" then "before" right after it, twice (before:
commit 7b8d275, run from a snapshot of it). "After" reads the facets of
both best-response polytopes through scipy's private ``_Qhull`` (checked on
first use, ``ConvexHull`` as the fallback), so the hulls skip the volume and
area ``ConvexHull`` always computes; computes both hulls before labelling
either; labels every vertex with one floating-point product; pairs and
certifies the equilibria from arrays; and the public
``support_enumeration`` from 8 x 8 reads the same vertices instead of
solving every support pair. Ratios are our time over the peer's in the same
round (below 1 is faster), the two runs side by side; SE is the public
``support_enumeration``::

    n   solve / QuantEcon VE        SE / QuantEcon VE           SE / QuantEcon SE
        before       after          before        after         before       after
    6   0.66 0.65    0.72 0.69      0.65  0.65    0.65 0.65     0.84 0.84    0.83 0.80
    7   0.78 0.76    0.83 0.74      0.71  0.71    0.74 0.70     0.37 0.36    0.37 0.39
    8   1.29 1.27    1.07 1.05      61.7  58.7    0.97 0.98     10.0 10.1    0.22 0.22
    9   1.24 1.26    0.97 0.95      119   121     0.91 0.92     12.0 12.6    0.10 0.10
    10  1.13 1.14    0.86 0.98      268   257     0.89 0.95     14.3 13.6    0.05 0.05

Median times per game, after: ``solve`` 1.1 ms, 2.0-2.1 ms, 3.9-4.1 ms at 8 x 8,
9 x 9, 10 x 10 (before 1.4, 2.7, 4.8-5.0 ms); ``support_enumeration`` 1.0,
2.0, 3.9-4.0 ms (before 64-66 ms, 253-264 ms, 1.10-1.15 s). Against
pygambit's float ``enummixed_solve``: 0.05, 0.02, 0.01. Sizes 6 and 7 run
the same code before and after (every basis through minors). Two earlier
"after" runs of the same morning (raw hulls and one-product labels, before
the hulls were taken together, load 6-9) gave 1.04 / 1.12, 0.96 / 1.00,
0.91 / 0.95 at 8 x 8, 9 x 9, 10 x 10 against 1.34 / 1.28, 1.22 / 1.30, 1.12
/ 1.15 before. So at 8 x 8 ``solve`` is level with QuantEcon's vertex
enumeration, not ahead of it (1.04-1.12 over the four runs; the same hull
path called as ``support_enumeration``, 0.97-1.07), and ahead at 9 x 9
(0.95-1.00) and 10 x 10 (0.86-0.98). Two ``ConvexHull`` calls on the polar polytopes of the same ten
games took 889, 1,786 and 4,747 us per game at 8 x 8, 9 x 9, 10 x 10, the
private route 717, 1,422 and 3,802 us (0.80-0.81); what is left beside the
hulls (about 300-400 us at 8 x 8, under this load) is the labelling,
pairing, one certificate per equilibrium and building the game and result,
each numpy call after a hull running two to three times slower than on a
warm cache (the game's construction: 9 us warm, 26 us after a hull).
From 8 x 8 up every method finds the same equilibria count on every game
(those thirty games are nondegenerate).

Then, the same day (load average 1.6-2.1), the same command at ``--sizes 8 9
10``, "before" (commit 22d0ba1, run from a snapshot of it) and "after"
alternating, three "after" and two "before" runs. "After" builds a float
game's two matrices in one copy with one reduction per kind of extreme,
certifies the stack of profiles with fewer numpy calls (both players' least
probabilities in one reduction, every row's support from one ``nonzero``,
both regrets held to the tolerance through their larger), pairs the
complementary hull vertices by one stable sort instead of ``intersect1d``,
and ``solve`` takes its direct float path up to 12 x 12; every result is
the same to the last bit (300 random 8 x 8 to 10 x 10 games, integer-valued
and real payoffs, 915 of the 2,175 results degenerate, tol=0 included).
``solve`` / QuantEcon VE::

    n   before        after
    8   1.05 1.03     1.08 1.01 1.02
    9   1.00 0.99     0.98 0.96 0.96
    10  0.92 0.92     0.93 0.92 0.90

The gain is within this table's noise; timed directly (the same 200 random
games in one process, CPU time, best of five passes, "before" and "after"
alternating three times) ``solve`` took 0.96-0.98 of its earlier time at 8 x
8 (904-911 us against 931-952 us), 0.98-1.00 at 9 x 9 and 0.97-1.05 at 10 x
10, where the hulls are a larger share. Of the 8 x 8 time the two Qhull
calls take about 660 us, nearly all of it in Qhull's construction of the
hull (of the options tried, only ``Q0``, no merging, which degenerate games
need, saved more than the noise: about 9 %). In the table ``support_enumeration``,
which runs the same hull path, stays at 0.94-0.97 of QuantEcon VE at 8 x 8
while ``solve`` reads 1.01-1.08: in one loop over the same games the two
take the same time (910 and 909 us). The difference is where each sits in
a round: ``solve`` mostly runs right after pygambit, ``support_enumeration``
right after ``solve``. Timed that way on ten 8 x 8 games (medians of eight
rounds), ``solve`` took 1,016 us right after pygambit and 939 us right after
``support_enumeration``, which took 946 us right after ``solve``.

Earlier, 5 December 2026 (later), shared 2-core machine, load average 1.2-1.8 during
both runs, python 3.11.7, numpy 2.4.6, ``--one-game --sizes 2 3 4 5 6 7 8
--games 20 --repeats 7 --cap 5``, "after" then "before" right after it
(before: the code ahead of the written-out Python kernels for games of up to
four actions each, the Python-float matching of degenerate games, the cheaper
certificates, sort key and ``from_bimatrix``). Ratios are ``gametheory.solve``
time over the peer's time in the same round (below 1 is faster)::

    n   solve            vs QuantEcon SE    vs QuantEcon VE    vs pygambit float
        before  after    before   after     before   after     before   after
    2    39 us   25 us    2.12     1.45      0.20     0.13      0.37     0.24
    3    72 us   33 us    3.18     1.41      0.37     0.17      0.38     0.17
    4   104 us   61 us    2.62     1.56      0.46     0.29      0.28     0.17
    5   181 us  138 us    1.95     1.46      0.73     0.54      0.26     0.20
    6   254 us  223 us    0.84     0.75      0.74     0.65      0.13     0.12
    7   419 us  408 us    0.37     0.36      0.78     0.75      0.08     0.07
    8   1.4 ms  1.4 ms    0.20     0.15      1.37     1.01      0.06     0.06

A second "after" run twenty minutes earlier (load 1.8-2.1) gave 1.58, 1.46,
1.53 against QuantEcon SE at 2 x 2 to 4 x 4, and a third, after degenerate
games were paired by complementary labels (load 1.6-1.9), 1.43, 1.45, 1.60,
then 1.44 at 5 x 5, 0.70 at 6 x 6 and 0.36 at 7 x 7 (against QuantEcon VE:
0.62 at 6 x 6, 0.75 at 7 x 7, 1.27 at 8 x 8, where the peer's own round
times ranged over 1.0-1.5 ms). Once the public ``support_enumeration`` of
games of up to four actions each ran the same kernels (``--sizes 2 3 4``,
load 1.3): ``solve`` 1.43, 1.47, 1.61 and ``support_enumeration`` 1.90,
1.81, 1.76 against QuantEcon SE (before: 3.47, 3.04, 2.37). Min-of-repeats timings of 100
nondegenerate random games each (``timeit``, arrays in, equilibria out):
19 / 26 / 46 us at 2 x 2 / 3 x 3 / 4 x 4 against QuantEcon SE's 14 / 18 /
31 us (ratios 1.39, 1.43, 1.48; before 2.17, 3.23, 2.20). Up to 4 x 4 the
bases are solved by a Python function written out from the minors'
templates (3 x 3: 6.5 us for all 38 bases, the numpy kernel 19 us), and a
degenerate game is matched on Python floats (a 3 x 3 one: 270 us before, 50
us after; the 5 x 5 games above include two degenerate ones, matched on
Python lists from the numpy kernel's vertices). From 6 x 6 the time is the
numpy kernel's (and from 8 x 8 Qhull's, 0.99 ms of the 1.28 ms); 8 x 8 gains
about 30 us per game in the certificates and the sort key, while QuantEcon's
vertex enumeration itself varies between 1.0 and 1.4 ms from run to run.

Earlier, 5 December 2026, shared 2-core machine at a quiet moment (load average 0.9),
python 3.11.7, numpy 2.4.6, ``--one-game --sizes 2 3 4 5 6 7 8 --games 10
--repeats 5 --cap 5``. "Before" is the code before every basis of both
best-response polytopes was solved through minors of the payoff matrices
(and before the Python-float 2 x 2 kernel, the short path of
``from_bimatrix`` for float matrices and the Qhull fast path), run from a copy
of it right after "after"; ratios are ``gametheory.solve`` time over the
peer's time in the same round (below 1 is faster).

::

    n   solve (after)  vs QuantEcon SE    vs QuantEcon VE    vs pygambit        vs nashpy SE
                       before   after     before   after     before   after     before   after
    2        37 us      6.91     2.05      0.69     0.19      1.25     0.37      0.27     0.07
    3        83 us      6.65     3.36      0.84     0.42      0.84     0.44      0.07     0.03
    4       124 us      6.71     2.76      1.24     0.56      0.71     0.30      0.03     0.01
    5       128 us      5.81     1.36      2.05     0.47      0.77     0.18      0.01     0.00
    6       208 us      2.51     0.69      2.20     0.59      0.42     0.12      0.00     0.00
    7       436 us      0.85     0.39      1.90     0.85      0.21     0.10      0.00     0.00
    8       1.4 ms      0.18     0.16      0.89     0.81      0.06     0.06      (capped)

Earlier pairs of runs under load (load average 3-5) gave the same ratios
within about 0.3. Another set of games (``--sizes 6 7 8``, so the random
stream starts at 6 x 6) has a degenerate 6 x 6 game among its ten (ties are
common in integer payoffs; a degenerate game is completed by vertex matching
and costs about twice a nondegenerate one, and QuantEcon's support
enumeration misses one of its equilibria): there ``solve`` was 0.95 of
QuantEcon SE and 0.80 of QuantEcon VE at 6 x 6, 0.80 of QuantEcon VE at
7 x 7 and 0.67 at 8 x 8.

Up to 7 x 7 (3,431 bases per polytope) every basis is solved through minors;
from 8 x 8 the vertices come from Qhull, whose two hulls take about 0.87 ms of
the 1.4 ms at 8 x 8 (QuantEcon's vertex enumeration builds the same two hulls).
The timings include building the game from the arrays (about 7 us) and one
certificate per equilibrium on the game as given.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gametheory import NormalFormGame, solve  # noqa: E402
from gametheory.solvers.support_enumeration import support_enumeration  # noqa: E402
from gametheory.solvers.vertex_enumeration import vertex_enumeration  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _peers  # noqa: E402


def _ours_float(A, B):
    game = NormalFormGame.from_bimatrix(A.astype(float), B.astype(float))
    return lambda: len(vertex_enumeration(game))


def _ours_exact(A, B):
    game = NormalFormGame.from_bimatrix(A.tolist(), B.tolist())
    return lambda: len(vertex_enumeration(game))


def _nashpy_support(A, B):
    import nashpy

    game = nashpy.Game(A.astype(float), B.astype(float))

    def run():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return sum(1 for _ in game.support_enumeration())

    return run


def _gambit(rational: bool):
    def make(A, B):
        import pygambit

        game = pygambit.Game.from_arrays(A.astype(object), B.astype(object))
        return lambda: len(pygambit.nash.enummixed_solve(game, rational=rational).equilibria)

    return make


def _quantecon(name: str):
    def make(A, B):
        from quantecon import game_theory as qe

        game = qe.NormalFormGame((qe.Player(A.astype(float)), qe.Player(B.T.astype(float))))
        solver = getattr(qe, name)
        return lambda: len(solver(game))

    return make


SOLVERS = {
    "gametheory float": _ours_float,
    "gametheory exact": _ours_exact,
    "nashpy support_enumeration": _nashpy_support,
    "pygambit enummixed float": _gambit(False),
    "pygambit enummixed rational": _gambit(True),
    "quantecon support_enumeration": _quantecon("support_enumeration"),
    "quantecon vertex_enumeration": _quantecon("vertex_enumeration"),
}
WARM_UP = {"quantecon support_enumeration", "quantecon vertex_enumeration"}


def available(name: str) -> bool:
    module = {"nashpy": "nashpy", "pygambit": "pygambit", "quantecon": "quantecon"}.get(name.split()[0])
    if module is None:
        return True
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def format_time(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def run(sizes, n_games: int, cap: float, seed: int, clock=time.process_time):
    rng = np.random.default_rng(seed)
    skipped: set[str] = set()
    rows = []
    for n in sizes:
        games = [(rng.integers(-1000, 1001, (n, n)), rng.integers(-1000, 1001, (n, n))) for _ in range(n_games)]
        reference = None
        stats = {}
        for name, make in SOLVERS.items():
            if not available(name):
                stats[name] = None
                continue
            if name in skipped:
                stats[name] = "skipped"
                continue
            calls = [make(A, B) for A, B in games]
            if name in WARM_UP:
                calls[0]()  # JIT compilation is not part of the measurement
            times, counts = [], []
            for call in calls:
                start = clock()
                counts.append(call())
                times.append(clock() - start)
                if sum(times) > cap:
                    break
            partial = len(times) < len(calls)
            if partial:
                skipped.add(name)
            if name == "gametheory float" or (name == "gametheory exact" and not partial):
                reference = counts  # exact counts when available, else float
            stats[name] = (statistics.median(times), len(times), counts, partial)
        base = stats["gametheory float"][0] if isinstance(stats.get("gametheory float"), tuple) else None
        for name, value in stats.items():
            if value is None:
                rows.append((n, name, "not installed", "", "", "", ""))
                continue
            if value == "skipped":
                rows.append((n, name, "skipped (cap)", "", "", "", ""))
                continue
            median, done, counts, partial = value
            ratio = f"{median / base:.2f}x" if base else ""
            fewer = "" if reference is None else str(sum(c < r for c, r in zip(counts, reference)))
            rows.append((n, name, format_time(median) + ("*" if partial else ""), ratio, str(done),
                         str(sum(counts)), fewer))
    return rows


def print_table(rows, n_games: int, cap: float, clock: str):
    header = ("n", "solver", "median/game", "vs ours", "games", "equilibria", "fewer than ours")
    widths = [max(len(str(r[k])) for r in rows + [header]) for k in range(len(header))]
    line = lambda r: "  ".join(str(v).rjust(w) if k != 1 else str(v).ljust(w)  # noqa: E731
                               for k, (v, w) in enumerate(zip(r, widths)))
    print(f"# all-equilibria enumeration on random n x n games, payoffs in -1000..1000; "
          f"{n_games} games per size, cap {cap:g} s per solver and size, {clock} time")
    print(f"# python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    print("# 'vs ours' = median / gametheory float median; * = stopped at the cap (median of the games done)")
    print(line(header))
    print("  ".join("-" * w for w in widths))
    previous = None
    for r in rows:
        if previous is not None and r[0] != previous:
            print()
        print(line(r))
        previous = r[0]


def _ours_one(A, B):
    return len(solve(NormalFormGame.from_bimatrix(A, B)))


def _ours_support_one(A, B):
    return len(support_enumeration(NormalFormGame.from_bimatrix(A, B)))


#: Our entries in the one-game table; each peer's row gives our time over its time for each of them.
OURS = ("gametheory solve", "gametheory support_enumeration")

ONE_GAME = {
    "gametheory solve": _ours_one,
    "gametheory support_enumeration": _ours_support_one,
    "quantecon support_enumeration": _peers.one_quantecon("support_enumeration"),
    "quantecon vertex_enumeration": _peers.one_quantecon("vertex_enumeration"),
    "pygambit enummixed float": _peers.one_pygambit,
    "nashpy support_enumeration": _peers.one_nashpy,
}


def run_one_game(sizes, n_games: int, repeats: int, cap: float, seed: int, clock=time.process_time):
    """Interleaved one-game timings; rows of (n, solver, median per game, solve / peer, SE / peer, equilibria, fewer)."""
    rng = np.random.default_rng(seed)
    solvers = {name: f for name, f in ONE_GAME.items() if available(name)}
    rows = []
    for n in sizes:
        games = [(rng.integers(-1000, 1001, (n, n)).astype(float), rng.integers(-1000, 1001, (n, n)).astype(float))
                 for _ in range(n_games)]
        for solver in solvers.values():
            solver(*games[0])  # JIT compilation and first imports are not part of the measurement
        times, counts = _peers.interleaved(solvers, games, repeats, clock, cap=cap, keep=OURS)
        for name in list(solvers):
            median = statistics.median(times[name])
            ratios = ["" if name in OURS else f"{_peers.ratio(times, ours, name):.2f}" for ours in OURS]
            fewer = sum(c < r for c, r in zip(counts[name], counts[OURS[0]]))
            rows.append((n, name, format_time(median), *ratios, str(sum(counts[name])), str(fewer)))
            if name not in OURS and (len(times[name]) < repeats or median * n_games > cap):
                del solvers[name]
    return rows


def print_one_game(rows, n_games: int, repeats: int, clock: str):
    header = ("n", "solver", "median/game", "solve / peer", "SE / peer", "equilibria", "fewer than ours")
    widths = [max(len(str(r[k])) for r in rows + [header]) for k in range(len(header))]
    line = lambda r: "  ".join(str(v).rjust(w) if k != 1 else str(v).ljust(w)  # noqa: E731
                               for k, (v, w) in enumerate(zip(r, widths)))
    print(f"# one game at a time, arrays in, equilibria out: random n x n games, payoffs in -1000..1000; "
          f"{n_games} games, {repeats} interleaved rounds, {clock} time")
    print(f"# python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    print("# 'solve / peer' and 'SE / peer' = median over rounds of (time of gametheory solve, resp. gametheory "
          "support_enumeration / peer time) in the same round: below 1 is faster")
    print(line(header))
    print("  ".join("-" * w for w in widths))
    previous = None
    for r in rows:
        if previous is not None and r[0] != previous:
            print()
        print(line(r))
        previous = r[0]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(range(2, 13)), help="n for n x n games")
    parser.add_argument("--games", type=int, default=20, help="games per size (default 20)")
    parser.add_argument("--cap", type=float, default=10.0, help="seconds per solver and size (default 10)")
    parser.add_argument("--seed", type=int, default=12345, help="random seed (default 12345)")
    parser.add_argument("--clock", choices=["cpu", "wall"], default="cpu",
                        help="process CPU time (default) or wall-clock time")
    parser.add_argument("--one-game", action="store_true",
                        help="interleaved one-game timings of gametheory.solve against the peers (arrays in)")
    parser.add_argument("--repeats", type=int, default=7, help="interleaved rounds with --one-game (default 7)")
    args = parser.parse_args(argv)
    if any(n < 1 for n in args.sizes) or args.games < 1 or args.cap <= 0:
        parser.error("sizes and --games must be positive, --cap must be > 0")
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    if args.one_game:
        rows = run_one_game(args.sizes, args.games, max(1, args.repeats), args.cap, args.seed, clock)
        print_one_game(rows, args.games, args.repeats, args.clock)
        return
    rows = run(args.sizes, args.games, args.cap, args.seed, clock)
    print_table(rows, args.games, args.cap, args.clock)


if __name__ == "__main__":
    main()
