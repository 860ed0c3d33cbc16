"""Przegląd / Overview: headline indicators with the change against a year earlier and a map."""
import datetime as dt

import streamlit as st

from analytics import catalogue, figures, formatting
from ui import data, widgets
from ui.context import ctx

c = ctx()
view, stamp, role = c.view, c.stamp, c.role
tr = lambda key, **kw: widgets.tr(view, key, **kw)  # noqa: E731

st.title(tr("page.overview"))
st.caption(tr("app.subtitle"))

HEADLINE = ["local_partner_coverage", "population_coverage", "coalitions", "plans_on_track_share",
            "volunteers_registered", "volunteers_active", "hours_confirmed", "organisers_in_base"]

# The headline unit: Poland, or the chosen voivodeship.
if view.voivodeship:
    level, unit = "voivodeship", view.voivodeship
else:
    level, unit = "country", "PL"
year_before = view.as_of.replace(year=view.as_of.year - 1) if not (view.as_of.month == 2 and view.as_of.day == 29) \
    else view.as_of - dt.timedelta(days=365)
p0, p1 = view.period
prev_period = (p0.replace(year=p0.year - 1), p1.replace(year=p1.year - 1, day=28) if p1.month == 2 else p1.replace(year=p1.year - 1))
now_tbl = data.indicator_table(stamp, level, view.as_of, view.period, role)
prev_tbl = data.indicator_table(stamp, level, year_before, prev_period, role)
row = now_tbl.set_index("teryt").loc[unit]
prev = prev_tbl.set_index("teryt").loc[unit]

name = formatting.format_date(view.as_of, view.lang)
where = tr("level.country") if level == "country" else f"{tr('level_one.voivodeship')} {row['name']}"
st.subheader(tr("overview.headline", where=where, date=name))
if (row["active_local_partners"] or 0) == 0 and (row["regional_partner_presence"] or 0) == 0:
    widgets.empty(view, "empty.no_partners_at_date", date=name)
widgets.metrics_row(view, row, HEADLINE[:4], previous=prev, level=level)
if data.sow_available(stamp):
    widgets.metrics_row(view, row, HEADLINE[4:], previous=prev, level=level)
else:
    widgets.empty(view, "empty.no_sow")

st.subheader(tr("overview.map_title"))
codes = [i.code for i in catalogue.CATALOGUE if data.sow_available(stamp) or not i.needs_sow]
col_ind, col_back = st.columns([4, 1])
with col_ind:
    code = widgets.indicator_select(view, codes, key="overview_indicator", default="volunteers_per_10k")
with col_back:
    if view.voivodeship:
        st.write("")
        st.button(tr("control.back_to_poland"), on_click=lambda: st.session_state.update(woj="PL", unit=None),
                  key="overview_back")
settings = widgets.map_settings(view, "overview_map_settings")
st.caption(catalogue.get(code).definition(view.lang))
if not view.voivodeship and view.level == "voivodeship":
    st.caption(tr("control.click_to_drill"))


def drill_down():
    teryt = figures.selected_teryt(st.session_state.get("overview_map"))
    if teryt and len(teryt) == 2:
        st.session_state["woj"] = teryt
    elif teryt:
        st.session_state["unit"] = teryt


def build(r):
    return data.choropleth(stamp, view.map_level, view.as_of, view.period, r, code, view.lang,
                           settings["method"], settings["k"], settings["palette"], settings["basemap"],
                           view.voivodeship, view.unit)


widgets.chart(view, build, key="overview_map", role=role, filename=f"mapa_{code}", select=True,
              on_select=drill_down)
widgets.footer(view)
