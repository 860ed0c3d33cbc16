"""Read one input table from CSV, XLSX or Parquet into an all-text Arrow table.

Every reader returns the cells as strings exactly as written (typing happens later, in SQL, in
analytics/data/importer.py) plus `_row`: the row number as a person sees it in the file (CSV: the line
number, header = 1; XLSX: the sheet's row number; Parquet: the record number from 1).
Problems that make a file unreadable raise `UnreadableFile` with a message for people.
"""
from __future__ import annotations

import codecs
import datetime as dt
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

SNIFF_BYTES = 64 * 1024
CHUNK = 16 * 1024 * 1024


class UnreadableFile(Exception):
    """The file cannot be read as a table; the message says why, for the person who made it."""


@dataclass
class RawTable:
    headers: list[str]            # as written in the file (BOM and surrounding spaces removed)
    columns: list[pa.Array]       # one string array per header
    rows: np.ndarray              # `_row` per data row
    source: str                   # file name (and sheet) for messages
    fmt: str                      # csv | xlsx | parquet
    encoding: str | None = None
    delimiter: str | None = None
    decimal_comma: bool = False   # whether "12,5" may be read as 12.5
    notes: list[str] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return len(self.rows)


def normalise_header(name: object) -> str:
    """'  Partner ID ' -> 'partner_id', 'Imię' -> 'imie': case, spaces and diacritics folded."""
    s = str(name if name is not None else "").replace("\ufeff", "").strip().lower()
    s = s.replace("ł", "l")
    s = "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))
    out, prev_us = [], False
    for ch in s:
        if ch.isalnum():
            out.append(ch)
            prev_us = False
        elif not prev_us:
            out.append("_")
            prev_us = True
    return "".join(out).strip("_")


# ---------------------------------------------------------------- CSV

def _detect_encoding(path: Path) -> str:
    """UTF-8 (BOM or not) when the whole file decodes as UTF-8, else Windows-1250."""
    dec = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as f:
        try:
            while chunk := f.read(CHUNK):
                dec.decode(chunk)
            dec.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1250"
    return "utf-8"


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""


def read_csv(path: Path) -> RawTable:
    with open(path, "rb") as f:
        head = f.read(SNIFF_BYTES)
    if not head.strip():
        raise UnreadableFile("the file is empty")
    if head.startswith(b"PK\x03\x04"):
        raise UnreadableFile("this is a ZIP or Excel workbook saved with a .csv name, not a CSV text file")
    if b"\x00" in head:
        raise UnreadableFile("this is a binary file, not a CSV text file (it contains NUL bytes)")
    encoding = _detect_encoding(path)
    try:
        head_text = head.decode("utf-8-sig" if encoding == "utf-8" else encoding, errors="strict")
    except UnicodeDecodeError:
        # The sniffed block may end inside a multi-byte character; the header is far shorter.
        head_text = head[: SNIFF_BYTES - 4].decode("utf-8-sig" if encoding == "utf-8" else encoding, "ignore")
    except UnicodeError as e:  # pragma: no cover - cp1250 undefined bytes
        raise UnreadableFile(f"the file is neither UTF-8 nor Windows-1250 text ({e})") from None
    header_line = _first_line(head_text.lstrip("\ufeff"))
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    import csv as _csv
    headers = [h.replace("\ufeff", "").strip() for h in next(_csv.reader([header_line], delimiter=delimiter))]
    n = len(headers)
    names = [f"c{i}" for i in range(n)]

    def read(use_threads: bool, invalid: list):
        def on_invalid(row):
            invalid.append((row.number, row.actual_columns, row.text))
            return "skip"
        return pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(
                column_names=names, skip_rows=1, use_threads=use_threads,
                encoding="utf8" if encoding == "utf-8" else encoding,
            ),
            # An empty line becomes a row of empty cells, so line numbers stay exact.
            parse_options=pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False,
                                             invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in names},
                                                 strings_can_be_null=False),
        )

    invalid: list = []
    try:
        table = read(True, invalid)
        if invalid:  # only a single-threaded read knows the line numbers of bad rows
            invalid = []
            table = read(False, invalid)
    except (pa.ArrowInvalid, UnicodeDecodeError, UnicodeError) as e:
        raise UnreadableFile(f"the file cannot be read as CSV: {e}") from None

    # Lines of accepted rows: all lines from 2 on, minus the lines of rows that were skipped.
    total = table.num_rows + len(invalid)
    lines = np.arange(2, total + 2, dtype=np.int64)
    if invalid:
        lines = np.setdiff1d(lines, np.array([i[0] for i in invalid], dtype=np.int64))[: table.num_rows]
    raw = RawTable(headers, [table.column(i).combine_chunks() for i in range(n)], lines,
                   path.name, "csv", encoding=encoding, delimiter=delimiter, decimal_comma=delimiter == ";")
    raw.invalid_rows = [(num, cols, n, text) for num, cols, text in invalid]  # type: ignore[attr-defined]
    return raw


# ---------------------------------------------------------------- XLSX

def _cell_text(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def open_workbook(path: Path):
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    with open(path, "rb") as f:
        magic = f.read(4)
    if not magic:
        raise UnreadableFile("the file is empty")
    if magic != b"PK\x03\x04":
        raise UnreadableFile("this is not an .xlsx workbook (an .xls from old Excel or another format?)")
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise UnreadableFile(f"the .xlsx workbook is damaged or not a workbook ({e})") from None


def read_sheet(ws, source: str) -> RawTable:
    rows_iter = ws.iter_rows(values_only=True)
    headers = None
    cols: list[list] = []
    row_numbers: list[int] = []
    for r_idx, values in enumerate(rows_iter, start=1):
        if headers is None:
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            headers = [str(v).replace("\ufeff", "").strip() if v is not None else "" for v in values]
            while headers and headers[-1] == "":
                headers.pop()
            cols = [[] for _ in headers]
            continue
        if values is None or all(v is None or (isinstance(v, str) and v.strip() == "") for v in values):
            continue
        for i in range(len(headers)):
            cols[i].append(_cell_text(values[i]) if i < len(values) else None)
        row_numbers.append(r_idx)
    if headers is None:
        raise UnreadableFile("the sheet is empty (no header row)")
    return RawTable(headers, [pa.array(c, type=pa.string()) for c in cols],
                    np.array(row_numbers, dtype=np.int64), source, "xlsx", decimal_comma=True)


# ---------------------------------------------------------------- Parquet

def _arrow_to_text(arr: pa.ChunkedArray) -> pa.Array:
    arr = arr.combine_chunks()
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    t = arr.type
    if pa.types.is_timestamp(t):
        # Midnight timestamps are dates written by tools that have no date type.
        arr = arr.cast(pa.date32()) if _all_midnight(arr) else arr
    if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        return arr.cast(pa.string())
    try:
        return arr.cast(pa.string())
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
        return pa.array([None if v is None else str(v) for v in arr.to_pylist()], type=pa.string())


def _all_midnight(arr: pa.Array) -> bool:
    import pyarrow.compute as pc
    as_date = arr.cast(pa.date32()).cast(arr.type)
    return bool(pc.all(pc.or_kleene(pc.equal(as_date, arr), pc.is_null(arr))).as_py())


def read_parquet(path: Path) -> RawTable:
    import pyarrow.parquet as pq

    with open(path, "rb") as f:
        magic = f.read(4)
    if not magic:
        raise UnreadableFile("the file is empty")
    if magic != b"PAR1":
        raise UnreadableFile("this is not a Parquet file (it does not start with PAR1)")
    try:
        table = pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as e:
        raise UnreadableFile(f"the Parquet file is damaged ({e})") from None
    headers = [str(n).strip() for n in table.column_names]
    return RawTable(headers, [_arrow_to_text(table.column(i)) for i in range(table.num_columns)],
                    np.arange(1, table.num_rows + 1, dtype=np.int64), path.name, "parquet")


def read_file(path: Path) -> RawTable:
    ext = path.suffix.lower()
    if ext == ".csv":
        return read_csv(path)
    if ext == ".parquet":
        return read_parquet(path)
    if ext == ".xlsx":
        wb = open_workbook(path)
        try:
            return read_sheet(wb.worksheets[0], path.name)
        finally:
            wb.close()
    raise UnreadableFile(f"unsupported file type {ext!r}: use .csv, .xlsx or .parquet")

