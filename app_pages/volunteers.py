"""Wolontariusze i organizatorzy / Volunteers and organisers: the SOW volunteer base, hours, KS
members, organisers and trainings; monthly trends; breakdown by sex and age band (suppressed);
confirmed against logged hours (protected like every sum of hours); organisers as placements beside
the support they get, and public institutions engaged by kind (organisations: exact)."""
import pandas as pd
import streamlit as st

from analytics.metrics import catalogue, details
from analytics.metrics.dates import period_ending
from analytics.present import figures, formatting, i18n, partner_figures
from analytics.present.names import collation_key as polish_key
from analytics.access import privacy
from ui import data, page, widgets

pg = page.header("page.volunteers", "volunteers.intro")
view, stamp, viewer, tr = pg.view, pg.stamp, pg.viewer, pg.tr
AGE_ORDER = {k: i for i, (k, _, _) in enumerate(details.AGE_BANDS)} | {"unknown": len(details.AGE_BANDS)}
if not data.sow_available(stamp):
    widgets.empty(view, "empty.no_sow")
    widgets.footer(view)
    st.stop()

HEADLINE = tuple(c for c in (
    "volunteers_registered", "volunteers_per_10k", "volunteers_active", "ks_members", "hours_confirmed",
    "hours_logged", "confirmation_rate", "trainings", "organisers_in_base", "mpw_certified",
    "public_institutions_engaged", "local_projects") if c in catalogue.BY_CODE)
level, unit, row, prev = widgets.headline(view, stamp, viewer, HEADLINE, heading="volunteers.headline")
where = widgets.place_name(view, level, row)
widgets.metrics_row(view, row, list(HEADLINE), previous=prev, level=level)

tab_map, tab_3d, tab_trend, tab_hours, tab_org, tab_people = st.tabs([
    tr("volunteers.tab_map"), tr("volunteers.tab_3d"), tr("volunteers.tab_trends"), tr("volunteers.tab_hours"),
    tr("volunteers.tab_organisers"), tr("volunteers.tab_people")], key="volunteers_tab", on_change="rerun")
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
        # deck.gl draws no legend: the classes under the view (escaped HTML, no script)
        st.html(figures.deck_legend_html(deck, ind.label(view.lang), ind.unit, view.lang))
        with st.expander(tr("control.show_table")):
            widgets.table_with_download(view, figures.deck_table(deck, view.lang), key="volunteers_deck_table",
                                        filename=f"kolumny_{code3d}")

with tab_trend:
    if tab_trend.open:  # lazy tab: only the open one runs
        trend_codes = ["volunteers_registered", "ks_members", "organisers_in_base", "volunteers_active",
                       "hours_confirmed", "trainings"]
        widgets.indicator_trend(view, stamp, viewer, level, unit, where, trend_codes, key="volunteers_trend",
                                help_stock="volunteers.trend_help_stock", help_flow="volunteers.trend_help_flow")

with tab_hours:
    if tab_hours.open:  # lazy tab: only the open one runs
        # Sums of hours are protected cells (contract section 4): each month of the unit passes through
        # access.privacy via data.trend; a hidden month is a gap in the chart and "#" in the table.
        hours_codes = ("hours_confirmed", "hours_logged")
        hours_period = period_ending(view.as_of, max(view.period_months, 24))
        st.caption(tr("volunteers.hours_help"))

        def hours_series(r):
            series = data.trend(stamp, level, unit, view.as_of, hours_period, r, hours_codes)
            return pd.concat([series.assign(series=catalogue.get(c).label(view.lang),
                                            value=series[c].where(~series.get(c + privacy.FLAG_SUFFIX, False)))
                              for c in hours_codes], ignore_index=True)

        def build_hours(r):
            return figures.trend_line(hours_series(r), "month", "value", tr("volunteers.hours_label"), unit="hours",
                                      lang=view.lang, series_col="series", kind="bar",
                                      title=tr("volunteers.hours_title", where=where), as_of=view.as_of)

        widgets.chart(view, build_hours, key="volunteers_hours", role=viewer, filename="godziny_potwierdzone_zgloszone")
        months = data.trend(stamp, level, unit, view.as_of, hours_period, viewer, hours_codes)
        hidden = [bool(x) for x in months.get("hours_confirmed" + privacy.FLAG_SUFFIX, [False] * len(months))]
        if any(hidden):
            st.caption(tr("volunteers.hours_hidden", n=sum(hidden)))
        shown = pd.DataFrame({tr("chart.month"): [formatting.format_month(m, view.lang) for m in months["month"]]})
        for c in ("hours_confirmed", "hours_logged", "confirmation_rate"):
            flags = months.get(c + privacy.FLAG_SUFFIX, pd.Series(False, index=months.index))
            shown[catalogue.get(c).label(view.lang)] = [widgets.value_text(view, c, v, bool(f), level)
                                                        for v, f in zip(months[c], flags)] \
                if c in months.columns else None
        shown = shown.dropna(axis=1, how="all").iloc[::-1]

        def public_hours_table():
            from analytics.access.privacy import EXPORT_ROLE
            pub = data.trend(stamp, level, unit, view.as_of, hours_period, EXPORT_ROLE, hours_codes)
            out = pd.DataFrame({tr("chart.month"): [m.strftime("%Y-%m") for m in pd.to_datetime(pub["month"])]})
            for c in ("hours_confirmed", "hours_logged", "confirmation_rate"):
                if c in pub.columns:
                    out[catalogue.get(c).label(view.lang)] = pub[c].where(~pub.get(c + privacy.FLAG_SUFFIX, False))
            return out

        with st.expander(tr("volunteers.hours_table")):
            widgets.table_with_download(view, shown, key="volunteers_hours_table", filename="godziny_miesiace",
                                        public_df=public_hours_table)

with tab_org:
    if tab_org.open:  # lazy tab: only the open one runs
        # Organisers are organisations and activities are events: exact for every viewer.
        st.caption(tr("volunteers.organisers_help"))
        lv = "powiat" if view.voivodeship else "voivodeship"  # a bar per voivodeship, or per powiat of one
        place = data.organiser_placements(stamp, lv, view.as_of, view.period)
        kinds = data.public_by_kind(stamp, lv, view.as_of, view.period)
        names = data.units(stamp).set_index("teryt")
        support = "organiser_support" in catalogue.BY_CODE
        if support:
            sup = data.indicator_table(stamp, lv, view.as_of, view.period, viewer, ("organiser_support",))
            place = place.merge(sup[["teryt", "organiser_support"]], on="teryt", how="left")
        if view.voivodeship:
            place = place[place["teryt"].str[:2] == view.voivodeship]
            kinds = kinds[kinds["teryt"].str[:2] == view.voivodeship]
        label_of = {t: (names.loc[t, "name"] if lv == "voivodeship" else names.loc[t, "name_full"]) for t in place["teryt"]}
        place = place.iloc[sorted(range(len(place)), key=lambda i: polish_key(label_of[place["teryt"].iloc[i]]))]
        focus_place = data.organiser_placements(stamp, level, view.as_of, view.period).set_index("teryt").loc[unit]
        cards = [(tr("volunteers.placements"), focus_place["hosting"], tr("volunteers.placements_help")),
                 (tr("volunteers.placements_public"), focus_place["public"], catalogue.get(
                     "public_institutions_engaged").definition(view.lang))]
        if support:
            focus_support = data.indicator_table(stamp, level, view.as_of, view.period, viewer, ("organiser_support",))
            cards.append((catalogue.get("organiser_support").label(view.lang),
                          focus_support.set_index("teryt").loc[unit, "organiser_support"],
                          catalogue.get("organiser_support").definition(view.lang)))
        for col, (lbl, v, hlp) in zip(st.columns(4), cards):
            with col.container(border=True):  # the label as markdown wraps; st.metric's own is cut to one line
                st.markdown(f"**{lbl}**", help=hlp)
                st.metric(lbl, formatting.format_number(v, view.lang), label_visibility="collapsed")
        measures = [("hosting", tr("volunteers.placements"))] + \
            ([("organiser_support", catalogue.get("organiser_support").label(view.lang))] if support else [])

        def build_place(_r):
            long = pd.concat([pd.DataFrame({"unit": [label_of[t] for t in place["teryt"]],
                                            "value": place[m].to_numpy(), "series": lbl}) for m, lbl in measures],
                             ignore_index=True)
            return partner_figures.grouped_bars(long, "unit", "series", "value", view.lang, value_label=tr("chart.count"),
                                                title=tr("volunteers.placements_title", where=where_map),
                                                as_of=view.as_of)

        where_map = widgets.place_name(view, "voivodeship", names.loc[view.voivodeship]) if view.voivodeship \
            else tr("chart.country")
        widgets.chart(view, build_place, key="volunteers_placements", role=viewer, filename="organizatorzy_miejsca")

        def build_kinds(_r):
            frame = kinds.assign(unit=[label_of.get(t, t) for t in kinds["teryt"]],
                                 kind=[i18n.enum_label("organiser_type", k, view.lang) for k in kinds["type"]])
            return partner_figures.grouped_bars(frame, "unit", "kind", "organisers", view.lang, stacked=True,
                                                value_label=tr("chart.count"), as_of=view.as_of,
                                                title=tr("volunteers.kinds_title", where=where_map))

        st.caption(catalogue.get("public_institutions_engaged").definition(view.lang))
        widgets.chart(view, build_kinds, key="volunteers_kinds", role=viewer, filename="instytucje_publiczne_rodzaje")

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
