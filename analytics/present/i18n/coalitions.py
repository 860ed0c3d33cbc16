"""The Coalitions page (app_pages/coalitions.py)."""
from __future__ import annotations

STRINGS: dict = {
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
    "coalitions.list_title": (
        {"one": "**{where}**: {n} aktywna koalicja. Wybierz powiat na mapie, aby zawęzić listę.",
         "few": "**{where}**: {n} aktywne koalicje. Wybierz powiat na mapie, aby zawęzić listę.",
         "many": "**{where}**: {n} aktywnych koalicji. Wybierz powiat na mapie, aby zawęzić listę."},
        {"one": "**{where}**: {n} active coalition. Select a powiat on the map to narrow the list.",
         "other": "**{where}**: {n} active coalitions. Select a powiat on the map to narrow the list."}),
    "coalitions.col_name": ("Koalicja", "Coalition"),
    "coalitions.col_founded": ("Data powstania", "Founded"),
    "coalitions.col_members": ("Członkowie", "Members"),
    "coalitions.col_cross_sector": ("Międzysektorowa", "Cross-sector"),
    "coalitions.col_agreement": ("Porozumienie", "Agreement"),
    "coalitions.col_partner": ("Partner wspierający", "Supporting partner"),
}
