"""The append-only audit log."""
from __future__ import annotations

import datetime as dt
import json
import stat

import pytest

from analytics.access import audit
from analytics.access.auth import User


def test_entries_written_and_read_back(tmp_path):
    log = tmp_path / "logs" / "audit.log"
    anna = User("anna", "institution")
    t = dt.datetime(2026, 5, 1, 10, 0, tzinfo=dt.timezone.utc)
    audit.log("login", anna, path=log, now=t, mode="local")
    audit.log("import_validated", anna, path=log, source="dane.zip", rows=120, warnings=2)
    audit.log("import_published", anna, path=log, version="20260501T100000Z-abcdef")
    audit.log("export", "jan", path=log, kind="indicators", level="powiat")
    audit.log("logout", anna, path=log)
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    lines = log.read_text().splitlines()
    assert len(lines) == 5 and all(json.loads(x) for x in lines)
    first = json.loads(lines[0])
    assert first == {"ts": "2026-05-01T10:00:00+00:00", "event": "login", "user": "anna",
                     "role": "institution", "details": {"mode": "local"}}
    entries = audit.read(10, path=log)
    assert [e["event"] for e in entries] == ["logout", "export", "import_published", "import_validated", "login"]
    assert audit.read(2, path=log)[1]["event"] == "export"
    assert [e["details"]["rows"] for e in audit.read(10, "import_validated", path=log)] == [120]
    assert len(audit.read(10, ("import_published", "login"), path=log)) == 2
    assert [e["event"] for e in audit.read(10, path=log, user="jan")] == ["export"]
    assert audit.read(10, path=tmp_path / "missing.log") == []


def test_append_only_and_torn_lines_skipped(tmp_path):
    log = tmp_path / "audit.log"
    audit.log("login", "a", path=log)
    before = log.read_bytes()
    with open(log, "ab") as f:
        f.write(b'{"ts": "broken')                    # a torn write
    audit.log("logout", "a", path=log)
    assert log.read_bytes().startswith(before)       # earlier entries never rewritten
    assert [e["event"] for e in audit.read(10, path=log)] == ["logout", "login"]


def test_never_logs_secrets(tmp_path):
    log = tmp_path / "audit.log"
    audit.log("login_failed", None, path=log, password="hunter2-secret", token="abc123tok",
              nested={"new_password": "p4ss-word", "ok": 1}, pesel="90010112345")
    text = log.read_text()
    for secret in ("hunter2-secret", "abc123tok", "p4ss-word", "90010112345"):
        assert secret not in text
    e = audit.read(1, path=log)[0]
    assert e["details"]["password"] == "[redacted]" and e["details"]["nested"]["ok"] == 1


def test_long_text_cut_and_newlines_escaped(tmp_path):
    log = tmp_path / "audit.log"
    audit.log("import_failed", "a", path=log, source="x" * 5000, note="line1\nline2\n{\"event\": \"login\"}")
    assert len(log.read_text().splitlines()) == 1   # no injected lines
    e = audit.read(1, path=log)[0]
    assert len(e["details"]["source"]) == audit.MAX_TEXT
    assert e["details"]["note"].startswith("line1\nline2")


def test_unknown_event_refused(tmp_path):
    with pytest.raises(ValueError):
        audit.log("dropped_tables", "a", path=tmp_path / "audit.log")
    assert not (tmp_path / "audit.log").exists()


def test_default_path_from_env_and_config(tmp_path, monkeypatch):
    monkeypatch.setenv("KS_AUDIT_LOG", str(tmp_path / "env.log"))
    audit.log("login", "a")
    assert (tmp_path / "env.log").exists()
    monkeypatch.delenv("KS_AUDIT_LOG")
    cfg = tmp_path / "ks.toml"
    cfg.write_text(f'[data]\naudit_log = "{tmp_path / "cfg.log"}"\n')
    monkeypatch.setenv("KS_CONFIG", str(cfg))
    assert audit.default_path() == tmp_path / "cfg.log"


def test_sign_in_events_keep_the_client_address(tmp_path):
    log = tmp_path / "audit.log"
    audit.log("login_failed", None, path=log, mode="local", client="203.0.113.7", name_sha256="abc")
    audit.log("login", User("anna", "institution"), path=log, mode="oidc", client="2001:db8::1")
    entries = audit.read(5, ("login", "login_failed"), path=log)
    assert [e["details"]["client"] for e in entries] == ["2001:db8::1", "203.0.113.7"]
