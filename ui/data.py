"""One cached read-only DuckDB connection per database file, and cached query results.

The importer swaps a new file in atomically (os.replace), so the file's inode and mtime identify
the data version (`stamp`): when they change, the next call opens the new file, and results cached
under the old stamp are no longer asked for. Every cached function takes the stamp as its first
argument and only simple values after it, so results are shared between sessions.
Suppression is applied here, by role, through analytics.privacy: pages never see a hidden number.
"""
from __future__ import annotations

import collections
import datetime as dt
import functools
import gc
import logging
import os
import threading
import types
import weakref
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st
from streamlit import config as _st_config

from analytics.metrics import areas, catalogue, peers, plans
from analytics.data import db
from analytics.access import cellkey, privacy, scope
from analytics.present import i18n

Stamp = tuple[str, int, int]
log = logging.getLogger(__name__)


def _shared(max_entries: int):
    """st.cache_resource with a plain in-process memo in front, for results that depend only on
    their (hashable) arguments - the data stamp first - and are shared by every caller: a DataFrame
    is handed out as a shallow copy (pandas copy-on-write: whatever a caller changes is copied first
    and never reaches the cached frame), a dict as a shallow copy, anything else (a figure) as it is,
    never to be mutated. st.cache_data would unpickle a new copy on every hit, a few milliseconds for
    a powiat table, and Streamlit's own look-up hashes every argument (~1-2 ms): both many times per
    page view (issue 15). The memo holds at most `max_entries` results, like the cache behind it."""
    def deco(fn):
        cached = st.cache_resource(show_spinner=False, max_entries=max_entries)(fn)
        memo: collections.OrderedDict = collections.OrderedDict()
        lock = threading.Lock()

        @functools.wraps(fn)
        def shared(*args, **kwargs):
            key = (args, tuple(sorted(kwargs.items())))
            with lock:
                value = memo.get(key)
                if value is not None:
                    memo.move_to_end(key)
            if value is None:
                value = cached(*args, **kwargs)
                with lock:
                    memo[key] = value
                    while len(memo) > max_entries:
                        memo.popitem(last=False)
            if isinstance(value, pd.DataFrame):
                return value.copy(deep=False)
            return dict(value) if isinstance(value, dict) else value

        def clear():
            with lock:
                memo.clear()
            cached.clear()
        shared.clear = clear
        return shared
    return deco


def db_stamp() -> Stamp | None:
    path = db.db_path()
    try:
        s = os.stat(path)
    except FileNotFoundError:
        return None
    return (str(path), s.st_ino, s.st_mtime_ns)


@st.cache_resource(max_entries=2, show_spinner=False)
def _connect(path: str, ino: int, mtime_ns: int) -> duckdb.DuckDBPyConnection:
    return db.connect_readonly(Path(path))


def cursor(stamp: Stamp) -> duckdb.DuckDBPyConnection:
    """A fresh cursor on the cached connection (one per query: cursors are not shared)."""
    return _connect(*stamp).cursor()


@_shared(16)
def import_summary(stamp: Stamp) -> dict:
    con = cursor(stamp)
    meta = db.import_meta(con)
    tables = con.execute(
        "SELECT table_name, provided, rows, source_file FROM import_tables ORDER BY rowid").df() \
        if db.has_table(con, "import_tables") else None
    return {"meta": meta, "tables": tables, "as_of": db.data_as_of(con),
            "provided": sorted(db.provided_tables(con))}


@st.cache_resource(show_spinner=False)
def _secret() -> str:
    """The installation's protection secret (read once; never shown, logged or exported)."""
    return cellkey.installation_secret()


def mode(viewer) -> str:
    """'exact' for the managing institution, 'protected' for every other viewer and every export
    (access.scope.is_protected). Cached results are shared by all viewers of a mode: the same
    records give the same published value whoever asks."""
    return "protected" if scope.is_protected(viewer) else "exact"


def _viewer(m: str) -> str:
    return privacy.EXPORT_ROLE if m == "protected" else "institution"


@_shared(96)
def _indicator_table(stamp: Stamp, level: str, as_of: dt.date, period: tuple[dt.date, dt.date], m: str,
                     codes: tuple[str, ...] | None) -> pd.DataFrame:
    df = scope.indicator_table(cursor(stamp), level, _viewer(m), as_of, period, codes=codes,
                               secret=_secret() if m == "protected" else None)
    return units(stamp).merge(df.drop(columns=["name"]), on="teryt", how="right")


def indicator_table(stamp: Stamp, level: str, as_of: dt.date, period: tuple[dt.date, dt.date],
                    viewer, codes: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Every indicator (or the `codes` subset, with what their protection needs) for every unit of
    the level as the viewer may see it (a Scope, or privacy.EXPORT_ROLE for downloads), with unit
    attributes."""
    return _indicator_table(stamp, level, as_of, period, mode(viewer), tuple(codes) if codes else None)


@_shared(4)
def units(stamp: Stamp) -> pd.DataFrame:
    """Every unit with its names, type, voivodeship and per-capita population."""
    return db.unit_table(cursor(stamp))


@_shared(32)
def plan_table(stamp: Stamp, as_of: dt.date) -> pd.DataFrame:
    return plans.plan_table(cursor(stamp), as_of)


@_shared(64)
def plan_detail(stamp: Stamp, plan_id: str, as_of: dt.date) -> pd.DataFrame:
    return plans.plan_detail(cursor(stamp), plan_id, as_of)


@_shared(64)
def _trend(stamp: Stamp, level: str, teryt: str, as_of: dt.date, period: tuple[dt.date, dt.date], m: str,
           codes: tuple[str, ...] | None) -> pd.DataFrame:
    return scope.series(cursor(stamp), level, _viewer(m), teryt=teryt, as_of=as_of, period=period,
                        codes=list(codes) if codes else None, secret=_secret() if m == "protected" else None)


def trend(stamp: Stamp, level: str, teryt: str, as_of: dt.date, period: tuple[dt.date, dt.date],
          viewer, codes: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Monthly series of a unit as the viewer may see them (each month a protected cell)."""
    return _trend(stamp, level, teryt, as_of, period, mode(viewer), tuple(codes) if codes else None)


@st.cache_resource(show_spinner=False, max_entries=32)
def provided(stamp: Stamp) -> frozenset[str]:
    return frozenset(db.provided_tables(cursor(stamp)))


_SOW: dict[Stamp, bool] = {}


def sow_available(stamp: Stamp) -> bool:
    """Whether the data version has the SOW tables (asked dozens of times per page view: kept per
    stamp, a plain dictionary look-up)."""
    known = _SOW.get(stamp)
    if known is None:
        if len(_SOW) > 64:
            _SOW.clear()
        known = _SOW[stamp] = "volunteers" in provided(stamp)
    return known


@_shared(48)
def _choropleth(stamp: Stamp, level: str, as_of: dt.date, period: tuple[dt.date, dt.date], m: str,
               code: str, lang: str, method: str = "quantiles", k: int = 5, palette: str = "YlGnBu",
               basemap: bool = False, voivodeship: str | None = None, selected: str | None = None,
               title: str | None = None):
    """The classed map of one indicator. Cached as a shared object (cache_resource, not a copy per
    call): a powiat map takes ~0.2 s to build and ~0.2 s to unpickle. Callers only read it
    (st.plotly_chart, figures.chart_table; exports copy before they change anything)."""
    from analytics.present import figures
    ind = catalogue.get(code)
    df = _indicator_table(stamp, level, as_of, period, m, None)
    flag = privacy.flag_column(code)
    return figures.choropleth(
        df, level, code, ind.label(lang), unit=ind.unit, lang=lang, method=method, k=k,
        suppressed_col=flag if flag in df.columns else None, basemap=basemap, palette=palette,
        voivodeship=voivodeship, as_of=as_of, decimals=ind.decimals, selected=selected,
        title=title or ind.label(lang))


def choropleth(stamp: Stamp, level: str, as_of: dt.date, period: tuple[dt.date, dt.date], viewer,
               code: str, lang: str, method: str = "quantiles", k: int = 5, palette: str = "YlGnBu",
               basemap: bool = False, voivodeship: str | None = None, selected: str | None = None,
               title: str | None = None):
    """The classed map of one indicator as the viewer may see it (shared by all viewers of a mode)."""
    return _choropleth(stamp, level, as_of, period, mode(viewer), code, lang, method, k, palette, basemap,
                       voivodeship, selected, title)


@st.cache_data(show_spinner=False, max_entries=64)
def coalition_list(stamp: Stamp, level: str, unit: str, as_of: dt.date) -> pd.DataFrame:
    from analytics.metrics import details
    return details.coalitions_in_unit(cursor(stamp), level, unit, as_of)


@st.cache_data(show_spinner=False, max_entries=32)
def sector_mix(stamp: Stamp, level: str, as_of: dt.date, voivodeship: str | None) -> pd.DataFrame:
    from analytics.metrics import details
    return details.sector_mix(cursor(stamp), level, as_of, voivodeship)


@st.cache_data(show_spinner=False, max_entries=64)
def _breakdown(stamp: Stamp, level: str, unit: str, as_of: dt.date, m: str) -> pd.DataFrame:
    return scope.breakdown(cursor(stamp), level, unit, as_of, _viewer(m),
                           secret=_secret() if m == "protected" else None)


def volunteer_breakdown(stamp: Stamp, level: str, unit: str, as_of: dt.date, viewer) -> pd.DataFrame:
    """Volunteers by sex and age band in the unit, as the viewer may see them."""
    return _breakdown(stamp, level, unit, as_of, mode(viewer))


@st.cache_data(show_spinner=False, max_entries=8)
def partners(stamp: Stamp, lang: str = "pl") -> pd.DataFrame:
    """Partners for pickers: id, name, tier, voivodeship, and a label 'name (regionalny, 2024-2026)'."""
    df = cursor(stamp).execute(
        """SELECT partner_id, name, tier, voivodeship, edition, start_date, end_date FROM partners
           ORDER BY tier DESC, name, start_date""").df()
    df["label"] = [f"{n} ({i18n.t(f'plan_level.{t}', lang)}"
                   f"{', ' + e if isinstance(e, str) and e else ''})"
                   for n, t, e in zip(df["name"], df["tier"], df["edition"])]
    return df


@_shared(64)
def _scope_for(stamp: Stamp, role: str | None, partner_id: str | None, as_of: dt.date):
    user = None if role is None else types.SimpleNamespace(role=role, partner_id=partner_id)
    return scope.scope_for(cursor(stamp), user, as_of)


def scope_for(stamp: Stamp, user, as_of: dt.date):
    """The viewer's scope (access.scope.scope_for reads the user's role and partner only): kept by
    those (a frozen Scope, shared), not by hashing the whole user object on every run."""
    if user is None:
        return _scope_for(stamp, None, None, as_of)
    return _scope_for(stamp, getattr(user, "role", None), getattr(user, "partner_id", None), as_of)


@_shared(16)
def export_table(stamp: Stamp, level: str, as_of: dt.date, period: tuple[dt.date, dt.date], lang: str) -> pd.DataFrame:
    """The localised indicator table as exported: always suppressed (role 'public')."""
    from analytics.present import exports
    return exports.indicator_export_frame(cursor(stamp), level, as_of, period, lang, include_country=True)


# --- the Compare page -----------------------------------------------------------------------------
RAW_LEVELS = ("powiat", "voivodeship", "country")


@st.cache_data(show_spinner=False, max_entries=32)
def partner_list(stamp: Stamp, as_of: dt.date) -> pd.DataFrame:
    """Partners active at the date, with their areas (metrics.areas.partner_list)."""
    return areas.partner_list(cursor(stamp), as_of)


@st.cache_data(show_spinner=False, max_entries=512)
def area(stamp: Stamp, kind: str, key: str, as_of: dt.date) -> areas.Area:
    """One area to compare (metrics.areas.resolve)."""
    return areas.resolve(cursor(stamp), kind, key, as_of)


@st.cache_data(show_spinner=False, max_entries=256)
def peer_units(stamp: Stamp, level: str, teryt: str | None, powiats: tuple, group: str) -> tuple[str, ...]:
    return tuple(peers.peer_units(cursor(stamp), level, teryt, list(powiats) or None, group))


@_shared(256)
def _area_table(stamp: Stamp, powiats: tuple, as_of: dt.date, period: tuple, m: str) -> pd.DataFrame:
    from analytics.metrics.indicators import AREA
    return scope.area_table(cursor(stamp), {AREA: list(powiats)}, _viewer(m), as_of, period,
                            secret=_secret() if m == "protected" else None)


def area_table(stamp: Stamp, powiats: tuple, as_of: dt.date, period: tuple, viewer) -> pd.DataFrame:
    """One area's indicators (the union of its powiats) as the viewer may see them."""
    return _area_table(stamp, tuple(sorted(powiats)), as_of, period, mode(viewer))


@_shared(256)
def _comparison(stamp: Stamp, level: str, teryt: str | None, powiats: tuple, group: str, as_of: dt.date,
                period: tuple, m: str, codes: tuple) -> pd.DataFrame:
    tables = {lv: _indicator_table(stamp, lv, as_of, period, m, None) for lv in RAW_LEVELS}
    subject = _area_table(stamp, tuple(sorted(powiats)), as_of, period, m).iloc[0] if level == "area" else None
    return peers.compare(cursor(stamp), level, teryt=teryt, powiats=list(powiats) or None, group=group,
                         as_of=as_of, period=period, codes=list(codes), tables=tables, subject=subject)


def comparison(stamp: Stamp, level: str, teryt: str | None, powiats: tuple, group: str, as_of: dt.date,
               period: tuple, viewer, codes: tuple) -> pd.DataFrame:
    """peers.compare on the tables the viewer may see: ranks, percentiles and medians of protected
    values for a protected viewer."""
    return _comparison(stamp, level, teryt, powiats, group, as_of, period, mode(viewer), codes)


@_shared(128)
def _trend_vs_peers(stamp: Stamp, level: str, teryt: str | None, powiats: tuple, peer_level: str,
                    peer_list: tuple, as_of: dt.date, period: tuple, m: str, codes: tuple) -> pd.DataFrame:
    con, viewer = cursor(stamp), _viewer(m)
    secret = _secret() if m == "protected" else None
    if level == "area":
        subj = scope.series(con, "area", viewer, powiats=list(powiats), as_of=as_of, period=period,
                            codes=list(codes), secret=secret)
    else:
        subj = scope.series(con, level, viewer, teryt=teryt, as_of=as_of, period=period, codes=list(codes),
                            secret=secret)
    subj = subj[["month", "at", *codes]].assign(series="area")
    pool = scope.series(con, peer_level, viewer, teryt=list(peer_list), as_of=as_of, period=period,
                        codes=list(codes), secret=secret)
    med = pool.groupby(["month", "at"], as_index=False)[list(codes)].median().assign(series="peers")
    return pd.concat([subj, med], ignore_index=True)


def trend_vs_peers(stamp: Stamp, level: str, teryt: str | None, powiats: tuple, peer_level: str,
                   peer_list: tuple, as_of: dt.date, period: tuple, viewer, codes: tuple) -> pd.DataFrame:
    """Long frame month, at, series ('area' | 'peers'), codes: the area's series and the monthly
    median of its peers' series, each cell protected first for a protected viewer (hidden values
    left out of the median) - one trends query for all peers."""
    return _trend_vs_peers(stamp, level, teryt, powiats, peer_level, peer_list, as_of, period, mode(viewer),
                           codes)


def _keyed(max_entries: int):
    """st.cache_resource of a value kept by an explicit `key` (built by `_build` on a miss), with a
    plain in-process memo in front (Streamlit's look-up hashes the key on every call)."""
    def deco(fn):
        cached = st.cache_resource(show_spinner=False, max_entries=max_entries)(fn)
        memo: collections.OrderedDict = collections.OrderedDict()
        lock = threading.Lock()

        @functools.wraps(fn)
        def keyed(key: tuple, _build):
            with lock:
                value = memo.get(key)
                if value is not None:
                    memo.move_to_end(key)
                    return value
            value = cached(key, _build)
            with lock:
                memo[key] = value
                while len(memo) > max_entries:
                    memo.popitem(last=False)
            return value
        keyed.clear = lambda: (memo.clear(), cached.clear())
        return keyed
    return deco


@_keyed(256)
def cached_value(key: tuple, _build):
    """A table or other value a page derives from cached results, kept by `key` (which must name
    everything it depends on: kind, stamp, area, peer group, dates, role, language, ...), so that
    a page computes it once per data version and view, not on every run (the Compare page's
    tables). Shared by the sessions with the same key: callers never mutate it."""
    return _build()


@_keyed(128)
def cached_figure(key: tuple, _build):
    """A built figure, kept by `key` (which must name everything the figure depends on: kind,
    stamp, area, peer group, dates, role, language, ...): plotly figures take 0.1-0.5 s to build,
    and a rerun must not rebuild the ones that did not change. Figures are never mutated."""
    return _build()


_DERIVED: dict[tuple, tuple] = {}
_DERIVED_MAX = 512


def derived(obj, key: tuple, make):
    """`make()`, kept as long as `obj` (a cached figure: the same object for every viewer it was
    built for, data.choropleth / cached_figure) is alive and passed again with the same `key`: the
    texts and tables a page derives from a figure (its summary, its formatted table) are computed
    once per figure and language, not on every run. Derived values are never mutated by callers.
    An object that is not shared (a figure built for one run) only costs one entry, dropped when
    the object is gone or the memo is full."""
    k = (id(obj), *key)
    hit = _DERIVED.get(k)
    if hit is not None and hit[0]() is obj:
        return hit[1]
    value = make()
    try:
        ref = weakref.ref(obj, lambda _r, k=k: _DERIVED.pop(k, None))
    except TypeError:  # not weakly referable: not kept
        return value
    if len(_DERIVED) >= _DERIVED_MAX:
        _DERIVED.clear()
    _DERIVED[k] = (ref, value)
    return value


# --- the Partners page (app_pages/partners.py) and the organisers of the Volunteers page ------------
# Partners, coverage, coalitions, task teams, activities and organisers are counts of organisations
# and activities: exact for every viewer (contract section 4), shared by all sessions.

@_shared(16)
def partner_register(stamp: Stamp, as_of: dt.date) -> pd.DataFrame:
    """Every partners row with its area (metrics.history.register)."""
    from analytics.metrics import history
    return history.register(cursor(stamp), as_of)


@_shared(8)
def partner_editions(stamp: Stamp) -> pd.DataFrame:
    from analytics.metrics import history
    return history.editions(cursor(stamp))


@st.cache_data(show_spinner=False, max_entries=8)
def partners_by_voivodeship(stamp: Stamp) -> pd.DataFrame:
    from analytics.metrics import history
    return history.by_voivodeship(cursor(stamp))


@st.cache_data(show_spinner=False, max_entries=32)
def coverage_history(stamp: Stamp, level: str, as_of: dt.date, teryt: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Monthly coverage series since the first partner (metrics.history.coverage_history)."""
    from analytics.metrics import history
    return history.coverage_history(cursor(stamp), level, as_of, list(teryt) if teryt else None)


@st.cache_data(show_spinner=False, max_entries=64)
def partner_profile(stamp: Stamp, partner_id: str, as_of: dt.date) -> dict:
    """A partner's coalitions, task teams and activities by year and type (metrics.history)."""
    from analytics.metrics import history
    con = cursor(stamp)
    return {"coalitions": history.partner_coalitions(con, partner_id, as_of),
            "teams": history.partner_teams(con, partner_id, as_of),
            "activities": history.partner_activities(con, partner_id)
            if "activities" in provided(stamp) else None}


@st.cache_data(show_spinner=False, max_entries=64)
def partner_powiats(stamp: Stamp, partner_id: str, as_of: dt.date) -> list[str]:
    from analytics.metrics import history
    return history.partner_powiats(cursor(stamp), partner_id, as_of)


@st.cache_data(show_spinner=False, max_entries=32)
def organiser_placements(stamp: Stamp, level: str, as_of: dt.date, period: tuple[dt.date, dt.date]) -> pd.DataFrame:
    """Organisers hosting volunteers with confirmed hours, per unit (metrics.engagement.placements)."""
    from analytics.metrics import engagement
    return engagement.placements(cursor(stamp), level, as_of, period)


@st.cache_data(show_spinner=False, max_entries=32)
def public_by_kind(stamp: Stamp, level: str, as_of: dt.date, period: tuple[dt.date, dt.date]) -> pd.DataFrame:
    """Public institutions engaged by kind, per unit (metrics.engagement.public_by_kind)."""
    from analytics.metrics import engagement
    return engagement.public_by_kind(cursor(stamp), level, as_of, period)


@_shared(4)
def powiat_labels(stamp: Stamp) -> dict[str, str]:
    """Every powiat's TERYT -> 'powiat bielski (śląskie)' / 'Kraków (małopolskie)', in Polish
    alphabetical order (the voivodeship tells apart the names that occur twice); sorted once per
    data version, not on every run of a page with a map."""
    from analytics.present import names
    u = units(stamp)
    pw = u[u["level"] == "powiat"]
    labels = {t: f"{n} ({v})" for t, n, v in zip(pw["teryt"], pw["name_full"], pw["voivodeship_name"])}
    return dict(names.sort_names(labels.items(), key=lambda kv: kv[1]))


# --- warming the caches at start --------------------------------------------------------------------
DEFAULT_MAP = ("volunteers_per_10k", "pl", "quantiles", 5, "YlGnBu")  # ui/widgets.map_section's defaults
_warm_lock = threading.Lock()
_warm_started: set = set()


def warm(stamp: Stamp | None = None) -> list[str]:
    """Fill this process's caches with what every first view needs, before a visitor asks: the
    libraries the pages import, the map geometry (analytics.data.geo.warm: simplified boundaries,
    the static GeoJSON files), the database connection, the unit register, the powiat finder's
    list, the indicator tables of the default dates (the latest data, 12 months) at every level
    (maps, rankings and comparisons read them whole), and the default maps (voivodeships and
    powiats), each for both protection modes ('exact': the institution; 'protected': everyone
    else). Values go into the same caches the pages read, keyed by mode as always: nothing of one
    mode is served to the other. Returns what was warmed (for tests and logs)."""
    from analytics.data import geo
    from analytics.metrics.dates import cap_as_of, period_ending
    from analytics.present import figures  # noqa: F401 - plotly, classification: the maps' imports
    stamp = stamp or db_stamp()
    done: list[str] = []
    if stamp is None:
        return done
    geo.warm()
    done.append("geometry")
    summary = import_summary(stamp)
    data_as_of = summary["as_of"] or dt.date.today()
    as_of = cap_as_of(data_as_of, data_as_of)
    period = period_ending(as_of, 12)
    units(stamp)
    provided(stamp)
    powiat_labels(stamp)
    done.append("units")
    code, lang, method, k, palette = DEFAULT_MAP
    for m in ("exact", "protected"):
        for level in ("country", "voivodeship", "powiat"):
            _indicator_table(stamp, level, as_of, period, m, None)
            done.append(f"indicators:{level}:{m}")
        for level in ("voivodeship", "powiat"):
            _choropleth(stamp, level, as_of, period, m, code, lang, method, k, palette, False, None, None, None)
            done.append(f"map:{level}:{m}")
    return done


def _warm_then_freeze(stamp: Stamp) -> list[str]:
    try:
        return warm(stamp)
    except Exception:  # noqa: BLE001 - warming is best effort: the pages compute what is missing
        log.exception("warming the caches failed")
        return []
    finally:
        # What is loaded now (libraries, geometry, the warmed caches) lives as long as the process:
        # the garbage collector need not walk it again (runner.postScriptGC is off: .streamlit/config.toml).
        gc.freeze()


def warm_before_listening() -> list[str]:
    """Fill the caches in the launcher, before the server listens (deploy/serve.py): the health
    check then answers only when a first visitor can be served from warm caches, as a load
    balancer expects of a health check. Same work as the background warm-up, which this marks as
    done for the data version so that dashboard.py does not start it again. Returns what was
    warmed (nothing when it failed: the pages then compute what is missing)."""
    stamp = db_stamp()
    if stamp is None:
        return []
    with _warm_lock:
        _warm_started.add(stamp)
    return _warm_then_freeze(stamp)


def warm_in_background(stamp: Stamp | None) -> bool:
    """Start `warm` in a daemon thread, once per process and data version (dashboard.py calls it on
    every run; only the first call for a stamp starts a thread). True when a thread was started."""
    # Not under AppTest (each test's own database, no server to warm). AppTest patches
    # streamlit.config.get_option (st.get_option is a reference taken at import: not patched).
    if stamp is None or _st_config.get_option("global.appTest"):
        return False
    with _warm_lock:
        if stamp in _warm_started:
            return False
        _warm_started.add(stamp)
    threading.Thread(target=_warm_then_freeze, args=(stamp,), name="ks-warm", daemon=True).start()
    return True
