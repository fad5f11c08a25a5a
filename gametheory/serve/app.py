"""The class page as a Flask application: the page, its static assets and its JSON endpoints.

Endpoints
---------
``GET /``, ``GET /model/<key>``
    The page (one HTML document; the script reads the model and the
    parameter values from the address, so a prepared link opens the page in
    that state).
``GET /static/<file>``
    The page's own assets, served only from the package's ``static`` folder.
``GET /api/models``
    The model library.
``GET /api/models/<key>``
    One model: parameters with their ranges and slider steps, players and
    actions, the views the page shows for its kind, sources.
``GET|POST /api/models/<key>/analysis``
    The payoff matrix with best responses and equilibria marked, the
    certified equilibria, the derivation, the 2x2 class, the theories'
    predictions; parameter values as query arguments (``?temptation=5``) or
    as a JSON body ``{"values": {"temptation": "5"}}``.
``GET /api/models/<key>/regime-map``
    The regime map (PNG as a data URI) with its axes, for ``x``, ``y``,
    ``theory`` and the values of the other parameters.
``GET|POST /api/models/<key>/repeated``
    Repeated models: a profile of automata (``strategies=grim,tft``) at the
    discount factor, with the exact discount sets and critical values.
``GET /api/models/<key>/repeated/closed-form``
    The critical discount factors in the stage parameters' names.
``GET /api/models/<key>/dynamics``
    2x2 and symmetric 3-action models: the rest points of the replicator
    dynamics with their stability and ESS certificates, and the phase
    portrait (PNG as a data URI) of the dynamics ``kind`` (``replicator``,
    ``best_response`` or ``logit`` with ``noise``) at the parameter values.

Every error is a 4xx answer with a JSON body ``{"error": message, "status":
code}``; the server keeps serving. Requests are bounded: bodies larger than
:data:`MAX_BODY_BYTES` get 413, too many query arguments 400, and work waits
in two lanes (quick analyses; regime maps and closed forms, which take
seconds) whose queues are bounded, answering 429 when full. When the server
listens on a loopback address only requests naming a loopback host are
answered, so a web page elsewhere cannot reach it through DNS rebinding.
"""

from __future__ import annotations

import threading
from pathlib import Path

from . import payloads
from .payloads import PageError

__all__ = ["create_app", "STATIC_FOLDER", "MAX_BODY_BYTES", "MAX_QUERY_ARGUMENTS", "Lane"]

#: The only folder static files are served from.
STATIC_FOLDER = Path(__file__).resolve().parent / "static"
#: Largest request body accepted (the JSON bodies of the API are a few hundred bytes).
MAX_BODY_BYTES = 64 * 1024
#: Most query arguments (parameter values and options) accepted in one request.
MAX_QUERY_ARGUMENTS = 64

_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}

_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class Lane:
    """A queue for one kind of work: one job at a time, at most ``limit`` jobs running or waiting.

    The engine's symbolic and plotting code runs one job at a time per lane;
    quick analyses and slow drawings have separate lanes so a regime map that
    takes seconds never holds up a slider.
    """

    def __init__(self, name: str, limit: int):
        self.name = name
        self.limit = limit
        self._count = 0
        self._count_lock = threading.Lock()
        self._work_lock = threading.Lock()

    def __enter__(self):
        with self._count_lock:
            if self._count >= self.limit:
                raise PageError(f"the server is busy ({self.limit} {self.name} requests already running or waiting); "
                                "try again in a moment", 429)
            self._count += 1
        self._work_lock.acquire()
        return self

    def __exit__(self, *exc):
        self._work_lock.release()
        with self._count_lock:
            self._count -= 1
        return False


def _hostname(host_header: str) -> str:
    host = host_header.strip().lower()
    if host.startswith("["):  # [::1]:8765
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def create_app(*, allowed_hosts: set[str] | None = frozenset(_LOOPBACK_NAMES), fast_limit: int = 16, slow_limit: int = 2):
    """The class page application.

    Parameters
    ----------
    allowed_hosts : set of str or None
        Host names (without port) the page answers to; default the loopback
        names. ``None`` answers any host (for a server on a classroom network).
    fast_limit, slow_limit : int
        How many analyses, and how many regime maps or closed forms, may run
        or wait at once; further requests get 429.

    Returns
    -------
    flask.Flask
    """
    from flask import Flask, jsonify, request, send_from_directory
    from werkzeug.exceptions import HTTPException

    app = Flask(__name__, static_folder=str(STATIC_FOLDER), static_url_path="/static")
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.json.sort_keys = False
    fast = Lane("analysis", fast_limit)
    slow = Lane("drawing", slow_limit)
    hosts = None if allowed_hosts is None else {h.lower() for h in allowed_hosts}

    def error(message: str, status: int):
        response = jsonify({"error": message, "status": status})
        response.status_code = status
        return response

    @app.errorhandler(PageError)
    def page_error(exc: PageError):
        return error(str(exc), exc.status)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        messages = {
            404: "not found",
            405: f"method {request.method} is not allowed here",
            413: f"request body too large: at most {MAX_BODY_BYTES} bytes are accepted",
        }
        return error(messages.get(exc.code, exc.description or exc.name), exc.code or 400)

    @app.before_request
    def check_request():
        if hosts is not None and _hostname(request.host) not in hosts:
            return error("this page answers only requests addressed to the local machine (Host header "
                         f"{request.host[:60]!r} is not a loopback name)", 400)
        if len(request.args) > MAX_QUERY_ARGUMENTS or sum(len(v) for v in request.args.listvalues()) > MAX_QUERY_ARGUMENTS:
            return error(f"too many query arguments: at most {MAX_QUERY_ARGUMENTS} are accepted", 400)
        length = request.content_length
        if length is not None and length > MAX_BODY_BYTES:
            return error(f"request body too large: at most {MAX_BODY_BYTES} bytes are accepted", 413)
        return None

    @app.after_request
    def headers(response):
        response.headers["Content-Security-Policy"] = _CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        if request.path.startswith("/api/"):
            response.headers["Cache-Control"] = "no-store"
        else:
            response.headers["Cache-Control"] = "no-cache"
        return response

    def page():
        return send_from_directory(STATIC_FOLDER, "index.html")

    app.add_url_rule("/", "index", page)
    app.add_url_rule("/model/<key>", "model_page", lambda key: page())

    # ----------------------------------------------------------- input
    def body() -> dict:
        """The JSON object of a POST body (400 when it is not one)."""
        if not request.is_json:
            raise PageError("send a JSON body (Content-Type: application/json)", 415)
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            raise PageError("the body must be a JSON object such as {\"values\": {\"temptation\": \"5\"}}")
        unknown = sorted(set(data) - {"values", "strategies"})
        if unknown:
            raise PageError(f"unknown key(s) {unknown[:5]} in the body; allowed keys: values, strategies")
        values = data.get("values", {})
        if not isinstance(values, dict):
            raise PageError("'values' must be a JSON object mapping parameter names to numbers")
        return data

    def request_values(model, options=frozenset()) -> tuple[dict, dict]:
        """Parameter values and options (``strategies``, ``x``, ``y``, ``theory``) of the request."""
        if request.method == "POST":
            data = body()
            pairs = list(data.get("values", {}).items())
            chosen = {k: data[k] for k in options if k in data}
        else:
            pairs, chosen = [], {}
            for name, texts in request.args.lists():
                if len(texts) > 1:
                    raise PageError(f"query argument {name[:60]!r} is given {len(texts)} times")
                if name in options:
                    chosen[name] = texts[0]
                else:
                    pairs.append((name, texts[0]))
        return payloads.parse_values(model, pairs), chosen

    # ----------------------------------------------------------- API
    @app.get("/api/models")
    def models():
        return jsonify({"models": payloads.library()})

    @app.get("/api/models/<key>")
    def model(key):
        return jsonify(payloads.model_info(payloads.get_model(key)))

    @app.route("/api/models/<key>/analysis", methods=["GET", "POST"])
    def analysis(key):
        found = payloads.get_model(key)
        values, _ = request_values(found)
        with fast:
            data = payloads.analysis(found, values)
            if getattr(found, "kind", "normal") == "tree":
                from .tree_view import tree_view

                try:
                    data["tree"] = tree_view(found, values)
                except (ValueError, TypeError) as error:
                    raise PageError(f"{found.key}: {payloads._one_line(error)}") from None
            return jsonify(data)

    @app.get("/api/models/<key>/regime-map")
    def regime_map(key):
        found = payloads.get_model(key)
        values, options = request_values(found, {"x", "y", "theory"})
        with slow:
            return jsonify(payloads.regime_map(found, values, options.get("x"), options.get("y"), options.get("theory")))

    @app.route("/api/models/<key>/repeated", methods=["GET", "POST"])
    def repeated(key):
        found = payloads.get_model(key)
        values, options = request_values(found, {"strategies"})
        names = payloads.parse_strategies(found, options.get("strategies"))
        with fast:
            return jsonify(payloads.repeated(found, values, names))

    @app.get("/api/models/<key>/repeated/closed-form")
    def closed_form(key):
        found = payloads.get_model(key)
        unknown = sorted(set(request.args) - {"strategies"})
        if unknown:
            raise PageError(f"unknown query argument(s) {[u[:40] for u in unknown[:5]]}; only 'strategies' is used here")
        names = payloads.parse_strategies(found, request.args.get("strategies"))
        with slow:
            return jsonify(payloads.closed_form(found, names))

    @app.get("/api/models/<key>/dynamics")
    def dynamics(key):
        from . import dynamics_view

        found = payloads.get_model(key)
        values, options = request_values(found, {"kind", "noise"})
        kind, noise = dynamics_view.parse_options(options)
        with slow:
            return jsonify(dynamics_view.dynamics(found, values, kind, noise))

    return app
