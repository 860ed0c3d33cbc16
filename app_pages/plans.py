"""Plany rozwoju / Development plans: completion map, plan table with status lights, and per plan a
bullet chart per indicator (baseline, target, achieved, expected-by-now). Regional and local apart."""
import pandas as pd
import streamlit as st

from analytics.metrics import catalogue, plans
from analytics.present import figures, formatting, i18n
from analytics.access import scope
from ui import data, page, widgets

pg = page.header("page.plans", "plans.intro", people=False)
view, stamp, viewer, tr = pg.view, pg.stamp, pg.viewer, pg.tr
LIGHT_DOT = {"green": ":green[●]", "amber": ":orange[●]", "red": ":red[●]"}
# Okabe–Ito tints with dark text: readable, and the word is always there for colour-blind users.
LIGHT_STYLE = {"green": "background-color: #c8ecdf", "amber": "background-color: #fbe3b3",
               "red": "background-color: #f6cdb3"}


table = data.plan_table(stamp, view.as_of)
if view.voivodeship:
    table = table[table["voivodeship"] == view.voivodeship]
date_txt = formatting.format_date(view.as_of, view.lang)
current_only = st.toggle(tr("plans.current_only"), value=True, key="plans_current_only",
                         help=tr("plans.current_only_help"))
if current_only:
    table = table[pd.to_datetime(table["period_end"]).dt.date >= view.as_of]
if table.empty:
    widgets.empty(view, "empty.no_plans")
    widgets.footer(view)
    st.stop()

counts = table["status_light"].value_counts()
cols = st.columns(4)
cols[0].metric(tr("plans.counted"), formatting.format_number(len(table), view.lang),
               help=tr("plans.counted_help"))
for col, light in zip(cols[1:], ("green", "amber", "red")):
    col.metric(f"{LIGHT_DOT[light]} {tr(f'status.{light}')}", formatting.format_number(counts.get(light, 0), view.lang),
               help=tr(f"status.{light}_help"))

tab_map, tab_table = st.tabs([tr("plans.tab_map"), tr("plans.tab_table")], key="plans_tab", on_change="rerun")
with tab_map:
    if tab_map.open:  # lazy tab: only the open one runs
        widgets.map_section(view, stamp, viewer, [i.code for i in catalogue.by_group("plans")], key="plans",
                            default="plans_on_track_share")

with tab_table:
    if tab_table.open:  # lazy tab: only the open one runs
        level_labels = {"regional": tr("plans.regional"), "local": tr("plans.local")}
        unit_names = data.units(stamp).set_index("teryt")["name"]
        for level, sub in zip(("regional", "local"), st.tabs([level_labels["regional"], level_labels["local"]])):
            with sub:
                part = table[table["level"] == level]
                if part.empty:
                    widgets.empty(view, "empty.no_plans")
                    continue
                shown = pd.DataFrame({
                    tr("plans.col_light"): [tr(f"status.{x}") if isinstance(x, str) else tr("status.none")
                                            for x in part["status_light"]],
                    tr("plans.col_partner"): part["partner_name"],
                    tr("plans.col_title"): part["title"].fillna("–"),
                    tr("chart.voivodeship"): part["voivodeship"].map(unit_names),
                    tr("plans.col_period"): [f"{formatting.format_date(a, view.lang)} – {formatting.format_date(b, view.lang)}"
                                             for a, b in zip(part["period_start"], part["period_end"])],
                    tr("plans.col_completion"): [formatting.format_percent(x, view.lang, 0) for x in part["completion"]],
                    tr("plans.col_elapsed"): [formatting.format_percent(x, view.lang, 0) for x in part["elapsed"]],
                    tr("plans.col_status"): [i18n.enum_label("plan_status", s, view.lang) for s in part["status"]],
                })
                styles = {tr(f"status.{k}"): v for k, v in LIGHT_STYLE.items()}
                widgets.table_with_download(
                    view, shown, key=f"plans_table_{level}", filename=f"plany_{level}",
                    style=lambda df: df.style.map(lambda v: styles.get(v, ""), subset=[tr("plans.col_light")]))

        st.subheader(tr("plans.detail_title"))
        # Plan details: the institution and evaluators see every plan, a partner only its own.
        options = table[[scope.can_view_plan(viewer, p) for p in table["partner_id"]]].sort_values(["level", "partner_name"])
        if options.empty:
            widgets.empty(view, "plans.no_plan_access")
            widgets.footer(view)
            st.stop()
        ids = list(options["plan_id"])
        # A plan from the URL (?plan=ID) opens only when this viewer may see it; otherwise the first one.
        if st.session_state.get("plans_selected") not in ids:
            st.session_state["plans_selected"] = st.session_state.get("plan") if st.session_state.get("plan") in ids \
                else (next((p for p, o in zip(ids, options["partner_id"]) if o == pg.ctx.partner_id), ids[0]))
        plan_id = st.selectbox(
            tr("plans.choose_plan"), ids, key="plans_selected",
            on_change=lambda: st.session_state.update(plan=st.session_state["plans_selected"]),
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
        else:
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

            widgets.chart(view, build_bullets, key="plans_bullet", role=viewer, filename=f"plan_{plan_id}")
widgets.footer(view)
