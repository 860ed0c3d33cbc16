"""Who is looking: sign-in for the configured mode, the demo role switcher, sign-out.

Modes (analytics/access/auth.py): demo (local-only, synthetic data, a role switcher), local (users file,
login form with backoff and lockout per user name and client address), oidc (st.login, e-mail
mapped to a role). Nothing of the app renders until `current_user` returns a user.

The client address (throttling, audit log) is read here, where Streamlit is: the connection's
address from st.context.ip_address and the request headers for a trusted proxy's header; the
decision which of them to believe is auth.client_address's.
"""
from __future__ import annotations

import streamlit as st

from analytics.access import audit, auth
from analytics.present import i18n
from ui import data

ROLES = ("institution", "partner", "evaluator")


def _t(key: str, **kw) -> str:
    return i18n.t(key, st.session_state.get("lang", "pl"), **kw)


def _auth_secrets() -> dict:
    """The [auth] section of Streamlit's secrets.toml ({} without a secrets file or section)."""
    try:
        section = st.secrets.get("auth", {})
    except (FileNotFoundError, KeyError):
        return {}
    return section.to_dict() if hasattr(section, "to_dict") else dict(section or {})


def startup_check() -> auth.Config:
    """Stop with a message when the configuration does not allow this server to start."""
    try:
        oidc = auth.load_config().mode == "oidc"
    except auth.ConfigError:
        oidc = False  # startup_error reports the configuration error itself
    message = auth.startup_error(st.get_option("server.address"),
                                 oidc_secrets=_auth_secrets() if oidc else None)
    if message:
        st.error(message)
        st.stop()
    return auth.load_config()


def _demo_user(stamp) -> auth.User:
    st.warning(_t("auth.demo_banner"), icon=":material/science:")
    lang = st.session_state.get("lang", "pl")  # bound now: format_func may run outside the script
    from ui import state
    with st.sidebar:
        state.bind("role", "demo_role", ROLES, "institution")   # demo mode: a link keeps the role ...
        role = st.selectbox(_t("auth.demo_role"), ROLES, key="demo_role",
                            format_func=lambda r: i18n.t(f"role.{r}", lang), help=_t("auth.demo_role_help"))
        partner_id = None
        if role == "partner":
            partners = data.partners(stamp, lang)
            ids = list(partners["partner_id"])
            names = dict(zip(partners["partner_id"], partners["label"]))
            if ids:
                state.bind("partner", "demo_partner", ids, ids[0])  # ... and the partner
                partner_id = st.selectbox(_t("auth.demo_partner"), ids, key="demo_partner",
                                          format_func=lambda p: names.get(p, p))
            if partner_id is None:
                role = "evaluator"
    return auth.demo_user(role, partner_id)


def partner_name(stamp, user) -> None:
    """A partner's full name in the sidebar (a select box cuts it), as plain text: it comes from the
    input files."""
    if getattr(user, "role", None) != "partner" or not user.partner_id:
        return
    partners = data.partners(stamp, st.session_state.get("lang", "pl"))
    row = partners[partners["partner_id"] == user.partner_id]
    if row.empty:
        return
    with st.sidebar:
        st.caption(_t("sidebar.partner"))
        st.text(str(row.iloc[0]["name"]))


def _client(config: auth.Config) -> str:
    """The client address of this session (see auth.client_address)."""
    return auth.client_address(st.context.ip_address, st.context.headers, config)


def _login_form(config: auth.Config) -> None:
    st.title(_t("app.title"))
    st.caption(_t("app.subtitle"))
    with st.form("login", border=True):
        st.subheader(_t("auth.login_title"))
        username = st.text_input(_t("auth.username"), autocomplete="username")
        password = st.text_input(_t("auth.password"), type="password", autocomplete="current-password")
        submitted = st.form_submit_button(_t("auth.login_button"), type="primary")
    if submitted:
        attempt = auth.login(username, password, client=_client(config),
                             store=auth.user_store(config))
        if attempt.ok:
            st.session_state["user"] = attempt.user
            st.rerun()
        st.error(attempt.message(st.session_state.get("lang", "pl")))
    st.stop()


def _oidc_user(config: auth.Config) -> auth.User:
    if st.user.get("is_logged_in") is not True:  # absent when Streamlit sees no [auth] section
        st.title(_t("app.title"))
        st.caption(_t("app.subtitle"))
        st.button(_t("auth.login_oidc"), on_click=st.login, type="primary")
        st.stop()
    if "user" not in st.session_state:
        st.session_state["user"] = auth.oidc_login(st.user.get("email"),
                                                   email_verified=st.user.get("email_verified"),
                                                   client=_client(config), config=config)
    if st.session_state["user"] is None:
        st.error(_t("auth.no_access"))
        st.button(_t("auth.logout"), on_click=st.logout)
        st.stop()
    return st.session_state["user"]


def logout() -> None:
    user = st.session_state.pop("user", None)
    try:
        client = _client(auth.load_config())
    except auth.ConfigError:
        client = None
    audit.log("logout", user, client=client)
    if st.session_state.get("_auth_mode") == "oidc":
        st.logout()


def signed_in(config: auth.Config) -> bool:
    """Whether this session has a user already (demo mode always has one)."""
    if config.mode == "demo":
        return True
    if config.mode == "oidc":
        return st.user.get("is_logged_in") is True and st.session_state.get("user") is not None
    return st.session_state.get("user") is not None


def current_user(config: auth.Config, stamp) -> auth.User:
    st.session_state["_auth_mode"] = config.mode
    if config.mode == "demo":
        return _demo_user(stamp)
    if config.mode == "oidc":
        user = _oidc_user(config)
    else:
        user = st.session_state.get("user")
        if user is None:
            _login_form(config)
    with st.sidebar:
        st.caption(_t("auth.signed_in_as", user=user.username, role=_t(f"role.{user.role}")))
        st.button(_t("auth.logout"), on_click=logout, key="logout")
    return user
