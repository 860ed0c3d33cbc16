"""Warming at server start (issue 15): ui/data.warm fills the caches the default view reads, for
both protection modes, and the pages then read them without computing again; warm_in_background
starts its thread once per process and data version."""
from __future__ import annotations

import pytest

from analytics.access import scope
from analytics.metrics.dates import period_ending
from analytics.present import figures


@pytest.fixture
def warmed(demo_db, monkeypatch):
    monkeypatch.setenv("KS_DB", str(demo_db))
    from ui import data
    stamp = data.db_stamp()
    tables, maps = [], []
    real_table, real_map = scope.indicator_table, figures.choropleth
    monkeypatch.setattr(scope, "indicator_table",
                        lambda con, level, viewer, *a, **k: tables.append((level, scope.is_protected(viewer)))
                        or real_table(con, level, viewer, *a, **k))
    monkeypatch.setattr(figures, "choropleth", lambda df, level, *a, **k: maps.append(level) or real_map(df, level, *a, **k))
    done = data.warm(stamp)
    return data, stamp, done, tables, maps


def test_warm_fills_the_default_views_caches(warmed):
    data, stamp, done, tables, maps = warmed
    assert done[:2] == ["geometry", "units"]
    for m in ("exact", "protected"):
        for level in ("country", "voivodeship", "powiat"):
            assert f"indicators:{level}:{m}" in done
        assert f"map:voivodeship:{m}" in done and f"map:powiat:{m}" in done
    as_of = data.import_summary(stamp)["as_of"]
    period = period_ending(as_of, 12)
    n_tables, n_maps = len(tables), len(maps)
    # Whatever ran before in this process may have filled some of them already; after warm() the
    # default view's tables and maps come from the caches, for the institution and everyone else.
    for viewer in ("institution", "evaluator"):
        for level in ("country", "voivodeship", "powiat"):
            df = data.indicator_table(stamp, level, as_of, period, viewer)
            assert len(df) == {"country": 1, "voivodeship": 16, "powiat": 380}[level]
        for level in ("voivodeship", "powiat"):
            fig = data.choropleth(stamp, level, as_of, period, viewer, "volunteers_per_10k", "pl")
            assert figures.chart_meta(fig)["level"] == level
    assert (len(tables), len(maps)) == (n_tables, n_maps)


def test_warm_keeps_the_modes_apart(warmed):
    """The exact and the protected map are two cached objects: a protected viewer never gets the
    institution's figure."""
    data, stamp, _, _, _ = warmed
    as_of = data.import_summary(stamp)["as_of"]
    period = period_ending(as_of, 12)
    exact = data.choropleth(stamp, "powiat", as_of, period, "institution", "volunteers_per_10k", "pl")
    protected = data.choropleth(stamp, "powiat", as_of, period, "partner", "volunteers_per_10k", "pl")
    assert exact is not protected
    assert protected is data.choropleth(stamp, "powiat", as_of, period, "evaluator", "volunteers_per_10k", "pl")


def test_no_background_warm_under_apptest(app, demo_db):
    """AppTest runs dashboard.py against each test's database: no warming thread is started."""
    import threading
    app(demo_db, "app_pages/overview.py")
    assert "ks-warm" not in [t.name for t in threading.enumerate()]


def test_background_warm_once_per_stamp(monkeypatch):
    from ui import data
    started = []
    monkeypatch.setattr(data, "_warm_started", set())
    monkeypatch.setattr(data.threading, "Thread", lambda target, args, **kw: type(
        "T", (), {"start": lambda self: started.append(args)})())
    monkeypatch.setattr(data._st_config, "get_option", lambda name: False)  # as in a server, not under AppTest
    stamp = ("x.duckdb", 1, 2)
    assert data.warm_in_background(stamp) is True
    assert data.warm_in_background(stamp) is False
    assert data.warm_in_background(("x.duckdb", 1, 3)) is True   # a new data version is warmed again
    assert data.warm_in_background(None) is False
    assert started == [(stamp,), (("x.duckdb", 1, 3),)]


def test_warm_before_listening_marks_the_stamp_done(demo_db, monkeypatch):
    """deploy/serve.py warms in the launcher, before the server listens: dashboard.py then starts no
    second warm-up thread for the same data version."""
    from ui import data
    monkeypatch.setenv("KS_DB", str(demo_db))
    monkeypatch.setattr(data, "_warm_started", set())
    monkeypatch.setattr(data.gc, "freeze", lambda: None)  # the test process's objects stay collectable
    done = data.warm_before_listening()
    assert "map:powiat:protected" in done and "indicators:country:exact" in done
    monkeypatch.setattr(data._st_config, "get_option", lambda name: False)  # as in a server
    assert data.warm_in_background(data.db_stamp()) is False


def test_warm_before_listening_without_a_database(tmp_path, monkeypatch):
    from ui import data
    monkeypatch.setenv("KS_DB", str(tmp_path / "missing.duckdb"))
    monkeypatch.setattr(data.gc, "freeze", lambda: None)
    assert data.warm_before_listening() == []


def test_serve_finds_where_the_server_listens():
    import importlib.util
    from pathlib import Path
    spec = importlib.util.spec_from_file_location("serve", Path(__file__).parents[2] / "deploy" / "serve.py")
    serve = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(serve)
    assert serve.local_url([]) == "http://127.0.0.1:8501"
    assert serve.local_url(["--server.port", "8601", "--server.address", "0.0.0.0"]) == "http://127.0.0.1:8601"
    assert serve.local_url(["--server.port=9000", "--server.address=10.0.0.5"]) == "http://10.0.0.5:9000"
