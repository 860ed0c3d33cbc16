"""Sieć i działania / Network and activities: network and coalition meetings, promotion events,
trainings, local projects, institution programmes by sector and support to organisers (map, monthly
trends, lists), and the programme's task teams (fields, members, dates; partners on teams on a map).
Every number here counts activities or organisations, so it is exact for every viewer."""
import pandas as pd
import streamlit as st

from analytics.metrics import catalogue, details
from analytics.present import figures, formatting, i18n
from ui import data, page, widgets

pg = page.header("page.network", "network.intro", people=False)
view, stamp, viewer, tr = pg.view, pg.stamp, pg.viewer, pg.tr

ACTIVITY_CODES = ["network_meetings", "coalition_meetings", "promotion_events", "trainings", "local_projects",
                  "institution_programmes", "organiser_support"]
HEADLINE = ACTIVITY_CODES + ["partners_in_task_teams"]
# The activity types behind each code (the catalogue's definitions), for the list filter.
TYPES = {"network_meetings": ("network_meeting",), "coalition_meetings": ("coalition_meeting",),
         "promotion_events": ("promotion", "contest"), "trainings": ("training",),
         "local_projects": ("local_project",), "institution_programmes": ("institution_programme",),
         "organiser_support": ("training", "counselling")}


@st.cache_data(show_spinner=False, max_entries=64)
def activity_list(stamp, level, unit, as_of, period) -> pd.DataFrame:
    return details.activities_in_unit(data.cursor(stamp), level, unit, as_of, period)


@st.cache_data(show_spinner=False, max_entries=32)
def activities_by(stamp, level, by, as_of, period, types, voivodeship) -> pd.DataFrame:
    return details.activities_by(data.cursor(stamp), level, by, as_of, period, types, voivodeship)


@st.cache_data(show_spinner=False, max_entries=32)
def teams(stamp, as_of) -> tuple[pd.DataFrame, pd.DataFrame]:
    con = data.cursor(stamp)
    return details.task_teams(con, as_of), details.task_team_members(con, as_of)


has_activities = "activities" in data.provided(stamp)
has_teams = {"task_teams", "task_team_members"} <= data.provided(stamp)
level, unit, row, prev = widgets.headline(view, stamp, viewer, HEADLINE, heading="network.headline")
where = widgets.place_name(view, level, row)
date_txt = formatting.format_date(view.as_of, view.lang)
widgets.metrics_row(view, row, HEADLINE, previous=prev, level=level)
if not has_activities:
    widgets.empty(view, "network.no_activities")

tab_map, tab_trend, tab_list, tab_teams = st.tabs(
    [tr("network.tab_map"), tr("network.tab_trends"), tr("network.tab_activities"), tr("network.tab_teams")],
    key="network_tab", on_change="rerun")

with tab_map:
    if tab_map.open:  # lazy tab: only the open one runs
        if not has_activities:
            widgets.empty(view, "network.no_activities")
        else:
            widgets.map_section(view, stamp, viewer, ACTIVITY_CODES, key="network", default="network_meetings")

with tab_trend:
    if tab_trend.open:  # lazy tab: only the open one runs
        if not has_activities:
            widgets.empty(view, "network.no_activities")
        else:
            widgets.indicator_trend(view, stamp, viewer, level, unit, where,
                                    ACTIVITY_CODES + ["partners_in_task_teams"], key="network_trend",
                                    help_stock="network.trend_help_stock", help_flow="network.trend_help_flow")

with tab_list:
    if tab_list.open:  # lazy tab: only the open one runs
        if not has_activities:
            widgets.empty(view, "network.no_activities")
        else:
            # Institution programmes by the kind of institution, per voivodeship (or per powiat of one).
            by_level = "powiat" if view.voivodeship else "voivodeship"
            mix = activities_by(stamp, by_level, "sector", view.as_of, view.period, ("institution_programme",),
                                view.voivodeship)
            if mix.empty:
                widgets.empty(view, "network.no_programmes")
            else:
                names = data.units(stamp).set_index("teryt")
                name_col = "name_full" if by_level == "powiat" else "name"

                def build_mix(_role):
                    frame = mix.assign(unit=[names.loc[t, name_col] for t in mix["teryt"]])
                    return figures.sector_mix(frame, "unit", "sector", "activities", view.lang, normalize=False,
                                              enum_kind="institution_sector", title=tr("network.sectors_title"),
                                              as_of=view.as_of)

                st.caption(tr("network.sectors_help"))
                widgets.chart(view, build_mix, key="network_sectors", role=viewer, filename="programy_w_instytucjach")

            st.subheader(tr("network.list_title", where=where))
            kinds = {c: catalogue.get(c).label(view.lang) for c in ACTIVITY_CODES}
            chosen = st.multiselect(tr("network.list_filter"), list(kinds), default=[], key="network_list_kinds",
                                    format_func=kinds.get, placeholder=tr("network.list_all"))
            listed = activity_list(stamp, level, unit, view.as_of, view.period)
            if chosen:
                keep = pd.Series(False, index=listed.index)
                for c in chosen:
                    match = listed["type"].isin(TYPES[c])
                    if c == "organiser_support":
                        match &= listed["audience"] == "organisers"
                    keep |= match
                listed = listed[keep]
            p0, p1 = view.period
            st.markdown(tr("network.list_count", n=len(listed), p0=formatting.format_month(p0, view.lang),
                           p1=formatting.format_month(p1, view.lang)))
            if listed.empty:
                widgets.empty(view, "network.no_activities_listed")
            else:
                dash = "–"
                shown = pd.DataFrame({
                    tr("network.col_date"): [formatting.format_date(x, view.lang) for x in listed["date"]],
                    tr("network.col_type"): [i18n.enum_label("activity", x, view.lang) for x in listed["type"]],
                    tr("network.col_audience"): [i18n.enum_label("audience", x, view.lang) if isinstance(x, str)
                                                 else dash for x in listed["audience"]],
                    tr("network.col_sector"): [i18n.enum_label("institution_sector", x, view.lang)
                                               if isinstance(x, str) else dash for x in listed["sector"]],
                    tr("network.col_partner"): listed["partner_name"].fillna(dash),
                    tr("chart.area"): listed["powiat_name"].fillna(dash),
                    "TERYT": listed["powiat"],
                })
                widgets.table_with_download(view, shown, key="network_list", filename="dzialania", height=420)

with tab_teams:
    if tab_teams.open:  # lazy tab: only the open one runs
        if not has_teams:
            widgets.empty(view, "network.no_teams")
        else:
            team_table, members = teams(stamp, view.as_of)
            active = team_table[team_table["active"]]
            st.markdown(tr("network.teams_count", n=len(active), date=date_txt))
            dash = "–"
            yes, no = tr("common.yes"), tr("common.no")
            shown = pd.DataFrame({
                tr("network.col_team"): team_table["name"],
                tr("network.col_field"): [i18n.enum_label("task_team_area", a, view.lang) for a in team_table["area"]],
                tr("network.col_members"): team_table["members"],
                tr("network.col_active"): [yes if a else no for a in team_table["active"]],
                tr("network.col_founded"): [formatting.format_date(x, view.lang) for x in team_table["founded_on"]],
                tr("network.col_dissolved"): [formatting.format_date(x, view.lang) if pd.notna(x) else dash
                                              for x in team_table["dissolved_on"]],
            })
            widgets.table_with_download(view, shown, key="network_teams", filename="zespoly_zadaniowe")
            st.caption(tr("network.members_help"))

            st.subheader(tr("network.members_title"))
            only_active = st.toggle(tr("network.members_only_active", date=date_txt), value=True,
                                    key="network_members_active")
            part = members[members["active"]] if only_active else members
            if view.voivodeship:
                part = part[part["voivodeship"] == view.voivodeship]
            if part.empty:
                widgets.empty(view, "network.no_members")
            else:
                unit_names = data.units(stamp).set_index("teryt")["name"]
                listed = pd.DataFrame({
                    tr("network.col_team"): part["team_name"],
                    tr("network.col_partner"): part["partner_name"],
                    tr("network.col_tier"): [i18n.enum_label("plan_level", x, view.lang) for x in part["tier"]],
                    tr("chart.voivodeship"): part["voivodeship"].map(unit_names),
                    tr("network.col_joined"): [formatting.format_date(x, view.lang) for x in part["joined_on"]],
                    tr("network.col_left"): [formatting.format_date(x, view.lang) if pd.notna(x) else dash
                                             for x in part["left_on"]],
                    tr("network.col_active"): [yes if a else no for a in part["active"]],
                })
                widgets.table_with_download(view, listed, key="network_members", filename="czlonkowie_zespolow")

            st.subheader(tr("network.teams_map_title"))
            widgets.map_section(view, stamp, viewer, ["partners_in_task_teams"], key="network_teams_map",
                                default="partners_in_task_teams")
widgets.footer(view)
