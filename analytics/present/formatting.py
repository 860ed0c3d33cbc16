"""Number, unit and date formatting for Polish (default) and English.

Polish: non-breaking space (U+00A0) between thousands, decimal comma: 12 345,6; 45,2%; 23.11.2026.
English: 12,345.6; 45.2%; 23 Nov 2026.

Units (the `unit` of an indicator):
  count     whole number, no decimals                      12 345
  share     a fraction 0–1 shown as a percentage, 1 dec.  0.452 -> 45,2%
  index     a fraction 0–1 (e.g. plan completion) as %    0.87  -> 87,0%
  per_10k   rate per 10 000 residents, 1 decimal           12,5
  per_100k  rate per 100 000 residents, 1 decimal          3,4
  hours     volunteering hours, no decimals                1 234
  number    plain number, 1 decimal                        12,3
Missing values (None, NaN, ±inf) format as `na` ("–" unless given).
"""
from __future__ import annotations

import datetime as dt
import math
import re
from numbers import Number

import pandas as pd

from analytics.access import privacy

NBSP = "\u00a0"
LANGS = ("pl", "en")
DEFAULT_LANG = "pl"
NA = "–"

UNITS = ("count", "share", "index", "per_10k", "per_100k", "hours", "number")
PERCENT_UNITS = ("share", "index")
UNIT_DECIMALS = {"count": 0, "share": 1, "index": 1, "per_10k": 1, "per_100k": 1, "hours": 0,
                 "number": 1}

# Suppression thresholds of small counts (privacy): shown instead of the value.

# Each language's writing rules as data (the functions below hold no per-language branch):
# the decimal mark and thousands separator, the date patterns and the month names they use.
SEPARATORS = {"pl": (",", NBSP), "en": (".", ",")}
DATE_PATTERNS = {
    "pl": {"short": "{day:02d}.{month:02d}.{year}", "long": "{day} {month_gen} {year}"},
    "en": {"short": "{day} {month_short} {year}", "long": "{day} {month_name} {year}"},
}
# The CSV variant a language's users open by double-click (see exports.csv_bytes).
CSV_VARIANT = {"pl": "excel_pl", "en": "utf8"}
# Streamlit's st.date_input `format` for each language.
DATE_INPUT_FORMAT = {"pl": "DD.MM.YYYY", "en": "YYYY-MM-DD"}

_UNIT_SUFFIX = {
    "pl": {"per_10k": "na 10 tys. mieszk.", "per_100k": "na 100 tys. mieszk.", "hours": "godz."},
    "en": {"per_10k": "per 10k residents", "per_100k": "per 100k residents", "hours": "h"},
}

MONTHS = {
    "pl": ("styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec", "sierpień",
           "wrzesień", "październik", "listopad", "grudzień"),
    "pl_gen": ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
               "września", "października", "listopada", "grudnia"),
    "pl_short": ("sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    "en_short": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
# MONTHS keys per language: (full name, short name, genitive for dates)
_MONTH_KEYS = {"pl": ("pl", "pl_short", "pl_gen"), "en": ("en", "en_short", "en")}


def norm_lang(lang: str | None) -> str:
    """'pl' or 'en' (anything unknown falls back to Polish)."""
    lang = (lang or DEFAULT_LANG).lower()[:2]
    return lang if lang in LANGS else DEFAULT_LANG


def is_missing(x) -> bool:
    if x is None:
        return True
    try:
        return not math.isfinite(float(x))
    except (TypeError, ValueError):
        return True


def format_number(x, lang: str = "pl", decimals: int = 0, na: str = NA, sign: bool = False) -> str:
    """12345.6 -> '12 345,6' (pl, NBSP) / '12,345.6' (en). `sign` adds '+' to positive values."""
    if is_missing(x):
        return na
    x = float(x)
    s = f"{x:,.{decimals}f}"
    if s.lstrip("-").strip("0.,") == "":  # rounds to zero: no "-0"
        s = s.lstrip("-")
    if sign and x > 0 and s.strip("0.,"):
        s = "+" + s
    decimal, thousands = SEPARATORS[norm_lang(lang)]
    return s.translate(str.maketrans({",": thousands, ".": decimal}))


def format_percent(fraction, lang: str = "pl", decimals: int = 1, na: str = NA,
                   sign: bool = False) -> str:
    """0.452 -> '45,2%' / '45.2%' (the argument is a fraction, not a percentage)."""
    if is_missing(fraction):
        return na
    return format_number(float(fraction) * 100, lang, decimals, na, sign) + "%"


def unit_decimals(unit: str | None) -> int:
    return UNIT_DECIMALS.get(unit or "number", 1)


def format_value(x, unit: str | None = "number", lang: str = "pl", decimals: int | None = None,
                 with_unit: bool = False, na: str = NA) -> str:
    """Format a value by its unit (see module doc). `with_unit` appends the rate/hours suffix:
    '12,5 na 10 tys. mieszk.', '1 234 godz.'; percentages always carry '%'."""
    unit = unit or "number"
    d = unit_decimals(unit) if decimals is None else decimals
    if unit in PERCENT_UNITS:
        return format_percent(x, lang, d, na)
    s = format_number(x, lang, d, na)
    if with_unit and s != na:
        suffix = _UNIT_SUFFIX[norm_lang(lang)].get(unit)
        if suffix:
            s = f"{s}{NBSP}{suffix}"
    return s


# The one vocabulary of empty cells (as in official statistics), explained by a legend line wherever
# it appears (ui/widgets.empty_legend): "–" nothing happened (a zero count, zero hours, a zero rate),
# "brak danych" no data or not applicable (no coalition, no population, a table not provided),
# "<10" / "<5" / "#" protected (access/privacy.py).
ZERO = NA
NO_DATA = {"pl": "brak danych", "en": "no data"}
ZERO_UNITS = ("count", "hours", "per_10k", "per_100k")


def no_data(lang: str = "pl") -> str:
    return NO_DATA[norm_lang(lang)]


def format_cell(x, unit: str | None = "number", lang: str = "pl", decimals: int | None = None,
                with_unit: bool = False) -> str:
    """A value for people in the empty-cell vocabulary: missing -> 'brak danych' / 'no data', an
    exact zero of a count, hours or rate -> '–' (nothing happened), else `format_value`. Shares
    keep '0,0%': a measured share of nothing."""
    if is_missing(x):
        return no_data(lang)
    if (unit or "number") in ZERO_UNITS and float(x) == 0:
        return ZERO
    return format_value(x, unit, lang, decimals, with_unit=with_unit)


def suppressed_label(level: str = "powiat", code: str | None = None) -> str:
    """What stands in for a hidden value (access/privacy.py decides): '<10' / '<5' for a count of
    people, '#' for a value derived from one (hours, rates, per-capita) when `code` says so."""
    return privacy.hidden_label(code, level) if code else privacy.cell_label(level)


def _as_date(d) -> dt.date | None:
    if d is None or d is pd.NaT:
        return None
    if isinstance(d, dt.datetime):
        return d.date()
    if isinstance(d, dt.date):
        return d
    if hasattr(d, "to_pydatetime"):  # pandas Timestamp
        try:
            return d.to_pydatetime().date()
        except ValueError:  # NaT
            return None
    if isinstance(d, str):
        try:
            return dt.date.fromisoformat(d[:10])
        except ValueError:
            return None
    if isinstance(d, Number):
        return None
    return None


def format_date(d, lang: str = "pl", style: str = "short", na: str = NA) -> str:
    """Dates: style 'short' -> '23.11.2026' / '23 Nov 2026'; 'long' -> '23 listopada 2026' /
    '23 November 2026'; 'iso' -> '2026-11-23'. Accepts date, datetime, Timestamp or ISO string."""
    d = _as_date(d)
    if d is None:
        return na
    lang = norm_lang(lang)
    if style == "iso":
        return d.isoformat()
    full, short, gen = (MONTHS[k][d.month - 1] for k in _MONTH_KEYS[lang])
    pattern = DATE_PATTERNS[lang]["long" if style == "long" else "short"]
    return pattern.format(day=d.day, month=d.month, year=d.year, month_name=full, month_short=short,
                          month_gen=gen)


def format_month(d, lang: str = "pl", short: bool = False, na: str = NA) -> str:
    """A month: 'listopad 2026' / 'November 2026'; short: 'lis 2026' / 'Nov 2026'."""
    d = _as_date(d)
    if d is None:
        return na
    key = _MONTH_KEYS[norm_lang(lang)][1 if short else 0]
    return f"{MONTHS[key][d.month - 1]} {d.year}"


def plotly_separators(lang: str = "pl") -> str:
    """The value of plotly's `layout.separators` (decimal mark, then thousands separator)."""
    return "".join(SEPARATORS[norm_lang(lang)])


def d3_format(unit: str | None, decimals: int | None = None) -> str:
    """A d3 format for plotly axes/hover of a unit (separators come from `plotly_separators`)."""
    unit = unit or "number"
    d = unit_decimals(unit) if decimals is None else decimals
    if unit in PERCENT_UNITS:
        return f",.{d}%"
    return f",.{d}f"


# --- text from input files (issue 14 item 9) --------------------------------------------------------
# Names and titles come from partners' files: on a page they are text, never Markdown or HTML.
_MD_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~:$&@=\"'%^;/?,")


WORD_JOINER = "\u2060"  # invisible; breaks a pattern without changing what is shown
# Patterns Streamlit's Markdown finds in text after escapes are resolved (GFM autolink literals
# http://, www., e-mail addresses; :colour[...] directives, :emoji: and :material/icon: codes):
# a word joiner inside each keeps them text.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z]:)(?=//)|(?<=www)(?=\.)|(?<=@)|(?<=:)(?=[a-z])")


def md_text(text, na: str = NA) -> str:
    """A name or title from an input file made safe for st.markdown / st.caption / st.info / tab
    and expander labels (Streamlit renders Markdown there): every ASCII punctuation character is
    backslash-escaped (CommonMark shows it as itself), so no link, image, HTML tag, heading or
    formula comes out; autolinks (http://, www., a@b.pl), colour directives and icon codes get an
    invisible word joiner (U+2060), because Streamlit finds those after escapes are resolved;
    line breaks become spaces. None / NaN give `na`."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return na
    s = " ".join(str(text).split())  # newlines, tabs: one space (no new Markdown block)
    s = _AUTOLINK.sub(WORD_JOINER, s)
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in s)


def html_text(text, na: str = "") -> str:
    """A name or title from an input file for an HTML page or plotly's pseudo-HTML: & < > " '
    as entities."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return na
    import html as _html
    return _html.escape(str(text), quote=True)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$")
_DOT_NUMBER = re.compile(r"^-?\d+\.\d+$")


def _decimals_needed(values, most: int = 3) -> int:
    """The fewest decimals (up to `most`) that show every value as it is, rounded to `most`."""
    need = 0
    for v in values:
        text = f"{round(float(v), most):.{most}f}".rstrip("0")
        need = max(need, len(text.partition(".")[2]))
    return need


def format_table(df: pd.DataFrame, lang: str = "pl", units: dict | None = None, na: str | None = None) -> pd.DataFrame:
    """The one path of every table shown on screen: numbers with the language's decimal mark and
    thousands separator (a column's unit from `units`, else whole numbers as such and fractions with
    the decimals they need, at most 3), dates DD.MM.YYYY / 23 Nov 2026, ISO-date and dot-decimal
    texts as dates and numbers; missing values 'brak danych' (or `na`). Yes/no columns stay as they
    are. Downloads keep the raw values (exports.py)."""
    na = no_data(lang) if na is None else na
    out = pd.DataFrame(index=df.index)
    for c in df.columns:
        col = df[c]
        unit = (units or {}).get(c)
        if pd.api.types.is_bool_dtype(col):
            out[c] = col
        elif pd.api.types.is_datetime64_any_dtype(col):
            out[c] = [format_date(v, lang, na=na) for v in col]
        elif pd.api.types.is_numeric_dtype(col):
            if unit:
                out[c] = [format_cell(v, unit, lang) for v in col]
            else:
                present = [v for v in col if not is_missing(v)]
                d = _decimals_needed(present)
                out[c] = [na if is_missing(v) else format_number(v, lang, d) for v in col]
        else:
            out[c] = [_format_object(v, lang, na) for v in col]
    return out


def _format_object(v, lang: str, na: str):
    """A cell of a text column: dates and dot-decimal numbers written the language's way."""
    if v is None or v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
        return na
    if isinstance(v, (dt.date, pd.Timestamp)):
        return format_date(v, lang, na=na)
    if isinstance(v, bool):
        return v
    if isinstance(v, Number):
        return format_number(v, lang, _decimals_needed([v]))
    if isinstance(v, str):
        if _ISO_DATE.match(v):
            return format_date(v, lang, na=na)
        if _DOT_NUMBER.match(v):
            return format_number(float(v), lang, len(v.partition(".")[2]))
    return v
