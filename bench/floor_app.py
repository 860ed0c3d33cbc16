"""The floor for the map pages (issue 15): a bare Streamlit page with one plotly powiat map.

    .venv/bin/streamlit run bench/floor_app.py      # KS_DB: the database (default data/ks.duckdb)

What any Streamlit page showing one powiat choropleth needs and nothing more: a title, one cached
query of the demo database (volunteers per 10 000 inhabitants per powiat), one `go.Choroplethmap`
(map_style "white-bg", a continuous colour scale) whose geometry is the same content-hashed static
GeoJSON file the dashboard uses (analytics/data/geo.py, by URL: `app/static/geo/powiat.<hash>.json`).
Streamlit serves static files from the folder beside the main script, so this page writes the same
file (same bytes, same name) to bench/static/geo/. bench/bench_floor.py measures the KS Atlas map
pages against this page in the same run. With `?switch=1` a radio switches the map between
voivodeships and powiats: the floor of the dashboard's level switch.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
os.environ.setdefault("KS_STATIC_DIR", str(HERE / "static"))  # served at app/static/ for this script
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

import duckdb  # noqa: E402
import plotly.graph_objects as go  # noqa: E402
import streamlit as st  # noqa: E402

from analytics.data import db, geo  # noqa: E402

st.set_page_config(page_title="Floor", layout="wide")


@st.cache_resource
def connection(path: str) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(path, read_only=True)


@st.cache_data
def values(path: str, level: str = "powiat"):
    unit = "v.powiat" if level == "powiat" else "substr(v.powiat, 1, 2)"
    return connection(path).cursor().execute(
        f"""SELECT u.teryt, u.name, count(v.volunteer_id) * 10000.0 / any_value(p.population) AS value
           FROM units u JOIN unit_population p USING (teryt)
           LEFT JOIN volunteers v ON {unit} = u.teryt
           WHERE u.level = '{level}' GROUP BY u.teryt, u.name ORDER BY u.teryt""").df()


st.title("Wolontariusze na 10 tys. mieszkańców")
level = "powiat"
if st.query_params.get("switch"):  # ?switch=1: the floor of a level switch (bench_floor), one radio more
    picked = st.radio("Poziom", ["województwa", "powiaty"], horizontal=True, key="floor_level")
    level = "powiat" if picked == "powiaty" else "voivodeship"
df = values(str(db.db_path()), level)
fig = go.Figure(go.Choroplethmap(
    geojson=geo.static_url(level), featureidkey="properties.teryt", locations=df["teryt"], z=df["value"],
    text=df["name"], colorscale="YlGnBu", marker={"line": {"width": 0.5, "color": "#ffffff"}},
    hovertemplate="<b>%{text}</b><br>%{z:.1f}<extra></extra>"))
fig.update_layout(map={"style": "white-bg", "center": {"lat": 52.0, "lon": 19.4}, "zoom": 4.9},
                  height=620, margin={"l": 0, "r": 0, "t": 0, "b": 0})
st.plotly_chart(fig, theme=None, key="floor_map")
