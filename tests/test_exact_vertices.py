"""Exact vertex enumeration by lexicographic adjacency search (complete above the brute-force sizes).

* Both search engines (integer pivoting, and the floating-point filter with
  its integer fallback) find the same vertices, with the same labels and
  coordinates, as each other on random and degenerate polytopes.
* The full answer (equilibria, components, flags) equals the exact scan of
  every basis on random and degenerate games up to 8 x 8.
* pygambit's ``enummixed_solve(rational=True)`` agrees on random games (7 x 7
  by default; 10 x 10 and 12 x 12 marked slow).
* Degenerate constructed games above 9 x 9 (equal rows and columns, constant
  payoffs, ties) are complete, certified with regret exactly 0, and
  unchanged by relabelling the actions.
"""

from __future__ import annotations

import math
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame, solve
from gametheory.solvers import _bimatrix, _exact_vertices
from gametheory.solvers._bimatrix_solve import vertex_enumeration_result
from gametheory.solvers._exact_vertices import enumerate_vertices, exact_vertex_enumeration_result
from gametheory.solvers.vertex_enumeration import EXACT_ADJACENCY_FROM, vertex_enumeration
from strategies import bimatrix_games, random_game


# ------------------------------------------------------------------ helpers
def by_brute_force(game):
    """The exact answer from scanning every basis (games up to 9 x 9)."""
    bm = _bimatrix.prepare(game, True, None, who="test")
    assert math.comb(bm.m + bm.n, bm.m) <= _bimatrix.EXACT_BRUTE_FORCE_LIMIT
    result = vertex_enumeration_result(bm)
    assert result.complete
    return result


def by_adjacency(game):
    """The exact answer from the adjacency search, whatever the game's size."""
    return exact_vertex_enumeration_result(_bimatrix.prepare(game, True, None, who="test"))


def profiles(result) -> list:
    return [(tuple(e.strategies[0]), tuple(e.strategies[1])) for e in result]


def assert_same_answer(ours, reference):
    assert ours.exact and ours.complete
    assert profiles(ours) == profiles(reference)  # same equilibria, in the same order
    assert ours.components == reference.components
    assert (ours.degenerate, ours.continuum) == (reference.degenerate, reference.continuum)


def assert_certified(result):
    """Every equilibrium is exact, with regret exactly 0 recomputed from the game."""
    assert result.exact and result.complete and len(result) >= 1
    game = result.game
    for e in result:
        for strategy in e.strategies:
            assert all(isinstance(p, F) and p >= 0 for p in strategy) and sum(strategy) == 1
        assert e.regrets == (0, 0)
        assert all(r == 0 for r in game.regrets(e.strategies))
    covered = sorted({k for piece in result.components for k in piece})
    assert covered == list(range(len(result)))
    for piece in result.components:  # each component is a biclique of extreme strategies
        rows = {tuple(result[k].strategies[0]) for k in piece}
        columns = {tuple(result[k].strategies[1]) for k in piece}
        assert len(rows) * len(columns) == len(piece)


def vertex_table(found) -> dict:
    """Each vertex's labels mapped to its exact coordinates."""
    table = {}
    for k, label in enumerate(found.labels):
        numerators, denominator = found.coordinates(k)
        table[label] = tuple(F(v, denominator) for v in numerators)
    return table


def gambit_set(game) -> set:
    pygambit = pytest.importorskip("pygambit")
    A, B = game.payoffs
    g = pygambit.Game.from_arrays(np.asarray(A, dtype=object), np.asarray(B, dtype=object))
    row, column = list(g.players)
    result = pygambit.nash.enummixed_solve(g, rational=True)
    return {(tuple(F(str(eq[s])) for s in row.strategies), tuple(F(str(eq[s])) for s in column.strategies))
            for eq in result.equilibria}


def matrices(rng, k, d, high):
    return rng.integers(1, high, size=(k, d)).tolist()


# ------------------------------------------------------- the two engines
@pytest.mark.parametrize("high", [3, 6, 2000], ids=["ties", "some-ties", "generic"])
def test_filtered_and_integer_search_find_the_same_vertices(monkeypatch, high):
    # The filtered search may not give up here, so its integer fallback is exercised on degenerate bases.
    monkeypatch.setattr(_exact_vertices, "_GIVE_UP_SHARE", 2.0)
    rng = np.random.default_rng(high)
    fallbacks = 0
    for trial in range(40):
        k, d = (int(v) for v in rng.integers(1, 8, 2))
        M = matrices(rng, k, d, high)
        integer = enumerate_vertices(M, payoff_first=bool(trial % 2), filtered=False)
        filtered = enumerate_vertices(M, payoff_first=bool(trial % 2), filtered=True)
        assert vertex_table(filtered) == vertex_table(integer)
        assert filtered.visited == integer.visited  # the same lexicographically feasible bases
        assert filtered.degenerate == integer.degenerate
        fallbacks += filtered.exact_bases
    assert fallbacks > 0


def test_vertices_satisfy_their_labels_exactly():
    rng = np.random.default_rng(3)
    for high in (3, 2000):
        M = matrices(rng, 6, 5, high)
        for payoff_first in (False, True):
            found = enumerate_vertices(M, payoff_first=payoff_first)
            k, d = 6, 5
            for z, label in zip(vertex_table(found).values(), found.labels):
                slack = [1 - sum(F(a) * v for a, v in zip(row, z)) for row in M]
                assert all(v >= 0 for v in z) and all(s >= 0 for s in slack)
                payoff = [r if payoff_first else d + r for r in range(k)]
                coordinate = [k + i if payoff_first else i for i in range(d)]
                tight = {payoff[r] for r in range(k) if slack[r] == 0} | {coordinate[i] for i in range(d) if z[i] == 0}
                assert label == sum(1 << t for t in tight)  # all the tight labels, and only those


def test_equal_rows_are_one_inequality():
    found = enumerate_vertices([[2, 1], [1, 3], [2, 1]], payoff_first=True)
    # Labels 0 and 2 (the equal rows) are tight together or not at all.
    assert all(bool(label & 1) == bool(label & 4) for label in found.labels)
    assert found.degenerate
    plain = enumerate_vertices([[2, 1], [1, 3]], payoff_first=True)
    assert sorted(vertex_table(found).values()) == sorted(vertex_table(plain).values())


def test_the_filter_decides_generic_bases_in_floating_point():
    rng = np.random.default_rng(8)
    M = matrices(rng, 10, 10, 2000)
    found = enumerate_vertices(M, payoff_first=False, filtered=True)
    assert found.exact_bases <= 2 and found.visited > 100  # the origin, decided in integers, and rarely another


# ------------------------------------------ agreement with the basis scan
@pytest.mark.parametrize("degenerate", [False, True], ids=["generic", "degenerate"])
def test_matches_the_scan_of_every_basis(degenerate):
    rng = np.random.default_rng(11 + degenerate)
    for _ in range(30):
        m, n = (int(v) for v in rng.integers(1, 7, 2))
        game = random_game(rng, m, n, degenerate=degenerate)
        assert_same_answer(by_adjacency(game), by_brute_force(game))


@pytest.mark.slow
@pytest.mark.parametrize("size", [7, 8])
def test_matches_the_scan_of_every_basis_up_to_8x8(size):
    rng = np.random.default_rng(size)
    for degenerate in (False, True, True):
        game = random_game(rng, size, size, degenerate=degenerate)
        assert_same_answer(by_adjacency(game), by_brute_force(game))


@settings(max_examples=60, deadline=None)
@given(bimatrix_games(max_actions=4, small_payoffs=True, exact=True))
def test_hypothesis_small_games_match_the_scan(game):
    ours = by_adjacency(game)
    assert_same_answer(ours, by_brute_force(game))
    assert_certified(ours)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(2, 40), st.integers(0, 2**32 - 1))
def test_hypothesis_filtered_matches_integer(k, d, high, seed):
    M = matrices(np.random.default_rng(seed), k, d, high)
    for payoff_first in (False, True):
        assert (vertex_table(enumerate_vertices(M, payoff_first, filtered=True))
                == vertex_table(enumerate_vertices(M, payoff_first, filtered=False)))


# --------------------------------------------------------------- pygambit
@pytest.mark.parametrize("size, degenerate", [(7, False), (6, True)], ids=["7x7", "6x6-ties"])
def test_matches_pygambit(size, degenerate):
    game = random_game(np.random.default_rng(77), size, size, degenerate=degenerate)
    assert math.comb(2 * size, size) > EXACT_ADJACENCY_FROM  # solved by the adjacency search
    result = vertex_enumeration(game)
    assert set(profiles(result)) == gambit_set(game)
    assert_certified(result)


@pytest.mark.slow
def test_matches_pygambit_on_10x10():
    rng = np.random.default_rng(1010)
    for _ in range(3):
        game = random_game(rng, 10, 10)
        result = vertex_enumeration(game)
        assert set(profiles(result)) == gambit_set(game)
        assert_certified(result)


@pytest.mark.slow
def test_matches_pygambit_on_12x12():
    # pygambit takes about two minutes on this game.
    game = random_game(np.random.default_rng(1212), 12, 12)
    result = vertex_enumeration(game)
    assert set(profiles(result)) == gambit_set(game)
    assert_certified(result)


# ------------------------------------------------- large games, routing
def test_exact_mode_is_complete_above_the_basis_scan():
    game = random_game(np.random.default_rng(10), 10, 10)
    assert math.comb(20, 10) > _bimatrix.EXACT_BRUTE_FORCE_LIMIT
    result = vertex_enumeration(game)
    assert result.complete and result.notes == ()
    assert_certified(result)
    assert profiles(solve(game)) == profiles(result)
    # The float solver finds the same equilibria.
    approx = vertex_enumeration(game.as_float())
    assert len(approx) == len(result)
    assert all(np.allclose(np.concatenate(a.as_float()), np.concatenate(b.as_float()), atol=1e-9)
               for a, b in zip(approx, result))


def test_routing_threshold():
    small = random_game(np.random.default_rng(1), 5, 5)  # 252 bases: scanned
    assert math.comb(10, 5) <= EXACT_ADJACENCY_FROM < math.comb(12, 6)
    assert_same_answer(vertex_enumeration(small), by_adjacency(small))


def relabelled(game, rows, columns):
    A, B = (np.asarray(p, dtype=object) for p in game.payoffs)
    return NormalFormGame.from_bimatrix(A[np.ix_(rows, columns)].tolist(), B[np.ix_(rows, columns)].tolist())


def assert_relabelling_invariant(game, seed):
    """Permuting the actions permutes the equilibria and the components (checked as sets)."""
    m, n = game.shape
    rng = np.random.default_rng(seed)
    rows, columns = rng.permutation(m), rng.permutation(n)
    result, moved = vertex_enumeration(game), vertex_enumeration(relabelled(game, rows, columns))
    back = {(tuple(x[np.argsort(rows)]), tuple(y[np.argsort(columns)])) for x, y in
            ((np.array(e.strategies[0], dtype=object), np.array(e.strategies[1], dtype=object)) for e in moved)}
    assert back == set(profiles(result))
    pieces = lambda r: {frozenset(profiles(r)[k] for k in piece) for piece in r.components}  # noqa: E731
    moved_pieces = {frozenset((tuple(np.array(x, dtype=object)[np.argsort(rows)]),
                               tuple(np.array(y, dtype=object)[np.argsort(columns)])) for x, y in piece)
                    for piece in pieces(moved)}
    assert moved_pieces == pieces(result)
    return result


def test_constant_payoffs_12x12():
    # Every profile is an equilibrium: the extreme ones are the 144 pure profiles, in one component.
    game = NormalFormGame.from_bimatrix([[3] * 12] * 12, [[-1] * 12] * 12)
    result = vertex_enumeration(game)
    assert_certified(result)
    assert len(result) == 144 and result.components == (tuple(range(144)),)
    assert result.degenerate and result.continuum


def test_equal_rows_and_columns_10x10():
    rng = np.random.default_rng(21)
    A = rng.integers(-1000, 1001, (10, 10))
    B = rng.integers(-1000, 1001, (10, 10))
    A[7], B[7] = A[2], B[2]  # row 7 repeats row 2 for both players
    A[:, 9], B[:, 9] = A[:, 4], B[:, 4]  # column 9 repeats column 4
    game = NormalFormGame.from_bimatrix(A.tolist(), B.tolist())
    result = assert_relabelling_invariant(game, 0)
    assert_certified(result)
    assert result.degenerate
    # Dropping the copies gives the same game: every equilibrium of it is one of ours with the copies unused.
    reduced = vertex_enumeration(NormalFormGame.from_bimatrix(np.delete(np.delete(A, 7, 0), 9, 1).tolist(),
                                                              np.delete(np.delete(B, 7, 0), 9, 1).tolist()))
    lifted = {(x[:7] + (F(0),) + x[7:], y + (F(0),)) for x, y in profiles(reduced)}
    assert lifted <= set(profiles(result))


def test_ties_10x10():
    game = random_game(np.random.default_rng(31), 10, 10, degenerate=True)
    result = assert_relabelling_invariant(game, 1)
    assert_certified(result)
    assert result.degenerate


@pytest.mark.slow
def test_ties_10x10_match_pygambit():
    game = random_game(np.random.default_rng(41), 10, 10, degenerate=True)
    result = vertex_enumeration(game)
    assert_certified(result)
    assert set(profiles(result)) == gambit_set(game)


@pytest.mark.slow
def test_ties_12x12():
    game = random_game(np.random.default_rng(41), 12, 12, degenerate=True)
    result = assert_relabelling_invariant(game, 2)
    assert_certified(result)
    assert result.degenerate


@pytest.mark.parametrize("shape, high", [((4, 20), 1000), pytest.param((6, 30), 9, marks=pytest.mark.slow)],
                         ids=["4x20", "6x30-ties"])
def test_narrow_games(shape, high):
    # The shape of the strategic forms of small game trees: one polytope of high dimension.
    rng = np.random.default_rng(63)
    A, B = (rng.integers(-high, high + 1, shape).tolist() for _ in range(2))
    game = NormalFormGame.from_bimatrix(A, B)
    result = vertex_enumeration(game)
    assert_certified(result)
    # Every equilibrium the float solver finds is one of the exact ones.
    exact_points = [np.concatenate(e.as_float()) for e in result]
    for e in vertex_enumeration(game.as_float()):
        assert any(np.allclose(np.concatenate(e.as_float()), p, atol=1e-9) for p in exact_points)


def test_payoffs_beyond_float_precision():
    # Fractions with large denominators make integers above 2**53: the filter is skipped, the integer search runs.
    rng = np.random.default_rng(53)
    tiny = [F(1, 10**12 + 39), F(1, 10**12 + 61), F(0)]
    A, B = ([[int(v) + tiny[int(v) % 3] for v in row] for row in rng.integers(-1000, 1001, (6, 6))] for _ in range(2))
    game = NormalFormGame.from_bimatrix(A, B)
    bm = _bimatrix.prepare(game, True, None, who="test")
    assert max(map(max, bm.row_int)) >= 2**53
    result = vertex_enumeration(game)
    assert_same_answer(result, by_brute_force(game))
    assert_certified(result)


def test_more_than_62_actions_in_all():
    # Label sets beyond 64-bit integers: the integer search and a matching on Python integers.
    rng = np.random.default_rng(64)
    game = NormalFormGame.from_bimatrix(rng.integers(-9, 10, (2, 64)).tolist(), rng.integers(-9, 10, (2, 64)).tolist())
    result = vertex_enumeration(game)
    assert_certified(result)
    assert set(profiles(result)) == gambit_set(game)
