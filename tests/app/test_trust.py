"""Trust in every reading (issue 14): the as-of date stops at the data, an incomplete period says so,
empty cells speak one vocabulary, every table is written the Polish way, the page's controls are in
the URL, and every map page can find a powiat by name."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.apptest_support import assert_clean, metric_value, open_chart_tables, texts
from tests.databases import DEMO_AS_OF, import_tables
from tests.fixtures_import import valid

PAGES = ["app_pages/overview.py", "app_pages/coverage.py", "app_pages/coalitions.py",
         "app_pages/plans.py", "app_pages/volunteers.py", "app_pages/compare.py", "app_pages/export.py"]
MAP_PAGES = ["app_pages/overview.py", "app_pages/coverage.py", "app_pages/coalitions.py",
             "app_pages/plans.py", "app_pages/volunteers.py"]
# tab session key -> (Polish labels of every tab) of the pages with tabs
TABS = {"app_pages/coverage.py": ("coverage_tab", ["Mapa pokrycia", "Białe plamy"]),
        "app_pages/coalitions.py": ("coalitions_tab", ["Mapa", "Sektory członków", "Lista koalicji"]),
        "app_pages/plans.py": ("plans_tab", ["Mapa realizacji", "Plany i wskaźniki"]),
        "app_pages/volunteers.py": ("volunteers_tab", ["Mapa", "Widok 3D", "Trendy miesięczne", "Płeć i wiek"])}
DOT_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")   # 6.67, 32021.5 (not a date 01.07.2024)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
BARE_THOUSANDS = re.compile(r"^-?\d{4,}([,.]\d+)?$")         # 248412 without a thousands space
NBSP = "\u00a0"


# --- 1. the as-of date stops at the latest data ----------------------------------------------------

def test_an_as_of_date_past_the_data_is_capped_to_the_latest_data(app, demo_db):
    at = app(demo_db, "app_pages/overview.py", as_of="2026-11-30")   # five months after the data
    assert_clean(at)
    assert DEMO_AS_OF == dt.date(2026, 6, 30)
    assert at.session_state["as_of"] == dt.date(2026, 6, 30)
    picker = at.date_input(key="as_of")
    assert picker.value == dt.date(2026, 6, 30)
    assert picker.proto.max == "2026-06-30"                        # the picker stops there
    assert "30.06.2026" in picker.help                               # and says so beside it
    assert "Najnowsze dane: 30.06.2026 (data stanu nie może być późniejsza)" in texts(at, "caption")
    assert "as_of" not in at.query_params                            # the link shows the latest data
    assert any("stan na 30.06.2026" in s for s in texts(at, "subheader"))


def test_a_date_set_past_the_data_within_a_session_is_capped(app, demo_db):
    at = app(demo_db, "app_pages/overview.py")
    at.session_state["as_of"] = dt.date(2027, 1, 15)
    at.run()
    assert_clean(at)
    assert at.session_state["as_of"] == dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def mid_month_db(tmp_path_factory):
    """The contract's small folder with one more training on 15.07.2024: the data end mid-July, so
    July 2024 is reported only in part and June 2024 is the last complete month."""
    tables = valid()
    tables["activities"].append({**tables["activities"][0], "activity_id": "A2", "date": "2024-07-15"})
    return import_tables(tmp_path_factory.mktemp("midmonth"), tables)


def test_a_period_reaching_past_the_last_complete_month_is_marked_incomplete(app, mid_month_db):
    at = app(mid_month_db, "app_pages/overview.py")
    assert_clean(at)
    assert at.session_state["as_of"] == dt.date(2024, 7, 15)
    warning = " ".join(texts(at, "warning"))
    assert "Niepełny okres." in warning and "01.08.2023 – 31.07.2024" in warning and "czerwiec 2024" in warning
    cards = {m.label: m for m in at.metric}
    # a flow's card says that its period is incomplete and carries no year-on-year change; a
    # stock's card does not
    hours = cards["Potwierdzone godziny wolontariatu (niepełny okres)"]
    assert hours.delta is None or hours.delta == ""
    assert "Wolontariusze zarejestrowani" in cards and "Wolontariusze zarejestrowani (niepełny okres)" not in cards
    # a period ending with June 2024 is complete: no warning
    at.session_state["as_of"] = dt.date(2024, 6, 30)
    at.run()
    assert not any("Niepełny okres" in w for w in texts(at, "warning"))


# --- 2. empty cells: one vocabulary, explained ------------------------------------------------------

def test_before_any_partner_the_empty_states_are_honest(app, demo_db):
    at = app(demo_db, "app_pages/coverage.py", as_of="2018-06-30", state={"coverage_tab": "Białe plamy"})
    assert_clean(at)
    info = " ".join(texts(at, "info"))
    assert "Na dzień 30.06.2018 nie działał jeszcze żaden partner lokalny: białe plamy nie są wyznaczane" in info
    assert not at.success, "no green 'no white spots' box before any partner"
    assert "Liczba białych plam" not in [m.label for m in at.metric]
    # no partner at all: a zero count is "–", and the legend line says what "–" means
    cards = {m.label: m.value for m in at.metric}
    assert cards["Aktywni partnerzy lokalni"] == "–"
    assert "– = nic się nie wydarzyło (0)" in " ".join(texts(at, "caption"))


def test_a_missing_value_says_brak_danych_with_its_reason(app, demo_db):
    # 2018: no coalition yet, so the cross-sector share has nothing to be a share of
    at = app(demo_db, "app_pages/coalitions.py", as_of="2018-06-30")
    assert_clean(at)
    cards = {m.label: m.value for m in at.metric}
    assert cards["Koalicje międzysektorowe"] == "brak danych"
    assert cards["Koalicje na rzecz wolontariatu"] == "–"
    captions = texts(at, "caption")
    assert "nie dotyczy: brak koalicji" in captions
    assert any(c.startswith("– = nic się nie wydarzyło (0) · brak danych = brak danych lub nie dotyczy")
               for c in captions)


# --- 3. Polish throughout ---------------------------------------------------------------------------

def _open_every_tab(app, db, page):
    key, labels = TABS.get(page, (None, [None]))
    for label in labels:
        at = open_chart_tables(app(db, page, role="institution", state={key: label} if key else None))
        assert_clean(at)
        yield label, at


def _cells(df):
    yield from ((c, str(c)) for c in df.columns)
    for c in df.columns:
        for v in df[c]:
            yield c, v


@pytest.mark.parametrize("page", PAGES)
def test_every_table_is_written_the_polish_way(app, demo_db, page):
    seen = 0
    for label, at in _open_every_tab(app, demo_db, page):
        for frame in at.dataframe:
            df = frame.value
            seen += 1
            for col, v in _cells(df):
                if isinstance(v, bool) or "TERYT" in str(col).upper():   # codes: "TERYT", "Kod TERYT"
                    continue
                assert not isinstance(v, (float, dt.date)), (page, label, col, v)
                if isinstance(v, int):
                    assert abs(v) < 1000, (page, label, col, v)   # a bare 1234 lacks the thousands space
                    continue
                text = str(v)
                assert not DOT_DECIMAL.search(text), (page, label, col, text)
                assert not ISO_DATE.search(text), (page, label, col, text)
                assert not BARE_THOUSANDS.match(text), (page, label, col, text)
    assert seen, f"{page} shows no table"


def test_formatted_table_values_by_hand(app, demo_db):
    """The white spots' population column: 12 345 with a non-breaking space, never 12345."""
    at = app(demo_db, "app_pages/coverage.py", state={"coverage_tab": "Białe plamy"})
    df = next(f.value for f in at.dataframe if "Ludność" in f.value.columns)
    pops = list(df["Ludność"])
    assert pops and all(re.fullmatch(r"\d{1,3}(\u00a0\d{3})*", p) for p in pops), pops[:5]


def test_the_voivodeship_list_and_powiat_finder_sort_the_polish_way(app, demo_db):
    at = app(demo_db, "app_pages/overview.py")
    finder = at.selectbox(key="overview_find")
    labels = finder.options   # as shown
    assert len(labels) == 380
    # "łobeski" (ł) comes after "lubartowski" / "lwówecki" and before "m…", not after "ż…"
    lob = labels.index("powiat łobeski (zachodniopomorskie)")
    assert labels[lob - 1].startswith("powiat l") or labels[lob - 1].startswith("powiat ł")
    assert labels[lob + 1].startswith(("powiat ł", "powiat m", "Łódź"))
    assert labels[-1].startswith("powiat ż") or labels[-1].startswith("Żory")
    assert finder.placeholder == "Wpisz nazwę powiatu…"


# --- 4. links that reproduce the view ---------------------------------------------------------------

def test_map_controls_and_tab_are_read_from_and_written_to_the_url(app, demo_db):
    at = app(demo_db, "app_pages/coverage.py", tab="white_spots")
    assert_clean(at)
    assert at.session_state["coverage_tab"] == "Białe plamy"
    assert at.query_params["tab"] == ["white_spots"] or at.query_params["tab"] == "white_spots"

    at = app(demo_db, "app_pages/overview.py", ind="hours_confirmed", cls="jenks", k="7", pal="Purples")
    assert_clean(at)
    assert at.selectbox(key="overview_indicator").value == "hours_confirmed"
    assert at.selectbox(key="overview_settings_method").value == "jenks"
    assert at.selectbox(key="overview_settings_k").value == 7
    assert at.selectbox(key="overview_settings_palette").value == "Purples"
    at.selectbox(key="overview_settings_method").set_value("equal_interval").run()
    params = {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert params == {"ind": "hours_confirmed", "cls": "equal_interval", "k": "7", "pal": "Purples"}


def test_invalid_page_values_in_the_url_fall_back_quietly(app, demo_db):
    at = app(demo_db, "app_pages/overview.py", ind="no_such", cls="magic", k="99", pal="<b>", tab="nope")
    assert_clean(at)
    assert at.selectbox(key="overview_indicator").value == "volunteers_per_10k"
    assert at.selectbox(key="overview_settings_method").value == "quantiles"
    assert at.selectbox(key="overview_settings_k").value == 5
    assert at.selectbox(key="overview_settings_palette").value == "YlGnBu"


# --- 5. find a powiat ---------------------------------------------------------------------------------

@pytest.mark.parametrize("page", MAP_PAGES)
def test_every_map_page_finds_a_powiat_and_stays_in_step(app, demo_db, page):
    key = {"app_pages/overview.py": "overview", "app_pages/coverage.py": "coverage",
           "app_pages/coalitions.py": "coalitions", "app_pages/plans.py": "plans",
           "app_pages/volunteers.py": "volunteers"}[page]
    at = app(demo_db, page)
    assert_clean(at)
    finder = at.selectbox(key=f"{key}_find")
    assert finder.value is None and len(finder.options) == 380
    # the two powiats called "bielski" are told apart by their voivodeship
    assert {"powiat bielski (podlaskie)", "powiat bielski (śląskie)"} <= set(finder.options)
    finder.select("2402").run()   # powiat bielski, śląskie
    assert_clean(at)
    assert at.session_state["woj"] == "24" and at.session_state["unit"] == "2402"
    assert at.selectbox(key="woj").value == "24"                       # the sidebar follows
    assert at.selectbox(key=f"{key}_find").value == "2402"             # the list shows it
    if page != "app_pages/plans.py":
        assert any("powiat bielski" in s for s in texts(at, "subheader")), texts(at, "subheader")
    at.button(key=f"{key}_back").click().run()                         # and back to Poland
    assert at.session_state["woj"] == "PL" and at.session_state["unit"] is None
    assert at.selectbox(key=f"{key}_find").value is None


# --- 6. a partner's own area ------------------------------------------------------------------------

def test_a_partner_opens_on_its_own_area_with_its_full_name_and_outline(app, demo_db):
    import duckdb
    with duckdb.connect(str(demo_db), read_only=True) as con:
        name = con.execute("SELECT name FROM partners WHERE partner_id = 'REG-14-2024'").fetchone()[0]
    at = app(demo_db, "app_pages/overview.py", role="partner", partner="REG-14-2024")
    assert_clean(at)
    assert at.session_state["woj"] == "14"                               # mazowieckie, its region
    assert at.selectbox(key="woj").value == "14"
    assert any("mazowieckie" in s for s in texts(at, "subheader"))
    assert name in [t.value for t in at.text]                            # the full name, as plain text
    spec = at.get("plotly_chart")[0].proto.spec
    assert '"area-outline"' in spec                                      # its area outlined on the map
    # a link naming another view wins over the partner's own area
    at = app(demo_db, "app_pages/overview.py", role="partner", partner="REG-14-2024", woj="02")
    assert at.session_state["woj"] == "02"


def test_a_flow_map_in_an_incomplete_period_says_so(app, mid_month_db):
    at = app(mid_month_db, "app_pages/overview.py", ind="hours_confirmed")
    assert_clean(at)
    assert at.selectbox(key="overview_indicator").value == "hours_confirmed"
    assert any(w.startswith("Okres sięga poza ostatni pełny miesiąc danych") for w in texts(at, "warning"))
    at = app(mid_month_db, "app_pages/overview.py", ind="volunteers_registered")   # a stock: no such note
    assert not any(w.startswith("Okres sięga poza") for w in texts(at, "warning"))


def test_protected_cells_are_explained_where_they_appear(app, demo_db):
    # powiat counts of 1-9 volunteers are hidden from an evaluator as "<10" (the demo has such powiats)
    at = open_chart_tables(app(demo_db, "app_pages/overview.py", role="evaluator", level="powiat",
                               ind="volunteers_registered"))
    assert_clean(at)
    table = next(f.value for f in at.dataframe if "Wartość" in f.value.columns)
    assert "<10" in set(table["Wartość"])
    assert any("<10 = dane chronione (mała liczba osób)" in c for c in texts(at, "caption"))
    # the institution sees exact counts: no "<10", and no protection legend
    at = open_chart_tables(app(demo_db, "app_pages/overview.py", role="institution", level="powiat",
                               ind="volunteers_registered"))
    table = next(f.value for f in at.dataframe if "Wartość" in f.value.columns)
    assert "<10" not in set(table["Wartość"])
    assert not any("dane chronione (mała liczba osób)" in c for c in texts(at, "caption"))


def test_a_change_that_rounds_to_zero_shows_no_arrow(app, demo_db):
    # 2018 against 2017: no partner in either year, so coverage changed by 0,0 p.p.
    at = app(demo_db, "app_pages/coverage.py", as_of="2018-06-30")
    card = next(m for m in at.metric if m.label == "Pokrycie partnerami lokalnymi")
    assert card.value == "0,0%" and card.delta == "0,0 p.p."
    proto = str(card.proto)
    assert "direction: NONE" in proto and "color: GRAY" in proto           # no green "up" arrow
    flat = next(m for m in app(demo_db, "app_pages/coverage.py").metric
                  if m.label == "Obecność partnera regionalnego")             # 100,0% both years: flat too
    assert flat.delta == "0,0 p.p." and "direction: NONE" in str(flat.proto)


# --- 7. no English placeholder in the Polish interface --------------------------------------------

CHOICE_VIEWS = [  # (page, session state opening the tab with the page's lists)
    ("app_pages/compare.py", None), ("app_pages/export.py", None),
    ("app_pages/partners.py", {"partners_tab": "Rejestr"}), ("app_pages/partners.py", {"partners_tab": "Zasięg w czasie"}),
    ("app_pages/partners.py", {"partners_tab": "Profil partnera"}), ("app_pages/plans.py", {"plans_tab": "Plany i wskaźniki"}),
    ("app_pages/network.py", {"network_tab": "Działania"}), ("app_pages/overview.py", None)]


@pytest.mark.parametrize("page,state", CHOICE_VIEWS)
def test_no_list_falls_back_to_streamlits_english_placeholder(app, demo_db, page, state):
    """Streamlit writes 'Choose an option' / 'Choose options' in an empty select box or multiselect
    that has no placeholder of its own: every list that can be empty has a Polish one ('Wybierz…'
    where nothing more specific fits), and no list says 'Choose'."""
    at = app(demo_db, page, role="institution", state=state)
    assert_clean(at)
    lists = list(at.multiselect) + list(at.selectbox)
    assert lists, page
    for w in at.multiselect:   # a multiselect can always be emptied
        assert w.placeholder and not w.placeholder.startswith("Choose"), (page, w.label, w.placeholder)
    for w in at.selectbox:
        if w.value is None:    # an empty select box shows its placeholder
            assert w.placeholder and not w.placeholder.startswith("Choose"), (page, w.label, w.placeholder)
    if page == "app_pages/export.py":  # emptied by the user: the Polish placeholder, no English one
        assert at.multiselect(key="export_codes").placeholder == "Wybierz…"
    if page == "app_pages/compare.py":
        assert at.multiselect(key="compare_custom").value == []
        assert at.multiselect(key="compare_custom").placeholder == "Wybierz…"


# --- 8. ties in the map's summary sentence ---------------------------------------------------------

def test_the_map_summary_names_a_tie_by_the_places_it_shares():
    """Three voivodeships tied at the top (50), the rest 1..12, one without data: the sentence under
    the map says the top value is shared by places 1-3 of 15, as the tooltip and the table do."""
    import numpy as np
    import pandas as pd
    from analytics.data import geo
    from analytics.present import figures
    from ui import widgets
    from ui.state import View

    codes = sorted(geo.units("voivodeship")["teryt"])
    df = pd.DataFrame({"teryt": codes, "v": [50.0] * 3 + [float(i) for i in range(1, 13)] + [np.nan]})
    assert codes[:4] == ["02", "04", "06", "08"]   # dolnośląskie, kujawsko-pomorskie, lubelskie tied; lubuskie 1
    for lang, expected in (
            ("pl", "Najwyższa wartość: 50 (miejsca 1.–3. z 15 ex aequo, m.in. województwo dolnośląskie); "
                   "najniższa: 1 (województwo lubuskie). Bez danych: 1."),
            ("en", "Highest value: 50 (tied 1–3 of 15, e.g. dolnośląskie voivodeship); "
                   "lowest: 1 (lubuskie voivodeship). No data: 1.")):
        fig = figures.choropleth(df, "voivodeship", "v", "Koalicje", unit="count", lang=lang, k=3)
        view = View(lang, "voivodeship", None, dt.date(2026, 6, 30), 12, None, dt.date(2026, 6, 30))
        text = widgets.chart_summary(view, figures.chart_table(fig), figures.chart_meta(fig))
        assert text == expected
        # the table as shown writes the same places
        shown = widgets.screen_table(view, figures.chart_table(fig))
        rank = "Miejsce" if lang == "pl" else "Rank"
        assert shown[rank].tolist()[:4] == (["1.–3. z 15"] * 3 + ["15. z 15"] if lang == "pl"
                                            else ["1–3 of 15"] * 3 + ["15 of 15"])


# --- 9. the 3D view: a legend, and its table's headers translated ------------------------------------

@pytest.mark.parametrize("lang,headers,title", [
    ("pl", ["Kod TERYT", "Obszar", "Wartość", "Klasa"], "Wysokość i kolor kolumny: Wolontariusze zarejestrowani"),
    ("en", ["TERYT code", "Area", "Value", "Class"], "Column height and colour: Registered volunteers")])
def test_the_3d_view_has_a_legend_and_a_translated_table(app, demo_db, lang, headers, title):
    tab = "Widok 3D" if lang == "pl" else "3D view"
    at = app(demo_db, "app_pages/volunteers.py", lang=lang, state={"volunteers_tab": tab})
    assert_clean(at)
    assert len(at.get("deck_gl_json_chart")) == 1
    legend = [h.proto.body for h in at.get("html") if "ks-deck-legend" in h.proto.body]
    assert len(legend) == 1 and title in legend[0] and legend[0].count("<li") == 5   # five classes
    table = next(f.value for f in at.dataframe if headers[0] in f.value.columns)
    assert list(table.columns) == headers
    assert "teryt" not in table.columns


# --- 10. a local partner's headline names its own area ------------------------------------------------

def _local_partners(db, n_min: int, n_max: int = 99) -> list:
    """Local partners of the database working in n_min..n_max powiats at the data date, in one
    voivodeship (id, name, powiats)."""
    import duckdb
    from analytics.metrics import areas
    with duckdb.connect(str(db), read_only=True) as con:
        df = areas.partner_list(con, DEMO_AS_OF)
    return [(r.partner_id, r.name, r.powiats) for r in df.itertuples()
            if r.tier == "local" and n_min <= r.n_powiats <= n_max and len({p[:2] for p in r.powiats}) == 1]


HEADLINE_PAGES = ["app_pages/overview.py", "app_pages/coverage.py", "app_pages/coalitions.py",
                  "app_pages/volunteers.py", "app_pages/network.py", "app_pages/partners.py"]


@pytest.mark.parametrize("page", HEADLINE_PAGES)
def test_a_local_partner_in_several_powiats_sees_its_own_area_in_the_headline(app, demo_db, page):
    from analytics.present.formatting import md_text
    partner, name, powiats = _local_partners(demo_db, 2, 4)[0]
    form = "powiaty"   # 2-4 powiats: the Polish "few" form
    at = app(demo_db, page, role="partner", partner=partner)
    assert_clean(at)
    heading = texts(at, "subheader")[0]
    assert heading.startswith(f"Obszar partnera: {md_text(name)} ({len(powiats)} {form}) — "), heading
    woj = powiats[0][:2]
    assert at.session_state["woj"] == woj and at.session_state["unit"] is None
    note = next(c for c in texts(at, "caption") if c.startswith("Wskaźniki u góry: suma powiatów partnera"))
    assert "Mapy i wykresy poniżej pokazują województwo " in note
    if page in ("app_pages/overview.py", "app_pages/coverage.py"):
        # a local partner covers every powiat of its own area: 100 %, whatever its voivodeship's coverage
        assert metric_value(at, "Pokrycie partnerami lokalnymi") == "100,0%"
    # the choice above the headline: the whole voivodeship, named and counted as before
    at.session_state["headline_for"] = "voivodeship"
    at.run()
    assert_clean(at)
    assert texts(at, "subheader")[0].startswith("województwo "), texts(at, "subheader")[0]
    if page in ("app_pages/overview.py", "app_pages/coverage.py"):
        assert metric_value(at, "Pokrycie partnerami lokalnymi") != "100,0%"


def test_the_partner_area_headline_in_english_and_not_for_a_powiat_in_view(app, demo_db):
    partner, name, powiats = _local_partners(demo_db, 2, 4)[0]
    at = app(demo_db, "app_pages/overview.py", role="partner", partner=partner, lang="en")
    assert_clean(at)
    assert texts(at, "subheader")[0].startswith("Partner's area: ") and f"({len(powiats)} powiats) — as of" in \
        texts(at, "subheader")[0]
    # a powiat chosen on the map (or in the finder) is that powiat's headline
    at = app(demo_db, "app_pages/overview.py", role="partner", partner=partner, woj=powiats[0][:2], unit=powiats[0])
    assert_clean(at)
    assert texts(at, "subheader")[0].startswith(("powiat ", "miasto ")), texts(at, "subheader")[0]


def test_compare_starts_on_the_signed_in_partners_own_area(app, demo_db):
    (first, _, _), (second, _, _) = _local_partners(demo_db, 1)[:2]
    at = app(demo_db, "app_pages/compare.py", role="partner", partner=first)
    assert_clean(at)
    assert at.session_state["compare_areas"] == [f"partner:{first}"]
    at.session_state["demo_partner"] = second      # another partner signs in (the demo's switch)
    at.run()
    assert_clean(at)
    assert at.session_state["compare_areas"] == [f"partner:{second}"]


def test_the_data_page_writes_row_counts_the_polish_way(app, demo_db):
    import duckdb
    at = app(demo_db, "app_pages/data.py", role="institution")
    assert_clean(at)
    table = next(f.value for f in at.dataframe if "Wiersze" in f.value.columns)
    rows = dict(zip(table["Tabela"], table["Wiersze"]))
    with duckdb.connect(str(demo_db), read_only=True) as con:
        hours = con.execute("SELECT count(*) FROM hours").fetchone()[0]
    assert 10_000 <= hours < 1_000_000                          # five or six digits: two groups
    assert rows["hours"] == f"{hours // 1000}{NBSP}{hours % 1000:03d}"   # 12 574, never 12574


def test_the_versions_table_writes_dates_and_counts_the_polish_way(app, demo_db, monkeypatch, tmp_path):
    from pathlib import Path
    from analytics.admin import versions
    listed = [versions.Version(id="ks-20261202T043300Z-abc123", path=Path("x"), created_at="2026-12-02T04:33:00+00:00",
                               user="anna", role="institution", kind="import", source="demo", rows={"hours": 12574,
                               "partners": 97}, warnings=0, summary="", sha256="", size=0, data_as_of="2026-06-30",
                               current=True),
              versions.Version(id="ks-20261101T100000Z-def456", path=Path("y"), created_at="2026-11-01T10:00:00+00:00",
                               user=None, role=None, kind="import", source=None, rows={}, warnings=0, summary="",
                               sha256="", size=0)]
    monkeypatch.setattr(versions, "list_versions", lambda *a, **k: listed)
    monkeypatch.setattr(versions, "import_history", lambda *a, **k: [])
    at = app(demo_db, "app_pages/data.py", role="institution", state={"data_tab": "Wersje i historia"})
    assert_clean(at)
    table = next(f.value for f in at.dataframe if "Utworzono" in f.value.columns)
    assert list(table["Utworzono"]) == ["02.12.2026 04:33", "01.11.2026 10:00"]
    assert list(table["Wiersze"]) == [f"12{NBSP}671", "0"]          # 12 574 + 97
    assert list(table["Dane na dzień"]) == ["30.06.2026", "—"]


def test_the_export_table_writes_each_column_in_its_units_decimals(app, demo_db):
    """Percent columns (already x100) with one decimal (8,0 beside 26,7, never 8 beside 26,67),
    counts whole, a count of 0 as '–'."""
    import duckdb
    at = app(demo_db, "app_pages/export.py", role="institution")
    assert_clean(at)
    table = next(f.value for f in at.dataframe if "Jednostka" in f.value.columns)
    share = table["Obecność partnera regionalnego (%)"]
    assert set(share) <= {"100,0", "0,0"} and "100,0" in set(share)     # a regional partner in every voivodeship
    coverage = table["Pokrycie partnerami lokalnymi (%)"]
    assert all(re.fullmatch(r"\d{1,3},\d", v) for v in coverage), list(coverage)
    counts = table["Koalicje na rzecz wolontariatu"]
    assert all(v == "–" or re.fullmatch(r"\d{1,3}(\u00a0\d{3})*", v) for v in counts), list(counts)
