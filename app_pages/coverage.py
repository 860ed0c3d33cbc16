"""Pokrycie / Coverage: where local and regional partners work, population reached, white spots."""
import streamlit as st

from analytics.metrics import catalogue, details
from analytics.present import figures, formatting, names
from analytics.access import privacy
from ui import data, page, state, widgets

pg = page.header("page.coverage", "coverage.intro")
view, stamp, viewer, tr = pg.view, pg.stamp, pg.viewer, pg.tr

HEADLINE = ("local_partner_coverage", "regional_partner_presence", "population_coverage", "active_local_partners")
level, unit, row, prev = widgets.headline(view, stamp, viewer, HEADLINE, check_partners=True)
widgets.metrics_row(view, row, list(HEADLINE), previous=prev, level=level)

TABS = {"map": tr("coverage.tab_map"), "white_spots": tr("coverage.tab_white_spots")}
state.bind("tab", "coverage_tab", list(TABS.values()), TABS["map"],
           to_url={label: code for code, label in TABS.items()}.get)  # the open tab is in the URL
tab_map, tab_spots = st.tabs(list(TABS.values()), key="coverage_tab", on_change="rerun")
with tab_map:
    if tab_map.open:  # lazy tab: only the open one runs
        codes = [i.code for i in catalogue.by_group("coverage")]
        widgets.map_section(view, stamp, viewer, codes, key="coverage", default="local_partner_coverage")

with tab_spots:
    if tab_spots.open:  # lazy tab: only the open one runs
        st.markdown(tr("coverage.white_spots_definition"))
        powiats = data.indicator_table(stamp, "powiat", view.as_of, view.period, viewer)
        spots = details.white_spots(powiats)
        if view.voivodeship:
            spots = spots[spots["voivodeship_teryt"] == view.voivodeship]
        spots["category"] = "partner"
        spots.loc[spots["local_partner_coverage"].fillna(0) == 0, "category"] = "no_partner"
        spots.loc[spots["white_spot"], "category"] = "white_spot"
        n_spots = int(spots["white_spot"].sum())
        # Before any local partner worked anywhere there is nothing to measure white spots against:
        # say so, rather than "0 white spots" (every powiat is without a partner then).
        before_partners = powiats["local_partner_coverage"].fillna(0).sum() == 0
        if before_partners:
            widgets.empty(view, "coverage.white_spots_before_partners",
                          date=formatting.format_date(view.as_of, view.lang))
        else:
            st.metric(tr("coverage.white_spots_count"), formatting.format_number(n_spots, view.lang))
        categories = [
            ("white_spot", tr("coverage.cat_white_spot"), "#D55E00"),
            ("no_partner", tr("coverage.cat_no_partner"), "#F5C68A"),
            ("partner", tr("coverage.cat_partner"), "#3C7DB5"),
        ]

        def build_spots(r):
            frame = details.white_spots(data.indicator_table(stamp, "powiat", view.as_of, view.period, r))
            frame["category"] = "partner"
            frame.loc[frame["local_partner_coverage"].fillna(0) == 0, "category"] = "no_partner"
            frame.loc[frame["white_spot"], "category"] = "white_spot"
            return figures.category_map(frame, "powiat", "category", categories, tr("coverage.tab_white_spots"),
                                        view.lang, voivodeship=view.voivodeship, as_of=view.as_of,
                                        selected=view.unit)

        widgets.chart(view, build_spots, key="coverage_spots_map", role=viewer, filename="biale_plamy",
                      select=True, on_select=lambda: widgets.drill_down("coverage_spots_map"))
        listed = spots[spots["white_spot"]]
        listed = listed.loc[names.sort_names(listed.index, key=lambda i: (listed.at[i, "voivodeship_name"] + "\x00"
                                                                          + listed.at[i, "name"]))]
        if before_partners:
            pass  # said above
        elif listed.empty:
            st.success(tr("coverage.no_white_spots"))
        else:
            flag = "volunteers_per_10k" + privacy.FLAG_SUFFIX
            shown = listed.assign(
                vpk=[widgets.value_text(view, "volunteers_per_10k", v, bool(f), "powiat")
                     for v, f in zip(listed["volunteers_per_10k"], listed.get(flag, [False] * len(listed)))],
                pop=[formatting.format_number(p, view.lang) for p in listed["population"]],
            )[["teryt", "name_full", "voivodeship_name", "pop", "vpk"]]
            shown.columns = ["TERYT", tr("chart.area"), tr("chart.voivodeship"), tr("coverage.population"),
                             catalogue.get("volunteers_per_10k").label(view.lang)]
            st.caption(tr("coverage.median_note", median=formatting.format_number(
                spots.attrs.get("volunteers_per_10k_median"), view.lang, 1)))
            widgets.table_with_download(view, shown, key="coverage_spots_table", filename="biale_plamy")

widgets.footer(view)
