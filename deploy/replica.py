"""One KS Atlas replica: `streamlit run dashboard.py` on 127.0.0.1:PORT, for deploy/scale_out.sh.

    .venv/bin/python deploy/replica.py PORT

Same as the `streamlit run` command line (headless, no usage stats, no source-file watcher: a
production process need not watch its code), started through Streamlit's CLI entry point so that
the process is named after this launcher: `ps`/`pgrep` show `deploy/replica.py PORT`, and a
`pkill -f "streamlit run"` aimed at development servers does not take the replicas down.
Everything else (KS_DB, KS_AUTH_MODE, KS_CONFIG, STREAMLIT_SERVER_COOKIE_SECRET) comes from the
environment. Started through deploy/serve.py: the caches are filled before the replica listens
(nginx sends no visitor to a replica that does not answer), then one session compiles the pages.
"""
from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not argv[0].isdigit():
        print("usage: replica.py PORT", file=sys.stderr)
        return 2
    import serve  # deploy/serve.py, beside this file: caches filled before listening, then one session
    return serve.main(["--server.address", "127.0.0.1", "--server.port", argv[0], "--server.headless", "true",
                       "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
