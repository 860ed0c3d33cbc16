import json

import pytest
from shapely.geometry import shape

from analytics.data import geo, reference


def test_powiat_geojson_keyed_by_teryt_strings():
    fc = geo.geojson("powiat")
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 380
    ids = [f["properties"]["teryt"] for f in fc["features"]]
    assert all(isinstance(i, str) and len(i) == 4 for i in ids)
    assert set(ids) == set(reference.powiat_codes())
    assert all(f["id"] == f["properties"]["teryt"] for f in fc["features"])
    assert len(geo.features_by_teryt("powiat")) == 380


def test_voivodeship_geojson_and_filter():
    fc = geo.geojson("voivodeship")
    assert len(fc["features"]) == 16
    assert {f["id"] for f in fc["features"]} == set(reference.voivodeship_codes())
    maz = geo.geojson("powiat", voivodeship="14")
    assert len(maz["features"]) == 42  # mazowieckie: 37 land powiats + 5 cities
    assert all(f["id"].startswith("14") for f in maz["features"])
    assert [f["id"] for f in geo.geojson("powiat", teryts=["0201", "1465"])["features"]] == ["0201", "1465"]
    with pytest.raises(ValueError):
        geo.geojson("gmina")


def test_simplified_geometry_is_small_valid_and_close():
    compact = json.dumps(geo.geojson("powiat"), separators=(",", ":"))
    assert len(compact) < 560_000  # source is ~634 KB compact
    raw = {f["properties"]["teryt"]: shape(f["geometry"])
           for f in json.load(open(reference.POWIATS_GEOJSON, encoding="utf-8"))["features"]}
    for f in geo.geojson("powiat")["features"]:
        g = shape(f["geometry"])
        r = raw[f["id"]]
        assert abs(g.area - r.area) / r.area < 0.02, f["id"]
        assert g.buffer(0).is_valid


def test_shared_borders_stay_identical():
    # rounding is per vertex, so a vertex shared by two powiats stays shared after rounding
    feats = geo.features_by_teryt("powiat")

    def vertices(tid):
        g = feats[tid]["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        return {tuple(p) for poly in polys for ring in poly for p in ring}
    # Kraków (1261) and krakowski (1206) share a long border
    assert len(vertices("1261") & vertices("1206")) >= 30
    a, b = shape(feats["1261"]["geometry"]), shape(feats["1206"]["geometry"])
    assert a.intersection(b).area < 1e-6


def test_centroids_inside_units():
    c = geo.centroids("powiat")
    assert len(c) == 380 and c["teryt"].map(type).eq(str).all()
    shapes = {f["properties"]["teryt"]: shape(f["geometry"])
              for f in json.load(open(reference.POWIATS_GEOJSON, encoding="utf-8"))["features"]}
    from shapely.geometry import Point
    for r in c.itertuples():
        assert shapes[r.teryt].buffer(1e-4).contains(Point(r.lon, r.lat)), r.teryt
    assert len(geo.centroids("powiat", voivodeship="02")) == 30
    assert len(geo.centroids("voivodeship")) == 16


def test_bounds_and_views():
    w, s, e, n = geo.bounds()
    assert 14.0 < w < 14.2 and 48.9 < s < 49.1 and 24.1 < e < 24.2 and 54.8 < n < 54.9
    v = geo.view()
    assert 18.5 < v["center"]["lon"] < 19.8 and 51.5 < v["center"]["lat"] < 52.5
    assert 4.5 < v["zoom"] < 6.0
    vm = geo.view("14")  # mazowieckie: closer in
    assert vm["zoom"] > v["zoom"] + 0.8
    assert 20.0 < vm["center"]["lon"] < 22.5 and 51.5 < vm["center"]["lat"] < 53.0
    with pytest.raises(ValueError):
        geo.view("99")


def test_units_table():
    u = geo.units("powiat")
    assert len(u) == 380 and u["teryt"].is_unique
    assert u.loc[u["teryt"] == "1465", "name"].item() == "Warszawa"
    assert geo.voivodeship_of("1465") == "14"
