"""Rich display in Jupyter: games as HTML tables with best responses marked, results as tables.

Jupyter calls an object's ``_repr_html_`` (or ``_repr_latex_``) to show it;
:class:`~gametheory.games.normal_form.NormalFormGame` and
:class:`~gametheory.equilibrium.SolveResult` delegate to :func:`game_html` and
:func:`result_html` here, and :func:`latex_math` wraps the LaTeX of symbolic
results (``Analysis.latex()``, ``ThresholdResult.latex()``) for MathJax.
Every function returns a string (no display is needed), escaped so that
player and action names cannot inject markup.

Examples
--------
>>> from gametheory import NormalFormGame
>>> game = NormalFormGame.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]], players=("A", "B"),
...                                     actions=(["C", "D"], ["C", "D"]))
>>> html = game_html(game)
>>> html.count("<td") == 4 and "<b>4</b>*" in html
True
"""

from __future__ import annotations

import html as _html

from .numerics import format_value

__all__ = ["game_html", "result_html", "latex_math"]

_STYLE = ("border-collapse:collapse;text-align:center;font-family:inherit",
          "border:1px solid #999;padding:4px 10px")


def _value(value, digits: int) -> str:
    return _html.escape(str(format_value(value, digits=digits)))


def game_html(game, *, digits: int = 4) -> str:
    """An HTML table of the game; each payoff that is a best response is bold with a star.

    Two-player games are a matrix (row player's payoff first in each cell);
    games of more players are one table per action of the third and later
    players. A caption names the players and explains the marks.
    """
    if game.n_players < 2:
        return f"<pre>{_html.escape(game.to_text())}</pre>"
    masks = [game.pure_best_response_mask(i) for i in range(game.n_players)]
    players = [_html.escape(p) for p in game.players]
    actions = [[_html.escape(a) for a in labels] for labels in game.actions]
    table_style, cell_style = _STYLE

    def cell(profile) -> str:
        parts = []
        for i in range(game.n_players):
            text = _value(game.payoffs[i][profile], digits)
            parts.append(f"<b>{text}</b>*" if masks[i][profile] else text)
        return ", ".join(parts)

    import itertools

    tables = []
    rest = list(itertools.product(*(range(n) for n in game.shape[2:])))
    for fixed in rest:
        head = f"<th style='{cell_style}'>{players[0]} \\ {players[1]}</th>" + "".join(
            f"<th style='{cell_style}'>{a}</th>" for a in actions[1])
        rows = []
        for r, label in enumerate(actions[0]):
            cells = "".join(f"<td style='{cell_style}'>{cell((r, c, *fixed))}</td>" for c in range(game.shape[1]))
            rows.append(f"<tr><th style='{cell_style}'>{label}</th>{cells}</tr>")
        when = ", ".join(f"{players[2 + k]} plays {actions[2 + k][a]}" for k, a in enumerate(fixed))
        caption = f"<caption>{when}</caption>" if when else ""
        tables.append(f"<table style='{table_style}'>{caption}<tr>{head}</tr>{''.join(rows)}</table>")
    title = f"<p><b>{_html.escape(game.title)}</b></p>" if game.title else ""
    note = (f"<p style='font-size:90%'>Payoffs of {', '.join(players)} in each cell; "
            "<b>bold</b>* marks a best response to the others' actions.</p>")
    return "<div>" + title + "".join(tables) + note + "</div>"


def result_html(result, *, digits: int = 4) -> str:
    """An HTML table of a :class:`~gametheory.equilibrium.SolveResult`: one row per equilibrium with its certificate."""
    game = result.game
    table_style, cell_style = _STYLE
    players = [_html.escape(p) for p in game.players]
    head = ["#", "type"] + players + [f"payoff {p}" for p in players] + ["max regret"]
    rows = []
    for k, equilibrium in enumerate(result.equilibria, 1):
        strategies = []
        for i in range(game.n_players):
            support = equilibrium.supports[i]
            if len(support) == 1:
                strategies.append(_html.escape(game.actions[i][support[0]]))
            else:
                strategies.append(" + ".join(
                    f"{_value(equilibrium.strategies[i][a], digits)} {_html.escape(game.actions[i][a])}"
                    for a in support))
        payoffs = [_value(v, digits) for v in equilibrium.payoffs]
        cells = [str(k), "pure" if equilibrium.is_pure else "mixed"] + strategies + payoffs + [
            _value(equilibrium.max_regret, digits)]
        rows.append("<tr>" + "".join(f"<td style='{cell_style}'>{c}</td>" for c in cells) + "</tr>")
    header = "<tr>" + "".join(f"<th style='{cell_style}'>{h}</th>" for h in head) + "</tr>"
    count = len(result.equilibria)
    summary = (f"{count} equilibri{'um' if count == 1 else 'a'} by {_html.escape(result.method)}"
               f"{', exact' if result.exact else ''}")
    notes = []
    if result.degenerate:
        notes.append("The game is degenerate" + (
            "; these are the extreme points of a continuum of equilibria." if result.continuum else "."))
    if not result.complete:
        notes.append("This list is not guaranteed to contain every equilibrium.")
    notes += [_html.escape(note) for note in result.notes]
    extra = "".join(f"<p style='font-size:90%'>{note}</p>" for note in notes)
    return f"<div><p>{summary}</p><table style='{table_style}'>{header}{''.join(rows)}</table>{extra}</div>"


def latex_math(latex: str) -> str:
    r"""LaTeX for Jupyter's ``_repr_latex_``: display mathematics around ``latex`` unless it is already delimited.

    Examples
    --------
    >>> latex_math(r"\frac{1}{2}")
    '$$\\frac{1}{2}$$'
    >>> latex_math("\\begin{align*}x &= 1\\end{align*}")
    '$$\\begin{align*}x &= 1\\end{align*}$$'
    >>> latex_math("$x$")
    '$x$'
    """
    text = latex.strip()
    if text.startswith("$"):
        return text
    return f"$${text}$$"
