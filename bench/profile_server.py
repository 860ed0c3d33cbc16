"""Where a server's CPU per page view goes: `streamlit run dashboard.py` with every script run
profiled (cProfile around Streamlit's ScriptRunner._run_script, the thread that runs the page and
builds its messages), the profiles summed and written when the server stops.

    KS_PROFILE_OUT=bench/out/server.prof .venv/bin/python bench/profile_server.py --server.port 8765
    .venv/bin/python -m bench.load --url http://127.0.0.1:8765 --protocol --sessions 1 --views 24
    kill -TERM <pid>; .venv/bin/python -c "import pstats; pstats.Stats('bench/out/server.prof').sort_stats('cumulative').print_stats(40)"

The event loop thread (websocket writes) is not in the profile; the script thread does the work:
running the page, serialising figures and tables into protobuf messages.
"""
from __future__ import annotations

import atexit
import cProfile
import os
import pstats
import signal
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.web import cli
    out = Path(os.environ.get("KS_PROFILE_OUT", ROOT / "bench" / "out" / "server.prof"))
    lock = threading.Lock()
    profiles: list[cProfile.Profile] = []
    original = script_runner.ScriptRunner._run_script

    def profiled(self, rerun_data):
        prof = cProfile.Profile()
        prof.enable()
        try:
            return original(self, rerun_data)
        finally:
            prof.disable()
            with lock:
                profiles.append(prof)

    script_runner.ScriptRunner._run_script = profiled

    def dump(*_):
        with lock:
            if profiles:
                out.parent.mkdir(parents=True, exist_ok=True)
                st = pstats.Stats(profiles[0])
                for p in profiles[1:]:
                    st.add(p)
                st.dump_stats(str(out))
                print(f"profile of {len(profiles)} script runs -> {out}", file=sys.stderr)
                profiles.clear()

    atexit.register(dump)
    signal.signal(signal.SIGUSR1, dump)  # dump (and restart the sum) without stopping
    sys.argv = ["streamlit", "run", str(ROOT / "dashboard.py"), "--server.address", "127.0.0.1",
                "--server.headless", "true", "--browser.gatherUsageStats", "false", *sys.argv[1:]]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
