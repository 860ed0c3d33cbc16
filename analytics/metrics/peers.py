"""Peer comparison of a unit or an area, indicator by indicator.

compare(con, level, teryt=None, powiats=None, group='all', ...) returns one row per indicator:
code, label_pl, label_en, unit, direction, value, suppressed, rank, n, percentile, peer_median,
peer_count, voivodeship_value, national_value.

Peer groups (PEER_GROUPS lists those valid per level):
  all          every unit of the level (an area: every powiat)
  voivodeship  units in the same voivodeship (powiat level; an area: the powiats of every
               voivodeship it touches)
  powiat_type  powiats of the same type, land or city (an area: of any type among its powiats)
  population   units in the same population quintile of the level (an area: powiats in the
               quintile its summed population falls in). Quintile of a population x among the N
               units of the level: q = min(5, floor(5 * (number of units with population < x) / N) + 1),
               so equal populations share a quintile.

Ranking. Values are compared in the indicator's catalogue direction (+1 higher is better, -1 lower is
better, 0 neutral: ranked by higher value). The ranked set is the peer group plus the subject (a unit
is in its own group; an area is added to its group of powiats). Missing values (empty or suppressed)
are not ranked. With n ranked values:
  rank        1 + number of values strictly better than the subject (competition ranking:
              ties share the best rank, e.g. 1, 2, 2, 4); 1 = best
  percentile  100 * (worse + 0.5 * tied) / (n - 1), where worse counts values strictly worse and tied
              the OTHER values equal to the subject's; the best is 100, the worst 0, a value tied with
              all others 50; None when n < 2 or the subject has no value
  peer_median median of the peer group's values (the subject area not included), missing ignored.
voivodeship_value is the value of the subject's voivodeship (a powiat's; a voivodeship's own; an
area's when all its powiats lie in one voivodeship, else NaN; NaN for the country); national_value
the country's. For a protected viewer the caller passes its protection (`protect`), applied to every
frame first, so hidden values are neither shown nor ranked nor used in medians.
"""
from __future__ import annotations

import math

import pandas as pd

from analytics.metrics import catalogue, indicators
from analytics.data import db
from analytics.data.reference import COUNTRY

PEER_GROUPS = {
    "powiat": ("all", "voivodeship", "powiat_type", "population"),
    "voivodeship": ("all", "population"),
    "area": ("all", "voivodeship", "powiat_type", "population"),
}


def population_quintile(x: float, populations) -> int | None:
    """q = min(5, floor(5 * #(p < x) / N) + 1) among the non-missing populations."""
    pops = [p for p in populations if p is not None and not pd.isna(p)]
    if x is None or pd.isna(x) or not pops:
        return None
    less = sum(1 for p in pops if p < x)
    return min(5, math.floor(5 * less / len(pops)) + 1)


def rank_span(value, peer_values, direction: int) -> tuple[int | None, int | None, int, float | None]:
    """(rank, last, n, percentile) of `value` among `peer_values` + itself (see the module
    docstring): `rank` is the best place it shares with the peers of equal value, `last` the last
    one (= rank when alone). `peer_values` must NOT contain the subject itself."""
    others = [float(v) for v in peer_values if v is not None and not pd.isna(v)]
    if value is None or pd.isna(value):
        return None, None, len(others), None
    sign = -1.0 if direction < 0 else 1.0
    s = sign * float(value)
    keyed = [sign * v for v in others]
    better = sum(1 for v in keyed if v > s)
    worse = sum(1 for v in keyed if v < s)
    tied = len(keyed) - better - worse
    n = len(keyed) + 1
    pct = None if n < 2 else 100.0 * (worse + 0.5 * tied) / (n - 1)
    return better + 1, better + 1 + tied, n, pct


def _units(con) -> pd.DataFrame:
    return db.unit_table(con)


def peer_units(con, level: str, teryt: str | None = None, powiats: list[str] | None = None,
               group: str = "all") -> list[str]:
    """TERYT codes of the peer group (sorted). For an area (level 'area') give `powiats`."""
    if group not in PEER_GROUPS.get(level, ()):
        raise ValueError(f"peer group {group!r} is not available for level {level!r} "
                         f"(available: {PEER_GROUPS.get(level, ())})")
    u = _units(con)
    base_level = "powiat" if level == "area" else level
    cand = u[u["level"] == base_level]
    if level == "area":
        subj = u[u["teryt"].isin(list(powiats or []))]
        if subj.empty:
            raise ValueError("an area needs at least one known powiat")
        voivs, types, pop = set(subj["voivodeship_teryt"]), set(subj["powiat_type"]), subj["population"].sum()
    else:
        subj = u[u["teryt"] == teryt]
        if subj.empty or subj.iloc[0]["level"] != level:
            raise ValueError(f"unknown {level}: {teryt!r}")
        voivs, types, pop = {subj.iloc[0]["voivodeship_teryt"]}, {subj.iloc[0]["powiat_type"]}, \
            subj.iloc[0]["population"]
    if group == "voivodeship":
        cand = cand[cand["voivodeship_teryt"].isin(voivs)]
    elif group == "powiat_type":
        cand = cand[cand["powiat_type"].isin(types)]
    elif group == "population":
        pops = list(cand["population"])
        q = population_quintile(pop, pops)
        cand = cand[[population_quintile(p, pops) == q for p in cand["population"]]]
    return sorted(cand["teryt"])


def compare(con, level: str, teryt: str | None = None, powiats: list[str] | None = None,
            group: str = "all", as_of=None, period=None, codes: list[str] | None = None,
            tables: dict[str, pd.DataFrame] | None = None, subject: pd.Series | None = None) -> pd.DataFrame:
    """Peer comparison (see the module docstring). level 'powiat' or 'voivodeship' with `teryt`, or
    'area' with `powiats`. `tables` may hold the frames of the levels ('powiat', 'voivodeship',
    'country') and `subject` an area's row, for the same as_of/period: the access room passes them
    protected for the viewer (with `<code>__suppressed` flags), so that hidden values are neither
    shown nor ranked nor used in medians; what is missing is computed exact."""
    codes = catalogue.check_codes(codes)
    tables = dict(tables or {})

    def table(lv):
        if lv not in tables:
            tables[lv] = indicators.compute(con, lv, as_of, period)
        return tables[lv]

    peers = peer_units(con, level, teryt, powiats, group)
    base_level = "powiat" if level == "area" else level
    t = table(base_level)
    if level == "area":
        subj = subject if subject is not None else \
            indicators.compute_areas(con, {indicators.AREA: list(powiats)}, as_of, period).iloc[0]
        voivs = {str(p)[:2] for p in powiats}  # a powiat's TERYT starts with its voivodeship's
        voiv = voivs.pop() if len(voivs) == 1 else None
    else:
        rows = t[t["teryt"] == teryt]
        subj = rows.iloc[0]
        voiv = teryt[:2]
    peer_t = t[t["teryt"].isin(peers)]
    vt = table("voivodeship")
    vrow = vt[vt["teryt"] == voiv].iloc[0] if voiv is not None else None
    ct = table("country")
    crow = ct[ct["teryt"] == COUNTRY].iloc[0]
    out = []
    for c in codes:
        ind = catalogue.get(c)
        value = subj[c]
        flag = catalogue.flag_column(c)
        others = peer_t[peer_t["teryt"] != (teryt if level != "area" else None)][c]
        rank, last, n, pct = rank_span(value, list(others), ind.direction)
        vals = peer_t[c].dropna()
        out.append({
            "code": c, "label_pl": ind.label_pl, "label_en": ind.label_en, "unit": ind.unit,
            "direction": ind.direction,
            "value": None if pd.isna(value) else float(value),
            "suppressed": bool(subj[flag]) if flag in subj.index else False,
            "rank": rank, "rank_last": last, "n": n, "percentile": pct,
            "peer_median": float(vals.median()) if len(vals) else None,
            "peer_count": len(peer_t),
            "voivodeship_value": None if vrow is None or pd.isna(vrow[c]) else float(vrow[c]),
            "national_value": None if pd.isna(crow[c]) else float(crow[c]),
        })
    df = pd.DataFrame(out)
    df["rank"] = df["rank"].astype("Int64")          # <NA> where the subject has no value
    df["rank_last"] = df["rank_last"].astype("Int64")  # = rank unless tied: places rank..rank_last
    for c in ("value", "percentile", "peer_median", "voivodeship_value", "national_value"):
        df[c] = df[c].astype("float64")              # NaN = empty or suppressed
    return df
