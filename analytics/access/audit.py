"""Append-only audit log: one JSON object per line, fsync'ed after every entry.

Path: $KS_AUDIT_LOG, else `[data] audit_log` in the config (analytics/config.py), else
`data/audit.log`. The file is created with mode 0600 and only ever appended to (O_APPEND under an
exclusive lock); nothing here rewrites or truncates it.

An entry: {"ts": "2026-05-01T10:00:00+00:00", "event": "import_published", "user": "anna",
"role": "institution", "details": {...}}.

What is never logged: passwords or secrets (detail keys that look like one are replaced by
"[redacted]"), volunteer data (callers pass counts, file names and ids of versions, never rows or
values), free text longer than 300 characters (cut). A failed login names the user only when it
exists (see auth.login).

Sign-in events (login, login_failed, logout) carry the client address in `details.client`: the
connection's address, or what a trusted reverse proxy reported (auth.client_address);
"localhost" for a loopback connection. It is what an administrator needs to tell an attack from
the user's own mistyping, and what `users unlock --address` takes.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections import deque
from pathlib import Path

from analytics.config import ROOT, load_config, resolve_path

try:
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

EVENTS = ("login", "login_failed", "logout", "import_validated", "import_published", "import_failed",
          "rollback", "export", "user_added", "user_removed", "password_changed", "access_denied")
_SECRET_KEY = re.compile(r"pass|secret|token|cookie|credential|hash|salt|pesel", re.I)
MAX_TEXT = 300
MAX_ITEMS = 50


def default_path() -> Path:
    env = os.environ.get("KS_AUDIT_LOG")
    if env:
        return resolve_path(env)
    try:
        data = load_config().section("data")
    except Exception:  # a broken config must not stop auditing
        data = {}
    return resolve_path(data.get("audit_log") or ROOT / "data" / "audit.log")


def _clean(value, depth: int = 0):
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if isinstance(value, str):
        return value if len(value) <= MAX_TEXT else value[: MAX_TEXT - 1] + "…"
    if depth >= 3:
        return _clean(str(value), depth)
    if isinstance(value, dict):
        return {str(k): ("[redacted]" if _SECRET_KEY.search(str(k)) else _clean(v, depth + 1))
                for k, v in list(value.items())[:MAX_ITEMS]}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_clean(v, depth + 1) for v in list(value)[:MAX_ITEMS]]
    return _clean(str(value), depth)


def who(user) -> tuple[str | None, str | None]:
    """(username, role) of an auth.User, a plain name, or None."""
    if user is None:
        return None, None
    if isinstance(user, str):
        return user, None
    return getattr(user, "username", None), getattr(user, "role", None)


def log(event: str, user=None, *, path: str | os.PathLike | None = None, now: dt.datetime | None = None,
        **details) -> dict:
    """Append one entry and fsync. `user`: an auth.User, a user name, or None (anonymous)."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}; one of {', '.join(EVENTS)}")
    username, role = who(user)
    ts = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0).isoformat()
    entry = {"ts": ts, "event": event, "user": _clean(username), "role": role,
             "details": _clean(details)}
    line = (json.dumps(entry, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")
    p = Path(path) if path is not None else default_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(p, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            line = b"\n" + line  # a torn earlier write must not swallow this entry
        view = memoryview(line)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        os.fsync(fd)
    finally:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    return entry


def read(limit: int = 100, event: str | tuple[str, ...] | None = None, *,
         path: str | os.PathLike | None = None, user: str | None = None) -> list[dict]:
    """The newest `limit` entries (newest first), optionally of one event (or a tuple of events)
    and/or one user. Lines that are not valid JSON (a torn write) are skipped."""
    p = Path(path) if path is not None else default_path()
    if not p.exists():
        return []
    events = (event,) if isinstance(event, str) else event
    out: deque = deque(maxlen=max(0, int(limit)))
    with open(p, encoding="utf-8", errors="replace") as f:
        for line in f:
            try:
                e = json.loads(line)
            except ValueError:
                continue
            if not isinstance(e, dict):
                continue
            if events and e.get("event") not in events:
                continue
            if user is not None and e.get("user") != user:
                continue
            out.append(e)
    return list(reversed(out))
