"""The Network and activities page (app_pages/network.py) and the indicator group it shows."""
from __future__ import annotations

STRINGS: dict = {
    # the indicator group of analytics/metrics/catalogue.py (catalogue.GROUPS)
    "group.network": ("Sieć i działania", "Network and activities"),
}
