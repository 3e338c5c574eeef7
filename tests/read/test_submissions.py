"""County submissions, "宜春经验" write-ups and the monthly quota."""

from __future__ import annotations

from decimal import Decimal

import pytest

from huimin.model.settings import Settings
from huimin.model.submission import ExperienceMeta
from huimin.read.project import read_project
from huimin.rules.quota import month_quota

SUB = """\
---
title: 袁州区“四定闭环”推动问题整改清零
unit: 袁州区
month: 2023-05
kind: 经验成效类
date: 2023-05-18
summary: 一到两句话的摘要
---
正文
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return tmp_path


def messages(root):
    return [str(p) for p in read_project(root).problems]


def test_valid_submission(tmp_path):
    root = write(tmp_path, "content/submissions/2023-05/a.md", SUB)
    project = read_project(root)
    assert project.problems == []
    (s,) = project.submissions
    assert (s.meta.unit, s.meta.kind, s.meta.valid, s.src_uri) == ("袁州区", "经验成效类", True, "submissions/2023-05/a.md")
    assert s.body == "正文\n"


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("unit: 袁州区", "unit: 袁州县", "content/submissions/2023-05/a.md:3:7: unit（报送单位）: 未知单位“袁州县”，应为 huimin.yml 中设置的县市区或“三区”之一："),
        ("month: 2023-05", "month: 2023-06", "content/submissions/2023-05/a.md:4:8: month（所属月份）: 月份 2023-06 与所在文件夹 2023-05 不一致：文件夹表示计入哪个月，请改成一致"),
        ("month: 2023-05", "month: 2023-13", "content/submissions/2023-05/a.md:4:8: month（所属月份）: 应为 YYYY-MM 格式的月份（如 2023-05），实际为“2023-13”"),
        ("kind: 经验成效类", "kind: 经验类", "content/submissions/2023-05/a.md:5:7: kind（类别）: 应为 经验成效类、问题调研类 之一，实际为“经验类”"),
        ("date: 2023-05-18", "date: 5月18日", "content/submissions/2023-05/a.md:6:7: date（收稿日期）: 应为 YYYY-MM-DD 格式的有效日期（如 2023-03-01），实际为“5月18日”"),
        ("summary: 一到两句话的摘要", "summary: " + "长" * 201, "content/submissions/2023-05/a.md:7:10: summary（简报摘要）: 不能超过 200 个字，现有 201 个字"),
        ("summary: 一到两句话的摘要\n", "", "content/submissions/2023-05/a.md:2:1: summary（简报摘要）: 缺少必填字段"),
        ("summary: 一到两句话的摘要", "summary: 摘要\nauthr: 某", "content/submissions/2023-05/a.md:8:1: authr: 未知字段“authr”，是否应为“author”？"),
    ],
)
def test_submission_messages(tmp_path, old, new, expected):
    root = write(tmp_path, "content/submissions/2023-05/a.md", SUB.replace(old, new))
    (msg,) = messages(root)
    assert msg.startswith(expected)


def test_submission_outside_month_folder(tmp_path):
    root = write(tmp_path, "content/submissions/a.md", SUB)
    assert messages(root) == [
        "content/submissions/a.md: 文件夹: 报送文件应放在 content/submissions/YYYY-MM/ 月份文件夹中（如 content/submissions/2023-05/）"
    ]


def test_submission_without_front_matter(tmp_path):
    root = write(tmp_path, "content/submissions/2023-05/a.md", "正文\n")
    assert messages(root) == [
        "content/submissions/2023-05/a.md:1:1: front matter: 文件应以“---”开头的信息块（front matter）开始"
    ]


EXP = """\
---
title: 铜鼓县“点长制”管好搬迁安置点
unit: 铜鼓县
date: 2023-06-30
summary: 摘要
measures: [7, 19]
recognitions:
  - level: 国家级
    what: 在全国易地搬迁后续扶持工作会议上交流发言
    date: 2023-07-12
  - level: 中央主流媒体
    what: 报道
    date: 2023-08-01
  - level: 省主流媒体
    what: 报道
    date: 2023-08-02
---
正文
"""


def test_experience_points_are_exact():
    meta = ExperienceMeta.model_validate({
        "title": "t", "unit": "铜鼓县", "date": "2023-01-01", "summary": "s",
        "recognitions": [
            {"level": "省主流媒体", "what": "a", "date": "2023-01-02"},
            {"level": "中央主流媒体", "what": "b", "date": "2023-01-03"},
        ],
    })
    assert meta.points == Decimal("0.3")
    assert str(meta.points) == "0.3"


def test_experience_valid(tmp_path):
    root = write(tmp_path, "content/experience/dian-zhang.md", EXP)
    project = read_project(root)
    assert project.problems == []
    (e,) = project.experiences
    assert e.meta.points == Decimal("2.3")
    assert e.meta.measures == [7, 19]


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("level: 国家级", "level: 部级", "content/experience/a.md:8:12: recognitions.level（认可级别）: 应为 国家级、省级、市级、中央主流媒体、省主流媒体 之一，实际为“部级”"),
        ("measures: [7, 19]", "measures: [7, 21]", "content/experience/a.md:6:15: measures（服务的措施）: 措施编号应为 1 到 20 之间的整数，实际为 21"),
        ("unit: 铜鼓县", "unit: 铜鼓", "content/experience/a.md:3:7: unit（单位）: 未知单位“铜鼓”"),
        ("    date: 2023-07-12", "    date: 2023-7-12", "content/experience/a.md:10:11: recognitions.date（日期）: 应为 YYYY-MM-DD 格式的有效日期（如 2023-03-01），实际为“2023-7-12”"),
    ],
)
def test_experience_messages(tmp_path, old, new, expected):
    root = write(tmp_path, "content/experience/a.md", EXP.replace(old, new))
    (msg,) = messages(root)
    assert msg.startswith(expected)


def _subs(tmp_path, rows):
    for i, (unit, kind, valid) in enumerate(rows):
        text = SUB.replace("袁州区", unit, 1).replace("unit: 袁州区", f"unit: {unit}")
        text = text.replace("kind: 经验成效类", f"kind: {kind}").replace("清零", f"清零（{i}）")  # not a duplicate
        if not valid:
            text = text.replace("summary:", "valid: false\nsummary:")
        write(tmp_path, f"content/submissions/2023-05/{i}.md", text)
    return read_project(tmp_path)


def test_quota_counts_valid_items_and_lists_short_units_first(tmp_path):
    project = _subs(tmp_path, [
        ("袁州区", "经验成效类", True), ("袁州区", "问题调研类", True),
        ("樟树市", "经验成效类", True), ("樟树市", "经验成效类", False),
        ("宜阳新区", "问题调研类", True),
    ])
    assert project.problems == []
    rows = month_quota(project.submissions, project.settings, "2023-05")
    by_unit = {r.unit: r for r in rows}
    assert (by_unit["袁州区"].valid, by_unit["袁州区"].met) == (2, True)
    assert (by_unit["樟树市"].valid, by_unit["樟树市"].invalid, by_unit["樟树市"].met, by_unit["樟树市"].short) == (1, 1, False, 1)
    assert by_unit["樟树市"].by_kind == {"经验成效类": 1, "问题调研类": 0}
    assert (by_unit["宜阳新区"].quota, by_unit["宜阳新区"].met) == (None, None)
    # Units with nothing are short by the whole quota and come first; 三区 come last.
    assert [r.unit for r in rows][:2] == ["丰城市", "高安市"]
    assert (rows[8].unit, rows[9].unit) == ("樟树市", "袁州区")
    assert {r.unit for r in rows[-3:]} == set(Settings().other_units)
    assert [r.met for r in rows[:10]].count(False) == 9


def test_quota_zero_means_always_met(tmp_path):
    rows = month_quota([], Settings(monthly_quota=0), "2023-05")
    assert all(r.met for r in rows if r.quota is not None)
