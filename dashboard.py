"""KS Atlas — entry point: page config and navigation. Run with `make run`."""
import streamlit as st

st.set_page_config(page_title="KS Atlas — Korpus Solidarności", page_icon="🗺️", layout="wide")

pages = [
    st.Page("pages/data_status.py", title="Stan danych", icon="🗄️", url_path="dane", default=True),
]
st.navigation(pages).run()
