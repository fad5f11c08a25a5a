"""Throughput of the vectorised logit QRE (``logit_qre_batch``) on tie-heavy and generic 2x2 grids.

Methods
-------
Selection by logit QRE over a parameter grid solves one small game per grid
point at one precision. Three grids of 2x2 bimatrix games, about 100,000
points each, at a fixed ``lam`` (normalised payoffs, the engine's
convention):

* ``ties {0,1,2}``: every 2x2 game with payoffs in {0, 1, 2} (6561 games,
  most of them degenerate: ties, weakly dominated actions, branches with
  bifurcation points), each repeated 16 times;
* ``symmetric grid``: symmetric games ``A = [[R, S], [T, P]]``, ``B = A.T``,
  with R, S, T, P each on 18 evenly spaced values in [0, 1] (exact ties where
  two grid values meet);
* ``generic``: payoffs drawn uniformly from [-5, 5];
* ``near-symmetric``: every 400th point of the symmetric grid with ``B``
  off ``A.T`` by ``1e-9`` times uniform noise (263 games): nearly symmetric
  games, which the batch traces alone with the one-game tracer.

Each cell is the median over ``--repeats`` runs of points per second in
wall-clock time and in CPU time of the process (less disturbed by other jobs
on a shared machine), and the number of games traced alone by the one-game
tracer (the fallback of the vectorised pass). With ``--baseline DIR`` (a copy
of an earlier ``gametheory`` package, e.g. ``git archive <commit> gametheory
| tar -x -C DIR``) the same grids are timed with that copy in a subprocess,
once, on every ``--baseline-stride``-th point of the two tie-heavy grids
(the old fallback takes minutes on a whole one) and on the whole generic
grid, for a before/after table.

With ``--interleaved DIR`` the earlier copy and this one are timed
alternately, each a whole run (every grid, every ``lam``) in a subprocess,
``--repeats`` times each, and the table gives the medians of CPU points per
second and their ratio (now / before), with the load average.

Usage::

    python benchmarks/bench_qre_grid.py [--lam 10 100] [--repeats 3] [--baseline DIR | --interleaved DIR]

Results
-------
5 December 2026, shared 2-core machine under load from other jobs, python
3.11.7, ``--lam 10 100 --repeats 3 --baseline`` the code before the
vectorised pass crossed bifurcation points (timed once, on every tenth
point of the tie-heavy grids); "alone" counts the games traced one at a
time:

::

    # logit_qre_batch, 2x2 grids, points/s (median of 3), python 3.11.7
    grid                lam  points   points/s  CPU pts/s  alone | points before pts/s  before CPU  alone CPU ratio
    ties {0,1,2}         10  104976     301166     301992      0 |  10498         3461        3461    260      87.2
    ties {0,1,2}        100  104976     221426     221767      0 |  10498         2758        2759    280      80.4
    symmetric grid       10  104976     231988     232604      0 |  10498          371         371   2524     626.6
    symmetric grid      100  104976     171700     172124      0 |  10498  raised LogitTracingError after    805
    generic              10  104976     276006     276708      0 | 104976       278971      279029      0       1.0
    generic             100  104976     174474     174792      0 | 104976       185135      185291      0       0.9

Every point of the tie-heavy grids is now traced in the vectorised pass, at
172,000 to 301,000 points per second (the goal was 100,000), 80 to 630 times
the earlier throughput, which traced the games at bifurcation points one at a
time (and on the symmetric grid at ``lam = 100`` stopped with an error from a
game the one-game tracer could not follow). Generic grids are unchanged
(ratios 1.0 and 0.9, within the run-to-run spread on this machine).

Nearly symmetric games traced alone, 5 December 2026, same machine (load
average about 2 on 2 cores), ``--interleaved`` against the package before
the change (commit ede4939) with ``--repeats 7``, this file's
``logit_batch.py`` dropped into that same package so that nothing else
differs:

::

    # logit_qre_batch, 2x2 grids, CPU points/s, median of 7 interleaved runs, python 3.11.7, load average 2.09 2.03 3.05
    grid                lam  points     before        now  ratio alone before alone now
    ties {0,1,2}         10  104976     303016     298078   0.98            0         0
    ties {0,1,2}        100  104976     232772     228058   0.98            0         0
    symmetric grid       10  104976     247779     245633   0.99            0         0
    symmetric grid      100  104976     179402     180074   1.00            0         0
    generic              10  104976     280980     284457   1.01            0         0
    generic             100  104976     176489     181174   1.03            0         0
    near-symmetric       10     263      16517         88   0.01            0       261

Ordinary grids: ratios 0.98 to 1.03. The test for near symmetry costs 2.2
to 2.8 ms of CPU per 105,000 2x2 games (0.6 to 0.8 % of a batch at lam =
10); timed in one process with and without it, interleaved, the batches
took 1 to 2 % longer. Two runs against the whole working tree (other
modules changed meanwhile) gave 0.94 to 1.02; a control run of the
working tree against a copy of itself gave 0.99 to 1.01. No game of the
ordinary grids is traced alone (their games are either exactly symmetric
or far from it). Nearly symmetric games cost about 11 ms each (88 points
per second at lam = 10, 65 to 68 at lam = 100): that is the price of the
principal branch, which the vectorised pass missed on about one such game
in six (on 120 random ones at lam = 20: 107 right before, 120 after,
against a 40-digit reference trace).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def grids() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    values = np.array(np.meshgrid(*[[0.0, 1.0, 2.0]] * 8, indexing="ij")).reshape(8, -1).T
    ties = np.tile(values[:, :4].reshape(-1, 2, 2), (16, 1, 1)), np.tile(values[:, 4:].reshape(-1, 2, 2), (16, 1, 1))
    axis = np.linspace(0.0, 1.0, 18)
    r, s, t, p = (v.ravel() for v in np.meshgrid(axis, axis, axis, axis, indexing="ij"))
    symmetric = np.stack([np.stack([r, s], -1), np.stack([t, p], -1)], 1)
    rng = np.random.default_rng(0)
    count = len(r)
    generic = rng.uniform(-5, 5, (count, 2, 2)), rng.uniform(-5, 5, (count, 2, 2))
    # Every 400th symmetric grid point with B off A.T by 1e-9 * noise: nearly symmetric games, traced alone.
    near = symmetric[::400]
    near = near, np.swapaxes(near, 1, 2) + 1e-9 * rng.uniform(-1, 1, near.shape)
    return {"ties {0,1,2}": ties, "symmetric grid": (symmetric, np.swapaxes(symmetric, 1, 2)), "generic": generic,
            "near-symmetric": near}


def measure(lams, repeats, stride: int = 1) -> dict:
    """``{grid: {lam: (points/s wall, points/s CPU, games traced alone, points)}}`` with the importable code."""
    import gametheory.solvers.logit as logit_module
    from gametheory.solvers.logit_batch import logit_qre_batch

    alone = [0]
    one_game = logit_module.logit_qre

    def counted(*args, **kwargs):
        alone[0] += 1
        return one_game(*args, **kwargs)

    logit_module.logit_qre = counted
    logit_qre_batch(*(a[:100] for a in grids()["generic"]), 1.0)  # warm up
    out = {}
    for name, (A, B) in grids().items():
        if name != "generic":
            A, B = A[::stride], B[::stride]
        out[name] = {}
        for lam in lams:
            wall, cpu = [], []
            try:
                for _ in range(repeats):
                    alone[0] = 0
                    w0, c0 = time.perf_counter(), time.process_time()
                    logit_qre_batch(A, B, lam)
                    wall.append(time.perf_counter() - w0)
                    cpu.append(time.process_time() - c0)
            except RuntimeError as error:  # LogitTracingError: a game traced alone stalled
                out[name][str(lam)] = (None, None, alone[0], len(A), type(error).__name__)
                continue
            points = len(A)
            out[name][str(lam)] = (points / statistics.median(wall), points / statistics.median(cpu), alone[0], points,
                                   None)
    logit_module.logit_qre = one_game
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lam", type=float, nargs="+", default=[10.0, 100.0], help="precisions (default 10 100)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per cell (default 3)")
    parser.add_argument("--baseline", type=Path, default=None, help="directory holding an earlier gametheory package")
    parser.add_argument("--baseline-stride", type=int, default=10,
                        help="time the baseline on every k-th point of each grid (default 10: the old fallback is slow)")
    parser.add_argument("--interleaved", type=Path, default=None,
                        help="directory holding an earlier gametheory package: time it and this one alternately, "
                             "one whole run each per repeat, in subprocesses")
    parser.add_argument("--stride", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # the baseline subprocess
    args = parser.parse_args(argv)
    if args.json:
        print(json.dumps(measure(args.lam, args.repeats, args.stride)))
        return
    if args.interleaved is not None:
        interleaved(args.lam, args.repeats, args.interleaved)
        return
    baseline = None
    if args.baseline is not None:
        env = dict(os.environ, PYTHONPATH=str(args.baseline.resolve()))
        done = subprocess.run([sys.executable, __file__, "--json", "--repeats", "1", "--stride",
                               str(args.baseline_stride), "--lam",
                               *map(str, args.lam)], capture_output=True, text=True, env=env, cwd=args.baseline)
        if done.returncode:
            raise RuntimeError(done.stderr)
        baseline = json.loads(done.stdout)
    now = measure(args.lam, args.repeats)
    print(f"# logit_qre_batch, 2x2 grids, points/s (median of {args.repeats}), python {sys.version.split()[0]}")
    header = f"{'grid':<16} {'lam':>6} {'points':>7} {'points/s':>10} {'CPU pts/s':>10} {'alone':>6}"
    if baseline:
        header += f" | {'points':>6} {'before pts/s':>12} {'before CPU':>11} {'alone':>6} {'CPU ratio':>9}"
    print(header)
    for name, cells in now.items():
        for lam, (wall, cpu, alone, points, error) in cells.items():
            if error:
                line = f"{name:<16} {float(lam):>6g} {points:>7} {'raised ' + error:>28}"
            else:
                line = f"{name:<16} {float(lam):>6g} {points:>7} {wall:>10.0f} {cpu:>10.0f} {alone:>6}"
            if baseline:
                b_wall, b_cpu, b_alone, b_points, b_error = baseline[name][lam]
                if b_error:
                    line += f" | {b_points:>6} {'raised ' + b_error + ' after':>31} {b_alone:>6}"
                else:
                    ratio = f"{cpu / b_cpu:>9.1f}" if cpu else ""
                    line += f" | {b_points:>6} {b_wall:>12.0f} {b_cpu:>11.0f} {b_alone:>6} {ratio}"
            print(line)


def _run_json(lams, path=None) -> dict:
    env = dict(os.environ)
    if path is not None:
        env["PYTHONPATH"] = str(path.resolve())
    done = subprocess.run([sys.executable, __file__, "--json", "--repeats", "1", "--lam", *map(str, lams)],
                          capture_output=True, text=True, env=env, cwd=path if path is not None else ROOT)
    if done.returncode:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout)


def interleaved(lams, repeats, baseline: Path) -> None:
    """Time the earlier package and this one alternately (whole grids, one run each per repeat) and print CPU ratios."""
    runs = {"before": [], "now": []}
    for k in range(repeats):
        for which in (("before", "now") if k % 2 == 0 else ("now", "before")):
            runs[which].append(_run_json(lams, baseline if which == "before" else None))
    print(f"# logit_qre_batch, 2x2 grids, CPU points/s, median of {repeats} interleaved runs, "
          f"python {sys.version.split()[0]}, load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(f"{'grid':<16} {'lam':>6} {'points':>7} {'before':>10} {'now':>10} {'ratio':>6} "
          f"{'alone before':>12} {'alone now':>9}")
    for name, cells in runs["now"][0].items():
        for lam in cells:
            cpu = {which: statistics.median(run[name][lam][1] for run in runs[which]) for which in runs}
            alone = {which: runs[which][0][name][lam][2] for which in runs}
            print(f"{name:<16} {float(lam):>6g} {cells[lam][3]:>7} {cpu['before']:>10.0f} {cpu['now']:>10.0f} "
                  f"{cpu['now'] / cpu['before']:>6.2f} {alone['before']:>12} {alone['now']:>9}")


if __name__ == "__main__":
    main()
