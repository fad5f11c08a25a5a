"""``gametheory serve``: help text and a one-line error when the port is taken."""

from __future__ import annotations

import socket

from click.testing import CliRunner

from gametheory.cli import main


def test_serve_help_lists_its_options():
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--no-browser", "8765", "127.0.0.1"):
        assert option in result.output
    assert "serve" in CliRunner().invoke(main, ["--help"]).output


def test_port_in_use_is_one_line_with_status_2():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port), "--no-browser"])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"Error: cannot serve the class page on 127.0.0.1:{port}: ")
    assert "Traceback" not in result.output


def test_port_out_of_range_is_a_usage_error():
    result = CliRunner().invoke(main, ["serve", "--port", "70000"])
    assert result.exit_code == 2
    assert "70000" in result.output
