"""Shared helpers for bench scripts: demo inputs and databases at a scale, timed child processes."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def run_measured(args: list[str]) -> tuple[float, float]:
    """Run a child process; return (wall seconds, peak RSS in MB) of that child alone."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {proc.stderr.read().decode()[-2000:]}")
    return wall, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def demo_input(scale: float, fmt: str = "csv", seed: int = 2026) -> Path:
    folder = OUT / f"demo-s{scale:g}-{fmt}"
    if not (folder / f"hours.{fmt}").exists():
        run_measured([sys.executable, "-m", "analytics", "demo", "--out", str(folder), "--scale", str(scale),
                      "--seed", str(seed), "--format", fmt])
    return folder


def demo_db(scale: float, seed: int = 2026) -> Path:
    path = OUT / f"ks-s{scale:g}.duckdb"
    if not path.exists():
        run_measured([sys.executable, "-m", "analytics", "import", str(demo_input(scale, "parquet", seed)),
                      "--db", str(path)])
    return path
