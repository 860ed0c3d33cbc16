"""The Network and activities page (app_pages/network.py) under AppTest, in Polish and English.

A small database (the contract's minimal folder plus hand-written activities and task teams) gives
values worked out by hand below; the demo database shows every tab with real content; the database
without the SOW tables and task teams says why a tab is empty.

Data date D = 2024-06-30 (the latest event: a progress report), period July 2023 - June 2024.
Activities in the period (by powiat): network meetings N1 (0201, May), N2 (0202, 30 June); N3 (June
2023) is before it. Coalition meeting K1. Promotion PR1 and contest PR2 (0203). Trainings A1 (for
volunteers) and S2 (for organisers). Counselling S1 (organisers) and S3 (coordinators). Institution
programmes IP1 (culture, 0201), IP2 (education, 0202), IP3 (culture, 0203). Local project LP1.
So in Poland: network 2, coalition 1, promotion 2, trainings 2, local projects 1, institution
programmes 3, support to organisers 2 (S1, S2; not S3, not A1).
Task teams: Z1 (training, since 2024-01-15) with R02 and L1 (L1 left 2024-06-01); Z2 (promotion,
dissolved 2024-05-01) with L1. At D only R02 is on an active team: 1 partner, who works in every
powiat of dolnośląskie.
"""
from __future__ import annotations

import json

import pytest

from tests.apptest_support import assert_clean, open_chart_tables, texts
from tests.databases import import_tables
from tests.fixtures_import import valid

PAGE = "app_pages/network.py"


def act(aid, typ, date, powiat, audience="", sector="", partner="R02"):
    return {"activity_id": aid, "partner_id": partner, "type": typ, "date": date, "powiat": powiat,
            "participants": "0", "volunteers_involved": "", "audience": audience, "sector": sector}


def network_tables() -> dict:
    t = valid()
    t["activities"] += [
        act("N1", "network_meeting", "2024-05-10", "0201"), act("N2", "network_meeting", "2024-06-30", "0202"),
        act("N3", "network_meeting", "2023-06-30", "0201"),
        act("K1", "coalition_meeting", "2024-04-02", "0201", partner="L1"),
        act("PR1", "promotion", "2024-03-03", "0201"), act("PR2", "contest", "2024-06-01", "0203"),
        act("S1", "counselling", "2024-05-20", "0201", "organisers"),
        act("S2", "training", "2024-05-21", "0201", "organisers"),
        act("S3", "counselling", "2024-05-22", "0201", "coordinators"),
        act("IP1", "institution_programme", "2024-02-01", "0201", sector="culture"),
        act("IP2", "institution_programme", "2024-02-15", "0202", sector="education"),
        act("IP3", "institution_programme", "2024-06-15", "0203", sector="culture"),
        act("LP1", "local_project", "2024-01-20", "0201", partner="L1"),
    ]
    t["task_teams"] = [
        {"team_id": "Z1", "name": "Zespół ds. szkoleń", "area": "training", "founded_on": "2024-01-15",
         "dissolved_on": ""},
        {"team_id": "Z2", "name": "Zespół ds. promocji", "area": "promotion", "founded_on": "2024-02-01",
         "dissolved_on": "2024-05-01"},
    ]
    t["task_team_members"] = [
        {"team_id": "Z1", "partner_id": "R02", "joined_on": "", "left_on": ""},
        {"team_id": "Z1", "partner_id": "L1", "joined_on": "2024-03-01", "left_on": "2024-06-01"},
        {"team_id": "Z2", "partner_id": "L1", "joined_on": "", "left_on": ""},
    ]
    return t


@pytest.fixture(scope="module")
def network_db(tmp_path_factory):
    return import_tables(tmp_path_factory.mktemp("network"), network_tables())


LABELS = {
    "pl": ["Spotkania sieciujące", "Spotkania koalicji", "Wydarzenia promocyjne i konkursy", "Szkolenia",
           "Projekty lokalne", "Programy wolontariatu w instytucjach", "Wsparcie organizatorów wolontariatu",
           "Partnerzy w zespołach zadaniowych"],
    "en": ["Network meetings", "Coalition meetings", "Promotion events and contests", "Trainings",
           "Local projects", "Institution volunteering programmes", "Support to volunteering organisers",
           "Partners in task teams"],
}
VALUES = ["2", "1", "2", "2", "1", "3", "2", "1"]   # worked out in the module docstring


def figures_shown(at) -> list[tuple[str, set[str]]]:
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return [(s["layout"]["title"]["text"], {t["type"] for t in s["data"]}) for s in specs]


def table_with(at, column: str):
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(found) == 1, [list(d.value.columns) for d in at.dataframe]
    return found[0]


@pytest.mark.parametrize("lang,title,heading", [
    ("pl", "Sieć i działania", "Polska — działania za lipiec 2023 – czerwiec 2024, zespoły zadaniowe na 30.06.2024"),
    ("en", "Network and activities", "Poland — activities July 2023 – June 2024, task teams as of 30 Jun 2024"),
])
def test_headline_in_both_languages(app, network_db, lang, title, heading):
    at = app(network_db, PAGE, lang=lang)
    assert_clean(at)
    assert at.title[0].value == title
    assert texts(at, "subheader")[0] == heading
    assert [(m.label, m.value) for m in at.metric] == list(zip(LABELS[lang], VALUES))
    # the map tab opens first: network meetings by voivodeship, dolnośląskie 2, its table one click away
    assert figures_shown(at) == [(LABELS[lang][0], {"choroplethmap"})]
    assert not at.get("download_button")  # the table is filled when its expander opens
    table = table_with(open_chart_tables(at), "TERYT")
    # the table shows the formatted value (the raw column stays in the downloads)
    value = {"pl": "Wartość", "en": "Value"}[lang]
    assert len(table) == 16 and table.set_index("TERYT").loc["02", value] == "2"
    assert [b.label for b in at.get("download_button")][:5] == ["CSV", "XLSX", "PNG", "SVG", "PDF"]


def test_a_powiat_in_focus(app, network_db):
    # 0201: N1; K1; PR1; A1 and S2; LP1; IP1; S1 and S2; R02 (regional, every powiat of 02)
    at = app(network_db, PAGE, woj="02", unit="0201")
    assert_clean(at)
    assert [m.value for m in at.metric] == ["1", "1", "1", "2", "1", "1", "2", "1"]


def test_activities_tab(app, network_db):
    at = open_chart_tables(app(network_db, PAGE, state={"network_tab": "Działania"}))
    assert_clean(at)
    # institution programmes by kind: one bar for dolnośląskie, culture 2 (IP1, IP3), education 1
    assert figures_shown(at) == [("Programy wolontariatu w instytucjach według rodzaju instytucji", {"bar"})]
    mix = table_with(at, "kultura")
    assert (mix["Obszar"].tolist(), mix["kultura"].tolist(), mix["edukacja"].tolist()) == (["dolnośląskie"], ["2"], ["1"])
    # every activity of the period in Poland: A1 and the 12 above (N3 is before the period)
    assert "13 działań w okresie lipiec 2023 – czerwiec 2024." in texts(at, "markdown")
    listed = table_with(at, "Rodzaj działania")
    assert len(listed) == 13 and listed["Data"].iloc[0] == "30.06.2024"            # newest first
    # the kind filter: support to organisers = S1 and S2, not S3 (coordinators) nor A1 (volunteers)
    at.multiselect(key="network_list_kinds").set_value(["organiser_support"]).run()
    assert_clean(at)
    listed = table_with(at, "Rodzaj działania")
    assert sorted(listed["Rodzaj działania"]) == ["doradztwo", "szkolenie"]
    assert set(listed["Adresaci"]) == {"organizatorzy"}
    assert "2 działania w okresie lipiec 2023 – czerwiec 2024." in texts(at, "markdown")


def test_task_teams_tab(app, network_db):
    at = open_chart_tables(app(network_db, PAGE, lang="en", state={"network_tab": "Task teams"}))
    assert_clean(at)
    assert "1 active task team as of 30 Jun 2024." in texts(at, "markdown")
    teams = table_with(at, "Field")
    assert teams[["Task team", "Field", "Founded", "Dissolved", "Active on the as-of date", "Partners on the team"]] \
        .values.tolist() == [["Zespół ds. promocji", "promotion of volunteering", "1 Feb 2024", "1 May 2024", "no", "0"],
                             ["Zespół ds. szkoleń", "training", "15 Jan 2024", "–", "yes", "1"]]
    members = table_with(at, "Partner tier")
    assert members[["Task team", "Partner", "From", "Until"]].values.tolist() == [
        ["Zespół ds. szkoleń", "Fundacja Regionalna", "15 Jan 2024", "–"]]
    at.toggle(key="network_members_active").set_value(False).run()
    members = table_with(at, "Partner tier")
    assert len(members) == 3 and members["Active on the as-of date"].tolist() == ["yes", "no", "no"]
    # partners in task teams on a map, with its table: R02 counts in dolnośląskie
    assert figures_shown(at) == [("Partners in task teams", {"choroplethmap"})]
    table = table_with(at, "TERYT").set_index("TERYT")
    assert table.loc["02", "Value"] == "1" and table.loc["14", "Value"] == "0"


def test_trends_tab(app, network_db):
    at = open_chart_tables(app(network_db, PAGE, state={"network_tab": "Trendy miesięczne"}))
    assert_clean(at)
    assert figures_shown(at) == [("Spotkania sieciujące — Polska", {"bar"})]
    trend = table_with(at, "Data")
    assert len(trend) == 24 and trend["Spotkania sieciujące"].tolist()[-3:] == ["0", "1", "1"]   # Apr, May, Jun 2024


TABS = ["Mapa", "Trendy miesięczne", "Działania", "Zespoły zadaniowe"]


@pytest.mark.parametrize("tab", TABS)
def test_every_tab_on_the_demo(app, demo_db, tab):
    at = open_chart_tables(app(demo_db, PAGE, state={"network_tab": tab}))
    assert_clean(at)
    assert at.session_state["network_tab"] == tab
    assert at.get("plotly_chart") and at.dataframe
    assert not texts(at, "info")


@pytest.mark.parametrize("tab,message", [
    ("Mapa", "Brak tabeli działań partnerów"), ("Działania", "Brak tabeli działań partnerów"),
    ("Zespoły zadaniowe", "Dane nie zawierają zespołów zadaniowych")])
def test_without_activities_and_task_teams(app, no_sow_db, tab, message):
    at = app(no_sow_db, PAGE, state={"network_tab": tab})
    assert_clean(at)
    assert any(message in i for i in texts(at, "info")), texts(at, "info")
    assert [m.value for m in at.metric] == ["brak danych"] * 8       # no data, not zero ("–")
    assert not at.get("plotly_chart")
