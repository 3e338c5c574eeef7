"""Mistakes in submissions and "宜春经验" that pass the schema but change results.

An untouched ``huimin new`` skeleton, a receipt date outside its folder's month, and
(once the as-of day is known) dates after that day. Each is a located problem: the
item is then not counted, not compiled, not published.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from huimin.model.errors import Problem
from huimin.read.yamlio import locate_value

# What ``huimin new`` writes for the editor to replace (huimin/skeleton.py uses these).
TITLE_PLACEHOLDER = "（请填写标题）"
SUMMARY_PLACEHOLDER = "请用一到两句话概括（不超过 200 个字）"
BODY_PLACEHOLDER = "（正文，Markdown 格式）"
SUBMISSION_HEADINGS = ("主要做法", "取得成效")
EXPERIENCE_HEADINGS = ("背景", "做法", "成效")
_SKELETON = "huimin new 模板中的示例文字"


def body_line(doc) -> int:
    """The file line of the body's first line (after the closing ``---``)."""
    return doc.offset + doc.yaml_text.count("\n") + 2


def _at(doc, key: tuple) -> tuple[int, int]:
    line, col = locate_value(doc.located(), key)
    return line + doc.offset, col


def _in_body(doc, index: int) -> tuple[int, int]:
    before = doc.body[:index]
    return body_line(doc) + before.count("\n"), index - (before.rfind("\n") + 1) + 1


def placeholder_problems(doc, meta, shown: str, headings: tuple[str, ...]) -> list[Problem]:
    """The skeleton's text still in place: title, summary, body (each at its file:line:column)."""
    found = []
    if TITLE_PLACEHOLDER in meta.title:
        found.append(Problem(shown, *_at(doc, ("title",)), _label(meta, "title"),
                             f"还是 {_SKELETON}“{TITLE_PLACEHOLDER}”：请写上标题"))
    if SUMMARY_PLACEHOLDER in meta.summary:
        found.append(Problem(shown, *_at(doc, ("summary",)), _label(meta, "summary"),
                             f"还是 {_SKELETON}“{SUMMARY_PLACEHOLDER}……”：请用一到两句话写出摘要"))
    at = doc.body.find(BODY_PLACEHOLDER)
    if at >= 0:
        found.append(Problem(shown, *_in_body(doc, at), "正文",
                             f"还是 {_SKELETON}“{BODY_PLACEHOLDER}”：请写上正文"))
    elif _only_headings(doc.body, headings):
        found.append(Problem(shown, body_line(doc), 1, "正文",
                             f"只有 huimin new 模板中的小标题（{'、'.join(headings)}），没有内容：请写上正文"))
    return found


def _only_headings(body: str, headings: tuple[str, ...]) -> bool:
    """The body is nothing but (some of) the skeleton's headings."""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    return bool(lines) and all(line.lstrip("#").strip() in headings and line.startswith("#") for line in lines)


def _label(meta, name: str) -> str:
    title = type(meta).model_fields[name].title
    return f"{name}（{title}）"


def month_problem(doc, meta, shown: str, month: str) -> Problem | None:
    """A receipt date outside ``month``, the month (folder) the submission counts for."""
    if meta.date.strftime("%Y-%m") == month:
        return None
    first, last = _month_bounds(month)
    return Problem(shown, *_at(doc, ("date",)), _label(meta, "date"),
                   f"收稿日期 {meta.date.isoformat()} 不在所属月份 {month} 内：文件夹表示计入哪个月，"
                   f"收稿日期应在 {first} 至 {last} 之间（是否写错了年份或月份？）")


def _month_bounds(month: str) -> tuple[str, str]:
    year, mon = int(month[:4]), int(month[5:])
    nxt = date(year + mon // 12, mon % 12 + 1, 1)
    return f"{month}-01", date.fromordinal(nxt.toordinal() - 1).isoformat()


def late_problems(root: Path, submissions: list, experiences: list, as_of: date) -> list[Problem]:
    """Dates after the as-of day: a submission's receipt, a write-up's date, a recognition.

    Found on the models; located by reading the (few) files concerned again."""
    found = []
    day = as_of.isoformat()
    for s in submissions:
        if s.meta.date > as_of:
            found.append(_late(root, s.path, ("date",), "date（收稿日期）",
                               f"收稿日期 {s.meta.date.isoformat()} 晚于统计日期 {day}：不能是将来的日期，请检查年份和月份"))
    for e in experiences:
        if e.meta.date > as_of:
            found.append(_late(root, e.path, ("date",), "date（日期）",
                               f"日期 {e.meta.date.isoformat()} 晚于统计日期 {day}：不能是将来的日期，请检查年份和月份"))
        for n, r in enumerate(e.meta.recognitions):
            if r.date > as_of:
                found.append(_late(
                    root, e.path, ("recognitions", n, "date"), "recognitions.date（日期）",
                    f"认可日期 {r.date.isoformat()} 晚于统计日期 {day}：不能是将来的日期，请检查年份"
                    f"（积分按认可日期的年份计入积分榜）"))
    return found


def _late(root: Path, shown: str, key: tuple, label: str, message: str) -> Problem:
    line, col = locate_in_file(root / shown, shown, key)
    return Problem(shown, line, col, label, message)


def locate_in_file(path: Path, shown: str, key: tuple) -> tuple[int, int]:
    """(line, column) of a front matter value, reading the file again; (0, 0) if it cannot be."""
    from huimin.read.frontmatter import read_markdown

    doc, problems = read_markdown(path, shown)
    if doc is None or problems:
        return 0, 0
    return _at(doc, key)
