"""The protection layer (data contract section 4): every number a protected viewer or an export gets
passes through here, and the decision is taken here and nowhere else.

Who is protected. Every role but the managing institution ('institution'): partners (in their own
area too), evaluators, the public, unknown roles (fail closed), and every export and `--suppress`
output whatever the role. `is_protected(role)` is the one decision point; `publish` applies it.

What a protected frame is. The engine (analytics/metrics/indicators.py, trends.py, details.py)
computes exact values and, when given the installation secret, the cell key `<code>__ckey` of each
keyed code (the sum of its records' keys, analytics/metrics/keys.py). `protect(frame, level)` turns
such a frame into published values, row by row, every row a cell of its own:

1. Suppression, decided on the exact count: a count of people (catalogue.PERSON_COUNTS) from 1 to
   THRESHOLDS[level] - 1 is hidden (NaN), with every value whose `suppress_with` is that count
   (volunteers_per_10k; hours_confirmed, hours_logged and confirmation_rate). Zero is shown.
2. Noise (the cell-key method, analytics/access/cellkey.py) on what is not hidden: counts get
   n + d, sums of hours h x (1 + m) rounded to 0.5 h, both read from the cell key.
3. Derived values from the protected values: per-capita values are rescaled by (protected count /
   exact count) - the same as recomputing them from the protected count and the population -
   and a rate is the quotient of its two protected parts.
4. Each code subject to protection gets a boolean `<code>__suppressed` column; key columns are
   dropped. Nothing exact about a hidden cell is left in the frame.

Areas (a partner's area, a composed area, `--areas`): `protect_areas` adds the area rule - a value of
an area is hidden when any of its powiats has that value (or its base count) hidden - so that no two
areas differ by a hidden powiat. Breakdowns (sex x age): `protect_breakdown`.

Thresholds (value < threshold is hidden, zero excepted): powiat 10 ("<10"); voivodeship, area 5
("<5") - the contract; country 5 ("<5") - decision: the contract is silent, the voivodeship rule is
applied. What a hidden value shows: "<10"/"<5" for a count of people, "#" for a derived value
(hours, rates, per-capita; the GUS symbol), never "<10" on hours or rates; in an area "#" for
every hidden value (`hidden_label`).
"""
from __future__ import annotations

import pandas as pd

from analytics.access import cellkey
from analytics.metrics import catalogue

FLAG_SUFFIX = catalogue.FLAG_SUFFIX
flag_column = catalogue.flag_column
ckey_column = catalogue.ckey_column
ROLES = ("institution", "partner", "evaluator", "public")
EXACT_ROLES = ("institution",)
EXPORT_ROLE = "public"  # every export is protected, whoever makes it
THRESHOLDS = {"powiat": 10, "area": 5, "voivodeship": 5, "country": 5}
DERIVED_SYMBOL = "#"


def threshold(level: str) -> int:
    try:
        return THRESHOLDS[level]
    except KeyError:
        raise ValueError(f"unknown level for protection: {level!r}") from None


def is_protected(role: str | None) -> bool:
    """The one decision: every role but the managing institution sees protected values."""
    return role not in EXACT_ROLES


def cell_label(level: str) -> str:
    """What stands for a hidden count of people: '<10' (powiat) or '<5' (voivodeship, area,
    country)."""
    return f"<{threshold(level)}"


def hidden_label(code: str, level: str) -> str:
    """What stands for a hidden value of `code`: a count of people shows '<10'/'<5', anything
    derived from one (hours, rates, per-capita) '#'. A column that is not a catalogue code (a
    breakdown's count) is taken for a count. In an area every hidden value shows '#' (decision):
    the area rule may hide an area whose own count is far above 5, and '<5' would then be false."""
    derived = code in catalogue.BY_CODE and code not in catalogue.PERSON_COUNTS
    return DERIVED_SYMBOL if derived or level == "area" else cell_label(level)


def small_mask(values, level: str) -> pd.Series:
    """True where a person count must be hidden at this level (1 <= value < threshold); zero and
    missing values are shown."""
    v = pd.to_numeric(pd.Series(values), errors="coerce")
    return ((v > 0) & (v < threshold(level))).fillna(False).astype(bool)


def _protected_codes(df: pd.DataFrame) -> list[catalogue.Indicator]:
    return [i for i in catalogue.CATALOGUE if i.code in df.columns and i.protect]


def _check(df: pd.DataFrame) -> None:
    """Fail closed: a value cannot be protected without what its protection reads."""
    for ind in _protected_codes(df):
        needs = [ind.suppress_with] if ind.suppress_with else []
        needs += list(ind.derive_from)
        needs += [ckey_column(ind.code)] if ind.protect in ("count", "hours") else []
        missing = [c for c in needs if c not in df.columns]
        if missing:
            raise ValueError(f"cannot protect {ind.code} without {', '.join(missing)}: compute it with "
                             f"catalogue.with_bases(...) and the installation secret")


def protect(df: pd.DataFrame, level: str) -> pd.DataFrame:
    """The published copy of an engine frame computed with the secret (see the module docstring).
    Rows are cells; columns that are not catalogue codes pass through (key columns are dropped)."""
    _check(df)
    out = df.copy()
    inds = _protected_codes(out)
    exact = {i.code: pd.to_numeric(out[i.code], errors="coerce").astype("float64") for i in inds}
    hidden = {c: small_mask(exact[c], level) for c in catalogue.PERSON_COUNTS if c in exact}
    published: dict[str, pd.Series] = {}
    for ind in inds:                                      # 1-2: noise on counts and hours
        if ind.protect in ("count", "hours"):
            fn = cellkey.perturb_count if ind.protect == "count" else cellkey.perturb_hours
            keys = out[ckey_column(ind.code)]
            published[ind.code] = pd.Series([fn(v, k) for v, k in zip(exact[ind.code], keys)],
                                            index=out.index, dtype="float64")
    for ind in inds:                                      # 3: derived from the protected values
        if ind.protect == "scale":
            base_exact, base_pub = exact[ind.suppress_with], published[ind.suppress_with]
            ratio = (base_pub / base_exact).where(base_exact > 0, 1.0)
            published[ind.code] = exact[ind.code] * ratio
        elif ind.protect == "ratio":
            num, den = (published[c] for c in ind.derive_from)
            published[ind.code] = (num / den).where(den > 0)
    for ind in inds:                                      # 1, 4: hide, flag
        mask = hidden[ind.suppress_with] if ind.suppress_with in hidden else pd.Series(False, index=out.index)
        out[ind.code] = published[ind.code].where(~mask)
        out[flag_column(ind.code)] = mask.to_numpy()
    return out.drop(columns=[c for c in out.columns if c.endswith(catalogue.CKEY_SUFFIX)])


def exact(df: pd.DataFrame) -> pd.DataFrame:
    """The institution's copy: exact values, every `<code>__suppressed` flag False, no keys."""
    out = df.drop(columns=[c for c in df.columns if c.endswith(catalogue.CKEY_SUFFIX)])
    for ind in _protected_codes(out):
        out[flag_column(ind.code)] = False
    return out


def publish(df: pd.DataFrame, level: str, role: str | None) -> pd.DataFrame:
    """What `role` may see of an engine frame: exact for the institution, protected for anyone
    else (then the frame must carry its cell keys)."""
    return protect(df, level) if is_protected(role) else exact(df)


def protect_areas(area_frame: pd.DataFrame, areas: dict[str, list[str]], powiat_frame: pd.DataFrame,
                  area_column: str = "teryt", on: tuple[str, ...] = ()) -> pd.DataFrame:
    """Published values of areas: `protect(area_frame, 'area')` plus the area rule - a value of an
    area is hidden when any of its powiats has that value or its base count hidden at powiat level.
    `areas`: area name (the frame's `area_column`) -> its powiat codes; `powiat_frame`: the EXACT
    powiat values (at least every person count the area frame's codes depend on, for every powiat
    of the areas) for the same readings; `on`: further columns matching a row of the area frame to
    the powiat rows of the same reading (('month',) for monthly series)."""
    out = protect(area_frame, "area")
    on = list(on)
    pw = powiat_frame.assign(teryt=powiat_frame["teryt"].astype(str))
    for ind in _protected_codes(out):
        base = ind.suppress_with
        if base is None:
            continue
        if base not in pw.columns:
            raise ValueError(f"the area rule for {ind.code} needs the powiat table's {base}")
    bases = sorted({i.suppress_with for i in _protected_codes(out) if i.suppress_with})
    if not bases:
        return out
    small = pw[["teryt", *on]].rename(columns={"teryt": "_powiat"}) \
        .assign(**{b: small_mask(pw[b], "powiat").to_numpy() for b in bases})
    members = pd.DataFrame([(a, str(p)) for a in out[area_column].unique() for p in areas[a]],
                           columns=[area_column, "_powiat"])
    hit = members.merge(small, on="_powiat").groupby([area_column, *on])[bases].any().reset_index()
    rows = out[[area_column, *on]].merge(hit, on=[area_column, *on], how="left")
    for ind in _protected_codes(out):
        if ind.suppress_with is None:
            continue
        rule = rows[ind.suppress_with].fillna(False).astype(bool).to_numpy()
        flag = out[flag_column(ind.code)].to_numpy() | rule
        out[flag_column(ind.code)] = flag
        out[ind.code] = out[ind.code].where(~flag)
    return out


def protect_breakdown(df: pd.DataFrame, level: str, role: str | None) -> pd.DataFrame:
    """A sex x age breakdown (metrics.details.volunteer_breakdown) with a `suppressed` column. For a
    protected role a cell from 1 to threshold-1 is hidden, and so is the smallest other cell of its
    row and column when only one cell would otherwise be hidden there (secondary suppression); every
    other cell is published with cell-key noise (its own records' key, `volunteers__ckey`)."""
    out = df.drop(columns=[c for c in df.columns if c.endswith(catalogue.CKEY_SUFFIX)])
    out["suppressed"] = False
    if not is_protected(role):
        return out
    if "volunteers__ckey" not in df.columns:
        raise ValueError("cannot protect a breakdown without its cell keys (volunteers__ckey)")
    small = small_mask(out["volunteers"], level)
    out.loc[small, "suppressed"] = True
    for key in ("sex", "age_band"):  # a row or column with exactly one hidden cell hides its next smallest
        for _, group in out.groupby(key):
            if group["suppressed"].sum() == 1 and len(group) > 1:
                rest = group[~group["suppressed"]]
                out.loc[rest["volunteers"].idxmin(), "suppressed"] = True
    noisy = [cellkey.perturb_count(v, k) for v, k in zip(out["volunteers"], df["volunteers__ckey"])]
    out["volunteers"] = pd.Series(noisy, index=out.index, dtype="float64").where(~out["suppressed"])
    return out
