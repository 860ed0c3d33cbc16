"""Import of the scale-25 demo (about 1M volunteers, 6M hour rows), CSV and Parquet.

Targets (issue 2): under 60 s and under 3 GB peak memory. Prints one line per measurement.
"""
from __future__ import annotations

import sys

from bench.common import OUT, demo_input, run_measured


def run(scale: float = 25) -> list[tuple[str, str, str]]:
    rows = []
    for fmt in ("csv", "parquet"):
        gen_wall, gen_mem = run_measured([sys.executable, "-m", "analytics", "demo", "--out",
                                          str(OUT / f"gen-s{scale:g}-{fmt}"), "--scale", str(scale),
                                          "--format", fmt])
        rows.append((f"demo generation, scale {scale:g}, {fmt}", f"{gen_wall:.1f} s, peak {gen_mem:,.0f} MB",
                     "< 120 s"))
        src = demo_input(scale, fmt)
        target = OUT / f"bench-import-{fmt}.duckdb"
        wall, mem = run_measured([sys.executable, "-m", "analytics", "import", str(src), "--db", str(target)])
        rows.append((f"import, scale {scale:g}, {fmt}", f"{wall:.1f} s, peak {mem:,.0f} MB", "< 60 s, < 3 GB"))
    return rows


if __name__ == "__main__":
    scale = float(sys.argv[1]) if len(sys.argv) > 1 else 25
    for name, value, target in run(scale):
        print(f"{name:<40} {value:<28} target {target}")
