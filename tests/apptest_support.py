"""The app under Streamlit's AppTest, set up the one way the app tests share: dashboard.py on a given
database, in demo sign-in mode with a chosen role, with URL parameters and session state set before
the first run, then switched to the page under test (the entry script always runs first, as in a
browser, so pages get their context, controls and access rules from dashboard.py itself)."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120  # seconds for one run; the first run of a session fills the caches


def open_app(monkeypatch, db: Path, page: str | None = None, *, role: str | None = None,
             partner: str | None = None, state: dict | None = None, secrets: dict | None = None,
             **params) -> AppTest:
    """Run dashboard.py on `db` (and then `page`, e.g. "app_pages/compare.py"). `role` and `partner`
    pick the demo user; `state` is session state, `secrets` st.secrets entries and `params` URL
    parameters, all set before the run."""
    monkeypatch.setenv("KS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    if role:
        at.session_state["demo_role"] = role
    if partner:
        at.session_state["demo_partner"] = partner
    for key, value in (state or {}).items():
        at.session_state[key] = value
    for key, value in params.items():
        at.query_params[key] = value
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def assert_clean(at: AppTest) -> None:
    """No exception and no error box."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.get("error"), [e.value for e in at.get("error")]


def texts(at: AppTest, kind: str) -> list[str]:
    """The values of every element of one kind ("info", "markdown", "subheader", ...)."""
    return [e.value for e in at.get(kind)]


def metric_value(at: AppTest, label: str) -> str:
    for m in at.metric:
        if m.label == label:
            return m.value
    raise AssertionError(f"no metric {label!r}: {[m.label for m in at.metric]}")


def open_chart_tables(at: AppTest) -> AppTest:
    """Open every chart's table, as a click on each would (ui/widgets.chart_table_box fills a
    chart's table and downloads only while its expander is open), and rerun; again while opening
    shows more (at most 3 rounds). Returns `at`."""
    opened: set[str] = set()
    for _ in range(3):
        keys = {e.proto.id.split("-", 2)[2] for e in at.expander if e.proto.id.startswith("$$ID-")
                and e.proto.id.endswith("_table")} - opened
        if not keys:
            break
        for key in keys:
            at.session_state[key] = True
        opened |= keys
        at.run()
    return at
