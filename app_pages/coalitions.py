"""Koalicje / Coalitions: density per 100k, members, cross-sector share, sector mix, coalition list."""
import pandas as pd
import streamlit as st

from analytics.metrics import catalogue
from analytics.present import figures, formatting, i18n, names
from ui import data, page, state, widgets

pg = page.header("page.coalitions", "coalitions.intro", people=False)
view, stamp, viewer, tr = pg.view, pg.stamp, pg.viewer, pg.tr

HEADLINE = ("coalitions", "coalition_density", "coalition_members", "cross_sector_share")
level, unit, row, prev = widgets.headline(view, stamp, viewer, HEADLINE)
where = widgets.place_name(view, level, row)
date_txt = formatting.format_date(view.as_of, view.lang)
widgets.metrics_row(view, row, list(HEADLINE), previous=prev, level=level)

TABS = {"map": tr("coalitions.tab_map"), "sectors": tr("coalitions.tab_sectors"), "list": tr("coalitions.tab_list")}
state.bind("tab", "coalitions_tab", list(TABS.values()), TABS["map"],
           to_url={label: code for code, label in TABS.items()}.get)  # the open tab is in the URL
tab_map, tab_mix, tab_list = st.tabs(list(TABS.values()), key="coalitions_tab", on_change="rerun")
with tab_map:
    if tab_map.open:  # lazy tab: only the open one runs
        widgets.map_section(view, stamp, viewer, [i.code for i in catalogue.by_group("coalitions")],
                            key="coalitions", default="coalition_density")

with tab_mix:
    if tab_mix.open:  # lazy tab: only the open one runs
        mix_level = "powiat" if view.voivodeship else "voivodeship"
        mix = data.sector_mix(stamp, mix_level, view.as_of, view.voivodeship)
        if mix.empty:
            widgets.empty(view, "empty.no_coalitions", date=date_txt)
        else:
            unit_names = data.units(stamp).set_index("teryt")
            name_col = "name_full" if mix_level == "powiat" else "name"

            def build_mix(_role):
                frame = mix.assign(unit=[unit_names.loc[t, name_col] for t in mix["teryt"]])
                return figures.sector_mix(frame, "unit", "sector", "members", view.lang, normalize=True,
                                          title=tr("coalitions.sector_mix_title"), as_of=view.as_of)

            st.caption(tr("coalitions.sector_mix_help"))
            widgets.chart(view, build_mix, key="coalitions_mix", role=viewer, filename="sektory_czlonkow_koalicji")

with tab_list:
    if tab_list.open:  # lazy tab: only the open one runs
        coalitions = data.coalition_list(stamp, level, unit, view.as_of)
        coalitions = coalitions.loc[names.sort_names(coalitions.index, key=lambda i: coalitions.at[i, "name"])]
        st.markdown(tr("coalitions.list_title", where=where, n=len(coalitions)))
        if coalitions.empty:
            widgets.empty(view, "empty.no_coalitions", date=date_txt)
        else:
            yes, no = tr("common.yes"), tr("common.no")
            shown = pd.DataFrame({
                tr("coalitions.col_name"): coalitions["name"],
                tr("chart.area"): coalitions["powiat_name"],
                tr("coalitions.col_founded"): [formatting.format_date(d, view.lang) for d in coalitions["founded_on"]],
                tr("coalitions.col_members"): coalitions["members"],
                **{i18n.enum_label("sector", s, view.lang): coalitions[s] for s in
                   ("civic", "local_government", "public_institution", "business")},
                tr("coalitions.col_cross_sector"): [yes if v else no for v in coalitions["cross_sector"]],
                tr("coalitions.col_agreement"): [yes if v is True else (no if v is False else formatting.no_data(view.lang))
                                                 for v in coalitions["formal_agreement"]],
                tr("coalitions.col_partner"): coalitions["partner_name"].fillna("–"),
            })
            counts = [tr("coalitions.col_members")] + [i18n.enum_label("sector", s, view.lang) for s in
                                                       ("civic", "local_government", "public_institution", "business")]
            widgets.table_with_download(view, shown, key="coalitions_list", filename="koalicje",
                                        units=dict.fromkeys(counts, "count"))
widgets.footer(view)
