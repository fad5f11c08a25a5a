"""The class page's dynamics view: rest points checked against the engine, the portrait, hostile input."""

from __future__ import annotations

import base64
import threading

import pytest

pytest.importorskip("flask", reason="the class page needs Flask (a core dependency of gametheory)")

from gametheory.dynamics import rest_points
from gametheory.model import load_model
from gametheory.serve import create_app, engine
from gametheory.serve import dynamics_view

PNG = b"\x89PNG\r\n\x1a\n"

# A symmetric game with three actions (hawk, dove, retaliator; Maynard Smith 1982), declared as a model file.
THREE_ACTIONS = '''
key = "hawk_dove_retaliator"
title = "Hawk, dove, retaliator"
summary = "Three strategies in contests over a resource worth value, with fights costing cost."

[[sources]]
citation = "Maynard Smith, John. 1982. Evolution and the Theory of Games. Cambridge University Press."

[[players]]
name = "Row"
actions = ["Hawk", "Dove", "Retaliator"]

[[players]]
name = "Column"
actions = ["Hawk", "Dove", "Retaliator"]

[parameters.value]
default = 2
range = [0, 10]
meaning = "value of the resource"

[parameters.cost]
default = 4
range = [0, 10]
meaning = "cost of losing a fight"

[payoffs]
"Hawk,Hawk" = ["(value - cost) / 2", "(value - cost) / 2"]
"Hawk,Dove" = ["value", "0"]
"Hawk,Retaliator" = ["(value - cost) / 2", "(value - cost) / 2"]
"Dove,Hawk" = ["0", "value"]
"Dove,Dove" = ["value / 2", "value / 2"]
"Dove,Retaliator" = ["value / 2", "value / 2"]
"Retaliator,Hawk" = ["(value - cost) / 2", "(value - cost) / 2"]
"Retaliator,Dove" = ["value / 2", "value / 2"]
"Retaliator,Retaliator" = ["value / 2", "value / 2"]

[outcomes]
fight = ["Hawk,Hawk"]

[predictions.defensive_realism]
summary = "Not a claim of the source: a placeholder the model format requires."
source = "none"
rules = [{ when = "cost > value", outcome = "fight", expect = "not_equilibrium", note = "Costly fights are avoided." }]
'''


@pytest.fixture(scope="module")
def client():
    return create_app().test_client()


@pytest.fixture
def three_actions(tmp_path, monkeypatch):
    """The library with one symmetric 3-action model added (the built-in library has only 2x2 two-player games)."""
    path = tmp_path / "hawk_dove_retaliator.toml"
    path.write_text(THREE_ACTIONS)
    model = load_model(path)
    listed, loader = engine.list_models, engine.load_model
    monkeypatch.setattr(engine, "list_models", lambda: listed() + [model.key])
    monkeypatch.setattr(engine, "load_model", lambda key: model if key == model.key else loader(key))
    return model


def _get(client, path):
    response = client.get(path)
    return response.status_code, response.get_json()


def _shown(point) -> dict:
    return {"state": point.describe(), "stability": point.stability, "ess": point.is_ess, "nash": point.is_nash}


def test_two_by_two_lists_the_engines_rest_points_of_two_populations(client):
    status, data = _get(client, "/api/models/stag_hunt/dynamics?temptation=3")
    assert status == 200, data
    found = rest_points(load_model("stag_hunt").game(temptation=3), populations=2)
    assert [{k: r[k] for k in ("state", "stability", "ess", "nash")} for r in data["rest_points"]] == [
        _shown(p) for p in found]
    assert data["populations"] == 2 and data["exact"] is True
    stable = [r for r in data["rest_points"] if r["stability"] == "asymptotically stable"]
    assert {r["state"] for r in stable} == {"State A: C; State B: C", "State A: D; State B: D"}
    assert all(r["certificate"].startswith("strict Nash equilibrium") for r in stable)
    image = base64.b64decode(data["image"].split(",", 1)[1])
    assert data["image"].startswith("data:image/png;base64,") and image.startswith(PNG) and len(image) > 20_000
    again = client.get("/api/models/stag_hunt/dynamics?temptation=3").get_json()
    assert again["cached"] is True and again["rest_points"] == data["rest_points"]


def test_three_action_symmetric_model_is_one_population_on_the_simplex(client, three_actions):
    info = client.get("/api/models/hawk_dove_retaliator").get_json()
    assert "dynamics" in info["views"]
    status, data = _get(client, "/api/models/hawk_dove_retaliator/dynamics?kind=best-response")
    assert status == 200, data
    assert data["populations"] == 1 and data["kind"] == "best_response"
    found = rest_points(three_actions.game())
    assert [r["state"] for r in data["rest_points"]] == [p.describe() for p in found]
    ess = [r for r in data["rest_points"] if r["ess"]]
    assert [r["state"] for r in ess] == [p.describe() for p in found.ess]
    assert ess and all(r["certificate"] for r in ess)
    assert base64.b64decode(data["image"].split(",", 1)[1]).startswith(PNG)


def test_an_asymmetric_three_action_game_is_refused_with_a_reason(client, three_actions, monkeypatch):
    real = three_actions.game

    def lopsided(**values):
        game = real(**values)
        payoffs = [p.copy() for p in game.payoffs]
        payoffs[1] = payoffs[1] + 1  # the column player's payoffs shifted: no longer symmetric
        return type(game)(payoffs, players=game.players, actions=game.actions)

    monkeypatch.setattr(three_actions, "game", lopsided)
    status, data = _get(client, "/api/models/hawk_dove_retaliator/dynamics?noise=2")
    assert status == 400
    assert "not symmetric" in data["error"]


def test_models_without_the_view(client):
    assert "dynamics" not in client.get("/api/models/extended_deterrence").get_json()["views"]
    assert "dynamics" not in client.get("/api/models/chain_ganging").get_json()["views"]
    status, data = _get(client, "/api/models/chain_ganging/dynamics")
    assert status == 400 and "no dynamics view" in data["error"]


@pytest.mark.parametrize("query, message", [
    ("kind=fictitious", "unknown dynamics 'fictitious'"),
    ("kind=logit&noise=0", "noise must be a number from 0.01 to 10"),
    ("kind=logit&noise=1e400", "noise must be a number"),
    ("kind=logit&noise=nan", "noise must be a number"),
    ("noise=" + "9" * 200, "noise must be a number"),
    ("war=99", "outside its range"),
    ("war=1/0", "war"),
    ("nonsense=1", "no parameter 'nonsense'"),
    ("kind=logit&kind=replicator", "given 2 times"),
])
def test_hostile_input_gets_a_4xx_message(client, query, message):
    status, data = _get(client, f"/api/models/chicken/dynamics?{query}")
    assert 400 <= status < 500
    assert message in data["error"]
    assert data["status"] == status


def test_unknown_model_and_method():
    client = create_app().test_client()
    status, data = _get(client, "/api/models/no_such_model/dynamics")
    assert status == 404 and "no model" in data["error"]
    assert client.post("/api/models/chicken/dynamics", json={}).status_code == 405


def test_portraits_wait_in_the_slow_lane(monkeypatch):
    """A full drawing lane answers 429 at once instead of queueing more portraits."""
    client = create_app(slow_limit=1).test_client()
    started, release = threading.Event(), threading.Event()
    real = dynamics_view.dynamics

    def slow(*args):
        started.set()
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(dynamics_view, "dynamics", slow)
    worker = threading.Thread(target=lambda: client.get("/api/models/chicken/dynamics?war=0.5"))
    worker.start()
    assert started.wait(10)
    try:
        status, data = _get(client, "/api/models/chicken/dynamics?war=0.25")
        assert status == 429 and "busy" in data["error"]
    finally:
        release.set()
        worker.join(20)
