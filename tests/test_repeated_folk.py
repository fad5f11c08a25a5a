"""Folk theorem picture: feasible set, minmax values, individually rational region, plot."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.numerics import DEFAULT_TOL
from gametheory.games.repeated.folk import feasible_set, folk_region, minmax, plot_folk_region
from tests.strategies import random_game


def grid_minmax(M, steps=400):
    """min over a fine grid of the opponent's mixtures (2 opponent actions) of max over own actions."""
    best = np.inf
    for q in np.linspace(0, 1, steps + 1):
        best = min(best, float(np.max(np.asarray(M, dtype=float) @ np.array([q, 1 - q]))))
    return best


@pytest.mark.parametrize("seed", range(12))
def test_exact_minmax_is_certified_and_matches_a_grid_search(seed):
    rng = np.random.default_rng(seed)
    game = random_game(rng, int(rng.integers(2, 4)), 2)
    for player in range(2):
        v = minmax(game, player)
        M = game.payoffs[0] if player == 0 else game.payoffs[1].T
        # Exact certificate: the punishment caps the player at v, the certificate guarantees v.
        assert v.gap == 0 and max(M.dot(v.punishment)) == v.value == min(v.certificate.dot(M))
        assert sum(v.punishment) == 1 and all(p >= 0 for p in v.punishment)
        assert v.value <= v.pure_value
        if player == 1:  # the opponent (row) has 2+ actions; grid only over 2-action opponents
            continue
        assert abs(grid_minmax(M) - float(v.value)) <= 1e-2 * max(1.0, float(np.abs(np.asarray(M, float)).max()))


def test_matching_pennies_mixed_minmax_below_pure():
    mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    v = minmax(mp, 1)
    assert v.value == 0 and v.pure_value == 1 and list(v.punishment) == [Fraction(1, 2), Fraction(1, 2)]
    floating = minmax(mp.as_float(), 0)
    assert abs(floating.value) <= DEFAULT_TOL and floating.gap <= DEFAULT_TOL


def test_prisoners_dilemma_region():
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    region = folk_region(pd)
    assert region.threshold == (1, 1) and region.strict_interior
    assert set(region.vertices) == {(1, 1), (Fraction(13, 3), 1), (3, 3), (1, Fraction(13, 3))}
    assert set(feasible_set(pd).vertices) == {(0, 5), (1, 1), (5, 0), (3, 3)}


def test_degenerate_hulls():
    point = NormalFormGame.from_bimatrix([[2, 2], [2, 2]], [[1, 1], [1, 1]])
    assert feasible_set(point).dimension == 0 and folk_region(point).vertices == ((2, 1),)
    assert not folk_region(point).strict_interior
    line = NormalFormGame.from_bimatrix([[0, 1], [2, 3]], [[0, 1], [2, 3]])
    f = feasible_set(line)
    assert f.dimension == 1 and f.vertices == ((0, 0), (3, 3))
    # Row's minmax: column plays its first action, row's best reply earns 2; column's: row plays its first, 1.
    region = folk_region(line)
    assert region.threshold == (2, 1) and region.vertices == ((2, 2), (3, 3)) and region.strict_interior
    floating = feasible_set(line.as_float())
    assert floating.dimension == 1


def test_plot_is_saved_to_png(tmp_path):
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("Ally A", "Ally B"))
    figure = plot_folk_region(pd, points={"Grim vs Grim": (3, 3)})
    target = tmp_path / "folk.png"
    figure.savefig(target)
    assert target.stat().st_size > 1000
    assert figure.axes[0].get_xlabel() == "payoff of Ally A"
    line = NormalFormGame.from_bimatrix([[0, 1], [2, 3]], [[0, 1], [2, 3]])
    plot_folk_region(line, mixed=False).savefig(tmp_path / "line.png")


def test_bad_input():
    with pytest.raises(TypeError, match="NormalFormGame"):
        feasible_set([[1, 2]])
    with pytest.raises(ValueError, match="two-player"):
        minmax(NormalFormGame([[1, 2]]), 0)
