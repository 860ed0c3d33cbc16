"""Monthly series of indicators per unit or area: the catalogue's own definitions, read month by month.

series(con, level, teryt=None, powiats=None, as_of=None, period=None, codes=None) -> DataFrame
  one row per (unit, month) of the period: teryt, name, month (first day), at (the date stocks are
  taken at), then one float64 column per requested code (default TREND_CODES, the pages' list; any
  catalogue code can be asked for).

How it works. There is no second definition of any indicator here. The engine
(analytics/metrics/indicators.py) computes its measure blocks per (unit, slot) over a dates relation
with one row per slot (slot, d, p0, p1, p1_end); compute() passes one slot (D, P0..P1), this module one
slot per month of the period: p0 = p1 = the month, d = the month's last day, except in D's own month
where it is D itself. So each point is exactly compute(as_of=at, period=(month, month)) for that unit:
stocks are the state at `at` (the last point of a stock equals compute(as_of=D)), flows the month's own
value (hours of that month, volunteers with confirmed hours > 0 in it, trainings dated in it, plans'
completion at `at`). Grouping (distinct counts at the unit's own grain), SOW blanking and defaults
(D = data_as_of, the 12 months ending with D's month) are the engine's, in the same single query for
all months. Flows are not cut at D (as in the engine): a month after D's counts what the data holds.
With `secret`, each month also carries the cell keys of its keyed codes (the records of that month's
cell), and access/privacy.protect works row by row on the frame as on any indicator frame.
"""
from __future__ import annotations

import pandas as pd

from analytics.metrics import catalogue, indicators
from analytics.metrics.indicators import AREA

STOCKS = ("local_partner_coverage", "coalitions", "volunteers_registered", "ks_members",
          "organisers_in_base")
FLOWS = ("hours_confirmed", "volunteers_active", "trainings")
TREND_CODES = STOCKS + FLOWS  # the default series the pages offer

# One slot per month of $p0..$p1: the month is the slot's period, `d` its stock date `at`.
MONTHS = """
  SELECT row_number() OVER (ORDER BY x) AS slot,
         CASE WHEN x::DATE = date_trunc('month', $d::DATE) THEN $d::DATE ELSE last_day(x::DATE) END AS d,
         x::DATE AS p0, x::DATE AS p1
  FROM generate_series($p0::DATE, $p1::DATE, INTERVAL 1 MONTH) t(x)"""


def series(con, level: str, teryt: str | list[str] | None = None, powiats: list[str] | None = None,
           as_of=None, period=None, codes: list[str] | None = None, secret: str | None = None) -> pd.DataFrame:
    """Monthly series for the units `teryt` (one code, a list, or None = every unit) of `level`
    ('powiat', 'voivodeship', 'country'), or - with level='area' and `powiats` - for the union of
    those powiats (teryt 'AREA'). Code columns in the order asked for. See the module docstring."""
    codes = list(TREND_CODES) if codes is None else list(dict.fromkeys(codes))
    for c in codes:
        catalogue.get(c)  # KeyError for an unknown code
    if level == "area":
        if not powiats:
            raise ValueError("an area needs at least one powiat")
        extra = {"an": [AREA] * len(powiats), "ap": [str(p) for p in powiats]}
    else:  # an unknown level is refused by the engine
        extra = {} if teryt is None else {
            "units": [teryt] if isinstance(teryt, str) else [str(t) for t in teryt]}
    return indicators.run(con, level, codes, as_of, period, extra, dates=MONTHS,
                          slot_columns=" dts.p0 AS month, dts.d AS at,", secret=secret)
