"""Rosters never reach the site: what content/ may hold, checked by check and build (issue 15)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from huimin.build import build
from huimin.cli import main
from huimin.model.errors import HuiminError
from huimin.read.project import read_project
from huimin.read.published import _hits, is_id_number
from tests.helpers import AS_OF, FILES, leftovers, tree_digest

TABLE = (
    "表格文件不能放在网站内容目录 content/ 中：户名单等表格含个人信息，会被原样公开到网站上。"
    "请移到项目以外的文件夹（印明白卡用 huimin cards 名单.xlsx --out 输出文件夹）"
)
ID = "疑似身份证号码：网站内容不能含身份证号码等个人信息，会被原样公开。请删去"
NOT_COPIED = "不是网站使用的文件类型（{}），不会复制到网站；需要公开的文件请另存为 PDF"

# Valid mainland ID numbers (made up: region, birth date and check digit are right).
ID_1 = "360902198503124022"
ID_2 = "36220119900307151X"
ID_3 = "360981197211300021"

ROSTER_CSV = f"户编号,县市区,乡镇,村,户主姓名,证件号码\nH001,袁州区,三阳镇,南庙村,张三,{ID_1}\n"

SUBMISSION = """\
---
title: 袁州区入户排查情况
unit: 袁州区
month: 2024-05
kind: 问题调研类
date: 2024-05-18
summary: 入户排查情况
---
排查发现以下农户需重点关注：

1. 李四，{id1}，因病致贫风险较高。
2. 王五，{id2}，家有两名在校生。
"""

POLICY_LIKE = """\
# 明白卡发放说明

每户一张明白卡，卡号即户编号，由乡镇按户名单印制后入户发放。

| 户类型 | 补助标准 |
| --- | --- |
| 脱贫户 | 每户每年500元 |

| 姓名 | 联系电话 |
| --- | --- |
| 市乡村振兴局值班室 | 0795-3999999 |

发文字号：宜府办发〔2024〕12号，项目编号 202405180012345678，统一社会信用代码
11360900MB1234567X；举报电话 12317。
"""

# The national monitoring system's export: a title row (merged cells) above the header.
NATIONAL_HEADER = ["县(市、区、旗)", "乡(镇)", "行政村", "户编号", "人编号", "姓名", "证件号码",
                   "与户主关系", "人数", "户类型", "联系电话"]
NATIONAL_ROWS = [
    ["袁州区", "三阳镇", "南庙村", "3609020001", "360902000101", "张三", ID_1, "户主", "3", "脱贫户", "13900000000"],
    ["袁州区", "三阳镇", "南庙村", "3609020001", "360902000102", "李梅", ID_2, "配偶", "3", "脱贫户", ""],
]


def national_xlsx() -> bytes:
    import io

    book = Workbook()
    sheet = book.active
    sheet.append(["2024年防返贫监测对象和脱贫户信息（导出）"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(NATIONAL_HEADER))
    sheet.append(NATIONAL_HEADER)
    for row in NATIONAL_ROWS:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def national_text(sep: str) -> str:
    lines = ["2024年防返贫监测对象和脱贫户信息（导出）", sep.join(NATIONAL_HEADER)]
    lines += [sep.join(row) for row in NATIONAL_ROWS]
    return "\r\n".join(lines) + "\r\n"


def problems(root) -> list[str]:
    return [str(p) for p in read_project(root, AS_OF).problems]


# ------------------------------------------------------------------ spreadsheets


def test_roster_csv_refused_by_check(make_site, monkeypatch, capsys):
    root = make_site({**FILES, "content/roster.csv": ROSTER_CSV})
    monkeypatch.chdir(root)
    assert main(["check", "--as-of", "2024-06-01"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"content/roster.csv: {TABLE}\n"


def test_roster_csv_refused_by_serve_before_it_serves(make_site, capsys):
    from huimin.commands.serve import Preview

    root = make_site({**FILES, "content/roster.csv": ROSTER_CSV})
    preview = Preview(root, AS_OF)
    preview.reload()
    assert preview.site is None  # nothing of the site is served, only the problem list
    assert [str(p) for p in preview.problems] == [f"content/roster.csv: {TABLE}"]
    for path in ("roster.csv", "", "policies/"):
        status, body, kind = preview.respond(path)
        assert kind == "text/html; charset=utf-8"
        assert "张三" not in body.decode("utf-8")
        assert f"<li><code>content/roster.csv: {TABLE}</code></li>" in body.decode("utf-8")
    assert capsys.readouterr().err.startswith(f"content/roster.csv: {TABLE}\n")


def test_roster_csv_refused_by_build_keeps_previous_site(make_site, monkeypatch, capsys):
    root = make_site(FILES)
    monkeypatch.chdir(root)
    assert main(["build", "--as-of", "2024-06-01"]) == 0
    before = tree_digest(root / "site_build")
    capsys.readouterr()
    (root / "content/roster.csv").write_text(ROSTER_CSV, encoding="utf-8")
    assert main(["build", "--as-of", "2024-06-01"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"content/roster.csv: {TABLE}\n"
    assert tree_digest(root / "site_build") == before
    assert leftovers(root) == []


def test_roster_xlsx_in_a_subfolder_refused(make_site):
    root = make_site({**FILES, "content/experience/roster.xlsx": national_xlsx()})
    assert problems(root) == [f"content/experience/roster.xlsx: {TABLE}"]
    with pytest.raises(HuiminError) as exc:
        build(root, as_of=AS_OF)
    assert [str(p) for p in exc.value.problems] == [f"content/experience/roster.xlsx: {TABLE}"]
    assert not (root / "site_build").exists()


@pytest.mark.parametrize("name", ["名单.XLS", "名单.et", "名单.xlsm", "名单.ods", "名单.tsv", "名单.dbf", "名单.numbers"])
def test_every_spreadsheet_type_refused(make_site, name):
    root = make_site({**FILES, f"content/2024-05/{name}": b"PK\x03\x04 anything"})
    assert problems(root) == [f"content/2024-05/{name}: {TABLE}"]


def test_national_export_refused_as_xlsx_and_gbk_csv(make_site):
    root = make_site({
        **FILES,
        "content/downloads/监测对象.xlsx": national_xlsx(),
        "content/downloads/监测对象.csv": national_text(",").encode("gbk"),
    })
    assert problems(root) == [
        f"content/downloads/监测对象.csv: {TABLE}",
        f"content/downloads/监测对象.xlsx: {TABLE}",
    ]


def test_national_export_as_gbk_text_refused_by_its_content(make_site):
    root = make_site({**FILES, "content/downloads/监测对象.txt": national_text("\t").encode("gbk")})
    assert problems(root) == [
        "content/downloads/监测对象.txt:2:1: 疑似户名单表头（县(市、区、旗)、乡(镇)、行政村、户编号）："
        "户名单含个人信息，不能放在网站内容中。请删去（本文件另有 2 处疑似个人信息）",
    ]


def test_excluded_and_hidden_files_are_not_published_so_not_checked(make_site):
    root = make_site({**FILES, "content/_data/roster.csv": ROSTER_CSV, "content/.~lock.名单.xlsx#": "x"})
    assert problems(root) == []
    assert read_project(root, AS_OF).notices == []


# ------------------------------------------------------------------ content of published files


def test_id_number_in_a_submission_refused_with_line_and_column(make_site, monkeypatch, capsys):
    text = SUBMISSION.format(id1=ID_1, id2=ID_2)
    root = make_site({**FILES, "content/submissions/2024-05/yuan-zhou-qu-pai-cha.md": text})
    monkeypatch.chdir(root)
    assert main(["check", "--as-of", "2024-06-01"]) == 1
    assert capsys.readouterr().err == (
        f"content/submissions/2024-05/yuan-zhou-qu-pai-cha.md:11:7: {ID}（本文件另有 1 处疑似个人信息）\n"
    )


def test_id_number_in_a_hand_written_page_and_html(make_site):
    root = make_site({
        **FILES,
        "content/notice.md": f"# 公示\n\n张三（身份证号{ID_3}）\n",
        "content/raw/list.html": f"<p>名单</p>\n<p>李四 {ID_2.lower()}</p>\n",
    })
    assert problems(root) == [
        f"content/notice.md:3:8: {ID}",
        f"content/raw/list.html:2:7: {ID}",
    ]


def test_roster_header_in_a_markdown_table_refused(make_site):
    page = "# 名单\n\n| 序号 | **户编号** | 户主姓名 | 家庭人口 |\n| --- | --- | --- | --- |\n| 1 | H001 | 张三 | 3 |\n"
    root = make_site({**FILES, "content/list.md": page})
    assert problems(root) == [
        "content/list.md:3:10: 疑似户名单表头（户编号、户主姓名、家庭人口）："
        "户名单含个人信息，不能放在网站内容中。请删去",
    ]


def test_roster_header_in_an_html_table_over_several_lines(make_site):
    page = (
        "<table>\n  <tr>\n    <th>姓名</th>\n    <th>证件号码</th>\n  </tr>\n"
        f"  <tr><td>张三</td><td>{ID_1}</td></tr>\n</table>\n"
    )
    root = make_site({**FILES, "content/list.html": page})
    assert problems(root) == [
        "content/list.html:3:9: 疑似户名单表头（姓名、证件号码）："
        "户名单含个人信息，不能放在网站内容中。请删去（本文件另有 1 处疑似个人信息）",
    ]


def test_policy_like_page_is_not_a_roster(make_site):
    root = make_site({**FILES, "content/guide/cards.md": POLICY_LIKE})
    assert problems(root) == []


@pytest.mark.parametrize("number, expected", [
    (ID_1, True),
    (ID_2, True),
    (ID_2.lower(), True),
    ("360902198503124023", False),  # wrong check digit
    ("360902198513124029", False),  # month 13
    ("360902198502304020", False),  # 30 February
    ("990902198503124022", False),  # no such province
    ("202405180012345678", False),  # a long serial number
])
def test_is_id_number(number, expected):
    assert is_id_number(number) is expected


def test_long_number_with_a_bad_check_digit_is_not_refused(make_site):
    root = make_site({**FILES, "content/guide.md": "# 办事指南\n\n编号 360902198503124023。\n"})
    assert problems(root) == []


# ------------------------------------------------------------------ types the site does not use


def test_unknown_types_not_copied_and_warned(make_site, monkeypatch, capsys):
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    root = make_site({
        **FILES,
        "content/files/通知.docx": b"PK\x03\x04 word",
        "content/files/附件.zip": b"PK\x03\x04 zip",
        "content/files/README": "说明",
        "content/files/通知.pdf": b"%PDF-1.4\n%%EOF\n",
        "content/images/logo.png": png,
        "content/robots.txt": "User-agent: *\n",
    })
    monkeypatch.chdir(root)
    assert main(["check", "--as-of", "2024-06-01"]) == 0
    out, err = capsys.readouterr()
    notices = [
        f"提示：content/files/README: {NOT_COPIED.format('无扩展名')}",
        f"提示：content/files/通知.docx: {NOT_COPIED.format('.docx')}",
        f"提示：content/files/附件.zip: {NOT_COPIED.format('.zip')}",
    ]
    assert err.splitlines() == notices
    assert out.startswith("检查通过：")

    assert main(["build", "--as-of", "2024-06-01"]) == 0
    out, err = capsys.readouterr()
    assert sorted(err.splitlines()) == sorted(notices)
    site = root / "site_build"
    assert not (site / "files/通知.docx").exists()
    assert not (site / "files/附件.zip").exists()
    assert not (site / "files/README").exists()
    assert (site / "files/通知.pdf").read_bytes() == b"%PDF-1.4\n%%EOF\n"
    assert (site / "images/logo.png").read_bytes() == png
    assert (site / "robots.txt").is_file()


_CELLS = ["户编号", "证件号码", "户主姓名", "姓名", "乡镇", "村", "（户主）", "身份证", "说明", "1", "<td>", "</td>",
          "<tr>", "</tr>", "|", ",", "\t", "  ", "\n", "：", "*"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CELLS), max_size=30).map("".join))
def test_roster_headers_found_with_or_without_the_quick_skip(text):
    # _hits skips the row-by-row scan of a text naming no identity column; a line of its own
    # naming one (one name: never a header) makes it scan: the same hits either way
    assert list(_hits(text)) == list(_hits(text + "\n证件号码"))
