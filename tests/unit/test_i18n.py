import ast
import re
import string
import types
from pathlib import Path

import pytest

from analytics.present import i18n
from analytics.present.i18n import t

ROOT = Path(__file__).resolve().parents[2]
I18N_DIR = ROOT / "analytics" / "present" / "i18n"
NBSP = "\u00a0"


def _fields(s):
    return {f for _, f, _, _ in string.Formatter().parse(s) if f}


def _forms(value):
    """The strings of a catalogue value: itself, or every plural form."""
    return list(value.values()) if isinstance(value, dict) else [value]


def test_both_languages_have_the_same_keys_and_non_empty_values():
    pl, en = i18n.CATALOGUE["pl"], i18n.CATALOGUE["en"]
    assert set(pl) == set(en)
    assert len(pl) > 150
    for lang, cat in i18n.CATALOGUE.items():
        for key, value in cat.items():
            for form in _forms(value):
                assert isinstance(form, str) and form.strip(), (lang, key)


def test_placeholders_match_between_languages_and_plural_forms():
    for key in i18n.CATALOGUE["pl"]:
        forms = _forms(i18n.CATALOGUE["pl"][key]) + _forms(i18n.CATALOGUE["en"][key])
        assert all(_fields(f) == _fields(forms[0]) for f in forms), key


def test_plural_entries_have_each_languages_forms():
    plural_keys = [k for k, v in i18n.CATALOGUE["pl"].items() if isinstance(v, dict)]
    assert "coalitions.list_title" in plural_keys
    for key in plural_keys:
        assert tuple(i18n.CATALOGUE["pl"][key]) == ("one", "few", "many"), key
        assert tuple(i18n.CATALOGUE["en"][key]) == ("one", "other"), key


def _module_keys() -> dict[str, list[str]]:
    """{module: [key, ...]} read from the source, so a key written twice in one dict shows."""
    out = {}
    for path in sorted(I18N_DIR.glob("*.py")):
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(), str(path))
        tables = [n.value for n in tree.body if isinstance(n, ast.AnnAssign) and n.target.id == "STRINGS"]
        assert len(tables) == 1 and isinstance(tables[0], ast.Dict), path.name
        out[path.stem] = [k.value for k in tables[0].keys]
    return out


def test_no_key_is_defined_twice_and_every_module_is_loaded():
    keys = _module_keys()
    assert set(keys) == {m.__name__.rpartition(".")[2] for m in i18n.MODULES}
    seen: dict[str, str] = {}
    for mod, ks in keys.items():
        for k in ks:
            assert k not in seen, f"{k!r} in {seen.get(k)} and {mod}"
            seen[k] = mod
    assert set(seen) == set(i18n.CATALOGUE["pl"])


def test_merge_refuses_duplicates_and_malformed_entries():
    def mod(name, strings):
        return types.SimpleNamespace(__name__=f"analytics.present.i18n.{name}", STRINGS=strings)

    assert i18n._merge([mod("a", {"x.y": ("a", "b")})]) == {"x.y": ("a", "b")}
    with pytest.raises(ValueError, match="defined in both a and b"):
        i18n._merge([mod("a", {"x.y": ("a", "b")}), mod("b", {"x.y": ("c", "d")})])
    with pytest.raises(ValueError, match="pair"):
        i18n._merge([mod("a", {"x.y": ("only Polish",)})])
    with pytest.raises(ValueError, match="forms"):
        i18n._merge([mod("a", {"x.y": ({"one": "a", "many": "b"}, {"one": "c", "other": "d"})})])
    with pytest.raises(ValueError, match="plural forms in every language"):
        i18n._merge([mod("a", {"x.y": ({"one": "a", "few": "b", "many": "c"}, "d")})])


def test_both_import_styles_reach_the_same_catalogue():
    from analytics.present.i18n import t as t2
    assert t2 is i18n.t
    assert i18n.t("page.coverage", "en") == "Coverage"


# --- plural forms: the examples --------------------------------------------------------------
@pytest.mark.parametrize("n, form, text", [
    (1, "one", "1 aktywna koalicja"), (2, "few", "2 aktywne koalicje"), (3, "few", "3 aktywne koalicje"),
    (4, "few", "4 aktywne koalicje"), (5, "many", "5 aktywnych koalicji"), (0, "many", "0 aktywnych koalicji"),
    (12, "many", "12 aktywnych koalicji"), (13, "many", "13 aktywnych koalicji"),
    (14, "many", "14 aktywnych koalicji"), (21, "many", "21 aktywnych koalicji"),
    (22, "few", "22 aktywne koalicje"), (24, "few", "24 aktywne koalicje"),
    (25, "many", "25 aktywnych koalicji"), (112, "many", "112 aktywnych koalicji"),
    (1234, "few", f"1{NBSP}234 aktywne koalicje")])
def test_polish_plural_forms(n, form, text):
    assert i18n.plural(n, "pl") == form
    assert t("coalitions.list_title", "pl", where="Polska", n=n) == \
        f"**Polska**: {text}. Wybierz powiat na mapie, aby zawęzić listę."


@pytest.mark.parametrize("n, form, text", [
    (1, "one", "1 active coalition"), (2, "other", "2 active coalitions"), (0, "other", "0 active coalitions"),
    (11, "other", "11 active coalitions"), (21, "other", "21 active coalitions"),
    (1234, "other", "1,234 active coalitions")])
def test_english_plural_forms(n, form, text):
    assert i18n.plural(n, "en") == form
    assert t("coalitions.list_title", "en", where="Poland", n=n) == \
        f"**Poland**: {text}. Select a powiat on the map to narrow the list."


def test_plural_edge_cases():
    assert i18n.plural(-2, "pl") == "few"           # the sign does not change the noun
    assert i18n.plural(2.5, "pl") == "many" and i18n.plural(1.5, "en") == "other"
    assert i18n.plural(2.0, "pl") == "few"          # a whole float counts as the whole number
    assert t("control.period_months", "en", n=1) == "1 month to the as-of date"
    assert t("control.period_months", "en", n=12) == "12 months to the as-of date"
    assert t("control.period_months", "pl", n=12) == "12 mies. do daty stanu"
    assert t("compare.too_many", "pl", n=4).startswith("Można porównać najwyżej 4 obszary.")
    assert t("compare.too_many", "pl", n=5).startswith("Można porównać najwyżej 5 obszarów.")
    assert t("export.ready", "pl", n=1, charts=1, seconds=3) == "Gotowe: 1 wykres w 3 s."
    assert t("export.ready", "pl", n=3, charts=3, seconds=3) == "Gotowe: 3 wykresy w 3 s."
    assert t("export.ready", "en", n=1, charts=1, seconds=3) == "Ready: 1 chart in 3 s."
    assert t("data.valid", "pl", n=22, rows="22", warnings="0").startswith("Dane są poprawne: 22 wiersze,")


def test_a_plural_entry_without_its_count_warns_and_takes_the_last_form():
    with pytest.warns(UserWarning, match="pass the count as n"):
        text = t("export.ready", "pl", charts="7", seconds="2")
    assert text == "Gotowe: 7 wykresów w 2 s."
    with pytest.warns(UserWarning):
        assert t("export.ready", "en", charts="7", seconds="2") == "Ready: 7 charts in 2 s."


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
    assert t("legend.suppressed", "pl", label="<10") == "<10 / dane chronione"
    assert t("legend.suppressed", "en", label="<5") == "<5 / protected data"
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
    assert i18n.age_band_label("<1", "pl") == "poniżej 1 roku"
    assert i18n.age_band_label("22-24", "pl") == "22–24 lata"
    assert i18n.age_band_label("<x", "pl") == "poniżej x lat"


def test_input_file_text_is_shown_only_in_its_language():
    assert i18n.shows_data_text("pl") and not i18n.shows_data_text("en")
    assert i18n.plan_indicator_label("Liczba wolontariuszy w SOW", "sow_volunteers", "pl") == "Liczba wolontariuszy w SOW"
    assert i18n.plan_indicator_label("Liczba wolontariuszy w SOW", "sow_volunteers", "en") == "Volunteers in SOW"
    assert i18n.plan_indicator_label("  ", "trainings", "pl") == "Szkolenia"
    assert i18n.plan_indicator_label(None, "trainings", "en") == "Trainings"


def test_group_labels_are_catalogue_keys():
    from analytics.metrics import catalogue
    assert [t(f"group.{g}", "pl") for g in catalogue.GROUPS] == [
        "Zasięg partnerów", "Koalicje", "Plany rozwoju wolontariatu", "Wolontariusze i organizatorzy",
        "Sieć i działania"]
    assert [t(f"group.{g}", "en") for g in catalogue.GROUPS] == [
        "Partner coverage", "Coalitions", "Volunteering development plans", "Volunteers and organisers",
        "Network and activities"]


def test_indicator_texts_are_looked_up_by_language():
    from analytics.metrics import catalogue
    ind = catalogue.get("coalitions")
    assert ind.label("pl") == "Koalicje na rzecz wolontariatu" and ind.label("en") == "Coalitions for volunteering"
    assert ind.definition("en") == ind.definition_en
    assert ind.label("xx") == ind.label("pl")  # unknown language -> Polish, as t() does


# --- the catalogue is the only place for UI strings ----------------------------------------------------
# a call whose first argument (after `view,`) is a whole literal key: t("a.b", …), tr(view, "a.b")
_CALL = re.compile(r"""\b(t|tr|r|s)\(\s*(?:view,\s*)?["']([a-z_][a-z0-9_.]*)["']\s*[,)]""")
_PREFIX = {"r": "report.", "s": "exports."}  # report.r() and exports.s() prefix their keys


def _sources(*parts):
    for part in parts:
        p = ROOT / part
        yield from ([p] if p.is_file() else sorted(p.rglob("*.py")))


def literal_keys():
    """(file, key) of every t("…") / tr("…") call with a literal key in the code."""
    for path in _sources("analytics", "ui", "app_pages", "dashboard.py"):
        for fn, key in _CALL.findall(path.read_text()):
            if fn in _PREFIX:
                if path.parent.name == "present" and path.stem == {"r": "report", "s": "exports"}[fn]:
                    yield path, _PREFIX[fn] + key
            elif "." in key:
                yield path, key


def test_every_literal_key_in_the_code_exists():
    found = list(literal_keys())
    assert len(found) > 400 and any(k.startswith("report.") for _, k in found) \
        and any(k.startswith("exports.") for _, k in found)
    assert [f"{p.relative_to(ROOT)}: {k}" for p, k in found if not i18n.has(k)] == []


_BRANCH = re.compile(r"""lang\s*[!=]=\s*["']|["'](?:pl|en)["']\s*[!=]=\s*\w*lang\b""")


def test_no_language_branches_outside_the_catalogue():
    """Language-dependent text and rules are looked up (i18n keys, formatting's tables), not
    branched on."""
    found = [f"{path.relative_to(ROOT)}:{i}: {line.strip()}"
             for path in _sources("analytics", "ui", "app_pages", "dashboard.py") if I18N_DIR not in path.parents
             for i, line in enumerate(path.read_text().splitlines(), 1) if _BRANCH.search(line)]
    assert not found
    assert _BRANCH.search('x = a if lang == "pl" else b') and _BRANCH.search("if view.lang != 'en':")
