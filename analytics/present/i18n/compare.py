"""The Compare page (app_pages/compare.py)."""
from __future__ import annotations

STRINGS: dict = {
    "compare.caption": ("Zestaw obszar partnera, powiaty lub województwa z podobnymi jednostkami: wskaźnik po "
                        "wskaźniku, z medianą grupy porównawczej, województwem i Polską.",
                        "Set a partner's area, powiats or voivodeships against similar units: indicator by "
                        "indicator, with the peer median, the voivodeship and Poland."),
    "compare.areas": ("Obszary do porównania", "Areas to compare"),
    "compare.areas_placeholder": ("Wpisz nazwę partnera, powiatu lub województwa",
                                  "Type a partner, powiat or voivodeship name"),
    "compare.areas_help": (
        {"one": "Do {n} obszaru obok siebie. Obszar partnera lokalnego to jego powiaty na dzień stanu; "
                "partnera regionalnego – całe województwo.",
         "few": "Do {n} obszarów obok siebie. Obszar partnera lokalnego to jego powiaty na dzień stanu; "
                "partnera regionalnego – całe województwo.",
         "many": "Do {n} obszarów obok siebie. Obszar partnera lokalnego to jego powiaty na dzień stanu; "
                 "partnera regionalnego – całe województwo."},
        {"one": "Up to {n} area side by side. A local partner's area is its powiats on the as-of date; "
                "a regional partner's is the whole voivodeship.",
         "other": "Up to {n} areas side by side. A local partner's area is its powiats on the as-of date; "
                  "a regional partner's is the whole voivodeship."}),
    "compare.option_partner_local": ("Partner lokalny: {name} ({voivodeship})",
                                     "Local partner: {name} ({voivodeship})"),
    "compare.option_partner_regional": ("Partner regionalny: {name} ({voivodeship})",
                                        "Regional partner: {name} ({voivodeship})"),
    "compare.option_voivodeship": ("Województwo: {name}", "Voivodeship: {name}"),
    "compare.option_powiat": ("Powiat: {name} ({voivodeship})", "Powiat: {name} ({voivodeship})"),
    "compare.unit_powiat": ("pow. {name}", "powiat {name}"),
    "compare.unit_city": ("m. {name}", "city of {name}"),
    "compare.unit_voivodeship": ("woj. {name}", "{name} voivodeship"),
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
    "compare.too_many": (
        {"one": "Można porównać najwyżej {n} obszar. Usuń go z listy, aby dodać własny obszar.",
         "few": "Można porównać najwyżej {n} obszary. Usuń jeden z listy, aby dodać własny obszar.",
         "many": "Można porównać najwyżej {n} obszarów. Usuń jeden z listy, aby dodać własny obszar."},
        {"one": "At most {n} area can be compared. Remove it from the list to add your own area.",
         "other": "At most {n} areas can be compared. Remove one from the list to add your own area."}),
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
    # downloads (CSV / XLSX): numbers in their own columns, the assessment beside them
    "compare.col_unit": ("Jednostka", "Unit"),
    "compare.col_assessment_of": ("{name} – ocena", "{name} – assessment"),
    "compare.col_rank_place": ("Miejsce w grupie", "Rank in group"),
    "compare.col_rank_last": ("Miejsce w grupie – do (ex aequo)", "Rank in group – to (ties)"),
    "compare.col_rank_of": ("Liczba jednostek w grupie", "Units in group"),
    "compare.col_percentile_export": ("Lepiej niż … grupy (%)", "Better than … of the group (%)"),
    "compare.assess_strength": ("mocna strona (górna ćwiartka grupy)", "strength (top quarter of the group)"),
    "compare.assess_weakness": ("do poprawy (dolna ćwiartka grupy)", "to improve (bottom quarter of the group)"),
    "compare.rank_help": ("1. = najlepszy wynik w grupie porównawczej; miejsca ex aequo podane jako zakres "
                          "(„4.–7. z 12”: cztery jednostki z tym samym wynikiem).",
                          "1 = the best result in the peer group; ties given as a range "
                          "(“4–7 of 12”: four units with the same result)."),
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
    "compare.section_tables": ("Wskaźniki", "Indicators"),
    "compare.section_peers": ("Na tle grupy", "Against the peer group"),
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
}
