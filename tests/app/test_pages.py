"""Every page of the monitoring dashboard runs without exception (AppTest), in both languages, at
both levels, drilled into a voivodeship, before any partner existed, and without the SOW tables;
every lazy tab shows what it is for (its map, chart or table, or the message saying why not).
"""
from __future__ import annotations


import json
import re
from pathlib import Path

import pytest

from analytics.metrics import catalogue
from tests.apptest_support import assert_clean, open_chart_tables, texts
from tests.databases import DEMO_AS_OF

PAGES = ["app_pages/overview.py", "app_pages/coverage.py", "app_pages/coalitions.py",
         "app_pages/plans.py", "app_pages/volunteers.py"]
BEFORE_PARTNERS = "2018-06-30"  # the demo's first partner starts in 2019


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["pl", "en"])
def test_page_runs_in_both_languages(app, demo_db, page, lang):
    at = app(demo_db, page, lang=lang)
    assert_clean(at)
    title = at.title[0].value
    assert title == {"pl": {"overview": "Przegląd", "coverage": "Pokrycie", "coalitions": "Koalicje",
                            "plans": "Plany rozwoju", "volunteers": "Wolontariusze i organizatorzy"},
                     "en": {"overview": "Overview", "coverage": "Coverage", "coalitions": "Coalitions",
                            "plans": "Development plans", "volunteers": "Volunteers and organisers"}}[lang][
        Path(page).stem]
    assert at.get("plotly_chart"), "every page shows at least one chart"


@pytest.mark.parametrize("page", PAGES)
def test_page_at_powiat_level_drilled_into_a_voivodeship(app, demo_db, page):
    at = app(demo_db, page, level="powiat", woj="14")
    assert_clean(at)
    # The sidebar filter took the URL value, and the headline names the voivodeship (the Plans
    # page has no headline: its plan table lists mazowieckie's plans only).
    assert at.selectbox(key="woj").value == "14"
    if Path(page).stem == "plans":
        assert set(open_chart_tables(at).dataframe[0].value["Województwo"]) == {"mazowieckie"}
    else:
        assert any("mazowieckie" in s for s in texts(at, "subheader")), texts(at, "subheader")


@pytest.mark.parametrize("page", PAGES)
def test_page_before_any_partner_existed(app, demo_db, page):
    at = app(demo_db, page, as_of=BEFORE_PARTNERS)
    assert_clean(at)
    info = " ".join(texts(at, "info"))
    if Path(page).stem in ("overview", "coverage"):
        assert "Brak partnerów aktywnych na dzień 30.06.2018" in info
    if Path(page).stem == "plans":
        assert "Brak planów" in info
    if Path(page).stem in ("coalitions", "volunteers"):
        assert any("30.06.2018" in s for s in texts(at, "subheader")), texts(at, "subheader")


@pytest.mark.parametrize("page", PAGES)
def test_page_without_sow_tables(app, no_sow_db, page):
    at = app(no_sow_db, page)
    assert_clean(at)
    sow_message = any("SOW" in i for i in texts(at, "info"))
    assert sow_message == (Path(page).stem in ("overview", "volunteers")), texts(at, "info")


def test_invalid_url_values_fall_back_to_defaults(app, demo_db):
    at = app(demo_db, lang="de", level="gmina", woj="99", as_of="yesterday", period="7", unit="0000")
    assert_clean(at)
    assert at.session_state["lang"] == "pl"
    assert at.session_state["level"] == "voivodeship"
    assert at.session_state["woj"] == "PL"
    assert at.session_state["period"] == 12
    assert at.session_state["unit"] is None
    assert at.session_state["as_of"] == DEMO_AS_OF  # the demo's latest event date


def test_state_is_mirrored_in_the_url(app, demo_db):
    at = app(demo_db, lang="en", woj="12", period="24")
    assert_clean(at)
    assert at.query_params["lang"] == "en"
    assert at.query_params["woj"] == "12"
    assert at.query_params["period"] == "24"
    at.radio(key="level").set_value("powiat").run()
    assert at.query_params["level"] == "powiat"


def test_drill_down_and_back(app, demo_db):
    at = app(demo_db, "app_pages/coverage.py", woj="30")
    assert_clean(at)
    back = [b for b in at.button if b.key == "coverage_back"]
    assert back, "a drilled-in map offers the way back"
    back[0].click().run()
    assert at.session_state["woj"] == "PL"
    assert not [b for b in at.button if b.key == "coverage_back"]


# --- lazy tabs ------------------------------------------------------------------------------------------
def figures_shown(at) -> list[tuple[str, set[str]]]:
    """(title, trace types) of every plotly figure on the page (a map's long title wraps: its line
    breaks read as spaces)."""
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return [(s["layout"]["title"]["text"].replace("<br>", " "), {t["type"] for t in s["data"]}) for s in specs]


def rows(at, column: str) -> int:
    """Rows of the tables on the page that have `column` (with the table's columns when none has)."""
    found = [len(d.value) for d in at.dataframe if column in d.value.columns]
    assert found, [list(d.value.columns) for d in at.dataframe]
    return sum(found)


def shows_map(code: str):
    """The map of the tab's default indicator (titled with its label), with its table: one row per
    voivodeship (the default level)."""
    def check(at):
        assert figures_shown(at) == [(catalogue.get(code).label("pl"), {"choroplethmap"})]
        assert rows(at, "TERYT") == 16
    return check


def shows_chart(title: str, kind: str | None, column: str | None = None, n: int | None = None):
    """One figure titled `title` with traces of `kind` (None: no trace at all); with `column`, the
    figure's table (the table with that column) has n rows (n=None: at least one)."""
    def check(at):
        assert [(t, kind in types if kind else not types) for t, types in figures_shown(at)] == [(title, True)], \
            figures_shown(at)
        if column:
            assert rows(at, column) == n if n is not None else rows(at, column) > 0
    return check


def shows_info(text: str):
    """The tab says why it has nothing to show, and shows no chart."""
    def check(at):
        assert any(text in i for i in texts(at, "info")), texts(at, "info")
        assert not at.get("plotly_chart") and not at.get("deck_gl_json_chart")
    return check


def page_stops(text: str):
    """The page says why it has nothing to show before it gets to its tabs."""
    def check(at):
        shows_info(text)(at)
        assert not at.tabs and not at.metric
    return check


def white_spots(listed: bool):
    """The white-spot map, its count, and the list of white spots (or the message that there are none)."""
    def check(at):
        assert figures_shown(at) == [("Białe plamy", {"choroplethmap"})]
        count = next((m.value for m in at.metric if m.label == "Liczba białych plam"), None)
        if listed:  # the list has the count's rows (and a population column the map's table has not)
            assert int(count.replace("\u00a0", "")) == rows(at, "Ludność") > 0
        else:  # before any local partner: no count and no "no white spots" box, but why (issue 14)
            assert count is None and not at.success
            assert any("nie działał jeszcze żaden partner lokalny" in i for i in texts(at, "info"))
    return check


def coalition_list(at):
    """The list's heading counts the coalitions, and the list has as many rows, or says there is none."""
    listed = rows(at, "Koalicja") if at.dataframe else 0
    # the noun agrees with the number (plural forms: tests/unit/test_i18n.py)
    heading = re.compile(rf"\*\*Polska\*\*: {listed} aktywn(a|e|ych) koalicj(a|e|i)\b")
    assert any(heading.search(m) for m in texts(at, "markdown")), texts(at, "markdown")
    assert listed > 0 or any(NO_COALITIONS_YET in i for i in texts(at, "info"))


def plan_detail(at):
    assert "Wskaźniki wybranego planu" in texts(at, "subheader")
    assert [types for _, types in figures_shown(at)] == [{"bar", "scatter"}]   # the plan's bullet chart
    assert rows(at, "Ocena") > 0 and rows(at, "Wskaźnik") > 0                  # plan lists, the plan's indicators


def deck_3d(at):
    assert len(at.get("deck_gl_json_chart")) == 1
    assert rows(at, "Kod TERYT") == 380                                 # one column per powiat


NO_COALITIONS_YET = "Brak koalicji na dzień 30.06.2018"
NO_PLANS = "Brak planów rozwoju wolontariatu"
NO_SOW = "Brak tabel z Systemu Obsługi Wolontariatu (SOW)"
VOLUNTEER_TREND = shows_chart("Wolontariusze zarejestrowani — Polska", "scatter", "Data", 24)  # >= 24 months
BREAKDOWN = "Wolontariusze według wieku i płci — Polska"
SECTOR_MIX = shows_chart("Członkowie aktywnych koalicji według sektora", "bar", "Obszar")
# page -> tab state key, and per tab (Polish label) what it shows now, before any partner, without SOW
TABS = {
    "app_pages/coverage.py": ("coverage_tab", {
        "Mapa pokrycia": [shows_map("local_partner_coverage")] * 3,
        "Białe plamy": [white_spots(True), white_spots(False), white_spots(True)]}),
    "app_pages/coalitions.py": ("coalitions_tab", {
        "Mapa": [shows_map("coalition_density")] * 3,
        "Sektory członków": [SECTOR_MIX, shows_info(NO_COALITIONS_YET), SECTOR_MIX],
        "Lista koalicji": [coalition_list] * 3}),
    "app_pages/plans.py": ("plans_tab", {
        "Mapa realizacji": [shows_map("plans_on_track_share"), page_stops(NO_PLANS), shows_map("plans_on_track_share")],
        "Plany i wskaźniki": [plan_detail, page_stops(NO_PLANS), plan_detail]}),
    "app_pages/volunteers.py": ("volunteers_tab", {
        "Mapa": [shows_map("volunteers_per_10k"), shows_map("volunteers_per_10k"), page_stops(NO_SOW)],
        "Widok 3D": [deck_3d, deck_3d, page_stops(NO_SOW)],
        "Trendy miesięczne": [VOLUNTEER_TREND, VOLUNTEER_TREND, page_stops(NO_SOW)],
        # before 2019 nobody is registered: the chart is there, with no bars and an empty table
        "Płeć i wiek": [shows_chart(BREAKDOWN, "bar", "Rok"), shows_chart(BREAKDOWN, None),
                        page_stops(NO_SOW)]}),
}
VARIANTS = ("now", "before_partners", "no_sow")
TAB_CASES = [(page, key, label, variant, checks[i]) for page, (key, tabs) in TABS.items()
             for label, checks in tabs.items() for i, variant in enumerate(VARIANTS)]


@pytest.mark.parametrize("page,key,label,variant,check", TAB_CASES,
                         ids=[f"{p.split('/')[-1]}:{lbl}:{v}" for p, _, lbl, v, _ in TAB_CASES])
def test_every_tab_shows_its_content(app, demo_db, no_sow_db, page, key, label, variant, check):
    at = app(no_sow_db if variant == "no_sow" else demo_db, page, state={key: label},
             **({"as_of": BEFORE_PARTNERS} if variant == "before_partners" else {}))
    assert_clean(at)
    assert at.session_state[key] == label  # the tab really opened
    check(open_chart_tables(at))


@pytest.mark.parametrize("lang,title", [("pl", "Eksport"), ("en", "Export")])
def test_export_page(app, demo_db, lang, title):
    at = app(demo_db, "app_pages/export.py", lang=lang)
    assert_clean(at)
    assert at.title[0].value == title
    assert at.multiselect(key="export_codes").value == list(catalogue.CODES)  # every indicator by default
    shown = at.dataframe[0].value
    assert list(shown["TERYT"]) == sorted(shown["TERYT"][:-1]) + ["PL"], "a row per voivodeship, then Poland"
    assert len(shown) == 16 + 1 and len(shown.columns) == 2 + len(catalogue.CODES)


@pytest.mark.parametrize("lang,heading,tab", [("pl", "Co jest chronione i przed kim", "Deklaracja dostępności"),
                                              ("en", "What is protected, and from whom", "Accessibility statement")])
def test_the_about_page_explains_protection_and_holds_the_accessibility_statement(app, demo_db, lang, heading, tab):
    at = app(demo_db, "app_pages/about.py", lang=lang)
    assert_clean(at)
    assert any(heading in m for m in texts(at, "markdown"))                       # the method, in the language
    assert any("<10" in m and "2³²" in m for m in texts(at, "markdown"))          # with its parameters
    at.session_state["about_tab"] = tab
    at.run()
    assert any("Status pod względem zgodności z ustawą" in m for m in texts(at, "markdown"))


def test_every_page_links_the_about_page_and_says_how_numbers_are_protected(app, demo_db):
    at = app(demo_db, "app_pages/volunteers.py", role="evaluator")
    captions = texts(at, "caption")
    assert any(c.startswith("**Dane chronione.**") and "(/informacje)" in c for c in captions)
    assert any("(/informacje)" in c and "deklaracja dostępności" in c for c in captions)      # the footer
    inst = app(demo_db, "app_pages/volunteers.py", role="institution")
    assert any(c.startswith("Widzisz dokładne wartości") for c in texts(inst, "caption"))


def test_a_charts_table_is_filled_only_while_open(app, demo_db):
    """ui/widgets.chart_table_box: a closed table expander is one element on the wire; opening it
    brings the table (16 voivodeships) and its five downloads; closing it takes them away again."""
    at = app(demo_db, "app_pages/overview.py")
    assert_clean(at)
    boxes = [e for e in at.expander if e.proto.id.endswith("-overview_map_table")]
    assert len(boxes) == 1 and boxes[0].label == "Pokaż tabelę danych wykresu"
    assert not boxes[0].children and not at.get("download_button")
    open_chart_tables(at)
    assert [b.label for b in at.get("download_button")] == ["CSV", "XLSX", "PNG", "SVG", "PDF"]
    table = next(f.value for f in at.dataframe if "TERYT" in f.value.columns)
    assert len(table) == 16
    at.session_state["overview_map_table"] = False
    at.run()
    assert not at.get("download_button") and not any("TERYT" in f.value.columns for f in at.dataframe)
