"""Validate an input folder or workbook and build a KS Atlas database from it, all or nothing.

Flow: discover files -> read each as text (analytics/data/readers.py) -> stage in an in-memory DuckDB
with a raw and a typed column per schema column -> apply defaults -> run every check of
analytics/data/schema.py (types, enums, TERYT register, required values, bounds, row rules, keys,
foreign keys) -> if there is any error, stop: nothing is written. Otherwise the database is built in
a new file (mode 0600, inside a private folder beside the target) - the input tables, the engine's
pre-aggregates, the import metadata and, last, the seal (analytics/data/db.py) - and swapped in with
os.replace, so readers never see half a database and a failed import leaves the previous file
byte-for-byte untouched.

One import at a time per database: the whole run holds an exclusive lock beside the target
(`.<name>.lock`, analytics/data/fileutil.py); a second import waits at most `wait` seconds and then
fails naming the holder (pid, host, since). Holding the lock, the run removes the build folders that
killed imports left behind (`.<name>.building-*`): any such folder is an orphan, since every builder
holds the lock. A full disk or a read-only target is reported in one line (ImportResult.failure).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from analytics import __version__
from analytics.data import db, fileutil, reference, schema
from analytics.data.readers import (WORKBOOK_EXTENSIONS, RawTable, UnreadableFile, Workbook, column_letters,
                                    normalise_header, open_workbook, read_file)

EXTENSIONS = (".csv", ".xlsx", ".ods", ".parquet")
DEFAULT_LOCK_WAIT = 60.0   # seconds a second import into the same database waits for the first
FORMULA_REASON = ("a formula without a saved result (the file was written by a program that does not "
                  "calculate formulas): open the file in Excel or LibreOffice and save it, or paste the values")
EXAMPLES_PER_KIND = 20
VALUE_WIDTH = 120


# ---------------------------------------------------------------- the report

@dataclass
class Problem:
    severity: str            # "error" | "warning"
    reason: str
    table: str | None = None
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def line(self) -> str:
        where = " ".join(p for p in (
            self.table or "",
            f"({self.file})" if self.file and self.file != f"{self.table}" else "",
            f"row {self.row}" if self.row is not None else "",
            f"column {self.column}" if self.column else "",
        ) if p)
        value = "" if self.value is None else f" value {self.value!r}:"
        return f"{self.severity.upper()}{' ' + where if where else ''}:{value} {self.reason}".replace("  ", " ")


@dataclass
class Report:
    """Problems grouped by kind: every kind keeps its total and its first examples."""
    examples: dict[tuple, list[Problem]] = field(default_factory=lambda: defaultdict(list))
    totals: Counter = field(default_factory=Counter)

    def add(self, severity: str, reason: str, *, table=None, file=None, row=None, column=None,
            value=None, kind: str | None = None, count: int = 1) -> None:
        key = (severity, table, column, kind or reason)
        self.totals[key] += count
        if len(self.examples[key]) < EXAMPLES_PER_KIND:
            if value is not None:
                value = str(value)
                value = value if len(value) <= VALUE_WIDTH else value[: VALUE_WIDTH - 1] + "…"
            self.examples[key].append(Problem(severity, reason, table, file,
                                              None if row is None else int(row), column, value))

    def count(self, severity: str) -> int:
        return sum(n for k, n in self.totals.items() if k[0] == severity)

    @property
    def errors(self) -> list[Problem]:
        return [p for k, ps in self.examples.items() if k[0] == "error" for p in ps]

    @property
    def warnings(self) -> list[Problem]:
        return [p for k, ps in self.examples.items() if k[0] == "warning" for p in ps]

    def kinds(self, severity: str) -> list[tuple[tuple, int]]:
        return [(k, n) for k, n in self.totals.items() if k[0] == severity]

    def format(self, severity: str, max_lines: int = 200) -> str:
        lines: list[str] = []
        shown = 0
        for key, total in self.kinds(severity):
            for p in self.examples[key]:
                if shown >= max_lines:
                    break
                lines.append(p.line())
                shown += 1
            if total > len(self.examples[key]):
                lines.append(f"  … {total - len(self.examples[key])} more like this "
                             f"({total} in all: {key[1] or ''} {key[2] or ''} {key[3]})".replace("  ", " "))
        kinds = self.kinds(severity)
        if kinds:
            lines.append(f"{severity}s by kind:")
            for (_, table, column, kind), n in kinds:
                lines.append(f"  {n:>9}  {'.'.join(x for x in (table, column) if x) or '-'}: {kind}")
        return "\n".join(lines)


@dataclass
class ImportResult:
    ok: bool
    report: Report
    rows: dict[str, int]
    seconds: float
    db_path: Path
    source: str
    failure: str | None = None   # not the input's fault: the lock is busy, the disk is full, ...

    @property
    def errors(self) -> list[Problem]:
        return self.report.errors

    @property
    def warnings(self) -> list[Problem]:
        return self.report.warnings

    @property
    def error_count(self) -> int:
        return self.report.count("error")

    @property
    def warning_count(self) -> int:
        return self.report.count("warning")

    def summary(self) -> str:
        lines = [f"{'Imported' if self.ok else 'Import FAILED'}: {self.source}"]
        if self.ok:
            lines.append(f"database: {self.db_path}")
        for name, n in self.rows.items():
            lines.append(f"  {name:<18} {n:>10,} rows".replace(",", " "))
        lines.append(f"errors: {self.error_count}, warnings: {self.warning_count}, "
                     f"seconds: {self.seconds:.1f}")
        if not self.ok:
            lines.append("Nothing was changed: the previous database is untouched.")
        return "\n".join(lines)


# ---------------------------------------------------------------- discovery

@dataclass
class Source:
    table: str
    path: Path
    sheet: str | None = None

    @property
    def label(self) -> str:
        return f"{self.path.name}, sheet {self.sheet}" if self.sheet else self.path.name


def discover(src: Path, report: Report) -> list[Source]:
    """Which file (or workbook sheet) holds which table."""
    known = {t.name for t in schema.TABLES}
    found: dict[str, Source] = {}
    if src.is_file() and src.suffix.lower() in WORKBOOK_EXTENSIONS:
        try:
            wb = open_workbook(src)
        except UnreadableFile as e:
            report.add("error", str(e), file=src.name)
            return []
        try:
            for name in wb.sheetnames:
                table = normalise_header(name)
                if table in known:
                    if table in found:
                        report.add("error", f"two sheets hold table {table}", file=src.name)
                    found[table] = Source(table, src, name)
                else:
                    report.add("warning", f"sheet {name!r} is not a table of the data contract; ignored",
                               file=src.name)
        finally:
            wb.close()
    elif src.is_dir():
        inside = src.resolve()
        for path in sorted(src.iterdir()):
            if path.name.startswith((".", "~$")):
                continue
            table = normalise_header(path.stem)
            if path.is_symlink() and not _resolves_inside(path, inside):
                # Refused unread: the file it points to may be anything the importing user can read.
                report.add("error" if table in known else "warning",
                           "a symbolic link to a place outside the input folder; refused without reading "
                           "it (copy the file into the folder instead)",
                           table=table if table in known else None, file=path.name)
                continue
            if not path.is_file():
                continue
            if path.suffix.lower() not in EXTENSIONS or table not in known:
                report.add("warning", "not a table of the data contract (expected <table>.csv, .xlsx, "
                           ".ods or .parquet); ignored", file=path.name)
                continue
            if table in found:
                report.add("error", f"two files hold table {table}: {found[table].path.name} and "
                           f"{path.name}; keep one", table=table, file=path.name)
                continue
            found[table] = Source(table, path)
    elif not src.exists():
        report.add("error", f"{src} does not exist")
        return []
    else:
        report.add("error", "give a folder with one file per table or one .xlsx or .ods workbook",
                   file=src.name)
        return []
    for t in schema.TABLES:
        if t.required and t.name not in found:
            report.add("error", f"required table {t.name} is missing: add {t.name}.csv, .xlsx, .ods or "
                       f".parquet (or a sheet named {t.name})", table=t.name)
        if t.paired_with and t.paired_with in found and t.name not in found:
            report.add("error", f"{t.paired_with} and {t.name} come together or not at all: add {t.name} "
                       f"(a header row alone is enough when it has no rows) or leave out {t.paired_with}",
                       table=t.name)
    return [found[t.name] for t in schema.TABLES if t.name in found]


def _resolves_inside(path: Path, folder: Path) -> bool:
    """Whether a symlink's final target lies inside `folder` (resolved without opening the file)."""
    try:
        target = path.resolve(strict=False)
    except (OSError, RuntimeError):  # a loop of links
        return False
    return target == folder or folder in target.parents


# ---------------------------------------------------------------- typing, in SQL

def _q(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


_TRUE = ("true", "1", "tak", "yes", "t", "y", "prawda")
_FALSE = ("false", "0", "nie", "no", "f", "n", "fałsz", "falsz")


def _number(r: str, decimal_comma: bool) -> str:
    s = f"replace(replace({r}, ' ', ''), chr(160), '')"
    if decimal_comma:
        s = f"replace({s}, ',', '.')"
    return f"TRY_CAST({s} AS DOUBLE)"


# Years 1900-2099 only: a two-digit year ("20.01.24") is an error, not the year 24.
DATE_RE = r"(19|20)\d\d-\d\d?-\d\d?( \d\d:\d\d:\d\d(\.\d+)?)?|\d\d?\.\d\d?\.(19|20)\d\d"
MONTH_RE = r"(19|20)\d\d-\d\d?|\d\d?\.(19|20)\d\d"
DATE_FORMATS = "['%Y-%m-%d', '%d.%m.%Y', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M:%S.%f']"


def _date(r: str) -> str:
    return f"(CASE WHEN regexp_full_match({r}, '{DATE_RE}') THEN try_strptime({r}, {DATE_FORMATS})::DATE END)"


def typed_expr(col: schema.Column, decimal_comma: bool) -> str:
    r = f"r_{col.name}"
    t = col.type
    if t == schema.TEXT:
        return r
    if t in (schema.TERYT2, schema.TERYT4, schema.TERYT):
        digits = f"regexp_replace({r}, '\\.0+$', '')"
        if t == schema.TERYT2:
            return f"(CASE WHEN regexp_full_match({digits}, '\\d{{1,2}}') THEN lpad({digits}, 2, '0') END)"
        if t == schema.TERYT4:
            return f"(CASE WHEN regexp_full_match({digits}, '\\d{{3,4}}') THEN lpad({digits}, 4, '0') END)"
        return (f"(CASE WHEN regexp_full_match({digits}, '\\d{{1,2}}') THEN lpad({digits}, 2, '0') "
                f"WHEN regexp_full_match({digits}, '\\d{{3,4}}') THEN lpad({digits}, 4, '0') END)")
    if t == schema.DATE:
        return _date(r)
    if t == schema.MONTH:
        return (f"(CASE WHEN regexp_full_match({r}, '{MONTH_RE}') THEN try_strptime({r}, ['%Y-%m', '%m.%Y'])::DATE "
                f"ELSE date_trunc('month', {_date(r)})::DATE END)")
    if t == schema.BOOL:
        return (f"(CASE WHEN lower({r}) IN ({', '.join(map(_q, _TRUE))}) THEN true "
                f"WHEN lower({r}) IN ({', '.join(map(_q, _FALSE))}) THEN false END)")
    if t == schema.INT:
        d = _number(r, decimal_comma)
        return f"(CASE WHEN isfinite({d}) AND {d} = trunc({d}) AND abs({d}) < 1e15 THEN {d}::BIGINT END)"
    if t == schema.DECIMAL:
        d = _number(r, decimal_comma)
        return f"(CASE WHEN isfinite({d}) THEN {d} END)"
    if t == schema.ENUM:
        folded = f"replace(replace(lower({r}), ' ', '_'), '-', '_')"
        whens = " ".join(f"WHEN {_q(v.lower())} THEN {_q(v)}" for v in col.enum)
        return f"(CASE {folded} {whens} END)"
    raise ValueError(t)


def conversion_reason(col: schema.Column, decimal_comma: bool) -> str:
    t = col.type
    return {
        schema.TERYT2: "not a voivodeship TERYT code (2 digits, e.g. 02)",
        schema.TERYT4: "not a powiat TERYT code (4 digits, e.g. 0201)",
        schema.TERYT: "not a TERYT code (2 digits for a voivodeship, 4 for a powiat)",
        schema.DATE: "not a date: use YYYY-MM-DD or DD.MM.YYYY",
        schema.MONTH: "not a month: use YYYY-MM",
        schema.BOOL: "not a yes/no value: use tak/nie, true/false, 1/0 or yes/no",
        schema.INT: "not a whole number",
        schema.DECIMAL: "not a number" + ("" if decimal_comma else
                                          " (a decimal comma is allowed only in ';'-separated files)"),
        schema.ENUM: "not one of: " + ", ".join(col.enum),
    }.get(t, "cannot be read")


# ---------------------------------------------------------------- the import

class Importer:
    """`lock_for`: the database whose lock the run holds (default `db_path`; the Data page builds a
    staging file beside the database and holds the database's lock). `wait`: seconds to wait for it."""

    def __init__(self, src: str | os.PathLike, db_path: str | os.PathLike, *,
                 lock_for: str | os.PathLike | None = None, wait: float = DEFAULT_LOCK_WAIT):
        self.src = Path(src)
        self.db_path = Path(db_path)
        self.lock_for = Path(lock_for) if lock_for is not None else self.db_path
        self.wait = wait
        self.failure: str | None = None
        self._workbooks: dict[Path, Workbook] = {}
        self.report = Report()
        self.staged: dict[str, Source] = {}
        self.rows: dict[str, int] = {}
        self.file_info: dict[str, dict] = {}
        self.con = duckdb.connect()
        self.con.execute("SET python_enable_replacements = false")

    # -- helpers
    def err(self, reason, **kw):
        self.report.add("error", reason, **kw)

    def warn(self, reason, **kw):
        self.report.add("warning", reason, **kw)

    def _emit(self, severity: str, sql: str, reason: str, *, table: str, column: str | None,
              kind: str | None = None, count_sql: str | None = None) -> None:
        """Run a query returning (_row, value) of failing rows; record total and examples.
        `count_sql`, when given, counts the same rows more cheaply."""
        total = self.con.execute(count_sql or f"SELECT count(*) FROM ({sql})").fetchall()[0][0]
        if not total:
            return
        file = self.staged[table].label
        for row, value in self.con.execute(f"SELECT * FROM ({sql}) ORDER BY 1 LIMIT {EXAMPLES_PER_KIND}").fetchall():
            self.report.add(severity, reason, table=table, file=file, row=row, column=column,
                            value="" if value is None else value, kind=kind)
        extra = total - min(total, EXAMPLES_PER_KIND)
        if extra:
            self.report.totals[(severity, table, column, kind or reason)] += extra

    # -- reading and staging
    def read(self, source: Source) -> RawTable | None:
        try:
            if source.sheet:
                if source.path not in self._workbooks:  # open a workbook once for all its sheets
                    self._workbooks[source.path] = open_workbook(source.path)
                return self._workbooks[source.path].read(source.sheet, source.label)
            return read_file(source.path)
        except UnreadableFile as e:
            self.err(str(e), table=source.table, file=source.label)
        except Exception as e:  # noqa: BLE001 - a reader library failing on odd input is bad input
            self.err(f"the file cannot be read ({type(e).__name__}: {e})", table=source.table,
                     file=source.label)
        return None

    def stage(self, table: schema.Table, source: Source, raw: RawTable) -> None:
        name = table.name
        wanted = {c.name: c for c in table.columns}
        mapping: dict[str, int] = {}
        for i, header in enumerate(raw.headers):
            norm = normalise_header(header)
            if norm in wanted:
                if norm in mapping:
                    self.err(f"column {norm} appears twice (as {raw.headers[mapping[norm]]!r} and "
                             f"{header!r})", table=name, file=source.label, column=norm)
                mapping[norm] = i
            elif norm in schema.FORBIDDEN_COLUMNS:
                self.err("personal data is not allowed here (data contract section 4): remove this "
                         "column before importing", table=name, file=source.label, column=header,
                         kind="forbidden personal-data column")
            elif norm:
                self.warn("extra column ignored", table=name, file=source.label, column=header)
            elif raw.columns[i].null_count < len(raw.columns[i]) and any(raw.columns[i].to_pylist()):
                self.warn("column without a header ignored", table=name, file=source.label,
                          column=f"#{i + 1}")
        for c in table.columns:
            if c.required and c.name not in mapping:
                self.err(f"required column {c.name} is missing (found: {', '.join(raw.headers)})",
                         table=name, file=source.label, column=c.name)
        for number, got, expected, text in getattr(raw, "invalid_rows", []):
            self.err(f"expected {expected} fields, found {got}", table=name, file=source.label,
                     row=number, value=text, kind="wrong number of fields")
        by_index = {i: norm for norm, i in mapping.items()}
        for (row, col), formula in sorted(getattr(raw, "formula_cells", {}).items()):
            if col - 1 in by_index and row > getattr(raw, "header_row", 1):
                self.err(FORMULA_REASON, table=name, file=source.label, row=row, column=by_index[col - 1],
                         value=f"cell {column_letters(col)}{row} of sheet {raw.sheet}: {formula}",
                         kind="formula without a saved result")

        arrays = {"_row": pa.array(raw.rows, type=pa.int64())}
        for c in table.columns:
            arrays[f"c_{c.name}"] = (raw.columns[mapping[c.name]] if c.name in mapping
                                     else pa.nulls(raw.n_rows, type=pa.string()))
        arrow = pa.table(arrays)
        self.con.register("_arrow", arrow)
        raw_cols = ", ".join(f"nullif(trim(c_{c.name}), '') AS r_{c.name}" for c in table.columns)
        typed = ", ".join(f"{typed_expr(c, raw.decimal_comma)} AS {c.name}" for c in table.columns)
        all_empty = " AND ".join(f"nullif(trim(c_{c.name}), '') IS NULL" for c in table.columns)
        self.con.execute(f"""CREATE TABLE s_{name} AS SELECT *, {typed} FROM (
                               SELECT _row, {raw_cols} FROM _arrow WHERE NOT ({all_empty}))""")
        self.con.unregister("_arrow")
        del arrow, arrays
        self.staged[name] = source
        self.rows[name] = self.con.execute(f"SELECT count(*) FROM s_{name}").fetchall()[0][0]
        self.file_info[name] = {"file": source.label, "format": raw.fmt, "encoding": raw.encoding,
                                "delimiter": raw.delimiter}
        if self.rows[name] == 0:
            self.warn("the table has a header but no data rows", table=name, file=source.label)

    # -- checks
    def check_columns(self, table: schema.Table, decimal_comma: bool) -> None:
        name, s = table.name, f"s_{table.name}"
        for c in table.columns:
            r = f"r_{c.name}"
            if c.required and c.default is None:
                self._emit("error", f"SELECT _row, {r} FROM {s} WHERE {r} IS NULL",
                           "required value is missing", table=name, column=c.name)
            self._emit("error", f"SELECT _row, {r} FROM {s} WHERE {r} IS NOT NULL AND {c.name} IS NULL",
                       conversion_reason(c, decimal_comma), table=name, column=c.name)
            if c.type in (schema.TERYT2, schema.TERYT4, schema.TERYT):
                digits = f"regexp_replace({r}, '\\.0+$', '')"
                self._emit("warning", f"SELECT _row, {r} FROM {s} WHERE {c.name} IS NOT NULL AND {r} <> {digits}",
                           "TERYT code written as a decimal number (such as 2.0 or 02.0); repaired",
                           table=name, column=c.name)
                self._emit("warning", f"SELECT _row, {r} FROM {s} WHERE {c.name} IS NOT NULL "
                           f"AND {r} = {digits} AND {c.name} <> {r}",
                           "TERYT code lost its leading zero (as spreadsheets do); repaired",
                           table=name, column=c.name)
                level = {schema.TERYT2: "('voivodeship')", schema.TERYT4: "('powiat')",
                         schema.TERYT: "('voivodeship', 'powiat')"}[c.type]
                self._emit("error", f"SELECT _row, {r} FROM {s} WHERE {c.name} IS NOT NULL AND {c.name} "
                           f"NOT IN (SELECT teryt FROM units WHERE level IN {level})",
                           "code not in the TERYT register", table=name, column=c.name)
            if c.min is not None:
                op = "<=" if c.min_exclusive else "<"
                self._emit("error", f"SELECT _row, {r} FROM {s} WHERE {c.name} {op} {c.min}",
                           f"must be {'>' if c.min_exclusive else '≥'} {c.min:g}", table=name, column=c.name)

    def apply_defaults(self, table: schema.Table) -> None:
        s = f"s_{table.name}"
        for c in table.columns:
            rule = schema.DEFAULT_RULES.get((table.name, c.name))
            if rule:
                parent, pcol, keys = rule
                if parent in self.staged:
                    on = " AND ".join(f"{s}.{k} = p.{k}" for k in keys)
                    self.con.execute(f"UPDATE {s} SET {c.name} = p.{pcol} FROM s_{parent} p "
                                     f"WHERE {on} AND {s}.r_{c.name} IS NULL")
            elif c.default is not None:
                self.con.execute(f"UPDATE {s} SET {c.name} = ? WHERE r_{c.name} IS NULL", [c.default])

    def check_rows(self, table: schema.Table) -> None:
        name, s = table.name, f"s_{table.name}"
        for chk in table.checks:
            # a defaulted value (joined_on from founded_on) is shown as used
            shown = " || ', ' || ".join(f"'{c}=' || coalesce(r_{c}, {c}::VARCHAR, '')" for c in chk.columns)
            self._emit("warning" if chk.warning else "error",
                       f"SELECT _row, {shown} FROM {s} WHERE NOT coalesce(({chk.sql_ok}), true)",
                       chk.en, table=name, column=", ".join(chk.columns))
        if table.key:
            keys = ", ".join(table.key)
            shown = " || ', ' || ".join(f"'{k}=' || coalesce(r_{k}, {k}::VARCHAR, '')" for k in table.key)
            not_null = " AND ".join(f"{k} IS NOT NULL" for k in table.key)
            self._emit("error", f"""SELECT _row, {shown} || ' (first in row ' || first_row || ')' FROM (
                         SELECT *, min(_row) OVER (PARTITION BY {keys}) AS first_row FROM {s}
                         WHERE {not_null}) WHERE _row > first_row""",
                       "duplicate key" if len(table.key) == 1 else f"duplicate ({keys})",
                       table=name, column=keys,
                       count_sql=f"""SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM {s}
                                     WHERE {not_null} GROUP BY {keys} HAVING count(*) > 1)""")

    def check_references(self, table: schema.Table) -> None:
        name, s = table.name, f"s_{table.name}"
        fks = [((c.name,), c.fk.split(".")[0], (c.fk.split(".")[1],)) for c in table.columns if c.fk]
        fks += list(table.composite_fks)
        for cols, parent, pcols in fks:
            shown = " || ', ' || ".join(f"coalesce(r_{c}, '')" for c in cols)
            not_null = " AND ".join(f"{s}.{c} IS NOT NULL" for c in cols)
            if parent not in self.staged:
                n = self.con.execute(f"SELECT count(*) FROM {s} WHERE {not_null}").fetchall()[0][0]
                if n:
                    self.err(f"refers to table {parent}, which was not provided ({n} rows)", table=name,
                             file=self.staged[name].label, column=", ".join(cols))
                continue
            on = " AND ".join(f"{s}.{c} = p.{pc}" for c, pc in zip(cols, pcols))
            self._emit("error", f"SELECT _row, {shown} FROM {s} WHERE {not_null} AND NOT EXISTS "
                       f"(SELECT 1 FROM s_{parent} p WHERE {on})",
                       f"not found in {parent}.{', '.join(pcols)}", table=name, column=", ".join(cols))

    def check_contract_rules(self) -> None:
        """Rules that involve two tables and are not plain foreign keys."""
        if "partner_areas" in self.staged and "partners" in self.staged:
            self._emit("error", """SELECT a._row, a.r_partner_id FROM s_partner_areas a
                         JOIN s_partners p USING (partner_id) WHERE p.tier = 'regional'""",
                       "partner_areas rows are for local partners; a regional partner covers its whole "
                       "voivodeship", table="partner_areas", column="partner_id")
            self._emit("warning", """SELECT a._row, a.r_powiat || ' (partner seat ' || p.voivodeship || ')'
                         FROM s_partner_areas a JOIN s_partners p USING (partner_id)
                         WHERE a.powiat IS NOT NULL AND p.voivodeship IS NOT NULL
                           AND left(a.powiat, 2) <> p.voivodeship""",
                       "powiat outside the partner's voivodeship (allowed)", table="partner_areas",
                       column="powiat")

    # -- writing
    def write(self, started: float) -> bool:
        """Build the database in a private folder beside the target, then swap it in. A write that
        fails (disk full, read-only, no permission) sets `failure` and leaves the target untouched."""
        target = self.db_path
        build = target.with_name(f".{target.name}.building-{os.getpid()}")
        fileutil.remove_entry(build)
        tmp = build / target.name
        try:
            os.mkdir(build, 0o700)  # private: the file is never readable by others, not even its WAL
            self._build(tmp, started)
            os.chmod(tmp, 0o600)
            os.replace(tmp, target)
            return True
        except (OSError, duckdb.IOException, duckdb.FatalException) as e:  # Fatal: DuckDB gave up on the file
            self.fail(f"cannot write the database {target}: {fileutil.write_failure(e)}. Nothing was "
                      f"changed: the previous database is untouched")
            return False
        finally:
            with contextlib.suppress(duckdb.Error):
                self.con.execute("USE memory")
                self.con.execute("DETACH DATABASE IF EXISTS out")
            fileutil.remove_entry(build)

    def _build(self, path: Path, started: float) -> None:
        self.con.execute(f"ATTACH {_q(str(path))} AS out")
        self.con.execute("USE out")
        db.create_empty(self.con)  # input tables (empty), units, ref_population, unit_population
        for t in schema.TABLES:
            if t.name in self.staged:
                cols = ", ".join(c.name for c in t.columns)
                self.con.execute(f"INSERT INTO out.{t.name} SELECT {cols} FROM memory.s_{t.name} ORDER BY _row")
        reference.build_unit_population(self.con)
        db.build_aggregates(self.con)  # the engine's pre-aggregates (analytics/data/db.py)
        self._write_meta(started)
        db.write_seal(self.con)  # last: the rows of every table as this import leaves them
        self.con.execute("USE memory")
        self.con.execute("DETACH out")

    def fail(self, message: str) -> None:
        """A failure that is not the input's fault, reported in one line."""
        self.failure = message
        self.err(message, kind="import failed")

    def _write_meta(self, started: float) -> None:
        c = self.con
        event_cols = [(t.name, col) for t in schema.TABLES for col in t.columns if col.event]
        lo = " UNION ALL ".join(f"SELECT min({col.name}) AS d FROM out.{t}" for t, col in event_cols)
        data_from = c.execute(f"SELECT min(d) FROM ({lo})").fetchall()[0][0]
        as_of = db.data_as_of(c)
        c.execute("""CREATE TABLE import_meta (source VARCHAR, imported_at TIMESTAMP, contract_version VARCHAR,
                       app_version VARCHAR, seconds DOUBLE, warnings BIGINT, rows_total BIGINT,
                       data_from DATE, data_as_of DATE)""")
        c.execute("INSERT INTO import_meta VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            str(self.src.resolve()), dt.datetime.now().replace(microsecond=0), schema.CONTRACT_VERSION,
            __version__, round(time.perf_counter() - started, 3), self.report.count("warning"),
            sum(self.rows.values()), data_from, as_of])
        c.execute("""CREATE TABLE import_tables (table_name VARCHAR, provided BOOLEAN, rows BIGINT,
                       source_file VARCHAR, format VARCHAR, encoding VARCHAR, delimiter VARCHAR)""")
        c.executemany("INSERT INTO import_tables VALUES (?, ?, ?, ?, ?, ?, ?)", [
            (t.name, t.name in self.staged, self.rows.get(t.name, 0),
             *(self.file_info.get(t.name, {}).get(k) for k in ("file", "format", "encoding", "delimiter")))
            for t in schema.TABLES])
        c.execute("""CREATE TABLE import_warnings (table_name VARCHAR, file VARCHAR, row BIGINT,
                       column_name VARCHAR, value VARCHAR, reason VARCHAR, total_of_kind BIGINT)""")
        rows = []
        for key, problems in self.report.examples.items():
            if key[0] == "warning":
                rows += [(p.table, p.file, p.row, p.column, p.value, p.reason, self.report.totals[key])
                         for p in problems]
        if rows:
            c.executemany("INSERT INTO import_warnings VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    # -- everything
    def run(self) -> ImportResult:
        started = time.perf_counter()
        created: list[Path] = []
        written = False
        try:
            with contextlib.ExitStack() as stack:
                try:
                    created = _make_dirs(self.lock_for.parent)
                    lock = stack.enter_context(fileutil.database_lock(self.lock_for, wait=self.wait))
                    if lock["waited_for"] is not None:  # serialised after another import: say so
                        self.warn(f"waited {lock['waited']:.0f} s for another import into this database "
                                  f"to finish ({fileutil.describe_holder(lock['waited_for'])})",
                                  kind="waited for another import")
                except fileutil.LockBusy as e:
                    self.fail(str(e))
                except OSError as e:  # the folder cannot be written at all
                    self.fail(f"cannot write beside the database {self.lock_for}: "
                              f"{fileutil.write_failure(e)}. Nothing was changed")
                if self.failure is None:
                    self._clean_orphans()
                    written = self._validate_and_write(started)
        finally:
            self.con.close()
            for wb in self._workbooks.values():
                wb.close()
            if not written:
                for d in reversed(created):  # a failed first import leaves no empty folders either
                    with contextlib.suppress(OSError):
                        d.rmdir()
        return ImportResult(written, self.report, dict(self.rows), time.perf_counter() - started,
                            self.db_path, str(self.src), self.failure)

    def _clean_orphans(self) -> None:
        """Build folders of killed imports into this database (ours and the Data page's staging
        builds). Only called holding the database's lock, so none of them is in use."""
        folder, name = self.lock_for.parent, self.lock_for.name
        for pattern in (f".{name}.building-*", f"..{name}.staging-*.building-*"):
            fileutil.remove_stale(folder, pattern, older_than=0)

    def _validate_and_write(self, started: float) -> bool:
        reference.load_reference(self.con)  # units, for the TERYT register check
        sources = discover(self.src, self.report)
        decimal_comma: dict[str, bool] = {}
        for source in sources:
            table = schema.TABLES_BY_NAME[source.table]
            raw = self.read(source)
            if raw is None:
                continue
            self.stage(table, source, raw)
            decimal_comma[table.name] = raw.decimal_comma
            del raw
        staged = [t for t in schema.TABLES if t.name in self.staged]
        for t in staged:
            self.check_columns(t, decimal_comma[t.name])
        for t in staged:
            self.apply_defaults(t)
        for t in staged:
            self.check_rows(t)
            self.check_references(t)
        self.check_contract_rules()
        if self.report.count("error"):
            return False
        return self.write(started)


def _make_dirs(folder: Path) -> list[Path]:
    """mkdir -p, returning the folders it created (outermost first)."""
    missing = []
    p = folder
    while not p.exists():
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    created: list[Path] = []
    try:
        for d in reversed(missing):
            d.mkdir()
            created.append(d)
    except OSError:
        for d in reversed(created):
            with contextlib.suppress(OSError):
                d.rmdir()
        raise
    return created


def import_source(src: str | os.PathLike, db_path: str | os.PathLike, *,
                  lock_for: str | os.PathLike | None = None, wait: float = DEFAULT_LOCK_WAIT) -> ImportResult:
    """Validate `src` (a folder, or an .xlsx or .ods workbook) and, when it has no error, build
    `db_path`. See Importer for `lock_for` and `wait`."""
    return Importer(src, db_path, lock_for=lock_for, wait=wait).run()
