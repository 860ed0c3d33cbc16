"""Shared Playwright helpers: a dashboard server on a free loopback port, and Debian's Chromium.
bench/load.py starts its server with the same functions.

Chromium runs headless without a GPU, so maps (WebGL through maplibre) need SwiftShader; the
background-networking flags keep it from calling out of this offline machine.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager, nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--enable-unsafe-swiftshader", "--use-angle=swiftshader"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen | None = None, timeout: float = 60) -> None:
    """Until Streamlit's health endpoint at `url` answers "ok"; RuntimeError when `proc` (the
    server) exits first or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return
        except OSError:
            pass
        if (proc is not None and proc.poll() is not None) or time.monotonic() > deadline:
            raise RuntimeError(f"the dashboard at {url} did not become healthy")
        time.sleep(0.3)


def start_dashboard(db: Path, env: dict | None = None, port: int | None = None, timeout: float = 60, *,
                    script: str = "dashboard.py", serve: bool = False, log=None) -> tuple[subprocess.Popen, str]:
    """`streamlit run SCRIPT` (the dashboard unless told) on 127.0.0.1:<port or a free one> against
    `db`, in demo sign-in mode unless `env` says otherwise; returns (process, base URL) once it
    answers. serve=True starts the dashboard as `make run` does: deploy/serve.py fills the caches
    before the server listens. The server's stderr goes to `log` (a file the caller keeps and may
    read), else to a temporary file (a pipe nobody reads would stall a long run); its end is in the
    error when the server does not come up."""
    port = port or free_port()
    opts = ["--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
            "--browser.gatherUsageStats", "false"]
    cmd = ([sys.executable, str(ROOT / "deploy" / "serve.py"), *opts] if serve else
           [sys.executable, "-m", "streamlit", "run", str(ROOT / script), *opts])
    with (tempfile.TemporaryFile() if log is None else nullcontext(log)) as err:  # the server keeps its own handle
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "KS_AUTH_MODE": "demo", "KS_DB": str(db), **(env or {})},
                                stdout=subprocess.DEVNULL, stderr=err)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, proc, timeout)
        except RuntimeError as e:
            stop_dashboard(proc)
            err.seek(0)
            raise RuntimeError(f"{e}: {err.read().decode(errors='replace')[-2000:]}") from None
    return proc, url


def stop_dashboard(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def dashboard_server(db: Path, env: dict | None = None, timeout: float = 60):
    """start_dashboard for a `with` block; yields the base URL."""
    proc, url = start_dashboard(db, env, timeout=timeout)
    try:
        yield url
    finally:
        stop_dashboard(proc)


# Idle: the script has finished, the connection is up, and no element is a placeholder or stale.
IDLE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && !document.querySelector('[data-testid="stSkeleton"], [data-stale="true"], [data-testid="stStatusWidget"]');
}"""


def wait_until_idle(page, timeout_ms: int = 60000, quiet_ms: int = 800) -> None:
    """Until the app has been idle for `quiet_ms` (plotly and data grids render after the run).
    (Streamlit's 'Running…' widget alone is not enough: with toolbarMode minimal it never shows.)"""
    page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    quiet_since = None
    while time.monotonic() < deadline:
        if page.evaluate(IDLE_JS):
            quiet_since = quiet_since or time.monotonic()
            if (time.monotonic() - quiet_since) * 1000 >= quiet_ms:
                return
        else:
            quiet_since = None
        page.wait_for_timeout(100)
    raise TimeoutError(f"the app at {page.url} did not become idle in {timeout_ms} ms")


def open_page(browser, url: str, height: int = 1200, **options):
    """A new 1400-pixel-wide page at `url`, once the app is idle; `options` go to browser.new_page.
    Uncaught page errors are collected in page.errors (check them at the end)."""
    page = browser.new_page(viewport={"width": 1400, "height": height}, **options)
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(url)
    wait_until_idle(page)
    return page


def open_tab(page, label: str, timeout_ms: int = 60000) -> None:
    """Click a (lazy) tab until it is selected: a click while the script still runs is lost."""
    tab = page.locator("[data-testid=stTab]", has_text=label).first
    deadline = timeout_ms / 1000
    start = time.time()
    while tab.get_attribute("aria-selected") != "true":
        if time.time() - start > deadline:
            raise TimeoutError(f"tab {label!r} did not open")
        tab.click(force=True)
        page.wait_for_timeout(500)
    wait_until_idle(page, timeout_ms)
