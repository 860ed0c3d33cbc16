"""The evaluator report bundle: one ZIP with charts, data, definitions, a README and an offline
interactive HTML report.

    build_report(con, out_zip_path, *, level='voivodeship', codes=None, as_of=None, period=None,
                 lang='pl', progress=None) -> ReportResult

ZIP members (Polish names; English in brackets when lang='en'):
    README.txt                         what is inside, as-of, period, filters, source, suppression,
                                       how to open the CSV files in Polish Excel
    raport.html (report.html)          self-contained interactive report, works offline: plotly.js
                                       embedded once in <head>, every chart, the tables, definitions
    raport.docx (report.docx)          the report for Word / LibreOffice (analytics/present/docx_report.py):
                                       title page, scope, method and protection, each chart (PNG) with
                                       a caption and its table, plans, definitions
    wykresy/NN_<name>.png|.svg|.csv    (charts/) each chart as PNG (print, ~300 dpi at 17 cm) and
                                       SVG (vector), and the table behind it (CSV for Polish Excel;
                                       utf8 CSV when lang='en')
    dane/wskazniki.csv                 (data/indicators.csv) UTF-8 with BOM, ','
    dane/wskazniki_excel_pl.csv        (data/indicators_excel_pl.csv) ';' + decimal comma
    dane/plany.csv, dane/plany_excel_pl.csv   (data/plans*.csv) plans counted at the as-of date
    dane/ks_atlas_dane.xlsx            (data/ks_atlas_data.xlsx) indicators, plans, national trend,
                                       metadata sheet with definitions and the suppression note
    definicje.csv (definitions.csv)    indicator definitions
Charts: a map per indicator (indicators empty everywhere, e.g. SOW tables not provided, are listed
in the README instead), then the overview charts: plan status lights, the national trend of
registered volunteers, a ranking of the units by volunteers per 10,000 inhabitants.
Every value is suppressed for role 'public' whatever the caller's role (analytics/present/exports.py).
The ZIP is written to a temporary file and renamed: on any error nothing is left at the path.

CLI (registered by add_cli; also `python -m analytics.report --db ... --out ...`):
    python -m analytics report --db FILE --out report.zip [--as-of D] [--level L] [--lang pl|en]
           [--indicators a,b,c] [--period-start D --period-end D]
Exit status 0 ok, 1 invalid input (missing database, unknown indicator; nothing written), 2 usage.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import html
import json
import os
import re
import sys
import tempfile
import time
import unicodedata
import zipfile
from pathlib import Path
from typing import Callable

import pandas as pd

from analytics.metrics import catalogue
from analytics.metrics.dates import resolve_dates
from analytics.present import exports as E, formatting as fmt
from analytics.access import privacy
from analytics.data import reference
from analytics.present.i18n import t
from analytics.present.names import unit_name

REPORT_LEVELS = ("voivodeship", "powiat")
Progress = Callable[[float, str], None]

def r(key: str, lang: str = "pl", **kw) -> str:
    """A report text: the catalogue's `report.<key>` (analytics/present/i18n/files.py)."""
    return t("report." + key, lang, **kw)


@dataclasses.dataclass
class Chart:
    slug: str
    title: str
    fig: object                  # plotly Figure
    table: pd.DataFrame          # the table behind it (already suppressed)
    note: str = ""               # definition / caption
    section: str = "maps"
    unit: str | None = None
    export: dict | None = None   # exports.export_figure(fig): what the images and the HTML show


@dataclasses.dataclass
class ReportResult:
    path: Path
    members: list[str]
    charts: int
    seconds: float
    skipped: list[str]
    timings: dict


def _slug(text: str, n: int = 48) -> str:
    x = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    x = "".join(c for c in x if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "_", x).strip("_")[:n].strip("_") or "chart"


# --- content ---------------------------------------------------------------------------------------
def _period_text(p0: dt.date, p1: dt.date, lang: str) -> str:
    return t("chart.period", lang, start=fmt.format_month(p0, lang), end=fmt.format_month(p1, lang))


def _map_chart(sup: pd.DataFrame, level: str, c: str, d, p0, p1, lang: str) -> Chart | None:
    """The map of one indicator, or None when it is empty in every unit."""
    from analytics.present.figures import chart_table, choropleth
    ind = catalogue.get(c)
    flag = privacy.flag_column(c)
    vals = pd.to_numeric(sup[c], errors="coerce")
    has_flag = flag in sup and bool(sup[flag].any())
    if vals.notna().sum() == 0 and not has_flag:
        return None
    sub = f"{t('control.classification', lang)}: {t('classify.quantiles', lang)}"
    if ind.kind == "flow":
        sub += " · " + _period_text(p0, p1, lang)
    unit = ind.unit if ind.unit in fmt.UNITS else "number"
    fig = choropleth(sup, level, c, ind.label(lang), unit=unit, lang=lang,
                     suppressed_col=flag if flag in sup else None, as_of=d, subtitle=sub,
                     decimals=ind.decimals)
    return Chart(_slug(c), ind.label(lang), fig, chart_table(fig), ind.definition(lang), "maps", ind.unit)


def _plan_status_chart(plans: pd.DataFrame, d, lang: str) -> Chart | None:
    from analytics.present import classify as cl
    from analytics.present.figures import chart_table, sector_mix
    if plans.empty:
        return None
    df = plans.copy()
    df["light"] = df["status_light"].fillna("none")
    df["lvl"] = [t(f"plan_level.{x}_plan", lang) for x in df["level"]]
    counts = df.groupby(["lvl", "light"], as_index=False).size().rename(columns={"size": "n"})
    cats = [c for c in ("green", "amber", "red", "none") if c in set(counts["light"])]
    fig = sector_mix(counts, "lvl", "light", "n", lang=lang, normalize=False, enum_kind="status",
                     categories=cats, title=r("plan_status_title", lang), as_of=d)
    colours = {**cl.STATUS_COLORS, "none": "#b0b0b0"}
    for tr, c in zip(fig.data, cats):
        tr.marker.color = colours[c]
        tr.textfont.color = cl.text_color_for(colours[c])
    fig.update_xaxes(title={"text": r("plans_count", lang)})
    return Chart("plan_status", r("plan_status_title", lang), fig, chart_table(fig),
                 t("status.green_help", lang) + " / " + t("status.amber_help", lang) + " / "
                 + t("status.red_help", lang), "overview")


def _trend(con, d, p0, p1, lang: str) -> tuple[Chart | None, pd.DataFrame]:
    from analytics.access import scope
    from analytics.present.figures import chart_table, trend_line
    code = "volunteers_registered"
    s = scope.series(con, "country", privacy.EXPORT_ROLE, as_of=d, period=(p0, p1), codes=[code])
    flag = privacy.flag_column(code)
    table = pd.DataFrame({r("month", lang): [fmt._as_date(m) for m in s["month"]],
                          t("chart.date", lang): [fmt._as_date(a) for a in s["at"]]})
    label = catalogue.get(code).label(lang)
    table[label] = [privacy.cell_label("country") if f else (None if pd.isna(v) else int(v))
                    for v, f in zip(s[code], s[flag])]
    if s[code].notna().sum() == 0:
        return None, table
    plot = s.copy()
    plot["month"] = pd.to_datetime(plot["month"])
    fig = trend_line(plot, "month", code, label, unit="count", lang=lang, title=r("trend_title", lang),
                     as_of=d, subtitle=_period_text(p0, p1, lang))
    return Chart("trend_volunteers_registered", r("trend_title", lang), fig, chart_table(fig),
                 catalogue.get(code).definition(lang), "overview"), table


def _ranking(sup: pd.DataFrame, level: str, codes: list[str], d, lang: str) -> Chart | None:
    from analytics.present.figures import chart_table, ranked_bar
    from analytics.data import geo
    code = "volunteers_per_10k" if "volunteers_per_10k" in codes else None
    if code is None:
        code = next((c for c in codes if pd.to_numeric(sup[c], errors="coerce").notna().any()), None)
    if code is None or pd.to_numeric(sup[code], errors="coerce").notna().sum() == 0:
        return None
    ind = catalogue.get(code)
    u = geo.units(level)
    names = {row["teryt"]: unit_name(row, level, lang) for row in u.to_dict("records")}
    df = sup.copy()
    df["display"] = [names.get(x, x) for x in df["teryt"]]
    flag = privacy.flag_column(code)
    top = 30 if level == "powiat" else None
    sub = r("ranking_top", lang, n=top, total=len(df)) if top else None
    fig = ranked_bar(df, "display", code, ind.label(lang), unit=ind.unit if ind.unit in fmt.UNITS else "number",
                     lang=lang, id_col="teryt", top_n=top, suppressed_col=flag if flag in df else None,
                     title=r("ranking_title", lang, label=ind.label(lang)), as_of=d, subtitle=sub,
                     decimals=ind.decimals, level=level)
    return Chart(f"ranking_{_slug(code)}", r("ranking_title", lang, label=ind.label(lang)), fig,
                 chart_table(fig), ind.definition(lang), "overview", ind.unit)


def plan_export_frame(con, as_of, lang: str = "pl") -> pd.DataFrame:
    """Plans counted at the as-of date, localised for export (completion / elapsed in %)."""
    from analytics.metrics import plans
    p = plans.plan_table(con, as_of)
    out = pd.DataFrame()
    for c in plans.PLAN_COLUMNS:
        v = p[c]
        if c in ("completion", "elapsed"):
            v = [None if pd.isna(x) else round(float(x) * 100, 2) for x in v]
        elif c == "level":
            v = [t(f"plan_level.{x}", lang) for x in v]
        elif c == "status":
            v = [t(f"plan_status.{x}", lang) for x in v]
        elif c == "status_light":
            v = [t("status.none", lang) if pd.isna(x) else t(f"status.{x}", lang) for x in v]
        elif c in ("period_start", "period_end"):  # real dates: XLSX date cells, ISO in CSV
            v = [None if pd.isna(x) else fmt._as_date(x) for x in v]
        out[r("plan." + c, lang)] = pd.Series(list(v), dtype=object) if len(p) else pd.Series(dtype=object)
    out[r("plan.running", lang)] = pd.Series([t("common.yes" if x else "common.no", lang) for x in p["running"]],
                                             dtype=object) if len(p) else pd.Series(dtype=object)
    out.attrs["units"] = {r("plan.completion", lang): "percent", r("plan.elapsed", lang): "percent"}
    return out


# --- HTML ------------------------------------------------------------------------------------------
_CSS = """
body{font-family:"Source Sans Pro","Segoe UI",Roboto,Arial,sans-serif;color:#262730;margin:0;background:#f6f7f9}
main{max-width:1180px;margin:0 auto;padding:24px 28px 60px;background:#fff}
h1{font-size:28px;margin:8px 0 4px}h2{font-size:22px;margin:36px 0 10px;border-bottom:2px solid #e6e9ef;padding-bottom:6px}
h3{font-size:18px;margin:26px 0 6px}.lead{color:#5c5c66;margin:0 0 16px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:12px 0;font-size:15px}
dl.meta dt{font-weight:600}dl.meta dd{margin:0}
.note{background:#fff8e6;border-left:4px solid #E69F00;padding:8px 12px;margin:12px 0;font-size:15px}
nav ol{font-size:15px}nav ol ol{columns:2}figure{margin:18px 0 28px;padding:0}
figcaption{font-size:14px;color:#5c5c66;margin:4px 0}
details{margin:6px 0 0}summary{cursor:pointer;color:#0072B2;font-size:14px}
.tbl{overflow-x:auto;max-height:640px;overflow-y:auto;border:1px solid #e6e9ef;margin:8px 0}
table{border-collapse:collapse;font-size:13px;width:100%}
th{background:#e8edf3;position:sticky;top:0;text-align:left;vertical-align:bottom;padding:4px 6px}
td{padding:3px 6px;border-top:1px solid #eef0f4;vertical-align:top}td.n{text-align:right;white-space:nowrap}td:nth-child(2){min-width:12em}
footer{margin-top:40px;font-size:13px;color:#5c5c66}
@media print{body{background:#fff}main{max-width:none}.tbl{max-height:none;overflow:visible}}
"""


def _cell_html(v, unit: str | None, lang: str) -> tuple[str, bool]:
    if E._missing(v):
        return "", True
    if isinstance(v, bool):
        return html.escape(str(v)), False
    if isinstance(v, (dt.date, pd.Timestamp)):
        txt = fmt.format_month(v, lang) if unit == "month" else fmt.format_date(v, lang)
        return html.escape(txt), True
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if unit == "percent":
            txt = fmt.format_number(v, lang, 1) + "%"
        elif unit in ("count", "int") or (isinstance(v, int)):
            txt = fmt.format_number(v, lang, 0)
        elif unit in ("per_10k", "per_100k"):
            txt = fmt.format_number(v, lang, 2)
        elif unit == "hours":
            txt = fmt.format_number(v, lang, 0)
        else:
            txt = fmt.format_number(v, lang, 3 if abs(v) < 10 else 1)
        return html.escape(txt), True
    sv = str(v)
    return html.escape(sv), sv.startswith("<") and sv[1:].isdigit()


def table_html(df: pd.DataFrame, lang: str = "pl") -> str:
    units = df.attrs.get("units") or {}
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    rows = []
    for row in df.itertuples(index=False, name=None):
        cells = []
        for c, v in zip(df.columns, row):
            txt, num = _cell_html(v, units.get(c), lang)
            cells.append(f'<td class="n">{txt}</td>' if num else f"<td>{txt}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<div class="tbl"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def _fig_html(fig_dict: dict, div_id: str, lang: str) -> str:
    import plotly.io as pio
    cfg = {"displaylogo": False, "responsive": True, "locale": lang,
           "toImageButtonOptions": {"format": "png", "scale": 2}}
    return pio.to_html(fig_dict, full_html=False, include_plotlyjs=False, div_id=div_id, config=cfg,
                       validate=False, default_width="100%")


def report_html(charts: list[Chart], tables: list[tuple[str, str, pd.DataFrame]],
                definitions: pd.DataFrame, meta: dict, lang: str, skipped: list[str]) -> str:
    """The self-contained report page: plotly.js inlined ONCE in <head> (plus an empty world
    topojson so geo maps need no network), then every chart with its definition and data."""
    from plotly.offline import get_plotlyjs
    esc = html.escape
    geo_assets = json.dumps({"topojson": {n: E._EMPTY_TOPOLOGY for n in E.TOPOJSON_NAMES}})
    parts = [f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
             f'<meta name="viewport" content="width=device-width, initial-scale=1">'
             f"<title>{esc(r('title', lang))}</title><style>{_CSS}</style>"
             f'<script type="text/javascript">{get_plotlyjs()}</script>'
             f"<script>window.PlotlyGeoAssets = {geo_assets};</script></head><body><main>"]
    parts.append(f"<h1>{esc(r('title', lang))}</h1><p class='lead'>{esc(r('subtitle', lang))}</p>")
    parts.append("<dl class='meta'>" + "".join(
        f"<dt>{esc(str(k))}</dt><dd>{esc(str(v))}</dd>" for k, v in meta.items()) + "</dl>")
    parts.append(f"<p class='note'>{esc(E.suppression_note(lang))}</p>")
    maps = [c for c in charts if c.section == "maps"]
    over = [c for c in charts if c.section == "overview"]
    toc = [(r("overview", lang), "overview", over), (r("maps", lang), "maps", maps)]
    parts.append(f"<nav><h2>{esc(r('contents', lang))}</h2><ol>")
    for title, anchor, items in toc:
        if items:
            parts.append(f"<li><a href='#{anchor}'>{esc(title)}</a><ol>" + "".join(
                f"<li><a href='#{c.slug}'>{esc(c.title)}</a></li>" for c in items) + "</ol></li>")
    parts.append(f"<li><a href='#data'>{esc(r('data', lang))}</a></li>"
                 f"<li><a href='#definitions'>{esc(r('definitions', lang))}</a></li></ol></nav>")
    for title, anchor, items in toc:
        if not items:
            continue
        parts.append(f"<h2 id='{anchor}'>{esc(title)}</h2>")
        for c in items:
            base = c.export if c.export is not None else E.export_figure(c.fig, lang=lang)
            d = {**base, "layout": {k: v for k, v in (base.get("layout") or {}).items() if k != "width"}}
            parts.append(f"<figure id='{c.slug}'>{_fig_html(d, 'fig-' + c.slug, lang)}")
            if c.note:
                parts.append(f"<figcaption>{esc(c.note)}</figcaption>")
            if len(c.table):
                parts.append(f"<details><summary>{esc(r('table_behind', lang))}</summary>"
                             f"{table_html(c.table, lang)}</details>")
            parts.append("</figure>")
    if skipped:
        parts.append(f"<p class='lead'>{esc(r('empty_skipped', lang))}: "
                     + esc(", ".join(catalogue.get(c).label(lang) for c in skipped)) + "</p>")
    parts.append(f"<h2 id='data'>{esc(r('data', lang))}</h2>")
    for title, anchor, df in tables:
        parts.append(f"<h3 id='{anchor}'>{esc(title)}</h3>{table_html(df, lang)}")
    parts.append(f"<h2 id='definitions'>{esc(r('definitions', lang))}</h2>{table_html(definitions, lang)}")
    parts.append(f"<footer><p>{esc(E.attribution(lang))}</p><p>{esc(E.suppression_note(lang))}</p></footer>")
    parts.append("</main></body></html>")
    return "".join(parts)


# --- README ------------------------------------------------------------------------------------------
def _row(name: str, text: str) -> str:
    return f"{name:<44} {text}"


def readme_text(members: list[str], meta: dict, charts: list[Chart], skipped: list[str], lang: str,
                names: dict) -> str:
    """README.txt of the bundle, every sentence from the catalogue (report.readme.*), CRLF lines."""
    def heading(key: str, rule: str = "-") -> list[str]:
        title = r(key, lang)
        return [title, rule * len(title)]

    L = heading("title", "=") + ["", r("readme.intro", lang), ""]
    L += [f"{k}: {v}" for k, v in meta.items()]
    L += [""] + heading("readme.contents") + [
        _row(names['html'], r("readme.html", lang)),
        _row(names['docx'], r("readme.docx", lang)),
        _row(f"{names['charts']}/NN_*.png", r("readme.png", lang)),
        _row(f"{names['charts']}/NN_*.svg", r("readme.svg", lang)),
        _row(f"{names['charts']}/NN_*.csv", r("readme.chart_csv", lang)),
        _row(f"{names['ind']}.csv", r("readme.ind_csv", lang)),
        _row(f"{names['ind']}_excel_pl.csv", r("readme.ind_excel_pl", lang)),
        _row(f"{names['plans']}.csv, {r('file.plans', lang)}_excel_pl.csv", r("readme.plans", lang)),
        _row(names['xlsx'], r("readme.xlsx", lang)),
        _row(names['defs'], r("readme.definitions", lang)), ""]
    L += heading("readme.charts")
    L += [f"{i + 1:02d}. {c.title}" for i, c in enumerate(charts)]
    if skipped:
        L += ["", r("empty_skipped", lang) + ": " + ", ".join(catalogue.get(c).label(lang) for c in skipped)]
    L += [""] + heading("readme.protection") + [E.suppression_note(lang)]
    L += t("protection.readme", lang).split("\n") + [""]
    L += heading("readme.csv") + r("readme.csv_text", lang).split("\n") + [""]
    L += heading("readme.source") + [E.attribution(lang), ""]
    L += heading("readme.files")
    L += members
    return "\r\n".join(L) + "\r\n"


# --- the bundle ----------------------------------------------------------------------------------------
def build_report(con, out_zip_path, *, level: str = "voivodeship", codes: list[str] | None = None,
                 as_of=None, period=None, lang: str = "pl", progress: Progress | None = None,
                 filters: dict | str | None = None, png: bool = True, svg: bool = True) -> ReportResult:
    """Build the evaluator ZIP (see module docstring) at out_zip_path. `progress(fraction, message)`
    is called as it goes (0 -> 1). Suppression (role 'public') always applies. Raises KeyError for
    an unknown indicator code and ValueError for a bad level or period, before anything is written."""
    t_start = time.perf_counter()
    timings: dict[str, float] = {}
    lang = fmt.norm_lang(lang)
    if level not in REPORT_LEVELS:
        raise ValueError(f"unknown report level: {level!r} (expected one of {REPORT_LEVELS})")
    codes = catalogue.check_codes(codes)
    if not codes:
        raise ValueError("no indicators selected")
    out = Path(out_zip_path)

    def step(frac: float, msg: str) -> None:
        if progress:
            progress(max(0.0, min(1.0, frac)), msg)

    step(0.0, r("progress.indicators", lang))
    d, p0, p1 = resolve_dates(con, as_of, period)
    sup = E.suppressed_frame(con, level, d, (p0, p1), codes)
    table = E.export_table(sup, level, lang, codes)
    country = E.export_table(E.suppressed_frame(con, "country", d, (p0, p1), codes), "country", lang, codes)
    attrs = dict(table.attrs)
    table = pd.concat([table, country], ignore_index=True)
    table = table.astype(object).where(table.notna(), None)
    table.attrs.update(attrs)
    plans_df = plan_export_frame(con, d, lang)
    from analytics.metrics import plans as plans_mod
    plan_raw = plans_mod.plan_table(con, d)
    definitions = E.definitions_frame(codes, lang)
    meta = E.export_metadata(con, level=level, as_of=d, period=(p0, p1), lang=lang, codes=codes, filters=filters)
    timings["data"] = time.perf_counter() - t_start

    step(0.05, r("progress.charts", lang))
    names = {"charts": r("file.charts", lang), "data": r("file.data", lang),
             "ind": f"{r('file.data', lang)}/{r('file.indicators', lang)}",
             "plans": f"{r('file.data', lang)}/{r('file.plans', lang)}",
             "xlsx": f"{r('file.data', lang)}/{r('file.xlsx', lang)}",
             "defs": r("file.definitions", lang), "html": r("file.html", lang), "docx": r("file.docx", lang)}
    fmts = [f for f, on in (("png", png), ("svg", svg)) if on]
    # Build each chart and start rendering it at once: Python builds the next figure while the
    # browser renders the previous ones.
    t0 = time.perf_counter()
    charts: list[Chart] = []
    pending: list[tuple[str, object, dict, dict]] = []
    skipped: list[str] = []
    trend_chart, trend_table = _trend(con, d, p0, p1, lang)
    # Plans running at D only, as the plan indicators, the Overview and the Plans page count them.
    builders = [lambda: _plan_status_chart(plan_raw[plan_raw["running"].astype(bool)], d, lang), lambda: trend_chart,
                lambda: _ranking(sup, level, codes, d, lang)]
    builders += [(lambda c=c: _map_chart(sup, level, c, d, p0, p1, lang)) for c in codes]
    for i, build in enumerate(builders):
        chart = build()
        if chart is None:
            if i >= 3:
                skipped.append(codes[i - 3])
            continue
        chart.export = E.export_figure(chart.fig, lang=lang, as_of=d, unit=chart.unit, period=(p0, p1),
                                       place=reference.COUNTRY)
        charts.append(chart)
        for f in fmts:
            opts = E.render_options(chart.export, f)
            name = f"{names['charts']}/{len(charts):02d}_{chart.slug}.{f}"
            pending.append((name, E.renderer().submit(chart.export, opts), chart.export, opts))
        step(0.05 + 0.25 * (i + 1) / len(builders),
             r("progress.chart", lang, n=len(charts), title=chart.title))
    timings["figures"] = time.perf_counter() - t0
    images: list[tuple[str, bytes]] = []
    for k, (name, fut, dct, opts) in enumerate(pending):
        images.append((name, E._result(fut, dct, opts)))
        step(0.3 + 0.5 * (k + 1) / len(pending),
             r("progress.image", lang, k=k + 1, total=len(pending)))
    timings["images"] = time.perf_counter() - t0

    step(0.82, r("progress.tables", lang))
    t0 = time.perf_counter()
    chart_csv = fmt.CSV_VARIANT[lang]
    files: list[tuple[str, bytes]] = list(images)
    for i, c in enumerate(charts):
        files.append((f"{names['charts']}/{i + 1:02d}_{c.slug}.csv", E.csv_bytes(c.table, chart_csv)))
    files.append((f"{names['ind']}.csv", E.csv_bytes(table, "utf8")))
    files.append((f"{names['ind']}_excel_pl.csv", E.csv_bytes(table, "excel_pl")))
    files.append((f"{names['plans']}.csv", E.csv_bytes(plans_df, "utf8")))
    files.append((f"{names['plans']}_excel_pl.csv", E.csv_bytes(plans_df, "excel_pl")))
    trend_table.attrs["units"] = {trend_table.columns[0]: "month", **{c: "count" for c in trend_table.columns[2:]}}
    sheets = {r("sheet.indicators", lang): table, r("sheet.plans", lang): plans_df,
              r("sheet.trend", lang): trend_table}
    files.append((names["xlsx"], E.xlsx_bytes(sheets, meta, lang=lang, definitions=definitions)))
    files.append((names["defs"], E.csv_bytes(definitions, "utf8")))
    timings["tables"] = time.perf_counter() - t0

    step(0.88, r("progress.html", lang))
    t0 = time.perf_counter()
    tables = [(r("indicators_table", lang), "t-indicators", table), (r("plans_table", lang), "t-plans", plans_df),
              (r("trend_table", lang), "t-trend", trend_table)]
    files.append((names["html"], report_html(charts, tables, definitions, meta, lang, skipped).encode("utf-8")))
    timings["html"] = time.perf_counter() - t0

    step(0.91, r("progress.docx", lang))
    t0 = time.perf_counter()
    from analytics.present.docx_report import docx_bytes
    pngs = dict(images)
    chart_png = {c.slug: pngs.get(f"{names['charts']}/{i + 1:02d}_{c.slug}.png") for i, c in enumerate(charts)}
    files.append((names["docx"], docx_bytes(
        charts, chart_png, meta=meta, definitions=definitions, plans=plans_df, lang=lang, level=level,
        skipped=[catalogue.get(c).label(lang) for c in skipped],
        files={"charts": names["charts"], "xlsx": names["xlsx"], "html": names["html"]})))
    timings["docx"] = time.perf_counter() - t0

    members = ["README.txt"] + [n for n, _ in files]
    readme = readme_text(members, meta, charts, skipped, lang, names)
    step(0.95, "ZIP")
    out.parent.mkdir(parents=True, exist_ok=True)
    from analytics.data.fileutil import remove_stale  # the Export page's folders and killed builds, over an hour old
    remove_stale(Path(tempfile.gettempdir()), "ks-report-*", older_than=3600, keep=(out.parent,))
    remove_stale(out.parent, ".ks-report-*.zip.part", older_than=3600)
    fd, tmp = tempfile.mkstemp(prefix=".ks-report-", suffix=".zip.part", dir=str(out.parent))
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
            z.writestr("README.txt", readme.encode("utf-8-sig"))
            for name, data in files:
                # PNG is already compressed: store it
                z.writestr(name, data, compress_type=zipfile.ZIP_STORED if name.endswith(".png") else zipfile.ZIP_DEFLATED)
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    secs = time.perf_counter() - t_start
    timings["total"] = secs
    step(1.0, r("progress.done", lang))
    return ReportResult(out, members, len(charts), secs, skipped, timings)


# --- CLI ---------------------------------------------------------------------------------------------
def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {value!r}") from None


def _configure(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p.add_argument("--db", required=True, help="KS Atlas database (built by `import`)")
    p.add_argument("--out", required=True, help="the ZIP to write")
    p.add_argument("--as-of", type=_date, help="as-of date YYYY-MM-DD (default: latest date in the data)")
    p.add_argument("--level", choices=REPORT_LEVELS, default="voivodeship")
    p.add_argument("--lang", choices=("pl", "en"), default="pl")
    p.add_argument("--indicators", help="comma-separated indicator codes (default: all)")
    p.add_argument("--period-start", type=_date)
    p.add_argument("--period-end", type=_date)
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=cmd_report)
    return p


def add_cli(subparsers) -> argparse.ArgumentParser:
    """Register the `report` command on the analytics CLI's subparsers."""
    return _configure(subparsers.add_parser(
        "report", help="evaluator bundle: charts (PNG, SVG), CSV/XLSX data, definitions, HTML report"))


def cmd_report(args) -> int:
    if (args.period_start is None) != (args.period_end is None):
        print("error: --period-start and --period-end go together", file=sys.stderr)
        return 2
    if args.period_start and args.period_end < args.period_start:
        print("error: --period-end is before --period-start", file=sys.stderr)
        return 2
    period = (args.period_start, args.period_end) if args.period_start else None
    codes = None
    if args.indicators:
        codes = [c.strip() for c in args.indicators.split(",") if c.strip()]
        unknown = [c for c in codes if c not in catalogue.BY_CODE]
        if unknown or not codes:
            print(f"error: unknown indicator code(s): {', '.join(unknown) or '(none given)'} "
                  f"(known: {', '.join(catalogue.CODES)})", file=sys.stderr)
            return 1
    dbp = Path(args.db)
    if not dbp.is_file():
        print(f"error: database not found: {dbp}", file=sys.stderr)
        return 1
    out = Path(args.out)
    if not out.parent.is_dir():
        print(f"error: output folder does not exist: {out.parent}", file=sys.stderr)
        return 1
    from analytics.data import db
    try:
        con = db.connect_readonly(dbp)
    except Exception as e:  # noqa: BLE001 - not a DuckDB file, locked, ...
        print(f"error: cannot open database {dbp}: {e}", file=sys.stderr)
        return 1
    last = [-1]

    def progress(frac: float, msg: str) -> None:
        pct = int(frac * 100)
        if not args.quiet and (pct >= last[0] + 10 or frac >= 1.0):
            last[0] = pct
            print(f"{pct:3d}% {msg}", file=sys.stderr)

    try:
        res = build_report(con, out, level=args.level, codes=codes, as_of=args.as_of, period=period,
                           lang=args.lang, progress=progress)
    except (KeyError, ValueError) as e:
        print(f"error: {e.args[0] if e.args else e}", file=sys.stderr)
        return 1
    finally:
        con.close()
    print(f"{res.charts} charts, {len(res.members)} files written to {res.path} in {res.seconds:.1f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = _configure(argparse.ArgumentParser(prog="python -m analytics.report",
                                           description="KS Atlas evaluator report bundle"))
    args = p.parse_args(argv)  # exits 2 on a usage error
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
