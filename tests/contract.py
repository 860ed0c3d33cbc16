"""The data contract as the tests read it: ../shared/data-contract.md next to the repository (the
project's public interface lives outside the repository, shared with the data owners)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT.parent / "shared" / "data-contract.md"


def contract_text() -> str:
    """The contract's text; a missing contract fails the calling test (never a skip)."""
    if not CONTRACT.is_file():
        pytest.fail(f"the data contract is missing: expected {CONTRACT} (../shared/data-contract.md "
                    f"relative to the repository {ROOT})", pytrace=False)
    return CONTRACT.read_text(encoding="utf-8")


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
