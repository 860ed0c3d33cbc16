"""Importer: every input quirk of contract section 1 and every kind of bad input.

Bad input must give exit code 1, a message naming the table/row/column or file, no traceback,
and leave the previous database byte-for-byte unchanged.
"""
from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analytics import cli
from analytics.data import db, fileutil
from analytics.data.importer import Importer, import_source
from tests.fixtures import TASK_TEAMS, with_teams
from tests.fixtures_import import valid, write_csv, write_folder

ROOT = Path(__file__).resolve().parents[2]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def base_db(tmp_path_factory) -> Path:
    folder = write_folder(tmp_path_factory.mktemp("valid") / "in")
    path = tmp_path_factory.mktemp("db") / "ks.duckdb"
    assert import_source(folder, path).ok
    return path


@pytest.fixture
def existing_db(base_db, tmp_path) -> Path:
    target = tmp_path / "existing.duckdb"
    shutil.copy(base_db, target)
    return target


def query(path: Path, sql: str):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    code = cli.main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


# ---------------------------------------------------------------- a valid import

def test_valid_folder_imports_with_types_and_defaults(tmp_path):
    path = tmp_path / "ks.duckdb"
    result = import_source(write_folder(tmp_path / "in"), path)
    assert result.ok, result.report.format("error")
    assert result.rows["volunteers"] == 2
    assert query(path, "SELECT voivodeship, start_date, end_date, grant_pln FROM partners ORDER BY partner_id") == [
        ("02", dt.date(2024, 2, 1), dt.date(2026, 12, 31), 5000.5),
        ("02", dt.date(2024, 1, 1), None, 100000.0),
    ]
    # valid_from/valid_to default to the partner's dates; an explicit valid_from is kept.
    assert query(path, "SELECT powiat, valid_from, valid_to FROM partner_areas ORDER BY powiat") == [
        ("0201", dt.date(2024, 2, 1), dt.date(2026, 12, 31)),
        ("0202", dt.date(2024, 6, 1), dt.date(2026, 12, 31)),
    ]
    # joined_on defaults to the coalition's founded_on.
    assert query(path, "SELECT member_id, joined_on FROM coalition_members ORDER BY member_id") == [
        ("M1", dt.date(2024, 3, 1)), ("M2", dt.date(2024, 5, 1))]
    # literal defaults: sex U, weight 1, hours_confirmed 0; a month is stored as its first day.
    assert query(path, "SELECT sex FROM volunteers ORDER BY volunteer_id") == [("F",), ("U",)]
    assert query(path, "SELECT weight, baseline FROM plan_indicators") == [(1.0, 0.0)]
    assert query(path, "SELECT volunteer_id, month, hours_confirmed FROM hours ORDER BY 1") == [
        ("V1", dt.date(2024, 5, 1), 8.0), ("V2", dt.date(2024, 5, 1), 0.0)]


def test_import_metadata_is_stored(tmp_path):
    path = tmp_path / "ks.duckdb"
    assert import_source(write_folder(tmp_path / "in"), path).ok
    con = duckdb.connect(str(path), read_only=True)
    meta = db.import_meta(con)
    assert meta["contract_version"] == "1.1"
    # partners 2, areas 2, coalitions 1, members 2, plans 1, indicators 1, progress 1,
    # volunteers 2, organisers 1, hours 2, activities 1 = 16
    assert meta["rows_total"] == 16
    # Earliest event date: R02 started 2024-01-01. Latest: plan_progress reported 2024-06-30, later
    # than the last hours month (2024-05 counts as 2024-05-31) and the area valid_from 2024-06-01.
    assert meta["data_from"] == dt.date(2024, 1, 1)
    assert meta["data_as_of"] == dt.date(2024, 6, 30)
    assert db.provided_tables(con) == {"partners", "partner_areas", "coalitions", "coalition_members",
                                       "plans", "plan_indicators", "plan_progress", "volunteers",
                                       "organisers", "hours", "activities"}
    assert con.execute("SELECT count(*) FROM units").fetchall() == [(397,)]
    con.close()


def test_optional_sow_tables_may_be_absent(tmp_path):
    tables = {k: v for k, v in valid().items() if k not in ("volunteers", "organisers", "hours", "activities")}
    path = tmp_path / "ks.duckdb"
    result = import_source(write_folder(tmp_path / "in", tables), path)
    assert result.ok
    con = duckdb.connect(str(path), read_only=True)
    assert "volunteers" not in db.provided_tables(con)
    assert con.execute("SELECT count(*) FROM volunteers").fetchall() == [(0,)]
    con.close()


def test_population_input_overrides_reference(tmp_path):
    tables = valid()
    tables["population"] = [{"teryt": "201", "population": "90000", "year": "2024"},
                            {"teryt": "0201", "population": "80000", "year": "2020"}]
    path = tmp_path / "ks.duckdb"
    assert import_source(write_folder(tmp_path / "in", tables), path).ok
    # the latest year wins; the lost leading zero is repaired
    assert query(path, "SELECT population, year, source FROM unit_population WHERE teryt = '0201'") == [
        (90000, 2024, "input")]


# ---------------------------------------------------------------- quirks of contract section 1

def test_windows_1250_with_semicolons_and_decimal_comma(tmp_path):
    tables = valid()
    tables["partners"][1]["name"] = "Stowarzyszenie „Żółć” z Łodzi"
    tables["partners"][1]["grant_pln"] = "5000,75"
    tables["hours"][1]["hours_logged"] = "4,5"
    folder = write_folder(tmp_path / "in", tables, delimiter=";", encoding="cp1250")
    assert "Ż".encode("cp1250") in (folder / "partners.csv").read_bytes()
    path = tmp_path / "ks.duckdb"
    result = import_source(folder, path)
    assert result.ok, result.report.format("error")
    assert query(path, "SELECT name, grant_pln FROM partners WHERE partner_id = 'L1'") == [
        ("Stowarzyszenie „Żółć” z Łodzi", 5000.75)]
    assert query(path, "SELECT hours_logged FROM hours WHERE volunteer_id = 'V2'") == [(4.5,)]
    assert query(path, "SELECT encoding, delimiter FROM import_tables WHERE table_name = 'partners'") == [
        ("cp1250", ";")]


def test_utf8_with_bom(tmp_path):
    folder = write_folder(tmp_path / "in", encoding="utf-8-sig")
    assert (folder / "partners.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    path = tmp_path / "ks.duckdb"
    assert import_source(folder, path).ok
    assert query(path, "SELECT partner_id FROM partners ORDER BY 1") == [("L1",), ("R02",)]


def test_decimal_comma_needs_semicolon_delimiter(tmp_path, existing_db, capsys):
    tables = valid()
    tables["partners"][1]["grant_pln"] = "5000,75"  # quoted by the csv writer in a ,-file
    before = sha(existing_db)
    code, _, err = run_cli(["import", str(write_folder(tmp_path / "in", tables)), "--db", str(existing_db)], capsys)
    assert code == 1
    assert "partners (partners.csv) row 3 column grant_pln: value '5000,75': not a number" in err
    assert sha(existing_db) == before


def test_polish_dates_and_booleans(tmp_path):
    tables = valid()
    tables["partners"][1]["start_date"] = "01.02.2024"
    tables["coalitions"][0]["formal_agreement"] = "tak"
    tables["plan_progress"][0]["verified"] = "NIE"
    tables["coalitions"].append(dict(tables["coalitions"][0], coalition_id="C2", formal_agreement="yes",
                                     founded_on="15.03.2024"))
    tables["coalitions"].append(dict(tables["coalitions"][0], coalition_id="C3", formal_agreement="0"))
    path = tmp_path / "ks.duckdb"
    assert import_source(write_folder(tmp_path / "in", tables), path).ok
    assert query(path, "SELECT start_date FROM partners WHERE partner_id = 'L1'") == [(dt.date(2024, 2, 1),)]
    assert query(path, "SELECT coalition_id, founded_on, formal_agreement FROM coalitions ORDER BY 1") == [
        ("C1", dt.date(2024, 3, 1), True), ("C2", dt.date(2024, 3, 15), True),
        ("C3", dt.date(2024, 3, 1), False)]
    assert query(path, "SELECT verified FROM plan_progress") == [(False,)]


def test_lost_leading_zeros_are_repaired_with_a_warning(tmp_path):
    tables = valid()
    tables["partners"][0]["voivodeship"] = "2"
    tables["partner_areas"][0]["powiat"] = "201"
    path = tmp_path / "ks.duckdb"
    result = import_source(write_folder(tmp_path / "in", tables), path)
    assert result.ok
    assert query(path, "SELECT voivodeship FROM partners WHERE partner_id = 'R02'") == [("02",)]
    assert query(path, "SELECT powiat FROM partner_areas ORDER BY 1") == [("0201",), ("0202",)]
    warned = {(w.table, w.row, w.column, w.value) for w in result.warnings if "leading zero" in w.reason}
    assert warned == {("partners", 2, "voivodeship", "2"), ("partner_areas", 2, "powiat", "201")}
    assert query(path, "SELECT count(*) FROM import_warnings WHERE reason LIKE '%leading zero%'") == [(2,)]


def test_header_case_and_spaces(tmp_path):
    tables = valid()
    folder = write_folder(tmp_path / "in", tables)
    write_csv(folder / "partners.csv", tables["partners"],
              headers=[" Partner_ID ", "NAME", "Tier", " voivodeship", "Edition ", "Start Date", "end_date",
                       "grant_pln"])
    path = tmp_path / "ks.duckdb"
    result = import_source(folder, path)
    assert result.ok, result.report.format("error")
    assert query(path, "SELECT partner_id, tier FROM partners ORDER BY 1") == [("L1", "local"), ("R02", "regional")]


def test_extra_column_is_ignored_with_a_warning(tmp_path):
    tables = valid()
    for r in tables["coalitions"]:
        r["uwagi"] = "notatka"
    path = tmp_path / "ks.duckdb"
    result = import_source(write_folder(tmp_path / "in", tables), path)
    assert result.ok
    assert [(w.table, w.column, w.reason) for w in result.warnings if w.column == "uwagi"] == [
        ("coalitions", "uwagi", "extra column ignored")]


def test_enum_spelling_is_folded(tmp_path):
    tables = valid()
    tables["coalition_members"][1]["member_type"] = "Local Government"
    tables["volunteers"][0]["sex"] = "f"
    tables["partners"][0]["tier"] = "REGIONAL"
    path = tmp_path / "ks.duckdb"
    assert import_source(write_folder(tmp_path / "in", tables), path).ok
    assert query(path, "SELECT member_type FROM coalition_members ORDER BY member_id") == [
        ("ngo",), ("local_government",)]
    assert query(path, "SELECT sex FROM volunteers WHERE volunteer_id = 'V1'") == [("F",)]


def test_month_spellings(tmp_path):
    tables = valid()
    tables["hours"][0]["month"] = "05.2024"
    tables["hours"][1]["month"] = "2024-06-01"
    path = tmp_path / "ks.duckdb"
    assert import_source(write_folder(tmp_path / "in", tables), path).ok
    assert query(path, "SELECT month FROM hours ORDER BY volunteer_id") == [
        (dt.date(2024, 5, 1),), (dt.date(2024, 6, 1),)]


def test_blank_lines_keep_row_numbers(tmp_path, existing_db, capsys):
    folder = write_folder(tmp_path / "in")
    text = (folder / "plan_progress.csv").read_text()
    (folder / "plan_progress.csv").write_text(text + "\r\nP1,I1,2024-13-01,2,\r\n")
    code, _, err = run_cli(["import", str(folder), "--db", str(existing_db)], capsys)
    assert code == 1
    # header = line 1, data = line 2, blank line 3, the bad row is line 4
    assert "plan_progress (plan_progress.csv) row 4 column reported_on: value '2024-13-01'" in err


def _write_workbook(path: Path, tables: dict[str, list[dict[str, str]]]) -> Path:
    """Cells as a spreadsheet user leaves them: numbers as numbers (TERYT 201 lost its zero),
    dates as dates, booleans as booleans."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in tables.items():
        ws = wb.create_sheet(name)
        ws.append(list(rows[0]))
        for r in rows:
            out = []
            for col, v in r.items():
                if v == "":
                    out.append(None)
                elif col in ("powiat", "voivodeship") and v.isdigit():
                    out.append(int(v))
                elif len(v) == 10 and v[4] == "-" and v[7] == "-":
                    out.append(dt.datetime.fromisoformat(v))
                elif v in ("true", "false"):
                    out.append(v == "true")
                else:
                    try:
                        out.append(float(v) if "." in v else int(v))
                    except ValueError:
                        out.append(v)
            ws.append(out)
    wb.save(path)
    return path


def test_one_workbook_with_a_sheet_per_table(tmp_path):
    wb = _write_workbook(tmp_path / "dane.xlsx", valid())
    path = tmp_path / "ks.duckdb"
    result = import_source(wb, path)
    assert result.ok, result.report.format("error")
    assert query(path, "SELECT powiat, valid_from FROM partner_areas ORDER BY 1") == [
        ("0201", dt.date(2024, 2, 1)), ("0202", dt.date(2024, 6, 1))]
    assert query(path, "SELECT formal_agreement FROM coalitions") == [(True,)]
    assert query(path, "SELECT grant_pln FROM partners WHERE partner_id = 'L1'") == [(5000.5,)]


def test_parquet_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, rows in valid().items():
        cols = {k: [r[k] or None for r in rows] for k in rows[0]}
        if name == "volunteers":  # typed columns, as a real Parquet export would have them
            cols["registered_on"] = [dt.date.fromisoformat(v) for v in cols["registered_on"]]
            cols["birth_year"] = pa.array([1990, None], type=pa.int64())
        if name == "hours":
            cols["hours_logged"] = pa.array([10.0, 4.5])
        pq.write_table(pa.table(cols), folder / f"{name}.parquet")
    path = tmp_path / "ks.duckdb"
    result = import_source(folder, path)
    assert result.ok, result.report.format("error")
    assert query(path, "SELECT volunteer_id, registered_on, birth_year FROM volunteers ORDER BY 1") == [
        ("V1", dt.date(2024, 1, 10), 1990), ("V2", dt.date(2024, 2, 10), None)]
    assert query(path, "SELECT sum(hours_logged) FROM hours") == [(14.5,)]


# ---------------------------------------------------------------- bad input

def _mutate(table: str, index: int, column: str, value: str):
    def change(t):
        t[table][index][column] = value
    return change


BAD_CELLS = [
    # (change, table, file row, column, value, reason fragment)
    (_mutate("partners", 0, "start_date", "2024-02-30"), "partners", 2, "start_date", "2024-02-30", "not a date"),
    (_mutate("partners", 1, "tier", "national"), "partners", 3, "tier", "national", "not one of: regional, local"),
    (_mutate("partner_areas", 0, "powiat", "0299"), "partner_areas", 2, "powiat", "0299", "not in the TERYT register"),
    (_mutate("coalitions", 0, "name", ""), "coalitions", 2, "name", "", "required value is missing"),
    (_mutate("volunteers", 1, "birth_year", "198x"), "volunteers", 3, "birth_year", "198x", "not a whole number"),
    (_mutate("hours", 0, "hours_confirmed", "12"), "hours", 2, "hours_logged, hours_confirmed",
     "hours_logged=10, hours_confirmed=12", "hours_confirmed exceeds hours_logged"),
    (_mutate("partners", 1, "end_date", "2023-12-31"), "partners", 3, "start_date, end_date",
     "start_date=2024-02-01, end_date=2023-12-31", "end_date is before start_date"),
    (_mutate("coalitions", 0, "dissolved_on", "2024-03-01"), "coalitions", 2, "founded_on, dissolved_on",
     "founded_on=2024-03-01, dissolved_on=2024-03-01", "dissolved_on must be after founded_on"),
    (_mutate("plan_indicators", 0, "target", "0"), "plan_indicators", 2, "baseline, target",
     "baseline=0, target=0", "target must differ from baseline"),
    (_mutate("plan_indicators", 0, "code", "custom"), "plan_indicators", 2, "code, name", "code=custom, name=",
     "a custom indicator needs a name"),
    (_mutate("plan_indicators", 0, "weight", "0"), "plan_indicators", 2, "weight", "0", "must be > 0"),
    (_mutate("plan_progress", 0, "achieved", "-2"), "plan_progress", 2, "achieved", "-2", "must be ≥ 0"),
    (_mutate("coalition_members", 0, "coalition_id", "C9"), "coalition_members", 2, "coalition_id", "C9",
     "not found in coalitions.coalition_id"),
    (_mutate("hours", 1, "volunteer_id", "V9"), "hours", 3, "volunteer_id", "V9",
     "not found in volunteers.volunteer_id"),
    (_mutate("plan_progress", 0, "indicator_id", "I7"), "plan_progress", 2, "plan_id, indicator_id", "P1, I7",
     "not found in plan_indicators.plan_id, indicator_id"),
    (_mutate("organisers", 0, "type", "school"), "organisers", 2, "type", "school", "not one of: ngo"),
    (_mutate("hours", 0, "month", "2024/05"), "hours", 2, "month", "2024/05", "not a month"),
    (_mutate("coalitions", 0, "formal_agreement", "maybe"), "coalitions", 2, "formal_agreement", "maybe",
     "not a yes/no value"),
]


@pytest.mark.parametrize("change,table,row,column,value,reason", BAD_CELLS,
                         ids=[f"{c[1]}.{c[3]}:{c[5][:20]}" for c in BAD_CELLS])
def test_bad_cell_fails_naming_table_row_column_value(tmp_path, existing_db, capsys, change, table, row,
                                                      column, value, reason):
    tables = valid()
    change(tables)
    before = sha(existing_db)
    code, out, err = run_cli(["import", str(write_folder(tmp_path / "in", tables)), "--db", str(existing_db)],
                             capsys)
    assert code == 1
    assert f"ERROR {table} ({table}.csv) row {row} column {column}: value {value!r}: " in err
    assert reason in err
    assert "Traceback" not in err + out
    assert "Nothing was changed" in err
    assert sha(existing_db) == before


def test_duplicate_keys_name_both_rows(tmp_path, existing_db, capsys):
    tables = valid()
    tables["volunteers"].append(dict(tables["volunteers"][0]))  # V1 again, file row 4
    tables["hours"].append(dict(tables["hours"][0]))            # (V1, O1, 2024-05) again, row 4
    before = sha(existing_db)
    code, _, err = run_cli(["import", str(write_folder(tmp_path / "in", tables)), "--db", str(existing_db)], capsys)
    assert code == 1
    assert "volunteers (volunteers.csv) row 4 column volunteer_id: value 'volunteer_id=V1 (first in row 2)': duplicate key" in err
    assert ("hours (hours.csv) row 4 column volunteer_id, organiser_id, month: value "
            "'volunteer_id=V1, organiser_id=O1, month=2024-05 (first in row 2)'") in err
    assert sha(existing_db) == before


def test_partner_areas_for_a_regional_partner_are_an_error(tmp_path, existing_db, capsys):
    tables = valid()
    tables["partner_areas"][1]["partner_id"] = "R02"
    code, _, err = run_cli(["import", str(write_folder(tmp_path / "in", tables)), "--db", str(existing_db)], capsys)
    assert code == 1
    assert "partner_areas (partner_areas.csv) row 3 column partner_id: value 'R02': partner_areas rows are for local partners" in err


def test_area_outside_the_partner_voivodeship_is_only_a_warning(tmp_path):
    tables = valid()
    tables["partner_areas"][1]["powiat"] = "0401"
    result = import_source(write_folder(tmp_path / "in", tables), tmp_path / "ks.duckdb")
    assert result.ok
    assert [(w.row, w.value) for w in result.warnings if "outside" in w.reason] == [(3, "0401 (partner seat 02)")]


@pytest.mark.parametrize("column", ["imie", "Nazwisko", "E-mail", "PESEL", "telefon", "data_urodzenia", "name"])
def test_forbidden_personal_data_column(tmp_path, existing_db, capsys, column):
    tables = valid()
    for r in tables["volunteers"]:
        r[column] = "x"
    before = sha(existing_db)
    code, _, err = run_cli(["import", str(write_folder(tmp_path / "in", tables)), "--db", str(existing_db)], capsys)
    assert code == 1
    assert f"ERROR volunteers (volunteers.csv) column {column}: personal data is not allowed here" in err
    assert sha(existing_db) == before


def test_missing_required_table(tmp_path, existing_db, capsys):
    folder = write_folder(tmp_path / "in")
    (folder / "plans.csv").unlink()
    before = sha(existing_db)
    code, _, err = run_cli(["import", str(folder), "--db", str(existing_db)], capsys)
    assert code == 1
    assert "ERROR plans: required table plans is missing" in err
    assert sha(existing_db) == before


def test_missing_required_column(tmp_path, existing_db, capsys):
    tables = valid()
    for r in tables["activities"]:
        del r["date"]
    code, _, err = run_cli(["import", str(write_folder(tmp_path / "in", tables)), "--db", str(existing_db)], capsys)
    assert code == 1
    assert "ERROR activities (activities.csv) column date: required column date is missing" in err


@pytest.mark.parametrize("name,content,message", [
    ("coalitions.csv", b"", "ERROR coalitions (coalitions.csv): the file is empty"),
    ("coalitions.csv", b"\x00\x01\x02\x03 binary", "ERROR coalitions (coalitions.csv): this is a binary file"),
    ("coalitions.csv", b"PK\x03\x04 zipped", "saved with a .csv name"),
    ("coalitions.xlsx", b"not a workbook at all", "ERROR coalitions (coalitions.xlsx): this is not an .xlsx workbook"),
    ("coalitions.xlsx", b"PK\x03\x04 broken zip", "ERROR coalitions (coalitions.xlsx): the .xlsx workbook is damaged"),
    ("coalitions.parquet", b"PAR1 truncated", "ERROR coalitions (coalitions.parquet): the Parquet file is damaged"),
    ("coalitions.parquet", b"id,name\n", "this is not a Parquet file"),
])
def test_unreadable_files(tmp_path, existing_db, capsys, name, content, message):
    folder = write_folder(tmp_path / "in")
    (folder / "coalitions.csv").unlink()
    (folder / name).write_bytes(content)
    before = sha(existing_db)
    code, out, err = run_cli(["import", str(folder), "--db", str(existing_db)], capsys)
    assert code == 1
    assert message in err
    assert "Traceback" not in out + err
    assert sha(existing_db) == before


def test_malformed_csv_rows_are_reported_with_their_line(tmp_path, existing_db, capsys):
    folder = write_folder(tmp_path / "in")
    with open(folder / "coalition_members.csv", "a", encoding="utf-8") as f:
        f.write("C1,M3,ngo,,,surplus\r\nC1,M4\r\n")
    before = sha(existing_db)
    code, _, err = run_cli(["import", str(folder), "--db", str(existing_db)], capsys)
    assert code == 1
    assert "coalition_members (coalition_members.csv) row 4: value 'C1,M3,ngo,,,surplus': expected 5 fields, found 6" in err
    assert "row 5: value 'C1,M4': expected 5 fields, found 2" in err
    assert sha(existing_db) == before


def test_two_files_for_one_table(tmp_path, existing_db, capsys):
    folder = write_folder(tmp_path / "in")
    shutil.copy(folder / "plans.csv", folder / "Plans.xlsx")
    code, _, err = run_cli(["import", str(folder), "--db", str(existing_db)], capsys)
    assert code == 1
    assert "two files hold table plans" in err


def test_every_error_is_reported_not_only_the_first(tmp_path, existing_db, capsys):
    tables = valid()
    tables["partners"][0]["start_date"] = "bad"
    tables["volunteers"][0]["powiat"] = "9999"
    tables["activities"][0]["type"] = "picnic"
    code, _, err = run_cli(["import", str(write_folder(tmp_path / "in", tables)), "--db", str(existing_db)], capsys)
    assert code == 1
    assert err.count("ERROR ") == 3
    assert "errors: 3" in err


def test_error_totals_are_capped_per_kind(tmp_path, existing_db, capsys):
    tables = valid()
    base = tables["volunteers"][0]
    tables["volunteers"] = [dict(base, volunteer_id=f"V{i}", registered_on="never") for i in range(1, 61)]
    tables["hours"] = [dict(tables["hours"][0], volunteer_id="V1")]
    code, _, err = run_cli(["import", str(write_folder(tmp_path / "in", tables)), "--db", str(existing_db)], capsys)
    assert code == 1
    assert err.count("column registered_on: value 'never'") == 20
    assert "40 more like this (60 in all" in err
    assert "       60  volunteers.registered_on: not a date" in err


def test_source_that_does_not_exist(tmp_path, existing_db, capsys):
    code, _, err = run_cli(["import", str(tmp_path / "nope"), "--db", str(existing_db)], capsys)
    assert code == 1
    assert "does not exist" in err


def test_first_import_creates_parent_folder_and_leaves_no_temp_files(tmp_path):
    target = tmp_path / "new" / "sub" / "ks.duckdb"
    assert import_source(write_folder(tmp_path / "in"), target).ok
    assert sorted(p.name for p in target.parent.iterdir()) == ["ks.duckdb"]


def test_failed_first_import_creates_nothing(tmp_path, capsys):
    tables = valid()
    tables["partners"][0]["tier"] = "x"
    target = tmp_path / "out" / "ks.duckdb"
    code, _, _ = run_cli(["import", str(write_folder(tmp_path / "in", tables)), "--db", str(target)], capsys)
    assert code == 1
    assert not target.exists()
    assert not target.parent.exists() or list(target.parent.iterdir()) == []


def test_cli_end_to_end_in_a_subprocess(tmp_path, existing_db):
    """The real command, as a scheduler calls it: exit codes and streams."""
    tables = valid()
    tables["plans"][0]["status"] = "finished"
    before = sha(existing_db)
    bad = subprocess.run([sys.executable, "-m", "analytics", "import", str(write_folder(tmp_path / "bad", tables)),
                          "--db", str(existing_db)], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 1
    assert "ERROR plans (plans.csv) row 2 column status: value 'finished': not one of: draft" in bad.stderr
    assert "Traceback" not in bad.stderr
    assert sha(existing_db) == before
    good = subprocess.run([sys.executable, "-m", "analytics", "import", str(write_folder(tmp_path / "good")),
                           "--db", str(existing_db)], capture_output=True, text=True, cwd=ROOT)
    assert good.returncode == 0, good.stderr
    assert "Imported" in good.stdout and "volunteers" in good.stdout
    usage = subprocess.run([sys.executable, "-m", "analytics", "import"], capture_output=True, text=True, cwd=ROOT)
    assert usage.returncode == 2


# ---------------------------------------------------------------- task teams (contract v1.1)

def _append(table: str, row: dict):
    def change(t):
        t[table].append(row)
    return change


BAD_TEAMS = [
    (_append("task_teams", dict(TASK_TEAMS["task_teams"][0])), "task_teams", 4, "team_id",
     "team_id=T1 (first in row 2)", "duplicate key"),
    (_mutate("task_teams", 0, "area", "finance"), "task_teams", 2, "area", "finance",
     "not one of: training, promotion, networking, coalitions, institutions, sow, other"),
    (_mutate("task_teams", 0, "founded_on", ""), "task_teams", 2, "founded_on", "", "required value is missing"),
    (_mutate("task_teams", 1, "dissolved_on", "2024-01-15"), "task_teams", 3, "founded_on, dissolved_on",
     "founded_on=2024-01-15, dissolved_on=2024-01-15", "dissolved_on must be after founded_on"),
    (_mutate("task_teams", 1, "dissolved_on", "2023-12-31"), "task_teams", 3, "founded_on, dissolved_on",
     "founded_on=2024-01-15, dissolved_on=2023-12-31", "dissolved_on must be after founded_on"),
    (_mutate("task_team_members", 0, "team_id", "T9"), "task_team_members", 2, "team_id", "T9",
     "not found in task_teams.team_id"),
    (_mutate("task_team_members", 1, "partner_id", "X9"), "task_team_members", 3, "partner_id", "X9",
     "not found in partners.partner_id"),
    (_mutate("task_team_members", 1, "left_on", "2024-05-01"), "task_team_members", 3, "joined_on, left_on",
     "joined_on=2024-05-01, left_on=2024-05-01", "left_on must be after joined_on"),
    # left_on against the defaulted joined_on (the team's founding), shown as used
    (_mutate("task_team_members", 0, "left_on", "2024-02-01"), "task_team_members", 2, "joined_on, left_on",
     "joined_on=2024-03-01, left_on=2024-02-01", "left_on must be after joined_on"),
    (_mutate("task_team_members", 2, "joined_on", "2024-13-01"), "task_team_members", 4, "joined_on",
     "2024-13-01", "not a date"),
    # the same membership twice, once through the default
    (_append("task_team_members", {"team_id": "T1", "partner_id": "L1", "joined_on": "01.03.2024", "left_on": ""}),
     "task_team_members", 5, "team_id, partner_id, joined_on",
     "team_id=T1, partner_id=L1, joined_on=01.03.2024 (first in row 2)", "duplicate (team_id, partner_id, joined_on)"),
]


@pytest.mark.parametrize("change,table,row,column,value,reason", BAD_TEAMS,
                         ids=[f"{c[1]}.{c[3]}:{c[5][:24]}" for c in BAD_TEAMS])
def test_bad_task_team_rows_fail_naming_table_row_column_value(tmp_path, existing_db, capsys, change, table,
                                                               row, column, value, reason):
    tables = with_teams()
    change(tables)
    before = sha(existing_db)
    code, out, err = run_cli(["import", str(write_folder(tmp_path / "in", tables)), "--db", str(existing_db)],
                             capsys)
    assert code == 1
    assert f"ERROR {table} ({table}.csv) row {row} column {column}: value {value!r}: {reason}" in err
    assert "errors: 1," in err and "Traceback" not in err + out
    assert sha(existing_db) == before


@pytest.mark.parametrize("present,missing", [("task_teams", "task_team_members"),
                                             ("task_team_members", "task_teams")])
def test_task_team_tables_come_together_or_not_at_all(tmp_path, existing_db, capsys, present, missing):
    tables = with_teams()
    del tables[missing]
    before = sha(existing_db)
    code, out, err = run_cli(["import", str(write_folder(tmp_path / "in", tables)), "--db", str(existing_db)],
                             capsys)
    assert code == 1
    assert (f"ERROR {missing}: {present} and {missing} come together or not at all: add {missing} "
            f"(a header row alone is enough when it has no rows) or leave out {present}") in err
    assert "Traceback" not in err + out
    assert sha(existing_db) == before


# ---------------------------------------------------------------- ODS (contract v1.1)

def test_ods_table_files_in_a_folder(tmp_path):
    """One .ods file per table (LibreOffice's default format), written by a real ODS writer."""
    folder = write_folder(tmp_path / "in", with_teams())
    for name in ("partners", "task_teams"):
        frame = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
        (folder / f"{name}.csv").unlink()
        with pd.ExcelWriter(folder / f"{name}.ods", engine="odf") as xl:
            frame.to_excel(xl, sheet_name="Arkusz1", index=False)
    path = tmp_path / "ks.duckdb"
    result = import_source(folder, path)
    assert result.ok, result.report.format("error")
    assert query(path, "SELECT partner_id, grant_pln FROM partners ORDER BY 1") == [("L1", 5000.5), ("R02", 100000.0)]
    assert query(path, "SELECT source_file, format FROM import_tables WHERE table_name = 'task_teams'") == [
        ("task_teams.ods", "ods")]
    assert query(path, "SELECT count(*) FROM task_teams") == [(2,)]


# ---------------------------------------------------------------- input messages (issue 16)

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_named_with_what_to_do(tmp_path, existing_db, capsys, encoding):
    """Excel's "Unicode text" is tab-separated UTF-16 (little-endian with a BOM); without a BOM too."""
    folder = write_folder(tmp_path / "in")
    write_csv(folder / "coalitions.csv", valid()["coalitions"], delimiter="\t", encoding=encoding)
    before = sha(existing_db)
    code, out, err = run_cli(["import", str(folder), "--db", str(existing_db)], capsys)
    assert code == 1
    assert ('ERROR coalitions (coalitions.csv): this is UTF-16 text (what Excel saves as "Unicode text"), not '
            'UTF-8 or Windows-1250: save it again as "CSV UTF-8 (comma delimited)"') in err
    assert "binary" not in err and "Traceback" not in out + err
    assert sha(existing_db) == before


def test_symlink_leaving_the_input_folder_is_refused_without_reading_it(tmp_path, existing_db, capsys):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.csv").write_text("coalition_id,SECRET-FIRST-LINE\nK1,SECRET-VALUE\n")
    folder = write_folder(tmp_path / "in")
    (folder / "coalitions.csv").unlink()
    (folder / "coalitions.csv").symlink_to(outside / "secret.csv")
    (folder / "notes.txt").symlink_to("/etc/hostname")  # not a table: a warning, also unread
    before = sha(existing_db)
    code, out, err = run_cli(["import", str(folder), "--db", str(existing_db)], capsys)
    assert code == 1
    assert ("ERROR coalitions (coalitions.csv): a symbolic link to a place outside the input folder; refused "
            "without reading it (copy the file into the folder instead)") in err
    assert "WARNING (notes.txt): a symbolic link to a place outside the input folder" in err
    assert "SECRET" not in out + err and "Traceback" not in out + err
    assert sha(existing_db) == before


def test_symlink_to_a_pipe_outside_is_never_opened(tmp_path, existing_db):
    """Reading a FIFO blocks until someone writes: the import finishing at all proves it never opened it."""
    os.mkfifo(tmp_path / "pipe")
    folder = write_folder(tmp_path / "in")
    (folder / "hours.csv").unlink()
    (folder / "hours.csv").symlink_to(tmp_path / "pipe")
    before = sha(existing_db)
    bad = subprocess.run([sys.executable, "-m", "analytics", "import", str(folder), "--db", str(existing_db)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert bad.returncode == 1
    assert "ERROR hours (hours.csv): a symbolic link to a place outside the input folder" in bad.stderr
    assert "Traceback" not in bad.stderr and sha(existing_db) == before


def test_symlink_inside_the_input_folder_is_followed(tmp_path):
    folder = write_folder(tmp_path / "in")
    (folder / "kept").mkdir()
    (folder / "coalitions.csv").rename(folder / "kept" / "k.csv")
    (folder / "coalitions.csv").symlink_to(Path("kept") / "k.csv")
    assert import_source(folder, tmp_path / "ks.duckdb").ok


def test_formula_without_a_saved_result_is_an_error_naming_the_cell(tmp_path, existing_db, capsys):
    """openpyxl (like many scripts) writes formulas without results; Excel would show 5000.5 here."""
    path = _write_workbook(tmp_path / "dane.xlsx", valid())
    wb = openpyxl.load_workbook(path)
    wb["partners"]["H3"] = "=4000+1000.5"                # grant_pln of L1 (row 3, 8th column)
    wb["partners"]["J2"] = "=1+1"                        # beyond the headers: not a column of the table
    wb["coalitions"]["H1"] = "uwagi"
    wb["coalitions"]["H2"] = "=LEN(B2)"                  # an extra column: ignored with its warning
    wb.save(path)
    before = sha(existing_db)
    code, out, err = run_cli(["import", str(path), "--db", str(existing_db)], capsys)
    assert code == 1
    assert ("ERROR partners (dane.xlsx, sheet partners) row 3 column grant_pln: value 'cell H3 of sheet partners: "
            "=4000+1000.5': a formula without a saved result") in err
    assert "save it, or paste the values" in err
    assert err.count("formula without a saved result") == 1 + 1       # the line and its "by kind" total
    assert "Traceback" not in out + err
    assert sha(existing_db) == before


def test_formula_without_a_result_in_an_ods_file(tmp_path, existing_db, capsys):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    sheet = Table(name="Arkusz1")
    rows = valid()["coalitions"]
    for values in [list(rows[0])] + [list(r.values()) for r in rows]:
        tr = TableRow()
        for v in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=v))
            tr.addElement(cell)
        sheet.addElement(tr)
    tr = TableRow()   # row 3: the name is a formula with no result
    for i, v in enumerate(["C2", None, "0201", "L1", "2024-04-01", "", "false"]):
        if v is None:
            tr.addElement(TableCell(formula='of:=CONCATENATE("Koalicja ";"2")'))
        else:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=v))
            tr.addElement(cell)
    sheet.addElement(tr)
    doc.spreadsheet.addElement(sheet)
    folder = write_folder(tmp_path / "in")
    (folder / "coalitions.csv").unlink()
    doc.save(str(folder / "coalitions.ods"))
    before = sha(existing_db)
    code, out, err = run_cli(["import", str(folder), "--db", str(existing_db)], capsys)
    assert code == 1
    assert ("ERROR coalitions (coalitions.ods) row 3 column name: value 'cell B3 of sheet Arkusz1: "
            "=CONCATENATE(\"Koalicja \";\"2\")': a formula without a saved result") in err
    assert "Traceback" not in out + err
    assert sha(existing_db) == before


def test_teryt_written_as_a_decimal_number_is_repaired_with_a_warning(tmp_path):
    tables = valid()
    tables["partners"][0]["voivodeship"] = "02.0"
    tables["partner_areas"][0]["powiat"] = "201.0"
    tables["coalitions"][0]["powiat"] = "0201.00"
    path = tmp_path / "ks.duckdb"
    result = import_source(write_folder(tmp_path / "in", tables), path)
    assert result.ok, result.report.format("error")
    assert query(path, "SELECT voivodeship FROM partners WHERE partner_id = 'R02'") == [("02",)]
    assert query(path, "SELECT powiat FROM coalitions") == [("0201",)]
    warned = {(w.table, w.row, w.column, w.value) for w in result.warnings if "decimal number" in w.reason}
    assert warned == {("partners", 2, "voivodeship", "02.0"), ("partner_areas", 2, "powiat", "201.0"),
                      ("coalitions", 2, "powiat", "0201.00")}
    assert {w.reason for w in result.warnings if w.value in ("02.0", "201.0")} == {
        "TERYT code written as a decimal number (such as 2.0 or 02.0); repaired"}


# ---------------------------------------------------------------- one import at a time, safe writes (issue 16)

HOLD = """import sys, time
from pathlib import Path
from analytics.data import fileutil
with fileutil.database_lock(Path(sys.argv[1]), wait=0):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _hold_lock(db_path: Path, seconds: float) -> subprocess.Popen:
    """Another process holding the database's lock, exactly as a running import does."""
    p = subprocess.Popen([sys.executable, "-c", HOLD, str(db_path), str(seconds)], stdout=subprocess.PIPE,
                         text=True, cwd=ROOT)
    assert p.stdout.readline().strip() == "locked"
    return p


def _import(folder: Path, db_path: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analytics", "import", str(folder), "--db", str(db_path), *extra],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_second_import_waits_then_refuses_naming_the_holder(tmp_path, existing_db):
    build = existing_db.with_name(f".{existing_db.name}.building-4242")  # the holder's build in progress
    build.mkdir()
    holder = _hold_lock(existing_db, 60)
    try:
        before = sha(existing_db)
        started = time.monotonic()
        second = _import(write_folder(tmp_path / "in"), existing_db, "--wait", "1.5")
        assert time.monotonic() - started >= 1.5
    finally:
        holder.kill()
        holder.wait()
    assert second.returncode == 1
    line = second.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith(f"error: {existing_db} is locked by another import (pid {holder.pid} on host "
                           f"{socket.gethostname()}, since 20")
    assert line.endswith("waited 2 s. Nothing was changed: try again when it has finished")
    assert sha(existing_db) == before
    assert build.is_dir()  # a build that may be running is never touched


def test_imports_into_one_database_are_serialised_and_say_so(tmp_path, existing_db):
    folder = write_folder(tmp_path / "in")
    holder = _hold_lock(existing_db, 6)  # longer than the second import needs to reach the lock
    second = _import(folder, existing_db)  # default wait: 60 s
    holder.wait()
    assert second.returncode == 0, second.stderr
    assert re.search(rf"WARNING: waited \d+ s for another import into this database to finish \(pid {holder.pid} "
                     rf"on host {re.escape(socket.gethostname())}, since 20", second.stderr), second.stderr
    assert query(existing_db, "SELECT count(*) FROM import_warnings WHERE reason LIKE 'waited%'") == [(1,)]
    assert not existing_db.with_name(f".{existing_db.name}.lock").exists()


def test_leftovers_of_killed_imports_are_removed(tmp_path, existing_db):
    folder = existing_db.parent
    killed = folder / f".{existing_db.name}.building-999999"
    killed.mkdir()
    (killed / existing_db.name).write_bytes(b"half a database")
    staging_build = folder / f"..{existing_db.name}.staging-host-1-abc.building-5"
    staging_build.mkdir()
    other = folder / ".other.duckdb.building-1"  # another database's: not ours to judge
    other.mkdir()
    assert import_source(write_folder(tmp_path / "in"), existing_db).ok
    assert not killed.exists() and not staging_build.exists() and other.exists()
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == [".other.duckdb.building-1"]


def test_database_is_private(tmp_path):
    path = tmp_path / "ks.duckdb"
    old_umask = os.umask(0o022)
    try:
        assert import_source(write_folder(tmp_path / "in"), path).ok
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


WRITE_FAILURES = [
    (OSError(errno.ENOSPC, "No space left on device"), "no space left on the device"),
    (OSError(errno.EROFS, "Read-only file system"), "the file system is read-only"),
    (duckdb.IOException('IO Error: Could not write file "x.duckdb": No space left on device'),
     "no space left on the device"),
]


@pytest.mark.parametrize("error,reason", WRITE_FAILURES, ids=["ENOSPC", "EROFS", "duckdb-ENOSPC"])
def test_full_or_read_only_disk_gives_one_line_and_leaves_the_database(tmp_path, existing_db, capsys, monkeypatch,
                                                                        error, reason):
    def failing(self, path, started):
        path.write_bytes(b"half a database")  # the disk filled up half-way
        raise error

    monkeypatch.setattr(Importer, "_build", failing)
    before = sha(existing_db)
    code, out, err = run_cli(["import", str(write_folder(tmp_path / "in")), "--db", str(existing_db)], capsys)
    assert code == 1
    assert err.splitlines() == [f"error: cannot write the database {existing_db}: {reason}. Nothing was changed: "
                                "the previous database is untouched"]
    assert out == ""
    assert sha(existing_db) == before
    assert [p.name for p in existing_db.parent.iterdir() if p.name.startswith(".")] == []


def test_read_only_folder_gives_one_line(tmp_path, existing_db, capsys, monkeypatch):
    def read_only(db_path, *, wait):
        raise OSError(errno.EROFS, "Read-only file system", str(db_path.with_name(f".{db_path.name}.lock")))

    monkeypatch.setattr(fileutil, "database_lock", read_only)
    before = sha(existing_db)
    code, out, err = run_cli(["import", str(write_folder(tmp_path / "in")), "--db", str(existing_db)], capsys)
    assert code == 1
    assert err.splitlines() == [f"error: cannot write beside the database {existing_db}: the file system is "
                                "read-only. Nothing was changed"]
    assert sha(existing_db) == before


def test_wait_must_not_be_negative(tmp_path, existing_db, capsys):
    code, _, err = run_cli(["import", str(tmp_path), "--db", str(existing_db), "--wait", "-1"], capsys)
    assert code == 2 and "--wait must be 0 or more seconds" in err
