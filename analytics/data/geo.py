"""Boundaries for maps: GeoJSON keyed by TERYT, centroids, and views (centre + zoom) for drill-down.

The shipped boundaries (data/reference/*.geojson, GUGiK PRG via jusuff/PolandGeoJson) carry
coordinates with 5 decimals (~1 m). For web display this module rounds every vertex to
`DISPLAY_DECIMALS` (3 decimals = ~70 m east-west, ~110 m north-south at Poland's latitude: below
one screen pixel up to zoom 9) and drops the consecutive duplicate vertices rounding creates.
Rounding is applied to each vertex independently, so a border shared by two powiats (or by a
powiat and its voivodeship) is rounded identically on both sides: borders stay gap- and
overlap-free, unlike per-polygon Douglas-Peucker simplification. The source is already generalised
(~30,000 vertices for 380 powiats), so rounding is all the web needs: the powiat layer goes from
~634 KB to ~514 KB of compact JSON, the voivodeship layer from ~129 KB to ~103 KB, and a whole
powiat choropleth figure stays well under 1 MB (see bench/bench_maps.py).

Everything returned from the cached loaders is shared between callers: treat it as read-only.
TERYT codes are always strings ("02", "0201").
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Iterable

import pandas as pd
import shapely
from shapely.geometry import shape

from analytics.data import reference

LEVELS = ("powiat", "voivodeship")
DISPLAY_DECIMALS = 3

# Poland's extent from the shipped boundaries (lon/lat, WGS84), used when no data is at hand.
POLAND_BOUNDS = (14.12, 49.00, 24.15, 54.84)  # west, south, east, north

_PATHS = {"powiat": reference.POWIATS_GEOJSON, "voivodeship": reference.VOIVODESHIPS_GEOJSON}


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")


@lru_cache(maxsize=2)
def _raw(level: str) -> dict:
    _check_level(level)
    with open(_PATHS[level], encoding="utf-8") as f:
        return json.load(f)


def _round_ring(ring: list, decimals: int) -> list | None:
    out: list[list[float]] = []
    for x, y in ring:
        p = [round(x, decimals), round(y, decimals)]
        if not out or p != out[-1]:
            out.append(p)
    if out[0] != out[-1]:
        out.append(list(out[0]))
    # A closed ring needs 4 positions (3 distinct); smaller ones collapsed under rounding.
    return out if len(out) >= 4 else None


def _round_geometry(geom: dict, decimals: int) -> dict:
    polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    new_polys = []
    for poly in polys:
        rings = [_round_ring(r, decimals) for r in poly]
        if rings[0] is None:  # the exterior vanished: an islet smaller than the grid
            continue
        new_polys.append([rings[0]] + [r for r in rings[1:] if r is not None])
    if not new_polys:  # never expected for Polish units at >= 2 decimals; keep the original
        return geom
    if len(new_polys) == 1:
        return {"type": "Polygon", "coordinates": new_polys[0]}
    return {"type": "MultiPolygon", "coordinates": new_polys}


@lru_cache(maxsize=8)
def _display_features(level: str, decimals: int) -> tuple[dict, ...]:
    """Features with rounded coordinates and only the properties maps need."""
    feats = []
    for f in _raw(level)["features"]:
        p = f["properties"]
        props = {"teryt": p["teryt"]}
        feats.append({
            "type": "Feature",
            "id": p["teryt"],
            "properties": props,
            "geometry": _round_geometry(f["geometry"], decimals),
        })
    return tuple(feats)


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


@lru_cache(maxsize=2)
def units(level: str) -> pd.DataFrame:
    """Names of every unit of the level: teryt, name, name_full, voivodeship_teryt, voivodeship_name
    (and powiat_type for powiats), ordered by teryt. All codes are strings."""
    _check_level(level)
    rows = []
    for f in _raw(level)["features"]:
        p = f["properties"]
        rows.append({
            "teryt": p["teryt"],
            "name": p["name"],
            "name_full": p.get("name_full") or p["name"],
            "powiat_type": p.get("powiat_type"),
            "voivodeship_teryt": p.get("voivodeship_teryt") or p["teryt"][:2],
            "voivodeship_name": p.get("voivodeship_name") or p["name"],
        })
    df = pd.DataFrame(rows).sort_values("teryt", ignore_index=True)
    if level == "voivodeship":
        df = df.drop(columns=["powiat_type"])
    return df


@lru_cache(maxsize=2)
def _shapes(level: str) -> dict[str, object]:
    """Full-precision shapely geometries keyed by teryt (for centroids and bounds)."""
    return {f["properties"]["teryt"]: shape(f["geometry"]) for f in _raw(level)["features"]}


@lru_cache(maxsize=2)
def _centroids(level: str) -> pd.DataFrame:
    rows = []
    for teryt, g in _shapes(level).items():
        # Label on the largest part; fall back to a point inside when the centroid falls outside
        # (crescent-shaped land powiats wrapped around their city).
        part = max(getattr(g, "geoms", [g]), key=lambda p: p.area)
        c = part.centroid
        if not part.contains(c):
            c = part.representative_point()
        rows.append({"teryt": teryt, "lon": round(c.x, 5), "lat": round(c.y, 5)})
    df = pd.DataFrame(rows).merge(units(level)[["teryt", "name", "voivodeship_teryt"]], on="teryt")
    return df.sort_values("teryt", ignore_index=True)


def centroids(level: str, voivodeship: str | None = None) -> pd.DataFrame:
    """Label points inside each unit: teryt, lon, lat, name, voivodeship_teryt (a copy)."""
    _check_level(level)
    df = _centroids(level)
    if voivodeship is not None:
        df = df[df["voivodeship_teryt"] == str(voivodeship)]
    return df.reset_index(drop=True).copy()


def bounds(level: str = "voivodeship", teryts: Iterable[str] | None = None,
           voivodeship: str | None = None) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the given units (default: the whole country)."""
    _check_level(level)
    geoms = _shapes(level)
    keys = list(geoms)
    if voivodeship is not None:
        keys = [k for k in keys if k[:2] == str(voivodeship)]
    if teryts is not None:
        wanted = {str(t) for t in teryts}
        keys = [k for k in keys if k in wanted]
    if not keys:
        return POLAND_BOUNDS
    b = shapely.total_bounds([geoms[k] for k in keys])
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
