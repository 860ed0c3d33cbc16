"""The importer's pre-aggregates and seal (analytics/data/db.py) and the engine reading them.

An import writes the pre-aggregates of hours and volunteers and, last, `import_seal`; the engine reads
them (and `import_meta.data_as_of`) only from a sealed file - opened read-only, every counted table
still holding its rows - and computes from the input tables otherwise. Expected values are worked out
by hand from the rows below; every result is also checked against the same file without its seal.
"""
from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import numpy as np
import pandas as pd
import pytest

from analytics.data import db
from analytics.data.importer import import_source
from analytics.metrics import indicators, trends
from tests.fixtures_import import valid, write_folder

HOURS = [  # volunteer, organiser, month, logged, confirmed
    ("V1", "O1", "2024-03", "2", "2"),
    ("V1", "O1", "2024-04", "3", "0"),     # V1 logs in April, nothing confirmed: not active
    ("V1", "O1", "2024-05", "10", "8"),
    ("V1", "O2", "2024-05", "1", "1"),     # a second organiser the same month: one volunteer-month
    ("V2", "O1", "2024-05", "4.5", ""),    # confirmed defaults to 0
    ("V2", "O1", "2024-06", "1", "1"),
]
AGG_TABLES = ("agg_volunteer_hours", "agg_public_engaged", "agg_volunteer_days", "agg_volunteer_months",
              "agg_organiser_days", "agg_organiser_months", "agg_activities")
# id, type, date, powiat, participants, audience; valid() has A1, a training of 12 on 2024-04-01 in 0201
ACTIVITIES = [
    ("A2", "training", "2024-04-15", "0201", "", "organisers"),      # participants default to 0
    ("A3", "counselling", "2024-05-02", "0201", "3", "organisers"),
    ("A4", "promotion", "2024-05-20", "0202", "40", ""),
    ("A5", "contest", "2024-06-01", "0202", "", "school"),
    ("A6", "local_project", "2024-04-30", "0202", "", ""),
    ("A7", "institution_programme", "2024-05-31", "0201", "5", "organisers"),
]
ACTIVITY_CODES = ["trainings", "training_participants", "local_projects", "promotion_events",
                  "organiser_support", "institution_programmes", "network_meetings"]
HOUR_CODES = ["volunteers_active", "hours_confirmed", "hours_logged", "confirmation_rate",
              "public_institutions_engaged"]
STOCK_CODES = ["volunteers_registered", "ks_members", "organisers_in_base", "mpw_certified"]


def tables():
    t = valid()
    # O1 (valid()'s): 0201, in L1's base since 2024-01-01, no certificate
    t["organisers"].append({"organiser_id": "O2", "name": "Fundacja", "type": "ngo", "powiat": "0202",
                            "joined_on": "2024-01-01", "base_partner_id": "", "mpw_certified_on": "2024-03-15"})
    t["organisers"].append({"organiser_id": "O3", "name": "Klub", "type": "sport", "powiat": "0201",
                            "joined_on": "2024-02-20", "base_partner_id": "L1", "mpw_certified_on": "2024-02-20"})
    t["hours"] = [dict(volunteer_id=v, organiser_id=o, month=m, hours_logged=lg, hours_confirmed=c)
                  for v, o, m, lg, c in HOURS]
    t["activities"] += [dict(t["activities"][0], activity_id=i, type=ty, date=d, powiat=pw, participants=n,
                             audience=au) for i, ty, d, pw, n, au in ACTIVITIES]
    return t


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """The imported file, and a copy of it as an older importer wrote it: no pre-aggregates, no seal."""
    folder = tmp_path_factory.mktemp("agg")
    sealed = folder / "sealed.duckdb"
    assert import_source(write_folder(folder / "in", tables()), sealed).ok
    old = folder / "old.duckdb"
    shutil.copy(sealed, old)
    c = duckdb.connect(str(old))
    for t in AGG_TABLES + ("import_seal",):
        c.execute(f"DROP TABLE {t}")
    c.close()
    return sealed, old


@pytest.fixture(scope="module")
def cons(files):
    a, b = db.connect_readonly(files[0]), db.connect_readonly(files[1])
    yield a, b
    a.close()
    b.close()


def rows(con, sql):
    return con.execute(sql).fetchall()


def test_an_import_writes_the_pre_aggregates_and_the_seal(cons):
    con, old = cons
    assert db.sealed(con) and not db.sealed(old)
    d = dt.date
    # (powiat, month, active, previous active month, volunteers, confirmed, logged)
    assert rows(con, "SELECT * FROM agg_volunteer_hours ORDER BY ALL") == [
        ("0201", d(2024, 3, 1), True, None, 1, 2.0, 2.0),
        ("0201", d(2024, 4, 1), False, None, 1, 0.0, 3.0),
        ("0201", d(2024, 5, 1), True, d(2024, 3, 1), 1, 9.0, 11.0),
        ("0202", d(2024, 5, 1), False, None, 1, 0.0, 4.5),
        ("0202", d(2024, 6, 1), True, None, 1, 1.0, 1.0),
    ]
    # O1 (education, public) has confirmed hours in March, May and June; O2 is an NGO
    assert rows(con, "SELECT * FROM agg_public_engaged ORDER BY ALL") == [
        ("0201", d(2024, 3, 1), None, 1),
        ("0201", d(2024, 5, 1), d(2024, 3, 1), 1),
        ("0201", d(2024, 6, 1), d(2024, 5, 1), 1),
    ]
    # V1 registered 2024-01-10 in 0201; V2 registered 2024-02-10, KS member since 2024-03-01, in 0202
    assert rows(con, "SELECT * FROM agg_volunteer_days ORDER BY ALL") == [
        ("0201", d(2024, 1, 1), d(2024, 1, 10), 1, 0),
        ("0202", d(2024, 2, 1), d(2024, 2, 10), 1, 0),
        ("0202", d(2024, 3, 1), d(2024, 3, 1), 0, 1),
    ]
    assert rows(con, "SELECT * FROM agg_volunteer_months ORDER BY ALL") == [
        ("0201", d(2024, 1, 1), 1, 0), ("0202", d(2024, 2, 1), 1, 0), ("0202", d(2024, 3, 1), 0, 1)]
    # O1 in base 2024-01-01 and O3 in base and certified 2024-02-20 (0201); O2 certified 2024-03-15 (0202)
    assert rows(con, "SELECT * FROM agg_organiser_days ORDER BY ALL") == [
        ("0201", d(2024, 1, 1), d(2024, 1, 1), 1, 0),
        ("0201", d(2024, 2, 1), d(2024, 2, 20), 1, 1),
        ("0202", d(2024, 3, 1), d(2024, 3, 15), 0, 1),
    ]
    assert rows(con, "SELECT * FROM agg_organiser_months ORDER BY ALL") == [
        ("0201", d(2024, 1, 1), 1, 0), ("0201", d(2024, 2, 1), 1, 1), ("0202", d(2024, 3, 1), 0, 1)]
    # (powiat, month, type, audience, activities, participants)
    assert rows(con, "SELECT * FROM agg_activities ORDER BY ALL") == [
        ("0201", d(2024, 4, 1), "training", "organisers", 1, 0),
        ("0201", d(2024, 4, 1), "training", "volunteers", 1, 12),
        ("0201", d(2024, 5, 1), "counselling", "organisers", 1, 3),
        ("0201", d(2024, 5, 1), "institution_programme", "organisers", 1, 5),
        ("0202", d(2024, 4, 1), "local_project", None, 1, 0),
        ("0202", d(2024, 5, 1), "promotion", None, 1, 40),
        ("0202", d(2024, 6, 1), "contest", "school", 1, 0),
    ]
    seal = dict(rows(con, "SELECT table_name, n FROM import_seal"))
    assert {k: seal[k] for k in ("hours", "volunteers", "organisers", "task_teams") + AGG_TABLES} == {
        "hours": 6, "volunteers": 2, "organisers": 3, "task_teams": 0, "agg_volunteer_hours": 5,
        "agg_public_engaged": 3, "agg_volunteer_days": 3, "agg_volunteer_months": 3, "agg_organiser_days": 3,
        "agg_organiser_months": 3, "agg_activities": 7}
    # the latest event: plan_progress reported 2024-06-30 (and the June hours count as June 30)
    assert db.data_as_of(con) == db.data_as_of(old) == d(2024, 6, 30)


def test_the_engine_reads_the_pre_aggregates_only_unkeyed():
    assert "agg_volunteer_hours" in indicators.build_sql("powiat", HOUR_CODES, aggregates=True)
    assert "agg_volunteer_days" in indicators.build_sql("powiat", STOCK_CODES, aggregates=True)
    keyed = indicators.build_sql("powiat", HOUR_CODES + STOCK_CODES, aggregates=True, keyed=True)
    assert "agg_volunteer_hours" not in keyed and "agg_volunteer_days" not in keyed
    assert "agg_public_engaged" in keyed  # not a keyed code
    assert "agg_activities" in indicators.build_sql("powiat", ACTIVITY_CODES, aggregates=True)
    assert "agg_activities" not in indicators.build_sql("powiat", ACTIVITY_CODES, aggregates=True, keyed=True)
    assert "agg_" not in indicators.build_sql("powiat", HOUR_CODES + STOCK_CODES + ACTIVITY_CODES)


def both(cons, fn):
    """fn on the sealed file and on the one without pre-aggregates: the same frame."""
    a, b = fn(cons[0]), fn(cons[1])
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    return a


@pytest.mark.parametrize("as_of, period, expected", [
    # April-May: V1 active in May (its previous active month, March, is before April); 0201's hours
    # 0 + 9 confirmed of 3 + 11 logged; V2 logged 4.5 in May, none confirmed; O1 engaged in May
    ("2024-05-31", ("2024-04-01", "2024-05-31"),
     {"0201": [1, 9, 14, 9 / 14, 1], "0202": [0, 0, 4.5, 0, 0]}),
    # March-June: V1 once (March and May), V2 once (June); O1 once (March, May, June)
    ("2024-06-30", ("2024-03-01", "2024-06-30"),
     {"0201": [1, 11, 16, 11 / 16, 1], "0202": [1, 1, 5.5, 1 / 5.5, 0]}),
    # April alone: V1 logged but confirmed nothing
    ("2024-04-30", ("2024-04-01", "2024-04-30"),
     {"0201": [0, 0, 3, 0, 0], "0202": [0, 0, 0, np.nan, 0]}),
])
def test_hours_codes_by_hand(cons, as_of, period, expected):
    df = both(cons, lambda c: indicators.compute(c, "powiat", as_of, period, codes=HOUR_CODES))
    got = df.set_index("teryt").loc[list(expected), HOUR_CODES]
    np.testing.assert_allclose(got.to_numpy(float), np.array(list(expected.values()), float), rtol=1e-12)
    pl = both(cons, lambda c: indicators.compute(c, "country", as_of, period, codes=HOUR_CODES))
    assert pl["volunteers_active"].iloc[0] == sum(v[0] for v in expected.values())
    assert pl["hours_logged"].iloc[0] == sum(v[2] for v in expected.values())


@pytest.mark.parametrize("as_of, expected", [
    # volunteers_registered, ks_members, organisers_in_base, mpw_certified
    ("2023-12-31", {"0201": [0, 0, 0, 0], "0202": [0, 0, 0, 0]}),
    ("2024-01-01", {"0201": [0, 0, 1, 0], "0202": [0, 0, 0, 0]}),   # O2 joined too, but in no base
    ("2024-02-09", {"0201": [1, 0, 1, 0], "0202": [0, 0, 0, 0]}),
    ("2024-02-10", {"0201": [1, 0, 1, 0], "0202": [1, 0, 0, 0]}),   # the day itself counts
    ("2024-02-20", {"0201": [1, 0, 2, 1], "0202": [1, 0, 0, 0]}),
    ("2024-02-29", {"0201": [1, 0, 2, 1], "0202": [1, 0, 0, 0]}),
    ("2024-03-01", {"0201": [1, 0, 2, 1], "0202": [1, 1, 0, 0]}),   # a month boundary
    ("2024-03-14", {"0201": [1, 0, 2, 1], "0202": [1, 1, 0, 0]}),
    ("2024-03-15", {"0201": [1, 0, 2, 1], "0202": [1, 1, 0, 1]}),
])
def test_stocks_by_hand(cons, as_of, expected):
    df = both(cons, lambda c: indicators.compute(c, "powiat", as_of, codes=STOCK_CODES)).set_index("teryt")
    assert df.loc[list(expected), STOCK_CODES].to_numpy().tolist() == list(expected.values())
    pl = both(cons, lambda c: indicators.compute(c, "country", as_of, codes=STOCK_CODES))
    assert pl[STOCK_CODES].iloc[0].tolist() == [a + b for a, b in zip(*expected.values())]


@pytest.mark.parametrize("period, expected", [
    # trainings, participants, local projects, promotion events, organiser support, institution
    # programmes, network meetings
    (("2024-04-01", "2024-04-30"), {"0201": [2, 12, 0, 0, 1, 0, 0], "0202": [0, 0, 1, 0, 0, 0, 0]}),
    (("2024-05-01", "2024-06-30"), {"0201": [0, 0, 0, 0, 1, 1, 0], "0202": [0, 0, 0, 2, 0, 0, 0]}),
    (("2024-01-01", "2024-12-31"), {"0201": [2, 12, 0, 0, 2, 1, 0], "0202": [0, 0, 1, 2, 0, 0, 0]}),
])
def test_activity_codes_by_hand(cons, period, expected):
    df = both(cons, lambda c: indicators.compute(c, "powiat", "2024-06-30", period, codes=ACTIVITY_CODES))
    got = df.set_index("teryt").loc[list(expected), ACTIVITY_CODES]
    assert got.to_numpy().tolist() == list(expected.values())
    v = both(cons, lambda c: indicators.compute(c, "voivodeship", "2024-06-30", period, codes=ACTIVITY_CODES))
    assert v.set_index("teryt").loc["02", ACTIVITY_CODES].tolist() == [a + b for a, b in zip(*expected.values())]


def test_monthly_series_by_hand(cons):
    s = both(cons, lambda c: trends.series(c, "powiat", "0201", as_of="2024-06-30",
                                           period=("2024-03-01", "2024-06-30"),
                                           codes=HOUR_CODES + STOCK_CODES + ACTIVITY_CODES))
    assert s["volunteers_active"].tolist() == [1, 0, 1, 0]
    assert s["hours_confirmed"].tolist() == [2, 0, 9, 0]
    assert s["hours_logged"].tolist() == [2, 3, 11, 0]
    assert s["public_institutions_engaged"].tolist() == [1, 0, 1, 1]
    assert s["volunteers_registered"].tolist() == [1, 1, 1, 1]
    assert s["trainings"].tolist() == [0, 2, 0, 0]
    assert s["organiser_support"].tolist() == [0, 1, 1, 0]


@pytest.mark.parametrize("secret", [None, "a-secret"])
def test_every_level_area_and_series_equal_without_the_seal(cons, secret):
    for level in ("powiat", "voivodeship", "country"):
        both(cons, lambda c: indicators.compute(c, level, secret=secret))
        both(cons, lambda c: indicators.compute(c, level, "2024-05-15", ("2024-02-01", "2024-05-31"),
                                                secret=secret))
    both(cons, lambda c: indicators.compute_areas(c, {"A": ["0201", "0202"], "B": ["0202"]}, secret=secret))
    both(cons, lambda c: trends.series(c, "voivodeship", "02", period=("2024-01-01", "2024-06-30"),
                                       codes=HOUR_CODES + STOCK_CODES + ACTIVITY_CODES, secret=secret))
    both(cons, lambda c: trends.series(c, "area", powiats=["0201", "0202"], secret=secret))


def test_the_demo_equals_its_unsealed_copy(demo_db, tmp_path):
    """The shared demo database (thousands of hours rows) against a copy as an older importer wrote
    it: every code at every level, with and without cell keys, and the default monthly series."""
    old = tmp_path / "old.duckdb"
    shutil.copy(demo_db, old)
    c = duckdb.connect(str(old))
    for t in AGG_TABLES + ("import_seal",):
        c.execute(f"DROP TABLE {t}")
    c.close()
    a, b = db.connect_readonly(demo_db), db.connect_readonly(old)
    try:
        assert db.sealed(a) and not db.sealed(b)
        for level in ("powiat", "voivodeship", "country"):
            for secret in (None, "s"):
                x, y = indicators.compute(a, level, secret=secret), indicators.compute(b, level, secret=secret)
                pd.testing.assert_frame_equal(x, y, check_exact=False, rtol=1e-12)  # averages: summation order
                counts = [c for c in x.columns if c.startswith(("volunteers_", "ks_", "public_", "hours_"))]
                pd.testing.assert_frame_equal(x[counts], y[counts], check_exact=True)
        pd.testing.assert_frame_equal(trends.series(a, "powiat"), trends.series(b, "powiat"),
                                      check_exact=False, rtol=1e-12)
    finally:
        a.close()
        b.close()


def test_a_file_changed_after_its_import_is_computed_not_read_from_the_seal(files, tmp_path):
    """Rows added or removed after the import (through a writable connection) break the seal: the
    file then gets the computed answers, never the import's stale ones. A writable connection is
    never sealed."""
    path = tmp_path / "ks.duckdb"
    shutil.copy(files[0], path)
    c = duckdb.connect(str(path))
    assert not db.sealed(c)  # writable
    c.execute("INSERT INTO volunteers (volunteer_id, powiat, registered_on, sex) "
              "VALUES ('V3', '0201', DATE '2024-07-15', 'U')")
    c.execute("INSERT INTO hours VALUES ('V3', 'O1', DATE '2024-07-01', 5, 5)")
    c.close()
    ro = db.connect_readonly(path)
    try:
        assert not db.sealed(ro)
        assert db.data_as_of(ro) == dt.date(2024, 7, 31)  # the new July hours, not the import's June 30
        codes = ["volunteers_registered", "volunteers_active", "public_institutions_engaged"]
        df = indicators.compute(ro, "powiat", codes=codes).set_index("teryt")
        # D = 2024-07-31, the 12 months to July: V1 (March, May) and V3 (July) in 0201
        assert df.loc["0201", codes].tolist() == [2, 2, 1]
    finally:
        ro.close()
    c = duckdb.connect(str(path))
    c.execute("DELETE FROM hours WHERE volunteer_id = 'V3'")
    c.execute("DELETE FROM volunteers WHERE volunteer_id = 'V3'")
    c.execute("DELETE FROM hours WHERE month = DATE '2024-03-01'")  # one row fewer than at import
    c.close()
    ro = db.connect_readonly(path)
    try:
        assert not db.sealed(ro)
        df = indicators.compute(ro, "powiat", "2024-03-31", ("2024-03-01", "2024-03-31"),
                                codes=["volunteers_active"])
        assert df.set_index("teryt").loc["0201", "volunteers_active"] == 0
    finally:
        ro.close()


@pytest.mark.parametrize("change", ["DROP TABLE agg_public_engaged", "DROP TABLE task_team_members",
                                    "CREATE TABLE agg_volunteer_hours_x AS SELECT 1 AS x",
                                    "DELETE FROM agg_volunteer_hours WHERE NOT active", "DELETE FROM import_seal"])
def test_a_dropped_emptied_or_changed_table_breaks_the_seal(files, tmp_path, change):
    path = tmp_path / "ks.duckdb"
    shutil.copy(files[0], path)
    c = duckdb.connect(str(path))
    c.execute(change)
    c.close()
    ro = db.connect_readonly(path)
    try:
        assert db.sealed(ro) == change.startswith("CREATE")  # an unrelated new table does not count
        codes = ["volunteers_active", "hours_logged", "public_institutions_engaged"]
        df = indicators.compute(ro, "powiat", "2024-04-30", ("2024-04-01", "2024-04-30"), codes=codes)
        assert df.set_index("teryt").loc["0201", codes].tolist() == [0, 3, 0]
    finally:
        ro.close()


def test_a_fixture_built_in_memory_is_never_sealed():
    from tests.fixtures_indicators import new_db
    con = new_db()
    assert not db.sealed(con)
    db.build_aggregates(con)
    db.write_seal(con)
    assert not db.sealed(con)  # writable, and without import_meta


def test_a_sealed_files_facts_are_read_once_and_not_after_it_changed(files, tmp_path):
    """db.file_facts keeps what a sealed file says of itself (tables, seal, provided tables, as-of
    date) for that file only: the same file at the same path answers from the memo, the same path
    written to since (another size and modification time) is checked afresh and is no longer sealed,
    and an unsealed file is never kept."""
    path = tmp_path / "ks.duckdb"
    shutil.copy(files[0], path)
    ro = db.connect_readonly(path)
    try:
        first = db.file_facts(ro)
        assert first.sealed and first.as_of == dt.date(2024, 6, 30) and "hours" in first.provided
        assert db.file_facts(ro.cursor()) is first  # kept: another cursor of the same file
    finally:
        ro.close()
    c = duckdb.connect(str(path))
    c.execute("INSERT INTO volunteers (volunteer_id, powiat, registered_on, sex) "
              "VALUES ('V9', '0201', DATE '2024-07-15', 'U')")
    c.execute("CHECKPOINT")
    c.close()
    ro = db.connect_readonly(path)
    try:
        changed = db.file_facts(ro)
        assert not changed.sealed and changed.as_of is None
        assert db.file_facts(ro) is not changed  # not sealed: computed on every call
        df = indicators.compute(ro, "powiat", codes=["volunteers_registered"]).set_index("teryt")
        assert db.data_as_of(ro) == dt.date(2024, 7, 15)  # the new registration, not the import's date
        # at D = 2024-07-15: V1 (0201, registered 2024-01-10) and the new V9 in 0201; V2 in 0202
        assert df.loc[["0201", "0202"], "volunteers_registered"].tolist() == [2, 1]
    finally:
        ro.close()
