"""Random bimatrix games and per-game loops over the peer libraries, shared by the benchmarks.

``bench_batch.py`` and ``bench_sweep.py`` time the batched solver against the
same three peers, each called once per game in a Python loop: nashpy
``Game(A, B).support_enumeration()``, pygambit
``nash.enummixed_solve(game, rational=False)`` and QuantEcon
``game_theory.support_enumeration``. The peers are imported when a loop first
runs, so a benchmark that skips one does not need it installed.
"""

from __future__ import annotations

import random
import warnings


def random_games(rng, N, m, kind):
    """``N`` random ``m`` x ``m`` bimatrix games as two arrays of shape ``(N, m, m)``.

    Parameters
    ----------
    rng : numpy.random.Generator
    N, m : int
        Number of games and actions per player.
    kind : {"float", "ties"}
        ``"float"``: standard normal payoffs (almost surely nondegenerate);
        otherwise integer payoffs in -2..2 as floats (mostly degenerate games
        with ties and continua of equilibria).

    Examples
    --------
    >>> import numpy as np
    >>> A, B = random_games(np.random.default_rng(0), 4, 3, "ties")
    >>> A.shape, B.shape, A.dtype, set(np.unique(A)) <= {-2.0, -1.0, 0.0, 1.0, 2.0}
    ((4, 3, 3), (4, 3, 3), dtype('float64'), True)
    """
    if kind == "float":
        return rng.standard_normal((N, m, m)), rng.standard_normal((N, m, m))
    return rng.integers(-2, 3, (N, m, m)).astype(float), rng.integers(-2, 3, (N, m, m)).astype(float)


def loop_nashpy(A, B):
    """All equilibria of each game ``(A[k], B[k])`` by nashpy's support enumeration, warnings silenced."""
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for a, b in zip(A, B):
            list(nashpy.Game(a, b).support_enumeration())


def loop_pygambit(A, B):
    """All equilibria of each game by pygambit's ``enummixed_solve`` in floating point."""
    import pygambit

    for a, b in zip(A, B):
        pygambit.nash.enummixed_solve(pygambit.Game.from_arrays(a, b), rational=False)


def loop_quantecon(A, B):
    """All equilibria of each game by QuantEcon's ``support_enumeration`` (the column player's array transposed)."""
    from quantecon.game_theory import NormalFormGame, Player, support_enumeration

    for a, b in zip(A, B):
        support_enumeration(NormalFormGame((Player(a), Player(b.T))))


# ------------------------------------------------- one game, arrays in
# Each takes numpy arrays (A, B), the row and column players' payoff
# matrices, builds the library's game object and returns the number of
# equilibria found, so a timing covers "arrays in, equilibria out".
def one_quantecon(name):
    """QuantEcon's ``support_enumeration``, ``vertex_enumeration`` or ``lemke_howson`` on one game."""
    from quantecon import game_theory as qe

    solver = getattr(qe, name)

    def run(A, B):
        result = solver(qe.NormalFormGame((qe.Player(A), qe.Player(B.T.copy()))))
        return 1 if name == "lemke_howson" else len(result)

    return run


def one_pygambit(A, B):
    """pygambit's ``enummixed_solve`` in floating point on one game."""
    import pygambit

    return len(pygambit.nash.enummixed_solve(pygambit.Game.from_arrays(A, B), rational=False).equilibria)


def one_pygambit_lcp(A, B):
    """pygambit's ``lcp_solve`` (Lemke-Howson), first equilibrium only, in floating point."""
    import pygambit

    return len(pygambit.nash.lcp_solve(pygambit.Game.from_arrays(A, B), rational=False, stop_after=1).equilibria)


def one_nashpy(A, B):
    """nashpy's ``support_enumeration`` on one game, warnings silenced."""
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sum(1 for _ in nashpy.Game(A, B).support_enumeration())


def interleaved(solvers, games, repeats, clock, cap=None, keep=()):
    """Time every solver on every game, the solvers interleaved within each repeat.

    ``solvers`` maps a name to a function ``(A, B) -> count``. In each of
    ``repeats`` rounds every solver solves all ``games`` once, in an order
    shuffled afresh in each round (seeded, so runs repeat), so a change of
    machine load falls on all of them alike and no solver always runs right
    after the same one (a solver's time depends on the caches its
    predecessor leaves: up to 8 % at 8 x 8). A solver (other than those in ``keep``) whose round takes
    more than ``cap`` seconds sits out the remaining rounds. Returns
    ``{name: [seconds per game in each round it ran]}`` and the equilibrium
    counts of each solver's last round.
    """
    names = list(solvers)
    times = {name: [] for name in names}
    counts = {}
    active = set(names)
    order = random.Random(len(names) * 1000 + repeats)
    for _ in range(repeats):
        for name in order.sample(names, len(names)):
            if name not in active:
                continue
            solver = solvers[name]
            start = clock()
            counts[name] = [solver(A, B) for A, B in games]
            elapsed = clock() - start
            times[name].append(elapsed / len(games))
            if cap is not None and elapsed > cap and name not in keep:
                active.discard(name)
    return times, counts


def ratio(times, ours, peer):
    """Median over rounds of (our time / the peer's time) in the same round (the rounds both ran)."""
    import statistics

    return statistics.median(a / b for a, b in zip(times[ours], times[peer]))
