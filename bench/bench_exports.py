"""Evaluator exports: the 20-chart report bundle at scale 1, and single-chart render times.

    .venv/bin/python -m bench.bench_exports          # or: .venv/bin/python bench/bench_exports.py

The bundle (voivodeship level, 17 indicator maps + 3 overview charts, each as PNG and SVG, plus
CSV/XLSX/HTML) must build in under 30 s; it includes starting the headless Chromium. Single-chart
times are with the renderer already running (the steady state of the dashboard's download buttons).
"""
from __future__ import annotations


import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import OUT, demo_db  # noqa: E402


def _median_time(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run(scale: float = 1) -> list[tuple[str, str, str]]:
    from analytics.metrics import catalogue
    from analytics.data import db, geo
    from analytics.present import exports as E, figures as F, report
    rows = []
    path = demo_db(scale)
    con = db.connect_readonly(path)
    codes = list(catalogue.CODES[:17])
    out = OUT / "bench-report.zip"
    res = report.build_report(con, out, level="voivodeship", codes=codes, lang="pl")
    t = res.timings
    rows.append((f"report bundle, {res.charts} charts (PNG+SVG), voivodeship, scale {scale:g}, cold process "
                 "(as `python -m analytics report`: starts Chromium)",
                 f"{res.seconds:.1f} s (data {t['data']:.1f}, images {t['images']:.1f}, "
                 f"tables {t['tables']:.1f}, html {t['html']:.1f})", "< 15 s"))
    res2 = report.build_report(con, OUT / "bench-report-warm.zip", level="voivodeship", codes=codes, lang="pl")
    rows.append(("same bundle, renderer running (the Export page starts it when it opens)",
                 f"{res2.seconds:.1f} s", "< 15 s"))
    res3 = report.build_report(con, OUT / "bench-report-powiat.zip", level="powiat", codes=codes, lang="pl")
    rows.append((f"report bundle, {res3.charts} charts, powiat, scale {scale:g}", f"{res3.seconds:.1f} s", "-"))
    rows.append(("bundle size (voivodeship / powiat)",
                 f"{out.stat().st_size / 1e6:.1f} MB / {(OUT / 'bench-report-powiat.zip').stat().st_size / 1e6:.1f} MB", "-"))

    as_of = db.data_as_of(con)
    sv = E.suppressed_frame(con, "voivodeship", as_of)
    sp = E.suppressed_frame(con, "powiat", as_of)
    c = "volunteers_per_10k"
    figs = {
        "voivodeship map": F.choropleth(sv, "voivodeship", c, "Wolontariusze na 10 tys.", unit="per_10k",
                                        suppressed_col=c + "__suppressed", as_of=as_of),
        "powiat map": F.choropleth(sp, "powiat", c, "Wolontariusze na 10 tys.", unit="per_10k",
                                   suppressed_col=c + "__suppressed", as_of=as_of),
        "ranked bar (16)": F.ranked_bar(sv.merge(geo.units("voivodeship")[["teryt", "name_full"]]), "name_full",
                                        c, "Wolontariusze na 10 tys.", unit="per_10k", id_col="teryt",
                                        suppressed_col=c + "__suppressed", level="voivodeship", as_of=as_of),
    }
    for name, fig in figs.items():
        for f in E.FORMATS:
            secs = _median_time(lambda: E.figure_bytes(fig, f))
            rows.append((f"{name}, {f}", f"{secs * 1000:.0f} ms", "-"))
    df = E.indicator_export_frame(con, "powiat", as_of, include_country=True)
    rows.append(("indicator table, powiat (381 x 28): frame", f"{_median_time(lambda: E.indicator_export_frame(con, 'powiat', as_of)) * 1000:.0f} ms", "-"))
    rows.append(("  csv utf8 / excel_pl", f"{_median_time(lambda: E.csv_bytes(df)) * 1000:.0f} / "
                 f"{_median_time(lambda: E.csv_bytes(df, 'excel_pl')) * 1000:.0f} ms", "-"))
    rows.append(("  xlsx with metadata", f"{_median_time(lambda: E.xlsx_bytes({'Wskaźniki': df}, E.export_metadata(con, level='powiat', as_of=as_of), definitions=E.definitions_frame())) * 1000:.0f} ms", "-"))
    rows.append(("renderer browser starts in this process", str(E.renderer().starts), "1"))
    con.close()
    return rows


if __name__ == "__main__":
    scale = float(sys.argv[1]) if len(sys.argv) > 1 else 1
    for name, value, target in run(scale):
        print(f"{name:<58} {value:<52} target {target}")
