"""Equilibrium tables: exact fractions survive into CSV, Markdown and LaTeX."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import pytest

from gametheory import NormalFormGame, solve
from gametheory.study.tables import equilibrium_table, to_latex, to_markdown, write_table


@pytest.fixture
def battle_of_the_sexes():
    return NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]], players=("Ally_1", "Ally 2"),
                                        actions=(["Opera", "Fight"], ["Opera", "Fight"]))


def test_equilibrium_table_lists_every_equilibrium_in_labels(battle_of_the_sexes):
    table = equilibrium_table(solve(battle_of_the_sexes))
    assert table["type"].tolist() == ["pure", "mixed", "pure"]
    mixed = table.iloc[1]
    assert mixed["Ally_1"] == "3/5 Opera + 2/5 Fight"
    assert mixed["Ally 2"] == "2/5 Opera + 3/5 Fight"
    assert mixed["payoff Ally_1"] == "6/5" and mixed["max regret"] == "0"


def test_written_formats_keep_exact_values(battle_of_the_sexes, tmp_path):
    table = equilibrium_table(solve(battle_of_the_sexes))
    csv = write_table(table, tmp_path / "t.csv")
    markdown = write_table(table, tmp_path / "t.md")
    latex = write_table(table, tmp_path / "t.tex", caption="Battle of the sexes", label="tab:bos")
    assert pd.read_csv(csv)["payoff Ally_1"].tolist() == ["3", "6/5", "2"]
    text = markdown.read_text()
    assert text.splitlines()[0].startswith("| #") and "3/5 Opera + 2/5 Fight" in text
    tex = latex.read_text()
    assert "\\toprule" in tex and "\\midrule" in tex and "\\bottomrule" in tex
    assert "Ally\\_1" in tex and "$\\frac{6}{5}$" in tex and "\\label{tab:bos}" in tex


def test_markdown_escapes_pipes_and_latex_escapes_specials():
    frame = pd.DataFrame({"regime": ["C,C | D,D"], "share": [0.5], "note": ["50% & more_x"]})
    assert "C,C \\| D,D" in to_markdown(frame)
    tex = to_latex(frame)
    assert "50\\% \\& more\\_x" in tex
    assert "{lrl}" in tex  # numbers right-aligned


def test_fractions_in_frames_are_written_as_text(tmp_path):
    frame = pd.DataFrame({"p": [Fraction(1, 3)], "q": [0.25]})
    path = write_table(frame, tmp_path / "f.csv")
    assert path.read_text().splitlines()[1] == "1/3,0.25"


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="table format"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "table.xlsx")


def test_every_latex_table_has_a_label_and_one_percentage_format():
    frame = pd.DataFrame({"rule": [0, 1], "agreement": [1.0, 0.7857], "when": ["a < b", "a >= 1/2 and b > c"]})
    tex = to_latex(frame, caption="Stag Hunt: by rule")
    assert "\\label{tab:stag-hunt-by-rule}" in tex
    assert "100.0\\%" in tex and "78.6\\%" in tex
    assert "$\\mathit{a} < \\mathit{b}$" in tex
    assert "$\\mathit{a} \\geq \\frac{1}{2} \\wedge \\mathit{b} > \\mathit{c}$" in tex
    assert "\\label{" in to_latex(pd.DataFrame({"x": [1]}))
    assert "78.6%" in to_markdown(frame)


def test_wide_tables_are_rotated_or_split_and_missing_values_are_blank():
    wide = pd.DataFrame({f"column {k}": ["a fairly long piece of text in a cell"] for k in range(4)})
    tex = to_latex(wide, caption="Wide")
    assert "\\begin{sidewaystable}" in tex and "p{" in tex
    wider = pd.DataFrame({f"column {k}": ["a fairly long piece of text in a cell"] for k in range(9)})
    tex = to_latex(wider, caption="Wider")
    labels = [line for line in tex.splitlines() if line.startswith("\\label")]
    assert len(labels) >= 2 and len(set(labels)) == len(labels)
    assert all(f"column {k}" in tex for k in range(9))
    assert "<NA>" not in to_latex(pd.DataFrame({"x": pd.array([True, None], dtype="boolean")}))


def test_sympy_sets_are_written_as_text_people_read():
    import sympy

    frame = pd.DataFrame({"where": [sympy.Interval.Ropen(0, 1), sympy.S.EmptySet, sympy.Max(sympy.Symbol("a"), 1)]})
    text = to_markdown(frame) + to_latex(frame)
    assert "Interval" not in text and "EmptySet" not in text
    assert "[0, 1)" in text and "none" in text and "Max(" not in text and "max(1, a)" in text
