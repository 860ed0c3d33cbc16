"""Who may use KS Atlas: configuration, the three sign-in modes, local users, lockout, CLI.

Never imports Streamlit: the app reads `st.get_option("server.address")` / `st.user` itself and
passes plain values here.

Configuration (mode, users file, lockout, OIDC mapping) is read by analytics/config.py.

Roles: "institution" (NIW-CRSO, sees unsuppressed data), "partner" (needs partner_id; its own area
unsuppressed, analytics/access/scope.py), "evaluator" (everything suppressed, all plans). Unauthenticated
visitors have no role (None) and see nothing personal.

Local users file (JSON; TOML accepted too), written atomically with mode 0600:
    {"version": 1, "users": {"anna": {"role": "institution", "partner_id": null,
      "password": "scrypt$16384$8$1$<salt b64>$<hash b64>", "created": "...", "updated": "..."}}}
Passwords: hashlib.scrypt n=2**14 r=8 p=1, 16-byte random salt, 32-byte key; compared with
hmac.compare_digest. Lockout state lives next to the users file (`<stem>.lockout.json`, 0600),
keyed by a SHA-256 of the user name (the user-name field sometimes receives a password by
mistake), so it survives restarts. Unknown user names are hashed against a dummy hash and count
failures and lock exactly like real ones: neither the result nor the timing says whether a user
exists.
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

from analytics.config import (DEFAULT_USERS_FILE, MODES, PARTNER_ID_RE, ROLES, ROOT, Config,  # noqa: F401
                              ConfigError, check_role, load_config, resolve_path)
from analytics.data.fileutil import locked

USERNAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
SALT_BYTES, KEY_BYTES = 16, 32


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


def check_password(password) -> str:
    if not isinstance(password, str) or not (MIN_PASSWORD <= len(password) <= MAX_PASSWORD):
        raise AuthError(f"password must have {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    if password.strip() != password or not password.isprintable():
        raise AuthError("password must not start or end with spaces or contain control characters")
    return password


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """'scrypt$n$r$p$salt_b64$hash_b64' with a fresh 16-byte salt."""
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                         dklen=KEY_BYTES)
    return "$".join(("scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P),
                     base64.b64encode(salt).decode(), base64.b64encode(key).decode()))


def check_hash(password: str, encoded: str) -> bool:
    """Recompute and compare in constant time. A malformed or out-of-bounds hash never matches."""
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

    `clock` (epoch seconds) and `sleep` are injectable for tests."""

    def __init__(self, path: str | os.PathLike, *, config: Config | None = None,
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep):
        self.path = Path(path)
        self.config = config or Config(mode="local", users_file=self.path)
        self.state_path = self.path.with_name(f"{self.path.stem}.lockout.json")
        self.lock_path = self.path.with_name(f".{self.path.name}.lock")
        self.clock = clock
        self.sleep = sleep

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
        check_password(password)
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
        check_password(password)
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

    # -- lockout state
    @staticmethod
    def _key(username: str) -> str:
        return hashlib.sha256(str(username).strip().lower().encode("utf-8", "surrogatepass")).hexdigest()

    def _load_state(self) -> dict:
        try:
            doc = json.loads(self.state_path.read_text(encoding="utf-8"))
            return doc if isinstance(doc, dict) else {}
        except (OSError, ValueError):
            return {}

    def _prune(self, state: dict, now: float) -> dict:
        keep = {}
        c = self.config
        for k, e in state.items():
            fails = [t for t in e.get("failures", []) if now - t < c.failure_window]
            locked = e.get("locked_until", 0)
            if fails or locked > now:
                keep[k] = {"failures": fails, "locked_until": locked if locked > now else 0}
        if len(keep) > 10000:  # bounded: drop the entries with the oldest activity
            keep = dict(sorted(keep.items(), key=lambda kv: max(kv[1]["failures"] or [0]))[-10000:])
        return keep

    def locked_for(self, username: str, *, now: float | None = None) -> float:
        now = self.clock() if now is None else now
        e = self._load_state().get(self._key(username), {})
        return max(0.0, e.get("locked_until", 0) - now)

    def unlock(self, username: str) -> None:
        with _locked(self.lock_path):
            state = self._load_state()
            if state.pop(self._key(username), None) is not None:
                _atomic_write(self.state_path, json.dumps(state))

    def _record_failure(self, username: str, now: float) -> tuple[float, float]:
        """Count a failure; returns (delay, locked_for)."""
        c = self.config
        with _locked(self.lock_path):
            state = self._prune(self._load_state(), now)
            e = state.setdefault(self._key(username), {"failures": [], "locked_until": 0})
            e["failures"].append(now)
            n = len(e["failures"])
            locked_for = 0.0
            if n >= c.max_failures:
                e["locked_until"] = now + c.lockout
                e["failures"] = []
                locked_for = c.lockout
            _atomic_write(self.state_path, json.dumps(state))
        delay = min(c.backoff_max, c.backoff_base * 2 ** (n - 1))
        return delay, locked_for

    # -- login
    def attempt(self, username: str, password: str, *, now: float | None = None) -> LoginAttempt:
        """Check a login. Locked names (known or not) fail without checking the password; wrong
        passwords and unknown names both cost one scrypt, count a failure and sleep the backoff."""
        now = self.clock() if now is None else now
        username = username if isinstance(username, str) else ""
        password = password if isinstance(password, str) else ""
        state = self._prune(self._load_state(), now).get(self._key(username), {})
        if state.get("locked_until", 0) > now:
            return LoginAttempt(None, locked_for=state["locked_until"] - now)
        try:
            entry = self._load().get(username) if USERNAME_RE.fullmatch(username) else None
        except ConfigError:
            entry = None
        encoded = entry.get("password") if entry else None
        good = check_hash(password[:MAX_PASSWORD], encoded if isinstance(encoded, str) else _dummy_hash())
        if good and entry is not None and entry.get("role") in ROLES:
            if state:
                self.unlock(username)
            return LoginAttempt(User(username, entry["role"], entry.get("partner_id") or None))
        delay, locked_for = self._record_failure(username, now)
        if delay > 0:
            self.sleep(delay)
        return LoginAttempt(None, locked_for=locked_for, delay=delay)

    def verify(self, username: str, password: str, *, now: float | None = None) -> User | None:
        return self.attempt(username, password, now=now).user


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


def verify(username, password, *, config=None, now=None) -> User | None:
    return user_store(config).verify(username, password, now=now)


def login(username: str, password: str, *, store: UserStore | None = None,
          now: float | None = None) -> LoginAttempt:
    """verify() plus audit: login / login_failed. The audit entry for a failure names the user
    only when it exists; otherwise a short SHA-256 of what was typed (never the text itself)."""
    from analytics.access import audit
    store = store or user_store()
    result = store.attempt(username, password, now=now)
    if result.user is not None:
        audit.log("login", result.user, mode="local")
    else:
        known = isinstance(username, str) and USERNAME_RE.fullmatch(username) and store.get(username)
        audit.log("login_failed", username if known else None, mode="local",
                  name_sha256=None if known else store._key(username or "")[:12],
                  locked=result.locked_for > 0)
    return result


# ---------------------------------------------------------------- demo mode

def is_local_address(address: str | None) -> bool:
    """127.0.0.0/8, ::1 (also IPv4-mapped) and 'localhost'. Empty = all interfaces = not local."""
    if address is None:
        return False
    a = str(address).strip().strip("[]").lower()
    if not a:
        return False
    if a in ("localhost", "localhost.", "ip6-localhost"):
        return True
    try:
        ip = ipaddress.ip_address(a.split("%")[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def demo_allowed(bind_address: str | None, allow_remote_flag: bool = False) -> bool:
    return bool(allow_remote_flag) or is_local_address(bind_address)


def demo_user(role: str, partner_id: str | None = None) -> User:
    """The user a demo role switcher selects (no password: demo mode is local-only)."""
    _check_role(role, partner_id)
    return User(f"demo-{role}", role, partner_id, source="demo")


def startup_error(bind_address: str | None, config: Config | None = None) -> str | None:
    """What the app calls before anything else: None when it may start, else the message to show
    (Polish / English) and stop. `bind_address` is st.get_option("server.address") ('' = all)."""
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
    return None


# ---------------------------------------------------------------- OIDC

def oidc_user(email: str | None, config: Config | None = None, *,
              email_verified: bool | None = None) -> User | None:
    """Map the e-mail from st.user (after st.login) to a user: [oidc.users] first, then
    [oidc.domains]. Unknown e-mail, a malformed one, or email_verified == False -> None (no access)."""
    if not email or not isinstance(email, str) or email_verified is False:
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


def oidc_login(email: str | None, *, email_verified: bool | None = None,
               config: Config | None = None) -> User | None:
    """oidc_user() plus audit: login, or login_failed for an e-mail with no access (logged as its
    domain and a short SHA-256 of the lower-cased address - not the address itself)."""
    from analytics.access import audit
    user = oidc_user(email, config, email_verified=email_verified)
    if user is not None:
        audit.log("login", user, mode="oidc")
    else:
        e = (email or "").strip().lower() if isinstance(email, str) else ""
        audit.log("login_failed", None, mode="oidc", email_domain=e.rpartition("@")[2][:100] or None,
                  email_sha256=hashlib.sha256(e.encode("utf-8", "surrogatepass")).hexdigest()[:12],
                  email_verified=email_verified)
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
            store.unlock(args.username)
            print(f"unlocked {args.username}")
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
    ul = us.add_parser("unlock", parents=[common], help="clear the failed-login lock of a user")
    ul.add_argument("username")
    u.set_defaults(func=cmd_users)


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry (tests; `python -m analytics.auth users ...`)."""
    parser = argparse.ArgumentParser(prog="python -m analytics")
    add_cli(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
