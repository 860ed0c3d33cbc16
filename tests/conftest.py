"""Shared pytest setup: import paths, the session's databases, the dashboard server and Chromium.
Indicator-engine helpers live in tests/fixtures_indicators.py, database builders in tests/databases.py."""
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
for p in (str(ROOT), str(TESTS)):
    if p not in sys.path:
        sys.path.insert(0, p)

# The protection secret (access/cellkey.py) of the test session: its own file, never the
# installation's config/protection.key; servers and subprocesses the tests start inherit it.
# A fixed secret, so that a test run is repeatable; tests that need other keys pass their own.
TEST_SECRET = "5e" * 32
_secret_file = os.path.join(tempfile.mkdtemp(prefix="ks-test-secret-"), "protection.key")
with open(os.open(_secret_file, os.O_WRONLY | os.O_CREAT, 0o600), "w") as _f:
    _f.write(TEST_SECRET + "\n")
os.environ["KS_SECRET_FILE"] = _secret_file

import pytest  # noqa: E402

NO_SKIPS = "skipped, and this suite allows no skipped test (a missing tool or file must fail the test)"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A skip (pytest.skip, importorskip, a skip mark) is reported as a failure."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"{item.nodeid} {NO_SKIPS}: {report.longrepr}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    """A module skipped while it is collected (a module-level importorskip) fails as well."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped:
        report.outcome = "failed"
        report.longrepr = f"{collector.nodeid} {NO_SKIPS}: {report.longrepr}"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The one demo database of the session (tests/databases.py says what it holds). Read only:
    the app and browser tests all open it, and Streamlit's caches stay warm between modules."""
    from tests.databases import demo_database
    return demo_database(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="session")
def no_sow_db(tmp_path_factory) -> Path:
    """A small database without the SOW tables (tests/databases.no_sow_tables)."""
    from tests.databases import import_tables, no_sow_tables
    return import_tables(tmp_path_factory.mktemp("nosow"), no_sow_tables())


@pytest.fixture(scope="session")
def dashboard_url(demo_db):
    """One dashboard server on the session's demo database, shared by the browser test modules."""
    from tests.browser_support import dashboard_server
    with dashboard_server(demo_db) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, shared by the browser test modules."""
    from playwright.sync_api import sync_playwright
    from tests.browser_support import CHROMIUM, CHROMIUM_ARGS
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
