"""Serving the class page: a Waitress server around the Flask application.

Waitress is a pure-Python production WSGI server: it bounds the number of
worker threads and open connections, refuses bodies above
:data:`~gametheory.serve.app.MAX_BODY_BYTES` with 413 before the
application sees them, and closes idle connections.
"""

from __future__ import annotations

import ipaddress
import sys
import threading
import webbrowser

from .app import MAX_BODY_BYTES, create_app

__all__ = ["run", "make_server", "is_loopback", "THREADS", "CONNECTION_LIMIT"]

#: Worker threads answering requests (the engine work itself is queued in lanes, see :class:`~gametheory.serve.app.Lane`).
THREADS = 6
#: Most connections open at once; further clients wait in the listen queue.
CONNECTION_LIMIT = 64
#: Largest request head (request line and headers) accepted, in bytes.
MAX_HEADER_BYTES = 32 * 1024


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (``127.0.0.1``, ``::1``, ``localhost``).

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def make_server(host: str = "127.0.0.1", port: int = 8765, *, threads: int = THREADS):
    """A Waitress server for the page, bound but not yet serving (call ``.run()``; ``.close()`` to stop).

    On a loopback address the page answers only requests addressed to a
    loopback name; on another address it answers any host (a classroom
    network), and anyone who can reach the address can use the page.

    Raises
    ------
    ValueError
        For a port outside 0..65535 (0 picks a free port) or an empty host.
    OSError
        When the address cannot be bound (in use, or not an address of this machine).
    """
    from waitress.server import create_server

    if not isinstance(host, str) or not host.strip():
        raise ValueError(f"host must be a host name or address, got {host!r}")
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise ValueError(f"port must be an integer from 0 to 65535, got {port!r}")
    loopback = is_loopback(host)
    allowed = {"localhost", "127.0.0.1", "::1", host.strip("[]").lower()} if loopback else None
    app = create_app(allowed_hosts=allowed)
    return create_server(
        app,
        host=host.strip("[]"),
        port=port,
        threads=threads,
        connection_limit=CONNECTION_LIMIT,
        max_request_body_size=MAX_BODY_BYTES,
        max_request_header_size=MAX_HEADER_BYTES,
        channel_timeout=30,
        ident="gametheory",
        clear_untrusted_proxy_headers=True,
    )


def _url(host: str, port: int) -> str:
    shown = host.strip("[]")
    if shown in ("0.0.0.0", "::"):
        shown = "127.0.0.1"
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def run(host: str = "127.0.0.1", port: int = 8765, *, open_browser: bool = True, log=None) -> None:
    """Serve the class page until interrupted (Ctrl+C).

    Parameters
    ----------
    host : str
        Address to listen on; the default serves this machine only. A
        non-loopback address (``0.0.0.0``) lets other machines in the room
        open the page.
    port : int
        Port (0 picks a free one).
    open_browser : bool
        Open the page in the default web browser once the server listens.
    log : callable, optional
        Called with each line to show the user (the address, how to stop);
        default writes to standard error.

    Raises
    ------
    ValueError, OSError
        As :func:`make_server`.
    """
    if log is None:
        def log(line: str) -> None:
            print(line, file=sys.stderr, flush=True)

    server = make_server(host, port)
    url = _url(host, server.effective_port)
    log(f"gametheory class page at {url} (Ctrl+C to stop)")
    if not is_loopback(host):
        log(f"listening on {host}: every machine that can reach this address can open the page")
    if open_browser:
        timer = threading.Timer(0.3, webbrowser.open, args=(url,))
        timer.daemon = True
        timer.start()
    try:
        server.run()  # returns on Ctrl+C (Waitress stops its workers itself)
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    log("stopped")
