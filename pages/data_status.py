"""Stan danych / Data status: what is loaded, as of when, from where."""
import streamlit as st

from ui.data import db_stamp, import_summary

st.title("Stan danych")
stamp = db_stamp()
if stamp is None:
    st.warning("Brak bazy danych. Uruchom `make run`, aby zbudować bazę z danymi demonstracyjnymi, "
               "albo zaimportuj dane: `python -m analytics import FOLDER --db data/ks.duckdb`.")
    st.stop()
summary = import_summary(stamp)
meta = summary["meta"] or {}
cols = st.columns(3)
cols[0].metric("Dane według stanu na", summary["as_of"].strftime("%d.%m.%Y") if summary["as_of"] else "—")
cols[1].metric("Import", meta.get("imported_at").strftime("%d.%m.%Y %H:%M") if meta.get("imported_at") else "—")
cols[2].metric("Wiersze", f"{meta.get('rows_total', 0):,}".replace(",", "\u00a0"))
st.caption(f"Źródło importu: {meta.get('source', '—')} · wersja kontraktu danych {meta.get('contract_version', '—')}"
           f" · dane od {meta.get('data_from') or '—'}")
if summary["tables"] is not None:
    tables = summary["tables"].rename(columns={"table_name": "Tabela", "provided": "Dostarczona",
                                                 "rows": "Wiersze", "source_file": "Plik"})
    st.dataframe(tables, hide_index=True, width="stretch", height=35 * (len(tables) + 1) + 3)
st.caption("Źródło: GUS (TERYT, Bank Danych Lokalnych); granice: GUGiK PRG")
