"""Maps draw their boundaries from the static GeoJSON files (geometry sent once, issue 15).

The powiat map of the Overview: the websocket carries no coordinates, the browser fetches the
content-hashed powiat and voivodeship files from app/static/geo/ (200, valid GeoJSON with 380 and 16
features), and the map canvas is actually painted with the class colours (a figure whose geometry
failed to load leaves an empty white canvas behind its legend).
"""
from __future__ import annotations

import io
import json
import re
import time

import pytest
from PIL import Image

from tests.browser_support import open_page

pytestmark = pytest.mark.browser

STATIC = re.compile(r"/app/static/geo/(powiat|voivodeship)\.[0-9a-f]{16}\.json$")


def coloured_share(png: bytes) -> float:
    """Share of pixels that are clearly coloured (not white, grey or black): the filled powiats."""
    img = Image.open(io.BytesIO(png)).convert("RGB").resize((200, 160))
    raw = img.tobytes()
    px = [raw[i:i + 3] for i in range(0, len(raw), 3)]
    return sum(1 for r, g, b in px if max(r, g, b) - min(r, g, b) > 40) / len(px)


def test_powiat_map_draws_from_static_geometry(dashboard_url, browser):
    frames: list[bytes] = []
    fetched: dict[str, tuple[int, bytes]] = {}
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("websocket", lambda ws: ws.on(
        "framereceived", lambda p: frames.append(p if isinstance(p, bytes) else p.encode())))

    def on_response(r):
        if STATIC.search(r.url):
            fetched[STATIC.search(r.url).group(1)] = (r.status, r.body())
    page.on("response", on_response)
    page.goto(f"{dashboard_url}/?level=powiat")
    plot = page.locator(".js-plotly-plot").first
    plot.wait_for(timeout=60000)
    page.wait_for_selector(".js-plotly-plot canvas", timeout=60000)
    share, deadline = 0.0, time.monotonic() + 45
    while time.monotonic() < deadline:  # maplibre paints once the geometry has arrived
        share = coloured_share(plot.screenshot())
        if share > 0.15:
            break
        page.wait_for_timeout(500)
    assert share > 0.15, share  # Poland filled with class colours, not an empty canvas

    assert set(fetched) == {"powiat", "voivodeship"}
    for level, n in (("powiat", 380), ("voivodeship", 16)):
        status, body = fetched[level]
        fc = json.loads(body)
        assert status == 200 and fc["type"] == "FeatureCollection" and len(fc["features"]) == n
    payload = b"".join(frames)
    assert b"choroplethmap" in payload        # the map's figure did come through the websocket ...
    assert b'"coordinates"' not in payload     # ... without any geometry
    assert not page.errors, page.errors
    page.close()
