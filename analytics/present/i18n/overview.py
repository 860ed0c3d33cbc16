"""The Overview page (app_pages/overview.py)."""
from __future__ import annotations

STRINGS: dict = {
    "overview.headline": ("{where} — stan na {date}", "{where} — as of {date}"),
    "overview.map_title": ("Mapa wskaźnika", "Indicator map"),
}
