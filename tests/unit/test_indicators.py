"""Indicator engine: every expected value below is worked out by hand in the comments."""
import math

import pytest

from analytics.access import scope
from analytics.metrics import catalogue, dates, indicators as ix
from tests import contract
from fixtures_indicators import OPOLSKIE_POP, d, insert, mark_provided, new_db, row, set_population

D = d("2024-06-30")  # default period: 2023-07 .. 2024-06

CODES = list(catalogue.CODES)  # pinned to the contract's indicator table by the first catalogue test


def P(pid, tier, voiv, start, end=None):
    return dict(partner_id=pid, name=f"Partner {pid}", tier=tier, voivodeship=voiv,
                start_date=start, end_date=end)


@pytest.fixture(scope="module")
def con():
    con = new_db()
    set_population(con, OPOLSKIE_POP)
    insert(con, "partners", [
        P("L1", "local", "16", "2023-01-01", "2024-06-30"),   # ends ON D: still active (inclusive)
        P("L2", "local", "16", "2023-01-01", "2024-06-29"),   # ended the day before D
        P("L3", "local", "16", "2024-07-01"),                 # starts after D
        P("L4", "local", "16", "2022-01-01"),
        P("R1", "regional", "16", "2022-01-01"),
        P("R2", "regional", "02", "2022-01-01", "2024-06-29"),  # regional partner ended before D
    ])
    insert(con, "partner_areas", [
        dict(partner_id="L1", powiat="1601"),                   # defaults: 2023-01-01 .. 2024-06-30
        dict(partner_id="L2", powiat="1602", valid_from="2023-01-01", valid_to=None),
        # ^ area open-ended explicitly, but its partner ended: not counted
        dict(partner_id="L3", powiat="1603"),
        dict(partner_id="L4", powiat="1601", valid_to="2024-06-29"),  # area ended before D
        dict(partner_id="L4", powiat="1604", valid_from="2024-06-30"),  # area starts ON D
        dict(partner_id="L4", powiat="1661"),
    ])
    insert(con, "coalitions", [
        dict(coalition_id="C1", name="c1", powiat="1601", founded_on="2023-01-01"),
        dict(coalition_id="C2", name="c2", powiat="1601", founded_on="2023-01-01"),
        dict(coalition_id="C3", name="c3", powiat="1601", founded_on="2023-01-01",
             dissolved_on="2024-06-30"),                        # dissolved ON D: not active
        dict(coalition_id="C4", name="c4", powiat="1604", founded_on="2024-06-30",
             dissolved_on="2024-07-01"),                        # founded on D, dissolved after
        dict(coalition_id="C9", name="c9", powiat="0201", founded_on="2023-01-01"),
    ])
    insert(con, "coalition_members", [
        # C1: civic + local_government + public_institution = 3 sectors -> cross-sector
        dict(coalition_id="C1", member_id="m1", member_type="ngo"),
        dict(coalition_id="C1", member_id="m2", member_type="local_government"),
        dict(coalition_id="C1", member_id="m3", member_type="education"),
        dict(coalition_id="C1", member_id="m4", member_type="business", left_on="2024-06-30"),  # left ON D
        # C2: active sectors civic + business = 2 (the sport member left) -> not cross-sector
        dict(coalition_id="C2", member_id="m1", member_type="ngo"),
        dict(coalition_id="C2", member_id="m5", member_type="church"),
        dict(coalition_id="C2", member_id="m6", member_type="business"),
        dict(coalition_id="C2", member_id="m7", member_type="sport", left_on="2024-01-01"),
        dict(coalition_id="C3", member_id="m8", member_type="ngo"),
        dict(coalition_id="C4", member_id="m1", member_type="ngo", joined_on="2024-06-30"),
        dict(coalition_id="C4", member_id="m9", member_type="culture", joined_on="2024-07-01"),
        dict(coalition_id="C9", member_id="m1", member_type="ngo"),
    ])
    vols = [dict(volunteer_id=f"a{i:02d}", powiat="1601", registered_on="2024-01-01") for i in range(1, 13)]
    vols.append(dict(volunteer_id="a13", powiat="1601", registered_on="2024-07-01"))  # after D
    for i, since in ((1, "2024-06-30"), (2, "2024-01-01"), (3, "2024-01-01"), (4, "2024-07-01")):
        vols[i - 1]["ks_member_since"] = since
    vols += [dict(volunteer_id=f"b{i}", powiat="1602", registered_on="2023-05-05") for i in range(1, 6)]
    insert(con, "volunteers", vols)
    insert(con, "organisers", [
        dict(organiser_id="O1", name="o1", type="ngo", powiat="1601", joined_on="2023-01-01",
             base_partner_id="L1", mpw_certified_on="2024-06-30"),
        dict(organiser_id="O2", name="o2", type="education", powiat="1602", joined_on="2023-01-01"),
        dict(organiser_id="O3", name="o3", type="culture", powiat="1601", joined_on="2024-07-01",
             base_partner_id="L4", mpw_certified_on="2024-07-01"),
        dict(organiser_id="O5", name="o5", type="sport", powiat="1601", joined_on="2023-01-01"),
    ])
    insert(con, "hours", [
        # a01 lives in 1601 and works for organisers in 1601 AND 1602
        dict(volunteer_id="a01", organiser_id="O1", month="2024-05", hours_logged=8, hours_confirmed=5),
        dict(volunteer_id="a01", organiser_id="O2", month="2024-05", hours_logged=3, hours_confirmed=3),
        dict(volunteer_id="a02", organiser_id="O5", month="2024-06", hours_logged=4, hours_confirmed=0),
        dict(volunteer_id="a03", organiser_id="O1", month="2023-06", hours_logged=10, hours_confirmed=10),
        dict(volunteer_id="a04", organiser_id="O1", month="2023-07", hours_logged=2, hours_confirmed=2),
    ])
    insert(con, "activities", [
        dict(activity_id="T1", partner_id="L1", type="training", date="2023-07-01", powiat="1601", participants=8),
        dict(activity_id="T2", partner_id="L1", type="training", date="2024-06-30", powiat="1601", participants=7),
        dict(activity_id="T3", partner_id="L1", type="training", date="2023-06-30", powiat="1601", participants=100),
        dict(activity_id="T4", partner_id="L1", type="training", date="2024-07-01", powiat="1601", participants=50),
        dict(activity_id="P1", partner_id="L1", type="local_project", date="2024-03-15", powiat="1601"),
        dict(activity_id="P2", partner_id="L1", type="local_project", date="2024-03-15", powiat="1602"),
        dict(activity_id="X1", partner_id="L1", type="debate", date="2024-03-15", powiat="1601"),
    ])
    return con


@pytest.fixture(scope="module")
def pw(con):
    return ix.compute(con, "powiat", as_of=D)


@pytest.fixture(scope="module")
def vv(con):
    return ix.compute(con, "voivodeship", as_of=D)


@pytest.fixture(scope="module")
def pl(con):
    return row(ix.compute(con, "country", as_of=D), "PL")


# --- catalogue ---------------------------------------------------------------------------------

def test_catalogue_matches_contract_codes():
    # Every indicator of the contract's table (../shared/data-contract.md, section 3), in its order;
    # rows marked as a later version (*v1.1*) count once the catalogue has them (issue 13 adds them).
    rows = contract.indicator_rows()
    assert len(rows) == len({code for code, _ in rows}), "a code twice in the contract"
    assert CODES == [code for code, version in rows if version is None or code in CODES]


def test_catalogue_entries_complete():
    for ind in catalogue.CATALOGUE:
        for f in ("label_pl", "label_en", "definition_pl", "definition_en"):
            assert getattr(ind, f).strip(), (ind.code, f)
        assert ind.unit in catalogue.UNITS and ind.kind in catalogue.KINDS
        assert ind.group in catalogue.GROUPS and ind.direction in (-1, 0, 1)
        assert ind.suppress_with is None or ind.suppress_with in catalogue.PERSON_COUNTS
        assert all(m in ix.MEASURES for m in ind.measures)
    assert set(catalogue.PERSON_COUNTS) == {"volunteers_registered", "volunteers_active", "ks_members",
                                           "training_participants"}
    assert catalogue.get("volunteers_per_10k").suppress_with == "volunteers_registered"
    assert catalogue.get("hours_confirmed").suppress_with == "volunteers_active"
    assert catalogue.get("confirmation_rate").suppress_with == "volunteers_active"
    assert catalogue.get("volunteers_active").needs_sow and not catalogue.get("coalitions").needs_sow


def test_compute_has_every_code_and_every_unit(pw, vv, pl):
    assert list(pw.columns) == ["teryt", "name"] + CODES
    assert len(pw) == 380 and len(vv) == 16 and pl["name"] == "Polska"
    assert pw["teryt"].is_unique


# --- coverage ---------------------------------------------------------------------------------

def test_partner_area_activity(pw):
    # covered at D: 1601 (L1 ends ON D, inclusive), 1604 (L4 area starts ON D), 1661 (L4)
    # not: 1602 (area open but partner L2 ended), 1603 (L3 starts after D)
    cov = {t: row(pw, t)["local_partner_coverage"] for t in ("1601", "1602", "1603", "1604", "1661")}
    assert cov == {"1601": 1, "1602": 0, "1603": 0, "1604": 1, "1661": 1}
    # 1601: L1 only (L4's area there ended the day before D)
    assert row(pw, "1601")["active_local_partners"] == 1


def test_next_day_boundaries(con):
    pw2 = ix.compute(con, "powiat", as_of=d("2024-07-01"))
    # L1 ended 2024-06-30 -> 1601 no longer covered; L3 started 2024-07-01 -> 1603 covered
    assert row(pw2, "1601")["local_partner_coverage"] == 0
    assert row(pw2, "1603")["local_partner_coverage"] == 1
    # C4 dissolved 2024-07-01 -> not active on its dissolution day
    assert row(pw2, "1604")["coalitions"] == 0


def test_coverage_aggregates(vv, pl):
    v16 = row(vv, "16")
    assert v16["local_partner_coverage"] == pytest.approx(3 / 12)       # 3 of its 12 powiats
    # covered powiat populations 100k + 50k + 200k over the 1,000k of its powiats
    assert v16["population_coverage"] == pytest.approx(350_000 / 1_000_000)
    # distinct partners L1 and L4 (L4 covers two powiats: counted once, not 1+1+1)
    assert v16["active_local_partners"] == 2
    assert pl["local_partner_coverage"] == pytest.approx(3 / 380)
    assert pl["active_local_partners"] == 2


def test_regional_presence(pw, vv, pl):
    assert row(vv, "16")["regional_partner_presence"] == 1
    assert row(vv, "02")["regional_partner_presence"] == 0          # R2 ended the day before D
    assert row(pw, "1607")["regional_partner_presence"] == 1        # its voivodeship's value
    assert row(pw, "0201")["regional_partner_presence"] == 0
    assert pl["regional_partner_presence"] == pytest.approx(1 / 16)


# --- coalitions -------------------------------------------------------------------------------

def test_coalitions_powiat(pw):
    r = row(pw, "1601")
    assert r["coalitions"] == 2                  # C1, C2 (C3 dissolved on D)
    # C1 active members m1 m2 m3 (m4 left ON D); C2 m1 m5 m6 (m7 left) -> distinct {m1,m2,m3,m5,m6}
    assert r["coalition_members"] == 5
    assert r["cross_sector_share"] == pytest.approx(1 / 2)   # C1 yes (3 sectors), C2 no (2)
    assert r["coalition_density"] == pytest.approx(2 * 100_000 / 100_000)
    r4 = row(pw, "1604")
    # C4 founded on D is active; members: m1 (joined on D); m9 joins after D
    assert (r4["coalitions"], r4["coalition_members"], r4["cross_sector_share"]) == (1, 1, 0)
    r2 = row(pw, "1602")
    assert r2["coalitions"] == 0 and math.isnan(r2["cross_sector_share"])  # empty: no coalition


def test_coalitions_voivodeship(vv, pl):
    r = row(vv, "16")
    assert r["coalitions"] == 3                       # C1, C2, C4
    assert r["coalition_members"] == 5                # m1 (in C1, C2, C4) once: {m1,m2,m3,m5,m6}
    assert r["cross_sector_share"] == pytest.approx(1 / 3)
    assert r["coalition_density"] == pytest.approx(3 * 100_000 / 1_000_000)
    assert pl["coalitions"] == 4 and pl["coalition_members"] == 5   # + C9 whose only member is m1


# --- volunteers, organisers, activities ----------------------------------------------------------

def test_volunteers_powiat(pw):
    r = row(pw, "1601")
    assert r["volunteers_registered"] == 12          # a01..a12; a13 registers after D
    assert r["volunteers_per_10k"] == pytest.approx(12 * 10_000 / 100_000)
    assert r["ks_members"] == 3                      # a01 (on D), a02, a03; a04 after D
    # period 2023-07..2024-06: a01 (5 + 3 h, two organisers), a04 (2 h in 2023-07);
    # a02 logged 4 h but confirmed 0; a03's hours are in 2023-06 (outside)
    assert r["volunteers_active"] == 2
    assert r["hours_confirmed"] == 10                # 5 + 3 + 2
    assert r["confirmation_rate"] == pytest.approx(10 / 17)   # logged 8 + 3 + 4 + 2
    r2 = row(pw, "1602")
    # a01's hours at organiser O2 (in 1602) count at a01's residence 1601, not here
    assert (r2["volunteers_registered"], r2["volunteers_active"], r2["hours_confirmed"]) == (5, 0, 0)
    assert math.isnan(r2["confirmation_rate"])       # nothing logged


def test_volunteer_counted_once_at_voivodeship(vv, pl):
    r = row(vv, "16")
    assert r["volunteers_registered"] == 17          # 12 + 5
    assert r["volunteers_active"] == 2               # a01 once, despite hours in 1601 and 1602 organisers
    assert r["hours_confirmed"] == 10
    assert r["volunteers_per_10k"] == pytest.approx(17 * 10_000 / 1_000_000)
    assert pl["volunteers_active"] == 2


def test_organisers(pw, vv):
    r = row(pw, "1601")
    assert r["organisers_in_base"] == 1              # O1 (O3 joins after D)
    assert r["organisers_per_10k"] == pytest.approx(1 * 10_000 / 100_000)
    assert r["mpw_certified"] == 1                   # O1 certified ON D; O3 after D
    # public organisers with confirmed hours in the period: O2 (education, 1602);
    # O5 (sport, 1601) has only 0 confirmed hours; O1 is an NGO
    assert r["public_institutions_engaged"] == 0
    assert row(pw, "1602")["public_institutions_engaged"] == 1
    assert row(vv, "16")["public_institutions_engaged"] == 1


def test_activities(pw, vv):
    r = row(pw, "1601")
    # T1 (first day of the period) and T2 (last day); T3 and T4 fall outside
    assert r["trainings"] == 2 and r["training_participants"] == 15     # 8 + 7
    assert r["trainings_per_100k"] == pytest.approx(2 * 100_000 / 100_000)
    assert r["local_projects"] == 1
    assert row(vv, "16")["local_projects"] == 2


def test_custom_period(con):
    r = row(ix.compute(con, "powiat", as_of=D, period=(d("2023-06-15"), d("2023-06-20"))), "1601")
    # the whole month 2023-06: T3 (100 participants); a03's 10 confirmed hours
    assert (r["trainings"], r["training_participants"]) == (1, 100)
    assert (r["volunteers_active"], r["hours_confirmed"]) == (1, 10)


def test_period_validation(con):
    with pytest.raises(ValueError):
        ix.compute(con, "powiat", as_of=D, period=(d("2024-02-01"), d("2024-01-01")))
    assert dates.resolve_dates(con, "2024-06-30") == (D, d("2023-07-01"), d("2024-06-01"))


def test_default_as_of_is_data_as_of(con):
    # latest event date in the fixture: 2024-07-01 (a13 registration, T4, L3 start...)
    assert dates.resolve_dates(con)[0] == d("2024-07-01")


def test_units_filter_and_codes(con):
    df = ix.compute(con, "powiat", as_of=D, codes=["coalitions", "local_partner_coverage"],
                    units=["1601", "1604"])
    assert list(df.columns) == ["teryt", "name", "local_partner_coverage", "coalitions"]
    assert list(df["teryt"]) == ["1601", "1604"] and list(df["coalitions"]) == [2, 1]
    with pytest.raises(KeyError):
        ix.compute(con, "powiat", codes=["nope"])
    with pytest.raises(ValueError):
        ix.compute(con, "gmina")


# --- areas ------------------------------------------------------------------------------------

def test_area_of_three_powiats(con):
    s = ix.compute_area(con, ["1601", "1602", "1604"], as_of=D)
    pop = 100_000 + 60_000 + 50_000
    assert s["volunteers_registered"] == 12 + 5 + 0
    assert s["volunteers_per_10k"] == pytest.approx(17 * 10_000 / pop)
    assert s["volunteers_active"] == 2
    assert s["coalitions"] == 3                           # C1, C2, C4
    assert s["coalition_members"] == 5                    # m1 counted once across 1601 and 1604
    assert s["cross_sector_share"] == pytest.approx(1 / 3)
    assert s["local_partner_coverage"] == pytest.approx(2 / 3)   # 1601, 1604 of three
    assert s["population_coverage"] == pytest.approx((100_000 + 50_000) / pop)
    assert s["active_local_partners"] == 2                # L1, L4
    assert s["public_institutions_engaged"] == 1
    assert s["regional_partner_presence"] == 1            # all in voivodeship 16
    assert s["coalition_density"] == pytest.approx(3 * 100_000 / pop)


def test_area_across_voivodeships(con):
    s = ix.compute_area(con, ["1601", "0201"], as_of=D)
    assert s["regional_partner_presence"] == pytest.approx(1 / 2)   # 16 has one, 02 not
    assert s["coalition_members"] == 5                    # m1 in C9 (0201) still once
    several = ix.compute_areas(con, {"x": ["1601"], "y": ["1602", "1603"]}, as_of=D,
                               codes=["volunteers_registered"])
    assert dict(zip(several["teryt"], several["volunteers_registered"])) == {"x": 12, "y": 5}
    with pytest.raises(ValueError):
        ix.compute_area(con, ["1601", "16"], as_of=D)      # a voivodeship code is not a powiat


# --- SOW not provided ------------------------------------------------------------------------------

def test_sow_not_provided_is_none_everywhere():
    con = new_db()
    insert(con, "partners", [P("L1", "local", "16", "2023-01-01")])
    insert(con, "volunteers", [dict(volunteer_id="v", powiat="1601", registered_on="2023-02-01")])
    df = ix.compute(con, "powiat", as_of=D)
    r = row(df, "1601")
    assert r["volunteers_registered"] == 1
    # no hours, organisers or activities in a fixture without import metadata -> not provided
    for c in ("volunteers_active", "hours_confirmed", "confirmation_rate", "organisers_in_base",
              "mpw_certified", "public_institutions_engaged", "trainings", "local_projects"):
        assert df[c].isna().all(), c
    assert r["coalitions"] == 0
    # with import metadata: hours provided but empty -> zeros, not None
    mark_provided(con, ["partners", "volunteers", "hours"])
    r = row(ix.compute(con, "powiat", as_of=D), "1601")
    assert r["volunteers_active"] == 0 and r["hours_confirmed"] == 0
    assert math.isnan(r["confirmation_rate"]) and math.isnan(r["trainings"])


# --- CSV export -------------------------------------------------------------------------------

def test_indicator_csv_frame(con, tmp_path):
    df = scope.indicator_csv_frame(con, "powiat", as_of=D, suppress=True)
    assert list(df.columns) == ["teryt", "name"] + CODES
    r = row(df, "1601")
    assert abs(r["volunteers_registered"] - 12) <= 2   # >= 10: shown, with cell-key noise
    assert r["local_partner_coverage"] == 1            # share as fraction
    # 2 active volunteers -> suppressed, and hours/confirmation rate with them
    assert r["volunteers_active"] is None or str(r["volunteers_active"]) == "<NA>"
    path = tmp_path / "x.csv"
    df.to_csv(path, index=False)
    header, line = [l for l in path.read_text(encoding="utf-8").splitlines() if l.startswith(("teryt", "1601"))]
    cells = dict(zip(header.split(","), line.split(",")))
    assert cells["volunteers_registered"] == str(r["volunteers_registered"]) and cells["volunteers_active"] == ""
    assert cells["hours_confirmed"] == "" and cells["ks_members"] == ""
    assert cells["cross_sector_share"] == "0.5"
    unsup = row(scope.indicator_csv_frame(con, "powiat", as_of=D, suppress=False), "1601")
    assert unsup["volunteers_active"] == 2 and unsup["hours_confirmed"] == 10


def test_each_code_alone_equals_full_table(con, pw):
    # the query is assembled per requested code: each code alone must give the same column
    for c in CODES:
        alone = ix.compute(con, "powiat", as_of=D, codes=[c])
        assert alone[c].equals(pw[c]), c
    for c in CODES:
        assert not ix.compute_areas(con, {"a": ["1601"]}, as_of=D, codes=[c]).empty


def test_decisions_where_the_contract_is_silent():
    con = new_db()
    insert(con, "partners", [P("R1", "regional", "16", "2023-01-01"), P("L9", "regional", "02", "2023-01-01")])
    # a regional partner with an areas row does not make local coverage
    insert(con, "partner_areas", [dict(partner_id="L9", powiat="0201")])
    # certified, but in no partner's local base: counted in mpw_certified, not organisers_in_base
    insert(con, "organisers", [dict(organiser_id="O", name="o", type="ngo", powiat="1601",
                                    joined_on="2023-01-01", mpw_certified_on="2023-02-01")])
    # registers after D, has confirmed hours in a month of an explicit period reaching past D
    insert(con, "volunteers", [dict(volunteer_id="late", powiat="1601", registered_on="2024-08-01")])
    insert(con, "hours", [dict(volunteer_id="late", organiser_id="O", month="2024-08", hours_logged=3,
                               hours_confirmed=3)])
    r = row(ix.compute(con, "powiat", as_of=D, period=(d("2024-06-01"), d("2024-08-01"))), "1601")
    assert (r["mpw_certified"], r["organisers_in_base"]) == (1, 0)
    assert (r["volunteers_registered"], r["volunteers_active"], r["hours_confirmed"]) == (0, 1, 3)
    assert row(ix.compute(con, "powiat", as_of=D), "0201")["local_partner_coverage"] == 0
