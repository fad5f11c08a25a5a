"""Noisy matches and round-robin tournaments."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.games.repeated import RepeatedGame
from gametheory.games.repeated import strategies as st
from gametheory.games.repeated.simulation import play_match, tournament

PD = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"], ["C", "D"]))


def test_noiseless_match_scores_by_hand():
    match = play_match(PD, (st.tit_for_two_tats(), st.always_defect()), 6)
    # TF2T cooperates twice, then defects: S, S, P, P, P, P against T, T, P, P, P, P.
    assert match.scores == (Fraction(4), Fraction(14))
    assert match.mean_scores == (Fraction(2, 3), Fraction(7, 3))
    assert match.rates(("C", "C")) == (2 / 6, 0.0)


def test_seeded_noise_is_reproducible_and_hurts_grim():
    first = play_match(PD, (st.grim_trigger(), st.grim_trigger()), 200, noise=0.05, rng=3)
    again = play_match(PD, (st.grim_trigger(), st.grim_trigger()), 200, noise=0.05, rng=np.random.default_rng(3))
    assert first.actions == again.actions and first.scores == again.scores
    clean = play_match(PD, (st.grim_trigger(), st.grim_trigger()), 200)
    assert clean.scores == (600, 600) and first.scores[0] < 600
    # Every error shows up as an executed action that differs from the noiseless plan only through noise.
    assert any(profile != ("C", "C") for profile in first.actions)


def test_noise_rate_is_respected():
    match = play_match(PD, (st.always_cooperate(), st.always_cooperate()), 4000, noise=0.1, rng=11)
    defections = sum(p == "D" for profile in match.actions for p in profile)
    assert abs(defections / 8000 - 0.1) < 0.015


def test_mixed_strategy_frequencies():
    match = play_match(PD, (st.random_strategy(Fraction(1, 4)), st.always_cooperate()), 4000, rng=5)
    assert abs(match.rates(("C", "C"))[0] - 0.25) < 0.03


def test_discounted_scores_when_the_game_has_a_discount():
    game = RepeatedGame(PD, Fraction(1, 2), horizon=3)
    match = play_match(game, (st.tit_for_tat(), st.always_defect()))
    # S, P, P with weights 1, 1/2, 1/4 over 7/4: (0 + 1/2 + 1/4) / (7/4) = 3/7.
    assert match.rounds == 3 and match.discounted[0] == Fraction(3, 7)


def test_tournament_table_is_consistent_with_the_matches():
    entrants = [st.tit_for_tat(), st.always_defect(), st.always_cooperate(), st.grim_trigger(), st.win_stay_lose_shift()]
    result = tournament(PD, entrants, rounds=50, repetitions=2, noise=0.02, seed=7)
    n = len(entrants)
    assert len(result.matches) == 2 * n * (n + 1) // 2
    table = result.table.set_index("strategy")
    for s in entrants:
        own = [float(m.scores[k]) for m in result.matches for k in range(2) if m.names[k] == s.name
               and (k == 0 or m.names[0] != m.names[1])]
        assert abs(table.loc[s.name, "total_score"] - sum(own)) <= 1e-9 * max(1.0, sum(own))
        assert abs(table.loc[s.name, "mean_score"] - result.scores.loc[s.name].mean()) <= 1e-9
    assert list(result.table["rank"]) == list(range(1, n + 1))
    assert result.table["mean_score"].is_monotonic_decreasing
    same = tournament(PD, entrants, rounds=50, repetitions=2, noise=0.02, seed=7)
    assert same.table.equals(result.table)


def test_axelrod_lesson_defector_wins_matches_but_not_the_tournament():
    entrants = [st.tit_for_tat(), st.always_defect(), st.grim_trigger(), st.tit_for_two_tats(), st.win_stay_lose_shift()]
    result = tournament(PD, entrants, rounds=200)
    table = result.table.set_index("strategy")
    assert table.loc["Tit for Tat", "wins"] == 0 and table.loc["Always Defect", "losses"] == 0
    assert table.loc["Tit for Tat", "mean_score"] > table.loc["Always Defect", "mean_score"]


def test_bad_arguments():
    with pytest.raises(ValueError, match="noise"):
        play_match(PD, (st.tit_for_tat(), st.tit_for_tat()), 5, noise=1.5)
    with pytest.raises(ValueError, match="rounds must be given"):
        play_match(RepeatedGame(PD, 0.9), (st.tit_for_tat(), st.tit_for_tat()))
    with pytest.raises(ValueError, match="duplicates"):
        tournament(PD, [st.tit_for_tat(), st.tit_for_tat()])
    with pytest.raises(TypeError, match="RepeatedGame or a two-player"):
        play_match("PD", (st.tit_for_tat(), st.tit_for_tat()), 5)
