"""Streamlit glue shared by dashboard.py and app_pages/: connection, cached queries, global state.

Only UI concerns live here; every number comes from analytics/.
"""
