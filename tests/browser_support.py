"""Shared Playwright helpers: a dashboard server on a free loopback port, and Debian's Chromium.

Chromium runs headless without a GPU, so maps (WebGL through maplibre) need SwiftShader; the
background-networking flags keep it from calling out of this offline machine.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
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


@contextmanager
def dashboard_server(db: Path, env: dict | None = None, timeout: float = 60):
    """Run `streamlit run dashboard.py` on 127.0.0.1:<free port>; yield its base URL."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, "KS_DB": str(db), **(env or {})},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"dashboard did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


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
