"""Synthetic demo input: one file per contract table, realistic and fully valid.

    generate(out_dir, scale=1.0, seed=2026, fmt="csv") -> {table: rows}

writes `<table>.csv` (UTF-8, comma, unquoted, ISO dates, months `YYYY-MM`, booleans true/false,
empty cell for null) or `<table>.parquet` for every input table of the contract except `population`
(the shipped GUS reference is used). Columns, their order, types and enum values come from
analytics/data/schema.py; geography and population from analytics/data/reference.py.

What the data looks like (scale 1), calibrated to the programme's published figures as issue 13
(item 5) quotes them, the only source used (quoted below); a grant is a partnership's grant for its
edition (one partners row). The constants below hold each figure; tests/unit/test_demo.py checks them:
  - regional partners: one per voivodeship in each edition 2019-2020, 2021-2023, 2024-2026
    (REG-<voivodeship>-<first year>), so 16 are active on every day except in REGIONAL_GAPS: a
    voivodeship whose partner starts in April 2019, one whose partner withdraws after March 2022 and
    is replaced by a different organisation from July 2022 (REG-..-2021-B), one whose partner starts
    in March 2024. Three voivodeships change organisation between editions. Grants per edition
    (REGIONAL_GRANTS) rise to at most 330 000 zł ("up to about 330 000 zł");
  - local partners (LOC-001...): 6, 14 and 28 in the three editions ("about 28 local partners in
    2024-2026, fewer before"; LOCAL_PARTNERS), some carrying on an earlier edition's partner, two of
    the current edition withdrawing early; 1-5 powiats each, some added or dropped mid-edition, one
    dropped and taken up again, two outside the seat voivodeship; grants (LOCAL_GRANTS) up to 156 000 zł;
  - ~150 coalitions (more where local partners work) with 5-25 members across the four sectors;
  - a development plan per partner and edition with 5-12 indicators and half-yearly cumulative
    progress: the plans of 2019-2020 and 2021-2023 have ended by DATA_END (mostly completed; a
    partner that withdrew abandoned its plan), those of 2024-2026 run past it;
  - ~40 000 volunteers (by powiat population, uplift where local partners work), ~4 000
    organisers of which exactly MPW_CERTIFICATES (190, "about 170-210") hold the MPW certificate by
    DATA_END, ~250 000 monthly hours rows, 4 000 partner activities: network meetings mostly by
    regional partners, counselling mostly for organisers, trainings for volunteers, coordinators,
    organisers and schools, institution programmes with their sector, promotion and contests, and
    coalition meetings (7 %) only at coalitions a partner supports, while it does;
  - 6-10 task teams of the programme (contract v1.1) in its fields, 3-12 partners each, some
    memberships ended (the partner left, or its partnership ended), at least one team dissolved.
  Data ends on DATA_END (2026-06-30): no event date is later.

`scale` multiplies the people-level tables only (volunteers, organisers, hours, activities, and the
MPW certificates); the partner, coalition, plan and task-team tables are identical at every scale, and
which voivodeships have the gaps and changes depends on the seed only. The output is a pure function of
(scale, seed, fmt): numpy Generators seeded from `seed` (one independent stream per table), no
wall clock, no Python hash() or set order.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from analytics.data import reference, schema

DATA_START = dt.date(2019, 1, 1)
DATA_END = dt.date(2026, 6, 30)
EDITIONS = (("2019-2020", 2019, 2020), ("2021-2023", 2021, 2023), ("2024-2026", 2024, 2026))
CURRENT_EDITION = len(EDITIONS) - 1
BASE_ROWS = {"volunteers": 40_000, "organisers": 4_000, "activities": 4_000}

# Calibration (issue 13, item 5: the programme's published figures). Per edition, in EDITIONS order.
REGIONAL_GRANTS = ((200_000, 260_000), (240_000, 300_000), (270_000, 330_000))   # zł, up to about 330 000
LOCAL_GRANTS = ((60_000, 100_000), (80_000, 130_000), (100_000, 156_000))        # zł, up to 156 000
LOCAL_PARTNERS = (6, 14, 28)              # about 28 local partners in 2024-2026, fewer before
LOCAL_CONTINUING = (0, 4, 10)             # of them, carrying on a partner of the edition before
LOCAL_WITHDRAWN = 2                       # current-edition local partners that ended before DATA_END
# The months a voivodeship has no regional partner, one voivodeship per edition (drawn from the
# seed): (first day without, first day with a partner again). 2019-2020 and 2024-2026: the partner
# starts late; 2021-2023: the partner withdraws and a different organisation takes over (a second
# row, REG-<voivodeship>-2021-B).
REGIONAL_GAPS = (("2019-01-01", "2019-04-01"), ("2022-04-01", "2022-07-01"), ("2024-01-01", "2024-03-01"))
MPW_CERTIFICATES = 190                    # organisers certified by DATA_END at scale 1 (about 170-210)
ACTIVITY_SHARES = {"coalition_meeting": 0.07}   # of all activities; the rest by tier (_ACT_WEIGHTS)
_OUTSIDE_SEAT = (9, 30)                   # LOC-009, LOC-030: an area outside the seat voivodeship
FORMATS = ("csv", "parquet")
# Every contract table except the optional population override, in schema order.
OUTPUT_TABLES = tuple(t.name for t in schema.TABLES if t.name != "population")

# One independent random stream per part of the data: changing one generator never shifts another.
_STREAMS = {"partners": 1, "coalitions": 2, "plans": 3, "volunteers": 4, "organisers": 5, "hours": 6,
            "activities": 7, "task_teams": 8}

_EPOCH = np.datetime64("1970-01-01", "D")
_M0 = np.datetime64(f"{DATA_START:%Y-%m}", "M")


def _day(d: dt.date | str) -> int:
    return int((np.datetime64(str(d), "D") - _EPOCH).astype(np.int64))


def _date(d) -> dt.date | None:
    return None if d is None else dt.date(1970, 1, 1) + dt.timedelta(days=int(d))


D_START, D_END = _day(DATA_START), _day(DATA_END)
N_MONTHS = int((np.datetime64(f"{DATA_END:%Y-%m}", "M") - _M0).astype(int)) + 1   # 2019-01..2026-06
MONTH_LABELS = [str(_M0 + i) for i in range(N_MONTHS)]
MONTH_START = ((_M0 + np.arange(N_MONTHS)).astype("datetime64[D]") - _EPOCH).astype(np.int64)


def _month_of(days: np.ndarray) -> np.ndarray:
    """Month index (0 = first data month) of day numbers."""
    return ((days.astype("datetime64[D]").astype("datetime64[M]")) - _M0).astype(np.int64)


def _edition_of_days(days: np.ndarray) -> np.ndarray:
    years = days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    bounds = np.array([b for _, _, b in EDITIONS])
    return np.minimum(np.searchsorted(bounds, years), len(EDITIONS) - 1)


def _weighted(rng, weights: dict[str, float], values: tuple[str, ...], size=None):
    """Draw from a schema enum with per-value weights (a value the weights miss gets a small one)."""
    w = np.array([weights.get(v, 0.01) for v in values], dtype=float)
    idx = rng.choice(len(values), size=size, p=w / w.sum())
    return idx


# ---------------------------------------------------------------------------------------------
# Geography

_CAPITALS = {"02": "Wrocław", "04": "Bydgoszcz", "06": "Lublin", "08": "Zielona Góra", "10": "Łódź",
             "12": "Kraków", "14": "Warszawa", "16": "Opole", "18": "Rzeszów", "20": "Białystok",
             "22": "Gdańsk", "24": "Katowice", "26": "Kielce", "28": "Olsztyn", "30": "Poznań",
             "32": "Szczecin"}


class _Geo:
    def __init__(self) -> None:
        units = sorted((u for u in reference.units() if u["level"] == "powiat"), key=lambda u: u["teryt"])
        voivs = sorted((u for u in reference.units() if u["level"] == "voivodeship"), key=lambda u: u["teryt"])
        self.voiv = [v["teryt"] for v in voivs]
        self.voiv_name = [v["name"] for v in voivs]
        vi = {v: i for i, v in enumerate(self.voiv)}
        self.powiat = [u["teryt"] for u in units]
        self.voiv_of = np.array([vi[u["voivodeship_teryt"]] for u in units])
        self.city = np.array([u["powiat_type"] == "city" for u in units])
        self.place = [u["name"] if u["powiat_type"] == "city" else f"powiat {u['name']}" for u in units]
        pops = {p["teryt"]: int(p["population"]) for p in reference.population() if p["level"] == "powiat"}
        self.pop = np.array([pops[t] for t in self.powiat], dtype=float)
        self.in_voiv = [np.flatnonzero(self.voiv_of == v) for v in range(len(self.voiv))]
        self.capital = [_CAPITALS.get(v, n) for v, n in zip(self.voiv, self.voiv_name)]

    @property
    def n(self) -> int:
        return len(self.powiat)


# ---------------------------------------------------------------------------------------------
# Partners and their areas

_REGIONAL_ORGS = ("Regionalne Centrum Wolontariatu", "Fundacja Rozwoju Wolontariatu",
                  "Stowarzyszenie Centrum Inicjatyw Obywatelskich", "Federacja Organizacji Pozarządowych",
                  "Fundacja Inicjatyw Społecznych")
_LOCAL_ORGS = ("Lokalne Centrum Wolontariatu", "Stowarzyszenie Inicjatyw Lokalnych", "Fundacja Aktywni Razem",
               "Stowarzyszenie Przystań", "Fundacja Wspólna Sprawa", "Centrum Organizacji Pozarządowych",
               "Stowarzyszenie Dobrych Praktyk", "Fundacja Pomocna Dłoń")


class _Partners:
    """Partner rows plus the lookups the other generators need."""

    def __init__(self, geo: _Geo, rng: np.random.Generator) -> None:
        self.rows: list[dict] = []
        self.areas: list[dict] = []
        # per partner (index = position in rows)
        self.tier: list[str] = []
        self.voiv: list[int] = []
        self.edition: list[int] = []
        self.start: list[int] = []
        self.end_eff: list[int] = []          # end_date, or the edition's last day when ongoing
        self.area_units: list[tuple[int, int, int, int]] = []  # (partner, powiat, from, to) effective
        self._regional(geo, rng)
        self._local(geo, rng)

    def _add(self, geo, pid, name, tier, v, ed, start, end, grant, end_eff):
        self.rows.append({"partner_id": pid, "name": name, "tier": tier, "voivodeship": geo.voiv[v],
                          "edition": EDITIONS[ed][0], "start_date": _date(start), "end_date": _date(end),
                          "grant_pln": grant})
        self.tier.append(tier)
        self.voiv.append(v)
        self.edition.append(ed)
        self.start.append(start)
        self.end_eff.append(end_eff)
        return len(self.rows) - 1

    def _regional(self, geo: _Geo, rng) -> None:
        """One regional partner per voivodeship and edition (REG-<voivodeship>-<first year>), all
        from the edition's first day except the gaps of REGIONAL_GAPS; grants by REGIONAL_GRANTS."""
        nv = len(geo.voiv)
        late_first, takeover, late_current, *switched = (int(x) for x in rng.choice(nv, 6, replace=False))
        late = {0: late_first, CURRENT_EDITION: late_current}
        n_orgs = len(_REGIONAL_ORGS)
        org = rng.integers(0, n_orgs, nv)             # the organisation a voivodeship starts with
        for ed, (label, y0, y1) in enumerate(EDITIONS):
            first, last = _day(dt.date(y0, 1, 1)), _day(dt.date(y1, 12, 31))
            lo, hi = REGIONAL_GRANTS[ed]
            for v in range(nv):
                if (ed == 1 and v == switched[0]) or (ed == 2 and v in switched[1:]):
                    org[v] = (org[v] + 1 + rng.integers(0, n_orgs - 1)) % n_orgs   # a new organisation
                start = _day(REGIONAL_GAPS[ed][1]) if late.get(ed) == v else first
                end = None if ed == CURRENT_EDITION and rng.random() < 0.6 else last
                grant = float(int(rng.integers(lo // 1000, hi // 1000 + 1)) * 1000)
                segments = [(start, end)]
                if ed == 1 and v == takeover:          # withdraws; another organisation after a gap
                    segments = [(start, _day(REGIONAL_GAPS[1][0]) - 1), (_day(REGIONAL_GAPS[1][1]), end)]
                for k, (s, e) in enumerate(segments):
                    if k:
                        org[v] = (org[v] + 1) % n_orgs
                    g = grant if len(segments) == 1 else round(grant * ((e or last) - s + 1) / (last - first + 1), -3)
                    self._add(geo, f"REG-{geo.voiv[v]}-{y0}{'-B' if k else ''}",
                              f"{_REGIONAL_ORGS[org[v]]} - {geo.capital[v]}", "regional", v, ed, s, e, g,
                              e if e is not None else last)

    def _local(self, geo: _Geo, rng) -> None:
        """LOCAL_PARTNERS per edition (LOC-001...), each in 1-5 powiats (area_units); the first
        LOCAL_CONTINUING of an edition carry on an earlier edition's partner (a new row: same name,
        seat and powiats, sometimes one more); LOCAL_WITHDRAWN of the current edition end early.
        Some areas are added or dropped mid-edition, one is dropped and taken up again, two lie
        outside the seat voivodeship."""
        vw = np.array([geo.pop[idx].sum() for idx in geo.in_voiv])
        seats_v = rng.choice(len(geo.voiv), sum(LOCAL_PARTNERS), p=vw / vw.sum())
        previous: list[tuple[int, int, str, list[int]]] = []   # (voiv, seat, name, powiats) of the last edition
        num = 0
        retaken = False
        withdrawn = {int(k) for k in rng.choice(LOCAL_PARTNERS[-1], LOCAL_WITHDRAWN, replace=False)}
        for ed, count in enumerate(LOCAL_PARTNERS):
            _, y0, y1 = EDITIONS[ed]
            first, last = _day(dt.date(y0, 1, 1)), _day(dt.date(y1, 12, 31))
            lo, hi = LOCAL_GRANTS[ed]
            this: list[tuple[int, int, str, list[int]]] = []
            for k in range(count):
                num += 1
                if k < min(LOCAL_CONTINUING[ed], len(previous)):   # continuation of an earlier partner
                    v, seat, name, pw = previous[k]
                    pw = list(pw)
                    extra = [int(p) for p in geo.in_voiv[v] if p not in pw]
                    if len(pw) < 4 and extra and rng.random() < 0.5:
                        pw.append(int(rng.choice(extra)))
                else:
                    v = int(seats_v[num - 1])
                    cand = geo.in_voiv[v]
                    w = geo.pop[cand] ** 0.5
                    n_areas = int(rng.choice([1, 2, 3, 4, 5], p=[0.2, 0.3, 0.25, 0.15, 0.1]))
                    n_areas = min(n_areas, len(cand))
                    pw = [int(p) for p in rng.choice(cand, n_areas, replace=False, p=w / w.sum())]
                    seat = pw[0]
                    name = f"{_LOCAL_ORGS[int(rng.integers(0, len(_LOCAL_ORGS)))]} - {geo.place[seat]}"
                this.append((v, seat, name, list(pw)))
                if num in _OUTSIDE_SEAT:                          # an area outside the seat voivodeship
                    others = np.flatnonzero(geo.voiv_of != v)
                    pw = pw[:4] + [int(rng.choice(others))]
                start = first + int(rng.integers(0, 180))
                r = rng.random()
                if ed == CURRENT_EDITION and k in withdrawn:
                    end = int(rng.integers(_day("2025-03-31"), D_END - 60))
                elif ed == CURRENT_EDITION:
                    end = None if r < 0.7 else last
                else:
                    end = last if r < 0.85 else last - int(rng.integers(60, 240))
                end_eff = end if end is not None else last
                grant = None if rng.random() < 0.1 else float(int(rng.integers(lo // 1000, hi // 1000 + 1)) * 1000)
                i = self._add(geo, f"LOC-{num:03d}", name, "local", v, ed, start, end, grant, end_eff)
                for j, p in enumerate(pw):
                    vf = vt = None
                    if j > 0 and rng.random() < 0.25:            # area added later
                        vf = start + int(rng.integers(60, 400))
                    if j > 0 and rng.random() < 0.15:            # area dropped before the partner's end
                        lo_, hi_ = (vf or start) + 90, min(end_eff, D_END)
                        if hi_ > lo_:
                            vt = int(rng.integers(lo_, hi_))
                    if vf is not None and vf > min(end_eff, D_END):
                        vf = None
                    self._area(i, p, vf, vt, start, end_eff)
                if ed == CURRENT_EDITION and not retaken and len(pw) > 1 and end is None:
                    retaken = True               # a powiat covered twice: dropped, then taken up again
                    p = pw[-1]
                    self.areas[-1]["valid_from"] = _date(start)
                    s1 = start + 200
                    self.areas[-1]["valid_to"] = _date(s1)
                    self.area_units[-1] = (i, p, start, s1)
                    self._area(i, p, s1 + 150, None, start, end_eff)
            previous = this

    def _area(self, i, p, vf, vt, start, end_eff):
        self.areas.append({"partner_id": self.rows[i]["partner_id"], "powiat": None, "valid_from": _date(vf),
                           "valid_to": _date(vt), "_p": p})
        self.area_units.append((i, p, vf if vf is not None else start, vt if vt is not None else end_eff))

    def finish(self, geo: _Geo) -> None:
        for a in self.areas:
            a["powiat"] = geo.powiat[a.pop("_p")]

    # lookups ---------------------------------------------------------------------------------
    def local_powiats(self, geo: _Geo) -> np.ndarray:
        covered = np.zeros(geo.n, dtype=bool)
        for _, p, _, _ in self.area_units:
            covered[p] = True
        return covered

    def candidates(self, geo: _Geo) -> tuple[np.ndarray, ...]:
        """Partners working in each (powiat, edition) cell, flattened:
        (offsets, counts, partner index, partner start, partner end)."""
        cells: list[list[int]] = [[] for _ in range(geo.n * len(EDITIONS))]
        for i, t in enumerate(self.tier):
            if t == "regional":
                for p in geo.in_voiv[self.voiv[i]]:
                    cells[p * len(EDITIONS) + self.edition[i]].append(i)
        for i, p, _, _ in self.area_units:
            c = cells[p * len(EDITIONS) + self.edition[i]]
            if i not in c:
                c.append(i)
        counts = np.array([len(c) for c in cells])
        offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
        flat = np.array([i for c in cells for i in c], dtype=np.int64)
        return offsets, counts, flat, np.array(self.start), np.array(self.end_eff)

    def active_at(self, i: int, d: int) -> bool:
        return self.start[i] <= d <= self.end_eff[i]


def _pick_partner(rng, cand, powiat: np.ndarray, days: np.ndarray, share: float) -> np.ndarray:
    """For each row, a partner working in its powiat in the edition of `days` and active that day
    (with probability `share`, where there is one); -1 for none."""
    offsets, counts, flat, starts, ends = cand
    cell = powiat * len(EDITIONS) + _edition_of_days(days)
    cnt = counts[cell]
    pos = offsets[cell] + np.floor(rng.random(len(cell)) * np.maximum(cnt, 1)).astype(np.int64)
    take = (cnt > 0) & (rng.random(len(cell)) < share)
    out = np.full(len(cell), -1, dtype=np.int64)
    if len(flat):
        out[take] = flat[pos[take]]
        p = np.maximum(out, 0)
        out[(days < starts[p]) | (days > ends[p])] = -1      # only a partner active on that day
    return out


# ---------------------------------------------------------------------------------------------
# Coalitions and members

_MEMBER_WEIGHTS = {"ngo": 0.33, "church": 0.04, "informal_group": 0.07, "individual": 0.08,
                   "local_government": 0.05, "social_welfare": 0.09, "culture": 0.07, "sport": 0.05,
                   "education": 0.1, "health": 0.03, "other_public": 0.03, "business": 0.06}
_MEMBER_POOL = 60


def _coalitions(geo: _Geo, partners: _Partners, rng) -> tuple[list[dict], list[dict]]:
    member_types = schema.TABLES_BY_NAME["coalition_members"].column("member_type").enum
    n = 150
    covered = partners.local_powiats(geo)
    w = geo.pop ** 0.5 * np.where(covered, 4.0, 1.0)
    seats = rng.choice(geo.n, n, p=w / w.sum())
    # founding dates: a few in 2019-2020, most from 2021 on
    span = D_END - 30 - _day("2019-03-01")
    founded = _day("2019-03-01") + (span * rng.random(n) ** 0.7).astype(np.int64)
    founded.sort()
    # a pool of potential members per powiat: slot 0 is the local government
    lg = member_types.index("local_government")
    pool_types = _weighted(rng, _MEMBER_WEIGHTS, member_types, size=(geo.n, _MEMBER_POOL))
    pool_types[:, 0] = lg
    civic = np.array([schema.MEMBER_SECTORS[t] == "civic" for t in member_types])
    counter = np.zeros(geo.n, dtype=int)
    coalitions, members = [], []
    for k in range(n):
        p, f = int(seats[k]), int(founded[k])
        cid = f"K{k + 1:04d}"
        counter[p] += 1
        suffix = f" {counter[p]}" if counter[p] > 1 else ""
        partner = None
        local = [i for i, q, a, b in partners.area_units if q == p and a <= f <= b]
        regional = [i for i, t in enumerate(partners.tier)
                    if t == "regional" and partners.voiv[i] == geo.voiv_of[p] and partners.active_at(i, f)]
        if local and rng.random() < 0.75:
            partner = local[int(rng.integers(0, len(local)))]
        elif regional and rng.random() < 0.4:
            partner = regional[0]
        dissolved = None
        if rng.random() < 0.12:
            d = f + int(rng.integers(180, 1500))
            if d < D_END:
                dissolved = d
        r = rng.random()
        agreement = True if r < 0.55 else (False if r < 0.85 else None)
        coalitions.append({"coalition_id": cid, "name": f"Koalicja na rzecz Wolontariatu - {geo.place[p]}{suffix}",
                           "powiat": geo.powiat[p],
                           "partner_id": None if partner is None else partners.rows[partner]["partner_id"],
                           "founded_on": _date(f), "dissolved_on": _date(dissolved), "formal_agreement": agreement})
        size = int(rng.integers(5, 26))
        focused = rng.random() < 0.3           # mostly civic organisations: few sectors
        sw = np.where(civic[pool_types[p, 1:]], 8.0 if focused else 1.0, 1.0)
        slots = rng.choice(np.arange(1, _MEMBER_POOL), size, replace=False, p=sw / sw.sum())
        if rng.random() < (0.3 if focused else 0.85):
            slots[0] = 0
        slots.sort()
        horizon = min(dissolved - 1 if dissolved is not None else D_END, D_END)
        for s in slots:
            mid = f"M{geo.powiat[p]}-{int(s):03d}"
            mtype = member_types[pool_types[p, s]]
            joined = None
            if rng.random() < 0.3 and horizon > f + 1:
                joined = f + 1 + int((horizon - f - 1) * rng.random() ** 1.5)
            eff = joined if joined is not None else f
            left = None
            if rng.random() < 0.1:
                cand = eff + int(rng.integers(30, 900))
                if cand < horizon:
                    left = cand
            members.append({"coalition_id": cid, "member_id": mid, "member_type": mtype,
                            "joined_on": _date(joined), "left_on": _date(left)})
            if left is not None and rng.random() < 0.25:        # left and came back
                back = left + int(rng.integers(60, 400))
                if back < horizon:
                    members.append({"coalition_id": cid, "member_id": mid, "member_type": mtype,
                                    "joined_on": _date(back), "left_on": None})
    return coalitions, members


# ---------------------------------------------------------------------------------------------
# Plans, indicators, progress

# (baseline low, baseline high, growth low, growth high, unit, Polish name) for a regional plan;
# local plans use a fifth of it.
_INDICATOR_SIZES = {
    "sow_volunteers": (300, 3000, 0.3, 1.0, "osoby", "Wolontariusze zarejestrowani w SOW"),
    "local_base_organisers": (10, 150, 0.3, 1.2, "organizacje", "Organizatorzy w lokalnej bazie"),
    "coalitions": (0, 8, 3, 12, "koalicje", "Koalicje na rzecz wolontariatu"),
    "coalition_members": (0, 100, 30, 150, "członkowie", "Członkowie koalicji"),
    "trainings": (0, 0, 10, 60, "szkolenia", "Szkolenia"),
    "training_participants": (0, 0, 200, 1500, "osoby", "Uczestnicy szkoleń"),
    "local_projects": (0, 0, 5, 40, "projekty", "Projekty lokalne"),
    "institutions_engaged": (5, 60, 0.3, 1.0, "instytucje", "Zaangażowane instytucje publiczne"),
    "mpw_certified": (0, 10, 5, 30, "certyfikaty", "Certyfikaty Miejsce Przyjazne Wolontariuszom"),
    "promotion_events": (0, 15, 10, 50, "wydarzenia", "Wydarzenia promocyjne"),
}
_CUSTOM = (("Szkolne kluby wolontariatu", "kluby", +1), ("Wolontariusze w wieku 60+", "osoby", +1),
           ("Gminy z koordynatorem wolontariatu", "gminy", +1), ("Spotkania sieciujące koordynatorów", "spotkania", +1),
           ("Gminy bez organizatora wolontariatu", "gminy", -1),
           ("Średni czas potwierdzania godzin w SOW", "dni", -1))


def _half_years(start: int, end: int) -> list[int]:
    """Reporting dates (06-30 and 12-31) in (start, min(end, DATA_END)]."""
    y0 = _date(start).year
    out = []
    for y in range(y0, 2027):
        for m, d in ((6, 30), (12, 31)):
            x = _day(dt.date(y, m, d))
            if start < x <= min(end, D_END):
                out.append(x)
    return out


def _plans(geo: _Geo, partners: _Partners, rng) -> tuple[list[dict], list[dict], list[dict]]:
    codes = schema.TABLES_BY_NAME["plan_indicators"].column("code").enum
    standard = [c for c in codes if c != "custom"]
    plans, indicators, progress = [], [], []
    n = len(partners.rows)
    current = [i for i in range(n) if partners.edition[i] == CURRENT_EDITION]
    forced = rng.choice(current, 3, replace=False)          # a draft, an abandoned, one without progress
    for i, prow in enumerate(partners.rows):
        ed = partners.edition[i]
        label, y0, y1 = EDITIONS[ed]
        regional = partners.tier[i] == "regional"
        start = _day(dt.date(y0, 1, 1))
        if partners.start[i] > start + 90:
            m = _date(partners.start[i])
            start = _day(dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1))
        end = _day(dt.date(y1, 12, 31))
        if not regional and ed == CURRENT_EDITION and rng.random() < 0.25:
            start, end = _day("2025-01-01"), _day("2027-12-31")
        r = rng.random()
        if ed < CURRENT_EDITION:
            status = "completed" if r < 0.8 else ("abandoned" if r < 0.9 else "in_progress")
        else:
            status = "in_progress" if r < 0.65 else ("adopted" if r < 0.9 else "draft")
        no_progress = False
        if i == forced[0]:
            status = "draft"
        elif i == forced[1]:
            status = "abandoned"
        elif i == forced[2]:
            status, no_progress = "adopted", True
        # a partner that withdrew half a year or more before its edition's end abandoned the plan then
        withdrew = (status != "draft" and prow["end_date"] is not None
                    and partners.end_eff[i] < _day(dt.date(y1, 12, 31)) - 180)
        if withdrew:
            status = "abandoned"
        adopted = None
        if status != "draft":
            adopted = min(max(partners.start[i], start + int(rng.integers(-45, 100))), D_END)
        pid = f"PLAN-{i + 1:03d}"
        level = "Regionalny" if regional else "Lokalny"
        where = geo.voiv_name[partners.voiv[i]] if regional else prow["name"].split(" - ")[-1]
        title = None if rng.random() < 0.05 else f"{level} Plan Rozwoju Wolontariatu - {where} {label}"
        plans.append({"plan_id": pid, "partner_id": prow["partner_id"], "title": title,
                      "period_start": _date(start), "period_end": _date(end), "adopted_on": _date(adopted),
                      "status": status})
        # indicators
        k = int(rng.integers(5, 13))
        n_custom = max(k - len(standard), int(rng.choice([0, 0, 0, 1, 1, 2])))
        chosen = sorted(rng.choice(len(standard), k - n_custom, replace=False))
        inds = [standard[c] for c in chosen] + ["custom"] * n_custom
        customs = rng.choice(len(_CUSTOM), n_custom, replace=False)
        factor = 1.0 if regional else 0.2
        pace = float(np.exp(rng.normal(0.0, 0.35)))              # > 1: ahead of schedule
        if withdrew:
            stop = partners.end_eff[i]
        elif status == "abandoned":
            stop = start + int((min(end, D_END) - start) * rng.uniform(0.2, 0.6))
        else:
            stop = end
        reports = [] if status == "draft" or no_progress else _half_years(start, stop)
        for j, code in enumerate(inds):
            iid = f"W{j + 1:02d}"
            if code == "custom":
                name, unit, sign = _CUSTOM[customs[j - (k - n_custom)]]
                base = float(rng.integers(5, 40))
                target = base + sign * max(1, int(base * rng.uniform(0.3, 0.9)))
            else:
                b0, b1, g0, g1, unit, pl = _INDICATOR_SIZES[code]
                base = float(round(rng.uniform(b0, b1) * factor)) if b1 else 0.0
                if g1 <= 2:      # relative growth
                    target = base + max(1, round(base * rng.uniform(g0, g1)))
                else:
                    target = base + max(1, round(rng.uniform(g0, g1) * factor))
                name = pl if rng.random() < 0.6 else None
            weight = float(rng.integers(1, 4))
            indicators.append({"plan_id": pid, "indicator_id": iid, "code": code, "name": name,
                               "unit": unit if rng.random() < 0.85 else None,
                               "baseline": None if base == 0 and rng.random() < 0.5 else base,
                               "target": float(target), "weight": None if weight == 1 and rng.random() < 0.5 else weight})
            ipace = pace * float(np.exp(rng.normal(0.0, 0.25)))
            gamma = rng.uniform(0.8, 1.3)
            frac = 0.0
            for x in reports:
                e = (x - start) / (end - start)
                frac = max(frac, min(1.2, ipace * e ** gamma + rng.normal(0, 0.03)))
                achieved = max(0.0, float(round(base + frac * (target - base))))
                progress.append({"plan_id": pid, "indicator_id": iid, "reported_on": _date(x),
                                 "achieved": achieved,
                                 "verified": (x < _day("2026-01-01") and rng.random() < 0.9) if rng.random() < 0.9 else None})
    return plans, indicators, progress


# ---------------------------------------------------------------------------------------------
# People-level tables (vectorised)

_ORG_WEIGHTS = {"ngo": 0.4, "social_welfare": 0.1, "culture": 0.08, "sport": 0.07, "education": 0.18,
                "health": 0.05, "other_public": 0.04, "business": 0.04, "church": 0.04}
_ORG_NAMES = {
    "ngo": ("Stowarzyszenie Aktywni", "Fundacja Pomocy Wzajemnej", "Stowarzyszenie Przyjaciół Ziemi",
            "Fundacja Razem", "Klub Seniora", "Ochotnicza Straż Pożarna", "Stowarzyszenie Na Rzecz Dzieci"),
    "social_welfare": ("Ośrodek Pomocy Społecznej", "Dom Pomocy Społecznej", "Powiatowe Centrum Pomocy Rodzinie",
                       "Centrum Usług Społecznych"),
    "culture": ("Gminny Ośrodek Kultury", "Biblioteka Publiczna", "Muzeum Regionalne", "Dom Kultury"),
    "sport": ("Ośrodek Sportu i Rekreacji", "Uczniowski Klub Sportowy", "Klub Sportowy"),
    "education": ("Szkoła Podstawowa nr", "Liceum Ogólnokształcące nr", "Zespół Szkół nr", "Przedszkole nr"),
    "health": ("Szpital Powiatowy", "Hospicjum", "Zakład Opiekuńczo-Leczniczy"),
    "other_public": ("Urząd Gminy", "Starostwo Powiatowe", "Centrum Kształcenia Ustawicznego"),
    "business": ("Spółdzielnia Socjalna", "Bank Spółdzielczy", "Przedsiębiorstwo Usługowe sp. z o.o."),
    "church": ("Parafia Rzymskokatolicka", "Caritas Parafialna", "Parafia Ewangelicka"),
}
_SEX_WEIGHTS = {"F": 0.6, "M": 0.345, "X": 0.01, "U": 0.025}


def _ids(prefix: str, n: int, width: int) -> pa.Array:
    width = max(width, len(str(n)))
    return pa.array([f"{prefix}{i:0{width}d}" for i in range(1, n + 1)], type=pa.string())


def _rows(base: int, scale: float, least: int = 1) -> int:
    return max(least, int(round(base * scale)))


def _volunteers(geo, partners, cand, covered, scale, rng) -> dict:
    n = _rows(BASE_ROWS["volunteers"], scale)
    w = geo.pop * np.where(covered, 1.5, 1.0)
    powiat = rng.choice(geo.n, n, p=w / w.sum())
    span = D_END - D_START + 1
    u = rng.random(n)
    t = np.where(rng.random(n) < 0.15, u, np.sqrt(u))          # registrations grow over time
    reg = D_START + np.minimum((t * span).astype(np.int64), span - 1)
    order = np.lexsort((powiat, reg))                            # pseudonyms follow registration order
    powiat, reg = powiat[order], reg[order]
    reg_year = reg.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    r = rng.random(n)
    age = np.select([r < 0.55, r < 0.8, r < 0.95], [rng.integers(14, 26, n), rng.integers(26, 46, n),
                                                     rng.integers(46, 71, n)], rng.integers(71, 81, n))
    birth = reg_year - age
    sex_values = schema.TABLES_BY_NAME["volunteers"].column("sex").enum
    sex = np.array(sex_values, dtype=object)[_weighted(rng, _SEX_WEIGHTS, sex_values, n)]
    ks = reg + rng.exponential(200, n).astype(np.int64)
    ks_mask = (rng.random(n) >= 0.35) | (ks > D_END)
    rec = _pick_partner(rng, cand, powiat, reg, 0.25)
    pids = np.array([p["partner_id"] for p in partners.rows], dtype=object)
    return {
        "volunteer_id": _ids("V", n, 6),
        "powiat": np.array(geo.powiat, dtype=object)[powiat],
        "registered_on": reg,
        "birth_year": (birth, rng.random(n) < 0.04),
        "sex": (sex, rng.random(n) < 0.02),
        "ks_member_since": (ks, ks_mask),
        "recruited_by": (pids[np.maximum(rec, 0)], rec < 0),
        "_powiat": powiat,
        "_reg": reg,
    }


def _organisers(geo, partners, cand, covered, scale, rng) -> dict:
    n = _rows(BASE_ROWS["organisers"], scale)
    w = geo.pop ** 0.85 * np.where(covered, 1.3, 1.0)
    powiat = np.sort(rng.choice(geo.n, n, p=w / w.sum()))        # sorted by powiat (and so by voivodeship)
    span = D_END - D_START + 1
    joined = D_START + np.minimum((rng.random(n) ** 0.7 * span).astype(np.int64), span - 1)
    types = schema.TABLES_BY_NAME["organisers"].column("type").enum
    tidx = _weighted(rng, _ORG_WEIGHTS, types, n)
    # names: "<prefix>[ <number>] - <place>"
    prefixes = [_ORG_NAMES.get(t, (t,)) for t in types]
    pick = np.floor(rng.random(n) * np.array([len(prefixes[t]) for t in tidx])).astype(np.int64)
    number = rng.integers(1, 31, n)
    place = geo.place
    names = []
    for i in range(n):
        pre = prefixes[tidx[i]][pick[i]]
        names.append(f"{pre} {number[i]} - {place[powiat[i]]}" if pre.endswith(" nr")
                     else f"{pre} - {place[powiat[i]]}")
    base = _pick_partner(rng, cand, powiat, joined, 0.5)
    pids = np.array([p["partner_id"] for p in partners.rows], dtype=object)
    return {
        "organiser_id": _ids("O", n, 5),
        "name": names,
        "type": np.array(types, dtype=object)[tidx],
        "powiat": np.array(geo.powiat, dtype=object)[powiat],
        "joined_on": joined,
        "base_partner_id": (pids[np.maximum(base, 0)], base < 0),
        "_powiat": powiat,
    }


def _hours(geo, vol, org, rng) -> dict:
    n_v, n_o = len(vol["_reg"]), len(org["_powiat"])
    vpow, reg_m = vol["_powiat"], _month_of(vol["_reg"])
    last = N_MONTHS - 1
    active = np.flatnonzero(rng.random(n_v) < 0.64)
    n_eng = 1 + np.minimum(rng.poisson(0.45, len(active)), 3)
    ev = np.repeat(active, n_eng)                                 # engagement -> volunteer
    E = len(ev)
    first = np.ones(E, dtype=bool)
    first[1:] = ev[1:] != ev[:-1]
    avail = last - reg_m[ev]
    delay = np.where(first, rng.geometric(0.45, E) - 1, np.floor(rng.random(E) * (avail + 1)).astype(np.int64))
    start = np.minimum(reg_m[ev] + delay, last)
    dur = np.minimum(rng.geometric(1 / 12, E), last - start + 1)
    # organiser: mostly in the volunteer's powiat, else in its voivodeship, rarely anywhere
    opow = org["_powiat"]
    p_cnt = np.bincount(opow, minlength=geo.n)
    p_off = np.concatenate([[0], np.cumsum(p_cnt)[:-1]])
    v_cnt = np.bincount(geo.voiv_of[opow], minlength=len(geo.voiv))
    v_off = np.concatenate([[0], np.cumsum(v_cnt)[:-1]])
    vp = vpow[ev]
    vv = geo.voiv_of[vp]
    r = rng.random(E)
    mode = np.where(r < 0.8, 0, np.where(r < 0.96, 1, 2))
    mode = np.where((mode == 0) & (p_cnt[vp] == 0), 1, mode)
    mode = np.where((mode == 1) & (v_cnt[vv] == 0), 2, mode)
    u = rng.random(E)
    eo = np.select([mode == 0, mode == 1],
                   [p_off[vp] + np.floor(u * p_cnt[vp]), v_off[vv] + np.floor(u * v_cnt[vv])],
                   np.floor(u * n_o)).astype(np.int64)
    eo = np.minimum(eo, n_o - 1)      # organisers are already sorted by powiat: position = index
    level = np.clip(np.exp(rng.normal(np.log(6.0), 0.8, E)), 0.5, 120)
    keep_p = rng.uniform(0.55, 1.0, E)
    del first, avail, delay, vp, vv, r, mode, u
    # expand engagements into monthly rows
    total = int(dur.sum())
    er = np.repeat(np.arange(E), dur)
    offs = np.arange(total) - np.repeat(np.cumsum(dur) - dur, dur)
    month = start[er] + offs
    keep = rng.random(total) < keep_p[er]
    er, month = er[keep], month[keep]
    del offs, keep
    key = (ev[er].astype(np.int64) * n_o + eo[er]) * N_MONTHS + month
    key, first_row = np.unique(key, return_index=True)            # (volunteer, organiser, month) unique
    er, month = er[first_row], month[first_row]
    n = len(key)
    del key, first_row
    logged = np.clip(np.round(level[er] * np.exp(rng.normal(0, 0.35, n)) * 2) / 2, 0.5, 160)
    logged[rng.random(n) < 0.003] = 0.0
    recent = month >= last - 2
    r = rng.random(n)
    zero_share = np.where(recent, 0.4, 0.08)
    partial = np.floor(logged * rng.uniform(0.3, 0.95, n) * 2) / 2
    confirmed = np.where(r < zero_share, 0.0, np.where(r < zero_share + 0.12, partial, logged))
    confirmed_null = (confirmed == 0) & (rng.random(n) < 0.1)
    vol_idx, org_idx = ev[er], eo[er]
    return {
        "volunteer_id": vol["volunteer_id"].take(pa.array(vol_idx)),
        "organiser_id": org["organiser_id"].take(pa.array(org_idx)),
        "month": month,
        "hours_logged": logged,
        "hours_confirmed": (confirmed, confirmed_null),
        "_org": org_idx,
        "_month": month,
    }


def _finish_organisers(org, hours, scale, rng) -> None:
    """An organiser joins no later than its first hours; MPW_CERTIFICATES x scale of them (exactly,
    so that scale 1 shows the calibrated figure) hold the MPW certificate, awarded from 2021 on and
    at least two months after joining."""
    n = len(org["_powiat"])
    first = np.full(n, D_END, dtype=np.int64)
    np.minimum.at(first, hours["_org"], MONTH_START[hours["_month"]])
    joined = np.minimum(org["joined_on"], first)
    org["joined_on"] = joined
    lo = np.maximum(joined + 60, _day("2021-01-01"))
    mpw = lo + np.floor(rng.random(n) * np.maximum(D_END - lo, 0)).astype(np.int64)
    eligible = np.flatnonzero(lo < D_END)
    certified = np.zeros(n, dtype=bool)
    certified[rng.choice(eligible, min(len(eligible), _rows(MPW_CERTIFICATES, scale, 0)), replace=False)] = True
    org["mpw_certified_on"] = (mpw, ~certified)


# Activity mix by the partner's tier (coalition meetings are drawn apart: ACTIVITY_SHARES). Regional
# partners run the network (regional network meetings of local partners and organisers), trainings,
# counselling for organisers, promotion and contests; local partners run local projects and actions,
# trainings, institution programmes and promotion.
_ACT_WEIGHTS = {
    "regional": {"training": 0.3, "local_project": 0.06, "volunteer_action": 0.1, "debate": 0.05,
                 "promotion": 0.11, "contest": 0.06, "institution_programme": 0.06, "network_meeting": 0.15,
                 "counselling": 0.11},
    "local": {"training": 0.2, "local_project": 0.3, "volunteer_action": 0.17, "debate": 0.03, "promotion": 0.08,
              "contest": 0.04, "institution_programme": 0.1, "network_meeting": 0.02, "counselling": 0.05},
}
_PARTICIPANTS = {"training": 18, "local_project": 40, "volunteer_action": 25, "coalition_meeting": 12,
                 "debate": 35, "promotion": 120, "contest": 30, "institution_programme": 20,
                 "network_meeting": 20, "counselling": 2}
# Who an activity is for (the rest of a type's rows, and 10 % of these, leave audience empty).
_AUDIENCE = {
    "training": {"volunteers": 0.35, "coordinators": 0.25, "organisers": 0.25, "school": 0.15},
    "counselling": {"organisers": 0.8, "coordinators": 0.15, "volunteers": 0.05},
    "network_meeting": {"coordinators": 0.55, "organisers": 0.45},
    "institution_programme": {"organisers": 0.7, "volunteers": 0.3},
    "promotion": {"environment": 0.6, "school": 0.4},
    "contest": {"school": 0.6, "volunteers": 0.3, "environment": 0.1},
    "debate": {"environment": 1.0},
    "volunteer_action": {"volunteers": 0.7, "school": 0.3},
    "coalition_meeting": {"environment": 1.0},
}
# The kind of institution an institution programme brings volunteering into.
_SECTORS = {"social_welfare": 0.3, "culture": 0.2, "education": 0.22, "sport": 0.1, "health": 0.12, "other": 0.06}
_VOLUNTEER_TYPES = ("local_project", "volunteer_action", "promotion", "contest")


def _draw_units(rng, units: list[tuple[int, int, int, int, float]], n: int) -> tuple[np.ndarray, ...]:
    """n (partner, powiat, day) draws over units (partner, powiat, from, to, weight per day)."""
    if n == 0 or not units:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    ua = np.array([u[2] for u in units])
    days = np.maximum(np.minimum(np.array([u[3] for u in units]), D_END) - ua + 1, 0)
    w = np.array([u[4] for u in units]) * days
    pick = rng.choice(len(units), n, p=w / w.sum())
    date = ua[pick] + np.floor(rng.random(n) * days[pick]).astype(np.int64)
    return np.array([u[0] for u in units])[pick], np.array([u[1] for u in units])[pick], date


def _coalition_units(geo, partners, coalitions) -> list[tuple[int, int, int, int, float]]:
    """Where and when a supporting partner can hold its coalition's meetings: the coalition's seat,
    while the coalition, the partner and (for a local partner) its area there are all active."""
    index = {r["partner_id"]: i for i, r in enumerate(partners.rows)}
    pindex = {t: k for k, t in enumerate(geo.powiat)}
    units = []
    for c in coalitions:
        if c["partner_id"] is None:
            continue
        i, p = index[c["partner_id"]], pindex[c["powiat"]]
        life = (_day(c["founded_on"]), _day(c["dissolved_on"]) - 1 if c["dissolved_on"] else D_END)
        spans = ([(a, b) for j, q, a, b in partners.area_units if j == i and q == p]
                 if partners.tier[i] == "local" else [(partners.start[i], partners.end_eff[i])])
        for a, b in spans:
            a, b = max(a, life[0], partners.start[i]), min(b, life[1], partners.end_eff[i], D_END)
            if b >= a:
                units.append((i, p, a, b, 1.0))
    return units


def _activities(geo, partners, coalitions, scale, rng) -> dict:
    """Partner activities: coalition meetings at the seats of the coalitions partners support, and
    the other types by tier (_ACT_WEIGHTS) over the partners' territories (a regional partner's
    powiats weighted by population, a local partner's areas), dates spread over the partners' days."""
    n = _rows(BASE_ROWS["activities"], scale)
    types = schema.TABLES_BY_NAME["activities"].column("type").enum
    n_cm = round(ACTIVITY_SHARES["coalition_meeting"] * n)
    cm_partner, cm_powiat, cm_date = _draw_units(rng, _coalition_units(geo, partners, coalitions), n_cm)
    n_cm = len(cm_date)
    # territorial units: (partner, powiat, from, to) with a weight per day
    units = []
    for i, t in enumerate(partners.tier):
        if t == "regional":
            idx = geo.in_voiv[partners.voiv[i]]
            share = geo.pop[idx] ** 0.6 / (geo.pop[idx] ** 0.6).sum()
            for p, s in zip(idx, share):
                units.append((i, int(p), partners.start[i], partners.end_eff[i], 1.0 * s))
    n_areas = np.bincount([i for i, *_ in partners.area_units], minlength=len(partners.rows))
    for i, p, a, b in partners.area_units:
        units.append((i, p, a, b, 0.9 / n_areas[i]))
    partner, powiat, date = _draw_units(rng, units, n - n_cm)
    tier = np.array(partners.tier)[partner]
    tidx = np.empty(n - n_cm, dtype=np.int64)
    for t in ("regional", "local"):
        m = tier == t
        tidx[m] = _weighted(rng, {**_ACT_WEIGHTS[t], "coalition_meeting": 0.0}, types, int(m.sum()))
    partner = np.concatenate([cm_partner, partner])
    powiat = np.concatenate([cm_powiat, powiat])
    date = np.concatenate([cm_date, date])
    tidx = np.concatenate([np.full(n_cm, types.index("coalition_meeting")), tidx])
    n = len(date)
    order = np.lexsort((powiat, partner, date))
    partner, powiat, date, tidx = partner[order], powiat[order], date[order], tidx[order]
    tnames = np.array(types, dtype=object)[tidx]
    lam = np.array([_PARTICIPANTS.get(t, 10) for t in types], dtype=float)[tidx]
    participants = rng.poisson(lam * np.exp(rng.normal(0, 0.4, n)))
    vol_lam = np.where(np.isin(tnames, _VOLUNTEER_TYPES), 8.0, 2.0)
    involved = rng.poisson(vol_lam)
    involved_null = ~np.isin(tnames, _VOLUNTEER_TYPES) & (rng.random(n) < 0.7)
    audience_values = schema.TABLES_BY_NAME["activities"].column("audience").enum
    sector_values = schema.TABLES_BY_NAME["activities"].column("sector").enum
    audience = np.full(n, None, dtype=object)
    for k, t in enumerate(types):
        rows = np.flatnonzero(tidx == k)
        if t in _AUDIENCE and len(rows):
            audience[rows] = np.array(audience_values, dtype=object)[
                _weighted(rng, _AUDIENCE[t], audience_values, len(rows))]
    audience_null = (audience == np.array(None)) | (rng.random(n) < 0.1)
    sector = np.array(sector_values, dtype=object)[_weighted(rng, _SECTORS, sector_values, n)]
    sector_null = tnames != "institution_programme"
    pids = np.array([p["partner_id"] for p in partners.rows], dtype=object)
    return {
        "activity_id": _ids("A", n, 5),
        "partner_id": pids[partner],
        "type": tnames,
        "date": date,
        "powiat": np.array(geo.powiat, dtype=object)[powiat],
        "participants": (participants, rng.random(n) < 0.02),
        "volunteers_involved": (involved, involved_null),
        "audience": (audience, audience_null),
        "sector": (sector, sector_null),
    }


# ---------------------------------------------------------------------------------------------
# Task teams (contract v1.1)

# (area, name): the first six cover six fields; more teams take the later ones.
_TEAMS = (("training", "Zespół ds. szkoleń"), ("promotion", "Zespół ds. promocji wolontariatu"),
          ("networking", "Zespół ds. sieciowania partnerów"), ("coalitions", "Zespół ds. koalicji lokalnych"),
          ("institutions", "Zespół ds. wolontariatu w instytucjach publicznych"),
          ("sow", "Zespół ds. Systemu Obsługi Wolontariatu"), ("other", "Zespół ds. wolontariatu seniorów"),
          ("training", "Zespół trenerów wolontariatu"), ("promotion", "Zespół ds. konkursów i wyróżnień"),
          ("other", "Zespół ds. badań i ewaluacji"))


def _task_teams(partners: _Partners, rng) -> tuple[list[dict], list[dict]]:
    """6-10 teams founded 2019-2025, one dissolved (two sometimes); 3-12 partners each, chosen among
    the partners active during the team's life. A membership starts when the team or the partner
    starts (joined_on empty = the team's founding) and ends when the partner leaves the team, its
    partnership ends or the team is dissolved (then left_on stays empty)."""
    n = int(rng.integers(6, 11))
    founded = np.sort(_day("2019-03-01") + rng.integers(0, _day("2025-06-30") - _day("2019-03-01"), n))
    dissolve = {int(rng.integers(0, max(1, n // 2)))}     # an early team is dissolved
    if rng.random() < 0.5:
        dissolve.add(int(rng.integers(n // 2, n)))
    start, end = np.array(partners.start), np.array(partners.end_eff)
    teams, members = [], []
    for k in range(n):
        area, name = _TEAMS[k]
        f = int(founded[k])
        d = None
        if k in dissolve:
            d = min(f + int(rng.integers(365, 3 * 365)), D_END - 30)
        last = d if d is not None else D_END
        tid = f"ZZ-{k + 1:02d}"
        teams.append({"team_id": tid, "name": name, "area": area, "founded_on": _date(f), "dissolved_on": _date(d)})
        cand = np.flatnonzero((start < last - 60) & (end > f + 60))
        size = min(len(cand), int(rng.integers(3, 13)))
        # at least half of a team's partners are still partners at its end (or at DATA_END)
        now = cand[(start[cand] <= last) & (end[cand] >= last)]
        k_now = min(len(now), (size + 1) // 2)
        first = rng.choice(now, k_now, replace=False) if k_now else np.array([], dtype=np.int64)
        rest = np.setdiff1d(cand, first)
        picked = np.concatenate([first, rng.choice(rest, min(len(rest), size - k_now), replace=False)])
        for i in sorted(int(x) for x in picked):
            joined = f if start[i] <= f else int(start[i]) + int(rng.integers(0, 60))
            left = None
            if partners.rows[i]["end_date"] is not None and end[i] < last:
                left = int(end[i])                               # the partnership ended
            elif rng.random() < 0.2 and last - joined > 240:     # the partner left the team
                left = joined + int(rng.integers(120, last - joined - 60))
            if left is not None and left <= joined:
                continue
            members.append({"team_id": tid, "partner_id": partners.rows[i]["partner_id"],
                            "joined_on": None if joined == f and rng.random() < 0.7 else _date(joined),
                            "left_on": _date(left)})
    return teams, members


# ---------------------------------------------------------------------------------------------
# Arrow tables and writing

_ARROW_TYPES = {schema.TEXT: pa.string(), schema.TERYT: pa.string(), schema.TERYT2: pa.string(),
                schema.TERYT4: pa.string(), schema.ENUM: pa.string(), schema.DATE: pa.date32(),
                schema.MONTH: pa.string(), schema.BOOL: pa.bool_(), schema.INT: pa.int64(),
                schema.DECIMAL: pa.float64()}
_MONTH_ARRAY = pa.array(MONTH_LABELS, type=pa.string())


def _column(col: schema.Column, value) -> pa.Array:
    typ = _ARROW_TYPES[col.type]
    mask = None
    if isinstance(value, tuple):
        value, mask = value
        mask = np.asarray(mask, dtype=bool)
    if isinstance(value, pa.Array):
        arr = value
    elif isinstance(value, np.ndarray):
        if col.type == schema.DATE:
            arr = pa.array(value.astype("datetime64[D]"), mask=mask, type=typ)
            mask = None
        elif col.type == schema.MONTH:
            arr = _MONTH_ARRAY.take(pa.array(value))
        elif value.dtype == object:
            arr = pa.array(value, mask=mask, type=typ)
            mask = None
        else:
            arr = pa.array(value, mask=mask, type=typ)
            mask = None
    else:
        arr = pa.array(list(value), type=typ)
    if mask is not None:
        raise ValueError(f"column {col.name}: mask not applied")
    if arr.type != typ:
        arr = arr.cast(typ)
    return arr


def _table(name: str, columns: dict) -> pa.Table:
    t = schema.TABLES_BY_NAME[name]
    public = {k: v for k, v in columns.items() if not k.startswith("_")}
    if set(public) != set(t.column_names):
        raise ValueError(f"{name}: columns {sorted(public)} differ from the schema {t.column_names}")
    return pa.table([_column(c, public[c.name]) for c in t.columns], names=t.column_names)


def _from_rows(name: str, rows: list[dict]) -> pa.Table:
    cols = schema.TABLES_BY_NAME[name].column_names
    return _table(name, {c: [r[c] for r in rows] for c in cols})


def _write(table: pa.Table, path: Path, fmt: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    if fmt == "csv":
        # pyarrow quotes the header even with quoting_style="none": write a plain one ourselves.
        with open(tmp, "wb") as f:
            f.write((",".join(table.column_names) + "\n").encode("utf-8"))
            pacsv.write_csv(table, f, pacsv.WriteOptions(include_header=False, quoting_style="none"))
    else:
        pq.write_table(table, tmp, compression="zstd")
    tmp.replace(path)


def generate(out_dir: str | Path, scale: float = 1.0, seed: int = 2026, fmt: str = "csv") -> dict[str, int]:
    """Write the demo input folder; return rows per table (in schema order)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if not (scale > 0 and np.isfinite(scale)):
        raise ValueError(f"scale must be a positive number, not {scale!r}")
    seed = int(seed)
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer, not {seed}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)

    def rng(part: str) -> np.random.Generator:
        return np.random.default_rng([seed, _STREAMS[part]])

    geo = _Geo()
    counts: dict[str, int] = {}

    def emit(name: str, table: pa.Table) -> None:
        _write(table, out / f"{name}.{fmt}", fmt)
        counts[name] = table.num_rows

    partners = _Partners(geo, rng("partners"))
    partners.finish(geo)
    emit("partners", _from_rows("partners", partners.rows))
    emit("partner_areas", _from_rows("partner_areas", partners.areas))
    coalitions, members = _coalitions(geo, partners, rng("coalitions"))
    emit("coalitions", _from_rows("coalitions", coalitions))
    emit("coalition_members", _from_rows("coalition_members", members))
    plans, indicators, progress = _plans(geo, partners, rng("plans"))
    emit("plans", _from_rows("plans", plans))
    emit("plan_indicators", _from_rows("plan_indicators", indicators))
    emit("plan_progress", _from_rows("plan_progress", progress))

    cand = partners.candidates(geo)
    covered = partners.local_powiats(geo)
    vol = _volunteers(geo, partners, cand, covered, scale, rng("volunteers"))
    emit("volunteers", _table("volunteers", vol))
    org_rng = rng("organisers")
    org = _organisers(geo, partners, cand, covered, scale, org_rng)
    hours = _hours(geo, vol, org, rng("hours"))
    del vol
    _finish_organisers(org, hours, scale, org_rng)
    emit("organisers", _table("organisers", org))
    del org
    emit("hours", _table("hours", hours))
    del hours
    emit("activities", _table("activities", _activities(geo, partners, coalitions, scale, rng("activities"))))
    teams, team_members = _task_teams(partners, rng("task_teams"))
    emit("task_teams", _from_rows("task_teams", teams))
    emit("task_team_members", _from_rows("task_team_members", team_members))
    return {name: counts[name] for name in OUTPUT_TABLES}
