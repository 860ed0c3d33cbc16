"""The application shell: title, page names, sidebar controls, footer, common words, levels,
place names, languages, palettes, empty states and messages."""
from __future__ import annotations

STRINGS: dict = {
    # --- application and pages -----------------------------------------------------------------------
    "app.title": ("KS Atlas", "KS Atlas"),
    "app.subtitle": ("Atlas Korpusu Solidarności: pokrycie, koalicje i plany rozwoju wolontariatu",
                     "Korpus Solidarności atlas: coverage, coalitions and volunteering development plans"),
    "app.institution": ("Narodowy Instytut Wolności – Centrum Rozwoju Społeczeństwa Obywatelskiego",
                        "National Freedom Institute – Centre for Civil Society Development"),
    "page.overview": ("Przegląd", "Overview"),
    "page.coverage": ("Pokrycie", "Coverage"),
    "page.coalitions": ("Koalicje", "Coalitions"),
    "page.plans": ("Plany rozwoju", "Development plans"),
    "page.volunteers": ("Wolontariusze i organizatorzy", "Volunteers and organisers"),
    "page.compare": ("Porównanie", "Compare"),
    "page.export": ("Eksport", "Export"),
    "page.data": ("Dane", "Data"),

    # --- controls ------------------------------------------------------------------------------------
    "control.as_of": ("Data stanu", "As-of date"),
    "control.as_of_help": ("Stan na koniec wybranego dnia: liczone są partnerzy, koalicje i członkowie "
                           "aktywni w tym dniu.",
                           "State at the end of the chosen day: partners, coalitions and members active "
                           "on that day are counted."),
    "control.period": ("Okres", "Period"),
    "control.period_from": ("Od", "From"),
    "control.period_to": ("Do", "To"),
    "control.level": ("Poziom", "Level"),
    "control.voivodeship": ("Województwo", "Voivodeship"),
    "control.all_voivodeships": ("Cała Polska", "All of Poland"),
    "control.powiat": ("Powiat", "Powiat"),
    "control.language": ("Język", "Language"),
    "control.indicator": ("Wskaźnik", "Indicator"),
    "control.classification": ("Klasyfikacja", "Classification"),
    "control.n_classes": ("Liczba klas", "Number of classes"),
    "control.palette": ("Paleta barw", "Colour palette"),
    "control.basemap": ("Podkład mapowy", "Basemap"),
    "control.basemap_help": ("Podkład OpenStreetMap pod mapą; wymaga dostępu do internetu. Bez niego "
                             "mapa działa offline.", "An OpenStreetMap basemap under the map; needs "
                             "internet access. Without it the map works offline."),
    "control.map_3d": ("Widok 3D (kolumny)", "3D view (columns)"),
    "control.show_table": ("Pokaż tabelę danych wykresu", "Show the table behind the chart"),
    "control.download_csv": ("Pobierz CSV", "Download CSV"),
    "control.download_png": ("Pobierz obraz PNG", "Download PNG image"),
    "sidebar.partner": ("Partner:", "Partner:"),
    "control.find_powiat": ("Znajdź powiat", "Find a powiat"),
    "control.find_powiat_placeholder": ("Wpisz nazwę powiatu…", "Type a powiat's name…"),
    "control.find_powiat_help": ("Wpisz część nazwy, wybierz strzałkami i Enterem: mapa pokaże województwo "
                                 "z zaznaczonym powiatem, a nagłówek jego wartości.",
                                 "Type part of the name, choose with the arrow keys and Enter: the map shows "
                                 "the voivodeship with the powiat selected, and the headline its values."),
    "control.choose": ("Wybierz…", "Choose…"),
    "control.headline_for": ("Wskaźniki u góry strony", "Headline figures for"),
    "control.headline_for_area": ("obszar partnera", "the partner's area"),
    "control.headline_for_voivodeship": ("całe województwo", "the whole voivodeship"),
    "control.back_to_poland": ("Wróć do mapy Polski", "Back to the map of Poland"),
    "control.click_to_drill": ("Kliknij województwo na mapie, aby zobaczyć jego powiaty.",
                               "Click a voivodeship on the map to see its powiats."),
    "control.click_to_select": ("Kliknij powiat na mapie, aby zobaczyć jego wskaźniki u góry strony.",
                                "Click a powiat on the map to see its figures at the top of the page."),
    "control.compare_with": ("Porównaj z", "Compare with"),
    "control.peers": ("Grupa porównawcza", "Peer group"),
    "control.period_months": ({"one": "{n} mies. do daty stanu", "few": "{n} mies. do daty stanu",
                               "many": "{n} mies. do daty stanu"},
                              {"one": "{n} month to the as-of date", "other": "{n} months to the as-of date"}),
    "control.period_help": ("Wskaźniki przepływów (godziny, aktywni wolontariusze, szkolenia) liczone "
                            "są za pełne miesiące kończące się miesiącem daty stanu.",
                            "Flow indicators (hours, active volunteers, trainings) cover the whole "
                            "months ending with the as-of date's month."),
    "control.as_of_cap": ("Najpóźniejsza możliwa data to dzień najnowszych danych ({date}): późniejsze "
                          "miesiące nie zostały jeszcze zaraportowane.",
                          "The latest possible date is the day of the latest data ({date}): later months "
                          "have not been reported yet."),
    "sidebar.data_as_of": ("Najnowsze dane: {date} (data stanu nie może być późniejsza)",
                           "Latest data: {date} (the as-of date cannot be later)"),
    "msg.period_incomplete": ("**Niepełny okres.** Okres {p0} – {p1} sięga poza ostatni pełny miesiąc danych "
                          "({last}): przepływy (godziny, aktywni wolontariusze, szkolenia, działania) za "
                          "późniejsze dni nie są jeszcze zaraportowane, a zmiana rok do roku nie jest dla "
                          "nich liczona.",
                          "**Incomplete period.** The period {p0} – {p1} reaches past the last complete "
                          "month of the data ({last}): flows (hours, active volunteers, trainings, "
                          "activities) for the later days are not reported yet, and their year-on-year "
                          "change is not computed."),
    "metric.incomplete": ("niepełny okres", "incomplete period"),
    "metric.incomplete_help": ("Okres sięga poza ostatni pełny miesiąc danych: wartość jest niepełna, a "
                               "zmiana rok do roku nie jest liczona.",
                               "The period reaches past the last complete month of the data: the value "
                               "is incomplete and the year-on-year change is not computed."),
    "footer.text": ("Stan na {as_of} (najnowsze dane: {data_as_of}). {attribution}. Dane programu: "
                    "NIW-CRSO, Korpus Solidarności.",
                    "As of {as_of} (latest data: {data_as_of}). {attribution}. Programme data: "
                    "NIW-CRSO, Korpus Solidarności."),
    "control.classification_help": ("Kwantyle: w każdej klasie podobna liczba jednostek. Równe przedziały: klasy "
                      "o tej samej szerokości. Naturalne przerwy: granice tam, gdzie wartości "
                      "najbardziej się różnią.",
                      "Quantiles: each class holds a similar number of units. Equal intervals: "
                      "classes of the same width. Natural breaks: limits where values differ most."),

    # --- common words --------------------------------------------------------------------------------
    "common.yes": ("tak", "yes"),
    "common.no": ("nie", "no"),
    "metric.delta_help": ("Zmiana: porównanie z tą samą datą rok wcześniej.",
                          "Change: compared with the same date a year earlier."),
    "metric.delta_pp": ("{delta} p.p.", "{delta} pp"),

    # --- levels and places ---------------------------------------------------------------------------
    "level.country": ("Polska", "Poland"),
    "level.voivodeship": ("województwa", "voivodeships"),
    "level.powiat": ("powiaty", "powiats"),
    "level_one.voivodeship": ("województwo", "voivodeship"),
    "level_one.powiat": ("powiat", "powiat"),
    # the indicator groups of analytics/metrics/catalogue.py (catalogue.GROUPS)
    "group.coverage": ("Zasięg partnerów", "Partner coverage"),
    "group.coalitions": ("Koalicje", "Coalitions"),
    "group.plans": ("Plany rozwoju wolontariatu", "Volunteering development plans"),
    "group.volunteers": ("Wolontariusze i organizatorzy", "Volunteers and organisers"),
    "name.voivodeship": ("województwo {name}", "{name} voivodeship"),
    # a local partner's own area (its powiats on the as-of date) in a page's headline
    "name.partner_area": ({"one": "Obszar partnera: {name} ({n} powiat)", "few": "Obszar partnera: {name} ({n} powiaty)",
                           "many": "Obszar partnera: {name} ({n} powiatów)"},
                          {"one": "Partner's area: {name} ({n} powiat)", "other": "Partner's area: {name} ({n} powiats)"}),
    "name.partner_area_note": ("Wskaźniki u góry: suma powiatów partnera ({units}). Mapy i wykresy poniżej "
                               "pokazują {where}; obszar partnera jest na mapach obrysowany.",
                               "The headline figures: the partner's powiats together ({units}). The maps and "
                               "charts below show {where}; the partner's area is outlined on the maps."),

    # --- map settings and languages ------------------------------------------------------------------
    "classify.quantiles": ("kwantyle", "quantiles"),
    "classify.equal_interval": ("równe przedziały", "equal intervals"),
    "classify.jenks": ("naturalne przerwy (Jenks)", "natural breaks (Jenks)"),
    "lang.pl": ("polski", "polski"),
    "lang.en": ("English", "English"),
    "palette.YlGnBu": ("żółto-zielono-niebieska", "yellow-green-blue"),
    "palette.Blues": ("niebieska", "blues"),
    "palette.Purples": ("fioletowa", "purples"),
    "palette.Oranges": ("pomarańczowa", "oranges"),
    "palette.viridis": ("viridis", "viridis"),
    "palette.PuOr": ("rozbieżna fioletowo-pomarańczowa", "diverging purple-orange"),
    "palette.RdBu": ("rozbieżna czerwono-niebieska", "diverging red-blue"),

    # --- empty states and messages -------------------------------------------------------------------
    "empty.no_data": ("Brak danych do wyświetlenia.", "No data to show."),
    "empty.no_database": ("Nie znaleziono bazy danych. Zaimportuj dane na stronie „Dane”.",
                          "No database found. Import data on the “Data” page."),
    "empty.no_sow": ("Brak tabel z Systemu Obsługi Wolontariatu (SOW): wolontariusze, organizatorzy, "
                     "godziny, działania. Ta część wymaga wyciągu z SOW.",
                     "No tables from the volunteer management system (SOW): volunteers, organisers, "
                     "hours, activities. This part needs a SOW extract."),
    "empty.no_partners_at_date": ("Brak partnerów aktywnych na dzień {date}.",
                                  "No partners active on {date}."),
    "empty.no_data_voivodeship": ("Brak danych dla województwa {name}.",
                                  "No data for the {name} voivodeship."),
    "empty.no_plans": ("Brak planów rozwoju wolontariatu w wybranym okresie.",
                       "No volunteering development plans in the chosen period."),
    "empty.no_coalitions": ("Brak koalicji na dzień {date}.", "No coalitions on {date}."),
    "empty.no_selection": ("Wybierz obszar na mapie lub z listy.",
                           "Choose an area on the map or from the list."),
    "msg.demo_data": ("Uwaga: wyświetlane są dane demonstracyjne, nie rzeczywiste.",
                      "Note: demonstration data, not real data, are shown."),
    "msg.basemap_offline": ("Podkład mapowy wymaga połączenia z internetem; bez niego mapa "
                            "pokazuje tylko granice.",
                            "The basemap needs an internet connection; without it the map shows "
                            "boundaries only."),
}
