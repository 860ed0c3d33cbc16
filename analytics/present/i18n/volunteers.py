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
    "volunteers.tab_hours": ("Godziny", "Hours"),
    "volunteers.tab_organisers": ("Organizatorzy", "Organisers"),
    "volunteers.hours_help": ("Godziny zgłoszone przez wolontariuszy w SOW i te z nich, które organizator "
                              "potwierdził, miesiąc po miesiącu (według powiatu zamieszkania wolontariusza). "
                              "Miesiąc, w którym aktywnych wolontariuszy jest mało, jest ukryty (#) dla "
                              "wszystkich poza instytucją zarządzającą.",
                              "Hours logged by volunteers in SOW and those the organiser confirmed, month by "
                              "month (by the volunteer's powiat of residence). A month with few active "
                              "volunteers is hidden (#) from everyone but the managing institution."),
    "volunteers.hours_label": ("Godziny", "Hours"),
    "volunteers.hours_title": ("Godziny potwierdzone i zgłoszone — {where}", "Confirmed and logged hours — {where}"),
    "volunteers.hours_hidden": ({"one": "{n} miesiąc ukryty (#): mało aktywnych wolontariuszy.",
                                 "few": "{n} miesiące ukryte (#): mało aktywnych wolontariuszy.",
                                 "many": "{n} miesięcy ukrytych (#): mało aktywnych wolontariuszy."},
                                {"one": "{n} month hidden (#): few active volunteers.",
                                 "other": "{n} months hidden (#): few active volunteers."}),
    "volunteers.hours_table": ("Miesiące w tabeli", "Months as a table"),
    "volunteers.organisers_help": ("Organizatorzy wolontariatu w dwóch rolach: jako miejsca, które przyjmują "
                                   "wolontariuszy (z potwierdzonymi godzinami w okresie, według siedziby "
                                   "organizatora), i jako odbiorcy wsparcia programu. Liczby organizacji i działań "
                                   "są dokładne.",
                                   "Volunteering organisers in two roles: as placements hosting volunteers (with "
                                   "confirmed hours in the period, by the organiser's seat), and as recipients of "
                                   "the programme's support. Counts of organisations and activities are exact."),
    "volunteers.placements": ("Organizatorzy przyjmujący wolontariuszy", "Organisers hosting volunteers"),
    "volunteers.placements_help": ("Organizatorzy (wszystkich rodzajów) z potwierdzonymi godzinami wolontariuszy "
                                   "w okresie.",
                                   "Organisers (of every kind) with volunteers' confirmed hours in the period."),
    "volunteers.placements_public": ("w tym instytucje publiczne", "of which public institutions"),
    "volunteers.placements_title": ("Organizatorzy: miejsca wolontariatu i wsparcie — {where}",
                                    "Organisers: placements and support — {where}"),
    "volunteers.kinds_title": ("Zaangażowane instytucje publiczne według rodzaju — {where}",
                               "Public institutions engaged by kind — {where}"),
}
