"""Test databases, built one way: an input folder (the demo generator's or a small hand-written one)
imported by the real importer, with the importer's own report when it refuses.

The app and browser tests share ONE demo database (the session fixture `demo_db` in conftest.py);
DEMO_SCALE and DEMO_SEED are chosen so that it holds everything those tests look for: a local
partner working in three powiats, the regional partners REG-02-2024 and REG-14-2024 (mazowieckie:
42 powiats), 2 000 registered volunteers in Poland, small powiat counts (1-9) that get suppressed,
running plans of several partners, and no partner before 2019 (the "before any partner" views).
Only data the demo cannot give (no SOW tables) gets its own small database, through `import_tables`.
"""
from __future__ import annotations

from pathlib import Path

from analytics.data import demo
from analytics.data.importer import import_source
from tests.fixtures_import import valid, write_folder

DEMO_SCALE = 0.05
DEMO_SEED = 1
DEMO_AS_OF = demo.DATA_END            # the demo's latest event date: the app's default as-of date
SOW_TABLES = ("volunteers", "organisers", "hours", "activities")


def import_folder(src: Path, db: Path) -> Path:
    """Import `src` into `db`; a refused import fails the test with the importer's errors."""
    result = import_source(src, db)
    assert result.ok, result.report.format("error")
    return db


def demo_database(folder: Path) -> Path:
    """The shared demo database: demo input in folder/src, imported into folder/ks.duckdb."""
    demo.generate(folder / "src", scale=DEMO_SCALE, seed=DEMO_SEED)
    return import_folder(folder / "src", folder / "ks.duckdb")


def import_tables(folder: Path, tables: dict[str, list[dict[str, str]]]) -> Path:
    """A small database from hand-written rows (fixtures_import.valid() changed by the test)."""
    return import_folder(write_folder(folder / "src", tables), folder / "ks.duckdb")


def no_sow_tables() -> dict[str, list[dict[str, str]]]:
    """The contract's minimal valid folder without the SOW tables. L1 (local, dolnośląskie) works in
    three powiats at the data date; R02 (regional) has no plan."""
    tables = {name: rows for name, rows in valid().items() if name not in SOW_TABLES}
    tables["partner_areas"].append({"partner_id": "L1", "powiat": "0203", "valid_from": "", "valid_to": ""})
    return tables
