"""`make bench`: run every benchmark and rewrite docs/performance.md with today's figures.

Each bench module exposes run() -> [(measurement, value, target)]. Scale-25 inputs and databases
are built under bench/out/ on first use (bench/common.py) and reused afterwards.
"""
from __future__ import annotations

import datetime as dt
import importlib
import os
import platform
import sys
import time
import traceback

from bench.common import ROOT

INTROS = {  # standing prose printed above a section's table (kept when the section is re-run)
    "bench.bench_maps": (
        "Geometry is sent once (issue 15): analytics/data/geo.py (geopandas) writes each level's simplified\n"
        "boundaries to `static/geo/<level>.<content hash>.json`, Streamlit serves them at `app/static/geo/`\n"
        "(`server.enableStaticServing`), and the plotly and pydeck maps reference them by URL; the browser\n"
        "fetches each file once (plotly keeps it per page, the HTTP cache across pages: ETag / 304), so a\n"
        "figure carries only codes, values, colours and hover texts. Image exports and the offline HTML\n"
        "inline the geometry again (`figures.inline_geometry`, called by `exports.static_figure`)."),
    "bench.bench_floor": (
        "Each KS Atlas page with a map against the floor, a bare Streamlit page with one plotly powiat\n"
        "map on the same static GeoJSON (`bench/floor_app.py`), both served side by side from the scale-1\n"
        "demo database with the same `.streamlit/config.toml`, measured in one run, one view at a time in\n"
        "one headless Chromium, round-robin so that the shared machine's load falls on all alike; the\n"
        "ratios to the floor are what the targets are about. Page ready: navigation until the app is idle\n"
        "and every visible map has drawn (MapLibre `loaded()`); server time: a websocket session without\n"
        "a browser, run request until `script_finished`; server CPU: user + system time of the server\n"
        "process per browser view (mean; /proc, 10 ms ticks). First page: the dashboard started as\n"
        "`make run` starts it (`deploy/serve.py`: the caches filled before the server listens, then one\n"
        "session that compiles the pages), `/` opened in a new browser context when the health check\n"
        "answers, and on other starts once the server has been idle for 0.5 s (three starts each,\n"
        "the median; the floor's first page likewise). Level switch: against the floor page switching\n"
        "its one map between the levels (`/?switch=1`): Streamlit's plotly element id includes the\n"
        "figure, so any new figure is a new element, drawn by a new MapLibre map and WebGL context, in\n"
        "the dashboard and the floor alike; nine switches each, in blocks of three alternating between\n"
        "the two, the first switch after opening a page not counted (it fetches the geometry). The\n"
        "browser's time to draw the new map moves by about a third of a second from one switch to the\n"
        "next, on the floor as on the dashboard. Where a switch's time goes (its own row): the server's\n"
        "part, the powiat figure reaching the page's graph div, the map drawn, and one frame of the\n"
        "powiat map redrawn as it is: headless Chromium draws WebGL in software (SwiftShader) and reads\n"
        "every frame back for its software compositor, and a switch draws several frames. Keeping the\n"
        "map mounted does not shorten it: a prototype (an `st.components.v2` component calling\n"
        "`Plotly.react` on one graph div, the same MapLibre map kept; not shipped) took as long as a new\n"
        "map (1.23 s against the floor's 1.22 s in one run on the AMD EPYC machine), because MapLibre\n"
        "tiles and draws the new level's sources either way. 10 sessions:\n"
        "`bench/load.py` in protocol mode against the same server after one unmeasured pass of the\n"
        "same load (a server in service is warm; cold views are the first-page rows), three measured\n"
        "passes (the median pass by p95 is reported, with each pass's p95), and against the floor,\n"
        "warmed alike.\n\n"
        "What the server does per view, and what was cut (bench/profile_server.py: cProfile of the\n"
        "script runs in a live server): `gc.collect()` after every run (~0.3 s, half the script thread's\n"
        "time: `runner.postScriptGC = false`, and `gc.freeze()` after warming), magic's rewrite of each\n"
        "page on every compile (`runner.magicEnabled = false`), unpickling cached indicator tables on\n"
        "every hit (now shared frames handed out as copy-on-write shallow copies), re-sorting the powiat\n"
        "finder, re-deriving and re-formatting each map's table and summary (once per cached figure), and\n"
        "on the Compare page its tables (once per data stamp, area, peer group, role and language, kept\n"
        "formatted and as Arrow tables), recompiling dashboard.py and the page for every new session\n"
        "(Streamlit empties its script cache whenever a session connects; `ui/scripts.py` keeps the\n"
        "compiled pages while no file watcher runs), and on the Partners page sorting and formatting\n"
        "its register on every run (once per data version, date, language and voivodeship now), and\n"
        "every chart's table and downloads (a table, its legend and five buttons in six columns per\n"
        "chart), now filled only while the chart's table expander is open, and each headline card's\n"
        "frame and label (one `st.metric` per card now, not a frame, a label and a metric). In\n"
        "the browser, every map change also read the WebGL canvas back for the print snapshot (0.1-0.3 s\n"
        "of the main thread); the snapshot is now taken when the page is printed. Map\n"
        "controls live in an `st.fragment`: changing the indicator or the classification reruns the map\n"
        "only. Caches are warmed at start, before the server listens (`deploy/serve.py`, `ui/data.warm`;\n"
        "a server started otherwise warms in a thread, once per process and data version), for both\n"
        "protection modes, keyed by mode as every cache."),
}

NOTES = {  # standing explanations printed under a section's table
    "bench.load": ("`[protocol]`: ten sessions speaking Streamlit's websocket protocol, no browser: the server's "
                   "own page-ready time, which the 3 s target is about. `[browser]`: ten headless Chromium "
                   "sessions on the same two cores as the server: end to end, bound by the load generator "
                   "(compare the browsers' CPU seconds with the server's); run it with the browsers on "
                   "another machine (`--url`) for real end-to-end figures."),
    "bench.bench_maps": (
        "Times are CPU time of the process (on a shared, busy machine absolute times are inflated; "
        "compare rows).\n\n"
        "Per page view, server side (bench/load.py `--protocol --sessions 1 --views 21 --query level=powiat`,\n"
        "the seven pages at powiat level, the same demo database, two rounds alternating between a server on\n"
        "the commit before the static files and one after, on the same busy machine; measured once, when the\n"
        "static files came in):\n\n"
        "| measurement | before (geometry inline) | after (geometry by URL) |\n"
        "|---|---|---|\n"
        "| server CPU per page view (mean of 21 views, 2 rounds) | 0.646 / 0.657 s | 0.420 / 0.467 s |\n"
        "| websocket bytes, Overview (powiat map) | 760 KB | 157 KB |\n"
        "| websocket bytes, Coverage / Coalitions / Plans / Volunteers | 718 / 748 / 721 / 762 KB | "
        "115 / 146 / 118 / 160 KB |\n"
        "| websocket bytes, Compare / Export (no powiat map) | 202 / 122 KB | 202 / 122 KB |\n"
        "| browser fetches of geometry per page | 0 (inside every message) | "
        "powiat 513 KB + voivodeship 103 KB, once |"),
    "bench.bench_indicators": (
        "Like for like: both sides compute the same 21 codes with identical results, in the same state. "
        "Compute only: pandas on its input frames already in memory against the engine on a connection "
        "that has answered before (the dashboard's situation; the target is about it). One shot: pandas "
        "reading the Parquet inputs and computing against the engine opening a new connection to the "
        "imported file. The earlier single figure divided pandas' read + compute by the engine's warm "
        "query, which is neither situation.\n\n"
        "Where the engine's speed comes from (issue 15): the importer writes small pre-aggregates beside "
        "the input tables (`agg_*`: hours per powiat and month with each volunteer's previous active "
        "month, so that a distinct count over any run of months is a sum; stocks of volunteers and "
        "organisers per day and month; activities per month, type and audience) and a seal (the rows of "
        "every table). A file opened read-only and still as its import left it (analytics/data/db.py "
        "`sealed`) is answered from them, and its as-of date from the import's metadata; anything else "
        "(a test fixture, a file from an older importer or changed since) is computed from the input "
        "tables as before. With cell keys (protected values) the blocks whose keys belong to single "
        "records (volunteers, hours rows, trainings) keep reading the input tables."),
}

SECTIONS = [  # (title, module, kwargs)
    ("Demo data generation", "bench.bench_demo", {}),
    ("Import (scale 25: ~1M volunteers, ~6.2M hour rows)", "bench.bench_import", {}),
    ("Indicator engine (scale 25) against a plain pandas script", "bench.bench_indicators", {}),
    ("Maps: build time and payload", "bench.bench_maps", {}),
    ("Maps at the floor", "bench.bench_floor", {}),
    ("Page reruns after a filter change (server side)", "bench.bench_pages", {}),
    ("Exports", "bench.bench_exports", {}),
    ("Protection: the attacks of issue 12 through the CLI (scale-1 demo)", "bench.privacy", {}),
    ("Load: concurrent browser sessions", "bench.load", {}),
]


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    mem = next((int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    return f"{os.cpu_count()} cores ({cpu}), {mem / 1024 / 1024:.0f} GiB RAM, Python {platform.python_version()}"


def _existing_sections(path) -> dict[str, list[str]]:
    """'## title' -> its lines, from the current record (kept when only some sections are re-run)."""
    sections: dict[str, list[str]] = {}
    current = None
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("## "):
                current = line[3:].strip()
                sections[current] = [line]
            elif current:
                sections[current].append(line)
    return sections


def main(only: list[str] | None = None) -> int:
    path = ROOT / "docs" / "performance.md"
    kept = _existing_sections(path) if only else {}
    out = [
        "# Performance record",
        "",
        f"Regenerated by `make bench` (one section: `python -m bench.run_all NAME`); last on "
        f"{dt.date.today():%Y-%m-%d}.",
        "Each figure is measured by a script in `bench/`; targets come from the issues; each section's",
        "last line says when and on what machine it was measured. Timings on a 2-core machine vary by",
        "±20 % between runs.",
        "",
    ]
    failed = False
    for title, module, kwargs in SECTIONS:
        if only and not any(o in module for o in only):
            if title in kept:  # not re-run: keep its last figures
                out += kept[title] if kept[title][-1] == "" else kept[title] + [""]
            continue
        print(f"== {title}", flush=True)
        started = time.perf_counter()
        try:
            rows = importlib.import_module(module).run(**kwargs)
        except Exception:  # noqa: BLE001 - one failing bench must not hide the others
            failed = True
            out += [f"## {title}", "", "```", traceback.format_exc(limit=3).strip(), "```", ""]
            print(traceback.format_exc(), file=sys.stderr)
            continue
        out += [f"## {title}", ""]
        if module in INTROS:
            out += [INTROS[module], ""]
        out += ["| measurement | value | target |", "|---|---|---|"]
        out += [f"| {name} | {value} | {target} |" for name, value, target in rows]
        if module in NOTES:
            out += ["", NOTES[module]]
        out += ["", f"_{module.split('.')[-1]}.py, {time.perf_counter() - started:.0f} s; "
                    f"{dt.date.today():%Y-%m-%d}, {machine()}._", ""]
    path.write_text("\n".join(out).rstrip() + "\n", encoding="utf-8")
    print("wrote docs/performance.md")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or None))
