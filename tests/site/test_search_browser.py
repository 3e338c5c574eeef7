"""huimin's search in a real browser: the sample site served as nginx would (tests/counting_server.py),
searched like a person would, with every byte the phone downloads counted.

Typing Chinese goes through an input method, which Playwright imitates with ``insertText``;
the search reacts to ``input`` events, which that sends.
"""

from __future__ import annotations

import random
import re

import pytest

from huimin.site.search_index import normalize, read_site, runs
from tests.browser import BROWSER_TESTS, CHROMIUM, CHROMIUM_ARGS
from tests.counting_server import serve

BUDGET = 300 * 1024  # bytes from a cold load of the home page to the first result (issue 10)

pytestmark = BROWSER_TESTS


@pytest.fixture(scope="module")
def site(sample_site):
    with serve(sample_site) as (base, log):
        yield base, log


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def cold(browser, site):
    """A new page with an empty cache that may reach only the local server."""
    base, _ = site
    outside: list[str] = []
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
    yield page
    context.close()
    assert outside == [], f"页面试图访问外部地址：{outside}"


def search(page, query: str) -> tuple[str, list[tuple[str, str]]]:
    """Type ``query`` into the open search box; return the summary line and the shown
    results as (group heading or title, href), group headings with href ""."""
    box = page.locator("input.md-search__input")
    box.fill("")
    page.wait_for_function("() => !document.querySelector('.md-search-result__meta').dataset.hmQuery")
    box.press_sequentially(query)
    page.wait_for_function("q => document.querySelector('.md-search-result__meta').dataset.hmQuery === q", arg=query)
    summary = page.locator(".md-search-result__meta").inner_text().strip()
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('.md-search-result__list > li')).map(li =>
        li.classList.contains('hm-search-group') ? [li.innerText.trim(), ''] :
        [li.querySelector('h1').innerText.trim(), li.querySelector('a').getAttribute('href')])""")
    return summary, [tuple(x) for x in shown]


def everything(page, query: str) -> list[list[str]]:
    """The full ranked result list ([url, title, type, summary]), not only the shown ten."""
    return page.evaluate("q => window.hmSearch.all(q)", query)


def open_search(page, base: str) -> None:
    page.goto(base)
    page.locator("input.md-search__input").focus()


@pytest.fixture(scope="module")
def pages(sample_site):
    return {p.url: p for p in read_site(sample_site)}


# ------------------------------------------------------------------ what is fetched, and when


def test_cold_home_page_fetches_no_index_and_first_result_within_budget(cold, site):
    base, log = site
    log.clear()
    cold.goto(base, wait_until="load")
    cold.wait_for_timeout(300)
    under_search = [p for p in log.paths() if p.startswith("/search/")]
    assert under_search == ["/search/hm-search.js"], under_search  # the client script, no index
    page_bytes = log.total()

    cold.locator("input.md-search__input").click()
    cold.wait_for_timeout(300)
    assert [p for p in log.paths() if p.startswith("/search/")] == ["/search/hm-search.js", "/search/manifest.json"]

    cold.locator("input.md-search__input").press_sequentially("看病")
    cold.wait_for_selector(".md-search-result__item")
    total = log.total()
    assert total <= BUDGET, f"首页冷启动到第一个结果共 {total:,} 字节，超过 {BUDGET:,}"
    assert total - page_bytes < 60 * 1024, f"搜索本身 {total - page_bytes:,} 字节"
    shards = [p for p in log.paths() if p.startswith("/search/t/")]
    assert 1 <= len(shards) <= 12, shards


# ------------------------------------------------------------------ ranking and synonyms


@pytest.mark.parametrize("word, policy, submission", [
    ("应急救助", "policies/monitor-emergency-relief/", "submissions/2026-08/shang-gao-xian-tu-fa-kun-nan-diao-yan/"),
    ("观察期", None, "submissions/2026-08/yi-feng-xian-guan-cha-qi-diao-yan/"),
])
def test_policy_ranks_above_a_submission_that_repeats_its_words(cold, site, pages, word, policy, submission):
    base, _ = site
    open_search(cold, base)
    results = everything(cold, word)
    urls = [r[0] for r in results]
    policies = [p.url for p in pages.values() if p.type == "policy" and word in p.title + p.text]
    assert policies and set(policies) <= set(urls)
    assert pages[submission].text.count(word) > max(pages[u].text.count(word) for u in policies)  # a real case
    assert urls.index(submission) > max(urls.index(u) for u in policies)
    if policy:
        assert policy in policies
    summary, shown = search(cold, word)
    assert shown[0] == ("政策", "")  # the first group heading
    assert shown[1][1] == base + urls[0]
    assert [r[2] for r in results] == sorted((r[2] for r in results), key=["policy", "case", "submission", "page"].index)


SYNONYM_CASES = {  # everyday word → a sample policy it must find (the policy does not contain the word)
    "看病": "med-medical-assistance",
    "上学": "edu-preschool-aid",
    "读书": "edu-compulsory-living-subsidy",
    "吃水": "water-rural-supply-guarantee",
    "修房子": "house-dilapidated-renovation",
    "房子漏雨": "house-dilapidated-renovation",
    "找工作": "job-rural-public-welfare-post",
    "借钱": "fin-poverty-microcredit",
    "养殖": "ind-linkage-fund-projects",
}  # 养老 → 养老保险: the sample has no pension policy (tests/site/test_search_index.py checks the list)


def test_everyday_words_find_their_policies(cold, site, pages):
    base, _ = site
    open_search(cold, base)
    missing, not_first = {}, {}
    for word, pid in SYNONYM_CASES.items():
        url = f"policies/{pid}/"
        assert url in pages, f"示例政策 {pid} 不存在"
        assert word not in pages[url].title + pages[url].text, (word, pid)
        results = everything(cold, word)
        if url not in [r[0] for r in results]:
            missing[word] = [r[1] for r in results[:5]]
        if not results or results[0][2] != "policy":
            not_first[word] = results[:1]
    assert missing == {} and not_first == {}, (missing, not_first)


# ------------------------------------------------------------------ recall: a word in a policy always finds it


def test_every_policy_containing_a_word_is_found(cold, site, pages):
    base, _ = site
    policies = [p for p in pages.values() if p.type == "policy"]
    rng = random.Random(10)
    words: set[str] = set()
    sources = [run for p in policies for run in runs(p.title + "\n" + p.text) if len(run) >= 2 and run[0] >= "\u3400"]
    while len(words) < 100:
        run = rng.choice(sources)
        n = rng.randint(2, min(4, len(run)))
        start = rng.randrange(len(run) - n + 1)
        words.add(run[start : start + n])
    open_search(cold, base)
    found = cold.evaluate("""async words => {
        const out = {};
        for (const w of words) out[w] = (await window.hmSearch.all(w)).map(r => r[0]);
        return out; }""", sorted(words))
    missed = {}
    for word in sorted(words):
        holding = {p.url for p in policies if word in normalize(p.title + "\n" + p.text)}
        assert holding, word
        lost = holding - set(found[word])
        if lost:
            missed[word] = sorted(lost)
    assert missed == {}, missed


# ------------------------------------------------------------------ what a person sees


def test_results_are_grouped_with_headings_and_partial_matches_marked(cold, site):
    base, _ = site
    open_search(cold, base)
    summary, shown = search(cold, "雨露计划")
    assert ("政策", "") in shown and ("雨露计划职业教育补助", f"{base}policies/edu-yulu-plan/") in shown
    assert re.fullmatch(r"找到 \d+ 个页面（政策 \d+.*）.*", summary), summary
    heads = [t for t, href in shown if not href]
    assert heads == [h for h in ("政策", "宜春经验", "县市区报送", "其他") if h in heads]  # in this order

    summary, shown = search(cold, "最低生活保章")  # a slip for 最低生活保障: pages with most of its words
    assert "部分匹配" in summary and len(shown) > 1, summary
    assert cold.locator(".hm-search-partial").inner_text() == "部分匹配"

    summary, shown = search(cold, "饕餮")
    assert summary.startswith("没有找到") and shown == []


def test_keyboard(cold, site):
    base, _ = site
    cold.goto(base)
    cold.locator("body").press("/")
    assert cold.evaluate("document.activeElement.classList.contains('md-search__input')")
    assert cold.evaluate("document.getElementById('__search').checked")
    cold.keyboard.insert_text("低保")
    cold.wait_for_selector(".md-search-result__item a")
    first = cold.locator(".md-search-result__item a").first
    first.focus()
    href = first.get_attribute("href")
    cold.keyboard.press("Enter")
    cold.wait_for_url(href)
    cold.locator("input.md-search__input").focus()
    cold.keyboard.press("Escape")
    assert not cold.evaluate("document.getElementById('__search').checked")
