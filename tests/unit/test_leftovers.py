"""What writers leave behind (issue 16): the database lock (analytics/data/fileutil.py), stale
leftovers removed safely, write failures named, and the report bundle's temp folders."""
from __future__ import annotations

import errno
import os
import socket
import tempfile
import threading
import time
from pathlib import Path

import duckdb
import pytest

from analytics.data import fileutil

HOUR = 3600


def age(path: Path, seconds: float) -> Path:
    t = time.time() - seconds
    os.utime(path, (t, t), follow_symlinks=False)
    return path


def folder(path: Path, *, old: bool = False) -> Path:
    path.mkdir()
    return age(path, 2 * HOUR) if old else path


def test_lock_names_its_holder_and_leaves_nothing(tmp_path):
    db_path = tmp_path / "ks.duckdb"
    lock_file = tmp_path / ".ks.duckdb.lock"
    with fileutil.database_lock(db_path, wait=0) as me:
        assert me["pid"] == os.getpid() and me["host"] == socket.gethostname() and me["waited_for"] is None
        assert oct(lock_file.stat().st_mode & 0o777) == "0o600"
        started = time.monotonic()
        with pytest.raises(fileutil.LockBusy) as busy:
            with fileutil.database_lock(db_path, wait=0.3):
                pass
        assert time.monotonic() - started >= 0.3
        assert str(busy.value) == (f"{db_path} is locked by another import (pid {os.getpid()} on host "
                                   f"{socket.gethostname()}, since {me['since']}); waited 0 s. Nothing was "
                                   "changed: try again when it has finished")
    assert not lock_file.exists()


def test_a_waiter_gets_the_lock_when_it_is_released_and_knows_whom_it_waited_for(tmp_path):
    db_path = tmp_path / "ks.duckdb"
    got = {}
    first = fileutil.database_lock(db_path, wait=0)
    holder = first.__enter__()

    def second():
        with fileutil.database_lock(db_path, wait=10) as me:
            got.update(me)

    t = threading.Thread(target=second)
    t.start()
    time.sleep(0.4)
    assert not got                                   # still waiting
    first.__exit__(None, None, None)
    t.join(10)
    assert got["waited"] >= 0.3 and got["waited_for"]["since"] == holder["since"]


def test_remove_stale_takes_only_old_matching_entries_and_never_follows_links(tmp_path):
    keep_me = tmp_path / "keep"
    keep_me.mkdir()
    (keep_me / "precious").write_text("x")
    old_dir = folder(tmp_path / "ks-report-old")
    (old_dir / "r.zip").write_bytes(b"zip")
    age(old_dir, 2 * HOUR)
    fresh = folder(tmp_path / "ks-report-fresh")
    current = folder(tmp_path / "ks-report-current", old=True)
    link = tmp_path / "ks-report-link"
    link.symlink_to(keep_me)
    age(link, 2 * HOUR)
    other = folder(tmp_path / "other-old", old=True)
    removed = fileutil.remove_stale(tmp_path, "ks-report-*", older_than=HOUR, keep=(current,))
    assert removed == [old_dir]
    assert not old_dir.exists() and fresh.exists() and current.exists() and link.is_symlink() and other.exists()
    assert (keep_me / "precious").read_text() == "x"


@pytest.mark.parametrize("error,reason", [
    (OSError(errno.ENOSPC, "No space left on device"), "no space left on the device"),
    (OSError(errno.EROFS, "Read-only file system"), "the file system is read-only"),
    (OSError(errno.EACCES, "Permission denied"), "permission denied"),
    (duckdb.IOException('IO Error: Could not write file "a.duckdb": No space left on device'),
     "no space left on the device"),
    (duckdb.IOException('IO Error: Cannot open file "/ro/a.duckdb": Read-only file system'),
     "the file system is read-only"),
    (OSError(errno.EIO, "Input/output error"), "input/output error"),
])
def test_write_failures_are_named(error, reason):
    assert fileutil.write_failure(error) == reason


def test_report_bundle_removes_the_export_pages_old_temp_folders(tmp_path, monkeypatch):
    """The Export page builds each bundle in a new ks-report-* folder of the system temp folder and
    offers it for download; build_report removes those over an hour old (and .zip.part files of
    killed builds), never the folder it writes into or a fresh one."""
    from analytics.present import report
    from tests.unit.test_exports import AS_OF, fill_fixture

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    old = folder(tmp_path / "ks-report-abandoned")
    (old / "ks_atlas_raport.zip").write_bytes(b"old bundle")
    age(old, 2 * HOUR)
    fresh = folder(tmp_path / "ks-report-someone-downloading")
    out = Path(tempfile.mkdtemp(prefix="ks-report-")) / "raport.zip"
    killed = out.parent / ".ks-report-x.zip.part"
    killed.write_bytes(b"")
    age(killed, 2 * HOUR)
    age(out.parent, 2 * HOUR)                          # even an old folder is kept while written into
    con = duckdb.connect()
    fill_fixture(con)
    result = report.build_report(con, out, level="voivodeship", codes=["coalitions"], as_of=AS_OF, png=False,
                                 svg=False)
    con.close()
    assert result.path == out and out.is_file()
    assert not old.exists() and not killed.exists()
    assert fresh.is_dir() and out.parent.is_dir()
