"""Eksport / Export: the report bundle (wired to analytics/exports.py)."""
import streamlit as st

from ui import widgets
from ui.context import ctx

c = ctx()
st.title(widgets.tr(c.view, "page.export"))
widgets.footer(c.view)
