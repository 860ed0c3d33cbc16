"""The Network and activities page (app_pages/network.py), its indicator group and the task-team
fields of the data contract (v1.1)."""
from __future__ import annotations

STRINGS: dict = {
    # the page and the indicator group of analytics/metrics/catalogue.py (catalogue.GROUPS)
    "page.network": ("Sieć i działania", "Network and activities"),
    "group.network": ("Sieć i działania", "Network and activities"),
    # the fields of the programme's task teams (task_teams.area)
    "task_team_area.training": ("szkolenia", "training"),
    "task_team_area.promotion": ("promocja wolontariatu", "promotion of volunteering"),
    "task_team_area.networking": ("sieciowanie partnerów", "networking of partners"),
    "task_team_area.coalitions": ("koalicje na rzecz wolontariatu", "coalitions for volunteering"),
    "task_team_area.institutions": ("wolontariat w instytucjach", "volunteering in institutions"),
    "task_team_area.sow": ("System Obsługi Wolontariatu", "volunteer management system (SOW)"),
    "task_team_area.other": ("inne", "other"),

    "network.intro": ("Jak partnerzy budują sieć: spotkania sieciujące i spotkania koalicji, promocja "
                      "wolontariatu, szkolenia, projekty lokalne, programy w instytucjach, wsparcie dla "
                      "organizatorów wolontariatu i zespoły zadaniowe programu. Liczby dotyczą działań i "
                      "organizacji, nie osób, dlatego są dokładne dla każdego odbiorcy.",
                      "How partners build the network: network and coalition meetings, promotion of "
                      "volunteering, trainings, local projects, institution programmes, support to "
                      "volunteering organisers and the programme's task teams. The numbers count activities "
                      "and organisations, not people, so they are exact for every viewer."),
    "network.headline": ("{where} — działania za {p0} – {p1}, zespoły zadaniowe na {date}",
                         "{where} — activities {p0} – {p1}, task teams as of {date}"),
    "network.no_activities": ("Brak tabeli działań partnerów (activities) w danych: mapy, trendy i lista "
                              "działań wymagają tej tabeli.",
                              "The data has no partner activities table (activities): the maps, trends "
                              "and the list of activities need it."),
    "network.tab_map": ("Mapa", "Map"),
    "network.tab_trends": ("Trendy miesięczne", "Monthly trends"),
    "network.tab_activities": ("Działania", "Activities"),
    "network.tab_teams": ("Zespoły zadaniowe", "Task teams"),
    "network.trend_help_flow": ("Liczba działań w każdym miesiącu.", "The number of activities in each month."),
    "network.trend_help_stock": ("Stan na koniec każdego miesiąca (ostatni punkt: data stanu).",
                                 "The state at each month's end (the last point: the as-of date)."),
    "network.sectors_title": ("Programy wolontariatu w instytucjach według rodzaju instytucji",
                              "Institution volunteering programmes by kind of institution"),
    "network.sectors_help": ("Programy wprowadzające wolontariat do lokalnych instytucji w wybranym okresie, "
                             "według rodzaju instytucji (pomoc społeczna, kultura, sport, edukacja, zdrowie).",
                             "Programmes bringing volunteering into local institutions in the chosen period, "
                             "by kind of institution (welfare, culture, sport, education, health)."),
    "network.no_programmes": ("Brak programów w instytucjach w wybranym okresie.",
                              "No institution programmes in the chosen period."),
    "network.list_title": ("Lista działań — {where}", "Activities — {where}"),
    "network.list_filter": ("Rodzaj działań", "Kind of activity"),
    "network.list_all": ("wszystkie rodzaje", "every kind"),
    "network.list_count": ({"one": "{n} działanie w okresie {p0} – {p1}.",
                            "few": "{n} działania w okresie {p0} – {p1}.",
                            "many": "{n} działań w okresie {p0} – {p1}."},
                           {"one": "{n} activity in {p0} – {p1}.",
                            "other": "{n} activities in {p0} – {p1}."}),
    "network.no_activities_listed": ("Brak działań tego rodzaju w wybranym okresie i obszarze.",
                                     "No activities of this kind in the chosen period and area."),
    "network.col_date": ("Data", "Date"),
    "network.col_type": ("Rodzaj działania", "Activity"),
    "network.col_audience": ("Adresaci", "Audience"),
    "network.col_sector": ("Rodzaj instytucji", "Kind of institution"),
    "network.col_partner": ("Partner", "Partner"),
    "network.no_teams": ("Dane nie zawierają zespołów zadaniowych (tabele task_teams i task_team_members "
                         "są opcjonalne).",
                         "The data has no task teams (the task_teams and task_team_members tables are "
                         "optional)."),
    "network.teams_count": ({"one": "{n} działający zespół zadaniowy na {date}.",
                             "few": "{n} działające zespoły zadaniowe na {date}.",
                             "many": "{n} działających zespołów zadaniowych na {date}."},
                            {"one": "{n} active task team as of {date}.",
                             "other": "{n} active task teams as of {date}."}),
    "network.col_team": ("Zespół zadaniowy", "Task team"),
    "network.col_field": ("Dziedzina", "Field"),
    "network.col_founded": ("Powołany", "Founded"),
    "network.col_dissolved": ("Rozwiązany", "Dissolved"),
    "network.col_active": ("Działa w dniu stanu", "Active on the as-of date"),
    "network.col_members": ("Partnerzy w zespole", "Partners on the team"),
    "network.members_help": ("Partnerzy w zespole: partnerzy działający w dniu stanu, których członkostwo "
                             "w zespole wtedy trwa.",
                             "Partners on the team: partners active on the as-of date whose membership of "
                             "the team then runs."),
    "network.members_title": ("Członkowie zespołów", "Team members"),
    "network.members_only_active": ("Tylko członkostwa trwające {date}", "Only memberships running on {date}"),
    "network.no_members": ("Brak członkostw do pokazania.", "No memberships to show."),
    "network.col_tier": ("Poziom partnera", "Partner tier"),
    "network.col_joined": ("Od", "From"),
    "network.col_left": ("Do", "Until"),
    "network.teams_map_title": ("Partnerzy w zespołach zadaniowych na mapie", "Partners in task teams on a map"),
}
