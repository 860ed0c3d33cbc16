"""Evaluator exports: chart images, CSV / XLSX tables with metadata, always privacy-safe.

Charts
    figure_bytes(fig, fmt, *, width=None, height=None, scale=None, lang=None, as_of=None,
                 title=None, unit=None, source=None, area=None, place=None, period=None) -> bytes
                                                                       fmt: 'png' | 'svg' | 'pdf'
    figures_bytes([(fig, fmt, opts), ...]) -> [bytes, ...]             many at once, in parallel
    export_figure(fig, ...) -> dict       the figure as exported = static_figure(prepare_figure(...))
    submit_render(export_dict, fmt, ...) -> Future[bytes]   start a render, collect it later
    prepare_figure(fig, ...) -> dict      the figure with its title, unit and a footer: area (given,
                                          the page's meta 'area', a map's own, or the TERYT `place`),
                                          as-of date, flow period, source, protection note; the
                                          margin and height grow to fit it, clear of the edge
    static_figure(fig_dict) -> dict       maps converted to vector (SVG) geo maps, see below
  Rendering is server-side with kaleido through ONE long-lived headless Chromium per process
  (`renderer()`): started lazily on first use, shared by every thread (kaleido queues the work
  over a few browser tabs), stopped at exit. PNGs default to scale 2.5 (a 1000 px wide layout gives
  2500 px, about 300 dpi across a 17 cm column) and carry a pHYs chunk so Word inserts them at
  17 cm wide. Maps (`go.Choroplethmap`, MapLibre/WebGL) are exported as `go.Choropleth` traces on
  a geo subplot with the same features, colours, legend and outlines: real vector shapes in SVG
  and PDF, no WebGL, no network, about 5x faster to render. The world topojson plotly.js would
  fetch for a geo subplot is replaced by an empty local one (we draw our own boundaries).

Tables
    csv_bytes(df, variant='utf8' | 'excel_pl') -> bytes
    xlsx_bytes(sheets: {name: df}, metadata: {label: value} | None, *, lang, definitions=None) -> bytes
    indicator_export_frame(con, level, as_of=None, period=None, lang='pl', codes=None,
                           include_country=False) -> DataFrame
    definitions_frame(codes=None, lang='pl') -> DataFrame
    export_metadata(con, *, level, as_of, period, lang, codes=None, filters=None) -> dict
    chart_export_table(fig) -> DataFrame   the table behind a chart, ready for csv/xlsx_bytes
  'utf8': UTF-8 with BOM, ',' separator, '.' decimals. 'excel_pl': UTF-8 with BOM (so Excel sees
  the Polish letters), ';' separator and decimal comma, which Polish Excel opens by double-click.
  Both end lines with CRLF. Text cells starting with = + - @ TAB or CR are neutralised against
  formula injection: CSV prefixes a "'", XLSX stores them as strings with quotePrefix. Numbers
  (including negative ones, and text that is just a number) stay numbers.
  XLSX: dates are date cells (dd.mm.yyyy / d mmm yyyy); a column whose text is all numbers or
  dates as the app writes them ('12 345,6', '45,2%', '30.06.2026'; '<10', '#', '–' allowed) is
  written as numbers and dates (text_value); TERYT codes and names stay text. Every sheet is set up
  for printing (A4, fit to one page wide, header row repeated, page numbers); the metadata sheet
  has two wrapped columns with rows as tall as their text (LibreOffice does not grow them), the
  definitions their own sheet.

Privacy. Every export of indicator values is protected (access/privacy.py, whoever exports):
counts of people and sums of hours carry cell-key noise, a hidden count is written as "<10" /
"<5" and a hidden derived value (hours, rates, per-capita) as "#"; the exact number never reaches
this module. Derived values are hidden with their base count even when the base count itself was
not requested. Charts are exported as given: pages must build the figures they export from protected frames
(every figure in analytics/present/figures.py takes `suppressed_col`); build_report (analytics/present/report.py)
does.

Decisions: in exported tables shares and indices are percentages 0-100 (header "... (%)"), the
same number in CSV and XLSX (XLSX shows it with a '0.0 %' format); counts are whole numbers;
rates keep 3 decimals, hours 1. Headers are the localised indicator labels; definitions_frame maps
them to the catalogue codes, units and definitions.
"""
from __future__ import annotations

import asyncio
import atexit
import copy
import csv
import datetime as dt
import io
import json
import math
import os
import re
import shutil
import struct
import tempfile
import threading
import zlib
from concurrent.futures import Future
from numbers import Number

import numpy as np
import pandas as pd

from analytics.metrics import catalogue
from analytics.metrics.dates import month_end, resolve_dates
from analytics.present import formatting as fmt
from analytics.access import privacy
from analytics.data import reference
from analytics.present.i18n import t
from analytics.present.names import unit_name

FORMATS = ("png", "svg", "pdf")
DEFAULT_WIDTH = 1000
DEFAULT_HEIGHT = 700
PNG_SCALE = 2.5            # 1000 px layout -> 2500 px image
PRINT_WIDTH_CM = 17.0      # the pHYs chunk makes Word insert the PNG this wide
RENDER_TIMEOUT = 90        # seconds per image
CSV_VARIANTS = ("utf8", "excel_pl")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_TEXT = re.compile(r"^\s*[+-]?(\d+|\d{1,3}([ \u00a0.,]\d{3})+)([.,]\d+)?\s*%?\s*$")


def s(key: str, lang: str = "pl", **kw) -> str:
    """An export text: the catalogue's `exports.<key>` (analytics/present/i18n/files.py)."""
    return t("exports." + key, lang, **kw)


def suppression_note(lang: str = "pl") -> str:
    return t("protection.note", lang)


def attribution(lang: str = "pl") -> str:
    return f"{t('chart.source_programme', lang)}. {t('source.attribution', lang)}"


# =============================================================================================
# Rendering: one kaleido (headless Chromium) per process
# =============================================================================================
_EMPTY_TOPOLOGY = {
    "type": "Topology", "arcs": [], "transform": {"scale": [1, 1], "translate": [0, 0]},
    "objects": {k: {"type": "GeometryCollection", "geometries": []}
                for k in ("coastlines", "land", "ocean", "lakes", "rivers", "countries", "subunits")},
}
TOPOJSON_NAMES = ("world_110m", "world_50m")


class ImagesUnavailable(FileNotFoundError):
    """No Chromium to render images with. A FileNotFoundError, like a missing program in
    subprocess, so the CLI reports it in one line (exit 1); its text says what to install."""


def browser_path() -> str | None:
    """The Chromium that renders images, or None when there is none: the one place that decides
    whether image exports can work. KS_CHROMIUM or BROWSER_PATH if set, else /usr/bin/chromium
    (Debian's), else any Chromium-based browser kaleido's own search finds."""
    path = os.environ.get("KS_CHROMIUM") or os.environ.get("BROWSER_PATH")
    if not path:
        from choreographer.browsers.chromium import Chromium
        path = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else Chromium.find_browser(skip_local=False)
    return path if path and os.path.isfile(path) and os.access(path, os.X_OK) else None


def images_unavailable(lang: str = "pl") -> str | None:
    """What is missing for image downloads (PNG, SVG, PDF), in lang; None when they work."""
    return None if browser_path() else t("export.no_chromium", lang)


class Renderer:
    """A long-lived kaleido browser on its own asyncio loop thread. Thread-safe: any thread may
    call render(); kaleido spreads concurrent renders over `tabs` browser tabs."""

    def __init__(self, tabs: int | None = None):
        self.tabs = tabs or int(os.environ.get("KS_EXPORT_TABS") or min(4, max(2, os.cpu_count() or 2)))
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._k = None
        self._topo_dir: str | None = None
        self._atexit = False
        self.starts = 0

    @property
    def running(self) -> bool:
        return self._k is not None and self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        with self._lock:
            if self.running:
                return
            path = browser_path()
            if path is None:
                raise ImagesUnavailable(images_unavailable("en"))
            import kaleido
            self._stop_locked()
            topo = tempfile.mkdtemp(prefix="ks-topojson-")
            for name in TOPOJSON_NAMES:
                with open(os.path.join(topo, name + ".json"), "w") as f:
                    json.dump(_EMPTY_TOPOLOGY, f)
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="ks-kaleido", daemon=True)
            thread.start()
            kwargs = {"path": path}

            async def _open():
                k = kaleido.Kaleido(n=self.tabs, timeout=RENDER_TIMEOUT, mathjax=False, **kwargs)
                await k.open()
                return k

            try:
                self._k = asyncio.run_coroutine_threadsafe(_open(), loop).result(timeout=120)
            except BaseException:
                loop.call_soon_threadsafe(loop.stop)
                thread.join(5)
                shutil.rmtree(topo, ignore_errors=True)
                raise
            self._loop, self._thread, self._topo_dir = loop, thread, topo
            self.starts += 1
            if not self._atexit:
                atexit.register(self.stop)
                self._atexit = True

    def _stop_locked(self) -> None:
        if self._k is not None and self._loop is not None and self._thread is not None and self._thread.is_alive():
            try:
                asyncio.run_coroutine_threadsafe(self._k.close(), self._loop).result(timeout=20)
            except BaseException:  # noqa: BLE001 - best effort at shutdown
                pass
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
        if self._topo_dir:
            shutil.rmtree(self._topo_dir, ignore_errors=True)
        self._k = self._loop = self._thread = self._topo_dir = None

    def stop(self) -> None:
        with self._lock:
            self._stop_locked()

    def submit(self, fig: dict, opts: dict) -> Future:
        """Start one render; returns a concurrent Future of the image bytes (PNGs get their pHYs)."""
        if not self.running:
            self.start()
        topo = "file://" + self._topo_dir.rstrip("/") + "/"
        k = self._k

        async def _one():
            b = await k.calc_fig(fig, opts, topojson=topo)
            return _finish(b, opts.get("format", "png"))

        return asyncio.run_coroutine_threadsafe(_one(), self._loop)

    def render(self, fig: dict, opts: dict) -> bytes:
        """Render and wait (restarting a dead browser once)."""
        try:
            return self.submit(fig, opts).result(timeout=RENDER_TIMEOUT + 30)
        except Exception:
            if self.running:
                raise
            self.start()  # the browser died: restart once and retry
            return self.submit(fig, opts).result(timeout=RENDER_TIMEOUT + 30)


_RENDERER: Renderer | None = None
_RENDERER_LOCK = threading.Lock()


def renderer() -> Renderer:
    """The process-wide renderer (created on first use; its browser starts on first render)."""
    global _RENDERER
    with _RENDERER_LOCK:
        if _RENDERER is None:
            _RENDERER = Renderer()
        return _RENDERER


# --- figure preparation ------------------------------------------------------------------------
def _fig_dict(fig) -> dict:
    if isinstance(fig, dict):
        return copy.deepcopy(fig)
    return fig.to_dict()  # a deep copy: the caller's figure is never changed


def _fig_lang(d: dict) -> str:
    return "en" if (d.get("layout") or {}).get("separators") == ".," else "pl"


def _texts(d: dict) -> list[str]:
    lay = d.get("layout") or {}
    out = []
    title = lay.get("title") or {}
    if isinstance(title, dict):
        out.append(str(title.get("text") or ""))
        out.append(str((title.get("subtitle") or {}).get("text") or ""))
    for a in lay.get("annotations") or []:
        out.append(str(a.get("text") or ""))
    for k, v in lay.items():
        if (k.startswith("xaxis") or k.startswith("yaxis")) and isinstance(v, dict):
            tt = v.get("title") or {}
            out.append(str(tt.get("text") or "") if isinstance(tt, dict) else str(tt))
    leg = (lay.get("legend") or {}).get("title") or {}
    out.append(str(leg.get("text") or "") if isinstance(leg, dict) else str(leg))
    return [x for x in out if x]


def _esc(x) -> str:
    return str(x).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _unesc(x: str) -> str:
    return x.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def place_label(teryt: str | None, lang: str = "pl") -> str | None:
    """The name of a place given by its TERYT code: 'Polska', 'województwo opolskie',
    'powiat brzeski' (None for an unknown code)."""
    if not teryt:
        return None
    if teryt == reference.COUNTRY:
        return t("level.country", lang)
    for u in reference.units():
        if u["teryt"] == teryt:
            return unit_name(u, u["level"], lang)
    return None


def _figure_area(d: dict, lang: str, area: str | None, place: str | None) -> str | None:
    """The area an exported chart shows: `area` (a name) when given; else the one the page stored
    in the figure's meta ('area'); for a map the voivodeship it shows, or Poland; else `place`
    (a TERYT: the unit in focus on the page)."""
    from analytics.present.figures import META_KEY
    meta = ((d.get("layout") or {}).get("meta") or {})
    meta = meta.get(META_KEY, {}) if isinstance(meta, dict) else {}
    if area:
        return area
    if meta.get("area"):
        return str(meta["area"])
    if meta.get("kind") in ("choropleth", "category_map"):
        return place_label(meta.get("voivodeship") or reference.COUNTRY, lang)
    return place_label(place, lang)


# Export footer: 11 px text, about 15 px a line; an average character of the sans font ~6 px.
FOOTER_SIZE = 11
FOOTER_LINE = 15
FOOTER_CHAR = 6.4


def _wrap(text: str, chars: int) -> list[str]:
    import textwrap
    out: list[str] = []
    for para in str(text).split("\n"):
        out += textwrap.wrap(para, max(chars, 30), break_long_words=False, break_on_hyphens=False) or [""]
    return out


def footer_lines(lang: str, *, area: str | None = None, as_of=None, period=None, source: str | None = None,
                 boundaries: bool = False, width: int = DEFAULT_WIDTH) -> list[str]:
    """The lines under an exported chart: area · as-of date · flow period; the source; the
    small-count protection note, wrapped to `width` pixels."""
    from analytics.present.figures import source_line
    ctx = []
    if area:
        ctx.append(s("area", lang, area=area))
    if as_of is not None:
        ctx.append(s("data_as_of", lang, date=fmt.format_date(as_of, lang)))
    if period is not None:
        p0, p1 = fmt._as_date(period[0]), fmt._as_date(period[1])
        ctx.append(s("flow_period", lang, start=fmt.format_month(p0, lang), end=fmt.format_month(p1, lang)))
    chars = int((width - 40) / FOOTER_CHAR)
    lines: list[str] = []
    if ctx:
        first = " · ".join(ctx)
        lines += _wrap(first[:1].upper() + first[1:], chars)
    lines += _wrap(source_line(lang, source, boundaries=boundaries), chars)
    lines += _wrap(suppression_note(lang), chars)
    return lines


def _axis_labels_width(d: dict) -> int:
    """A generous estimate of the pixels plotly's automargin gives the y axis (tick labels and
    title) left of the plot: the footer starts at the plot's left edge and must fit right of it."""
    longest = 0
    for tr in d.get("data") or []:
        ys = tr.get("y")
        if isinstance(ys, (list, tuple)):
            longest = max([longest] + [len(_unesc(str(y)).split("<br>")[0]) for y in ys if isinstance(y, str)])
    lay = d.get("layout") or {}
    titled = any(isinstance(v, dict) and (v.get("title") or {}).get("text") if isinstance(v.get("title"), dict)
                 else bool(v.get("title")) if isinstance(v, dict) else False
                 for k, v in lay.items() if k.startswith("yaxis"))
    return int(max(longest * 7.5, 45) + (30 if titled else 0) + 10)


def _is_source_annotation(a: dict) -> bool:
    txt = str(a.get("text") or "").lower()
    return a.get("yref") == "paper" and a.get("y") == 0 and any(
        k in txt for k in ("źródło", "source", "dane: niw", "data: niw"))


def prepare_figure(fig, *, lang: str | None = None, as_of=None, title: str | None = None,
                   unit: str | None = None, source: str | None = None, area: str | None = None,
                   place: str | None = None, period=None) -> dict:
    """A copy of `fig` (as a plotly dict) as it is exported: a title (kept, or `title`), the unit
    when the texts do not name it, and under the chart a footer with the area (`area`, else the
    figure's own, else `place`, a TERYT), the as-of date, the flow `period` (p0, p1), the source
    and the protection note (every export is protected). The bottom margin and the height grow
    to fit the footer, which sits clear of the edge (a PDF keeps its last line)."""
    from analytics.present.figures import MUTED_TEXT, TEXT_COLOR, TITLE_SIZE
    d = _fig_dict(fig)
    lang = fmt.norm_lang(lang or _fig_lang(d))
    lay = d.setdefault("layout", {})
    margin = lay.setdefault("margin", {})
    texts = [_unesc(x) for x in _texts(d)]
    joined = " ".join(texts).lower()
    tdict = lay.get("title") if isinstance(lay.get("title"), dict) else {}
    added: list[str] = []
    if not (tdict.get("text")) and title:
        tdict = {"text": _esc(title), "x": 0.01, "xanchor": "left", "xref": "container", "y": 1,
                 "yref": "container", "yanchor": "top", "pad": {"t": 16},
                 "font": {"size": TITLE_SIZE, "color": TEXT_COLOR}}
        margin["t"] = max(margin.get("t") or 0, 60)
    if unit and unit not in ("count", "number"):
        u = t("unit." + unit, lang)
        if u.split(" (")[0].lower() not in joined and not (unit in fmt.PERCENT_UNITS and "%" in joined):
            added.append(s("unit", lang, unit=u))
    if added:
        if not tdict.get("text"):
            tdict = {"text": _esc(added.pop(0)), "x": 0.01, "xanchor": "left", "xref": "container",
                     "y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 16},
                     "font": {"size": 15, "color": TEXT_COLOR}}
            margin["t"] = max(margin.get("t") or 0, 60)
        if added:
            sub = tdict.get("subtitle") or {}
            old = sub.get("text")
            new = " · ".join(_esc(a) for a in added)
            sub = {**sub, "text": f"{old} · {new}" if old else new}
            sub.setdefault("font", {"size": 13, "color": MUTED_TEXT})
            if not old:
                margin["t"] = (margin.get("t") or 60) + 26
            tdict["subtitle"] = sub
    if tdict:
        lay["title"] = tdict
    # the footer replaces the figure's own source line
    anns = lay.get("annotations") or []
    own = [a for a in anns if _is_source_annotation(a)]
    lay["annotations"] = [a for a in anns if not _is_source_annotation(a)]
    maps = any(str(tr.get("type", "")).startswith("choropleth") for tr in d.get("data") or [])
    cartesian = any(str(tr.get("type", "scatter")) in ("bar", "scatter", "scattergl", "box", "histogram")
                    for tr in d.get("data") or [])
    if own:
        axis_space = max(abs(float(own[0].get("yshift") or 0)), 0)
    else:
        axis_space = 52 if cartesian else 10
    width, height = export_size(d)
    room = width - (margin.get("l") or 0) - (margin.get("r") or 0) - (_axis_labels_width(d) if cartesian else 0)
    lines = footer_lines(lang, area=_figure_area(d, lang, area, place), as_of=as_of, period=period,
                         source=source, boundaries=maps, width=room)
    block = FOOTER_LINE * len(lines)
    bottom_edge = 16  # clear of the page edge
    old_b = margin.get("b") or 0
    new_b = int(axis_space + block + bottom_edge)
    lay["annotations"].append({
        "text": "<br>".join(_esc(x) for x in lines), "xref": "paper", "yref": "paper",
        "x": 0, "y": 0, "xanchor": "left", "yanchor": "top", "yshift": -axis_space,
        "showarrow": False, "align": "left", "font": {"size": FOOTER_SIZE, "color": MUTED_TEXT}})
    margin["b"] = max(old_b, new_b)
    lay["height"] = height + max(0, margin["b"] - old_b)
    return d


# --- maps as vector geo traces ----------------------------------------------------------------
def _ring_area(ring) -> float:
    a = 0.0
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i][0], ring[i][1]
        x2, y2 = ring[(i + 1) % n][0], ring[(i + 1) % n][1]
        a += x1 * y2 - x2 * y1
    return a / 2


def _rewind_polygon(poly):
    out = []
    for i, ring in enumerate(poly):
        a = _ring_area(ring)
        # d3-geo (plotly geo) wants clockwise exterior rings and counter-clockwise holes
        out.append(list(ring)[::-1] if (i == 0 and a > 0) or (i > 0 and a < 0) else ring)
    return out


def rewind_geojson(gj: dict) -> dict:
    """GeoJSON with ring orientation fixed for d3-geo (RFC 7946 rings are the reverse)."""
    feats = []
    for f in gj.get("features") or []:
        g = f.get("geometry") or {}
        if g.get("type") == "Polygon":
            g = {"type": "Polygon", "coordinates": _rewind_polygon(g["coordinates"])}
        elif g.get("type") == "MultiPolygon":
            g = {"type": "MultiPolygon", "coordinates": [_rewind_polygon(p) for p in g["coordinates"]]}
        feats.append({**f, "geometry": g})
    return {**gj, "features": feats}


_MAP_ONLY_KEYS = ("subplot", "below")


def static_figure(fig) -> dict:
    """The figure (dict) with every `choroplethmap` trace turned into a `choropleth` trace on a
    geo subplot (mercator, fitted to the features, no base map) and the map's line layers into
    outline-only traces. Other figures are returned unchanged (as a dict copy)."""
    from analytics.present.figures import inline_geometry  # maps reference geometry by URL: kaleido needs it inline
    d = inline_geometry(fig if isinstance(fig, dict) else _fig_dict(fig))
    data = d.get("data") or []
    if not any(tr.get("type") == "choroplethmap" for tr in data):
        return d
    d = dict(d)
    lay = dict(d.get("layout") or {})
    new = []
    for tr in data:
        if tr.get("type") != "choroplethmap":
            new.append(tr)
            continue
        tr = {k: v for k, v in tr.items() if k not in _MAP_ONLY_KEYS}
        tr["type"] = "choropleth"
        if isinstance(tr.get("geojson"), dict):
            tr["geojson"] = rewind_geojson(tr["geojson"])
        marker = dict(tr.get("marker") or {})
        marker.pop("opacity", None)
        tr["marker"] = marker
        new.append(tr)
    for layer in (lay.get("map") or {}).get("layers") or []:
        src = layer.get("source")
        if layer.get("type") != "line" or not isinstance(src, dict):
            continue
        feats = src.get("features") or []
        keys = [str((f.get("properties") or {}).get("teryt", i)) for i, f in enumerate(feats)]
        gj = rewind_geojson({"type": "FeatureCollection", "features": [
            {**f, "properties": {**(f.get("properties") or {}), "_k": k}} for f, k in zip(feats, keys)]})
        new.append({"type": "choropleth", "geojson": gj, "featureidkey": "properties._k", "locations": keys,
                    "z": [0] * len(keys), "zmin": 0, "zmax": 1, "showscale": False, "showlegend": False,
                    "colorscale": [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], "hoverinfo": "skip",
                    "marker": {"line": {"color": layer.get("color", "#303030"),
                                        "width": (layer.get("line") or {}).get("width", 1)}}})
    lay.pop("map", None)
    lay["geo"] = {"fitbounds": "locations", "visible": False, "projection": {"type": "mercator"},
                  "showframe": False, "bgcolor": "rgba(0,0,0,0)", "domain": {"x": [0, 1], "y": [0, 1]}}
    lay["dragmode"] = "pan"
    d["data"] = new
    d["layout"] = lay
    return d


def export_size(fig: dict, width=None, height=None) -> tuple[int, int]:
    lay = fig.get("layout") or {}
    w = int(width or lay.get("width") or DEFAULT_WIDTH)
    h = int(height or lay.get("height") or DEFAULT_HEIGHT)
    return w, h


def _png_with_dpi(png: bytes, width_cm: float = PRINT_WIDTH_CM) -> bytes:
    """Insert (or replace) a pHYs chunk so the image is `width_cm` wide at its pixel size."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        return png
    w = struct.unpack(">I", png[16:20])[0]
    ppm = max(1, round(w / (width_cm / 100)))
    body = b"pHYs" + struct.pack(">IIB", ppm, ppm, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    out, pos = [png[:8]], 8
    while pos < len(png):
        n = struct.unpack(">I", png[pos:pos + 4])[0]
        typ = png[pos + 4:pos + 8]
        end = pos + 12 + n
        if typ != b"pHYs":
            out.append(png[pos:end])
        if typ == b"IHDR":
            out.append(chunk)
        pos = end
    return b"".join(out)


def export_figure(fig, *, lang: str | None = None, as_of=None, title: str | None = None,
                  unit: str | None = None, source: str | None = None, area: str | None = None,
                  place: str | None = None, period=None) -> dict:
    """The figure exactly as exported: prepare_figure (title, unit, and the footer: area, as-of,
    flow period, source, protection note) then static_figure (vector maps). Prepare once, render
    in several formats with submit_render."""
    return static_figure(prepare_figure(fig, lang=lang, as_of=as_of, title=title, unit=unit, source=source,
                                        area=area, place=place, period=period))


def render_options(d: dict, fmt_: str, width=None, height=None, scale=None) -> dict:
    if fmt_ not in FORMATS:
        raise ValueError(f"unknown image format {fmt_!r} (expected one of {FORMATS})")
    w, h = export_size(d, width, height)
    sc = scale if scale is not None else (PNG_SCALE if fmt_ == "png" else 1)
    return {"format": fmt_, "width": w, "height": h, "scale": sc}


def submit_render(d: dict, fmt: str = "png", *, width: int | None = None, height: int | None = None,
                  scale: float | None = None) -> Future:
    """Start rendering an export_figure() dict; a Future of the image bytes. Renders submitted
    together run in parallel on the renderer's browser tabs."""
    return renderer().submit(d, render_options(d, fmt, width, height, scale))


def _finish(b: bytes, fmt_: str) -> bytes:
    return _png_with_dpi(b) if fmt_ == "png" else b


def _result(fut: Future, d: dict, opts: dict) -> bytes:
    r = renderer()
    try:
        return fut.result(timeout=RENDER_TIMEOUT + 30)
    except Exception:
        if r.running:
            raise
        return r.render(d, opts)  # the browser died: render() restarts it once


def figure_bytes(fig, fmt: str = "png", *, width: int | None = None, height: int | None = None,
                 scale: float | None = None, lang: str | None = None, as_of=None,
                 title: str | None = None, unit: str | None = None, source: str | None = None,
                 area: str | None = None, place: str | None = None, period=None) -> bytes:
    """The figure as a PNG / SVG / PDF image, ready for a report (see prepare_figure: title, unit,
    and a footer with area, as-of date, flow period, source and protection note): width defaults
    to the layout's or 1000 px, height to the layout's (plus the footer) or 700 px; PNG scale 2.5."""
    render_options({}, fmt)  # an unknown format fails before any work
    d = export_figure(fig, lang=lang, as_of=as_of, title=title, unit=unit, source=source, area=area,
                      place=place, period=period)
    opts = render_options(d, fmt, width, height, scale)
    return _result(renderer().submit(d, opts), d, opts)


def figures_bytes(jobs, progress=None) -> list[bytes]:
    """Render many figures at once: jobs = [(fig, fmt) or (fig, fmt, {figure_bytes keywords})].
    Each figure is prepared once for all its formats; renders run in parallel on the renderer's
    tabs; `progress(done, total)` after each one."""
    prepared: dict = {}
    specs = []
    for job in jobs:
        fig, fmt_ = job[0], job[1]
        kw = dict(job[2]) if len(job) > 2 else {}
        size = {k: kw.pop(k) for k in ("width", "height", "scale") if k in kw}
        key = (id(fig), repr(sorted(kw.items())))
        if key not in prepared:
            prepared[key] = export_figure(fig, **kw)
        d = prepared[key]
        specs.append((d, render_options(d, fmt_, **size)))
    r = renderer()
    futures = [r.submit(d, opts) for d, opts in specs]
    out = []
    for i, (f, (d, opts)) in enumerate(zip(futures, specs)):
        out.append(_result(f, d, opts))
        if progress:
            progress(i + 1, len(futures))
    return out


# =============================================================================================
# Tables
# =============================================================================================
def is_formula_like(v) -> bool:
    """True for text a spreadsheet could run as a formula (=, +, -, @, TAB, CR first), except
    text that is just a number ('-12', '+3,5')."""
    return isinstance(v, str) and v[:1] in FORMULA_TRIGGERS and not _NUMBER_TEXT.match(v)


def neutralise(v: str) -> str:
    """Text made safe for CSV: a leading ' before formula-like text."""
    return "'" + v if is_formula_like(v) else v


def _missing(v) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    try:
        return bool(pd.isna(v)) if not isinstance(v, (str, bytes, list, tuple, dict)) else False
    except (TypeError, ValueError):
        return False


def _num_text(x: float, decimal: str) -> str:
    if isinstance(x, (int, np.integer)) and not isinstance(x, bool):
        return str(int(x))
    x = float(x)
    if not math.isfinite(x):
        return ""
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    txt = np.format_float_positional(round(x, 10), trim="-")
    return txt.replace(".", decimal)


def _csv_cell(v, decimal: str) -> str:
    if _missing(v):
        return ""
    if isinstance(v, (bool, np.bool_)):
        return "1" if v else "0"
    if isinstance(v, (Number, np.number)):
        return _num_text(v, decimal)
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat() if v == v.normalize() else v.isoformat(sep=" ")
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return neutralise(str(v))


def csv_bytes(df: pd.DataFrame, variant: str = "utf8") -> bytes:
    """The frame as CSV bytes. 'utf8': UTF-8 with BOM, ',' and '.'; 'excel_pl': UTF-8 with BOM,
    ';' and decimal comma (Polish Excel). No index; missing values are empty; formula-like text
    is prefixed with "'"."""
    if variant not in CSV_VARIANTS:
        raise ValueError(f"unknown CSV variant {variant!r} (expected one of {CSV_VARIANTS})")
    sep, dec = (",", ".") if variant == "utf8" else (";", ",")
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    w.writerow([neutralise(str(c)) for c in df.columns])
    for row in df.itertuples(index=False, name=None):
        w.writerow([_csv_cell(v, dec) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


# --- XLSX ----------------------------------------------------------------------------------------
_XL_FORMATS = {
    "count": "#,##0", "hours": "#,##0.0", "percent": '0.0" %"', "share": "0.0%", "index": "0.0%",
    "per_10k": "#,##0.00", "per_100k": "#,##0.00", "number": "#,##0.0##", "int": "#,##0",
}
# Dates as real date cells, shown the way the language writes them (formatting.format_date).
XL_DATE_FORMATS = {"pl": "dd.mm.yyyy", "en": "d mmm yyyy"}
XL_DATETIME_FORMATS = {"pl": "dd.mm.yyyy hh:mm", "en": "d mmm yyyy hh:mm"}
XL_MONTH_FORMATS = {"pl": "mmmm yyyy", "en": "mmmm yyyy"}
# Text standing in for a value: stays text in a numeric column (hidden, no data, nothing).
PLACEHOLDERS = frozenset({"<10", "<5", "#", "–", "—", "-", ""})
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")
_NUM_TEXT = {
    "pl": re.compile(r"^(?P<sign>[+\-\u2212]?)(?P<int>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,(?P<dec>\d+))?"
                     r"\s?(?P<pct>%?)$"),
    "en": re.compile(r"^(?P<sign>[+\-\u2212]?)(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?\s?(?P<pct>%?)$"),
}
_DATE_TEXT = (re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})$"),
              re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})$"))
_EN_MONTHS = {m.lower(): i + 1 for i, m in enumerate(fmt.MONTHS["en_short"])}
_EN_DATE = re.compile(r"^(?P<d>\d{1,2}) (?P<mon>[A-Za-z]{3}) (?P<y>\d{4})$")


def text_value(text: str, lang: str = "pl"):
    """A number or date written as text the way the app writes it ('12 345,6', '45,2%', '−3',
    '30.06.2026', '2026-06-30', '30 Jun 2026') as (value, number_format); None when the text
    is not one (names, '<10', '#', an identifier with a leading zero such as TERYT '0201').
    Percentages become fractions with a % format, so a spreadsheet shows what the page showed."""
    s = str(text).strip()
    m = _NUM_TEXT[fmt.norm_lang(lang)].match(s)
    if m:
        whole = re.sub(r"\D", "", m["int"])
        if len(whole) > 1 and whole.startswith("0") and not m["dec"] and not m["pct"]:
            return None  # an identifier (TERYT, a code), not a number
        dec = m["dec"] or ""
        x = float(f"{whole}.{dec}" if dec else whole)
        if m["sign"] in ("-", "\u2212"):
            x = -x
        zeros = "0" * len(dec)
        if m["pct"]:
            return x / 100, "0" + ("." + zeros if dec else "") + "%"
        if not dec:
            return int(x), _XL_FORMATS["int"]
        return x, "#,##0." + zeros
    for rx in _DATE_TEXT:
        m = rx.match(s)
        if m:
            try:
                return dt.date(int(m["y"]), int(m["m"]), int(m["d"])), None
            except ValueError:
                return None
    m = _EN_DATE.match(s)
    if m and m["mon"].lower() in _EN_MONTHS:
        try:
            return dt.date(int(m["y"]), _EN_MONTHS[m["mon"].lower()], int(m["d"])), None
        except ValueError:
            return None
    return None


def typed_column(values: list, lang: str = "pl") -> list | None:
    """The column with numbers and dates written as text turned into numbers and dates (each as
    (value, number_format)), when every value that is not missing or a placeholder ('<10', '#',
    '–') is one; None when the column is text (names, TERYT codes)."""
    out, seen = [], False
    for v in values:
        if isinstance(v, str) and v.strip() not in PLACEHOLDERS:
            tv = text_value(v, lang)
            if tv is None:
                return None
            out.append(tv)
            seen = True
        else:
            out.append(None)
    return out if seen else None


def _sheet_title(name: str, used: set[str]) -> str:
    base = _BAD_SHEET.sub("_", str(name)).strip("'")[:31] or "Arkusz"
    title, i = base, 2
    while title.lower() in used:
        suffix = f" ({i})"
        title = base[:31 - len(suffix)] + suffix
        i += 1
    used.add(title.lower())
    return title


def _xl_value(cell, v, number_format: str | None, lang: str = "pl"):
    """Write v into an openpyxl cell: numbers as numbers, dates as dates (with the language's date
    format), formula-like text as quoted strings."""
    lang = fmt.norm_lang(lang)
    if _missing(v):
        cell.value = None
        return
    if isinstance(v, (bool, np.bool_)):
        cell.value = bool(v)
        return
    if isinstance(v, (Number, np.number)):
        x = float(v) if not isinstance(v, (int, np.integer)) else int(v)
        if isinstance(x, float) and not math.isfinite(x):
            cell.value = None
            return
        cell.value = x
        if number_format:
            cell.number_format = number_format
        elif isinstance(x, int) or float(x).is_integer():
            cell.number_format = _XL_FORMATS["int"]
        else:
            cell.number_format = _XL_FORMATS["number"]
        return
    if isinstance(v, pd.Timestamp):
        v = v.to_pydatetime()
        if v.hour == v.minute == v.second == 0:
            v = v.date()
    if isinstance(v, np.datetime64):
        return _xl_value(cell, pd.Timestamp(v), number_format, lang)
    if isinstance(v, (dt.date, dt.datetime)):
        cell.value = v
        cell.number_format = (XL_DATETIME_FORMATS if isinstance(v, dt.datetime) else XL_DATE_FORMATS)[lang]
        return
    text = str(v)
    cell.value = text
    cell.data_type = "s"  # never a formula, whatever the first character
    if is_formula_like(text):
        cell.quotePrefix = True


# Column widths are in characters of the default font; a row of wrapped text is ~15 points a line.
LINE_POINTS = 15.0
MAX_WIDTH = 45


def _lines(text, width: float) -> int:
    """How many lines `text` takes in a wrapped cell `width` characters wide (a little generous:
    LibreOffice and Excel wrap at word boundaries and their fonts differ)."""
    if text is None:
        return 1
    usable = max(width - 1.5, 4) * 0.92
    n = 0
    for para in str(text).split("\n"):
        words, line, count = para.split(" "), 0, 1
        for w in words:
            wl = len(w)
            if line and line + 1 + wl > usable:
                count += 1
                line = wl
            else:
                line += (1 if line else 0) + wl
            while line > usable:  # a word longer than the line
                count += 1
                line -= usable
        n += count
    return max(n, 1)


# Widest table (sum of column widths, in characters) that is fitted to one landscape A4 page wide:
# about 130 characters fit at 100 %, so fitting 260 still prints at half the size.
# Anything wider would print too small to read (the 35-column indicator table at one fifth): it
# keeps its size and runs across pages, with its name columns repeated on each.
FIT_WIDTH_MAX = 260


def page_setup(ws, n_columns: int, *, header_rows: int = 1, landscape: bool | None = None,
               total_width: float | None = None, title_columns: int = 0) -> None:
    """Printing: A4, landscape for wide tables, fit to one page wide (as many pages tall as it
    takes) unless `total_width` is beyond FIT_WIDTH_MAX - then at its own size across pages, the
    first `title_columns` repeated on each -, the header row repeated on every page, page numbers
    in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    wide = landscape if landscape is not None else n_columns > 5
    ws.page_setup.orientation = "landscape" if wide else "portrait"
    if total_width is not None and total_width > FIT_WIDTH_MAX:
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.page_setup.scale = 100
        if title_columns:
            from openpyxl.utils import get_column_letter
            ws.print_title_cols = f"A:{get_column_letter(title_columns)}"
    else:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75   # inches; the header and footer sit in them
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if header_rows:
        ws.print_title_rows = f"1:{header_rows}"
    ws.oddFooter.center.text = "&P / &N"
    ws.oddHeader.left.text = "&A"


def _write_frame(ws, df: pd.DataFrame, units: dict | None = None, lang: str = "pl") -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    units = units or df.attrs.get("units") or {}
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E8EDF3")
    right = Alignment(horizontal="right")
    header_wrap = Alignment(wrap_text=True, vertical="top")
    for j, col in enumerate(df.columns, start=1):
        c = ws.cell(row=1, column=j)
        _xl_value(c, str(col), None, lang)
        c.font = bold
        c.fill = fill
        c.alignment = header_wrap
    # a long header wraps (its row grows to up to 5 lines) rather than widening its column: a
    # column is as wide as its values need, its header's longest word, and at least 12 characters
    widths = [min(max(max((len(w) for w in str(c).split()), default=0), 12), 34) for c in df.columns]
    for j, col in enumerate(df.columns):
        unit = units.get(col) or ""
        nf = _XL_FORMATS.get(unit)
        values = df.iloc[:, j].tolist()
        typed = typed_column(values, lang) if not str(col).upper().startswith(("TERYT", "ID")) else None
        for i, v in enumerate(values, start=2):
            cell = ws.cell(row=i, column=j + 1)
            if typed is not None and typed[i - 2] is not None:
                tv, tf = typed[i - 2]
                _xl_value(cell, tv, nf if nf and not str(tf).endswith("%") else tf, lang)
                n = len(str(v))
            else:
                if unit == "month" and isinstance(v, (dt.date, pd.Timestamp)):
                    _xl_value(cell, v, None, lang)
                    cell.number_format = XL_MONTH_FORMATS[fmt.norm_lang(lang)]
                else:
                    _xl_value(cell, v, nf, lang)
                if isinstance(v, str) and v.strip() in PLACEHOLDERS:
                    cell.alignment = right  # "<10" and "#" sit where the numbers are
                if isinstance(v, (Number, np.number)) and not isinstance(v, bool) and not _missing(v):
                    n = len(fmt.format_number(v, "pl", 2))
                elif isinstance(v, (dt.date, pd.Timestamp)):
                    n = 16 if unit == "month" else 11
                else:
                    n = 0 if _missing(v) else len(str(v))
            widths[j] = max(widths[j], min(n, MAX_WIDTH))
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w + 2
    head_lines = max((_lines(c, w + 2) for c, w in zip(df.columns, widths)), default=1)
    if head_lines > 1:
        ws.row_dimensions[1].height = LINE_POINTS * min(head_lines, 5) + 2
    long_text = Alignment(wrap_text=True, vertical="top")
    for j, w in enumerate(widths):  # text longer than the widest column wraps; its row grows
        if w < MAX_WIDTH:
            continue
        for i, v in enumerate(df.iloc[:, j].tolist(), start=2):
            if isinstance(v, str) and len(v) > MAX_WIDTH:
                ws.cell(row=i, column=j + 1).alignment = long_text
                h = LINE_POINTS * _lines(v, MAX_WIDTH + 2) + 2
                ws.row_dimensions[i].height = max(ws.row_dimensions[i].height or 0, h)
    ws.freeze_panes = "A2"
    if len(df.columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(df.columns))}{max(len(df), 1) + 1}"
    # the leading text columns (code, name) say which row is which on every page across
    names = 0
    for col in df.columns[:2]:
        if df[col].map(lambda v: v is None or isinstance(v, str)).all():
            names += 1
        else:
            break
    page_setup(ws, len(df.columns), landscape=sum(widths) > 100, total_width=sum(w + 2 for w in widths),
               title_columns=names)


def _write_rows(ws, rows: list[tuple], widths: list[float], start: int, lang: str,
                header: bool = False) -> int:
    """Wrapped rows of text (label, value, ...) from row `start`, each row as tall as its longest
    cell needs (LibreOffice does not grow rows written by openpyxl). Returns the next free row."""
    from openpyxl.styles import Alignment, Font, PatternFill
    wrap = Alignment(wrap_text=True, vertical="top")
    r = start
    for k, row in enumerate(rows):
        lines = 1
        for j, v in enumerate(row, start=1):
            c = ws.cell(row=r, column=j)
            if isinstance(v, (list, tuple)):
                v = ", ".join(map(str, v))
            _xl_value(c, v, None, lang)
            c.alignment = wrap
            if (header and k == 0) or (not header and j == 1):
                c.font = Font(bold=True)
            if header and k == 0:
                c.fill = PatternFill("solid", fgColor="E8EDF3")
            lines = max(lines, _lines(v if not isinstance(v, (dt.date, Number)) else "x" * 12, widths[j - 1]))
        ws.row_dimensions[r].height = LINE_POINTS * lines + 3
        r += 1
    return r


META_WIDTHS = (28, 72)   # A4 portrait at about 100 %
DEFINITION_WIDTHS = {"d.code": 22, "d.label": 24, "d.column": 24, "d.definition": 50, "d.unit": 13,
                     "d.kind": 14, "d.group": 14, "d.sources": 18}


def xlsx_bytes(sheets: dict[str, pd.DataFrame], metadata: dict | None = None, *, lang: str = "pl",
               definitions: pd.DataFrame | None = None) -> bytes:
    """An XLSX workbook: one sheet per frame (bold wrapped header, frozen header row, autofilter,
    column widths, numbers as numbers with formats from `df.attrs['units']` {column: unit} and
    numbers or dates written as text turned back into numbers and dates, dates as date cells;
    page set-up for printing), then a metadata sheet ('Metadane' / 'Metadata': the `metadata`
    fields (label -> value), the source and the small-count protection note, in two wrapped
    columns with rows sized to their text) and, when given, a definitions sheet ('Definicje' /
    'Definitions') with the indicator `definitions` table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    lang = fmt.norm_lang(lang)
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    meta_title = s("metadata", lang)
    defs_title = s("definitions_sheet", lang)
    used.update({meta_title.lower(), defs_title.lower()})
    for name, df in sheets.items():
        ws = wb.create_sheet(_sheet_title(name, used))
        _write_frame(ws, df, lang=lang)
    ws = wb.create_sheet(meta_title)
    ws.cell(row=1, column=1, value=s("export_title", lang)).font = Font(bold=True, size=14)
    ws.row_dimensions[1].height = 22
    rows = list((metadata or {}).items())
    keys = {str(k) for k, _ in rows}
    if s("m.source", lang) not in keys:
        rows.append((s("m.source", lang), attribution(lang)))
    if t("protection.title", lang) not in keys:
        rows.append((t("protection.title", lang), suppression_note(lang)))
    rows = [(str(k), v if isinstance(v, (Number, dt.date)) else
             ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v)) for k, v in rows]
    if definitions is not None and len(definitions):
        rows.append((s("definitions", lang), s("definitions_see", lang, sheet=defs_title)))
    for j, w in enumerate(META_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    _write_rows(ws, rows, list(META_WIDTHS), 3, lang)
    page_setup(ws, 2, header_rows=0, landscape=False)
    if definitions is not None and len(definitions):
        wd = wb.create_sheet(defs_title)
        keys = {s(k, lang): w for k, w in DEFINITION_WIDTHS.items()}
        widths = [keys.get(str(c), 14) for c in definitions.columns]
        for j, w in enumerate(widths, start=1):
            wd.column_dimensions[get_column_letter(j)].width = w
        body = [tuple(definitions.columns)] + [tuple(r) for r in definitions.itertuples(index=False, name=None)]
        _write_rows(wd, body, widths, 1, lang, header=True)
        wd.freeze_panes = "C2"
        page_setup(wd, len(widths), landscape=True)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# =============================================================================================
# Indicator tables for export (always suppressed)
# =============================================================================================
def column_header(code: str, lang: str = "pl") -> str:
    """The export column header of an indicator: its label, '(%)' for shares and indices."""
    ind = catalogue.get(code)
    label = ind.label(lang)
    return f"{label} (%)" if ind.unit in fmt.PERCENT_UNITS else label


def _export_unit(code: str) -> str:
    u = catalogue.get(code).unit
    return "percent" if u in fmt.PERCENT_UNITS else u


export_unit = _export_unit  # the unit of an export column: 'percent' for shares and indices


def suppressed_frame(con, level: str, as_of=None, period=None, codes=None, secret: str | None = None) -> pd.DataFrame:
    """The frame every export starts from: `codes` (and what their protection needs) for every
    unit of the level, protected (access.scope.indicator_table for privacy.EXPORT_ROLE: every export
    is protected, whoever makes it; `secret` default the installation's)."""
    from analytics.access import scope
    return scope.indicator_table(con, level, privacy.EXPORT_ROLE, as_of, period,
                                 codes=catalogue.check_codes(codes), secret=secret)


def _unit_names(level: str, lang: str) -> pd.DataFrame:
    from analytics.data import geo
    if level == "country":
        return pd.DataFrame({"teryt": [reference.COUNTRY], "display": [t("chart.country", lang)],
                             "voiv": [None]})
    u = geo.units(level)
    return pd.DataFrame({"teryt": u["teryt"], "display": [unit_name(r, level, lang) for r in u.to_dict("records")],
                         "voiv": u["voivodeship_name"]})


def export_table(sup: pd.DataFrame, level: str, lang: str = "pl", codes=None) -> pd.DataFrame:
    """A protected indicator frame (suppressed_frame) as a localised export table:
    TERYT, unit name (+ voivodeship for powiats), one column per code headed by its label;
    hidden cells hold '<10' / '<5' (counts of people) or '#' (values derived from them). df.attrs['units'] / ['codes'] map headers to unit / code."""
    lang = fmt.norm_lang(lang)
    codes = catalogue.check_codes(codes) if codes is not None else \
        [c for c in catalogue.CODES if c in sup.columns]
    names = _unit_names(level, lang).set_index("teryt")
    out = pd.DataFrame({s("teryt", lang): sup["teryt"].astype(str).to_numpy()})
    out[s("name", lang)] = [names["display"].get(x, n) for x, n in zip(sup["teryt"], sup["name"])]
    if level == "powiat":
        out[s("voivodeship", lang)] = [names["voiv"].get(x) for x in sup["teryt"]]
    units, code_of = {}, {}
    for c in codes:
        ind = catalogue.get(c)
        col = pd.to_numeric(sup[c], errors="coerce").astype("float64")
        flag = sup[privacy.flag_column(c)].to_numpy(dtype=bool) if privacy.flag_column(c) in sup else \
            np.zeros(len(sup), dtype=bool)
        vals: list = []
        for v, f in zip(col, flag):
            if f:
                vals.append(privacy.hidden_label(c, level))
            elif not math.isfinite(v):
                vals.append(None)
            elif ind.unit == "count":
                vals.append(int(round(v)))
            elif ind.unit in fmt.PERCENT_UNITS:
                vals.append(round(v * 100, 2))
            elif ind.unit == "hours":
                vals.append(round(v, 1))
            else:
                vals.append(round(v, 3))
        h = column_header(c, lang)
        out[h] = pd.Series(vals, dtype=object) if flag.any() or any(v is None for v in vals) else vals
        units[h] = _export_unit(c)
        code_of[h] = c
    out.attrs["units"] = units
    out.attrs["codes"] = code_of
    return out


def indicator_export_frame(con, level: str, as_of=None, period=None, lang: str = "pl",
                           codes: list[str] | None = None, include_country: bool = False) -> pd.DataFrame:
    """The localised, suppressed (role 'public', always) indicator table of a level: TERYT, name
    (+ voivodeship for powiats), then one column per indicator headed by its label ('(%)' for
    shares/indices, given as percentages 0-100). Suppressed cells read '<10' / '<5'.
    include_country appends the 'Polska' row (country threshold <5)."""
    codes = catalogue.check_codes(codes)
    out = export_table(suppressed_frame(con, level, as_of, period, codes), level, lang, codes)
    if include_country and level != "country":
        pl = export_table(suppressed_frame(con, "country", as_of, period, codes), "country", lang, codes)
        attrs = dict(out.attrs)
        out = pd.concat([out, pl], ignore_index=True)
        out = out.astype(object).where(out.notna(), None)
        out.attrs.update(attrs)
    return out


def definitions_frame(codes: list[str] | None = None, lang: str = "pl") -> pd.DataFrame:
    """One row per indicator: code, label, export column header, definition, unit, kind, group,
    source tables and whether small-count suppression applies."""
    lang = fmt.norm_lang(lang)
    rows = []
    for c in catalogue.check_codes(codes):
        ind = catalogue.get(c)
        unit = t("unit." + ind.unit, lang) if ind.unit in fmt.UNITS else ind.unit
        supp = ind.suppress_with
        rows.append({
            s("d.code", lang): c,
            s("d.label", lang): ind.label(lang),
            s("d.column", lang): column_header(c, lang),
            s("d.definition", lang): ind.definition(lang),
            s("d.unit", lang): unit,
            s("d.kind", lang): s("kind." + ind.kind, lang),
            s("d.group", lang): t("group." + ind.group, lang),
            s("d.sources", lang): ", ".join(ind.sources),
            t("protection.title", lang): (t("common.no", lang) if supp is None else
                                          t("common.yes", lang) if supp == c else t("protection.by", lang, code=supp)),
        })
    return pd.DataFrame(rows)


def export_metadata(con=None, *, level: str | None = None, as_of=None, period=None, lang: str = "pl",
                    codes: list[str] | None = None, filters: dict | str | None = None,
                    generated_at: dt.datetime | None = None) -> dict:
    """The metadata fields of an export (label -> text), localised: as-of, period, level,
    language, generated at, filters, indicators, data import, source, small-count protection."""
    lang = fmt.norm_lang(lang)
    m: dict = {}
    if con is not None and (as_of is None or period is None):
        d, p0, p1 = resolve_dates(con, as_of, period)
        as_of = d
        period = period or (p0, p1)
    if as_of is not None:
        m[s("m.as_of", lang)] = fmt.format_date(as_of, lang)
    if period is not None:
        p0 = fmt._as_date(period[0])
        p1 = month_end(fmt._as_date(period[1]).replace(day=1))
        m[s("m.period", lang)] = (f"{fmt.format_date(p0.replace(day=1), lang)} – {fmt.format_date(p1, lang)} "
                                  f"({fmt.format_month(p0, lang)} – {fmt.format_month(p1, lang)})")
    if level is not None:
        m[s("m.level", lang)] = t("level." + level, lang)
    m[s("m.language", lang)] = s("lang." + lang, lang)
    gen = generated_at or dt.datetime.now().replace(microsecond=0)
    m[s("m.generated", lang)] = f"{fmt.format_date(gen, lang)} {gen:%H:%M}"
    if isinstance(filters, dict):
        ftxt = "; ".join(f"{k}: {v}" for k, v in filters.items()) or s("none", lang)
    else:
        ftxt = filters or s("none", lang)
    m[s("m.filters", lang)] = ftxt
    if codes is not None:
        cs = catalogue.check_codes(codes)
        m[s("m.indicators", lang)] = (s("all", lang, n=len(cs)) + ": " if len(cs) == len(catalogue.CODES) else "") + \
            ", ".join(cs)
    if con is not None:
        try:
            from analytics.data import db
            im = db.import_meta(con)
        except Exception:  # noqa: BLE001 - metadata is best effort
            im = None
        if im:
            when = im.get("imported_at")
            m[s("m.imported", lang)] = (f"{fmt.format_date(when, lang)} {when:%H:%M}" if isinstance(when, dt.datetime)
                                        else str(when or ""))
    m[s("m.values", lang)] = s("m.values_text", lang)
    m[s("m.source", lang)] = attribution(lang)
    m[t("protection.title", lang)] = suppression_note(lang)
    return m


def chart_export_table(fig) -> pd.DataFrame:
    """The table behind a figures.py chart (figures.chart_table) for csv_bytes / xlsx_bytes."""
    from analytics.present.figures import chart_table
    return chart_table(fig)
