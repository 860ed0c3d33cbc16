"""The Porównanie / Compare page under Streamlit's AppTest.

The page runs through a small harness that does what dashboard.py does before a page runs (data
stamp, global state, `_ctx`) and then executes app_pages/compare.py; test roles come from the
session state. Databases: the demo generator at scale 0.05 (all tables), and the contract's minimal
valid folder with a three-powiat local partner and no SOW tables.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import duckdb
import pandas as pd
import pytest

pytest.importorskip("streamlit.testing.v1")
from streamlit.testing.v1 import AppTest  # noqa: E402

from analytics.metrics import areas, indicators
from analytics.data import demo, importer  # noqa: E402
from fixtures_import import valid, write_folder  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
NBSP = "\u00a0"

HARNESS = textwrap.dedent(f"""
    import runpy, sys
    if {str(ROOT)!r} not in sys.path:
        sys.path.insert(0, {str(ROOT)!r})
    import streamlit as st
    from ui import data, state
    from ui.context import Context

    stamp = data.db_stamp()
    data_as_of = data.import_summary(stamp)["as_of"]
    state.init(data_as_of)
    s = st.session_state
    from analytics.access import auth
    user = auth.demo_user(s.get("test_role", "institution"), s.get("test_partner"))
    view = state.current(data_as_of)
    s["_ctx"] = Context(view=view, stamp=stamp, role=user.role, partner_id=user.partner_id, user=user,
                        scope=data.scope_for(stamp, user, view.as_of))
    runpy.run_path({str(ROOT / "app_pages" / "compare.py")!r}, run_name="compare_page")
""")


@pytest.fixture(scope="module")
def harness(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("harness") / "compare_harness.py"
    path.write_text(HARNESS, encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("demo")
    demo.generate(base / "src", scale=0.05, seed=1)
    db = base / "demo.duckdb"
    assert importer.import_source(base / "src", db).ok
    return db


@pytest.fixture(scope="module")
def no_sow_db(tmp_path_factory) -> Path:
    """The minimal valid folder without the SOW tables; L1 (local, dolnośląskie) works in three
    powiats at the data date, R02 (regional) has no plan."""
    base = tmp_path_factory.mktemp("nosow")
    tables = valid()
    for t in ("volunteers", "organisers", "hours", "activities"):
        del tables[t]
    tables["partner_areas"].append({"partner_id": "L1", "powiat": "0203", "valid_from": "", "valid_to": ""})
    write_folder(base / "src", tables)
    db = base / "nosow.duckdb"
    assert importer.import_source(base / "src", db).ok
    return db


@pytest.fixture(scope="module")
def demo_partners(demo_db) -> "pd.DataFrame":  # noqa: F821
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        return areas.partner_list(con)
    finally:
        con.close()


def app(harness, monkeypatch, db: Path, *, areas_=None, role=None, partner=None, lang=None, group=None) -> AppTest:
    monkeypatch.setenv("KS_DB", str(db))
    at = AppTest.from_file(harness, default_timeout=60)
    if lang:
        at.query_params["lang"] = lang
    if areas_ is not None:
        at.session_state["compare_areas"] = list(areas_)
    if role:
        at.session_state["test_role"] = role
    if partner:
        at.session_state["test_partner"] = partner
    if group:
        at.session_state["compare_group"] = group
    return at.run()


def texts(at, kind: str) -> list[str]:
    return [e.value for e in at.get(kind)]


def all_text(at) -> str:
    parts = []
    for kind in ("markdown", "caption", "success", "warning", "info", "title", "subheader"):
        parts += [str(x) for x in texts(at, kind)]
    for df in at.dataframe:
        parts.append(df.value.to_string())
    return "\n".join(parts)


def side_table(at):
    return at.dataframe[0].value


# --- demo data ------------------------------------------------------------------------------------------
def test_local_partner_with_three_powiats(harness, monkeypatch, demo_db, demo_partners):
    local3 = demo_partners[(demo_partners["tier"] == "local") & (demo_partners["n_powiats"] == 3)]
    pid = local3.iloc[0]["partner_id"]
    at = app(harness, monkeypatch, demo_db, areas_=[f"partner:{pid}"])
    assert not at.exception, at.exception
    assert at.title[0].value == "Porównanie"
    # dot plot, trend, and at least one plan bullet chart
    assert len(at.get("plotly_chart")) >= 3
    text = all_text(at)
    assert "powiatów: 3" in text                                   # the area is the three powiats
    assert "Mocne strony:" in text or "Słabsze strony:" in text or "Żaden wskaźnik" in text
    assert "grupy porównawczej" in text
    table = side_table(at)
    row = table[table["Wskaźnik"] == "Wolontariusze zarejestrowani"].iloc[0]
    assert row["Polska"] == f"2{NBSP}000"                           # Polish thousands separator
    # percentages with a decimal comma
    cov = table[table["Wskaźnik"] == "Pokrycie partnerami lokalnymi"].iloc[0]
    assert cov.iloc[2].startswith("100,0%")
    # per-indicator detail tables, grouped by catalogue group
    assert {"**Zasięg partnerów**", "**Koalicje**", "**Wolontariusze i organizatorzy**"} <= set(texts(at, "markdown"))


def test_regional_partner_is_its_voivodeship(harness, monkeypatch, demo_db):
    at = app(harness, monkeypatch, demo_db, areas_=["partner:REG-14-2024"])
    assert not at.exception, at.exception
    text = all_text(at)
    assert "Województwo mazowieckie – powiatów: 42" in text
    # a voivodeship has no "same voivodeship" peer group: compared with all voivodeships
    assert "pokazano porównanie ze wszystkimi województwami" in text
    assert "z 16" in text                                           # ranked among the 16 voivodeships
    assert len(at.get("plotly_chart")) >= 2


def test_five_areas_side_by_side(harness, monkeypatch, demo_db, demo_partners):
    local = demo_partners[demo_partners["tier"] == "local"]["partner_id"].tolist()
    chosen = [f"partner:{local[0]}", "partner:REG-02-2024", "voivodeship:14", "powiat:1465",
              f"partner:{local[1]}"]
    at = app(harness, monkeypatch, demo_db, areas_=chosen)
    assert not at.exception, at.exception
    table = side_table(at)
    assert len(table.columns) == 2 + 5 + 1                          # topic, indicator, 5 areas, Poland
    assert "m. Warszawa" in table.columns and "woj. mazowieckie" in table.columns
    assert len(at.tabs) == 5
    # lazy tabs: only the open area's charts are built
    assert len(at.get("plotly_chart")) >= 2
    # changing the peer group reruns cleanly
    at.radio(key="compare_group").set_value("population").run()
    assert not at.exception, at.exception


def test_partner_user_sees_own_area_preselected_and_suppressed(harness, monkeypatch, demo_db, demo_partners):
    # a local partner whose area has 1..9 registered volunteers (selection only, not an expected value)
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        pid = next(p.partner_id for p in demo_partners[demo_partners["tier"] == "local"].itertuples()
                   if 0 < indicators.compute_area(con, p.powiats)["volunteers_registered"] < 10)
    finally:
        con.close()
    at = app(harness, monkeypatch, demo_db, role="partner", partner=pid)
    assert not at.exception, at.exception
    assert at.multiselect(key="compare_areas").value == [f"partner:{pid}"]
    table = side_table(at)
    row = table[table["Wskaźnik"] == "Wolontariusze zarejestrowani"].iloc[0]
    assert row.iloc[2].startswith("<10")
    assert "Małe liczby są ukryte" in all_text(at)


def test_english(harness, monkeypatch, demo_db):
    at = app(harness, monkeypatch, demo_db, areas_=["partner:REG-02-2024", "powiat:0264"], lang="en")
    assert not at.exception, at.exception
    assert at.title[0].value == "Compare"
    table = side_table(at)
    assert list(table.columns[:2]) == ["Topic", "Indicator"]
    row = table[table["Indicator"] == "Registered volunteers"].iloc[0]
    assert row["Poland"] == "2,000"
    text = all_text(at)
    assert "Peer group:" in text and "Porównanie" not in text
    assert "city of Wrocław" in table.columns


# --- no SOW data, no plan -----------------------------------------------------------------------------------
def test_partner_without_sow_data(harness, monkeypatch, no_sow_db):
    at = app(harness, monkeypatch, no_sow_db, areas_=["partner:L1"])
    assert not at.exception, at.exception
    text = all_text(at)
    assert "Brak tabel z Systemu Obsługi Wolontariatu" in text      # a clear message
    assert "nie wymagają danych z SOW" in text
    table = side_table(at)
    assert "Wolontariusze zarejestrowani" not in set(table["Wskaźnik"])   # SOW indicators left out
    assert "Koalicje na rzecz wolontariatu" in set(table["Wskaźnik"])
    assert "powiatów: 3" in text
    # dot plot + trend + the plan's bullet chart (P1)
    assert len(at.get("plotly_chart")) == 3
    assert "Lokalny plan" in text


def test_partner_without_plan(harness, monkeypatch, no_sow_db):
    at = app(harness, monkeypatch, no_sow_db, areas_=["partner:R02"])
    assert not at.exception, at.exception
    assert any("nie ma planu rozwoju wolontariatu" in x for x in texts(at, "info"))
    assert len(at.get("plotly_chart")) == 2                          # dot plot and trend, no bullet


def test_nothing_selected(harness, monkeypatch, no_sow_db):
    at = app(harness, monkeypatch, no_sow_db, areas_=[])
    assert not at.exception, at.exception
    assert any("Wybierz co najmniej jeden obszar" in x for x in texts(at, "info"))
