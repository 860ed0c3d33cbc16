"""Nothing exact about a hidden cell reaches a protected viewer's browser (issue 12): signed in as a
partner (whose own area holds the hidden powiat) and as an evaluator, the Overview, Volunteers and
Compare pages are opened in Chromium; every websocket message the server sends (decoded: chart
specs, data frames, texts) and the final DOM are searched for the exact values of the hidden cells.
The same search over the institution's session finds them: the detector works.

The data: powiat 0201 (bolesławiecki, in the local partner L1's own area) has 7 volunteers who
confirmed 9 876.25 hours of the 13 579.75 they logged - numbers that occur nowhere else - so its
counts are hidden ("<10") and so are its hours ("#").
"""
from __future__ import annotations

import json
import re

import pyarrow as pa
import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from analytics.access import auth
from tests.browser_support import dashboard_server, wait_until_idle
from tests.databases import import_folder
from tests.fixtures_import import valid, write_folder

pytestmark = pytest.mark.browser

# 9876.25 and 13579.75 however written (9876,25; 9 876; 9,876.3; 13 580 ...), not inside another number
HOURS = re.compile(r"(?<![\d.,])9[\s\u00a0\u202f,]?876(?!\d)")
LOGGED = re.compile(r"(?<![\d.,])13[\s\u00a0\u202f,]?5(79|80)(?!\d)")
PASSWORD = "przykładowe hasło testowe"


def leak_data() -> dict:
    t = valid()
    t["volunteers"] = [dict(volunteer_id=f"H{i}", powiat="0201", registered_on="2024-01-10", birth_year="1990",
                            sex="F" if i % 2 else "M", ks_member_since="", recruited_by="") for i in range(7)]
    for p, n in (("0202", 30), ("0203", 40), ("0204", 25), ("0205", 60)):
        t["volunteers"] += [dict(volunteer_id=f"V{p}-{i}", powiat=p, registered_on="2024-02-10", birth_year="1985",
                                 sex="F", ks_member_since="2024-03-01", recruited_by="") for i in range(n)]
    conf = [1410.25] + [1411] * 6          # 9 876.25
    logged = [1939.75] + [1940] * 6        # 13 579.75
    t["hours"] = [dict(volunteer_id=f"H{i}", organiser_id="O1", month="2024-05", hours_logged=str(logged[i]),
                       hours_confirmed=str(conf[i])) for i in range(7)]
    t["hours"] += [dict(volunteer_id=v["volunteer_id"], organiser_id="O1", month="2024-05", hours_logged="6",
                        hours_confirmed="5") for v in t["volunteers"][7:]]
    return t


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("leaks")
    db = import_folder(write_folder(folder / "src", leak_data()), folder / "ks.duckdb")
    users = folder / "users.json"
    env = {"KS_AUTH_MODE": "local", "KS_USERS_FILE": str(users), "KS_AUDIT_LOG": str(folder / "audit.log")}
    cfg = auth.load_config({**env})
    auth.add_user("partner1", PASSWORD, "partner", "L1", config=cfg)
    auth.add_user("ewaluator", PASSWORD, "evaluator", config=cfg)
    auth.add_user("instytucja", PASSWORD, "institution", config=cfg)
    with dashboard_server(db, env=env) as url:
        yield url


def _texts(msg, out: list[str]) -> None:
    """Every string of a protobuf message, with chart specs parsed and Arrow tables printed."""
    for field, value in msg.ListFields():
        single = isinstance(value, (str, bytes, int, float, bool)) or hasattr(value, "ListFields")
        values = [value] if single else list(value)
        for v in values:
            if field.type == field.TYPE_MESSAGE:
                _texts(v, out)
            elif field.type == field.TYPE_STRING:
                out.append(v)
                if v[:1] in "{[":
                    try:
                        out.append(json.dumps(json.loads(v), ensure_ascii=False))
                    except ValueError:
                        pass
            elif field.type == field.TYPE_BYTES and v:
                try:
                    out.append(pa.ipc.open_stream(v).read_all().to_pandas().to_string())
                except (pa.ArrowInvalid, OSError):
                    pass


def session(browser, url: str, user: str) -> tuple[str, str, list]:
    """Open the three pages, signing in as `user` on each (a sign-in keeps the link's view);
    (websocket texts, DOM texts, chart specs)."""
    frames: list[bytes] = []
    dom = []
    for path, title in (("przeglad?woj=02", "Przegląd"), ("wolontariusze?woj=02&unit=0201", "Wolontariusze i organizatorzy"),
                        ("porownanie", "Porównanie")):
        page = browser.new_page(viewport={"width": 1400, "height": 1400})
        page.on("websocket", lambda ws: ws.on("framereceived", lambda p: frames.append(p)))
        page.goto(f"{url}/{path}")
        wait_until_idle(page)
        page.get_by_label("Nazwa użytkownika").fill(user)
        page.get_by_label("Hasło").fill(PASSWORD)
        page.get_by_role("button", name="Zaloguj się").click()
        wait_until_idle(page, timeout_ms=90000)
        assert page.get_by_label("Hasło").count() == 0, "signed in"
        assert page.locator("h1").first.inner_text().strip() == title   # the link's page, after sign-in
        dom.append(page.inner_text("body"))
        dom.append(page.content())
        page.close()
    texts, specs = [], []
    for raw in frames:
        if isinstance(raw, str):
            continue
        msg = ForwardMsg()
        try:
            msg.ParseFromString(raw)
        except Exception:  # noqa: BLE001 - not every frame is a ForwardMsg
            continue
        _texts(msg, texts)
        if msg.HasField("delta") and msg.delta.new_element.WhichOneof("type") == "plotly_chart":
            specs.append(json.loads(msg.delta.new_element.plotly_chart.spec))
    return "\n".join(texts), "\n".join(dom), specs


def hidden_powiat_points(specs: list) -> list:
    """customdata of 0201 in every map trace of the captured charts."""
    found = []
    for spec in specs:
        for trace in spec.get("data", []):
            locs = trace.get("locations") or []
            if "0201" in locs:
                found.append((trace.get("customdata") or [[]])[locs.index("0201")])
    return found


@pytest.mark.parametrize("user", ["partner1", "ewaluator"])
def test_no_exact_value_of_a_hidden_cell_reaches_a_protected_viewer(server, browser, user):
    ws, dom, specs = session(browser, server, user)
    assert ws and specs, "nothing captured"
    for where, text in (("websocket", ws), ("page", dom)):
        assert not HOURS.search(text), (where, HOURS.search(text))
        assert not LOGGED.search(text), (where, LOGGED.search(text))
    points = hidden_powiat_points(specs)
    assert points, "the maps of dolnośląskie's powiats were captured"
    for point in points:                      # the map's value for 0201: a protection symbol, no number
        assert not any(re.search(r"\d", str(x)) for x in point[2:3]), point
    assert "<10" in dom and "#" in dom         # the symbols the user reads instead


def test_the_institution_sees_the_exact_values(server, browser):
    """The detector's positive control: the same pages for the managing institution carry them."""
    ws, dom, specs = session(browser, server, "instytucja")
    assert HOURS.search(ws) and HOURS.search(dom)
    assert any(re.search(r"\d", str(p[2])) for p in hidden_powiat_points(specs))
