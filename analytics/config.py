"""Configuration of an installation: one TOML file plus KS_* environment overrides.

Read by auth (sign-in), audit (log path), uploads (limits) and versions (where versions live); it
sits below every room and imports none of them.

Configuration
-------------
A TOML file: $KS_CONFIG, else `config/ks.toml` in the project root when it exists. Environment
variables override the file. Relative paths are resolved against the project root.

    [auth]
    mode = "local"                  # demo | local | oidc          (env KS_AUTH_MODE)
    users_file = "config/users.json"  # .json or .toml             (env KS_USERS_FILE)
    allow_remote_demo = false       # demo on a non-local address  (env KS_ALLOW_REMOTE_DEMO=1)
    max_failures = 5                # failed sign-ins of one user name from one client address
    failure_window_minutes = 15     #   within this window lock that pair (name, address) ...
    lockout_minutes = 15            # ... for this long, doubled for each further lock of the pair
    lockout_max_minutes = 1440      #   up to this (and a pair's lock count is kept this long)
    address_max_failures = 20       # failed sign-ins from one address, any names, that lock the address
    backoff_base_seconds = 0.5      # delay after the k-th failure of a pair: base * 2**(k-1) ...
    backoff_max_seconds = 4.0       # ... capped here
    trusted_proxy = []              # reverse proxies (addresses or networks, "localhost"); only a
                                    # connection from one of them has its proxy_header read
    proxy_header = "X-Forwarded-For"  # or "X-Real-IP"; the client is the right-most untrusted entry

    [oidc.users]                    # e-mail -> role (and partner for role "partner")
    "anna.nowak@niw.gov.pl" = { role = "institution" }
    "biuro@fundacja.pl" = { role = "partner", partner_id = "R02" }
    "ewaluator@firma.pl" = { role = "evaluator" }

    [oidc.domains]                  # whole domain (exact, after "@"; a leading "@" is allowed)
    "niw.gov.pl" = { role = "institution" }

    [uploads]   -> analytics/admin/uploads.py    [data] -> analytics/admin/versions.py, analytics/access/audit.py

Mode choice: KS_AUTH_MODE, else `[auth] mode`, else - when a config file exists or the users file
exists - "local" (fail closed), else "demo". Demo is therefore the default only when nothing at
all is configured, and demo refuses to run on a non-local address unless explicitly allowed
(`startup_error`).
"""
from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from analytics import PROJECT_ROOT

ROOT = PROJECT_ROOT
DEFAULT_CONFIG = ROOT / "config" / "ks.toml"
DEFAULT_USERS_FILE = ROOT / "config" / "users.json"

MODES = ("demo", "local", "oidc")
ROLES = ("institution", "partner", "evaluator")
PARTNER_ID_RE = re.compile(r"[^\x00-\x1f\x7f]{1,64}")


class ConfigError(Exception):
    """The configuration is invalid: the app must not start."""


def check_role(role, partner_id) -> None:
    """ValueError unless `role` is a known role and `partner_id` is given exactly for 'partner'."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if role == "partner":
        if not partner_id or not isinstance(partner_id, str) or not PARTNER_ID_RE.fullmatch(partner_id):
            raise ValueError("role partner needs a partner_id (the partner's identifier in partners)")
    elif partner_id:
        raise ValueError(f"partner_id is only for role partner, not {role}")


@dataclass(frozen=True)
class Config:
    mode: str = "demo"
    users_file: Path = DEFAULT_USERS_FILE
    allow_remote_demo: bool = False
    max_failures: int = 5
    failure_window: float = 15 * 60.0
    lockout: float = 15 * 60.0
    backoff_base: float = 0.5
    backoff_max: float = 4.0
    lockout_max: float = 24 * 3600.0
    address_max_failures: int = 20
    trusted_proxies: tuple = ()                   # ipaddress networks whose proxy_header is believed
    proxy_header: str = "X-Forwarded-For"
    oidc_users: dict = field(default_factory=dict)
    oidc_domains: dict = field(default_factory=dict)
    raw: dict = field(default_factory=dict)       # the whole TOML document ([uploads], [data], ...)
    source: Path | None = None                    # the config file read, if any

    def section(self, name: str) -> dict:
        value = self.raw.get(name, {})
        return value if isinstance(value, dict) else {}


def _truthy(value) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "tak", "on")


def resolve_path(value: str | os.PathLike) -> Path:
    p = Path(value).expanduser()
    return p if p.is_absolute() else ROOT / p


def load_config(env: dict | None = None) -> Config:
    """Read $KS_CONFIG (or config/ks.toml if present) and the KS_* environment overrides."""
    env = os.environ if env is None else env
    path = env.get("KS_CONFIG")
    raw: dict = {}
    source = None
    if path:
        source = resolve_path(path)
        if not source.is_file():
            raise ConfigError(f"KS_CONFIG points to a missing file: {source}")
    elif DEFAULT_CONFIG.is_file():
        source = DEFAULT_CONFIG
    if source is not None:
        try:
            raw = tomllib.loads(source.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as e:
            raise ConfigError(f"cannot read config {source}: {e}") from None
    a = raw.get("auth", {}) if isinstance(raw.get("auth", {}), dict) else {}
    users_file = resolve_path(env.get("KS_USERS_FILE") or a.get("users_file") or DEFAULT_USERS_FILE)
    mode = env.get("KS_AUTH_MODE") or a.get("mode")
    if not mode:
        mode = "local" if (source is not None or users_file.exists()) else "demo"
    mode = str(mode).strip().lower()
    if mode not in MODES:
        raise ConfigError(f"unknown auth mode {mode!r}: use one of {', '.join(MODES)}")
    allow = _truthy(env["KS_ALLOW_REMOTE_DEMO"]) if env.get("KS_ALLOW_REMOTE_DEMO") else \
        _truthy(a.get("allow_remote_demo", False))
    oidc = raw.get("oidc", {}) if isinstance(raw.get("oidc", {}), dict) else {}
    try:
        cfg = Config(
            mode=mode, users_file=users_file, allow_remote_demo=allow,
            max_failures=int(a.get("max_failures", 5)),
            failure_window=float(a.get("failure_window_minutes", 15)) * 60,
            lockout=float(a.get("lockout_minutes", 15)) * 60,
            backoff_base=float(a.get("backoff_base_seconds", 0.5)),
            backoff_max=float(a.get("backoff_max_seconds", 4.0)),
            lockout_max=float(a.get("lockout_max_minutes", 24 * 60)) * 60,
            address_max_failures=int(a.get("address_max_failures", 20)),
            trusted_proxies=_networks(a.get("trusted_proxy", [])),
            proxy_header=_header_name(a.get("proxy_header", "X-Forwarded-For")),
            oidc_users=_oidc_table(oidc.get("users", {}), "oidc.users"),
            oidc_domains=_oidc_table(oidc.get("domains", {}), "oidc.domains"),
            raw=raw, source=source)
    except (TypeError, ValueError) as e:
        raise ConfigError(f"invalid [auth] setting: {e}") from None
    if cfg.max_failures < 1 or cfg.failure_window <= 0 or cfg.lockout < 0 or cfg.address_max_failures < 1:
        raise ConfigError("max_failures, address_max_failures, failure_window_minutes and lockout_minutes "
                          "must be positive")
    if cfg.lockout_max < cfg.lockout:
        raise ConfigError("lockout_max_minutes must be at least lockout_minutes")
    return cfg


_HEADER_RE = re.compile(r"[A-Za-z0-9-]{1,64}")


def _networks(value) -> tuple:
    """`[auth] trusted_proxy`: one address/network or a list of them; "localhost" = 127.0.0.0/8 and
    ::1. A typo must stop the start rather than silently trust nobody (or everybody)."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ValueError("trusted_proxy must be an address, a network or a list of them")
    out = []
    for item in items:
        text = str(item).strip().lower()
        if text == "localhost":
            out += [ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128")]
            continue
        try:
            out.append(ipaddress.ip_network(text, strict=False))
        except ValueError:
            raise ValueError(f"trusted_proxy: {item!r} is not an address or network") from None
    return tuple(out)


def _header_name(value) -> str:
    if not isinstance(value, str) or not _HEADER_RE.fullmatch(value.strip()):
        raise ValueError(f"proxy_header: {value!r} is not a header name")
    return value.strip()


def _oidc_table(table, name: str) -> dict:
    if not isinstance(table, dict):
        raise ConfigError(f"[{name}] must be a table")
    out = {}
    for key, entry in table.items():
        if not isinstance(entry, dict):
            raise ConfigError(f"[{name}] {key!r}: expected {{ role = ..., partner_id = ... }}")
        role = entry.get("role")
        partner = entry.get("partner_id")
        try:
            check_role(role, partner)
        except ValueError as e:
            raise ConfigError(f"[{name}] {key!r}: {e}") from None
        out[str(key).strip().lower().lstrip("@")] = {"role": role, "partner_id": partner}
    return out
