"""Mistakes that pass the schema but change results: untouched ``huimin new`` skeletons,
the same submission sent twice, dates outside their month or after the as-of day."""

from __future__ import annotations

from datetime import date

from huimin.cli import main
from huimin.model.settings import Settings
from huimin.read.duplicates import BODY_SIMILARITY, body_similarity, normalized
from huimin.read.project import read_project
from huimin.site.experience_pages import experience_pages
from huimin.skeleton import new_experience, new_submission
from tests.conftest import REPO, write_tree

AS_OF = date(2026, 12, 1)
BODY = (REPO / "content/submissions/2026-10/wan-zai-xian-diao-du-hui.md").read_text(encoding="utf-8").split("---\n", 2)[2]


def sub(title="万载县调度会推动问题整改", unit="万载县", month="2026-10", day="2026-10-20", body=BODY):
    return f"---\ntitle: {title}\nunit: {unit}\nmonth: {month}\nkind: 经验成效类\ndate: {day}\nsummary: 摘要\n---\n{body}"


def problems(root, as_of=AS_OF):
    return [str(p) for p in read_project(root, as_of).problems]


def test_untouched_submission_skeleton_is_refused_at_each_placeholder(tmp_path):
    path = new_submission(tmp_path, Settings(), "袁州区", "经验成效类", "2026-11", date(2026, 11, 18))
    shown = path.relative_to(tmp_path).as_posix()
    assert problems(tmp_path) == [
        f"{shown}:2:8: title（标题）: 还是 huimin new 模板中的示例文字“（请填写标题）”：请写上标题",
        f"{shown}:7:10: summary（简报摘要）: 还是 huimin new 模板中的示例文字“请用一到两句话概括（不超过 200 个字）……”：请用一到两句话写出摘要",
        f"{shown}:12:1: 正文: 还是 huimin new 模板中的示例文字“（正文，Markdown 格式）”：请写上正文",
    ]
    # title and summary filled in, the body left as it came: only the body is reported
    text = path.read_text(encoding="utf-8").replace("（请填写标题）", "推进网格化排查")
    path.write_text(text.replace("请用一到两句话概括（不超过 200 个字），用于简报摘要。", "网格员每月走访。"), encoding="utf-8")
    assert problems(tmp_path) == [f"{shown}:12:1: 正文: 还是 huimin new 模板中的示例文字“（正文，Markdown 格式）”：请写上正文"]
    path.write_text(path.read_text(encoding="utf-8").replace("（正文，Markdown 格式）\n", ""), encoding="utf-8")
    assert problems(tmp_path) == [f"{shown}:10:1: 正文: 只有 huimin new 模板中的小标题（主要做法、取得成效），没有内容：请写上正文"]
    path.write_text(path.read_text(encoding="utf-8") + "全县划分网格 120 个。\n", encoding="utf-8")
    assert problems(tmp_path) == []


def test_untouched_experience_skeleton_is_refused(tmp_path):
    path = new_experience(tmp_path, Settings(), "铜鼓县", date(2026, 6, 30))
    shown = path.relative_to(tmp_path).as_posix()
    assert problems(tmp_path) == [
        f"{shown}:2:8: title（标题）: 还是 huimin new 模板中的示例文字“（请填写标题）”：请写上标题",
        f"{shown}:5:10: summary（摘要）: 还是 huimin new 模板中的示例文字“请用一到两句话概括（不超过 200 个字）……”：请用一到两句话写出摘要",
        f"{shown}:13:1: 正文: 只有 huimin new 模板中的小标题（背景、做法、成效），没有内容：请写上正文",
    ]


def test_skeleton_of_an_earlier_month_is_dated_within_it(tmp_path):
    path = new_submission(tmp_path, Settings(), "袁州区", "经验成效类", "2026-10", date(2026, 12, 1))
    assert "date: 2026-10-31\n" in path.read_text(encoding="utf-8")


def test_compile_reports_skeletons_instead_of_counting_them(tmp_path, monkeypatch, capsys):
    root = write_tree(tmp_path, {"mkdocs.yml": "site_name: x\ndocs_dir: content\n"})
    for _ in range(3):
        new_submission(root, Settings(), "袁州区", "经验成效类", "2026-11", date(2026, 11, 18))
    monkeypatch.chdir(root)
    assert main(["compile", "2026-11"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "已完成" not in err
    assert err.count("还是 huimin new 模板中的示例文字“（请填写标题）”") == 3
    assert err.endswith("共 9 个问题，请逐一修改后再试。\n")


def test_same_title_in_the_same_unit_and_month_names_both_files(tmp_path):
    root = write_tree(tmp_path, {
        "content/submissions/2026-10/a.md": sub(),
        "content/submissions/2026-10/b.md": sub(body="另写的一篇正文，与第一篇完全不同。\n"),
        "content/submissions/2026-09/c.md": sub(month="2026-09", day="2026-09-20"),  # another month: not a copy
        "content/submissions/2026-10/d.md": sub(unit="袁州区"),  # another unit: not a copy
        "content/submissions/2026-10/e.md": sub().replace("summary:", "valid: false\nsummary:"),  # does not count
    })
    assert problems(root) == [
        "content/submissions/2026-10/b.md:2:8: title（标题）: 与 content/submissions/2026-10/a.md 重复："
        "同一单位（万载县）、同一月份（2026-10），标题相同；同一篇信息只算一次，请删去其中一个文件，或在其中一个写 valid: false（列出但不计数）；确是两篇不同的信息时，请改写标题和正文",
    ]


def test_nearly_the_same_body_under_another_title_is_a_duplicate(tmp_path):
    resent = BODY.replace("。", "！", 3) + "\n\n（修改稿）\n"
    assert BODY_SIMILARITY <= body_similarity(normalized(BODY), normalized(resent)) < 1
    root = write_tree(tmp_path, {
        "content/submissions/2026-10/a.md": sub(),
        "content/submissions/2026-10/b.md": sub(title="万载县调度会推动整改（修改稿）", body=resent),
    })
    ratio = int(body_similarity(normalized(BODY), normalized(resent)) * 100)
    assert problems(root) == [
        f"content/submissions/2026-10/b.md:9:1: 正文: 与 content/submissions/2026-10/a.md 重复：同一单位（万载县）、同一月份（2026-10），"
        f"正文几乎相同（相似度 {ratio}%，达到 85% 即视为同一篇）；同一篇信息只算一次，请删去其中一个文件，或在其中一个写 valid: false（列出但不计数）；确是两篇不同的信息时，请改写标题和正文",
    ]


def test_a_repeat_is_found_again_after_a_line_moved_and_gone_once_the_body_changed(tmp_path):
    """huimin serve reads the project after every save and keeps each unit-month's comparison:
    what it keeps never hides a change (the line of a repeat is located afresh)."""
    resent = BODY + "\n（修改稿）\n"
    root = write_tree(tmp_path, {
        "content/submissions/2026-10/a.md": sub(),
        "content/submissions/2026-10/b.md": sub(title="万载县调度会推动整改（修改稿）", body=resent),
    })
    first = problems(root)
    assert len(first) == 1 and first[0].startswith("content/submissions/2026-10/b.md:9:1: 正文: 与 ")
    b = root / "content/submissions/2026-10/b.md"
    b.write_text(b.read_text(encoding="utf-8").replace("---\n", "---\n# 注释\n", 1), encoding="utf-8")
    assert [p.replace(":10:1:", ":9:1:", 1) for p in problems(root)] == first and problems(root)[0].startswith(
        "content/submissions/2026-10/b.md:10:1:")
    b.write_text(sub(title="万载县调度会推动整改（修改稿）", body="另写的一篇正文，与第一篇完全不同。\n"), encoding="utf-8")
    assert problems(root) == []


def test_different_sample_items_are_far_below_the_threshold():
    project = read_project(REPO, AS_OF)
    assert project.problems == []
    bodies = [normalized(s.body) for s in project.submissions]
    worst = max(body_similarity(a, b) for i, a in enumerate(bodies) for b in bodies[:i])
    assert worst < BODY_SIMILARITY


def test_dates_outside_the_month_and_after_the_as_of_day(tmp_path):
    root = write_tree(tmp_path, {
        "content/submissions/2026-11/a.md": sub(title="甲", month="2026-11", day="2027-03-05"),
        "content/submissions/2026-11/b.md": sub(title="乙", month="2026-11", day="2026-10-31", body="正文\n"),
        "content/experience/e.md": """\
            ---
            title: 铜鼓县“点长制”
            unit: 铜鼓县
            date: 2026-06-30
            summary: 摘要
            recognitions:
              - {level: 国家级, what: 交流发言, date: 2026-07-12}
              - level: 省级
                what: 行文推广
                date: 2027-11-02
            ---
            正文
            """,
    })
    assert problems(root) == [
        "content/experience/e.md:10:11: recognitions.date（日期）: 认可日期 2027-11-02 晚于统计日期 2026-12-01：不能是将来的日期，请检查年份（积分按认可日期的年份计入积分榜）",
        "content/submissions/2026-11/a.md:6:7: date（收稿日期）: 收稿日期 2027-03-05 不在所属月份 2026-11 内：文件夹表示计入哪个月，收稿日期应在 2026-11-01 至 2026-11-30 之间（是否写错了年份或月份？）",
        "content/submissions/2026-11/b.md:6:7: date（收稿日期）: 收稿日期 2026-10-31 不在所属月份 2026-11 内：文件夹表示计入哪个月，收稿日期应在 2026-11-01 至 2026-11-30 之间（是否写错了年份或月份？）",
    ]
    assert problems(root, date(2026, 11, 20))[0] == (
        "content/experience/e.md:10:11: recognitions.date（日期）: 认可日期 2027-11-02 晚于统计日期 2026-11-20：不能是将来的日期，请检查年份（积分按认可日期的年份计入积分榜）")
    late = write_tree(tmp_path / "late", {"content/submissions/2026-11/c.md": sub(month="2026-11", day="2026-11-25")})
    assert problems(late, date(2026, 11, 20)) == [
        "content/submissions/2026-11/c.md:6:7: date（收稿日期）: 收稿日期 2026-11-25 晚于统计日期 2026-11-20：不能是将来的日期，请检查年份和月份",
    ]
    assert problems(late, date(2026, 11, 25)) == []


def test_leaderboard_shows_no_year_after_the_as_of_year(tmp_path):
    root = write_tree(tmp_path, {"content/experience/e.md": """\
        ---
        title: 铜鼓县“点长制”
        unit: 铜鼓县
        date: 2026-06-30
        summary: 摘要
        recognitions:
          - {level: 国家级, what: 交流发言, date: 2026-07-12}
          - {level: 省级, what: 行文推广, date: 2027-11-02}
        ---
        正文
        """})
    project = read_project(root, date(2027, 12, 1))
    assert project.problems == []
    index = experience_pages(project.experiences, [], project.settings, as_of=date(2026, 12, 1))[0].text
    assert "## 2026 年积分榜" in index and "2027" not in index
    index = experience_pages(project.experiences, [], project.settings, as_of=date(2027, 12, 1))[0].text
    assert "## 2027 年积分榜" in index


def test_compile_reports_a_duplicate_instead_of_counting_it(tmp_path, monkeypatch, capsys):
    root = write_tree(tmp_path, {
        "mkdocs.yml": "site_name: x\ndocs_dir: content\n",
        "content/submissions/2026-10/a.md": sub(),
        "content/submissions/2026-10/b.md": sub(),  # the same file sent twice: 万载县 would have its 2
    })
    monkeypatch.chdir(root)
    assert main(["compile", "2026-10"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("content/submissions/2026-10/b.md:2:8: title（标题）: 与 content/submissions/2026-10/a.md 重复")


def test_normalizing_ignores_width_spacing_punctuation_and_markdown():
    assert normalized("Ａｂ，c_d  一、**粗体** [链接](x) ①") == "abcd一粗体链接x1"
