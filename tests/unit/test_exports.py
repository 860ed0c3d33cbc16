"""Exports: CSV variants, XLSX with metadata, formula-injection neutralisation, suppression in every
export, chart images (PNG / SVG / PDF) from one long-lived kaleido server."""
from __future__ import annotations

import datetime as dt
import io
import re
import struct
import threading
import zlib
import xml.etree.ElementTree as ET
import zipfile

import duckdb
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from openpyxl import load_workbook

from analytics.data import db, geo
from analytics.metrics import catalogue
from analytics.present import exports as E, figures as F
from fixtures_indicators import insert, set_population

AS_OF = dt.date(2026, 6, 30)
EVIL_PARTNER = '=HYPERLINK("http://evil.example","klik")'
EVIL_LOCAL = "+cmd|' /C calc'!A0"
# powiat 1601: 7 volunteers (suppressed, <10), population chosen so the derived rate is distinctive
POP_1601 = 9_137
RATE_1601 = 7 * 10_000 / POP_1601      # 7.661... volunteers per 10k - must never be exported
HOURS_1601 = 7 * 13.7                  # 95.9 confirmed hours - must never be exported
# the hidden values as they would be written (7.661, 7,66, 95.9, 95,9 ...), as whole numbers only
LEAK = re.compile(r"(?<![\d.,])(7[.,]66\d*|95[.,]9\d*)(?![\d])")


def fill_fixture(con) -> None:
    """A tiny database: opolskie (16) with a regional and a local partner whose names are formula
    injections, a coalition and a plan; volunteers: 7 in powiat 1601 (suppressed at powiat level),
    25 in 1602; 3 in powiat 0201 (dolnośląskie: suppressed at voivodeship level too)."""
    db.create_empty(con)
    set_population(con, {"1601": POP_1601})
    insert(con, "partners", [
        dict(partner_id="R16", name=EVIL_PARTNER, tier="regional", voivodeship="16", start_date="2024-01-01"),
        dict(partner_id="L1", name=EVIL_LOCAL, tier="local", voivodeship="16", start_date="2024-01-01"),
    ])
    insert(con, "partner_areas", [dict(partner_id="L1", powiat="1601"), dict(partner_id="L1", powiat="1602")])
    insert(con, "coalitions", [dict(coalition_id="C1", name="@SUM(1+1)", powiat="1601", partner_id="L1",
                                    founded_on="2024-03-01")])
    insert(con, "coalition_members", [
        dict(coalition_id="C1", member_id=f"M{i}", member_type=t)
        for i, t in enumerate(["ngo", "local_government", "culture", "business"])])
    insert(con, "plans", [
        dict(plan_id="P1", partner_id="L1", title="-Plan lokalny", period_start="2025-01-01",
             period_end="2027-12-31", status="in_progress"),
        dict(plan_id="P2", partner_id="R16", title="Plan regionalny opolski", period_start="2024-01-01",
             period_end="2026-12-31", status="adopted")])
    insert(con, "plan_indicators", [
        dict(plan_id="P1", indicator_id="I1", code="coalitions", baseline=0, target=4),
        dict(plan_id="P2", indicator_id="I1", code="sow_volunteers", baseline=0, target=100)])
    insert(con, "plan_progress", [
        dict(plan_id="P1", indicator_id="I1", reported_on="2026-03-31", achieved=1),
        dict(plan_id="P2", indicator_id="I1", reported_on="2026-03-31", achieved=90)])
    vols = [dict(volunteer_id=f"A{i}", powiat="1601", registered_on="2025-01-10",
                 ks_member_since="2025-02-01") for i in range(7)]
    vols += [dict(volunteer_id=f"B{i}", powiat="1602", registered_on="2025-02-10") for i in range(25)]
    vols += [dict(volunteer_id=f"C{i}", powiat="0201", registered_on="2025-03-10") for i in range(3)]
    insert(con, "volunteers", vols)
    insert(con, "organisers", [dict(organiser_id="O1", name="Szkoła Podstawowa nr 1 w Brzegu", type="education",
                                    powiat="1601", joined_on="2024-05-01", base_partner_id="L1")])
    insert(con, "hours", [dict(volunteer_id=f"A{i}", organiser_id="O1", month="2026-03", hours_logged=20,
                               hours_confirmed=13.7) for i in range(7)]
           + [dict(volunteer_id=f"B{i}", organiser_id="O1", month="2026-04", hours_logged=10,
                   hours_confirmed=8) for i in range(25)])


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    fill_fixture(c)
    yield c
    c.close()


# --- CSV ---------------------------------------------------------------------------------------
@pytest.fixture
def sample():
    df = pd.DataFrame({
        "TERYT": ["0201", "1465", "3203"],
        "Jednostka": ["powiat bolesławiecki", "Warszawa", "żółć – gęślą jaźń"],
        "Wartość": [1234.5, -5.25, 0.125],
        "Liczba": pd.array([12, None, 3], dtype="Int64"),
        "Ukryte": ["<10", 42, None],
    })
    df.attrs["units"] = {"Wartość": "per_10k", "Liczba": "count"}
    return df


CSV_READ = {"utf8": dict(sep=",", decimal="."), "excel_pl": dict(sep=";", decimal=",")}  # how Excel reads each


def read_back(data: bytes, variant: str, **kw) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", **CSV_READ[variant], **kw)


@pytest.mark.parametrize("variant", E.CSV_VARIANTS)
def test_csv_roundtrip(sample, variant):
    b = E.csv_bytes(sample, variant)
    assert b.startswith(b"\xef\xbb\xbf")
    text = b.decode("utf-8-sig")
    assert text.splitlines()[0] == CSV_READ[variant]["sep"].join(["TERYT", "Jednostka", "Wartość", "Liczba", "Ukryte"])
    assert "\r\n" in text
    back = read_back(b, variant, dtype={"TERYT": str})
    assert back["TERYT"].tolist() == ["0201", "1465", "3203"]
    assert back["Jednostka"].tolist() == sample["Jednostka"].tolist()
    assert back["Wartość"].tolist() == [1234.5, -5.25, 0.125]
    assert back["Liczba"].isna().tolist() == [False, True, False]
    assert back["Ukryte"].tolist()[:2] == ["<10", "42"]


def test_csv_excel_pl_writes_decimal_commas(sample):
    text = E.csv_bytes(sample, "excel_pl").decode("utf-8-sig")
    assert "0201;powiat bolesławiecki;1234,5;12;<10" in text
    assert ";-5,25;" in text and "0,125" in text
    with pytest.raises(ValueError):
        E.csv_bytes(sample, "latin1")


def test_formula_injection_csv():
    df = pd.DataFrame({"name": [EVIL_PARTNER, EVIL_LOCAL, "-2+3", "@SUM(A1)", "\tx", "\rx", "-12", "+3,5",
                                "ok", "Fundacja"],
                       "value": [-5.5, -1, 0, 1, 2, 3, 4, 5, 6, 7]})
    for variant in E.CSV_VARIANTS:
        back = read_back(E.csv_bytes(df, variant), variant, keep_default_na=False)
        names = back["name"].tolist()
        assert names[0] == "'" + EVIL_PARTNER
        assert names[1] == "'" + EVIL_LOCAL
        assert names[2] == "'-2+3" and names[3] == "'@SUM(A1)"
        assert names[4].startswith("'\t") and names[5].startswith("'")
        assert names[6:] == ["-12", "+3,5", "ok", "Fundacja"]       # numbers as text stay as they are
        assert back["value"].tolist()[:2] == [-5.5, -1]              # genuine negatives stay numbers
        assert all(not str(n).startswith(("=", "+", "@")) or n in ("+3,5",) for n in names)


# --- XLSX --------------------------------------------------------------------------------------
def test_xlsx_cells_formats_and_injection(sample):
    evil = pd.DataFrame({"Partner": [EVIL_PARTNER, EVIL_LOCAL, "-x", "Fundacja"], "Saldo": [-5.5, -2, 0, 3.25]})
    meta = {"Stan danych na dzień": "30.06.2026", "Filtry": "województwo opolskie"}
    b = E.xlsx_bytes({"Dane": sample, "Partnerzy": evil}, meta, lang="pl",
                     definitions=E.definitions_frame(["volunteers_registered", "volunteers_per_10k"], "pl"))
    wb = load_workbook(io.BytesIO(b))
    assert wb.sheetnames == ["Dane", "Partnerzy", "Metadane", "Definicje"]
    ws = wb["Dane"]
    assert ws.freeze_panes == "A2"
    assert all(c.font.bold for c in ws[1])
    assert ws["A2"].value == "0201" and ws["A2"].data_type == "s"       # TERYT stays text
    assert ws["C2"].value == 1234.5 and ws["C2"].number_format == "#,##0.00"
    assert ws["C3"].value == -5.25                                      # negative number stays a number
    assert ws["D2"].value == 12 and ws["D2"].number_format == "#,##0"
    assert ws["D3"].value is None
    assert ws["E2"].value == "<10" and ws["E3"].value == 42
    assert ws.column_dimensions["B"].width >= len("żółć – gęślą jaźń")
    wp = wb["Partnerzy"]
    assert wp["A2"].value == EVIL_PARTNER and wp["A2"].data_type == "s" and wp["A2"].quotePrefix
    assert wp["A3"].value == EVIL_LOCAL and wp["A3"].quotePrefix
    assert wp["A4"].quotePrefix and not wp["A5"].quotePrefix
    assert wp["B2"].value == -5.5 and wp["B2"].data_type == "n"
    with zipfile.ZipFile(io.BytesIO(b)) as z:                           # no formula anywhere
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)
    wm = wb["Metadane"]
    texts = [str(c.value) for ws_ in (wm, wb["Definicje"]) for row in ws_.iter_rows() for c in row
             if c.value is not None]
    assert E.suppression_note("pl") in texts
    note = next(x for x in texts if x.startswith("Liczby osób i godzin są chronione"))  # the method, in words
    assert "„<10” w powiatach" in note and "szumem" in note and "#" in note
    assert "30.06.2026" in texts and "województwo opolskie" in texts
    assert "Definicje wskaźników" in texts and "w arkuszu „Definicje”" in texts
    assert "volunteers_per_10k" in texts and "Zarejestrowani wolontariusze na 10 tys. mieszkańców." in texts
    assert any("GUS" in x for x in texts)


def test_xlsx_percent_format_and_english():
    df = pd.DataFrame({"Coverage (%)": [12.5, 100.0]})
    df.attrs["units"] = {"Coverage (%)": "percent"}
    wb = load_workbook(io.BytesIO(E.xlsx_bytes({"Indicators": df}, {"Data as of": "30 Jun 2026"}, lang="en")))
    assert wb.sheetnames == ["Indicators", "Metadata"]
    assert wb["Indicators"]["A2"].value == 12.5 and "%" in wb["Indicators"]["A2"].number_format
    texts = [str(c.value) for row in wb["Metadata"].iter_rows() for c in row if c.value]
    assert E.suppression_note("en") in texts


def test_xlsx_dates_numbers_from_text_and_print_setup():
    """Dates are date cells with the language's format; numbers and dates written as text (what a
    page's table holds) become numbers and dates; TERYT codes, names and '<10' stay text; every
    sheet is set up for printing; the metadata rows are as tall as their wrapped text."""
    df = pd.DataFrame({
        "TERYT": ["0201", "1465", "3203"],
        "Nazwa": ["powiat bolesławiecki", "Warszawa", "1 Maja"],
        "Początek": [dt.date(2025, 7, 1), dt.date(2026, 1, 31), None],
        "Data tekstem": ["30.06.2026", "2026-01-31", "–"],
        "Wartość": ["12\u00a0345,6", "<10", "45,2%"],
        "Liczba": ["7", "−3", "#"],
    })
    b = E.xlsx_bytes({"Tabela": df}, {"Stan danych na dzień": "30.06.2026"}, lang="pl")
    wb = load_workbook(io.BytesIO(b))
    ws = wb["Tabela"]
    assert ws["A2"].value == "0201" and ws["A2"].data_type == "s"
    assert ws["B4"].value == "1 Maja"                                       # a name stays a name
    assert ws["C2"].value == dt.datetime(2025, 7, 1) and ws["C2"].number_format == "dd.mm.yyyy"
    assert ws["C2"].is_date and ws["C4"].value is None
    assert ws["D2"].value == dt.datetime(2026, 6, 30) and ws["D2"].is_date
    assert ws["D3"].value == dt.datetime(2026, 1, 31) and ws["D4"].value == "–"
    assert ws["E2"].value == 12345.6 and ws["E2"].data_type == "n" and ws["E2"].number_format == "#,##0.0"
    assert ws["E3"].value == "<10"
    assert ws["E4"].value == pytest.approx(0.452) and ws["E4"].number_format == "0.0%"
    assert ws["F2"].value == 7 and ws["F3"].value == -3 and ws["F4"].value == "#"
    for sheet in wb:
        assert int(sheet.page_setup.paperSize) == 9                     # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$1" and ws.page_setup.orientation == "portrait"  # ~75 characters wide
    wm = wb["Metadane"]
    assert wm.page_setup.orientation == "portrait"
    note_row = next(c.row for c in wm["A"] if c.value == "Ochrona małych liczebności")
    # the note (291 characters) wraps in a 72-character column (about 64 on a line): 5 lines of 15 points
    assert wm.cell(row=note_row, column=2).alignment.wrap_text
    assert wm.row_dimensions[note_row].height == 15 * 5 + 3
    en = load_workbook(io.BytesIO(E.xlsx_bytes({"T": pd.DataFrame({"Date": [dt.date(2026, 6, 30)],
                                                                    "Text": ["1,234.5"]})}, lang="en")))
    assert en["T"]["A2"].number_format == "d mmm yyyy" and en["T"]["B2"].value == 1234.5


def test_text_value():
    assert E.text_value("12\u00a0345,6", "pl") == (12345.6, "#,##0.0")
    assert E.text_value("12,345.6", "en") == (12345.6, "#,##0.0")
    assert E.text_value("0201", "pl") is None and E.text_value("<10", "pl") is None
    assert E.text_value("45%", "pl") == (0.45, "0%")
    assert E.text_value("31.02.2026", "pl") is None                        # not a date
    assert E.text_value("30 Jun 2026", "en") == (dt.date(2026, 6, 30), None)
    assert E.text_value("12,5 na 10 tys. mieszk.", "pl") is None


# --- indicator export frame: suppression always -------------------------------------------------
def test_indicator_export_frame_powiat_suppressed(con):
    df = E.indicator_export_frame(con, "powiat", AS_OF, lang="pl")
    assert list(df.columns[:3]) == ["TERYT", "Jednostka", "Województwo"]
    row = df[df["TERYT"] == "1601"].iloc[0]
    for code in ("volunteers_registered", "ks_members", "volunteers_active"):      # counts of people
        assert row[E.column_header(code, "pl")] == "<10", code
    for code in ("volunteers_per_10k", "hours_confirmed", "hours_logged", "confirmation_rate"):  # derived
        assert row[E.column_header(code, "pl")] == "#", code
    ok = df[df["TERYT"] == "1602"].iloc[0]
    assert abs(ok[E.column_header("volunteers_registered", "pl")] - 25) <= 2     # 25 with cell-key noise
    assert ok[E.column_header("volunteers_per_10k", "pl")] > 0
    assert row[E.column_header("local_partner_coverage", "pl")] == 100.0   # share -> percent
    assert row["Jednostka"] == "powiat brzeski"
    for variant in E.CSV_VARIANTS:
        text = E.csv_bytes(df, variant).decode("utf-8-sig")
        assert not LEAK.search(text)


def test_leak_detector_positive_control(con):
    # without suppression (the managing institution's view) the values are there and LEAK finds them
    from analytics.present import formatting as fmt
    from analytics.metrics import indicators
    raw = indicators.compute(con, "powiat", AS_OF).set_index("teryt").loc["1601"]
    assert raw["volunteers_registered"] == 7 and raw["volunteers_per_10k"] == pytest.approx(RATE_1601)
    assert raw["hours_confirmed"] == pytest.approx(HOURS_1601)
    for txt in (f"{RATE_1601:.3f}", fmt.format_number(RATE_1601, "pl", 2), f";{HOURS_1601:.1f};",
                fmt.format_number(HOURS_1601, "pl", 1)):
        assert LEAK.search(txt), txt


def test_indicator_export_frame_derived_suppressed_without_base(con):
    df = E.indicator_export_frame(con, "powiat", AS_OF, lang="en", codes=["volunteers_per_10k", "hours_confirmed"])
    assert list(df.columns) == ["TERYT", "Unit", "Voivodeship", "Volunteers per 10,000 inhabitants",
                                "Confirmed volunteering hours"]
    row = df[df["TERYT"] == "1601"].iloc[0]
    assert row["Volunteers per 10,000 inhabitants"] == "#" and row["Confirmed volunteering hours"] == "#"


def test_indicator_export_frame_voivodeship_and_country(con):
    df = E.indicator_export_frame(con, "voivodeship", AS_OF, lang="pl", include_country=True)
    h = E.column_header("volunteers_registered", "pl")
    by = dict(zip(df["TERYT"], df[h]))
    # 32 and 35 are published with cell-key noise (within 2); 0 stays 0; 2 < 5 hidden
    assert by["02"] == "<5" and abs(by["16"] - 32) <= 2 and by["04"] == 0 and abs(by["PL"] - 35) <= 2
    assert df["Jednostka"].iloc[-1] == "Polska"
    wb = load_workbook(io.BytesIO(E.xlsx_bytes({"Wskaźniki": df}, E.export_metadata(
        con, level="voivodeship", as_of=AS_OF, lang="pl"))))
    ws = wb["Wskaźniki"]
    col = [c.value for c in ws[1]].index(h) + 1
    vals = {ws.cell(row=i, column=1).value: ws.cell(row=i, column=col).value for i in range(2, ws.max_row + 1)}
    assert vals["02"] == "<5" and vals["16"] == by["16"]           # the sheet holds what the table holds


def test_definitions_and_metadata(con):
    d = E.definitions_frame(None, "pl")
    assert d["Kod"].tolist() == list(catalogue.CODES)                  # every indicator, in catalogue order
    assert d.set_index("Kod").loc["volunteers_per_10k", "Ochrona małych liczebności"].startswith("tak")
    m = E.export_metadata(con, level="powiat", as_of=AS_OF, period=(dt.date(2026, 1, 1), dt.date(2026, 6, 1)),
                          lang="pl", filters={"województwo": "opolskie"})
    assert m["Stan danych na dzień"] == "30.06.2026"
    assert m["Okres (wskaźniki przepływowe)"].startswith("01.01.2026 – 30.06.2026")
    assert m["Filtry"] == "województwo: opolskie"
    assert m["Ochrona małych liczebności"] == E.suppression_note("pl")


# --- images ------------------------------------------------------------------------------------
def _png_size(b: bytes) -> tuple[int, int]:
    assert b[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", b[16:24])


@pytest.fixture(scope="module")
def bar_fig():
    v = geo.units("voivodeship")
    df = pd.DataFrame({"teryt": v["teryt"], "name": v["name"], "x": np.linspace(1, 16, 16),
                       "s": [False] * 15 + [True]})
    return F.ranked_bar(df, "name", "x", "Koalicje na 100 tys. mieszkańców", unit="per_100k", id_col="teryt",
                        suppressed_col="s", level="voivodeship")


def test_figure_png_svg_pdf(bar_fig):
    before = bar_fig.to_json()
    png = E.figure_bytes(bar_fig, "png", as_of=AS_OF, width=1000, height=700)
    assert _png_size(png) == (2500, 1750)
    assert b"pHYs" in png[:200]
    ppm = struct.unpack(">I", png[png.index(b"pHYs") + 4:][:4])[0]
    assert 2500 / ppm * 100 == pytest.approx(17.0, abs=0.01)           # 17 cm wide in Word
    svg = E.figure_bytes(bar_fig, "svg", as_of=AS_OF)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    text = svg.decode("utf-8")
    assert "dane na dzień 30.06.2026" in text.lower() and "Źródło: GUS" in text  # the footer
    pdf = E.figure_bytes(bar_fig, "pdf")
    assert pdf.startswith(b"%PDF-")
    assert bar_fig.to_json() == before                                 # caller's figure untouched
    with pytest.raises(ValueError):
        E.figure_bytes(bar_fig, "gif")


def _png_rows(png: bytes) -> list[bytes]:
    """The pixel rows of an 8-bit RGB / RGBA PNG (what kaleido writes), unfiltered."""
    pos, idat, w = 8, b"", 0
    while pos < len(png):
        n = struct.unpack(">I", png[pos:pos + 4])[0]
        typ, body = png[pos + 4:pos + 8], png[pos + 8:pos + 8 + n]
        if typ == b"IHDR":
            w, h, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6)
            bpp = 3 if colour == 2 else 4
        elif typ == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return rows


def test_image_footer_area_period_protection_clear_of_edge(bar_fig):
    """An exported chart names its area, as-of date and flow period, the source and the protection
    note, and its last line stays clear of the bottom edge (the PDF cut the source line off)."""
    period = (dt.date(2025, 7, 1), dt.date(2026, 6, 30))
    svg = E.figure_bytes(bar_fig, "svg", lang="pl", as_of=AS_OF, period=period, place="16")
    text = " ".join(ET.fromstring(svg).itertext())
    assert "Obszar: województwo opolskie" in text
    assert "dane na dzień 30.06.2026" in text
    assert "przepływy za okres lipiec 2025 – czerwiec 2026" in text
    assert "Źródło: GUS" in text and "Liczby osób i godzin są chronione" in text and "szumem" in text
    en = " ".join(ET.fromstring(E.figure_bytes(bar_fig, "svg", lang="en", as_of=AS_OF, period=period)).itertext())
    assert "flows over July 2025 – June 2026" in en and "Counts of people and hours are protected" in en
    png = E.figure_bytes(bar_fig, "png", as_of=AS_OF, period=period, place="PL", scale=1)
    rows = _png_rows(png)
    w, h = _png_size(png)
    # ranked_bar: 574 px tall, bottom margin 100 with its source line 68 px under the plot. The
    # footer takes its place there: 6 lines of 15 px (area/date/period, two source lines, the note
    # in 3 lines) and 16 px clear of the edge, so the margin becomes 68 + 90 + 16 = 174 (+74 px).
    assert h == 574 + 74

    def inked(row: bytes) -> bool:  # any pixel darker than light grey
        return any(row[i] < 200 for i in range(0, len(row), 3 if len(row) == w * 3 else 4))

    assert not any(inked(r) for r in rows[-12:])           # a clear bottom edge
    assert sum(inked(r) for r in rows[-130:-12]) > 60      # the footer's lines are there


def test_prepare_adds_title_unit_source_as_of():
    fig = go.Figure(go.Bar(x=[1, 2], y=[3, 4]))
    d = E.prepare_figure(fig, lang="pl", as_of=AS_OF, title="Szkolenia", unit="per_100k")
    texts = " ".join(E._texts(d))
    assert "Szkolenia" in texts and "Dane na dzień 30.06.2026" in texts
    assert "na 100 tys. mieszkańców" in texts and "Źródło" in texts
    assert fig.layout.title.text is None and not fig.layout.annotations
    # a figures.py figure already has all of it: nothing is duplicated
    v = geo.units("voivodeship")
    mp = F.choropleth(pd.DataFrame({"teryt": v["teryt"], "v": np.arange(16.0)}), "voivodeship", "v",
                      "Wolontariusze", unit="per_10k", as_of=AS_OF)
    d2 = E.prepare_figure(mp, as_of=AS_OF, unit="per_10k")
    assert d2["layout"]["title"] == mp.to_dict()["layout"]["title"]
    assert len(d2["layout"]["annotations"]) == len(mp.layout.annotations)


def test_map_exports_as_vector_geo():
    v = geo.units("voivodeship")
    df = pd.DataFrame({"teryt": v["teryt"], "v": np.arange(16.0), "s": [True] + [False] * 15})
    mp = F.choropleth(df, "voivodeship", "v", "Wolontariusze na 10 tys. mieszkańców", unit="per_10k",
                      suppressed_col="s", as_of=AS_OF)
    d = E.static_figure(E.prepare_figure(mp))
    assert {tr["type"] for tr in d["data"]} == {"choropleth"}
    assert "map" not in d["layout"] and d["layout"]["geo"]["fitbounds"] == "locations"
    png = E.figure_bytes(mp, "png")
    w, h = _png_size(png)
    assert w == 2500 and h > int(mp.layout.height * 2.5)             # grown by the footer
    svg = E.figure_bytes(mp, "svg").decode("utf-8")
    ET.fromstring(svg)
    assert svg.count('class="choroplethlocation"') >= 16                # real vector shapes
    assert "dane chronione" in svg and "GUGiK" in svg


def test_one_server_thread_safe(bar_fig):
    r = E.renderer()
    E.figure_bytes(bar_fig, "svg")
    starts = r.starts
    out, errors = [], []

    def work(fmt_):
        try:
            out.append(E.figure_bytes(bar_fig, fmt_))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(f,)) for f in ("png", "svg", "pdf", "png", "svg", "pdf")]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    assert not errors and len(out) == 6
    assert sum(b.startswith(b"%PDF-") for b in out) == 2
    assert r.starts == starts and r.running                               # the same browser throughout
    many = E.figures_bytes([(bar_fig, "png"), (bar_fig, "svg")])
    assert _png_size(many[0])[0] == 2500 and ET.fromstring(many[1]).tag.endswith("svg")


def test_a_table_too_wide_to_fit_prints_at_its_size_with_its_names_repeated():
    # 2 name columns + 30 number columns: 12 + 12 (at least 12 each, +2 padding = 14) and 30 x 14 =
    # 448 characters, beyond the 260 fitted to one page wide (FIT_WIDTH_MAX): it prints at 100 %
    # across pages with columns A:B on each; 2 + 4 columns (84 characters) still fit to one page wide
    wide = pd.DataFrame({"TERYT": ["02", "04"], "Jednostka": ["dolnośląskie", "kujawsko-pomorskie"],
                         **{f"Wskaźnik numer {i} o długiej nazwie": [1.5, 2.5] for i in range(30)}})
    narrow = wide.iloc[:, :6]
    wb = load_workbook(io.BytesIO(E.xlsx_bytes({"Szeroka": wide, "Wąska": narrow}, {}, lang="pl")))
    ws, wn = wb["Szeroka"], wb["Wąska"]
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.scale == 100
    assert ws.print_title_cols == "$A:$B" and ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape"
    assert ws.column_dimensions["C"].width == 14         # the header wraps instead of widening it
    assert wn.sheet_properties.pageSetUpPr.fitToPage and wn.page_setup.fitToWidth == 1
