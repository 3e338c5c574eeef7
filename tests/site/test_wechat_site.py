"""The 公众号 preview in a built site: /wechat/YYYY-MM/ holds exactly the article huimin
wechat writes, for editors only: not in the navigation, sitemap.xml or the search index."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from huimin.build import build
from huimin.site.wechat_html import article_html
from tests.browser import BROWSER_TESTS, launch
from tests.conftest import MINIMAL_MKDOCS, REPO
from tests.counting_server import serve
from tests.site.test_wechat import article_for
from tests.site.wechat_fixture import SITE_URL, wechat_files

AS_OF = date(2026, 11, 1)  # after the fixture's submissions (2026-09, 2026-10): no date may be later


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from tests.conftest import write_tree

    root = tmp_path_factory.mktemp("wechat") / "site"
    files = wechat_files()
    files["mkdocs.yml"] = f"site_url: {SITE_URL}\n" + MINIMAL_MKDOCS.format(theme=(REPO / "templates/theme").as_posix())
    files["content/index.md"] = "# 首页\n"
    write_tree(root, files)
    site = build(root, AS_OF, root.parent / "www").site_dir
    return root, site


def preview(site) -> str:
    return (site / "wechat/2026-09/index.html").read_text(encoding="utf-8")


def test_preview_page_holds_the_article_exactly(built):
    root, site = built
    page = preview(site)
    article = article_for(root)
    inside = page.split('<div id="hm-wx-article">', 1)[1].split("</div>\n</div>", 1)[0]
    assert inside == article_html(article)
    assert f'<template id="hm-wx-source">{inside}</template>' in page  # what 复制 copies
    assert "标题栏填：<strong>宜春声音｜宜春市乡村振兴2026年第1期</strong>" in page
    # the pictures to upload, in order, from where the site has them
    downloads = re.findall(r'<a href="([^"]+)" download="([^"]+)">图', page)
    # named as the site saved them (a flat-colour picture is kept as PNG, huimin.read.image_fit)
    assert [name for _, name in downloads] == ["01-tai-zhang.png", "02-xian-chang.png", "03-dian.png"]
    for href, _ in downloads:  # the site's copies, beside each item's page
        assert (site / "wechat/2026-09" / href).resolve().is_file(), href
    assert downloads[0][0] == "../../submissions/2026-09/yuan-zhou/tai-zhang.png"
    # the text for the press, as the command writes it
    text = html.unescape(page.split('readonly rows="16">', 1)[1].split("</textarea>", 1)[0])
    assert "![图1：整改前的台账](宜春声音-2026-09-图片/01-tai-zhang.png)" in text
    assert text.endswith("<!-- huimin wechat -->\n")


def test_preview_is_for_editors_only(built):
    _, site = built
    page = preview(site)
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert '<meta name="hm-search"' not in page and "<!--hm-search-body-->" not in page
    assert not (site / "wechat/2026-10").exists()  # only items that are not public that month
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "compilations/2026-09/" in sitemap and "wechat" not in sitemap
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml") and "wechat" not in path.parts:
            text = path.read_text(encoding="utf-8")
            assert "wechat/" not in text and "公众号版" not in text, path  # no link, no search entry


@pytest.mark.parametrize("width", [360, 1280])
@BROWSER_TESTS[0]
@BROWSER_TESTS[1]
def test_copy_button_puts_the_article_on_the_clipboard(built, width):
    from playwright.sync_api import sync_playwright

    root, site = built
    expected = article_html(article_for(root))
    with serve(site) as (base, _), sync_playwright() as pw:
        browser = launch(pw)
        context = browser.new_context(viewport={"width": width, "height": 800})
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
        page = context.new_page()
        page.goto(base + "wechat/2026-09/")
        page.click("[data-hm-copy]")
        page.wait_for_function("document.querySelector('.hm-wx-status').textContent !== ''")
        assert page.inner_text(".hm-wx-status") == "已复制，请到编辑器中粘贴"
        copied = page.evaluate("navigator.clipboard.read().then(i => i[0].getType('text/html')).then(b => b.text())")
        assert copied == expected
        page.click("[data-hm-copy-text]")
        page.wait_for_function("document.querySelectorAll('.hm-wx-status')[1].textContent !== ''")
        text = page.evaluate("navigator.clipboard.readText()")
        assert text.startswith("# 宜春声音｜宜春市乡村振兴2026年第1期") and "[1] 国家乡村振兴局" in text
        # without the Clipboard API (an old browser): the article is selected and copied the old way
        page.evaluate("() => { window.ClipboardItem = undefined; document.querySelector('.hm-wx-status').textContent = ''; }")
        page.click("[data-hm-copy]")
        assert page.inner_text(".hm-wx-status") in ("已复制，请到编辑器中粘贴",
                                                    "已选中全文，请按 Ctrl+C（苹果电脑 ⌘+C，手机上长按）复制")
        selected = page.evaluate("String(window.getSelection())")
        assert selected.startswith("宜春市乡村振兴 · 宜春声音") and "引用链接" in selected
        # the article keeps its own look, not the site's
        size = page.evaluate("getComputedStyle(document.querySelector('#hm-wx-article p')).fontSize")
        assert size == "22px"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        browser.close()


def test_a_build_that_changes_nothing_converts_no_write_up_again(tmp_path, monkeypatch):
    """The 公众号版 page is made when MkDocs renders it, after the pages are listed: its texts
    come from the build's kept texts too (.huimin-cache), not converted again."""
    from huimin.site import sanitize
    from tests.conftest import write_tree

    root = tmp_path / "site"
    files = wechat_files()
    files["mkdocs.yml"] = f"site_url: {SITE_URL}\n" + MINIMAL_MKDOCS.format(theme=(REPO / "templates/theme").as_posix())
    files["content/index.md"] = "# 首页\n"
    write_tree(root, files)
    first = build(root, AS_OF, tmp_path / "first").site_dir
    converted = []
    convert = sanitize._safe_html.__wrapped__

    def counting(text: str) -> str:
        converted.append(text)
        return convert(text)

    monkeypatch.setattr(sanitize, "_safe_html", counting)
    again = build(root, AS_OF, tmp_path / "again").site_dir
    assert preview(again) == preview(first)
    assert converted == []
