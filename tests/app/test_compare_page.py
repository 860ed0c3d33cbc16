"""The Porównanie / Compare page under Streamlit's AppTest (tests/apptest_support.py: dashboard.py,
then the page, with the demo role and partner in the session state). Databases: the session's
demo database (all tables) and the small one without the SOW tables, where the local partner L1
works in three powiats and the regional partner R02 has no plan (tests/databases.py).
"""
from __future__ import annotations

import re

import duckdb
import pandas as pd
import pytest

from analytics.metrics import areas, indicators
from tests.apptest_support import assert_clean, texts

NBSP = "\u00a0"
COMPARE = "app_pages/compare.py"


@pytest.fixture(scope="module")
def demo_partners(demo_db) -> pd.DataFrame:
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        return areas.partner_list(con)
    finally:
        con.close()


@pytest.fixture
def compare(app):
    """The Compare page with `areas_` chosen (None: the page's own first choice) and a peer group."""
    def open_compare(db, *, areas_=None, role=None, partner=None, lang=None, group=None, section=None):
        state = {k: v for k, v in (("compare_areas", None if areas_ is None else list(areas_)),
                                   ("compare_group", group), ("compare_section", section)) if v is not None}
        return app(db, COMPARE, role=role, partner=partner, state=state, **({"lang": lang} if lang else {}))
    return open_compare


def all_text(at) -> str:
    parts = []
    for kind in ("markdown", "caption", "success", "warning", "info", "title", "subheader"):
        parts += [str(x) for x in texts(at, kind)]
    for df in at.dataframe:
        parts.append(df.value.to_string())
    return "\n".join(parts)


def side_table(at):
    return at.dataframe[0].value


SECTIONS = ("Wskaźniki", "Na tle grupy", "Zmiany w czasie", "Plan rozwoju wolontariatu")


def charts_by_section(compare, db, areas_) -> dict[str, int]:
    """How many plotly charts each of an area's lazy section tabs draws (only the open one runs)."""
    out = {}
    for section in SECTIONS:
        at = compare(db, areas_=areas_, section=section)
        assert_clean(at)
        out[section] = len(at.get("plotly_chart"))
    return out


def called_out(at, box: str) -> set[str]:
    """The indicators named in the strengths (box "success") or weaknesses ("warning") sentence."""
    found = [re.match(r"\*\*[^*]+:\*\* (.*) \(w (górnej|dolnej) ćwiartce", t) for t in texts(at, box)]
    return {name for m in found if m for name in m.group(1).split(", ")}


def marked(table: pd.DataFrame, column: str, mark: str) -> set[str]:
    """The indicators whose value in `column` of the side-by-side table carries `mark` (▲ or ▼)."""
    return set(table.loc[table[column].str.endswith(mark), "Wskaźnik"])


# --- demo data ------------------------------------------------------------------------------------------
def test_local_partner_with_three_powiats(compare, demo_db, demo_partners):
    local3 = demo_partners[(demo_partners["tier"] == "local") & (demo_partners["n_powiats"] == 3)]
    pid = local3.iloc[0]["partner_id"]
    at = compare(demo_db, areas_=[f"partner:{pid}"])
    assert_clean(at)
    assert at.title[0].value == "Porównanie"
    # the tables first (no chart); the dot plot, the trend and the plan's bullets each in its tab
    counts = charts_by_section(compare, demo_db, [f"partner:{pid}"])
    assert counts["Wskaźniki"] == 0 and counts["Na tle grupy"] == 1 and counts["Zmiany w czasie"] == 1
    assert counts["Plan rozwoju wolontariatu"] >= 1
    text = all_text(at)
    assert "powiatów: 3" in text                                   # the area is the three powiats
    table = side_table(at)
    # the strengths and weaknesses in words are the indicators marked ▲ and ▼ in the table
    strong, weak = called_out(at, "success"), called_out(at, "warning")
    assert strong == marked(table, table.columns[2], "▲") and weak == marked(table, table.columns[2], "▼")
    assert strong or weak, "the demo partner has something to call out (else the check above is empty)"
    assert not any("Żaden wskaźnik" in x for x in texts(at, "info"))
    row = table[table["Wskaźnik"] == "Wolontariusze zarejestrowani"].iloc[0]
    assert row["Polska"] == f"2{NBSP}000"                           # Polish thousands separator
    # percentages with a decimal comma
    cov = table[table["Wskaźnik"] == "Pokrycie partnerami lokalnymi"].iloc[0]
    assert cov.iloc[2].startswith("100,0%")
    # per-indicator detail tables, grouped by catalogue group
    assert {"**Zasięg partnerów**", "**Koalicje**", "**Wolontariusze i organizatorzy**"} <= set(texts(at, "markdown"))


def test_regional_partner_is_its_voivodeship(compare, demo_db):
    at = compare(demo_db, areas_=["partner:REG-14-2024"])
    assert_clean(at)
    text = all_text(at)
    assert "Województwo mazowieckie – powiatów: 42" in text
    # a voivodeship has no "same voivodeship" peer group: compared with all voivodeships
    assert "pokazano porównanie ze wszystkimi województwami" in text
    assert "z 16" in text                                           # ranked among the 16 voivodeships
    assert len(compare(demo_db, areas_=["partner:REG-14-2024"], section="Na tle grupy").get("plotly_chart")) == 1


def test_five_areas_side_by_side(compare, demo_db, demo_partners):
    local = demo_partners[demo_partners["tier"] == "local"]["partner_id"].tolist()
    chosen = [f"partner:{local[0]}", "partner:REG-02-2024", "voivodeship:14", "powiat:1465",
              f"partner:{local[1]}"]
    at = compare(demo_db, areas_=chosen)
    assert_clean(at)
    table = side_table(at)
    assert len(table.columns) == 2 + 5 + 1                          # topic, indicator, 5 areas, Poland
    assert "m. Warszawa" in table.columns and "woj. mazowieckie" in table.columns
    # each thematic group in one run, in the catalogue's group order (the v1.1 additions, e.g.
    # "Aktywni partnerzy regionalni", stand with their group, not after all the others)
    runs = [g for i, g in enumerate(table["Obszar tematyczny"]) if i == 0 or g != table["Obszar tematyczny"].iloc[i - 1]]
    assert runs == ["Zasięg partnerów", "Koalicje", "Plany rozwoju wolontariatu", "Wolontariusze i organizatorzy",
                    "Sieć i działania"]
    assert len(at.tabs) == 5 + 4                    # an area each, and the open area's four sections
    # lazy tabs: only the open area's open section is built - its tables, no chart; its dot plot alone
    assert len(at.get("plotly_chart")) == 0
    assert len(compare(demo_db, areas_=chosen, section="Na tle grupy").get("plotly_chart")) == 1
    # changing the peer group reruns cleanly
    at.radio(key="compare_group").set_value("population").run()
    assert_clean(at)


def test_partner_user_sees_own_area_preselected_and_suppressed(compare, demo_db, demo_partners):
    # a local partner whose area has 1..9 registered volunteers (selection only, not an expected value)
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        pid = next(p.partner_id for p in demo_partners[demo_partners["tier"] == "local"].itertuples()
                   if 0 < indicators.compute_area(con, p.powiats)["volunteers_registered"] < 10)
    finally:
        con.close()
    at = compare(demo_db, role="partner", partner=pid)
    assert_clean(at)
    assert at.multiselect(key="compare_areas").value == [f"partner:{pid}"]
    table = side_table(at)
    row = table[table["Wskaźnik"] == "Wolontariusze zarejestrowani"].iloc[0]
    assert row.iloc[2].startswith("#")         # hidden (in an area every hidden value shows "#")
    assert any(c.startswith("**Dane chronione.**") for c in texts(at, "caption"))   # the page says so


def test_english(compare, demo_db):
    at = compare(demo_db, areas_=["partner:REG-02-2024", "powiat:0264"], lang="en")
    assert_clean(at)
    assert at.title[0].value == "Compare"
    table = side_table(at)
    assert list(table.columns[:2]) == ["Topic", "Indicator"]
    row = table[table["Indicator"] == "Registered volunteers"].iloc[0]
    assert row["Poland"] == "2,000"
    text = all_text(at)
    assert "Peer group:" in text and "Porównanie" not in text
    assert "city of Wrocław" in table.columns


# --- no SOW data, no plan -----------------------------------------------------------------------------------
def test_partner_without_sow_data(compare, no_sow_db):
    at = compare(no_sow_db, areas_=["partner:L1"])
    assert_clean(at)
    text = all_text(at)
    assert "Brak tabel z Systemu Obsługi Wolontariatu" in text      # a clear message
    assert "nie wymagają danych z SOW" in text
    table = side_table(at)
    assert "Wolontariusze zarejestrowani" not in set(table["Wskaźnik"])   # SOW indicators left out
    assert "Koalicje na rzecz wolontariatu" in set(table["Wskaźnik"])
    assert "powiatów: 3" in text
    # dot plot, trend and the plan's bullet chart (P1), each in its tab
    assert charts_by_section(compare, no_sow_db, ["partner:L1"]) == {
        "Wskaźniki": 0, "Na tle grupy": 1, "Zmiany w czasie": 1, "Plan rozwoju wolontariatu": 1}
    plan = compare(no_sow_db, areas_=["partner:L1"], section="Plan rozwoju wolontariatu")
    assert "Lokalny plan" in all_text(plan)


def test_partner_without_plan(compare, no_sow_db):
    at = compare(no_sow_db, areas_=["partner:R02"], section="Plan rozwoju wolontariatu")
    assert_clean(at)
    assert any("nie ma planu rozwoju wolontariatu" in x for x in texts(at, "info"))
    assert len(at.get("plotly_chart")) == 0                          # no bullet chart


def test_nothing_selected(compare, no_sow_db):
    at = compare(no_sow_db, areas_=[])
    assert_clean(at)
    assert any("Wybierz co najmniej jeden obszar" in x for x in texts(at, "info"))
