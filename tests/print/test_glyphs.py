"""Characters the print fonts lack are located problems in check and build, not a failed Typst run
(issue 14, item 2)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from huimin.cli import main
from huimin.model.errors import HuiminError
from huimin.print.glyphs import glyph_problems, print_coverage
from huimin.read.project import load_project, read_project
from tests.print import test_cards

AS_OF = date(2024, 6, 1)
POLICY = """\
category: 教育保障
department: 市教体局
policies:
  - id: edu-aid
    title: 学前教育幼儿资助
    summary: 对脱贫家庭在园幼儿给予保育教育费补助
    targets: [脱贫户]
    standard: 每生每年1000元
  - id: odd
    title: 资助ඥ项目
    summary: 概述
    targets: [脱贫户]
    standard: 每户500元
    body: |
      正文第一段。

      第二段有个字&#x0DA5;。
"""
SUBMISSION = """\
---
title: 袁州区经验
unit: 袁州区
month: 2024-05
kind: 经验成效类
date: 2024-05-10
summary: 摘要𠀀
---

正文很好。
"""
MISSING_TITLE = ("policy_lists/jiaoyu.yaml:10:14: title（政策名称）: 字“ඥ”（U+0DA5）在打印字体中没有，"
                 "读本和明白卡印不出来：请改用常用汉字或删去")
MISSING_BODY = ("policy_lists/jiaoyu.yaml:14:11: body（政策详情）: 字“ඥ”（U+0DA5）在打印字体中没有，"
                "读本和明白卡印不出来：请改用常用汉字或删去")
MISSING_SUMMARY = ("content/submissions/2024-05/yuanzhou.md:7:12: summary（简报摘要）: 字“𠀀”（U+20000）在打印字体中没有，"
                   "每月汇编简报印不出来：请改用常用汉字或删去")
MISSING_CITY = ("huimin.yml:1:9: city（城市）: 字“ඥ”（U+0DA5）在打印字体中没有，"
                "读本、明白卡和简报印不出来：请改用常用汉字或删去")


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def project_dir(tmp_path, monkeypatch):
    root = write(tmp_path / "p", {
        "mkdocs.yml": "site_name: 测试\n", "content/index.md": "# 首页\n",
        "huimin.yml": "city: 宜春ඥ市\n", "policy_lists/jiaoyu.yaml": POLICY,
        "content/submissions/2024-05/yuanzhou.md": SUBMISSION,
    })
    monkeypatch.chdir(root)
    return root


def test_coverage_of_the_print_fonts(project_dir):
    cover = print_coverage(read_project(project_dir, AS_OF))
    assert cover.missing("宜春市乡村振兴局 ABC 123 ①℃—“”\t\n\u200b\u3000é") == []
    assert cover.missing("ඥ\x1b\x07𠀀ඥ") == ["ඥ", "\x1b", "\x07", "𠀀"]


def test_check_names_file_line_column_and_field(project_dir, capsys):
    assert main(["check", "--as-of", "2024-06-01"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [MISSING_SUMMARY, MISSING_CITY, MISSING_TITLE, MISSING_BODY,
                   "共 4 个问题，请逐一修改后再试。"]


def test_build_refuses_before_anything_is_typeset(project_dir):
    from huimin.build import build

    with pytest.raises(HuiminError) as caught:
        build(project_dir, AS_OF)
    assert MISSING_TITLE in str(caught.value).splitlines()
    assert not (project_dir / "site_build").exists()


def test_a_good_project_has_no_glyph_problems(tmp_path):
    root = test_cards.write_project(tmp_path / "ok")
    assert glyph_problems(load_project(root, AS_OF)) == []


def test_cards_name_the_roster_row_of_a_rare_character(tmp_path, monkeypatch, capsys):
    root = test_cards.write_project(tmp_path / "p")
    rows = [list(r) for r in test_cards.ROWS]
    rows[1][4] = "张𠀀"  # 户主姓名 in the roster's 3rd line
    (tmp_path / "r.csv").write_text(test_cards.csv_text(rows), encoding="utf-8")
    monkeypatch.chdir(root)
    assert main(["cards", "../r.csv", "--out", "../out", "--as-of", "2024-06-01"]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        "../r.csv:3: 户主姓名: 字“𠀀”（U+20000）在打印字体中没有，明白卡印不出来：请改用常用字（生僻字可写同音字并在备注中说明）或删去")
    assert not (tmp_path / "out").exists()


def test_a_typst_failure_names_the_policy_not_the_template(project_dir, tmp_path):
    from huimin.print.glyphs import shown_char
    from huimin.print.handbook import write_handbook

    (project_dir / "huimin.yml").unlink()
    project = load_project(project_dir, AS_OF)  # the glyph check left out: Typst meets the character itself
    with pytest.raises(HuiminError) as caught:
        write_handbook(project, tmp_path / "h.pdf")
    assert str(caught.value).startswith("policy_lists/jiaoyu.yaml:9: 政策 odd: 排版失败：PDF/UA-1 error: the text")
    assert shown_char("\x1b") == "不可见字符（U+001B）" and shown_char("ඥ") == "字“ඥ”（U+0DA5）"


def test_culprit_of_a_string_too_long_for_pdf():
    from huimin.print.typst_engine import culprit_finder

    find = culprit_finder([("a.md", ["短"]), ("b.md", ["长" * 40000]), ("c.md", ["ඥ\x1b"])])
    assert find("a PDF string is longer than 32767 characters") == "b.md"
    assert find('PDF/UA-1 error: the text `"ඥ\\u{1b}"` could not be displayed with font `"Noto Serif CJK SC"`') == "c.md"
    assert find("something else") is None
