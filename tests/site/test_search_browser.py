"""Chinese search in a real browser: the sample site, served locally, searched like a person would.

Material's search box reacts to ``keyup``. Typing Chinese goes through an input method,
which Playwright imitates with ``insertText`` (no key events), so after typing we send
the ``keyup`` a real input method sends too.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]
PLACEHOLDER = "键入以开始搜索"  # Material zh: search.result.placeholder
NO_RESULTS = "没有找到符合条件的结果"  # Material zh: search.result.none

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="需要 /usr/bin/chromium"),
]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@contextmanager
def serve(folder: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def meta_is(text: str, negate: bool = False) -> str:
    op = "!==" if negate else "==="
    return (
        "() => { const m = document.querySelector('.md-search-result__meta');"
        f" return m !== null && m.innerText.trim() {op} {text!r}; }}"
    )


def search(page, query: str) -> tuple[str, list[tuple[str, str]]]:
    """Type ``query``; return the result summary and (title, href) of the shown results."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.dispatch_event("keyup")
    page.wait_for_function(meta_is(PLACEHOLDER))
    box.press_sequentially(query)
    box.dispatch_event("keyup")
    page.wait_for_function(meta_is(PLACEHOLDER, negate=True))
    summary = page.locator(".md-search-result__meta").inner_text().strip()
    results = []
    items = page.locator(".md-search-result__item")
    for i in range(items.count()):
        item = items.nth(i)
        title = item.locator("h1, h2").first.inner_text().replace("\u200b", "").strip()
        href = item.locator("a").first.get_attribute("href") or ""
        results.append((title, href.split("?")[0]))
    return summary, results


def test_chinese_search(sample_site, tmp_path):
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    site = sample_site
    outside: list[str] = []
    found: dict[str, tuple[str, list[tuple[str, str]]]] = {}

    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")

            def only_local(route):
                url = route.request.url
                if url.startswith(base) or url.startswith(("data:", "blob:")):
                    route.continue_()
                else:
                    outside.append(url)
                    route.abort()

            context.route("**/*", only_local)
            page = context.new_page()
            page.set_default_timeout(15_000)
            page.goto(base)
            page.locator("input.md-search__input").click()
            page.wait_for_function(meta_is(PLACEHOLDER))  # the index has loaded
            for query in ("返贫", "资助", "小额信贷", "雨露计划", "饕餮"):
                found[query] = search(page, query)
            search(page, "返贫")
            page.screenshot(path=str(tmp_path / "search.png"))  # for debugging, not checked
        finally:
            browser.close()

    def titles(query):
        return [title for title, _ in found[query][1]]

    # 返贫 is only a sub-word of 防返贫监测 / 防返贫保险 in the index.
    assert "防返贫保险" in titles("返贫"), found["返贫"]
    assert ("防返贫保险", f"{base}policies/monitor-anti-poverty-insurance/") in found["返贫"][1]
    # The hidden sub-words never show in a result: 防返贫监测 reads once.
    assert any("防返贫监测" in t for t in titles("返贫")) and not any("返贫返贫" in t for t in titles("返贫"))

    assert {"学前教育幼儿资助", "城乡居民医保个人缴费资助", "监测对象医保缴费定额资助",
            "家庭经济困难大学新生入学资助"} <= set(titles("资助")), found["资助"]
    assert {"脱贫人口小额信贷", "小额信贷风险补偿金管理"} <= set(titles("小额信贷")), found["小额信贷"]
    assert ("雨露计划职业教育补助", f"{base}policies/edu-yulu-plan/") in found["雨露计划"][1], found["雨露计划"]
    for query in ("返贫", "资助", "小额信贷", "雨露计划"):
        assert found[query][0].endswith("个符合条件的结果"), found[query][0]

    assert found["饕餮"] == (NO_RESULTS, [])
    assert outside == [], f"页面试图访问外部地址：{outside}"
    assert time.perf_counter() - started < 40
