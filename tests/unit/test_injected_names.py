"""Text from data is text (issue 14 item 9): names and titles from input files carrying Markdown
links and images, HTML, scripts and formulas come out as text in Markdown (formatting.md_text), in
the HTML report and in the Word document. `markdown_risks` is the detector the app tests use too
(tests/app/test_injected_names.py); its positive controls are here."""
from __future__ import annotations

import io
import re
import zipfile

import docx
import duckdb
import pytest

from analytics.present import formatting, report
from tests.unit.test_exports import AS_OF, fill_fixture

LINK = "[klik](http://example.org/a)"
IMAGE = "![x](http://example.org/x.png)"
HTML_IMG = "<img src=http://example.org/x.png>"
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://example.org/f","x")'
NAMES = {
    "local": f"Stowarzyszenie {LINK} {IMAGE}",
    "regional": f"Fundacja {HTML_IMG}{SCRIPT}",
    "plan": f"{FORMULA} **gruby** www.example.org",
    "plan2": f"<b>Plan</b> [regionalny](http://example.org/p) :red[czerwony]",
    "coalition": f"[Koalicja](http://example.org/c) <img src=http://example.org/c.png>",
}


def _unescaped(text: str) -> list[tuple[int, str]]:
    """(position, character) of every character not escaped by a backslash (CommonMark)."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            i += 2
            continue
        out.append((i, text[i]))
        i += 1
    return out


def markdown_risks(text: str) -> list[str]:
    """What Markdown (as Streamlit renders it) would turn into something other than text: a link
    or image ('[..](' unescaped), an HTML tag ('<' + letter or '/' unescaped), and, looked for in
    the text with its escapes resolved (Streamlit finds them there, as the screenshots showed), an
    autolink (http://, www., an e-mail address) or a :colour[...] directive. Empty when the text
    renders as itself."""
    joined = "".join(c for _, c in _unescaped(text))  # the characters Markdown may read as syntax
    shown = re.sub(r"\\(.)", r"\1", text)            # the text after escapes are resolved
    risks = []
    if re.search(r"\[[^\]]*\]\(", joined):
        risks.append("link or image")
    if re.search(r"<[A-Za-z/!]", joined):
        risks.append("HTML")
    if re.search(r"(?i)https?://|www\.|[\w.+-]@[\w-]+\.", shown):
        risks.append("autolink")
    if re.search(r":[a-z]+\[", shown):
        risks.append("directive")
    return risks


@pytest.mark.parametrize("key", list(NAMES))
def test_md_text_escapes_every_injection(key):
    raw = NAMES[key]
    assert markdown_risks(raw), raw                         # positive control: the detector sees it
    safe = formatting.md_text(raw)
    assert markdown_risks(safe) == [], (safe, markdown_risks(safe))
    assert safe.replace("\\", "").replace("\u2060", "") == raw   # the same characters, shown as they are
    # backslash escapes alone leave the autolinks Streamlit finds after resolving them
    assert "autolink" in markdown_risks("".join("\\" + c if not c.isalnum() and c.isascii() and c != " " else c
                                                for c in raw))


def test_md_text_cases():
    assert formatting.md_text("Fundacja „Razem” nr 5") == "Fundacja „Razem” nr 5"   # nothing to escape
    assert formatting.md_text("a\n# b\r\nc") == "a \\# b c"   # no new block from a line break
    assert formatting.md_text(None) == "–" and formatting.md_text(float("nan"), "") == ""
    assert formatting.md_text("http://x.org") == "http\\:\u2060\\/\\/x\\.org"
    assert formatting.md_text("kontakt@fundacja.pl") == "kontakt\\@\u2060fundacja\\.pl"
    assert formatting.html_text('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"


@pytest.fixture(scope="module")
def injected_db(tmp_path_factory):
    """The export fixture with every name and title from the data replaced by an injection."""
    path = tmp_path_factory.mktemp("inject") / "ks.duckdb"
    con = duckdb.connect(str(path))
    fill_fixture(con)
    con.execute("UPDATE partners SET name = ? WHERE partner_id = 'L1'", [NAMES["local"]])
    con.execute("UPDATE partners SET name = ? WHERE partner_id = 'R16'", [NAMES["regional"]])
    con.execute("UPDATE plans SET title = ? WHERE plan_id = 'P1'", [NAMES["plan"]])
    con.execute("UPDATE plans SET title = ? WHERE plan_id = 'P2'", [NAMES["plan2"]])
    con.execute("UPDATE coalitions SET name = ? WHERE coalition_id = 'C1'", [NAMES["coalition"]])
    con.close()
    return path


def test_report_html_and_docx_show_names_as_text(injected_db, tmp_path):
    con = duckdb.connect(str(injected_db), read_only=True)
    try:
        out = tmp_path / "r.zip"
        report.build_report(con, out, level="voivodeship", codes=["coalitions", "local_partner_coverage"],
                            as_of=AS_OF, lang="pl", png=False, svg=False)
    finally:
        con.close()
    with zipfile.ZipFile(out) as z:
        html = z.read("raport.html").decode("utf-8")
        data = z.read("raport.docx")
    # HTML: the names are there, escaped; no tag, script or external image came from them
    assert "Fundacja &lt;img src=http://example.org/x.png&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Plan&lt;/b&gt; [regionalny](http://example.org/p)" in html
    for bad in ("<img src=http://example.org", "<script>alert", "<b>Plan</b>", 'href="http://example.org'):
        assert bad not in html, bad
    assert 'src="http' not in html and "src=http" not in html.replace("src=http://example.org/x.png&gt;", "")
    # DOCX: the names are plain text in the plans table; no hyperlink, no external picture
    d = docx.Document(io.BytesIO(data))
    cells = [c.text for tb in d.tables for row in tb.rows for c in row.cells]
    assert NAMES["local"] in cells and NAMES["regional"] in cells
    assert NAMES["plan"] in cells and NAMES["plan2"] in cells
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode("utf-8")
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
    assert "<w:hyperlink" not in body and "HYPERLINK" not in body.replace(
        "=HYPERLINK(&quot;http://example.org/f&quot;,&quot;x&quot;)", "").replace('=HYPERLINK("http://example.org/f","x")', "")
    assert 'TargetMode="External"' not in rels and "example.org" not in rels
