"""Time the cold start: ``import gametheory``, the first solve after it, and ``gametheory solve stag_hunt``.

Methods
-------
Each measurement runs in a fresh interpreter (``sys.executable``), ``--repeats``
times, interleaved, and reports the median wall-clock time:

* ``python -c pass``: the interpreter alone, the floor under everything else;
* ``import gametheory``;
* ``import gametheory`` then the first ``solve`` of a 3 x 3 float game (the
  time after the import is reported separately: no JIT or compilation may
  hide in it);
* the command ``gametheory solve stag_hunt`` (run as ``-c "from gametheory.cli
  import main; main()"``, so no console-script wrapper is timed).

A last run of the command under ``python -X importtime`` lists the modules
whose import costs most on that path, and says whether sympy is among them.

Usage::

    python benchmarks/bench_cold_start.py [--repeats R]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FIRST_SOLVE = (
    "import time; t0 = time.perf_counter(); import numpy as np; from gametheory import NormalFormGame, solve; "
    "t1 = time.perf_counter(); rng = np.random.default_rng(0); "
    "solve(NormalFormGame.from_bimatrix(rng.standard_normal((3, 3)), rng.standard_normal((3, 3)))); "
    "print(time.perf_counter() - t1)"
)
COMMAND = "import sys; sys.argv = ['gametheory', 'solve', 'stag_hunt']; from gametheory.cli import main; main()"

RUNS = {
    "python -c pass": ["-c", "pass"],
    "import gametheory": ["-c", "import gametheory"],
    "import + first solve (3x3)": ["-c", FIRST_SOLVE],
    "gametheory solve stag_hunt": ["-c", COMMAND],
}


def _run(args) -> tuple[float, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if done.returncode:
        raise RuntimeError(f"{args} failed:\n{done.stderr}")
    return elapsed, done.stdout


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=7, help="fresh interpreters per measurement (default 7)")
    args = parser.parse_args(argv)
    times = {name: [] for name in RUNS}
    first_solve = []
    for _ in range(max(1, args.repeats)):
        for name, command in RUNS.items():
            elapsed, out = _run(command)
            times[name].append(elapsed)
            if name.startswith("import + first solve"):
                first_solve.append(float(out.strip().splitlines()[-1]))
    print(f"# cold start, median wall-clock time over {args.repeats} fresh interpreters (interleaved), "
          f"python {sys.version.split()[0]}")
    for name, values in times.items():
        print(f"{name:32s} {statistics.median(values) * 1e3:8.1f} ms")
    print(f"{'first solve after the import':32s} {statistics.median(first_solve) * 1e3:8.1f} ms")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", COMMAND], capture_output=True, text=True,
                          env=env, cwd=ROOT)
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    top = [(us, name) for us, name in rows if not name.startswith("   ")]  # top-level imports
    print("# slowest top-level imports of 'gametheory solve stag_hunt' (cumulative):")
    for us, name in sorted(top, reverse=True)[:6]:
        print(f"   {us / 1e3:8.1f} ms  {name.strip()}")
    sympy = [us for us, name in rows if name.strip() == "sympy"]
    print("# sympy imported on this path:", f"yes ({sympy[0] / 1e3:.1f} ms cumulative)" if sympy else "no")


if __name__ == "__main__":
    main()
