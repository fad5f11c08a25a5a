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

Each tree is measured ``--repeats`` times; every repeat takes a fresh copy of
the tree (no cached structure) and a fresh pygambit game read from the .efg
text, and times ours exact, pygambit rational, ours float (after the exact
solve of the same copy: the protocol of one exact then one float solve per
tree), pygambit float, and ours float on a second fresh copy never solved
before ("float, cold": it pays for the tree's structure lists too). The five
calls run in an order shuffled afresh in each repeat (seeded; ours exact
stays before ours float), as in the normal-form benchmarks: a call's time
depends on the processor caches its predecessor leaves, and in a fixed order
each call always follows the same one (``--fixed-order`` keeps the order
above, the order of the tables measured before this option existed; in it
our cold solve always follows pygambit's float solve). The garbage collector is paused
during each timed call, as ``timeit`` does. A tree's time is its fastest repeat
(the machine is shared; the minimum discards interruptions); the table gives,
per depth, the median number of nodes and sequences, the median time of each
solver and the ratio of pygambit's median to ours (above 1: this toolkit is
faster). Times are process CPU time.

Usage::

    python benchmarks/bench_sequence_form.py --depths 2 3 4 5 --trees 7

Results
-------
``--depths 2 3 4 5 --trees 7 --repeats 5`` on the shared 2-core machine,
load average 3.9-5.0 (other jobs running), the code before this change (run
from a snapshot) and after, interleaved: before, after, before, after.
Medians per depth; ratio = pygambit / ours (above 1: faster here); the two
rounds' values separated by a slash.

Before::

    depth  nodes  seqs  ours exact   gambit rat.  ratio      ours float  gambit float  ratio      cold ratio
    2      8      7     565/556 us   648/650 us   1.15/1.17  541/521 us  119/119 us    0.22/0.23  0.22/0.22
    3      19     12    1165/1156    1852/1857    1.59/1.61  928/912 us  229/223 us    0.25/0.24  0.27/0.27
    4      39     25    2461/2519    14.6 ms      5.92/5.84  1502/1643   972/984 us    0.65/0.60  0.75/0.75
    5      81     59    12.7/12.6ms  130 ms       10.3/10.4  3446/3363   6466/6574 us  1.88/1.95  1.96/1.94

After::

    depth  nodes  seqs  ours exact   gambit rat.  ratio      ours float  gambit float  ratio      cold ratio
    2      8      7     212/215 us   632/631 us   2.99/2.94  97/100 us   105/102 us    1.08/1.02  0.70/0.69
    3      19     12    424/444 us   1891/1883    4.46/4.24  186/196 us  217/227 us    1.17/1.16  0.86/0.88
    4      39     25    826/860 us   14.4 ms      17.5/17.0  449/574 us  926/932 us    2.06/1.62  2.05/1.78
    5      81     59    3.8 ms       131 ms       34.2/34.9  1346/1302   6652/6472 us  4.94/4.97  4.33/4.82

A wider sample, ``--trees 25 --repeats 3`` after the change (load average
4.5-5.5; the first 7 trees per depth are those above), gives float ratios
0.95, 0.96, 1.49 and 9.5 at depths 2-5 (95 vs 91 us, 288 vs 275 us, 0.48 vs
0.72 ms, 1.2 vs 11 ms), cold ratios 0.62, 0.84, 1.45 and 9.0, and exact
ratios 2.3, 7.1, 15 and 56.

Float mode is faster than pygambit's float ``lcp_solve`` at every depth on
the 7-tree sample in the benchmark's protocol (one exact then one float solve
per tree), with a small margin at depths 2 and 3 (about 100 us against 105,
190 against 220); over 25 trees per depth the two are level at depths 2 and
3 (ratios 0.95 and 0.96) and this toolkit is faster from depth 4. A float solve of a
tree never solved before ("cold") also pays for the tree's structure lists
and the starting dictionary (about 50 us at depth 2): it is slower than
pygambit at depths 2 and 3 and faster from depth 4. Exact mode is 2.6-3.3
times faster than before.

A second step: where each cost entry enters the starting dictionary is
composed once per tree (the dictionary is then one pass over the costs, and
the float costs also give the payoff scale the certificate reads); a sparse
pivot row updates the other rows at its non-zeros only, at every width; a
tree's first solve reads the move offsets, perfect information and each
player's last own moves in Python instead of through numpy.
``--depths 2 3 4 --trees 25 --repeats 3``, the code before this step (from a
snapshot) and after, interleaved three times (before, after, ...), load
average 1.6-1.9; per depth the three rounds' values, slash-separated::

    depth  ours exact       ours float      gambit float    float ratio     ours cold       cold ratio
    before
    2      210/209/208 us   90/88/88 us     89/89/89 us     0.99/1.01/1.01  144/142/145 us  0.62/0.63/0.61
    3      499/503/505 us   263/272/260 us  264/253/262 us  1.00/0.93/1.01  308/312/304 us  0.86/0.81/0.86
    4      818/837/840 us   430/449/437 us  743/722/756 us  1.73/1.61/1.73  475/476/470 us  1.57/1.52/1.61
    after
    2      200/200/200 us   83/82/81 us     89/89/88 us     1.07/1.09/1.09  123/126/126 us  0.72/0.71/0.70
    3      492/523/494 us   223/231/227 us  261/259/259 us  1.17/1.12/1.14  269/275/270 us  0.97/0.94/0.96
    4      822/822/818 us   422/424/451 us  776/771/779 us  1.84/1.82/1.73  436/437/463 us  1.78/1.77/1.68

Over 25 trees float mode is now ahead of pygambit at depth 2 (ratio about
1.08, was 1.00) and at depth 3 (about 1.14, was 0.98); a cold float solve
gains about 20 us at depth 2 and 35 us at depth 3 but stays behind
pygambit there (0.71 and 0.96): building the structure lists, the starting
dictionary's payoff-free part and the cost map of an 8-node tree costs
about 40 us of Python. Exact mode is unchanged (within 2 %).

A third step, for the first solve of a tree: its float dictionary is built
in one pass over the nodes (sequences, chance weights, the terminal nodes
grouped by pair of sequences, the costs) and one walk down each player's
chosen chains (plan rows, slack columns, where each cost enters), without
the tables only exact mode and the numpy route read, and is cached for
later float solves; the payoff-free part an exact solve caches is built by
the same walk; the structure lists read children per parent; the
certificate of two-player perfect-information trees walks each node's
children once. ``--depths 2 3 --trees 25 --repeats 3``, the code before
this step (from a snapshot) and after, interleaved three times, load
average 1.45-1.61; per depth the three rounds, slash-separated::

    depth  ours exact       ours float      gambit float    float ratio     ours cold       cold ratio
    before
    2      201/201/202 us   83/92/84 us     91/90/88 us     1.10/0.98/1.05  128/131/124 us  0.71/0.69/0.71
    3      537/535/506 us   307/269/236 us  317/267/264 us  1.03/0.99/1.12  309/306/268 us  1.02/0.87/0.98
    after
    2      192/186/187 us   77/76/80 us     92/89/89 us     1.19/1.17/1.11  106/107/105 us  0.86/0.83/0.85
    3      535/498/476 us   220/198/192 us  323/315/304 us  1.47/1.59/1.58  246/233/227 us  1.32/1.36/1.34

One more round at depths 2-5 (load average 1.35-1.90), before / after::

    depth  ours exact     ours float     gambit float     ours cold      cold ratio
    2      199 / 189 us   82 / 81 us     89 / 89 us       125 / 107 us   0.71 / 0.83
    3      527 / 514 us   240 / 202 us   262 / 314 us     275 / 236 us   0.95 / 1.33
    4      918 / 817 us   480 / 427 us   755 / 885 us     517 / 429 us   1.46 / 2.06
    5      2.70 / 2.60 ms 1.20 / 1.04 ms 11.3 / 11.4 ms   1.36 / 1.10 ms 8.29 / 10.32

pygambit's own float time at depth 3 varied between 262 and 323 us from
round to round, higher in most rounds run with the new code (two more
interleaved rounds, load average 1.0-1.1: 266 and 300 us before, 305 and
301 us after), so the ratios there flatter this step somewhat; against the
lowest pygambit median of any round (262 us), a cold solve at depth 3
(224-246 us) is still ahead, by 1.07-1.17. Our own times, from ``ours`` copies only (no pygambit
call in between; ``--trees 25 --repeats 3``, depths 2-6 as in one run of
this script, load average 1.5-1.8), before / after, medians in us::

    depth  exact          float after exact  float, cold
    2      177 / 167      62 / 61            102 / 83
    3      460 / 441      168 / 159          234 / 197
    4      797 / 756      268 / 264          373 / 325
    5      2582 / 2535    784 / 759          988 / 869
    6      24052 / 23622  9333 / 9188        9259 / 9300   (numpy route: unchanged within noise)

A cold float solve is 17-20 % faster at depths 2-4 and 12 % at depth 5;
exact mode 3-6 % faster; a float solve after an exact one unchanged to 5 %
faster; a repeated float solve of one tree reuses the cached dictionary
(25 trees solved back to back, fastest of 7 rounds: 38 against 54 us at
depth 2, 95 against 122 us at depth 3). The cold solve now beats
pygambit's float ``lcp_solve`` from depth 3 on, but not at depth 2 (ratio
about 0.85): an 8-node tree's structure lists, float payoffs, dictionary,
pivots and certificate are a few hundred small Python steps. Part of the
depth-2 gap is the protocol's order: in a variant of this loop (25 trees,
fastest of 5 repeats, load average 1.4) the cold solve took 83 us when the
call before it was ours and 100-102 us when it was pygambit's float
``lcp_solve`` (as here), presumably because pygambit's work evicts ours
from the processor's caches.

A fourth step, again for a tree's first float solve: the first float
dictionary is written while its walk over the nodes first meets each
information set (at the default start rows and columns are numbered in
closed form, each sequence's plan entry kept as the columns it adds and the
one it subtracts), and the terminal nodes of a tree without chance moves
skip the grouping; the pivots divide the pivot row at its non-zeros and
update the other rows in place while the pivot row fills less than half the
width (was a third), are told how many slack rows lead the dictionary, and
a starting pair that is already an equilibrium is read without copying the
dictionary; the certificate reads a float profile's edges and reach parent
by parent, the structure lists straight from the tree's arrays and exact
payoffs as floats with one ``as_integer_ratio`` call each; the result
objects are filled field by field. Outputs (behaviour, payoffs, regrets,
path, pivot counts, as ``repr``) are the same as the previous code's on 930
random trees of depths 2-5 (float and exact, cold and warm, other starts, a
given tolerance, solve orders mixed), and so are the certificates of
``certify_tree`` (random profiles, both concepts), backward induction and
``solve_tree`` on 200 more trees of depths 1-4, exact and float.
``--depths 2 3 4 5 --trees 25 --repeats 3``, the code before this step
(from a snapshot) and after, interleaved three times, load average 5.2-10.4
(other jobs running); per depth the three rounds, slash-separated ("ours
float" is the float solve after an exact one)::

    depth  ours exact        ours float        gambit float       float ratio        ours cold         cold ratio
    before
    2      185/187/203 us    77/78/87 us       90/88/93 us        1.17/1.12/1.07     104/105/110 us    0.87/0.84/0.85
    3      490/528/594 us    213/210/211 us    324/331/327 us     1.53/1.57/1.55     244/238/242 us    1.33/1.39/1.35
    4      813/825/972 us    469/391/355 us    961/848/879 us     2.05/2.17/2.47     404/386/391 us    2.38/2.20/2.25
    5      2.63/2.66/2.83 ms 1054/1043/1068 us 11.5/11.5/11.4 ms  10.92/10.98/10.69  1145/1090/1146 us 10.05/10.51/9.96
    after
    2      182/191/191 us    81/79/73 us       90/92/89 us        1.11/1.17/1.21     86/89/92 us       1.05/1.03/0.97
    3      507/548/544 us    199/209/210 us    307/330/328 us     1.54/1.58/1.56     203/216/221 us    1.52/1.53/1.49
    4      815/897/841 us    430/440/405 us    840/966/834 us     1.95/2.19/2.06     340/378/335 us    2.47/2.56/2.49
    5      2.63/2.63/2.69 ms 849/883/861 us    11.6/11.7/11.3 ms  13.65/13.25/13.16  882/847/858 us    13.15/13.81/13.21

A cold float solve is 11-24 % faster (mean of the rounds: 16, 12, 11 and
24 % at depths 2-5; depth 2: 86-92 us against 104-110), and the cold ratio at depth 2 goes from 0.84-0.87 to
0.97-1.05: level with pygambit, not yet the 1.15 aimed at; from depth 3 on it
is ahead by 1.5 (depth 3) to 13 (depth 5). Exact mode is unchanged. Our own
times alone (process CPU time, no pygambit call in between, fastest of 7
fresh copies, median of 25 trees per depth, seeded per depth; two
interleaved rounds, load average 8-9), before / after, in us::

    depth  float, cold     float after exact  float after float  exact
    2      85-88 / 69-73   56-57 / 54         34 / 32-33         155-157 / 157
    3      199-203 / 170-177  111-112 / 103-105  74-75 / 67-69   314-319 / 319
    4      326-328 / 277   311-317 / 262-264  237 / 203-207      1130-1155 / 1141-1144
    5      864-868 / 657-661  765-805 / 708-727  578-588 / 538-541  3663-3687 / 3604-3811
    6      5114-5242 / 4980-5034 (cold; numpy route, above 100 sequences)

Lexicographic ties are frequent on these degenerate trees (about one ratio
test in two at depths 4-5), so the pivots keep their position tables rather
than scanning the columns at each tie. The float solve after an exact one
at depth 4 varied most from round to round (355-469 us before, 405-440
after), since it follows pygambit's rational solve: on its own it is 16 %
faster. What is left of a cold depth-2 solve is about 6,600 bytecodes
(8,200 before; 69 Python calls, 125 before): the dictionary 1,900, the
pivots 1,700, the certificate with its result objects 1,300, the structure
lists and float numbers 900, the behaviour 300; in the benchmark's order it
runs on caches emptied by pygambit (the same solve takes 70 us alone).

A fifth step, for a tree's first float solve: a ratio test with a single
candidate row skips the lexicographic pass, the row update visits only the
entering column's non-zeros, an information set of two moves writes its
unchosen column directly; the certificate of a two-player float profile is
one pass down and one up for both players (the structure lists build the
depth-first lists only when a route reads them). Outputs identical to the
previous code's on 930 + 950 random trees. ``--depths 2 3 4 5 --trees 25
--repeats 3`` on a quiet machine (load average 0.9-1.3), the code before
this step (from a snapshot) and after, run one after the other; ratio =
pygambit / ours::

    order     depth  ours exact    ours float    gambit float   ours cold     cold ratio
    shuffled  2      184 / 185 us  65 / 58 us    99 / 95 us     85 / 76 us    1.17 / 1.25
              3      498 / 489 us  149 / 143 us  295 / 298 us   203 / 188 us  1.45 / 1.58
              4      866 / 787 us  245 / 231 us  856 / 863 us   332 / 301 us  2.57 / 2.87
              5      2.57 / 2.56ms 649 / 632 us  11.2 / 11.1 ms 785 / 679 us  14.2 / 16.4
    fixed     2      182-183 / 186-189 us  72-75 / 66-67 us  89 / 89-90 us  85-89 / 77-80 us  0.99-1.06 / 1.13-1.15
              3      482-493 / 471-503 us  181-188 / 166-174  316-318 / 300-314  198-205 / 179-188  1.54-1.61 / 1.67

(fixed order: two rounds each, before, after, before, after.) A cold float
solve is 9-11 % faster at depth 2 and ahead of pygambit's float
``lcp_solve`` at every depth in both call orders: by 1.13-1.15 at depth 2 in
the fixed order, where our cold solve always runs on caches pygambit's
solve has just used (it was level, 0.99-1.06), and by 1.25 in the shuffled
order; from depth 3 on by 1.6 to 16.
"""

from __future__ import annotations

import argparse
import gc
import os
import pathlib
import random
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests"))

from tree_helpers import random_tree, to_efg  # noqa: E402

from gametheory.solvers.sequence_form import sequence_form, sequence_form_lemke  # noqa: E402


def timed(function, *args, **kwargs):
    """Process CPU time of one call, with the garbage collector paused as ``timeit`` does."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.process_time()
        function(*args, **kwargs)
        return time.process_time() - start
    finally:
        if enabled:
            gc.enable()


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:.0f} us" if seconds < 0.01 else f"{seconds * 1e3:.1f} ms"


def measure(tree, repeats: int, order: random.Random | None = None) -> dict:
    """The fastest of ``repeats`` measurements of each solver on fresh copies of ``tree``.

    With ``order``, the five calls of each repeat run in an order shuffled by
    it (ours exact still before ours float on the same copy); without, in the
    fixed order ours exact, pygambit rational, ours float, pygambit float,
    ours cold.
    """
    import io

    import pygambit as gbt

    text = to_efg(tree)
    best: dict = {}
    for k in range(repeats):
        ours = tree.replace(title=f"copy {k}")
        cold = tree.replace(title=f"cold copy {k}")
        game = gbt.read_efg(io.StringIO(text))
        calls = {
            "oe": (sequence_form_lemke, ours, {}),
            "ge": (gbt.nash.lcp_solve, game, {"rational": True}),
            "of": (sequence_form_lemke, ours, {"exact": False}),
            "gf": (gbt.nash.lcp_solve, game, {"rational": False}),
            "oc": (sequence_form_lemke, cold, {"exact": False}),
        }
        keys = list(calls)
        if order is not None:
            order.shuffle(keys)
            i, j = keys.index("oe"), keys.index("of")
            if j < i:  # the float solve after an exact one
                keys[i], keys[j] = keys[j], keys[i]
        for key in keys:
            function, game_or_tree, options = calls[key]
            value = timed(function, game_or_tree, **options)
            best[key] = min(best.get(key, value), value)
    return best


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--depths", type=int, nargs="+", default=[2, 3, 4, 5, 6])
    parser.add_argument("--trees", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--fixed-order", action="store_true",
                        help="run each repeat's calls in the fixed order (default: shuffled per repeat, seeded)")
    args = parser.parse_args(argv)

    rng = np.random.default_rng(args.seed)
    order = None if args.fixed_order else random.Random(args.seed)
    print("call order:", "fixed" if order is None else "shuffled per repeat")
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    header = ("depth", "nodes", "seqs", "ours exact", "gambit rational", "gambit / ours", "ours float",
              "gambit float", "gambit / ours", "ours float, cold", "gambit / ours")
    print(" | ".join(header))
    for depth in args.depths:
        rows = {k: [] for k in ("nodes", "seqs", "oe", "ge", "of", "gf", "oc")}
        for _ in range(args.trees):
            tree = random_tree(rng, depth=depth)
            rows["nodes"].append(tree.n_nodes)
            rows["seqs"].append(sum(sequence_form(tree).sizes))
            for key, value in measure(tree, args.repeats, order).items():
                rows[key].append(value)
        med = {k: statistics.median(v) for k, v in rows.items()}
        print(" | ".join([
            str(depth), f"{med['nodes']:.0f}", f"{med['seqs']:.0f}",
            _us(med["oe"]), _us(med["ge"]), f"{med['ge'] / max(med['oe'], 1e-9):.2f}",
            _us(med["of"]), _us(med["gf"]), f"{med['gf'] / max(med['of'], 1e-9):.2f}",
            _us(med["oc"]), f"{med['gf'] / max(med['oc'], 1e-9):.2f}",
        ]))
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
