"""Load test: N concurrent headless browser sessions walking every page of the dashboard.

    .venv/bin/python -m bench.load                       # own server on the scale-1 demo DB, 10 sessions
    .venv/bin/python -m bench.load --sessions 10 --views 210 --json out.json
    .venv/bin/python -m bench.load --url http://127.0.0.1:8600 --pid 1234 --pid 1235   # an existing front

One Chromium, one browser context (= one user, own cookies) per session, all driven from one asyncio
loop (the machine has 2 cores: threads would only add contention). Every session opens the pages
by URL, one after the other, round after round, until `--views` page views have been made in total
(or `--max-seconds` is reached). Each page view is a fresh Streamlit session (new websocket).

Page-ready time: from just before `page.goto` until the app is idle with the page's title, i.e.
`[data-testid=stApp]` reports connection CONNECTED and script state notRunning, no status widget
("Running…") is shown, and the main area holds an `h1`. Map rendering (WebGL in the browser)
is not part of it: the figure has arrived by then, the canvas paints afterwards.

Errors (target: zero): HTTP responses >= 400, failed requests (except ones the browser aborted
because we navigated away), uncaught page errors, Streamlit exception boxes
(`[data-testid=stException]`) and ready timeouts. Console errors are counted and shown, not gated.

Server memory: VmRSS from /proc/<pid>/status of the streamlit process(es) - of the server started
here, or of `--pid`/`--port` (processes listening on those loopback ports) - before the run, every
50 page views, after 200 page views and at the end.

Also reported per page: p50/p95 ready time and the websocket bytes the server sent for one view
(the page's delta messages: figures, tables), to tell a slow page from a heavy one.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, start_dashboard  # noqa: E402  (after the path set-up)
from tests.browser_support import stop_dashboard as stop_server  # noqa: E402,F401

PAGES = ["/", "/pokrycie", "/koalicje", "/plany", "/wolontariusze", "/porownanie", "/eksport"]
QUERY = ""  # URL query string of every view (--query level=powiat: the powiat maps)
READY_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  const main = document.querySelector('[data-testid="stMain"]') || document;
  return !!main.querySelector('h1');
}"""
# Opened directly at a page URL (/pokrycie), Streamlit's frontend first probes
# /pokrycie/_stcore/health and /pokrycie/_stcore/host-config to find the app's base path, gets
# 404, then uses /_stcore/... (streamlit/streamlit#7074). Those two 404s per view are by design,
# counted apart and not as errors; every other status >= 400 is an error.
PROBE_404 = re.compile(r"/[^/]+/_stcore/(health|host-config)$")
RSS_EVERY = 50
RSS_MARK = 200


# ------------------------------------------------------------------ server and memory

def start_server(db: Path, port: int | None = None) -> tuple[subprocess.Popen, str]:
    """`streamlit run dashboard.py` on 127.0.0.1 against `db`: demo mode (no sign-in) unless
    KS_AUTH_MODE says otherwise; started and awaited as the browser tests do."""
    return start_dashboard(db, env={"KS_AUTH_MODE": os.environ.get("KS_AUTH_MODE", "demo")}, port=port)


def rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def pids_listening(port: int) -> list[int]:
    """PIDs of the processes with a TCP socket listening on `port` (from /proc/net/tcp{,6})."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    parts = line.split()
                    if parts[3] == "0A" and int(parts[1].rsplit(":", 1)[1], 16) == port:
                        inodes.add(parts[9])
        except OSError:
            continue
    found = set()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    found.add(int(pid))
                    break
        except OSError:
            continue
    return sorted(found)


def rss_all(pids: list[int]) -> dict[int, float | None]:
    return {pid: rss_mb(pid) for pid in pids}


# ------------------------------------------------------------------ load

def _is_script_finished(payload) -> bool:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    m = ForwardMsg()
    try:
        m.ParseFromString(payload if isinstance(payload, bytes) else payload.encode("latin-1"))
    except Exception:  # noqa: BLE001
        return False
    return m.WhichOneof("type") == "script_finished"


def _cpu_ticks(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError, ValueError):
        return None


def _descendants(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(pid))
    out, todo = set(), [root]
    while todo:
        for c in children.get(todo.pop(), []):
            if c not in out:
                out.add(c)
                todo.append(c)
    return out


def _machine_ticks() -> tuple[int, int]:
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]
    return sum(v) - idle, sum(v)


class CpuMeter:
    """Where the CPU went during the run: server process(es), this load generator with its
    Chromium, and everything else on the machine (other users' work)."""

    def __init__(self, server_pids: list[int]):
        self.server_pids = server_pids
        self.first: dict[int, int] = {}
        self.last: dict[int, int] = {}
        self.busy0, self.total0 = _machine_ticks()
        self.load0 = os.getloadavg()
        self.sample()

    def sample(self) -> None:
        own = _descendants(os.getpid()) | {os.getpid()}
        for pid in own - set(self.server_pids):
            t = _cpu_ticks(pid)
            if t is not None:
                self.first.setdefault(("load", pid), t)
                self.last[("load", pid)] = t
        for pid in self.server_pids:
            t = _cpu_ticks(pid)
            if t is not None:
                self.first.setdefault(("server", pid), t)
                self.last[("server", pid)] = t

    def result(self, wall: float) -> dict:
        busy1, total1 = _machine_ticks()
        hz = os.sysconf("SC_CLK_TCK")
        ncpu = os.cpu_count() or 1
        used = {"server": 0, "load": 0}
        for k, t in self.last.items():
            used[k[0]] += t - (self.first[k] if k[1] != os.getpid() or k[0] != "load" else self.first[k])
        busy = busy1 - self.busy0
        capacity = wall * hz * ncpu
        return {"cores": ncpu, "machine_busy_pct": 100 * busy / capacity if capacity else None,
                "server_cpu_s": used["server"] / hz, "loadgen_cpu_s": used["load"] / hz,
                "other_cpu_s": max(0, busy - used["server"] - used["load"]) / hz,
                "loadavg_start": self.load0[0], "loadavg_end": os.getloadavg()[0]}


async def _sample_cpu(meter: CpuMeter, stop: asyncio.Event) -> None:
    while not stop.is_set():
        meter.sample()
        try:
            await asyncio.wait_for(stop.wait(), 1.0)
        except asyncio.TimeoutError:
            pass

@dataclass
class View:
    session: int
    path: str
    seconds: float | None          # None: not ready (timeout or navigation error)
    status: int | None
    ws_bytes: int
    errors: list[str]
    server: float | None = None    # rerun request sent -> script_finished received (server side)
    at: float = 0.0                # when the view ended (time.time())


@dataclass
class Stats:
    target_views: int
    deadline: float
    pids: list[int]
    views: list[View] = field(default_factory=list)
    started: int = 0
    rss: list[tuple[int, dict]] = field(default_factory=list)   # (views done, {pid: MB})
    console_errors: list[str] = field(default_factory=list)
    probe_404: int = 0
    aborted: int = 0
    late_errors: list[str] = field(default_factory=list)

    def claim(self) -> bool:
        """May a session start one more page view? (bounded by count and time)"""
        if self.started >= self.target_views or time.time() > self.deadline:
            return False
        self.started += 1
        return True

    def done(self, v: View) -> None:
        self.views.append(v)
        n = len(self.views)
        if self.pids and (n % RSS_EVERY == 0 or n == RSS_MARK):
            if not self.rss or self.rss[-1][0] != n:
                self.rss.append((n, rss_all(self.pids)))


async def _session(browser, base: str, idx: int, stats: Stats, timeout_ms: int, think: float) -> None:
    ctx = await browser.new_context(viewport={"width": 1400, "height": 900}, locale="pl-PL")
    page = await ctx.new_page()
    cur: dict = {"errors": [], "ws": 0, "path": None, "seq": 0}

    def on_response(r):
        if r.status >= 400:
            if r.status == 404 and PROBE_404.search(r.url):
                stats.probe_404 += 1  # Streamlit's base-path probe, see PROBE_404
                return
            error(f"HTTP {r.status} {r.url}")

    def on_failed(r):
        failure = r.failure or ""
        if "ERR_ABORTED" in failure:
            # the browser cancelled it (we navigated on; under heavy CPU load Playwright may report a
            # lazy JS chunk of the previous view late). A server failure shows as an HTTP status or
            # ERR_CONNECTION_*/ERR_EMPTY_RESPONSE; a chunk the page really missed shows as a timeout.
            stats.aborted += 1
            return
        error(f"request failed {failure} {r.url}")

    def error(text: str) -> None:
        if cur["path"] is None:   # after the view was counted (between views, during think time)
            stats.late_errors.append(text)
        else:
            cur["errors"].append(text)

    def on_pageerror(e):
        error(f"page error {e}")

    def on_console(m):
        if m.type == "error" and "status of 404" not in m.text:
            stats.console_errors.append(f"{cur['path']}: {m.text[:200]}")

    def on_ws(ws):
        if "/_stcore/stream" in ws.url:
            seq = cur["seq"]

            def frame(payload):
                if seq != cur["seq"]:
                    return  # the previous view's socket, still closing
                cur["ws"] += len(payload)
                if cur.get("finished") is None and len(payload) < 256 and _is_script_finished(payload):
                    cur["finished"] = time.perf_counter()

            def sent(payload):
                if seq == cur["seq"] and cur.get("rerun") is None:
                    cur["rerun"] = time.perf_counter()
            ws.on("framereceived", frame)
            ws.on("framesent", sent)

    page.on("response", on_response)
    page.on("requestfailed", on_failed)
    page.on("pageerror", on_pageerror)
    page.on("console", on_console)
    page.on("websocket", on_ws)
    i = idx  # sessions start on different pages, so every page is under load at once
    try:
        while stats.claim():
            path = PAGES[i % len(PAGES)]
            i += 1
            cur.update(errors=[], ws=0, path=path, rerun=None, finished=None, seq=cur["seq"] + 1)
            status = None
            t0 = time.perf_counter()
            ready = None
            try:
                resp = await page.goto(base + path + (f"?{QUERY}" if QUERY else ""), wait_until="commit", timeout=timeout_ms)
                status = resp.status if resp else None
                await page.wait_for_function(READY_JS, timeout=timeout_ms, polling=50)
                ready = time.perf_counter() - t0
                if await page.locator("[data-testid=stException]").count():
                    txt = (await page.locator("[data-testid=stException]").first.inner_text())[:300]
                    cur["errors"].append(f"stException: {txt}")
            except Exception as e:  # noqa: BLE001 - timeouts and navigation errors are counted
                cur["errors"].append(f"{type(e).__name__}: {str(e).splitlines()[0][:200]}")
            # the websocket is still delivering/settling right at ready; bytes so far are the page's
            server = cur["finished"] - cur["rerun"] if cur["finished"] and cur["rerun"] else None
            stats.done(View(idx, path, ready, status, cur["ws"], list(cur["errors"]), server, time.time()))
            cur["path"] = None
            if think:
                await asyncio.sleep(think)
    finally:
        await ctx.close()


async def _load(base: str, sessions: int, views: int, max_seconds: float, timeout_ms: int, think: float,
                pids: list[int]) -> Stats:
    from playwright.async_api import async_playwright
    stats = Stats(target_views=views, deadline=time.time() + max_seconds, pids=pids)
    if pids:
        stats.rss.append((0, rss_all(pids)))
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        meter = CpuMeter(pids)
        stop = asyncio.Event()
        sampler = asyncio.create_task(_sample_cpu(meter, stop))
        try:
            t0 = time.perf_counter()
            await asyncio.gather(*[_session(browser, base, k, stats, timeout_ms, think) for k in range(sessions)])
            stats.wall = time.perf_counter() - t0
            meter.sample()
            stop.set()
            await sampler
            stats.cpu = meter.result(stats.wall)
        finally:
            await browser.close()
    if pids and (not stats.rss or stats.rss[-1][0] != len(stats.views)):
        stats.rss.append((len(stats.views), rss_all(pids)))
    return stats


# ------------------------------------------------------------------ protocol-level load (no browser)

async def _ws_session(base: str, idx: int, stats: Stats, timeout: float, think: float) -> None:
    """One user without a browser: per view, open /_stcore/stream, ask for a run of the page like the
    frontend does on load (BackMsg rerun_script with the page name), wait for script_finished.
    Measures the server alone: what the browser-based test adds on top is the browser's CPU."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    ws_url = base.replace("http://", "ws://", 1).replace("https://", "wss://", 1) + "/_stcore/stream"
    i = idx
    while stats.claim():
        path = PAGES[i % len(PAGES)]
        i += 1
        errors: list[str] = []
        t0 = time.perf_counter()
        ready = None
        nbytes = 0
        try:
            async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None,
                                          open_timeout=timeout) as ws:
                msg = BackMsg()
                msg.rerun_script.query_string = QUERY
                msg.rerun_script.page_name = path.strip("/")
                await ws.send(msg.SerializeToString())
                deadline = time.perf_counter() + timeout
                while True:
                    raw = await asyncio.wait_for(ws.recv(), max(0.1, deadline - time.perf_counter()))
                    nbytes += len(raw)
                    m = ForwardMsg()
                    m.ParseFromString(raw)
                    kind = m.WhichOneof("type")
                    if kind == "delta" and m.delta.WhichOneof("type") == "new_element" \
                            and m.delta.new_element.WhichOneof("type") == "exception":
                        errors.append(f"stException: {m.delta.new_element.exception.message[:200]}")
                    if kind == "script_finished":
                        ready = time.perf_counter() - t0
                        break
        except Exception as e:  # noqa: BLE001
            errors.append(f"{type(e).__name__}: {str(e)[:200]}")
        stats.done(View(idx, path, ready, None, nbytes, errors, ready, time.time()))
        if think:
            await asyncio.sleep(think)


async def _ws_load(base: str, sessions: int, views: int, max_seconds: float, timeout: float, think: float,
                   pids: list[int]) -> Stats:
    stats = Stats(target_views=views, deadline=time.time() + max_seconds, pids=pids)
    if pids:
        stats.rss.append((0, rss_all(pids)))
    meter = CpuMeter(pids)
    stop = asyncio.Event()
    sampler = asyncio.create_task(_sample_cpu(meter, stop))
    t0 = time.perf_counter()
    await asyncio.gather(*[_ws_session(base, k, stats, timeout, think) for k in range(sessions)])
    stats.wall = time.perf_counter() - t0
    meter.sample()
    stop.set()
    await sampler
    stats.cpu = meter.result(stats.wall)
    if pids and (not stats.rss or stats.rss[-1][0] != len(stats.views)):
        stats.rss.append((len(stats.views), rss_all(pids)))
    return stats


def pct(xs: list[float], q: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    k = (len(xs) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def summarise(stats: Stats) -> dict:
    ok = [v.seconds for v in stats.views if v.seconds is not None]
    srv = [v.server for v in stats.views if v.server is not None]
    errors = [e for v in stats.views for e in v.errors] + stats.late_errors
    by_page = {}
    for path in PAGES:
        vs = [v for v in stats.views if v.path == path]
        ts = [v.seconds for v in vs if v.seconds is not None]
        ss = [v.server for v in vs if v.server is not None]
        by_page[path] = {"views": len(vs), "p50": pct(ts, .5), "p95": pct(ts, .95), "max": max(ts, default=None),
                         "server_p50": pct(ss, .5), "server_p95": pct(ss, .95),
                         "ws_kb": statistics.median([v.ws_bytes for v in vs]) / 1024 if vs else None,
                         "errors": sum(len(v.errors) for v in vs)}
    rss_total = [(n, sum(m or 0 for m in d.values())) for n, d in stats.rss]
    before = rss_total[0][1] if rss_total else None
    at_mark = next((m for n, m in rss_total if n >= RSS_MARK), None)
    return {"views": len(stats.views), "ready": len(ok), "p50": pct(ok, .5), "p95": pct(ok, .95),
            "max": max(ok, default=None), "server_p50": pct(srv, .5), "server_p95": pct(srv, .95),
            "probe_404": stats.probe_404, "aborted": stats.aborted, "cpu": getattr(stats, "cpu", None), "errors": len(errors), "error_samples": errors[:20],
            "views_with_errors": sum(1 for v in stats.views if v.errors),
            "console_errors": len(stats.console_errors), "console_samples": stats.console_errors[:10],
            "wall": getattr(stats, "wall", None), "by_page": by_page,
            "rss_series": [(n, {str(k): v for k, v in d.items()}) for n, d in stats.rss],
            "rss_before_mb": before, "rss_after_200_mb": at_mark,
            "rss_end_mb": rss_total[-1][1] if rss_total else None,
            "view_log": [(v.session, v.path, v.seconds, v.server, v.ws_bytes, len(v.errors), v.at, v.errors[:3])
                         for v in stats.views]}


def load(url: str, sessions: int = 10, views: int = 210, max_seconds: float = 600, timeout_s: float = 30,
         think: float = 0.0, pids: list[int] | None = None, protocol: bool = False) -> dict:
    if protocol:
        stats = asyncio.run(_ws_load(url.rstrip("/"), sessions, views, max_seconds, timeout_s, think, pids or []))
    else:
        stats = asyncio.run(_load(url.rstrip("/"), sessions, views, max_seconds, int(timeout_s * 1000), think,
                                  pids or []))
    out = summarise(stats)
    out.update(url=url, sessions=sessions, think=think, mode="protocol" if protocol else "browser")
    return out


def report(s: dict) -> list[tuple[str, str, str]]:
    n = s["sessions"]
    rows = [
        (f"page views ({n} {'websocket-only' if s.get('mode') == 'protocol' else 'browser'} sessions)", f"{s['views']} in {s['wall']:.0f} s", ">= 200"),
        ("page-ready p50 / p95", f"{s['p50']:.2f} s / {s['p95']:.2f} s (max {s['max'] or 0:.2f} s)", "p95 < 3 s"),
        ("  of which server (rerun -> script finished)", f"{s['server_p50']:.2f} s / {s['server_p95']:.2f} s", ""),
        ("errors", f"{s['errors']} ({s['views_with_errors']} views; console errors {s['console_errors']}; "
                   f"base-path probe 404s {s['probe_404']}; requests cancelled by the browser {s['aborted']})", "0"),
    ]
    c = s.get("cpu")
    if c:
        rows.append(("CPU during run (2 cores = 200 %)",
                     f"machine {c['machine_busy_pct'] * c['cores']:.0f} %: server {c['server_cpu_s']:.0f} s, "
                     f"browser+driver {c['loadgen_cpu_s']:.0f} s, other {c['other_cpu_s']:.0f} s; "
                     f"load avg {c['loadavg_start']:.1f} -> {c['loadavg_end']:.1f}", ""))
    if s["rss_before_mb"] is not None:
        rows.append(("server RSS before / after 200 views / end",
                     f"{s['rss_before_mb']:.0f} / {s['rss_after_200_mb'] or float('nan'):.0f} / "
                     f"{s['rss_end_mb']:.0f} MB", "bounded"))
    for path, d in s["by_page"].items():
        if d["views"]:
            rows.append((f"  {path} p50 / p95 ({d['views']} views)",
                         f"{d['p50']:.2f} / {d['p95']:.2f} s (server {d['server_p50']:.2f} / "
                         f"{d['server_p95']:.2f}), ws {d['ws_kb']:.0f} KB", "p95 < 3 s"))
    return rows


def print_summary(s: dict) -> None:
    for name, value, target in report(s):
        print(f"{name:<46} {value:<60} target {target}")
    if s["rss_series"]:
        print("RSS by page views:", ", ".join(
            f"{n}: " + "+".join(f"{m:.0f}" for m in d.values() if m is not None) + " MB" for n, d in s["rss_series"]))
    for e in s["error_samples"]:
        print("  error:", e)
    for e in s["console_samples"]:
        print("  console:", e)


def run(sessions: int = 10, views: int = 210, url: str | None = None, think: float = 0.0,
        modes: tuple[str, ...] = ("protocol", "browser")) -> list[tuple[str, str, str]]:
    """Own server on the scale-1 demo database unless `url` is given. Rows (name, value, target).
    Both modes by default: 'protocol' (websocket sessions without a browser: the server's own
    page-ready time, what the 3 s target is about) and 'browser' (10 headless Chromium sessions on
    the same 2 cores: end to end, bound by the load generator's own CPU)."""
    rows: list[tuple[str, str, str]] = []
    for mode in modes:
        proc = None
        base = url
        if not base:
            from bench.common import demo_db
            proc, base = start_server(demo_db(1))
        try:
            s = load(base, sessions, views, think=think, pids=[proc.pid] if proc else None,
                     protocol=mode == "protocol")
            rows += [(f"[{mode}] {name}", value, target) for name, value, target in report(s)]
        finally:
            if proc is not None:
                stop_server(proc)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--url", help="base URL of an existing front (default: start a server on the scale-1 demo DB)")
    ap.add_argument("--db", type=Path, help="database for the own server (default: bench/out/ks-s1.duckdb)")
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--views", type=int, default=210, help="total page views (all sessions)")
    ap.add_argument("--max-seconds", type=float, default=600, help="stop starting new views after this")
    ap.add_argument("--timeout", type=float, default=30, help="seconds a page may take to become ready")
    ap.add_argument("--think", type=float, default=0.0, help="pause between a session's page views, seconds")
    ap.add_argument("--pid", type=int, action="append", default=[], help="server process to measure (repeat)")
    ap.add_argument("--port", type=int, action="append", default=[],
                    help="measure the processes listening on this port (repeat)")
    ap.add_argument("--protocol", action="store_true",
                    help="no browser: speak Streamlit's websocket protocol (server-side time only)")
    ap.add_argument("--json", type=Path, help="also write the full summary here")
    ap.add_argument("--query", default="", help="query string of every view, e.g. level=powiat")
    a = ap.parse_args(argv)
    global QUERY
    QUERY = a.query.lstrip("?")
    if a.url and not re.match(r"^https?://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(/|$)", a.url):
        ap.error("--url must be a loopback address (127.0.0.1 / localhost)")
    pids = list(a.pid) + [p for port in a.port for p in pids_listening(port)]
    proc = None
    url = a.url
    if not url:
        from bench.common import demo_db
        proc, url = start_server(a.db or demo_db(1))
        pids = [proc.pid] + pids
    try:
        s = load(url, a.sessions, a.views, a.max_seconds, a.timeout, a.think, pids, a.protocol)
    finally:
        if proc is not None:
            stop_server(proc)
    print_summary(s)
    if a.json:
        a.json.write_text(json.dumps(s, indent=1, default=str))
    ok = s["errors"] == 0 and s["p95"] < 3 and s["views"] >= min(a.views, 200)
    print("PASS" if ok else "FAIL", f"(errors {s['errors']}, p95 {s['p95']:.2f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
