"""The documentation cannot drift from the library.

Every model in ``models/`` has a page ``docs/models/<key>.md`` and a line in
the index ``docs/models.md``; the index's table of alliance kinds matches each
model's ``[alliance]`` table; and every relative link in ``docs/`` (and in
the README) points at a file that exists. The code examples themselves run as
doctests (``--doctest-glob=*.md`` in the pytest configuration).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from gametheory.model import list_models, load_model

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
INDEX = DOCS / "models.md"
PAGES = sorted(DOCS.rglob("*.md")) + [ROOT / "README.md"]

# [text](target) not preceded by '!' is a link, ![alt](target) an image; both must resolve.
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
KEYS = list_models()

# Columns of the alliance-kinds table in docs/models.md: the [alliance] key each belongs to.
ALLIANCE_COLUMNS = {
    "formal": "commitment",
    "informal": "commitment",
    "defensive": "pledge",
    "offensive": "pledge",
    "bilateral": "membership",
    "multilateral": "membership",
    "collective": "membership",
    "formation": "phase",
    "maintenance": "phase",
    "crisis": "phase",
    "dissolution": "phase",
}


def links(path: Path) -> list[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return LINK.findall(text)


def test_the_library_has_models():
    assert len(KEYS) >= 14


@pytest.mark.parametrize("key", KEYS)
def test_every_model_has_a_page(key):
    page = DOCS / "models" / f"{key}.md"
    assert page.is_file(), f"model {key!r} has no page {page.relative_to(ROOT)}"
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# "), f"{page.name}: a page starts with its title"
    assert f"models/{key}.toml" in text, f"{page.name} does not name its model file"
    # The page cites the model's first source: its first author's surname and its year.
    citation = load_model(key).sources[0].citation
    surname = citation.split(",")[0]
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", citation).group(1)
    assert surname in text and year in text, f"{page.name} does not cite {surname} {year}"


@pytest.mark.parametrize("key", KEYS)
def test_every_model_has_a_line_in_the_index(key):
    model = load_model(key)
    lines = [line for line in INDEX.read_text(encoding="utf-8").splitlines()
             if f"](models/{key}.md)" in line and model.title in line]
    assert len(lines) == 1, f"docs/models.md needs exactly one line with the link and title of {key!r}, found {len(lines)}"


def test_every_page_in_docs_models_belongs_to_a_model():
    orphans = sorted(p.stem for p in (DOCS / "models").glob("*.md") if p.stem not in KEYS)
    assert not orphans, f"pages without a model in models/: {orphans}"


def alliance_table() -> tuple[list[str], dict[str, list[str]]]:
    lines = INDEX.read_text(encoding="utf-8").split("## Kinds of alliance", 1)[1].splitlines()
    table = [line for line in lines if line.startswith("|")]
    header = [cell.strip() for cell in table[0].strip("|").split("|")]
    rows = {}
    for line in table[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        key = re.search(r"\[`([a-z0-9_]+)`\]", cells[0]).group(1)
        rows[key] = cells[1:]
    return header[1:], rows


def test_alliance_kinds_table_matches_the_model_files():
    header, rows = alliance_table()
    assert header == list(ALLIANCE_COLUMNS)
    assert sorted(rows) == KEYS
    for key, cells in rows.items():
        alliance = load_model(key).alliance
        for value, cell in zip(header, cells):
            declared = value in alliance.get(ALLIANCE_COLUMNS[value], ())
            assert (cell == "x") == declared, f"{key}: column {value!r} says {cell!r}, the model file says {declared}"


def test_every_alliance_distinction_is_covered():
    _, rows = alliance_table()
    for k, value in enumerate(ALLIANCE_COLUMNS):
        assert any(cells[k] == "x" for cells in rows.values()), f"no model covers {value!r}"


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_relative_links_resolve(page):
    broken = []
    for target in links(page):
        parsed = urlparse(target)
        if parsed.scheme or target.startswith("#") or target.startswith("mailto:"):
            continue
        path = (page.parent / unquote(parsed.path)).resolve()
        if not path.exists():
            broken.append(target)
    assert not broken, f"{page.relative_to(ROOT)}: broken links {broken}"


def test_link_checker_sees_links(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("See [a](a.md), ![b](img/b.png) and [c](https://example.org).\n\n```\n[d](d.md)\n```\n")
    assert links(page) == ["a.md", "img/b.png", "https://example.org"]
