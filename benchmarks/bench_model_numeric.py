"""Time a model taken at a point: the compiled numeric route against the symbolic one, and the cold command.

Methods
-------
* Cold start of ``gametheory solve stag_hunt`` in fresh interpreters (median
  and minimum wall-clock time over ``--repeats`` runs) and which module's
  import first brings in sympy on that path (``python -X importtime``).
* Warm, in this process, per built-in model by profiles: the median time to
  build its game at a point through ``Model.game`` (payoffs compiled by
  :mod:`gametheory.model.numeric`, no sympy) and through the symbolic game
  (``model.symbolic_game().game(...)``, sympy substitution), at the defaults
  and exactly; the ratio is symbolic / compiled.

Usage::

    python benchmarks/bench_model_numeric.py [--repeats R] [--models KEY ...]
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
COMMAND = "import sys; sys.argv = ['gametheory', 'solve', 'stag_hunt']; from gametheory.cli import main; main()"


def _environment() -> dict:
    return dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def cold_command(repeats: int) -> tuple[float, float]:
    """(median, minimum) seconds of the command in fresh interpreters."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", COMMAND], capture_output=True, check=True, env=_environment(), cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def sympy_importer() -> str:
    """The module whose import first imports sympy on the command's path ('none' when sympy is not imported)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", COMMAND], capture_output=True, text=True,
                          check=True, env=_environment(), cwd=ROOT)
    rows = [line.split("|") for line in done.stderr.splitlines() if line.startswith("import time:")]
    names = [row[2] for row in rows]
    depth = [len(n) - len(n.lstrip()) for n in names]
    for k, name in enumerate(names):
        if name.strip() == "sympy":
            cost = int(rows[k][1])
            parent = next(n.strip() for n, d in zip(names[k + 1:], depth[k + 1:]) if d < depth[k])
            return f"{parent} (sympy: {cost / 1000:.0f} ms cumulative import)"
    return "none"


def _median_seconds(function, repeats: int) -> float:
    function()  # first call: compiles and caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def warm_games(keys, repeats: int) -> list[tuple[str, float, float]]:
    from gametheory.model import list_models, load_model

    rows = []
    for key in keys or list_models():
        model = load_model(key)
        if model.kind != "normal" or model.is_symmetric_counts or model.is_bayesian or model.is_signaling:
            continue
        compiled = _median_seconds(lambda: model.game(), repeats)
        symbolic_game = model.symbolic_game()  # derived parameters already replaced by their formulas
        symbolic = _median_seconds(lambda: symbolic_game.game(), repeats)
        rows.append((key, compiled, symbolic))
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--models", nargs="*", default=None)
    args = parser.parse_args(argv)
    median, best = cold_command(args.repeats)
    print(f"gametheory solve stag_hunt (fresh interpreter): median {median * 1000:.0f} ms, min {best * 1000:.0f} ms")
    print(f"first importer of sympy on that path: {sympy_importer()}")
    print()
    print(f"{'model':34s} {'compiled (us)':>14s} {'symbolic (us)':>14s} {'ratio':>7s}")
    for key, compiled, symbolic in warm_games(args.models, args.repeats * 10):
        print(f"{key:34s} {compiled * 1e6:14.1f} {symbolic * 1e6:14.1f} {symbolic / compiled:7.1f}")


if __name__ == "__main__":
    main()
