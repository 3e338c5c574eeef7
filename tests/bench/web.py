"""What a phone downloads from the built bench site, measured in headless Chromium.

* bytes from a cold load of the home page to the first search result, for a few queries
  (goal ≤ 300 KB, issue 10, item 3);
* the first-load weight of the main page types: everything a cold load fetches (HTML, CSS,
  JS, fonts, images), no search (goal ≤ 100 KB each).

Bytes are counted by the server (tests/counting_server.py: gzip as nginx's gzip_static
sends the .gz files, headers included), so nothing the browser fetches is missed.

    python -m tests.bench.web SITE_DIR      # just these measurements, on a built site
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from tests.counting_server import serve

CHROMIUM = "/usr/bin/chromium"
SEARCH_GOAL = 300 * 1024
PAGE_GOAL = 100 * 1024
QUERIES = ["看病", "住院费用一站式结算", "防返贫监测", "小额信贷 贴息", "家庭经济困难学生", "找工作"]


def page_types(site: Path) -> dict[str, str]:
    """A URL of each main page type of the built site."""
    def first(folder: str, skip: tuple[str, ...] = ()) -> str:
        found = sorted(p.parent.relative_to(site).as_posix() for p in (site / folder).glob("*/index.html")
                       if p.parent.name not in skip)
        return found[0] + "/" if found else ""
    category = first("policies/category")
    return {
        "首页": "",
        "政策页面": first("policies", ("category", "department", "target", "validity", "pinyin")),
        "分类页面（按主题分类）": category,
        "每月汇编": first("compilations"),
        "政策自查": "zi-cha/",
    }


def measure(site: Path, queries: list[str] = QUERIES) -> dict:
    from playwright.sync_api import sync_playwright

    out: dict = {"search": {}, "pages": {}}
    with serve(site) as (base, log), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for query in queries:
                context = browser.new_context(viewport={"width": 360, "height": 740})
                page = context.new_page()
                log.clear()
                page.goto(base, wait_until="load")
                loaded = log.total()
                page.locator("label.md-header__button[for=__search]").click()
                page.locator("input.md-search__input").press_sequentially(query)
                page.wait_for_selector(".md-search-result__item", timeout=60_000)
                total = log.total()
                out["search"][query] = {"total": total, "search": total - loaded,
                                        "files": sum(1 for p in log.paths() if p.startswith("/search/"))}
                context.close()
            for name, url in page_types(site).items():
                context = browser.new_context(viewport={"width": 360, "height": 740})
                page = context.new_page()
                log.clear()
                page.goto(base + url, wait_until="networkidle")
                out["pages"][name] = {"url": "/" + url, "bytes": log.total(), "requests": len(log.paths())}
                context.close()
        finally:
            browser.close()
    totals = [r["total"] for r in out["search"].values()]
    out["search_median"], out["search_max"] = statistics.median(totals), max(totals)
    return out


def mark(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(web: dict) -> str:
    kb = lambda n: f"{n / 1024:,.1f} KB"  # noqa: E731
    lines = ["search: bytes from a cold load of the home page to the first result (gzip, headers included)"]
    for query, r in web["search"].items():
        lines.append(f"  {query:<14} {kb(r['total']):>10}  (search itself {kb(r['search'])}, {r['files']} files under /search/)")
    ok = web["search_max"] <= SEARCH_GOAL
    lines.append(f"goal: first result ≤ {SEARCH_GOAL // 1024} KB from a cold load   {mark(ok)}  "
                 f"(median {kb(web['search_median'])}, max {kb(web['search_max'])})")
    lines.append("")
    lines.append("first-load weight of a cold page view (everything fetched, no search)")
    for name, r in web["pages"].items():
        ok = r["bytes"] <= PAGE_GOAL
        lines.append(f"  {name:<14} {r['url']:<40} {kb(r['bytes']):>10}  {r['requests']:>2} requests  "
                     f"goal ≤ {PAGE_GOAL // 1024} KB {mark(ok)}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(measure(Path(sys.argv[1]).resolve())))
