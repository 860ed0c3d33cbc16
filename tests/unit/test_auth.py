"""Access control: password hashing and policy, local users, throttling per user name and client
address, client address behind a proxy, demo bind check, OIDC mapping, CLI."""
from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import stat
import sys

import argon2
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


def make_store(tmp_path):
    sleeps: list[float] = []
    s = auth.UserStore(tmp_path / "users.json", clock=Clock(), sleep=sleeps.append)
    s.sleeps = sleeps
    return s


@pytest.fixture
def real_store(tmp_path):
    """A store with the real argon2id parameters (0.15 s a hash)."""
    return make_store(tmp_path)


@pytest.fixture
def fast_kdf(monkeypatch):
    """A cheap argon2id (t=1, 1 MiB): throttling tests make hundreds of attempts. The hashing
    tests use the real parameters."""
    monkeypatch.setattr(auth, "_HASHER", argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(auth, "_DUMMY_HASH", None)


@pytest.fixture
def store(tmp_path, fast_kdf):
    return make_store(tmp_path)


PW = "correct horse battery"


# ---------------------------------------------------------------- hashing

def legacy_scrypt_hash(password: str, n: int = 2 ** 14) -> str:
    """A hash as versions before argon2id wrote it (scrypt N=2**14, r=8, p=1), made here by hand."""
    salt = b"0123456789abcdef"
    key = hashlib.scrypt(password.encode(), salt=salt, n=n, r=8, p=1, dklen=32)
    return f"scrypt${n}$8$1${base64.b64encode(salt).decode()}${base64.b64encode(key).decode()}"


def test_hash_is_argon2id_and_verifies():
    h = auth.hash_password(PW)
    assert h.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    params = argon2.extract_parameters(h)
    assert (params.type, params.salt_len, params.hash_len) == (argon2.Type.ID, 16, 32)
    assert auth.check_hash(PW, h)
    assert not auth.check_hash(PW + "x", h)
    assert not auth.check_hash("", h)
    assert not auth.needs_rehash(h)


def test_same_password_hashes_differ():
    assert auth.hash_password(PW) != auth.hash_password(PW)


def test_malformed_or_hostile_hash_never_matches():
    good = auth.hash_password(PW)
    salt_and_hash = good.split("$", 4)[4]
    assert not auth.check_hash(PW, "")
    assert not auth.check_hash(PW, None)
    assert not auth.check_hash(PW, "plain$text")
    assert not auth.check_hash(PW, "scrypt$1048576000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")  # huge n
    assert not auth.check_hash(PW, "md5$1$1$1$x$y")
    assert not auth.check_hash(PW, f"$argon2id$v=19$m=4194304,t=3,p=4${salt_and_hash}")  # 4 GiB asked
    assert not auth.check_hash(PW, f"$argon2id$v=19$m=65536,t=1000,p=4${salt_and_hash}")
    assert not auth.check_hash(PW, good.replace("$argon2id$", "$argon2i$"))  # only argon2id
    assert not auth.check_hash(PW, "$argon2id$v=19$m=65536,t=3,p=4$!!$!!")


def test_legacy_scrypt_hash_verifies_in_constant_time_and_needs_rehash(monkeypatch):
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    h = legacy_scrypt_hash(PW)
    assert auth.check_hash(PW, h)
    assert not auth.check_hash("wrong password", h)
    assert calls == [(32, 32), (32, 32)]
    assert auth.needs_rehash(h)


def test_legacy_hash_upgraded_on_next_successful_sign_in(real_store, tmp_path):
    store = real_store
    store.add_user("anna", PW, "institution")
    doc = json.loads(store.path.read_text())
    doc["users"]["anna"]["password"] = legacy_scrypt_hash(PW)
    store.path.write_text(json.dumps(doc))
    # a wrong password changes nothing
    assert not auth.login("anna", "wrong password!", store=store, client="198.51.100.2").ok
    assert json.loads(store.path.read_text())["users"]["anna"]["password"].startswith("scrypt$16384$")
    # the right one signs in and replaces the hash
    r = auth.login("anna", PW, store=store, client="198.51.100.2")
    assert r.ok and r.rehashed
    stored = json.loads(store.path.read_text())["users"]["anna"]["password"]
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$") and not auth.needs_rehash(stored)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    # next time nothing to upgrade; the password still works
    r = store.attempt("anna", PW)
    assert r.ok and not r.rehashed
    assert json.loads(store.path.read_text())["users"]["anna"]["password"] == stored
    entries = audit.read(10, "login", path=tmp_path / "audit.log")
    assert entries[0]["details"]["kdf_upgraded"] == "argon2id"
    assert PW not in (tmp_path / "audit.log").read_text()


def test_upgrade_never_overwrites_a_password_changed_meanwhile(store):
    store.add_user("anna", PW, "institution")
    old = legacy_scrypt_hash(PW)
    store.set_password("anna", "another good password")
    assert store._upgrade_hash("anna", old, PW) is False
    assert store.verify("anna", "another good password") is not None
    assert store.verify("anna", PW) is None


# ---------------------------------------------------------------- password policy

@pytest.mark.parametrize("password,why", [
    ("aaaaaaaaaa", "12 to 1024"),                  # accepted before (10 characters)
    ("short", "12 to 1024"),
    ("x" * 1025, "12 to 1024"),
    ("aaaaaaaaaaaa", "different characters"),     # 12 characters, one of them
    ("abababababab", "different characters"),
    ("password1234", "too common"),                # on the shipped list
    ("Password1234", "too common"),                # case does not help
    ("qwerty123456", "too common"),
    ("!!password2024!!", "too common"),            # a common word with digits and symbols around it
    ("iloveyou2026", "too common"),
    (" leading space here", "spaces"),
    ("tab\tinside password", "control"),
    ("anna-ma-kota-2026", "user name"),            # contains the user name
])
def test_password_policy_refuses(password, why):
    with pytest.raises(auth.AuthError, match=why):
        auth.check_password(password, "anna")


@pytest.mark.parametrize("password", [PW, "Zielony las 2026!", "kw!ecień-ŻÓŁW-7", "x" * 11 + "yzabc"])
def test_password_policy_accepts(password):
    assert auth.check_password(password, "anna") == password


def test_common_password_list_is_shipped_with_its_source():
    lines = auth.COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    header = [x for x in lines if x.startswith("# ")]
    assert any("Source:" in x and "Django" in x for x in header)
    assert any("roycewilliams" in x for x in header)
    common = auth.common_passwords()
    assert len(common) == 10000 == len(lines) - len(header)
    assert {"password1234", "aaaaaaaaaa", "123456", "qwerty123456"} <= common
    assert "#1bitch" in common  # a password starting with '#' is not taken for a comment


def test_weak_password_refused_for_a_new_user_and_a_changed_password(store):
    with pytest.raises(auth.AuthError):
        store.add_user("anna", "password1234", "institution")
    assert not store.path.exists()
    store.add_user("anna", PW, "institution")
    with pytest.raises(auth.AuthError):
        store.set_password("anna", "aaaaaaaaaaaa")
    assert store.verify("anna", PW) is not None


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


def test_users_file_is_0600_and_has_no_plain_password(real_store):
    store = real_store
    store.add_user("anna", PW, "institution")
    store.add_user("fund", PW, "partner", "R02")
    mode = stat.S_IMODE(store.path.stat().st_mode)
    assert mode == 0o600
    text = store.path.read_text()
    assert PW not in text
    doc = json.loads(text)
    assert doc["users"]["fund"]["role"] == "partner"
    assert doc["users"]["fund"]["partner_id"] == "R02"
    assert doc["users"]["fund"]["password"].startswith("$argon2id$v=19$m=65536,t=3,p=4$")
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


# ---------------------------------------------------------------- throttling

HOME, ATTACKER = "198.51.100.2", "203.0.113.7"


def test_lockout_after_five_failures_and_unlock_after_window(store):
    clock = store.clock
    store.add_user("anna", PW, "institution")
    for i in range(4):
        r = store.attempt("anna", "wrong password!", client=HOME)
        assert r.user is None and r.locked_for == 0
        clock.t += 10
    r = store.attempt("anna", "wrong password!", client=HOME)
    assert r.user is None and r.locked_for == 15 * 60
    # the right password does not help while locked
    clock.t += 60
    r = store.attempt("anna", PW, client=HOME)
    assert r.user is None and 0 < r.locked_for <= 14 * 60
    assert "Spróbuj ponownie" in r.message("pl") and "Try again" in r.message("en")
    # the lock survives a restart: a new store on the same file
    other = auth.UserStore(store.path, clock=clock, sleep=lambda d: None)
    assert other.verify("anna", PW, client=HOME) is None
    clock.t += 15 * 60
    assert store.verify("anna", PW, client=HOME) == auth.User("anna", "institution")


def test_attacker_address_locked_out_does_not_lock_the_real_user(store):
    """The issue's attack: five wrong passwords for the administrator's name locked it for
    everybody. Now they lock only the attacker's pair (name, address)."""
    store.add_user("anna", PW, "institution")
    for _ in range(5):
        r = store.attempt("anna", "guess guess guess", client=ATTACKER)
    assert r.locked_for == 15 * 60
    assert store.locked_for("anna", ATTACKER) == 15 * 60
    assert store.locked_for("anna", HOME) == 0
    # the real user, from her own address, signs in at once
    assert store.verify("anna", PW, client=HOME) == auth.User("anna", "institution")
    # her success does not lift the attacker's lock, and the attacker cannot use her password
    assert store.locked_for("anna", ATTACKER) == 15 * 60
    assert store.attempt("anna", PW, client=ATTACKER).locked_for > 0
    # the attacker's lock is per pair: another name from the attacker's address is not locked yet
    assert store.locked_for("ewa", ATTACKER) == 0


def test_lock_doubles_for_each_further_lock_up_to_the_maximum(tmp_path, fast_kdf):
    clock = Clock()
    cfg = auth.Config(mode="local", users_file=tmp_path / "users.json", lockout=60.0, lockout_max=300.0,
                      failure_window=3600.0)
    s = auth.UserStore(cfg.users_file, config=cfg, clock=clock, sleep=lambda d: None)
    s.add_user("anna", PW, "institution")
    seen = []
    for _ in range(5):
        for _ in range(5):
            r = s.attempt("anna", "wrong password!", client=ATTACKER)
        seen.append(r.locked_for)
        clock.t += r.locked_for  # wait the lock out, then try again
    assert seen == [60.0, 120.0, 240.0, 300.0, 300.0]  # 60 * 2**k, capped at lockout_max
    # the lock count is forgotten lockout_max after the last lock ended
    clock.t += 300.0 + 1
    for _ in range(5):
        r = s.attempt("anna", "wrong password!", client=ATTACKER)
    assert r.locked_for == 60.0


def test_backoff_grows_per_failure(store):
    store.add_user("anna", PW, "institution")
    for _ in range(4):
        store.attempt("anna", "wrong password!", client=HOME)
    assert store.sleeps == [0.5, 1.0, 2.0, 4.0]


def test_spraying_many_names_from_one_address_locks_that_address_only(store):
    store.add_user("anna", PW, "institution")
    for i in range(19):
        assert store.attempt(f"user{i}", "wrong password!", client=ATTACKER).locked_for == 0
    r = store.attempt("user19", "wrong password!", client=ATTACKER)  # the 20th failure from it
    assert r.locked_for == 15 * 60
    assert store.attempt("anna", PW, client=ATTACKER).locked_for > 0   # every name, from that address
    assert store.verify("anna", PW, client=HOME) is not None          # not from another one
    assert store.locked_for("user19", HOME) == 0


def test_ipv6_clients_are_counted_per_64(store):
    store.add_user("anna", PW, "institution")
    for i in range(5):  # rotating addresses inside one /64 does not reset the count
        r = store.attempt("anna", "wrong password!", client=f"2001:db8:1:2::{i + 1}")
    assert r.locked_for == 15 * 60
    assert store.locked_for("anna", "2001:db8:1:2:ffff::9") > 0
    assert store.verify("anna", PW, client="2001:db8:1:3::1") is not None  # another /64


def test_failures_outside_the_window_do_not_lock(store):
    store.add_user("anna", PW, "institution")
    for _ in range(4):
        store.attempt("anna", "wrong password!", client=HOME)
    store.clock.t += 16 * 60
    assert store.attempt("anna", "wrong password!", client=HOME).locked_for == 0
    assert store.verify("anna", PW, client=HOME) is not None


def test_success_resets_failures(store):
    store.add_user("anna", PW, "institution")
    for _ in range(4):
        store.attempt("anna", "wrong password!", client=HOME)
    assert store.verify("anna", PW, client=HOME) is not None
    for _ in range(4):
        assert store.attempt("anna", "wrong password!", client=HOME).locked_for == 0


def test_failures_on_other_names_never_flush_a_lock(tmp_path, monkeypatch):
    """The issue: 10 001 failures on other names flushed existing locks (a global eviction at
    10 000 entries). Entries now expire one by one; the size cap (here 100) drops only unlocked
    counters. 1 000 failures on other names from other addresses, ten times the cap, leave the
    lock in place, and the state stays bounded."""
    monkeypatch.setattr(auth, "check_hash", lambda password, encoded: False)  # fast failures
    clock = Clock()
    s = auth.UserStore(tmp_path / "users.json", clock=clock, sleep=lambda d: None, max_entries=100)
    s.add_user("anna", PW, "institution")
    for _ in range(5):
        s.attempt("anna", "wrong password!", client=ATTACKER)
    assert s.locked_for("anna", ATTACKER) == 15 * 60
    for i in range(1000):
        s.attempt(f"name{i}", "wrong password!", client=f"10.9.{i // 250}.{i % 250}")
        clock.t += 0.1
    assert s.locked_for("anna", ATTACKER) == pytest.approx(15 * 60 - 100.0)
    state = json.loads(s.state_path.read_text())
    total = sum(len(v) for v in state["pairs"].values()) + len(state["addresses"])
    assert total <= 100 + 1


def test_entries_expire_on_their_own(store):
    store.add_user("anna", PW, "institution")
    for _ in range(5):
        store.attempt("anna", "wrong password!", client=ATTACKER)
    store.attempt("other", "wrong password!", client=HOME)
    store.clock.t += 15 * 60 + 24 * 3600 + 1     # past the lock and the memory of it
    store.attempt("third", "wrong password!", client="192.0.2.1")
    state = json.loads(store.state_path.read_text())
    assert list(state["pairs"]) == [store._key("third")]
    assert len(state["addresses"]) == 1


def test_unlock_by_name_and_by_address(store):
    store.add_user("anna", PW, "institution")
    for _ in range(5):
        store.attempt("anna", "wrong password!", client=ATTACKER)
    for i in range(20):
        store.attempt(f"u{i}", "wrong password!", client="192.0.2.9")
    store.unlock("anna")
    assert store.locked_for("anna", ATTACKER) == 0
    assert store.locked_for("anna", "192.0.2.9") > 0
    store.unlock(client="192.0.2.9")
    assert store.locked_for("anna", "192.0.2.9") == 0


def test_lockout_state_file_is_private_and_hashes_names_and_addresses(store):
    store.add_user("anna", PW, "institution")
    store.attempt("anna", "wrong password!", client=ATTACKER)
    store.attempt("my-password-typed-as-name", "x", client=ATTACKER)
    assert stat.S_IMODE(store.state_path.stat().st_mode) == 0o600
    text = store.state_path.read_text()
    assert "anna" not in text and "my-password-typed-as-name" not in text and ATTACKER not in text


def test_old_state_file_format_is_replaced(store):
    store.add_user("anna", PW, "institution")
    store.state_path.write_text(json.dumps({store._key("anna"): {"failures": [], "locked_until": 9e12}}))
    assert store.verify("anna", PW, client=HOME) is not None


class CountingHasher:
    """Counts argon2 verifications, passing them on."""

    def __init__(self, real):
        self.real, self.calls = real, 0

    def verify(self, *a, **k):
        self.calls += 1
        return self.real.verify(*a, **k)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_unknown_user_is_indistinguishable(store, monkeypatch):
    store.add_user("anna", PW, "institution")
    auth._dummy_hash()  # the dummy hash is made once per process, outside any login
    counting = CountingHasher(auth._HASHER)
    monkeypatch.setattr(auth, "_HASHER", counting)
    known = store.attempt("anna", "wrong password!", client=HOME)
    n_known = counting.calls
    unknown = store.attempt("nobody", "wrong password!", client=HOME)
    assert n_known == 1 and counting.calls == 2  # the same work: one argon2id each
    assert known == unknown  # same fields: user None, same delay, not locked
    assert known.message("en") == unknown.message("en")
    for _ in range(4):
        known = store.attempt("anna", "wrong password!", client=HOME)
        unknown = store.attempt("nobody", "wrong password!", client=HOME)
    assert known == unknown and known.locked_for > 0  # unknown names lock just the same


def test_login_audits_client_address_without_password(tmp_path, store):
    log = tmp_path / "audit.log"
    store.add_user("anna", PW, "institution")
    assert auth.login("anna", PW, store=store, client=HOME).ok
    assert not auth.login("anna", "wrong password!", store=store, client=ATTACKER).ok
    assert not auth.login("typed secret", "wrong password!", store=store, client="2001:db8::7").ok
    entries = audit.read(10, path=log)
    assert [e["event"] for e in entries] == ["login_failed", "login_failed", "login"]
    assert [e["details"]["client"] for e in entries] == ["2001:db8::7", ATTACKER, HOME]
    assert entries[0]["user"] is None and len(entries[0]["details"]["name_sha256"]) == 12
    assert entries[1]["user"] == "anna"
    text = log.read_text()
    assert PW not in text and "wrong password!" not in text and "typed secret" not in text


# ---------------------------------------------------------------- client address

class Headers:
    """Like st.context.headers: case-insensitive, repeated keys through get_all."""

    def __init__(self, pairs):
        self.pairs = pairs

    def get_all(self, key):
        return [v for k, v in self.pairs if k.lower() == key.lower()]


def cfg_with(**kw):
    return auth.Config(mode="local", **kw)


def test_client_address_without_a_trusted_proxy_ignores_headers():
    c = cfg_with()
    spoof = Headers([("X-Forwarded-For", "198.51.100.99")])
    assert auth.client_address(ATTACKER, spoof, c) == ATTACKER
    assert auth.client_address(None, spoof, c) == "localhost"        # Streamlit hides loopback
    assert auth.client_address("::ffff:203.0.113.7", None, c) == ATTACKER


def test_client_address_behind_a_trusted_proxy(tmp_path):
    cfg = tmp_path / "ks.toml"
    cfg.write_text('[auth]\ntrusted_proxy = ["localhost", "10.0.0.0/24"]\n')
    c = config.load_config({"KS_CONFIG": str(cfg)})
    xff = lambda v: Headers([("x-forwarded-for", v)])  # noqa: E731
    assert auth.client_address(None, xff(HOME), c) == HOME
    # the client may prepend anything; the right-most untrusted entry is what the proxy saw
    assert auth.client_address(None, xff(f"1.2.3.4, {HOME}"), c) == HOME
    assert auth.client_address("10.0.0.5", xff(f"{HOME}, 10.0.0.7"), c) == HOME   # a chain of proxies
    assert auth.client_address(None, Headers([("X-Forwarded-For", "1.2.3.4"), ("X-Forwarded-For", HOME)]), c) == HOME
    assert auth.client_address(None, xff("[2001:db8::5]:4711"), c) == "2001:db8::5"
    assert auth.client_address(None, xff("garbage"), c) == "localhost"            # unreadable: the proxy
    assert auth.client_address(None, Headers([]), c) == "localhost"
    # from an address that is not a trusted proxy the header is not believed
    assert auth.client_address(ATTACKER, xff(HOME), c) == ATTACKER


def test_client_address_other_header(tmp_path):
    cfg = tmp_path / "ks.toml"
    cfg.write_text('[auth]\ntrusted_proxy = "127.0.0.1"\nproxy_header = "X-Real-IP"\n')
    c = config.load_config({"KS_CONFIG": str(cfg)})
    h = Headers([("X-Real-IP", HOME), ("X-Forwarded-For", "1.2.3.4")])
    assert auth.client_address(None, h, c) == HOME
    assert auth.client_address(None, {"X-Real-IP": HOME}, c) == HOME   # a plain mapping works too


@pytest.mark.parametrize("toml", ['trusted_proxy = "proxy.local"', 'trusted_proxy = 5',
                                  'proxy_header = "X Forwarded"', "address_max_failures = 0",
                                  "lockout_minutes = 60\nlockout_max_minutes = 30"])
def test_invalid_throttling_settings_refuse_to_start(tmp_path, toml):
    cfg = tmp_path / "ks.toml"
    cfg.write_text(f"[auth]\n{toml}\n")
    with pytest.raises(config.ConfigError):
        config.load_config({"KS_CONFIG": str(cfg)})


def test_throttle_address():
    assert auth.throttle_address("2001:db8:1:2::1") == auth.throttle_address("2001:db8:1:2:abcd::9") \
        == "2001:db8:1:2::/64"
    assert auth.throttle_address(ATTACKER) == ATTACKER
    assert auth.throttle_address(None) == "unknown" and auth.throttle_address("localhost") == "localhost"


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
    def user(email):
        return auth.oidc_user(email, c, email_verified=True)

    assert user("biuro@fundacja.pl") == auth.User("biuro@fundacja.pl", "partner", "R02", "oidc")
    assert user(" BIURO@Fundacja.pl ").partner_id == "R02"
    assert user("anna.nowak@niw.gov.pl").role == "evaluator"   # explicit entry wins
    assert user("jan@niw.gov.pl").role == "institution"         # domain rule
    assert user("jan@sub.niw.gov.pl") is None                    # exact domain only
    assert user("jan@niw.gov.pl.evil.com") is None
    assert user("someone@gmail.com") is None                     # unknown: no access
    assert user("") is None and user(None) is None
    assert user("a@b@niw.gov.pl") is None


@pytest.mark.parametrize("verified", [None, False, "true", "false", "True", 1, 0, "1", "yes", [True]])
def test_oidc_trusts_only_email_verified_true(tmp_path, verified):
    """Only the JSON boolean true counts: a token without the claim, or with a string, is refused
    (the issue: missing and "false" were treated as verified)."""
    cfg = tmp_path / "ks.toml"
    cfg.write_text(OIDC_TOML)
    c = auth.load_config({"KS_CONFIG": str(cfg)})
    assert auth.oidc_user("jan@niw.gov.pl", c, email_verified=True).role == "institution"
    assert auth.oidc_user("jan@niw.gov.pl", c, email_verified=verified) is None
    assert auth.oidc_user("jan@niw.gov.pl", c) is None  # the claim missing altogether


def test_oidc_login_audits(tmp_path):
    cfg = tmp_path / "ks.toml"
    cfg.write_text(OIDC_TOML)
    c = auth.load_config({"KS_CONFIG": str(cfg)})
    assert auth.oidc_login("jan@niw.gov.pl", email_verified=True, client=HOME, config=c).role == "institution"
    assert auth.oidc_login("x@gmail.com", email_verified=True, client=ATTACKER, config=c) is None
    assert auth.oidc_login("jan@niw.gov.pl", email_verified="false", client=ATTACKER, config=c) is None
    entries = audit.read(5)
    assert [e["event"] for e in entries] == ["login_failed", "login_failed", "login"]
    assert entries[2]["user"] == "jan@niw.gov.pl" and entries[2]["details"]["mode"] == "oidc"
    assert [e["details"]["client"] for e in entries] == [ATTACKER, ATTACKER, HOME]
    assert entries[1]["details"]["email_domain"] == "gmail.com" and "x@gmail.com" not in json.dumps(entries)
    assert entries[0]["details"]["email_verified"] == "'false'"  # the string, as received


def test_oidc_config_rejects_partner_without_id(tmp_path):
    cfg = tmp_path / "ks.toml"
    cfg.write_text('[oidc.users]\n"x@y.pl" = { role = "partner" }\n')
    with pytest.raises(auth.ConfigError):
        auth.load_config({"KS_CONFIG": str(cfg)})


def test_oidc_without_mapping_refuses_start():
    assert auth.startup_error("127.0.0.1", auth.Config(mode="oidc")) is not None


GOOD_SECRETS = {"redirect_uri": "https://atlas.example.org/oauth2callback", "cookie_secret": "s" * 43,
                "client_id": "ks-atlas", "client_secret": "abc",
                "server_metadata_url": "https://login.example.org/.well-known/openid-configuration"}


@pytest.mark.parametrize("change,problem", [
    ({}, None),
    ({"client_secret": None}, "missing: client_secret"),
    ({"server_metadata_url": ""}, "missing: server_metadata_url"),
    ({"cookie_secret": "CHANGE-ME"}, "CHANGE-ME: cookie_secret"),
    ({"cookie_secret": "short-secret"}, "at least 32"),
    ({"redirect_uri": "https://atlas.example.org/"}, "/oauth2callback"),
    ({"server_metadata_url": "login.example.org/.well-known/openid-configuration"}, "absolute"),
])
def test_oidc_secrets_are_checked_at_start(tmp_path, change, problem):
    cfg = tmp_path / "ks.toml"
    cfg.write_text(OIDC_TOML)
    c = auth.load_config({"KS_CONFIG": str(cfg)})
    section = {k: v for k, v in {**GOOD_SECRETS, **change}.items() if v is not None}
    assert auth.oidc_secrets_problem(section) == problem or problem in auth.oidc_secrets_problem(section)
    msg = auth.startup_error("0.0.0.0", c, oidc_secrets=section)
    assert (msg is None) if problem is None else (problem in msg and "secrets.toml" in msg)
    assert "no [auth] section" in auth.startup_error("0.0.0.0", c, oidc_secrets={})
    # a named default provider section works as Streamlit reads it
    nested = {"redirect_uri": GOOD_SECRETS["redirect_uri"], "cookie_secret": GOOD_SECRETS["cookie_secret"],
              "default": {k: GOOD_SECRETS[k] for k in ("client_id", "client_secret", "server_metadata_url")}}
    assert auth.oidc_secrets_problem(nested) is None


def test_secrets_example_has_what_streamlit_needs(monkeypatch):
    """The shipped template has exactly the keys KS Atlas checks; with the placeholders filled in,
    Streamlit's own check for st.login() passes, and it fails without any one of them. KS Atlas
    refuses to start with the template as it is. The README documents every key."""
    import tomllib
    from streamlit import auth_util
    from streamlit.errors import StreamlitAuthError
    from streamlit.runtime.secrets import AttrDict
    example = (config.ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8")
    section = tomllib.loads(example)["auth"]
    assert set(section) == set(auth.OIDC_SECRET_KEYS)
    assert "CHANGE-ME" in auth.oidc_secrets_problem(section)

    class Secrets:  # stands in for Streamlit's secrets.toml
        value: dict = {}

        def load_if_toml_exists(self):
            return True

        def get(self, key, default=None):
            return AttrDict(self.value) if key == "auth" else default

    fake = Secrets()
    monkeypatch.setattr(auth_util, "secrets_singleton", fake)
    fake.value = {**section, **GOOD_SECRETS}
    assert auth.oidc_secrets_problem(fake.value) is None
    auth_util.validate_auth_credentials("default")
    for key in auth.OIDC_SECRET_KEYS:
        fake.value = {k: v for k, v in {**section, **GOOD_SECRETS}.items() if k != key}
        with pytest.raises(StreamlitAuthError):
            auth_util.validate_auth_credentials("default")
        assert key in auth.oidc_secrets_problem(fake.value)
    readme = (config.ROOT / "README.md").read_text(encoding="utf-8")
    for key in auth.OIDC_SECRET_KEYS:
        assert f"`{key}`" in readme, key


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
    code, _, err = run_cli(monkeypatch, capsys, ["users", "add", "anna", "--role", "institution",
                                                 "--users-file", f], "password1234\n")
    assert code == 1 and "too common" in err
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
    assert run_cli(monkeypatch, capsys, ["users", "unlock", "--users-file", f])[0] == 2
    assert run_cli(monkeypatch, capsys, ["users", "unlock", "--address", "nope", "--users-file", f])[0] == 1


def test_cli_unlock(tmp_path, monkeypatch, capsys, fast_kdf):
    f = tmp_path / "users.json"
    store = auth.UserStore(f, sleep=lambda d: None)
    store.add_user("anna", PW, "institution")
    for _ in range(5):
        store.attempt("anna", "wrong password!", client=ATTACKER)
    for i in range(20):
        store.attempt(f"u{i}", "wrong password!", client=HOME)
    assert store.locked_for("anna", ATTACKER) > 0 and store.locked_for("anna", HOME) > 0
    code, out, _ = run_cli(monkeypatch, capsys, ["users", "unlock", "anna", "--users-file", str(f)])
    assert code == 0 and store.locked_for("anna", ATTACKER) == 0 and store.locked_for("anna", HOME) > 0
    code, out, _ = run_cli(monkeypatch, capsys, ["users", "unlock", "--address", HOME, "--users-file", str(f)])
    assert code == 0 and out.strip() == f"unlocked {HOME}" and store.locked_for("anna", HOME) == 0


def test_add_cli_plugs_into_a_parser():
    import argparse
    parser = argparse.ArgumentParser()
    auth.add_cli(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["users", "list"])
    assert args.func is auth.cmd_users and args.users_command == "list"
