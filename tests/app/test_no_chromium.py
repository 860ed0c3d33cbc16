"""A server without Chromium (issue 16): the app still runs, and every image download says what is
missing instead of failing on click; the report bundle is built without its images; the CLI's
report stops with one line. Also: exception details reach the browser only in demo mode.

Chromium is taken away with KS_CHROMIUM pointing at a file that does not exist (the renderer's
one decision point, exports.browser_path, then finds none).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from analytics.access import auth
from analytics.data import demo
from analytics.data.importer import import_source
from analytics.present import exports
from analytics.present.i18n import t
from tests.apptest_support import open_chart_tables

ROOT = Path(__file__).resolve().parents[2]
NO_CHROMIUM = "/nonexistent/chromium"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    demo.generate(folder, scale=0.05, seed=7)
    path = folder / "ks.duckdb"
    assert import_source(folder, path).ok
    return path


@pytest.fixture
def no_chromium(monkeypatch):
    monkeypatch.setenv("KS_CHROMIUM", NO_CHROMIUM)


def run(monkeypatch, db: Path, page: str | None = None, lang: str = "pl") -> AppTest:
    monkeypatch.setenv("KS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return open_chart_tables(at)  # the downloads are in the charts' tables


def test_decision_point_and_renderer_without_chromium(no_chromium):
    assert exports.browser_path() is None
    assert exports.images_unavailable("en") == t("export.no_chromium", "en")
    r = exports.Renderer(tabs=1)
    with pytest.raises(exports.ImagesUnavailable, match="apt-get install chromium"):
        r.start()
    assert not r.running  # nothing half-started is left behind


def test_decision_point_finds_debian_chromium(monkeypatch):
    monkeypatch.delenv("KS_CHROMIUM", raising=False)
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    assert exports.browser_path() == "/usr/bin/chromium"  # `make test` installs it
    assert exports.images_unavailable("pl") is None


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_image_downloads_say_what_is_missing(monkeypatch, demo_db, no_chromium, lang):
    at = run(monkeypatch, demo_db, lang=lang)
    message = t("export.no_chromium", lang)
    buttons = {b.proto.label: b.proto for b in at.get("download_button") if b.proto.id.endswith("overview_map_png")
               or b.proto.id.endswith("overview_map_svg") or b.proto.id.endswith("overview_map_pdf")}
    assert set(buttons) == {"PNG", "SVG", "PDF"}
    assert all(b.disabled and b.help == message for b in buttons.values())
    assert message in [c.value for c in at.caption]
    tables = [b.proto for b in at.get("download_button") if b.proto.label in ("CSV", "XLSX")]
    assert tables and not any(b.disabled for b in tables)  # tables need no browser


def test_image_downloads_enabled_with_chromium(monkeypatch, demo_db):
    monkeypatch.delenv("KS_CHROMIUM", raising=False)
    at = run(monkeypatch, demo_db)
    png = [b.proto for b in at.get("download_button") if b.proto.label == "PNG"]
    assert png and not any(b.disabled for b in png)
    assert t("export.no_chromium", "pl") not in [c.value for c in at.caption]


def test_report_page_builds_the_bundle_without_images(monkeypatch, demo_db, no_chromium):
    at = run(monkeypatch, demo_db, "app_pages/export.py", lang="en")
    assert t("export.no_chromium", "en") in [w.value for w in at.warning]
    at.multiselect(key="export_codes").set_value(["volunteers_registered"])
    at.button[0].click().run(timeout=180)
    assert not at.exception, [e.value for e in at.exception]
    path = Path(at.session_state["export_zip"])
    try:
        names = zipfile.ZipFile(path).namelist()
        assert not [n for n in names if n.endswith((".png", ".svg"))]
        assert any(n.endswith(".html") for n in names) and any(n.endswith(".xlsx") for n in names)
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)


def test_cli_report_without_chromium_is_one_line(demo_db, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "KS_CHROMIUM": NO_CHROMIUM, "HOME": str(tmp_path)}
    out = tmp_path / "r.zip"
    p = subprocess.run([sys.executable, "-m", "analytics", "report", "--db", str(demo_db), "--out", str(out),
                        "--quiet"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode == 1
    assert "Traceback" not in p.stderr
    assert p.stderr.strip() == "error: " + t("export.no_chromium", "en")
    assert not out.exists()


def test_error_details_only_in_demo_mode(monkeypatch, demo_db, tmp_path):
    run(monkeypatch, demo_db)
    assert st_config.get_option("client.showErrorDetails") == "full"
    monkeypatch.setenv("KS_AUTH_MODE", "local")
    monkeypatch.setenv("KS_USERS_FILE", str(tmp_path / "users.json"))
    monkeypatch.setenv("KS_AUDIT_LOG", str(tmp_path / "audit.log"))
    auth.add_user("anna", "Kx9-vTq2-mPz8-wLr4", "institution", config=auth.load_config())
    at = run(monkeypatch, demo_db)
    assert len(at.text_input) == 2  # the sign-in form: past the start-up check
    assert st_config.get_option("client.showErrorDetails") == "none"
