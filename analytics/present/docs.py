"""docs/data-format.md, generated from analytics/data/schema.py so the docs cannot drift from the code.

Regenerate with `python -m analytics.present.docs` (tests/unit/test_docs.py fails when the file is stale).
"""
from __future__ import annotations

from analytics import PROJECT_ROOT

import sys

from analytics.data import schema

DOC_PATH = PROJECT_ROOT / "docs" / "data-format.md"
INDICATORS_PATH = DOC_PATH.with_name("indicators.md")

DECISIONS = """\
## Decisions where the data contract is silent

Each is implemented in the module named and pinned by tests.

**Dates and periods** (`analytics/data/db.py`, `analytics/metrics/indicators.py`)
- The default as-of date D is the latest *recorded event* in the data (registrations, joins,
  reports, activity dates, hour months counted as their last day); scheduled dates such as
  `end_date`, `valid_to`, `dissolved_on` or `period_end` do not count, so a plan ending in 2030 does
  not move D into the future.
- Flows count whole months P0..P1 and are not cut at D when the period runs past it.

**Coverage and plans** (`analytics/metrics/indicators.py`, `analytics/metrics/plans.py`)
- Only `local` partners count for local coverage and only `regional` ones for regional presence;
  for an area, regional presence is the share of the voivodeships its powiats lie in.
- A plan without indicators has no completion and no light, and is left out of the means and of
  `plans_on_track_share`. Light thresholds compare with a 1e-9 tolerance, so completion exactly
  equal to e (or 0.75 e) is not pushed down by rounding.
- `plan_completion_local`, `plan_completion_regional` and `plans_on_track_share` use only the plans
  *running* at D (counted and D ≤ `period_end`, contract v1.1; a plan is running on its last day).
  The Plans page shows, by default, the running plans of the unit in focus (the same plans and the
  same on-track share as the Overview); the ended plans of earlier editions are a separate view with
  their final outcome. `python -m analytics plans` lists every counted plan with `running`
  `true`/`false`.

**Network, activities and task teams** (contract v1.1; `analytics/metrics/indicators.py`, `analytics/metrics/rules.py`)
- `network_meetings`, `coalition_meetings`, `promotion_events` (`promotion` or `contest`),
  `organiser_support`, `institution_programmes` and `partners_in_task_teams` count activities and
  organisations, not people: exact for every viewer and export (no suppression, no noise).
- `organiser_support` counts `training` and `counselling` rows whose `audience` is `organisers`; a
  row without an audience is not counted.
- `active_regional_partners` counts by the partner's seat: a powiat gets its voivodeship's number,
  an area the regional partners of the voivodeships its powiats lie in.
- `partners_in_task_teams`: a task team is active while `founded_on` ≤ D < `dissolved_on`, a
  membership while `joined_on` ≤ D < `left_on` (an empty `joined_on` is the team's founding), and
  the partner must be active at D. The partner counts where it works at D: a local partner in the
  powiats of its areas active at D, a regional partner in every powiat of its voivodeship; a local
  partner with no active area counts nowhere (not even in the country's total).
- Without task teams (the optional tables not provided, or a database built before contract v1.1,
  which has no such tables) `partners_in_task_teams` is empty ("brak danych" / "no data")
  everywhere, not 0 — as the SOW indicators are without the SOW extract.

**Suppression** (`analytics/access/privacy.py`, `analytics/access/scope.py`, `analytics/metrics/details.py`)
- An area (any set of powiats) uses the powiat threshold (<10); the country the voivodeship one (<5).
- Unknown roles are suppressed (fail closed); a derived value whose person count is missing from
  the frame is refused rather than shown.
- A partner sees its own area unsuppressed: the powiats where it works on the as-of date viewed.
  The Compare page suppresses for every role but the institution (issue 5), own area included.
- Breakdowns by sex and age hide a small cell and, where a row or column would have exactly one
  hidden cell, the next smallest one (secondary suppression), so totals cannot reveal it.
- White spots compare volunteers per 10k with the national median of powiat values; a suppressed
  value (fewer than 10 volunteers) counts as below the median.

**Peers** (`analytics/metrics/peers.py`)
- Rank 1 is the best value given the indicator's direction; ties share the best rank.
- Percentile = 100 × (worse + 0.5 × other ties) ÷ (n − 1); empty when n < 2.
- Population quintile = min(5, ⌊5 · #(population < x) ÷ N⌋ + 1) within the level.
- For roles other than the institution, suppressed values are left out of ranks and medians.

**Trends** (`analytics/metrics/trends.py`)
- Stocks are taken at each month's end, except D's own month, taken at D, so the last point equals
  the indicator table.

**Import** (`analytics/data/importer.py`)
- Personal-data columns are refused in every table that does not define them (`name` is allowed
  in `partners`, never in `volunteers`).
- `partner_areas` rows for a regional partner are an error (a regional partner covers its whole
  voivodeship).
- Accepted beyond the contract: months as `MM.YYYY` or a full date, booleans `PRAWDA`/`FAŁSZ`
  (Polish Excel), spaces as thousands separators. Years must be 1900–2099.
"""

INTRO = """\
# Format danych wejściowych / Input data format

> Ten plik jest generowany z `analytics/data/schema.py` (`python -m analytics.present.docs`). Nie edytuj go ręcznie.
> This file is generated from `analytics/data/schema.py` (`python -m analytics.present.docs`). Do not edit it by hand.

## Jak przygotować pliki

- Folder z jednym plikiem na tabelę: `<tabela>.csv`, `<tabela>.xlsx`, `<tabela>.ods` lub `<tabela>.parquet`,
  albo jeden skoroszyt `.xlsx` lub `.ods` (domyślny format LibreOffice) z arkuszem na tabelę (nazwa
  arkusza = nazwa tabeli). Formuły muszą mieć zapisany wynik (plik zapisany w Excelu lub LibreOffice).
- CSV: UTF-8 (z BOM lub bez) albo Windows-1250; separator `,` lub `;`. Przy `;` dozwolony przecinek
  dziesiętny (`12,5`). UTF-16 („Tekst Unicode” z Excela) nie jest przyjmowany: zapisz jako „CSV UTF-8”. Pierwszy wiersz to nagłówki; wielkość liter i spacje wokół nazw nie mają znaczenia.
- Daty: `RRRR-MM-DD` lub `DD.MM.RRRR`. Miesiące: `RRRR-MM` (także `MM.RRRR`).
  Wartości logiczne: tak/nie, true/false, 1/0, yes/no (także PRAWDA/FAŁSZ z polskiego Excela).
- Kody TERYT to tekst. Kod, który w arkuszu stracił zero wiodące (`201`, `2`) lub zapisany jako
  liczba dziesiętna (`02.0`), zostanie naprawiony z ostrzeżeniem. Kod spoza rejestru TERYT to błąd.
- Dodatkowe kolumny są pomijane z ostrzeżeniem – z wyjątkiem kolumn z danymi osobowymi (niżej),
  które blokują import.
- Import jest „wszystko albo nic”: każdy błąd pozostawia bieżącą bazę bez zmian. Raport podaje tabelę,
  numer wiersza w pliku, kolumnę, wartość i przyczynę – wszystkie błędy, nie tylko pierwszy.

## How to prepare the files

- A folder with one file per table: `<table>.csv`, `<table>.xlsx`, `<table>.ods` or `<table>.parquet`,
  or one `.xlsx` or `.ods` (LibreOffice's default) workbook with one sheet per table (sheet name = table
  name). Formulas must have a saved result (a file saved by Excel or LibreOffice).
- CSV: UTF-8 (with or without BOM) or Windows-1250; delimiter `,` or `;`. With `;` a decimal comma
  (`12,5`) is allowed. UTF-16 (Excel's "Unicode text") is refused: save as "CSV UTF-8". The first row holds the headers; case and surrounding spaces do not matter.
- Dates: `YYYY-MM-DD` or `DD.MM.YYYY`. Months: `YYYY-MM` (also `MM.YYYY`).
  Booleans: tak/nie, true/false, 1/0, yes/no (also PRAWDA/FAŁSZ from Polish Excel).
- TERYT codes are text. A code that lost its leading zero in a spreadsheet (`201`, `2`) or was written
  as a decimal number (`02.0`) is repaired with a warning. A code that is not in the TERYT register is an error.
- Extra columns are ignored with a warning – except personal-data columns (below), which block the import.
- An import is all or nothing: any error leaves the current database untouched. The report gives the
  table, the row number as in the file, the column, the value and the reason – every error, not only
  the first.

Row numbers: in CSV the line number (header = 1, blank lines counted); in XLSX and ODS the sheet's row
number; in Parquet the record number counted from 1. A symbolic link in the folder that points outside
it is refused without being read.
"""

RULES = """\
## Reguły między tabelami / Rules across tables

- Każdy klucz obcy musi istnieć / every foreign key must resolve; zduplikowane klucze to błąd /
  duplicated keys are errors.
- `partner_areas` dotyczy tylko partnerów lokalnych; partner regionalny obejmuje całe województwo /
  `partner_areas` rows are for local partners only; a regional partner covers its whole voivodeship.
- Powiat spoza województwa partnera: ostrzeżenie / a powiat outside the partner's voivodeship: warning.
- Domyślne wartości / defaults: `partner_areas.valid_from`/`valid_to` ← `partners.start_date`/`end_date`;
  `coalition_members.joined_on` ← `coalitions.founded_on`; `task_team_members.joined_on` ← `task_teams.founded_on`.
- `task_teams` i `task_team_members` razem albo wcale (sam wiersz nagłówków wystarczy) /
  `task_teams` and `task_team_members` come together or not at all (a header row alone will do).
- Daty członkostwa nie są sprawdzane względem dat zespołu (ani koalicji); wskaźniki liczą członkostwo
  tylko w zespole aktywnym / membership dates are not checked against the team's (or coalition's)
  dates; indicators count a membership only in an active team.
- Sektor członka koalicji / a member's sector: {sectors}.

## Dane osobowe / Personal data

Kolumny o tych nazwach (po normalizacji: małe litery, bez polskich znaków, `_` zamiast spacji)
blokują import w każdej tabeli, w której nie są częścią kontraktu (np. `name` jest dozwolone w
`partners`, ale nie w `volunteers`) / columns with these normalised names block the import in every
table whose contract does not define them (`name` is allowed in `partners`, not in `volunteers`):

{forbidden}
"""


def _column_row(c: schema.Column) -> str:
    pl_type, en_type = schema.TYPE_DOCS[c.type]
    if c.enum:
        values = ", ".join(f"`{v}`" for v in c.enum)
        pl_type, en_type = f"{pl_type}: {values}", f"{en_type}: {values}"
    req = "tak / yes" if c.required else "nie / no"
    extra = []
    if c.default is not None:
        d = c.default
        extra.append(f"domyślnie / default `{d[1:] if isinstance(d, str) and d.startswith('=') else d}`")
    if c.fk:
        extra.append(f"→ `{c.fk}`")
    if c.min is not None:
        extra.append(f"{'>' if c.min_exclusive else '≥'} {c.min:g}")
    notes = "; ".join(extra)
    return f"| `{c.name}` | {req} | {pl_type} / {en_type} | {c.pl} / {c.en} | {notes} |"


def render() -> str:
    out = [INTRO]
    out.append("## Tabele / Tables\n")
    for t in schema.TABLES:
        need = "wymagana / required" if t.required else "opcjonalna / optional"
        out.append(f"### `{t.name}` — {t.pl} / {t.en}\n")
        out.append(f"{need}. Klucz / key: {', '.join(f'`{k}`' for k in t.key)}.\n")
        out.append("| kolumna / column | wymagana / required | typ / type | opis / description | uwagi / notes |")
        out.append("|---|---|---|---|---|")
        out.extend(_column_row(c) for c in t.columns)
        for (cols, parent, pcols) in t.composite_fks:
            out.append(f"\n(`{'`, `'.join(cols)}`) → `{parent}` (`{'`, `'.join(pcols)}`).")
        if t.checks:
            out.append("")
            out.extend(f"- {'Ostrzeżenie' if chk.warning else 'Błąd'}, gdy: {chk.pl} / "
                       f"{'Warning' if chk.warning else 'Error'} when: {chk.en}." for chk in t.checks)
        out.append("")
    sectors = "; ".join(f"`{k}` → {v}" for k, v in schema.MEMBER_SECTORS.items())
    out.append(RULES.format(sectors=sectors, forbidden=", ".join(f"`{f}`" for f in schema.FORBIDDEN_COLUMNS)))
    return "\n".join(out).rstrip() + "\n"


def render_indicators() -> str:
    """docs/indicators.md: the catalogue (what pages, exports and the CLI show) and the decisions."""
    from analytics.metrics import catalogue
    from analytics.present.i18n import t
    direction = {1: "↑ więcej = lepiej / higher is better", -1: "↓ mniej = lepiej / lower is better",
                 0: "neutralny / neutral"}
    out = ["# Wskaźniki / Indicators", "",
           "> Generowane z `analytics/metrics/catalogue.py` (`python -m analytics.present.docs`). / Generated from "
           "`analytics/metrics/catalogue.py`.", "",
           "| kod / code | nazwa / name | definicja / definition | jednostka / unit | kierunek / direction |",
           "|---|---|---|---|---|"]
    for group in catalogue.GROUPS:
        pl, en = t(f"group.{group}", "pl"), t(f"group.{group}", "en")
        out.append(f"| **{pl} / {en}** | | | | |")
        for i in catalogue.by_group(group):
            supp = f" Ukrywane razem z / suppressed with `{i.suppress_with}`." if i.suppress_with else ""
            out.append(f"| `{i.code}` | {i.label_pl} / {i.label_en} | {i.definition_pl} / {i.definition_en}{supp} "
                       f"| {i.unit} | {direction[i.direction]} |")
    out += ["", DECISIONS]
    return "\n".join(out).rstrip() + "\n"


def main() -> int:
    DOC_PATH.parent.mkdir(exist_ok=True)
    DOC_PATH.write_text(render(), encoding="utf-8")
    INDICATORS_PATH.write_text(render_indicators(), encoding="utf-8")
    print(f"wrote {DOC_PATH} and {INDICATORS_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
