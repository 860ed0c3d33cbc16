"""Peer comparison: rank, percentile, median, hand-worked.

Coalitions per opolskie powiat: 1601: 3, 1602: 1, 1603: 1, 1604: 2, 1605: 2, 1606: 1, 1607: 1, the
other five 0; elsewhere one coalition in 0201. Every powiat outside opolskie has population 50,000.
"""
import pandas as pd
import pytest

from analytics.access import scope
from analytics.metrics import peers
from fixtures_indicators import d, insert, new_db, set_country_population

D = d("2024-06-30")
COUNTS = {"1601": 3, "1602": 1, "1603": 1, "1604": 2, "1605": 2, "1606": 1, "1607": 1, "0201": 1}


@pytest.fixture(scope="module")
def con():
    con = new_db()
    set_country_population(con)
    rows = []
    for p, n in COUNTS.items():
        rows += [dict(coalition_id=f"{p}-{i}", name="c", powiat=p, founded_on="2024-01-01") for i in range(n)]
    insert(con, "coalitions", rows)
    insert(con, "volunteers", [dict(volunteer_id=f"v{i}", powiat="1601", registered_on="2024-01-01")
                               for i in range(3)])
    return con


def by_code(df):
    return df.set_index("code")


def test_rank_span_hand_worked():
    # values 5, 3, 3, 1 (+ subject 3), higher is better: one better (5) -> rank 2, and with the two
    # other 3s places 2-4; n = 5, worse = 1, other ties = 2 -> percentile 100 * (1 + 0.5 * 2) / 4 = 50
    assert peers.rank_span(3, [5, 3, 3, 1, None], +1) == (2, 4, 5, 50.0)
    # lower is better: 1 beats 2 and 3 -> rank 1, percentile 100
    assert peers.rank_span(1, [2, 3], -1) == (1, 1, 3, 100.0)
    assert peers.rank_span(3, [2, 1], -1) == (3, 3, 3, 0.0)
    assert peers.rank_span(None, [1, 2], +1) == (None, None, 2, None)
    assert peers.rank_span(4, [], +1) == (1, 1, 1, None)


def test_population_quintile():
    pops = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    # q = min(5, floor(5 * #(p < x) / N) + 1)
    assert peers.population_quintile(10, pops) == 1        # 0 below
    assert peers.population_quintile(30, pops) == 2        # 2 below: floor(1.0) + 1
    assert peers.population_quintile(100, pops) == 5       # 9 below: floor(4.5) + 1
    assert peers.population_quintile(1000, pops) == 5      # capped
    assert peers.population_quintile(5, [5, 5, 5]) == 1    # ties share a quintile


def test_voivodeship_group(con):
    r = by_code(peers.compare(con, "powiat", "1602", group="voivodeship", as_of=D)).loc["coalitions"]
    # 12 values 3,2,2,1,1,1,1,0,0,0,0,0; subject 1: better 3 -> rank 4; worse 5, other ties 3
    assert (r["value"], r["rank"], r["n"]) == (1, 4, 12)
    assert r["rank_last"] == 7            # the subject and its 3 equals share places 4-7
    assert r["percentile"] == pytest.approx(100 * (5 + 0.5 * 3) / 11)    # 59.09
    assert r["peer_median"] == 1                                          # (1 + 1) / 2, 6th and 7th
    assert r["voivodeship_value"] == 11 and r["national_value"] == 12
    assert r["peer_count"] == 12


def test_population_group(con):
    # outside opolskie every powiat has 50,000; populations above 50,000 have >= 368 of 380 below,
    # floor(5 * 368 / 380) + 1 = 5: quintile 5 = 1601 1602 1603 1607 1608 1609 1611 1661
    assert peers.peer_units(con, "powiat", "1602", group="population") == \
        ["1601", "1602", "1603", "1607", "1608", "1609", "1611", "1661"]
    r = by_code(peers.compare(con, "powiat", "1602", group="population", as_of=D)).loc["coalitions"]
    # values 3,1,1,1,0,0,0,0: better 1 -> rank 2; worse 4, ties 2 -> 100 * (4 + 1) / 7
    assert (r["rank"], r["n"]) == (2, 8)
    assert r["rank_last"] == 4            # 1, 1, 1 (the subject among them): places 2-4
    assert r["percentile"] == pytest.approx(100 * 5 / 7)
    assert r["peer_median"] == 0.5                                        # (0 + 1) / 2


def test_powiat_type_and_all_groups(con):
    assert len(peers.peer_units(con, "powiat", "1661", group="powiat_type")) == 66    # cities
    assert len(peers.peer_units(con, "powiat", "1602", group="powiat_type")) == 314
    r = by_code(peers.compare(con, "powiat", "1601", group="all", as_of=D)).loc["coalitions"]
    assert (r["rank"], r["n"], r["percentile"]) == (1, 380, 100.0)
    with pytest.raises(ValueError):
        peers.peer_units(con, "voivodeship", "16", group="powiat_type")


def test_area_comparison(con):
    r = by_code(peers.compare(con, "area", powiats=["1601", "1602"], group="voivodeship",
                              as_of=D)).loc["coalitions"]
    # area value 3 + 1 = 4 ranked among the 12 opolskie powiats + itself: best of 13
    assert (r["value"], r["rank"], r["n"], r["percentile"]) == (4, 1, 13, 100.0)
    assert r["rank_last"] == 1            # alone at the top
    assert r["peer_median"] == 1 and r["voivodeship_value"] == 11


def test_suppressed_values_are_not_shown_or_ranked(con):
    inst = by_code(peers.compare(con, "powiat", "1601", as_of=D, codes=["volunteers_registered"]))
    assert inst.loc["volunteers_registered", "value"] == 3
    tables = {lv: scope.indicator_table(con, lv, "public", as_of=D, secret="t")
              for lv in ("powiat", "voivodeship", "country")}
    pub = by_code(peers.compare(con, "powiat", "1601", as_of=D, tables=tables,
                                codes=["volunteers_registered"])).loc["volunteers_registered"]
    assert pd.isna(pub["value"]) and pub["suppressed"] and pd.isna(pub["rank"]) and pd.isna(pub["rank_last"])
    assert pd.isna(pub["voivodeship_value"])                # 3 < 5 at voivodeship level too
