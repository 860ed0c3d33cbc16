"""A minimal valid input folder, written in any of the spellings the contract allows.

Tests start from VALID, change one thing, write it and import it.
"""
from __future__ import annotations

import copy
import csv
from pathlib import Path

VALID: dict[str, list[dict[str, str]]] = {
    "partners": [
        {"partner_id": "R02", "name": "Fundacja Regionalna", "tier": "regional", "voivodeship": "02",
         "edition": "2024-2026", "start_date": "2024-01-01", "end_date": "", "grant_pln": "100000"},
        {"partner_id": "L1", "name": "Stowarzyszenie Lokalne", "tier": "local", "voivodeship": "02",
         "edition": "2024-2026", "start_date": "2024-02-01", "end_date": "2026-12-31", "grant_pln": "5000.5"},
    ],
    "partner_areas": [
        {"partner_id": "L1", "powiat": "0201", "valid_from": "", "valid_to": ""},
        {"partner_id": "L1", "powiat": "0202", "valid_from": "2024-06-01", "valid_to": ""},
    ],
    "coalitions": [
        {"coalition_id": "C1", "name": "Koalicja Bolesławiecka", "powiat": "0201", "partner_id": "L1",
         "founded_on": "2024-03-01", "dissolved_on": "", "formal_agreement": "true"},
    ],
    "coalition_members": [
        {"coalition_id": "C1", "member_id": "M1", "member_type": "ngo", "joined_on": "", "left_on": ""},
        {"coalition_id": "C1", "member_id": "M2", "member_type": "local_government",
         "joined_on": "2024-05-01", "left_on": ""},
    ],
    "plans": [
        {"plan_id": "P1", "partner_id": "L1", "title": "Lokalny plan", "period_start": "2024-01-01",
         "period_end": "2026-12-31", "adopted_on": "2024-02-01", "status": "in_progress"},
    ],
    "plan_indicators": [
        {"plan_id": "P1", "indicator_id": "I1", "code": "coalitions", "name": "", "unit": "",
         "baseline": "0", "target": "3", "weight": ""},
    ],
    "plan_progress": [
        {"plan_id": "P1", "indicator_id": "I1", "reported_on": "2024-06-30", "achieved": "1",
         "verified": "true"},
    ],
    "volunteers": [
        {"volunteer_id": "V1", "powiat": "0201", "registered_on": "2024-01-10", "birth_year": "1990",
         "sex": "F", "ks_member_since": "", "recruited_by": "L1"},
        {"volunteer_id": "V2", "powiat": "0202", "registered_on": "2024-02-10", "birth_year": "",
         "sex": "", "ks_member_since": "2024-03-01", "recruited_by": ""},
    ],
    "organisers": [
        {"organiser_id": "O1", "name": "Szkoła Podstawowa nr 1", "type": "education", "powiat": "0201",
         "joined_on": "2024-01-01", "base_partner_id": "L1", "mpw_certified_on": ""},
    ],
    "hours": [
        {"volunteer_id": "V1", "organiser_id": "O1", "month": "2024-05", "hours_logged": "10",
         "hours_confirmed": "8"},
        {"volunteer_id": "V2", "organiser_id": "O1", "month": "2024-05", "hours_logged": "4.5",
         "hours_confirmed": ""},
    ],
    "activities": [
        {"activity_id": "A1", "partner_id": "L1", "type": "training", "date": "2024-04-01",
         "powiat": "0201", "participants": "12", "volunteers_involved": "", "audience": "volunteers",
         "sector": ""},
    ],
}


def valid() -> dict[str, list[dict[str, str]]]:
    return copy.deepcopy(VALID)


def write_csv(path: Path, rows: list[dict[str, str]], *, delimiter: str = ",", encoding: str = "utf-8",
              headers: list[str] | None = None) -> Path:
    headers = headers or list(rows[0])
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator="\r\n")
        w.writerow(headers)
        for r in rows:
            w.writerow(list(r.values()))
    return path


def write_folder(folder: Path, tables: dict[str, list[dict[str, str]]] | None = None, **kw) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (tables or valid()).items():
        write_csv(folder / f"{name}.csv", rows, **kw)
    return folder
