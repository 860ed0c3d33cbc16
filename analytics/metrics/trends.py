"""Monthly series of indicators per unit or area, in one query for all months.

series(con, level, teryt=None, powiats=None, as_of=None, period=None, codes=None) -> DataFrame
  one row per (unit, month) of the period: teryt, month (first day), at (the date stocks are taken
  at), then one float64 column per requested code (default STOCKS + FLOWS, in that order).

Stocks are taken at each month's end: `at` = the month's last day, except in D's own month where it
is D itself (so the last point equals compute(as_of=D)). Flows are the month's own value: hours of
that month, volunteers with confirmed hours > 0 in that month, trainings dated in it. Definitions,
grouping (distinct counts at the unit's own grain), SOW blanking and defaults (D = data_as_of, the 12
months ending with D's month) are those of analytics/metrics/indicators.py. Stocks from large tables
(volunteers, organisers) are bucketed with an ASOF join and a running sum, not one query per month.
Suppress with privacy.suppress(frame, level, role) - it works row by row on any frame.
"""
from __future__ import annotations

import re

import pandas as pd

from analytics.metrics import catalogue
from analytics.data import db
from analytics.metrics.dates import month_end, resolve_dates
from analytics.metrics.indicators import AREA, _grouping

STOCKS = ("local_partner_coverage", "coalitions", "volunteers_registered", "ks_members",
          "organisers_in_base")
FLOWS = ("hours_confirmed", "volunteers_active", "trainings")
TREND_CODES = STOCKS + FLOWS

_BLOCKS = {
    "local_partner_coverage": ("cov", "cov.v"),
    "coalitions": ("coal", "coalesce(coal.v, 0)"),
    "volunteers_registered": ("vreg", "coalesce(vreg.v, 0)"),
    "ks_members": ("vks", "coalesce(vks.v, 0)"),
    "organisers_in_base": ("org", "coalesce(org.v, 0)"),
    "hours_confirmed": ("hrs", "coalesce(hrs.confirmed, 0)"),
    "volunteers_active": ("hrs", "coalesce(hrs.active, 0)"),
    "trainings": ("act", "coalesce(act.v, 0)"),
}


def _cumulative(table: str, date_col: str, where: str) -> str:
    # entities counted from the first month whose `at` is on/after their date, then a running sum
    return f"""
      SELECT grid.unit, grid.month,
             sum(coalesce(n.k, 0)) OVER (PARTITION BY grid.unit ORDER BY grid.month) AS v
      FROM grid LEFT JOIN (
        SELECT g.unit, m.month, count(DISTINCT x.key) AS k
        FROM (SELECT {table}.*, {date_col} AS dt_, {{key}} AS key FROM {table} WHERE {where}) x
        JOIN g USING (powiat)
        ASOF JOIN months m ON x.dt_ <= m.at
        GROUP BY g.unit, m.month) n USING (unit, month)"""


_SQL = {
    "cov": """
      SELECT grid.unit, grid.month, avg(CASE WHEN c.powiat IS NULL THEN 0.0 ELSE 1.0 END) AS v
      FROM grid JOIN g USING (unit)
      LEFT JOIN (
        SELECT DISTINCT m.month, a.powiat
        FROM partner_areas a JOIN partners p USING (partner_id) CROSS JOIN months m
        WHERE p.tier = 'local'
          AND p.start_date <= m.at AND (p.end_date IS NULL OR m.at <= p.end_date)
          AND coalesce(a.valid_from, p.start_date) <= m.at
          AND (coalesce(a.valid_to, p.end_date) IS NULL OR m.at <= coalesce(a.valid_to, p.end_date))
      ) c ON c.month = grid.month AND c.powiat = g.powiat
      GROUP BY grid.unit, grid.month""",
    "coal": """
      SELECT g.unit, m.month, count(DISTINCT c.coalition_id) AS v
      FROM coalitions c JOIN g USING (powiat) JOIN months m
        ON c.founded_on <= m.at AND (c.dissolved_on IS NULL OR m.at < c.dissolved_on)
      GROUP BY g.unit, m.month""",
    "vreg": _cumulative("volunteers", "registered_on", "registered_on IS NOT NULL")
        .replace("{key}", "volunteer_id"),
    "vks": _cumulative("volunteers", "ks_member_since", "ks_member_since IS NOT NULL")
        .replace("{key}", "volunteer_id"),
    "org": _cumulative("organisers", "joined_on", "base_partner_id IS NOT NULL AND joined_on IS NOT NULL")
        .replace("{key}", "organiser_id"),
    "hrs": """
      SELECT g.unit, h.month,
             count(DISTINCT h.volunteer_id) FILTER (WHERE h.hours_confirmed > 0) AS active,
             sum(h.hours_confirmed) AS confirmed
      FROM hours h JOIN volunteers v USING (volunteer_id) JOIN g ON g.powiat = v.powiat
      WHERE h.month BETWEEN $p0 AND $p1
      GROUP BY g.unit, h.month""",
    "act": """
      SELECT g.unit, date_trunc('month', a.date)::DATE AS month, count(*) AS v
      FROM activities a JOIN g USING (powiat)
      WHERE a.type = 'training' AND a.date BETWEEN $p0 AND $p1_end
      GROUP BY g.unit, date_trunc('month', a.date)""",
}


def series(con, level: str, teryt: str | list[str] | None = None, powiats: list[str] | None = None,
           as_of=None, period=None, codes: list[str] | None = None) -> pd.DataFrame:
    """Monthly series for the units `teryt` (one code, a list, or None = every unit) of `level`
    ('powiat', 'voivodeship', 'country'), or - with level='area' and `powiats` - for the union of
    those powiats (teryt 'AREA'). See the module docstring for the definitions."""
    codes = list(TREND_CODES) if codes is None else list(codes)
    bad = [c for c in codes if c not in TREND_CODES]
    if bad:
        raise KeyError(f"no monthly series for: {', '.join(bad)} (available: {', '.join(TREND_CODES)})")
    cur = con.cursor()
    d, p0, p1 = resolve_dates(cur, as_of, period)
    params = {"d": d, "p0": p0, "p1": p1, "p1_end": month_end(p1)}
    g, ul, _, _ = _grouping(level)
    if level == "area":
        if not powiats:
            raise ValueError("an area needs at least one powiat")
        params["an"] = [AREA] * len(powiats)
        params["ap"] = [str(p) for p in powiats]
    elif teryt is not None:
        params["units"] = [teryt] if isinstance(teryt, str) else [str(t) for t in teryt]
        g = f"SELECT * FROM ({g}) WHERE list_contains($units, unit)"
        ul = f"SELECT * FROM ({ul}) WHERE list_contains($units, unit)"
    blocks = []
    for c in codes:
        if _BLOCKS[c][0] not in blocks:
            blocks.append(_BLOCKS[c][0])
    ctes = [
        f"g AS ({g})", f"ul AS ({ul})",
        """months AS (SELECT x::DATE AS month,
                  CASE WHEN x::DATE = date_trunc('month', $d::DATE) THEN $d::DATE ELSE last_day(x::DATE) END AS at
                  FROM generate_series($p0::DATE, $p1::DATE, INTERVAL 1 MONTH) t(x))""",
        "grid AS (SELECT ul.unit, ul.name, months.month, months.at FROM ul CROSS JOIN months)",
    ] + [f"{b} AS ({_SQL[b]})" for b in blocks]
    cols = ", ".join(f"({_BLOCKS[c][1]})::DOUBLE AS {c}" for c in codes)
    joins = " ".join(f"LEFT JOIN {b} ON {b}.unit = grid.unit AND {b}.month = grid.month" for b in blocks)
    sql = (f"WITH {', '.join(ctes)} SELECT grid.unit AS teryt, grid.name, grid.month, grid.at, {cols} "
           f"FROM grid {joins} ORDER BY grid.unit, grid.month")
    params = {k: v for k, v in params.items() if re.search(rf"\${k}\b", sql)}
    df = cur.execute(sql, params).df()
    provided = db.provided_tables(cur)
    for c in codes:
        df[c] = df[c].astype("float64")
        if any(t not in provided for t in catalogue.get(c).sow_sources):
            df[c] = float("nan")
    return df
