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

from ..latex import tex_escape
from ..numerics import format_value

__all__ = ["equilibrium_table", "to_markdown", "to_latex", "write_table", "FORMATS", "format_percent", "condition_latex",
           "set_text", "table_label"]

#: Columns whose numbers are shares of points, printed as percentages in every format.
PERCENT_COLUMNS = ("agreement", "share")

#: Columns whose text is a condition on the parameters, typeset as mathematics in LaTeX.
CONDITION_COLUMNS = ("when", "condition")

#: A LaTeX table estimated wider than this many characters is rotated (sidewaystable);
#: wider than :data:`SPLIT_WIDTH` it is split into several tables.
ROTATE_WIDTH = 100
SPLIT_WIDTH = 150
#: Text columns longer than this wrap in a paragraph column.
WRAP_CHARS = 32

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


def format_percent(value) -> str:
    """The one format of a share in every table: ``0.786 -> '78.6%'`` (empty when missing).

    Examples
    --------
    >>> format_percent(0.7857), format_percent(1), format_percent(float("nan"))
    ('78.6%', '100.0%', '')
    """
    if value is None or isinstance(value, str):
        return value or ""
    value = float(value)
    return "" if math.isnan(value) else f"{value:.1%}"


def _is_percent_column(name) -> bool:
    name = str(name).lower()
    return any(name == key or name.startswith(key + ":") or name.startswith(key + " ") for key in PERCENT_COLUMNS)


def set_text(value) -> str:
    """A sympy set or number as text people read: ``[0, 1)``, ``none``, ``x >= 2``, never ``Interval.Ropen(...)``.

    Examples
    --------
    >>> import sympy
    >>> set_text(sympy.Interval.Ropen(0, 1)), set_text(sympy.S.EmptySet), set_text(sympy.Interval(2, sympy.oo))
    ('[0, 1)', 'none', '[2, oo)')
    >>> set_text(sympy.Union(sympy.Interval(0, 1), sympy.FiniteSet(3)))
    '[0, 1] or {3}'
    """
    import sympy

    if isinstance(value, sympy.Interval):
        left = "(" if value.left_open else "["
        right = ")" if value.right_open else "]"
        return f"{left}{set_text(value.start)}, {set_text(value.end)}{right}"
    if value is sympy.S.EmptySet:
        return "none"
    if isinstance(value, sympy.FiniteSet):
        return "{" + ", ".join(set_text(v) for v in value.args) + "}"
    if isinstance(value, sympy.Union):
        return " or ".join(set_text(part) for part in value.args)
    if isinstance(value, sympy.Rational) and not isinstance(value, sympy.Integer):
        return f"{value.p}/{value.q}"
    return sympy.sstr(value).replace("Max(", "max(").replace("Min(", "min(")


def _cell(value, digits: int = 4) -> str:
    if isinstance(value, str):
        return value
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing values
        return ""
    if type(value).__module__.startswith("sympy"):
        return set_text(value)
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
    percent = [_is_percent_column(c) and _numeric_column(frame[c]) for c in frame.columns]
    body = [[format_percent(v) if percent[k] else _cell(v, digits) for k, v in enumerate(row)]
            for row in frame.itertuples(index=False, name=None)]
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


def _latex_cell(text: str) -> str:
    """Escape text; fractions ``a/b`` become ``$\\frac{a}{b}$`` so tables typeset them."""
    import re

    escaped = tex_escape(text)
    return re.sub(r"(?<![\w.])(-?)(\d+)/(\d+)(?![\w.])", lambda m: f"${m.group(1)}\\frac{{{m.group(2)}}}{{{m.group(3)}}}$", escaped)


def condition_latex(text: str) -> str | None:
    r"""A condition on parameters (``a < b and c >= 1/2``) as LaTeX mathematics, or None if it is not one.

    Parsed with sympy (names become symbols, nothing is evaluated) and printed
    by sympy's LaTeX printer; parameter names are set upright-italic with
    their underscores escaped.

    Examples
    --------
    >>> condition_latex("temptation > reward and punishment >= 1/2")
    '$\\mathit{temptation} > \\mathit{reward} \\wedge \\mathit{punishment} \\geq \\frac{1}{2}$'
    >>> condition_latex("no rule applies") is None
    True
    """
    import re

    import sympy
    from sympy.parsing.sympy_parser import parse_expr, standard_transformations

    if not re.search(r"[<>=]", text or ""):
        return None
    names: dict[str, sympy.Symbol] = {}

    def atom(piece: str):
        for word in re.findall(r"[A-Za-z_][A-Za-z_0-9]*", piece):
            names.setdefault(word, sympy.Symbol(word))
        return parse_expr(piece, local_dict=dict(names), transformations=standard_transformations)

    try:
        disjuncts = [[atom(piece) for piece in re.split(r"\s+and\s+", part)]
                     for part in re.split(r"\s+or\s+", text.strip())]
    except (SyntaxError, TypeError, ValueError, AttributeError, sympy.SympifyError):
        return None
    if not all(isinstance(a, sympy.core.relational.Relational) for part in disjuncts for a in part):
        return None
    symbol_names = {symbol: r"\mathit{" + name.replace("_", r"\_") + "}" for name, symbol in names.items()}
    # Joined here rather than by sympy.And/Or, which would reorder the conditions.
    shown = [r" \wedge ".join(sympy.latex(a, symbol_names=symbol_names) for a in part) for part in disjuncts]
    if len(shown) > 1:
        shown = [rf"\left({part}\right)" if r"\wedge" in part else part for part in shown]
    return "$" + r" \vee ".join(shown) + "$"


def table_label(caption: str, header=()) -> str:
    """A LaTeX label from a caption (``tab:`` and its words): every table gets one.

    Examples
    --------
    >>> table_label("Stag Hunt: defensive realism by prediction rule")
    'tab:stag-hunt-defensive-realism-by-prediction-rule'
    """
    import re

    words = re.findall(r"[a-z0-9]+", (caption or " ".join(str(h) for h in header) or "table").lower())
    return "tab:" + "-".join(words)[:60].rstrip("-")


def _latex_width(header, body) -> list[int]:
    """Estimated printed width of each column, in characters (wrapped columns count as :data:`WRAP_CHARS`)."""
    return [min(WRAP_CHARS, max(len(h), *(len(row[k]) for row in body)) if body else len(h))
            for k, h in enumerate(header)]


def to_latex(frame, *, caption: str = "", label: str = "", digits: int = 4) -> str:
    r"""A LaTeX table with booktabs rules (``\usepackage{booktabs}``), ready to paste.

    Every table has a ``\label`` (from the caption when none is given).
    Shares print as percentages, conditions on parameters as mathematics,
    exact fractions as ``\frac``. Long text wraps in paragraph columns; a
    table too wide for a page is rotated (``sidewaystable``, needs
    ``\usepackage{rotating}``) or, wider still, split into several tables
    that repeat the first column.

    Examples
    --------
    >>> import pandas as pd
    >>> print(to_latex(pd.DataFrame({"player": ["Ally_1"], "P(C)": ["2/3"]})))
    \begin{table}[htbp]
    \centering
    \label{tab:player-p-c}
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
    label = label or table_label(caption, header)
    condition = [str(c).lower() in CONDITION_COLUMNS for c in frame.columns]
    rendered = [[(condition_latex(c) or _latex_cell(c)) if condition[k] else _latex_cell(c) for k, c in enumerate(row)]
                for row in body]
    widths = _latex_width(header, body)
    align = []
    for k, column in enumerate(frame.columns):
        if _numeric_column(frame[column]) or _is_percent_column(column):
            align.append("r")
        elif max([len(row[k]) for row in body] or [0]) > WRAP_CHARS and not condition[k]:
            align.append(r"p{%.1fem}" % (WRAP_CHARS * 0.5))
        else:
            align.append("l")
    # Split a very wide table into parts that each fit a rotated page, repeating the first column.
    parts, current, used = [], [0], widths[0]
    for k in range(1, len(header)):
        if used + widths[k] > SPLIT_WIDTH and len(current) > 1:
            parts.append(current)
            current, used = [0], widths[0]
        current.append(k)
        used += widths[k]
    parts.append(current)
    tables = []
    for number, columns in enumerate(parts, 1):
        rotate = sum(widths[k] for k in columns) + 3 * len(columns) > ROTATE_WIDTH
        environment = "sidewaystable" if rotate else "table"
        part_caption = caption if number == 1 else f"{caption} (continued, part {number})" if caption else ""
        part_label = label if number == 1 else f"{label}-{number}"
        lines = [rf"\begin{{{environment}}}" + ("" if rotate else "[htbp]"), r"\centering"]
        if rotate:
            lines.insert(0, r"% needs \usepackage{rotating}")
        if part_caption:
            lines.append(rf"\caption{{{tex_escape(part_caption)}}}")
        lines.append(rf"\label{{{part_label}}}")
        lines += [rf"\begin{{tabular}}{{{''.join(align[k] for k in columns)}}}", r"\toprule",
                  " & ".join(tex_escape(header[k]) for k in columns) + r" \\", r"\midrule"]
        lines += [" & ".join(row[k] for k in columns) + r" \\" for row in rendered]
        lines += [r"\bottomrule", r"\end{tabular}", rf"\end{{{environment}}}"]
        tables.append("\n".join(lines))
    return "\n\n".join(tables)


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
