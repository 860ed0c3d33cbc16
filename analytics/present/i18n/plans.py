"""The Development plans page (app_pages/plans.py)."""
from __future__ import annotations

STRINGS: dict = {
    "plans.intro": ("Regionalne i Lokalne Plany Rozwoju Wolontariatu: stopień realizacji wskaźników "
                    "na tle upływu czasu planu. Światło zielone – realizacja nie mniejsza niż upływ czasu; "
                    "żółte – co najmniej 75% upływu czasu; czerwone – mniej.",
                    "Regional and Local Volunteering Development Plans: indicator completion against the "
                    "time elapsed. Green – completion at least the elapsed share; amber – at least 75% of "
                    "it; red – less."),
    "plans.headline": ("{where} — plany na {date}", "{where} — plans as of {date}"),
    "plans.counted": ("Plany trwające", "Running plans"),
    "plans.counted_help": ("Plany przyjęte, w realizacji lub zakończone, których okres obejmuje datę stanu "
                           "(rozpoczęte i jeszcze niezakończone). Tylko one liczą się do wskaźników planów "
                           "na mapie i na stronie Przegląd.",
                           "Plans adopted, in progress or completed whose period covers the as-of date "
                           "(started and not yet ended). Only these count in the plan indicators on the "
                           "map and on the Overview."),
    "plans.on_track": ("Zgodne z planem", "On track"),
    "plans.tab_ended": ("Zakończone plany", "Ended plans"),
    "plans.running_help": ("Plany trwające {date}: te same, z których liczone są wskaźniki planów na mapie "
                           "i na stronie Przegląd. Plany poprzednich edycji są w zakładce „Zakończone plany”.",
                           "Plans running on {date}: the same plans the plan indicators on the map and the "
                           "Overview are computed from. Earlier editions' plans are under “Ended plans”."),
    "plans.no_running": ("Żaden plan nie trwa {date}.", "No plan is running on {date}."),
    "plans.ended_help": ("Plany, których okres zakończył się przed {date} (np. poprzednich edycji), z wynikiem "
                         "końcowym: realizacja według ostatniego sprawozdania. Nie liczą się do wskaźników "
                         "planów.",
                         "Plans whose period ended before {date} (e.g. earlier editions), with their final "
                         "outcome: completion by the last report. They do not count in the plan indicators."),
    "plans.no_ended": ("Żaden plan nie zakończył się przed {date}.", "No plan ended before {date}."),
    "plans.ended_summary": (
        {"one": "{n} zakończony plan: cel osiągnięty w pełni – {full}, w 75–99% – {most}, poniżej 75% – {less}.",
         "few": "{n} zakończone plany: cel osiągnięty w pełni – {full}, w 75–99% – {most}, poniżej 75% – {less}.",
         "many": "{n} zakończonych planów: cel osiągnięty w pełni – {full}, w 75–99% – {most}, poniżej 75% – {less}."},
        {"one": "{n} ended plan: targets fully reached – {full}, 75–99% – {most}, below 75% – {less}.",
         "other": "{n} ended plans: targets fully reached – {full}, 75–99% – {most}, below 75% – {less}."}),
    "plans.col_outcome": ("Wynik końcowy", "Final outcome"),
    "plans.outcome_green": ("cel osiągnięty", "target reached"),
    "plans.outcome_amber": ("osiągnięty w 75–99%", "75–99% reached"),
    "plans.outcome_red": ("poniżej 75%", "below 75%"),
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
}
