"""Monthly series, hand-worked. D = 2024-06-20, period 2024-01 .. 2024-06; stocks are taken at
Jan 31, Feb 29, Mar 31, Apr 30, May 31 and Jun 20 (D itself in D's month)."""
import datetime as dt
import math

import pytest

from analytics.metrics import catalogue, dates, indicators as ix, trends
from analytics.access import scope
from fixtures_indicators import d, insert, new_db, row

D = d("2024-06-20")
PERIOD = (d("2024-01-01"), d("2024-06-01"))


@pytest.fixture(scope="module")
def con():
    con = new_db()
    insert(con, "partners", [dict(partner_id="L1", name="l", tier="local", voivodeship="16",
                                  start_date="2023-01-01")])
    insert(con, "partner_areas", [dict(partner_id="L1", powiat="1601", valid_from="2024-03-01",
                                       valid_to="2024-04-30")])
    insert(con, "coalitions", [dict(coalition_id="C1", name="c", powiat="1601", founded_on="2024-02-15",
                                    dissolved_on="2024-05-01")])
    insert(con, "volunteers", [
        dict(volunteer_id="v1", powiat="1601", registered_on="2023-12-01", ks_member_since="2024-04-30"),
        dict(volunteer_id="v2", powiat="1601", registered_on="2024-02-29"),
        dict(volunteer_id="v3", powiat="1601", registered_on="2024-03-01"),
        dict(volunteer_id="v4", powiat="1601", registered_on="2024-06-20"),
        dict(volunteer_id="v5", powiat="1601", registered_on="2024-06-25"),   # after D
        dict(volunteer_id="v6", powiat="1602", registered_on="2024-01-10"),
    ])
    insert(con, "organisers", [
        dict(organiser_id="O1", name="o", type="ngo", powiat="1601", joined_on="2024-05-31", base_partner_id="L1"),
        dict(organiser_id="O2", name="o", type="ngo", powiat="1601", joined_on="2023-01-01"),
    ])
    insert(con, "hours", [
        dict(volunteer_id="v1", organiser_id="O1", month="2024-01", hours_logged=2, hours_confirmed=2),
        dict(volunteer_id="v1", organiser_id="O2", month="2024-01", hours_logged=1, hours_confirmed=1),
        dict(volunteer_id="v2", organiser_id="O2", month="2024-01", hours_logged=3, hours_confirmed=3),
        dict(volunteer_id="v1", organiser_id="O1", month="2024-03", hours_logged=1, hours_confirmed=0),
        dict(volunteer_id="v2", organiser_id="O2", month="2024-06", hours_logged=4, hours_confirmed=4),
        dict(volunteer_id="v6", organiser_id="O2", month="2024-06", hours_logged=1, hours_confirmed=1),
    ])
    insert(con, "activities", [
        dict(activity_id=f"T{i}", partner_id="L1", type="training", date=dt, powiat="1601")
        for i, dt in enumerate(["2024-02-01", "2024-02-29", "2024-06-20", "2023-12-31"])
    ])
    return con


def test_powiat_series(con):
    s = trends.series(con, "powiat", "1601", as_of=D, period=PERIOD)
    assert list(s["month"].dt.strftime("%Y-%m")) == ["2024-01", "2024-02", "2024-03", "2024-04",
                                                      "2024-05", "2024-06"]
    assert str(s["at"].iloc[-1].date()) == "2024-06-20" and str(s["at"].iloc[1].date()) == "2024-02-29"
    # area valid 2024-03-01..2024-04-30 (end inclusive)
    assert s["local_partner_coverage"].tolist() == [0, 0, 1, 1, 0, 0]
    # founded Feb 15, dissolved May 1 (exclusive): active at Feb 29, Mar 31, Apr 30
    assert s["coalitions"].tolist() == [0, 1, 1, 1, 0, 0]
    # v1 (before the period) from Jan, v2 on Feb 29, v3 Mar 1, v4 on D; v5 after D
    assert s["volunteers_registered"].tolist() == [1, 2, 3, 3, 3, 4]
    assert s["ks_members"].tolist() == [0, 0, 0, 1, 1, 1]            # v1 since Apr 30
    assert s["organisers_in_base"].tolist() == [0, 0, 0, 0, 1, 1]    # O1 joined May 31
    # Jan: v1 2 + 1, v2 3 -> 6 h by 2 volunteers (v1 once); Mar: 0 confirmed; Jun: v2 4
    assert s["hours_confirmed"].tolist() == [6, 0, 0, 0, 0, 4]
    assert s["volunteers_active"].tolist() == [2, 0, 0, 0, 0, 1]
    assert s["trainings"].tolist() == [0, 2, 0, 0, 0, 1]              # Dec 31 is outside


def test_last_point_matches_compute(con):
    s = trends.series(con, "powiat", "1601", as_of=D, period=PERIOD).iloc[-1]
    c = row(ix.compute(con, "powiat", as_of=D), "1601")
    for code in trends.STOCKS:
        assert s[code] == c[code], code


def test_voivodeship_and_area_series(con):
    v = trends.series(con, "voivodeship", "16", as_of=D, period=PERIOD)
    assert v["volunteers_registered"].tolist() == [2, 3, 4, 4, 4, 5]      # + v6 from Jan
    assert v["local_partner_coverage"].tolist() == pytest.approx([0, 0, 1 / 12, 1 / 12, 0, 0])
    assert v["volunteers_active"].tolist() == [2, 0, 0, 0, 0, 2]          # Jun: v2 and v6
    a = trends.series(con, "area", powiats=["1601", "1602"], as_of=D, period=PERIOD)
    assert a["teryt"].unique().tolist() == ["AREA"]
    assert a["local_partner_coverage"].tolist() == [0, 0, 0.5, 0.5, 0, 0]
    assert a["hours_confirmed"].tolist() == [6, 0, 0, 0, 0, 5]


def test_all_units_and_suppression(con):
    s = trends.series(con, "powiat", as_of=D, period=PERIOD, codes=["volunteers_registered"])
    assert len(s) == 380 * 6 and list(s.columns) == ["teryt", "name", "month", "at", "volunteers_registered"]
    sup = scope.series(con, "powiat", "public", as_of=D, period=PERIOD, codes=["volunteers_registered"],
                       secret="t")
    assert len(sup) == 380 * 6
    assert sup["volunteers_registered"].dropna().eq(0).all()       # every non-zero count here is < 10
    assert sup["volunteers_registered__suppressed"].sum() == (s["volunteers_registered"] > 0).sum()
    with pytest.raises(KeyError):
        trends.series(con, "powiat", "1601", codes=["no_such_code"])


def test_any_catalogue_code_has_a_series(con):
    # a derived code: C1 (seated in 1601, active at Feb 29, Mar 31, Apr 30) per 100,000 inhabitants
    # of 1601 (the reference population)
    pop = con.execute("SELECT population FROM unit_population WHERE teryt = '1601'").fetchone()[0]
    s = trends.series(con, "powiat", "1601", as_of=D, period=PERIOD,
                      codes=["trainings", "coalitions", "coalition_density"])
    assert list(s.columns) == ["teryt", "name", "month", "at", "trainings", "coalitions", "coalition_density"]
    assert s["coalitions"].tolist() == [0, 1, 1, 1, 0, 0]
    assert s["coalition_density"].tolist() == pytest.approx([0, 1e5 / pop, 1e5 / pop, 1e5 / pop, 0, 0])


# --- every catalogue code, month by month, on a small demo database --------------------------------

@pytest.fixture(scope="module")
def demo_con(tmp_path_factory):
    from analytics.data import db, demo
    from analytics.data.importer import import_source
    folder = tmp_path_factory.mktemp("trends-demo")
    demo.generate(folder, scale=0.05, seed=11)
    assert import_source(folder, folder / "ks.duckdb").ok
    c = db.connect_readonly(folder / "ks.duckdb")
    yield c
    c.close()


def _mid_month(con):
    """An as-of date inside its month (D's month then has a stock date before its month end)."""
    d0 = dates.resolve_dates(con)[0] - dt.timedelta(days=10)
    assert d0 != dates.month_end(d0)
    return d0


def _same(a, b) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("level, unit", [("powiat", "1465"), ("voivodeship", "14"), ("country", "PL"),
                                         ("area", None)])
def test_every_code_month_by_month_is_compute(demo_con, level, unit):
    """Each point of a series is compute() at that month's `at` over that month alone: the same
    catalogue definition, for every code. The period runs one month past D (flows are not cut at D)."""
    d0 = _mid_month(demo_con)
    period = (dates.add_months(d0, -3), dates.add_months(d0, 1))
    area = ["1465", "1461", "0201"]
    codes = list(catalogue.CODES)
    if level == "area":
        s = trends.series(demo_con, "area", powiats=area, as_of=d0, period=period, codes=codes)
    else:
        s = trends.series(demo_con, level, unit, as_of=d0, period=period, codes=codes)
    assert len(s) == 5 and s["teryt"].nunique() == 1
    assert s["at"].iloc[3].date() == d0 and s["at"].iloc[4].date() == dates.month_end(s["month"].iloc[4].date())
    for r in s.itertuples():
        m = r.month.date()
        if level == "area":
            c = ix.compute_area(demo_con, area, as_of=r.at.date(), period=(m, m))
        else:
            c = row(ix.compute(demo_con, level, as_of=r.at.date(), period=(m, m)), unit)
        bad = [k for k in codes if not _same(getattr(r, k), c[k])]
        assert not bad, (m, bad)
    # a person count actually moves over these months (the comparison is not all zeros)
    assert s["volunteers_registered"].gt(0).all() and s["hours_confirmed"].gt(0).any()


def test_stock_in_D_month_is_compute_at_D(demo_con):
    """The point of D's month equals compute(as_of=D) with the default period for every code that
    does not depend on the period (stocks and plans)."""
    d0 = _mid_month(demo_con)
    codes = [i.code for i in catalogue.CATALOGUE if i.kind in ("stock", "plan")]
    for level, unit in [("powiat", "1465"), ("voivodeship", "14"), ("country", "PL")]:
        last = trends.series(demo_con, level, unit, as_of=d0, codes=codes).iloc[-1]
        assert last["at"].date() == d0
        c = row(ix.compute(demo_con, level, as_of=d0), unit)
        bad = [k for k in codes if not _same(last[k], c[k])]
        assert not bad, (level, bad)
