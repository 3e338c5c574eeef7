"""Policy texts set aside before the Markdown pass give the HTML the pass itself gives."""

from __future__ import annotations

import markdown
import pytest
from mkdocs.structure.pages import _RawHTMLPreprocessor

from huimin.site.html_blocks import HtmlBlocksExtension
from huimin.site.sanitize import policy_text_markdown

SITE = ["toc", "tables", "attr_list", "md_in_html", "admonition", "pymdownx.details", "pymdownx.superfences"]
BLOCK = '<div class="hm-text">\n<p>x</p>\n</div>'


@pytest.mark.parametrize("text", [
    f"### 工作要求\n\n{BLOCK}\n\n### 注意事项\n\n{BLOCK}\n",
    BLOCK, f"{BLOCK}\n\n\n\n正文", f"上一行\n{BLOCK}\n\n下一行", f"{BLOCK}\n下一行\n",
    '<div class="hm-text">\n<div>x</div>\n</div>\n\nb',  # a div inside: left to Python-Markdown
    f'<div class="hm-meta" markdown>\n\n| a | b |\n|--|--|\n| 1 | 2 |\n\n</div>\n\n{BLOCK}\n',
])
def test_the_same_html_as_python_markdown_gives(text):
    def converted(extensions):
        md = markdown.Markdown(extensions=extensions)
        ids = _RawHTMLPreprocessor()
        ids._register(md)  # MkDocs' anchor scan, as a build has it
        return md.convert(text), ids.present_anchor_ids

    assert converted([*SITE, HtmlBlocksExtension()]) == converted(SITE)


def test_a_policy_text_as_the_site_writes_it_is_set_aside_whole():
    text = policy_text_markdown("## 申请条件\n\n年满60周岁，**持证**。\n\n1. 申请\n2. 审核\n\n"
                                "## 补助标准\n\n| 项 | 值 |\n|--|--|\n| 补助 | 100元 |")
    md = markdown.Markdown(extensions=[*SITE, HtmlBlocksExtension()])
    html = md.convert(text)
    assert html == markdown.Markdown(extensions=SITE).convert(text)
    assert len(md.htmlStash.rawHtmlBlocks) == text.count('<div class="hm-text">') >= 2
