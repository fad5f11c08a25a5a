"""The classic repeated-game strategies as automata.

Every strategy here speaks the alphabet ``("C", "D")`` (cooperate, defect);
:class:`~gametheory.games.repeated.game.RepeatedGame` maps it onto the stage game's
actions. Each function returns a new :class:`~gametheory.games.repeated.automata.Automaton`.

References
----------
Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books.
Friedman, J. (1971). A non-cooperative equilibrium for supergames.
*Review of Economic Studies* 38(1), 1-12.
Nowak, M. and Sigmund, K. (1993). A strategy of win-stay, lose-shift that
outperforms tit-for-tat in the Prisoner's Dilemma game. *Nature* 364, 56-58.
"""

from __future__ import annotations

import numbers
from fractions import Fraction

from .automata import Automaton

__all__ = [
    "always_cooperate",
    "always_defect",
    "grim_trigger",
    "grudger",
    "tit_for_tat",
    "tit_for_two_tats",
    "win_stay_lose_shift",
    "k_period_punishment",
    "generous_tit_for_tat",
    "random_strategy",
    "LIBRARY",
    "strategy",
]


def always_cooperate() -> Automaton:
    """ALL C: cooperate in every round.

    >>> always_cooperate().play["c"]
    'C'
    """
    return Automaton("Always Cooperate", play={"c": "C"}, transitions={"c": "c"})


def always_defect() -> Automaton:
    """ALL D: defect in every round.

    >>> always_defect().play["d"]
    'D'
    """
    return Automaton("Always Defect", play={"d": "D"}, transitions={"d": "d"})


def grim_trigger() -> Automaton:
    """Grim Trigger (Friedman 1971): cooperate while every past profile was (C, C), then defect forever.

    The trigger is any departure from mutual cooperation, by either player:
    the textbook form, for which subgame perfection holds iff
    ``delta >= (T - R) / (T - P)``. Without execution errors it plays exactly
    like :func:`grudger`, which reacts to the opponent's defections only.

    >>> grim_trigger().next_state("c", ("D", "C"))
    'p'
    """
    return Automaton("Grim Trigger", play={"c": "C", "p": "D"}, transitions={"c": {"CC": "c", "*": "p"}, "p": "p"})


def grudger() -> Automaton:
    """Grudger: cooperate until the opponent defects once, then defect forever (axelrod's ``Grudger``).

    >>> grudger().next_state("c", ("D", "C"))
    'c'
    """
    return Automaton("Grudger", play={"c": "C", "p": "D"}, transitions={"c": {"*C": "c", "*D": "p"}, "p": "p"})


def tit_for_tat() -> Automaton:
    """Tit for Tat (Rapoport; Axelrod 1984): cooperate first, then copy the opponent's last action.

    >>> tit_for_tat().next_state("c", ("C", "D"))
    'd'
    """
    return Automaton(
        "Tit for Tat",
        play={"c": "C", "d": "D"},
        transitions={"c": {"*C": "c", "*D": "d"}, "d": {"*C": "c", "*D": "d"}},
    )


def tit_for_two_tats() -> Automaton:
    """Tit for Two Tats: defect only after two consecutive defections by the opponent.

    >>> tft2 = tit_for_two_tats()
    >>> tft2.next_state(tft2.next_state("c", ("C", "D")), ("C", "D"))
    'd'
    """
    return Automaton(
        "Tit for Two Tats",
        play={"c": "C", "c1": "C", "d": "D"},
        transitions={"c": {"*C": "c", "*D": "c1"}, "c1": {"*C": "c", "*D": "d"}, "d": {"*C": "c", "*D": "d"}},
    )


def win_stay_lose_shift() -> Automaton:
    """Win-Stay-Lose-Shift, or Pavlov (Nowak and Sigmund 1993): cooperate iff both played alike last round.

    In the Prisoner's Dilemma a "win" is T or R (keep the action), a "loss"
    is S or P (switch), which comes to the same rule.

    >>> win_stay_lose_shift().next_state("c", ("D", "D"))
    'c'
    """
    return Automaton(
        "Win-Stay-Lose-Shift",
        play={"c": "C", "d": "D"},
        transitions={"c": {"CC": "c", "DD": "c", "*": "d"}, "d": {"CC": "c", "DD": "c", "*": "d"}},
    )


def k_period_punishment(k: int) -> Automaton:
    """Cooperate; after any departure from (C, C), defect for ``k`` rounds, then cooperate again.

    Punishment rounds run their course whatever is played in them.
    ``k_period_punishment(1)`` punishes for one round only.

    >>> k_period_punishment(2).states
    ('c', 'p1', 'p2')
    """
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 1:
        raise ValueError(f"k must be a positive integer number of punishment rounds, got {k!r}")
    k = int(k)
    play = {"c": "C"} | {f"p{i}": "D" for i in range(1, k + 1)}
    transitions = {"c": {"CC": "c", "*": "p1"}}
    for i in range(1, k + 1):
        transitions[f"p{i}"] = {"*": f"p{i + 1}" if i < k else "c"}
    return Automaton(f"{k}-Period Punishment", play=play, transitions=transitions)


def generous_tit_for_tat(generosity=Fraction(1, 3)) -> Automaton:
    """Generous Tit for Tat: like Tit for Tat, but forgive a defection with probability ``generosity``.

    A mixed automaton, for simulation.

    >>> generous_tit_for_tat().action("d")["C"]
    Fraction(1, 3)
    """
    if isinstance(generosity, bool) or not isinstance(generosity, numbers.Real) or not 0 <= generosity <= 1:
        raise ValueError(f"generosity must be a probability in [0, 1], got {generosity!r}")
    return Automaton(
        "Generous Tit for Tat",
        play={"c": "C", "d": {"C": generosity, "D": 1 - generosity}},
        transitions={"c": {"*C": "c", "*D": "d"}, "d": {"*C": "c", "*D": "d"}},
    )


def random_strategy(p_cooperate=Fraction(1, 2)) -> Automaton:
    """Random: cooperate with probability ``p_cooperate`` each round (a mixed automaton, for simulation).

    >>> random_strategy().is_pure
    False
    """
    if isinstance(p_cooperate, bool) or not isinstance(p_cooperate, numbers.Real) or not 0 <= p_cooperate <= 1:
        raise ValueError(f"p_cooperate must be a probability in [0, 1], got {p_cooperate!r}")
    return Automaton("Random", play={"r": {"C": p_cooperate, "D": 1 - p_cooperate}}, transitions={"r": "r"})


#: Short names (as used on the command line) of the parameter-free strategies.
LIBRARY = {
    "allc": always_cooperate,
    "alld": always_defect,
    "grim": grim_trigger,
    "grudger": grudger,
    "tft": tit_for_tat,
    "tf2t": tit_for_two_tats,
    "wsls": win_stay_lose_shift,
    "gtft": generous_tit_for_tat,
    "random": random_strategy,
}


def strategy(name: str) -> Automaton:
    """A library strategy by short name: ``allc``, ``alld``, ``grim``, ``tft``, ``tf2t``, ``wsls``, ``punish<k>``, ...

    >>> strategy("tft").name
    'Tit for Tat'
    >>> strategy("punish3").name
    '3-Period Punishment'
    """
    if not isinstance(name, str):
        raise TypeError(f"strategy name must be a string, got {name!r}")
    key = name.strip().lower()
    if key in LIBRARY:
        return LIBRARY[key]()
    if key.startswith("punish") and key[6:].isdigit():
        return k_period_punishment(int(key[6:]))
    known = sorted(LIBRARY) + ["punish<k>"]
    raise ValueError(f"unknown strategy {name!r}; known strategies are {known}")
