"""Dane / Data (managing institution only): what is loaded, upload with validation, publish,
versions and rollback, import history and the audit log."""
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from analytics.access import audit
from analytics.data import db
from analytics.present import formatting
from analytics.admin import uploads, versions
from ui import data, page, widgets

pg = page.header("page.data", people=False)
view, stamp, user, tr = pg.view, pg.stamp, pg.ctx.user, pg.tr
if user.role != "institution":  # navigation hides the page; this guards a direct call as well
    st.error(tr("auth.no_access"))
    st.stop()

summary = data.import_summary(stamp)
meta = summary["meta"] or {}
cols = st.columns(3)
cols[0].metric(tr("data.as_of"), formatting.format_date(summary["as_of"], view.lang))
imported = meta.get("imported_at")
cols[1].metric(tr("data.imported_at"), f"{formatting.format_date(imported, view.lang)} {imported:%H:%M}" if imported else "—")
cols[2].metric(tr("data.rows"), formatting.format_number(meta.get("rows_total", 0), view.lang))
md = formatting.md_text  # file names, table and column names from uploads are text, never Markdown
st.caption(tr("data.source_line", source=md(meta.get("source"), "—"), version=md(meta.get("contract_version"), "—"),
              start=formatting.format_date(meta.get("data_from"), view.lang)))



def when(t) -> str:
    """A moment the language's way: '02.12.2026 04:33' / '2 Dec 2026 04:33'."""
    if not t:
        return "—"
    stamp = pd.Timestamp(t)
    return f"{formatting.format_date(stamp, view.lang)} {stamp:%H:%M}"


tab_now, tab_upload, tab_versions, tab_log = st.tabs(
    [tr("data.tab_tables"), tr("data.tab_upload"), tr("data.tab_versions"), tr("data.tab_log")],
    key="data_tab", on_change="rerun")

with tab_now:
    if tab_now.open:  # lazy tab: only the open one runs
        if summary["tables"] is not None:
            tables = summary["tables"].copy()
            tables["provided"] = [tr("common.yes") if p else tr("common.no") for p in tables["provided"]]
            tables["source_file"] = tables["source_file"].fillna("–")
            tables["rows"] = [formatting.format_number(n, view.lang) for n in tables["rows"]]  # 248 411
            tables.columns = [tr("data.col_table"), tr("data.col_provided"), tr("data.col_rows"), tr("data.col_file")]
            st.dataframe(tables, hide_index=True, width="stretch", height=35 * (len(tables) + 1) + 3)
        st.markdown(tr("data.format_link"))

with tab_upload:
    if tab_upload.open:  # lazy tab: only the open one runs
        st.markdown(tr("data.upload_help"))
        files = st.file_uploader(tr("data.upload_label"), accept_multiple_files=True,
                                 type=["csv", "xlsx", "ods", "parquet", "zip"], key="data_upload")
        if st.button(tr("data.validate"), disabled=not files, type="primary", key="data_validate"):
            workdir = Path(tempfile.mkdtemp(prefix="ks-upload-"))
            try:
                with st.spinner(tr("data.validating")):
                    src = uploads.prepare_upload([(f.name, f.getvalue()) for f in files], workdir)
                    staged = versions.stage(src, db.db_path(), user, source_label=", ".join(f.name for f in files))
                    uploads.discard(src)
                old = st.session_state.pop("staged", None)
                if old is not None:
                    versions.discard(old)
                st.session_state["staged"] = staged
            except uploads.UploadError as e:
                st.error(md(e.message(view.lang)))
            except versions.VersionError as e:  # e.g. another import holds the database
                st.error(md(str(e)))
        staged = st.session_state.get("staged")
        if staged is not None:
            result = staged.result
            st.markdown(f"**{tr('data.report_for', source=md(staged.source_label))}**")
            if result.ok:
                st.success(tr("data.valid", n=sum(result.rows.values()), rows=formatting.format_number(sum(result.rows.values()), view.lang),
                              warnings=result.warning_count))
            else:
                st.error(tr("data.invalid", errors=formatting.format_number(result.error_count, view.lang)))
            problems = [p for p in result.errors + result.warnings]
            if problems:
                report = pd.DataFrame([{
                    tr("data.col_severity"): tr("data.error") if p.severity == "error" else tr("data.warning"),
                    tr("data.col_table"): p.table, tr("data.col_file"): p.file, tr("data.col_row"): p.row,
                    tr("data.col_column"): p.column, tr("data.col_value"): p.value, tr("data.col_reason"): p.reason,
                } for p in problems])
                st.dataframe(report, hide_index=True, width="stretch")
                kinds = result.report.kinds("error") + result.report.kinds("warning")
                st.caption(tr("data.totals") + " " + "; ".join(
                    md(f"{k[1] or ''}{'.' + k[2] if k[2] else ''}: {k[3]} ({n})") for k, n in kinds))
            c1, c2, _ = st.columns([1, 1, 4])
            if result.ok and c1.button(tr("data.publish"), type="primary", key="data_publish"):
                try:
                    versions.publish_staged(staged, user)
                except versions.VersionError as e:
                    st.error(md(str(e)))
                else:
                    st.session_state.pop("staged", None)
                    st.success(tr("data.published"))
                    st.rerun()
            if c2.button(tr("data.discard"), key="data_discard"):
                versions.discard(st.session_state.pop("staged"))
                st.rerun()

with tab_versions:
    if tab_versions.open:  # lazy tab: only the open one runs
        listed = versions.list_versions(db.db_path())
        if not listed:
            st.info(tr("data.no_versions"))
        else:
            frame = pd.DataFrame([{
                "id": v.id, tr("data.col_created"): when(v.created_at), tr("data.col_user"): v.user or "—",
                tr("data.col_source"): v.source or "—",
                tr("data.col_rows"): formatting.format_number(sum((v.rows or {}).values()), view.lang),
                tr("data.col_as_of"): formatting.format_date(v.data_as_of, view.lang, na="—") if v.data_as_of else "—",
                tr("data.col_current"): "✓" if v.current else "",
            } for v in listed])
            st.dataframe(frame, hide_index=True, width="stretch")
            older = [v.id for v in listed if not v.current]
            if older:
                choice = st.selectbox(tr("data.rollback_to"), older, key="data_rollback_choice",
                                      placeholder=tr("control.choose"))
                confirm = st.checkbox(tr("data.rollback_confirm"), key="data_rollback_confirm")
                if st.button(tr("data.rollback"), disabled=not confirm, key="data_rollback"):
                    try:
                        versions.rollback(choice, db.db_path(), user)
                    except versions.VersionError as e:
                        st.error(md(str(e)))
                    else:
                        st.success(tr("data.rolled_back", id=choice))
                        st.rerun()
        history = versions.import_history(50)
        if history:
            st.subheader(tr("data.history"))
            st.dataframe(pd.DataFrame(history), hide_index=True, width="stretch")

with tab_log:
    if tab_log.open:  # lazy tab: only the open one runs
        entries = audit.read(200)
        if entries:
            st.dataframe(pd.DataFrame(entries), hide_index=True, width="stretch")
        else:
            st.info(tr("data.no_log"))
widgets.footer(view)
