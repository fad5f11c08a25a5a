"""The main job end to end on two models: summary, files, rerun and resume."""

from __future__ import annotations

import pandas as pd
from click.testing import CliRunner

from gametheory.cli import main
from gametheory.study.report import compare_models


def test_compare_models_writes_tables_figures_and_a_summary(tmp_path):
    summary, reports = compare_models(["stag_hunt", "chicken"], tmp_path, progress=False)
    assert summary["model"].tolist() == ["stag_hunt", "chicken"]
    assert (summary["points"] == 41 * 41).all()
    assert summary["agreement"].between(0, 1).all()
    for name in ("summary.csv", "summary.md", "summary.tex"):
        assert (tmp_path / name).stat().st_size > 0
    folder = tmp_path / "stag_hunt"
    for name in ("sweep.parquet", "points.csv", "by_rule.md", "by_rule.tex", "equilibria_at_defaults.tex",
                 "regime_map.png", "regime_map.pdf", "best_response.png"):
        assert (folder / name).exists(), name
    points = pd.read_csv(folder / "points.csv")
    assert len(points) == 41 * 41 and {"predicted", "regime", "agree"} <= set(points.columns)
    # Running again reuses the finished chunks and gives the same summary.
    again, _ = compare_models(["stag_hunt", "chicken"], tmp_path, progress=False)
    pd.testing.assert_frame_equal(summary, again)


def test_compare_command_prints_the_summary(tmp_path):
    result = CliRunner().invoke(main, ["compare", "stag_hunt", "-o", str(tmp_path), "--quiet", "--no-figures"])
    assert result.exit_code == 0, result.output
    assert "| stag_hunt" in result.output and "100.0%" in result.output
    bad = CliRunner().invoke(main, ["compare", "no_such_model", "-o", str(tmp_path), "--quiet"])
    assert bad.exit_code == 2 and "no built-in model" in bad.output


def test_a_theory_a_model_does_not_declare_is_reported_not_a_crash(tmp_path):
    summary, _ = compare_models(["chicken", "stag_hunt"], tmp_path, theory="offensive_realism", progress=False,
                                figures=False)
    rows = summary.set_index("model")
    assert "declares no offensive realism predictions" in rows.loc["chicken", "where it fails"]
    assert 0 <= rows.loc["stag_hunt", "agreement"] < 1


def test_the_summary_leads_with_independent_figures_and_marks_by_construction_rules(tmp_path):
    summary, reports = compare_models(["chain_ganging", "stag_hunt"], tmp_path, progress=False, figures=False)
    rows = summary.set_index("model")
    for column in ("independent_points", "independent_agreement", "by_construction_rules", "directional_agreement"):
        assert column in summary.columns
    assert list(summary.columns[:7]) == ["model", "title", "points", "independent_points", "independent_agreement",
                                         "by_construction_rules", "rules"]
    # Chain-ganging's rules read the offense-defense balance only and can fail; the Stag Hunt's restate equilibria.
    assert rows.loc["chain_ganging", "independent_points"] == rows.loc["chain_ganging", "predicted"]
    assert rows.loc["chain_ganging", "independent_agreement"] == rows.loc["chain_ganging", "agreement"] < 1
    assert rows.loc["stag_hunt", "independent_points"] == 0 and rows.loc["stag_hunt", "by_construction_rules"] == 2
    written = pd.read_csv(tmp_path / "summary.csv")
    assert {"independent_points", "independent_agreement", "by_construction_rules",
            "directional_agreement"} <= set(written.columns)
    by_rule = pd.read_csv(tmp_path / "stag_hunt" / "by_rule.csv")
    assert by_rule["by_construction"].tolist()[:2] == [True, True]
    assert (tmp_path / "stag_hunt" / "by_rule_offensive_realism.csv").exists()
    assert (tmp_path / "chain_ganging" / "theories_diverge.csv").exists()
    result = CliRunner().invoke(main, ["compare", "stag_hunt", "chain_ganging", "-o", str(tmp_path), "--quiet",
                                       "--no-figures"])
    assert result.exit_code == 0, result.output
    header = result.output.splitlines()[0]
    assert header.index("independent") < header.index("all rules")
    assert "agree by construction" in result.output
