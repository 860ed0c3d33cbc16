"""Who may use KS Atlas: configuration, the three sign-in modes, local users, lockout, CLI.

Never imports Streamlit: the app reads `st.get_option("server.address")` / `st.user` itself and
passes plain values here.

Configuration (mode, users file, lockout, OIDC mapping) is read by analytics/config.py.

Roles: "institution" (NIW-CRSO, sees unsuppressed data), "partner" (needs partner_id; its own area
unsuppressed, analytics/access/scope.py), "evaluator" (everything suppressed, all plans). Unauthenticated
visitors have no role (None) and see nothing personal.

Local users file (JSON; TOML accepted too), written atomically with mode 0600:
    {"version": 1, "users": {"anna": {"role": "institution", "partner_id": null,
      "password": "$argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>", "created": "...", "updated": "..."}}}

Passwords: argon2id (argon2-cffi, RFC 9106 low-memory profile: t=3, m=64 MiB, p=4; 16-byte random
salt, 32-byte hash). Hashes of earlier versions ("scrypt$16384$8$1$salt$key", below the OWASP
minimum) still verify and are replaced by an argon2id hash at the user's next successful sign-in.
New passwords: 12 to 1024 characters, at least 5 different ones, not one of the 10 000 most common
passwords (common_passwords.txt beside this file; also with digits or symbols around it, so
"password1234" is refused) and not containing the user name.

Throttling (per user name AND client address, so a stranger cannot lock out a real user): failures
are counted per pair (name, address); `max_failures` of them within `failure_window` lock that
pair for `lockout`, doubled for each further lock of the pair (up to `lockout_max`). The same user
name from another address is not affected. Failures from one address across all names lock the
address after `address_max_failures` (password spraying). Every failure also sleeps an exponential
backoff. IPv6 clients are counted per /64. The state lives next to the users file
(`<stem>.lockout.json`, 0600), survives restarts, and is keyed by SHA-256 of the user name (the
name field sometimes receives a password by mistake) and of the address. Each entry expires on its
own; a size cap drops only unlocked counters, never a lock. Unknown user names are hashed against a
dummy argon2id hash and count failures and lock exactly like real ones: neither the result nor the
timing says whether a user exists (except for a user whose legacy scrypt hash, about 5 times
faster to check, has not been upgraded yet). The client address comes from `client_address()` (the
connection, or the header of a configured trusted reverse proxy).
"""
from __future__ import annotations

import argparse
import base64
import contextlib
import dataclasses
import datetime as dt
import getpass
import hashlib
import hmac
import ipaddress
import json
import logging
import os
import re
import secrets
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import argon2
from argon2.exceptions import InvalidHashError, VerificationError

from analytics.config import (DEFAULT_USERS_FILE, MODES, PARTNER_ID_RE, ROLES, ROOT, Config,  # noqa: F401
                              ConfigError, check_role, load_config, resolve_path)
from analytics.data.fileutil import locked

USERNAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}")
MIN_PASSWORD = 12
MAX_PASSWORD = 1024
MIN_DISTINCT = 5
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")

# argon2id with the RFC 9106 low-memory profile (t=3, m=64 MiB, p=4, 16-byte salt, 32-byte hash):
# about 0.15 s per hash here, above OWASP's minimum (m=19 MiB, t=2).
_HASHER = argon2.PasswordHasher.from_parameters(argon2.profiles.RFC_9106_LOW_MEMORY)
# What a stored hash may ask for: a hostile users file must not make a sign-in allocate gigabytes.
_ARGON2_MAX_MEMORY_KIB, _ARGON2_MAX_TIME, _ARGON2_MAX_LANES = 2 ** 20, 16, 16
MAX_STATE_ENTRIES = 20000  # throttling entries kept; above this only unlocked counters are dropped

log = logging.getLogger(__name__)


class AuthError(ValueError):
    """Invalid input to a user-management function (bad name, role, weak password, ...)."""


# ---------------------------------------------------------------- users

@dataclass(frozen=True)
class User:
    username: str
    role: str                      # institution | partner | evaluator
    partner_id: str | None = None
    source: str = "local"          # local | oidc | demo

    @property
    def label(self) -> str:
        return f"{self.username} ({self.role}{', ' + self.partner_id if self.partner_id else ''})"


def _check_role(role, partner_id) -> None:
    try:
        check_role(role, partner_id)
    except ValueError as e:
        raise AuthError(str(e)) from None


def check_username(username) -> str:
    if not isinstance(username, str) or not USERNAME_RE.fullmatch(username):
        raise AuthError("user name: 1-64 characters, letters, digits and . _ @ + - "
                        "(starting with a letter or digit)")
    return username


_COMMON: frozenset | None = None
_AROUND = "0123456789!@#$%^&*()-_=+.,;:?/ "  # stripped from both ends before the common-list check


def common_passwords() -> frozenset:
    """The shipped list of common passwords (lower-case), read once per process."""
    global _COMMON
    if _COMMON is None:
        text = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8")
        _COMMON = frozenset(line for line in text.splitlines() if line and not line.startswith("# "))
    return _COMMON


def check_password(password, username: str | None = None) -> str:
    """The policy for a new password (NIST SP 800-63B: length and a block list, no composition
    rules). Raises AuthError saying what is wrong; returns the password unchanged."""
    if not isinstance(password, str) or not (MIN_PASSWORD <= len(password) <= MAX_PASSWORD):
        raise AuthError(f"password must have {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    if password.strip() != password or not password.isprintable():
        raise AuthError("password must not start or end with spaces or contain control characters")
    low = password.lower()
    if len(set(low)) < MIN_DISTINCT:
        raise AuthError(f"password must have at least {MIN_DISTINCT} different characters")
    stem = low.strip(_AROUND)
    if low in common_passwords() or (len(stem) >= 4 and stem in common_passwords()):
        raise AuthError("password is too common (it is on the list of the 10 000 most used passwords, "
                        "perhaps with digits added): choose another")
    name = (username or "").strip().lower().partition("@")[0]
    if len(name) >= 4 and name in low:
        raise AuthError("password must not contain the user name")
    return password


def hash_password(password: str) -> str:
    """An argon2id hash in PHC form ('$argon2id$v=19$m=65536,t=3,p=4$salt$hash'), fresh salt."""
    return _HASHER.hash(password.encode("utf-8", "surrogatepass"))


def needs_rehash(encoded: str) -> bool:
    """True for a hash that is not argon2id with today's parameters (e.g. scrypt N=2**14)."""
    if not isinstance(encoded, str) or not encoded.startswith("$argon2id$"):
        return True
    try:
        return _HASHER.check_needs_rehash(encoded)
    except (InvalidHashError, ValueError):
        return True


def check_hash(password: str, encoded: str) -> bool:
    """Verify a password against an argon2id hash, or a legacy scrypt one (constant-time compare in
    both: argon2's own, hmac.compare_digest for scrypt). A malformed, unknown or out-of-bounds hash
    never matches."""
    if not isinstance(encoded, str) or not isinstance(password, str):
        return False
    if encoded.startswith("$argon2id$"):
        return _check_argon2(password, encoded)
    return _check_scrypt(password, encoded)


def _check_argon2(password: str, encoded: str) -> bool:
    try:
        p = argon2.extract_parameters(encoded)
    except (InvalidHashError, ValueError, TypeError):
        return False
    if p.type is not argon2.Type.ID or not (
            8 <= p.memory_cost <= _ARGON2_MAX_MEMORY_KIB and 1 <= p.time_cost <= _ARGON2_MAX_TIME
            and 1 <= p.parallelism <= _ARGON2_MAX_LANES and 8 <= p.salt_len <= 64 and 16 <= p.hash_len <= 64):
        return False
    try:
        return _HASHER.verify(encoded, password.encode("utf-8", "surrogatepass"))
    except (VerificationError, InvalidHashError, ValueError):
        return False


def _check_scrypt(password: str, encoded: str) -> bool:
    """Hashes written before argon2id: 'scrypt$n$r$p$salt_b64$key_b64'."""
    try:
        scheme, n, r, p, salt_b64, key_b64 = encoded.split("$")
        n, r, p = int(n), int(r), int(p)
        salt = base64.b64decode(salt_b64, validate=True)
        expected = base64.b64decode(key_b64, validate=True)
    except (ValueError, AttributeError):
        return False
    if scheme != "scrypt" or not (2 <= n <= 2 ** 20 and n & (n - 1) == 0 and 1 <= r <= 32
                                  and 1 <= p <= 16 and 8 <= len(salt) <= 64 and 16 <= len(expected) <= 64):
        return False
    try:
        got = hashlib.scrypt(password.encode("utf-8", "surrogatepass"), salt=salt, n=n, r=r, p=p,
                             dklen=len(expected), maxmem=256 * r * n + 2 ** 20)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(got, expected)


_DUMMY_HASH: str | None = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password(secrets.token_urlsafe(24))
    return _DUMMY_HASH


def _now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def _atomic_write(path: Path, text: str) -> None:
    """Write beside the target (0600), fsync, os.replace, fsync the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


_locked = locked  # shared with analytics/admin/versions.py (analytics/data/fileutil.py)


def _toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string without \/ or surrogates is a TOML basic string


@dataclass
class LoginAttempt:
    """The outcome of one login attempt. `user` is None on any failure; `locked_for` > 0 when the
    name is locked (known or not, so this says nothing about existence)."""
    user: User | None
    locked_for: float = 0.0
    delay: float = 0.0
    rehashed: bool = False         # a legacy hash was replaced by argon2id on this sign-in

    @property
    def ok(self) -> bool:
        return self.user is not None

    def message(self, lang: str = "pl") -> str:
        if self.user is not None:
            return ""
        if self.locked_for > 0:
            minutes = max(1, int(round(self.locked_for / 60)))
            texts = {"pl": f"Zbyt wiele nieudanych prób. Spróbuj ponownie za {minutes} min.",
                     "en": f"Too many failed attempts. Try again in {minutes} min."}
        else:
            texts = {"pl": "Nieprawidłowa nazwa użytkownika lub hasło.", "en": "Wrong user name or password."}
        return texts.get(lang, texts["pl"])


class UserStore:
    """Local users in a JSON (or TOML) file, plus the persistent lockout state beside it.

    `clock` (epoch seconds), `sleep` and `max_entries` (the throttling state's size cap) are
    injectable for tests."""

    def __init__(self, path: str | os.PathLike, *, config: Config | None = None,
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep,
                 max_entries: int = MAX_STATE_ENTRIES):
        self.path = Path(path)
        self.config = config or Config(mode="local", users_file=self.path)
        self.state_path = self.path.with_name(f"{self.path.stem}.lockout.json")
        self.lock_path = self.path.with_name(f".{self.path.name}.lock")
        self.clock = clock
        self.sleep = sleep
        self.max_entries = max_entries

    # -- the file
    def _load(self) -> dict[str, dict]:
        if not self.path.exists():
            return {}
        text = self.path.read_text(encoding="utf-8")
        try:
            doc = tomllib.loads(text) if self.path.suffix.lower() == ".toml" else json.loads(text)
        except (ValueError, tomllib.TOMLDecodeError) as e:
            raise ConfigError(f"users file {self.path} is not valid: {e}") from None
        users = doc.get("users", {}) if isinstance(doc, dict) else None
        if not isinstance(users, dict):
            raise ConfigError(f"users file {self.path}: expected a 'users' table")
        return users

    def _save(self, users: dict[str, dict]) -> None:
        if self.path.suffix.lower() == ".toml":
            lines = ["# KS Atlas users - written by `python -m analytics users`", "version = 1", ""]
            for name in sorted(users):
                lines.append(f"[users.{_toml_str(name)}]")
                for k, v in users[name].items():
                    if v is not None:
                        lines.append(f"{k} = {_toml_str(str(v))}")
                lines.append("")
            text = "\n".join(lines)
        else:
            text = json.dumps({"version": 1, "users": {k: users[k] for k in sorted(users)}},
                              ensure_ascii=False, indent=2) + "\n"
        _atomic_write(self.path, text)

    # -- management
    def list_users(self) -> list[User]:
        return [User(name, e.get("role"), e.get("partner_id") or None) for name, e in sorted(self._load().items())]

    def get(self, username: str) -> User | None:
        e = self._load().get(username)
        return None if e is None else User(username, e.get("role"), e.get("partner_id") or None)

    def add_user(self, username: str, password: str, role: str, partner_id: str | None = None) -> User:
        check_username(username)
        _check_role(role, partner_id)
        check_password(password, username)
        encoded = hash_password(password)
        with _locked(self.lock_path):
            users = self._load()
            if username in users:
                raise AuthError(f"user {username!r} already exists")
            now = _now_iso()
            users[username] = {"role": role, "partner_id": partner_id or None, "password": encoded,
                               "created": now, "updated": now}
            self._save(users)
        return User(username, role, partner_id or None)

    def set_password(self, username: str, password: str) -> None:
        check_password(password, username)
        encoded = hash_password(password)
        with _locked(self.lock_path):
            users = self._load()
            if username not in users:
                raise AuthError(f"no such user: {username!r}")
            users[username]["password"] = encoded
            users[username]["updated"] = _now_iso()
            self._save(users)
        self.unlock(username)

    def remove_user(self, username: str) -> None:
        with _locked(self.lock_path):
            users = self._load()
            if username not in users:
                raise AuthError(f"no such user: {username!r}")
            del users[username]
            self._save(users)

    # -- throttling state: {"version": 2, "pairs": {name_key: {address_key: entry}},
    #                       "addresses": {address_key: entry}}
    #    entry: {"failures": [t, ...], "locked_until": t, "locks": k, "locks_until": t}
    @staticmethod
    def _key(username: str) -> str:
        return hashlib.sha256(str(username).strip().lower().encode("utf-8", "surrogatepass")).hexdigest()

    @staticmethod
    def _address_key(client: str | None) -> str:
        return hashlib.sha256(throttle_address(client).encode("utf-8", "surrogatepass")).hexdigest()[:32]

    def _load_state(self) -> dict:
        """The state file, or an empty state when it is missing, unreadable or of the old
        per-name format (version 1: its locks are dropped once, at the upgrade)."""
        try:
            doc = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            doc = None
        if not (isinstance(doc, dict) and doc.get("version") == 2 and isinstance(doc.get("pairs"), dict)
                and isinstance(doc.get("addresses"), dict)):
            return {"version": 2, "pairs": {}, "addresses": {}}
        return doc

    def _save_state(self, state: dict) -> None:
        _atomic_write(self.state_path, json.dumps(state, separators=(",", ":")))

    def _fresh(self, e, now: float) -> dict | None:
        """One entry after its own expiry: failures outside the window go, a lock ends, the lock
        count is forgotten `lockout_max` after the last lock ended. None when nothing is left."""
        if not isinstance(e, dict):
            return None
        c = self.config
        try:
            fails = [float(t) for t in e.get("failures", []) if now - float(t) < c.failure_window]
            locked = float(e.get("locked_until", 0))
            locks, locks_until = int(e.get("locks", 0)), float(e.get("locks_until", 0))
        except (TypeError, ValueError):
            return None
        if locks_until <= now:
            locks, locks_until = 0, 0.0
        if not fails and locked <= now and not locks:
            return None
        return {"failures": fails, "locked_until": locked if locked > now else 0,
                "locks": locks, "locks_until": locks_until}

    def _prune(self, state: dict, now: float) -> dict:
        """Per-entry expiry, then a size cap that drops the oldest unlocked counters only: failures
        on other names or from other addresses can never flush an existing lock."""
        pairs: dict = {}
        for nk, by_addr in state.get("pairs", {}).items():
            kept = {ak: f for ak, e in (by_addr.items() if isinstance(by_addr, dict) else ())
                    if (f := self._fresh(e, now)) is not None}
            if kept:
                pairs[nk] = kept
        addresses = {ak: f for ak, e in state.get("addresses", {}).items()
                     if (f := self._fresh(e, now)) is not None}
        out = {"version": 2, "pairs": pairs, "addresses": addresses}
        total = sum(len(v) for v in pairs.values()) + len(addresses)
        if total > self.max_entries:
            unlocked = [(max(e["failures"] or [0]), "p", nk, ak) for nk, v in pairs.items()
                        for ak, e in v.items() if not e["locked_until"]]
            unlocked += [(max(e["failures"] or [0]), "a", None, ak) for ak, e in addresses.items()
                         if not e["locked_until"]]
            for _, kind, nk, ak in sorted(unlocked)[:total - self.max_entries]:
                if kind == "a":
                    del addresses[ak]
                else:
                    del pairs[nk][ak]
                    if not pairs[nk]:
                        del pairs[nk]
        return out

    def _lock(self, e: dict, now: float) -> float:
        """Lock an entry: `lockout` doubled for each earlier lock still remembered, capped."""
        c = self.config
        duration = min(c.lockout_max, c.lockout * 2 ** min(e["locks"], 40))
        e["locked_until"] = now + duration
        e["locks"] += 1
        e["locks_until"] = now + duration + c.lockout_max
        e["failures"] = []
        return duration

    def locked_for(self, username: str, client: str | None = None, *, now: float | None = None) -> float:
        """Seconds until `username` may try again from `client` (its pair's or its address's lock)."""
        now = self.clock() if now is None else now
        state = self._prune(self._load_state(), now)
        ak = self._address_key(client)
        pair = state["pairs"].get(self._key(username), {}).get(ak, {})
        addr = state["addresses"].get(ak, {})
        return max(0.0, pair.get("locked_until", 0) - now, addr.get("locked_until", 0) - now)

    def unlock(self, username: str | None = None, *, client: str | None = None) -> None:
        """Clear the locks and counters of a user name (from every address), and/or of a client
        address (its own lock for all names)."""
        with _locked(self.lock_path):
            state = self._load_state()
            changed = False
            if username is not None:
                changed |= state["pairs"].pop(self._key(username), None) is not None
            if client is not None:
                changed |= state["addresses"].pop(self._address_key(client), None) is not None
            if changed:
                self._save_state(state)

    def _clear_pair(self, username: str, client: str | None) -> None:
        """After a successful sign-in: that pair's counter goes; other addresses' locks stay."""
        nk, ak = self._key(username), self._address_key(client)
        with _locked(self.lock_path):
            state = self._load_state()
            by_addr = state["pairs"].get(nk, {})
            if by_addr.pop(ak, None) is not None:
                if not by_addr:
                    del state["pairs"][nk]
                self._save_state(state)

    def _record_failure(self, username: str, client: str | None, now: float) -> tuple[float, float]:
        """Count a failure for the pair and the address; returns (delay, locked_for)."""
        c = self.config
        nk, ak = self._key(username), self._address_key(client)
        with _locked(self.lock_path):
            state = self._prune(self._load_state(), now)
            empty = {"failures": [], "locked_until": 0, "locks": 0, "locks_until": 0}
            pair = state["pairs"].setdefault(nk, {}).setdefault(ak, dict(empty, failures=[]))
            addr = state["addresses"].setdefault(ak, dict(empty, failures=[]))
            pair["failures"].append(now)
            addr["failures"].append(now)
            n = len(pair["failures"])
            locked_for = 0.0
            if n >= c.max_failures:
                locked_for = self._lock(pair, now)
            if len(addr["failures"]) >= c.address_max_failures:
                locked_for = max(locked_for, self._lock(addr, now))
            self._save_state(self._prune(state, now))
        delay = min(c.backoff_max, c.backoff_base * 2 ** (n - 1))
        return delay, locked_for

    def _upgrade_hash(self, username: str, old: str, password: str) -> bool:
        """Replace a legacy hash after a successful sign-in, unless the entry changed meanwhile (a
        password change must not be overwritten). A failure to write never fails the sign-in."""
        new = hash_password(password)
        try:
            with _locked(self.lock_path):
                users = self._load()
                entry = users.get(username)
                if not isinstance(entry, dict) or entry.get("password") != old:
                    return False
                entry["password"] = new
                entry["updated"] = _now_iso()
                self._save(users)
        except (OSError, ConfigError) as e:
            log.warning("could not upgrade the password hash of a user in %s: %s", self.path, e)
            return False
        return True

    # -- login
    def attempt(self, username: str, password: str, *, client: str | None = None,
                now: float | None = None) -> LoginAttempt:
        """Check a login from `client` (an address, see client_address). A locked pair or address
        fails without checking the password; wrong passwords and unknown names both cost one
        argon2id, count a failure and sleep the backoff. A legacy hash is upgraded on success."""
        now = self.clock() if now is None else now
        username = username if isinstance(username, str) else ""
        password = password if isinstance(password, str) else ""
        locked = self.locked_for(username, client, now=now)
        if locked > 0:
            return LoginAttempt(None, locked_for=locked)
        try:
            entry = self._load().get(username) if USERNAME_RE.fullmatch(username) else None
        except ConfigError:
            entry = None
        encoded = entry.get("password") if isinstance(entry, dict) else None
        encoded = encoded if isinstance(encoded, str) else None
        good = check_hash(password[:MAX_PASSWORD], encoded or _dummy_hash())
        if good and encoded and entry.get("role") in ROLES:
            rehashed = needs_rehash(encoded) and self._upgrade_hash(username, encoded, password[:MAX_PASSWORD])
            self._clear_pair(username, client)
            return LoginAttempt(User(username, entry["role"], entry.get("partner_id") or None),
                                rehashed=rehashed)
        delay, locked_for = self._record_failure(username, client, now)
        if delay > 0:
            self.sleep(delay)
        return LoginAttempt(None, locked_for=locked_for, delay=delay)

    def verify(self, username: str, password: str, *, client: str | None = None,
               now: float | None = None) -> User | None:
        return self.attempt(username, password, client=client, now=now).user


def user_store(config: Config | None = None, **kw) -> UserStore:
    config = config or load_config()
    return UserStore(config.users_file, config=config, **kw)


# module-level conveniences on the configured users file
def add_user(username, password, role, partner_id=None, *, config=None) -> User:
    return user_store(config).add_user(username, password, role, partner_id)


def set_password(username, password, *, config=None) -> None:
    user_store(config).set_password(username, password)


def remove_user(username, *, config=None) -> None:
    user_store(config).remove_user(username)


def verify(username, password, *, config=None, client=None, now=None) -> User | None:
    return user_store(config).verify(username, password, client=client, now=now)


def login(username: str, password: str, *, client: str | None = None, store: UserStore | None = None,
          now: float | None = None) -> LoginAttempt:
    """verify() plus audit: login / login_failed, each with the client address. The audit entry
    for a failure names the user only when it exists; otherwise a short SHA-256 of what was typed
    (never the text itself)."""
    from analytics.access import audit
    store = store or user_store()
    result = store.attempt(username, password, client=client, now=now)
    if result.user is not None:
        audit.log("login", result.user, mode="local", client=client,
                  **({"kdf_upgraded": "argon2id"} if result.rehashed else {}))
    else:
        try:
            known = isinstance(username, str) and USERNAME_RE.fullmatch(username) and store.get(username)
        except ConfigError:
            known = None
        audit.log("login_failed", username if known else None, mode="local", client=client,
                  name_sha256=None if known else store._key(username or "")[:12],
                  locked=result.locked_for > 0)
    return result


# ---------------------------------------------------------------- client address

def _parse_ip(text) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address from a connection or a proxy header entry ('1.2.3.4', '1.2.3.4:567', '[::1]:8',
    '::1'); IPv4-mapped IPv6 becomes IPv4. None when it is not an address."""
    t = str(text).strip().strip('"')
    if t.startswith("["):
        t = t[1:].partition("]")[0]
    elif t.count(":") == 1:
        t = t.partition(":")[0]
    try:
        ip = ipaddress.ip_address(t.split("%")[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip


def client_address(peer: str | None, headers=None, config: Config | None = None) -> str:
    """Who is signing in, as the address throttling counts and the audit log records.

    `peer` is st.context.ip_address: the connection's address, None for a loopback connection
    (Streamlit hides 127.0.0.1 and ::1) or no connection at all, recorded as "localhost". Only when the peer is one of
    `[auth] trusted_proxy` is `[auth] proxy_header` (default X-Forwarded-For) read - from anyone
    else it is ignored, since a client can write any address into it. In the header the client is
    the right-most entry that is not itself a trusted proxy (entries further left were written by
    the client and are not believed); an unreadable entry stops the walk at the proxy itself."""
    config = config or load_config()
    trusted = config.trusted_proxies

    def is_trusted(ip) -> bool:
        return any(ip.version == net.version and ip in net for net in trusted)

    if not isinstance(peer, str) or not peer.strip():  # None (or AppTest's stand-in): no address
        peer_ip, label = None, "localhost"
        peer_trusted = any(is_trusted(ipaddress.ip_address(a)) for a in ("127.0.0.1", "::1"))
    else:
        peer_ip = _parse_ip(peer)
        label = str(peer_ip) if peer_ip is not None else str(peer).strip()[:100]
        peer_trusted = peer_ip is not None and is_trusted(peer_ip)
    if not (trusted and peer_trusted and headers is not None):
        return label
    name = config.proxy_header
    try:
        values = headers.get_all(name) if hasattr(headers, "get_all") else [headers.get(name)]
    except (AttributeError, KeyError, TypeError):
        values = []
    entries = [e for v in values if isinstance(v, str) for e in v.split(",") if e.strip()]
    client = label
    for entry in reversed(entries):
        ip = _parse_ip(entry)
        if ip is None:
            break
        client = str(ip)
        if not is_trusted(ip):
            break
    return client


def throttle_address(client: str | None) -> str:
    """The part of a client address that throttling counts: an IPv4 address, the /64 of an IPv6
    address (one subscriber's usual allocation, so rotating inside it does not reset the count),
    or the text itself ("localhost", "unknown")."""
    if client is None or not str(client).strip():
        return "unknown"
    ip = _parse_ip(client)
    if ip is None:
        return str(client).strip().lower()[:100]
    if isinstance(ip, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


# ---------------------------------------------------------------- demo mode

def is_local_address(address: str | None) -> bool:
    """127.0.0.0/8, ::1 (also IPv4-mapped) and 'localhost'. Empty = all interfaces = not local."""
    if address is None:
        return False
    a = str(address).strip().lower()
    if a.strip("[]") in ("localhost", "localhost.", "ip6-localhost"):
        return True
    ip = _parse_ip(a)
    return ip is not None and ip.is_loopback


def demo_allowed(bind_address: str | None, allow_remote_flag: bool = False) -> bool:
    return bool(allow_remote_flag) or is_local_address(bind_address)


def demo_user(role: str, partner_id: str | None = None) -> User:
    """The user a demo role switcher selects (no password: demo mode is local-only)."""
    _check_role(role, partner_id)
    return User(f"demo-{role}", role, partner_id, source="demo")


def startup_error(bind_address: str | None, config: Config | None = None, *,
                  oidc_secrets: dict | None = None) -> str | None:
    """What the app calls before anything else: None when it may start, else the message to show
    (Polish / English) and stop. `bind_address` is st.get_option("server.address") ('' = all);
    `oidc_secrets` the [auth] section of Streamlit's secrets.toml ({} when there is none), checked
    in oidc mode so a missing provider setting stops the start instead of failing at sign-in."""
    try:
        config = config or load_config()
    except ConfigError as e:
        return f"Błąd konfiguracji / configuration error: {e}"
    if config.mode == "demo":
        if not demo_allowed(bind_address, config.allow_remote_demo):
            shown = bind_address or "0.0.0.0 (wszystkie interfejsy / all interfaces)"
            return ("Tryb demonstracyjny (bez logowania) działa tylko na adresie lokalnym, a serwer "
                    f"nasłuchuje na {shown}. Uruchom z --server.address 127.0.0.1, skonfiguruj "
                    "logowanie (KS_AUTH_MODE=local|oidc) albo świadomie ustaw KS_ALLOW_REMOTE_DEMO=1. / "
                    "Demo mode (no sign-in) runs only on a local address, but the server listens on "
                    f"{shown}. Start with --server.address 127.0.0.1, configure sign-in "
                    "(KS_AUTH_MODE=local|oidc) or deliberately set KS_ALLOW_REMOTE_DEMO=1.")
        return None
    if config.mode == "local":
        try:
            users = UserStore(config.users_file, config=config).list_users()
        except (ConfigError, OSError) as e:
            return f"Błąd pliku użytkowników / users file error: {e}"
        if not users:
            return ("Brak użytkowników: dodaj konto poleceniem / no users: add one with "
                    "`python -m analytics users add NAME --role institution`"
                    f" (plik / file: {config.users_file})")
        return None
    if not (config.oidc_users or config.oidc_domains):
        return ("Tryb OIDC bez przypisań: dodaj [oidc.users] lub [oidc.domains] w pliku konfiguracji. / "
                "OIDC mode without mappings: add [oidc.users] or [oidc.domains] to the config file.")
    if oidc_secrets is not None:
        problem = oidc_secrets_problem(oidc_secrets)
        if problem:
            return ("Tryb OIDC: popraw sekcję [auth] w .streamlit/secrets.toml (wzór: "
                    f".streamlit/secrets.toml.example) - {problem}. / OIDC mode: fix the [auth] section of "
                    f".streamlit/secrets.toml (template: .streamlit/secrets.toml.example) - {problem}.")
    return None


OIDC_SECRET_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")
MIN_COOKIE_SECRET = 32


def oidc_secrets_problem(section) -> str | None:
    """What is wrong with the [auth] section of secrets.toml for st.login() (the default provider:
    keys directly in [auth], or in [auth.default]), in English; None when it is usable. The
    template's placeholder or a short cookie_secret counts as wrong: the secret signs the identity
    cookie, so a guessable one lets anyone forge a sign-in."""
    if not isinstance(section, dict) or not section:
        return "no [auth] section"
    provider = section.get("default") if isinstance(section.get("default"), dict) else section
    values = {k: (section if k in ("redirect_uri", "cookie_secret") else provider).get(k)
              for k in OIDC_SECRET_KEYS}
    missing = [k for k, v in values.items() if not isinstance(v, str) or not v.strip()]
    if missing:
        return "missing: " + ", ".join(missing)
    placeholder = [k for k, v in values.items() if "CHANGE-ME" in v]
    if placeholder:
        return "still the template's CHANGE-ME: " + ", ".join(placeholder)
    if len(values["cookie_secret"]) < MIN_COOKIE_SECRET:
        return f"cookie_secret must have at least {MIN_COOKIE_SECRET} characters (a random string)"
    if not values["redirect_uri"].rstrip().endswith("/oauth2callback"):
        return "redirect_uri must end with /oauth2callback"
    for k in ("redirect_uri", "server_metadata_url"):
        if not values[k].startswith(("https://", "http://")):
            return f"{k} must be an absolute http(s) URL"
    return None


# ---------------------------------------------------------------- OIDC

def oidc_user(email: str | None, config: Config | None = None, *,
              email_verified=None) -> User | None:
    """Map the e-mail from st.user (after st.login) to a user: [oidc.users] first, then
    [oidc.domains]. Only an e-mail the provider vouches for counts: `email_verified` must be the
    JSON boolean true. Missing, False, the strings "true"/"false", 1 -> None, as are an unknown or
    malformed e-mail (no access). A provider that does not send email_verified cannot be used."""
    if not email or not isinstance(email, str) or email_verified is not True:
        return None
    config = config or load_config()
    e = email.strip().lower()
    if e.count("@") != 1 or any(ch.isspace() or ord(ch) < 32 for ch in e):
        return None
    local, domain = e.split("@")
    if not local or not domain:
        return None
    entry = config.oidc_users.get(e) or config.oidc_domains.get(domain)
    if entry is None:
        return None
    return User(e, entry["role"], entry.get("partner_id") or None, source="oidc")


def oidc_login(email: str | None, *, email_verified=None, client: str | None = None,
               config: Config | None = None) -> User | None:
    """oidc_user() plus audit (with the client address): login, or login_failed for an e-mail with
    no access (logged as its domain and a short SHA-256 of the lower-cased address - not the
    address itself - and the email_verified value as received)."""
    from analytics.access import audit
    user = oidc_user(email, config, email_verified=email_verified)
    if user is not None:
        audit.log("login", user, mode="oidc", client=client)
    else:
        e = (email or "").strip().lower() if isinstance(email, str) else ""
        audit.log("login_failed", None, mode="oidc", client=client,
                  email_domain=e.rpartition("@")[2][:100] or None,
                  email_sha256=hashlib.sha256(e.encode("utf-8", "surrogatepass")).hexdigest()[:12],
                  email_verified=email_verified if isinstance(email_verified, (bool, type(None)))
                  else repr(email_verified)[:20])
    return user


# ---------------------------------------------------------------- CLI

def _read_password(confirm: bool) -> str:
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    first = getpass.getpass("Hasło / password: ")
    if confirm and getpass.getpass("Powtórz / repeat: ") != first:
        raise AuthError("the passwords differ")
    return first


def _audit_cli(event: str, **details) -> None:
    """User management is audited under the operating-system account that ran the command."""
    from analytics.access import audit
    try:
        operator = getpass.getuser()
    except (OSError, KeyError):
        operator = None
    try:
        audit.log(event, operator, via="cli", **details)
    except OSError as e:  # the change is made; say that the log could not be written
        print(f"warning: audit log not written: {e}", file=sys.stderr)


def cmd_users(args) -> int:
    try:
        config = load_config()
    except ConfigError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    if args.users_file:
        config = dataclasses.replace(config, users_file=resolve_path(args.users_file))
    store = UserStore(config.users_file, config=config)
    try:
        if args.users_command == "add":
            if args.role == "partner" and not args.partner:
                print("error: --partner is required for role partner", file=sys.stderr)
                return 2
            if args.role != "partner" and args.partner:
                print("error: --partner is only for role partner", file=sys.stderr)
                return 2
            check_username(args.username)
            if store.get(args.username):
                raise AuthError(f"user {args.username!r} already exists")
            user = store.add_user(args.username, _read_password(True), args.role, args.partner)
            _audit_cli("user_added", name=user.username, role=user.role, partner_id=user.partner_id)
            print(f"added {user.label} to {store.path}")
        elif args.users_command == "passwd":
            if store.get(args.username) is None:
                raise AuthError(f"no such user: {args.username!r}")
            store.set_password(args.username, _read_password(True))
            _audit_cli("password_changed", name=args.username)
            print(f"password changed for {args.username}")
        elif args.users_command == "remove":
            store.remove_user(args.username)
            _audit_cli("user_removed", name=args.username)
            print(f"removed {args.username}")
        elif args.users_command == "unlock":
            if not args.username and not args.address:
                print("error: give a user name, --address, or both", file=sys.stderr)
                return 2
            if args.address and _parse_ip(args.address) is None:
                raise AuthError(f"not an IP address: {args.address!r}")
            store.unlock(args.username, client=args.address)
            print(f"unlocked {' and '.join(x for x in (args.username, args.address) if x)}")
        elif args.users_command == "list":
            for u in store.list_users():
                print(f"{u.username}\t{u.role}\t{u.partner_id or ''}")
        return 0
    except (AuthError, ConfigError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1


def add_cli(subparsers) -> None:
    """Register `users add|passwd|list|remove|unlock` on the CLI's subparsers."""
    u = subparsers.add_parser("users", help="manage local users (auth mode local)")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--users-file", help="users file (default: from config, config/users.json)")
    us = u.add_subparsers(dest="users_command", required=True)
    a = us.add_parser("add", parents=[common], help="add a user; the password is read from stdin or prompted")
    a.add_argument("username")
    a.add_argument("--role", required=True, choices=ROLES)
    a.add_argument("--partner", help="partner_id (required for role partner)")
    p = us.add_parser("passwd", parents=[common], help="set a new password (stdin or prompt)")
    p.add_argument("username")
    us.add_parser("list", parents=[common], help="list users: name, role, partner")
    r = us.add_parser("remove", parents=[common], help="remove a user")
    r.add_argument("username")
    ul = us.add_parser("unlock", parents=[common],
                       help="clear the failed-login locks of a user (from every address) and/or an address")
    ul.add_argument("username", nargs="?")
    ul.add_argument("--address", help="also clear the lock of this client address (all user names)")
    u.set_defaults(func=cmd_users)


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry (tests; `python -m analytics.auth users ...`)."""
    parser = argparse.ArgumentParser(prog="python -m analytics")
    add_cli(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
