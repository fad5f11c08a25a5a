"""Automaton strategies: validation, wildcards, the classic library, role maps."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.games.repeated import Automaton, RepeatedGame
from gametheory.games.repeated import strategies as st


def run(automaton, opponent_moves, own_moves=None):
    """Actions an automaton plays against a fixed sequence of opponent moves (its own moves as planned)."""
    state, played = automaton.initial, []
    for k, other in enumerate(opponent_moves):
        own = automaton.play[state] if own_moves is None else own_moves[k]
        played.append(automaton.play[state])
        state = automaton.next_state(state, (own, other))
    return "".join(played)


def test_classic_strategies_behave_as_defined():
    assert run(st.always_cooperate(), "DDDD") == "CCCC"
    assert run(st.always_defect(), "CCCC") == "DDDD"
    assert run(st.tit_for_tat(), "DCDDC") == "CDCDD"
    assert run(st.tit_for_two_tats(), "DCDDDC") == "CCCCDD"
    assert run(st.grim_trigger(), "CDCCC") == "CCDDD"
    assert run(st.grudger(), "CDCCC") == "CCDDD"
    # Pavlov: cooperate iff both played alike last round.
    assert run(st.win_stay_lose_shift(), "DDCDD") == "CDCCD"
    assert run(st.k_period_punishment(2), "DCCCDC") == "CDDCCD"


def test_grim_trigger_reacts_to_own_defections_but_grudger_does_not():
    assert st.grim_trigger().next_state("c", ("D", "C")) == "p"
    assert st.grudger().next_state("c", ("D", "C")) == "c"


def test_user_defined_automaton_in_a_few_lines_and_from_data():
    forgiving = Automaton("Two strikes", play={"ok": "C", "warned": "C", "out": "D"},
                          transitions={"ok": {"*D": "warned", "*C": "ok"}, "warned": {"*D": "out", "*C": "ok"}, "out": "out"})
    assert run(forgiving, "DCDDC") == "CCCCD"
    data = forgiving.to_dict()
    assert Automaton.from_dict(data) == forgiving
    assert Automaton.from_dict({"name": "Grim", "states": {"c": {"play": "C", "on": {"C,C": "c", "*": "p"}},
                                                           "p": {"play": "D"}}}).transitions == st.grim_trigger().transitions


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(play={"c": "X"}, transitions={"c": "c"}), "unknown action 'X'"),
        (dict(play={"c": "C"}, transitions={"c": "z"}), "unknown state 'z'"),
        (dict(play={"c": "C"}, transitions={"c": {"CC": "c"}}), r"no transition for the profile \('C', 'D'\)"),
        (dict(play={"c": "C"}), "no transitions given"),
        (dict(play={"c": "C", "d": "D"}, transitions={"c": "c", "d": "d"}), r"state\(s\) \['d'\] cannot be reached"),
        (dict(play={"c": "C", "d": "D"}, transitions={"c": {"C*": "c", "*D": "d"}, "d": "d"}), "matches keys"),
        (dict(play={"c": "C"}, transitions={"c": {"CQ": "c"}}), "unknown action 'Q'"),
        (dict(play={"c": "C"}, transitions={"x": "c"}), r"unknown state\(s\) \['x'\]"),
        (dict(play={"c": "C"}, transitions={"c": "c"}, initial="q"), "initial state 'q'"),
        (dict(play={"c": {"C": 0.5, "D": 0.6}}, transitions={"c": "c"}), "sum to"),
    ],
)
def test_invalid_automata_are_refused_with_clear_messages(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Automaton("bad", **kwargs)


def test_wildcards_most_specific_key_wins():
    a = Automaton("w", play={"c": "C", "d": "D"}, transitions={"c": {"*": "d", "CC": "c"}, "d": {"*": "c", "*D": "d"}})
    assert a.next_state("c", ("C", "C")) == "c" and a.next_state("c", ("D", "C")) == "d"
    assert a.next_state("d", ("C", "D")) == "d" and a.next_state("d", ("D", "C")) == "c"


def test_noisy_variant_and_mixed_strategies():
    noisy = st.tit_for_tat().with_noise(Fraction(1, 10))
    assert noisy.action("c") == {"C": Fraction(9, 10), "D": Fraction(1, 10)} and not noisy.is_pure
    assert st.generous_tit_for_tat(Fraction(1, 4)).distribution("d") == {"C": Fraction(1, 4), "D": Fraction(3, 4)}
    with pytest.raises(ValueError, match="noise"):
        st.tit_for_tat().with_noise(2)
    with pytest.raises(ValueError, match="unknown strategy 'nope'"):
        st.strategy("nope")
    with pytest.raises(ValueError, match="positive integer"):
        st.k_period_punishment(0)


def test_role_maps_are_explicit_and_checked():
    labels = (["Restrain", "Arm"], ["Restrain", "Arm"])
    stage = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=labels)
    assert RepeatedGame(stage, 0.9).role_map(("C", "D"), 1) == {"C": "Restrain", "D": "Arm"}
    swapped = RepeatedGame(stage, 0.9, roles={"C": "Arm", "D": "Restrain"})
    bound = swapped.bind(st.always_cooperate(), 0)
    assert bound.action == (stage.action_index(0, "Arm"),)
    with pytest.raises(ValueError, match="same action"):
        RepeatedGame(stage, 0.9, roles={"C": "Arm", "D": "Arm"})
    with pytest.raises(ValueError, match="not one of the player's actions"):
        RepeatedGame(stage, 0.9, roles={"C": "Hide", "D": "Arm"})
    three = NormalFormGame.from_bimatrix([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    with pytest.raises(ValueError, match="pass roles"):
        RepeatedGame(three, 0.5).bind(st.tit_for_tat(), 0)
    with pytest.raises(ValueError, match="discount must be in"):
        RepeatedGame(stage, 1)
    with pytest.raises(ValueError, match="two-player"):
        RepeatedGame(NormalFormGame(np.zeros((2, 2, 2, 3))), 0.5)
