"""In Chromium: a data set whose names carry Markdown links and images, HTML, a script and formulas
(tests/app/test_injected_names.py) renders as plain text on the pages that show them; no request
leaves the machine (page.on("request")), no link, image or script from the data is in the DOM. The
Compare page opens from a link with its areas and peer group (issue 14 item 4) in a fresh context.
"""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.app.test_injected_names import FOLDER, injected_tables
from tests.browser_support import dashboard_server, open_page, open_tab, wait_until_idle
from tests.databases import import_folder
from tests.fixtures_import import write_folder
from tests.unit.test_injected_names import NAMES

LOCAL = {"127.0.0.1", "localhost"}
WJ = "\u2060"  # the invisible word joiner formatting.md_text puts into autolinks


def shown(page) -> str:
    return page.inner_text("body").replace(WJ, "")


@pytest.fixture(scope="module")
def injected_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("injected_browser")
    db = import_folder(write_folder(folder / FOLDER, injected_tables()), folder / "ks.duckdb")
    with dashboard_server(db) as url:
        yield url


def watched(browser, url: str, width: int = 1400):
    """A page at `url` in a fresh context, with every request's host recorded."""
    context = browser.new_context(viewport={"width": width, "height": 1200})
    hosts: list[str] = []
    context.on("request", lambda r: hosts.append(urlparse(r.url).hostname or urlparse(r.url).scheme))
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(url)
    wait_until_idle(page, 180000)
    return context, page, hosts


def assert_text_only(page, hosts: list[str]) -> None:
    external = sorted({h for h in hosts if h not in LOCAL and h not in ("data", "blob")})
    assert not external, external
    assert page.locator("a[href*='example.org']").count() == 0
    assert page.locator("img[src*='example.org'], img[src='x']").count() == 0
    scripts = page.evaluate("() => [...document.scripts].map(s => s.textContent).join(' ')")
    assert "alert(1)" not in scripts
    assert page.locator("b:text-is('Plan')").count() == 0
    assert not page.errors, page.errors


def test_compare_from_a_link_shows_names_as_text(browser, injected_url):
    context, page, hosts = watched(browser, f"{injected_url}/porownanie?areas=partner:L1,partner:R02&peers=population"
                                            "&section=plans")
    try:
        body = shown(page)
        # the link's view: both partners as tabs, the peer group chosen, the plan section open (its
        # four section tabs follow the two areas' tabs)
        tabs = page.locator("[data-testid=stTab]")
        assert tabs.count() == 2 + 4
        assert page.locator("[data-testid=stTab][aria-selected=true]").filter(
            has_text="Plan rozwoju wolontariatu").count() == 1
        assert tabs.nth(0).inner_text().replace(WJ, "").startswith(NAMES["local"])
        assert NAMES["regional"] in tabs.nth(1).inner_text().replace(WJ, "")
        assert page.locator("label:has(input[type=radio]:checked)").filter(has_text="ludności").count() == 1
        assert NAMES["local"] in body                              # shown literally, brackets and all
        assert NAMES["plan"].replace("**", "") not in body         # not bold Markdown: the asterisks stay
        assert "**gruby**" in body
        open_tab(page, NAMES["regional"][:8], 180000)
        body = shown(page)
        assert NAMES["plan2"] in body
        assert_text_only(page, hosts)
        assert "areas=partner%3AL1%2Cpartner%3AR02" in page.url or "areas=partner:L1,partner:R02" in page.url
    finally:
        context.close()


@pytest.mark.parametrize("path,tab", [("koalicje", "Lista koalicji"), ("plany", "Plany i wskaźniki"),
                                      ("dane", "Nowy import"), ("eksport", None)])
def test_other_pages_make_no_request_from_names(browser, injected_url, path, tab):
    context, page, hosts = watched(browser, f"{injected_url}/{path}")
    try:
        if tab:
            open_tab(page, tab, 180000)
        assert_text_only(page, hosts)
    finally:
        context.close()
