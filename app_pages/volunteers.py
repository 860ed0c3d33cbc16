"""Wolontariusze i organizatorzy / Volunteers and organisers: the SOW volunteer base, hours, KS
members, organisers and trainings; monthly trends; breakdown by sex and age band (suppressed)."""
import streamlit as st

from analytics.metrics import catalogue, details
from analytics.metrics.dates import period_ending
from analytics.present import figures, formatting, i18n
from analytics.access import privacy
from ui import data, page, widgets

pg = page.header("page.volunteers", "volunteers.intro")
view, stamp, viewer, tr = pg.view, pg.stamp, pg.viewer, pg.tr
AGE_ORDER = {k: i for i, (k, _, _) in enumerate(details.AGE_BANDS)} | {"unknown": len(details.AGE_BANDS)}
if not data.sow_available(stamp):
    widgets.empty(view, "empty.no_sow")
    widgets.footer(view)
    st.stop()

HEADLINE = ("volunteers_registered", "volunteers_per_10k", "volunteers_active", "hours_confirmed",
            "confirmation_rate", "ks_members", "organisers_in_base", "mpw_certified", "public_institutions_engaged",
            "trainings", "local_projects")
level, unit, row, prev = widgets.headline(view, stamp, viewer, HEADLINE, heading="volunteers.headline")
where = widgets.place_name(view, level, row)
widgets.metrics_row(view, row, list(HEADLINE), previous=prev, level=level)

tab_map, tab_3d, tab_trend, tab_people = st.tabs([
    tr("volunteers.tab_map"), tr("volunteers.tab_3d"), tr("volunteers.tab_trends"), tr("volunteers.tab_people")], key="volunteers_tab", on_change="rerun")
with tab_map:
    if tab_map.open:  # lazy tab: only the open one runs
        widgets.map_section(view, stamp, viewer, [i.code for i in catalogue.by_group("volunteers")],
                            key="volunteers", default="volunteers_per_10k")

with tab_3d:
    if tab_3d.open:  # lazy tab: only the open one runs
        code3d = widgets.indicator_select(view, ["volunteers_registered", "volunteers_active", "hours_confirmed",
                                                 "organisers_in_base", "ks_members"], key="volunteers_3d_indicator")
        ind = catalogue.get(code3d)
        powiats = data.indicator_table(stamp, "powiat", view.as_of, view.period, viewer)
        flag = code3d + privacy.FLAG_SUFFIX
        deck = figures.deck_columns(powiats, code3d, ind.label(view.lang), unit=ind.unit, lang=view.lang,
                                    voivodeship=view.voivodeship,
                                    suppressed_col=flag if flag in powiats.columns else None)
        st.caption(tr("volunteers.deck_help"))
        st.pydeck_chart(deck, height=600, key="volunteers_deck")
        with st.expander(tr("control.show_table")):
            widgets.table_with_download(view, figures.deck_table(deck), key="volunteers_deck_table",
                                        filename=f"kolumny_{code3d}")

with tab_trend:
    if tab_trend.open:  # lazy tab: only the open one runs
        trend_codes = ["volunteers_registered", "ks_members", "organisers_in_base", "volunteers_active",
                       "hours_confirmed", "trainings"]
        code_t = widgets.indicator_select(view, trend_codes, key="volunteers_trend_indicator")
        ind_t = catalogue.get(code_t)
        months = max(view.period_months, 24)
        trend_period = period_ending(view.as_of, months)

        def build_trend(r):
            series = data.trend(stamp, level, unit, view.as_of, trend_period, r)
            flag_t = code_t + privacy.FLAG_SUFFIX
            frame = series.assign(value=series[code_t].where(~series.get(flag_t, False)))
            return figures.trend_line(frame, "month", "value", ind_t.label(view.lang), unit=ind_t.unit,
                                      lang=view.lang, kind="line" if ind_t.kind == "stock" else "bar",
                                      title=f"{ind_t.label(view.lang)} — {where}", as_of=view.as_of,
                                      decimals=ind_t.decimals)

        st.caption(tr("volunteers.trend_help_stock" if ind_t.kind == "stock" else "volunteers.trend_help_flow"))
        widgets.chart(view, build_trend, key="volunteers_trend", role=viewer, filename=f"trend_{code_t}")

with tab_people:
    if tab_people.open:  # lazy tab: only the open one runs
        st.caption(tr("volunteers.breakdown_help"))

        def breakdown(r):
            return data.volunteer_breakdown(stamp, level, unit, view.as_of, r)

        def build_breakdown(r):
            b = breakdown(r)
            b = b.sort_values("age_band", key=lambda a: a.map(AGE_ORDER), kind="stable")  # youngest first
            frame = b.assign(age=[i18n.age_band_label(a, view.lang) for a in b["age_band"]],
                             sex_label=[i18n.enum_label("sex", s, view.lang) for s in b["sex"]])
            return figures.trend_line(frame, "age", "volunteers", tr("volunteers.registered_short"), unit="count",
                                      lang=view.lang, series_col="sex_label", kind="bar",
                                      title=tr("volunteers.breakdown_title", where=where), as_of=view.as_of)

        widgets.chart(view, build_breakdown, key="volunteers_breakdown", role=viewer, filename="wolontariusze_plec_wiek")
        b = breakdown(viewer)
        label = privacy.cell_label(level)
        pivot = b.assign(cell=[label if s else formatting.format_number(v, view.lang)
                               for v, s in zip(b["volunteers"], b["suppressed"])]) \
            .pivot(index="age_band", columns="sex", values="cell").fillna("0")
        pivot = pivot.reindex(sorted(pivot.index, key=AGE_ORDER.get))
        pivot.index = [i18n.age_band_label(a, view.lang) for a in pivot.index]
        pivot.columns = [i18n.enum_label("sex", s, view.lang) for s in pivot.columns]
        st.dataframe(pivot, width="stretch")
widgets.footer(view)
