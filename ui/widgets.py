"""Reusable page pieces: indicator pickers, map settings, charts with their table one click away,
downloads (always suppressed, whatever the role), headline metrics, footers.

Charts are passed as builders `build(role) -> Figure` so that the figure on screen uses the
viewer's role while every download is rebuilt from the suppressed ("public") data at click time.
"""
from __future__ import annotations

import json
from typing import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics.metrics import catalogue
from analytics.present import figures, formatting, i18n, names
from analytics.access import privacy
from analytics.data import reference
from ui import state
from ui.state import View

EXPORT_ROLE = "public"  # contract section 4: every export is suppressed


def tr(view: View, key: str, **kw) -> str:
    return i18n.t(key, view.lang, **kw)


def indicator_label(code: str, lang: str) -> str:
    return catalogue.get(code).label(lang)


def indicator_select(view: View, codes: list[str], key: str, default: str | None = None,
                     url: str | None = "ind") -> str:
    """A select box of indicators by label; the choice is remembered per page across reruns and
    mirrored in the URL as `url` (ui/state.bind)."""
    default = default if default in codes else codes[0]
    if url:
        state.bind(url, key, codes, default)
    elif key not in st.session_state or st.session_state[key] not in codes:
        st.session_state[key] = default
    return st.selectbox(tr(view, "control.indicator"), codes, key=key,
                        format_func=lambda c: indicator_label(c, view.lang),
                        help=None)


CLASS_COUNTS = [3, 4, 5, 6, 7]


def map_settings(view: View, key: str) -> dict:
    """Classification method, number of classes, palette and basemap, in a compact row."""
    methods = i18n.options("classify", view.lang)
    methods = {k: v for k, v in methods.items() if k in ("quantiles", "equal_interval", "jenks")}
    palettes = {k: v for k, v in i18n.options("palette", view.lang).items()}
    # Each control in the URL (cls, k, pal), so that a copied link draws the same map.
    state.bind("cls", f"{key}_method", list(methods), "quantiles")
    state.bind("k", f"{key}_k", CLASS_COUNTS, 5)
    state.bind("pal", f"{key}_palette", list(palettes), "YlGnBu")
    c1, c2, c3, c4 = st.columns([3, 2, 3, 2])
    method = c1.selectbox(tr(view, "control.classification"), list(methods), key=f"{key}_method",
                          format_func=methods.get, help=tr(view, "control.classification_help"))
    k = c2.selectbox(tr(view, "control.n_classes"), CLASS_COUNTS, key=f"{key}_k")
    palette = c3.selectbox(tr(view, "control.palette"), list(palettes), key=f"{key}_palette",
                           format_func=palettes.get)
    c4.write("")
    basemap = c4.toggle(tr(view, "control.basemap"), key=f"{key}_basemap", value=False,
                        help=tr(view, "control.basemap_help"))
    return {"method": method, "k": k, "palette": palette, "basemap": basemap}


def chart(view: View, build: Callable[[str], go.Figure], *, key: str, role: str, filename: str,
          select: bool = False, on_select: Callable | None = None, height: int | None = None):
    """Show a plotly figure built for the viewer's role, its table in an expander, and downloads
    built from suppressed data. With select=True, clicks call `on_select` (drill-down)."""
    fig = build(role)
    kwargs = dict(theme=None, key=key, config={"displaylogo": False, "locale": view.lang})
    if select:
        kwargs |= dict(on_select=on_select or "rerun", selection_mode="points")
    event = st.plotly_chart(_as_sent(fig), **kwargs)
    summary, shown = _presented(view, fig)
    if summary:  # a map's text alternative (WCAG 1.1.1); the full table is in the expander below
        st.caption(summary)
    chart_table_box(view, shown, build, key=key, filename=filename)
    return event


def chart_table_box(view: View, shown: pd.DataFrame | None, build: Callable[[str], go.Figure], *, key: str,
                    filename: str) -> None:
    """A chart's table and downloads in an expander that is filled only while it is open: a closed
    one is a single element on the wire instead of a table, its legend and five buttons in six
    columns (most views never open it; issue 15, server CPU per view). Opening it reruns the page,
    or the map's fragment alone, once; it stays open for the session (its state is keyed)."""
    box = st.expander(tr(view, "control.show_table"), expanded=False, key=f"{key}_table", on_change="rerun")
    if not box.open:
        return
    with box:
        if shown is not None:
            _show_formatted(view, shown)
        downloads(view, build, key=key, filename=filename)



class _Sent(go.Figure):
    """A figure as st.plotly_chart sends it: st.plotly_chart calls `to_dict()` on every run, which
    deep-copies the whole figure (5-20 ms for a map or a dot plot); this one answers with the dict
    made once for its (cached, never mutated) figure. Only st.plotly_chart sees it."""

    def __init__(self, as_dict: dict):
        super().__init__()
        self._ks_dict = as_dict

    def to_dict(self) -> dict:
        return self._ks_dict


def _as_sent(fig: go.Figure) -> go.Figure:
    from ui import data
    return data.derived(fig, ("sent",), lambda: _Sent(fig.to_dict()))


def _presented(view: View, fig: go.Figure) -> tuple[str | None, pd.DataFrame | None]:
    """A chart's summary sentence and its table as shown (formatted), derived once per figure and
    language (a cached figure is the same object on every run: ui/data.derived)."""
    from ui import data

    def make():
        table = figures.chart_table(fig)
        summary = chart_summary(view, table, figures.chart_meta(fig))
        shown = None
        if table is not None and not table.empty:
            shown = formatting.format_table(screen_table(view, table), view.lang)
        return summary, shown
    return data.derived(fig, ("presented", view.lang), make)


def indicator_trend(view: View, stamp, viewer, level: str, unit: str, where: str, codes: list[str], *,
                    key: str, help_stock: str, help_flow: str) -> None:
    """An indicator picker and its monthly series for the unit in view over at least 24 months: a
    line for a stock, bars for a flow. Each month is a protected cell (ui/data.trend): a hidden one
    is a gap, never a number."""
    from analytics.metrics.dates import period_ending
    from ui import data
    code = indicator_select(view, codes, key=f"{key}_indicator")
    ind = catalogue.get(code)
    period = period_ending(view.as_of, max(view.period_months, 24))

    def build(r):
        series = data.trend(stamp, level, unit, view.as_of, period, r, (code,))
        flag = code + privacy.FLAG_SUFFIX
        value = series[code].where(~series[flag].astype(bool)) if flag in series else series[code]
        return figures.trend_line(series.assign(value=value), "month", "value", ind.label(view.lang),
                                  unit=ind.unit, lang=view.lang, kind="line" if ind.kind == "stock" else "bar",
                                  title=f"{ind.label(view.lang)} — {where}", as_of=view.as_of,
                                  decimals=ind.decimals)

    st.caption(tr(view, help_stock if ind.kind == "stock" else help_flow))
    chart(view, build, key=key, role=viewer, filename=f"trend_{code}")


def screen_table(view: View, table: pd.DataFrame) -> pd.DataFrame:
    """A chart's table as shown: a map's raw value column is left out where the formatted value
    (with its unit, or the protection symbol) follows it; downloads keep both."""
    cols = list(table.columns)
    value_txt, rank_txt = tr(view, "map.value"), tr(view, "map.rank_label")
    if value_txt in cols and cols.index(value_txt) > 0:
        raw = cols[cols.index(value_txt) - 1]
        if pd.api.types.is_numeric_dtype(table[raw]):
            table = table.drop(columns=[raw])
    if rank_txt in table.columns and pd.api.types.is_numeric_dtype(table[rank_txt]):
        table = table.assign(**{rank_txt: rank_texts(view, table[rank_txt])})
    return table


def rank_texts(view: View, ranks: pd.Series) -> list[str]:
    """Ranks as places, ties as the places they share: 1 (alone) -> '1. z 380'; forty units tied
    at 1 -> '1.–40. z 380'; no rank -> 'brak danych'."""
    return figures.rank_texts(ranks, view.lang, missing=formatting.no_data(view.lang))


def show_table(view: View, df: pd.DataFrame, *, units: dict | None = None, height=None, style=None,
               **kwargs) -> pd.DataFrame:
    """Every table on screen goes through here: formatted the language's way in one path
    (formatting.format_table: numbers, percent, dates, hours, empty cells), scrolling sideways when
    wide, with the legend line of the empty-cell symbols it shows."""
    shown = formatting.format_table(df, view.lang, units)
    return _show_formatted(view, shown, height=height, style=style, **kwargs)


def _show_formatted(view: View, shown: pd.DataFrame, *, height=None, style=None, **kwargs) -> pd.DataFrame:
    st.dataframe(style(shown) if style else shown, hide_index=True, width="stretch", height=height or "auto",
                 **kwargs)
    empty_legend(view, [v for c in shown.columns for v in shown[c] if isinstance(v, str)])
    return shown


def empty_legend(view: View, cells) -> None:
    """One line explaining the empty-cell symbols that `cells` (texts shown) use: '–' nothing
    happened (0), 'brak danych' no data or not applicable, '<10' / '<5' / '#' protected."""
    cells = set(cells)
    parts = []
    if formatting.ZERO in cells:
        parts.append(tr(view, "legend.symbol_zero"))
    if any(c.startswith(formatting.no_data(view.lang)) for c in cells):
        parts.append(tr(view, "legend.symbol_no_data"))
    symbols = (privacy.cell_label("powiat"), privacy.cell_label("voivodeship"), privacy.DERIVED_SYMBOL)
    protected = [c for c in symbols if c in cells]
    if protected:
        parts.append(tr(view, "legend.symbol_protected", symbols=" / ".join(protected)))
    if parts:
        st.caption(" · ".join(parts))


def chart_summary(view: View, table: pd.DataFrame | None, meta: dict | None = None) -> str | None:
    """A one-sentence summary of a map's table (`figures.chart_table`, kind from `chart_meta`): the
    highest and lowest values with their units for a choropleth, the count per category for a
    category map; None for other charts (their table is one click away). The sentences are the
    catalogue's summary.* keys (WCAG 1.1.1 text alternative for a canvas map)."""
    kind = (meta or {}).get("kind")
    if table is None or table.empty or kind not in ("choropleth", "category_map"):
        return None
    area, voiv = tr(view, "chart.area"), tr(view, "chart.voivodeship")
    if kind == "category_map":
        counts = table[table.columns[-1]].value_counts()
        items = ", ".join(f"{cat} – {formatting.format_number(n, view.lang)}" for cat, n in counts.items())
        return tr(view, "summary.counts", items=items)

    value_txt = tr(view, "map.value")
    number = table.columns[list(table.columns).index(value_txt) - 1]  # the numeric column before it
    values = pd.to_numeric(table[number], errors="coerce")
    known = table[values.notna()].assign(_v=values[values.notna()])
    missing = int((values.isna() & (table[value_txt] == tr(view, "legend.no_data"))).sum())
    hidden = int(values.isna().sum()) - missing

    rank_col = tr(view, "map.rank_label")

    def where(v: float) -> str:
        rows = known[known["_v"] == v]
        first = rows.iloc[0]
        name = first[area] + (f", {first[voiv]}" if voiv in rows.columns and not meta.get("voivodeship") else "")
        if len(rows) > 1:  # a tie: the places it shares, as in the table and the tooltip ('1.–40. z 380')
            rank = int(first[rank_col]) if rank_col in rows.columns and pd.notna(first[rank_col]) else None
            places = tr(view, "map.rank_tied", rank=rank, last=rank + len(rows) - 1, n=len(known)) \
                if rank is not None else None
            name = tr(view, "summary.tied", name=name, places=places) if places \
                else tr(view, "summary.tied_count", name=name, n=len(rows))
        return f"{first[value_txt]} ({name})"

    parts = []
    if known.empty:
        parts.append(tr(view, "summary.none"))
    elif known["_v"].max() == known["_v"].min():
        parts.append(tr(view, "summary.one", hi=where(known["_v"].max())))
    else:
        parts.append(tr(view, "summary.range", hi=where(known["_v"].max()), lo=where(known["_v"].min())))
    if missing:
        parts.append(tr(view, "summary.missing", n=formatting.format_number(missing, view.lang)))
    if hidden:
        parts.append(tr(view, "summary.hidden", n=formatting.format_number(hidden, view.lang)))
    return " ".join(parts)


# WCAG 2.4.7: Streamlit marks a focused navigation link only by a faint grey background.
_FOCUS_CSS = ('[data-testid="stSidebarNavLink"]:focus-visible '
              '{outline: 2px solid #1f5fa6; outline-offset: 1px;}'
              # WCAG 1.4.3: Streamlit fades a whole caption (opacity 0.6), links included; a caption
              # with a link (the protection sentence, the footer) fades its text colour instead.
              '[data-testid="stCaptionContainer"]:has(a) {opacity: 1; color: rgba(17, 17, 17, 0.72);}'
              '[data-testid="stCaptionContainer"] a {color: #0a3a75;}'
              # A headline card's label (ui/widgets._metric_cards) wraps and is bold, as a heading
              # of its card; st.metric would cut it to one line.
              '[class*="st-key-ks_cards_"] [data-testid="stMetricLabel"] {height: auto; min-height: 1.5rem;'
              ' margin-bottom: 0.25rem;}'
              '[class*="st-key-ks_cards_"] [data-testid="stMetricLabel"] p,'
              ' [class*="st-key-ks_cards_"] [data-testid="stMetricLabel"] div {white-space: normal !important;'
              ' overflow: visible !important; text-overflow: clip !important;}'
              '[class*="st-key-ks_cards_"] [data-testid="stMetricLabel"] p {font-weight: 600; font-size: 1rem;}'
              # Narrow screens: wide tables scroll sideways inside their frame, never the page.
              '[data-testid="stDataFrame"] {max-width: 100%; overflow-x: auto;}'
              # Print: the page's content with its maps, without the sidebar, the header, buttons and
              # closed expanders; a map prints as the snapshot taken as the print starts (beforeprint)
              # (a WebGL canvas prints blank).
              '.ks-print-map {display: none;}'
              '@media print {'
              '[data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],'
              '[data-testid="stSidebarCollapsedControl"], [data-testid="stDecoration"],'
              '[data-testid="stBaseButton-secondary"], [data-testid="stDownloadButton"],'
              '[data-testid="stExpander"], [data-testid="stSkipLink"] {display: none !important;}'
              '[data-testid="stMain"], [data-testid="stMainBlockContainer"] {max-width: 100% !important;'
              ' margin: 0 !important; padding: 0.5cm !important; width: 100% !important;}'
              '.js-plotly-plot, [data-testid="stMetric"] {break-inside: avoid;}'
              # a figure drawn wider than an A4 page shrinks to it (the scale: _PRINT_MAP_JS printScale)
              '[data-testid="stPlotlyChart"] {transform: scale(var(--ks-print-scale, 1)); transform-origin: 0 0;}'
              # ... not clipped at the page's width before it shrinks, and its frame clips what is left
              # of its drawn width (else the printout shrinks the whole page to fit it)
              '.js-plotly-plot {overflow: visible !important;}'
              '[data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {overflow: clip !important;'
              ' margin-bottom: var(--ks-print-shrink, 0px);}'
              '.ks-has-print-map canvas, .ks-has-print-map .maplibregl-canvas-container {visibility: hidden;}'
              '.ks-print-map {display: block; position: absolute; left: 0; top: 0; width: 100%; height: 100%;'
              ' object-fit: contain;}'
              '}')
# Keeps a picture of each plotly map (maplibre) taken in its 'idle' event, while its drawing buffer
# still holds the frame, for the print stylesheet to show in place of the canvas.
_PRINT_MAP_JS = """
(function () {
  if (window.__ksPrintMaps) return; window.__ksPrintMaps = true;
  // Each maplibre map of the page's plotly figures, with its layout ('map', 'map2', ...).
  function eachMap(fn) {
    document.querySelectorAll('.js-plotly-plot').forEach(function (gd) {
      var layout = gd._fullLayout || {};
      Object.keys(layout).forEach(function (k) {
        var sub = layout[k] && layout[k]._subplot;
        if (sub && sub.map) fn(sub.map, layout[k]);
      });
    });
  }
  // A map's print snapshot (a WebGL canvas prints blank), taken when the page is printed
  // (beforeprint: Ctrl+P, window.print(), a headless print to PDF), not whenever the map finishes
  // drawing: reading a WebGL canvas waits for the frame to be rasterised and copied (0.1-0.3 s of the
  // main thread with a software renderer), which delayed every map change. The canvas keeps no
  // drawing buffer, so a frame is drawn synchronously (map.redraw) and read in the same task.
  function snapshot(map) {
    if (typeof map.getCanvas !== 'function' || typeof map.redraw !== 'function') return;
    try {
      map.redraw();
      var url = map.getCanvas().toDataURL('image/png');
      var box = map.getContainer();
      var img = box.querySelector(':scope > img.ks-print-map');
      if (!img) { img = document.createElement('img'); img.className = 'ks-print-map'; img.alt = '';
                  box.appendChild(img); box.classList.add('ks-has-print-map'); }
      img.src = url;
    } catch (e) {}
  }
  // A map is drawn for a 760-pixel-wide frame: on a phone it would crop the country and its legend
  // (bottom left) would cover land. Below 620 px, zoom out to keep the same extent across the width
  // and lift the land above the legend; a map the user zoomed (not at the figure's zoom) is left alone.
  function fitNarrow() {
    eachMap(function (map, sub) {
      if (typeof map.getZoom !== 'function' || typeof sub.zoom !== 'number') return;
      var w = map.getContainer().clientWidth;
      if (!w || w >= 620 || Math.abs(map.getZoom() - sub.zoom) > 0.001) return;
      map.jumpTo({zoom: sub.zoom - Math.log2(760 / w)});
      map.panBy([0, Math.round(map.getContainer().clientHeight * 0.12)], {animate: false});
    });
  }
  // Print: a figure keeps the pixel width it was drawn at (plotly does not redraw for paper), so one
  // wider than the printable width (A4 portrait, 1 cm margins: about 680 px of content) would be cut
  // at the page's edge, its map with it. Each figure keeps its print scale in CSS variables, kept up
  // to date on screen, so that the print stylesheet shrinks it at once (no print event is needed;
  // a transform leaves the layout, which Streamlit watches to redraw, as it is).
  var PRINT_WIDTH = 680;
  function printScale() {
    document.querySelectorAll('[data-testid="stPlotlyChart"]').forEach(function (el) {
      var gd = el.querySelector('.js-plotly-plot');
      var drawn = gd ? gd.offsetWidth : 0;
      var s = drawn > PRINT_WIDTH ? PRINT_WIDTH / drawn : 1;
      el.style.setProperty('--ks-print-scale', s.toFixed(4));
      var frame = el.closest('[data-testid="stElementContainer"]') || el;  // the block whose height counts
      frame.style.setProperty('--ks-print-shrink', Math.round(-(gd ? gd.offsetHeight : 0) * (1 - s)) + 'px');
    });
  }
  window.addEventListener('beforeprint', function () { eachMap(snapshot); printScale(); });
  setInterval(printScale, 700);
  setInterval(fitNarrow, 700);
})();
"""


def document_language(lang: str) -> None:
    """WCAG 3.1.1: Streamlit serves `<html lang="en">` whatever the interface language; set the
    document's language to the one on screen so screen readers pronounce Polish as Polish. Also
    gives the navigation links a visible keyboard focus."""
    code = formatting.norm_lang(lang)
    st.html(f"<style>{_FOCUS_CSS}</style><script>document.documentElement.lang = {json.dumps(code)};"
            f"{_PRINT_MAP_JS}</script>", unsafe_allow_javascript=True)


def downloads(view: View, build: Callable[[str], go.Figure], *, key: str, filename: str) -> None:
    """CSV / XLSX of the chart's table and PNG / SVG / PDF of the chart, rendered at click time from
    the suppressed data."""
    def public_fig():
        return build(EXPORT_ROLE)

    def table():
        return figures.chart_table(public_fig())

    meta = export_metadata(view)
    cols = st.columns(5)
    table_buttons(view, cols[0], cols[1], table, key=key, filename=filename, meta=meta)
    missing = _exports().images_unavailable(view.lang)  # no Chromium: say so instead of failing on click
    for col, fmt, mime in ((cols[2], "png", "image/png"), (cols[3], "svg", "image/svg+xml"),
                           (cols[4], "pdf", "application/pdf")):
        col.download_button(fmt.upper(), data=lambda fmt=fmt: _exports().figure_bytes(public_fig(), fmt, lang=view.lang,
                                                                                  as_of=view.as_of, period=view.period, place=view.focus()[1]),
                            file_name=f"{filename}.{fmt}", mime=mime, key=f"{key}_{fmt}", on_click="ignore",
                            disabled=missing is not None, help=missing)
    if missing:
        st.caption(missing)


def _exports():
    from analytics.present import exports  # imported on click: kaleido starts only when an image is asked for
    return exports


def table_buttons(view: View, csv_col, xlsx_col, source: Callable[[], pd.DataFrame], *, key: str,
                   filename: str, meta: dict) -> None:
    variant = formatting.CSV_VARIANT[formatting.norm_lang(view.lang)]
    csv_col.download_button("CSV", data=lambda: _exports().csv_bytes(source(), variant=variant),
                            file_name=f"{filename}.csv", mime="text/csv", key=f"{key}_csv", on_click="ignore")
    xlsx_col.download_button("XLSX", data=lambda: _exports().xlsx_bytes({filename[:31]: source()}, meta,
                                                                        lang=view.lang),
                             file_name=f"{filename}.xlsx", key=f"{key}_xlsx", on_click="ignore",
                             mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def export_metadata(view: View) -> dict:
    """The metadata sheet of a download: as-of, period, level, filters, source, suppression note."""
    from analytics.present import exports
    unit_names = {u["teryt"]: u["name"] for u in reference.units()}
    filters = {tr(view, "control.voivodeship"): unit_names.get(view.voivodeship,
                                                              tr(view, "control.all_voivodeships"))}
    return exports.export_metadata(level=view.map_level, as_of=view.as_of, period=view.period, lang=view.lang,
                                   filters=filters)


def table_with_download(view: View, df: pd.DataFrame, *, key: str, filename: str,
                        public_df: Callable[[], pd.DataFrame] | None = None, height: int | None = None,
                        style: Callable | None = None, units: dict | None = None,
                        column_config: dict | None = None, formatted: bool = False) -> None:
    """A table on screen (optionally styled: `style(df) -> Styler`) plus CSV/XLSX downloads
    (of `public_df()` when given: suppressed data). formatted: `df` already went through
    formatting.format_table (a page that keeps its formatted table across runs)."""
    extra = {"column_config": column_config} if column_config else {}
    if formatted:
        _show_formatted(view, df, height=height, style=style, **extra)
    else:
        show_table(view, df, height=height, style=style, units=units, **extra)
    c1, c2, _ = st.columns([1, 1, 6])
    table_buttons(view, c1, c2, public_df or (lambda: df), key=key, filename=filename,
                   meta=export_metadata(view))


def value_text(view: View, code: str, value, suppressed: bool = False, level: str | None = None) -> str:
    """A value in the empty-cell vocabulary: the protection symbol, 'brak danych', '–' for nothing
    happened (formatting.format_cell), else the number."""
    ind = catalogue.get(code)
    if suppressed:
        return privacy.hidden_label(code, level or view.map_level)
    return formatting.format_cell(value, ind.unit, view.lang, ind.decimals)


def missing_reason(view: View, code: str) -> str:
    """Why an indicator has no value ('brak danych: …'): no coalition, no plan, nothing logged, no
    population, or its SOW table not provided."""
    ind = catalogue.get(code)
    if code == "cross_sector_share":
        reason = "no_coalition"
    elif ind.kind == "plan":
        reason = "no_plan"
    elif code == "confirmation_rate":
        reason = "nothing_logged"
    elif ind.needs_sow and not _sow_available():
        reason = "no_table"
    elif ind.unit in ("per_10k", "per_100k", "share"):
        reason = "no_population"
    else:
        reason = "not_applicable"
    return tr(view, f"legend.reason_{reason}")


def _sow_available() -> bool:
    from ui import data
    from ui.context import ctx
    return data.sow_available(ctx().stamp)


def metrics_row(view: View, row: pd.Series, codes: list[str], *, previous: pd.Series | None = None,
                level: str = "country") -> None:
    """Headline numbers with the change against a year earlier (when `previous` is given), at most
    four to a row so labels stay readable."""
    shown = []
    level = row.attrs.get("level", level)  # a partner's area in the headline (_area_rows)
    # keyed: its CSS class (st-key-ks_cards_...) scopes the cards' label style (_FOCUS_CSS)
    with st.container(key="ks_cards_" + "_".join(codes[:2])):
        for start in range(0, len(codes), 4):
            shown += _metric_cards(view, row, codes[start:start + 4], previous, level)
    empty_legend(view, shown)


def _metric_cards(view: View, row: pd.Series, codes: list[str], previous: pd.Series | None,
                  level: str) -> list[str]:
    cols = st.columns(4)
    shown = []
    for col, code in zip(cols, codes):
        ind = catalogue.get(code)
        flag = bool(row.get(code + privacy.FLAG_SUFFIX, False))
        value = row.get(code)
        delta = None
        # A flow over a period reaching past the data's last complete month is incomplete: no
        # year-on-year change (it would compare a partly reported month with a complete one).
        incomplete = ind.kind == "flow" and not view.period_complete
        if previous is not None and not flag and not pd.isna(value) and not incomplete:
            prev = previous.get(code)
            prev_flag = bool(previous.get(code + privacy.FLAG_SUFFIX, False))
            if prev is not None and not pd.isna(prev) and not prev_flag:
                diff = float(value) - float(prev)
                if ind.unit in ("share", "index"):
                    delta = tr(view, "metric.delta_pp",
                               delta=formatting.format_number(diff * 100, view.lang, 1, sign=True))
                else:
                    delta = formatting.format_number(diff, view.lang, ind.decimals if ind.unit != "count" else 0,
                                                     sign=True)
        # A change that rounds to zero ("0,0 p.p.") is no rise: grey, without an arrow.
        flat = delta is not None and not delta.startswith(("+", "-"))
        text = value_text(view, code, value, flag, level)
        shown.append(text)
        # One element per card (st.metric draws its own frame, label and help; _FOCUS_CSS lets the
        # label wrap, bold, instead of cutting it to one line): a page shows up to twelve cards, and
        # every element costs the server on every view (issue 15, CPU per view). A card without a
        # value says why under it, in a frame of its own around both.
        label = ind.label(view.lang) + (f" ({tr(view, 'metric.incomplete')})" if incomplete else "")
        help_text = (ind.definition(view.lang) + (f" {tr(view, 'metric.delta_help')}" if delta else "") +
                     (f" {tr(view, 'metric.incomplete_help')}" if incomplete else ""))
        missing = text == formatting.no_data(view.lang)
        with col.container(border=True) if missing else col:
            st.metric(label, text, delta=delta, help=help_text, border=not missing,
                      delta_color="off" if flat else "normal" if ind.direction >= 0 else "inverse",
                      delta_arrow="off" if flat else "auto")
            if missing:
                st.caption(missing_reason(view, code))
    return shown


def headline(view: View, stamp, viewer, codes, *, heading: str = "overview.headline",
             check_partners: bool = False) -> tuple[str, str, pd.Series, pd.Series]:
    """The page's headline for the unit in focus (View.focus): its heading, and its row of the
    `codes` now and a year earlier (for metrics_row). With check_partners, says so when no
    partner was active yet. Returns (level, unit, row, previous row)."""
    from ui import data
    level, unit = view.focus()
    needed = tuple(codes) + (("active_local_partners", "regional_partner_presence") if check_partners else ())
    row = data.indicator_table(stamp, level, view.as_of, view.period, viewer, needed).set_index("teryt").loc[unit]
    before, before_period = view.year_earlier()
    prev = data.indicator_table(stamp, level, before, before_period, viewer, tuple(codes)).set_index("teryt").loc[unit]
    date = formatting.format_date(view.as_of, view.lang)
    p0, p1 = view.period
    where = place_name(view, level, row)
    own = _own_area_headline(view, stamp)
    if own is not None:  # a local partner at home: the headline's figures are its own area's
        row, prev = _area_rows(stamp, own, view, viewer, row, prev, needed)
        title = tr(view, "name.partner_area", name=formatting.md_text(own.name), n=len(own.powiats))
    st.subheader(tr(view, heading, where=title if own is not None else where, date=date,
                    p0=formatting.format_month(p0, view.lang), p1=formatting.format_month(p1, view.lang)))
    if own is not None:
        st.caption(tr(view, "name.partner_area_note", units=", ".join(names.area_unit_names(own, view.lang)),
                      where=where))
    if check_partners and (row["active_local_partners"] or 0) == 0 and (row["regional_partner_presence"] or 0) == 0:
        empty(view, "empty.no_partners_at_date", date=date)
    return level, unit, row, prev


def _own_area_headline(view: View, stamp):
    """The signed-in local partner's own area (metrics.areas.Area) when the headline should show it:
    the partner works in several powiats, the view is one of their voivodeships with no powiat
    selected (where the session opens, state.focus_partner), and the choice above the headline is
    left at the partner's area. None otherwise (a one-powiat partner opens on its powiat, a
    regional partner's area is its voivodeship)."""
    from ui import data
    from ui.context import ctx
    c = ctx()
    powiats = sorted(getattr(c.scope, "powiats", None) or ()) if getattr(c.scope, "is_partner", False) else []
    if len(powiats) < 2 or not view.voivodeship or view.unit or view.voivodeship not in {p[:2] for p in powiats}:
        return None
    area = data.area(stamp, "partner", c.partner_id, view.as_of)
    if area.empty or area.tier != "local":
        return None
    choice = st.segmented_control(tr(view, "control.headline_for"), ["area", "voivodeship"], key="headline_for",
                                  default="area", format_func=lambda k: tr(view, f"control.headline_for_{k}"))
    return area if choice != "voivodeship" else None


def _area_rows(stamp, area, view: View, viewer, row: pd.Series, prev: pd.Series, codes) -> tuple[pd.Series, pd.Series]:
    """The unit's rows with their indicator values (and protection flags) replaced by the area's, now
    and a year earlier (the area's powiats on the as-of date both times); the names stay the unit's,
    so a page's charts keep naming the unit they show. rows' attrs['level'] = 'area' (protection
    symbols: every hidden value of an area is '#')."""
    from ui import data
    before, before_period = view.year_earlier()
    out = []
    for base, (as_of, period) in ((row, (view.as_of, view.period)), (prev, (before, before_period))):
        area_row = data.area_table(stamp, area.powiats, as_of, period, viewer).iloc[0]
        new = base.copy()
        for c in codes:
            new[c] = area_row.get(c)
            flag = c + privacy.FLAG_SUFFIX
            if flag in base.index or flag in area_row.index:
                new[flag] = bool(area_row.get(flag, False))
        new.attrs["level"] = "area"
        out.append(new)
    return out[0], out[1]


def place_name(view: View, level: str, row: pd.Series) -> str:
    """'Polska', 'województwo mazowieckie' or 'powiat bolesławiecki' / 'Kraków' for a headline."""
    return names.place_name(level, row, view.lang)


def footer(view: View) -> None:
    as_of = formatting.format_date(view.as_of, view.lang)
    data_as_of = formatting.format_date(view.data_as_of, view.lang)
    attribution = tr(view, "source.attribution")
    st.divider()
    st.caption(tr(view, "footer.text", as_of=as_of, data_as_of=data_as_of, attribution=attribution)
               + " " + tr(view, "about.link"))
    document_language(view.lang)  # every page ends with the footer


def empty(view: View, key: str, **kw) -> None:
    st.info(tr(view, key, **kw))


def drill_down(key: str) -> None:
    """Map click callback: a voivodeship opens its powiats; a powiat becomes the selected unit.
    Runs as a callback, before the rerun, so it may set the sidebar's widget state."""
    teryt = figures.selected_teryt(st.session_state.get(key))
    if teryt and len(teryt) == 2:
        st.session_state["woj"] = teryt
        st.session_state["unit"] = None
    elif teryt:
        st.session_state["unit"] = teryt
    if teryt:
        _whole_view_changes()


def back_to_poland() -> None:
    from ui.state import ALL
    st.session_state["woj"] = ALL
    st.session_state["unit"] = None
    _whole_view_changes()


def powiat_labels(stamp) -> dict[str, str]:
    """Every powiat's TERYT -> 'powiat bielski (śląskie)', in Polish alphabetical order (cached per
    data version: ui/data.powiat_labels)."""
    from ui import data
    return data.powiat_labels(stamp)


def _powiat_found(key: str) -> None:
    """The list's callback: a powiat opens its voivodeship's map with the powiat selected (as a
    click on the map would); clearing the list leaves the selected powiat."""
    teryt = st.session_state.get(key)
    if teryt:
        st.session_state["woj"] = teryt[:2]
        st.session_state["unit"] = teryt
        _whole_view_changes()


def find_powiat(view: View, stamp, key: str) -> None:
    """A searchable list of all 380 powiats (type to search, arrows and Enter to choose), in step
    with the map and the headline: it shows the selected powiat."""
    labels = powiat_labels(stamp)
    wkey = f"{key}_find"
    st.session_state[wkey] = view.unit if view.unit in labels else None
    st.selectbox(tr(view, "control.find_powiat"), list(labels), key=wkey, format_func=labels.get,
                 placeholder=tr(view, "control.find_powiat_placeholder"), on_change=_powiat_found, args=(wkey,),
                 help=tr(view, "control.find_powiat_help"))


def own_area() -> tuple[str, ...]:
    """The signed-in partner's own powiats (empty for every other viewer), for its map outline."""
    from ui.context import ctx
    scope = ctx().scope
    if not getattr(scope, "is_partner", False) or not scope.powiats:
        return ()
    return tuple(sorted(scope.powiats))


APP_RERUN = "_app_rerun"  # set by a map control that changes the whole view (dashboard.py clears it)
APP_RUN = "_app_run"      # True while dashboard.py runs the whole page (False in a fragment's own run)


def _whole_view_changes() -> None:
    """After a callback that changed the view of the whole page (voivodeship, selected unit), a
    rerun of the map's fragment alone is not enough: the page's headline and the sidebar follow."""
    st.session_state[APP_RERUN] = True


def map_section(view: View, stamp, role: str, codes: list[str], *, key: str, default: str) -> str:
    """Indicator choice, map settings, the powiat finder, the map with drill-down and the way back.
    Returns the code.

    The section is a fragment (st.fragment): changing the indicator, the classification, the number
    of classes, the palette or the basemap reruns this section only, not the page around it (its
    headline, tables and other charts), and the URL follows (ui/state.sync_url). A click on the map,
    the powiat finder and the way back change the whole view: they rerun the whole page."""
    return _map_fragment(view, stamp, role, codes, key=key, default=default)


@st.fragment
def _map_fragment(view: View, stamp, role: str, codes: list[str], *, key: str, default: str) -> str:
    from ui import data
    if st.session_state.pop(APP_RERUN, False):  # only in a fragment's own run (dashboard.py clears it)
        st.rerun(scope="app")
    col_ind, col_find, col_back = st.columns([3.2, 3, 2.8])
    with col_ind:
        code = indicator_select(view, codes, key=f"{key}_indicator", default=default)
    with col_find:
        find_powiat(view, stamp, key)
    if view.voivodeship:
        with col_back:
            st.write("")
            st.button(tr(view, "control.back_to_poland"), on_click=back_to_poland, key=f"{key}_back",
                      icon=":material/arrow_back:")
    settings = map_settings(view, f"{key}_settings")
    st.caption(catalogue.get(code).definition(view.lang))
    if catalogue.get(code).kind == "flow" and not view.period_complete:  # its flows are partly reported
        st.warning(tr(view, "metric.incomplete_help"), icon=":material/hourglass_bottom:")
    # What a click on the map does, in every view (voivodeships: open one; powiats: select one).
    drills = not view.voivodeship and view.map_level == "voivodeship"
    st.caption(tr(view, "control.click_to_drill" if drills else "control.click_to_select"))

    own = own_area()

    def build(r):
        fig = data.choropleth(stamp, view.map_level, view.as_of, view.period, r, code, view.lang,
                              settings["method"], settings["k"], settings["palette"], settings["basemap"],
                              view.voivodeship, view.unit)
        # A partner sees its own area outlined (a copy: the cached figure is shared).
        return figures.add_area_outline(go.Figure(fig), own) if own else fig

    chart(view, build, key=f"{key}_map", role=role, filename=f"mapa_{code}", select=True,
          on_select=lambda: drill_down(f"{key}_map"))
    if not st.session_state.get(APP_RUN):  # the fragment's own run: dashboard.py did not sync the URL
        state.sync_url(view.data_as_of)
    return code
