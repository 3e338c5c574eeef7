"""Links to PDFs state the file's page count and size."""

from __future__ import annotations

import re
from datetime import date

from huimin.build import build
from huimin.site.pdf_links import PdfLinks, annotate_pdf_links, size_text
from tests.helpers import read

PDF_2_PAGES = b"%PDF-1.7\n1 0 obj <</Type /Pages /Count 2 /Kids [3 0 R 4 0 R]>> endobj\n" + b" " * 34_000


def test_size_text():
    assert [size_text(n) for n in (400, 35_000, 999_499, 1_234_567, 12_000_000)] == [
        "1 KB", "35 KB", "999 KB", "1.2 MB", "12.0 MB"]


def test_links_to_pdfs_of_the_site_get_a_note_once(tmp_path):
    (tmp_path / "downloads").mkdir()
    (tmp_path / "downloads/du-ben.pdf").write_bytes(PDF_2_PAGES)
    (tmp_path / "a").mkdir()
    page = tmp_path / "a/index.html"
    page.write_text('<a class="md-button" href="../downloads/du-ben.pdf">下载政策读本</a> '
                    '<a href="https://example.org/x.pdf">外部</a> <a href="../../../outside.pdf">站外</a>',
                    encoding="utf-8")
    assert annotate_pdf_links(tmp_path) == PdfLinks(1, [], [page.resolve()])  # the page written again
    assert annotate_pdf_links(tmp_path) == PdfLinks(0, [])  # already noted
    assert page.read_text(encoding="utf-8") == (
        '<a class="md-button" href="../downloads/du-ben.pdf">下载政策读本<span class="hm-pdf-note">'
        '（PDF，2 页，34 KB）</span></a> <a href="https://example.org/x.pdf">外部</a> '
        '<a href="../../../outside.pdf">站外</a>')


def test_a_link_to_a_missing_pdf_of_the_site_becomes_text_and_says_where(tmp_path):
    site, docs = tmp_path / "site", tmp_path / "content"
    (site / "about").mkdir(parents=True)
    (docs).mkdir()
    (docs / "index.md").write_text("# 首页\n\n[下载政策读本](downloads/zheng-ce-du-ben.pdf){ .md-button }\n",
                                   encoding="utf-8")
    home = '<p><a class="md-button" href="downloads/zheng-ce-du-ben.pdf">下载政策读本</a></p>'
    (site / "index.html").write_text(home, encoding="utf-8")
    (site / "about/index.html").write_text('<a href="../files/tong-zhi.pdf">通知</a>', encoding="utf-8")
    result = annotate_pdf_links(site, docs)
    assert result.annotated == 0
    assert sorted(result.missing) == [
        ("content/index.md:3:10: 链接的 PDF“downloads/zheng-ce-du-ben.pdf”在网站中不存在，已改为文字（不是链接）："
        "没有统计日期有效的政策，本次没有生成政策读本"),
        ("网站页面 about/index.html: 链接的 PDF“files/tong-zhi.pdf”在网站中不存在，已改为文字（不是链接）："
        "请检查文件名，或把这个 PDF 放进 content/ 中"),
    ]
    assert (site / "index.html").read_text(encoding="utf-8") == (
        '<p><span class="hm-pdf-missing">下载政策读本</span></p>')
    assert (site / "about/index.html").read_text(encoding="utf-8") == '<span class="hm-pdf-missing">通知</span>'


def test_a_project_without_a_valid_policy_links_to_no_handbook(make_site):
    """The handbook is made only when some policy is valid: no page links to it otherwise,
    and the hand-written home page's link to it becomes text, said so by the build."""
    root = make_site({
        "policy_lists/a.yaml": "policies: []\n",
        "content/index.md": "# 首页\n\n[下载政策读本（A4 可打印）](downloads/zheng-ce-du-ben.pdf){ .md-button }\n",
    })
    result = build(root, as_of=date(2024, 6, 1))
    assert not (result.site_dir / "downloads/zheng-ce-du-ben.pdf").exists()
    assert result.warnings == [
        ("content/index.md:3:18: 链接的 PDF“downloads/zheng-ce-du-ben.pdf”在网站中不存在，已改为文字（不是链接）："
        "没有统计日期有效的政策，本次没有生成政策读本")]
    home = read(result.site_dir, "")
    assert '<span class="hm-pdf-missing">下载政策读本（A4 可打印）</span>' in home
    assert "政策清单" in read(result.site_dir, "policies/")
    for page in result.site_dir.rglob("*.html"):
        for href in re.findall(r'href="([^"#?:]+\.pdf)"', page.read_text(encoding="utf-8")):
            assert (page.parent / href).resolve().is_file(), f"{page}: {href}"


def test_built_site_states_the_brief_size(sample_site):
    page = read(sample_site, "compilations/")
    month = re.search(r'href="(\d{4}-\d{2}/)"', page).group(1)
    html = read(sample_site, f"compilations/{month}")
    assert re.search(r'下载打印版简报<span class="hm-pdf-note">（PDF，\d+ 页，\d+ KB）</span></a>', html), html
