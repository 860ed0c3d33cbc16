"""The app's read-only connection sees a database that an import swapped in, without a restart."""
from __future__ import annotations

import duckdb

from analytics.data import db
from analytics.data.importer import import_source
from tests.fixtures_import import valid, write_folder


def test_a_new_connection_sees_the_swapped_in_file_while_the_old_one_is_open(tmp_path):
    path = tmp_path / "ks.duckdb"
    assert import_source(write_folder(tmp_path / "a"), path).ok
    old = db.connect_readonly(path)
    assert old.cursor().execute("SELECT count(*) FROM volunteers").fetchall() == [(2,)]

    tables = valid()
    tables["volunteers"].append(dict(tables["volunteers"][0], volunteer_id="V3"))
    assert import_source(write_folder(tmp_path / "b", tables), path).ok  # os.replace under the open one

    # The old connection keeps its snapshot (in-flight reruns finish consistently) ...
    assert old.cursor().execute("SELECT count(*) FROM volunteers").fetchall() == [(2,)]
    # ... and a new one sees the new file. duckdb.connect(path) here would return the old instance.
    new = db.connect_readonly(path)
    assert new.cursor().execute("SELECT count(*) FROM volunteers").fetchall() == [(3,)]
    assert db.data_as_of(new.cursor()) is not None
    old.close()
    new.close()


def test_the_connection_is_read_only(tmp_path):
    path = tmp_path / "ks.duckdb"
    assert import_source(write_folder(tmp_path / "a"), path).ok
    con = db.connect_readonly(path)
    try:
        con.execute("DELETE FROM volunteers")
        raise AssertionError("a write went through")
    except duckdb.Error as e:
        assert "read-only" in str(e).lower()
    finally:
        con.close()


def test_a_database_built_before_v1_1_reads_as_one_without_task_teams(tmp_path):
    """An installation upgraded to contract v1.1 keeps serving its old database until the next
    import: the missing v1.1 tables count as not provided, nothing fails."""
    from analytics.metrics import indicators
    path = tmp_path / "ks.duckdb"
    assert import_source(write_folder(tmp_path / "a"), path).ok
    con = duckdb.connect(str(path))
    before = db.data_as_of(con)
    con.execute("DROP TABLE task_team_members")
    con.execute("DROP TABLE task_teams")
    con.close()
    ro = db.connect_readonly(path)
    assert "task_teams" not in db.provided_tables(ro) and "partners" in db.provided_tables(ro)
    assert db.data_as_of(ro) == before
    assert len(indicators.compute(ro, "voivodeship")) == 16
    ro.close()
