"""Take the class page screenshots shown in docs/class-page.md.

Run from the repository root with Playwright and Debian's Chromium installed:

    python docs/img/make_screenshots.py [--chromium /usr/bin/chromium]

It starts the page on a free loopback port, opens each view in headless
Chromium and writes the PNG files next to this script.
"""

from __future__ import annotations

import argparse
import shutil
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: (file, address, viewport width, height, element to capture or None for the viewport, action)
SHOTS = (
    ("library.png", "/", 1280, 800, None, None),
    ("model-2x2.png", "/model/stag_hunt?temptation=7/2", 1280, 900, None, None),
    ("mixed-equilibrium.png", "/model/stag_hunt?temptation=7/2", 1280, 1100, "#matrix-view, #equilibria-view", "mixed"),
    ("three-players.png", "/model/chain_ganging", 1280, 1000, "#matrix-view", None),
    ("repeated.png", "/model/alliance_burden_sharing_repeated", 1280, 900, "#repeated-view", None),
    ("regime-map.png", "/model/stag_hunt?temptation=7/2", 1280, 900, "#map-view", "map"),
    ("derivation.png", "/model/chicken", 1280, 900, "#derivation-view", "steps"),
    ("projector.png", "/model/chicken?_projector=1", 1280, 720, None, None),
)


def main() -> None:
    from playwright.sync_api import sync_playwright

    from gametheory.serve import make_server

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    arguments = parser.parse_args()
    server = make_server("127.0.0.1", 0)
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{server.effective_port}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=arguments.chromium, args=["--no-sandbox"])
            for name, address, width, height, element, action in SHOTS:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(base + address)
                page.wait_for_selector("body[data-updates], #library li.model-card", timeout=60_000)
                if "/model/" in address and page.locator("#map-view").is_visible():
                    page.locator("#map-marker").wait_for(state="visible", timeout=120_000)
                if "repeated" in address:
                    page.locator("#closed-form ul").wait_for(timeout=60_000)
                if action == "mixed":
                    page.click("button.eq-select:has-text('mixed')")
                if action == "steps":
                    page.click("#step-start")
                    page.click("#step-next")
                    page.click("#step-next")
                time.sleep(0.3)
                if element and "," in element:  # several cards: one picture around all of them
                    boxes = [page.locator(part.strip()).bounding_box() for part in element.split(",")]
                    left, top = min(b["x"] for b in boxes), min(b["y"] for b in boxes)
                    right = max(b["x"] + b["width"] for b in boxes)
                    bottom = max(b["y"] + b["height"] for b in boxes)
                    page.screenshot(path=str(HERE / name), clip={"x": left, "y": top, "width": right - left, "height": bottom - top})
                else:
                    target = page.locator(element) if element else page
                    target.screenshot(path=str(HERE / name))
                print("wrote", HERE / name)
                page.close()
            browser.close()
    finally:
        server.close()


if __name__ == "__main__":
    main()
