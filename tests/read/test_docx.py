"""Word (mammoth's HTML) → submission Markdown: what is kept, what is escaped, title and summary."""

from __future__ import annotations

import docx
import pytest

from huimin.model.errors import HuiminError
from huimin.read.docx import _summary, read_docx
from huimin.read.docx_markdown import to_blocks


def markdown(html: str, images=lambda src, alt: (src, alt or "图")) -> str:
    blocks, _ = to_blocks(html, images)
    return "\n\n".join(b.markdown for b in blocks)


def test_nested_lists_links_and_line_breaks():
    html = ('<ul><li>一级<ul><li>二级<ol><li>三级</li></ol></li></ul></li><li>又一项</li></ul>'
            '<p>第一行<br />第二行 <a href="https://www.gov.cn/">政府网</a> <a href="javascript:x">坏链接</a></p>')
    assert markdown(html) == (
        "- 一级\n    - 二级\n        1. 三级\n- 又一项\n\n第一行\n\n第二行 [政府网](https://www.gov.cn/) 坏链接")


def test_markdown_and_html_in_word_text_stay_text():
    html = "<p># 不是标题</p><p>- 不是列表</p><p>2024. 年份</p><p>a*b*c_d_ &lt;script&gt; [x](y) &amp;</p><p>&gt; 引用</p>"
    assert markdown(html) == ("\\# 不是标题\n\n\\- 不是列表\n\n2024\\. 年份\n\n"
                              "a\\*b\\*c\\_d\\_ &lt;script> \\[x\\](y) &amp;\n\n\\> 引用")


def test_bold_italic_and_word_spaces():
    html = "<p>　　<strong>加粗 </strong>正文<em>斜体</em><strong> </strong>\u00a0\ue000符号</p>"
    assert markdown(html) == "**加粗** 正文*斜体* 符号"


def test_tables_merged_cells_and_images_in_cells():
    html = ('<table><tr><td colspan="2"><p>合并</p></td><td><p>丙</p></td></tr>'
            '<tr><td><p>第一段</p><p>第二段</p></td><td><p>a|b</p></td><td><p><img src="x.jpg" alt="照片" /></p></td></tr></table>')
    blocks, merged = to_blocks(html, lambda src, alt: (src, alt))
    assert merged == 1
    assert "\n\n".join(b.markdown for b in blocks) == (
        "| 合并 |  | 丙 |\n| --- | --- | --- |\n| 第一段<br>第二段 | a\\|b |  |\n\n![照片](x.jpg)")


def test_summary_keeps_whole_sentences():
    assert _summary("第一句。" + "长" * 196 + "。第三句。") == "第一句。"
    assert _summary("长" * 250) == "长" * 199 + "…"


def _doc(tmp_path, build):
    d = docx.Document()
    build(d)
    d.save(tmp_path / "a.docx")
    return read_docx(tmp_path / "a.docx", "a.docx", "a")


def test_title_from_title_style_or_first_paragraph(tmp_path):
    doc = _doc(tmp_path, lambda d: (d.add_paragraph("丰城市稳岗增收", style="Title"), d.add_heading("做法", 2),
                                     d.add_heading("细节", 3), d.add_paragraph("正文。")))
    assert (doc.title, doc.title_from, doc.summary) == ("丰城市稳岗增收", "第一个标题", "正文。")
    assert doc.body == "## 做法\n\n### 细节\n\n正文。\n"  # the body's top headings are ## (the page title is #)
    doc = _doc(tmp_path, lambda d: (d.add_paragraph("丰城市稳岗增收"), d.add_paragraph("正文第一句。第二句。")))
    assert (doc.title, doc.title_from, doc.summary, doc.body) == ("丰城市稳岗增收", "第一段", "正文第一句。第二句。",
                                                                  "正文第一句。第二句。\n")
    long = "很长的第一段，" * 20 + "没有标题。"
    doc = _doc(tmp_path, lambda d: d.add_paragraph(long))
    assert (doc.title, doc.title_from) == (long[:59] + "…", "第一句")


def test_alt_text_from_word_is_kept(tmp_path):
    import io

    from tests.images import photo_bytes

    def build(d):
        d.add_paragraph("标题")
        d.add_picture(io.BytesIO(photo_bytes(300, 200)))
        d.paragraphs[-1].runs[0]._r.xpath(".//wp:docPr")[0].set("descr", "车间[一]\n全景")

    doc = _doc(tmp_path, build)
    assert [(i.name, i.alt, i.described) for i in doc.images] == [("a-1.jpg", "车间［一］ 全景", True)]
    assert doc.body == "![车间［一］ 全景](a-1.jpg)\n"


def test_damaged_document_xml(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "a.docx", "w") as z:
        z.writestr("word/document.xml", "<w:document><unclosed")
    with pytest.raises(HuiminError) as err:
        read_docx(tmp_path / "a.docx", "a.docx", "a")
    assert str(err.value) == "a.docx: 无法读取：文档内容已损坏（请在 Word 中打开并重新保存为 .docx）"


def test_office_machine_alt_text_is_not_a_description(tmp_path):
    import io

    from tests.images import photo_bytes

    def build(d):
        d.add_paragraph("标题")
        d.add_picture(io.BytesIO(photo_bytes(300, 200)))
        d.paragraphs[-1].runs[0]._r.xpath(".//wp:docPr")[0].set("descr", "图片包含 人员, 室内\n\n描述已自动生成")

    doc = _doc(tmp_path, build)
    assert [(i.alt, i.described) for i in doc.images] == [("标题（图1）", False)]


def test_gongwen_numbering_becomes_headings_when_word_has_none(tmp_path):
    def build(d):
        d.add_paragraph("宜丰县网格排查")
        d.add_paragraph("今年以来成效明显。")
        d.add_paragraph("一、主要做法").runs[0].bold = True
        d.add_paragraph("（一）划分网格，压实责任")
        d.add_paragraph("网格员每月走访。")
        d.add_paragraph("二、加强领导。各地要高度重视，切实把排查工作抓实抓细。")

    doc = _doc(tmp_path, build)
    assert doc.body == ("今年以来成效明显。\n\n## 一、主要做法\n\n### （一）划分网格，压实责任\n\n网格员每月走访。\n\n"
                        "二、加强领导。各地要高度重视，切实把排查工作抓实抓细。\n")


def test_summary_skips_the_byline_under_the_title(tmp_path):
    doc = _doc(tmp_path, lambda d: (d.add_paragraph("靖安县三有工作法"), d.add_paragraph("靖安县乡村振兴局　2026年11月5日"),
                                     d.add_paragraph("靖安县推行“有人管、有钱管、有制度管”，村级理事会管好公益设施。")))
    assert doc.summary == "靖安县推行“有人管、有钱管、有制度管”，村级理事会管好公益设施。"


def test_summary_skips_a_byline_of_20_characters_or_more(tmp_path):
    """A byline as clerks type it: the unit, two full-width spaces and a two-digit month and day
    (21 characters) — long enough, but no sentence."""
    doc = _doc(tmp_path, lambda d: (d.add_paragraph("袁州区“四定”机制推动帮扶车间提质增效"),
                                     d.add_paragraph("袁州区乡村振兴局　　2026年11月18日"),
                                     d.add_paragraph("今年以来，袁州区探索“定点、定岗、定责、定效”四定工作机制。")))
    assert doc.summary == "今年以来，袁州区探索“定点、定岗、定责、定效”四定工作机制。"


@pytest.mark.parametrize("under,alt,from_caption", [
    ("图为西村镇帮扶车间内，脱贫群众正在加工竹制品", "西村镇帮扶车间内，脱贫群众正在加工竹制品", True),
    ("图1：帮扶车间全景", "帮扶车间全景", True),
    ("图 2 工人在组装电子元件", "工人在组装电子元件", True),
    ("图书室每周开放两次。", "标题（图1）", False),  # text that happens to start with 图
    ("车间实行计件工资。", "标题（图1）", False),
], ids=["tu-wei", "tu-1-colon", "tu-2-space", "tushu-not-a-caption", "text"])
def test_caption_under_a_picture_is_its_alt_text(tmp_path, under, alt, from_caption):
    import io

    from tests.images import photo_bytes

    def build(d):
        d.add_paragraph("标题")
        d.add_picture(io.BytesIO(photo_bytes(300, 200)))
        d.add_paragraph(under)

    doc = _doc(tmp_path, build)
    assert [(i.alt, i.described, i.from_caption) for i in doc.images] == [(alt, from_caption, from_caption)]
    assert doc.body == f"![{alt}](a-1.jpg)\n\n{under}\n"  # the caption stays under the picture
