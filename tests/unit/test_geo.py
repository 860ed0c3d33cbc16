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


# --- geopandas: loading, areas, centroids, outlines, static files ---------------------------------
def test_frame_is_a_geodataframe_in_wgs84():
    import geopandas as gpd
    f = geo.frame("powiat")
    assert isinstance(f, gpd.GeoDataFrame) and f.crs.to_epsg() == 4326
    assert len(f) == 380 and f["teryt"].is_unique and list(f["teryt"]) == sorted(f["teryt"])
    assert len(geo.frame("voivodeship")) == 16


@pytest.mark.parametrize("teryt, gus_km2", [
    ("1465", 517.24),   # Warszawa (GUS, powierzchnia 517,24 km²)
    ("1261", 326.85),   # Kraków
    ("1061", 293.25),   # Łódź
    ("3064", 261.91),   # Poznań
])
def test_powiat_area_km2_close_to_gus(teryt, gus_km2):
    # inland cities: the PRG polygons give the land area within 1 % of the official figure
    a = geo.areas_km2("powiat")[teryt]
    assert abs(a - gus_km2) / gus_km2 < 0.01, (teryt, a)


def test_voivodeship_area_km2_and_sums():
    # mazowieckie: 35,558 km² (GUS); inland, so no internal sea waters are missing
    v = geo.areas_km2("voivodeship")
    assert abs(v["14"] - 35_558) / 35_558 < 0.005
    p = geo.areas_km2("powiat")
    assert abs(p[p.index.str[:2] == "14"].sum() - v["14"]) < 0.5  # the powiats tile the voivodeship
    # the country: 312,481 km² of land in these polygons (SOURCES.md), GUS 313,934 km² with sea waters
    assert abs(v.sum() - 312_481) < 5
    assert list(geo.areas_km2("powiat", ["0201", "1465"]).index) == ["0201", "1465"]
    with pytest.raises(ValueError):
        geo.areas_km2("powiat", ["9999"])


def test_centroids_of_cities_where_a_map_shows_them():
    c = geo.centroids("powiat").set_index("teryt")
    # Warszawa spans about 20.85-21.27 E, 52.10-52.37 N; Kraków 19.79-20.22 E, 49.97-50.13 N
    assert 20.95 < c.loc["1465", "lon"] < 21.15 and 52.17 < c.loc["1465", "lat"] < 52.30
    assert 19.90 < c.loc["1261", "lon"] < 20.05 and 50.02 < c.loc["1261", "lat"] < 50.10


def test_outline_of_two_neighbours_is_one_polygon_with_the_summed_area():
    # Kraków (1261) lies in the bend of powiat krakowski (1206): together they are one piece of land
    o = geo.outline(["1261", "1206"])
    assert o["type"] == "Polygon"
    assert len(o["coordinates"]) == 1  # no hole where Kraków was
    feats = geo.features_by_teryt("powiat")
    a, b = shape(feats["1261"]["geometry"]), shape(feats["1206"]["geometry"])
    assert abs(shape(o).area - (a.area + b.area)) / (a.area + b.area) < 1e-3
    km2 = geo.outline_area_km2(["1261", "1206"])
    p = geo.areas_km2("powiat")
    assert abs(km2 - (p["1261"] + p["1206"])) < 0.01
    assert 1_540 < km2 < 1_560  # 327.8 + 1,223.6 km²
    # the dissolved outline's centroid lies inside it
    assert shape(o).contains(shape(o).centroid)


def test_outline_of_distant_powiats_keeps_two_parts_and_codes_are_checked():
    o = geo.outline(["1465", "1261"])  # Warszawa and Kraków share no border
    assert o["type"] == "MultiPolygon" and len(o["coordinates"]) == 2
    assert geo.outline(["1261", "1261"]) == geo.outline(["1261"])
    with pytest.raises(ValueError):
        geo.outline([])
    with pytest.raises(ValueError):
        geo.outline(["1299"])


def test_outline_of_a_voivodeship_code_is_the_voivodeship():
    o = shape(geo.outline(["14"]))  # "14" = all 42 powiats of mazowieckie
    v = shape(geo.features_by_teryt("voivodeship")["14"]["geometry"])
    assert o.geom_type == "Polygon"
    assert o.symmetric_difference(v).area < 1e-3 * v.area


def test_static_file_named_by_content_hash(tmp_path):
    import hashlib
    path = geo.write_static("powiat", folder=tmp_path)
    body = path.read_bytes()
    fc = json.loads(body)
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 380
    assert {f["properties"]["teryt"] for f in fc["features"]} == set(reference.powiat_codes())
    assert path.parent == tmp_path / "geo"
    assert path.name == f"powiat.{hashlib.sha256(body).hexdigest()[:16]}.json"
    # a file of an older boundary version (another hash) is removed, the other level's is kept
    stale = tmp_path / "geo" / "powiat.0123456789abcdef.json"
    stale.write_text("{}")
    vpath = geo.write_static("voivodeship", folder=tmp_path)
    geo._written.clear()
    assert geo.write_static("powiat", folder=tmp_path) == path
    assert not stale.exists() and vpath.exists() and path.exists()
    assert len(json.loads(vpath.read_bytes())["features"]) == 16


def test_static_url_and_back(tmp_path, monkeypatch):
    monkeypatch.setenv("KS_STATIC_DIR", str(tmp_path))
    url = geo.static_url("voivodeship")
    assert url.startswith("app/static/geo/voivodeship.") and url.endswith(".json")
    assert (tmp_path / "geo" / url.rsplit("/", 1)[1]).is_file()
    assert len(geo.geojson_for_url(url)["features"]) == 16
    assert geo.geojson_for_url("app/static/geo/powiat.deadbeefdeadbeef.json") is None
