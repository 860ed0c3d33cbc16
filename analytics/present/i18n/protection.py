"""Small-count protection as exported files state it (analytics/access/privacy.py does the hiding):
the note on every export's metadata sheet, the HTML report and its README, and the definitions
table's protection column. The pages' own protection sentences sit with the page keys
(legend.suppressed*; the page sentence protection.page_note is in about.py)."""
from __future__ import annotations

STRINGS: dict = {
    "protection.title": ("Ochrona małych liczebności", "Small-count protection"),
    "protection.note": (
        "Liczby osób i godzin są chronione: małe liczby ukryto („<10” w powiatach, „<5” w "
        "województwach i kraju, „#” dla wartości od nich pochodnych), a pozostałe opublikowano z "
        "niewielkim szumem (±2 osoby, ±5 % godzin, metoda klucza komórki), więc suma części może "
        "nieznacznie różnić się od całości.",
        "Counts of people and hours are protected: small counts are hidden (“<10” in powiats, “<5” "
        "in voivodeships and the country, “#” for values derived from them), and the others are "
        "published with a little noise (±2 people, ±5 % of hours; the cell-key method), so the parts "
        "may not add up exactly to the whole."),
    "protection.by": ("tak (wg: {code})", "yes (by: {code})"),
    # README.txt, after the note ("\n" starts a new line)
    "protection.readme": (
        "W tabelach takie komórki zawierają tekst „<10”, „<5” lub „#”, na mapach mają osobną klasę\n"
        "„dane chronione”. Szczegóły metody: docs/privacy.md w repozytorium KS Atlas.\n"
        "Ukrywane są liczby osób (wolontariusze zarejestrowani i aktywni, członkowie KS, uczestnicy\n"
        "szkoleń) oraz wartości od nich pochodne (np. wolontariusze na 10 tys. mieszkańców).",
        "In tables such cells read '<10', '<5' or '#'; on maps they have their own class,\n"
        "'protected data'. The method in detail: docs/privacy.md in the KS Atlas repository.\n"
        "Counts of people (registered and active volunteers, KS members, training participants)\n"
        "and the values derived from them (e.g. volunteers per 10,000 inhabitants) are hidden."),
}
