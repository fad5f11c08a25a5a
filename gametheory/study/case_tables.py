"""Historical cases as tables: text lines, the tidy table (CSV) and the tables for a paper (LaTeX).

The renderings of :class:`~gametheory.study.cases.CaseResult` objects: :func:`case_table` (one row
per case and theory, or one per case), :func:`summary_table` (one short row per case, a column per
theory) and :func:`cases_latex` (the record beside the equilibria, the theories' verdicts, the coding
with its sources as a longtable, and the references).

Examples
--------
>>> from gametheory.study.cases import evaluate_case, load_case
>>> result = evaluate_case(load_case("july_1914"))
>>> equilibria_text(result)
'chain_gang (Attack,Commit,Commit)'
>>> summary_table([result]).iloc[0].to_dict()
{'case': 'july_1914', 'year': '1914', 'model': 'chain_ganging', 'record': 'chain_gang', 'equilibria': 'chain_gang', 'match': 'all', 'DR': 'match', 'OR': 'miss', 'settled': 'yes'}
"""

from __future__ import annotations

import re
from fractions import Fraction

from .cases import CaseResult, _decimal

__all__ = ["case_table", "cases_latex", "equilibria_text", "summary_table", "THEORY_ABBREVIATIONS"]


def _coding_text(result: CaseResult, *, where: bool = True) -> str:
    parts = []
    for coding in result.case.coding:
        cited = f" [{coding.source}{', ' + coding.where if coding.where and where else ''}]"
        parts.append(f"{coding.parameter} = {_decimal(coding.value)}{cited}{'' if coding.settled else ' (unsettled)'}")
    for name in result.defaulted:
        value = result.point[name]
        parts.append(f"{name} = {_decimal(value) if isinstance(value, Fraction) else value} (not coded: model default)")
    return "; ".join(parts)


def equilibria_text(result: CaseResult) -> str:
    """The equilibria of a case result in one line: named outcomes with their profile, repeats counted."""
    counts: dict[str, int] = {}
    for equilibrium in result.equilibria:
        label = " + ".join(equilibrium.outcomes) if equilibrium.outcomes else equilibrium.label
        if equilibrium.outcomes and equilibrium.label != label:
            label = f"{label} ({equilibrium.label})"
        counts[label] = counts.get(label, 0) + 1
    text = "; ".join(f"{label}" + (f" x{n}" if n > 1 else "") for label, n in counts.items()) or "none found"
    return text if result.complete else text + " (list may be incomplete)"


def case_table(results, *, long: bool = True):
    """The cases as a table: one row per (case, theory) when ``long``, else one row per case.

    Columns: ``case``, ``name``, ``period``, ``model``, ``concept``,
    ``coding``, ``settled``, ``equilibria``, ``max_regret``, ``record``,
    ``equilibria_match`` (all / some / none), then per theory ``theory``,
    ``rule``, ``predicted``, ``expect``, ``independent``,
    ``by_construction``, ``theory_vs_equilibria`` and ``theory_match``
    (long form), or one ``theories`` column (``"defensive_realism: chain_gang (match); ..."``) with the
    coding cited by source key only (wide form, for LaTeX).
    """
    import pandas as pd

    rows = []
    for result in results:
        case = result.case
        unsettled = list(case.unsettled) + list(result.defaulted)
        base = {
            "case": case.key, "name": case.name, "period": case.period, "model": case.model,
            "concept": result.concept, "coding": _coding_text(result),
            "settled": "yes" if not unsettled else "no: " + ", ".join(unsettled),
            "equilibria": equilibria_text(result), "max_regret": result.max_regret,
            "record": case.record.outcome, "equilibria_match": result.equilibria_record,
        }
        if not long:
            row = dict(base, coding=_coding_text(result, where=False))
            row["theories"] = "; ".join(
                f"{v.theory}: " + ("no prediction" if v.rule < 0 else f"{v.predicted} ({v.record})")
                for v in result.theories) or "no prediction"
            rows.append(row)
            continue
        for verdict in result.theories or (None,):
            row = dict(base)
            if verdict is not None:
                row.update({"theory": verdict.theory, "rule": verdict.rule, "predicted": verdict.predicted,
                            "expect": verdict.expect, "independent": verdict.independent,
                            "by_construction": verdict.by_construction,
                            "theory_vs_equilibria": "" if verdict.equilibria is None else
                            ("agree" if verdict.equilibria else "disagree"),
                            "theory_match": verdict.record})
            rows.append(row)
    return pd.DataFrame(rows)


#: Short names of the theories in the LaTeX summary's columns (the caption spells them out).
THEORY_ABBREVIATIONS = {
    "defensive_realism": "DR", "offensive_realism": "OR", "neoclassical_realism": "NCR",
    "balance_of_threat": "BoT", "balance_of_interests": "BoI", "liberal_institutionalism": "LI",
    "bayesian_realism": "BR", "classical_deterrence": "CD", "perfect_deterrence": "PD",
    "security_autonomy": "SA", "defensive_positionalism": "DP",
}


def summary_table(results):
    """One short row per case: model, record, the equilibria's named outcomes, whether they match, and one
    column per theory (abbreviated, :data:`THEORY_ABBREVIATIONS`) saying ``match``, ``miss`` or ``--`` (no
    prediction at the point); blank where the case's model does not state the theory."""
    import pandas as pd

    theories: list[str] = []
    for result in results:
        theories += [v.theory for v in result.theories if v.theory not in theories]
    rows = []
    for result in results:
        case = result.case
        row = {"case": case.key, "year": str(case.year), "model": case.model, "record": case.record.outcome,
               "equilibria": ", ".join(result.equilibrium_outcomes()) or "none",
               "match": result.equilibria_record}
        verdicts = {v.theory: v for v in result.theories}
        for theory in theories:
            verdict = verdicts.get(theory)
            row[THEORY_ABBREVIATIONS.get(theory, theory)] = "" if verdict is None else (
                "--" if verdict.rule < 0 else verdict.record)
        row["settled"] = "no" if case.unsettled or result.defaulted else "yes"
        rows.append(row)
    return pd.DataFrame(rows)


def cases_latex(results) -> str:
    r"""The cases for a paper: the record beside the equilibria, each theory's verdict, the coding with its
    sources (a longtable, one block per case) and the references.

    Needs ``\usepackage{booktabs}`` and ``\usepackage{longtable}`` (and ``rotating`` for a rotated table).
    """
    from ..latex import tex_escape
    from .tables import to_latex

    summary = summary_table(results)
    theory_columns = [c for c in summary.columns if c in THEORY_ABBREVIATIONS.values()
                      or c not in ("case", "year", "model", "record", "equilibria", "match", "settled")]
    legend = "; ".join(f"{short}: {name.replace('_', ' ')}" for name, short in THEORY_ABBREVIATIONS.items()
                       if short in theory_columns)
    parts = [
        to_latex(summary[["case", "model", "record", "equilibria", "match", "settled"]],
                 caption="Historical cases: the record and the equilibria at the coded point (match: all, some or "
                         "none of the equilibria realise the record; settled: whether the sources settle every coding)",
                 label="tab:cases"),
        to_latex(summary[["case"] + theory_columns],
                 caption="Historical cases: each theory's prediction at the coded point against the record (match, "
                         f"miss; -- no prediction there; blank: the model states no such theory). {legend}.",
                 label="tab:cases-theories"),
    ]
    header = r"parameter & value & source & where & settled \\"
    lines = [r"{\footnotesize", r"\begin{longtable}{lrlp{16em}l}",
             r"\caption{Coding of the historical cases: each structural variable and the record, with its source.}"
             r"\label{tab:cases-coding} \\", r"\toprule", header, r"\midrule", r"\endfirsthead",
             r"\toprule", header, r"\midrule", r"\endhead", r"\bottomrule", r"\endfoot"]
    references: dict[str, str] = {}
    for result in results:
        case = result.case
        lines.append(rf"\multicolumn{{5}}{{l}}{{\textbf{{{tex_escape(case.key)}}}: "
                     rf"{tex_escape(case.model)}}} \\")
        items = [(c.parameter, _decimal(c.value), c) for c in case.coding]
        items.append(("record", case.record.outcome, case.record))
        for parameter, value, item in items:
            lines.append(" & ".join(tex_escape(text) for text in (
                parameter, value, item.source, item.where, "yes" if item.settled else "no")) + r" \\")
            references.setdefault(item.source, case.sources[item.source])
    lines += [r"\end{longtable}", "}"]
    parts.append("\n".join(lines))
    quoted = re.compile(r'"([^"]*)"')  # typeset quotation marks in titles: ``Title''
    parts.append("\n".join([r"\begin{description}"] + [
        rf"\item[{tex_escape(key)}] " + quoted.sub(r"``\1''", tex_escape(citation))
        for key, citation in sorted(references.items())
    ] + [r"\end{description}"]))
    return "\n\n".join(parts)
