"""Scopes: a partner's own area, which plans and partners a viewer may open, and who gets protected
numbers (everyone but the institution - a partner in its own area too, contract v1.1 section 4)."""
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
    assert s.powiats == frozenset() and sc.is_protected(s)
    assert sc.allowed_partner(s, "L1") == "NOPE"


def test_everyone_but_the_institution_is_protected(con):
    inst, ev, pub = sc.scope_for(con, INST), sc.scope_for(con, EVAL), sc.scope_for(con, None)
    loc = sc.scope_for(con, L1, D(2024, 7, 1))
    reg = sc.scope_for(con, R02, D(2024, 7, 1))
    assert not sc.is_protected(inst)
    for viewer in (ev, pub, loc, reg, None, "public", "partner", "evaluator", "anything"):
        assert sc.is_protected(viewer), viewer
    assert sc.role_of(loc) == "partner" and sc.role_of(None) == "public" and sc.role_of(pub) == "public"


def test_a_partner_sees_its_own_area_protected(con):
    """L1 works in 0201 and 0202 on 2024-07-01; 0201 has one volunteer (fixtures_import.valid)."""
    loc = sc.scope_for(con, L1, D(2024, 7, 1))
    assert loc.owns("0201")
    own = sc.indicator_table(con, "powiat", loc, D(2024, 7, 1), secret="t").set_index("teryt").loc["0201"]
    assert math.isnan(own["volunteers_registered"]) and own["volunteers_registered__suppressed"]
    exact = sc.indicator_table(con, "powiat", sc.scope_for(con, INST), D(2024, 7, 1)).set_index("teryt")
    assert exact.loc["0201", "volunteers_registered"] == 1 and not exact.loc["0201", "volunteers_registered__suppressed"]
    # the CLI's --suppress table is protected whoever runs it
    csv = sc.indicator_csv_frame(con, "powiat", D(2024, 7, 1), suppress=True, secret="t").set_index("teryt")
    assert pd.isna(csv.loc["0201", "volunteers_registered"])


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
