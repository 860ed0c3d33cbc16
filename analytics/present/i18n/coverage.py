"""The Coverage page (app_pages/coverage.py)."""
from __future__ import annotations

STRINGS: dict = {
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
    "coverage.white_spots_before_partners": (
        "Na dzień {date} nie działał jeszcze żaden partner lokalny: białe plamy nie są wyznaczane (każdy "
        "powiat jest wtedy bez partnera, a wolontariuszy nie było z kim porównać).",
        "On {date} no local partner was working yet: white spots are not determined (every powiat is "
        "without a partner then, and there were no volunteers to compare with)."),
    "coverage.population": ("Ludność", "Population"),
    "coverage.median_note": ("Mediana krajowa: {median} wolontariuszy na 10 tys. mieszkańców.",
                             "National median: {median} volunteers per 10k residents."),
}
