"""Partners over time (analytics/metrics/history.py), organisers as placements and public institutions
by kind (analytics/metrics/engagement.py), and Polish collation (analytics/present/names.py), on a
small hand-made database. Every expected value is worked out by hand in the comments.

Opolskie (16) has 12 powiats with the populations of OPOLSKIE_POP (1 000 000 in all):
1601 (brzeski) 100 000, 1602 60 000, 1607 130 000, 1661 200 000, ...

Partners:
  R1  regional 16  edition 2019-2020  2019-01-01 .. 2020-12-31  grant 200 000
  L1  local    16  edition 2019-2020  2019-03-01 .. 2020-12-31  grant  50 000
      areas 1601 (the partner's dates), 1602 2019-06-01 .. 2019-12-31
  R2  regional 16  edition 2021-2023  2021-02-01 ..             grant 300 000
  L2  local    16  edition 2021-2023  2021-01-10 ..             no grant
      areas 1661, 1607 (the partner's dates)
  L3  local    02  no edition         2020-05-01 .. 2020-06-30
      area 0201
D = 2021-03-15.
"""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from analytics.metrics import engagement, history, indicators
from analytics.present.names import collation_key as polish_key
from fixtures_indicators import OPOLSKIE_POP, d, insert, new_db, set_population

D = d("2021-03-15")
OPOLSKIE = ["1601", "1602", "1603", "1604", "1605", "1606", "1607", "1608", "1609", "1610", "1611", "1661"]


@pytest.fixture(scope="module")
def con():
    con = new_db()
    set_population(con, OPOLSKIE_POP)
    insert(con, "partners", [
        dict(partner_id="R1", name="Regionalne Centrum Opole", tier="regional", voivodeship="16",
             edition="2019-2020", start_date="2019-01-01", end_date="2020-12-31", grant_pln=200_000),
        dict(partner_id="L1", name="Łączy nas Nysa", tier="local", voivodeship="16", edition="2019-2020",
             start_date="2019-03-01", end_date="2020-12-31", grant_pln=50_000),
        dict(partner_id="R2", name="Fundacja Śląsk Opolski", tier="regional", voivodeship="16",
             edition="2021-2023", start_date="2021-02-01", grant_pln=300_000),
        dict(partner_id="L2", name="Lokalne Centrum Opole", tier="local", voivodeship="16", edition="2021-2023",
             start_date="2021-01-10"),
        dict(partner_id="L3", name="Bolesławiec Razem", tier="local", voivodeship="02",
             start_date="2020-05-01", end_date="2020-06-30"),
    ])
    insert(con, "partner_areas", [
        dict(partner_id="L1", powiat="1601"),
        dict(partner_id="L1", powiat="1602", valid_from="2019-06-01", valid_to="2019-12-31"),
        dict(partner_id="L2", powiat="1661"),
        dict(partner_id="L2", powiat="1607"),
        dict(partner_id="L3", powiat="0201"),
    ])
    insert(con, "coalitions", [
        dict(coalition_id="C1", name="Koalicja Brzeg", powiat="1601", partner_id="R2", founded_on="2021-02-10"),
        dict(coalition_id="C2", name="Koalicja Brzeg Stara", powiat="1601", partner_id="R2", founded_on="2020-01-01",
             dissolved_on="2021-03-15"),
        dict(coalition_id="C3", name="Koalicja bez partnera", powiat="1602", founded_on="2020-01-01"),
    ])
    insert(con, "coalition_members", [
        dict(coalition_id="C1", member_id="M1", member_type="ngo"),
        dict(coalition_id="C1", member_id="M2", member_type="business", left_on="2021-03-01"),
        dict(coalition_id="C1", member_id="M3", member_type="sport", joined_on="2021-03-16"),
        dict(coalition_id="C2", member_id="M1", member_type="ngo"),
    ])
    insert(con, "task_teams", [
        dict(team_id="T1", name="Zespół ds. szkoleń", area="training", founded_on="2021-01-01"),
        dict(team_id="T2", name="Zespół ds. promocji", area="promotion", founded_on="2020-01-01",
             dissolved_on="2021-03-15"),
    ])
    insert(con, "task_team_members", [
        dict(team_id="T1", partner_id="R2"),                                   # joined: T1's founding
        dict(team_id="T2", partner_id="R2", joined_on="2020-06-01"),
        dict(team_id="T1", partner_id="L2", joined_on="2021-02-01", left_on="2021-03-15"),
    ])
    insert(con, "activities", [
        dict(activity_id="A1", partner_id="L2", type="training", date="2021-02-01", powiat="1661"),
        dict(activity_id="A2", partner_id="L2", type="training", date="2021-02-03", powiat="1661"),
        dict(activity_id="A3", partner_id="L2", type="promotion", date="2021-03-01", powiat="1607"),
        dict(activity_id="A4", partner_id="L2", type="training", date="2022-01-01", powiat="1607"),
        dict(activity_id="A5", partner_id="R2", type="network_meeting", date="2021-03-01", powiat="1601"),
    ])
    insert(con, "volunteers", [dict(volunteer_id=f"V{i}", powiat="1601", registered_on="2020-01-01")
                               for i in range(1, 6)])
    insert(con, "organisers", [
        dict(organiser_id="O1", name="o", type="social_welfare", powiat="1601", joined_on="2020-01-01"),
        dict(organiser_id="O2", name="o", type="culture", powiat="1602", joined_on="2020-01-01"),
        dict(organiser_id="O3", name="o", type="ngo", powiat="1601", joined_on="2020-01-01"),
        dict(organiser_id="O4", name="o", type="education", powiat="0201", joined_on="2020-01-01"),
        dict(organiser_id="O5", name="o", type="social_welfare", powiat="1603", joined_on="2020-01-01"),
        dict(organiser_id="O6", name="o", type="health", powiat="1601", joined_on="2020-01-01"),
    ])
    insert(con, "hours", [
        dict(volunteer_id="V1", organiser_id="O1", month="2021-02", hours_logged=3, hours_confirmed=3),
        dict(volunteer_id="V2", organiser_id="O1", month="2021-03", hours_logged=2, hours_confirmed=2),
        dict(volunteer_id="V1", organiser_id="O2", month="2020-01", hours_logged=2, hours_confirmed=2),  # before P0
        dict(volunteer_id="V3", organiser_id="O3", month="2021-03", hours_logged=1, hours_confirmed=1),
        dict(volunteer_id="V4", organiser_id="O4", month="2021-01", hours_logged=4, hours_confirmed=4),
        dict(volunteer_id="V5", organiser_id="O5", month="2021-02", hours_logged=5, hours_confirmed=0),  # none confirmed
        dict(volunteer_id="V5", organiser_id="O6", month="2021-04", hours_logged=1, hours_confirmed=1),  # after P1
    ])
    return con


# --- the register and the editions ------------------------------------------------------------------
def test_register_lists_every_partner_by_edition_tier_and_voivodeship(con):
    reg = history.register(con, D)
    # editions by their first day (2019-01-01, 2021-01-10), no edition last; regional first
    assert list(reg["partner_id"]) == ["R1", "L1", "R2", "L2", "L3"]
    by = reg.set_index("partner_id")
    assert by.loc["L1", "powiats"] == ["1601", "1602"]         # every area row, whatever its dates
    assert by.loc["L1", "powiats_now"] == [] and not by.loc["L1", "active"]   # ended 2020-12-31
    assert by.loc["R2", "powiats"] == [] and by.loc["R2", "powiats_now"] == OPOLSKIE
    assert by.loc["L2", "powiats_now"] == ["1607", "1661"] and by.loc["L2", "active"]
    assert by.loc["R1", "grant_pln"] == 200_000 and math.isnan(by.loc["L2", "grant_pln"])
    assert by.loc["L3", "edition"] is None and by.loc["L3", "voivodeship_name"] == "dolnośląskie"
    assert by.loc["L1", "start_date"] == dt.date(2019, 3, 1) and by.loc["R2", "end_date"] is None


def test_editions_first_and_last_days_and_counts(con):
    ed = history.editions(con)
    assert list(ed["edition"]) == ["2019-2020", "2021-2023"]
    first, second = ed.to_dict("records")
    assert (first["first_day"], first["all_started"], first["last_day"]) == (d("2019-01-01"), d("2019-03-01"),
                                                                                d("2020-12-31"))
    assert (first["regional"], first["local"], first["grants"]) == (1, 1, 250_000)
    # R2 and L2 have no end date: the edition is open; L2 gives no grant
    assert (second["first_day"], second["all_started"], second["last_day"]) == (d("2021-01-10"), d("2021-02-01"),
                                                                                  None)
    assert (second["regional"], second["local"], second["grants"]) == (1, 1, 300_000)


def test_edition_moments_are_never_after_the_as_of_date(con):
    second = history.editions(con).to_dict("records")[1]
    assert history.edition_moment(second, "first_day", D) == d("2021-01-10")
    assert history.edition_moment(second, "all_started", D) == d("2021-02-01")
    assert history.edition_moment(second, "last_day", D) == D                  # open-ended: shown on D
    assert history.edition_moment(second, "all_started", d("2021-01-20")) == d("2021-01-20")
    assert history.edition_moment(second, "first_day", d("2020-12-31")) is None  # not started yet
    with pytest.raises(ValueError):
        history.edition_moment(second, "middle", D)


def test_partners_by_voivodeship_and_edition(con):
    bv = history.by_voivodeship(con)
    assert len(bv) == 16 * 2                                   # every voivodeship with every edition
    row = bv[(bv["voivodeship"] == "16") & (bv["edition"] == "2019-2020")].iloc[0]
    assert (row["regional"], row["local"], row["names_regional"]) == (1, 1, "Regionalne Centrum Opole")
    row = bv[(bv["voivodeship"] == "02") & (bv["edition"] == "2019-2020")].iloc[0]
    assert (row["regional"], row["local"]) == (0, 0)           # L3 belongs to no edition


# --- coverage over time -----------------------------------------------------------------------------
def test_coverage_history_of_a_voivodeship_month_by_month(con):
    s = history.coverage_history(con, "voivodeship", D, teryt="16")
    months = list(s["month"].dt.strftime("%Y-%m"))
    assert months[0] == "2019-01" and months[-1] == "2021-03" and len(months) == 27   # from R1's start to D
    at = dict(zip(months, s.to_dict("records")))
    # Jan 2019: R1 only
    assert (at["2019-01"]["local_partner_coverage"], at["2019-01"]["population_coverage"]) == (0, 0)
    assert at["2019-01"]["regional_partner_presence"] == 1
    # Mar 2019: L1 in 1601 (100 000 of 1 000 000)
    assert at["2019-03"]["local_partner_coverage"] == pytest.approx(1 / 12)
    assert at["2019-03"]["population_coverage"] == pytest.approx(0.1)
    # Jun-Dec 2019: 1601 and 1602 (160 000); Dec 31 is the area's last day (inclusive)
    for m in ("2019-06", "2019-12"):
        assert at[m]["local_partner_coverage"] == pytest.approx(2 / 12)
        assert at[m]["population_coverage"] == pytest.approx(0.16)
    assert at["2020-01"]["population_coverage"] == pytest.approx(0.1)
    # Jan 2021: L2 in 1661 and 1607 (330 000); R1 ended, R2 starts on Feb 1
    assert at["2021-01"]["population_coverage"] == pytest.approx(0.33)
    assert at["2021-01"]["regional_partner_presence"] == 0 and at["2021-02"]["regional_partner_presence"] == 1
    assert [at[m]["active_local_partners"] for m in ("2019-02", "2019-03", "2020-12", "2021-03")] == [0, 1, 1, 1]
    assert str(s["at"].iloc[-1].date()) == "2021-03-15"                       # D in D's month


def test_coverage_history_equals_the_engine_at_each_month_end(con):
    s = history.coverage_history(con, "country", D)
    for m, at in (("2020-05", "2020-05-31"), ("2020-07", "2020-07-31"), ("2021-03", "2021-03-15")):
        point = s[s["month"].dt.strftime("%Y-%m") == m].iloc[0]
        engine = indicators.compute(con, "country", at, codes=list(history.COVERAGE_CODES)).iloc[0]
        for c in history.COVERAGE_CODES:
            assert point[c] == pytest.approx(engine[c]), (m, c)
    # May 2020: L1 (1601) and L3 (0201); July: L3 has ended
    may = s[s["month"].dt.strftime("%Y-%m") == "2020-05"].iloc[0]
    assert may["active_local_partners"] == 2 and may["local_partner_coverage"] == pytest.approx(2 / 380)
    assert s[s["month"].dt.strftime("%Y-%m") == "2020-07"].iloc[0]["active_local_partners"] == 1


def test_coverage_history_before_the_first_partner_is_empty(con):
    s = history.coverage_history(con, "country", d("2018-12-31"))
    assert s.empty and "local_partner_coverage" in s.columns


def test_month_ends_and_coverage_categories():
    assert history.month_ends(d("2019-01-15"), d("2019-03-10")) == [d("2019-01-31"), d("2019-02-28"), d("2019-03-10")]
    assert history.month_ends(d("2020-02-01"), d("2020-03-31")) == [d("2020-02-29"), d("2020-03-31")]
    assert history.month_ends(d("2020-02-01"), d("2020-01-31")) == []
    frame = pd.DataFrame({"local_partner_coverage": [1, 0, 0, float("nan")],
                          "regional_partner_presence": [1, 1, 0, float("nan")]})
    assert list(history.coverage_category(frame)) == ["local", "regional", "none", "none"]


# --- a partner's profile ----------------------------------------------------------------------------
def test_where_a_partner_works_and_the_date_its_profile_shows(con):
    assert history.partner_powiats(con, "L1", d("2019-07-01")) == ["1601", "1602"]
    assert history.partner_powiats(con, "L1", d("2020-01-01")) == ["1601"]
    assert history.partner_powiats(con, "L1", D) == []
    assert history.partner_powiats(con, "R1", d("2019-07-01")) == OPOLSKIE
    reg = history.register(con, D).set_index("partner_id")
    assert history.profile_date(reg.loc["L1"], D) == d("2020-12-31")          # ended: its last day
    assert history.profile_date(reg.loc["L2"], D) == D                        # running
    assert history.profile_date(reg.loc["R2"], d("2021-01-05")) == d("2021-02-01")  # not started: its first day


def test_coalitions_a_partner_supports(con):
    c = history.partner_coalitions(con, "R2", D)
    assert list(c["coalition_id"]) == ["C2", "C1"]                            # by founding date
    c = c.set_index("coalition_id")
    # C1: M1 active, M2 left on Mar 1, M3 joins on Mar 16 -> 1 member at D
    assert (c.loc["C1", "active"], c.loc["C1", "members"]) == (True, 1)
    # C2 dissolved on D (dissolution exclusive): not active, no members counted
    assert (c.loc["C2", "active"], c.loc["C2", "members"]) == (False, 0)
    assert c.loc["C1", "powiat_name"] == "powiat brzeski"
    assert history.partner_coalitions(con, "L1", D).empty


def test_task_teams_of_a_partner(con):
    t = history.partner_teams(con, "R2", D)
    assert list(t["team_id"]) == ["T2", "T1"]                                  # by joined_on
    t = t.set_index("team_id")
    assert t.loc["T1", "joined_on"] == pd.Timestamp("2021-01-01") and t.loc["T1", "active"]   # joined at founding
    assert not t.loc["T2", "active"]                                           # team dissolved on D
    l2 = history.partner_teams(con, "L2", D)
    assert len(l2) == 1 and not l2["active"].iloc[0]                           # left on D (exclusive)
    assert history.partner_teams(con, "L2", d("2021-03-14"))["active"].iloc[0]


def test_activities_of_a_partner_by_year_and_type(con):
    a = history.partner_activities(con, "L2")
    assert a.values.tolist() == [[2021, "promotion", 1], [2021, "training", 2], [2022, "training", 1]]
    assert history.partner_activities(con, "L1").empty


# --- organisers as placements, public institutions by kind ------------------------------------------
PERIOD = (d("2021-01-01"), d("2021-03-31"))


def test_placements_count_organisers_hosting_volunteers_with_confirmed_hours(con):
    # In Jan-Mar 2021: O1 (social welfare, 1601), O3 (NGO, 1601), O4 (education, 0201) have confirmed
    # hours; O2's are from 2020, O5 confirmed none, O6's are from April.
    p = engagement.placements(con, "powiat", D, PERIOD).set_index("teryt")
    assert len(p) == 380
    assert (p.loc["1601", "hosting"], p.loc["1601", "public"]) == (2, 1)
    assert (p.loc["1602", "hosting"], p.loc["1603", "hosting"]) == (0, 0)
    assert (p.loc["0201", "hosting"], p.loc["0201", "public"]) == (1, 1)
    v = engagement.placements(con, "voivodeship", D, PERIOD).set_index("teryt")
    assert (v.loc["16", "hosting"], v.loc["16", "public"], v.loc["02", "hosting"]) == (2, 1, 1)
    c = engagement.placements(con, "country", D, PERIOD)
    assert c.values.tolist() == [["PL", 3, 2]]


def test_public_institutions_by_kind_add_up_to_the_catalogue_indicator(con):
    k = engagement.public_by_kind(con, "voivodeship", D, PERIOD)
    sixteen = k[k["teryt"] == "16"].set_index("type")["organisers"].to_dict()
    assert sixteen == {"social_welfare": 1, "culture": 0, "sport": 0, "education": 0, "health": 0,
                       "other_public": 0}
    assert k[(k["teryt"] == "02") & (k["type"] == "education")]["organisers"].iloc[0] == 1
    for level in ("powiat", "voivodeship", "country"):
        kinds = engagement.public_by_kind(con, level, D, PERIOD).groupby("teryt")["organisers"].sum()
        engine = indicators.compute(con, level, D, PERIOD, codes=["public_institutions_engaged"]) \
            .set_index("teryt")["public_institutions_engaged"]
        assert (kinds == engine).all(), level
    with pytest.raises(ValueError):
        engagement.placements(con, "gmina", D, PERIOD)


# --- Polish collation -------------------------------------------------------------------------------
def test_polish_alphabetical_order():
    names = ["Żary", "Łódź", "Zamość", "Lublin", "Ćmielów", "Częstochowa", "Śrem", "Sopot", "ostrów", "Opole",
             "Ełk", "Ęba", None]
    assert sorted(names, key=polish_key) == ["Częstochowa", "Ćmielów", "Ełk", "Ęba", "Lublin", "Łódź", "Opole", "ostrów", "Sopot", "Śrem",
                                             "Zamość", "Żary", None]
