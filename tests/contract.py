"""The data contract as the tests read it.

The contract is the project's public interface, kept outside the repository in
../shared/data-contract.md (shared with the data owners). A fresh clone has no ../shared, so the
repository carries a copy, docs/data-contract.md. The tests read the copy; where ../shared is there
too, the two must be identical - a changed contract fails every contract test until the copy is
refreshed (`cp ../shared/data-contract.md docs/`), so the copy cannot drift unnoticed."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COPY = ROOT / "docs" / "data-contract.md"
SHARED = ROOT.parent / "shared" / "data-contract.md"


def contract_text() -> str:
    """The contract's text; a missing copy, or a copy that differs from ../shared, fails the calling
    test (never a skip)."""
    if not COPY.is_file():
        pytest.fail(f"the data contract is missing: expected {COPY}", pytrace=False)
    text = COPY.read_text(encoding="utf-8")
    if SHARED.is_file() and SHARED.read_text(encoding="utf-8") != text:
        pytest.fail(f"{COPY} differs from the shared contract {SHARED}: copy it over "
                    "(cp ../shared/data-contract.md docs/) and update the code to match", pytrace=False)
    return text


def indicator_rows() -> list[tuple[str, str | None]]:
    """(code, version) of each row of the contract's indicator table (section 3), in its order;
    version is the row's mark such as "v1.1" (a later addition), None for the original rows."""
    section = contract_text().split("## 3. Indicators", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (?:\*(v[0-9.]+)\* )?([a-z_0-9]+) \|", section, re.M)
    assert rows and rows[0] == ("", "code"), "the indicator table of section 3 starts with a `code` column"
    return [(code, version or None) for version, code in rows[1:]]


def indicator_codes() -> list[str]:
    """Every indicator code of the contract, in its order."""
    return [code for code, _ in indicator_rows()]
