"""政策自查 preset by a link (a 政策明白卡's QR code): the household type only, read from the
URL's fragment by the page's script."""

from __future__ import annotations

import json
import re

from huimin.rules.self_check_preset import preset_codes, preset_fragment, preset_url
from tests.browser import BROWSER_TESTS, CHROMIUM, CHROMIUM_ARGS
from tests.counting_server import serve


def test_preset_urls_carry_the_type_only():
    assert preset_url("https://zc.example.gov.cn", "脱贫户", None) == "https://zc.example.gov.cn/zi-cha/#hu=tp"
    assert preset_fragment("脱贫户", "突发严重困难户", True) == "#hu=tp"  # a 脱贫户 has no 监测类型
    assert preset_fragment("监测对象", "突发严重困难户", False) == "#hu=jc&jc=tf"
    assert preset_fragment("监测对象", "边缘易致贫户", True) == "#hu=jc&jc=byy&xc=1"
    assert preset_fragment("监测对象", None) == "#hu=jc"
    assert preset_url(None, "脱贫户", None) is None and preset_url(" ", "脱贫户", None) is None
    codes = preset_codes()
    assert codes["hu"] == {"tp": "脱贫户", "jc": "监测对象"} and codes["xc"] == {"1": "已消除"}


def test_page_data_has_the_preset_codes(sample_site):
    html = (sample_site / "zi-cha/index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="hm-zc-data">(.*?)</script>', html, re.S)[1])
    assert data["presets"] == preset_codes()


def browser_test(test):
    for mark in BROWSER_TESTS:
        test = mark(test)
    return test


@browser_test
def test_the_page_opens_with_the_preset_ticked(sample_site):
    from playwright.sync_api import sync_playwright

    with serve(sample_site) as (base, _), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN").new_page()
            page.goto(base + "zi-cha/#hu=jc&jc=tf&xc=1")
            page.wait_for_load_state("networkidle")
            assert page.get_by_label("监测对象", exact=True).is_checked()
            assert page.get_by_label("突发严重困难户").is_checked()
            assert page.locator('input[name="hm-zc-cleared"]').is_checked()
            assert page.locator("#hm-zc-count").inner_text().startswith("您家可以享受 ")
            page.goto(base + "zi-cha/#hu=tp&jc=nonsense")
            page.reload()
            page.wait_for_load_state("networkidle")
            assert page.get_by_label("脱贫户", exact=True).is_checked()
            assert page.locator("#hm-zc-monitor").is_hidden()
            page.goto(base + "zi-cha/#hu=x")
            page.reload()
            page.wait_for_load_state("networkidle")
            assert page.locator("#hm-zc-count").inner_text() == "请先选择您家是哪类户。"
        finally:
            browser.close()
