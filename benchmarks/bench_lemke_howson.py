"""Time one Nash equilibrium by Lemke-Howson on random n x n games against QuantEcon and pygambit.

Methods
-------
For each size n (default 4, 6, 10, 20, 50, 100, 200), ``--games`` random games with
integer payoffs drawn uniformly from -1000..1000 (fixed seed) are solved, one
game at a time with numpy arrays in (each library builds its own game object
inside the timing), by:

* this toolkit's ``lemke_howson`` (float mode, initial label 0);
* QuantEcon's ``lemke_howson`` (initial pivot 0; JIT-compiled, so one untimed
  call comes first);
* pygambit's ``lcp_solve`` in floating point, stopped after the first
  equilibrium;
* with ``--baseline PATH``, another version of this toolkit's
  ``lemke_howson`` module (for instance the file from a ``git archive`` of an
  earlier commit), loaded beside the current one and run on the current
  package's game and certificate code, so a change to the solver is timed
  against the code it replaces in the same run.

The solvers are interleaved: in each of ``--repeats`` rounds every solver
solves the same games, in an order rotated from round to round, and a ratio is
the median over rounds of our time over the peer's time in the same round, so
the load of a shared machine falls on both sides of each ratio alike. Times
are process CPU time by default (``--clock wall`` for wall-clock). A peer
whose round takes more than ``--cap`` seconds sits out the rest of that size
and the larger sizes (its ratio is then over the rounds it ran).

Usage::

    python benchmarks/bench_lemke_howson.py [--sizes 10 20 ...] [--games K] [--repeats R] [--baseline FILE]

Results
-------
5 December 2026, shared 2-core machine under heavy load from other jobs (load
average 6.9-10.2, so absolute times are inflated; the ratios are within
rounds), python 3.11.7, numpy 2.4.6; ``--baseline`` the ``lemke_howson.py``
of the morning (commit 7b8d275, from a ``git worktree`` of it). Two runs:
``--sizes 3 4 6 10 20 --games 40 --repeats 9`` (load 10.2) and ``--sizes 50
100 --games 10 --repeats 5`` (load 9.6-10.2):

::

      n  solver                    median/game  ours / peer
      3  gametheory lemke_howson         29 us
      3  quantecon lemke_howson          21 us         1.48
      3  pygambit lcp_solve float       172 us         0.17
      3  baseline lemke_howson           45 us         0.64
      4  gametheory lemke_howson         34 us
      4  quantecon lemke_howson          19 us         1.75
      4  pygambit lcp_solve float       266 us         0.12
      4  baseline lemke_howson           53 us         0.63
      6  gametheory lemke_howson         86 us
      6  quantecon lemke_howson          23 us         3.95
      6  pygambit lcp_solve float       548 us         0.16
      6  baseline lemke_howson           90 us         0.94
     10  gametheory lemke_howson        111 us
     10  quantecon lemke_howson          22 us         4.81
     10  pygambit lcp_solve float       1.5 ms         0.08
     10  baseline lemke_howson          125 us         0.90
     20  gametheory lemke_howson        236 us
     20  quantecon lemke_howson          33 us         7.17
     20  pygambit lcp_solve float       5.5 ms         0.04
     20  baseline lemke_howson          273 us         0.87
     50  gametheory lemke_howson        3.2 ms
     50  quantecon lemke_howson         648 us         4.95
     50  pygambit lcp_solve float      50.7 ms         0.06
     50  baseline lemke_howson          4.0 ms         0.81
    100  gametheory lemke_howson        5.0 ms
    100  quantecon lemke_howson         1.9 ms         2.64
    100  pygambit lcp_solve float     201.9 ms         0.03
    100  baseline lemke_howson          7.1 ms         0.70

Two earlier runs of the same day (load 6.5-10.9) gave 1.51-1.55 at 3 x 3,
1.81-1.88 at 4 x 4, 3.97 / 4.98 / 6.82 at 6 / 10 / 20 and 4.91 / 2.60 at 50 /
100. Every route returns what the baseline returns: on 1,500 random games of
2-30 actions a side (a quarter each with payoffs in {-1, 0, 1}, in 0..3,
normal and in -1000..1000), every initial label (36,619 paths), the same
pivot count, supports and regrets, strategies within 3.9e-15; QuantEcon's
``lemke_howson`` agrees on all 5,431 paths of generic games of 400 more and
on 2,585 of 2,726 paths of degenerate ones (its ties are not broken by the
same tolerances).

Games of up to 4 x 4 follow a path written out per shape
(``gametheory/solvers/_lemke_kernels.py``: 276k -> 116k interpreter
instructions for a 4 x 4 path, counted by callgrind; compiling the 4 x 4
function costs 15-40 ms once per process), so 3 x 3 and 4 x 4 are within 2x
of QuantEcon. What is left there is the fixed cost around the path: of 294k
instructions for a 4 x 4 solve, ``NormalFormGame.from_bimatrix`` takes 46k
and the certificate about 87k. From 6 x 6 up the goal of 2x is out of reach
by per-call costs, not arithmetic: a pivot on arrays is seven numpy calls
for the update (about 4 us under this load: the product by ``np.dot`` into
a row-major buffer, half the broadcast multiply's cost and the same rounded
products) and a ratio test of two ``tolist`` calls and a Python loop (up to
10 rows) or ten numpy calls (about 3.5-4.5 us), with 2-2.5 us of Python
around them; QuantEcon's compiled pivot is 0.6-1.3 us, and its whole solve
from 3 x 3 to 20 x 20 is 20-33 us, about what our fixed cost alone is. At
100 x 100 the update's arithmetic counts, and the ratio is 2.6. Faster than
pygambit at every size (6-33x).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import _peers  # noqa: E402
from gametheory import NormalFormGame  # noqa: E402
from gametheory.solvers.lemke_howson import lemke_howson  # noqa: E402


def _ours(A, B):
    return len(lemke_howson(NormalFormGame.from_bimatrix(A, B)))


SOLVERS = {
    "gametheory lemke_howson": _ours,
    "quantecon lemke_howson": _peers.one_quantecon("lemke_howson"),
    "pygambit lcp_solve float": _peers.one_pygambit_lcp,
}


def load_baseline(path: str):
    """A solver running the ``lemke_howson`` of the module file at ``path``, imported inside ``gametheory.solvers``."""
    import gametheory.solvers

    name = "gametheory.solvers._lemke_howson_baseline"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None:
        raise SystemExit(f"--baseline: cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)

    def run(A, B):
        return len(module.lemke_howson(NormalFormGame.from_bimatrix(A, B)))

    return run


def available(name: str) -> bool:
    module = name.split()[0]
    if module in ("gametheory", "baseline"):
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


def run(sizes, n_games: int, repeats: int, cap: float, seed: int, clock=time.process_time, baseline=None):
    rng = np.random.default_rng(seed)
    solvers = {name: f for name, f in SOLVERS.items() if available(name)}
    if baseline is not None:
        solvers["baseline lemke_howson"] = load_baseline(baseline)
    ours = "gametheory lemke_howson"
    rows = []
    for n in sizes:
        games = [(rng.integers(-1000, 1001, (n, n)).astype(float), rng.integers(-1000, 1001, (n, n)).astype(float))
                 for _ in range(n_games)]
        for solver in solvers.values():
            solver(*games[0])  # JIT compilation and first imports are not part of the measurement
        times, _ = _peers.interleaved(solvers, games, repeats, clock, cap=cap, keep=(ours,))
        for name in list(solvers):
            median = statistics.median(times[name])
            ratio = "" if name == ours else f"{_peers.ratio(times, ours, name):.2f}"
            rows.append((n, name, format_time(median), ratio))
            if name != ours and (len(times[name]) < repeats or median * n_games > cap):
                del solvers[name]
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4, 6, 10, 20, 50, 100, 200])
    parser.add_argument("--games", type=int, default=5, help="games per size (default 5)")
    parser.add_argument("--repeats", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--cap", type=float, default=30.0, help="seconds per peer round before it is dropped")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--clock", choices=["cpu", "wall"], default="cpu")
    parser.add_argument("--baseline", metavar="FILE", help="another lemke_howson.py to time beside the current one")
    args = parser.parse_args(argv)
    if any(n < 1 for n in args.sizes) or args.games < 1 or args.repeats < 1:
        parser.error("sizes, --games and --repeats must be positive")
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    load = os.getloadavg()
    rows = run(args.sizes, args.games, args.repeats, args.cap, args.seed, clock, args.baseline)
    header = ("n", "solver", "median/game", "ours / peer")
    widths = [max(len(str(r[k])) for r in rows + [header]) for k in range(len(header))]
    line = lambda r: "  ".join(str(v).rjust(w) if k != 1 else str(v).ljust(w)  # noqa: E731
                               for k, (v, w) in enumerate(zip(r, widths)))
    print(f"# Lemke-Howson, one equilibrium of random n x n games, payoffs in -1000..1000; {args.games} games, "
          f"{args.repeats} interleaved rounds, {args.clock} time")
    print(f"# python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}; "
          f"load average {load[0]:.2f} at the start, {os.getloadavg()[0]:.2f} at the end")
    print("# 'ours / peer' = median over rounds of (gametheory time / peer time) in the same round: below 1 is faster")
    print(line(header))
    print("  ".join("-" * w for w in widths))
    previous = None
    for r in rows:
        if previous is not None and r[0] != previous:
            print()
        print(line(r))
        previous = r[0]


if __name__ == "__main__":
    main()
