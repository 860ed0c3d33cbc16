"""ui/scripts.py: Streamlit's compiled page scripts survive a new session's cache clear while the
server cannot see its sources change, and are dropped as before when it can (a file watcher)."""
from __future__ import annotations

import pytest
from streamlit import config as st_config
from streamlit.runtime.scriptrunner.script_cache import ScriptCache

from ui import scripts


@pytest.fixture
def options(monkeypatch):
    values = {"server.fileWatcherType": "none", "server.runOnSave": False}
    real = st_config.get_option
    monkeypatch.setattr(st_config, "get_option", lambda k: values[k] if k in values else real(k))
    monkeypatch.setattr(ScriptCache, "clear", ScriptCache.clear)  # undone after the test
    return values


def _compiled(tmp_path):
    page = tmp_path / "page.py"
    page.write_text("x = 1\n")
    cache = ScriptCache()
    code = cache.get_bytecode(str(page))
    return cache, page, code


def test_a_new_sessions_clear_keeps_the_code_when_no_source_can_change(options, tmp_path):
    assert scripts.keep_compiled_scripts() is True
    assert scripts.keep_compiled_scripts() is True  # idempotent: one wrapper, not two
    cache, page, code = _compiled(tmp_path)
    cache.clear()  # what every new AppSession does (config listener, force_connect=True)
    page.write_text("x = 2\n")  # not watched: the server could not know, and keeps what it runs
    assert cache.get_bytecode(str(page)) is code


@pytest.mark.parametrize("watcher, on_save", [("auto", False), ("poll", False), ("none", True)])
def test_with_a_file_watcher_a_clear_still_drops_the_code(options, tmp_path, watcher, on_save):
    options.update({"server.fileWatcherType": watcher, "server.runOnSave": on_save})
    scripts.keep_compiled_scripts()
    cache, page, code = _compiled(tmp_path)
    cache.clear()
    page.write_text("x = 2\n")
    fresh = cache.get_bytecode(str(page))
    assert fresh is not code
    ns: dict = {}
    exec(fresh, ns)
    assert ns["x"] == 2


def test_the_checkout_serves_without_a_watcher():
    """The keeping above is on in the shipped configuration."""
    import tomllib
    from pathlib import Path
    cfg = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert cfg["server"]["fileWatcherType"] == "none" and cfg["server"]["runOnSave"] is False
