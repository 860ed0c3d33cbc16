"""Plany rozwoju / Development plans: completion map, plan table with status lights, and per plan a
bullet chart per indicator (baseline, target, achieved, expected-by-now). Regional and local apart.

One definition everywhere (contract v1.1): the page shows the plans of the unit in focus (Poland, the
chosen voivodeship or powiat) by the engine's own membership (indicators.unit_plans), and its
default view holds the plans RUNNING at the as-of date - the plans plans_on_track_share and the
completion indicators are computed over, so its on-track share is the Overview's. Plans that have
ended (earlier editions) are a tab of their own, with their final outcome."""
import pandas as pd
import streamlit as st

from analytics.metrics import catalogue, indicators, plans
from analytics.present import figures, formatting, i18n
from analytics.access import scope
from ui import data, page, widgets

pg = page.header("page.plans", "plans.intro", people=False)
view, stamp, viewer, tr = pg.view, pg.stamp, pg.viewer, pg.tr
LIGHT_DOT = {"green": ":green[●]", "amber": ":orange[●]", "red": ":red[●]"}
# Okabe–Ito tints with dark text: readable, and the word is always there for colour-blind users.
LIGHT_STYLE = {"green": "background-color: #c8ecdf", "amber": "background-color: #fbe3b3",
               "red": "background-color: #f6cdb3"}


@st.cache_data(show_spinner=False, max_entries=64)
def unit_plans(stamp, level, unit, as_of) -> list[str]:
    return indicators.unit_plans(data.cursor(stamp), level, unit, as_of)


level, unit = view.focus()
table = data.plan_table(stamp, view.as_of)
table = table[table["plan_id"].isin(unit_plans(stamp, level, unit, view.as_of))]
date_txt = formatting.format_date(view.as_of, view.lang)
if table.empty:
    widgets.empty(view, "empty.no_plans")
    widgets.footer(view)
    st.stop()
running = table[table["running"].astype(bool)]
ended = table[~table["running"].astype(bool)]
row = data.indicator_table(stamp, level, view.as_of, view.period, viewer,
                           ("plans_on_track_share",)).set_index("teryt").loc[unit]
where = widgets.place_name(view, level, row)
st.subheader(tr("plans.headline", where=where, date=date_txt))

counts = running["status_light"].value_counts()
cols = st.columns(5)
cols[0].metric(tr("plans.counted"), formatting.format_number(len(running), view.lang),
               help=tr("plans.counted_help"))
for col, light in zip(cols[1:4], ("green", "amber", "red")):
    col.metric(f"{LIGHT_DOT[light]} {tr(f'status.{light}')}", formatting.format_number(counts.get(light, 0), view.lang),
               help=tr(f"status.{light}_help"))
on_track = catalogue.get("plans_on_track_share")
cols[4].metric(tr("plans.on_track"), widgets.value_text(view, "plans_on_track_share", row["plans_on_track_share"],
                                                             level=level),
               help=on_track.definition(view.lang))
level_labels = {"regional": tr("plans.regional"), "local": tr("plans.local")}
unit_names = data.units(stamp).set_index("teryt")["name"]


def plan_rows(part: pd.DataFrame, light_col: str, light_label) -> pd.DataFrame:
    return pd.DataFrame({
        light_col: [light_label(x) for x in part["status_light"]],
        tr("plans.col_partner"): part["partner_name"],
        tr("plans.col_title"): part["title"].fillna("–"),
        tr("chart.voivodeship"): part["voivodeship"].map(unit_names),
        tr("plans.col_period"): [f"{formatting.format_date(a, view.lang)} – {formatting.format_date(b, view.lang)}"
                                 for a, b in zip(part["period_start"], part["period_end"])],
        tr("plans.col_completion"): [formatting.format_percent(x, view.lang, 0) for x in part["completion"]],
        tr("plans.col_elapsed"): [formatting.format_percent(x, view.lang, 0) for x in part["elapsed"]],
        tr("plans.col_status"): [i18n.enum_label("plan_status", s, view.lang) for s in part["status"]],
    })


def plan_tables(frame: pd.DataFrame, key: str, light_col: str, light_label, styles: dict) -> None:
    """The plans of `frame`, regional and local in two sub-tabs, each with its downloads."""
    for lvl, sub in zip(("regional", "local"), st.tabs([level_labels["regional"], level_labels["local"]])):
        with sub:
            part = frame[frame["level"] == lvl]
            if part.empty:
                widgets.empty(view, "empty.no_plans")
                continue
            widgets.table_with_download(
                view, plan_rows(part, light_col, light_label), key=f"{key}_{lvl}", filename=f"plany_{key}_{lvl}",
                style=lambda df: df.style.map(lambda v: styles.get(v, ""), subset=[light_col]))


def plan_detail(options: pd.DataFrame, key: str) -> None:
    """A plan to choose among `options` (those this viewer may see in detail) and its bullet chart."""
    options = options[[scope.can_view_plan(viewer, p) for p in options["partner_id"]]].sort_values(
        ["level", "partner_name"])
    if options.empty:
        widgets.empty(view, "plans.no_plan_access")
        return
    ids = list(options["plan_id"])
    # A plan from the URL (?plan=ID) opens only when this viewer may see it; otherwise the first one.
    if st.session_state.get(key) not in ids:
        st.session_state[key] = st.session_state.get("plan") if st.session_state.get("plan") in ids \
            else (next((p for p, o in zip(ids, options["partner_id"]) if o == pg.ctx.partner_id), ids[0]))
    plan_id = st.selectbox(
        tr("plans.choose_plan"), ids, key=key, placeholder=tr("control.choose"),
        on_change=lambda: st.session_state.update(plan=st.session_state[key]),
        format_func=lambda p: (lambda r: f"{r['partner_name']} — "
                               f"{r['title'] if isinstance(r['title'], str) else p} "
                               f"({level_labels[r['level']]}; "
                               f"{tr('status.' + r['status_light']) if isinstance(r['status_light'], str) else tr('status.none')})"
                               )(options.set_index("plan_id").loc[p]))
    st.session_state["plan"] = plan_id
    plan = options.set_index("plan_id").loc[plan_id]
    detail = data.plan_detail(stamp, plan_id, view.as_of)
    st.caption(tr("plans.detail_caption", completion=formatting.format_percent(plan["completion"], view.lang, 0),
                  elapsed=formatting.format_percent(plan["elapsed"], view.lang, 0), date=date_txt))
    if detail.empty:
        widgets.empty(view, "plans.no_indicators")
        return

    def build_bullets(_role):
        frame = pd.DataFrame({
            "indicator": [n if isinstance(n, str) and n else i18n.t(f"plan_indicator.{c}", view.lang)
                          for n, c in zip(detail["name"], detail["code"])],
            "baseline": detail["baseline"], "target": detail["target"], "achieved": detail["achieved"],
            "expected": detail["expected_by_now"], "unit": detail["unit"],
            "status": [plans.status_light(min(p, 1.0), plan["elapsed"]) for p in detail["progress"]],
        })
        return figures.bullet(frame, view.lang, title=plan["partner_name"],
                              subtitle=plan["title"] if isinstance(plan["title"], str) else plan_id,
                              as_of=view.as_of)

    widgets.chart(view, build_bullets, key=f"{key}_bullet", role=viewer, filename=f"plan_{plan_id}")


def light_text(x) -> str:
    return tr(f"status.{x}") if isinstance(x, str) else tr("status.none")


def outcome_text(x) -> str:
    return tr(f"plans.outcome_{x}") if isinstance(x, str) else tr("status.none")


tab_map, tab_table, tab_ended = st.tabs(
    [tr("plans.tab_map"), tr("plans.tab_table"), tr("plans.tab_ended")], key="plans_tab",
    on_change="rerun")
with tab_map:
    if tab_map.open:  # lazy tab: only the open one runs
        widgets.map_section(view, stamp, viewer, [i.code for i in catalogue.by_group("plans")], key="plans",
                            default="plans_on_track_share")

with tab_table:
    if tab_table.open:  # lazy tab: only the open one runs
        st.caption(tr("plans.running_help", date=date_txt))
        if running.empty:
            widgets.empty(view, "plans.no_running", date=date_txt)
        else:
            plan_tables(running, "running", tr("plans.col_light"), light_text,
                        {tr(f"status.{k}"): v for k, v in LIGHT_STYLE.items()})
            st.subheader(tr("plans.detail_title"))
            plan_detail(running, "plans_selected")

with tab_ended:
    if tab_ended.open:  # lazy tab: only the open one runs
        st.caption(tr("plans.ended_help", date=date_txt))
        if ended.empty:
            widgets.empty(view, "plans.no_ended", date=date_txt)
        else:
            lit = ended["status_light"].value_counts()
            st.markdown(tr("plans.ended_summary", n=len(ended), full=int(lit.get("green", 0)),
                           most=int(lit.get("amber", 0)), less=int(lit.get("red", 0))))
            plan_tables(ended, "ended", tr("plans.col_outcome"), outcome_text,
                        {tr(f"plans.outcome_{k}"): v for k, v in LIGHT_STYLE.items()})
            st.subheader(tr("plans.detail_title"))
            plan_detail(ended, "plans_selected_ended")
widgets.footer(view)
