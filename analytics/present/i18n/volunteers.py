"""The Volunteers and organisers page (app_pages/volunteers.py)."""
from __future__ import annotations

STRINGS: dict = {
    "volunteers.intro": ("Baza wolontariuszy w Systemie Obsługi Wolontariatu (SOW), godziny, członkowie "
                         "Korpusu Solidarności, organizatorzy wolontariatu i szkolenia. Wolontariusze są "
                         "liczeni według powiatu zamieszkania.",
                         "The volunteer base in the volunteer system (SOW), hours, Korpus Solidarności "
                         "members, volunteering organisers and trainings. Volunteers are counted by their "
                         "powiat of residence."),
    "volunteers.headline": ("{where} — stan na {date}, przepływy za {p0} – {p1}",
                            "{where} — as of {date}, flows over {p0} – {p1}"),
    "volunteers.tab_map": ("Mapa", "Map"),
    "volunteers.tab_3d": ("Widok 3D", "3D view"),
    "volunteers.tab_trends": ("Trendy miesięczne", "Monthly trends"),
    "volunteers.tab_people": ("Płeć i wiek", "Sex and age"),
    "volunteers.deck_help": ("Wysokość kolumny w powiecie odpowiada wartości wskaźnika, kolor – klasie. "
                             "Przeciągnij, aby obrócić widok; powiaty z ukrytymi małymi liczbami nie mają kolumny.",
                             "Each powiat's column height is the indicator's value, its colour the class. "
                             "Drag to rotate; powiats with hidden small counts have no column."),
    "volunteers.trend_help_stock": ("Stan na koniec każdego miesiąca (ostatni punkt: data stanu).",
                                    "The state at each month's end (last point: the as-of date)."),
    "volunteers.trend_help_flow": ("Wartość w każdym miesiącu.", "The value in each month."),
    "volunteers.breakdown_help": ("Zarejestrowani wolontariusze według płci i wieku w roku daty stanu. "
                                  "Komórki z małą liczbą osób są ukryte (także sąsiednia najmniejsza, aby "
                                  "nie dało się ich odtworzyć z sum).",
                                  "Registered volunteers by sex and age in the as-of year. Cells with few "
                                  "people are hidden (and the next smallest beside them, so totals cannot "
                                  "reveal them)."),
    "volunteers.registered_short": ("Wolontariusze", "Volunteers"),
    "volunteers.breakdown_title": ("Wolontariusze według wieku i płci — {where}",
                                   "Volunteers by age and sex — {where}"),
}
