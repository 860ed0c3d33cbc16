"""The Development plans page (app_pages/plans.py)."""
from __future__ import annotations

STRINGS: dict = {
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
}
