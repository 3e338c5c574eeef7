"""The inline step that leaves plain text alone gives the HTML Python-Markdown gives."""

from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from huimin.read.plain_inline import PlainInlineExtension
from huimin.site.anchors import HeadingAnchorsExtension

SITE = ["toc", "tables", "attr_list", "md_in_html", "admonition", "pymdownx.details", "pymdownx.superfences"]
PIECES = ["脱贫户", "补助", " ", "  \n", "\n", "\n\n", "*", "**", "_", "__", "`", "\\", "[", "]", "(", ")", "!",
          "<", ">", "&", ";", "amp", "#", "-", "1.", "|", ":", "http://x.cn", "a@b.cn", "<b>", "</b>", "<!--", "-->",
          "&#20013;", "{: #id }", "!!! note", "    ", "~~", "=="]


def pair(extensions):
    return (markdown.Markdown(extensions=list(extensions)),
            markdown.Markdown(extensions=[*extensions, PlainInlineExtension()]))


def test_a_page_with_every_kind_of_inline_text_is_the_same():
    text = ("# 办理流程\n\n| 项 | 值 |\n|--|--|\n| 补助 | [链接](a.md) |\n| `代码` | **重点** |\n\n"
            "普通的一段话，没有任何标记。\n第二行  \n换行后 <span>原样</span> &amp; 实体 \\*不是强调\\*\n\n"
            "- 甲 *斜体*\n- 乙 _下划线_ <http://x.cn> <a@b.cn>\n\n!!! note \"说明\"\n    纯文本\n")
    plain, fast = pair([*SITE, HeadingAnchorsExtension()])
    assert fast.convert(text) == plain.convert(text)
    assert "<strong>重点</strong>" in fast.reset().convert(text)


def test_an_extension_that_adds_a_pattern_turns_the_shortcut_off():
    plain, fast = pair(["pymdownx.tilde"])
    assert fast.convert("删除~~这些~~文字") == plain.convert("删除~~这些~~文字") == "<p>删除<del>这些</del>文字</p>"
    assert not fast.treeprocessors["inline"]._plain_ok


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_any_text_made_of_markdown_pieces_is_the_same(pieces):
    text = "".join(pieces)
    for extensions in (SITE, ["tables", "sane_lists"]):
        plain, fast = pair(extensions)
        assert fast.convert(text) == plain.convert(text)
