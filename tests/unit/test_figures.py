import datetime as dt
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from analytics.present import classify as cl
from analytics.present import figures as F
from analytics.data import geo, reference


@pytest.fixture(scope="module")
def powiat_df():
    u = geo.units("powiat")
    rng = np.random.default_rng(5)
    df = pd.DataFrame({"teryt": u["teryt"], "v": rng.gamma(2, 5, len(u))})
    df.loc[[3, 50, 200], "v"] = np.nan
    df["v__suppressed"] = False
    df.loc[[10, 11], "v__suppressed"] = True
    df.loc[[10, 11], "v"] = 987654.321  # must never reach the figure
    return df.drop(index=[7])  # one powiat missing altogether -> no data


@pytest.fixture(scope="module")
def powiat_fig(powiat_df):
    return F.choropleth(powiat_df, "powiat", "v", "Wolontariusze na 10 tys. mieszkańców",
                        unit="per_10k", lang="pl", k=5, suppressed_col="v__suppressed",
                        as_of=dt.date(2026, 11, 23))


def test_choropleth_traces_and_legend(powiat_fig):
    fig = powiat_fig
    assert all(isinstance(tr, go.Choroplethmap) for tr in fig.data)
    names = [tr.name for tr in fig.data]
    assert len(fig.data) == 5 + 2  # 5 classes + no data + suppressed
    assert names[-2:] == ["brak danych", "&lt;10 / dane chronione"]
    assert all(tr.showlegend for tr in fig.data)
    locs = [loc for tr in fig.data for loc in tr.locations]
    assert len(locs) == 380 and len(set(locs)) == 380
    assert all(isinstance(loc, str) and len(loc) == 4 for loc in locs)
    assert set(locs) == set(reference.powiat_codes())
    urls = {tr.geojson for tr in fig.data}  # every trace references the one static powiat file
    assert len(urls) == 1 and urls.pop() == "app/static/geo/" + geo.static_name("powiat")
    for tr in fig.data:
        assert tr.featureidkey == "properties.teryt"
        assert [c[0] for c in tr.customdata] == list(tr.locations)
    assert fig.layout.map.style == "white-bg"
    assert 18.5 < fig.layout.map.center.lon < 19.8 and 4.5 < fig.layout.map.zoom < 6
    assert fig.layout.clickmode == "event+select"


def test_choropleth_hover_rank_and_units(powiat_fig, powiat_df):
    first = powiat_fig.data[0]
    assert "%{customdata[2]}" in first.hovertemplate and "Miejsce" in first.hovertemplate
    row = next(c for tr in powiat_fig.data[:5] for c in tr.customdata if c[3] == "1. z 374")  # 380 - 3 NaN - 1 missing - 2 suppressed
    top = powiat_df.loc[powiat_df["v"].where(~powiat_df["v__suppressed"]).idxmax()]
    assert row[0] == top["teryt"]
    assert row[2].endswith("na 10 tys. mieszk.") and "," in row[2]
    supp = powiat_fig.data[-1].customdata
    assert {c[2] for c in supp} == {"&lt;10"} and {c[3] for c in supp} == {"–"}


def test_suppressed_values_never_leave(powiat_fig):
    js = powiat_fig.to_json()
    assert "987654" not in js and "987 654" not in js
    tbl = F.chart_table(powiat_fig)
    hidden = tbl[tbl["Wartość"] == "<10"]
    assert len(hidden) == 2 and hidden["Wolontariusze na 10 tys. mieszkańców"].isna().all()


def test_attribution_and_subtitle(powiat_fig):
    texts = " ".join(a.text for a in powiat_fig.layout.annotations)
    assert "GUS" in texts and "GUGiK PRG" in texts and "Źródło" in texts
    assert "23.11.2026" in powiat_fig.layout.title.subtitle.text


def test_powiat_figure_json_under_1mb(powiat_fig):
    assert F.figure_json_size(powiat_fig) < 1_000_000


def test_table_behind_the_map(powiat_fig):
    tbl = F.chart_table(powiat_fig)
    assert len(tbl) == 380
    assert list(tbl.columns) == ["TERYT", "Obszar", "Województwo", "Wolontariusze na 10 tys. mieszkańców",
                                 "Wartość", "Klasa", "Miejsce"]
    assert str(tbl["Miejsce"].dtype) == "Int64" and tbl["Miejsce"].min() == 1
    meta = F.chart_meta(powiat_fig)
    assert meta["kind"] == "choropleth" and meta["k"] == 5 and len(meta["breaks"]) == 6
    assert len(meta["legend"]) == 7


def test_voivodeship_map_english_basemap_and_drilldown():
    v = geo.units("voivodeship")
    df = pd.DataFrame({"teryt": v["teryt"].astype(int), "n": np.arange(16) * 100})  # int codes get padded
    fig = F.choropleth(df, "voivodeship", "n", "Volunteers", unit="count", lang="en", k=4,
                       method="equal_interval", basemap=True)
    assert fig.layout.map.style == "carto-positron"
    assert len(fig.data) == 4
    locs = [loc for tr in fig.data for loc in tr.locations]
    assert sorted(locs) == sorted(reference.voivodeship_codes())
    assert [tr.name for tr in fig.data] == ["0 – 375", "376 – 750", "751 – 1,125", "1,126 – 1,500"]
    assert "Source" in fig.layout.annotations[0].text
    assert F.figure_json_size(fig) < 250_000

    u = geo.units("powiat")
    dp = pd.DataFrame({"teryt": u["teryt"], "x": np.linspace(0, 1, len(u))})
    fz = F.choropleth(dp, "powiat", "x", "Udział", unit="share", voivodeship="12", selected="1261")
    locs = [loc for tr in fz.data for loc in tr.locations]
    assert len(locs) == 22 and all(x.startswith("12") for x in locs)
    assert fz.layout.map.zoom > 6.5
    assert fz.data[0].name.endswith("%")
    assert F.chart_table(fz)["Miejsce"].max() == 22  # ranked within the voivodeship


@pytest.mark.parametrize("event,expected", [
    ({"selection": {"points": [{"location": "1465", "customdata": ["1465"]}]}}, "1465"),
    ({"selection": {"points": [{"customdata": ["0201", "x"]}]}}, "0201"),
    ({"selection": {"points": []}}, None),
    (None, None),
])
def test_selected_teryt(event, expected):
    assert F.selected_teryt(event) == expected


def test_trend_line():
    months = pd.date_range("2025-01-01", periods=12, freq="MS")
    df = pd.DataFrame({"m": list(months) * 2, "s": ["F"] * 12 + ["M"] * 12, "n": range(24)})
    fig = F.trend_line(df, "m", "n", "Nowi wolontariusze", series_col="s",
                       series_labels={"F": "kobiety", "M": "mężczyźni"})
    assert len(fig.data) == 2 and [tr.name for tr in fig.data] == ["kobiety", "mężczyźni"]
    assert fig.layout.xaxis.ticktext[0] == "sty 2025"
    assert fig.layout.separators == ",\u00a0"
    assert len(F.chart_table(fig)) == 24
    bars = F.trend_line(df[df.s == "F"], "m", "n", "Volunteers", lang="en", kind="bar")
    assert isinstance(bars.data[0], go.Bar) and bars.layout.xaxis.ticktext[0] == "Jan 2025"


def test_ranked_bar():
    df = pd.DataFrame({"teryt": ["02", "04", "06", "08"], "name": ["a", "b", "c", "d"],
                       "x": [3.0, 9.0, 1.0, 2.0], "s": [False, False, False, True]})
    fig = F.ranked_bar(df, "name", "x", "Koalicje na 100 tys. mieszkańców", unit="per_100k",
                       id_col="teryt", highlight="06", suppressed_col="s", level="voivodeship",
                       reference_value=2.5)
    bar = fig.data[0]
    assert bar.orientation == "h" and list(bar.y) == ["b", "a", "c", "d"]
    assert list(bar.text) == ["9,0", "3,0", "1,0", "&lt;5"]
    assert bar.marker.color[2] == cl.ROLE_COLORS["accent"]
    assert fig.layout.xaxis.title.text == "Koalicje na 100 tys. mieszkańców"  # no doubled unit
    tbl = F.chart_table(fig)
    assert tbl["Miejsce"].tolist()[:3] == [1, 2, 3] and pd.isna(tbl["Miejsce"].iloc[3])


def test_bullet_handles_decreasing_targets():
    df = pd.DataFrame({"indicator": ["Wolontariusze", "Czas oczekiwania"], "baseline": [100, 30],
                       "target": [400, 10], "achieved": [250, 20], "expected": [300, 15],
                       "unit": ["count", "dni"], "status": ["amber", "green"]})
    fig = F.bullet(df, "pl", title="Plan")
    assert fig.layout.xaxis.range[0] < fig.layout.xaxis.range[1]
    assert fig.layout.xaxis2.range[0] > fig.layout.xaxis2.range[1]  # reversed for a decrease
    achieved = [tr for tr in fig.data if tr.name == "Osiągnięto"]
    assert achieved[1].base[0] == 30 and achieved[1].x[0] == -10
    names = {tr.name for tr in fig.data if tr.showlegend}
    assert names == {"Osiągnięto", "Wartość bazowa", "Cel", "Oczekiwane na dziś"}
    assert "cel: spadek" in achieved[1].y[0] and "zielony" in achieved[1].y[0]
    tbl = F.chart_table(fig)
    assert tbl["Realizacja"].tolist() == [0.5, 0.5]
    assert F.chart_table(F.bullet(df.iloc[:0], "en")).empty


def test_dot_plot():
    df = pd.DataFrame({"indicator": ["A", "B"], "value": [1.0, 0.4], "peer_median": [0.8, 0.5],
                       "voivodeship": [0.9, 0.45], "country": [1.1, 0.5], "unit": ["per_10k", "share"],
                       "peers": [[0.5, 0.7, 1.2], [0.3, 0.6]]})
    fig = F.dot_plot(df, "powiat X", "en", peer_values_col="peers")
    legend = [tr.name for tr in fig.data if tr.showlegend]
    assert legend == ["Peers", "powiat X", "Peer median", "Voivodeship", "Poland"]
    assert fig.layout.xaxis2.tickformat == ",.1%"
    assert F.chart_table(fig).shape == (2, 6)


def test_sector_mix():
    df = pd.DataFrame({"g": ["K1"] * 3 + ["K2"] * 2, "sector": ["civic", "business", "civic", "civic", "local_government"],
                       "n": [2, 1, 1, 3, 1]})
    fig = F.sector_mix(df, "g", "sector", "n", "pl")
    assert [tr.name for tr in fig.data] == ["obywatelski", "samorząd lokalny", "biznes"]
    assert fig.layout.barmode == "stack"
    civic = fig.data[0]
    assert list(civic.x) == [0.75, 0.75]
    tbl = F.chart_table(fig)
    assert tbl["Razem"].tolist() == [4, 4]


def test_deck_columns_offline():
    u = geo.units("powiat")
    df = pd.DataFrame({"teryt": u["teryt"], "v": np.arange(380, dtype=float)})
    df.loc[0, "v"] = np.nan
    deck = F.deck_columns(df, "v", "Wolontariusze", lang="pl")
    assert deck.map_provider is None
    spec = json.loads(deck.to_json())
    assert "mapProvider" not in spec or spec["mapProvider"] is None
    types = [layer["@@type"] for layer in spec["layers"]]
    assert types == ["GeoJsonLayer", "ColumnLayer"]
    assert 18.5 < spec["initialViewState"]["longitude"] < 19.8
    assert spec["initialViewState"]["pitch"] > 0
    assert len(F.deck_table(deck)) == 379
    assert "{name}" in json.dumps(deck._tooltip) and "{value_fmt}" in json.dumps(deck._tooltip)


# --- geometry sent once: figures reference the static GeoJSON by URL ----------------------------
def test_map_figure_carries_no_coordinates(powiat_df, powiat_fig):
    js = powiat_fig.to_json()
    assert '"coordinates"' not in js and "FeatureCollection" not in js
    assert len(js) < 120_000  # codes, values, colours, hover texts: was ~710 KB with the geometry
    inline = F.choropleth(powiat_df, "powiat", "v", "Wolontariusze na 10 tys. mieszkańców",
                          unit="per_10k", lang="pl", k=5, suppressed_col="v__suppressed",
                          as_of=dt.date(2026, 11, 23), inline=True)
    assert len(inline.to_json()) > 500_000 and '"coordinates"' in inline.to_json()
    for tr in inline.data:  # inline: each trace carries only its own features, keyed by teryt
        assert [f["properties"]["teryt"] for f in tr.geojson["features"]] == list(tr.locations)
    # the file behind the URL is there, valid GeoJSON with every powiat
    url = powiat_fig.data[0].geojson
    path = geo.static_dir() / "geo" / url.rsplit("/", 1)[1]
    fc = json.loads(path.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 380
    assert {f["properties"]["teryt"] for f in fc["features"]} == set(reference.powiat_codes())
    # voivodeship borders on a powiat map: a URL too (the 16 voivodeships' file)
    layer = powiat_fig.layout.map.layers[0]
    assert layer.source == "app/static/geo/" + geo.static_name("voivodeship")
    assert len(json.loads((geo.static_dir() / "geo" / geo.static_name("voivodeship")).read_text())["features"]) == 16


def test_inline_geometry_for_exports(powiat_df, powiat_fig):
    d = F.inline_geometry(powiat_fig)
    assert powiat_fig.data[0].geojson.startswith("app/static/")  # the figure itself is unchanged
    for tr in d["data"]:
        assert [f["id"] for f in tr["geojson"]["features"]] == list(tr["locations"])
    assert len(d["layout"]["map"]["layers"][0]["source"]["features"]) == 16
    # the image export path draws from the inlined geometry (kaleido has no server to ask)
    from analytics.present import exports
    sd = exports.static_figure(powiat_fig)
    geo_traces = [tr for tr in sd["data"] if tr["type"] == "choropleth"]
    assert len(geo_traces) == 7 + 1  # 7 classes + the voivodeship borders
    assert all(isinstance(tr["geojson"], dict) for tr in geo_traces)
    assert sum(len(tr["geojson"]["features"]) for tr in geo_traces[:7]) == 380
    assert not any(isinstance(v, str) and v.startswith("app/static/") for v in json.dumps(sd).split('"'))


def test_drilldown_inlines_only_its_voivodeship_border():
    u = geo.units("powiat")
    dp = pd.DataFrame({"teryt": u["teryt"], "x": np.linspace(0, 1, len(u))})
    fz = F.choropleth(dp, "powiat", "x", "Udział", unit="share", voivodeship="12", selected="1261")
    border, sel = fz.layout.map.layers
    assert [f["id"] for f in border.source["features"]] == ["12"]
    assert [f["id"] for f in sel.source["features"]] == ["1261"]
    assert fz.data[0].geojson.startswith("app/static/geo/powiat.")
    assert F.figure_json_size(fz) < 60_000


def test_area_outline_over_a_map(powiat_fig):
    fig = go.Figure(powiat_fig)
    out = F.add_area_outline(fig, ["1261", "1206"], color="#d7301f", width=3)
    assert out is fig
    halo, line = fig.layout.map.layers[-2:]
    assert len(fig.layout.map.layers) == len(powiat_fig.layout.map.layers) + 2
    assert line.color == "#d7301f" and line.line.width == 3 and halo.color == "#ffffff"
    assert halo.line.width > line.line.width
    g = line.source["features"][0]["geometry"]
    assert g == geo.outline(["1261", "1206"]) and g["type"] == "Polygon" and len(g["coordinates"]) == 1
    # the outline is exported too: a line-only trace with the dissolved geometry
    from analytics.present import exports
    sd = exports.static_figure(fig)
    outlines = [tr for tr in sd["data"] if tr.get("locations") == ["area"]]
    assert len(outlines) == 2 and outlines[-1]["marker"]["line"]["color"] == "#d7301f"
    # a ready geometry works as well; no area at all is an error
    F.add_area_outline(fig, geometry=geo.outline(["14"]), halo=False)
    assert fig.layout.map.layers[-1].source["features"][0]["geometry"]["type"] == "Polygon"
    with pytest.raises(ValueError):
        F.add_area_outline(fig)
    with pytest.raises(ValueError):
        F.add_area_outline(fig, ["9999"])


def test_deck_boundaries_by_url():
    u = geo.units("powiat")
    df = pd.DataFrame({"teryt": u["teryt"], "v": np.arange(380, dtype=float)})
    spec = json.loads(F.deck_columns(df, "v", "Wolontariusze").to_json())
    assert spec["layers"][0]["data"] == "app/static/geo/" + geo.static_name("voivodeship")
    inline = json.loads(F.deck_columns(df, "v", "Wolontariusze", inline=True).to_json())
    assert len(inline["layers"][0]["data"]["features"]) == 16
    drill = json.loads(F.deck_columns(df, "v", "Wolontariusze", voivodeship="02").to_json())
    assert len(drill["layers"][0]["data"]["features"]) == 30  # dolnośląskie's powiats, inline
