"""deploy/serve.py, the launcher of `make run` and of the replicas (issue 15, cold start): the caches
are filled before the server listens, so its health check answers only when a first visitor is
served warm."""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

from tests.browser_support import ROOT, free_port, stop_dashboard, wait_healthy


def test_serve_warms_before_it_listens(demo_db):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "deploy" / "serve.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env={**os.environ, "KS_AUTH_MODE": "demo", "KS_DB": str(demo_db)},
            stdout=subprocess.DEVNULL, stderr=log)
        try:
            wait_healthy(url, proc, 120)
            # by the time anything answers, the launcher has said that it warmed the caches:
            # geometry, units, the indicator tables of 3 levels and the maps of 2, for 2 modes
            log.seek(0)
            said = log.read().decode(errors="replace")
            assert "ks-atlas: 12 caches warmed in" in said, said[-2000:]
            with urllib.request.urlopen(url + "/", timeout=10) as r:
                assert r.status == 200
            sys.path.insert(0, str(ROOT / "deploy"))
            try:
                import warm
            finally:
                sys.path.remove(str(ROOT / "deploy"))
            t0 = time.perf_counter()
            assert asyncio.run(warm.one_run(url, 60)) is True  # a session runs the default page
            assert time.perf_counter() - t0 < 30
        finally:
            stop_dashboard(proc)
