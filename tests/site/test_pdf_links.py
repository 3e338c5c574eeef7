"""Links to PDFs state the file's page count and size."""

from __future__ import annotations

import re

from huimin.site.pdf_links import annotate_pdf_links, size_text
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
                    '<a href="../missing.pdf">没有的文件</a> <a href="https://example.org/x.pdf">外部</a>',
                    encoding="utf-8")
    assert annotate_pdf_links(tmp_path) == 1
    assert annotate_pdf_links(tmp_path) == 0  # already noted
    assert page.read_text(encoding="utf-8") == (
        '<a class="md-button" href="../downloads/du-ben.pdf">下载政策读本<span class="hm-pdf-note">'
        '（PDF，2 页，34 KB）</span></a> <a href="../missing.pdf">没有的文件</a> '
        '<a href="https://example.org/x.pdf">外部</a>')


def test_built_site_states_the_brief_size(sample_site):
    page = read(sample_site, "compilations/")
    month = re.search(r'href="(\d{4}-\d{2}/)"', page).group(1)
    html = read(sample_site, f"compilations/{month}")
    assert re.search(r'下载打印版简报<span class="hm-pdf-note">（PDF，\d+ 页，\d+ KB）</span></a>', html), html
