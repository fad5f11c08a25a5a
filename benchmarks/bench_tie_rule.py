"""Time the exact tie rule of the minors route against an earlier copy of the code, and count complete answers.

Methods
-------
Long-lived worker interpreters run the same requests, on this tree and on
``--baseline DIR`` (an earlier copy of the package, e.g. ``git archive
<commit> gametheory | tar -x -C DIR``), in rounds that shuffle which goes
first, so both see the same machine load; each worker times its own calls
in process CPU time after one untimed warm-up round. Each copy has
``--workers`` processes, taken in turn from round to round (a process's
memory layout alone biases its times by a few percent), and a third set on
this tree ("control") gives the noise floor of the comparison. A ratio is
the median over rounds of this tree's time over the other's in the same
round. All workers are pinned to one core, so they take turns on it under
the same load from other jobs. The load average is printed with the table.

* ``one``: what ``benchmarks/bench_equilibria.py --one-game`` times, one
  game at a time, arrays in, equilibria out: ``solve`` (vertex
  enumeration) and the public ``support_enumeration`` on ``--games``
  random n x n games with integer payoffs in -1000..1000 (read as floats);
* ``--ties``: the same on integer payoffs in -2..2 (ties everywhere: most
  games degenerate, many numerators settled exactly);
* ``--complete``: ``solve`` at ``tol`` 0, 1e-15, 1e-14, 1e-12 and the
  default on families of games (random floats, integer payoffs with ties,
  near ties: integer games with a few entries moved by 1e-15..1e-9, the 4 x 4
  game whose B has 1.99999999999998 against 2 and its family, scaled
  games), each against pygambit's rational ``enummixed_solve`` on the
  game's floats read exactly: how many answers are complete, and how many
  say complete while missing an equilibrium pygambit finds that lies in no
  listed component (a missing one inside a listed maximal Nash subset, as a
  positive tolerance may merge an extreme point into a component, is
  counted apart). Every returned equilibrium's certificate is checked.

Usage::

    python benchmarks/bench_tie_rule.py --baseline DIR [--sizes 2 3 4] [--games G] [--rounds R]
    python benchmarks/bench_tie_rule.py --baseline DIR --complete [--scale K]

Results
-------
5 December 2026, shared 2-core machine under heavy load from other jobs
(load average 4.5-6.5 during the runs), python 3.11.7, numpy 2.4.6;
baseline: commit d9ee9d8, the code before the exact rule (a numerator within
``8 u 2^r sqrt(r!)`` of zero was a tie, and the singularity rule applied at
every tolerance). ``--sizes 2 3 4 5 6 7 --games 40 --rounds 21 --workers 3``,
payoffs in -1000..1000 (the games of ``bench_equilibria.py --one-game``)::

    2 x 2 solve                  now     24.2 us  base     23.7 us  now/base 1.023  now/control 1.028
    2 x 2 support_enumeration    now     52.6 us  base     52.3 us  now/base 1.001  now/control 1.010
    3 x 3 solve                  now     33.9 us  base     32.0 us  now/base 1.013  now/control 1.024
    3 x 3 support_enumeration    now     44.4 us  base     41.4 us  now/base 1.042  now/control 1.025
    4 x 4 solve                  now     76.7 us  base     73.1 us  now/base 1.071  now/control 1.040
    4 x 4 support_enumeration    now     91.9 us  base     89.0 us  now/base 1.027  now/control 0.986
    5 x 5 solve                  now    115.5 us  base    114.7 us  now/base 1.027  now/control 1.012
    5 x 5 support_enumeration    now    122.7 us  base    120.6 us  now/base 1.027  now/control 1.018
    6 x 6 solve                  now    208.4 us  base    208.8 us  now/base 1.012  now/control 0.994
    6 x 6 support_enumeration    now    213.2 us  base    209.4 us  now/base 1.017  now/control 1.010
    7 x 7 solve                  now    469.1 us  base    458.5 us  now/base 1.028  now/control 1.012
    7 x 7 support_enumeration    now    580.6 us  base    632.9 us  now/base 0.998  now/control 1.022

The control column shows the noise of that load (up to 4 %). Timed in one
process instead (the baseline package imported under another name, 40-60
games, 21-41 rounds, nine runs), ``solve`` / ``support_enumeration`` at
2 x 2 to 4 x 4 came out at 0.98-1.03 at load average 2.4-3.9 and at
1.00-1.05 at load 6.5-7.3 (where ``solve_bimatrix_batch``, the same code
on both sides, measured 0.94-1.03); 5 x 5 to 7 x 7 at 0.99-1.06. The
written-out kernels alone: 1.00-1.01 (basis kernel), 1.02 (vertex kernel).
A game reaches the exact step when a numerator is within its bound: on these
payoffs 1 % to 3 % of the games at 2 x 2 to 4 x 4, 7 % at 5 x 5 and 6 x 6
(ties of two payoffs, and at orders 5 and up genuine values below the
bound). The batched path (``bench_batch.py``: ``solve_bimatrix_batch``)
imports none of the changed modules; timed in one process it came out at
0.94-1.04 (identical code: the noise).

``--ties`` (payoffs in -2..2, most games degenerate; same settings, 15 rounds)::

    2 x 2 solve                  now     44.7 us  base     45.4 us  now/base 1.000  now/control 0.992
    2 x 2 support_enumeration    now     56.4 us  base     55.9 us  now/base 0.994  now/control 1.022
    3 x 3 solve                  now     71.0 us  base     68.1 us  now/base 1.025  now/control 1.001
    3 x 3 support_enumeration    now     83.7 us  base     81.3 us  now/base 1.006  now/control 1.010
    4 x 4 solve                  now    150.3 us  base    141.3 us  now/base 1.056  now/control 1.005
    4 x 4 support_enumeration    now    162.1 us  base    155.8 us  now/base 1.044  now/control 0.996
    5 x 5 solve                  now    339.0 us  base    304.7 us  now/base 1.112  now/control 0.999
    5 x 5 support_enumeration    now    460.8 us  base    418.6 us  now/base 1.105  now/control 0.997
    6 x 6 solve                  now    588.7 us  base    523.9 us  now/base 1.108  now/control 1.002
    6 x 6 support_enumeration    now    651.1 us  base    582.6 us  now/base 1.114  now/control 0.989
    7 x 7 solve                  now   1251.4 us  base   1137.3 us  now/base 1.106  now/control 0.990
    7 x 7 support_enumeration    now   1163.9 us  base   1002.8 us  now/base 1.157  now/control 0.992

That run predates the shortcut for small integer spreads (numerators within
their bounds are zeros by one comparison); in one process afterwards (load
6-7), tied games came out at 0.99-1.03 at 2 x 2 and 3 x 3, 1.04-1.08 at
4 x 4 (the vertex kernel's test of each in-bound numerator against its
determinant), 1.00-1.06 at 5 x 5 to 7 x 7.

``--complete`` (4,801 games, each against pygambit; "wrong": complete but
missing an equilibrium pygambit finds that lies in no listed component,
[in brackets: missing one that lies inside a listed maximal Nash subset]; no
answer had an uncertified equilibrium)::

    tol      complete now / base      wrong now / base
    0        2,732 / 2,615            0 / 2
    1e-15    4,778 / 4,645            0 / 2
    1e-14    4,799 / 4,770            0 / 2 [1]
    1e-12    4,801 / 4,799            0 / 2 [1]
    default  4,801 / 4,801            0 [3] / 0 [3]

By family at ``tol=1e-15`` (now / base): near ties 1,500 / 1,395 of 1,500,
the 4 x 4 game's family 200 / 173 of 200 (the game itself: complete with its
eleven equilibria now, ten and incomplete before), random floats 982 / 982
of 1,000, integer 1,496 / 1,496 of 1,500, scaled 599 / 599 of 600. The
answers still incomplete at ``tol`` 0 and 1e-15 are equilibria whose
certificate fails by float rounding of the regrets (mixed equilibria at
``tol=0``), not lost vertices. The code before the rounding rule (commit
7b8d275) on the same games: 2,709, 4,768, 4,798, 4,800 complete at 0,
1e-15, 1e-14, 1e-12, with 20, 3, 3, 3 complete answers missing an
equilibrium pygambit finds (in or out of a listed component). The three
games bracketed at the default tolerance have gaps of 1e-14 to 1e-11, below
it: their exact extreme equilibrium lies on an edge of a listed component.
The same families drawn from another seed (4,801 more games): complete
2,674, 4,777, 4,799, 4,801 at 0, 1e-15, 1e-14, 1e-12 and no wrong answer;
five bracketed at the default tolerance, all inside a listed component.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys

TOLERANCES = [0.0, 1e-15, 1e-14, 1e-12, None]

_WORKER = r'''
import json, sys, time
import numpy as np
from gametheory import NormalFormGame, solve
from gametheory.solvers import support_enumeration


def one_games(n, count, seed, span):
    rng = np.random.default_rng(seed)
    return [(rng.integers(-span, span + 1, (n, n)).astype(float), rng.integers(-span, span + 1, (n, n)).astype(float))
            for _ in range(count)]


cache = {}
for line in sys.stdin:
    request = json.loads(line)
    task = request["task"]
    if task == "one":
        key = ("one", request["n"], request["games"], request["seed"], request["span"])
        games = cache.setdefault(key, one_games(request["n"], request["games"], request["seed"], request["span"]))
        run = solve if request["method"] == "solve" else support_enumeration
        start = time.process_time()
        for A, B in games:
            len(run(NormalFormGame.from_bimatrix(A, B)))
        answer = (time.process_time() - start) / len(games)
    else:  # complete: each game's answers at each tolerance
        answer = []
        for A, B in request["games"]:
            game = NormalFormGame.from_bimatrix(np.array(A), np.array(B))
            row = []
            for tol in request["tolerances"]:
                result = solve(game, tol=tol)
                limit = game.tolerance(tol)
                row.append({"complete": bool(result.complete),
                            "points": [np.concatenate([np.asarray(s, float) for s in e.as_float()]).tolist()
                                       for e in result],
                            "components": [list(c) for c in result.components],
                            "certified": all(max(e.regrets) <= limit for e in result)})
            answer.append(row)
    print(json.dumps(answer), flush=True)
'''


class Worker:
    """A worker interpreter on one copy of the package (``root``: the directory holding ``gametheory``)."""

    def __init__(self, root: str | None, cpu: int | None = None):
        environment = dict(os.environ, PYTHONHASHSEED="0")
        if root is not None:
            environment["PYTHONPATH"] = os.path.abspath(root)
        # Both workers on one core: they take turns on it, so each sees the load the other jobs put there.
        pin = (lambda: os.sched_setaffinity(0, {cpu})) if cpu is not None else None
        self.process = subprocess.Popen([sys.executable, "-c", _WORKER], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, env=environment,
                                        cwd=os.path.abspath(root) if root is not None else None, preexec_fn=pin)

    def ask(self, request: dict):
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def timing(workers: dict, requests: list, rounds: int) -> list:
    """Interleaved rounds of every request on every worker; rows of (request, now, base, median ratio of now
    over base, median ratio of now over control). ``workers`` maps each name to a list of worker processes,
    taken in turn from round to round (a process's own layout biases its times by a few percent)."""
    order = random.Random(rounds)
    rows = []
    for request in requests:
        for pool in workers.values():
            for worker in pool:
                worker.ask(request)  # warm-up: imports, compiled kernels, caches
        times = {name: [] for name in workers}
        for r in range(rounds):
            for name in order.sample(list(workers), len(workers)):
                pool = workers[name]
                times[name].append(pool[r % len(pool)].ask(request))
        ratio = statistics.median(a / b for a, b in zip(times["now"], times["base"]))
        control = statistics.median(a / b for a, b in zip(times["now"], times["control"]))
        rows.append((request, statistics.median(times["now"]), statistics.median(times["base"]), ratio, control))
    return rows


def families(scale: int = 1) -> list:
    """The games of the completeness count: (family, A, B) with float payoffs."""
    import numpy as np

    rng = np.random.default_rng(20261205)
    A0 = [[1, 1, 0, 2], [0, 0, 1, 2], [1, 1, 1, 1], [2, 0, 1, 1]]
    B0 = [[2, 0, 0, 1.99999999999998], [0, 0, 2, 1], [0, 2, 0, 1], [2, 1, 2, 2]]
    out = [("reproducer", np.array(A0, float), np.array(B0, float))]
    for _ in range(1000 * scale):
        m, n = rng.integers(2, 7, size=2)
        out.append(("random", rng.standard_normal((m, n)), rng.standard_normal((m, n))))
    for _ in range(1500 * scale):
        m, n = rng.integers(2, 7, size=2)
        s = int(rng.choice([1, 2, 4, 9]))
        out.append(("integer", *(rng.integers(-s, s + 1, (m, n)).astype(float) for _ in range(2))))
    for _ in range(1500 * scale):
        m, n = rng.integers(2, 6, size=2)
        s = int(rng.choice([1, 2, 4]))
        A, B = (rng.integers(-s, s + 1, (m, n)).astype(float) for _ in range(2))
        gap = 10.0 ** rng.integers(-15, -8)
        for M in (A, B):
            for _ in range(int(rng.integers(0, 3))):
                i, j = rng.integers(0, m), rng.integers(0, n)
                M[i, j] += gap * rng.choice([-1.0, 1.0]) * max(1.0, abs(M[i, j]))
        out.append(("near tie", A, B))
    for _ in range(200 * scale):
        gap = 10.0 ** rng.integers(-15, -8) * rng.choice([1.0, 2.0, 5.0])
        B = np.array(B0, float)
        B[0, 3] = 2.0 - gap * rng.choice([-1.0, 1.0])
        out.append(("reproducer family", np.array(A0, float), B))
    for _ in range(600 * scale):
        m, n = rng.integers(2, 6, size=2)
        k = 10.0 ** rng.integers(-6, 7)
        if rng.random() < 0.5:
            A, B = rng.standard_normal((m, n)), rng.standard_normal((m, n))
        else:
            A, B = (rng.integers(-3, 4, (m, n)).astype(float) for _ in range(2))
        out.append(("scaled", A * k, B * k))
    return out


def _gambit(A, B) -> list:
    from fractions import Fraction

    import numpy as np
    import pygambit

    game = pygambit.Game.from_arrays(*(np.array([[Fraction(float(v)) for v in row] for row in M], dtype=object)
                                       for M in (A, B)))
    row, column = list(game.players)
    found = []
    for eq in pygambit.nash.enummixed_solve(game, rational=True).equilibria:
        point = np.array([float(Fraction(str(eq[s]))) for s in list(row.strategies) + list(column.strategies)])
        if not any(np.allclose(point, other, atol=1e-12) for other in found):
            found.append(point)
    return found


def _in_component(point, m: int, answer: dict) -> bool:
    """Whether ``point`` lies in a listed maximal Nash subset (the product of the hulls of its two sides)."""
    import numpy as np
    from scipy.optimize import linprog

    def in_hull(p, points):
        points = np.array(points)
        k = len(points)
        fit = linprog(np.zeros(k), A_eq=np.vstack([points.T, np.ones(k)]), b_eq=np.append(p, 1.0),
                      bounds=[(0, None)] * k)
        return fit.status == 0 and np.allclose(points.T @ fit.x, p, atol=1e-9)

    points = answer["points"]
    return any(in_hull(point[:m], [points[i][:m] for i in c]) and in_hull(point[m:], [points[i][m:] for i in c])
               for c in answer["components"])


def completeness(workers: dict, scale: int) -> dict:
    """Per worker and tolerance: complete answers, wrong complete answers, of them inside a listed component,
    and answers with an uncertified equilibrium, per family and in all."""
    import numpy as np

    games = families(scale)
    counts = {name: {str(tol): {} for tol in TOLERANCES} for name in ("now", "base")}
    for start in range(0, len(games), 200):
        chunk = games[start:start + 200]
        references = [_gambit(A, B) for _, A, B in chunk]
        payload = {"task": "complete", "tolerances": TOLERANCES,
                   "games": [(A.tolist(), B.tolist()) for _, A, B in chunk]}
        for name in ("now", "base"):
            for (family, A, _), reference, answers in zip(chunk, references, workers[name][0].ask(payload)):
                for tol, answer in zip(TOLERANCES, answers):
                    row = counts[name][str(tol)].setdefault(family, [0, 0, 0, 0, 0])
                    row[0] += 1
                    row[1] += answer["complete"]
                    row[4] += not answer["certified"]
                    if answer["complete"]:
                        ours = [np.array(p) for p in answer["points"]]
                        missing = [p for p in reference if not any(np.allclose(p, q, atol=1e-9) for q in ours)]
                        if missing:
                            if all(_in_component(p, A.shape[0], answer) for p in missing):
                                row[3] += 1
                            else:
                                row[2] += 1
    return counts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, help="directory holding an earlier copy of gametheory")
    parser.add_argument("--sizes", type=int, nargs="+", default=[2, 3, 4])
    parser.add_argument("--games", type=int, default=40, help="games per size (one game at a time)")
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds")
    parser.add_argument("--ties", action="store_true", help="payoffs in -2..2 instead of -1000..1000")
    parser.add_argument("--workers", type=int, default=3, help="worker processes per copy, taken in turn")
    parser.add_argument("--complete", action="store_true", help="count complete answers against pygambit")
    parser.add_argument("--scale", type=int, default=1, help="multiplies the completeness families' sizes")
    args = parser.parse_args(argv)
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir)
    cpu = min(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    # "control" is this tree again in other processes: its ratio to "now" is the noise floor.
    count = 1 if args.complete else args.workers
    workers = {name: [Worker(root, cpu) for _ in range(count)]
               for name, root in (("now", here), ("base", args.baseline), ("control", here))}
    try:
        print(f"# load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} before")
        if args.complete:
            counts = completeness(workers, args.scale)
            print("# per tolerance: complete / games, wrong complete (missing an equilibrium outside every listed "
                  "component), [missing one inside a listed component], uncertified answers")
            for tol in TOLERANCES:
                for name in ("now", "base"):
                    rows = counts[name][str(tol)]
                    total = [sum(r[k] for r in rows.values()) for k in range(5)]
                    detail = ", ".join(f"{family} {r[1]}/{r[0]}" for family, r in sorted(rows.items()))
                    print(f"tol={tol!s:6} {name:4}: complete {total[1]}/{total[0]}, wrong {total[2]} "
                          f"[{total[3]}], uncertified {total[4]}; {detail}")
        else:
            requests = [{"task": "one", "n": n, "games": args.games, "seed": 12345 + n, "method": method,
                         "span": 2 if args.ties else 1000}
                        for n in args.sizes for method in ("solve", "support_enumeration")]
            print(f"# {args.rounds} interleaved rounds, CPU time; now/base and now/control = median over rounds "
                  "of the ratio in the same round (control: this tree again, the noise floor)")
            for request, now, base, ratio, control in timing(workers, requests, args.rounds):
                label = f"{request['n']} x {request['n']} {request['method']}"
                print(f"{label:28} now {now * 1e6:8.1f} us  base {base * 1e6:8.1f} us  "
                      f"now/base {ratio:.3f}  now/control {control:.3f}")
        print(f"# load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} after")
    finally:
        for pool in workers.values():
            for worker in pool:
                worker.close()


if __name__ == "__main__":
    main()
