"""Uploaded files: names, extensions, limits, zip bombs, malformed archives."""
from __future__ import annotations

import io
import stat
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from analytics.admin import uploads
from analytics.data.importer import import_source
from analytics.admin.uploads import UploadError, UploadLimits, prepare_upload
from fixtures_import import write_folder

LIMITS = UploadLimits()


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> dict[str, bytes]:
    folder = write_folder(tmp_path_factory.mktemp("src") / "src")
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def make_zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data)
    return buf.getvalue()


def raw_zip(name: str, payload: bytes, crc: int, size: int, *, method: int = 8,
            external_attr: int = 0o100644 << 16) -> bytes:
    """A one-member zip written by hand, so the header may declare any size."""
    n = name.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(payload), size,
                        len(n), 0) + n
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, (3 << 8) | 20, 20, 0, method, 0, 0x21, crc,
                          len(payload), size, len(n), 0, 0, 0, 0, external_attr, 0) + n
    body = local + payload
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(body), 0)
    return body + central + end


def zeros_deflated(megabytes: int) -> tuple[bytes, int, int]:
    """Raw deflate of `megabytes` MB of zeros, built from one repeated full-flush block (cheap)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"\0" * (1 << 20)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    stream = block * megabytes + c.flush()
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    return stream, crc, megabytes << 20


def left_over(workdir: Path) -> list[Path]:
    return list(workdir.rglob("*")) if workdir.exists() else []


# ---------------------------------------------------------------- accepted shapes

def test_several_table_files(tmp_path, tables):
    files = [(("Partners.CSV" if n == "partners.csv" else n), b) for n, b in tables.items()]
    out = prepare_upload(files, tmp_path / "work", LIMITS)
    assert out.is_dir() and out.parent == tmp_path / "work"
    assert sorted(p.name for p in out.iterdir()) == sorted(tables)       # normalised names
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in out.iterdir())
    assert import_source(out, tmp_path / "ks.duckdb").ok
    uploads.discard(out)
    assert not out.exists()


def test_zip_with_a_folder_inside(tmp_path, tables):
    data = make_zip({"export/": b"", **{f"export/{n}": b for n, b in tables.items()},
                     "__MACOSX/export/._partners.csv": b"junk", "export/.DS_Store": b"junk"})
    out = prepare_upload([("dane.zip", data)], tmp_path / "work", LIMITS)
    assert sorted(p.name for p in out.iterdir()) == sorted(tables)
    assert (out / "partners.csv").read_bytes() == tables["partners.csv"]
    assert import_source(out, tmp_path / "ks.duckdb").ok


def test_single_workbook_and_zipped_workbook(tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.title = "partners"
    wb.active.append(["partner_id", "name"])
    buf = io.BytesIO()
    wb.save(buf)
    out = prepare_upload([("Dane KS 2025.xlsx", buf.getvalue())], tmp_path / "w1", LIMITS)
    assert out.is_file() and out.suffix == ".xlsx" and out.read_bytes() == buf.getvalue()
    out = prepare_upload([("a.zip", make_zip({"dir/Dane.xlsx": buf.getvalue()}))], tmp_path / "w2", LIMITS)
    assert out.is_file() and out.name == "dane.xlsx"


def test_ods_table_files_workbooks_and_zipped_workbooks(tmp_path, tables):
    """LibreOffice's default format: one .ods per table, or one .ods workbook (also zipped)."""
    import pandas as pd
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="odf") as xl:
        pd.DataFrame({"partner_id": ["R02"], "name": ["Fundacja"]}).to_excel(xl, sheet_name="partners", index=False)
    ods = buf.getvalue()
    files = [(n, b) for n, b in tables.items() if n != "plans.csv"] + [("Plans.ods", ods)]
    out = prepare_upload(files, tmp_path / "w1", LIMITS)
    assert (out / "plans.ods").read_bytes() == ods and not (out / "plans.csv").exists()
    out = prepare_upload([("Dane KS 2025.ods", ods)], tmp_path / "w2", LIMITS)
    assert out.is_file() and out.name == "dane_ks_2025.ods" and out.read_bytes() == ods
    out = prepare_upload([("a.zip", make_zip({"dir/Dane.ods": ods}))], tmp_path / "w3", LIMITS)
    assert out.is_file() and out.name == "dane.ods"
    stream, crc, size = zeros_deflated(256)                       # an .ods is a zip: bombs are refused
    with pytest.raises(UploadError, match="Suspiciously high compression"):
        prepare_upload([("dane.ods", raw_zip("content.xml", stream, crc, size))], tmp_path / "w4", LIMITS)


def test_workdirs_are_cleaned_up(tmp_path, tables, monkeypatch):
    """discard() removes the Data page's emptied ks-upload-* workdir; a workdir left by a session
    that stopped half-way is removed by the next upload once it is a day old."""
    import os
    import tempfile
    import time
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    old, fresh = tmp_path / "ks-upload-old", tmp_path / "ks-upload-fresh"
    for d in (old, fresh):
        (d / "upload-x").mkdir(parents=True)
    os.utime(old, (time.time() - 25 * 3600,) * 2)
    workdir = Path(tempfile.mkdtemp(prefix="ks-upload-"))
    out = prepare_upload(list(tables.items()), workdir, LIMITS)
    assert not old.exists() and fresh.exists()
    uploads.discard(out)
    assert not workdir.exists()


# ---------------------------------------------------------------- names

@pytest.mark.parametrize("name", [
    "../../etc/passwd", "../partners.csv", "dir/../../partners.csv", "/etc/partners.csv",
    "\\\\server\\share\\partners.csv", "..\\..\\partners.csv", "C:\\temp\\partners.csv", "C:partners.csv",
    "part\x00ners.csv", "partners\n.csv", "", "..",
])
def test_traversal_and_bad_names_refused(tmp_path, name):
    with pytest.raises(UploadError):
        uploads.safe_name(name)
    with pytest.raises(UploadError):
        prepare_upload([("dane.zip", make_zip({name or "x": b"a,b\n1,2\n"}))] if name else [(name, b"x")],
                       tmp_path / "work", LIMITS)
    assert left_over(tmp_path / "work") == []
    assert not (tmp_path / "etc").exists()


def test_traversal_in_a_zip_member(tmp_path, tables):
    data = make_zip({**tables, "../../etc/passwd.csv": b"root"})
    with pytest.raises(UploadError) as e:
        prepare_upload([("dane.zip", data)], tmp_path / "work", LIMITS)
    assert ".." in str(e.value)
    assert left_over(tmp_path / "work") == []


def test_safe_name_strips_directories():
    assert uploads.safe_name("C/dane/partners.csv") == "partners.csv"
    assert uploads.safe_name("dane\\partners.csv") == "partners.csv"
    assert uploads.safe_name("./partners.csv") == "partners.csv"


def test_same_table_twice_refused(tmp_path, tables):
    with pytest.raises(UploadError) as e:
        prepare_upload([("partners.csv", tables["partners.csv"]), ("Partners.xlsx", b"x")],
                       tmp_path / "work", LIMITS)
    assert "partners" in str(e.value)
    with pytest.raises(UploadError):
        prepare_upload([("d.zip", make_zip({"a/partners.csv": b"x", "b/partners.csv": b"y"}))],
                       tmp_path / "work", LIMITS)
    assert left_over(tmp_path / "work") == []


@pytest.mark.parametrize("name", ["partners.exe", "partners.csv.sh", "partners.xls", "notes.txt",
                                  "volunteers.json"])
def test_disallowed_extension(tmp_path, tables, name):
    with pytest.raises(UploadError) as e:
        prepare_upload([("partners.csv", tables["partners.csv"]), (name, b"x")], tmp_path / "work", LIMITS)
    assert "dozwolone" in e.value.pl and "not allowed" in e.value.en
    with pytest.raises(UploadError):
        prepare_upload([("d.zip", make_zip({"partners.csv": b"x", name: b"x"}))], tmp_path / "w2", LIMITS)


def test_unknown_table_name_and_zip_with_others(tmp_path, tables):
    with pytest.raises(UploadError):
        prepare_upload([("partnerzy.csv", b"x"), ("plans.csv", b"y")], tmp_path / "work", LIMITS)
    with pytest.raises(UploadError):
        prepare_upload([("a.zip", make_zip(tables)), ("plans.csv", b"y")], tmp_path / "work", LIMITS)
    with pytest.raises(UploadError):
        prepare_upload([("d.zip", make_zip({"inner.zip": make_zip(tables)}))], tmp_path / "work", LIMITS)


def test_symlink_member_refused(tmp_path):
    data = raw_zip("partners.csv", b"/etc/passwd", zlib.crc32(b"/etc/passwd"), 11, method=0,
                   external_attr=(stat.S_IFLNK | 0o777) << 16)
    with pytest.raises(UploadError) as e:
        prepare_upload([("d.zip", data)], tmp_path / "work", LIMITS)
    assert "symlink" in str(e.value)
    assert left_over(tmp_path / "work") == []


# ---------------------------------------------------------------- limits

def test_oversized_upload(tmp_path):
    small = UploadLimits(max_upload_bytes=1000)
    with pytest.raises(UploadError) as e:
        prepare_upload([("partners.csv", b"x" * 600), ("plans.csv", b"y" * 600)], tmp_path / "work", small)
    assert "za duże" in e.value.pl and "too large" in e.value.en
    assert not (tmp_path / "work").exists()


def test_too_many_files_and_members(tmp_path, tables):
    with pytest.raises(UploadError):
        prepare_upload(list(tables.items()), tmp_path / "work", UploadLimits(max_files=3))
    with pytest.raises(UploadError):
        prepare_upload([("d.zip", make_zip(tables))], tmp_path / "work", UploadLimits(max_members=3))


def test_zip_bomb_1gb_of_zeros(tmp_path):
    stream, crc, size = zeros_deflated(1024)           # 1 GB of zeros in about 1 MB
    data = raw_zip("volunteers.csv", stream, crc, size)
    assert len(data) < 2 << 20
    with pytest.raises(UploadError) as e:
        prepare_upload([("bomb.zip", data)], tmp_path / "work", LIMITS)
    assert "kompresja" in e.value.pl and "compression" in e.value.en
    assert left_over(tmp_path / "work") == []


def test_zip_bomb_over_total_limit(tmp_path):
    data = make_zip({"volunteers.csv": b"1" * (3 << 20)})
    with pytest.raises(UploadError) as e:
        prepare_upload([("d.zip", data)], tmp_path / "work", UploadLimits(max_uncompressed_bytes=2 << 20))
    assert "exceeds" in e.value.en


def test_streaming_count_stops_a_bomb_whose_headers_slip_through(tmp_path, monkeypatch):
    """Even if the header checks were fooled, extraction counts real bytes and stops at the limit."""
    stream, crc, size = zeros_deflated(64)
    data = raw_zip("volunteers.csv", stream, crc, size)
    monkeypatch.setattr(uploads, "_check_headers", lambda zf, what, limits, used=0: zf.infolist())
    written = []
    real = uploads._stream

    def spy(zf, info, out, what, limits, used):
        try:
            return real(zf, info, out, what, limits, used)
        finally:
            written.append(out.tell() if out is not None else 0)

    monkeypatch.setattr(uploads, "_stream", spy)
    limits = UploadLimits(max_uncompressed_bytes=8 << 20, max_ratio=10_000)
    with pytest.raises(UploadError):
        prepare_upload([("bomb.zip", data)], tmp_path / "work", limits)
    assert written and written[0] <= 8 << 20                 # stopped at the limit, not at 64 MB
    assert left_over(tmp_path / "work") == []


def test_lying_header_sizes(tmp_path):
    stream, crc, size = zeros_deflated(64)
    # declares 1000 bytes (ratio looks harmless) but holds 64 MB
    data = raw_zip("volunteers.csv", stream, crc, 1000)
    with pytest.raises(UploadError):
        prepare_upload([("lie.zip", data)], tmp_path / "work", LIMITS)
    # declares more than it holds
    payload = zlib.compress(b"a,b\n1,2\n")[2:-4]
    data = raw_zip("volunteers.csv", payload, zlib.crc32(b"a,b\n1,2\n"), 5000)
    with pytest.raises(UploadError):
        prepare_upload([("lie.zip", data)], tmp_path / "work", LIMITS)
    assert left_over(tmp_path / "work") == []


def test_xlsx_bomb_refused_without_extracting(tmp_path):
    stream, crc, size = zeros_deflated(256)
    data = raw_zip("xl/worksheets/sheet1.xml", stream, crc, size)
    with pytest.raises(UploadError):
        prepare_upload([("dane.xlsx", data)], tmp_path / "work", LIMITS)
    with pytest.raises(UploadError):
        prepare_upload([("partners.xlsx", data), ("plans.csv", b"x")], tmp_path / "work", LIMITS)


# ---------------------------------------------------------------- malformed

@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 not really a zip", b"just text", b"\x00" * 100])
def test_malformed_zip(tmp_path, data):
    with pytest.raises(UploadError) as e:
        prepare_upload([("d.zip", data)], tmp_path / "work", LIMITS)
    assert "archiwum" in e.value.pl.lower() and "archive" in e.value.en.lower()
    assert left_over(tmp_path / "work") == []


def test_corrupted_member_data(tmp_path, tables):
    data = bytearray(make_zip({"partners.csv": tables["partners.csv"] * 50}))
    data[60:80] = b"\xff" * 20                                       # damage the compressed bytes
    with pytest.raises(UploadError):
        prepare_upload([("d.zip", bytes(data))], tmp_path / "work", LIMITS)
    assert left_over(tmp_path / "work") == []


def test_encrypted_zip_refused(tmp_path):
    data = bytearray(make_zip({"partners.csv": b"a,b\n"}, zipfile.ZIP_STORED))
    # set the "encrypted" flag bit in the local and central headers
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        i = data.find(sig)
        off = i + (6 if sig == b"PK\x03\x04" else 8)
        data[off] |= 1
    with pytest.raises(UploadError):
        prepare_upload([("d.zip", bytes(data))], tmp_path / "work", LIMITS)


def test_no_files(tmp_path):
    with pytest.raises(UploadError):
        prepare_upload([], tmp_path / "work", LIMITS)


def test_limits_from_config(tmp_path, monkeypatch):
    cfg = tmp_path / "ks.toml"
    cfg.write_text("[uploads]\nmax_upload_mb = 10\nmax_files = 7\nmax_ratio = 50\n")
    monkeypatch.setenv("KS_CONFIG", str(cfg))
    lim = UploadLimits.from_config()
    assert (lim.max_upload_bytes, lim.max_files, lim.max_ratio) == (10 << 20, 7, 50.0)
    assert lim.max_uncompressed_bytes == UploadLimits().max_uncompressed_bytes
