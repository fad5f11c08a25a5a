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
  import main; main()"``, so no console-script wrapper is timed);
* ``gametheory --help``, which lists every command.

The interpreters run with the caller's environment, except that they may
write bytecode (``PYTHONDONTWRITEBYTECODE`` is dropped): an installed
package has its ``.pyc`` files, and a module compiled from source on every
start would be timed otherwise. One untimed round first writes them.
The load average is printed before and after the runs.

A last run of the command under ``python -X importtime`` lists the modules
whose import costs most on that path, and says whether sympy is among them.

With ``--baseline DIR`` (a copy of an earlier ``gametheory`` package and
its ``models/``, e.g. ``git archive <commit> gametheory models | tar -x -C
DIR``), every command is also run against that copy, interleaved with the
current code, so both see the same machine load and the table gives
before, after and their ratio.

Usage::

    python benchmarks/bench_cold_start.py [--repeats R] [--baseline DIR]

Results
-------
5 December 2026, shared 2-core machine at load average about 1, python
3.11.7, ``--repeats 10 --baseline`` the code before the command line started
numpy with one BLAS thread and listed its commands without importing them
("now" also holds other work on the solvers made meanwhile):

::

    # cold start, median wall-clock time over 10 fresh interpreters (interleaved), python 3.11.7
    # load average 1.06 2.32 3.52 before, load average 1.28 2.33 3.51 after
                                              baseline         now  now/base
    python -c pass                             11.2 ms     10.7 ms      0.96
    import gametheory                          11.3 ms     11.1 ms      0.99
    import + first solve (3x3)                109.1 ms    106.7 ms      0.98
    gametheory solve stag_hunt                132.5 ms    125.6 ms      0.95
    gametheory --help                         118.7 ms     47.4 ms      0.40
    first solve after the import               14.4 ms     16.8 ms      1.17
    python -c pass (CPU)                       10.7 ms     10.4 ms      0.97
    import gametheory (CPU)                    10.9 ms     10.8 ms      1.00
    import + first solve (3x3) (CPU)          179.4 ms    186.5 ms      1.04
    gametheory solve stag_hunt (CPU)          201.7 ms    125.1 ms      0.62
    gametheory --help (CPU)                   184.8 ms     46.7 ms      0.25
    # slowest top-level imports of 'gametheory solve stag_hunt' (cumulative):
           41.5 ms  numpy
           26.8 ms  gametheory.cli
           13.4 ms  gametheory.model.registry
            4.5 ms  gametheory.solvers
            2.5 ms  site
            2.2 ms  gametheory.solvers._bimatrix
    # sympy imported on this path: no

The command's CPU time falls from 202 ms to 125 ms (0.62): OpenBLAS's worker
thread, started by numpy's import, busy-waits on the second core (``import
numpy`` alone: 130 ms of CPU with the default threads, 73 ms with one). Its
wall-clock time falls less on a quiet machine (0.95; 0.92 against the same
snapshot of the code with only the command line reverted), since the spinning
thread has a core of its own; under load it competes with the command for
the cores (load average 5: 384 -> 328 ms, 0.85). ``gametheory --help`` no
longer imports the eleven command modules (nor numpy through them): 0.40 of
its time, 0.25 of its CPU.

What the command still spends (one BLAS thread, load average 1): the
interpreter 11 ms; numpy's import about 55 ms and its teardown at exit about
9 ms; click about 8 ms beyond what numpy imports too; the standard library
modules of the model loader (tomllib, fractions, json, dataclasses) about 6
ms; the model and solver modules about 17 ms of imports (the dataclasses of
``gametheory.model.document`` alone 4 ms); the work itself about 11 ms in a
fresh process (4 ms when warm). Ending the process without the interpreter's
teardown would save about 15 ms more.
"""

from __future__ import annotations

import argparse
import os
import resource
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

HELP = "import sys; sys.argv = ['gametheory', '--help']; from gametheory.cli import main; main()"

RUNS = {
    "python -c pass": ["-c", "pass"],
    "import gametheory": ["-c", "import gametheory"],
    "import + first solve (3x3)": ["-c", FIRST_SOLVE],
    "gametheory solve stag_hunt": ["-c", COMMAND],
    "gametheory --help": ["-c", HELP],
}


def _environment(root: Path) -> dict:
    """The caller's environment, importing ``root`` first and allowed to write bytecode."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(root) + os.pathsep + os.environ.get("PYTHONPATH", "")
    return env


def _load() -> str:
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())


def _run(args, root: Path = ROOT) -> tuple[float, float, str]:
    """Wall-clock and CPU (user + system) seconds of one fresh interpreter, and its output."""
    env = _environment(root)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=root)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode:
        raise RuntimeError(f"{args} failed:\n{done.stderr}")
    return elapsed, cpu, done.stdout


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=7, help="fresh interpreters per measurement (default 7)")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="directory holding an earlier gametheory package (and models/) to time alongside")
    args = parser.parse_args(argv)
    roots = {"now": ROOT}
    if args.baseline is not None:
        if not (args.baseline / "gametheory" / "__init__.py").is_file():
            parser.error(f"--baseline {args.baseline}: no gametheory/__init__.py there")
        roots = {"baseline": args.baseline.resolve(), "now": ROOT}
    times = {(which, name): [] for which in roots for name in RUNS}
    cpu_times = {(which, name): [] for which in roots for name in RUNS}
    first_solve = {which: [] for which in roots}
    load_before = _load()
    for command in RUNS.values():  # untimed: writes the bytecode, warms the file cache
        for root in roots.values():
            _run(command, root)
    for _ in range(max(1, args.repeats)):
        for name, command in RUNS.items():
            for which, root in roots.items():
                elapsed, cpu, out = _run(command, root)
                times[which, name].append(elapsed)
                cpu_times[which, name].append(cpu)
                if name.startswith("import + first solve"):
                    first_solve[which].append(float(out.strip().splitlines()[-1]))
    print(f"# cold start, median wall-clock time over {args.repeats} fresh interpreters (interleaved), "
          f"python {sys.version.split()[0]}")
    print(f"# {load_before} before, {_load()} after")
    rows = [(name, {which: statistics.median(times[which, name]) for which in roots}) for name in RUNS]
    rows.append(("first solve after the import", {which: statistics.median(v) for which, v in first_solve.items()}))
    # CPU time of the whole interpreter (user + system) is less swayed by other jobs than wall time.
    rows += [(f"{name} (CPU)", {which: statistics.median(cpu_times[which, name]) for which in roots})
             for name in RUNS]
    if len(roots) == 1:
        for name, medians in rows:
            print(f"{name:38s} {medians['now'] * 1e3:8.1f} ms")
    else:
        print(f"{'':38s} {'baseline':>11s} {'now':>11s} {'now/base':>9s}")
        for name, medians in rows:
            print(f"{name:38s} {medians['baseline'] * 1e3:8.1f} ms {medians['now'] * 1e3:8.1f} ms "
                  f"{medians['now'] / medians['baseline']:9.2f}")
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", COMMAND], capture_output=True, text=True,
                          env=_environment(ROOT), cwd=ROOT)
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
