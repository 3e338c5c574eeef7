"""The 公众号 article (huimin wechat): inline styles only, links as numbered footnotes,
pictures numbered for upload, the same numbers in the Markdown version for 报刊."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest

from huimin.read.project import load_project
from huimin.rules.compilation import compilations
from huimin.site.wechat import Footnote, is_public, wechat_article
from huimin.site.wechat_html import article_html, html_document
from huimin.site.wechat_text import article_markdown
from tests.site.wechat_fixture import PRIVATE, SECOND, SITE_URL, wechat_files

AS_OF = date(2026, 11, 1)  # after the fixture's submissions (2026-09, 2026-10): no date may be later

KEPT_ATTRIBUTES = {"style", "colspan", "rowspan", "start"}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(html)
    return parser.elements


def article_for(root, month="2026-09"):
    project = load_project(root, AS_OF)
    c = next(c for c in compilations(project.submissions, project.settings) if c.month == month)
    return wechat_article(c, project.settings, project.root)


@pytest.fixture
def article(make_site):
    return article_for(make_site(wechat_files()))


def test_only_inline_styles_no_class_style_script_or_link(article):
    html = article_html(article)
    found = elements(html)
    assert found[0] == ("section", {"style": found[0][1]["style"]})
    for tag, attrs in found:
        assert set(attrs) <= KEPT_ATTRIBUTES, (tag, attrs)
        assert tag not in ("a", "style", "script", "link", "img", "iframe", "font"), tag
        if tag not in ("br", "thead", "tbody", "tr", "div", "dl", "dt", "dd"):
            assert attrs.get("style"), f"<{tag}> 没有行内样式"
    assert not re.search(r"class=|<style|<script|href=|src=|url\(|@import|@font-face|javascript:", html, re.I)
    assert "alert" not in html and "点我" in html  # the link's text stays, its script does not
    # a safe, plain look: 16 px text, line height 1.75, #333
    assert "font-size:16px;line-height:1.75;color:#333;" in found[0][1]["style"]


def test_whole_document_has_nothing_from_outside(article):
    doc = html_document(article)
    assert not re.search(r"class=|<style|<script|<link|href=|src=", doc, re.I)
    assert '<meta name="robots" content="noindex">' in doc


def test_footnotes_numbered_in_order_of_first_appearance_once_each(article):
    base = SITE_URL
    assert article.footnotes == [
        Footnote(1, "国家乡村振兴局", "https://nrra.example.gov.cn/zc/"),
        Footnote(2, "省里的做法", "https://jx.example.gov.cn/a?b=1&c=2"),
        Footnote(3, "学前教育幼儿资助", base + "policies/edu-preschool-aid/"),  # relative to the item's page
        Footnote(4, "政策自查", base + "zi-cha/"),  # site-absolute
        Footnote(5, "邮件", "mailto:xczx@example.gov.cn"),
        Footnote(6, "2026年第1期每月汇编（网页版）", base + "compilations/2026-09/"),
    ]
    html = article_html(article)
    marks = [int(n) for n in re.findall(r"\[(\d+)\]</sup>", html)]
    assert marks == [1, 2, 1, 3, 4, 2, 5, 6]  # 国家 and 省里 twice; the anchor and the phone number are plain text
    assert "本文第一节" in html and "0795-3999999" in html
    notes = html.split(">引用链接</h3>", 1)[1]
    assert re.findall(r"\[(\d+)\] ", notes) == ["1", "2", "3", "4", "5", "6"]
    assert "[2] 省里的做法: <em" in notes and "https://jx.example.gov.cn/a?b=1&amp;c=2</em>" in notes
    # the item that is not public brings no footnote
    assert "internal.example.gov.cn" not in html


def test_images_numbered_in_order_for_upload(article):
    names = [(i.n, i.name, i.alt, i.path.name if i.path else None) for i in article.images]
    assert names == [
        (1, "01-tai-zhang.png", "整改前的台账", "tai-zhang.png"),  # the same file twice: one number
        (2, "02-xian-chang.jpg", "现场照片", "xian-chang.jpg"),
        (3, "03-dian.png", "安置点", "dian.png"),
    ]
    html = article_html(article)
    assert re.findall(r"【图(\d+)", html) == ["1", "1", "2", "3"]
    assert "【图1：整改前的台账】请在此处插入第 1 张图片" in html
    assert article.notes == []


def test_headings_lists_tables_and_quotes_are_styled(article):
    html = article_html(article)
    assert '<h3 style="margin:24px 0 12px;font-size:16px;font-weight:bold;' in html  # the body's ## 整改情况
    table = re.search(r"<table style=\"([^\"]*)\">", html)
    assert "border-collapse:collapse" in table[1]
    assert re.search(r'<td style="[^"]*border:1px solid #ccc;[^"]*">资助未落实</td>', html)
    assert re.search(r'<ul style="[^"]*padding-left:24px;[^"]*">', html)
    assert re.search(r'<blockquote style="[^"]*border-left:3px solid #ccc;[^"]*">', html)
    # front matter is text, never HTML
    assert "&lt;b&gt;全部&lt;/b&gt;" in html


def test_not_public_items_are_left_out(article):
    titles = [item.s.meta.title for _, items in article.sections for item in items]
    assert titles == ["袁州区“四定闭环”推动问题整改清零", "铜鼓县“点长制”管好安置点"]
    assert article.count == 2
    assert [kind for kind, _ in article.sections] == ["经验成效类"]


def _titles(article) -> list[tuple[str, str]]:
    return [(kind, item.s.meta.title) for kind, items in article.sections for item in items]


def test_the_public_field_decides(make_site):
    files = wechat_files()
    files["content/submissions/2026-09/gao-an.md"] = (
        PRIVATE.replace("丰城市资产闲置情况调研", "高安市信贷风险调研").replace("unit: 丰城市", "unit: 高安市")
        .replace("kind: 问题调研类", "kind: 问题调研类\npublic: true"))
    files["content/submissions/2026-09/jing-an.md"] = (
        SECOND.replace("铜鼓县“点长制”管好安置点", "靖安县内部经验").replace("unit: 铜鼓县", "unit: 靖安县")
        .replace("kind: 经验成效类", "kind: 经验成效类\npublic: false"))
    assert _titles(article_for(make_site(files))) == [
        ("经验成效类", "袁州区“四定闭环”推动问题整改清零"),
        ("经验成效类", "铜鼓县“点长制”管好安置点"),
        ("问题调研类", "高安市信贷风险调研"),  # public: true; 丰城市's, without it, stays out
    ]


def test_huimin_yml_public_by_kind_decides_when_the_file_does_not(make_site):
    files = wechat_files()
    files["huimin.yml"] += "public_by_kind:\n  问题调研类: true\n"
    article = article_for(make_site(files))
    assert ("问题调研类", "丰城市资产闲置情况调研") in _titles(article)
    assert is_public(next(item.s for _, items in article.sections for item in items if item.s.meta.unit == "丰城市"))


def test_markdown_version_for_the_press(article):
    text = article_markdown(article, "宜春声音-2026-09-图片")
    assert text.startswith("# 宜春声音｜宜春市乡村振兴2026年第1期\n\n2026年第1期（2026-09）· 宜春市乡村振兴局 · 本期 2 篇\n\n")
    for part in [
        "## 经验成效类\n\n### 袁州区“四定闭环”推动问题整改清零\n\n袁州区 · 袁州区乡村振兴局 · 2026年9月12日\n\n"
        "> **摘要**　袁州区按“四定闭环”整改问题，\\<b\\>全部\\</b\\>清零。",
        "袁州区按国家乡村振兴局[1]的要求，参照省里的做法[2]开展整改。",
        "![图1：整改前的台账](宜春声音-2026-09-图片/01-tai-zhang.png)",
        "#### 整改情况\n\n| 问题 | 数量 |\n| --- | --- |\n| 资助未落实 | 11 |\n| 送教上门不足 | 5 |",
        "- 再看国家乡村振兴局[1]的通知；\n- 对照学前教育幼儿资助[3]政策；\n- 见本文第一节，咨询 0795-3999999。",
        "> 群众说：“问题解决得快。”",
        "![图2：现场照片](宜春声音-2026-09-图片/02-xian-chang.jpg)",
        "本期全部内容及往期汇编见网站[6]",
        "## 引用链接\n\n[1] 国家乡村振兴局: https://nrra.example.gov.cn/zc/  \n"
        "[2] 省里的做法: https://jx.example.gov.cn/a?b=1&c=2  \n",
        "[6] 2026年第1期每月汇编（网页版）: https://xczx.example.gov.cn/huimin/compilations/2026-09/\n\n"
        "<!-- huimin wechat -->\n",
    ]:
        assert part in text, part
    assert "alert" not in text and "internal.example" not in text


def test_without_site_url_inside_links_stay_text(make_site):
    article = article_for(make_site(wechat_files(site_url=None)))
    assert [f.url for f in article.footnotes] == [
        "https://nrra.example.gov.cn/zc/", "https://jx.example.gov.cn/a?b=1&c=2", "mailto:xczx@example.gov.cn",
    ]
    assert article.web_ref is None
    assert article.notes == [
        "content/submissions/2026-09/yuan-zhou.md: 站内链接“学前教育幼儿资助”（../../../policies/edu-preschool-aid/）"
        "保留为文字：huimin.yml 未设置 site_url，无法写出网址",
        "content/submissions/2026-09/tong-gu.md: 站内链接“政策自查”（/zi-cha/）保留为文字：huimin.yml 未设置 site_url，"
        "无法写出网址",
    ]
    assert "学前教育幼儿资助" in article_html(article)


def test_a_summary_the_text_opens_with_is_said_once(make_site):
    """A Word import takes the summary from the first paragraph: the article does not show the
    same words twice (摘要 box, then the text); a summary of its own is kept."""
    files = wechat_files()
    opening = "今年以来，铜鼓县推行“点长制”，安置点 12 个全部落实点长。"
    files["content/submissions/2026-09/tong-gu.md"] = SECOND.replace(
        "summary: 铜鼓县推行“点长制”。", f"summary: {opening}").replace("详见", f"{opening}\n\n详见")
    article = article_for(make_site(files))
    html = article_html(article)
    text = article_markdown(article, "图片")
    assert html.count(opening) == 1 and text.count(opening) == 1
    assert html.count(">摘要</strong>") == 1 and text.count("**摘要**") == 1  # the other item's own summary stays


def test_the_submission_page_shows_a_summary_the_text_opens_with_once(make_site):
    from huimin.site.submission_pages import submission_pages

    files = wechat_files()
    opening = "今年以来，铜鼓县推行“点长制”，安置点 12 个全部落实点长。"
    files["content/submissions/2026-09/tong-gu.md"] = SECOND.replace(
        "summary: 铜鼓县推行“点长制”。", f"summary: {opening}").replace("详见", f"{opening}\n\n详见")
    project = load_project(make_site(files), AS_OF)
    pages = {p.src_uri: p.text for p in submission_pages(project.submissions, project.settings)}
    tong_gu = pages["submissions/2026-09/tong-gu.md"]
    assert "简报摘要" not in tong_gu and f"description: \"{opening}\"" in tong_gu  # still the page's description
    assert '!!! abstract "简报摘要"\n    袁州区按“四定闭环”整改问题' in pages["submissions/2026-09/yuan-zhou.md"]


def test_the_preview_pages_make_their_article_only_when_the_page_is_made(make_site, monkeypatch):
    """huimin serve gathers every page after each save: the 公众号版 pages (for editors) make
    their article only when one is shown."""
    from huimin.site import wechat_pages as module

    made = []
    real = module.wechat_article
    monkeypatch.setattr(module, "wechat_article", lambda *a, **k: made.append(a[0].month) or real(*a, **k))
    project = load_project(make_site(wechat_files()), AS_OF)
    pages = module.wechat_pages(project.submissions, project.settings, project.root)
    assert [p.src_uri for p in pages] == ["wechat/2026-09/index.md"] and made == []
    assert "袁州区“四定闭环”推动问题整改清零" in pages[0].html() and made == ["2026-09"]
