"""Rich display in Jupyter: the HTML of games and results, the LaTeX of symbolic results."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import numpy as np
import pytest

from gametheory import NormalFormGame, solve
from gametheory.display import game_html, latex_math, result_html
from gametheory.model import load_model


class _Cells(HTMLParser):
    """Collects the text of each table cell and checks tags are balanced."""

    def __init__(self):
        super().__init__()
        self.cells, self.stack, self._text = [], [], None

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        if tag in ("td", "th"):
            self._text = ""

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()
        if tag in ("td", "th"):
            self.cells.append(self._text)
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text += data


def parse(html: str) -> list[str]:
    parser = _Cells()
    parser.feed(html)
    assert parser.stack == []
    return parser.cells


def test_game_html_marks_exactly_the_best_responses():
    rng = np.random.default_rng(3)
    for _ in range(20):
        A, B = rng.integers(0, 4, size=(2, 3, 2))
        game = NormalFormGame.from_bimatrix(A, B)
        html = game._repr_html_()
        cells = parse(html)
        body = [c for c in cells if "," in c]
        assert len(body) == 6
        for (r, c), text in zip(np.ndindex(3, 2), body):
            row, column = text.split(", ")
            assert row.endswith("*") == bool(A[r, c] == A[:, c].max())
            assert column.endswith("*") == bool(B[r, c] == B[r, :].max())


def test_game_html_escapes_names_and_shows_three_players():
    game = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]], players=("<A>", "B&"),
                                        actions=(["x<y", "z"], ["p", "q"]), title="<script>")
    html = game_html(game)
    assert "<script>" not in html and "&lt;A&gt;" in html and "x&lt;y" in html
    three = load_model("chain_ganging").game()
    html = three._repr_html_()
    assert html.count("<table") == 2 and "<caption>" in html
    parse(html)


def test_result_html_lists_each_equilibrium_with_its_certificate():
    game = NormalFormGame.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]], actions=(["C", "D"], ["C", "D"]))
    result = solve(game.as_exact())
    html = result._repr_html_()
    cells = parse(html)
    assert "3 equilibria" in html and "exact" in html
    assert "2/3 C + 1/3 D" in cells and cells.count("0") >= 3  # regrets exactly 0
    assert html == result_html(result)
    degenerate = solve(NormalFormGame.from_bimatrix([[1, 1], [1, 1]], [[1, 1], [1, 1]]))
    assert "degenerate" in degenerate._repr_html_()


@pytest.mark.parametrize("text, expected", [("x", "$$x$$"), ("$x$", "$x$"), ("  y \n", "$$y$$")])
def test_latex_math_wraps_once(text, expected):
    assert latex_math(text) == expected


def test_display_module_is_light():
    import subprocess
    import sys

    code = "import sys, gametheory.display; print('pandas' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
    assert re.search(r"<td", game_html(NormalFormGame.from_bimatrix([[1]], [[1]])))


def test_symbolic_conditions_show_as_mathematics_in_jupyter():
    from gametheory.analysis import analyze, thresholds
    from gametheory.model import load_model

    symbolic = load_model("stag_hunt").symbolic_game()
    assert analyze(symbolic)._repr_latex_().startswith("$$")
    assert thresholds(symbolic, "temptation")._repr_latex_().startswith("$$")
