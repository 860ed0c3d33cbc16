import datetime as dt
import math

import pandas as pd
import pytest

from analytics.access import privacy
from analytics.present import formatting as fmt

NB = "\u00a0"


def test_numbers_pl_en():
    assert fmt.format_number(12345.6, "pl", 1) == f"12{NB}345,6"
    assert fmt.format_number(12345.6, "en", 1) == "12,345.6"
    assert fmt.format_number(1234567, "pl") == f"1{NB}234{NB}567"
    assert fmt.format_number(999, "pl") == "999"
    assert fmt.format_number(-1234.5, "pl", 1) == f"-1{NB}234,5"
    assert fmt.format_number(-0.04, "pl", 1) == "0,0"  # no "-0,0"
    assert fmt.format_number(2.5, "en", 1, sign=True) == "+2.5"


def test_missing_values():
    for x in (None, float("nan"), math.inf, pd.NA, "abc"):
        assert fmt.format_number(x, "pl") == "–"
    assert fmt.format_value(None, "share", "en", na="n/a") == "n/a"


def test_percent():
    assert fmt.format_percent(0.452, "pl") == "45,2%"
    assert fmt.format_percent(0.452, "en") == "45.2%"
    assert fmt.format_percent(1, "pl", 0) == "100%"


@pytest.mark.parametrize("unit,value,pl,en", [
    ("count", 12345, f"12{NB}345", "12,345"),
    ("count", 12.6, "13", "13"),
    ("share", 0.4523, "45,2%", "45.2%"),
    ("index", 0.87, "87,0%", "87.0%"),
    ("per_10k", 12.345, "12,3", "12.3"),
    ("per_100k", 3.456, "3,5", "3.5"),
    ("hours", 1234.4, f"1{NB}234", "1,234"),
    ("number", 2.25, "2,2", "2.2"),  # an exact binary half rounds to even
])
def test_format_value_units(unit, value, pl, en):
    assert fmt.format_value(value, unit, "pl") == pl
    assert fmt.format_value(value, unit, "en") == en


def test_format_value_with_unit():
    assert fmt.format_value(12.5, "per_10k", "pl", with_unit=True) == f"12,5{NB}na 10 tys. mieszk."
    assert fmt.format_value(12.5, "per_10k", "en", with_unit=True) == f"12.5{NB}per 10k residents"
    assert fmt.format_value(1234, "hours", "pl", with_unit=True) == f"1{NB}234{NB}godz."
    assert fmt.format_value(0.5, "share", "pl", with_unit=True) == "50,0%"
    assert fmt.format_value(7, "count", "pl", with_unit=True) == "7"
    assert fmt.format_value(12.3456, "per_10k", "pl", decimals=2) == "12,35"


def test_dates():
    d = dt.date(2026, 11, 23)
    assert fmt.format_date(d, "pl") == "23.11.2026"
    assert fmt.format_date(d, "en") == "23 Nov 2026"
    assert fmt.format_date(d, "pl", "iso") == "2026-11-23"
    assert fmt.format_date(d, "pl", "long") == "23 listopada 2026"
    assert fmt.format_date(d, "en", "long") == "23 November 2026"
    assert fmt.format_date("2026-03-05", "pl") == "05.03.2026"
    assert fmt.format_date(pd.Timestamp("2026-03-05 10:00"), "en") == "5 Mar 2026"
    assert fmt.format_date(dt.datetime(2026, 1, 2, 3, 4), "pl") == "02.01.2026"
    assert fmt.format_date(None, "pl") == "–"
    assert fmt.format_date(pd.NaT, "pl") == "–"
    assert fmt.format_month(d, "pl") == "listopad 2026"
    assert fmt.format_month(d, "pl", short=True) == "lis 2026"
    assert fmt.format_month(d, "en", short=True) == "Nov 2026"


def test_suppressed_label():
    assert fmt.suppressed_label("powiat") == "<10"
    assert fmt.suppressed_label("voivodeship") == "<5"


def test_suppression_thresholds_match_privacy_module():
    for level, n in privacy.THRESHOLDS.items():
        assert fmt.suppressed_label(level) == privacy.cell_label(level)


def test_plotly_helpers_and_lang():
    assert fmt.plotly_separators("pl") == "," + NB
    assert fmt.plotly_separators("en") == ".,"
    assert fmt.d3_format("share") == ",.1%"
    assert fmt.d3_format("count") == ",.0f"
    assert fmt.norm_lang("EN") == "en" and fmt.norm_lang("de") == "pl" and fmt.norm_lang(None) == "pl"
