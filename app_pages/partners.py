"""Partnerzy / Partners: the register of partners, a timeline by voivodeship across the editions,
coverage over time, the coverage map at the start of each edition and at any month, and a partner's
profile (its area, plan, coalitions, task teams and activities).

Numbers here count organisations and activities: exact for every viewer (contract section 4). Names
and titles from the input files are shown as text (tables, plain labels), never as Markdown."""
import pandas as pd
import streamlit as st

from analytics.access import scope
from analytics.metrics import catalogue, history
from analytics.present import figures, formatting, i18n, partner_figures
from analytics.present.names import collation_key as polish_key
from ui import data, page, widgets

pg = page.header("page.partners", "partners.intro", people=False)
view, stamp, viewer, tr, lang = pg.view, pg.stamp, pg.viewer, pg.tr, pg.lang

register = data.partner_register(stamp, view.as_of)
if register.empty:
    widgets.empty(view, "partners.none")
    widgets.footer(view)
    st.stop()
editions = data.partner_editions(stamp)
units = data.units(stamp)
powiat_name = units[units["level"] == "powiat"].set_index("teryt")["name_full"].to_dict()
voiv_name = units[units["level"] == "voivodeship"].set_index("teryt")["name"].to_dict()

HEADLINE = tuple(c for c in ("active_regional_partners", "active_local_partners", "local_partner_coverage",
                             "population_coverage") if c in catalogue.BY_CODE)
level, unit, row, prev = widgets.headline(view, stamp, viewer, HEADLINE, heading="partners.headline",
                                          check_partners=True)
widgets.metrics_row(view, row, list(HEADLINE), previous=prev, level=level)

CATEGORIES = [("local", tr("partners.cat_local"), "#0072B2"),
              ("regional", tr("partners.cat_regional"), "#9CC8E6"),
              ("none", tr("partners.cat_none"), "#DDDDDD")]


def text_date(d) -> str:
    return formatting.format_date(d, lang) if d is not None and not pd.isna(d) else ""


def area_names(r) -> str:
    """A partner's area for people: a local partner's powiat names, a regional partner's voivodeship."""
    if r["tier"] == "regional":
        return tr("partners.whole_voivodeship", name=voiv_name.get(r["voivodeship"], r["voivodeship"]))
    return ", ".join(sorted((powiat_name.get(p, p) for p in r["powiats"]), key=polish_key))


def coverage_map(at, title: str, key: str, filename: str, height: int = figures.MAP_HEIGHT, width: int = 760):
    def build(_role):
        frame = data.indicator_table(stamp, "powiat", at, view.period, viewer,
                                     ("local_partner_coverage", "regional_partner_presence"))
        frame = frame.assign(category=history.coverage_category(frame))
        return figures.category_map(frame, "powiat", "category", CATEGORIES, tr("partners.map_legend"), lang,
                                    voivodeship=view.voivodeship, as_of=at, title=title, height=height,
                                    width_hint=width)
    widgets.chart(view, build, key=key, role=viewer, filename=filename)


tabs = [tr("partners.tab_register"), tr("partners.tab_timeline"), tr("partners.tab_history"),
        tr("partners.tab_maps"), tr("partners.tab_profile")]
tab_reg, tab_time, tab_hist, tab_maps, tab_prof = st.tabs(tabs, key="partners_tab", on_change="rerun")

# --- the register -----------------------------------------------------------------------------------
with tab_reg:
    if tab_reg.open:  # lazy tab: only the open one runs
        c1, c2, c3, c4 = st.columns([3, 2, 2, 2])
        query = c1.text_input(tr("partners.filter_name"), key="partners_filter_name",
                              placeholder=tr("partners.filter_name_hint"))
        tiers = c2.multiselect(tr("partners.col_tier"), ["regional", "local"], key="partners_filter_tier",
                               format_func=lambda x: i18n.enum_label("plan_level", x, lang),
                               placeholder=tr("partners.filter_all"))
        eds = c3.multiselect(tr("partners.col_edition"), list(editions["edition"]), key="partners_filter_edition",
                             placeholder=tr("partners.filter_all"))
        c4.write("")
        only_active = c4.toggle(tr("partners.filter_active"), key="partners_filter_active",
                                help=tr("partners.filter_active_help", date=text_date(view.as_of)))
        cols = {k: tr(f"partners.col_{k}") for k in ("name", "tier", "edition", "start", "end", "grant",
                                                      "area", "active")}
        yes_no = {True: tr("partners.yes"), False: tr("partners.no")}

        def table(rows: pd.DataFrame, for_file: bool) -> pd.DataFrame:
            return pd.DataFrame({
                cols["name"]: rows["name"].to_numpy(),
                cols["tier"]: [i18n.enum_label("plan_level", x, lang) for x in rows["tier"]],
                tr("chart.voivodeship"): rows["voivodeship_name"].to_numpy(),
                cols["edition"]: rows["edition"].fillna("–").to_numpy(),
                cols["start"]: [formatting.format_date(x, lang, "iso") if for_file else text_date(x)
                                for x in rows["start_date"]],
                cols["end"]: [(formatting.format_date(x, lang, "iso", na="") if for_file else text_date(x))
                              or ("" if for_file else tr("partners.ongoing")) for x in rows["end_date"]],
                cols["grant"]: rows["grant_pln"].to_numpy() if for_file else  # no grant given: no data, not 0
                [formatting.format_number(g, lang) + " zł" if pd.notna(g) else formatting.no_data(lang)
                 for g in rows["grant_pln"]],
                cols["area"]: [area_names(r) for r in rows.to_dict("records")],
                cols["active"]: [yes_no[bool(a)] for a in rows["active"]],
                "ID": rows["partner_id"].to_numpy(),
            })

        def register_rows():
            """The register in the order people read it (names in Polish collation, then the start
            date) and its table as shown: made once per data version, date, language and voivodeship,
            not on every run (the filters below pick rows of both)."""
            base = register[register["voivodeship"] == view.voivodeship] if view.voivodeship else register
            order = [(polish_key(n), str(d)) for n, d in zip(base["name"], base["start_date"])]
            rows = base.iloc[sorted(range(len(base)), key=order.__getitem__)].reset_index(drop=True)
            return rows, formatting.format_table(table(rows, False), lang)

        rows, on_screen = data.cached_value(("partners.register", stamp, view.as_of, lang, view.voivodeship),
                                            register_rows)
        keep = pd.Series(True, index=rows.index)
        if query.strip():
            keep &= rows["name"].str.casefold().str.contains(query.strip().casefold(), regex=False)
        if tiers:
            keep &= rows["tier"].isin(tiers)
        if eds:
            keep &= rows["edition"].isin(eds)
        if only_active:
            keep &= rows["active"]
        shown = rows[keep]
        st.caption(tr("partners.register_count", n=len(shown), total=len(register)))
        if shown.empty:
            widgets.empty(view, "partners.none_match")
        else:
            widgets.table_with_download(view, on_screen[keep.to_numpy()], key="partners_register",
                                        filename="partnerzy", public_df=lambda: table(shown, True),
                                        height=min(36 * len(shown) + 40, 560), formatted=True)

# --- timeline by voivodeship ------------------------------------------------------------------------
with tab_time:
    if tab_time.open:  # lazy tab: only the open one runs
        st.caption(tr("partners.timeline_help"))
        part = register if not view.voivodeship else register[register["voivodeship"] == view.voivodeship]

        def build_timeline(_role):
            return partner_figures.timeline(part, lang, editions=editions, as_of=view.as_of)

        widgets.chart(view, build_timeline, key="partners_timeline", role=viewer, filename="partnerzy_os_czasu")
        counts = data.partners_by_voivodeship(stamp)
        if view.voivodeship:
            counts = counts[counts["voivodeship"] == view.voivodeship]
        cell = counts.assign(cell=[tr("partners.cell", r=r, l=loc) for r, loc in zip(counts["regional"], counts["local"])])
        pivot = cell.pivot(index="voivodeship_name", columns="edition", values="cell")
        pivot = pivot.reindex(sorted(pivot.index, key=polish_key))[list(editions["edition"])]
        pivot = pivot.reset_index().rename(columns={"voivodeship_name": tr("chart.voivodeship")})
        st.markdown(f"**{tr('partners.by_edition_title')}**")
        widgets.table_with_download(view, pivot, key="partners_by_edition", filename="partnerzy_wg_edycji")

# --- coverage over time -----------------------------------------------------------------------------
with tab_hist:
    if tab_hist.open:  # lazy tab: only the open one runs
        code = widgets.indicator_select(view, list(history.COVERAGE_CODES), key="partners_history_indicator")
        ind = catalogue.get(code)
        st.caption(ind.definition(lang) + " " + tr("partners.history_help"))
        country = data.coverage_history(stamp, "country", view.as_of)
        voivs = data.coverage_history(stamp, "voivodeship", view.as_of)
        if country.empty:
            widgets.empty(view, "partners.none_yet", date=text_date(view.as_of))
        else:
            names = sorted(voiv_name.items(), key=lambda kv: polish_key(kv[1]))
            default = [view.voivodeship] if view.voivodeship else []
            picked = st.multiselect(tr("partners.compare_voivodeships"), [k for k, _ in names], default=default,
                                    key="partners_history_voivs", max_selections=4,
                                    format_func=lambda k: voiv_name[k], placeholder=tr("partners.pick_voivodeships"))

            def build_lines(_role):
                frame = pd.concat([country.assign(series=tr("chart.country"))] +
                                  [voivs[voivs["teryt"] == v].assign(series=voiv_name[v]) for v in picked])
                short = tr("chart.share") if ind.unit == "share" else tr("chart.count")  # the title names it
                return figures.trend_line(frame, "month", code, short, unit=ind.unit, lang=lang,
                                          series_col="series", kind="line", decimals=ind.decimals,
                                          title=tr("partners.history_title", label=ind.label(lang)),
                                          as_of=view.as_of)

            widgets.chart(view, build_lines, key="partners_history_lines", role=viewer, filename=f"historia_{code}")

            def build_heat(_role):
                return partner_figures.heatmap(voivs, code, ind.label(lang), unit=ind.unit, lang=lang,
                                               decimals=ind.decimals, marks=editions, as_of=view.as_of,
                                               title=tr("partners.heat_title", label=ind.label(lang)))

            widgets.chart(view, build_heat, key="partners_history_heat", role=viewer,
                          filename=f"historia_{code}_wojewodztwa")

# --- coverage maps: each edition's start, and any month ---------------------------------------------
with tab_maps:
    if tab_maps.open:  # lazy tab: only the open one runs
        st.markdown(f"**{tr('partners.maps_editions_title')}**")
        moment = st.segmented_control(tr("partners.moment"), list(history.MOMENTS), key="partners_moment",
                                      default="first_day", format_func=lambda m: tr(f"partners.moment_{m}"),
                                      help=tr("partners.moment_help")) or "first_day"
        started = [(ed, history.edition_moment(r, moment, view.as_of)) for ed, r in
                   zip(editions["edition"], editions.to_dict("records"))]
        started = [(ed, at) for ed, at in started if at is not None]
        if not started:
            widgets.empty(view, "partners.none_yet", date=text_date(view.as_of))
        else:
            for col, (ed, at) in zip(st.columns(len(started)), started):
                with col:
                    coverage_map(at, tr("partners.map_edition_title", edition=ed), key=f"partners_map_{ed}",
                                 filename=f"pokrycie_{ed}_{at.isoformat()}", height=460, width=300)
        st.divider()
        st.markdown(f"**{tr('partners.maps_slider_title')}**")
        first = history.first_start(data.cursor(stamp))
        stops = history.month_ends(first, view.as_of) if first else []
        if not stops:
            widgets.empty(view, "partners.none_yet", date=text_date(view.as_of))
        else:
            if st.session_state.get("partners_slider") not in stops:
                st.session_state["partners_slider"] = stops[-1]
            at = st.select_slider(tr("partners.slider"), stops, key="partners_slider",
                                  format_func=lambda d: formatting.format_month(d, lang, short=True),
                                  help=tr("partners.slider_help"))
            coverage_map(at, tr("partners.map_at_title", date=text_date(at)), key="partners_map_slider",
                         filename=f"pokrycie_{at.isoformat()}")

# --- a partner's profile ----------------------------------------------------------------------------
with tab_prof:
    if tab_prof.open:  # lazy tab: only the open one runs
        order = sorted(range(len(register)), key=lambda i: (polish_key(register["name"].iloc[i]),
                                                           str(register["start_date"].iloc[i])))
        ids = [register["partner_id"].iloc[i] for i in order]
        by_id = register.set_index("partner_id")
        if st.session_state.get("partners_profile") not in ids:  # a partner first sees its own profile
            own = pg.ctx.partner_id if pg.ctx.partner_id in ids else None
            active = [i for i in ids if by_id.loc[i, "active"]]
            st.session_state["partners_profile"] = own or (active or ids)[0]

        def label(pid: str) -> str:
            r = by_id.loc[pid]
            ed = f", {r['edition']}" if isinstance(r["edition"], str) and r["edition"] else ""
            return f"{r['name']} ({i18n.enum_label('plan_level', r['tier'], lang)}{ed})"

        pid = st.selectbox(tr("partners.choose"), ids, key="partners_profile", format_func=label,
                           placeholder=tr("control.choose"))
        p = by_id.loc[pid]
        at = history.profile_date(p, view.as_of)
        facts = pd.DataFrame({tr("partners.field"): [
            tr("partners.col_name"), tr("partners.col_tier"), tr("chart.voivodeship"), tr("partners.col_edition"),
            tr("partners.col_period"), tr("partners.col_grant"), tr("partners.col_area")],
            tr("partners.value"): [
                p["name"], i18n.enum_label("plan_level", p["tier"], lang), p["voivodeship_name"],
                p["edition"] if isinstance(p["edition"], str) else "–",
                f"{text_date(p['start_date'])} – {text_date(p['end_date']) or tr('partners.ongoing')}",
                formatting.format_number(p["grant_pln"], lang) + " zł" if pd.notna(p["grant_pln"]) else "–",
                area_names(p)]})
        st.dataframe(facts, hide_index=True, width="stretch")
        if at != view.as_of:
            st.caption(tr("partners.profile_not_active", date=text_date(at)))
        pows = data.partner_powiats(stamp, pid, at)

        voivs = sorted({x[:2] for x in pows})
        zoom = voivs[0] if len(voivs) == 1 else None  # an area across voivodeships: the whole map

        def build_area(_role):
            every = units[(units["level"] == "powiat") & (units["voivodeship_teryt"].isin(voivs))]["teryt"]
            frame = pd.DataFrame({"teryt": every, "category": ["area" if x in pows else "outside" for x in every]})
            fig = figures.category_map(frame, "powiat", "category",
                                       [("area", tr("partners.area_legend"), "#9CC8E6"),
                                        ("outside", tr("partners.outside_legend"), "#EEEEEE")],
                                       tr("partners.col_area"), lang, voivodeship=zoom,
                                       as_of=at, title=tr("partners.area_title"), height=480)
            return figures.add_area_outline(fig, pows)  # the dissolved outline of its powiats

        if pows:
            widgets.chart(view, build_area, key="partners_area_map", role=viewer, filename=f"obszar_{pid}")
        else:
            widgets.empty(view, "partners.no_area")

        # its plan(s): the rows are for everyone, the indicators for who may see them (as on the Plans page)
        st.subheader(tr("partners.plans_title"))
        plans_df = data.plan_table(stamp, view.as_of)
        own_plans = plans_df[plans_df["partner_id"] == pid]
        if own_plans.empty:
            widgets.empty(view, "partners.no_plan")
        else:
            st.dataframe(pd.DataFrame({
                tr("plans.col_title"): own_plans["title"].fillna("–").to_numpy(),
                tr("plans.col_period"): [f"{text_date(a)} – {text_date(b)}" for a, b in
                                         zip(own_plans["period_start"], own_plans["period_end"])],
                tr("plans.col_completion"): [formatting.format_percent(x, lang, 0) for x in own_plans["completion"]],
                tr("plans.col_elapsed"): [formatting.format_percent(x, lang, 0) for x in own_plans["elapsed"]],
                tr("plans.col_light"): [tr(f"status.{x}") if isinstance(x, str) else tr("status.none")
                                        for x in own_plans["status_light"]],
                tr("plans.col_status"): [i18n.enum_label("plan_status", s, lang) for s in own_plans["status"]],
            }), hide_index=True, width="stretch")
            if scope.can_view_plan(viewer, pid):
                st.page_link("app_pages/plans.py", label=tr("partners.plan_link"), icon=":material/flag:")
            else:
                st.caption(tr("plans.no_plan_access"))

        profile = data.partner_profile(stamp, pid, view.as_of)
        st.subheader(tr("partners.coalitions_title"))
        coal = profile["coalitions"]
        if coal.empty:
            widgets.empty(view, "partners.no_coalitions")
        else:
            widgets.table_with_download(view, pd.DataFrame({
                tr("partners.col_coalition"): coal["name"].to_numpy(),
                tr("chart.area"): coal["powiat_name"].to_numpy(),
                tr("partners.col_founded"): [text_date(x) for x in coal["founded_on"]],
                tr("partners.col_dissolved"): [text_date(x) or "–" for x in coal["dissolved_on"]],
                tr("partners.col_members"): [str(m) if a else "–" for m, a in zip(coal["members"], coal["active"])],
            }), key="partners_coalitions", filename=f"koalicje_{pid}")

        st.subheader(tr("partners.teams_title"))
        teams = profile["teams"]
        if teams.empty:
            widgets.empty(view, "partners.no_teams")
        else:
            widgets.table_with_download(view, pd.DataFrame({
                tr("partners.col_team"): teams["name"].to_numpy(),
                tr("partners.col_team_area"): [i18n.enum_label("task_team_area", a, lang) for a in teams["area"]],
                tr("partners.col_joined"): [text_date(x) for x in teams["joined_on"]],
                tr("partners.col_left"): [text_date(x) or "–" for x in teams["left_on"]],
                tr("partners.col_team_active"): [tr("partners.yes") if a else tr("partners.no") for a in teams["active"]],
            }), key="partners_teams", filename=f"zespoly_{pid}")

        st.subheader(tr("partners.activities_title"))
        acts = profile["activities"]
        if acts is None:
            widgets.empty(view, "empty.no_sow")
        elif acts.empty:
            widgets.empty(view, "partners.no_activities")
        else:
            def build_acts(_role):
                frame = acts.assign(type_label=[i18n.enum_label("activity", x, lang) for x in acts["type"]],
                                    year=acts["year"].astype(str))
                fig = figures.trend_line(frame, "year", "activities", tr("partners.activities_label"), unit="count",
                                         lang=lang, series_col="type_label", kind="bar",
                                         title=tr("partners.activities_chart_title"))
                return fig.update_yaxes(dtick=1) if acts["activities"].max() <= 8 else fig  # whole ticks

            widgets.chart(view, build_acts, key="partners_activities", role=viewer, filename=f"dzialania_{pid}")

widgets.footer(view)
