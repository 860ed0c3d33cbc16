"""Plan outcomes: completion, elapsed share, lights and unit membership, worked by hand.

Most plans run 2024-01-01 .. 2024-07-19 (200 days: Jan 31 + Feb 29 + Mar 31 + Apr 30 + May 31 +
Jun 30 = 182 days to Jul 1, + 18). At D = 2024-04-10 (day 100: 31 + 29 + 31 + 9) e = 100/200 = 0.5.
"""
import math

import pandas as pd
import pytest

from analytics.metrics import indicators as ix, plans
from fixtures_indicators import d, insert, new_db, row

D = d("2024-04-10")
S, E = "2024-01-01", "2024-07-19"


def plan(pid, partner, status="in_progress", start=S, end=E):
    return dict(plan_id=pid, partner_id=partner, title=pid, period_start=start, period_end=end, status=status)


def ind(pid, iid, baseline, target, weight=None, code="trainings"):
    return dict(plan_id=pid, indicator_id=iid, code=code, baseline=baseline, target=target, weight=weight)


def prog(pid, iid, on, achieved):
    return dict(plan_id=pid, indicator_id=iid, reported_on=on, achieved=achieved)


@pytest.fixture(scope="module")
def con():
    con = new_db()
    insert(con, "partners", [
        dict(partner_id="L1", name="Local one", tier="local", voivodeship="16", start_date="2023-01-01"),
        dict(partner_id="L2", name="Local two", tier="local", voivodeship="16", start_date="2023-01-01"),
        dict(partner_id="L3", name="Local three", tier="local", voivodeship="02", start_date="2023-01-01"),
        dict(partner_id="L4", name="Local gone", tier="local", voivodeship="16", start_date="2022-01-01",
             end_date="2024-03-31"),
        dict(partner_id="R1", name="Regional", tier="regional", voivodeship="16", start_date="2022-01-01"),
    ])
    insert(con, "partner_areas", [
        dict(partner_id="L1", powiat="1601"), dict(partner_id="L2", powiat="1602"),
        dict(partner_id="L2", powiat="1603"), dict(partner_id="L3", powiat="0201"),
        dict(partner_id="L4", powiat="1604"),
    ])
    insert(con, "plans", [
        plan("P_green", "L1"), plan("P_zero", "L1"),
        plan("P_done", "L1", "completed", "2023-01-01", "2023-12-31"),
        plan("P_amber", "L2"), plan("P_red", "L2"),
        plan("P_dec", "L3", "adopted"),
        plan("P_reg", "R1"),
        plan("P_old", "L4", "completed", "2023-01-01", "2024-03-31"),
        plan("P_draft", "L1", "draft"), plan("P_abandoned", "L1", "abandoned"),
        plan("P_future", "L1", "adopted", "2024-04-11", "2024-12-31"),
        plan("P_empty", "L3"),  # counted, but no indicators
    ])
    insert(con, "plan_indicators", [
        ind("P_green", "i1", 0, 100), ind("P_zero", "i1", 0, 10),
        ind("P_done", "i1", 0, 10), ind("P_amber", "i1", 0, 8), ind("P_red", "i1", 0, 100),
        ind("P_dec", "dec", 100, 60, 1), ind("P_dec", "over", 0, 10, 3), ind("P_dec", "back", 10, 20, 2),
        ind("P_reg", "i1", 0, 100), ind("P_old", "i1", 0, 100),
        ind("P_draft", "i1", 0, 1), ind("P_abandoned", "i1", 0, 1), ind("P_future", "i1", 5, 15),
    ])
    insert(con, "plan_progress", [
        prog("P_green", "i1", "2024-03-01", 50), prog("P_green", "i1", "2024-05-01", 100),  # after D
        prog("P_done", "i1", "2023-12-31", 10),
        prog("P_amber", "i1", "2024-04-10", 3),       # reported ON D: counts
        prog("P_red", "i1", "2024-02-01", 37),
        prog("P_dec", "dec", "2024-03-01", 90), prog("P_dec", "dec", "2024-04-01", 80),
        prog("P_dec", "over", "2024-04-01", 20), prog("P_dec", "back", "2024-04-01", 5),
        prog("P_reg", "i1", "2024-04-01", 25), prog("P_old", "i1", "2024-03-31", 100),
        prog("P_draft", "i1", "2024-04-01", 1),
    ])
    return con


@pytest.fixture(scope="module")
def table(con):
    return plans.plan_table(con, as_of=D).set_index("plan_id")


def test_counted_plans(table):
    # draft, abandoned and not-yet-started plans do not count
    assert sorted(table.index) == ["P_amber", "P_dec", "P_done", "P_empty", "P_green", "P_old",
                                   "P_red", "P_reg", "P_zero"]
    assert table.loc["P_reg", "level"] == "regional" and table.loc["P_green", "level"] == "local"
    assert table.loc["P_green", "partner_name"] == "Local one"
    assert table.loc["P_dec", "voivodeship"] == "02"


def test_completion_and_lights(table):
    t = table
    assert t.loc["P_green", "elapsed"] == pytest.approx(0.5)       # 100 / 200 days
    # 50 of 100 (the 100 reported after D is ignored): completion 0.5 == e -> green
    assert t.loc["P_green", "completion"] == pytest.approx(0.5)
    assert t.loc["P_green", "status_light"] == "green"
    # 3 of 8 = 0.375 == 0.75 * 0.5 -> amber
    assert t.loc["P_amber", "completion"] == pytest.approx(0.375)
    assert t.loc["P_amber", "status_light"] == "amber"
    # 37 of 100 = 0.37 < 0.375 -> red
    assert t.loc["P_red", "completion"] == pytest.approx(0.37)
    assert t.loc["P_red", "status_light"] == "red"
    # nothing reported: achieved = baseline, completion 0
    assert t.loc["P_zero", "completion"] == 0 and t.loc["P_zero", "status_light"] == "red"
    # dec: (80 - 100) / (60 - 100) = 0.5, weight 1; over: 20/10 = 2 -> capped 1, weight 3;
    # back: max(0, (5 - 10) / (20 - 10)) = 0, weight 2 -> (0.5 + 3 + 0) / 6
    assert t.loc["P_dec", "completion"] == pytest.approx(3.5 / 6)
    assert t.loc["P_dec", "status_light"] == "green"               # 0.583 >= 0.5
    # ended plans: elapsed clamped to 1
    assert t.loc["P_done", "elapsed"] == 1 and t.loc["P_done", "status_light"] == "green"
    # a plan without indicators: listed, no completion, no light
    assert math.isnan(t.loc["P_empty", "completion"]) and pd.isna(t.loc["P_empty", "status_light"])


def test_plan_detail(con):
    det = plans.plan_detail(con, "P_dec", as_of=D).set_index("indicator_id")
    assert list(det.index) == ["back", "dec", "over"]
    assert det.loc["dec", "achieved"] == 80 and det.loc["dec", "reported_on"] == pd.Timestamp("2024-04-01")
    assert det.loc["dec", "progress"] == pytest.approx(0.5)
    assert det.loc["over", "progress"] == pytest.approx(2.0)      # uncapped in the detail
    assert det.loc["back", "progress"] == 0
    # expected_by_now = baseline + e * (target - baseline), e = 0.5
    assert det.loc["dec", "expected_by_now"] == pytest.approx(100 + 0.5 * (60 - 100))   # 80
    assert det.loc["over", "expected_by_now"] == pytest.approx(5)
    assert det.loc["over", "weight"] == 3
    # a plan not started yet: elapsed clamps to 0, expected = baseline; no report -> baseline
    fut = plans.plan_detail(con, "P_future", as_of=D).iloc[0]
    assert fut["expected_by_now"] == 5 and fut["achieved"] == 5 and fut["progress"] == 0
    assert pd.isna(fut["reported_on"])
    with pytest.raises(KeyError):
        plans.plan_detail(con, "nope", as_of=D)


def test_elapsed_and_light_functions():
    s, e = d("2024-01-01"), d("2024-07-19")
    assert plans.elapsed_share(d("2023-12-01"), s, e) == 0        # before start
    assert plans.elapsed_share(d("2024-04-10"), s, e) == 0.5
    assert plans.elapsed_share(d("2025-01-01"), s, e) == 1        # after end
    assert plans.status_light(0.5, 0.5) == "green"
    assert plans.status_light(0.375, 0.5) == "amber"
    assert plans.status_light(0.3749, 0.5) == "red"
    assert plans.status_light(0.0, 0.0) == "green"                # nothing expected yet
    assert plans.status_light(None, 0.5) is None


def test_running_plans(table, con):
    # contract v1.1: a counted plan is running at D when D <= period_end
    running = table["running"]
    assert running.dtype == bool
    assert sorted(table.index[~running]) == ["P_done", "P_old"]      # ended 2023-12-31 and 2024-03-31
    # P_old ends 2024-03-31: running on that day (end inclusive), ended the day after
    assert plans.plan_table(con, as_of="2024-03-31").set_index("plan_id").loc["P_old", "running"]
    assert not plans.plan_table(con, as_of="2024-04-01").set_index("plan_id").loc["P_old", "running"]


def test_plan_indicators_per_unit(con):
    # Unit indicators use the plans RUNNING at D only (contract v1.1): P_done and P_old have ended.
    pw = ix.compute(con, "powiat", as_of=D)
    r = row(pw, "1601")
    # running local plans of L1 (covers 1601): green 0.5, zero 0 -> mean 0.25 (P_done ended)
    assert r["plan_completion_local"] == pytest.approx((0.5 + 0) / 2)
    assert r["plan_completion_regional"] == pytest.approx(0.25)    # P_reg: 25 of 100
    # P_reg: 0.25 < 0.75 * 0.5 -> red; green P_green of P_green, P_zero, P_reg
    assert r["plans_on_track_share"] == pytest.approx(1 / 3)
    r2 = row(pw, "1602")
    assert r2["plan_completion_local"] == pytest.approx((0.375 + 0.37) / 2)
    assert r2["plans_on_track_share"] == 0                          # amber, red, regional red
    # 1604: L4 ended before D, so P_old is not the powiat's; only the regional plan
    r4 = row(pw, "1604")
    assert math.isnan(r4["plan_completion_local"]) and r4["plan_completion_regional"] == pytest.approx(0.25)
    assert row(pw, "1607")["plan_completion_regional"] == pytest.approx(0.25)   # every powiat of 16
    r0 = row(pw, "0201")
    # P_dec 3.5/6; P_empty has no completion: left out of the mean and of on-track
    assert r0["plan_completion_local"] == pytest.approx(3.5 / 6) and r0["plans_on_track_share"] == 1
    assert math.isnan(r0["plan_completion_regional"])
    assert math.isnan(row(pw, "0202")["plans_on_track_share"])      # no plan at all: empty

    vv = ix.compute(con, "voivodeship", as_of=D)
    v = row(vv, "16")
    # partner seat 16, running: green 0.5, zero 0, amber 0.375, red 0.37 (not P_done 1, P_old 1)
    assert v["plan_completion_local"] == pytest.approx((0.5 + 0 + 0.375 + 0.37) / 4)
    assert v["plans_on_track_share"] == pytest.approx(1 / 5)        # green of green, zero, amber, red, reg
    c = row(ix.compute(con, "country", as_of=D), "PL")
    assert c["plan_completion_local"] == pytest.approx((0.5 + 0 + 0.375 + 0.37 + 3.5 / 6) / 5)
    assert c["plan_completion_regional"] == pytest.approx(0.25)
    assert c["plans_on_track_share"] == pytest.approx(2 / 6)        # green, dec of 6 lit running plans


def test_plan_indicators_on_the_day_a_plan_ends_and_the_day_after(con):
    # 2024-03-31: day 90 of 200, e = 0.45. P_green 0.5 green; P_zero 0 red; P_amber 0 (reported
    # 04-10) red; P_red 0.37 >= 0.3375 amber; P_reg 0 (reported 04-01) red; P_old 100/100 = 1 on its
    # last day: running, green. Voivodeship 16: 2 green of 6.
    v = row(ix.compute(con, "voivodeship", as_of="2024-03-31"), "16")
    assert v["plans_on_track_share"] == pytest.approx(2 / 6)
    assert v["plan_completion_local"] == pytest.approx((0.5 + 0 + 0 + 0.37 + 1) / 5)
    # 2024-04-01: day 91, e = 0.455; P_old has ended; P_reg 0.25 < 0.34125 red -> 1 green of 5
    v = row(ix.compute(con, "voivodeship", as_of="2024-04-01"), "16")
    assert v["plans_on_track_share"] == pytest.approx(1 / 5)
    assert v["plan_completion_local"] == pytest.approx((0.5 + 0 + 0 + 0.37) / 4)


def test_plans_of_an_area(con):
    s = ix.compute_area(con, ["1601", "1602", "0201"], as_of=D)
    # running plans of any of its powiats: L1's P_green, P_zero, L2's 2, L3's P_dec (P_empty has
    # no completion), regional P_reg (P_done ended; P_old: L4 covers none)
    assert s["plan_completion_local"] == pytest.approx((0.5 + 0 + 0.375 + 0.37 + 3.5 / 6) / 5)
    assert s["plans_on_track_share"] == pytest.approx(2 / 6)        # green, dec


def test_unit_plans_are_the_engines_membership(con):
    # every counted plan a unit holds, running or not (the Plans page lists them for its focus)
    assert ix.unit_plans(con, "powiat", "1601", as_of=D) == ["P_done", "P_green", "P_reg", "P_zero"]
    assert ix.unit_plans(con, "powiat", "1604", as_of=D) == ["P_reg"]        # L4 ended before D
    assert ix.unit_plans(con, "powiat", "1604", as_of="2024-03-31") == ["P_old", "P_reg"]
    assert ix.unit_plans(con, "voivodeship", "02", as_of=D) == ["P_dec", "P_empty"]
    assert ix.unit_plans(con, "voivodeship", "16", as_of=D) == ["P_amber", "P_done", "P_green", "P_old",
                                                                  "P_red", "P_reg", "P_zero"]
    assert len(ix.unit_plans(con, "country", "PL", as_of=D)) == 9
    with pytest.raises(ValueError):
        ix.unit_plans(con, "gmina", "x", as_of=D)


def test_plan_csv_frame(con):
    df = plans.plan_csv_frame(con, as_of=D)
    assert list(df.columns) == ["plan_id", "partner_id", "level", "completion", "elapsed", "status_light",
                                "running"]
    r = df.set_index("plan_id").loc["P_amber"]
    assert (r["partner_id"], r["level"], r["completion"], r["elapsed"], r["status_light"], r["running"]) == \
        ("L2", "local", 0.375, 0.5, "amber", "true")
    done = df.set_index("plan_id").loc["P_done"]
    assert (done["completion"], done["elapsed"], done["status_light"], done["running"]) == (1.0, 1.0, "green", "false")
    # written as the contract says: true/false
    text = df.to_csv(index=False)
    assert "P_done,L1,local,1.0,1.0,green,false" in text and "P_amber,L2,local,0.375,0.5,amber,true" in text
