"""Match scores agree with the axelrod library for the strategies both have.

Same stage payoffs (R, S, T, P) = (3, 0, 5, 1), same number of turns, no
noise. ``axelrod.Grudger`` reacts to the opponent's defections only, which is
how our Grim Trigger behaves whenever there is no noise; our ``grudger`` is
the exact counterpart.
"""

from __future__ import annotations

import itertools

import pytest

from gametheory import NormalFormGame
from gametheory.games.repeated import strategies as st
from gametheory.games.repeated.simulation import play_match

axl = pytest.importorskip("axelrod")

PAIRS = {
    "Cooperator": st.always_cooperate,
    "Defector": st.always_defect,
    "Grudger": st.grim_trigger,
    "TitForTat": st.tit_for_tat,
    "TitFor2Tats": st.tit_for_two_tats,
    "WinStayLoseShift": st.win_stay_lose_shift,
}


@pytest.mark.parametrize("turns", [1, 7, 200])
@pytest.mark.parametrize("first, second", list(itertools.combinations_with_replacement(sorted(PAIRS), 2)))
def test_match_scores_agree_with_axelrod(first, second, turns):
    stage = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"], ["C", "D"]))
    ours = play_match(stage, (PAIRS[first](), PAIRS[second]()), turns)
    match = axl.Match((getattr(axl, first)(), getattr(axl, second)()), turns=turns, game=axl.Game(r=3, s=0, t=5, p=1))
    history = match.play()
    assert tuple(int(v) for v in match.final_score()) == tuple(int(v) for v in ours.scores)
    assert [(str(a), str(b)) for a, b in history] == [tuple(p) for p in ours.actions]


def test_grudger_is_the_exact_counterpart_of_axelrod_grudger_against_random_play():
    stage = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"], ["C", "D"]))
    opponent_moves = "CCDCCCDDCD"
    # A fixed opponent sequence as an automaton: one state per round.
    play = {f"t{k}": move for k, move in enumerate(opponent_moves)}
    transitions = {f"t{k}": f"t{min(k + 1, len(opponent_moves) - 1)}" for k in range(len(opponent_moves))}
    from gametheory.games.repeated import Automaton

    scripted = Automaton("Scripted", play, transitions)
    ours = play_match(stage, (st.grudger(), scripted), len(opponent_moves))
    cycler = axl.Cycler(opponent_moves)
    match = axl.Match((axl.Grudger(), cycler), turns=len(opponent_moves), game=axl.Game(r=3, s=0, t=5, p=1))
    match.play()
    assert tuple(int(v) for v in match.final_score()) == tuple(int(v) for v in ours.scores)
