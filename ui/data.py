"""One cached read-only DuckDB connection per database file, and cached query results.

The importer swaps a new file in atomically (os.replace), so the file's inode and mtime identify
the data version: when they change, the next call opens the new file and cached results keyed by
the old stamp stop being used.
"""
from __future__ import annotations

import os
from pathlib import Path

import duckdb
import streamlit as st

from analytics import db


def db_stamp() -> tuple[str, int, int] | None:
    path = db.db_path()
    try:
        s = os.stat(path)
    except FileNotFoundError:
        return None
    return (str(path), s.st_ino, s.st_mtime_ns)


@st.cache_resource(max_entries=2, show_spinner=False)
def _connect(path: str, ino: int, mtime_ns: int) -> duckdb.DuckDBPyConnection:
    return db.connect_readonly(Path(path))


def cursor() -> duckdb.DuckDBPyConnection | None:
    """A fresh cursor on the cached connection (one per query: cursors are not shared)."""
    stamp = db_stamp()
    if stamp is None:
        return None
    return _connect(*stamp).cursor()


@st.cache_data(show_spinner=False, max_entries=16)
def import_summary(stamp: tuple) -> dict | None:
    con = cursor()
    if con is None:
        return None
    meta = db.import_meta(con)
    tables = con.execute(
        "SELECT table_name, provided, rows, source_file FROM import_tables ORDER BY rowid").df() \
        if db.has_table(con, "import_tables") else None
    return {"meta": meta, "tables": tables, "as_of": db.data_as_of(con),
            "provided": sorted(db.provided_tables(con))}
