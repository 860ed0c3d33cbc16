"""Small file-system helpers shared by the users file, the audit log, imports and database versions."""
from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fnmatch
import json
import os
import shutil
import socket
import stat
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Linux
    fcntl = None


@contextlib.contextmanager
def locked(path: Path):
    """An exclusive advisory lock on `path` (created 0600) for read-modify-write cycles."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


# ---------------------------------------------------------------- a database's exclusive lock

class LockBusy(Exception):
    """Another process held the lock for longer than we were willing to wait."""

    def __init__(self, what: str, holder: dict, waited: float):
        self.what, self.holder, self.waited = what, holder, waited
        super().__init__(f"{what} is locked by another import ({describe_holder(holder)}); waited "
                         f"{waited:.0f} s. Nothing was changed: try again when it has finished")


def describe_holder(holder: dict) -> str:
    if not holder.get("pid"):
        return "holder unknown"
    return f"pid {holder['pid']} on host {holder.get('host', '?')}, since {holder.get('since', '?')}"


def _read_holder(fd: int) -> dict:
    try:
        doc = json.loads(os.pread(fd, 4096, 0).decode("utf-8") or "{}")
        return doc if isinstance(doc, dict) else {}
    except (OSError, ValueError):
        return {}


@contextlib.contextmanager
def exclusive(path: Path, *, wait: float, what: str | None = None, poll: float = 0.05):
    """Hold an exclusive lock file `path` (0600) while the block runs; wait at most `wait` seconds.

    The holder writes its pid, host and start time into the file, so a process that gives up can
    say who holds it (LockBusy); the block gets that record, plus `waited` (seconds) and
    `waited_for` (the holder it waited for, or None). The file is removed on release so that a
    finished import leaves nothing behind; that is safe because a waiter re-checks after locking
    that the file it locked is still the one at `path` (otherwise it locked an unlinked file and
    tries again). The kernel drops the lock of a killed process, so a stale lock never blocks."""
    what = what or str(path)
    began = time.monotonic()
    deadline = began + max(wait, 0.0)
    waited_for: dict | None = None
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    while True:
        fd = os.open(path, flags, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            waited_for = holder or waited_for or {}
            os.close(fd)
            if time.monotonic() >= deadline:
                raise LockBusy(what, holder, wait) from None
            time.sleep(poll)
            continue
        except BaseException:
            os.close(fd)
            raise
        try:
            same = os.fstat(fd).st_ino == os.stat(path, follow_symlinks=False).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # we locked a file its holder had just removed: take the new one
    try:
        holder = {"pid": os.getpid(), "host": socket.gethostname(),
                  "since": dt.datetime.now().astimezone().replace(microsecond=0).isoformat(sep=" ")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(holder).encode("utf-8"), 0)
        # What the caller may want to report: whom it waited for, and how long.
        yield dict(holder, waited=time.monotonic() - began if waited_for is not None else 0.0,
                   waited_for=waited_for)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def database_lock(db_path: Path, *, wait: float):
    """The lock every writer of a database holds: imports, Data-page staging, publish, rollback."""
    db_path = Path(db_path)
    return exclusive(db_path.with_name(f".{db_path.name}.lock"), wait=wait, what=str(db_path))


# ---------------------------------------------------------------- leftovers

def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this host (a pid we may not signal is alive)."""
    if pid <= 0:
        return False
    if os.name == "nt":  # signal 0 is CTRL_C_EVENT there: never send it; assume alive (age decides)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_entry(path: Path) -> bool:
    """Remove a file or a folder (recursively), never following a symlink. True when removed."""
    try:
        st = os.lstat(path)
        if stat.S_ISDIR(st.st_mode):
            shutil.rmtree(path)
        else:
            os.unlink(path)
        return True
    except FileNotFoundError:
        return False
    except OSError:
        return False


def remove_stale(folder: Path, pattern: str, *, older_than: float, keep=()) -> list[Path]:
    """Remove entries of `folder` whose names match `pattern` and that were last modified more than
    `older_than` seconds ago. Only entries owned by this user, never through a symlink, never one
    in `keep`. Returns what was removed. For leftovers whose owner cannot be asked (an abandoned
    report folder, a download nobody fetched): their age is the only safe sign."""
    removed: list[Path] = []
    keep = {os.path.abspath(k) for k in keep}
    cutoff = time.time() - older_than
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        if not fnmatch.fnmatchcase(name, pattern):
            continue
        p = Path(folder) / name
        if os.path.abspath(p) in keep:
            continue
        try:
            st = os.lstat(p)
        except OSError:
            continue
        if stat.S_ISLNK(st.st_mode) or st.st_mtime >= cutoff or (uid is not None and st.st_uid != uid):
            continue
        if remove_entry(p):
            removed.append(p)
    return removed


# ---------------------------------------------------------------- write failures

_WRITE_REASONS = (
    (errno.ENOSPC, "No space left on device", "no space left on the device"),
    (getattr(errno, "EDQUOT", -1), "Disk quota exceeded", "the disk quota is exceeded"),
    (errno.EROFS, "Read-only file system", "the file system is read-only"),
    (errno.EACCES, "Permission denied", "permission denied"),
    (errno.EPERM, "Operation not permitted", "permission denied"),
)


def write_failure(e: BaseException) -> str:
    """A short reason for a failed write (disk full, read-only, no permission), for one clear line.
    DuckDB reports these as text in its IOException, Python as OSError.errno."""
    code = getattr(e, "errno", None)
    text = str(e)
    for num, phrase, reason in _WRITE_REASONS:
        if code == num or phrase.lower() in text.lower():
            return reason
    if isinstance(e, OSError) and e.strerror:
        return e.strerror.lower()
    first = text.strip().splitlines()[0] if text.strip() else type(e).__name__
    return first[:200]
