"""Float vertex enumeration through Qhull (8 x 8 and up): both routes to the hull, the fallbacks, and
cross-checks against pygambit, the exact solver and every basis solved."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory import NormalFormGame, solve
from gametheory.solvers import _bimatrix, _hull
from gametheory.solvers.support_enumeration import support_enumeration
from gametheory.solvers.vertex_enumeration import vertex_enumeration
from strategies import random_game

QHULL_NOTE = "vertices of the best-response polytopes found with Qhull"


def _games(seed: int, count: int, sizes=((8, 8), (9, 8), (8, 10))):
    """Random float games: wide payoffs (nondegenerate) and payoffs in -2..2 (degenerate), alternating."""
    rng = np.random.default_rng(seed)
    return [random_game(rng, *sizes[k % len(sizes)], degenerate=k % 2 == 1, exact=False) for k in range(count)]


def _same(a, b, tol=1e-9):
    assert len(a) == len(b) and all(x.same_as(y, tol=tol) for x, y in zip(a, b))
    assert (a.degenerate, a.continuum, a.components, a.complete) == (b.degenerate, b.continuum, b.components,
                                                                    b.complete)


def _check_certificates(result):
    game = result.game
    for e in result:
        regrets = game.regrets(e.strategies)
        assert max(regrets) <= game.tolerance(None) == e.tol
        assert np.allclose(regrets, e.regrets, atol=1e-12)
        assert all(np.all(s >= 0) and abs(s.sum() - 1) <= 1e-9 for s in e.strategies)


# ------------------------------------------------------------ the two hull routes
def test_private_and_public_hull_give_the_same_facets():
    rng = np.random.default_rng(5)
    for d in (3, 4, 5, 8):
        points = rng.normal(size=(2 * d + 3, d))
        raw = _hull._raw_facets(points)
        if raw is None:  # a scipy whose private interface changed: the public route is the only one
            pytest.skip("scipy.spatial._qhull._Qhull is not as expected")
        (s1, e1), (s2, e2) = raw, _hull._public_facets(points)
        # The same facets, matched by their sorted vertex indices.
        o1, o2 = np.lexsort(np.sort(s1, axis=1).T), np.lexsort(np.sort(s2, axis=1).T)
        assert np.array_equal(np.sort(s1, axis=1)[o1], np.sort(s2, axis=1)[o2])
        assert np.allclose(e1[o1], e2[o2])


def test_public_route_gives_the_same_results(monkeypatch):
    games = _games(3, 6)
    private = [vertex_enumeration(g) for g in games]
    monkeypatch.setattr(_hull, "_RAW", False)
    used = []
    public_facets = _hull._public_facets
    monkeypatch.setattr(_hull, "_public_facets", lambda points: used.append(1) or public_facets(points))
    public = [vertex_enumeration(g) for g in games]
    assert len(used) == 2 * len(games)
    for a, b in zip(private, public):
        assert QHULL_NOTE in a.notes and QHULL_NOTE in b.notes
        _same(a, b)


class _Changed:
    """Stands in for scipy's ``_Qhull`` with a different interface."""

    def __init__(self, *args, **kwargs):
        pass

    def triangulate(self):
        pass

    def get_simplex_facet_array(self):
        return (np.zeros((1, 2), dtype=np.int32),)

    def close(self):
        pass


@pytest.mark.parametrize("replacement", ["missing", "other signature", "other shape"])
def test_a_changed_private_interface_falls_back_to_convexhull(monkeypatch, replacement):
    from scipy.spatial import _qhull

    game = _games(8, 1)[0]
    expected = vertex_enumeration(game)
    monkeypatch.setattr(_hull, "_RAW", None)
    if replacement == "missing":
        monkeypatch.delattr(_qhull, "_Qhull")
    elif replacement == "other signature":
        monkeypatch.setattr(_qhull, "_Qhull", lambda *args: _Changed())
    else:
        monkeypatch.setattr(_qhull, "_Qhull", _Changed)
    result = vertex_enumeration(game)
    assert _hull._RAW is False
    assert QHULL_NOTE in result.notes
    _same(expected, result)


def test_a_qhull_failure_falls_back_to_every_basis(monkeypatch):
    from scipy.spatial import QhullError

    games = _games(9, 4)
    expected = [vertex_enumeration(g) for g in games]

    def fail(points):
        raise QhullError("QH6271 qhull precision error")

    monkeypatch.setattr(_hull, "hull_facets", fail)
    for game, a in zip(games, expected):
        b = vertex_enumeration(game)
        assert QHULL_NOTE not in b.notes
        _same(a, b)


def test_hull_vertices_are_labelled_and_the_origin_left_out():
    game = _games(10, 1)[0]
    bm = _bimatrix.prepare(game, False, None, who="test")
    sp, sq, bases_p, bases_q, method = _bimatrix.solve_polytopes(bm)
    assert method == "qhull"
    for solved, bases, d in ((sp, bases_p, bm.m), (sq, bases_q, bm.n)):
        weights = 1 << bases.astype(np.int64)
        # A basis's inequalities are tight at its vertex (nondegenerate game: exactly those).
        assert np.array_equal(np.bitwise_or.reduce(weights, axis=1)[solved.feasible], solved.labels[solved.feasible])
        assert (solved.n_labels[solved.feasible] == d).all()
        assert (~solved.feasible).sum() == 1  # the origin
        assert np.abs(solved.points[~solved.feasible]).max() < 1e-12


def test_hull_labels_in_one_product_match_classify(monkeypatch):
    # The one-product labelling (up to 52 labels) against the general classification of the same vertices.
    for game in _games(22, 6, sizes=((8, 8), (9, 10), (12, 8))):
        bm = _bimatrix.prepare(game, False, None, who="test")
        sides = ((*_bimatrix.polytope_p(bm), bm.eps_p, "P"), (*_bimatrix.polytope_q(bm), bm.eps_q, "Q"))
        for G, h, eps, polytope in sides:
            origin = _bimatrix.origin_labels(bm, polytope)
            _, points = _hull.polar_vertices(G, h)
            fast = _bimatrix.hull_labelled(points, G, h, eps, origin)
            with monkeypatch.context() as patch:
                patch.setattr(_bimatrix, "_FLOAT_LABELS", 0)
                general = _bimatrix.hull_labelled(points, G, h, eps, origin)
            for field in ("points", "feasible", "labels", "n_labels"):
                assert np.array_equal(getattr(fast, field), getattr(general, field))
            assert fast.labels.dtype == general.labels.dtype == np.int64


# ------------------------------------------------------------ cross-checks
def test_qhull_route_matches_pygambit():
    from test_crosscheck import gambit_equilibria, same_float_sets

    rng = np.random.default_rng(12)
    for degenerate in (False, True):
        A, B = (M.tolist() for M in _bimatrix_payoffs(rng, degenerate))
        exact_game = NormalFormGame.from_bimatrix(A, B)
        result = solve(NormalFormGame.from_bimatrix(np.array(A, float), np.array(B, float)))
        assert QHULL_NOTE in result.notes and result.complete and result.degenerate >= degenerate
        _check_certificates(result)
        assert same_float_sets(result, gambit_equilibria(exact_game))


def _bimatrix_payoffs(rng, degenerate):
    if degenerate:
        return rng.integers(-2, 3, (8, 8)), rng.integers(-2, 3, (8, 8))
    return rng.integers(-1000, 1001, (8, 8)), rng.integers(-1000, 1001, (8, 8))


@pytest.mark.slow
def test_qhull_route_matches_pygambit_on_more_games():
    from test_crosscheck import gambit_equilibria, same_float_sets

    for game in _games(21, 12):
        exact_game = NormalFormGame.from_bimatrix(*(M.astype(int).tolist() for M in game.payoffs))
        result = solve(game)
        assert result.complete
        _check_certificates(result)
        assert same_float_sets(result, gambit_equilibria(exact_game))


def test_qhull_route_matches_the_exact_solver():
    for game in _games(4, 6):
        result = vertex_enumeration(game)
        exact = vertex_enumeration(game, exact=True)
        assert QHULL_NOTE in result.notes and result.complete
        _check_certificates(result)
        assert len(result) == len(exact) and result.degenerate == exact.degenerate
        assert all(a.same_as(b, tol=1e-9) for a, b in zip(result, exact))
        assert (result.continuum, result.components) == (exact.continuum, exact.components)


def test_qhull_route_matches_every_basis_solved(monkeypatch):
    games = _games(6, 4, sizes=((8, 8),))
    hull = [vertex_enumeration(g) for g in games]
    monkeypatch.setattr(_bimatrix, "BRUTE_FORCE_LIMIT", 10**9)
    brute = [vertex_enumeration(g) for g in games]
    for a, b in zip(hull, brute):
        assert QHULL_NOTE in a.notes and QHULL_NOTE not in b.notes
        _same(a, b)


# ------------------------------------------------------------ support enumeration from 8 x 8
def _spy_methods(monkeypatch):
    """Record the candidate method of every solve_polytopes call of the solvers."""
    from gametheory.solvers import _bimatrix_solve

    methods = []
    original = _bimatrix_solve.solve_polytopes

    def spy(bm, **kwargs):
        solved = original(bm, **kwargs)
        methods.append(solved[4])
        return solved

    monkeypatch.setattr(_bimatrix_solve, "solve_polytopes", spy)
    return methods


def test_support_enumeration_reads_the_hull_and_matches_every_pair_solved(monkeypatch):
    games = _games(15, 6, sizes=((8, 8), (9, 8)))
    methods = _spy_methods(monkeypatch)
    hull = [support_enumeration(g) for g in games]
    assert methods == ["qhull"] * len(games)
    monkeypatch.setattr(_bimatrix, "BRUTE_FORCE_LIMIT", 10**9)
    every = [support_enumeration(g) for g in games]
    assert methods[len(games):] == ["all bases"] * len(games)
    for a, b in zip(hull, every):
        assert (a.method, a.notes) == (b.method, b.notes)
        assert a.method == ("support_enumeration+vertex_enumeration" if a.degenerate else "support_enumeration")
        _check_certificates(a)
        _same(a, b)
    assert {a.degenerate for a in hull} == {False, True}


def test_support_enumeration_falls_back_to_every_pair_when_qhull_fails(monkeypatch):
    from scipy.spatial import QhullError

    games = _games(16, 2, sizes=((8, 8),))
    expected = [support_enumeration(g) for g in games]

    def fail(points):
        raise QhullError("QH6271 qhull precision error")

    monkeypatch.setattr(_hull, "hull_facets", fail)
    methods = _spy_methods(monkeypatch)
    for game, a in zip(games, expected):
        b = support_enumeration(game)
        assert (a.method, a.notes) == (b.method, b.notes)
        _same(a, b)
    assert methods == ["all bases"] * len(games)


def test_support_enumeration_of_a_large_game_agrees_with_vertex_enumeration():
    for game in _games(17, 4, sizes=((10, 10), (11, 8))):
        a, b = support_enumeration(game), vertex_enumeration(game)
        assert len(a) == len(b) and all(x.same_as(y, tol=1e-9) for x, y in zip(a, b))
        assert (a.degenerate, a.continuum, a.components, a.complete) == (b.degenerate, b.continuum, b.components,
                                                                        b.complete)
        assert QHULL_NOTE not in a.notes and QHULL_NOTE in b.notes


def test_a_later_interface_error_falls_back_to_convexhull(monkeypatch):
    # After the first check passed, a TypeError or AttributeError from the private route switches to ConvexHull.
    game = _games(18, 1)[0]
    expected = vertex_enumeration(game)

    def broken(*args, **kwargs):
        raise TypeError("__init__() got an unexpected keyword argument 'required_options'")

    monkeypatch.setattr(_hull, "_RAW", broken)
    result = vertex_enumeration(game)
    assert _hull._RAW is False
    _same(expected, result)


def _identical(a, b):
    """Equal results to the last bit: strategies, certificates, supports, and every flag and note."""
    assert (a.method, a.complete, a.degenerate, a.continuum, a.notes, a.components, a.exact) == (
        b.method, b.complete, b.degenerate, b.continuum, b.notes, b.components, b.exact)
    assert len(a) == len(b)
    for x, y in zip(a, b):
        assert (x.payoffs, x.regrets, x.supports, x.tol) == (y.payoffs, y.regrets, y.supports, y.tol)
        assert all(np.array_equal(s, t) for s, t in zip(x.strategies, y.strategies))


def test_solve_takes_the_direct_float_path_up_to_12_x_12_with_the_general_dispatch_answer():
    # enumeration_budget=None skips the direct path (it is read only by games of three or more players).
    games = _games(17, 8, sizes=((8, 8), (10, 9), (12, 12), (11, 12)))
    for game in games:
        for tol in (None, 0.0):
            direct, general = solve(game, tol=tol), solve(game, tol=tol, enumeration_budget=None)
            _identical(direct, general)
            assert direct.method == "vertex_enumeration"
        # At tol=0 float candidates may be refused; an answer that is not complete says why.
        assert direct.complete or direct.notes
    # At the default tolerance every equilibrium is found and certified.
    for game in games:
        result = solve(game)
        assert result.complete and len(result) >= 1
        _check_certificates(result)
