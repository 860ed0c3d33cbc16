"""Screenshots of every page for reading by eye (issue 14): each role (institution, partner,
evaluator) in both languages at 1400 px, and every page in Polish at 390 px (a phone).

Not a test (nothing is asserted): run it by hand, then open the pictures.

    .venv/bin/python -m tests.browser.shoot [--db data/ks.duckdb] [--out /tmp/shots] [--only 390]

Each picture is <role>_<lang>_<width>_<page>.png; beside it a .txt with the page's visible text (for
grep: English words in the Polish interface and the reverse). The partner is a local partner working
in several powiats (demo mode: ?role=partner&partner=ID). The page height follows the content, so
the whole page is on one picture.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tests.browser_support import (CHROMIUM, CHROMIUM_ARGS, ROOT, open_tab, start_dashboard, stop_dashboard,
                                   wait_until_idle)

PAGES = ["", "pokrycie", "koalicje", "plany", "wolontariusze", "siec", "partnerzy", "porownanie", "eksport",
         "informacje", "dane"]
ROLES = {"institution": "", "partner": "role=partner&partner=LOC-044", "evaluator": "role=evaluator"}
MAX_HEIGHT = 9000


def content_height(page) -> int:
    return int(page.evaluate("""() => {
      const m = document.querySelector('[data-testid="stMain"]') || document.scrollingElement;
      const b = document.querySelector('[data-testid="stMainBlockContainer"]');
      return Math.max(m.scrollHeight, b ? b.scrollHeight + 120 : 0, document.scrollingElement.scrollHeight);
    }"""))


def shoot(browser, url: str, out: Path, width: int, tab: str | None = None) -> dict:
    page = browser.new_page(viewport={"width": width, "height": 1200})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    wait_until_idle(page, 120000)
    if tab:
        open_tab(page, tab, 120000)
    page.wait_for_timeout(1500)  # maps paint after the run
    height = min(content_height(page), MAX_HEIGHT)
    page.set_viewport_size({"width": width, "height": max(height, 800)})
    wait_until_idle(page, 120000)
    page.wait_for_timeout(2500)
    page.screenshot(path=str(out))
    out.with_suffix(".txt").write_text(page.inner_text("[data-testid='stApp']"), encoding="utf-8")
    overflow = page.evaluate("() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
    page.close()
    return {"errors": errors, "overflow": overflow}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=str(ROOT / "data" / "ks.duckdb"))
    ap.add_argument("--out", default="/tmp/shots")
    ap.add_argument("--only", choices=["1400", "390"], help="only one width")
    ap.add_argument("--pages", help="comma-separated url paths (overview: 'start'), each with a view if wanted "
                                    "(start?level=powiat)")
    ap.add_argument("--roles", help="comma-separated roles (default: all three)")
    ap.add_argument("--langs", help="comma-separated languages at 1400 px (default: pl,en)")
    ap.add_argument("--tab", help="open the tab with this label first (e.g. 'Widok 3D')")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pages = PAGES if not args.pages else [("" if p.partition("?")[0] == "start" else p.partition("?")[0])
                                          + "".join(p.partition("?")[1:]) for p in args.pages.split(",")]
    runs = []
    if args.only != "390":
        roles = args.roles.split(",") if args.roles else list(ROLES)
        langs = args.langs.split(",") if args.langs else ["pl", "en"]
        runs += [(role, lang, 1400) for role in roles for lang in langs]
    if args.only != "1400":
        runs += [("institution", "pl", 390)]
    from playwright.sync_api import sync_playwright
    proc, base = start_dashboard(Path(args.db))
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for role, lang, width in runs:
                for path in pages:
                    if path == "dane" and role != "institution":
                        continue
                    bare, _, own = path.partition("?")  # a path may bring its own view: start?level=powiat
                    query = "&".join(x for x in (own, ROLES[role], "lang=en" if lang == "en" else "") if x)
                    url = f"{base}/{bare}" + (f"?{query}" if query else "")
                    name = f"{role}_{lang}_{width}_{bare or 'start'}" + (f"_{own.replace('&', '_')}" if own else "") + \
                        (f"_{args.tab.replace(' ', '-')}" if args.tab else "") + ".png"
                    t0 = time.monotonic()
                    try:
                        info = shoot(browser, url, out / name, width, args.tab)
                    except Exception as e:  # keep going: one slow page should not lose the rest
                        print(f"{name}: FAILED {e}", flush=True)
                        continue
                    sw, cw = info["overflow"]
                    print(f"{name}: {time.monotonic() - t0:.0f}s scroll {sw}/{cw}"
                          + (f" ERRORS {info['errors']}" if info["errors"] else ""), flush=True)
            browser.close()
    finally:
        stop_dashboard(proc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
