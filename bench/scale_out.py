"""Scale-out test: replicas behind nginx, browser load through the front, a re-import mid-load.

    .venv/bin/python -m bench.scale_out                   # 2 replicas, 10 sessions, 210 page views
    .venv/bin/python -m bench.scale_out --replicas 3 --views 280 --reimport-after 30

1. Database A: the scale-1 demo (seed 2026), copied to a private work folder as KS_DB.
   Demo B (scale 0.5, seed 7 - fewer volunteers, so the headline numbers differ) is generated and
   imported once on the side to know what the dashboard must show after the swap.
2. `deploy/scale_out.sh start` with that KS_DB: R replicas + nginx on 127.0.0.1:8600.
3. bench.load against the front; `--reimport-after` seconds into the load,
   `python -m analytics import B --db KS_DB` swaps the file while sessions are running.
4. Checks: zero errors in the load (HTTP, page errors, exceptions, timeouts); every replica served
   traffic (nginx access log, $upstream_addr); every replica, asked directly, shows B's registered
   volunteers on the overview - same process ids as before the import (no restart).
5. `deploy/scale_out.sh stop` always (try/finally and SIGTERM), then PASS/FAIL.
"""
from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import OUT, demo_db  # noqa: E402
from bench.load import CHROMIUM, CHROMIUM_ARGS, READY_JS, rss_mb  # noqa: E402

PY = sys.executable
SCRIPT = ROOT / "deploy" / "scale_out.sh"
METRIC_LABEL = "Wolontariusze zarejestrowani"   # catalogue: volunteers_registered (Polish UI)


def sh(args: list, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=ROOT, check=True, text=True, **kw)


def demo_b(scale: float, seed: int) -> Path:
    folder = OUT / f"demo-s{scale:g}-seed{seed}-parquet"
    if not (folder / "hours.parquet").exists():
        sh([PY, "-m", "analytics", "demo", "--out", folder, "--scale", scale, "--seed", seed,
            "--format", "parquet"], stdout=subprocess.DEVNULL)
    return folder


def registered(db: Path, work: Path) -> int:
    """Registered volunteers in Poland at the data's own as-of date (what the overview shows)."""
    out = work / f"ind-{db.stem}.csv"
    sh([PY, "-m", "analytics", "indicators", "--db", db, "--level", "country", "--out", out],
       stdout=subprocess.DEVNULL)
    with open(out, encoding="utf-8-sig") as f:
        text = f.read()
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;")
    row = next(csv.DictReader(text.splitlines(), dialect=dialect))
    return int(float(str(row["volunteers_registered"]).replace(",", ".")))


async def _shown(urls: list[str]) -> dict[str, dict]:
    """Open '/' on each replica directly; the registered-volunteers metric and the data-as-of caption."""
    from playwright.async_api import async_playwright
    out = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for url in urls:
                ctx = await browser.new_context(viewport={"width": 1400, "height": 900})
                page = await ctx.new_page()
                try:
                    await page.goto(url + "/", wait_until="commit", timeout=60000)
                    await page.wait_for_function(READY_JS, timeout=60000, polling=100)
                    value = None
                    deadline = time.time() + 30   # the app may rerun once more right after the first run
                    while value is None and time.time() < deadline:
                        for m in await page.locator("[data-testid=stMetric]").all():
                            text = await m.text_content() or ""   # the label is collapsed: not in inner_text
                            if METRIC_LABEL in text:
                                v = await m.locator("[data-testid=stMetricValue]").text_content() or ""
                                value = int(re.sub(r"\D", "", v)) if re.search(r"\d", v) else None
                        if value is None:
                            await page.wait_for_timeout(1000)
                            await page.wait_for_function(READY_JS, timeout=60000, polling=100)
                    body = await page.locator("[data-testid=stSidebar]").inner_text()
                    as_of = next((ln for ln in body.splitlines() if "Najnowsze dane" in ln), None)
                    out[url] = {"registered": value, "as_of": as_of}
                except Exception as e:  # noqa: BLE001
                    out[url] = {"registered": None, "error": f"{type(e).__name__}: {e}"[:300]}
                finally:
                    await ctx.close()
        finally:
            await browser.close()
    return out


def shown(urls: list[str]) -> dict[str, dict]:
    return asyncio.run(_shown(urls))


PROBE = re.compile(r'"GET /[^/ ]+/_stcore/(health|host-config) ')   # Streamlit's base-path probe (bench.load)


def upstream_counts(log: Path, offset: int = 0) -> tuple[Counter, Counter, list[str]]:
    """(requests, websocket sessions) per upstream, and failed requests (status >= 400 other than
    the base-path probe 404s), from the access log from byte `offset` on."""
    reqs, ws, failed = Counter(), Counter(), []
    if not log.exists():
        return reqs, ws, failed
    with open(log, "rb") as f:
        f.seek(offset)
        text = f.read().decode(errors="replace")
    for line in text.splitlines():
        st = re.search(r'" (\d{3}) ', line)
        # 499: the browser closed the request (navigated on) - not a server failure
        if st and int(st.group(1)) >= 400 and st.group(1) != "499" \
                and not (st.group(1) == "404" and PROBE.search(line)):
            failed.append(line)
        m = re.search(r"upstream=(.*?) route=", line)
        if not m:
            continue
        for addr in m.group(1).split(","):  # "a," then " b" when nginx retried on the next replica
            addr = addr.strip()
            if addr and addr != "-":
                reqs[addr] += 1
        if '"GET /_stcore/stream' in line:
            ws[m.group(1)] += 1
    return reqs, ws, failed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--views", type=int, default=210)
    ap.add_argument("--think", type=float, default=0.0)
    ap.add_argument("--timeout", type=float, default=60, help="seconds a page may take to become ready")
    ap.add_argument("--reimport-after", type=float, default=25, help="seconds into the load")
    ap.add_argument("--scale-b", type=float, default=0.5)
    ap.add_argument("--seed-b", type=int, default=7)
    ap.add_argument("--front-port", type=int, default=8600)
    ap.add_argument("--base-port", type=int, default=8601)
    ap.add_argument("--keep", action="store_true", help="keep the work folder (logs, access log)")
    a = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="ks-scale-out-"))
    run_dir = work / "run"
    db = work / "ks.duckdb"
    t_start = time.time()
    print(f"work folder {work}")
    shutil.copyfile(demo_db(1), db)
    src_b = demo_b(a.scale_b, a.seed_b)
    check_b = work / "b-check.duckdb"
    sh([PY, "-m", "analytics", "import", src_b, "--db", check_b], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    expect_a, expect_b = registered(db, work), registered(check_b, work)
    check_b.unlink()
    print(f"registered volunteers: A (scale 1, seed 2026) {expect_a:,}; B (scale {a.scale_b:g}, seed {a.seed_b}) "
          f"{expect_b:,}")

    env = {**os.environ, "KS_DB": str(db), "KS_RUN_DIR": str(run_dir), "REPLICAS": str(a.replicas),
           "FRONT_PORT": str(a.front_port), "BASE_PORT": str(a.base_port), "KS_AUTH_MODE": "demo"}
    stopping = {"done": False}

    def stop_stack():
        if not stopping["done"]:
            stopping["done"] = True
            subprocess.run(["bash", str(SCRIPT), "stop"], cwd=ROOT, env=env)

    def on_signal(signum, _frame):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)   # a second TERM must not cut the stop short
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        stop_stack()
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    results: dict = {}
    checks: list[tuple[str, bool, str]] = []
    load_proc = None
    try:
        t0 = time.time()
        sh(["bash", SCRIPT, "start"], env=env, stdout=subprocess.DEVNULL)
        results["stack_start_s"] = time.time() - t0
        front = f"http://127.0.0.1:{a.front_port}"
        replicas = [f"http://127.0.0.1:{a.base_port + i}" for i in range(a.replicas)]
        pids = [int((run_dir / f"replica-{i + 1}.pid").read_text()) for i in range(a.replicas)]
        before = shown(replicas)
        results["before"] = before
        log_offset = (run_dir / "access.log").stat().st_size   # count the load's requests only

        load_json = work / "load.json"
        load_args = [PY, "-m", "bench.load", "--url", front, "--sessions", str(a.sessions), "--views", str(a.views),
                     "--think", str(a.think), "--timeout", str(a.timeout), "--max-seconds", "1500", "--json", str(load_json)] + [x for p in pids for x in ("--pid", str(p))]
        t_load = time.time()
        load_proc = subprocess.Popen(load_args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        while time.time() - t_load < a.reimport_after and load_proc.poll() is None:
            time.sleep(0.5)
        t_imp = time.time()
        imp = subprocess.run([PY, "-m", "analytics", "import", str(src_b), "--db", str(db)], cwd=ROOT,
                             capture_output=True, text=True)
        t_imp_end = time.time()
        results["import"] = {"rc": imp.returncode, "start_s": t_imp - t_load, "seconds": t_imp_end - t_imp,
                             "tail": (imp.stdout + imp.stderr)[-500:]}
        try:
            load_out, _ = load_proc.communicate(timeout=1800)
        except subprocess.TimeoutExpired:
            load_proc.kill()
            load_out, _ = load_proc.communicate()
        print(load_out)
        s = json.loads(load_json.read_text()) if load_json.exists() else {}
        results["load"] = {k: v for k, v in s.items() if k != "view_log"}
        log = s.get("view_log", [])
        after_swap = [v for v in log if v[6] > t_imp_end]
        during = [v for v in log if t_imp <= v[6] <= t_imp_end]
        results["views_during_import"] = len(during)
        results["views_after_swap"] = len(after_swap)
        results["errors_after_swap"] = sum(v[5] for v in after_swap)
        reqs, ws, failed = upstream_counts(run_dir / "access.log", log_offset)
        results["requests_per_upstream"] = dict(reqs)
        results["failed_requests"] = failed[:20]
        results["sessions_per_upstream"] = dict(ws)
        after = shown(replicas)
        results["after"] = after
        results["pids_alive_unchanged"] = all(rss_mb(p) is not None for p in pids) and pids == [
            int((run_dir / f"replica-{i + 1}.pid").read_text()) for i in range(a.replicas)]
        results["rss_end_mb"] = {p: rss_mb(p) for p in pids}

        checks.append(("load: page views", s.get("views", 0) >= min(a.views, 200), f"{s.get('views')}"))
        checks.append(("load: zero errors", s.get("errors", 1) == 0,
                       f"{s.get('errors')} errors; samples {s.get('error_samples', [])[:3]}"))
        checks.append(("nginx: zero failed requests", not failed,
                       f"{len(failed)} requests >= 400 (not counting base-path probe 404s) of {sum(reqs.values())}"
                       + (f"; first: {failed[0][:200]}" if failed else "")))
        err_lines = [ln for ln in (run_dir / "error.log").read_text(errors="replace").splitlines()
                     if re.search(r"\[(crit|alert|emerg|error)\]", ln)] if (run_dir / "error.log").exists() else []
        results["nginx_error_log"] = err_lines[:20]
        checks.append(("nginx: error log clean", not err_lines,
                       f"{len(err_lines)} [error]/[crit] lines" + (f"; first: {err_lines[0][:200]}" if err_lines else "")))
        checks.append(("re-import succeeded mid-load", imp.returncode == 0 and len(after_swap) > 0,
                       f"rc {imp.returncode}, at {t_imp - t_load:.0f} s into the load, took {t_imp_end - t_imp:.1f} s; "
                       f"{len(during)} views during, {len(after_swap)} after the swap"))
        upstreams = [f"127.0.0.1:{a.base_port + i}" for i in range(a.replicas)]
        checks.append(("every replica served traffic", all(reqs.get(u, 0) > 0 for u in upstreams),
                       ", ".join(f"{u}: {reqs.get(u, 0)} requests / {ws.get(u, 0)} sessions" for u in upstreams)))
        checks.append(("before: replicas show A", all(before[u].get("registered") == expect_a for u in replicas),
                       ", ".join(f"{u}: {before[u].get('registered')}" for u in replicas)))
        checks.append(("after: every replica shows B, no restart",
                       all(after[u].get("registered") == expect_b for u in replicas)
                       and results["pids_alive_unchanged"],
                       ", ".join(f"{u}: {after[u].get('registered') or after[u].get('error')}" for u in replicas)
                       + f" (expected {expect_b}; pids {pids} unchanged: {results['pids_alive_unchanged']})"))
        p95 = s.get("p95")
        checks.append(("load: p95 page-ready < 3 s (informational)", p95 is not None and p95 < 3,
                       f"p50 {s.get('p50', float('nan')):.2f} s, p95 {p95 if p95 is not None else float('nan'):.2f} s"))
    finally:
        if load_proc is not None and load_proc.poll() is None:
            load_proc.kill()
        stop_stack()
        results["checks"] = checks
        (work / "scale_out.json").write_text(json.dumps(results, indent=1, default=str))
        if not a.keep:
            for f in work.glob("*.duckdb*"):
                f.unlink()
    gating = [c for c in checks if "informational" not in c[0]]
    ok = bool(gating) and all(c[1] for c in gating)
    print("\nScale-out test")
    for name, passed, detail in checks:
        print(f"  [{'PASS' if passed else 'FAIL'}] {name}: {detail}")
    print(f"  requests per replica: {results.get('requests_per_upstream')}")
    print(f"  work folder (logs, access log, scale_out.json): {work}")
    print(f"{'PASS' if ok else 'FAIL'} ({time.time() - t_start:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
