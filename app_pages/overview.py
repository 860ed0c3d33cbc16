"""Przegląd / Overview: headline indicators with the change against a year earlier and a map."""
import streamlit as st

from analytics.metrics import catalogue
from ui import data, page, widgets

pg = page.header("page.overview", "app.subtitle")
view, stamp, viewer, tr = pg.view, pg.stamp, pg.viewer, pg.tr

HEADLINE = ["local_partner_coverage", "population_coverage", "coalitions", "plans_on_track_share",
            "volunteers_registered", "volunteers_active", "hours_confirmed", "organisers_in_base"]

# Poland, the chosen voivodeship, or a powiat clicked on the map.
level, unit, row, prev = widgets.headline(view, stamp, viewer, HEADLINE, check_partners=True)
widgets.metrics_row(view, row, HEADLINE[:4], previous=prev, level=level)
if data.sow_available(stamp):
    widgets.metrics_row(view, row, HEADLINE[4:], previous=prev, level=level)
else:
    widgets.empty(view, "empty.no_sow")

st.subheader(tr("overview.map_title"))
codes = [i.code for i in catalogue.CATALOGUE if data.sow_available(stamp) or not i.needs_sow]
widgets.map_section(view, stamp, viewer, codes, key="overview", default="volunteers_per_10k")
widgets.footer(view)
