"""Small-cell suppression (data contract section 4), decided here and nowhere else.

suppress(df, level, role) returns a copy of an indicator frame (compute(), compute_areas(), a trend
series, ...) in which, for every role except the managing institution ('institution'), a count of
people (catalogue.PERSON_COUNTS: volunteers_registered, volunteers_active, ks_members,
training_participants) in 1..threshold-1 is replaced by missing (NaN) - the number never leaves this
function - together with the values derived from it in the same row (catalogue `suppress_with`:
volunteers_per_10k follows volunteers_registered; hours_confirmed and confirmation_rate follow
volunteers_active). Zero is shown. For each code subject to suppression that is present, a boolean
column `<code>__suppressed` flags the hidden cells; `cell_label(level)` gives the text to show.

Thresholds (value < threshold is suppressed, zero excepted):
  powiat 10 ("<10"), voivodeship 5 ("<5") - the contract;
  area 10 ("<10") - decision: an area (any set of powiats, even many) is treated like a powiat,
      the stricter rule, because areas are ad-hoc and could otherwise be used to isolate few people;
  country 5 ("<5") - decision: the contract is silent; the voivodeship rule is applied.
Roles: 'institution' sees everything (flags all False); 'partner', 'evaluator', 'public', any
export, and any unknown role get suppression (fail closed).
A suppressed count whose derived value is missing anyway stays flagged. Note that suppression is
per cell: it does not prevent differencing between levels; that risk is accepted by the contract.
"""
from __future__ import annotations

import pandas as pd

from analytics.metrics import catalogue

FLAG_SUFFIX = catalogue.FLAG_SUFFIX
flag_column = catalogue.flag_column
ROLES = ("institution", "partner", "evaluator", "public")
UNSUPPRESSED_ROLES = ("institution",)
THRESHOLDS = {"powiat": 10, "area": 10, "voivodeship": 5, "country": 5}


def threshold(level: str) -> int:
    try:
        return THRESHOLDS[level]
    except KeyError:
        raise ValueError(f"unknown level for suppression: {level!r}") from None


def cell_label(level: str) -> str:
    """The text shown instead of a suppressed value: '<10' (powiat, area) or '<5' (voivodeship,
    country)."""
    return f"<{threshold(level)}"


def needs_suppression(role: str | None) -> bool:
    return role not in UNSUPPRESSED_ROLES


def small_mask(values, level: str) -> pd.Series:
    """True where a person count must be hidden at this level (1 <= value < threshold); zero and
    missing values are shown."""
    v = pd.to_numeric(pd.Series(values), errors="coerce")
    return ((v > 0) & (v < threshold(level))).fillna(False).astype(bool)


def suppress(df: pd.DataFrame, level: str, role: str | None) -> pd.DataFrame:
    """A copy of df with small person counts and their derived values set to missing for every role
    but 'institution', plus one boolean `<code>__suppressed` column per present code that is subject
    to suppression (catalogue `suppress_with`). Columns that are not catalogue codes pass through."""
    out = df.copy()
    apply = needs_suppression(role)
    masks = {}
    for ind in catalogue.CATALOGUE:
        base = ind.suppress_with
        if apply and base is not None and ind.code in out.columns and base not in out.columns:
            # Fail closed: without its person count a derived value cannot be judged small.
            raise ValueError(f"cannot suppress {ind.code} without {base}: compute it with its base count "
                             f"(catalogue.with_bases)")
        if base is None or base not in out.columns:
            continue
        if base not in masks:
            masks[base] = small_mask(out[base], level) if apply else pd.Series(False, index=out.index)
    for ind in catalogue.CATALOGUE:
        if ind.suppress_with in masks and ind.code in out.columns:
            m = masks[ind.suppress_with]
            if m.any():
                col = out[ind.code].astype("float64")
                col[m] = float("nan")
                out[ind.code] = col
            out[flag_column(ind.code)] = m.to_numpy()
    return out


def display_value(value, suppressed: bool, level: str):
    """The value itself, or the suppression label when the cell is suppressed."""
    return cell_label(level) if suppressed else value


def protect_breakdown(df: pd.DataFrame, level: str, role: str | None) -> pd.DataFrame:
    """A sex x age breakdown (metrics.details.volunteer_breakdown) with a `suppressed` column: a
    cell from 1 to threshold-1 (powiat 10, voivodeship/country 5) is hidden (volunteers missing,
    suppressed True) for every role but the managing institution, and so is the smallest other
    cell of its row and column when only one cell would otherwise be hidden there, so a total
    cannot reveal it (secondary suppression)."""
    df = df.copy()
    df["suppressed"] = False
    if not needs_suppression(role):
        return df
    small = small_mask(df["volunteers"], level)
    df.loc[small, "suppressed"] = True
    # Secondary suppression: a row or column with exactly one hidden cell hides its next smallest.
    for key in ("sex", "age_band"):
        for _, group in df.groupby(key):
            hidden = group["suppressed"].sum()
            if hidden == 1 and len(group) > 1:
                rest = group[~group["suppressed"]]
                df.loc[rest["volunteers"].idxmin(), "suppressed"] = True
    df.loc[df["suppressed"], "volunteers"] = float("nan")
    return df
