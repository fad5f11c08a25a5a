"""Support enumeration: properties, honest handling of degenerate games, bad input."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings

from gametheory import NormalFormGame, solve
from gametheory.solvers.support_enumeration import support_enumeration
from gametheory.solvers.vertex_enumeration import vertex_enumeration
from strategies import bimatrix_games, random_game
from test_vertex_enumeration import check_degenerate_flag, check_result_properties


@settings(max_examples=60)
@given(bimatrix_games(max_actions=4, exact=True))
def test_properties_exact(game):
    result = support_enumeration(game)
    check_result_properties(result)
    check_degenerate_flag(result)


@settings(max_examples=60)
@given(bimatrix_games(max_actions=4, small_payoffs=True))
def test_properties_float_and_agreement(game):
    result = support_enumeration(game)
    check_result_properties(result)
    check_degenerate_flag(result)
    reference = vertex_enumeration(game)
    assert len(result) == len(reference)
    assert all(a.same_as(b, tol=1e-9) for a, b in zip(result, reference))
    assert (result.degenerate, result.continuum, result.components) == (
        reference.degenerate, reference.continuum, reference.components)


def test_nondegenerate_game_is_solved_by_supports_alone():
    # Battle of the sexes: three equilibria, each from one support pair.
    game = NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    result = support_enumeration(game)
    assert result.method == "support_enumeration" and result.notes == ()
    assert not result.degenerate and not result.continuum
    assert [e.supports for e in result] == [((0,), (0,)), ((0, 1), (0, 1)), ((1,), (1,))]
    assert result[1].strategies[0].tolist() == [F(3, 5), F(2, 5)]


def test_degenerate_game_is_completed_and_says_so():
    # Equilibria with unequal support sizes: (A1, any mix of B1 and B2 with
    # at least half on B1) -- support pairs of equal size cannot produce them.
    game = NormalFormGame.from_bimatrix([[1, 1], [0, 2]], [[1, 1], [1, 1]])
    result = support_enumeration(game)
    assert result.method == "support_enumeration+vertex_enumeration"
    assert result.degenerate and result.continuum and result.complete
    assert any("degenerate" in note for note in result.notes)
    assert ((1, 0), (F(1, 2), F(1, 2))) in [tuple(map(tuple, e.strategies)) for e in result]


def test_probability_of_minus_1e17_is_accepted():
    # Rounding makes one probability about -1e-17 in this game (nashpy 0.0.43
    # rejects it and returns no equilibrium); the tolerance keeps it.
    A = [[19, 991, 616, 586], [401, 244, -318, 978], [-68, -570, 691, -680], [715, 225, -771, -913]]
    B = [[-111, -929, -717, 30], [941, -68, 617, 835], [647, 259, -117, 28], [-468, -6, -241, -505]]
    game = NormalFormGame.from_bimatrix(np.array(A, dtype=float), np.array(B, dtype=float))
    result = support_enumeration(game)
    exact = support_enumeration(game, exact=True)
    assert len(result) == len(exact) == 1
    assert result[0].same_as(exact[0], tol=1e-12)
    assert all(p >= 0 for s in result[0].strategies for p in s)


def test_tolerance_controls_what_counts_as_a_tie():
    # B's columns differ by 1e-6 of B's own payoff range: a tie at tol=1e-3, not at the default.
    game = NormalFormGame.from_bimatrix(np.array([[1.0, 1.0], [0.0, 2.0]]),
                                        np.array([[1.0, 1.0 + 1e-6], [2.0, 2.0 + 1e-6]]))
    for solver in (support_enumeration, vertex_enumeration):
        assert not solver(game).degenerate
        loose = solver(game, tol=1e-3)
        assert loose.degenerate and loose.continuum


def test_ties_are_judged_on_each_players_own_payoffs():
    # A player whose payoffs are tiny beside the other's still has strict preferences,
    # and a game's equilibria do not change when it is rescaled: as solve() decides.
    base_a = np.array([[-1, 5, 2, 1, 6], [-5, -1, -7, 6, 1], [7, -8, 0, 4, -6], [4, -8, -7, 7, 5],
                       [1, 2, -4, -7, 9]], dtype=float)
    base_b = np.array([[-9, -7, -3, 5, -3], [-8, 3, 5, -5, -6], [7, -7, -7, -1, -7], [-4, 9, 2, -2, -6],
                       [5, 6, -9, -2, 8]], dtype=float)
    reference = solve(NormalFormGame.from_bimatrix(base_a, base_b))
    assert len(reference) == 7 and reference.complete
    for scale_a, scale_b in ((1e-8, 1e-8), (1e8, 1e8), (1e7, 1.0), (1.0, 1e-7)):
        game = NormalFormGame.from_bimatrix(base_a * scale_a, base_b * scale_b)
        for solver in (support_enumeration, vertex_enumeration, solve):
            result = solver(game)
            assert result.complete and len(result) == 7, (solver.__name__, scale_a, scale_b)
            for found, expected in zip(result, reference):
                for s, t in zip(found.strategies, expected.strategies):
                    assert np.allclose(np.asarray(s, dtype=float), np.asarray(t, dtype=float), atol=1e-9)
    # One player indifferent everywhere, the other's payoffs large: every profile where the
    # row player best-responds, as in the unscaled game.
    game = NormalFormGame.from_bimatrix(np.array([[1e7, 0.0], [0.0, 1e7]]), np.zeros((2, 2)))
    for solver in (support_enumeration, vertex_enumeration, solve):
        result = solver(game)
        assert result.complete and len(result) == 4 and result.continuum


def test_rectangular_games_match_vertex_enumeration():
    rng = np.random.default_rng(8)
    for shape in [(2, 3), (3, 2), (2, 5), (4, 3), (1, 3)]:
        for degenerate in (False, True):
            game = random_game(rng, *shape, degenerate=degenerate)
            a, b = support_enumeration(game), vertex_enumeration(game)
            assert [tuple(map(tuple, e.strategies)) for e in a] == [tuple(map(tuple, e.strategies)) for e in b]


def test_rejects_bad_input():
    with pytest.raises(TypeError, match="NormalFormGame"):
        support_enumeration("game")
    with pytest.raises(ValueError, match="two-player"):
        support_enumeration(NormalFormGame([np.zeros(3)]))
    with pytest.raises(ValueError, match="tol"):
        support_enumeration(NormalFormGame.from_bimatrix([[1]], [[1]]), tol=float("nan"))


def _per_polytope(bm):
    """Every basis of P and Q solved and classified one polytope at a time (the general path)."""
    from gametheory.solvers import _bimatrix as b

    bases_p, bases_q = b.all_bases(bm.m, bm.n)
    Gp, hp = b.polytope_p(bm)
    Gq, hq = b.polytope_q(bm)
    return (b.solve_bases(Gp, hp, bases_p, bm.eps_p, exact=False),
            b.solve_bases(Gq, hq, bases_q, bm.eps_q, exact=False))


@settings(max_examples=60, deadline=None)
@given(bimatrix_games(max_actions=5, small_payoffs=True))
def test_square_batch_classifies_like_the_per_polytope_path(game):
    """The one-batch solve of a square game's two polytopes gives the general path's vertices and labels."""
    from gametheory.solvers import _bimatrix as b

    k = min(game.shape)  # the leading square block of a rectangular game
    game = NormalFormGame.from_bimatrix(*(np.asarray(M, float)[:k, :k] for M in game.bimatrix()))
    bm = b.prepare(game, False, None, who="test")
    for fast, general in zip(b._square_float(bm), _per_polytope(bm)):
        assert np.array_equal(fast.feasible, general.feasible)
        assert np.array_equal(fast.labels, general.labels)
        assert np.array_equal(fast.n_labels, general.n_labels)
        assert np.array_equal(fast.suspect, general.suspect)
        assert np.allclose(fast.points[fast.feasible], general.points[general.feasible], atol=1e-12)


def test_batched_kernels_match_the_public_linear_algebra():
    """The kernels called without numpy's wrappers give what numpy.linalg gives."""
    from gametheory.solvers import _bimatrix as b

    rng = np.random.default_rng(3)
    mats, rhs = rng.standard_normal((50, 4, 4)), rng.standard_normal((50, 4))
    assert np.allclose(b._det(mats), np.linalg.det(mats))
    assert np.allclose(b._solve(mats, rhs), np.linalg.solve(mats, rhs[..., None])[..., 0])


@settings(max_examples=40, deadline=None)
@given(bimatrix_games(max_actions=4, exact=True))
def test_integer_payoffs_are_the_positive_affine_image(game):
    """Exact mode's integer payoffs are (v - min) * L + 1 with L the least common denominator."""
    import math

    from gametheory.solvers._bimatrix import _positive_integers

    for M in game.bimatrix():
        values = list(M.ravel())
        scale = math.lcm(*(v.denominator for v in values))
        expected = [[int((v - min(values)) * scale) + 1 for v in row] for row in M]
        assert _positive_integers(M) == expected
