"""The batch logit tracer on nearly symmetric games: the principal branch through unfolded pitchforks.

A game ``(A, A.T + eps * N)`` unfolds the pitchforks of its symmetric
neighbour: its principal branch turns sharply onto the arm the asymmetry
selects. The vectorised pass of :func:`logit_qre_batch` would take the turn
for a bifurcation point and go straight on, so these games are traced alone;
checked here against the 40-digit reference trace of
``tests/test_logit_near_symmetric.py`` and against the one-game tracer.
"""

import numpy as np
import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame
from gametheory.solvers.logit import logit_qre
from gametheory.solvers.logit_batch import NEARLY_SYMMETRIC_BATCH, logit_qre_batch
from gametheory.solvers.qre import SYMMETRY_TOLERANCE
from tests.test_logit_near_symmetric import NEAR_PITCHFORK_3X3, PITCHFORK_A, _reference, near_symmetric_games

PITCHFORK_NOISE = np.array([[0.3, -1.0], [0.6, 0.2]])


def _near_symmetric_3x3(A):
    A = np.array(A)
    B = A.T.copy()
    B[2, 0] = -0.3549999999999  # A[0][2] = -0.355
    return A, B


def _certified(result, A, B):
    """Each player's regret in the games as given, recomputed from the returned strategies."""
    for k in range(len(result)):
        row_values, column_values = A[k] @ result.column[k], result.row[k] @ B[k]
        regrets = [row_values.max() - result.row[k] @ row_values, column_values.max() - column_values @ result.column[k]]
        assert np.allclose(result.regrets[k], np.maximum(regrets, 0.0), atol=1e-12)


def _counting_one_game_tracer(monkeypatch):
    import gametheory.solvers.logit as logit_module

    traced = []
    one_game = logit_module.logit_qre

    def counted(game, *args, **kwargs):
        traced.append(game)
        return one_game(game, *args, **kwargs)

    monkeypatch.setattr(logit_module, "logit_qre", counted)
    return traced


@pytest.mark.parametrize("eps", [3e-14, 1e-10, 1e-7, 1e-5])
def test_unfolded_pitchfork_batch_follows_the_reference(eps):
    # Between the pitchforks (lam ~ 12.1 and 26.0) the branch is on the asymmetric arm the sign picks.
    A = np.array([PITCHFORK_A] * 2)
    B = np.array([PITCHFORK_A.T + eps * PITCHFORK_NOISE, PITCHFORK_A.T - eps * PITCHFORK_NOISE])
    lams = [5.0, 20.0, 60.0]
    for lam in lams:
        result = logit_qre_batch(A, B, lam)
        _certified(result, A, B)
        sides = []
        for k in range(2):
            reference = _reference(NormalFormGame.from_bimatrix(A[k], B[k]), [lam])[lam]
            assert np.allclose(result.row[k], reference[0], atol=1e-7, rtol=0)
            assert np.allclose(result.column[k], reference[1], atol=1e-7, rtol=0)
            sides.append(np.sign(result.row[k][0] - result.column[k][0]))
        if lam == 20.0:
            assert abs(result.row[0][0] - result.column[0][0]) > 0.05
            assert sides[0] == -sides[1]


def test_near_pitchfork_3x3_batch_follows_the_reference():
    games = [_near_symmetric_3x3(A) for A in NEAR_PITCHFORK_3X3]
    A, B = np.array([g[0] for g in games]), np.array([g[1] for g in games])
    lams = [15.0, 60.0]
    references = [_reference(NormalFormGame.from_bimatrix(a, b), lams) for a, b in games]
    for lam in lams:
        result = logit_qre_batch(A, B, lam)
        _certified(result, A, B)
        for k, reference in enumerate(references):
            assert np.allclose(result.row[k], reference[lam][0], atol=1e-7, rtol=0)
            assert np.allclose(result.column[k], reference[lam][1], atol=1e-7, rtol=0)


def test_only_nearly_symmetric_games_leave_the_vectorised_pass(monkeypatch):
    # A batch mixing an ordinary game, an exactly symmetric one (on the pitchfork game itself: the
    # vectorised pass goes straight through its pitchforks, as the one-game tracer's symmetric system
    # does), one symmetric up to rounding (units differ per player), nearly symmetric ones and one
    # just beyond the bound.
    rng = np.random.default_rng(5)
    ordinary = rng.uniform(-1, 1, (2, 2, 2))
    beyond = PITCHFORK_A.T + 3 * NEARLY_SYMMETRIC_BATCH[2] * np.array([[0.0, 1.0], [0.0, 0.0]])
    A = np.array([ordinary[0], PITCHFORK_A, PITCHFORK_A, PITCHFORK_A, PITCHFORK_A, PITCHFORK_A])
    B = np.array([ordinary[1], PITCHFORK_A.T, 3.7 * PITCHFORK_A.T + 11,
                  PITCHFORK_A.T + 1e-12 * PITCHFORK_NOISE, PITCHFORK_A.T - 1e-6 * PITCHFORK_NOISE, beyond])
    traced = _counting_one_game_tracer(monkeypatch)
    result = logit_qre_batch(A, B, 20.0)
    assert len(traced) == 2
    assert [np.abs(np.asarray(g.payoffs[1], dtype=float) - np.asarray(g.payoffs[0], dtype=float).T).max() > 0
            for g in traced] == [True, True]
    _certified(result, A, B)
    for k in range(len(A)):
        qre = logit_qre(NormalFormGame.from_bimatrix(A[k], B[k]), 20.0)
        assert np.allclose(result.row[k], qre.strategies[0], atol=1e-9, rtol=0), k
        assert np.allclose(result.column[k], qre.strategies[1], atol=1e-9, rtol=0), k
    # Exactly symmetric: on the symmetric branch; nearly symmetric: on an arm.
    assert np.allclose(result.row[1], result.column[1], atol=1e-12)
    assert np.allclose(result.row[2], result.column[2], atol=1e-12)
    assert abs(result.row[3][0] - result.column[3][0]) > 0.05
    assert abs(result.row[4][0] - result.column[4][0]) > 0.05


def test_the_bound_lies_above_the_symmetry_tolerance():
    assert set(NEARLY_SYMMETRIC_BATCH) == {2, 3}
    assert all(SYMMETRY_TOLERANCE < bound <= 0.1 for bound in NEARLY_SYMMETRIC_BATCH.values())


@settings(max_examples=30, deadline=None)
@given(game=near_symmetric_games(min_exponent=-13.5, max_exponent=-2), lam=st.sampled_from([4.0, 20.0, 100.0]),
       seed=st.integers(0, 2**32 - 1), normalize=st.booleans())
def test_batch_matches_the_one_game_tracer_on_nearly_symmetric_games(game, lam, seed, normalize):
    # The game sits among ordinary games of its size, at a random place in the batch.
    note(f"payoffs: {[np.asarray(p, dtype=float).tolist() for p in game.bimatrix()]}")
    a, b = (np.asarray(p, dtype=float) for p in game.bimatrix())
    rng = np.random.default_rng(seed)
    m = a.shape[0]
    A, B = rng.uniform(-1, 1, (5, m, m)), rng.uniform(-1, 1, (5, m, m))
    place = int(rng.integers(0, 5))
    A[place], B[place] = a, b
    result = logit_qre_batch(A, B, lam, normalize=normalize)
    _certified(result, A, B)
    for k in range(5):
        qre = logit_qre(NormalFormGame.from_bimatrix(A[k], B[k]), lam, normalize=normalize)
        assert np.allclose(result.row[k], qre.strategies[0], atol=1e-9, rtol=0), k
        assert np.allclose(result.column[k], qre.strategies[1], atol=1e-9, rtol=0), k
