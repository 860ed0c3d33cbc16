"""The Volunteers and organisers page's Hours and Organisers tabs (app_pages/volunteers.py) through the
real app (AppTest), in Polish and English, as the managing institution and as a partner.

Hours are sums about people: a month of a powiat with 1-9 active volunteers is hidden ("#") from a
partner and exact for the institution (contract section 4). Organisers and activities are organisations
and events: the same exact numbers for every viewer. Expected values come from plain SQL on the demo
database, not from the code under test.
"""
from __future__ import annotations

import json

import duckdb
import pytest

from tests.apptest_support import assert_clean, metric_value, open_chart_tables, texts
from tests.databases import DEMO_AS_OF

PAGE = "app_pages/volunteers.py"
HOURS = {"pl": "Godziny", "en": "Hours"}
ORGANISERS = {"pl": "Organizatorzy", "en": "Organisers"}
P0, P1 = "2025-07-01", "2026-06-01"   # the default period: the 12 months ending with June 2026
MONTHS_PL = ["styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec", "sierpień", "wrzesień",
             "październik", "listopad", "grudzień"]


@pytest.fixture(scope="module")
def facts(demo_db) -> dict:
    con = duckdb.connect(str(demo_db), read_only=True)
    # a powiat month (in the 24 months the tab shows) with 1-9 volunteers with confirmed hours, whole hours
    powiat, month, confirmed = con.execute("""
        SELECT v.powiat, h.month, sum(h.hours_confirmed) AS c
        FROM hours h JOIN volunteers v USING (volunteer_id)
        WHERE h.month BETWEEN '2024-07-01' AND '2026-06-01'
        GROUP BY ALL
        HAVING count(DISTINCT h.volunteer_id) FILTER (WHERE h.hours_confirmed > 0) BETWEEN 1 AND 9 AND c = floor(c)
        ORDER BY c DESC, v.powiat, h.month LIMIT 1""").fetchone()
    hosting = con.execute("""SELECT count(DISTINCT organiser_id) FROM hours
                             WHERE hours_confirmed > 0 AND month BETWEEN $p0 AND $p1""", {"p0": P0, "p1": P1}).fetchone()[0]
    public = con.execute("""SELECT count(DISTINCT h.organiser_id) FROM hours h JOIN organisers o USING (organiser_id)
                            WHERE h.hours_confirmed > 0 AND h.month BETWEEN $p0 AND $p1
                              AND o.type IN ('social_welfare', 'culture', 'sport', 'education', 'health', 'other_public')""",
                         {"p0": P0, "p1": P1}).fetchone()[0]
    support = con.execute("""SELECT count(*) FROM activities WHERE type IN ('training', 'counselling')
                             AND audience = 'organisers' AND date BETWEEN $p0 AND '2026-06-30'""",
                          {"p0": P0}).fetchone()[0]
    partner = con.execute("""SELECT partner_id FROM partners WHERE tier = 'local' AND start_date <= $d
                             AND (end_date IS NULL OR $d <= end_date) ORDER BY partner_id LIMIT 1""",
                          {"d": DEMO_AS_OF}).fetchone()[0]
    con.close()
    return {"powiat": powiat, "month": month, "confirmed": int(confirmed), "hosting": hosting, "public": public,
            "support": support, "partner": partner}


def as_role(role: str, facts: dict) -> dict:
    return {"role": role, "partner": facts["partner"] if role == "partner" else None}


def tab_state(tab: str, role: str, facts: dict) -> dict:
    """The tab, and for a partner browsing all of Poland: its session already focused once (a
    partner's session otherwise opens on its own area, ui/state.focus_partner)."""
    return {"volunteers_tab": tab, **({"_focused_partner": facts["partner"]} if role == "partner" else {})}


@pytest.mark.parametrize("lang", ["pl", "en"])
@pytest.mark.parametrize("role", ["institution", "partner"])
def test_hours_and_organisers_tabs_run(app, demo_db, facts, lang, role):
    for tab in (HOURS[lang], ORGANISERS[lang]):
        at = app(demo_db, PAGE, lang=lang, state=tab_state(tab, role, facts), **as_role(role, facts))
        assert_clean(at)
        assert at.session_state["volunteers_tab"] == tab
        shown = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
        if tab == HOURS[lang]:
            assert shown == [{"pl": "Godziny potwierdzone i zgłoszone — Polska",
                              "en": "Confirmed and logged hours — Poland"}[lang]]
        else:
            assert shown == [{"pl": "Organizatorzy: miejsca wolontariatu i wsparcie — Polska",
                              "en": "Organisers: placements and support — Poland"}[lang],
                             {"pl": "Zaangażowane instytucje publiczne według rodzaju — Polska",
                              "en": "Public institutions engaged by kind — Poland"}[lang]]


@pytest.mark.parametrize("role,exact", [("institution", True), ("partner", False)])
def test_a_small_powiat_month_of_hours_is_hidden_from_a_partner(app, demo_db, facts, role, exact):
    p = facts["powiat"]
    at = app(demo_db, PAGE, level="powiat", woj=p[:2], unit=p, state={"volunteers_tab": "Godziny"},
             **as_role(role, facts))
    assert_clean(at)
    table = [d.value for d in at.dataframe if "Miesiąc" in d.value.columns][0]
    label = f"{MONTHS_PL[facts['month'].month - 1]} {facts['month'].year}"
    cell = table.set_index("Miesiąc").loc[label, "Potwierdzone godziny wolontariatu"]
    if exact:
        assert cell.replace("\u00a0", "") == str(facts["confirmed"])
    else:
        assert cell == "#"
        assert any("ukryt" in c for c in [e.value for e in at.caption])   # "n miesięcy ukrytych (#)"


@pytest.mark.parametrize("role", ["institution", "partner"])
def test_organisers_as_placements_beside_the_support_they_get(app, demo_db, facts, role):
    at = open_chart_tables(app(demo_db, PAGE, state=tab_state("Organizatorzy", role, facts), **as_role(role, facts)))
    assert_clean(at)
    # organisations are exact for every viewer: the same numbers for the institution and a partner
    assert metric_value(at, "Organizatorzy przyjmujący wolontariuszy") == f"{facts['hosting']}"
    assert metric_value(at, "w tym instytucje publiczne") == f"{facts['public']}"
    assert metric_value(at, "Zaangażowane instytucje publiczne") == f"{facts['public']}"   # the headline agrees
    assert metric_value(at, "Wsparcie organizatorów wolontariatu") == f"{facts['support']}"
    kinds = [d.value for d in at.dataframe if "pomoc społeczna" in d.value.columns][0]
    assert len(kinds) == 16 and sum(int(str(x).replace("\u00a0", "").replace(" ", "")) for x in kinds["Razem"]) == facts["public"]


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_each_headline_card_is_one_metric_with_its_label_and_definition(app, demo_db, lang):
    """Twelve headline cards, each a single st.metric: its label shown (not collapsed under a
    separate markdown label: every element costs the server on every view, issue 15), its value,
    its change against a year earlier and the indicator's definition as help."""
    from analytics.metrics import catalogue
    at = app(demo_db, PAGE, lang=lang)
    assert_clean(at)
    codes = ["volunteers_registered", "volunteers_per_10k", "volunteers_active", "ks_members", "hours_confirmed",
             "hours_logged", "confirmation_rate", "trainings", "organisers_in_base", "mpw_certified",
             "public_institutions_engaged", "local_projects"]
    labels = [catalogue.get(c).label(lang) for c in codes]
    assert [m.label for m in at.metric] == labels
    assert all(m.proto.label_visibility.value == m.proto.label_visibility.VISIBLE for m in at.metric)
    for m, code in zip(at.metric, codes):
        assert m.help.startswith(catalogue.get(code).definition(lang)), (code, m.help)
        assert m.delta  # the demo has a year earlier
    markdown = " ".join(texts(at, "markdown"))
    assert not any(f"**{label}**" in markdown for label in labels)
