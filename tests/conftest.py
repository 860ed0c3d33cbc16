"""Shared pytest setup. Keep fixtures namespaced; indicator-engine helpers live in
tests/fixtures_indicators.py."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
for p in (str(ROOT), str(TESTS)):
    if p not in sys.path:
        sys.path.insert(0, p)


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def dashboard_url(tmp_path_factory):
    """One dashboard server on a small demo database, shared by the browser test modules."""
    from analytics.data import demo
    from analytics.data.importer import import_source
    from tests.browser_support import dashboard_server
    folder = tmp_path_factory.mktemp("browser-demo")
    demo.generate(folder, scale=0.05, seed=11)
    db = folder / "ks.duckdb"
    assert import_source(folder, db).ok
    with dashboard_server(db) as url:
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
