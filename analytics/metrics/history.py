"""Partners over time, and each partner's record: what the Partners page shows (app_pages/partners.py).

    register(con, as_of)                 -> one row per partners row: name, tier, voivodeship, edition,
                                            dates, grant, its powiats (ever and at D), active at D
    editions(con)                        -> one row per edition: first and last day, partners by tier
    by_voivodeship(con)                  -> partners per (voivodeship, edition, tier)
    coverage_history(con, level, ...)    -> monthly coverage series (the indicator engine, month by month)
    month_ends(first, as_of)             -> the readings of a date slider: each month's last day, then D
    coverage_category(frame)             -> per powiat: 'local' | 'regional' | 'none'
    partner_powiats(con, partner_id, d)  -> where a partner works at d (rules.partner_powiats)
    partner_coalitions / partner_teams / partner_activities -> a partner's profile

No indicator is defined here. Coverage over time is analytics/metrics/trends.py (the engine read once
per month: local_partner_coverage, population_coverage, active_local_partners, ... exactly as
compute(as_of=month end) gives them). "Active at D" is analytics/metrics/rules.py: partners and their
areas start <= D <= end, coalitions, memberships and task teams start <= D < end (task-team memberships
as contract v1.1 says: joined_on <= D < left_on in a team with founded_on <= D < dissolved_on).

Decisions (tested in tests/unit/test_history.py):
  - An edition is the `edition` text of the partners rows (contract: optional free text such as
    "2021-2023"); a partner without one belongs to no edition (edition None). Editions are ordered
    by their first day, the earliest start_date of their partners; their last day is the latest
    end_date, None while one of them is open-ended.
  - A partner's area "ever" is every powiat of its partner_areas rows, whatever their dates; a
    regional partner's area is its voivodeship (no powiat list: every powiat of it).
  - Coverage history starts with the month of the first partner's start_date (nothing before it)
    and ends with D's month; each point is read at the month's last day, D in D's own month.
  - Activities of a partner are counted by type and calendar year of their date (counts of
    activities are exact, contract section 4; participants are people and are not given here).
All counts here are of organisations and activities: exact for every viewer (contract section 4).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics.data import db
from analytics.metrics import catalogue, rules, trends
from analytics.metrics.dates import month_end, resolve_dates, to_date

# The coverage series the page offers, in this order (codes of the catalogue; a code the catalogue
# does not hold - an older build - is left out).
COVERAGE_CODES = tuple(c for c in ("local_partner_coverage", "population_coverage", "active_local_partners",
                                   "active_regional_partners", "regional_partner_presence")
                       if c in catalogue.BY_CODE)
CATEGORIES = ("local", "regional", "none")  # coverage_category's values, most covered first

REGISTER_COLUMNS = ["partner_id", "name", "tier", "voivodeship", "voivodeship_name", "edition", "start_date",
                    "end_date", "grant_pln", "active", "powiats", "powiats_now"]


def _d(con, as_of) -> dt.date:
    return resolve_dates(con, as_of)[0]


def register(con, as_of=None) -> pd.DataFrame:
    """Every partners row, sorted by edition (in editions() order, no edition last), tier (regional
    first), voivodeship and partner_id: REGISTER_COLUMNS. `active`: the partnership runs at D
    (default db.data_as_of); `powiats`: sorted powiat codes of every partner_areas row of the partner
    (a regional partner: []); `powiats_now`: where it works at D (rules.partner_powiats: a local
    partner its areas valid at D, a regional partner every powiat of its voivodeship; [] when not
    active)."""
    cur = con.cursor()
    d = _d(cur, as_of)
    df = cur.execute(f"""
        WITH ever AS (SELECT partner_id, list_sort(list(DISTINCT powiat)) AS powiats FROM partner_areas
                      GROUP BY partner_id),
             now AS (SELECT partner_id, list_sort(list(DISTINCT powiat)) AS powiats_now
                     FROM ({rules.partner_powiats()}) GROUP BY partner_id),
             ed AS (SELECT edition, min(start_date) AS first_day FROM partners
                    WHERE edition IS NOT NULL GROUP BY edition)
        SELECT p.partner_id, p.name, p.tier, p.voivodeship, v.name AS voivodeship_name, p.edition,
               p.start_date, p.end_date, p.grant_pln::DOUBLE AS grant_pln,
               {rules.partner_active('p')} AS active,
               CASE WHEN p.tier = 'local' THEN coalesce(ever.powiats, []) ELSE [] END AS powiats,
               coalesce(now.powiats_now, []) AS powiats_now
        FROM partners p
        LEFT JOIN ever USING (partner_id) LEFT JOIN now USING (partner_id) LEFT JOIN ed USING (edition)
        LEFT JOIN units v ON v.teryt = p.voivodeship AND v.level = 'voivodeship'
        ORDER BY ed.first_day NULLS LAST, p.edition, CASE p.tier WHEN 'regional' THEN 0 ELSE 1 END,
                 p.voivodeship, p.partner_id""", {"d": d}).df()
    for c in ("powiats", "powiats_now"):
        df[c] = [list(x) if x is not None else [] for x in df[c]]
    df["active"] = df["active"].astype(bool)
    df["edition"] = pd.Series([e if isinstance(e, str) else None for e in df["edition"]], index=df.index,
                              dtype=object)
    for c in ("start_date", "end_date"):
        df[c] = [to_date(x) if pd.notna(x) else None for x in df[c]]
    return df[REGISTER_COLUMNS]


def editions(con) -> pd.DataFrame:
    """One row per edition, ordered by its first day: edition, first_day (earliest start_date of its
    partners), all_started (latest start_date: every partner of the edition has started), last_day
    (latest end_date; None while a partner of it has none), regional, local (partners rows of each
    tier), grants (sum of grant_pln, None when no row gives one)."""
    df = con.cursor().execute("""
        SELECT edition, min(start_date) AS first_day, max(start_date) AS all_started,
               CASE WHEN count(*) = count(end_date) THEN max(end_date) END AS last_day,
               count(*) FILTER (WHERE tier = 'regional') AS regional,
               count(*) FILTER (WHERE tier = 'local') AS local,
               sum(grant_pln)::DOUBLE AS grants
        FROM partners WHERE edition IS NOT NULL
        GROUP BY edition ORDER BY first_day, edition""").df()
    for c in ("first_day", "all_started", "last_day"):
        df[c] = [to_date(x) if pd.notna(x) else None for x in df[c]]
    for c in ("regional", "local"):
        df[c] = df[c].astype(int)
    return df


MOMENTS = ("first_day", "all_started", "last_day")


def edition_moment(edition: pd.Series | dict, moment: str, as_of: dt.date) -> dt.date | None:
    """The date an edition is shown on: its first day, the day its last partner started, or its last
    day ('first_day' | 'all_started' | 'last_day'), never after D (an edition still running at D,
    or ending after it, is shown on D); None when the edition starts after D."""
    if moment not in MOMENTS:
        raise ValueError(f"unknown moment: {moment!r} (expected one of {MOMENTS})")
    first = to_date(edition["first_day"])
    if first > as_of:
        return None
    value = edition[moment]
    d = to_date(value) if value is not None and pd.notna(value) else as_of
    return min(d, as_of)


def by_voivodeship(con) -> pd.DataFrame:
    """Partners rows per seat voivodeship, edition and tier: voivodeship, voivodeship_name, edition,
    regional, local, names_regional (the regional partners' names, ' / '-joined in start order).
    Every voivodeship of the reference appears with every edition (0 where it had no partner)."""
    df = con.cursor().execute("""
        WITH ed AS (SELECT edition, min(start_date) AS first_day FROM partners
                    WHERE edition IS NOT NULL GROUP BY edition),
             v AS (SELECT teryt AS voivodeship, name AS voivodeship_name FROM units WHERE level = 'voivodeship')
        SELECT v.voivodeship, v.voivodeship_name, ed.edition,
               count(p.partner_id) FILTER (WHERE p.tier = 'regional') AS regional,
               count(p.partner_id) FILTER (WHERE p.tier = 'local') AS local,
               string_agg(p.name, ' / ' ORDER BY p.start_date, p.partner_id) FILTER (WHERE p.tier = 'regional')
                 AS names_regional
        FROM v CROSS JOIN ed
        LEFT JOIN partners p ON p.voivodeship = v.voivodeship AND p.edition = ed.edition
        GROUP BY ALL ORDER BY v.voivodeship, min(ed.first_day)""").df()
    for c in ("regional", "local"):
        df[c] = df[c].astype(int)
    return df


def first_start(con) -> dt.date | None:
    """The earliest start_date of any partner (None without partners)."""
    row = con.cursor().execute("SELECT min(start_date) FROM partners").fetchone()
    return to_date(row[0]) if row and row[0] is not None else None


def coverage_history(con, level: str, as_of=None, teryt=None, codes=None) -> pd.DataFrame:
    """Monthly series of `codes` (default COVERAGE_CODES) for the units `teryt` (one, a list, None =
    every unit) of `level` ('country', 'voivodeship', 'powiat'), from the month of the first
    partner's start to D's month: trends.series, so each point is compute(as_of=at) of that unit
    (at = the month's last day, D in D's month). Columns teryt, name, month, at, codes. Empty (those
    columns, no rows) when there is no partner or D is before the first one."""
    cur = con.cursor()
    d = _d(cur, as_of)
    codes = list(codes or COVERAGE_CODES)
    first = first_start(cur)
    if first is None or first > d:
        return pd.DataFrame(columns=["teryt", "name", "month", "at", *codes])
    return trends.series(cur, level, teryt=teryt, as_of=d, period=(first, d), codes=codes)


def month_ends(first: dt.date, as_of: dt.date) -> list[dt.date]:
    """The last day of every month from first's month to as_of's month, the last one being as_of
    itself (a date slider's stops). [] when as_of is before first."""
    first, as_of = to_date(first), to_date(as_of)
    out: list[dt.date] = []
    m = first.replace(day=1)
    while m <= as_of:
        out.append(min(month_end(m), as_of))
        m = month_end(m) + dt.timedelta(days=1)
    return out


def coverage_category(frame: pd.DataFrame) -> pd.Series:
    """Per row of a powiat indicator frame (local_partner_coverage, regional_partner_presence):
    'local' where a local partner works, else 'regional' where its voivodeship has a regional
    partner, else 'none'."""
    local = pd.to_numeric(frame["local_partner_coverage"], errors="coerce").fillna(0) > 0
    regional = pd.to_numeric(frame["regional_partner_presence"], errors="coerce").fillna(0) > 0
    out = pd.Series("none", index=frame.index, dtype=object)
    out[regional] = "regional"
    out[local] = "local"
    return out


def partner_powiats(con, partner_id: str, as_of=None) -> list[str]:
    """Where the partner works at D (rules.partner_powiats), sorted; [] when not active then."""
    cur = con.cursor()
    d = _d(cur, as_of)
    return sorted(r[0] for r in cur.execute(
        f"SELECT DISTINCT powiat FROM ({rules.partner_powiats()}) WHERE partner_id = $pid",
        {"d": d, "pid": partner_id}).fetchall())


def profile_date(partner: pd.Series | dict, as_of: dt.date) -> dt.date:
    """The date a partner's profile shows its area on: D while the partnership runs; its last day
    once it has ended; its first day when it starts after D."""
    start = to_date(partner["start_date"])
    end = to_date(partner["end_date"]) if partner["end_date"] is not None and pd.notna(partner["end_date"]) else None
    if as_of < start:
        return start
    if end is not None and as_of > end:
        return end
    return as_of


def partner_coalitions(con, partner_id: str, as_of=None) -> pd.DataFrame:
    """Coalitions the partner supports (coalitions.partner_id), sorted by founding date: coalition_id,
    name, powiat, powiat_name (units.name_full), founded_on, dissolved_on, active (at D: founded_on
    <= D < dissolved_on), members (distinct members with a membership active at D; 0 when the
    coalition is not active)."""
    cur = con.cursor()
    d = _d(cur, as_of)
    df = cur.execute(f"""
        SELECT c.coalition_id, c.name, c.powiat, u.name_full AS powiat_name, c.founded_on, c.dissolved_on,
               {rules.coalition_active('c')} AS active,
               count(DISTINCT m.member_id) FILTER (WHERE {rules.coalition_active('c')}
                                                    AND {rules.membership_active('m')}) AS members
        FROM coalitions c
        LEFT JOIN coalition_members m USING (coalition_id)
        LEFT JOIN units u ON u.teryt = c.powiat
        WHERE c.partner_id = $pid
        GROUP BY ALL ORDER BY c.founded_on, c.coalition_id""", {"d": d, "pid": partner_id}).df()
    df["active"] = df["active"].astype(bool)
    df["members"] = df["members"].astype(int)
    return df


def partner_teams(con, partner_id: str, as_of=None) -> pd.DataFrame:
    """The partner's task-team memberships (contract v1.1), sorted by joined_on: team_id, name, area,
    founded_on, dissolved_on, joined_on (the team's founded_on when empty), left_on, active (at D:
    joined_on <= D < left_on in a team with founded_on <= D < dissolved_on). Empty when the data has
    no task teams."""
    cur = con.cursor()
    if not db.has_table(cur, "task_team_members"):
        return pd.DataFrame(columns=["team_id", "name", "area", "founded_on", "dissolved_on", "joined_on",
                                     "left_on", "active"])
    d = _d(cur, as_of)
    df = cur.execute("""
        SELECT t.team_id, t.name, t.area, t.founded_on, t.dissolved_on,
               coalesce(m.joined_on, t.founded_on) AS joined_on, m.left_on,
               (t.founded_on <= $d AND (t.dissolved_on IS NULL OR $d < t.dissolved_on)
                AND coalesce(m.joined_on, t.founded_on) <= $d AND (m.left_on IS NULL OR $d < m.left_on)) AS active
        FROM task_team_members m JOIN task_teams t USING (team_id)
        WHERE m.partner_id = $pid
        ORDER BY joined_on, t.team_id""", {"d": d, "pid": partner_id}).df()
    df["active"] = df["active"].astype(bool)
    return df


def partner_activities(con, partner_id: str) -> pd.DataFrame:
    """The partner's activities counted by calendar year and type: year, type, activities (int);
    sorted by year and type. Empty when it has none (or activities were not provided)."""
    df = con.cursor().execute("""
        SELECT year(date)::INTEGER AS year, type, count(*)::INTEGER AS activities
        FROM activities WHERE partner_id = $pid GROUP BY ALL ORDER BY year, type""",
                              {"pid": partner_id}).df()
    return df
