"""The handbook's paper and binding: ``--paper A5`` (pocket edition) and ``--booklet`` (page
count padded to a multiple of 4, blank pages marked 本页空白), read back with pypdf and pdftotext."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from huimin.print.handbook import write_handbook
from huimin.read.project import load_project
from tests.conftest import REPO
from tests.print.test_handbook import AS_OF, HEALTH, _long_body, write_project

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("typst")

MM = 72 / 25.4


def sized_project(root, paragraphs: int):
    """The test handbook's project, its long policy ``paragraphs`` paragraphs long."""
    write_project(root)
    (root / "policy_lists/jiankang.yaml").write_text(HEALTH + "\n" + textwrap.indent(
        "- id: health-long\n  title: 篇幅较长的政策\n  summary: 跨页的政策。\n"
        "  targets: [脱贫户]\n  standard: 按规定\n  body: |\n", "  ") + _long_body(paragraphs), encoding="utf-8")
    return load_project(root, AS_OF)


def page_texts(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          encoding="utf-8", check=True).stdout
    return ["".join(p.split()) for p in text.split("\f")][:-1]


def size_mm(pdf) -> set[tuple[float, float]]:
    return {(round(float(p.mediabox.width) / MM, 1), round(float(p.mediabox.height) / MM, 1))
            for p in pypdf.PdfReader(str(pdf)).pages}


# lengths of the long policy that give handbooks of 4n+1, 4n+2, 4n+3 and 4n pages
SIZES = {"A4": (0, 2, 5, 9), "A5": (4, 7, 11, 14)}


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_booklet_pads_to_a_multiple_of_4_with_marked_blank_pages(tmp_path, paper):
    seen = set()
    for paragraphs in SIZES[paper]:
        project = sized_project(tmp_path / f"p{paragraphs}", paragraphs)
        plain, booklet = tmp_path / f"plain{paragraphs}.pdf", tmp_path / f"booklet{paragraphs}.pdf"
        flat = write_handbook(project, plain, paper=paper).pages
        bound = write_handbook(project, booklet, paper=paper, booklet=True)
        assert bound.booklet and bound.pages % 4 == 0 and bound.pages - flat == (-flat) % 4, (paragraphs, flat)
        pages = page_texts(booklet)
        assert len(pages) == bound.pages and pages[:flat] == page_texts(plain)
        padding = pages[flat:]
        # the inside pages added say they are blank on purpose; the outside back cover stays clean
        assert padding == (["本页空白"] * (len(padding) - 1) + [""] if padding else []), padding
        seen.add(flat % 4)
    assert seen == {0, 1, 2, 3}  # 3, 2, 1 and no pages of padding


def test_first_chapter_starts_on_a_right_hand_page_after_a_marked_blank(tmp_path):
    out = tmp_path / "h.pdf"
    write_handbook(sized_project(tmp_path / "p", 0), out)
    pages = page_texts(out)
    contents = next(i for i, p in enumerate(pages) if p.startswith("目录"))
    first = next(i for i, p in enumerate(pages) if "一、教育保障" in p and i > contents)
    assert first % 2 == 0  # index 0 is page 1: an odd, right-hand page
    assert all(p == "本页空白" for p in pages[contents + 1:first])


def test_a5_pocket_edition_is_148_by_210_mm_and_keeps_every_policy(tmp_path):
    project = sized_project(tmp_path / "p", 6)
    a4, a5 = tmp_path / "a4.pdf", tmp_path / "a5.pdf"
    write_handbook(project, a4)
    result = write_handbook(project, a5, paper="A5")
    assert size_mm(a5) == {(148.0, 210.0)} and size_mm(a4) == {(210.0, 297.0)}
    assert result.paper == "A5" and result.policies == 5
    text = "".join(page_texts(a5))
    for title in ('#panic("x")', "城乡居民医保个人缴费资助", "篇幅较长的政策", "分类名像代码的政策"):
        assert title in text
    assert "—1—" in text and "宜春市政策读本" in text  # page numbers and running heads as on A4


def test_cli_paper_and_booklet(tmp_path):
    root = write_project(tmp_path / "p")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "huimin.cli", "handbook", "--as-of", "2024-06-01", "--paper", "a5",
                           "--booklet", "--out", "口袋本.pdf"], cwd=root, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    pages = len(pypdf.PdfReader(str(root / "口袋本.pdf")).pages)
    assert pages % 4 == 0 and size_mm(root / "口袋本.pdf") == {(148.0, 210.0)}
    assert done.stdout.startswith(f"已生成 口袋本.pdf：A5，骑马订，{pages} 页，")
    assert done.stdout.rstrip().endswith("收录政策 5 项（统计日期 2024-06-01）")
    wrong = subprocess.run([sys.executable, "-m", "huimin.cli", "handbook", "--paper", "B5"], cwd=root, env=env,
                           capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert wrong.returncode != 0 and "B5" in wrong.stderr and "Traceback" not in wrong.stderr
