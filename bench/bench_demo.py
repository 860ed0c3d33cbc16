"""Demo generator benchmark: wall time and peak memory at scale 1 and 25, CSV and Parquet.

Target (demo issue): scale 25 (about 1M volunteers, 6M hour rows) in under 2 minutes and well under
3 GB peak memory on 2 cores. Each measurement runs `python -m analytics demo` in a child process
(bench/common.py: run_measured), writing into a temporary folder that is removed afterwards.

    .venv/bin/python -m bench.bench_demo [SCALE ...]
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import run_measured  # noqa: E402


def run(scales: tuple[float, ...] = (1, 25)) -> list[tuple[str, str, str]]:
    rows = []
    for scale in scales:
        for fmt in ("csv", "parquet"):
            out = Path(tempfile.mkdtemp(prefix="ks_demo_"))
            try:
                wall, mem = run_measured([sys.executable, "-m", "analytics", "demo", "--out", str(out),
                                          "--scale", str(scale), "--format", fmt])
                size = sum(p.stat().st_size for p in out.iterdir()) / 1e6
            finally:
                shutil.rmtree(out, ignore_errors=True)
            rows.append((f"demo generation, scale {scale:g}, {fmt}",
                         f"{wall:.1f} s, peak {mem:,.0f} MB, {size:,.0f} MB", "< 120 s, < 3 GB"))
    return rows


if __name__ == "__main__":
    scales = tuple(float(a) for a in sys.argv[1:]) or (1, 25)
    for name, value, target in run(scales):
        print(f"{name:<40} {value:<36} target {target}")
