"""Przegląd / Overview: headline indicators with the change against a year earlier and a map."""
import streamlit as st

from analytics import catalogue, formatting
from ui import data, widgets
from ui.context import ctx

c = ctx()
view, stamp, viewer = c.view, c.stamp, c.scope
tr = lambda key, **kw: widgets.tr(view, key, **kw)  # noqa: E731

st.title(tr("page.overview"))
st.caption(tr("app.subtitle"))

HEADLINE = ["local_partner_coverage", "population_coverage", "coalitions", "plans_on_track_share",
            "volunteers_registered", "volunteers_active", "hours_confirmed", "organisers_in_base"]

level, unit = view.focus()  # Poland, the chosen voivodeship, or a powiat clicked on the map
year_before, prev_period = view.year_earlier()
NEEDED = tuple(HEADLINE + ["active_local_partners", "regional_partner_presence"])
now_tbl = data.indicator_table(stamp, level, view.as_of, view.period, viewer, NEEDED)
prev_tbl = data.indicator_table(stamp, level, year_before, prev_period, viewer, tuple(HEADLINE))
row = now_tbl.set_index("teryt").loc[unit]
prev = prev_tbl.set_index("teryt").loc[unit]

name = formatting.format_date(view.as_of, view.lang)
where = widgets.place_name(view, level, row)
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
widgets.map_section(view, stamp, viewer, codes, key="overview", default="volunteers_per_10k")
widgets.footer(view)
