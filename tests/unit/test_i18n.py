import string

import pytest

from analytics.present import i18n
from analytics.present.i18n import t


def _fields(s):
    return {f for _, f, _, _ in string.Formatter().parse(s) if f}


def test_both_languages_have_the_same_keys_and_non_empty_values():
    pl, en = i18n.CATALOGUE["pl"], i18n.CATALOGUE["en"]
    assert set(pl) == set(en)
    assert len(pl) > 150
    for lang, cat in i18n.CATALOGUE.items():
        for key, value in cat.items():
            assert isinstance(value, str) and value.strip(), (lang, key)


def test_placeholders_match_between_languages():
    for key in i18n.CATALOGUE["pl"]:
        assert _fields(i18n.CATALOGUE["pl"][key]) == _fields(i18n.CATALOGUE["en"][key]), key


def test_pages_and_controls():
    pages = ["overview", "coverage", "coalitions", "plans", "volunteers", "compare", "export", "data"]
    assert [t(f"page.{p}", "pl") for p in pages] == [
        "Przegląd", "Pokrycie", "Koalicje", "Plany rozwoju", "Wolontariusze i organizatorzy",
        "Porównanie", "Eksport", "Dane"]
    assert [t(f"page.{p}", "en") for p in pages] == [
        "Overview", "Coverage", "Coalitions", "Development plans", "Volunteers and organisers",
        "Compare", "Export", "Data"]
    assert t("control.as_of", "pl") == "Data stanu" and t("control.as_of", "en") == "As-of date"
    assert i18n.options("classify", "pl") == {
        "quantiles": "kwantyle", "equal_interval": "równe przedziały",
        "jenks": "naturalne przerwy (Jenks)"}
    assert i18n.options("level", "en") == {"country": "Poland", "voivodeship": "voivodeships",
                                           "powiat": "powiats"}


def test_format_and_fallbacks():
    assert t("empty.no_data_voivodeship", "pl", name="mazowieckie") == "Brak danych dla województwa mazowieckie."
    assert t("legend.suppressed", "pl", label="<10") == "<10 / dane ukryte"
    assert t("legend.suppressed", "en", label="<5") == "<5 / suppressed"
    assert t("map.rank", "pl", rank=12, n=380) == "12. z 380"
    assert t("map.rank", "en", rank=12, n=380) == "12 of 380"
    assert t("page.overview", "xx") == "Przegląd"  # unknown language -> Polish
    with pytest.warns(UserWarning):
        assert t("no.such.key", "en") == "no.such.key"


def test_enums_cover_the_data_contract():
    from analytics.data import schema
    for code in schema.SECTORS:
        assert i18n.has(f"sector.{code}")
    for code in schema.MEMBER_SECTORS:
        assert i18n.has(f"member_type.{code}")
    for code in schema.ACTIVITY_TYPES:
        assert i18n.has(f"activity.{code}")
    for code in schema.PLAN_STATUSES:
        assert i18n.has(f"plan_status.{code}")
    for code in schema.PLAN_INDICATOR_CODES:
        assert i18n.has(f"plan_indicator.{code}")
    for code in schema.TABLES_BY_NAME["organisers"].column("type").enum:
        assert i18n.has(f"organiser_type.{code}")
    for code in schema.TABLES_BY_NAME["volunteers"].column("sex").enum:
        assert i18n.has(f"sex.{code}")
    for code in ("green", "amber", "red"):
        assert i18n.has(f"status.{code}")
    assert i18n.enum_label("plan_level", "regional", "pl") == "regionalny"
    assert i18n.enum_label("plan_level", "local", "en") == "local"
    assert i18n.enum_label("sector", "unknown_code", "pl") == "unknown_code"


def test_age_bands():
    assert i18n.age_band_label("18-24", "pl") == "18–24 lata"
    assert i18n.age_band_label("25–35", "pl") == "25–35 lat"
    assert i18n.age_band_label("18-24", "en") == "18–24"
    assert i18n.age_band_label("65+", "pl") == "65 lat i więcej"
    assert i18n.age_band_label("65+", "en") == "65 and over"
    assert i18n.age_band_label("<18", "pl") == "poniżej 18 lat"
    assert i18n.age_band_label("65_plus", "en") == "65 and over"
    assert i18n.age_band_label(None, "pl") == "wiek nieznany"
