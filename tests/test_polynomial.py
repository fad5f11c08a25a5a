"""Tests for gametheory.solvers.polynomial: all equilibria of small n-player games."""

from fractions import Fraction

import numpy as np
import pygambit as gbt
import pytest
from hypothesis import given, settings

from gametheory import NormalFormGame
from gametheory.solvers import polynomial_enumeration, pure_equilibria

from strategies import nplayer_games, random_game


def _unique(profiles, tol=1e-6):
    out = []
    for profile in profiles:
        if not any(all(np.allclose(a, b, atol=tol) for a, b in zip(profile, other)) for other in out):
            out.append(profile)
    return out


def _as_float_profiles(result):
    return [[np.asarray(s, dtype=float) for s in e.strategies] for e in result]


def _contains(profiles, profile, tol=1e-5):
    return any(all(np.allclose(a, b, atol=tol) for a, b in zip(profile, other)) for other in profiles)


def _gambit_enumpoly(game):
    gambit_game = gbt.Game.from_arrays(*[np.asarray(p, dtype=float) for p in game.payoffs])
    result = gbt.nash.enumpoly_solve(gambit_game)
    return _unique([[np.array([float(profile[s]) for s in player.strategies]) for player in gambit_game.players]
                    for profile in result.equilibria])


def _gambit_enummixed(game):
    A, B = game.as_exact().bimatrix()
    to_gambit = lambda M: [[gbt.Rational(v.numerator, v.denominator) for v in row] for row in M]
    gambit_game = gbt.Game.from_arrays(to_gambit(A), to_gambit(B))
    result = gbt.nash.enummixed_solve(gambit_game, rational=True)
    return [tuple(tuple(Fraction(str(profile[s])) for s in player.strategies) for player in gambit_game.players)
            for profile in result.equilibria]


def _check_certificates(game, result):
    assert result.method == "polynomial_enumeration"
    for equilibrium in result:
        for strategy, support in zip(equilibrium.strategies, equilibrium.supports):
            values = np.asarray(strategy, dtype=float)
            assert np.all(values >= 0)
            assert values.sum() == pytest.approx(1)
            assert tuple(np.flatnonzero(values > 0)) == support
        if equilibrium.is_exact:
            assert all(isinstance(r, Fraction) and r == 0 for r in equilibrium.regrets)
            assert all(sum(s) == 1 for s in equilibrium.strategies)
        else:
            assert equilibrium.max_regret <= game.tolerance()
            # Recompute the regret independently of the stored certificate.
            assert max(game.as_float().regrets(equilibrium.as_float())) <= game.tolerance()
    profiles = _as_float_profiles(result)
    assert len(_unique(profiles)) == len(profiles), "duplicates in the result"


def _cyclic_matching_game():
    # Each player gets 1 for matching the next player's action.
    payoffs = [np.zeros((2, 2, 2), dtype=int) for _ in range(3)]
    for a, b, c in np.ndindex(2, 2, 2):
        payoffs[0][a, b, c] = int(a == b)
        payoffs[1][a, b, c] = int(b == c)
        payoffs[2][a, b, c] = int(c == a)
    return NormalFormGame(payoffs)


def test_cyclic_matching_exact():
    game = _cyclic_matching_game()
    result = polynomial_enumeration(game)
    _check_certificates(game, result)
    assert result.complete and result.exact
    assert len(result) == 3
    assert [e.strategies[0].tolist() for e in result] == [[1, 0], [0, 1], [Fraction(1, 2), Fraction(1, 2)]]
    assert result.degenerate is None or result.degenerate is False
    assert result.continuum is False


def test_float_game_gives_float_certificates():
    game = _cyclic_matching_game().as_float()
    result = polynomial_enumeration(game)
    assert not result.exact
    assert len(result) == 3
    _check_certificates(game, result)
    assert all(not e.is_exact for e in result)


@pytest.mark.parametrize("seed", range(12))
def test_matches_gambit_enumpoly_on_random_2x2x2_games(seed):
    rng = np.random.default_rng(seed)
    game = NormalFormGame([rng.integers(-1000, 1001, size=(2, 2, 2)) for _ in range(3)])
    result = polynomial_enumeration(game)
    _check_certificates(game, result)
    assert result.complete
    ours = _as_float_profiles(result)
    theirs = _gambit_enumpoly(game)
    assert len(ours) == len(theirs)
    assert all(_contains(ours, profile) for profile in theirs)
    assert {e.pure_profile for e in result.pure} == {e.pure_profile for e in pure_equilibria(game)}


@pytest.mark.parametrize("seed", range(4))
def test_contains_gambit_enumpoly_on_random_2x2x3_games(seed):
    # Gambit's enumpoly sometimes misses irrational equilibria with a full
    # support that we find (each certified), so ours must contain theirs.
    rng = np.random.default_rng(50 + seed)
    game = NormalFormGame([rng.integers(-1000, 1001, size=(2, 2, 3)) for _ in range(3)])
    result = polynomial_enumeration(game)
    _check_certificates(game, result)
    assert result.complete
    ours = _as_float_profiles(result)
    for profile in _gambit_enumpoly(game):
        assert _contains(ours, profile)


def test_irrational_equilibrium_is_reported_with_exact_values():
    game = NormalFormGame([
        [[[1, -2], [9, -6]], [[8, -8], [2, 2]]],
        [[[8, -4], [8, 3]], [[7, -6], [5, 8]]],
        [[[-9, -3], [3, -7]], [[0, 2], [5, 8]]],
    ])
    result = polynomial_enumeration(game)
    _check_certificates(game, result)
    irrational = [e for e in result if not e.is_exact]
    assert irrational, "this seed has an equilibrium with irrational probabilities"
    assert any("irrational probabilities" in note and "sqrt" in note for note in result.notes)
    assert not result.exact


@pytest.mark.parametrize("seed", range(10))
def test_two_player_games_match_gambit_enummixed(seed):
    rng = np.random.default_rng(200 + seed)
    m, n = (int(k) for k in rng.integers(2, 4, size=2))
    game = random_game(rng, m, n)
    result = polynomial_enumeration(game)
    _check_certificates(game, result)
    assert result.complete and result.exact
    ours = {tuple(tuple(s) for s in e.strategies) for e in result}
    assert ours == set(_gambit_enummixed(game))


def test_continuum_is_reported_with_its_end_points():
    # Player 3 is indifferent everywhere; Players 1 and 2 play a coordination game
    # whose outcome does not depend on Player 3: every mixture of Player 3 is an equilibrium.
    p1 = np.array([[[2, 2], [0, 0]], [[0, 0], [1, 1]]])
    p2 = np.array([[[1, 1], [0, 0]], [[0, 0], [2, 2]]])
    p3 = np.zeros((2, 2, 2), dtype=int)
    game = NormalFormGame([p1, p2, p3])
    result = polynomial_enumeration(game)
    _check_certificates(game, result)
    assert result.degenerate is True
    assert result.continuum is True
    assert not result.complete
    assert any("continuum under support" in note for note in result.notes)
    # The end points (Player 3 pure) of the continuum over (A1, B1) are listed.
    pure = {e.pure_profile for e in result.pure}
    assert {("A1", "B1", "C1"), ("A1", "B1", "C2"), ("A2", "B2", "C1"), ("A2", "B2", "C2")} <= pure


def test_continuum_interval_end_points_exact():
    # Row's A1 and A2 tie against (B1, C1), Column and Player 3 strictly prefer B1/C1
    # when Row plays A1 with probability at least 1/2.
    p1 = np.zeros((2, 2, 2), dtype=int)
    p2 = np.zeros((2, 2, 2), dtype=int)
    p3 = np.zeros((2, 2, 2), dtype=int)
    p2[0, 0, :] = 1   # Column gains 1 from B1 when Row plays A1
    p2[1, 1, :] = 1   # ... and 1 from B2 when Row plays A2
    p3[:, :, 0] = 1   # Player 3 always prefers C1
    p1[0, 1, :] = 1   # Row prefers A1 against B2
    game = NormalFormGame([p1, p2, p3])
    result = polynomial_enumeration(game)
    _check_certificates(game, result)
    assert result.continuum is True
    row_mixtures = {tuple(e.strategies[0]) for e in result if e.supports[1] == (0,)}
    # Against (B1, C1) Row is indifferent; Column keeps B1 while P(A1) >= 1/2.
    assert (Fraction(1, 2), Fraction(1, 2)) in row_mixtures
    assert (Fraction(1), Fraction(0)) in row_mixtures
    assert any("between 1/2 and 1" in note or "between 0 and 1/2" in note for note in result.notes)


def test_rejects_non_games():
    with pytest.raises(TypeError, match="NormalFormGame"):
        polynomial_enumeration([[1, 2], [3, 4]])


@settings(max_examples=15)
@given(nplayer_games(max_players=3, max_actions=2, exact=True))
def test_property_small_games(game):
    result = polynomial_enumeration(game)
    _check_certificates(game, result)
    # Every pure equilibrium is found (pure profiles are support systems without unknowns).
    assert {e.pure_profile for e in pure_equilibria(game)} <= {e.pure_profile for e in result.pure}
    if result.complete:
        assert len(result) >= 1  # Nash: every finite game has an equilibrium


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(3))  # 1 to 2 s per game (Groebner bases through FGLM; was 90 s)
def test_three_by_three_by_two_games(seed):
    rng = np.random.default_rng(300 + seed)
    game = NormalFormGame([rng.integers(-1000, 1001, size=(3, 3, 2)) for _ in range(3)])
    result = polynomial_enumeration(game)
    _check_certificates(game, result)
    ours = _as_float_profiles(result)
    for profile in _gambit_enumpoly(game):
        assert _contains(ours, profile)


# ----------------------------------------------------------------- float mode
# Float mode solves each support system numerically (no sympy unless a support
# is singular in floating point). It is cross-checked against exact mode and
# against Gambit's enumpoly, gnm and ipa as unordered sets of equilibria.

SYMPY_NOTE = "solved exactly with sympy"


def _float_game(seed, shape, degenerate=False):
    rng = np.random.default_rng(seed)
    low, high = (-2, 3) if degenerate else (-1000, 1001)
    return NormalFormGame([rng.integers(low, high, size=shape).astype(float) for _ in shape])


def _same_set(ours, theirs, tol=1e-6):
    return (all(_contains(ours, profile, tol) for profile in theirs)
            and all(_contains(theirs, profile, tol) for profile in ours))


def _gambit_profiles(game, solver):
    gambit_game = gbt.Game.from_arrays(*[np.asarray(p, dtype=float) for p in game.payoffs])
    result = solver(gambit_game)
    return [[np.array([float(profile[s]) for s in player.strategies]) for player in gambit_game.players]
            for profile in result.equilibria]


def _check_generic(game, result):
    """A generic game: complete, nondegenerate, odd number of equilibria, no support left to sympy."""
    _check_certificates(game, result)
    assert not result.exact and all(not e.is_exact for e in result)
    assert result.complete and result.continuum is False and result.degenerate is not True
    assert not any(SYMPY_NOTE in note for note in result.notes)
    assert len(result) % 2 == 1  # Wilson's oddness theorem for generic games
    assert {e.pure_profile for e in result.pure} == {e.pure_profile for e in pure_equilibria(game)}


@pytest.mark.parametrize("degenerate", [False, True])
@pytest.mark.parametrize("seed", range(8))
def test_float_mode_matches_exact_mode_on_2x2x2_games(seed, degenerate):
    game = _float_game(400 + seed, (2, 2, 2), degenerate)
    fast = polynomial_enumeration(game)
    reference = polynomial_enumeration(game.as_exact())
    _check_certificates(game, fast)
    assert not fast.exact
    assert _same_set(_as_float_profiles(fast), _as_float_profiles(reference))
    assert (fast.complete, fast.continuum, bool(fast.degenerate)) == \
        (reference.complete, reference.continuum, bool(reference.degenerate))
    if not degenerate:
        _check_generic(game, fast)


@pytest.mark.parametrize("degenerate", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_float_mode_matches_exact_mode_on_2x2x3_games(seed, degenerate):
    game = _float_game(450 + seed, (2, 2, 3), degenerate)
    fast = polynomial_enumeration(game, exact=False)
    reference = polynomial_enumeration(game, exact=True)
    _check_certificates(game, fast)
    assert _same_set(_as_float_profiles(fast), _as_float_profiles(reference))
    assert (fast.complete, fast.continuum, bool(fast.degenerate)) == \
        (reference.complete, reference.continuum, bool(reference.degenerate))


@pytest.mark.parametrize("shape", [(2, 2, 2), (2, 2, 3), (3, 3, 2), (2, 3, 3), (3, 3, 3), (2, 2, 2, 2)])
@pytest.mark.parametrize("seed", range(3))
def test_float_mode_contains_gambit_on_generic_games(shape, seed):
    # Gambit's enumpoly can miss equilibria (see above), so ours must contain
    # its list and gnm's and ipa's; the equilibria only we find are certified
    # and the oddness theorem checks the count.
    game = _float_game(500 + seed, shape)
    result = polynomial_enumeration(game)
    _check_generic(game, result)
    ours = _as_float_profiles(result)
    for solver in (gbt.nash.enumpoly_solve, gbt.nash.gnm_solve, gbt.nash.ipa_solve):
        for profile in _gambit_profiles(game, solver):
            assert _contains(ours, profile, tol=1e-5), (solver.__name__, profile)


def test_float_mode_finds_irrational_equilibria():
    game = NormalFormGame([
        [[[1, -2], [9, -6]], [[8, -8], [2, 2]]],
        [[[8, -4], [8, 3]], [[7, -6], [5, 8]]],
        [[[-9, -3], [3, -7]], [[0, 2], [5, 8]]],
    ])
    reference = polynomial_enumeration(game)
    fast = polynomial_enumeration(game, exact=False)
    _check_certificates(game.as_float(), fast)
    assert any(not e.is_exact for e in reference)
    assert _same_set(_as_float_profiles(fast), _as_float_profiles(reference), tol=1e-9)


def test_float_mode_reports_continuum():
    # The continuum game above in floats: the singular supports go to sympy and
    # the continuum is reported exactly as in exact mode.
    p1 = np.array([[[2, 2], [0, 0]], [[0, 0], [1, 1]]], dtype=float)
    p2 = np.array([[[1, 1], [0, 0]], [[0, 0], [2, 2]]], dtype=float)
    p3 = np.zeros((2, 2, 2))
    game = NormalFormGame([p1, p2, p3])
    result = polynomial_enumeration(game)
    _check_certificates(game, result)
    assert not result.exact
    assert result.degenerate is True and result.continuum is True and not result.complete
    assert any("continuum under support" in note for note in result.notes)
    assert any(SYMPY_NOTE in note for note in result.notes)
    reference = polynomial_enumeration(game.as_exact())
    assert _same_set(_as_float_profiles(result), _as_float_profiles(reference))


def test_float_mode_continuum_interval_end_points():
    p1 = np.zeros((2, 2, 2))
    p2 = np.zeros((2, 2, 2))
    p3 = np.zeros((2, 2, 2))
    p2[0, 0, :] = 1
    p2[1, 1, :] = 1
    p3[:, :, 0] = 1
    p1[0, 1, :] = 1
    game = NormalFormGame([p1, p2, p3])
    result = polynomial_enumeration(game)
    _check_certificates(game, result)
    assert result.continuum is True and not result.complete
    row_mixtures = [e.strategies[0] for e in result if e.supports[1] == (0,)]
    assert _contains([[m] for m in row_mixtures], [np.array([0.5, 0.5])], tol=1e-12)
    assert _contains([[m] for m in row_mixtures], [np.array([1.0, 0.0])], tol=1e-12)
    # Row's mixture is settled by the float route (one mixer, the others pure): A2 with probability 0 to 1/2.
    assert any("continuum under support" in note and "between 0 and 0.5 on A2" in note for note in result.notes)


def test_float_mode_non_integer_payoffs():
    # Payoffs like those of a swept model (decimals); rescaling changes nothing.
    game = _float_game(600, (3, 3, 2))
    scaled = NormalFormGame([p * 0.0137 + 0.25 for p in game.payoffs])
    result, reference = polynomial_enumeration(scaled), polynomial_enumeration(game)
    _check_generic(scaled, result)
    assert _same_set(_as_float_profiles(result), _as_float_profiles(reference), tol=1e-8)


@settings(max_examples=25)
@given(nplayer_games(max_players=4, max_actions=3, exact=False))
def test_property_float_mode_certificates(game):
    if np.prod(game.shape) > 27:
        game = game.restrict([range(min(m, 2)) for m in game.shape])
    result = polynomial_enumeration(game)
    _check_certificates(game, result)
    assert not result.exact
    assert {e.pure_profile for e in pure_equilibria(game)} <= {e.pure_profile for e in result.pure}
    if result.complete:
        assert len(result) >= 1
        assert result.continuum is False
    else:
        # Incomplete: a positive-dimensional support (degenerate), or a
        # support the exact route's budgets cut off, named in the notes.
        assert result.notes
        assert result.degenerate is True or any("not solved:" in note and "may be missing" in note
                                                for note in result.notes)


@settings(max_examples=15)
@given(nplayer_games(max_players=3, max_actions=2, exact=True))
def test_property_float_mode_matches_exact_mode(game):
    reference = polynomial_enumeration(game)
    fast = polynomial_enumeration(game, exact=False)
    _check_certificates(game.as_float(), fast)
    assert _same_set(_as_float_profiles(fast), _as_float_profiles(reference))
    assert (fast.complete, fast.continuum) == (reference.complete, reference.continuum)


@pytest.mark.slow
@pytest.mark.parametrize("shape", [(3, 3, 2), (2, 2, 2, 2)])
@pytest.mark.parametrize("seed", range(2))
def test_float_mode_matches_exact_mode_on_larger_degenerate_games(shape, seed):
    game = _float_game(700 + seed, shape, degenerate=True)
    fast = polynomial_enumeration(game)
    reference = polynomial_enumeration(game.as_exact())
    _check_certificates(game, fast)
    assert _same_set(_as_float_profiles(fast), _as_float_profiles(reference))
    assert (fast.complete, fast.continuum) == (reference.complete, reference.continuum)


# ------------------------------------------------ batched float route checks

def _per_profile_equilibria(game):
    """Every certified equilibrium the per-profile float route finds, trying every linear pair on each profile."""
    import itertools

    from gametheory.equilibrium import NotAnEquilibriumError, certify
    from gametheory.solvers._polynomial_exact import _supports
    from gametheory.solvers._polynomial_float import _EXACT, _NumericSupports

    float_game = game.as_float()
    numeric = _NumericSupports(float_game.payoffs, float_game.tolerance())
    found, settled = [], True
    for supports in itertools.product(*(list(_supports(m)) for m in game.shape)):
        outcome = numeric.solve(supports)
        if outcome is _EXACT:
            settled = False
            continue
        for strategies in outcome:
            try:
                found.append(list(certify(float_game, strategies).as_float()))
            except NotAnEquilibriumError:
                pass
    return found, settled


@pytest.mark.parametrize("degenerate", [False, True])
@pytest.mark.parametrize("shape", [(2, 2, 2), (2, 2, 3), (3, 3, 2), (2, 2, 2, 2)])
@pytest.mark.parametrize("seed", range(2))
def test_batched_route_contains_the_per_profile_route(shape, seed, degenerate):
    # Profiles of one shape are solved together (arrays, or Python floats for
    # small groups); whatever the one-profile-at-a-time route (every linear
    # pair) finds and certifies must be in the result.
    game = _float_game(900 + seed, shape, degenerate=degenerate)
    result = polynomial_enumeration(game)
    _check_certificates(game, result)
    reference, _ = _per_profile_equilibria(game)
    ours = _as_float_profiles(result)
    for profile in reference:
        assert _contains(ours, profile, tol=1e-6), profile


@pytest.mark.parametrize("degenerate", [False, True])
@pytest.mark.parametrize("shape", [(2, 2, 2), (2, 2, 3), (2, 2, 2, 2)])
@pytest.mark.parametrize("seed", range(3))
def test_python_float_groups_match_array_groups(shape, seed, degenerate, monkeypatch):
    # Small groups of profiles are solved on Python floats, larger ones in
    # numpy arrays: the same reductions, so the same equilibria either way.
    from gametheory.solvers import _polynomial_batch

    game = _float_game(950 + seed, shape, degenerate=degenerate)
    small = polynomial_enumeration(game)
    monkeypatch.setattr(_polynomial_batch, "SMALL_GROUP", {})
    arrays = polynomial_enumeration(game)
    _check_certificates(game, small)
    _check_certificates(game, arrays)
    assert _same_set(_as_float_profiles(small), _as_float_profiles(arrays))
    assert (small.complete, small.continuum) == (arrays.complete, arrays.continuum)


@settings(max_examples=20, deadline=None)
@given(nplayer_games(max_players=3, max_actions=3, exact=False))
def test_property_batched_route_contains_per_profile_route(game):
    if np.prod(game.shape) > 18:
        game = game.restrict([range(min(m, 2)) if k else range(m) for k, m in enumerate(game.shape)])
    result = polynomial_enumeration(game)
    _check_certificates(game, result)
    reference, _ = _per_profile_equilibria(game)
    ours = _as_float_profiles(result)
    assert all(_contains(ours, profile, tol=1e-6) for profile in reference)


@pytest.mark.slow
@pytest.mark.parametrize("shape", [(2, 2, 2), (2, 2, 3), (3, 3, 2), (2, 3, 3), (3, 3, 3), (2, 2, 2, 2)])
def test_float_mode_contains_gambit_enumpoly_on_many_games(shape):
    # Generic games (integer payoffs in -1000..1000) and tie-heavy ones
    # (payoffs in -2..2): ours contains every equilibrium enumpoly lists
    # whenever our list is complete (a continuum's interior points, which
    # enumpoly may list, are represented by its end points). Enumpoly's
    # own tolerance is looser than a certificate's: a profile it lists with
    # a regret above the game's tolerance (seed 1204 in 3x3x2: 0.13 at
    # payoff scale 1000, an action outside the support pays more) is no
    # equilibrium, and the profile it rests on is strictly dominated.
    for seed in range(10):
        for degenerate in (False, True):
            game = _float_game(1200 + seed, shape, degenerate=degenerate)
            result = polynomial_enumeration(game)
            _check_certificates(game, result)
            if not degenerate:
                _check_generic(game, result)
            if result.complete:
                ours = _as_float_profiles(result)
                for profile in _gambit_enumpoly(game):
                    if max(game.regrets(profile)) <= game.tolerance():
                        assert _contains(ours, profile, tol=1e-5), (seed, degenerate, profile)


def test_small_game_prunes_dominated_supports_before_the_positive_dimensional_routes():
    # Column's B2 is strictly dominated; under it Row is indifferent, a simplex of solutions that no
    # equilibrium uses. Float mode must settle it as exact mode does, not call the list incomplete.
    game = NormalFormGame.from_bimatrix([[0, 0], [1, 0]], [[0, -1], [0, -1]])
    reference = polynomial_enumeration(game)
    fast = polynomial_enumeration(game, exact=False)
    _check_certificates(game.as_float(), fast)
    assert [e.pure_profile for e in fast] == [e.pure_profile for e in reference] == [("A2", "B1")]
    assert (fast.complete, fast.continuum, fast.notes) == (True, False, ())
