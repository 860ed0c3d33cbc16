"""The Plans page shows running plans by default and ended plans apart (contract v1.1), and its
plans-on-track number is the Overview's and the export's.

A small database: the contract's minimal folder (local plan P1 of L1, 2024-01-01 .. 2026-12-31, one
indicator 0 -> 3 with 1 reported on 2024-06-30) plus
  P2   regional, R02, 2024-01-01 .. 2026-12-31, target 100, nothing reported  -> completion 0
  P0   regional, R02-OLD (edition 2021-2023), 2021-01-01 .. 2023-12-31, 10 of 10  -> 1
  P01  regional, R02-OLD, 2021-01-01 .. 2022-12-31, 8 of 10                       -> 0.8
  P02  regional, R02-OLD, 2022-01-01 .. 2023-06-30, 12 of 10 (capped)             -> 1
D = 2024-06-30. Elapsed share of P1 and P2: 181 / 1095 days = 0.165. P1: 1/3 = 0.333 >= 0.165 green;
P2: 0 < 0.75 * 0.165 red. Running: P1, P2 -> on track 1 of 2 = 50 %. The ended plans have e = 1:
P0 and P02 green (target reached), P01 amber (0.8 >= 0.75). Counting ended plans too would give
3 of 5 = 60 % - the disagreement issue 13 found.
"""
from __future__ import annotations

import pytest

from tests.apptest_support import assert_clean, metric_value, texts
from tests.databases import import_tables
from tests.fixtures_import import valid

PAGE = "app_pages/plans.py"


def plans_tables() -> dict:
    t = valid()
    t["partners"].append({"partner_id": "R02-OLD", "name": "Fundacja Dawna", "tier": "regional",
                          "voivodeship": "02", "edition": "2021-2023", "start_date": "2021-01-01",
                          "end_date": "2023-12-31", "grant_pln": ""})
    for pid, partner, start, end, status in (("P2", "R02", "2024-01-01", "2026-12-31", "in_progress"),
                                             ("P0", "R02-OLD", "2021-01-01", "2023-12-31", "completed"),
                                             ("P01", "R02-OLD", "2021-01-01", "2022-12-31", "completed"),
                                             ("P02", "R02-OLD", "2022-01-01", "2023-06-30", "completed")):
        t["plans"].append({"plan_id": pid, "partner_id": partner, "title": f"Plan {pid}", "period_start": start,
                           "period_end": end, "adopted_on": "", "status": status})
        t["plan_indicators"].append({"plan_id": pid, "indicator_id": "I1", "code": "trainings", "name": "",
                                     "unit": "", "baseline": "0", "target": "100" if pid == "P2" else "10",
                                     "weight": ""})
    for pid, achieved in (("P0", "10"), ("P01", "8"), ("P02", "12")):
        t["plan_progress"].append({"plan_id": pid, "indicator_id": "I1", "reported_on": "2022-12-15",
                                   "achieved": achieved, "verified": ""})
    return t


@pytest.fixture(scope="module")
def plans_db(tmp_path_factory):
    return import_tables(tmp_path_factory.mktemp("plans"), plans_tables())


ON_TRACK = {"pl": "Plany realizowane zgodnie z harmonogramem", "en": "Plans on track"}


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_running_plans_by_default_with_the_overviews_number(app, plans_db, lang):
    at = app(plans_db, PAGE, lang=lang)
    assert_clean(at)
    running = {"pl": "Plany trwające", "en": "Running plans"}[lang]
    assert metric_value(at, running) == "2"
    assert [m.value for m in at.metric][1:4] == ["1", "0", "1"]          # green P1, no amber, red P2
    assert metric_value(at, {"pl": "Zgodne z planem", "en": "On track"}[lang]) == "50%"
    overview = app(plans_db, "app_pages/overview.py", lang=lang)
    assert_clean(overview)
    assert metric_value(overview, ON_TRACK[lang]) == "50%"


def test_running_plans_table_and_ended_plans_apart(app, plans_db):
    at = app(plans_db, PAGE, state={"plans_tab": "Plany i wskaźniki"})
    assert_clean(at)
    shown = [d.value for d in at.dataframe if "Ocena" in d.value.columns]
    assert sorted(t for d in shown for t in d["Tytuł planu"]) == ["Lokalny plan", "Plan P2"]
    assert sorted(o for o in at.selectbox(key="plans_selected").options) == sorted(
        ["Fundacja Regionalna — Plan P2 (Plany regionalne; czerwony)",
         "Stowarzyszenie Lokalne — Lokalny plan (Plany lokalne; zielony)"])

    at = app(plans_db, PAGE, state={"plans_tab": "Zakończone plany"})
    assert_clean(at)
    assert "3 zakończone plany: cel osiągnięty w pełni – 2, w 75–99% – 1, poniżej 75% – 0." in texts(at, "markdown")
    ended = [d.value for d in at.dataframe if "Wynik końcowy" in d.value.columns]
    rows = sorted(zip(*[[x for d in ended for x in d[c]] for c in ("Tytuł planu", "Wynik końcowy", "Realizacja")]))
    assert rows == [("Plan P0", "cel osiągnięty", "100%"), ("Plan P01", "osiągnięty w 75–99%", "80%"),
                    ("Plan P02", "cel osiągnięty", "100%")]
    # an ended plan's indicators: its bullet chart
    assert "Wskaźniki wybranego planu" in texts(at, "subheader") and len(at.get("plotly_chart")) == 1


def test_the_export_carries_the_same_number(plans_db):
    from analytics.data import db
    from analytics.present import exports
    con = db.connect_readonly(plans_db)
    frame = exports.indicator_export_frame(con, "country", None, None, "pl")
    col = next(c for c in frame.columns if c.startswith(ON_TRACK["pl"]))
    assert float(frame[col].iloc[0]) == 50.0


def test_a_powiat_holds_the_plans_of_its_partners(app, plans_db):
    # 0202: L1 covers it from 2024-06-01, so P1; every regional plan of dolnośląskie; 0203: regional only
    at = app(plans_db, PAGE, level="powiat", woj="02", unit="0203")
    assert_clean(at)
    assert metric_value(at, "Plany trwające") == "1" and metric_value(at, "Zgodne z planem") == "0%"   # P2 red
    assert texts(at, "subheader")[0].startswith("powiat ")
