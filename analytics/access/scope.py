"""What a signed-in user may see, and the entry points that give each viewer its numbers.

Roles (analytics/access/auth.py): 'institution' (NIW-CRSO) sees exact values; everyone else -
'partner' (in its own area too), 'evaluator', 'public' / None (not signed in) - and every export
sees protected values (data contract section 4; analytics/access/privacy.py decides how). Plan
details: the institution and evaluators see every plan, a partner its own, the public none.

Numbers for a viewer come only through `indicator_table`, `area_table`, `series` and `breakdown`
here (and the CLI's `indicator_csv_frame`): they compute exact values for the institution and keyed
values plus protection for anyone else, so protection cannot be skipped by calling the engine.

A partner's own area: the powiats where it works ON the as-of date being viewed - the relation
analytics/metrics/rules.partner_powiats, the same "active at D" rules the indicators and the
partners' areas use (data contract section 3): a local partner the powiats of its partner_areas
rows valid at as_of, a regional partner every powiat of its voivodeship, both only while the
partnership runs. It decides what a partner's pages focus on and which plan it may open; it no
longer widens what numbers it sees (contract v1.1: a partner's own area is protected too). An
unknown partner_id gets an empty area, never an error that could reveal which ids exist.
as_of defaults to the data's as-of date (db.data_as_of). URL parameters cannot widen a scope:
allowed_partner() turns any partner id a partner asks for into its own.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from analytics.access import cellkey, privacy
from analytics.data import db, reference
from analytics.metrics import catalogue, details, indicators, rules, trends

INSTITUTION = "institution"
ALL_PLANS_ROLES = ("institution", "evaluator")


class ScopeError(PermissionError):
    """The scope does not allow this; show 'no access' and log access_denied."""


@dataclass(frozen=True)
class Scope:
    role: str | None                       # institution | partner | evaluator | public | None
    partner_id: str | None = None
    powiats: frozenset[str] | None = None  # a partner's own powiats; None for other roles
    voivodeship: str | None = None         # a partner's seat voivodeship (default map view)
    tier: str | None = None                # regional | local (partners)
    as_of: dt.date | None = None

    @property
    def is_institution(self) -> bool:
        return self.role == INSTITUTION

    @property
    def is_partner(self) -> bool:
        return self.role == "partner"

    def owns(self, teryt_or_area) -> bool:
        """True when the unit (a powiat or voivodeship TERYT) or area (powiat codes) lies wholly in
        the partner's own area. False for anything else and for every non-partner scope."""
        if not self.is_partner or not self.powiats:
            return False
        powiats = _powiats_of(teryt_or_area)
        return bool(powiats) and powiats <= self.powiats


PUBLIC = Scope(None)


@lru_cache(maxsize=32)
def _voivodeship_powiats(code: str) -> frozenset[str]:
    return frozenset(p for p in reference.powiat_codes() if p.startswith(code))


def _powiats_of(teryt_or_area) -> frozenset[str]:
    """The powiats a unit or area covers; empty when unknown (the country, junk)."""
    if teryt_or_area is None:
        return frozenset()
    if isinstance(teryt_or_area, str):
        code = teryt_or_area.strip()
        if len(code) == 4 and code in reference.powiat_codes():
            return frozenset({code})
        if len(code) == 2 and code in reference.voivodeship_codes():
            return _voivodeship_powiats(code)
        return frozenset()
    if isinstance(teryt_or_area, Iterable):
        out: set[str] = set()
        for item in teryt_or_area:
            part = _powiats_of(str(item)) if item is not None else frozenset()
            if not part:
                return frozenset()  # one unknown member makes the whole area unknown
            out |= part
        return frozenset(out)
    return frozenset()


def _role_of(user) -> tuple[str | None, str | None]:
    if user is None:
        return None, None
    role = getattr(user, "role", None)
    partner_id = getattr(user, "partner_id", None)
    if role not in ("institution", "partner", "evaluator"):
        return None, None
    return role, partner_id


def scope_for(con, user, as_of: dt.date | None = None) -> Scope:
    """The scope of `user` (an auth.User or None) on the date `as_of` (default: the data's)."""
    role, partner_id = _role_of(user)
    if role is None:
        return PUBLIC
    if role != "partner":
        return Scope(role, as_of=as_of)
    if not partner_id:
        return Scope("partner", None, frozenset(), as_of=as_of)
    if as_of is None:
        as_of = db.data_as_of(con) or dt.date.today()
    rows = con.execute("SELECT tier, voivodeship FROM partners WHERE partner_id = $pid",
                       {"pid": partner_id}).fetchall()
    if not rows:
        return Scope("partner", partner_id, frozenset(), as_of=as_of)
    tier, voivodeship = rows[0]
    powiats = frozenset(r[0] for r in con.execute(
        f"SELECT powiat FROM ({rules.partner_powiats()}) WHERE partner_id = $pid",
        {"pid": partner_id, "d": as_of}).fetchall())
    return Scope("partner", partner_id, powiats, voivodeship, tier, as_of)


# ---------------------------------------------------------------- what numbers a viewer gets

def role_of(viewer) -> str:
    """The role whose protection applies: a Scope's role, a bare role string (exports pass
    privacy.EXPORT_ROLE), 'public' for nobody."""
    if isinstance(viewer, Scope):
        return viewer.role or "public"
    return viewer or "public"


def is_protected(viewer) -> bool:
    """Protected values for every viewer but the managing institution, and for every export
    (contract section 4: a partner's own area too). One rule, decided in privacy.is_protected."""
    return privacy.is_protected(role_of(viewer))


def _secret(secret: str | None) -> str:
    return secret if secret is not None else cellkey.installation_secret()


def indicator_table(con, level: str, viewer, as_of=None, period=None, codes=None,
                    secret: str | None = None) -> pd.DataFrame:
    """Indicators for every unit of the level as this viewer may see them: exact for the
    institution, protected (cell keys from `secret`, default the installation's) for anyone else.
    The one entry point pages, exports and the CLI use, so protection cannot be skipped."""
    wanted = catalogue.with_bases(codes)
    if not is_protected(viewer):
        return privacy.exact(indicators.compute(con, level, as_of, period, codes=wanted))
    df = indicators.compute(con, level, as_of, period, codes=wanted, secret=_secret(secret))
    return privacy.protect(df, level)


def area_table(con, areas: dict[str, list[str]], viewer, as_of=None, period=None, codes=None,
               secret: str | None = None) -> pd.DataFrame:
    """Indicators of named areas (name -> powiat codes) as this viewer may see them; protected
    viewers get the area rule too (privacy.protect_areas)."""
    wanted = catalogue.with_bases(codes)
    if not is_protected(viewer):
        return privacy.exact(indicators.compute_areas(con, areas, as_of, period, codes=wanted))
    df = indicators.compute_areas(con, areas, as_of, period, codes=wanted, secret=_secret(secret))
    powiats = sorted({str(p) for ps in areas.values() for p in ps})
    bases = [c for c in catalogue.PERSON_COUNTS if c in wanted]
    pw = indicators.compute(con, "powiat", as_of, period, codes=bases or None, units=powiats)
    return privacy.protect_areas(df, areas, pw)


def series(con, level: str, viewer, teryt=None, powiats=None, as_of=None, period=None, codes=None,
           secret: str | None = None) -> pd.DataFrame:
    """Monthly series (metrics.trends.series) as this viewer may see them: each month of each unit
    is a cell of its own, protected like any other; an area's months follow the area rule."""
    wanted = catalogue.with_bases(codes if codes is not None else list(trends.TREND_CODES))
    if not is_protected(viewer):
        return privacy.exact(trends.series(con, level, teryt, powiats, as_of, period, codes=wanted))
    df = trends.series(con, level, teryt, powiats, as_of, period, codes=wanted, secret=_secret(secret))
    if level != "area":
        return privacy.protect(df, level)
    bases = [c for c in catalogue.PERSON_COUNTS if c in wanted]
    pw = trends.series(con, "powiat", teryt=list(powiats), as_of=as_of, period=period,
                       codes=bases or ["volunteers_registered"])
    return privacy.protect_areas(df, {indicators.AREA: list(powiats)}, pw, on=("month",))


def breakdown(con, level: str, unit: str, as_of, viewer, secret: str | None = None) -> pd.DataFrame:
    """The sex x age breakdown of a unit as this viewer may see it (privacy.protect_breakdown)."""
    role = role_of(viewer)
    keyed = _secret(secret) if privacy.is_protected(role) else None
    return privacy.protect_breakdown(details.volunteer_breakdown(con, level, unit, as_of, secret=keyed),
                                     level, role)


def can_view_plan(scope: Scope | None, plan_partner_id: str | None) -> bool:
    """Plan details (indicators, progress): institution and evaluator all; a partner only its own;
    public / None none. Other partners' plans reach a partner only as aggregate rows."""
    scope = scope or PUBLIC
    if scope.role in ALL_PLANS_ROLES:
        return True
    if scope.is_partner:
        return bool(scope.partner_id) and plan_partner_id == scope.partner_id
    return False


def allowed_partner(scope: Scope | None, requested_partner_id: str | None) -> str | None:
    """The partner whose details may be shown for a request (e.g. a URL parameter): a partner
    always gets its own id back; institution and evaluator get what they asked for; public gets
    None."""
    scope = scope or PUBLIC
    if scope.is_partner:
        return scope.partner_id
    if scope.role in ALL_PLANS_ROLES:
        return requested_partner_id or None
    return None


def _csv_columns(df: pd.DataFrame, first: list[str]) -> pd.DataFrame:
    """Contract section 5: the id columns, then every catalogue code in catalogue order; counts
    as integers (pandas Int64), other values rounded to 6 decimals; empty and hidden values missing
    (empty cells with to_csv(index=False)); no flag columns."""
    out = df[first].copy()
    for ind in catalogue.CATALOGUE:
        col = df[ind.code].astype("float64")
        out[ind.code] = col.round().astype("Int64") if ind.unit == "count" else col.round(6)
    return out


def indicator_csv_frame(con, level: str, as_of=None, period=None, suppress: bool = False,
                        secret: str | None = None) -> pd.DataFrame:
    """The `indicators` CLI export (contract section 5): teryt, name, every code; one row per unit
    of the level. suppress=True: every value protected (contract section 4)."""
    viewer = privacy.EXPORT_ROLE if suppress else "institution"
    return _csv_columns(indicator_table(con, level, viewer, as_of, period, secret=secret), ["teryt", "name"])


def area_csv_frame(con, areas: dict[str, list[str]], as_of=None, period=None, suppress: bool = False,
                   secret: str | None = None) -> pd.DataFrame:
    """`indicators --areas` (contract section 5 v1.1): area_id, every code; one row per area in the
    order given, computed by the engine the Compare page uses (area_table). suppress=True: every
    value protected, the area rule included (contract section 4), exactly as a protected viewer
    sees the same area on the Compare page."""
    viewer = privacy.EXPORT_ROLE if suppress else "institution"
    df = area_table(con, areas, viewer, as_of, period, secret=secret)
    df = df.set_index("teryt").loc[list(areas)].reset_index().rename(columns={"teryt": "area_id"})
    return _csv_columns(df, ["area_id"])
