"""The one catalogue of UI strings, Polish first and English complete.

    t("page.coverage", "pl")                      -> "Pokrycie"
    t("empty.no_data_voivodeship", "en", name="mazowieckie")
    enum_label("sector", "civic", "pl")           -> "obywatelski"
    options("classify", "pl")                     -> {"quantiles": "kwantyle", ...}

Every key holds a (Polish, English) pair, so the two languages cannot drift apart; `CATALOGUE`
exposes them per language. Placeholders use str.format names ({date}, {name}, {n}).
"""
from __future__ import annotations

import re
import warnings

from analytics.present.formatting import LANGS, norm_lang

_S: dict[str, tuple[str, str]] = {
    # --- application and pages -----------------------------------------------------------------
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

    # --- controls --------------------------------------------------------------------------------
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
    "control.back_to_poland": ("Wróć do mapy Polski", "Back to the map of Poland"),
    "control.click_to_drill": ("Kliknij województwo na mapie, aby zobaczyć jego powiaty.",
                               "Click a voivodeship on the map to see its powiats."),
    "control.compare_with": ("Porównaj z", "Compare with"),
    "control.peers": ("Grupa porównawcza", "Peer group"),
    "control.period_months": ("{n} mies. do daty stanu", "{n} months to the as-of date"),
    "control.period_help": ("Wskaźniki przepływów (godziny, aktywni wolontariusze, szkolenia) liczone "
                            "są za pełne miesiące kończące się miesiącem daty stanu.",
                            "Flow indicators (hours, active volunteers, trainings) cover the whole "
                            "months ending with the as-of date's month."),
    "sidebar.data_as_of": ("Najnowsze dane: {date}", "Latest data: {date}"),
    "footer.text": ("Stan na {as_of} (najnowsze dane: {data_as_of}). {attribution}. Dane programu: "
                    "NIW-CRSO, Korpus Solidarności. Małe liczebności ukryto (<10 w powiatach, <5 w "
                    "województwach).",
                    "As of {as_of} (latest data: {data_as_of}). {attribution}. Programme data: "
                    "NIW-CRSO, Korpus Solidarności. Small counts are hidden (<10 in powiats, <5 in "
                    "voivodeships)."),
    "overview.headline": ("{where} — stan na {date}", "{where} — as of {date}"),
    "overview.map_title": ("Mapa wskaźnika", "Indicator map"),
    # --- coverage page
    "coverage.intro": ("Gdzie działają partnerzy lokalni (w powiatach) i regionalni (w województwach) "
                       "oraz jaka część mieszkańców żyje w powiatach objętych działaniem partnera.",
                       "Where local partners (in powiats) and regional partners (in voivodeships) work, "
                       "and what share of residents lives in powiats a partner covers."),
    "coverage.tab_map": ("Mapa pokrycia", "Coverage map"),
    "coverage.tab_white_spots": ("Białe plamy", "White spots"),
    "coverage.white_spots_definition": (
        "**Biała plama** to powiat, w którym na dzień stanu nie działa żaden partner lokalny, nie ma "
        "aktywnej koalicji na rzecz wolontariatu, a liczba wolontariuszy na 10 tys. mieszkańców jest "
        "niższa niż mediana powiatów w kraju.",
        "A **white spot** is a powiat with no active local partner, no active coalition for "
        "volunteering and fewer volunteers per 10k residents than the national median of powiats, "
        "on the as-of date."),
    "coverage.white_spots_count": ("Liczba białych plam", "Number of white spots"),
    "coverage.cat_white_spot": ("biała plama", "white spot"),
    "coverage.cat_no_partner": ("brak partnera lokalnego", "no local partner"),
    "coverage.cat_partner": ("działa partner lokalny", "local partner active"),
    "coverage.no_white_spots": ("Brak białych plam w wybranym obszarze.", "No white spots in the selected area."),
    "coverage.population": ("Ludność", "Population"),
    "coverage.median_note": ("Mediana krajowa: {median} wolontariuszy na 10 tys. mieszkańców.",
                             "National median: {median} volunteers per 10k residents."),
    # --- coalitions page
    "coalitions.intro": ("Koalicje na rzecz wolontariatu: ile ich jest, ilu mają członków i czy łączą "
                         "sektory (organizacje obywatelskie, samorząd, instytucje publiczne, biznes).",
                         "Coalitions for volunteering: how many there are, how many members they have and "
                         "whether they bring sectors together (civic, local government, public "
                         "institutions, business)."),
    "coalitions.tab_map": ("Mapa", "Map"),
    "coalitions.tab_sectors": ("Sektory członków", "Member sectors"),
    "coalitions.tab_list": ("Lista koalicji", "List of coalitions"),
    "coalitions.sector_mix_title": ("Członkowie aktywnych koalicji według sektora",
                                    "Members of active coalitions by sector"),
    "coalitions.sector_mix_help": ("Udział członków koalicji z każdego sektora; członek liczony raz w "
                                   "jednostce.", "Share of coalition members from each sector; a member "
                                   "is counted once per unit."),
    "coalitions.list_title": ("**{where}**: {n} aktywnych koalicji. Wybierz powiat na mapie, aby zawęzić listę.",
                              "**{where}**: {n} active coalitions. Select a powiat on the map to narrow the list."),
    "coalitions.col_name": ("Koalicja", "Coalition"),
    "coalitions.col_founded": ("Data powstania", "Founded"),
    "coalitions.col_members": ("Członkowie", "Members"),
    "coalitions.col_cross_sector": ("Międzysektorowa", "Cross-sector"),
    "coalitions.col_agreement": ("Porozumienie", "Agreement"),
    "coalitions.col_partner": ("Partner wspierający", "Supporting partner"),
    "common.yes": ("tak", "yes"),
    "common.no": ("nie", "no"),
    # --- plans page
    "plans.intro": ("Regionalne i Lokalne Plany Rozwoju Wolontariatu: stopień realizacji wskaźników "
                    "na tle upływu czasu planu. Światło zielone – realizacja nie mniejsza niż upływ czasu; "
                    "żółte – co najmniej 75% upływu czasu; czerwone – mniej.",
                    "Regional and Local Volunteering Development Plans: indicator completion against the "
                    "time elapsed. Green – completion at least the elapsed share; amber – at least 75% of "
                    "it; red – less."),
    "plans.current_only": ("Tylko plany trwające w dniu stanu", "Only plans running on the as-of date"),
    "plans.current_only_help": ("Ukrywa plany, których okres zakończył się przed datą stanu (np. z "
                                "poprzednich edycji). Wskaźniki na mapie liczone są zawsze wg kontraktu "
                                "danych: wszystkie plany rozpoczęte do daty stanu.",
                                "Hides plans whose period ended before the as-of date (e.g. earlier "
                                "editions). The map's indicators always follow the data contract: every "
                                "plan started by the as-of date."),
    "plans.counted": ("Plany w realizacji", "Plans counted"),
    "plans.counted_help": ("Plany przyjęte, w realizacji lub zakończone, rozpoczęte do daty stanu.",
                           "Plans adopted, in progress or completed that started by the as-of date."),
    "plans.tab_map": ("Mapa realizacji", "Completion map"),
    "plans.tab_table": ("Plany i wskaźniki", "Plans and indicators"),
    "plans.regional": ("Plany regionalne", "Regional plans"),
    "plans.local": ("Plany lokalne", "Local plans"),
    "plans.col_light": ("Ocena", "Status"),
    "plans.col_partner": ("Partner", "Partner"),
    "plans.col_title": ("Tytuł planu", "Plan title"),
    "plans.col_period": ("Okres planu", "Plan period"),
    "plans.col_completion": ("Realizacja", "Completion"),
    "plans.col_elapsed": ("Upływ czasu", "Time elapsed"),
    "plans.col_status": ("Status planu", "Plan status"),
    "plans.detail_title": ("Wskaźniki wybranego planu", "Indicators of the selected plan"),
    "plans.choose_plan": ("Plan", "Plan"),
    "plans.detail_caption": ("Realizacja planu {completion} przy upływie czasu {elapsed} (stan na {date}). "
                             "Romb pokazuje wartość oczekiwaną na dziś przy równomiernej realizacji.",
                             "Plan completion {completion} with {elapsed} of its time elapsed (as of {date}). "
                             "The diamond shows the value expected by now at an even pace."),
    "plans.no_plan_access": ("Szczegóły planów widzi instytucja zarządzająca, ewaluator i partner – "
                             "tylko własnego planu.", "Plan details are for the managing institution, "
                             "evaluators and a partner – its own plan only."),
    "plans.no_indicators": ("Ten plan nie ma wskaźników.", "This plan has no indicators."),
    # --- volunteers page
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
    # --- sign-in and roles
    "auth.demo_banner": ("Tryb demonstracyjny: dane syntetyczne, bez logowania. Rolę użytkownika "
                         "wybierzesz w panelu bocznym.",
                         "Demo mode: synthetic data, no sign-in. Choose the user's role in the sidebar."),
    "auth.demo_role": ("Rola (demo)", "Role (demo)"),
    "auth.demo_role_help": ("W trybie demonstracyjnym można obejrzeć aplikację oczami każdej roli.",
                            "In demo mode you can see the app as each role does."),
    "auth.demo_partner": ("Partner (demo)", "Partner (demo)"),
    "auth.login_title": ("Logowanie", "Sign in"),
    "auth.username": ("Nazwa użytkownika", "User name"),
    "auth.password": ("Hasło", "Password"),
    "auth.login_button": ("Zaloguj się", "Sign in"),
    "auth.login_oidc": ("Zaloguj się kontem instytucji", "Sign in with your organisation account"),
    "auth.logout": ("Wyloguj się", "Sign out"),
    "auth.no_access": ("Brak dostępu dla tego konta.", "This account has no access."),
    "auth.signed_in_as": ("Zalogowano: {user} ({role})", "Signed in: {user} ({role})"),
    "role.institution": ("instytucja zarządzająca", "managing institution"),
    "role.partner": ("partner", "partner"),
    "role.evaluator": ("ewaluator", "evaluator"),
    # --- data page
    "data.as_of": ("Dane według stanu na", "Data as of"),
    "data.imported_at": ("Ostatni import", "Last import"),
    "data.rows": ("Wiersze", "Rows"),
    "data.source_line": ("Źródło importu: {source} · wersja kontraktu danych {version} · dane od {start}",
                         "Import source: {source} · data contract version {version} · data from {start}"),
    "data.tab_tables": ("Tabele", "Tables"),
    "data.tab_upload": ("Nowy import", "New import"),
    "data.tab_versions": ("Wersje i historia", "Versions and history"),
    "data.tab_log": ("Dziennik zdarzeń", "Audit log"),
    "data.col_table": ("Tabela", "Table"),
    "data.col_provided": ("Dostarczona", "Provided"),
    "data.col_rows": ("Wiersze", "Rows"),
    "data.col_file": ("Plik", "File"),
    "data.col_row": ("Wiersz", "Row"),
    "data.col_column": ("Kolumna", "Column"),
    "data.col_value": ("Wartość", "Value"),
    "data.col_reason": ("Przyczyna", "Reason"),
    "data.col_severity": ("Rodzaj", "Kind"),
    "data.col_created": ("Utworzono", "Created"),
    "data.col_user": ("Użytkownik", "User"),
    "data.col_source": ("Źródło", "Source"),
    "data.col_as_of": ("Dane na dzień", "Data as of"),
    "data.col_current": ("Bieżąca", "Current"),
    "data.error": ("błąd", "error"),
    "data.warning": ("ostrzeżenie", "warning"),
    "data.format_link": ("Opis formatu plików: `docs/data-format.md` (po polsku i angielsku).",
                         "File format: `docs/data-format.md` (Polish and English)."),
    "data.upload_help": ("Wgraj pliki tabel (`partners.csv`, `volunteers.xlsx`, …), jeden skoroszyt .xlsx "
                         "z arkuszem na tabelę albo archiwum .zip. Najpierw sprawdzimy dane; opublikujesz je "
                         "dopiero po przejrzeniu raportu. Bieżąca baza pozostaje bez zmian do publikacji.",
                         "Upload table files (`partners.csv`, `volunteers.xlsx`, …), one .xlsx workbook with "
                         "a sheet per table, or a .zip archive. The data is checked first; you publish it "
                         "after reading the report. The current database stays as it is until then."),
    "data.upload_label": ("Pliki do importu", "Files to import"),
    "data.validate": ("Sprawdź dane", "Check the data"),
    "data.validating": ("Sprawdzanie danych…", "Checking the data…"),
    "data.report_for": ("Raport: {source}", "Report: {source}"),
    "data.valid": ("Dane są poprawne: {rows} wierszy, ostrzeżeń: {warnings}. Możesz je opublikować.",
                   "The data is valid: {rows} rows, {warnings} warnings. You can publish it."),
    "data.invalid": ("Dane zawierają błędy ({errors}). Nic nie zostało zmienione; popraw pliki i spróbuj ponownie.",
                     "The data has errors ({errors}). Nothing was changed; fix the files and try again."),
    "data.totals": ("Razem według rodzaju:", "Totals by kind:"),
    "data.publish": ("Opublikuj", "Publish"),
    "data.published": ("Nowe dane opublikowane.", "The new data is published."),
    "data.discard": ("Odrzuć", "Discard"),
    "data.no_versions": ("Brak zapisanych wersji bazy.", "No saved database versions."),
    "data.rollback_to": ("Przywróć wersję", "Restore version"),
    "data.rollback_confirm": ("Rozumiem, że bieżące dane zostaną zastąpione (pozostaną jako wersja).",
                              "I understand the current data will be replaced (it stays as a version)."),
    "data.rollback": ("Przywróć", "Restore"),
    "data.rolled_back": ("Przywrócono wersję {id}.", "Version {id} restored."),
    "data.history": ("Historia importów", "Import history"),
    "data.no_log": ("Dziennik zdarzeń jest pusty.", "The audit log is empty."),
    # --- export page
    "export.intro": ("Raport dla ewaluatora w jednym pliku ZIP: wykresy (PNG do druku i SVG), dane (CSV, "
                     "także w wersji dla polskiego Excela, i XLSX z arkuszem metadanych), definicje "
                     "wskaźników, README i interaktywny raport HTML działający bez internetu. Małe "
                     "liczebności są zawsze ukryte.",
                     "An evaluator's report in one ZIP file: charts (print PNG and SVG), the data (CSV, "
                     "also for Polish Excel, and XLSX with a metadata sheet), indicator definitions, a "
                     "README and an interactive HTML report that works offline. Small counts are always "
                     "hidden."),
    "export.indicators": ("Wskaźniki (mapa dla każdego)", "Indicators (a map for each)"),
    "export.indicators_help": ("Raport zawiera mapę każdego wybranego wskaźnika oraz wykresy zbiorcze.",
                               "The report holds a map of each chosen indicator and summary charts."),
    "export.scope_line": ("Stan na {as_of}; przepływy za okres {p0} – {p1} (zmienisz je w panelu bocznym).",
                          "As of {as_of}; flows over {p0} – {p1} (change them in the sidebar)."),
    "export.build": ("Przygotuj raport", "Build the report"),
    "export.building": ("Przygotowywanie raportu…", "Building the report…"),
    "export.ready": ("Gotowe: {charts} wykresów w {seconds} s.", "Ready: {charts} charts in {seconds} s."),
    "export.skipped": ("Pominięto wskaźniki bez danych: {codes}.", "Indicators without data were skipped: {codes}."),
    "export.no_indicators": ("Wybierz co najmniej jeden wskaźnik.", "Choose at least one indicator."),
    "export.download": ("Pobierz {name}", "Download {name}"),
    "export.table_title": ("Tabela wskaźników", "Indicator table"),
    "export.table_help": ("Wszystkie wskaźniki dla wybranego poziomu i daty, z wierszem dla Polski; do "
                          "pobrania jako CSV lub XLSX z metadanymi.",
                          "Every indicator for the chosen level and date, with a row for Poland; download "
                          "it as CSV or XLSX with metadata."),
    "metric.delta_help": ("Zmiana: porównanie z tą samą datą rok wcześniej.",
                          "Change: compared with the same date a year earlier."),
    "level.country": ("Polska", "Poland"),
    "level.voivodeship": ("województwa", "voivodeships"),
    "level.powiat": ("powiaty", "powiats"),
    "level_one.voivodeship": ("województwo", "voivodeship"),
    "level_one.powiat": ("powiat", "powiat"),
    "classify.quantiles": ("kwantyle", "quantiles"),
    "classify.equal_interval": ("równe przedziały", "equal intervals"),
    "classify.jenks": ("naturalne przerwy (Jenks)", "natural breaks (Jenks)"),
    "control.classification_help": ("Kwantyle: w każdej klasie podobna liczba jednostek. Równe przedziały: klasy "
                      "o tej samej szerokości. Naturalne przerwy: granice tam, gdzie wartości "
                      "najbardziej się różnią.",
                      "Quantiles: each class holds a similar number of units. Equal intervals: "
                      "classes of the same width. Natural breaks: limits where values differ most."),
    "lang.pl": ("polski", "polski"),
    "lang.en": ("English", "English"),
    "palette.YlGnBu": ("żółto-zielono-niebieska", "yellow-green-blue"),
    "palette.Blues": ("niebieska", "blues"),
    "palette.Purples": ("fioletowa", "purples"),
    "palette.Oranges": ("pomarańczowa", "oranges"),
    "palette.viridis": ("viridis", "viridis"),
    "palette.PuOr": ("rozbieżna fioletowo-pomarańczowa", "diverging purple-orange"),
    "palette.RdBu": ("rozbieżna czerwono-niebieska", "diverging red-blue"),

    # --- legends, maps and charts ----------------------------------------------------------------
    "legend.no_data": ("brak danych", "no data"),
    "legend.suppressed": ("{label} / dane ukryte", "{label} / suppressed"),
    "legend.suppressed_help": ("Liczby mniejsze niż {n} są ukryte, aby chronić prywatność.",
                               "Counts below {n} are hidden to protect privacy."),
    "legend.classes": ("Klasy", "Classes"),
    "legend.units_in_class": ("liczba jednostek", "number of units"),
    "map.rank": ("{rank}. z {n}", "{rank} of {n}"),
    "map.rank_label": ("Miejsce", "Rank"),
    "map.value": ("Wartość", "Value"),
    "map.class": ("Klasa", "Class"),
    "map.height": ("Wysokość kolumny", "Column height"),
    "chart.data_as_of": ("Stan na {date}", "Data as of {date}"),
    "chart.period": ("Okres: {start} – {end}", "Period: {start} – {end}"),
    "chart.source_programme": ("Dane: NIW-CRSO, Korpus Solidarności",
                               "Data: NIW-CRSO, Korpus Solidarności"),
    "chart.table_behind": ("Tabela danych wykresu", "Table behind the chart"),
    "chart.date": ("Data", "Date"),
    "chart.month": ("Miesiąc", "Month"),
    "chart.year": ("Rok", "Year"),
    "chart.value": ("Wartość", "Value"),
    "chart.unit": ("Jednostka", "Unit"),
    "chart.area": ("Obszar", "Area"),
    "chart.series": ("Seria", "Series"),
    "chart.share": ("Udział", "Share"),
    "chart.count": ("Liczba", "Count"),
    "chart.total": ("Razem", "Total"),
    "chart.baseline": ("Wartość bazowa", "Baseline"),
    "chart.target": ("Cel", "Target"),
    "chart.achieved": ("Osiągnięto", "Achieved"),
    "chart.expected": ("Oczekiwane na dziś", "Expected by now"),
    "chart.progress": ("Realizacja", "Progress"),
    "chart.decrease_target": ("cel: spadek", "target: decrease"),
    "chart.this_area": ("Wybrany obszar", "Selected area"),
    "chart.peer_median": ("Mediana grupy porównawczej", "Peer median"),
    "chart.peers": ("Grupa porównawcza", "Peers"),
    "chart.voivodeship": ("Województwo", "Voivodeship"),
    "chart.country": ("Polska", "Poland"),
    "chart.indicator": ("Wskaźnik", "Indicator"),
    "chart.sector": ("Sektor", "Sector"),

    # --- units -----------------------------------------------------------------------------------
    "unit.count": ("liczba", "number"),
    "unit.share": ("udział (%)", "share (%)"),
    "unit.index": ("indeks (%)", "index (%)"),
    "unit.per_10k": ("na 10 tys. mieszkańców", "per 10,000 residents"),
    "unit.per_100k": ("na 100 tys. mieszkańców", "per 100,000 residents"),
    "unit.hours": ("godziny", "hours"),
    "unit.number": ("wartość", "value"),

    # --- empty states and messages ---------------------------------------------------------------
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

    # --- status lights -----------------------------------------------------------------------------
    "status.green": ("zielony", "green"),
    "status.amber": ("żółty", "amber"),
    "status.red": ("czerwony", "red"),
    "status.green_help": ("realizacja zgodna z planem", "on track"),
    "status.amber_help": ("wymaga uwagi", "needs attention"),
    "status.red_help": ("zagrożona realizacja", "at risk"),
    "status.none": ("brak oceny", "not rated"),

    # --- sexes and age bands -----------------------------------------------------------------------
    "sex.F": ("kobiety", "women"),
    "sex.M": ("mężczyźni", "men"),
    "sex.X": ("inna", "other"),
    "sex.U": ("nieznana", "unknown"),
    "age.under_18": ("poniżej 18 lat", "under 18"),
    "age.18_24": ("18–24 lata", "18–24"),
    "age.25_34": ("25–34 lata", "25–34"),
    "age.35_44": ("35–44 lata", "35–44"),
    "age.45_54": ("45–54 lata", "45–54"),
    "age.55_64": ("55–64 lata", "55–64"),
    "age.65_plus": ("65 lat i więcej", "65 and over"),
    "age.unknown": ("wiek nieznany", "age unknown"),
    "age.range": ("{lo}–{hi} lat", "{lo}–{hi}"),
    "age.plus": ("{lo} lat i więcej", "{lo} and over"),
    "age.under": ("poniżej {hi} lat", "under {hi}"),

    # --- sectors and member / organiser types --------------------------------------------------------
    "sector.civic": ("obywatelski", "civic"),
    "sector.local_government": ("samorząd lokalny", "local government"),
    "sector.public_institution": ("instytucje publiczne", "public institutions"),
    "sector.business": ("biznes", "business"),
    "member_type.ngo": ("organizacja pozarządowa", "NGO"),
    "member_type.church": ("kościół lub związek wyznaniowy", "church or religious association"),
    "member_type.informal_group": ("grupa nieformalna", "informal group"),
    "member_type.individual": ("osoba prywatna", "individual"),
    "member_type.local_government": ("jednostka samorządu terytorialnego", "local government unit"),
    "member_type.social_welfare": ("pomoc społeczna", "social welfare"),
    "member_type.culture": ("kultura", "culture"),
    "member_type.sport": ("sport", "sport"),
    "member_type.education": ("edukacja", "education"),
    "member_type.health": ("ochrona zdrowia", "health care"),
    "member_type.other_public": ("inna instytucja publiczna", "other public institution"),
    "member_type.business": ("przedsiębiorstwo", "business"),
    "organiser_type.ngo": ("organizacja pozarządowa", "NGO"),
    "organiser_type.social_welfare": ("pomoc społeczna", "social welfare"),
    "organiser_type.culture": ("kultura", "culture"),
    "organiser_type.sport": ("sport", "sport"),
    "organiser_type.education": ("edukacja", "education"),
    "organiser_type.health": ("ochrona zdrowia", "health care"),
    "organiser_type.other_public": ("inna instytucja publiczna", "other public institution"),
    "organiser_type.business": ("przedsiębiorstwo", "business"),
    "organiser_type.church": ("kościół lub związek wyznaniowy", "church or religious association"),
    "institution_sector.social_welfare": ("pomoc społeczna", "social welfare"),
    "institution_sector.culture": ("kultura", "culture"),
    "institution_sector.sport": ("sport", "sport"),
    "institution_sector.education": ("edukacja", "education"),
    "institution_sector.health": ("ochrona zdrowia", "health care"),
    "institution_sector.other": ("inne", "other"),

    # --- activities -------------------------------------------------------------------------------
    "activity.training": ("szkolenie", "training"),
    "activity.local_project": ("projekt lokalny", "local project"),
    "activity.volunteer_action": ("akcja wolontariacka", "volunteer action"),
    "activity.coalition_meeting": ("spotkanie koalicji", "coalition meeting"),
    "activity.debate": ("debata", "debate"),
    "activity.promotion": ("działanie promocyjne", "promotion"),
    "activity.contest": ("konkurs", "contest"),
    "activity.institution_programme": ("program w instytucji", "institution programme"),
    "activity.network_meeting": ("spotkanie sieciujące", "networking meeting"),
    "activity.counselling": ("doradztwo", "counselling"),
    "audience.volunteers": ("wolontariusze", "volunteers"),
    "audience.coordinators": ("koordynatorzy", "coordinators"),
    "audience.organisers": ("organizatorzy", "organisers"),
    "audience.environment": ("otoczenie", "community"),
    "audience.school": ("szkoła", "school"),

    # --- partners and plans ---------------------------------------------------------------------------
    "plan_level.regional": ("regionalny", "regional"),
    "plan_level.local": ("lokalny", "local"),
    "plan_level.regional_plan": ("Regionalny Plan Rozwoju Wolontariatu",
                                 "Regional Volunteering Development Plan"),
    "plan_level.local_plan": ("Lokalny Plan Rozwoju Wolontariatu", "Local Volunteering Development Plan"),
    "plan_status.draft": ("projekt", "draft"),
    "plan_status.adopted": ("przyjęty", "adopted"),
    "plan_status.in_progress": ("w realizacji", "in progress"),
    "plan_status.completed": ("zrealizowany", "completed"),
    "plan_status.abandoned": ("porzucony", "abandoned"),
    "plan_indicator.sow_volunteers": ("wolontariusze w SOW", "volunteers in SOW"),
    "plan_indicator.local_base_organisers": ("organizatorzy w lokalnej bazie",
                                             "organisers in the local base"),
    "plan_indicator.coalitions": ("koalicje na rzecz wolontariatu", "volunteering coalitions"),
    "plan_indicator.coalition_members": ("członkowie koalicji", "coalition members"),
    "plan_indicator.trainings": ("szkolenia", "trainings"),
    "plan_indicator.training_participants": ("uczestnicy szkoleń", "training participants"),
    "plan_indicator.local_projects": ("projekty lokalne", "local projects"),
    "plan_indicator.institutions_engaged": ("zaangażowane instytucje", "institutions engaged"),
    "plan_indicator.mpw_certified": ("certyfikaty „Miejsce Przyjazne Wolontariuszom”",
                                     "“Volunteer-Friendly Place” certificates"),
    "plan_indicator.promotion_events": ("wydarzenia promocyjne", "promotion events"),
    "plan_indicator.custom": ("wskaźnik własny", "custom indicator"),

    # --- compare page ---------------------------------------------------------------------------------
    "compare.caption": ("Zestaw obszar partnera, powiaty lub województwa z podobnymi jednostkami: wskaźnik po "
                        "wskaźniku, z medianą grupy porównawczej, województwem i Polską.",
                        "Set a partner's area, powiats or voivodeships against similar units: indicator by "
                        "indicator, with the peer median, the voivodeship and Poland."),
    "compare.areas": ("Obszary do porównania", "Areas to compare"),
    "compare.areas_placeholder": ("Wpisz nazwę partnera, powiatu lub województwa",
                                  "Type a partner, powiat or voivodeship name"),
    "compare.areas_help": ("Do {n} obszarów obok siebie. Obszar partnera lokalnego to jego powiaty na dzień "
                           "stanu; partnera regionalnego – całe województwo.",
                           "Up to {n} areas side by side. A local partner's area is its powiats on the "
                           "as-of date; a regional partner's is the whole voivodeship."),
    "compare.option_partner_local": ("Partner lokalny: {name} ({voivodeship})",
                                     "Local partner: {name} ({voivodeship})"),
    "compare.option_partner_regional": ("Partner regionalny: {name} ({voivodeship})",
                                        "Regional partner: {name} ({voivodeship})"),
    "compare.option_voivodeship": ("Województwo: {name}", "Voivodeship: {name}"),
    "compare.option_powiat": ("Powiat: {name} ({voivodeship})", "Powiat: {name} ({voivodeship})"),
    "compare.unit_powiat": ("pow. {name}", "powiat {name}"),
    "compare.unit_city": ("m. {name}", "city of {name}"),
    "compare.unit_voivodeship": ("woj. {name}", "{name} voivodeship"),
    "name.voivodeship": ("województwo {name}", "{name} voivodeship"),
    "compare.partner_local": ("{name} (partner lokalny)", "{name} (local partner)"),
    "compare.partner_regional": ("{name} (partner regionalny)", "{name} (regional partner)"),
    "compare.and_more": ("i {n} więcej", "and {n} more"),
    "compare.custom_area": ("Własny obszar z kilku powiatów", "Your own area from several powiats"),
    "compare.custom_area_powiats": ("Powiaty tworzące jeden obszar", "Powiats forming one area"),
    "compare.custom_area_help": ("Wybrane powiaty są liczone razem jako jeden obszar: każda osoba liczona "
                                 "jest raz, ludność sumowana.",
                                 "The chosen powiats are counted together as one area: each person is "
                                 "counted once, population is summed."),
    "compare.custom_one": ("Własny obszar wymaga co najmniej dwóch powiatów; jeden powiat wybierz na liście "
                           "obszarów.", "Your own area needs at least two powiats; pick a single powiat in "
                           "the list of areas."),
    "compare.too_many": ("Można porównać najwyżej {n} obszarów. Usuń jeden z listy, aby dodać własny obszar.",
                         "At most {n} areas can be compared. Remove one from the list to add your own area."),
    "compare.group_voivodeship": ("powiaty z tego samego województwa", "powiats in the same voivodeship"),
    "compare.group_powiat_type": ("powiaty tego samego typu (ziemskie lub grodzkie)",
                                  "powiats of the same type (land or city)"),
    "compare.group_population": ("jednostki o podobnej liczbie ludności",
                                 "units with a similar population"),
    "compare.group_all": ("wszystkie jednostki tego poziomu", "all units of the level"),
    "compare.group_help": ("Z kim porównujemy: mediana, miejsce i centyl liczone są w tej grupie. "
                           "Województwa porównujemy zawsze z innymi województwami.",
                           "Who we compare with: the median, rank and percentile are computed in this "
                           "group. Voivodeships are always compared with other voivodeships."),
    "compare.group_fallback": ("Dla województwa ta grupa nie istnieje – pokazano porównanie ze wszystkimi "
                               "województwami.", "This group does not exist for a voivodeship – compared "
                               "with all voivodeships."),
    "compare.peer_desc": ("Grupa porównawcza: {group} ({n}).", "Peer group: {group} ({n})."),
    "compare.peer_subtitle": ("Na tle: {group} ({n})", "Against: {group} ({n})"),
    "compare.own_partner_inactive": ("Twoja organizacja nie ma na dzień {date} aktywnego obszaru działania. "
                                     "Wybierz obszar z listy.", "Your organisation has no active area on "
                                     "{date}. Choose an area from the list."),
    "compare.no_area_at_date": ("{name}: brak powiatów, w których partner działa na dzień {date}.",
                                "{name}: no powiats where the partner works on {date}."),
    "compare.no_selection": ("Wybierz co najmniej jeden obszar do porównania.",
                             "Choose at least one area to compare."),
    "compare.no_sow": ("Pokazano wskaźniki, które nie wymagają danych z SOW.",
                       "Indicators that do not need SOW data are shown."),
    "compare.suppressed_note": ("Małe liczby są ukryte, aby chronić prywatność: „<10” w powiatach i obszarach, "
                                "„<5” w województwach.", "Small counts are hidden to protect privacy: "
                                "“<10” in powiats and areas, “<5” in voivodeships."),
    "compare.side_by_side": ("Obszary obok siebie", "Areas side by side"),
    "compare.marks_legend": ("▲ – w górnej ćwiartce swojej grupy porównawczej, ▼ – w dolnej ćwiartce "
                             "(uwzględniając, czy lepsza jest wartość wyższa, czy niższa).",
                             "▲ – in the top quarter of its peer group, ▼ – in the bottom quarter "
                             "(taking into account whether higher or lower is better)."),
    "compare.counts_note": ("Obszar złożony z kilku powiatów porównywany jest z pojedynczymi powiatami: przy "
                            "liczbach bezwzględnych bardziej miarodajne są wskaźniki na 10 tys. mieszkańców "
                            "i odsetki.", "An area of several powiats is compared with single powiats: for "
                            "absolute counts the per-10,000 indicators and shares are the fairer measure."),
    "compare.col_group": ("Obszar tematyczny", "Topic"),
    "compare.col_value": ("Wartość", "Value"),
    "compare.col_peer_median": ("Mediana grupy", "Peer median"),
    "compare.col_rank": ("Miejsce w grupie", "Rank in group"),
    "compare.col_percentile": ("Lepiej niż … grupy", "Better than … of the group"),
    "compare.col_assessment": ("Ocena", "Assessment"),
    "compare.rank_help": ("1. = najlepszy wynik w grupie porównawczej; miejsca ex aequo dzielą ten sam numer.",
                          "1 = the best result in the peer group; ties share a rank."),
    "compare.percentile_help": ("Centyl: jaka część grupy porównawczej ma wynik gorszy (100 – najlepszy, "
                                "0 – najsłabszy).", "Percentile: the share of the peer group with a worse "
                                "result (100 – the best, 0 – the weakest)."),
    "compare.mark_strength": ("▲ mocna strona", "▲ strength"),
    "compare.mark_weakness": ("▼ do poprawy", "▼ to improve"),
    "compare.details": ("Każdy obszar na tle grupy porównawczej", "Each area against its peer group"),
    "compare.desc_partner": ("Obszar działania na {date}: {units} – powiatów: {n}, mieszkańców: {pop}.",
                             "Area on {date}: {units} – powiats: {n}, residents: {pop}."),
    "compare.desc_voivodeship": ("Województwo {name} – powiatów: {n}, mieszkańców: {pop}.",
                                 "{name} voivodeship – powiats: {n}, residents: {pop}."),
    "compare.desc_area": ("{units} – powiatów: {n}, mieszkańców: {pop}.", "{units} – powiats: {n}, residents: {pop}."),
    "compare.strengths": ("**Mocne strony:** {items} (w górnej ćwiartce grupy porównawczej).",
                          "**Strengths:** {items} (in the top quarter of the peer group)."),
    "compare.weaknesses": ("**Słabsze strony:** {items} (w dolnej ćwiartce grupy porównawczej).",
                           "**Weaknesses:** {items} (in the bottom quarter of the peer group)."),
    "compare.no_marks": ("Żaden wskaźnik nie wyróżnia się: wszystkie są w środkowej części grupy "
                         "porównawczej.", "No indicator stands out: all are in the middle of the peer group."),
    "compare.dot_group": ("Wskaźniki na wykresie", "Indicators on the chart"),
    "compare.dot_group_help": ("Wykres punktowy pokazuje wybraną grupę wskaźników, każdy na własnej osi.",
                               "The dot plot shows the chosen group of indicators, each on its own axis."),
    "compare.dot_title": ("{area} na tle grupy porównawczej", "{area} against its peers"),
    "compare.dot_totals_note": ("Przy liczbach bezwzględnych (np. liczbie wolontariuszy) nie pokazujemy województwa "
                                "ani Polski: to sumy wielu powiatów, nieporównywalne z jednym obszarem.",
                                "For absolute numbers (e.g. the number of volunteers) the voivodeship and Poland "
                                "are not shown: they are totals of many powiats, not comparable with one area."),
    "compare.trend_header": ("Zmiany w czasie", "Change over time"),
    "compare.trend_title": ("{indicator}: {area} i mediana grupy", "{indicator}: {area} and the peer median"),
    "compare.trend_note": ("Mediana grupy: środkowa wartość jednostek grupy porównawczej w każdym miesiącu "
                           "(ukryte małe liczby są pomijane).", "Peer median: the middle value of the peer "
                           "group's units in each month (hidden small counts are left out)."),
    "compare.plans_header": ("Plan rozwoju wolontariatu", "Volunteering development plan"),
    "compare.plans_partner_only": ("Plany rozwoju wolontariatu pokazujemy dla obszarów partnerów.",
                                   "Volunteering development plans are shown for partners' areas."),
    "compare.plan_hidden": ("Szczegóły planów innych partnerów widzą tylko NIW-CRSO i ewaluatorzy.",
                            "Only NIW-CRSO and evaluators see the details of other partners' plans."),
    "compare.no_plan": ("{name} nie ma planu rozwoju wolontariatu realizowanego na dzień {date}.",
                        "{name} has no volunteering development plan running on {date}."),
    "compare.plan_no_indicators": ("Plan nie ma jeszcze wskaźników.", "The plan has no indicators yet."),
    "compare.plan_caption": ("Okres: {start} – {end} · upłynęło {elapsed} okresu · realizacja {completion} · "
                             "status: {light}", "Period: {start} – {end} · {elapsed} of the period elapsed · "
                             "completion {completion} · status: {light}"),
    "compare.plan_title": ("Wskaźniki planu: {area}", "Plan indicators: {area}"),
    # Image downloads without Chromium (analytics/present/exports.py: browser_path).
    "export.no_chromium": ("Obrazy (PNG, SVG, PDF) tworzy przeglądarka Chromium, której brak na serwerze. "
                           "Administrator instaluje ją poleceniem „sudo apt-get install chromium” "
                           "(robi to też „make run” uruchomione jako root).",
                           "Images (PNG, SVG, PDF) are drawn by the Chromium browser, which is missing on "
                           "the server. An administrator installs it with \"sudo apt-get install chromium\" "
                           "(\"make run\" run as root does it too)."),
}

CATALOGUE: dict[str, dict[str, str]] = {
    lang: {k: v[i] for k, v in _S.items()} for i, lang in enumerate(LANGS)
}


def t(key: str, lang: str = "pl", **fmt) -> str:
    """The UI string for key in lang ('pl' | 'en'), formatted with fmt.

    An unknown key returns the key itself (and warns) so a typo never breaks a page."""
    lang = norm_lang(lang)
    s = CATALOGUE[lang].get(key)
    if s is None:
        warnings.warn(f"i18n: missing key {key!r}", stacklevel=2)
        return key
    return s.format(**fmt) if fmt else s


def has(key: str) -> bool:
    return key in _S


def enum_label(kind: str, code, lang: str = "pl") -> str:
    """Label of an enum code, e.g. enum_label('sex', 'F') -> 'kobiety'; unknown codes pass through."""
    key = f"{kind}.{code}"
    return CATALOGUE[norm_lang(lang)].get(key, str(code))


def options(kind: str, lang: str = "pl") -> dict[str, str]:
    """{code: label} of every key under `kind.` in catalogue order (for select boxes)."""
    prefix = kind + "."
    cat = CATALOGUE[norm_lang(lang)]
    return {k[len(prefix):]: v for k, v in cat.items() if k.startswith(prefix)}


_AGE = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+)|(\+))?\s*$")


def age_band_label(band: str | None, lang: str = "pl") -> str:
    """'18-24' -> '18–24 lata' / '18–24'; '65+' -> '65 lat i więcej'; '<18' -> 'poniżej 18 lat';
    catalogue keys ('18_24', '65_plus', 'unknown') work too; None -> 'wiek nieznany'."""
    lang = norm_lang(lang)
    if band is None or str(band).strip() == "" or str(band).lower() in ("unknown", "u", "nan"):
        return t("age.unknown", lang)
    s = str(band).strip()
    if has(f"age.{s}"):
        return t(f"age.{s}", lang)
    if s.startswith("<"):
        return t("age.under", lang, hi=s[1:].strip())
    m = _AGE.match(s)
    if not m:
        return s
    lo, hi, plus = m.groups()
    if plus:
        return t("age.plus", lang, lo=lo)
    if hi:
        if lang == "pl":
            return f"{lo}–{hi} {_lata(int(hi))}"
        return t("age.range", lang, lo=lo, hi=hi)
    return s


def _lata(n: int) -> str:
    """Polish plural of 'rok' after a number: 1 rok, 2–4 lata, 5+ lat (12–14 lat, 22–24 lata)."""
    if n == 1:
        return "rok"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return "lata"
    return "lat"
