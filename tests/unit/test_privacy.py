"""The protection layer (contract section 4, analytics/access/privacy.py): suppression decided on
exact counts, cell-key noise on what is shown, derived values from protected values, the area rule,
breakdowns; every expected number below is worked out by hand from the perturbation table
(analytics/access/cellkey.py): for a count n >= 3 a cell key u gives d = -2 on [0, 0.1), -1 on
[0.1, 0.3), 0 on [0.3, 0.7), +1 on [0.7, 0.9), +2 on [0.9, 1) (u as a share of 2^32); hours are
multiplied by 1 + 0.05 * (2 v - 1), v = (u * 2654435761 mod 2^32) / 2^32."""
import math

import pandas as pd
import pytest

from analytics.access import privacy
from analytics.metrics import catalogue

S = 1 << 32
K_MINUS2 = 0                      # d = -2; hours x 0.95 (v = 0)
K_ZERO = int(0.5 * S)             # d = 0
K_PLUS2 = int(0.95 * S)           # d = +2
K_HOURS_EXACT = (S // 2) * pow(2654435761, -1, S) % S   # v = 1/2: hours x 1.00 exactly


def frame(**cols):
    n = len(next(iter(cols.values())))
    return pd.DataFrame({"teryt": [f"u{i}" for i in range(n)], **cols})


def test_the_chosen_keys_do_what_the_table_says():
    from analytics.access import cellkey
    assert cellkey.offset(50, K_MINUS2) == -2 and cellkey.offset(50, K_ZERO) == 0
    assert cellkey.offset(50, K_PLUS2) == 2
    assert cellkey.hours_factor(K_MINUS2) == pytest.approx(0.95)
    assert cellkey.hours_factor(K_HOURS_EXACT) == pytest.approx(1.0)


def test_powiat_counts_hidden_from_1_to_9_and_shown_with_noise_from_10():
    df = frame(volunteers_registered=[0, 1, 9, 10, 50],
               volunteers_registered__ckey=[K_PLUS2, K_PLUS2, K_PLUS2, K_ZERO, K_PLUS2],
               volunteers_per_10k=[0.0, 0.1, 0.9, 1.0, 5.0], coalitions=[1, 1, 1, 1, 1])
    out = privacy.protect(df, "powiat")
    assert out["volunteers_registered__suppressed"].tolist() == [False, True, True, False, False]
    reg = out["volunteers_registered"].tolist()
    assert reg[0] == 0 and math.isnan(reg[1]) and math.isnan(reg[2])   # 0 stays 0; 1 and 9 hidden
    assert reg[3] == 10 and reg[4] == 52                               # d = 0; d = +2
    per = out["volunteers_per_10k"].tolist()
    assert per[0] == 0 and math.isnan(per[1]) and math.isnan(per[2])
    assert per[3] == pytest.approx(1.0) and per[4] == pytest.approx(5.0 * 52 / 50)  # from the protected count
    assert out["volunteers_per_10k__suppressed"].tolist() == [False, True, True, False, False]
    assert out["coalitions"].tolist() == [1] * 5 and "coalitions__suppressed" not in out  # not about people
    assert not any(c.endswith("__ckey") for c in out.columns)
    assert df["volunteers_registered"].tolist() == [0, 1, 9, 10, 50]   # input untouched


def test_voivodeship_threshold_hours_and_the_rate_from_protected_parts():
    df = frame(volunteers_active=[4, 5, 40], volunteers_active__ckey=[K_ZERO, K_ZERO, K_MINUS2],
               hours_confirmed=[30.0, 40.0, 100.0], hours_confirmed__ckey=[K_ZERO, K_HOURS_EXACT, K_MINUS2],
               hours_logged=[60.0, 50.0, 200.0], hours_logged__ckey=[K_ZERO, K_HOURS_EXACT, K_HOURS_EXACT],
               confirmation_rate=[0.5, 0.8, 0.5])
    out = privacy.protect(df, "voivodeship")
    assert out["volunteers_active"].isna().tolist() == [True, False, False]       # 4 < 5 hidden
    assert out["volunteers_active"].tolist()[1:] == [5, 38]                       # d = 0; d = -2
    assert out["hours_confirmed"].isna().tolist() == [True, False, False]         # follows active
    assert out["hours_confirmed"].tolist()[1:] == [40.0, 95.0]                    # x 1.00; x 0.95
    assert out["hours_logged"].tolist()[1:] == [50.0, 200.0]
    assert out["confirmation_rate"].isna().tolist() == [True, False, False]
    assert out["confirmation_rate"].tolist()[1:] == [pytest.approx(0.8), pytest.approx(95 / 200)]


def test_hours_are_rounded_to_half_an_hour():
    df = frame(volunteers_active=[20], volunteers_active__ckey=[K_ZERO],
               hours_confirmed=[123.4], hours_confirmed__ckey=[K_MINUS2])
    # 123.4 x 0.95 = 117.23 -> 117.0 (the nearest half hour)
    assert privacy.protect(df, "powiat")["hours_confirmed"].tolist() == [117.0]


def test_area_and_country_thresholds_and_labels():
    df = frame(volunteers_registered=[4, 7], volunteers_registered__ckey=[K_ZERO, K_ZERO])
    assert privacy.protect(df, "area")["volunteers_registered"].isna().tolist() == [True, False]     # < 5
    assert privacy.protect(df, "country")["volunteers_registered"].isna().tolist() == [True, False]
    assert privacy.protect(df, "powiat")["volunteers_registered"].isna().tolist() == [True, True]    # < 10
    assert privacy.cell_label("powiat") == "<10" and privacy.cell_label("area") == "<5"
    assert privacy.cell_label("voivodeship") == "<5" and privacy.cell_label("country") == "<5"
    assert privacy.hidden_label("volunteers_registered", "powiat") == "<10"
    for derived in ("volunteers_per_10k", "hours_confirmed", "hours_logged", "confirmation_rate"):
        assert privacy.hidden_label(derived, "powiat") == "#"                   # never "<10" on hours or rates
    with pytest.raises(ValueError):
        privacy.cell_label("gmina")


def test_who_is_protected():
    assert not privacy.is_protected("institution")
    for role in ("partner", "evaluator", "public", privacy.EXPORT_ROLE, None, "admin", ""):
        assert privacy.is_protected(role)
    df = frame(volunteers_registered=[3], volunteers_registered__ckey=[K_PLUS2])
    exact = privacy.publish(df, "powiat", "institution")
    assert exact["volunteers_registered"].tolist() == [3] and not exact["volunteers_registered__suppressed"][0]
    assert "volunteers_registered__ckey" not in exact
    assert privacy.publish(df, "powiat", "partner")["volunteers_registered"].isna().all()


def test_protection_fails_closed_without_what_it_reads():
    with pytest.raises(ValueError, match="volunteers_registered"):
        privacy.protect(frame(volunteers_per_10k=[3.0]), "powiat")             # the base count
    with pytest.raises(ValueError, match="__ckey"):
        privacy.protect(frame(volunteers_registered=[30]), "powiat")           # the cell key
    with pytest.raises(ValueError, match="hours_logged"):
        privacy.protect(frame(volunteers_active=[30], volunteers_active__ckey=[0], hours_confirmed=[1.0],
                              hours_confirmed__ckey=[0], confirmation_rate=[0.5]), "powiat")


def test_the_area_rule_hides_an_area_holding_a_hidden_powiat():
    areas = {"A": ["0201", "0202"], "B": ["0201"], "C": ["0201", "0203"]}
    area_frame = pd.DataFrame({"teryt": ["A", "B", "C"], "volunteers_registered": [57.0, 50.0, 80.0],
                               "volunteers_registered__ckey": [K_ZERO, K_ZERO, K_ZERO],
                               "volunteers_per_10k": [5.7, 5.0, 8.0], "coalitions": [3, 1, 2]})
    powiats = pd.DataFrame({"teryt": ["0201", "0202", "0203"], "volunteers_registered": [50.0, 7.0, 30.0]})
    out = privacy.protect_areas(area_frame, areas, powiats).set_index("teryt")
    # A holds 0202 with 7 (< 10, hidden at powiat level): hidden although 57 >= 5
    assert math.isnan(out.loc["A", "volunteers_registered"]) and out.loc["A", "volunteers_registered__suppressed"]
    assert math.isnan(out.loc["A", "volunteers_per_10k"])
    assert out.loc["B", "volunteers_registered"] == 50 and out.loc["C", "volunteers_registered"] == 80
    assert out.loc["A", "coalitions"] == 3                                       # not about people
    with pytest.raises(ValueError, match="volunteers_registered"):
        privacy.protect_areas(area_frame, areas, powiats.drop(columns="volunteers_registered"))


def test_the_area_rule_month_by_month():
    areas = {"AREA": ["0201", "0202"]}
    area_frame = pd.DataFrame({"teryt": ["AREA", "AREA"], "month": ["2024-01", "2024-02"],
                               "volunteers_active": [30.0, 31.0], "volunteers_active__ckey": [K_ZERO, K_ZERO]})
    powiats = pd.DataFrame({"teryt": ["0201", "0202", "0201", "0202"],
                            "month": ["2024-01", "2024-01", "2024-02", "2024-02"],
                            "volunteers_active": [25.0, 5.0, 15.0, 16.0]})
    out = privacy.protect_areas(area_frame, areas, powiats, on=("month",))
    assert out["volunteers_active__suppressed"].tolist() == [True, False]      # January: 0202 had 5
    assert math.isnan(out["volunteers_active"][0]) and out["volunteers_active"][1] == 31


def test_breakdown_primary_secondary_and_noise():
    df = pd.DataFrame({"sex": ["F", "F", "F", "M", "M", "M"],
                       "age_band": ["18_24", "25_34", "35_44"] * 2,
                       "volunteers": [3.0, 40.0, 60.0, 30.0, 50.0, 70.0],
                       "volunteers__ckey": [K_ZERO, K_PLUS2, K_ZERO, K_ZERO, K_ZERO, K_MINUS2]})
    out = privacy.protect_breakdown(df, "powiat", "partner")
    # F 18-24 = 3 is hidden. Rows first: F now holds one hidden cell, so its smallest other cell
    # goes too (F 25-34 = 40). Then columns: 18-24 holds one hidden cell -> M 18-24 (30); 25-34
    # holds one (F 25-34) -> M 25-34 (50). 35-44 shows with noise: 60 + 0, 70 - 2.
    assert out["suppressed"].tolist() == [True, True, False, True, True, False]
    assert out["volunteers"].isna().tolist() == [True, True, False, True, True, False]
    assert out["volunteers"][2] == 60 and out["volunteers"][5] == 68
    exact = privacy.protect_breakdown(df, "powiat", "institution")
    assert exact["volunteers"].tolist() == [3.0, 40.0, 60.0, 30.0, 50.0, 70.0] and not exact["suppressed"].any()
    with pytest.raises(ValueError, match="__ckey"):
        privacy.protect_breakdown(df.drop(columns="volunteers__ckey"), "powiat", "evaluator")


def test_with_bases_adds_what_protection_reads():
    # the rate's person count, and the two protected sums it is the ratio of (catalogue order)
    assert catalogue.with_bases(["confirmation_rate", "coalitions"]) == [
        "coalitions", "volunteers_active", "hours_confirmed", "confirmation_rate", "hours_logged"]
