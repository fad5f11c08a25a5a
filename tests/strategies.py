"""Hypothesis strategies and random-game generators shared by the test suite."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from gametheory import NormalFormGame


def random_bimatrix(rng: np.random.Generator, m: int, n: int, *, degenerate: bool = False):
    """Integer payoff matrices: wide range (generic) or -2..2 (ties everywhere)."""
    low, high = (-2, 3) if degenerate else (-1000, 1001)
    return rng.integers(low, high, size=(m, n)), rng.integers(low, high, size=(m, n))


def random_game(rng: np.random.Generator, m: int, n: int, *, degenerate: bool = False, exact: bool = True) -> NormalFormGame:
    A, B = random_bimatrix(rng, m, n, degenerate=degenerate)
    if exact:
        return NormalFormGame.from_bimatrix(A.tolist(), B.tolist())
    return NormalFormGame.from_bimatrix(A.astype(float), B.astype(float))


@st.composite
def bimatrix_games(draw, max_actions: int = 4, small_payoffs: bool = False, exact: bool = False):
    """Two-player games with 1..max_actions actions each."""
    m = draw(st.integers(1, max_actions))
    n = draw(st.integers(1, max_actions))
    bound = 2 if small_payoffs else 100
    entries = st.integers(-bound, bound)
    A = draw(st.lists(st.lists(entries, min_size=n, max_size=n), min_size=m, max_size=m))
    B = draw(st.lists(st.lists(entries, min_size=n, max_size=n), min_size=m, max_size=m))
    if exact:
        return NormalFormGame.from_bimatrix(A, B)
    return NormalFormGame.from_bimatrix(np.array(A, dtype=float), np.array(B, dtype=float))


@st.composite
def nplayer_games(draw, max_players: int = 3, max_actions: int = 3, small_payoffs: bool = True, exact: bool = True):
    """n-player games with small integer payoffs."""
    n_players = draw(st.integers(2, max_players))
    shape = tuple(draw(st.integers(1, max_actions)) for _ in range(n_players))
    bound = 2 if small_payoffs else 100
    size = int(np.prod(shape))
    arrays = [
        np.array(draw(st.lists(st.integers(-bound, bound), min_size=size, max_size=size)), dtype=object).reshape(shape)
        for _ in range(n_players)
    ]
    game = NormalFormGame(arrays)
    return game if exact else game.as_float()
