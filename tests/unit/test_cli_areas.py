"""`indicators --areas AREAS.csv` (contract section 5 v1.1): one row per area, first column area_id,
computed like the Compare page's areas; with --suppress protected with the area rule. Hand-worked.

Fixture (D = 2024-06-30), opolskie (16), populations OPOLSKIE_POP:
  L1  local, 2024-01-01 - open; areas 1601, 1602
  L2  local, 2024-01-01 - 2024-05-31 (ended before D); area 1605
  R16 regional, opolskie
Volunteers registered 2024-01-10: 1601: 3, 1602: 2, 1605: 5, 1607: 12, 1609: 15, 1661: 40.
"""
import pandas as pd
import pytest

from analytics import cli
from analytics.access import privacy, scope
from fixtures_indicators import OPOLSKIE_POP, insert, new_db, set_population

VOLUNTEERS = {"1601": 3, "1602": 2, "1605": 5, "1607": 12, "1609": 15, "1661": 40}
AS_OF = "2024-06-30"


@pytest.fixture(scope="module")
def db_file(tmp_path_factory):
    con = new_db()
    pops = {t: 50_000 for (t,) in con.execute("SELECT teryt FROM units WHERE level = 'powiat'").fetchall()}
    set_population(con, pops | OPOLSKIE_POP)
    insert(con, "partners", [
        dict(partner_id="L1", name="Jeden", tier="local", voivodeship="16", start_date="2024-01-01"),
        dict(partner_id="L2", name="Dwa", tier="local", voivodeship="16", start_date="2024-01-01",
             end_date="2024-05-31"),
        dict(partner_id="R16", name="Centrum", tier="regional", voivodeship="16", start_date="2024-01-01"),
    ])
    insert(con, "partner_areas", [dict(partner_id="L1", powiat="1601"), dict(partner_id="L1", powiat="1602"),
                                  dict(partner_id="L2", powiat="1605")])
    vols = [dict(volunteer_id=f"{p}-{i}", powiat=p, registered_on="2024-01-10")
            for p, n in VOLUNTEERS.items() for i in range(n)]
    insert(con, "volunteers", vols)
    path = tmp_path_factory.mktemp("areas") / "ks.duckdb"
    con.execute(f"ATTACH '{path}' AS f")
    con.execute("COPY FROM DATABASE memory TO f")
    con.execute("DETACH f")
    con.close()
    return path


def write(tmp_path, text: str, name="areas.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def run(db_file, areas, out, *extra):
    return cli.main(["indicators", "--db", str(db_file), "--areas", str(areas), "--as-of", AS_OF,
                     "--out", str(out), *extra])


def read(out):
    return pd.read_csv(out, dtype={"area_id": str, "teryt": str})


AREAS = ("area_id,powiat\n"
         "L1,1601\nL1,1602\n"          # the partner's area: 3 + 2 volunteers, both powiats covered
         "mix,1601\nmix,1605\nmix,1606\n"  # one covered powiat of three (L2 ended before D)
         "big,1607\nbig,1609\n"        # 12 + 15 volunteers, no powiat below 10
         "opole,1661\n")               # one powiat


def test_exact_rows_in_file_order(db_file, tmp_path):
    out = tmp_path / "a.csv"
    assert run(db_file, write(tmp_path, AREAS), out) == 0
    df = read(out)
    assert list(df["area_id"]) == ["L1", "mix", "big", "opole"]
    assert df.columns[0] == "area_id" and "teryt" not in df.columns and "name" not in df.columns
    r = df.set_index("area_id")
    assert r.loc["L1", "volunteers_registered"] == 5
    assert r.loc["big", "volunteers_registered"] == 27
    assert r.loc["opole", "volunteers_registered"] == 40
    assert r.loc["L1", "active_local_partners"] == 1
    assert r.loc["mix", "local_partner_coverage"] == pytest.approx(1 / 3, abs=1e-6)
    # population coverage of mix: 1601 covered, 100 000 of 100 000 + 40 000 + 30 000
    assert r.loc["mix", "population_coverage"] == pytest.approx(100_000 / 170_000, abs=1e-6)
    # v1.1: the regional partners of the voivodeships the area lies in: R16 (opolskie)
    assert r.loc["L1", "active_regional_partners"] == 1 and r.loc["opole", "active_regional_partners"] == 1
    # v1.1: the fixture provides no activities table: no data (empty), not 0
    assert pd.isna(r.loc["L1", "network_meetings"]) and pd.isna(r.loc["L1", "partners_in_task_teams"])
    # volunteers per 10k of L1: 5 / 160 000 * 10 000
    assert r.loc["L1", "volunteers_per_10k"] == pytest.approx(5 / 16, abs=1e-6)


def test_one_powiat_area_equals_the_powiat_row_exact_and_protected(db_file, tmp_path):
    areas = write(tmp_path, AREAS)
    for extra in ((), ("--suppress",)):
        a, p = tmp_path / "a.csv", tmp_path / "p.csv"
        assert run(db_file, areas, a, *extra) == 0
        assert cli.main(["indicators", "--db", str(db_file), "--level", "powiat", "--as-of", AS_OF,
                         "--out", str(p), *extra]) == 0
        area = read(a).set_index("area_id").loc["opole"]
        powiat = read(p).set_index("teryt").drop(columns="name").loc["1661"]
        pd.testing.assert_series_equal(area, powiat, check_names=False)


def test_suppress_applies_the_area_rule_and_perturbs(db_file, tmp_path):
    out = tmp_path / "s.csv"
    assert run(db_file, write(tmp_path, AREAS), out, "--suppress") == 0
    r = read(out).set_index("area_id")
    # L1 holds 1601 (3) and 1602 (2), hidden at powiat level: its 5 is hidden though 5 >= 5 would
    # otherwise be published for an area; so are the values that follow the count.
    assert pd.isna(r.loc["L1", "volunteers_registered"]) and pd.isna(r.loc["L1", "volunteers_per_10k"])
    assert pd.isna(r.loc["mix", "volunteers_registered"])
    # big: 27 exact, no hidden powiat: published with noise of at most 2
    assert abs(r.loc["big", "volunteers_registered"] - 27) <= 2
    # not about people: exact
    assert r.loc["L1", "active_local_partners"] == 1
    assert r.loc["mix", "local_partner_coverage"] == pytest.approx(1 / 3, abs=1e-6)


def test_cli_equals_the_compare_page_route(db_file, tmp_path):
    from analytics.data import db
    out = tmp_path / "s.csv"
    assert run(db_file, write(tmp_path, "area_id,powiat\nbig,1607\nbig,1609\n"), out, "--suppress") == 0
    con = db.connect_readonly(db_file)
    page = scope.area_table(con, {"big": ["1607", "1609"]}, privacy.EXPORT_ROLE, as_of=AS_OF)
    assert read(out).loc[0, "volunteers_registered"] == page.loc[0, "volunteers_registered"]


def test_repairs_a_lost_leading_zero_with_a_warning(db_file, tmp_path, capsys):
    out = tmp_path / "a.csv"
    text = "Area ID;Powiat\nx;201\nx;0202.0\n"  # semicolons, a header as people write it
    assert run(db_file, write(tmp_path, text), out) == 0
    assert "repaired" in capsys.readouterr().err
    assert list(read(out)["area_id"]) == ["x"]


@pytest.mark.parametrize("text, words", [
    ("area,powiat\nA,1601\n", ["missing column", "area_id"]),
    ("area_id,powiat\nA,1601\nA,9999\n,1602\n", ["row 3", "'9999'", "not a powiat", "row 4", "area_id"]),
    ("area_id,powiat\nA,\n", ["row 2", "empty"]),
    ("area_id,powiat\n", ["no areas"]),
])
def test_bad_areas_file_exits_1_with_where_and_why(db_file, tmp_path, capsys, text, words):
    out = tmp_path / "a.csv"
    assert run(db_file, write(tmp_path, text), out) == 1
    err = capsys.readouterr().err
    for w in words:
        assert w in err, (w, err)
    assert "Traceback" not in err and not out.exists()


def test_missing_areas_file_exits_1(db_file, tmp_path, capsys):
    assert run(db_file, tmp_path / "none.csv", tmp_path / "a.csv") == 1
    assert "areas file not found" in capsys.readouterr().err


def test_level_and_areas_together_is_a_usage_error(db_file, tmp_path):
    with pytest.raises(SystemExit) as e:
        cli.main(["indicators", "--db", str(db_file), "--level", "powiat", "--areas",
                  str(write(tmp_path, AREAS)), "--out", str(tmp_path / "a.csv")])
    assert e.value.code == 2
