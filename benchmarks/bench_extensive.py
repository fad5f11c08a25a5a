"""Speed of the game-tree solvers against Gambit, and backward induction on a million nodes.

Methods:

1. *Perfect information.* Random two-player trees of growing size (each node
   has 0-3 children, level by level; float payoffs, generic) are solved by our
   ``backward_induction`` (one SPE, certified in every subgame), by
   ``pygambit.nash.enumpure_agent_solve`` (pure equilibria of the agent form;
   it enumerates every pure profile, so only for tiny trees) and by
   ``pygambit.nash.lcp_solve`` on the sequence form (one equilibrium; only up
   to 100 nodes: on a 300-node tree it ran for over 5 minutes). The tree is handed to
   Gambit as an ``.efg`` text; Gambit's parsing time is excluded.
2. *Imperfect information.* Random two-player trees with information sets
   and chance moves (exact payoffs) are solved by our ``solve_tree(concept="nash")``
   (every extreme equilibrium of the reduced strategic form) and
   ``solve_tree(concept="spe")`` (subgame decomposition), against
   ``pygambit.nash.lcp_solve`` (one equilibrium, sequence form, rational).
3. *Scale.* A random perfect-information tree of about 10^6 nodes is built from
   arrays (``GameTree.from_arrays``) and solved by backward induction.

The tables give median wall-clock times per tree and the ratio ours/Gambit;
the machine's load average is printed, since the machine may be shared.

Run: ``python benchmarks/bench_extensive.py [--trees 5] [--million 1000000] [--sizes 10 20 60 100]
[--only-perfect]``.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from gametheory.games.extensive import GameTree, reduced_strategic_form
from gametheory.io.efg import format_efg
from gametheory.solvers.backward_induction import backward_induction
from gametheory.solvers.subgame_perfection import solve_tree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def bushy_arrays(n, seed, players=2):
    """Parent, player and payoff arrays of a random tree of about ``n`` nodes in level order."""
    rng = np.random.default_rng(seed)
    levels, current, count = [np.array([-1])], np.array([0]), 1
    while count < n:
        k = rng.integers(0, 4, size=len(current))
        k[0] = max(k[0], 1)
        if count + k.sum() > n:
            k = np.minimum(k, 1)
            k[np.cumsum(k) > n - count] = 0
            if k.sum() == 0:
                break
        children = np.repeat(current, k)
        levels.append(children)
        current = np.arange(count, count + len(children))
        count += len(children)
    parent = np.concatenate(levels)
    has_children = np.bincount(parent[1:], minlength=len(parent)) > 0
    player = np.where(has_children, rng.integers(0, players, len(parent)), -2)
    return parent, player, rng.random((len(parent), players))


def median_time(function, repeat=1):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def perfect_information(gbt, sizes, trees):
    print("Perfect information (float payoffs): median seconds per tree", flush=True)
    print(f"{'nodes':>8} {'ours BI':>9} {'gambit lcp':>11} {'ratio':>7} {'enumpure_agent':>15} {'ratio':>7}")
    for size in sizes:
        ours, agent, lcp = [], [], []
        for seed in range(trees):
            tree = GameTree.from_arrays(*bushy_arrays(size, seed))
            ours.append(median_time(lambda: backward_induction(tree)))
            game = gbt.read_efg(io.StringIO(format_efg(tree)))
            if size <= 100:  # Gambit's sequence-form LCP grows steeply with the tree
                lcp.append(median_time(lambda: gbt.nash.lcp_solve(game, rational=False)))
            # The agent form has prod(actions) pure profiles: only tiny trees.
            if np.log([len(a) for a in tree.infoset_actions]).sum() <= np.log(20_000):
                agent.append(median_time(lambda: gbt.nash.enumpure_agent_solve(game)))
        o = statistics.median(ours)
        if lcp:
            l_ = statistics.median(lcp)
            line = f"{tree.n_nodes:>8} {o:>9.4f} {l_:>11.4f} {o / l_:>7.3f}"
        else:
            line = f"{tree.n_nodes:>8} {o:>9.4f} {'-':>11} {'-':>7}"
        if agent:
            a = statistics.median(agent)
            line += f" {a:>15.4f} {o / a:>7.3f}"
        print(line, flush=True)


def imperfect_information(gbt, depths, trees):
    from test_extensive_tree import random_tree

    print("\nImperfect information with chance (exact): median seconds per tree")
    print(f"{'depth':>5} {'nodes':>6} {'RSF size':>9} {'ours nash':>10} {'ours spe':>9} {'gambit lcp':>11} "
          f"{'nash/lcp':>9}")
    for depth in depths:
        rows = []
        for seed in range(trees):
            tree = random_tree(1000 * depth + seed, depth=depth, imperfect=True, values=range(-9, 10))
            shape = reduced_strategic_form(tree).game.shape
            if np.prod(shape) > 400:  # exact vertex enumeration on larger forms takes minutes
                continue
            nash = median_time(lambda: solve_tree(tree, "nash"))
            spe = median_time(lambda: solve_tree(tree, "spe"))
            game = gbt.read_efg(io.StringIO(format_efg(tree)))
            lcp = median_time(lambda: gbt.nash.lcp_solve(game, rational=True))
            rows.append((tree.n_nodes, shape, nash, spe, lcp))
        if not rows:
            continue
        nodes = int(statistics.median(r[0] for r in rows))
        size = int(statistics.median(int(np.prod(r[1])) for r in rows))
        nash, spe, lcp = (statistics.median(r[k] for r in rows) for k in (2, 3, 4))
        print(f"{depth:>5} {nodes:>6} {size:>9} {nash:>10.4f} {spe:>9.4f} {lcp:>11.4f} {nash / lcp:>9.1f}", flush=True)


def million(n):
    parent, player, payoffs = bushy_arrays(n, seed=7)
    start = time.perf_counter()
    tree = GameTree.from_arrays(parent, player, payoffs)
    built = time.perf_counter() - start
    result = backward_induction(tree)
    solved = time.perf_counter() - start - built
    e = result[0]
    print(f"\nBackward induction on {tree.n_nodes} nodes ({len(tree.levels)} levels): built in {built:.2f} s, "
          f"solved and certified in {solved:.2f} s (total {built + solved:.2f} s); "
          f"max subgame regret {e.max_subgame_regret:.2e} over {len(e.subgame_roots)} subgames")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trees", type=int, default=5, help="random trees per size")
    parser.add_argument("--million", type=int, default=1_000_000, help="nodes of the large tree")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 20, 60, 100, 10_000, 100_000],
                        help="node counts of the perfect-information trees")
    parser.add_argument("--only-perfect", action="store_true", help="run the perfect-information part only")
    args = parser.parse_args(argv)
    import pygambit as gbt

    print(f"load average: {os.getloadavg()[0]:.2f} (1 min)")
    perfect_information(gbt, args.sizes, args.trees)
    if args.only_perfect:
        return
    imperfect_information(gbt, [3, 4], args.trees)
    million(args.million)


if __name__ == "__main__":
    main()
