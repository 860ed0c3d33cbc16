"""Access by role, through the real app (AppTest) and through analytics/ directly.

- unauthenticated (local mode) sees only the login form;
- a partner gets its own partner preselected and cannot open another partner's plan or see
  unsuppressed counts outside its area, also when asking through URL parameters;
- an evaluator has no Data page; the institution has it;
- calling analytics/ directly with a partner scope for another area gives suppressed values.
"""
from __future__ import annotations

import json
import math

import duckdb
import pytest

from analytics.access import auth, privacy, scope
from analytics.metrics import indicators, plans
from tests.apptest_support import assert_clean, metric_value
from tests.databases import DEMO_AS_OF as D

COMPARE, DATA, PLANS, VOLUNTEERS = ("app_pages/compare.py", "app_pages/data.py", "app_pages/plans.py",
                                    "app_pages/volunteers.py")


@pytest.fixture(scope="module")
def facts(demo_db):
    """A local partner with a plan and an area at D, another partner's plan, and a powiat outside
    the first partner's area with 1-9 volunteers (a small cell)."""
    con = duckdb.connect(str(demo_db), read_only=True)
    user = None
    for (pid,) in con.execute("""SELECT DISTINCT p.partner_id FROM partners p JOIN plans USING (partner_id)
                                 WHERE p.tier = 'local' ORDER BY 1""").fetchall():
        s = scope.scope_for(con, auth.demo_user("partner", pid), D)
        if s.powiats:
            user, own = auth.demo_user("partner", pid), s
            break
    assert user is not None
    table = plans.plan_table(con, D)
    table = table[table["period_end"].dt.date >= D]  # the Plans page lists running plans by default
    own_plan = table[table["partner_id"] == user.partner_id]["plan_id"].iloc[0]
    other_plan = table[table["partner_id"] != user.partner_id]["plan_id"].iloc[0]
    counts = indicators.compute(con, "powiat", D)
    small = counts[(counts["volunteers_registered"] > 0) & (counts["volunteers_registered"] < 10)
                   & ~counts["teryt"].isin(own.powiats)]
    assert len(small), "the demo has small powiat counts outside the partner's area"
    con.close()
    return {"user": user, "scope": own, "own_plan": own_plan, "other_plan": other_plan,
            "small_powiat": small["teryt"].iloc[0], "small_count": int(small["volunteers_registered"].iloc[0])}


# ---------------------------------------------------------------- sign-in

@pytest.fixture
def local_mode(app, monkeypatch, tmp_path):
    """Local sign-in with one user. Asks for `app` so that this mode is set after its demo default."""
    users = tmp_path / "users.json"
    monkeypatch.setenv("KS_AUTH_MODE", "local")
    monkeypatch.setenv("KS_USERS_FILE", str(users))
    monkeypatch.setenv("KS_AUDIT_LOG", str(tmp_path / "audit.log"))
    auth.add_user("anna", "correct horse battery", "institution", config=auth.load_config())
    return tmp_path


def test_unauthenticated_sees_only_the_login(app, demo_db, local_mode):
    at = app(demo_db, pl="x")
    assert not at.exception
    assert [t.value for t in at.title] == ["KS Atlas"]
    assert len(at.text_input) == 2  # user name and password
    assert not at.get("plotly_chart") and not at.metric and not at.dataframe
    # URL parameters do not get past the login either.
    at2 = app(demo_db, woj="14", unit="1465", plan="PLAN-001")
    assert [t.value for t in at2.title] == ["KS Atlas"]
    assert not at2.get("plotly_chart") and not at2.metric


def test_login_with_a_wrong_then_the_right_password(app, demo_db, local_mode):
    at = app(demo_db)
    at.text_input[0].input("anna")
    at.text_input[1].input("wrong")
    at.button[0].click().run()
    assert any("nieprawidłow" in e.value.lower() or "incorrect" in e.value.lower() for e in at.error), \
        [e.value for e in at.error]
    assert not at.get("plotly_chart")
    at.text_input[1].input("correct horse battery")
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value == "Przegląd"
    entries = [json.loads(line) for line in (local_mode / "audit.log").read_text().splitlines()]
    assert [e["event"] for e in entries[-2:]] == ["login_failed", "login"]
    # the client address is recorded; AppTest has no connection, which the app records as loopback
    assert [e["details"]["client"] for e in entries[-2:]] == ["localhost", "localhost"]


def test_a_locked_out_attacker_address_does_not_lock_the_real_user(app, demo_db, local_mode):
    """Five wrong passwords for "anna" from another address lock that address only: anna signs in
    through the app at once. Five from the app's own address lock her there."""
    store = auth.user_store(auth.load_config(), sleep=lambda d: None)
    for _ in range(5):
        store.attempt("anna", "guess guess guess", client="203.0.113.7")
    assert store.locked_for("anna", "203.0.113.7") > 0
    at = app(demo_db)
    at.text_input[0].input("anna")
    at.text_input[1].input("correct horse battery")
    at.button[0].click().run()
    assert not at.exception and at.title[0].value == "Przegląd"
    assert store.locked_for("anna", "203.0.113.7") > 0  # her sign-in did not lift the attacker's lock
    for _ in range(5):
        store.attempt("anna", "guess guess guess", client="localhost")
    at = app(demo_db)
    at.text_input[0].input("anna")
    at.text_input[1].input("correct horse battery")
    at.button[0].click().run()
    assert not at.get("plotly_chart") and any("Spróbuj ponownie" in e.value for e in at.error)


def test_oidc_mode_refuses_to_start_without_the_auth_secrets(app, monkeypatch, demo_db, tmp_path):
    cfg = tmp_path / "ks.toml"
    cfg.write_text('[auth]\nmode = "oidc"\n[oidc.domains]\n"niw.gov.pl" = { role = "institution" }\n')
    monkeypatch.setenv("KS_CONFIG", str(cfg))
    monkeypatch.setenv("KS_AUDIT_LOG", str(tmp_path / "audit.log"))
    monkeypatch.delenv("KS_AUTH_MODE")  # the mode comes from the config file
    at = app(demo_db)
    assert not at.exception and not at.button and not at.get("plotly_chart")
    assert "secrets.toml" in at.error[0].value and "no [auth] section" in at.error[0].value
    at = app(demo_db, secrets={"auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 40,
        "client_id": "ks", "client_secret": "s",
        "server_metadata_url": "https://login.example.org/.well-known/openid-configuration"}})
    assert not at.exception and not at.error
    assert [b.label for b in at.button] == ["Zaloguj się kontem instytucji"]


# ---------------------------------------------------------------- roles in the app

def test_evaluator_has_no_data_page(app, demo_db):
    at = app(demo_db, role="evaluator")
    assert_clean(at)
    # The page is not registered in the evaluator's navigation, so it cannot be opened.
    with pytest.raises(ValueError, match="Known pages") as refused:
        at.switch_page(DATA)
    assert "data.py" not in str(refused.value).split("Known pages")[1]
    assert "export.py" in str(refused.value)


def test_institution_has_the_data_page_with_upload(app, demo_db):
    # the upload tab, as a click opens it (lazy tabs)
    at = app(demo_db, DATA, role="institution", state={"data_tab": "Nowy import"})
    assert_clean(at)
    assert at.title[0].value == "Dane"
    assert len(at.get("file_uploader")) == 1


def test_partner_gets_its_own_partner_preselected_on_compare(app, demo_db, facts):
    at = app(demo_db, COMPARE, role="partner", partner=facts["user"].partner_id)
    assert_clean(at)
    assert at.multiselect(key="compare_areas").value == [f"partner:{facts['user'].partner_id}"]


def test_partner_cannot_open_another_partners_plan_through_the_url(app, demo_db, facts):
    table_tab = {"plans_tab": "Plany i wskaźniki"}
    at = app(demo_db, PLANS, role="partner", partner=facts["user"].partner_id, state=table_tab,
             plan=facts["other_plan"])
    assert_clean(at)
    choice = at.selectbox(key="plans_selected")
    assert choice.value == facts["own_plan"]
    assert facts["other_plan"] not in choice.options and \
        all(facts["other_plan"] not in o for o in choice.options)
    # The institution following the same link gets that plan.
    at2 = app(demo_db, PLANS, role="institution", state=table_tab, plan=facts["other_plan"])
    assert at2.selectbox(key="plans_selected").value == facts["other_plan"]


def test_partner_sees_small_counts_outside_its_area_suppressed_even_via_url(app, demo_db, facts):
    unit = facts["small_powiat"]
    where = dict(level="powiat", woj=unit[:2], unit=unit)
    at = app(demo_db, VOLUNTEERS, role="partner", partner=facts["user"].partner_id, **where)
    assert_clean(at)
    assert metric_value(at, "Wolontariusze zarejestrowani") == "<10"
    inst = app(demo_db, VOLUNTEERS, role="institution", **where)
    assert metric_value(inst, "Wolontariusze zarejestrowani") == str(facts["small_count"])


# ---------------------------------------------------------------- analytics/ called directly

def test_protection_enforced_in_analytics_for_partners_and_exports(demo_db, facts):
    con = duckdb.connect(str(demo_db), read_only=True)
    table = scope.indicator_table(con, "powiat", facts["scope"], as_of=D).set_index("teryt")
    row = table.loc[facts["small_powiat"]]
    assert row["volunteers_registered__suppressed"]
    assert math.isnan(row["volunteers_registered"])                     # the number is gone
    # the partner's own area is protected too (contract v1.1 section 4): a small count there is hidden
    own_small = [p for p in facts["scope"].powiats
                 if 0 < indicators.compute(con, "powiat", D, units=[p])["volunteers_registered"].iloc[0] < 10]
    for p in own_small:
        assert table.loc[p, "volunteers_registered__suppressed"]
    assert scope.is_protected(facts["scope"])
    assert scope.allowed_partner(facts["scope"], "SOMEONE-ELSE") == facts["user"].partner_id
    assert not scope.can_view_plan(facts["scope"], "SOMEONE-ELSE")
    # Exports are protected whatever the role; the institution sees exact values on screen.
    inst = scope.scope_for(con, auth.demo_user("institution"), D)
    exported = scope.indicator_table(con, "powiat", privacy.EXPORT_ROLE, as_of=D).set_index("teryt")
    assert exported.loc[facts["small_powiat"], "volunteers_registered__suppressed"]
    shown = scope.indicator_table(con, "powiat", inst, as_of=D).set_index("teryt")
    assert shown.loc[facts["small_powiat"], "volunteers_registered"] == facts["small_count"]
    con.close()
    assert privacy.cell_label("powiat") == "<10"