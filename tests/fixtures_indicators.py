"""Shared helpers for indicator-engine tests: an empty KS Atlas database and row inserts.

    con = new_db()
    insert(con, "partners", [dict(partner_id="L1", name="A", tier="local", voivodeship="16",
                                  start_date=d("2023-01-01"))])
    set_population(con, {"1601": 100_000})

`insert` fills omitted columns with NULL and, like the importer, the schema defaults
(partner area validity from the partner, membership joined_on from the coalition, literal defaults)
unless apply_defaults=False.
"""
from __future__ import annotations

import datetime as dt

import duckdb

from analytics.data import db, reference, schema

# The 12 powiats of opolskie (voivodeship 16) with round test populations summing to 1,000,000.
OPOLSKIE_POP = {
    "1601": 100_000, "1602": 60_000, "1603": 90_000, "1604": 50_000, "1605": 40_000,
    "1606": 30_000, "1607": 130_000, "1608": 60_000, "1609": 120_000, "1610": 50_000,
    "1611": 70_000, "1661": 200_000, "16": 1_000_000,
}


def d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def new_db() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    db.create_empty(con)
    return con


def insert(con, table: str, rows: list[dict], apply_defaults: bool = True) -> None:
    t = schema.TABLES_BY_NAME[table]
    cols = t.column_names
    for r in rows:
        unknown = set(r) - set(cols)
        if unknown:
            raise KeyError(f"{table}: unknown columns {unknown}")
        vals = []
        for c in t.columns:
            v = r.get(c.name)
            if v is None and apply_defaults and c.default is not None and not str(c.default).startswith("="):
                v = c.default
            if isinstance(v, str) and c.type in (schema.DATE, schema.MONTH) and v:
                v = d(v + "-01") if c.type == schema.MONTH and len(v) == 7 else d(v)
            vals.append(v)
        con.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", vals)
    if apply_defaults:
        fill_defaults(con)


def fill_defaults(con) -> None:
    """Column defaults taken from a parent row (schema.DEFAULT_RULES), as the importer applies them."""
    for (table, col), (parent, pcol, keys) in schema.DEFAULT_RULES.items():
        on = " AND ".join(f"{parent}.{k} = {table}.{k}" for k in keys)
        con.execute(f"UPDATE {table} SET {col} = (SELECT {parent}.{pcol} FROM {parent} WHERE {on}) "
                    f"WHERE {col} IS NULL")


def set_population(con, pops: dict[str, int], year: int = 2024) -> None:
    """Override unit populations through the `population` input table and rebuild unit_population."""
    con.executemany("INSERT INTO population VALUES (?, ?, ?)", [(k, v, year) for k, v in pops.items()])
    reference.build_unit_population(con)


def set_country_population(con, others: int = 50_000) -> None:
    """Every powiat `others` people, opolskie's powiats (and opolskie) as in OPOLSKIE_POP: peer groups
    and rankings over all 380 powiats then have round, hand-checkable numbers."""
    pops = {t: others for (t,) in con.execute("SELECT teryt FROM units WHERE level = 'powiat'").fetchall()}
    set_population(con, pops | OPOLSKIE_POP)


def mark_provided(con, tables: list[str]) -> None:
    """Write import metadata saying exactly `tables` were provided (as a real import would)."""
    con.execute("CREATE TABLE IF NOT EXISTS import_tables (table_name VARCHAR, provided BOOLEAN, "
                "rows BIGINT, source VARCHAR)")
    con.execute("DELETE FROM import_tables")
    con.executemany("INSERT INTO import_tables VALUES (?, ?, 0, 'test')",
                    [(t.name, t.name in tables) for t in schema.TABLES])


def row(df, teryt: str) -> dict:
    """The row of a compute() frame for one unit, as a dict."""
    r = df[df["teryt"] == teryt]
    assert len(r) == 1, f"{teryt} not found"
    return r.iloc[0].to_dict()
