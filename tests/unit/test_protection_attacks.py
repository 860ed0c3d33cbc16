"""The attacks of issue 12, written as tests against the protection layer (access/scope.py entry
points, as every page, export and the CLI get their numbers), on a synthetic demo database large
enough to have many hidden cells. Each attack is first run against what per-cell suppression alone
used to publish - where it recovers every cell it tries (the positive control: the attack works) -
and then against the protected values, where it must fail. Plus the consistency the method
promises: the same records give the same value on every route."""
from __future__ import annotations

import datetime as dt
import math

import duckdb
import pandas as pd
import pytest

from analytics.access import privacy, scope
from analytics.data import db, demo
from analytics.metrics import details, indicators
from analytics.present import exports

D = demo.DATA_END
PERIOD = (dt.date(2025, 7, 1), dt.date(2026, 6, 1))
SECRETS = ("first-secret", "second-secret", "third-secret")
PUBLIC = privacy.EXPORT_ROLE


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    """Synthetic volunteers and hours with many cells to attack. In every voivodeship the first
    powiat holds 3-9 volunteers (hidden at powiat level) and every other powiat 20-49, registered
    over 2024; in every other powiat 3 volunteers log hours in one month of the year (a hidden month)
    and 10-16 in each other month - the same people every month, the hardest case for the noise."""
    path = tmp_path_factory.mktemp("attacks") / "ks.duckdb"
    c = duckdb.connect(str(path))
    db.create_empty(c)
    c.execute("""
        CREATE TEMP TABLE pw AS
        SELECT teryt, row_number() OVER (PARTITION BY voivodeship_teryt ORDER BY teryt) = 1 AS small,
               teryt::INT AS k FROM units WHERE level = 'powiat'""")
    c.execute("""
        INSERT INTO volunteers (volunteer_id, powiat, registered_on, sex, ks_member_since)
        SELECT 'V' || pw.teryt || '-' || i, pw.teryt, DATE '2024-01-01' + ((i * 37 + pw.k) % 300)::INT,
               CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END,
               CASE WHEN i % 3 = 0 THEN DATE '2024-06-01' END
        FROM pw, range(CASE WHEN pw.small THEN 3 + pw.k % 7 ELSE 20 + pw.k % 30 END) t(i)""")
    c.execute("INSERT INTO organisers (organiser_id, name, type, powiat, joined_on) "
              "VALUES ('O1', 'o', 'ngo', '0201', DATE '2024-01-01')")
    # month m (0..11) of 2025-07..2026-06: the hidden month k % 12 has 3 active volunteers, others 10 + k % 7
    c.execute("""
        INSERT INTO hours (volunteer_id, organiser_id, month, hours_logged, hours_confirmed)
        SELECT 'V' || pw.teryt || '-' || i, 'O1', (DATE '2025-07-01' + INTERVAL (m) MONTH)::DATE,
               2.0 + (i % 5) * 1.5 + m, 1.5 + (i % 5) * 1.5 + m
        FROM pw, range(12) mm(m), range(20) t(i)
        WHERE NOT pw.small AND i < CASE WHEN m = pw.k % 12 THEN 3 ELSE 10 + pw.k % 7 END""")
    c.close()
    ro = db.connect_readonly(path)
    yield ro
    ro.close()


@pytest.fixture(scope="module")
def exact(con):
    return {lv: indicators.compute(con, lv, D, PERIOD).set_index("teryt") for lv in ("powiat", "voivodeship")}


def suppressed_only(frame, level):
    """What per-cell suppression alone published (the old rule): exact values, small ones hidden."""
    out = frame.copy()
    for code in ("volunteers_registered", "volunteers_active", "ks_members"):
        out.loc[privacy.small_mask(out[code], level).to_numpy(), code] = float("nan")
    return out


# --- (a) a voivodeship minus its visible powiats ------------------------------------------------------
def voivodeship_attack(pw: pd.DataFrame, vv: pd.DataFrame, truth: pd.DataFrame, code: str) -> tuple[int, int]:
    tried = hit = 0
    for v in vv.index:
        mine = pw[pw.index.str[:2] == v]
        hidden = mine[mine[code].isna()]
        if len(hidden) != 1 or pd.isna(vv.loc[v, code]):
            continue
        tried += 1
        hit += int(vv.loc[v, code] - mine[code].sum() == truth.loc[hidden.index[0], code])
    return tried, hit


def test_a_voivodeship_minus_its_visible_powiats(con, exact):
    code = "volunteers_registered"
    tried, hit = voivodeship_attack(suppressed_only(exact["powiat"], "powiat"),
                                    suppressed_only(exact["voivodeship"], "voivodeship"), exact["powiat"], code)
    assert tried >= 5 and hit == tried                      # control: suppression alone gives every cell away
    tried = hit = 0
    for secret in SECRETS:
        pw = scope.indicator_table(con, "powiat", PUBLIC, D, PERIOD, secret=secret).set_index("teryt")
        vv = scope.indicator_table(con, "voivodeship", PUBLIC, D, PERIOD, secret=secret).set_index("teryt")
        t, h = voivodeship_attack(pw, vv, exact["powiat"], code)
        tried, hit = tried + t, hit + h
    assert tried >= 15 and hit / tried <= 0.2               # chance hits only


# --- (b) an area of a hidden powiat and a visible one, minus the visible one ---------------------------
def test_b_an_area_minus_its_visible_powiat_over_several_routes(con, exact):
    code = "volunteers_registered"
    pw = scope.indicator_table(con, "powiat", PUBLIC, D, PERIOD, secret=SECRETS[0]).set_index("teryt")
    hidden = [p for p in pw.index if pw.loc[p, f"{code}__suppressed"]][:20]
    assert len(hidden) >= 10
    tried = recovered = 0
    for h in hidden:
        neighbours = [n for n in pw.index if n[:2] == h[:2] and n != h and not pw.loc[n, f"{code}__suppressed"]][:5]
        areas = {f"{h}+{n}": [h, n] for n in neighbours} | {n: [n] for n in neighbours}
        # control: the exact areas give the hidden powiat away on every route
        ex = indicators.compute_areas(con, areas, D, PERIOD).set_index("teryt")
        assert all(ex.loc[f"{h}+{n}", code] - ex.loc[n, code] == exact["powiat"].loc[h, code] for n in neighbours)
        pub = scope.area_table(con, areas, PUBLIC, D, PERIOD, secret=SECRETS[0]).set_index("teryt")
        ests = [pub.loc[f"{h}+{n}", code] - pub.loc[n, code] for n in neighbours]
        tried += 1
        recovered += int(any(not math.isnan(e) for e in ests))
        assert all(pub.loc[f"{h}+{n}", f"{code}__suppressed"] for n in neighbours)   # the area rule
    assert tried >= 10 and recovered == 0


# --- (c) twelve months of hours minus the visible months -----------------------------------------------
def test_c_a_year_of_hours_minus_the_visible_months(con):
    code = "hours_confirmed"
    exact_months = scope.series(con, "powiat", "institution", as_of=D, period=PERIOD, codes=[code])
    tried = hit = control = 0
    for secret in SECRETS[:2]:
        year = scope.indicator_table(con, "powiat", PUBLIC, D, PERIOD, secret=secret).set_index("teryt")
        months = scope.series(con, "powiat", PUBLIC, as_of=D, period=PERIOD, codes=[code], secret=secret)
        for unit, m in months.groupby("teryt"):
            hid = m[m[code].isna()]
            if len(hid) != 1 or pd.isna(year.loc[unit, code]):
                continue
            tried += 1
            truth = exact_months[(exact_months["teryt"] == unit) & (exact_months["month"] == hid["month"].iloc[0])]
            truth = float(truth[code].iloc[0])
            est = year.loc[unit, code] - m[code].sum()
            hit += int(abs(est - truth) <= 0.25)
            # control: with exact year and months the subtraction is exact
            ex = exact_months[exact_months["teryt"] == unit]
            control += int(abs(ex[code].sum() - ex[ex["month"] != hid["month"].iloc[0]][code].sum() - truth) < 1e-6)
    assert tried >= 10 and control == tried
    assert hit / tried <= 0.1


# --- (d) the sex x age table at D minus the same table a day earlier -----------------------------------
def test_d_the_breakdown_today_minus_yesterday(con):
    unit, level = "14", "voivodeship"     # volunteers register day by day through 2024
    days = [(dt.date(2024, 3, 1) + dt.timedelta(days=k), dt.date(2024, 3, 2) + dt.timedelta(days=k))
            for k in range(0, 120, 3)]
    changed = same = 0
    for before, after in days:
        ex0 = details.volunteer_breakdown(con, level, unit, before).set_index(["sex", "age_band"])["volunteers"]
        ex1 = details.volunteer_breakdown(con, level, unit, after).set_index(["sex", "age_band"])["volunteers"]
        p0 = scope.breakdown(con, level, unit, before, PUBLIC, secret=SECRETS[0]).set_index(["sex", "age_band"])
        p1 = scope.breakdown(con, level, unit, after, PUBLIC, secret=SECRETS[0]).set_index(["sex", "age_band"])
        for cell in ex1.index.intersection(ex0.index):
            if p0.loc[cell, "suppressed"] or p1.loc[cell, "suppressed"]:
                assert math.isnan(p1.loc[cell, "volunteers"]) or not p1.loc[cell, "suppressed"]
                continue
            delta = ex1[cell] - ex0[cell]
            if delta == 0:
                assert p1.loc[cell, "volunteers"] == p0.loc[cell, "volunteers"]   # same records, same value
                continue
            changed += 1
            same += int(p1.loc[cell, "volunteers"] - p0.loc[cell, "volunteers"] == delta)
    assert changed >= 20
    assert same / changed <= 0.5          # new registrations cannot be counted exactly from the difference


# --- consistency ------------------------------------------------------------------------------------
def test_one_powiat_area_equals_the_powiat_and_every_route_agrees(con, tmp_path):
    secret = SECRETS[0]
    pw = scope.indicator_table(con, "powiat", PUBLIC, D, PERIOD, secret=secret).set_index("teryt")
    units = [p for p in pw.index if pw.loc[p, "volunteers_registered"] >= 12][:8]
    areas = scope.area_table(con, {u: [u] for u in units}, PUBLIC, D, PERIOD, secret=secret).set_index("teryt")
    cli = scope.indicator_csv_frame(con, "powiat", D, PERIOD, suppress=True, secret=secret).set_index("teryt")
    export = exports.suppressed_frame(con, "powiat", D, PERIOD, secret=secret).set_index("teryt")
    series = scope.series(con, "powiat", PUBLIC, teryt=units, as_of=D, period=PERIOD,
                          codes=["volunteers_registered", "ks_members"], secret=secret)
    last = series[series["at"] == pd.Timestamp(D)].set_index("teryt")
    for u in units:
        for code in ("volunteers_registered", "ks_members", "volunteers_active", "hours_confirmed",
                     "volunteers_per_10k", "confirmation_rate"):
            a, b, c, e = areas.loc[u, code], pw.loc[u, code], cli.loc[u, code], export.loc[u, code]
            assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b), (u, code)
            assert (pd.isna(c) and math.isnan(b)) or float(c) == pytest.approx(round(b, 6)), (u, code)
            assert (math.isnan(e) and math.isnan(b)) or e == pytest.approx(b), (u, code)
        for code in ("volunteers_registered", "ks_members"):            # stocks: D's month is D
            assert last.loc[u, code] == pw.loc[u, code] or (math.isnan(last.loc[u, code]) and math.isnan(pw.loc[u, code]))
    again = scope.indicator_table(con, "powiat", PUBLIC, D, PERIOD, secret=secret).set_index("teryt")
    assert again["volunteers_registered"].equals(pw["volunteers_registered"])   # asking again: no new draw


def test_people_are_protected_and_nothing_else_changes(con, exact):
    pub = scope.indicator_table(con, "powiat", PUBLIC, D, PERIOD, secret=SECRETS[1]).set_index("teryt")
    ex = exact["powiat"]
    for code in ("coalitions", "local_partner_coverage", "organisers_in_base", "trainings", "plans_on_track_share"):
        assert pub[code].fillna(-1).equals(ex[code].fillna(-1)), code
    shown = pub["volunteers_registered"].notna() & (ex["volunteers_registered"] > 0)
    diff = (pub["volunteers_registered"][shown] - ex["volunteers_registered"][shown])
    assert diff.abs().max() <= 2 and (diff != 0).mean() >= 0.2
