"""Access control: password hashing, local users, lockout, demo bind check, OIDC mapping, CLI."""
from __future__ import annotations

import hmac
import io
import json
import stat
import sys

import pytest

from analytics import config
from analytics.access import audit, auth


class Clock:
    def __init__(self, t: float = 1_700_000_000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture(autouse=True)
def _private_audit_log(tmp_path, monkeypatch):
    monkeypatch.setenv("KS_AUDIT_LOG", str(tmp_path / "audit.log"))


@pytest.fixture
def store(tmp_path):
    sleeps: list[float] = []
    s = auth.UserStore(tmp_path / "users.json", clock=Clock(), sleep=sleeps.append)
    s.sleeps = sleeps
    return s


PW = "correct horse battery"


# ---------------------------------------------------------------- hashing

def test_hash_format_and_verify():
    h = auth.hash_password(PW)
    scheme, n, r, p, salt, key = h.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2 ** 14), "8", "1")
    import base64
    assert len(base64.b64decode(salt)) == 16
    assert len(base64.b64decode(key)) == 32
    assert auth.check_hash(PW, h)
    assert not auth.check_hash(PW + "x", h)
    assert not auth.check_hash("", h)


def test_same_password_hashes_differ():
    assert auth.hash_password(PW) != auth.hash_password(PW)


def test_malformed_or_hostile_hash_never_matches():
    assert not auth.check_hash(PW, "")
    assert not auth.check_hash(PW, "plain$text")
    assert not auth.check_hash(PW, "scrypt$1048576000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")  # huge n
    assert not auth.check_hash(PW, "md5$1$1$1$x$y")


def test_constant_time_compare_is_used(monkeypatch):
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    h = auth.hash_password(PW)
    assert auth.check_hash(PW, h)
    assert not auth.check_hash("wrong password", h)
    assert calls == [(32, 32), (32, 32)]


# ---------------------------------------------------------------- users file

def test_add_verify_set_password_remove(store):
    u = store.add_user("anna", PW, "institution")
    assert u == auth.User("anna", "institution", None)
    assert store.verify("anna", PW) == u
    assert store.verify("anna", "wrong password!") is None
    store.set_password("anna", "another good password")
    assert store.verify("anna", PW) is None
    assert store.verify("anna", "another good password") == u
    store.remove_user("anna")
    assert store.verify("anna", "another good password") is None
    assert store.list_users() == []


def test_users_file_is_0600_and_has_no_plain_password(store):
    store.add_user("anna", PW, "institution")
    store.add_user("fund", PW, "partner", "R02")
    mode = stat.S_IMODE(store.path.stat().st_mode)
    assert mode == 0o600
    text = store.path.read_text()
    assert PW not in text
    doc = json.loads(text)
    assert doc["users"]["fund"]["role"] == "partner"
    assert doc["users"]["fund"]["partner_id"] == "R02"
    assert doc["users"]["fund"]["password"].startswith("scrypt$16384$8$1$")
    store.set_password("anna", "yet another password")
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert not list(store.path.parent.glob(".users.json.*.tmp"))  # atomic write left nothing behind


def test_toml_users_file(tmp_path):
    s = auth.UserStore(tmp_path / "users.toml", sleep=lambda d: None)
    s.add_user("ewa@firma.pl", PW, "evaluator")
    s.add_user("lok", PW, "partner", 'L"1')
    assert stat.S_IMODE(s.path.stat().st_mode) == 0o600
    assert s.verify("ewa@firma.pl", PW) == auth.User("ewa@firma.pl", "evaluator")
    assert s.get("lok").partner_id == 'L"1'


@pytest.mark.parametrize("args", [
    ("bad name", PW, "institution", None),          # space in user name
    ("../x", PW, "institution", None),
    ("anna", "short", "institution", None),         # weak password
    ("anna", PW, "admin", None),                    # unknown role
    ("anna", PW, "partner", None),                  # partner without partner_id
    ("anna", PW, "evaluator", "R02"),               # partner_id for a non-partner
])
def test_add_user_rejects_invalid_input(store, args):
    with pytest.raises(auth.AuthError):
        store.add_user(*args)
    assert not store.path.exists()


def test_duplicate_user_rejected(store):
    store.add_user("anna", PW, "institution")
    with pytest.raises(auth.AuthError):
        store.add_user("anna", PW, "evaluator")


# ---------------------------------------------------------------- lockout

def test_lockout_after_five_failures_and_unlock_after_window(store):
    clock = store.clock
    store.add_user("anna", PW, "institution")
    for i in range(4):
        r = store.attempt("anna", "wrong password!")
        assert r.user is None and r.locked_for == 0
        clock.t += 10
    r = store.attempt("anna", "wrong password!")
    assert r.user is None and r.locked_for == 15 * 60
    # the right password does not help while locked
    clock.t += 60
    r = store.attempt("anna", PW)
    assert r.user is None and 0 < r.locked_for <= 14 * 60
    assert "Spróbuj ponownie" in r.message("pl") and "Try again" in r.message("en")
    # the lock survives a restart: a new store on the same file
    other = auth.UserStore(store.path, clock=clock, sleep=lambda d: None)
    assert other.verify("anna", PW) is None
    clock.t += 15 * 60
    assert store.verify("anna", PW) == auth.User("anna", "institution")


def test_backoff_grows_per_failure(store):
    store.add_user("anna", PW, "institution")
    for _ in range(4):
        store.attempt("anna", "wrong password!")
    assert store.sleeps == [0.5, 1.0, 2.0, 4.0]


def test_failures_outside_the_window_do_not_lock(store):
    store.add_user("anna", PW, "institution")
    for _ in range(4):
        store.attempt("anna", "wrong password!")
    store.clock.t += 16 * 60
    assert store.attempt("anna", "wrong password!").locked_for == 0
    assert store.verify("anna", PW) is not None


def test_success_resets_failures(store):
    store.add_user("anna", PW, "institution")
    for _ in range(4):
        store.attempt("anna", "wrong password!")
    assert store.verify("anna", PW) is not None
    for _ in range(4):
        assert store.attempt("anna", "wrong password!").locked_for == 0


def test_lockout_state_file_is_private_and_hashes_names(store):
    store.add_user("anna", PW, "institution")
    store.attempt("anna", "wrong password!")
    store.attempt("my-password-typed-as-name", "x")
    assert stat.S_IMODE(store.state_path.stat().st_mode) == 0o600
    text = store.state_path.read_text()
    assert "anna" not in text and "my-password-typed-as-name" not in text


def test_unknown_user_is_indistinguishable(store, monkeypatch):
    store.add_user("anna", PW, "institution")
    scrypt_calls = []
    real = auth.hashlib.scrypt
    monkeypatch.setattr(auth.hashlib, "scrypt", lambda *a, **k: scrypt_calls.append(1) or real(*a, **k))
    auth._dummy_hash()  # the dummy hash is made once per process, outside any login
    scrypt_calls.clear()
    known = store.attempt("anna", "wrong password!")
    n_known = len(scrypt_calls)
    unknown = store.attempt("nobody", "wrong password!")
    assert n_known == 1 and len(scrypt_calls) == 2  # the same work: one scrypt each
    assert known == unknown  # same fields: user None, same delay, not locked
    assert known.message("en") == unknown.message("en")
    for _ in range(4):
        known = store.attempt("anna", "wrong password!")
        unknown = store.attempt("nobody", "wrong password!")
    assert known == unknown and known.locked_for > 0  # unknown names lock just the same


def test_login_audits_without_password(tmp_path, store):
    log = tmp_path / "audit.log"
    store.add_user("anna", PW, "institution")
    assert auth.login("anna", PW, store=store).ok
    assert not auth.login("anna", "wrong password!", store=store).ok
    assert not auth.login("typed secret", "wrong password!", store=store).ok
    entries = audit.read(10, path=log)
    assert [e["event"] for e in entries] == ["login_failed", "login_failed", "login"]
    assert entries[0]["user"] is None and len(entries[0]["details"]["name_sha256"]) == 12
    assert entries[1]["user"] == "anna"
    text = log.read_text()
    assert PW not in text and "wrong password!" not in text and "typed secret" not in text


# ---------------------------------------------------------------- config and demo

@pytest.mark.parametrize("address,local", [
    ("127.0.0.1", True), ("127.1.2.3", True), ("::1", True), ("[::1]", True), ("localhost", True),
    ("::ffff:127.0.0.1", True), ("", False), (None, False), ("0.0.0.0", False), ("::", False),
    ("192.168.1.10", False), ("example.org", False), ("localhost.evil.com", False),
])
def test_is_local_address(address, local):
    assert auth.is_local_address(address) is local


def test_demo_refuses_non_local_bind():
    assert auth.demo_allowed("127.0.0.1", False)
    assert not auth.demo_allowed("", False)          # Streamlit default: all interfaces
    assert not auth.demo_allowed("0.0.0.0", False)
    assert auth.demo_allowed("0.0.0.0", True)        # explicitly allowed
    demo = auth.Config(mode="demo")
    assert auth.startup_error("127.0.0.1", demo) is None
    msg = auth.startup_error("", demo)
    assert msg and "127.0.0.1" in msg and "KS_ALLOW_REMOTE_DEMO" in msg
    assert auth.startup_error("", auth.Config(mode="demo", allow_remote_demo=True)) is None


def test_config_modes(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "DEFAULT_CONFIG", tmp_path / "none.toml")
    monkeypatch.setattr(config, "DEFAULT_USERS_FILE", tmp_path / "users.json")
    assert config.load_config({}).mode == "demo"                      # nothing configured
    assert config.load_config({"KS_AUTH_MODE": "local"}).mode == "local"
    assert config.load_config({"KS_ALLOW_REMOTE_DEMO": "1"}).allow_remote_demo
    with pytest.raises(config.ConfigError):
        config.load_config({"KS_AUTH_MODE": "none"})
    cfg = tmp_path / "ks.toml"
    cfg.write_text('[uploads]\nmax_files = 3\n')
    c = config.load_config({"KS_CONFIG": str(cfg)})
    assert c.mode == "local"                                        # a config file: fail closed
    assert c.section("uploads") == {"max_files": 3}
    (tmp_path / "users.json").write_text('{"users": {}}')
    assert config.load_config({}).mode == "local"                     # a users file: fail closed
    cfg.write_text('[auth]\nmode = "demo"\nallow_remote_demo = true\nmax_failures = 3\n')
    c = config.load_config({"KS_CONFIG": str(cfg)})
    assert (c.mode, c.allow_remote_demo, c.max_failures) == ("demo", True, 3)
    assert auth.startup_error("", c) is None
    with pytest.raises(config.ConfigError):
        config.load_config({"KS_CONFIG": str(tmp_path / "missing.toml")})


def test_startup_error_local_without_users(tmp_path):
    c = auth.Config(mode="local", users_file=tmp_path / "users.json")
    assert "users add" in auth.startup_error("0.0.0.0", c)
    auth.UserStore(c.users_file).add_user("anna", PW, "institution")
    assert auth.startup_error("0.0.0.0", c) is None


def test_demo_user():
    assert auth.demo_user("partner", "L1") == auth.User("demo-partner", "partner", "L1", "demo")
    with pytest.raises(auth.AuthError):
        auth.demo_user("partner")
    with pytest.raises(auth.AuthError):
        auth.demo_user("root")


# ---------------------------------------------------------------- OIDC

OIDC_TOML = """
[auth]
mode = "oidc"
[oidc.users]
"Anna.Nowak@niw.gov.pl" = { role = "evaluator" }
"biuro@fundacja.pl" = { role = "partner", partner_id = "R02" }
[oidc.domains]
"@niw.gov.pl" = { role = "institution" }
"""


def test_oidc_mapping(tmp_path):
    cfg = tmp_path / "ks.toml"
    cfg.write_text(OIDC_TOML)
    c = auth.load_config({"KS_CONFIG": str(cfg)})
    assert c.mode == "oidc" and auth.startup_error("0.0.0.0", c) is None
    assert auth.oidc_user("biuro@fundacja.pl", c) == auth.User("biuro@fundacja.pl", "partner", "R02", "oidc")
    assert auth.oidc_user(" BIURO@Fundacja.pl ", c).partner_id == "R02"
    assert auth.oidc_user("anna.nowak@niw.gov.pl", c).role == "evaluator"   # explicit entry wins
    assert auth.oidc_user("jan@niw.gov.pl", c).role == "institution"         # domain rule
    assert auth.oidc_user("jan@sub.niw.gov.pl", c) is None                    # exact domain only
    assert auth.oidc_user("jan@niw.gov.pl.evil.com", c) is None
    assert auth.oidc_user("someone@gmail.com", c) is None                     # unknown: no access
    assert auth.oidc_user("", c) is None and auth.oidc_user(None, c) is None
    assert auth.oidc_user("a@b@niw.gov.pl", c) is None
    assert auth.oidc_user("jan@niw.gov.pl", c, email_verified=False) is None


def test_oidc_login_audits(tmp_path):
    cfg = tmp_path / "ks.toml"
    cfg.write_text(OIDC_TOML)
    c = auth.load_config({"KS_CONFIG": str(cfg)})
    assert auth.oidc_login("jan@niw.gov.pl", config=c).role == "institution"
    assert auth.oidc_login("x@gmail.com", config=c) is None
    entries = audit.read(5)
    assert [e["event"] for e in entries] == ["login_failed", "login"]
    assert entries[1]["user"] == "jan@niw.gov.pl" and entries[1]["details"]["mode"] == "oidc"
    assert entries[0]["details"]["email_domain"] == "gmail.com" and "x@gmail.com" not in json.dumps(entries)


def test_oidc_config_rejects_partner_without_id(tmp_path):
    cfg = tmp_path / "ks.toml"
    cfg.write_text('[oidc.users]\n"x@y.pl" = { role = "partner" }\n')
    with pytest.raises(auth.ConfigError):
        auth.load_config({"KS_CONFIG": str(cfg)})


def test_oidc_without_mapping_refuses_start():
    assert auth.startup_error("127.0.0.1", auth.Config(mode="oidc")) is not None


# ---------------------------------------------------------------- CLI

def run_cli(monkeypatch, capsys, argv, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    monkeypatch.setenv("KS_AUTH_MODE", "local")
    code = auth.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_add_list_passwd_remove(tmp_path, monkeypatch, capsys):
    f = str(tmp_path / "users.json")
    code, out, _ = run_cli(monkeypatch, capsys, ["users", "add", "anna", "--role", "institution",
                                                 "--users-file", f], PW + "\n")
    assert code == 0 and "anna" in out and PW not in out
    code, _, _ = run_cli(monkeypatch, capsys, ["users", "add", "fund", "--role", "partner", "--partner",
                                               "R02", "--users-file", f], PW + "\n")
    assert code == 0
    code, out, _ = run_cli(monkeypatch, capsys, ["users", "list", "--users-file", f])
    assert code == 0 and out.splitlines() == ["anna\tinstitution\t", "fund\tpartner\tR02"]
    assert stat.S_IMODE((tmp_path / "users.json").stat().st_mode) == 0o600
    store = auth.UserStore(f, sleep=lambda d: None)
    assert store.verify("anna", PW) is not None
    code, _, _ = run_cli(monkeypatch, capsys, ["users", "passwd", "anna", "--users-file", f],
                         "a new long password\n")
    assert code == 0 and store.verify("anna", "a new long password") is not None
    code, _, _ = run_cli(monkeypatch, capsys, ["users", "remove", "fund", "--users-file", f])
    assert code == 0
    code, out, _ = run_cli(monkeypatch, capsys, ["users", "list", "--users-file", f])
    assert out.splitlines() == ["anna\tinstitution\t"]
    events = [(e["event"], e["details"]["name"]) for e in audit.read(10)]
    assert events == [("user_removed", "fund"), ("password_changed", "anna"), ("user_added", "fund"),
                      ("user_added", "anna")]
    assert "a new long password" not in (tmp_path / "audit.log").read_text()


def test_cli_exit_codes(tmp_path, monkeypatch, capsys):
    f = str(tmp_path / "users.json")
    # invalid input: weak password, duplicate, unknown user -> 1
    assert run_cli(monkeypatch, capsys, ["users", "add", "anna", "--role", "institution", "--users-file", f],
                   "short\n")[0] == 1
    assert run_cli(monkeypatch, capsys, ["users", "add", "anna", "--role", "institution", "--users-file", f],
                   PW + "\n")[0] == 0
    assert run_cli(monkeypatch, capsys, ["users", "add", "anna", "--role", "evaluator", "--users-file", f],
                   PW + "\n")[0] == 1
    assert run_cli(monkeypatch, capsys, ["users", "remove", "ghost", "--users-file", f])[0] == 1
    assert run_cli(monkeypatch, capsys, ["users", "passwd", "ghost", "--users-file", f], PW + "\n")[0] == 1
    # usage: partner without --partner -> 2; unknown role / missing args -> argparse exits 2
    assert run_cli(monkeypatch, capsys, ["users", "add", "p", "--role", "partner", "--users-file", f],
                   PW + "\n")[0] == 2
    with pytest.raises(SystemExit) as e:
        run_cli(monkeypatch, capsys, ["users", "add", "x", "--role", "root", "--users-file", f])
    assert e.value.code == 2
    with pytest.raises(SystemExit) as e:
        run_cli(monkeypatch, capsys, ["users", "add", "x", "--role", "institution", "--password", PW])
    assert e.value.code == 2  # no password option on the command line


def test_add_cli_plugs_into_a_parser():
    import argparse
    parser = argparse.ArgumentParser()
    auth.add_cli(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["users", "list"])
    assert args.func is auth.cmd_users and args.users_command == "list"
