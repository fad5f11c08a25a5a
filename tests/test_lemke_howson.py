"""Tests for gametheory.solvers.lemke_howson: one equilibrium by complementary pivoting."""

import importlib
import signal
from fractions import Fraction

import nashpy
import numpy as np
import pygambit as gbt
import pytest
from hypothesis import given, settings

from gametheory import NormalFormGame
from gametheory.solvers import lemke_howson
from gametheory.solvers.lemke_howson import PivotLimitError

from strategies import bimatrix_games, random_game


def _gambit_equilibria(game: NormalFormGame) -> list[tuple[tuple[Fraction, ...], ...]]:
    """Every extreme equilibrium from pygambit's exact enummixed_solve."""
    A, B = (np.asarray(M, dtype=object) for M in game.as_exact().bimatrix())
    gambit_game = gbt.Game.from_arrays(
        [[gbt.Rational(v.numerator, v.denominator) for v in row] for row in A],
        [[gbt.Rational(v.numerator, v.denominator) for v in row] for row in B],
    )
    result = gbt.nash.enummixed_solve(gambit_game, rational=True)
    return [
        tuple(tuple(Fraction(str(profile[s])) for s in player.strategies) for player in gambit_game.players)
        for profile in result.equilibria
    ]


def _check_certificate(game, result, label):
    assert result.method == "lemke_howson"
    assert not result.complete
    assert len(result) == 1
    assert any(f"initial label {label}" in note for note in result.notes)
    equilibrium = result[0]
    for strategy, support in zip(equilibrium.strategies, equilibrium.supports):
        assert sum(strategy) == pytest.approx(1)
        assert all(p >= 0 for p in strategy)
        assert tuple(np.flatnonzero([p != 0 for p in strategy])) == support
    if result.exact:
        assert all(isinstance(r, Fraction) and r == 0 for r in equilibrium.regrets)
        assert all(sum(s) == 1 for s in equilibrium.strategies)
    else:
        assert equilibrium.max_regret <= game.tolerance()
    return equilibrium


class _Timeout(Exception):
    pass


def _nashpy_lemke_howson(A, B, label, seconds=2):
    """nashpy's result, or None when it loops (it can on some games) or errors."""
    def stop(signum, frame):
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        with np.errstate(all="ignore"):
            return nashpy.Game(A, B).lemke_howson(initial_dropped_label=label)
    except _Timeout:
        return None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_battle_of_the_sexes_labels():
    game = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]],
                                        actions=(["Opera", "Fight"], ["Opera", "Fight"]))
    found = {}
    for label in range(4):
        result = lemke_howson(game, initial_label=label)
        found[label] = _check_certificate(game, result, label).describe()
    assert found[0] == "Row: Opera; Column: Opera"
    assert found[3] == "Row: Fight; Column: Fight"


def test_matching_pennies_exact():
    game = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    for label in range(4):
        equilibrium = _check_certificate(game, lemke_howson(game, initial_label=label), label)
        assert equilibrium.strategies[0].tolist() == [Fraction(1, 2), Fraction(1, 2)]
        assert equilibrium.strategies[1].tolist() == [Fraction(1, 2), Fraction(1, 2)]


@pytest.mark.parametrize("seed", range(12))
def test_every_label_gives_an_extreme_equilibrium_from_gambit(seed):
    rng = np.random.default_rng(seed)
    m, n = (int(k) for k in rng.integers(2, 6, size=2))
    game = random_game(rng, m, n, degenerate=seed % 3 == 0)
    extreme = _gambit_equilibria(game)
    for label in range(m + n):
        result = lemke_howson(game, initial_label=label)
        assert result.exact
        equilibrium = _check_certificate(game, result, label)
        assert tuple(tuple(s) for s in equilibrium.strategies) in extreme


@pytest.mark.parametrize("seed", range(8))
def test_float_and_exact_paths_agree(seed):
    rng = np.random.default_rng(100 + seed)
    game = random_game(rng, 6, 5, degenerate=seed % 2 == 0)
    for label in range(11):
        exact = lemke_howson(game, initial_label=label)
        floating = lemke_howson(game.as_float(), initial_label=label)
        assert not floating.exact
        _check_certificate(game.as_float(), floating, label)
        assert exact[0].same_as(floating[0])


def test_agrees_with_nashpy_where_nashpy_returns_an_equilibrium():
    # Same label convention as nashpy; on nondegenerate games the path from a
    # label is unique, so any correct implementation ends at the same point.
    rng = np.random.default_rng(7)
    compared = 0
    for _ in range(25):
        m, n = (int(k) for k in rng.integers(2, 6, size=2))
        # Continuous payoffs: nondegenerate with probability one (ties would
        # make the path depend on the tie-breaking rule).
        A = rng.random((m, n))
        B = rng.random((m, n))
        game = NormalFormGame.from_bimatrix(A, B)
        for label in range(m + n):
            ours = _check_certificate(game, lemke_howson(game, initial_label=label), label)
            theirs = _nashpy_lemke_howson(A, B, label)
            if theirs is None or len(theirs[0]) != m or len(theirs[1]) != n:
                continue
            try:
                if max(game.regrets(theirs)) > game.tolerance(1e-6):
                    continue  # nashpy returned a non-equilibrium; ours is certified
            except ValueError:
                continue
            compared += 1
            assert np.allclose(ours.strategies[0], theirs[0], atol=1e-8)
            assert np.allclose(ours.strategies[1], theirs[1], atol=1e-8)
    assert compared >= 100


def test_large_random_games_terminate_in_both_modes():
    rng = np.random.default_rng(2024)
    for degenerate in (False, True):
        game = random_game(rng, 10, 10, degenerate=degenerate)
        for label in (0, 5, 10, 19):
            _check_certificate(game, lemke_howson(game, initial_label=label), label)
            _check_certificate(game.as_float(), lemke_howson(game.as_float(), initial_label=label), label)


def test_fully_degenerate_game():
    game = NormalFormGame.from_bimatrix(np.zeros((3, 4), dtype=int), np.zeros((3, 4), dtype=int))
    for label in range(7):
        _check_certificate(game, lemke_howson(game, initial_label=label), label)


def test_exact_flag_on_float_game():
    game = NormalFormGame.from_bimatrix(np.array([[0.5, 0.0], [0.0, 0.25]]), np.array([[0.25, 0.0], [0.0, 0.5]]))
    result = lemke_howson(game, exact=True, initial_label=1)
    assert result.exact and result.game.is_exact
    _check_certificate(result.game, result, 1)


def test_pivot_limit_raises():
    game = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    with pytest.raises(PivotLimitError, match="max_pivots=1"):
        lemke_howson(game, max_pivots=1)
    with pytest.raises(ValueError, match="max_pivots"):
        lemke_howson(game, max_pivots=0)


def test_bad_arguments():
    game = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(ValueError, match=r"initial_label must be in 0\.\.3"):
        lemke_howson(game, initial_label=4)
    with pytest.raises(TypeError, match="initial_label"):
        lemke_howson(game, initial_label=True)
    with pytest.raises(TypeError, match="NormalFormGame"):
        lemke_howson(np.eye(2))
    three = NormalFormGame([np.zeros((2, 2, 2))] * 3)
    with pytest.raises(ValueError, match="two-player"):
        lemke_howson(three)


@settings(max_examples=40)
@given(bimatrix_games(max_actions=4, small_payoffs=True, exact=True))
def test_property_every_label_certified_on_degenerate_games(game):
    for label in range(sum(game.shape)):
        _check_certificate(game, lemke_howson(game, initial_label=label), label)


@settings(max_examples=25)
@given(bimatrix_games(max_actions=4, small_payoffs=False, exact=False))
def test_property_float_games(game):
    for label in range(sum(game.shape)):
        _check_certificate(game, lemke_howson(game, initial_label=label), label)


def _float_paths_follow_exact_path(A, B, label):
    """The float pivoting loops (written out, Python lists, numpy arrays) take the exact lexicographic path's pivots."""
    lh = importlib.import_module("gametheory.solvers.lemke_howson")  # the package attribute is the function
    exact_a = np.array([[Fraction(int(v)) for v in row] for row in A], dtype=object)
    exact_b = np.array([[Fraction(int(v)) for v in row] for row in B], dtype=object)
    x, y, pivots = lh._path(exact_a, exact_b, label, True, 10_000)
    paths = [lh._small_float_path, lh._float_path]
    if A.shape in lh.KERNEL_SHAPES:
        paths.append(lh._kernel_float_path)
    for path in paths:
        fx, fy, float_pivots = path(np.asarray(A, float), np.asarray(B, float), label, 10_000)
        assert float_pivots == pivots
        assert np.allclose(np.asarray(fx, float), np.asarray(x, float), atol=1e-9)
        assert np.allclose(np.asarray(fy, float), np.asarray(y, float), atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(bimatrix_games(max_actions=6, small_payoffs=True, exact=True))
def test_property_float_pivots_match_exact_pivots_on_degenerate_games(game):
    A, B = (np.asarray(M, dtype=float) for M in game.bimatrix())
    for label in range(sum(game.shape)):
        _float_paths_follow_exact_path(A, B, label)


@settings(max_examples=20, deadline=None)
@given(bimatrix_games(max_actions=10, small_payoffs=False, exact=True))
def test_property_float_pivots_match_exact_pivots_on_generic_games(game):
    A, B = (np.asarray(M, dtype=float) for M in game.bimatrix())
    _float_paths_follow_exact_path(A, B, 0)
    _float_paths_follow_exact_path(A, B, sum(game.shape) - 1)


def test_large_games_take_the_array_path_and_match_the_list_path():
    lh = importlib.import_module("gametheory.solvers.lemke_howson")
    rng = np.random.default_rng(11)
    for n in (9, 15):
        A, B = (M.astype(float) for M in random_game(rng, n, n, exact=False).bimatrix())
        assert A.size > lh._SMALL_GAME
        for label in (0, n, 2 * n - 1):
            x, y, pivots = lh._float_path(A, B, label, 10_000)
            sx, sy, small_pivots = lh._small_float_path(A, B, label, 10_000)
            assert pivots == small_pivots
            assert np.allclose(x, sx, atol=1e-12) and np.allclose(y, sy, atol=1e-12)
            result = lemke_howson(NormalFormGame.from_bimatrix(A, B), initial_label=label)
            assert np.allclose(result[0].strategies[0], x, atol=1e-9)
            assert result[0].max_regret <= result.game.tolerance()


def _rational_path(A, B, label):
    """A direct rational-arithmetic Lemke-Howson with the lexicographic rule: the reference for integer pivoting."""
    m, n = len(A), len(A[0])
    low_a = min(min(row) for row in A)
    low_b = min(min(row) for row in B)
    p = [[Fraction(B[i][j] - low_b + 1) for i in range(m)] + [Fraction(int(k == j)) for k in range(n)] + [Fraction(1)]
         for j in range(n)]
    q = [[Fraction(int(k == i)) for k in range(m)] + [Fraction(A[i][j] - low_a + 1) for j in range(n)] + [Fraction(1)]
         for i in range(m)]
    tableaux, bases = [p, q], [list(range(m, m + n)), list(range(m))]
    slacks = [list(range(m, m + n)), list(range(m))]
    side, entering, pivots = (0 if label < m else 1), label, 0
    while True:
        T = tableaux[side]
        rows = [r for r in range(len(T)) if T[r][entering] > 0]
        for key in [m + n] + slacks[side]:
            if len(rows) == 1:
                break
            ratios = [T[r][key] / T[r][entering] for r in rows]
            rows = [r for r, v in zip(rows, ratios) if v == min(ratios)]
        row = rows[0]
        head = T[row][entering]
        T[row] = [v / head for v in T[row]]
        for r in range(len(T)):
            if r != row and T[r][entering] != 0:
                f = T[r][entering]
                T[r] = [a - f * b for a, b in zip(T[r], T[row])]
        leaving, bases[side][row] = bases[side][row], entering
        pivots += 1
        if leaving == label:
            break
        entering, side = leaving, 1 - side
    x = [Fraction(0)] * m
    y = [Fraction(0)] * n
    for r, v in enumerate(bases[0]):
        if v < m:
            x[v] = p[r][-1]
    for r, v in enumerate(bases[1]):
        if v >= m:
            y[v - m] = q[r][-1]
    return [v / sum(x) for v in x], [v / sum(y) for v in y], pivots


@settings(max_examples=40, deadline=None)
@given(bimatrix_games(max_actions=5, small_payoffs=True, exact=True))
def test_property_integer_pivoting_follows_the_rational_path(game):
    lh = importlib.import_module("gametheory.solvers.lemke_howson")
    A, B = (np.asarray(M, dtype=object) for M in game.bimatrix())
    for label in range(sum(game.shape)):
        x, y, pivots = lh._path(A, B, label, True, 10_000)
        rx, ry, rational_pivots = _rational_path(A.tolist(), B.tolist(), label)
        assert pivots == rational_pivots
        assert list(x) == rx and list(y) == ry


@pytest.mark.parametrize("size", [2, 7])
def test_a_float_end_that_fails_its_certificate_is_recomputed_exactly(monkeypatch, size):
    """Both float loops (lists, arrays) hand a failed certificate to the exact path, which says so."""
    lh = importlib.import_module("gametheory.solvers.lemke_howson")
    rng = np.random.default_rng(size)
    A, B = (M.astype(float) for M in random_game(rng, size, size, exact=False).bimatrix())
    A[0, 0] = A.min() - 1.0  # the pure profile (first, first) is no equilibrium
    game = NormalFormGame.from_bimatrix(A, B)

    def wrong(A, B, label, max_pivots, *rows):
        x, y = np.zeros(size), np.zeros(size)
        x[0] = y[0] = 1.0
        if size * size <= lh._SMALL_GAME:
            return x.tolist(), y.tolist(), 1
        return x, y, 1

    monkeypatch.setattr(lh, "_kernel_float_path", wrong)
    monkeypatch.setattr(lh, "_small_float_path", wrong)
    monkeypatch.setattr(lh, "_float_path", wrong)
    result = lemke_howson(game)
    assert result.exact
    assert any("failed its certificate" in note for note in result.notes)
    assert all(r == 0 for r in result[0].regrets)


@pytest.mark.parametrize("seed", range(10))
def test_array_path_follows_the_exact_path_on_degenerate_games(seed):
    """Payoffs in {-1, 0, 1}: ties in the ratio test and zero right-hand sides all along the path."""
    rng = np.random.default_rng(300 + seed)
    m, n = (int(k) for k in rng.integers(6, 11, size=2))
    A = rng.integers(-1, 2, (m, n)).astype(float)
    B = rng.integers(-1, 2, (m, n)).astype(float)
    for label in range(m + n):
        _float_paths_follow_exact_path(A, B, label)


def test_the_general_rule_runs_only_at_ties_and_degenerate_vertices(monkeypatch):
    """The array loop's one-divide ratio test decides every pivot of a generic game and hands ties on."""
    lh = importlib.import_module("gametheory.solvers.lemke_howson")
    calls = []
    general_row = lh._general_row

    def counted(*args):
        calls.append(args[3])
        return general_row(*args)

    monkeypatch.setattr(lh, "_general_row", counted)
    rng = np.random.default_rng(5)
    A, B = rng.random((12, 12)), rng.random((12, 12))
    for label in range(24):
        lh._float_path(A, B, label, 10_000)
    assert calls == []
    A, B = rng.integers(-1, 2, (12, 12)).astype(float), rng.integers(-1, 2, (12, 12)).astype(float)
    assert 12 > lh._LIST_RATIO_ROWS  # the one-divide test, whose ties go to the general rule
    for label in range(24):
        _float_paths_follow_exact_path(A, B, label)
    assert calls


def test_agrees_with_quantecon_on_every_label():
    """QuantEcon's lemke_howson (initial pivot = initial label, the same label convention) on generic games."""
    qe = pytest.importorskip("quantecon.game_theory")
    rng = np.random.default_rng(17)
    compared = 0
    for m, n in [(2, 3), (4, 4), (5, 3), (6, 7), (9, 9), (12, 8), (20, 20)]:
        A, B = rng.random((m, n)), rng.random((m, n))
        game = NormalFormGame.from_bimatrix(A, B)
        theirs_game = qe.NormalFormGame((qe.Player(A), qe.Player(B.T.copy())))
        for label in range(m + n):
            ours = _check_certificate(game, lemke_howson(game, initial_label=label), label)
            x, y = qe.lemke_howson(theirs_game, init_pivot=label)
            assert np.allclose(ours.strategies[0], x, atol=1e-9)
            assert np.allclose(ours.strategies[1], y, atol=1e-9)
            compared += 1
    assert compared == sum(m + n for m, n in [(2, 3), (4, 4), (5, 3), (6, 7), (9, 9), (12, 8), (20, 20)])


def test_first_equilibrium_of_gambit_lcp_is_the_path_from_label_0():
    """pygambit's lcp_solve, stopped after one equilibrium, ends where the path dropping label 0 ends."""
    rng = np.random.default_rng(23)
    for m, n in [(2, 2), (3, 5), (5, 5), (7, 4), (10, 10), (15, 12)]:
        A, B = rng.random((m, n)), rng.random((m, n))
        game = NormalFormGame.from_bimatrix(A, B)
        ours = _check_certificate(game, lemke_howson(game, initial_label=0), 0)
        gambit_game = gbt.Game.from_arrays(A, B)
        profile = gbt.nash.lcp_solve(gambit_game, rational=False, stop_after=1).equilibria[0]
        players = list(gambit_game.players)
        x = [float(profile[s]) for s in players[0].strategies]
        y = [float(profile[s]) for s in players[1].strategies]
        assert np.allclose(ours.strategies[0], x, atol=1e-8)
        assert np.allclose(ours.strategies[1], y, atol=1e-8)


@pytest.mark.parametrize("seed", range(4))
def test_written_out_paths_are_the_list_loop_bit_for_bit(seed):
    """Every shape with a written-out path: the same pivots, bases and floats as the list loop, ties included."""
    lh = importlib.import_module("gametheory.solvers.lemke_howson")
    rng = np.random.default_rng(900 + seed)
    for m, n in sorted(lh.KERNEL_SHAPES):
        if m * n == 1:
            continue
        for kind in range(3):
            if kind == 0:  # payoffs in {-1, 0, 1}: ties and degenerate vertices
                A, B = rng.integers(-1, 2, (m, n)).astype(float), rng.integers(-1, 2, (m, n)).astype(float)
            elif kind == 1:
                A, B = rng.integers(0, 3, (m, n)).astype(float), rng.integers(0, 3, (m, n)).astype(float)
            else:
                A, B = rng.standard_normal((m, n)), rng.standard_normal((m, n))
            for label in range(m + n):
                assert lh._kernel_float_path(A, B, label, 10_000) == lh._small_float_path(A, B, label, 10_000)


def test_written_out_path_ties_and_pivot_limit():
    """A tie goes through the lexicographic rule (as the exact path does), and the pivot limit still raises."""
    lh = importlib.import_module("gametheory.solvers.lemke_howson")
    A = np.array([[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    B = A.copy()
    assert A.shape in lh.KERNEL_SHAPES
    for label in range(6):
        _float_paths_follow_exact_path(A, B, label)
    with pytest.raises(PivotLimitError, match="max_pivots=1"):
        lh._kernel_float_path(*(M.astype(float) for M in random_game(np.random.default_rng(3), 4, 4,
                                                                       exact=False).bimatrix()), 0, 1)
