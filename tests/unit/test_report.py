"""The evaluator report bundle: members, no suppressed value anywhere, formula injection neutralised,
the HTML report works offline in headless Chromium, the `report` CLI exit codes."""
from __future__ import annotations

import argparse
import datetime as dt
import io
import struct
import xml.etree.ElementTree as ET
import zipfile

import docx
import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook

from analytics.present import exports as E, report
from tests.unit.test_exports import AS_OF, EVIL_LOCAL, EVIL_PARTNER, LEAK, fill_fixture

CODES = ["local_partner_coverage", "coalitions", "volunteers_registered", "volunteers_per_10k",
         "hours_confirmed", "trainings"]          # trainings: no activities -> no map, listed as skipped


@pytest.fixture(scope="module")
def db_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "ks.duckdb"
    con = duckdb.connect(str(path))
    fill_fixture(con)
    con.close()
    return path


@pytest.fixture(scope="module")
def bundle(db_file, tmp_path_factory):
    con = duckdb.connect(str(db_file), read_only=True)
    calls = []
    out = tmp_path_factory.mktemp("bundle") / "raport.zip"
    res = report.build_report(con, out, level="powiat", codes=CODES, as_of=AS_OF, lang="pl",
                              progress=lambda f, m: calls.append((f, m)))
    con.close()
    with zipfile.ZipFile(out) as z:
        files = {n: z.read(n) for n in z.namelist()}
    return res, files, calls, out


def test_bundle_members(bundle):
    res, files, calls, out = bundle
    names = set(files)
    for n in ("README.txt", "raport.html", "definicje.csv", "dane/wskazniki.csv", "dane/wskazniki_excel_pl.csv",
              "dane/plany.csv", "dane/plany_excel_pl.csv", "dane/ks_atlas_dane.xlsx"):
        assert n in names, n
    pngs = sorted(n for n in names if n.startswith("wykresy/") and n.endswith(".png"))
    svgs = sorted(n for n in names if n.startswith("wykresy/") and n.endswith(".svg"))
    # 3 overview charts + a map per indicator with data (trainings has none)
    assert res.charts == 3 + 5 and len(pngs) == len(svgs) == res.charts
    assert res.skipped == ["trainings"]
    assert "wykresy/01_plan_status.png" in names and "wykresy/02_trend_volunteers_registered.svg" in names
    assert any(n.endswith("_volunteers_per_10k.png") for n in pngs)
    for n in pngs:
        assert files[n][:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">I", files[n][16:20])[0] >= 2000, n
    for n in svgs:
        assert ET.fromstring(files[n]).tag.endswith("svg")
    assert res.members == ["README.txt"] + [n for n in files if n != "README.txt"]
    # progress: starts at 0, ends at 1, never goes back
    fr = [f for f, _ in calls]
    assert fr[0] == 0.0 and fr[-1] == 1.0 and fr == sorted(fr) and len(calls) > 10


def test_bundle_readme(bundle):
    _, files, _, _ = bundle
    text = files["README.txt"].decode("utf-8-sig")
    assert "Stan danych na dzień: 30.06.2026" in text
    assert "Okres (wskaźniki przepływowe): 01.07.2025 – 30.06.2026" in text
    assert E.suppression_note("pl") in text
    assert "polskim Excelu".upper() in text.upper() and "GUS" in text
    assert "Szkolenia" in text                      # the skipped indicator is named
    assert "dane/ks_atlas_dane.xlsx" in text


def test_bundle_csv_and_xlsx(bundle):
    _, files, _, _ = bundle
    h = E.column_header
    utf = pd.read_csv(io.BytesIO(files["dane/wskazniki.csv"]), encoding="utf-8-sig", dtype={"TERYT": str})
    pl = pd.read_csv(io.BytesIO(files["dane/wskazniki_excel_pl.csv"]), encoding="utf-8-sig", sep=";",
                     decimal=",", dtype={"TERYT": str})
    for df in (utf, pl):
        assert len(df) == 380 + 1 and df["TERYT"].iloc[-1] == "PL"
        r = df.set_index("TERYT").loc["1601"]
        assert r[h("volunteers_registered", "pl")] == "<10" and r[h("volunteers_per_10k", "pl")] == "#"
        assert r[h("hours_confirmed", "pl")] == "#"
        assert r["Jednostka"] == "powiat brzeski"
        # a column holding "<10" stays text, so pandas leaves its decimal comma alone
        assert float(str(df.set_index("TERYT").loc["1602", h("volunteers_per_10k", "pl")]).replace(",", ".")) > 5
    plans = pd.read_csv(io.BytesIO(files["dane/plany_excel_pl.csv"]), encoding="utf-8-sig", sep=";", decimal=",")
    assert "'" + EVIL_LOCAL in plans["Partner"].tolist() and "'" + EVIL_PARTNER in plans["Partner"].tolist()
    assert "'-Plan lokalny" in plans["Tytuł"].tolist()
    wb = load_workbook(io.BytesIO(files["dane/ks_atlas_dane.xlsx"]))
    assert wb.sheetnames == ["Wskaźniki", "Plany", "Trend krajowy", "Metadane", "Definicje"]
    ws = wb["Plany"]
    partner = [c for c in ws["C"][1:]]
    assert {c.value for c in partner} == {EVIL_PARTNER, EVIL_LOCAL}
    assert all(c.quotePrefix and c.data_type == "s" for c in partner)
    meta = [str(c.value) for row in wb["Metadane"].iter_rows() for c in row if c.value is not None]
    assert E.suppression_note("pl") in meta and "30.06.2026" in meta
    assert "Definicje wskaźników" in meta
    assert "volunteers_per_10k" in [c.value for c in wb["Definicje"]["A"]]
    ws = wb["Plany"]                                   # plan dates are date cells, completion a number
    head = [c.value for c in ws[1]]
    p1 = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "P1")
    start = p1[head.index("Początek okresu")]
    assert start.is_date and start.value.date() == dt.date(2025, 1, 1) and start.number_format == "dd.mm.yyyy"
    assert p1[head.index("Realizacja (%)")].value == 25.0      # coalitions 1 of 4
    tr = wb["Trend krajowy"]
    assert tr["A2"].is_date and tr["A2"].number_format == "mmmm yyyy" and tr["B2"].is_date
    ws = wb["Wskaźniki"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "1601")
    assert row[header.index(h("volunteers_registered", "pl"))].value == "<10"
    defs = pd.read_csv(io.BytesIO(files["definicje.csv"]), encoding="utf-8-sig")
    assert defs["Kod"].tolist() == CODES


def docx_text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for tb in d.tables for row in tb.rows for c in row.cells]
    return "\n".join(parts)


def test_no_suppressed_value_in_any_file(bundle):
    _, files, _, _ = bundle
    for name, data in files.items():
        if name.endswith(".png"):
            continue
        if name.endswith(".docx"):
            text = docx_text(data)
        elif name.endswith(".xlsx"):
            wb = load_workbook(io.BytesIO(data))
            text = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
        elif name.endswith(".svg"):  # the text drawn (coordinates are not values)
            text = " ".join(ET.fromstring(data).itertext())
            assert "Źródło" in text or "GUS" in text
        else:
            text = data.decode("utf-8-sig")
        assert not LEAK.search(text), (name, LEAK.search(text))
    html = files["raport.html"].decode("utf-8")
    assert "&lt;10" in html and "powiat brzeski" in html
    assert "<script>=HYPERLINK" not in html and "=HYPERLINK(&quot;http://evil.example&quot;" in html


# --- the Word document ------------------------------------------------------------------------------
def full_text(p) -> str:
    """A paragraph's text with its fields' shown values (python-docx's .text leaves fields out)."""
    return "".join(x.text or "" for x in p._p.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))


def _rows(table) -> list[tuple[str, ...]]:
    return [tuple(c.text for c in row.cells) for row in table.rows]


def test_docx_report(bundle):
    """raport.docx opens with python-docx: title page, the five sections, every chart with its
    picture, a numbered caption and its table; the plans and a map's values as worked out by hand;
    the protection note; header rows repeated; the document's language Polish."""
    res, files, _, _ = bundle
    assert "raport.docx" in files and "raport.docx" in res.members
    d = docx.Document(io.BytesIO(files["raport.docx"]))
    styles = [(p.style.name, full_text(p)) for p in d.paragraphs]
    assert ("Title", "KS Atlas – raport dla ewaluacji") in styles
    assert [t for s, t in styles if s == "Heading 1"] == [
        "Zakres raportu", "Metoda i ochrona danych", "Wykresy i tabele", "Plany rozwoju wolontariatu",
        "Definicje wskaźników"]
    h2 = [t for s, t in styles if s == "Heading 2"]
    for title in ("Pokrycie partnerami lokalnymi", "Koalicje na rzecz wolontariatu",
                  "Wolontariusze na 10 tys. mieszkańców", "Wolontariusze zarejestrowani w SOW – Polska"):
        assert title in h2, title
    assert len(d.inline_shapes) == res.charts == 8                       # a picture per chart
    captions = [t for s, t in styles if s == "Caption"]
    assert sum(t.startswith("Rysunek ") for t in captions) == 8
    assert "Rysunek 1. Plany rozwoju wolontariatu realizowane w dniu stanu, według statusu" in captions[0]
    text = docx_text(files["raport.docx"])
    assert E.suppression_note("pl") in text and "Stan danych na dzień: 30.06.2026" in text
    assert "Bez mapy (brak danych we wszystkich jednostkach): Szkolenia." in text
    rows = [r for tb in d.tables for r in _rows(tb)]
    # plans: P1 has 1 of 4 coalitions (25%), P2 90 of 100 volunteers (90%); names as they are
    assert (EVIL_LOCAL, "lokalny", "-Plan lokalny", "01.01.2025", "31.12.2027", "25,0%") == rows[
        [r[0] for r in rows].index(EVIL_LOCAL)][:6]
    assert any(r[0] == EVIL_PARTNER and r[5] == "90,0%" for r in rows)
    # the coalitions map: powiat brzeski has the one coalition (C1, 1601), first in the ranking;
    # the coverage map: 1601 is covered by L1 (100%)
    assert any(r[:3] == ("powiat brzeski", "opolskie", "1") and r[-1] == "1" for r in rows)
    assert any(r[:3] == ("powiat brzeski", "opolskie", "100,0%") for r in rows)
    assert any("Zarejestrowani wolontariusze na 10 tys. mieszkańców." in c for r in rows for c in r)
    assert "Pokazano pierwsze 40 z 380 wierszy" in text                   # powiat tables are cut
    for tb in d.tables:                                                   # header rows repeat
        assert tb.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    assert 'w:val="pl-PL"' in d.styles.element.xml


def test_html_single_plotlyjs(bundle):
    _, files, _, _ = bundle
    html = files["raport.html"].decode("utf-8")
    assert html.count("Plotly.newPlot") >= 8
    assert html.count("plotly.js v") <= 2                      # the library banner: embedded once
    assert "cdn.plot.ly" not in html.split("</head>")[1]
    assert 'src="http' not in html


def test_html_works_offline_in_chromium(bundle, tmp_path, browser):
    # `browser`: the session's shared Chromium (tests/conftest.py); one Playwright per thread.
    res, files, _, _ = bundle
    page_path = tmp_path / "raport.html"
    page_path.write_bytes(files["raport.html"])
    errors, requested = [], []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

        def route(r):
            if r.request.url.startswith(("file:", "data:")):
                r.continue_()
            else:
                requested.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(page_path.as_uri(), wait_until="load", timeout=180_000)  # 8 charts drawn while parsing: slow on a busy machine
        page.wait_for_function(
            f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {res.charts}", timeout=60_000)
        n = page.evaluate("document.querySelectorAll('.js-plotly-plot').length")
        shapes = page.evaluate("document.querySelectorAll('.js-plotly-plot path.choroplethlocation').length")
        title = page.title()
    finally:
        context.close()
    assert n >= res.charts
    assert shapes >= 5 * 380                                  # every map drew its powiats
    assert not errors, errors
    assert not requested, requested
    assert title == "KS Atlas – raport dla ewaluacji"


# --- CLI -----------------------------------------------------------------------------------------
def _cli(argv):
    parser = argparse.ArgumentParser(prog="python -m analytics")
    sub = parser.add_subparsers(dest="command", required=True)
    report.add_cli(sub)
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_ok_english(db_file, tmp_path, capsys):
    out = tmp_path / "report.zip"
    rc = _cli(["report", "--db", str(db_file), "--out", str(out), "--lang", "en", "--level", "voivodeship",
               "--as-of", "2026-06-30", "--indicators", "coalitions", "--period-start", "2026-01-01",
               "--period-end", "2026-06-30", "--quiet"])
    assert rc == 0
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        readme = z.read("README.txt").decode("utf-8-sig")
    assert {"report.html", "definitions.csv", "data/indicators.csv", "data/indicators_excel_pl.csv",
            "data/ks_atlas_data.xlsx"} <= names
    assert "Data as of: 30 Jun 2026" in readme and "Period (flow indicators): 1 Jan 2026 – 30 Jun 2026" in readme
    assert "charts," in capsys.readouterr().out


def test_cli_invalid_input(db_file, tmp_path, capsys):
    out = tmp_path / "r.zip"
    assert _cli(["report", "--db", str(tmp_path / "missing.duckdb"), "--out", str(out)]) == 1
    assert "database not found" in capsys.readouterr().err
    assert _cli(["report", "--db", str(db_file), "--out", str(out), "--indicators", "coalitions,nope"]) == 1
    assert "nope" in capsys.readouterr().err
    assert _cli(["report", "--db", str(db_file), "--out", str(tmp_path / "no" / "dir" / "r.zip")]) == 1
    assert not out.exists() and list(tmp_path.iterdir()) == []            # nothing written


def test_cli_usage_errors(db_file, tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        _cli(["report", "--db", str(db_file)])                             # --out missing
    assert e.value.code == 2
    with pytest.raises(SystemExit) as e:
        _cli(["report", "--db", str(db_file), "--out", str(tmp_path / "r.zip"), "--level", "gmina"])
    assert e.value.code == 2
    assert _cli(["report", "--db", str(db_file), "--out", str(tmp_path / "r.zip"),
                 "--period-start", "2026-01-01"]) == 2
    assert _cli(["report", "--db", str(db_file), "--out", str(tmp_path / "r.zip"),
                 "--period-start", "2026-05-01", "--period-end", "2026-01-01"]) == 2
    assert not (tmp_path / "r.zip").exists()


def test_build_report_rejects_before_writing(db_file, tmp_path):
    con = duckdb.connect(str(db_file), read_only=True)
    try:
        with pytest.raises(KeyError):
            report.build_report(con, tmp_path / "x.zip", codes=["nope"])
        with pytest.raises(ValueError):
            report.build_report(con, tmp_path / "x.zip", level="country")
    finally:
        con.close()
    assert list(tmp_path.iterdir()) == []


def test_report_plans_follow_the_running_rule(tmp_path):
    """An ended plan (P3, 2019-2020) is listed in the plans table as not running, and the status
    chart counts the two running plans only, as the Overview and the Plans page do."""
    from fixtures_indicators import insert
    path = tmp_path / "ks.duckdb"
    con = duckdb.connect(str(path))
    fill_fixture(con)
    insert(con, "plans", [dict(plan_id="P3", partner_id="R16", title="Plan 2019-2020", period_start="2019-01-01",
                               period_end="2020-12-31", status="completed")])
    con.close()
    con = duckdb.connect(str(path), read_only=True)
    frame = report.plan_export_frame(con, AS_OF, "pl")
    running = dict(zip(frame[report.r("plan.plan_id", "pl")], frame["Realizowany w dniu stanu"]))
    assert running == {"P1": "tak", "P2": "tak", "P3": "nie"}
    out = tmp_path / "r.zip"
    report.build_report(con, out, level="voivodeship", codes=["coalitions"], as_of=AS_OF, lang="pl")
    with zipfile.ZipFile(out) as z:
        status = pd.read_csv(io.BytesIO(z.read("wykresy/01_plan_status.csv")), encoding="utf-8-sig", sep=";")
    assert status["Razem"].tolist() == [1, 1]   # P1 (local), P2 (regional); P3 ended
