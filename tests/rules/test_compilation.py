"""The monthly compilation, its Atom feeds and the "宜春经验" leaderboard."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from xml.etree import ElementTree as ET

from huimin.read.project import read_project
from huimin.rules.compilation import compilations
from huimin.site.compilation_pages import compilation_feed, compilation_pages, submissions_feed
from huimin.site.experience_pages import cases_by_measure, leaderboard

ATOM = "{http://www.w3.org/2005/Atom}"


def sub(unit, month, kind="经验成效类", day="10", valid=True, title=None):
    return f"""\
---
title: {title or unit + month + kind}
unit: {unit}
month: {month}
kind: {kind}
date: {month}-{day}
summary: {unit}的简报摘要
{"valid: false" if not valid else ""}
---
正文
"""


def project_with(tmp_path, files):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    project = read_project(tmp_path, date(2024, 6, 30))
    assert project.problems == []
    return project


def fixture(tmp_path):
    return project_with(tmp_path, {
        "huimin.yml": "public_by_kind: {问题调研类: true}\n",  # every item on the site (tests/site/test_public.py: not)
        "content/submissions/2022-12/a.md": sub("袁州区", "2022-12"),
        "content/submissions/2023-04/a.md": sub("袁州区", "2023-04", day="28"),
        "content/submissions/2023-05/a.md": sub("袁州区", "2023-05"),
        "content/submissions/2023-05/b.md": sub("袁州区", "2023-05", "问题调研类", day="20"),
        "content/submissions/2023-05/c.md": sub("樟树市", "2023-05", "问题调研类", day="12"),
        "content/submissions/2023-05/d.md": sub("樟树市", "2023-05", valid=False, day="13"),
        "content/submissions/2023-05/e.md": sub("宜阳新区", "2023-05", day="14"),
        "content/experience/x.md": """\
---
title: 铜鼓县“点长制”
unit: 铜鼓县
date: 2023-06-30
summary: 摘要
measures: [7, 19]
recognitions:
  - {level: 国家级, what: 交流发言, date: 2023-07-12}
  - {level: 省主流媒体, what: 报道, date: 2023-08-01}
  - {level: 中央主流媒体, what: 报道, date: 2023-08-02}
  - {level: 省主流媒体, what: 报道, date: 2024-01-05}
---
正文
""",
    })


def test_issue_numbers_count_per_year_and_groups(tmp_path):
    project = fixture(tmp_path)
    issues = compilations(project.submissions, project.settings)
    assert [(c.month, c.issue) for c in issues] == [("2022-12", 1), ("2023-04", 1), ("2023-05", 2)]
    may = issues[-1]
    assert may.date == date(2023, 5, 20)
    assert list(may.groups) == ["经验成效类", "问题调研类"]
    assert {u: [s.src_uri for s in items] for u, items in may.groups["经验成效类"].items()} == {
        "袁州区": ["submissions/2023-05/a.md"], "宜阳新区": ["submissions/2023-05/e.md"],
    }
    assert list(may.groups["问题调研类"]) == ["袁州区", "樟树市"]
    assert [s.src_uri for s in may.excluded] == ["submissions/2023-05/d.md"]


def test_compilation_page_content(tmp_path):
    project = fixture(tmp_path)
    pages = {p.src_uri: p.text for p in compilation_pages(project.submissions, project.settings, brief_links=True)}
    page = pages["compilations/2023-05/index.md"]
    assert "# 每月汇编 · 2023年第2期" in page
    assert "[下载打印版简报](brief.pdf)" in page
    assert page.index("## 经验成效类") < page.index("### 袁州区") < page.index("## 问题调研类")
    assert "- **[樟树市2023-05问题调研类](../../submissions/2023-05/c.md)**（2023-05-12）" in page
    assert "| 樟树市 | 1 | 0 | 1 | 1 | **差 1 篇** |" in page
    assert "| 袁州区 | 2 | 1 | 1 | 0 | 已完成 |" in page
    assert "| 宜阳新区 | 1 | 1 | 0 | 0 | 不设任务数 |" in page
    assert "经审核不计为有效信息：樟树市《樟树市2023-05经验成效类》。" in page
    assert "[2023年第2期](2023-05/index.md)" in pages["compilations/index.md"]


def _check_atom(xml: bytes) -> ET.Element:
    """RFC 4287 essentials: feed id/title/updated/author, entries with id/title/updated/link."""
    root = ET.fromstring(xml)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    assert root.find(f"{ATOM}author/{ATOM}name").text
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    ids = set()
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert entry.find(f"{ATOM}updated").text.endswith("Z")
        ids.add(entry.find(f"{ATOM}id").text)
    assert len(ids) == len(root.findall(f"{ATOM}entry"))
    return root


def test_feeds_are_atom(tmp_path):
    project = fixture(tmp_path)
    issues = compilations(project.submissions, project.settings)
    root = _check_atom(compilation_feed(issues, project.settings))
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries][0] == "2023年第2期（2023-05）每月汇编"
    assert entries[0].find(f"{ATOM}link").get("href") == "2023-05/"
    assert root.find(f"{ATOM}updated").text == "2023-05-20T04:00:00Z"
    subs = _check_atom(submissions_feed(project.submissions, project.settings))
    assert len(subs.findall(f"{ATOM}entry")) == 6  # the item judged not 有效 is left out
    with_url = project.settings.model_copy(update={"site_url": "https://xczx.example.gov.cn/"})
    root = _check_atom(compilation_feed(issues, with_url))
    assert root.find(f"{ATOM}entry/{ATOM}link").get("href") == "https://xczx.example.gov.cn/compilations/2023-05/"


def test_leaderboard_exact_points_per_year(tmp_path):
    project = fixture(tmp_path)
    board = {r.unit: r for r in leaderboard(2023, project.experiences, project.submissions, project.settings)}
    tonggu = board["铜鼓县"]
    assert tonggu.total == Decimal("2.3")
    assert str(tonggu.total) == "2.3"
    assert tonggu.by_level["省主流媒体"] == Decimal("0.1")
    assert board["袁州区"].submissions == 3  # the 2022-12 item counts for 2022
    assert leaderboard(2023, project.experiences, project.submissions, project.settings)[0].unit == "铜鼓县"
    board24 = {r.unit: r for r in leaderboard(2024, project.experiences, project.submissions, project.settings)}
    assert board24["铜鼓县"].total == Decimal("0.1")
    assert cases_by_measure(project.experiences) == {
        7: [("铜鼓县“点长制”", "experience/x.md")], 19: [("铜鼓县“点长制”", "experience/x.md")],
    }


def test_brief_pdf_reads_back(tmp_path):
    import shutil
    import subprocess

    import pytest

    pytest.importorskip("typst")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext missing")
    from huimin.print.brief import write_brief

    project = fixture(tmp_path)
    may = compilations(project.submissions, project.settings)[-1]
    out = tmp_path / "brief.pdf"
    result = write_brief(may, project.settings, out, project.root)
    assert result.pages >= 2
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    assert "宜春声音" in flat and "2023年第2期（2023-05）" in flat and "2023年5月20日" in flat
    assert "目录" in flat and "简报摘要" in flat and "全文" in flat
    assert "【袁州区】袁州区2023-05经验成效类" in flat
    assert "【问题调研类】樟树市2023-05问题调研类" in flat
    assert "樟树市的简报摘要" in flat and "正文" in flat
    assert "樟树市2023-05经验成效类" not in flat  # judged not 有效: not compiled


def test_leaderboard_page_puts_the_total_next_to_the_unit(tmp_path):
    """On a phone the table scrolls sideways: 合计 must be in view without scrolling."""
    from huimin.site.experience_pages import experience_pages

    project = fixture(tmp_path)
    index = next(p for p in experience_pages(project.experiences, project.submissions, project.settings)
                 if p.src_uri == "experience/index.md")
    rows = [line for line in index.text.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| 名次 | 单位 | 合计 | 国家级 |")
    assert rows[2].startswith("| 1 | 铜鼓县 | **0.1** | 0 |")  # 2024 first, then 2023
    assert any(r.startswith("| 1 | 铜鼓县 | **2.3** |") for r in rows)
