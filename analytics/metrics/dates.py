"""Dates of a reading: the as-of date D, the flow period, and month arithmetic.

Data contract section 3: every indicator is computed at an as-of date D (default: the latest date
found in the data) and, for flows, over a period of whole months from P0's month to P1's month
inclusive (default: the 12 months ending with D's month). Everything that turns a user's or a
command line's dates into D, P0 and P1 - the engine, plans, trends, areas, exports, the report and
the dashboard's controls - does it here, so that every route reads the same months.

Periods are handled in two spellings: (P0, P1) as the first days of the first and last months (the
engine's parameters $p0 and $p1), and (first day, last day) for people (`period_ending`).
"""
from __future__ import annotations

import datetime as dt

from analytics.data import db


def to_date(x) -> dt.date | None:
    """A date from a date, datetime, pandas Timestamp or ISO string (None stays None)."""
    if x is None:
        return None
    if isinstance(x, str):
        return dt.date.fromisoformat(x)
    if isinstance(x, dt.datetime):
        return x.date()
    if isinstance(x, dt.date):
        return x
    if hasattr(x, "date"):  # pandas Timestamp
        return x.date()
    raise TypeError(f"not a date: {x!r}")


def add_months(d: dt.date, n: int) -> dt.date:
    """First day of the month n months after d's month."""
    m = d.year * 12 + d.month - 1 + n
    return dt.date(m // 12, m % 12 + 1, 1)


def month_end(d: dt.date) -> dt.date:
    """The last day of d's month."""
    return add_months(d, 1) - dt.timedelta(days=1)


def period_ending(as_of: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """The `months` whole months ending with as_of's month, as (first day, last day)."""
    return add_months(as_of, 1 - months), month_end(as_of)


def year_earlier(d: dt.date) -> dt.date:
    """The same date a year earlier (29 February -> 28 February)."""
    return d.replace(year=d.year - 1, day=28) if (d.month, d.day) == (2, 29) else d.replace(year=d.year - 1)


def resolve_dates(con, as_of=None, period=None) -> tuple[dt.date, dt.date, dt.date]:
    """(D, P0, P1): the as-of date and the first days of the period's first and last months.
    D defaults to the data's latest date (db.data_as_of), the period to the 12 months ending with
    D's month. Accepts dates, datetimes, pandas Timestamps or ISO strings."""
    d = to_date(as_of) or db.data_as_of(con) or dt.date.today()
    d = to_date(d)
    if period is None:
        p1 = d.replace(day=1)
        p0 = add_months(p1, -11)
    else:
        p0, p1 = (to_date(period[0]).replace(day=1), to_date(period[1]).replace(day=1))
        if p0 > p1:
            raise ValueError(f"period start {p0} is after period end {p1}")
    return d, p0, p1


def cap_as_of(as_of: dt.date, data_as_of: dt.date) -> dt.date:
    """An as-of date no later than the data's latest date: a reading after the last recorded event
    would count months nobody has reported yet as empty (fake collapses of every flow)."""
    return min(as_of, data_as_of)


def last_complete_month(data_as_of: dt.date) -> dt.date:
    """The first day of the last month the data cover to its end: the data's own month when the data
    reach its last day, else the month before."""
    month = data_as_of.replace(day=1)
    return month if data_as_of == month_end(data_as_of) else add_months(month, -1)


def period_is_complete(period: tuple[dt.date, dt.date], data_as_of: dt.date) -> bool:
    """Whether every month of the period (first day, last day) lies within the data's complete
    months; a period reaching past `last_complete_month` counts a month only partly reported."""
    return period[1].replace(day=1) <= last_complete_month(data_as_of)
