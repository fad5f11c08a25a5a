"""The class page's HTTP endpoints: what they answer, checked against the engine, and hostile input.

Most tests go through Flask's test client (no sockets). The tests at the
end start the real Waitress server on a loopback port and send it raw and
concurrent requests.
"""

from __future__ import annotations

import base64
import concurrent.futures
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from fractions import Fraction
from pathlib import Path

import pytest

pytest.importorskip("flask", reason="the class page needs Flask (a core dependency of gametheory)")
pytest.importorskip("waitress", reason="the class page needs Waitress (a core dependency of gametheory)")

import gametheory as gt
from gametheory.model import list_models, load_model
from gametheory.serve import app as app_module
from gametheory.serve import create_app, make_server, payloads
from gametheory.serve.app import MAX_BODY_BYTES, MAX_QUERY_ARGUMENTS, STATIC_FOLDER, Lane

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def client():
    return create_app().test_client()


def get_json(client, url, status=200, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == status, (url, response.status_code, response.get_data(as_text=True)[:300])
    assert response.mimetype == "application/json"
    return response.get_json()


def assert_error(response, status, *fragments):
    """A 4xx answer with a JSON message naming the problem."""
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:300])
    data = response.get_json()
    assert data["status"] == status
    assert isinstance(data["error"], str) and data["error"]
    for fragment in fragments:
        assert fragment in data["error"], (fragment, data["error"])
    return data["error"]


# ---------------------------------------------------------------------- page and assets
def test_page_is_served_with_its_own_assets_only(client):
    for url in ("/", "/model/stag_hunt", "/model/no_such_model"):
        response = client.get(url)
        assert response.status_code == 200
        assert "text/html" in response.content_type
        text = response.get_data(as_text=True)
        assert '<script src="/static/app.js"' in text and '<link rel="stylesheet" href="/static/style.css">' in text
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    for name in ("app.js", "style.css", "icon.svg", "index.html"):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200, name
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_assets_load_nothing_from_the_network():
    for path in STATIC_FOLDER.iterdir():
        text = path.read_text(encoding="utf-8")
        # The SVG namespace is an identifier, not a request.
        text = text.replace("http://www.w3.org/2000/svg", "")
        for marker in ("http://", "https://", "//cdn", "@import", "url("):
            assert marker not in text, f"{path.name} refers to {marker!r}"


def test_importing_the_package_does_not_load_the_web_stack():
    code = "import sys, gametheory.serve; print(sorted(m for m in ('flask', 'waitress', 'matplotlib', 'sympy') if m in sys.modules))"
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["PYTHONPATH"] = str(REPO)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------------- library and models
def test_library_lists_every_model(client):
    models = get_json(client, "/api/models")["models"]
    assert [m["key"] for m in models] == list_models()
    for entry in models:
        model = load_model(entry["key"])
        assert entry["title"] == model.title
        assert entry["parameters"] == [p.name for p in model.parameters]
        assert entry["summary"] and len(entry["summary"]) <= 300


@pytest.mark.parametrize("key", list_models())
def test_model_description_gives_slider_ranges_around_the_defaults(client, key):
    info = get_json(client, f"/api/models/{key}")
    model = load_model(key)
    assert info["title"] == model.title and info["kind"] == model.kind
    assert [p["name"] for p in info["parameters"]] == [p.name for p in model.parameters]
    for entry, parameter in zip(info["parameters"], model.parameters):
        assert Fraction(entry["default"]) == Fraction(parameter.default)
        assert entry["slider_low"] <= float(parameter.default) <= entry["slider_high"]
        positions = (entry["slider_high"] - entry["slider_low"]) / entry["step"]
        assert 10 <= positions <= 1000 or entry["integer"], (entry["name"], positions)
        if parameter.low is not None:
            assert entry["slider_low"] == float(parameter.low)
        if parameter.high is not None:
            assert entry["slider_high"] == float(parameter.high)
    views = info["views"]
    if model.kind == "normal":
        assert {"matrix", "equilibria", "derivation"} <= set(views)
    elif model.kind in ("continuous", "coalitional"):
        assert "outcomes" in views and "matrix" not in views
    else:
        assert "tree" in views
    assert ("repeated" in views) == (model.kind == "normal" and len(model.players) == 2
                                     and "discount" in [p.name for p in model.parameters] and not model.is_symmetric_counts)
    if "regime_map" in views:
        assert len(info["map_axes"]) == 2 and set(info["map_axes"]) <= set(info["map_parameters"])


def test_views_follow_the_model_kind_for_kinds_without_a_matrix():
    class Sequential:
        """A model of a kind the page has no matrix for (an extensive-form game)."""

        kind = "extensive"
        parameters = ()
        predictions = {}
        sweep_axes = {}

    assert payloads._views(Sequential()) == ["tree", "predictions"]


# ---------------------------------------------------------------------- analysis against the engine
def cell_profiles(matrix, game):
    """Each matrix cell with its profile of action indices."""
    shape = game.shape
    import itertools

    tails = list(itertools.product(*(range(m) for m in shape[2:])))
    for block, tail in zip(matrix["blocks"], tails):
        for a, row in enumerate(block["rows"]):
            for b, cell in enumerate(row):
                yield (a, b) + tail, cell


@pytest.mark.parametrize("key, values", [
    ("stag_hunt", {}),
    ("stag_hunt", {"temptation": "5"}),
    ("chicken", {"war": "0"}),
    ("chain_ganging", {}),
    ("trust_reassurance", {"trust": "0.8"}),
    ("buck_passing", {"n_powers": "3", "cost": "7/2"}),
])
def test_analysis_agrees_with_the_engine(client, key, values):
    query = "&".join(f"{k}={v}" for k, v in values.items())
    data = get_json(client, f"/api/models/{key}/analysis?{query}")
    model = load_model(key)
    exact = {k: Fraction(v) for k, v in values.items()}
    game = model.game(**exact)
    result = gt.solve(game)
    assert data["game"]["shape"] == list(game.shape)
    assert [e["description"] for e in data["equilibria"]] == [e.describe() for e in result.equilibria]
    # Certificates: every player's regret, exactly 0 in exact games and within tolerance otherwise.
    for shown, equilibrium in zip(data["equilibria"], result.equilibria):
        for i, strategy in enumerate(shown["strategies"]):
            values_shown = [s["value"] for s in strategy]
            assert values_shown == pytest.approx([float(p) for p in equilibrium.strategies[i]], abs=1e-12)
            assert sum(values_shown) == pytest.approx(1) and min(values_shown) >= 0
        if result.exact:
            assert [Fraction(r) for r in shown["regrets"]] == [0] * game.n_players
            for i, strategy in enumerate(shown["strategies"]):
                assert [Fraction(s["probability"]) for s in strategy] == [Fraction(p) for p in equilibrium.strategies[i]]
            assert [Fraction(v) for v in shown["payoffs"]] == [Fraction(v) for v in equilibrium.payoffs]
        else:
            assert max(abs(float(r)) for r in shown["regrets"]) <= game.tolerance()
            assert [float(Fraction(v)) for v in shown["payoffs"]] == pytest.approx([float(v) for v in equilibrium.payoffs], rel=1e-3)
    # Best-response marks are the engine's, and a cell is marked as a pure equilibrium exactly when
    # every player's payoff in it is a best response.
    masks = [game.pure_best_response_mask(i) for i in range(game.n_players)]
    pure = {tuple(game.action_index(i, a) for i, a in enumerate(e.pure_profile)) for e in result.pure}
    seen = 0
    for profile, cell in cell_profiles(data["matrix"], game):
        seen += 1
        assert cell["best"] == [bool(m[profile]) for m in masks]
        assert [float(Fraction(v)) for v in cell["payoffs"]] == pytest.approx([float(game.payoffs[i][profile]) for i in range(game.n_players)], rel=1e-3)
        assert bool(cell["equilibria"]) == all(cell["best"]) == (profile in pure)
    assert seen == game.payoffs[0].size


def test_stag_hunt_views_for_the_board(client):
    data = get_json(client, "/api/models/stag_hunt/analysis")
    assert data["classification"]["name"] == "Stag Hunt"
    steps = [s["step"] for s in data["derivation"]]
    assert steps == [0, 1, 2, 3, 4]
    mixed = data["derivation"][-1]["body"]
    assert "=> q = 2/3" in mixed and "=> p = 2/3" in mixed
    theories = {p["theory"]: p for p in data["predictions"]}
    assert theories["defensive_realism"]["outcome"] == "mutual_restraint"
    assert theories["defensive_realism"]["profiles"] == [["C", "C"]]
    prisoners = get_json(client, "/api/models/stag_hunt/analysis?temptation=5")
    assert prisoners["classification"]["name"] == "Prisoner's Dilemma"
    assert [e["profile"] for e in prisoners["equilibria"]] == [["D", "D"]]


def test_analysis_is_cached_and_post_gives_the_same_answer(client):
    first = get_json(client, "/api/models/chicken/analysis?win=5&war=1/2")
    again = get_json(client, "/api/models/chicken/analysis?war=0.5&win=5")
    assert again["cached"] is True
    posted = client.post("/api/models/chicken/analysis", json={"values": {"war": 0.5, "win": "5"}})
    assert posted.status_code == 200
    for payload in (again, posted.get_json()):
        assert payload["equilibria"] == first["equilibria"] and payload["matrix"] == first["matrix"]
    assert first["values"]["war"] == "1/2"


def test_continuous_and_coalitional_models_show_the_engine_rows(client):
    continuous = get_json(client, "/api/models/burden_sharing_continuous/analysis")
    assert "matrix" not in continuous
    columns = continuous["outcomes"]["columns"]
    assert columns[:2] == ["q_1", "q_2"] and "certified" in columns
    row = dict(zip(columns, continuous["outcomes"]["rows"][0]))
    assert (row["q_1"], row["q_2"], row["certified"]) == ("4", "2", "yes")
    coalitional = get_json(client, "/api/models/balance_of_power/analysis?power_germany=7")
    assert coalitional["outcomes"]["columns"][:2] == ["structure", "outcome"]
    assert coalitional["outcomes"]["rows"]


# ---------------------------------------------------------------------- repeated models
def test_repeated_critical_discount_factors_match_the_engine(client):
    from gametheory.games.repeated import RepeatedGame, discount, strategies

    model = load_model("alliance_burden_sharing_repeated")
    grim = strategies.grim_trigger()
    expected = discount.critical_discount(RepeatedGame(model.game()), (grim, grim))
    data = get_json(client, "/api/models/alliance_burden_sharing_repeated/repeated?strategies=grim")
    assert data["strategies"] == ["grim", "grim"] and data["discount"] == "3/5"
    spe = data["thresholds"]["spe"]
    assert spe["critical"] == str(expected.critical) == "1/3"
    assert spe["set"]["text"] == "[1/3, 1)"
    assert spe["set"]["intervals"] == [{"low": "1/3", "high": "1", "low_value": 1 / 3, "high_value": 1.0,
                                        "left_open": False, "right_open": True}]
    assert data["spe"]["holds"] and data["nash"]["holds"]
    below = get_json(client, "/api/models/alliance_burden_sharing_repeated/repeated?strategies=grim&discount=1/4")
    assert not below["spe"]["holds"]
    assert below["spe"]["witness"]["gain"] and below["thresholds"] == data["thresholds"]
    assert below["path"]["cycle"] == [["Contribute", "Contribute"]]


def test_repeated_pairs_and_closed_form(client):
    data = get_json(client, "/api/models/alliance_burden_sharing_repeated/repeated?strategies=grim&cost=9/2")
    assert data["thresholds"]["spe"]["critical"] == "1/2"
    pair = get_json(client, "/api/models/alliance_burden_sharing_repeated/repeated?strategies=grim,tft")
    assert pair["strategy_names"] == ["Grim Trigger", "Tit for Tat"]
    # Grim trigger against tit for tat: never subgame perfect (tit for tat's punishment is not credible).
    assert pair["thresholds"]["spe"]["set"]["intervals"] == [] and pair["thresholds"]["spe"]["critical"] is None
    assert pair["thresholds"]["nash"]["critical"] == "1/3"
    closed = get_json(client, "/api/models/alliance_burden_sharing_repeated/repeated/closed-form?strategies=grim")
    form = closed["spe"]["closed_form"]
    assert "benefit" in form and "cost" in form
    import sympy

    symbols = {name: sympy.Symbol(name) for name in ("benefit", "cost", "relative_gains")}
    value = sympy.sympify(form, locals=symbols).subs({symbols["benefit"]: 3, symbols["cost"]: 4, symbols["relative_gains"]: 0})
    assert value == sympy.Rational(1, 3)


# ---------------------------------------------------------------------- regime map
def test_regime_map_is_a_png_with_its_axes_and_is_cached(client):
    url = "/api/models/alliance_burden_sharing_repeated/regime-map?benefit=3"
    data = get_json(client, url)
    assert (data["x"], data["y"]) == ("cost", "relative_gains")
    assert data["theory"] == "defensive_realism"
    assert data["fixed"] == {"benefit": "3", "discount": "3/5"}
    header, _, encoded = data["image"].partition(",")
    assert header == "data:image/png;base64"
    assert base64.b64decode(encoded)[:8] == b"\x89PNG\r\n\x1a\n"
    x0, y0, x1, y1 = data["axes_box"]
    assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1
    assert data["xlim"][0] <= 0 and data["xlim"][1] >= 10
    assert data["regimes"] and 0 <= data["agreement"] <= 1
    # Moving a parameter on an axis does not redraw the map (the page only moves its mark).
    assert get_json(client, url + "&cost=7&relative_gains=1")["cached"] is True


@pytest.mark.slow
def test_regime_map_is_redrawn_when_another_parameter_moves(client):
    url = "/api/models/alliance_burden_sharing_repeated/regime-map?benefit=4"
    first = get_json(client, url)
    assert first["fixed"]["benefit"] == "4"
    assert get_json(client, url)["cached"] is True
    moved = get_json(client, url.replace("benefit=4", "benefit=5"))
    assert moved["cached"] is False and moved["image"] != first["image"]


# ---------------------------------------------------------------------- hostile input
@pytest.mark.parametrize("key", [
    "no_such_model", "../models/chicken", "chicken.toml", "..", "%2e%2e", "models%2Fchicken",
    "..%2F..%2Fpyproject.toml", "%2Fetc%2Fpasswd", "a" * 300, "chicken%00", "CHICKEN;rm",
])
def test_unknown_or_path_like_model_keys_are_404(client, key, monkeypatch):
    calls = []
    original = payloads.engine.load_model
    monkeypatch.setattr(payloads.engine, "load_model", lambda k: calls.append(k) or original(k))
    for suffix in ("", "/analysis", "/regime-map", "/repeated"):
        response = client.get(f"/api/models/{key}{suffix}")
        assert response.status_code == 404, (key, suffix, response.status_code)
        assert response.get_json()["error"]
    assert calls == []  # nothing outside the library is ever loaded


def test_close_model_names_are_suggested(client):
    assert_error(client.get("/api/models/chiken/analysis"), 404, "chiken", "did you mean 'chicken'")


@pytest.mark.parametrize("value, fragment", [
    ("abc", "not a number"),
    ("1/0", "not a number"),
    ("nan", "not a number"),
    ("inf", "not a number"),
    ("0x10", "not a number"),
    ("2**3", "not a number"),
    ("[1]", "not a number"),
    ("1e999999999", "limit"),
    ("9" * 2000, "at most 64"),
    ("", "empty"),
    ("%20", "empty"),
    ("11", "outside its range [0, 10]"),
    ("-1", "outside its range [0, 10]"),
    ("10.0000001", "outside its range"),
    ("1e400", "outside its range"),
])
def test_malformed_and_out_of_range_values_are_400(client, value, fragment):
    for url in (f"/api/models/stag_hunt/analysis?temptation={value}",
                f"/api/models/stag_hunt/regime-map?temptation={value}"):
        message = assert_error(client.get(url), 400, fragment)
        assert "temptation" in message


def test_parameter_names_and_counts_are_checked(client):
    assert_error(client.get("/api/models/stag_hunt/analysis?temptation=1&temptation=2"), 400, "temptation", "2 times")
    assert_error(client.get("/api/models/stag_hunt/analysis?war=1"), 400, "no parameter 'war'", "temptation")
    assert_error(client.get("/api/models/buck_passing/analysis?n_powers=2.5"), 400, "n_powers", "integer")
    assert_error(client.get("/api/models/buck_passing/analysis?n_powers=9"), 400, "n_powers", "outside its range")
    many = "&".join(f"p{k}=1" for k in range(MAX_QUERY_ARGUMENTS + 1))
    assert_error(client.get(f"/api/models/stag_hunt/analysis?{many}"), 400, "too many query arguments")
    assert_error(client.get("/api/models/stag_hunt/analysis?" + "x" * 5000 + "=1"), 400, "no parameter")


@pytest.mark.parametrize("send, status, fragment", [
    (dict(data="temptation=5", content_type="application/x-www-form-urlencoded"), 415, "JSON body"),
    (dict(data="{not json", content_type="application/json"), 400, "JSON object"),
    (dict(json=[1, 2]), 400, "JSON object"),
    (dict(json={"values": [1]}), 400, "'values' must be a JSON object"),
    (dict(json={"values": {"temptation": True}}), 400, "temptation"),
    (dict(json={"values": {"temptation": {"a": 1}}}), 400, "temptation"),
    (dict(json={"values": {"temptation": 50}}), 400, "outside its range"),
    (dict(json={"values": {}, "path": "/etc/passwd"}), 400, "unknown key"),
    (dict(data='{"values": {"temptation": ' + "9" * 5000 + "}}", content_type="application/json"), 400, "JSON object"),
    (dict(data="x" * (MAX_BODY_BYTES + 1), content_type="application/json"), 413, "too large"),
    (dict(json={"values": {"temptation": "1"}, "pad": "y" * (2 * MAX_BODY_BYTES)}), 413, "too large"),
])
def test_bad_bodies_are_4xx(client, send, status, fragment):
    assert_error(client.post("/api/models/stag_hunt/analysis", **send), status, fragment)


def test_methods_other_than_the_documented_ones_are_405(client):
    assert_error(client.delete("/api/models/stag_hunt/analysis"), 405, "DELETE")
    assert_error(client.put("/api/models/stag_hunt/analysis", json={}), 405, "PUT")
    assert_error(client.post("/api/models", json={}), 405, "POST")
    assert_error(client.post("/api/models/stag_hunt/regime-map", json={}), 405, "POST")


@pytest.mark.parametrize("path", [
    "/static/../app.py", "/static/..%2fapp.py", "/static/%2e%2e/app.py", "/static/%2e%2e%2fapp.py",
    "/static/..%5capp.py", "/static/../../pyproject.toml", "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/../../../../../../etc/passwd",
    "/static/..", "/static/", "/static/app.js%00.py", "/../pyproject.toml", "/model/../../pyproject.toml",
    "/serve/app.py", "/gametheory/serve/app.py", "/static/C:%5cWindows%5cwin.ini",
])
def test_no_path_traversal_out_of_the_asset_folder(client, path):
    # Repeated slashes are merged by a redirect inside /static/, which then finds nothing.
    response = client.get(path, follow_redirects=True)
    assert response.status_code in (400, 404), (path, response.status_code)
    assert all(r.headers["Location"].startswith("http://localhost/static/") for r in response.history)
    body = response.get_data(as_text=True)
    assert "import " not in body and "root:" not in body and "[project]" not in body


def test_requests_addressed_to_another_host_are_refused(client):
    assert_error(client.get("/api/models", headers={"Host": "evil.example"}), 400, "Host header")
    assert_error(client.get("/", headers={"Host": "attacker.test:8765"}), 400, "loopback")
    for host in ("localhost:8765", "127.0.0.1:8765", "[::1]:8765", "LOCALHOST"):
        assert client.get("/api/models", headers={"Host": host}).status_code == 200, host
    anyone = create_app(allowed_hosts=None).test_client()
    assert anyone.get("/api/models", headers={"Host": "classroom.local:8765"}).status_code == 200


def test_options_of_the_map_and_repeated_endpoints_are_checked(client):
    base = "/api/models/alliance_burden_sharing_repeated"
    assert_error(client.get(f"{base}/regime-map?x=nope"), 400, "'nope'", "cost")
    assert_error(client.get(f"{base}/regime-map?x=cost&y=cost"), 400, "two different parameters")
    assert_error(client.get(f"{base}/regime-map?theory=marxism"), 400, "marxism", "defensive_realism")
    assert_error(client.get(f"{base}/repeated?strategies=grim,tft,wsls"), 400, "one or two strategy names")
    assert_error(client.get(f"{base}/repeated?strategies=../../etc"), 400, "unknown strategy")
    assert_error(client.get(f"{base}/repeated?strategies=grim&strategies=tft"), 400, "2 times")
    assert_error(client.get(f"{base}/repeated/closed-form?strategies=grim&cost=1"), 400, "only 'strategies'")
    assert_error(client.get(f"{base}/repeated?discount=1"), 400, "discount", "outside its range")
    assert_error(client.get("/api/models/stag_hunt/repeated"), 400, "not a repeated model")
    assert_error(client.get("/api/models/stag_hunt/repeated/closed-form"), 400, "not a repeated model")


def test_full_lanes_answer_429_and_the_page_keeps_serving():
    busy = create_app(slow_limit=0).test_client()
    assert_error(busy.get("/api/models/stag_hunt/regime-map"), 429, "busy")
    assert busy.get("/api/models/stag_hunt/analysis").status_code == 200

    lane = Lane("test", 1)
    entered, release = threading.Event(), threading.Event()

    def hold():
        with lane:
            entered.set()
            release.wait(10)

    worker = threading.Thread(target=hold)
    worker.start()
    assert entered.wait(10)
    with pytest.raises(payloads.PageError) as refused:
        with lane:
            pass
    assert refused.value.status == 429
    release.set()
    worker.join(10)
    with lane:  # free again
        pass


def test_server_arguments_are_checked():
    from gametheory.serve.server import run

    for port in (-1, 65536, "8765", True):
        with pytest.raises(ValueError, match="port"):
            make_server("127.0.0.1", port)
    with pytest.raises(ValueError, match="host"):
        run("", 8765, open_browser=False)


# ---------------------------------------------------------------------- the real server on loopback
@pytest.fixture(scope="module")
def live_server():
    server = make_server("127.0.0.1", 0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield server.effective_port
    server.close()
    thread.join(10)


def request(port, method, path, body=None, headers=None, timeout=30):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def raw(port, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(data)
        chunks = []
        while True:
            chunk = connection.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def test_live_server_refuses_raw_traversal_and_foreign_hosts(live_server):
    for target in (b"/static/../app.py", b"/static/../../pyproject.toml", b"/static/%2e%2e/app.py",
                   b"/../../../etc/passwd", b"/static/..%2f..%2fpyproject.toml"):
        answer = raw(live_server, b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        status = answer.split(b"\r\n", 1)[0]
        assert status.split()[1] in (b"400", b"404"), (target, status)
        assert b"import " not in answer and b"root:" not in answer and b"[project]" not in answer
    answer = raw(live_server, b"GET /api/models HTTP/1.1\r\nHost: rebinding.example\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400")
    # The server's own limit on bodies answers before the application reads anything.
    status, body = request(live_server, "POST", "/api/models/stag_hunt/analysis", body=b"{" + b" " * (MAX_BODY_BYTES + 10),
                           headers={"Content-Type": "application/json"})
    assert status == 413 and body


def test_fifty_concurrent_requests_on_loopback_are_all_answered(live_server):
    """50 requests at once, good and hostile: each answered (bounded time), the server serving on."""
    good = [f"/api/models/stag_hunt/analysis?temptation={k}/4" for k in range(20)]
    good += [f"/api/models/chicken/analysis?war={k}/10" for k in range(10)]
    hostile = ["/api/models/stag_hunt/analysis?temptation=abc", "/api/models/../../etc/passwd",
               "/static/../app.py", "/api/models/nope/analysis", "/api/models/stag_hunt/analysis?temptation=99",
               "/api/models/stag_hunt/analysis?temptation=1e999999999", "/api/models/chicken/analysis?war=1&war=2",
               "/api/models/stag_hunt/repeated", "/api/models/alliance_burden_sharing_repeated/repeated?strategies=x",
               "/api/models/stag_hunt/analysis?" + "&".join(f"a{k}=1" for k in range(100))]
    hostile = (hostile * 2)[:20]
    jobs = [("GET", path, 200) for path in good] + [("GET", path, None) for path in hostile]
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(lambda job: (job, request(live_server, job[0], job[1])), jobs))
    elapsed = time.perf_counter() - started
    assert len(answers) == 50
    assert elapsed < 60, f"50 concurrent requests took {elapsed:.1f} s"
    for (method, path, expected), (status, body) in answers:
        if expected == 200:
            assert status == 200, (path, status, body[:200])
            assert json.loads(body)["equilibria"]
        else:
            assert 400 <= status < 500, (path, status)
            if not path.startswith("/static") and "/../" not in path:
                assert json.loads(body)["error"]
    status, body = request(live_server, "GET", "/api/models/stag_hunt/analysis?temptation=5")
    assert status == 200 and [e["profile"] for e in json.loads(body)["equilibria"]] == [["D", "D"]]


@pytest.mark.slow
def test_wheel_carries_the_page_assets(tmp_path):
    import zipfile

    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(tmp_path), str(REPO)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("gametheory-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for asset in STATIC_FOLDER.iterdir():
        assert f"gametheory/serve/static/{asset.name}" in names


def test_run_serves_until_interrupted():
    """``gametheory serve`` calls :func:`gametheory.serve.run`: it prints the address, serves, stops on Ctrl+C."""
    import signal

    code = "from gametheory.serve import run; run('127.0.0.1', 0, open_browser=False)"
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["PYTHONPATH"] = str(REPO)
    process = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
    try:
        line = process.stderr.readline()
        assert line.startswith("gametheory class page at http://127.0.0.1:"), line
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        status, body = request(port, "GET", "/")
        assert status == 200 and b"/static/app.js" in body
        process.send_signal(signal.SIGINT)
        assert process.wait(30) == 0
        assert "stopped" in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()


@pytest.mark.parametrize("key, values, concept", [
    ("extended_deterrence", {"credibility": "0"}, "spe"),
    ("extended_deterrence", {"credibility": "1/2"}, "spe"),
    ("deterrence_signaling", {}, "pbe"),
])
def test_a_tree_models_analysis_carries_its_tree_view(client, key, values, concept):
    """The tree view: the model's own solution concept, each equilibrium's play and certificate, the drawing."""
    from gametheory.model.kinds.tree import reached_outcomes
    from gametheory.study.sweep.trees import solve_tree_model

    query = "&".join(f"{k}={v}" for k, v in values.items())
    data = get_json(client, f"/api/models/{key}/analysis?{query}")
    tree = data["tree"]
    assert tree["concept"] == concept and tree["image"].startswith("data:image/png;base64,")
    model = load_model(key)
    expected = solve_tree_model(model, **{k: Fraction(v) for k, v in values.items()})
    assert len(tree["equilibria"]) == len(expected.equilibria)
    for shown, equilibrium in zip(tree["equilibria"], expected.equilibria):
        assert {p["outcome"]: Fraction(p["probability"]) for p in shown["play"]} == reached_outcomes(equilibrium)
        assert shown["max_regret"] == "0"
