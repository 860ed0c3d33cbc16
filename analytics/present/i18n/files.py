"""The words inside exported files: chart and table exports with their metadata sheet
(analytics/present/exports.py, `exports.*`) and the evaluator bundle: its HTML report, ZIP member
names, README and progress messages (analytics/present/report.py, `report.*`). The small-count
protection texts they carry are in protection.py."""
from __future__ import annotations

STRINGS: dict = {
    # --- chart images, tables and the metadata sheet ------------------------------------------------
    "exports.data_as_of": ("dane na dzień {date}", "data as of {date}"),
    "exports.unit": ("jednostka: {unit}", "unit: {unit}"),
    "exports.area": ("obszar: {area}", "area: {area}"),
    "exports.flow_period": ("przepływy za okres {start} – {end}", "flows over {start} – {end}"),
    "exports.metadata": ("Metadane", "Metadata"),
    "exports.definitions": ("Definicje wskaźników", "Indicator definitions"),
    "exports.definitions_sheet": ("Definicje", "Definitions"),
    "exports.definitions_see": ("w arkuszu „{sheet}”", "on the '{sheet}' sheet"),
    "exports.export_title": ("KS Atlas – eksport danych", "KS Atlas – data export"),
    "exports.m.as_of": ("Stan danych na dzień", "Data as of"),
    "exports.m.period": ("Okres (wskaźniki przepływowe)", "Period (flow indicators)"),
    "exports.m.level": ("Poziom", "Level"),
    "exports.m.language": ("Język", "Language"),
    "exports.m.generated": ("Wygenerowano", "Generated at"),
    "exports.m.filters": ("Filtry", "Filters"),
    "exports.m.indicators": ("Wskaźniki", "Indicators"),
    "exports.m.imported": ("Import danych", "Data import"),
    "exports.m.source": ("Źródło", "Source"),
    "exports.m.values": ("Wartości", "Values"),
    "exports.m.values_text": ("Udziały i indeksy w procentach (0–100, do 0,01); wskaźniki na 10 i 100 tys. "
                              "mieszkańców do 0,001; godziny do 0,1; puste pole = brak danych.",
                              "Shares and indices in percent (0–100, to 0.01); rates per 10,000 and 100,000 "
                              "inhabitants to 0.001; hours to 0.1; empty cell = no data."),
    "exports.none": ("brak", "none"),
    "exports.all": ("wszystkie ({n})", "all ({n})"),
    "exports.teryt": ("TERYT", "TERYT"),
    "exports.name": ("Jednostka", "Unit"),
    "exports.voivodeship": ("Województwo", "Voivodeship"),
    "exports.lang.pl": ("polski", "Polish"),
    "exports.lang.en": ("angielski", "English"),
    "exports.d.code": ("Kod", "Code"),
    "exports.d.label": ("Wskaźnik", "Indicator"),
    "exports.d.column": ("Kolumna w tabeli", "Table column"),
    "exports.d.definition": ("Definicja", "Definition"),
    "exports.d.unit": ("Jednostka", "Unit"),
    "exports.d.kind": ("Rodzaj", "Kind"),
    "exports.d.group": ("Grupa", "Group"),
    "exports.d.sources": ("Dane źródłowe", "Source tables"),
    "exports.kind.stock": ("stan na dzień", "stock at the as-of date"),
    "exports.kind.flow": ("przepływ w okresie", "flow over the period"),
    "exports.kind.plan": ("plany (stan na dzień)", "plans (at the as-of date)"),

    # --- the evaluator report: HTML page, charts, tables --------------------------------------------
    "report.title": ("KS Atlas – raport dla ewaluacji", "KS Atlas – evaluation report"),
    "report.subtitle": ("Korpus Solidarności: zasięg partnerów, koalicje, plany rozwoju wolontariatu i "
                        "wolontariusze", "Korpus Solidarności: partner coverage, coalitions, volunteering "
                        "development plans and volunteers"),
    "report.maps": ("Mapy wskaźników", "Indicator maps"),
    "report.overview": ("Przegląd", "Overview"),
    "report.data": ("Dane", "Data"),
    "report.indicators_table": ("Wskaźniki według jednostek", "Indicators by unit"),
    "report.plans_table": ("Plany rozwoju wolontariatu", "Volunteering development plans"),
    "report.trend_table": ("Wolontariusze zarejestrowani – Polska, miesięcznie",
                           "Registered volunteers – Poland, monthly"),
    "report.definitions": ("Definicje wskaźników", "Indicator definitions"),
    "report.table_behind": ("Dane wykresu", "Data behind the chart"),
    "report.contents": ("Spis treści", "Contents"),
    "report.plan_status_title": ("Plany rozwoju wolontariatu realizowane w dniu stanu, według statusu",
                                 "Volunteering development plans running at the as-of date, by status"),
    "report.plan.running": ("Realizowany w dniu stanu", "Running at the as-of date"),
    "report.plans_count": ("Liczba planów", "Number of plans"),
    "report.trend_title": ("Wolontariusze zarejestrowani w SOW – Polska", "Volunteers registered in SOW – Poland"),
    "report.ranking_title": ("Ranking: {label}", "Ranking: {label}"),
    "report.ranking_top": ("pierwsze {n} z {total}", "top {n} of {total}"),
    "report.empty_skipped": ("Bez mapy (brak danych we wszystkich jednostkach)",
                             "No map (no data in any unit)"),
    "report.month": ("Miesiąc", "Month"),
    # --- ZIP members and XLSX sheets
    "report.file.charts": ("wykresy", "charts"),
    "report.file.data": ("dane", "data"),
    "report.file.indicators": ("wskazniki", "indicators"),
    "report.file.plans": ("plany", "plans"),
    "report.file.xlsx": ("ks_atlas_dane.xlsx", "ks_atlas_data.xlsx"),
    "report.file.definitions": ("definicje.csv", "definitions.csv"),
    "report.file.html": ("raport.html", "report.html"),
    "report.sheet.indicators": ("Wskaźniki", "Indicators"),
    "report.sheet.plans": ("Plany", "Plans"),
    "report.sheet.trend": ("Trend krajowy", "National trend"),
    # --- the plans table (one key per plans.PLAN_COLUMNS)
    "report.plan.plan_id": ("ID planu", "Plan ID"),
    "report.plan.partner_id": ("ID partnera", "Partner ID"),
    "report.plan.partner_name": ("Partner", "Partner"),
    "report.plan.level": ("Poziom planu", "Plan level"),
    "report.plan.title": ("Tytuł", "Title"),
    "report.plan.status": ("Status", "Status"),
    "report.plan.period_start": ("Początek okresu", "Period start"),
    "report.plan.period_end": ("Koniec okresu", "Period end"),
    "report.plan.completion": ("Realizacja (%)", "Completion (%)"),
    "report.plan.elapsed": ("Upływ czasu planu (%)", "Elapsed (%)"),
    "report.plan.status_light": ("Światło statusu", "Status light"),
    "report.plan.voivodeship": ("Województwo (TERYT)", "Voivodeship (TERYT)"),
    # --- progress messages of build_report (the CLI prints them; the Export page shows them)
    "report.progress.indicators": ("obliczanie wskaźników", "indicators"),
    "report.progress.charts": ("wykresy", "charts"),
    "report.progress.chart": ("wykres {n}: {title}", "chart {n}: {title}"),
    "report.progress.image": ("obraz {k}/{total}", "image {k}/{total}"),
    "report.progress.tables": ("tabele", "tables"),
    "report.progress.html": ("raport HTML", "HTML report"),
    "report.progress.done": ("gotowe", "done"),

    # --- the Word document (analytics/present/docx_report.py)
    "report.file.docx": ("raport.docx", "report.docx"),
    "report.docx.scope": ("Zakres raportu", "Scope"),
    # n: the number of charts (chooses the form); units: how many units the level has
    "report.docx.scope_text": (
        {"one": "Raport przedstawia wskaźniki programu Korpus Solidarności na poziomie: {level} "
                "(jednostek: {units}) oraz dla całej Polski, na {n} wykresie z tabelami danych. Poniżej "
                "parametry zestawienia.",
         "few": "Raport przedstawia wskaźniki programu Korpus Solidarności na poziomie: {level} "
                "(jednostek: {units}) oraz dla całej Polski, na {n} wykresach z tabelami danych. Poniżej "
                "parametry zestawienia.",
         "many": "Raport przedstawia wskaźniki programu Korpus Solidarności na poziomie: {level} "
                 "(jednostek: {units}) oraz dla całej Polski, na {n} wykresach z tabelami danych. Poniżej "
                 "parametry zestawienia."},
        {"one": "The report shows the indicators of the Korpus Solidarności programme at the level: {level} "
                "({units} units) and for Poland as a whole, in {n} chart with its data table. The "
                "parameters of the report follow.",
         "other": "The report shows the indicators of the Korpus Solidarności programme at the level: {level} "
                  "({units} units) and for Poland as a whole, in {n} charts with their data tables. The "
                  "parameters of the report follow."}),
    "report.docx.field": ("Parametr", "Field"),
    "report.docx.value": ("Wartość", "Value"),
    "report.docx.method": ("Metoda i ochrona danych", "Method and data protection"),
    "report.docx.method_text": (
        "Wskaźniki obliczono zgodnie z kontraktem danych KS Atlas (wersja 1.1) z danych instytucji "
        "zarządzającej, partnerów regionalnych i lokalnych oraz wyciągu z Systemu Obsługi Wolontariatu (SOW).\n"
        "Wskaźniki stanu (np. liczba aktywnych koalicji, zarejestrowanych wolontariuszy) opisują stan na dzień "
        "{as_of}. Wskaźniki przepływowe (np. szkolenia, potwierdzone godziny) sumują zdarzenia z pełnych "
        "miesięcy okresu: {period}.\n"
        "Liczby osób i organizacji to liczby różnych osób lub organizacji w danej jednostce, a nie sumy "
        "jednostek niższego poziomu. Wskaźniki na mieszkańca dzielą przez ludność z GUS. Plany liczą się, "
        "gdy są przyjęte, w realizacji lub zakończone i trwają w dniu stanu danych.\n"
        "Mapy dzielą jednostki na klasy metodą kwantyli (w każdej klasie podobna liczba jednostek); "
        "jednostki bez danych i z danymi chronionymi mają osobne klasy.",
        "The indicators follow the KS Atlas data contract (version 1.1) and are computed from the data of "
        "the managing institution, the regional and local partners and an extract of the volunteer system "
        "(SOW).\n"
        "Stock indicators (e.g. active coalitions, registered volunteers) describe the state on {as_of}. "
        "Flow indicators (e.g. trainings, confirmed hours) add up events in the whole months of the "
        "period: {period}.\n"
        "Counts of people and organisations count distinct people or organisations in each unit, not sums "
        "of lower levels. Per-capita indicators divide by the population from Statistics Poland (GUS). "
        "Plans count when adopted, in progress or completed and running on the as-of date.\n"
        "Maps group the units in classes by quantiles (a similar number of units in each class); units "
        "without data and with protected data have classes of their own."),
    "report.docx.charts": ("Wykresy i tabele", "Charts and tables"),
    "report.docx.charts_intro": (
        "Każdy wykres ma podpis z definicją wskaźnika i tabelę danych. Wykresy w wyższej rozdzielczości "
        "(PNG, SVG) oraz pełne tabele (CSV, XLSX) są w pakiecie raportu.",
        "Each chart has a caption with the indicator's definition and its data table. Higher-resolution "
        "charts (PNG, SVG) and the full tables (CSV, XLSX) are in the report bundle."),
    "report.docx.figure": ("Rysunek", "Figure"),
    "report.docx.table": ("Tabela", "Table"),
    "report.docx.table_of": ("Dane wykresu: {title}", "Data of the chart: {title}"),
    "report.docx.no_image": ("Obraz wykresu niedostępny (serwer bez przeglądarki Chromium); wykres jest "
                             "w raporcie {html}.",
                             "Chart image unavailable (no Chromium browser on the server); the chart is in "
                             "{html}."),
    "report.docx.table_cut": ("Pokazano pierwsze {n} z {total} wierszy według miejsca w rankingu; pełna "
                              "tabela: {csv} i {xlsx}.",
                              "The first {n} of {total} rows by rank are shown; the full table: {csv} and "
                              "{xlsx}."),
    # n: the number of plans (chooses the form)
    "report.docx.plans_text": (
        {"one": "{n} plan rozwoju wolontariatu liczony w dniu stanu danych; realizacja i upływ czasu w procentach.",
         "few": "{n} plany rozwoju wolontariatu liczone w dniu stanu danych; realizacja i upływ czasu w procentach.",
         "many": "{n} planów rozwoju wolontariatu liczonych w dniu stanu danych; realizacja i upływ czasu w "
                 "procentach."},
        {"one": "{n} volunteering development plan counted on the as-of date; completion and elapsed time "
                "in percent.",
         "other": "{n} volunteering development plans counted on the as-of date; completion and elapsed "
                  "time in percent."}),
    "report.docx.files": ("Wszystkie wskaźniki dla wszystkich jednostek: {xlsx}; interaktywne wykresy: {html}.",
                          "Every indicator for every unit: {xlsx}; interactive charts: {html}."),
    "report.readme.docx": ("raport do edycji w Wordzie lub LibreOffice: wykresy z podpisami i tabelami, "
                           "zakres, metoda, ochrona danych, definicje",
                           "report to edit in Word or LibreOffice: charts with captions and tables, scope, "
                           "method, data protection, definitions"),
    "report.progress.docx": ("dokument Word", "Word document"),

    # --- README.txt (headings are underlined to their length; a "\n" starts a new line) -------------
    "report.readme.intro": ("Pakiet danych i wykresów do raportów ewaluacyjnych programu Korpus Solidarności.",
                            "Data and charts for evaluation reports of the Korpus Solidarności programme."),
    "report.readme.contents": ("ZAWARTOŚĆ", "CONTENTS"),
    "report.readme.html": ("interaktywny raport (otwórz w przeglądarce; działa bez internetu)",
                           "interactive report (open in a browser; works offline)"),
    "report.readme.png": ("wykresy do druku (ok. 300 dpi przy szerokości 17 cm)",
                          "charts for print (about 300 dpi at 17 cm wide)"),
    "report.readme.svg": ("te same wykresy jako grafika wektorowa (Word, Inkscape)",
                          "the same charts as vector graphics"),
    "report.readme.chart_csv": ("dane każdego wykresu (CSV dla polskiego Excela)",
                                "the data behind each chart (UTF-8 CSV)"),
    "report.readme.ind_csv": ("wskaźniki według jednostek: UTF-8, separator „,”, kropka dziesiętna",
                              "indicators by unit: UTF-8, ',' separator, decimal point"),
    "report.readme.ind_excel_pl": ("to samo dla polskiego Excela: separator „;”, przecinek dziesiętny",
                                   "the same for Polish Excel: ';' separator, decimal comma"),
    "report.readme.plans": ("plany rozwoju wolontariatu (stan na dzień)",
                            "volunteering development plans (as of the date)"),
    "report.readme.xlsx": ("skoroszyt Excel: wskaźniki, plany, trend, arkusze „Metadane” i „Definicje”",
                           "Excel workbook: indicators, plans, trend, 'Metadata' and 'Definitions' sheets"),
    "report.readme.definitions": ("definicje wskaźników (kod, nazwa, jednostka, definicja)",
                                  "indicator definitions (code, name, unit, definition)"),
    "report.readme.charts": ("WYKRESY", "CHARTS"),
    "report.readme.protection": ("OCHRONA MAŁYCH LICZEBNOŚCI", "SMALL-COUNT PROTECTION"),
    "report.readme.csv": ("JAK OTWORZYĆ CSV W POLSKIM EXCELU", "OPENING THE CSV FILES"),
    "report.readme.csv_text": (
        "* Pliki *_excel_pl.csv otwierają się poprawnie dwuklikiem: separator „;”, przecinek\n"
        "  dziesiętny, kodowanie UTF-8 z BOM (polskie znaki wyświetlają się poprawnie).\n"
        "* Pliki bez _excel_pl (separator „,”, kropka dziesiętna) służą do R, Pythona, SPSS itp.\n"
        "  W Excelu: Dane > Z tekstu/CSV, pochodzenie pliku 65001: Unicode (UTF-8), ogranicznik: przecinek.\n"
        "* Kody TERYT mają wiodące zera (np. 0201). Przy otwieraniu dwuklikiem Excel może je usunąć;\n"
        "  aby je zachować, użyj Dane > Z tekstu/CSV i ustaw typ kolumny TERYT na „Tekst” albo korzystaj\n"
        "  z pliku XLSX, w którym TERYT jest tekstem.\n"
        "* Udziały i indeksy podano w procentach (0–100). Puste komórki oznaczają brak danych.\n"
        "* Teksty zaczynające się od =, +, -, @ poprzedzono apostrofem (ochrona przed formułami).",
        "* *_excel_pl.csv files open by double-click in Excel with Polish regional settings\n"
        "  (';' separator, decimal comma, UTF-8 with BOM).\n"
        "* The other CSV files (',' separator, decimal point) suit R, Python, SPSS and Excel with\n"
        "  English regional settings; otherwise use Data > From Text/CSV, encoding 65001 UTF-8.\n"
        "* TERYT codes have leading zeros (0201): import the column as Text or use the XLSX file.\n"
        "* Shares and indices are percentages (0–100). Empty cells mean no data.\n"
        "* Text starting with =, +, -, @ is prefixed with an apostrophe (formula protection)."),
    "report.readme.source": ("ŹRÓDŁO", "SOURCE"),
    "report.readme.files": ("PLIKI W PAKIECIE", "FILES"),
}
