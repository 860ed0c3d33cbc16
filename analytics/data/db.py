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
    `import_warnings`;
  - pre-aggregates the indicator engine reads instead of the big input tables (AGGREGATES, built by
    build_aggregates) and `import_seal` (per input table and pre-aggregate: the rows it held when the
    import wrote the file), which says whether the file is still as its import left it (sealed()).

Sealed files. The app never writes its database: an import builds a new file and swaps it in. So
what the import recorded - `import_meta.data_as_of` and the pre-aggregates - stays true for the file's
life, and reading it saves scanning millions of rows on every query. It is read only when sealed()
holds: the connection is read-only (nobody writes the file under it), the file has `import_seal`, and
every table listed there is still there with the rows counted at import. Anything else - a test
fixture built with create_empty, a file written by an older importer, an imported file changed since
(rows added or removed, a table dropped), any writable connection - is computed from the input tables,
as it always was. (Not detected: an UPDATE that keeps every row count, made through a writable
connection and read later through a read-only one. Only tests edit an imported file; one that changes
rows of a counted table that way must drop `import_seal`. See tests/unit/test_engine_aggregates.py.)
What a sealed file says of itself (tables, seal, provided tables, as-of date) is read once per file
(file_facts: kept by path, inode, size and modification time).
"""
from __future__ import annotations

from analytics import PROJECT_ROOT

import datetime as dt
import os
import threading
from dataclasses import dataclass
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
    return name in all_tables(con)


def all_tables(con) -> set[str]:
    """Every table of the file (the connection's current database and schema), in one catalogue query."""
    return {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = current_schema()").fetchall()}


def existing_tables(con, tables: set[str] | None = None) -> set[str]:
    """Input tables present in the file. A database built before contract v1.1 lacks the v1.1
    tables (task_teams, task_team_members): it reads as one where they were not provided.
    `tables`: all_tables(con), when the caller has it already."""
    names = all_tables(con) if tables is None else tables
    return {t.name for t in schema.TABLES if t.name in names}


def provided_tables(con, tables: set[str] | None = None) -> set[str]:
    """Input tables that came with the import (and exist in the file). A database without import
    metadata (a test fixture) counts every non-empty input table as provided."""
    names = all_tables(con) if tables is None else tables
    existing = existing_tables(con, names)
    if "import_tables" in names:
        return existing & {r[0] for r in con.execute("SELECT table_name FROM import_tables WHERE provided").fetchall()}
    return {t for t in existing if con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]}


def data_as_of(con, tables: set[str] | None = None, is_sealed: bool | None = None) -> dt.date | None:
    """Default as-of date D: the latest recorded event date in the data (schema `event` columns;
    scheduled dates such as end_date or period_end do not count; a month counts as its last day).
    A sealed file (see the module docstring) answers from `import_meta.data_as_of`, which its import
    computed here; any other is computed. `tables`, `is_sealed`: all_tables(con) and sealed(con), when
    the caller has them already."""
    names = all_tables(con) if tables is None else tables
    if sealed(con, names) if is_sealed is None else is_sealed:
        return con.execute("SELECT data_as_of FROM import_meta").fetchall()[0][0]
    parts = []
    existing = existing_tables(con, names)
    for t in schema.TABLES:
        if t.name not in existing:
            continue
        for c in t.columns:
            if c.event:
                expr = f"last_day({c.name})" if c.type == schema.MONTH else c.name
                parts.append(f"SELECT max({expr}) AS d FROM {t.name}")
    return con.execute(f"SELECT max(d) FROM ({' UNION ALL '.join(parts)})").fetchall()[0][0]


# --- pre-aggregates and the seal ---------------------------------------------------------------------
# Built by the importer from the finished input tables (build_aggregates), read by the indicator engine
# (analytics/metrics/indicators.py) only from a sealed file. "First active" columns let a count of
# distinct volunteers or organisers over any run of months p0..p1 be a plain sum: each one active in
# those months has exactly one month there whose previous active month is empty or before p0.
PUBLIC_TYPES_SQL = ", ".join(f"'{t}'" for t in schema.PUBLIC_ORGANISER_TYPES)


def _dated_counts(name: str, table: str, counts: dict[str, tuple[str, str]]) -> dict[str, str]:
    """agg_<name>_days (powiat, month, day, <count>...) and agg_<name>_months (powiat, month, <count>...):
    per count (date column, condition), how many rows of `table` meeting the condition have that date
    on the day / in the month."""
    cols = list(counts)
    parts = " UNION ALL ".join(
        f"SELECT powiat, {date} AS day, " + ", ".join(f"{int(c == k)} AS {c}" for c in cols)
        + f" FROM {table} WHERE {date} IS NOT NULL AND ({cond})" for k, (date, cond) in counts.items())
    sums = ", ".join(f"sum({c}) AS {c}" for c in cols)
    return {
        f"agg_{name}_days": f"""
      SELECT powiat, date_trunc('month', day)::DATE AS month, day, {sums}
      FROM ({parts})
      GROUP BY powiat, day
      ORDER BY day, powiat""",
        f"agg_{name}_months": f"""
      SELECT powiat, month, {sums}
      FROM agg_{name}_days
      GROUP BY powiat, month
      ORDER BY month, powiat""",
    }


AGGREGATES: dict[str, str] = {
    # One row per (the volunteer's powiat, month, active, previous active month): `volunteers` of that
    # powiat with hours that month, `active` when their confirmed hours are > 0, `prev_active` the
    # latest earlier month in which each of them was active (empty: none, or not active), and the
    # sums of their hours_confirmed and hours_logged.
    "agg_volunteer_hours": """
      WITH vm AS (
        SELECT volunteer_id, month, sum(hours_confirmed) AS confirmed, sum(hours_logged) AS logged,
               coalesce(sum(hours_confirmed) > 0, false) AS active
        FROM hours GROUP BY volunteer_id, month),
      m AS (
        SELECT *, CASE WHEN active THEN lag(month) OVER (PARTITION BY volunteer_id, active ORDER BY month)
                  END AS prev_active
        FROM vm)
      SELECT v.powiat, m.month, m.active, m.prev_active, count(*) AS volunteers,
             sum(m.confirmed) AS confirmed, sum(m.logged) AS logged
      FROM m JOIN volunteers v USING (volunteer_id)
      GROUP BY v.powiat, m.month, m.active, m.prev_active
      ORDER BY m.month, v.powiat, m.active, m.prev_active""",
    # Volunteers by the day of their registration (registered) and of becoming a KS member (ks), and
    # organisers in a local base by the day they joined (in_base) and by the day of their MPW certificate
    # (mpw), per powiat: a count "on or before d" is the months before d's month (*_months) plus the
    # days of d's month up to d (*_days).
    **_dated_counts("volunteer", "volunteers", {"registered": ("registered_on", "true"),
                                                "ks": ("ks_member_since", "true")}),
    **_dated_counts("organiser", "organisers", {"in_base": ("joined_on", "base_partner_id IS NOT NULL"),
                                                "mpw": ("mpw_certified_on", "true")}),
    # Activities per (powiat, month of their date, type, audience): how many, and their participants.
    "agg_activities": """
      SELECT powiat, date_trunc('month', date)::DATE AS month, type, audience, count(*) AS activities,
             sum(coalesce(participants, 0)) AS participants
      FROM activities
      GROUP BY powiat, date_trunc('month', date)::DATE, type, audience
      ORDER BY month, powiat, type, audience""",
    # One row per (the organiser's powiat, month, previous engaged month): public-type organisers
    # with confirmed hours > 0 that month, `prev_month` the latest earlier such month (empty: none).
    "agg_public_engaged": f"""
      WITH om AS (SELECT DISTINCT organiser_id, month FROM hours WHERE hours_confirmed > 0),
      m AS (SELECT *, lag(month) OVER (PARTITION BY organiser_id ORDER BY month) AS prev_month FROM om)
      SELECT o.powiat, m.month, m.prev_month, count(*) AS organisers
      FROM m JOIN organisers o USING (organiser_id)
      WHERE o.type IN ({PUBLIC_TYPES_SQL})
      GROUP BY o.powiat, m.month, m.prev_month
      ORDER BY m.month, o.powiat, m.prev_month""",
}


def build_aggregates(con) -> None:
    """(Re)build every pre-aggregate from the input tables of the current database."""
    for name, sql in AGGREGATES.items():
        con.execute(f"CREATE OR REPLACE TABLE {name} AS {sql}")


def _sealed_tables(tables: set[str]) -> set[str]:
    """The tables a seal counts: every input table and pre-aggregate the file holds."""
    return existing_tables(None, tables) | (set(AGGREGATES) & tables)


def _counts_sql(names) -> str:
    return " UNION ALL ".join(f"SELECT '{n}' AS table_name, count(*) AS n FROM {n}" for n in sorted(names))


def write_seal(con) -> None:
    """Record the rows of every input table and pre-aggregate in the file (`import_seal`): the last
    step of an import."""
    con.execute(f"CREATE OR REPLACE TABLE import_seal AS {_counts_sql(_sealed_tables(all_tables(con)))}")


def sealed(con, tables: set[str] | None = None) -> bool:
    """Whether the file is as its import left it, so that its import's records and pre-aggregates
    stand for its data (see the module docstring): the connection is read-only, the file has
    `import_seal` and `import_meta`, and the input tables and pre-aggregates it holds now are exactly
    those `import_seal` counted, with the same rows. When in doubt: False, and everything is computed
    from the input tables."""
    names = all_tables(con) if tables is None else tables
    counted = _sealed_tables(names)
    if not {"import_seal", "import_meta"} <= names or not counted:
        return False
    # one query: read-only, and the seal's (table, rows) pairs are exactly those of the file now (a
    # table dropped, added or with other rows since leaves a pair without its equal)
    return bool(con.execute(f"""
        SELECT (SELECT readonly FROM duckdb_databases() WHERE database_name = current_database())
               AND (SELECT count(*) FROM import_seal) > 0
               AND NOT EXISTS (SELECT 1 FROM import_seal s FULL JOIN ({_counts_sql(counted)}) c
                               USING (table_name) WHERE s.n IS DISTINCT FROM c.n)""").fetchall()[0][0])


@dataclass(frozen=True)
class FileFacts:
    """What every engine query asks of the file first: its tables, whether it is sealed, the input
    tables provided with its import and its as-of date (import_meta; None unless sealed)."""
    tables: frozenset[str]
    sealed: bool
    provided: frozenset[str]
    as_of: dt.date | None


_FACTS: dict[tuple, FileFacts] = {}
_FACTS_LOCK = threading.Lock()
_FACTS_MAX = 16


def file_facts(con) -> FileFacts:
    """all_tables, sealed, provided_tables and (sealed) data_as_of of the connection's file, kept per
    sealed file: about 8 ms of catalogue and row-count queries per engine query at scale 25, the same
    answers for the file's whole life (an import writes a new file and swaps it in). Kept only for a
    sealed file (read-only, as its import left it), and found again only by the same file at the same
    path, inode, size and modification time (a file written to since is another key and is checked
    afresh). Anything else is computed on every call, as sealed() and the others do."""
    rows = con.execute("SELECT path, readonly FROM duckdb_databases() "
                       "WHERE database_name = current_database()").fetchall()
    key = None
    if rows and rows[0][0] and rows[0][1]:
        try:
            st = os.stat(rows[0][0])
            key = (os.path.realpath(rows[0][0]), st.st_ino, st.st_size, st.st_mtime_ns)
        except OSError:
            key = None
    if key is not None:
        with _FACTS_LOCK:
            hit = _FACTS.get(key)
        if hit is not None:
            return hit
    tables = frozenset(all_tables(con))
    is_sealed = sealed(con, set(tables))
    facts = FileFacts(tables, is_sealed, frozenset(provided_tables(con, set(tables))),
                      data_as_of(con, set(tables), True) if is_sealed else None)
    if key is not None and is_sealed:
        with _FACTS_LOCK:
            if len(_FACTS) >= _FACTS_MAX:
                _FACTS.clear()
            _FACTS[key] = facts
    return facts


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
