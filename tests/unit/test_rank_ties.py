"""Tied ranks read as ties wherever a rank is shown (issue 14): in the map tooltip, the ranked bar's
tooltip and the table behind both. Hand-made ties, expected texts worked out by hand."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.present import figures as F
from analytics.data import geo


def test_rank_texts_write_a_tie_as_the_places_it_shares():
    # values 9, 9, 9, 7, 5 and one missing: ranks 1, 1, 1, 4, 5 of five ranked units
    ranks = [1, 1, 1, 4, 5, np.nan]
    assert F.rank_texts(ranks, "pl") == ["1.–3. z 5", "1.–3. z 5", "1.–3. z 5", "4. z 5", "5. z 5", "–"]
    assert F.rank_texts(ranks, "en") == ["1–3 of 5", "1–3 of 5", "1–3 of 5", "4 of 5", "5 of 5", "–"]
    # a tie in the middle: 10, 8, 8, 3 -> 1, 2, 2, 4
    assert F.rank_texts([1, 2, 2, 4], "pl", missing="brak danych") == ["1. z 4", "2.–3. z 4", "2.–3. z 4", "4. z 4"]
    assert F.rank_texts([np.nan], "pl", missing="brak danych") == ["brak danych"]


def _voivodeship_values():
    """16 voivodeships: three tied at the top (50), the rest 1..12, one without data."""
    codes = sorted(geo.units("voivodeship")["teryt"])
    values = [50.0, 50.0, 50.0] + [float(i) for i in range(1, 13)] + [np.nan]
    return codes, pd.DataFrame({"teryt": codes, "v": values})


def test_the_map_tooltip_and_table_show_the_tie():
    codes, df = _voivodeship_values()
    fig = F.choropleth(df, "voivodeship", "v", "Koalicje", unit="count", lang="pl", k=3)
    rank_of = {c[0]: c[3] for tr in fig.data for c in tr.customdata}   # customdata[3]: the tooltip's rank
    assert [rank_of[c] for c in codes[:3]] == ["1.–3. z 15"] * 3           # 15 ranked, the 16th has no data
    assert rank_of[codes[3]] == "15. z 15"                                # value 1: last
    assert rank_of[codes[14]] == "4. z 15"                                # value 12: right after the tie
    assert rank_of[codes[15]] == "–"
    assert "Miejsce: %{customdata[3]}" in fig.data[0].hovertemplate
    table = F.chart_table(fig)
    assert table["Miejsce"].tolist()[:4] == [1, 1, 1, 15]                 # numbers in the table behind


def test_english_map_tooltip_shows_the_tie():
    codes, df = _voivodeship_values()
    fig = F.choropleth(df, "voivodeship", "v", "Coalitions", unit="count", lang="en", k=3)
    rank_of = {c[0]: c[3] for tr in fig.data for c in tr.customdata}
    assert rank_of[codes[0]] == "1–3 of 15" and rank_of[codes[14]] == "4 of 15"


def test_the_ranked_bar_keeps_a_tie_whole_past_its_top_rows():
    # four units: 5, 5, 5, 1; only the top two are drawn, the tie still says 1.–3. of 4
    df = pd.DataFrame({"name": ["a", "b", "c", "d"], "x": [5.0, 5.0, 5.0, 1.0]})
    fig = F.ranked_bar(df, "name", "x", "Koalicje", unit="count", top_n=2)
    assert list(fig.data[0].y) == ["a", "b"]
    assert [c[1] for c in fig.data[0].customdata] == ["1.–3. z 4", "1.–3. z 4"]
    full = F.ranked_bar(df, "name", "x", "Koalicje", unit="count", lang="en")
    assert [c[1] for c in full.data[0].customdata] == ["1–3 of 4"] * 3 + ["4 of 4"]


# --- the 3D view's table and legend (issue 14) -------------------------------------------------------

def test_the_3d_table_has_translated_headers_and_the_view_a_legend():
    u = geo.units("powiat")
    df = pd.DataFrame({"teryt": u["teryt"], "v": np.arange(380, dtype=float)})
    df.loc[0, "v"] = np.nan                                 # no column for the first powiat
    deck = F.deck_columns(df, "v", "Wolontariusze", unit="count", lang="pl", k=4, method="equal_interval")
    table = F.deck_table(deck, "pl")
    assert list(table.columns) == ["Kod TERYT", "Obszar", "Wartość", "Klasa"]
    assert len(table) == 379 and table["Kod TERYT"].iloc[0] == u["teryt"].iloc[1]
    assert list(F.deck_table(deck, "en").columns) == ["TERYT code", "Area", "Value", "Class"]
    # values 1..379 in four equal intervals of 94,5 (breaks 95,5, 190, 284,5; right-closed), written as
    # whole counts: one swatch per class, in class order
    legend = F.deck_legend(deck)
    assert [label for label, _ in legend] == ["1 – 95", "96 – 190", "191 – 284", "285 – 379"]
    assert table["Klasa"].iloc[0] == "1 – 95" and table["Wartość"].iloc[0] == "1"
    html = F.deck_legend_html(deck, "Wolontariusze <b>", "count", "pl")
    assert html.count("<li") == 4
    assert "Wysokość i kolor kolumny: Wolontariusze &lt;b&gt;" in html      # the label escaped
    assert "Powiat bez kolumny: brak danych albo dane chronione" in html
    hours = F.deck_legend_html(deck, "Potwierdzone godziny wolontariatu", "hours", "en")
    assert "Column height and colour: Potwierdzone godziny wolontariatu (hours)" in hours
