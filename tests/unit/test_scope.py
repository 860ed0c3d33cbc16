"""Scope enforcement: who sees which area unsuppressed, which plans, which partner."""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from analytics.data import db, reference
from analytics.access import scope as sc
from analytics.access.auth import User
from analytics.data.importer import import_source
from fixtures_import import write_folder

D = dt.date
INST = User("anna", "institution")
EVAL = User("ewa", "evaluator")
L1 = User("lok", "partner", "L1")
R02 = User("reg", "partner", "R02")


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scope")
    result = import_source(write_folder(tmp / "src"), tmp / "ks.duckdb")
    assert result.ok, result.report.format("error")
    c = db.connect_readonly(tmp / "ks.duckdb")
    yield c
    c.close()


POWIATS_02 = frozenset(p for p in reference.powiat_codes() if p.startswith("02"))


def test_scope_for_roles(con):
    assert sc.scope_for(con, INST).role == "institution"
    assert sc.scope_for(con, EVAL) == sc.Scope("evaluator")
    assert sc.scope_for(con, None) == sc.PUBLIC
    assert sc.scope_for(con, User("x", "root")) == sc.PUBLIC          # unknown role: nothing


def test_local_partner_area_is_the_area_active_on_as_of(con):
    s = sc.scope_for(con, L1, D(2024, 7, 1))
    assert (s.role, s.partner_id, s.tier, s.voivodeship) == ("partner", "L1", "local", "02")
    assert s.powiats == {"0201", "0202"}
    assert sc.scope_for(con, L1, D(2024, 3, 1)).powiats == {"0201"}   # 0202 only from 2024-06-01
    assert sc.scope_for(con, L1, D(2024, 1, 15)).powiats == frozenset()  # before the partnership
    assert sc.scope_for(con, L1, D(2027, 1, 1)).powiats == frozenset()   # after it ended
    assert sc.scope_for(con, L1).powiats == {"0201", "0202"}            # default: data as-of


def test_regional_partner_area_is_its_voivodeship(con):
    s = sc.scope_for(con, R02, D(2024, 7, 1))
    assert s.tier == "regional" and s.powiats == POWIATS_02 and len(POWIATS_02) > 20


def test_unknown_partner_gets_an_empty_area(con):
    s = sc.scope_for(con, User("x", "partner", "NOPE"), D(2024, 7, 1))
    assert s.powiats == frozenset() and sc.must_suppress(s, "0201")
    assert sc.allowed_partner(s, "L1") == "NOPE"


def test_must_suppress(con):
    inst, ev, pub = sc.scope_for(con, INST), sc.scope_for(con, EVAL), sc.scope_for(con, None)
    loc = sc.scope_for(con, L1, D(2024, 7, 1))
    reg = sc.scope_for(con, R02, D(2024, 7, 1))
    for unit in ("0201", "02", "1465", "14", "PL", None):
        assert not sc.must_suppress(inst, unit)
        assert sc.must_suppress(inst, unit, export=True)      # every export is suppressed
        assert sc.must_suppress(ev, unit) and sc.must_suppress(pub, unit) and sc.must_suppress(None, unit)
    assert not sc.must_suppress(loc, "0201") and not sc.must_suppress(loc, "0202")
    assert sc.must_suppress(loc, "0203")                      # a neighbour's powiat
    assert sc.must_suppress(loc, "02")                        # its voivodeship is more than its area
    assert not sc.must_suppress(loc, ["0201", "0202"])        # an area inside its own
    assert sc.must_suppress(loc, ["0201", "0203"])            # an area reaching outside
    assert sc.must_suppress(loc, ["0201", "junk"])
    assert sc.must_suppress(loc, "PL") and sc.must_suppress(loc, None) and sc.must_suppress(loc, [])
    assert sc.must_suppress(loc, "0201", export=True)
    assert not sc.must_suppress(reg, "02") and not sc.must_suppress(reg, "0261")
    assert sc.must_suppress(reg, "04") and sc.must_suppress(reg, "0401")


def test_plans_and_partner_requests(con):
    inst, ev, pub = sc.scope_for(con, INST), sc.scope_for(con, EVAL), sc.scope_for(con, None)
    loc = sc.scope_for(con, L1, D(2024, 7, 1))
    assert sc.can_view_plan(inst, "R02") and sc.can_view_plan(ev, "R02")
    assert sc.can_view_plan(loc, "L1") and not sc.can_view_plan(loc, "R02")
    assert not sc.can_view_plan(loc, None) and not sc.can_view_plan(pub, "L1")
    # a URL parameter cannot widen a partner's scope: it gets its own id back
    assert sc.allowed_partner(loc, "R02") == "L1"
    assert sc.allowed_partner(loc, None) == "L1"
    assert sc.allowed_partner(inst, "R02") == "R02" and sc.allowed_partner(ev, "L1") == "L1"
    assert sc.allowed_partner(pub, "L1") is None


def test_assert_allowed(con):
    loc = sc.scope_for(con, L1, D(2024, 7, 1))
    sc.assert_allowed(loc, plan_partner_id="L1", partner_id="L1", unsuppressed="0201")
    with pytest.raises(sc.ScopeError):
        sc.assert_allowed(loc, plan_partner_id="R02")         # another partner's plan
    with pytest.raises(sc.ScopeError):
        sc.assert_allowed(loc, partner_id="R02")
    with pytest.raises(sc.ScopeError):
        sc.assert_allowed(loc, unsuppressed="0203")            # unsuppressed counts elsewhere
    with pytest.raises(sc.ScopeError):
        sc.assert_allowed(sc.scope_for(con, INST), export_unsuppressed=True)
    with pytest.raises(sc.ScopeError):
        sc.assert_allowed(None, unsuppressed="0201")
    sc.assert_allowed(sc.scope_for(con, INST), plan_partner_id="R02", partner_id="L1", unsuppressed="PL")


def test_suppress_frame_follows_the_scope(con):
    df = pd.DataFrame({"teryt": ["0201", "0203", "0202", "0401"],
                       "volunteers_registered": [3, 4, 12, 2],
                       "volunteers_per_10k": [0.3, 0.4, 1.2, 0.2]}, index=[10, 11, 12, 13])
    loc = sc.scope_for(con, L1, D(2024, 7, 1))
    out = sc.suppress_frame(df, "powiat", loc)
    assert list(out.index) == [10, 11, 12, 13] and list(out["teryt"]) == list(df["teryt"])
    assert out.loc[10, "volunteers_registered"] == 3 and out.loc[10, "volunteers_per_10k"] == 0.3
    assert math.isnan(out.loc[11, "volunteers_registered"]) and math.isnan(out.loc[11, "volunteers_per_10k"])
    assert out.loc[12, "volunteers_registered"] == 12
    assert math.isnan(out.loc[13, "volunteers_registered"])
    assert out["volunteers_registered__suppressed"].tolist() == [False, True, False, True]
    inst = sc.suppress_frame(df, "powiat", sc.scope_for(con, INST))
    assert inst["volunteers_registered"].tolist() == [3, 4, 12, 2]
    for s in (sc.scope_for(con, EVAL), None, sc.scope_for(con, INST)):
        export = sc.suppress_frame(df, "powiat", s, export=True) if s is not None and s.is_institution \
            else sc.suppress_frame(df, "powiat", s)
        assert export["volunteers_registered__suppressed"].tolist() == [True, True, False, True]
    assert sc.suppress_frame(df, "powiat", loc, export=True)["volunteers_registered"].isna().tolist() == \
        [True, True, False, True]
    assert df["volunteers_registered"].tolist() == [3, 4, 12, 2]   # input untouched


def test_suppression_role(con):
    loc = sc.scope_for(con, L1, D(2024, 7, 1))
    assert sc.suppression_role(loc, "0201") == "institution"
    assert sc.suppression_role(loc, "0203") == "partner"
    assert sc.suppression_role(None, "0201") == "public"
    assert sc.suppression_role(sc.scope_for(con, INST), "0201", export=True) == "public"
    assert sc.allowed_units(sc.scope_for(con, INST)) is None
    assert sc.allowed_units(loc) == {"0201", "0202"} and sc.allowed_units(None) == frozenset()


def test_own_area_is_where_the_partner_works(con):
    """One "active at D" rule (analytics/metrics/rules.py): a partner's own area is exactly its area
    on the Compare page (areas.partner_list), on the fixture's boundary dates."""
    from analytics.metrics import areas
    pids = [r[0] for r in con.execute("SELECT partner_id FROM partners").fetchall()]
    for day in (D(2024, 1, 15), D(2024, 3, 1), D(2024, 5, 31), D(2024, 6, 1), D(2024, 7, 1), D(2027, 1, 1)):
        listed = {r.partner_id: set(r.powiats) for r in areas.partner_list(con, day).itertuples()}
        for pid in pids:
            assert sc.scope_for(con, User("x", "partner", pid), day).powiats == listed.get(pid, set()), \
                (pid, day)
        if day == D(2024, 7, 1):
            assert listed["L1"] == {"0201", "0202"} and listed["R02"] == set(POWIATS_02)
