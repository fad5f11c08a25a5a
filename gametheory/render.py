"""Plain-text renderings of games for terminals and classrooms."""

from __future__ import annotations

import itertools

from .game import NormalFormGame
from .numerics import format_value

__all__ = ["game_table"]

BEST_RESPONSE_MARK = "*"


def _grid(rows: list[list[str]]) -> str:
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    lines = []
    for r, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [cell.center(widths[k]) for k, cell in enumerate(row[1:], 1)]
        lines.append(" | ".join(cells).rstrip())
        if r == 0:
            lines.append("-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def game_table(game: NormalFormGame, *, mark_best_responses: bool = True, digits: int = 4) -> str:
    """Render a game as payoff tables, best responses marked with ``*``.

    Two-player games print one bimatrix (row player's payoff first in each
    cell). With more players, one table of the first two players' payoffs
    is printed for each combination of the other players' actions.

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                  players=("Ally", "Partner"), actions=(["C", "D"], ["C", "D"]))
    >>> print(game_table(g))
    Ally \\ Partner |   C   |   D
    ---------------+-------+-------
    C              |  3, 3 | 0, 5*
    D              | 5*, 0 | 1*, 1*
    (* marks a best response to the other players' actions)
    """
    masks = [game.pure_best_response_mask(i) for i in range(game.n_players)] if mark_best_responses else None

    def cell(profile) -> str:
        values = []
        for i, payoffs in enumerate(game.payoffs):
            text = format_value(payoffs[profile], digits=digits)
            if masks is not None and masks[i][profile]:
                text += BEST_RESPONSE_MARK
            values.append(text)
        return ", ".join(values)

    blocks = []
    if game.n_players == 1:
        rows = [[game.players[0], "payoff"]] + [[a, cell((k,))] for k, a in enumerate(game.actions[0])]
        blocks.append(_grid(rows))
    rest = range(2, game.n_players)
    for tail in itertools.product(*(range(game.shape[k]) for k in rest)) if game.n_players > 1 else ():
        header = [f"{game.players[0]} \\ {game.players[1]}"] + list(game.actions[1])
        rows = [header]
        for a, label in enumerate(game.actions[0]):
            rows.append([label] + [cell((a, b) + tail) for b in range(game.shape[1])])
        title = ", ".join(f"{game.players[k]} plays {game.actions[k][t]}" for k, t in zip(rest, tail))
        blocks.append((title + ":\n" if title else "") + _grid(rows))
    text = "\n\n".join(blocks)
    if game.title:
        text = f"{game.title}\n{text}"
    if mark_best_responses:
        text += f"\n({BEST_RESPONSE_MARK} marks a best response to the other players' actions)"
    return text
