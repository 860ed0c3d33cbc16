"""Organisers as placements, and public institutions by kind (the Volunteers and organisers page).

    placements(con, level, as_of, period)  -> per unit: organisers hosting volunteers with confirmed
                                              hours in the period (all types, and public ones)
    public_by_kind(con, level, as_of, period) -> per unit and public organiser type: the organisers
                                              of public_institutions_engaged, split by kind

Both follow the catalogue's public_institutions_engaged (analytics/metrics/indicators.py, measure
`pub`) to the letter - an organiser counts in a unit when its seat powiat lies in the unit and it has
an hours row with hours_confirmed > 0 whose month is one of the period's months - so the kinds of a
unit add up to that indicator (tests/unit/test_history.py checks it against the engine). Organisers
are organisations: their counts are exact for every viewer (contract section 4).
Units: every unit of the level appears (0 where none); the country is 'PL'.
"""
from __future__ import annotations

import pandas as pd

from analytics.data import schema
from analytics.data.reference import COUNTRY
from analytics.metrics.dates import resolve_dates

PUBLIC_TYPES = schema.PUBLIC_ORGANISER_TYPES
_PUBLIC = ", ".join(f"'{t}'" for t in PUBLIC_TYPES)
_UNIT = {"powiat": "o.powiat", "voivodeship": "left(o.powiat, 2)", "country": f"'{COUNTRY}'"}
_UNITS = {"powiat": "SELECT teryt FROM units WHERE level = 'powiat'",
          "voivodeship": "SELECT teryt FROM units WHERE level = 'voivodeship'",
          "country": f"SELECT '{COUNTRY}' AS teryt"}

# Organisers with confirmed hours in a month of $p0..$p1 (first days of the period's months).
_HOSTING = """
  SELECT o.organiser_id, o.type, {unit} AS teryt FROM organisers o
  SEMI JOIN hours h ON h.organiser_id = o.organiser_id AND h.month BETWEEN $p0 AND $p1
                   AND h.hours_confirmed > 0"""


def _check(level: str) -> None:
    if level not in _UNIT:
        raise ValueError(f"unknown level: {level!r} (expected one of {tuple(_UNIT)})")


def placements(con, level: str, as_of=None, period=None) -> pd.DataFrame:
    """teryt, hosting (organisers of any type with confirmed hours in the period), public (of them,
    the public types = public_institutions_engaged), one row per unit of the level, sorted by teryt."""
    _check(level)
    cur = con.cursor()
    _, p0, p1 = resolve_dates(cur, as_of, period)
    df = cur.execute(f"""
        WITH x AS ({_HOSTING.format(unit=_UNIT[level])})
        SELECT u.teryt, count(x.organiser_id)::INTEGER AS hosting,
               (count(x.organiser_id) FILTER (WHERE x.type IN ({_PUBLIC})))::INTEGER AS public
        FROM ({_UNITS[level]}) u LEFT JOIN x USING (teryt)
        GROUP BY u.teryt ORDER BY u.teryt""", {"p0": p0, "p1": p1}).df()
    return df


def public_by_kind(con, level: str, as_of=None, period=None) -> pd.DataFrame:
    """teryt, type (each of PUBLIC_TYPES, in that order), organisers: public organisers with
    confirmed hours in the period by kind; one row per (unit, type), 0 where none."""
    _check(level)
    cur = con.cursor()
    _, p0, p1 = resolve_dates(cur, as_of, period)
    kinds = ", ".join(f"('{t}', {i})" for i, t in enumerate(PUBLIC_TYPES))
    df = cur.execute(f"""
        WITH x AS ({_HOSTING.format(unit=_UNIT[level])} WHERE o.type IN ({_PUBLIC})),
             k(type, ord) AS (VALUES {kinds})
        SELECT u.teryt, k.type, count(x.organiser_id)::INTEGER AS organisers
        FROM ({_UNITS[level]}) u CROSS JOIN k LEFT JOIN x ON x.teryt = u.teryt AND x.type = k.type
        GROUP BY u.teryt, k.type, k.ord ORDER BY u.teryt, k.ord""", {"p0": p0, "p1": p1}).df()
    return df
