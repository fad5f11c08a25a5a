"""``gametheory compare``: the defensive-realism comparison on the command line."""

from __future__ import annotations

import click

from .common import USAGE_ERROR


@click.command("compare")
@click.argument("models", nargs=-1)
@click.option("--output", "-o", default="results", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the tables and figures.")
@click.option("--theory", default="defensive_realism", show_default=True, help="Theory of the headline comparison.")
@click.option("--executor", type=click.Choice(["serial", "processes", "dask"]), default="serial", show_default=True,
              help="Where sweep chunks run.")
@click.option("--workers", type=click.IntRange(1), default=None, help="Worker processes (processes/dask).")
@click.option("--scheduler", default=None, help="Dask scheduler address (executor dask).")
@click.option("--fresh", is_flag=True, help="Ignore the finished chunks of an interrupted earlier run.")
@click.option("--no-figures", is_flag=True, help="Skip the regime maps and best-response diagrams.")
@click.option("--selection", is_flag=True,
              help="Also test equilibrium rules against the selected equilibrium (logit QRE, risk and payoff "
                   "dominance) in two-player models up to 3x3.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
def compare(models, output, theory, executor, workers, scheduler, fresh, no_figures, selection, quiet):
    """Compare equilibria with defensive realism's predictions over each model's default grid.

    MODELS are built-in model names or model files (default: every built-in
    model). Prints a summary table and writes tables (CSV, Markdown, LaTeX)
    and figures (PNG, PDF) to the output folder. Interrupted runs continue
    where they stopped when started again.
    """
    import time

    from ..model import ModelError
    from ..study.report import compare_models
    import warnings

    from ..study.sweep.runner import StoreLockedError, SweepInterrupted, SweepStoreWarning
    from ..study.tables import to_markdown

    start = time.perf_counter()
    try:
        with warnings.catch_warnings():
            # Reported below, once per model, in the summary's words.
            warnings.simplefilter("ignore", SweepStoreWarning)
            summary, reports = compare_models(
                list(models) or None, output, theory=theory, executor=executor, workers=workers,
                scheduler=scheduler, progress=not quiet, fresh=fresh, figures=not no_figures, selection=selection,
            )
    except SweepInterrupted as interrupted:
        click.echo(f"Interrupted: {interrupted}", err=True)
        raise SystemExit(130) from None
    except (ModelError, ValueError, FileNotFoundError, FileExistsError, StoreLockedError) as error:
        click.echo(f"Error: {error}", err=True)
        raise SystemExit(USAGE_ERROR) from None
    for report in reports:
        for note in report.notes:
            click.echo(f"Note ({report.model.key}): {note}", err=True)
    shown = _printable(summary)
    click.echo(to_markdown(shown))
    elapsed = time.perf_counter() - start
    independent = summary[summary.get("independent_points", 0 * summary["points"]) > 0] \
        if "independent_points" in summary else summary.iloc[:0]
    rules = int(summary["rules"].sum()) if "rules" in summary else 0
    built_in = int(summary["by_construction_rules"].sum()) if "by_construction_rules" in summary else 0
    click.echo(f"\nIndependent predictions (structural variables, not by construction): {len(independent)} of "
               f"{len(summary)} models; {built_in} of {rules} {theory.replace('_', ' ')} rules agree by construction "
               "and are left out of the independent figure.")
    files = sum(len(r.files) for r in reports)
    click.echo(f"\n{len(reports)} models, {int(summary['points'].sum())} parameter points, {elapsed:.1f} s; "
               f"{files} files in {output}/ (summary.csv, summary.md, summary.tex and one folder per model)")


def _printable(summary, width: int = 70):
    """The summary for a terminal: independent figures first, percentages, rival theories in one column, text cut."""
    import pandas as pd

    def percent(value) -> str:
        return "" if pd.isna(value) else f"{value:.1%}"

    rivals = [c for c in summary.columns if c.startswith("agreement: ")]

    def independent(row) -> str:
        if not row.get("independent_points", 0):
            return "none"
        return f"{percent(row['independent_agreement'])} of {int(row['independent_points'])}"

    table = pd.DataFrame({
        "model": summary["model"],
        "points": summary["points"],
        "independent": [independent(row) for _, row in summary.iterrows()],
        "by construction": [f"{int(b)}/{int(r)}" if r else "" for b, r in
                            zip(summary.get("by_construction_rules", 0 * summary["points"]),
                                summary.get("rules", 0 * summary["points"]))],
        "directions": summary["directional_agreement"].map(percent) if "directional_agreement" in summary else "",
        "all rules": summary["agreement"].map(percent),
    })
    if "qre_selected_agreement" in summary:
        table["QRE-selected"] = summary["qre_selected_agreement"].map(percent)
    table["rival theories"] = [
        "; ".join(f"{c[len('agreement: '):]} {percent(row[c])}" for c in rivals if not pd.isna(row[c]))
        for _, row in summary.iterrows()
    ]
    table["where it fails"] = [text if len(text) <= width else text[: width - 3] + "..." for text in summary["where it fails"]]
    return table
