"""Packaging (issue 16): pyproject.toml names the `ks-atlas` command and takes its version and
dependencies from the code and the install lock; the lock pins every package exactly; the CLI
prints its version; the browser shows no exception details unless dashboard.py allows them."""
from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import analytics
from analytics import cli

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*==[0-9][0-9A-Za-z.+!-]*$")


def requirement_lines(name: str) -> list[str]:
    lines = [ln.strip() for ln in (ROOT / name).read_text().splitlines()]
    return [ln for ln in lines if ln and not ln.startswith("#")]


def test_pyproject_entry_point_version_and_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["name"] == "ks-atlas"
    assert project["project"]["scripts"] == {"ks-atlas": "analytics.cli:main"}
    dynamic = project["tool"]["setuptools"]["dynamic"]
    assert dynamic["version"] == {"attr": "analytics.__version__"}
    assert dynamic["dependencies"] == {"file": ["requirements.txt"]}  # one list: the install lock
    assert set(project["project"]["dynamic"]) == {"version", "dependencies"}


def test_requirements_pin_every_package_exactly():
    runtime = requirement_lines("requirements.txt")
    dev = requirement_lines("requirements-dev.txt")
    assert runtime and dev[0] == "-r requirements.txt"
    loose = [ln for ln in runtime + dev[1:] if not PIN.match(ln)]
    assert not loose, f"not pinned with ==: {loose}"
    names = [ln.split("==")[0].lower() for ln in runtime + dev[1:]]
    assert len(names) == len(set(names))
    assert "axe-playwright-python" in names  # axe-core for the accessibility tests, without npm


def test_version_flag(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"ks-atlas {analytics.__version__}"


def test_version_from_the_command_line():
    p = subprocess.run([sys.executable, "-m", "analytics", "--version"], cwd=ROOT, capture_output=True,
                       text=True, timeout=120)
    assert (p.returncode, p.stdout.strip()) == (0, f"ks-atlas {analytics.__version__}")


def test_no_error_details_by_default():
    """Fail closed: a server started from this checkout shows no tracebacks until dashboard.py has
    read the sign-in mode (tests/app/test_no_chromium.py checks the switch)."""
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert settings["client"]["showErrorDetails"] == "none"
