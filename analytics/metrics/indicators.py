"""The indicator engine: every catalogue indicator (analytics/metrics/catalogue.py) in DuckDB SQL.

compute(con, level, as_of, period, codes, units)  -> one row per unit of the level
compute_area(con, powiats, as_of, period)         -> the same indicators for a set of powiats
run(con, level, codes, ..., dates=...)            -> the same query over other readings (trends.py)

How it works. Every indicator is computed for all units of a level in ONE set-based query. The
query joins the facts (keyed by powiat) to a grouping relation g(powiat, unit) - powiat -> itself,
-> its voivodeship, -> 'PL', or -> an area; each powiat appears once per unit - and aggregates at the
unit's own grain, so a person or organisation is counted once per unit, never summed from lower
levels. Where an entity can reach a unit along several rows (a partner through several areas, a
member through several coalitions) the count is COUNT(DISTINCT id). Volunteers and organisers have a
unique id (the importer rejects duplicated keys) and exactly one powiat, and hours are first
aggregated to one row per volunteer, so there a plain COUNT(*) already is the distinct count (and
about 15x cheaper at a million rows); a per-record column (a sum of record keys, say) is one more
aggregate beside each such count.
Raw aggregates are produced by the measure blocks in MEASURES (from the helper relations in
HELPERS); each catalogue entry's `sql` turns them into the indicator, so a new indicator is one
catalogue entry, and a new kind of raw count one column in a block. Per-capita values use
`unit_population` (an area: the sum of its powiats).

Pre-aggregates. From a sealed database file (db.sealed: read-only, as its import left it) the blocks
in AGG_MEASURES replace their MEASURES namesakes: volunteers' hours (hrs), public organisers engaged
(pub), volunteer and organiser stocks (vol, org) and activities (act) then read the importer's small
per-(powiat, month) and per-(powiat, day) tables (db.AGGREGATES) instead of millions of hours and
volunteer rows, with the same results. There a person or organisation active in months p0..p1 is
counted once, as the one row of those months whose previous active month is empty or before p0; a
stock at d is the months before d's month plus the days of d's month up to d. With cell keys (per
person, hours row or training), hrs, vol and act keep reading the input tables; so does every block
on any other file (a test fixture, a file from an older importer, a file changed after its import).

Readings. Every helper and block is computed per (unit, slot) over a dates relation `dts` with one
row per slot (slot, d, p0, p1): stocks are read at the slot's date d, flows over its months p0..p1
(`dm`: one row per month of each slot, joined on the month). compute() passes one slot, D over
P0..P1 (ONE_READING); analytics/metrics/trends.py passes one slot per month, so a monthly series is
this same query and can be had for any catalogue code. A query for part of the country (an area, or
a series for some units) first narrows the hours to those units' volunteers (NARROW_HV; the
pre-aggregates are keyed by powiat already).

Dates. D = as_of (default db.data_as_of(con): a sealed file's import_meta.data_as_of, else computed;
today for an empty database). The period is whole months P0..P1 inclusive (default the 12 months
ending with D's month); hours count when their month is one of them, activities when their date falls
in one of them. "Active at D" is
analytics/metrics/rules.py: partners and partner areas start <= D <= end (end inclusive);
coalitions and memberships start <= D < end (end exclusive); a partner area counts only when the
area and its (local) partner are both active.

Decisions where the contract is silent (tested in tests/unit/test_indicators.py, test_plans.py):
  - Flows are not cut at D: a period reaching past D counts whatever the data holds for those months.
  - volunteers_active / hours_confirmed / confirmation_rate do not require registered_on <= D.
  - mpw_certified counts certified organisers whether or not they are in a local base.
  - Only partners of tier 'local' make local coverage; only tier 'regional' regional presence.
  - regional_partner_presence of an area = the share of the voivodeships its powiats lie in that
    have an active regional partner (one voivodeship: that voivodeship's 0/1; all: the country's).
  - plans_on_track_share is empty where the unit holds no plan with a light (see analytics/metrics/plans.py).
  - Per-capita values are empty where the population is missing or zero.
  - Indicators whose optional source table (the SOW tables volunteers, organisers, hours,
    activities; the v1.1 task_teams / task_team_members) was not provided (db.provided_tables) are
    None everywhere; when provided but empty they are 0. A database file that lacks a table (one
    built before contract v1.1 has no task teams) reads it as empty, so its indicators are None.
  - Contract v1.1: active_regional_partners counts regional partners seated in the voivodeships
    the unit's powiats lie in (an area: each of those voivodeships once). partners_in_task_teams
    counts a partner where rules.partner_powiats says it works at D, so a local partner with no
    area active at D is counted nowhere, not even in the country; a task team is active while
    founded_on <= D < dissolved_on. organiser_support counts training and counselling rows whose
    audience is 'organisers' (an empty audience is not). The activity counts are exact (not people).
  - Plan indicators (plan_completion_*, plans_on_track_share) use the plans running at D only
    (D <= period_end, contract v1.1); plans.plan_table lists every counted plan with `running`.
  - All code columns are float64 (counts are whole numbers); NaN means empty.
"""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from analytics.metrics import catalogue, keys, plans, rules
from analytics.metrics.dates import month_end, resolve_dates
from analytics.data import db, schema
from analytics.data.reference import COUNTRY

LEVELS = ("powiat", "voivodeship", "country")
AREA = "AREA"  # teryt given to an area in result frames

_SECTORS_VALUES = ", ".join(f"('{t}', '{s}')" for t, s in schema.MEMBER_SECTORS.items())
_PUBLIC = ", ".join(f"'{t}'" for t in schema.PUBLIC_ORGANISER_TYPES)

# The dates relation `dts` (slot, d, p0, p1): one row per reading, and `dm` (slot, month): every month
# p0..p1 of each slot. Every helper and measure block below is computed per (unit, slot): stocks read
# the slot's date `d`, flows its months (hours whose month is one of them, dated rows whose date's
# month is: an equality join with `dm`, so many slots cost one hash join; `pub` only asks whether an
# organiser has such hours, a semi join on p0..p1 that is cheapest for one slot). compute() reads one
# slot (D, P0..P1); analytics/metrics/trends.py one slot per month.
ONE_READING = "SELECT 0 AS slot, $d::DATE AS d, $p0::DATE AS p0, $p1::DATE AS p1"
SLOT_MONTHS = ("SELECT slot, unnest(generate_series(p0::TIMESTAMP, p1::TIMESTAMP, INTERVAL 1 MONTH))::DATE "
               "AS month FROM dts")
# Hours of the wanted units' volunteers only: added to `hv` when the query covers part of the country
# (an area, or a series for some units), where summing every volunteer's hours first would be wasted.
# The rows `hrs` keeps are the same either way.
NARROW_HV = ("\n      JOIN (SELECT DISTINCT v.volunteer_id FROM volunteers v JOIN g USING (powiat)) gv"
             " USING (volunteer_id)")

# Helper CTEs (name -> (sql, helpers it needs)), every one keyed by `slot`.
HELPERS: dict[str, tuple[str, tuple[str, ...]]] = {
    # (slot, partner_id, powiat): local partner areas active at d, with the partner active at d
    "cover": (rules.local_partner_areas("dts.d", over="dts"), ()),
    "covered": ("SELECT DISTINCT slot, powiat FROM cover", ("cover",)),
    # (slot, partner_id, voivodeship): regional partners active at d
    "regional": (rules.regional_partners("dts.d", over="dts"), ()),
    "active_coal": (f"""
      SELECT dts.slot, c.coalition_id, c.powiat FROM coalitions c CROSS JOIN dts
      WHERE {rules.coalition_active('c', 'dts.d')}""", ()),
    "active_mem": (f"""
      SELECT ac.slot, m.coalition_id, ac.powiat, m.member_id, s.sector
      FROM coalition_members m JOIN active_coal ac USING (coalition_id) JOIN dts USING (slot)
      LEFT JOIN (VALUES {_SECTORS_VALUES}) s(member_type, sector) ON s.member_type = m.member_type
      WHERE {rules.membership_active('m', 'dts.d')}""", ("active_coal",)),
    # one row per (slot, volunteer) with hours in the slot's months ({narrow}: see NARROW_HV)
    "hv": ("""
      SELECT dm.slot, h.volunteer_id, sum(h.hours_confirmed) AS conf, sum(h.hours_logged) AS logged{keys}
      FROM hours h JOIN dm USING (month){narrow}
      GROUP BY dm.slot, h.volunteer_id""", ()),
    # (slot, partner_id, powiat): where each partner works at d (rules.partner_powiats)
    "working": (rules.partner_powiats("dts.d", over="dts"), ()),
    # (slot, partner_id): partners active at d with an active membership of an active task team
    "in_teams": (rules.task_team_partners("dts.d", over="dts"), ()),
    "plan_ind": (plans.PLAN_IND_SQL, ()),
    "plan_status": (plans.PLAN_STATUS_SQL, ("plan_ind",)),
    # (slot, plan_id, powiat): a local plan -> the powiats its partner covers at d; regional -> its
    # voivodeship's powiats
    "plan_pow": ("""
      SELECT ps.slot, ps.plan_id, c.powiat FROM plan_status ps JOIN cover c USING (slot, partner_id)
      WHERE ps.level = 'local'
      UNION
      SELECT ps.slot, ps.plan_id, u.teryt FROM plan_status ps
      JOIN units u ON u.level = 'powiat' AND u.voivodeship_teryt = ps.voivodeship
      WHERE ps.level = 'regional'""", ("plan_status", "cover")),
}

# Measure blocks: name -> (sql producing `unit`, `slot` + aggregate columns, helpers it needs).
# `{pop}` is replaced by the level's population relation (unit, population), `{plan_unit}` by its
# plan membership relation (slot, unit, plan_id). Counts of people and organisations are COUNT(*)
# over one row per person (see the module docstring), so a per-record column (say a sum of record
# keys) sits beside each count as one more aggregate over the same rows.
MEASURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "pop": ("SELECT x.unit, dts.slot, x.population FROM ({pop}) x CROSS JOIN dts", ()),
    "cov": ("""
      SELECT g.unit, dts.slot,
             avg(CASE WHEN c.powiat IS NULL THEN 0.0 ELSE 1.0 END) AS covered_share,
             sum(CASE WHEN c.powiat IS NULL THEN 0 ELSE up.population END)::DOUBLE AS covered_pop,
             sum(up.population)::DOUBLE AS powiat_pop
      FROM g CROSS JOIN dts
      LEFT JOIN covered c ON c.slot = dts.slot AND c.powiat = g.powiat
      LEFT JOIN unit_population up ON up.teryt = g.powiat
      GROUP BY g.unit, dts.slot""", ("covered",)),
    "reg": ("""
      SELECT g.unit, dts.slot,
             count(DISTINCT u.voivodeship_teryt) FILTER (WHERE r.voivodeship IS NOT NULL)::DOUBLE
               / count(DISTINCT u.voivodeship_teryt) AS regional_share
      FROM g JOIN units u ON u.teryt = g.powiat CROSS JOIN dts
      LEFT JOIN regional r ON r.slot = dts.slot AND r.voivodeship = u.voivodeship_teryt
      GROUP BY g.unit, dts.slot""", ("regional",)),
    "alp": ("""
      SELECT g.unit, c.slot, count(DISTINCT c.partner_id) AS n
      FROM cover c JOIN g USING (powiat) GROUP BY g.unit, c.slot""", ("cover",)),
    "coal": ("""
      SELECT g.unit, cs.slot, count(*) AS n,
             avg(CASE WHEN cs.nsec >= 3 THEN 1.0 ELSE 0.0 END) AS cross_share
      FROM (SELECT ac.slot, ac.coalition_id, ac.powiat, count(DISTINCT am.sector) AS nsec
            FROM active_coal ac LEFT JOIN active_mem am USING (slot, coalition_id)
            GROUP BY ac.slot, ac.coalition_id, ac.powiat) cs
      JOIN g USING (powiat) GROUP BY g.unit, cs.slot""", ("active_coal", "active_mem")),
    # regional partners active at d seated in the voivodeship(s) the unit's powiats lie in
    "arp": ("""
      SELECT gv.unit, r.slot, count(DISTINCT r.partner_id) AS n
      FROM (SELECT DISTINCT g.unit, u.voivodeship_teryt FROM g JOIN units u ON u.teryt = g.powiat) gv
      JOIN regional r ON r.voivodeship = gv.voivodeship_teryt
      GROUP BY gv.unit, r.slot""", ("regional",)),
    # partners on task teams at d, counted where they work at d (distinct at the unit's own level)
    "ptt": ("""
      SELECT g.unit, w.slot, count(DISTINCT w.partner_id) AS n
      FROM in_teams it JOIN working w USING (slot, partner_id) JOIN g USING (powiat)
      GROUP BY g.unit, w.slot""", ("in_teams", "working")),
    "cmem": ("""
      SELECT g.unit, am.slot, count(DISTINCT am.member_id) AS n
      FROM active_mem am JOIN g USING (powiat) GROUP BY g.unit, am.slot""", ("active_mem",)),
    "pl": ("""
      SELECT pu.unit, pu.slot,
             avg(ps.completion) FILTER (WHERE ps.level = 'local') AS completion_local,
             avg(ps.completion) FILTER (WHERE ps.level = 'regional') AS completion_regional,
             avg(CASE WHEN ps.status_light = 'green' THEN 1.0 ELSE 0.0 END)
               FILTER (WHERE ps.status_light IS NOT NULL) AS on_track_share
      FROM ({plan_unit}) pu JOIN plan_status ps USING (slot, plan_id)
      WHERE ps.running
      GROUP BY pu.unit, pu.slot""", ("plan_status",)),
    "vol": ("""
      SELECT g.unit, dts.slot,
             count(*) FILTER (WHERE v.registered_on <= dts.d) AS registered,
             count(*) FILTER (WHERE v.ks_member_since <= dts.d) AS ks{keys}
      FROM volunteers v JOIN g USING (powiat) CROSS JOIN dts
      GROUP BY g.unit, dts.slot""", ()),
    "hrs": ("""
      SELECT g.unit, hv.slot,
             count(*) FILTER (WHERE hv.conf > 0) AS active,
             sum(hv.conf) AS confirmed, sum(hv.logged) AS logged{keys}
      FROM hv JOIN volunteers v USING (volunteer_id) JOIN g ON g.powiat = v.powiat
      GROUP BY g.unit, hv.slot""", ("hv",)),
    "org": ("""
      SELECT g.unit, dts.slot,
             count(*) FILTER (WHERE o.base_partner_id IS NOT NULL AND o.joined_on <= dts.d) AS in_base,
             count(*) FILTER (WHERE o.mpw_certified_on <= dts.d) AS mpw
      FROM organisers o JOIN g USING (powiat) CROSS JOIN dts
      GROUP BY g.unit, dts.slot""", ()),
    "pub": (f"""
      SELECT g.unit, dts.slot, count(*) AS n
      FROM organisers o JOIN g USING (powiat) CROSS JOIN dts
      SEMI JOIN hours h ON h.organiser_id = o.organiser_id AND h.month BETWEEN dts.p0 AND dts.p1
                       AND h.hours_confirmed > 0
      WHERE o.type IN ({_PUBLIC})
      GROUP BY g.unit, dts.slot""", ()),
    "act": ("""
      SELECT g.unit, dm.slot,
             count(*) FILTER (WHERE a.type = 'training') AS trainings,
             coalesce(sum(coalesce(a.participants, 0)) FILTER (WHERE a.type = 'training'), 0) AS participants,
             count(*) FILTER (WHERE a.type = 'local_project') AS projects,
             count(*) FILTER (WHERE a.type = 'network_meeting') AS network_meetings,
             count(*) FILTER (WHERE a.type = 'coalition_meeting') AS coalition_meetings,
             count(*) FILTER (WHERE a.type IN ('promotion', 'contest')) AS promotion_events,
             count(*) FILTER (WHERE a.type IN ('training', 'counselling') AND a.audience = 'organisers')
               AS organiser_support,
             count(*) FILTER (WHERE a.type = 'institution_programme') AS institution_programmes{keys}
      FROM activities a JOIN g USING (powiat) JOIN dm ON dm.month = date_trunc('month', a.date)
      GROUP BY g.unit, dm.slot""", ()),
}


def _dated_block(name: str, cols: tuple[str, ...]) -> str:
    """A block of counts "on or before the slot's date d" from db's agg_<name>_months/_days."""
    pick = ", ".join(f"x.{c}" for c in cols)
    return f"""
      SELECT g.unit, x.slot, {", ".join(f"sum(x.{c}) AS {c}" for c in cols)}
      FROM (SELECT dts.slot, x.powiat, {pick}
            FROM agg_{name}_months x JOIN dts ON x.month < date_trunc('month', dts.d)::DATE
            UNION ALL
            SELECT dts.slot, x.powiat, {pick}
            FROM agg_{name}_days x JOIN dts ON x.month = date_trunc('month', dts.d)::DATE AND x.day <= dts.d) x
      JOIN g USING (powiat)
      GROUP BY g.unit, x.slot"""


# The same blocks over the importer's pre-aggregates (analytics/data/db.py AGGREGATES), used when the
# file is sealed and holds them (run()): tables of (powiat, month, ...) or (powiat, day) rows instead of
# millions of hours and volunteer rows grouped by volunteer or organiser. A person or organisation
# active in months p0..p1 is counted once, on the one row of those months whose previous active month
# is empty or before p0 (the slot's months are a run p0..p1). Without keys only for hrs, vol and act
# (the blocks in KEY_COLUMNS): their record keys belong to volunteers, hours rows and trainings, which
# the pre-aggregates no longer hold, so keyed they read the input tables.
AGG_MEASURES: dict[str, tuple[str, tuple[str, ...]]] = {
    # counts on or before d: whole months before d's month, then the days of d's month up to d
    "vol": (_dated_block("volunteer", ("registered", "ks")), ()),
    "org": (_dated_block("organiser", ("in_base", "mpw")), ()),
    "hrs": ("""
      SELECT g.unit, dm.slot,
             coalesce(sum(x.volunteers) FILTER (WHERE x.active AND (x.prev_active IS NULL OR x.prev_active < dts.p0)),
                      0) AS active,
             sum(x.confirmed) AS confirmed, sum(x.logged) AS logged
      FROM agg_volunteer_hours x JOIN dm USING (month) JOIN dts USING (slot) JOIN g USING (powiat)
      GROUP BY g.unit, dm.slot""", ()),
    "pub": ("""
      SELECT g.unit, dm.slot,
             coalesce(sum(x.organisers) FILTER (WHERE x.prev_month IS NULL OR x.prev_month < dts.p0), 0) AS n
      FROM agg_public_engaged x JOIN dm USING (month) JOIN dts USING (slot) JOIN g USING (powiat)
      GROUP BY g.unit, dm.slot""", ()),
    "act": ("""
      SELECT g.unit, dm.slot,
             coalesce(sum(x.activities) FILTER (WHERE x.type = 'training'), 0) AS trainings,
             coalesce(sum(x.participants) FILTER (WHERE x.type = 'training'), 0) AS participants,
             coalesce(sum(x.activities) FILTER (WHERE x.type = 'local_project'), 0) AS projects,
             coalesce(sum(x.activities) FILTER (WHERE x.type = 'network_meeting'), 0) AS network_meetings,
             coalesce(sum(x.activities) FILTER (WHERE x.type = 'coalition_meeting'), 0) AS coalition_meetings,
             coalesce(sum(x.activities) FILTER (WHERE x.type IN ('promotion', 'contest')), 0) AS promotion_events,
             coalesce(sum(x.activities) FILTER (WHERE x.type IN ('training', 'counselling')
                                                AND x.audience = 'organisers'), 0) AS organiser_support,
             coalesce(sum(x.activities) FILTER (WHERE x.type = 'institution_programme'), 0)
               AS institution_programmes
      FROM agg_activities x JOIN g USING (powiat) JOIN dm USING (month)
      GROUP BY g.unit, dm.slot""", ()),
}

# With keys (the cell-key method, analytics/metrics/keys.py): beside each protected value, the sum of
# the record keys of the records it counts - a volunteer's key for counts of volunteers, an hours
# row's key (volunteer and month) for sums of hours, a training's key for training participants.
# `{keys}` in a block or in the `hv` helper. (Hours are keyed by their rows, not their volunteers:
# the same volunteers active every month would otherwise give every month and the year one key,
# one factor, and a year minus its visible months would give a hidden month away.)
_HOUR_ROW_KEY = keys.record_key_sql("h.volunteer_id || ':' || strftime(h.month, '%Y-%m')")
KEY_COLUMNS: dict[str, str] = {
    "vol": (f",\n             sum({keys.record_key_sql('v.volunteer_id')}) FILTER (WHERE v.registered_on <= dts.d)"
            f" AS registered_key,\n             sum({keys.record_key_sql('v.volunteer_id')})"
            f" FILTER (WHERE v.ks_member_since <= dts.d) AS ks_key"),
    "hv": (f",\n        sum({_HOUR_ROW_KEY}) FILTER (WHERE h.hours_confirmed > 0) AS conf_rows_key,"
           f"\n        sum({_HOUR_ROW_KEY}) FILTER (WHERE h.hours_logged > 0) AS logged_rows_key"),
    "hrs": (f",\n             sum({keys.record_key_sql('hv.volunteer_id')}) FILTER (WHERE hv.conf > 0) AS active_key,"
            f"\n             sum(hv.conf_rows_key) AS confirmed_key, sum(hv.logged_rows_key) AS logged_key"),
    "act": (f",\n             sum({keys.record_key_sql('a.activity_id')}) FILTER (WHERE a.type = 'training')"
            f" AS participants_key"),
}


# --- query building --------------------------------------------------------------------------------

def _grouping(level: str) -> tuple[str, str, str, str]:
    """(g, unit list, population, plan membership) SQL for a level or 'area' (params $an, $ap)."""
    if level == "powiat":
        g = "SELECT teryt AS powiat, teryt AS unit FROM units WHERE level = 'powiat'"
    elif level == "voivodeship":
        g = "SELECT teryt AS powiat, voivodeship_teryt AS unit FROM units WHERE level = 'powiat'"
    elif level == "country":
        g = f"SELECT teryt AS powiat, '{COUNTRY}' AS unit FROM units WHERE level = 'powiat'"
    elif level == "area":
        g = ("SELECT DISTINCT x.powiat, x.unit FROM (SELECT unnest($ap) AS powiat, unnest($an) AS unit) x "
             "JOIN units u ON u.teryt = x.powiat AND u.level = 'powiat'")
    else:
        raise ValueError(f"unknown level: {level!r} (expected one of {LEVELS})")
    if level == "area":
        ul = "SELECT DISTINCT unnest($an) AS unit, unnest($an) AS name"
        pop = ("SELECT g.unit, sum(up.population)::DOUBLE AS population FROM g "
               "JOIN unit_population up ON up.teryt = g.powiat GROUP BY g.unit")
    else:
        ul = f"SELECT teryt AS unit, name FROM units WHERE level = '{level}'"
        pop = (f"SELECT teryt AS unit, population::DOUBLE AS population FROM unit_population "
               f"WHERE level = '{level}'")
    if level in ("powiat", "area"):
        plan_unit = "SELECT DISTINCT pp.slot, g.unit, pp.plan_id FROM plan_pow pp JOIN g USING (powiat)"
    elif level == "voivodeship":
        plan_unit = "SELECT slot, voivodeship AS unit, plan_id FROM plan_status"
    else:
        plan_unit = f"SELECT slot, '{COUNTRY}' AS unit, plan_id FROM plan_status"
    return g, ul, pop, plan_unit


def _absent_table(name: str) -> str:
    """An empty relation with the columns and types of input table `name` (a CTE of that name stands
    in for a table the database file lacks: one built before contract v1.1 has no task teams)."""
    t = schema.TABLES_BY_NAME[name]
    cols = ", ".join(f"NULL::{schema.SQL_TYPES[c.type]} AS {c.name}" for c in t.columns)
    return f"{name} AS (SELECT {cols} WHERE false)"


def build_sql(level: str, codes: list[str], dates: str = ONE_READING, slot_columns: str = "",
              only_units: bool = False, keyed: bool = False, absent: tuple[str, ...] = (),
              aggregates: bool = False) -> str:
    """The single query computing `codes` for every unit of `level` ('area': the areas in $an/$ap)
    and every slot of the dates relation `dates` (default: one reading at $d over $p0..$p1). Rows:
    teryt, name, then `slot_columns` (SQL over `dts`, e.g. the month of a series), then the codes;
    sorted by unit and slot. only_units: keep only the units in the list parameter $units.
    keyed: also the cell key `<code>__ckey` of every requested code that has one (catalogue.KEYED),
    from the record keys under the secret parameter $ck_secret. absent: input tables the database
    lacks, read as empty (their indicators are blanked by run()). aggregates: read the importer's
    pre-aggregates where AGG_MEASURES has the block (with keys, not for the blocks in KEY_COLUMNS)."""
    g, ul, pop, plan_unit = _grouping(level)
    if only_units:
        g = f"SELECT * FROM ({g}) WHERE list_contains($units, unit)"
        ul = f"SELECT * FROM ({ul}) WHERE list_contains($units, unit)"
    measures: list[str] = []
    for c in codes:
        for m in catalogue.get(c).measures:
            if m not in measures:
                measures.append(m)
    blocks = {m: (AGG_MEASURES[m] if aggregates and m in AGG_MEASURES and not (keyed and m in KEY_COLUMNS)
                  else MEASURES[m]) for m in measures}
    helpers: list[str] = []

    def need(h):
        for dep in HELPERS[h][1]:
            need(dep)
        if h not in helpers:
            helpers.append(h)

    for m in measures:
        for h in blocks[m][1]:
            if m == "pl" and level in ("powiat", "area"):
                need("plan_pow")
            need(h)
    narrow = NARROW_HV if only_units or level == "area" else ""
    ctes = [_absent_table(t) for t in absent]
    ctes += [f"dts AS ({dates})", f"dm AS ({SLOT_MONTHS})", f"g AS ({g})", f"ul AS ({ul})"]
    ctes += [f"{h} AS {'MATERIALIZED ' if h == 'hv' else ''}"
             f"({HELPERS[h][0].replace('{narrow}', narrow).replace('{keys}', KEY_COLUMNS.get(h, '') if keyed else '')})"
             for h in helpers]
    for m in measures:
        body = blocks[m][0].replace("{pop}", pop).replace("{plan_unit}", plan_unit)
        body = body.replace("{keys}", KEY_COLUMNS.get(m, "") if keyed else "")
        ctes.append(f"{m} AS ({body})")
    cols = ",\n  ".join(f"({catalogue.get(c).sql})::DOUBLE AS {c}" for c in codes)
    if keyed:
        cols += "".join(f",\n  {keys.cell_key_sql(catalogue.get(c).ckey)} AS {catalogue.ckey_column(c)}"
                        for c in codes if c in catalogue.KEYED)
    joins = "\n".join(f"LEFT JOIN {m} ON {m}.unit = ul.unit AND {m}.slot = dts.slot" for m in measures)
    with_sql = ",\n".join(ctes)
    return (f"WITH {with_sql}\nSELECT ul.unit AS teryt, ul.name,{slot_columns}\n  {cols}\n"
            f"FROM ul CROSS JOIN dts\n{joins}\nORDER BY ul.unit, dts.slot")


def _params(sql: str, d, p0, p1, extra: dict | None = None) -> dict:
    allp = {"d": d, "p0": p0, "p1": p1, "p1_end": month_end(p1), **(extra or {})}
    return {k: v for k, v in allp.items() if re.search(rf"\${k}\b", sql)}


def _blank_unprovided(df: pd.DataFrame, codes: list[str], provided: frozenset[str]) -> pd.DataFrame:
    for c in codes:
        ind = catalogue.get(c)
        if any(t not in provided for t in ind.optional_sources):
            df[c] = float("nan")
    return df


def run(con, level: str, codes: list[str], as_of=None, period=None, extra: dict | None = None,
        dates: str = ONE_READING, slot_columns: str = "", secret: str | None = None) -> pd.DataFrame:
    """Run build_sql for known `codes` (in the order given) at (D, P0, P1) = resolve_dates(as_of,
    period): float64 code columns, SOW-less codes blanked. `extra`: more parameters ($an/$ap for
    areas, $units to keep only some units). secret: also the cell keys (build_sql keyed=True)."""
    cur = con.cursor()  # a cursor per call: safe when one connection serves several threads
    facts = db.file_facts(cur)  # the file's catalogue and seal, read once for every check below
    tables, sealed = set(facts.tables), facts.sealed
    if as_of is None:  # resolve_dates' default, with what is known already
        as_of = facts.as_of if sealed else db.data_as_of(cur, tables, False)
    d, p0, p1 = resolve_dates(cur, as_of, period)
    existing = db.existing_tables(cur, tables)
    absent = tuple(t for t in dict.fromkeys(x for c in codes for x in catalogue.get(c).sources)
                   if t not in existing)
    sql = build_sql(level, codes, dates, slot_columns, only_units="units" in (extra or {}),
                    keyed=secret is not None, absent=absent,
                    aggregates=sealed and set(db.AGGREGATES) <= tables)
    params = _params(sql, d, p0, p1, extra)
    if secret is not None and f"${keys.SECRET_PARAM}" in sql:
        params[keys.SECRET_PARAM] = secret
    df = cur.execute(sql, params).df()
    for c in codes:
        df[c] = df[c].astype("float64")
    return _blank_unprovided(df, codes, facts.provided)


def _run(con, level: str, codes, as_of, period, extra=None, secret=None) -> pd.DataFrame:
    return run(con, level, catalogue.check_codes(codes), as_of, period, extra, secret=secret)


# --- public API ------------------------------------------------------------------------------------

def compute(con, level: str, as_of: dt.date | str | None = None,
            period: tuple[dt.date, dt.date] | None = None, codes: list[str] | None = None,
            units: list[str] | None = None, secret: str | None = None) -> pd.DataFrame:
    """One row per unit of `level` ('powiat' 380, 'voivodeship' 16, 'country' 1), sorted by teryt:
    teryt, name, then one float64 column per requested code in catalogue order (NaN = empty).
    `units` restricts the returned rows (the computation is the same). With `secret` (the
    installation's), also a `<code>__ckey` cell key per keyed code, for access/privacy.protect."""
    if level not in LEVELS:
        raise ValueError(f"unknown level: {level!r} (expected one of {LEVELS})")
    df = _run(con, level, codes, as_of, period, secret=secret)
    if units is not None:
        df = df[df["teryt"].isin(list(units))].reset_index(drop=True)
    return df


def compute_areas(con, areas: dict[str, list[str]], as_of=None, period=None,
                  codes: list[str] | None = None, secret: str | None = None) -> pd.DataFrame:
    """Indicators for named areas (name -> powiat TERYT codes), each computed over the UNION of its
    powiats: people and organisations counted once, population summed over its powiats, coverage
    the share of its powiats, plans those belonging to any of its powiats. One row per area:
    teryt (= the area's name), name, codes. A code that is not a powiat TERYT code is an error."""
    from analytics.data.reference import powiat_codes
    names, pows = [], []
    for name, ps in areas.items():
        for p in ps:
            if str(p) not in powiat_codes():
                raise ValueError(f"area {name!r}: {p!r} is not a powiat TERYT code")
            names.append(str(name))
            pows.append(str(p))
    if not names:
        raise ValueError("an area needs at least one powiat")
    return _run(con, "area", codes, as_of, period, {"an": names, "ap": pows}, secret=secret)


def compute_area(con, powiats: list[str], as_of=None, period=None,
                 codes: list[str] | None = None) -> pd.Series:
    """The indicators (Series indexed by code, catalogue order) for one area = a set of powiats,
    computed over their union (see compute_areas). Suppress with
    privacy.suppress(series.to_frame().T, 'area', role)."""
    df = compute_areas(con, {AREA: list(powiats)}, as_of, period, codes)
    s = df.drop(columns=["teryt", "name"]).iloc[0]
    s.name = AREA
    return s


def unit_plans(con, level: str, unit: str, as_of=None) -> list[str]:
    """The plan_ids a unit of `level` holds at D (every counted plan, running or ended), by the
    engine's own plan membership (the relation plan_completion_* and plans_on_track_share average
    over, before they keep the running plans): the country all; a voivodeship the plans of partners
    seated in it; a powiat the local plans of partners covering it at D and its voivodeship's
    regional plans. The Plans page lists these for the unit in focus."""
    if level not in LEVELS:
        raise ValueError(f"unknown level: {level!r} (expected one of {LEVELS})")
    cur = con.cursor()
    d, p0, p1 = resolve_dates(cur, as_of)
    g, _ul, _pop, plan_unit = _grouping(level)
    helpers = ["plan_ind", "plan_status"] + (["cover", "plan_pow"] if level == "powiat" else [])
    ctes = [f"dts AS ({ONE_READING})", f"g AS ({g})"] + [f"{h} AS ({HELPERS[h][0]})" for h in helpers]
    sql = (f"WITH {', '.join(ctes)} SELECT DISTINCT plan_id FROM ({plan_unit}) pu WHERE pu.unit = $u "
           f"ORDER BY plan_id")
    return [r[0] for r in cur.execute(sql, _params(sql, d, p0, p1, {"u": unit})).fetchall()]

