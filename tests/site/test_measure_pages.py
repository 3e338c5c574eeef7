"""Pages of the 二十条措施, generated from the model (no site build)."""

from __future__ import annotations

import re
from pathlib import Path

import markdown

from huimin.read.measures_text import parse_measures
from huimin.read.measures_yaml import load_measures
from huimin.site.measure_pages import measure_pages

CONTENT = Path(__file__).resolve().parents[2] / "content/_data/measures.yml"

DOC = """\
关于测试的措施
一、压实责任
（一）强化*主体*责任。每季度召开一次会议。（责任单位：市委办、市委半，各县市区党委、政府）
二、做实工作
（二）加快[认定]。10个工作日内完成认定。（责任单位：市委办）
"""


def pages_by_uri(text: str = DOC) -> dict:
    return {p.src_uri: p for p in measure_pages(parse_measures(text, "doc.txt"))}


def html(page) -> str:
    body = page.text.split("---\n", 2)[2]
    return markdown.markdown(body, extensions=["toc", "attr_list", "admonition"])


def test_pages_produced():
    pages = pages_by_uri()
    assert list(pages) == [
        "measures/index.md",
        "measures/units/index.md",
        "measures/units/shi-wei-ban/index.md",
        "measures/units/shi-wei-ban-2/index.md",
        "measures/units/ge-xian-shi-qu-dang-wei-zheng-fu/index.md",
    ]
    for page in pages.values():
        assert page.section == ("二十条措施",)
        assert page.text.startswith("---\ntitle: \"")
    assert pages["measures/units/shi-wei-ban-2/index.md"].text.startswith('---\ntitle: "市委半"\nhm_search: none')
    assert pages["measures/units/shi-wei-ban/index.md"].nav is False


def test_document_page_anchors_and_links():
    page = pages_by_uri()["measures/index.md"]
    assert "## 一、压实责任 {#part-1}" in page.text
    assert "### （一）强化\\*主体\\*责任 {#measure-1}" in page.text
    assert "### （二）加快\\[认定\\] {#measure-2}" in page.text
    assert "[市委半](units/shi-wei-ban-2/index.md)" in page.text
    assert "- **时限与频次**：10个工作日内完成认定" in page.text
    assert "以正式印发的文件为准" in page.text
    rendered = html(page)
    assert re.findall(r'<h[23] id="([^"]+)"', rendered) == ["part-1", "measure-1", "part-2", "measure-2"]
    assert "<em>" not in rendered


def test_units_index_counts():
    text = pages_by_uri()["measures/units/index.md"].text
    assert "- [市委办](shi-wei-ban/index.md)：2 条" in text
    assert "- [市委半](shi-wei-ban-2/index.md)：1 条" in text
    assert text.index("市委办") < text.index("市委半")  # most measures first


def test_unit_pages_link_back():
    text = pages_by_uri()["measures/units/shi-wei-ban/index.md"].text
    assert "](../../index.md#measure-1)" in text
    assert "](../../index.md#measure-2)" in text
    assert "[全部责任单位](../index.md)" in text


def test_pages_from_content_file():
    doc, problems = load_measures(CONTENT, "content/_data/measures.yml")
    assert problems == []
    pages = {p.src_uri: p for p in measure_pages(doc)}
    index = pages["measures/index.md"].text
    for n in range(1, 21):
        assert f"{{#measure-{n}}}" in index
    for n in range(1, 4):
        assert f"{{#part-{n}}}" in index
    unit_pages = [p for uri, p in pages.items() if uri.count("/") == 3]
    assert len(unit_pages) == len(doc.by_unit())
    for page in unit_pages:
        for anchor in re.findall(r"\.\./\.\./index\.md#(measure-\d+)", page.text):
            assert f"{{#{anchor}}}" in index
