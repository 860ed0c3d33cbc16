"""Porównanie / Compare: a partner's area, powiats or voivodeships (up to five side by side) against
peer groups, indicator by indicator, with strengths and weaknesses in plain words, a dot plot against
the peers, the trend against the peer median and the partner's plan as bullet charts.

UI only: areas come from analytics/metrics/areas.py, comparisons from analytics/metrics/peers.py, series from
analytics/metrics/trends.py, plans from analytics/metrics/plans.py; suppression by role through analytics/access/privacy.py.
"""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import streamlit as st

from analytics.metrics import areas, catalogue, peers, plans, trends
from analytics.present import figures, formatting, i18n, names
from analytics.access import privacy, scope
from ui import data, page, state, widgets

md = formatting.md_text  # names from input files are text, never Markdown

pg = page.header("page.compare", "compare.caption")
view, stamp, role, tr = pg.view, pg.stamp, pg.role, pg.tr
c = pg.ctx
lang = view.lang

MAX_AREAS = 5
GROUP_ORDER = ("voivodeship", "powiat_type", "population", "all")  # peers.PEER_GROUPS["powiat"]


# --- the areas to compare ---------------------------------------------------------------------------
sow = data.sow_available(stamp)
# catalogue order within each thematic group, the groups in their order (the v1.1 additions of a
# group stand with it, not after everything else)
codes = tuple(sorted((i.code for i in catalogue.CATALOGUE if sow or not i.needs_sow),
                     key=lambda c: catalogue.GROUPS.index(catalogue.get(c).group)))
partners = data.partner_list(stamp, view.as_of)
units = data.units(stamp)
voivodeships, powiats = data.cached_value(("compare_units", stamp), lambda: (
    units[units["level"] == "voivodeship"].sort_values("name"),
    units[units["level"] == "powiat"].sort_values(["voivodeship_name", "name"])))
voiv_name = dict(zip(voivodeships["teryt"], voivodeships["name"]))
date_txt = formatting.format_date(view.as_of, lang)



def option_labels() -> tuple[dict[str, tuple[str, bool]], dict[str, str]]:
    """Every partner's option (label, has powiats) and every voivodeship's and powiat's, built once
    per data version, date and language (data.cached_value)."""
    part = {f"partner:{p.partner_id}": (tr(f"compare.option_partner_{p.tier}", name=p.name,
                                           voivodeship=p.voivodeship_name or ""), bool(p.n_powiats))
            for p in partners.itertuples()}
    unit_labels = {f"voivodeship:{v.teryt}": tr("compare.option_voivodeship", name=v.name)
                   for v in voivodeships.itertuples()}
    unit_labels |= {f"powiat:{w.teryt}": tr("compare.option_powiat", voivodeship=w.voivodeship_name,
                                            name=names.short_name(w.name, "powiat", w.powiat_type, lang))
                    for w in powiats.itertuples()}
    return part, unit_labels


partner_options, unit_options = data.cached_value(("compare_labels", stamp, view.as_of, lang), option_labels)
labels: dict[str, str] = {k: text for k, (text, has) in partner_options.items()
                          if has or k == f"partner:{c.partner_id}"} | unit_options

own = f"partner:{c.partner_id}" if role == "partner" and c.partner_id else None
s = st.session_state
AREA_KIND = ("partner", "voivodeship", "powiat")
URL_AREAS, URL_CUSTOM, URL_PEERS = "areas", "custom", "peers"


def url_areas(text) -> list[str]:
    """Areas from the link ('powiat:0201,partner:L1'): known ones only, at most MAX_AREAS; anything
    else falls away quietly."""
    out = []
    for k in str(text or "").split(","):
        if k in labels and k not in out:
            out.append(k)
    return out[:MAX_AREAS]


link = s.get("_url_params") or {}  # the URL the session opened with (ui/state.py init)
if "compare_areas" not in s and url_areas(link.get(URL_AREAS)):
    s["compare_areas"] = url_areas(link.get(URL_AREAS))
if "compare_custom" not in s and link.get(URL_CUSTOM):
    s["compare_custom"] = [x for x in dict.fromkeys(str(link[URL_CUSTOM]).split(",")) if f"powiat:{x}" in labels]
if "compare_group" not in s and link.get(URL_PEERS) in GROUP_ORDER:
    s["compare_group"] = link[URL_PEERS]
if s.get("_compare_own") != own:  # a partner signed in (or the demo switched partner), as state.focus_partner:
    first_seen = "_compare_own" not in s  # start on its own area, unless the session's link named areas
    s["_compare_own"] = own
    if not (first_seen and url_areas(link.get(URL_AREAS))):
        s.pop("compare_areas", None)
if "compare_areas" not in s:  # first visit: the partner's own area, else the unit in view
    if own:
        first = [own] if own in labels else []
    elif view.unit:
        first = [f"{'voivodeship' if len(view.unit) == 2 else 'powiat'}:{view.unit}"]
    elif view.voivodeship:
        first = [f"voivodeship:{view.voivodeship}"]
    else:
        local = partners[(partners["tier"] == "local") & (partners["n_powiats"] > 0)]
        first = [f"partner:{local.iloc[0]['partner_id']}"] if len(local) else []
    s["compare_areas"] = first
s["compare_areas"] = [k for k in s["compare_areas"] if k in labels][:MAX_AREAS]

col_areas, col_peers = st.columns([3, 2])
with col_areas:
    chosen = st.multiselect(tr("compare.areas"), list(labels), key="compare_areas", format_func=labels.get,
                            max_selections=MAX_AREAS, placeholder=tr("compare.areas_placeholder"),
                            help=tr("compare.areas_help", n=MAX_AREAS))
    with st.expander(tr("compare.custom_area")):
        custom = st.multiselect(tr("compare.custom_area_powiats"), list(powiats["teryt"]),
                                key="compare_custom", format_func=lambda t: labels[f"powiat:{t}"],
                                placeholder=tr("control.choose"), help=tr("compare.custom_area_help"))
with col_peers:
    group = st.radio(tr("control.peers"), GROUP_ORDER, key="compare_group",
                     format_func=lambda g: tr(f"compare.group_{g}"), help=tr("compare.group_help"))

# the view in the link, beside the global parameters (defaults and empty values left out)
state.put_url(URL_AREAS, ",".join(chosen))
state.put_url(URL_CUSTOM, ",".join(custom))
state.put_url(URL_PEERS, group if group != GROUP_ORDER[0] else "")

keys = [tuple(k.split(":", 1)) for k in chosen]
if len(custom) > 1 or (custom and not chosen):
    if len(keys) < MAX_AREAS:
        keys.append(("custom", ",".join(sorted(custom))))
    else:
        st.warning(tr("compare.too_many", n=MAX_AREAS))
elif len(custom) == 1:
    st.caption(tr("compare.custom_one"))

if own and own not in labels:
    widgets.empty(view, "compare.own_partner_inactive", date=date_txt)
if not sow:
    st.info(tr("empty.no_sow") + " " + tr("compare.no_sow"))

selected = [data.area(stamp, kind, key, view.as_of) for kind, key in keys]
empty_areas = [a for a in selected if a.empty]
for a in empty_areas:
    widgets.empty(view, "compare.no_area_at_date", name=md(names.area_label(a, lang)), date=date_txt)
selected = [a for a in selected if not a.empty]
if not selected:
    widgets.empty(view, "compare.no_selection")
    widgets.footer(view)
    st.stop()

# unique display names (two areas can share a name)
area_names: list[str] = []
for a in selected:
    n = names.area_label(a, lang)
    area_names.append(n if n not in area_names else f"{n} ({len(area_names) + 1})")


def group_for(a: areas.Area) -> str:
    """The chosen peer group, or 'all' where the area's level has no such group (voivodeships)."""
    level = "voivodeship" if a.level == "voivodeship" else a.level
    return group if group in peers.PEER_GROUPS[level] else "all"


def compare(a: areas.Area, r: str) -> pd.DataFrame:
    return data.comparison(stamp, a.level, a.teryt, tuple(a.powiats) if a.level == "area" else (), group_for(a),
                      view.as_of, view.period, r, codes)


def peers_of(a: areas.Area) -> tuple[str, ...]:
    return data.peer_units(stamp, a.level, a.teryt, tuple(a.powiats) if a.level == "area" else (), group_for(a))


def context_values(a: areas.Area, r: str) -> tuple[pd.Series | None, pd.Series]:
    """The area's voivodeship row (None when it spans several) and the country row, suppressed
    for the role, with their `__suppressed` flags."""
    vt = data.indicator_table(stamp, "voivodeship", view.as_of, view.period, r).set_index("teryt")
    ct = data.indicator_table(stamp, "country", view.as_of, view.period, r).set_index("teryt")
    vrow = vt.loc[a.voivodeships[0]] if len(a.voivodeships) == 1 else None
    return vrow, ct.loc["PL"]


def with_area(fig, name: str):
    """The figure with the area it shows in its meta: an exported image names it in its footer."""
    meta = dict(fig.layout.meta or {})
    key = figures.META_KEY
    meta[key] = {**dict(meta.get(key) or {}), "area": name}
    fig.update_layout(meta=meta)
    return fig


def fmt_value(code: str, value, suppressed: bool, level: str) -> str:
    return widgets.value_text(view, code, value, bool(suppressed), level)


def flagged(row: pd.Series | None, code: str) -> bool:
    return row is not None and bool(row.get(privacy.flag_column(code), False))


MARKS = {"strength": " ▲", "weakness": " ▼"}


# --- side by side -------------------------------------------------------------------------------
def side_by_side_inputs(r: str):
    """What both side-by-side tables (screen and download) are built from, for role `r`: the
    country's row, each area's comparison by code, and each area's callout codes."""
    ct = data.indicator_table(stamp, "country", view.as_of, view.period, r).set_index("teryt").loc["PL"]
    cmp = [compare(a, r).set_index("code") for a in selected]
    callouts = [set(areas.callout_codes(a, codes)) for a in selected]
    return ct, cmp, callouts


def side_by_side(r: str) -> pd.DataFrame:
    ct, cmp, callouts = side_by_side_inputs(r)
    rows = []
    for code in codes:
        ind = catalogue.get(code)
        row = {tr("compare.col_group"): tr(f"group.{ind.group}"),
               tr("chart.indicator"): ind.label(lang)}
        for a, name, df, keep in zip(selected, area_names, cmp, callouts):
            x = df.loc[code]
            mark = areas.assessment(x["percentile"], x["direction"], x["n"]) if code in keep else None
            row[name] = fmt_value(code, x["value"], x["suppressed"], a.level) + MARKS.get(mark, "")
        row[tr("chart.country")] = fmt_value(code, ct[code], flagged(ct, code), "country")
        rows.append(row)
    return pd.DataFrame(rows)


# --- downloads: numbers as numbers, the assessment in a column of its own ---------------------------
def export_value(code: str, value, suppressed: bool, level: str):
    """A value as a download holds it (always protected: role EXPORT_ROLE): '<10' / '<5' / '#'
    where hidden, else a number in the export's units (shares and indices in percent 0-100, like
    every other export: analytics/present/exports.py), None where there is no value."""
    ind = catalogue.get(code)
    if suppressed:
        return privacy.hidden_label(code, level)
    if value is None or pd.isna(value):
        return None
    v = float(value)
    if ind.unit in formatting.PERCENT_UNITS:
        return round(v * 100, 2)
    if ind.unit == "count":
        return int(round(v))
    return round(v, 1 if ind.unit == "hours" else 3)


def unit_text(code: str) -> str:
    u = catalogue.get(code).unit
    return "%" if u in formatting.PERCENT_UNITS else tr("unit." + u) if u in formatting.UNITS else u


def assessment_text(mark: str | None) -> str:
    return tr(f"compare.assess_{mark}") if mark else ""


def side_by_side_export() -> pd.DataFrame:
    """The side-by-side table for CSV / XLSX: one numeric column per area (and Poland), each area's
    assessment (strength / to improve) in the column after it."""
    ct, cmp, callouts = side_by_side_inputs(widgets.EXPORT_ROLE)
    rows = []
    for code in codes:
        ind = catalogue.get(code)
        row = {tr("compare.col_group"): tr(f"group.{ind.group}"), tr("chart.indicator"): ind.label(lang),
               tr("compare.col_unit"): unit_text(code)}
        for a, name, df, keep in zip(selected, area_names, cmp, callouts):
            x = df.loc[code]
            mark = areas.assessment(x["percentile"], x["direction"], x["n"]) if code in keep else None
            row[name] = export_value(code, x["value"], x["suppressed"], a.level)
            row[tr("compare.col_assessment_of", name=name)] = assessment_text(mark)
        row[tr("chart.country")] = export_value(code, ct[code], flagged(ct, code), "country")
        rows.append(row)
    return pd.DataFrame(rows)


def detail_export(a: areas.Area) -> pd.DataFrame:
    """One area's detail table for CSV / XLSX (protected): numbers as numbers, the rank and the
    size of the group in two columns, the percentile as a number, the assessment as words."""
    r = widgets.EXPORT_ROLE
    df = compare(a, r)
    vrow, crow = context_values(a, r)
    keep = set(areas.callout_codes(a, codes))
    rows = []
    for x in df.itertuples():
        ind = catalogue.get(x.code)
        mark = areas.assessment(x.percentile, x.direction, x.n) if x.code in keep else None
        rows.append({
            tr("compare.col_group"): tr(f"group.{ind.group}"),
            tr("chart.indicator"): ind.label(lang),
            tr("compare.col_unit"): unit_text(x.code),
            tr("compare.col_value"): export_value(x.code, x.value, x.suppressed, a.level),
            tr("compare.col_peer_median"): export_value(x.code, x.peer_median, False, a.level),
            tr("chart.voivodeship"): None if vrow is None else
                export_value(x.code, vrow[x.code], flagged(vrow, x.code), "voivodeship"),
            tr("chart.country"): export_value(x.code, crow[x.code], flagged(crow, x.code), "country"),
            tr("compare.col_rank_place"): None if pd.isna(x.rank) else int(x.rank),
            tr("compare.col_rank_last"): None if pd.isna(x.rank) else int(x.rank_last),
            tr("compare.col_rank_of"): None if pd.isna(x.rank) else int(x.n),
            tr("compare.col_percentile_export"): None if x.percentile is None or pd.isna(x.percentile)
                else round(float(x.percentile), 1),
            tr("compare.col_assessment"): assessment_text(mark),
        })
    return pd.DataFrame(rows)


st.subheader(tr("compare.side_by_side"))
st.caption(tr("compare.marks_legend"))
# Each table once per data version, selection, dates, role and language (data.cached_value), kept
# formatted for the screen.
table = data.cached_value(("compare_side", stamp, tuple(keys), group, view.as_of, view.period, role, lang),
                          lambda: formatting.format_table(side_by_side(role), lang))
widgets.table_with_download(view, table, key="compare_side", filename="porownanie_obszarow", formatted=True,
                            public_df=side_by_side_export, height=35 * (len(table) + 1) + 3,
                            column_config={
                                tr("compare.col_group"): st.column_config.TextColumn(width=215),
                                tr("chart.indicator"): st.column_config.TextColumn(width=260),
                                # an area's long name is its heading below; here its column stays
                                # as narrow as its values, so that Poland's column fits beside it
                                **{n: st.column_config.TextColumn(width=170, help=md(n)) for n in area_names}})
if any(a.level == "area" and len(a.powiats) > 1 for a in selected):
    st.caption(tr("compare.counts_note"))


# --- one area in detail -------------------------------------------------------------------------------
def describe(a: areas.Area) -> str:
    pop = formatting.format_number(a.population, lang) if a.population else "–"
    if a.level == "voivodeship":
        return tr("compare.desc_voivodeship", name=voiv_name.get(a.teryt, ""), n=len(a.powiats), pop=pop)
    if a.kind == "partner":
        return tr("compare.desc_partner", date=date_txt, units=", ".join(names.area_unit_names(a, lang)), n=len(a.powiats), pop=pop)
    return tr("compare.desc_area", units=", ".join(names.area_unit_names(a, lang)), n=len(a.powiats), pop=pop)


def detail_table(a: areas.Area, r: str) -> pd.DataFrame:
    df = compare(a, r)
    vrow, crow = context_values(a, r)
    level = a.level
    keep = set(areas.callout_codes(a, codes))
    rows = []
    for x in df.itertuples():
        ind = catalogue.get(x.code)
        mark = areas.assessment(x.percentile, x.direction, x.n) if x.code in keep else None
        rows.append({
            "_group": ind.group,
            tr("chart.indicator"): ind.label(lang),
            tr("compare.col_value"): fmt_value(x.code, x.value, x.suppressed, level),
            tr("compare.col_peer_median"): formatting.format_value(x.peer_median, ind.unit, lang, ind.decimals),
            tr("chart.voivodeship"): "–" if vrow is None else
                fmt_value(x.code, vrow[x.code], flagged(vrow, x.code), "voivodeship"),
            tr("chart.country"): fmt_value(x.code, crow[x.code], flagged(crow, x.code), "country"),
            tr("compare.col_rank"): "–" if pd.isna(x.rank) else (
                tr("map.rank", rank=int(x.rank), n=int(x.n)) if x.rank_last == x.rank
                else tr("map.rank_tied", rank=int(x.rank), last=int(x.rank_last), n=int(x.n))),
            tr("compare.col_percentile"): "–" if x.percentile is None or pd.isna(x.percentile)
                else formatting.format_percent(x.percentile / 100, lang, 0),
            tr("compare.col_assessment"): tr(f"compare.mark_{mark}") if mark else "",
        })
    return pd.DataFrame(rows)


def strengths_text(a: areas.Area, name: str) -> None:
    top, bottom = data.cached_value(
        ("compare_marks", stamp, a.kind, a.key, group_for(a), view.as_of, view.period, role),
        lambda: areas.strengths_weaknesses(compare(a, role), areas.callout_codes(a, codes)))
    lbl = lambda cs: ", ".join(catalogue.get(x).label(lang) for x in cs)  # noqa: E731
    if top:
        st.success(tr("compare.strengths", items=lbl(top)), icon=":material/thumb_up:")
    if bottom:
        st.warning(tr("compare.weaknesses", items=lbl(bottom)), icon=":material/priority_high:")
    if not top and not bottom:
        st.info(tr("compare.no_marks"))


def dot_chart(a: areas.Area, name: str, i: int, group_codes: list[str]) -> None:
    peer_list = peers_of(a)

    def make(r):
        df = compare(a, r).set_index("code").loc[group_codes]
        vrow, crow = context_values(a, r)
        pool = data.indicator_table(stamp, a.peer_level, view.as_of, view.period, r)
        pool = pool[pool["teryt"].isin(peer_list) & (pool["teryt"] != (a.teryt or ""))]
        plot = pd.DataFrame({
            "indicator": [catalogue.get(x).label(lang) for x in group_codes],
            "code": list(group_codes),
            "value": df["value"].to_numpy(), "peer_median": df["peer_median"].to_numpy(),
            # totals of a voivodeship / Poland are not comparable with one area's count: rates only
            "voivodeship": [None if vrow is None or flagged(vrow, x) or catalogue.get(x).unit in areas.SIZE_UNITS
                            else vrow[x] for x in group_codes],
            "country": [None if flagged(crow, x) or catalogue.get(x).unit in areas.SIZE_UNITS else crow[x]
                        for x in group_codes],
            "unit": [catalogue.get(x).unit for x in group_codes],
            "peer_values": [pool[x].dropna().tolist() for x in group_codes],
            "suppressed": df["suppressed"].to_numpy(),
        })
        vname = voiv_name.get(a.voivodeships[0]) if len(a.voivodeships) == 1 else None
        return with_area(figures.dot_plot(
            plot, name, lang, peer_values_col="peer_values", suppressed_col="suppressed", level=a.level,
            voivodeship_name=tr("compare.unit_voivodeship", name=vname) if vname else None,
            title=tr("compare.dot_title", area=name), as_of=view.as_of,
            subtitle=tr("compare.peer_subtitle", group=tr(f"compare.group_{group_for(a)}"), n=len(peer_list))), name)

    def build(r):
        return data.cached_figure(("dot", stamp, a.kind, a.key, group_for(a), view.as_of, view.period, r, lang,
                              tuple(group_codes), name), lambda: make(r))

    widgets.chart(view, build, key=f"compare_dot_{i}", role=role, filename=f"porownanie_{i + 1}")
    if any(catalogue.get(x).unit in areas.SIZE_UNITS for x in group_codes):
        st.caption(tr("compare.dot_totals_note"))


def trend_chart(a: areas.Area, name: str, i: int) -> None:
    tcodes = [x for x in trends.TREND_CODES if x in codes]
    code = widgets.indicator_select(view, tcodes, key=f"compare_trend_code_{i}", default="volunteers_registered")
    ind = catalogue.get(code)
    peer_list = peers_of(a)

    def make(r):
        df = data.trend_vs_peers(stamp, a.level, a.teryt, tuple(a.powiats) if a.level == "area" else (),
                            a.peer_level, peer_list, view.as_of, view.period, r, tuple(tcodes))
        return with_area(figures.trend_line(df, "month", code, ind.label(lang), ind.unit, lang, series_col="series",
                                  series_labels={"area": name, "peers": tr("chart.peer_median")},
                                  title=tr("compare.trend_title", indicator=ind.label(lang), area=name),
                                  as_of=view.as_of, decimals=ind.decimals), name)

    def build(r):
        return data.cached_figure(("trend", stamp, a.kind, a.key, group_for(a), view.as_of, view.period, r, lang,
                              code, name), lambda: make(r))

    widgets.chart(view, build, key=f"compare_trend_{i}", role=role, filename=f"trend_{code}_{i + 1}")
    st.caption(tr("compare.trend_note"))


def plan_charts(a: areas.Area, name: str, i: int) -> None:
    if a.kind != "partner":
        st.caption(tr("compare.plans_partner_only"))
        return
    if not scope.can_view_plan(pg.viewer, a.partner_id):
        st.caption(tr("compare.plan_hidden"))
        return
    plan_rows = data.plan_table(stamp, view.as_of)
    plan_rows = plan_rows[plan_rows["partner_id"] == a.partner_id]
    if plan_rows.empty:
        widgets.empty(view, "compare.no_plan", name=md(a.name), date=date_txt)
        return
    for p in plan_rows.itertuples():
        detail = data.plan_detail(stamp, p.plan_id, view.as_of)
        completion = formatting.format_percent(p.completion, lang, 0) if pd.notna(p.completion) else "–"
        light = tr(f"status.{p.status_light}") if isinstance(p.status_light, str) else tr("status.none")
        st.markdown(f"**{md(p.title)}**")
        st.caption(tr("compare.plan_caption", start=formatting.format_date(p.period_start, lang),
                      end=formatting.format_date(p.period_end, lang), completion=completion,
                      elapsed=formatting.format_percent(p.elapsed, lang, 0), light=light))
        if detail.empty:
            widgets.empty(view, "compare.plan_no_indicators")
            continue

        def make(detail=detail, p=p):
            d = detail.copy()
            d["label"] = [i18n.plan_indicator_label(nm, cd, lang) for nm, cd in zip(d["name"], d["code"])]
            d["status"] = [plans.status_light(min(pr, 1.0), p.elapsed) for pr in d["progress"]]
            return with_area(figures.bullet(d, lang, name_col="label", expected_col="expected_by_now",
                                  unit_col="unit" if i18n.shows_data_text(lang) else None, status_col="status",
                                  title=tr("compare.plan_title", area=name), as_of=view.as_of), name)

        def build(r, p=p, make=make):  # plan details are not person counts: the same for every role
            return data.cached_figure(("plan", stamp, p.plan_id, view.as_of, lang, name), make)

        widgets.chart(view, build, key=f"compare_plan_{i}_{p.plan_id}", role=role, filename=f"plan_{p.plan_id}")


st.subheader(tr("compare.details"))
group_names = {g: tr(f"group.{g}") for g in catalogue.GROUPS}
dot_groups = [g for g in catalogue.GROUPS if any(catalogue.get(x).group == g for x in codes)]
if s.get("compare_dot_group") not in dot_groups:
    s["compare_dot_group"] = "volunteers" if "volunteers" in dot_groups else dot_groups[0]
# Each area's details in four lazy tabs (only the open one is computed and drawn: a page of four
# tables, three charts and a plan's bullets per area was the slowest page to be ready, issue 15);
# the open one is in the URL as `section`, the same for every area.
SECTIONS = {"tables": tr("compare.section_tables"), "peers": tr("compare.section_peers"),
            "trend": tr("compare.trend_header"), "plans": tr("compare.plans_header")}
state.bind("section", "compare_section", list(SECTIONS.values()), SECTIONS["tables"],
           to_url={label: code for code, label in SECTIONS.items()}.get)


def group_parts(a: areas.Area) -> list[tuple[str, pa.Table]]:
    """The detail table split by thematic group, each part an Arrow table (Streamlit sends one as it
    is; a DataFrame it converts on every run)."""
    full = detail_table(a, role)
    parts = [(grp, full[full["_group"] == grp].drop(columns="_group")) for grp in catalogue.GROUPS]
    return [(grp, pa.Table.from_pandas(part, preserve_index=False)) for grp, part in parts if not part.empty]


def area_tables(a: areas.Area, i: int) -> None:
    g = group_for(a)
    parts = data.cached_value(("compare_detail", stamp, a.kind, a.key, g, view.as_of, view.period, role, lang),
                              lambda a=a: group_parts(a))
    for grp, part in parts:
        st.markdown(f"**{group_names[grp]}**")
        st.dataframe(part, hide_index=True, width="stretch", height=35 * (len(part) + 1) + 3, column_config={
            tr("compare.col_percentile"): st.column_config.TextColumn(help=tr("compare.percentile_help")),
            tr("compare.col_rank"): st.column_config.TextColumn(help=tr("compare.rank_help")),
            tr("compare.col_assessment"): st.column_config.TextColumn(width="medium"),
        })
    b1, b2, _ = st.columns([1, 1, 6])  # downloads of the whole table, always suppressed
    widgets.table_buttons(view, b1, b2, lambda a=a: detail_export(a),
                          key=f"compare_detail_{i}", filename=f"porownanie_{i + 1}_szczegoly",
                          meta=widgets.export_metadata(view))


tabs = st.tabs([md(n) for n in area_names], key="compare_tab", on_change="rerun") if len(selected) > 1 \
    else [st.container()]
for i, (a, name, tab) in enumerate(zip(selected, area_names, tabs)):
    if getattr(tab, "open", True) is False:  # lazy tabs: only the open one is computed
        continue
    with tab:
        st.markdown(f"### {md(name)}")
        st.caption(describe(a))  # unit names from the reference register, not input files
        g = group_for(a)
        note = "" if g == group else " " + tr("compare.group_fallback")
        st.caption(tr("compare.peer_desc", group=tr(f"compare.group_{g}"), n=len(peers_of(a))) + note)
        strengths_text(a, name)
        t_tables, t_peers, t_trend, t_plans = st.tabs(list(SECTIONS.values()), key="compare_section",
                                                      on_change="rerun")
        with t_tables:
            if t_tables.open:
                area_tables(a, i)
        with t_peers:
            if t_peers.open:
                dot_group = st.segmented_control(tr("compare.dot_group"), dot_groups, key="compare_dot_group",
                                                 format_func=group_names.get, selection_mode="single",
                                                 help=tr("compare.dot_group_help")) or dot_groups[0]
                dot_chart(a, name, i, [x for x in codes if catalogue.get(x).group == dot_group])
        with t_trend:
            if t_trend.open:
                trend_chart(a, name, i)
        with t_plans:
            if t_plans.open:
                plan_charts(a, name, i)

widgets.footer(view)
