"""Time ``gametheory solve`` on trees near the solvers' budgets: mixed PBE by sequence-form size, Nash fallbacks.

Methods
-------
PBE: random signalling trees (nature draws one of ``T`` types with integer
weights 1..5, the sender sends one of ``M`` messages, the receiver answers
with one of ``R`` responses, integer payoffs in -3..3), ``--games`` per
shape. For each tree the pure search (``mixed=False``) and the full search
(mixed PBE through the sequence form's extreme equilibria, no budget) are
timed interleaved; the sequence form has ``(1 + T M) x (1 + M R)`` sequence
pairs. The 3-type, 3-message, 2-response tree of the command-line tests is
timed too. The command line searches mixed PBE up to 64 pairs
(``--max-sequence-pairs``) and lists the pure PBE, marked incomplete, above.

Nash: the route of ``gametheory solve --concept nash`` for a two-player tree
whose reduced strategic form is over the vertex-enumeration budget:
the sequence form's extreme equilibria (at most 5,000 feasible bases), else
one equilibrium by sequence-form Lemke. Trees: the 7-decision-node tree of
the command-line tests and the random depth-3 trees (``tests/tree_helpers.
random_tree``, payoffs in -3..3) whose reduced form is refused among the
first 300 seeds. Peers, interleaved: pygambit ``lcp_solve`` (one
equilibrium through the sequence form) and, on the small tree, pygambit
``enummixed_solve`` on the reduced strategic form.
The load average is printed with the tables.

Usage::

    python benchmarks/bench_tree_budgets.py [--games N] [--repeats R]

Results
-------
5 December 2026, shared 2-core machine (load average 4.5 before, 5.1
after: other jobs running), python 3.11, pygambit 16.7,
``--games 4 --repeats 1``. PBE, seconds per tree (median, max)::

    shape             pairs           pure       with mixed
    2x3x2            7x7=49   0.049  0.068    0.176   0.196
    3x3x2           10x7=70   0.099  0.144    0.364   0.394
    2x4x2            9x9=81   0.097  0.232    0.645   1.075
    3x3x3         10x10=100   0.234  0.371    3.488   5.102

The command-line test tree (3 x 3 x 2, 70 pairs), in an earlier run at a
similar load: pure PBE 0.07 s, with the mixed ones 0.34 s (3 pure PBE, 6 in
all). Enumeration time depends on the polytopes, not on the pair count
alone (the solver's notes record 90 pairs at about 30 s and 133 over a
minute), so the default budget stays at 64 pairs and the command line lists
the pure PBE above it, marked incomplete, with a note naming
``--max-sequence-pairs``.

Nash, two-player trees over the reduced form's budget (the test tree and
the 22 random depth-3 trees refused among 300 seeds), seconds::

    tree       reduced   pairs                ours: route    time  gambit lcp  gambit enummixed
    7 nodes       36x6    11x9        sf enumeration (72)   1.183      0.0004           409.470
    58           18x11    9x17       sf lemke (1, 1 only)   5.361      0.0006               nan
    62            36x7   14x10       sf lemke (1, 1 only)   6.407      0.0050               nan
    85           135x4    16x6        sf enumeration (22)   1.104      0.0008               nan
    99           15x16   10x19       sf lemke (1, 1 only)   6.779      0.0007               nan
    105           60x6    16x9       sf lemke (1, 1 only)   7.649      0.0006               nan
    108           45x6    13x9        sf enumeration (48)   5.032      0.0060               nan
    112          12x24    8x13        sf enumeration (40)   0.802      0.0008               nan
    155           60x9   16x11       sf lemke (1, 1 only)   8.689      0.0012               nan
    157          24x13   11x13       sf lemke (1, 1 only)   5.142      0.0009               nan
    162           9x54    7x12        sf enumeration (72)   0.643      0.0005               nan
    167           50x6    15x6         sf enumeration (4)   0.292      0.0008               nan
    171          12x24    9x11         sf enumeration (8)   0.122      0.0005               nan
    185          12x30   11x12        sf enumeration (32)   1.104      0.0007               nan
    194          23x54   17x12       sf lemke (1, 1 only)   5.158      0.0009               nan
    195          12x18     8x9        sf enumeration (12)   0.158      0.0004               nan
    204           60x6    14x9       sf lemke (1, 1 only)   7.035      0.0006               nan
    218           72x6    14x9       sf lemke (1, 1 only)   5.952      0.0006               nan
    231           7x30   10x14       sf lemke (1, 1 only)   4.631      0.0006               nan
    252          18x11    9x18       sf lemke (1, 1 only)   4.773      0.0047               nan
    253           6x72    9x16       sf lemke (1, 1 only)   4.671      0.0007               nan
    262           24x9   11x14       sf lemke (1, 1 only)   6.271      0.0006               nan
    298           36x7   11x11       sf lemke (1, 1 only)   4.631      0.0007               nan

pygambit's enummixed on the 7-node tree's reduced form took 409 s
(rational) where the sequence form's 72 extreme equilibria took 1.2 s. Nine
of the 23 trees get every extreme equilibrium of the sequence form; the
other 14 hit the 5,000-basis cap after 5 to 9 s at this load and get one
equilibrium by Lemke (marked incomplete; ``--method lemke_howson`` gives it
at once). An earlier exploratory run (10 s limits) found neither
enumeration (sequence form, reduced form without its vertex budget)
faster on every tree: seed 58 took 0.14 s by the reduced form and over 10 s
by the sequence form, seed 162 the reverse.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def signalling_tree(rng, T, M, R):
    from gametheory.games.extensive import build_tree, chance, decision, terminal

    weights = [rng.randint(1, 5) for _ in range(T)]
    moves = {}
    for t in range(T):
        messages = {f"m{m}": decision("R", {f"r{r}": terminal(rng.randint(-3, 3), rng.randint(-3, 3))
                                            for r in range(R)}, infoset=f"M{m}") for m in range(M)}
        moves[f"t{t}"] = (Fraction(weights[t], sum(weights)), decision("S", messages, infoset=f"T{t}"))
    return build_tree(chance(moves), players=["S", "R"])


def timed(f, *args, **kwargs):
    start = time.perf_counter()
    result = f(*args, **kwargs)
    return time.perf_counter() - start, result


def pbe_table(games: int) -> None:
    from gametheory.solvers.perfect_bayesian import perfect_bayesian_equilibria
    from gametheory.solvers.sequence_form import sequence_form

    print("PBE of random signalling trees (seconds per tree: median, max)")
    print(f"{'shape':<12} {'pairs':>10} {'pure':>14} {'with mixed':>16}")
    rng = random.Random(0)
    for shape in ((2, 3, 2), (3, 3, 2), (2, 4, 2), (3, 3, 3)):
        pure, mixed = [], []
        for _ in range(games):
            tree = signalling_tree(rng, *shape)
            pure.append(timed(perfect_bayesian_equilibria, tree, mixed=False)[0])
            mixed.append(timed(perfect_bayesian_equilibria, tree, max_sequence_pairs=None)[0])
        n1, n2 = sequence_form(tree).sizes
        print(f"{'x'.join(map(str, shape)):<12} {f'{n1}x{n2}={n1 * n2}':>10} "
              f"{statistics.median(pure):>7.3f} {max(pure):>6.3f} {statistics.median(mixed):>8.3f} {max(mixed):>7.3f}")


def nash_table(repeats: int) -> None:
    import numpy as np

    from gametheory.cli.solve import _nash
    from gametheory.games.extensive.conversions import reduced_strategic_form
    from gametheory.io.efg import parse_efg
    from gametheory.solvers.sequence_form import sequence_form
    from gametheory.solvers.subgame_perfection import solve_tree
    from test_cli_tree_budgets import SEVEN_NODES
    from tree_helpers import random_tree, to_gambit

    try:
        import pygambit as gbt
    except ImportError:
        gbt = None
    trees = [("7 nodes", parse_efg(SEVEN_NODES))]
    for seed in range(300):
        tree = random_tree(np.random.default_rng(seed), depth=3, payoff_range=3)
        try:
            solve_tree(tree, "nash")
        except ValueError:
            trees.append((str(seed), tree))
    print("Nash of two-player trees over the reduced form's budget (seconds, median of repeats)")
    print(f"{'tree':<8} {'reduced':>9} {'pairs':>7} {'ours: route':>26} {'time':>7} {'gambit lcp':>11} "
          f"{'gambit enummixed':>17}")
    for name, tree in trees:
        shape = "x".join(map(str, reduced_strategic_form(tree).game.shape))
        n1, n2 = sequence_form(tree).sizes
        ours, lcp, enum = [], [], []
        for _ in range(repeats):
            elapsed, result = timed(_nash, tree, "auto", False, None)
            ours.append(elapsed)
            if gbt is not None:
                game = to_gambit(tree)
                lcp.append(timed(gbt.nash.lcp_solve, game, rational=False)[0])
                if name == "7 nodes":
                    enum.append(timed(gbt.nash.enummixed_solve, game, rational=True)[0])
        count = f"{len(result)}{'' if result.complete else ', 1 only'}"
        route = f"{result.method.replace('sequence_form_', 'sf ')} ({count})"
        print(f"{name:<8} {shape:>9} {f'{n1}x{n2}':>7} {route:>26} {statistics.median(ours):>7.3f} "
              f"{statistics.median(lcp) if lcp else float('nan'):>11.4f} "
              f"{statistics.median(enum) if enum else float('nan'):>17.3f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print("load average before:", os.getloadavg())
    pbe_table(args.games)
    nash_table(args.repeats)
    print("load average after:", os.getloadavg())


if __name__ == "__main__":
    main()
