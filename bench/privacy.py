"""The attacks of issue 12 against the published figures, through the command line, on the scale-1
demo: what share of the cells each attack can try does it recover exactly?

(a) a voivodeship minus its visible powiats: for every person count and every voivodeship with
    exactly one hidden powiat, estimate = voivodeship - sum of the visible powiats;
(b) an area of a hidden powiat and a visible neighbour minus the neighbour, averaged over several
    routes (up to five neighbours each): estimate = mean of (area - neighbour) over the routes;
(c) twelve months of hours minus the visible months: for every powiat whose year is published and
    exactly one month is hidden, estimate = year - sum of the other months.
A cell is recovered when the estimate equals the exact value (hours: within a quarter of an hour,
i.e. the same half hour). Chance hits count as recovered: the attacker cannot tell them apart from
misses, which is why the targets allow some. Also measured: the share of published non-zero counts
that differ from the exact ones, the largest error of a published count and of a sum of hours, and
that every value not about people is published exactly.

Each table comes from `python -m analytics indicators ... [--suppress]`, so the attack sees exactly
what a script on the published files would see; the exact tables are the institution's.

    python -m bench.privacy            # prints the figures; `make bench` writes them to the record
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

from analytics.metrics import catalogue
from bench.common import ROOT, demo_db

COUNTS = catalogue.PERSON_COUNTS
AS_OF = "2026-06-30"
MONTHS = pd.period_range("2025-07", "2026-06", freq="M")


def cli(*args, out: Path, secret_file: Path) -> pd.DataFrame:
    env = {**os.environ, "KS_SECRET_FILE": str(secret_file)}
    run = subprocess.run([sys.executable, "-m", "analytics", "indicators", *args, "--out", str(out)],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    if run.returncode:
        raise SystemExit(f"indicators {' '.join(args)} failed:\n{run.stderr}")
    return pd.read_csv(out, dtype={"teryt": str, "area_id": str})


def tables(db: Path, work: Path, secret_file: Path):
    def both(name, *args):
        exact = cli("--db", str(db), *args, out=work / f"{name}.csv", secret_file=secret_file)
        pub = cli("--db", str(db), *args, "--suppress", out=work / f"{name}_s.csv", secret_file=secret_file)
        return exact, pub
    t = {lv: both(lv, "--level", lv, "--as-of", AS_OF) for lv in ("powiat", "voivodeship", "country")}
    for m in MONTHS:
        first, last = m.start_time.date(), m.end_time.date()
        t[str(m)] = both(f"m{m}", "--level", "powiat", "--as-of", AS_OF, "--period-start", str(first),
                         "--period-end", str(last))
    return t


def attack_a(t) -> tuple[int, int]:
    (pw, pw_s), (_, vv_s) = t["powiat"], t["voivodeship"]
    tried = hit = 0
    for code in COUNTS:
        for v in vv_s["teryt"]:
            mine = pw_s[pw_s["teryt"].str[:2] == v]
            hidden = mine[mine[code].isna()]
            if len(hidden) != 1 or pd.isna(vv_s.set_index("teryt").loc[v, code]):
                continue
            tried += 1
            est = vv_s.set_index("teryt").loc[v, code] - mine[code].sum()
            hit += int(est == pw.set_index("teryt").loc[hidden["teryt"].iloc[0], code])
    return tried, hit


def attack_b(t, db: Path, work: Path, secret_file: Path) -> tuple[int, int]:
    pw, pw_s = t["powiat"]
    rows, targets = [], []
    for code in COUNTS:
        hidden = pw_s[pw_s[code].isna()]["teryt"].tolist()
        for h in hidden[:60]:
            neighbours = [n for n in pw_s["teryt"] if n[:2] == h[:2] and n != h and pd.notna(
                pw_s.set_index("teryt").loc[n, code])][:5]
            for i, n in enumerate(neighbours):
                rows += [(f"{h}+{n}", h), (f"{h}+{n}", n), (f"{n}", n)]
            targets.append((code, h, neighbours))
    if not rows:
        return 0, 0
    areas = pd.DataFrame(rows, columns=["area_id", "powiat"]).drop_duplicates()
    areas.to_csv(work / "areas.csv", index=False)
    pub = cli("--db", str(db), "--areas", str(work / "areas.csv"), "--as-of", AS_OF, "--suppress",
              out=work / "areas_s.csv", secret_file=secret_file).set_index("area_id")
    tried = hit = 0
    for code, h, neighbours in targets:
        if not neighbours:
            continue
        tried += 1
        ests = [pub.loc[f"{h}+{n}", code] - pub.loc[n, code] for n in neighbours]
        ests = [e for e in ests if pd.notna(e)]
        if ests:
            hit += int(round(sum(ests) / len(ests)) == pw.set_index("teryt").loc[h, code])
    return tried, hit


def attack_c(t) -> tuple[int, int]:
    pw, pw_s = (x.set_index("teryt") for x in t["powiat"])
    months = [(t[str(m)][0].set_index("teryt"), t[str(m)][1].set_index("teryt")) for m in MONTHS]
    tried = hit = 0
    for unit in pw_s.index:
        year = pw_s.loc[unit, "hours_confirmed"]
        hidden = [i for i, (_, s) in enumerate(months) if pd.isna(s.loc[unit, "hours_confirmed"])]
        if pd.isna(year) or len(hidden) != 1:
            continue
        tried += 1
        est = year - sum(s.loc[unit, "hours_confirmed"] for i, (_, s) in enumerate(months) if i != hidden[0])
        hit += int(abs(est - months[hidden[0]][0].loc[unit, "hours_confirmed"]) <= 0.25)
    return tried, hit


def noise(t) -> dict:
    differ = shown = 0
    worst_count = worst_hours = 0.0
    exact_elsewhere = True
    for lv in ("powiat", "voivodeship", "country"):
        ex, pub = (x.set_index("teryt") for x in t[lv])
        for code in COUNTS:
            both = pub[code].notna() & (ex[code] > 0)
            shown += int(both.sum())
            differ += int((pub[code][both] != ex[code][both]).sum())
            worst_count = max(worst_count, float((pub[code][both] - ex[code][both]).abs().max() or 0))
        for code in ("hours_confirmed", "hours_logged"):
            both = pub[code].notna() & (ex[code] > 0)
            excess = (pub[code][both] - ex[code][both]).abs() - 0.05 * ex[code][both]
            worst_hours = max(worst_hours, float(excess.max() if both.any() else 0))
        for ind in catalogue.CATALOGUE:
            if ind.protect is None and not ex[ind.code].fillna(-1).equals(pub[ind.code].fillna(-1)):
                exact_elsewhere = False
    return {"differ": differ / max(shown, 1), "worst_count": worst_count, "worst_hours_excess": worst_hours,
            "exact_elsewhere": exact_elsewhere, "shown": shown}


def run() -> list[tuple[str, str, str]]:
    db = demo_db(1)
    with tempfile.TemporaryDirectory(prefix="ks-bench-privacy-") as tmp:
        work = Path(tmp)
        secret_file = work / "protection.key"  # a fresh installation secret for this run
        t = tables(db, work, secret_file)
        a, b, c = attack_a(t), attack_b(t, db, work, secret_file), attack_c(t)
        n = noise(t)

    def share(x):
        tried, hit = x
        return f"{hit} of {tried} ({100 * hit / max(tried, 1):.0f} %)"

    return [
        ("(a) voivodeship minus its visible powiats: cells recovered", share(a), "≤ 20 %"),
        ("(b) area of a hidden and a visible powiat minus the visible one (≤ 5 routes averaged)", share(b), "0"),
        ("(c) 12 months of hours minus the 11 visible months", share(c), "≤ 10 %"),
        ("published non-zero counts that differ from exact", f"{100 * n['differ']:.0f} % of {n['shown']}", "≥ 20 %"),
        ("largest error of a published count", f"{n['worst_count']:.0f}", "≤ 2"),
        ("largest error of a sum of hours beyond 5 %", f"{n['worst_hours_excess']:.2f} h", "≤ 0.5 h"),
        ("values not about people published exactly", "yes" if n["exact_elsewhere"] else "NO", "yes"),
    ]


if __name__ == "__main__":
    for name, value, target in run():
        print(f"{name}: {value} (target {target})")
