"""Partner areas at a date, and three-powiat areas aggregated and ranked - hand-worked.

Fixture (D = 2024-06-30), all in opolskie (16; populations OPOLSKIE_POP, elsewhere 50,000):
  L1  local, 2024-01-01 - open; areas 1601 (partner's dates), 1602 (from 2024-01-01),
      1603 (from 2024-03-01), 1604 (2024-01-01 - 2024-05-31: ended before D)
  L2  local, 2024-01-01 - 2024-05-31 (ended before D); area 1605
  R16 regional, opolskie, 2024-01-01 - open
  R02 regional, dolnośląskie, 2023-01-01 - 2023-12-31 (ended)
Volunteers registered 2024-01-10 per powiat:
  1601: 3, 1602: 2, 1603: 1, 1604: 4, 1605: 5, 1606: 1, 1607: 2, 1608: 0, 1609: 6, 1610: 0,
  1611: 3, 1661: 8
Coalition members: member M1 in coalition C1 (1601) and coalition C2 (1602); member M2 in C2.
"""
import pandas as pd
import pytest

from analytics.access import scope
from analytics.metrics import areas, indicators, peers
from analytics.present import names
from fixtures_indicators import OPOLSKIE_POP, d, insert, new_db, set_population

D = d("2024-06-30")
VOLUNTEERS = {"1601": 3, "1602": 2, "1603": 1, "1604": 4, "1605": 5, "1606": 1, "1607": 2, "1608": 0,
              "1609": 6, "1610": 0, "1611": 3, "1661": 8}
AREA = ["1601", "1602", "1603"]


@pytest.fixture(scope="module")
def con():
    con = new_db()
    pops = {t: 50_000 for (t,) in con.execute("SELECT teryt FROM units WHERE level = 'powiat'").fetchall()}
    pops.update(OPOLSKIE_POP)
    set_population(con, pops)
    insert(con, "partners", [
        dict(partner_id="L1", name="Stowarzyszenie Jeden", tier="local", voivodeship="16", start_date="2024-01-01"),
        dict(partner_id="L2", name="Fundacja Dwa", tier="local", voivodeship="16", start_date="2024-01-01",
             end_date="2024-05-31"),
        dict(partner_id="R16", name="Centrum Opolskie", tier="regional", voivodeship="16", start_date="2024-01-01"),
        dict(partner_id="R02", name="Centrum Dolnośląskie", tier="regional", voivodeship="02",
             start_date="2023-01-01", end_date="2023-12-31"),
    ])
    insert(con, "partner_areas", [
        dict(partner_id="L1", powiat="1601"),
        dict(partner_id="L1", powiat="1602", valid_from="2024-01-01"),
        dict(partner_id="L1", powiat="1603", valid_from="2024-03-01"),
        dict(partner_id="L1", powiat="1604", valid_from="2024-01-01", valid_to="2024-05-31"),
        dict(partner_id="L2", powiat="1605"),
    ])
    vols = []
    for p, n in VOLUNTEERS.items():
        vols += [dict(volunteer_id=f"{p}-{i}", powiat=p, registered_on="2024-01-10") for i in range(n)]
    insert(con, "volunteers", vols)
    insert(con, "coalitions", [
        dict(coalition_id="C1", name="Koalicja 1", powiat="1601", founded_on="2024-02-01"),
        dict(coalition_id="C2", name="Koalicja 2", powiat="1602", founded_on="2024-02-01"),
    ])
    insert(con, "coalition_members", [
        dict(coalition_id="C1", member_id="M1", member_type="ngo"),
        dict(coalition_id="C2", member_id="M1", member_type="ngo"),
        dict(coalition_id="C2", member_id="M2", member_type="business"),
    ])
    return con


# --- partner areas -----------------------------------------------------------------------------------
def test_local_partner_area_at_d_excludes_an_area_ended_before_d(con):
    assert areas.partner_area(con, "L1", D) == ["1601", "1602", "1603"]


def test_local_partner_area_follows_the_date(con):
    # 2024-02-15: 1603 starts only on 2024-03-01, 1604 still runs (until 2024-05-31)
    assert areas.partner_area(con, "L1", d("2024-02-15")) == ["1601", "1602", "1604"]
    # the partner's own end date bounds its areas: L2 ended 2024-05-31
    assert areas.partner_area(con, "L2", d("2024-05-31")) == ["1605"]
    assert areas.partner_area(con, "L2", D) == []


def test_regional_partner_area_is_its_voivodeship(con):
    assert areas.partner_area(con, "R16", D) == "16"
    assert areas.partner_area(con, "R02", D) == []          # ended in 2023
    assert areas.partner_area(con, "R02", d("2023-06-30")) == "02"
    with pytest.raises(KeyError):
        areas.partner_area(con, "NOPE", D)


def test_partner_list_at_d(con):
    df = areas.partner_list(con, D).set_index("partner_id")
    # active at D: L1 and R16 only; regional partners first
    assert list(df.index) == ["R16", "L1"]
    assert df.loc["L1", "powiats"] == ["1601", "1602", "1603"]
    assert df.loc["L1", "n_powiats"] == 3
    assert df.loc["L1", "population"] == 250_000            # 100,000 + 60,000 + 90,000
    assert df.loc["R16", "n_powiats"] == 12                 # every powiat of opolskie
    assert df.loc["R16", "population"] == 1_000_000         # the 12 test populations sum to 1,000,000
    assert df.loc["R16", "voivodeship_name"] == "opolskie"


def test_resolve_and_label(con):
    a = areas.resolve(con, "partner", "L1", D)
    assert (a.level, a.teryt, a.powiats, a.voivodeships, a.population) == (
        "area", None, ("1601", "1602", "1603"), ("16",), 250_000)
    assert names.area_label(a, "pl") == "Stowarzyszenie Jeden (partner lokalny)"
    assert names.area_label(a, "en") == "Stowarzyszenie Jeden (local partner)"
    r = areas.resolve(con, "partner", "R16", D)
    assert (r.level, r.teryt, len(r.powiats)) == ("voivodeship", "16", 12)
    assert names.area_label(areas.resolve(con, "voivodeship", "16", D), "pl") == "woj. opolskie"
    assert names.area_label(areas.resolve(con, "powiat", "1661", D), "pl") == "m. Opole"
    assert names.area_label(areas.resolve(con, "powiat", "1601", D), "pl") == "pow. brzeski"
    custom = areas.resolve(con, "custom", "1603,1601", D)
    assert (custom.level, custom.key, custom.powiats) == ("area", "1601,1603", ("1601", "1603"))
    assert names.area_label(custom, "pl") == "pow. brzeski + pow. kędzierzyńsko-kozielski"
    assert areas.resolve(con, "partner", "L2", D).empty      # no area at D
    with pytest.raises(KeyError):
        areas.resolve(con, "powiat", "9999", D)


# --- a three-powiat area over the union ----------------------------------------------------------------
def test_three_powiat_area_hand_worked(con):
    s = indicators.compute_area(con, AREA, D)
    # volunteers registered: 3 + 2 + 1 = 6 (each volunteer has one powiat, counted once)
    assert s["volunteers_registered"] == 6
    # per 10k over the SUMMED population: 6 / (100,000 + 60,000 + 90,000) * 10,000 = 6 / 25 = 0.24
    assert s["volunteers_per_10k"] == pytest.approx(0.24)
    # coverage: L1 covers all three at D -> share 3/3 = 1; one active local partner
    assert s["local_partner_coverage"] == 1.0
    assert s["active_local_partners"] == 1
    # coalition members: M1 sits in C1 (1601) and C2 (1602) -> counted once; plus M2 -> 2 (not 3)
    assert s["coalition_members"] == 2
    assert s["coalitions"] == 2


def test_area_coverage_share_and_population_coverage(con):
    s = indicators.compute_area(con, ["1601", "1602", "1605"], D)
    # 1601, 1602 covered by L1 at D; 1605 only by L2, which ended 2024-05-31 -> 2 of 3 powiats
    assert s["local_partner_coverage"] == pytest.approx(2 / 3)
    # population covered: (100,000 + 60,000) / (100,000 + 60,000 + 40,000) = 160 / 200 = 0.8
    assert s["population_coverage"] == pytest.approx(0.8)


# --- peers of the area ------------------------------------------------------------------------------
def test_area_peer_median_rank_percentile_hand_worked(con):
    r = peers.compare(con, "area", powiats=AREA, group="voivodeship", as_of=D,
                      codes=["volunteers_registered", "volunteers_per_10k"]).set_index("code")
    v = r.loc["volunteers_registered"]
    # peers: the 12 opolskie powiats: 3, 2, 1, 4, 5, 1, 2, 0, 6, 0, 3, 8
    # sorted 0 0 1 1 2 2 | 3 3 4 5 6 8 -> median (2 + 3) / 2 = 2.5
    assert v["peer_median"] == 2.5
    assert v["peer_count"] == 12
    # ranked set = 12 peers + the area (6): one value better (8) -> rank 2 of n = 13;
    # worse: 0 0 1 1 2 2 3 3 4 5 = 10, other ties: one 6 (1609) -> 100 * (10 + 0.5 * 1) / 12 = 87.5
    assert (v["value"], v["rank"], v["n"]) == (6, 2, 13)
    assert v["percentile"] == pytest.approx(87.5)
    # the area's voivodeship (all three in opolskie): 3+2+1+4+5+1+2+0+6+0+3+8 = 35 volunteers
    assert v["voivodeship_value"] == 35
    p = r.loc["volunteers_per_10k"]
    assert p["value"] == pytest.approx(0.24)
    # 1609 per 10k: 6 / 120,000 * 10,000 = 0.5 (above the area); 1601: 3 / 100,000 * 10,000 = 0.3
    assert p["rank"] >= 2


def test_suppression_for_partners(con):
    tables = {lv: scope.indicator_table(con, lv, "partner", as_of=D, secret="t")
              for lv in ("powiat", "voivodeship", "country")}
    subject = scope.area_table(con, {"AREA": AREA}, "partner", as_of=D, secret="t").iloc[0]
    r = peers.compare(con, "area", powiats=AREA, group="voivodeship", as_of=D, tables=tables, subject=subject,
                      codes=["volunteers_registered"]).set_index("code").loc["volunteers_registered"]
    # 6 >= 5 (the area threshold), but its powiats hold 3, 2 and 1 volunteers, hidden at powiat
    # level, so the area rule hides it: not shown, not ranked. Peers 1..9 are hidden too; zero is
    # shown, so only 1608 and 1610 (0 each) are left for the median: 0
    assert r["suppressed"] and pd.isna(r["value"]) and pd.isna(r["rank"])
    assert r["peer_median"] == 0


def test_strengths_and_weaknesses():
    assert areas.assessment(87.5, +1, 13) == "strength"
    assert areas.assessment(75.0, +1, 13) == "strength"
    assert areas.assessment(25.0, -1, 13) == "weakness"     # percentile is already oriented
    assert areas.assessment(50.0, +1, 13) is None
    assert areas.assessment(90.0, 0, 13) is None             # neutral indicator
    assert areas.assessment(100.0, +1, 4) is None            # too few to make a quartile
    assert areas.assessment(None, +1, 13) is None
    cmp = pd.DataFrame({"code": ["a", "b", "c", "d"], "percentile": [80.0, 95.0, 10.0, None],
                        "direction": [1, 1, 1, 1], "n": [13, 13, 13, 13]})
    assert areas.strengths_weaknesses(cmp) == (["b", "a"], ["c"])
    assert areas.strengths_weaknesses(cmp, ["a", "c"]) == (["a"], ["c"])


def test_callout_codes_leave_out_what_says_only_size(con):
    a = areas.resolve(con, "partner", "L1", D)
    kept = areas.callout_codes(a, ["volunteers_registered", "volunteers_per_10k", "hours_confirmed",
                                   "local_partner_coverage", "confirmation_rate"])
    # counts / hours of a 3-powiat area vs single powiats, and a partner's own coverage, are left out
    assert kept == ["volunteers_per_10k", "confirmation_rate"]
    one = areas.resolve(con, "powiat", "1601", D)
    assert areas.callout_codes(one, ["volunteers_registered", "local_partner_coverage"]) == [
        "volunteers_registered", "local_partner_coverage"]
