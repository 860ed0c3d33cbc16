"""Shared pytest setup. Keep fixtures namespaced; indicator-engine helpers live in
tests/fixtures_indicators.py."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
for p in (str(ROOT), str(TESTS)):
    if p not in sys.path:
        sys.path.insert(0, p)
