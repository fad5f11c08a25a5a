"""``gametheory serve``: the class page (:mod:`gametheory.serve`) as a local web page.

Examples
--------
>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(serve, ["--help"])
>>> result.exit_code, "--no-browser" in result.output
(0, True)
"""

from __future__ import annotations

import click

__all__ = ["serve"]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 lets other machines in the room open the page.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0 picks a free one).")
@click.option("--no-browser", is_flag=True, help="Do not open the page in the web browser.")
def serve(host: str, port: int, no_browser: bool) -> None:
    """Start the class page: the model library as a local web page (Ctrl+C to stop)."""
    from gametheory.serve import run
    try:
        run(host, port, open_browser=not no_browser)
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        problem = click.ClickException(f"cannot serve the class page on {host}:{port}: {reason}")
        problem.exit_code = 2
        raise problem from None
