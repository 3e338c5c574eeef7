"""The first phone screen for citizens (issue 10, items 2 and 8), measured in Chromium.

The repository's sample project is built once for this module (as of 2026-11-01) and served
on 127.0.0.1; pages are opened at 360×640 (a small phone), the screen a villager sees first:

- a policy page shows its 补助标准 within that first screen (also when a 已失效 notice sits
  above it), and every 咨询电话 number is a call button at least 48 px high;
- the home page's first screen holds the 搜索政策 box, the 政策自查 button and the entry
  tiles (脱贫户, 监测对象, 教育, 医疗, 住房, 就业, 产业, …); 搜索政策 opens the site search.
"""

from __future__ import annotations

import pytest

from tests.browser import BROWSER_TESTS, CHROMIUM, CHROMIUM_ARGS
from tests.counting_server import serve

PHONE = {"width": 360, "height": 640}
TILES = ["脱贫户", "监测对象", "教育", "医疗", "住房", "就业", "产业"]

pytestmark = BROWSER_TESTS


@pytest.fixture(scope="module")
def phone(sample_site):
    """(page, base URL): Chromium at 360×640 on the built sample site."""
    from playwright.sync_api import sync_playwright

    site = sample_site
    with serve(site) as (base, _), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
            page.set_default_timeout(15_000)
            yield page, base
        finally:
            browser.close()


def box(page, selector: str) -> dict:
    """The element's box in page coordinates (top from the top of the page, not the viewport)."""
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                      return {top: r.top + scrollY, bottom: r.bottom + scrollY, height: r.height}; }""",
        selector,
    )


@pytest.mark.parametrize("url", [
    "policies/edu-preschool-aid/",            # 有效
    "policies/edu-college-entry-award-2021/",  # 已失效: the notice stays above 补助标准
    "policies/job-stable-work-bonus-2027/",    # 未生效
])
def test_policy_standard_on_the_first_phone_screen(phone, url):
    page, base = phone
    page.goto(base + url)
    standard = box(page, ".hm-standard")
    assert standard["top"] < PHONE["height"], standard
    assert page.locator(".hm-standard h2").inner_text().replace("¶", "").strip() == "补助标准"


def test_policy_phone_numbers_are_large_call_buttons(phone):
    page, base = phone
    page.goto(base + "policies/edu-preschool-aid/")
    buttons = page.locator(".hm-contact a.hm-call")
    assert buttons.count() >= 1
    for i in range(buttons.count()):
        button = buttons.nth(i)
        assert (button.get_attribute("href") or "").startswith("tel:")
        assert button.bounding_box()["height"] >= 48, button.inner_text()
    # 谁能享受 and 怎么办理 come before the 索引项 table, which is still there.
    order = page.evaluate("""() => [...document.querySelectorAll('article h2')].map(h => h.id)""")
    assert order.index("bu-zhu-biao-zhun") < order.index("shui-neng-xiang-shou") < order.index("zen-me-ban-li") \
        < order.index("zi-xun-dian-hua") < order.index("zheng-ce-yi-ju")
    assert page.locator(".hm-meta table").count() == 1
    assert page.locator(".hm-self-check a").get_attribute("href") == "../../zi-cha/"


def test_home_first_phone_screen(phone):
    page, base = phone
    page.goto(base)
    for selector in (".hm-home-search", "a.hm-home-check"):
        assert box(page, selector)["bottom"] <= PHONE["height"], selector
    assert page.locator("a.hm-home-check").get_attribute("href") == "zi-cha/"
    tiles = page.locator(".hm-tiles a")
    names = [tiles.nth(i).inner_text().strip() for i in range(tiles.count())]
    assert names[:len(TILES)] == TILES
    for i in range(tiles.count()):
        tile = tiles.nth(i).bounding_box()
        assert tile["y"] + tile["height"] <= PHONE["height"], names[i]
        assert tile["height"] >= 48, names[i]
    assert page.locator('article a[href="tel:12317"]').count() >= 1
    # 搜索政策 opens the site search with the cursor in the box.
    page.locator(".hm-home-search").click()
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('input.md-search__input')")
