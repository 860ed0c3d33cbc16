"""The evaluator report as a Word document (python-docx), for an evaluator to edit in Word or
LibreOffice Writer: part of the report bundle (analytics/present/report.py).

    docx_bytes(charts, images, *, meta, definitions, plans, lang, level, skipped=()) -> bytes

Contents, in Polish or English (`lang`):
    title page       title, subtitle, as-of date, flow period, level, generated at
    1 Scope          what the report covers: units, indicators, the metadata of the bundle
    2 Method         how indicators are computed (stocks at the as-of date, flows over whole
                     months), map classes, and the small-count protection note with its symbols
    3 Charts         each chart: heading, the PNG (16 cm wide), a numbered caption (a Word SEQ
                     field, so cross-references work) with its definition, and its table
    4 Plans          the plans counted at the as-of date (partner, level, title, completion)
    5 Definitions    every indicator in the report: label, definition, unit, kind
Only built-in styles (Title, Heading 1-2, Caption, Table Grid), A4 with 2 cm margins, the
document language set (spell-checking), table header rows repeated on every page, page numbers in
the footer. Text from input files (partner names, plan titles) goes in as text: Word has no
markup to inject into. A chart table longer than MAX_ROWS rows (a powiat map) keeps its first
MAX_ROWS rows by rank and says where the full table is (the chart's CSV and the XLSX).
"""
from __future__ import annotations

import datetime as dt
import io
import math
from numbers import Number

import pandas as pd

from analytics.present import formatting as fmt
from analytics.present.i18n import t

MAX_ROWS = 40
IMAGE_WIDTH_CM = 16.0
DOC_LANG = {"pl": "pl-PL", "en": "en-GB"}


def r(key: str, lang: str = "pl", **kw) -> str:
    return t("report." + key, lang, **kw)


# --- low-level helpers ---------------------------------------------------------------------------
def _set_language(doc, lang: str) -> None:
    """The document's proofing language (styles.xml docDefaults) so Word and LibreOffice check the
    spelling in the report's language."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    el = rpr.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        rpr.append(el)
    el.set(qn("w:val"), DOC_LANG[lang])
    el.set(qn("w:eastAsia"), DOC_LANG[lang])


def _field(paragraph, instr: str, cached: str) -> None:
    """A simple Word field (SEQ, PAGE, NUMPAGES) with its current value shown."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = cached
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _cell_text(v, unit: str | None, lang: str) -> tuple[str, bool]:
    """A table cell as text written the language's way, and whether it is a number (right-aligned)."""
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
        return "", False
    if isinstance(v, bool):
        return t("common.yes" if v else "common.no", lang), False
    if isinstance(v, (dt.date, pd.Timestamp)):
        return (fmt.format_month(v, lang) if unit == "month" else fmt.format_date(v, lang)), False
    if isinstance(v, Number):
        if unit == "percent":
            return fmt.format_number(v, lang, 1) + "%", True
        if unit in ("count", "int") or (isinstance(v, int)) or float(v).is_integer():
            return fmt.format_number(v, lang, 0), True
        if unit in ("per_10k", "per_100k"):
            return fmt.format_number(v, lang, 2), True
        if unit == "hours":
            return fmt.format_number(v, lang, 1), True
        return fmt.format_number(v, lang, 3 if abs(v) < 10 else 1), True
    s = str(v)
    from analytics.present.exports import text_value
    tv = text_value(s, lang)
    if tv is not None and isinstance(tv[0], dt.date):  # an ISO date from a chart's table
        return fmt.format_date(tv[0], lang), False
    return s, s.strip() in ("<10", "<5", "#", "–") or tv is not None


TEXT_WIDTH_CM = 17.0


def _widths(texts: list[list[str]], header: list[str], total: float = TEXT_WIDTH_CM,
            font_pt: float = 8.5) -> list[float]:
    """Column widths (cm) that fill the text width: every column at least as wide as its longest
    word (header included) and its short values (up to 12 characters: a number, a date, a status
    stays on one line), the room left shared in proportion to how much longer text needs (up to
    40 characters a line)."""
    char = 0.2 * font_pt / 8.5   # an average character of the body font, cm
    pad = 0.3                    # the cell's margins
    mins, needs = [], []
    for j, h in enumerate(header):
        cells = [row[j] for row in texts]
        longest = max([len(c) for c in cells] + [0])
        word = max([len(w) for c in cells for w in c.split()] + [round(len(w) * 1.15) for w in h.split()] + [3])
        short = max([len(c) for c in cells if len(c) <= 12] + [0])
        m = max(min(word, 16), short)
        mins.append(m * char + pad)
        needs.append(max(m, min(longest, 40)) * char + pad)
    if sum(needs) <= total:
        return [w * total / sum(needs) for w in needs]
    room = total - sum(mins)
    if room <= 0:
        return [w * total / sum(mins) for w in mins]
    extra = [n - m for n, m in zip(needs, mins)]
    return [m + room * e / sum(extra) for m, e in zip(mins, extra)]


def add_table(doc, df: pd.DataFrame, lang: str, *, font_pt: float = 8.5, widths_cm: list[float] | None = None):
    """A Word table of `df` (header row bold and repeated on each page; numbers right-aligned and
    written the language's way; units from df.attrs['units']; column widths from the content
    unless `widths_cm` is given)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt
    units = df.attrs.get("units") or {}
    cols = [str(c) for c in df.columns]
    table = doc.add_table(rows=len(df) + 1, cols=len(cols))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    cells = table._cells  # one flat list: much faster than table.cell(i, j) on long tables
    n = len(cols)
    for j, c in enumerate(cols):
        p = cells[j].paragraphs[0]
        run = p.add_run(c)
        run.bold = True
        run.font.size = Pt(font_pt)
    _repeat_header(table.rows[0])
    body = [[_cell_text(v, units.get(c), lang) for c, v in zip(df.columns, row)]
            for row in df.itertuples(index=False, name=None)]
    for i, row in enumerate(body, start=1):
        for j, (txt, num) in enumerate(row):
            p = cells[i * n + j].paragraphs[0]
            run = p.add_run(txt)
            run.font.size = Pt(font_pt)
            if num:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    widths_cm = widths_cm or _widths([[x for x, _ in row] for row in body], cols, font_pt=font_pt)
    table.autofit = False
    for j, w in enumerate(widths_cm):
        table.columns[j].width = Cm(w)
        for k in range(len(df) + 1):
            cells[k * n + j].width = Cm(w)
    return table


def chart_docx_table(table: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, bool]:
    """The table behind a chart as it goes under the chart in the document: without the raw
    number column when a formatted value column stands beside it (maps, rankings), without
    TERYT codes, sorted by rank, at most MAX_ROWS rows. Returns (table, whether rows were cut)."""
    df = table.copy()
    value_col = t("map.value", lang)
    if value_col in df.columns:
        i = list(df.columns).index(value_col)
        if i > 0 and pd.api.types.is_numeric_dtype(df.iloc[:, i - 1]) or (
                i > 0 and all(v is None or isinstance(v, Number) for v in df.iloc[:, i - 1])):
            df = df.drop(columns=df.columns[i - 1])
    if "TERYT" in df.columns and len(df.columns) > 2:
        df = df.drop(columns="TERYT")
    rank = t("map.rank_label", lang)
    if rank in df.columns:
        df = df.assign(_r=pd.to_numeric(df[rank], errors="coerce")).sort_values("_r", na_position="last",
                                                                                 kind="stable").drop(columns="_r")
    cut = len(df) > MAX_ROWS
    out = df.head(MAX_ROWS).reset_index(drop=True)
    out.attrs = dict(table.attrs)
    return out, cut


# --- the document ------------------------------------------------------------------------------------
def docx_bytes(charts, images: dict[str, bytes] | None, *, meta: dict, definitions: pd.DataFrame,
               plans: pd.DataFrame | None, lang: str = "pl", level: str = "voivodeship",
               skipped=(), files: dict | None = None) -> bytes:
    """The report as a .docx (see the module docstring). `charts`: report.Chart objects in order;
    `images`: chart slug -> PNG bytes (a chart without one says the image is in the HTML report);
    `meta`: the bundle's metadata (label -> text); `definitions`: exports.definitions_frame;
    `plans`: report.plan_export_frame; `files`: names of the bundle's files to point to."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Cm, Pt, RGBColor

    from analytics.present import exports as E
    lang = fmt.norm_lang(lang)
    files = files or {}
    doc = docx.Document()
    _set_language(doc, lang)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.orientation = WD_ORIENT.PORTRAIT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Cm(2.0))
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    core = doc.core_properties
    core.title = r("title", lang)
    core.subject = r("subtitle", lang)
    core.author = "KS Atlas"
    core.language = DOC_LANG[lang]
    foot = sec.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run(r("title", lang) + " · ")
    _field(foot, " PAGE ", "1")

    # title page
    for _ in range(4):
        doc.add_paragraph()
    doc.add_paragraph(r("title", lang), style="Title")
    doc.add_paragraph(r("subtitle", lang), style="Subtitle")
    as_of_key, period_key = E.s("m.as_of", lang), E.s("m.period", lang)
    for key in (as_of_key, period_key, E.s("m.level", lang), E.s("m.generated", lang)):
        if key in meta:
            p = doc.add_paragraph()
            p.add_run(f"{key}: ").bold = True
            p.add_run(str(meta[key]))
    p = doc.add_paragraph()
    p.add_run(E.attribution(lang)).italic = True
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # 1 scope
    doc.add_heading(r("docx.scope", lang), level=1)
    n_units = {"voivodeship": 16, "powiat": 380}.get(level, 0)
    doc.add_paragraph(r("docx.scope_text", lang, level=t("level." + level, lang), units=n_units,
                        charts=len(charts), n=len(charts)))
    if skipped:
        doc.add_paragraph(r("empty_skipped", lang) + ": " + ", ".join(skipped) + ".")
    rows = [(str(k), str(v)) for k, v in meta.items() if k not in (E.s("m.source", lang), t("protection.title", lang))]
    mt = pd.DataFrame(rows, columns=[r("docx.field", lang), r("docx.value", lang)])
    add_table(doc, mt, lang, font_pt=9, widths_cm=[5.0, 12.0])

    # 2 method and protection
    doc.add_heading(r("docx.method", lang), level=1)
    for para in r("docx.method_text", lang, as_of=meta.get(as_of_key, ""), period=meta.get(period_key, "")).split("\n"):
        doc.add_paragraph(para)
    doc.add_heading(t("protection.title", lang), level=2)
    doc.add_paragraph(E.suppression_note(lang))
    doc.add_paragraph(" ".join(x.strip() for x in t("protection.readme", lang).split("\n")))
    doc.add_heading(r("readme.source", lang).capitalize(), level=2)
    doc.add_paragraph(E.attribution(lang))

    # 3 charts
    doc.add_heading(r("docx.charts", lang), level=1)
    doc.add_paragraph(r("docx.charts_intro", lang))
    figure_word = r("docx.figure", lang)
    table_word = r("docx.table", lang)
    for i, c in enumerate(charts, start=1):
        doc.add_heading(c.title, level=2)
        png = (images or {}).get(c.slug)
        if png:
            doc.add_picture(io.BytesIO(png), width=Cm(IMAGE_WIDTH_CM))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            doc.add_paragraph(r("docx.no_image", lang, html=files.get("html", "")))
        cap = doc.add_paragraph(style="Caption")
        cap.add_run(f"{figure_word} ")
        _field(cap, f" SEQ {figure_word} \\* ARABIC ", str(i))
        cap.add_run(f". {c.title}" + (f" – {c.note}" if c.note else ""))
        if c.table is not None and len(c.table):
            tbl, cut = chart_docx_table(c.table, lang)
            tcap = doc.add_paragraph(style="Caption")
            tcap.add_run(f"{table_word} ")
            _field(tcap, f" SEQ {table_word} \\* ARABIC ", str(i))
            tcap.add_run(". " + r("docx.table_of", lang, title=c.title))
            add_table(doc, tbl, lang)
            if cut:
                doc.add_paragraph(r("docx.table_cut", lang, n=MAX_ROWS, total=len(c.table),
                                    csv=f"{files.get('charts', '')}/{i:02d}_{c.slug}.csv", xlsx=files.get("xlsx", "")))

    # 4 plans
    if plans is not None and len(plans):
        doc.add_heading(r("plans_table", lang), level=1)
        keep = [r("plan." + k, lang) for k in ("partner_name", "level", "title", "period_start", "period_end",
                                             "completion", "status_light")]
        pt = plans[[c for c in keep if c in plans.columns]].copy()
        pt.attrs = dict(plans.attrs)
        doc.add_paragraph(r("docx.plans_text", lang, n=len(plans)))
        add_table(doc, pt, lang, font_pt=8)

    # 5 definitions
    doc.add_heading(r("definitions", lang), level=1)
    keep = [E.s(k, lang) for k in ("d.label", "d.definition", "d.unit", "d.kind")]
    dt_ = definitions[[c for c in keep if c in definitions.columns]]
    add_table(doc, dt_, lang, font_pt=8.5, widths_cm=[4.0, 8.5, 2.5, 2.5])
    doc.add_paragraph()
    p = doc.add_paragraph(r("docx.files", lang, xlsx=files.get("xlsx", ""), html=files.get("html", "")))
    p.runs[0].font.color.rgb = RGBColor(0x5C, 0x5C, 0x66)

    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
