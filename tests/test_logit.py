"""Tests for gametheory.solvers.logit: logit QRE, the principal branch, one equilibrium by tracing."""

import time
from fractions import Fraction

import numpy as np
import pygambit as gbt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame, solve
from gametheory.solvers import polynomial_enumeration, vertex_enumeration
from gametheory.solvers.logit import LogitTracingError, logit_qre, logit_solve, trace_logit

from strategies import bimatrix_games, nplayer_games


# ---------------------------------------------------------------- helpers
def _gambit(game, normalize=True):
    source = game.normalized() if normalize else game.as_float()
    return gbt.Game.from_arrays(*[np.asarray(p, dtype=float) for p in source.payoffs])


def _profile(gambit_game, profile):
    return [np.array([float(profile[s]) for s in player.strategies]) for player in gambit_game.players]


def _gambit_regret(game, strategies):
    """Largest regret of our profile computed by pygambit on the game as given."""
    gambit_game = _gambit(game, normalize=False)
    profile = gambit_game.mixed_strategy_profile(data=[[float(p) for p in s] for s in strategies])
    return float(profile.max_regret())


def _random_game(rng, shape, low=-100, high=101):
    return NormalFormGame([rng.integers(low, high, size=shape).astype(float) for _ in shape])


def _logit_response(game, strategies, lam, normalize=True):
    """Each player's logit response to the others in ``strategies``."""
    source = game.normalized() if normalize else game.as_float()
    response = []
    for i in range(game.n_players):
        values = lam * source.deviation_payoffs(i, strategies)
        weights = np.exp(values - values.max())
        response.append(weights / weights.sum())
    return response


def _close(profile, other, tol):
    return all(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), atol=tol)
               for a, b in zip(profile, other))


STAG_HUNT = NormalFormGame.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]],
                                         actions=(["Stag", "Hare"], ["Stag", "Hare"]))
PENNIES = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
PRISONERS = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"], ["C", "D"]))
#: A 2x2 game whose principal branch has an S-shaped pair of turning points
#: (lam rises to about 90, falls back to about 8, then rises again).
S_SHAPED = NormalFormGame.from_bimatrix([[0.63663623, 0.0], [1.0, 0.012128]],
                                        [[0.0, 0.85658168], [1.0, 0.82173256]])


# ------------------------------------------------------------ textbook pins
@pytest.mark.parametrize("lam", [0.0, 0.3, 2.0, 40.0, 1000.0])
def test_matching_pennies_qre_is_uniform_at_every_lambda(lam):
    qre = logit_qre(PENNIES, lam)
    for s in qre.strategies:
        assert np.allclose(s, 0.5, atol=1e-12)
    assert qre.regrets == pytest.approx((0.0, 0.0), abs=1e-12)


def test_lambda_zero_is_uniform_play():
    game = _random_game(np.random.default_rng(1), (3, 2, 4))
    qre = logit_qre(game, 0)
    for s, m in zip(qre.strategies, game.shape):
        assert np.allclose(s, 1.0 / m)


def test_dominance_solvable_game_converges_to_the_dominant_profile():
    branch = trace_logit(PRISONERS, 500)
    defect = [branch.strategies(k)[0][1] for k in range(len(branch))]
    assert np.all(np.diff(defect) >= -1e-12)  # defection only grows along the branch
    assert defect[-1] > 1 - 1e-12
    result = logit_solve(PRISONERS)
    assert result[0].pure_profile == ("D", "D")
    assert result[0].regrets == (0, 0)


def test_stag_hunt_principal_branch_matches_pygambit_and_known_values():
    # Gambit's logit_solve_lambda on the stag hunt as given: 0.40205 at lam 0.5, 0.19585 at 1, 0.02026 at 2.
    known = {0.5: 0.4020521353626561, 1.0: 0.19584604688733123, 2.0: 0.02026447860122701}
    for lam, stag in known.items():
        qre = logit_qre(STAG_HUNT, lam, normalize=False)
        assert qre.strategies[0][0] == pytest.approx(stag, abs=1e-9)
        assert qre.strategies[1][0] == pytest.approx(stag, abs=1e-9)
    gambit_game = _gambit(STAG_HUNT, normalize=False)
    lams = [0.25, 0.75, 1.5, 3.0, 6.0]
    for lam, point in zip(lams, gbt.qre.logit_solve_lambda(gambit_game, lam=lams)):
        ours = logit_qre(STAG_HUNT, lam, normalize=False)
        assert _close(ours.strategies, _profile(gambit_game, point.profile), 1e-7)
    # The branch selects the risk-dominant equilibrium (Hare, Hare), exactly.
    result = logit_solve(STAG_HUNT)
    assert result[0].pure_profile == ("Hare", "Hare")
    assert result[0].regrets == (Fraction(0), Fraction(0))
    assert result.method == "logit" and result.complete is False


def test_s_shaped_branch_is_followed_through_both_turning_points():
    branch = trace_logit(S_SHAPED, 150, normalize=False)
    assert branch.turning_points == 2
    assert branch.lam.max() == pytest.approx(150.0)
    gambit_game = _gambit(S_SHAPED, normalize=False)
    lams = [5.0, 8.0, 20.0, 60.0, 120.0]
    for lam, point in zip(lams, gbt.qre.logit_solve_lambda(gambit_game, lam=lams)):
        ours = branch.at(lam)
        assert _close(ours.strategies, _profile(gambit_game, point.profile), 1e-6)
    # The first passage at lam = 60 is on the lower arm, before the fold at about 90.
    assert branch.at(60.0).strategies[1][0] < 0.01


# ----------------------------------------------------- cross-checks: branch
@pytest.mark.parametrize("shape,seed", [((2, 2), 0), ((3, 3), 1), ((2, 3), 2), ((2, 2, 2), 3), ((3, 2, 2), 4)])
def test_qre_along_the_branch_matches_pygambit(shape, seed):
    game = _random_game(np.random.default_rng(seed), shape)
    for normalize in (True, False):
        gambit_game = _gambit(game, normalize)
        lams = [0.5, 3.0, 12.0] if normalize else [0.002, 0.02, 0.1]
        branch = trace_logit(game, max(lams), normalize=normalize)
        for lam, point in zip(lams, gbt.qre.logit_solve_lambda(gambit_game, lam=lams)):
            ours = branch.at(lam)
            assert _close(ours.strategies, _profile(gambit_game, point.profile), 1e-6), (normalize, lam)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(12))
def test_qre_along_the_branch_matches_pygambit_many_games(seed):
    rng = np.random.default_rng(100 + seed)
    shape = [(2, 2), (3, 3), (4, 3), (2, 2, 2), (3, 3, 2), (2, 2, 2, 2)][seed % 6]
    game = _random_game(rng, shape)
    gambit_game = _gambit(game)
    lams = [0.7, 4.0, 15.0, 40.0]
    branch = trace_logit(game, max(lams))
    for lam, point in zip(lams, gbt.qre.logit_solve_lambda(gambit_game, lam=lams)):
        assert _close(branch.at(lam).strategies, _profile(gambit_game, point.profile), 1e-6)


# ------------------------------------------------ cross-checks: equilibrium
def _check_found_equilibrium(game, result):
    assert len(result) == 1 and result.complete is False and result.method == "logit"
    equilibrium = result[0]
    assert equilibrium.max_regret <= equilibrium.tol
    assert _gambit_regret(game, equilibrium.strategies) <= 1e-8 * game.payoff_scale
    return equilibrium


@pytest.mark.parametrize("shape,seed", [((3, 3), 10), ((4, 4), 11), ((2, 2, 2), 12), ((3, 3, 2), 13)])
def test_limit_matches_pygambit_logit_solve_and_enumeration(shape, seed):
    game = _random_game(np.random.default_rng(seed), shape)
    equilibrium = _check_found_equilibrium(game, logit_solve(game))
    gambit_game = _gambit(game)
    gambit_limit = _profile(gambit_game, gbt.nash.logit_solve(gambit_game).equilibria[0])
    assert _close(equilibrium.strategies, gambit_limit, 1e-5)
    everything = vertex_enumeration(game) if game.n_players == 2 else polynomial_enumeration(game)
    assert any(equilibrium.same_as(other, tol=1e-7) for other in everything)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(20))
def test_limit_matches_pygambit_and_enumeration_many_games(seed):
    rng = np.random.default_rng(200 + seed)
    shape = [(2, 2), (3, 3), (4, 4), (5, 3), (2, 2, 2), (3, 2, 2), (3, 3, 2), (2, 2, 2, 2)][seed % 8]
    game = _random_game(rng, shape)
    equilibrium = _check_found_equilibrium(game, logit_solve(game))
    gambit_game = _gambit(game)
    gambit_limit = _profile(gambit_game, gbt.nash.logit_solve(gambit_game).equilibria[0])
    assert _close(equilibrium.strategies, gambit_limit, 1e-5)
    everything = vertex_enumeration(game) if game.n_players == 2 else polynomial_enumeration(game)
    assert any(equilibrium.same_as(other, tol=1e-7) for other in everything)


def test_two_player_exact_games_get_exact_equilibria():
    rng = np.random.default_rng(5)
    for _ in range(5):
        A, B = rng.integers(-999, 1000, size=(2, 4, 4))  # generic: the equilibrium is an extreme one
        game = NormalFormGame.from_bimatrix(A.tolist(), B.tolist())
        result = logit_solve(game)
        equilibrium = result[0]
        assert equilibrium.is_exact and result.exact
        assert all(r == 0 for r in equilibrium.regrets)
        assert any(equilibrium.same_as(other) for other in vertex_enumeration(game))


def test_three_player_equilibrium_agrees_with_gambit_gnm_or_simpdiv_set():
    game = _random_game(np.random.default_rng(21), (3, 3, 3))
    equilibrium = _check_found_equilibrium(game, logit_solve(game))
    everything = polynomial_enumeration(game)
    assert any(equilibrium.same_as(other, tol=1e-7) for other in everything)
    # gnm and simpdiv find equilibria of the same game; each is one of the enumerated ones too.
    gambit_game = _gambit(game, normalize=False)
    for found in gbt.nash.gnm_solve(gambit_game).equilibria:
        assert any(_close(_profile(gambit_game, found), other.strategies, 1e-5) for other in everything)


# ------------------------------------------------------- symmetric games
#: Symmetric (B = A transposed), action 2 strictly dominant. Its symmetric
#: QRE is unique at every lam, but asymmetric QRE branch off at pitchforks
#: near lam = 12.136 and lam = 26.007; tracing every player's coordinates,
#: rounding noise drifted onto the asymmetric arm and looped between them.
PITCHFORK = NormalFormGame.from_bimatrix([[0.0, 0.7647], [0.7059, 0.8235]],
                                         [[0.0, 0.7059], [0.7647, 0.8235]])


def _symmetric_qre(A, lam):
    """The symmetric logit QRE of the symmetric 2x2 game (A, A^T) on normalised payoffs, by bisection.

    In this game action 2's gain falls as the common strategy puts more
    weight on action 2, so the logit response is decreasing in that weight
    and its fixed point is unique: bisection finds it without tracing.
    """
    unit = (A - A.min()) / (A.max() - A.min())
    low, high = 0.0, 1.0  # probability of action 2
    for _ in range(200):
        mid = (low + high) / 2
        gain = unit[1] @ [1 - mid, mid] - unit[0] @ [1 - mid, mid]
        response = 1 / (1 + np.exp(-lam * gain))
        low, high = (mid, high) if response > mid else (low, mid)
    return np.array([1 - low, low])


@pytest.mark.parametrize("lam", [5.0, 12.2, 15.0, 20.0, 25.9, 40.0])
def test_symmetric_game_stays_on_the_symmetric_branch_through_pitchforks(lam):
    from gametheory.solvers.logit_batch import logit_qre_batch

    A = np.array([[0.0, 0.7647], [0.7059, 0.8235]])
    qre = logit_qre(PITCHFORK, lam)
    expected = _symmetric_qre(A, lam)
    assert np.allclose(qre.strategies[0], expected, atol=1e-9)
    assert np.allclose(qre.strategies[1], expected, atol=1e-9)
    assert _close(qre.strategies, _logit_response(PITCHFORK, qre.strategies, lam), 1e-9)
    batch = logit_qre_batch(A[None], A.T[None], lam)
    assert np.allclose(batch.row[0], qre.strategies[0], atol=1e-8)
    assert np.allclose(batch.column[0], qre.strategies[1], atol=1e-8)


def test_symmetric_branch_has_no_detour():
    branch = trace_logit(PITCHFORK, max_lambda=50)
    assert branch.turning_points == 0
    assert np.all(np.diff(branch.lam) > 0)
    assert np.allclose(branch.profiles[:, :2], branch.profiles[:, 2:], atol=0)
    assert logit_solve(PITCHFORK)[0].supports == ((1,), (1,))


def _three_player_symmetric(rng, m=2):
    """A symmetric three-player game: a player's payoff depends on its action and the others' as a multiset."""
    own = rng.normal(size=(m, m, m))
    own = (own + own.transpose(0, 2, 1)) / 2  # the two others' places do not matter
    return NormalFormGame([own, own.transpose(1, 0, 2), own.transpose(1, 2, 0)])


def test_symmetric_detection():
    from gametheory.solvers.qre import _is_symmetric, _traced_arrays

    rng = np.random.default_rng(7)
    symmetric = _three_player_symmetric(rng)
    assert _is_symmetric(_traced_arrays(symmetric, True))
    assert _is_symmetric(_traced_arrays(PITCHFORK, False))
    assert _is_symmetric(_traced_arrays(PENNIES, True)) is False  # B = -A, not A transposed
    assert _is_symmetric(_traced_arrays(NormalFormGame.from_bimatrix(np.ones((2, 3))), True)) is False
    broken = [np.array(p, dtype=float) for p in symmetric.payoffs]
    broken[2][0, 1, 1] += 1e-3
    assert _is_symmetric(broken) is False


@pytest.mark.parametrize("seed", range(4))
def test_three_player_symmetric_qre_solves_every_players_equations(seed):
    game = _three_player_symmetric(np.random.default_rng(seed), m=3)
    for lam in (1.0, 8.0, 30.0):
        qre = logit_qre(game, lam)
        assert _close(qre.strategies, _logit_response(game, qre.strategies, lam), 1e-9)
        assert np.allclose(qre.strategies[0], qre.strategies[1], atol=0)
        assert np.allclose(qre.strategies[0], qre.strategies[2], atol=0)


@settings(max_examples=30, deadline=None)
@given(payoffs=st.lists(st.integers(-5, 5), min_size=4, max_size=4),
       lam=st.floats(min_value=0.0, max_value=60.0))
def test_symmetric_2x2_games_agree_with_the_batch(payoffs, lam):
    from gametheory.solvers.logit_batch import logit_qre_batch

    A = np.array(payoffs, dtype=float).reshape(2, 2)
    qre = logit_qre(NormalFormGame.from_bimatrix(A, A.T), lam)
    batch = logit_qre_batch(A[None], A.T[None], lam)
    assert np.allclose(batch.row[0], qre.strategies[0], atol=1e-7)
    assert np.allclose(batch.column[0], qre.strategies[1], atol=1e-7)


# ------------------------------------------------------------- properties
@settings(max_examples=25, deadline=None)
@given(game=nplayer_games(max_players=3, max_actions=3, small_payoffs=False, exact=False),
       lam=st.floats(min_value=0.0, max_value=30.0))
def test_qre_is_a_fixed_point_of_the_logit_response(game, lam):
    qre = logit_qre(game, lam)
    response = _logit_response(game, qre.strategies, lam)
    assert _close(qre.strategies, response, 1e-9)
    assert all(abs(s.sum() - 1) < 1e-12 and s.min() > 0 for s in qre.strategies)
    expected = game.regrets(qre.strategies)
    assert qre.regrets == pytest.approx([float(r) for r in expected], abs=1e-9 * game.payoff_scale)


@settings(max_examples=40, deadline=None)
@given(game=nplayer_games(max_players=3, max_actions=3, small_payoffs=True, exact=True)
       | nplayer_games(max_players=4, max_actions=3, small_payoffs=False, exact=True))
def test_logit_solve_returns_a_certified_equilibrium(game):
    result = logit_solve(game)
    equilibrium = result[0]
    regrets = game.regrets(equilibrium.strategies)
    if equilibrium.is_exact:
        assert all(r == 0 for r in regrets)
    else:
        assert max(float(r) for r in regrets) <= equilibrium.tol
    for s, support in zip(equilibrium.strategies, equilibrium.supports):
        assert [a for a, p in enumerate(s) if p != 0] == list(support)


@settings(max_examples=60, deadline=None)
@given(game=bimatrix_games(max_actions=4, small_payoffs=True, exact=True))
def test_logit_solve_certifies_an_equilibrium_of_degenerate_bimatrix_games(game):
    # Payoffs in -2..2: ties, weakly dominated actions and continua everywhere.
    equilibrium = logit_solve(game)[0]
    regrets = game.regrets(equilibrium.strategies)
    assert all(r == 0 for r in regrets) if equilibrium.is_exact else max(regrets) <= equilibrium.tol
    assert any(equilibrium.same_as(other) for other in vertex_enumeration(game)) or vertex_enumeration(game).continuum


# ------------------------------------------------------ large games, solve()
def test_solve_falls_back_to_logit_on_a_4x4x4_game():
    game = _random_game(np.random.default_rng(44), (4, 4, 4))
    start = time.perf_counter()
    result = solve(game)
    elapsed = time.perf_counter() - start
    _check_found_equilibrium(game, result)
    assert "enumeration_budget=None" in result.notes[0] and "4x4x4" in result.notes[0]
    assert elapsed < 60  # falls back instead of enumerating for minutes


def test_solve_falls_back_to_logit_on_an_eight_player_game():
    game = _random_game(np.random.default_rng(88), (2,) * 8)
    start = time.perf_counter()
    result = solve(game)
    elapsed = time.perf_counter() - start
    _check_found_equilibrium(game, result)
    assert "enumeration_budget=None" in result.notes[0]
    assert elapsed < 60  # falls back instead of enumerating for minutes


def test_enumeration_budget_controls_the_fallback():
    game = _random_game(np.random.default_rng(3), (2, 2, 2))
    assert solve(game).method == "polynomial_enumeration"
    fallback = solve(game, enumeration_budget=0)
    assert fallback.method == "logit" and not fallback.complete
    assert "over the budget of 0" in fallback.notes[0]
    assert solve(game, enumeration_budget=None).complete


def test_solve_method_logit_certifies_on_the_game_as_given():
    # One player's payoffs in the billions must not hide the other's deviation gain.
    game = NormalFormGame.from_bimatrix(np.array([[3e9, 0], [5e9, 1e9]]), np.array([[3.0, 5], [0, 1]]))
    result = solve(game, method="logit")
    assert result[0].game is game
    assert result[0].pure_profile == ("A2", "B2")


# -------------------------------------------------------------- errors
def test_bad_input_is_refused_with_clear_errors():
    with pytest.raises(TypeError, match="NormalFormGame"):
        logit_qre([[1, 2], [3, 4]], 1.0)
    with pytest.raises(ValueError, match="lam"):
        logit_qre(PENNIES, -1.0)
    with pytest.raises(ValueError, match="lam"):
        logit_qre(PENNIES, float("nan"))
    with pytest.raises(TypeError, match="lam"):
        logit_qre(PENNIES, "big")
    with pytest.raises(TypeError, match="normalize"):
        trace_logit(PENNIES, 1.0, normalize="yes")
    with pytest.raises(ValueError, match="max_steps"):
        logit_solve(PENNIES, max_steps=0)
    with pytest.raises(ValueError, match="enumeration_budget"):
        solve(PENNIES, method="vertex_enumeration", enumeration_budget=10)
    with pytest.raises(ValueError, match="traced branch ends"):
        trace_logit(PENNIES, 2.0).at(3.0)


def test_out_of_budget_is_an_error_not_an_answer():
    game = _random_game(np.random.default_rng(9), (4, 4, 4))
    with pytest.raises(LogitTracingError, match="no certified equilibrium"):
        logit_solve(game, max_steps=3)


def test_near_tie_out_of_budget_says_what_to_try_and_the_advice_works():
    # Row is indifferent; column's gains are 1e-8 of the payoff range, so the
    # branch settles only at lam of order 1e10 on normalised payoffs.
    A = np.array([[-3.0, 3.0], [-3.0, 3.0]])
    B = np.array([[-3 - 1e-8, -3 - 1e-8], [3 + 2e-8, 3 - 1e-8]])
    game = NormalFormGame.from_bimatrix(A, B)
    with pytest.raises(LogitTracingError, match=r"raise max_lambda and max_steps, or use solve\(game\)"):
        logit_solve(game)
    equilibrium = logit_solve(game, max_lambda=1e12)[0]
    assert equilibrium.regrets == (0.0, 0.0)
    assert _gambit_regret(game, equilibrium.strategies) <= 1e-12
