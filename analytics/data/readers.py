"""Read one input table from CSV, XLSX, ODS or Parquet into an all-text Arrow table.

Every reader returns the cells as strings exactly as written (typing happens later, in SQL, in
analytics/data/importer.py) plus `_row`: the row number as a person sees it in the file (CSV: the line
number, header = 1; XLSX and ODS: the sheet's row number; Parquet: the record number from 1).
Spreadsheets are read with python-calamine; a formula cell without a saved result is listed in
`formula_cells` so that the importer can report it instead of reading it as empty.
Problems that make a file unreadable raise `UnreadableFile` with a message for people.
"""
from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import posixpath
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
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
    fmt: str                      # csv | xlsx | ods | parquet
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


UTF16_MESSAGE = ("this is UTF-16 text (what Excel saves as \"Unicode text\"), not UTF-8 or Windows-1250: "
                 "save it again as \"CSV UTF-8 (comma delimited)\" (LibreOffice: Text CSV, character set "
                 "UTF-8) and import that file")


def _utf16(head: bytes) -> bool:
    """UTF-16 with a byte-order mark, or without one: text where every other byte is NUL."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = head[:4096]
    if len(sample) < 8:
        return False
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    return (zeros_odd > 0.4 and zeros_even < 0.05) or (zeros_even > 0.4 and zeros_odd < 0.05)


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""


def read_csv(path: Path) -> RawTable:
    with open(path, "rb") as f:
        head = f.read(SNIFF_BYTES)
    if not head.strip():
        raise UnreadableFile("the file is empty")
    if head.startswith(b"PK\x03\x04"):
        raise UnreadableFile("this is a ZIP or Excel workbook saved with a .csv name, not a CSV text file")
    if _utf16(head):
        raise UnreadableFile(UTF16_MESSAGE)
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


# ---------------------------------------------------------------- XLSX and ODS

WORKBOOK_EXTENSIONS = (".xlsx", ".ods")
_WORKBOOK_NAMES = {".xlsx": "an .xlsx workbook", ".ods": "an .ods spreadsheet"}


def _cell_text(v) -> str | None:
    """A spreadsheet cell as the text a person would type: 201.0 -> '201', a date cell -> ISO."""
    if v is None or (isinstance(v, str) and v == ""):
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat(sep=" ")
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    return str(v)


class Workbook:
    """An .xlsx or .ods file read with python-calamine (Rust; several times faster than openpyxl,
    which is kept only for writing files). Sheets are read on demand."""

    def __init__(self, path: Path, book) -> None:
        self.path = path
        self.book = book
        self.kind = path.suffix.lower()
        self.sheetnames: list[str] = list(book.sheet_names)

    def read(self, sheet: str, source: str) -> RawTable:
        try:
            rows = self.book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        except Exception as e:  # noqa: BLE001 - calamine's errors for damaged parts vary
            raise UnreadableFile(f"the sheet {sheet!r} cannot be read ({type(e).__name__}: {e})") from None
        raw = rows_to_table(rows, source, self.kind.lstrip("."))
        raw.sheet = sheet  # type: ignore[attr-defined]
        raw.formula_cells = formulas_without_result(self.path, sheet)  # type: ignore[attr-defined]
        return raw

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.book.close()


def open_workbook(path: Path) -> Workbook:
    from python_calamine import CalamineWorkbook

    kind = path.suffix.lower()
    name = _WORKBOOK_NAMES.get(kind, "a workbook")
    with open(path, "rb") as f:
        magic = f.read(4)
    if not magic:
        raise UnreadableFile("the file is empty")
    if magic != b"PK\x03\x04":
        hint = " (an .xls from old Excel or another format?)" if kind == ".xlsx" else " (an .fods or another format?)"
        raise UnreadableFile(f"this is not {name}{hint}")
    try:
        return Workbook(path, CalamineWorkbook.from_path(str(path)))
    except Exception as e:  # noqa: BLE001 - CalamineError, ZipError, XmlError, PasswordError, ...
        raise UnreadableFile(f"the {kind} workbook is damaged or not a workbook ({type(e).__name__}: {e})") from None


def _column_text(values) -> pa.Array:
    """One sheet column as text; the common shapes (all text; numbers with empty cells) without a
    Python call per cell, which is most of the reading time of a large sheet."""
    kinds = set(map(type, values))
    if kinds <= {str}:
        arr = pa.array(values, type=pa.string())
        return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
    if kinds <= {str, float}:
        return pa.array([None if v.__class__ is str and v == "" else v if v.__class__ is str
                         else str(int(v)) if v.is_integer() else repr(v) for v in values], type=pa.string())
    return pa.array([_cell_text(v) for v in values], type=pa.string())


def rows_to_table(rows: list[list], source: str, fmt: str) -> RawTable:
    """Rows of cells from the sheet's first row (row numbers = list position + 1). The first row
    with any content is the header; fully empty rows are skipped, their numbers kept."""
    headers = None
    header_at = 0
    for r_idx, values in enumerate(rows):
        if any(_cell_text(v) is not None and str(v).strip() != "" for v in values):
            headers = [(_cell_text(v) or "").replace("\ufeff", "").strip() for v in values]
            header_at = r_idx
            break
    if headers is None:
        raise UnreadableFile("the sheet is empty (no header row)")
    while headers and headers[-1] == "":
        headers.pop()
    width = len(headers)
    data = rows[header_at + 1:]
    columns = list(zip(*data))[:width] if data else []
    arrays = [_column_text(c) for c in columns] + [pa.nulls(len(data), pa.string())] * (width - len(columns))
    numbers = np.arange(header_at + 2, header_at + 2 + len(data), dtype=np.int64)
    if arrays and len(data):
        filled = None
        for arr in arrays:
            has = pc.fill_null(pc.not_equal(pc.utf8_trim_whitespace(arr), ""), False)
            filled = has if filled is None else pc.or_(filled, has)
        if not pc.all(filled).as_py():
            arrays = [arr.filter(filled) for arr in arrays]
            numbers = numbers[filled.to_numpy(zero_copy_only=False)]
    raw = RawTable(headers, arrays, numbers, source, fmt, decimal_comma=True)
    raw.header_row = header_at + 1  # type: ignore[attr-defined]
    return raw


# A formula whose result was never calculated (a file written by a script, not saved by Excel or
# LibreOffice) reads as an empty cell; it must be an error, not a silent gap. The sheet XML is scanned
# for formulas first (cheap), and parsed cell by cell only when there are any.
# Literal markers (bytes.find is far faster than a regex over a large sheet); a false alarm only
# costs the detailed parse.
_XLSX_FORMULA = (b"<f", b":f>", b":f ")
_ODS_FORMULA = (b":formula=",)
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_NS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_NS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def column_letters(index: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _cell_ref(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return int(ref[len(letters):]), col


def _has_match(zf: zipfile.ZipFile, member: str, markers: tuple[bytes, ...]) -> bool:
    tail = b""
    with zf.open(member) as f:
        while chunk := f.read(1 << 22):
            block = tail + chunk
            if any(m in block for m in markers):
                return True
            tail = chunk[-16:]
    return False


def formulas_without_result(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """{(row, column): formula} of the sheet's formula cells that hold no saved result (1-based)."""
    try:
        with zipfile.ZipFile(path) as zf:
            if path.suffix.lower() == ".ods":
                return _ods_formulas(zf, sheet)
            return _xlsx_formulas(zf, sheet)
    except (zipfile.BadZipFile, KeyError, OSError, ET.ParseError):
        return {}  # calamine read the cells; a part we cannot find holds no formula we could report


def _xlsx_sheet_part(zf: zipfile.ZipFile, sheet: str) -> str | None:
    book = ET.fromstring(zf.read("xl/workbook.xml"))
    rid = next((s.get(f"{_NS_REL}id") for s in book.iter(f"{_NS_MAIN}sheet") if s.get("name") == sheet), None)
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target") for r in rels.iter(f"{_NS_PKG_REL}Relationship") if r.get("Id") == rid), None)
    if not target:
        return None
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")


def _xlsx_formulas(zf: zipfile.ZipFile, sheet: str) -> dict[tuple[int, int], str]:
    part = _xlsx_sheet_part(zf, sheet)
    if part is None or not _has_match(zf, part, _XLSX_FORMULA):
        return {}
    out = {}
    with zf.open(part) as f:
        for _, el in ET.iterparse(f, events=("end",)):
            if el.tag != f"{_NS_MAIN}c":
                continue
            formula = el.find(f"{_NS_MAIN}f")
            if formula is not None:
                value = el.find(f"{_NS_MAIN}v")
                inline = el.find(f"{_NS_MAIN}is")
                if (value is None or not (value.text or "")) and inline is None and el.get("r"):
                    out[_cell_ref(el.get("r"))] = "=" + (formula.text or "…")
            el.clear()
    return out


def _ods_formulas(zf: zipfile.ZipFile, sheet: str) -> dict[tuple[int, int], str]:
    if not _has_match(zf, "content.xml", _ODS_FORMULA):
        return {}
    out = {}
    in_sheet, row, col = False, 0, 0
    with zf.open("content.xml") as f:
        for event, el in ET.iterparse(f, events=("start", "end")):
            tag = el.tag
            if tag == f"{_NS_TABLE}table":
                in_sheet = event == "start" and el.get(f"{_NS_TABLE}name") == sheet
                row = 0
                continue
            if not in_sheet:
                if event == "end":
                    el.clear()
                continue
            if tag == f"{_NS_TABLE}table-row" and event == "start":
                col = 0
            elif tag == f"{_NS_TABLE}table-row" and event == "end":
                row += int(el.get(f"{_NS_TABLE}number-rows-repeated") or 1)
                el.clear()
            elif tag in (f"{_NS_TABLE}table-cell", f"{_NS_TABLE}covered-table-cell") and event == "end":
                formula = el.get(f"{_NS_TABLE}formula")
                if formula and el.get(f"{_NS_OFFICE}value-type") is None:
                    out[(row + 1, col + 1)] = formula.split(":", 1)[-1] if formula.startswith("of:") else formula
                col += int(el.get(f"{_NS_TABLE}number-columns-repeated") or 1)
    return out


def _read_workbook_file(path: Path) -> RawTable:
    wb = open_workbook(path)
    try:
        if not wb.sheetnames:
            raise UnreadableFile("the workbook has no sheet")
        return wb.read(wb.sheetnames[0], path.name)
    finally:
        wb.close()


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
    if ext in WORKBOOK_EXTENSIONS:
        return _read_workbook_file(path)
    raise UnreadableFile(f"unsupported file type {ext!r}: use .csv, .xlsx, .ods or .parquet")



# ---------------------------------------------------------------- an areas file (CLI --areas)

AREA_COLUMNS = ("area_id", "powiat")
MAX_AREA_ERRORS = 20


class AreasFileError(UnreadableFile):
    """An areas file that cannot be used; the message lists every problem (row, column, value, why)."""


def read_areas(path: Path, powiat_codes: frozenset[str]) -> tuple[dict[str, list[str]], list[str]]:
    """The areas of `indicators --areas FILE` (contract section 5 v1.1: columns area_id, powiat; one
    row per powiat of an area) -> ({area_id: sorted powiat codes} in the order the areas first appear,
    warnings). Any of the input formats is read (CSV, XLSX, ODS, Parquet), headers normalised like
    the tables'. A powiat code that lost its leading zero ("201") or was written as a decimal number
    ("201.0") is repaired with a warning, as the importer does; a row repeated is harmless. Fails with
    AreasFileError naming file, row, column, value and reason for a missing column, an empty area_id
    and a code that is not one of the 380 powiats - nothing is computed from a half-read file."""
    raw = read_file(path)
    cols = {normalise_header(h): i for i, h in enumerate(raw.headers)}
    missing = [c for c in AREA_COLUMNS if c not in cols]
    if missing:
        raise AreasFileError(f"{raw.source}: missing column(s) {', '.join(missing)} (found: "
                             f"{', '.join(raw.headers) or 'none'}); the file needs area_id and powiat")
    ids = [None if v is None else str(v).strip() for v in raw.columns[cols["area_id"]].to_pylist()]
    codes = [None if v is None else str(v).strip() for v in raw.columns[cols["powiat"]].to_pylist()]
    areas: dict[str, set[str]] = {}
    errors: list[str] = []
    repaired = 0
    for row, area, code in zip(raw.rows.tolist(), ids, codes):
        if not area and not code:
            continue  # an empty line
        where = f"{raw.source}, row {row}"
        if not area:
            errors.append(f"{where}, column area_id: empty; every row needs the area it belongs to")
            continue
        fixed = code or ""
        if fixed.endswith(".0") and fixed[:-2].isdigit():
            fixed = fixed[:-2]
        if fixed.isdigit() and len(fixed) == 3:
            fixed = "0" + fixed
        if fixed not in powiat_codes:
            why = "empty" if not code else "not a powiat TERYT code (four digits, e.g. 1465)"
            errors.append(f"{where}, column powiat: {code!r}: {why}")
            continue
        repaired += fixed != code
        areas.setdefault(area, set()).add(fixed)
    if errors:
        shown = errors[:MAX_AREA_ERRORS]
        more = len(errors) - len(shown)
        raise AreasFileError("\n".join(shown + ([f"... and {more} more"] if more else [])))
    if not areas:
        raise AreasFileError(f"{raw.source}: no areas (the file has a header and no rows)")
    warnings = [f"{raw.source}: {repaired} powiat code(s) that lost a leading zero or were written as "
                f"decimal numbers were repaired"] if repaired else []
    return {a: sorted(ps) for a, ps in areas.items()}, warnings
