"""Eksport / Export: the evaluator's report bundle (charts as PNG and SVG, the data as CSV and XLSX
with metadata, the indicator definitions, a README and an offline interactive HTML report), and
the indicator table on its own. Everything exported is suppressed, whatever the role."""
import tempfile
import threading
from pathlib import Path

import streamlit as st

from analytics.access import audit
from analytics.metrics import catalogue
from analytics.present import exports, formatting, report
from ui import data, page, state, widgets

pg = page.header("page.export", "export.intro")
view, stamp, tr = pg.view, pg.stamp, pg.tr

# The image renderer's browser takes seconds to start: warm it while the user chooses. Without
# Chromium the bundle is built without its PNG/SVG charts, and the page says what is missing.
missing = exports.images_unavailable(view.lang)
if missing:
    st.warning(missing)
else:
    threading.Thread(target=exports.renderer().start, daemon=True).start()

available = [i.code for i in catalogue.CATALOGUE if data.sow_available(stamp) or not i.needs_sow]
with st.form("export_form", border=True):
    c1, c2 = st.columns(2)
    level = c1.radio(tr("control.level"), ["voivodeship", "powiat"], horizontal=True, key="export_level",
                     format_func=lambda v: tr(f"level.{v}"))
    lang = c2.radio(tr("control.language"), list(state.LANGS), horizontal=True, key="export_lang",
                    index=list(state.LANGS).index(view.lang), format_func=lambda v: tr(f"lang.{v}"))
    codes = st.multiselect(tr("export.indicators"), available, default=available, key="export_codes",
                           format_func=lambda code: catalogue.get(code).label(view.lang),
                           placeholder=tr("control.choose"), help=tr("export.indicators_help"))
    p0, p1 = view.period
    st.caption(tr("export.scope_line", as_of=formatting.format_date(view.as_of, view.lang),
                  p0=formatting.format_date(p0, view.lang), p1=formatting.format_date(p1, view.lang)))
    submitted = st.form_submit_button(tr("export.build"), type="primary", disabled=False)

if submitted:
    if not codes:
        st.warning(tr("export.no_indicators"))
    else:
        bar = st.progress(0.0, text=tr("export.building"))
        out = Path(tempfile.mkdtemp(prefix="ks-report-")) / f"ks_atlas_raport_{view.as_of:%Y-%m-%d}_{level}.zip"
        result = report.build_report(
            data.cursor(stamp), out, level=level, codes=codes, as_of=view.as_of, period=view.period, lang=lang,
            progress=lambda f, msg: bar.progress(min(max(f, 0.0), 1.0), text=msg),
            filters={tr("control.voivodeship"): tr("control.all_voivodeships")}, png=not missing, svg=not missing)
        bar.progress(1.0, text=tr("export.ready", n=result.charts, charts=result.charts, seconds=f"{result.seconds:.0f}"))
        audit.log("export", pg.ctx.user, kind="report", level=level, as_of=str(view.as_of), charts=result.charts)
        st.session_state["export_zip"] = str(result.path)
        if result.skipped:
            st.info(tr("export.skipped", codes=", ".join(catalogue.get(x).label(view.lang) for x in result.skipped)))

if st.session_state.get("export_zip") and Path(st.session_state["export_zip"]).exists():
    path = Path(st.session_state["export_zip"])
    st.download_button(tr("export.download", name=path.name), data=path.read_bytes(), file_name=path.name,
                       mime="application/zip", type="primary", key="export_download", on_click="ignore",
                       icon=":material/download:")

st.subheader(tr("export.table_title"))
st.caption(tr("export.table_help"))
frame = data.export_table(stamp, view.map_level, view.as_of, view.period, view.lang)
# On screen the numbers are written the language's way, each column in its unit's decimals (the
# download keeps them as numbers): percentages (already x100) and rates to one decimal, counts whole,
# a count of 0 as '–'; protection symbols stay as they are.
SHOWN_UNIT = {"percent": "number", "count": "count", "hours": "hours", "per_10k": "per_10k", "per_100k": "per_100k"}
units = {exports.column_header(c, view.lang): SHOWN_UNIT.get(exports.export_unit(c), "number") for c in catalogue.CODES}


def shown(df):
    out = df.copy()
    for c in out.columns:
        if c in units:
            out[c] = [v if isinstance(v, str) or isinstance(v, bool) else formatting.format_cell(v, units[c], view.lang)
                      for v in out[c]]
    return out


widgets.table_with_download(view, shown(frame), key="export_table", filename=f"wskazniki_{view.map_level}",
                            public_df=lambda: frame)
widgets.footer(view)
