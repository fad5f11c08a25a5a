"""The example notebook in docs/ runs from top to bottom, and what it displays renders.

The code cells are executed in order in one namespace (as a kernel would),
without Jupyter; the value of each cell's last expression is rendered the
way Jupyter would show it (``_repr_html_`` for games and results, PNG for
figures).
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "notebook.ipynb"


def run_notebook(path: Path) -> list:
    notebook = json.loads(path.read_text())
    namespace: dict = {"__name__": "__notebook__"}
    shown = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        tree = ast.parse(source)
        last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        if last is not None:
            tree.body = tree.body[:-1]
        exec(compile(tree, str(path), "exec"), namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), str(path), "eval"), namespace)
            if value is not None:  # Jupyter shows nothing for None (a print call)
                shown.append(value)
    return shown


def test_notebook_is_stored_without_outputs():
    notebook = json.loads(NOTEBOOK.read_text())
    assert notebook["nbformat"] == 4
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_notebook_runs_and_its_displays_render(tmp_path, capsys):
    shown = run_notebook(NOTEBOOK)
    printed = capsys.readouterr().out
    kinds = [type(value).__name__ for value in shown]
    assert kinds == ["NormalFormGame", "SolveResult", "Figure"]
    game_html, result_html = shown[0]._repr_html_(), shown[1]._repr_html_()
    assert "<table" in game_html and "*" in game_html
    assert "equilibri" in result_html and "<table" in result_html and "exact" in result_html
    shown[2].savefig(tmp_path / "map.png")
    assert (tmp_path / "map.png").stat().st_size > 5000
    assert "\\begin{align*}" in printed or "\\[" in printed or "$" in printed
    assert "\\label{tab:" in printed and "\\toprule" in printed
