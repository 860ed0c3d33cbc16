"""README's layout table matches the tree: every top-level entry git tracks, every room of
analytics/ and every module in it is named there, and everything named there exists."""
import fnmatch
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
LAYOUT = README[README.index("## Layout"):README.index("## Sources")]


def tracked() -> list[str]:
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return out.split()


def named() -> set[str]:
    return set(re.findall(r"`([^`]+)`", LAYOUT))


def test_every_top_level_entry_is_in_the_layout_table():
    tops = {p.split("/")[0] + ("/" if "/" in p else "") for p in tracked()}
    tops -= {"README.md", ".gitignore", "pytest.ini"}
    missing = [t for t in sorted(tops)
               if not any(n.startswith(t) or fnmatch.fnmatch(t.rstrip("/"), n.rstrip("/")) for n in named())]
    assert missing == []


def test_every_analytics_room_and_module_is_named():
    mods = [p for p in tracked() if p.startswith("analytics/") and p.endswith(".py")]
    missing = []
    for p in mods:
        parts = p.split("/")
        if len(parts) == 2:  # analytics/x.py
            if parts[1] != "__init__.py" and parts[1] not in LAYOUT:
                missing.append(p)
        elif len(parts) == 3 and parts[2] != "__init__.py":
            if f"`analytics/{parts[1]}/`" not in LAYOUT or f"`{parts[2]}`" not in LAYOUT:
                missing.append(p)
        elif len(parts) == 4 and f"`{parts[2]}/`" not in LAYOUT:  # a package inside a room (i18n/)
            missing.append(p)
    assert missing == []


def test_everything_named_exists():
    files = tracked()
    gone = [n for n in named() if n.endswith(".py") and " " not in n
            and not any(fnmatch.fnmatch(f, n) or fnmatch.fnmatch(f, "*/" + n) for f in files)]
    assert gone == []
