"""Compile each page script once per process, not once per visitor.

Streamlit keeps the compiled code of dashboard.py and the page files in one cache per server, and
empties it whenever a source file changes - and also every time a session starts: each new
AppSession registers its "config parsed" listener with force_connect=True, which calls the
listener (AppSession._on_source_file_changed -> ScriptCache.clear) at once. So every new visitor,
every opened tab and every page view of a load test recompiles dashboard.py and its page (2-6 ms of
CPU per view; the Compare page's 500 lines alone 5 ms: bench/profile_server.py, issue 15).

Our server never watches its sources (.streamlit/config.toml: fileWatcherType "none", runOnSave
false): a source file cannot change under it without a restart, so a clear can only throw away
code that is still current. `keep_compiled_scripts` makes the cache keep it then, and only then:
with a file watcher (development: `--server.fileWatcherType auto`) Streamlit's own behaviour stands,
so an edited page is still recompiled. Fail closed: if Streamlit's cache is not where this expects
it, nothing is changed (the pages are then compiled per session, as before).
"""
from __future__ import annotations

from streamlit import config as st_config

_MARK = "_ks_keeps_compiled"


def sources_can_change() -> bool:
    """Whether this server watches its source files (then a cleared cache must be recompiled)."""
    return (st_config.get_option("server.fileWatcherType") != "none"
            or bool(st_config.get_option("server.runOnSave")))


def keep_compiled_scripts() -> bool:
    """Make Streamlit's script cache ignore clears while the sources cannot change. Idempotent;
    True when the cache keeps its code now. Called by dashboard.py on every run (cheap)."""
    try:
        from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    except ImportError:  # a Streamlit without this cache: nothing to keep
        return False
    original = getattr(ScriptCache, "clear", None)
    if original is None:
        return False
    if getattr(original, _MARK, False):
        return True

    def clear(self) -> None:
        if sources_can_change():
            original(self)

    setattr(clear, _MARK, True)
    clear.__doc__ = original.__doc__
    ScriptCache.clear = clear
    return True
