"""Time of the main job (``gametheory compare``), per model and per stage, and the throughput of tree sweeps.

Methods:

1. *The main job.* ``gametheory compare -q -o <temporary folder>`` (every
   built-in model at its default settings, a fresh results folder) runs as a
   child process; the table gives its wall-clock time and its CPU time (user
   and system, from ``getrusage`` of the children). The goal is under 2
   minutes on 2 cores. On a shared machine the wall-clock time follows the
   load; the CPU time is the figure to compare.
2. *Per model and per stage.* Each model is compared on its own in this
   process (``compare_models([key])``), with process CPU time taken around
   the stages: the sweep, the comparison (by-construction verdicts, exact
   rule evaluation), of which the by-construction verdicts alone, and the
   figures. The rest (tables, directions, defaults) is ``other``.
3. *Tree sweeps.* Each tree model's default grid is solved by the chunk task
   three ways: ``batch`` (the default: one pass of batched backward induction
   over the chunk for perfect-information SPE trees, trees built from the
   model's template elsewhere), ``per point`` (``batch=False``: every point
   solved alone on template-built trees) and ``model route`` (the template
   off too: ``model.tree(**values)`` per point, the way every point was
   solved before the batched path). Points per second of CPU time, best of
   ``--repeats``.

Run: ``python benchmarks/bench_main_job.py [--skip-main] [--skip-stages] [--repeats 3] [--models KEY ...]``.

Results (5 December 2026, the shared 2-core machine under load from other
jobs; CPU seconds unless marked wall).

*The main job.* Run at 00:35 UTC on the code before this change: 94.9 s wall,
53.3 s user + 1.5 s sys (load average 4.4). By 01:00 other work had landed
(solved witnesses for undecided by-construction rules, among others) and the
job had grown; to compare like with like, two copies of the working tree
identical but for ``gametheory/study/sweep/trees.py`` and
``gametheory/analysis/tree_conditions.py`` ran side by side (``gametheory
compare -q``, fresh folders, load average 5 to 6, so the wall times are
inflated alike):

| | wall | user | sys |
|---|---|---|---|
| before (per-point tree sweeps) | 362 s | 77.7 s | 1.6 s |
| after (batched tree sweeps, template) | 361 s | 76.9 s | 1.4 s |

``summary.csv`` is byte for byte the same and so is every model's
``sweep.parquet`` (value for value); the only differing tables are the
``by_rule`` tables of four trees judged by perfect Bayesian equilibrium,
whose undecided rules are searched for a solved witness within a
wall-clock budget (about 3 s per rule), so the number of points solved, and
whether a witness is met, follows the machine's load, not the code.

*Per model and stage* (``--skip-main``, after the change; 71.6 s in all):
by-construction verdicts 36.0 s (50%; ``bargaining_range`` 10.0 s,
``formal_alliance`` 7.2 s, ``perfect_deterrence`` 4.5 s, ``audience_costs``
1.8 s), figures 16.6 s (23%; about 0.3 s per regime map, PNG and PDF), sweeps
11.5 s (16%: trees 5.6 s, of which 3.6 s the 60 points of the six trees
judged by PBE; continuous 2.7 s; coalitional 1.3 s), the rest 5.6 s.

*Tree sweeps* (``--repeats 2``; points per CPU second; "tied": points with
several equilibria):

| model | concept | batched | points | tied | batch | per point | model route |
|---|---|---|---|---|---|---|---|
| hub_and_spokes | spe | yes | 110 | 0 | 4878 | 1004 | 992 |
| probabilistic_commitment | spe | yes | 75 | 3 | 3215 | 796 | 780 |
| extended_deterrence_triad | spe | yes | 84 | 23 | 1010 | 627 | 579 |
| security_autonomy | spe | yes | 121 | 68 | 905 | 724 | 667 |
| alliance_formation_dynamic | spe | yes | 56 | 19 | 93 | 91 | 83 |
| bargaining_range | spe | no | 25 | 11 | 142 | 143 | 106 |
| alliance_reliability | spe | no | 231 | 5 | 261 | 262 | 259 |
| extended_deterrence | spe | no | 60 | 5 | 254 | 254 | 248 |
| offensive_alliance | spe | no | 55 | 12 | 224 | 232 | 226 |
| six PBE trees | pbe | no | 60 | 38 | 11 to 59 | 11 to 61 | 11 to 57 |
| all | | | 877 | 184 | 151 | 143 | 137 |

Batched backward induction is 4 to 5 times the per-point rate on trees
without ties and falls to it where most points tie (every tied point is
solved alone, as it must be to list every pure SPE). Over the library the
tree sweeps take 5.8 s against 6.4 s before: trees with information sets
(subgame decomposition through the strategic form) and PBE trees are solved
point by point by their solvers, which hold almost all of the time.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np


def main_job() -> dict:
    """Wall-clock and CPU time of ``gametheory compare`` over every built-in model, in a child process."""
    with tempfile.TemporaryDirectory() as folder:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "gametheory", "compare", "-q", "-o", os.path.join(folder, "results")],
                       check=True, stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"wall": wall, "user": after.ru_utime - before.ru_utime, "sys": after.ru_stime - before.ru_stime}


class _Stopwatch:
    """CPU time spent inside wrapped functions, by stage name (outermost call only)."""

    def __init__(self):
        self.totals: dict[str, float] = {}
        self._depth: dict[str, int] = {}

    def wrap(self, stage: str, function):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            depth = self._depth.get(stage, 0)
            self._depth[stage] = depth + 1
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self._depth[stage] = depth
                if not depth:
                    self.totals[stage] = self.totals.get(stage, 0.0) + time.process_time() - start
        return timed


@contextlib.contextmanager
def _patched(watch: _Stopwatch):
    """Stopwatches around the stages of :func:`gametheory.study.report.compare_models`."""
    import gametheory.study.compare as compare_module
    import gametheory.study.construction as construction
    import gametheory.study.plots as plots
    import gametheory.study.sweep as sweep_package

    saved = []

    def patch(module, name, stage):
        if hasattr(module, name):
            saved.append((module, name, getattr(module, name)))
            setattr(module, name, watch.wrap(stage, getattr(module, name)))

    patch(sweep_package, "sweep", "sweep")
    patch(compare_module, "compare", "compare")
    patch(construction, "rule_verdicts", "verdicts")
    patch(compare_module, "rule_verdicts", "verdicts")
    patch(plots, "save_figure", "figures")
    try:
        yield
    finally:
        for module, name, original in reversed(saved):
            setattr(module, name, original)


def per_model(keys) -> list[dict]:
    """CPU time of each model's comparison, by stage (see the module notes)."""
    from gametheory.model import load_model
    from gametheory.study.report import compare_models

    # The libraries the comparison imports on first use, imported here so the first model is not charged for them.
    import matplotlib.pyplot  # noqa: F401
    import pandas  # noqa: F401
    import sympy  # noqa: F401

    import gametheory.study.plots  # noqa: F401

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for key in keys:
            model = load_model(key)
            watch = _Stopwatch()
            with _patched(watch):
                start = time.process_time()
                compare_models([model], os.path.join(folder, key), progress=False)
                total = time.process_time() - start
            stages = watch.totals
            row = {"model": key, "kind": getattr(model, "kind", "normal"), "total": total}
            row.update({stage: stages.get(stage, 0.0) for stage in ("sweep", "compare", "verdicts", "figures")})
            row["other"] = total - row["sweep"] - row["compare"] - row["figures"]
            rows.append(row)
    return rows


def tree_throughput(keys, repeats: int) -> list[dict]:
    """Points per CPU second of each tree model's default grid: batched, per point, and by the model's route."""
    from gametheory.model import load_model
    from gametheory.study.sweep import trees
    from gametheory.study.sweep.design import design_size, grid

    rows = []
    for key in keys:
        model = load_model(key)
        if getattr(model, "kind", "") != "tree":
            continue
        design = grid(model.sweep_axes)
        fixed = {name: float(value) for name, value in model.sweep_fixed.items()}
        n = design_size(design)
        template = trees.tree_template(model)
        batched = (template is not None and template.compiled and model.solution_concept == "spe"
                   and template.tree.is_perfect_information)

        def best(run):
            times = []
            for _ in range(repeats):
                start = time.process_time()
                frame = run()
                times.append(time.process_time() - start)
            return min(times), frame

        t_batch, frame = best(lambda: trees.solve_tree_points(model, design, fixed=fixed))
        t_point, _ = best(lambda: trees.solve_tree_points(model, design, fixed=fixed, batch=False))
        original = trees.tree_template
        trees.tree_template = lambda model: None
        try:
            t_route, _ = best(lambda: trees.solve_tree_points(model, design, fixed=fixed, batch=False))
        finally:
            trees.tree_template = original
        tied = int((frame.groupby("point")["n_equilibria"].first() > 1).sum())
        rows.append({"model": key, "concept": model.solution_concept, "batched": batched, "points": n,
                     "tied": tied, "batch": n / t_batch, "per point": n / t_point, "model route": n / t_route,
                     "cpu_batch": t_batch, "cpu_route": t_route})
    return rows


def _table(rows, columns, formats) -> str:
    header = "| " + " | ".join(columns) + " |"
    lines = [header, "|" + "|".join("---" for _ in columns) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(formats.get(c, "{}").format(row[c]) for c in columns) + " |")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-main", action="store_true", help="Do not time the whole main job.")
    parser.add_argument("--skip-stages", action="store_true", help="Do not time each model's stages.")
    parser.add_argument("--repeats", type=int, default=3, help="Repeats of each tree sweep (best is shown).")
    parser.add_argument("--models", nargs="*", default=None, help="Models for the per-model tables (default: all).")
    args = parser.parse_args(argv)

    from gametheory.model import list_models

    keys = args.models or list_models()
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores")
    if not args.skip_main:
        job = main_job()
        print("\nThe main job (gametheory compare, every built-in model, fresh folder)")
        print(_table([job], ["wall", "user", "sys"], {c: "{:.1f} s" for c in ("wall", "user", "sys")}))
    if not args.skip_stages:
        rows = per_model(keys)
        rows.sort(key=lambda r: -r["total"])
        stages = ("total", "sweep", "compare", "verdicts", "figures", "other")
        totals = {"model": "all", "kind": ""}
        totals.update({c: sum(r[c] for r in rows) for c in stages})
        print("\nPer model, CPU seconds by stage (verdicts are part of compare)")
        print(_table(rows + [totals], ["model", "kind", *stages], {c: "{:.2f}" for c in stages}))
    rows = tree_throughput(keys, args.repeats)
    if rows:
        totals = {"model": "all", "concept": "", "batched": "", "points": sum(r["points"] for r in rows),
                  "tied": sum(r["tied"] for r in rows)}
        totals["batch"] = totals["points"] / sum(r["cpu_batch"] for r in rows)
        totals["per point"] = totals["points"] / sum(r["points"] / r["per point"] for r in rows)
        totals["model route"] = totals["points"] / sum(r["cpu_route"] for r in rows)
        print("\nTree sweeps, points per CPU second (tied: points with several pure SPE, solved one by one)")
        print(_table(rows + [totals], ["model", "concept", "batched", "points", "tied", "batch", "per point",
                                       "model route"], {c: "{:.0f}" for c in ("batch", "per point", "model route")}))
        print(f"\nTree sweeps in all: {sum(r['cpu_batch'] for r in rows):.2f} s batched against "
              f"{sum(r['cpu_route'] for r in rows):.2f} s by the model's route per point "
              f"(ratio {sum(r['cpu_route'] for r in rows) / sum(r['cpu_batch'] for r in rows):.2f}).")


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
