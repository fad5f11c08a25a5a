"""``gametheory cases``: historical cases beside their model's equilibria and the theories' predictions.

For each case (``cases/*.toml``, format in ``docs/cases.md``): the model, the
coding of its structural variables with sources, the equilibria at the coded
point under the model's solution concept (with their certificate), each
theory's prediction there, what happened, and whether the equilibria and each
theory match the record (:mod:`gametheory.study.cases`). The renderings are
plain functions returning strings (:func:`case_text`), so they are testable;
only the click command prints.

Examples
--------
>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(cases, ["--case", "july_1914", "--format", "csv"])
>>> result.exit_code
0
>>> result.output.splitlines()[0].split(",")[:4]
['case', 'name', 'period', 'model']
"""

from __future__ import annotations

import click

from .common import USAGE_ERROR, one_line, wrap_text

__all__ = ["cases", "case_text", "CaseArgumentError"]


class CaseArgumentError(click.ClickException):
    """A case that cannot be read or evaluated (printed in one line, exit status 2)."""

    exit_code = USAGE_ERROR


def _number(value) -> str:
    from fractions import Fraction

    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else repr(float(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def _cited(item) -> str:
    where = f", {item.where}" if item.where else ""
    return f"[{item.source}{where}]"


def _unsettled(item, indent: str) -> list[str]:
    return [] if item.settled else [f"{indent}not settled: {one_line(item.note)}"]


def case_text(result, sensitivities=None) -> str:
    """One case as text: coding, equilibria, record, and each theory against the equilibria and the record.

    ``sensitivities`` (from :func:`gametheory.study.cases.sensitivity`) adds, per unsettled coding, the
    equilibria's verdict on the record across the parameter's range.
    """
    from ..study.case_tables import equilibria_text

    case = result.case
    lines = [f"{case.name} ({case.period}) [{case.key}]",
             f"  model: {case.model}, judged by {result.concept}", "  coding:"]
    for coding in case.coding:
        lines.append(f"    {coding.parameter} = {_number(coding.value)} {_cited(coding)}")
        lines += _unsettled(coding, "      ")
    for name in result.defaulted:
        lines.append(f"    {name} = {_number(result.point[name])} (not coded: the model's default)")
    lines.append(f"  equilibria: {equilibria_text(result)}; max regret {result.max_regret:.3g}")
    lines.append(f"  record: {case.record.outcome} {_cited(case.record)}")
    lines += _unsettled(case.record, "    ")
    said = {"all": "every equilibrium realises the record", "some": "some equilibria realise the record, not all",
            "none": "no equilibrium realises the record"}[result.equilibria_record]
    lines.append(f"  equilibria vs record: {result.equilibria_record} ({said})")
    if sensitivities is not None:
        lines.append("  unsettled codings across their ranges (equilibria vs record, others as coded):")
        lines += [f"    {s.parameter} (coded {_number(s.coded)}): {s.describe()}" for s in sensitivities] or [
            "    none to vary"]
    if result.theories:
        lines.append("  theories:")
        rows = [("theory", "predicts", "vs equilibria", "vs record")]
        for verdict in result.theories:
            if verdict.rule < 0:
                rows.append((verdict.theory, "(no rule applies)", "", verdict.record))
                continue
            predicted = f"{verdict.predicted} ({verdict.expect.replace('_', ' ')})"
            flags = [] if verdict.independent else ["not independent"]
            if verdict.by_construction is True:
                flags.append("by construction")
            if flags:
                predicted += " [" + ", ".join(flags) + "]"
            rows.append((verdict.theory, predicted, "agree" if verdict.equilibria else "disagree", verdict.record))
        widths = [max(len(row[k]) for row in rows) for k in range(4)]
        for row in rows:
            lines.append("    " + "  ".join(cell.ljust(widths[k]) for k, cell in enumerate(row)).rstrip())
    else:
        lines.append("  theories: the model states no prediction")
    unsettled = list(case.unsettled) + [f"{name} (not coded)" for name in result.defaulted]
    lines.append("  settled: " + ("yes" if not unsettled else "no: " + ", ".join(unsettled)))
    lines.append("  sources:")
    lines += [f"    [{short}] {citation}" for short, citation in case.sources.items()]
    return "\n".join(lines)


def _summary(results) -> str:
    counts = {"all": 0, "some": 0, "none": 0}
    theories: dict[str, list[int]] = {}
    for result in results:
        counts[result.equilibria_record] += 1
        for verdict in result.theories:
            tally = theories.setdefault(verdict.theory, [0, 0])
            if verdict.rule >= 0:
                tally[1] += 1
                tally[0] += verdict.record == "match"
    plural = "" if len(results) == 1 else "s"
    lines = [f"{len(results)} case{plural}. Equilibria realise the record: in every equilibrium {counts['all']}, "
             f"in some {counts['some']}, in none {counts['none']}."]
    if theories:
        lines.append("Theories matching the record (of the cases where they predict): " + "; ".join(
            f"{theory} {matched} of {predicted}" for theory, (matched, predicted) in sorted(theories.items())) + ".")
    return "\n".join(lines)


@click.command("cases")
@click.option("--format", "output_format", type=click.Choice(["text", "csv", "latex"]), default="text",
              show_default=True, help="Output format.")
@click.option("--case", "selected", multiple=True, metavar="KEY",
              help="Only this case (a built-in key or a case file); repeat for several.")
@click.option("--sensitivity", is_flag=True,
              help="Also vary each unsettled coding over its range and say whether the equilibria's verdict on the "
                   "record changes (text and csv).")
def cases(output_format, selected, sensitivity):
    """Historical cases against their model's equilibria and the theories' predictions.

    For each case: the model, the coding of its structural variables (with
    sources), the equilibria at the coded point under the model's solution
    concept, each theory's prediction there, what happened, and whether the
    equilibria and each theory match the record. Codings the sources do not
    settle are marked. The case format is in docs/cases.md.
    """
    from ..model import ModelError
    from ..study.case_tables import case_table
    from ..study.cases import CaseError, evaluate_case, load_case, load_cases
    from ..study.cases import sensitivity as sensitivity_of

    try:
        chosen = [load_case(key) for key in selected] if selected else load_cases()
        results = [evaluate_case(case) for case in chosen]
        moved = [sensitivity_of(case) for case in chosen] if sensitivity else [None] * len(chosen)
    except (CaseError, ModelError) as error:
        raise CaseArgumentError(one_line(error)) from None
    if not results:
        raise CaseArgumentError("no cases found (the cases/ directory is empty)")
    if output_format == "csv":
        table = case_table(results)
        if sensitivity:
            described = {r.case.key: "; ".join(f"{s.parameter}: {s.describe()}" for s in m)
                         for r, m in zip(results, moved)}
            table["sensitivity"] = table["case"].map(described)
        click.echo(table.to_csv(index=False), nl=False)
    elif output_format == "latex":
        from ..study.case_tables import cases_latex

        click.echo(cases_latex(results))
    else:
        click.echo(wrap_text("\n\n".join(case_text(result, m) for result, m in zip(results, moved))))
        click.echo(wrap_text("\n" + _summary(results)))
