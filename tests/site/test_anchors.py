"""Repeated headings get "-2", "-3" anchors (core: Python-Markdown only, no site build)."""

from __future__ import annotations

import markdown

from huimin.rules.slugs import heading_slug
from huimin.site.anchors import HeadingAnchorsExtension, renamed_ids


def convert(text: str) -> markdown.Markdown:
    md = markdown.Markdown(extensions=["toc", "attr_list", HeadingAnchorsExtension()],
                           extension_configs={"toc": {"slugify": heading_slug, "permalink": "¶"}})
    md.html = md.convert(text)
    return md


def test_repeated_headings_get_dash_numbers_everywhere():
    md = convert("[TOC]\n\n## 办理流程\n\n## 咨询\n\n## 办理流程\n\n### 办理流程\n\n[跳转](#ban-li-liu-cheng_1)\n")
    assert 'id="ban-li-liu-cheng"' in md.html
    assert 'id="ban-li-liu-cheng-2"' in md.html and 'id="ban-li-liu-cheng-3"' in md.html
    assert "_1" not in md.html and "_2" not in md.html  # headings, permalinks, [TOC], links
    assert "_1" not in md.toc
    ids = [t["id"] for t in md.toc_tokens] + [c["id"] for t in md.toc_tokens for c in t["children"]]
    assert ids == ["ban-li-liu-cheng", "zi-xun", "ban-li-liu-cheng-2", "ban-li-liu-cheng-3"]


def test_only_suffixes_of_an_existing_id_are_renamed():
    assert renamed_ids(["a", "a_1", "b_1", "c-2", "c", "c_1"]) == {"a_1": "a-2", "c_1": "c-3"}


def test_author_ids_are_kept():
    md = convert("## 说明 {#shuo-ming-2}\n\n## 说明\n\n## 说明\n")
    assert md.html.count('id="shuo-ming-2"') == 1
    assert 'id="shuo-ming"' in md.html and 'id="shuo-ming-3"' in md.html
