"""Reading a view honestly (issue 14): the as-of cap and complete months, the empty-cell vocabulary,
the one table formatting path, and Polish alphabetical order. Expected values worked out by hand."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analytics.metrics.dates import cap_as_of, last_complete_month, period_ending, period_is_complete
from analytics.present.formatting import format_cell, format_table
from analytics.present.names import sort_names

NB = "\u00a0"


def test_the_as_of_date_is_capped_to_the_latest_data():
    latest = dt.date(2026, 6, 30)
    assert cap_as_of(dt.date(2026, 11, 30), latest) == latest
    assert cap_as_of(dt.date(2025, 1, 31), latest) == dt.date(2025, 1, 31)


@pytest.mark.parametrize("data_end,last", [
    (dt.date(2026, 6, 30), dt.date(2026, 6, 1)),    # the data reach June's last day: June is complete
    (dt.date(2026, 6, 29), dt.date(2026, 5, 1)),    # one day short: May is the last complete month
    (dt.date(2024, 2, 29), dt.date(2024, 2, 1)),    # leap February's last day
    (dt.date(2026, 1, 15), dt.date(2025, 12, 1)),   # across the year
])
def test_last_complete_month(data_end, last):
    assert last_complete_month(data_end) == last


def test_a_period_reaching_past_the_last_complete_month_is_incomplete():
    end = dt.date(2024, 7, 15)                                                 # data to mid-July
    assert not period_is_complete(period_ending(dt.date(2024, 7, 15), 12), end)  # Aug 2023 - Jul 2024
    assert period_is_complete(period_ending(dt.date(2024, 6, 30), 12), end)      # Jul 2023 - Jun 2024
    assert period_is_complete(period_ending(dt.date(2024, 7, 31), 1), dt.date(2024, 7, 31))


@pytest.mark.parametrize("value,unit,lang,shown", [
    (0, "count", "pl", "–"), (0.0, "hours", "en", "–"), (0.0, "per_10k", "pl", "–"),
    (0.0, "share", "pl", "0,0%"),                       # a measured share of nothing stays a number
    (None, "count", "pl", "brak danych"), (float("nan"), "share", "en", "no data"),
    (12345.6, "per_10k", "pl", f"12{NB}345,6"), (1234, "count", "en", "1,234"),
])
def test_the_empty_cell_vocabulary(value, unit, lang, shown):
    assert format_cell(value, unit, lang) == shown


def test_every_table_cell_is_written_the_languages_way():
    df = pd.DataFrame({
        "rate": [6.67, 32021.5, None],              # fractions: the decimals they need, one column alike
        "people": [248412, 1, 0],                   # whole numbers
        "text": ["2024-07-01", "powiat bielski", "6.67"],
        "day": [dt.date(2024, 7, 1), None, dt.date(2020, 1, 2)],
        "stamp": pd.to_datetime(["2024-07-01", None, "2020-01-01"]),
        "flag": [True, False, True],
    })
    pl = format_table(df, "pl", units={"people": "count"})
    assert list(pl["rate"]) == ["6,67", f"32{NB}021,50", "brak danych"]
    assert list(pl["people"]) == [f"248{NB}412", "1", "–"]
    assert list(pl["text"]) == ["01.07.2024", "powiat bielski", "6,67"]
    assert list(pl["day"]) == ["01.07.2024", "brak danych", "02.01.2020"]
    assert list(pl["stamp"]) == ["01.07.2024", "brak danych", "01.01.2020"]
    assert list(pl["flag"]) == [True, False, True]
    en = format_table(df, "en")
    assert list(en["rate"]) == ["6.67", "32,021.50", "no data"]
    assert list(en["people"]) == ["248,412", "1", "0"]       # no unit given: a plain zero
    assert list(en["day"]) == ["1 Jul 2024", "no data", "2 Jan 2020"]


def test_names_sort_in_polish_alphabetical_order():
    names = ["wielkopolskie", "łódzkie", "lubuskie", "Łódź", "śląskie", "świętokrzyskie", "opolskie",
             "zachodniopomorskie", "małopolskie", "żarski", "źródło", "zgierski", "biała", "białe", "biała rawska"]
    assert sort_names(names) == [
        "biała", "biała rawska", "białe", "lubuskie", "łódzkie", "Łódź", "małopolskie", "opolskie",
        "śląskie", "świętokrzyskie", "wielkopolskie", "zachodniopomorskie", "zgierski", "źródło", "żarski"]
