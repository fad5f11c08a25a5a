"""TOML files within the input limits: deep nesting, malformed text and size give one-line errors."""

from __future__ import annotations

import pytest

from gametheory.io.toml_files import MAX_TOML_DEPTH, TomlFileError, parse_toml, read_toml


@pytest.mark.parametrize("value", ["[" * 20000 + "]" * 20000, "{a = " * 20000 + "1" + "}" * 20000])
def test_deep_nesting_is_refused_without_recursion(value):
    with pytest.raises(TomlFileError, match=r"^deep.toml, line 2, column \d+: arrays and inline tables are nested"):
        parse_toml('title = "x"\nx = ' + value, source="deep.toml")


def test_nesting_at_the_limit_is_read():
    data = parse_toml("x = " + "[" * MAX_TOML_DEPTH + "]" * MAX_TOML_DEPTH)
    assert isinstance(data["x"], list)


@pytest.mark.parametrize("text", [
    'x = "[[[[[[' + "[" * 100 + '"',          # brackets inside a string
    "x = '" + "{" * 100 + "'",                 # inside a literal string
    'x = """\n' + "[" * 100 + '\n"""',          # inside a multi-line string
    "# " + "[" * 100 + "\nx = 1",              # inside a comment
    'x = "a\\"[[[[' + "[" * 100 + '"',         # after an escaped quote
])
def test_brackets_in_strings_and_comments_do_not_count(text):
    assert "x" in parse_toml(text)


def test_malformed_toml_names_the_line_and_column():
    with pytest.raises(TomlFileError, match=r"^m.toml, line 2, column 5: "):
        parse_toml("a = 1\nb = = 2", source="m.toml")


def test_size_is_capped_while_reading():
    with pytest.raises(TomlFileError, match="/dev/zero: the model file is larger than 1000 bytes"):
        read_toml("/dev/zero", max_bytes=1000, what="model file")
