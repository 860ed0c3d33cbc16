"""Publishing imports safely, keeping the last N databases, and rolling back.

Flow on the Data page:  upload -> uploads.prepare_upload -> stage() (the importer builds a staging
file beside the database; nothing the app reads changes) -> the user reads the report ->
publish_staged() (atomic os.replace) or discard(). publish() does stage + publish_staged at once.
A malformed upload stops at stage(): no staging file is left and the database stays byte-identical.

Versions live in `<db folder>/versions/` (or `[data] versions_dir`), mode 0700:
    ks-<YYYYmmddTHHMMSSZ>-<6 hex>.duckdb   the database as published
    ks-<YYYYmmddTHHMMSSZ>-<6 hex>.json     sidecar: id, created_at, user, role, kind
                                           (import | snapshot), source, rows, warnings, summary,
                                           sha256, size, data_as_of, restored_from
Every published database is recorded as a version at the moment it is published (a hard link to
the staging file, so no copy is made - the importer and this module always replace the database
with os.replace, never write it in place, so the linked inode is never modified; when linking is
impossible the file is copied). A database that was not published here (built by `make run` or
the CLI) is snapshotted (kind "snapshot") before it is replaced. So the current database is always
one of the versions, and rollback() keeps it. rollback() copies the chosen version (after checking
its SHA-256 against the sidecar) to a temporary file beside the database and os.replace()s it.
After publish and rollback versions are pruned so that at most `keep` remain (`[data]
keep_versions`, default 5): the current one and those most recently current (published or
restored; a restore refreshes a version) are kept.

Files: every database, version and staging file is 0600 (versions/ is 0700). stage(), publish and
rollback hold the database's lock (analytics/data/fileutil.py database_lock), the same one a CLI
`import` holds, so no two writers race; a busy lock is waited for at most `wait` seconds. A staging
file is named `.<db>.staging-<host>-<pid>-<hex>`: it is removed as abandoned when the process that
made it is gone (a restarted app has lost the session that could publish it) or after 24 hours.

Who: publish / rollback need an auth.User with role 'institution'; a plain string (a CLI operator
name) or None (system) is accepted as a trusted operator, since the CLI runs with file access.
Every step is audited (analytics/access/audit.py): import_validated, import_failed, import_published,
rollback, access_denied. The import history is read back from the audit log (import_history()),
which outlives pruned versions.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path

from analytics.access import audit
from analytics.config import ConfigError, load_config, resolve_path
from analytics.data import db
from analytics.data import fileutil
from analytics.data.fileutil import locked
from analytics.data.importer import DEFAULT_LOCK_WAIT, ImportResult, import_source

DEFAULT_KEEP = 5
VERSION_RE = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{6}")
STALE_STAGING_SECONDS = 24 * 3600



class VersionError(Exception):
    """A version is missing or damaged, or a staged import is no longer valid."""


@dataclass
class Version:
    id: str
    path: Path
    created_at: str
    user: str | None
    role: str | None
    kind: str
    source: str | None
    rows: dict
    warnings: int
    summary: str
    sha256: str
    size: int
    data_as_of: str | None = None
    restored_from: str | None = None
    seq: int = 0
    last_current_at: str | None = None
    last_current_seq: int = 0
    current: bool = False

    @property
    def recency(self) -> tuple:
        """When this database was last made current (published or restored): pruning order."""
        if self.last_current_at:
            return (self.last_current_at, self.last_current_seq)
        return (self.created_at, self.seq)

    @property
    def sidecar(self) -> Path:
        return self.path.with_suffix(".json")


@dataclass
class Staged:
    """A validated import waiting to be published (keep it in the session; it holds no data)."""
    result: ImportResult
    db_path: Path
    staging_path: Path | None       # None when the import failed
    source_label: str
    sha256: str | None = None
    staged_at: float = field(default_factory=time.time)

    @property
    def ok(self) -> bool:
        return self.result.ok and self.staging_path is not None


@dataclass
class PublishResult:
    result: ImportResult
    version: Version | None

    @property
    def ok(self) -> bool:
        return self.version is not None


# ---------------------------------------------------------------- helpers

def settings(config=None) -> dict:
    """[data] versions_dir / keep_versions from the config (analytics/config.py)."""
    try:
        section = (config or load_config()).section("data")
    except ConfigError:
        section = {}
    out = {"keep": int(section.get("keep_versions", DEFAULT_KEEP))}
    if section.get("versions_dir"):
        out["versions_dir"] = resolve_path(section["versions_dir"])
    return out


def versions_dir_for(db_path: str | os.PathLike, versions_dir: str | os.PathLike | None = None) -> Path:
    if versions_dir is None:
        versions_dir = settings().get("versions_dir") or Path(db_path).parent / "versions"
    return Path(versions_dir)


def _keep(keep: int | None) -> int:
    k = settings()["keep"] if keep is None else keep
    if k < 1:
        raise ValueError("keep must be at least 1")
    return k


def sha256_file(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


_SHA_CACHE: dict[tuple, str] = {}


def _sha_cached(path: Path) -> str | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    key = (str(path), st.st_ino, st.st_size, st.st_mtime_ns)
    if key not in _SHA_CACHE:
        if len(_SHA_CACHE) > 256:
            _SHA_CACHE.clear()
        _SHA_CACHE[key] = sha256_file(path)
    return _SHA_CACHE[key]


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_json(path: Path, doc: dict) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2, default=str)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _lock(folder: Path):
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return locked(folder / ".lock")


_who = audit.who


def _require_admin(user, action: str, audit_path) -> None:
    if user is None or isinstance(user, str):
        return
    if getattr(user, "role", None) != "institution":
        audit.log("access_denied", user, path=audit_path, action=action)
        raise PermissionError(f"{action}: only the managing institution may do this / "
                              "tylko instytucja zarządzająca może to zrobić")


def _new_id(now: dt.datetime | None) -> tuple[str, str]:
    now = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    return f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}", now.isoformat()


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        tmp = dst.with_name(f".{dst.name}.tmp")
        _private_copy(src, tmp)
        os.replace(tmp, dst)
    os.chmod(dst, 0o600)  # a linked database built before files were private becomes private too


def _private_copy(src: Path, dst: Path) -> None:
    """Copy into a new file that is 0600 from its creation, synced to disk."""
    fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "wb") as out, open(src, "rb") as f:
        shutil.copyfileobj(f, out, 1 << 20)
        out.flush()
        os.fsync(out.fileno())


def _meta(path: Path) -> dict:
    """import_meta of a database file nobody else has open (staging) - best effort."""
    try:
        con = db.connect_readonly(path)
    except Exception:
        return {}
    try:
        m = db.import_meta(con) or {}
        return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in m.items()}
    except Exception:
        return {}
    finally:
        con.close()


def _load_version(sidecar: Path) -> Version | None:
    try:
        d = json.loads(sidecar.read_text(encoding="utf-8"))
        vid = d["id"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    path = sidecar.with_suffix(".duckdb")
    if not VERSION_RE.fullmatch(str(vid)) or not path.is_file():
        return None
    return Version(id=vid, path=path, created_at=d.get("created_at", ""), user=d.get("user"),
                   role=d.get("role"), kind=d.get("kind", "import"), source=d.get("source"),
                   rows=d.get("rows") or {}, warnings=int(d.get("warnings") or 0),
                   summary=d.get("summary", ""), sha256=d.get("sha256", ""), size=int(d.get("size") or 0),
                   data_as_of=d.get("data_as_of"), restored_from=d.get("restored_from"),
                   seq=int(d.get("seq") or 0), last_current_at=d.get("last_current_at"),
                   last_current_seq=int(d.get("last_current_seq") or 0))


def _record(src_file: Path, vdir: Path, *, user, kind: str, source: str | None, rows: dict,
            warnings: int, summary: str, sha: str, now: dt.datetime | None,
            restored_from: str | None = None) -> Version:
    vid, created = _new_id(now)
    path = vdir / f"ks-{vid}.duckdb"
    _link_or_copy(src_file, path)
    username, role = _who(user)
    meta = _meta(path)
    doc = {"id": vid, "file": path.name, "created_at": created, "user": username, "role": role,
           "kind": kind, "source": source, "rows": rows, "warnings": warnings, "summary": summary,
           "sha256": sha, "size": path.stat().st_size, "data_as_of": meta.get("data_as_of"),
           "restored_from": restored_from, "seq": time.time_ns()}
    _write_json(path.with_suffix(".json"), doc)
    _fsync_dir(vdir)
    return _load_version(path.with_suffix(".json"))


def _ensure_current_versioned(db_path: Path, vdir: Path, now) -> Version | None:
    """Make sure the database about to be replaced is kept as a version (snapshot if needed)."""
    if not db_path.is_file():
        return None
    sha = _sha_cached(db_path)
    for v in _scan(vdir):
        if v.sha256 == sha:
            return v
    rows = {}
    meta = {}
    with contextlib.suppress(Exception):
        con = db.connect_readonly(db_path)
        try:
            rows = {r[0]: int(r[1]) for r in con.execute(
                "SELECT table_name, rows FROM import_tables").fetchall()} if db.has_table(con, "import_tables") else {}
            meta = db.import_meta(con) or {}
        finally:
            con.close()
    return _record(db_path, vdir, user=None, kind="snapshot", source=str(meta.get("source") or "") or None,
                   rows=rows, warnings=int(meta.get("warnings") or 0),
                   summary="database found in place (built outside the Data page) / baza zastana",
                   sha=sha, now=now)


def _scan(vdir: Path) -> list[Version]:
    if not vdir.is_dir():
        return []
    out = [v for v in (_load_version(p) for p in vdir.glob("ks-*.json")) if v is not None]
    return sorted(out, key=lambda v: (v.created_at, v.seq, v.id), reverse=True)


def _mark_current(v: Version, now: dt.datetime | None) -> None:
    d = json.loads(v.sidecar.read_text(encoding="utf-8"))
    when = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    d["last_current_at"] = when.isoformat()
    d["last_current_seq"] = time.time_ns()
    _write_json(v.sidecar, d)


def _prune(vdir: Path, keep: int, current_sha: str | None) -> list[str]:
    """Keep the current version plus the most recently current others, `keep` in all."""
    versions = sorted(_scan(vdir), key=lambda v: v.recency, reverse=True)
    current = next((v for v in versions if current_sha and v.sha256 == current_sha), None)
    kept = [current] if current else []
    for v in versions:
        if len(kept) >= keep:
            break
        if v is not current:
            kept.append(v)
    removed = []
    for v in versions:
        if v not in kept:
            for p in (v.path, v.sidecar):
                p.unlink(missing_ok=True)
            removed.append(v.id)
    return removed


def _staging_name(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.staging-{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(6)}")


def _staging_owner_gone(p: Path, prefix: str) -> bool:
    """Whether the process named in a staging file's name is gone (only a process on this host can
    be asked; an older name without one is judged by its age alone)."""
    try:
        host, pid, _ = p.name[len(prefix):].rsplit("-", 2)
        return host == socket.gethostname() and not fileutil.pid_alive(int(pid))
    except ValueError:
        return False


def _clean_stale_staging(db_path: Path) -> list[Path]:
    """Staging files of abandoned uploads (owner gone, or older than a day) and copies of killed
    rollbacks. Called holding the database's lock (no rollback is running then)."""
    prefix = f".{db_path.name}.staging-"
    removed = fileutil.remove_stale(db_path.parent, f"{prefix}*", older_than=STALE_STAGING_SECONDS)
    for p in db_path.parent.glob(f"{prefix}*"):
        if p.is_file() and not p.is_symlink() and _staging_owner_gone(p, prefix) and fileutil.remove_entry(p):
            removed.append(p)
    removed += fileutil.remove_stale(db_path.parent, f".{db_path.name}.rollback-*", older_than=0)
    return removed


@contextlib.contextmanager
def _db_lock(db_path: Path, wait: float):
    """The database's lock; a busy lock becomes a VersionError naming its holder."""
    try:
        lock = fileutil.database_lock(db_path, wait=wait)
        lock.__enter__()
    except fileutil.LockBusy as e:
        raise VersionError(str(e)) from None
    try:
        yield
    finally:
        lock.__exit__(None, None, None)


# ---------------------------------------------------------------- public API

def stage(src: str | os.PathLike, db_path: str | os.PathLike | None = None, user=None, *,
          source_label: str | None = None, audit_path=None, wait: float = DEFAULT_LOCK_WAIT) -> Staged:
    """Validate `src` by importing it into a staging file beside the database. The database itself
    is not touched. Audited as import_validated (ok) or import_failed (with error counts only).
    A busy database or a full disk comes back as a failed import (result.failure says which)."""
    db_path = Path(db_path or db.db_path())
    label = source_label or Path(src).name
    _require_admin(user, "import", audit_path)
    if db_path.parent.is_dir():  # clear what abandoned uploads left; when busy, another time
        with contextlib.suppress(VersionError, OSError), _db_lock(db_path, 0):
            _clean_stale_staging(db_path)
    staging = _staging_name(db_path)
    try:
        result = import_source(src, staging, lock_for=db_path, wait=wait)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    if not result.ok:
        staging.unlink(missing_ok=True)
        audit.log("import_failed", user, path=audit_path, source=label, errors=result.error_count,
                  warnings=result.warning_count, stage="validate")
        return Staged(result, db_path, None, label)
    sha = sha256_file(staging)
    audit.log("import_validated", user, path=audit_path, source=label, rows=sum(result.rows.values()),
              warnings=result.warning_count, seconds=round(result.seconds, 1))
    return Staged(result, db_path, staging, label, sha)


def discard(staged: Staged) -> None:
    if staged.staging_path is not None:
        staged.staging_path.unlink(missing_ok=True)
        staged.staging_path = None


def publish_staged(staged: Staged, user=None, *, keep: int | None = None,
                   versions_dir: str | os.PathLike | None = None, audit_path=None,
                   now: dt.datetime | None = None, wait: float = DEFAULT_LOCK_WAIT) -> Version:
    """Swap a validated staging file in as the database (atomic), record it as a version, prune."""
    _require_admin(user, "publish", audit_path)
    if not staged.ok:
        raise VersionError("nothing to publish: the import has errors / import z błędami")
    staging = staged.staging_path
    if not staging.is_file() or sha256_file(staging) != staged.sha256:
        staged.staging_path = None
        raise VersionError("the validated file is gone or changed; validate again / "
                           "zweryfikowany plik zniknął lub się zmienił - zweryfikuj ponownie")
    db_path = staged.db_path
    vdir = versions_dir_for(db_path, versions_dir)
    keep = _keep(keep)
    try:
        with _db_lock(db_path, wait), _lock(vdir):
            os.chmod(vdir, 0o700)
            _ensure_current_versioned(db_path, vdir, now)
            staged.result.db_path = db_path
            version = _record(staging, vdir, user=user, kind="import", source=staged.source_label,
                              rows=dict(staged.result.rows), warnings=staged.result.warning_count,
                              summary=staged.result.summary(), sha=staged.sha256, now=now)
            os.replace(staging, db_path)
            _fsync_dir(db_path.parent)
            staged.staging_path = None
            removed = _prune(vdir, keep, staged.sha256)
    except BaseException as e:
        audit.log("import_failed", user, path=audit_path, source=staged.source_label, stage="publish",
                  error=type(e).__name__)
        raise
    audit.log("import_published", user, path=audit_path, source=staged.source_label, version=version.id,
              rows=sum(staged.result.rows.values()), warnings=staged.result.warning_count, pruned=removed)
    version.current = True
    return version


def publish(src: str | os.PathLike, db_path: str | os.PathLike | None = None, user=None, *,
            source_label: str | None = None, keep: int | None = None,
            versions_dir: str | os.PathLike | None = None, audit_path=None,
            now: dt.datetime | None = None, wait: float = DEFAULT_LOCK_WAIT) -> PublishResult:
    """Validate and publish in one step. On any import error nothing is published and the
    database stays byte-identical; result.report says why."""
    staged = stage(src, db_path, user, source_label=source_label, audit_path=audit_path, wait=wait)
    if not staged.ok:
        return PublishResult(staged.result, None)
    try:
        version = publish_staged(staged, user, keep=keep, versions_dir=versions_dir,
                                 audit_path=audit_path, now=now, wait=wait)
    finally:
        discard(staged)
    return PublishResult(staged.result, version)


def list_versions(db_path: str | os.PathLike | None = None,
                  versions_dir: str | os.PathLike | None = None) -> list[Version]:
    """Kept versions, newest first; `current` marks the one the database now holds."""
    db_path = Path(db_path or db.db_path())
    versions = _scan(versions_dir_for(db_path, versions_dir))
    sha = _sha_cached(db_path)
    for v in versions:
        v.current = bool(sha) and v.sha256 == sha
    return versions


def rollback(version_id: str, db_path: str | os.PathLike | None = None, user=None, *,
             keep: int | None = None, versions_dir: str | os.PathLike | None = None,
             audit_path=None, now: dt.datetime | None = None, wait: float = DEFAULT_LOCK_WAIT) -> Version:
    """Atomically restore a kept version as the database. The database being replaced stays a
    version. Raises VersionError for an unknown or damaged version (nothing changes then)."""
    _require_admin(user, "rollback", audit_path)
    db_path = Path(db_path or db.db_path())
    if not isinstance(version_id, str) or not VERSION_RE.fullmatch(version_id):
        raise VersionError(f"no such version: {version_id!r}")
    vdir = versions_dir_for(db_path, versions_dir)
    keep = _keep(keep)
    with _db_lock(db_path, wait), _lock(vdir):
        target = next((v for v in _scan(vdir) if v.id == version_id), None)
        if target is None:
            raise VersionError(f"no such version: {version_id!r}")
        if sha256_file(target.path) != target.sha256:
            audit.log("import_failed", user, path=audit_path, stage="rollback", version=version_id,
                      error="checksum mismatch")
            raise VersionError(f"version {version_id} is damaged (checksum mismatch); not restored")
        previous = _ensure_current_versioned(db_path, vdir, now)
        tmp = db_path.with_name(f".{db_path.name}.rollback-{secrets.token_hex(6)}")
        try:
            _private_copy(target.path, tmp)
            if sha256_file(tmp) != target.sha256:
                raise VersionError("copy does not match the version; not restored")
            os.replace(tmp, db_path)
        finally:
            tmp.unlink(missing_ok=True)
        _fsync_dir(db_path.parent)
        _mark_current(target, now)
        removed = _prune(vdir, keep, target.sha256)
    audit.log("rollback", user, path=audit_path, version=version_id,
              previous=previous.id if previous else None, pruned=removed)
    target.current = True
    return target


def import_history(limit: int = 50, *, audit_path=None) -> list[dict]:
    """Imports and rollbacks, newest first, from the audit log (outlives pruned versions)."""
    return audit.read(limit, ("import_validated", "import_published", "import_failed", "rollback"),
                      path=audit_path)
