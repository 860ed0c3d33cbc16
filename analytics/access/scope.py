"""What a signed-in user may see. Every query path in analytics/ asks these helpers; nothing else
decides access.

Roles (analytics/access/auth.py): 'institution' (NIW-CRSO) sees everything unsuppressed; 'partner' sees
its own area unsuppressed and everything else suppressed, its own plans in detail and other
partners' plans only as aggregates; 'evaluator' sees all plans but every count suppressed;
'public' / None (not signed in) sees nothing personal: counts suppressed, no plan details.

A partner's own area (decision): the powiats where it works ON the as-of date being viewed - the
relation analytics/metrics/rules.partner_powiats, the same "active at D" rules the indicators and
the partners' areas use (data contract section 3):
  * a local partner: the powiats of its partner_areas rows valid at as_of (valid_from <= as_of and
    (valid_to empty or as_of <= valid_to), the row's empty dates being the partner's);
  * a regional partner: every powiat of its voivodeship;
  both only while the partnership runs (start_date <= as_of and (end_date empty or as_of <=
  end_date)). "Ever" was rejected: a partner that left a powiat (or the programme) must not keep
  seeing unsuppressed counts there. An unknown partner_id gets an empty area (everything
  suppressed), never an error that could reveal which ids exist.
as_of defaults to the data's as-of date (db.data_as_of).

Exports are always suppressed, for every role (data contract section 4): pass export=True.
URL parameters cannot widen a scope: allowed_partner() turns any partner id a partner asks for
into its own.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from analytics.access import privacy
from analytics.data import db, reference
from analytics.metrics import catalogue, indicators, rules

UNSUPPRESSED = "institution"
ALL_PLANS_ROLES = ("institution", "evaluator")
COUNTRY_CODES = ("", "0", "00", "pl", "country", "polska")


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
        return self.role == UNSUPPRESSED

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


# ---------------------------------------------------------------- enforcement

def must_suppress(scope: Scope | None, teryt_or_area=None, *, export: bool = False) -> bool:
    """Whether person counts for this unit/area must be suppressed for this scope.
    institution: never (except in exports); partner: outside its own area; evaluator, public,
    None, unknown roles: always. export=True: always (contract section 4)."""
    if export:
        return True
    scope = scope or PUBLIC
    if scope.is_institution:
        return False
    if scope.is_partner:
        return not scope.owns(teryt_or_area)
    return True


def suppression_role(scope: Scope | None, teryt_or_area=None, *, export: bool = False) -> str:
    """The role to pass to privacy.suppress() for this unit/area: 'institution' when it may be
    shown unsuppressed, else the scope's role ('public' when there is none)."""
    if not must_suppress(scope, teryt_or_area, export=export):
        return UNSUPPRESSED
    role = (scope or PUBLIC).role
    return "public" if role in (None, UNSUPPRESSED) else role


def suppress_frame(df, level: str, scope: Scope | None, *, unit_column: str = "teryt",
                   export: bool = False):
    """privacy.suppress() row by row according to the scope: rows whose unit lies in a partner's
    own area unsuppressed, all others suppressed (institution: nothing suppressed; exports:
    everything). The frame's index and row order are kept."""
    scope = scope or PUBLIC
    if export or not scope.is_partner or unit_column not in df.columns:
        return privacy.suppress(df, level, suppression_role(scope, None, export=export))
    hidden = privacy.suppress(df, level, suppression_role(scope, None))
    own = [not must_suppress(scope, u) for u in df[unit_column].tolist()]
    if any(own):
        shown = privacy.suppress(df, level, UNSUPPRESSED)
        mask = [bool(x) for x in own]
        hidden.loc[mask, :] = shown.loc[mask, hidden.columns]
    return hidden


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


def allowed_units(scope: Scope | None) -> frozenset[str] | None:
    """Powiats shown unsuppressed: None = all (institution), else a (possibly empty) set."""
    scope = scope or PUBLIC
    if scope.is_institution:
        return None
    return scope.powiats or frozenset() if scope.is_partner else frozenset()


def assert_allowed(scope: Scope | None, *, plan_partner_id: str | None = None,
                   partner_id: str | None = None, unsuppressed=None, export_unsuppressed: bool = False) -> None:
    """Raise ScopeError unless every given request is allowed:
    plan_partner_id - details of a plan owned by this partner;
    partner_id      - details of this partner (e.g. from a URL parameter);
    unsuppressed    - a unit TERYT or area (powiat codes) requested without suppression;
    export_unsuppressed - an export without suppression (never allowed)."""
    scope = scope or PUBLIC
    if export_unsuppressed:
        raise ScopeError("exports are always suppressed / eksport zawsze z ukryciem małych liczb")
    if plan_partner_id is not None and not can_view_plan(scope, plan_partner_id):
        raise ScopeError("no access to this plan / brak dostępu do tego planu")
    if partner_id is not None and allowed_partner(scope, partner_id) != partner_id:
        raise ScopeError("no access to this partner / brak dostępu do tego partnera")
    if unsuppressed is not None and must_suppress(scope, unsuppressed):
        raise ScopeError("no access to unsuppressed counts here / brak dostępu do pełnych liczb")


Viewer = "Scope | str | None"  # a scope, or a bare role ('public' for exports)


def apply(df, level: str, viewer, *, unit_column: str = "teryt"):
    """Suppress an indicator frame for whoever looks at it: a Scope (row by row: a partner sees its
    own area in full), or a bare role string (e.g. 'public' for every export)."""
    if isinstance(viewer, str) or viewer is None:
        return privacy.suppress(df, level, viewer or "public")
    return suppress_frame(df, level, viewer, unit_column=unit_column)


def role_for_unit(viewer, teryt_or_area) -> str:
    """The privacy role that applies to one unit for this viewer (for per-unit detail tables)."""
    if isinstance(viewer, str) or viewer is None:
        return viewer or "public"
    return suppression_role(viewer, teryt_or_area)


def indicator_table(con, level: str, viewer, as_of=None, period=None):
    """Every indicator for every unit of the level, suppressed for the viewer. The one entry point
    pages and exports use, so suppression cannot be skipped by calling the engine directly."""
    return apply(indicators.compute(con, level, as_of, period), level, viewer)


def indicator_csv_frame(con, level: str, as_of=None, period=None, suppress: bool = False) -> pd.DataFrame:
    """The `indicators` CLI export (contract section 5): columns teryt, name, then every catalogue
    code in catalogue order; one row per unit of the level. Shares and indices are fractions 0-1.
    Counts are integers (pandas Int64); other values are rounded to 6 decimals. Empty and - with
    suppress=True (every export outside the managing institution) - suppressed values are missing
    (<NA>), i.e. empty cells with DataFrame.to_csv(index=False). No suppression flag columns."""
    df = indicators.compute(con, level, as_of, period)
    if suppress:
        df = privacy.suppress(df, level, "public")
        df = df[[c for c in df.columns if not c.endswith(privacy.FLAG_SUFFIX)]]
    out = df[["teryt", "name"]].copy()
    for ind in catalogue.CATALOGUE:
        col = df[ind.code].astype("float64")
        if ind.unit == "count":
            out[ind.code] = col.round().astype("Int64")
        else:
            out[ind.code] = col.round(6)
    return out
