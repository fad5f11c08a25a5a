"""Polynomial enumeration's exact route stays within its budgets, and says so when it falls back to floats.

Games that used to stall sympy's Groebner bases for minutes (random integer
3x3x2 games, random symmetric 2x2x2x2 games) are solved here with every
equilibrium certified and compared with Gambit's enumpoly. The budgets
themselves (size, time per support, total time) are exercised by lowering
them, so each fallback path is taken deterministically.
"""

import itertools
import time
from fractions import Fraction

import numpy as np
import pygambit as gbt
import pytest

from gametheory import NormalFormGame
from gametheory.solvers import polynomial_enumeration, pure_equilibria
from gametheory.solvers import _polynomial_exact as exact_route

FELL_BACK = "exact mode fell back to floats for support"


def symmetric_game(seed, players=4, low=-9, high=10):
    """A symmetric game with two actions: a player's payoff depends on its action and how many others play the second."""
    rng = np.random.default_rng(seed)
    table = rng.integers(low, high, size=(2, players))
    payoffs = []
    for i in range(players):
        p = np.zeros((2,) * players, dtype=object)
        for profile in itertools.product(range(2), repeat=players):
            p[profile] = int(table[profile[i], sum(profile) - profile[i]])
        payoffs.append(p)
    return NormalFormGame(payoffs)


def integer_game(seed, shape=(3, 3, 2), low=-1000, high=1001):
    rng = np.random.default_rng(seed)
    return NormalFormGame([rng.integers(low, high, size=shape).astype(object) for _ in shape])


def _floats(result):
    return [[np.asarray(s, dtype=float) for s in e.strategies] for e in result]


def _contains(profiles, profile, tol=1e-5):
    return any(all(np.allclose(a, b, atol=tol) for a, b in zip(profile, other)) for other in profiles)


def _gambit_enumpoly(game):
    gambit_game = gbt.Game.from_arrays(*[np.asarray(p, dtype=float) for p in game.payoffs])
    result = gbt.nash.enumpoly_solve(gambit_game)
    return [[np.array([float(profile[s]) for s in player.strategies]) for player in gambit_game.players]
            for profile in result.equilibria]


def _check(game, result):
    """Every equilibrium certified: exact ones with regrets exactly 0, float ones recomputed independently."""
    assert result.method == "polynomial_enumeration"
    for equilibrium in result:
        assert len(equilibrium.regrets) == game.n_players
        if equilibrium.is_exact:
            assert all(isinstance(r, Fraction) and r == 0 for r in equilibrium.regrets)
            assert all(sum(s) == 1 and min(s) >= 0 for s in equilibrium.strategies)
            assert max(game.as_exact().regrets([np.array(s, dtype=object) for s in equilibrium.strategies])) == 0
        else:
            assert equilibrium.max_regret <= game.tolerance()
            assert max(game.as_float().regrets(equilibrium.as_float())) <= game.tolerance()
    profiles = _floats(result)
    assert all(not _contains(profiles[:k], p, 1e-9) for k, p in enumerate(profiles)), "duplicates"
    assert {e.pure_profile for e in pure_equilibria(game)} <= {e.pure_profile for e in result.pure}
    if result.complete:
        assert len(result) >= 1
    if any(not e.is_exact for e in result):
        assert not result.exact


def _check_against_gambit(game, result):
    # Gambit's enumpoly can miss equilibria we find (each certified), so ours must contain its list.
    ours = _floats(result)
    for profile in _gambit_enumpoly(game):
        assert _contains(ours, profile), profile


# ------------------------------------------------------- formerly stalling games

def test_symmetric_four_player_game_with_irrational_full_support_equilibrium():
    # Its full support used to take over a minute in sympy; the symmetric
    # equilibrium there is irrational (probabilities (27 -+ sqrt 537) / 32).
    game = symmetric_game(1)
    result = polynomial_enumeration(game)
    _check(game, result)
    _check_against_gambit(game, result)
    symmetric = [e for e in result if all(len(s) == 2 for s in e.supports)]
    assert len(symmetric) == 1 and not symmetric[0].is_exact
    assert symmetric[0].as_float()[0][0] == pytest.approx((27 - 537 ** 0.5) / 32, abs=1e-12)
    assert any("sqrt(537)" in note for note in result.notes) or any(FELL_BACK in note for note in result.notes)


def test_float_mode_finds_the_symmetric_equilibrium_too():
    # The float route's resultant has a cluster of roots here; it defers to
    # the exact route rather than report the full support empty.
    game = symmetric_game(1).as_float()
    result = polynomial_enumeration(game)
    _check(game, result)
    assert _contains(_floats(result), [np.array([0.11958561085897078, 0.8804143891410292])] * 4, tol=1e-9)


def test_float_mode_finds_full_support_equilibria_at_base_points():
    # Six full-support equilibria of this symmetric game are the permutations
    # of (a, a, b, b); each pair's elimination finds only the two where the
    # pair's strategies agree (at the others it is singular), so the float
    # route takes the union over pairs. Gambit's enumpoly lists all 33.
    game = symmetric_game(109).as_float()
    result = polynomial_enumeration(game)
    _check(game, result)
    theirs = _gambit_enumpoly(game)
    assert len(theirs) == 33
    _check_against_gambit(game, result)
    full = [e for e in result if all(len(s) == 2 for s in e.supports)]
    assert len(full) == len([p for p in theirs if all(np.min(s) > 1e-9 for s in p)])


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(8))
def test_random_symmetric_2x2x2x2_games(seed):
    game = symmetric_game(seed)
    result = polynomial_enumeration(game)
    _check(game, result)
    _check_against_gambit(game, result)
    float_result = polynomial_enumeration(game.as_float())
    _check(game.as_float(), float_result)
    assert all(_contains(_floats(float_result), p, 1e-7) for p in _floats(result))


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(6))
def test_random_integer_3x3x2_games(seed):
    game = integer_game(seed)
    result = polynomial_enumeration(game)
    _check(game, result)
    _check_against_gambit(game, result)
    float_result = polynomial_enumeration(game.as_float())
    _check(game.as_float(), float_result)
    assert all(_contains(_floats(result), p, 1e-7) for p in _floats(float_result))
    assert all(_contains(_floats(float_result), p, 1e-7) for p in _floats(result))


def test_integer_3x3x2_game_within_budgets():
    # One of the games that ran past 60 s: the full support (5 unknowns,
    # Bezout bound 32) is now within the symbolic budget.
    game = integer_game(1)
    result = polynomial_enumeration(game)
    _check(game, result)
    _check_against_gambit(game, result)
    assert result.complete


#: Games from the float-mode property test's distribution (payoffs -2..2) on which the exact route
#: handed singular supports to sympy and ran for minutes: (shape, each player's payoffs in C order).
DEGENERATE_STALLS = [
    ((2, 2, 2, 3), [
        [2, 0, 1, 2, 1, 2, 0, -1, 1, -1, -1, 2, -2, -1, -1, 1, 2, -2, 1, 0, -2, -1, 0, -1],
        [0, -1, 1, 2, 0, 1, 0, 0, -2, 0, 1, 2, 2, 1, 1, -2, 0, -1, 2, 2, -1, 0, 1, 0],
        [0, -2, 2, -2, -2, -1, -2, -1, -2, 0, -1, -1, 1, 1, 0, 0, 2, 0, 1, 2, -2, -2, 2, 1],
        [0, 1, -1, -2, -2, 2, -1, -2, -1, 2, -1, -2, 0, 0, -1, -1, 1, 0, -1, 1, 1, -2, -2, 2],
    ]),
    ((2, 2, 2, 3), [
        [2, 0, 0, -1, 0, -2, 0, -2, 0, 0, 1, -1, 1, -2, 2, 0, 1, 1, 0, 1, 0, -2, -1, -1],
        [-2, 1, 1, -1, 2, 0, 0, 1, -2, -2, 2, -2, 2, 1, -2, 2, 2, -2, -2, -2, 1, 2, -1, 0],
        [-2, -1, 1, -2, -2, 0, -2, -2, 1, 2, -2, 2, 2, 1, -1, 2, -2, -1, 0, -2, -2, 1, 2, -1],
        [-1, 1, 0, -2, 2, -1, 1, 1, 2, 2, 2, -2, 0, 0, 0, 2, 1, -2, 2, 0, 0, 1, -2, 0],
    ]),
    ((1, 3, 3, 3), [
        [1, 2, 2, 2, 0, 2, -2, -1, 2, -2, -2, 0, -2, 2, 2, 2, 0, 0, 1, 2, 2, -2, 1, 1, 0, 2, 0],
        [2, -1, 2, 0, 1, -2, 2, 0, -2, -2, 0, -2, 2, 2, -1, 1, 0, -2, 0, 1, 2, 0, -1, -2, -2, 2, 2],
        [-2, 0, -2, 2, -1, 0, -2, 1, -2, 1, 1, -1, -2, -2, 0, 1, -1, -2, 2, -1, -1, -2, 0, 2, 1, -1, -1],
        [-2, 2, -2, -1, -1, -1, -2, 0, -2, 0, 0, 1, 1, -1, 1, -1, -1, -1, -2, -1, 2, 1, -2, 1, 2, 2, 0],
    ]),
    ((2, 2, 3), [
        [-2, -1, -1, -2, 1, 2, -1, 2, -2, 0, -1, 2],
        [2, 2, -1, -2, -1, 2, 1, -2, -2, 0, -1, 0],
        [1, 1, 1, 2, 0, 2, 2, 1, 2, 2, -2, 2],
    ]),
    ((2, 2, 3, 2), [
        [-2, 1, -2, -2, 1, 2, 1, 1, 0, 1, 0, -1, 2, -2, 2, -1, 0, 0, 0, 2, 2, 1, 1, -1],
        [-1, -2, 1, -1, -1, 0, 0, -2, 2, 0, 2, 2, 2, -2, 0, 0, -2, -1, 0, 2, -1, 0, -1, -1],
        [0, -2, 0, 1, 0, 0, 0, -1, 1, 1, 2, 2, 0, 2, -2, -2, 1, 2, 1, 0, 2, 0, 2, 1],
        [-2, 1, 2, 1, 1, 0, -1, 0, 2, -2, 1, 0, 1, 0, 2, 1, 1, -1, 1, 2, -1, 2, 2, 0],
    ]),
    ((2, 2, 3, 2), [
        [-2, -2, -2, 1, -2, 1, 2, 0, -2, 2, 2, 0, 2, 0, 2, 0, 2, -1, -2, 0, -1, 0, 2, 0],
        [-2, 0, 1, -1, 1, -2, 1, 2, -2, 0, -2, 2, -1, 2, 1, -1, 0, 0, 2, 2, 0, -1, 0, -1],
        [0, 0, -1, -2, -2, -2, -1, -2, -1, 2, 0, 2, -2, 2, 2, 0, 2, -2, -2, 1, 1, -1, -2, 0],
        [-1, -2, 0, -2, -1, -2, -1, 2, 1, 1, -1, 1, 0, 0, -2, 1, -1, -1, -1, -2, -1, 0, 1, 1],
    ]),
]


def _gambit_enumpoly_bounded(game, seconds=20):
    """Gambit's enumpoly in a child process, or None when it does not finish in ``seconds`` (it stalls on some of these)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()

    def run():
        child.send([[list(map(float, s)) for s in p] for p in _gambit_enumpoly(game)])

    process = context.Process(target=run, daemon=True)
    process.start()
    try:
        if parent.poll(seconds):
            return [[np.array(s) for s in p] for p in parent.recv()]
        return None
    finally:
        process.kill()
        process.join()


@pytest.mark.slow
@pytest.mark.parametrize("exact", [False, True])
@pytest.mark.parametrize("case", range(len(DEGENERATE_STALLS)))
def test_degenerate_games_that_stalled(case, exact):
    shape, payoffs = DEGENERATE_STALLS[case]
    game = NormalFormGame([np.array(p, dtype=float).reshape(shape) for p in payoffs])
    result = polynomial_enumeration(game, exact=exact)
    _check(game, result)
    unsolved = [n for n in result.notes if "not solved:" in n]
    # Honest about what is left: a support the budgets cut off makes the list incomplete.
    assert not (unsolved and result.complete)
    assert all("may be missing" in n for n in unsolved)
    theirs = _gambit_enumpoly_bounded(game)
    if theirs is not None:
        ours = _floats(result)
        for profile in theirs:
            assert _contains(ours, profile), profile


# ------------------------------------------------------------ the budgets

def _cyclic_matching_game():
    payoffs = [np.zeros((2, 2, 2), dtype=object) for _ in range(3)]
    for a, b, c in np.ndindex(2, 2, 2):
        payoffs[0][a, b, c] = int(a == b)
        payoffs[1][a, b, c] = int(b == c)
        payoffs[2][a, b, c] = int(c == a)
    return NormalFormGame(payoffs)


def test_over_the_size_budget_rational_equilibria_stay_exact(monkeypatch):
    # With no symbolic budget every mixed support goes through floats; the
    # rational equilibria are read off as fractions and certified exactly.
    game = _cyclic_matching_game()
    reference = polynomial_enumeration(game)
    monkeypatch.setattr(exact_route, "MAX_GROEBNER_UNKNOWNS", 0)
    result = polynomial_enumeration(game)
    _check(game, result)
    assert result.exact and all(e.is_exact for e in result)
    assert {tuple(map(tuple, e.strategies)) for e in result} == {tuple(map(tuple, e.strategies)) for e in reference}
    notes = [n for n in result.notes if FELL_BACK in n]
    assert notes and all("over the symbolic size budget" in n and "MAX_GROEBNER_UNKNOWNS=0" in n for n in notes)


def test_over_the_size_budget_irrational_equilibria_are_flagged(monkeypatch):
    game = NormalFormGame([
        [[[1, -2], [9, -6]], [[8, -8], [2, 2]]],
        [[[8, -4], [8, 3]], [[7, -6], [5, 8]]],
        [[[-9, -3], [3, -7]], [[0, 2], [5, 8]]],
    ])
    reference = polynomial_enumeration(game)
    monkeypatch.setattr(exact_route, "MAX_GROEBNER_BEZOUT", 0)
    result = polynomial_enumeration(game)
    _check(game, result)
    assert not result.exact
    ours, theirs = _floats(result), _floats(reference)
    assert len(ours) == len(theirs) and all(_contains(ours, p, 1e-9) for p in theirs)
    irrational = [e for e in result if not e.is_exact]
    assert irrational
    for equilibrium in irrational:
        assert any(FELL_BACK in n and equilibrium.describe() in n and "certified in floating point only" in n
                   for n in result.notes)


def _slow_solve_support(*args, **kwargs):
    time.sleep(30)
    raise AssertionError("the budget should have stopped this")  # pragma: no cover


def test_a_support_over_its_time_budget_falls_back_to_floats(monkeypatch):
    # The worker process runs the (patched) symbolic solver, which never
    # returns in time: it is killed and each support is solved in floats.
    game = integer_game(3, shape=(2, 2, 2), low=-9, high=10)
    reference = polynomial_enumeration(game)
    monkeypatch.setattr(exact_route, "solve_support", _slow_solve_support)
    started = time.perf_counter()
    result = polynomial_enumeration(game, groebner_seconds=0.3, groebner_total_seconds=2)
    elapsed = time.perf_counter() - started
    _check(game, result)
    ours, theirs = _floats(result), _floats(reference)
    assert len(ours) == len(theirs) and all(_contains(ours, p, 1e-9) for p in theirs)
    notes = [n for n in result.notes if FELL_BACK in n]
    assert notes
    assert any("did not finish within 0.3 s" in n for n in notes)
    assert elapsed < 25  # far below the patched solver's 30 s: it was stopped


def test_the_total_time_budget_is_shared(monkeypatch):
    game = integer_game(0, shape=(2, 2, 3), low=-9, high=10)
    reference = polynomial_enumeration(game)
    monkeypatch.setattr(exact_route, "solve_support", _slow_solve_support)
    result = polynomial_enumeration(game, groebner_seconds=5, groebner_total_seconds=0.4)
    _check(game, result)
    # The first support spends the whole budget; the others do not try sympy at all.
    notes = [n for n in result.notes if FELL_BACK in n]
    spent = "total time budget of the symbolic route (0.4 s, groebner_total_seconds) was used up"
    assert sum("did not finish within 0.4 s" in n for n in notes) == 1
    assert any(spent in n for n in notes)
    assert all("did not finish within 0.4 s" in n or spent in n for n in notes)
    ours, theirs = _floats(result), _floats(reference)
    assert len(ours) == len(theirs) and all(_contains(ours, p, 1e-9) for p in theirs)
    # Rational equilibria are read off the floats and certified exactly all the same.
    assert {tuple(map(tuple, e.strategies)) for e in reference if e.is_exact} <= \
        {tuple(map(tuple, e.strategies)) for e in result if e.is_exact}


def test_float_mode_singular_support_over_budget_is_reported_missing(monkeypatch):
    # A continuum: the float route cannot settle the singular support, and
    # with the symbolic route out of time the result says what may be missing.
    p1 = np.array([[[2, 2], [0, 0]], [[0, 0], [1, 1]]], dtype=float)
    p2 = np.array([[[1, 1], [0, 0]], [[0, 0], [2, 2]]], dtype=float)
    p3 = np.zeros((2, 2, 2))
    p3[0, 0, 0] = p3[1, 1, 1] = 1.0
    game = NormalFormGame([p1, p2, p3])
    monkeypatch.setattr(exact_route, "solve_support", _slow_solve_support)
    result = polynomial_enumeration(game, groebner_seconds=0.2)
    _check(game, result)
    assert not result.complete
    assert any("not solved:" in n and "may be missing" in n for n in result.notes)


@pytest.mark.parametrize("value", [0, -1, float("nan"), float("inf"), "5", True])
def test_budgets_are_validated(value):
    game = _cyclic_matching_game()
    with pytest.raises(ValueError, match="groebner_seconds must be a positive number of seconds or None"):
        polynomial_enumeration(game, groebner_seconds=value)
    with pytest.raises(ValueError, match="groebner_total_seconds"):
        polynomial_enumeration(game, groebner_total_seconds=value)


def test_no_limit_is_allowed():
    game = _cyclic_matching_game()
    result = polynomial_enumeration(game, groebner_seconds=None, groebner_total_seconds=None)
    _check(game, result)
    assert result.complete and result.exact and len(result) == 3


def test_system_size_estimates():
    assert exact_route.system_size(((0,), (1,), (0, 1))) == (0, 1)  # a lone mixer: constant equations
    assert exact_route.system_size(((0, 1), (0, 1), (0,))) == (2, 1)  # two mixers: linear
    assert exact_route.system_size(((0, 1), (0, 1), (0, 1))) == (3, 8)
    assert exact_route.within_groebner_budget(((0, 1, 2), (0, 1, 2), (0, 1)))
    assert exact_route.within_groebner_budget(((0, 1, 2), (0, 1, 2), (0, 1, 2)))  # 6 unknowns, 2^6 = 64
    assert not exact_route.within_groebner_budget(((0, 1, 2, 3), (0, 1, 2, 3), (0, 1)))  # 7 unknowns
    assert not exact_route.within_groebner_budget(((0, 1),) * 5)  # 5 unknowns, 4^5


def test_refinement_reads_rationals_with_large_denominators():
    # A game whose mixed equilibrium has denominators near a million: a
    # float's sixteen digits barely pin them down, sixty do.
    game = integer_game(5, shape=(3, 3, 1))
    reference = polynomial_enumeration(game)
    rational = [e for e in reference if e.is_exact and not e.is_pure]
    assert rational and max(max(v.denominator for v in s) for e in rational for s in e.strategies) > 10 ** 5
    for equilibrium in rational:
        supports = equilibrium.supports
        start = [np.asarray(s, dtype=float) for s in equilibrium.strategies]
        refined = exact_route.refine(game.as_exact().payoffs, supports, start)
        assert refined is not None
        profile = exact_route.rational_profile(game.shape, supports, refined)
        assert profile == [list(s) for s in equilibrium.strategies]


def _enumerate_cyclic(_):
    result = polynomial_enumeration(_cyclic_matching_game())
    return [tuple(map(tuple, e.strategies)) for e in result], result.complete, result.exact


def test_inside_a_daemonic_pool_worker():
    # A multiprocessing.Pool worker may not start processes: the symbolic
    # route then runs in that process, for systems within the size budget.
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(1) as pool:
        (pooled,) = pool.map(_enumerate_cyclic, [0])
    assert pooled == _enumerate_cyclic(0)
    assert pooled[1] and pooled[2] and len(pooled[0]) == 3


@pytest.mark.slow
def test_irrational_values_by_minimal_polynomial():
    # The symmetric equilibria of this game have probabilities that are roots
    # of cubics; each is described by its own minimal polynomial.
    game = symmetric_game(2)
    result = polynomial_enumeration(game)
    _check(game, result)
    full = [e for e in result if all(len(s) == 2 for s in e.supports)]
    assert len(full) == 2
    for equilibrium in full:
        described = [n for n in result.notes if equilibrium.describe() in n]
        assert described
        assert any("root of 19*x**3 + 15*x**2 - 30*x + 4 near" in n for n in described) or \
            any(FELL_BACK in n for n in described)
