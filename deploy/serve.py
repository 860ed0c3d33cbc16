"""Start KS Atlas warm: fill the caches first, then listen.

    .venv/bin/python deploy/serve.py [streamlit run options, e.g. --server.port 8501]

Runs `streamlit run dashboard.py OPTIONS` in this process after ui/data.py
`warm_before_listening` has imported the pages' libraries and filled the caches (database
connection, map geometry and its static files, the default view's indicator tables and maps, for
both protection modes). Until then the port is closed and the health check does not answer, so
neither a load balancer nor `make run`'s first visitor reaches a cold server (issue 15: first page
after a start under 4 s). Once the health check answers, a thread opens one session
(deploy/warm.py), which compiles dashboard.py and the default page. `make run` and
deploy/replica.py start the dashboard through here. KS_DB, KS_AUTH_MODE, KS_CONFIG come from the
environment, as for `streamlit run`.
"""
from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent


def option(argv: list[str], name: str, default: str) -> str:
    """The value of a `streamlit run` option given as `--name value` or `--name=value`."""
    for i, a in enumerate(argv):
        if a == name and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith(name + "="):
            return a.split("=", 1)[1]
    return default


def local_url(argv: list[str]) -> str:
    """Where this process will listen, as seen from this machine (0.0.0.0 / :: -> 127.0.0.1)."""
    host = option(argv, "--server.address", "127.0.0.1")
    host = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
    return f"http://{host}:{option(argv, '--server.port', '8501')}"


def warm_caches() -> None:
    """ui/data.py warm_before_listening, timed; one line on stderr for the operator."""
    for p in (str(ROOT), str(HERE)):
        if p not in sys.path:
            sys.path.insert(0, p)
    t0 = time.perf_counter()
    import logging

    import streamlit.runtime.caching.cache_data_api  # noqa: F401 - creates the logger quietened below
    # Streamlit's caches say once per cache that no runtime exists yet (in-memory storage, as the
    # runtime's own default): expected here, not worth a line each in the operator's log.
    quiet = logging.getLogger("streamlit.runtime.caching.cache_data_api")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        from ui import data
        done = data.warm_before_listening()
    finally:
        quiet.setLevel(level)
    print(f"ks-atlas: {len(done)} caches warmed in {time.perf_counter() - t0:.1f} s before listening",
          file=sys.stderr, flush=True)


def first_session(url: str) -> None:
    """deploy/warm.py's one session (compiles dashboard.py and the default page), then gc.freeze()
    again: what the server and that session left for the process's lifetime (the runtime, the
    compiled pages, the page modules) is never walked again by the collector's full passes, each of
    which would otherwise cost a visitor's view about 0.3 s whenever it lands in one."""
    import gc

    import warm  # deploy/warm.py, beside this file
    try:
        warm.main([url])
    finally:
        gc.freeze()


def main(argv: list[str]) -> int:
    warm_caches()
    threading.Thread(target=first_session, args=(local_url(argv),), name="ks-warm-hit", daemon=True).start()
    from streamlit.web import cli
    sys.argv = ["streamlit", "run", str(ROOT / "dashboard.py"), *argv]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
