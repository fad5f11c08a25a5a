"""Cross-checks of the two-player all-equilibria solvers against independent code.

* pygambit's ``enummixed_solve`` (exact rational vertex enumeration) on 200+
  random games from 2x2 to 6x6, nondegenerate (payoffs in -1000..1000) and
  degenerate (payoffs in -2..2): the sets of extreme equilibria must coincide,
  exactly in exact mode and within a tolerance in float mode, for both solvers.
* nashpy's ``vertex_enumeration`` on nondegenerate games (nashpy's own method
  assumes nondegeneracy).
* nashpy's ``support_enumeration`` misses equilibria (degenerate games, and
  nondegenerate ones where rounding gives a probability of -1e-17); we only
  check that what it finds is among ours, and record a game it gets wrong.
* Textbook games with their known equilibria pinned exactly.
"""

from __future__ import annotations

import warnings
from fractions import Fraction as F

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.solvers.support_enumeration import support_enumeration
from gametheory.solvers.vertex_enumeration import vertex_enumeration
from strategies import random_bimatrix, random_game

pygambit = pytest.importorskip("pygambit")
nashpy = pytest.importorskip("nashpy")

SOLVERS = [vertex_enumeration, support_enumeration]
FLOAT_TOL = 1e-7


# ------------------------------------------------------------------ helpers
def gambit_equilibria(game: NormalFormGame) -> set:
    """pygambit's exact extreme equilibria as a set of (x, y) Fraction tuples."""
    A, B = game.payoffs
    to_object = lambda M: np.array([[F(v) for v in row] for row in M], dtype=object)  # noqa: E731
    g = pygambit.Game.from_arrays(to_object(A), to_object(B))
    row, column = list(g.players)
    result = pygambit.nash.enummixed_solve(g, rational=True)
    return {
        (tuple(F(str(eq[s])) for s in row.strategies), tuple(F(str(eq[s])) for s in column.strategies))
        for eq in result.equilibria
    }


def as_set(result) -> set:
    return {(tuple(e.strategies[0]), tuple(e.strategies[1])) for e in result}


def same_float_sets(result, reference: set, tol: float = FLOAT_TOL) -> bool:
    """Unordered match of float equilibria against exact ones, one-to-one within ``tol``."""
    ours = [np.concatenate(e.as_float()) for e in result]
    theirs = [np.array([float(v) for v in x + y]) for x, y in reference]
    if len(ours) != len(theirs):
        return False
    unmatched = list(range(len(theirs)))
    for point in ours:
        hit = next((k for k in unmatched if np.allclose(point, theirs[k], atol=tol)), None)
        if hit is None:
            return False
        unmatched.remove(hit)
    return True


def check_certificates(result):
    for e in result:
        if result.exact:
            assert all(r == 0 for r in e.regrets)
        else:
            assert max(e.regrets) <= e.tol


def random_cases(count: int, seed: int, degenerate: bool, sizes=range(2, 7)):
    rng = np.random.default_rng(seed)
    sizes = list(sizes)
    return [random_game(rng, int(rng.choice(sizes)), int(rng.choice(sizes)), degenerate=degenerate)
            for _ in range(count)]


NONDEGENERATE = random_cases(110, seed=2024, degenerate=False)
DEGENERATE = random_cases(110, seed=4048, degenerate=True)


# ----------------------------------------------------- pygambit, 220 games
@pytest.mark.parametrize("solver", SOLVERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("kind", ["nondegenerate", "degenerate"])
def test_matches_pygambit_on_random_games(solver, kind):
    games = NONDEGENERATE if kind == "nondegenerate" else DEGENERATE
    degenerate_seen = 0
    for game in games:
        reference = gambit_equilibria(game)
        exact = solver(game)
        assert exact.exact and exact.complete
        assert as_set(exact) == reference, f"exact {solver.__name__} differs from pygambit on {game.payoffs}"
        check_certificates(exact)
        approx = solver(game.as_float())
        assert not approx.exact
        assert same_float_sets(approx, reference), f"float {solver.__name__} differs from pygambit on {game.payoffs}"
        check_certificates(approx)
        assert approx.degenerate == exact.degenerate
        assert approx.continuum == exact.continuum
        assert approx.components == exact.components
        degenerate_seen += exact.degenerate
    if kind == "degenerate":
        # The -2..2 games are the ties-everywhere workload: most are degenerate.
        assert degenerate_seen > len(games) // 2


def test_support_and_vertex_enumeration_agree():
    for game in NONDEGENERATE[:60] + DEGENERATE[:60]:
        for exact in (True, False):
            by_vertex = vertex_enumeration(game, exact=exact)
            by_support = support_enumeration(game, exact=exact)
            assert len(by_vertex) == len(by_support)
            assert all(a.same_as(b) for a, b in zip(by_vertex, by_support))  # same deterministic order
            assert by_vertex.degenerate == by_support.degenerate
            assert by_vertex.components == by_support.components
            expected = "support_enumeration+vertex_enumeration" if by_support.degenerate else "support_enumeration"
            assert by_support.method == expected


@pytest.mark.slow
@pytest.mark.parametrize("degenerate", [False, True])
def test_matches_pygambit_large_sweep(degenerate):
    games = random_cases(400, seed=99 + degenerate, degenerate=degenerate, sizes=range(2, 9))
    for game in games:
        reference = gambit_equilibria(game)
        for solver in SOLVERS:
            assert as_set(solver(game)) == reference
            assert same_float_sets(solver(game.as_float()), reference)


# --------------------------------------------------------------- nashpy
def test_matches_nashpy_vertex_enumeration_on_nondegenerate_games():
    checked = 0
    for game in NONDEGENERATE:
        if max(game.shape) > 5:
            continue
        A, B = (np.asarray(p, dtype=float) for p in game.payoffs)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = {(tuple(x), tuple(y)) for x, y in nashpy.Game(A, B).vertex_enumeration()}
        assert theirs  # every game has an equilibrium
        ours = vertex_enumeration(game.as_float())
        reference = {(tuple(F(v) for v in x), tuple(F(v) for v in y)) for x, y in theirs}
        assert same_float_sets(ours, reference), f"nashpy vertex enumeration differs on {game.payoffs}"
        checked += 1
    assert checked >= 50


def _nashpy_support(A, B):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return list(nashpy.Game(np.asarray(A, dtype=float), np.asarray(B, dtype=float)).support_enumeration())


def test_nashpy_support_enumeration_finds_a_subset_of_ours():
    """nashpy's support enumeration is only ever incomplete, never wrong: what it finds we find."""
    for game in NONDEGENERATE[:80] + DEGENERATE[:80]:
        ours = vertex_enumeration(game.as_float())
        theirs = _nashpy_support(*game.payoffs)
        for x, y in theirs:
            assert any(np.allclose(e.strategies[0], x, atol=FLOAT_TOL)
                       and np.allclose(e.strategies[1], y, atol=FLOAT_TOL) for e in ours)
    # Documented behaviour, not asserted: nashpy 0.0.43 finds fewer equilibria
    # than exist on a sizeable share of these games (benchmarks/bench_equilibria.py
    # reports the count: 16 of 20 random 4x4 games in our run).


def test_game_where_nashpy_support_enumeration_misses_the_equilibrium():
    """A nondegenerate 4x4 game whose only equilibrium nashpy's support enumeration misses.

    Its indifference solution has a probability that comes out as about
    -1e-17 in floating point, which nashpy rejects; tolerances accept it.
    """
    A = [[19, 991, 616, 586], [401, 244, -318, 978], [-68, -570, 691, -680], [715, 225, -771, -913]]
    B = [[-111, -929, -717, 30], [941, -68, 617, 835], [647, 259, -117, 28], [-468, -6, -241, -505]]
    game = NormalFormGame.from_bimatrix(A, B)
    reference = gambit_equilibria(game)
    assert len(reference) == 1
    for solver in SOLVERS:
        assert as_set(solver(game)) == reference
        approx = solver(game.as_float())
        assert same_float_sets(approx, reference)
        assert not approx.degenerate
    found = _nashpy_support(A, B)
    assert len(found) <= 1  # nashpy 0.0.43 returns none here


# --------------------------------------------------------- textbook games
def strategies_of(result):
    return [tuple(tuple(s) for s in e.strategies) for e in result]


TEXTBOOK = {
    # name: (A, B, [(x, y), ...] in the solvers' order, degenerate)
    "prisoners_dilemma": (
        [[3, 0], [5, 1]], [[3, 5], [0, 1]],
        [((0, 1), (0, 1))], False),
    "stag_hunt": (
        [[4, 0], [3, 2]], [[4, 3], [0, 2]],
        [((1, 0), (1, 0)), ((F(2, 3), F(1, 3)), (F(2, 3), F(1, 3))), ((0, 1), (0, 1))], False),
    "chicken": (
        [[0, -1], [1, -10]], [[0, 1], [-1, -10]],
        [((1, 0), (0, 1)), ((F(9, 10), F(1, 10)), (F(9, 10), F(1, 10))), ((0, 1), (1, 0))], False),
    "battle_of_the_sexes": (
        [[3, 0], [0, 2]], [[2, 0], [0, 3]],
        [((1, 0), (1, 0)), ((F(3, 5), F(2, 5)), (F(2, 5), F(3, 5))), ((0, 1), (0, 1))], False),
    "matching_pennies": (
        [[1, -1], [-1, 1]], [[-1, 1], [1, -1]],
        [((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))], False),
    "rock_paper_scissors": (
        [[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
        [((F(1, 3),) * 3, (F(1, 3),) * 3)], False),
    "shapley": (
        [[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[0, 1, 0], [0, 0, 1], [1, 0, 0]],
        [((F(1, 3),) * 3, (F(1, 3),) * 3)], False),
}


@pytest.mark.parametrize("solver", SOLVERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("name", sorted(TEXTBOOK))
def test_textbook_games_exact(name, solver):
    A, B, expected, degenerate = TEXTBOOK[name]
    game = NormalFormGame.from_bimatrix(A, B)
    result = solver(game)
    expected = [tuple(tuple(F(v) for v in s) for s in eq) for eq in expected]
    assert strategies_of(result) == expected
    assert result.exact and result.complete
    assert result.degenerate is degenerate and result.continuum is False
    assert result.components == tuple((k,) for k in range(len(expected)))
    check_certificates(result)
    assert as_set(result) == gambit_equilibria(game)


@pytest.mark.parametrize("solver", SOLVERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("name", sorted(TEXTBOOK))
def test_textbook_games_float(name, solver):
    A, B, expected, _ = TEXTBOOK[name]
    game = NormalFormGame.from_bimatrix(np.array(A, dtype=float), np.array(B, dtype=float))
    result = solver(game)
    assert not result.exact
    assert len(result) == len(expected)
    for e, (x, y) in zip(result, expected):
        assert np.allclose(e.strategies[0], [float(v) for v in x], atol=1e-12)
        assert np.allclose(e.strategies[1], [float(v) for v in y], atol=1e-12)
    check_certificates(result)


def test_stag_hunt_payoffs_pinned():
    result = vertex_enumeration(NormalFormGame.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]]))
    assert [e.payoffs for e in result] == [(4, 4), (F(8, 3), F(8, 3)), (2, 2)]


@pytest.mark.parametrize(
    "transform",
    [
        lambda A, B: (A * 1e9, B),  # one player's payoffs on a far larger scale
        lambda A, B: (A + 1e9, B + 1e9),  # a common offset
        lambda A, B: (A * 1e-6, B * 1e6),
    ],
)
def test_float_solve_is_invariant_to_each_players_payoff_scale(transform):
    """Equilibria do not change under positive affine changes of one player's payoffs;
    the float tolerance must not let one player's scale hide another's deviation gain."""
    from gametheory import solve

    rng = np.random.default_rng(21)
    for _ in range(25):
        A, B = (rng.integers(-3, 4, size=(3, 3)).astype(float) for _ in range(2))
        reference = solve(NormalFormGame.from_bimatrix(A.tolist(), B.tolist()))  # exact
        scaled = solve(NormalFormGame.from_bimatrix(*transform(A, B)))
        assert sorted(tuple(np.round(np.concatenate(e.as_float()), 9)) for e in scaled) == sorted(
            tuple(np.round(np.concatenate(e.as_float()), 9)) for e in reference
        )
        assert scaled.degenerate == reference.degenerate
