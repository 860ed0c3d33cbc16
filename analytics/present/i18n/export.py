"""The Export page (app_pages/export.py); the texts inside the exported files are in files.py."""
from __future__ import annotations

STRINGS: dict = {
    "export.intro": ("Raport dla ewaluatora w jednym pliku ZIP: dokument Word (DOCX) do edycji z wykresami, "
                     "podpisami, tabelami, metodą i definicjami, wykresy (PNG do druku i SVG), dane (CSV, "
                     "także w wersji dla polskiego Excela, i XLSX z arkuszem metadanych), definicje "
                     "wskaźników, README i interaktywny raport HTML działający bez internetu. Liczby osób "
                     "są zawsze chronione.",
                     "An evaluator's report in one ZIP file: a Word document (DOCX) to edit, with charts, "
                     "captions, tables, the method and definitions; charts (print PNG and SVG), the data (CSV, "
                     "also for Polish Excel, and XLSX with a metadata sheet), indicator definitions, a "
                     "README and an interactive HTML report that works offline. Counts of people are always "
                     "protected."),
    "export.indicators": ("Wskaźniki (mapa dla każdego)", "Indicators (a map for each)"),
    "export.indicators_help": ("Raport zawiera mapę każdego wybranego wskaźnika oraz wykresy zbiorcze.",
                               "The report holds a map of each chosen indicator and summary charts."),
    "export.scope_line": ("Stan na {as_of}; przepływy za okres {p0} – {p1} (zmienisz je w panelu bocznym).",
                          "As of {as_of}; flows over {p0} – {p1} (change them in the sidebar)."),
    "export.build": ("Przygotuj raport", "Build the report"),
    "export.building": ("Przygotowywanie raportu…", "Building the report…"),
    # n: the number of charts (chooses the form); charts: the same number as shown
    "export.ready": ({"one": "Gotowe: {charts} wykres w {seconds} s.", "few": "Gotowe: {charts} wykresy w {seconds} s.",
                      "many": "Gotowe: {charts} wykresów w {seconds} s."},
                     {"one": "Ready: {charts} chart in {seconds} s.", "other": "Ready: {charts} charts in {seconds} s."}),
    "export.skipped": ("Pominięto wskaźniki bez danych: {codes}.", "Indicators without data were skipped: {codes}."),
    "export.no_indicators": ("Wybierz co najmniej jeden wskaźnik.", "Choose at least one indicator."),
    "export.download": ("Pobierz {name}", "Download {name}"),
    "export.table_title": ("Tabela wskaźników", "Indicator table"),
    "export.table_help": ("Wszystkie wskaźniki dla wybranego poziomu i daty, z wierszem dla Polski; do "
                          "pobrania jako CSV lub XLSX z metadanymi.",
                          "Every indicator for the chosen level and date, with a row for Poland; download "
                          "it as CSV or XLSX with metadata."),
    # Image downloads without Chromium (analytics/present/exports.py: browser_path).
    "export.no_chromium": ("Obrazy (PNG, SVG, PDF) tworzy przeglądarka Chromium, której brak na serwerze. "
                           "Administrator instaluje ją poleceniem „sudo apt-get install chromium” "
                           "(robi to też „make run” uruchomione jako root).",
                           "Images (PNG, SVG, PDF) are drawn by the Chromium browser, which is missing on "
                           "the server. An administrator installs it with \"sudo apt-get install chromium\" "
                           "(\"make run\" run as root does it too)."),
}
