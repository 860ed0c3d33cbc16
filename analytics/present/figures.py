"""Maps and charts for the pages: plotly figures and a pydeck view, UI-free.

Every function returns a ready figure with title, units, the source/attribution line and Polish or
English labels; pages only display it. The data behind each plotly figure travels with it in
`fig.layout.meta["ks_atlas"]` – `chart_table(fig)` turns it into the localised "table behind the
chart" (suppressed values stay hidden there too).

Maps are `go.Choroplethmap` traces (MapLibre; plotly 7 dropped the mapbox traces) on the
"white-bg" style, which needs no network; `basemap=True` switches to the carto-positron tiles
(online only). Each class is one trace, so the legend has one entry per class plus "no data" and
"suppressed" when present, and each trace carries only its own features (the whole map holds
every boundary once). Locations and customdata[0] are TERYT strings: a Streamlit click
(`st.plotly_chart(fig, on_select="rerun", selection_mode="points")`) reports them as
`points[i]["location"]` / `points[i]["customdata"][0]`; `selected_teryt(event)` reads them.
"""
from __future__ import annotations

import datetime as dt
import math
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
from plotly.subplots import make_subplots

from analytics.present import classify as cl
from analytics.present import formatting as fmt
from analytics.data import geo
from analytics.present.names import unit_name
from analytics.present.i18n import enum_label, t

FONT_FAMILY = '"Source Sans Pro", "Source Sans 3", "Segoe UI", Roboto, Arial, sans-serif'
FONT_SIZE = 14
TITLE_SIZE = 19
SOURCE_SIZE = 11
TEXT_COLOR = "#262730"
MUTED_TEXT = "#5c5c66"
META_KEY = "ks_atlas"
MAP_HEIGHT = 640
BASEMAP_STYLE = "carto-positron"


# --- shared helpers ---------------------------------------------------------------------------
def _html(s) -> str:
    """Escape for plotly's pseudo-HTML text ('<10' must not start a tag)."""
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def source_line(lang: str = "pl", source: str | None = None, boundaries: bool = False) -> str:
    """'Dane: NIW-CRSO, Korpus Solidarności. Źródło: GUS …; granice: GUGiK PRG' (maps) or the
    programme data line plus the GUS population source (charts)."""
    lang = fmt.norm_lang(lang)
    first = source if source is not None else t("chart.source_programme", lang)
    attribution = t("source.attribution", lang)
    if not boundaries:
        attribution = attribution.split(";")[0]
    return f"{first}.\n{attribution}" if first else attribution


MAP_TITLE_CHARS = 36  # a map's title wraps to fit a phone's width (390 px at 19 px, Arial-like)
MAP_SOURCE_CHARS = 56  # ... and each line of its source (11 px; 56 fit in DejaVu Sans too, ~15 % wider)


def _wrap(text: str, width: int) -> str:
    """`text` broken into lines of at most `width` characters at spaces ('\n' between lines; a
    longer word stays whole on its own line)."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def _map_source(lang: str, source: str | None) -> tuple[str, int]:
    """A map's source lines, each wrapped to a phone's width, and the bottom margin they need (two
    lines: 62 px, each further line 14 px more)."""
    text = "\n".join(_wrap(line, MAP_SOURCE_CHARS) for line in source_line(lang, source, boundaries=True).split("\n"))
    return text, 62 + 14 * max(text.count("\n") - 1, 0)


def _subtitle(lang: str, as_of=None, subtitle: str | None = None) -> str | None:
    parts = []
    if subtitle:
        parts.append(subtitle)
    if as_of is not None:
        parts.append(t("chart.data_as_of", lang, date=fmt.format_date(as_of, lang)))
    return " · ".join(parts) or None


def _style(fig: go.Figure, lang: str, title: str | None, subtitle: str | None, source: str,
           height: int | None = None, bottom: int = 64, top: int | None = None) -> go.Figure:
    title_dict: dict = {"text": "<br>".join(_html(x) for x in title.split("\n")) if title else None, "x": 0.01, "xanchor": "left",
                        "xref": "container", "y": 1, "yref": "container", "yanchor": "top",
                        "pad": {"t": 16}, "font": {"size": TITLE_SIZE, "color": TEXT_COLOR}}
    if subtitle:
        title_dict["subtitle"] = {"text": _html(subtitle), "font": {"size": 13, "color": MUTED_TEXT}}
    fig.update_layout(
        template="plotly_white",
        title=title_dict if title else None,
        font={"family": FONT_FAMILY, "size": FONT_SIZE, "color": TEXT_COLOR},
        separators=fmt.plotly_separators(lang),
        margin={"l": 10, "r": 10, "t": top if top is not None else (86 if subtitle else 60 if title else 20),
                "b": bottom},
        hoverlabel={"font": {"family": FONT_FAMILY, "size": 14}, "bgcolor": "white",
                    "bordercolor": "#8c8c8c"},
        paper_bgcolor="white",
    )
    if height:
        fig.update_layout(height=height)
    lines = source.split("\n")  # below the plot; a third line or more starts higher, 14 px each
    fig.add_annotation(text="<br>".join(_html(x) for x in lines), xref="paper",
                       yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                       yshift=-(bottom - 32 - 14 * max(len(lines) - 2, 0)), showarrow=False, align="left",
                       font={"size": SOURCE_SIZE, "color": MUTED_TEXT})
    return fig


def _with_unit(label: str, unit: str | None, lang: str) -> str:
    """'label (unit name)' unless the unit is a plain count or the label already names it."""
    if unit in (None, "count", "number"):
        return label
    u = t("unit." + unit, lang)
    return label if u.split(" (")[0].lower() in label.lower() else f"{label} ({u})"


def _top(subtitle: str | None, legend_rows: int = 0) -> int:
    """Top margin: title (+ subtitle) (+ horizontal legend rows above the plot)."""
    return (84 if subtitle else 58) + 26 * legend_rows


def _set_meta(fig: go.Figure, kind: str, table: pd.DataFrame, **extra) -> None:
    tbl = table.astype(object).where(table.notna(), None)
    fig.update_layout(meta={META_KEY: {
        "kind": kind,
        "columns": [str(c) for c in tbl.columns],
        "data": tbl.values.tolist(),
        **extra,
    }})


def chart_table(fig: go.Figure) -> pd.DataFrame:
    """The localised table behind a figure made here (empty DataFrame if none)."""
    meta = fig.layout.meta
    if not isinstance(meta, dict) or META_KEY not in meta:
        return pd.DataFrame()
    m = meta[META_KEY]
    df = pd.DataFrame(m["data"], columns=m["columns"])
    for i, c in enumerate(m["columns"]):  # whole-number columns with gaps stay integers
        col = [row[i] for row in m["data"]]
        present = [v for v in col if v is not None]
        if present and any(v is None for v in col) and all(
                isinstance(v, int) and not isinstance(v, bool) for v in present):
            df[c] = pd.array(col, dtype="Int64")
    return df


def chart_meta(fig: go.Figure) -> dict:
    """Everything stored in meta besides the table (kind, level, breaks, method, …)."""
    meta = fig.layout.meta
    if not isinstance(meta, dict) or META_KEY not in meta:
        return {}
    return {k: v for k, v in meta[META_KEY].items() if k not in ("columns", "data")}


def figure_json_size(fig: go.Figure) -> int:
    return len(fig.to_json())


def selected_teryt(event) -> str | None:
    """The TERYT code clicked on a map from `st.plotly_chart(..., on_select="rerun")`'s return
    value (or its `selection` dict); None when nothing is selected."""
    if event is None:
        return None
    try:
        sel = event["selection"] if "selection" in event else event
        points = sel["points"] if "points" in sel else []
    except (TypeError, KeyError):
        sel = getattr(event, "selection", None)
        points = getattr(sel, "points", []) if sel is not None else []
    for p in points or []:
        loc = p.get("location") if hasattr(p, "get") else None
        if loc:
            return str(loc)
        cd = p.get("customdata") if hasattr(p, "get") else None
        if cd:
            return str(cd[0] if isinstance(cd, (list, tuple)) else cd)
    return None


def _pad_teryt(s: pd.Series, level: str) -> pd.Series:
    width = 4 if level == "powiat" else 2
    return s.map(lambda v: None if v is None or (isinstance(v, float) and math.isnan(v))
                 else str(int(v)).zfill(width) if isinstance(v, (int, np.integer, float))
                 else str(v).zfill(width))


def _ranks(values: pd.Series) -> pd.Series:
    """1 = highest value; ties share the best rank; NaN stays NaN."""
    return values.rank(ascending=False, method="min")


def rank_texts(ranks, lang: str = "pl", n: int | None = None, missing: str = "–") -> list[str]:
    """Ranks (1 = best, ties sharing the best rank, as `_ranks` gives them) as places, ties as the
    places they share: 1 alone -> '1. z 380'; forty units tied at 1 -> '1.–40. z 380' (EN '1–40 of
    380'); no rank -> `missing`. `n` is the number of ranked units (default: the ranks given), so a
    list cut to its top rows still says 'z 380' and a tie reaching past the cut stays whole when the
    ranks of every unit are passed first (see ranked_bar)."""
    ranks = pd.Series([np.nan if pd.isna(r) else float(r) for r in ranks], dtype="float64")  # Int64 with <NA> too
    known = ranks.dropna().astype(int)
    counts = known.value_counts()
    n = len(known) if n is None else n
    out = []
    for r in ranks:
        if pd.isna(r):
            out.append(missing)
        elif counts[int(r)] > 1:
            out.append(t("map.rank_tied", lang, rank=int(r), last=int(r) + int(counts[int(r)]) - 1, n=n))
        else:
            out.append(t("map.rank", lang, rank=int(r), n=n))
    return out


# --- choropleth ---------------------------------------------------------------------------------
def choropleth(df: pd.DataFrame, level: str, value_col: str, label: str, unit: str = "number",
               lang: str = "pl", method: str = "quantiles", k: int = 5,
               suppressed_col: str | None = None, basemap: bool = False, title: str | None = None,
               palette: str = cl.DEFAULT_PALETTE, voivodeship: str | None = None, *,
               teryt_col: str = "teryt", as_of=None, subtitle: str | None = None,
               decimals: int | None = None, source: str | None = None, height: int = MAP_HEIGHT,
               width_hint: int = 760, outline: bool = True, selected: str | None = None,
               inline: bool = False) -> go.Figure:
    """A classed choropleth of `value_col` for every unit of `level` ('powiat' | 'voivodeship').

    df: one row per unit with a TERYT column (`teryt_col`, strings; ints are zero-padded) and the
    value; units missing from df are "no data". `suppressed_col` (bool) marks values hidden for
    privacy: they get their own grey class, labelled '<10 / dane ukryte', and their values never
    enter the figure. `voivodeship` ("02"…"32") restricts the map (and the classes and ranks) to
    that voivodeship's powiats, zoomed to it. `selected` outlines one unit.
    `inline=False` (pages): the boundaries are referenced by the URL of the level's static GeoJSON
    (geo.static_url), so the figure carries only codes, values and colours; `inline=True` (or when
    the static file cannot be written) puts each class's features into its trace, as image exports
    need (exports.static_figure inlines a URL figure itself through `inline_geometry`).
    """
    lang = fmt.norm_lang(lang)
    voivodeship, base = _map_base(df, level, [value_col] + ([suppressed_col] if suppressed_col else []),
                                  teryt_col, voivodeship)
    values = pd.to_numeric(base[value_col], errors="coerce").astype(float)
    supp = (base[suppressed_col].fillna(False).astype(bool) if suppressed_col
            else pd.Series(False, index=base.index))
    values = values.where(~supp)  # a suppressed value never reaches the figure

    c = cl.classify(values.to_numpy(), k=k, method=method, suppressed=supp.to_numpy())
    labels = c.labels(lang, unit, decimals)
    colors = c.colors(palette)
    ranks = _ranks(values)
    n_ranked = int(values.notna().sum())
    supp_label = fmt.suppressed_label(level, value_col)

    names = [unit_name(r, level, lang) for r in base.to_dict("records")]
    rank_txt = rank_texts(ranks, lang, n_ranked)  # ties as shared places: '1.–40. z 380'
    value_txt, class_txt = [], []
    for v, s, ci in zip(values, supp, c.classes):
        if s:
            value_txt.append(supp_label)
            class_txt.append(t("legend.suppressed", lang, label=supp_label))
        elif pd.isna(v):
            value_txt.append(t("legend.no_data", lang))
            class_txt.append(t("legend.no_data", lang))
        else:
            value_txt.append(fmt.format_value(v, unit, lang, decimals, with_unit=True))
            class_txt.append(labels[ci])

    fig = go.Figure()
    legend_title = label if unit in ("count", "number", None) else t("unit." + unit, lang)
    hover = ("<b>%{customdata[1]}</b><br>" + _html(label) + ": %{customdata[2]}<br>"
             + t("map.rank_label", lang) + ": %{customdata[3]}"
             + ("<br>" + t("chart.voivodeship", lang) + ": %{customdata[4]}" if level == "powiat" else "")
             + "<extra></extra>")
    groups = [(i, labels[i], colors[i]) for i in range(c.k)]
    nd_color, supp_color = cl.special_colors(palette)
    groups.append((cl.NO_DATA, t("legend.no_data", lang), nd_color))
    groups.append((cl.SUPPRESSED, t("legend.suppressed", lang, label=supp_label), supp_color))
    custom = [[ter, _html(nm), _html(vt), rt, vn] for ter, nm, vt, rt, vn in
              zip(base["teryt"], names, value_txt, rank_txt, base["voivodeship_name"])]
    _add_fill_traces(fig, level, base["teryt"].tolist(), c.classes, groups, custom, hover, basemap, outline,
                     inline)
    shown_title = _wrap(title or label, MAP_TITLE_CHARS)
    src, bottom = _map_source(lang, source)
    top = 86 + 24 * shown_title.count("\n")
    _map_layout(fig, level, voivodeship, selected, basemap, width_hint, height, legend_title, top, bottom,
                inline)
    method_txt = t(f"classify.{method}", lang)
    sub = _subtitle(lang, as_of, subtitle or f"{t('control.classification', lang)}: {method_txt}")
    _style(fig, lang, shown_title, sub, src,
           height=height, bottom=bottom, top=top)

    table = pd.DataFrame({
        "TERYT": base["teryt"],
        t("chart.area", lang): names,
    })
    if level == "powiat":
        table[t("chart.voivodeship", lang)] = base["voivodeship_name"].to_numpy()
    table[label] = [None if (s or pd.isna(v)) else float(v) for v, s in zip(values, supp)]
    table[t("map.value", lang)] = value_txt
    table[t("map.class", lang)] = class_txt
    table[t("map.rank_label", lang)] = pd.array([None if pd.isna(r) else int(r) for r in ranks],
                                                dtype="Int64")
    _set_meta(fig, "choropleth", table, level=level, voivodeship=voivodeship, method=method,
              k=c.k, breaks=list(c.breaks), legend=[g[1] for g in groups if (c.classes == g[0]).any()],
              unit=unit, value_col=value_col)
    return fig


def _map_base(df: pd.DataFrame, level: str, columns: list[str], teryt_col: str,
              voivodeship: str | None) -> tuple[str | None, pd.DataFrame]:
    """Every unit of the map (the level, or one voivodeship's powiats) with `columns` from df joined
    on the zero-padded TERYT code; units df lacks get missing values ("no data")."""
    geo._check_level(level)
    units = geo.units(level)
    if voivodeship is not None:
        voivodeship = str(voivodeship).zfill(2)
        units = units[units["voivodeship_teryt"] == voivodeship]
    data = df[[teryt_col, *columns]].copy()
    data["teryt"] = _pad_teryt(data[teryt_col], level)
    data = data.drop_duplicates("teryt")
    return voivodeship, units.merge(data.drop(columns=[teryt_col] if teryt_col != "teryt" else []),
                                    on="teryt", how="left")


def _geometry_url(level: str, inline: bool) -> str | None:
    """The static GeoJSON URL of the level, or None when the figure must carry its geometry."""
    return None if inline else geo.static_url(level)


def _add_fill_traces(fig: go.Figure, level: str, teryts: list[str], class_of: np.ndarray, groups,
                     custom: list[list], hover: str, basemap: bool, outline: bool, inline: bool = False) -> None:
    """One filled trace per class (code, legend name, colour), so the legend lists the classes.
    Each trace references the level's static GeoJSON by URL (the browser fetches it once for all
    traces and figures), or inline carries only its own features."""
    url = _geometry_url(level, inline)
    line_color = cl.BORDER_COLOR if level == "powiat" else "#525252"
    line_width = 0.5 if level == "powiat" else 0.9
    for rank_i, (code, name, color) in enumerate(groups):
        idx = np.flatnonzero(class_of == code)
        if idx.size == 0:
            continue
        ter = [teryts[i] for i in idx]
        fig.add_trace(go.Choroplethmap(
            geojson=url or geo.geojson(level, teryts=ter),
            featureidkey="properties.teryt",
            locations=ter,
            z=[1] * len(ter),
            zmin=0, zmax=1,
            colorscale=[[0, color], [1, color]],
            showscale=False,
            marker={"line": {"color": line_color, "width": line_width if outline else 0},
                    "opacity": 0.85 if basemap else 1.0},
            name=_html(name),
            legendrank=1000 + rank_i,
            showlegend=True,
            customdata=[custom[i] for i in idx],
            hovertemplate=hover,
            selected={"marker": {"opacity": 1.0}},
            unselected={"marker": {"opacity": 0.55}},
        ))


def _map_layout(fig: go.Figure, level: str, voivodeship: str | None, selected: str | None,
                basemap: bool, width_hint: int, height: int, legend_title: str, top: int, bottom: int,
                inline: bool = False) -> None:
    """Centre and zoom, context outlines (voivodeship borders on powiat maps, by URL for the whole
    country; the selected unit), the legend box and click behaviour shared by every map."""
    layers = []
    if level == "powiat":
        vurl = None if voivodeship else _geometry_url("voivodeship", inline)
        vgeo = vurl or geo.geojson("voivodeship", teryts=[voivodeship] if voivodeship else None)
        layers.append({"sourcetype": "geojson", "source": vgeo, "type": "line",
                       "color": "#303030", "line": {"width": 1.3}})
    if selected:
        sel = geo.geojson(level, teryts=[str(selected)])
        if sel["features"]:
            layers.append({"sourcetype": "geojson", "source": sel, "type": "line",
                           "color": "#000000", "line": {"width": 3}})
    view = geo.view(voivodeship, width_px=width_hint, height_px=height - top - bottom)
    fig.update_layout(
        map={"style": BASEMAP_STYLE if basemap else "white-bg", "center": view["center"],
             "zoom": view["zoom"], "layers": layers},
        legend={"title": {"text": _html(legend_title), "font": {"size": 13}},
                "x": 0.01, "y": 0.02, "xanchor": "left", "yanchor": "bottom",
                "bgcolor": "rgba(255,255,255,0.85)", "bordercolor": "#d0d0d0", "borderwidth": 1,
                "font": {"size": 13}, "itemclick": "toggle", "itemdoubleclick": "toggleothers",
                "traceorder": "normal"},
        clickmode="event+select",
        dragmode="pan",
        uirevision=f"{level}-{voivodeship}",
    )


def inline_geometry(fig) -> dict:
    """The figure as a dict with every geometry URL (a trace's `geojson`, a map layer's `source`)
    replaced by the GeoJSON it points to; each trace gets only the features of its own locations.
    For image exports and offline HTML (kaleido has no server to ask). Other figures come back as
    they are (as a dict; the input is not changed)."""
    d = fig if isinstance(fig, dict) else fig.to_plotly_json()
    data = d.get("data") or []
    lay = d.get("layout") or {}
    layers = (lay.get("map") or {}).get("layers") or []
    if not any(isinstance(tr.get("geojson"), str) for tr in data) and not any(
            isinstance(la.get("source"), str) for la in layers):
        return d
    new_data = []
    for tr in data:
        gj = tr.get("geojson")
        if isinstance(gj, str):
            full = geo.geojson_for_url(gj)
            if full is not None:
                keep = {str(x) for x in (tr.get("locations") or [])}
                tr = {**tr, "geojson": {"type": "FeatureCollection", "features": [
                    f for f in full["features"] if f["id"] in keep]}}
        new_data.append(tr)
    new_layers = []
    for la in layers:
        src = la.get("source")
        if isinstance(src, str):
            full = geo.geojson_for_url(src)
            if full is not None:
                la = {**la, "source": full}
        new_layers.append(la)
    new_lay = {**lay}
    if layers:
        new_lay["map"] = {**lay["map"], "layers": new_layers}
    return {**d, "data": new_data, "layout": new_lay}


OUTLINE_COLOR = "#000000"


def add_area_outline(fig: go.Figure, powiat_codes: Iterable[str] | None = None, *,
                     geometry: dict | None = None, color: str = OUTLINE_COLOR, width: float = 2.5,
                     halo: bool = True) -> go.Figure:
    """Draw an area's outline over a map from `choropleth` / `category_map` (in place; returns fig).

    The area is `powiat_codes` (powiat codes "0201", or voivodeship codes "02" for all their
    powiats) dissolved into one outline by geo.outline, or a ready GeoJSON `geometry` dict. The
    outline is a line layer on top of the fills (a white halo under it keeps it visible on dark
    classes); it carries its own small geometry inline, so image exports draw it too. Raises
    ValueError for no or unknown codes."""
    if geometry is None:
        if powiat_codes is None:
            raise ValueError("add_area_outline needs powiat_codes or geometry")
        geometry = geo.outline(powiat_codes)
    src = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "area", "properties": {"teryt": "area"}, "geometry": geometry}]}
    layers = list(fig.layout.map.layers or [])
    if halo:
        layers.append({"sourcetype": "geojson", "source": src, "type": "line", "color": "#ffffff",
                       "line": {"width": width + 2.5}, "name": "area-halo"})
    layers.append({"sourcetype": "geojson", "source": src, "type": "line", "color": color,
                   "line": {"width": width}, "name": "area-outline"})
    fig.update_layout(map_layers=layers)
    return fig


def category_map(df: pd.DataFrame, level: str, category_col: str, categories: Sequence[tuple[str, str, str]],
                 label: str, lang: str = "pl", *, teryt_col: str = "teryt", voivodeship: str | None = None,
                 as_of=None, title: str | None = None, subtitle: str | None = None,
                 source: str | None = None, height: int = MAP_HEIGHT, width_hint: int = 760,
                 selected: str | None = None, basemap: bool = False, inline: bool = False) -> go.Figure:
    """A map of categories (e.g. white spots): `categories` = (code, legend label, colour) in legend
    order; units whose category is missing or not listed are left out of the fill (drawn blank).
    `inline` as in `choropleth`."""
    lang = fmt.norm_lang(lang)
    voivodeship, base = _map_base(df, level, [category_col], teryt_col, voivodeship)
    codes = {code: i for i, (code, _, _) in enumerate(categories)}
    class_of = np.array([codes.get(v, -99) for v in base[category_col]])
    legend = {code: name for code, name, _ in categories}
    names = [unit_name(r, level, lang) for r in base.to_dict("records")]
    cat_txt = [legend.get(v, t("legend.no_data", lang)) for v in base[category_col]]
    custom = [[ter, _html(nm), _html(ct), "", vn] for ter, nm, ct, vn in
              zip(base["teryt"], names, cat_txt, base["voivodeship_name"])]
    hover = ("<b>%{customdata[1]}</b><br>%{customdata[2]}"
             + ("<br>" + t("chart.voivodeship", lang) + ": %{customdata[4]}" if level == "powiat" else "")
             + "<extra></extra>")
    fig = go.Figure()
    groups = [(i, name, color) for i, (_, name, color) in enumerate(categories)]
    _add_fill_traces(fig, level, base["teryt"].tolist(), class_of, groups, custom, hover, basemap, True, inline)
    shown_title = _wrap(title or label, MAP_TITLE_CHARS)
    src, bottom = _map_source(lang, source)
    top = 86 + 24 * shown_title.count("\n")
    _map_layout(fig, level, voivodeship, selected, basemap, width_hint, height, label, top, bottom, inline)
    _style(fig, lang, shown_title, _subtitle(lang, as_of, subtitle), src,
           height=height, bottom=bottom, top=top)
    table = pd.DataFrame({"TERYT": base["teryt"], t("chart.area", lang): names})
    if level == "powiat":
        table[t("chart.voivodeship", lang)] = base["voivodeship_name"].to_numpy()
    table[label] = cat_txt
    _set_meta(fig, "category_map", table, level=level, voivodeship=voivodeship)
    return fig


# --- trend --------------------------------------------------------------------------------------
def _date_ticks(dates: Sequence, lang: str, max_ticks: int = 12) -> tuple[list, list[str]]:
    ds = sorted({pd.Timestamp(d) for d in dates if pd.notna(d)})
    if not ds:
        return [], []
    step = max(1, math.ceil(len(ds) / max_ticks))
    chosen = ds[::step]
    monthly = all(d.day == 1 for d in ds)
    text = [fmt.format_month(d, lang, short=True) if monthly else fmt.format_date(d, lang)
            for d in chosen]
    return [d.to_pydatetime() for d in chosen], text


def trend_line(df: pd.DataFrame, x_col: str, y_col: str, label: str, unit: str = "count",
               lang: str = "pl", series_col: str | None = None, kind: str = "line",
               title: str | None = None, as_of=None, subtitle: str | None = None,
               source: str | None = None, decimals: int | None = None, height: int = 420,
               series_labels: dict | None = None) -> go.Figure:
    """Values over time (`kind` 'line' or 'bar'), one series per `series_col` value.
    x may be dates (ticks get Polish/English month names) or categories (e.g. years)."""
    lang = fmt.norm_lang(lang)
    d = df.copy()
    is_date = pd.api.types.is_datetime64_any_dtype(d[x_col]) or (
        len(d) and isinstance(d[x_col].iloc[0], (dt.date, pd.Timestamp)))
    if is_date:
        d[x_col] = pd.to_datetime(d[x_col])
        d = d.sort_values(x_col, kind="stable")
    # Categories (age bands, years) keep the caller's order: alphabetical would put "poniżej 18" last.
    categories = None if is_date else list(dict.fromkeys(d[x_col]))
    series = list(dict.fromkeys(d[series_col])) if series_col else [None]
    fig = go.Figure()
    for i, s in enumerate(series):
        part = d if s is None else d[d[series_col] == s]
        name = label if s is None else (series_labels or {}).get(s, str(s))
        color = cl.CATEGORICAL[i % len(cl.CATEGORICAL)]
        xtext = [fmt.format_date(x, lang) if is_date else str(x) for x in part[x_col]]
        ytext = [fmt.format_value(v, unit, lang, decimals, with_unit=True) for v in part[y_col]]
        custom = list(zip(xtext, ytext))
        hover = "%{customdata[0]}<br><b>" + _html(name) + "</b>: %{customdata[1]}<extra></extra>"
        if kind == "bar":
            fig.add_trace(go.Bar(x=part[x_col], y=part[y_col], name=_html(name), marker_color=color,
                                 customdata=custom, hovertemplate=hover))
        else:
            fig.add_trace(go.Scatter(x=part[x_col], y=part[y_col], name=_html(name), mode="lines+markers",
                                     line={"color": color, "width": 2.5},
                                     marker={"size": 7, "symbol": ["circle", "square", "diamond",
                                                                   "triangle-up", "x"][i % 5]},
                                     customdata=custom, hovertemplate=hover))
    yaxis_title = _with_unit(label, unit, lang)
    fig.update_layout(
        yaxis={"title": {"text": _html(yaxis_title)}, "tickformat": fmt.d3_format(unit, 0 if unit in ("count", "hours") else None),
               "rangemode": "tozero", "gridcolor": "#e6e6e6"},
        xaxis={"title": {"text": t("chart.month" if is_date else "chart.year", lang) if is_date else None},
               "gridcolor": "#f0f0f0"},
        showlegend=series_col is not None,
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "title": None},
        barmode="group",
        hovermode="x unified" if series_col else "closest",
    )
    if is_date:
        vals, text = _date_ticks(d[x_col], lang)
        fig.update_xaxes(tickvals=vals, ticktext=text, title=None)
    else:
        fig.update_xaxes(categoryorder="array", categoryarray=categories)
    sub = _subtitle(lang, as_of, subtitle)
    _style(fig, lang, title or label, sub, source_line(lang, source), height=height, bottom=100,
           top=_top(sub, 1 if series_col else 0))
    table = pd.DataFrame({
        t("chart.date", lang) if is_date else t("chart.year", lang):
            [fmt.format_date(x, lang, "iso") if is_date else x for x in d[x_col]],
    })
    if series_col:
        table[t("chart.series", lang)] = [(series_labels or {}).get(s, s) for s in d[series_col]]
    table[label] = d[y_col].to_numpy()
    _set_meta(fig, "trend", table, unit=unit)
    return fig


# --- ranked bar -----------------------------------------------------------------------------------
def ranked_bar(df: pd.DataFrame, name_col: str, value_col: str, label: str, unit: str = "number",
               lang: str = "pl", id_col: str | None = None, highlight: Iterable[str] | str | None = None,
               top_n: int | None = None, suppressed_col: str | None = None, title: str | None = None,
               as_of=None, subtitle: str | None = None, source: str | None = None,
               decimals: int | None = None, level: str = "powiat",
               reference_value: float | None = None, reference_label: str | None = None) -> go.Figure:
    """Horizontal bars sorted from the highest value (top) down; `highlight` (ids or names) gets
    the accent colour; suppressed rows show '<10' with no bar; `reference_value` draws a dashed
    line (e.g. the country value)."""
    lang = fmt.norm_lang(lang)
    d = df.copy()
    d["_v"] = pd.to_numeric(d[value_col], errors="coerce").astype(float)
    d["_s"] = d[suppressed_col].fillna(False).astype(bool) if suppressed_col else False
    d.loc[d["_s"], "_v"] = np.nan
    d["_rank"] = _ranks(d["_v"])
    # places of every unit before a top_n cut, so a tie reaching past the cut stays whole
    d["_rank_txt"] = rank_texts(d["_rank"], lang)
    d = d.sort_values(["_v", name_col], ascending=[False, True], na_position="last")
    if top_n:
        d = d.head(top_n)
    hl = {highlight} if isinstance(highlight, str) else set(highlight or [])
    key = d[id_col].astype(str) if id_col else d[name_col].astype(str)
    is_hl = key.isin(hl)
    colors = np.where(is_hl, cl.ROLE_COLORS["accent"], cl.ROLE_COLORS["primary"])
    supp_label = fmt.suppressed_label(level, value_col)
    text = [supp_label if s else fmt.format_value(v, unit, lang, decimals, na=t("legend.no_data", lang))
            for v, s in zip(d["_v"], d["_s"])]
    n = int(d["_v"].notna().sum())
    rank_txt = d["_rank_txt"].tolist()
    y = [_html(x) for x in d[name_col]]
    x = d["_v"].fillna(0).to_numpy()
    fig = go.Figure(go.Bar(
        x=x, y=y, orientation="h", marker={"color": colors.tolist()},
        text=[_html(s) for s in text], textposition="outside", cliponaxis=False,
        customdata=list(zip(text, rank_txt, key)),
        hovertemplate="<b>%{y}</b><br>" + _html(label) + ": %{customdata[0]}<br>"
                      + t("map.rank_label", lang) + ": %{customdata[1]}<extra></extra>",
        showlegend=False,
    ))
    if reference_value is not None and np.isfinite(reference_value):
        fig.add_vline(x=reference_value, line={"color": "#000000", "dash": "dash", "width": 1.5},
                      annotation={"text": _html(f"{reference_label or t('chart.country', lang)}: "
                                                f"{fmt.format_value(reference_value, unit, lang, decimals)}"),
                                  "font": {"size": 12}},
                      annotation_position="top")
    rows = len(d)
    xmax = np.nanmax(np.append(x, reference_value if reference_value is not None else 0)) if rows else 1
    fig.update_layout(
        yaxis={"autorange": "reversed", "automargin": True, "tickfont": {"size": 13}},
        xaxis={"title": {"text": _html(_with_unit(label, unit, lang))},
               "tickformat": fmt.d3_format(unit, 0 if unit in ("count", "hours") else None),
               "range": [0, (xmax or 1) * 1.15], "gridcolor": "#e6e6e6"},
        bargap=0.25,
    )
    sub = _subtitle(lang, as_of, subtitle)
    _style(fig, lang, title or label, sub, source_line(lang, source),
           height=max(260, 24 * rows + 190), bottom=100, top=_top(sub) + (18 if reference_value is not None else 0))
    table = pd.DataFrame({
        t("map.rank_label", lang): pd.array([None if pd.isna(r) else int(r) for r in d["_rank"]],
                                            dtype="Int64"),
        t("chart.area", lang): d[name_col].to_numpy(),
        label: [None if pd.isna(v) else float(v) for v in d["_v"]],
        t("map.value", lang): text,
    })
    if id_col:
        table.insert(1, "TERYT" if "teryt" in id_col.lower() else id_col, key.to_numpy())
    _set_meta(fig, "ranked_bar", table, unit=unit, n=n)
    return fig


# --- bullet ---------------------------------------------------------------------------------------
def bullet(df: pd.DataFrame, lang: str = "pl", name_col: str = "indicator", baseline_col: str = "baseline",
           target_col: str = "target", achieved_col: str = "achieved", expected_col: str | None = "expected",
           unit_col: str | None = "unit", status_col: str | None = "status", title: str | None = None,
           as_of=None, subtitle: str | None = None, source: str | None = None,
           decimals: int | None = None) -> go.Figure:
    """Bullet chart of plan indicators, one row each in its own units.

    Per row: a light band from baseline to target, the achieved bar drawn from the baseline, a
    black target tick and an orange 'expected by now' diamond (when `expected_col` has a value).
    A target below the baseline (a planned decrease) reverses that row's axis, so progress always
    runs left to right; the row label says 'cel: spadek'. `status_col` (green/yellow/red) colours the
    achieved bar with the Okabe–Ito status colours; otherwise it is blue. `unit_col` values are
    units of formatting.py (count, share, …) or free text (shown after the number)."""
    lang = fmt.norm_lang(lang)
    d = df.reset_index(drop=True)
    n = len(d)
    if n == 0:
        fig = go.Figure()
        _style(fig, lang, title, _subtitle(lang, as_of, t("empty.no_plans", lang)),
               source_line(lang, source), height=200)
        _set_meta(fig, "bullet", pd.DataFrame())
        return fig
    fig = make_subplots(rows=n, cols=1, vertical_spacing=min(0.9 / n, 0.5 / max(n - 1, 1)) if n > 1 else 0)
    legend_done: set[str] = set()

    def _unit_fmt(u) -> tuple[str, str]:
        u = None if u is None or (isinstance(u, float) and math.isnan(u)) else str(u)
        if u in fmt.UNITS:
            return u, ""
        return "count" if decimals is None else "number", (f" {u}" if u else "")

    rows_out = []
    for i, r in d.iterrows():
        row = i + 1
        base = float(r[baseline_col]) if pd.notna(r[baseline_col]) else 0.0
        target = float(r[target_col])
        ach = float(r[achieved_col]) if pd.notna(r[achieved_col]) else np.nan
        exp = float(r[expected_col]) if expected_col and expected_col in d and pd.notna(r[expected_col]) else np.nan
        u, suffix = _unit_fmt(r[unit_col] if unit_col and unit_col in d else None)
        decreasing = target < base

        def f(v):
            return fmt.format_value(v, u, lang, decimals) + suffix

        status = str(r[status_col]) if status_col and status_col in d and pd.notna(r[status_col]) else None
        bar_color = cl.ROLE_COLORS["primary"]
        name = str(r[name_col]) + (f" ({t('chart.decrease_target', lang)})" if decreasing else "")
        yname = _html(name)
        if status in cl.STATUS_COLORS:  # a status light under the name: colour and word
            yname += (f"<br><span style='font-size:12px;color:{cl.STATUS_COLORS[status]}'>●</span>"
                      f"<span style='font-size:12px;color:{MUTED_TEXT}'> {t('status.' + status, lang)}</span>")
        progress = (ach - base) / (target - base) if np.isfinite(ach) else np.nan
        lo, hi = min(base, target), max(base, target)
        # band baseline..target
        fig.add_trace(go.Bar(x=[hi - lo], base=[lo], y=[yname], orientation="h", width=0.8,
                             marker={"color": "#e8e8e8", "line": {"width": 0}}, hoverinfo="skip",
                             showlegend=False), row=row, col=1)
        if np.isfinite(ach):
            lg = "achieved"
            fig.add_trace(go.Bar(
                x=[ach - base], base=[base], y=[yname], orientation="h", width=0.38,
                marker={"color": bar_color}, name=t("chart.achieved", lang), legendgroup=lg,
                showlegend=lg not in legend_done,
                hovertemplate=(f"<b>{yname}</b><br>{t('chart.achieved', lang)}: {_html(f(ach))}"
                               f" ({fmt.format_percent(progress, lang, 0)})"
                               + (f"<br>{t('status.' + status, lang)}" if status in cl.STATUS_COLORS else "")
                               + "<extra></extra>")), row=row, col=1)
            legend_done.add(lg)
        for key_, val, sym, color, size, lbl in (
                ("baseline", base, "line-ns", "#737373", 18, t("chart.baseline", lang)),
                ("target", target, "line-ns", "#000000", 26, t("chart.target", lang)),
                ("expected", exp, "diamond", cl.ROLE_COLORS["accent"], 13, t("chart.expected", lang))):
            if not np.isfinite(val):
                continue
            fig.add_trace(go.Scatter(
                x=[val], y=[yname], mode="markers", name=lbl, legendgroup=key_,
                showlegend=key_ not in legend_done,
                marker={"symbol": sym, "size": size, "color": color,
                        "line": {"width": 3 if sym == "line-ns" else 1, "color": color if sym == "line-ns" else "#000000"}},
                hovertemplate=f"<b>{yname}</b><br>{lbl}: {_html(f(val))}<extra></extra>"), row=row, col=1)
            legend_done.add(key_)
        vals = [v for v in (base, target, ach, exp) if np.isfinite(v)]
        vmin, vmax = min(vals), max(vals)
        pad = (vmax - vmin) * 0.06 or 1
        rng = [vmin - pad, vmax + pad]
        # Small whole-number ranges get a tick per whole number, not '1, 2, 2, 3' from rounding.
        # (The expected-by-now marker is fractional by nature and does not count.)
        whole = all(float(v).is_integer() for v in (base, target, ach) if np.isfinite(v)) and vmax - vmin <= 12
        fig.update_xaxes(range=rng[::-1] if decreasing else rng, row=row, col=1,
                         tickformat=fmt.d3_format(u, 0 if u in ("count", "hours") else None),
                         dtick=1 if whole else None,
                         gridcolor="#eeeeee", zeroline=False, tickfont={"size": 12})
        fig.update_yaxes(row=row, col=1, tickfont={"size": 14}, automargin=True)
        rows_out.append({
            t("chart.indicator", lang): str(r[name_col]),
            t("chart.baseline", lang): base, t("chart.target", lang): target,
            t("chart.achieved", lang): None if not np.isfinite(ach) else ach,
            t("chart.expected", lang): None if not np.isfinite(exp) else exp,
            t("chart.progress", lang): None if not np.isfinite(progress) else round(progress, 4),
            t("chart.unit", lang): r[unit_col] if unit_col and unit_col in d else None,
        })
    fig.update_layout(barmode="overlay", bargap=0.3,
                      legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0,
                              "font": {"size": 13}})
    sub = _subtitle(lang, as_of, subtitle)
    _style(fig, lang, title or t("chart.progress", lang), sub, source_line(lang, source),
           height=105 * n + 170, bottom=80, top=_top(sub, 1) + 6)
    _set_meta(fig, "bullet", pd.DataFrame(rows_out))
    return fig


# --- dot plot: an area vs peers -------------------------------------------------------------------
def dot_plot(df: pd.DataFrame, area_name: str, lang: str = "pl", name_col: str = "indicator",
             value_col: str = "value", peer_median_col: str = "peer_median",
             voivodeship_col: str | None = "voivodeship", country_col: str | None = "country",
             unit_col: str | None = "unit", peer_values_col: str | None = None,
             voivodeship_name: str | None = None, title: str | None = None, as_of=None,
             subtitle: str | None = None, source: str | None = None, decimals: int | None = None,
             suppressed_col: str | None = None, level: str = "powiat") -> go.Figure:
    """One row per indicator (each on its own axis): the area's value (blue circle), the peer
    median (grey diamond), the voivodeship (purple square) and Poland (black bar); optional
    individual peer values (`peer_values_col`, lists) as small light dots behind."""
    lang = fmt.norm_lang(lang)
    d = df.reset_index(drop=True)
    n = max(len(d), 1)
    fig = make_subplots(rows=n, cols=1, vertical_spacing=min(0.5 / n, 0.08) if n > 1 else 0)
    marks = [
        ("area", value_col, area_name, "circle", cl.ROLE_COLORS["primary"], 16),
        ("peer", peer_median_col, t("chart.peer_median", lang), "diamond", cl.ROLE_COLORS["peer"], 13),
        ("voiv", voivodeship_col, voivodeship_name or t("chart.voivodeship", lang), "square",
         cl.ROLE_COLORS["voivodeship"], 12),
        ("pl", country_col, t("chart.country", lang), "line-ns", cl.ROLE_COLORS["country"], 22),
    ]
    shown: set[str] = set()
    rows_out = []
    for i, r in d.iterrows():
        row = i + 1
        u = r[unit_col] if unit_col and unit_col in d and pd.notna(r[unit_col]) else "number"
        u = u if u in fmt.UNITS else "number"
        yname = _html(r[name_col])
        vals = []
        supp = bool(r[suppressed_col]) if suppressed_col and suppressed_col in d and pd.notna(r[suppressed_col]) else False
        if peer_values_col and peer_values_col in d and isinstance(r[peer_values_col], (list, tuple, np.ndarray)):
            pv = [float(v) for v in r[peer_values_col] if v is not None and np.isfinite(v)]
            if pv:
                fig.add_trace(go.Scatter(x=pv, y=[yname] * len(pv), mode="markers", name=t("chart.peers", lang),
                                         legendgroup="peers", showlegend="peers" not in shown,
                                         marker={"size": 7, "color": "rgba(140,140,140,0.35)"},
                                         hoverinfo="skip"), row=row, col=1)
                shown.add("peers")
                vals += pv
        out = {t("chart.indicator", lang): r[name_col]}
        for key_, col, lbl, sym, color, size in marks:
            if not col or col not in d:
                continue
            v = r[col]
            if key_ == "area" and supp:
                out[lbl] = fmt.suppressed_label(level, r.get("code"))
                continue
            v = float(v) if pd.notna(v) else np.nan
            out[lbl] = None if not np.isfinite(v) else v
            if not np.isfinite(v):
                continue
            vals.append(v)
            fig.add_trace(go.Scatter(
                x=[v], y=[yname], mode="markers", name=_html(lbl), legendgroup=key_,
                showlegend=key_ not in shown,
                marker={"symbol": sym, "size": size, "color": color,
                        "line": {"width": 3 if sym == "line-ns" else 1,
                                 "color": color if sym == "line-ns" else "white"}},
                hovertemplate=f"<b>{yname}</b><br>{_html(lbl)}: "
                              f"{_html(fmt.format_value(v, u, lang, decimals, with_unit=True))}<extra></extra>"),
                row=row, col=1)
            shown.add(key_)
        if vals:
            lo, hi = min(vals + [0]), max(vals)
            pad = (hi - lo) * 0.08 or 1
            fig.update_xaxes(range=[lo - pad if lo < 0 else 0, hi + pad], row=row, col=1)
        fig.update_xaxes(row=row, col=1, tickformat=fmt.d3_format(u, 0 if u in ("count", "hours") else None),
                         gridcolor="#eeeeee", zeroline=False, tickfont={"size": 12})
        fig.update_yaxes(row=row, col=1, tickfont={"size": 14}, automargin=True, showgrid=False)
        out[t("chart.unit", lang)] = t("unit." + u, lang)
        rows_out.append(out)
    fig.update_layout(legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "font": {"size": 13}})
    sub = _subtitle(lang, as_of, subtitle)
    _style(fig, lang, title or area_name, sub, source_line(lang, source),
           height=95 * n + 200, bottom=80, top=_top(sub, 2) + 6)
    _set_meta(fig, "dot_plot", pd.DataFrame(rows_out))
    return fig


# --- sector mix -------------------------------------------------------------------------------------
def sector_mix(df: pd.DataFrame, group_col: str, category_col: str, value_col: str,
               lang: str = "pl", normalize: bool = True, enum_kind: str = "sector",
               categories: Sequence[str] | None = None, title: str | None = None, as_of=None,
               subtitle: str | None = None, source: str | None = None) -> go.Figure:
    """A stacked horizontal bar per group (e.g. coalition, voivodeship) split by category
    (sectors by default, labels from the i18n catalogue `enum_kind`); shares when `normalize`."""
    lang = fmt.norm_lang(lang)
    d = df.groupby([group_col, category_col], as_index=False, sort=False)[value_col].sum()
    wide = d.pivot(index=group_col, columns=category_col, values=value_col).fillna(0)
    cats = list(categories) if categories is not None else (
        [c for c in _default_categories(enum_kind) if c in wide.columns] +
        [c for c in wide.columns if c not in _default_categories(enum_kind)])
    wide = wide.reindex(columns=cats, fill_value=0)
    totals = wide.sum(axis=1)
    shares = wide.div(totals.replace(0, np.nan), axis=0).fillna(0)
    order = wide.index.tolist()
    fig = go.Figure()
    for i, c in enumerate(cats):
        color = cl.CATEGORICAL[i % len(cl.CATEGORICAL)]
        x = shares[c] if normalize else wide[c]
        lbl = enum_label(enum_kind, c, lang)
        text = [fmt.format_percent(s, lang, 0) if s >= 0.08 else "" for s in shares[c]]
        fig.add_trace(go.Bar(
            y=[_html(g) for g in order], x=x.tolist(), orientation="h", name=_html(lbl),
            marker={"color": color, "line": {"color": "white", "width": 1}},
            text=text, textposition="inside", insidetextanchor="middle",
            textfont={"color": cl.text_color_for(color), "size": 12},
            customdata=list(zip([fmt.format_number(v, lang) for v in wide[c]],
                                [fmt.format_percent(s, lang) for s in shares[c]])),
            hovertemplate="<b>%{y}</b><br>" + _html(lbl) + ": %{customdata[0]} (%{customdata[1]})<extra></extra>",
        ))
    fig.update_layout(
        barmode="stack",
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"tickformat": ",.0%" if normalize else ",.0f", "range": [0, 1] if normalize else None,
               "title": {"text": t("chart.share" if normalize else "chart.count", lang)},
               "gridcolor": "#e6e6e6"},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "traceorder": "normal"},
    )
    sub = _subtitle(lang, as_of, subtitle)
    _style(fig, lang, title or t("chart.sector", lang), sub, source_line(lang, source),
           height=max(250, 34 * len(order) + 210), bottom=100, top=_top(sub, 1) + 6)
    table = wide.copy()
    table.columns = [enum_label(enum_kind, c, lang) for c in cats]
    table[t("chart.total", lang)] = totals
    table = table.reset_index().rename(columns={group_col: t("chart.area", lang)})
    _set_meta(fig, "sector_mix", table, normalize=normalize)
    return fig


def _default_categories(kind: str) -> list[str]:
    from analytics.present.i18n import options
    return list(options(kind, "pl"))


# --- pydeck -----------------------------------------------------------------------------------------
def _rgb(color: str, alpha: int = 255) -> list[int]:
    r, g, b = (round(v * 255) for v in cl._hex_to_rgb(color))
    return [r, g, b, alpha]


def deck_columns(df: pd.DataFrame, value_col: str, label: str, unit: str = "count", lang: str = "pl",
                 level: str = "powiat", voivodeship: str | None = None, teryt_col: str = "teryt",
                 suppressed_col: str | None = None, method: str = "quantiles", k: int = 5,
                 palette: str = cl.DEFAULT_PALETTE, decimals: int | None = None,
                 height: int = 600, pitch: float = 45, max_height_m: float = 120_000,
                 inline: bool = False) -> pdk.Deck:
    """3D columns of `value_col` at unit centroids over the boundaries, offline (no basemap).

    Heights are scaled so the highest column is `max_height_m` metres; colours follow the same
    classes as the 2D map. Suppressed and missing units get no column. Returns a pydeck Deck with
    `map_provider=None` (show it with st.pydeck_chart). The country's voivodeship boundaries are
    referenced by the static GeoJSON's URL unless `inline` (a drill-down's powiats are inlined)."""
    lang = fmt.norm_lang(lang)
    geo._check_level(level)
    pts = geo.centroids(level, voivodeship)
    data = df[[teryt_col, value_col] + ([suppressed_col] if suppressed_col else [])].copy()
    data["teryt"] = _pad_teryt(data[teryt_col], level)
    pts = pts.merge(data.drop(columns=[teryt_col] if teryt_col != "teryt" else []), on="teryt", how="left")
    v = pd.to_numeric(pts[value_col], errors="coerce").astype(float)
    if suppressed_col:
        v = v.where(~pts[suppressed_col].fillna(False).astype(bool))
    c = cl.classify(v.to_numpy(), k=k, method=method)
    colors = c.colors(palette)
    class_labels = c.labels(lang, unit, decimals)
    units_df = geo.units(level).set_index("teryt")
    vmax = float(np.nanmax(v)) if v.notna().any() else 1.0
    recs = []
    for (_, r), val, ci in zip(pts.iterrows(), v, c.classes):
        if not np.isfinite(val):
            continue
        recs.append({
            "teryt": r["teryt"], "name": unit_name(units_df.loc[r["teryt"]].to_dict() | {"name": r["name"]},
                                                   level, lang),
            "lon": float(r["lon"]), "lat": float(r["lat"]),
            "elevation": float(val) / vmax * max_height_m if vmax > 0 else 0.0,
            "value_fmt": fmt.format_value(val, unit, lang, decimals, with_unit=True),
            "color": _rgb(colors[ci], 235),
            "class": int(ci), "class_label": class_labels[ci],   # the legend (deck_legend_html)
        })
    radius = 5_500 if level == "powiat" else 18_000
    if voivodeship:
        radius = 3_500 if level == "powiat" else radius
    columns = pdk.Layer(
        "ColumnLayer", data=recs, id="ks-columns", get_position=["lon", "lat"],
        get_elevation="elevation", elevation_scale=1, radius=radius, get_fill_color="color",
        pickable=True, auto_highlight=True, extruded=True, disk_resolution=12,
    )
    outline_level = "powiat" if voivodeship else "voivodeship"
    bounds_geo = (None if voivodeship else _geometry_url(outline_level, inline)) or geo.geojson(
        outline_level, voivodeship=voivodeship if outline_level == "powiat" else None)
    boundaries = pdk.Layer(
        "GeoJsonLayer", data=bounds_geo, id="ks-boundaries", stroked=True, filled=True,
        get_fill_color=[245, 245, 245, 255], get_line_color=[110, 110, 110, 255],
        line_width_min_pixels=1, pickable=False,
    )
    view = geo.view(voivodeship, width_px=760, height_px=height)
    vs = pdk.ViewState(longitude=view["center"]["lon"], latitude=view["center"]["lat"] - (0.6 if not voivodeship else 0.2),
                       zoom=view["zoom"] - 0.1, pitch=pitch, bearing=0)
    tooltip = {"html": f"<b>{{name}}</b><br/>{_html(label)}: {{value_fmt}}",
               "style": {"backgroundColor": "white", "color": TEXT_COLOR, "fontSize": "14px",
                         "border": "1px solid #8c8c8c"}}
    deck = pdk.Deck(layers=[boundaries, columns], initial_view_state=vs, map_provider=None,
                    map_style=None, tooltip=tooltip, height=height)
    return deck


def _deck_rows(deck: pdk.Deck) -> list[dict]:
    for layer in deck.layers:
        if getattr(layer, "id", None) == "ks-columns":
            return list(layer.data)
    return []


def deck_table(deck: pdk.Deck, lang: str = "pl") -> pd.DataFrame:
    """The rows behind deck_columns, with translated headers: TERYT code, area, formatted value and
    class ('Kod TERYT', 'Obszar', 'Wartość', 'Klasa')."""
    lang = fmt.norm_lang(lang)
    rows = _deck_rows(deck)
    headers = {"teryt": t("chart.teryt_code", lang), "name": t("chart.area", lang),
               "value_fmt": t("map.value", lang), "class_label": t("map.class", lang)}
    if not rows:
        return pd.DataFrame(columns=list(headers.values()))
    return pd.DataFrame(rows)[list(headers)].rename(columns=headers)


def deck_legend(deck: pdk.Deck) -> list[tuple[str, list[int]]]:
    """The classes the columns use, in class order: (label, RGBA colour)."""
    seen: dict[int, tuple[str, list[int]]] = {}
    for r in _deck_rows(deck):
        seen.setdefault(r["class"], (r["class_label"], r["color"]))
    return [seen[k] for k in sorted(seen)]


def deck_legend_html(deck: pdk.Deck, label: str, unit: str = "count", lang: str = "pl") -> str:
    """A legend for the 3D view (deck.gl draws none): what height and colour mean (the indicator
    `label` with its unit), a swatch per class, and a note that a powiat without a column has no
    data or hidden small counts. Plain HTML with inline styles; every text escaped."""
    lang = fmt.norm_lang(lang)
    esc = fmt.html_text
    title = t("legend.deck_title", lang, label=_with_unit(label, unit, lang))
    items = "".join(
        f'<li style="display:flex;align-items:center;gap:0.5em;margin:0.1em 0">'
        f'<span style="display:inline-block;width:1.1em;height:1.1em;border:1px solid #8c8c8c;'
        f'background:rgb({c[0]},{c[1]},{c[2]})" aria-hidden="true"></span>{esc(label)}</li>'
        for label, c in deck_legend(deck))
    return (f'<div class="ks-deck-legend" role="group" aria-label="{esc(t("legend.title", lang))}" '
            f'style="font-size:0.9rem;color:{TEXT_COLOR};line-height:1.4">'
            f'<div style="font-weight:600">{esc(title)}</div>'
            f'<ul style="list-style:none;padding:0;margin:0.2em 0 0.3em 0;display:flex;flex-wrap:wrap;gap:0 1.4em">'
            f'{items}</ul>'
            f'<div style="color:{MUTED_TEXT}">{esc(t("legend.deck_no_column", lang))}</div></div>')
