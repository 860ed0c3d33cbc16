"""The same data gives identical indicator and plan tables whether imported from CSV, XLSX or Parquet."""
from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analytics.data import demo
from analytics.metrics import indicators, plans
from tests.databases import import_folder


@pytest.fixture(scope="module")
def databases(tmp_path_factory):
    base = tmp_path_factory.mktemp("formats")
    csv_dir, pq_dir = base / "csv", base / "parquet"
    demo.generate(csv_dir, scale=0.02, seed=3, fmt="csv")
    demo.generate(pq_dir, scale=0.02, seed=3, fmt="parquet")
    # One workbook, typed as a spreadsheet user leaves it: pandas infers numbers, so TERYT codes
    # such as 0201 become the number 201 and must be repaired on import.
    workbook = base / "dane.xlsx"
    with pd.ExcelWriter(workbook, engine="openpyxl") as xl:
        for f in sorted(csv_dir.glob("*.csv")):
            pd.read_csv(f).to_excel(xl, sheet_name=f.stem, index=False)
    out = {}
    for name, src in (("csv", csv_dir), ("parquet", pq_dir), ("xlsx", workbook)):
        out[name] = import_folder(src, base / f"{name}.duckdb")
    return out


def tables(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        frames = {lv: indicators.compute(con, lv) for lv in ("powiat", "voivodeship", "country")}
        frames["plans"] = plans.plan_table(con)
        return frames
    finally:
        con.close()


def test_identical_tables_from_csv_xlsx_and_parquet(databases):
    ref = tables(databases["csv"])
    assert ref["powiat"]["volunteers_registered"].sum() > 0 and len(ref["plans"]) > 0
    for name in ("parquet", "xlsx"):
        other = tables(databases[name])
        for key, frame in ref.items():
            assert_frame_equal(other[key], frame, check_exact=False, rtol=1e-12, obj=f"{name}:{key}")


def test_xlsx_numbers_lost_leading_zeros_and_were_repaired(databases):
    con = duckdb.connect(str(databases["xlsx"]), read_only=True)
    try:
        codes = [r[0] for r in con.execute("SELECT DISTINCT powiat FROM volunteers").fetchall()]
        warned = con.execute("SELECT sum(total_of_kind) FROM (SELECT DISTINCT table_name, column_name, "
                             "total_of_kind FROM import_warnings WHERE reason LIKE '%leading zero%')").fetchall()[0][0]
    finally:
        con.close()
    assert all(len(c) == 4 for c in codes) and any(c.startswith("0") for c in codes)
    assert warned > 0
