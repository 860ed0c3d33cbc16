"""OIDC sign-in end to end: Streamlit's own st.login against a local OpenID Connect provider.

The provider below is started by the test on a free loopback port (nothing leaves the machine):
discovery, an authorization page with a form (the e-mail to sign in as, and what the ID token
says about `email_verified`), a token endpoint that checks the client secret, the code, the
redirect URI and PKCE, and RS256-signed ID tokens with their JWKS. The dashboard runs as a real
`streamlit run` server with an `[auth]` secrets file pointing at it, and Chromium (Playwright)
clicks through: the app's sign-in button, the provider's form, back to the app.

- a verified e-mail lands with its mapped role ([oidc.domains] and [oidc.users]);
- a token with `email_verified` missing, "false" or "true" (strings) is refused;
- the audit log records each sign-in with the client address, here taken from X-Forwarded-For
  because the config trusts the loopback proxy (`[auth] trusted_proxy = "localhost"`). The header
  is written by a small reverse proxy in front of the app, as in a deployment (deploy/): a browser
  does not reliably send its own extra headers with the WebSocket handshake (Chromium 150, Debian
  12's without security updates, leaves them out; 156 sends them), and st.context.headers are the
  WebSocket's.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import socket
import socketserver
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from tests.browser_support import free_port, start_dashboard, stop_dashboard, wait_until_idle

pytestmark = pytest.mark.browser

CLIENT_ID = "ks-atlas-test"
CLIENT_SECRET = secrets.token_urlsafe(24)
FORWARDED_FOR = "198.51.100.23"   # what the (pretend) reverse proxy says the client is

# what the ID token says, per choice on the provider's form
VERIFIED = {"true": True, "missing": None, "false-string": "false", "true-string": "true"}


class Provider:
    """A minimal OpenID Connect provider (authorization code flow with PKCE) on 127.0.0.1."""

    def __init__(self):
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig", "alg": "RS256"},
                                       private=True)
        self.codes: dict[str, dict] = {}
        self.redirect_uris: set[str] = set()
        self.issued: list[dict] = []          # ID token claims handed out, for the test to check
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def metadata(self) -> dict:
        i = self.issuer
        return {"issuer": i, "authorization_endpoint": f"{i}/authorize", "token_endpoint": f"{i}/token",
                "jwks_uri": f"{i}/jwks", "response_types_supported": ["code"],
                "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid", "email", "profile"], "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"]}

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _send(self, status: int, body: str | bytes, ctype: str = "application/json", headers=None):
                data = body.encode() if isinstance(body, str) else body
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def _form(self) -> dict:
                n = int(self.headers.get("Content-Length") or 0)
                return dict(urllib.parse.parse_qsl(self.rfile.read(n).decode()))

            def do_GET(self):
                url = urllib.parse.urlsplit(self.path)
                q = dict(urllib.parse.parse_qsl(url.query))
                if url.path == "/.well-known/openid-configuration":
                    return self._send(200, json.dumps(provider.metadata()))
                if url.path == "/jwks":
                    return self._send(200, json.dumps({"keys": [provider.key.as_dict(private=False)]}))
                if url.path == "/authorize":
                    if q.get("client_id") != CLIENT_ID or q.get("response_type") != "code" \
                            or q.get("redirect_uri") not in provider.redirect_uris:
                        return self._send(400, "bad authorization request", "text/plain")
                    hidden = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                                     for k, v in q.items())
                    options = "".join(f'<option value="{k}">{k}</option>' for k in VERIFIED)
                    page = (f"<!doctype html><title>Test provider</title><h1>Test provider</h1>"
                            f'<form method="post" action="/authorize">{hidden}'
                            f'<label>E-mail <input name="email" id="email"></label>'
                            f'<label>email_verified <select name="verified" id="verified">{options}</select></label>'
                            f'<button type="submit" id="go">Sign in</button></form>')
                    return self._send(200, page, "text/html; charset=utf-8")
                return self._send(404, "not found", "text/plain")

            def do_POST(self):
                url = urllib.parse.urlsplit(self.path)
                form = self._form()
                if url.path == "/authorize":
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = form
                    back = form["redirect_uri"] + "?" + urllib.parse.urlencode(
                        {"code": code, "state": form.get("state", "")})
                    return self._send(302, "", "text/plain", {"Location": back})
                if url.path == "/token":
                    return self._token(form)
                return self._send(404, "not found", "text/plain")

            def _token(self, form: dict):
                auth = self.headers.get("Authorization", "")
                if auth.startswith("Basic "):
                    cid, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
                    cid, secret = urllib.parse.unquote(cid), urllib.parse.unquote(secret)
                else:
                    cid, secret = form.get("client_id"), form.get("client_secret")
                if (cid, secret) != (CLIENT_ID, CLIENT_SECRET):
                    return self._send(401, json.dumps({"error": "invalid_client"}))
                req = provider.codes.pop(form.get("code", ""), None)
                if req is None or form.get("grant_type") != "authorization_code" \
                        or form.get("redirect_uri") != req["redirect_uri"]:
                    return self._send(400, json.dumps({"error": "invalid_grant"}))
                if req.get("code_challenge"):
                    verifier = form.get("code_verifier", "").encode()
                    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
                    if challenge != req["code_challenge"]:
                        return self._send(400, json.dumps({"error": "invalid_grant", "error_description": "PKCE"}))
                now = int(time.time())
                claims = {"iss": provider.issuer, "sub": hashlib.sha256(req["email"].encode()).hexdigest()[:16],
                          "aud": CLIENT_ID, "iat": now, "exp": now + 300, "nonce": req.get("nonce"),
                          "email": req["email"], "name": req["email"].split("@")[0]}
                verified = VERIFIED[req["verified"]]
                if verified is not None:
                    claims["email_verified"] = verified
                provider.issued.append(claims)
                id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, provider.key)
                return self._send(200, json.dumps({"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                                                   "expires_in": 300, "id_token": id_token,
                                                   "scope": "openid email profile"}))

        return Handler


class ForwardingProxy:
    """A reverse proxy on loopback that adds `X-Forwarded-For: FORWARDED_FOR` to every request it
    passes to the app, the WebSocket handshake included, the way nginx does in front of a deployment.
    Each plain request is sent with `Connection: close`, so that every request arrives in a head of
    its own (the proxy reads only heads); an upgraded connection is then piped both ways as it is."""

    def __init__(self, upstream_port: int, port: int):
        upstream = ("127.0.0.1", upstream_port)

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                head = b""
                while b"\r\n\r\n" not in head:
                    chunk = self.request.recv(65536)
                    if not chunk:
                        return
                    head += chunk
                head, rest = head.split(b"\r\n\r\n", 1)
                lines = head.split(b"\r\n")
                upgrade = any(l.lower().startswith(b"upgrade:") for l in lines[1:])
                kept = [l for l in lines[1:] if not l.lower().startswith(b"x-forwarded-for:")
                        and (upgrade or not l.lower().startswith(b"connection:"))]
                added = [b"X-Forwarded-For: " + FORWARDED_FOR.encode()] + ([] if upgrade else [b"Connection: close"])
                with socket.create_connection(upstream) as up:
                    up.sendall(b"\r\n".join([lines[0], *kept, *added]) + b"\r\n\r\n" + rest)
                    done = threading.Event()

                    def pipe(src, dst):
                        try:
                            while (data := src.recv(65536)):
                                dst.sendall(data)
                        except OSError:
                            pass
                        done.set()

                    threading.Thread(target=pipe, args=(up, self.request), daemon=True).start()
                    threading.Thread(target=pipe, args=(self.request, up), daemon=True).start()
                    done.wait()

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{port}"

    def __enter__(self) -> str:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.url

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


OIDC_CONFIG = """
[auth]
mode = "oidc"
trusted_proxy = "localhost"
[oidc.users]
"ewa@firma.pl" = { role = "evaluator" }
[oidc.domains]
"niw.gov.pl" = { role = "institution" }
"""


@pytest.fixture(scope="module")
def oidc_app(tmp_path_factory):
    """The provider and a dashboard server configured for it; yields (app url, provider, audit log)."""
    from analytics.data import demo
    from analytics.data.importer import import_source
    folder = tmp_path_factory.mktemp("oidc")
    demo.generate(folder / "demo", scale=0.05, seed=3)
    db = folder / "ks.duckdb"
    assert import_source(folder / "demo", db).ok
    (folder / "ks.toml").write_text(OIDC_CONFIG)
    audit_log = folder / "audit.log"
    app_port, proxy_port = free_port(), free_port()
    with Provider() as provider:
        secrets_file = folder / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{proxy_port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
            f'client_id = "{CLIENT_ID}"\n'
            f'client_secret = "{CLIENT_SECRET}"\n'
            f'server_metadata_url = "{provider.issuer}/.well-known/openid-configuration"\n')
        env = {"KS_AUTH_MODE": "oidc", "KS_CONFIG": str(folder / "ks.toml"), "KS_AUDIT_LOG": str(audit_log),
               "STREAMLIT_SECRETS_FILES": str(secrets_file),
               "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
        app_proc, app_url = start_dashboard(db, env=env, port=app_port)
        try:
            with ForwardingProxy(app_port, proxy_port) as url:
                provider.redirect_uris.add(f"{url}/oauth2callback")
                yield url, provider, audit_log
        finally:
            stop_dashboard(app_proc)


def sign_in(browser, url: str, provider: Provider, email: str, verified: str):
    """Open the app, press its sign-in button, fill the provider's form, land back on the app."""
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    wait_until_idle(page)
    assert page.locator("h1").first.inner_text().strip() == "KS Atlas"
    page.get_by_role("button", name="Zaloguj się kontem instytucji").click()
    page.wait_for_url(f"{provider.issuer}/authorize*", timeout=30000)
    page.fill("#email", email)
    page.select_option("#verified", verified)
    page.click("#go")
    page.wait_for_url(f"{url}/", timeout=30000)
    wait_until_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    return context, page, errors


def audit_entries(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.mark.parametrize("email,role,role_label", [
    ("jan.kowalski@niw.gov.pl", "institution", "instytucja zarządzająca"),   # [oidc.domains]
    ("ewa@firma.pl", "evaluator", "ewaluator"),                              # [oidc.users]
])
def test_sign_in_lands_with_the_mapped_role(oidc_app, browser, email, role, role_label):
    url, provider, audit_log = oidc_app
    context, page, errors = sign_in(browser, url, provider, email, "true")
    assert provider.issued[-1]["email"] == email and provider.issued[-1]["email_verified"] is True
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.get_by_text(f"Zalogowano: {email} ({role_label})").count() == 1
    assert page.locator("h1").first.inner_text().strip() == "Przegląd"
    # the evaluator has no Data page, the institution has it
    has_data_page = page.locator("[data-testid='stSidebarNav'] a[href$='/dane']").count() > 0
    assert has_data_page is (role == "institution")
    login = [e for e in audit_entries(audit_log) if e["event"] == "login" and e["user"] == email]
    assert login and login[-1]["role"] == role
    assert login[-1]["details"] == {"mode": "oidc", "client": FORWARDED_FOR}
    assert not errors, errors
    context.close()


@pytest.mark.parametrize("verified", ["missing", "false-string", "true-string"])
def test_token_without_a_verified_email_is_refused(oidc_app, browser, verified):
    url, provider, audit_log = oidc_app
    email = f"{verified}@niw.gov.pl"  # the domain alone would map to the institution
    context, page, _ = sign_in(browser, url, provider, email, verified)
    claims = provider.issued[-1]
    assert claims["email"] == email and claims.get("email_verified") == VERIFIED[verified]
    assert page.get_by_text("Brak dostępu dla tego konta.").count() == 1
    assert page.locator("[data-testid='stSidebar']").get_by_text("Zalogowano").count() == 0
    assert page.locator(".js-plotly-plot").count() == 0 and page.locator("h1", has_text="Przegląd").count() == 0
    failed = [e for e in audit_entries(audit_log) if e["event"] == "login_failed"][-1]
    assert failed["user"] is None and failed["details"]["email_domain"] == "niw.gov.pl"
    assert failed["details"]["client"] == FORWARDED_FOR
    assert failed["details"]["email_verified"] == {"missing": None, "false-string": "'false'",
                                                   "true-string": "'true'"}[verified]
    assert not [e for e in audit_entries(audit_log) if e["event"] == "login" and e["user"] == email]
    context.close()
