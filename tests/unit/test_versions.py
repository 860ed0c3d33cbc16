"""Publishing imports, keeping versions, rolling back."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analytics.access import audit
from analytics.data import db
from analytics.admin import versions
from analytics.access.auth import User
from analytics.data.importer import import_source
from fixtures_import import valid, write_folder

ADMIN = User("anna", "institution")
T0 = dt.datetime(2026, 5, 1, 10, 0, tzinfo=dt.timezone.utc)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    base = tmp_path_factory.mktemp("sources")
    good = write_folder(base / "good")
    t = valid()
    t["volunteers"].append({"volunteer_id": "V3", "powiat": "0201", "registered_on": "2024-03-01",
                            "birth_year": "", "sex": "", "ks_member_since": "", "recruited_by": ""})
    more = write_folder(base / "more", t)
    t = valid()
    t["partners"][0]["tier"] = "national"            # an invalid enum value
    bad = write_folder(base / "bad", t)
    return {"good": good, "more": more, "bad": bad}


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("KS_AUDIT_LOG", str(tmp_path / "audit.log"))
    monkeypatch.setenv("KS_CONFIG", str(tmp_path / "none.toml"))
    (tmp_path / "none.toml").write_text("")
    return tmp_path


def rows_of(path: Path, table: str) -> int:
    con = db.connect_readonly(path)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    finally:
        con.close()


def test_publish_keeps_previous_and_rollback_restores_exact_bytes(env, sources):
    dbp = env / "data" / "ks.duckdb"
    # a database built outside the Data page (make run / CLI)
    assert import_source(sources["good"], dbp).ok
    original = sha(dbp)
    r = versions.publish(sources["more"], dbp, ADMIN, source_label="more.zip", now=at(1))
    assert r.ok and r.result.ok and rows_of(dbp, "volunteers") == 3
    published = sha(dbp)
    vs = versions.list_versions(dbp)
    assert [v.kind for v in vs] == ["import", "snapshot"]
    assert vs[0].current and not vs[1].current
    assert vs[1].sha256 == original and sha(vs[1].path) == original   # the previous DB is kept
    assert vs[0].user == "anna" and vs[0].role == "institution" and vs[0].source == "more.zip"
    assert vs[0].rows["volunteers"] == 3 and "volunteers" in vs[0].summary and vs[0].data_as_of
    assert str(dbp) in vs[0].summary                                   # not the staging path
    side = json.loads(vs[0].sidecar.read_text())
    assert side["sha256"] == published and side["created_at"] == at(1).isoformat()
    assert stat.S_IMODE(vs[0].sidecar.stat().st_mode) == 0o600
    assert stat.S_IMODE((env / "data" / "versions").stat().st_mode) == 0o700
    assert not list(dbp.parent.glob(".ks.duckdb.*"))                   # no staging left behind

    back = versions.rollback(vs[1].id, dbp, ADMIN, now=at(2))
    assert sha(dbp) == original and back.id == vs[1].id                # exact bytes restored
    assert rows_of(dbp, "volunteers") == 2
    vs2 = versions.list_versions(dbp)
    assert {v.id for v in vs2} == {v.id for v in vs}                   # the replaced one was kept
    assert [v.current for v in vs2] == [False, True]
    versions.rollback(vs[0].id, dbp, ADMIN, now=at(3))                 # and forward again
    assert sha(dbp) == published

    events = [e["event"] for e in audit.read(20)]
    assert events == ["rollback", "rollback", "import_published", "import_validated"]
    hist = versions.import_history()
    assert hist[-1]["details"]["source"] == "more.zip"


def test_malformed_upload_publishes_nothing(env, sources):
    dbp = env / "ks.duckdb"
    assert versions.publish(sources["good"], dbp, ADMIN, now=at(1)).ok
    before = sha(dbp)
    listing = sorted(p.name for p in (env / "versions").iterdir())
    r = versions.publish(sources["bad"], dbp, ADMIN, source_label="bad.zip", now=at(2))
    assert not r.ok and not r.result.ok and r.version is None
    assert r.result.error_count >= 1 and "national" in r.result.report.format("error")
    assert sha(dbp) == before                                          # byte-identical
    assert sorted(p.name for p in (env / "versions").iterdir()) == listing
    assert not list(env.glob(".ks.duckdb.*"))
    failed = audit.read(1)[0]
    assert failed["event"] == "import_failed" and failed["details"]["errors"] >= 1
    assert "national" not in json.dumps(failed)                        # counts, never values
    # a folder that does not exist, or an empty one, is just as harmless
    assert not versions.publish(env / "nowhere", dbp, ADMIN).ok
    (env / "empty").mkdir()
    assert not versions.publish(env / "empty", dbp, ADMIN).ok
    assert sha(dbp) == before


def test_stage_then_publish_or_discard(env, sources):
    dbp = env / "ks.duckdb"
    staged = versions.stage(sources["good"], dbp, ADMIN, source_label="good.zip")
    assert staged.ok and staged.staging_path.is_file() and not dbp.exists()
    versions.discard(staged)
    assert not dbp.exists() and not list(env.glob(".ks.duckdb.*"))
    with pytest.raises(versions.VersionError):
        versions.publish_staged(staged, ADMIN)
    staged = versions.stage(sources["good"], dbp, ADMIN)
    staged.staging_path.write_bytes(b"tampered")                       # changed after validation
    with pytest.raises(versions.VersionError):
        versions.publish_staged(staged, ADMIN)
    assert not dbp.exists()
    staged = versions.stage(sources["good"], dbp, ADMIN)
    v = versions.publish_staged(staged, ADMIN, now=at(5))
    assert v.current and sha(dbp) == v.sha256 and versions.list_versions(dbp)[0].id == v.id


def test_pruning_keeps_n_and_never_the_current(env, sources):
    dbp = env / "ks.duckdb"
    ids = []
    for i in range(4):
        r = versions.publish(sources["good" if i % 2 == 0 else "more"], dbp, ADMIN, keep=3, now=at(i))
        ids.append(r.version.id)
    vs = versions.list_versions(dbp)
    assert [v.id for v in vs] == ids[::-1][:3]                          # the newest 3
    assert len(list((env / "versions").glob("ks-*.duckdb"))) == 3
    assert len(list((env / "versions").glob("ks-*.json"))) == 3
    # roll back to the oldest kept one, then publish with keep=2: the current one survives pruning
    oldest = vs[-1]
    versions.rollback(oldest.id, dbp, ADMIN, keep=3, now=at(10))
    r = versions.publish(sources["good"], dbp, ADMIN, keep=2, now=at(11))
    kept = versions.list_versions(dbp)
    assert len(kept) == 2 and kept[0].id == r.version.id and kept[0].current
    assert oldest.id in {v.id for v in kept}                           # it was current before publish
    assert versions.list_versions(dbp)[0].current


def test_rollback_refuses_unknown_or_damaged_versions(env, sources):
    dbp = env / "ks.duckdb"
    first = versions.publish(sources["good"], dbp, ADMIN, now=at(1)).version
    versions.publish(sources["more"], dbp, ADMIN, now=at(2))
    before = sha(dbp)
    for bad_id in ("nope", "../../etc/passwd", "20260501T100000Z-zzzzzz", "20990101T000000Z-abcdef"):
        with pytest.raises(versions.VersionError):
            versions.rollback(bad_id, dbp, ADMIN)
    with open(first.path, "r+b") as f:                                 # corrupt a kept version
        f.seek(100)
        f.write(b"\x00garbage\x00")
    with pytest.raises(versions.VersionError):
        versions.rollback(first.id, dbp, ADMIN)
    assert sha(dbp) == before


def test_only_the_institution_may_publish_or_roll_back(env, sources):
    dbp = env / "ks.duckdb"
    v = versions.publish(sources["good"], dbp, ADMIN, now=at(1)).version
    before = sha(dbp)
    for user in (User("lok", "partner", "L1"), User("ewa", "evaluator")):
        with pytest.raises(PermissionError):
            versions.publish(sources["more"], dbp, user)
        with pytest.raises(PermissionError):
            versions.rollback(v.id, dbp, user)
    assert sha(dbp) == before
    assert [e["event"] for e in audit.read(4)] == ["access_denied"] * 4
    # a CLI operator name (str) is trusted
    assert versions.publish(sources["more"], dbp, "cron", now=at(2)).ok


def test_settings_from_config(env, monkeypatch):
    cfg = env / "ks.toml"
    cfg.write_text(f'[data]\nkeep_versions = 7\nversions_dir = "{env / "vv"}"\n')
    monkeypatch.setenv("KS_CONFIG", str(cfg))
    assert versions.settings() == {"keep": 7, "versions_dir": env / "vv"}
    assert versions.versions_dir_for(env / "ks.duckdb") == env / "vv"


# ---------------------------------------------------------------- private files, leftovers, the lock (issue 16)

HOLD = """import sys, time
from pathlib import Path
from analytics.data import fileutil
with fileutil.database_lock(Path(sys.argv[1]), wait=0):
    print("locked", flush=True)
    time.sleep(60)
"""


@pytest.fixture
def holder():
    """Another process holding a database's lock, as a CLI import does while it runs."""
    procs = []

    def hold(db_path: Path) -> subprocess.Popen:
        p = subprocess.Popen([sys.executable, "-c", HOLD, str(db_path)], stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).resolve().parents[2])
        procs.append(p)
        assert p.stdout.readline().strip() == "locked"
        return p

    yield hold
    for p in procs:
        p.kill()
        p.wait()


def dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_databases_versions_and_staging_files_are_private(env, sources):
    dbp = env / "ks.duckdb"
    old_umask = os.umask(0o022)
    try:
        assert import_source(sources["good"], dbp).ok
        os.chmod(dbp, 0o644)                               # built before files were private
        staged = versions.stage(sources["more"], dbp, ADMIN)
        assert mode(staged.staging_path) == 0o600
        versions.publish_staged(staged, ADMIN, now=at(1))
        snapshot, published = versions.list_versions(dbp)[::-1]
        versions.rollback(snapshot.id, dbp, ADMIN, now=at(2))
    finally:
        os.umask(old_umask)
    assert mode(dbp) == 0o600 and mode(published.path) == 0o600 and mode(snapshot.path) == 0o600
    assert [mode(p) for p in (env / "versions").iterdir() if p.name != ".lock"] == [0o600] * 4


def test_abandoned_staging_files_are_removed_only_when_their_owner_is_gone_or_a_day_old(env, sources):
    dbp = env / "ks.duckdb"
    assert versions.publish(sources["good"], dbp, ADMIN, now=at(1)).ok
    host, me = socket.gethostname(), os.getpid()
    day_old = time.time() - 25 * 3600

    def leftover(name: str, *, old: bool = False, folder: bool = False) -> Path:
        p = env / name
        if folder:
            p.mkdir()
        else:
            p.write_bytes(b"x")
        if old:
            os.utime(p, (day_old, day_old))
        return p

    gone = leftover(f".ks.duckdb.staging-{host}-{dead_pid()}-0a0a0a")        # its app process has exited
    alive = leftover(f".ks.duckdb.staging-{host}-{me}-0b0b0b")               # a session may still publish it
    stale = leftover(f".ks.duckdb.staging-{host}-{me}-0c0c0c", old=True)     # ... but not after a day
    elsewhere = leftover(".ks.duckdb.staging-otherhost-1-0d0d0d")            # another host's: by age only
    legacy = leftover(".ks.duckdb.staging-0e0e0e0e0e0e")                     # before pids were in the name
    rollback = leftover(".ks.duckdb.rollback-0f0f0f0f0f0f")                  # a killed rollback's copy
    build = leftover(f"..ks.duckdb.staging-{host}-{me}-1a1a1a.building-{dead_pid()}", folder=True)
    other_db = leftover(f".other.duckdb.staging-{host}-{dead_pid()}-2b2b2b")
    staged = versions.stage(sources["more"], dbp, ADMIN)
    assert staged.ok
    assert not gone.exists() and not stale.exists() and not rollback.exists() and not build.exists()
    assert alive.exists() and elsewhere.exists() and legacy.exists() and other_db.exists()
    versions.discard(staged)


def test_stage_publish_and_rollback_wait_for_the_database_lock(env, sources, holder):
    dbp = env / "ks.duckdb"
    first = versions.publish(sources["good"], dbp, ADMIN, now=at(1)).version
    staged = versions.stage(sources["more"], dbp, ADMIN)
    before = sha(dbp)
    other = holder(dbp)                                    # a CLI import is running
    with pytest.raises(versions.VersionError, match=rf"locked by another import \(pid {other.pid} on host "):
        versions.publish_staged(staged, ADMIN, wait=0.3)
    with pytest.raises(versions.VersionError, match=rf"pid {other.pid}"):
        versions.rollback(first.id, dbp, ADMIN, wait=0.3)
    busy = versions.stage(sources["more"], dbp, ADMIN, wait=0.3)
    assert not busy.ok and f"pid {other.pid}" in busy.result.failure
    assert [p.name for p in env.glob(".ks.duckdb.staging-*")] == [staged.staging_path.name]
    assert sha(dbp) == before
    other.kill()
    other.wait()
    assert versions.publish_staged(staged, ADMIN, now=at(2)).current    # the validated file is still good
    assert rows_of(dbp, "volunteers") == 3
