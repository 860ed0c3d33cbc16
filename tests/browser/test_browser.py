"""Browser tests against a real server in headless Chromium (Playwright).

Each page loads without an exception element, its map renders (a plotly map with its WebGL canvas,
or a deck.gl canvas), and a screenshot of each page is written to a temporary folder.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_support import open_page, open_tab

pytestmark = pytest.mark.browser

PAGES = {  # url path -> heading (the default page lives at "/")
    "": "Przegląd", "pokrycie": "Pokrycie", "koalicje": "Koalicje", "plany": "Plany rozwoju",
    "wolontariusze": "Wolontariusze i organizatorzy",
}


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.mark.parametrize("path,heading", PAGES.items())
def test_page_loads_and_its_map_renders(dashboard_url, browser, shots, path, heading):
    page = open_page(browser, f"{dashboard_url}/{path}", height=1600)
    assert page.locator("h1").first.inner_text().strip() == heading
    assert page.locator("[data-testid='stException']").count() == 0
    # "Page not found" would mean Streamlit fell back to its legacy pages/ mode.
    assert page.get_by_text("Page not found").count() == 0
    page.wait_for_selector(".js-plotly-plot", timeout=30000)
    # The map itself: plotly's maplibre layer draws into a canvas.
    page.wait_for_selector(".js-plotly-plot canvas", timeout=30000)
    out = shots / f"{path or 'przeglad'}.png"
    page.screenshot(path=str(out), full_page=True)
    assert out.stat().st_size > 20_000
    assert not page.errors, page.errors
    page.close()


def test_3d_view_renders_a_deck_gl_canvas(dashboard_url, browser):
    page = open_page(browser, f"{dashboard_url}/wolontariusze", height=1400)
    open_tab(page, "Widok 3D")
    canvas = page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=60000)
    box = canvas.bounding_box()
    assert box and box["width"] > 600 and box["height"] >= 500, box   # drawn at the chart's 600 px height
    assert not page.errors, page.errors
    page.close()


def test_english_interface(dashboard_url, browser):
    page = open_page(browser, f"{dashboard_url}/pokrycie?lang=en")
    assert page.locator("h1").first.inner_text().strip() == "Coverage"
    assert page.get_by_text("White spots").count() >= 1
    page.close()


def test_export_page_builds_and_downloads_the_bundle(dashboard_url, browser, tmp_path):
    import zipfile
    page = open_page(browser, f"{dashboard_url}/eksport", height=1100, accept_downloads=True)
    page.get_by_role("button", name="Przygotuj raport").click()
    page.wait_for_selector("text=Pobierz ks_atlas_raport", timeout=180000)
    with page.expect_download() as download:
        page.get_by_text("Pobierz ks_atlas_raport").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
    assert "README.txt" in names and "raport.html" in names and "definicje.csv" in names
    assert any(n.startswith("wykresy/") and n.endswith(".png") for n in names)
    assert any(n.startswith("dane/") and n.endswith(".xlsx") for n in names)
    page.close()
