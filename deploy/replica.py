"""One KS Atlas replica: `streamlit run dashboard.py` on 127.0.0.1:PORT, for deploy/scale_out.sh.

    .venv/bin/python deploy/replica.py PORT

Same as the `streamlit run` command line (headless, no usage stats, no source-file watcher: a
production process need not watch its code), started through Streamlit's CLI entry point so that
the process is named after this launcher: `ps`/`pgrep` show `deploy/replica.py PORT`, and a
`pkill -f "streamlit run"` aimed at development servers does not take the replicas down.
Everything else (KS_DB, KS_AUTH_MODE, KS_CONFIG, STREAMLIT_SERVER_COOKIE_SECRET) comes from the
environment. A thread runs deploy/warm.py against the replica once it answers its health check,
so that its caches are filled before nginx sends it a visitor.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not argv[0].isdigit():
        print("usage: replica.py PORT", file=sys.stderr)
        return 2
    import threading

    import warm  # deploy/warm.py, beside this file: fills the caches before the first visitor
    threading.Thread(target=warm.main, args=([f"http://127.0.0.1:{argv[0]}"],), name="ks-warm-hit",
                     daemon=True).start()
    from streamlit.web import cli
    sys.argv = ["streamlit", "run", str(ROOT / "dashboard.py"), "--server.address", "127.0.0.1",
                "--server.port", argv[0], "--server.headless", "true", "--server.fileWatcherType", "none",
                "--browser.gatherUsageStats", "false"]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
