"""Database layout and connections.

A KS Atlas database (built only by the importer, see analytics/data/importer.py) holds:
  - the 13 input tables of the contract (v1.1 added task_teams, task_team_members) plus `population`,
    named and typed as in analytics/data/schema.py,
    always present (empty when the file was not provided), defaults already applied
    (partner_areas.valid_from/valid_to from the partner, coalition_members.joined_on from the
    coalition, task_team_members.joined_on from the team, literal defaults such as sex 'U', weight 1, hours_confirmed 0), enum values in their
    canonical spelling, TERYT codes as zero-padded strings, `hours.month` as the month's first day;
  - reference dimensions `units`, `ref_population`, `unit_population` (analytics/data/reference.py);
  - import metadata: `import_meta` (one row), `import_tables` (per table: provided, rows, source),
    `import_warnings`.
"""
from __future__ import annotations

from analytics import PROJECT_ROOT

import datetime as dt
import os
from pathlib import Path

import duckdb

from analytics.data import reference, schema

DEFAULT_DB = PROJECT_ROOT / "data" / "ks.duckdb"


def db_path() -> Path:
    """The database the app and CLI use unless told otherwise: $KS_DB or data/ks.duckdb."""
    return Path(os.environ.get("KS_DB") or DEFAULT_DB)


def connect_readonly(path: str | os.PathLike) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the file that is at `path` now.

    Not duckdb.connect(path): DuckDB keeps one database instance per file path in a process, so
    while a connection to a file that an import has since replaced (os.replace) is still open,
    connect(path) hands back that old instance and the new data is never seen. A private in-memory
    instance ATTACHes the current file instead; with the in-memory catalog detached, the file is
    every cursor's default catalog."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"database not found: {path}")
    con = duckdb.connect(":memory:")
    con.execute("ATTACH '" + str(path).replace("'", "''") + "' AS ks (READ_ONLY)")
    con.execute("USE ks")
    con.execute("DETACH memory")
    return con


def create_empty(con: duckdb.DuckDBPyConnection) -> None:
    """Every input table (empty) plus the reference dimensions: the layout tests build fixtures on."""
    schema.create_tables(con)
    reference.load_reference(con)
    reference.build_unit_population(con)


def has_table(con, name: str) -> bool:
    return bool(con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchall()[0][0])


def existing_tables(con) -> set[str]:
    """Input tables present in the file. A database built before contract v1.1 lacks the v1.1
    tables (task_teams, task_team_members): it reads as one where they were not provided."""
    names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return {t.name for t in schema.TABLES if t.name in names}


def provided_tables(con) -> set[str]:
    """Input tables that came with the import (and exist in the file). A database without import
    metadata (a test fixture) counts every non-empty input table as provided."""
    existing = existing_tables(con)
    if has_table(con, "import_tables"):
        return existing & {r[0] for r in con.execute("SELECT table_name FROM import_tables WHERE provided").fetchall()}
    return {t for t in existing if con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]}


def data_as_of(con) -> dt.date | None:
    """Default as-of date D: the latest recorded event date in the data (schema `event` columns;
    scheduled dates such as end_date or period_end do not count; a month counts as its last day)."""
    parts = []
    existing = existing_tables(con)
    for t in schema.TABLES:
        if t.name not in existing:
            continue
        for c in t.columns:
            if c.event:
                expr = f"last_day({c.name})" if c.type == schema.MONTH else c.name
                parts.append(f"SELECT max({expr}) AS d FROM {t.name}")
    return con.execute(f"SELECT max(d) FROM ({' UNION ALL '.join(parts)})").fetchall()[0][0]


def unit_table(con):
    """Every unit (country, voivodeships, powiats) with names, type, voivodeship and the per-capita
    population (unit_population), one row per TERYT code."""
    return con.cursor().execute(
        """SELECT u.teryt, u.level, u.name, u.name_full, u.powiat_type, u.voivodeship_teryt,
                  u.voivodeship_name, p.population
           FROM units u LEFT JOIN unit_population p USING (teryt)""").df()


def import_meta(con) -> dict | None:
    if not has_table(con, "import_meta"):
        return None
    cur = con.execute("SELECT * FROM import_meta")
    rows = cur.fetchall()  # fetchall, not fetchone: DuckDB 2 keeps an unfetched result open
    return dict(zip([d[0] for d in cur.description], rows[0])) if rows else None
