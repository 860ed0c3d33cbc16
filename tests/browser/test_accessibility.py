"""Accessibility gate (WCAG 2.1 AA, docs/accessibility.md): axe-core on every page in both
languages, every tab and table of the pages opened once more, the document language, keyboard
access to the sidebar controls and the navigation, and the maps' one-sentence summaries.

axe-core comes from PyPI: the dev requirement axe-playwright-python (pinned in
requirements-dev.txt) ships axe.min.js, so no Node.js or npm is needed. Only that file is used: the
tests inject it into each page and run it after the app is idle.
A violation of impact 'serious' or 'critical' fails the test.
"""
from __future__ import annotations

import datetime as dt
import importlib.resources
import json

import pandas as pd
import pytest

from analytics.present import figures
from analytics.data import geo
from tests.browser_support import open_page as open_url, wait_until_idle as settle

AXE = importlib.resources.files("axe_playwright_python") / "axe.min.js"  # axe-core 4.12.1 in 0.1.8
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = ("serious", "critical")
# Selectors axe must leave out, each with the reason it cannot be fixed from the app and a line in
# docs/accessibility.md. Empty: every page passes as it is; add an entry only for an element that
# Streamlit itself renders, never for the app's own content.
EXCLUDE: list[list[str]] = []

PAGES = {  # url path -> page heading (pl, en); the default page lives at "/"
    "": ("Przegląd", "Overview"),
    "pokrycie": ("Pokrycie", "Coverage"),
    "koalicje": ("Koalicje", "Coalitions"),
    "plany": ("Plany rozwoju", "Development plans"),
    "wolontariusze": ("Wolontariusze i organizatorzy", "Volunteers and organisers"),
    "partnerzy": ("Partnerzy", "Partners"),
    "siec": ("Sieć i działania", "Network and activities"),
    "porownanie": ("Porównanie", "Compare"),
    "eksport": ("Eksport", "Export"),
    "dane": ("Dane", "Data"),  # the managing institution's page: the demo role is the institution
}
browser_test = pytest.mark.browser

AXE_JS = """async ([context, tags]) => {
  const r = await axe.run(context || document, {runOnly: {type: 'tag', values: tags}});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                                 targets: v.nodes.map(n => n.target.join(' '))}));
}"""


def run_axe(page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_JS, [{"exclude": EXCLUDE} if EXCLUDE else None, WCAG_TAGS])


def failing(violations: list[dict], where: str) -> list[str]:
    return [f"{where}: {v['id']} [{v['impact']}] {v['help']} — {', '.join(v['targets'][:3])}"
            + (f" (+{len(v['targets']) - 3} more)" if len(v["targets"]) > 3 else "")
            for v in violations if v["impact"] in FAILING_IMPACTS]


def open_expanders(page) -> None:
    """Open every closed expander that is visible; a chart's table expander is filled by the rerun
    its opening starts (ui/widgets.chart_table_box), so each click waits for the page to settle."""
    for summary in page.locator("[data-testid='stExpander'] details:not([open]) > summary").all():
        if summary.is_visible():
            summary.click()
            page.wait_for_timeout(300)
            settle(page, quiet_ms=500)


@pytest.fixture(scope="module")
def server(dashboard_url):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make test` (installs requirements-dev.txt)")
    return dashboard_url


def open_page(browser, server, path: str, lang: str):
    page = open_url(browser, f"{server}/{path}" + ("?lang=en" if lang == "en" else ""), height=1000)
    heading = PAGES[path][0 if lang == "pl" else 1]
    assert page.locator("h1").first.inner_text().strip() == heading
    assert page.locator("[data-testid='stException']").count() == 0
    return page


@browser_test
@pytest.mark.parametrize("lang", ["pl", "en"])
@pytest.mark.parametrize("path", list(PAGES))
def test_no_serious_axe_violations(server, browser, path, lang):
    """axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it opens: nothing serious or critical,
    and the document's language is the interface language (WCAG 3.1.1). In Polish the page is then
    gone through: axe sees only what is displayed, so each top-level tab is shown, its expanders
    (the charts' tables and downloads) opened, and axe run again (the English interface has the
    same elements with other strings)."""
    page = open_page(browser, server, path, lang)
    page.wait_for_function(f"document.documentElement.lang === {json.dumps(lang)}", timeout=10000)
    problems = failing(run_axe(page), f"/{path}?lang={lang}")
    if lang == "pl":
        tabs = [t.inner_text().strip() for t in page.locator("[data-testid='stTab']").all() if t.is_visible()]
        for name in tabs or [None]:
            if name is not None:
                page.locator("[data-testid='stTab']", has_text=name).first.click()
                settle(page, quiet_ms=500)
            open_expanders(page)
            problems += failing(run_axe(page), f"/{path} [{name or 'page'}; expanders open]")
    page.close()
    assert not problems, "axe-core found serious/critical WCAG violations:\n" + "\n".join(problems)


FOCUSED_JS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const group = e.closest('[role=radiogroup], [role=group][aria-label]');
  const name = e.getAttribute('aria-label') || (e.labels && e.labels[0] ? e.labels[0].innerText : '')
               || e.innerText || '';
  return {sidebar: !!e.closest('[data-testid=stSidebar]'), name: name.trim(),
          group: group ? group.getAttribute('aria-label') || '' : '',
          href: e.getAttribute('href') || ''};
}"""


@browser_test
def test_keyboard_reaches_sidebar_controls_and_navigation(server, browser):
    """Tab alone reaches the navigation links and the main sidebar controls (language, as-of date,
    period, level, voivodeship); Enter on a navigation link opens that page."""
    page = open_page(browser, server, "", "pl")
    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        f = page.evaluate(FOCUSED_JS)
        if f:
            stops.append(f)
        if f and not f["sidebar"] and any(s["name"] == "Województwo" for s in stops):
            break  # past the sidebar
    in_sidebar = [s for s in stops if s["sidebar"]]
    reached = " | ".join(f"{s['group']}: {s['name']}" for s in in_sidebar)
    for control in ("Język", "Data stanu", "Okres", "Poziom", "Województwo"):
        assert control in reached, f"Tab never reaches {control!r}; sidebar stops: {reached}"
    hrefs = {s["href"].removeprefix(server).strip("/") for s in in_sidebar if s["href"]}
    assert set(PAGES) <= hrefs, f"navigation links not reached by Tab: {set(PAGES) - hrefs}"

    # Back to the top, then Tab to the Pokrycie link and press Enter.
    page.locator("[data-testid=stSidebar] [data-testid=stSidebarNavLink]").first.focus()
    for _ in range(len(PAGES)):
        if (page.evaluate(FOCUSED_JS) or {}).get("href", "").endswith("/pokrycie"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_JS)["href"].endswith("/pokrycie")
    page.keyboard.press("Enter")
    page.wait_for_url("**/pokrycie*", timeout=15000)
    settle(page)
    assert page.locator("h1").first.inner_text().strip() == "Pokrycie"
    page.close()


# --- the maps' text alternative (no browser) ---------------------------------------------------------
def _view(lang: str):
    from ui.state import View
    d = dt.date(2026, 6, 30)
    return View(lang, "powiat", None, d, 12, None, d)


def test_choropleth_summary_names_highest_and_lowest_units():
    from ui.widgets import chart_summary
    units = geo.units("voivodeship").reset_index(drop=True)
    df = pd.DataFrame({"teryt": units["teryt"], "v": [float(i) for i in range(len(units))],
                       "hidden": [i == 3 for i in range(len(units))]})
    df.loc[5, "v"] = None
    for lang, high, low, no_data, hidden in (("pl", "Najwyższa wartość: 15,0", "najniższa: 0,0", "Bez danych: 1",
                                              "Dane ukryte: 1"),
                                             ("en", "Highest value: 15.0", "lowest: 0.0", "No data: 1",
                                              "Suppressed: 1")):
        fig = figures.choropleth(df, "voivodeship", "v", "Wolontariusze", lang=lang, suppressed_col="hidden", decimals=1)
        text = chart_summary(_view(lang), figures.chart_table(fig), figures.chart_meta(fig))
        names = figures.chart_table(fig).set_index("TERYT").iloc[:, 0]
        assert high in text and low in text and no_data in text and hidden in text, text
        assert names[units["teryt"].iloc[-1]] in text and names[units["teryt"].iloc[0]] in text, text


def test_category_map_summary_counts_units_per_category():
    from ui.widgets import chart_summary
    units = geo.units("voivodeship")
    df = pd.DataFrame({"teryt": units["teryt"], "c": ["a"] * 10 + ["b"] * (len(units) - 10)})
    fig = figures.category_map(df, "voivodeship", "c", [("a", "Alfa", "#0072B2"), ("b", "Beta", "#E69F00")],
                               "Kategoria", "pl")
    text = chart_summary(_view("pl"), figures.chart_table(fig), figures.chart_meta(fig))
    assert text == f"Liczba jednostek: Alfa – 10, Beta – {len(units) - 10}."
    assert chart_summary(_view("pl"), pd.DataFrame({"x": [1]}), {"kind": "trend_line"}) is None
