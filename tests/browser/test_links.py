"""A link copied from the address bar reproduces the view (issue 14): opened in a fresh browser
context (no session, no cookies), it shows the Overview's map indicator and classification and the
Coverage page's open tab. The powiat finder works from the keyboard alone."""
from __future__ import annotations

import pytest

from tests.browser_support import open_tab, wait_until_idle

pytestmark = pytest.mark.browser
IDLE_MS = 180_000  # the shared test machine can be slow; a real user waits as long


def fresh_page(browser, url: str):
    """`url` in a new browser context: nothing of an earlier session carries over."""
    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(url)
    wait_until_idle(page, IDLE_MS)
    return context, page


def selectbox(page, label: str):
    return page.locator("[data-testid=stSelectbox]").filter(
        has=page.locator("label", has_text=label)).first


def shown(page, label: str) -> str:
    """What a select box shows: its label and its chosen option (in the box's input or its text)."""
    box = selectbox(page, label)
    inputs = box.locator("input")
    return box.inner_text() + " | " + (inputs.first.input_value() if inputs.count() else "") + " | " + (
        inputs.first.get_attribute("aria-label") or "" if inputs.count() else "")


def choose(page, label: str, option: str) -> None:
    """Open a select box by its label, type part of the option and pick it."""
    box = selectbox(page, label)
    box.locator("input").click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_until_idle(page, IDLE_MS)


def test_a_copied_link_reproduces_the_overview_map_and_the_coverage_tab(dashboard_url, browser):
    context, page = fresh_page(browser, dashboard_url + "/")
    choose(page, "Wskaźnik", "Potwierdzone godziny wolontariatu")
    # the first choice has reached the server and the URL before the second is made (under load the
    # page can look idle before the rerun of the first choice starts)
    page.wait_for_function("() => location.search.includes('ind=hours_confirmed')", timeout=30000)
    choose(page, "Klasyfikacja", "naturalne przerwy (Jenks)")
    page.wait_for_function("() => location.search.includes('cls=jenks')", timeout=30000)
    link = page.url
    assert "ind=hours_confirmed" in link and "cls=jenks" in link, link
    context.close()

    context, page = fresh_page(browser, link)
    assert "Potwierdzone godziny wolontariatu" in shown(page, "Wskaźnik")
    assert "naturalne przerwy (Jenks)" in shown(page, "Klasyfikacja")
    assert page.url == link                     # and the URL stays as it came
    assert not page.errors, page.errors
    context.close()

    context, page = fresh_page(browser, dashboard_url + "/pokrycie")
    open_tab(page, "Białe plamy", IDLE_MS)
    page.wait_for_function("() => location.search.includes('tab=white_spots')", timeout=30000)
    link = page.url
    context.close()

    context, page = fresh_page(browser, link)
    tab = page.locator("[data-testid=stTab]", has_text="Białe plamy").first
    assert tab.get_attribute("aria-selected") == "true"
    assert page.get_by_text("Liczba białych plam").count() == 1     # the tab's content, not the map tab's
    context.close()


def test_the_powiat_finder_works_from_the_keyboard(dashboard_url, browser):
    context, page = fresh_page(browser, dashboard_url + "/")
    box = selectbox(page, "Znajdź powiat")
    box.locator("input").focus()
    page.keyboard.type("łobes")
    page.keyboard.press("Enter")
    wait_until_idle(page, IDLE_MS)
    page.wait_for_function("() => location.search.includes('unit=3218')", timeout=30000)
    assert "woj=32" in page.url
    assert "powiat łobeski (zachodniopomorskie)" in shown(page, "Znajdź powiat")
    assert page.locator("h3", has_text="powiat łobeski").count() >= 1        # the headline follows
    page.get_by_role("button", name="Wróć do mapy Polski").first.click()     # and back
    wait_until_idle(page, IDLE_MS)
    assert "unit=" not in page.url and "woj=" not in page.url
    context.close()
