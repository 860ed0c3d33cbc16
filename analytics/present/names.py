"""Names of places for people, in one place: map tooltips, headlines, tables, the Compare page and
exports all call these, so a unit is called the same everywhere.

    unit_name(row, level, lang)   'powiat bolesławiecki', 'Wrocław', 'województwo mazowieckie'
    short_name(name, level, type) 'pow. bolesławiecki', 'm. Wrocław', 'woj. mazowieckie'
    place_name(level, row, lang)  unit_name, and 'Polska' / 'Poland' for the country
    area_label(area, lang)        a Compare area: a partner, a unit, or 'pow. a + pow. b i 2 więcej'
"""
from __future__ import annotations

from analytics.present.i18n import t


def unit_name(row, level: str, lang: str) -> str:
    """A display name: 'powiat bolesławiecki', 'Wrocław', 'województwo mazowieckie' (pl) /
    'mazowieckie voivodeship' (en). `row` has `name` and, for powiats, `name_full`."""
    if level == "voivodeship":
        return t("name.voivodeship", lang, name=row["name"])
    return row["name_full"]


def place_name(level: str, row, lang: str) -> str:
    """unit_name, or the country's name."""
    if level == "country":
        return t("level.country", lang)
    return unit_name(row, level, lang)


def short_name(name: str, level: str, powiat_type: str | None, lang: str = "pl") -> str:
    """'pow. bolesławiecki' / 'm. Wrocław' / 'woj. dolnośląskie' (English: 'powiat bolesławiecki',
    'city of Wrocław', 'dolnośląskie voivodeship')."""
    if level == "voivodeship":
        return t("compare.unit_voivodeship", lang, name=name)
    if powiat_type == "city":
        return t("compare.unit_city", lang, name=name)
    return t("compare.unit_powiat", lang, name=name)


def area_unit_names(area, lang: str = "pl") -> list[str]:
    """Short names of an area's units (metrics.areas.Area.units: (name, level, powiat_type))."""
    return [short_name(n, lv, pt, lang) for n, lv, pt in area.units]


def area_label(area, lang: str = "pl") -> str:
    """The area's name for people: 'Stowarzyszenie X (partner lokalny)', 'woj. dolnośląskie',
    'pow. bolesławiecki', 'm. Wrocław', or for a custom set 'pow. a + pow. b i 1 więcej'."""
    if area.kind == "partner":
        return t(f"compare.partner_{area.tier or 'local'}", lang, name=area.name)
    names = area_unit_names(area, lang)
    if area.kind in ("voivodeship", "powiat"):
        return names[0]
    if len(names) <= 3:
        return " + ".join(names)
    return " + ".join(names[:2]) + " " + t("compare.and_more", lang, n=len(names) - 2)


# Polish alphabetical order (ą after a, ł after l, ś after s, ź and ż after z), for every sorted list
# of names; Python's own order puts every letter with a diacritic after "z" (łódzkie after
# wielkopolskie). Other letters follow the alphabet; spaces, digits and
# punctuation come before letters ("biała plama" before "białe").
_ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_ORDER = {c: i for i, c in enumerate(_ALPHABET)}


def collation_key(text) -> tuple:
    """A sort key putting names in Polish alphabetical order, case aside (ties: the text itself);
    a missing name (None, NaN) last."""
    if not isinstance(text, str):
        return (1,), ""
    return (0, *((_ORDER[c], 0) if c in _ORDER else (len(_ALPHABET), ord(c)) if c.isalpha() else (-1, ord(c))
                 for c in text.lower())), text


def sort_names(items, key=lambda x: x) -> list:
    """`items` sorted by Polish collation of `key(item)`."""
    return sorted(items, key=lambda x: collation_key(key(x)))
