"""Float two-player solvers on integer games with ties, at ``tol=0`` and at the default tolerance, against
pygambit's rational enumeration of extreme equilibria.

At ``tol=0`` an exact tie of the game computes as a few units of rounding either side of zero; the label
values of the bases are then decided by the rounding rule of :mod:`gametheory.solvers._basis_minors` (a
numerator within its rounding bound takes the exact value of its minor, zero at a tie). A result that says ``complete=True`` must list every extreme
equilibrium, and every equilibrium listed must carry a certificate that holds (checked here again in exact
arithmetic on the float probabilities).
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame, solve
from gametheory.solvers import support_enumeration, vertex_enumeration

pygambit = pytest.importorskip("pygambit")

SOLVERS = {
    "solve": lambda game, tol: solve(game, tol=tol),
    "vertex_enumeration": lambda game, tol: vertex_enumeration(game, tol=tol),
    "support_enumeration": lambda game, tol: support_enumeration(game, tol=tol),
}


def _extreme_equilibria(A, B) -> list:
    """pygambit's rational extreme equilibria of the payoffs read exactly (each float is a rational), as
    concatenated float profiles (distinct)."""
    game = pygambit.Game.from_arrays(*(np.array([[F(float(v)) for v in row] for row in M], dtype=object)
                                       for M in (A, B)))
    row, column = list(game.players)
    found = []
    for eq in pygambit.nash.enummixed_solve(game, rational=True).equilibria:
        point = np.array([float(F(str(eq[s]))) for s in list(row.strategies) + list(column.strategies)])
        if not any(np.allclose(point, other, atol=1e-12) for other in found):
            found.append(point)
    return found


def _exact_regrets(A, B, x, y) -> tuple:
    """Both players' regrets of the float profile ``(x, y)`` in exact arithmetic on integer payoffs."""
    x, y = [F(float(p)) for p in x], [F(float(q)) for q in y]
    row_values = [sum(F(int(a)) * q for a, q in zip(line, y)) for line in A]
    column_values = [sum(F(int(A_col)) * p for A_col, p in zip(column, x)) for column in zip(*B)]
    return (max(row_values) - sum(p * v for p, v in zip(x, row_values)),
            max(column_values) - sum(q * v for q, v in zip(y, column_values)))


def check_against_pygambit(A, B, tol) -> dict:
    """Solve the integer game ``(A, B)`` read in floats with each solver at ``tol``: every certificate holds,
    and a complete result lists every extreme equilibrium pygambit finds. Returns ``{solver: complete}``."""
    A, B = np.asarray(A), np.asarray(B)
    game = NormalFormGame.from_bimatrix(A.astype(float), B.astype(float))
    m = A.shape[0]
    reference = None
    completeness = {}
    for name, solver in SOLVERS.items():
        result = solver(game, tol)
        ours = [np.concatenate([np.asarray(s, dtype=float) for s in e.as_float()]) for e in result]
        limit = game.tolerance(tol)
        for e, point in zip(result, ours):
            assert max(e.regrets) <= limit, (name, A.tolist(), B.tolist())
            # The certificate's regrets are computed in floats; exactly they may differ by rounding.
            assert float(max(_exact_regrets(A, B, point[:m], point[m:]))) <= limit + 1e-12, (name, A.tolist())
        completeness[name] = result.complete
        if result.complete:
            if reference is None:
                reference = _extreme_equilibria(A, B)
            missing = [p for p in reference if not any(np.allclose(p, q, atol=1e-9) for q in ours)]
            assert not missing, (name, tol, A.tolist(), B.tolist(), missing)
    return completeness


# Games whose float solvers at tol=0 decided a tie by the sign of its rounding: a feasible basis was lost
# or a degenerate game taken for nondegenerate, and the answer missed equilibria with complete=True.
ZERO_TOLERANCE_GAMES = {
    "4 x 5": ([[9, -4, 6, 9, 0], [-9, -8, 3, 1, 0], [-1, -3, 1, -7, 6], [-2, 1, 3, 4, 7]],
              [[-6, -1, 4, -4, 3], [5, -9, -8, 0, -2], [-1, -5, -7, -7, 0], [9, 8, 7, -9, 4]]),
    "2 x 4": ([[-5, -9, 9, -8], [-6, 2, 8, -9]], [[8, 5, -5, -5], [-6, -3, 2, 7]]),
    "3 x 2": ([[1, 0], [0, 1], [-1, 2]], [[2, 2], [0, 0], [0, -1]]),
    "3 x 5": ([[1, 3, -7, 2, -3], [-9, -9, -6, 3, 4], [1, -7, -2, -3, -2]],
              [[8, -6, -9, -5, 0], [-4, 3, -2, -2, 0], [2, 1, 2, -1, -8]]),
    "5 x 2": ([[0, 1], [2, -1], [2, -1], [-1, 2], [1, -1]], [[-2, -2], [0, 1], [1, -2], [2, -2], [-2, -1]]),
    "5 x 3": ([[-2, -1, -2], [-2, 2, -4], [-1, -4, 0], [-3, 3, 1], [0, 0, -4]],
              [[-4, -1, 4], [1, -4, 1], [2, 0, 0], [-4, -3, -4], [4, 3, -2]]),
    "6 x 2": ([[4, -3], [2, -1], [1, -1], [1, 0], [-3, 1], [-2, 0]],
              [[2, 3], [4, 4], [-1, -1], [-1, -2], [2, 1], [0, 1]]),
}


@pytest.mark.parametrize("name", ZERO_TOLERANCE_GAMES)
@pytest.mark.parametrize("tol", [0.0, 1e-15, None])
def test_ties_decided_by_rounding(name, tol):
    A, B = ZERO_TOLERANCE_GAMES[name]
    completeness = check_against_pygambit(A, B, tol)
    if tol is None:
        assert all(completeness.values())


def test_the_four_by_five_game_lists_its_three_equilibria():
    """Its degenerate vertex is found at tol=0: three equilibria at any positive tolerance, and at tol=0
    either those three or an answer that says it is incomplete."""
    A, B = (np.array(M, dtype=float) for M in ZERO_TOLERANCE_GAMES["4 x 5"])
    game = NormalFormGame.from_bimatrix(A, B)
    for tol in (1e-15, None):
        result = solve(game, tol=tol)
        assert result.complete and result.degenerate and len(result) == 3
    result = solve(game, tol=0.0)
    assert result.degenerate
    assert len(result) == 3 if result.complete else result.notes


def _random_integer_games(seed: int, count: int, largest: int):
    """Integer games of 2 to ``largest`` actions each with payoffs in -9..9, -4..4 or -2..2 (many ties)."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        m, n = rng.integers(2, largest + 1, size=2)
        span = int(rng.choice([2, 4, 9]))
        yield rng.integers(-span, span + 1, size=(m, n)), rng.integers(-span, span + 1, size=(m, n))


def test_random_integer_games_against_pygambit():
    """A fast cross-check: 40 games of 2 x 2 to 5 x 5 at tol=0 and the default tolerance."""
    for A, B in _random_integer_games(11, 40, 5):
        for tol in (0.0, None):
            completeness = check_against_pygambit(A, B, tol)
            if tol is None:
                assert all(completeness.values())


@st.composite
def _tied_games(draw):
    """Integer games of 2 to 5 actions each with payoffs in -2..2 (ties everywhere) or -9..9."""
    m, n = draw(st.integers(2, 5)), draw(st.integers(2, 5))
    span = draw(st.sampled_from([2, 9]))
    entries = st.lists(st.integers(-span, span), min_size=m * n, max_size=m * n)
    A, B = np.array(draw(entries)).reshape(m, n), np.array(draw(entries)).reshape(m, n)
    return A, B


@settings(max_examples=40, deadline=None)
@given(_tied_games(), st.sampled_from([0.0, 1e-15, None]))
def test_tied_games_against_pygambit(game, tol):
    A, B = game
    completeness = check_against_pygambit(A, B, tol)
    if tol is None:
        assert all(completeness.values())


@pytest.mark.slow
def test_random_integer_games_against_pygambit_wide():
    """1,500 games of 2 x 2 to 6 x 6 at tol=0 and the default tolerance (about a minute)."""
    for A, B in _random_integer_games(12, 1500, 6):
        for tol in (0.0, None):
            completeness = check_against_pygambit(A, B, tol)
            if tol is None:
                assert all(completeness.values())
