"""Safe handling of files uploaded on the Data page, before the importer sees them.

prepare_upload(files, workdir) accepts
  * several table files (<table>.csv / .xlsx / .ods / .parquet, one per table of the data contract), or
  * one .zip holding such table files (sub-folders are flattened), or
  * one .xlsx or .ods workbook with a sheet per table (also inside a .zip as its only file),
and returns a Path ready for importer.import_source: a fresh folder under `workdir`, or - for a
workbook - the saved workbook inside such a folder. The caller removes the folder afterwards
(`discard(path)`, which also removes an emptied `ks-upload-*` workdir), e.g. by using a
tempfile.TemporaryDirectory as workdir. `ks-upload-*` workdirs in the system temp folder older
than a day (a session that stopped half-way) are removed on the next upload.

Defences (every refusal is an UploadError with a Polish and an English message):
  * limits: total upload size, number of files, number of zip members, total uncompressed size,
    compression ratio per member (ignored below `ratio_floor` bytes so tiny files are not
    refused); zip header sizes are checked first and then every member is extracted in chunks with
    a running byte count, so a zip whose headers lie is stopped as soon as it exceeds the limits;
    .xlsx and .ods files (themselves zips) get the same ratio/size checks without being extracted;
  * names: only the base name is kept; '..', absolute paths (/x, \\x, C:), NUL and control
    characters are refused; backslashes count as separators; only .csv, .xlsx, .ods, .parquet (and
    one .zip) are allowed; every table file must be named after a table of the contract, and two
    files that normalise to the same table (Partners.csv, partners.xlsx, a/partners.csv) are
    refused; symlinks and other special files in a zip are refused; encrypted or malformed zips
    are refused. macOS / Office junk (__MACOSX/, .DS_Store, ~$lock files) in a zip is skipped.
  * files are written with O_EXCL | O_NOFOLLOW, mode 0600, in a folder made by mkdtemp.

Limits come from `[uploads]` in the config (analytics/config.py): max_upload_mb (200), max_files
(50), max_members (100), max_uncompressed_mb (2048), max_ratio (100), ratio_floor_kb (1024).
"""
from __future__ import annotations

import contextlib
import io
import os
import shutil
import stat
import tempfile
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from analytics.config import ConfigError, load_config
from analytics.data import fileutil, schema
from analytics.data.readers import normalise_header

TABLE_EXTENSIONS = (".csv", ".xlsx", ".ods", ".parquet")
WORKBOOK_EXTENSIONS = (".xlsx", ".ods")
ZIP_EXTENSION = ".zip"
WORKDIR_PREFIX = "ks-upload-"       # the Data page's workdirs in the system temp folder
STALE_WORKDIR_SECONDS = 24 * 3600
CHUNK = 1 << 20
MB = 1 << 20


class UploadError(ValueError):
    def __init__(self, pl: str, en: str):
        super().__init__(f"{pl} / {en}")
        self.pl = pl
        self.en = en

    def message(self, lang: str = "pl") -> str:
        return {"pl": self.pl, "en": self.en}.get(lang, self.pl)


@dataclass(frozen=True)
class UploadLimits:
    max_upload_bytes: int = 200 * MB
    max_files: int = 50
    max_members: int = 100
    max_uncompressed_bytes: int = 2048 * MB
    max_ratio: float = 100.0
    ratio_floor: int = 1 * MB

    @classmethod
    def from_config(cls, config=None) -> "UploadLimits":
        section = (config or load_config()).section("uploads")
        d = cls()
        try:
            return cls(
                max_upload_bytes=int(float(section.get("max_upload_mb", d.max_upload_bytes / MB)) * MB),
                max_files=int(section.get("max_files", d.max_files)),
                max_members=int(section.get("max_members", d.max_members)),
                max_uncompressed_bytes=int(float(section.get("max_uncompressed_mb",
                                                             d.max_uncompressed_bytes / MB)) * MB),
                max_ratio=float(section.get("max_ratio", d.max_ratio)),
                ratio_floor=int(float(section.get("ratio_floor_kb", d.ratio_floor / 1024)) * 1024))
        except (TypeError, ValueError) as e:
            raise ConfigError(f"invalid [uploads] setting: {e}") from None


def _mb(n: int) -> str:
    return f"{n / MB:.0f} MB"


# ---------------------------------------------------------------- names

def safe_name(name: str) -> str:
    """The base name of an uploaded file or zip member, or UploadError. Directories are stripped;
    traversal, absolute paths, drive letters, NUL / control characters are refused."""
    if not isinstance(name, str) or not name:
        raise UploadError("Plik bez nazwy.", "A file without a name.")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise UploadError(f"Niedozwolone znaki w nazwie pliku {name!r}.",
                          f"Forbidden characters in the file name {name!r}.")
    unified = name.replace("\\", "/")
    if unified.startswith("/") or (len(unified) > 1 and unified[1] == ":"):
        raise UploadError(f"Ścieżka bezwzględna jest niedozwolona: {name!r}.",
                          f"An absolute path is not allowed: {name!r}.")
    parts = PurePosixPath(unified).parts
    if any(p.strip() == ".." for p in unified.split("/")):
        raise UploadError(f"Niedozwolona ścieżka (..): {name!r}.", f"A path with '..' is not allowed: {name!r}.")
    base = unicodedata.normalize("NFC", parts[-1] if parts else "").strip()
    if not base or base in (".", "..") or len(base.encode("utf-8")) > 200:
        raise UploadError(f"Nieprawidłowa nazwa pliku: {name!r}.", f"Invalid file name: {name!r}.")
    return base


def _extension(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def _junk(name: str) -> bool:
    unified = name.replace("\\", "/")
    base = unified.rstrip("/").rsplit("/", 1)[-1]
    return (unified.startswith("__MACOSX/") or "/__MACOSX/" in unified or base.startswith(("._", "~$"))
            or base in (".DS_Store", "Thumbs.db", "desktop.ini"))


def _table_of(base: str) -> str:
    ext = _extension(base)
    if ext not in TABLE_EXTENSIONS:
        raise UploadError(f"Niedozwolony typ pliku {base!r}: dozwolone .csv, .xlsx, .ods, .parquet lub jeden .zip.",
                          f"File type not allowed {base!r}: use .csv, .xlsx, .ods, .parquet or one .zip.")
    table = normalise_header(os.path.splitext(base)[0])
    if table not in schema.TABLES_BY_NAME:
        names = ", ".join(t.name for t in schema.TABLES)
        raise UploadError(f"Plik {base!r} nie odpowiada żadnej tabeli; nazwij go jak tabelę ({names}).",
                          f"File {base!r} is not named after a table; name it after one of: {names}.")
    return table


def _target(folder: Path, base: str, seen: dict[str, str]) -> Path:
    table = _table_of(base)
    if table in seen:
        raise UploadError(f"Dwa pliki z tabelą {table}: {seen[table]!r} i {base!r}; zostaw jeden.",
                          f"Two files hold table {table}: {seen[table]!r} and {base!r}; keep one.")
    seen[table] = base
    return folder / f"{table}{_extension(base)}"


def _write_new(path: Path):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    return os.fdopen(fd, "wb")


# ---------------------------------------------------------------- zips

def _zip_error(what: str, e: Exception | None = None) -> UploadError:
    detail = f" ({e})" if e else ""
    return UploadError(f"Uszkodzone lub nieobsługiwane archiwum {what}{detail}.",
                       f"Damaged or unsupported archive {what}{detail}.")


def _open_zip(data_or_path, what: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(data_or_path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        raise _zip_error(what, e) from None


def _check_headers(zf: zipfile.ZipFile, what: str, limits: UploadLimits, *, used: int = 0) -> list[zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise UploadError(f"Archiwum {what} ma za dużo elementów ({len(infos)} > {limits.max_members}).",
                          f"The archive {what} has too many members ({len(infos)} > {limits.max_members}).")
    total = used
    for info in infos:
        if info.flag_bits & 0x1:
            raise UploadError(f"Archiwum {what} jest zaszyfrowane.", f"The archive {what} is encrypted.")
        ftype = stat.S_IFMT(info.external_attr >> 16)  # 0 when the archiver stored no type
        if ftype not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise UploadError(f"Archiwum {what} zawiera dowiązanie lub plik specjalny: {info.filename!r}.",
                              f"The archive {what} holds a symlink or special file: {info.filename!r}.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2,
                                      zipfile.ZIP_LZMA):
            raise _zip_error(what)
        total += info.file_size
        _check_ratio(info.file_size, info.compress_size, info.filename, what, limits)
        _check_total(total, limits)
    return infos


def _check_ratio(size: int, compressed: int, name: str, what: str, limits: UploadLimits) -> None:
    if size > limits.ratio_floor and size > limits.max_ratio * max(compressed, 1):
        raise UploadError(
            f"Podejrzanie silna kompresja {name!r} w {what} (ponad {limits.max_ratio:.0f}:1) - odrzucono.",
            f"Suspiciously high compression of {name!r} in {what} (over {limits.max_ratio:.0f}:1) - refused.")


def _check_total(total: int, limits: UploadLimits) -> None:
    if total > limits.max_uncompressed_bytes:
        raise UploadError(f"Po rozpakowaniu dane przekraczają {_mb(limits.max_uncompressed_bytes)}.",
                          f"Uncompressed data exceeds {_mb(limits.max_uncompressed_bytes)}.")


def _stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo, out, what: str, limits: UploadLimits,
            used: int) -> int:
    """Decompress one member in chunks, counting real bytes (headers may lie). Returns the new
    running total."""
    n = 0
    try:
        with zf.open(info) as src:
            while True:
                chunk = src.read(CHUNK)
                if not chunk:
                    break
                n += len(chunk)
                used += len(chunk)
                if n > info.file_size:
                    raise _zip_error(what, ValueError(f"{info.filename}: more data than declared"))
                _check_total(used, limits)
                _check_ratio(n, info.compress_size, info.filename, what, limits)
                if out is not None:
                    out.write(chunk)
    except UploadError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError,
            ValueError) as e:
        raise _zip_error(what, e) from None
    if n != info.file_size:
        raise _zip_error(what, ValueError(f"{info.filename}: size differs from the header"))
    return used


def check_xlsx(data: bytes, name: str, limits: UploadLimits, used: int = 0) -> int:
    """An .xlsx or .ods is a zip too: refuse a bomb before the reader inflates it. Returns the running total."""
    zf = _open_zip(io.BytesIO(data), name)
    with zf:
        infos = _check_headers(zf, name, limits, used=used)
        for info in infos:
            if not info.is_dir():
                used = _stream(zf, info, None, name, limits, used)
    return used


# ---------------------------------------------------------------- entry point

def prepare_upload(files: list[tuple[str, bytes]], workdir: str | os.PathLike,
                   limits: UploadLimits | None = None) -> Path:
    """Check and unpack an upload into a new folder under `workdir`. Returns that folder (table
    files named <table>.<ext>) or, for one workbook, the workbook's path inside it."""
    limits = limits or UploadLimits.from_config()
    if not files:
        raise UploadError("Nie wybrano żadnego pliku.", "No file was chosen.")
    if len(files) > limits.max_files:
        raise UploadError(f"Za dużo plików ({len(files)} > {limits.max_files}).",
                          f"Too many files ({len(files)} > {limits.max_files}).")
    total = 0
    for name, data in files:
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise UploadError("Nieprawidłowe dane pliku.", "Invalid file data.")
        total += len(data)
    if total > limits.max_upload_bytes:
        raise UploadError(f"Przesłane pliki są za duże ({_mb(total)} > {_mb(limits.max_upload_bytes)}).",
                          f"The upload is too large ({_mb(total)} > {_mb(limits.max_upload_bytes)}).")
    named = [(safe_name(name), bytes(data)) for name, data in files]
    fileutil.remove_stale(Path(tempfile.gettempdir()), f"{WORKDIR_PREFIX}*", older_than=STALE_WORKDIR_SECONDS)
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="upload-", dir=workdir))
    try:
        zips = [n for n, _ in named if _extension(n) == ZIP_EXTENSION]
        if zips:
            if len(named) != 1:
                raise UploadError("Archiwum .zip przesyłaj jako jedyny plik.",
                                  "Upload a .zip archive as the only file.")
            return _unpack_zip(named[0][1], named[0][0], folder, limits)
        if len(named) == 1 and _extension(named[0][0]) in WORKBOOK_EXTENSIONS:
            return _save_workbook(named[0][0], named[0][1], folder, limits)
        seen: dict[str, str] = {}
        used = 0
        for base, data in named:
            target = _target(folder, base, seen)
            if target.suffix in WORKBOOK_EXTENSIONS:
                used = check_xlsx(data, base, limits, used)
            with _write_new(target) as f:
                f.write(data)
        return folder
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _save_workbook(base: str, data: bytes, folder: Path, limits: UploadLimits, used: int = 0) -> Path:
    check_xlsx(data, base, limits, used)
    stem = normalise_header(os.path.splitext(base)[0]) or "workbook"
    target = folder / f"{stem}{_extension(base)}"
    with _write_new(target) as f:
        f.write(data)
    return target


def _unpack_zip(data: bytes, what: str, folder: Path, limits: UploadLimits) -> Path:
    zf = _open_zip(io.BytesIO(data), what)
    with zf:
        infos = _check_headers(zf, what, limits)
        members = []
        for info in infos:
            if info.is_dir() or _junk(info.filename):
                continue
            base = safe_name(info.filename)
            ext = _extension(base)
            if ext not in TABLE_EXTENSIONS:
                raise UploadError(f"Niedozwolony plik w archiwum: {info.filename!r} (dozwolone .csv, .xlsx, .ods, .parquet).",
                                  f"File type not allowed in the archive: {info.filename!r} "
                                  f"(use .csv, .xlsx, .ods, .parquet).")
            members.append((info, base))
        if not members:
            raise UploadError("Archiwum nie zawiera plików z danymi.", "The archive holds no data files.")
        if len(members) == 1 and _extension(members[0][1]) in WORKBOOK_EXTENSIONS:
            info, base = members[0]
            stem = normalise_header(os.path.splitext(base)[0]) or "workbook"
            target = folder / f"{stem}{_extension(base)}"
            used = _extract(zf, info, target, what, limits, 0)
            check_xlsx(target.read_bytes(), base, limits, used)
            return target
        seen: dict[str, str] = {}
        targets = [(info, _target(folder, base, seen)) for info, base in members]
        used = 0
        for info, target in targets:
            used = _extract(zf, info, target, what, limits, used)
            if target.suffix in WORKBOOK_EXTENSIONS:
                check_xlsx(target.read_bytes(), target.name, limits, 0)
    return folder


def _extract(zf, info, target: Path, what: str, limits: UploadLimits, used: int) -> int:
    with _write_new(target) as out:
        return _stream(zf, info, out, what, limits, used)


def discard(path: str | os.PathLike) -> None:
    """Remove what prepare_upload made (the folder, also when given the workbook inside it)."""
    p = Path(path)
    folder = p.parent if p.is_file() else p
    if folder.name.startswith("upload-"):
        shutil.rmtree(folder, ignore_errors=True)
        if folder.parent.name.startswith(WORKDIR_PREFIX):
            with contextlib.suppress(OSError):  # only when empty: nothing else of the session is in it
                folder.parent.rmdir()
