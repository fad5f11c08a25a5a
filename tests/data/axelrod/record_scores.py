"""Record the axelrod library's match results that tests/test_repeated_axelrod.py checks against.

Run from the repository root with the ``axelrod`` extra installed
(``pip install -e .[axelrod]``):

    python tests/data/axelrod/record_scores.py

It writes ``tests/data/axelrod/match_scores.json``: for every pair of the
strategies below (each also against itself) and each number of turns, the
final scores and the moves of both players, played by axelrod with the stage
payoffs (R, S, T, P) = (3, 0, 5, 1) and no noise; and Grudger against a
fixed sequence of moves (axelrod's Cycler). The tests compare the project's
simulator with this file, so the cross-check runs without axelrod (and the
torch it depends on); the live cross-check runs too when axelrod is installed.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import axelrod as axl

STRATEGIES = ("Cooperator", "Defector", "Grudger", "TitForTat", "TitFor2Tats", "WinStayLoseShift")
TURNS = (1, 7, 200)
PAYOFFS = {"r": 3, "s": 0, "t": 5, "p": 1}
CYCLER_MOVES = "CCDCCCDDCD"
OUTPUT = Path(__file__).with_name("match_scores.json")


def play(first, second, turns: int) -> dict:
    match = axl.Match((first, second), turns=turns, game=axl.Game(**PAYOFFS))
    history = match.play()
    return {
        "scores": [int(v) for v in match.final_score()],
        "moves": ["".join(str(pair[k]) for pair in history) for k in range(2)],
    }


def record() -> dict:
    matches = []
    for first, second in itertools.combinations_with_replacement(sorted(STRATEGIES), 2):
        for turns in TURNS:
            result = play(getattr(axl, first)(), getattr(axl, second)(), turns)
            matches.append({"players": [first, second], "turns": turns, **result})
    cycler = play(axl.Grudger(), axl.Cycler(CYCLER_MOVES), len(CYCLER_MOVES))
    return {
        "axelrod_version": axl.__version__,
        "payoffs": PAYOFFS,
        "noise": 0,
        "matches": matches,
        "grudger_against_cycler": {"cycle": CYCLER_MOVES, "turns": len(CYCLER_MOVES), **cycler},
    }


def dump(data: dict) -> str:
    """JSON with one line per match, so a regenerated file diffs match by match."""
    head = {k: v for k, v in data.items() if k != "matches"}
    lines = ",\n".join("  " + json.dumps(match) for match in data["matches"])
    return json.dumps(head, indent=1)[:-2] + ',\n "matches": [\n' + lines + "\n ]\n}\n"


if __name__ == "__main__":
    OUTPUT.write_text(dump(record()))
    print(f"wrote {OUTPUT}")
