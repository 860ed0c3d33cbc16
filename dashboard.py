"""KS Atlas — entry point: page config, global controls mirrored in the URL, navigation.

Run with `make run`. Pages live in app_pages/ (UI only); every number comes from analytics/.
"""
import datetime as dt
import runpy
from pathlib import Path

import streamlit as st

from analytics.present import formatting, i18n
from analytics.data import reference
from ui import data, scripts, session, state, widgets
from ui.context import Context


def _overview_alias() -> None:
    runpy.run_path(str(Path(__file__).parent / "app_pages" / "overview.py"), run_name="__main__")


def page_list(lang: str, role: str | None) -> dict:
    """The pages this role may open (the Data page is the managing institution's alone)."""
    def page(path, key, icon, url, **kw):
        return st.Page(f"app_pages/{path}.py", title=i18n.t(f"page.{key}", lang), icon=f":material/{icon}:",
                       url_path=url, **kw)
    pages = [page("overview", "overview", "dashboard", "start", default=True),
             # The default page is served at "/"; its own path /przeglad opens the same page (a
             # hidden alias; Streamlit otherwise answers "Page not found" for it).
             st.Page(_overview_alias, title=i18n.t("page.overview", lang), url_path="przeglad",
                     visibility="hidden"),
             page("coverage", "coverage", "map", "pokrycie"),
             page("coalitions", "coalitions", "hub", "koalicje"),
             page("plans", "plans", "flag", "plany"),
             page("volunteers", "volunteers", "groups", "wolontariusze"),
             page("network", "network", "share", "siec"),
             page("partners", "partners", "handshake", "partnerzy"),
             page("compare", "compare", "compare_arrows", "porownanie"),
             page("export", "export", "download", "eksport"),
             page("about", "about", "info", "informacje")]
    if role == "institution":
        pages.append(page("data", "data", "database", "dane"))
    return {"": pages}



st.set_page_config(page_title="KS Atlas — Korpus Solidarności", page_icon="🗺️", layout="wide")
scripts.keep_compiled_scripts()  # the pages are compiled once per process, not once per visitor
config = session.startup_check()  # e.g. demo mode refuses a non-local address
# Exception details (messages, tracebacks with file paths) only in demo mode; with sign-in the
# browser gets Streamlit's generic message and the details go to the server log. The default in
# .streamlit/config.toml is "none", so an error before this line shows nothing either.
st.set_option("client.showErrorDetails", "full" if config.mode == "demo" else "none")

stamp = data.db_stamp()
if stamp is None:
    st.title(i18n.t("app.title", "pl"))
    st.warning(i18n.t("empty.no_database", "pl") + "\n\n" + i18n.t("empty.no_database", "en"))
    st.code("make run   # builds data/ks.duckdb from demo data\n"
            "python -m analytics import FOLDER --db data/ks.duckdb")
    st.stop()
# Once per process and data version: fill the caches every first view needs (geometry, the
# connection, the default view's tables and maps) in a background thread, so that they are ready
# before the visitors. Started through deploy/serve.py (make run, the replicas), the caches were
# filled before the server listened and this starts nothing; a new data version is warmed here.
data.warm_in_background(stamp)

summary = data.import_summary(stamp)
data_as_of = summary["as_of"] or dt.date.today()
state.init(data_as_of)
s = st.session_state
s.pop(widgets.APP_RERUN, None)  # this run is the whole page's already
st.sidebar.markdown("### KS Atlas")
if not session.signed_in(config):
    # Before sign-in the pages are registered but hidden, so that a link to a page (with its view
    # in the URL) still opens that page once the user has signed in.
    st.navigation(page_list(s.get("lang", "pl"), "institution"), position="hidden")
user = session.current_user(config, stamp)  # nothing below renders before sign-in
session.partner_name(stamp, user)
state.focus_partner(user, data.scope_for(stamp, user, s["as_of"]))  # a partner opens on its own area

with st.sidebar:
    st.segmented_control(i18n.t("control.language", s["lang"]), list(state.LANGS), key="lang",
                         format_func=lambda c: i18n.t(f"lang.{c}", c),
                         selection_mode="single", label_visibility="collapsed")
    if s.get("lang") not in state.LANGS:  # a click on the active segment deselects it
        s["lang"] = "pl"
    lang = s["lang"]
    latest = formatting.format_date(data_as_of, lang)
    # The picker stops at the latest data: a later date would read unreported months as empty.
    st.date_input(i18n.t("control.as_of", lang), key="as_of", min_value=dt.date(2018, 1, 1),
                  max_value=data_as_of, format=formatting.DATE_INPUT_FORMAT[lang],
                  help=i18n.t("control.as_of_help", lang) + " " + i18n.t("control.as_of_cap", lang, date=latest))
    st.caption(i18n.t("sidebar.data_as_of", lang, date=latest))
    st.selectbox(i18n.t("control.period", lang), state.PERIOD_MONTHS, key="period",
                 format_func=lambda n: i18n.t("control.period_months", lang, n=n),
                 help=i18n.t("control.period_help", lang))
    st.radio(i18n.t("control.level", lang), state.LEVELS, key="level", horizontal=True,
             format_func=lambda v: i18n.t(f"level.{v}", lang))
    vv = sorted(reference.voivodeship_codes())
    names = {u["teryt"]: u["name"] for u in reference.units() if u["level"] == "voivodeship"}
    st.selectbox(i18n.t("control.voivodeship", lang), [state.ALL] + vv, key="woj",
                 format_func=lambda v: i18n.t("control.all_voivodeships", lang) if v == state.ALL else names[v])

view = state.current(data_as_of)
viewer_scope = data.scope_for(stamp, user, view.as_of)
s["_ctx"] = Context(view=view, stamp=stamp, role=user.role, scope=viewer_scope, partner_id=user.partner_id,
                    user=user)

page = st.navigation(page_list(lang, user.role), position="sidebar")
s[widgets.APP_RUN] = True  # a map section's fragment (ui/widgets.map_section) syncs the URL itself otherwise
try:
    page.run()
finally:  # after st.navigation (the URL keeps the page's path) and the page (its controls, state.bind)
    s[widgets.APP_RUN] = False
    state.sync_url(data_as_of)
