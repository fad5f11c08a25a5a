"""Time one Nash equilibrium of two-player trees: sequence-form Lemke here against pygambit's ``lcp_solve``.

Methods
-------
Random two-player trees with chance moves and imperfect information (perfect
recall: each information set is named by what its player has seen, see
``tests/tree_helpers.random_tree``) are generated at depths ``--depths``,
``--trees`` per depth, with a fixed seed and integer payoffs in -20..20. Each
tree is solved for one Nash equilibrium by

* this toolkit's ``sequence_form_lemke`` in exact (rational) and float mode,
  building the sequence form from the tree inside the timed call and
  certifying the result by best responses on the tree;
* pygambit's ``nash.lcp_solve(game, rational=...)`` (the sequence-form LCP
  of the same paper) in both arithmetics, on the game read from the same
  tree's .efg text beforehand. pygambit refuses ``stop_after`` on the tree
  representation, so its call follows Lemke paths from every accessible
  equilibrium (it returns the equilibria it reaches, usually one or a few).

Times are process CPU time. The table gives, per depth, the median number of
nodes and sequences, the median time of each solver and the ratio of
pygambit's median to ours (above 1: this toolkit is faster).

Usage::

    python benchmarks/bench_sequence_form.py --depths 2 3 4 5 6 --trees 5
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests"))

from tree_helpers import random_tree, to_gambit  # noqa: E402

from gametheory.solvers.sequence_form import sequence_form, sequence_form_lemke  # noqa: E402


def timed(function, *args, **kwargs):
    start = time.process_time()
    result = function(*args, **kwargs)
    return time.process_time() - start, result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--depths", type=int, nargs="+", default=[2, 3, 4, 5, 6])
    parser.add_argument("--trees", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    import pygambit as gbt

    rng = np.random.default_rng(args.seed)
    header = ("depth", "nodes", "seqs", "ours exact", "gambit rational", "gambit / ours", "ours float",
              "gambit float", "gambit / ours")
    print(" | ".join(header))
    for depth in args.depths:
        rows = {k: [] for k in ("nodes", "seqs", "oe", "ge", "of", "gf")}
        for _ in range(args.trees):
            tree = random_tree(rng, depth=depth)
            game = to_gambit(tree)
            rows["nodes"].append(tree.n_nodes)
            rows["seqs"].append(sum(sequence_form(tree).sizes))
            rows["oe"].append(timed(sequence_form_lemke, tree)[0])
            rows["ge"].append(timed(gbt.nash.lcp_solve, game, rational=True)[0])
            rows["of"].append(timed(sequence_form_lemke, tree, exact=False)[0])
            rows["gf"].append(timed(gbt.nash.lcp_solve, game, rational=False)[0])
        med = {k: statistics.median(v) for k, v in rows.items()}
        print(" | ".join([
            str(depth), f"{med['nodes']:.0f}", f"{med['seqs']:.0f}",
            f"{med['oe'] * 1e3:.1f} ms", f"{med['ge'] * 1e3:.1f} ms", f"{med['ge'] / max(med['oe'], 1e-9):.2f}",
            f"{med['of'] * 1e3:.1f} ms", f"{med['gf'] * 1e3:.1f} ms", f"{med['gf'] / max(med['of'], 1e-9):.2f}",
        ]))


if __name__ == "__main__":
    main()
