"""Boundaries for maps, done with geopandas: loading, display simplification, centroids, areas in
km², dissolved area outlines, and the static GeoJSON files the browser fetches once.

Source: data/reference/*.geojson (GUGiK PRG via jusuff/PolandGeoJson; SOURCES.md there), WGS84 with
5 decimals (~1 m), every level cut from the same gmina edges so shared borders coincide exactly.

- Loading: `frame(level)` is a GeoDataFrame (EPSG:4326) read with geopandas (pyogrio), one row per
  unit, TERYT codes as strings.
- Simplifying for the web (`geojson`): `GeoSeries.simplify_coverage` (topology-preserving: a border
  shared by two powiats is simplified once, identically on both sides, so no gaps or overlaps) at
  `SIMPLIFY_TOLERANCE` degrees (~35-50 m, below a pixel at the deepest drill-down), then
  `set_precision` snaps every vertex to a 10**-`DISPLAY_DECIMALS` degree grid (3 decimals = ~70 m
  east-west, ~110 m north-south) and rings are oriented per RFC 7946. The source is already
  generalised (~30,000 vertices for 380 powiats), so the grid does most of the work: the powiat layer
  goes from ~634 KB to ~513 KB of compact JSON, the voivodeship layer from ~129 KB to ~103 KB.
- Centroids (`centroids`, label points and pydeck columns): the centroid of each unit's largest part,
  computed in EPSG:2180 (PUWG 1992, metres), or a point inside when the centroid falls outside
  (crescent-shaped land powiats wrapped around their city).
- Areas (`areas_km2`): polygon areas in EPSG:2180, km² (the same figures as population.csv's
  `area_km2`; land area without internal sea waters, within about 1 % of GUS's official areas inland).
- Outlines (`outline`): a partner's area as one geometry, the dissolve (`union_all`) of its powiats'
  display geometries, so the outline lies exactly on the borders drawn on the map.
- Static files (`static_url`): the display GeoJSON of a level written once under ./static/geo/ with a
  content hash in the file name and referenced by URL (`app/static/geo/...`, Streamlit's
  `server.enableStaticServing`), so map figures carry only codes, values and colours and the
  browser fetches the geometry once. A boundary change gives a new hash, hence a new name: never a
  stale file.

Everything returned from the cached loaders is shared between callers: treat it as read-only.
TERYT codes are always strings ("02", "0201").
"""
from __future__ import annotations

import hashlib
import json
import logging
import math
import os
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from analytics import PROJECT_ROOT
from analytics.data import reference

log = logging.getLogger(__name__)

LEVELS = ("powiat", "voivodeship")
DISPLAY_DECIMALS = 3
SIMPLIFY_TOLERANCE = 0.0005  # degrees: ~35 m east-west, ~55 m north-south
WGS84 = "EPSG:4326"
METRIC_CRS = "EPSG:2180"  # PUWG 1992 (ETRF2000-PL / CS92): Poland's equal-area-enough national grid

# Poland's extent from the shipped boundaries (lon/lat, WGS84), used when no data is at hand.
POLAND_BOUNDS = (14.12, 49.00, 24.15, 54.84)  # west, south, east, north

_PATHS = {"powiat": reference.POWIATS_GEOJSON, "voivodeship": reference.VOIVODESHIPS_GEOJSON}

# Static files: Streamlit serves <folder of dashboard.py>/static/ at app/static/ when
# server.enableStaticServing is on (.streamlit/config.toml). KS_STATIC_DIR overrides the folder.
STATIC_SUBDIR = "geo"
STATIC_URL_PREFIX = "app/static/"  # relative: resolves under any server.baseUrlPath


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")


# --- loading ------------------------------------------------------------------------------------
@lru_cache(maxsize=2)
def frame(level: str) -> gpd.GeoDataFrame:
    """The full-precision boundaries of the level as a GeoDataFrame (EPSG:4326), indexed by nothing,
    ordered by teryt, with the shipped properties (teryt, name, name_full, powiat_type,
    voivodeship_teryt, voivodeship_name). Shared: do not mutate."""
    _check_level(level)
    gdf = gpd.read_file(_PATHS[level])
    if gdf.crs is None:
        gdf = gdf.set_crs(WGS84)
    gdf["teryt"] = gdf["teryt"].astype(str)
    return gdf.sort_values("teryt", ignore_index=True)


@lru_cache(maxsize=2)
def _metric(level: str) -> gpd.GeoSeries:
    """The level's geometries in EPSG:2180 (metres), indexed by teryt."""
    f = frame(level)
    return gpd.GeoSeries(f.geometry.to_numpy(), index=f["teryt"], crs=f.crs).to_crs(METRIC_CRS)


def _shapes(level: str) -> dict[str, object]:
    """Full-precision shapely geometries keyed by teryt."""
    f = frame(level)
    return dict(zip(f["teryt"], f.geometry))


# --- simplification for display -----------------------------------------------------------------
def _snap(geoms: np.ndarray, decimals: int) -> np.ndarray:
    """Vertices on a 10**-decimals grid (valid output; parts that collapse are dropped), the floats
    rounded so the JSON carries no binary noise, rings oriented per RFC 7946."""
    snapped = shapely.set_precision(geoms, 10.0 ** -decimals)
    snapped = shapely.transform(snapped, lambda c: np.round(c, decimals))
    return shapely.orient_polygons(snapped, exterior_cw=False)


@lru_cache(maxsize=8)
def _display(level: str, decimals: int) -> gpd.GeoSeries:
    """Display geometries indexed by teryt: coverage-simplified, then snapped to the grid."""
    f = frame(level)
    simplified = f.geometry.simplify_coverage(SIMPLIFY_TOLERANCE)
    snapped = _snap(simplified.to_numpy(), decimals)
    # A unit never vanishes at >= 2 decimals; keep the source geometry if one ever did.
    keep = shapely.is_empty(snapped) | ~shapely.is_valid(snapped)
    snapped = np.where(keep, f.geometry.to_numpy(), snapped)
    return gpd.GeoSeries(snapped, index=f["teryt"], crs=f.crs)


def _geometry_dict(g) -> dict:
    return json.loads(shapely.to_geojson(g))


@lru_cache(maxsize=8)
def _display_features(level: str, decimals: int) -> tuple[dict, ...]:
    """Features with display coordinates and only the properties maps need."""
    s = _display(level, decimals)
    texts = shapely.to_geojson(s.to_numpy())
    return tuple({"type": "Feature", "id": k, "properties": {"teryt": k}, "geometry": json.loads(txt)}
                 for k, txt in zip(s.index, texts))


def _vv_of(teryt: str) -> str:
    return teryt[:2]


def geojson(level: str, voivodeship: str | None = None, teryts: Iterable[str] | None = None,
            decimals: int = DISPLAY_DECIMALS) -> dict:
    """A GeoJSON FeatureCollection for `level` ('powiat' | 'voivodeship'), display-simplified.

    Every feature has `id` and `properties.teryt` equal to its TERYT code (use
    `featureidkey="properties.teryt"` in plotly). `voivodeship` ("02"…"32") keeps only that
    voivodeship's units; `teryts` keeps only the listed codes. The features are shared and cached:
    do not mutate them.
    """
    _check_level(level)
    feats = _display_features(level, decimals)
    if voivodeship is not None:
        feats = tuple(f for f in feats if _vv_of(f["id"]) == str(voivodeship))
    if teryts is not None:
        keep = {str(t) for t in teryts}
        feats = tuple(f for f in feats if f["id"] in keep)
    return {"type": "FeatureCollection", "features": list(feats)}


def features_by_teryt(level: str, decimals: int = DISPLAY_DECIMALS) -> dict[str, dict]:
    """{teryt: feature} of the display geometries."""
    return {f["id"]: f for f in _display_features(level, decimals)}


# --- names ----------------------------------------------------------------------------------------
@lru_cache(maxsize=2)
def units(level: str) -> pd.DataFrame:
    """Names of every unit of the level: teryt, name, name_full, voivodeship_teryt, voivodeship_name
    (and powiat_type for powiats), ordered by teryt. All codes are strings."""
    _check_level(level)
    f = pd.DataFrame(frame(level).drop(columns="geometry"))
    df = pd.DataFrame({"teryt": f["teryt"], "name": f["name"]})
    df["name_full"] = f["name_full"].fillna(f["name"]) if "name_full" in f else f["name"]
    df["powiat_type"] = f["powiat_type"] if "powiat_type" in f else None
    df["voivodeship_teryt"] = (f["voivodeship_teryt"].fillna(f["teryt"].str[:2])
                               if "voivodeship_teryt" in f else f["teryt"].str[:2])
    df["voivodeship_name"] = (f["voivodeship_name"].fillna(f["name"])
                              if "voivodeship_name" in f else f["name"])
    df = df.sort_values("teryt", ignore_index=True)
    if level == "voivodeship":
        df = df.drop(columns=["powiat_type"])
    return df


# --- centroids and areas --------------------------------------------------------------------------
@lru_cache(maxsize=2)
def _centroids(level: str) -> pd.DataFrame:
    m = _metric(level)
    # Largest part of each unit (a powiat with islands labels its mainland), centroid in metres.
    parts = m.explode(index_parts=False)
    largest = parts[parts.area.groupby(level=0).transform("max").eq(parts.area)]
    largest = largest[~largest.index.duplicated()]
    points = largest.centroid
    outside = ~largest.contains(points)
    points[outside] = largest[outside].representative_point()
    ll = points.to_crs(WGS84)
    df = pd.DataFrame({"teryt": ll.index.astype(str), "lon": ll.x.round(5).to_numpy(),
                       "lat": ll.y.round(5).to_numpy()})
    df = df.merge(units(level)[["teryt", "name", "voivodeship_teryt"]], on="teryt")
    return df.sort_values("teryt", ignore_index=True)


def centroids(level: str, voivodeship: str | None = None) -> pd.DataFrame:
    """Label points inside each unit: teryt, lon, lat, name, voivodeship_teryt (a copy)."""
    _check_level(level)
    df = _centroids(level)
    if voivodeship is not None:
        df = df[df["voivodeship_teryt"] == str(voivodeship)]
    return df.reset_index(drop=True).copy()


@lru_cache(maxsize=2)
def _areas(level: str) -> pd.Series:
    return (_metric(level).area / 1e6).rename("area_km2")


def areas_km2(level: str, teryts: Iterable[str] | None = None) -> pd.Series:
    """Area of each unit in km² (EPSG:2180 polygons; land area without internal sea waters),
    a float Series indexed by teryt (a copy)."""
    _check_level(level)
    s = _areas(level)
    if teryts is not None:
        codes = [str(t) for t in teryts]
        unknown = sorted(set(codes) - set(s.index))
        if unknown:
            raise ValueError(f"unknown {level} TERYT codes: {unknown[:5]}")
        s = s.loc[codes]
    return s.copy()


# --- outlines ---------------------------------------------------------------------------------------
def _powiats_of(codes: Iterable[str]) -> list[str]:
    """Powiat codes from powiat codes ("0201") and voivodeship codes ("02" = all its powiats)."""
    all_powiats = set(reference.powiat_codes())
    out: list[str] = []
    for c in codes:
        c = str(c).strip()
        if len(c) == 2 and c in reference.voivodeship_codes():
            out.extend(sorted(p for p in all_powiats if p[:2] == c))
        elif c in all_powiats:
            out.append(c)
        else:
            raise ValueError(f"unknown powiat or voivodeship TERYT code {c!r}")
    return sorted(set(out))


@lru_cache(maxsize=256)
def _outline(codes: tuple[str, ...], decimals: int):
    display = _display("powiat", decimals)
    merged = display.loc[list(codes)].union_all()
    return _snap(np.array([merged]), decimals)[0]


def outline(powiat_codes: Iterable[str], decimals: int = DISPLAY_DECIMALS) -> dict:
    """The area covered by the given powiats as one GeoJSON geometry dict (Polygon or MultiPolygon):
    the dissolve of their display geometries, so inner borders vanish and the outline follows the
    borders drawn on the map. Voivodeship codes ("02") stand for all their powiats. Raises
    ValueError for no codes or an unknown code."""
    codes = tuple(_powiats_of(powiat_codes))
    if not codes:
        raise ValueError("outline() needs at least one powiat code")
    return _geometry_dict(_outline(codes, decimals))


def outline_area_km2(powiat_codes: Iterable[str]) -> float:
    """Area in km² of the dissolved powiats (full precision, EPSG:2180)."""
    codes = _powiats_of(powiat_codes)
    if not codes:
        raise ValueError("outline_area_km2() needs at least one powiat code")
    return float(_metric("powiat").loc[codes].union_all().area / 1e6)


# --- static files ----------------------------------------------------------------------------------
def static_dir() -> Path:
    """Where the static files go: $KS_STATIC_DIR, else <project>/static (beside dashboard.py)."""
    return Path(os.environ.get("KS_STATIC_DIR") or PROJECT_ROOT / "static")


@lru_cache(maxsize=8)
def _static_payload(level: str, decimals: int) -> tuple[str, bytes]:
    body = json.dumps(geojson(level, decimals=decimals), separators=(",", ":")).encode("utf-8")
    digest = hashlib.sha256(body).hexdigest()[:16]
    return f"{level}.{digest}.json", body


def static_name(level: str, decimals: int = DISPLAY_DECIMALS) -> str:
    """File name of the level's display GeoJSON: '<level>.<content hash>.json'."""
    _check_level(level)
    return _static_payload(level, decimals)[0]


_written: set[tuple[str, str]] = set()


def write_static(level: str, decimals: int = DISPLAY_DECIMALS, folder: Path | None = None) -> Path:
    """Write the level's display GeoJSON to <static dir>/geo/<level>.<hash>.json (atomically; kept
    when it is already there) and remove that level's files with another hash. Returns the path."""
    _check_level(level)
    name, body = _static_payload(level, decimals)
    d = (Path(folder) if folder is not None else static_dir()) / STATIC_SUBDIR
    path = d / name
    if (str(d), name) in _written and path.is_file():
        return path
    d.mkdir(parents=True, exist_ok=True)
    if not (path.is_file() and path.stat().st_size == len(body)):
        tmp = d / f".{name}.{os.getpid()}.tmp"
        tmp.write_bytes(body)
        os.replace(tmp, path)
    for old in d.glob(f"{level}.*.json"):
        if old.name != name:
            try:
                old.unlink()
            except OSError:
                pass
    _written.add((str(d), name))
    return path


def static_url(level: str, decimals: int = DISPLAY_DECIMALS) -> str | None:
    """The URL of the level's display GeoJSON ('app/static/geo/<level>.<hash>.json'), writing the
    file first if needed. None when the file cannot be written (read-only folder): draw inline."""
    try:
        path = write_static(level, decimals)
    except OSError as e:
        log.warning("cannot write static geometry for %s (%s): maps carry it inline", level, e)
        return None
    return f"{STATIC_URL_PREFIX}{STATIC_SUBDIR}/{path.name}"


def geojson_for_url(url: str) -> dict | None:
    """The FeatureCollection a `static_url` points to (for image exports, which have no server to
    ask), or None when the URL is not one of ours."""
    name = str(url).rsplit("/", 1)[-1]
    for level in LEVELS:
        for decimals in (DISPLAY_DECIMALS,):
            if static_name(level, decimals) == name:
                return geojson(level, decimals=decimals)
    return None


def warm() -> None:
    """Load, simplify and write everything maps need (at server start, not on a first click)."""
    for level in LEVELS:
        _display_features(level, DISPLAY_DECIMALS)
        _centroids(level)
        static_url(level)


# --- extents and views -------------------------------------------------------------------------------
def bounds(level: str = "voivodeship", teryts: Iterable[str] | None = None,
           voivodeship: str | None = None) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the given units (default: the whole country)."""
    _check_level(level)
    f = frame(level)
    mask = pd.Series(True, index=f.index)
    if voivodeship is not None:
        mask &= f["teryt"].str[:2] == str(voivodeship)
    if teryts is not None:
        mask &= f["teryt"].isin({str(t) for t in teryts})
    if not mask.any():
        return POLAND_BOUNDS
    b = f.geometry[mask].total_bounds
    return tuple(round(float(v), 5) for v in b)


def _merc_y(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def view_for_bounds(b: tuple[float, float, float, float], width_px: int = 700, height_px: int = 620,
                    padding: float = 0.03) -> dict:
    """Centre and web-mercator zoom that fit the bounds into a viewport of width_px × height_px.

    Returns {"center": {"lon", "lat"}, "zoom"} – usable for plotly `layout.map` and for a pydeck
    ViewState (same zoom convention, 512-px tiles in both)."""
    west, south, east, north = b
    lon_c = (west + east) / 2
    y_c = (_merc_y(south) + _merc_y(north)) / 2
    lat_c = math.degrees(2 * math.atan(math.exp(y_c)) - math.pi / 2)
    w = max(width_px * (1 - 2 * padding), 50)
    h = max(height_px * (1 - 2 * padding), 50)
    # At zoom z the world is 512 * 2**z px wide (maplibre / deck.gl convention).
    span_x = max(east - west, 1e-6) / 360.0
    span_y = max(_merc_y(north) - _merc_y(south), 1e-6) / (2 * math.pi)
    zoom = min(math.log2(w / (512 * span_x)), math.log2(h / (512 * span_y)))
    return {"center": {"lon": round(lon_c, 4), "lat": round(lat_c, 4)}, "zoom": round(zoom, 2)}


def view(voivodeship: str | None = None, width_px: int = 760, height_px: int = 500) -> dict:
    """Centre + zoom for Poland, or for one voivodeship ("02"…"32") when drilling down."""
    if voivodeship is None:
        b = bounds("voivodeship")
    else:
        if str(voivodeship) not in reference.voivodeship_codes():
            raise ValueError(f"unknown voivodeship TERYT {voivodeship!r}")
        b = bounds("voivodeship", teryts=[str(voivodeship)])
    return view_for_bounds(b, width_px, height_px)


def voivodeship_of(teryt: str) -> str:
    """The voivodeship code of a powiat or voivodeship TERYT code ("1465" -> "14")."""
    return str(teryt)[:2]
