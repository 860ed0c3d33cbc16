"""Charts of the Partners page: the partners' timeline by voivodeship and a month-by-unit heat map.

    timeline(register, lang, editions=...)     a Gantt chart: one band per voivodeship, its regional
                                               partners as a thick bar, its local partners in thin
                                               lanes below, edition boundaries as vertical lines
    heatmap(frame, code, label, unit, lang)     one row per unit, one column per month

Built like analytics/present/figures.py (its styling, source line and "table behind the chart" in
the figure's meta, so widgets.chart shows the table and the downloads). Partner names are text from
the input files: escaped for plotly's pseudo-HTML (figures._html), never interpreted.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics.present import classify as cl
from analytics.present import figures as F
from analytics.present import formatting as fmt
from analytics.present.names import collation_key as polish_key
from analytics.present.i18n import t

TIER_COLORS = {"regional": "#0072B2", "local": "#E69F00"}   # Okabe–Ito blue and orange
ROW = 1.0            # height of one voivodeship's band
REGIONAL_BAR = 0.34  # the regional partners' bar, at the top of the band
LOCAL_SPACE = 0.5    # the local lanes share this much of the band, below it


def _lanes(spans: list[tuple[dt.date, dt.date]]) -> list[int]:
    """Greedy lane per span (in the given order, by start): the first lane free at its start."""
    ends: list[dt.date] = []
    out = []
    for start, end in spans:
        for i, e in enumerate(ends):
            if e < start:
                ends[i] = end
                out.append(i)
                break
        else:
            ends.append(end)
            out.append(len(ends) - 1)
    return out


def timeline(register: pd.DataFrame, lang: str = "pl", *, editions: pd.DataFrame | None = None,
             as_of: dt.date | None = None, title: str | None = None, subtitle: str | None = None) -> go.Figure:
    """Partners over time by seat voivodeship (history.register's frame: name, tier, voivodeship_name,
    edition, start_date, end_date). An open-ended partnership is drawn up to `as_of` (default: the
    latest date in the frame). `editions` (history.editions) adds a line and a label at the first
    day of each edition. Voivodeships in Polish alphabetical order, top down."""
    lang = fmt.norm_lang(lang)
    reg = register.copy()
    starts = pd.to_datetime(reg["start_date"])
    last = as_of or max([d for d in list(reg["start_date"]) + list(reg["end_date"]) if d is not None and pd.notna(d)],
                        default=dt.date.today())
    ends = pd.to_datetime([e if e is not None and pd.notna(e) else last for e in reg["end_date"]])
    reg["_start"], reg["_end"] = starts.to_numpy(), ends
    voivs = sorted(reg["voivodeship_name"].dropna().unique(), key=polish_key)
    base_y = {v: (len(voivs) - 1 - i) * ROW for i, v in enumerate(voivs)}
    y = np.zeros(len(reg))
    width = np.zeros(len(reg))
    for v, part in reg.groupby("voivodeship_name", sort=False):
        top = base_y[v]
        regional = part[part["tier"] == "regional"]
        y[reg.index.get_indexer(regional.index)] = top + 0.25
        width[reg.index.get_indexer(regional.index)] = REGIONAL_BAR
        local = part[part["tier"] == "local"].sort_values(["_start", "partner_id"])
        if not local.empty:
            lanes = _lanes(list(zip(local["_start"], local["_end"])))
            n = max(lanes) + 1
            h = LOCAL_SPACE / max(n, 2)
            for idx, lane in zip(local.index, lanes):
                pos = reg.index.get_loc(idx)
                y[pos] = top - 0.1 - (lane + 0.5) * h
                width[pos] = h * 0.8
    reg["_y"], reg["_w"] = y, width
    fig = go.Figure()
    for tier in ("regional", "local"):
        part = reg[reg["tier"] == tier]
        if part.empty:
            continue
        dur = (part["_end"] - part["_start"]).dt.total_seconds() * 1000 + 86_400_000  # the last day too
        dates = [f"{fmt.format_date(s, lang)} – " + (fmt.format_date(e, lang) if e is not None and pd.notna(e)
                                                       else t("partners.ongoing", lang))
                 for s, e in zip(part["start_date"], part["end_date"])]
        custom = [[F._html(n), F._html(v), F._html(ed if isinstance(ed, str) else "–"), d]
                  for n, v, ed, d in zip(part["name"], part["voivodeship_name"], part["edition"], dates)]
        fig.add_trace(go.Bar(
            orientation="h", base=part["_start"], x=dur, y=part["_y"], width=part["_w"],
            marker={"color": TIER_COLORS[tier], "line": {"color": "white", "width": 0.5}},
            name=F._html(t(f"partners.tier_plural.{tier}", lang)), customdata=custom,
            hovertemplate=("<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
                           + F._html(t("partners.col_edition", lang)) + ": %{customdata[2]}<br>%{customdata[3]}"
                           "<extra></extra>")))
    shapes, notes = [], []
    if editions is not None:
        for ed, first in zip(editions["edition"], editions["first_day"]):
            x = pd.Timestamp(first)
            shapes.append({"type": "line", "x0": x, "x1": x, "yref": "paper", "y0": 0, "y1": 1,
                           "line": {"color": "#525252", "width": 1, "dash": "dot"}})
            notes.append({"x": x, "y": 1, "yref": "paper", "yanchor": "bottom", "xanchor": "left",
                          "text": F._html(ed), "showarrow": False, "font": {"size": 12, "color": F.MUTED_TEXT}})
    if as_of is not None:  # the as-of date: an open-ended partnership is drawn up to it
        shapes.append({"type": "line", "x0": pd.Timestamp(as_of), "x1": pd.Timestamp(as_of), "yref": "paper",
                       "y0": 0, "y1": 1, "line": {"color": "#D55E00", "width": 1.5}})
    fig.update_layout(
        barmode="overlay", shapes=shapes, annotations=notes,
        xaxis={"type": "date", "gridcolor": "#f0f0f0", "title": None},
        yaxis={"tickvals": [base_y[v] for v in voivs], "ticktext": [F._html(v) for v in voivs],
               "range": [-0.75, (len(voivs) - 1) * ROW + 0.6], "showgrid": False, "zeroline": False,
               "automargin": True},
        legend={"orientation": "h", "y": 1.04, "yanchor": "bottom", "x": 0, "title": None},
        hovermode="closest",
    )
    sub = F._subtitle(lang, as_of, subtitle)
    F._style(fig, lang, title or t("partners.timeline_title", lang), sub, F.source_line(lang),
             height=max(360, 44 * len(voivs) + 200), bottom=90, top=F._top(sub, 2))
    table = pd.DataFrame({
        t("chart.voivodeship", lang): reg["voivodeship_name"],
        t("partners.col_name", lang): reg["name"],
        t("partners.col_tier", lang): [t(f"plan_level.{x}", lang) for x in reg["tier"]],
        t("partners.col_edition", lang): reg["edition"],
        t("partners.col_start", lang): [fmt.format_date(x, lang, "iso") for x in reg["start_date"]],
        t("partners.col_end", lang): [fmt.format_date(x, lang, "iso", na="") for x in reg["end_date"]],
    })
    order = sorted(range(len(table)), key=lambda i: (polish_key(reg["voivodeship_name"].iloc[i]),
                                                     reg["tier"].iloc[i] != "regional", str(reg["_start"].iloc[i])))
    F._set_meta(fig, "timeline", table.iloc[order].reset_index(drop=True))
    return fig


def heatmap(frame: pd.DataFrame, value_col: str, label: str, unit: str = "share", lang: str = "pl", *,
            row_col: str = "name", month_col: str = "month", title: str | None = None, as_of=None,
            subtitle: str | None = None, decimals: int | None = None,
            marks: pd.DataFrame | None = None) -> go.Figure:
    """One row per unit (`row_col`, Polish alphabetical order, top down), one column per month, the
    colour the value (sequential palette from 0). `marks` (history.editions) puts a dotted line at
    each edition's first day."""
    lang = fmt.norm_lang(lang)
    d = frame[[row_col, month_col, value_col]].copy()
    d[month_col] = pd.to_datetime(d[month_col])
    wide = d.pivot_table(index=row_col, columns=month_col, values=value_col, aggfunc="first")
    rows = sorted(wide.index, key=polish_key, reverse=True)  # plotly draws the first row at the bottom
    wide = wide.reindex(rows)
    months = list(wide.columns)
    text = [[fmt.format_value(v, unit, lang, decimals, with_unit=True) for v in r] for r in wide.to_numpy()]
    month_txt = [fmt.format_month(m, lang) for m in months]
    colors = cl.class_colors(cl.DEFAULT_PALETTE, 7)
    scale = [[i / (len(colors) - 1), c] for i, c in enumerate(colors)]
    fig = go.Figure(go.Heatmap(
        z=wide.to_numpy(dtype=float), x=months, y=[F._html(r) for r in rows], colorscale=scale, zmin=0,
        customdata=[[[mt, tx] for mt, tx in zip(month_txt, row)] for row in text],
        hovertemplate="<b>%{y}</b><br>%{customdata[0]}: %{customdata[1]}<extra></extra>",
        colorbar={"title": {"text": F._html(t("unit." + unit, lang) if unit not in ("count", None) else label)},
                  "tickformat": fmt.d3_format(unit, 0), "thickness": 14}, xgap=0, ygap=1))
    shapes = []
    if marks is not None:
        for first in marks["first_day"]:
            x = pd.Timestamp(first) - pd.Timedelta(days=15)
            shapes.append({"type": "line", "x0": x, "x1": x, "yref": "paper", "y0": 0, "y1": 1,
                           "line": {"color": "#303030", "width": 1.2, "dash": "dot"}})
    vals, ticks = F._date_ticks([m for m in months], lang)
    fig.update_layout(shapes=shapes, xaxis={"tickvals": vals, "ticktext": ticks, "title": None},
                      yaxis={"automargin": True})
    sub = F._subtitle(lang, as_of, subtitle)
    F._style(fig, lang, title or label, sub, F.source_line(lang), height=max(360, 24 * len(rows) + 190),
             bottom=90, top=F._top(sub))
    long = d.assign(_r=d[row_col].map(polish_key)).sort_values(["_r", month_col], kind="stable")
    table = pd.DataFrame({
        t("chart.area", lang): long[row_col].to_numpy(),
        t("chart.month", lang): [fmt.format_date(m, lang, "iso")[:7] for m in long[month_col]],
        label: long[value_col].to_numpy(),
    })
    F._set_meta(fig, "heatmap", table, unit=unit)
    return fig


def grouped_bars(frame: pd.DataFrame, row_col: str, series_col: str, value_col: str, lang: str = "pl", *,
                 title: str, value_label: str, as_of=None, subtitle: str | None = None,
                 stacked: bool = False) -> go.Figure:
    """Horizontal bars, one group per row (`row_col`, Polish alphabetical order, top down) and one bar
    per series in it (`series_col`, in the order given): counts side by side that are not parts of a
    whole (organisers hosting volunteers beside support activities), or with `stacked` the parts of
    one whole (public institutions by kind). Readable on a phone: names stay horizontal, and the
    legend has room for two entries to a row."""
    lang = fmt.norm_lang(lang)
    rows = sorted(frame[row_col].unique(), key=polish_key)
    series = list(dict.fromkeys(frame[series_col]))
    fig = go.Figure()
    for i, s in enumerate(series):
        part = frame[frame[series_col] == s].set_index(row_col).reindex(rows)
        values = part[value_col].to_numpy(dtype=float)
        fig.add_trace(go.Bar(
            orientation="h", y=[F._html(r) for r in rows], x=values, name=F._html(s),
            marker={"color": cl.CATEGORICAL[i % len(cl.CATEGORICAL)], "line": {"color": "white", "width": 0.5}},
            customdata=[fmt.format_number(v, lang) for v in values],
            hovertemplate="<b>%{y}</b><br>" + F._html(s) + ": %{customdata}<extra></extra>"))
    fig.update_layout(
        barmode="stack" if stacked else "group", bargap=0.25,
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"title": {"text": F._html(value_label)}, "tickformat": ",d", "gridcolor": "#e6e6e6",
               "rangemode": "tozero"},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "traceorder": "normal"},
    )
    sub = F._subtitle(lang, as_of, subtitle)
    F._style(fig, lang, title, sub, F.source_line(lang), height=max(300, (30 if stacked else 12 + 10 * len(series)) * len(rows) + 260),
             bottom=100, top=F._top(sub, -(-len(series) // 2)) + 6)
    wide = frame.pivot_table(index=row_col, columns=series_col, values=value_col, aggfunc="first") \
        .reindex(index=rows, columns=series)
    if stacked:
        wide[t("chart.total", lang)] = wide.sum(axis=1)
    table = wide.reset_index().rename(columns={row_col: t("chart.area", lang)})
    table.columns = [str(c) for c in table.columns]
    F._set_meta(fig, "grouped_bars", table)
    return fig
