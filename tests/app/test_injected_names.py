"""Text from data is text on the pages (issue 14 item 9), and the Compare page's view in the URL
(item 4). A small database whose partner names, plan titles, coalition name, a custom plan
indicator and even the import folder's name carry Markdown links and images, HTML, a script and
a formula: on the Compare and Data pages every element Streamlit renders as Markdown (markdown,
captions, notices, headings, tab labels) shows them escaped (tests/unit/test_injected_names.py:
markdown_risks finds no link, image, tag, autolink or directive), and the names are there."""
from __future__ import annotations

import re

import pytest

from analytics.access import auth
from analytics.admin import versions
from analytics.present import formatting
from tests.apptest_support import assert_clean
from tests.databases import import_folder
from tests.fixtures_import import valid, write_folder
from tests.unit.test_injected_names import NAMES, markdown_risks

COMPARE = "app_pages/compare.py"
DATA = "app_pages/data.py"
FOLDER = "src [klik](example.org) <img src=x>"


def injected_tables() -> dict:
    t = valid()
    names = {"L1": NAMES["local"], "R02": NAMES["regional"]}
    for p in t["partners"]:
        p["name"] = names[p["partner_id"]]
    t["plans"][0]["title"] = NAMES["plan"]
    t["plans"].append({"plan_id": "P2", "partner_id": "R02", "title": NAMES["plan2"], "period_start": "2024-01-01",
                       "period_end": "2026-12-31", "adopted_on": "", "status": "in_progress"})
    t["plan_indicators"].append({"plan_id": "P2", "indicator_id": "I1", "code": "custom",
                                 "name": "![i](http://example.org/i.png)", "unit": "osoby",
                                 "baseline": "0", "target": "10", "weight": ""})
    t["coalitions"][0]["name"] = NAMES["coalition"]
    return t


@pytest.fixture(scope="module")
def injected_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("injected")
    return import_folder(write_folder(folder / FOLDER, injected_tables()), folder / "ks.duckdb")


def rendered(at) -> list[str]:
    """Every text Streamlit renders as Markdown on the page."""
    out = []
    for kind in ("markdown", "caption", "info", "success", "warning", "error", "title", "header", "subheader"):
        out += [str(e.value) for e in at.get(kind)]
    out += [t.label for t in at.tabs]
    out += [e.label for e in at.expander]
    return out


def check(texts: list[str], must_show: list[str]) -> None:
    """No text with an injected name renders it as anything but text; each of `must_show` is shown."""
    with_names = [x for x in texts if "example" in x.replace("\\", "") or "<img" in x.replace("\\", "")]
    for x in with_names:
        assert markdown_risks(x) == [], (x, markdown_risks(x))
    for name in must_show:
        assert any(formatting.md_text(name) in x for x in with_names), (name, with_names)


def test_compare_page_shows_names_as_text(app, injected_db):
    # the plan section open: the plan titles come from input files too
    at = app(injected_db, COMPARE, role="institution", state={"compare_areas": ["partner:L1", "partner:R02"],
                                                              "compare_section": "Plan rozwoju wolontariatu"})
    assert_clean(at)
    texts = rendered(at)
    assert len(at.tabs) == 2 + 4                   # the two areas, and the open one's four sections
    check(texts, [NAMES["local"], NAMES["regional"], NAMES["plan"]])
    # the tab labels and the heading of the open tab carry the partner's name, escaped
    assert at.tabs[0].label.startswith(formatting.md_text(NAMES["local"]))
    assert any(x.startswith("### " + formatting.md_text(NAMES["local"])) for x in texts)
    # the second tab (R02: its plan title and a custom indicator named like an image)
    at.session_state["compare_tab"] = next(t.label for t in at.tabs
                                           if t.label.startswith(formatting.md_text(NAMES["regional"])))
    at.run()
    assert_clean(at)
    check(rendered(at), [NAMES["regional"], NAMES["plan2"]])


def test_data_page_shows_file_names_as_text(app, injected_db, tmp_path, monkeypatch):
    monkeypatch.setenv("KS_AUDIT_LOG", str(tmp_path / "audit.log"))
    monkeypatch.setenv("KS_CONFIG", str(tmp_path / "ks.toml"))
    (tmp_path / "ks.toml").write_text(f'[auth]\nmode = "demo"\n[data]\nversions_dir = "{tmp_path / "v"}"\n')
    db = tmp_path / "ks.duckdb"
    db.write_bytes(injected_db.read_bytes())
    db.chmod(0o600)
    src = write_folder(tmp_path / "up", injected_tables())
    label = "dane [klik](http://example.org/u).csv <img src=http://example.org/u.png>"
    staged = versions.stage(src, db, auth.demo_user("institution"), source_label=label)
    at = app(db, DATA, role="institution", state={"staged": staged, "data_tab": "Nowy import"})
    assert_clean(at)
    texts = rendered(at)
    check(texts, [label, FOLDER])                  # the report's heading and the import's source line


# --- the Compare page's view in the URL -----------------------------------------------------------
def test_compare_view_from_the_link(app, injected_db):
    at = app(injected_db, COMPARE, role="institution", areas="powiat:0201,partner:L1", peers="population",
             custom="0201,0202")
    assert_clean(at)
    assert at.session_state["compare_areas"] == ["powiat:0201", "partner:L1"]
    assert at.session_state["compare_group"] == "population"
    assert at.session_state["compare_custom"] == ["0201", "0202"]
    # the page writes its view back into the link, beside the global parameters
    assert at.query_params["areas"] == "powiat:0201,partner:L1"
    assert at.query_params["peers"] == "population" and at.query_params["custom"] == "0201,0202"


def test_compare_link_with_invalid_values_falls_back_quietly(app, injected_db):
    at = app(injected_db, COMPARE, role="institution", areas="powiat:9999,xyz,partner:NOPE", peers="bogus",
             custom="12,abc")
    assert_clean(at)
    # nothing valid in the link: the page's own first choice (the first local partner) and group
    assert at.session_state["compare_areas"] == ["partner:L1"]
    assert at.session_state["compare_group"] == "voivodeship"
    assert at.session_state["compare_custom"] == []
    assert "peers" not in at.query_params and "custom" not in at.query_params


# --- the Compare page's downloads: numbers as numbers ---------------------------------------------
@pytest.fixture
def downloads(monkeypatch):
    """The deferred downloads the page registers (file name -> callable), to run after the page ran
    (AppTest has no browser to click them)."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    found: dict = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        found[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return found


def test_compare_xlsx_holds_numbers_and_assessments(app, injected_db, downloads):
    import io

    from openpyxl import load_workbook
    at = app(injected_db, COMPARE, role="institution", state={"compare_areas": ["powiat:0201", "partner:L1"]})
    assert_clean(at)
    wb = load_workbook(io.BytesIO(downloads["porownanie_obszarow.xlsx"]()))
    ws = wb["porownanie_obszarow"]
    head = [c.value for c in ws[1]]
    assert head[:3] == ["Obszar tematyczny", "Wskaźnik", "Jednostka"]
    assert head[3:] == ["pow. bolesławiecki", "pow. bolesławiecki – ocena", NAMES["local"] + " (partner lokalny)",
                        NAMES["local"] + " (partner lokalny) – ocena", "Polska"]
    rows = {r[1].value: r for r in ws.iter_rows(min_row=2)}
    # coverage: powiat 0201 is covered by L1 (100 %); L1's area (0201, 0202, both covered) 100 %
    cov = rows["Pokrycie partnerami lokalnymi"]
    assert cov[2].value == "%" and cov[3].value == 100 and cov[3].data_type == "n"
    assert cov[5].value == 100
    # coalitions: C1 sits in 0201 (one); Poland has one
    co = rows["Koalicje na rzecz wolontariatu"]
    assert co[3].value == 1 and co[5].value == 1 and co[7].value == 1 and co[2].value == "liczba"
    for r in ws.iter_rows(min_row=2):                           # no ▲/▼ glued to any number
        for c in r:
            assert not (isinstance(c.value, str) and re.search(r"\d\s*[▲▼]", c.value)), c.value
        for j in (4, 6):                                         # the assessment columns hold words
            assert r[j].value in (None, "mocna strona (górna ćwiartka grupy)", "do poprawy (dolna ćwiartka grupy)")
    detail = load_workbook(io.BytesIO(downloads["porownanie_1_szczegoly.xlsx"]()))["porownanie_1_szczegoly"]
    dh = [c.value for c in detail[1]]
    assert dh == ["Obszar tematyczny", "Wskaźnik", "Jednostka", "Wartość", "Mediana grupy", "Województwo", "Polska",
                  "Miejsce w grupie", "Miejsce w grupie – do (ex aequo)", "Liczba jednostek w grupie",
                  "Lepiej niż … grupy (%)", "Ocena"]
    co = next(r for r in detail.iter_rows(min_row=2) if r[1].value == "Koalicje na rzecz wolontariatu")
    # 0201 has one coalition, dolnośląskie one, Poland one; the peer group (powiats of dolnośląskie)
    # has 30 units: 0201 is first of them, alone (places 1 to 1)
    assert [c.value for c in co[3:10]] == [1, 0, 1, 1, 1, 1, 30]


def test_compare_shows_a_tie_as_the_places_it_shares(app, injected_db, downloads):
    # dolnośląskie has its regional partner, so each of its 30 powiats has one: 0202 shares places
    # 1 to 30 with all the others - on screen "1.–30. z 30", in the XLSX 1, 30, 30
    import io

    from openpyxl import load_workbook
    at = app(injected_db, COMPARE, role="institution", state={"compare_areas": ["powiat:0202"]})
    assert_clean(at)
    shown = [df for df in (d.value for d in at.dataframe) if "Miejsce w grupie" in df.columns]
    assert shown, "the detail table with its rank column"
    label = "Obecność partnera regionalnego"
    row = shown[0][shown[0]["Wskaźnik"] == label].iloc[0]
    assert row["Miejsce w grupie"] == "1.–30. z 30"
    detail = load_workbook(io.BytesIO(downloads["porownanie_1_szczegoly.xlsx"]()))["porownanie_1_szczegoly"]
    reg = next(r for r in detail.iter_rows(min_row=2) if r[1].value == label)
    assert [c.value for c in reg[7:10]] == [1, 30, 30]
