"""The same facts give identical tables whether imported from CSV, XLSX, ODS or Parquet (contract
v1.1 section 1): the imported input tables, the indicator tables and the plan table. And an ODS
file that LibreOffice itself saved imports (tests/fixtures/libreoffice_dane.ods)."""
from __future__ import annotations

import zipfile

import duckdb
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analytics.data import demo, schema
from analytics.data.importer import import_source
from analytics.metrics import indicators, plans
from tests.fixtures import LIBREOFFICE_ODS, with_teams
from tests.fixtures_import import write_folder

FORMATS = ("csv", "parquet", "xlsx", "ods", "mixed")


def spreadsheet_frame(path) -> pd.DataFrame:
    """A demo CSV typed as a spreadsheet user leaves it: dates (and months) as date cells, numbers
    as numbers - so TERYT codes such as 0201 become the number 201 and must be repaired on import -
    booleans as booleans, empty cells empty."""
    table = schema.TABLES_BY_NAME[path.stem]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for c in table.columns:
        col = frame[c.name]
        if c.type in (schema.DATE, schema.MONTH):
            frame[c.name] = pd.to_datetime(col.where(col != ""), format="%Y-%m-%d" if c.type == schema.DATE else "%Y-%m")
        elif c.type in (schema.INT, schema.DECIMAL, schema.TERYT, schema.TERYT2, schema.TERYT4):
            frame[c.name] = pd.to_numeric(col.where(col != ""))
        elif c.type == schema.BOOL:
            frame[c.name] = col.map({"true": True, "false": False, "": None}).astype(object)
        else:
            frame[c.name] = col.where(col != "", None)
    return frame


def write_workbook(path, frames: dict[str, pd.DataFrame], engine: str):
    with pd.ExcelWriter(path, engine=engine) as xl:
        for name, frame in frames.items():
            frame.to_excel(xl, sheet_name=name, index=False)
    return path


@pytest.fixture(scope="module")
def databases(tmp_path_factory):
    base = tmp_path_factory.mktemp("formats")
    csv_dir, pq_dir, mixed = base / "csv", base / "parquet", base / "mixed"
    demo.generate(csv_dir, scale=0.01, seed=3, fmt="csv")
    demo.generate(pq_dir, scale=0.01, seed=3, fmt="parquet")
    frames = {name: spreadsheet_frame(csv_dir / f"{name}.csv") for name in demo.OUTPUT_TABLES}  # schema order
    assert {"task_teams", "task_team_members"} <= set(frames)
    sources = {"csv": csv_dir, "parquet": pq_dir,
               "xlsx": write_workbook(base / "dane.xlsx", frames, "openpyxl"),   # one sheet per table
               "ods": write_workbook(base / "dane.ods", frames, "odf")}
    # one file per table, each table in the next format: .csv, .xlsx, .ods, .parquet
    mixed.mkdir()
    for i, name in enumerate(frames):
        kind = ("csv", "xlsx", "ods", "parquet")[i % 4]
        if kind in ("csv", "parquet"):
            src = (csv_dir if kind == "csv" else pq_dir) / f"{name}.{kind}"
            (mixed / src.name).write_bytes(src.read_bytes())
        else:
            write_workbook(mixed / f"{name}.{kind}", {name: frames[name]}, "openpyxl" if kind == "xlsx" else "odf")
    sources["mixed"] = mixed
    out = {}
    for name in FORMATS:
        path = base / f"{name}.duckdb"
        result = import_source(sources[name], path)
        assert result.ok, result.report.format("error")
        out[name] = path
    return out


def input_tables(path) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t.name: con.execute(f"SELECT * FROM {t.name} ORDER BY ALL").df() for t in schema.TABLES}
    finally:
        con.close()


def computed_tables(path) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        frames = {lv: indicators.compute(con, lv) for lv in ("powiat", "voivodeship", "country")}
        frames["plans"] = plans.plan_table(con)
        return frames
    finally:
        con.close()


def test_identical_input_tables_from_every_format(databases):
    ref = input_tables(databases["csv"])
    assert len(ref["task_teams"]) >= 6 and len(ref["task_team_members"]) >= 18 and len(ref["hours"]) > 1000
    for name in FORMATS[1:]:
        other = input_tables(databases[name])
        for table, frame in ref.items():
            assert_frame_equal(other[table], frame, check_exact=False, rtol=1e-12, obj=f"{name}:{table}")


def test_identical_indicator_and_plan_tables_from_every_format(databases):
    ref = computed_tables(databases["csv"])
    assert ref["powiat"]["volunteers_registered"].sum() > 0 and len(ref["plans"]) > 0
    for name in FORMATS[1:]:
        other = computed_tables(databases[name])
        for key, frame in ref.items():
            assert_frame_equal(other[key], frame, check_exact=False, rtol=1e-12, obj=f"{name}:{key}")


def test_formats_are_recorded(databases):
    con = duckdb.connect(str(databases["mixed"]), read_only=True)
    try:
        formats = dict(con.execute("SELECT table_name, format FROM import_tables WHERE provided").fetchall())
    finally:
        con.close()
    assert set(formats.values()) == {"csv", "xlsx", "ods", "parquet"}
    assert formats["partners"] == "csv" and formats["partner_areas"] == "xlsx" and formats["coalitions"] == "ods"


@pytest.mark.parametrize("name", ["xlsx", "ods"])
def test_spreadsheet_numbers_lost_leading_zeros_and_were_repaired(databases, name):
    con = duckdb.connect(str(databases[name]), read_only=True)
    try:
        codes = [r[0] for r in con.execute("SELECT DISTINCT powiat FROM volunteers").fetchall()]
        warned = con.execute("SELECT sum(total_of_kind) FROM (SELECT DISTINCT table_name, column_name, "
                             "total_of_kind FROM import_warnings WHERE reason LIKE '%leading zero%')").fetchall()[0][0]
    finally:
        con.close()
    assert all(len(c) == 4 for c in codes) and any(c.startswith("0") for c in codes)
    assert warned > 0


def test_a_libreoffice_saved_ods_imports(tmp_path):
    """The fixture really is LibreOffice's (its generator says so), holds a formula LibreOffice
    calculated, and gives the same tables as the same facts in CSV."""
    with zipfile.ZipFile(LIBREOFFICE_ODS) as z:
        assert z.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        assert b"<meta:generator>LibreOffice/" in z.read("meta.xml")
        assert b'table:formula="of:=4000+1000.5"' in z.read("content.xml")
    ref = import_source(write_folder(tmp_path / "csv", with_teams()), tmp_path / "csv.duckdb")
    assert ref.ok, ref.report.format("error")
    result = import_source(LIBREOFFICE_ODS, tmp_path / "ods.duckdb")
    assert result.ok, result.report.format("error")
    expected, got = input_tables(tmp_path / "csv.duckdb"), input_tables(tmp_path / "ods.duckdb")
    for table, frame in expected.items():
        assert_frame_equal(got[table], frame, check_exact=False, rtol=1e-12, obj=table)
    assert got["partners"]["grant_pln"].tolist() == [5000.5, 100000.0]           # the formula's saved result
    assert got["task_team_members"]["joined_on"].astype(str).tolist() == [
        "2024-03-01", "2024-05-01", "2024-01-15"]                                   # defaults applied
    repaired = {(w.table, w.column) for w in result.warnings if "leading zero" in w.reason}
    assert ("partners", "voivodeship") in repaired and ("coalitions", "powiat") in repaired
