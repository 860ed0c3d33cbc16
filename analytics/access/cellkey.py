"""The cell-key method (data contract section 4, v1.1): noise that subtraction cannot remove.

Suppressing single cells can be undone by subtraction (a voivodeship minus its visible powiats, an
area minus one of its powiats, a year of hours minus eleven visible months). So every protected
count of people and every protected sum of hours is published with a little noise that depends
only on WHICH records the cell holds - the method statistical offices use for flexible tables
(ONS for Census 2021, ABS TableBuilder):

1. Record keys. Each volunteer (for training participants: each training) has a record key, a
   32-bit integer from a keyed hash of its id with the installation secret:
   the first 32 bits of SHA-256(secret + ":" + id) (analytics/metrics/keys.py, computed in DuckDB
   by the engine, analytics/metrics/indicators.py). Without the secret nobody can compute a key.
2. Cell key. A cell's key is the sum of its records' keys modulo 2^32 (an exact integer, so it
   does not depend on the order of summation). The same records give the same key, whatever the
   route (map, table, chart, Compare page, export, CLI) - asking again never redraws the noise.
   A record added or removed gives an unrelated key.
3. Counts. A count n >= 1 is published as n + d, d in {-2, ..., +2}, read from the perturbation
   table PTABLE by (n, cell key): d's distribution has mean zero for every n, n + d is never below
   1, and 0 stays 0 (`perturb_count`).
4. Hours. A sum of hours h is multiplied by 1 + m, m in [-5 %, +5 %) a fixed function of the cell
   key, and rounded to 0.5 h (`perturb_hours`).

The perturbation table may be published (docs/privacy.md does); the secret may not. The secret
lives in a file outside the database (`installation_secret`): created on first use with mode
0600, path from $KS_SECRET_FILE, else `[privacy] secret_file` in the config, else
config/protection.key. It is never exported, logged or shown; tests pass their own.
"""
from __future__ import annotations

import os
import secrets as _secrets
from pathlib import Path

from analytics.config import ROOT, ConfigError, load_config, resolve_path
from analytics.metrics.keys import KEY_BITS, KEY_SPACE, record_key_sql  # noqa: F401

DEFAULT_SECRET_FILE = ROOT / "config" / "protection.key"

# The perturbation table: for each count n, the probabilities of d = -2, -1, 0, +1, +2. A cell key
# u picks d by the cumulative probabilities (u / 2^32 in [0, 1)). Every row has mean zero; n + d is
# never below 1. n >= 3 uses the last row: uniform over the five offsets, because the chance of a
# subtraction attack (a voivodeship minus its visible powiats) hitting the exact value is the chance
# that the noises of the cells involved cancel, sum of p(d)^2 for two cells: 0.2 with this row,
# 0.26 with a bell-shaped (0.1, 0.2, 0.4, 0.2, 0.1), and never more than 0.2 for more cells.
# (Counts below 5 are suppressed at every level, so the
# first rows exist for completeness and for breakdown cells that are not suppressed by the
# institution's own tables; they are never published to a protected viewer.)
PTABLE: dict[int, tuple[float, float, float, float, float]] = {
    1: (0.0, 0.0, 1.0, 0.0, 0.0),
    2: (0.0, 0.25, 0.50, 0.25, 0.0),
    3: (0.20, 0.20, 0.20, 0.20, 0.20),
}
OFFSETS = (-2, -1, 0, 1, 2)
HOURS_MAX_SHARE = 0.05   # m in [-5 %, +5 %)
HOURS_STEP = 0.5         # published hours are rounded to half an hour


def _thresholds(row: tuple[float, ...]) -> list[int]:
    """Integer upper bounds on the key for each offset (cumulative probability x 2^32)."""
    out, acc = [], 0.0
    for p in row:
        acc += p
        out.append(round(acc * KEY_SPACE))
    out[-1] = KEY_SPACE
    return out


_BOUNDS = {n: _thresholds(row) for n, row in PTABLE.items()}


def offset(n: int, cell_key: int) -> int:
    """d for a count n >= 1 and a cell key in [0, 2^32)."""
    bounds = _BOUNDS[min(int(n), max(PTABLE))]
    u = int(cell_key) % KEY_SPACE
    for d, upper in zip(OFFSETS, bounds):
        if u < upper:
            return d
    raise AssertionError("unreachable: the last bound is 2^32")


def perturb_count(n, cell_key) -> float:
    """The published count: n + d (0 stays 0; missing stays missing)."""
    if n is None or n != n:  # NaN
        return float("nan")
    n = int(round(n))
    if n <= 0:
        return 0.0
    return float(n + offset(n, cell_key))


def hours_factor(cell_key) -> float:
    """1 + m, m in [-5 %, +5 %): the key is first scrambled (Knuth's multiplicative hash) so that m
    is not a monotone function of the same key that picks a count's d."""
    u = (int(cell_key) * 2654435761) % KEY_SPACE
    return 1.0 + HOURS_MAX_SHARE * (2.0 * u / KEY_SPACE - 1.0)


def perturb_hours(h, cell_key) -> float:
    """The published sum of hours: h x (1 + m), rounded to 0.5 h (0 stays 0, missing missing)."""
    if h is None or h != h:
        return float("nan")
    if h <= 0:
        return 0.0
    return round(h * hours_factor(cell_key) / HOURS_STEP) * HOURS_STEP


# --- the installation secret ---------------------------------------------------------------------
def secret_path(env: dict | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get("KS_SECRET_FILE"):
        return resolve_path(env["KS_SECRET_FILE"])
    try:
        section = load_config(env).section("privacy")
    except ConfigError:
        section = {}
    return resolve_path(section["secret_file"]) if section.get("secret_file") else DEFAULT_SECRET_FILE


def installation_secret(path: str | os.PathLike | None = None) -> str:
    """The installation's secret (64 hex characters), created on first use with mode 0600.
    A secret file that is empty, unreadable or readable by others is an error: the app must not
    publish with a secret that may have leaked or that changes from run to run."""
    p = Path(path) if path is not None else secret_path()
    if not p.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first: read theirs
        else:
            with os.fdopen(fd, "w") as f:
                f.write(_secrets.token_hex(32) + "\n")
    mode = p.stat().st_mode & 0o777
    if mode & 0o077:
        raise PermissionError(f"the protection secret {p} is readable by others (mode {mode:o}): "
                              f"run `chmod 600 {p}`")
    value = p.read_text(encoding="ascii").strip()
    if len(value) < 32:
        raise ValueError(f"the protection secret {p} is too short or empty")
    return value
