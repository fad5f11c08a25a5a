"""Time subgame-perfect solving on deep and bushy trees, and the sequence-form enumeration's budget.

Methods
-------
Each measurement runs in a fresh interpreter (a worker: this file with
``--worker``), so no cache of an earlier run helps it, ``--repeats`` times,
interleaved; the table gives the median processor time of the call (the
machine is shared, so processor time is steadier than wall-clock time) and
its wall-clock time. Workloads:

* ``centipede N``: a centipede of N moves (node k offers 'stop', payoffs
  (k, N - k), and 'go'; the last 'go' pays 0), ``2N + 1`` nodes, one level
  per move: ``solve_tree(tree, "spe")`` (backward induction with its
  certificate in every subgame), exact (integer payoffs) and float;
* ``subgames N``: ``subgame_perfect_equilibria`` (subgame decomposition) on
  the exact centipede;
* ``bushy N``: a random perfect-information tree of at most N nodes, 2-4
  children per decision node, a few levels, normal random float payoffs (no
  ties): ``solve_tree(tree, "spe")``;
* ``enumeration``: ``sequence_form_enumeration`` on a 58-node random tree
  with imperfect information (tests/tree_helpers.random_tree, seed 1, depth
  4), which its default budget refuses.

With ``--baseline DIR`` (a copy of an earlier package: ``git archive <commit>
gametheory | tar -x -C DIR``) every workload also runs against that copy,
interleaved with the current code; a run over ``--timeout`` seconds is shown
as ``>T``. The load average is printed before and after.

Usage::

    python benchmarks/bench_spe_deep.py [--repeats R] [--baseline DIR] [--timeout T] [--quick]

Results
-------
5 December 2026, shared 2-core machine (load average 3-4.5 from other work, so
wall-clock times are up to three times the processor times), python 3.11.7,
``--repeats 1 --timeout 120 --baseline`` the code before the node-by-node
route (commit 4a53fe2); the bushy rows from a second run, ``--repeats 3 --only
bushy``:

::

    # load average 2.99 3.72 4.47 before
                                                       now cpu      now wall  baseline cpu baseline wall   base/now (cpu)
    centipede 5,000 (10,001 nodes), exact               0.02 s        0.06 s        0.46 s        1.39 s      21.3   1 SPE
    centipede 200,000 (400,001 nodes), exact            0.80 s        2.44 s       17.87 s       53.67 s      22.4   1 SPE
    centipede 500,000 (1,000,001 nodes), float          1.15 s        3.53 s       30.46 s       46.89 s      26.5   1 SPE
    centipede 500,000 (1,000,001 nodes), exact          1.98 s        3.05 s       42.02 s       62.64 s      21.2   1 SPE
    subgames 1,000 (2,001 nodes)                        0.01 s        0.02 s        0.80 s        1.00 s      64.8   1 SPE
    subgames 10,000 (20,001 nodes)                      0.13 s        0.20 s       10.17 s       14.88 s      80.3   1 SPE
    enumeration, 58-node tree                           6.92 s       11.12 s        >120 s                     >17   refused (budget)
    # load average 3.46 3.31 3.88 after
    # load average 3.12 3.24 3.84 before
    bushy 102,795 nodes, float                          0.03 s        0.03 s        0.04 s        0.04 s       1.1   1 SPE
    bushy 926,069 nodes, float                          0.25 s        0.25 s        0.27 s        0.27 s       1.1   1 SPE
    # load average 3.03 3.22 3.83 after

Backward induction with its certificate in every subgame on a
million-node centipede takes 1.2 s (float) and 2.0 s (exact) of processor
time, about four times the bushy tree of the same size; the baseline spent
a fixed numpy cost on each of the 500,000 levels. The subgame decomposition
of a 20,001-node centipede was a normal-form solve per subgame and a search
over all subgames for each one's children (quadratic); the enumeration's
old budget (200,000 bases) let the 58-node tree run past 120 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

WORKLOADS = [
    ("centipede 5,000 (10,001 nodes), exact", "centipede", 5_000, True),
    ("centipede 200,000 (400,001 nodes), exact", "centipede", 200_000, True),
    ("centipede 500,000 (1,000,001 nodes), float", "centipede", 500_000, False),
    ("centipede 500,000 (1,000,001 nodes), exact", "centipede", 500_000, True),
    ("subgames 1,000 (2,001 nodes)", "subgames", 1_000, True),
    ("subgames 10,000 (20,001 nodes)", "subgames", 10_000, True),
    ("bushy 102,795 nodes, float", "bushy", 300_000, False),
    ("bushy 926,069 nodes, float", "bushy", 1_000_000, False),
    ("enumeration, 58-node tree", "enumeration", 0, True),
]
QUICK = {"centipede 5,000 (10,001 nodes), exact", "subgames 1,000 (2,001 nodes)", "enumeration, 58-node tree"}


def centipede(moves: int, exact: bool):
    import numpy as np

    from gametheory.games.extensive.tree import TERMINAL, GameTree

    n = 1 + 2 * moves
    k = np.arange(moves)
    decision = np.concatenate([[0], 2 + 2 * np.arange(moves - 1)])
    parent = np.empty(n, dtype=np.int64)
    parent[0] = -1
    parent[1 + 2 * k] = decision
    parent[2 + 2 * k] = decision
    player = np.full(n, TERMINAL, dtype=np.int64)
    player[decision] = k % 2
    payoffs = np.zeros((n, 2), dtype=np.int64)
    payoffs[1 + 2 * k, 0] = k
    payoffs[1 + 2 * k, 1] = moves - k
    return GameTree.from_arrays(parent, player, payoffs.tolist() if exact else payoffs.astype(float))


def bushy(size: int, exact: bool):
    """About ``size`` nodes: each level's non-terminal nodes get 2-4 children, until the size is reached."""
    import numpy as np

    from gametheory.games.extensive.tree import TERMINAL, GameTree

    rng = np.random.default_rng(0)
    parent, player = [-1], []
    level = [0]
    while level:
        counts = rng.integers(2, 5, size=len(level))
        if len(parent) + int(counts.sum()) > size:
            break
        player.extend(rng.integers(0, 2, size=len(level)).tolist())
        nxt = []
        for v, c in zip(level, counts.tolist()):
            nxt.extend(range(len(parent), len(parent) + c))
            parent.extend([v] * c)
        level = nxt
    player.extend([TERMINAL] * (len(parent) - len(player)))
    # Continuous payoffs: no ties, one SPE (with ties every SPE up to the cap would be listed and certified).
    payoffs = rng.normal(size=(len(parent), 2))
    return GameTree.from_arrays(parent, player, payoffs)


def worker(kind: str, size: int, exact: bool) -> None:
    if kind == "enumeration":
        sys.path.insert(0, os.path.join(ROOT, "tests"))
        import numpy as np
        from tree_helpers import random_tree

        tree = random_tree(np.random.default_rng(1), depth=4)
    else:
        tree = bushy(size, exact) if kind == "bushy" else centipede(size, exact)
    from gametheory.solvers.subgame_perfection import solve_tree, subgame_perfect_equilibria

    cpu, wall = time.process_time(), time.perf_counter()
    if kind == "enumeration":
        from gametheory.solvers.sequence_form import sequence_form_enumeration

        try:
            outcome = f"{len(sequence_form_enumeration(tree))} equilibria"
        except ValueError as error:
            outcome = "refused: " + str(error)[:60]
    elif kind == "subgames":
        outcome = f"{len(subgame_perfect_equilibria(tree))} SPE"
    else:
        outcome = f"{len(solve_tree(tree, 'spe'))} SPE"
    print(json.dumps({"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall,
                      "nodes": tree.n_nodes, "outcome": outcome}))


def run(kind: str, size: int, exact: bool, path: str | None, timeout: float):
    env = dict(os.environ)
    if path:
        env["PYTHONPATH"] = path + os.pathsep + env.get("PYTHONPATH", "")
    try:
        done = subprocess.run([sys.executable, __file__, "--worker", kind, str(size), str(int(exact))],
                              capture_output=True, text=True, env=env, timeout=timeout, cwd=path or ROOT)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--baseline")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--quick", action="store_true", help="only the small workloads")
    parser.add_argument("--only", help="only the workloads whose label contains this text")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, size, exact = args.worker
        worker(kind, int(size), bool(int(exact)))
        return
    print(f"# load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} before")
    codes = [("now", None)] + ([("baseline", os.path.abspath(args.baseline))] if args.baseline else [])
    header = f"{'':44s}" + "".join(f"{name + ' cpu':>14s}{name + ' wall':>14s}" for name, _ in codes)
    print(header + ("   base/now (cpu)" if args.baseline else ""))
    for label, kind, size, exact in WORKLOADS:
        if (args.quick and label not in QUICK) or (args.only and args.only not in label):
            continue
        times = {name: [] for name, _ in codes}
        outcome = ""
        for _ in range(args.repeats):
            for name, path in codes:
                result = run(kind, size, exact, path, args.timeout)
                times[name].append(result)
                if result and name == "now":
                    outcome = result["outcome"]
        cells, cpu = [], {}
        for name, _ in codes:
            done = [r for r in times[name] if r is not None]
            if len(done) < len(times[name]):
                cells.append(f"{'>' + format(args.timeout, '.0f') + ' s':>14s}{'':>14s}")
                cpu[name] = None
                continue
            cpu[name] = statistics.median(r["cpu"] for r in done)
            cells.append(f"{cpu[name]:>12.2f} s{statistics.median(r['wall'] for r in done):>12.2f} s")
        ratio = ""
        if args.baseline:
            base = cpu.get("baseline")
            ratio = (f"{base / cpu['now']:>10.1f}" if base and cpu["now"] else
                     f"{'>' + format(args.timeout / cpu['now'], '.0f'):>10s}" if cpu["now"] else "")
        print(f"{label:44s}" + "".join(cells) + ratio + f"   {outcome}", flush=True)
    print(f"# load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} after")


if __name__ == "__main__":
    main()
