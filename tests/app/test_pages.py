"""Every page of the monitoring dashboard runs without exception (AppTest), in both languages, at
both levels, drilled into a voivodeship, before any partner existed, and without the SOW tables.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.data import demo
from analytics.data.importer import import_source

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["app_pages/overview.py", "app_pages/coverage.py", "app_pages/coalitions.py",
         "app_pages/plans.py", "app_pages/volunteers.py"]
SOW = ("volunteers.csv", "organisers.csv", "hours.csv", "activities.csv")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    demo.generate(folder, scale=0.05, seed=7)
    path = folder / "ks.duckdb"
    assert import_source(folder, path).ok
    return path


@pytest.fixture(scope="module")
def no_sow_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("nosow")
    demo.generate(folder, scale=0.05, seed=7)
    for name in SOW:
        (folder / name).unlink()
    path = folder / "ks.duckdb"
    assert import_source(folder, path).ok
    return path


def run_page(monkeypatch, db: Path, page: str, **params) -> AppTest:
    monkeypatch.setenv("KS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page != PAGES[0]:
        at.switch_page(page).run()
    return at


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.get("error"), [e.value for e in at.get("error")]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["pl", "en"])
def test_page_runs_in_both_languages(monkeypatch, demo_db, page, lang):
    at = run_page(monkeypatch, demo_db, page, lang=lang)
    assert_clean(at)
    title = at.title[0].value
    assert title == {"pl": {"overview": "Przegląd", "coverage": "Pokrycie", "coalitions": "Koalicje",
                            "plans": "Plany rozwoju", "volunteers": "Wolontariusze i organizatorzy"},
                     "en": {"overview": "Overview", "coverage": "Coverage", "coalitions": "Coalitions",
                            "plans": "Development plans", "volunteers": "Volunteers and organisers"}}[lang][
        Path(page).stem]
    assert at.get("plotly_chart"), "every page shows at least one chart"


@pytest.mark.parametrize("page", PAGES)
def test_page_at_powiat_level_drilled_into_a_voivodeship(monkeypatch, demo_db, page):
    at = run_page(monkeypatch, demo_db, page, level="powiat", woj="14")
    assert_clean(at)
    # The sidebar filter took the URL value, and the headline names the voivodeship.
    assert at.selectbox(key="woj").value == "14"
    assert any("mazowieckie" in s.value for s in at.subheader) or Path(page).stem == "plans"


@pytest.mark.parametrize("page", PAGES)
def test_page_before_any_partner_existed(monkeypatch, demo_db, page):
    at = run_page(monkeypatch, demo_db, page, as_of="2018-06-30")
    assert_clean(at)
    texts = " ".join(i.value for i in at.info)
    if Path(page).stem in ("overview", "coverage"):
        assert "Brak partnerów aktywnych na dzień 30.06.2018" in texts
    if Path(page).stem == "plans":
        assert "Brak planów" in texts


@pytest.mark.parametrize("page", PAGES)
def test_page_without_sow_tables(monkeypatch, no_sow_db, page):
    at = run_page(monkeypatch, no_sow_db, page)
    assert_clean(at)
    if Path(page).stem in ("overview", "volunteers"):
        assert any("SOW" in i.value for i in at.info)


def test_invalid_url_values_fall_back_to_defaults(monkeypatch, demo_db):
    at = run_page(monkeypatch, demo_db, PAGES[0], lang="de", level="gmina", woj="99", as_of="yesterday",
                  period="7", unit="0000")
    assert_clean(at)
    assert at.session_state["lang"] == "pl"
    assert at.session_state["level"] == "voivodeship"
    assert at.session_state["woj"] == "PL"
    assert at.session_state["period"] == 12
    assert at.session_state["unit"] is None
    assert str(at.session_state["as_of"]) == "2026-06-30"  # the demo's latest event date


def test_state_is_mirrored_in_the_url(monkeypatch, demo_db):
    at = run_page(monkeypatch, demo_db, PAGES[0], lang="en", woj="12", period="24")
    assert_clean(at)
    assert at.query_params["lang"] == "en"
    assert at.query_params["woj"] == "12"
    assert at.query_params["period"] == "24"
    at.radio(key="level").set_value("powiat").run()
    assert at.query_params["level"] == "powiat"


def test_drill_down_and_back(monkeypatch, demo_db):
    at = run_page(monkeypatch, demo_db, "app_pages/coverage.py", woj="30")
    assert_clean(at)
    back = [b for b in at.button if b.key == "coverage_back"]
    assert back, "a drilled-in map offers the way back"
    back[0].click().run()
    assert at.session_state["woj"] == "PL"
    assert not [b for b in at.button if b.key == "coverage_back"]


TABS = {  # page -> (tab state key, Polish tab labels); tabs are lazy, so each is opened in turn
    "app_pages/coverage.py": ("coverage_tab", ["Mapa pokrycia", "Białe plamy"]),
    "app_pages/coalitions.py": ("coalitions_tab", ["Mapa", "Sektory członków", "Lista koalicji"]),
    "app_pages/plans.py": ("plans_tab", ["Mapa realizacji", "Plany i wskaźniki"]),
    "app_pages/volunteers.py": ("volunteers_tab", ["Mapa", "Widok 3D", "Trendy miesięczne", "Płeć i wiek"]),
}
TAB_CASES = [(page, key, label) for page, (key, labels) in TABS.items() for label in labels]


@pytest.mark.parametrize("page,key,label", TAB_CASES, ids=[f"{p.split('/')[-1]}:{lbl}" for p, _, lbl in TAB_CASES])
@pytest.mark.parametrize("variant", ["now", "before_partners", "no_sow"])
def test_every_tab_runs(monkeypatch, demo_db, no_sow_db, page, key, label, variant):
    monkeypatch.setenv("KS_DB", str(no_sow_db if variant == "no_sow" else demo_db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    if variant == "before_partners":
        at.query_params["as_of"] = "2018-06-30"
    at.session_state[key] = label
    at.run()
    at.switch_page(page).run()
    assert_clean(at)
    assert at.session_state[key] == label  # the tab really opened
    if label == "Widok 3D" and variant != "no_sow":
        assert len(at.get("deck_gl_json_chart")) == 1


@pytest.mark.parametrize("lang,title", [("pl", "Eksport"), ("en", "Export")])
def test_export_page(monkeypatch, demo_db, lang, title):
    at = run_page(monkeypatch, demo_db, "app_pages/export.py", lang=lang)
    assert_clean(at)
    assert at.title[0].value == title
    assert len(at.multiselect(key="export_codes").value) == 25  # every indicator by default
    assert at.dataframe, "the indicator table is shown"
