"""Contract v1.1 indicators (network, activities, regional partners, task teams), worked by hand.

Two as-of dates: D1 = 2024-06-30 (default period 2023-07 .. 2024-06) and D2 = 2024-03-31 (default
period 2023-04 .. 2024-03); a custom period 2024-01 .. 2024-03 read at D1.

Partners (active at D1 / D2):
  R16   regional 16  2022-01-01 .. 2024-05-31              -     / yes
  R16B  regional 16  2024-06-01 ..                         yes   / -
  R02   regional 02  2022-01-01 .. 2024-06-29              -     / yes
  R14   regional 14  2024-01-01 ..                         yes   / yes
  L1    local 16, areas 1601, 1602                          yes   / yes
  L2    local 16, area 1601 until 2024-03-31, 1603 from 2024-04-01
  L3    local 02, areas 0201 and 1604 (outside its seat voivodeship)
  L4    local 02  .. 2024-04-30, area 0202                  -     / yes
  L5    local 16, area 1605 until 2023-12-31: works nowhere at D1 or D2
Task teams: T1 training (2023-01-01 ..), T2 promotion (2023-01-01 .. dissolved 2024-06-30, ON D1:
not active at D1), T3 networking (founded 2024-04-01, after D2).
"""
import math

import pytest

from analytics.access import privacy, scope
from analytics.data import db, schema
from analytics.metrics import catalogue, indicators as ix, trends
from fixtures_indicators import d, insert, mark_provided, new_db, row

D1, D2 = d("2024-06-30"), d("2024-03-31")
CUSTOM = (d("2024-01-01"), d("2024-03-31"))
NEW = ["active_regional_partners", "network_meetings", "coalition_meetings", "promotion_events",
       "organiser_support", "institution_programmes", "partners_in_task_teams"]
ACTIVITY_CODES = NEW[1:6]
OPOLSKIE = ["1601", "1602", "1603", "1604", "1605", "1606", "1607", "1608", "1609", "1610", "1611", "1661"]


def P(pid, tier, voiv, start, end=None):
    return dict(partner_id=pid, name=f"Partner {pid}", tier=tier, voivodeship=voiv, start_date=start,
                end_date=end)


def A(aid, typ, date, powiat, audience=None, sector=None):
    return dict(activity_id=aid, partner_id="L1", type=typ, date=date, powiat=powiat, audience=audience,
                sector=sector)


def M(team, partner, joined=None, left=None):
    return dict(team_id=team, partner_id=partner, joined_on=joined, left_on=left)


def fill(con, teams: bool = True):
    insert(con, "partners", [
        P("R16", "regional", "16", "2022-01-01", "2024-05-31"),
        P("R16B", "regional", "16", "2024-06-01"),
        P("R02", "regional", "02", "2022-01-01", "2024-06-29"),
        P("R14", "regional", "14", "2024-01-01"),
        P("L1", "local", "16", "2023-01-01"),
        P("L2", "local", "16", "2023-01-01"),
        P("L3", "local", "02", "2023-01-01"),
        P("L4", "local", "02", "2023-01-01", "2024-04-30"),
        P("L5", "local", "16", "2023-01-01"),
    ])
    insert(con, "partner_areas", [
        dict(partner_id="L1", powiat="1601"), dict(partner_id="L1", powiat="1602"),
        dict(partner_id="L2", powiat="1601", valid_to="2024-03-31"),
        dict(partner_id="L2", powiat="1603", valid_from="2024-04-01"),
        dict(partner_id="L3", powiat="0201"), dict(partner_id="L3", powiat="1604"),
        dict(partner_id="L4", powiat="0202"),
        dict(partner_id="L5", powiat="1605", valid_to="2023-12-31"),
    ])
    insert(con, "activities", [
        A("A1", "network_meeting", "2023-07-01", "1601"),      # D1 and D2 periods
        A("A2", "network_meeting", "2024-06-30", "1601"),      # D1 only
        A("A3", "network_meeting", "2023-06-30", "1602"),      # D2 only
        A("A4", "network_meeting", "2024-07-01", "0201"),      # after every period
        A("A5", "network_meeting", "2024-02-10", "0201"),      # every period
        A("A6", "coalition_meeting", "2024-01-15", "1601"),    # every period
        A("A7", "coalition_meeting", "2024-04-15", "1602"),    # D1 only
        A("A8", "promotion", "2024-03-31", "1601"),            # every period
        A("A9", "contest", "2024-05-05", "1602"),              # D1 only: a contest is a promotion event
        A("A22", "promotion", "2024-01-01", "0201"),           # every period
        A("A10", "debate", "2024-05-05", "1602"),              # not a promotion event
        A("A11", "volunteer_action", "2024-05-05", "1601"),    # counted by none of them
        A("A12", "training", "2024-02-01", "1601", "organisers"),      # support, every period
        A("A13", "counselling", "2024-05-01", "0201", "organisers"),   # support, D1 only
        A("A14", "counselling", "2024-05-01", "0201", "coordinators"),  # not for organisers
        A("A15", "training", "2024-05-01", "1601", "volunteers"),      # not for organisers
        A("A16", "training", "2024-05-01", "1601"),                    # no audience: not counted
        A("A17", "counselling", "2023-05-01", "1603", "organisers"),   # support, D2 only
        A("A18", "local_project", "2024-05-01", "1601", "organisers"),  # wrong type
        A("A19", "institution_programme", "2024-03-01", "1601", sector="culture"),    # every period
        A("A20", "institution_programme", "2024-06-01", "0201", sector="education"),  # D1 only
        A("A21", "institution_programme", "2023-01-01", "1602", sector="social_welfare"),  # none
    ])
    if teams:
        insert(con, "task_teams", [
            dict(team_id="T1", name="Szkolenia", area="training", founded_on="2023-01-01"),
            dict(team_id="T2", name="Promocja", area="promotion", founded_on="2023-01-01",
                 dissolved_on="2024-06-30"),
            dict(team_id="T3", name="Sieciowanie", area="networking", founded_on="2024-04-01"),
        ])
        insert(con, "task_team_members", [
            M("T1", "R16"),                                   # the partnership ends 2024-05-31
            M("T1", "L1", "2023-06-01", "2024-06-30"),        # left ON D1: not active at D1
            M("T1", "L1", "2024-07-01"),                      # back after D1
            M("T1", "L3"),
            M("T1", "L5"),                                    # a member that works nowhere
            M("T1", "R16B", "2024-06-01"),
            M("T2", "L1"), M("T2", "R14", "2024-02-01"), M("T2", "L2"),
            M("T3", "R14"), M("T3", "L4"), M("T3", "R16B", "2024-06-15"),
        ])
    return con


@pytest.fixture(scope="module")
def con():
    return fill(new_db())


@pytest.fixture(scope="module")
def tables(con):
    """{(level, reading): compute frame} for the two dates and the custom period."""
    out = {}
    for level in ix.LEVELS:
        out[level, "D1"] = ix.compute(con, level, as_of=D1, codes=NEW)
        out[level, "D2"] = ix.compute(con, level, as_of=D2, codes=NEW)
        out[level, "custom"] = ix.compute(con, level, as_of=D1, period=CUSTOM, codes=NEW)
    return out


def values(tables, level, reading, teryt):
    r = row(tables[level, reading], teryt)
    return {c: r[c] for c in NEW}


# --- catalogue ------------------------------------------------------------------------------------

def test_catalogue_entries():
    for code in NEW:
        ind = catalogue.get(code)
        assert (ind.unit, ind.direction, ind.decimals) == ("count", 1, 0), code
        assert ind.protect is None and ind.suppress_with is None and code not in catalogue.KEYED, code
        assert ind.label("pl") != ind.label("en") and ind.definition("pl") and ind.definition("en")
    assert catalogue.get("active_regional_partners").group == "coverage"
    assert [i.code for i in catalogue.by_group("network")] == NEW[1:]
    assert {catalogue.get(c).kind for c in ACTIVITY_CODES} == {"flow"}
    assert catalogue.get("partners_in_task_teams").kind == "stock"
    assert catalogue.get("partners_in_task_teams").optional_sources == ("task_teams", "task_team_members")
    # catalogue order: the regional partners before hours_logged, as in the contract's table
    codes = list(catalogue.CODES)
    assert codes.index("local_projects") < codes.index("active_regional_partners") < codes.index("hours_logged") \
        < codes.index("network_meetings")


# --- regional partners ----------------------------------------------------------------------------

def test_active_regional_partners(tables):
    pw1, pw2 = tables["powiat", "D1"], tables["powiat", "D2"]
    # D1: opolskie has R16B (R16 ended May 31), dolnośląskie none (R02 ended the day before D1),
    # mazowieckie R14; every powiat carries its voivodeship's number
    assert {t: row(pw1, t)["active_regional_partners"] for t in OPOLSKIE} == {t: 1 for t in OPOLSKIE}
    assert row(pw1, "0201")["active_regional_partners"] == 0 and row(pw1, "1465")["active_regional_partners"] == 1
    assert row(pw1, "2201")["active_regional_partners"] == 0          # pomorskie: none ever
    assert row(pw2, "0201")["active_regional_partners"] == 1          # R02 at D2
    vv1, vv2 = tables["voivodeship", "D1"], tables["voivodeship", "D2"]
    assert [row(vv1, v)["active_regional_partners"] for v in ("16", "02", "14", "22")] == [1, 0, 1, 0]
    assert [row(vv2, v)["active_regional_partners"] for v in ("16", "02", "14", "22")] == [1, 1, 1, 0]
    # country: distinct partners, R16B + R14 at D1; R16 + R02 + R14 at D2
    assert row(tables["country", "D1"], "PL")["active_regional_partners"] == 2
    assert row(tables["country", "D2"], "PL")["active_regional_partners"] == 3
    # a stock: the custom period changes nothing
    assert row(tables["country", "custom"], "PL")["active_regional_partners"] == 2


def test_active_regional_partners_of_areas(con):
    a = ix.compute_areas(con, {"two_voivs": ["1601", "0201"], "one_voiv": ["1601", "1602", "1604"]},
                         as_of=D2, codes=["active_regional_partners"]).set_index("teryt")
    # voivodeships 16 and 02 at D2: R16 and R02; three opolskie powiats: R16 once, not three times
    assert a.loc["two_voivs", "active_regional_partners"] == 2
    assert a.loc["one_voiv", "active_regional_partners"] == 1
    assert ix.compute_area(con, ["1601", "0201"], as_of=D1)["active_regional_partners"] == 1   # R16B


# --- activities -----------------------------------------------------------------------------------

def test_activity_counts_by_powiat(tables):
    # D1, period 2023-07 .. 2024-06
    assert values(tables, "powiat", "D1", "1601") | {} == {
        "active_regional_partners": 1,
        "network_meetings": 2,          # A1 (Jul 1), A2 (Jun 30, ON D1)
        "coalition_meetings": 1,        # A6
        "promotion_events": 1,          # A8
        "organiser_support": 1,         # A12 (A15 for volunteers, A16 no audience, A18 a project)
        "institution_programmes": 1,    # A19
        "partners_in_task_teams": 1,    # R16B (see the task-team test)
    }
    r = values(tables, "powiat", "D1", "1602")
    # A3 (June 2023) is before the period; A7 coalition meeting; A9 contest (A10 debate is not);
    # A21 (January 2023) before the period
    assert (r["network_meetings"], r["coalition_meetings"], r["promotion_events"], r["organiser_support"],
            r["institution_programmes"]) == (0, 1, 1, 0, 0)
    r = values(tables, "powiat", "D1", "0201")
    # A5 (A4 is after the period); A22; A13 (A14 for coordinators); A20
    assert (r["network_meetings"], r["coalition_meetings"], r["promotion_events"], r["organiser_support"],
            r["institution_programmes"]) == (1, 0, 1, 1, 1)
    r = values(tables, "powiat", "D1", "1603")
    assert [r[c] for c in ACTIVITY_CODES] == [0, 0, 0, 0, 0]      # A17 (May 2023) before the period


def test_activity_counts_at_the_second_date(tables):
    # D2, period 2023-04 .. 2024-03
    r = values(tables, "powiat", "D2", "1601")
    # A1; A6; A8 (Mar 31, ON D2); A12; A19 - A2 (June 2024) is after the period
    assert [r[c] for c in ACTIVITY_CODES] == [1, 1, 1, 1, 1]
    r = values(tables, "powiat", "D2", "1602")
    assert [r[c] for c in ACTIVITY_CODES] == [1, 0, 0, 0, 0]      # A3 (June 2023); A7, A9 after
    assert values(tables, "powiat", "D2", "1603")["organiser_support"] == 1   # A17, May 2023
    v = values(tables, "voivodeship", "D2", "16")
    assert [v[c] for c in ACTIVITY_CODES] == [2, 1, 1, 2, 1]      # A1 A3; A6; A8; A12 A17; A19
    c = values(tables, "country", "D2", "PL")
    assert [c[x] for x in ACTIVITY_CODES] == [3, 1, 2, 2, 1]      # + A5; A22


def test_activity_counts_by_voivodeship_and_country(tables):
    v16, v02 = values(tables, "voivodeship", "D1", "16"), values(tables, "voivodeship", "D1", "02")
    # 16: A1 A2; A6 A7; A8 A9; A12; A19.  02: A5; -; A22; A13; A20
    assert [v16[c] for c in ACTIVITY_CODES] == [2, 2, 2, 1, 1]
    assert [v02[c] for c in ACTIVITY_CODES] == [1, 0, 1, 1, 1]
    pl = values(tables, "country", "D1", "PL")
    assert [pl[c] for c in ACTIVITY_CODES] == [3, 2, 3, 2, 2]


def test_activity_counts_over_a_custom_period(tables):
    # 2024-01 .. 2024-03 (read at D1): A5; A6; A8 A22; A12; A19
    pl = values(tables, "country", "custom", "PL")
    assert [pl[c] for c in ACTIVITY_CODES] == [1, 1, 2, 1, 1]
    r = values(tables, "powiat", "custom", "1601")
    assert [r[c] for c in ACTIVITY_CODES] == [0, 1, 1, 1, 1]
    v = values(tables, "voivodeship", "custom", "02")
    assert [v[c] for c in ACTIVITY_CODES] == [1, 0, 1, 0, 0]
    # the stock does not depend on the period
    assert pl["partners_in_task_teams"] == values(tables, "country", "D1", "PL")["partners_in_task_teams"]


def test_training_vs_counselling_by_audience(con):
    # organiser_support counts training AND counselling, but only for organisers; trainings counts
    # every training whatever its audience
    r = row(ix.compute(con, "country", as_of=D1, codes=["organiser_support", "trainings"]), "PL")
    assert r["organiser_support"] == 2      # A12 training, A13 counselling
    assert r["trainings"] == 3              # A12, A15, A16


def test_activity_counts_of_an_area(con):
    s = ix.compute_area(con, ["1601", "0201"], as_of=D1)
    # network A1 A2 A5; coalition A6; promotion A8 A22; support A12 A13; institutions A19 A20
    assert [s[c] for c in ACTIVITY_CODES] == [3, 1, 2, 2, 2]
    s = ix.compute_area(con, ["1601", "0201"], as_of=D1, period=CUSTOM)
    assert [s[c] for c in ACTIVITY_CODES] == [1, 1, 2, 1, 1]


# --- task teams -----------------------------------------------------------------------------------
# In teams at D1: L3 (T1), L5 (T1, works nowhere), R16B (T1 and T3), R14 (T3). Not: R16 (partnership
# ended), L1 (left T1 on D1; T2 dissolved on D1), L2 (T2 only), L4 (partnership ended).
# At D2: R16, L1 (T1 and T2), L3, L5, R14 (T2 from Feb 1), L2 (T2); T3 not founded yet.

def test_partners_in_task_teams_by_powiat(tables):
    pw1, pw2 = tables["powiat", "D1"], tables["powiat", "D2"]
    # D1: R16B in every opolskie powiat, L3 also in 1604; L3 in 0201; R14 in every mazowieckie powiat
    got = {t: row(pw1, t)["partners_in_task_teams"] for t in OPOLSKIE}
    assert got == {t: (2 if t == "1604" else 1) for t in OPOLSKIE}
    assert row(pw1, "0201")["partners_in_task_teams"] == 1 and row(pw1, "0202")["partners_in_task_teams"] == 0
    mazowieckie = tables["powiat", "D1"][tables["powiat", "D1"]["teryt"].str.startswith("14")]
    assert len(mazowieckie) == 42 and set(mazowieckie["partners_in_task_teams"]) == {1}
    # D2: 1601 R16, L1, L2 (area until Mar 31, inclusive); 1602 R16, L1; 1603 R16 (L2's area there
    # starts Apr 1); 1604 R16, L3; 1605 R16 (L5's area ended); 0202 none (L4 is on no team yet)
    assert [row(pw2, t)["partners_in_task_teams"] for t in ("1601", "1602", "1603", "1604", "1605", "0201", "0202")] \
        == [3, 2, 1, 2, 1, 1, 0]


def test_partners_in_task_teams_distinct_at_each_level(tables):
    # D1: opolskie R16B + L3 = 2 (not the 13 of its powiats' sum); dolnośląskie L3; mazowieckie R14
    assert [row(tables["voivodeship", "D1"], v)["partners_in_task_teams"] for v in ("16", "02", "14", "22")] \
        == [2, 1, 1, 0]
    # country: L3, R16B, R14 = 3 - L3 once although it works in two voivodeships; L5 nowhere
    assert row(tables["country", "D1"], "PL")["partners_in_task_teams"] == 3
    # D2: opolskie R16, L1, L2, L3 = 4; country R16, L1, L2, L3, R14 = 5
    assert row(tables["voivodeship", "D2"], "16")["partners_in_task_teams"] == 4
    assert row(tables["country", "D2"], "PL")["partners_in_task_teams"] == 5


def test_partners_in_task_teams_of_areas(con):
    a = ix.compute_areas(con, {"a": ["1601", "1604"], "b": ["0201", "1604"], "c": ["1601", "1602"]},
                         as_of=D1, codes=["partners_in_task_teams"]).set_index("teryt")["partners_in_task_teams"]
    assert a.to_dict() == {"a": 2, "b": 2, "c": 1}     # a: R16B, L3; b: L3 once, R16B; c: R16B
    b = ix.compute_areas(con, {"c": ["1601", "1602"]}, as_of=D2, codes=["partners_in_task_teams"])
    assert b["partners_in_task_teams"].tolist() == [3]  # R16, L1 (in both powiats, once), L2


def test_partners_in_task_teams_month_by_month(con):
    s = trends.series(con, "country", as_of=D1, period=(d("2024-01-01"), d("2024-06-01")),
                      codes=["partners_in_task_teams", "network_meetings", "organiser_support"])
    # Jan 31: R16, L1, L3, L2 (R14 joins T2 on Feb 1) = 4; Feb 29 and Mar 31: + R14 = 5;
    # Apr 30: T3 founded Apr 1 -> + L4 (its last day; area 0202) = 6 (L2 now works in 1603);
    # May 31: L4 ended = 5 (R16's last day); Jun 30 = D1: 3
    assert s["partners_in_task_teams"].tolist() == [4, 5, 5, 6, 5, 3]
    assert s["network_meetings"].tolist() == [0, 1, 0, 0, 0, 1]      # A5 in Feb, A2 in Jun
    assert s["organiser_support"].tolist() == [0, 1, 0, 0, 1, 0]     # A12 in Feb, A13 in May


# --- exact for every viewer, optional tables --------------------------------------------------------

def test_counts_of_activities_are_exact_for_protected_viewers(con):
    exact = ix.compute(con, "powiat", as_of=D1, codes=NEW)
    for viewer in ("public", "evaluator"):
        shown = scope.indicator_table(con, "powiat", viewer, as_of=D1, codes=NEW, secret="ab" * 32)
        for c in NEW:
            assert shown[c].tolist() == exact[c].tolist(), (viewer, c)
            assert not shown.get(privacy.flag_column(c), shown[c].isna() & False).any()


def test_without_task_teams_the_indicator_is_empty():
    # task teams not provided (a fixture without import metadata: empty tables are not provided)
    con = fill(new_db(), teams=False)
    r = row(ix.compute(con, "country", as_of=D1, codes=NEW), "PL")
    assert math.isnan(r["partners_in_task_teams"])
    assert [r[c] for c in ACTIVITY_CODES] == [3, 2, 3, 2, 2] and r["active_regional_partners"] == 2
    # import metadata saying the teams were provided, with no rows: 0, not empty
    mark_provided(con, [t.name for t in schema.TABLES])
    assert row(ix.compute(con, "country", as_of=D1, codes=NEW), "PL")["partners_in_task_teams"] == 0
    mark_provided(con, [t.name for t in schema.TABLES if not t.name.startswith("task_team")])
    assert math.isnan(row(ix.compute(con, "country", as_of=D1, codes=NEW), "PL")["partners_in_task_teams"])


def test_a_database_built_before_v11_has_no_task_team_tables():
    con = fill(new_db(), teams=False)
    con.execute("DROP TABLE task_team_members")
    con.execute("DROP TABLE task_teams")
    assert "task_teams" not in db.existing_tables(con)
    full = ix.compute(con, "voivodeship", as_of=D1)       # every code, the new ones too
    assert full["partners_in_task_teams"].isna().all()
    assert row(full, "02")["network_meetings"] == 1 and row(full, "16")["active_regional_partners"] == 1
    s = trends.series(con, "country", as_of=D1, period=CUSTOM, codes=["partners_in_task_teams", "network_meetings"])
    assert s["partners_in_task_teams"].isna().all() and s["network_meetings"].tolist() == [0, 1, 0]
    assert ix.compute_area(con, ["1601"], as_of=D1)["network_meetings"] == 2


# --- detail tables of the Network page (analytics/metrics/details.py) -------------------------------

def test_task_team_tables(con):
    from analytics.metrics import details
    t1 = details.task_teams(con, D1).set_index("team_id")
    assert list(t1["name"]) == ["Promocja", "Sieciowanie", "Szkolenia"]            # by name
    # T1 at D1: L3, L5, R16B (R16's partnership ended, L1 left on D1); T2 dissolved ON D1; T3: R14, R16B
    assert t1["members"].to_dict() == {"T2": 0, "T3": 2, "T1": 3}
    assert t1["active"].to_dict() == {"T2": False, "T3": True, "T1": True}
    t2 = details.task_teams(con, D2).set_index("team_id")
    assert t2["members"].to_dict() == {"T2": 3, "T3": 0, "T1": 4}                   # T3 founded Apr 1
    m = details.task_team_members(con, D1)
    assert len(m) == 12
    assert sorted(zip(m[m["active"]]["team_id"], m[m["active"]]["partner_id"])) == [
        ("T1", "L3"), ("T1", "L5"), ("T1", "R16B"), ("T3", "R14"), ("T3", "R16B")]
    l1 = details.task_team_members(con, D1, "T1").query("partner_id == 'L1'")
    assert len(l1) == 2 and not l1["active"].any()                                  # left, then back after D1


def test_activity_lists(con):
    from analytics.metrics import details
    a = details.activities_in_unit(con, "powiat", "1601", as_of=D1)
    assert sorted(a["activity_id"]) == sorted(["A1", "A2", "A6", "A8", "A11", "A12", "A15", "A16", "A18", "A19"])
    assert details.activities_in_unit(con, "powiat", "1601", as_of=D1,
                                      types=["network_meeting"])["activity_id"].tolist() == ["A2", "A1"]
    assert sorted(details.activities_in_unit(con, "voivodeship", "02", as_of=D1)["activity_id"]) == \
        ["A13", "A14", "A20", "A22", "A5"]                                            # A4 is after the period
    assert len(details.activities_in_unit(con, "country", "PL", as_of=D1, period=CUSTOM)) == 6
    s = details.activities_by(con, "voivodeship", "sector", as_of=D1, types=["institution_programme"])
    assert list(zip(s["teryt"], s["sector"], s["activities"])) == [("02", "education", 1), ("16", "culture", 1)]
    # the same numbers as the indicator, per voivodeship
    t = details.activities_by(con, "voivodeship", "type", as_of=D1)
    assert int(t.query("teryt == '16' and type == 'network_meeting'")["activities"].sum()) == 2
