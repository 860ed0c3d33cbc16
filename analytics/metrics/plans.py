"""Volunteering development plan outcomes (data contract section 3, "Plans").

A plan counts at the as-of date D when its status is adopted, in_progress or completed and
period_start <= D; a counted plan is running at D when D <= period_end (contract v1.1). The unit
indicators (plan_completion_local/_regional, plans_on_track_share) use the running plans only; the
plan table lists every counted plan with a `running` column, so ended plans (earlier editions)
can be shown apart with their final outcome. For each plan indicator, a = the achieved value with the latest reported_on <= D
(the baseline when nothing was reported by D); progress = max(0, (a - baseline) / (target - baseline))
- this also handles decreasing targets (target < baseline): both differences are negative.
Completion index = sum(weight * min(progress, 1)) / sum(weight). Elapsed share
e = clamp((D - period_start) / (period_end - period_start), 0, 1), in days. Status light: green when
completion >= e, amber when completion >= 0.75 * e, red otherwise.

Decisions where the contract is silent (tested in tests/unit/test_plans.py):
  - The light comparisons allow a 1e-9 tolerance so that values equal on paper (completion exactly e
    or exactly 0.75 e) are not turned red/amber by floating-point rounding.
  - A counted plan with no indicators has completion None and status_light None; it is listed by
    plan_table() but left out of plan_completion_* means and of plans_on_track_share (numerator and
    denominator): there is nothing to measure.
  - plan_detail() works for any plan (counted or not); its elapsed share is clamped, so before the
    start it is 0 and after the end 1.
  - A plan's level is its partner's tier; its voivodeship is its partner's seat (partners.voivodeship).

Unit membership of plans (used by analytics/metrics/indicators.py): a local plan belongs to every powiat its
partner covers at D (area and partner both active at D) and to its partner's voivodeship; a regional
plan to its partner's voivodeship and every powiat in it; the country holds all plans; an area holds
the plans belonging to any of its powiats.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics.data import schema
from analytics.metrics.dates import resolve_dates

LIGHTS = ("green", "amber", "red")
EPS = 1e-9
_STATUSES = ", ".join(f"'{s}'" for s in schema.COUNTED_PLAN_STATUSES)


def elapsed_share(d: dt.date, start: dt.date, end: dt.date) -> float:
    """e = clamp((d - start) / (end - start), 0, 1), differences in days."""
    return min(1.0, max(0.0, (d - start).days / (end - start).days))


def status_light(completion: float | None, elapsed: float) -> str | None:
    if completion is None or pd.isna(completion):
        return None
    if completion >= elapsed - EPS:
        return "green"
    if completion >= 0.75 * elapsed - EPS:
        return "amber"
    return "red"


# CTE bodies (DuckDB) over the dates relation `dts` (slot, d, ...) of analytics/metrics/indicators.py:
# `plan_ind`: one row per (slot, plan indicator) with its value at d; `plan_status`: one row per
# (slot, plan counted at d) with completion, elapsed share and light. This module's own queries read
# one slot, d = the named parameter $d (ONE_DATE).
ONE_DATE = "SELECT 0 AS slot, $d::DATE AS d"

PLAN_IND_SQL = """
  SELECT dts.slot, pi.plan_id, pi.indicator_id, pi.code, pi.name, pi.unit,
         coalesce(pi.baseline, 0) AS baseline, pi.target, coalesce(pi.weight, 1) AS weight,
         coalesce(lp.achieved, coalesce(pi.baseline, 0)) AS achieved, lp.reported_on,
         greatest(0.0, (coalesce(lp.achieved, coalesce(pi.baseline, 0)) - coalesce(pi.baseline, 0))
                       / (pi.target - coalesce(pi.baseline, 0))) AS progress
  FROM plan_indicators pi CROSS JOIN dts
  LEFT JOIN (SELECT dts.slot, pp.plan_id, pp.indicator_id, arg_max(pp.achieved, pp.reported_on) AS achieved,
                    max(pp.reported_on) AS reported_on
             FROM plan_progress pp JOIN dts ON pp.reported_on <= dts.d
             GROUP BY dts.slot, pp.plan_id, pp.indicator_id) lp
    ON lp.slot = dts.slot AND lp.plan_id = pi.plan_id AND lp.indicator_id = pi.indicator_id"""

PLAN_STATUS_SQL = f"""
  SELECT *, CASE WHEN completion IS NULL THEN NULL
                 WHEN completion >= elapsed - {EPS} THEN 'green'
                 WHEN completion >= 0.75 * elapsed - {EPS} THEN 'amber'
                 ELSE 'red' END AS status_light
  FROM (
    SELECT dts.slot, p.plan_id, p.partner_id, pa.name AS partner_name, pa.tier AS level, p.title,
           p.status, p.period_start, p.period_end, c.completion,
           greatest(0.0, least(1.0, date_diff('day', p.period_start, dts.d)::DOUBLE
                                    / date_diff('day', p.period_start, p.period_end))) AS elapsed,
           pa.voivodeship, dts.d <= p.period_end AS running
    FROM plans p
    JOIN partners pa USING (partner_id)
    CROSS JOIN dts
    LEFT JOIN (SELECT slot, plan_id, sum(weight * least(progress, 1.0)) / sum(weight) AS completion
               FROM plan_ind GROUP BY slot, plan_id) c ON c.slot = dts.slot AND c.plan_id = p.plan_id
    WHERE p.status IN ({_STATUSES}) AND p.period_start <= dts.d)"""

PLAN_COLUMNS = ["plan_id", "partner_id", "partner_name", "level", "title", "status", "period_start",
                "period_end", "completion", "elapsed", "status_light", "voivodeship"]
DETAIL_COLUMNS = ["indicator_id", "code", "name", "unit", "baseline", "target", "weight", "achieved",
                  "reported_on", "progress", "expected_by_now"]


def _as_of(con, as_of) -> dt.date:
    return resolve_dates(con, as_of)[0]


def plan_table(con, as_of: dt.date | str | None = None) -> pd.DataFrame:
    """Plans counted at D (default db.data_as_of): plan_id, partner_id, partner_name, level
    ('regional'|'local'), title, status, period_start, period_end, completion (0-1, None without
    indicators), elapsed (0-1), status_light ('green'|'amber'|'red'|None), voivodeship, running
    (bool: D <= period_end; the unit indicators use running plans only). Sorted by plan_id."""
    cur = con.cursor()
    d = _as_of(cur, as_of)
    df = cur.execute(
        f"WITH dts AS ({ONE_DATE}), plan_ind AS ({PLAN_IND_SQL}), plan_status AS ({PLAN_STATUS_SQL}) "
        f"SELECT {', '.join(PLAN_COLUMNS)}, running FROM plan_status ORDER BY plan_id", {"d": d}).df()
    return df


def plan_detail(con, plan_id: str, as_of: dt.date | str | None = None) -> pd.DataFrame:
    """One row per indicator of the plan (any plan, counted or not): indicator_id, code, name, unit,
    baseline, target, weight, achieved (latest value reported by D, the baseline when none),
    reported_on (None when none), progress (uncapped, >= 0), expected_by_now
    (= baseline + e * (target - baseline), e the plan's clamped elapsed share at D)."""
    cur = con.cursor()
    d = _as_of(cur, as_of)
    row = cur.execute("SELECT period_start, period_end FROM plans WHERE plan_id = ?", [plan_id]).fetchone()
    if row is None:
        raise KeyError(f"unknown plan: {plan_id!r}")
    e = elapsed_share(d, row[0], row[1])
    df = cur.execute(
        f"WITH dts AS ({ONE_DATE}), plan_ind AS ({PLAN_IND_SQL}) "
        f"SELECT *, baseline + $e * (target - baseline) AS expected_by_now FROM plan_ind "
        f"WHERE plan_id = $plan ORDER BY indicator_id", {"d": d, "e": e, "plan": plan_id}).df()
    return df[DETAIL_COLUMNS]


CSV_COLUMNS = ["plan_id", "partner_id", "level", "completion", "elapsed", "status_light", "running"]


def plan_csv_frame(con, as_of: dt.date | str | None = None) -> pd.DataFrame:
    """The `plans` CLI export (contract section 5): one row per plan counted at D with plan_id,
    partner_id, level, completion, elapsed, status_light, running. completion/elapsed are fractions
    0-1 rounded to 6 decimals; a plan without indicators has empty completion and status_light;
    running is the text `true` / `false` (contract v1.1)."""
    df = plan_table(con, as_of)[CSV_COLUMNS].copy()
    for c in ("completion", "elapsed"):
        df[c] = df[c].astype("float64").round(6)
    df["running"] = ["true" if bool(x) else "false" for x in df["running"]]
    return df

