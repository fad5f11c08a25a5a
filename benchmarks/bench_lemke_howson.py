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
average 5.7-6.2 throughout, so absolute times are inflated; the ratios are
within rounds), python 3.11.7, numpy 2.4.6; ``--baseline`` the
``lemke_howson.py`` before the float solver moved to in-place dictionaries
with the one-divide ratio test. Three runs: ``--sizes 4 6 10 --games 100
--repeats 15``, ``--sizes 20 50 --games 20 --repeats 7`` and ``--sizes 100
--games 5 --repeats 3``:

::

      n  solver                    median/game  ours / peer
      4  gametheory lemke_howson         52 us
      4  quantecon lemke_howson          18 us         2.92
      4  pygambit lcp_solve float       262 us         0.20
      4  baseline lemke_howson           65 us         0.80
      6  gametheory lemke_howson         75 us
      6  quantecon lemke_howson          19 us         4.11
      6  pygambit lcp_solve float       529 us         0.14
      6  baseline lemke_howson           98 us         0.77
     10  gametheory lemke_howson        116 us
     10  quantecon lemke_howson          21 us         5.63
     10  pygambit lcp_solve float       1.4 ms         0.08
     10  baseline lemke_howson          188 us         0.62
     20  gametheory lemke_howson        250 us
     20  quantecon lemke_howson          33 us         7.58
     20  pygambit lcp_solve float       5.3 ms         0.05
     20  baseline lemke_howson          371 us         0.67
     50  gametheory lemke_howson        1.4 ms
     50  quantecon lemke_howson         230 us         6.07
     50  pygambit lcp_solve float      37.1 ms         0.04
     50  baseline lemke_howson          2.3 ms         0.62
    100  gametheory lemke_howson       12.4 ms
    100  quantecon lemke_howson         3.5 ms         3.61
    100  pygambit lcp_solve float     256.9 ms         0.05
    100  baseline lemke_howson         22.6 ms         0.55

Faster than pygambit at every size (5-25x) and 1.25-1.8x faster than the
baseline, but 3-8x slower than QuantEcon's compiled loop. With 20 games a size
the ratio to QuantEcon moved by up to 30% at 4 x 4 between runs. What is left
is the per-call cost of numpy and Python, not arithmetic: a float pivot at a
nondegenerate vertex is about 18 numpy calls (5-7 us under this load, against
QuantEcon's 1-1.3 us), and at 4 x 4 the game object
(``NormalFormGame.from_bimatrix``, about 14 us), the certificate (about 9 us)
and the result object (about 2.5 us) together cost more than QuantEcon's
whole solve.
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
