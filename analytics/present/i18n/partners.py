"""The Partners page (app_pages/partners.py) and its charts (analytics/present/partner_figures.py)."""
from __future__ import annotations

STRINGS: dict = {
    "page.partners": ("Partnerzy", "Partners"),
    "partners.intro": ("Rejestr partnerów regionalnych i lokalnych Korpusu Solidarności, ich działanie w kolejnych "
                       "edycjach, zasięg w czasie i profil każdego partnera. Liczby partnerów, koalicji i działań "
                       "są dokładne dla każdego użytkownika (nie dotyczą osób).",
                       "The register of Korpus Solidarności's regional and local partners, their work across the "
                       "editions, coverage over time and each partner's profile. Counts of partners, coalitions "
                       "and activities are exact for every user (they are not about people)."),
    "partners.headline": ("{where} — stan na {date}", "{where} — as of {date}"),
    "partners.none": ("Dane nie zawierają żadnego partnera.", "The data holds no partner."),
    "partners.none_match": ("Żaden partner nie spełnia wybranych warunków.", "No partner matches the filters."),
    "partners.none_yet": ("Przed {date} nie działał jeszcze żaden partner.", "No partner worked before {date}."),
    "partners.tab_register": ("Rejestr", "Register"),
    "partners.tab_timeline": ("Oś czasu", "Timeline"),
    "partners.tab_history": ("Zasięg w czasie", "Coverage over time"),
    "partners.tab_maps": ("Mapy edycji", "Edition maps"),
    "partners.tab_profile": ("Profil partnera", "Partner profile"),
    # register
    "partners.filter_name": ("Szukaj w nazwie", "Search the name"),
    "partners.filter_name_hint": ("np. Centrum Wolontariatu", "e.g. Centrum Wolontariatu"),
    "partners.filter_all": ("wszystkie", "all"),
    "partners.filter_active": ("Tylko aktywni", "Active only"),
    "partners.filter_active_help": ("Partnerzy, których umowa trwa w dniu {date} (data stanu).",
                                    "Partners whose partnership runs on {date} (the as-of date)."),
    "partners.register_count": ({"one": "{n} partner z {total} w rejestrze.",
                                 "few": "{n} partnerów z {total} w rejestrze.",
                                 "many": "{n} partnerów z {total} w rejestrze."},
                                {"one": "{n} partner of {total} in the register.",
                                 "other": "{n} partners of {total} in the register."}),
    "partners.col_name": ("Nazwa", "Name"),
    "partners.col_tier": ("Poziom", "Tier"),
    "partners.col_edition": ("Edycja", "Edition"),
    "partners.col_start": ("Początek", "Start"),
    "partners.col_end": ("Koniec", "End"),
    "partners.col_period": ("Okres", "Period"),
    "partners.col_grant": ("Dotacja (zł)", "Grant (PLN)"),
    "partners.col_area": ("Obszar działania", "Area"),
    "partners.col_active": ("Aktywny w dniu stanu", "Active on the as-of date"),
    "partners.yes": ("tak", "yes"),
    "partners.no": ("nie", "no"),
    "partners.ongoing": ("trwa", "ongoing"),
    "partners.whole_voivodeship": ("całe województwo {name}", "the whole {name} voivodeship"),
    "partners.tier_plural.regional": ("Partnerzy regionalni", "Regional partners"),
    "partners.tier_plural.local": ("Partnerzy lokalni", "Local partners"),
    # timeline
    "partners.timeline_title": ("Partnerzy według województw w kolejnych edycjach",
                                "Partners by voivodeship across the editions"),
    "partners.timeline_help": ("Każdy pas to województwo siedziby: u góry partner regionalny, pod nim partnerzy "
                               "lokalni (każdy na osobnym torze, gdy działali równocześnie). Linie kropkowane "
                               "oznaczają początek edycji, pomarańczowa linia – datę stanu (do niej sięgają "
                               "partnerstwa bez daty końca).",
                               "Each band is a seat voivodeship: its regional partner on top, its local partners "
                               "below (each on its own lane when they worked at the same time). Dotted lines mark "
                               "the start of each edition, the orange line the as-of date (partnerships without "
                               "an end date reach up to it)."),
    "partners.by_edition_title": ("Liczba partnerów według województwa siedziby i edycji",
                                  "Partners by seat voivodeship and edition"),
    "partners.cell": ("{r} reg. · {l} lok.", "{r} reg. · {l} local"),
    # coverage over time
    "partners.history_help": ("Każdy punkt to stan na koniec miesiąca (w ostatnim miesiącu: na datę stanu), "
                              "liczony tak samo jak na pozostałych stronach.",
                              "Each point is the state at the month's end (in the last month: on the as-of "
                              "date), computed as on every other page."),
    "partners.compare_voivodeships": ("Porównaj z województwami (do 4)", "Compare with voivodeships (up to 4)"),
    "partners.pick_voivodeships": ("wybierz województwa", "choose voivodeships"),
    "partners.history_title": ("{label} w czasie", "{label} over time"),
    "partners.heat_title": ("{label} — województwa miesiąc po miesiącu", "{label} — voivodeships month by month"),
    # maps
    "partners.maps_editions_title": ("Pokrycie w kolejnych edycjach", "Coverage in each edition"),
    "partners.moment": ("Moment edycji", "Moment of the edition"),
    "partners.moment_first_day": ("początek", "start"),
    "partners.moment_all_started": ("wszyscy partnerzy rozpoczęli", "all partners started"),
    "partners.moment_last_day": ("koniec", "end"),
    "partners.moment_help": ("Początek: pierwszy dzień edycji (najwcześniejsza data rozpoczęcia jej partnerów; "
                             "partnerzy lokalni zwykle zaczynają kilka tygodni później). Wszyscy rozpoczęli: "
                             "dzień, w którym zaczął ostatni partner edycji. Koniec: jej ostatni dzień. Nigdy "
                             "później niż data stanu.",
                             "Start: the edition's first day (the earliest start of its partners; local partners "
                             "usually start a few weeks later). All started: the day its last partner started. "
                             "End: its last day. Never later than the as-of date."),
    "partners.map_edition_title": ("Edycja {edition}", "Edition {edition}"),
    "partners.maps_slider_title": ("Pokrycie w wybranym miesiącu", "Coverage in a chosen month"),
    "partners.slider": ("Miesiąc", "Month"),
    "partners.slider_help": ("Stan na ostatni dzień miesiąca (w ostatnim miesiącu: na datę stanu).",
                             "The state on the month's last day (in the last month: on the as-of date)."),
    "partners.map_at_title": ("Pokrycie partnerami na {date}", "Partner coverage on {date}"),
    "partners.map_legend": ("Pokrycie", "Coverage"),
    "partners.cat_local": ("partner lokalny", "local partner"),
    "partners.cat_regional": ("tylko partner regionalny", "regional partner only"),
    "partners.cat_none": ("brak partnera", "no partner"),
    # profile
    "partners.choose": ("Partner", "Partner"),
    "partners.field": ("Pole", "Field"),
    "partners.value": ("Wartość", "Value"),
    "partners.profile_not_active": ("Partner nie działa w dniu stanu; obszar pokazano na {date}.",
                                    "The partner is not active on the as-of date; its area is shown on {date}."),
    "partners.area_title": ("Obszar działania partnera", "The partner's area"),
    "partners.area_legend": ("obszar partnera", "partner's area"),
    "partners.outside_legend": ("poza obszarem", "outside the area"),
    "partners.no_area": ("Partner nie ma w tym dniu obszaru działania.", "The partner has no area on that date."),
    "partners.plans_title": ("Plan rozwoju wolontariatu", "Volunteering development plan"),
    "partners.no_plan": ("Partner nie ma planu liczonego w dniu stanu.",
                         "The partner has no plan counted on the as-of date."),
    "partners.plan_link": ("Wskaźniki planu na stronie Plany rozwoju", "The plan's indicators on the Development plans page"),
    "partners.coalitions_title": ("Koalicje wspierane przez partnera", "Coalitions the partner supports"),
    "partners.no_coalitions": ("Partner nie wspiera żadnej koalicji.", "The partner supports no coalition."),
    "partners.col_coalition": ("Koalicja", "Coalition"),
    "partners.col_founded": ("Założona", "Founded"),
    "partners.col_dissolved": ("Rozwiązana", "Dissolved"),
    "partners.col_members": ("Członkowie w dniu stanu", "Members on the as-of date"),
    "partners.teams_title": ("Zespoły zadaniowe", "Task teams"),
    "partners.no_teams": ("Partner nie należał do żadnego zespołu zadaniowego.", "The partner has sat on no task team."),
    "partners.col_team": ("Zespół", "Team"),
    "partners.col_team_area": ("Obszar", "Field"),
    "partners.col_joined": ("Od", "From"),
    "partners.col_left": ("Do", "To"),
    "partners.col_team_active": ("Członek w dniu stanu", "Member on the as-of date"),
    "partners.activities_title": ("Działania partnera", "The partner's activities"),
    "partners.no_activities": ("Dane nie zawierają działań tego partnera.", "The data holds no activity of this partner."),
    "partners.activities_label": ("Działania", "Activities"),
    "partners.activities_chart_title": ("Działania według roku i rodzaju", "Activities by year and type"),
}
