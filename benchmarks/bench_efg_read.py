"""Time reading Gambit ``.efg`` files of 10^5 to 10^6 nodes: deep, bushy, wide and with chance moves.

Methods
-------
The files are written to a temporary folder first, each a game of the shape
a large model or a generated game takes:

* ``centipede``: a centipede game (alternating ``p "" {k%2+1} {k//2+1} ""
  { "stop" "go" } 0`` and ``t "" {k+1} "" { k, N-k }`` lines, ending ``t ""
  0``): one path as deep as the tree, every information set and outcome
  declared once;
* ``binary``: a complete binary perfect-information tree, every decision node
  its own information set, every terminal node its own outcome with payoffs
  ``k % 7, k % 5``;
* ``wide``: one decision node with as many actions as the tree has leaves,
  every play ending in one shared outcome;
* ``chance``: chance nodes (two types, probabilities 1/3 and 2/3) over
  decision nodes whose information sets span both types, a Bayesian game's
  tree, repeated level by level.

Each read runs in a fresh interpreter (``sys.executable``): ``read_efg`` of
this checkout, of a baseline copy of the package with ``--baseline DIR`` (an
earlier commit, ``git archive <commit> gametheory | tar -x -C DIR``), and
pygambit's ``read_efg`` with ``--pygambit``, interleaved round by round so all
see the same machine load. The time of the read alone is taken inside the
interpreter (imports excluded), as wall-clock and CPU time; the table gives
medians over ``--repeats`` rounds and the ratios to ours. The load average is
printed before and after.

Usage::

    python benchmarks/bench_efg_read.py [--sizes 100000,1000000] [--repeats R] [--baseline DIR] [--pygambit]
                                        [--kinds centipede,binary,wide,chance] [--timeout S]

Results
-------
5 December 2026, shared 2-core machine under heavy load from other jobs
(load average 3.5 to 7), python 3.11.7, pygambit 16.7.0, ``--repeats 1
--baseline`` the code before these changes (commit 4a53fe2) ``--pygambit``.
Seconds of the read alone; ``-`` where a read did not finish within the
timeout, ``exit -11`` where it crashed:

::

    # load average 4.51 4.85 5.11 before; python 3.11.7; read time only, median of 1
                        file     nodes      ours cpu     ours wall  baseline cpu baseline wall  pygambit cpu pygambit wall  baseline/ours  pygambit/ours
            centipede_100000     99999         0.73s         1.11s         2.69s         4.02s      exit -11      exit -11            3.7              -
           centipede_1000000    999999         7.57s        22.13s        26.57s        73.62s      exit -11      exit -11            3.5              -
               binary_100000     65535         0.29s         0.29s         1.63s         2.76s         2.09s         6.35s            5.5            7.1
              binary_1000000    524287         2.68s         4.67s        13.89s        24.94s             -             -            5.2              -
                 wide_100000    100000         0.29s         0.44s       151.09s       211.91s         0.15s         0.23s          514.8            0.5
                wide_1000000   1000000         3.48s         5.20s             -             -         1.54s         2.33s              -            0.4
               chance_100000     32767         0.18s         0.38s         0.64s         0.89s         0.37s         0.61s            3.5            2.0
              chance_1000000    524287         2.88s         4.52s        11.62s        18.26s             -             -            4.0              -
    # load average 3.50 3.31 3.88 after

Ours alone right after, the machine quieter (``--sizes 1000000``)::

    # load average 1.38 2.17 3.23 before; python 3.11.7; read time only, median of 1
                        file     nodes      ours cpu     ours wall
           centipede_1000000    999999         7.19s         7.24s
              binary_1000000    524287         2.69s         2.70s
                wide_1000000   1000000         3.24s         3.27s
              chance_1000000    524287         2.79s         2.82s

Ours is linear in the file: about ten times the nodes take about ten times
as long; a million-node centipede takes 7.6 s of CPU (22 s wall-clock under
load, 7.2 s on the quieter machine), where 400,000 nodes of it took 22.8 s before. The baseline read a
node with many actions in quadratic time (100,000 actions: 151 s; a million:
not within 240 s, against 3.5 s now) and every other file 3.5 to 5.5 times
slower. pygambit crashes (signal 11) on the deep centipede, reads a wide node
in half our time, and takes longer than 240 s on half a million nodes of a
binary or chance tree, which we read in under 3 s of CPU. The binary and
chance files are complete trees: the largest such trees within the size
asked for.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

_WORKER = r"""
import json, sys, time
path, reader = sys.argv[1], sys.argv[2]
if reader == "pygambit":
    import pygambit
    read = pygambit.read_efg
else:
    from gametheory.io.efg import read_efg as read
wall, cpu = time.perf_counter(), time.process_time()
game = read(path)
cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
print(json.dumps({"wall": wall, "cpu": cpu}))
"""


def centipede(n_nodes: int) -> list[str]:
    moves = (n_nodes - 1) // 2
    lines = ['EFG 2 R "centipede" { "A" "B" }', '""']
    for k in range(moves):
        lines.append(f'p "" {k % 2 + 1} {k // 2 + 1} "" {{ "stop" "go" }} 0')
        lines.append(f't "" {k + 1} "" {{ {k}, {moves - k} }}')
    lines.append('t "" 0')
    return lines


def binary(n_nodes: int) -> list[str]:
    depth = max(1, (n_nodes + 1).bit_length() - 2)  # 2^(depth+1) - 1 nodes, at most n_nodes
    lines = ['EFG 2 R "binary" { "A" "B" }', '""']
    sets = outcomes = 0
    stack = [0]
    while stack:
        level = stack.pop()
        if level == depth:
            outcomes += 1
            lines.append(f't "" {outcomes} "" {{ {outcomes % 7}, {outcomes % 5} }}')
        else:
            sets += 1
            lines.append(f'p "" {level % 2 + 1} {sets} "" {{ "l" "r" }} 0')
            stack.extend([level + 1, level + 1])
    return lines


def wide(n_nodes: int) -> list[str]:
    k = n_nodes - 1
    return (['EFG 2 R "wide" { "A" }', '""', 'p "" 1 1 "" { ' + " ".join(f'"a{i}"' for i in range(k)) + " } 0",
             't "" 1 "" { 1 }'] + ['t "" 1'] * (k - 1))


def chance(n_nodes: int) -> list[str]:
    # Blocks: chance picks a type (1/3, 2/3), then the sender moves "in" or "out" without seeing it (one
    # information set per history of own moves and level, spanning both types), then the next block.
    def size(h):
        return 1 if h == 0 else 1 + 2 * (1 + 2 * size(h - 1))

    height = 1
    while size(height + 1) <= n_nodes:
        height += 1
    lines = ['EFG 2 R "chance" { "S" "R" }', '""']
    sender_sets: dict = {}
    outcomes = 0
    chance_declared = set()
    stack = [("chance", height, ())]
    while stack:
        kind, h, history = stack.pop()
        if kind == "leaf":
            outcomes += 1
            lines.append(f't "" {outcomes} "" {{ {outcomes % 3}, {outcomes % 4} }}')
        elif kind == "chance":
            if h in chance_declared:
                lines.append(f'c "" {h} 0')
            else:
                chance_declared.add(h)
                lines.append(f'c "" {h} "" {{ "weak" 1/3 "strong" 2/3 }} 0')
            stack += [("sender", h, history)] * 2
        else:
            key = (history, h)
            if key in sender_sets:
                lines.append(f'p "" 1 {sender_sets[key]} 0')
            else:
                sender_sets[key] = len(sender_sets) + 1
                lines.append(f'p "" 1 {sender_sets[key]} "" {{ "in" "out" }} 0')
            below = [("chance", h - 1, history + (move,)) if h > 1 else ("leaf", 0, ()) for move in ("in", "out")]
            stack += below[::-1]
    return lines


KINDS = {"centipede": centipede, "binary": binary, "wide": wide, "chance": chance}


def run(path: str, reader: str, baseline: str | None, timeout: float):
    env = dict(os.environ)
    if reader == "baseline":
        env["PYTHONPATH"] = baseline + os.pathsep + env.get("PYTHONPATH", "")
    try:
        done = subprocess.run([sys.executable, "-c", _WORKER, path, reader], capture_output=True, text=True,
                              env=env, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as failed:
        return {"failed": f"exit {failed.returncode}"}  # a crash (pygambit recurses on deep trees)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--baseline", default=None)
    parser.add_argument("--pygambit", action="store_true")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    readers = ["ours"] + (["baseline"] if args.baseline else []) + (["pygambit"] if args.pygambit else [])
    print(f"# load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} before; python "
          f"{sys.version.split()[0]}; read time only, median of {args.repeats}")
    print(f"{'file':>24} {'nodes':>9} " + " ".join(f"{r + ' cpu':>13} {r + ' wall':>13}" for r in readers)
          + "".join(f" {r + '/ours':>14}" for r in readers[1:]))
    with tempfile.TemporaryDirectory() as folder:
        for kind in args.kinds.split(","):
            for size in (int(s) for s in args.sizes.split(",")):
                lines = KINDS[kind](size)
                path = os.path.join(folder, f"{kind}_{size}.efg")
                with open(path, "w") as handle:
                    handle.write("\n".join(lines) + "\n")
                nodes = len(lines) - 2
                times = {r: [] for r in readers}
                for _ in range(args.repeats):
                    for reader in readers:
                        result = run(path, reader, args.baseline, args.timeout)
                        times[reader].append(result)
                medians, notes = {}, {}
                for reader in readers:
                    done = [t for t in times[reader] if t is not None and "failed" not in t]
                    failed = [t["failed"] for t in times[reader] if t is not None and "failed" in t]
                    notes[reader] = failed[0] if failed else "-"
                    medians[reader] = (None if len(done) < len(times[reader]) else
                                       (statistics.median(t["cpu"] for t in done),
                                        statistics.median(t["wall"] for t in done)))

                def shown(value, note):
                    return f"{value:>12.2f}s" if value is not None else f"{note:>13}"

                row = f"{kind + '_' + str(size):>24} {nodes:>9} "
                row += " ".join(shown(medians[r][0] if medians[r] else None, notes[r]) + " "
                                + shown(medians[r][1] if medians[r] else None, notes[r]) for r in readers)
                for reader in readers[1:]:
                    ratio = (medians[reader][0] / medians["ours"][0]) if medians[reader] and medians["ours"] else None
                    row += f" {ratio:>14.1f}" if ratio is not None else f" {'-':>14}"
                print(row, flush=True)
                os.remove(path)
    print(f"# load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} after")


if __name__ == "__main__":
    main()
