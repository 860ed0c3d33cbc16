"""The Informacje / About page, and the protection sentence every page with numbers about people
shows (ui/page.header) with its link to the method on that page."""
from __future__ import annotations

STRINGS: dict = {
    "page.about": ("Informacje", "About"),
    "about.intro": ("Jak chronimy dane osobowe, deklaracja dostępności i źródła danych.",
                    "How personal data are protected, the accessibility statement and the data sources."),
    "about.tab_privacy": ("Ochrona danych", "Data protection"),
    "about.tab_accessibility": ("Deklaracja dostępności", "Accessibility statement"),
    "about.tab_sources": ("Źródła", "Sources"),
    "about.sources": (
        "- Dane programu: NIW-CRSO, Korpus Solidarności (partnerzy, koalicje, plany rozwoju, zespoły "
        "zadaniowe), wyciąg z Systemu Obsługi Wolontariatu (SOW) – spseudonimizowany.\n"
        "- Podział terytorialny: GUS, rejestr TERYT; ludność: GUS, Bank Danych Lokalnych.\n"
        "- Granice administracyjne: GUGiK, Państwowy Rejestr Granic (uproszczone).\n"
        "- Definicje wskaźników: zakładka „Eksport” (plik definicji) i dokument docs/indicators.md.",
        "- Programme data: NIW-CRSO, Korpus Solidarności (partners, coalitions, development plans, task "
        "teams), an extract of the volunteer system SOW - pseudonymised.\n"
        "- Territorial division: Statistics Poland (GUS), TERYT register; population: GUS, Local Data Bank.\n"
        "- Administrative boundaries: GUGiK, National Register of Boundaries (simplified).\n"
        "- Indicator definitions: the Export page (definitions file) and docs/indicators.md."),
    "about.link": ("[Ochrona danych, deklaracja dostępności i źródła](/informacje)",
                   "[Data protection, accessibility statement and sources](/informacje)"),
    # The one sentence on every page that shows numbers about people (contract section 4).
    "protection.page_note": (
        "**Dane chronione.** Liczby osób i godzin są chronione: małe liczby ukryto („<10” w powiatach, "
        "„<5” w województwach, „#” dla wartości od nich pochodnych i w obszarach), a pozostałe mają "
        "niewielki szum (±2 osoby, ±5 % godzin), więc np. suma powiatów może nieznacznie różnić się "
        "od wartości województwa. [Metoda](/informacje)",
        "**Protected data.** Counts of people and hours are protected: small counts are hidden "
        "(“<10” in powiats, “<5” in voivodeships, “#” for values derived from them and in areas), and "
        "the others carry a little noise (±2 people, ±5 % of hours), so the powiats of a voivodeship, "
        "say, may not add up exactly to the voivodeship. [Method](/informacje)"),
    "protection.page_note_exact": (
        "Widzisz dokładne wartości (instytucja zarządzająca). Pozostali użytkownicy i każdy eksport "
        "dostają wartości chronione. [Metoda](/informacje)",
        "You see exact values (the managing institution). Other users and every export get "
        "protected values. [Method](/informacje)"),
}
