"""Areas to compare: partners' areas at a date, single units, and hand-picked sets of powiats.

    partner_list(con, as_of)            -> the partners active at D with tier, voivodeship and area
    partner_area(con, partner_id, as_of) -> a local partner's powiats at D (list) or a regional
                                           partner's voivodeship code (str)
    resolve(con, kind, key, as_of)      -> an `Area`: what peers.compare / trends.series need

"Active at D" is analytics/metrics/rules.py, the one definition the indicator engine and access
scope use too: a partner is active when start_date <= D and (end_date is empty or D <= end_date) (end
inclusive); a local partner's area at D = the powiats of its partner_areas rows valid at D
(valid_from / valid_to defaulting to the partner's dates), the partner itself active - the engine's
`cover` relation, so a partner's area and the coverage indicators always agree. A regional partner's
area = its voivodeship (all its powiats). A partner not active at D has an empty area ([]).
partner_list's powiats are rules.partner_powiats (where each partner works at D).

Area kinds (`resolve`): 'partner' (key = partner_id), 'voivodeship' (key = TERYT), 'powiat' (key =
TERYT), 'custom' (key = powiat TERYT codes joined by ','). The comparison level of an area is
'voivodeship' for a regional partner or a voivodeship, 'powiat' for a single powiat, and 'area' for a
local partner or a custom set: computed over the UNION of its powiats (indicators.compute_areas).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from analytics.data import db
from analytics.metrics import catalogue, rules
from analytics.metrics.dates import resolve_dates

KINDS = ("partner", "voivodeship", "powiat", "custom")


def _d(con, as_of) -> dt.date:
    return resolve_dates(con, as_of)[0]


def partner_list(con, as_of=None) -> pd.DataFrame:
    """Partners active at D (default db.data_as_of), one row each, sorted by tier (regional first),
    voivodeship and name: partner_id, name, tier, voivodeship, voivodeship_name, start_date,
    end_date, powiats (sorted list of powiat TERYT codes: a local partner's active areas at D, a
    regional partner's whole voivodeship), n_powiats, population (summed over its powiats)."""
    cur = con.cursor()
    d = _d(cur, as_of)
    df = cur.execute(f"""
        WITH act AS (SELECT * FROM partners p WHERE {rules.partner_active('p')}),
        pow AS ({rules.partner_powiats()})
        SELECT p.partner_id, p.name, p.tier, p.voivodeship, v.name AS voivodeship_name,
               p.start_date, p.end_date,
               coalesce(list_sort(list(pw.powiat) FILTER (WHERE pw.powiat IS NOT NULL)), []) AS powiats,
               count(pw.powiat) AS n_powiats,
               sum(up.population)::DOUBLE AS population
        FROM act p
        LEFT JOIN pow pw USING (partner_id)
        LEFT JOIN unit_population up ON up.teryt = pw.powiat
        LEFT JOIN units v ON v.teryt = p.voivodeship AND v.level = 'voivodeship'
        GROUP BY p.partner_id, p.name, p.tier, p.voivodeship, v.name, p.start_date, p.end_date
        ORDER BY CASE p.tier WHEN 'regional' THEN 0 ELSE 1 END, p.voivodeship, p.name, p.partner_id""",
                     {"d": d}).df()
    df["powiats"] = [list(x) if x is not None else [] for x in df["powiats"]]
    df["n_powiats"] = df["n_powiats"].astype(int)
    return df


def partner_area(con, partner_id: str, as_of=None) -> list[str] | str:
    """A local partner's powiats at D (sorted list; [] when it covers none or is not active), or a
    regional partner's voivodeship TERYT code (a str; [] when not active at D). KeyError for an
    unknown partner."""
    cur = con.cursor()
    d = _d(cur, as_of)
    rows = cur.execute(f"SELECT tier, voivodeship, {rules.partner_active('p')} FROM partners p "
                       "WHERE partner_id = $pid", {"d": d, "pid": partner_id}).fetchall()
    if not rows:
        raise KeyError(f"unknown partner: {partner_id!r}")
    tier, voiv, active = rows[0]
    if not active:
        return []
    if tier == "regional":
        return str(voiv)
    return [r[0] for r in cur.execute(f"""
        SELECT DISTINCT a.powiat FROM partner_areas a JOIN partners p USING (partner_id)
        WHERE p.partner_id = $pid AND {rules.partner_area_active('a', 'p')} ORDER BY a.powiat""",
                                      {"d": d, "pid": partner_id}).fetchall()]


@dataclass(frozen=True)
class Area:
    """One area to compare. `level` is what peers.compare and privacy.suppress take: 'area' (a
    union of powiats, `powiats`), 'powiat' or 'voivodeship' (`teryt`)."""
    kind: str                       # partner | voivodeship | powiat | custom
    key: str                        # partner_id, TERYT, or powiat codes joined by ','
    level: str                      # area | powiat | voivodeship
    teryt: str | None               # the unit for level powiat / voivodeship
    powiats: tuple[str, ...]        # every powiat of the area (a voivodeship: all of its powiats)
    voivodeships: tuple[str, ...]   # the voivodeships the area lies in
    name: str                       # partner name or unit name ('' for a custom area)
    units: tuple[tuple, ...]        # (name, level, powiat_type) of each unit it is named by
                                    # (present.names.area_unit_names makes 'pow. zgierski', ...)
    partner_id: str | None = None
    tier: str | None = None         # regional | local (partners)
    population: float | None = None

    @property
    def empty(self) -> bool:
        return not self.powiats

    @property
    def peer_level(self) -> str:
        """The level of the units it is ranked among (powiats, or voivodeships)."""
        return "voivodeship" if self.level == "voivodeship" else "powiat"

    @property
    def suppression_level(self) -> str:
        return self.level


def _units(con) -> pd.DataFrame:
    return db.unit_table(con).set_index("teryt")


def resolve(con, kind: str, key: str, as_of=None) -> Area:
    """The `Area` for a kind and key (see the module docstring). Unknown keys raise KeyError;
    a partner with no area at D gives an Area with no powiats (`.empty`)."""
    if kind not in KINDS:
        raise ValueError(f"unknown area kind: {kind!r} (expected one of {KINDS})")
    u = _units(con)
    powiat_rows = u[u["level"] == "powiat"]

    def short(t):
        r = u.loc[t]
        return (r["name"], r["level"], None if pd.isna(r["powiat_type"]) else r["powiat_type"])

    def pop(ps):
        v = u.loc[list(ps), "population"] if ps else pd.Series(dtype=float)
        return float(v.sum()) if v.notna().any() else None

    if kind == "partner":
        cur = con.cursor()
        rows = cur.execute("SELECT name, tier, voivodeship FROM partners WHERE partner_id = ?", [key]).fetchall()
        if not rows:
            raise KeyError(f"unknown partner: {key!r}")
        name, tier, voiv = rows[0]
        area = partner_area(con, key, as_of)
        if tier == "regional" and isinstance(area, str):
            ps = tuple(sorted(powiat_rows.index[powiat_rows["voivodeship_teryt"] == area]))
            return Area(kind, key, "voivodeship", area, ps, (area,), name, (short(area),), key, tier,
                        pop([area]))
        ps = tuple(area) if isinstance(area, list) else ()
        voivs = tuple(sorted(set(u.loc[list(ps), "voivodeship_teryt"]))) if ps else ((voiv,) if voiv else ())
        return Area(kind, key, "area", None, ps, voivs, name, tuple(short(p) for p in ps), key, tier, pop(ps))
    if kind == "voivodeship":
        if key not in u.index or u.loc[key, "level"] != "voivodeship":
            raise KeyError(f"unknown voivodeship: {key!r}")
        ps = tuple(sorted(powiat_rows.index[powiat_rows["voivodeship_teryt"] == key]))
        return Area(kind, key, "voivodeship", key, ps, (key,), u.loc[key, "name"], (short(key),),
                    population=pop([key]))
    if kind == "powiat":
        if key not in powiat_rows.index:
            raise KeyError(f"unknown powiat: {key!r}")
        return Area(kind, key, "powiat", key, (key,), (powiat_rows.loc[key, "voivodeship_teryt"],),
                    u.loc[key, "name"], (short(key),), population=pop([key]))
    ps = tuple(sorted({p.strip() for p in str(key).split(",") if p.strip()}))
    bad = [p for p in ps if p not in powiat_rows.index]
    if bad or not ps:
        raise KeyError(f"not powiat TERYT codes: {bad or key!r}")
    if len(ps) == 1:
        return resolve(con, "powiat", ps[0], as_of)
    return Area(kind, ",".join(ps), "area", None, ps,
                tuple(sorted(set(powiat_rows.loc[list(ps), "voivodeship_teryt"]))), "",
                tuple(short(p) for p in ps), population=pop(ps))


# --- strengths and weaknesses ------------------------------------------------------------------------
QUARTILE = 25.0   # top / bottom quartile of the peer group, on the percentile scale of peers.py
MIN_RANKED = 5    # the subject plus at least 4 peers with a value: fewer cannot make a quartile


def assessment(percentile, direction: int, n) -> str | None:
    """'strength' when the percentile (peers.rank_span: 100 = best, already oriented by the
    indicator's direction) is >= 75, 'weakness' when <= 25, else None. Neutral indicators
    (direction 0), missing or suppressed values and groups of fewer than MIN_RANKED ranked values
    are never called out."""
    if direction == 0 or percentile is None or pd.isna(percentile) or n is None or pd.isna(n) \
            or int(n) < MIN_RANKED:
        return None
    if percentile >= 100.0 - QUARTILE:
        return "strength"
    if percentile <= QUARTILE:
        return "weakness"
    return None


def strengths_weaknesses(comparison: pd.DataFrame, codes=None) -> tuple[list[str], list[str]]:
    """The codes of a peers.compare() frame (restricted to `codes` when given, e.g.
    callout_codes()) in the top and bottom quartile (see `assessment`), each sorted from the most
    marked (best first / worst first)."""
    keep = None if codes is None else set(codes)
    marks = [(r.code, r.percentile, assessment(r.percentile, r.direction, r.n))
             for r in comparison.itertuples() if keep is None or r.code in keep]
    top = [c for c, p, a in sorted(marks, key=lambda x: -(x[1] or 0)) if a == "strength"]
    bottom = [c for c, p, a in sorted(marks, key=lambda x: (x[1] or 0)) if a == "weakness"]
    return top, bottom


SIZE_UNITS = ("count", "hours")  # absolute numbers: they grow with an area's size


def callout_codes(area: Area, codes) -> list[str]:
    """The codes worth calling out as strengths or weaknesses of `area`: an area of several powiats
    is ranked among single powiats, so its absolute numbers (units count and hours) are left out -
    they would say only that it is bigger; a partner's own area is covered by that partner by
    definition, so the coverage group is left out for partner areas."""
    out = []
    for c in codes:
        ind = catalogue.get(c)
        if area.level == "area" and len(area.powiats) > 1 and ind.unit in SIZE_UNITS:
            continue
        if area.kind == "partner" and ind.group == "coverage":
            continue
        out.append(c)
    return out
