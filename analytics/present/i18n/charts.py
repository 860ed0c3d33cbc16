"""Maps, legends and charts (analytics/present/figures.py, ui/widgets.py): legend and tooltip
words, the table behind a chart, units, the plan status lights, the one-sentence text alternative
under each map and the source line."""
from __future__ import annotations

from analytics.data import reference

STRINGS: dict = {
    # --- legends, maps and charts --------------------------------------------------------------------
    "legend.no_data": ("brak danych", "no data"),
    "legend.suppressed": ("{label} / dane chronione", "{label} / protected data"),
    "legend.suppressed_help": ("Liczby mniejsze niż {n} są ukryte, aby chronić prywatność.",
                               "Counts below {n} are hidden to protect privacy."),
    # the one vocabulary of empty cells (formatting.format_cell), in a legend line where it appears
    "legend.symbol_zero": ("– = nic się nie wydarzyło (0)", "– = nothing happened (0)"),
    "legend.symbol_no_data": ("brak danych = brak danych lub nie dotyczy (np. brak koalicji, brak liczby "
                              "ludności, tabela nie dostarczona)",
                              "no data = no data or not applicable (e.g. no coalition, no population, "
                              "table not provided)"),
    "legend.symbol_protected": ("{symbols} = dane chronione (mała liczba osób)",
                                "{symbols} = protected (a small number of people)"),
    "legend.reason_no_coalition": ("nie dotyczy: brak koalicji", "not applicable: no coalition"),
    "legend.reason_no_plan": ("nie dotyczy: brak planu", "not applicable: no plan"),
    "legend.reason_nothing_logged": ("nie dotyczy: nie zgłoszono godzin", "not applicable: no hours logged"),
    "legend.reason_no_table": ("tabela SOW nie została dostarczona", "the SOW table was not provided"),
    "legend.reason_no_population": ("brak liczby ludności", "no population"),
    "legend.reason_not_applicable": ("nie dotyczy", "not applicable"),
    "legend.classes": ("Klasy", "Classes"),
    "legend.units_in_class": ("liczba jednostek", "number of units"),
    "map.rank": ("{rank}. z {n}", "{rank} of {n}"),
    "map.rank_tied": ("{rank}.–{last}. z {n}", "{rank}–{last} of {n}"),
    "map.rank_label": ("Miejsce", "Rank"),
    "map.value": ("Wartość", "Value"),
    "map.class": ("Klasa", "Class"),
    "chart.teryt_code": ("Kod TERYT", "TERYT code"),
    "legend.title": ("Legenda", "Legend"),
    "legend.deck_title": ("Wysokość i kolor kolumny: {label}", "Column height and colour: {label}"),
    "legend.deck_no_column": ("Powiat bez kolumny: brak danych albo dane chronione (mała liczba osób).",
                              "A powiat without a column: no data, or protected (a small count of people)."),
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

    # --- units ---------------------------------------------------------------------------------------
    "unit.count": ("liczba", "number"),
    "unit.share": ("udział (%)", "share (%)"),
    "unit.index": ("indeks (%)", "index (%)"),
    "unit.per_10k": ("na 10 tys. mieszkańców", "per 10,000 inhabitants"),
    "unit.per_100k": ("na 100 tys. mieszkańców", "per 100,000 inhabitants"),
    "unit.hours": ("godziny", "hours"),
    "unit.number": ("wartość", "value"),

    # --- status lights -------------------------------------------------------------------------------
    "status.green": ("zielony", "green"),
    "status.amber": ("żółty", "amber"),
    "status.red": ("czerwony", "red"),
    "status.green_help": ("realizacja zgodna z planem", "on track"),
    "status.amber_help": ("wymaga uwagi", "needs attention"),
    "status.red_help": ("zagrożona realizacja", "at risk"),
    "status.none": ("brak oceny", "not rated"),

    # --- the sentence under each map (WCAG 1.1.1 text alternative, ui/widgets.chart_summary) ----------
    "summary.range": ("Najwyższa wartość: {hi}; najniższa: {lo}.", "Highest value: {hi}; lowest: {lo}."),
    "summary.one": ("Wartość: {hi}.", "Value: {hi}."),
    # a tie: the places it shares, as in the table and the tooltip ({places}: map.rank_tied)
    "summary.tied": ("miejsca {places} ex aequo, m.in. {name}", "tied {places}, e.g. {name}"),
    "summary.tied_count": ({"one": "jednostek: {n}, m.in. {name}", "few": "jednostek: {n}, m.in. {name}",
                            "many": "jednostek: {n}, m.in. {name}"},
                           {"one": "{n} unit, e.g. {name}", "other": "{n} units, e.g. {name}"}),
    "summary.missing": ("Bez danych: {n}.", "No data: {n}."),
    "summary.hidden": ("Dane ukryte: {n}.", "Suppressed: {n}."),
    "summary.none": ("Na mapie nie ma żadnej wartości do pokazania.", "The map has no value to show."),
    "summary.counts": ("Liczba jednostek: {items}.", "Units: {items}."),

    # --- sources ---------------------------------------------------------------------------------------
    # population and boundaries (GUS, GUGiK): the wording lives beside the reference data it names
    "source.attribution": (reference.ATTRIBUTION, reference.ATTRIBUTION_EN),
}
