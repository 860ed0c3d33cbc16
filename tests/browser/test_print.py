"""Printing a page (issue 14, docs/reading.md): the map prints whole, with its legend, title and
source line, from the snapshot taken as the print starts (a WebGL canvas prints blank; none is
taken while nobody prints),
scaled to the printable width of an A4 page (a figure keeps the pixel width it was drawn at), and
without the sidebar.

The print stylesheet and the scaling are switched on by the print media (emulated here: Chromium's
print preview does the same); page.pdf() then prints the page as Ctrl+P would.
"""
from __future__ import annotations

import pytest

from tests.browser_support import open_page

pytestmark = pytest.mark.browser

PRINT_WIDTH = 680   # ui/widgets.py _PRINT_MAP_JS: A4 portrait, 1 cm margins

PRINTED_JS = """() => {
  const box = e => { if (!e) return null; const r = e.getBoundingClientRect();
                     return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height}; };
  const chart = document.querySelector('[data-testid="stPlotlyChart"]');
  const img = chart.querySelector('img.ks-print-map');
  const canvas = chart.querySelector('.maplibregl-canvas');
  return {chart: box(chart), legend: box(chart.querySelector('.legend')), img: box(img),
          imgSrc: img ? img.src.slice(0, 22) : null, imgShown: img ? getComputedStyle(img).display : null,
          canvasHidden: canvas ? getComputedStyle(canvas).visibility : null,
          title: (chart.querySelector('.g-gtitle') || {}).textContent || '',
          source: [...chart.querySelectorAll('.infolayer .annotation')].map(a => a.textContent).join(' '),
          sidebar: box(document.querySelector('[data-testid="stSidebar"]'))};
}"""


READY_MAP_JS = """() => { for (const gd of document.querySelectorAll('.js-plotly-plot')) {
  const sub = ((gd._fullLayout || {}).map || {})._subplot; if (sub && sub.map && sub.map.loaded()) return true; }
  return false; }"""
SNAPSHOT_COLOURED_JS = """() => {
  const img = document.querySelector('img.ks-print-map');
  const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;
  const g = c.getContext('2d'); g.drawImage(img, 0, 0);
  const px = g.getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < px.length; i += 4) if (px[i + 3] > 0 && (px[i] < 235 || px[i + 1] < 235 || px[i + 2] < 235)) n++;
  return n;
}"""


def test_the_overview_map_prints_whole_with_its_legend(dashboard_url, browser, tmp_path):
    page = open_page(browser, f"{dashboard_url}/", height=1600)
    page.wait_for_selector(".js-plotly-plot canvas", timeout=60000)
    page.wait_for_function(READY_MAP_JS, timeout=60000)
    page.wait_for_timeout(1500)
    # drawing the map took no snapshot: reading the canvas is left to the print
    assert page.evaluate("() => document.querySelector('img.ks-print-map')") is None
    # on screen, before any print event: the scale the printout will use, kept by the page's script
    # (Ctrl+P and page.pdf() print at once, with no time for plotly to redraw at the paper's width)
    drawn, scale = page.evaluate("""() => { const el = document.querySelector('[data-testid="stPlotlyChart"]');
        return [el.querySelector('.js-plotly-plot').offsetWidth, el.style.getPropertyValue('--ks-print-scale')]; }""")
    assert drawn > PRINT_WIDTH and abs(float(scale) - PRINT_WIDTH / drawn) < 1e-3, (drawn, scale)
    pdf = tmp_path / "przeglad.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True,
             margin={"top": "1cm", "bottom": "1cm", "left": "1cm", "right": "1cm"})
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 50_000
    # the print took the snapshot (beforeprint), and it is the drawn map, not a blank frame:
    # thousands of coloured (not white) pixels
    assert page.evaluate("() => document.querySelector('img.ks-print-map').src.slice(0, 22)") == "data:image/png;base64,"
    coloured = page.evaluate(SNAPSHOT_COLOURED_JS)
    assert coloured > 5000, coloured
    page.emulate_media(media="print")
    printed = {}
    for _ in range(40):
        page.wait_for_timeout(250)
        printed = page.evaluate(PRINTED_JS)
        if printed["chart"]["width"] <= PRINT_WIDTH + 1:
            break
    chart, legend, img = printed["chart"], printed["legend"], printed["img"]
    assert chart["width"] <= PRINT_WIDTH + 1, chart                      # scaled to the paper's width
    assert printed["sidebar"] is None or printed["sidebar"]["width"] == 0  # no sidebar on paper
    # the snapshot stands in for the canvas, and the legend is drawn over it, inside the figure
    assert printed["imgShown"] == "block" and printed["imgSrc"].startswith("data:image/png") and img["width"] > 200
    assert printed["canvasHidden"] == "hidden"
    assert legend and legend["width"] > 40 and legend["height"] > 40
    assert chart["left"] <= legend["left"] and legend["right"] <= chart["right"]
    assert chart["top"] <= legend["top"] and legend["bottom"] <= chart["bottom"]
    assert printed["title"] == "Wolontariusze na 10 tys. mieszkańcówKlasyfikacja: kwantyle · Stan na 30.06.2026"  # title, subtitle
    assert "GUGiK PRG" in printed["source"]
    # the figure is not clipped at the page's width before it shrinks (its frame clips the rest)
    overflow = page.evaluate("""() => [getComputedStyle(document.querySelector('.js-plotly-plot')).overflowX,
        getComputedStyle(document.querySelector('[data-testid="stPlotlyChart"]').closest('[data-testid="stElementContainer"]')).overflowX]""")
    assert overflow == ["visible", "clip"], overflow
    page.emulate_media(media="screen")
    assert not page.errors, page.errors
    page.close()
