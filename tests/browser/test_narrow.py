"""A phone's width (390 px, issue 14): no page scrolls sideways, and every map shows all of Poland
inside the screen's width, clear of its legend, title and source line, and covered by nothing.

Where the land is: the map's own projection (maplibre `map.project`) of Poland's bounding box
(14.12–24.15° E, 49.00–54.84° N), in screen pixels.
"""
from __future__ import annotations

import pytest

from tests.browser_support import wait_until_idle

pytestmark = pytest.mark.browser

WIDTH = 390
PAGES = ["", "pokrycie", "koalicje", "plany", "wolontariusze", "siec", "partnerzy", "porownanie", "eksport",
         "informacje", "dane"]
MAP_PAGES = {"", "pokrycie", "koalicje", "plany", "wolontariusze", "siec"}   # a map in the page's first view

# Every map's land box and the boxes that must keep clear of it (page coordinates, px); and what is
# drawn at a few points of the land (the map itself, not a legend, a caption or a widget on top).
MAPS_JS = """() => {
  const rect = r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom});
  const out = [];
  document.querySelectorAll('.js-plotly-plot').forEach(gd => {
    const layout = gd._fullLayout || {};
    Object.keys(layout).forEach(k => {
      const sub = layout[k] && layout[k]._subplot;
      const map = sub && sub.map;
      if (!map || typeof map.project !== 'function') return;
      gd.scrollIntoView({block: 'center'});   // elementFromPoint sees only the screen
      const box = map.getContainer().getBoundingClientRect();
      const sw = map.project([14.12, 49.0]), ne = map.project([24.15, 54.84]);
      const land = {left: box.left + sw.x, right: box.left + ne.x, top: box.top + ne.y, bottom: box.top + sw.y};
      const others = [];
      gd.querySelectorAll('.legend, .infolayer .annotation, .infolayer .g-gtitle').forEach(
        e => others.push({what: e.getAttribute('class'), box: rect(e.getBoundingClientRect())}));
      // Warsaw, Poznań, Kraków, Gdańsk, Wrocław, Białystok: what is on top there
      const covered = [[21.01, 52.23], [16.93, 52.41], [19.94, 50.06], [18.65, 54.35], [17.03, 51.11],
                       [23.16, 53.13]].map(([lon, lat]) => {
        const p = map.project([lon, lat]);
        const el = document.elementFromPoint(box.left + p.x, box.top + p.y);
        const ok = !!el && map.getContainer().contains(el);
        return ok ? null : [lon, lat, el ? (el.getAttribute('data-testid') || el.className || el.tagName) : 'nothing'];
      }).filter(x => x);
      out.push({land, plot: rect(gd.getBoundingClientRect()), others, covered});
    });
  });
  return out;
}"""


# Elements of the main column that reach past the screen's right edge, unless a scrolling frame
# inside the page holds them (a wide table, the tab bar): clipped or cut off counts (an SVG clips
# its text, so a map's source line running past the edge is found here).
WIDE_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] *')].filter(e => {
  const r = e.getBoundingClientRect();
  if (r.width === 0 || r.height === 0 || r.right <= innerWidth + 1) return false;
  if (getComputedStyle(e).visibility === 'hidden') return false;
  for (let a = e.parentElement; a && a.getAttribute('data-testid') !== 'stMain'; a = a.parentElement) {
    const s = getComputedStyle(a);
    if (['auto', 'scroll'].includes(s.overflowX) && a.getBoundingClientRect().right <= innerWidth + 1) return false;
  }
  return true;
}).slice(0, 8).map(e => (e.getAttribute('data-testid') || e.getAttribute('class') || e.tagName)
                        + ' right=' + Math.round(e.getBoundingClientRect().right)
                        + ' "' + (e.textContent || '').slice(0, 60) + '"')"""


def overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.fixture(scope="module")
def phone(browser):
    page = browser.new_page(viewport={"width": WIDTH, "height": 900})
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    page.close()


@pytest.mark.parametrize("path", PAGES + [f"{p}?lang=en" for p in sorted(MAP_PAGES)])   # English runs longer
def test_a_page_at_390_px_does_not_scroll_sideways_and_its_map_shows_poland(dashboard_url, phone, path):
    page = phone
    page.goto(f"{dashboard_url}/{path}")
    wait_until_idle(page, 120000)
    assert page.locator("[data-testid='stException']").count() == 0
    text = page.inner_text("[data-testid='stMain']")
    assert "Choose an option" not in text and "Choose options" not in text, path   # Polish placeholders
    width, client = page.evaluate("() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
    assert client == WIDTH and width <= client + 1, (path, width, client)
    # nothing in the main column reaches past the screen (a wide table scrolls in its own frame)
    wide = page.evaluate(WIDE_JS)
    assert not wide, (path, wide)
    if path.split("?")[0] not in MAP_PAGES:
        return
    page.wait_for_selector(".js-plotly-plot canvas", timeout=60000)
    maps = []
    for _ in range(60):  # fitted to the width after the map's first paint (ui/widgets.py fitNarrow)
        page.wait_for_timeout(500)
        maps = page.evaluate(MAPS_JS)
        if maps and all(m["land"]["left"] >= 0 and m["land"]["right"] <= WIDTH and not m["covered"] and
                        not any(overlap(m["land"], o["box"]) for o in m["others"]) for m in maps):
            break
    assert maps, f"{path}: no map"
    for m in maps:
        land, plot = m["land"], m["plot"]
        assert 0 <= plot["left"] and plot["right"] <= WIDTH, (path, plot)        # the map inside the screen
        assert 0 <= land["left"] and land["right"] <= WIDTH, (path, land)        # all of Poland inside it
        assert land["right"] - land["left"] > WIDTH * 0.5, (path, land)          # and not a speck
        for o in m["others"]:                                                   # legend, title, source line
            assert not overlap(land, o["box"]), (path, o["what"], o["box"], land)
            assert o["box"]["right"] <= WIDTH + 1, (path, o["what"], o["box"])   # not cut at the right edge
            assert o["box"]["bottom"] <= plot["bottom"] + 1, (path, o["what"], o["box"], plot)   # nor below
        assert not m["covered"], (path, m["covered"])
    assert not page.errors, page.errors
