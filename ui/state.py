"""Global view state (language, level, voivodeship, as-of date, period, selected unit), mirrored in
the URL so a view can be shared as a link. Invalid URL values fall back to defaults silently.

The state lives in st.session_state under the keys of PARAMS; widgets are bound to those keys, so a
selection made on one page carries to the others.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import streamlit as st

from analytics.data import reference
from analytics.metrics.dates import cap_as_of, last_complete_month, period_ending, period_is_complete, year_earlier

LANGS = ("pl", "en")
LEVELS = ("voivodeship", "powiat")
PERIOD_MONTHS = (1, 3, 6, 12, 24, 36)
PARAMS = ("lang", "level", "woj", "as_of", "period", "unit", "plan")
PLAN_ID = re.compile(r"[A-Za-z0-9_.\-]{1,64}")  # the page checks the viewer may see the plan
ALL = "PL"  # the voivodeship filter's "all of Poland" (a select box cannot hold None as a choice)


@dataclass(frozen=True)
class View:
    lang: str
    level: str
    voivodeship: str | None      # None = all of Poland
    as_of: dt.date
    period_months: int
    unit: str | None             # the unit the user selected (a voivodeship or powiat TERYT)
    data_as_of: dt.date          # the latest date in the data (the default as-of)

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        return period_ending(self.as_of, self.period_months)

    @property
    def period_complete(self) -> bool:
        """False when the period reaches past the data's last complete month (its flows are then
        partly reported; analytics/metrics/dates.py)."""
        return period_is_complete(self.period, self.data_as_of)

    @property
    def last_complete_month(self) -> dt.date:
        return last_complete_month(self.data_as_of)

    def year_earlier(self) -> tuple[dt.date, tuple[dt.date, dt.date]]:
        """The same as-of date a year earlier (29 Feb -> 28 Feb) and its period of the same length
        (analytics/metrics/dates.py)."""
        before = year_earlier(self.as_of)
        return before, period_ending(before, self.period_months)

    def focus(self) -> tuple[str, str]:
        """The unit a page's headline describes, as (level, TERYT): the selected powiat (when it lies
        in the voivodeship filter), else the voivodeship filter, else Poland."""
        if self.unit and len(self.unit) == 4 and (not self.voivodeship or self.unit[:2] == self.voivodeship):
            return "powiat", self.unit
        if self.voivodeship:
            return "voivodeship", self.voivodeship
        return "country", "PL"

    @property
    def map_level(self) -> str:
        """A voivodeship filter always shows its powiats."""
        return "powiat" if self.voivodeship else self.level


def _valid_date(text, lo: dt.date, hi: dt.date) -> dt.date | None:
    try:
        d = dt.date.fromisoformat(str(text))
    except ValueError:
        return None
    return d if lo <= d <= hi else None


def parse(params: dict, data_as_of: dt.date) -> dict:
    """Turn URL parameters into valid state values; anything unknown or malformed takes its default."""
    lo = dt.date(2018, 1, 1)
    woj = params.get("woj")
    unit = params.get("unit")
    period = params.get("period")
    return {
        "lang": params.get("lang") if params.get("lang") in LANGS else "pl",
        "level": params.get("level") if params.get("level") in LEVELS else "voivodeship",
        "woj": woj if woj in reference.voivodeship_codes() else ALL,
        # A date after the latest data is capped to it (quietly): later months are not reported yet.
        "as_of": cap_as_of(_valid_date(params.get("as_of"), lo, dt.date.max) or data_as_of, data_as_of),
        "period": int(period) if str(period).isdigit() and int(period) in PERIOD_MONTHS else 12,
        "unit": unit if unit in reference.powiat_codes() or unit in reference.voivodeship_codes() else None,
        "plan": params.get("plan") if PLAN_ID.fullmatch(str(params.get("plan") or "")) else None,
    }


def init(data_as_of: dt.date) -> None:
    """Once per session: seed the state from the URL (the URL's page-level parameters are kept for
    the page's controls, `bind`). Every run: forget the previous run's page bindings, and keep the
    as-of date within the data."""
    s = st.session_state
    s["_page_url"] = {}
    s["_page_url_values"] = {}
    if s.get("_state_ready"):
        if isinstance(s.get("as_of"), dt.date) and s["as_of"] > data_as_of:
            s["as_of"] = data_as_of
        return
    values = parse({k: st.query_params.get(k) for k in PARAMS}, data_as_of)
    st.session_state["_url_params"] = st.query_params.to_dict()  # pages' own parameters (Compare: areas, peers)
    for k, v in values.items():
        s[k] = v
    s["_url_initial"] = {k: st.query_params.get(k) for k in st.query_params if k not in PARAMS}
    s["_url_had_view"] = bool(values["woj"] != ALL or values["unit"])
    s["_url_seeded"] = set()
    s["_state_ready"] = True


def bind(name: str, key: str, choices, default, *, to_url=str, from_url=None) -> None:
    """Mirror a page's control (session key `key`, one of `choices`) in the URL as `name`. The
    first time the control is drawn in a session, a valid URL value seeds it (an invalid one is
    ignored: the control keeps `default`); afterwards the control's value is written back to the URL
    (left out when it is the default). Call before the widget is created."""
    s = st.session_state
    choices = list(choices)
    seeded = s.setdefault("_url_seeded", set())
    if key not in seeded:
        seeded.add(key)
        raw = s.get("_url_initial", {}).get(name)
        if raw is not None:
            value = from_url(raw) if from_url else next((c for c in choices if to_url(c) == raw), None)
            if value in choices:
                s[key] = value
    if key not in s or s[key] not in choices:
        s[key] = default
    s.setdefault("_page_url", {})[name] = (key, to_url(default), to_url)


def put_url(name: str, value: str | None) -> None:
    """A page's own view value for the URL this run (e.g. the Compare page's areas), for values that
    are not one control's (`bind`); empty values are left out. sync_url writes it after the page."""
    st.session_state.setdefault("_page_url_values", {})[name] = value


def sync_url(data_as_of: dt.date | None = None) -> None:
    """Write the state back to the URL (defaults left out to keep links short; an as-of date equal
    to the latest data is left out too, so such a link keeps showing the latest data)."""
    values = {
        "lang": st.session_state.get("lang"),
        "level": st.session_state.get("level"),
        "woj": st.session_state.get("woj"),
        "as_of": st.session_state.get("as_of").isoformat() if st.session_state.get("as_of") else None,
        "period": str(st.session_state.get("period")),
        "unit": st.session_state.get("unit"),
        "plan": st.session_state.get("plan"),
    }
    defaults = {"lang": "pl", "level": "voivodeship", "period": "12", "woj": ALL}
    if data_as_of is not None:
        defaults["as_of"] = data_as_of.isoformat()
    wanted = {k: v for k, v in values.items() if v and defaults.get(k) != v}
    for name, (key, default, to_url) in st.session_state.get("_page_url", {}).items():  # bind()
        value = st.session_state.get(key)
        if value is not None and to_url(value) != default:
            wanted[name] = to_url(value)
    wanted.update({k: v for k, v in st.session_state.get("_page_url_values", {}).items() if v})  # put_url()
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def current(data_as_of: dt.date) -> View:
    s = st.session_state
    woj = s["woj"] if s["woj"] in reference.voivodeship_codes() else None
    return View(s["lang"], s["level"], woj, cap_as_of(s["as_of"], data_as_of), s["period"], s["unit"], data_as_of)


def focus_partner(user, scope) -> None:
    """A partner's session opens on its own area: the first time a partner is seen in the session
    (or the demo switches to another partner), the voivodeship filter becomes the partner's seat and,
    for a partner working in one powiat, that powiat is selected - unless the URL named a view.
    Called before the sidebar's controls are drawn."""
    s = st.session_state
    partner = getattr(user, "partner_id", None) if getattr(user, "role", None) == "partner" else None
    if partner is None or s.get("_focused_partner") == partner:
        return
    first = "_focused_partner" not in s
    s["_focused_partner"] = partner
    if first and s.get("_url_had_view"):
        return  # a link's own view wins
    powiats = sorted(getattr(scope, "powiats", None) or ())
    woj = getattr(scope, "voivodeship", None)
    if woj not in reference.voivodeship_codes():
        woj = powiats[0][:2] if powiats and len({p[:2] for p in powiats}) == 1 else None
    s["woj"] = woj or ALL
    s["unit"] = powiats[0] if len(powiats) == 1 else None
