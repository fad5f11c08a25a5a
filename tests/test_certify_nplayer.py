"""Tests for gametheory.equilibrium.certify_float: the array certificate of float n-player profiles.

Every case is checked against :func:`gametheory.equilibrium.certify` on the
same game and profile: the same fields (strategies, supports, tolerance;
payoffs and regrets up to rounding), the same refusals
(:class:`NotAnEquilibriumError` naming the same player, ``ValueError`` for a
strategy that is not a probability vector), and regrets recomputed
independently from the payoff arrays with ``einsum``.
"""

import re
import string

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame
from gametheory.equilibrium import NotAnEquilibriumError, certify, certify_float
from gametheory.solvers import polynomial_enumeration


def _outcome(function, game, strategies, **options):
    try:
        return function(game, [np.array(s) if isinstance(s, np.ndarray) else s for s in strategies], **options)
    except NotAnEquilibriumError as error:
        return error
    except ValueError as error:
        return error


def _einsum_regrets(game, strategies):
    """Each player's regret, contracted with one einsum over all the others' axes (independent of both certifiers)."""
    n = game.n_players
    letters = string.ascii_lowercase[:n]
    regrets = []
    for i, payoff in enumerate(game.float_payoffs()):
        others = [letters[k] for k in range(n) if k != i]
        spec = letters + "," + ",".join(others) + "->" + letters[i]
        values = np.einsum(spec, payoff, *[strategies[k] for k in range(n) if k != i])
        regrets.append(max(values.max() - values @ strategies[i], 0.0))
    return regrets


def _assert_same(game, expected, got):
    """``got`` (certify_float) is ``expected`` (certify) up to rounding, or the same refusal."""
    if isinstance(expected, Exception):
        assert type(got) is type(expected), (expected, got)
        if isinstance(expected, NotAnEquilibriumError):
            # The player and the tolerance are the same; the gain agrees to rounding (shown to 4 digits).
            pattern = r"player (.*) gains (\S+) by deviating \(tolerance (.*)\)"
            (player_e, gain_e, tol_e), (player_g, gain_g, tol_g) = (
                re.search(pattern, str(e)).groups() for e in (expected, got))
            assert (player_g, tol_g) == (player_e, tol_e)
            assert float(gain_g) == pytest.approx(float(gain_e), rel=1e-3)
        else:
            assert str(got) == str(expected)
        return
    assert not isinstance(got, Exception), got
    scale = game.payoff_scale
    assert got.game is expected.game
    assert got.supports == expected.supports
    assert got.tol == expected.tol
    assert len(got.strategies) == len(expected.strategies)
    for a, b in zip(got.strategies, expected.strategies):
        assert a.dtype == np.float64 and not a.flags.writeable
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-15)
    assert all(type(v) is float for v in got.payoffs + got.regrets)
    np.testing.assert_allclose(got.payoffs, expected.payoffs, rtol=1e-12, atol=1e-12 * scale)
    np.testing.assert_allclose(got.regrets, expected.regrets, rtol=0, atol=1e-10 * scale)
    assert max(got.regrets) <= got.tol
    np.testing.assert_allclose(got.regrets, _einsum_regrets(game, got.strategies), rtol=0, atol=1e-9 * scale)


def _random_game(rng, shape, exact=False):
    payoffs = [rng.integers(-1000, 1001, size=shape) for _ in shape]
    return NormalFormGame([p if exact else p.astype(float) for p in payoffs], exact=exact)


def _random_profile(rng, shape, zeros):
    profile = []
    for size in shape:
        s = rng.random(size)
        if zeros:
            s[rng.random(size) < 0.4] = 0.0
            if not s.any():
                s[rng.integers(size)] = 1.0
        profile.append(s / s.sum())
    return profile


SHAPES = [(2, 2, 2), (2, 3, 2), (3, 3, 3), (2, 2, 2, 2), (3, 2, 2, 2), (2, 3)]


@settings(max_examples=60, deadline=None)
@given(shape=st.sampled_from(SHAPES), seed=st.integers(0, 2**32 - 1), zeros=st.booleans(),
       clean=st.booleans(), tol=st.sampled_from([None, 1e-9, 1e-6]))
def test_random_profiles_refused_alike(shape, seed, zeros, clean, tol):
    # Random profiles of random games are almost never equilibria: both certifiers refuse them, naming the same player.
    rng = np.random.default_rng(seed)
    game = _random_game(rng, shape)
    profile = _random_profile(rng, shape, zeros)
    expected = _outcome(certify, game, profile, tol=tol, clean=clean)
    got = _outcome(certify_float, game, profile, tol=tol, clean=clean)
    slack = game.tolerance(tol)
    # A regret within rounding of the tolerance may fall either way: such a draw says nothing.
    if any(abs(r - slack) < 1e-9 * game.payoff_scale for r in _einsum_regrets(game, profile)):
        return
    _assert_same(game, expected, got)


@settings(max_examples=40, deadline=None)
@given(shape=st.sampled_from(SHAPES), seed=st.integers(0, 2**32 - 1), zeros=st.booleans())
def test_loose_tolerance_accepts_alike(shape, seed, zeros):
    # A tolerance of twice the payoff scale exceeds every regret: both certify, with the same fields.
    rng = np.random.default_rng(seed)
    game = _random_game(rng, shape)
    profile = _random_profile(rng, shape, zeros)
    expected = _outcome(certify, game, profile, tol=2.0, clean=False)
    given_arrays = [np.array(s) for s in profile]
    got = certify_float(game, given_arrays, tol=2.0, clean=False)
    _assert_same(game, expected, got)
    # Without cleaning the given arrays are the certificate's strategies, made read-only, as certify does.
    assert all(a is b for a, b in zip(got.strategies, given_arrays))


@settings(max_examples=25, deadline=None)
@given(shape=st.sampled_from([(2, 2, 2), (2, 2, 3), (2, 2, 2, 2)]), seed=st.integers(0, 2**32 - 1))
def test_equilibria_certified_alike(shape, seed):
    # Equilibria found by polynomial enumeration, with their probabilities slightly perturbed (cleaning matters).
    rng = np.random.default_rng(seed)
    game = _random_game(rng, shape)
    result = polynomial_enumeration(game)
    assert len(result) >= 1
    for equilibrium in result:
        for noise in (0.0, 1e-12):
            profile = [np.abs(np.asarray(s, dtype=float) + noise * rng.random(len(s))) for s in equilibrium.strategies]
            profile = [s / s.sum() for s in profile]
            for clean in (True, False):
                expected = _outcome(certify, game, profile, clean=clean)
                got = _outcome(certify_float, game, profile, clean=clean)
                assert not isinstance(expected, Exception)
                _assert_same(game, expected, got)


def test_cleaning_sets_small_probabilities_to_zero():
    rng = np.random.default_rng(5)
    game = _random_game(rng, (2, 2, 2))
    equilibrium = polynomial_enumeration(game)[0]
    profile = [np.asarray(s, dtype=float) for s in equilibrium.strategies]
    pure = next((i for i, s in enumerate(equilibrium.supports) if len(s) == 1), None)
    if pure is None:
        pytest.skip("no pure player in this equilibrium")
    a = equilibrium.supports[pure][0]
    profile[pure] = np.where(np.arange(2) == a, 1 - 1e-12, 1e-12)
    got = certify_float(game, profile)
    assert got.supports == equilibrium.supports
    assert got.strategies[pure][1 - a] == 0.0 and got.strategies[pure][a] == 1.0
    _assert_same(game, certify(game, profile), got)


@pytest.mark.parametrize("bad, message", [
    ([np.array([0.5, 0.6]), np.array([1.0, 0.0]), np.array([1.0, 0.0])], "not a probability vector"),
    ([np.array([1.5, -0.5]), np.array([1.0, 0.0]), np.array([1.0, 0.0])], "not a probability vector"),
    ([np.array([1.0, 0.0]), np.array([np.nan, 1.0]), np.array([1.0, 0.0])], "not a probability vector"),
    ([np.array([1.0, 0.0]), np.array([1.0, 0.0]), np.array([np.inf, 0.0])], "not a probability vector"),
    ([np.array([1.0, 0.0]), np.array([1.0, 0.0, 0.0]), np.array([1.0, 0.0])], "expected 2"),
    ([np.array([1.0, 0.0]), np.array([1.0, 0.0])], "one strategy per player"),
])
def test_bad_strategies_raise_the_same_value_error(bad, message):
    game = _random_game(np.random.default_rng(0), (2, 2, 2))
    with pytest.raises(ValueError, match=message) as expected:
        certify(game, bad)
    with pytest.raises(ValueError, match=message) as got:
        certify_float(game, bad)
    assert str(got.value) == str(expected.value)
    assert not isinstance(got.value, NotAnEquilibriumError)


def test_lists_exact_games_and_exact_profiles_go_through_certify():
    rng = np.random.default_rng(3)
    exact_game = _random_game(rng, (2, 2, 2), exact=True)
    equilibrium = polynomial_enumeration(exact_game, exact=True)[0]
    # Exact probabilities on an exact game: an exact certificate, as certify gives.
    got = certify_float(exact_game, equilibrium.strategies)
    assert got.is_exact and got.regrets == equilibrium.regrets
    # Float probabilities on an exact game, or plain lists: the float certificate on the game's payoffs.
    floats = [np.asarray(s, dtype=float) for s in equilibrium.strategies]
    _assert_same(exact_game, certify(exact_game, floats), certify_float(exact_game, floats))
    lists = [s.tolist() for s in floats]
    _assert_same(exact_game, certify(exact_game, lists), certify_float(exact_game, lists))


def test_known_game_values():
    # Three-player coordination: everyone gets 1 when all play the same action. Mixed 1/2 each is an
    # equilibrium with payoff 1/4 + 1/4 = 1/2 at every action; a pure profile where one player differs is not.
    same = np.zeros((2, 2, 2))
    same[0, 0, 0] = same[1, 1, 1] = 1.0
    game = NormalFormGame([same, same, same], players=["A", "B", "C"])
    half = [np.array([0.5, 0.5])] * 3
    e = certify_float(game, half)
    assert e.payoffs == (0.25, 0.25, 0.25) and e.regrets == (0.0, 0.0, 0.0)
    assert e.supports == ((0, 1),) * 3
    with pytest.raises(NotAnEquilibriumError, match="player 'C' gains 1 by deviating"):
        certify_float(game, [np.array([1.0, 0.0]), np.array([1.0, 0.0]), np.array([0.0, 1.0])])


@settings(max_examples=30, deadline=None)
@given(shape=st.sampled_from(SHAPES), seed=st.integers(0, 2**32 - 1), zeros=st.booleans(),
       slack=st.sampled_from([1e-6, 50.0, 500.0]))
def test_batched_deviation_values_and_best_response_counts(shape, seed, zeros, slack):
    # The batched deviation payoffs of the polynomial route's screen and degeneracy test, against one einsum per
    # player and profile, and the best-response counts against a count over those values.
    from gametheory.solvers._polynomial_batch import _deviation_values, best_response_counts

    rng = np.random.default_rng(seed)
    game = _random_game(rng, shape)
    profiles = [_random_profile(rng, shape, zeros) for _ in range(4)]
    stacks, values = _deviation_values(game.payoffs, profiles)
    counts = best_response_counts(game.payoffs, profiles, slack)
    assert counts.shape == (len(profiles), len(shape))
    n = len(shape)
    letters = string.ascii_lowercase[:n]
    for c, profile in enumerate(profiles):
        for i in range(n):
            others = [k for k in range(n) if k != i]
            spec = letters + "".join("," + letters[k] for k in others) + "->" + letters[i]
            expected = np.einsum(spec, game.payoffs[i], *[profile[k] for k in others])
            np.testing.assert_allclose(values[i][c], expected, rtol=1e-12, atol=1e-9)
            np.testing.assert_array_equal(stacks[i][c], profile[i])
            assert counts[c, i] == np.count_nonzero(expected >= expected.max() - slack)


def test_a_tolerance_that_cleans_a_whole_strategy_away_is_an_error_not_nan():
    game = NormalFormGame([np.arange(8).reshape(2, 2, 2) % 3] * 3)
    for certifier in (certify, certify_float):
        with pytest.raises(ValueError, match="cleans away every probability of the strategy .* 'Player 1'"):
            certifier(game, [np.array([0.5, 0.5])] * 3, tol=0.5)


def test_an_all_zero_vector_under_a_loose_tolerance_gets_the_same_answer_from_both_certifiers():
    game = NormalFormGame([np.arange(8).reshape(2, 2, 2) % 3] * 3)
    profile = [np.array([0.0, 0.0]), np.array([0.5, 0.5]), np.array([0.5, 0.5])]
    general = certify(game, [s.copy() for s in profile], tol=0.5, clean=False)
    fast = certify_float(game, [s.copy() for s in profile], tol=0.5, clean=False)
    assert fast.regrets == pytest.approx(general.regrets) and general.regrets[0] == pytest.approx(1.0)
