"""Equilibrium and comparison tables as CSV, Markdown and LaTeX (booktabs).

Tables are pandas DataFrames; :func:`to_markdown` and :func:`to_latex` render
them without extra dependencies, and :func:`write_table` picks the format
from the file suffix. Exact games keep exact fractions (``1/3``) in every
format, which is what a table in a paper wants.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction
from pathlib import Path

from ..numerics import format_value

__all__ = ["equilibrium_table", "to_markdown", "to_latex", "write_table", "FORMATS"]

#: File suffixes :func:`write_table` understands.
FORMATS = {".csv": "csv", ".md": "markdown", ".tex": "latex"}


def equilibrium_table(result, *, digits: int = 4):
    """One row per equilibrium of a :class:`~gametheory.equilibrium.SolveResult`.

    Columns: ``#``, ``type`` (pure/mixed), one column per player with its
    strategy in the model's words (``2/3 C + 1/3 D``), one payoff column per
    player, and the certificate ``max regret``. Exact results keep fractions.

    Examples
    --------
    >>> from gametheory import NormalFormGame, solve
    >>> game = NormalFormGame.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]],
    ...                                     players=("A", "B"), actions=(["C", "D"], ["C", "D"]))
    >>> print(to_markdown(equilibrium_table(solve(game))))
    | #   | type  | A             | B             | payoff A | payoff B | max regret |
    |-----|-------|---------------|---------------|----------|----------|------------|
    | 1   | pure  | C             | C             | 4        | 4        | 0          |
    | 2   | mixed | 2/3 C + 1/3 D | 2/3 C + 1/3 D | 8/3      | 8/3      | 0          |
    | 3   | pure  | D             | D             | 2        | 2        | 0          |
    """
    import pandas as pd

    game = result.game
    rows = []
    for k, equilibrium in enumerate(result.equilibria, 1):
        row = {"#": k, "type": "pure" if equilibrium.is_pure else "mixed"}
        for i, player in enumerate(game.players):
            support = equilibrium.supports[i]
            if len(support) == 1:
                row[player] = game.actions[i][support[0]]
            else:
                row[player] = " + ".join(
                    f"{format_value(equilibrium.strategies[i][a], digits=digits)} {game.actions[i][a]}" for a in support
                )
        for i, player in enumerate(game.players):
            row[f"payoff {player}"] = _cell(equilibrium.payoffs[i], digits)
        row["max regret"] = _cell(equilibrium.max_regret, digits)
        rows.append(row)
    return pd.DataFrame(rows)


def _cell(value, digits: int = 4) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (bool,)) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        if math.isnan(float(value)):
            return ""
        return format_value(value, digits=digits)
    return str(value)


def _cells(frame, digits: int) -> tuple[list[str], list[list[str]]]:
    header = [str(c) for c in frame.columns]
    body = [[_cell(v, digits) for v in row] for row in frame.itertuples(index=False, name=None)]
    return header, body


def to_markdown(frame, *, digits: int = 4) -> str:
    """A GitHub-flavoured Markdown table (pipes escaped)."""
    header, body = _cells(frame, digits)
    escape = lambda text: text.replace("|", "\\|")  # noqa: E731 - one-line helper
    rows = [[escape(c) for c in header]] + [[escape(c) for c in row] for row in body]
    widths = [max(3, *(len(row[k]) for row in rows)) for k in range(len(header))]
    lines = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(rows[0], widths)) + " |"]
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    lines += ["| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths)) + " |" for row in rows[1:]]
    return "\n".join(lines)


_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _latex_escape(text: str) -> str:
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in text)


def _latex_cell(text: str) -> str:
    """Escape text; fractions ``a/b`` become ``$\\frac{a}{b}$`` so tables typeset them."""
    import re

    escaped = _latex_escape(text)
    return re.sub(r"(?<![\w.])(-?)(\d+)/(\d+)(?![\w.])", lambda m: f"${m.group(1)}\\frac{{{m.group(2)}}}{{{m.group(3)}}}$", escaped)


def to_latex(frame, *, caption: str = "", label: str = "", digits: int = 4) -> str:
    r"""A LaTeX table with booktabs rules (``\usepackage{booktabs}``).

    Examples
    --------
    >>> import pandas as pd
    >>> print(to_latex(pd.DataFrame({"player": ["Ally_1"], "P(C)": ["2/3"]})))
    \begin{table}[htbp]
    \centering
    \begin{tabular}{ll}
    \toprule
    player & P(C) \\
    \midrule
    Ally\_1 & $\frac{2}{3}$ \\
    \bottomrule
    \end{tabular}
    \end{table}
    """
    header, body = _cells(frame, digits)
    align = "".join("r" if _numeric_column(frame[c]) else "l" for c in frame.columns)
    lines = [r"\begin{table}[htbp]", r"\centering"]
    if caption:
        lines.append(rf"\caption{{{_latex_escape(caption)}}}")
    if label:
        lines.append(rf"\label{{{label}}}")
    lines += [rf"\begin{{tabular}}{{{align}}}", r"\toprule", " & ".join(_latex_escape(h) for h in header) + r" \\", r"\midrule"]
    lines += [" & ".join(_latex_cell(c) for c in row) + r" \\" for row in body]
    lines += [r"\bottomrule", r"\end{tabular}", r"\end{table}"]
    return "\n".join(lines)


def _numeric_column(series) -> bool:
    import pandas as pd

    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def write_table(frame, path, *, caption: str = "", label: str = "", digits: int = 4) -> Path:
    """Write ``frame`` to ``path``; the suffix chooses CSV, Markdown or LaTeX.

    CSV keeps full precision (exact values as ``1/3`` text); Markdown and
    LaTeX round floats to ``digits`` significant digits.

    Raises
    ------
    ValueError
        For a suffix other than those in :data:`FORMATS`.
    """
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ValueError(f"cannot tell the table format of {path.name!r}; use one of {sorted(FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "csv":
        frame.map(lambda v: str(v) if isinstance(v, Fraction) else v).to_csv(path, index=False)
    elif kind == "markdown":
        path.write_text(to_markdown(frame, digits=digits) + "\n")
    else:
        path.write_text(to_latex(frame, caption=caption, label=label, digits=digits) + "\n")
    return path
