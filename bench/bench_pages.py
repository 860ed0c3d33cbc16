"""Server-side time of a page rerun after a filter change, and the map's payload size.

For each page: one warm-up run, then reruns after changing a filter in the sidebar, as a user
does: the voivodeship (drill-down), the level, and the as-of date (which invalidates every cached
table). Times are the script's own run time measured around AppTest.run() in this process: the
same work the server does, without network and browser rendering. Median of REPEATS.
Targets (issue 4): under 300 ms at scale 1 and under 1 s at scale 25; powiat map JSON under 1 MB.
"""
from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
import warnings

from bench.common import ROOT, demo_db

PAGES = ["app_pages/overview.py", "app_pages/coverage.py", "app_pages/coalitions.py", "app_pages/plans.py",
         "app_pages/volunteers.py"]
REPEATS = 3


def _timed(at) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    return elapsed


def page_times(db, page: str) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest
    os.environ["KS_DB"] = str(db)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
    at.run()
    if page != PAGES[0]:
        at.switch_page(page)
    _timed(at)  # warm: caches for the default view filled
    out: dict[str, list[float]] = {"voivodeship": [], "level": [], "as_of": []}
    for i in range(REPEATS):
        at.selectbox(key="woj").set_value(["14", "02", "30"][i])
        out["voivodeship"].append(_timed(at))
        at.radio(key="level").set_value("powiat" if i % 2 == 0 else "voivodeship")
        out["level"].append(_timed(at))
        at.date_input(key="as_of").set_value(dt.date(2026, 6, 30) - dt.timedelta(days=31 * (i + 1)))
        out["as_of"].append(_timed(at))
    return {k: statistics.median(v) for k, v in out.items()}


def map_payload() -> tuple[int, int, int]:
    """JSON bytes of the powiat map of Poland and of a voivodeship map (as sent to the browser: the
    geometry by URL), and of the powiat map with its geometry inline (exports; every map before)."""
    import pandas as pd
    from analytics.present import figures
    from analytics.data import geo
    units = geo.units("powiat")
    df = pd.DataFrame({"teryt": units["teryt"], "v": range(len(units))})
    powiat = figures.choropleth(df, "powiat", "v", "x", unit="count")
    vv = geo.units("voivodeship")
    voiv = figures.choropleth(pd.DataFrame({"teryt": vv["teryt"], "v": range(16)}), "voivodeship", "v", "x")
    inline = figures.choropleth(df, "powiat", "v", "x", unit="count", inline=True)
    return len(powiat.to_json()), len(voiv.to_json()), len(inline.to_json())


def run(scales=(1, 25)) -> list[tuple[str, str, str]]:
    warnings.simplefilter("ignore")
    rows = []
    for scale in scales:
        db = demo_db(scale)
        target = "< 300 ms" if scale == 1 else "< 1 s"
        for page in PAGES:
            t = page_times(db, page)
            name = page.split("/")[-1].removesuffix(".py")
            rows.append((f"rerun {name}, scale {scale:g}",
                         " / ".join(f"{k} {v * 1000:.0f} ms" for k, v in t.items()), target))
    powiat, voiv, inline = map_payload()
    rows.append(("map JSON, powiats of Poland", f"{powiat / 1e6:.3f} MB (geometry inline: {inline / 1e6:.2f} MB)",
                 "< 1 MB"))
    rows.append(("map JSON, voivodeships", f"{voiv / 1e6:.3f} MB", "-"))
    return rows


if __name__ == "__main__":
    scales = tuple(float(a) for a in sys.argv[1:]) or (1, 25)
    for name, value, target in run(scales):
        print(f"{name:<36} {value:<52} target {target}")
