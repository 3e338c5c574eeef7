"""Links between county write-ups (huimin.rules.links): a link to another item's Markdown
file goes to its page; a link to an item that is not public becomes text, on the site and in
the WeChat article, and the build and ``huimin check`` say where it is."""

from __future__ import annotations

import gzip
import re
from datetime import date

import pytest

from huimin.build import build
from huimin.cli import main
from huimin.read.images import body_links
from huimin.read.project import load_project
from huimin.rules.compilation import compilations
from huimin.rules.links import item_links, link_target
from huimin.site.wechat import wechat_article
from huimin.site.wechat_html import article_html
from tests.site.wechat_fixture import PRIVATE, PUBLIC, SITE_URL, wechat_files

AS_OF = date(2026, 11, 1)
LINKING = PUBLIC.replace(
    "> 群众说：", "另见[丰城的调研](feng-cheng.md)、[同一篇](../feng-cheng/#x)和[铜鼓的做法](tong-gu.md#zuo-fa)。\n\n> 群众说：")
NOTICE = ("content/submissions/2026-09/yuan-zhou.md:{line}:{column}: 链接: 链接“{text}”指向不公开的报送 "
          "content/submissions/2026-09/feng-cheng.md（丰城市资产闲置情况调研），网站上没有它的页面："
          "网站和公众号文章中这个链接改为文字（不是链接）；如需链接，请先审定它可以公开（public: true）")


def linking_files():
    return {**wechat_files(), "content/submissions/2026-09/yuan-zhou.md": LINKING}


def line_of(text: str, needle: str) -> tuple[int, int]:
    for n, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return n, line.index(needle) + 1
    raise AssertionError(needle)


def test_body_links_are_the_links_to_places_of_the_site_with_where_they_stand():
    body = "见[甲](a.md)、[网](https://x.cn)、[信](mailto:a@b.cn)、[锚](#b)、![图](c.png)\n```\n[码](d.md)\n```\n[乙](</x y/>)\n"
    assert [(link.text, link.href, link.line, link.column) for link in body_links(body, 10)] == [
        ("甲", "a.md", 10, 6), ("乙", "/x y/", 14, 6)]


@pytest.mark.parametrize("href, target", [
    ("b.md", ("submissions/2026-09/b.md", "")),           # a Markdown file: beside the file (as MkDocs reads it)
    ("../2026-08/c.md#x", ("submissions/2026-08/c.md", "x")),
    ("../b/", ("submissions/2026-09/b/", "")),            # the page's address, relative to the page
    ("../../2026-08/c/#x", ("submissions/2026-08/c/", "x")),
    ("/policies/a/index.html", ("policies/a/", "")),
    ("../../../../../etc/", ("etc/", "")),                # never above the site
])
def test_link_targets_are_resolved_against_the_page_address(href, target):
    assert link_target("submissions/2026-09/a.md", href) == target  # its page: submissions/2026-09/a/


def test_a_link_to_an_item_not_public_is_made_text_and_located(make_site):
    project = load_project(make_site(linking_files()), AS_OF)
    links = item_links(project.submissions, project.experiences)
    mine = links.of("submissions/2026-09/yuan-zhou.md")
    assert mine == {"feng-cheng.md": None, "../feng-cheng/#x": None, "tong-gu.md#zuo-fa": "../tong-gu/#zuo-fa"}
    first, second = line_of(LINKING, "feng-cheng.md"), line_of(LINKING, "../feng-cheng/#x")
    assert [str(p) for p in links.notices] == [
        NOTICE.format(line=first[0], column=first[1], text="丰城的调研"),
        NOTICE.format(line=second[0], column=second[1], text="同一篇"),
    ]


def test_the_site_and_the_wechat_article_never_link_to_it(make_site):
    root = make_site(linking_files())
    result = build(root, as_of=AS_OF)
    notices = [w for w in result.warnings if "指向不公开的报送" in w]
    assert len(notices) == 2 and notices[0].startswith("content/submissions/2026-09/yuan-zhou.md:")
    page = (result.site_dir / "submissions/2026-09/yuan-zhou/index.html").read_text(encoding="utf-8")
    assert "另见丰城的调研、同一篇和" in re.sub(r"<a [^>]*>铜鼓的做法</a>", "", page)
    assert re.search(r'<a href="\.\./tong-gu/#zuo-fa"[^>]*>铜鼓的做法</a>', page)
    for path in result.site_dir.rglob("*"):  # not even its address (made from its file name)
        if path.is_file() and path.suffix in (".html", ".gz", ".xml", ".json", ".js"):
            data = path.read_bytes()
            text = (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8", "replace")
            assert not re.search(r"feng-cheng(?!-shi)", text), path  # (丰城市's own page is feng-cheng-shi)
    project = load_project(root, AS_OF)
    c = next(c for c in compilations(project.submissions, project.settings, public_only=True) if c.month == "2026-09")
    article = wechat_article(c, project.settings, root, item_links(project.submissions, project.experiences))
    assert not any("feng-cheng" in f.url for f in article.footnotes)
    assert f"{SITE_URL}submissions/2026-09/tong-gu/#zuo-fa" in [f.url for f in article.footnotes]
    assert "丰城的调研" in article_html(article)
    assert sum("指向不公开的报送" in n for n in article.notes) == 2  # shown on the preview page: so without
    assert not any("丰城市资产闲置" in n or "feng-cheng.md" in n for n in article.notes)  # its title or file


def test_check_says_where_such_a_link_is(make_site, monkeypatch, capsys):
    monkeypatch.chdir(make_site(linking_files()))
    assert main(["check", "--as-of", AS_OF.isoformat()]) == 0
    err = capsys.readouterr().err
    first = line_of(LINKING, "feng-cheng.md")
    assert "提示：" + NOTICE.format(line=first[0], column=first[1], text="丰城的调研") in err.splitlines()


def test_the_links_of_an_item_not_public_are_left_as_they_are(make_site):
    """Its body is never shown on the site: its links need no change and no notice."""
    private = PRIVATE.replace("不公开的调研", "见[袁州的做法](yuan-zhou.md)和[另一篇不公开的](feng-cheng-2.md)。不公开的调研")
    files = {**linking_files(), "content/submissions/2026-09/feng-cheng.md": private,
             "content/submissions/2026-09/feng-cheng-2.md": PRIVATE.replace("丰城市资产闲置情况调研", "丰城市另一篇调研")}
    project = load_project(make_site(files), AS_OF)
    links = item_links(project.submissions, project.experiences)
    assert links.of("submissions/2026-09/feng-cheng.md") == {}
    assert {p.path for p in links.notices} == {"content/submissions/2026-09/yuan-zhou.md"}
