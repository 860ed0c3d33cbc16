"""Informacje / About: how numbers are protected (docs/privacy.md), the accessibility statement
(docs/accessibility.md) and the sources - linked from every page's footer and protection note."""
import re

import streamlit as st

from analytics import PROJECT_ROOT
from ui import page, widgets

pg = page.header("page.about", "about.intro", people=False)
view, tr = pg.view, pg.tr
DOCS = PROJECT_ROOT / "docs"


HALVES = {"pl": "Po polsku", "en": "In English"}  # the headings of docs/privacy.md's two halves


def privacy_text(lang: str) -> str:
    """The privacy document's half in the page's language."""
    text = (DOCS / "privacy.md").read_text(encoding="utf-8")
    halves = dict(zip(HALVES.values(), re.split(r"^## (?:Po polsku|In English)\s*$", text, flags=re.M)[1:]))
    return halves[HALVES.get(lang, "Po polsku")].replace("](performance.md)", "](#)").strip()


def accessibility_text() -> str:
    text = (DOCS / "accessibility.md").read_text(encoding="utf-8")
    return text.split("\n", 1)[1]  # without the '# ...' title: the tab names it


tab_privacy, tab_a11y, tab_sources = st.tabs(
    [tr("about.tab_privacy"), tr("about.tab_accessibility"), tr("about.tab_sources")], key="about_tab",
    on_change="rerun")
with tab_privacy:
    if tab_privacy.open:
        st.markdown(privacy_text(view.lang).replace("### ", "#### "))
with tab_a11y:
    if tab_a11y.open:
        st.markdown(accessibility_text())
with tab_sources:
    if tab_sources.open:
        st.markdown(tr("about.sources"))
widgets.footer(view)
