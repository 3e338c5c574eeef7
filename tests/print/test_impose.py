"""--impose 2up (two A5 cards on each A4 landscape sheet, cut and stacked) and the cover
sheet (job ticket): read back with pypdf and pdftotext."""

from __future__ import annotations

import csv
import hashlib
import re
import subprocess

import pytest
from pypdf import PdfReader

from huimin.cli import main
from huimin.print.impose import impose_2up
from huimin.print.package import IMPOSE_PAPER_MESSAGE
from tests.print.test_cards import ROWS, csv_text, squash, write_project

AS_OF = "2024-06-01"
A4_LANDSCAPE = (841.89, 595.28)
CUT = re.compile(r"1 0 0 -1 420\.94\d* [\d.]+ cm [^Q]*? l\s*S")  # a mark on the middle line


def test_cut_and_stack_order_with_backs_for_a_short_edge_flip():
    pages = [f"{s}{side}" for s in "abcde" for side in "FB"]  # 5 A5 sheets, front and back
    sheets, half = impose_2up(pages, duplex=True)
    assert half == 3
    assert sheets == [["aF", "dF"], ["dB", "aB"], ["bF", "eF"], ["eB", "bB"], ["cF", None], [None, "cB"]]
    sheets, half = impose_2up(list("abc"), duplex=False)
    assert (sheets, half) == ([["a", "c"], ["b", None]], 2)


@pytest.fixture
def project_dir(tmp_path, monkeypatch):
    root = write_project(tmp_path / "project")
    (tmp_path / "r.csv").write_text(csv_text(ROWS), encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def half_text(pdf, page: int, right: bool) -> str:
    x = 421 if right else 0
    return squash(subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), "-x", str(x), "-y", "0",
                                  "-W", "420", "-H", "596", str(pdf), "-"],
                                 capture_output=True, text=True, encoding="utf-8", check=True).stdout)


def number(text: str) -> str | None:
    if not text:
        return None
    if text == "本页空白":
        return "blank"
    found = re.search(r"卡号：(\d{4})", text)
    return found[1] if found else text[:20]


def test_imposed_file_has_a4_sheets_with_two_cards_each_and_cut_marks(project_dir, capsys):
    assert main(["cards", "../r.csv", "--out", "../pkg", "--as-of", AS_OF, "--impose", "2up"]) == 0
    capsys.readouterr()
    pdf = project_dir.parent / "pkg/袁州区/彬江镇/东村.pdf"
    reader = PdfReader(pdf)
    for page in reader.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4_LANDSCAPE, abs=0.01)
    # separator (front and blank back), then A5 sheets 1001 (1 page), 1002, 1003, 1010 (3 pages): S = 3
    assert len(reader.pages) == 2 + 6
    separator = squash(reader.pages[0].extract_text())
    assert "分村隔页" in separator and "东村" in separator and "4户" in separator
    assert "第1叠" in separator and "明白卡第1—3张" in separator and "第2叠" in separator and "明白卡第4—5张" in separator
    halves = [(number(half_text(pdf, n, False)), number(half_text(pdf, n, True))) for n in range(3, 9)]
    assert halves == [("1001", "1010"), ("1010", "blank"),   # the back: 1010's page 2 behind 1010's page 1 (right)
                      ("1002", "1010"), ("blank", "blank"),
                      ("1003", None), (None, "blank")]
    assert "第2页，共3页" in half_text(pdf, 4, False) and "第3页，共3页" in half_text(pdf, 5, True)
    for page in [reader.pages[0], *list(reader.pages)[2:]]:
        assert len(CUT.findall(page.get_contents().get_data().decode("latin-1"))) == 2  # top and bottom of the cut
    with open(project_dir.parent / "pkg/manifest.csv", encoding="utf-8-sig", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["文件"] == "袁州区/彬江镇/东村.pdf")
    assert (row["纸张"], row["页数"], row["张数"]) == ("A4横向（两版A5）", "8", "4")


def test_cover_sheet_totals_equal_the_manifest(project_dir, capsys):
    assert main(["cards", "../r.csv", "--out", "../pkg", "--as-of", AS_OF, "--impose", "2up"]) == 0
    capsys.readouterr()
    pkg = project_dir.parent / "pkg"
    manifest = (pkg / "manifest.csv").read_bytes()
    rows = list(csv.DictReader(manifest.decode("utf-8-sig").splitlines()))
    assert "封面-作业单.pdf" not in {r["文件"] for r in rows}
    layout = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pkg / "封面-作业单.pdf"), "-"],
                            capture_output=True, text=True, encoding="utf-8", check=True).stdout.replace("\u200b", "")
    text = squash(layout)
    lines = {squash(line) for line in layout.splitlines()}
    pages, sheets = sum(int(r["页数"]) for r in rows), sum(int(r["张数"]) for r in rows)
    assert f"合计{len(rows)}个文件，{pages}页，{sheets}张纸" in text
    assert hashlib.sha256(manifest).hexdigest() in text
    for label in ("A4（297×210mm）横向，每张纸两版A5明白卡", "双面，短边翻转", "实际大小（100%）", "每个文件印1份"):
        assert label in text
    for i, r in enumerate(rows, 1):  # every file with its pages and sheets, as in the manifest
        assert f"{i}{r['文件']}{r['类别']}{r['单双面']}{r['户数']}{r['页数']}{r['张数']}" in lines


def test_impose_needs_a5(project_dir, capsys):
    assert main(["cards", "../r.csv", "--out", "../pkg", "--as-of", AS_OF, "--impose", "2up", "--paper", "A4"]) == 1
    assert capsys.readouterr().err.strip() == IMPOSE_PAPER_MESSAGE
    assert not (project_dir.parent / "pkg").exists()
