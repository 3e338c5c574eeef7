"""The print package: manifest, report, refusals, bad rosters, the ``huimin cards`` command."""

from __future__ import annotations

import csv
import hashlib
import re
import subprocess
from pathlib import Path

import pytest

from huimin.cli import main
from huimin.model.errors import HuiminError
from huimin.print.package import write_package
from huimin.print.refusals import check_out_dir
from huimin.read.project import load_project
from tests.print.test_cards import AS_OF, ROWS, csv_text, write_project

BAD_ROW = ("3001", "袁州区", "彬江镇", "西村", "钱五", "脱贫户", "", "", "", "", "")  # no 家庭人口
REPLACE_MESSAGE = ("输出目录 {out} 中已有一个印刷包：为免误删，未生成任何文件。如要用新的印刷包替换它，请加 --replace"
                   "（新包全部生成后才替换旧包，中途出错或中断时旧包完好），或换一个新的文件夹")
SITE_MESSAGE = ("输出目录 site_build/明白卡 位于网站输出目录 site_build/内：户名单含个人信息，明白卡和排查表"
                "不得放入公开网站，请改用网站以外的文件夹（如 --out ../明白卡）")


def pdfinfo_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


@pytest.fixture
def project_dir(tmp_path, monkeypatch):
    root = write_project(tmp_path / "project")
    monkeypatch.chdir(root)
    return root


def test_cli_builds_package_manifest_matches_pdfinfo(project_dir, capsys):
    (project_dir.parent / "r.csv").write_text(csv_text([*ROWS, BAD_ROW]), encoding="utf-8")
    code = main(["cards", "../r.csv", "--out", "../明白卡", "--as-of", "2024-06-01", "--skip-bad-rows"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "5 户，2 个村" in out and "跳过有误的行 1 行" in err
    pkg = project_dir.parent / "明白卡"
    with open(pkg / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["文件", "类别", "县市区", "乡镇", "村", "户数", "纸张", "单双面", "页数", "张数", "SHA-256校验值"]
    assert [r["文件"] for r in rows] == [
        "樟树市/临江镇/_$]_.pdf", "樟树市/临江镇/_$]_-排查表.pdf",
        "袁州区/彬江镇/东村.pdf", "袁州区/彬江镇/东村-排查表.pdf",
    ]
    assert rows[0]["村"] == '*$]\\' and rows[2]["户数"] == "4"
    assert [(r["类别"], r["纸张"], r["单双面"]) for r in rows[2:]] == [("明白卡", "A5", "双面"), ("排查表", "A4横向", "双面")]
    pdfs = sorted(p.relative_to(pkg).as_posix() for p in pkg.rglob("*.pdf"))
    assert pdfs == sorted([*(r["文件"] for r in rows), "封面-作业单.pdf"])  # and the job ticket, not listed
    for r in rows:
        pdf = pkg / r["文件"]
        assert int(r["页数"]) == pdfinfo_pages(pdf)
        assert int(r["张数"]) == (int(r["页数"]) + 1) // 2  # duplex: two pages a sheet
        assert r["SHA-256校验值"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    report = (pkg / "report.txt").read_text(encoding="utf-8")
    assert "跳过的行（1 行，未打印）" in report
    assert re.search(r"r\.csv\t7\t家庭人口（H列）\t不能为空", report)
    assert "无对应政策的农户（1 户" in report and "1003\t袁州区\t彬江镇\t东村" in report
    assert "袁州区：4 户" in report and "樟树市：1 户" in report
    assert not list(project_dir.parent.glob(".明白卡.*"))  # no temp folder left behind


def test_bad_roster_prints_nothing_and_exits_1(project_dir, capsys):
    (project_dir.parent / "r.csv").write_text(csv_text([*ROWS, BAD_ROW]), encoding="utf-8")
    assert main(["cards", "../r.csv", "--out", "../明白卡", "--as-of", "2024-06-01"]) == 1
    _, err = capsys.readouterr()
    assert "r.csv:7:8: 家庭人口（H列）: 不能为空" in err
    assert "名单共 1 个问题，未生成任何明白卡" in err and "--skip-bad-rows" in err
    assert not (project_dir.parent / "明白卡").exists()
    assert not list(project_dir.parent.glob(".明白卡.*"))


def test_many_problems_are_capped(project_dir, capsys):
    bad = [(f"9{i:03d}", "袁州区", "镇", "村", "某", "脱贫户", "", "0", "", "", "") for i in range(80)]
    (project_dir.parent / "r.csv").write_text(csv_text(bad), encoding="utf-8")
    assert main(["cards", "../r.csv", "--out", "../明白卡"]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 52 and lines[50] == "另有 30 个问题" and "名单共 80 个问题" in lines[51]


def test_out_inside_site_build_is_refused(project_dir, capsys):
    (project_dir.parent / "r.csv").write_text(csv_text(ROWS), encoding="utf-8")
    assert main(["cards", "../r.csv", "--out", "site_build/明白卡"]) == 1
    assert capsys.readouterr().err == SITE_MESSAGE + "\n"
    assert not (project_dir / "site_build").exists()


def test_out_inside_content_or_via_dotdot_is_refused(project_dir):
    with pytest.raises(HuiminError, match="位于网站内容目录 content/内"):
        check_out_dir(Path("content/x"), project_dir)
    with pytest.raises(HuiminError, match="位于网站输出目录 site_build/内"):
        check_out_dir(Path("../project/site_build"), project_dir)
    assert check_out_dir(Path("../elsewhere"), project_dir) == (project_dir.parent / "elsewhere").resolve()


def test_existing_folder_that_is_not_a_package_is_not_replaced(project_dir):
    other = project_dir.parent / "mine"
    other.mkdir()
    (other / "keep.txt").write_text("x")
    with pytest.raises(HuiminError, match="不是 huimin 生成的（没有标记文件 .huimin-package）"):
        check_out_dir(other, project_dir)


def test_rebuild_replaces_previous_package_atomically(project_dir):
    roster = project_dir.parent / "r.csv"
    roster.write_text(csv_text(ROWS), encoding="utf-8")
    project = load_project(project_dir, AS_OF)
    out = project_dir.parent / "pkg"
    write_package(project, roster, out, workers=1)
    (out / "stale.pdf").write_bytes(b"old")
    roster.write_text(csv_text(ROWS[:2]), encoding="utf-8")
    with pytest.raises(HuiminError) as refused:
        write_package(project, roster, out, workers=1, max_households=1)
    assert str(refused.value) == REPLACE_MESSAGE.format(out=out)
    assert (out / "stale.pdf").exists()
    result = write_package(project, roster, out, workers=1, max_households=1, replace=True)
    assert not (out / "stale.pdf").exists()
    names = sorted(p.name for p in out.rglob("*.pdf"))
    assert names == ["东村-排查表（第1册）.pdf", "东村-排查表（第2册）.pdf", "东村（第1册）.pdf", "东村（第2册）.pdf",
                     "封面-作业单.pdf"]
    assert result.households == 2
    assert not list(project_dir.parent.glob(".pkg.*"))


def test_a4_paper(project_dir, capsys):
    (project_dir.parent / "r.csv").write_text(csv_text(ROWS[3:4]), encoding="utf-8")
    assert main(["cards", "../r.csv", "--out", "../a4", "--as-of", "2024-06-01", "--paper", "a4"]) == 0
    pdf = project_dir.parent / "a4/袁州区/彬江镇/东村.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "595.276 x 841.89" in info or "595.28 x 841.89" in info
