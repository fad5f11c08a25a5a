"""The defensive-realism comparison over the model library: the toolkit's main job.

For each model, sweep its default grid (declared in its file), solve every
point, evaluate what defensive realism (and each rival theory the model
declares) predicts there, and compare. The results folder receives, per
model, the tidy sweep, the per-point comparison, tables by prediction rule
(with each rule's independence and by-construction verdict, for every
theory), of the divergences, of the directional tests and of where the
theories diverge (CSV, Markdown, LaTeX), the regime map (PNG, PDF), the
equilibria at the default parameters (exact), and for 2x2 models the
best-response diagram; and one summary table over all models.

Continuous models (best-response equilibria) and coalitional models (stable
coalition structures) are swept and compared too, through their testable
outcome conditions (:mod:`gametheory.study.sweep.kinds`, :mod:`gametheory.study.compare`);
their "equilibria at the defaults" table is the equilibrium found, or the
stable structures, at the default parameters.

Sweeps keep their finished chunks under ``<results>/.chunks/<model>``, so an
interrupted run picks up where it stopped when started again. The results
folder is locked while a comparison writes to it, and chunks computed from
another version of a model (or of the package) are recomputed, never reused
(:mod:`gametheory.study.sweep.store`); the reports say when that happened.
"""

from __future__ import annotations

import shutil
from pathlib import Path

__all__ = ["compare_models", "ModelReport", "DEFAULT_THEORY"]

DEFAULT_THEORY = "defensive_realism"


class ModelReport:
    """What the comparison found for one model (and where its files are)."""

    def __init__(self, model, frame, comparisons: dict, files: list[Path], skipped: str = "", directions=None,
                 divergence=None):
        self.model = model
        self.frame = frame
        self.comparisons = comparisons
        self.files = files
        self.skipped = skipped
        #: The direction tests of every theory (:func:`gametheory.study.directions.direction_tests`).
        self.directions = directions
        #: Where the headline theory and each rival diverge (:func:`gametheory.study.directions.theory_divergence`).
        self.divergence = divergence
        #: The rules against the selected equilibrium (:func:`gametheory.study.selection.selection_table`), if asked.
        self.selection = None
        #: What the results folder said about reused chunks (recomputed, damaged or stale ones).
        self.notes = list(frame.attrs.get("sweep_notes", [])) if frame is not None else []

    def summary_row(self, theory: str = DEFAULT_THEORY) -> dict:
        row = {"model": self.model.key, "title": self.model.title}
        if self.skipped:
            row.update({"points": 0, "independent_points": 0, "independent_agreement": float("nan"),
                        "by_construction_rules": 0, "undecided_rules": 0, "undecided_points": 0, "rules": 0,
                        "directional_agreement": float("nan"),
                        "agreement": float("nan"), "where it fails": self.skipped})
            return row
        main = self.comparisons[theory]
        row.update({"points": main.n_points, "independent_points": main.independent_points,
                    "independent_agreement": main.independent_agreement,
                    "by_construction_rules": main.by_construction_rules,
                    "undecided_rules": main.undecided_rules, "undecided_points": main.undecided_points,
                    "rules": len(main.rules),
                    "directional_agreement": self.directional_agreement(theory),
                    "predicted": main.n_predicted, "agreement": main.agreement})
        for name, comparison in self.comparisons.items():
            if name != theory:
                row[f"agreement: {name.replace('_', ' ')}"] = comparison.agreement
        table = getattr(self, "selection", None)
        if table is not None:
            tested = table["qre points"].sum() if not table.empty else 0
            row["qre_selected_agreement"] = float((table["qre points"] * table["qre agreement"].fillna(0)).sum()
                                                  / tested) if tested else float("nan")
        row["where it fails"] = main.where_it_fails()
        return row

    def directional_agreement(self, theory: str = DEFAULT_THEORY) -> float:
        """Share of the non-flat steps, over the theory's direction rules, with the claimed sign (NaN if none)."""
        table = self.directions
        if table is None or table.empty:
            return float("nan")
        part = table[table["theory"] == theory]
        tested = int((part["rises"] + part["falls"]).sum())
        return float(part["holds"].sum() / tested) if tested else float("nan")


def compare_models(
    models=None,
    output="results",
    *,
    theory: str = DEFAULT_THEORY,
    executor: str = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool = True,
    fresh: bool = False,
    figures: bool = True,
    selection: bool = False,
):
    """Run the theory comparison on models and write its tables and figures.

    Parameters
    ----------
    models : sequence of str or Model, optional
        Default: every built-in model.
    output : path
        The results folder.
    theory : str
        The theory of the headline comparison (the others a model declares
        are compared too).
    executor, workers, scheduler :
        Where sweep chunks run (see :func:`gametheory.study.sweep.run_chunks`).
    progress : bool
        Progress bars for the sweeps.
    fresh : bool
        Ignore finished chunks of an earlier, interrupted run.
    figures : bool
        Draw the regime maps and best-response diagrams.
    selection : bool
        Also test the rules expecting an equilibrium against the selected
        one (logit QRE, risk and payoff dominance;
        :mod:`gametheory.study.selection`) in two-player models up to 3x3,
        writing ``selection`` tables and the summary column
        ``qre_selected_agreement``. Off by default: grids full of exact ties
        trace many games one by one.

    Returns
    -------
    summary : pandas.DataFrame
        One row per model: points; the headline ``independent_points`` and
        ``independent_agreement`` (rules stated in structural variables and
        not by construction); ``by_construction_rules`` of ``rules``;
        ``directional_agreement``; agreement over every predicted point and
        with each rival theory; and where the prediction fails.
    reports : list of ModelReport
    """
    import pandas as pd

    from ..model import list_models, load_model
    from .sweep.store import acquire_lock, release_lock

    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    models = [load_model(m) if isinstance(m, (str, Path)) else m for m in (models or list_models())]

    lock = acquire_lock(output)  # one comparison at a time writes to a results folder
    try:
        reports = [_compare_one(model, output, theory, executor, workers, scheduler, progress, fresh, figures,
                                selection) for model in models]
        _write_summary(reports, output, theory)
    finally:
        release_lock(lock)
    return _summary(reports, theory), reports


def _summary(reports, theory):
    import pandas as pd

    summary = pd.DataFrame([report.summary_row(theory) for report in reports])
    rivals = sorted(c for c in summary.columns if c.startswith("agreement: "))
    if "qre_selected_agreement" in summary.columns:
        rivals = ["qre_selected_agreement"] + rivals
    first = [c for c in ("model", "title", "points", "independent_points", "independent_agreement",
                         "by_construction_rules", "rules", "directional_agreement", "predicted", "agreement")
             if c in summary.columns]
    return summary[first + rivals + ["where it fails"]]


def _write_summary(reports, output: Path, theory: str) -> None:
    import pandas as pd

    from .tables import write_table

    table = _summary(reports, theory).drop(columns=["title"])
    write_table(table, output / "summary.csv")
    # For reading (Markdown, LaTeX): agreement shares as percentages.
    shown = table.copy()
    for column in shown.columns:
        if column.startswith("agreement") or column.endswith("_agreement"):
            shown[column] = shown[column].map(lambda v: "" if pd.isna(v) else f"{v:.1%}")
    for suffix in (".md", ".tex"):
        write_table(shown, output / f"summary{suffix}",
                    caption=f"Equilibria compared with {theory.replace('_', ' ')}", label="tab:summary")


def _compare_one(model, output: Path, theory, executor, workers, scheduler, progress, fresh, figures,
                 selection=False) -> ModelReport:
    from .compare import compare
    from .sweep import sweep
    from .tables import equilibrium_table, write_table

    folder = output / model.key
    folder.mkdir(parents=True, exist_ok=True)
    kind = getattr(model, "kind", "normal")
    if not model.sweep_axes:
        return ModelReport(model, None, {}, [], skipped="no default sweep declared")
    chunks = output / ".chunks" / model.key
    if fresh and chunks.exists():
        shutil.rmtree(chunks)
    # The chunks of an interrupted run are continued; chunks of another
    # version of the model (or of the package's results) are recomputed.
    frame = sweep(model, grid=model.sweep_axes, fixed=model.sweep_fixed, executor=executor, workers=workers,
                  scheduler=scheduler, progress=progress, directory=chunks, resume=True, restart_if_different=True)
    files = []
    frame.to_parquet(folder / "sweep.parquet", index=False)
    files.append(folder / "sweep.parquet")
    from .directions import direction_tests, theory_divergence

    comparisons = {}
    for name in model.predictions:
        comparisons[name] = compare(model, frame, name)
    import pandas as pd

    directions = pd.concat([direction_tests(model, frame, name) for name in model.predictions], ignore_index=True)
    between = theory_divergence(comparisons, theory)
    if theory not in comparisons:
        declared = ", ".join(sorted(comparisons))
        return ModelReport(model, frame, comparisons, files,
                           skipped=f"declares no {theory.replace('_', ' ')} predictions (it declares {declared})",
                           directions=directions, divergence=between)
    main = comparisons[theory]
    main.points.to_csv(folder / "points.csv", index=False)
    files.append(folder / "points.csv")
    game = result = None
    if kind == "normal":
        from ..solvers import solve

        game = model.game()
        result = solve(game)
        at_defaults = equilibrium_table(result)
    elif kind == "tree":  # the subgame-perfect or perfect Bayesian equilibria at the defaults
        from .sweep.trees import tree_equilibria_table

        at_defaults = tree_equilibria_table(model)
    else:  # continuous or coalitional: the equilibrium or the stable structures at the defaults
        from .sweep.kinds import equilibria_at_defaults

        at_defaults = equilibria_at_defaults(model)
    divergence = main.divergence()
    selected = None
    if selection:
        from .selection import selection_table

        selected = selection_table(model, main)
    for suffix in (".csv", ".md", ".tex"):
        files.append(write_table(main.by_rule(), folder / f"by_rule{suffix}",
                                 caption=f"{model.title}: {theory.replace('_', ' ')} by prediction rule"))
        if not divergence.empty:
            files.append(write_table(divergence, folder / f"divergence{suffix}",
                                     caption=f"{model.title}: where {theory.replace('_', ' ')} and the equilibria diverge"))
        files.append(write_table(at_defaults, folder / f"equilibria_at_defaults{suffix}",
                                 caption=f"{model.title}: equilibria at the default parameters"))
        for name, comparison in comparisons.items():
            if name != theory:
                files.append(write_table(comparison.by_rule(), folder / f"by_rule_{name}{suffix}",
                                         caption=f"{model.title}: {name.replace('_', ' ')} by prediction rule"))
        if not directions.empty:
            files.append(write_table(directions, folder / f"directions{suffix}",
                                     caption=f"{model.title}: directional predictions along the sweep"))
        if selected is not None and not selected.empty:
            files.append(write_table(selected, folder / f"selection{suffix}",
                                     caption=f"{model.title}: {theory.replace('_', ' ')} against the selected equilibrium"))
        if not between.empty and int(between["points"].sum()):
            files.append(write_table(between, folder / f"theories_diverge{suffix}",
                                     caption=f"{model.title}: where the theories' predictions diverge"))
    if figures:
        from .plots import best_response_diagram, regime_map, save_figure

        if len(main.swept) >= 2:
            files += save_figure(regime_map(main, model=model), folder / "regime_map")
        if game is not None and game.n_players == 2 and game.shape == (2, 2):
            files += save_figure(best_response_diagram(game, result=result), folder / "best_response")
    report = ModelReport(model, frame, comparisons, files, directions=directions, divergence=between)
    report.selection = selected
    return report
