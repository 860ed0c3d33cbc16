"""deploy/serve.py, the launcher of `make run` and of the replicas (issue 15, cold start): the caches
are filled before the server listens, so its health check answers only when a first visitor is
served warm."""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import urllib.request

from tests.browser_support import ROOT, start_dashboard, stop_dashboard


def test_serve_warms_before_it_listens(demo_db):
    with tempfile.TemporaryFile() as log:
        proc, url = start_dashboard(demo_db, serve=True, timeout=120, log=log)
        try:
            # by the time anything answers, the launcher has said that it warmed the caches:
            # geometry, units, the indicator tables of 3 levels and the maps of 2, for 2 modes
            log.seek(0)
            said = log.read().decode(errors="replace")
            assert "ks-atlas: 12 caches warmed in" in said, said[-2000:]
            with urllib.request.urlopen(url + "/", timeout=10) as r:
                assert r.status == 200
            # a session runs the default page (deploy/warm.py, as the launcher's own first session;
            # a process of its own: the browser tests' event loop runs in this one)
            t0 = time.perf_counter()
            ran = subprocess.run([sys.executable, str(ROOT / "deploy" / "warm.py"), url, "--timeout", "60"],
                                 cwd=ROOT, capture_output=True, text=True, timeout=90)
            assert ran.returncode == 0, ran.stderr
            assert time.perf_counter() - t0 < 30
        finally:
            stop_dashboard(proc)
