"""Warm a freshly started dashboard before its first visitor: wait for the health check, then open
one session (as a browser does, over Streamlit's websocket) that runs the default page once.

    .venv/bin/python deploy/warm.py http://127.0.0.1:8501 [--timeout 120]

`make run` and deploy/scale_out.sh start it beside each server. The run imports the pages'
libraries and fills the process's caches: the database connection, the map geometry (static
GeoJSON files), the default view's indicator tables and map (ui/data.py `warm`, which
dashboard.py also starts in a background thread once per process). Without sign-in (demo mode) the
run renders the default page; with sign-in it stops at the sign-in form, after dashboard.py has
started the warm-up thread. Exits 0 when the run finished, 1 otherwise (never fatal for the server).
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import time
import urllib.request


def wait_healthy(url: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


async def one_run(url: str, timeout: float, page: str = "", query: str = "") -> bool:
    """One session asking for a run of `page`, as the frontend does on load; True when the script
    finished."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    ws_url = url.replace("http://", "ws://", 1).replace("https://", "wss://", 1) + "/_stcore/stream"
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = page
        await ws.send(msg.SerializeToString())
        deadline = time.monotonic() + timeout
        while True:
            raw = await asyncio.wait_for(ws.recv(), max(0.1, deadline - time.monotonic()))
            m = ForwardMsg()
            m.ParseFromString(raw)
            if m.WhichOneof("type") == "script_finished":
                return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("url", help="the server's base URL, e.g. http://127.0.0.1:8501")
    ap.add_argument("--timeout", type=float, default=120)
    a = ap.parse_args(argv)
    url = a.url.rstrip("/")
    if not wait_healthy(url, a.timeout):
        print(f"warm: {url} did not answer its health check", file=sys.stderr)
        return 1
    try:
        ok = asyncio.run(one_run(url, a.timeout))
    except Exception as e:  # noqa: BLE001 - warming is best effort
        print(f"warm: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
