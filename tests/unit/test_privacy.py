"""Small-cell suppression (contract section 4)."""
import math

import pandas as pd
import pytest

from analytics.metrics import indicators as ix
from analytics.access import privacy
from fixtures_indicators import d, insert, new_db, row


def frame(**cols):
    return pd.DataFrame({"teryt": [f"u{i}" for i in range(len(next(iter(cols.values()))))], **cols})


def test_powiat_threshold_9_vs_10():
    df = frame(volunteers_registered=[0, 1, 9, 10], volunteers_per_10k=[0.0, 0.1, 0.9, 1.0],
               coalitions=[1, 1, 1, 1])
    out = privacy.suppress(df, "powiat", "public")
    # 0 shown, 1 and 9 hidden, 10 shown; the per-10k value follows its count
    assert list(out["volunteers_registered__suppressed"]) == [False, True, True, False]
    assert out["volunteers_registered"].tolist()[0] == 0 and out["volunteers_registered"].tolist()[3] == 10
    assert out["volunteers_registered"][1:3].isna().all()
    assert out["volunteers_per_10k"][1:3].isna().all() and out["volunteers_per_10k"][3] == 1.0
    assert list(out["volunteers_per_10k__suppressed"]) == [False, True, True, False]
    assert "coalitions__suppressed" not in out and list(out["coalitions"]) == [1, 1, 1, 1]
    assert df["volunteers_registered"].tolist() == [0, 1, 9, 10]      # input untouched


def test_voivodeship_threshold_4_vs_5():
    df = frame(volunteers_active=[0, 4, 5], hours_confirmed=[0.0, 30.0, 40.0],
               confirmation_rate=[None, 0.5, 0.8], ks_members=[4, 5, 9], training_participants=[3, 0, 12])
    out = privacy.suppress(df, "voivodeship", "partner")
    assert out["volunteers_active"].isna().tolist() == [False, True, False]
    assert out["hours_confirmed"].isna().tolist() == [False, True, False]       # follows active
    assert out["confirmation_rate"].isna().tolist() == [True, True, False]      # row 0 empty anyway
    assert out["confirmation_rate__suppressed"].tolist() == [False, True, False]
    assert out["ks_members"].isna().tolist() == [True, False, False]            # 9 >= 5 shown here
    assert out["training_participants"].isna().tolist() == [True, False, False]
    assert out["hours_confirmed"].tolist()[2] == 40.0


def test_institution_sees_everything_and_unknown_role_is_suppressed():
    df = frame(volunteers_registered=[3], volunteers_per_10k=[0.3])
    out = privacy.suppress(df, "powiat", "institution")
    assert out["volunteers_registered"].tolist() == [3] and not out["volunteers_registered__suppressed"][0]
    for role in ("partner", "evaluator", "public", "export", None):
        assert privacy.suppress(df, "powiat", role)["volunteers_registered"].isna().all()


def test_area_and_country_thresholds_and_labels():
    df = frame(volunteers_registered=[7])
    assert privacy.suppress(df, "area", "public")["volunteers_registered"].isna().all()     # < 10
    assert privacy.suppress(df, "country", "public")["volunteers_registered"].tolist() == [7]  # >= 5
    assert privacy.cell_label("powiat") == "<10" and privacy.cell_label("area") == "<10"
    assert privacy.cell_label("voivodeship") == "<5" and privacy.cell_label("country") == "<5"
    assert privacy.display_value(7, True, "powiat") == "<10"
    assert privacy.display_value(7, False, "powiat") == 7
    with pytest.raises(ValueError):
        privacy.cell_label("gmina")


def test_suppression_on_computed_tables():
    con = new_db()
    vols = [dict(volunteer_id=f"a{i}", powiat="1601", registered_on="2024-01-01") for i in range(10)]
    vols += [dict(volunteer_id=f"b{i}", powiat="1602", registered_on="2024-01-01") for i in range(9)]
    insert(con, "volunteers", vols)
    insert(con, "organisers", [dict(organiser_id="O", name="o", type="ngo", powiat="1601",
                                    joined_on="2024-01-01")])
    # 4 active volunteers in 1601 (suppressed at both levels), 1 in 1602
    insert(con, "hours", [dict(volunteer_id=f"a{i}", organiser_id="O", month="2024-03", hours_logged=5,
                               hours_confirmed=5) for i in range(4)]
           + [dict(volunteer_id="b0", organiser_id="O", month="2024-03", hours_logged=2, hours_confirmed=2)])
    D = d("2024-06-30")
    pw = privacy.suppress(ix.compute(con, "powiat", as_of=D), "powiat", "public")
    r1, r2 = row(pw, "1601"), row(pw, "1602")
    assert r1["volunteers_registered"] == 10 and not r1["volunteers_registered__suppressed"]
    assert math.isnan(r1["volunteers_active"]) and math.isnan(r1["hours_confirmed"])
    assert math.isnan(r1["confirmation_rate"]) and r1["hours_confirmed__suppressed"]
    assert math.isnan(r2["volunteers_registered"]) and math.isnan(r2["volunteers_per_10k"])  # 9
    assert row(pw, "1603")["volunteers_registered"] == 0                          # zero is shown
    vv = privacy.suppress(ix.compute(con, "voivodeship", as_of=D), "voivodeship", "public")
    v = row(vv, "16")
    # voivodeship: 19 registered (shown), 5 active = 4 + 1 -> shown (not < 5), hours 22 shown
    assert v["volunteers_registered"] == 19 and v["volunteers_active"] == 5 and v["hours_confirmed"] == 22


def test_a_derived_value_without_its_base_count_is_refused():
    # volunteers_per_10k can only be judged small through volunteers_registered: fail closed.
    import pandas as pd
    frame = pd.DataFrame({"teryt": ["0201"], "volunteers_per_10k": [3.0]})
    with pytest.raises(ValueError, match="without volunteers_registered"):
        privacy.suppress(frame, "powiat", "partner")
    # The institution sees values unsuppressed, so nothing needs judging.
    assert privacy.suppress(frame, "powiat", "institution")["volunteers_per_10k"].iloc[0] == 3.0


def test_with_bases_adds_the_person_counts():
    from analytics.metrics import catalogue
    # the rate's person count, and the two protected sums it is the ratio of (catalogue order)
    assert catalogue.with_bases(["confirmation_rate", "coalitions"]) == [
        "coalitions", "volunteers_active", "hours_confirmed", "confirmation_rate", "hours_logged"]
