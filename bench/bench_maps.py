"""Map figure sizes and build times (and, with --png, sample renders to look at).

    .venv/bin/python bench/bench_maps.py            # sizes and timings
    .venv/bin/python bench/bench_maps.py --png      # also write bench/out/*.png via kaleido

Sizes are len(fig.to_json()) – what Streamlit ships to the browser on every rerun. Pages' maps
reference the boundaries by URL (the static file, fetched once by the browser); the "inline" rows
are the same figures with the geometry inside, as image exports draw them (and as every map was
before the static files). The PNGs need
kaleido and a Chromium at /usr/bin/chromium; they are a dev aid (bench/out/ is git-ignored).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import plotly.graph_objects as go  # noqa: E402

from analytics.present import figures as F  # noqa: E402
from analytics.data import geo  # noqa: E402

OUT = ROOT / "bench" / "out"


def _demo(level: str, seed: int = 7) -> pd.DataFrame:
    u = geo.units(level)
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"teryt": u["teryt"], "v": rng.gamma(2, 5, len(u))})
    df["supp"] = False
    if level == "powiat":
        df.loc[rng.choice(len(df), 12, replace=False), "v"] = np.nan
        df.loc[rng.choice(len(df), 15, replace=False), "supp"] = True
    return df


def _time(fn, repeat: int = 5) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def bench() -> list[tuple]:
    rows = []
    t0 = time.perf_counter()
    geo.geojson("powiat"), geo.geojson("voivodeship"), geo.centroids("powiat")
    rows.append(("geometry load + simplify (cold)", time.perf_counter() - t0, None))
    for d in (5, 4, 3):
        size = len(json.dumps(geo.geojson("powiat", decimals=d), separators=(",", ":")))
        rows.append((f"powiat GeoJSON, {d} decimals", None, size))
    size = len(json.dumps(geo.geojson("voivodeship"), separators=(",", ":")))
    rows.append(("voivodeship GeoJSON, 3 decimals", None, size))
    for level in geo.LEVELS:
        path = geo.write_static(level)
        rows.append((f"static file {path.name} (fetched once)", None, path.stat().st_size))

    dp, dv = _demo("powiat"), _demo("voivodeship")
    cases = [
        ("powiat map, Poland (quantiles, k=5)", lambda: F.choropleth(
            dp, "powiat", "v", "Wolontariusze na 10 tys. mieszkańców", unit="per_10k",
            suppressed_col="supp", as_of=dt.date(2026, 11, 23))),
        ("powiat map, Poland (jenks, k=9)", lambda: F.choropleth(
            dp, "powiat", "v", "Wolontariusze na 10 tys. mieszkańców", unit="per_10k", k=9,
            method="jenks", suppressed_col="supp")),
        ("powiat map, mazowieckie (drill-down)", lambda: F.choropleth(
            dp, "powiat", "v", "Wolontariusze", unit="per_10k", voivodeship="14", suppressed_col="supp")),
        ("voivodeship map", lambda: F.choropleth(dv, "voivodeship", "v", "Wolontariusze", unit="per_10k")),
        ("powiat map, Poland (quantiles, k=5), inline", lambda: F.choropleth(
            dp, "powiat", "v", "Wolontariusze na 10 tys. mieszkańców", unit="per_10k",
            suppressed_col="supp", as_of=dt.date(2026, 11, 23), inline=True)),
        ("voivodeship map, inline", lambda: F.choropleth(dv, "voivodeship", "v", "Wolontariusze",
                                                         unit="per_10k", inline=True)),
    ]
    for name, fn in cases:
        t_build, fig = _time(fn)
        t_json, js = _time(fig.to_json, 3)
        rows.append((name + " – build", t_build, len(js)))
        rows.append((name + " – to_json", t_json, None))
    t_deck, deck = _time(lambda: F.deck_columns(dp, "v", "Wolontariusze", unit="per_10k"))
    rows.append(("pydeck columns (powiat) – build", t_deck, len(deck.to_json())))
    t_deck, deck = _time(lambda: F.deck_columns(dp, "v", "Wolontariusze", unit="per_10k", inline=True))
    rows.append(("pydeck columns (powiat), inline – build", t_deck, len(deck.to_json())))
    return rows


def render_pngs() -> None:
    if not os.path.exists("/usr/bin/chromium"):
        print("no /usr/bin/chromium: skipping PNG renders")
        return
    import kaleido

    kaleido.start_sync_server(silence_warnings=True)
    OUT.mkdir(parents=True, exist_ok=True)
    dp, dv = _demo("powiat"), _demo("voivodeship")
    rng = np.random.default_rng(3)
    figs = {
        "map_powiat_pl": (F.choropleth(dp, "powiat", "v", "Wolontariusze na 10 tys. mieszkańców",
                                       unit="per_10k", suppressed_col="supp", method="jenks",
                                       as_of=dt.date(2026, 11, 23)), 900, 640),
        "map_powiat_12_en": (F.choropleth(dp, "powiat", "v", "Volunteers per 10k residents",
                                          unit="per_10k", lang="en", suppressed_col="supp",
                                          voivodeship="12", selected="1261"), 760, 640),
        "map_voivodeship_pl": (F.choropleth(dv.assign(v=(dv.v * 100).round()), "voivodeship", "v",
                                            "Wolontariusze w SOW", unit="count", k=4,
                                            method="equal_interval", palette="Purples"), 760, 640),
    }
    months = pd.date_range("2025-01-01", "2026-10-01", freq="MS")
    tr = pd.DataFrame([{"month": m, "sex": s, "n": int(100 + i * (5 if s == "F" else 3.5) + rng.integers(0, 20))}
                       for i, m in enumerate(months) for s in ("F", "M")])
    figs["trend"] = (F.trend_line(tr, "month", "n", "Nowi wolontariusze", series_col="sex",
                                  series_labels={"F": "kobiety", "M": "mężczyźni"},
                                  as_of=dt.date(2026, 11, 23)), 800, None)
    v = geo.units("voivodeship")
    dr = pd.DataFrame({"teryt": v.teryt, "name": v.name, "x": rng.gamma(3, 3, 16), "s": [False] * 15 + [True]})
    figs["ranked"] = (F.ranked_bar(dr, "name", "x", "Koalicje na 100 tys. mieszkańców", unit="per_100k",
                                   id_col="teryt", highlight="14", suppressed_col="s", level="voivodeship",
                                   reference_value=8.2), 800, None)
    b = pd.DataFrame({"indicator": ["Wolontariusze w SOW", "Koalicje", "Udział JST w koalicjach",
                                    "Czas oczekiwania (dni)"],
                      "baseline": [120, 2, 0.10, 30], "target": [400, 6, 0.30, 10],
                      "achieved": [260, 5, 0.12, 18], "expected": [300, 4, 0.22, 16],
                      "unit": ["count", "count", "share", "dni"], "status": ["yellow", "green", "red", "green"]})
    figs["bullet"] = (F.bullet(b, "pl", title="Regionalny plan: mazowieckie", as_of="2026-11-23"), 800, None)
    d = pd.DataFrame({"indicator": ["Wolontariusze na 10 tys.", "Koalicje na 100 tys.", "Udział kobiet"],
                      "value": [14.2, 3.1, 0.62], "peer_median": [11.0, 2.2, 0.58],
                      "voivodeship": [12.5, 2.9, 0.6], "country": [10.1, 2.5, 0.59],
                      "unit": ["per_10k", "per_100k", "share"],
                      "peers": [list(rng.gamma(4, 3, 20)), list(rng.gamma(3, 1, 20)), list(rng.uniform(.4, .7, 20))]})
    figs["dot"] = (F.dot_plot(d, "powiat bolesławiecki", "pl", peer_values_col="peers",
                              voivodeship_name="dolnośląskie"), 800, None)
    sm = pd.DataFrame([{"c": c, "sector": s, "n": int(rng.integers(0, 12))}
                       for c in ["Koalicja A", "Koalicja Bielsko", "Koalicja C"]
                       for s in ["civic", "local_government", "public_institution", "business"]])
    figs["sector_mix"] = (F.sector_mix(sm, "c", "sector", "n", "pl", title="Skład sektorowy koalicji"), 800, None)
    for name, (fig, w, h) in figs.items():
        path = OUT / f"{name}.png"
        go.Figure(F.inline_geometry(fig)).write_image(str(path), width=w, height=h or fig.layout.height)
        print("wrote", path.relative_to(ROOT))


def run() -> list[tuple[str, str, str]]:
    rows = []
    for name, secs, size in bench():
        value = ", ".join(x for x in ("" if secs is None else f"{secs * 1000:.0f} ms build",
                                      "" if size is None else f"{size / 1000:.0f} KB JSON") if x)
        rows.append((f"map: {name}", value, "< 1 MB" if size else "-"))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--png", action="store_true", help="also render sample PNGs to bench/out/")
    args = ap.parse_args()
    print(f"{'case':58s} {'time (ms)':>10s} {'JSON (KB)':>10s}")
    for name, secs, size in bench():
        print(f"{name:58s} {'' if secs is None else f'{secs * 1000:10.1f}':>10s} "
              f"{'' if size is None else f'{size / 1000:10.1f}':>10s}")
    if args.png:
        render_pngs()


if __name__ == "__main__":
    main()
