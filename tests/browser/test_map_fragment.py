"""The map section is a fragment (ui/widgets.map_section, issue 15): its own controls rerun it alone,
but a click on the map changes the whole view - the page around it (headline, URL) follows."""
from __future__ import annotations

import pytest

from tests.browser_support import wait_until_idle

pytestmark = pytest.mark.browser
IDLE_MS = 180_000


def test_a_click_on_the_map_opens_the_voivodeship_for_the_whole_page(dashboard_url, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    page = context.new_page()
    page.goto(dashboard_url + "/")
    wait_until_idle(page, IDLE_MS)
    assert page.locator("[data-testid=stMain] h3").first.inner_text().startswith("Polska")
    canvas = page.locator("[data-testid=stPlotlyChart] canvas").first
    canvas.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # the map settles after scrolling
    box = canvas.bounding_box()
    x, y = box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.45  # central Poland: mazowieckie
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    page.wait_for_function("() => location.search.includes('woj=14')", timeout=IDLE_MS)
    wait_until_idle(page, IDLE_MS)
    assert page.locator("[data-testid=stMain] h3").first.inner_text().startswith("województwo mazowieckie")
    context.close()
