"""The class page in a real browser: Playwright driving Debian's Chromium against the real server.

One server and one browser for the whole module. The tests load the
library, open a model, move a slider with the keyboard and see the
equilibria change, follow prepared links, switch projector mode, step
through the derivation and read a repeated model's critical discount factor.
Every page is checked for script errors and Content-Security-Policy
violations (which would mean something tried to load from elsewhere).
"""

from __future__ import annotations

import shutil
import statistics
import threading
import time
from urllib.parse import parse_qs, urlparse

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it with apt-get install chromium)"
)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is part of the test extra")

from gametheory.model import list_models, load_model  # noqa: E402
from gametheory.serve import make_server  # noqa: E402

#: The page must answer a slider move on a 2x2 model within this time (request, solve, redraw).
SLIDER_BUDGET_MS = 200


@pytest.fixture(scope="module")
def base_url():
    server = make_server("127.0.0.1", 0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        # Root in CI containers cannot use Chromium's sandbox.
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def _problem(message) -> str | None:
    """Console errors other than the browser's note on an HTTP error answer (which the tests provoke)."""
    if message.type != "error" or message.text.startswith("Failed to load resource: the server responded with a status"):
        return None
    return f"console {message.type}: {message.text}"


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    opened = context.new_page()
    problems = []
    opened.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    opened.on("console", lambda message: problems.append(_problem(message)) if _problem(message) else None)
    opened.set_default_timeout(20_000)
    if "regime_map" not in request.node.name:
        # Regime maps take the server seconds of work; tests that do not look at them answer for it.
        opened.route("**/regime-map?*", lambda route: route.fulfill(
            status=503, content_type="application/json", body='{"error": "not drawn in this test", "status": 503}'))
    if "dynamics" not in request.node.name:
        # So do phase portraits.
        opened.route("**/dynamics?*", lambda route: route.fulfill(
            status=503, content_type="application/json", body='{"error": "not drawn in this test", "status": 503}'))
    yield opened
    context.close()
    assert problems == []


def updates(page) -> int:
    return int(page.evaluate("document.body.dataset.updates || '0'"))


def wait_for_update(page, count: int, timeout: float = 20.0) -> None:
    """Wait until the page has drawn ``count`` analyses (the page counts them on <body>)."""
    deadline = time.monotonic() + timeout
    while updates(page) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"the page drew {updates(page)} analyses, expected {count}")
        page.wait_for_timeout(20)


def address(page) -> tuple[str, dict]:
    url = urlparse(page.url)
    return url.path, {k: v[0] for k, v in parse_qs(url.query).items()}


def equilibrium_rows(page) -> list[list[str]]:
    rows = page.locator("table.equilibria tbody tr")
    return [[cell.strip() for cell in rows.nth(k).locator("td").all_inner_texts()] for k in range(rows.count())]


def test_library_then_open_a_model(page, base_url):
    page.goto(base_url + "/")
    cards = page.locator("#library li.model-card")
    cards.first.wait_for()
    assert cards.count() == len(list_models())
    page.fill("#library-filter", "stag")
    assert page.locator("#library li.model-card").count() == 1
    page.click("a[data-key=stag_hunt]")
    wait_for_update(page, 1)
    assert page.inner_text("#model-title") == load_model("stag_hunt").title
    path, query = address(page)
    assert path == "/model/stag_hunt"
    assert query == {"reward": "4", "temptation": "3", "punishment": "2", "sucker": "0"}
    assert page.locator("#matrix td.cell").count() == 4
    assert page.locator("#matrix td.eq").count() == 2
    assert [row[1:3] for row in equilibrium_rows(page)] == [["C", "C"], ["2/3 C + 1/3 D", "2/3 C + 1/3 D"], ["D", "D"]]
    assert all(row[-1] == "max regret 0" for row in equilibrium_rows(page))
    assert page.inner_text("#classification") == "Game class: Stag Hunt"
    # Back to the library with the browser's history.
    page.go_back()
    page.locator("#library-view").wait_for()
    assert page.locator("#model-view").is_hidden()


def test_moving_a_slider_changes_the_equilibria_quickly(page, base_url):
    page.goto(base_url + "/model/stag_hunt")
    wait_for_update(page, 1)
    slider = page.locator("#p-temptation")
    slider.focus()
    page.keyboard.press("End")  # the keyboard moves the slider to the top of the range
    wait_for_update(page, 2)
    assert page.input_value("#v-temptation") == "10.0"
    assert slider.get_attribute("aria-valuetext") == "10.0"
    assert [row[1:3] for row in equilibrium_rows(page)] == [["D", "D"]]
    assert page.locator("#matrix td.eq").count() == 1
    assert page.inner_text("#classification") == "Game class: Prisoner's Dilemma"
    assert address(page)[1]["temptation"] == "10.0"
    # Step down one position at a time, timing each redraw; below the reward (4) restraint returns.
    times = []
    for k in range(10):
        before = updates(page)
        page.keyboard.press("ArrowLeft")
        wait_for_update(page, before + 1)
        times.append(float(page.evaluate("document.body.dataset.lastUpdateMs")))
    assert page.input_value("#v-temptation") == "9.0"
    assert statistics.median(times) < SLIDER_BUDGET_MS, f"slider updates took {times} ms"
    page.fill("#v-temptation", "7/2")
    page.press("#v-temptation", "Enter")
    page.locator("table.equilibria tbody tr").nth(2).wait_for()
    assert [row[1] for row in equilibrium_rows(page)] == ["C", "4/5 C + 1/5 D", "D"]


def test_prepared_links_open_the_page_in_their_state(page, base_url):
    page.goto(base_url + "/model/stag_hunt?temptation=5&sucker=1&_projector=1")
    wait_for_update(page, 1)
    assert page.input_value("#v-temptation") == "5" and page.input_value("#v-sucker") == "1"
    assert [row[1:3] for row in equilibrium_rows(page)] == [["D", "D"]]
    assert page.evaluate("document.body.classList.contains('projector')")
    assert float(page.evaluate("getComputedStyle(document.documentElement).fontSize").removesuffix("px")) >= 24
    assert page.get_attribute("#projector-toggle", "aria-pressed") == "true"
    page.locator("#model-title").click()
    page.keyboard.press("p")  # projector mode off from the keyboard
    assert not page.evaluate("document.body.classList.contains('projector')")
    assert "_projector" not in address(page)[1]

    # A link with a value outside the range says so and shows the defaults.
    page.goto(base_url + "/model/chicken?war=99")
    wait_for_update(page, 1)
    assert page.is_visible("#error") and "war" in page.inner_text("#error-text")
    assert page.input_value("#v-war") == "1"
    # A link to a model that is not in the library says so and shows the library.
    page.goto(base_url + "/model/no_such_model")
    page.locator("#library li.model-card").first.wait_for()
    assert "no_such_model" in page.inner_text("#error-text")


def test_mixed_equilibrium_and_derivation_steps(page, base_url):
    page.goto(base_url + "/model/stag_hunt")
    wait_for_update(page, 1)
    page.click("button.eq-select:has-text('mixed')")
    # Column player's mix over the columns, then the row player's over the rows.
    assert page.locator("#matrix .prob").all_inner_texts() == ["2/3", "1/3", "2/3", "1/3"]
    assert page.locator("#matrix td.support").count() == 4
    page.click("#step-start")
    steps = page.locator("#derivation li.step")
    assert [steps.nth(k).is_visible() for k in range(steps.count())] == [True, False, False, False, False]
    page.click("#step-next")
    page.click("#step-next")
    assert [steps.nth(k).is_visible() for k in range(steps.count())] == [True, True, True, False, False]
    page.click("#step-all")
    assert all(steps.nth(k).is_visible() for k in range(steps.count()))
    assert "q = 2/3" in steps.nth(4).inner_text()


def test_three_player_model_draws_one_table_per_third_player_action(page, base_url):
    page.goto(base_url + "/model/chain_ganging")
    wait_for_update(page, 1)
    captions = page.locator("#matrix table.matrix caption").all_inner_texts()
    assert captions == ["Ally B plays Commit", "Ally B plays Pass"]
    assert page.locator("#matrix td.cell").count() == 8
    assert [row[1:4] for row in equilibrium_rows(page)] == [["Attack", "Commit", "Commit"]]


def test_repeated_model_discount_factor_and_regime_map(page, base_url):
    page.goto(base_url + "/model/alliance_burden_sharing_repeated?_strategies=grim")
    wait_for_update(page, 1)
    page.locator("#repeated .verdicts").wait_for()
    assert "critical δ* = 1/3" in page.inner_text("#repeated")
    assert "Subgame perfect equilibrium: yes" in page.inner_text("#repeated")
    page.locator("#p-discount").focus()
    page.keyboard.press("Home")  # delta = 0: no shadow of the future
    page.locator("#repeated .no").first.wait_for()
    assert "Subgame perfect equilibrium: no" in page.inner_text("#repeated")
    assert address(page)[1]["discount"] == "0.00"
    # The regime map arrives on its own and marks the current point.
    page.locator("#map-marker").wait_for(state="visible", timeout=60_000)
    assert page.get_attribute("#map-image", "src").startswith("data:image/png;base64,")
    assert page.locator("#map-x").input_value() == "cost"


def test_dynamics_portrait_and_rest_points(page, base_url):
    page.goto(base_url + "/model/stag_hunt")
    wait_for_update(page, 1)
    rows = page.locator("#dynamics-rest-points tbody tr")
    rows.first.wait_for(timeout=60_000)
    assert page.get_attribute("#dynamics-image", "src").startswith("data:image/png;base64,")
    texts = rows.all_inner_texts()
    stable = [text for text in texts if "asymptotically stable" in text]
    assert len(texts) == 5 and len(stable) == 2
    assert all("ESS: strict Nash equilibrium" in text for text in stable)
    assert "replicator dynamics, two populations" in page.inner_text("#dynamics-caption")
    # The logit dynamics: the noise box appears and the portrait is drawn again.
    assert not page.locator("#dynamics-noise").is_visible()
    page.select_option("#dynamics-kind", "logit")
    assert page.locator("#dynamics-noise").is_visible()
    page.locator("#dynamics-caption", has_text="logit dynamics (noise 0.1)").wait_for(timeout=60_000)
    assert "Stars: Nash equilibria" in page.inner_text("#dynamics-caption")


def test_a_tree_model_shows_its_tree_and_subgame_perfect_play(page, base_url, tmp_path):
    """extended_deterrence at credibility 0: the tree with the SPE path, and deterrence failing."""
    page.goto(f"{base_url}/model/extended_deterrence?credibility=0")
    view = page.locator("#tree-view")
    view.wait_for(state="visible")
    page.locator("#tree-equilibria table tbody tr").first.wait_for()
    assert "subgame-perfect equilibrium" in page.locator("#tree-note").inner_text()
    rows = page.locator("#tree-equilibria table tbody tr")
    assert rows.count() == 1 and "concession soft" in rows.first.inner_text()
    image = page.locator("#tree-image")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert "bold" in image.get_attribute("alt")
    page.goto(f"{base_url}/model/extended_deterrence?credibility=1/2")
    page.locator("#tree-equilibria table tbody tr").first.wait_for()
    page.wait_for_function("document.querySelector('#tree-equilibria').innerText.includes('status quo')")
    view.screenshot(path=str(tmp_path / "tree.png"))
