"""Classification of a numeric series into k classes for choropleth maps, legends and palettes.

Methods (as offered by statistics-office map tools):
  quantiles       each class holds about the same number of units; breaks are data values
                  (numpy's 'inverted_cdf' quantiles), so tied values never straddle a break
  equal_interval  the range min–max cut into k equal widths
  jenks           natural breaks: the optimal (Fisher–Jenks) partition of the sorted values that
                  minimises the within-class sum of squared deviations; exact dynamic programme
                  over the distinct values (weighted by their counts), deterministic

Classes are right-closed: class i holds breaks[i] < v <= breaks[i+1]; the first class also holds
its lower edge breaks[0] (the minimum). Special class codes: NO_DATA (-1) for NaN/None/inf,
SUPPRESSED (-2) where the `suppressed` mask is true (small counts hidden for privacy; the value
itself is ignored). With no more distinct values than k, quantiles and Jenks give each distinct
value its own class and equal intervals use as many intervals as distinct values; tied quantiles
merge classes; all-equal values give one class; no valid values give zero classes (legend: only
the special classes).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from analytics.present import formatting as fmt

METHODS = ("quantiles", "equal_interval", "jenks")
MIN_K, MAX_K = 2, 9
NO_DATA = -1
SUPPRESSED = -2

# --- palettes ---------------------------------------------------------------------------------
# ColorBrewer (Cynthia Brewer, Penn State; Apache-2.0) 9-class sequential and 11-class diverging
# schemes, all marked colour-blind safe by ColorBrewer; viridis/cividis (matplotlib, CC0). No
# red-green scheme is offered.
SEQUENTIAL = {
    "YlGnBu": ("#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8",
               "#253494", "#081d58"),
    "Blues": ("#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5",
              "#08519c", "#08306b"),
    "Purples": ("#fcfbfd", "#efedf5", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3",
                "#54278f", "#3f007d"),
    "Oranges": ("#fff5eb", "#fee6ce", "#fdd0a2", "#fdae6b", "#fd8d3c", "#f16913", "#d94801",
                "#a63603", "#7f2704"),
    "viridis": ("#fde725", "#b5de2b", "#6ece58", "#35b779", "#1f9e89", "#26828e", "#31688e",
                "#3e4989", "#482878", "#440154"),
}
DIVERGING = {
    "PuOr": ("#7f3b08", "#b35806", "#e08214", "#fdb863", "#fee0b6", "#f7f7f7", "#d8daeb",
             "#b2abd2", "#8073ac", "#542788", "#2d004b"),
    "RdBu": ("#67001f", "#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7", "#d1e5f0",
             "#92c5de", "#4393c3", "#2166ac", "#053061"),
}
PALETTES = {**SEQUENTIAL, **DIVERGING}
DEFAULT_PALETTE = "YlGnBu"

# Special classes: light grey for "no data", a clearly darker mid grey for "suppressed"; both
# neutral so they never read as a data class, and distinct from the lightest class colours.
NO_DATA_COLOR = "#e0e0e0"
SUPPRESSED_COLOR = "#8c8c8c"
# Diverging schemes have a neutral near-white middle class (#f7f7f7): their special classes are
# darker so they never pass for it.
NO_DATA_COLOR_DIVERGING = "#bdbdbd"
SUPPRESSED_COLOR_DIVERGING = "#6e6e6e"
BORDER_COLOR = "#737373"

# Categorical colours for series/sectors: Okabe–Ito (colour-blind safe), without pure yellow on
# white; and the qualitative roles used in charts.
CATEGORICAL = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999",
               "#000000")
ROLE_COLORS = {
    "primary": "#0072B2",    # the selected area / achieved
    "accent": "#E69F00",     # target / expected marker
    "peer": "#8c8c8c",       # peers / context
    "country": "#000000",
    "voivodeship": "#CC79A7",
    "baseline": "#bdbdbd",
}
STATUS_COLORS = {"green": "#009E73", "amber": "#E69F00", "red": "#D55E00"}  # Okabe–Ito


def class_colors(palette: str = DEFAULT_PALETTE, k: int = 5) -> list[str]:
    """k colours (light -> dark for sequential schemes) spread evenly over the palette.

    ColorBrewer sequential schemes skip their near-white first stops (interpolating between the
    remaining stops when needed) so the first class stays distinct from the white background and
    the light-grey no-data colour; diverging schemes keep their symmetric stops."""
    if palette not in PALETTES:
        raise ValueError(f"unknown palette {palette!r}; one of {sorted(PALETTES)}")
    cols = PALETTES[palette]
    if k <= 0:
        return []
    if k == 1:
        return [cols[len(cols) // 2]]
    if palette in DIVERGING:
        idx = np.round(np.linspace(0, len(cols) - 1, k)).astype(int)
        return [cols[i] for i in idx]
    # Blues/Purples/Oranges are still near-white at stop 1: start one stop darker.
    start = {"viridis": 0, "YlGnBu": 1}.get(palette, 2)
    out = []
    for pos in np.linspace(start, len(cols) - 1, k):
        lo = int(np.floor(pos + 1e-9))
        frac = pos - lo
        if frac < 1e-6 or lo >= len(cols) - 1:
            out.append(cols[min(lo, len(cols) - 1)])
            continue
        a, b = _hex_to_rgb(cols[lo]), _hex_to_rgb(cols[lo + 1])
        rgb = [round((x + (y - x) * frac) * 255) for x, y in zip(a, b)]
        out.append("#{:02x}{:02x}{:02x}".format(*rgb))
    return out


def special_colors(palette: str = DEFAULT_PALETTE) -> tuple[str, str]:
    """(no-data colour, suppressed colour) to use with the palette."""
    if palette in DIVERGING:
        return NO_DATA_COLOR_DIVERGING, SUPPRESSED_COLOR_DIVERGING
    return NO_DATA_COLOR, SUPPRESSED_COLOR


def _hex_to_rgb(color: str) -> tuple[float, float, float]:
    c = color.strip()
    if c.startswith("rgb"):
        parts = c[c.index("(") + 1:c.index(")")].split(",")
        return tuple(float(p) / 255 for p in parts[:3])
    c = c.lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    return tuple(int(c[i:i + 2], 16) / 255 for i in (0, 2, 4))


def relative_luminance(color: str) -> float:
    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(v) for v in _hex_to_rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_color_for(background: str) -> str:
    """Black or white, whichever contrasts more with the background (WCAG)."""
    return "#000000" if contrast_ratio(background, "#000000") >= contrast_ratio(background, "#ffffff") \
        else "#ffffff"


# --- breaks -----------------------------------------------------------------------------------
def _valid(values) -> np.ndarray:
    x = np.asarray(values, dtype=float).ravel()
    return x[np.isfinite(x)]


def quantile_breaks(values, k: int) -> list[float]:
    """Upper class edges at the data values of ranks ceil(i·n/k) (numpy 'inverted_cdf', computed in
    integers so 0.6·10 is exactly 6)."""
    x = np.sort(_valid(values))
    n = x.size
    if n == 0:
        return []
    qs = [x[-(-i * n // k) - 1] for i in range(1, k)]
    return _finish([x[0], *qs, x[-1]])


def equal_interval_breaks(values, k: int) -> list[float]:
    x = _valid(values)
    if x.size == 0:
        return []
    lo, hi = float(x.min()), float(x.max())
    if lo == hi:
        return [lo, hi]
    edges = [lo + (hi - lo) * i / k for i in range(k + 1)]
    edges[-1] = hi
    return _finish(edges)


def jenks_breaks(values, k: int) -> list[float]:
    """Fisher–Jenks optimal natural breaks: [min, upper edge of class 1, …, max].

    Dynamic programme over the distinct sorted values u_1..u_m with weights (counts) w:
    cost[j][i] = min over s of cost[j-1][s-1] + SSD(u_s..u_i), SSD from prefix sums. Ties between
    equally good partitions go to the smallest split index, so the result is deterministic."""
    x = _valid(values)
    if x.size == 0:
        return []
    u, w = np.unique(x, return_counts=True)
    m = u.size
    k = min(k, m)
    if k <= 1:
        return [float(u[0]), float(u[-1])]
    w = w.astype(float)
    s0 = np.concatenate([[0.0], np.cumsum(w)])
    s1 = np.concatenate([[0.0], np.cumsum(w * u)])
    s2 = np.concatenate([[0.0], np.cumsum(w * u * u)])

    # ssd[a, b]: within-group sum of squares of distinct values a..b (0-based, inclusive).
    a = np.arange(m)[:, None]
    b = np.arange(m)[None, :]
    n_ab = s0[b + 1] - s0[a]
    sum_ab = s1[b + 1] - s1[a]
    with np.errstate(invalid="ignore", divide="ignore"):
        ssd = (s2[b + 1] - s2[a]) - sum_ab * sum_ab / n_ab
    ssd = np.where(b >= a, np.maximum(ssd, 0.0), np.inf)

    cost = np.full((k, m), np.inf)
    arg = np.zeros((k, m), dtype=int)  # start index of the last class
    cost[0] = ssd[0]
    for j in range(1, k):
        # last class starts at s (1..i): total = cost[j-1][s-1] + ssd[s, i]
        prev = np.concatenate([[np.inf], cost[j - 1][:-1]])  # prev[s] = cost[j-1][s-1]
        tot = prev[:, None] + ssd  # tot[s, i]
        arg[j] = np.argmin(tot, axis=0)  # first minimum: smallest s
        cost[j] = tot[arg[j], np.arange(m)]
    # Backtrack the class starts.
    uppers = []
    i = m - 1
    for j in range(k - 1, 0, -1):
        s = arg[j][i]
        uppers.append(float(u[s - 1]))
        i = s - 1
    uppers.reverse()
    return _finish([float(u[0]), *uppers, float(u[-1])])


def _finish(edges) -> list[float]:
    """Sorted, de-duplicated floats: tied quantiles collapse into one break. The first upper edge
    may equal the minimum (a first class holding only the minimum value)."""
    out: list[float] = []
    for e in edges:
        e = float(e)
        if not out or e > out[-1] or (len(out) == 1 and e == out[0]):
            out.append(e)
    if len(out) == 1:
        out.append(out[0])
    return out


BREAK_FUNCTIONS = {"quantiles": quantile_breaks, "equal_interval": equal_interval_breaks,
                   "jenks": jenks_breaks}


def assign_classes(values, breaks) -> np.ndarray:
    """Class index (0..k-1) of each value given k+1 breaks, right-closed; NaN -> NO_DATA."""
    x = np.asarray(values, dtype=float).ravel()
    out = np.full(x.shape, NO_DATA, dtype=int)
    ok = np.isfinite(x)
    if len(breaks) < 2:
        return out
    inner = np.asarray(breaks[1:-1], dtype=float)
    k = len(breaks) - 1
    cls = np.searchsorted(inner, x[ok], side="left")
    out[ok] = np.clip(cls, 0, k - 1)
    return out


# --- the result -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Classification:
    method: str
    k_requested: int
    breaks: tuple[float, ...]      # k + 1 edges (empty when nothing is valid)
    classes: np.ndarray            # per value: 0..k-1, NO_DATA or SUPPRESSED
    integer_data: bool             # every valid value is a whole number
    one_value_each: bool = False   # as many classes as distinct values: a class is one value

    @property
    def k(self) -> int:
        """The number of classes actually used (may be below the requested k)."""
        return max(len(self.breaks) - 1, 0)

    @property
    def counts(self) -> tuple[int, ...]:
        return tuple(int((self.classes == i).sum()) for i in range(self.k))

    @property
    def n_no_data(self) -> int:
        return int((self.classes == NO_DATA).sum())

    @property
    def n_suppressed(self) -> int:
        return int((self.classes == SUPPRESSED).sum())

    def labels(self, lang: str = "pl", unit: str | None = "number",
               decimals: int | None = None) -> list[str]:
        """Human labels of the k classes, e.g. '0,0 – 12,5' (pl) / '0.0 – 12.5' (en)."""
        if self.one_value_each:  # '0 %' and '100 %', not '0 %' and '0 % – 100 %'
            d = fmt.unit_decimals(unit) if decimals is None else decimals
            return [fmt.format_value(v, unit, lang, d) for v in self.breaks[1:]]
        return legend_labels(self.breaks, lang, unit, decimals, integer_data=self.integer_data)

    def colors(self, palette: str = DEFAULT_PALETTE) -> list[str]:
        return class_colors(palette, self.k)


def classify(values, k: int = 5, method: str = "quantiles", suppressed=None) -> Classification:
    """Classify values into k (2–9) classes. `suppressed`: optional boolean mask of the same
    length; those values get SUPPRESSED and take no part in the breaks."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    k = int(k)
    if not MIN_K <= k <= MAX_K:
        raise ValueError(f"k must be between {MIN_K} and {MAX_K}, got {k}")
    x = np.asarray(values, dtype=float).ravel().copy()
    mask = np.zeros(x.shape, dtype=bool)
    if suppressed is not None:
        mask = np.asarray(suppressed, dtype=object).ravel()
        mask = np.array([bool(v) if v is not None and v == v else False for v in mask])
        if mask.shape != x.shape:
            raise ValueError("suppressed mask and values differ in length")
    x[mask] = np.nan
    valid = x[np.isfinite(x)]
    n_distinct = np.unique(valid).size
    k_eff = min(k, n_distinct)
    one_value_each = method != "equal_interval" and 0 < n_distinct <= k
    if one_value_each:
        u = np.unique(valid)  # as many classes as distinct values: one class each
        breaks = _finish([u[0], *u])
    else:
        breaks = BREAK_FUNCTIONS[method](valid, k_eff) if k_eff else []
    classes = assign_classes(x, breaks)
    classes[mask] = SUPPRESSED
    integer_data = bool(valid.size) and bool(np.all(valid == np.round(valid)))
    return Classification(method, k, tuple(breaks), classes, integer_data, one_value_each)


def legend_labels(breaks, lang: str = "pl", unit: str | None = "number", decimals: int | None = None,
                  integer_data: bool = False) -> list[str]:
    """'lower – upper' for each class, formatted per language and unit (spaced en dash).

    With whole-number data shown without decimals, each label spans the whole numbers the class
    holds ('0 – 4', '5 – 9'), so no label overlaps; otherwise edges are shared ('0,0 – 12,5',
    '12,5 – 25,0'), the value on an edge belonging to the lower class. A class whose edges
    coincide (all values equal) is labelled with the single value."""
    b = list(breaks)
    if len(b) < 2:
        return []
    d = fmt.unit_decimals(unit) if decimals is None else decimals
    percent = (unit or "number") in fmt.PERCENT_UNITS

    def f(v: float) -> str:
        return fmt.format_value(v, unit, lang, d)

    whole = integer_data and d == 0 and not percent
    labels = []
    for i in range(len(b) - 1):
        lo, hi = b[i], b[i + 1]
        if whole:  # the whole numbers inside the class: lo < v <= hi (first class: lo <= v)
            lo_i = math.ceil(lo) if i == 0 else math.floor(lo) + 1
            hi_i = math.floor(hi)
            if lo_i <= hi_i:
                lo, hi = lo_i, hi_i
        if lo >= hi or f(lo) == f(hi):
            labels.append(f(hi))
        elif i > 0 and b[i - 1] == b[i] and not whole:
            # The class before holds exactly this edge value (e.g. all the zeros): say "above".
            labels.append(f"> {f(lo)} – {f(hi)}")
        else:
            labels.append(f"{f(lo)} – {f(hi)}")
    return labels
