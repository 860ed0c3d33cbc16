"""Detail tables behind the pages: coalition lists, sector mix, volunteer breakdowns, white spots.

Definitions follow data contract section 3 (as analytics/metrics/indicators.py): a coalition is active at D
when founded_on <= D < dissolved_on, a membership when joined_on <= D < left_on - the rules of
analytics/metrics/rules.py; a member's sector comes from schema.MEMBER_SECTORS. Counts here are exact: breakdowns of people reach a protected
viewer only through access.privacy.protect_breakdown.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics.data import schema
from analytics.metrics import catalogue, keys, rules

AGE_BANDS = (  # (key, lowest age, highest age); ages at the as-of date's year
    ("under_18", 0, 17), ("18_24", 18, 24), ("25_34", 25, 34), ("35_44", 35, 44),
    ("45_54", 45, 54), ("55_64", 55, 64), ("65_plus", 65, 200),
)


def _sector_case(col: str) -> str:
    whens = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in schema.MEMBER_SECTORS.items())
    return f"CASE {col} {whens} END"


def _unit_filter(level: str, col: str) -> str:
    """SQL condition restricting a powiat column to the unit `$unit` of `level`."""
    if level == "powiat":
        return f"{col} = $unit"
    if level == "voivodeship":
        return f"left({col}, 2) = $unit"
    return "true"


def coalitions_in_unit(con, level: str, unit: str, as_of: dt.date) -> pd.DataFrame:
    """Coalitions seated in the unit and active at D, with active members, sectors and cross-sector
    flag (>= 3 of the 4 sectors among active members)."""
    sql = f"""
    WITH c AS (
      SELECT * FROM coalitions c
      WHERE {rules.coalition_active('c')} AND {_unit_filter(level, 'powiat')}),
    m AS (
      SELECT cm.coalition_id, cm.member_id, {_sector_case('cm.member_type')} AS sector
      FROM coalition_members cm JOIN c USING (coalition_id)
      WHERE {rules.membership_active('cm')})
    SELECT c.coalition_id, c.name, c.powiat, u.name AS powiat_name, c.founded_on, c.formal_agreement,
           p.name AS partner_name,
           count(DISTINCT m.member_id) AS members,
           count(DISTINCT m.sector) AS sectors,
           count(DISTINCT m.member_id) FILTER (WHERE m.sector = 'civic') AS civic,
           count(DISTINCT m.member_id) FILTER (WHERE m.sector = 'local_government') AS local_government,
           count(DISTINCT m.member_id) FILTER (WHERE m.sector = 'public_institution') AS public_institution,
           count(DISTINCT m.member_id) FILTER (WHERE m.sector = 'business') AS business
    FROM c LEFT JOIN m USING (coalition_id)
    LEFT JOIN units u ON u.teryt = c.powiat
    LEFT JOIN partners p ON p.partner_id = c.partner_id
    GROUP BY ALL
    ORDER BY c.powiat, c.name"""
    df = con.execute(sql, {"d": as_of, "unit": unit} if level != "country" else {"d": as_of}).df()
    df["cross_sector"] = df["sectors"] >= 3
    return df


def sector_mix(con, level: str, as_of: dt.date, voivodeship: str | None = None) -> pd.DataFrame:
    """Distinct active members per unit and sector (long form: teryt, sector, members)."""
    unit_col = "c.powiat" if level == "powiat" else "left(c.powiat, 2)"
    where = "AND left(c.powiat, 2) = $v" if voivodeship else ""
    params = {"d": as_of} | ({"v": voivodeship} if voivodeship else {})
    return con.execute(f"""
        SELECT {unit_col} AS teryt, {_sector_case('cm.member_type')} AS sector,
               count(DISTINCT cm.member_id) AS members
        FROM coalitions c JOIN coalition_members cm USING (coalition_id)
        WHERE {rules.coalition_active('c')} AND {rules.membership_active('cm')} {where}
        GROUP BY ALL ORDER BY 1, 2""", params).df()


def volunteer_breakdown(con, level: str, unit: str, as_of: dt.date, secret: str | None = None) -> pd.DataFrame:
    """Volunteers registered at D living in the unit, by sex and age band (age in D's year):
    sex, age_band, volunteers (exact; access.privacy.protect_breakdown protects the cells). With
    `secret`, also `volunteers__ckey`, each cell's key (metrics/keys.py) for the cell-key noise."""
    bands = " ".join(f"WHEN age BETWEEN {lo} AND {hi} THEN '{k}'" for k, lo, hi in AGE_BANDS)
    params = {"d": as_of, "y": as_of.year} | ({"unit": unit} if level != "country" else {})
    key_col = ""
    if secret is not None:
        params[keys.SECRET_PARAM] = secret
        key_col = f", {keys.cell_key_sql('sum(k)')} AS volunteers__ckey"
    k_expr = keys.record_key_sql("volunteer_id") if secret is not None else "0"
    df = con.execute(f"""
        SELECT sex, CASE {bands} ELSE 'unknown' END AS age_band, count(*) AS volunteers{key_col}
        FROM (SELECT sex, $y - birth_year AS age, {k_expr} AS k FROM volunteers
              WHERE registered_on <= $d AND {_unit_filter(level, 'powiat')})
        GROUP BY ALL""", params).df()
    order_sex = {s: i for i, s in enumerate(("F", "M", "X", "U"))}
    order_age = {k: i for i, (k, _, _) in enumerate(AGE_BANDS)} | {"unknown": len(AGE_BANDS)}
    df = df.sort_values(["sex", "age_band"], key=lambda s: s.map(order_sex if s.name == "sex" else order_age))
    df = df.reset_index(drop=True)
    df["volunteers"] = df["volunteers"].astype("float64")
    return df


def white_spots(powiat_table: pd.DataFrame) -> pd.DataFrame:
    """Powiats with no local partner, no coalition and volunteers per 10k below the national median
    (the median over all powiats with a value). Needs columns local_partner_coverage, coalitions,
    volunteers_per_10k. Without SOW data, the volunteer condition is dropped (two criteria)."""
    df = powiat_table.copy()
    no_partner = df["local_partner_coverage"].fillna(0) == 0
    no_coalition = df["coalitions"].fillna(0) == 0
    vpk = pd.to_numeric(df["volunteers_per_10k"], errors="coerce")
    if vpk.notna().any():
        median = vpk.median()
        low = vpk < median
        # A suppressed value (< 10 volunteers) is certainly low; count it as below the median.
        flag = catalogue.flag_column("volunteers_per_10k")
        if flag in df.columns:
            low = low | df[flag].fillna(False).astype(bool)
    else:
        median = float("nan")
        low = pd.Series(True, index=df.index)
    df["white_spot"] = no_partner & no_coalition & low
    df.attrs["volunteers_per_10k_median"] = median
    return df


# --- network, activities and task teams (contract v1.1) ---------------------------------------------
# Counts of activities and organisations: exact for every viewer (no person counts here - the
# participants of an activity are a count of people and are not listed).

ACTIVITY_COLUMNS = ["activity_id", "date", "type", "audience", "sector", "partner_id", "partner_name",
                    "powiat", "powiat_name"]


def activities_in_unit(con, level: str, unit: str, as_of=None, period=None,
                       types: tuple[str, ...] | list[str] | None = None) -> pd.DataFrame:
    """Activities dated in the period's months (the engine's rule: whole months P0..P1, default the 12
    ending with D's month) held in the unit (by the activity's powiat), optionally of some `types`:
    activity_id, date, type, audience, sector, partner_id, partner_name, powiat, powiat_name; newest
    first. Empty when the activities table was not provided."""
    from analytics.data import db
    from analytics.metrics.dates import resolve_dates
    if "activities" not in db.existing_tables(con):
        return pd.DataFrame(columns=ACTIVITY_COLUMNS)
    d, p0, p1 = resolve_dates(con, as_of, period)
    params = {"p0": p0, "p1": p1} | ({"unit": unit} if level != "country" else {})
    type_filter = ""
    if types is not None:
        params["types"] = list(types)
        type_filter = "AND list_contains($types, a.type)"
    return con.execute(f"""
        SELECT a.activity_id, a.date, a.type, a.audience, a.sector, a.partner_id, p.name AS partner_name,
               a.powiat, u.name AS powiat_name
        FROM activities a LEFT JOIN partners p USING (partner_id) LEFT JOIN units u ON u.teryt = a.powiat
        WHERE date_trunc('month', a.date) BETWEEN $p0 AND $p1 AND {_unit_filter(level, 'a.powiat')} {type_filter}
        ORDER BY a.date DESC, a.activity_id""", params).df()[ACTIVITY_COLUMNS]


def activities_by(con, level: str, by: str, as_of=None, period=None, types=None,
                  voivodeship: str | None = None) -> pd.DataFrame:
    """Activities in the period per unit of `level` ('powiat' | 'voivodeship') and `by` ('type',
    'sector' or 'audience'), long form: teryt, <by>, activities (rows with an empty `by` left out).
    `voivodeship` keeps the units of one voivodeship. The counts are those of the catalogue's
    activity indicators (same months, same powiat)."""
    from analytics.data import db
    from analytics.metrics.dates import resolve_dates
    if by not in ("type", "sector", "audience"):
        raise ValueError(f"unknown breakdown: {by!r}")
    if "activities" not in db.existing_tables(con):
        return pd.DataFrame(columns=["teryt", by, "activities"])
    d, p0, p1 = resolve_dates(con, as_of, period)
    unit_col = "a.powiat" if level == "powiat" else "left(a.powiat, 2)"
    params = {"p0": p0, "p1": p1}
    where = ""
    if types is not None:
        params["types"] = list(types)
        where += " AND list_contains($types, a.type)"
    if voivodeship:
        params["v"] = voivodeship
        where += " AND left(a.powiat, 2) = $v"
    df = con.execute(f"""
        SELECT {unit_col} AS teryt, a.{by} AS {by}, count(*) AS activities
        FROM activities a
        WHERE date_trunc('month', a.date) BETWEEN $p0 AND $p1 AND a.{by} IS NOT NULL {where}
        GROUP BY ALL ORDER BY 1, 2""", params).df()
    df["activities"] = df["activities"].astype("int64")
    return df


TEAM_COLUMNS = ["team_id", "name", "area", "founded_on", "dissolved_on", "active", "members"]
MEMBER_COLUMNS = ["team_id", "team_name", "area", "partner_id", "partner_name", "tier", "voivodeship",
                  "joined_on", "left_on", "active"]


def task_teams(con, as_of) -> pd.DataFrame:
    """The programme's task teams: team_id, name, area (field), founded_on, dissolved_on, active (at D:
    founded_on <= D < dissolved_on), members (distinct partners counted by partners_in_task_teams'
    rule: membership, team and partner active at D). Empty when the tables are not in the database."""
    from analytics.data import db
    if not {"task_teams", "task_team_members"} <= db.existing_tables(con):
        return pd.DataFrame(columns=TEAM_COLUMNS)
    df = con.execute(f"""
        SELECT t.team_id, t.name, t.area, t.founded_on, t.dissolved_on, {rules.task_team_active('t')} AS active,
               count(DISTINCT tm.partner_id) FILTER (WHERE {rules.task_team_active('t')}
                   AND {rules.task_team_membership_active('tm')} AND {rules.partner_active('p')}) AS members
        FROM task_teams t LEFT JOIN task_team_members tm USING (team_id)
        LEFT JOIN partners p ON p.partner_id = tm.partner_id
        GROUP BY ALL ORDER BY t.name, t.team_id""", {"d": as_of}).df()
    df["members"] = df["members"].astype("int64")
    return df[TEAM_COLUMNS]


def task_team_members(con, as_of, team_id: str | None = None) -> pd.DataFrame:
    """Every task-team membership (one row per membership period): team_id, team_name, area,
    partner_id, partner_name, tier, voivodeship (the partner's seat), joined_on, left_on, active (the
    membership, its team and its partner active at D). Active first, then by team and partner."""
    from analytics.data import db
    if not {"task_teams", "task_team_members"} <= db.existing_tables(con):
        return pd.DataFrame(columns=MEMBER_COLUMNS)
    params = {"d": as_of} | ({"team": team_id} if team_id else {})
    return con.execute(f"""
        SELECT tm.team_id, t.name AS team_name, t.area, tm.partner_id, p.name AS partner_name, p.tier,
               p.voivodeship, tm.joined_on, tm.left_on,
               coalesce({rules.task_team_active('t')} AND {rules.task_team_membership_active('tm')}
                        AND {rules.partner_active('p')}, false) AS active
        FROM task_team_members tm JOIN task_teams t USING (team_id) LEFT JOIN partners p ON p.partner_id = tm.partner_id
        {"WHERE tm.team_id = $team" if team_id else ""}
        ORDER BY active DESC, t.name, p.name, tm.joined_on""", params).df()[MEMBER_COLUMNS]
