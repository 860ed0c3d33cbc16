"""The Dane / Data page's publish step through the real app: a validated upload (staged as the page
stages it) is published with the button, the database is swapped, and a busy database is an error
message on the page, not a traceback."""
from __future__ import annotations

import shutil

import duckdb

from analytics.access import auth
from analytics.admin import versions
from tests.apptest_support import assert_clean
from tests.databases import no_sow_tables
from tests.fixtures_import import write_folder

DATA = "app_pages/data.py"


def _setup(tmp_path, demo_db, monkeypatch):
    db = tmp_path / "ks.duckdb"
    shutil.copy(demo_db, db)
    db.chmod(0o600)
    monkeypatch.setenv("KS_AUDIT_LOG", str(tmp_path / "audit.log"))
    monkeypatch.setenv("KS_CONFIG", str(tmp_path / "ks.toml"))
    (tmp_path / "ks.toml").write_text(f'[auth]\nmode = "demo"\n[data]\nversions_dir = "{tmp_path / "versions"}"\n')
    src = write_folder(tmp_path / "upload", no_sow_tables())
    user = auth.demo_user("institution")
    return db, versions.stage(src, db, user, source_label="upload")


def partners_in(db) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM partners").fetchone()[0]
    finally:
        con.close()


def test_publish_swaps_the_database(app, demo_db, tmp_path, monkeypatch):
    db, staged = _setup(tmp_path, demo_db, monkeypatch)
    assert staged.ok and partners_in(db) > 5
    at = app(db, DATA, role="institution", state={"staged": staged, "data_tab": "Nowy import"})
    assert_clean(at)
    publish = [b for b in at.button if b.key == "data_publish"]
    assert publish, [b.key for b in at.button]
    publish[0].click().run()
    assert not at.exception
    assert partners_in(db) == len(no_sow_tables()["partners"])   # the small upload is now live
    assert versions.list_versions(db)


def test_a_busy_database_is_a_message(app, demo_db, tmp_path, monkeypatch):
    db, staged = _setup(tmp_path, demo_db, monkeypatch)
    monkeypatch.setattr(versions, "DEFAULT_LOCK_WAIT", 0)

    def busy(*a, **k):
        raise versions.VersionError("the database is locked by pid 1 / baza zablokowana przez pid 1")
    monkeypatch.setattr(versions, "publish_staged", busy)
    at = app(db, DATA, role="institution", state={"staged": staged, "data_tab": "Nowy import"})
    [b for b in at.button if b.key == "data_publish"][0].click().run()
    assert not at.exception
    assert any("zablokowana" in e.value for e in at.error)
