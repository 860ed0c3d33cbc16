"""Small-count protection as exported files state it (analytics/access/privacy.py does the hiding):
the note on every export's metadata sheet, the HTML report and its README, and the definitions
table's protection column. The pages' own protection sentences sit with the page keys
(footer.text, legend.suppressed*, compare.suppressed_note)."""
from __future__ import annotations

STRINGS: dict = {
    "protection.title": ("Ochrona małych liczebności", "Small-count protection"),
    "protection.note": (
        "Wartości poniżej progu (<10 w powiatach, <5 w województwach) ukryto zgodnie z zasadą "
        "ochrony małych liczebności.",
        "Values below the threshold (<10 in powiats, <5 in voivodeships) are hidden under the "
        "small-count protection rule."),
    "protection.by": ("tak (wg: {code})", "yes (by: {code})"),
    # README.txt, after the note ("\n" starts a new line)
    "protection.readme": (
        "W tabelach takie komórki zawierają tekst „<10” lub „<5”, na mapach mają osobną szarą klasę.\n"
        "Ukrywane są liczby osób (wolontariusze zarejestrowani i aktywni, członkowie KS, uczestnicy\n"
        "szkoleń) oraz wartości od nich pochodne (np. wolontariusze na 10 tys. mieszkańców).",
        "In tables such cells read '<10' or '<5'; on maps they have their own grey class.\n"
        "Counts of people (registered and active volunteers, KS members, training participants)\n"
        "and the values derived from them (e.g. volunteers per 10,000 inhabitants) are hidden."),
}
