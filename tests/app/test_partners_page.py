"""The Partners page (app_pages/partners.py) through the real app (AppTest), in Polish and English, as the
managing institution and as a partner, on the session's demo database.

What the demo holds (analytics/data/demo.py, scale-independent): one regional partner per voivodeship in
each of the editions 2019-2020, 2021-2023, 2024-2026 plus one replacement in 2021-2023 (16 + 17 + 16 = 49
regional rows), and 6 + 14 + 28 = 48 local partners: 97 rows in the register.
"""
from __future__ import annotations

import json

import duckdb
import pytest

from tests.apptest_support import assert_clean, metric_value, open_chart_tables, texts
from tests.databases import DEMO_AS_OF

PAGE = "app_pages/partners.py"
TABS = {"pl": ["Rejestr", "Oś czasu", "Zasięg w czasie", "Mapy edycji", "Profil partnera"],
        "en": ["Register", "Timeline", "Coverage over time", "Edition maps", "Partner profile"]}


def titles(at) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def frame_with(at, column: str):
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert found, [list(d.value.columns) for d in at.dataframe]
    return found[0]


@pytest.fixture(scope="module")
def partner(demo_db) -> dict:
    """A local partner active at the demo's date, with its name and the powiats it works in."""
    con = duckdb.connect(str(demo_db), read_only=True)
    pid, name = con.execute("""SELECT p.partner_id, p.name FROM partners p JOIN partner_areas a USING (partner_id)
                               WHERE p.tier = 'local' AND p.start_date <= $d AND (p.end_date IS NULL OR $d <= p.end_date)
                               ORDER BY p.partner_id LIMIT 1""", {"d": DEMO_AS_OF}).fetchone()
    names = [r[0] for r in con.execute("SELECT name FROM partners").fetchall()]
    con.close()
    return {"id": pid, "name": name, "all_names": names}


@pytest.mark.parametrize("lang", ["pl", "en"])
@pytest.mark.parametrize("role", ["institution", "partner"])
def test_every_tab_runs_in_both_languages_for_both_roles(app, demo_db, partner, lang, role):
    title = {"pl": "Partnerzy", "en": "Partners"}[lang]
    for tab in TABS[lang]:
        at = app(demo_db, PAGE, lang=lang, role=role, partner=partner["id"] if role == "partner" else None,
                 state={"partners_tab": tab})
        assert_clean(at)
        assert at.title[0].value == title
        assert at.session_state["partners_tab"] == tab       # the tab really opened
        shown = titles(at)
        if tab in ("Oś czasu", "Timeline"):
            assert shown == [{"pl": "Partnerzy według województw w kolejnych edycjach",
                              "en": "Partners by voivodeship across the editions"}[lang]]
        if tab in ("Mapy edycji", "Edition maps"):
            word = {"pl": "Edycja", "en": "Edition"}[lang]
            assert shown[:3] == [f"{word} 2019-2020", f"{word} 2021-2023", f"{word} 2024-2026"]
            assert len(shown) == 4                              # and the date slider's map
        if tab in ("Zasięg w czasie", "Coverage over time"):
            assert len(shown) == 2                              # the lines and the voivodeship heat map


def test_the_register_lists_every_partner_and_filters(app, demo_db):
    at = app(demo_db, PAGE, state={"partners_tab": "Rejestr"})
    assert_clean(at)
    reg = frame_with(at, "Nazwa")
    assert len(reg) == 97                                     # 49 regional + 48 local rows
    assert "97 partnerów z 97 w rejestrze." in texts(at, "caption")
    # Polish alphabetical order: Ł after L, Ś after S (not after Z as code points would have it)
    names = list(reg["Nazwa"])
    firsts = [n[0] for n in names]
    assert firsts == sorted(firsts, key=lambda c: "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż".index(c.lower()))
    at = app(demo_db, PAGE, state={"partners_tab": "Rejestr", "partners_filter_tier": ["regional"],
                                   "partners_filter_edition": ["2021-2023"]})
    reg = frame_with(at, "Nazwa")
    assert len(reg) == 17 and set(reg["Poziom"]) == {"regionalny"}   # 16 + the replacement
    assert set(reg["Obszar działania"]) == {f"całe województwo {v}" for v in reg["Województwo"]}


def test_coverage_over_time_ends_with_the_headline_value(app, demo_db):
    at = open_chart_tables(app(demo_db, PAGE, state={"partners_tab": "Zasięg w czasie"}))
    assert_clean(at)
    headline = metric_value(at, "Pokrycie partnerami lokalnymi")      # e.g. "15,0%"
    line = frame_with(at, "Seria")
    assert list(line["Seria"].unique()) == ["Polska"]
    assert line["Data"].iloc[0] == "01.01.2019"                        # the first partner's month
    last = float(str(line.iloc[-1, -1]).replace(",", "."))
    assert f"{last * 100:.1f}%".replace(".", ",") == headline


def test_a_partner_opens_on_its_own_profile_with_its_area_outlined(app, demo_db, partner):
    at = app(demo_db, PAGE, role="partner", partner=partner["id"], state={"partners_tab": "Profil partnera"})
    assert_clean(at)
    assert at.selectbox(key="partners_profile").value == partner["id"]
    facts = frame_with(at, "Pole").set_index("Pole")["Wartość"]
    assert facts["Nazwa"] == partner["name"]                          # the name as text, in a table
    area = [json.loads(c.proto.spec) for c in at.get("plotly_chart")
            if json.loads(c.proto.spec)["layout"]["title"]["text"] == "Obszar działania partnera"]
    assert len(area) == 1
    assert [la.get("name") for la in area[0]["layout"]["map"]["layers"]][-1] == "area-outline"


def test_text_from_the_data_is_never_markdown(app, demo_db, partner):
    """Partner names reach the page only through tables, select boxes and escaped chart text: no
    markdown, caption or heading element holds one."""
    for tab in TABS["pl"]:
        at = app(demo_db, PAGE, state={"partners_tab": tab})
        rendered = texts(at, "markdown") + texts(at, "caption") + texts(at, "subheader")
        assert not [n for n in partner["all_names"] for r in rendered if n in r]


@pytest.mark.parametrize("tab", TABS["pl"])
def test_before_any_partner_and_drilled_into_a_voivodeship(app, demo_db, tab):
    at = app(demo_db, PAGE, as_of="2018-06-30", state={"partners_tab": tab})   # the first partner starts in 2019
    assert_clean(at)
    assert "Brak partnerów aktywnych na dzień 30.06.2018" in " ".join(texts(at, "info"))
    if tab in ("Zasięg w czasie", "Mapy edycji"):
        assert "Przed 30.06.2018 nie działał jeszcze żaden partner." in texts(at, "info")
    at = app(demo_db, PAGE, level="powiat", woj="14", state={"partners_tab": tab})
    assert_clean(at)
    if tab == "Rejestr":   # mazowieckie: one regional partner per edition, seated there
        assert set(frame_with(at, "Nazwa")["Województwo"]) == {"mazowieckie"}


def test_without_the_sow_tables_the_profile_says_why_it_has_no_activities(app, no_sow_db):
    at = app(no_sow_db, PAGE, state={"partners_tab": "Profil partnera"})
    assert_clean(at)
    assert any("SOW" in i for i in texts(at, "info"))
