"""The one catalogue of UI strings, Polish first and English complete.

    t("page.coverage", "pl")                      -> "Pokrycie"
    t("empty.no_data_voivodeship", "en", name="mazowieckie")
    t("coalitions.list_title", "pl", where="Polska", n=22)   -> "… 22 aktywne koalicje …"
    enum_label("sector", "civic", "pl")           -> "obywatelski"
    options("classify", "pl")                     -> {"quantiles": "kwantyle", ...}
    plural(22, "pl")                              -> "few"
    plan_indicator_label(name, "trainings", "en") -> "Trainings" (input-file text is Polish)

Every key holds a (Polish, English) pair, so the two languages cannot drift apart; `CATALOGUE`
exposes them per language. Placeholders use str.format names ({date}, {name}, {n}).

Plural entries. Where a count meets a noun, each language's side of the pair is a dict of its
plural forms instead of a string: Polish {"one", "few", "many"} (1 koalicja; 2-4, 22-24 koalicje;
0, 5-21, 25-31, 112 koalicji), English {"one", "other"} (1 coalition, 2 coalitions). `t(key, lang,
n=count)` picks the form for `n` (see `plural`), and `{n}` in the form is the count written the
language's way (1 234 / 1,234). Counts are whole numbers; a fraction takes the last form.

The tables live in one module per area, so that people adding strings to different pages do not
edit the same file; a key's prefix says where it lives:
    app          app.*, page.*, control.*, sidebar.*, footer.*, common.*, metric.*, level*.*,
                 name.*, classify.*, lang.*, palette.*, empty.*, msg.*, group.* (indicator groups)
    charts       legend.*, map.*, chart.*, unit.*, status.*, summary.* (map text alternatives),
                 source.*
    enums        codes of the data contract: sex.*, age.*, sector.*, member_type.*, ...
    overview, coverage, coalitions, plans, volunteers, compare, export   one per page
    admin        auth.*, role.* (sign-in) and data.* (the Data page)
    files        exports.* (exported tables and metadata) and report.* (the evaluator bundle)
    protection   protection.* (the small-count protection texts of exports and reports)
A key defined in two modules stops the import (ValueError); tests/unit/test_i18n.py also finds a
key written twice in one module, and checks keys, plural forms and placeholders match between
the languages.
"""
from __future__ import annotations

import re
import warnings

from analytics.present.formatting import LANGS, format_number, norm_lang
from analytics.present.i18n import (about, admin, app, charts, coalitions, compare, coverage, enums, export,
                                    files, overview, plans, protection, volunteers)
from analytics.present.i18n import network, partners

MODULES = (app, charts, enums, overview, coverage, coalitions, plans, volunteers, compare, export,
           admin, files, protection, about, network, partners)

# The plural forms of each language, in the order of the languages' grammars (CLDR categories).
FORMS: dict[str, tuple[str, ...]] = {"pl": ("one", "few", "many"), "en": ("one", "other")}


def _merge(modules) -> dict[str, tuple]:
    """Every module's STRINGS in one dict; a key in two modules or a malformed entry is an error."""
    out: dict[str, tuple] = {}
    where: dict[str, str] = {}
    for mod in modules:
        name = mod.__name__.rpartition(".")[2]
        for key, entry in mod.STRINGS.items():
            if key in out:
                raise ValueError(f"i18n: key {key!r} defined in both {where[key]} and {name}")
            if not (isinstance(entry, tuple) and len(entry) == len(LANGS)):
                raise ValueError(f"i18n: {name}.{key} must be a ({', '.join(LANGS)}) pair")
            kinds = {isinstance(v, dict) for v in entry}
            if kinds == {True}:
                for lang, forms in zip(LANGS, entry):
                    if tuple(forms) != FORMS[lang]:
                        raise ValueError(f"i18n: {name}.{key} ({lang}) must have the forms {FORMS[lang]}")
            elif kinds != {False} or not all(isinstance(v, str) for v in entry):
                raise ValueError(f"i18n: {name}.{key} must be strings, or plural forms in every language")
            out[key] = entry
            where[key] = name
    return out


_S = _merge(MODULES)

CATALOGUE: dict[str, dict[str, str | dict[str, str]]] = {
    lang: {k: v[i] for k, v in _S.items()} for i, lang in enumerate(LANGS)
}


def _polish(n: int) -> str:
    if n == 1:
        return "one"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return "few"
    return "many"


def _english(n: int) -> str:
    return "one" if n == 1 else "other"


_RULES = {"pl": _polish, "en": _english}


def plural(n, lang: str = "pl") -> str:
    """The plural form of the count n in lang: 'one' | 'few' | 'many' (Polish: 1 koalicja,
    2 koalicje, 5 koalicji, 12 koalicji, 22 koalicje), 'one' | 'other' (English). A fraction takes
    the last form."""
    lang = norm_lang(lang)
    x = abs(float(n))
    if not x.is_integer():
        return FORMS[lang][-1]
    return _RULES[lang](int(x))


def count_text(n, lang: str = "pl") -> str:
    """A count as written in lang ('1 234' / '1,234'); what `{n}` shows in a plural form."""
    x = float(n)
    return format_number(x, lang, 0 if x.is_integer() else 1)


def t(key: str, lang: str = "pl", n=None, **fmt) -> str:
    """The UI string for key in lang ('pl' | 'en'), formatted with fmt (and n).

    For a plural entry `n` (the count) chooses the form and `{n}` is the count written for the
    language; elsewhere `n` is an ordinary placeholder. An unknown key returns the key itself, and
    a plural entry without n its last form (both warn), so a slip never breaks a page."""
    lang = norm_lang(lang)
    entry = CATALOGUE[lang].get(key)
    if entry is None:
        warnings.warn(f"i18n: missing key {key!r}", stacklevel=2)
        return key
    if isinstance(entry, dict):
        if n is None:
            warnings.warn(f"i18n: {key!r} has plural forms; pass the count as n", stacklevel=2)
            entry = entry[FORMS[lang][-1]]
        else:
            entry = entry[plural(n, lang)]
            fmt["n"] = count_text(n, lang)
    elif n is not None:
        fmt["n"] = n
    return entry.format(**fmt) if fmt else entry


def has(key: str) -> bool:
    return key in _S


# Free text from the input files (plan titles, plan indicator names and units) is Polish.
DATA_LANG = "pl"


def shows_data_text(lang: str) -> bool:
    """Whether free text from the input files can be shown as it is in lang (it is Polish)."""
    return norm_lang(lang) == DATA_LANG


def plan_indicator_label(name, code: str, lang: str = "pl") -> str:
    """A plan indicator for people: the plan's own name (free text, Polish) where the interface
    speaks Polish and the plan gives one, else the label of its code, capitalised."""
    if shows_data_text(lang) and isinstance(name, str) and name.strip():
        return name
    label = enum_label("plan_indicator", code, lang)
    return label[:1].upper() + label[1:]


def enum_label(kind: str, code, lang: str = "pl") -> str:
    """Label of an enum code, e.g. enum_label('sex', 'F') -> 'kobiety'; unknown codes pass through."""
    key = f"{kind}.{code}"
    return CATALOGUE[norm_lang(lang)].get(key, str(code))


def options(kind: str, lang: str = "pl") -> dict[str, str]:
    """{code: label} of every key under `kind.` in catalogue order (for select boxes)."""
    prefix = kind + "."
    cat = CATALOGUE[norm_lang(lang)]
    return {k[len(prefix):]: v for k, v in cat.items() if k.startswith(prefix)}


_AGE = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+)|(\+))?\s*$")


def age_band_label(band: str | None, lang: str = "pl") -> str:
    """'18-24' -> '18–24 lata' / '18–24'; '65+' -> '65 lat i więcej'; '<18' -> 'poniżej 18 lat';
    catalogue keys ('18_24', '65_plus', 'unknown') work too; None -> 'wiek nieznany'."""
    lang = norm_lang(lang)
    if band is None or str(band).strip() == "" or str(band).lower() in ("unknown", "u", "nan"):
        return t("age.unknown", lang)
    s = str(band).strip()
    if has(f"age.{s}"):
        return t(f"age.{s}", lang)
    if s.startswith("<"):
        hi = s[1:].strip()
        return t("age.under", lang, n=_years(hi), hi=hi)
    m = _AGE.match(s)
    if not m:
        return s
    lo, hi, plus = m.groups()
    if plus:
        return t("age.plus", lang, n=int(lo), lo=lo)
    if hi:
        return t("age.range", lang, n=int(hi), lo=lo, hi=hi)
    return s


def _years(text: str) -> int:
    """The number of years in an age band's bound; 0 (the plural 'many' form) when it is none."""
    return int(text) if text.isdigit() else 0
