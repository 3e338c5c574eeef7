"""政策落实排查表: the columns, a 农户签字认可 cell per household and a 问题整改 section on
every page, read back from a real package with pdftotext."""

from __future__ import annotations

import re
import subprocess
from datetime import date

import pytest

from huimin.print.package import write_package
from huimin.read.project import load_project
from tests.print.test_cards import EXPECTED, ROWS, csv_text, squash, write_project

pytest.importorskip("typst")

COLUMNS = ("序号", "政策名称", "已享受", "未享受", "不符合", "备注（未享受的原因等）")
FIX_COLUMNS = ("存在问题", "整改措施", "整改时限", "责任人")


@pytest.fixture(scope="module")
def checklist(tmp_path_factory):
    root = write_project(tmp_path_factory.mktemp("checklist"))
    roster = root.parent / "roster.csv"
    roster.write_text(csv_text(ROWS), encoding="utf-8")
    out = tmp_path_factory.mktemp("checklist-out") / "明白卡"
    write_package(load_project(root, date(2024, 6, 1)), roster, out, printed=date(2024, 6, 3), workers=1)
    pdf = out / "袁州区/彬江镇/东村-排查表.pdf"
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, encoding="utf-8", check=True).stdout
    return [p for p in text.split("\f") if p.strip()]


def test_every_page_has_the_columns_in_order(checklist):
    assert len(checklist) == 2  # 1010's 29 policies run over
    for page in checklist:
        header = next(line for line in page.splitlines() if "政策名称" in line)
        assert re.search(r"\s+".join(COLUMNS), header.strip()), header
    lines = [line for page in checklist for line in page.splitlines() if re.match(r"^\s*\d+\s+\S", line)]
    # 序号, 政策名称 and the three boxes, in that order, on every policy row; remarks left blank
    rows = [re.fullmatch(r"\s*(\d+)\s+(\S.*?)\s+□\s+□\s+□\s*", line) for line in lines]
    assert all(rows), lines
    assert [r[2] for r in rows][:5] == ["教育资助丁", "全体补助甲", "脱贫专享乙", "全体补助甲", "突发救助丙"]
    east = [n for n in EXPECTED if n.startswith("10")]
    assert len(rows) == sum(len(EXPECTED[n]) for n in east)
    assert sum("暂无对应政策，请核实" in page for page in checklist) == 1  # 1003 has none: no boxes


def test_a_signature_cell_for_each_household_band(checklist):
    for page in checklist:
        bands = page.count("户编号：")
        assert bands >= 1 and page.count("农户签字认可") == bands + 1  # + once in the note at the foot
    # 4 households, one of them (1010) again on page 2 with （续）
    assert sum(p.count("户编号：") for p in checklist) == 5 and "（续）" in checklist[1]


def test_every_page_ends_with_a_problem_and_fix_section(checklist):
    for page in checklist:
        lines = page.splitlines()
        at = next(i for i, line in enumerate(lines) if "存在问题" in line)
        assert re.search(r"\s+".join(FIX_COLUMNS), lines[at].strip()), lines[at]
        label = [line.split()[0] for line in lines[at:] if line.strip()][:4]
        assert label == ["问", "题", "整", "改"], label  # the section's name, set vertically at its left
        after = squash("".join(lines[at:]))
        assert after.index("改") < after.index("排查人（签字）") < after.index("村（社区）负责人（签字）")
        assert "发现的问题填入“问题整改”栏，写明整改措施、时限和责任人" in squash(page)
